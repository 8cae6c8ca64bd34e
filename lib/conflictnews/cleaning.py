"""Cleaning: boilerplate out, normalisation, quality flags in. Patterns live in data/boilerplate.yml."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ftfy
import pandas as pd
import yaml
from dateutil import parser as dateparser

QUOTE_MAP = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\ufeff": "",
})
ENGLISH_STOPWORDS = frozenset(
    "the of and to in a is that for on was with as by at from has have are were be it its said which "
    "he she they their his her this an not but who also had been will after more than".split()
)
MIN_WORDS = 40
MAX_FIELD_CHARS = 1_000_000  # spaCy's default max_length: longer fields are cut and flagged


@dataclass(frozen=True)
class Patterns:
    """Compiled boilerplate, breadcrumb and dateline patterns."""

    paragraphs: tuple[tuple[str, re.Pattern], ...]
    breadcrumbs: tuple[re.Pattern, ...]
    datelines: tuple[re.Pattern, ...]
    place_datelines: tuple[re.Pattern, ...]
    body_leadins: tuple[re.Pattern, ...] = ()
    inline: tuple[tuple[str, re.Pattern], ...] = ()
    tails: tuple[re.Pattern, ...] = ()
    tag_lists: dict | None = None
    bylines: tuple[re.Pattern, ...] = ()


@dataclass
class Cleaned:
    """A cleaned field with what was removed and the flags raised."""

    text: str
    removed: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _expand(pattern: str, placeholders: dict[str, str]) -> str:
    for key, value in placeholders.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


def _tag_list_spec(spec: dict | None, placeholders: dict[str, str]) -> dict | None:
    if not spec:
        return None
    return {"marker": re.compile(_expand(spec["marker"], placeholders)),
            "until": re.compile(_expand(spec["until"], placeholders)),
            "prose": re.compile(_expand(spec.get("prose", "(?!)"), placeholders)),
            "within_start": float(spec.get("within_start", 0.3)), "max_chars": int(spec.get("max_chars", 160)),
            "repeat_words": int(spec.get("repeat_words", 0))}


@lru_cache(maxsize=8)
def load_patterns(path: str | None = None) -> Patterns:
    """Return the compiled patterns from a boilerplate YAML file (default: the packaged one)."""
    if path is None:
        raw = resources.files("conflictnews").joinpath("data/boilerplate.yml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    spec = yaml.safe_load(raw)
    ph = spec.get("placeholders", {})
    flags = re.IGNORECASE
    leadins = [_expand(p, ph) for p in spec.get("dateline_leadins", [])]
    leadin = "(?:" + "|".join(leadins) + ")?" if leadins else ""
    return Patterns(
        paragraphs=tuple(
            (p["kind"], re.compile(r"\s*(?:" + _expand(p["pattern"], ph) + r")\s*", flags))
            for p in spec.get("paragraphs", [])
        ),
        breadcrumbs=tuple(re.compile(r"\s*(?:" + _expand(p, ph) + r")\s*", flags) for p in spec.get("header_breadcrumbs", [])),
        datelines=tuple(re.compile(r"\s*" + leadin + "(?:" + _expand(p, ph) + r")[\s.,:;-]*", flags) for p in spec.get("datelines", [])),
        place_datelines=tuple(re.compile(_expand(p, ph)) for p in spec.get("place_datelines", [])),
        body_leadins=tuple(re.compile(_expand(p, ph), flags) for p in spec.get("body_leadins", [])),
        inline=tuple((p["kind"], re.compile(_expand(p["pattern"], ph))) for p in spec.get("inline", [])),
        tails=tuple(re.compile(_expand(p, ph)) for p in spec.get("tails", [])),
        tag_lists=_tag_list_spec(spec.get("tag_lists"), ph),
        bylines=tuple(re.compile(_expand(p, ph)) for p in spec.get("bylines_before_title", [])),
    )


def repair_encoding(text: str) -> tuple[str, bool]:
    """Return text with mojibake repaired (ftfy) and whether anything was repaired."""
    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def normalise_text(text: str) -> str:
    """Return text in NFC with ASCII quotes/dashes, tidy spaces and blank-line paragraphs; never drops letters."""
    text = unicodedata.normalize("NFC", text).translate(QUOTE_MAP)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty paragraphs of a normalised text."""
    return [p for p in text.split("\n\n") if p.strip()]


def boilerplate_kind(paragraph: str, patterns: Patterns | None = None) -> tuple[str, str | None] | None:
    """Return (kind, publisher) when a paragraph is site furniture, else None."""
    patterns = patterns or load_patterns()
    for kind, rx in patterns.paragraphs:
        m = rx.fullmatch(paragraph)
        if m:
            return kind, m.groupdict().get("publisher")
    return None


