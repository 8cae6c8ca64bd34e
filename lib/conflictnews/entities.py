"""Entity mentions -> canonical actors and places: gazetteer ruler + NER, roles, in-document resolution."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pandas as pd

from conflictnews import nlp as cnlp
from conflictnews.schema import ENTITY_COLUMNS, ENTITY_LABELS

NOMINAL_PREFIX = "nominal:"
PRONOUN_PREFIX = "pron:"
PRONOUN_LABEL = "PRON"
PRONOUNS_FILE = "pronouns.csv"
NOMINALS_FILE = "nominal_mentions.csv"
RESOLVED_PLACE_KINDS = {"city": ("city", "town"), "town": ("town", "city", "village"), "village": ("village", "town"),
                        "capital": ("city",), "country": ("country",), "province": ("governorate", "province"),
                        "governorate": ("governorate", "province"), "district": ("district",),
                        "neighbourhood": ("district",), "neighborhood": ("district",), "camp": ("camp",)}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# what the entities table's `mention` column says of each kind of Mention.source
MENTION_OF_SOURCE = {"gazetteer": "name", "ner": "name", "nominal": "description", "phrase": "description",
                     "pronoun": "pronoun"}
UNKNOWN_PREFIX = {"PERSON": "person:", "ORG": "org:", "GPE": "place:", "LOC": "place:", "FAC": "place:", "NORP": "norp:"}
LOCATIVE_WORDS = frozenset({"near", "outside", "inside", "around", "in", "at"})  # NER's 'Near Bayji' is a place
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_SCENE_PREPS = frozenset({"in", "at", "on", "from", "during"})
_CONNECTORS = {"of", "for", "the", "on", "to", "in", "-", ","}


@dataclass
class Mention:
    """One entity mention in a Doc; `title_start` is where the person's title/role words begin (== start if none)."""

    start: int
    end: int
    text: str
    label: str
    actor_id: str
    actor_name: str
    actor_type: str
    role: str = ""
    title_start: int = -1
    source: str = "ner"
    tokens: list[str] = field(default_factory=list)
    place_kind: str = ""  # the place noun of a named place phrase ('village' of 'the village of Suleima')
    alias_start: int = -1  # where the gazetteer alias began and ended when lowercase descriptors were cut from the
    alias_end: int = -1  # span ('Idlib province' -> 'Idlib'); -1 when the span is the whole match

    def row(self, article_id: str, where: str) -> dict:
        """Return the mention as an entities-table row."""
        return {"article_id": article_id, "where": where, "start": self.start, "end": self.end, "text": self.text,
                "label": self.label, "actor_id": self.actor_id, "actor_name": self.actor_name,
                "actor_type": self.actor_type, "role": self.role, "mention": self.mention_kind()}

    def mention_kind(self) -> str:
        """Return what the mention is: a 'name', a 'description' ('the minister'; a class such as 'rebels'; a
        gazetteer alias written all in lower case, 'government forces') or a 'pronoun'."""
        if self.source != "pronoun" and (self.actor_id.startswith("class:") or self.text == self.text.lower() != self.text.upper()):
            return "description"
        return MENTION_OF_SOURCE[self.source]


# -- lookups built once from the gazetteer -------------------------------------------------------------------

@lru_cache(maxsize=1)
def actor_index() -> dict[str, dict]:
    """Return {id: {name, type, nominals}} for every gazetteer actor, class and place."""
    index: dict[str, dict] = {}
    for row in cnlp.load_actors().itertuples(index=False):
        words = {w.lower() for w in row.nominals}
        words |= {w.lower() for w in re.findall(r"[\w-]+", row.name)} & nominal_words()
        index[row.actor_id] = {"name": row.name, "type": row.type, "nominals": words}
    for row in cnlp.load_places().itertuples(index=False):
        index[row.place_id] = {"name": row.name, "type": "", "nominals": set()}
    return index


@lru_cache(maxsize=1)
def nominal_words() -> frozenset[str]:
    """Return every word that can be a nominal mention ('observatory', 'ministry', ...)."""
    words = {w.lower() for ns in cnlp.load_actors()["nominals"] for w in ns}
    return frozenset(words | set(cnlp.load_gazetteer().get("nominal_defaults") or {}))


@lru_cache(maxsize=1)
def title_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return the (offices, ranks, modifiers) word sets of the gazetteer's titles section."""
    titles = cnlp.load_gazetteer()["titles"]
    return tuple(frozenset(str(w).lower() for w in titles[k]) for k in ("offices", "ranks", "modifiers"))


@lru_cache(maxsize=1)
def pronoun_kinds() -> dict[str, str]:
    """Return {pronoun: 'person' | 'group'} for the pronouns that stand for actors (data file pronouns.csv)."""
    table = pd.read_csv(cnlp.data_path(PRONOUNS_FILE), encoding="utf-8", keep_default_na=False)
    return dict(zip(table["word"].str.lower(), table["kind"]))


@lru_cache(maxsize=1)
def resolved_pronouns() -> frozenset[str]:
    """Return the pronouns resolved to an antecedent (the others keep the id 'pron:<word>')."""
    table = pd.read_csv(cnlp.data_path(PRONOUNS_FILE), encoding="utf-8", keep_default_na=False)
    return frozenset(table.loc[table["resolve"].isin(["yes", "nearest"]), "word"].str.lower())


@lru_cache(maxsize=1)
def nearest_pronouns() -> frozenset[str]:
    """Return the first-person pronouns resolved to the person named nearest to them ('I', 'my': a quote's speaker)."""
    table = pd.read_csv(cnlp.data_path(PRONOUNS_FILE), encoding="utf-8", keep_default_na=False)
    return frozenset(table.loc[table["resolve"] == "nearest", "word"].str.lower())


@lru_cache(maxsize=1)
def nominal_lexicon() -> dict[str, dict]:
    """Return {head noun: kind, label, class_id, class_name, actor_type} of unnamed mentions (nominal_mentions.csv)."""
    table = pd.read_csv(cnlp.data_path(NOMINALS_FILE), encoding="utf-8", keep_default_na=False)
    return {row["word"].lower(): row for row in table.to_dict("records")}


@lru_cache(maxsize=1)
def place_kinds() -> dict[str, str]:
    """Return {place_id: kind} of the places gazetteer."""
    places = cnlp.load_places()
    return dict(zip(places["place_id"], places["kind"]))


@lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    """Return the first words of NER entities that are things or events, not actors ('VBIED', 'Operation ...')."""
    return frozenset(str(w).lower() for w in (cnlp.load_gazetteer().get("not_names") or {}).get("first_words", []))


