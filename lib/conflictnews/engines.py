"""Extraction engines: in this process, a local process pool (`--n-process N`), or Dask distributed (`--engine dask`).

Every engine runs the same unit of work, `extract_partition`: parse a list of articles with `nlp.pipe` and return
each article's rows. Workers send back rows (small), never Docs. The cache is read and written by the calling
process only, so workers need no shared file system; a worker whose package, model or data files differ from the
caller's is refused (its fingerprint is returned with every partition and checked).
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

ENGINES = ("local", "dask")
DEFAULT_BATCH_SIZE = 32
DEFAULT_PARTITION_SIZE = 32


class EngineError(RuntimeError):
    """An engine cannot run: unknown engine, unreachable scheduler, or a worker with a different fingerprint."""


def extract_partition(records: list[dict], batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[str, list[dict]]:
    """Return this process's fingerprint and the rows of each record, in order, from one parse per article."""
    from .nlp import get_nlp
    from .pipeline import extract_article, fingerprint, iter_parsed

    nlp = get_nlp()
    return fingerprint(), [extract_article(article, docs) for article, docs in iter_parsed(records, nlp, batch_size)]


def partitions(records: list[dict], size: int) -> list[list[dict]]:
    """Return the records cut into consecutive partitions of at most `size`."""
    size = max(1, size)
    return [records[i:i + size] for i in range(0, len(records), size)]


def balanced_partition_size(n_records: int, workers: int, largest: int = DEFAULT_PARTITION_SIZE) -> int:
    """Return a partition size giving every worker several partitions, at most `largest` articles each."""
    return max(1, min(largest, math.ceil(n_records / max(1, 4 * workers))))


def payload(article: dict) -> dict:
    """Return the fields of an article the stages may read (the cache key's fields; what a worker receives)."""
    from .pipeline import KEY_FIELDS

    return {k: article[k] for k in KEY_FIELDS if k in article}


def check_fingerprint(found: str, expected: str | None = None) -> None:
    """Raise EngineError when a worker's fingerprint differs from the caller's (`expected`, else computed now)."""
    from .pipeline import fingerprint

    expected = expected or fingerprint()
    if found != expected:
        raise EngineError(
            f"a worker runs a different conflictnews build (fingerprint {found}, expected {expected}): "
            "install the same package version, spaCy model and data files on every worker, "
            "and do not edit them during a run"
        )


def iter_in_process(records: list[dict], nlp=None, batch_size: int = DEFAULT_BATCH_SIZE
                    ) -> Iterator[tuple[int, dict]]:
    """Yield (position, rows) for each record, parsed in this process (streaming, one Doc batch at a time)."""
    from .nlp import get_nlp
    from .pipeline import extract_article, iter_parsed

    nlp = nlp or get_nlp()
    indexed = [dict(payload(article), _position=i) for i, article in enumerate(records)]
    for article, docs in iter_parsed(indexed, nlp, batch_size):
        yield article["_position"], extract_article(article, docs)


def _warm_worker() -> None:
    """Load the pipeline once when a pool worker starts."""
    from .nlp import get_nlp

    get_nlp()


def iter_process_pool(records: list[dict], n_process: int, batch_size: int = DEFAULT_BATCH_SIZE,
                      partition_size: int = DEFAULT_PARTITION_SIZE, build: str | None = None
                      ) -> Iterator[tuple[int, dict]]:
    """Yield (position, rows) for each record, computed by `n_process` local worker processes (spawned)."""
    parts = partitions([payload(a) for a in records], balanced_partition_size(len(records), n_process, partition_size))
    n_process = min(n_process, len(parts))
    if n_process <= 1:
        yield from iter_in_process(records, batch_size=batch_size)
        return
    context = multiprocessing.get_context("spawn")
    position = 0
    with ProcessPoolExecutor(n_process, mp_context=context, initializer=_warm_worker) as pool:
        try:
            for found, rows in pool.map(extract_partition, parts, [batch_size] * len(parts)):
                check_fingerprint(found, build)
                for row in rows:
                    yield position, row
                    position += 1
        except BrokenProcessPool as err:
            raise EngineError(
                "a worker process died (out of memory, or a script calling extraction with n_process > 1 "
                "outside `if __name__ == \"__main__\":`)"
            ) from err


def dask_client(scheduler: str | None, n_workers: int | None):
    """Return a Dask client on `scheduler`, else on a new LocalCluster of `n_workers` single-threaded processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - dask is a declared dependency
        raise EngineError("the dask engine needs `distributed` (pip install 'dask[distributed]')") from err
    if scheduler:
        try:
            return Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    workers = n_workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster)


def iter_dask(records: list[dict], scheduler: str | None = None, n_workers: int | None = None,
              batch_size: int = DEFAULT_BATCH_SIZE, partition_size: int = DEFAULT_PARTITION_SIZE,
              build: str | None = None) -> Iterator[tuple[int, dict]]:
    """Yield (position, rows) for each record, partitions computed on a Dask cluster (bounded number in flight)."""
    from distributed import as_completed

    if not records:
        return
    client = dask_client(scheduler, n_workers)
    try:
        cores = sum((client.nthreads() or {}).values()) or 1
        size = balanced_partition_size(len(records), cores, partition_size)
        parts = partitions([payload(a) for a in records], size)
        window = max(2, 2 * cores)
        starts = [i * size for i in range(len(parts))]
        pending = iter(range(len(parts)))

        def submit(index: int):
            future = client.submit(extract_partition, parts[index], batch_size, pure=False)
            future.partition_index = index
            return future

        running = as_completed([submit(i) for _, i in zip(range(window), pending)], with_results=True)
        for future, (found, rows) in running:
            check_fingerprint(found, build)
            start = starts[future.partition_index]
            for offset, row in enumerate(rows):
                yield start + offset, row
            following = next(pending, None)
            if following is not None:
                running.add(submit(following))
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()


def iter_rows(records: list[dict], engine: str = "local", n_process: int = 1, scheduler: str | None = None,
              batch_size: int = DEFAULT_BATCH_SIZE, partition_size: int = DEFAULT_PARTITION_SIZE, nlp=None,
              build: str | None = None) -> Iterator[tuple[int, dict]]:
    """Yield (position in records, rows) for every record with the chosen engine (any order).

    `build` is the caller's fingerprint: rows from a worker with another fingerprint are refused.
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "dask":
        yield from iter_dask(records, scheduler, n_process if n_process > 1 else None, batch_size, partition_size,
                             build)
    elif n_process > 1 and len(records) > 1:
        yield from iter_process_pool(records, n_process, batch_size, partition_size, build)
    else:
        yield from iter_in_process(records, nlp, batch_size)
