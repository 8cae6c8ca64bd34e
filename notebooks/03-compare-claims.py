# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Who said what: attributed claims, compared across outlets
#
# **Purpose.** Find every attributed statement (direct quotes, reported speech and the mix of both) with its
# speaker, reporting verb and the stance that verb takes (neutral *said*, assertive *insisted*, distancing
# *claimed*, denial *denied*), plus hedges in the outlet's own voice (*purportedly*, *so-called*). Then group
# articles that report the same event and line up what each outlet attributes to whom: different figures from
# the same speaker, an assertion against a denial, a speaker one outlet quotes and another leaves out, a claim
# one outlet attributes and another states as fact. Rating sites (Ground News, AllSides) rate outlets; this
# compares what they actually report.
#
# **Inputs →** the corpus in the parameters cell (default: the seed article and FA-KES, Abu Salem et al.,
# ICWSM 2019, CC BY 4.0) and the hand-annotated claims in `tests/fixtures/claims_gold.jsonl`
# (how they were made: `tests/fixtures/claims_gold_README.md`).
# **Outputs →** the `claims` table (schema in the README), the event groups and the comparison table.
#
# Claims are found with rules over one spaCy dependency parse (no network model): a cue lexicon
# (`lib/conflictnews/data/cues.csv`, users can extend it) gives the reporting verbs and their stance; the
# speaker is the verb's subject (or the object of *according to*), resolved to the actor named by the entity
# stage; pronouns take the nearest fitting earlier speaker.

# %% tags=["parameters"]
CORPUS = ["../seeds/000_ee0862778b20c500.txt", "../data/fakes/FA-KES-Dataset.csv"]
GOLD = "../tests/fixtures/claims_gold.jsonl"

# %%

import altair as alt
import pandas as pd
from IPython.display import HTML

from conflictnews import charts
from conflictnews.claims import (
    COMPARISON_KINDS,
    claims_html,
    compare_claims,
    quoted_by_outlet,
    side_by_side,
    stance_by_outlet,
)
from conflictnews.evaluation import evaluate_claims, read_claims_gold
from conflictnews.events import group_events, multi_outlet_events
from conflictnews.pipeline import load_tables

charts.enable()
pd.set_option("display.max_colwidth", 120)
tables = load_tables(CORPUS)
articles, claims = tables["articles"], tables["claims"]

# %% [markdown]
# ## What does the seed article attribute, and to whom?
# Every statement in the seed (Press TV, 20 May 2016) with its speaker, cue, stance and type. The outlet's own
# hedge ("airstrikes ... *purportedly* against Daesh positions") is a row of type `outlet`.

# %%
seed_ids = articles.loc[articles["source_path"].astype(str).str.endswith("000_ee0862778b20c500.txt"), "article_id"]
seed_claims = claims[claims["article_id"].isin(set(seed_ids))]
HTML(claims_html(seed_claims, ["speaker_text", "speaker", "speaker_type", "cue", "stance", "type", "content"]))

# %%
# NBVAL_CHECK_OUTPUT
print(f"seed claims: {len(seed_claims)}")
print(seed_claims.groupby("speaker").size().sort_index().to_string())

# %% [markdown]
# ## Who is quoted by which outlet?
# The fifteen most-quoted speakers across the corpus, counted per outlet (attributed claims only).

# %%
# NBVAL_CHECK_OUTPUT
quoted = quoted_by_outlet(claims, articles)
print(f"claims: {len(claims)}  attributed: {(claims['type'] != 'outlet').sum()}  "
      f"articles with a claim: {claims['article_id'].nunique()} of {len(articles)}")
quoted

# %% [markdown]
# ## How do outlets attribute: neutral, assertive, distancing, denial, hedged?
# The share of each stance among an outlet's claims. A high *distancing* share means the outlet often reports
# with "claimed"/"alleged"; *hedged* counts hedges in the outlet's own voice.

# %%
stances = stance_by_outlet(claims, articles)
alt.Chart(stances).mark_bar().encode(
    y=alt.Y("outlet:N", sort="ascending", title=None),
    x=alt.X("share:Q", stack="normalize", title="share of the outlet's claims"),
    color=alt.Color("stance:N", sort=["neutral", "assertive", "distancing", "denial", "hedged"]),
    tooltip=["outlet", "stance", "claims", "share"],
).properties(title="Stance of attribution by outlet", width=480)

# %%
# NBVAL_CHECK_OUTPUT
print(stances.pivot(index="outlet", columns="stance", values="claims").fillna(0).astype(int).to_string())

# %% [markdown]
# ## Which events are covered by several outlets?
# Articles are grouped by place (the corpus's own `location`, else the place the article names most) and date
# (within one day of each other), then split when their local sites differ (the first town, village or district
# each names, column `site`; notebook 04 measures the split against hand-labelled pairs). By place and date alone,
# with a zero-day window, the grouping reproduces FA-KES's own count of (date, location) groups covered by two or
# more outlets (104, FA-KES README).

# %%
# NBVAL_CHECK_OUTPUT
events = group_events(articles, tables["entities"], window_days=1)
exact = multi_outlet_events(group_events(articles, tables["entities"], window_days=0, sites={}))
groups = multi_outlet_events(events)
print(f"same-day (date, location) groups with >=2 outlets: {len(exact)} (>=3: {(exact['n_outlets'] >= 3).sum()})")
print(f"one-day-window groups with >=2 outlets: {len(groups)} (>=3: {(groups['n_outlets'] >= 3).sum()})")
groups.head(10)