def normalise_id(label: str, text: str) -> str:
    """Return a stable id for an actor unknown to the gazetteer, e.g. ('PERSON', 'Jeff Davis') -> 'person:jeff-davis'."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    folded = re.sub(r"^(the|a|an)\s+", "", folded)
    folded = re.sub(r"['’]s$", "", folded)
    slug = re.sub(r"[\W_]+", "-", folded).strip("-")
    if label == "NORP" and slug.endswith("s") and not slug.endswith("ss"):
        slug = slug[:-1]
    return UNKNOWN_PREFIX.get(label, "org:") + (slug or "unknown")


# -- mentions of one Doc --------------------------------------------------------------------------------------

def mentions_from_doc(doc) -> list[Mention]:
    """Return the Doc's entity mentions (gazetteer matches and cleaned NER entities) with roles, unresolved."""
    offices, ranks, modifiers = title_words()
    known = offices | ranks | modifiers
    out: list[Mention] = []
    things: set[str] = set()  # names of things and events ('Forbin' of 'FS Forbin'), not actors when they recur
    ruled_places: set[str] = set()  # names NER took for people or organisations that the rules below found to be places
    ruled_orgs: set[str] = set()  # and to be organisations
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        if ent.ent_id_:
            out.append(_gazetteer_mention(ent))
            continue
        span = _trim_ner_span(ent, known)
        if span is None:
            if len(ent) > 1 and ent[0].lower_ in not_name_words():
                things.add(ent[1:].text)
            continue
        if span.text in things:
            continue
        if ent.label_ == "ORG" and len(span) == 1 and span[0].is_upper and span.start > 0 and doc[span.start - 1].like_num:
            continue  # a unit after a number ('84 MW'), not an organisation
        if len(span) == 1 and span[0].lower_ in direction_words() and (ent.label_ == "ORG" or span.end < len(doc)
                                                                        and doc[span.end].ent_id_.startswith("place:")):
            continue  # 'Eastern' of 'Eastern Aleppo' taken for a name of its own ('the West' stays a place)
        if ent.label_ == "ORG" and _ACRONYM.match(span[-1].text) and span.end < len(doc) and doc[span.end].is_digit:
            span = doc[span.start:span.end + 1]  # a numbered unit: 'CTF 50', 'JTF 2'
        if ent.label_ == "ORG" and span.start == ent.start:
            span = doc[_name_words_before(doc, span.start, known):span.end]  # '[Combined] Joint Forces ... Command'
        label = ent.label_
        if label in ("PERSON", "ORG") and len(span) > 1 and span[0].lower_ in LOCATIVE_WORDS:  # 'Near Bayji'
            span, label = span[1:], "GPE"
        elif label in ("PERSON", "ORG") and span.start > 0 and doc[span.start - 1].lower_ in place_cues():
            label = "GPE"  # 'outside [Kafr Nabudah]' taken for a person
        elif label in ("PERSON", "ORG") and span.start > 1 and doc[span.start - 1].lower_ == "of" \
                and doc[span.start - 2].lemma_.lower() in settlement_nouns():
            label = "GPE"  # 'the town of [Tel Tamer]'
        elif label in ("PERSON", "GPE") and span.end < len(doc) and doc[span.end].is_lower \
                and doc[span.end].lemma_ in tribe_nouns():
            label = "ORG"  # 'the [Al Bu Nimr] tribe', 'the [al-Sheitaat] clan'
        elif label in ("PERSON", "GPE", "NORP") and len(span) > 1 and span[0].lower_ in org_name_openers() \
                and span[0].text[:1].isupper() and not (label == "PERSON" and _reads_as_person(doc, span)):
            label = "ORG"  # '[Jabhat al-Shamiyya]', '[Ansar al-Sharia]' taken for a person (not 'activist Ansar Burney')
        elif label in ("PERSON", "ORG", "NORP") and not (label == "PERSON" and _reads_as_person(doc, span)) \
                and (start := _arabic_place_start(doc, span)) is not None:
            span, label = doc[start:span.end], "GPE"  # '[Jabal al-Zawiya]', '[Qal'at] al-Madiq'; not 'spokesman Tal X'
        elif label in ("PERSON", "ORG", "NORP") and _in_settlement_list(span) \
                and not (label == "PERSON" and _reads_as_person(doc, span)):
            label = "GPE"  # 'the villages of Tal Hamis, [Kafr Hamra] and [Hayyan]'
        elif label in ("PERSON", "GPE", "LOC", "NORP") and _after_org_noun(doc, span, label):
            label = "ORG"  # 'the German company [Züblin]', 'the rebel group [Fastaqim]'
        if label in ("PERSON", "ORG") and len(span) == 1 and span[0].lower_ in community_words():
            label = "NORP"  # 'an [Alawite] neighbourhood' taken for a person
        elif label in ("PERSON", "ORG") and span[0].lower_ not in direction_words() \
                and (after := _label_from_next_noun(doc, span.end, person=label == "PERSON")) is not None:
            label = after  # 'the [Avanl] village', '[al-Hamadaniyeh] and Saif al-Dawleh neighborhoods'
        if label == "NORP" and len(span) > 1 and span[0].lower_ in kunya_words() and span[1].is_title:
            label = "PERSON"  # 'Abu Ghadiya' taken for a nationality
        elif label == "NORP" and span[-1].lower_ in military_branch_words():
            label = "ORG"  # 'Marines', '6th Marines' taken for a nationality
        if label == "ORG" and span.start == ent.start and span.start > 0 and _ORDINAL.match(doc[span.start - 1].text) \
                and doc[span.start - 1].ent_type_ in ("", "ORDINAL"):
            span = doc[span.start - 1:span.end]  # '[1st] Marines', '[5th] Special Forces Group'
        if label in ("PERSON", "ORG") and len(span) > 1 and span[-1].is_title and span[-1].lower_ in facility_heads():
            label = "FAC"  # 'the Ishtar Gate', 'Al Assad University Hospital'
        elif label in ("PERSON", "ORG") and len(span) > 1 and span[0].is_title and span[0].lower_ in cnlp.feature_of_heads() \
                and (label == "PERSON" or span.start > 0 and doc[span.start - 1].lower_ in locative_prepositions()):
            label = "LOC"  # 'on [Lakes Habbaniyah]', 'Mount Hermon'; not 'Island Records signed
        elif label in ("PERSON", "NORP", "GPE") and len(span) > 1 and span[-1].is_title and span[-1].lower_ in unit_heads():
            label = "ORG"  # 'Abel Battery', '3rd Brigade': a military unit
        if ent.label_ in ("PERSON", "ORG") and label == "GPE" and not (span.start > 0 and doc[span.start - 1].lower_ in place_cues()):
            ruled_places.add(span.text)  # every other mention NER took for a person is the place too (not 'outside [Assad]')
        elif ent.label_ == "PERSON" and label == "ORG":
            ruled_orgs.add(span.text)  # 'the [al-Sheitaat] tribe' and 'al-Sheitaat towns': not a place name
        if label == "PERSON":
            span = _grow_person_name(doc, span, known)  # 'Richard ["Tex" Coe]', 'Dr. Ahmed Kamil [Murad]'
        if label == "ORG":
            parts = _comma_parts(span)  # 'Iraqi Ministry of Culture, State Board of Antiquities': two organisations
            for part in parts[:-1]:
                out.append(Mention(part.start_char, part.end_char, part.text, label, normalise_id(label, part.text),
                                   part.text, "", title_start=part.start_char, tokens=[t.text for t in part]))
            span = parts[-1]
        variant = _spelling_variant(span.text, label)
        if variant is not None:  # 'Jeish al-Fatah': another spelling of a gazetteer name
            ident, label = variant
            info = actor_index()[ident]
            out.append(Mention(span.start_char, span.end_char, span.text, label, ident, info["name"], info["type"],
                               title_start=span.start_char, source="gazetteer", tokens=[t.text for t in span]))
        else:
            out.append(Mention(span.start_char, span.end_char, span.text, label, normalise_id(label, span.text),
                               span.text, "person" if label == "PERSON" else "", title_start=span.start_char,
                               tokens=[t.text for t in span]))
        if label == "PERSON":
            _attach_role(out[-1], doc, span.start, ent.start)
    for m in out:
        if m.label == "PERSON" and m.source == "gazetteer":
            span = doc.char_span(m.start, m.end)
            if span is not None:
                span = _strip_title(span, known)  # 'Secretary Kerry': the title is a role, as before NER names
                m.start, m.text, m.tokens, m.title_start = span.start_char, span.text, [t.text for t in span], span.start_char
                _attach_role(m, doc, span.start, span.start)
    out = _join_adjacent_people(out, doc)
    out = _join_name_modifiers(out, doc)
    out = _people_that_are_places(out, doc, ruled_places - ruled_orgs)
    out = _numbered_units(out, doc)
    out += place_cue_mentions(doc)
    out += places_in_regions(doc)
    out += coordinated_places(doc)
    out = _one_label_per_name(out, doc)
    out += pronoun_mentions(doc)
    out += phrase_mentions(doc, out)
    return sorted(out, key=lambda m: (m.start, m.end))


@lru_cache(maxsize=1)
def facility_heads() -> frozenset[str]:
    """Return the nouns that end the name of a building or structure ('Gate', 'Dam', 'Hospital'): NER's person or
    organisation with such a last word is a place (FAC)."""
    return cnlp.facility_head_words()


@lru_cache(maxsize=1)
def settlement_nouns() -> frozenset[str]:
    """Return the place nouns of the nominal lexicon that name a settlement or area ('town', 'village', 'province')."""
    return frozenset(w for w, e in nominal_lexicon().items() if e["kind"] == "place" and e["label"] == "GPE")


@lru_cache(maxsize=2)
def nouns_after_name(person: bool = False) -> dict[str, str]:
    """Return the nouns that, right after a name, say it names a place ('the al-Midan neighborhood'), with the label
    they give it ('GPE'); keys are one or two lowercase words. After a name NER took for a person, 'camp' is left
    out ('the Clinton camp')."""
    gazetteer = cnlp.load_gazetteer()
    places = [*(gazetteer.get("place_nouns_after_name") or []), *([] if person else gazetteer.get("site_nouns_after_name") or [])]
    return {str(w).lower(): "GPE" for w in places}


def _spelling_variant(text: str, label: str) -> tuple[str, str] | None:
    """Return (gazetteer id, label) when an NER name is another transliteration of a gazetteer name, else None."""
    if label not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
        return None
    hit = cnlp.spelling_index().get(cnlp.spelling_key(text))
    if hit is None or (label == "PERSON") != (hit[1] == "PERSON") and len(text.split()) < 2:
        return None  # a one-word name may be a person and a place alike: only NER's kind of thing is taken
    return hit


@lru_cache(maxsize=1)
def org_nouns_before_name() -> frozenset[str]:
    """Return the nouns of kinds of organisation that, right before a name, say it names one ('the company Züblin')."""
    return cnlp.gazetteer_words("org_nouns_before_name")


_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNP", "NNPS", "HYPH", "VBN", "CD"})


