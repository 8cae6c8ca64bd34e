"""Evaluation against annotated data (each stage adds its own functions here)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

# -- casualty figures vs FA-KES's per-article labels (issue 5) ------------------------------------------------

FAKES_LABEL_FIELDS = {
    "civilians_killed": "nb_civilians",
    "children_killed": "nb_children",
    "women_killed": "nb_women",
    "combatants_killed": "nb_noncivilians",
}
CASUALTY_TEST_SHARE = 30  # percent of labelled unit_ids held out as a test split (fixed by hash)


def casualty_label_split(unit_id: object) -> str:
    """Return 'dev' or 'test' for a FA-KES unit_id: a fixed split by hash, repeated ids stay together."""
    digest = hashlib.md5(str(unit_id).encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < CASUALTY_TEST_SHARE else "dev"


def read_casualty_labels(path: str) -> pd.DataFrame:
    """Return FA-KES's casualty labels with a `split` column (dev/test)."""
    labels = pd.read_csv(path)
    labels["split"] = labels["unit_id"].map(casualty_label_split)
    return labels


def incidents_vs_fakes_labels(incidents: pd.DataFrame, articles: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Return one row per labelled article: predicted and labelled counts side by side (joined on source row)."""
    arts = articles.dropna(subset=["source_row"]).copy()
    arts = arts[arts["source_path"].astype(str).str.contains("FA-KES", case=False)]
    arts["row"] = arts["source_row"].astype(int)
    joined = labels.merge(arts[["row", "article_id", "outlet", "title"]], on="row", how="inner")
    joined = joined.merge(incidents, on="article_id", how="left")
    for pred in FAKES_LABEL_FIELDS:
        joined[pred] = joined[pred].fillna(0).astype(int)
    return joined


def _within(pred: pd.Series, gold: pd.Series, tolerance: float) -> pd.Series:
    """Return True where pred is within `tolerance` (relative) of gold; zero must match zero."""
    return (pred - gold).abs() <= tolerance * gold.abs()


def evaluate_incidents_fakes(joined: pd.DataFrame, tolerance: float = 0.10) -> pd.DataFrame:
    """Return exact and within-10% agreement per field and split (rows: split x field)."""
    rows = []
    for split, part in [("all", joined), *sorted(joined.groupby("split"))]:
        for pred, gold in FAKES_LABEL_FIELDS.items():
            exact = (part[pred] == part[gold]).mean()
            near = _within(part[pred], part[gold], tolerance).mean()
            nonzero = part[part[gold] > 0]
            rows.append({"split": split, "field": pred, "n": len(part), "exact": round(float(exact), 3),
                         "within_10pct": round(float(near), 3),
                         "all_zero_baseline": round(float((part[gold] == 0).mean()), 3),
                         "n_gold_nonzero": len(nonzero),
                         "exact_when_gold_nonzero": round(float((nonzero[pred] == nonzero[gold]).mean()), 3)
                         if len(nonzero) else float("nan")})
    return pd.DataFrame(rows)


def incident_misses(joined: pd.DataFrame, field: str, tolerance: float = 0.10) -> pd.DataFrame:
    """Return the labelled articles where the predicted field is not within tolerance of the label."""
    gold = FAKES_LABEL_FIELDS[field]
    bad = joined[~_within(joined[field], joined[gold], tolerance)]
    cols = ["row", "unit_id", "split", "outlet", "title", field, gold]
    return bad[cols].sort_values("row").reset_index(drop=True)


def read_casualty_label_errors(path: str) -> pd.DataFrame:
    """Return the FA-KES labels judged wrong on reading the article (row, fields, label, judged, reason)."""
    return pd.read_csv(path, dtype={"fields": str, "label": str, "judged": str})


def corrected_casualty_labels(labels: pd.DataFrame, errors: pd.DataFrame) -> pd.DataFrame:
    """Return the labels with the judged values put in place of those listed as label errors."""
    fixed = labels.copy()
    for err in errors.itertuples(index=False):
        for field, value in zip(err.fields.split(";"), str(err.judged).split(";"), strict=True):
            fixed.loc[fixed["row"] == err.row, field] = int(value)
    return fixed


# -- attributed claims vs the hand-annotated FA-KES sample (issue 4) ------------------------------------------

CLAIMS_TEST_SHARE = 50  # percent of annotated articles held out as a test split (fixed by hash of unit_id)
CLAIM_OVERLAP = 0.5  # a predicted content matches a gold one if shared words >= 50% of the longer of the two
CLAIM_WORD = r"\w+"
SPEAKER_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "in", "at", "and", "unnamed", "its", "his", "her"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})


def claims_gold_split(unit_id: object) -> str:
    """Return 'dev' or 'test' for an annotated article: a fixed split by hash of its unit_id."""
    return _sha1_split(f"claims:{unit_id}", CLAIMS_TEST_SHARE)


def _sha1_split(key: str, test_share: int) -> str:
    """Return 'test' for `test_share` percent of keys (fixed by the sha1 of the key), else 'dev'."""
    digest = hashlib.sha1(key.encode()).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < test_share else "dev"


def read_claims_gold(path: str, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the gold claims with `split` and, given the articles table, the `article_id` of each row."""
    gold = pd.read_json(path, lines=True, dtype={"unit_id": str})
    gold["split"] = gold["unit_id"].map(claims_gold_split)
    if articles is not None:
        fakes = articles[articles["source_path"].astype(str).str.endswith("FA-KES-Dataset.csv")]
        by_row = dict(zip(fakes["source_row"].astype("Int64"), fakes["article_id"]))
        gold["article_id"] = gold["row"].map(lambda r: by_row.get(r))
    return gold


def _claim_words(text: object) -> list[str]:
    """Return the lowercased words of a content string (punctuation and quote marks ignored)."""
    import re

    return re.findall(CLAIM_WORD, str(text).lower()) if isinstance(text, str) else []


def content_overlap(gold: str, predicted: str) -> float:
    """Return shared words / words of the longer content (0..1): both must cover half of each other to reach 0.5."""
    from collections import Counter

    g, p = Counter(_claim_words(gold)), Counter(_claim_words(predicted))
    longer = max(sum(g.values()), sum(p.values()))
    return sum((g & p).values()) / longer if longer else 0.0


def _speaker_names(*names: object) -> list[list[str]]:
    """Return the word lists of the non-pronoun, non-empty speaker names given."""
    out = []
    for name in names:
        words = [w for w in _claim_words(name) if w not in SPEAKER_STOPWORDS]
        if words and not (len(words) == 1 and words[0] in PRONOUNS):
            out.append(words)
    return out


def speaker_matches(gold_names: list[object], predicted_names: list[object]) -> bool:
    """Return True if a gold and a predicted speaker name share their head word (the last word of either)."""
    golds, preds = _speaker_names(*gold_names), _speaker_names(*predicted_names)
    return any(g[-1] in p or p[-1] in g for g in golds for p in preds)


def match_claims(gold: pd.DataFrame, predicted: pd.DataFrame, threshold: float = CLAIM_OVERLAP) -> pd.DataFrame:
    """Return one row per gold claim with its best one-to-one predicted match in the same article (or none)."""
    rows = []
    for article_id, g_rows in gold.groupby("article_id", sort=True):
        p_rows = predicted[predicted["article_id"] == article_id]
        pairs = sorted(((content_overlap(g.content, p.content), gi, pi)
                        for gi, g in g_rows.iterrows() for pi, p in p_rows.iterrows()), key=lambda t: -t[0])
        used_g, used_p, best = set(), set(), {}
        for score, gi, pi in pairs:
            if score >= threshold and gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                best[gi] = (pi, score)
        for gi, g in g_rows.iterrows():
            pi, score = best.get(gi, (None, 0.0))
            p = predicted.loc[pi] if pi is not None else None
            rows.append({
                "article_id": article_id, "gold_index": gi, "pred_index": pi, "overlap": score,
                "exact": p is not None and _claim_words(g.content) == _claim_words(p.content),
                "speaker_ok": p is not None and speaker_matches([g.speaker_resolved, g.speaker],
                                                                [p.speaker, p.speaker_text]),
            })
    return pd.DataFrame(rows, columns=["article_id", "gold_index", "pred_index", "overlap", "exact", "speaker_ok"])


def _prf(hits: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Return precision, recall and F1 from hit counts."""
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def evaluate_claims(gold: pd.DataFrame, predicted: pd.DataFrame, threshold: float = CLAIM_OVERLAP) -> pd.DataFrame:
    """Return P/R/F1 for content (overlap, exact) and content+speaker, over the gold articles (outlet rows ignored),
    with F1's 95% interval from resampling the articles (f1_low, f1_high)."""
    predicted = predicted[predicted["article_id"].isin(set(gold["article_id"]))
                          & (predicted["where"] == "text") & (predicted["type"] != "outlet")]
    hits = _claim_hits_by_article(match_claims(gold, predicted, threshold))
    n_gold, n_pred = len(gold), len(predicted)
    scores = pd.DataFrame([{"measure": name, "gold": n_gold, "predicted": n_pred, "matched": int(h.sum()),
                            **_prf(int(h.sum()), n_pred, n_gold)} for name, h in hits.items()])
    return scores.merge(_claim_intervals(gold, predicted, hits), on="measure", how="left")


def _claim_hits_by_article(matched: pd.DataFrame) -> dict[str, pd.Series]:
    """Return per claims measure the matched gold claims of each article (article_id -> count)."""
    found = matched[matched["pred_index"].notna()]
    exact, speaker = found["exact"].astype(bool), found["speaker_ok"].astype(bool)
    return {"content (overlap)": found["article_id"].value_counts(),
            "content (exact)": found.loc[exact, "article_id"].value_counts(),
            "content+speaker (overlap)": found.loc[speaker, "article_id"].value_counts(),
            "content+speaker (exact)": found.loc[exact & speaker, "article_id"].value_counts()}


def _claim_intervals(gold: pd.DataFrame, predicted: pd.DataFrame, hits: dict[str, pd.Series]) -> pd.DataFrame:
    """Return each claims measure's F1 interval (f1_low, f1_high) from resampling the gold articles."""
    articles = sorted(set(gold["article_id"]))
    n_gold = gold.groupby("article_id").size()
    n_pred = predicted.groupby("article_id").size()
    counts = pd.DataFrame([{"doc_id": a, "type": measure, "tp_pred": int(h.get(a, 0)), "n_pred": int(n_pred.get(a, 0)),
                            "tp_gold": int(h.get(a, 0)), "n_gold": int(n_gold.get(a, 0))}
                           for measure, h in hits.items() for a in articles],
                          columns=["doc_id", "type", "tp_pred", "n_pred", "tp_gold", "n_gold"])
    intervals = f1_bootstrap_interval(counts).round({"f1_low": 3, "f1_high": 3})
    return intervals.rename(columns={"type": "measure"})[["measure", "f1_low", "f1_high"]]


# -- entities vs re3d gold spans (issue 3) ---------------------------------------------------------------------
RE3D_TYPES = ("Person", "Organisation", "Location", "Nationality")
LABEL_TO_RE3D = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location", "FAC": "Location",
                 "NORP": "Nationality"}
ENTITY_SYSTEMS = ("en_core_web_sm", "conflictnews")


def load_re3d(root: str | Path = "data/re3d") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (documents, gold entities) of all re3d subsets under root; entity offsets index documents' text."""
    docs, ents = [], []
    for subset in sorted(p for p in Path(root).iterdir() if (p / "documents.json").exists()):
        for line in (subset / "documents.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                docs.append({"doc_id": d["_id"], "subset": subset.name, "text": d["text"]})
        for line in (subset / "entities.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                e = json.loads(line)
                ents.append({"doc_id": e["documentId"], "begin": int(e["begin"]), "end": int(e["end"]),
                             "type": e["type"], "value": e["value"]})
    documents = pd.DataFrame(docs, columns=["doc_id", "subset", "text"])
    entities = pd.DataFrame(ents, columns=["doc_id", "begin", "end", "type", "value"])
    entities = entities[entities["type"].isin(RE3D_TYPES)].drop_duplicates(["doc_id", "begin", "end", "type"])
    return documents, entities.reset_index(drop=True)


def re3d_split(documents: pd.DataFrame) -> pd.Series:
    """Return 'dev' or 'test' per document: within each subset, documents sorted by md5(doc_id) alternate dev/test."""
    split = pd.Series("test", index=documents.index, dtype=object)
    for _, group in documents.groupby("subset", sort=True):
        order = sorted(group.index, key=lambda i: hashlib.md5(documents.at[i, "doc_id"].encode()).hexdigest())
        for rank, i in enumerate(order):
            split.at[i] = "dev" if rank % 2 == 0 else "test"
    return split


def predict_re3d_spans(documents: pd.DataFrame, system: str, rules: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Return predicted (doc_id, begin, end, type) spans of a system ('en_core_web_sm' or 'conflictnews')."""
    from conflictnews import nlp as cnlp

    rules = RE3D_RULES if rules is None else rules
    rows = []
    model = cnlp.load_model() if system == "en_core_web_sm" else cnlp.get_nlp()
    for doc_id, doc in zip(documents["doc_id"], model.pipe(documents["text"].tolist(), batch_size=16)):
        if system == "en_core_web_sm":
            spans = [(e.start_char, e.end_char, LABEL_TO_RE3D.get(e.label_)) for e in doc.ents]
        else:
            spans = re3d_convention_spans(doc, rules)
        rows += [{"doc_id": doc_id, "begin": b, "end": e, "type": t} for b, e, t in spans if t]
    return pd.DataFrame(rows, columns=["doc_id", "begin", "end", "type"])


# Span rules that draw our mentions the way re3d's annotators drew them; chosen on the dev split only.
# Measured on dev and left out because they lowered F1 there: city_of, comma_country, agent_country (replaced by
# country_actor), title_rank, title_office, the_place_both ('the Netherlands' and 'Netherlands'), group phrases
# without their quantifiers ('four [ISIL units]': re3d keeps them as often as not); comma_region made no difference
# (comma_region_both, which keeps the bare name too, helps). Also left out: the name inside a gazetteer alias that ends
# in a group noun ('Coalition' of 'Coalition forces': re3d marks it 1 time in 7) and a capitalised word before a
# gazetteer organisation. Added in session 2 (dev): the_nominal_both ('the Coalition' and 'Coalition'),
# the_lowerhead_only / the_of_only (no bare 'Iraqi government', 'Government of Iraq' next to the one with its article;
# 'Department of Defense' keeps both),
# coordinates, honorific_only ('Mr Ellwood' without 'Ellwood'), quantifiers ('any [insurgents]'), place_tail_both
# ('the Samarra Barrage' and 'Samarra'), the_people_only (no bare 'Iraqis' next to 'the Iraqis'); each is described
# in re3d_conventions.yml. Added in session 2 (dev, issue 3): possessors ('[Assad's brutal regime]', '[the camp's
# residents]': a possessive name or noun is part of the group phrase it owns); left out: possessor_pron (a possessive
# pronoun dropped from a group phrase, 'its own [people]': dev Organisation exact F1 0.701 -> 0.691) and taking the
# possessor into a named organisation NER found ('the ISIL's War Committee': no change on dev).
# Added in session 3 (dev, issue 3; dev exact F1 change, overlap in brackets): head_title_only ('President Hollande',
# 'Prime Minister Abadi' without the bare name: Person +0.010 [-0.002]), the_plural_only (an organisation named in the
# plural only with its article, 'the Iraqi Security Forces': Organisation +0.002 [0.000]), lower_tail_both ('Idlib
# province' and 'Idlib': Location +0.002 [+0.001]), extra_pronouns ('them' standing for a group: Organisation +0.002
# [+0.001]). Overlap F1 counts every predicted span, so dropping one of two spans over the same gold span lowers it a
# little even when the dropped span was wrong. Left out (session 3): dropping a bare number before a group
# ('70 [members]', 'four [ISIL tactical units]': 5 spans right, 4 lost on dev), 'his' as a Person (3 of 8 marked).
# Coordination (session 3): re3d draws a coordinated group as one span, so conj_group grows a group over a bare noun
# coordinated with its head ('[our allies and friends]', '[the Jordanian army and intelligence]': Organisation exact
# +0.004) and conj_modifiers starts it at the first of coordinated modifiers ('[U.S., German, and Canadian companies]',
# 'local [Turkish and UK organisations]': +0.003); each changed span on dev was right (3 of 3, 2 of 2).
# Also session 3: the_adj_place_both ('the ancient city' and 'ancient city': Location +0.003, 3 of 4 added spans
# right), place_of_join ('the city' the pipeline split from 'of Mosul' is also drawn as 'the city of Mosul', as
# place_of_both expects: 1 of 1), country_group_only (a country modifying a group is marked only inside it, '[U.S.
# officials]', 'the [U.S. 5th Fleet]', not 'U.S.' alone: Organisation +0.003, 6 wrong spans dropped, none right),
# no_operations (a named operation is no Organisation, 'Operation Inherent Resolve': 7 of 10 unmarked on dev;
# Organisation +0.001), place_of_adj (place_of_both's nominal with an adjective loses its article, 'the [Iraqi city] of
# Mosul': 3 of 3; Location +0.004), no_predicates (a noun phrase after a copula describes, it does not mention: 'the
# dam is [a multi-purpose barrage]', 'France is one of [our most important partners]'; 5 wrong spans dropped, none right;
# Person and Location exact and overlap +0.002 each, Organisation overlap -0.001); the_adj_place_both takes plain
# adjectives only, not superlatives ('one of the largest teaching hospitals'). country_pair: each country of a
# hyphenated pair before a common noun is a place and a polity ('UK-France co-operation', 'a U.S.-Iraq partnership'),
# a place only before a place noun ('the Syria-Iraq border'); before a name ('UK-France Summit') country_actor decides
# (7 of 7 changed spans right; Organisation +0.003, Location +0.004, exact and overlap). in_place_both: an organisation
# named 'X in <place>' is marked whole and as X ('al-Qaeda in Iraq' and 'al-Qaeda'; 3 of 3, Organisation +0.002).
# member_alias_both: a gazetteer alias naming a group's members ('ISIL fighters', 'ISIL terrorists') is also marked as
# the group's name (4 of 6; Organisation +0.002); not for 'forces' (see above: 1 time in 7).
# Also left out in session 3 (dev): dropping a role phrase in apposition to a name ('Capt. Christophe Cluzel,
# [commander of Forbin]': 3 of 6 such phrases are marked), the bare name of a feature drawn with its article ('the
# Tigris River' and 'Tigris River': 4 of 14), 'it' / 'their' / 'our' for organisations (7 of 32, 3 of 25, 4 of 23 marked),
# a country after 'including' Location only (the polity reading is marked 2 of 2: in actor_preps).
RE3D_RULES = ("the_org", "the_person", "title_full", "directions", "place_tail", "the_feature", "group_chunk", "country_actor",
              "pronouns", "nested", "directions_both", "norp_group", "title_both", "class_chunk", "unsplit",
              "the_org_both", "comma_region_both", "place_of_both", "group_both", "the_nominal_both", "the_lowerhead_only",
              "the_of_only", "coordinates", "honorific_only", "quantifiers", "place_tail_both", "the_people_only",
              "possessors", "head_title_only", "the_plural_only", "lower_tail_both", "extra_pronouns",
              "conj_group", "conj_modifiers", "the_adj_place_both", "place_of_join", "country_group_only",
              "no_operations", "place_of_adj", "no_predicates", "country_pair",
              "in_place_both", "member_alias_both")
RE3D_CONVENTIONS_FILE = "re3d_conventions.yml"


@lru_cache(maxsize=1)
def _re3d_conventions_file() -> dict:
    """Return the parsed re3d conventions data file."""
    import yaml

    from conflictnews.nlp import data_path

    with open(data_path(RE3D_CONVENTIONS_FILE), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def re3d_conventions() -> dict[str, frozenset[str]]:
    """Return re3d's span conventions (word lists and dependency roles) from the package data file."""
    return {k: frozenset(str(w).lower() for w in v) for k, v in _re3d_conventions_file().items() if isinstance(v, list)}


@lru_cache(maxsize=1)
def _coordinates_pattern() -> re.Pattern:
    """Return the pattern of a coordinate pair, which re3d marks as a Location ('33°47′N 44°30′E')."""
    return re.compile(_re3d_conventions_file()["coordinates"])


def _coordinate_spans(text: str) -> list[tuple[int, int, str]]:
    """Return the coordinate pairs of a text as Location spans."""
    return [(m.start(), m.end(), "Location") for m in _coordinates_pattern().finditer(text)]


@lru_cache(maxsize=1)
def _country_ids() -> frozenset[str]:
    """Return the place ids of countries in the places gazetteer."""
    from conflictnews.nlp import load_places

    places = load_places()
    return frozenset(places.loc[places["kind"] == "country", "place_id"])


def re3d_convention_spans(doc, rules: tuple[str, ...] = RE3D_RULES) -> list[tuple[int, int, str]]:
    """Return the pipeline's mentions as re3d-typed spans, drawn as re3d draws them (see the rule names)."""
    from conflictnews.entities import mentions_from_doc, resolve_mentions

    out = []
    mentions = [replace(m, start=m.alias_start, end=m.alias_end) if m.alias_start >= 0 else m  # re3d: whole alias
                for m in resolve_mentions(mentions_from_doc(doc))]
    phrase_ends = {m.end for m in mentions if m.source == "phrase"}
    groups = [(m.start, m.end) for m in mentions if m.source == "phrase" and m.label == "ORG"]
    for m in mentions:
        typ = _pronoun_type(m.text) if m.label == "PRON" and "pronouns" in rules else LABEL_TO_RE3D.get(m.label)
        start = m.title_start if m.label == "PERSON" and 0 <= m.title_start < m.start and "title_full" in rules else m.start
        span = doc.char_span(start, m.end, alignment_mode="expand")
        if span is None or typ is None:
            continue
        if "no_predicates" in rules and m.source in ("phrase", "nominal") and _predicate_nominal(span):
            continue  # 'the dam is [a multi-purpose barrage]': a description, not a mention
        if "no_operations" in rules and typ == "Organisation" and span[0].lower_ == "operation" and len(span) > 1 \
                and span[1].is_title:
            continue  # 'Operation Inherent Resolve': re3d leaves named operations unmarked (7 of 10 on dev)
        if "country_group_only" in rules and m.actor_id in _country_ids() and _modifies_group(doc, span, groups):
            continue  # '[U.S. officials]': re3d marks the group, not the country that modifies it
        if m.label == "PERSON" and "title_both" in rules and start < m.start \
                and not ("honorific_only" in rules and _honorific_only(doc, start, m.start)) \
                and not ("head_title_only" in rules and _head_title(doc, start, m.start)):
            out.append((m.start, m.end, "Person"))  # re3d marks 'Secretary Kerry' and 'Kerry' (but 'Mr Ellwood' only)
        if m.label == "PERSON" and m.source in ("gazetteer", "ner") and "title_rank" in rules:
            span = doc[_rank_start(doc, span.start, "title_office" in rules):span.end]
        s, e = span.start, span.end
        if typ == "Location" and "agent_country" in rules and doc[e - 1].dep_ in ("nsubj", "nsubjpass") \
                and doc[e - 1].head.pos_ in ("VERB", "AUX"):
            typ = "Organisation"
        pair_head = _country_pair_head(doc, s, e) if "country_pair" in rules and m.actor_id in _country_ids() else None
        if typ == "Location" and pair_head is not None:  # 'UK-France co-operation': each country as place and polity
            if pair_head.lower_ not in re3d_conventions()["place_tails"]:  # but 'the Syria-Iraq border': places only
                out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), "Organisation"))
        elif typ == "Location" and "country_actor" in rules and m.actor_id in _country_ids():
            if _modifies_noun(doc[e - 1]):
                typ = "Organisation"
            elif _acts_as_polity(doc[e - 1]):
                out.append(_with_the(doc, s, e, "Organisation", rules))
        if "class_chunk" in rules and m.actor_id.startswith("class:") and m.source == "gazetteer":
            s = _noun_chunk_start(doc, s, e)  # 'these terrorists', 'the brutal shabiha militias'
        if "quantifiers" in rules and typ == "Organisation":
            s = _after_quantifier(doc, s, e)  # 'more than 20 [militants]', 'each [unit]'
        if "possessors" in rules and typ == "Organisation" and m.source in ("phrase", "nominal"):
            s = _possessor_start(doc, s, e, "possessor_pron" in rules)  # '[Assad's brutal regime]', 'our [allies]'
        if "conj_group" in rules and typ == "Organisation" and m.source != "pronoun":
            e = _conj_group_end(doc, e)  # '[our allies and friends]', '[the Jordanian army and intelligence]'
        if "conj_modifiers" in rules and typ == "Organisation" and m.source == "phrase":
            s = _conj_modifiers_start(doc, s, e)  # '[U.S., German, and Canadian companies]', 'local [Turkish and UK organisations]'
        if typ == "Nationality" and "norp_group" in rules and _names_people(doc[e - 1]):
            s, typ = _chunk_start(doc, s), "Organisation"  # 'the Iraqis', 'two Moroccans'
        if typ in ("Organisation", "Location", "Nationality") and "group_chunk" in rules and m.source != "phrase":
            s2, e2, typ2 = _group_chunk(doc, s, e, typ)
            if not (e2 > e and doc[e2 - 1].idx + len(doc[e2 - 1]) in phrase_ends):  # the group is a phrase mention
                if "group_both" in rules and e2 > e and typ == "Organisation" \
                        and not ("country_group_only" in rules and m.actor_id in _country_ids()):  # 'ISIL fighters' and 'ISIL'
                    out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), typ))
                s, e, typ = s2, e2, typ2
        if typ == "Location" and "the_adj_place_both" in rules and m.source == "phrase" and e - s > 2 \
                and doc[s].lower_ == "the" and doc[s + 1].tag_ == "JJ" and doc[e - 1].is_lower:
            out.append((doc[s + 1].idx, doc[e - 1].idx + len(doc[e - 1].text), typ))  # 'the ancient city' and 'ancient city'
        if typ == "Location" and "place_of_join" in rules and m.source == "phrase" and e + 1 < len(doc) \
                and doc[e - 1].lower_ in re3d_conventions()["place_nouns"] and doc[e].lower_ == "of" \
                and doc[e + 1].ent_iob_ == "B" and doc[e + 1].ent_type_ in ("GPE", "LOC", "FAC"):
            e2 = e + 2
            while e2 < len(doc) and doc[e2].ent_iob_ == "I":
                e2 += 1
            out.append(_with_the(doc, s, e2, typ, rules))  # 'the city' before 'of Mosul': 'the city of Mosul'
        if typ == "Location" and "place_of_both" in rules and m.source == "phrase":
            of = next((t.i for t in doc[s:e] if t.lower_ == "of"), None)
            if of is not None and of > s:  # re3d marks 'the city of Mosul' and 'the city'
                b = s + 1 if "place_of_adj" in rules and doc[s].lower_ == "the" and doc[s + 1].pos_ == "ADJ" else s
                out.append((doc[b].idx, doc[of - 1].idx + len(doc[of - 1].text), typ))  # 'the [Iraqi city] of Mosul'
        if typ == "Location":
            s0, e0 = s, e
            s, e = _place_context(doc, s, e, rules)
            if "place_tail_both" in rules and e > e0 and m.source == "gazetteer":  # 'the Samarra Barrage' and 'Samarra'
                out.append((doc[s0].idx, doc[e0 - 1].idx + len(doc[e0 - 1].text), typ))
            if "lower_tail_both" in rules and e0 - s0 > 1 and doc[e0 - 1].is_lower and m.source == "gazetteer" \
                    and doc[e0 - 1].lower_ in re3d_conventions()["place_tails"]:  # 'Idlib province' and 'Idlib'
                out.append((doc[s0].idx, doc[e0 - 2].idx + len(doc[e0 - 2].text), typ))
            if "directions_both" in rules and s < s0 and doc[s].lower_ in re3d_conventions()["directions"]:
                out.append(_with_the(doc, s0, e, typ, rules))  # re3d often marks 'Iraq' in 'northern Iraq' too
            if "comma_region" in rules and m.actor_id not in _country_ids():
                e = _comma_region_end(doc, e)
            if "comma_region_both" in rules and m.actor_id not in _country_ids() and _comma_region_end(doc, e) > e:
                out.append(_with_the(doc, s, _comma_region_end(doc, e), typ, rules))  # 'Palmyra, Syria' and 'Palmyra'
        if "member_alias_both" in rules and typ == "Organisation" and m.source == "gazetteer" and len(span) > 1 \
                and span[-1].lower_ in re3d_conventions()["member_nouns"] and e == span.end \
                and all(t.is_title or t.is_upper for t in span[:-1]):
            out.append(_with_the(doc, span.start, span.end - 1, typ, rules))  # 'ISIL fighters' and 'ISIL'
        if "in_place_both" in rules and typ == "Organisation" and m.source in ("gazetteer", "ner") \
                and _before_in_place(doc, s, e) < e:  # 'al-Qaeda in Iraq' and 'al-Qaeda'
            out.append(_with_the(doc, s, _before_in_place(doc, s, e), typ, rules))
        out.append(_with_the(doc, s, e, typ, rules))
        if typ == "Organisation" and "the_org_both" in rules and s > 0 and doc[s - 1].lower_ == "the" \
                and not _the_only(doc[s:e], rules) and not ("the_people_only" in rules and m.label == "NORP"):
            out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), typ))  # re3d marks 'the UN' and 'UN'
        if typ == "Organisation" and "the_nominal_both" in rules and m.source == "nominal" and e - s > 1 \
                and doc[s].lower_ == "the" and doc[s + 1].is_title:  # a nominal drawn with its article: 'the Coalition' and 'Coalition'
            out.append((doc[s + 1].idx, doc[e - 1].idx + len(doc[e - 1].text), typ))
        if typ == "Organisation" and "nested" in rules and m.source in ("gazetteer", "ner"):
            out += _nested_names(doc, span.start, span.end, rules)
    if "coordinates" in rules:
        out += _coordinate_spans(doc.text)
    if "extra_pronouns" in rules:
        extra = _re3d_conventions_file().get("extra_pronouns") or {}
        out += [(t.idx, t.idx + len(t), extra[t.lower_]) for t in doc if t.lower_ in extra and t.pos_ == "PRON"]
    return list(dict.fromkeys(out))


