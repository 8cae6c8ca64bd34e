"""Run: execute the numbered notebooks headlessly (papermill) and write offline, self-contained HTML reports."""

from __future__ import annotations

import copy
import datetime as dt
import html
import os
import sys
from pathlib import Path

from . import __version__, charts
from .files import remove_abandoned_temps, write_text_atomic

DEFAULT_CORPUS = ["../seeds/000_ee0862778b20c500.txt", "../data/fakes/FA-KES-Dataset.csv"]


class NotebookFailed(RuntimeError):
    """A notebook raised: the message names the cell error and the partially executed notebook."""


def find_notebooks(folder: str | os.PathLike = "notebooks") -> list[Path]:
    """Return the numbered notebooks (NN-*.ipynb) in a folder, in order."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))


def embed_charts(nb):
    """Return a copy of a notebook whose Vega-Lite outputs are report placeholders (HTML, inert JSON)."""
    nb = copy.deepcopy(nb)
    number = 0
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"  # papermill gives its injected cell a random id: keep reports reproducible
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if charts.VEGALITE_MIME in data:
                number += 1
                spec = data.pop(charts.VEGALITE_MIME)
                data["text/html"] = charts.chart_placeholder(spec, number)
                data.pop("text/plain", None)
    nb.metadata["conflictnews_charts"] = number
    return nb


def notebook_to_html(nb) -> str:
    """Return a self-contained offline HTML page for an executed notebook."""
    from nbconvert import HTMLExporter

    with_charts = embed_charts(nb)
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(with_charts)
    return charts.make_offline(body, with_charts=with_charts.metadata["conflictnews_charts"] > 0)


def execute_notebook(path: Path, out_dir: Path, parameters: dict) -> Path:
    """Execute one notebook with papermill into out_dir/executed/; raise NotebookFailed with the cell error."""
    import papermill

    executed = out_dir / "executed" / path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(path), str(executed), parameters=parameters, cwd=str(path.parent),
            kernel_name="python3", progress_bar=False, log_output=False,
        )
    except papermill.PapermillExecutionError as err:
        raise NotebookFailed(
            f"{path.name} failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
            f"(partially executed notebook: {executed})"
        ) from None
    return executed


def write_atomic(path: Path, text: str) -> None:
    """Write a text file atomically: a temp file beside it, then rename (a killed run leaves no half page)."""
    write_text_atomic(path, text)


def write_index(out_dir: Path, reports: list[tuple[str, str]], summary: dict) -> Path:
    """Write reports/index.html linking every report, with the run summary."""
    rows = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>' for href, title in reports)
    facts = "\n".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in summary.items()
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>conflictnews reports</title>
<style>body{{font-family:Helvetica,Arial,sans-serif;max-width:50em;margin:2em auto}}th{{text-align:left;padding-right:1em}}</style>
</head><body><h1>conflictnews reports</h1><ol>{rows}</ol><h2>Run summary</h2><table>{facts}</table></body></html>
"""
    index = out_dir / "index.html"
    write_atomic(index, page)
    return index


def run_notebooks(corpus: list[str] | None = None, out: str | os.PathLike = "reports",
                  notebooks: str | os.PathLike = "notebooks", progress: bool = True) -> Path:
    """Execute every numbered notebook on a corpus and write one offline HTML report each plus index.html."""

    def say(message: str) -> None:
        if progress:
            print(message, file=sys.stderr, flush=True)

    import nbformat

    from .loading import load_articles_and_rejected
    from .nlp import load_actors, load_gazetteer, model_version

    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"--out {out_dir} is a file: give a folder for the reports")
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temps(out_dir)
    paths = find_notebooks(notebooks)
    if not paths:
        raise FileNotFoundError(f"no numbered notebooks (NN-*.ipynb) in {notebooks}")
    parameters = {"CORPUS": [str(Path(p).resolve()) for p in corpus]} if corpus else {}
    corpus_paths = corpus or [str(Path(notebooks) / p) for p in DEFAULT_CORPUS]
    articles, rejected = load_articles_and_rejected(corpus_paths)
    reports = []
    failure = None
    say(f"{len(articles) + len(rejected)} inputs: {len(articles)} articles, {len(rejected)} rejected")
    for number, path in enumerate(paths, start=1):
        say(f"[{number}/{len(paths)}] executing {path.name}")
        try:
            executed = execute_notebook(path, out_dir, parameters)
        except NotebookFailed as err:
            say(f"[{number}/{len(paths)}] failed: {err}")
            failure = failure or err
            continue
        page = out_dir / (path.stem + ".html")
        write_atomic(page, notebook_to_html(nbformat.read(executed, as_version=4)))
        reports.append((page.name, path.stem))
    summary = {
        "corpus": "; ".join(corpus_paths),
        "inputs": len(articles) + len(rejected),
        "articles": len(articles),
        "rejected": len(rejected),
        "conflictnews": __version__,
        "spaCy model": model_version(),
        "actor gazetteer": f"version {load_gazetteer().get('version', '?')} ({len(load_actors())} actors and classes)",
        "run date (UTC)": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
    }
    write_index(out_dir, reports, summary)
    if failure:
        raise failure
    return out_dir