def _after_org_noun(doc, span, label: str) -> bool:
    """Return True if a name stands right after a noun of a kind of organisation, in apposition ('the German company
    [Züblin]', 'the rebel group [Fastaqim] told Reuters'). A name NER took for a person stays one where a comma may be
    missing or the name may start a relative clause: without an article before the organisation's noun ("CNN's
    website Charles Lister"), after a role ('a leader of the militant group Abu Mohamad al-Golani'), with a finite verb
    right after it ('the company [Ali] founded'), or when it opens with 'Abu', 'Abdul', 'bin'."""
    i = span.start - 1
    if i < 0 or not doc[i].is_lower or doc[i].lower_ not in org_nouns_before_name() or doc[i].tag_ in _VERB_TAGS:
        return False
    verb_after = span.end < len(doc) and doc[span.end].tag_ in _VERB_TAGS
    if label != "PERSON":  # 'the coalition [X] leads' starts a relative clause; 'the group [X] told' does not
        return not (verb_after and doc[span.end].lemma_.lower() not in _speech_verbs())
    if verb_after or span[0].lower_ in name_part_openers():
        return False
    k = i - 1
    while k >= 0 and doc[k].tag_ in _MODIFIER_TAGS:
        k -= 1
    if k < 0 or doc[k].lower_ not in ("the", "a", "an"):
        return False
    offices = title_words()[0]
    return not (k > 1 and doc[k - 1].lower_ == "of" and doc[k - 2].lower_ in offices)


@lru_cache(maxsize=1)
def org_name_openers() -> frozenset[str]:
    """Return the first words of the names of Arabic armed groups and associations ('Jabhat', 'Liwa', 'Ansar')."""
    return cnlp.gazetteer_words("org_name_openers")


@lru_cache(maxsize=1)
def place_name_openers() -> frozenset[str]:
    """Return the first words of Arabic place names ('Tal', 'Kafr', 'Jabal', 'Khan', "Qal'at")."""
    return cnlp.gazetteer_words("place_name_openers")


@lru_cache(maxsize=1)
def _organisation_and_building_words() -> frozenset[str]:
    """Return the nouns that make a name an organisation's, a unit's or a building's ('Command', 'Brigade', 'Hospital')."""
    return unit_heads() | cnlp.body_heads() | cnlp.institution_heads() | facility_heads() | military_branch_words()


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    """Return the reporting verbs of the claims stage's cue lexicon ('say', 'tell', 'add')."""
    from conflictnews.claims import load_cues  # the claims stage imports this module

    return frozenset(load_cues())


def _reads_as_person(doc, span) -> bool:
    """Return True when the words around a name say it is a person: a title or role right before it ('spokesman [Tal
    Heinrich]', 'Major General [Tal Russo]'), a given-name part after its first word ('[Khan Abdul Wali Khan]'), or a
    reporting verb it is the subject of ('[Moumtzis] said', also without the comma FA-KES lost)."""
    offices, ranks, _ = title_words()  # not the modifiers ('of', 'for', 'group'), which also stand before places
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and any(w in offices or w in ranks for w in (before.lower_, before.lemma_.lower())):
        return True
    if len(span) > 1 and span[1].lower_ in name_part_openers():
        return True
    after = doc[span.end] if span.end < len(doc) else None
    return (span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() in _speech_verbs()) \
        or (after is not None and after.pos_ in ("VERB", "AUX") and after.lemma_.lower() in _speech_verbs())


def _arabic_place_start(doc, span) -> int | None:
    """Return where the place name starts when a name NER took for a person, organisation or nationality is an
    Arabic place name: it opens with a place word ('[Jabal] al-Zawiya', '[Khan] al-Assal'), or an untagged place word
    stands right before it ("[Qal'at] al-Madiq"); None otherwise, and when a word of it names an organisation's body,
    a unit or a building ('Deir Ezzor Police Command')."""
    openers = place_name_openers()
    if any(t.lower_ in _organisation_and_building_words() for t in span):
        return None
    if len(span) > 1 and span[0].lower_ in openers and span[0].text[:1].isupper() \
            and (span[1].text[:1].isupper() or span[1].lower_.rstrip("-") in name_particles()):
        return span.start
    if span.start > 0 and (prev := doc[span.start - 1]).lower_ in openers and prev.text[:1].isupper() \
            and not prev.ent_type_ and span[0].lower_.rstrip("-") in name_particles():
        return span.start - 1
    return None


def _in_settlement_list(span) -> bool:
    """Return True if a name is coordinated after a place noun's 'of' ('the villages of Tal Hamis, [Kafr Hamra] and
    [Hayyan]'): one of a list of towns, villages or neighbourhoods."""
    root = span.root
    if root.dep_ not in ("conj", "appos"):
        return False
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    of = root.head
    return root.dep_ == "pobj" and of.lower_ == "of" and of.head.tag_ == "NNS" \
        and of.head.lemma_.lower() in settlement_nouns() and not any(
            t.lower_ in _organisation_and_building_words() for t in span)


@lru_cache(maxsize=1)
def community_words() -> frozenset[str]:
    """Return the names of religious and ethnic communities ('Alawite', 'Druze'): NER's one-word person or
    organisation that is one of them is a nationality/religious group (NORP)."""
    return cnlp.gazetteer_words("community_words")


def _label_from_next_noun(doc, end: int, plural: bool = False, person: bool = False) -> str | None:
    """Return the label the noun(s) right after a name give it ('GPE' before 'neighborhood'), or None; a name
    before 'and' takes the label of the plural noun after the next name ('[al-Hamadaniyeh] and Saif al-Dawleh
    neighborhoods'). `person`: the name is one NER took for a person (see `nouns_after_name`)."""
    nouns = nouns_after_name(person)
    if end < len(doc) and doc[end].lower_ in ("and", "&") and not plural:
        k = end + 1
        while k < len(doc) and k - end <= PLACE_NAME_MAX + 2 and (doc[k].is_title or doc[k].text == "-"
                                                                   or doc[k].lower_ in name_particles()):
            k += 1
        return _label_from_next_noun(doc, k, plural=True, person=person) if k > end + 1 else None
    if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN") and (not plural or doc[end].tag_ in ("NNS", "NNPS")):
        if end + 1 < len(doc) and f"{doc[end].lower_} {doc[end + 1].lower_}" in nouns:
            return nouns[f"{doc[end].lower_} {doc[end + 1].lower_}"] if doc[end + 1].dep_ != "compound" else None
        if doc[end].dep_ == "compound":  # 'the Microsoft [district] office': the noun modifies another
            return None
        return nouns.get(doc[end].lower_) or nouns.get(doc[end].lemma_.lower())
    return None