def _after_quantifier(doc, s: int, e: int) -> int:
    """Return where a group phrase starts once re3d's left-out quantifiers are dropped ('any [insurgents]', 'at least
    ten [people]', 'half a million [Syrians]'); the phrase is kept whole if it starts with any other word."""
    words = re3d_conventions()["quantifiers"]
    if doc[s].lower_ not in words and not (doc[s].pos_ == "DET" and s + 1 < e and doc[s + 1].lower_ in words):  # 'an additional'
        return s
    k = s
    while k < e - 1 and (doc[k].lower_ in words or doc[k].like_num or doc[k].pos_ in ("DET", "NUM")):
        k += 1
    return k


def _country_pair_head(doc, s: int, e: int):
    """Return the noun a hyphenated pair of countries modifies ('UK-France co-operation', 'the Syria-Iraq border'), or
    None if the country at tokens s..e is no part of such a pair."""
    ids = _country_ids()
    if e + 1 < len(doc) and doc[e].text in ("-", "–") and doc[e + 1].ent_id_ in ids:
        j = e + 1
    elif s > 1 and doc[s - 1].text in ("-", "–") and doc[s - 2].ent_id_ in ids:
        j = e
    else:
        return None
    while j < len(doc) and (doc[j].ent_id_ in ids or doc[j].text in ("-", "–") or doc[j].ent_iob_ == "I"):
        j += 1
    return doc[j] if j < len(doc) and doc[j].pos_ == "NOUN" else None


