"""Evaluation against annotated data (each stage adds its own functions here)."""

from __future__ import annotations

import hashlib

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


# -- attributed claims vs the hand-annotated FA-KES sample (issue 4) ------------------------------------------

CLAIMS_TEST_SHARE = 50  # percent of annotated articles held out as a test split (fixed by hash of unit_id)
CLAIM_OVERLAP = 0.5  # a predicted content matches a gold one if shared words >= 50% of the longer of the two
CLAIM_WORD = r"\w+"
SPEAKER_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "in", "at", "and", "unnamed", "its", "his", "her"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})


def claims_gold_split(unit_id: object) -> str:
    """Return 'dev' or 'test' for an annotated article: a fixed split by hash of its unit_id."""
    digest = hashlib.sha1(f"claims:{unit_id}".encode()).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < CLAIMS_TEST_SHARE else "dev"


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
    """Return P/R/F1 for content (overlap, exact) and content+speaker, over the gold articles (outlet rows ignored)."""
    predicted = predicted[predicted["article_id"].isin(set(gold["article_id"]))
                          & (predicted["where"] == "text") & (predicted["type"] != "outlet")]
    matched = match_claims(gold, predicted, threshold)
    found = matched[matched["pred_index"].notna()]
    n_gold, n_pred = len(gold), len(predicted)
    measures = {
        "content (overlap)": len(found),
        "content (exact)": int(found["exact"].sum()),
        "content+speaker (overlap)": int(found["speaker_ok"].sum()),
        "content+speaker (exact)": int((found["exact"] & found["speaker_ok"]).sum()),
    }
    return pd.DataFrame([{"measure": name, "gold": n_gold, "predicted": n_pred, "matched": hits,
                          **_prf(hits, n_pred, n_gold)} for name, hits in measures.items()])
