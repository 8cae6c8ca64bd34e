"""Casualty mentions (figure + harm + victim + scope + source) and per-article incident summaries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import pandas as pd
import yaml

from conflictnews.nlp import doc_ents, doc_text
from conflictnews.numbers import Figure, FigureSpan, find_figures
from conflictnews.schema import CASUALTY_COLUMNS, CASUALTY_KINDS, INCIDENT_COLUMNS

LEXICON_FILE = "casualty_lexicon.yml"
ESTIMATORS_FILE = "casualty_estimators.csv"
GOVERNORATES_FILE = "casualty_governorates.csv"
NOT_COUNT_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
COUNTRY_WIDE = {"syria", "syrian arab republic"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MAX_WALK = 7
NEAR_TOKENS = 8
MAX_SOURCE_TOKENS = 12
CUE_MAX_GAP = 60  # characters between a cumulative cue and its figure


@dataclass(frozen=True)
class CasualtyLexicon:
    """The casualty rules' word tables, as sets for fast look-up."""

    harm: dict[str, str]
    weak_harm: frozenset[str]
    victims: dict[str, str]
    non_person: frozenset[str]
    not_before: frozenset[str]
    not_after: frozenset[str]
    cumulative: tuple[re.Pattern, ...]
    cumulative_min_killed: float
    source_verbs: frozenset[str]
    source_nouns: frozenset[str]
    relative_days: dict[str, int]


@lru_cache(maxsize=1)
def load_casualty_lexicon() -> CasualtyLexicon:
    """Return the casualty lexicon from data/casualty_lexicon.yml."""
    raw = yaml.safe_load(resources.files("conflictnews").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8"))
    harm = {w: kind for kind in CASUALTY_KINDS for w in raw["harm"].get(kind, [])}
    victims: dict[str, str] = {}
    for cat in ("child", "woman", "civilian", "combatant", "unspecified"):
        for w in raw["victims"][cat]:
            victims.setdefault(str(w), cat)
    return CasualtyLexicon(
        harm=harm,
        weak_harm=frozenset(raw["weak_harm"]),
        victims=victims,
        non_person=frozenset(str(w) for w in raw["non_person"]),
        not_before=frozenset(str(w) for w in raw["not_count_before"]),
        not_after=frozenset(str(w) for w in raw["not_count_after"]),
        cumulative=tuple(re.compile(p, re.IGNORECASE) for p in raw["cumulative_cues"]),
        cumulative_min_killed=float(raw["cumulative_min_killed"]),
        source_verbs=frozenset(raw["source_verbs"]),
        source_nouns=frozenset(raw["source_nouns"]),
        relative_days={str(k): int(v) for k, v in raw["relative_days"].items()},
    )


@lru_cache(maxsize=1)
def load_estimators() -> pd.DataFrame:
    """Return the estimator alias table (pattern -> estimator) from data/casualty_estimators.csv."""
    path = resources.files("conflictnews").joinpath("data", ESTIMATORS_FILE)
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh, comment="#")


@lru_cache(maxsize=1)
def load_governorates() -> dict[str, re.Pattern]:
    """Return governorate -> compiled pattern of its places, from data/casualty_governorates.csv."""
    path = resources.files("conflictnews").joinpath("data", GOVERNORATES_FILE)
    with path.open(encoding="utf-8") as fh:
        table = pd.read_csv(fh, comment="#")
    return {g: re.compile(rf"\b(?:{p})", re.IGNORECASE) for g, p in zip(table["governorate"], table["pattern"],
                                                                          strict=True)}


def estimator_of(attributed_to: object) -> str:
    """Return the estimator (SOHR, UN, SCPR, VDC, government, ...) a source string names, or 'unattributed'."""
    if not isinstance(attributed_to, str) or not attributed_to.strip():
        return "unattributed"
    text = attributed_to.lower()
    for row in load_estimators().itertuples(index=False):
        if re.search(row.pattern, text):
            return row.estimator
    return "other"


def _words(tok) -> tuple[str, str]:
    """Return (lower form, lemma) of a token."""
    return tok.lower_, tok.lemma_.lower()


def _in(tok, table) -> str | None:
    """Return the table entry for a token's lower form or lemma (dict value, or the word for sets)."""
    for w in _words(tok):
        if w in table:
            return table[w] if isinstance(table, dict) else w
    return None


def _is_not_count(span: FigureSpan, toks, doc, lex: CasualtyLexicon) -> bool:
    """Return True when a figure is a date, year, age, time, money or percentage rather than a count."""
    fig = span.figure
    if fig.share:
        return False
    for ent in doc_ents(doc):
        if ent.label_ in NOT_COUNT_ENTS and ent.start_char < span.end and span.start < ent.end_char:
            if ent.label_ in ("DATE", "TIME") and not re.search(r"[^\W\d_]", ent.text.replace(span.text, "")):
                continue  # a bare number the tagger took for a date; years are caught below
            head = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
            if head is None or not (_in(head, lex.victims) or _in(head, lex.harm)):
                return True
    before = doc[toks[0].i - 1] if toks[0].i > 0 else None
    after = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    if before is not None and before.lower_ in lex.not_before:
        return True
    if after is not None and (after.lower_ in lex.not_after or doc_text(doc)[span.end:span.end + 5].lower().startswith(
            ("-year", "-mont", "-day", "-hour", "-km", "-kilo", "th ", "st ", "nd ", "rd "))):
        return True
    v = fig.value
    is_year = v is not None and 1900 <= v <= 2100 and float(v).is_integer() and span.text.strip().isdigit()
    if is_year and not (after is not None and _in(after, lex.victims)):
        return True
    return False


