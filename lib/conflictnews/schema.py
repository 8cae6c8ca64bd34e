"""The tables that are the contract between stages, the CLI and the notebooks: columns and enumerations."""

from __future__ import annotations

ARTICLE_COLUMNS: list[str] = [
    "article_id", "outlet", "publisher", "title", "published", "url", "language",
    "text", "source_path", "flags", "removed",
]
REJECTED_COLUMNS: list[str] = ["source", "reason"]
ENTITY_COLUMNS: list[str] = [
    "article_id", "where", "start", "end", "text", "label",
    "actor_id", "actor_name", "actor_type", "role", "mention",
]
MENTION_KINDS: tuple[str, ...] = ("name", "description", "pronoun")  # entities.mention: a name, 'the minister', 'he'
CLAIM_COLUMNS: list[str] = [
    "article_id", "where", "start", "end", "speaker_text", "speaker", "speaker_type",
    "cue", "cue_lemma", "stance", "type", "content", "sentence",
]
CASUALTY_COLUMNS: list[str] = [
    "article_id", "where", "start", "end", "figure_text", "value", "low", "high", "qualifier",
    "kind", "victim_text", "victim_category", "scope", "attributed_to", "location",
    "event_date", "sentence",
]
INCIDENT_COLUMNS: list[str] = [
    "article_id", "civilians_killed", "children_killed", "women_killed", "combatants_killed",
]

# -- enumerations -----------------------------------------------------------------------------
WHERE = ("title", "text")
ACTOR_TYPES = ("armed_group", "government", "military", "organization", "media", "person")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRON")  # PRON: a pronoun resolved to its actor
CLAIM_TYPES = ("direct", "indirect", "mixed", "outlet")  # outlet: a hedge in the outlet's own voice (claims.py)
STANCES = ("neutral", "assertive", "distancing", "denial", "hedged")
QUALIFIERS = ("exact", "at_least", "at_most", "approx", "vague")
CASUALTY_KINDS = ("killed", "injured", "missing", "displaced", "detained", "affected")
VICTIM_CATEGORIES = ("civilian", "child", "woman", "combatant", "unspecified")
SCOPES = ("incident", "cumulative")

# Data-quality flags put on articles by loading and cleaning (documented in README.md).
ARTICLE_FLAGS = {
    "missing_date": "no publication date could be found",
    "implausible_date": "a year in the text is impossible (e.g. 'September 20014')",
    "title_dateline_mismatch": "the dateline in the body disagrees with the date given for the article",
    "empty_body": "nothing is left of the body after cleaning",
    "short_body": "fewer than 40 words left after cleaning",
    "mojibake_repaired": "broken character encoding was repaired",
    "exact_duplicate": "another article has the same title and text",
    "near_duplicate": "another article is nearly the same text (a reprint)",
    "duplicate_id": "the input id repeats; a suffix keeps rows distinguishable",
    "non_english": "the text does not look like English",
    "truncated": "the field was longer than the size cap and was cut",
    "no_title": "the article has no title",
}