def _before_in_place(doc, s: int, e: int) -> int:
    """Return where an organisation's name ends as re3d draws it: before 'in <place>' ('[Al Qaeda] in Iraq')."""
    k = next((t.i for t in doc[s + 1:e - 1] if t.lower_ == "in"), None)
    if k is None:
        return e
    place = re.sub(r"^the\s+", "", doc[k + 1:e].text.lower())
    return k if _name_types().get(place) == "Location" else e


def _predicate_nominal(span) -> bool:
    """Return True if a noun phrase is the complement of a copula ('is a village', 'is one of the largest hospitals'),
    not of an existential 'there is'."""
    head = span[-1]
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ == "one":
        head = head.head.head  # 'one of [the largest teaching hospitals]'
    return head.dep_ == "attr" and not any(c.dep_ == "expl" for c in head.head.children)


def _modifies_group(doc, span, groups: list[tuple[int, int]]) -> bool:
    """Return True if a name modifies the head of a group phrase mention that contains it ('U.S.' in 'U.S. officials')."""
    head = span[-1].head
    return span[-1].dep_ in ("compound", "amod", "nmod") and any(
        b <= span.start_char and span.end_char < e and b <= head.idx < e and head.i >= span.end for b, e in groups)


def _conj_modifiers_start(doc, s: int, e: int) -> int:
    """Return where a group phrase starts when its head has coordinated modifiers: at the first of them ('[U.S.,
    German, and Canadian companies]', 'local [Turkish and UK organisations]'); a determiner or possessive stays."""
    mods = [c for c in doc[e - 1].lefts if c.dep_ in ("amod", "compound", "nmod") and any(x.dep_ == "conj" for x in c.rights)]
    if not mods:
        return s
    first = min(c.left_edge.i for c in mods)
    if first < s or doc[s].pos_ not in ("DET", "PRON"):
        return first
    return s


