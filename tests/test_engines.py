"""The engines: a local process pool and Dask distributed give exactly the tables of the in-process engine."""

from __future__ import annotations

import pandas as pd
import pytest

from conflictnews import engines, pipeline
from conflictnews.cli import main


@pytest.fixture(scope="module")
def small_corpus(corpus, seed_path):
    """The seed plus 20 FA-KES articles from several outlets."""
    articles, _ = corpus
    seed = articles[articles["source_path"].str.endswith(seed_path.name)]
    fakes = articles[~articles["source_path"].str.endswith(seed_path.name)]
    picked = fakes.groupby("outlet", group_keys=False).head(2).head(20)
    return pd.concat([seed, picked], ignore_index=True)


@pytest.fixture(scope="module")
def local_tables(small_corpus):
    return pipeline.extract_tables(small_corpus, use_cache=False)


def assert_same_tables(expected: dict, found: dict) -> None:
    assert set(expected) == set(found)
    for name in expected:
        pd.testing.assert_frame_equal(expected[name], found[name], check_dtype=True)


def test_partitions_cover_every_record_in_order():
    records = [{"article_id": str(i)} for i in range(10)]
    parts = engines.partitions(records, 4)
    assert [len(p) for p in parts] == [4, 4, 2]
    assert [r for p in parts for r in p] == records
    assert engines.partitions([], 4) == []


def test_small_corpus_has_rows(local_tables, small_corpus):
    assert len(small_corpus) == 21
    assert len(local_tables["entities"]) and len(local_tables["claims"]) and len(local_tables["casualties"])


def test_dask_local_cluster_gives_identical_tables(small_corpus, local_tables, tmp_path):
    found = pipeline.extract_tables(small_corpus, engine="dask", n_process=2, cache_dir=tmp_path,
                                    batch_size=8)
    assert_same_tables(local_tables, found)
    again = pipeline.extract_tables(small_corpus, cache_dir=tmp_path, nlp=object())  # all hits: no parsing
    assert_same_tables(local_tables, again)


def test_dask_scheduler_address_runs_on_that_cluster(small_corpus, local_tables):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        found = pipeline.extract_tables(small_corpus.head(6), engine="dask", scheduler=cluster.scheduler_address,
                                        use_cache=False)
        assert cluster.scheduler_address  # the cluster outlives the run: the engine closes only its client
    ids = set(small_corpus.head(6)["article_id"])
    expected = {name: table[table["article_id"].isin(ids)].reset_index(drop=True)
                for name, table in local_tables.items()}
    assert_same_tables(expected, found)


def test_process_pool_gives_identical_tables(small_corpus, local_tables):
    found = pipeline.extract_tables(small_corpus, n_process=2, use_cache=False, batch_size=4)
    assert_same_tables(local_tables, found)


def test_partial_cache_computes_only_the_misses(small_corpus, local_tables, tmp_path, monkeypatch):
    pipeline.extract_tables(small_corpus.head(10), cache_dir=tmp_path)
    seen: list[str] = []
    original = engines.iter_in_process

    def spy(records, nlp=None, batch_size=engines.DEFAULT_BATCH_SIZE):
        seen.extend(r["article_id"] for r in records)
        return original(records, nlp, batch_size)

    monkeypatch.setattr(engines, "iter_in_process", spy)
    found = pipeline.extract_tables(small_corpus, cache_dir=tmp_path)
    assert sorted(seen) == sorted(small_corpus["article_id"].iloc[10:])
    assert_same_tables(local_tables, found)


def test_worker_with_another_fingerprint_is_refused():
    with pytest.raises(engines.EngineError, match="different conflictnews build"):
        engines.check_fingerprint("0" * 16)


def test_unknown_engine_is_refused():
    with pytest.raises(engines.EngineError, match="unknown engine"):
        list(engines.iter_rows([{"article_id": "a"}], engine="spark"))


def test_unreachable_scheduler_is_a_clean_cli_error(seed_path, tmp_path, capsys):
    code = main(["extract", str(seed_path), "--out", str(tmp_path / "out"), "--no-cache", "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_cli_extract_with_dask_engine_matches_local(seed_path, tmp_path):
    assert main(["extract", str(seed_path), "--out", str(tmp_path / "local"), "--no-cache"]) == 0
    assert main(["extract", str(seed_path), "--out", str(tmp_path / "dask"), "--no-cache", "--engine", "dask",
                 "--n-process", "2"]) == 0
    for name in ("entities", "claims", "casualties", "incidents"):
        local = (tmp_path / "local" / f"{name}.csv").read_bytes()
        assert local == (tmp_path / "dask" / f"{name}.csv").read_bytes(), name


def test_cli_rejects_a_bad_process_count(seed_path, tmp_path):
    with pytest.raises(SystemExit):
        main(["extract", str(seed_path), "--out", str(tmp_path), "--n-process", "0"])


def test_cached_incident_rows_equal_the_whole_table_summary(small_corpus, local_tables):
    from conflictnews.casualties import incidents_from_casualties

    whole = incidents_from_casualties(local_tables["casualties"], small_corpus)
    pd.testing.assert_frame_equal(whole, local_tables["incidents"])
