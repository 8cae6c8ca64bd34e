"""Tests for casualty mentions, incident summaries and their evaluation against FA-KES's labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictnews import evaluation
from conflictnews.casualties import (
    casualties_from_doc,
    estimator_of,
    extract_casualties,
    main_incident_counts,
)
from conflictnews.nlp import get_nlp
from conflictnews.schema import (
    CASUALTY_COLUMNS,
    CASUALTY_KINDS,
    INCIDENT_COLUMNS,
    QUALIFIERS,
    SCOPES,
    VICTIM_CATEGORIES,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "data" / "fakes" / "casualty_labels_dev.csv"
ARTICLE = {"article_id": "x", "published": "2017-04-05"}  # a Wednesday


def mentions(text: str) -> pd.DataFrame:
    return casualties_from_doc(get_nlp()(text), ARTICLE, "text")


def test_sub_counts_source_place_and_date() -> None:
    df = mentions("An air strike killed 70 people including 11 children on Monday in Douma, "
                  "the Syrian Observatory for Human Rights said.")
    assert list(df.columns) == CASUALTY_COLUMNS
    assert df[["figure_text", "kind", "victim_category"]].values.tolist() == [
        ["70", "killed", "unspecified"], ["11", "killed", "child"]]
    assert set(df["attributed_to"]) == {"Syrian Observatory for Human Rights"}
    assert set(df["location"]) == {"Douma"}
    assert set(df["event_date"]) == {"2017-04-03"}
    assert estimator_of(df["attributed_to"].iloc[0]) == "SOHR"
    df = mentions("Six civilians including a child were among at least 22 people killed, a monitor said.")
    assert df[["value", "kind", "victim_category"]].values.tolist() == [
        [6, "killed", "civilian"], [1, "killed", "child"], [22, "killed", "unspecified"]]
    assert estimator_of(df["attributed_to"].iloc[0]) == "SOHR"


@pytest.mark.parametrize("text", ["The death toll stood at 23.", "Aleppo blast: 23 dead."])
def test_verbless_tolls_count(text: str) -> None:
    df = mentions(text)
    assert df[["value", "kind"]].values.tolist() == [[23, "killed"]]


@pytest.mark.parametrize("text", [
    "Russia carried out 40 airstrikes and destroyed 12 tanks, while 17 nations met in Vienna.",
    "Washington deployed 2000 troops to the region in 2015.",
    "The talks began in March 2011 and lasted 3 hours.",
    "The fund raised $400 million for 23 schools.",
    "A 12-year-old boy and his father, aged 40, returned home in 2015.",
])
def test_non_people_are_not_casualties(text: str) -> None:
    assert mentions(text).empty


def test_kinds_in_one_sentence() -> None:
    df = mentions("A bomb killed six people and wounded 32 in Homs, state television reported.")
    assert df[["value", "kind"]].values.tolist() == [[6, "killed"], [32, "injured"]]
    assert estimator_of(df["attributed_to"].iloc[0]) == "government"
    df = mentions("Dozens of fighters were detained and 300 people were displaced.")
    assert df[["figure_text", "kind", "victim_category", "qualifier"]].values.tolist() == [
        ["Dozens", "detained", "combatant", "vague"], ["300", "displaced", "unspecified", "exact"]]


def test_cumulative_tolls() -> None:
    df = mentions("More than 230000 people have been killed since the conflict began in March 2011.")
    assert df[["value", "qualifier", "scope"]].values.tolist() == [[230000, "at_least", "cumulative"]]
    df = mentions("The death toll has risen to 470000, a research group said.")
    assert df["scope"].tolist() == ["cumulative"]


def test_seed_figures(seed_article) -> None:
    doc = get_nlp()(seed_article["text"])
    df = casualties_from_doc(doc, seed_article, "text").set_index("figure_text")
    hundreds = df.loc["hundreds"]
    assert (hundreds["kind"], hundreds["victim_category"], hundreds["qualifier"]) == ("killed", "combatant", "vague")
    assert (hundreds["low"], hundreds["high"]) == (200, 999) and pd.isna(hundreds["value"])
    assert pd.isna(hundreds["attributed_to"])  # the outlet's own voice
    toll = df.loc["over 400,000"]
    assert (toll["value"], toll["qualifier"], toll["scope"]) == (400000, "at_least", "cumulative")
    assert "de Mistura" in toll["attributed_to"] and estimator_of(toll["attributed_to"]) == "UN"
    displaced = df.loc["over half"]
    assert displaced["kind"] == "displaced" and displaced["low"] == 11_500_000
    for _, row in df.reset_index().iterrows():
        assert seed_article["text"][row["start"]:row["end"]] == row["figure_text"]


def test_main_incident_convention() -> None:
    rows = pd.DataFrame([
        {"where": "title", "start": 0, "value": 22.0, "low": 22.0, "qualifier": "exact", "victim_category": "unspecified",
         "victim_text": "dead", "sentence": "22 dead"},
        {"where": "text", "start": 0, "value": 22.0, "low": 22.0, "qualifier": "at_least",
         "victim_category": "unspecified", "victim_text": "people", "sentence": "s1"},
        {"where": "text", "start": 30, "value": 3.0, "low": 3.0, "qualifier": "exact", "victim_category": "child",
         "victim_text": "children", "sentence": "s1"},
        {"where": "text", "start": 90, "value": 50.0, "low": 50.0, "qualifier": "exact", "victim_category": "civilian",
         "victim_text": "civilians", "sentence": "a later incident"},
    ])
    assert main_incident_counts(rows) == {"civilians_killed": 22, "children_killed": 3, "women_killed": 0,
                                          "combatants_killed": 0}


def test_bad_input_is_empty_not_an_error() -> None:
    assert mentions("").empty
    empty = extract_casualties(pd.DataFrame(columns=["article_id", "title", "text"]), docs=[])
    assert list(empty.columns) == CASUALTY_COLUMNS and empty.empty


@pytest.fixture(scope="module")
def fakes_run(corpus, corpus_tables):
    articles, _ = corpus
    casualties, incidents = corpus_tables["casualties"], corpus_tables["incidents"]
    labels = evaluation.read_casualty_labels(str(LABELS))
    return articles, casualties, incidents, evaluation.incidents_vs_fakes_labels(incidents, articles, labels)


def test_tables_follow_the_schema(fakes_run) -> None:
    articles, casualties, incidents, _ = fakes_run
    assert list(casualties.columns) == CASUALTY_COLUMNS and list(incidents.columns) == INCIDENT_COLUMNS
    assert len(incidents) == len(articles)
    assert set(casualties["kind"]) <= set(CASUALTY_KINDS)
    assert set(casualties["victim_category"]) <= set(VICTIM_CATEGORIES)
    assert set(casualties["scope"]) <= set(SCOPES) and set(casualties["qualifier"]) <= set(QUALIFIERS)
    texts = articles.set_index("article_id")
    for row in casualties.sample(200, random_state=0).itertuples():
        assert texts.loc[row.article_id, row.where][row.start:row.end] == row.figure_text


def test_split_is_fixed_and_keeps_repeated_ids_together(fakes_run) -> None:
    *_, joined = fakes_run
    assert len(joined) == 574
    assert joined.groupby("unit_id")["split"].nunique().max() == 1
    assert joined["split"].value_counts().to_dict() == {"dev": 398, "test": 176}


# Floors: measured agreement minus a small margin (measured on this corpus; see notebook 04).
FLOORS = {
    ("dev", "civilians_killed"): 0.82, ("dev", "children_killed"): 0.91, ("dev", "women_killed"): 0.95,
    ("dev", "combatants_killed"): 0.90, ("test", "civilians_killed"): 0.78, ("test", "children_killed"): 0.87,
    ("test", "women_killed"): 0.94, ("test", "combatants_killed"): 0.86,
}


def test_agreement_with_fakes_labels(fakes_run) -> None:
    *_, joined = fakes_run
    scores = evaluation.evaluate_incidents_fakes(joined).set_index(["split", "field"])
    for key, floor in FLOORS.items():
        assert scores.loc[key, "exact"] >= floor, (key, scores.loc[key, "exact"])
        assert scores.loc[key, "within_10pct"] >= scores.loc[key, "exact"]
        assert scores.loc[key, "exact"] > scores.loc[key, "all_zero_baseline"] or key[1] == "women_killed"


def test_label_errors_file_names_labelled_rows_and_reasons() -> None:
    labels = evaluation.read_casualty_labels(str(LABELS))
    errors = evaluation.read_casualty_label_errors(str(ROOT / "tests" / "fixtures" / "casualty_label_errors.csv"))
    assert errors["row"].is_unique and set(errors["row"]) <= set(labels["row"])
    merged = errors.merge(labels, on="row", suffixes=("", "_labels"))
    assert (merged["unit_id"] == merged["unit_id_labels"]).all()
    for err in merged.itertuples():
        for field, value in zip(err.fields.split(";"), err.label.split(";"), strict=True):
            assert getattr(err, field) == int(value)  # the file quotes the label as it is
        assert len(err.reason) > 30
    fixed = evaluation.corrected_casualty_labels(labels, errors)
    assert (fixed != labels).any(axis=1).sum() == len(errors)


def test_lenient_reference_dates_and_estimators() -> None:
    from conflictnews.casualties import parse_lenient_date, read_toll_reference

    assert parse_lenient_date("2013-06-26") == (pd.Timestamp("2013-06-26"), False)
    assert parse_lenient_date("2013-06 (mid-June)") == (pd.Timestamp("2013-06-15"), True)
    assert parse_lenient_date("2014 (spring; date not in excerpt)")[1] is True
    assert parse_lenient_date(None) == (None, True)
    ref = read_toll_reference(str(ROOT / "data" / "reference" / "syria_death_toll_reference.csv"))
    assert ref["date"].notna().all() and "measure" in ref
    assert {"SOHR", "UN", "SCPR", "VDC"} <= set(ref["estimator_group"])


def _toy_casualties() -> tuple[pd.DataFrame, pd.DataFrame]:
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"], "title": ["t"] * 3,
                             "published": ["2016-07-09", "2016-07-09", "2016-07-10"], "location": ["aleppo"] * 3})
    base = {"where": "text", "end": 5, "kind": "killed", "scope": "incident", "victim_text": "people",
            "victim_category": "unspecified", "location": None, "event_date": None, "high": None}
    rows = [
        {**base, "article_id": "a", "start": 0, "figure_text": "20", "value": 20.0, "low": 20.0, "high": 20.0,
         "qualifier": "exact", "attributed_to": "the Syrian Observatory for Human Rights", "sentence": "s"},
        {**base, "article_id": "b", "start": 0, "figure_text": "at least 21", "value": 21.0, "low": 21.0,
         "qualifier": "at_least", "attributed_to": "state TV", "sentence": "s"},
        {**base, "article_id": "c", "start": 0, "figure_text": "60", "value": 60.0, "low": 60.0, "high": 60.0,
         "qualifier": "exact", "attributed_to": None, "sentence": "s"},
        {**base, "article_id": "c", "start": 90, "figure_text": "more than 280000", "value": 280000.0,
         "low": 280000.0, "qualifier": "at_least", "scope": "cumulative", "attributed_to": None, "sentence": "t"},
    ]
    return pd.DataFrame(rows, columns=CASUALTY_COLUMNS), articles


def test_cumulative_tolls_and_event_comparison() -> None:
    from conflictnews.casualties import (
        compare_event_figures,
        cumulative_tolls,
        event_groups,
        outlet_disagreement,
    )

    casualties, articles = _toy_casualties()
    tolls = cumulative_tolls(casualties, articles)
    assert tolls[["figure_text", "estimator", "outlet"]].values.tolist() == [["more than 280000", "unattributed", "Z"]]
    events = event_groups(articles)
    assert events["event_id"].nunique() == 1
    comparison = compare_event_figures(casualties, articles, events)
    assert comparison[["outlet", "point", "estimator"]].values.tolist() == [
        ["X", 20.0, "SOHR"], ["Y", 21.0, "government"], ["Z", 60.0, "unattributed"]]
    assert comparison["disagrees"].tolist() == [True, True, True]  # 20 vs median(21, 60) = 40.5, ...
    table = outlet_disagreement(comparison).set_index("outlet")
    assert table.loc["Z", "higher"] == 1 and table.loc["X", "lower"] == 1


WORDS = ["killed", "at", "least", "hundreds", "of", "people", "20", "1,000", "-", "30", "children", "including",
         "said", "the", "toll", "dead", "a", "woman", "since", "2011", "and", ".", ",", "twenty-three", "Monday"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=20))
def test_never_raises_on_arbitrary_text(words: list[str]) -> None:
    text = " ".join(words)
    df = mentions(text)
    assert list(df.columns) == CASUALTY_COLUMNS
    for row in df.itertuples():
        assert text[row.start:row.end] == row.figure_text
