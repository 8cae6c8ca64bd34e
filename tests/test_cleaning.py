"""Cleaning: normalisation keeps every letter, boilerplate goes, flags instead of silent changes."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictnews import cleaning


def test_normalise_quotes_dashes_spaces():
    text = "\u201cWe\u2019re here\u201d \u2013 he said\u00a0 today.\r\n\r\n\r\nNext   para"
    assert cleaning.normalise_text(text) == "\"We're here\" - he said today.\n\nNext para"


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_normalise_never_drops_letters(text):
    out = cleaning.normalise_text(text)
    import unicodedata

    letters = lambda s: sorted(c for c in unicodedata.normalize("NFC", s) if c.isalpha())  # noqa: E731
    assert letters(out) == letters(text)


def test_arabic_and_diacritics_survive():
    text = "Abu Muhammad al-Jawlani (أبو محمد الجولاني) spoke in Ḥalab; Zoë Ünal reported."
    assert cleaning.normalise_text(text) == text


def test_boilerplate_patterns_from_data_file():
    assert cleaning.boilerplate_kind("UNITED24 - Make a charitable donation in support of Ukraine!")[0] == "banner"
    assert cleaning.boilerplate_kind("Join the GlobalSecurity.org mailing list") == ("footer", "GlobalSecurity.org")
    assert cleaning.boilerplate_kind("The United States has rejected a proposal") is None


def test_user_boilerplate_file(tmp_path):
    custom = tmp_path / "bp.yml"
    custom.write_text("paragraphs:\n  - kind: footer\n    pattern: 'more from our partners'\n", encoding="utf-8")
    patterns = cleaning.load_patterns(str(custom))
    assert cleaning.boilerplate_kind("More from our partners", patterns)[0] == "footer"


def test_datelines():
    cases = {
        "Last updated at Jul 012016 BEIRUT At least 20 people": "Jul 012016",
        "Wed 05 Apr 2017 Victims of a suspected": "Wed 05 Apr 2017",
        "Date of publication 3 April 2017 Airstrikes on": "3 April 2017",
        "Published February 23 2015 Ten children": "February 23 2015",
        "24.08.2013 Syrian state media accused": "24.08.2013",
        "13-12-2014 Kurdish forces killed": "13-12-2014",
    }
    for text, date in cases.items():
        rest, found, _ = cleaning.strip_dateline(text)
        assert found == date and not rest[0].isdigit() or rest.startswith("BEIRUT"), text


def test_dateline_parses():
    assert cleaning.parse_date("Jul 012016") == pd.Timestamp("2016-07-01")
    assert cleaning.parse_date("13-12-2014") == pd.Timestamp("2014-12-13")
    assert cleaning.parse_date("4/5/2017") == pd.Timestamp("2017-04-05")
    assert cleaning.parse_date("Fri May 20, 2016 8:56PM") == pd.Timestamp("2016-05-20 20:56")
    assert pd.isna(cleaning.parse_date("not a date")) and pd.isna(cleaning.parse_date("September 20014"))


def test_implausible_dates():
    assert cleaning.find_implausible_dates("Since September 20014, the US") == ["September 20014"]
    assert cleaning.find_implausible_dates("Since September 2014 and May 25") == []


def test_repeated_title_removed():
    rest, copy = cleaning.strip_repeated_title("Bomb kills 4 in Damascus. A car bomb killed four", "Bomb kills 4 in Damascus")
    assert rest == "A car bomb killed four" and copy == "Bomb kills 4 in Damascus"


def test_clean_body_flags_empty():
    cleaned, _, _ = cleaning.clean_body("Wed 05 Apr 2017 Attack on town", "Attack on town")
    assert cleaned.text == ""


def test_parse_date_survives_what_fuzzing_found():
    # atheris found dateutil raising decimal.InvalidOperation on this input
    assert pd.isna(cleaning.parse_date("009999999999999999999999999999902m"))


def test_inline_photo_credits_and_counters_removed():
    text, removed = cleaning.strip_inline("in Damascus August 21 2013. REUTERS/Bassam Khabieh We hope (AFP Photo) the team")
    assert text == "in Damascus August 21 2013. We hope the team"
    assert removed == ["photo credit: (AFP Photo)", "photo credit: REUTERS/Bassam Khabieh"]
    assert cleaning.strip_inline("Reuters reported (Reuters) the strike")[0] == "Reuters reported (Reuters) the strike"


def test_gallery_labels_removed():
    text, removed = cleaning.strip_inline("the monitor said. Slideshow (21 Images) Doctors described symptoms")
    assert text == "the monitor said. Doctors described symptoms" and removed == ["gallery: Slideshow (21 Images) "]
    assert cleaning.strip_inline("a slideshow of images")[0] == "a slideshow of images"


def test_related_links_tail_cut_only_late():
    body = "Air strikes killed 12 people in Idlib the monitor said. " * 5
    cut, tail = cleaning.strip_tail(body + "Source AFP Related News Death toll rises to 70 in Ghouta")
    assert cut == (body + "Source AFP").strip() and tail.startswith("Related News")
    early = "Related News aside, " + body
    assert cleaning.strip_tail(early) == (early, None)


def test_comment_widget_tail_cut_with_the_tag_list_before_it():
    body = "Air strikes killed 12 people in Idlib the monitor said. " * 5
    widget = "Tags Daesh airstrikes Syria Community standardsDiscussion Comment via FacebookComment via Sputnik News"
    cut, tail = cleaning.strip_tail(body + widget)
    assert cut == body.strip() and tail == widget
    cut, tail = cleaning.strip_tail(body + "Community standards Discussion Comment via Facebook")
    assert cut == body.strip() and tail.startswith("Community standards")
    prose = body + "Tags on the bags were checked. The community standards were discussed at length."
    assert cleaning.strip_tail(prose) == (prose, None)


def test_flattened_tag_list_removed_only_when_it_is_a_list():
    body = ("Clashes continue. Tags Syria Free Syrian Army Idlib The brigade announced on Monday that it had killed "
            "six fighters. " * 3)
    cleaned, removed = cleaning.strip_tag_list(body)
    assert removed == "Tags Syria Free Syrian Army Idlib" and cleaned.startswith("Clashes continue. The brigade")
    prose = "Clashes continue. Tags were said to have been burned in a fire. The brigade said. " * 3
    assert cleaning.strip_tag_list(prose) == (prose, None)


def test_tag_list_ends_at_a_number_word_or_where_the_standfirst_starts_again():
    body = ("Rebels attacked a checkpoint near Idlib on Monday. Tags Syria Idlib Syrian opposition Fourteen members of "
            "the group were killed when a bomb struck their positions. " + "More fighting was reported. " * 8)
    cleaned, removed = cleaning.strip_tag_list(body)
    assert removed == "Tags Syria Idlib Syrian opposition" and "Monday. Fourteen members" in cleaned
    body = ("Syrian rebels launched a huge offensive in Idlib. Tags Syria Idlib al-Qaeda Syrian rebels launched a huge "
            "offensive on government-held areas in the north. " + "More fighting was reported. " * 8)
    cleaned, removed = cleaning.strip_tag_list(body)
    assert removed == "Tags Syria Idlib al-Qaeda" and "Idlib. Syrian rebels launched a huge offensive on" in cleaned


def test_wire_dateline_after_the_standfirst_removed_and_recorded():
    text, removed = cleaning.strip_inline("100 militants died according to local media. BEIRUT (Sputnik) The Syrian Air "
                                          "Force struck. Officials told (Reuters) the toll rose. Near Homs (AFP) it said.")
    assert text == ("100 militants died according to local media. The Syrian Air Force struck. Officials told (Reuters) "
                    "the toll rose. Near Homs (AFP) it said.")
    assert removed == ["dateline: BEIRUT (Sputnik) "]


def test_reuters_credits_footer_cut_and_recorded():
    body = ("Islamic State fighters stormed the air base on Sunday the Observatory said. " * 4
            + "Reporting by Oliver Holmes; Editing by John Stonestreet Our Standards:The Thomson Reuters Trust Principles.")
    text, tail = cleaning.strip_tail(body)
    assert text.endswith("the Observatory said.") and "Reporting by" not in text
    assert tail.startswith("Reporting by Oliver Holmes") and tail.endswith("Trust Principles.")


def test_video_embed_title_removed_and_recorded():
    text, removed = cleaning.strip_inline("Rescuers sprayed water on the building. Dozens killed in Idlib market air "
                                          "strikes Ediz Tiyansan reports - YouTube Syrian regime forces struck the town.")
    assert text == "Rescuers sprayed water on the building. Syrian regime forces struck the town."
    assert removed == ["video embed: Dozens killed in Idlib market air strikes Ediz Tiyansan reports - YouTube "]


def test_sputnik_photo_credit_and_related_headline_removed():
    text, removed = cleaning.strip_inline(
        "Two suicide bombers attacked the police headquarters. Sputnik Yazan Kalash Explosion in Damascus Reuters "
        "reported citing the ministry that the attackers tried to storm the station. Sputnik Ilya Pitalev Number of "
        "Settlements Joining Syrian Ceasefire Deal Reaches 207 MOSCOW (Sputnik) At the residential neighborhood "
        "terrorists killed a child. Sputnik reported the attack.")
    assert text == ("Two suicide bombers attacked the police headquarters. Reuters reported citing the ministry that the "
                    "attackers tried to storm the station. At the residential neighborhood terrorists killed a child. "
                    "Sputnik reported the attack.")
    text, removed_reuters = cleaning.strip_inline("The army advanced. REUTERS Murad Sezer Turkish Army Seizes Armed "
                                                  "Insurgent at Turkish-Syrian Border Syrian forces regained the area.")
    assert text == "The army advanced. Syrian forces regained the area."
    assert len(removed_reuters) == 1
    assert removed[:2] == ["photo credit and related headline:  Sputnik Yazan Kalash Explosion in Damascus ",
                           "photo credit and related headline:  Sputnik Ilya Pitalev Number of Settlements Joining "
                           "Syrian Ceasefire Deal Reaches 207 "]
    own = ("The talks ended on Friday. Sputnik News Agency Director General Dmitry Kiselyov said the agency would "
           "stay. REUTERS Staff Writers Union Leaders Met Officials on Monday.")
    assert cleaning.strip_inline(own) == (own, [])  # the agency's own name opening a real sentence stays


def test_byline_before_a_repeated_title_removed():
    title = "MSF Syrian Regime Used Chemical Weapons in Hama"
    cleaned, _, _ = cleaning.clean_body(f"by Youssef Diab {title} Beirut Doctors Without Borders (MSF) accused the "
                                        "regime.", title)
    assert cleaned.text == "Beirut Doctors Without Borders (MSF) accused the regime."
    assert cleaned.removed == ["byline: by Youssef Diab", f"repeated title: {title}"]
    kept, _, _ = cleaning.clean_body("by Sunday Syrian troops had taken the town.", "Troops take the town")
    assert kept.text == "by Sunday Syrian troops had taken the town."


def test_tag_list_ends_where_a_standfirst_ending_in_punctuation_starts_again():
    body = ("Jets hit Idlib Monday, killing 9. Tags Syria Idlib airstrikes Jets hit Idlib Monday, killing nine people "
            "in the market. " + "More fighting was reported. " * 8)
    cleaned, removed = cleaning.strip_tag_list(body)
    assert removed == "Tags Syria Idlib airstrikes" and "killing 9. Jets hit Idlib Monday, killing nine" in cleaned
