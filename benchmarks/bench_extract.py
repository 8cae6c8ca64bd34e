"""Benchmark: raw spaCy vs `conflictnews extract` (cold and warm cache), scaling, and a profile of cold extraction.

Run by `make bench` (not part of `make test`). Every phase runs in a fresh subprocess; the parent measures its wall
time and peak memory (ru_maxrss of the phase's main process from wait4, plus the peak of the summed RSS of the
whole process tree, sampled every 0.1 s, which counts worker processes too). Results go to benchmarks/RESULTS.md.

    python benchmarks/bench_extract.py                      # factors 1,4; profile on 100 articles
    python benchmarks/bench_extract.py --factors 1,4,16     # the long scaling run (~1 h on 2 cores)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [ROOT / "seeds" / "000_ee0862778b20c500.txt", ROOT / "data" / "fakes" / "FA-KES-Dataset.csv"]
TARGETS = {"cold": 1.25, "warm": 0.10, "memory_mb": 1536}


# -- phases (each runs in its own subprocess and prints one JSON line) -------------------------------------------

def load_corpus():
    """Return the cleaned articles of the default corpus (seed + FA-KES), as `conflictnews extract` loads them."""
    from conflictnews.loading import load_articles_and_rejected

    articles, _ = load_articles_and_rejected([str(p) for p in CORPUS])
    return articles


def field_texts(articles) -> list[str]:
    """Return every non-empty title and body, in the order the pipeline parses them."""
    return [v for a in articles.to_dict("records") for v in (a["title"], a["text"]) if isinstance(v, str) and v.strip()]


def phase_raw(args: argparse.Namespace) -> dict:
    """Load the corpus, load the plain spaCy model, run nlp.pipe over every title and body (Docs discarded)."""
    start = time.perf_counter()
    texts = field_texts(load_corpus())
    loaded = time.perf_counter()
    from conflictnews.engines import DEFAULT_BATCH_SIZE
    from conflictnews.nlp import load_model

    nlp = load_model()
    ready = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size or DEFAULT_BATCH_SIZE))
    done = time.perf_counter()
    return {"load_s": loaded - start, "model_s": ready - loaded, "pipe_s": done - ready, "tokens": tokens,
            "pipes": nlp.pipe_names}


def replicated(articles, factor: int):
    """Return the articles repeated `factor` times, each copy with distinct article ids."""
    import pandas as pd

    copies = []
    for k in range(factor):
        copy = articles.copy()
        if k:
            copy["article_id"] = copy["article_id"] + f"~x{k}"
        copies.append(copy)
    return pd.concat(copies, ignore_index=True)


def phase_scale(args: argparse.Namespace) -> dict:
    """Extract the corpus replicated `factor` times into an empty cache the way `conflictnews extract` does: tables
    streamed to CSV files in a temporary folder, then the cross-article tables (events, claim comparison)."""
    from conflictnews.cli import compare_tables, stream_tables, write_table

    start = time.perf_counter()
    articles = replicated(load_corpus(), args.factor)
    loaded = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        counts, kept = stream_tables(articles, Path(out), cache_dir=args.cache_dir, n_process=args.n_process,
                                     batch_size=args.batch_size)
        for name, table in compare_tables(articles, kept).items():
            write_table(table, Path(out) / f"{name}.csv")
            counts[name] = len(table)
    done = time.perf_counter()
    return {"articles": len(articles), "load_s": loaded - start, "extract_s": done - loaded, "rows": counts}


def phase_profile(args: argparse.Namespace) -> dict:
    """Profile cold extraction of the first N articles; also time the parse alone (plain model, our pipeline)."""
    import cProfile

    from conflictnews.nlp import get_nlp, load_model
    from conflictnews.pipeline import extract_tables

    articles = load_corpus().head(args.n).reset_index(drop=True)
    texts = field_texts(articles)
    plain, ours = load_model(), get_nlp()
    list(ours.pipe(texts[:4]))
    timings = {}
    for name, nlp in (("plain_pipe_s", plain), ("ruler_pipe_s", ours)):
        start = time.process_time()
        for _ in nlp.pipe(texts, batch_size=args.batch_size or 32):
            pass
        timings[name] = time.process_time() - start
    start = time.process_time()
    extract_tables(articles, use_cache=False, nlp=ours)
    timings["extract_s"] = time.process_time() - start
    profiler = cProfile.Profile()
    profiler.enable()
    extract_tables(articles, use_cache=False, nlp=ours)
    profiler.disable()
    profiler.dump_stats(args.profile_out)
    return {"articles": len(articles), **timings}


PHASES = {"raw": phase_raw, "scale": phase_scale, "profile": phase_profile}


# -- the parent: run phases, measure, report ---------------------------------------------------------------------

def measure(command: list[str], log: Path) -> dict:
    """Run a command; return its wall time, ru_maxrss (MB) and the sampled peak RSS of its process tree (MB)."""
    import psutil

    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        tree_peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                parent = psutil.Process(proc.pid)
                members = [parent, *parent.children(recursive=True)]
                tree_peak = max(tree_peak, sum(m.memory_info().rss for m in members if m.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace")
    if proc.returncode:
        raise SystemExit(f"phase failed ({' '.join(command)}):\n{text[-3000:]}")
    result = {}
    for line in text.splitlines():
        if line.startswith("{") and line.endswith("}"):
            result = json.loads(line)
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024, "tree_peak_mb": max(tree_peak / 2**20,
                                                                                     usage.ru_maxrss / 1024),
            **result}


def phase_command(phase: str, *extra: str) -> list[str]:
    """Return the command running one phase of this script in a fresh interpreter."""
    return [sys.executable, str(Path(__file__).resolve()), "--phase", phase, *extra]


def extract_command(out: Path, cache: Path, *extra: str) -> list[str]:
    """Return the `conflictnews extract` command over the default corpus."""
    return [sys.executable, "-m", "conflictnews", "extract", *map(str, CORPUS), "--out", str(out),
            "--cache-dir", str(cache), *extra]


def same_tables(a: Path, b: Path) -> bool:
    """Return whether two extract output folders hold byte-identical tables."""
    names = ("entities", "claims", "casualties", "incidents")
    return all((a / f"{n}.csv").read_bytes() == (b / f"{n}.csv").read_bytes() for n in names)


def machine() -> dict:
    """Return the machine description: CPU model, cores, RAM, OS, Python, spaCy and model versions."""
    import psutil
    import spacy

    from conflictnews.nlp import resolve_model_name

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    return {"cpu": cpu, "nproc": os.cpu_count(), "ram_gb": psutil.virtual_memory().total / 2**30,
            "os": platform.platform(), "python": platform.python_version(), "spacy": spacy.__version__,
            "model": resolve_model_name(), "commit": commit.stdout.strip() or "?",
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "load_before": os.getloadavg()}


def doc_text_lines() -> set[int]:
    """Return the line numbers cProfile may report for the Doc.text property (its decorator and def lines)."""
    import spacy

    source = Path(spacy.__file__).parent / "tokens" / "doc.pyx"
    lines = source.read_text().splitlines() if source.is_file() else []
    found = {i + 1 for i, text in enumerate(lines) if text.strip() == "def text(self):"}
    return found | {i - 1 for i in found}


def hot_spots(profile: Path, limit: int = 15) -> tuple[list[tuple], list[tuple]]:
    """Return the top project functions by cumulative time, and the callers of Doc.text, from a cProfile dump."""
    stats = pstats.Stats(str(profile))
    text_lines = doc_text_lines()
    rows, doc_text = [], []
    for (file, line, func), (_, calls, tottime, cumtime, callers) in stats.stats.items():
        if "conflictnews" in file and not file.endswith(("pipeline.py", "engines.py")):
            rows.append((cumtime, tottime, calls, f"{Path(file).name}:{line} {func}"))
        if file.endswith("doc.pyx") and func == "__get__" and line in text_lines:
            for (cfile, cline, cfunc), stat in callers.items():
                doc_text.append((stat[3], stat[1], f"{Path(cfile).name}:{cline} {cfunc}"))
    return sorted(rows, reverse=True)[:limit], sorted(doc_text, reverse=True)


def words_in_corpus() -> tuple[int, int]:
    """Return (articles, whitespace-separated words in every title and body) of the default corpus."""
    articles = load_corpus()
    return len(articles), sum(len(t.split()) for t in field_texts(articles))


def report(info: dict, runs: dict, scale: list[dict], profile: dict, spots, doc_text, args) -> str:
    """Return RESULTS.md."""
    n, words = info["articles"], info["words"]
    raw = runs["raw"]["wall_s"]

    raw_cpu = runs["raw"]["cpu_s"]

    def line(name: str, run: dict, articles: int = n, n_words: int = words) -> str:
        return (f"| {name} | {run['wall_s']:.1f} | {run['cpu_s']:.1f} | {articles / run['wall_s']:.1f} "
                f"| {n_words / run['wall_s']:,.0f} | {run['wall_s'] / raw:.2f}× | {run['cpu_s'] / raw_cpu:.2f}× "
                f"| {run['maxrss_mb']:.0f} | {run['tree_peak_mb']:.0f} |")

    cold, warm = runs["cold"]["wall_s"] / raw, runs["warm"]["wall_s"] / raw
    cold_cpu, warm_cpu = runs["cold"]["cpu_s"] / raw_cpu, runs["warm"]["cpu_s"] / raw_cpu
    peak = max(r["tree_peak_mb"] for r in runs.values())
    m = info["machine"]
    out = [
        "# Extraction benchmark", "",
        f"Generated by `make bench` (`benchmarks/bench_extract.py {' '.join(sys.argv[1:])}`) on {m['date']}, "
        f"commit {m['commit']}.", *([args.note, ""] if args.note else [""]),
        f"Machine: {m['cpu']}, {m['nproc']} cores (nproc), {m['ram_gb']:.1f} GB RAM; {m['os']}; Python {m['python']}, "
        f"spaCy {m['spacy']}, model {m['model']}. Load average before the run: "
        f"{', '.join(f'{x:.2f}' for x in m['load_before'])}; after: "
        f"{', '.join(f'{x:.2f}' for x in info['load_after'])} (other work shared this machine: treat timings as "
        "±20 %).", "",
        f"Corpus: the default corpus (seed + FA-KES), {n} articles, {words:,} words in titles and bodies "
        f"({runs['raw'].get('tokens', 0):,} spaCy tokens). Batch size {args.batch_size or 32}.", "",
        "## Raw spaCy vs `conflictnews extract`", "",
        "Each row is one fresh process, timed end to end (interpreter start, imports, loading and cleaning the "
        "corpus, loading the model, parsing, and for extract: the stages, the cache and writing the CSV tables). "
        "Raw spaCy = the same model (`spacy.load`, no actor ruler) over the same titles and bodies with `nlp.pipe`, "
        "Docs discarded. maxrss = peak RSS of the main process; tree peak = sampled peak of the summed RSS of the "
        "process and its workers.", "",
        "| run | wall s | CPU s | articles/s | words/s | wall × raw | CPU × raw | maxrss MB | tree peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        line("raw spaCy nlp.pipe", runs["raw"]),
        line("extract, cold cache", runs["cold"]),
        line("extract, warm cache", runs["warm"]),
    ]
    for key, run in runs.items():
        if key.startswith("cold-n"):
            out.append(line(f"extract, cold cache, --n-process {key[6:]}", run))
    r = runs["raw"]
    out += [
        "", f"Inside the raw run: loading + cleaning the corpus {r['load_s']:.1f} s, loading the model "
        f"{r['model_s']:.1f} s, nlp.pipe {r['pipe_s']:.1f} s.", "",
        "Targets (issue 7), single process; CPU time (user + sys of the process and its children) is the steadier "
        "measure on a shared machine:", "",
        f"- cold ≤ 1.25× raw spaCy: **{cold:.2f}×** wall, **{cold_cpu:.2f}×** CPU — "
        f"{'met' if max(cold, cold_cpu) <= TARGETS['cold'] else 'NOT met'}",
        f"- warm ≤ 0.10× raw spaCy: **{warm:.3f}×** wall, **{warm_cpu:.3f}×** CPU — "
        f"{'met' if max(warm, warm_cpu) <= TARGETS['warm'] else 'NOT met'}",
        f"- peak memory < 1.5 GB: **{peak:.0f} MB** (largest tree peak of any run) — "
        f"{'met' if peak < TARGETS['memory_mb'] else 'NOT met'}",
        f"- warm output identical to cold output: {'yes' if info['identical'] else 'NO'}", "",
    ]
    if scale:
        base = scale[0]
        out += [
            "## Scaling (corpus replicated with distinct ids, cold cache, the CLI's path: tables streamed to CSV)", "",
            "| factor | articles | extract s (wall) | process CPU s | ms per article (wall) | ms per article (CPU) "
            "| per-article CPU × the 1× run | maxrss MB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for run in scale:
            per, per_cpu = run["extract_s"] / run["articles"], run["cpu_s"] / run["articles"]
            out.append(f"| {run['factor']}× | {run['articles']} | {run['extract_s']:.1f} | {run['cpu_s']:.1f} "
                       f"| {1000 * per:.0f} | {1000 * per_cpu:.0f} | {per_cpu / (base['cpu_s'] / base['articles']):.2f} "
                       f"| {run['maxrss_mb']:.0f} |")
        out += ["", f"Factors run: {', '.join(str(r['factor']) + '×' for r in scale)}.", ""]
    if profile:
        p = profile
        stage = p["extract_s"] - p["ruler_pipe_s"]
        out += [
            f"## Where cold extraction time goes (cProfile, first {p['articles']} articles)", "",
            f"Unprofiled: nlp.pipe with the plain model {p['plain_pipe_s']:.1f} s; with our actor ruler and case "
            f"filter {p['ruler_pipe_s']:.1f} s; full cold extraction {p['extract_s']:.1f} s. So per article: parse "
            f"{1000 * p['plain_pipe_s'] / p['articles']:.0f} ms, actor ruler "
            f"{1000 * (p['ruler_pipe_s'] - p['plain_pipe_s']) / p['articles']:.0f} ms, stages (entities, claims, "
            f"casualties; Python) {1000 * stage / p['articles']:.0f} ms.", "",
            f"(The profiling process peaks at {p.get('maxrss_mb', 0):.0f} MB: that is cProfile's own bookkeeping, not "
            "extraction, whose unprofiled peak is in the tables above.)", "",
            "Top project functions by cumulative time (profiled, so inflated ~2×; the order is what matters):", "",
            "| cumulative s | own s | calls | function |", "|---:|---:|---:|---|",
            *[f"| {c:.2f} | {t:.2f} | {n} | `{f}` |" for c, t, n, f in spots],
            "", "`Doc.text` (rebuilt from every token on each access, not cached by spaCy), by caller:", "",
            "| cumulative s | calls | caller |", "|---:|---:|---|",
            *[f"| {c:.2f} | {n} | `{f}` |" for c, n, f in doc_text[:10]], "",
        ]
    return "\n".join(out) + "\n"


KEEP_MARKER = "<!-- kept by bench_extract.py: earlier runs and hand-written notes below -->"


def kept_part(path: Path) -> str:
    """Return the part of an existing results file below KEEP_MARKER (earlier runs, notes), marker included."""
    old = path.read_text() if path.is_file() else ""
    return "\n" + old[old.index(KEEP_MARKER):] if KEEP_MARKER in old else ""


def extract_runs(runs: dict) -> dict:
    """Return the raw and extract runs (not the profile and scaling runs)."""
    return {k: v for k, v in runs.items() if not k.startswith(("scale", "profile"))}


def main() -> int:
    """Parse options; run one phase (child) or the whole benchmark (parent)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", default="1,4", help="scaling factors, comma-separated (default 1,4)")
    parser.add_argument("--n-process", default="2", dest="cold_n_process", help="extra cold runs with --n-process N, comma-separated "
                        "('' for none; default 2)")
    parser.add_argument("--profile-articles", type=int, default=100, help="articles to profile (0: skip)")
    parser.add_argument("--batch-size", type=int, default=None, help="nlp.pipe batch size (default: the pipeline's)")
    parser.add_argument("--note", default="", help="a sentence added under the title (e.g. what was measured)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"), help="results file")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--factor", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, dest="n_process", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args), default=str), flush=True)
        return 0

    batch = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    kept = kept_part(Path(args.out))
    info = {"machine": machine()}
    info["articles"], info["words"] = words_in_corpus()
    with tempfile.TemporaryDirectory(prefix="cn-bench-") as tmp_name:
        tmp = Path(tmp_name)
        runs = {}

        def run(name: str, command: list[str]) -> dict:
            print(f"[bench] {name} ...", file=sys.stderr, flush=True)
            runs[name] = result = measure(command, tmp / f"{name}.log")
            print(f"[bench] {name}: {result['wall_s']:.1f} s, maxrss {result['maxrss_mb']:.0f} MB, "
                  f"tree peak {result['tree_peak_mb']:.0f} MB", file=sys.stderr, flush=True)
            return result

        run("raw", phase_command("raw", *batch))
        run("cold", extract_command(tmp / "cold", tmp / "cache", *batch))
        run("warm", extract_command(tmp / "warm", tmp / "cache", *batch))
        info["identical"] = same_tables(tmp / "cold", tmp / "warm")
        for n in [int(x) for x in args.cold_n_process.split(",") if x.strip()]:
            run(f"cold-n{n}", extract_command(tmp / f"cold-n{n}", tmp / f"cache-n{n}", "--n-process", str(n), *batch))
            info["identical"] &= same_tables(tmp / "cold", tmp / f"cold-n{n}")
        profile, spots, doc_text = {}, [], []
        if args.profile_articles:
            dump = tmp / "cold.prof"
            profile = run("profile", phase_command("profile", "--n", str(args.profile_articles), "--profile-out",
                                                   str(dump), *batch))
            spots, doc_text = hot_spots(dump)
        scale = []
        for factor in [int(x) for x in args.factors.split(",") if x.strip()]:
            result = run(f"scale-{factor}", phase_command("scale", "--factor", str(factor), "--cache-dir",
                                                          str(tmp / f"cache-x{factor}"), *batch))
            scale.append({"factor": factor, **result})
            Path(args.out).write_text(report({**info, "load_after": os.getloadavg()}, extract_runs(runs), scale,
                                             profile, spots, doc_text, args) + kept)
        info["load_after"] = os.getloadavg()
        text = report(info, extract_runs(runs), scale, profile, spots, doc_text, args)
    Path(args.out).write_text(text + kept)
    Path(args.out).with_suffix(".json").write_text(json.dumps(
        {"info": info, "runs": runs, "scale": scale, "profile": profile}, indent=1, default=str))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
