"""One spaCy parse per article feeding every stage (entities → claims → casualties → incidents), cached on disk.

The cache holds each article's extracted rows under a key made of the article's content (id, outlet, title,
published, text, location) and a fingerprint of the package version, the spaCy model and every packaged data file
(gazetteer, lexicons, patterns). An unchanged corpus is not re-parsed; a changed article, model or lexicon
invalidates exactly what it affects. Writes are atomic (temp file, then rename).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from . import __version__
from .schema import CASUALTY_COLUMNS, CLAIM_COLUMNS, ENTITY_COLUMNS

CACHE_ENV_VAR = "CONFLICTNEWS_CACHE"
STAGE_COLUMNS = {"entities": ENTITY_COLUMNS, "claims": CLAIM_COLUMNS, "casualties": CASUALTY_COLUMNS}


def default_cache_dir() -> Path:
    """Return $CONFLICTNEWS_CACHE, else the user's cache folder (XDG) / conflictnews."""
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "conflictnews"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Return a hash of the package version, the resolved model and every packaged data file."""
    from .nlp import model_version, resolve_model_name

    digest = hashlib.sha1(f"{__version__}\x1f{resolve_model_name()}\x1f{model_version()}".encode())
    data = resources.files("conflictnews").joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\x1f" + entry.read_bytes())
    for module in ("entities", "claims", "casualties", "numbers", "nlp", "pipeline"):
        digest.update(resources.files("conflictnews").joinpath(f"{module}.py").read_bytes())
    return digest.hexdigest()[:16]


def article_key(article: dict) -> str:
    """Return the cache key of one article: its content plus the fingerprint."""
    fields = [str(article.get(k, "")) for k in ("article_id", "outlet", "title", "published", "text", "location")]
    return hashlib.sha1("\x1f".join([fingerprint(), *fields]).encode("utf-8")).hexdigest()


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pkl"


def read_cached(cache_dir: Path, key: str) -> dict | None:
    """Return an article's cached rows, or None when absent or unreadable (a broken entry is recomputed)."""
    path = _cache_path(cache_dir, key)
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        return None


def write_cached(cache_dir: Path, key: str, rows: dict) -> None:
    """Write an article's rows atomically: a temp file in the same folder, then rename."""
    path = _cache_path(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def extract_article(article: dict, docs: dict[str, object]) -> dict[str, list[dict]]:
    """Return the entities, claims and casualties rows of one article from its parsed title and text."""
    from .casualties import casualties_from_doc
    from .claims import claims_from_doc
    from .entities import entities_from_doc, mentions_from_doc, resolve_mentions

    article_id = article["article_id"]
    rows: dict[str, list[dict]] = {stage: [] for stage in STAGE_COLUMNS}
    text_mentions = resolve_mentions(mentions_from_doc(docs["text"])) if "text" in docs else []
    if "title" in docs:
        rows["entities"] += entities_from_doc(docs["title"], article_id, "title", text_mentions)
    rows["entities"] += [m.row(article_id, "text") for m in text_mentions]
    entities = pd.DataFrame(rows["entities"], columns=ENTITY_COLUMNS)
    for where, doc in docs.items():
        field_entities = entities[entities["where"] == where]
        claims = claims_from_doc(doc, article_id, where, field_entities, article.get("outlet", ""))
        rows["claims"] += claims
        casualties = casualties_from_doc(
            doc, article, where, field_entities, pd.DataFrame(claims, columns=CLAIM_COLUMNS)
        )
        rows["casualties"] += casualties.to_dict("records")
    return rows


def iter_parsed(articles: list[dict], nlp, batch_size: int = 64) -> Iterator[tuple[dict, dict[str, object]]]:
    """Yield (article, {where: Doc}) streaming through nlp.pipe, one article at a time, in input order."""
    def fields() -> Iterator[tuple[str, tuple[int, str]]]:
        for index, article in enumerate(articles):
            present = [w for w in ("title", "text") if isinstance(article.get(w), str) and article[w].strip()]
            for where in present or [""]:
                yield (article[where] if where else ""), (index, where)

    current, docs = None, {}
    for doc, (index, where) in nlp.pipe(fields(), batch_size=batch_size, as_tuples=True):
        if current is not None and index != current:
            yield articles[current], docs
            docs = {}
        current = index
        if where:
            docs[where] = doc
    if current is not None:
        yield articles[current], docs


def extract_tables(articles: pd.DataFrame, progress: bool = False, cache_dir: str | os.PathLike | None = None,
                   use_cache: bool = True, nlp=None) -> dict[str, pd.DataFrame]:
    """Return the entities, claims, casualties and incidents tables, parsing each uncached article once."""
    from .casualties import incidents_from_casualties
    from .nlp import get_nlp

    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    records = articles.to_dict("records")
    results: dict[str, dict] = {}
    todo: list[dict] = []
    for article in records:
        key = article_key(article)
        hit = read_cached(cache, key) if use_cache else None
        if hit is None:
            article["_key"] = key
            todo.append(article)
        else:
            results[article["article_id"]] = hit
    if todo:
        nlp = nlp or get_nlp()
        parsed: Iterable = iter_parsed(todo, nlp)
        if progress:
            from tqdm.auto import tqdm

            parsed = tqdm(parsed, total=len(todo), desc="extracting", unit="article", disable=None)
        for article, docs in parsed:
            rows = extract_article(article, docs)
            results[article["article_id"]] = rows
            if use_cache:
                write_cached(cache, article.pop("_key"), rows)
    tables = {}
    for stage, columns in STAGE_COLUMNS.items():
        stage_rows = [row for article in records for row in results[article["article_id"]][stage]]
        tables[stage] = pd.DataFrame(stage_rows, columns=columns)
    tables["incidents"] = incidents_from_casualties(tables["casualties"], articles)
    return tables


def load_tables(corpus, cache_dir: str | os.PathLike | None = None, use_cache: bool = True) -> dict[str, pd.DataFrame]:
    """Return every table for a corpus (articles, rejected, entities, claims, casualties, incidents)."""
    from .loading import load_articles_and_rejected

    articles, rejected = load_articles_and_rejected(corpus)
    return {"articles": articles, "rejected": rejected,
            **extract_tables(articles, cache_dir=cache_dir, use_cache=use_cache)}
