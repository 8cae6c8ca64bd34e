"""Attributed claims: direct quotes and reported speech with speaker, cue, stance and content, from one parse.

A claim is found from a *cue* (a reporting verb or phrase from ``data/cues.csv``) with a speaker (its subject, the
object of "according to", or the subject of the reporting verb it hangs off) and a content: the clause it governs
(indirect), the quotation linked to it (direct) or a clause containing a quotation (mixed). A quotation that opens a
sentence with no cue of its own continues the previous speaker ("... ," he said. "Of course, ...").
Hedges in the outlet's own voice ("airstrikes purportedly against Daesh positions", ``data/hedges.csv``) become rows
of type ``outlet`` with the outlet as speaker and stance ``hedged``. Headlines are not claims; scare quotes (a quoted
word or two with no cue) are not claims; unbalanced quote marks are skipped, never raised.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from conflictnews import schema
from conflictnews.entities import Mention
from conflictnews.nlp import doc_ents, doc_noun_chunks, doc_text

FUNCTION_WORDS_FILE = "function_words.yml"
OUTLET_TYPE = "outlet"
"""Claim type of a hedge in the outlet's own voice (speaker = the outlet, stance = hedged)."""

GENERIC_ACTOR_PREFIXES = ("class:", "nominal:")
PRONOUN_ACTOR_PREFIX = "pron:"
LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "government", "NORP": "", "FAC": "", "LOC": ""}
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
NOISE_LABELS = frozenset({"DATE", "TIME", "CARDINAL"})  # entity labels that never start a speaker's name
PHRASE_DEPS = frozenset({"dobj", "ccomp", "acomp", "oprd"})  # the word of a verb-plus-word cue ("make clear")
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})
SCARE_QUOTE_MAX_WORDS = 2
QUOTE_GAP_AFTER = 90   # max characters between a closing quote mark and its cue after it
QUOTE_GAP_BEFORE = 160  # max characters between a cue and the opening quote mark after it
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
WORD = re.compile(r"\w+(?:[-']\w+)*")


# -- lexicons ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cue:
    """One entry of the cue lexicon."""

    lemma: str
    stance: str
    takes_object: bool
    clause_only: bool = False
    idioms: frozenset[str] = frozenset()
    conduit: bool = False
    thin: bool = False


def _data_path(name: str) -> Path:
    """Return the path of a packaged data file."""
    return Path(str(resources.files("conflictnews") / "data" / name))


def _read_rows(path: str | Path) -> list[dict[str, str]]:
    """Return the rows of a small CSV data file as dicts of stripped strings."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)]


@lru_cache(maxsize=8)
def load_cues(path: str | None = None) -> dict[str, Cue]:
    """Return the cue lexicon {lemma: Cue} from data/cues.csv (or a user file with columns lemma, stance, object).

    `object` is yes (an object can be the content: "denied the claim"), no (a clause, or the sentence around a
    comma-less "X said"), clause (only an explicit clause complement: verbs with non-reporting senses) or conduit (a
    relay: "X reported citing Y" gives Y a claim with X's content) or thin (as no, but a bare object closing the sentence
    is the content: "X also reported the killing"); `idioms` lists object nouns that make the verb no
    report ("claimed 100 lives", "claimed responsibility")."""
    cues: dict[str, Cue] = {}
    for row in _read_rows(path or _data_path("cues.csv")):
        lemma, stance = row.get("lemma", "").lower(), row.get("stance", "neutral").lower() or "neutral"
        if not lemma:
            continue
        if stance not in schema.STANCES:
            raise ValueError(f"cue {lemma!r}: stance {stance!r} is not one of {schema.STANCES}")
        takes = row.get("object", "").lower()
        idioms = frozenset(w.strip().lower() for w in row.get("idioms", "").split("|") if w.strip())
        cues[lemma] = Cue(lemma, stance, takes in ("yes", "true", "1"), takes == "clause", idioms, takes == "conduit",
                          takes == "thin")
    return cues


@lru_cache(maxsize=8)
def load_hedges(path: str | None = None) -> dict[str, str]:
    """Return the outlet-voice hedge list {hedge: stance} from data/hedges.csv (or a user file)."""
    return {r["hedge"].lower(): r.get("stance") or "hedged" for r in _read_rows(path or _data_path("hedges.csv"))
            if r.get("hedge")}


@lru_cache(maxsize=8)
def load_role_antecedents(path: str | None = None) -> dict[str, tuple[str, ...]]:
    """Return {role noun: words an antecedent's name may contain} ("monitor" -> observatory, monitor)."""
    return {r["role"].lower(): tuple(w.strip().lower() for w in r.get("antecedent", "").split("|") if w.strip())
            for r in _read_rows(path or _data_path("speaker_roles.csv")) if r.get("role")}


@lru_cache(maxsize=8)
def load_non_speakers(path: str | None = None) -> frozenset[str]:
    """Return the nouns that never head a source ("attack", "footage", "news") from data/non_speakers.csv."""
    return frozenset(r["noun"].lower() for r in _read_rows(path or _data_path("non_speakers.csv")) if r.get("noun"))


@lru_cache(maxsize=8)
def load_newsroom_nouns(path: str | None = None) -> frozenset[str]:
    """Return the nouns an outlet uses of itself ("our correspondent") from data/newsroom_nouns.csv."""
    return frozenset(r["noun"].lower() for r in _read_rows(path or _data_path("newsroom_nouns.csv")) if r.get("noun"))


@lru_cache(maxsize=8)
def load_function_words(path: str | None = None) -> dict[str, frozenset[str]]:
    """Return the closed-class word lists {name: words} from data/function_words.yml (or a user file): pronouns,
    determiners, subordinators, prepositions, connectives, small verb classes; each list's role is commented there."""
    raw = yaml.safe_load(Path(path or _data_path(FUNCTION_WORDS_FILE)).read_text(encoding="utf-8")) or {}
    lists: dict[str, frozenset[str]] = {}
    for name, words in raw.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"function words {name!r}: not a list of words (quote YAML booleans such as 'no')")
        lists[name] = frozenset(w.strip().lower() for w in words if w.strip())
    return lists


def _fw(name: str) -> frozenset[str]:
    """Return one list of data/function_words.yml."""
    return load_function_words()[name]


@lru_cache(maxsize=1)
def _word_patterns() -> dict[str, re.Pattern]:
    """Return the regular expressions built from the function-word lists (longest alternatives first)."""
    def alternatives(name: str) -> str:
        return "|".join(re.escape(w) for w in sorted(_fw(name), key=lambda w: (-len(w), w)))

    return {
        # "said on Wednesday it had ...": the cue's date is no content
        "weekday_lead": re.compile(rf"(on\s+)?({alternatives('weekdays')})\s+(that\s+)?", re.IGNORECASE),
        # the writer's link between paragraphs, not part of the reported clause
        "connective_lead": re.compile(rf"({alternatives('connectives')})\s+", re.IGNORECASE),
        # "said (earlier) that ...", "asked whether ...", "called for ...": not content
        "clause_lead": re.compile(rf"(({alternatives('clause_lead_times')})\s+that|{alternatives('clause_leads')})\s+",
                                  re.IGNORECASE),
        # a sentence with an attribution word is attributed, not the outlet's own voice
        "attribution": re.compile(rf"\b({alternatives('attribution_words')})\b", re.IGNORECASE),
    }


@lru_cache(maxsize=8)
def load_document_nouns(path: str | None = None) -> frozenset[str]:
    """Return the role nouns of data/speaker_roles.csv marked `document` ("statement", "report"): "the statement said"
    speaks for the source that issued it, the latest speaker before it."""
    return frozenset(r["role"].lower() for r in _read_rows(path or _data_path("speaker_roles.csv"))
                     if r.get("role") and r.get("document", "").lower() in ("yes", "true", "1"))


@lru_cache(maxsize=8)
def load_speaker_roles(path: str | None = None) -> dict[str, str]:
    """Return {role noun: actor_type} used to type speakers that are not named entities ("the ministry")."""
    return {r["role"].lower(): r.get("actor_type", "") for r in _read_rows(path or _data_path("speaker_roles.csv"))
            if r.get("role")}


# -- quotation marks --------------------------------------------------------------------------------------------------

def _is_opener(text: str, i: int) -> bool:
    """Return True if the quote mark at i looks like an opening mark (space or bracket before, a word after)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{:;-/") and not after.isspace()


def _is_closer(text: str, i: int) -> bool:
    """Return True if the quote mark at i looks like a closing mark (a word before, space or punctuation after)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}-'")


def _starts_paragraph(text: str, i: int) -> bool:
    """Return True if position i is the first non-space character of a paragraph."""
    return text[text.rfind("\n", 0, i) + 1:i].strip() == ""


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of text inside paired " marks; multi-paragraph quotes kept, unpaired marks dropped."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for match in re.finditer('"', text or ""):
        i = match.start()
        if open_at is None:
            if _is_opener(text, i) or not _is_closer(text, i):
                open_at = i
            continue
        if _is_opener(text, i) and not _is_closer(text, i):
            reopened = _starts_paragraph(text, i) and PARAGRAPH_BREAK.search(text, open_at, i)
            if not reopened:  # the earlier mark was never closed: drop it
                open_at = i
            continue
        spans.append((open_at + 1, i))
        open_at = None
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _words(text: str) -> list[str]:
    """Return the lowercased word tokens of a string."""
    return [w.lower() for w in WORD.findall(text or "")]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return (start, end) shrunk past surrounding spaces, quote marks, commas, colons and a leading 'that'."""
    strip = " \t\n\r\"',;:-"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip + ".":
        end -= 1
    lead = _word_patterns()["clause_lead"].match(text[start:end])
    if lead and end - start > lead.end():
        start += lead.end()
        while start < end and text[start] in strip:
            start += 1
    while True:  # a clause cut before its speaker leaves "... and", "... which", "... an official from"
        tail = re.search(r"[\s,;:-]+(\w+)[\s,;:-]*$", text[start:end])
        if not tail or tail.group(1).lower() not in _fw("dangling") or tail.start() < 8:
            break
        end = start + tail.start()
    if text.count('"', start, end) % 2 and end < len(text) and text[end] == '"':
        end += 1  # keep the closing mark of a quotation embedded in a mixed claim
    return start, end


# -- cues and speakers ------------------------------------------------------------------------------------------------

def _match_cue(tok, cues: dict[str, Cue]) -> Cue | None:
    """Return the cue a token starts, if any (multiword cues like "according to", "call for" first)."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    kids = [c.lower_ for c in tok.children if c.dep_ in ("prep", "prt")]
    kids += [c.lemma_.lower() for c in tok.children if c.dep_ in PHRASE_DEPS and c.i > tok.i]
    kids += [g.lower_ for g in _as_preps(tok)]
    for key in (f"{lemma} {nxt}", f"{lower} {nxt}", *(f"{lemma} {k}" for k in kids)):
        if key in cues and (lower == "according" or tok.pos_ == "VERB"):
            return cues[key]
    cue = cues.get(lemma)
    if cue is None:
        return None
    if tok.pos_ in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "ccomp") for c in tok.children):
        return cue
    if _final_verb_as_noun(tok):
        return cue
    return None


def _final_verb_as_noun(tok) -> bool:
    """Return True for a present-tense cue the parse took for a plural noun at the end of a comma-less sentence,
    right after a name ("... be used as human shields Press TV reports.")."""
    doc, sent = tok.doc, tok.sent
    if tok.tag_ != "NNS" or tok.lower_ != tok.lemma_.lower() + "s" or tok.i - sent.start < 5:
        return False
    if any(t.ent_type_ not in ("DATE", "TIME") for t in doc[tok.i + 1:sent.end] if not t.is_punct):
        return False
    prev = doc[tok.i - 1]
    return (prev.pos_ == "PROPN" or prev.ent_type_ in SPEAKER_LABELS) \
        and not any(a.lower_ == "according" for a in tok.ancestors)


def _as_preps(tok) -> list:
    """Return the "as" of "described X as Y", attached to the verb or (a common misparse) to its object X."""
    heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    return [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i]


def _phrase_word(tok, cue: Cue):
    """Return the object or complement word of a verb-plus-word cue ("put the death toll", "made clear"), else None."""
    words = cue.lemma.split()
    if len(words) != 2:
        return None
    return next((c for c in tok.children if c.dep_ in PHRASE_DEPS and c.i > tok.i and c.lemma_.lower() == words[1]),
                None)


def _phrase_content(tok, word, cue: Cue, nested: set[int] = frozenset()) -> tuple[int, int] | None:
    """Return what a verb-plus-word cue reports: the clause on the word ("made clear it would ...", "hope that ..."),
    the object itself ("gave a death toll of 34") or what follows it ("put the death toll at at least 70")."""
    clause = [c for c in word.children if c.dep_ in ("ccomp", "acl", "xcomp", "advcl") and c.i > word.i]
    if clause:
        tokens = list(clause[0].subtree)
    elif cue.takes_object:
        tokens = list(word.subtree)
    else:
        tokens = [t for c in tok.children if c.i > word.i and c.dep_ not in ("punct", "cc", "conj") for t in c.subtree]
    if tokens and tokens[0].lower_ in _fw("figure_prepositions") and len(tokens) > 1 and tokens[0].dep_ == "prep":
        tokens = tokens[1:]  # "put the toll at [at least 70]"
    stop = min((t.left_edge.i for t in tokens if t.i in nested and t.tag_ == "VBG" and t.i > tokens[0].i
                and t.dep_ in ("advcl", "conj", "xcomp", "acl")), default=None)
    tokens = [t for t in tokens if stop is None or t.i < stop]  # "... at 85 adding that ...": a claim of its own
    if not tokens:
        return None
    span = tok.doc[min(t.i for t in tokens):max(t.i for t in tokens) + 1]
    return span.start_char, span.end_char


def _agent(tok):
    """Return the object of a 'by' agent of a passive verb, if any."""
    for child in tok.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _reports_clause(tok) -> bool:
    """Return True if a cue verb governs a clause, directly or through its phrase word ("expressing hope that ...")."""
    clauses = ("ccomp", "acl", "xcomp")
    return any(c.dep_ == "ccomp" for c in tok.children) or any(
        g.dep_ in clauses and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)
        for c in tok.children if c.dep_ == "dobj" for g in c.children)


