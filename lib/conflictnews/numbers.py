"""The number grammar: figures as the press writes them -> value, low, high, qualifier (tables in data/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

LEXICON_FILE = "numbers_lexicon.yml"
_TOKEN_RE = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*|[^\s\w]")
_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
MAX_PHRASE_TOKENS = 4


@dataclass(frozen=True)
class Figure:
    """A parsed figure: headline value (None when vague), bounds (None = open) and a schema qualifier."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    share: bool = False


@dataclass(frozen=True)
class FigureSpan:
    """A figure found in a text, with character offsets [start, end) and the matched text."""

    start: int
    end: int
    text: str
    figure: Figure


class _Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int


@lru_cache(maxsize=1)
def load_lexicon() -> dict:
    """Return the number grammar's word tables from data/numbers_lexicon.yml."""
    text = resources.files("conflictnews").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
    lex = yaml.safe_load(text)
    for key in ("phrases", "vague", "shares", "prefix_qualifiers", "suffix_qualifiers"):
        lex[key + "_tokens"] = _phrase_table({tuple(_split(k)): v for k, v in lex[key].items()})
    return lex


def _phrase_table(entries: dict[tuple[str, ...], object]) -> dict[str, list[tuple[int, dict]]]:
    """Return a phrase table indexed by first token: first -> [(length, {rest: value})], longest first."""
    by_first: dict[str, dict[int, dict]] = {}
    for key, value in entries.items():
        if 0 < len(key) <= MAX_PHRASE_TOKENS:
            by_first.setdefault(key[0], {}).setdefault(len(key), {})[key[1:]] = value
    return {first: sorted(lengths.items(), reverse=True) for first, lengths in by_first.items()}


def _split(phrase: str) -> list[str]:
    """Return the lower-case tokens of a lexicon phrase, tokenised as texts are."""
    return [m.group(0).lower() for m in _TOKEN_RE.finditer(phrase)]


