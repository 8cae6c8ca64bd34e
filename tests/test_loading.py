"""Loading: every format, the seed's exact fields, real FA-KES rows, and bad input beside good input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from conflictnews.loading import InputError, expand_paths, load_articles, load_articles_and_rejected
from conflictnews.schema import ARTICLE_COLUMNS, REJECTED_COLUMNS

GOOD_TEXT = (
    "Syrian government forces shelled the town of Douma on Monday, killing at least 12 civilians, "
    "the Syrian Observatory for Human Rights said. The monitor said the toll was likely to rise as "
    "rescue workers searched the rubble of several buildings in the besieged enclave east of Damascus."
)


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


# -- the seed ------------------------------------------------------------------------------------


def test_seed_fields(seed_article):
    assert seed_article["outlet"] == "Press TV"
    assert seed_article["publisher"] == "GlobalSecurity.org"
    assert seed_article["title"] == "US rejects Russia's call for join airstrikes in Syria"
    assert seed_article["published"] == pd.Timestamp("2016-05-20 20:56")
    assert seed_article["text"].startswith("The United States has rejected")
    assert seed_article["text"].endswith("pre-war population of about 23 million.")
    assert seed_article["language"] == "en"


def test_seed_furniture_removed_and_recorded(seed_article):
    text = seed_article["text"]
    for furniture in ("UNITED24", "Weapons of Mass Destruction", "Iran Press TV", "mailing list", "8:56PM"):
        assert furniture not in text
    removed = " | ".join(seed_article["removed"])
    assert "banner: UNITED24" in removed and "breadcrumb: Weapons of Mass Destruction (WMD)" in removed
    assert "footer: Join the GlobalSecurity.org mailing list" in removed


def test_seed_implausible_date_flagged_not_changed(seed_article):
    assert "implausible_date=September 20014" in seed_article["flags"]
    assert "Since September 20014," in seed_article["text"]


def test_seed_keeps_paragraphs(seed_article):
    assert seed_article["text"].count("\n\n") == 17  # 18 body paragraphs


def test_article_schema(corpus):
    articles, rejected = corpus
    assert list(articles.columns[: len(ARTICLE_COLUMNS)]) == ARTICLE_COLUMNS
    assert list(rejected.columns) == REJECTED_COLUMNS
    assert articles["article_id"].is_unique


# -- FA-KES ------------------------------------------------------------------------------------------


def test_fakes_accounts_for_every_row(corpus, fakes_path):
    articles, rejected = corpus
    raw = pd.read_csv(fakes_path, encoding="cp1252")
    from_fakes = articles[articles["source_path"] == str(fakes_path)]
    assert len(from_fakes) + len(rejected) == len(raw) == 804
    assert sorted(from_fakes["source_row"]) == list(range(len(raw)))


def test_fakes_row_fields(corpus, fakes_path):
    articles, _ = corpus
    row = articles[articles["article_id"] == "1914947530"].iloc[0]
    assert row["outlet"] == "NNA"
    assert row["published"] == pd.Timestamp("2017-04-05")
    assert row["title"] == "Syria attack symptoms consistent with nerve agent use WHO"
    assert row["text"].startswith("Victims of a suspected chemical attack in Syria")
    assert "dateline: Wed 05 Apr 2017" in row["removed"]
    assert row["location"] == "idlib"


def test_fakes_repeated_ids_kept_distinguishable(corpus, fakes_path):
    articles, _ = corpus
    raw = pd.read_csv(fakes_path, encoding="cp1252")
    repeats = raw["unit_id"].value_counts()
    extra_rows = int((repeats[repeats > 1] - 1).sum())
    assert articles["flags"].map(lambda f: "duplicate_id" in f).sum() == extra_rows
    assert articles["article_id"].is_unique


def test_fakes_exact_duplicates_flagged_not_dropped(corpus):
    articles, _ = corpus
    exact = articles[articles["flags"].map(lambda f: "exact_duplicate" in f)]
    assert len(exact) >= 14
    originals = articles.set_index("article_id").loc[exact["duplicate_of"]]
    assert (originals["text"].str.casefold().values == exact["text"].str.casefold().values).all()


def test_fakes_datelines_leave_body(corpus):
    articles, _ = corpus
    fakes = articles[articles["source_row"].notna()]
    leading = fakes["text"].str.match(r"^(?:Last updated at|Date of publication|Published [A-Z][a-z]+ \d)")
    assert leading.sum() == 0
    assert fakes["removed"].map(lambda r: any(x.startswith("dateline:") for x in r)).sum() > 600


def test_fakes_non_ascii_survives(tmp_path):
    path = tmp_path / "arabic.csv"
    pd.DataFrame({"title": ["Bombing in Dayr az-Zawr"], "text": ["Residents of دير الزور and Ḥamāh fled. " + GOOD_TEXT]}).to_csv(path, index=False)
    article = load_articles([path]).iloc[0]
    assert "دير الزور" in article["text"] and "Ḥamāh" in article["text"]


def test_cp1252_and_mojibake_repaired(tmp_path):
    path = tmp_path / "cp.csv"
    text = "The envoy\u2019s statement was read in Sa\u00e3o Paulo and in caf\u00e9s. " + GOOD_TEXT
    pd.DataFrame({"title": ["T"], "text": [text]}).to_csv(path, index=False, encoding="cp1252")
    article = load_articles([path]).iloc[0]
    assert "envoy's statement" in article["text"] and "cafés" in article["text"]
    mangled = tmp_path / "moji.jsonl"
    write_jsonl(mangled, [{"title": "T", "text": "Caf\u00c3\u00a9 owners in Homs said. " + GOOD_TEXT}])
    article = load_articles([mangled]).iloc[0]
    assert article["text"].startswith("Café owners") and "mojibake_repaired" in article["flags"]


# -- formats -------------------------------------------------------------------------------------------


def test_jsonl_all_keys_and_only_text(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "x1", "title": "Douma shelled", "text": GOOD_TEXT, "outlet": "reuters",
         "published": "2018-02-20T10:15:00+02:00", "url": "https://example.org/a", "language": "en"},
        {"text": GOOD_TEXT + " Second copy with a change."},
    ])
    articles = load_articles([path])
    first, second = articles.iloc[0], articles.iloc[1]
    assert first["article_id"] == "x1" and first["outlet"] == "Reuters" and first["url"] == "https://example.org/a"
    assert first["published"] == pd.Timestamp("2018-02-20T08:15:00Z")
    assert len(second["article_id"]) == 16 and "missing_date" in second["flags"] and "no_title" in second["flags"]


def test_stable_hash_id_is_stable(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"title": "t", "text": GOOD_TEXT, "outlet": "SANA"}])
    assert load_articles([path])["article_id"].tolist() == load_articles([path])["article_id"].tolist()


def test_generic_csv(tmp_path):
    path = tmp_path / "g.csv"
    pd.DataFrame({"title": ["Douma"], "text": [GOOD_TEXT], "outlet": ["SANA"], "published": ["2018-02-20"]}).to_csv(path, index=False)
    article = load_articles([path]).iloc[0]
    assert article["outlet"] == "SANA" and article["published"] == pd.Timestamp("2018-02-20")


def test_html_page_via_trafilatura(tmp_path):
    body = "".join(f"<p>{GOOD_TEXT} Paragraph {i}.</p>" for i in range(3))
    page = f"""<html><head><title>Douma shelled - Example News</title>
    <meta property="og:site_name" content="Example News"><meta name="date" content="2018-02-20">
    </head><body><nav>Home | World</nav><article><h1>Douma shelled</h1>{body}</article>
    <footer>Subscribe to our newsletter</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article = load_articles([path]).iloc[0]
    assert "Syrian Observatory" in article["text"] and "Subscribe" not in article["text"]
    assert article["title"].startswith("Douma shelled")
    assert article["published"] == pd.Timestamp("2018-02-20")