def is_breadcrumb(line: str, patterns: Patterns | None = None) -> bool:
    """Return True when a short header line is a section breadcrumb."""
    patterns = patterns or load_patterns()
    return len(line) <= 80 and any(rx.fullmatch(line) for rx in patterns.breadcrumbs)


def parse_date(value: object) -> pd.Timestamp:
    """Return a Timestamp (tz-aware when the input names a zone) or NaT for anything unparseable."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return pd.NaT
    if isinstance(value, pd.Timestamp):
        return value
    if isinstance(value, datetime):
        return pd.Timestamp(value)
    text = str(value).strip()
    if not text:
        return pd.NaT
    m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d\d)", text)
    if m:  # numeric dates: "/" is month-first (US style), "-" and "." day-first, unless impossible
        a, b, y = (int(g) for g in m.groups())
        day_first = "/" not in text
        if (day_first and b > 12) or (not day_first and a > 12):
            day_first = not day_first
        day, month = (a, b) if day_first else (b, a)
        try:
            return pd.Timestamp(year=y, month=month, day=day)
        except ValueError:
            return pd.NaT
    m = re.fullmatch(r"([A-Za-z]{3,9})\.?\s*(\d{2})\s*((?:19|20)\d\d)", text)  # "Jul 012016"
    if m:
        text = f"{m.group(1)} {m.group(2)} {m.group(3)}"
    try:  # dateutil raises more than ValueError on odd input (decimal.InvalidOperation, found by fuzzing)
        stamp = pd.Timestamp(dateparser.parse(text[:200], fuzzy=False))
    except Exception:
        try:
            stamp = pd.Timestamp(text[:200])
        except Exception:
            return pd.NaT
    if stamp.year < 1900 or stamp.year > 2100:
        return pd.NaT
    return stamp


def strip_dateline(text: str, patterns: Patterns | None = None) -> tuple[str, str | None, str | None]:
    """Return (text without a leading dateline, the date string, the removed prefix)."""
    patterns = patterns or load_patterns()
    head = text[:300]
    for rx in patterns.datelines:
        m = rx.match(head)
        if m and m.group("date"):
            return text[m.end():], m.group("date"), text[: m.end()].strip()
    return text, None, None


def strip_place_dateline(text: str, patterns: Patterns | None = None) -> tuple[str, str | None]:
    """Return (text without a leading 'BEIRUT -' / 'Aleppo, SANA-' place dateline, the removed prefix)."""
    patterns = patterns or load_patterns()
    for rx in patterns.place_datelines:
        m = rx.match(text[:120])
        if m:
            return text[m.end():], text[: m.end()].strip()
    return text, None


def _squash(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


TAIL_FROM = 0.35  # a tail marker must stand after this share of the body


def strip_inline(text: str, patterns: Patterns | None = None) -> tuple[str, list[str]]:
    """Return text without inline furniture (photo credits, counters) and what was removed."""
    patterns = patterns or load_patterns()
    removed = []
    for kind, rx in patterns.inline:
        removed += [f"{kind}: {m.group(0)}" for m in rx.finditer(text)]
        text = rx.sub(" ", text)
    return re.sub(r"[ \t]{2,}", " ", text), removed


def strip_tag_list(text: str, patterns: Patterns | None = None) -> tuple[str, str | None]:
    """Return text without a flattened tag list near its start ("Tags Syria Idlib ..."), and the list removed."""
    spec = (patterns or load_patterns()).tag_lists
    if not spec:
        return text, None
    m = spec["marker"].search(text)
    if not m or m.start() > spec["within_start"] * len(text):
        return text, None
    limit = m.end() + spec["max_chars"]
    ends = [found.end() for found in [spec["until"].search(text, m.end(), limit)] if found]
    opening = text[: m.start()].split()[: spec["repeat_words"]]
    if spec["repeat_words"] and len(opening) == spec["repeat_words"]:  # the standfirst's opening words again
        again = re.compile(r"\s" + r"\s+".join(map(re.escape, opening)) + r"(?!\w)").search(text, m.end() - 1, limit)
        ends += [again.start()] if again else []
    if not ends:
        return text, None
    end = min(ends)
    removed = text[m.start():end].strip()
    if spec["prose"].search(removed):
        return text, None
    return (text[: m.start()].rstrip() + " " + text[end:].lstrip()).strip(), removed


def strip_tail(text: str, patterns: Patterns | None = None) -> tuple[str, str | None]:
    """Return text cut before a related-stories/category tail in its last part, and the tail removed."""
    patterns = patterns or load_patterns()
    starts = [m.start() for rx in patterns.tails for m in rx.finditer(text) if m.start() >= TAIL_FROM * len(text)]
    if not starts:
        return text, None
    cut = min(starts)
    return text[:cut].rstrip(), text[cut:].strip()


def strip_repeated_title(text: str, title: str) -> tuple[str, str | None]:
    """Return (text without a leading copy of the title, the removed copy)."""
    if not title or not text:
        return text, None
    target = _squash(title)
    if not target:
        return text, None
    # walk forward over the text until its squashed prefix covers the title
    limit = min(len(text), len(title) + 40)
    for end in range(len(title) - 5 if len(title) > 5 else 1, limit + 1):
        prefix = _squash(text[:end])
        if prefix == target and (end == len(text) or not text[end].isalnum()):
            rest = text[end:].lstrip(" .:-")
            return rest, text[:end].strip()
        if len(prefix) > len(target):
            break
    return text, None


def strip_byline_before_title(text: str, title: str, patterns: Patterns | None = None) -> tuple[str, str | None]:
    """Return (text without a leading byline, the byline) when the article's title follows it ("by Youssef Diab MSF
    Syrian Regime Used ..."); the title copy itself is left for strip_repeated_title."""
    if not title:
        return text, None
    m = next((m for rx in (patterns or load_patterns()).bylines if (m := rx.match(text))), None)
    if not m:
        return text, None
    words = m.group(0).split()
    for n in range(2, len(words) + 1):  # the shortest name after which the title starts
        byline = " ".join(words[:n])
        rest = text[len(byline):].lstrip()
        if strip_repeated_title(rest, title)[1]:
            return rest, byline
    return text, None


