"""Shared fixtures: paths to the project's own data (never ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ee0862778b20c500.txt"
FAKES = ROOT / "data" / "fakes" / "FA-KES-Dataset.csv"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def fakes_path() -> Path:
    return FAKES


@pytest.fixture(scope="session")
def corpus():
    """The default corpus (seed + FA-KES) loaded once: (articles, rejected)."""
    from conflictnews.loading import load_articles_and_rejected

    return load_articles_and_rejected([SEED, FAKES])


@pytest.fixture(scope="session")
def seed_article(corpus):
    articles, _ = corpus
    return articles[articles["source_path"].str.endswith(SEED.name)].iloc[0]


@pytest.fixture(scope="session")
def corpus_tables(corpus):
    """Every extracted table for the default corpus, as the product makes them (one cached pass, shared cache)."""
    from conflictnews.pipeline import extract_tables

    articles, _ = corpus
    return extract_tables(articles)