def _conj_group_end(doc, e: int) -> int:
    """Return the end of a group phrase grown over a bare common noun coordinated with its head ('our allies and
    friends', 'the Jordanian army and intelligence')."""
    if e + 1 < len(doc) and doc[e].lower_ in ("and", "or") and doc[e + 1].pos_ == "NOUN" and doc[e + 1].dep_ == "conj" \
            and doc[e + 1].head.i == e - 1 and not doc[e + 1].ent_type_ \
            and not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in doc[e + 1].lefts):
        return e + 2
    return e


def _possessor_start(doc, s: int, e: int, drop_pronoun: bool) -> int:
    """Return where a group phrase starts as re3d draws it: a possessive name or noun before it is taken in
    ('[Assad's brutal regime]', '[the camp's residents]'); with `drop_pronoun`, a possessive pronoun that starts it is
    left out ('its own [people]')."""
    if s > 1 and doc[s - 1].tag_ == "POS" and doc[s - 2].pos_ in ("PROPN", "NOUN") and doc[s - 2].dep_ == "poss":
        return doc[s - 2].left_edge.i
    if drop_pronoun and e - s > 1 and doc[s].dep_ == "poss" and doc[s].pos_ == "PRON":
        k = s + 1
        while k < e - 1 and doc[k].pos_ in ("ADJ", "ADV") and not doc[k].ent_type_:
            k += 1
        return k
    return s


