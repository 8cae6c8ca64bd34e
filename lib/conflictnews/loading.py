"""Loading: files (txt reprints, HTML, JSONL, CSV, folders, globs) → the articles table and rejected rows."""

from __future__ import annotations

import codecs
import csv
import glob
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from . import cleaning
from .schema import ARTICLE_COLUMNS, REJECTED_COLUMNS

EXTRA_ARTICLE_COLUMNS = ["location", "source_row", "duplicate_of"]
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
CSV_SUFFIXES = {".csv", ".tsv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
FAKES_COLUMNS = {"unit_id", "article_title", "article_content", "source", "date"}
csv.field_size_limit(cleaning.MAX_FIELD_CHARS * 4)


class InputError(ValueError):
    """An input path that cannot be used at all (missing, unreadable): the one-line message says why."""


@dataclass
class RawArticle:
    """One article as a format reader found it, before cleaning."""

    text: str
    source_path: str
    title: str = ""
    outlet: str = ""
    publisher: str = ""
    published: object = None
    url: str = ""
    language: str = ""
    input_id: str = ""
    location: str = ""
    source_row: int | None = None
    flags: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    dateline: str | None = None  # a dateline already parsed off by the reader
    clean_body: bool = True


@dataclass(frozen=True)
class Rejected:
    """An input file or row that could not become an article, and why."""

    source: str
    reason: str


# -- outlets ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def outlet_aliases() -> dict[str, str]:
    """Return {lower-cased alias: canonical outlet name} from data/outlets.csv."""
    raw = resources.files("conflictnews").joinpath("data/outlets.csv").read_text(encoding="utf-8")
    table = pd.read_csv(io.StringIO(raw), keep_default_na=False)
    aliases: dict[str, str] = {}
    for name, alias_field in zip(table["outlet"], table["aliases"]):
        for alias in [name, *alias_field.split("|")]:
            if alias.strip():
                aliases[alias.strip().casefold()] = name
    return aliases


def canonical_outlet(name: str) -> str:
    """Return the canonical outlet name for a raw outlet string (unchanged when unknown)."""
    name = (name or "").strip()
    return outlet_aliases().get(name.casefold(), name)


# -- reading bytes safely ------------------------------------------------------------------------


def looks_binary(data: bytes) -> bool:
    """Return True when bytes are not text (NUL bytes or many control characters)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return len(sample) >= 256 and controls / len(sample) > 0.1


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: decode an invalid UTF-8 byte as Windows-1252 (Latin-1 for its holes)."""
    byte = err.object[err.start]
    try:
        return bytes([byte]).decode("cp1252"), err.start + 1
    except UnicodeDecodeError:
        return chr(byte), err.start + 1


codecs.register_error("conflictnews-cp1252", _cp1252_fallback)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 when valid, else Windows-1252 with Latin-1 for its holes."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="conflictnews-cp1252"), "cp1252"


def sniff_file(path: Path) -> str:
    """Return the encoding to stream a text file with; raise ValueError for empty or binary files."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
        if not head.strip():
            if not head or not handle.read(1 << 20).strip():
                raise ValueError("empty file")
    if looks_binary(head):
        raise ValueError("binary file, not text")
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            while handle.read(1 << 20):
                pass
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def read_text_file(path: Path) -> tuple[str, str]:
    """Return (text, encoding) of a text file; raise ValueError with a reason for unusable files."""
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("empty file")
    if looks_binary(data):
        raise ValueError("binary file, not text")
    return decode_bytes(data)


# -- format readers ----------------------------------------------------------------------------


def read_reprint(path: Path) -> Iterator[RawArticle | Rejected]:
    """Yield the article in a plain-text reprint (banner, breadcrumb, outlet, title, outlet, dateline, body, footer)."""
    text, encoding = read_text_file(path)
    flags = ["decoded_cp1252"] if encoding == "cp1252" else []
    paragraphs = cleaning.split_paragraphs(cleaning.normalise_text(cleaning.repair_encoding(text)[0]))
    patterns = cleaning.load_patterns()
    removed: list[str] = []
    header_end, dateline = None, None
    for i, para in enumerate(paragraphs[:10]):
        if len(para) <= 80:
            rest, date_string, prefix = cleaning.strip_dateline(para, patterns)
            if date_string and not rest.strip():
                header_end, dateline = i, para
                break
    if header_end is None:  # no dateline: the first short line is the title
        header, body = [], paragraphs
        for i, para in enumerate(paragraphs[:6]):
            if len(para) <= 200 and not cleaning.boilerplate_kind(para, patterns):
                header, body = paragraphs[: i + 1], paragraphs[i + 1 :]
                break
    else:
        header, body = paragraphs[:header_end], paragraphs[header_end + 1 :]
        removed.append(f"dateline: {paragraphs[header_end]}")
    outlet, title = "", ""
    repeated = {p for p in header if header.count(p) > 1}
    for para in header:
        kind = cleaning.boilerplate_kind(para, patterns)
        if kind:
            removed.append(f"{kind[0]}: {para}")
        elif para in repeated:
            outlet = outlet or para
            removed.append(f"outlet line: {para}")
        elif cleaning.is_breadcrumb(para, patterns) and not title:
            removed.append(f"breadcrumb: {para}")
        elif not title or (outlet and para not in repeated):
            if title:
                removed.append(f"breadcrumb: {title}")
            title = para
        else:
            removed.append(f"header: {para}")
    yield RawArticle(
        text="\n\n".join(body), source_path=str(path), title=title, outlet=canonical_outlet(outlet),
        flags=flags, removed=removed, dateline=dateline,
    )


def read_html(path: Path) -> Iterator[RawArticle | Rejected]:
    """Yield the article in an HTML page: body and metadata via trafilatura."""
    import trafilatura

    text, _ = read_text_file(path)
    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        yield Rejected(str(path), "no article body found in the HTML page")
        return
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = meta.get("text") or ""
    sitename = meta.get("sitename") or ""
    hostname = meta.get("hostname") or ""
    yield RawArticle(
        text=body, source_path=str(path), title=meta.get("title") or "",
        outlet=canonical_outlet(sitename or hostname), publisher=canonical_outlet(hostname or sitename),
        published=meta.get("date"), url=meta.get("url") or "", language=meta.get("language") or "",
    )


def _from_record(record: dict, source: str, row: int | None) -> RawArticle | Rejected:
    text = record.get("text")
    if not isinstance(text, str):
        return Rejected(source, "missing required field 'text'" if text is None else "field 'text' is not a string")
    if not text.strip():
        return Rejected(source, "field 'text' is empty")

    def field_str(key: str) -> str:
        value = record.get(key)
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)

    return RawArticle(
        text=text, source_path=source.split(":")[0] if row is not None else source, title=field_str("title"),
        outlet=canonical_outlet(field_str("outlet")), publisher=canonical_outlet(field_str("publisher")),
        published=record.get("published"), url=field_str("url"), language=field_str("language"),
        input_id=field_str("id"), location=field_str("location"), source_row=row,
    )


def read_jsonl(path: Path) -> Iterator[RawArticle | Rejected]:
    """Yield one article per JSON line (keys id, title, text, outlet, published, url, language; text required)."""
    sniff_file(path)
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                yield Rejected(source, f"invalid UTF-8 at byte {err.start}")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield Rejected(source, f"invalid JSON: {err.msg} (column {err.colno})")
                continue
            except RecursionError:
                yield Rejected(source, "invalid JSON: nested too deeply")
                continue
            if not isinstance(record, dict):
                yield Rejected(source, f"a JSON {type(record).__name__}, not an object")
                continue
            yield _from_record(record, source, number)


def read_csv(path: Path) -> Iterator[RawArticle | Rejected]:
    """Yield one article per CSV row: the FA-KES layout or generic title/text/outlet/published columns."""
    encoding = sniff_file(path)
    handle = open(path, encoding=encoding, errors="conflictnews-cp1252", newline="")  # noqa: SIM115
    try:
        yield from _read_csv_rows(path, handle, "cp1252" if encoding == "cp1252" else "utf-8")
    finally:
        handle.close()


def _read_csv_rows(path: Path, handle, encoding: str) -> Iterator[RawArticle | Rejected]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise ValueError("no CSV header row") from None
    except csv.Error as err:
        raise ValueError(f"no CSV header row ({err})") from None
    names = {h.lower() for h in header}
    is_fakes = FAKES_COLUMNS <= names
    if not is_fakes and "text" not in names:
        raise ValueError(f"CSV has no 'text' column (columns: {', '.join(header)})")
    row = -1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            row += 1
            yield Rejected(f"{path}:row {row}", f"malformed CSV row: {err}")
            continue
        row += 1
        source = f"{path}:row {row}"
        if not values:
            continue
        if len(values) != len(header):
            yield Rejected(source, f"malformed CSV row: expected {len(header)} fields, got {len(values)}")
            continue
        record = {h.lower(): v for h, v in zip(header, values)}
        if is_fakes:
            record = {
                "id": record["unit_id"], "title": record["article_title"], "text": record["article_content"],
                "outlet": record["source"], "published": record["date"], "location": record.get("location", ""),
            }
        article = _from_record(record, source, row)
        if isinstance(article, RawArticle):
            article.source_path = str(path)
            if encoding == "cp1252" and not is_fakes:
                article.flags.append("decoded_cp1252")
        yield article


READERS = {**dict.fromkeys(TEXT_SUFFIXES, read_reprint), **dict.fromkeys(HTML_SUFFIXES, read_html),
           **dict.fromkeys(JSONL_SUFFIXES, read_jsonl), **dict.fromkeys(CSV_SUFFIXES, read_csv)}


# -- paths -----------------------------------------------------------------------------------


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Return the files named by paths, folders (recursively) and globs, sorted; raise InputError for missing ones."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        elif p.is_file():
            files.append(p)
        elif glob.has_magic(str(raw)):
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=True) if Path(m).is_file())
            if not matches:
                raise InputError(f"no files match {raw!s}: check the pattern")
            files.extend(matches)
        else:
            raise InputError(f"input not found: {raw!s} (give an existing file, folder or glob)")
    return files


def iter_raw_articles(paths: Iterable[str | os.PathLike]) -> Iterator[RawArticle | Rejected]:
    """Yield raw articles and rejected inputs from every file, one bad file never stopping the others."""
    for path in expand_paths(paths):
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            yield Rejected(str(path), f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .html, .jsonl or .csv")
            continue
        try:
            yield from reader(path)
        except PermissionError:
            yield Rejected(str(path), "file is not readable (permission denied)")
        except (ValueError, OSError) as err:
            yield Rejected(str(path), str(err))


# -- from raw to clean rows ------------------------------------------------------------------------


def stable_article_id(outlet: str, title: str, published: object, text: str) -> str:
    """Return a stable 16-hex-digit id from outlet, title, publication date and text."""
    key = "\x1f".join([outlet or "", title or "", "" if pd.isna(published) else str(published), text or ""])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def clean_article(raw: RawArticle) -> dict:
    """Return one articles-table row (a dict) from a raw article: cleaned, flagged, with what was removed."""
    flags, removed = list(raw.flags), list(raw.removed)
    text, cut = cleaning.cap_field(raw.text)
    if cut:
        flags.append("truncated")
    title_fixed, title_repaired = cleaning.repair_encoding(raw.title or "")
    title = cleaning.normalise_text(title_fixed).replace("\n\n", " ")
    body, dateline, publisher = cleaning.clean_body(text, title)
    flags += [f for f in body.flags if f not in flags]
    if title_repaired and "mojibake_repaired" not in flags:
        flags.append("mojibake_repaired")
    removed += body.removed
    dateline = raw.dateline or dateline
    published = cleaning.parse_date(raw.published)
    dateline_date = cleaning.parse_date(dateline) if dateline else pd.NaT
    if pd.isna(published) and not pd.isna(dateline_date):
        published = dateline_date
    elif not pd.isna(published) and not pd.isna(dateline_date):
        if abs((published.tz_localize(None) - dateline_date.tz_localize(None)).days) > 2:
            flags.append(f"dateline_mismatch={dateline}")
    if pd.isna(published):
        flags.append("missing_date")
    for phrase in cleaning.find_implausible_dates(body.text):
        flags.append(f"implausible_date={phrase}")
    if not body.text:
        flags.append("empty_body")
    elif len(body.text.split()) < cleaning.MIN_WORDS:
        flags.append("short_body")
    if not title:
        flags.append("no_title")
    language = raw.language or cleaning.detect_language(body.text or title)
    if language.lower()[:2] != "en":
        flags.append("non_english")
    outlet = raw.outlet or publisher or ""
    return {
        "article_id": raw.input_id,
        "outlet": outlet,
        "publisher": canonical_outlet(raw.publisher or publisher or outlet),
        "title": title,
        "published": published,
        "url": raw.url,
        "language": language,
        "text": body.text,
        "source_path": raw.source_path,
        "flags": flags,
        "removed": removed,
        "location": raw.location,
        "source_row": raw.source_row,
        "duplicate_of": "",
    }


def assign_ids(rows: list[dict]) -> None:
    """Give every row a distinct article_id: the input id, suffixed when it repeats, else a stable hash."""
    seen: dict[str, int] = {}
    for row in rows:
        base = row["article_id"] or stable_article_id(row["outlet"], row["title"], row["published"], row["text"])
        count = seen.get(base, 0) + 1
        seen[base] = count
        if count > 1:
            row["article_id"] = f"{base}-{count}"
            if row["article_id"] != base and row["article_id"] not in seen:
                row["flags"].append("duplicate_id")
        else:
            row["article_id"] = base


def _shingles(text: str, size: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.casefold())
    # zlib.crc32, not hash(): Python salts str hashes per process, and duplicates must be found the same every run
    return {zlib.crc32(" ".join(words[i : i + size]).encode("utf-8")) for i in range(max(0, len(words) - size + 1))}


def flag_duplicates(rows: list[dict], threshold: float = 0.8) -> None:
    """Flag exact duplicates (same title and text) and near duplicates (reprints), pointing at the first copy."""
    first_exact: dict[str, str] = {}
    for row in rows:
        key = hashlib.sha1(f"{row['title'].casefold()}\x1f{row['text'].casefold()}".encode()).hexdigest()
        if key in first_exact:
            row["flags"].append("exact_duplicate")
            row["duplicate_of"] = first_exact[key]
        else:
            first_exact[key] = row["article_id"]
    # near duplicates: sampled word 5-gram shingles, candidate pairs through an inverted index
    index: dict[int, list[int]] = {}
    samples: list[set[int]] = []
    for i, row in enumerate(rows):
        sample = {h for h in _shingles(row["text"]) if h % 4 == 0}
        samples.append(sample)
        if row["duplicate_of"] or len(sample) < 5:
            continue
        shared: dict[int, int] = {}
        for h in sample:
            for j in index.get(h, ()):
                shared[j] = shared.get(j, 0) + 1
        best = None
        for j, n in shared.items():
            jaccard = n / len(sample | samples[j])
            if jaccard >= threshold and (best is None or jaccard > best[1]):
                best = (j, jaccard)
        if best is not None:
            row["flags"].append("near_duplicate")
            row["duplicate_of"] = rows[best[0]]["article_id"]
        for h in sample:
            index.setdefault(h, []).append(i)


def _published_column(values: list) -> pd.Series:
    stamps = [pd.NaT if v is None or pd.isna(v) else v for v in values]
    zones = {getattr(s, "tz", None) is not None for s in stamps if not pd.isna(s)}
    if zones == {True}:
        try:
            return pd.Series(pd.to_datetime(stamps, utc=True), dtype="datetime64[ns, UTC]")
        except (ValueError, TypeError):
            pass
    if zones <= {False}:
        return pd.Series(pd.to_datetime(stamps), dtype="datetime64[ns]")
    return pd.Series(stamps, dtype="object")


def load_articles_and_rejected(paths, progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (articles, rejected) tables for files, folders or globs: every input row lands in exactly one."""
    rows: list[dict] = []
    rejected: list[Rejected] = []
    items: Iterable = iter_raw_articles(paths)
    if progress:
        from tqdm.auto import tqdm

        items = tqdm(items, desc="loading", unit="article", disable=None)
    for item in items:
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        try:
            rows.append(clean_article(item))
        except Exception as err:  # one bad article never loses the others
            where = item.source_path + (f":row {item.source_row}" if item.source_row is not None else "")
            rejected.append(Rejected(where, f"could not clean: {type(err).__name__}: {err}"))
    assign_ids(rows)
    flag_duplicates(rows)
    columns = ARTICLE_COLUMNS + EXTRA_ARTICLE_COLUMNS
    articles = pd.DataFrame(rows, columns=columns)
    articles["published"] = _published_column([r["published"] for r in rows])
    articles["source_row"] = articles["source_row"].astype("Int64")
    rejected_table = pd.DataFrame([(r.source, r.reason) for r in rejected], columns=REJECTED_COLUMNS)
    return articles, rejected_table


def load_articles(paths) -> pd.DataFrame:
    """Return the articles table for files, folders or globs (rejected inputs: see load_articles_and_rejected)."""
    return load_articles_and_rejected(paths)[0]


# -- summaries for notebooks -----------------------------------------------------------------------


def flag_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """Return how many articles carry each data-quality flag (flag code, articles), most frequent first."""
    codes = [flag.split("=")[0] for flags in articles["flags"] for flag in dict.fromkeys(flags)]
    counts = pd.Series(codes, dtype="object").value_counts()
    table = counts.rename_axis("flag").reset_index(name="articles")
    return table.sort_values(["articles", "flag"], ascending=[False, True], ignore_index=True)


def duplicate_pairs(articles: pd.DataFrame) -> pd.DataFrame:
    """Return each flagged duplicate with the article it copies: article_id, duplicate_of, kind, outlets, titles."""
    dupes = articles[articles["duplicate_of"] != ""]
    first = articles.set_index("article_id")
    rows = []
    for row in dupes.itertuples(index=False):
        original = first.loc[row.duplicate_of]
        kind = "exact" if "exact_duplicate" in row.flags else "near"
        rows.append((row.article_id, row.duplicate_of, kind, row.outlet, original["outlet"], row.title))
    columns = ["article_id", "duplicate_of", "kind", "outlet", "original_outlet", "title"]
    return pd.DataFrame(rows, columns=columns).sort_values(["kind", "article_id"], ignore_index=True)


def articles_by_month(articles: pd.DataFrame) -> pd.DataFrame:
    """Return article counts per outlet and month of publication (undated articles left out, counted apart)."""
    dated = articles.dropna(subset=["published"])
    month = pd.to_datetime(dated["published"], utc=True).dt.tz_localize(None).dt.to_period("M").dt.to_timestamp()
    table = dated.assign(month=month).groupby(["outlet", "month"]).size().reset_index(name="articles")
    return table.sort_values(["month", "outlet"], ignore_index=True)
