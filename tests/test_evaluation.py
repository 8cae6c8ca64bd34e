"""Span scoring and its document-bootstrap interval (evaluation.score_spans, f1_bootstrap_interval)."""

import pandas as pd
import pytest

from conflictnews.evaluation import f1_bootstrap_interval, score_spans, span_counts_by_document


def _spans(rows: list[tuple[str, int, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "begin", "end", "type"])


GOLD = _spans([("a", 0, 5, "Person"), ("a", 10, 20, "Location"), ("b", 0, 4, "Person"), ("b", 8, 12, "Person")])
PRED = _spans([("a", 0, 5, "Person"), ("a", 12, 20, "Location"), ("b", 0, 3, "Person"), ("c", 1, 2, "Person")])


def test_score_spans_counts_exact_and_overlapping_matches():
    exact = score_spans(GOLD, PRED, "exact", types=("Person", "Location")).set_index("type")
    assert exact.at["Person", "precision"] == pytest.approx(1 / 3) and exact.at["Person", "recall"] == pytest.approx(1 / 3)
    assert exact.at["Location", "f1"] == 0.0
    overlap = score_spans(GOLD, PRED, "overlap", types=("Person", "Location")).set_index("type")
    assert overlap.at["Person", "precision"] == pytest.approx(2 / 3) and overlap.at["Person", "recall"] == pytest.approx(2 / 3)
    assert overlap.at["Location", "f1"] == 1.0
    assert list(overlap["n_gold"]) == [3, 1] and list(overlap["n_pred"]) == [3, 1]


def test_counts_by_document_add_up_to_the_scores():
    counts = span_counts_by_document(GOLD, PRED, "overlap", ["a", "b", "c"], types=("Person",))
    assert counts.set_index("doc_id")[["tp_pred", "n_pred", "tp_gold", "n_gold"]].loc["b"].tolist() == [1, 1, 1, 2]
    assert counts["n_pred"].sum() == 3 and counts["tp_gold"].sum() == 2


def test_bootstrap_interval_brackets_f1_and_is_seeded():
    rows = [(f"d{i}", 0, 5, "Person") for i in range(30)]
    gold = _spans(rows)
    pred = _spans(rows[:20] + [(f"d{i}", 7, 9, "Person") for i in range(20, 30)])  # 20 documents right, 10 wrong
    counts = span_counts_by_document(gold, pred, "exact", [f"d{i}" for i in range(30)], types=("Person",))
    first = f1_bootstrap_interval(counts, n_resamples=500, seed=3).iloc[0]
    assert first["f1"] == pytest.approx(2 / 3)
    assert first["f1_low"] < first["f1"] < first["f1_high"] and first["n_documents"] == 30
    assert f1_bootstrap_interval(counts, n_resamples=500, seed=3).equals(f1_bootstrap_interval(counts, n_resamples=500, seed=3))


def test_bootstrap_interval_is_a_point_when_every_document_scores_the_same():
    rows = [(f"d{i}", 0, 5, "Person") for i in range(10)]
    counts = span_counts_by_document(_spans(rows), _spans(rows), "exact", [f"d{i}" for i in range(10)], types=("Person",))
    got = f1_bootstrap_interval(counts, n_resamples=200).iloc[0]
    assert got["f1"] == got["f1_low"] == got["f1_high"] == 1.0


def test_fakes_scores_on_a_corpus_without_gold_articles_keep_every_type():
    from conflictnews.evaluation import FAKES_ENTITY_TYPES, evaluate_entities_fakes

    gold = pd.DataFrame(columns=["article_id", "where", "start", "end", "text", "label", "split"])
    entities = pd.DataFrame(columns=["article_id", "where", "start", "end", "text", "label", "mention"])
    scores = evaluate_entities_fakes(gold, entities)
    assert set(scores["type"]) == set(FAKES_ENTITY_TYPES) and scores["f1_low"].isna().all()
    assert (scores["f1"] == 0.0).all()


def test_claims_scores_carry_an_interval_over_articles():
    from conflictnews.evaluation import evaluate_claims

    gold = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "content": ["five people died", "the army advanced",
                                                                         "talks failed", "the road is open"],
                         "speaker": ["SOHR", "SANA", "UN", "Reuters"], "speaker_resolved": ["", "", "", ""]})
    predicted = pd.DataFrame({"article_id": ["a", "b", "c"], "where": ["text"] * 3, "type": ["direct"] * 3,
                              "content": ["five people died", "talks failed", "nothing alike here"],
                              "speaker": ["SOHR", "UN", "Reuters"], "speaker_text": ["SOHR", "UN", "Reuters"]})
    scores = evaluate_claims(gold, predicted).set_index("measure")
    row = scores.loc["content (exact)"]
    assert row["matched"] == 2 and row["f1"] == pytest.approx(2 * (2 / 3) * (2 / 4) / (2 / 3 + 2 / 4), abs=1e-3)
    assert row["f1_low"] < row["f1"] < row["f1_high"]


def test_claims_scores_on_a_corpus_without_gold_articles():
    from conflictnews.evaluation import evaluate_claims

    gold = pd.DataFrame(columns=["article_id", "content", "speaker", "speaker_resolved", "split"])
    predicted = pd.DataFrame(columns=["article_id", "where", "type", "content", "speaker", "speaker_text"])
    scores = evaluate_claims(gold, predicted)
    assert len(scores) == 4 and (scores["f1"] == 0.0).all() and scores["f1_low"].isna().all()