def _head_title(doc, start: int, end: int) -> bool:
    """Return True if the title between two character offsets ends in a head of state's or government's title
    ('President Hollande', 'Iraqi Prime Minister Haider al-Abadi'), which re3d marks only with the name."""
    from conflictnews.nlp import FORMAT_MARKS

    title = " ".join(w.strip(FORMAT_MARKS) for w in doc.text[start:end].lower().split())
    return any(title == w or title.endswith(" " + w) for w in re3d_conventions()["head_titles"])


def _honorific_only(doc, start: int, end: int) -> bool:
    """Return True if the title between two character offsets is only honorifics ('Mr', 'Dr.')."""
    words = doc.text[start:end].lower().split()
    return bool(words) and all(w in re3d_conventions()["honorifics"] for w in words)


def _the_only(span, rules: tuple[str, ...]) -> bool:
    """Return True for an organisation re3d draws only with its article: a name ending in a common noun ('the Iraqi
    government', 'the Assad regime') and, with the rule the_of_only, a name whose 'of' complement is a place ('the
    Government of Iraq'; 'the Department of Defense' is marked with and without its article)."""
    if "the_lowerhead_only" in rules and span[-1].is_lower:
        return True
    if "the_plural_only" in rules and span[-1].tag_ in ("NNS", "NNPS") and span[-1].is_title:
        return True
    of = next((t.i for t in span if t.lower_ == "of"), None)
    if "the_of_only" not in rules or of is None:
        return False
    place = re.sub(r"^the\s+", "", span.doc[of + 1:span.end].text.lower())
    return _name_types().get(place) == "Location"  # 'the Government of Iraq', but 'the Department of Defense' twice


