"""Hostile, broken and huge input: documented errors only, nothing lost, every input accounted for."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictnews import cleaning
from conflictnews.loading import load_articles_and_rejected

# A hang guard, not a speed target: no single input may take this long.
HANG_GUARD = timedelta(seconds=20)
SUFFIXES = [".txt", ".jsonl", ".csv", ".html", ".tsv"]




@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
@settings(max_examples=150, deadline=HANG_GUARD, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_load_or_reject(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    articles, rejected = load_articles_and_rejected([path])
    assert len(articles) + len(rejected) >= 1 or not data.strip()
    assert set(rejected.columns) == {"source", "reason"}
    assert rejected["reason"].map(lambda r: isinstance(r, str) and r != "").all()


@given(st.text(max_size=3000))
@settings(max_examples=200, deadline=HANG_GUARD)
def test_any_text_cleans(text):
    cleaned, _, _ = cleaning.clean_body(text, title=text[:40])
    assert isinstance(cleaned.text, str)
    cleaning.find_implausible_dates(text)
    cleaning.parse_date(text[:60])
    cleaning.detect_language(text)


@given(st.lists(st.one_of(
    st.fixed_dictionaries({"text": st.text(min_size=1, max_size=300)}, optional={"title": st.text(max_size=50),
                          "published": st.text(max_size=30), "id": st.text(max_size=10)}),
    st.text(max_size=50),
), max_size=12))
@settings(max_examples=60, deadline=HANG_GUARD, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_jsonl_accounting(tmp_path, records):
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps(r) if isinstance(r, dict) else r.replace("\n", " ").replace("\r", " ") for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, rejected = load_articles_and_rejected([path])
    non_blank = sum(1 for line in path.read_bytes().splitlines() if line.strip())
    if b"\x00" in path.read_bytes():  # NUL bytes: the whole file is rejected as binary, one input
        assert articles.empty and rejected["reason"].tolist() == ["binary file, not text"]
    elif non_blank:
        assert len(articles) + len(rejected) == non_blank
    else:  # a file with nothing in it is one input, rejected as empty
        assert articles.empty and rejected["reason"].tolist() == ["empty file"]
    assert articles["article_id"].is_unique


def test_huge_article_is_capped_and_flagged(tmp_path):
    path = tmp_path / "huge.txt"
    paragraph = "Government forces shelled the town of Douma on Monday, the monitor said. " * 40
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("Huge report\n\n")
        while handle.tell() < 20 * 1024 * 1024:
            handle.write(paragraph + "\n\n")
    articles, rejected = load_articles_and_rejected([path])
    assert len(articles) == 1 and rejected.empty
    assert "truncated" in articles.iloc[0]["flags"]
    assert len(articles.iloc[0]["text"]) <= cleaning.MAX_FIELD_CHARS


def test_many_lines_jsonl(tmp_path):
    path = tmp_path / "many.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(200_000):
            handle.write(json.dumps({"id": f"a{i}", "text": f"Report {i}: shelling in Idlib killed {i % 50} people."}) + "\n")
    articles, rejected = load_articles_and_rejected([path])
    assert len(articles) == 200_000 and rejected.empty


def test_csv_with_a_one_megabyte_field(tmp_path):
    path = tmp_path / "big.csv"
    big = "Shelling continued in eastern Ghouta. " * 28_000
    pd.DataFrame({"title": ["big", "small"], "text": [big, "A car bomb killed four people in Damascus."]}).to_csv(path, index=False)
    articles, rejected = load_articles_and_rejected([path])
    assert len(articles) == 2 and rejected.empty
    assert len(big) > 1_000_000 and "truncated" in articles.iloc[0]["flags"]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "conflictnews", *args], capture_output=True, text=True,
                          timeout=900, env={**os.environ, **(env or {})})


def test_model_not_installed_is_one_line(tmp_path, seed_path):
    result = run_cli("extract", str(seed_path), "--out", str(tmp_path / "o"), "--no-cache",
                     env={"CONFLICTNEWS_SPACY_MODEL": "no_such_model_xyz"})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "CONFLICTNEWS_SPACY_MODEL" in result.stderr and result.stderr.strip().count("\n") == 0


def test_broken_symlink_is_a_clear_error(tmp_path):
    link = tmp_path / "gone.csv"
    link.symlink_to(tmp_path / "missing-target.csv")
    result = run_cli("extract", str(link), "--out", str(tmp_path / "o"), "--articles-only")
    assert result.returncode != 0 and "input not found" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("delay", [1.5, 4.0])
def test_interrupted_extract_then_rerun_gives_identical_output(tmp_path, seed_path, fakes_path, delay):
    sample = tmp_path / "sample.csv"
    pd.read_csv(fakes_path, encoding="cp1252").head(25).to_csv(sample, index=False)
    inputs = [str(seed_path), str(sample)]
    cache = tmp_path / "cache"
    reference = tmp_path / "reference"
    assert run_cli("extract", *inputs, "--out", str(reference), "--no-cache").returncode == 0
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "conflictnews", "extract", *inputs, "--out", str(out),
                             "--cache-dir", str(cache)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    result = run_cli("extract", *inputs, "--out", str(out), "--cache-dir", str(cache))
    assert result.returncode == 0, result.stderr
    for name in ("articles", "rejected", "entities", "claims", "casualties", "incidents"):
        assert (out / f"{name}.csv").read_bytes() == (reference / f"{name}.csv").read_bytes(), name
    assert not list(out.glob("*.tmp")) and not list(cache.rglob("*.tmp"))


def tiny_notebooks(folder) -> None:
    """Two quick numbered notebooks with a parameters cell, a table and a chart."""
    import nbformat

    folder.mkdir()
    for number, name in ((1, "01-count-articles"), (2, "02-chart-outlets")):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        params = nbformat.v4.new_code_cell("CORPUS = []")
        params.metadata["tags"] = ["parameters"]
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# {name}"), params,
            nbformat.v4.new_code_cell(
                "import altair as alt\nfrom conflictnews import charts\nfrom conflictnews.loading import load_articles\n"
                "charts.enable()\narticles = load_articles(CORPUS)\nprint(len(articles))"),
            nbformat.v4.new_code_cell(
                "alt.Chart(articles.groupby('outlet').size().reset_index(name='n')).mark_bar().encode(x='n', y='outlet')"
                if number == 2 else "articles[['article_id', 'outlet', 'title']]"),
        ]
        nbformat.write(nb, folder / f"{name}.ipynb")


def test_interrupted_run_then_rerun_gives_identical_reports(tmp_path, seed_path):
    notebooks = tmp_path / "notebooks"
    tiny_notebooks(notebooks)
    args = ["run", "--corpus", str(seed_path), "--notebooks", str(notebooks)]
    reference = tmp_path / "reference"
    assert run_cli(*args, "--out", str(reference)).returncode == 0
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "conflictnews", *args, "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    result = run_cli(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "[2/2] executing 02-chart-outlets.ipynb" in result.stderr and "1 inputs: 1 articles" in result.stderr
    pages = sorted(p.name for p in reference.glob("*.html"))
    assert pages == ["01-count-articles.html", "02-chart-outlets.html", "index.html"]
    for name in pages[:2]:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    assert not list(out.glob(".*.tmp"))