def _own_subject(tok):
    """Return the speaker token a verb names itself: its active subject or passive agent (else None)."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if len(subjects) > 1 and subjects[-1].i > tok.i and _closes_sentence(subjects[-1]):
        return subjects[-1]  # "... a stronghold on the river said the Observatory": two subjects, the one
        # closing the sentence after the cue is the speaker (comma-less inversion)
    for child in subjects:
        if child.dep_ == "nsubj":
            if child.lower_ in _fw("relative_pronouns") and tok.dep_ == "relcl" and not child.text.isupper():  # not "WHO"
                return tok.head
            return child
    return _agent(tok)


def _closes_sentence(tok) -> bool:
    """Return True if a token's phrase runs to the end of its sentence (only punctuation after it)."""
    last = max(t.i for t in tok.subtree)
    return all(t.is_punct for t in tok.doc[last + 1:tok.sent.end])


def _speaker_token(tok, cue_tokens: set[int]):
    """Return the speaker of a cue verb: its subject, else the subject of the reporting verb or clause it hangs off."""
    if tok.lower_ == "according":
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            to = tok.nbor(1)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    own = _own_subject(tok)
    if own is not None:
        return own
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return None  # "it was reported that ...": no speaker
    if tok.head.lower_ == "as" and tok.head.head is not tok.head:  # "quoted / cited X as saying"
        cited = next((c for c in tok.head.head.children if c.dep_ == "dobj"), None)
        if cited is not None:
            return cited
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):  # "a statement asking civilians to ..."
        if tok.tag_ == "VBN":  # "an attack believed to be ...", "planes thought to be ...": no speaker, but
            agent = _agent(tok)  # "a ceasefire announced by Russia", "an attack claimed by IS": the agent's claim
            return agent if agent is not None and _names_source(agent, load_speaker_roles()) else None
        head = tok.head
        verb = head.head.head if head.dep_ == "pobj" and head.head.lower_ in _fw("medium_prepositions") else None
        if verb is not None and verb.i in cue_tokens and _own_subject(verb) is not None:
            return _own_subject(verb)  # "X said in a statement putting the toll at ...": the statement is X's
        roles = load_speaker_roles()
        named = head.pos_ == "PROPN" or head.ent_type_ in SPEAKER_LABELS
        if not named and tok.tag_ == "VBG" and head.dep_ == "dobj" and _own_subject(head.head) is not None \
                and roles.get(head.lemma_.lower()) not in (None, "person"):
            return _own_subject(head.head)  # "rebels issued a statement asking ...": the statement is theirs
        plausible = named or head.lemma_.lower() in roles
        if not plausible and tok.tag_ == "VBG" and head.dep_ in ("dobj", "attr") and head.head.i in cue_tokens:
            return _own_subject(head.head)  # "denied any responsibility saying ...": the denier says it
        if not plausible and tok.tag_ == "VBG" and _reports_clause(tok):
            root = tok.sent.root  # "Fahd extended condolences to the victims expressing hope that ...": a
            subject = _own_subject(root) if root.i < tok.i else None  # participle the parse hung on a noun
            if subject is not None and _names_source(subject, roles):
                return subject
        return head if plausible else None
    node, fallback, path_ok = tok, None, True
    for _ in range(4):
        if node.head is node:
            break
        dep, node = node.dep_, node.head
        path_ok = path_ok and dep in INHERIT_DEPS
        subject = _own_subject(node)
        if subject is not None and node.i in cue_tokens:
            return subject
        if subject is not None and fallback is None and path_ok:
            fallback = subject
    return fallback


def _speaker_span(tok, misplaced: bool = False) -> tuple[int, int]:
    """Return char offsets of the speaker phrase: the subject's subtree without clauses hanging off it. `misplaced`:
    the token is a name the parse hung inside the clause before the cue ("... prospects in Syria Obama said")."""
    skip = {"relcl", "acl", "advcl", "punct", "cc", "prep", "advmod", "mark"} if tok.pos_ == "PRON" \
        else {"relcl", "acl", "advcl", "punct", "advmod", "mark"}  # not "while" of a misparsed clause
    tokens = [tok]
    for child in tok.children:
        if child.dep_ not in skip and not (child.dep_ == "prep" and child.lower_ not in _fw("speaker_prepositions")):
            tokens.extend(child.subtree)
    tokens = [t for t in tokens if not t.is_punct or t.i in (tok.i,)]
    left = min(t.i for t in tokens)
    right = max(t.i for t in tokens)
    if tok.pos_ != "PRON" and (any(t.tag_ in ("VBD", "VBZ", "VBP") for t in tok.doc[left:tok.i]) or misplaced
                               or tok.dep_ == "nsubj" and left > tok.sent.start
                               and tok.doc[left - 1].pos_ in ("ADP", "VERB")):
        left = max(left, _phrase_start(tok))  # a subject that swallowed the end of the clause before it ("...
        # shelling of [Syrias Aleppo] local authorities told reporters", "... to defeat [Daesh] Secretary of State")
    left = max([left] + _own_articles(tok, left))  # "... near the ISIL groups Syrian bastion Raqqa [a monitor] said"
    if misplaced and left < tok.i and left > 0 and tok.doc[left - 1].dep_ == "prep" \
            and tok.doc[left].dep_ == "compound" and tok.doc[left].pos_ == "NOUN":
        left += 1  # "... killed 36 people including [children] opposition activists said": the preposition's object
    left = _past_noise(tok.doc, left, tok.i) if tok.ent_type_ not in NOISE_LABELS else left
    while left < tok.i and (tok.doc[left].lower_ in _fw("determiners") or tok.doc[left].is_punct
                            or tok.doc[left].dep_ == "cc"):  # not "-held Aleppo Reuters", "and China diplomats"
        left += 1
    span = tok.doc[left:right + 1]
    start = span.start_char
    mark = doc_text(tok.doc).rfind('"', start, tok.idx)
    if mark >= 0:  # a quotation is never part of its speaker's name
        start = mark + 1 + len(doc_text(tok.doc)[mark + 1:tok.idx]) - len(doc_text(tok.doc)[mark + 1:tok.idx].lstrip())
    return start, span.end_char


# -- speaker resolution -----------------------------------------------------------------------------------------------

def mention_index(entities: pd.DataFrame) -> dict[tuple[str, str], list[Mention]]:
    """Return the entity-stage mentions of every document, {(article_id, where): mentions sorted by start}, built in
    one pass over plain column lists (generic classes like "a monitoring group" left out: resolved from context)."""
    n = len(entities)

    def column(name: str) -> list:
        return entities[name].tolist() if name in entities.columns else [""] * n

    index: dict[tuple[str, str], list[Mention]] = {}
    for article_id, where, start, end, text, label, actor_id, name, atype in zip(
            column("article_id"), column("where"), column("start"), column("end"), column("text"), column("label"),
            column("actor_id"), column("actor_name"), column("actor_type")):
        actor_id = actor_id if isinstance(actor_id, str) else ""
        if actor_id.startswith(GENERIC_ACTOR_PREFIXES):
            continue
        name = name if isinstance(name, str) and name.strip() else str(text)
        atype = atype if isinstance(atype, str) and atype else LABEL_TYPES.get(str(label), "")
        index.setdefault((str(article_id), where), []).append(
            Mention(int(start), int(end), str(text), str(label), actor_id, name, atype))
    for mentions in index.values():
        mentions.sort(key=lambda m: m.start)
    return index


def _mentions_from_entities(entities: pd.DataFrame | dict | None, article_id: str, where: str) -> list[Mention] | None:
    """Return the entity-stage mentions of one document (from an entity table or a prebuilt mention_index), or None
    if no entities were given."""
    if entities is None or len(entities) == 0:
        return None
    if not isinstance(entities, dict):
        ids, places = entities["article_id"].astype(str).to_numpy(), entities["where"].to_numpy()
        entities = mention_index(entities[(ids == str(article_id)) & (places == where)])
    return list(entities.get((str(article_id), where), []))


def _mentions_from_doc(doc) -> list[Mention]:
    """Return the spaCy named entities of a Doc as mentions (used when no entity table is given)."""
    return [Mention(e.start_char, e.end_char, e.text, e.label_, "", e.text, LABEL_TYPES.get(e.label_, ""))
            for e in doc.ents if e.label_ in SPEAKER_LABELS]


def _expand_short_name(mention: Mention, mentions: list[Mention]) -> str:
    """Return the fuller earlier name of a person mentioned by surname only ("Davis" -> "Jeff Davis")."""
    if mention.label != "PERSON" or mention.actor_name != mention.text or " " in mention.actor_name.strip():
        return mention.actor_name
    short = mention.actor_name.strip().lower()
    for other in mentions:
        if other.start >= mention.start:
            break
        words = other.actor_name.lower().split()
        if other.label == "PERSON" and len(words) > 1 and words[-1] == short:
            return other.actor_name
    return mention.actor_name


@dataclass
class Speaker:
    """A resolved speaker: canonical name and actor type (empty strings when unknown)."""

    name: str
    actor_type: str
    start: int


def _nominal_speaker(head, text: str, start: int, mentions: list[Mention], roles: dict[str, str]) -> Speaker:
    """Return a speaker for an unnamed subject ("the ministry", "a monitor"): the nearest mention (earlier first,
    else later) whose name has the head noun or a word the roles file lists as its antecedent."""
    lemma = head.lemma_.lower()
    antecedents = load_role_antecedents()
    modifiers = [c.lower_ for c in head.children if c.dep_ in ("amod", "compound") and antecedents.get(c.lower_)]
    wanted = {lemma, head.lower_, *antecedents.get(lemma, ()), *antecedents.get(head.lower_, ())}
    if modifiers:  # "the hard-line militant group": the modifier says which kind of group, not the head
        wanted = {w for m in modifiers for w in (m, *antecedents[m])}
    fitting = [m for m in mentions if m.label not in ("PERSON", "GPE") and wanted & set(_words(m.actor_name))]
    earlier = [m for m in fitting if m.end <= start]
    pick = earlier[-1] if earlier else next((m for m in fitting if m.start > start), None)
    if pick is not None:
        return Speaker(_canonical(pick.actor_name), pick.actor_type, start)
    for m in reversed([m for m in mentions if start < m.start and m.end <= start + len(text)]):
        if _words(m.text)[:1] and _words(m.text)[0] in _fw("determiners") and m.actor_name and _located(head, m) \
                and m.text == m.text.lower() \
                and not _words(text[m.end - start:])[:1] == ["of"]:  # not "the town of Khan Sheikhoun"
            text = text[:m.start - start] + m.actor_name + text[m.end - start:]  # "activists in the town" -> "... in
            # Jayrud": the place the entity stage resolved
    words = text.split()
    while words and words[0].lower() in _fw("determiners"):
        words.pop(0)
    kind = roles.get(lemma, roles.get(head.lower_, ""))
    if not kind and head.pos_ == "PROPN":  # "Qassem Saadeddine a commander and spokesman for ...": a person's name
        kind = next((roles[w] for w in _words(text) if roles.get(w) == "person"), "")
    return Speaker(" ".join(words), kind, start)