def _tokenize(text: str) -> list[_Tok]:
    """Return word, digit and punctuation tokens with character offsets."""
    return [_Tok(m.group(0), m.group(0).lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _match_phrase(toks: list[_Tok], i: int, table: dict) -> tuple[int, object] | None:
    """Return (token count, value) of the longest phrase of an indexed table (`_phrase_table`) starting at token i."""
    candidates = table.get(toks[i].low) if i < len(toks) else None
    if candidates is None:
        return None
    for n, rests in candidates:
        if i + n <= len(toks):
            rest = tuple(t.low for t in toks[i + 1:i + n])
            if rest in rests:
                return n, rests[rest]
    return None


def _digits_value(tok: _Tok) -> tuple[float, int] | None:
    """Return (value, characters used) of a digit token, honouring thousands separators."""
    m = _DIGITS_RE.match(tok.text)
    if not m:
        return None
    raw = m.group(0)
    if "," not in raw and "." not in raw and len(raw) > 1 and raw.startswith("0"):
        return None  # clock times and codes ("0914"), not counts
    return float(raw.replace(",", "")), len(raw)


def _word_value(low: str, lex: dict) -> int | None:
    """Return the value of a single number word, incl. hyphenated compounds ('twenty-three')."""
    if low in lex["units"]:
        return lex["units"][low]
    if low in lex["tens"]:
        return lex["tens"][low]
    parts = low.split("-")
    if len(parts) == 2 and parts[0] in lex["tens"] and parts[1] in lex["units"] and lex["units"][parts[1]] < 10:
        return lex["tens"][parts[0]] + lex["units"][parts[1]]
    return None


def _parse_number(toks: list[_Tok], i: int, lex: dict) -> tuple[int, float, int] | None:
    """Return (token count, value, end offset) of a point number at token i ('2.4 million', 'a dozen')."""
    if i >= len(toks):
        return None
    hit = _match_phrase(toks, i, lex["phrases_tokens"])
    if hit:
        n, value = hit
        return n, float(value), toks[i + n - 1].end
    tok = toks[i]
    if tok.low in ("a", "an") and i + 1 < len(toks) and toks[i + 1].low in lex["a_words"]:
        n, total = 2, float(lex["a_words"][toks[i + 1].low])
    else:
        dv = _digits_value(tok)
        if dv is not None:
            total, used = dv
            if used < len(tok.text):
                return 1, total, tok.start + used
            n = 1
        else:
            word = _word_value(tok.low, lex)
            if word is None:
                return None
            total, n = float(word), 1
            if word >= 20 and word % 10 == 0 and i + 1 < len(toks):
                unit = lex["units"].get(toks[i + 1].low)
                if unit is not None and 0 < unit < 10:
                    total, n = total + unit, 2
    return _extend_with_scales(toks, i, n, total, lex)


def _extend_with_scales(toks: list[_Tok], i: int, n: int, total: float, lex: dict) -> tuple[int, float, int]:
    """Extend a number with scale words and word tails ('two hundred and fifty thousand')."""
    current, result = total, 0.0
    j = i + n
    while j < len(toks):
        low = toks[j].low
        if low in lex["scales"]:
            scale = lex["scales"][low]
            if scale == 100:
                current *= 100
            else:
                result += current * scale
                current = 0.0
            j += 1
            continue
        nxt = j + 1 if low == "and" else j
        if nxt < len(toks) and (current or result) and toks[nxt].low not in ("a", "an"):
            word = _word_value(toks[nxt].low, lex)
            if word is not None and not _digits_value(toks[nxt]) and word < 100 and (current % 100 == 0):
                current += word
                j = nxt + 1
                continue
        break
    value = result + current
    return j - i, value, toks[j - 1].end


def _opt_float(value: object) -> float | None:
    """Return value as a float, keeping None (an open bound)."""
    return None if value is None else float(value)


def _bounds(value: float, qualifier: str) -> Figure:
    """Return the Figure of a point value under a prefix/suffix qualifier."""
    if qualifier == "at_least":
        return Figure(value, value, None, "at_least")
    if qualifier == "at_most":
        return Figure(value, None, value, "at_most")
    if qualifier == "approx_below":
        return Figure(value, None, value, "approx")
    if qualifier == "approx":
        return Figure(value, None, None, "approx")
    return Figure(value, value, value, "exact")


def _parse_quantity(toks: list[_Tok], i: int, lex: dict) -> tuple[int, Figure, int] | None:
    """Return (token count, figure, end offset) of a vague phrase, share, range or number at token i."""
    vague = _match_phrase(toks, i, lex["vague_tokens"])
    number = _parse_number(toks, i, lex)
    if vague and (number is None or vague[0] > number[0]):
        n, (low, high) = vague
        return n, Figure(None, _opt_float(low), _opt_float(high), "vague"), toks[i + n - 1].end
    share = _match_phrase(toks, i, lex["shares_tokens"])
    if share and (number is None or share[0] >= number[0]):
        n, frac = share
        return n, Figure(frac, frac, frac, "exact", share=True), toks[i + n - 1].end
    if number is None:
        return None
    n, value, end = number
    j = i + n
    if j + 1 < len(toks) and toks[j].low in lex["range_joiners"]:
        dash = toks[j].low in ("-", "\u2013", "\u2014")
        if not dash or (toks[j].start == end and toks[j + 1].start == toks[j].end):
            other = _parse_number(toks, j + 1, lex)
            if other is not None and other[1] > value:
                return n + 1 + other[0], Figure(None, value, other[1], "approx"), other[2]
    return n, Figure(value, value, value, "exact"), end


def _between(toks: list[_Tok], i: int, lex: dict) -> tuple[int, Figure, int] | None:
    """Return a 'between N and M' / 'from N to M' range starting at token i."""
    if i >= len(toks) or toks[i].low not in ("between", "from"):
        return None
    first = _parse_number(toks, i + 1, lex)
    if first is None:
        return None
    j = i + 1 + first[0]
    joiner = "and" if toks[i].low == "between" else "to"
    if j < len(toks) and toks[j].low == joiner:
        second = _parse_number(toks, j + 1, lex)
        if second is not None and second[1] >= first[1]:
            return j + 1 + second[0] - i, Figure(None, first[1], second[1], "approx"), second[2]
    return None


def _with_suffix(toks: list[_Tok], j: int, fig: Figure, end: int, lex: dict) -> tuple[int, Figure, int]:
    """Apply a suffix qualifier ('or more', '+') after token j; return (extra tokens, figure, end)."""
    hit = _match_phrase(toks, j, lex["suffix_qualifiers_tokens"]) if j < len(toks) else None
    if hit is None or fig.value is None or fig.qualifier != "exact":
        return 0, fig, end
    n, qual = hit
    if qual == "at_least" and toks[j].low in ("plus", "+") and toks[j].start - end > 1:
        return 0, fig, end
    return n, _bounds(fig.value, qual), toks[j + n - 1].end


def _apply_prefix(fig: Figure, qual: str) -> Figure:
    """Return the figure under a prefix qualifier (ranges and vague figures keep their own bounds)."""
    if fig.value is None:
        if qual == "at_least" and fig.low is not None:
            return Figure(None, fig.low, None, fig.qualifier)
        return fig
    return Figure(**{**_bounds(fig.value, qual).__dict__, "share": fig.share})


def _figures_from_tokens(text: str, toks: list[_Tok]) -> list[FigureSpan]:
    """Scan tokens left to right, returning non-overlapping figures."""
    lex = load_lexicon()
    out: list[FigureSpan] = []
    i = 0
    while i < len(toks):
        start_i, qual = i, None
        pre = _match_phrase(toks, i, lex["prefix_qualifiers_tokens"])
        if pre is not None:
            qual, i = pre[1], i + pre[0]
        found = _between(toks, i, lex) or _parse_quantity(toks, i, lex)
        if found is None:
            if qual is not None:
                i = start_i + 1
                continue
            i += 1
            continue
        n, fig, end = found
        extra, fig, end = _with_suffix(toks, i + n, fig, end, lex)
        if qual is not None:
            fig = _apply_prefix(fig, qual)
        begin = toks[start_i].start
        out.append(FigureSpan(begin, end, text[begin:end], fig))
        i = i + n + extra
    return out


def find_figures(text_or_doc: object) -> list[FigureSpan]:
    """Return every figure in a text (or spaCy Doc/Span, by its .text) with character offsets."""
    text = getattr(text_or_doc, "text", text_or_doc)
    if not isinstance(text, str) or not text:
        return []
    return _figures_from_tokens(text, _tokenize(text))


def parse_figure(text: str) -> Figure | None:
    """Return the figure a short phrase states ('at least 70', 'hundreds'), or None if it states none."""
    spans = find_figures(text)
    if not spans:
        return None
    return max(spans, key=lambda s: s.end - s.start).figure


def format_figure(fig: Figure) -> str:
    """Return a compact human reading of a figure ('>= 70', '200-999', '~23000000')."""
    def fmt(v: float | None) -> str:
        return "" if v is None else (f"{v:g}" if v != int(v) else f"{int(v)}")

    if fig.qualifier == "vague" or fig.value is None:
        return f"{fmt(fig.low)}-{fmt(fig.high)}"
    sign = {"at_least": ">= ", "at_most": "<= ", "approx": "~", "exact": ""}.get(fig.qualifier, "")
    return f"{sign}{fmt(fig.value)}"

