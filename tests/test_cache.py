"""The extraction cache: where it lives, what its key covers, atomic writes, and concurrent runs sharing it."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conflictnews import pipeline
from conflictnews.cli import main

HAMMER = r"""
import sys
from pathlib import Path
from conflictnews.pipeline import read_cached, write_cached

cache, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
payloads = {t: {"entities": [{"tag": t, "blob": t * 200_000}], "claims": [], "casualties": [], "incidents": []}
            for t in "AB"}
bad = 0
for i in range(rounds):
    for key in ("k" * 40, "q" * 40):
        write_cached(cache, key, payloads[tag])
        found = read_cached(cache, key)
        if found not in (payloads["A"], payloads["B"]):
            bad += 1
print(bad)
"""

EXTRACT = r"""
import sys
from conflictnews.loading import load_articles
from conflictnews.pipeline import extract_tables

tables = extract_tables(load_articles([sys.argv[2]]), cache_dir=sys.argv[1])
print(len(tables["entities"]), len(tables["claims"]), len(tables["casualties"]))
"""


def run_together(*commands: list[str]) -> list[str]:
    """Start every command at once and return their outputs (each must succeed)."""
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
    return [out for out, _ in outputs]


def test_cache_dir_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(pipeline.CACHE_ENV_VAR, str(tmp_path / "env"))
    assert pipeline.default_cache_dir() == tmp_path / "env"
    monkeypatch.delenv(pipeline.CACHE_ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pipeline.default_cache_dir() == tmp_path / "xdg" / "conflictnews"


def test_key_covers_exactly_the_fields_the_stages_read():
    article = {"article_id": "a", "outlet": "o", "title": "T", "published": "2016-01-01", "text": "x",
               "location": "", "source_path": "/one/place.csv", "flags": []}
    key = pipeline.article_key(article)
    assert pipeline.article_key({**article, "source_path": "/elsewhere.csv", "flags": ["short"]}) == key
    for field in pipeline.KEY_FIELDS:
        assert pipeline.article_key({**article, field: "changed"}) != key, field
    assert pipeline.article_key(article, build="0" * 16) != key


def test_fingerprint_is_stable_and_covers_the_model():
    assert pipeline.fingerprint() == pipeline.fingerprint()
    from conflictnews.nlp import resolve_model_name

    meta = pipeline.model_meta_bytes(resolve_model_name())
    assert b'"version"' in meta


def test_interrupted_write_leaves_no_entry(tmp_path, monkeypatch):
    def broken_dump(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pickle, "dump", broken_dump)
    with pytest.raises(KeyboardInterrupt):
        pipeline.write_cached(tmp_path, "k" * 40, {"entities": []})
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert pipeline.read_cached(tmp_path, "k" * 40) is None


def test_two_processes_writing_the_same_entries_never_expose_a_partial_one(tmp_path):
    command = [sys.executable, "-c", HAMMER, str(tmp_path)]
    bad = run_together(command + ["A", "60"], command + ["B", "60"])
    assert [int(b) for b in bad] == [0, 0]
    assert not list(tmp_path.rglob("*.tmp"))
    assert pipeline.read_cached(tmp_path, "k" * 40)["entities"][0]["tag"] in {"A", "B"}


def test_two_concurrent_extractions_share_one_cache(seed_path, tmp_path):
    command = [sys.executable, "-c", EXTRACT, str(tmp_path), str(seed_path)]
    first, second = run_together(command, command)
    assert first == second
    assert not list(tmp_path.rglob("*.tmp"))
    from conflictnews.loading import load_articles

    articles = load_articles([seed_path])
    fresh = pipeline.extract_tables(articles, use_cache=False)
    cached = pipeline.extract_tables(articles, cache_dir=tmp_path, nlp=object())  # every entry must be a hit
    for name in fresh:
        pd.testing.assert_frame_equal(fresh[name], cached[name])


def test_cli_cache_dir_and_no_cache(seed_path, tmp_path):
    cache = tmp_path / "cache"
    assert main(["extract", str(seed_path), "--out", str(tmp_path / "a"), "--cache-dir", str(cache)]) == 0
    entries = sorted(p.name for p in Path(cache).rglob("*.pkl"))
    assert len(entries) == 2 and sum(e.startswith("corpus-") for e in entries) == 1  # the article; cross-article
    assert main(["extract", str(seed_path), "--out", str(tmp_path / "b"), "--cache-dir", str(tmp_path / "none"),
                 "--no-cache"]) == 0
    assert not (tmp_path / "none").exists()
    assert main(["extract", str(seed_path), "--out", str(tmp_path / "c"), "--cache-dir", str(cache)]) == 0
    for name in ("entities", "claims", "casualties", "incidents", "events", "claim_comparison"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes()
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "c" / f"{name}.csv").read_bytes()


def test_corpus_key_changes_with_any_article(seed_path):
    from conflictnews.loading import load_articles

    articles = load_articles([seed_path])
    key = pipeline.corpus_key(articles)
    assert key == pipeline.corpus_key(articles.copy())
    changed = articles.copy()
    changed.loc[0, "title"] = "Another title"
    assert pipeline.corpus_key(changed) != key


def test_cross_article_tables_are_served_from_the_cache(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return {"events": pd.DataFrame({"event_id": ["e1"]}), "claim_comparison": pd.DataFrame({"kind": ["omitted"]})}

    first = pipeline.cached_tables("corpus-" + "x" * 40, compute, tmp_path)
    again = pipeline.cached_tables("corpus-" + "x" * 40, compute, tmp_path)
    assert calls == [1]  # not the article-row shape check: a table dict is a valid corpus entry
    assert again["events"].equals(first["events"]) and again["claim_comparison"].equals(first["claim_comparison"])
