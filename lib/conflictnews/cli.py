"""Command line: `conflictnews extract INPUT... --out DIR` and `conflictnews run`."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

import pandas as pd

from .files import atomic_open, remove_abandoned_temps
from .pipeline import ARTICLE_TABLES as STREAMED_TABLES
from .schema import CLAIM_COLUMNS

CHUNK_ARTICLES = 500  # articles whose rows are written to the CSV tables at a time


def csv_ready(table: pd.DataFrame) -> pd.DataFrame:
    """Return a table with list cells joined with ';' (CSV has no lists)."""
    out = table.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, list)).any():
            out[column] = out[column].map(lambda v: ";".join(map(str, v)) if isinstance(v, list) else v)
    return out


def write_table(table: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 CSV, list cells joined with ';', atomically (temp file, then rename)."""
    with atomic_open(path, "w") as handle:
        csv_ready(table).to_csv(handle, index=False)


def stream_tables(articles: pd.DataFrame, out: Path, chunk_articles: int = CHUNK_ARTICLES, handles: dict | None = None,
                  **options) -> tuple[dict[str, int], dict[str, object]]:
    """Write entities, claims, casualties and incidents CSVs into `out` as the articles' rows arrive (in input order,
    `chunk_articles` at a time, each file atomic); return the row counts and what the cross-article stage reads:
    `claims` (a table), `places` ({article_id: the place its body names most often}) and `sites` ({article_id: its
    local places}). Memory holds those,
    not every row of every table. Given `handles` (open text files by table name), it writes into them instead."""
    from .events import local_places_from_entities, places_from_entities
    from .pipeline import iter_extracted

    counts = dict.fromkeys(STREAMED_TABLES, 0)
    claim_frames: list[pd.DataFrame] = []
    places: dict[str, str] = {}
    sites: dict[str, list[str]] = {}
    pending: dict[str, list[dict]] = {name: [] for name in STREAMED_TABLES}
    with ExitStack() as stack:
        if handles is None:
            handles = {name: stack.enter_context(atomic_open(out / f"{name}.csv")) for name in STREAMED_TABLES}

        def flush(header: bool) -> None:
            for name, columns in STREAMED_TABLES.items():
                frame = pd.DataFrame(pending[name], columns=columns)
                csv_ready(frame).to_csv(handles[name], index=False, header=header)
                counts[name] += len(frame)
                pending[name] = []
                if name == "claims" and len(frame):
                    claim_frames.append(frame)
                elif name == "entities":
                    places.update(places_from_entities(frame))  # per article: chunks hold whole articles
                    sites.update(local_places_from_entities(frame))

        written = 0
        for n, rows in enumerate(iter_extracted(articles, **options), start=1):
            for name in STREAMED_TABLES:
                pending[name] += rows[name]
            if n % chunk_articles == 0:
                flush(header=written == 0)
                written = n
        flush(header=written == 0)
    claims = pd.concat(claim_frames, ignore_index=True) if claim_frames else pd.DataFrame(columns=CLAIM_COLUMNS)
    return counts, {"claims": claims, "places": places, "sites": sites}


def output_dir(value: str) -> Path:
    """Return the output folder, created; reject a path that is a file."""
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise SystemExit(f"conflictnews: error: --out {value} is a file; give a folder")
    path.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temps(path)  # half-written tables of a killed earlier run
    return path


