"""Entities: gazetteer, seed hand-checked list, alias merging, in-document resolution, roles, offsets, re3d floors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conflictnews import nlp as cnlp
from conflictnews.entities import extract_entities, normalise_id
from conflictnews.schema import ACTOR_TYPES, ENTITY_COLUMNS, ENTITY_LABELS

FIXTURE = Path(__file__).parent / "fixtures" / "seed_entities.csv"
SEED_TITLE = "US rejects Russia's call for join airstrikes in Syria"


def articles(*texts: str, titles: tuple[str, ...] = ()) -> pd.DataFrame:
    """Return a minimal articles table with the given bodies (and titles)."""
    titles = titles or ("",) * len(texts)
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "title": list(titles), "text": list(texts)})


@pytest.fixture(scope="module")
def seed_entities(seed_path) -> pd.DataFrame:
    text = seed_path.read_text(encoding="utf-8")
    return extract_entities(articles(text, titles=(SEED_TITLE,))), text


# -- the gazetteer --------------------------------------------------------------------------------------------

def test_gazetteer_is_consistent():
    actors = cnlp.load_actors()
    assert actors["actor_id"].is_unique
    assert set(actors["type"]) <= set(ACTOR_TYPES)
    ids = set(actors["actor_id"])
    for relations in actors["relations"]:
        for targets in relations.values():
            assert set(targets) <= ids
    places = cnlp.load_places()
    assert places["place_id"].is_unique
    assert places["latitude"].between(-90, 90).all() and places["longitude"].between(-180, 180).all()
    assert (places["source"].str.len() > 0).all()
    syria = places[places["country"] == "SY"]
    assert (syria["kind"] == "governorate").sum() == 14
    assert syria["latitude"].between(32, 37.5).all() and syria["longitude"].between(35.5, 42.5).all()
    assert cnlp.load_gazetteer()["version"] >= 1


def test_fakes_locations_are_places():
    aliases = {a.lower() for row in cnlp.load_places()["aliases"] for a in row}
    for location in ["aleppo", "damascus", "idlib", "deir ezzor", "raqqa", "homs", "hasakeh", "hama", "daraa",
                     "lattakia", "quneitra", "tartous"]:
        assert location in aliases, location


# -- the seed, hand-checked ------------------------------------------------------------------------------------

def test_seed_matches_hand_checked_list(seed_entities):
    found, _ = seed_entities
    expected = pd.read_csv(FIXTURE, keep_default_na=False)
    got = set(zip(found["where"], found["text"], found["label"], found["actor_id"]))
    hits = [(w, t, lab, a) in got for w, t, lab, a in zip(expected["where"], expected["text"], expected["label"],
                                                           expected["actor_id"])]
    # measured 54/56: "Bashar" in "(Bashar al-) Assad regime" is missed, and Shoigu's "We believe" goes to the
    # Syrian government (the nearest organisation) rather than his ministry
    assert sum(hits) / len(hits) >= 0.96
    listed = set(zip(expected["where"], expected["text"]))
    assert all((w, t) in listed or t == "Bashar" for w, t, _, _ in got)  # nothing beyond the hand-checked list


def test_seed_known_model_errors_fixed(seed_entities):
    found, _ = seed_entities
    by_text = found.groupby("text")
    assert set(by_text.get_group("Aleppo")["label"]) == {"GPE"}
    assert set(by_text.get_group("Jabhat al-Nusra")["actor_id"]) == {"org:nusra-front"}
    daesh = found[found["text"].str.startswith("Daesh") & ~found["actor_id"].str.startswith("nominal:")]  # not 'Daesh positions'
    assert set(daesh["label"]) == {"ORG"} and set(daesh["actor_id"]) == {"org:islamic-state"}
    assert not found["text"].str.contains("Syria Staffan").any()
    assert set(by_text.get_group("Staffan de Mistura")["role"]) == {"UN special envoy for Syria"}


def test_seed_role_stays_with_person(seed_entities):
    found, _ = seed_entities
    found = found[found["label"] != "PRON"]  # pronouns resolved to Davis and Shoigu are checked in the fixture
    davis = found[found["actor_id"] == "person:jeff-davis"]
    assert list(davis["text"]) == ["Jeff Davis", "Davis", "Davis"]
    assert davis.iloc[0]["role"] == "Pentagon spokesman" and davis.iloc[0]["actor_type"] == "person"
    pentagon = found[found["text"] == "Pentagon"]
    assert list(pentagon["actor_id"]) == ["org:pentagon"] and pentagon.iloc[0]["end"] < davis.iloc[0]["start"]
    shoigu = found[found["actor_id"] == "person:sergei-shoigu"]
    assert list(shoigu["text"]) == ["Sergei Shoigu", "Shoigu"]
    assert shoigu.iloc[0]["role"] == "Russian Defense Minister"


def test_seed_offsets_index_title_and_text(seed_entities):
    found, text = seed_entities
    assert list(found.columns) == ENTITY_COLUMNS
    assert set(found["label"]) <= set(ENTITY_LABELS)
    for row in found.itertuples():
        source = SEED_TITLE if row.where == "title" else text
        assert source[row.start:row.end] == row.text


# -- aliases, resolution ---------------------------------------------------------------------------------------

def test_aliases_merge_within_and_across_articles():
    found = extract_entities(articles(
        "ISIS fighters attacked. ISIL denied it, and Daesh said nothing. IS claimed the attack.",
        "The Islamic State in Iraq and the Levant (ISIL), also known as Da'esh, lost ground to the Islamic State's rivals.",
    ))
    ids = found[found["text"].str.contains("IS|Daesh|Da'esh|Islamic State")]["actor_id"]
    assert len(ids) >= 7 and set(ids) == {"org:islamic-state"}
    assert set(found["article_id"][found["actor_id"] == "org:islamic-state"]) == {"a0", "a1"}


def test_lowercase_words_do_not_match_acronyms():
    found = extract_entities(articles("This is what us analysts who watch ban lists said."))
    assert found.empty


def test_nominal_mentions_resolve_to_earlier_actor():
    found = extract_entities(articles(
        "The Syrian Observatory for Human Rights reported 20 dead. The monitor said the toll may rise, "
        "and the Observatory blamed airstrikes. The Russian Defence Ministry denied it; the ministry said no jets flew."
    ))
    got = dict(zip(found["text"].str.lower(), found["actor_id"]))
    assert got["the monitor"] == got["the observatory"] == "org:syrian-observatory-for-human-rights"
    assert got["the ministry"] == "org:russian-defence-ministry"


def test_short_person_name_resolves_to_full_name_in_same_article():
    found = extract_entities(articles(
        "Local council head Abdulkarim Haddad said the road was cut. Haddad added that aid was blocked.",
        "Haddad spoke again.",
    ))
    first = found[found["article_id"] == "a0"]
    assert set(first.loc[first["label"] == "PERSON", "actor_id"]) == {normalise_id("PERSON", "Abdulkarim Haddad")}
    other = found[found["article_id"] == "a1"]
    assert set(other["actor_id"]) == {"person:haddad"}  # no full name in that article


def test_title_resolves_against_its_text():
    found = extract_entities(articles("Pentagon spokesman Jeff Davis said so.", titles=("Davis: no joint strikes",)))
    assert found.loc[found["where"] == "title", "actor_id"].tolist() == ["person:jeff-davis"]


def test_pronouns_resolve_to_the_actor_they_stand_for():
    found = extract_entities(articles(
        'Pentagon spokesman Jeff Davis said on Friday: "We do not coordinate with Russia." He added that talks would go on. '
        '"I have seen the reports," Davis said.'
    ))
    pron = found[found["label"] == "PRON"]
    assert list(zip(pron["text"], pron["actor_id"])) == [("We", "org:pentagon"), ("He", "person:jeff-davis"),
                                                         ("I", "person:jeff-davis")]
    assert (pron["role"] == "").all()
    lonely = extract_entities(articles("They said we should leave."))
    assert set(lonely["actor_id"]) <= {"pron:they", "pron:we"}  # no antecedent: kept, unresolved
    they = extract_entities(articles("The Syrian Observatory counted the dead. They were civilians."))
    assert they.loc[they["text"] == "They", "actor_id"].tolist() == ["pron:they"]  # 'they' is never resolved


def test_unnamed_mentions_get_classes_or_antecedents():
    found = extract_entities(articles(
        "Airstrikes hit Aleppo on Monday. Residents said the city had no power. Foreign Minister Sergei Lavrov "
        "spoke later; the minister blamed the rebels. Civilians and aid workers fled the hospital."
    ))
    got = dict(zip(found["text"], zip(found["label"], found["actor_id"])))
    assert got["the city"] == ("GPE", "place:aleppo")
    assert got["the minister"] == ("PERSON", "person:sergei-lavrov")
    assert got["Residents"] == ("ORG", "class:civilians") and got["Civilians"] == ("ORG", "class:civilians")
    assert got["the hospital"] == ("FAC", "nominal:hospital")
    assert got["rebels"] == ("ORG", "class:rebels")
    named = extract_entities(articles("Fighters of the Daesh terror group attacked."))
    assert named.loc[named["text"] == "the Daesh terror group", "actor_id"].tolist() == ["org:islamic-state"]


def test_things_and_operations_are_not_actors():
    found = extract_entities(articles("A VBIED hit the base during Operation Steel Curtain, and USS Mahan sailed."))
    assert not found["text"].str.contains("VBIED|Operation|Mahan").any()
    found = extract_entities(articles("USS Mahan (DDG 72) sailed. The Coalition complies with the Law of Armed Conflict "
                                      "and backs a nationwide Cessation of Hostilities."))
    assert not found["text"].str.contains("DDG|Law|Cessation").any()


def test_summaries_leave_pronouns_out():
    from conflictnews.entities import names_by_outlet, top_actors

    arts = articles("Pentagon spokesman Jeff Davis spoke. He said no. Davis said it again.")
    arts["outlet"] = "x"
    found = extract_entities(arts)
    assert "He" not in set(names_by_outlet(found, arts, "person:jeff-davis")["name"])
    assert top_actors(found, arts).set_index("actor_id").at["person:jeff-davis", "mentions"] == 2


def test_unknown_ids_are_stable_normalised_names():
    assert normalise_id("PERSON", "Jeff Davis") == "person:jeff-davis"
    assert normalise_id("ORG", "the Aleppo Media Center's") == "org:aleppo-media-center"
    assert normalise_id("PERSON", "Recep Erdoğan") == "person:recep-erdogan"
    assert normalise_id("NORP", "Syrians") == normalise_id("NORP", "Syrian")


def test_places_after_near_that_ner_missed():
    found = extract_entities(articles("Iraq . Near Dayr Az Zayr, one strike destroyed an oil pump jack. "
                                      "Fighting went on outside Kafr Nabudah, the group said."))
    got = dict(zip(found["text"], zip(found["label"], found["actor_id"])))
    assert got["Dayr Az Zayr"] == ("GPE", "place:dayr-az-zayr")
    assert got["Kafr Nabudah"][0] == "GPE"
    assert "Near" not in " ".join(found["text"])


def test_name_after_town_of_is_a_place():
    found = extract_entities(articles("ISIL attacked the town of Tel Tamer in Hasaka Province. Warplanes struck the "
                                      "village of Daret Izza held by Islamist fighters."))
    got = dict(zip(found["text"], found["label"]))
    assert got["Tel Tamer"] == "GPE" and got["Daret Izza"] == "GPE"


def test_capitalised_coalition_is_a_nominal_and_lowercase_alone_is_not():
    found = extract_entities(articles("The U.S.-led coalition struck Raqqa. It underscores the importance of "
                                      "Coalition efforts, and a coalition of the willing met."))
    coalition = found[found["text"] == "Coalition"]
    assert list(coalition["actor_id"]) == ["org:us-led-coalition"]  # resolved to the coalition named before
    assert "coalition" not in set(found["text"])


def test_recurring_ship_names_are_things_not_people():
    found = extract_entities(articles("The French frigate FS Forbin joined the task force. Forbin is committed to "
                                      "working together with the U.S. Navy, said Capt. Christophe Cluzel, commander of Forbin."))
    assert not (found["text"].isin(["Forbin", "FS Forbin"]) | found["actor_id"].str.contains("forbin")).any()
    assert "person:christophe-cluzel" in set(found["actor_id"])


def test_office_name_with_of_is_left_to_ner_not_the_nominal():
    found = extract_entities(articles("The Treasury said so. The hospital is run by the Ministry of Higher Education, "
                                      "and the ministry pays its staff."))
    texts = set(found["text"])
    assert "Ministry of Higher Education" in texts and "the Ministry" not in texts
    ministry = found[found["text"] == "Ministry of Higher Education"]
    assert list(ministry["actor_id"]) == ["org:ministry-of-higher-education"]


def test_role_phrase_is_no_antecedent_for_an_organisation():
    found = extract_entities(articles("CTF 50 is led by Commodore Andrew Burns, commander of the Amphibious Task Group. "
                                      "The French previously led CTF 50 last December."))
    group = found[found["text"] == "Amphibious Task Group"]
    assert list(zip(group["label"], group["actor_id"])) == [("ORG", "org:amphibious-task-group")]
    assert "org:ctf-50" in set(found["actor_id"])  # a numbered unit keeps its number


def test_fronted_place_is_no_part_of_a_title():
    found = extract_entities(articles("In Turkey Minister Ellwood met the Syrian National Coalition. The attack prompted "
                                      "outrage from UNICEF director Anthony Lake."))
    roles = dict(zip(found["text"], found["role"]))
    assert roles["Ellwood"] == "Minister" and roles["Anthony Lake"] == "UNICEF director"


def test_title_in_a_gazetteer_alias_becomes_the_role():
    found = extract_entities(articles("SECRETARY KERRY: We talked about Aleppo. President Bashar al-Assad was not there."))
    kerry = found[found["actor_id"] == "person:john-kerry"].iloc[0]
    assert (kerry["text"], kerry["role"]) == ("KERRY", "SECRETARY")
    assad = found[found["actor_id"] == "person:bashar-al-assad"].iloc[0]
    assert (assad["text"], assad["role"]) == ("Bashar al-Assad", "President")


def test_name_split_at_a_particle_is_joined_and_name_lists_are_not():
    found = extract_entities(articles("The Federal Government, led by Prime Minister Haider Al Abadi, agreed. "
                                      "Local media named the dead as Youssef Diab Paula Astih and Najla Habriri."))
    abadi = found[found["actor_id"] == "person:haider-al-abadi"]
    assert list(abadi["text"]) == ["Haider Al Abadi"] and abadi.iloc[0]["role"] == "Prime Minister"
    assert "Youssef Diab Paula Astih" not in set(found["text"])


def test_bidi_marks_and_abbreviation_hyphens_do_not_hide_names():
    text = "Carter met Iraqi Prime Minister\u200e Haider al-Abadi after the liberation of Mosul\u200e; a strong U.S.-Iraq partnership."
    found = extract_entities(articles(text))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Mosul"] == "place:mosul" and got["U.S."] == "place:united-states" and got["Iraq"] == "place:iraq"
    abadi = found[found["actor_id"] == "person:haider-al-abadi"].iloc[0]
    assert abadi["role"] == "Iraqi Prime Minister"
    for row in found.itertuples():
        assert text[row.start:row.end] == row.text


def test_my_resolves_like_i_to_the_quotes_speaker():
    found = extract_entities(articles('Minister Tobias Ellwood said: "This was my first visit to Uzbekistan."'))
    my = found[found["text"] == "my"]
    assert list(zip(my["label"], my["actor_id"])) == [("PRON", "person:tobias-ellwood")]


def test_iraqi_towns_are_places():
    found = extract_entities(articles("Iraqi forces advanced on Tal Afar and Hawija, and strikes hit Husaybah near Al-Qaim."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Tal Afar"] == "place:tal-afar" and got["Hawija"] == "place:hawija"
    assert got["Husaybah"] == got["Al-Qaim"] == "place:al-qaim"


def test_re3d_conventions_for_new_rules():
    from conflictnews.evaluation import re3d_convention_spans

    nlp = cnlp.get_nlp()

    def spans(text):
        doc = nlp(text)
        return {(text[b:e], t) for b, e, t in re3d_convention_spans(doc)}

    got = spans("The Coalition is trained. Mr Ellwood met the Iraqi government. Strikes killed more than 20 militants. "
                "Coordinates: 33°47′N 44°30′E / 33.783°N 44.500°E / 33.783; 44.500")
    assert {("The Coalition", "Organisation"), ("Coalition", "Organisation")} <= got  # both, as re3d marks them
    assert ("Mr Ellwood", "Person") in got and ("Ellwood", "Person") not in got  # honorific: whole name only
    assert ("the Iraqi government", "Organisation") in got and ("Iraqi government", "Organisation") not in got
    assert ("militants", "Organisation") in got and ("more than 20 militants", "Organisation") not in got
    assert {("33°47′N 44°30′E", "Location"), ("33.783°N 44.500°E", "Location"), ("33.783; 44.500", "Location")} <= got
    got = spans("We consulted the Government of Iraq and the Department of Defense.")
    assert ("the Government of Iraq", "Organisation") in got and ("Government of Iraq", "Organisation") not in got
    assert {("the Department of Defense", "Organisation"), ("Department of Defense", "Organisation")} <= got
    got = spans("We trained with the Iraqis.")
    assert ("the Iraqis", "Organisation") in got and ("Iraqis", "Organisation") not in got
    got = spans("Water is stored behind the Samarra Barrage.")
    assert {("the Samarra Barrage", "Location"), ("Samarra", "Location")} <= got


def test_re3d_possessor_is_part_of_the_group_it_owns():
    from conflictnews.evaluation import re3d_convention_spans

    nlp = cnlp.get_nlp()
    text = "The sanctions put pressure on Assad’s brutal regime. Its allies met, and our partners welcomed them."
    got = {(text[b:e], t) for b, e, t in re3d_convention_spans(nlp(text))}
    assert ("Assad’s brutal regime", "Organisation") in got and ("brutal regime", "Organisation") not in got
    assert ("Assad", "Person") in got  # the possessor is still marked on its own
    assert {("Its allies", "Organisation"), ("our partners", "Organisation")} <= got  # a pronoun possessor stays in


def test_members_of_a_group_and_tribes_are_group_mentions():
    found = extract_entities(articles("The attack was carried out by members of the Nusra Front. ISIL killed 70 members "
                                      "of the Al Bu Nimr tribe. A member of the council spoke."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["members of the Nusra Front"] == "org:nusra-front"  # the members stand for their group
    assert got["the Al Bu Nimr tribe"] == got["Al Bu Nimr"] == "org:al-bu-nimr"  # a named tribe is an actor of its own
    assert not any(t.startswith("A member") for t in got)  # the singular is a role word, not a group


def test_person_split_over_an_untagged_name_word_is_joined():
    found = extract_entities(articles("He was hanged along with failed suicide bomber Sajida Mubarak Atrous al-Rishawi. "
                                      "Bashar al-Assad met Sergei Lavrov."))
    people = list(found.loc[found["label"] == "PERSON", "text"])
    assert "Sajida Mubarak Atrous al-Rishawi" in people and "al-Rishawi" not in people
    assert "Bashar al-Assad" in people and "Sergei Lavrov" in people  # two names with a verb between stay apart
    found = extract_entities(articles("Abu Ghadiya (Arabic: أبو غادية), born Badran Turki Hishan al-Mazidi (Arabic: بدران "
                                      "تركي هيشان المزيدي) was killed. Forces hit towns including the Palestinian Sami "
                                      "Al-Ahmad and Muhammad Yahya Mandil."))
    people = set(found.loc[found["label"] == "PERSON", "text"])
    assert "Badran Turki Hishan al-Mazidi" in people  # NER's organisation + person halves of one name
    assert not any(t.startswith("Palestinian") for t in people)  # a nationality before a name stays apart


def test_kunya_taken_for_a_nationality_is_a_person():
    found = extract_entities(articles("Abu Musab al-Zarqawi appointed Abu Ghadiya the lead Syrian commander for AQI's "
                                      "logistics. Abu Ghadiya provided false passports."))
    ghadiya = found[found["text"] == "Abu Ghadiya"]
    assert len(ghadiya) == 2 and set(ghadiya["label"]) == {"PERSON"}


def test_place_before_an_institution_word_is_part_of_its_name():
    found = extract_entities(articles("Students of Idlib University were killed. The U.S. Embassy gave a grant. "
                                      "Shells hit Idlib and the university."))
    got = dict(zip(found["text"], found["label"]))
    assert got["Idlib University"] == "ORG" and got["U.S. Embassy"] == "ORG"
    places = found[found["label"] == "GPE"]
    assert list(places["text"]) == ["Idlib"] and places["start"].iloc[0] > 60  # the place alone is still a place


def test_names_ending_in_a_building_word_are_places():
    found = extract_entities(articles("The explosion in Salem Mosque in Ariha killed a commander. "
                                      "Work on the Ishtar Gate went on."))
    got = dict(zip(found["text"], found["label"]))
    assert got["Salem Mosque"] == "FAC" and got["Ishtar Gate"] == "FAC"


def test_place_named_after_a_person_is_one_place():
    found = extract_entities(articles("Al Assad University Hospital in Damascus is one of the largest hospitals. "
                                      "Bashar al-Assad spoke."))
    got = dict(zip(found["text"], zip(found["label"], found["actor_id"])))
    assert got["Al Assad University Hospital"][0] == "FAC" and "Al Assad" not in got
    assert got["Bashar al-Assad"] == ("PERSON", "person:bashar-al-assad")  # the person alone is still the person


def test_arabic_article_with_hyphen_or_space_is_one_spelling():
    found = extract_entities(articles("Fighting spread throughout Al Anbar and al-Anbar tribes rose. Prime Minister "
                                      "Haider al Abadi visited the town of Al Qaryatain."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Al Anbar"] == got["al-Anbar"] == "place:anbar"
    assert got["Haider al Abadi"] == "person:haider-al-abadi"
    assert got["the town of Al Qaryatain"] == got["Al Qaryatain"]  # a place phrase is the place it names


def test_settlement_phrase_is_the_place_it_names_not_a_part_of_it():
    found = extract_entities(articles("Jets hit the city of Idlib and a neighbourhood of Aleppo. Shells fell on the "
                                      "Maghayir district and on an Idlib village. They reached the capital of Syria."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["the city of Idlib"] == got["Idlib"] == "place:idlib"
    assert got["the Maghayir district"] == got["Maghayir"]
    assert got["a neighbourhood of Aleppo"] == "nominal:neighbourhood" and got["an Idlib village"] == "nominal:village"
    assert got["the capital of Syria"] != "place:syria"


def test_wiki_reference_marks_do_not_hide_names():
    found = extract_entities(articles("He was killed by the Islamic State of Iraq and the Levant.[1] The hospital is "
                                      "affiliated with Damascus University.[1][2] It grew."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Islamic State of Iraq and the Levant"] == "org:islamic-state"
    assert "Damascus University" in got and not any("[" in t for t in got)


def test_person_names_grow_over_nickname_and_closing_surname():
    found = extract_entities(articles('During the call, Brig. Gen. Richard "Tex" Coe, the lead investigating officer, '
                                      "will speak. Jonathan Cohen and Dr. Ahmed Kamil Murad, Acting General Director "
                                      "of the Office of Museums, attended."))
    people = set(found.loc[found["label"] == "PERSON", "text"])
    assert 'Richard "Tex" Coe' in people and "Ahmed Kamil Murad" in people
    assert "Richard" not in people and "Ahmed Kamil" not in people


def test_names_ner_took_for_people_that_are_places():
    found = extract_entities(articles("Marines began their assault on insurgent-held Karabilah. The coalition attacked "
                                      "the city of Husaybah and pursued insurgents who fled Karabilah. The assault of "
                                      "Husaybah and Karabilah ended. The state-run Sana agency said so. He met the "
                                      "coordinator for Syria and Kevin Kennedy."))
    labels = found.groupby("text")["label"].agg(set)
    assert labels["Karabilah"] == {"GPE"}  # every mention, once one is known to be a place
    assert "GPE" not in labels.get("Kevin Kennedy", set()) and "GPE" not in labels.get("Sana", set())


def test_body_written_after_its_organisation_is_one_mention_of_it():
    found = extract_entities(articles("Boris Johnson welcomes the UN Board of Inquiry’s summary. The UN Security Council "
                                      "voted. Peter Salama of the WHO Health Emergencies Programme spoke."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["UN Board of Inquiry"] == "org:united-nations" and "UN" not in got
    assert got["UN Security Council"] == "org:un-security-council"  # a longer gazetteer name wins
    assert got["WHO Health Emergencies Programme"] == "org:who"


def test_military_branch_taken_for_a_nationality_is_an_organisation():
    found = extract_entities(articles('"On 5 November, Marines from 3rd Battalion, 6th Marines and 2nd Battalion, 1st '
                                      'Marines began their assault," he said. Syrians fled.'))
    labels = dict(zip(found["text"], found["label"]))
    assert labels.get("Marines") == "ORG" and labels.get("1st Marines") == "ORG"
    assert labels.get("Syrians") == "NORP"
    found = extract_entities(articles("Staff Sgt. Albert Connelly, an artillery crew chief in Abel Battery, 3rd Battalion, "
                                      "said “we were able to give classes.”"))
    assert dict(zip(found["text"], found["label"])).get("Abel Battery") == "ORG"  # a unit, not a person


def test_sea_and_gulf_names_are_one_place():
    found = extract_entities(articles("The area includes the Arabian Gulf, Gulf of Oman, Gulf of Aden and the Red Sea. "
                                      "Oman said so. However, evaporation on Lakes Habbaniyah and Tharthar lead to reduces storage."))
    got = dict(zip(found["text"], found["label"]))
    assert got["Gulf of Oman"] == "LOC" and got["Gulf of Aden"] == "LOC" and got["Lakes Habbaniyah"] == "LOC"
    oman = found.loc[found["text"] == "Oman", "start"]
    assert len(oman) == 1 and oman.iloc[0] > 70  # only the country named on its own


def test_peoples_ner_takes_for_people_are_nationalities():
    found = extract_entities(articles("Assad is from the minority Alawite sect. It is one of two books on the Yazidi "
                                      "religion. Forces attacked the village of the Jabal al-Turkmen Mountain."))
    got = dict(zip(found["text"], zip(found["label"], found["actor_id"])))
    assert got["Alawite"] == ("NORP", "norp:alawite") and got["Yazidi"] == ("NORP", "norp:yazidi")
    assert "Turkmen" not in got  # a people's name after an Arabic article is part of a place name


def test_name_before_a_settlement_noun_is_a_place():
    found = extract_entities(articles("Syrian regime forces attacked the Avanl village. Shells hit the Mayssar "
                                      "neighbourhood of the northern city."))
    got = dict(zip(found["text"], zip(found["label"], found["actor_id"])))
    assert got["Avanl"][0] == "GPE" and got["the Avanl village"][1] == got["Avanl"][1]
    assert got["Mayssar"][0] == "GPE"
    found = extract_entities(articles("Counterparts Yusuf bin Alawi and Walid al-Muallem met. Shells hit the citys Eastern "
                                      "districts and the Al Assad Academy."))
    got = dict(zip(found["text"], found["label"]))
    assert got["Yusuf bin Alawi"] == "PERSON" and got.get("Eastern") != "GPE" and got["Al Assad Academy"] == "ORG"


def test_units_after_numbers_are_not_organisations():
    found = extract_entities(articles("The raids hit Hass around 1130 am (0830 GMT), an activist said. The dam has an 84 "
                                      "MW hydro-electricity station. Syrian Kurd activist Havidar said so."))
    assert not {"GMT", "MW"} & set(found["text"])
    assert dict(zip(found["text"], found["label"])).get("Kurd") == "NORP"


def test_capitalised_word_before_a_gazetteer_organisation_joins_it():
    found = extract_entities(articles("I welcome the agreement between the Federal Government of Iraq, led by Abadi, and "
                                      "the Kurds. They met key members of the Counter ISIL Coalition."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Federal Government of Iraq"] == "org:iraqi-government" and "Federal" not in got
    assert "Counter ISIL" not in got  # the gazetteer name is part of a longer name


def test_name_before_tribe_is_an_organisation():
    found = extract_entities(articles("Islamic State executed many of the al-Sheitaat tribe, which is based in Deir "
                                      "Ezzor. The head of the al-Sheitaat tribe spoke."))
    assert set(found.loc[found["text"] == "al-Sheitaat", "label"]) == {"ORG"}


def test_name_placed_in_a_country_is_a_place():
    found = extract_entities(articles("The leaders met for the 2016 UK-France Summit at Amiens in France. The convoy was "
                                      "struck while traveling to Orem in Aleppo governorate.",
                                      "Dozens of Casualties in Syria Aleppo Bomb Blast"))
    got = dict(zip(found["text"], found["label"]))
    assert got["Amiens"] == "GPE" and got["Orem"] == "GPE"
    found = extract_entities(articles("The Minister for Central Asia, Tobias Ellwood, visited Turkey. A deputy for the "
                                      "Middle East and North Africa spoke."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Central Asia"] == "place:central-asia" and got["North Africa"] == "place:north-africa"
    assert "Casualties" not in got  # not in a title-case headline


def test_transliterated_place_words_and_split_rank_dots():
    found = extract_entities(articles("The flag is flying over Tel Hamis, near Tall Hamis. Russian Defense Ministry "
                                      "spokesman Maj. Gen. Igor Konashenkov said on Tuesday that it worked."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Tel Hamis"] == got["Tall Hamis"] == "place:tall-hamis"
    assert got["Igor Konashenkov"] == "person:igor-konashenkov" and not any(t.startswith(".") for t in got)


def test_organisation_span_run_over_a_comma_is_split():
    found = extract_entities(articles("Dr. Ahmed Kamil Murad, Acting General Director of the Office of Museums at the "
                                      "Iraqi Ministry of Culture, State Board of Antiquities and Heritage (SBAH) announced "
                                      "the funding of a project."))
    orgs = set(found.loc[found["label"] == "ORG", "text"])
    assert {"Iraqi Ministry of Culture", "State Board of Antiquities and Heritage"} <= orgs


def test_compass_words_takfiri_isis_and_police_commands():
    found = extract_entities(articles("Eastern Aleppo has been held by the opposition. The West blames Syria. A source at "
                                      "Aleppo Police Command said the Takfiri organization fired shells. Isis attacked."))
    got = dict(zip(found["text"], zip(found["label"], found["actor_id"])))
    assert "Eastern" not in got and got["West"][0] == "LOC"
    assert got["Aleppo Police Command"][0] == "ORG" and got["Takfiri organization"][1] == "class:terrorists"
    assert got["Isis"][1] == "org:islamic-state"


# -- odd input -------------------------------------------------------------------------------------------------

def test_empty_and_odd_input():
    empty = extract_entities(pd.DataFrame(columns=["article_id", "title", "text"]))
    assert list(empty.columns) == ENTITY_COLUMNS and empty.empty
    odd = extract_entities(pd.DataFrame({
        "article_id": ["x", "y", "z"],
        "title": [None, "", "دمشق Damascus"],
        "text": ["", "   \n\t ", "قال المرصد السوري ... The Syrian Observatory said 5 were killed in Douma."],
    }))
    assert set(odd["article_id"]) == {"z"}
    assert {"place:damascus", "place:douma", "org:syrian-observatory-for-human-rights"} <= set(odd["actor_id"])
    for row in odd.itertuples():
        source = "دمشق Damascus" if row.where == "title" else odd_text()
        assert source[row.start:row.end] == row.text


def odd_text() -> str:
    return "قال المرصد السوري ... The Syrian Observatory said 5 were killed in Douma."


def test_offsets_on_cleaned_fakes_articles(corpus):
    arts, _ = corpus
    sample = arts[arts["source_path"].str.contains("FA-KES")].head(25)
    found = extract_entities(sample)
    assert len(found) > 200
    fields = sample.set_index("article_id")[["title", "text"]]
    for row in found.itertuples():
        assert fields.at[row.article_id, row.where][row.start:row.end] == row.text


# -- re3d ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def re3d_scores() -> pd.DataFrame:
    from conflictnews.evaluation import evaluate_entities_re3d

    return evaluate_entities_re3d(Path(__file__).parents[1] / "data" / "re3d")


def test_re3d_split_is_fixed_and_stratified():
    from conflictnews.evaluation import load_re3d, re3d_split

    docs, gold = load_re3d(Path(__file__).parents[1] / "data" / "re3d")
    split = re3d_split(docs)
    assert split.equals(re3d_split(docs.sample(frac=1, random_state=1)).loc[docs.index])
    counts = pd.crosstab(docs["subset"], split)
    assert (abs(counts["dev"] - counts["test"]) <= 1).all()
    assert set(gold["type"]) == {"Person", "Organisation", "Location", "Nationality"}


# Floors slightly below the F1 measured on the held-out test split (see notebooks/02-extract-entities.py).
# Measured (exact/overlap), session 3: test Person 0.741/0.851, Organisation 0.669/0.843, Location 0.724/0.834; dev
# Person 0.801/0.869, Organisation 0.743/0.886, Location 0.799/0.872.
# Session 2: test Person 0.714/0.842, Organisation 0.663/0.840, Location 0.723/0.833; dev Person 0.754/0.847,
# Organisation 0.702/0.868, Location 0.765/0.852.
# Before session 2: test 0.699/0.833, 0.634/0.829, 0.702/0.806; dev 0.703/0.818, 0.652/0.850, 0.729/0.821.
# (Before pronouns, unnamed mentions and re3d's double-annotation conventions, test: 0.383/0.656, 0.442/0.627, 0.632/0.747.)
TEST_FLOORS = {("Person", "exact"): 0.725, ("Organisation", "exact"): 0.655, ("Location", "exact"): 0.71,
               ("Person", "overlap"): 0.835, ("Organisation", "overlap"): 0.83, ("Location", "overlap"): 0.82}


def test_re3d_pipeline_scores_on_test_split(re3d_scores):
    test = re3d_scores[(re3d_scores["system"] == "conflictnews") & (re3d_scores["split"] == "test")]
    f1 = {(t, m): f for t, m, f in zip(test["type"], test["matching"], test["f1"])}
    for key, floor in TEST_FLOORS.items():
        assert f1[key] >= floor, (key, f1[key])


def test_re3d_pipeline_beats_plain_model(re3d_scores):
    wide = re3d_scores.pivot_table(index=["split", "type", "matching"], columns="system", values="f1")
    wide = wide.drop(index="Nationality", level="type")
    assert (wide["conflictnews"] >= wide["en_core_web_sm"] - 0.01).all()
    assert (wide.xs("exact", level="matching")["conflictnews"] > wide.xs("exact", level="matching")["en_core_web_sm"]).all()


# -- what the next word says a name is ------------------------------------------------------------------------

def _labels(*texts: str) -> dict[str, str]:
    found = extract_entities(articles(*texts))
    return dict(zip(found["text"], found["label"]))


def test_name_before_a_place_noun_is_a_place():
    got = _labels("A bomb went off near a police station in the al-Midan neighborhood of Damascus. "
                  "Rocket attacks on al-Hamadaniyeh and Saif al-Dawleh neighborhoods left one person dead.")
    assert got["al-Midan"] == got["al-Hamadaniyeh"] == got["Saif al-Dawleh"] == "GPE"


def test_a_person_before_camp_is_still_a_person():
    found = extract_entities(articles("Supporters in the Clinton camp were angry. The Kerry camp declined to comment."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Kerry"] == "person:john-kerry" and got["The Kerry camp"] != got["Clinton"]
    assert not got["Clinton"].startswith("place:")


def test_name_before_tribe_is_a_group_and_community_words_are_not_people():
    got = _labels("Islamic State executed many of the al-Sheitaat tribe. "
                  "A double bombing at a school in another Alawite neighbourhood killed 52 people.")
    assert got["al-Sheitaat"] == "ORG"
    assert got["Alawite"] == "NORP"


def test_a_person_before_a_common_noun_stays_a_person():
    got = _labels("Foreign Minister Sergei Lavrov met John Kerry in Geneva on Monday.")
    assert got["Sergei Lavrov"] == got["John Kerry"] == "PERSON"


def test_time_zones_are_not_organisations():
    got = _labels("The raids hit Hass around 1130 am (0830 GMT), an activist said.")
    assert "GMT" not in got


def test_social_media_platforms_are_organisations_not_speakers_names():
    found = extract_entities(articles("IS said in a statement published on Twitter and the messaging service Telegram."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Twitter"] == "org:twitter" and got["Telegram"] == "org:telegram"


def test_transliteration_variants_resolve_to_the_gazetteer_actor():
    from conflictnews.nlp import spelling_key

    assert spelling_key("Jeish al-Fatah") == spelling_key("Jaysh Al Fateh") == spelling_key("Jaish al Fatah")
    assert spelling_key("al-Hamadaniyeh") == spelling_key("al-Hamadaniya") != spelling_key("Hamdan")
    found = extract_entities(articles("In the meantime 15 members of Jeish al-Fatah were killed. The army beat back "
                                      "Jaysh Al Fateh terrorist group attempting to advance.",
                                      "Air raids hit the town of Maarrat al-Nouman on Monday."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Jeish al-Fatah"] == got["Jaysh Al Fateh"] == "org:jaysh-al-fatah"
    assert got["Maarrat al-Nouman"] == "place:maarat-al-numan"  # not among the gazetteer's 15 spellings
    assert spelling_key("Hassan Diab") != spelling_key("Hussein Diab")  # different first names stay apart


def test_place_phrase_with_a_name_is_that_place_and_later_phrases_follow_it():
    found = extract_entities(articles("The capture of Tel Hamis was announced. Fighters are now in the village of Suleima "
                                      "on the border. Later the village was shelled."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["the village of Suleima"] == got["the village"] == got["Suleima"] != got["Tel Hamis"]


def test_place_phrase_names_the_nearest_place_but_not_a_capital_a_building_or_several_places():
    found = extract_entities(articles("The uneasy peace in Syria's Hassakeh city broke. Bombers blew themselves up in "
                                      "Syria's capital. Fighters seized Tabqa base. Shells hit the villages of Rahoum "
                                      "and Jeb al-Jarrah. Then the villages were quiet."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Hassakeh city"] == got["Hassakeh"] == "place:al-hasakah"
    assert got["capital"] == "nominal:capital" and got["Tabqa base"] == "nominal:base"
    assert got["the villages"] == "nominal:village"


def test_mention_column_tells_names_descriptions_and_pronouns():
    found = extract_entities(articles("Rebels shelled Aleppo. The Syrian Observatory for Human Rights said the monitor "
                                      "counted 20 dead, and it said they were civilians."))
    kinds = dict(zip(found["text"], found["mention"]))
    assert kinds["Aleppo"] == kinds["Syrian Observatory for Human Rights"] == "name"
    assert kinds["Rebels"] == "description" and kinds["the monitor"] == "description"
    assert set(found["mention"]) <= {"name", "description", "pronoun"}
    assert (found.loc[found["label"] == "PRON", "mention"] == "pronoun").all()


# -- FA-KES hand-annotated named mentions (tests/fixtures/fakes_entities_gold.jsonl) ---------------------------

@pytest.fixture(scope="module")
def fakes_entity_scores() -> pd.DataFrame:
    from conflictnews.evaluation import evaluate_entities_fakes, read_fakes_entity_gold
    from conflictnews.loading import load_articles

    loaded = load_articles(str(Path(__file__).parents[1] / "data" / "fakes" / "FA-KES-Dataset.csv"))
    gold, rejected = read_fakes_entity_gold(Path(__file__).parent / "fixtures" / "fakes_entities_gold.jsonl", loaded)
    assert rejected.empty and len(gold) == 748  # every gold row found in the cleaned texts
    annotated = loaded[loaded["article_id"].isin(set(gold["article_id"]))]
    return evaluate_entities_fakes(gold, extract_entities(annotated))


# Measured (session 4, end; 748 gold rows in 30 articles, 17 of them test), test split exact/overlap F1: LOC
# 0.915/0.947, ORG 0.730/0.904, PERSON 0.831/0.831 (39 test persons); dev LOC 0.960/0.988, ORG 0.824/0.915, PERSON
# 0.810/0.810. Batch 2 (15 articles) measured right after it was annotated, before any rule saw its dev half: LOC
# 0.867/0.955, ORG 0.748/0.907, PERSON 0.811/0.811.
# Earlier, batch 1 only (8 test articles): session 3 LOC 0.790/0.910, ORG 0.726/0.905, PERSON 0.774/0.774; session 4
# helper round LOC 0.826/0.942, ORG 0.735/0.916, PERSON 0.857/0.857.
FAKES_TEST_FLOORS = {("LOC", "exact"): 0.90, ("LOC", "overlap"): 0.935, ("ORG", "exact"): 0.715, ("ORG", "overlap"): 0.89,
                     ("PERSON", "exact"): 0.81, ("PERSON", "overlap"): 0.81}


def test_fakes_named_mentions_on_test_split(fakes_entity_scores):
    test = fakes_entity_scores[fakes_entity_scores["split"] == "test"].set_index(["type", "matching"])["f1"]
    for key, floor in FAKES_TEST_FLOORS.items():
        assert test[key] >= floor, (key, test[key])


def test_fakes_gold_rows_that_do_not_match_are_rejected_with_a_reason(tmp_path):
    from conflictnews.evaluation import read_fakes_entity_gold

    path = tmp_path / "gold.jsonl"
    path.write_text('{"article_id": "a0", "where": "text", "text": "Aleppo", "occurrence": 1, "label": "LOC"}\n'
                    '{"article_id": "a0", "where": "text", "text": "Aleppo", "occurrence": 2, "label": "LOC"}\n'
                    '{"article_id": "zz", "where": "text", "text": "Aleppo", "occurrence": 1, "label": "LOC"}\n')
    gold, rejected = read_fakes_entity_gold(path, articles("Shelling hit Aleppo on Monday."))
    assert list(gold["start"]) == [13]
    assert list(rejected["reason"]) == ["text not found at that occurrence", "article not loaded"]


def test_place_rules_leave_ordinary_organisations_and_people_alone():
    got = _labels("The Microsoft district office closed. Island Records signed the singer. Jordan and Abdullah welcomed "
                  "the deal. Later Abdullah said the talks had gone well. However, evaporation on Lakes Habbaniyah "
                  "and Tharthar lead to reduces storage.")
    assert got["Microsoft"] != "GPE" and got["Island Records"] == "ORG"  # a modifying noun, a company name
    assert got["Abdullah"] == "PERSON"  # coordinated with a country, but not in a place phrase
    assert got["Lakes Habbaniyah"] == "LOC"  # a feature noun after a locative preposition


def test_names_in_arabic_script_are_names():
    from conflictnews.entities import Mention

    assert Mention(0, 4, "داعش", "ORG", "org:x", "x", "", source="ner").mention_kind() == "name"
    assert Mention(0, 17, "government forces", "ORG", "org:x", "x", "", source="gazetteer").mention_kind() == "description"


def test_gazetteer_rejects_yaml_booleans():
    from conflictnews.nlp import _reject_yaml_booleans

    _reject_yaml_booleans({"words": ["in", "on", {"x": ["at"]}]}, "ok.yml")
    with pytest.raises(ValueError, match="quote on/off/yes/no"):
        _reject_yaml_booleans({"words": ["in", True]}, "bad.yml")


def test_given_name_before_abdul_abu_or_bin_joins_the_name():
    found = extract_entities(articles("The chairman of the Syrian Network for Human Rights Fadel Abdul Ghani told "
                                      "Asharq Al-Awsat that the toll rose. Opposition activist Omar Abu Laila said so. "
                                      "The head of Homs Health Directorate Abdel Wadoud al-Homsi said 20 people died."))
    people = set(found.loc[found["label"] == "PERSON", "text"])
    assert {"Fadel Abdul Ghani", "Omar Abu Laila"} <= people
    assert not any(p.startswith("Directorate") for p in people)  # an organisation's last word is no given name


# -- one label per unknown name in a document ------------------------------------------------------------------

def test_an_unknown_name_written_as_a_place_is_no_person_elsewhere_in_the_article():
    from conflictnews.entities import mentions_from_doc

    doc = cnlp.get_nlp()("Jets struck the Qadiriyeh district. Hours later Qadiriyeh was hit again.")
    names = [m for m in mentions_from_doc(doc) if m.text == "Qadiriyeh"]
    assert len(names) == 2 and {m.label for m in names} == {"GPE"}  # NER: the second one is a person
    assert len({m.actor_id for m in names}) == 1


def test_a_person_who_speaks_or_has_a_title_keeps_the_person_reading():
    from conflictnews.entities import mentions_from_doc

    doc = cnlp.get_nlp()("Haddad said the talks failed. Shelling hit the centre of Haddad on Monday. Haddad added "
                         "that the town was calm. Zelensky said Kyiv would not cede Bakhmut. Troops in Bakhmut held out.")
    labels = {(m.text, m.start): m.label for m in mentions_from_doc(doc)}
    people = [label for (text, _), label in labels.items() if text == "Haddad"]
    assert "PERSON" in people  # 'Haddad said': a speaker, whatever 'the centre of Haddad' says
    bakhmut = [label for (text, _), label in labels.items() if text == "Bakhmut"]
    assert bakhmut and "PERSON" not in bakhmut  # only person readings ever change
    assert any(label in ("GPE", "LOC") for label in bakhmut)


def test_an_apostrophe_stripped_possessive_of_a_nominal_resolves():
    found = extract_entities(articles("The Syrian Observatory for Human Rights counted 5 dead. The Observatorys chief "
                                      "said more bodies were found."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["The Observatorys"] == got["Syrian Observatory for Human Rights"]


# -- session 4: organisation nouns before names, Arabic place words, lists of places, numbered units ------------

def test_a_name_after_a_noun_of_a_kind_of_organisation_is_an_organisation():
    got = _labels("The bridge was rebuilt in 1998 by the Austrian company Zöblin. A fighter of the Idlib-based "
                  "rebel group Fastaqim told reporters the road was open.")
    assert got["Zöblin"] == got["Fastaqim"] == "ORG"  # NER: a place
    got = _labels("The company Omar founded in 2010 went bankrupt.")
    assert got["Omar"] == "PERSON"  # a relative clause's subject, not the company's name


def test_a_person_after_a_group_noun_stays_a_person_where_a_comma_is_missing():
    got = _labels("In a piece published on CNNs website Charles Lister of the Brookings Institution said so.")
    assert got["Charles Lister"] == "PERSON"


def test_names_opening_with_an_arabic_place_word_are_places():
    got = _labels("Jets struck Jabal al-Akrad and Khan Tuman on Friday. Artillery pounded Qal'at al-Madiq overnight.")
    assert got["Jabal al-Akrad"] == got["Qal'at al-Madiq"] == "GPE"  # NER: a person, and 'al-Madiq' alone
    assert "al-Madiq" not in got


def test_names_listed_after_the_villages_of_are_places_and_so_are_their_other_mentions():
    got = _labels("Shells hit the villages of Tal Hamis, Kafr Hamra and Hayyan on Monday.")
    assert got["Kafr Hamra"] == got["Hayyan"] == "GPE"
    found = extract_entities(articles("Rebels entered the town of Marea on Monday. By Friday the jihadists had "
                                      "encircled Marea again."))
    assert set(found.loc[found["text"] == "Marea", "label"]) == {"GPE"}


def test_numbered_units_are_organisations_whatever_ner_tags():
    found = extract_entities(articles("The frigate will operate as part of CTF 50 from Monday. CTF 50 is led by a "
                                      "French officer. Task Force 88 raided the compound. The council passed "
                                      "Resolution 2254."))
    got = found.groupby("text")["label"].agg(set).to_dict()
    assert got["CTF 50"] == got["Task Force 88"] == {"ORG"}  # NER: a law, a date, a product
    assert not any("2254" in t for t in got)


def test_aid_groups_and_factions_under_their_other_names_are_one_actor():
    found = extract_entities(articles("The Qatar Red Crescent Society (QRCS) and Doctors Without Borders said a clinic "
                                      "was hit. Medicins Sans Frontieres and the Syrian Arab Red Crescent sent teams. "
                                      "The Russian Coordination Center said Islam Army fighters shelled the town."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Qatar Red Crescent Society"] == got["QRCS"] == "org:qatar-red-crescent"  # not the Syrian Red Crescent
    assert got["Doctors Without Borders"] == got["Medicins Sans Frontieres"] == "org:msf"
    assert got["Syrian Arab Red Crescent"] == "org:syrian-arab-red-crescent"
    assert got["Russian Coordination Center"] == "org:hmeimim-reconciliation-centre"
    assert got["Islam Army"] == "org:jaysh-al-islam"


def test_a_person_name_before_area_or_refugee_camp_is_a_place_but_not_before_camp_alone():
    got = _labels("A car bomb went off near the Atmeh refugee camp. Troops fought rebels in the al-Lajat area.")
    assert got["Atmeh"] == got["al-Lajat"] == "GPE"  # NER: people
    got = _labels("Supporters in the Clinton camp were angry.")
    assert got["Clinton"] == "PERSON"


def test_a_name_ending_in_army_or_legion_is_an_organisation():
    got = _labels("Meanwhile Al-Nasr Army announced that the battle will continue.")
    assert got["Al-Nasr Army"] == "ORG"  # NER: a person


def test_a_street_road_or_camp_name_is_a_place():
    got = _labels("Terrorists fired a rocket shell on Iskandaron Street in the city. Rockets fell on al-Wafideen Camp "
                  "in Damascus countryside.")
    assert got["Iskandaron Street"] == got["al-Wafideen Camp"] == "FAC"  # NER: organisations


def test_an_untagged_name_coordinated_with_a_known_place_is_a_place():
    got = _labels("The rebels control almost all of Qabun and Tishreen in the northeast. France and Britain's Foreign "
                  "Ministers met.")
    assert got["Tishreen"] == "GPE"  # NER: nothing
    assert "Foreign Ministers" not in got


def test_a_group_phrase_does_not_start_at_a_name_before_a_misparsed_verb():
    found = extract_entities(articles("The UN updated Security Council members today that it had no access."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Security Council members"] == "org:un-security-council"
    assert not any(t.startswith("The UN updated") for t in got)


def test_named_dams_airports_and_airbases_are_facilities_not_their_towns():
    found = extract_entities(articles("A strike hit near Tabqa Dam. Rebels shelled Aleppo International Airport and the "
                                      "Kuweires military airport."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Tabqa Dam"] == "place:tabqa-dam" and "Tabqa" not in got
    assert got["Aleppo International Airport"] == "place:aleppo-airport" and "International Airport" not in got
    assert got["Kuweires military airport"] == "place:kuweires-airbase"
    places = cnlp.load_places().set_index("place_id")
    assert places.loc["place:tabqa-dam", "kind"] == "facility"


def test_names_opening_with_an_arabic_group_word_are_organisations():
    got = _labels("The attack was claimed by Jabhat al-Shamiyya, a rebel alliance. Fighters of Ansar al-Sharia "
                  "clashed near Urum al-Joz. Shells fell on Kherbat Hajam on Monday.")
    assert got["Jabhat al-Shamiyya"] == got["Ansar al-Sharia"] == "ORG"  # NER: people
    assert got["Kherbat Hajam"] == got["Urum al-Joz"] == "GPE"


def test_more_syrian_places_and_spellings_are_in_the_gazetteer():
    found = extract_entities(articles("Rebels took Marea and Dabiq near Akcakale. Shells hit Tadamun and Al-Ramusa. "
                                      "Worshippers left the al-Khulafaa al-Rashideen Mosque."))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Marea"] == "place:marea" and got["Dabiq"] == "place:dabiq" and got["Akcakale"] == "place:akcakale"
    assert got["Tadamun"] == "place:tadamon" and got["Al-Ramusa"] == "place:ramousseh"
    assert not any(v == "place:rashidin" for v in got.values())  # a mosque named after the Rightly Guided Caliphs


def test_a_gazetteer_place_span_is_its_name_without_lowercase_descriptors():
    found = extract_entities(articles("Shelling hit Idlib province and the Damascus countryside on Monday. Aleppo city "
                                      "was calm. Clashes continued in Idlib Province."))
    got = {(r.start, r.text): r.actor_id for r in found.itertuples()}
    assert ("Idlib" in {t for _, t in got}) and "Idlib province" not in {t for _, t in got}
    ids = {t: i for (_, t), i in got.items()}
    assert ids["Idlib"] == "place:idlib-governorate" and ids["Aleppo"] == "place:aleppo"
    assert "Damascus" in ids and "Idlib Province" in ids  # capitalised, the descriptor is part of the name
    assert not found["text"].isin(["province", "countryside", "city"]).any()  # the descriptor is no mention of its own


def test_re3d_spans_keep_the_whole_alias_for_descriptor_places():
    from conflictnews.evaluation import re3d_convention_spans

    doc = cnlp.get_nlp()("Clashes erupted in Idlib province on Monday.")
    spans = {doc.text[b:e] for b, e, t in re3d_convention_spans(doc) if t == "Location"}
    assert {"Idlib province", "Idlib"} <= spans


def test_syria_regime_in_a_headline_is_the_government():
    found = extract_entities(articles("", titles=("Syria regime air strikes kill 15 near Damascus",)))
    got = dict(zip(found["text"], found["actor_id"]))
    assert got["Syria regime"] == "org:syrian-government"


def test_place_and_group_openers_leave_people_with_titles_or_speech_alone():
    from conflictnews.entities import mentions_from_doc

    texts = ["Former Florida governor Jeb Bush criticised the plan.",
             "Israeli government spokesman Tal Heinrich said the strikes would go on.",
             "Major General Tal Russo visited the base.", "Pakistani rights activist Ansar Burney visited the camp.",
             "Afghan police chief Khan Mohammad said five died.", "Khan Abdul Wali Khan spoke to the crowd."]
    for text in texts:
        labels = {m.text: m.label for m in mentions_from_doc(cnlp.get_nlp()(text))}
        people = [t for t, label in labels.items() if label == "PERSON"]
        assert people and not any(label in ("GPE", "ORG") and t in text.split(" ", 3)[-1] and " " in t
                                  for t, label in labels.items()), (text, labels)
    doc = cnlp.get_nlp()("Air strikes hit Hama Aleppo and Deir al-Zor Moumtzis said again.")
    assert "Moumtzis" not in {m.text for m in mentions_from_doc(doc) if m.label == "GPE"}
    doc = cnlp.get_nlp()("Rebels shelled Jabal al-Zawiya and Tal Abyad fell.")
    assert {"Jabal al-Zawiya", "Tal Abyad"} <= {m.text for m in mentions_from_doc(doc) if m.label == "GPE"}