# %% [markdown]
# ## Where do outlets agree or contradict each other?
# Inside each group, claims are aligned by speaker and by slot: figures, names (places and actors), and the
# proposition's words with its negation. Every flagged row cites both claims, their sentences and articles.

# %%
# NBVAL_CHECK_OUTPUT
comparison = compare_claims(claims, articles, events)
for kind, meaning in COMPARISON_KINDS.items():
    print(f"{kind:18} {int((comparison['kind'] == kind).sum()):5}  {meaning}")

# %%
focus = ["different_figures", "assert_vs_deny", "outlet_voice"]
flagged = comparison[comparison["kind"].isin(focus)]
HTML(claims_html(flagged.head(25), ["event_id", "kind", "detail", "outlet_a", "content_a", "outlet_b", "content_b"]))

# %% [markdown]
# ## What does each outlet attribute to whom, event by event?
# Khan Shaykhun (Idlib, 4 April 2017), Ghouta (Damascus, 21 August 2013) and the Aleppo group of 2016 covered by
# the most outlets; contradictions flagged inside each group follow each side-by-side table.

# %%
aleppo_2016 = groups[(groups["location"] == "aleppo") & groups["event_date"].str.startswith("2016")]
chosen = {
    "Khan Shaykhun 2017-04-04": "2017-04-04 idlib",
    "Ghouta 2013-08-21": "2013-08-21 damascus",
    "Aleppo 2016": aleppo_2016.iloc[0]["event_id"] if len(aleppo_2016) else "",
}
for label, event_id in chosen.items():
    table = side_by_side(claims, articles, events, event_id)
    print(f"{label}: event {event_id!r}, {table['outlet'].nunique()} outlets, {len(table)} claims")

# %%
HTML(claims_html(side_by_side(claims, articles, events, chosen["Khan Shaykhun 2017-04-04"]),
                 ["outlet", "speaker", "cue", "stance", "type", "content"]))

# %%
HTML(claims_html(side_by_side(claims, articles, events, chosen["Ghouta 2013-08-21"]).head(60),
                 ["outlet", "speaker", "cue", "stance", "type", "content"]))

# %%
HTML(claims_html(side_by_side(claims, articles, events, chosen["Aleppo 2016"]),
                 ["outlet", "speaker", "cue", "stance", "type", "content"]))

# %%
# NBVAL_CHECK_OUTPUT
picked = comparison[comparison["event_id"].isin(set(chosen.values())) & comparison["kind"].isin(focus)]
print(picked.groupby(["event_id", "kind"]).size().to_string())

# %%
HTML(claims_html(picked, ["event_id", "kind", "detail", "content_a", "sentence_a", "content_b", "sentence_b"]))

# %% [markdown]
# ## How good is the extraction?
# Scored against hand-annotated claims in FA-KES articles from all 15 outlets (`tests/fixtures/claims_gold.jsonl`;
# its README says how the articles were picked and annotated, in five passes with a second annotator's review; the
# counts are printed below), split by a fixed hash of the article id into a development half (rules were tuned on
# its errors) and a held-out test half (only its overall scores were read, never its errors). A predicted claim matches a gold claim of the same article when they share at least half of
# the words of the longer of the two (*overlap*), or have the very same words (*exact*; case, punctuation and
# quote marks ignored); matching is one-to-one. *Content+speaker* also needs the speaker to agree (the head word
# of the gold or predicted name found in the other). Outlet-voice hedges are not scored (not annotated).
# Published systems reach F1 ≈ 0.83 with overlap matching and ≈ 0.57 exact (different data, PARC3).

# %%
# NBVAL_CHECK_OUTPUT
gold = read_claims_gold(GOLD, articles)
scores = pd.concat([evaluate_claims(gold[gold["split"] == split], claims).assign(split=split)
                    for split in ("dev", "test")], ignore_index=True)
print(f"gold: {len(gold)} claims in {gold['article_id'].nunique()} articles")
print(scores[["split", "measure", "gold", "predicted", "matched", "precision", "recall", "f1", "f1_low", "f1_high"]]
      .to_string(index=False))
print("f1_low, f1_high: F1's 95% interval from resampling the split's articles (2,000 seeded resamples)")

# %% [markdown]
# ## Findings

# %%
# NBVAL_CHECK_OUTPUT
test = scores[scores["split"] == "test"].set_index("measure")
top = quoted.sum(axis=1)
counts = comparison["kind"].value_counts()
print(f"{len(claims)} claims in {claims['article_id'].nunique()} articles; "
      f"{(claims['type'] == 'outlet').sum()} are hedges in the outlet's own voice.")
print(f"Most quoted: {', '.join(f'{s} ({n})' for s, n in top.head(3).items())}.")
print(f"{len(groups)} events are covered by two or more outlets; inside them "
      f"{counts.get('different_figures', 0)} different-figure pairs, {counts.get('assert_vs_deny', 0)} "
      f"assert-vs-deny pairs and {counts.get('outlet_voice', 0)} attributed-vs-own-voice pairs are flagged.")
print(f"Held-out test F1: content {test.loc['content (overlap)', 'f1']:.2f} (overlap), "
      f"{test.loc['content (exact)', 'f1']:.2f} (exact); content+speaker "
      f"{test.loc['content+speaker (overlap)', 'f1']:.2f} (overlap), 95% interval "
      f"{test.loc['content+speaker (overlap)', 'f1_low']:.2f}-{test.loc['content+speaker (overlap)', 'f1_high']:.2f}.")
