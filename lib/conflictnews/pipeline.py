"""One spaCy parse per article feeding every stage (entities → claims → casualties → incidents), cached on disk.

The cache holds each article's extracted rows under a key made of the article's content (KEY_FIELDS: the only
fields the stages read) and a fingerprint of the package version, the spaCy model (its meta.json, read without
loading spaCy) and every packaged data file and stage module. An unchanged corpus is not re-parsed; a changed
article, model or lexicon invalidates exactly what it affects. Writes are atomic (temp file in the same folder,
then rename), so a killed run leaves no partial entry and concurrent runs never see one. Uncached articles are
computed by an engine (conflictnews.engines): in this process, a local process pool, or Dask distributed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pandas as pd

from . import __version__
from .files import atomic_open
from .schema import CASUALTY_COLUMNS, CLAIM_COLUMNS, ENTITY_COLUMNS, INCIDENT_COLUMNS

CACHE_ENV_VAR = "CONFLICTNEWS_CACHE"
STAGE_COLUMNS = {"entities": ENTITY_COLUMNS, "claims": CLAIM_COLUMNS, "casualties": CASUALTY_COLUMNS}
ARTICLE_TABLES = {**STAGE_COLUMNS, "incidents": INCIDENT_COLUMNS}  # the per-article rows a cache entry holds
KEY_FIELDS = ("article_id", "outlet", "title", "published", "text", "location")
FINGERPRINT_MODULES = ("entities", "claims", "casualties", "numbers", "nlp", "schema", "pipeline", "engines")


def default_cache_dir() -> Path:
    """Return $CONFLICTNEWS_CACHE, else the user's cache folder (XDG) / conflictnews."""
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "conflictnews"


def model_meta_bytes(name: str) -> bytes:
    """Return the bytes of the model's meta.json (name, version, sources, scores), found without loading spaCy."""
    if os.path.isdir(name):
        folder = Path(name)
    else:
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        folder = Path(locations[0]) if locations else Path(spec.origin).parent if spec and spec.origin else None
    meta = folder / "meta.json" if folder else None
    return meta.read_bytes() if meta and meta.is_file() else name.encode()


def fingerprint() -> str:
    """Return a hash of the package version, the resolved model's meta, every packaged data file and stage module.

    Recomputed on each call (about a millisecond: a few hundred kB hashed), so an edited lexicon is seen at once.
    """
    from .nlp import resolve_model_name

    name = resolve_model_name()
    digest = hashlib.sha1(f"{__version__}\x1f{name}\x1f".encode() + model_meta_bytes(name))
    package = resources.files("conflictnews")
    for entry in sorted(package.joinpath("data").iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode() + b"\x1f" + entry.read_bytes())
    for module in FINGERPRINT_MODULES:
        digest.update(module.encode() + b"\x1f" + package.joinpath(f"{module}.py").read_bytes())
    return digest.hexdigest()[:16]


def article_key(article: dict, build: str | None = None) -> str:
    """Return the cache key of one article: its KEY_FIELDS plus the fingerprint (`build`, computed when None)."""
    fields = [str(article.get(k, "")) for k in KEY_FIELDS]
    return hashlib.sha1("\x1f".join([build or fingerprint(), *fields]).encode("utf-8")).hexdigest()


def corpus_key(articles: pd.DataFrame, modules: tuple[str, ...] = ("events",)) -> str:
    """Return the cache key of a cross-article result: the fingerprint, the named modules and every article's key."""
    build = fingerprint()
    digest = hashlib.sha1(build.encode())
    package = resources.files("conflictnews")
    for module in modules:
        digest.update(module.encode() + b"\x1f" + package.joinpath(f"{module}.py").read_bytes())
    for article in articles.to_dict("records"):
        digest.update(article_key(article, build).encode())
    return "corpus-" + digest.hexdigest()


def cached_tables(key: str, compute, cache_dir: str | os.PathLike | None = None,
                  use_cache: bool = True) -> dict[str, pd.DataFrame]:
    """Return the tables cached under `key`, else compute() them (a no-argument callable) and cache them."""
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    hit = read_cached(cache, key) if use_cache else None
    if isinstance(hit, dict):
        return hit
    tables = compute()
    if use_cache:
        write_cached(cache, key, tables)
    return tables


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pkl"


def read_cached(cache_dir: Path, key: str) -> dict | None:
    """Return an article's cached rows, or None when absent or unreadable (a broken entry is recomputed)."""
    path = _cache_path(cache_dir, key)
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, ImportError, IndexError, TypeError):
        return None


def read_article_rows(cache_dir: Path, key: str) -> dict | None:
    """Return an article's cached rows, or None when absent, unreadable or not {table: [rows]} (then recomputed)."""
    rows = read_cached(cache_dir, key)
    if not isinstance(rows, dict) or not all(isinstance(rows.get(table), list) for table in ARTICLE_TABLES):
        return None  # another program's pickle, or an older layout
    return rows


def write_cached(cache_dir: Path, key: str, rows: dict) -> None:
    """Write an article's rows atomically: a temp file in the same folder, then rename."""
    path = _cache_path(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(path, "wb", shared=False) as handle:
        pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)