@lru_cache(maxsize=1)
def _name_types() -> dict[str, str]:
    """Return {lowercased place or person name: re3d type}: place aliases, person aliases and surnames."""
    from conflictnews.nlp import load_actors, load_places

    names = {alias.lower(): "Location" for aliases in load_places()["aliases"] for alias in aliases if alias}
    for row in load_actors().itertuples(index=False):
        if row.type == "person":
            for alias in [row.name, *row.aliases]:
                names[alias.lower()] = "Person"
            names[row.name.split()[-1].lower()] = "Person"
    return names


def _nested_names(doc, start: int, end: int, rules: tuple[str, ...], longest: int = 3) -> list[tuple[int, int, str]]:
    """Return the places and people named inside an organisation's name ('Iraq' in 'the Government of Iraq')."""
    names = _name_types()
    out = []
    name = re.sub(r"^the\s+", "", doc[start:end].text.lower())
    if "unsplit" in rules and name.startswith(tuple(re3d_conventions()["unsplit_names"])):
        return out
    i = start
    while i < end:
        for n in range(min(longest, end - i), 0, -1):
            typ = names.get(doc[i:i + n].text.lower())
            if typ and (doc[i].is_title or doc[i].is_upper) and n < end - start and (i > start or typ == "Person"):
                out.append((doc[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1].text), typ))
                i += n - 1
                break
        i += 1
    return out


def _pronoun_type(text: str) -> str | None:
    """Return the re3d type of a pronoun re3d annotates ('we' -> Organisation, 'he' -> Person), else None."""
    from conflictnews.entities import pronoun_kinds

    word = text.lower()
    if word not in re3d_conventions()["pronouns"]:
        return None
    return {"person": "Person", "group": "Organisation"}.get(pronoun_kinds().get(word, ""))


def _names_people(token) -> bool:
    """Return True if a nationality word names people rather than modifying a noun ('the Iraqis', 'The French said')."""
    if token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i:
        return False
    return token.tag_ in ("NNS", "NNPS") or (token.i > 0 and token.doc[token.i - 1].pos_ == "DET")


def _noun_chunk_start(doc, s: int, e: int) -> int:
    """Return the start of the noun phrase whose head ends the span (determiners, modifiers and names before it)."""
    lefts = [t.left_edge.i for t in doc[e - 1].lefts if t.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod")]
    return min([s, *lefts])


def _chunk_start(doc, s: int) -> int:
    """Return the start of the determiners and numbers before token s ('all Iraqis', 'two Moroccans')."""
    while s > 0 and doc[s - 1].pos_ in ("DET", "NUM") and doc[s - 1].lower_ != "the":
        s -= 1
    return s


def _with_the(doc, s: int, e: int, typ: str, rules: tuple[str, ...]) -> tuple[int, int, str]:
    """Return the span's character offsets, widened over a preceding 'the' for the types re3d draws it with."""
    the_rule = {"Organisation": "the_org", "Person": "the_person"}.get(typ)
    if typ == "Location" and doc[e - 1].lower_ in re3d_conventions()["the_features"]:
        the_rule = "the_feature"
    if the_rule in rules and s > 0 and doc[s - 1].lower_ == "the":
        s -= 1
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), typ


def _acts_as_polity(token) -> bool:
    """Return True if a country name fills an actor's role: subject, possessor, agent, or 'with/between' object."""
    conv = re3d_conventions()
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ in conv["actor_deps"]:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in conv["actor_preps"]


def _modifies_noun(token) -> bool:
    """Return True if a country name modifies a common noun ('U.S. airstrikes', 'a U.S. commitment')."""
    return token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ == "NOUN" and token.head.i > token.i


def _group_chunk(doc, s: int, e: int, typ: str) -> tuple[int, int, str]:
    """Widen a name that modifies a group noun to the whole group ('U.S. forces', 'an ISIL tactical unit')."""
    heads = re3d_conventions()["group_heads"]
    head = doc[e - 1].head
    j = e
    while j < len(doc) and j - e < 3 and doc[j].pos_ in ("NOUN", "ADJ", "PROPN") and doc[j].lower_ not in heads:
        j += 1
    if j < len(doc) and doc[j].lower_ in heads and (head.i >= j or head.i == j or doc[e - 1].dep_ in ("compound", "amod", "nmod")):
        s2 = s
        while s2 > 0 and doc[s2 - 1].pos_ in ("DET", "ADJ") and doc[s2 - 1].lower_ not in ("the",):
            s2 -= 1
        return s2, j + 1, "Organisation"
    return s, e, typ


def _rank_start(doc, name_start: int, office: bool) -> int:
    """Return where a person's span starts when re3d draws it: ranks and honorifics right before the name
    ('Maj. Gen. Gary J. Volesky'), and with `office` one office word not itself modified ('Secretary Kerry')."""
    from conflictnews.entities import title_words

    offices, ranks, modifiers = title_words()
    i = name_start
    while i > 0 and (doc[i - 1].lower_ in ranks or doc[i - 1].text == "." and i > 1 and doc[i - 2].lower_ + "." in ranks):
        i -= 1 if doc[i - 1].text != "." else 2
    if office and i > 0 and doc[i - 1].lower_ in offices and doc[i - 1].pos_ == "PROPN" \
            and (i < 2 or doc[i - 2].lower_ not in modifiers | offices):
        i -= 1
    return i