def _canonical(name: str) -> str:
    """Return a speaker name without a leading article ("The Observatory" -> "Observatory")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _fw("determiners"):
        words.pop(0)
    return " ".join(words)


def _trailing_name(doc, span: tuple[int, int], mentions: list[Mention]) -> str:
    """Return the personal name closing a role phrase ("envoy for Syria Staffan de Mistura"), places dropped."""
    tokens = list(doc.char_span(span[0], span[1], alignment_mode="expand") or [])
    run: list = []
    for t in reversed(tokens):
        if t.pos_ != "PROPN" and not (run and t.lower_ in _fw("name_particles")):
            break
        run.insert(0, t)
    places = {m.text.lower() for m in mentions if m.label in ("GPE", "LOC")}
    organisations = {m.start for m in mentions if m.label == "ORG"}  # 'Aleppo' opening 'Aleppo Police Command' stays
    while run and run[0].lower_ in places and run[0].idx not in organisations:
        run.pop(0)
    return " ".join(t.text for t in run) if len(run) >= 2 else ""


def _located(head, mention: Mention) -> bool:
    """Return True for a place mention in a prepositional phrase after a role noun ("a source in Homs", "an activist
    from Aleppo"): where the speaker is, not who speaks for it."""
    if mention.label not in ("GPE", "LOC", "FAC"):
        return False
    span = head.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.start <= head.i:
        return False
    node = span.root  # up from the place to the role noun: "an official in the Turkish town of Suruc"
    for _ in range(8):
        if node.head is node or node.head.i == head.i:
            return node.dep_ == "prep" and node.lower_ in _fw("locating_prepositions")
        node = node.head
    return False


def _pronoun_antecedent(head, mentions: list[Mention]) -> Mention | None:
    """Return the entity stage's resolution of a pronoun token (a PRON row carrying its antecedent actor), if any."""
    return next((m for m in mentions if m.start <= head.idx < m.end and m.actor_name.lower() not in _fw("pronouns")
                 and not m.actor_id.startswith(PRONOUN_ACTOR_PREFIX)), None)


def _resolve_speaker(head, span: tuple[int, int], mentions: list[Mention], history: list[Speaker],
                     roles: dict[str, str]) -> Speaker:
    """Return the canonical speaker of a subject token: a named mention, an antecedent of a pronoun, or the phrase."""
    text = doc_text(head.doc)[span[0]:span[1]]
    lower = head.lower_
    if lower in _fw("person_pronouns") or lower in _fw("group_pronouns"):
        want_person = lower in _fw("person_pronouns")
        for prev in reversed(history[-3:]):
            if (prev.actor_type == "person") == want_person and prev.name:
                return Speaker(prev.name, prev.actor_type, span[0])
        resolved = _pronoun_antecedent(head, mentions)
        if resolved is not None:  # no earlier speaker: the entity stage's antecedent
            return Speaker(_canonical(resolved.actor_name), resolved.actor_type, span[0])
        labels = {"PERSON"} if want_person else {"ORG", "GPE", "NORP"}
        for m in reversed(mentions):
            if m.end <= span[0] and m.label in labels:
                return Speaker(_canonical(_expand_short_name(m, mentions)), m.actor_type, span[0])
        if resolved is not None:  # no fitting earlier speaker or name: take the entity stage's resolution
            return Speaker(_canonical(resolved.actor_name), resolved.actor_type, span[0])
        return Speaker("", "person" if want_person else "", span[0])
    inside = [m for m in mentions if m.start < span[1] and m.end > span[0]]
    best = next((m for m in inside if m.start <= head.idx < m.end), None)
    role = roles.get(head.lemma_.lower())
    if best is None and (role in (None, "person") or head.pos_ == "PROPN"):
        best = next((m for m in inside if m.label == "PERSON"), None)
    if best is None and role == "person":  # "UN special envoy for Syria Staffan de Mistura"
        name = _trailing_name(head.doc, span, mentions)
        if name:
            return Speaker(name, "person", span[0])
    if best is None and role == "person":  # "a Defence Ministry spokesman", not "a source in Homs" (a place)
        best = next((m for m in inside if m.label in ("ORG", "GPE") and not _located(head, m)), None)
    if best is not None:  # is the same person (a country's "officials" or "resident of Homs" are no such voice)
        kind = best.actor_type
        if head.pos_ == "PROPN" and any(t.dep_ == "appos" and t.head.i == head.i and roles.get(t.lemma_.lower()) == "person"
                                        for t in head.children):
            kind = "person"  # "Ercan Topaca the Governor of Hatay": a name with a personal title in apposition
        return Speaker(_canonical(_expand_short_name(best, mentions)), kind, span[0])
    issuer = _document_issuer(head, mentions, history, roles)
    return issuer if issuer is not None else _nominal_speaker(head, text, span[0], mentions, roles)


def _document_issuer(head, mentions: list[Mention], history: list[Speaker], roles: dict[str, str]) -> Speaker | None:
    """Return the source of a bare definite document noun ("the statement said", "the letter added"): the issuer the
    text named at the document's first mention before it ("the U.S. military said in a statement", "Human Rights
    Watch's report", "In a letter sent by ... Anas Abdah"), else None."""
    if head.tag_ != "NN" or head.lemma_.lower() not in load_document_nouns():
        return None
    kids = list(head.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids) \
            or any(c.dep_ in ("poss", "compound", "amod", "nmod", "prep", "acl", "relcl") for c in kids):
        return None  # "a statement by the groups", "ISIS's statement", "the Observatory report": named there
    lemma = head.lemma_.lower()
    for tok in reversed(head.doc[:head.sent.start]):
        if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN":
            continue
        issuer = _issuer_of(tok)
        if issuer is None or issuer.lemma_.lower() in load_document_nouns():
            continue
        return _resolve_speaker(issuer, _speaker_span(issuer), mentions, history, roles)
    return None


def _issuer_of(doc_noun):
    """Return the token naming who issued a document noun: its possessor or name ("HRW's report", "the SOHR
    report"), the subject of "X said in a statement" or "X issued a statement", the agent of "a letter sent by X"."""
    for c in doc_noun.children:
        if (c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") or c.dep_ == "compound" and c.pos_ == "PROPN") \
                and c.ent_type_ not in ("DATE", "TIME"):  # not "In a Sunday statement"
            return c
    verb = doc_noun.head
    if doc_noun.dep_ == "pobj" and verb.lower_ in _fw("medium_prepositions"):
        verb = verb.head
    if doc_noun.dep_ in ("pobj", "dobj") and verb.pos_ in ("VERB", "AUX") and _own_subject(verb) is not None:
        return _own_subject(verb)
    sender = next((c for c in doc_noun.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.i == doc_noun.i + 1
                   and _agent(c) is not None), None)  # "a letter sent by X", not "a report that X was followed by Y"
    return _agent(sender) if sender is not None else None


# -- content spans ----------------------------------------------------------------------------------------------------

def _according_source_end(tok) -> int | None:
    """Return the char offset where the source named by "according to" ends: its entity or noun chunk."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    for span in list(doc_ents(tok.doc)) + list(doc_noun_chunks(tok.doc)):
        if span.start <= pobj.i < span.end:
            end = span.end
            while end < len(tok.doc) and tok.doc[end].lower_ in _fw("source_prepositions") and tok.doc[end].head.i == pobj.i:
                sub = list(tok.doc[end].subtree)
                end = sub[-1].i + 1
            return tok.doc[end - 1].idx + len(tok.doc[end - 1])
    return None


def _according_content(tok) -> tuple[int, int] | None:
    """Return the clause an "according to X" phrase attributes: the sentence without the phrase."""
    sent = tok.sent
    phrase = list(tok.subtree)
    p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
    source = _according_source_end(tok)
    if source is not None and tok.i == sent.start:  # "According to the Observatory 600 were killed" (no comma)
        p_end = min(p_end, source)
    before = (sent.start_char, p_start)
    after = (p_end, sent.end_char)
    text = doc_text(tok.doc)
    longer = after if len(text[after[0]:after[1]].strip(" ,.")) > len(text[before[0]:before[1]].strip(" ,.")) else before
    finite = [part for part in (before, after) if _has_finite_verb(tok.doc, *part)]
    pick = finite[0] if len(finite) == 1 else longer  # "19 were killed according to X due to shelling": the clause
    return pick if text[pick[0]:pick[1]].strip(" ,.") else None


def _has_finite_verb(doc, start: int, end: int) -> bool:
    """Return True if the text between two char offsets holds a finite verb (a clause, not a bare phrase)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is not None and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


def _preceding_clause(tok, speaker, nested: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """Return the sentence text before "X said" / "said X" closing a sentence (FA-KES stripped the commas); a nested
    cue after it ("... told reporters on Saturday stressing that ...") is a claim of its own and ends the sentence.
    A cue in a temporal or causal clause ("... began when the regime responded ...") closes no sentence."""
    if speaker is None or any(c.lower_ in _fw("subordinators") and c.dep_ in ("mark", "advmod")
                              and c.i + 1 == speaker.left_edge.i for c in tok.children):
        return None
    if any(c.lower_ == "as" and c.dep_ == "mark" for c in tok.children) \
            and any(c.dep_ == "prep" and c.lower_ == "to" and c.i > tok.i for c in tok.children):
        return None  # "... killed in Hama as government forces responded to a rebel offensive": an act, no report
    sent = tok.sent
    first = min(tok.i, _phrase_start(speaker))
    conduit = tok.head.head if tok.head.lower_ == "as" and tok.head.head is not tok.head else None
    subject = _own_subject(conduit) if conduit is not None and conduit.i < tok.i else None
    if subject is not None and subject.i < first:  # "CLAUSE Rossiya 24 cited the ministry as saying"
        first = _phrase_start(subject)
    after = [t for t in sent if t.i > max(tok.i, speaker.right_edge.i) and not t.is_punct]
    stop = next((k for k, t in enumerate(after) if t.i in nested and t.tag_ == "VBG"), len(after))
    dating = {t.i for c in tok.children if c.dep_ in ("advcl", "ccomp") and c.i > tok.i and any(
        g.dep_ == "mark" and g.lower_ in _fw("subordinators") | {"as"} for g in c.children) for t in c.subtree}
    after = [t for t in after[:stop] if t.i not in dating]  # "... a monitor said a day after X agreed a truce"
    if first - sent.start < 4 or len(after) > 10 or any(t.pos_ == "VERB" and t.dep_ not in ("acl", "relcl", "pcomp")
                                                        for t in after):
        return None
    start = sent.start_char
    colon = [t for t in tok.doc[sent.start:first] if t.text == ":"]
    if colon and first - colon[-1].i > 4:  # "activists say ...: We are 7 km away ... said activist X"
        start = colon[-1].idx + 1
    end = tok.doc[first - 1].idx + len(tok.doc[first - 1])
    span = [t for t in tok.doc[sent.start:first] if t.idx >= start and not t.is_punct]
    if span and span[0].tag_ == "VBG" and not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span):
        return None  # "Speaking to AFP on Wednesday Homs governor X had reported ...": no clause before the speaker
    return _past_opener(tok.doc, start, end), end


def _past_opener(doc, start: int, end: int) -> int:
    """Return a content's start moved past the writer's participial opener (see _after_opener)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return start
    skip = _after_opener(doc, span.start, span.end - 1)
    return doc[skip].idx if skip != span.start else start


def _phrase_start(head) -> int:
    """Return the first token of a speaker phrase in comma-less text: its subtree's left edge, but not over a name
    that ends the clause before it ("... to defeat Daesh Secretary of State X said": the object of "defeat")."""
    doc, first = head.doc, head.left_edge.i
    roles = load_speaker_roles()
    for ent in doc_ents(doc):
        if first <= ent.start and ent.end <= head.i and ent.start > head.sent.start and ent.label_ != "NORP" \
                and (_object_in_clause(doc, ent, roles) or (_place_in_phrase(doc, ent) and ent.start == first)):
            first = ent.end
    first = _past_noise(doc, first, head.i) if first > head.sent.start and head.ent_type_ not in NOISE_LABELS else first
    return max([first] + _own_articles(head, first))


def _past_noise(doc, left: int, limit: int) -> int:
    """Return the start of a speaker phrase past the dates and figures the parse hung on it, which end the clause
    before it ("... on Wednesday [morning] Observatory chief X said", "... killed 12 wounds [50] State media", "...
    at least 10 killed and [15 injured] Al-Manar correspondent reported")."""
    start = left
    while left < limit and ((doc[left].ent_type_ in NOISE_LABELS and not doc[left].like_num)
                            or any(ch.isdigit() for ch in doc[left].text)):  # not "one resident", "two men"
        left += 1
    if left > start and left < limit and doc[left].tag_ == "VBN":
        left += 1  # "15 [injured] Al-Manar correspondent"
    if left == start or left >= limit:
        return start
    nxt = doc[left]  # what is left must open a speaker's name: not "Tuesdays [attack] Turkish sources"
    opens = nxt.pos_ in ("PROPN", "ADJ", "DET") or nxt.ent_type_ in SPEAKER_LABELS \
        or _role_word(nxt, load_speaker_roles()) or nxt.dep_ == "compound"
    return left if opens else start


def _own_articles(head, left: int) -> list[int]:
    """Return the indexes of a noun's own articles after `left` ("... Syrian bastion Raqqa [a] monitor said"): in
    comma-less text the phrase opens there; what comes before ends the clause."""
    if head.pos_ == "PRON" or left <= head.sent.start:  # not "Shuhud al-Hussein a member of ... said"
        return []
    return [c.i for c in head.children if c.dep_ == "det" and left < c.i < head.i and c.lower_ in ("a", "an", "the")]


def _following_clause(tok, speaker, nested: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """Return the rest of the sentence after "X said" when the parse missed the clause ("Xelil said some of ...")."""
    if speaker is None or speaker.i > tok.i or tok.lower_ == "according":
        return None
    sent, doc = tok.sent, tok.doc
    first = tok.i + 1
    while first < sent.end and (doc[first].lower_ in ("that", ":") or doc[first].dep_ in ("dative", "npadvmod")
                                or (doc[first].dep_ == "dobj" and doc[first].lemma_ in _fw("press_nouns"))):
        first += 1
    relay = next((c for c in _relays(tok) if c.i == first), None)
    if relay is not None:  # "Reuters reported citing the interior ministry that the attackers ...": the relayed clause
        obj = next(c for c in relay.children if c.dep_ == "dobj")
        clauses = {t.i for c in obj.children if c.dep_ in ("relcl", "acl") for t in c.subtree}  # "that the attackers
        first = max(t.i for t in obj.subtree if t.i not in clauses) + 1  # tried ...": a misparsed that-clause
        while first < sent.end and doc[first].lower_ in ("that", ":"):
            first += 1
    rest = [t for t in doc[first:sent.end] if not t.is_punct]
    objects = {t.i for c in tok.children if c.dep_ == "dobj" and tok.lemma_.lower() != "tell" for t in c.subtree}
    misparsed = len(rest) >= 3 and rest[0].i in objects  # "investigators say every hour matters": no plain object
    cue = load_cues().get(tok.lemma_.lower())
    thin = cue is not None and cue.thin and len(rest) >= 2 and all(t.i in objects for t in rest) \
        and any(t.pos_ == "NOUN" for t in rest)
    if thin:  # "X also reported the killing": a thin object closing the sentence (gold decision 38)
        return rest[0].idx, rest[-1].idx + len(rest[-1])
    if (len(rest) < 4 and not misparsed) or doc[first].pos_ in ("ADP", "PART", "PUNCT") \
            or not (misparsed or any(t.pos_ in ("VERB", "AUX") for t in rest)):
        return None
    last = sent.end - 1
    participle = next((t.i for t in rest if t.i in nested and t.tag_ == "VBG" and (
        (t.head.i == tok.i and t.dep_ in ("advcl", "xcomp", "conj")) or t.dep_ == "acl")), None)
    if participle is not None and participle - first >= 3:
        last = participle - 1  # "demanded access to the area saying residents ...": the participle is a claim of its own
    while last > first and doc[last].is_punct:
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _complement_span(tok, cue: Cue, nested: set[int], speaker=None) -> tuple[int, int] | None:
    """Return char offsets of what a cue verb reports: its clause complement (or object), nested cues cut off."""
    if tok.lower_ == "according":
        span = _according_content(tok)
        doc = tok.doc
        later = [doc[i] for i in sorted(nested) if span is not None and doc[i].tag_ == "VBG"
                 and span[0] < doc[i].idx < span[1] and doc[i].idx > tok.idx]
        if later:  # "According to the source X will head the room adding that ...": the participle is a new claim
            span = _trim(doc_text(doc), span[0], later[0].idx)
        return span
    word = _phrase_word(tok, cue)
    if word is not None:
        return _phrase_content(tok, word, cue, nested)
    if cue.lemma.endswith(" as"):  # "described the decision as shameful": the content is what follows "as"
        prep = next(iter(_as_preps(tok)), None)
        tokens = [t for g in (prep.children if prep is not None else []) for t in g.subtree]
        if tokens:
            span = tok.doc[min(t.i for t in tokens):max(t.i for t in tokens) + 1]
            return span.start_char, span.end_char
    clause = [c for c in tok.children if c.dep_ == "ccomp" and not (c.i > tok.i and any(  # "... activists said as
        g.dep_ == "mark" and g.lower_ in _fw("subordinators") | {"as"} for g in c.children))] or \
        [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and c.lower_ != "to" and not cue.clause_only
         and not (c.i in nested and c.tag_ == "VBG")]  # "told reporters stressing ...": a claim of its own; "...
    # activists said as violence in Syria continued": a time clause the parse took for the reported one is none
    parts = []
    if clause and clause[-1].i < tok.i and speaker is not None and clause[-1].i < speaker.i < tok.i \
            and _phrase_start(speaker) > clause[-1].right_edge.i + 1:  # "... was the widest offensive since the
        clause = []  # insurgents took over the city Abdul Rahman added": the subject swallowed part of the clause
    if clause:
        parts = [clause[-1]] if clause[-1].i > tok.i else [clause[0]]
        if parts[0].dep_ == "ccomp" and parts[0].i > tok.i:  # "said their attacks were ... YPG attempts to cut ...":
            parts = [c for c in clause if c.i > tok.i and c.i not in nested] or parts  # a clause the parse split
            if not cue.takes_object and tok.lemma_.lower() != "tell":  # "he added Those who witness ... will
                # realize ...": the object the parse split off opens the clause
                parts += [c for c in tok.children if c.dep_ == "dobj" and tok.i < c.i < parts[0].left_edge.i]
        if parts[0].dep_ == "xcomp":  # "urged the coalition to suspend ...": the addressee belongs to the content
            parts += [c for c in tok.children if c.dep_ == "dobj" and tok.i < c.i < parts[0].i]
            parts += [g for c in tok.children if c.dep_ == "prep" and tok.i < c.i < parts[0].i  # "called on X to"
                      for g in c.children if g.dep_ == "pobj"]
    elif _agent(tok) is not None and tok.dep_ == "acl" and tok.tag_ == "VBN":  # "a ceasefire announced by Russia"
        span = tok.doc[tok.head.left_edge.i:tok.i]
        return (span.start_char, span.end_char) if len(span) else None
    elif _agent(tok) is not None:  # "the capture was announced by the YPG and confirmed by SOHR"
        passive = tok if any(c.dep_ == "nsubjpass" for c in tok.children) else tok.head
        parts = [c for c in passive.children if c.dep_ == "nsubjpass"]
    elif cue.takes_object:
        parts = [c for c in tok.children if c.dep_ in ("dobj", "pobj", "attr") and c.i > tok.i]
        own = cue.lemma.split()[-1] if " " in cue.lemma else ""  # "warn of": the preposition belongs to the cue
        parts += [c for c in tok.children if c.dep_ == "prep" and c.i > tok.i and c.lower_ in _fw("object_prepositions")
                  and c.lower_ != own]
        if " " in cue.lemma and cue.lemma.rsplit(" ", 1)[1] in _fw("content_particles"):
            parts += [g for c in tok.children if c.dep_ in ("prep", "prt") for g in c.children if g.dep_ == "pobj"]
        ends = max((t.i for p in parts for t in p.subtree), default=None)
        if ends is not None and tok.doc[ends].dep_ == "cc":  # "condemned the crimes committed by the regime as well
            parts += [c for c in tok.children if c.dep_ == "prep" and c.i == ends + 1]  # as [by ISIS]": split by the parse
    if not parts:
        if cue.clause_only:
            return None
        relative = tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in _fw("relative_pronouns")
                                               and not c.text.isupper() for c in tok.children)  # not "the WHO said"
        if tok.dep_ == "relcl" and any(c.dep_ == "dobj" and c.lower_ in _fw("relative_pronouns") for c in tok.children):
            rest = [t for c in tok.children if c.i > tok.i and c.dep_ == "prep" for t in c.subtree]
            if not rest:  # "the chemical weapon use which Washington blames on the Syrian government": thin content
                return None  # after the cue (gold decision 34), never the sentence before the relative clause
            return rest[0].idx, rest[-1].idx + len(rest[-1])
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return None  # "they rejected to express allegiance": an infinitive with no clause of its own reports nothing
        return (None if relative else _preceding_clause(tok, speaker, frozenset(nested))) \
            or _following_clause(tok, speaker, frozenset(nested))  # "... said the Observatory a group which reports on Syria": a
        # relative clause describing its noun does not report the sentence before it
    tokens = [t for p in parts for t in p.subtree]
    if len(parts) == 1 and parts[0].dep_ == "ccomp" and parts[0].i > tok.i + 1 and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in parts[0].children):
        lost = _lost_subject(tok, parts[0])  # "said on Twitter one of their buildings ... was hit by ..."
        tokens += lost if not any(t.i in nested for t in lost) else []
    if tok.dep_ == "relcl":  # "buildings which they said would be targeted": the relative pronoun is no content
        tokens = [t for t in tokens if t.i > tok.i] or tokens
    left, right = min(t.i for t in tokens), max(t.i for t in tokens)
    inside = {t.i for t in tokens}
    for t in tokens:  # "... objectives, claiming that ...": the nested attribution is its own claim
        if t.i in nested and t.i > left and t.i != tok.i and not _temporal(t) and (t.dep_ in ("advcl", "conj")
                                                              or (t.dep_ in ("acl", "xcomp") and t.tag_ == "VBG"
                                                                  and not _issued_inside(t, inside))
                                                              or (t.dep_ == "relcl" and t.right_edge.i >= right
                                                                  and (any(c.dep_ == "neg" for c in t.children)
                                                                       or _own_relative_claim(t, tok, nested)))):
            right = min(right, t.left_edge.i - 1)  # "... all details which he did not disclose": withheld; "...
            # away from state security buildings which they said would be targeted": the relative clause's own claim
    withheld = [t for t in tokens if t.lower_ == "without" and left < t.i <= right and t.right_edge.i >= right
                and any(g.dep_ == "pcomp" and g.tag_ == "VBG" and (g.lemma_.lower() in load_cues()
                                                                  or any(d.dep_ == "dobj" for d in g.children))
                        for g in t.children)]
    if withheld:  # "... an attack is ongoing in the area without giving details": the writer notes what was withheld
        right = min(right, withheld[0].i - 1)
    if left < tok.i <= right + 1 and speaker is not None and speaker.i > left:  # the speaker is not what was said
        ent = next((e for e in doc_ents(tok.doc) if e.start <= speaker.i < e.end), None)
        dets = [t.i for t in ent or [] if t.dep_ == "det" and t.i > ent.start] if ent is not None else []
        ent_start = dets[0] if dets else (ent.start if ent is not None else speaker.i)
        right = min(right, tok.i - 1, _phrase_start(speaker) - 1, ent_start - 1)
    left = _after_opener(tok.doc, left, right)
    if right < left:
        return None
    span = tok.doc[left:right + 1]
    return span.start_char, span.end_char


def _after_opener(doc, left: int, right: int) -> int:
    """Return the start of a content past the writer's participial opener ("While not directly addressing the attack
    14 F-16s patrolled the border", "Speaking to AFP ..."), when a finite clause follows it."""
    opener = next((t for t in doc[left:min(left + 4, right + 1)] if t.dep_ == "advcl" and t.tag_ == "VBG"
                   and t.left_edge.i == left and left <= t.head.i <= right and t.head.i > t.right_edge.i), None)
    if opener is None or not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[opener.right_edge.i + 1:right + 1]):
        return left
    return opener.right_edge.i + 1


def _own_relative_claim(relcl, tok, nested) -> bool:
    """Return True for a relative clause whose verb is a cue with a named subject of its own ("... rather than
    fighting it an accusation the YPG has denied") right in a claim's content, with no other nested cue between the
    claim's cue and it. A pronoun may be the speaker going on ("... something he said they had done")."""
    subject = _own_subject(relcl)
    if subject is None or subject.pos_ == "PRON" or subject.i == relcl.head.i:
        return False
    return not any(tok.i < i < relcl.i for i in nested)


def _temporal(verb) -> bool:
    """Return True for a verb heading a temporal or causal clause ("... ramped up after X declared Damascus a military
    zone"): part of the clause it modifies, no statement boundary."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _fw("binding_subordinators")
                                        for c in verb.children)


def _issued_inside(participle, inside: set[int]) -> bool:
    """Return True for a participle on a document that a subject inside the content issued ("that rebel groups issued
    a statement asking civilians ..."): what the document asks is part of the reported clause, a claim nested in it."""
    noun = participle.head
    if participle.dep_ != "acl" or noun.dep_ != "dobj" or noun.lemma_.lower() not in load_document_nouns():
        return False  # not "denied the regime had used any such weapons saying ...": the denier says it
    subject = _own_subject(noun.head)
    return subject is not None and subject.i in inside


def _lost_subject(tok, clause) -> list:
    """Return the tokens between a cue and its subjectless clause that the parse hung on the cue's own phrase ("said
    on Twitter [one of their buildings in Haritan] was hit"): the clause's subject, after the cue's first prepositional
    phrase and its noun."""
    doc, k = tok.doc, tok.i + 1
    if k < clause.i and doc[k].dep_ == "prep" and doc[k].head.i == tok.i:
        pobj = next((c for c in doc[k].children if c.dep_ == "pobj"), None)
        k = pobj.i + 1 if pobj is not None and pobj.i < clause.i else k
    return [t for t in doc[k:clause.left_edge.i] if not t.is_punct]


def _sentence_of(doc, char: int) -> tuple[int, int]:
    """Return the char offsets of the sentence holding a char offset (sentences listed once per Doc)."""
    table = doc.user_data.get("conflictnews_sents")
    if table is None:
        spans = [(sent.start_char, sent.end_char) for sent in doc.sents]
        table = doc.user_data["conflictnews_sents"] = ([start for start, _ in spans], spans)
    starts, spans = table
    return spans[max(0, bisect.bisect_right(starts, char) - 1)]


def _sentence_bounds(doc, start: int, end: int) -> tuple[int, int]:
    """Return char offsets of the sentences covering [start, end), stripped of stray marks at the edges."""
    first = doc.char_span(start, max(start + 1, min(end, len(doc_text(doc)))), alignment_mode="expand")
    tokens = list(first) if first is not None and len(first) else []
    if not tokens:
        return start, end
    s, e = _sentence_of(doc, tokens[0].idx)[0], _sentence_of(doc, tokens[-1].idx)[1]
    text = doc_text(doc)
    while s < e and (text[s].isspace() or (text[s] == '"' and s < start - 1 and text[s + 1].isspace())):
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# -- claims from one Doc ----------------------------------------------------------------------------------------------

@dataclass
class _Found:
    """A cue with its speaker and complement, before quotes are linked."""

    tok: object
    cue: Cue
    speaker_tok: object
    complement: tuple[int, int] | None
    speaker_span: tuple[int, int] | None = None


def _inside(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Return True if a char offset lies inside one of the spans."""
    return any(s <= pos < e for s, e in spans)


def _find_cues(doc, quotes: list[tuple[int, int]], cues: dict[str, Cue]) -> list[_Found]:
    """Return the cues of a Doc outside quotations, each with its speaker token and complement span."""
    starts = _cue_first_words(cues)
    candidates = [t for t in doc if t.lower_ in starts or t.lemma_.lower() in starts]  # every cue key starts so
    matched = [(t, _match_cue(t, cues)) for t in candidates if not _inside(t.idx, quotes) and not _title_case_word(t)]
    matched = [(t, c) for t, c in matched if c is not None and t.dep_ != "amod"  # "the five alleged rebels",
               and not _unowned_source_noun(t)]  # "the reported attack": a participle modifying a noun is the
    # writer's hedge (see _hedge_rows), no statement; nor is "clarity on reports suggesting that ..." (no holder)
    cue_ids = {t.i for t, c in matched  # negated cues too: "... but did not say how" ends the content before it
               if not _idiom(t, c)  # "... in the city claiming the lives of two" neither reports nor cuts
               and not (t.tag_ == "VBN" and _raising(t))  # nor does a hedge: "systems known and documented to be"
               and not (c.clause_only and not any(g.dep_ in ("ccomp", "neg") for g in t.children)
                       and any(g.dep_ == "dobj" for g in t.children))  # not "the rebels have maintained momentum"
               and not (t.dep_ == "conj" and any(g.dep_ == "aux" and g.tag_ == "MD" for g in t.children)
                        and not any(g.dep_ == "neg" for g in t.children))}  # nor does a plan it reports: "... the
    # Council will discuss who is responsible and will announce the results"
    matched = [(t, c) for t, c in matched if not any(g.dep_ == "neg" for g in t.children)]
    found = []
    roles = load_speaker_roles()
    for tok, cue in matched:
        if tok.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            continue  # "the first Shia leader to urge Assad to step down": the writer's description, no statement
        if cue.conduit or _withheld(tok) or _nested_pronoun(tok, cue_ids) or _idiom(tok, cue) \
                or _conduit(tok, cue_ids) or (cue.clause_only and not _weak_cue_ok(tok)):
            continue
        speaker = _speaker_token(tok, cue_ids)
        opening = tok.sent[0]  # "According to the source X will head the room adding that ...": the source adds it
        if tok.tag_ == "VBG" and opening.lower_ == "according" and opening.i in cue_ids and speaker is not None \
                and speaker.i > opening.i and not any(c.dep_ == "nsubj" for c in tok.children):
            speaker = _speaker_token(opening, cue_ids) or speaker
        own = _own_subject(tok)
        if speaker is not None and speaker.i < tok.i and _counted(speaker):  # "... killed 1102 people said the
            # Observatory", "8 persons wounded ... civil sources told SANA": victims are no speaker, but a second
            # subject is ('"... and 30 others injured in the attack" he said'); a wounded witness with no other
            # subject still speaks ("Three soldiers wounded in the blast said ...")
            second = next((c for c in tok.children if c.dep_ == "nsubj" and speaker.i < c.i < tok.i), None)
            if second is not None or _object_of_verb(speaker):
                speaker = second
        if own is not None and own.lower_ in _fw("first_person_subjects") and own.i < tok.i:
            continue  # "I believe ... said Putin": the quoted speaker's own words, part of the outer claim
        final = None if cue.clause_only or " " in cue.lemma else _final_speaker(tok, speaker, roles)
        if final is not None:
            if not _non_speaker(doc, final[0], final[1]):
                found.append(_Found(tok, cue, final[0], final[2], final[1]))
            continue
        if own is None and tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ", "VBP") and speaker is not None \
                and speaker.i < tok.i:  # "The opposition faces ... in Idlib and Aleppo DAESH said on Monday ...":
            named = _name_before(tok)  # a name right before a coordinated cue is its subject, not the first verb's
            if named is not None and named.i not in {t.i for t in speaker.subtree} and not any(
                    c.dep_ in ("dobj", "nsubj") and c.i > tok.i for c in tok.children):  # not "... said the Observatory"
                speaker = _role_owner(named, roles) or named  # "... while an activist in the town of Aqrab said"
        if speaker is None and tok.tag_ in ("VBD", "VBZ", "VBP") and tok.lower_ != "according" \
                and not any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            speaker = _noun_before(tok, roles)  # "Speaking from Ghouta activist Khaled Amer said ..."
            misplaced = speaker is not None and speaker.dep_ not in ("nsubj", "nsubjpass")
        else:
            misplaced = False
        if speaker is None or _is_expletive(speaker) or not _plausible_source(tok, speaker, roles):
            continue
        if _raising(tok) and (not (_names_source(speaker, roles) or speaker.pos_ == "PRON")
                              or (tok.tag_ == "VBN" and own is None)):  # "known and documented to be": agentless
            continue  # "an attack believed to have been carried out by ...": no speaker
        if _non_speaker(doc, speaker, _speaker_span(speaker)):
            thing = {t.i for t in speaker.subtree}
            outer = _own_subject(tok.head) if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj") \
                and tok.head.i < tok.i else None  # "A resident corroborated that account saying ...": the
            if outer is not None and outer.i not in thing and _names_source(outer, roles):  # parse made "that
                speaker = outer  # account" the participle's subject; the one who speaks is the verb's subject
            else:
                speaker = _noun_before(tok, roles) if speaker.i < tok.i else None  # "Bus bombing in Homs province Also
            if speaker is None or speaker.i in thing or _non_speaker(doc, speaker, _speaker_span(speaker)):
                continue  # on Saturday Syrian state TV reported ...": a subheading the parse made the subject
            misplaced = False
        found.append(_Found(tok, cue, speaker, _complement_span(tok, cue, cue_ids, speaker),
                            _speaker_span(speaker, misplaced=True) if misplaced else None))
    return found


def _unowned_source_noun(tok) -> bool:
    """Return True for a participle cue on a bare source noun inside a prepositional phrase ("seeking clarity on
    reports suggesting that ...", "amid reports saying ..."): a noun cue without a holder (gold decision 17)."""
    head = tok.head
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or head.dep_ != "pobj" or head.tag_ != "NNS" or head.ent_type_ \
            or load_speaker_roles().get(head.lemma_.lower(), "person") == "person" \
            or any(c.dep_ == "det" for c in head.children):  # a bare plural: "reports", not "a statement putting"
        return False
    return not any(c.dep_ in ("poss", "compound", "amod", "nmod") and (c.pos_ in ("PROPN", "PRON") or c.ent_type_)
                   for c in head.children) and not any(c.dep_ in ("prep", "agent") for c in head.children)


def _cue_first_words(cues: dict[str, Cue]) -> frozenset[str]:
    """Return the first words of the cue keys: a token can start a cue only if its form or lemma is one of them."""
    return frozenset(key.split()[0] for key in cues if key.strip())


def _title_case_word(tok) -> bool:
    """Return True for a capitalised word inside a sentence ("Osama Said", a headline's "... Says"): no cue."""
    return tok.i > tok.sent.start and tok.text[:1].isupper() and not tok.text.isupper() \
        and tok.doc[tok.i - 1].text not in ('"', ":") and tok.lower_ != "according"


def _conduit(tok, cue_ids: set[int]) -> bool:
    """Return True for the relaying verb of "X cited / quoted Y as saying" or "X reported / cited Y who said" (gold
    decisions 3 and 18): the claim is Y's, found from "saying" / "said"."""
    if any(g.dep_ == "relcl" and g.i in cue_ids and any(n.dep_ == "nsubj" and n.lower_ == "who" for n in g.children)
           for c in tok.children if c.dep_ == "dobj" and c.i > tok.i for g in c.children):
        return True
    return any(c.lower_ == "as" and any(g.i in cue_ids for g in c.children) for c in tok.children) and (
        tok.lemma_.lower() in _fw("quoting_verbs") or any(c.dep_ == "dobj" for c in tok.children))  # "reported X as saying"


def _weak_cue_ok(tok) -> bool:
    """Return True if a verb with non-reporting senses ("determine", "find") reports here: its own subject and a
    declarative clause ("the coalition determined that ..."), not "to determine whether ..."."""
    clause = [c for c in tok.children if c.dep_ == "ccomp"]
    if _own_subject(tok) is None or not clause:
        return False
    return not any(g.dep_ == "mark" and g.lower_ in _fw("question_subordinators") or g.tag_ in ("WDT", "WP", "WP$", "WRB")
                   for c in clause for g in (*c.children, c.left_edge))  # "determines whose planes carry out ..."


def _role_owner(name, roles: dict[str, str]):
    """Return the role noun whose prepositional phrase a name closes ("an activist in the nearby town of [Aqrab]"),
    unless that noun is itself a preposition's object ("against the regime in Idlib and Aleppo [DAESH]"), else None."""
    node = name
    for _ in range(6):
        if node.dep_ not in ("pobj", "prep", "conj", "compound") or node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return None
        if node.pos_ == "NOUN" and _role_word(node, roles) and node.dep_ != "pobj":
            return node
    return None


def _counted(noun) -> bool:
    """Return True for a counted common noun the parse made a subject that is a verb's victims ("... rebel fire killed
    [1102 people] said the Observatory", "[Eight persons] wounded in Foaa ..."), never a source ("Two men said")."""
    if noun.pos_ != "NOUN" or noun.ent_type_ in SPEAKER_LABELS or _role_word(noun, load_speaker_roles()) \
            or not any(c.dep_ == "nummod" for c in noun.children):
        return False
    return _object_of_verb(noun) or any(c.dep_ == "acl" and c.tag_ == "VBN" for c in noun.children)


def _object_of_verb(noun) -> bool:
    """Return True if a noun phrase follows a verb right away ("... killed [1102 people] said ..."): the verb's object."""
    first = noun.left_edge.i
    return first > noun.sent.start and noun.doc[first - 1].pos_ == "VERB"


def _name_before(tok):
    """Return the organisation or person name ending right before a cue verb (past its auxiliaries), else None."""
    j = tok.i - 1
    while j > tok.sent.start and tok.doc[j].dep_ in ("aux", "advmod") and tok.doc[j].pos_ in ("AUX", "ADV"):
        j -= 1
    prev = tok.doc[j]
    return prev if j > tok.sent.start and prev.ent_type_ in ("ORG", "PERSON") and prev.ent_iob_ in ("B", "I") \
        and (j + 1 >= len(tok.doc) or tok.doc[j + 1].ent_type_ != prev.ent_type_ or j + 1 == tok.i) else None


def _noun_before(tok, roles: dict[str, str]):
    """Return the name or role noun right before a cue verb the parse left without a subject, or None."""
    j = tok.i - 1
    while j >= tok.sent.start and tok.doc[j].dep_ in ("aux", "advmod") and tok.doc[j].pos_ in ("AUX", "ADV"):
        j -= 1
    if j < tok.sent.start:
        return None
    prev = tok.doc[j]
    if prev.ent_type_ in ("DATE", "TIME"):
        return None  # "... in a mosque on Friday said ...": a date is no speaker
    place = next((e for e in doc_ents(tok.doc) if e.start <= j < e.end and _place_in_phrase(tok.doc, e)), None)
    if place is not None:  # "... an activist in Europe said": the role noun the place's phrase hangs off, if any
        role = _role_before_place(tok.doc, place, roles, tok.sent.start - 1)
        return tok.doc[role] if role is not None else None
    if prev.pos_ == "PROPN" or prev.ent_type_ in SPEAKER_LABELS or prev.lemma_.lower() in roles:
        return _role_owner(prev, roles) or prev  # "a source at Damascus Countryside Police [Command] said"
    return None


def _withheld(tok) -> bool:
    """Return True for negated, withheld or prospective statements ("did not say", "declined to comment", "would
    demand", "gave no toll")."""
    if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        return True  # "... without saying who was responsible"
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" for c in node.children) or node.lemma_.lower() in _fw("withholding"):
            return True
        if node is tok and any(g.dep_ == "det" and g.lower_ == "no" for c in tok.children if c.dep_ == "nsubj"
                               for g in c.children):
            return True  # "No group claimed responsibility"
        if any(c.dep_ == "aux" and c.tag_ == "MD" for c in node.children) and node is tok:
            return True  # "it would demand proof", "will announce the results": not (yet) said
        if any(g.lower_ in _fw("negative_objects") for c in node.children if c.dep_ == "dobj" for g in (c, *c.children)
               if g.dep_ in ("det", "dobj")):
            return True  # "gave no casualty toll", "said nothing"
        if node.dep_ not in ("xcomp", "acomp") or node.head is node:
            return False
        node = node.head
    return False


def _idiom(tok, cue: Cue) -> bool:
    """Return True for a cue verb used in a non-reporting idiom ("the blast claimed 100 lives", "claimed responsibility")."""
    if not cue.idioms:
        return False
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    passive = [c for c in tok.children if c.dep_ == "nsubjpass"]  # "the attack was claimed by ..."
    if any(t.lemma_.lower() in cue.idioms or t.lower_ in cue.idioms for p in passive for t in p.subtree
           if t.pos_ == "NOUN"):
        return True
    for clause in (c for c in tok.children if c.dep_ in ("ccomp", "xcomp")):
        if not any(g.dep_ in ("nsubj", "nsubjpass") for g in clause.children):
            objects += [g for g in clause.children if g.dep_ == "dobj"]
    return any(t.lemma_.lower() in cue.idioms or t.lower_ in cue.idioms for o in objects for t in o.subtree
               if t.pos_ == "NOUN" and 0 < t.i - tok.i <= 6)


def _nested_pronoun(tok, cue_ids: set[int]) -> bool:
    """Return True for "Russia has said it believes ...": a pronoun-subject cue inside another cue's clause."""
    subject = _own_subject(tok)
    return (tok.dep_ == "ccomp" and tok.head.i in cue_ids and subject is not None and subject.pos_ == "PRON"
            and tok.lemma_.lower() in _fw("belief_verbs"))


def _plausible_source(tok, speaker, roles: dict[str, str]) -> bool:
    """Return True unless "according to" names something that is not a source ("according to type and location")."""
    if tok.lower_ != "according":
        return True
    return (speaker.pos_ in ("PROPN", "PRON") or speaker.ent_type_ in SPEAKER_LABELS
            or speaker.lemma_.lower() in roles or speaker.lower_ in roles
            or any(t.pos_ == "PROPN" or t.ent_type_ in SPEAKER_LABELS for t in speaker.subtree))


def _extend_speaker_left(doc, left: int, j: int, floor: int, roles: dict[str, str]) -> int:
    """Return the start of a speaker phrase grown over a named entity before its role noun ("the Syrian Observatory
    for Human Rights monitor") and an "X of" role ("member of the Kurdish National Council Mustafa Sino")."""
    for _ in range(3):
        before = next((e for e in doc_ents(doc) if e.end == left and e.start > floor + 2
                       and e.label_ in SPEAKER_LABELS | {"FAC"}), None)
        if before is not None and _place_in_phrase(doc, before):
            k = _phrase_preposition(doc, before)  # "a source at Aleppo Police": the place belongs to the role
            if k - 1 > floor and doc[k].lower_ in _fw("speaker_prepositions") and _role_word(doc[k - 1], roles):
                left = _grow_modifiers(doc, k - 1, floor)
                continue
        elif before is not None and not _object_in_clause(doc, before, roles) \
                and (doc[left - 1].dep_ in ("compound", "nmod", "poss") or left <= before.root.head.i <= j):
            left = before.start
            continue
        if left - 2 > floor and doc[left - 1].lower_ == "and" and _names_source(doc[left - 2], roles) \
                and doc[left - 2].ent_type_ not in ("GPE", "LOC", "FAC"):  # "a monitor and rebels said"
            left -= 2
            while left - 1 > floor and doc[left - 1].dep_ in ("det", "amod", "compound") and doc[left - 1].head.i >= left \
                    and doc[left - 1].ent_type_ not in ("DATE", "TIME"):  # "... of Saturday YPG spokesman X and ..."
                left -= 1
            continue
        if left - 2 > floor and doc[left - 1].lower_ in _fw("speaker_prepositions") and _role_word(doc[left - 2], roles):
            left = _grow_modifiers(doc, left - 2, floor)  # "an official from the forces", "member of the council"
            continue
        if left - 3 > floor and doc[left - 1].pos_ == "ADP" and doc[left - 2].pos_ == "ADJ" \
                and doc[left - 2].head.i == left - 3 and _role_word(doc[left - 3], roles):
            left = _grow_modifiers(doc, left - 3, floor)  # "sources close to the group", "people familiar with"
            continue
        break
    return left


def _kind_modifier(tok, roles: dict[str, str]) -> bool:
    """Return True for a common noun naming the kind of a role noun it modifies ("security sources", "opposition
    activists", "news agency"): in comma-less text it belongs to the speaker, not to the clause before it."""
    doc = tok.doc
    if tok.i > 0 and doc[tok.i - 1].ent_type_ in ("GPE", "LOC", "FAC"):
        return False  # "of Syrias countryside reporters": the noun is part of a place
    if tok.i > 1 and doc[tok.i - 1].pos_ == "DET" and doc[tok.i - 2].pos_ == "ADP":
        return False  # "to the area security sources", "on the town activists": the noun closes a prepositional phrase
    if tok.i > 0 and (doc[tok.i - 1].pos_ == "ADP" or doc[tok.i - 1].dep_ == "prep"):  # (not "state-run news")
        return False  # "... killed 36 people including [children] opposition activists said": an object
    return tok.pos_ == "NOUN" and tok.ent_type_ in ("", "ORG", "NORP") and not tok.like_num \
        and _role_word(tok.head, roles)


def _role_word(tok, roles: dict[str, str]) -> bool:
    """Return True for a role noun of the speaker lexicon ("official", "source", "member")."""
    return tok.pos_ in ("NOUN", "PROPN") and (tok.lemma_.lower() in roles or tok.lower_ in roles)


def _grow_modifiers(doc, left: int, floor: int) -> int:
    """Return the start of a noun phrase grown left over the determiners and adjectives of its head at `left`."""
    while left - 1 > floor and doc[left - 1].dep_ in ("det", "amod") and doc[left - 1].head.i >= left:
        left -= 1
    return left


def _phrase_preposition(doc, ent) -> int:
    """Return the index of the preposition opening the phrase a place name closes ("at [the] Aleppo")."""
    k = ent.start - 1
    while k >= 0 and doc[k].pos_ in ("ADJ", "DET", "PROPN") and doc[k].ent_type_ in ("", ent.label_):
        k -= 1
    return k


def _object_in_clause(doc, ent, roles: dict[str, str]) -> bool:
    """Return True for a name that ends the reported clause rather than starting the speaker's: the object of a verb
    or preposition just before it ("... is to defeat Daesh Secretary of State X said", "killed a hundred of militants
    SANA reported"), unless the preposition hangs off a role noun ("the head of the Observatory Rami ...")."""
    k = ent.start - 1
    while k > 0 and doc[k].pos_ in ("DET", "ADJ", "NUM"):
        k -= 1
    if k < 0:
        return False
    prev = doc[k]
    if prev.pos_ == "ADP":
        return k > 0 and not _role_word(doc[k - 1], roles)
    return prev.pos_ == "VERB" and prev.tag_ != "VBN" and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr")
                                                                    for c in prev.children)


def _non_speaker(doc, head, span: tuple[int, int]) -> bool:
    """Return True if a speaker phrase is an event or a thing ("the attack", "debris") with no name or possessive."""
    if head.lemma_.lower() not in load_non_speakers() and head.lower_ not in load_non_speakers():
        return False
    phrase = doc.char_span(span[0], span[1], alignment_mode="expand") or [head]
    own = [t for t in phrase if t.i <= head.i]  # its own modifiers: "Syrian TV footage", not "the strike on Urum al-Joz"
    return not any(t.pos_ == "PROPN" or t.ent_type_ in SPEAKER_LABELS or t.dep_ == "poss" for t in own)


def _raising(tok) -> bool:
    """Return True for a cue verb followed by a to-infinitive ("believed to have", "thought to be", "said to be")."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to" and doc[tok.i + 2].pos_ in ("VERB", "AUX")


def _names_source(token, roles: dict[str, str]) -> bool:
    """Return True if a token can end a source's name: a proper noun, a named entity or a role noun."""
    return token.pos_ == "PROPN" or token.ent_type_ in SPEAKER_LABELS or token.lemma_.lower() in roles \
        or token.lower_ in roles


def _role_before_place(doc, ent, roles: dict[str, str], floor: int) -> int | None:
    """Return the index of the role noun whose prepositional phrase a place name closes ("an activist in Europe", "a
    source at Aleppo Police"), else None: the place is part of the speaker phrase, never its head."""
    if not _place_in_phrase(doc, ent):
        return None
    k = _phrase_preposition(doc, ent)
    if k - 1 > floor and doc[k].lower_ in _fw("speaker_prepositions") and _role_word(doc[k - 1], roles):
        return k - 1
    return None


def _place_in_phrase(doc, ent) -> bool:
    """Return True for a place name closing a prepositional phrase ("in northern Syria", "in the province of Hama"):
    in comma-less text it ends the claim, it does not start the speaker's name."""
    if ent.label_ not in ("GPE", "LOC", "FAC"):
        return False
    k = ent.start - 1
    while k >= 0 and doc[k].pos_ in ("ADJ", "DET", "PROPN") and doc[k].ent_type_ in ("", ent.label_):
        k -= 1
    return k >= 0 and doc[k].pos_ == "ADP"


def _inverted_speaker(tok, after: list, roles: dict[str, str]):
    """Return (speaker token, speaker span, content span) for a sentence ending "... said Elizabeth Hoff, WHO
    representative" (FA-KES without commas), or None when a clause follows the name."""
    doc, sent = tok.doc, tok.sent
    stop = next((t.i for t in after if t.lower_ in _fw("speaker_stops")
                 or (t.pos_ == "VERB" and t.dep_ not in ("acl", "amod") and t.lower_ not in roles)), sent.end)
    # ("... said the Observatorys head Rami Abdulrahman": a role noun the parse took for a verb does not stop it)
    names = [t for t in after if t.i < stop and (t.pos_ in ("PROPN", "NOUN") or t.ent_type_ in SPEAKER_LABELS)]
    if not names or stop - tok.i > 14:
        return None
    head = next((t for t in names if t.ent_type_ == "PERSON"), names[0])
    last = max(t.i for t in after if t.i < stop)
    start = sent.start_char
    colon = [t for t in doc[sent.start:tok.i] if t.text == ":"]
    if colon and tok.i - colon[-1].i > 4:
        start = colon[-1].idx + 1
    return head, (after[0].idx, doc[last].idx + len(doc[last])), (_past_opener(doc, start, tok.idx), tok.idx)


def _reporting(tok) -> bool:
    """Return True for a cue word that reports here: not a clause-only verb with a plain object ("contradicting
    repeated denials")."""
    cue = load_cues().get(tok.lemma_.lower())
    return cue is not None and not (cue.clause_only and any(c.dep_ == "dobj" for c in tok.children)
                                    and not any(c.dep_ == "ccomp" for c in tok.children))


def _final_speaker(tok, speaker, roles: dict[str, str]):
    """Return (speaker token, speaker char span, content span) for a comma-less 'CLAUSE the Observatory said'."""
    doc, sent = tok.doc, tok.sent
    if tok.lower_ == "according" or tok.tag_ == "VBG":  # "... seized Syria and Iraq proclaiming a caliphate": a
        return None  # participle adjunct, whose subject is the clause's, never closes the sentence as "X said"
    after = [t for t in sent if t.i > tok.i and not t.is_punct]
    relay = next((c.i for c in _relays(tok)), None)
    after = [t for t in after if relay is None or t.i < relay]  # "... Al Jazeera reported citing a source"
    adjunct = next((c.left_edge.i for c in tok.children if c.left_edge.i > tok.i and (
        (c.dep_ == "advcl" and c.left_edge.lower_ in _fw("subordinators") | {"as"})
        or (c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and c.left_edge.i == c.i and not _reporting(c)))), None)
    if adjunct is not None and all(t.ent_type_ in ("DATE", "TIME") or (t.dep_ == "prep" and t.head.i == tok.i)
                                   for t in after if t.i < adjunct):
        after = [t for t in after if t.i < adjunct]  # "... activists said Sunday as France and Britain ...",
        # "... Human Rights Watch said on Tuesday contradicting repeated denials": an adjunct, not the speaker
    if after and after[0].ent_type_ in ("DATE", "TIME"):
        after = after[1:] if len(after) == 1 else after  # "... said Thursday."
    coordinated = any(c.dep_ == "conj" and c.pos_ == "VERB" and c.i > tok.i for c in tok.children)
    cue = load_cues().get(tok.lemma_.lower())
    misparsed = after and cue is not None and not cue.takes_object and tok.lemma_.lower() != "tell" \
        and after[-1].dep_ == "dobj" and after[-1].head.i == tok.i and _role_word(after[-1], roles) \
        and after[-1].ent_type_ not in ("ORG", "GPE")  # "... was cautious said one official": speaker parsed as object
    addressee = tok.lemma_.lower() == "tell" and after and after[0].dep_ in ("dobj", "dative") \
        and after[0].head.i == tok.i  # "... activist Omar Khaled told AFP": AFP is told, it does not tell
    if after and tok.i - sent.start >= 4 and (speaker is None or speaker.i > tok.i or misparsed) and not coordinated \
            and not addressee \
            and (after[0].pos_ == "PROPN" or after[0].ent_type_ in SPEAKER_LABELS
                 or (after[0].dep_ in ("det", "nummod") and len(after) > 1  # "said one official"
                     and any(t.pos_ == "PROPN" or t.lower_ in roles or t.lemma_.lower() in roles for t in after[1:4]))):
        inverted = _inverted_speaker(tok, after, roles)  # "... immediately said Elizabeth Hoff WHO Representative"
        if inverted is not None:
            return inverted
    if any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children) or len(after) > 6 or any(t.pos_ == "VERB" for t in after):
        return None
    j = tok.i - 1
    while j >= sent.start and doc[j].dep_ in ("aux", "advmod", "neg") and doc[j].pos_ in ("AUX", "ADV", "PART"):
        j -= 1
    if j >= sent.start and doc[j].text == ")":  # "the Syrian Observatory for Human Rights (SOHR) said"
        opening = next((k for k in range(j - 1, max(sent.start, j - 8) - 1, -1) if doc[k].text == "("), None)
        j = opening - 1 if opening is not None else j
    if j < sent.start + 3:
        return None
    ent = next((e for e in doc_ents(doc) if e.end - 1 == j and e.label_ in SPEAKER_LABELS | {"FAC", "LOC"}), None)
    role = _role_before_place(doc, ent, roles, sent.start + 2) if ent is not None else None
    if ent is not None and _place_in_phrase(doc, ent) and role is None:
        return None  # "... who currently lives in Europe also reported the killing": a place, no speaker
    if role is not None:  # "... in the town an activist in Europe said": the place ends the role noun's phrase
        left = role
    elif ent is not None:
        left = ent.start
    elif doc[j].lemma_.lower() in roles or doc[j].lower_ in roles or doc[j].pos_ == "PROPN":
        left = j
    else:
        return None
    person = role is None and ent is not None and ent.label_ == "PERSON"  # a name takes no article: "... from the south Xelil said"
    if person and left - 1 > sent.start + 2 and _role_word(doc[left - 1], roles) and doc[left - 1].ent_type_ == "":
        left, person = left - 1, False  # "... the town of Talbisseh activist Hassaan Abu Nuh said": the
        # role noun before the name is the speaker's; its own modifiers are grown from it below
    while not person and left - 1 > sent.start and left <= doc[left - 1].head.i <= j and doc[left].dep_ != "det" \
            and (doc[left - 1].dep_ in ("det", "amod") or (doc[left - 1].dep_ in ("compound", "nmod")
                 and (doc[left - 1].lower_ in roles or doc[left - 1].lemma_.lower() in roles
                      or doc[left - 1].pos_ == "ADJ"  # "the extremist group said"
                      or (left == j and _kind_modifier(doc[left - 1], roles))
                      or (doc[left - 1].pos_ == "PROPN" and doc[left].pos_ == "PROPN"  # "Siege Watch reported"
                          and doc[left - 1].ent_type_ not in ("GPE", "LOC", "FAC", "DATE", "TIME", "NORP"))))):
        left -= 1
    left = _extend_speaker_left(doc, left, j, sent.start, roles)
    if speaker is not None and left <= speaker.i <= j and not any(
            t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[_phrase_start(speaker):left]):
        return None  # the parse already has it right (unless its subject swallowed a clause: "... since the
        # insurgents took over the city in 2012 Abdul Rahman added")
    left = _past_noise(doc, left, j)
    if left - sent.start < 3:
        return None
    head = doc[left:j + 1].root
    start = sent.start_char
    colon = [t for t in doc[sent.start:left] if t.text == ":"]
    if colon and left - colon[-1].i > 4:
        start = colon[-1].idx + 1
    content = (_past_opener(doc, start, doc[left - 1].idx + len(doc[left - 1])), doc[left - 1].idx + len(doc[left - 1]))
    return head, (doc[left].idx, doc[j].idx + len(doc[j])), content


def _relays(tok) -> list:
    """Return the conduit verbs hanging off a cue ("reported Wednesday citing a source", "added quoting TV") that
    name the original source as their object (not "cited Y as saying", which is Y's own claim)."""
    cues = load_cues()
    return [c for c in tok.children if c.i > tok.i and c.tag_ == "VBG" and c.dep_ in ("xcomp", "advcl", "conj", "dep")
            and getattr(cues.get(c.lemma_.lower()), "conduit", False) and not _as_preps(c)
            and any(g.dep_ == "dobj" for g in c.children)]


def _is_expletive(tok) -> bool:
    """Return True for an 'it' that anticipates a clause ("it is said that") rather than naming a speaker."""
    return tok.lower_ == "it" and tok.head.lemma_ in _fw("expletive_verbs")


def _link_quotes(text: str, quotes: list[tuple[int, int]], found: list[_Found]) -> dict[int, list[tuple[int, int]]]:
    """Return {index into found: quotes it introduces}: a cue just after a quote, else the nearest cue before it."""
    links: dict[int, list[tuple[int, int]]] = {}
    for q in quotes:
        after = [k for k, f in enumerate(found) if f.tok.idx >= q[1]
                 and f.tok.idx - q[1] <= QUOTE_GAP_AFTER and not SENTENCE_END.search(text, q[1] + 1, f.tok.idx)
                 and '"' not in text[q[1] + 1:f.tok.idx] and "\n" not in text[q[1] + 1:f.tok.idx]
                 and not (f.complement is not None and f.complement[0] > f.tok.idx
                          and _quote_words(text, q) <= SCARE_QUOTE_MAX_WORDS)]  # 'operation "Euphrates Shield"
        # in Syria blaming Kurdish militia': a scare quote before a cue with its own clause after it is no content
        before = [k for k, f in enumerate(found) if f.tok.idx < q[0] - 1 and q[0] - f.tok.idx <= QUOTE_GAP_BEFORE
                  and not SENTENCE_END.search(text, f.tok.idx, q[0] - 1) and '"' not in text[f.tok.idx:q[0] - 1]
                  and not PARAGRAPH_BREAK.search(re.sub(r":\s*$", ":", text[f.tok.idx:q[0] - 1]))
                  and not (f.complement is not None and f.complement[1] <= f.tok.idx
                           and _quote_words(text, q) <= SCARE_QUOTE_MAX_WORDS)]  # "... SOHR said despite a
        # "de-escalation zone" in place": a scare quote after a cue whose clause came before it is no content
        lead = text[:q[0] - 1].rstrip()
        opens_sentence = not lead or lead[-1] in ".!?:\n\"" or lead.endswith((".", '."'))
        pick = None
        if after and (opens_sentence or not before):
            pick = min(after, key=lambda k: found[k].tok.idx)
        elif before:
            pick = max(before, key=lambda k: found[k].tok.idx)
        if pick is not None:
            links.setdefault(pick, []).append(q)
    return links


def _speaker_between(doc, linked: list[tuple[int, int]], cue_tok):
    """Return the noun between a closing quote mark and its cue ('"..." Garver said'), or None."""
    ends = [q[1] + 1 for q in linked if q[1] < cue_tok.idx]
    if not ends:
        return None
    span = doc.char_span(max(ends), cue_tok.idx, alignment_mode="contract")
    nouns = [t for t in span or [] if t.pos_ in ("PROPN", "NOUN", "PRON")]
    return nouns[-1] if nouns else None


def _quote_words(text: str, q: tuple[int, int]) -> int:
    """Return the number of words inside a quotation."""
    return len(_words(text[q[0]:q[1]]))


def _cut_after_closing_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span cut at a lone closing quote mark when the content began just inside the opening one
    ('barbarism" Peter Salama ...': what follows the closing mark is the speaker, not the claim)."""
    opened = start > 0 and text[start - 1] == '"' or text[max(0, start - 2):start].strip() == '"'
    if opened and text.count('"', start, end) == 1:
        mark = text.index('"', start, end)
        if mark - start > 10 and _is_closer(text, mark):
            return start, mark
    return start, end


def _claim_row(doc, article_id: str, where: str, speaker_span: tuple[int, int] | None, speaker: Speaker,
               cue_text: str, cue_lemma: str, stance: str, ctype: str, content: tuple[int, int],
               cue_pos: int) -> dict | None:
    """Return one claim row (schema.CLAIM_COLUMNS) or None if the content is empty."""
    text = doc_text(doc)
    start, end = _trim(text, *content)
    if ctype != "direct":
        start, end = _trim(text, *_cut_after_closing_quote(text, start, end))
        lead = _word_patterns()["connective_lead"].match(text, start, end)
        if lead and end - lead.end() > 10:  # "Meanwhile the evacuation resumed ... state media said"
            start = lead.end()
    thin_ok = ctype == "indirect" and " " in cue_lemma and cue_lemma != "according to"  # "put the death toll higher", "described as shameful"
    if end - start < 2 or len(_words(text[start:end])) < (1 if thin_ok else 2):
        return None
    s_lo = min(start, cue_pos, speaker_span[0] if speaker_span else start)
    s_hi = max(end, cue_pos + 1)
    sent = _sentence_bounds(doc, s_lo, s_hi)
    return {
        "article_id": article_id, "where": where, "start": start, "end": end,
        "speaker_text": text[speaker_span[0]:speaker_span[1]] if speaker_span else "",
        "speaker": speaker.name, "speaker_type": speaker.actor_type, "cue": cue_text, "cue_lemma": cue_lemma,
        "stance": stance, "type": ctype, "content": text[start:end], "sentence": text[sent[0]:sent[1]],
    }


def _cue_text(tok) -> str:
    """Return the surface cue: the verb with its particle or preposition for multiword cues."""
    if tok.lower_ == "according":
        return "according to"
    cues = load_cues()
    word = next((c for c in tok.children if c.dep_ in PHRASE_DEPS and c.i > tok.i
                 and f"{tok.lemma_.lower()} {c.lemma_.lower()}" in cues), None)
    if word is not None:  # "putting the death toll", "made clear"
        return tok.doc[tok.i:word.i + 1].text
    extra = [c for c in tok.children if c.dep_ in ("prt", "prep") and f"{tok.lemma_.lower()} {c.lower_}" in cues]
    extra = extra or [c for c in tok.children if c.dep_ == "agent"]  # "announced by", "claimed by"
    return " ".join([tok.text] + [c.text for c in extra[:1]])


def _clip_complement(text: str, comp: tuple[int, int] | None, speaker: tuple[int, int], cue_tok) \
        -> tuple[int, int] | None:
    """Return the content without its speaker ("... on Sunday an official said") or the cue's own date ("said on
    Wednesday it had ...")."""
    if comp is None:
        return None
    start, end = comp
    if start < speaker[0] < end and speaker[0] <= cue_tok.idx:
        end = speaker[0]
    if start > cue_tok.idx:
        between = text[cue_tok.idx + len(cue_tok.text):start]
        lead = _word_patterns()["weekday_lead"].match(text, start, end)
        if lead and not between.strip(" ,") and end - lead.end() > 10:
            start = lead.end()
    return (start, end) if end > start else None


def _cut_final_attribution(doc, comp: tuple[int, int] | None, f: _Found, found: list[_Found]) \
        -> tuple[int, int] | None:
    """Return the content cut before another source closing it ("... militant groups Interfax news agency reported"):
    a relay's attribution is a claim of its own, not part of what the first speaker said."""
    if comp is None:
        return None
    start, end = comp
    for other in found:
        if other is f or other.speaker_tok is None or not start < other.tok.idx < end:
            continue
        rest = []
        for t in doc[other.tok.i + 1:]:  # up to the content's end only (not to the end of a long document)
            if t.idx >= end or len(rest) > 3:
                break
            if not t.is_punct:
                rest.append(t)
        s_start, s_end = other.speaker_span or _speaker_span(other.speaker_tok)
        if len(rest) <= 3 and start + 10 < s_start < other.tok.idx:
            end = min(end, s_start)
        elif other.tok.lower_ == "according" and start + 10 < other.tok.idx < s_start and s_end >= end - 1:
            end = min(end, other.tok.idx)  # "... he said X according to AFP": the relay's source closes the clause
    return (start, end) if end > start else None


def _closing_quote(text: str, comp: tuple[int, int], quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Return a quoted sentence closing a reported clause ('... responsible for the situation in the city "Its
    primarily their decision ..."', its full stop lost): a direct claim of its own, not part of the clause."""
    return next((q for q in quotes if q[0] - comp[0] > 20 and comp[0] < q[0] < comp[1] and q[1] >= comp[1] - 2
                 and text[q[0]:q[0] + 1].isupper() and _quote_words(text, q) > SCARE_QUOTE_MAX_WORDS
                 and len(_words(text[comp[0]:q[0]])) >= 6), None)


def _direct_or_mixed(text: str, comp: tuple[int, int] | None, linked: list[tuple[int, int]]) -> list[tuple]:
    """Return [(type, span)] for a cue with linked quotes: direct quotes, or one mixed clause embedding them."""
    if comp is None:
        return [("direct", q) for q in linked]
    inner = [q for q in linked if q[0] < comp[1] + 2 and q[1] > comp[0] - 2]
    closing = _closing_quote(text, comp, inner)
    if closing is not None:
        return [("indirect", (comp[0], closing[0] - 1)),
                *(("direct", x) for x in linked if x not in inner or x[0] >= closing[0])]
    outside = [w for w in _words("".join(text[c] if not _inside(c, linked) else " " for c in range(*comp)))
               if w not in _fw("complementizers")]
    if inner and outside:
        lo = min([comp[0]] + [q[0] - 1 for q in inner])
        hi = max([comp[1]] + [q[1] + 1 for q in inner])
        rest = [("direct", q) for q in linked if q not in inner]
        return [("mixed", (lo, hi))] + rest
    return [("direct", q) for q in linked]


def _hedge_rows(doc, article_id: str, where: str, outlet: str, covered: list[tuple[int, int]],
                hedges: dict[str, str]) -> list[dict]:
    """Return outlet-voice rows for hedges ("purportedly", "so-called") outside every quote and attributed content."""
    if not hedges:
        return []
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(h) for h in sorted(hedges, key=len, reverse=True))
                         + r")(?!\w)", re.IGNORECASE)
    rows = []
    for match in pattern.finditer(doc_text(doc)):
        if _inside(match.start(), covered):
            continue
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root.head if span.root.head is not span.root else span.root
        sub = list(head.subtree)
        if head.pos_ in ("VERB", "AUX"):
            lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
        else:
            lo, hi = match.end(), max(sub[-1].idx + len(sub[-1]), match.end())
        row = _claim_row(doc, article_id, where, None, Speaker(outlet, "media", match.start()), match.group(0),
                         match.group(0).lower(), hedges[match.group(0).lower()], OUTLET_TYPE, (lo, hi),
                         match.start())
        if row:
            rows.append(row)
    return rows


def claims_from_doc(doc, article_id: str, where: str, entities: pd.DataFrame | dict | None = None,
                    outlet: str = "") -> list[dict]:
    """Return the claims of one parsed title or text as rows with schema.CLAIM_COLUMNS (headlines give none).
    `entities` is the entity table (or its mention_index); without it spaCy's entities name the speakers."""
    if where == "title" or doc is None or not doc_text(doc).strip():
        return []
    text = doc_text(doc)
    cues, roles = load_cues(), load_speaker_roles()
    quotes = find_quote_spans(text)
    mentions = _mentions_from_entities(entities, article_id, where)
    mentions = mentions if mentions is not None else _mentions_from_doc(doc)
    found = _find_cues(doc, quotes, cues)
    links = _link_quotes(text, quotes, found)
    rows: list[dict] = []
    history: list[Speaker] = []
    used: set[tuple[int, int]] = set()
    for k, f in enumerate(found):
        if _inside(f.speaker_tok.idx, quotes):
            f.speaker_tok = _speaker_between(doc, links.get(k, []), f.tok)
            if f.speaker_tok is None:
                continue
        span = f.speaker_span or _speaker_span(f.speaker_tok)
        speaker = _resolve_speaker(f.speaker_tok, span, mentions, history, roles)
        linked = links.get(k, [])
        complement = _cut_final_attribution(doc, _clip_complement(text, f.complement, span, f.tok), f, found)
        n_before = len(rows)
        closing = _closing_quote(text, complement, quotes) if complement and not linked else None
        if closing is not None:  # a quoted sentence the cue is too far from to be linked
            linked, complement = [closing], (complement[0], closing[1] + 1)
            used.add(closing)
        pieces = _direct_or_mixed(text, complement, linked) if linked else \
            ([("indirect", complement)] if complement else [])
        for ctype, content in pieces:
            if ctype == "direct" and _quote_words(text, content) <= SCARE_QUOTE_MAX_WORDS and f.complement is None:
                continue
            row = _claim_row(doc, article_id, where, span, speaker, _cue_text(f.tok), f.cue.lemma, f.cue.stance,
                             ctype, content, f.tok.idx)
            if row:
                rows.append(row)
                used.update(q for q in linked)
                row["_end_any"] = max(content[1], f.tok.idx)
        if pieces:
            history.append(speaker)
        rows.extend(_relayed_rows(doc, f, rows[n_before:], mentions, history, roles))
    rows.extend(_continued_quotes(doc, quotes, used, rows))
    rows.extend(_continued_first_person(doc, quotes, rows, {f.tok.i for f in found}))
    rows.sort(key=lambda r: (r["start"], r["end"]))
    covered = [(r["start"], r["end"]) for r in rows] + quotes
    rows.extend(_hedge_rows(doc, article_id, where, outlet, covered, load_hedges()))
    for row in rows:
        row.pop("_end_any", None)
    return _dedupe(rows)


def _relayed_rows(doc, f: _Found, made: list[dict], mentions: list[Mention], history: list[Speaker],
                  roles: dict[str, str]) -> list[dict]:
    """Return, for a cue relaying another source ("... Al Jazeera reported citing an opposition source"), the original
    source's claims: the same content, the conduit verb as cue (annotation decision 29)."""
    out = []
    for relay in _relays(f.tok):
        source = next(g for g in relay.children if g.dep_ == "dobj")
        span = _speaker_span(source)
        speaker = _resolve_speaker(source, span, mentions, history, roles)
        cue = load_cues()[relay.lemma_.lower()]
        for row in made:
            if row["type"] != "direct" and not row["start"] <= relay.idx < row["end"]:
                out.append({**row, "speaker_text": doc_text(doc)[span[0]:span[1]], "speaker": speaker.name,
                            "speaker_type": speaker.actor_type, "cue": relay.text, "cue_lemma": cue.lemma,
                            "stance": cue.stance})
    return out


def _first_person(sent) -> bool:
    """Return True for a sentence in the first person ("... there's little we can do", "Were being exterminated"):
    outside quotes, news narration never says I or we, so it is a source's speech with its quote marks stripped."""
    first = sent[0]
    after = sent[1].tag_ if len(sent) > 1 else ""
    if first.lower_ in _fw("first_person_contractions") and not (len(first.text) > 1 and first.text.isupper()) and (
            after in ("VBG", "VBN") if first.lower_ in _fw("contractions_before_participle") else  # "We're" / "I'm"
            after.startswith(("VB", "RB", "MD")) if first.lower_ in _fw("contractions_before_verb") else True):
        return True  # with the apostrophe stripped; not "ID cards", "Wed night"
    newsroom = load_newsroom_nouns()
    return any(t.lower_ in _fw("first_person_words") and t.pos_ == "PRON"
               and not (t.lower_ in _fw("newsroom_possessives") and t.head.lower_ in newsroom) for t in sent)


def _continued_first_person(doc, quotes: list[tuple[int, int]], rows: list[dict], cue_ids: set[int]) -> list[dict]:
    """Return claims for first-person sentences with no cue right after a claim: the same source still speaking,
    its quote marks stripped (gold decisions 1, 2 and 31); they take the previous claim's speaker and cue."""
    text, out = doc_text(doc), []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if any(t.i in cue_ids for t in sent) or any(q[0] < end and q[1] > start for q in quotes) \
                or any(r["start"] < end and r["end"] > start for r in rows + out) or not _first_person(sent):
            continue
        prev = [r for r in rows + out if r.get("_end_any", r["end"]) <= start and r["type"] != OUTLET_TYPE]
        if not prev:
            continue
        last = max(prev, key=lambda r: r.get("_end_any", r["end"]))
        between = text[last.get("_end_any", last["end"]):start]
        if not last["speaker"] or len(SENTENCE_END.findall(between)) > 1 or PARAGRAPH_BREAK.search(between) \
                or _first_person(doc.char_span(last["start"], last["end"], alignment_mode="expand") or sent[:0]) \
                and last["type"] == "direct":
            continue
        s_start, s_end = _trim(text, start, end)
        row = {**last, "start": s_start, "end": s_end, "type": "indirect", "content": text[s_start:s_end],
               "sentence": text[start:end].strip(), "_end_any": s_end}
        if len(_words(row["content"])) >= 3:
            out.append(row)
    return out


def _continued_quotes(doc, quotes: list[tuple[int, int]], used: set, rows: list[dict]) -> list[dict]:
    """Return direct claims for quotes opening a sentence right after a claim, by that claim's speaker."""
    text, out = doc_text(doc), []
    for q in quotes:
        if q in used or _quote_words(text, q) <= SCARE_QUOTE_MAX_WORDS:
            continue
        lead = text[:q[0] - 1].rstrip()
        if lead and lead[-1] not in ".!?:\"":
            continue
        prev = [r for r in rows + out if r.get("_end_any", r["end"]) < q[0]]
        if not prev:
            continue
        last = max(prev, key=lambda r: r.get("_end_any", r["end"]))
        between = text[last.get("_end_any", last["end"]):q[0] - 1]
        if len(SENTENCE_END.findall(between)) > 1 or len(between) > 200 or PARAGRAPH_BREAK.search(between) \
                and between.count("\n\n") > 1:
            continue
        row = dict(last)
        start, end = _trim(text, *q)
        sent = _sentence_bounds(doc, start, end)
        row.update(start=start, end=end, type="direct", content=text[start:end], sentence=text[sent[0]:sent[1]],
                   _end_any=end)
        out.append(row)
        used.add(q)
    return out


def _dedupe(rows: list[dict]) -> list[dict]:
    """Return rows without repeats of the same content span (the first, most specific, kept)."""
    seen, out = set(), []
    for row in sorted(rows, key=lambda r: (r["start"], r["end"])):
        key = (row["start"], row["end"], row["type"] == OUTLET_TYPE, row["speaker"])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def extract_claims(articles: pd.DataFrame, docs: Iterable | None = None,
                   entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the claims table (schema.CLAIM_COLUMNS) of an articles table, parsing it unless docs are given."""
    from conflictnews.nlp import parse_articles

    outlets = dict(zip(articles["article_id"].astype(str), articles.get("outlet", pd.Series(dtype=str)).fillna("")))
    docs = docs if docs is not None else parse_articles(articles)
    index = mention_index(entities) if entities is not None and len(entities) else None
    rows: list[dict] = []
    for article_id, where, doc in docs:
        rows.extend(claims_from_doc(doc, str(article_id), where, index, outlets.get(str(article_id), "")))
    return pd.DataFrame(rows, columns=schema.CLAIM_COLUMNS)


# -- comparing claims across outlets inside event groups --------------------------------------------------------------

COMPARISON_COLUMNS: list[str] = [
    "event_id", "kind", "speaker", "detail", "outlet_a", "article_id_a", "content_a", "sentence_a",
    "outlet_b", "article_id_b", "content_b", "sentence_b",
]
COMPARISON_KINDS = {
    "different_figures": "the same speaker is quoted with different figures by different outlets",
    "same_figures": "the same speaker is quoted with the same figure by different outlets (agreement)",
    "assert_vs_deny": "one side asserts what another denies or negates (overlapping proposition, opposite polarity)",
    "omitted": "an outlet quotes a speaker that another outlet covering the same event does not quote",
    "outlet_voice": "an outlet states in its own voice what another outlet attributes to a speaker",
}
PROPOSITION_OVERLAP = 0.25  # Jaccard of content words for two claims with figures to be about the same thing
PROPOSITION_JACCARD = 0.3   # Jaccard of content words for an assertion and a denial to be about the same proposition
OUTLET_VOICE_OVERLAP = 0.7  # shared content words / words of the claim for an unattributed sentence to restate it
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"A-Z0-9])|\n+")


def _content_words(text: str) -> set[str]:
    """Return the content words of a string: lowercased words, no stop words, no numbers."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in _words(text) if w not in STOP_WORDS and not w.isdigit() and len(w) > 2}


def claim_figures(text: str) -> frozenset[float]:
    """Return the figures a claim states (years left out), via the number grammar."""
    from conflictnews.numbers import find_figures

    out = set()
    for span in find_figures(text or ""):
        value = span.figure.value if span.figure.value is not None else span.figure.low
        if value is None or (span.figure.qualifier == "exact" and re.fullmatch(r"(19|20)\d\d", span.text.strip())):
            continue
        out.add(float(value))
    return frozenset(out)


def is_negated(content: str, stance: str) -> bool:
    """Return True if a claim denies or negates its proposition."""
    return stance == "denial" or bool(_fw("negations") & set(_words(content)))


def _speaker_keys(speakers: Iterable[str]) -> dict[str, str]:
    """Return {speaker: group key}: names whose words all occur in a longer name share that name's key."""
    names = sorted({s for s in speakers if isinstance(s, str) and s.strip()}, key=lambda s: (-len(s), s))
    keys: dict[str, str] = {}
    for name in names:
        words = set(_words(name)) - _fw("determiners")
        longer = next((keys[o] for o in keys if words and words <= set(_words(o)) and o != name), None)
        keys[name] = longer or name
    return keys


def _overlap(a: set[str], b: set[str]) -> float:
    """Return shared words / words of the smaller set."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _names(text: str) -> set[str]:
    """Return the capitalised words of a claim after its first word: a cheap stand-in for its places and actors."""
    return {w.lower() for w in WORD.findall(text or "")[1:] if w[:1].isupper() and w.lower() not in _fw("name_noise")}


def _same_proposition(a: set[str], b: set[str], jaccard: float = PROPOSITION_OVERLAP, shared: int = 2) -> bool:
    """Return True if two claims' content words overlap enough (Jaccard, and a minimum of shared words)."""
    common = len(a & b)
    return common >= shared and common / len(a | b) >= jaccard


def _row(event_id: str, kind: str, speaker: str, detail: str, a, b) -> dict:
    """Return one comparison row citing claim (or sentence) a and b."""
    def side(x, suffix):
        if x is None:
            return {f"outlet_{suffix}": "", f"article_id_{suffix}": "", f"content_{suffix}": "", f"sentence_{suffix}": ""}
        return {f"outlet_{suffix}": x["outlet"], f"article_id_{suffix}": x["article_id"],
                f"content_{suffix}": x["content"], f"sentence_{suffix}": x["sentence"]}
    return {"event_id": event_id, "kind": kind, "speaker": speaker, "detail": detail, **side(a, "a"), **side(b, "b")}


NAMED_SPEAKER_TYPES = frozenset({"person", "government", "military", "organization", "armed_group"})


def _by_speaker(records: list[dict]) -> list[tuple[str, list[dict]]]:
    """Return the claim records grouped by speaker key (keys sorted; records keep their order; no key, no group)."""
    groups: dict[str, list[dict]] = {}
    for record in records:
        if isinstance(record["speaker_key"], str):
            groups.setdefault(record["speaker_key"], []).append(record)
    return sorted(groups.items())


def _figure_rows(event_id: str, claims: list[dict]) -> list[dict]:
    """Return same/different-figure rows: one speaker, two outlets, related propositions with figures."""
    rows = []
    for key, records in _by_speaker([c for c in claims if c["figures"]]):
        for i, a in enumerate(records):
            for b in records[i + 1:]:
                if a["outlet"] == b["outlet"] or not _same_proposition(a["words"], b["words"]) \
                        or (a["names"] and b["names"] and not a["names"] & b["names"]):
                    continue
                shared = a["figures"] & b["figures"]
                kind = "same_figures" if shared else "different_figures"
                fa = ", ".join(f"{v:g}" for v in sorted(a["figures"]))
                fb = ", ".join(f"{v:g}" for v in sorted(b["figures"]))
                rows.append(_row(event_id, kind, key, f"{a['outlet']}: {fa} vs {b['outlet']}: {fb}", a, b))
    return rows


def _polarity_rows(event_id: str, claims: list[dict]) -> list[dict]:
    """Return assert-vs-deny rows: overlapping propositions of opposite polarity in two different articles."""
    rows = []
    records = claims
    for i, a in enumerate(records):
        for b in records[i + 1:]:
            if a["article_id"] == b["article_id"] or a["negated"] == b["negated"]:
                continue
            if not _same_proposition(a["words"], b["words"], PROPOSITION_JACCARD, 3):
                continue
            pos, neg = (a, b) if b["negated"] else (b, a)
            rows.append(_row(event_id, "assert_vs_deny", f"{pos['speaker_key']} / {neg['speaker_key']}",
                             f"{pos['speaker_key']} ({pos['outlet']}) asserts; {neg['speaker_key']} ({neg['outlet']}) "
                             f"{'denies' if neg['stance'] == 'denial' else 'negates'}", pos, neg))
    return rows


def _omission_rows(event_id: str, claims: list[dict], outlets: list[str]) -> list[dict]:
    """Return rows for speakers one outlet quotes and another outlet covering the event does not."""
    rows = []
    named = [c for c in claims if c["speaker_type"] in NAMED_SPEAKER_TYPES]
    for key, part in _by_speaker(named):
        quoting = sorted({c["outlet"] for c in part})
        silent = [o for o in outlets if o not in quoting]
        if not silent or not re.search(r"[A-Z]", key):
            continue
        first = min(part, key=lambda c: (c["outlet"], c["start"]))
        rows.append(_row(event_id, "omitted", key, f"{', '.join(quoting)} quote(s) {key}; {', '.join(silent)} do(es) not",
                         first, {"outlet": ", ".join(silent), "article_id": "", "content": "", "sentence": ""}))
    return rows


def _unattributed_sentences(article, claims: pd.DataFrame | list[dict]) -> list[str]:
    """Return the body sentences of an article that hold no attributed claim."""
    text = article["text"] if isinstance(article["text"], str) else ""
    contents = claims["content"] if isinstance(claims, pd.DataFrame) else [c["content"] for c in claims]
    attributed = [c[:40] for c in contents if isinstance(c, str)]
    return [s.strip() for s in SENTENCE_SPLIT.split(text) if s and s.strip()
            and not any(c in s for c in attributed) and not _word_patterns()["attribution"].search(s)]


def _outlet_voice_rows(event_id: str, claims: list[dict], group: pd.DataFrame) -> list[dict]:
    """Return rows where an outlet states as fact, in an unattributed sentence, what another outlet attributes."""
    rows = []
    records = claims
    for article in group.to_dict("records"):
        own = [c for c in records if c["article_id"] == article["article_id"]]
        sentences = [(s, _content_words(s)) for s in _unattributed_sentences(article, own)]
        if not sentences:
            continue
        for claim in records:
            if claim["outlet"] == article["outlet"] or claim["type"] == OUTLET_TYPE or len(claim["words"]) < 5:
                continue
            for sentence, words in sentences:
                if len(claim["words"] & words) / len(claim["words"]) >= OUTLET_VOICE_OVERLAP \
                        and len(words) <= 2 * len(claim["words"]):
                    b = {"outlet": article["outlet"], "article_id": article["article_id"], "content": sentence,
                         "sentence": sentence}
                    rows.append(_row(event_id, "outlet_voice", claim["speaker_key"],
                                     f"{claim['outlet']} attributes it to {claim['speaker_key']}; "
                                     f"{article['outlet']} states it in its own voice", claim, b))
                    break
    return rows


def compare_claims(claims: pd.DataFrame, articles: pd.DataFrame, events: pd.DataFrame,
                   min_outlets: int = 2) -> pd.DataFrame:
    """Return flagged agreements and contradictions inside event groups (COMPARISON_COLUMNS), citing both sides."""
    outlets = dict(zip(articles["article_id"].astype(str), articles["outlet"].fillna("").astype(str)))
    events = events[events["n_outlets"] >= min_outlets]
    covered = set(events["article_id"].astype(str))
    claims = claims[claims["where"] == "text"].copy()
    claims["article_id"] = claims["article_id"].astype(str)
    claims = claims[claims["article_id"].isin(covered)]  # only claims in events several outlets cover are compared
    claims["outlet"] = claims["article_id"].map(outlets).fillna("")
    claims["figures"] = claims["content"].map(claim_figures)
    claims["words"] = claims["content"].map(_content_words)
    claims["names"] = claims["content"].map(_names)
    claims["negated"] = [is_negated(c, s) for c, s in zip(claims["content"], claims["stance"])]
    by_id = articles.assign(article_id=articles["article_id"].astype(str)).set_index("article_id", drop=False)
    rows: list[dict] = []
    for event_id, members in events.groupby("event_id", sort=True):
        ids = list(members["article_id"].astype(str))
        in_group = claims[claims["article_id"].isin(ids)].copy()
        if in_group.empty:
            continue
        keys = _speaker_keys(in_group["speaker"].where(in_group["speaker"] != "", in_group["speaker_text"]))
        in_group["speaker_key"] = [keys.get(s or t, s or t) for s, t in zip(in_group["speaker"],
                                                                            in_group["speaker_text"])]
        attributed = in_group[in_group["type"] != OUTLET_TYPE].to_dict("records")
        group = by_id.loc[[i for i in ids if i in by_id.index]]
        rows += _figure_rows(event_id, attributed)
        rows += _polarity_rows(event_id, attributed)
        rows += _omission_rows(event_id, attributed, sorted(set(group["outlet"].fillna(""))))
        rows += _outlet_voice_rows(event_id, attributed, group)
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


# -- summaries for the notebook ---------------------------------------------------------------------------------------

def with_outlets(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Return the claims with each article's outlet added."""
    outlets = dict(zip(articles["article_id"].astype(str), articles["outlet"].fillna("").astype(str)))
    return claims.assign(outlet=claims["article_id"].astype(str).map(outlets).fillna(""))


def quoted_by_outlet(claims: pd.DataFrame, articles: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Return the most-quoted speakers (rows) by outlet (columns): attributed claims only."""
    frame = with_outlets(claims[claims["type"] != OUTLET_TYPE], articles)
    frame = frame[frame["speaker"].fillna("").str.strip() != ""]
    table = pd.crosstab(frame["speaker"], frame["outlet"])
    totals = table.sum(axis=1)
    return table.loc[sorted(table.index, key=lambda s: (-totals[s], s))[:top]]


def stance_by_outlet(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Return claims per outlet and stance, with each stance's share of the outlet's claims (long format)."""
    frame = with_outlets(claims, articles)
    counts = frame.groupby(["outlet", "stance"]).size().rename("claims").reset_index()
    counts["share"] = (counts["claims"] / counts.groupby("outlet")["claims"].transform("sum")).round(3)
    return counts.sort_values(["outlet", "stance"]).reset_index(drop=True)


def side_by_side(claims: pd.DataFrame, articles: pd.DataFrame, events: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Return what each outlet covering an event attributes to whom: outlet, speaker, cue, stance, type, content."""
    ids = set(events.loc[events["event_id"] == event_id, "article_id"].astype(str))
    frame = with_outlets(claims[claims["article_id"].astype(str).isin(ids) & (claims["where"] == "text")], articles)
    frame = frame.assign(speaker=frame["speaker"].where(frame["speaker"] != "", frame["speaker_text"]))
    columns = ["outlet", "article_id", "speaker", "cue", "stance", "type", "content"]
    return frame.sort_values(["outlet", "article_id", "start"])[columns].reset_index(drop=True)


def claims_html(table: pd.DataFrame, columns: list[str] | None = None, max_chars: int = 300) -> str:
    """Return an HTML table of claims with every cell escaped (article text is untrusted) and long cells cut."""
    import html

    columns = columns or list(table.columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = []
    for row in table[columns].itertuples(index=False):
        cells = []
        for value in row:
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            text = text if len(text) <= max_chars else text[:max_chars - 1] + "…"
            cells.append(f"<td style='text-align:left;vertical-align:top'>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