SINGULAR_CATEGORIES = ("child", "woman", "civilian")


def _with_singular_victims(spans: list[FigureSpan], doc, lex: CasualtyLexicon) -> list[FigureSpan]:
    """Add 'a woman', 'a child' (one person of a category) to the figures, as sub-counts of a toll."""
    taken = [(s.start, s.end) for s in spans]
    extra = []
    for tok in doc:
        if tok.lower_ not in ("a", "an"):
            continue
        head = tok.head
        if tok.dep_ == "det" and head.tag_ == "NN" and 0 < head.i - tok.i <= 3 \
                and _in(head, lex.victims) in SINGULAR_CATEGORIES \
                and not any(a <= tok.idx < b for a, b in taken):
            extra.append(FigureSpan(tok.idx, tok.idx + len(tok.text), tok.text, Figure(1.0, 1.0, 1.0, "exact")))
    return sorted(spans + extra, key=lambda s: s.start) if extra else spans


def _figure_tokens(doc, span: FigureSpan):
    """Return the Doc span covering a figure (expanded to whole tokens)."""
    return doc.char_span(span.start, span.end, alignment_mode="expand")


def _victim_token(num, fig_toks, lex: CasualtyLexicon):
    """Return the noun a figure counts ('people' in 'at least 70 people'), or None when the figure stands alone."""
    head = num.head
    if num.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod") and head.i > num.i \
            and head.i not in {t.i for t in fig_toks} and head.i - num.i <= 5:
        return _refine_victim(head, lex)
    for child in num.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    doc = num.doc
    for j in range(num.i + 1, min(num.i + 4, len(doc))):
        t = doc[j]
        if t.is_punct or (t.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ") and not t.text.isupper()):
            if t.lower_ != "of":
                break
            continue
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and (_in(t, lex.victims) or _in(t, lex.non_person)):
            return t
    return None


def _refine_victim(tok, lex: CasualtyLexicon):
    """Return a better victim noun a few words on ('70 regime and rebel fighters' -> fighters)."""
    if _in(tok, lex.victims) or _in(tok, lex.non_person):
        return tok
    doc = tok.doc
    for j in range(tok.i + 1, min(tok.i + 5, len(doc))):
        t = doc[j]
        if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP", "SCONJ"):
            break
        if _in(t, lex.victims) or _in(t, lex.non_person):
            return t
    return tok


def _victim_category(victim, lex: CasualtyLexicon) -> str:
    """Return the victim category of a victim noun, looking at its modifiers ('civilian casualties') too."""
    if victim is None:
        return "unspecified"
    cats = [_in(c, lex.victims) for c in victim.children if c.dep_ in ("amod", "compound", "nmod") and c.i < victim.i]
    cats.append(_in(victim, lex.victims))
    for cat in ("child", "woman", "civilian", "combatant"):
        if cat in cats:
            return cat
    return "unspecified"


def _victim_text(num, victim, fig_toks) -> str:
    """Return the words naming the victims after the figure ('Daesh terrorists', 'Syrian rebels')."""
    if victim is None or victim.i <= fig_toks[-1].i:
        return ""
    start = fig_toks[-1].i + 1
    doc = victim.doc
    while start < victim.i and doc[start].lower_ in ("of", "the"):
        start += 1
    return doc[start:victim.i + 1].text


def _harm_of(tok, lex: CasualtyLexicon, strong_only: bool = False) -> str | None:
    """Return the casualty kind a token names, if any."""
    kind = _in(tok, lex.harm)
    if kind is None:
        return None
    if strong_only and (tok.lower_ in lex.weak_harm or tok.lemma_.lower() in lex.weak_harm):
        return None
    if tok.lemma_.lower() == "claim" and not any(c.lower_ in ("life", "lives") for c in tok.subtree):
        return None
    return kind


def _toll_kind(tok, lex: CasualtyLexicon) -> str | None:
    """Return 'killed'/'injured' when a token is a toll noun ('death toll', 'casualty toll')."""
    if tok.lemma_.lower() not in ("toll", "number", "tally", "count", "figure"):
        return None
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    for c in mods:
        kind = _in(c, lex.harm)
        if kind is not None:
            return kind
    if tok.lemma_.lower() == "toll":
        return "killed"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in c.children:
                kind = _in(obj, lex.harm)
                if kind is not None:
                    return kind
    return None


def _kind_by_adjacency(fig_toks, victim, lex: CasualtyLexicon) -> str | None:
    """Return the kind of a harm word right next to the figure ('killing 6', 'injuring hundreds', '100 injured')."""
    doc = fig_toks.doc
    last = victim.i if victim is not None and victim.i > fig_toks[-1].i else fig_toks[-1].i
    if last + 1 < len(doc) and doc[last + 1].pos_ in ("ADJ", "VERB") and doc[last + 1].tag_ in ("JJ", "VBN", "VBD"):
        kind = _harm_of(doc[last + 1], lex, strong_only=True)
        if kind is not None:
            return kind
    first = fig_toks[0].i
    if first > 0 and doc[first - 1].tag_ in ("VBG", "VBD", "VBN", "VBZ", "VBP", "VB"):
        return _harm_of(doc[first - 1], lex, strong_only=True)
    return None


def _among_kind(prep, lex: CasualtyLexicon) -> str | None:
    """Return the kind of the group an 'among ...' phrase names ('among the dead', 'among 22 people killed')."""
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        kind = _harm_of(obj, lex, strong_only=True)
        if kind is not None:
            return kind
        for c in obj.children:
            if c.dep_ in ("acl", "relcl", "amod") and _harm_of(c, lex, strong_only=True):
                return _harm_of(c, lex, strong_only=True)
    return None


def _kind_by_dependency(anchor, lex: CasualtyLexicon) -> str | None:
    """Return the kind linked to the figure's noun through the parse (own word, modifiers, governing verbs)."""
    t = anchor
    for _ in range(MAX_WALK):
        kind = _harm_of(t, lex) if t is not anchor or t.pos_ != "NUM" else None
        if kind is not None and t.lemma_.lower() not in ("toll", "number"):
            return kind
        kind = _toll_kind(t, lex)
        if kind is not None:
            return kind
        for c in t.children:
            if c.dep_ in ("acl", "relcl", "amod", "appos") and c.i > t.i:
                kind = _harm_of(c, lex) or next((_harm_of(g, lex) for g in c.children if g.dep_ in ("xcomp", "acomp")
                                                 and _harm_of(g, lex)), None)
                if kind is not None:
                    return kind
            if c.dep_ in ("nsubj", "nsubjpass", "attr") and t.pos_ in ("VERB", "AUX"):
                kind = _toll_kind(c, lex)
                if kind is not None:
                    return kind
            if c.dep_ == "prep" and c.lower_ == "among" and t.pos_ in ("VERB", "AUX"):
                kind = _among_kind(c, lex)  # 'six civilians were among 22 people killed / among the dead'
                if kind is not None:
                    return kind
        if t.pos_ == "VERB" and _in(t, lex.source_verbs) or t.head is t:
            return None
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX", "NOUN", "PROPN", "NUM"):
            return _CONJ  # the governing harm word belongs to the other conjunct: decide by nearness
        t = t.head
    return None


_CONJ = "conj"


def _kind_after(fig_toks, sent, lex: CasualtyLexicon) -> str | None:
    """Return the kind of the first strong harm word after the figure in its clause (within NEAR_TOKENS)."""
    doc = fig_toks.doc
    for j in range(fig_toks[-1].i + 1, min(fig_toks[-1].i + 1 + NEAR_TOKENS, sent.end)):
        kind = _harm_of(doc[j], lex, strong_only=True)
        if kind is not None:
            return kind
    return None


def _kind_by_nearness(fig_toks, sent, lex: CasualtyLexicon, taken: set[int]) -> str | None:
    """Return the kind of the nearest strong harm word in the sentence (within NEAR_TOKENS tokens)."""
    best: tuple[int, str] | None = None
    for t in sent:
        if t.i in taken:
            continue
        kind = _harm_of(t, lex, strong_only=True)
        if kind is None:
            continue
        dist = fig_toks[0].i - t.i if t.i < fig_toks[0].i else t.i - fig_toks[-1].i
        if dist <= NEAR_TOKENS and (best is None or dist < best[0]):
            best = (dist, kind)
    return best[1] if best else None


def _subtree_text(tok, limit: int = MAX_SOURCE_TOKENS) -> str:
    """Return a source phrase: the token's subtree, cut at a comma/relative clause and to `limit` tokens."""
    toks = [t for t in tok.subtree]
    out = []
    for t in toks:
        if t.i > tok.i and (t.text in (",", "(", "--", "-") or t.dep_ in ("relcl", "acl") or t.tag_ in ("WDT", "WP")):
            break
        out.append(t)
    out = out[-limit:] if len(out) > limit else out
    while out and out[0].is_punct:
        out.pop(0)
    return tok.doc[out[0].i:out[-1].i + 1].text if out else tok.text


def _phrase_before(verb, fig_ids: set[int]) -> str | None:
    """Return the noun phrase right before a subject-less reporting verb (', the Observatory said'), if any."""
    doc, out = verb.doc, []
    j = verb.i - 1
    while j >= verb.sent.start and len(out) < MAX_SOURCE_TOKENS and not doc[j].is_punct and j not in fig_ids \
            and doc[j].pos_ not in ("VERB", "AUX"):
        out.append(doc[j])
        j -= 1
    if not out:
        return None
    named = [e for e in doc_ents(doc) if e.end == verb.i and e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
    if named:
        return named[0].text
    lex = load_casualty_lexicon()
    if not any(_in(t, lex.source_nouns) for t in out):
        return None
    out.reverse()
    return doc[out[0].i:out[-1].i + 1].text


def _source_in_sentence(sent, fig_toks, lex: CasualtyLexicon) -> tuple[str | None, bool]:
    """Return (source phrase, is_pronoun) from 'according to X' or 'X said/reported' in the sentence."""
    fig_ids = {t.i for t in fig_toks}
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            objs = [c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _subtree_text(objs[0]), objs[0].pos_ == "PRON"
    for t in sent:
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.source_verbs:
            subj = [c for c in t.children if c.dep_ in ("nsubj",)]
            if not subj and t.i > sent.start:
                before = _phrase_before(t, fig_ids)
                if before:
                    return before, False
            if not subj or fig_ids & {x.i for x in subj[0].subtree}:
                continue
            if subj[0].lower_ in ("which", "that", "who", "it", "this"):
                continue
            return _subtree_text(subj[0]), subj[0].pos_ == "PRON"
    return None, False


def _claim_spans(claims: pd.DataFrame | list[dict] | None) -> list[tuple[int, int, str | None]]:
    """Return (start, end, speaker) of claims rows (canonical speaker, else the speaker as written)."""
    if claims is None or len(claims) == 0:
        return []
    rows = claims.to_dict("records") if isinstance(claims, pd.DataFrame) else claims
    out = []
    for row in rows:
        speaker = row.get("speaker")
        out.append((row["start"], row["end"], speaker if isinstance(speaker, str) and speaker else row.get("speaker_text")))
    return out


def _source_from_claims(span: FigureSpan, claims: list[tuple[int, int, str | None]]) -> str | None:
    """Return the speaker of the first claim whose span contains the figure."""
    for start, end, speaker in claims:
        if start <= span.start and end >= span.end:
            return speaker
    return None


def _scope(span: FigureSpan, sent, kind: str, spans_in_sent: list[FigureSpan], lex: CasualtyLexicon) -> str:
    """Return 'cumulative' for war-long tolls (a cue nearest this figure, or a toll beyond any incident's)."""
    fig = span.figure
    size = fig.value if fig.value is not None else fig.low
    if kind == "killed" and size is not None and size >= lex.cumulative_min_killed and not fig.share:
        return "cumulative"
    text, base = sent.text, sent.start_char
    for pat in lex.cumulative:
        for m in pat.finditer(text):
            cue = ((m.start() + m.end()) / 2) + base
            nearest = min(spans_in_sent, key=lambda s: abs((s.start + s.end) / 2 - cue))
            gap = max(m.start() + base - span.end, span.start - (m.end() + base), 0)
            if nearest.start == span.start and gap <= CUE_MAX_GAP:
                return "cumulative"
    return "incident"


def _location(sent, span: FigureSpan, places: list[tuple[int, int, str]]) -> str | None:
    """Return the place named in the sentence nearest the figure, preferring places more specific than Syria."""
    inside = [p for p in places if p[0] >= sent.start_char and p[1] <= sent.end_char]
    if not inside:
        return None
    specific = [p for p in inside if p[2].lower() not in COUNTRY_WIDE] or inside
    return min(specific, key=lambda p: abs(p[0] - span.start))[2]


def _places(doc, entities: pd.DataFrame | list[dict] | None) -> list[tuple[int, int, str]]:
    """Return (start, end, name) of places: the entities stage's rows if given, else the Doc's GPE/LOC/FAC."""
    if entities is not None and len(entities) > 0:
        rows = entities.to_dict("records") if isinstance(entities, pd.DataFrame) else entities
        out = []
        for row in rows:
            if row.get("label") in PLACE_LABELS:
                name = row.get("actor_name")
                out.append((int(row["start"]), int(row["end"]), str(name if pd.notna(name) else row["text"])))
        return out
    return [(e.start_char, e.end_char, e.text) for e in doc_ents(doc) if e.label_ in PLACE_LABELS]


def _published_date(article_row: Mapping) -> date | None:
    """Return the article's published date, or None."""
    value = article_row.get("published") if hasattr(article_row, "get") else None
    ts = pd.to_datetime(value, errors="coerce") if value is not None else pd.NaT
    if pd.isna(ts):
        return None
    return ts.date()


def _event_date(sent, published: date | None, lex: CasualtyLexicon) -> str | None:
    """Return the ISO date the sentence gives ('on Monday', 'yesterday', 'April 4'), resolved against published."""
    if published is None:
        return None
    low = sent.text.lower()
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            back = (published.weekday() - i) % 7
            return (published - timedelta(days=back)).isoformat()
    for phrase, back in sorted(lex.relative_days.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", low):
            return (published - timedelta(days=back)).isoformat()
    m = re.search(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")\b|\b(" + "|".join(MONTHS) + r") (\d{1,2})\b", low)
    if m:
        day_n = int(m.group(1) or m.group(4))
        month = MONTHS.index(m.group(2) or m.group(3)) + 1
        year = published.year if (month, day_n) <= (published.month, published.day) else published.year - 1
        try:
            return date(year, month, day_n).isoformat()
        except ValueError:
            return None
    return None


def _share_base(span: FigureSpan, spans: list[FigureSpan], doc) -> FigureSpan | None:
    """Return the count figure a share is taken of ('over half of ... about 23 million'), same sentence."""
    for other in spans:
        if other.start > span.end and not other.figure.share and other.figure.value is not None \
                and other.start - span.end < 120 and " of " in doc_text(doc)[span.end:other.start] + " ":
            return other
    return None


def _scaled(fig: Figure, base: Figure) -> Figure:
    """Return a share figure applied to its base count ('over half' of 23 million -> >= 11.5 million)."""
    def mul(x: float | None) -> float | None:
        return None if x is None or base.value is None else round(x * base.value)

    return Figure(mul(fig.value), mul(fig.low), mul(fig.high), fig.qualifier if base.qualifier == "exact" else "approx")


def casualties_from_doc(doc, article_row: Mapping, where: str, entities: pd.DataFrame | None = None,
                        claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the casualty mentions of one parsed title or text (schema.CASUALTY_COLUMNS)."""
    return pd.DataFrame(casualty_rows(doc, article_row, where, entities, claims), columns=CASUALTY_COLUMNS)


def casualty_rows(doc, article_row: Mapping, where: str, entities: pd.DataFrame | list[dict] | None = None,
                  claims: pd.DataFrame | list[dict] | None = None) -> list[dict]:
    """Return the casualty mention rows (dicts, schema.CASUALTY_COLUMNS) of one parsed field; entities and claims
    are that field's rows from the other stages, as tables or lists of dicts."""
    lex = load_casualty_lexicon()
    claim_spans = _claim_spans(claims)
    article_id = article_row.get("article_id")
    published = _published_date(article_row)
    spans = _with_singular_victims(find_figures(doc_text(doc)), doc, lex)
    places = _places(doc, entities)
    rows: list[dict] = []
    consumed: set[int] = set()
    last_source: str | None = None
    sources_by_sent: dict[int, str | None] = {}
    for span in spans:
        if span.start in consumed:
            continue
        toks = _figure_tokens(doc, span)
        if toks is None or len(toks) == 0 or _is_not_count(span, toks, doc, lex):
            continue
        fig = span.figure
        sent = toks[0].sent
        num = toks[-1]
        singular = num.lower_ in ("a", "an")
        victim = num.head if singular else _victim_token(num, toks, lex)
        if victim is not None and _in(victim, lex.non_person) and not _in(victim, lex.victims):
            continue
        if fig.share:
            base = _share_base(span, [s for s in spans if sent.start_char <= s.start < sent.end_char], doc)
            if base is None:
                continue
            consumed.add(base.start)
            fig = _scaled(fig, base.figure)
        anchor = victim if victim is not None else num
        kind = _kind_by_adjacency(toks, victim, lex) or _kind_by_dependency(anchor, lex)
        if kind == _CONJ:
            kind = _kind_after(toks, sent, lex) or _kind_by_nearness(toks, sent, lex, {t.i for t in toks})
        if kind is None and victim is not None and victim is not num and _in(victim, lex.harm) \
                and not _in(victim, lex.weak_harm):
            kind = _in(victim, lex.harm)
        known_victim = victim is None or _in(victim, lex.victims) is not None
        if kind is None and known_victim and not singular and not (fig.value == 1 and victim is None):
            kind = _kind_by_nearness(toks, sent, lex, {t.i for t in toks})
        if kind is None or (fig.value is not None and fig.value < 1):
            continue
        in_sent = [s for s in spans if sent.start_char <= s.start < sent.end_char]
        source = _source_from_claims(span, claim_spans)
        if source is None:
            if sent.start not in sources_by_sent:
                found, is_pron = _source_in_sentence(sent, toks, lex)
                sources_by_sent[sent.start] = last_source if is_pron else found
                if found and not is_pron:
                    last_source = found
            source = sources_by_sent[sent.start]
        rows.append({
            "article_id": article_id, "where": where, "start": span.start, "end": span.end,
            "figure_text": span.text, "value": fig.value, "low": fig.low, "high": fig.high,
            "qualifier": fig.qualifier, "kind": kind, "victim_text": _victim_text(num, victim, toks),
            "victim_category": _victim_category(victim, lex),
            "scope": _scope(span, sent, kind, in_sent, lex),
            "attributed_to": source, "location": _location(sent, span, places),
            "event_date": _event_date(sent, published, lex), "sentence": sent.text.strip(),
        })
    return rows


def _rows_for(table: pd.DataFrame | None, article_id: str, where: str) -> pd.DataFrame | None:
    """Return the rows of another stage's table for one article field (or None)."""
    if table is None or table.empty:
        return None
    return table[(table["article_id"] == article_id) & (table["where"] == where)]


def extract_casualties(articles: pd.DataFrame, docs: Iterable | None = None, entities: pd.DataFrame | None = None,
                       claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return every casualty mention in the articles (schema.CASUALTY_COLUMNS); docs = parse_articles output."""
    if docs is None:
        from conflictnews.nlp import parse_articles

        docs = parse_articles(articles)
    by_id = {row["article_id"]: row for row in articles.to_dict("records")}
    frames = []
    for article_id, where, doc in docs:
        row = by_id.get(article_id, {"article_id": article_id})
        frames.append(casualties_from_doc(doc, row, where, _rows_for(entities, article_id, where),
                                          _rows_for(claims, article_id, where)))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=CASUALTY_COLUMNS)
    return pd.concat(frames, ignore_index=True)[CASUALTY_COLUMNS]


NON_COMBATANT = ("civilian", "child", "woman", "unspecified")
MAIN_SENTENCES = 1
BREAKDOWN = True
BREAKDOWN_NEEDS_CIVILIANS = True
LOCATION_LOOKAHEAD = 4


def incidents_from_casualties(casualties: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Return each article's main-incident killed counts by victim group (schema.INCIDENT_COLUMNS)."""
    groups: dict[object, list[dict]] = {}
    for row in casualties.to_dict("records"):
        groups.setdefault(row["article_id"], []).append(row)
    locations = articles["location"] if "location" in articles else pd.Series([None] * len(articles))
    rows = [{"article_id": a, **incident_counts(groups.get(a, []), loc)}
            for a, loc in zip(articles["article_id"], locations, strict=True)]
    return pd.DataFrame(rows, columns=INCIDENT_COLUMNS)


def incident_counts(mentions: list[dict], location: str | None = None) -> dict[str, int]:
    """Return one article's main-incident counts from its casualty rows (all kinds; killed incident ones count)."""
    killed = [m for m in mentions if m["kind"] == "killed" and m["scope"] == "incident"]
    return _main_incident_counts(killed, location)


def _point(value: object, low: object) -> float | None:
    """Return a mention's point count: value, else the low bound (ranges, 'at least'); None if vague."""
    for x in (value, low):
        if x is not None and not pd.isna(x):
            return float(x)
    return None


def _main_positions(mentions: list[dict], sentences: int, location: str | None) -> list[int]:
    """Return the positions (in input order) of the main incident's mentions; see `main_incident_mentions`."""
    exact = [i for i, m in enumerate(mentions) if m["qualifier"] != "vague"]
    text = sorted((i for i in exact if mentions[i]["where"] == "text"), key=lambda i: mentions[i]["start"])
    order = list(dict.fromkeys(mentions[i]["sentence"] for i in text))
    lead = order[:sentences]
    pattern = load_governorates().get(location.strip().lower()) if isinstance(location, str) and location else None
    if pattern is not None and lead and not pattern.search(lead[0]) and _names_a_place(lead[0]):
        local = [s for s in order[:LOCATION_LOOKAHEAD] if pattern.search(s)]
        if local:
            return [i for i in exact if mentions[i]["where"] == "text" and mentions[i]["sentence"] == local[0]]
    lead_set = set(lead)
    return [i for i in exact if mentions[i]["where"] == "title" or mentions[i]["sentence"] in lead_set]


def main_incident_mentions(mentions: pd.DataFrame, sentences: int = MAIN_SENTENCES,
                           location: str | None = None) -> pd.DataFrame:
    """Return the mentions of the main incident: the title's and the lead's (first sentences with a toll).

    When the article's location (a governorate) is known and the lead names places elsewhere while one of the
    next sentences with a toll names a place in that governorate, that sentence is the main incident instead.
    """
    if mentions.empty:
        return mentions
    return mentions.iloc[_main_positions(mentions.to_dict("records"), sentences, location)]


def _names_a_place(sentence: str) -> bool:
    """Return True when a sentence names a place in some governorate."""
    return any(p.search(sentence) for p in load_governorates().values())


def _best_by_category(main: list[dict]) -> tuple[dict[str, float], float]:
    """Return the largest count per victim category, and the largest count of people called 'civilians'."""
    best: dict[str, float] = {}
    explicit_civilians = 0.0
    for m in main:
        point = _point(m["value"], m["low"])
        if point is None:
            continue
        cat, victim = m["victim_category"], m["victim_text"]
        best[cat] = max(best.get(cat, 0.0), point)
        if cat == "civilian" and isinstance(victim, str) and "civilian" in victim.lower():
            explicit_civilians = max(explicit_civilians, point)
    return best, explicit_civilians


def main_incident_counts(mentions: pd.DataFrame, location: str | None = None) -> dict[str, int]:
    """Return the killed counts of an article's main incident per victim group (FA-KES's convention).

    Civilians include children and women (as FA-KES's annotators count them); people of unstated status count
    as civilians unless the same number is given for combatants; explicit 'civilians' beat a larger total.
    Counts come from the title and the first sentence with a toll; when that gives only a total and the next
    toll sentence breaks it down into civilians and fighters, the breakdown is used.
    """
    return _main_incident_counts(mentions.to_dict("records"), location)


def _main_incident_counts(mentions: list[dict], location: str | None = None) -> dict[str, int]:
    """Return `main_incident_counts` of killed incident mention rows given as dicts."""
    main = _main_positions(mentions, MAIN_SENTENCES, location)
    best, explicit_civilians = _best_by_category([mentions[i] for i in main])
    if BREAKDOWN and not best.get("combatant") and not explicit_civilians:
        taken = set(main)
        wider = _main_positions(mentions, MAIN_SENTENCES + 1, location)
        extra, extra_civilians = _best_by_category([mentions[i] for i in wider if i not in taken])
        if extra.get("combatant") and (extra_civilians or not BREAKDOWN_NEEDS_CIVILIANS):
            best["combatant"], explicit_civilians = extra["combatant"], extra_civilians
    combatants = best.get("combatant", 0.0)
    unspecified = best.get("unspecified", 0.0)
    if combatants and unspecified == combatants:
        unspecified = 0.0
    children, women = best.get("child", 0.0), best.get("woman", 0.0)
    civilians = explicit_civilians or max(unspecified, best.get("civilian", 0.0), children, women)
    return {"civilians_killed": int(civilians), "children_killed": int(children), "women_killed": int(women),
            "combatants_killed": int(combatants)}


# -- tracking: war-long tolls over time, per-event comparison across outlets -------------------------------------

REFERENCE_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
TOLL_MIN_VALUE = 10000  # a war-long toll of all killed; smaller 'cumulative' figures are sub-tolls (a town, a month)
TOLL_MAX_VALUE = 1_500_000  # above any published estimate of the war's dead: a misread count of the displaced
DISAGREE_TOLERANCE = 0.10


def parse_lenient_date(text: object) -> tuple[pd.Timestamp | None, bool]:
    """Return (date, approximate) from '2013-06-26', '2013-06 (mid-June)' or '2014 (spring)' (missing parts -> 15th/July)."""
    if not isinstance(text, str):
        return None, True
    m = REFERENCE_DATE_RE.search(text)
    if m is None:
        return None, True
    year, month, day = m.group(1), m.group(2), m.group(3)
    approx = day is None or bool(re.search(r"\(|approx|~", text))
    stamp = pd.Timestamp(int(year), int(month or 7), int(day or (15 if month else 1)))
    return stamp, approx


def read_toll_reference(path: str) -> pd.DataFrame:
    """Return the reference death-toll table with parsed `date`, `date_approximate` and a normalised `estimator_group`."""
    table = pd.read_csv(path)
    parsed = [parse_lenient_date(v) for v in table["date_reported"]]
    table["date"] = [p[0] for p in parsed]
    table["date_approximate"] = [p[1] for p in parsed]
    table["estimator_group"] = table["estimator"].map(estimator_of)
    return table.sort_values("date").reset_index(drop=True)


def cumulative_tolls(casualties: pd.DataFrame, articles: pd.DataFrame, min_value: float = TOLL_MIN_VALUE) -> pd.DataFrame:
    """Return the war-long killed tolls the articles report, with outlet, report date and normalised estimator."""
    rows = casualties[(casualties["kind"] == "killed") & (casualties["scope"] == "cumulative")].copy()
    size = rows["value"].where(rows["value"].notna(), rows["low"])
    rows = rows[(size.fillna(0) >= min_value) & (size.fillna(0) <= TOLL_MAX_VALUE)]
    meta = articles[["article_id", "outlet", "published"]].copy()
    meta["published"] = pd.to_datetime(meta["published"], errors="coerce")
    rows = rows.merge(meta, on="article_id", how="left")
    rows["estimator"] = rows["attributed_to"].map(estimator_of)
    rows["point"] = rows["value"].where(rows["value"].notna(), rows["low"])
    return rows.sort_values(["published", "article_id", "start"]).reset_index(drop=True)


def headline_figures(casualties: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Return each article's headline killed figure for its main incident (largest in title/lead), with its source."""
    killed = casualties[(casualties["kind"] == "killed") & (casualties["scope"] == "incident")]
    locations = articles.set_index("article_id")["location"] if "location" in articles else pd.Series(dtype=str)
    rows = []
    for article_id, part in killed.groupby("article_id", sort=True):
        main = main_incident_mentions(part, MAIN_SENTENCES, locations.get(article_id))
        main = main.assign(point=main["value"].where(main["value"].notna(), main["low"])).dropna(subset=["point"])
        if main.empty:
            continue
        top = main.sort_values(["point", "where"], ascending=[False, True]).iloc[0]
        rows.append({k: top[k] for k in ("article_id", "where", "start", "end", "figure_text", "value", "low", "high",
                                          "qualifier", "victim_category", "attributed_to", "sentence", "point")})
    cols = ["article_id", "where", "start", "end", "figure_text", "value", "low", "high", "qualifier",
            "victim_category", "attributed_to", "sentence", "point"]
    out = pd.DataFrame(rows, columns=cols)
    out["estimator"] = out["attributed_to"].map(estimator_of)
    return out


def event_groups(articles: pd.DataFrame, entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return article_id -> event_id groups: conflictnews.events.group_events (same place and local site, dates within
    a day)."""
    from conflictnews.events import group_events

    return group_events(articles, entities)


def compare_event_figures(casualties: pd.DataFrame, articles: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Return, for events reported by two or more outlets, each article's headline figure and the event's spread."""
    heads = headline_figures(casualties, articles)
    meta = articles[["article_id", "outlet", "title"]]
    table = events[events["n_outlets"] >= 2].merge(meta, on="article_id").merge(heads, on="article_id", how="inner")
    if table.empty:
        return table.assign(event_min=None, event_max=None, event_median=None, n_with_figure=0, others_median=None,
                            disagrees=False)
    grouped = table.groupby("event_id")["point"]
    table["event_min"] = grouped.transform("min")
    table["event_max"] = grouped.transform("max")
    table["event_median"] = grouped.transform("median")
    table["n_with_figure"] = table.groupby("event_id")["outlet"].transform("nunique")
    table = table[table["n_with_figure"] >= 2].copy()
    table["others_median"] = [_others_median(table, i) for i in table.index]
    table["disagrees"] = (table["point"] - table["others_median"]).abs() > DISAGREE_TOLERANCE * table["others_median"]
    return table.sort_values(["event_id", "outlet", "article_id"]).reset_index(drop=True)


def _others_median(table: pd.DataFrame, index: int) -> float:
    """Return the median headline figure of the other outlets' articles in the same event."""
    row = table.loc[index]
    others = table[(table["event_id"] == row["event_id"]) & (table["outlet"] != row["outlet"])]["point"]
    return float(others.median()) if len(others) else float("nan")


def outlet_disagreement(comparison: pd.DataFrame) -> pd.DataFrame:
    """Return per outlet: events compared, how often its figure is >10% off the other outlets' median, and the share."""
    if comparison.empty:
        return pd.DataFrame(columns=["outlet", "events", "disagreements", "share", "higher", "lower"])
    per = comparison.drop_duplicates(["event_id", "outlet"])
    out = per.groupby("outlet").agg(events=("event_id", "nunique"), disagreements=("disagrees", "sum"),
                                    higher=("point", lambda s: int((s > per.loc[s.index, "others_median"] * 1.1).sum())),
                                    lower=("point", lambda s: int((s < per.loc[s.index, "others_median"] * 0.9).sum())))
    out["share"] = (out["disagreements"] / out["events"]).round(3)
    out = out.reset_index().sort_values(["share", "events", "outlet"], ascending=[False, False, True])
    return out[["outlet", "events", "disagreements", "share", "higher", "lower"]].reset_index(drop=True)


def _chart_data(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return the chart's columns with missing text as '' and rows without a number dropped (JSON has no NaN)."""
    data = frame[columns].copy()
    for col in columns:
        if not pd.api.types.is_numeric_dtype(data[col]):
            data[col] = data[col].astype(object).fillna("").astype(str)
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(data[c])]
    return data.dropna(subset=numeric)


def toll_chart(tolls: pd.DataFrame, reference: pd.DataFrame):
    """Return an Altair chart: reported war-long tolls per estimator over report date (ranges as rules) + reference."""
    import altair as alt

    data = tolls.assign(published=tolls["published"].dt.strftime("%Y-%m-%d"),
                        upper=tolls["high"].where(tolls["high"].notna(), tolls["point"]))
    ref = reference.dropna(subset=["date"]).assign(date=lambda d: d["date"].dt.strftime("%Y-%m-%d"))
    tip = ["outlet", "published", "figure_text", "estimator", "attributed_to", "sentence"]
    data = _chart_data(data, [*tip, "point", "upper", "qualifier", "article_id"])
    ref = _chart_data(ref, ["date", "estimate", "date_reported", "measure", "estimator"])
    points = alt.Chart(data).mark_point(filled=True, size=50).encode(
        x=alt.X("published:T", title="report date"), y=alt.Y("point:Q", title="people killed since 2011"),
        color=alt.Color("estimator:N", title="estimator (as attributed)"), shape=alt.Shape("qualifier:N"),
        tooltip=tip)
    ranges = alt.Chart(data[data["upper"].astype(float) > data["point"].astype(float)]).mark_rule().encode(
        x="published:T", y="point:Q", y2="upper:Q", color="estimator:N")
    line = alt.Chart(ref).mark_line(color="#7f7f7f", strokeDash=[4, 3], point=True).encode(
        x="date:T", y="estimate:Q", tooltip=["date_reported", "estimate", "measure", "estimator"])
    return (line + ranges + points).properties(title="War-long death tolls as reported vs published estimates (grey)")


def event_comparison_chart(comparison: pd.DataFrame, max_events: int = 25):
    """Return an Altair chart: per event, each outlet's headline figure, bars from low to high for ranges."""
    import altair as alt

    top = comparison.groupby("event_id")["outlet"].nunique().sort_values(ascending=False).head(max_events).index
    data = comparison[comparison["event_id"].isin(top)].copy()
    data["lo"] = data["low"].where(data["low"].notna(), data["point"])
    data["hi"] = data["high"].where(data["high"].notna(), data["point"])
    tip = ["outlet", "figure_text", "qualifier", "attributed_to", "sentence"]
    data = _chart_data(data, [*tip, "event_id", "lo", "hi", "point", "article_id"])
    base = alt.Chart(data).encode(y=alt.Y("event_id:N", title=None, sort="ascending"),
                                  color=alt.Color("outlet:N"), tooltip=tip)
    bars = base.mark_rule(strokeWidth=3, opacity=0.6).encode(x=alt.X("lo:Q", scale=alt.Scale(type="symlog"),
                                                                     title="killed (headline figure)"), x2="hi:Q")
    dots = base.mark_point(filled=True, size=60).encode(x="point:Q")
    return (bars + dots).properties(title="Same event, different outlets: headline killed figures", height=20 * len(top))