def _comma_region_end(doc, e: int) -> int:
    """Return the end of a place grown over ', <country or region>' ('Palmyra, Syria'), not inside a list of places."""
    if e + 1 >= len(doc) or doc[e].text != "," or doc[e + 1].ent_iob_ != "B" or doc[e + 1].ent_type_ not in ("GPE", "LOC"):
        return e
    ident = doc[e + 1].ent_id_
    if ident and ident not in _country_ids() and _place_kind(ident) not in ("governorate", "region", "province"):
        return e
    e2 = e + 2
    while e2 < len(doc) and doc[e2].ent_iob_ == "I":
        e2 += 1
    if e2 + 1 < len(doc) and doc[e2].text in (",", "and") and doc[e2 + 1].ent_type_ in ("GPE", "LOC"):
        return e
    return e2


def _place_kind(place_id: str) -> str:
    """Return the kind of a gazetteer place ('country', 'city', ...), '' if unknown."""
    from conflictnews.entities import place_kinds

    return place_kinds().get(place_id, "")


def _place_context(doc, s: int, e: int, rules: tuple[str, ...]) -> tuple[int, int]:
    """Widen a place over direction words, 'city of', a feature noun after it, and ', Country' ('Palmyra, Syria')."""
    conv = re3d_conventions()
    if "directions" in rules and s > 0 and doc[s - 1].lower_ in conv["directions"]:
        s -= 1
    if "city_of" in rules and s > 1 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in conv["place_nouns"]:
        s -= 2
        while s > 0 and doc[s - 1].pos_ in ("ADJ", "PROPN") and doc[s - 1].lower_ != "the":
            s -= 1
    if "place_tail" in rules and e < len(doc) and doc[e].lower_ in conv["place_tails"] and doc[e].is_title:
        e += 1
    if "comma_country" in rules and e + 1 < len(doc) and doc[e].text == "," and doc[e + 1].ent_type_ == "GPE" and doc[e + 1].ent_iob_ == "B":
        e2 = e + 1
        while e2 < len(doc) and doc[e2].ent_iob_ == "I" or e2 == e + 1:
            e2 += 1
        e = e2
    return s, e


def score_spans(gold: pd.DataFrame, pred: pd.DataFrame, matching: str,
                types: tuple[str, ...] = RE3D_TYPES) -> pd.DataFrame:
    """Return precision, recall, F1 per type; matching 'exact' (same span) or 'overlap' (any shared character)."""
    documents = sorted(set(gold["doc_id"]) | set(pred["doc_id"]))
    return scores_from_counts(span_counts_by_document(gold, pred, matching, documents, types), matching, types)


def scores_from_counts(counts: pd.DataFrame, matching: str, types: tuple[str, ...] = RE3D_TYPES) -> pd.DataFrame:
    """Return precision, recall, F1 per type from span_counts_by_document's table (summed over its documents)."""
    sums = counts.groupby("type", sort=False).sum(numeric_only=True)
    rows = []
    for typ in types:
        tp_pred, n_pred, tp_gold, n_gold = (int(sums.at[typ, c]) if typ in sums.index else 0
                                            for c in ("tp_pred", "n_pred", "tp_gold", "n_gold"))
        precision = tp_pred / n_pred if n_pred else 0.0
        recall = tp_gold / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"type": typ, "matching": matching, "precision": precision, "recall": recall, "f1": f1,
                     "n_gold": n_gold, "n_pred": n_pred})
    return pd.DataFrame(rows)


def span_counts_by_document(gold: pd.DataFrame, pred: pd.DataFrame, matching: str, documents: Iterable[str],
                             types: tuple[str, ...] = RE3D_TYPES) -> pd.DataFrame:
    """Return per document and type the counts F1 is made of: matched predictions, predictions, matched gold, gold."""
    rows = []
    for typ in types:
        g = gold[gold["type"] == typ]
        p = pred[pred["type"] == typ]
        g_by = {d: list(zip(x["begin"], x["end"])) for d, x in g.groupby("doc_id")}
        p_by = {d: list(zip(x["begin"], x["end"])) for d, x in p.groupby("doc_id")}
        for d in documents:
            gs, ps = g_by.get(d, []), p_by.get(d, [])
            rows.append({"doc_id": d, "type": typ, "tp_pred": sum(_matches(s, gs, matching) for s in ps),
                         "n_pred": len(ps), "tp_gold": sum(_matches(s, ps, matching) for s in gs), "n_gold": len(gs)})
    return pd.DataFrame(rows, columns=["doc_id", "type", "tp_pred", "n_pred", "tp_gold", "n_gold"])


def _f1_of_sums(tp_pred, n_pred, tp_gold, n_gold):
    """Return F1 from summed counts (numpy arrays or scalars); 0 where precision + recall is 0."""
    import numpy as np

    precision = np.divide(tp_pred, n_pred, out=np.zeros_like(tp_pred, dtype=float), where=n_pred > 0)
    recall = np.divide(tp_gold, n_gold, out=np.zeros_like(tp_gold, dtype=float), where=n_gold > 0)
    total = precision + recall
    return np.divide(2 * precision * recall, total, out=np.zeros_like(total), where=total > 0)


def f1_bootstrap_interval(counts: pd.DataFrame, n_resamples: int = 2000, level: float = 0.95,
                          seed: int = 0) -> pd.DataFrame:
    """Return per type the F1 and its percentile interval from resampling documents with replacement (seeded).

    `counts` is span_counts_by_document's table. Documents, not spans, are resampled, because one document's
    mentions share its writer's conventions; the interval says how much F1 moves with the choice of documents."""
    import numpy as np

    rows = []
    rng = np.random.default_rng(seed)
    for typ, x in counts.groupby("type", sort=False):
        arr = x[["tp_pred", "n_pred", "tp_gold", "n_gold"]].to_numpy(dtype=float)
        picks = rng.integers(0, len(arr), size=(n_resamples, len(arr)))
        sums = arr[picks].sum(axis=1)
        f1s = _f1_of_sums(*(sums[:, k] for k in range(4)))
        low, high = np.quantile(f1s, [(1 - level) / 2, 1 - (1 - level) / 2])
        rows.append({"type": typ, "f1": float(_f1_of_sums(*arr.sum(axis=0))), "f1_low": float(low),
                     "f1_high": float(high), "n_documents": len(arr)})
    return pd.DataFrame(rows, columns=["type", "f1", "f1_low", "f1_high", "n_documents"])


def _matches(span: tuple[int, int], others: list[tuple[int, int]], matching: str) -> bool:
    """Return True if span equals (exact) or shares a character with (overlap) one of others."""
    if matching == "exact":
        return span in others
    return any(span[0] < e and b < span[1] for b, e in others)


