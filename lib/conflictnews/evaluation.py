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
                         "within_10pct": round(float(near), 3), "n_gold_nonzero": len(nonzero),
                         "exact_when_gold_nonzero": round(float((nonzero[pred] == nonzero[gold]).mean()), 3)
                         if len(nonzero) else float("nan")})
    return pd.DataFrame(rows)


def incident_misses(joined: pd.DataFrame, field: str, tolerance: float = 0.10) -> pd.DataFrame:
    """Return the labelled articles where the predicted field is not within tolerance of the label."""
    gold = FAKES_LABEL_FIELDS[field]
    bad = joined[~_within(joined[field], joined[gold], tolerance)]
    cols = ["row", "unit_id", "split", "outlet", "title", field, gold]
    return bad[cols].sort_values("row").reset_index(drop=True)
