"""re3d convention layer: each rule maps the pipeline's mentions onto re3d's span conventions (small synthetic text)."""

from __future__ import annotations

import pytest

from conflictnews import nlp as cnlp
from conflictnews.evaluation import RE3D_RULES, re3d_convention_spans


def spans(text: str, rules: tuple[str, ...] = RE3D_RULES) -> set[tuple[str, str]]:
    """Return the (text, re3d type) spans the convention layer draws on a text."""
    return {(text[b:e], t) for b, e, t in re3d_convention_spans(cnlp.get_nlp()(text), rules)}


def without(rule: str) -> tuple[str, ...]:
    return tuple(r for r in RE3D_RULES if r != rule)


@pytest.mark.parametrize("text, titled, bare", [
    ("The Prime Minister and President Hollande met on 3 March.", "President Hollande", "Hollande"),
    ("The measures were taken by Prime Minister Abadi and his government.", "Prime Minister Abadi", "Abadi"),
])
def test_head_of_state_title_is_marked_only_with_the_name(text, titled, bare):
    got = spans(text)
    assert (titled, "Person") in got and (bare, "Person") not in got
    assert (bare, "Person") in spans(text, without("head_title_only"))  # the rule is what drops the bare name


def test_other_titles_keep_both_spans():
    got = spans("Foreign Office Minister Tobias Ellwood said the talks went well.")
    assert {("Foreign Office Minister Tobias Ellwood", "Person"), ("Tobias Ellwood", "Person")} <= got


def test_organisation_named_in_the_plural_is_marked_only_with_its_article():
    text = "Coalition aircraft flew in support of the Iraqi Security Forces near the city."
    got = spans(text)
    assert ("the Iraqi Security Forces", "Organisation") in got
    assert ("Iraqi Security Forces", "Organisation") not in got
    assert ("Iraqi Security Forces", "Organisation") in spans(text, without("the_plural_only"))
    got = spans("The delegation met the United Nations in Geneva.")  # a singular name keeps both
    assert {("the United Nations", "Organisation"), ("United Nations", "Organisation")} <= got


def test_place_with_a_lowercase_kind_word_is_marked_with_and_without_it():
    text = "Airstrikes this week in Syria's Idlib province killed more than 20 militants."
    got = spans(text)
    assert {("Idlib province", "Location"), ("Idlib", "Location")} <= got
    assert ("Idlib", "Location") not in spans(text, without("lower_tail_both"))


def test_them_standing_for_a_group_is_an_organisation():
    text = "The Jordanian soldiers trained hard. Working with them was enjoyable."
    got = spans(text)
    assert ("them", "Organisation") in got
    assert ("them", "Organisation") not in spans(text, without("extra_pronouns"))


def test_coordinated_group_is_one_span():
    text = "This threatens the United States, our interests, and our allies and friends."
    got = spans(text)
    assert ("our allies and friends", "Organisation") in got and ("our allies", "Organisation") not in got
    assert ("our allies", "Organisation") in spans(text, without("conj_group"))
    got = spans("He was captured in a joint operation of the Jordanian army and intelligence on 10 May.")
    assert ("the Jordanian army and intelligence", "Organisation") in got


def test_group_with_coordinated_modifiers_starts_at_the_first_of_them():
    text = "There are reports of U.S., German, and Canadian companies hosting websites."
    got = spans(text)
    assert ("U.S., German, and Canadian companies", "Organisation") in got
    assert ("and Canadian companies", "Organisation") not in got
    got = spans("We met local Turkish and UK organisations focused on supporting refugees.")
    assert ("Turkish and UK organisations", "Organisation") in got
    assert ("local Turkish and UK organisations", "Organisation") not in got


def test_place_nominal_with_an_adjective_is_marked_with_and_without_its_article():
    text = "Teams work to document and preserve the ancient city located south of Baghdad."
    got = spans(text)
    assert {("the ancient city", "Location"), ("ancient city", "Location")} <= got
    assert ("ancient city", "Location") not in spans(text, without("the_adj_place_both"))


def test_place_noun_split_from_its_of_name_is_also_drawn_whole():
    text = "Nearly 12 months since the city of Mosul in Northern Iraq was taken by ISIL terrorists, we mourn."
    got = spans(text)
    assert {("the city of Mosul", "Location"), ("Mosul", "Location")} <= got


def test_country_modifying_a_group_is_marked_only_inside_the_group():
    text = "U.S. officials reported that the operation killed 139 insurgents."
    got = spans(text)
    assert ("U.S. officials", "Organisation") in got and ("U.S.", "Organisation") not in got
    assert ("U.S.", "Organisation") in spans(text, without("country_group_only"))
    got = spans("Near Mosul, one strike engaged an ISIL tactical unit.")  # a group's own name keeps its span
    assert {("an ISIL tactical unit", "Organisation"), ("ISIL", "Organisation")} <= got


def test_named_operation_is_no_organisation():
    text = "The strikes were conducted as part of Operation Inherent Resolve, the operation to eliminate ISIL."
    assert not any(t == "Organisation" and s.startswith("Operation") for s, t in spans(text))
    assert ("Operation Inherent Resolve", "Organisation") in spans(text, without("no_operations"))


def test_place_nominal_with_an_adjective_before_of_loses_its_article():
    text = "They discussed the campaign to liberate the Iraqi city of Mosul from ISIL."
    got = spans(text)
    assert ("Iraqi city", "Location") in got and ("the Iraqi city", "Location") not in got
    assert ("Mosul", "Location") in got


def test_noun_phrase_after_a_copula_is_no_mention():
    text = "Hibhib is a village in northern Iraq. The hospital is one of the largest teaching hospitals in Syria."
    got = spans(text)
    assert ("a village", "Location") not in got
    assert not any("teaching hospitals" in s for s, _ in got)
    assert ("a village", "Location") in spans(text, without("no_predicates"))
    got = spans("There are reports of U.S., German, and Canadian companies hosting websites.")  # existential: kept
    assert ("U.S., German, and Canadian companies", "Organisation") in got


def test_hyphenated_pair_of_countries_is_place_and_polity():
    got = spans("The leaders discussed UK-France co-operation on counter-terrorism.")
    assert {("UK", "Location"), ("UK", "Organisation"), ("France", "Location"), ("France", "Organisation")} <= got
    got = spans("Fighters crossed the Syria-Iraq border at night.")
    assert ("Iraq", "Location") in got and ("Iraq", "Organisation") not in got


def test_organisation_named_after_its_place_is_also_marked_without_it():
    got = spans("He was a Sunni militant active with al-Qaeda in Iraq (AQI).")
    assert {("al-Qaeda in Iraq", "Organisation"), ("al-Qaeda", "Organisation"), ("Iraq", "Location")} <= got


def test_alias_naming_a_groups_members_is_also_marked_as_the_group():
    text = "Nearly 12 months since the city was taken by ISIL terrorists, we mourn."
    got = spans(text)
    assert {("ISIL terrorists", "Organisation"), ("ISIL", "Organisation")} <= got
    assert ("ISIL", "Organisation") not in spans(text, without("member_alias_both"))