def extract_article(article: dict, docs: dict[str, object]) -> dict[str, list[dict]]:
    """Return the entities, claims, casualties and incidents rows of one article from its parsed title and text."""
    from .casualties import casualty_rows, incident_counts
    from .claims import claims_from_doc
    from .entities import entities_from_doc, mentions_from_doc, resolve_mentions

    article_id = article["article_id"]
    rows: dict[str, list[dict]] = {stage: [] for stage in STAGE_COLUMNS}
    text_mentions = resolve_mentions(mentions_from_doc(docs["text"])) if "text" in docs else []
    by_field = {"title": entities_from_doc(docs["title"], article_id, "title", text_mentions) if "title" in docs else [],
                "text": [m.row(article_id, "text") for m in text_mentions]}
    rows["entities"] = by_field["title"] + by_field["text"]
    for where, doc in docs.items():
        field_entities = by_field.get(where, [])
        claims = claims_from_doc(doc, article_id, where, pd.DataFrame(field_entities, columns=ENTITY_COLUMNS),
                                 article.get("outlet", ""))
        rows["claims"] += claims
        rows["casualties"] += casualty_rows(doc, article, where, field_entities, claims)
    rows["incidents"] = [{"article_id": article_id, **incident_counts(rows["casualties"], article.get("location"))}]
    return rows


def iter_parsed(articles: list[dict], nlp, batch_size: int = 32) -> Iterator[tuple[dict, dict[str, object]]]:
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


def iter_extracted(articles: pd.DataFrame, progress: bool = False, cache_dir: str | os.PathLike | None = None,
                   use_cache: bool = True, nlp=None, engine: str = "local", n_process: int = 1,
                   scheduler: str | None = None, batch_size: int | None = None) -> Iterator[dict[str, list[dict]]]:
    """Yield each article's rows ({stage: [row dicts]}, incidents included) in input order, one article at a time.

    Cached articles are read when their turn comes; the others are parsed once by the engine and cached as they
    arrive. Only rows an out-of-order engine (Dask) delivers early wait in memory, so memory does not grow with the
    corpus. An entry that cannot be read when its turn comes (corrupt, or removed meanwhile) is recomputed.
    """
    from .engines import DEFAULT_BATCH_SIZE, iter_in_process, iter_rows

    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    records = articles.to_dict("records")
    build = fingerprint()
    keys = [article_key(article, build) for article in records]
    hits = [use_cache and _cache_path(cache, key).is_file() for key in keys]
    todo = [i for i, hit in enumerate(hits) if not hit]
    computed: Iterator = iter(())
    if todo:
        computed = iter_rows([records[i] for i in todo], engine=engine, n_process=n_process, scheduler=scheduler,
                             batch_size=batch_size or DEFAULT_BATCH_SIZE, nlp=nlp, build=build)
    early: dict[int, dict] = {}
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(records), desc="extracting", unit="article", disable=None)
    try:
        for index, record in enumerate(records):
            rows = read_article_rows(cache, keys[index]) if hits[index] else None
            if rows is None and hits[index]:  # unreadable entry: recompute this article here
                rows = next(iter_in_process([record], nlp, batch_size or DEFAULT_BATCH_SIZE))[1]
                write_cached(cache, keys[index], rows)
            while rows is None:
                if index in early:
                    rows = early.pop(index)
                    break
                try:
                    position, found = next(computed)
                except StopIteration:
                    raise RuntimeError(f"the {engine} engine returned no rows for article {index}") from None
                if use_cache:
                    write_cached(cache, keys[todo[position]], found)
                early[todo[position]] = found
            if bar is not None:
                bar.update()
            yield rows
    finally:
        if bar is not None:
            bar.close()


def extract_tables(articles: pd.DataFrame, progress: bool = False, cache_dir: str | os.PathLike | None = None,
                   use_cache: bool = True, nlp=None, engine: str = "local", n_process: int = 1,
                   scheduler: str | None = None, batch_size: int | None = None) -> dict[str, pd.DataFrame]:
    """Return the entities, claims, casualties and incidents tables, parsing each uncached article once.

    Each article's rows, its incident summary included, are cached, so a warm run only reads and concatenates.
    """
    collected: dict[str, list[dict]] = {stage: [] for stage in ARTICLE_TABLES}
    for rows in iter_extracted(articles, progress, cache_dir, use_cache, nlp, engine, n_process, scheduler,
                               batch_size):
        for stage in ARTICLE_TABLES:
            collected[stage] += rows[stage]
    return {stage: pd.DataFrame(collected.pop(stage), columns=columns) for stage, columns in ARTICLE_TABLES.items()}


def load_tables(corpus, cache_dir: str | os.PathLike | None = None, use_cache: bool = True,
                **engine_options) -> dict[str, pd.DataFrame]:
    """Return every table for a corpus (articles, rejected, entities, claims, casualties, incidents)."""
    from .loading import load_articles_and_rejected

    articles, rejected = load_articles_and_rejected(corpus)
    return {"articles": articles, "rejected": rejected,
            **extract_tables(articles, cache_dir=cache_dir, use_cache=use_cache, **engine_options)}