def test_directory_of_mixed_files(tmp_path, seed_path):
    (tmp_path / "seed.txt").write_bytes(seed_path.read_bytes())
    write_jsonl(tmp_path / "b.jsonl", [{"text": GOOD_TEXT}, "{not json", {"title": "no text"}])
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.csv").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    articles, rejected = load_articles_and_rejected([tmp_path])
    assert len(articles) == 2
    reasons = dict(zip(rejected["source"].map(lambda s: Path(s.split(":")[0]).name), rejected["reason"]))
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blob.csv"] == "binary file, not text"
    assert "unsupported file type" in reasons["notes.docx"]
    assert any("invalid JSON" in r for r in rejected["reason"])
    assert any("missing required field 'text'" in r for r in rejected["reason"])
    assert len(articles) + len(rejected) == 7


def test_invalid_utf8_line_rejected_neighbours_load(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"text": GOOD_TEXT}).encode()
    path.write_bytes(good + b"\n" + b'{"text": "caf\xe9 \xff"}' + b"\n" + good + b"\n")
    articles, rejected = load_articles_and_rejected([path])
    assert len(articles) == 2
    assert rejected.iloc[0]["source"].endswith(":2") and "invalid UTF-8" in rejected.iloc[0]["reason"]


def test_malformed_csv_row_among_good(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(f'title,text\nA,"{GOOD_TEXT}"\nB,"{GOOD_TEXT}",extra,fields\nC,"{GOOD_TEXT}"\n', encoding="utf-8")
    articles, rejected = load_articles_and_rejected([path])
    assert articles["title"].tolist() == ["A", "C"]
    assert rejected.iloc[0]["reason"] == "malformed CSV row: expected 2 fields, got 4"


def test_csv_without_text_column_rejected(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    _, rejected = load_articles_and_rejected([path])
    assert "no 'text' column" in rejected.iloc[0]["reason"]


def test_non_english_article_flagged(tmp_path):
    path = write_jsonl(tmp_path / "fr.jsonl", [
        {"text": "Les forces du gouvernement syrien ont bombardé la ville de Douma lundi, tuant au moins "
                 "douze civils, selon l'Observatoire syrien des droits de l'homme. Le bilan pourrait s'alourdir."},
        {"text": "قصفت قوات الحكومة السورية مدينة دوما يوم الاثنين مما أسفر عن مقتل اثني عشر مدنيا على الأقل"},
    ])
    articles = load_articles([path])
    assert articles["language"].tolist() == ["und", "ar"]
    assert all("non_english" in f for f in articles["flags"])


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="input not found"):
        expand_paths([tmp_path / "nope.csv"])
    with pytest.raises(InputError, match="no files match"):
        expand_paths([str(tmp_path / "*.jsonl")])


def test_glob_expands(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"text": GOOD_TEXT}])
    write_jsonl(tmp_path / "b.jsonl", [{"text": GOOD_TEXT + " b"}])
    assert len(load_articles([str(tmp_path / "*.jsonl")])) == 2
