"""Tests for the number grammar (conflictnews.numbers), incl. hypothesis property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictnews.numbers import Figure, find_figures, format_figure, parse_figure
from conflictnews.schema import QUALIFIERS

CASES = [
    ("400,000", Figure(400000, 400000, 400000, "exact")),
    ("400000", Figure(400000, 400000, 400000, "exact")),
    ("six", Figure(6, 6, 6, "exact")),
    ("twenty-three", Figure(23, 23, 23, "exact")),
    ("a dozen", Figure(12, 12, 12, "exact")),
    ("2.4 million", Figure(2400000, 2400000, 2400000, "exact")),
    ("23 million", Figure(23000000, 23000000, 23000000, "exact")),
    ("two hundred and fifty", Figure(250, 250, 250, "exact")),
    ("half a million", Figure(500000, 500000, 500000, "exact")),
    ("dozens", Figure(None, 24, 99, "vague")),
    ("hundreds", Figure(None, 200, 999, "vague")),
    ("thousands", Figure(None, 2000, 9999, "vague")),
    ("tens of thousands", Figure(None, 20000, 99999, "vague")),
    ("a couple hundred", Figure(None, 200, 300, "vague")),
    ("between 20 and 30", Figure(None, 20, 30, "approx")),
    ("20 to 30", Figure(None, 20, 30, "approx")),
    ("20-30", Figure(None, 20, 30, "approx")),
    ("at least 70", Figure(70, 70, None, "at_least")),
    ("more than 230000", Figure(230000, 230000, None, "at_least")),
    ("over 400,000", Figure(400000, 400000, None, "at_least")),
    ("up to 30", Figure(30, None, 30, "at_most")),
    ("nearly 100", Figure(100, None, 100, "approx")),
    ("about 23 million", Figure(23000000, None, None, "approx")),
    ("some 200", Figure(200, None, None, "approx")),
    ("an estimated 1.5 million", Figure(1500000, None, None, "approx")),
    ("12 or more", Figure(12, 12, None, "at_least")),
    ("over half", Figure(0.5, 0.5, None, "at_least", share=True)),
    ("a third", Figure(0.3333, 0.3333, 0.3333, "exact", share=True)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_figure(text: str, expected: Figure) -> None:
    assert parse_figure(text) == expected


def test_find_figures_offsets_and_text() -> None:
    text = "The death toll stood at 23, while at least 70 people and hundreds of fighters were killed."
    spans = find_figures(text)
    assert [s.text for s in spans] == ["23", "at least 70", "hundreds"]
    for s in spans:
        assert text[s.start:s.end] == s.text


def test_seed_sentence() -> None:
    text = ("UN special envoy for Syria Staffan de Mistura estimates that over 400,000 people have been killed "
            "in the conflict, which has also displaced over half of the Arab country's pre-war population of "
            "about 23 million.")
    got = [(s.text, s.figure.value, s.figure.qualifier) for s in find_figures(text)]
    assert got == [("over 400,000", 400000, "at_least"), ("over half", 0.5, "at_least"),
                   ("about 23 million", 23000000, "approx")]


def test_non_figures() -> None:
    assert parse_figure("no numbers here") is None
    assert parse_figure("") is None
    assert find_figures("at 0914 GMT") == []
    assert find_figures(None) == []  # type: ignore[arg-type]


def test_format_figure() -> None:
    assert format_figure(Figure(70, 70, None, "at_least")) == ">= 70"
    assert format_figure(Figure(None, 200, 999, "vague")) == "200-999"


@given(st.integers(min_value=0, max_value=10**12))
def test_any_int_with_or_without_commas_parses_back(n: int) -> None:
    assert parse_figure(f"{n:,}") == Figure(n, n, n, "exact")
    if n < 10 or not str(n).startswith("0"):
        assert parse_figure(str(n)).value == n


@given(st.integers(min_value=1, max_value=99))
def test_number_words_below_hundred(n: int) -> None:
    units = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
            "sixteen seventeen eighteen nineteen".split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
    word = units[n] if n < 20 else tens[n // 10] + ("-" + units[n % 10] if n % 10 else "")
    assert parse_figure(word).value == n
    assert parse_figure(f"{word} thousand").value == n * 1000


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_are_ordered(a: int, d: int) -> None:
    for text in (f"between {a} and {a + d}", f"{a} to {a + d}", f"{a}-{a + d}"):
        fig = parse_figure(text)
        assert (fig.low, fig.high) == (a, a + d)


@settings(max_examples=300)
@given(st.text())
def test_never_raises_and_bounds_are_consistent(text: str) -> None:
    for span in find_figures(text):
        fig = span.figure
        assert text[span.start:span.end] == span.text
        assert fig.qualifier in QUALIFIERS
        if fig.low is not None and fig.high is not None:
            assert fig.low <= fig.high
        if fig.value is not None:
            assert fig.low is None or fig.low <= fig.value
            assert fig.high is None or fig.value <= fig.high


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["at least", "over", "up to", "nearly", "about", "hundreds", "of", "people", "20",
                                 "-", "to", "and", "between", "twenty", "three", "million", "half", "a", "dozen",
                                 "1,000", "killed", ",", "or", "more", "tens", "thousands"]), max_size=12))
def test_grammar_soup_is_consistent(words: list[str]) -> None:
    test_never_raises_and_bounds_are_consistent.hypothesis.inner_test(" ".join(words))