@lru_cache(maxsize=1)
def unit_designators() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return the designators of numbered units ('CTF', 'Task Force') as word tuples, keyed by their first word
    lowercased, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for d in cnlp.load_gazetteer().get("unit_designators") or []:
        words = tuple(str(d).split())
        out.setdefault(words[0].lower(), []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _numbered_units(mentions: list[Mention], doc) -> list[Mention]:
    """Return the mentions with numbered units NER missed or cut ('CTF 50' tagged a law, 'Task Force' without its
    number): a designator as written and a number after it are one organisation; NER's mentions inside it give way,
    a gazetteer name overlapping it wins."""
    designators = unit_designators()
    units = []
    for i in _token_indices(doc, "LOWER", frozenset(designators)).tolist():
        if units and i < units[-1][1]:
            continue
        for words in designators[doc[i].lower_]:
            end = i + len(words)
            if end < len(doc) and tuple(t.text for t in doc[i:end]) == words and doc[end].text[:1].isdigit() \
                    and doc[end].like_num:
                units.append((i, end + 1))
                break
    if not units:
        return mentions
    out = list(mentions)
    for s, e in units:
        span = doc[s:e]
        overlapping = [m for m in out if m.start < span.end_char and span.start_char < m.end]
        if any(m.source != "ner" for m in overlapping):
            continue
        out = [m for m in out if m not in overlapping]
        out.append(Mention(span.start_char, span.end_char, span.text, "ORG", normalise_id("ORG", span.text), span.text,
                           "", title_start=span.start_char, tokens=[t.text for t in span]))
    return sorted(out, key=lambda m: (m.start, m.end))


PLACE_NAME_MAX = 4  # tokens of an unrecognised place name after a place cue ('Near Dayr Az Zayr')


@lru_cache(maxsize=1)
def place_cues() -> frozenset[str]:
    """Return the words after which a capitalised name the model left untagged is a place ('near', 'outside')."""
    return cnlp.gazetteer_words("place_cues")


def place_cue_mentions(doc) -> list[Mention]:
    """Return the places named right after a place cue that NER missed ('Near Al Huwayjah, one strike ...').

    The name is the run of capitalised words (and name particles such as 'al-', 'Az') after the cue, none of them
    in an entity; stop words and sentence starts end it.
    """
    out: list[Mention] = []
    for i in _token_indices(doc, "LOWER", place_cues()).tolist():
        j = i + 1
        while j < len(doc) and j - i <= PLACE_NAME_MAX and not doc[j].ent_type_ and not doc[j].is_sent_start \
                and doc[j].is_alpha and doc[j].text[0].isupper() and doc[j].lower_ not in _NAME_STOPS:
            j += 1
        if j == i + 1 or doc[i].ent_type_:
            continue
        span = doc[i + 1:j]
        out.append(Mention(span.start_char, span.end_char, span.text, "GPE", normalise_id("GPE", span.text), span.text,
                           "", title_start=span.start_char, source="ner", tokens=[t.text for t in span]))
    return out


REGION_KINDS = frozenset({"country", "governorate", "province", "region"})
@lru_cache(maxsize=1)
def locative_prepositions() -> frozenset[str]:
    """Return the prepositions that put the name after them in a place ('at Amiens in France')."""
    return cnlp.gazetteer_words("locative_prepositions")


def places_in_regions(doc) -> list[Mention]:
    """Return the places NER missed that are placed in a country or province: a capitalised name after a locative
    preposition and before ', <country>' or 'in <country>' ('at Amiens in France', 'from Cibolo, Texas')."""
    out: list[Mention] = []
    kinds = place_kinds()
    for ent in doc.ents:
        if kinds.get(ent.ent_id_) not in REGION_KINDS or ent.start < 3 or doc[ent.start - 1].lower_ not in (",", "in"):
            continue
        end = ent.start - 1
        start = end
        while start > 0 and end - start < PLACE_NAME_MAX and doc[start - 1].is_title and doc[start - 1].is_alpha \
                and not doc[start - 1].ent_type_ and not doc[start - 1].is_sent_start and doc[start - 1].lower_ not in _NAME_STOPS:
            start -= 1
        if start == end or start == 0 or doc[start - 1].lower_ not in locative_prepositions():
            continue
        span = doc[start:end]
        if not any(t.is_lower and t.is_alpha and not t.is_stop for t in span.sent):
            continue  # a title-case headline says nothing about names
        out.append(Mention(span.start_char, span.end_char, span.text, "GPE", normalise_id("GPE", span.text), span.text,
                           "", title_start=span.start_char, source="ner", tokens=[t.text for t in span]))
    return out


def coordinated_places(doc) -> list[Mention]:
    """Return the places NER missed that are coordinated with a place the gazetteer knows ('all of Qabun and
    [Tishreen]', 'Douma, [Arbin] and Zamalka'): an untagged capitalised proper noun (with the capitalised words
    before it in its name) joined by 'and' or a comma to a gazetteer place, outside title-case headlines."""
    out: list[Mention] = []
    known = frozenset().union(*title_words())
    import numpy as np

    found = doc.to_array(["DEP", "POS"]) if len(doc) else np.zeros((0, 2), dtype="uint64")
    conj = np.flatnonzero((found[:, 0] == doc.vocab.strings["conj"]) & (found[:, 1] == doc.vocab.strings["PROPN"]))
    for tok in (doc[int(i)] for i in conj):  # the coordinated proper nouns only, found without a Python loop
        if tok.dep_ != "conj" or tok.ent_type_ or tok.pos_ != "PROPN" or not tok.is_title or not tok.is_alpha \
                or tok.is_stop or tok.is_sent_start or not tok.head.ent_id_.startswith("place:") or tok.head.i > tok.i:
            continue
        start = tok.i
        while start - 1 > tok.head.i and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i \
                and not doc[start - 1].ent_type_ and (doc[start - 1].is_title or doc[start - 1].text == "-"
                                                      or doc[start - 1].lower_ in name_particles()):
            start -= 1
        if not any(t.is_lower and t.is_alpha and not t.is_stop for t in tok.sent):
            continue  # a title-case headline says nothing about names
        span = doc[start:tok.i + 1]
        if any(t.lower_ in known or t.lemma_.lower() in known for t in span):
            continue  # 'France and Britain's [Foreign Ministers]'
        if _reads_as_person(doc, span):
            continue  # 'strikes hit Hama Aleppo and Deir al-Zor [Moumtzis] said' (commas lost)
        out.append(Mention(span.start_char, span.end_char, span.text, "GPE", normalise_id("GPE", span.text), span.text,
                           "", title_start=span.start_char, source="ner", tokens=[t.text for t in span]))
    return out


_NAME_STOPS = frozenset({"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for"})


def phrase_mentions(doc, named: list[Mention]) -> list[Mention]:
    """Return unnamed mentions: noun phrases headed by a role, group or place noun ('the minister', 'civilians').

    A singular role noun is a PERSON, a plural one or a group noun an ORG of its class ('class:civilians'), a place
    noun a GPE/FAC. The mention is the whole noun phrase ('the Syrian people'), grown over an 'of' complement ('the
    families of the victims'; for places only a named one, 'the city of Mosul') or a role's 'for' complement.
    """
    lexicon = nominal_lexicon()
    taken = {i for m in named for i in range(*_token_range(doc, m))}
    titles = [(m.title_start, m.start) for m in named if m.label == "PERSON" and 0 <= m.title_start < m.start]
    out: list[Mention] = []
    roots = set(_token_indices(doc, "LEMMA", frozenset(lexicon)).tolist()) | \
        set(_token_indices(doc, "LOWER", frozenset(lexicon)).tolist())
    for chunk in (cnlp.doc_noun_chunks(doc) if roots else ()):  # shared with the claims stage's scans
        root = chunk.root
        if root.i not in roots:
            continue
        entry = lexicon.get(root.lemma_.lower()) or lexicon.get(root.lower_)
        if entry is None or not _is_common_noun(chunk, entry["kind"]) or root.i in taken or root.i != chunk.end - 1 \
                or any(b <= root.idx < e for b, e in titles):
            continue
        start = max([chunk.start] + [t.i + 1 for t in chunk if t.tag_ == "POS" or (t.is_punct and t.text not in "-–")
                                     or t.tag_ == "VBD" and t.i > chunk.start and doc[t.i - 1].pos_ == "PROPN"])
        # a past-tense verb after a name inside a chunk is a misparse: 'The UN updated [Security Council members]'
        plural = root.tag_ in ("NNS", "NNPS")
        end = _of_phrase_end(doc, chunk.end, ("of", "for") if entry["kind"] == "person" and not plural else ("of",))
        if entry["kind"] == "place":  # 'two ISIL-held buildings' -> 'ISIL-held buildings'; 'the city of Mosul' whole
            while start < root.i and doc[start].like_num:
                start += 1
            if not all(i in taken for i in range(chunk.end + 1, end)):
                end = chunk.end
        span = doc[start:end]
        if entry["kind"] == "place" or (entry["kind"] == "person" and not plural):
            label = entry["label"]
            ident, name, atype = NOMINAL_PREFIX + entry["word"], entry["word"], "person" if label == "PERSON" else ""
        else:
            label, ident, name, atype = "ORG", entry["class_id"], entry["class_name"], entry["actor_type"]
            inner = next((m for m in named if m.label == "ORG" and m.source in ("gazetteer", "ner")
                          and not m.actor_id.startswith("class:") and span.start_char <= m.start and m.end <= span.end_char),
                         None)
            if inner is not None:  # 'the Daesh terror group' is the Islamic State
                ident, name, atype = inner.actor_id, inner.actor_name, inner.actor_type
        out.append(Mention(span.start_char, span.end_char, span.text, label, ident, name, atype, title_start=span.start_char,
                           source="phrase", tokens=[t.text for t in span], role=span[0].lower_))
    return out


OF_PHRASE_MAX = 8  # tokens of an 'of' complement kept in a role or group phrase ('the families of the victims')


def _is_common_noun(chunk, kind: str) -> bool:
    """Return True if the chunk's head is a common noun; a capitalised role or group counts if it is no name and the
    rest of the chunk is title words or place/organisation names ('The Prime Minister', 'the UK Special
    Representative', 'the Coalition'; not 'Minister Ellwood')."""
    if chunk.root.pos_ == "NOUN":
        return True
    if kind == "place" or chunk.root.pos_ != "PROPN" or chunk.root.ent_type_:
        return False
    offices, ranks, modifiers = title_words()
    return all(t.lower_ in offices or t.lower_ in modifiers or t.pos_ in ("DET", "NUM") or t.dep_ == "poss" or t.i == chunk.root.i
               or t.ent_type_ in ("GPE", "NORP", "ORG") for t in chunk)


def _of_phrase_end(doc, end: int, preps: tuple[str, ...] = ("of",)) -> int:
    """Return the end of a role or group phrase grown over its 'of' complement ('the people of Iraq')."""
    if end >= len(doc) or doc[end].lower_ not in preps or doc[end].head.i != end - 1:
        return end
    objects = [t for t in doc[end].children if t.dep_ == "pobj"]
    if not objects:
        return end
    last = max(t.i for t in objects[0].subtree) + 1
    if last - end > OF_PHRASE_MAX or any(t.is_punct and t.text not in "-'’" for t in doc[end:last]):
        return end
    return last


def _token_range(doc, m: Mention) -> tuple[int, int]:
    """Return the (start, end) token indices a mention covers (its whole gazetteer alias, 'Idlib province')."""
    start, end = (m.alias_start, m.alias_end) if m.alias_start >= 0 else (m.start, m.end)
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


def pronoun_mentions(doc) -> list[Mention]:
    """Return the Doc's personal pronouns that can stand for an actor ('he', 'we'), unresolved (label PRON)."""
    kinds = pronoun_kinds()
    tokens = (doc[int(i)] for i in _token_indices(doc, "LOWER", frozenset(kinds)))
    return [Mention(t.idx, t.idx + len(t.text), t.text, PRONOUN_LABEL, PRONOUN_PREFIX + t.lower_, t.lower_, "",
                    title_start=t.idx, source="pronoun", tokens=[t.text], role=kinds[t.lower_])
            for t in tokens if t.pos_ == "PRON" and not t.ent_type_]


def _token_indices(doc, attr: str, words: frozenset[str]):
    """Return the indices of the tokens whose attribute (LOWER, LEMMA) is one of the words, without a Python loop."""
    import numpy as np

    wanted = np.array([doc.vocab.strings[w] for w in words], dtype="uint64")
    return np.flatnonzero(np.isin(doc.to_array(attr), wanted))


@lru_cache(maxsize=1)
def place_alias_descriptors() -> frozenset[str]:
    """Return the lowercase words around a place name in a gazetteer alias ('province', 'rural', 'countryside of')."""
    return cnlp.gazetteer_words("place_alias_descriptors")


def _place_name_part(ent):
    """Return the place alias match without its trailing lowercase descriptor words ('[Idlib] province'); leading ones
    ('rural Damascus', 'countryside of Raqqa') stay, as the claims and casualties stages read them."""
    words = place_alias_descriptors()
    start, end = ent.start, ent.end
    while end > start and ent.doc[end - 1].is_lower and ent.doc[end - 1].lower_ in words:
        end -= 1
    name = ent.doc[start:end]
    return name if len(name) and any(not t.is_lower for t in name) else ent


def _gazetteer_mention(ent) -> Mention:
    """Return the Mention of an entity-ruler match (actor, class, place or nominal); a place's span is its name only."""
    ident = ent.ent_id_
    info = actor_index().get(ident, {"name": ent.text, "type": ""})
    source = "nominal" if ident.startswith(NOMINAL_PREFIX) else "gazetteer"
    span = _place_name_part(ent) if ident.startswith("place:") and len(ent) > 1 else ent
    trimmed = (span.start, span.end) != (ent.start, ent.end)
    return Mention(span.start_char, span.end_char, span.text, ent.label_, ident, info["name"], info["type"],
                   title_start=span.start_char, source=source, tokens=[t.text for t in span],
                   alias_start=ent.start_char if trimmed else -1, alias_end=ent.end_char if trimmed else -1)


def _trim_ner_span(ent, known: frozenset[str]):
    """Return the NER span without leading determiners/titles and a trailing possessive; None if nothing name-like is left."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or
                           (ent.label_ == "PERSON" and doc[start].lower_ in known and end - start > 1)):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    if start >= end or doc[start].lower_ in not_name_words():
        return None
    span = doc[start:end]
    if all(t.lower_ in known or t.is_punct or t.is_digit or t.is_stop for t in span) and not _office_name(span, ent.label_) \
            and not (ent.label_ == "NORP" and span[-1].lower_ in military_branch_words()):  # 'Marines' is a rank word too
        return None
    if not any(c.isupper() for c in span.text) or not any(c.isalpha() for c in span.text):
        return None
    return span


def _name_words_before(doc, start: int, known: frozenset[str]) -> int:
    """Return where an organisation's name starts once the capitalised words NER left before it are taken in
    ('[Combined] Joint Forces Land Component Command'): untagged title-case words inside the sentence, no title or
    stop words."""
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    i = start
    while i - 1 > sent_start and doc[i - 1].is_title and doc[i - 1].is_alpha and not doc[i - 1].ent_type_ \
            and not doc[i - 1].is_stop and doc[i - 1].lower_ not in known:
        i -= 1
    return i


def _strip_title(span, known: frozenset[str]):
    """Return the span without leading title words ('Secretary Kerry' -> 'Kerry'), at least one word kept."""
    start = span.start
    while start < span.end - 1 and (span.doc[start].lower_ in known or span.doc[start].text == "." and start > span.start):
        start += 1  # 'Maj' '.' 'Gen.': the tokenizer splits some abbreviations from their dot
    return span.doc[start:span.end]


def _join_adjacent_people(mentions: list[Mention], doc) -> list[Mention]:
    """Join a person name split in two adjacent mentions at a name particle ('Haider Al' + 'Abadi', 'Talal' +
    'al-Barazi'), also over one or two capitalised words NER left out before the particle ('Sajida Mubarak [Atrous]
    al-Rishawi'); the gazetteer's id wins. Two full names in a row ('Youssef Diab Paula Astih') stay apart."""
    particles = name_particles()
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.label == m.label == "PERSON" \
                and (0 < m.start - prev.end <= 1 and not cnlp.doc_text(doc)[prev.end:m.start].strip()
                     and (prev.tokens[-1].lower() in particles or m.tokens[0].lower().split("-")[0] in particles)
                     or prev.source == m.source == "ner" and m.tokens[0].lower().split("-")[0] in particles
                     and _untagged_name_gap(doc, prev.end, m.start)):
            text = cnlp.doc_text(doc)[prev.start:m.end]
            keep = m if m.source == "gazetteer" else prev
            ident = keep.actor_id if keep.source == "gazetteer" else normalise_id("PERSON", text)
            name = keep.actor_name if keep.source == "gazetteer" else text
            out[-1] = replace(keep, start=prev.start, end=m.end, text=text, tokens=prev.tokens + m.tokens, actor_id=ident,
                              actor_name=name, title_start=prev.title_start, role=prev.role or m.role)
            continue
        if prev is not None and prev.label == "ORG" and m.label == "PERSON" and prev.source == m.source == "ner" \
                and len(prev.tokens) <= 2 and all(t.isalpha() and t.istitle() for t in prev.tokens) \
                and all(t.pos_ == "PROPN" for t in doc.char_span(prev.start, prev.end, alignment_mode="expand") or ()) \
                and any(t.lower().split("-")[0] in particles for t in m.tokens) \
                and 0 < m.start - prev.end <= 1 and not cnlp.doc_text(doc)[prev.end:m.start].strip() \
                and _in_running_text(doc, m.start):  # 'born [Badran Turki] [Hishan al-Mazidi]': one name
            text = cnlp.doc_text(doc)[prev.start:m.end]
            out[-1] = replace(m, start=prev.start, text=text, tokens=prev.tokens + m.tokens,
                              actor_id=normalise_id("PERSON", text), actor_name=text, title_start=prev.start)
            continue
        out.append(m)
    return out


def _stands_as_place(doc, m: Mention) -> bool:
    """Return True for a mention after a locative preposition ('in Atmeh') or before a place noun ('Atmeh camp')."""
    span = doc.char_span(m.start, m.end)
    if span is None:
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lemma_.lower() if span.end < len(doc) else ""
    return before in locative_prepositions() or after in settlement_nouns() or after in nouns_after_name()


def _label_class(label: str) -> str:
    """Return 'place' for the place labels (GPE, LOC, FAC), else the label."""
    return "place" if label in PLACE_LABELS else label


def _one_label_per_name(mentions: list[Mention], doc) -> list[Mention]:
    """Return the mentions with a name the gazetteer does not know read as a place throughout its Doc when one of its
    occurrences stands as a place ('in Atmeh', 'the Atmeh camp') and none reads as a person (no role, no title before
    it, not the subject of a reporting verb): NER's other occurrences as a person were its slip. Only person readings
    change; organisation and place readings are left as NER and the context rules gave them."""
    votes: dict[str, dict[str, list[Mention]]] = {}
    for m in mentions:
        if m.source == "ner" and m.label in ("PERSON", "GPE", "LOC", "FAC") and m.actor_id not in actor_index():
            votes.setdefault(m.text.casefold(), {}).setdefault(_label_class(m.label), []).append(m)
    relabel: dict[int, str] = {}
    for by_class in votes.values():
        places, people = by_class.get("place", []), by_class.get("PERSON", [])
        if not places or not people or any(m.role for m in people):
            continue
        if not any(_stands_as_place(doc, m) for m in places):
            continue
        if any(_reads_as_person(doc, span) for m in people if (span := doc.char_span(m.start, m.end)) is not None):
            continue
        labels = [m.label for m in places]
        relabel.update({id(m): max(labels, key=labels.count) for m in people})
    if not relabel:
        return mentions
    out = []
    for m in mentions:
        label = relabel.get(id(m))
        if label is None:
            out.append(m)
            continue
        out.append(replace(m, label=label, actor_id=normalise_id(label, m.text), actor_name=m.text, actor_type="",
                           role="", title_start=m.start))  # a place: no person's type, role or title
    return out


def _in_running_text(doc, char: int) -> bool:
    """Return True if the sentence at a character offset has lowercase words (is no title-case headline)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and any(t.is_lower and t.is_alpha and not t.is_stop for t in span.sent)


def _comma_parts(span) -> list:
    """Return an organisation span NER ran over a comma as its names: each part two words or more, the part after a
    comma starting with a capital ('Iraqi Ministry of Culture', 'State Board of Antiquities and Heritage'); else the
    span whole ('Foreign, Home and Defence Secretaries')."""
    commas = [t.i for t in span if t.text == ","]
    if not commas:
        return [span]
    bounds = [span.start, *[c + 1 for c in commas]]
    ends = [*commas, span.end]
    parts = [span.doc[b:e] for b, e in zip(bounds, ends)]
    if all(len(p) >= 2 and p[0].is_title for p in parts):
        return parts
    return [span]


def _join_name_modifiers(mentions: list[Mention], doc) -> list[Mention]:
    """Join a capitalised word NER took for an organisation of its own to the gazetteer organisation right after it
    ('[Federal] Government of Iraq', 'the [New] Iraqi Army'): one mention of the gazetteer's actor."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.source == "ner" and prev.label == m.label == "ORG" and m.source == "gazetteer" \
                and not m.actor_id.startswith(("class:", NOMINAL_PREFIX)) and len(prev.tokens) == 1 \
                and prev.tokens[0][:1].isupper() and not prev.tokens[0].isupper() \
                and 0 < m.start - prev.end <= 1 and not cnlp.doc_text(doc)[prev.end:m.start].strip() \
                and not cnlp.doc_text(doc)[m.end:m.end + 2].strip()[:1].isupper():  # 'Counter ISIL Coalition' is a longer name
            out[-1] = replace(m, start=prev.start, text=cnlp.doc_text(doc)[prev.start:m.end], tokens=prev.tokens + m.tokens,
                              title_start=prev.start)
            continue
        out.append(m)
    return out


def _in_locative_phrase(token) -> bool:
    """Return True if a token's coordination stands as the object of a locative preposition ('the assault of Husaybah
    and [Karabilah]'; not '[Abdullah] and Jordan welcomed')."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return first.dep_ == "pobj" and first.head.lower_ in locative_prepositions()


def _people_that_are_places(mentions: list[Mention], doc, ruled: Iterable[str] = ()) -> list[Mention]:
    """Return the mentions with NER's people that are places relabelled GPE: a name after a '-held' word
    ('insurgent-held Karabilah'), a one-word name coordinated with a place after a locative preposition ('of Husaybah
    and Karabilah'; not 'Syria and Kevin Kennedy', not 'Jordan and Abdullah welcomed'), and then every other
    mention of the same name in the text (NER labels each mention on its own), as are names the gazetteer knows as places
    and `ruled`, the names NER took for people that a rule found to be places elsewhere in the text ('the town of
    [Marea]' ... 'IS encircled [Marea]')."""
    held = place_cue_adjectives()
    places = {m.text for m in mentions if m.label in PLACE_LABELS and m.source == "gazetteer"} | set(ruled)
    for m in mentions:
        if m.label != "PERSON" or m.source != "ner" or m.role:
            continue
        span = doc.char_span(m.start, m.end)
        if span is None:
            continue
        first, root = span[0], span.root
        one_word = len([t for t in span if t.lower_.rstrip("-") not in name_particles() and t.text != "-"]) == 1
        if first.i > 1 and doc[first.i - 1].lower_ in held and doc[first.i - 2].text == "-" \
                or one_word and _in_locative_phrase(root) and (
                    root.dep_ == "conj" and root.head.ent_type_ in PLACE_LABELS
                    or any(c.dep_ == "conj" and c.ent_type_ in PLACE_LABELS for c in root.children)):
            places.add(m.text)
    if not places:
        return mentions
    return [replace(m, label="GPE", actor_id=normalise_id("GPE", m.text), actor_name=m.text, actor_type="")
            if m.label == "PERSON" and m.source == "ner" and not m.role and m.text in places else m for m in mentions]


@lru_cache(maxsize=1)
def place_cue_adjectives() -> frozenset[str]:
    """Return the participles that make a hyphenated word before a name say it is a place ('rebel-held Aleppo')."""
    return cnlp.gazetteer_words("place_cue_adjectives")


NICKNAME_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


@lru_cache(maxsize=1)
def name_part_openers() -> frozenset[str]:
    """Return the words that open the second part of an Arabic name ('Abdul', 'Abu', 'bin')."""
    return cnlp.gazetteer_words("name_part_openers")


def _grow_person_name(doc, span, known: frozenset[str]):
    """Return a person's name grown over what NER left out: a given name before a second part that opens with
    'Abdul', 'Abu', 'bin' ('[Fadel] Abdul Ghani'); after it, a quoted nickname and the surname ('Richard ["Tex"
    Coe]'), or one capitalised proper noun closing the name ('Ahmed Kamil [Murad],'), not a title word, not the start
    of another name and not in a title-case headline."""
    if span[0].lower_ in name_part_openers() and span.start > span.sent.start:
        given = doc[span.start - 1]
        if given.is_title and given.is_alpha and given.pos_ == "PROPN" and not given.ent_type_ and not given.is_stop \
                and given.lower_ not in known and given.lower_ not in not_name_words() \
                and given.lower_ not in cnlp.body_heads():  # not '... Health [Directorate] Abdel Wadoud al-Homsi'
            span = doc[span.start - 1:span.end]
    end = span.end
    if end + 3 < len(doc) and doc[end].text in NICKNAME_QUOTES and doc[end + 1].is_title and doc[end + 1].is_alpha \
            and doc[end + 2].text in NICKNAME_QUOTES and doc[end + 3].is_title and doc[end + 3].ent_type_ in ("", "PERSON") \
            and doc[end + 3].lower_ not in known:
        end += 4
        while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "PERSON":
            end += 1
        return doc[span.start:end]
    if end < len(doc) and _closing_surname(doc[end], known) and not (end + 1 < len(doc) and doc[end + 1].is_title) \
            and any(t.is_lower and t.is_alpha and not t.is_stop for t in doc[end].sent):
        return doc[span.start:end + 1]
    return span


def _closing_surname(tok, known: frozenset[str]) -> bool:
    """Return True if a token NER left untagged after a person's name can be the name's last word."""
    return tok.is_title and tok.is_alpha and tok.pos_ == "PROPN" and not tok.ent_type_ and not tok.is_stop \
        and not tok.is_sent_start and tok.lower_ not in known and tok.lower_ not in not_name_words()


def _untagged_name_gap(doc, start: int, end: int) -> bool:
    """Return True if the text between two character offsets is one or two capitalised proper nouns outside any entity,
    in a sentence that is not written in title case (a headline's capitals say nothing about names)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not 1 <= len(span) <= 2 or cnlp.doc_text(doc)[start:span.start_char].strip() \
            or cnlp.doc_text(doc)[span.end_char:end].strip():
        return False
    if not all(t.is_alpha and t.is_title and t.pos_ == "PROPN" and not t.ent_type_ and not t.is_stop for t in span):
        return False
    return any(t.is_lower and t.is_alpha and not t.is_stop for t in span.sent)


@lru_cache(maxsize=1)
def unit_heads() -> frozenset[str]:
    """Return the nouns that end a military unit's name ('Abel Battery', '3rd Battalion'): a name NER took for a person,
    nationality or place that ends in one is an organisation."""
    return cnlp.gazetteer_words("unit_heads")


@lru_cache(maxsize=1)
def tribe_nouns() -> frozenset[str]:
    """Return the nouns after which a name is a tribe's or clan's name, an organisation ('the Al Bu Nimr tribe')."""
    return cnlp.gazetteer_words("tribe_nouns")


@lru_cache(maxsize=1)
def direction_words() -> frozenset[str]:
    """Return the compass words that start no place name of their own ('the city's Eastern districts')."""
    return cnlp.gazetteer_words("direction_words")


@lru_cache(maxsize=1)
def military_branch_words() -> frozenset[str]:
    """Return the plural nouns of military branches and units ('Marines'): a name NER takes for a nationality that
    ends in one is an organisation."""
    return cnlp.gazetteer_words("military_branch_words")


@lru_cache(maxsize=1)
def kunya_words() -> frozenset[str]:
    """Return the first words of an Arabic kunya ('Abu', 'Umm'): a name NER takes for a nationality is a person."""
    return cnlp.gazetteer_words("kunya_words")


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """Return the particles inside Arabic and other names ('al', 'bin', 'abu') at which NER splits a name."""
    return cnlp.gazetteer_words("name_particles")


def _office_name(span, label: str) -> bool:
    """Return True if an ORG span made of title words is an office's name ('Ministry of Higher Education')."""
    offices, _, _ = title_words()
    return label == "ORG" and len(span) >= 3 and span[0].lower_ not in offices and any(t.lower_ == "of" for t in span)


def _attach_role(mention: Mention, doc, name_start: int, ner_start: int) -> None:
    """Set the person's role (office words before the name) and title_start (where role and ranks begin)."""
    offices, ranks, modifiers = title_words()
    i = name_start - 1
    sent_start = doc[name_start].sent.start if doc.has_annotation("SENT_START") else 0
    first = name_start
    while i >= sent_start:
        tok = doc[i]
        low = tok.lower_
        if tok.ent_type_ in ("ORG", "GPE", "NORP", "LOC") and not tok.ent_type_ == "PERSON":
            prev = _ent_start(doc, i) - 1
            if prev == sent_start and doc[prev].lower_ in _SCENE_PREPS:
                break  # 'In Turkey [Minister] Ellwood met ...': a fronted place is the scene, not part of the title
            i = prev
            first = i + 1
            continue
        if tok.text == "." and i > sent_start and doc[i - 1].lower_ + "." in ranks:  # 'Maj' '.' split by the tokenizer
            first = i - 1
            i -= 2
            continue
        if not tok.text.strip(cnlp.FORMAT_MARKS):  # a bidi mark between title and name
            i -= 1
            continue
        if (low in offices or low in ranks or low in modifiers) and tok.text != "Then":
            first = i
            i -= 1
            continue
        break
    while first < name_start and doc[first].lower_ in _CONNECTORS:
        first += 1
    words = [doc[k].lower_ for k in range(first, name_start)]
    if not any(w in offices or w in ranks for w in words):
        return
    mention.title_start = doc[first].idx
    role_end = name_start
    while role_end > first and not doc[role_end - 1].text.strip(cnlp.FORMAT_MARKS):
        role_end -= 1
    while role_end > first and doc[role_end - 1].lower_ in ranks:
        role_end -= 1
    while role_end > first and doc[role_end - 1].lower_ in _CONNECTORS:
        role_end -= 1
    if any(doc[k].lower_ in offices for k in range(first, role_end)):
        mention.role = doc[first:role_end].text


def _ent_start(doc, i: int) -> int:
    """Return the start token of the entity that token i belongs to."""
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


# -- in-document resolution ------------------------------------------------------------------------------------

def resolve_mentions(mentions: list[Mention], context: Iterable[Mention] = ()) -> list[Mention]:
    """Resolve short names, acronyms and nominals to the full actors named in the same Doc (or in `context`)."""
    context = list(context)
    defaults = cnlp.load_gazetteer().get("nominal_defaults") or {}
    resolved: list[Mention] = []
    for m in mentions:
        earlier = resolved[::-1] + context[::-1]
        later = [x for x in mentions if x.start > m.start]
        if m.source == "nominal":
            target = _nominal_target(m, earlier)
            word = m.actor_id[len(NOMINAL_PREFIX):]
            if target is None and word in defaults:
                target = _as_target(defaults[word])
            if target is not None:
                resolved.append(replace(m, actor_id=target.actor_id, actor_name=target.actor_name,
                                        actor_type=target.actor_type, label=target.label))
            else:  # an organisation all the same ('the coalition'), counted under its word
                resolved.append(replace(m, actor_name=word))
            continue
        if m.source == "pronoun":
            resolved.append(m)
            continue
        if m.source == "phrase":
            target = _named_place_inside(m, mentions)  # 'the town of Al Qaryatain' is Al Qaryatain
            if target is not None:  # a later 'the town' can refer back to it, even if the gazetteer does not know it
                m = replace(m, place_kind=m.actor_id[len(NOMINAL_PREFIX):])
            elif m.role == "the" and m.actor_id.startswith(NOMINAL_PREFIX):
                target = _phrase_target(m, earlier)
            if target is not None:
                m = replace(m, actor_id=target.actor_id, actor_name=target.actor_name, actor_type=target.actor_type)
            resolved.append(replace(m, role=""))
            continue
        if m.source == "ner":
            target = _person_target(m, earlier) or _person_target(m, later) or _acronym_target(m, earlier)
            if target is not None:
                m = replace(m, actor_id=target.actor_id, actor_name=target.actor_name,
                            actor_type=target.actor_type, label=target.label)
        resolved.append(m)
    return _resolve_pronouns(resolved)


def _as_target(ident: str) -> Mention | None:
    """Return a pseudo-mention for a gazetteer id (for nominal defaults)."""
    info = actor_index().get(ident)
    if info is None:
        return None
    label = "PERSON" if info["type"] == "person" else "ORG"
    return Mention(0, 0, info["name"], label, ident, info["name"], info["type"], source="gazetteer")


def _nominal_target(m: Mention, earlier: list[Mention]) -> Mention | None:
    """Return the latest earlier ORG mention whose actor carries the nominal word ('the ministry' -> a ministry)."""
    word = m.actor_id[len(NOMINAL_PREFIX):]
    for x in earlier:
        if x.label != "ORG" or x.source == "nominal" or x.actor_id.startswith(("class:", NOMINAL_PREFIX)):
            continue
        info = actor_index().get(x.actor_id)
        words = info["nominals"] if info else {t.lower() for t in x.tokens}
        if word in words:
            return x
    return None


def _named_place_inside(m: Mention, mentions: list[Mention]) -> Mention | None:
    """Return the named place a settlement phrase stands for, or None: the place after 'of' ('the town of [Tel Tamer]')
    or right before the noun ('the [Maghayir] district'). The noun must be singular and the place of its kind when the
    gazetteer knows it: a part of a place is not the place ('a neighbourhood of Aleppo', 'districts of Aleppo', 'the
    capital of Syria', 'an Idlib village', 'new Jordan camp')."""
    word = m.actor_id[len(NOMINAL_PREFIX):]
    if m.label not in PLACE_LABELS or not m.actor_id.startswith(NOMINAL_PREFIX) or word not in RESOLVED_PLACE_KINDS:
        return None
    words = [t.lower() for t in m.tokens]
    if words[-1] == word:  # 'the Maghayir district': the place ends right before the noun
        noun_start = m.end - len(m.tokens[-1])
        inside = [x for x in mentions if m.start <= x.start and m.text[x.end - m.start:noun_start - m.start].strip() == ""
                  and x.end < noun_start]
    elif word in words and words.index(word) + 1 < len(words) and words[words.index(word) + 1] == "of":
        after = m.start + m.text.find(" of ") + 4
        inside = [x for x in mentions if after <= x.start and x.end <= m.end]
    else:
        return None
    return next((x for x in inside if x.source in ("gazetteer", "ner") and x.label in PLACE_LABELS and x is not m
                 and place_kinds().get(x.actor_id, RESOLVED_PLACE_KINDS[word][0]) in RESOLVED_PLACE_KINDS[word]), None)


def _phrase_target(m: Mention, earlier: list[Mention]) -> Mention | None:
    """Return what a definite role or place phrase refers to: the latest person holding the role ('the minister'),
    or the latest place of that kind ('the city' -> Aleppo)."""
    word = m.actor_id[len(NOMINAL_PREFIX):]
    if m.label == "PERSON":
        return next((x for x in earlier if x.label == "PERSON" and x.source != "phrase" and word in x.role.lower().split()),
                    None)
    kinds = RESOLVED_PLACE_KINDS.get(word, ())
    last = m.tokens[-1].lower() if m.tokens else word
    if last != word and not (word.endswith("y") and last == word + "s"):  # 'the villages'; 'the citys' is 'city's'
        return None
    return next((x for x in earlier if (place_kinds().get(x.actor_id) or x.place_kind) in kinds), None)


PRONOUN_WINDOW = 250  # characters around a pronoun searched for the speaker it stands for


def _resolve_pronouns(mentions: list[Mention]) -> list[Mention]:
    """Return the mentions with each pronoun given the actor it stands for (kind from `role`, which is then cleared)."""
    named = [m for m in mentions if m.source != "pronoun" and m.label in ("PERSON", "ORG")]
    employer = _person_organisations(mentions)
    out = []
    for m in mentions:
        if m.source == "pronoun":
            target = _pronoun_target(m, named, employer) if m.text.lower() in resolved_pronouns() else None
            if target is not None:
                m = replace(m, actor_id=target.actor_id, actor_name=target.actor_name, actor_type=target.actor_type)
            m = replace(m, role="")
        out.append(m)
    return out


def _person_organisations(mentions: list[Mention]) -> dict[str, Mention]:
    """Return {person actor_id: the organisation named in their title} ('Pentagon spokesman Jeff Davis')."""
    orgs = [m for m in mentions if m.label == "ORG" and m.source != "pronoun"]
    out: dict[str, Mention] = {}
    for p in mentions:
        if p.label == "PERSON" and p.source != "pronoun" and 0 <= p.title_start < p.start:
            org = next((o for o in orgs if p.title_start <= o.start and o.end <= p.start), None)
            if org is not None:
                out.setdefault(p.actor_id, org)
    return out


def _pronoun_target(m: Mention, named: list[Mention], employer: dict[str, Mention]) -> Mention | None:
    """Return the actor a pronoun stands for, or None.

    'he'/'she': the latest person named before it; 'I', 'my': the person named nearest to it (a quote's speaker);
    'we'/'they': the organisation of the nearest speaker (an organisation, or the one in a person's title).
    """
    before = [x for x in named if x.end <= m.start]
    if m.role == "person":
        people = [x for x in named if x.label == "PERSON"]
        if m.text.lower() in nearest_pronouns():
            near = [x for x in people if abs(x.start - m.start) < PRONOUN_WINDOW]
            if near:
                return min(near, key=lambda x: abs(x.start - m.start))
        return next((x for x in reversed(before) if x.label == "PERSON"), None)
    near = [x for x in named if abs(x.start - m.start) < PRONOUN_WINDOW and not x.actor_id.startswith("class:")]
    if not near:
        return None
    nearest = min(near, key=lambda x: abs(x.start - m.start))
    return nearest if nearest.label == "ORG" else employer.get(nearest.actor_id)


def _person_target(m: Mention, candidates: list[Mention]) -> Mention | None:
    """Return the person whose fuller name contains this short name ('Davis' -> 'Jeff Davis')."""
    if m.label not in ("PERSON", "ORG", "GPE", "NORP") or len(m.tokens) > 3:
        return None
    short = [t.lower() for t in m.tokens]
    for x in candidates:
        if x.label != "PERSON" or len(x.tokens) <= len(short) or x.source in ("nominal", "phrase"):
            continue
        full = [t.lower() for t in x.tokens]
        if full[-len(short):] == short or (m.label == "PERSON" and full[:len(short)] == short):
            return x
    return None


def _acronym_target(m: Mention, earlier: list[Mention]) -> Mention | None:
    """Return the earlier organisation whose initials spell this all-capital mention ('SCPR')."""
    if m.label != "ORG" or not m.text.isupper() or not 2 <= len(m.text) <= 8:
        return None
    for x in earlier:
        if x.label == "ORG" and len(x.tokens) >= 2:
            initials = "".join(t[0] for t in x.tokens if t[:1].isupper())
            if initials == m.text:
                return x
    return None


# -- public API ------------------------------------------------------------------------------------------------

def entities_from_doc(doc, article_id: str, where: str, context: Iterable[Mention] = ()) -> list[dict]:
    """Return the entities-table rows of one parsed title or text (mentions resolved within the Doc)."""
    return [m.row(article_id, where) for m in resolve_mentions(mentions_from_doc(doc), context)]


def extract_entities(articles: pd.DataFrame, docs: Iterable | None = None) -> pd.DataFrame:
    """Return one row per entity mention (schema.ENTITY_COLUMNS); offsets index each article's title or text."""
    if docs is None:
        docs = cnlp.parse_articles(articles) if len(articles) else []
    parsed: dict[str, dict[str, object]] = {}
    for article_id, where, doc in docs:
        parsed.setdefault(article_id, {})[where] = doc
    rows: list[dict] = []
    for article_id, parts in parsed.items():
        text_mentions: list[Mention] = []
        if "text" in parts:
            text_mentions = resolve_mentions(mentions_from_doc(parts["text"]))
        if "title" in parts:
            rows += [m.row(article_id, "title") for m in resolve_mentions(mentions_from_doc(parts["title"]), text_mentions)]
        rows += [m.row(article_id, "text") for m in text_mentions]
    return pd.DataFrame(rows, columns=ENTITY_COLUMNS)


# -- summaries for notebook 02 ----------------------------------------------------------------------------------

def entities_html(text: str, rows: pd.DataFrame) -> str:
    """Return displaCy HTML of one text with its mentions highlighted (displaCy escapes the text; labels escaped here)."""
    import html

    from spacy import displacy

    ents, last = [], -1
    for row in rows.sort_values(["start", "end"]).itertuples():
        if row.start >= last:
            ents.append({"start": int(row.start), "end": int(row.end), "label": html.escape(f"{row.label} {row.actor_id}")})
            last = row.end
    return displacy.render({"text": text, "ents": ents}, style="ent", manual=True, page=False)


def named_mentions(entities: pd.DataFrame) -> pd.DataFrame:
    """Return the mentions that name an actor or place (pronouns, label PRON, left out)."""
    return entities[entities["label"] != PRONOUN_LABEL]


def is_actor(actor_ids: pd.Series) -> pd.Series:
    """Return True for mentions of actors (people and organisations), not places, nationalities or classes."""
    return actor_ids.str.startswith(("person:", "org:"))


def top_actors(entities: pd.DataFrame, articles: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """Return the n actors mentioned in the most articles: actor_id, actor_name, actor_type, articles, mentions."""
    entities = named_mentions(entities)
    actors = entities[is_actor(entities["actor_id"])]
    out = actors.groupby(["actor_id", "actor_name", "actor_type"], dropna=False).agg(
        articles=("article_id", "nunique"), mentions=("article_id", "size")).reset_index()
    return out.sort_values(["articles", "mentions", "actor_id"], ascending=[False, False, True]).head(n).reset_index(drop=True)


def actors_by_outlet(entities: pd.DataFrame, articles: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Return each outlet's n most-mentioned actors (by articles): outlet, actor_name, articles, share of outlet's articles."""
    outlets = articles[["article_id", "outlet"]]
    entities = named_mentions(entities)
    actors = entities[is_actor(entities["actor_id"])].merge(outlets, on="article_id")
    counts = actors.groupby(["outlet", "actor_name"]).article_id.nunique().rename("articles").reset_index()
    counts["share"] = counts["articles"] / counts["outlet"].map(outlets.groupby("outlet").size())
    counts = counts.sort_values(["outlet", "articles", "actor_name"], ascending=[True, False, True])
    return counts.groupby("outlet").head(n).reset_index(drop=True)


def names_by_outlet(entities: pd.DataFrame, articles: pd.DataFrame, actor_id: str, n: int = 6) -> pd.DataFrame:
    """Return how each outlet writes one actor: outlet, name (surface form), mentions, share of the outlet's mentions."""
    entities = named_mentions(entities)
    rows = entities[entities["actor_id"] == actor_id].merge(articles[["article_id", "outlet"]], on="article_id")
    rows = rows.assign(name=rows["text"].str.replace(r"^(?i:the)\s+", "", regex=True))
    counts = rows.groupby(["outlet", "name"]).size().rename("mentions").reset_index()
    counts["share"] = counts["mentions"] / counts.groupby("outlet")["mentions"].transform("sum")
    top = counts.groupby("name")["mentions"].sum().sort_values(ascending=False).head(n).index
    counts = counts[counts["name"].isin(top)]
    return counts.sort_values(["outlet", "mentions", "name"], ascending=[True, False, True]).reset_index(drop=True)


def actor_cooccurrence(entities: pd.DataFrame, actor_ids: list[str]) -> pd.DataFrame:
    """Return, for each pair of the given actors, the number of articles that mention both: actor_a, actor_b, articles."""
    present = entities[entities["actor_id"].isin(actor_ids)][["article_id", "actor_name"]].drop_duplicates()
    pairs = present.merge(present, on="article_id")
    pairs = pairs[pairs["actor_name_x"] != pairs["actor_name_y"]]
    out = pairs.groupby(["actor_name_x", "actor_name_y"]).size().rename("articles").reset_index()
    return out.rename(columns={"actor_name_x": "actor_a", "actor_name_y": "actor_b"})


def place_mentions(entities: pd.DataFrame) -> pd.DataFrame:
    """Return mentioned gazetteer places with coordinates: place_id, name, kind, country, latitude, longitude, articles, mentions."""
    places = cnlp.load_places()[["place_id", "name", "kind", "country", "latitude", "longitude"]]
    rows = entities[entities["actor_id"].isin(places["place_id"])]
    counts = rows.groupby("actor_id").agg(articles=("article_id", "nunique"), mentions=("article_id", "size"))
    out = places.merge(counts, left_on="place_id", right_index=True)
    return out.sort_values(["articles", "place_id"], ascending=[False, True]).reset_index(drop=True)