def positive_int(value: str) -> int:
    """Return a positive integer option value, else raise an argparse error."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def compare_tables(articles: pd.DataFrame, tables: dict) -> dict[str, pd.DataFrame]:
    """Return the cross-article tables: event groups and the claim comparison inside them (from the `claims` table
    and either the `entities` table or `places` and `sites`, each article's most-named place and local places)."""
    from .claims import compare_claims
    from .events import group_events

    events = group_events(articles, tables.get("entities"), places=tables.get("places"), sites=tables.get("sites"))
    return {"events": events, "claim_comparison": compare_claims(tables["claims"], articles, events)}


def cmd_extract(args: argparse.Namespace) -> int:
    """Load, clean and extract the tables from the inputs into --out."""
    from .loading import load_articles_and_rejected
    from .pipeline import cached_tables, corpus_key

    if args.scheduler and args.engine != "dask":
        raise SystemExit("conflictnews: error: --scheduler needs --engine dask")
    out = output_dir(args.out)
    articles, rejected = load_articles_and_rejected(args.inputs, progress=sys.stderr.isatty())
    counts = {"articles": len(articles), "rejected": len(rejected)}
    names = [*counts, *([] if args.articles_only else [*STREAMED_TABLES, "events", "claim_comparison"])]
    with ExitStack() as stack:  # every table is renamed into place only when all are written: no mixed folder
        handles = {name: stack.enter_context(atomic_open(out / f"{name}.csv")) for name in names}
        csv_ready(articles).to_csv(handles["articles"], index=False)
        csv_ready(rejected).to_csv(handles["rejected"], index=False)
        if not args.articles_only:
            streamed, kept = stream_tables(articles, out, handles=handles, progress=sys.stderr.isatty(),
                                           cache_dir=args.cache_dir, use_cache=not args.no_cache, engine=args.engine,
                                           n_process=args.n_process, scheduler=args.scheduler,
                                           batch_size=args.batch_size)
            counts.update(streamed)
            cross = cached_tables(corpus_key(articles), lambda: compare_tables(articles, kept),
                                  cache_dir=args.cache_dir, use_cache=not args.no_cache)
            for name, table in cross.items():
                csv_ready(table).to_csv(handles[name], index=False)
                counts[name] = len(table)
    print(
        f"{len(articles) + len(rejected)} inputs: {len(articles)} articles, {len(rejected)} rejected; "
        + ", ".join(f"{name}.csv ({n} rows)" for name, n in counts.items()) + f" in {out}",
        file=sys.stderr,
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Execute the notebooks and write the HTML reports."""
    from .run import run_notebooks

    out = run_notebooks(corpus=args.corpus, out=args.out, notebooks=args.notebooks)
    print(f"reports written to {out}/index.html", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
    parser = argparse.ArgumentParser(prog="conflictnews", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="write articles.csv, rejected.csv and the extracted tables")
    extract.add_argument("inputs", nargs="+", help="files, folders or globs (.txt, .html, .jsonl, .csv)")
    extract.add_argument("--out", required=True, help="output folder")
    extract.add_argument("--articles-only", action="store_true", help="only load and clean (no spaCy)")
    extract.add_argument("--cache-dir", help="cache folder (default: $CONFLICTNEWS_CACHE, else ~/.cache/conflictnews)")
    extract.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    extract.add_argument("--engine", choices=["local", "dask"], default="local",
                         help="where uncached articles are parsed: this machine (default) or a Dask cluster")
    extract.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster")
    extract.add_argument("--n-process", type=positive_int, default=1, metavar="N",
                         help="worker processes (local engine), or workers of the local Dask cluster (default 1)")
    extract.add_argument("--batch-size", type=positive_int, default=None, metavar="N",
                         help="texts per spaCy nlp.pipe batch (default 32)")
    extract.set_defaults(func=cmd_extract)
    run = sub.add_parser("run", help="execute the notebooks headlessly and write HTML reports")
    run.add_argument("--corpus", nargs="+", help="corpus files, folders or globs (default: seed + FA-KES)")
    run.add_argument("--out", default="reports", help="report folder (default: reports)")
    run.add_argument("--notebooks", default="notebooks", help="folder of numbered notebooks")
    run.set_defaults(func=cmd_run)
    return parser


def expected_errors() -> tuple[type[BaseException], ...]:
    """Return the error types reported in one line (NotebookFailed only once `run` is imported: it loads Altair)."""
    from .engines import EngineError
    from .loading import InputError
    from .nlp import ModelNotFoundError

    run = sys.modules.get(f"{__package__}.run")
    notebook_failed = (run.NotebookFailed,) if run is not None else ()
    return (InputError, ModelNotFoundError, EngineError, *notebook_failed, FileNotFoundError, NotADirectoryError,
            PermissionError)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; expected errors print one line and exit non-zero, without a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except expected_errors() as err:
        print(f"conflictnews: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("conflictnews: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