def evaluate_entities_re3d(root: str | Path = "data/re3d", systems: tuple[str, ...] = ENTITY_SYSTEMS,
                           splits: tuple[str, ...] = ("dev", "test")) -> pd.DataFrame:
    """Return P/R/F1 per system, split, re3d type and matching (exact, overlap) on the fixed dev/test split, with
    F1's 95% interval over resampled documents (f1_low, f1_high; see f1_bootstrap_interval)."""
    documents, gold = load_re3d(root)
    documents["split"] = re3d_split(documents)
    frames = []
    for system in systems:
        pred = predict_re3d_spans(documents, system)
        for split in splits:
            ids = set(documents.loc[documents["split"] == split, "doc_id"])
            for matching in ("exact", "overlap"):
                counts = span_counts_by_document(gold, pred, matching, sorted(ids))
                scores = scores_from_counts(counts, matching)
                interval = f1_bootstrap_interval(counts)[["type", "f1_low", "f1_high"]]
                frames.append(scores.merge(interval, on="type", how="left").assign(system=system, split=split))
    cols = ["system", "split", "type", "matching", "precision", "recall", "f1", "f1_low", "f1_high", "n_gold", "n_pred"]
    return pd.concat(frames, ignore_index=True)[cols]


# -- entities vs hand-annotated FA-KES named mentions ---------------------------------------------------------
FAKES_ENTITY_TEST_SHARE = 50  # percent of annotated articles held out as a test split (fixed by hash of article_id)
FAKES_ENTITY_TYPES = ("PERSON", "ORG", "LOC")
LABEL_TO_FAKES_GOLD = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def fakes_entity_split(article_id: object) -> str:
    """Return 'dev' or 'test' for an article of the FA-KES entity gold: a fixed split by hash of its article_id."""
    return _sha1_split(f"entities:{article_id}", FAKES_ENTITY_TEST_SHARE)


def _nth_occurrence(text: str, needle: str, n: int) -> int | None:
    """Return where the n-th (1-based) occurrence of needle at word boundaries starts in text, or None."""
    found = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    return found[n - 1] if 0 < n <= len(found) else None


def read_fakes_entity_gold(path: str | Path, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (gold mentions with start/end/split, rejected rows with a reason) of the FA-KES entity gold.

    Gold rows name a mention by its text and occurrence in the article's cleaned title or text; a row whose
    article or occurrence is not in `articles` is rejected, never dropped silently.
    """
    gold = pd.read_json(path, lines=True, dtype={"article_id": str})
    fields = {(str(a), w): t for a, ti, te in zip(articles["article_id"], articles["title"], articles["text"])
              for w, t in (("title", ti), ("text", te)) if isinstance(t, str)}
    rows, rejected = [], []
    for row in gold.to_dict("records"):
        field = fields.get((row["article_id"], row["where"]))
        start = None if field is None else _nth_occurrence(field, row["text"], int(row["occurrence"]))
        if start is None:
            reason = "article not loaded" if field is None else "text not found at that occurrence"
            rejected.append({**row, "reason": reason})
            continue
        rows.append({**row, "start": start, "end": start + len(row["text"]), "split": fakes_entity_split(row["article_id"])})
    cols = ["article_id", "where", "start", "end", "text", "label", "split"]
    return pd.DataFrame(rows, columns=cols), pd.DataFrame(rejected)


def evaluate_entities_fakes(gold: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Return P/R/F1 per split, type (PERSON, ORG, LOC) and matching of the named mentions (`mention == 'name'`)
    of the annotated articles against the FA-KES entity gold, with F1's 95% interval over resampled articles."""
    named = entities[(entities["mention"] == "name") & entities["label"].isin(list(LABEL_TO_FAKES_GOLD))
                     & entities["article_id"].astype(str).isin(set(gold["article_id"]))]
    pred = pd.DataFrame({"doc_id": named["article_id"].astype(str) + "/" + named["where"],
                         "begin": named["start"], "end": named["end"], "type": named["label"].map(LABEL_TO_FAKES_GOLD),
                         "split": named["article_id"].astype(str).map(fakes_entity_split)})
    ref = pd.DataFrame({"doc_id": gold["article_id"] + "/" + gold["where"], "begin": gold["start"], "end": gold["end"],
                        "type": gold["label"], "split": gold["split"]})
    frames = []
    for split in ("dev", "test", "all"):
        g = ref if split == "all" else ref[ref["split"] == split]
        p = pred if split == "all" else pred[pred["split"] == split]
        units = sorted(set(g["doc_id"]) | set(p["doc_id"]))
        for matching in ("exact", "overlap"):
            counts = span_counts_by_document(g, p, matching, units, types=FAKES_ENTITY_TYPES)
            scores = scores_from_counts(counts, matching, FAKES_ENTITY_TYPES)
            counts["doc_id"] = counts["doc_id"].str.rsplit("/", n=1).str[0]  # resample articles (title and text)
            counts = counts.groupby(["doc_id", "type"], sort=False, as_index=False).sum()
            interval = f1_bootstrap_interval(counts)[["type", "f1_low", "f1_high"]]
            frames.append(scores.merge(interval, on="type", how="left").assign(split=split))
    cols = ["split", "type", "matching", "precision", "recall", "f1", "f1_low", "f1_high", "n_gold", "n_pred"]
    return pd.concat(frames, ignore_index=True)[cols]


# -- event groups vs hand-labelled article pairs ---------------------------------------------------------------

def event_pair_split(sampled_from: object) -> str:
    """Return 'dev' or 'test' for a labelled pair: a fixed split by hash of the group it was sampled from."""
    digest = hashlib.sha1(f"events:{sampled_from}".encode()).hexdigest()
    return "test" if int(digest[:8], 16) % 2 else "dev"


def read_event_pairs(path: str | Path) -> pd.DataFrame:
    """Return the labelled article pairs (same / different / unsure) with their `split`."""
    pairs = pd.read_json(path, lines=True, dtype={"a": str, "b": str, "sampled_from": str})
    pairs["split"] = pairs["sampled_from"].map(event_pair_split)
    return pairs


def evaluate_event_pairs(pairs: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Return per split how well the event groups join labelled pairs: precision and recall of 'same' (grouped
    together), F1, and the counts; 'unsure' pairs and pairs with an article missing from `events` are left out
    (counted in `n_skipped`)."""
    event_of = dict(zip(events["article_id"].astype(str), events["event_id"]))
    rows = []
    for split in ("dev", "test", "all"):
        part = pairs if split == "all" else pairs[pairs["split"] == split]
        known = part[(part["label"] != "unsure") & part["a"].isin(event_of) & part["b"].isin(event_of)]
        grouped = [event_of[a] == event_of[b] for a, b in zip(known["a"], known["b"])]
        same = list(known["label"] == "same")
        tp = sum(g and s for g, s in zip(grouped, same))
        rows.append({"split": split, **_prf(tp, sum(grouped), sum(same)), "n_pairs": len(known),
                     "n_grouped": sum(grouped), "n_same": sum(same), "n_skipped": len(part) - len(known)})
    return pd.DataFrame(rows)