IMPLAUSIBLE_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(\d{5,}|1[0-8]\d\d|2[1-9]\d\d)\b"
)


def find_implausible_dates(text: str) -> list[str]:
    """Return the month-year phrases whose year cannot be right ('September 20014')."""
    return [m.group(0) for m in IMPLAUSIBLE_DATE.finditer(text)]


def detect_language(text: str) -> str:
    """Return 'en' when text reads as English, 'ar' for mostly Arabic script, else 'und'."""
    letters = [c for c in text[:5000] if c.isalpha()]
    if not letters:
        return "und"
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
    if arabic / len(letters) > 0.5:
        return "ar"
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if len(words) < 8:
        return "en" if any(w in ENGLISH_STOPWORDS for w in words) else "und"
    share = sum(1 for w in words if w in ENGLISH_STOPWORDS) / len(words)
    return "en" if share >= 0.12 else "und"


def cap_field(text: str, limit: int = MAX_FIELD_CHARS) -> tuple[str, bool]:
    """Return text cut to the size cap and whether it was cut."""
    return (text[:limit], True) if len(text) > limit else (text, False)


def clean_body(text: str, title: str = "", patterns: Patterns | None = None) -> tuple[Cleaned, str | None, str | None]:
    """Return (cleaned body, dateline date string, publisher named by a footer) for one article body."""
    patterns = patterns or load_patterns()
    out = Cleaned(text="")
    text, repaired = repair_encoding(text)
    if repaired:
        out.flags.append("mojibake_repaired")
    text = normalise_text(text)
    publisher = None
    kept = []
    for para in split_paragraphs(text):
        hit = boilerplate_kind(para, patterns)
        if hit:
            out.removed.append(f"{hit[0]}: {para}")
            publisher = publisher or hit[1]
        else:
            kept.append(para)
    text = "\n\n".join(kept)
    date_string = None
    for _ in range(3):  # title, dateline and place dateline come in several orders
        before = text
        text, byline = strip_byline_before_title(text, normalise_text(title), patterns)
        if byline:
            out.removed.append(f"byline: {byline}")
        text, copy = strip_repeated_title(text, normalise_text(title))
        if copy:
            out.removed.append(f"repeated title: {copy}")
        if date_string is None:
            text, date_string, prefix = strip_dateline(text, patterns)
            if prefix:
                out.removed.append(f"dateline: {prefix}")
        text, place = strip_place_dateline(text, patterns)
        if place:
            out.removed.append(f"place dateline: {place}")
        for rx in patterns.body_leadins:
            m = rx.match(text)
            if m:
                out.removed.append(f"label: {m.group(0).strip()}")
                text = text[m.end():]
        if text == before:
            break
    text, inline = strip_inline(text, patterns)
    out.removed += inline
    text, tags = strip_tag_list(text, patterns)
    if tags:
        out.removed.append(f"tags: {tags}")
    text, tail = strip_tail(text, patterns)
    if tail:
        out.removed.append(f"related links: {tail}")
    out.text = text.strip()
    return out, date_string, publisher
