"""Tests for attributed claims (conflictnews.claims): the seed's statements, quote handling, stance, evaluation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conflictnews import schema
from conflictnews.claims import (
    OUTLET_TYPE,
    claims_from_doc,
    extract_claims,
    find_quote_spans,
    load_cues,
    load_hedges,
)
from conflictnews.nlp import get_nlp

GOLD = Path(__file__).resolve().parent / "fixtures" / "claims_gold.jsonl"


def _claims(text: str, outlet: str = "Test Outlet") -> pd.DataFrame:
    """Return the claims of one body text as a DataFrame."""
    doc = get_nlp()(text)
    return pd.DataFrame(claims_from_doc(doc, "a1", "text", outlet=outlet), columns=schema.CLAIM_COLUMNS)


@pytest.fixture(scope="module")
def seed_claims(seed_article) -> pd.DataFrame:
    articles = pd.DataFrame([seed_article])
    return extract_claims(articles)


def _by(claims: pd.DataFrame, name: str) -> pd.DataFrame:
    return claims[claims["speaker"].str.contains(name, na=False)]


def test_seed_claims_have_schema_columns_and_enums(seed_claims, seed_article):
    assert list(seed_claims.columns) == schema.CLAIM_COLUMNS
    assert set(seed_claims["type"]) <= set(schema.CLAIM_TYPES)
    assert set(seed_claims["stance"]) <= set(schema.STANCES)
    for row in seed_claims.itertuples():
        assert seed_article[row.where][row.start:row.end] == row.content
        assert row.content in row.sentence


def test_seed_jeff_davis(seed_claims):
    davis = _by(seed_claims, "Jeff Davis")
    assert len(davis) >= 3
    contents = " | ".join(davis["content"])
    assert "We do not collaborate or coordinate with the Russians" in contents
    assert "Moscow had not made a formal proposal" in contents
    claiming = davis[davis["cue_lemma"] == "claim"]
    assert len(claiming) == 1 and claiming.iloc[0]["content"].startswith("Russian operations are supporting")
    assert claiming.iloc[0]["stance"] == "distancing"
    assert set(davis["speaker_type"]) == {"person"}


def test_seed_sergei_shoigu_incl_he_said_quote(seed_claims):
    shoigu = _by(seed_claims, "Shoigu")
    assert len(shoigu) >= 3
    assert any(c.startswith("the two countries should carry out joint airstrikes") for c in shoigu["content"])
    he_said = shoigu[(shoigu["speaker_text"].str.lower() == "he") & (shoigu["type"] == "direct")]
    assert any(c.startswith("We believe the adoption of these measures") for c in he_said["content"])
    assert any("May 25" in c for c in shoigu["content"])


def test_seed_john_kirby_twice(seed_claims):
    kirby = _by(seed_claims, "John Kirby")
    assert len(kirby) == 2
    assert "None of those proposals have yet been agreed upon" in set(kirby["content"])
    assert set(kirby["type"]) == {"direct"}


def test_seed_government_charged_damascus_saying_de_mistura_estimates(seed_claims):
    charged = seed_claims[seed_claims["cue"] == "charged"]
    assert len(charged) == 1 and "Syrian government" in charged.iloc[0]["speaker"]
    assert charged.iloc[0]["content"].startswith("the airstrikes had targeted the country's infrastructure")
    saying = seed_claims[seed_claims["cue"] == "saying"]
    assert len(saying) == 1 and saying.iloc[0]["speaker"] == "Damascus"
    assert saying.iloc[0]["content"].startswith("Saudi Arabia, Turkey and Qatar are funding")
    estimates = seed_claims[seed_claims["cue"] == "estimates"]
    assert len(estimates) == 1 and "de Mistura" in estimates.iloc[0]["speaker"]
    assert estimates.iloc[0]["content"].startswith("over 400,000 people have been killed")


def test_seed_outlet_voice_hedge(seed_claims):
    outlet = seed_claims[seed_claims["type"] == OUTLET_TYPE]
    assert len(outlet) == 1
    row = outlet.iloc[0]
    assert row["cue"] == "purportedly" and row["stance"] == "hedged" and row["content"] == "against Daesh positions"
    assert row["speaker"] == "Press TV" and row["speaker_type"] == "media"


def test_headline_and_scare_quotes_are_not_claims():
    doc = get_nlp()("Russia says it hit rebels in Idlib")
    assert claims_from_doc(doc, "a1", "title") == []
    claims = _claims('The government blamed "terrorists" for the blast. Talks on "local freezes" went on.')
    assert not any(c in ("terrorists", "local freezes") for c in claims["content"])


@pytest.mark.parametrize("text", [
    'He said "this never closes.',
    '"" "" " a " "',
    'Unbalanced " marks " everywhere " here',
    '"',
    "",
])
def test_unbalanced_quotes_never_raise(text):
    spans = find_quote_spans(text)
    assert all(0 <= s <= e <= len(text) for s, e in spans)
    _claims(text or " ")


def test_quote_spanning_paragraphs_and_speaker_after():
    text = ('"The first paragraph of the quote goes on here.\n\n"And it continues in a second paragraph," '
            'the spokesman told reporters.')
    claims = _claims(text)
    direct = claims[claims["type"] == "direct"]
    assert len(direct) == 1
    assert direct.iloc[0]["content"].startswith("The first paragraph")
    assert direct.iloc[0]["content"].endswith("second paragraph")
    assert direct.iloc[0]["speaker_text"] == "spokesman"


def test_quote_in_adjacent_sentence_takes_previous_speaker():
    claims = _claims('Ahmed Kassem said the town was shelled overnight. "We have nothing left to eat here."')
    quote = claims[claims["content"] == "We have nothing left to eat here"]
    assert len(quote) == 1 and quote.iloc[0]["speaker"] == "Ahmed Kassem"


def test_according_to_and_commaless_final_speaker():
    claims = _claims("According to the Syrian Observatory for Human Rights, 12 civilians were killed in Douma. "
                     "At least 42 people were killed in Idlib the Syrian Observatory for Human Rights said on Monday.")
    assert set(claims["cue_lemma"]) >= {"according to", "say"}
    assert "12 civilians were killed in Douma" in set(claims["content"])
    assert "At least 42 people were killed in Idlib" in set(claims["content"])
    assert claims["speaker"].str.contains("Observatory").all()


def test_stances_from_the_lexicon():
    claims = _claims("The ministry denied that its jets struck the market. Activists claimed that 30 people died. "
                     "The general insisted that the strikes were precise.")
    stance = dict(zip(claims["cue_lemma"], claims["stance"]))
    assert stance == {"deny": "denial", "claim": "distancing", "insist": "assertive"}


def test_withheld_statements_are_not_claims():
    claims = _claims("A Russian Defence Ministry spokesman did not say what agent was used in the attack. "
                     "Officials declined to comment on the raid.")
    assert claims.empty


def test_lexicons_use_schema_stances():
    assert {c.stance for c in load_cues().values()} <= set(schema.STANCES)
    assert set(load_hedges().values()) <= set(schema.STANCES)
    assert "according to" in load_cues()


def test_verb_plus_word_cues_and_as_constructions():
    claims = _claims("The WHO said 20 more people died putting the death toll at at least 70. "
                     "The rebels described the decision as shameful. "
                     "Russia has emphasized that rebels must abide by the agreement and made clear it would demand proof.")
    by_cue = dict(zip(claims["cue_lemma"], claims["content"]))
    assert by_cue["put toll"] == "at least 70"
    assert by_cue["describe as"] == "shameful"
    assert by_cue["emphasize"] == "rebels must abide by the agreement"
    assert by_cue["make clear"] == "it would demand proof"
    assert "demand" not in by_cue  # "would demand": not (yet) said


def test_weak_cues_need_a_subject_and_a_declarative_clause():
    claims = _claims("The investigators found bodies in the rubble. The coalition opened an inquiry to determine whether "
                     "its strikes killed civilians. The coalition determined that there was credible evidence of deaths.")
    assert list(claims["content"]) == ["there was credible evidence of deaths"]


def test_no_claims_from_events_idioms_or_agentless_passives():
    claims = _claims("No group claimed responsibility for the blast. The blast claimed 100 lives. "
                     "An attack believed to have been carried out by Russian aircraft killed 18 people.")
    assert claims.empty


def test_named_claims_of_responsibility_and_passives_with_a_named_agent():
    # gold decisions 30, 37, 38: a named group claiming an attack, and "X announced / claimed by Y", are claims
    claims = _claims("The IS group also claimed an October 2 bomb attack at a police station that killed 17 people. "
                     "Three suicide bombers struck near the headquarters in an attack claimed by the Islamic State group. "
                     "A 48-hour ceasefire in Aleppo announced by Russia on Thursday came into effect.")
    assert list(claims["content"]) == ["an October 2 bomb attack at a police station that killed 17 people",
                                       "an attack", "A 48-hour ceasefire in Aleppo"]
    assert list(claims["cue"])[1:] == ["claimed by", "announced by"]
    assert set(claims["stance"][:2]) == {"distancing"}


def test_addressee_kept_and_according_to_keeps_the_clause():
    claims = _claims("Marwah called on the international community to put pressure on the regime. At least 19 people were "
                     "killed overnight according to the Syrian Observatory for Human Rights due to heavy shelling.")
    assert set(claims["content"]) == {"the international community to put pressure on the regime",
                                      "At least 19 people were killed overnight"}


def test_final_speakers_coordinated_and_not_started_by_a_place():
    claims = _claims("Thirty civilians were killed on Saturday in air strikes on the town a monitor and rebels said. "
                     "At least 14 civilians were killed in the outskirts of Raqqa in northern Syria Al Mayadeen TV channel "
                     "reported on Sunday.")
    assert list(claims["speaker_text"]) == ["monitor and rebels", "Al Mayadeen TV channel"]
    assert claims["content"].iloc[1].endswith("in northern Syria")


def test_cue_lexicon_columns():
    cues = load_cues()
    assert cues["determine"].clause_only and not cues["say"].clause_only
    assert cues["give toll"].takes_object
    assert "lives" in cues["claim"].idioms and "responsibility" not in cues["claim"].idioms and not cues["deny"].idioms


def test_final_speaker_role_with_prepositional_phrase():
    claims = _claims("An Israeli attack on a training camp killed three members of a militia on Sunday an official from "
                     "the forces said. The death toll from the rocket attacks on the neighborhood rose to 8 civilians in "
                     "addition to 12 injured a source at Aleppo Police told SANA.")
    assert list(claims["content"]) == [
        "An Israeli attack on a training camp killed three members of a militia on Sunday",
        "The death toll from the rocket attacks on the neighborhood rose to 8 civilians in addition to 12 injured"]
    assert claims["speaker_text"].str.contains("official|source").all()


def test_nested_cue_after_told_reporters_ends_the_clause():
    claims = _claims("More than 100 civilians have been killed in August shelling of the city local authorities told "
                     "reporters on Saturday stressing more than half of the dead are women and children.")
    assert set(claims["content"]) == {"More than 100 civilians have been killed in August shelling of the city",
                                      "more than half of the dead are women and children"}


def test_cited_as_saying_leaves_the_conduit_out_of_the_content():
    claims = _claims("A Russian air strike killed 49 militants in Idlib province the state television channel cited the "
                     "defence ministry as saying on Thursday.")
    saying = claims[claims["cue"] == "saying"]
    assert list(saying["content"]) == ["A Russian air strike killed 49 militants in Idlib province"]
    assert saying.iloc[0]["speaker_text"].endswith("defence ministry")


def test_issued_statement_speaker_is_the_issuer():
    claims = _claims("Rebel groups in Aleppo issued a statement asking civilians to move away from state security "
                     "buildings.")
    assert len(claims) == 1 and claims.iloc[0]["speaker_text"].startswith("Rebel groups")


def test_cue_in_a_temporal_clause_is_no_report():
    claims = _claims("The Syrian conflict began when the Baath regime in power since 1963 responded with military force "
                     "to peaceful protests.")
    assert claims.empty


def test_relay_citing_a_source_gives_both_a_claim():
    claims = _claims("Airstrikes in northwestern Syria have killed 11 civilians including four children Al Jazeera "
                     "reported Wednesday citing an undisclosed Syrian opposition source.")
    assert list(claims["cue"]) == ["reported", "citing"]
    assert set(claims["content"]) == {"Airstrikes in northwestern Syria have killed 11 civilians including four children"}
    assert claims["speaker_text"].iloc[0] == "Al Jazeera" and "opposition source" in claims["speaker_text"].iloc[1]
    cited = _claims("Al Jazeera quoted local activists as saying that the civilians were killed in the raid.")
    assert list(cited["cue"]) == ["saying"]


def test_adding_that_ends_the_first_content():
    claims = _claims("Activists in the district said that the shelling caused several buildings to collapse adding that "
                     "regime forces prevented the evacuation of the wounded. The agency put the death toll at 85 adding "
                     "that 50 civilians were also wounded.")
    assert set(claims["content"]) == {"the shelling caused several buildings to collapse",
                                      "regime forces prevented the evacuation of the wounded", "85",
                                      "50 civilians were also wounded"}


def test_trailing_time_clause_after_final_speaker_is_not_the_content():
    claims = _claims("Air strikes on a market in the city of Idlib killed 24 people a monitor said a day after Russia and "
                     "the US agreed a truce for Syria.")
    assert list(claims["content"]) == ["Air strikes on a market in the city of Idlib killed 24 people"]


def test_clause_split_by_the_parse_and_object_misparses_kept_whole():
    claims = _claims("Rebels have said their attacks were in response to YPG attempts to cut the road. "
                     "Former weapons investigators say every hour matters.")
    assert list(claims["content"]) == ["their attacks were in response to YPG attempts to cut the road",
                                       "every hour matters"]


def test_participle_cue_does_not_close_the_sentence_as_a_final_speaker():
    claims = _claims("The Islamic State seized large parts of Syria and Iraq proclaiming a caliphate. The group took "
                     "the town of Manbij last week the monitor said.")
    assert "The Islamic State seized large parts of Syria and Iraq" not in set(claims["content"])
    assert list(claims["content"]) == ["The group took the town of Manbij last week"]  # a real final speaker still is


def test_final_speaker_not_taken_from_a_subject_that_swallowed_the_clause():
    claims = _claims("The latest flareup of fighting was the widest rebel offensive taking place simultaneously across "
                     "most front lines since the insurgents took over most of the eastern part of the city in the summer "
                     "of 2012 Abdul Rahman added.")
    assert len(claims) == 1 and claims.iloc[0]["content"].endswith("in the summer of 2012")
    assert claims.iloc[0]["content"].startswith("The latest flareup") and claims.iloc[0]["speaker_text"] == "Abdul Rahman"


def test_cue_with_a_coordinated_verb_has_no_inverted_speaker():
    doc = get_nlp()("The administration of President Bashar al-Assad said attacks had been ramped up after Zahran "
                    "Alloush leader of the Army of Islam - a merged collection of rebel opposition groups - declared "
                    "Damascus a military zone and shot hundreds of missiles at the capital.")
    claims = pd.DataFrame(claims_from_doc(doc, "a1", "text"), columns=schema.CLAIM_COLUMNS)
    assert "Damascus" not in " ".join(claims["speaker_text"])
    assert list(claims["cue"]) == ["said"] and claims.iloc[0]["content"].startswith("attacks had been ramped up")


def test_person_name_after_a_place_phrase_is_not_grown_over_it():
    claims = _claims("Other attackers infiltrated from the south Xelil said.")
    assert list(claims["content"]) == ["Other attackers infiltrated from the south"]
    assert list(claims["speaker_text"]) == ["Xelil"]


def test_estimates_speak_for_their_source():
    claims = _claims("Since then more than a quarter of a million people have been killed and around 10 million have been "
                     "displaced across the war-battered country UN estimates suggest.")
    assert len(claims) == 1 and claims.iloc[0]["speaker_text"].endswith("estimates")
    assert claims.iloc[0]["content"].startswith("Since then more than a quarter of a million people")


def test_first_person_sentence_after_a_claim_continues_its_speaker():
    claims = _claims("Activist Bara Abdelrahman said the gas attack killed dozens in the suburb. Were being exterminated "
                     "with poison gas while they drink their coffee. The army shelled the town again on Friday.")
    assert list(claims["content"]) == ["the gas attack killed dozens in the suburb",
                                       "Were being exterminated with poison gas while they drink their coffee"]
    assert set(claims["speaker"]) == {"Bara Abdelrahman"} and set(claims["cue"]) == {"said"}


def test_inverted_speaker_the_parse_took_as_an_object():
    claims = _claims("European officials said that options were on the table. The American reaction following yesterdays "
                     "attack wascautious said one official. And without U.S. firepower theres little we can do.")
    official = claims[claims["speaker_text"].str.contains("official$")]
    assert list(official["content"]) == ["The American reaction following yesterdays attack wascautious",
                                         "And without U.S. firepower theres little we can do"]


def test_reported_x_as_saying_is_one_claim_for_x():
    claims = _claims("Reuters also reported residents and rescue workers as saying that two dozen people were killed in "
                     "the strikes.")
    assert list(claims["cue"]) == ["saying"]
    assert list(claims["content"]) == ["two dozen people were killed in the strikes"]


def test_subject_the_parse_hung_on_the_cue_phrase_belongs_to_the_clause():
    claims = _claims("The White Helmets a group of civil defence emergency workers operating in rebel-held areas said on "
                     "Twitter one of their buildings in Haritan in the north Aleppo countryside was hit by an air strike "
                     "on Saturday.")
    assert list(claims["content"]) == ["one of their buildings in Haritan in the north Aleppo countryside was hit by an "
                                       "air strike on Saturday"]


def test_preposition_of_a_phrasal_cue_is_not_content():
    claims = _claims("The group had warned of a strong response after the execution of the pilot was reported.")
    assert list(claims["content"]) == ["a strong response"]


def test_nominal_speaker_modifier_picks_the_kind_of_group():
    claims = _claims("The Syrian Observatory for Human Rights said a suicide bomber struck a bus near the border. Islamic "
                     "State fighters have attacked the town before. In a statement the hard-line militant group said it "
                     "killed 50 fighters.")
    group = claims[claims["speaker_text"].str.contains("militant group")]
    assert len(group) == 1 and "Islamic State" in group.iloc[0]["speaker"]


def test_relative_clause_describing_a_source_reports_nothing_before_it():
    claims = _claims("The bombs were placed in two tunnels running under historic parts of the city close to an old police "
                     "station said the Observatory a Britain-based group which reports on Syria using a network of sources "
                     "on the ground.")
    assert "reports" not in set(claims["cue"])
    assert list(claims["speaker"]) == ["Observatory"] and claims.iloc[0]["content"].startswith("The bombs were placed")


def test_participle_hung_on_a_noun_reports_for_the_sentence_subject():
    claims = _claims("On behalf of the Syrian Coalition Fahd extended the most sincere condolences to the families and "
                     "friends of the victims expressing hope that their death will only strengthen the Syrian peoples "
                     "determination to continue with the revolution.")
    hope = claims[claims["cue_lemma"] == "express hope"]
    assert len(hope) == 1 and hope.iloc[0]["speaker_text"] == "Fahd"
    assert hope.iloc[0]["content"].startswith("their death will only strengthen")


def test_infinitival_relative_cue_is_the_writers_description():
    claims = _claims("Sadr who commands a large following among the urban poor of Baghdad is the first Iraqi Shia "
                     "political leader to urge Assad to step down.")
    assert claims.empty


def test_weak_cue_with_an_embedded_question_is_no_claim():
    claims = _claims("The Observatory says it determines whose planes carry out raids according to type location flight "
                     "patterns and munitions used.")
    assert list(claims["cue_lemma"]) == ["say"]


def test_clause_only_verb_with_an_object_neither_reports_nor_cuts():
    claims = _claims("The ministry said Daesh militants have staged counterattacks but the Syrian rebels have maintained "
                     "momentum with the help of air strikes by the coalition.")
    assert list(claims["content"]) == ["Daesh militants have staged counterattacks but the Syrian rebels have "
                                       "maintained momentum with the help of air strikes by the coalition"]


# -- evaluation against the hand-annotated FA-KES claims (tests/fixtures/claims_gold*.md says how they were made) --

FLOORS = {  # measured minus a small margin on 1119 claims / 131 articles (5 passes); tuned on dev, test read as totals only
    # measured (session 3, after the speaker / function-word round): dev 0.953 / 0.900 / 0.926, test 0.832 / 0.740 /
    # 0.781 (content overlap / exact / content+speaker); two rules whose examples came from test-split articles were
    # taken out again by the final review (test 0.744 -> 0.740 exact); before the round, on the same parse: dev 0.947 / 0.870 / 0.912,
    # test 0.831 / 0.735 / 0.777 (on the 890 claims of passes 1-4: dev 0.958 / 0.875 / 0.924, test 0.830 / 0.726 / 0.770)
    ("dev", "content (overlap)"): 0.935, ("dev", "content (exact)"): 0.88, ("dev", "content+speaker (overlap)"): 0.91,
    ("test", "content (overlap)"): 0.815, ("test", "content (exact)"): 0.725, ("test", "content+speaker (overlap)"): 0.765,
}


@pytest.fixture(scope="module")
def gold_scores(corpus) -> pd.DataFrame:
    from conflictnews.entities import extract_entities
    from conflictnews.evaluation import evaluate_claims, read_claims_gold
    from conflictnews.nlp import parse_articles

    articles, _ = corpus
    gold = read_claims_gold(str(GOLD), articles)
    assert gold["article_id"].notna().all()
    subset = articles[articles["article_id"].isin(set(gold["article_id"]))]
    docs = list(parse_articles(subset))
    claims = extract_claims(subset, docs, extract_entities(subset, docs))
    return pd.concat([evaluate_claims(gold[gold["split"] == split], claims).assign(split=split)
                      for split in ("dev", "test")], ignore_index=True)


def test_gold_split_is_fixed_and_covers_both_halves(corpus):
    from conflictnews.evaluation import read_claims_gold

    gold = read_claims_gold(str(GOLD), corpus[0])
    per_article = gold.groupby("article_id")["split"].nunique()
    assert (per_article == 1).all()
    assert set(gold["split"]) == {"dev", "test"}
    assert gold["article_id"].nunique() >= 30


@pytest.mark.parametrize(("split", "measure"), sorted(FLOORS))
def test_claims_f1_floor(gold_scores, split, measure):
    row = gold_scores[(gold_scores["split"] == split) & (gold_scores["measure"] == measure)].iloc[0]
    assert row["f1"] >= FLOORS[(split, measure)], row.to_dict()


def test_scorer_overlap_and_speaker_rules():
    from conflictnews.evaluation import content_overlap, speaker_matches

    assert content_overlap("at least 70 people were killed", '"At least 70 people were killed."') == 1.0
    assert content_overlap("a b c d", "a b") == 0.5
    assert content_overlap("", "a") == 0.0
    assert speaker_matches(["Syrian Observatory for Human Rights", "the monitor"], ["Observatory", "Observatory"])
    assert not speaker_matches(["Syrian Observatory for Human Rights"], ["Syrian army", "the Syrian army"])
    assert not speaker_matches(["Rami Abdel Rahman", "he"], ["", "he"])


def test_speakers_use_entity_actors_but_not_generic_classes():
    text = ("The Syrian Observatory for Human Rights reported clashes near Idlib. "
            "The monitoring group said 12 people were killed in the town.")
    doc = get_nlp()(text)
    sohr, group = text.index("Syrian Observatory"), text.index("monitoring group")
    entities = pd.DataFrame([
        ("a1", "text", sohr, sohr + 35, "Syrian Observatory for Human Rights", "ORG", "org:sohr",
         "Syrian Observatory for Human Rights", "organization", "", "name"),
        ("a1", "text", group - 4, group + 16, "The monitoring group", "ORG", "class:organisations", "organisations",
         "organization", "", "description"),
    ], columns=schema.ENTITY_COLUMNS)
    claims = pd.DataFrame(claims_from_doc(doc, "a1", "text", entities), columns=schema.CLAIM_COLUMNS)
    killed = claims[claims["content"] == "12 people were killed in the town"]
    assert len(killed) == 1 and killed.iloc[0]["speaker"] == "Syrian Observatory for Human Rights"


def test_name_with_a_personal_title_in_apposition_is_a_person_for_he():
    text = ("Fighters loyal to Bashar al-Assad shelled the camp. Ercan Topaca the Governor of Hatay told Anadolu Agency "
            "that four people injured in the blast are being treated. He added that four other victims had died.")
    doc = get_nlp()(text)
    assad, topaca = text.index("Bashar al-Assad"), text.index("Ercan Topaca")
    entities = pd.DataFrame([
        ("a1", "text", assad, assad + 15, "Bashar al-Assad", "PERSON", "person:assad", "Bashar al-Assad", "person", "",
         "name"),
        ("a1", "text", topaca, topaca + 12, "Ercan Topaca", "ORG", "", "Ercan Topaca", "organization", "", "name"),
    ], columns=schema.ENTITY_COLUMNS)
    claims = pd.DataFrame(claims_from_doc(doc, "a1", "text", entities), columns=schema.CLAIM_COLUMNS)
    added = claims[claims["cue"] == "added"]
    assert list(added["speaker"]) == ["Ercan Topaca"]


def test_final_speaker_keeps_the_kind_noun_of_its_role():
    # comma-less "... security sources said": the noun naming the kind of source belongs to the speaker, not the clause
    claims = _claims("The army sent troops and equipment to the border security sources said. Airstrikes hit a "
                     "rescue centre in the town killing eight volunteers opposition activists said Saturday.")
    assert list(claims["content"]) == ["The army sent troops and equipment to the border",
                                       "Airstrikes hit a rescue centre in the town killing eight volunteers"]
    assert list(claims["speaker_text"]) == ["security sources", "opposition activists"]


def test_final_speaker_drops_a_date_and_skips_a_following_adjunct():
    # "... of Saturday YPG spokesman X and ...": the date ends the clause; "said Sunday as France ...": an adjunct
    claims = _claims("The fighters attacked the town in the early hours of Saturday YPG spokesman Redur Xelil and "
                     "Turkish security sources told Reuters. At least 23 civilians were killed in airstrikes on the "
                     "town activists said Sunday as France and Britain raised the prospect of a war crimes inquiry.")
    assert list(claims["content"]) == [
        "The fighters attacked the town in the early hours of Saturday",
        "At least 23 civilians were killed in airstrikes on the town"]
    assert list(claims["speaker_text"]) == ["YPG spokesman Redur Xelil and Turkish security sources", "activists"]


def test_inverted_speaker_closing_the_sentence_beats_a_second_subject():
    # the parse gives "said" two subjects; the one after the cue that ends the sentence is the speaker
    claims = _claims("Dozens of militants on Monday attacked government positions south of the town of Tabaqa a "
                     "stronghold on the Euphrates River said the Syrian Observatory for Human Rights.")
    assert len(claims) == 1
    assert claims.iloc[0]["content"].endswith("a stronghold on the Euphrates River")
    assert claims.iloc[0]["speaker_text"] == "the Syrian Observatory for Human Rights"


def test_a_closing_according_to_ends_the_other_cues_content():
    # "X said Y according to AFP": the relay's source is a claim of its own, not part of what X said
    claims = _claims("Ban said he was shocked by the reports according to AFP.")
    said = claims[claims["cue"] == "said"]
    assert list(said["content"]) == ["he was shocked by the reports"]
    assert (claims["cue"] == "according to").sum() == 1


def test_earlier_that_after_the_cue_is_not_content():
    claims = _claims("The agency reported earlier that at least one person was killed in the blasts according to the "
                     "ministry.")
    reported = claims[claims["cue"] == "reported"]
    assert list(reported["content"]) == ["at least one person was killed in the blasts"]


def test_final_speaker_before_a_participle_adjunct_and_evidence_is_no_speaker():
    # "... Human Rights Watch said on Tuesday contradicting repeated denials": the participle is an adjunct, the
    # name before the cue is the speaker; "Evidence strongly suggests" is part of the claim, evidence is no source
    claims = _claims("Evidence strongly suggests Syrian government forces were responsible for a poison gas attack "
                     "that killed more than 1400 people Human Rights Watch said on Tuesday contradicting repeated "
                     "denials by Syrian President Bashar al-Assad.")
    assert list(claims["content"]) == ["Evidence strongly suggests Syrian government forces were responsible for a "
                                       "poison gas attack that killed more than 1400 people"]
    assert list(claims["speaker_text"]) == ["Human Rights Watch"]


def test_an_idiom_neither_reports_nor_cuts_the_outer_content():
    # "claiming the lives of ..." is the idiom of the cues lexicon: the source's clause runs on through it
    claims = _claims("A source in the province told AFP that terrorists fired 6 rocket shells on two neighborhoods "
                     "in the city claiming the lives of a man and a woman.")
    assert list(claims["content"]) == ["terrorists fired 6 rocket shells on two neighborhoods in the city claiming "
                                       "the lives of a man and a woman"]


def test_a_passive_hedge_inside_a_clause_does_not_cut_it():
    # "documented to be" is an agentless hedge (no claim), so it does not end the group's clause either
    claims = _claims("The group said these are weapon systems known and documented to be only in the possession of "
                     "the army.")
    assert list(claims["content"]) == ["these are weapon systems known and documented to be only in the possession "
                                       "of the army"]


def test_a_place_closing_a_prepositional_phrase_is_no_final_speaker():
    claims = _claims("Opposition activist Omar Abu Laila who is from Deir el-Zour but currently lives in Europe also "
                     "reported the killing. The strike killed five people in the town the activist said.")
    assert "Europe" not in set(claims["speaker_text"])
    # the activist's own thin report (gold decision 38), then the strike; a place never ends a speaker here
    assert list(claims["content"]) == ["the killing", "The strike killed five people in the town"]
    assert claims.iloc[0]["speaker"] == "Omar Abu Laila"


def test_a_participle_modifying_a_noun_is_no_statement():
    claims = _claims("The wives of the five alleged rebel fighters were also among the dead.")
    assert claims[claims["type"] != OUTLET_TYPE].empty


def test_a_scare_quote_after_a_final_speaker_is_not_its_content():
    claims = _claims('Three strikes hit the northwestern town of Atareb on Monday the Syrian Observatory for Human '
                     'Rights said despite a "de-escalation zone" in place there.')
    assert list(claims["content"]) == ["Three strikes hit the northwestern town of Atareb on Monday"]
    assert list(claims["type"]) == ["indirect"]


def test_a_participle_after_an_opening_according_to_is_the_sources_next_claim():
    claims = _claims("According to the source Colonel Fadlullah Naji of the al-Sham Legion will head the room adding "
                     "that during the last month the troops had been meeting to agree on all details.")
    according = claims[claims["cue"].str.lower() == "according to"]
    assert list(according["content"]) == ["Colonel Fadlullah Naji of the al-Sham Legion will head the room"]
    adding = claims[claims["cue"] == "adding"]
    assert list(adding["speaker_text"]) == ["source"]


def test_a_reporting_participle_ends_the_clause_that_follows_a_cue():
    claims = _claims("The World Health Organization last week demanded immediate humanitarian access to the area saying "
                     "residents are in desperate need of medical attention.")
    demanded = claims[claims["cue"] == "demanded"]
    assert list(demanded["content"]) == ["immediate humanitarian access to the area"]
    assert (claims["cue"] == "saying").sum() == 1


def test_a_final_present_tense_cue_parsed_as_a_noun_still_reports():
    # "... human shields Press TV reports.": the parse takes "reports" for a plural noun after the name
    claims = _claims("Others have been taken to the cities near the Turkish border where the terrorists have come under "
                     "attack from several fronts to either be forced to dig trenches or be used as human shields Press TV "
                     "reports.")
    assert list(claims["cue"]) == ["reports"]
    assert claims.iloc[0]["content"].endswith("be used as human shields")


def test_a_participle_on_bare_reports_has_no_holder_and_does_not_cut():
    claims = _claims("The U.N. Security Council said on Wednesday that it is seeking clarity on reports suggesting that "
                     "Syrian regime forces killed 1300 people using chemical weapons.")
    assert list(claims["cue"]) == ["said"]
    assert claims.iloc[0]["content"] == ("it is seeking clarity on reports suggesting that Syrian regime forces killed "
                                         "1300 people using chemical weapons")


def test_reported_citing_a_source_reports_the_relayed_clause():
    # "Reuters reported citing X that CLAUSE": both the conduit and the cited source get the clause (gold decision 39)
    claims = _claims("Reuters reported citing the Syrian interior ministry that the attackers tried to storm the police "
                     "station and confronted the guards before blowing themselves up.")
    clause = "the attackers tried to storm the police station and confronted the guards before blowing themselves up"
    assert sorted(claims["cue"]) == ["citing", "reported"]
    assert set(claims["content"]) == {clause}


def test_without_giving_details_is_withheld_and_not_content():
    claims = _claims("The ISIS-linked Aamaq news agency confirmed an attack is ongoing in the area without giving details.")
    assert list(claims["content"]) == ["an attack is ongoing in the area"]
    said = _claims("Civilian casualties were reported in rural areas around the capital the coordinator said again "
                   "without saying who was responsible.")
    assert "saying" not in set(said["cue"])
    assert not said["content"].str.contains("without").any()


def test_a_negated_relative_remark_closing_the_content_is_cut():
    claims = _claims("The commander said the troops had been meeting to agree on all details which he did not disclose.")
    assert list(claims["content"]) == ["the troops had been meeting to agree on all details"]


def test_a_thing_named_after_a_place_is_no_speaker_and_a_subheading_yields_to_the_name_before_the_cue():
    toll = _claims("An earlier death toll from the strike on the rebel stronghold of Urum al-Joz reported 15 people were "
                   "killed but three more died after sustaining serious injuries.")
    assert toll.empty
    sub = _claims("Bus bombing in Homs province Also on Saturday Syrian state TV reported a bomb exploded aboard a bus "
                  "carrying workers near the central city of Homs killing a woman and wounding 25.")
    assert list(sub["speaker_text"]) == ["Syrian state TV"]
    assert sub.iloc[0]["content"].startswith("a bomb exploded aboard a bus")


def test_a_scare_quote_before_a_cue_with_its_own_clause_is_not_its_content():
    claims = _claims('It comes after Turkey on Saturday suffered its first fatality since launching operation "Euphrates '
                     'Shield" in Syria blaming Kurdish militia in a fight for control of the border region.')
    assert not (claims["content"] == "Euphrates Shield").any()


def test_responding_to_an_offensive_in_an_as_clause_reports_nothing():
    claims = _claims("At least 25 civilians have been killed by government airstrikes in Syrias central province of Hama "
                     "as government forces responded to a major rebel offensive in the area.")
    assert claims[claims["type"] != OUTLET_TYPE].empty


def test_a_participial_opener_is_no_clause_before_the_speaker():
    claims = _claims("Speaking to AFP on Wednesday Homs governor Talal al-Barazi had also reported the deadly attacks "
                     "giving a toll of 31 killed and 74 wounded.")
    reported = claims[claims["cue"] == "reported"]
    assert list(reported["content"]) == ["the deadly attacks"]


def test_final_speaker_keeps_its_whole_proper_name():
    claims = _claims("At least six children were among 12 civilians killed in the district during bombing and shelling on "
                     "Friday Siege Watch reported. The death toll from the rocket attacks rose to 8 civilians in "
                     "addition to 12 injured a source at Aleppo Police Command told SANA.")
    assert list(claims["speaker_text"]) == ["Siege Watch", "a source at Aleppo Police Command"]
    assert list(claims["content"]) == [
        "At least six children were among 12 civilians killed in the district during bombing and shelling on Friday",
        "The death toll from the rocket attacks rose to 8 civilians in addition to 12 injured"]


def test_final_speaker_takes_the_role_before_a_name_and_never_the_addressee():
    claims = _claims("Artillery fire also hit the rebel-held central town of Talbisseh activist Hassaan Abu Nuh said. "
                     "Three people died in the village local activist Omar Khaled told AFP.")
    assert list(claims["speaker_text"]) == ["activist Hassaan Abu Nuh", "local activist Omar Khaled"]
    assert list(claims["content"]) == ["Artillery fire also hit the rebel-held central town of Talbisseh",
                                       "Three people died in the village"]


def test_a_relative_cue_whose_object_is_the_pronoun_reports_its_own_phrase_only():
    # "... which Washington blames on the Syrian government": thin content after the cue (gold decision 34)
    claims = _claims("US President Donald Trump said the attack was a response to the alleged chemical weapon use in "
                     "Syrias Idlib on Tuesday which Washington blames on the Syrian government.")
    blames = claims[claims["cue"] == "blames"]
    assert list(blames["content"]) == ["on the Syrian government"]


def test_reported_a_source_who_said_is_one_claim_of_the_source():
    # "X reported / cited Y who said Z": one claim, Y's (gold decision 18)
    claims = _claims('Reuters reported a military source who said "The battles are ongoing in that area between the '
                     'army and the militant attackers."')
    assert list(claims["speaker_text"]) == ["military source"]


def test_the_who_closing_a_sentence_is_a_speaker_not_a_relative_pronoun():
    claims = _claims("All 3 public hospitals and 17 public health care centres in East Ghouta are nonfunctioning and "
                     "inaccessible to the population the WHO said in a statement.")
    assert list(claims["content"]) == ["All 3 public hospitals and 17 public health care centres in East Ghouta are "
                                       "nonfunctioning and inaccessible to the population"]


def test_a_clause_the_parse_split_into_object_and_complement_stays_whole():
    claims = _claims("Speaking to Asharq Al-Awsat he added Those who witness the number of deaths of regime forces and "
                     "its affiliated militias will realize that victory is ours.")
    added = claims[claims["cue"] == "added"]
    assert list(added["content"]) == ["Those who witness the number of deaths of regime forces and its affiliated "
                                      "militias will realize that victory is ours"]


def test_first_person_continuation_needs_a_real_first_person():
    claims = _claims("The ministry said 20 people were killed in the strike. ID cards of the attackers were found at "
                     "the scene. Wed night saw more shelling in the east. Our correspondent in Homs saw the damage.")
    assert list(claims["content"]) == ["20 people were killed in the strike"]  # 'ID', 'Wed', 'our correspondent'
    spoken = _claims("The nurse said the children were dying. Wed never seen anything like it.")
    assert list(spoken["content"]) == ["the children were dying", "Wed never seen anything like it"]


def test_a_place_closing_the_role_nouns_phrase_is_not_the_speaker():
    # "... an activist in Europe said": the place ends the speaker's prepositional phrase; the activist speaks
    claims = _claims("The strike killed five people in the town an activist in Europe said. "
                     "Three people died in the village a source in Syria told AFP.")
    assert list(claims["content"]) == ["The strike killed five people in the town", "Three people died in the village"]
    assert list(claims["speaker_text"]) == ["an activist in Europe", "source in Syria"]
    assert list(claims["speaker"]) == ["activist in Europe", "source in Syria"]  # not "Europe", not "Syria"
    assert set(claims["speaker_type"]) == {"person"}
    named = _claims("Three people died in the village a Defence Ministry spokesman told AFP.")
    assert list(named["speaker"]) == ["Defence Ministry"]  # a name before the role noun still names the speaker


def test_an_account_is_no_speaker_and_the_participle_reports_for_the_verbs_subject():
    claims = _claims("A resident of Homs corroborated that account saying he heard blasts for more than an hour.")
    assert list(claims["speaker_text"]) == ["resident of Homs"]
    assert list(claims["content"]) == ["he heard blasts for more than an hour"]


def test_function_words_come_from_the_data_file(tmp_path):
    from conflictnews.claims import load_function_words

    words = load_function_words()
    assert load_function_words() is words  # read once
    assert {"first_person_words", "first_person_contractions", "subordinators", "speaker_prepositions",
            "determiners", "negations"} <= set(words)
    assert "our" in words["first_person_words"] and "when" in words["subordinators"]
    assert "no" in words["negations"] and "on" in words["dangling"]  # quoted in YAML, not read as booleans
    assert all(isinstance(w, frozenset) and w for w in words.values())
    bad = tmp_path / "words.yml"
    bad.write_text("negations: [not, no]\n", encoding="utf-8")  # an unquoted 'no' is a YAML boolean
    with pytest.raises(ValueError, match="negations"):
        load_function_words(str(bad))


def test_the_statement_speaks_for_its_issuer():
    # "X said in a statement ... the statement said": the document named before speaks for X; so does "It" after it
    claims = _claims("The rebels took the town the U.S. military said in a statement on Tuesday. The rebels were "
                     "battling Daesh on four fronts the statement said. It said the coalition has carried out 450 "
                     "air strikes. In a Sunday statement the Syrian Network for Human Rights said 12679 people died of "
                     "torture. The regime is responsible for most deaths the statement added.")
    assert list(claims["speaker_text"])[1:3] == ["statement", "It"]
    assert claims.iloc[1]["speaker"] == claims.iloc[0]["speaker"] == claims.iloc[2]["speaker"] != "statement"
    assert claims.iloc[4]["speaker"] == "Syrian Network for Human Rights"  # not "Sunday"
    unnamed = _claims("Ten people were killed in the town a statement said.")
    assert list(unnamed["speaker"]) == ["statement"]  # no document before it: no issuer to give


def test_a_subject_that_took_the_clauses_closing_phrase_gives_it_back():
    # comma-less text: the parse hangs the end of a prepositional phrase on the subject after it
    claims = _claims("More than 100 civilians have been killed and 700 got injured in August shelling of Syrias Aleppo "
                     "local authorities told reporters on Saturday.")
    assert list(claims["speaker_text"]) == ["local authorities"]
    assert [c.split()[-1] for c in claims["content"]] == ["Aleppo"]


def test_inverted_speaker_over_a_role_noun_parsed_as_a_verb_and_a_name_before_a_coordinated_cue():
    claims = _claims('"The bodies of these terrorists are still with the Kurdish militants" said the Observatorys head '
                     "Rami Abdulrahman. He said the Kurds have taken at least 103 villages.")
    assert list(claims["speaker"]) == ["Rami Abdulrahman", "Rami Abdulrahman"]  # "head" tagged as a verb
    daesh = _claims("The opposition faces the DAESH threat while fighting intensively against the Syrian regime in "
                    "Idlib and Aleppo DAESH said on Monday they were responsible for a suicide bombing on a bus.")
    assert list(daesh["speaker"]) == ["DAESH"]  # not "opposition", the subject of "faces"
    assert list(daesh["content"]) == ["they were responsible for a suicide bombing on a bus"]


def test_a_statement_issued_inside_the_content_stays_in_it_and_a_named_relative_claim_is_cut():
    claims = _claims("The Britain-based Observatory said that rebel groups in Aleppo issued a statement asking civilians "
                     "in government-held parts of the city to move away from state security buildings which they said "
                     "would be targeted in retaliation for the bombings.")
    said = claims[claims["speaker_text"] == "Britain-based Observatory"]
    assert said.iloc[0]["content"].startswith("rebel groups in Aleppo issued a statement asking civilians")
    assert said.iloc[0]["content"].endswith("in retaliation for the bombings")  # the rebels' request is inside it
    asking = claims[claims["cue"] == "asking"]
    assert list(asking["speaker_text"]) == ["rebel groups in Aleppo"] and "Observatory" not in asking.iloc[0]["speaker"]
    ypg = _claims("Many rebels in western Syria do not trust the YPG because they say it cooperates with Damascus "
                  "rather than fighting it an accusation the YPG has denied.")
    assert not ypg[ypg["cue"] == "say"]["content"].str.contains("denied").any()


def test_a_final_speaker_gives_back_the_end_of_the_clause_it_was_parsed_with():
    # comma-less text: the parse hangs the clause's last words on the speaker after them
    claims = _claims("I am not optimistic about the short-term prospects in Syria Obama said at a news conference in "
                     "Lima. The top priority for the United States in Syria is to defeat Daesh Secretary of State Rex "
                     "Tillerson said at a TV interview on Sunday. At least 16 civilians were killed in bombing raids by "
                     "the US-led coalition near the ISIL groups Syrian bastion Raqqa a monitor said on Wednesday.")
    assert list(claims["speaker_text"]) == ["Obama", "Secretary of State Rex Tillerson", "monitor"]
    assert [c.split()[-1] for c in claims["content"]] == ["Syria", "Daesh", "Raqqa"]
    source = _claims("In a statement to SANA a source at Damascus Countryside Police Command said that terrorist groups "
                     "fired 6 mortar shells on the camp.")
    assert list(source["speaker_text"]) == ["source at Damascus Countryside Police Command"]


def test_a_planned_statement_inside_the_content_and_an_object_split_at_as_well_as_stay_whole():
    claims = _claims("The President of the Council said the Council will discuss who is responsible for the use of "
                     "chemical weapons during this month and will announce the results at the end of it. Member of the "
                     "Syrian Coalition Hussein Albuseis condemned the crimes committed by the Assad regime and its allies "
                     "as well as by ISIS against civilians in Deir Ezzor.")
    assert list(claims["content"]) == [
        "the Council will discuss who is responsible for the use of chemical weapons during this month and will "
        "announce the results at the end of it",  # "will announce" is what was said, not a statement of its own
        "the crimes committed by the Assad regime and its allies as well as by ISIS against civilians in Deir Ezzor"]


def test_final_speaker_sources_close_to_a_group_and_an_adjective_before_the_role():
    claims = _claims("The government advance was backed by fighters from the Lebanese group Hezbollah an ally of "
                     "President Bashar al-Assad sources close to the group told Reuters earlier this month. Airstrikes "
                     "on villages in northern Syria killed at least 85 civilians on Tuesday as intense fighting was "
                     "underway between the militants and U.S-backed fighters Syrian opposition activists and the "
                     "extremist group said.")
    assert list(claims["speaker_text"]) == ["sources close to the group",
                                            "Syrian opposition activists and the extremist group"]
    assert [c.split()[-1] for c in claims["content"]] == ["al-Assad", "fighters"]


def test_a_quoted_sentence_closing_a_reported_clause_is_a_direct_claim_of_its_own():
    # FA-KES lost the full stop before the quote: 'X said CLAUSE "Quoted sentence."'
    claims = _claims('Seibert said Syrias Bashar Assad and Russia an ally of Assad against opposition in Syrias '
                     'five-year-old civil war were largely responsible for the situation in the city "Its primarily '
                     'their decision whether there will be further deaths or whether the people there get help."')
    assert list(zip(claims["type"], claims["content"])) == [
        ("indirect", "Syrias Bashar Assad and Russia an ally of Assad against opposition in Syrias five-year-old civil "
                     "war were largely responsible for the situation in the city"),
        ("direct", "Its primarily their decision whether there will be further deaths or whether the people there get "
                   "help")]
    mixed = _claims('The U.S. said it was "horrified" by the reports of the bombing.')
    assert list(mixed["type"]) == ["mixed"]  # a quoted word inside the clause stays a mixed claim


def test_the_writers_participial_opener_is_no_part_of_the_content():
    claims = _claims("While not directly addressing the Tel Abyad attack 14 Turkish F-16s patrolled the Turkish-Syrian "
                     "border on Friday the Turkish military said. (TRT World and Agencies) Syrian regime air strikes "
                     "killed 26 people a monitoring group said.")
    assert list(claims["content"]) == ["14 Turkish F-16s patrolled the Turkish-Syrian border on Friday",
                                       "(TRT World and Agencies) Syrian regime air strikes killed 26 people"]


def test_a_cue_in_a_temporal_clause_does_not_cut_the_content_but_a_contrastive_while_does():
    claims = _claims("The report said the air raids came after the military had determined that militants were "
                     "preparing to attack. Six teachers also died in the attacks UNICEF said while the Observatory said "
                     "that 35 people in total had died.")
    said = claims[claims["cue"] == "said"]
    assert list(said["content"]) == [
        "the air raids came after the military had determined that militants were preparing to attack",
        "Six teachers also died in the attacks", "35 people in total had died"]


def test_an_infinitive_cue_without_a_clause_reports_nothing():
    claims = _claims("ISIL has threatened to kill more FSA members and commanders after they rejected to express "
                     "allegiance to the group.")
    assert "express" not in set(claims["cue"])
    assert claims.iloc[0]["cue"] == "threatened"


def test_counted_victims_the_parse_made_a_subject_are_no_speaker():
    claims = _claims("Meanwhile rebel fire on regime-held areas killed 1102 people said the Observatory adding that 234 "
                     'of them were children. "Twenty people were killed and 30 others injured in the attack" he said. '
                     "Two men said barrel bombs were dropped and there was a strong smell of gas. Eight persons wounded "
                     "in Foaa Meanwhile civil sources told SANA that 8 persons among them two children were wounded.")
    assert list(claims["speaker_text"]) == ["the Observatory", "Observatory", "he", "Two men", "civil sources"]
    assert claims.iloc[0]["content"] == "rebel fire on regime-held areas killed 1102 people"


def test_dates_and_figures_ending_the_clause_are_no_part_of_a_final_speaker():
    claims = _claims("Jordanian war planes carried out bombing raids against Islamic State targets on Thursday "
                     "Jordanian state TV reported. Fierce clashes have erupted on Qalamoun barrens claiming at least 10 "
                     "killed and 15 injured Al-Manar correspondent reported. One resident said he was not yet sure where "
                     "he would live.")
    assert list(claims["speaker_text"]) == ["Jordanian state TV", "Al-Manar correspondent", "One resident"]
    assert [c.split()[-1] for c in claims["content"]] == ["Thursday", "injured", "live"]


def test_wounded_witnesses_still_speak_but_counted_victims_do_not():
    claims = _claims("Three soldiers wounded in the blast said they saw a car. Two children injured in the raid told "
                     "AFP they were hungry. The rebel fire killed 1102 people said the Observatory.")
    assert list(claims["speaker"]) == ["Three soldiers", "Two children", "Observatory"]
    assert list(claims["content"])[2] == "The rebel fire killed 1102 people"  # the victims stay in the content


def test_a_place_opening_an_organisations_name_stays_in_the_speaker():
    from conflictnews.entities import extract_entities

    arts = pd.DataFrame({"article_id": ["a"], "title": [""], "outlet": ["SANA"], "published": [pd.NaT],
                         "text": ["Shells hit Aleppo city on Monday. A source at Aleppo Police Command said that two "
                                  "people were killed."]})
    found = extract_claims(arts, entities=extract_entities(arts))
    assert "Aleppo Police Command" in set(found["speaker"])
