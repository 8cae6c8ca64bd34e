"""The one-pass pipeline: every stage from one parse, cached per article, cache hits identical to fresh runs."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from conflictnews import pipeline
from conflictnews.loading import load_articles
from conflictnews.schema import CASUALTY_COLUMNS, CLAIM_COLUMNS, ENTITY_COLUMNS, INCIDENT_COLUMNS


@pytest.fixture(scope="module")
def seed_articles(seed_path):
    return load_articles([seed_path])


def test_tables_have_the_contract_columns(seed_articles, tmp_path):
    tables = pipeline.extract_tables(seed_articles, cache_dir=tmp_path)
    assert list(tables["entities"].columns) == ENTITY_COLUMNS
    assert list(tables["claims"].columns) == CLAIM_COLUMNS
    assert list(tables["casualties"].columns) == CASUALTY_COLUMNS
    assert list(tables["incidents"].columns) == INCIDENT_COLUMNS
    assert len(tables["entities"]) and len(tables["claims"]) and len(tables["casualties"])


def test_offsets_index_the_cleaned_fields(seed_articles, tmp_path):
    tables = pipeline.extract_tables(seed_articles, cache_dir=tmp_path)
    article = seed_articles.iloc[0]
    for row in tables["entities"].itertuples():
        assert article[row.where][row.start:row.end] == row.text
    for row in tables["casualties"].itertuples():
        assert article[row.where][row.start:row.end] == row.figure_text


def test_cache_hit_equals_fresh_run(seed_articles, tmp_path):
    fresh = pipeline.extract_tables(seed_articles, use_cache=False)
    first = pipeline.extract_tables(seed_articles, cache_dir=tmp_path)
    assert list(tmp_path.rglob("*.pkl"))
    second = pipeline.extract_tables(seed_articles, cache_dir=tmp_path, nlp=object())  # no parsing on a hit
    for name in fresh:
        pd.testing.assert_frame_equal(fresh[name], first[name])
        pd.testing.assert_frame_equal(fresh[name], second[name])


def test_changed_article_invalidates_its_entry(seed_articles, tmp_path):
    pipeline.extract_tables(seed_articles, cache_dir=tmp_path)
    changed = seed_articles.copy()
    changed.loc[0, "text"] = changed.loc[0, "text"].replace("over 400,000", "over 500,000")
    assert pipeline.article_key(changed.iloc[0].to_dict()) != pipeline.article_key(seed_articles.iloc[0].to_dict())
    tables = pipeline.extract_tables(changed, cache_dir=tmp_path)
    assert "over 500,000" in set(tables["casualties"]["figure_text"])


def test_corrupt_cache_entry_is_recomputed(seed_articles, tmp_path):
    expected = pipeline.extract_tables(seed_articles, cache_dir=tmp_path)
    for entry in tmp_path.rglob("*.pkl"):
        entry.write_bytes(b"not a pickle")
    again = pipeline.extract_tables(seed_articles, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(expected["claims"], again["claims"])
    for entry in tmp_path.rglob("*.pkl"):  # a readable pickle of the wrong shape (another program's, an old layout)
        entry.write_bytes(pickle.dumps(["not", "rows"]))
    shaped = pipeline.extract_tables(seed_articles, cache_dir=tmp_path)
    for stage in ("entities", "claims", "casualties", "incidents"):
        pd.testing.assert_frame_equal(expected[stage], shaped[stage])


def test_article_without_text_gives_empty_rows(tmp_path):
    articles = pd.DataFrame([{"article_id": "a", "outlet": "", "title": "", "text": "", "published": pd.NaT,
                              "location": ""}])
    tables = pipeline.extract_tables(articles, cache_dir=tmp_path)
    assert tables["entities"].empty and tables["claims"].empty and len(tables["incidents"]) == 1
