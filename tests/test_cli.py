"""The command line: extract accounts for every input; bad arguments give one line and a non-zero status."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "conflictnews", *args], capture_output=True, text=True, timeout=600)


def test_extract_articles_accounts_for_all_inputs(tmp_path, seed_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Forty civilians were killed in Idlib on Monday, the monitor said, as jets struck."}\n{oops\n')
    result = run_cli("extract", str(seed_path), str(bad), "--out", str(tmp_path / "out"), "--articles-only")
    assert result.returncode == 0, result.stderr
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    rejected = pd.read_csv(tmp_path / "out" / "rejected.csv")
    assert len(articles) == 2 and len(rejected) == 1
    assert "3 inputs: 2 articles, 1 rejected" in result.stderr
    assert articles.loc[0, "flags"] == "implausible_date=September 20014"


def test_missing_input_one_line_error(tmp_path):
    result = run_cli("extract", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o"))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "input not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_out_is_a_file(tmp_path, seed_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = run_cli("extract", str(seed_path), "--out", str(target), "--articles-only")
    assert result.returncode != 0 and "is a file" in result.stderr and "Traceback" not in result.stderr


def test_no_arguments_is_usage_error():
    result = run_cli()
    assert result.returncode == 2 and "usage" in result.stderr


def test_extract_writes_every_table(tmp_path, seed_path):
    result = run_cli("extract", str(seed_path), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    for name in ("articles", "rejected", "entities", "claims", "casualties", "incidents", "events", "claim_comparison"):
        assert (tmp_path / "out" / f"{name}.csv").exists(), name
    claims = pd.read_csv(tmp_path / "out" / "claims.csv")
    assert {"Jeff Davis", "John Kirby", "Staffan de Mistura"} <= set(claims["speaker"])
    casualties = pd.read_csv(tmp_path / "out" / "casualties.csv")
    assert "over 400,000" in set(casualties["figure_text"])


def test_streamed_tables_equal_whole_tables_byte_for_byte(tmp_path, seed_path, fakes_path):
    from conflictnews.cli import STREAMED_TABLES, stream_tables, write_table
    from conflictnews.events import places_from_entities
    from conflictnews.loading import load_articles_and_rejected
    from conflictnews.pipeline import extract_tables

    sample = tmp_path / "sample.csv"
    pd.read_csv(fakes_path, encoding="cp1252").iloc[100:109].to_csv(sample, index=False)
    articles, _ = load_articles_and_rejected([seed_path, sample])
    whole, streamed = tmp_path / "whole", tmp_path / "streamed"
    whole.mkdir()
    streamed.mkdir()
    tables = extract_tables(articles, cache_dir=tmp_path / "cache")
    for name in STREAMED_TABLES:
        write_table(tables[name], whole / f"{name}.csv")
    counts, kept = stream_tables(articles, streamed, chunk_articles=3, cache_dir=tmp_path / "cache")
    for name in STREAMED_TABLES:
        assert (streamed / f"{name}.csv").read_bytes() == (whole / f"{name}.csv").read_bytes(), name
        assert counts[name] == len(tables[name]) > 0
    assert kept["claims"].equals(tables["claims"])
    assert kept["places"] == places_from_entities(tables["entities"]) and kept["places"]
    assert not list(streamed.glob(".*.tmp"))


def test_failed_extract_leaves_the_previous_tables_whole_and_unmixed(tmp_path, seed_path, fakes_path, monkeypatch):
    from conflictnews import cli, pipeline

    sample = tmp_path / "sample.csv"
    pd.read_csv(fakes_path, encoding="cp1252").iloc[200:203].to_csv(sample, index=False)
    out = tmp_path / "out"
    assert cli.main(["extract", str(seed_path), "--out", str(out), "--no-cache"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(before) == 8

    real = pipeline.iter_extracted

    def dies_midway(*args, **kwargs):
        for n, rows in enumerate(real(*args, **kwargs)):
            if n == 2:
                raise RuntimeError("killed midway")
            yield rows

    monkeypatch.setattr(pipeline, "iter_extracted", dies_midway)
    with pytest.raises(RuntimeError):
        cli.main(["extract", str(seed_path), str(sample), "--out", str(out), "--no-cache"])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # articles.csv included: nothing half-new
