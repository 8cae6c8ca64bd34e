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
# # 01 · Load and clean the articles
#
# **Purpose.** Turn a corpus of news files into one clean *articles* table that every later notebook reads:
# site boilerplate out, encoding repaired, datelines turned into metadata, and every data-quality problem
# **flagged, not silently fixed**.
#
# **Inputs →** the corpus named in the parameters cell (default: the seed article, a GlobalSecurity.org
# reprint of a Press TV story, and the FA-KES corpus of 804 Syrian-war articles from 15 outlets;
# Abu Salem et al., ICWSM 2019, CC BY 4.0; see `data/README.md`).
# **Outputs →** the `articles` table (schema in the README) and the `rejected` table (`source, reason`).

# %% tags=["parameters"]
CORPUS = ["../seeds/000_ee0862778b20c500.txt", "../data/fakes/FA-KES-Dataset.csv"]

# %%
from pathlib import Path

import altair as alt
import pandas as pd

from conflictnews import charts
from conflictnews.loading import articles_by_month, duplicate_pairs, flag_counts, load_articles_and_rejected

charts.enable()
pd.set_option("display.max_colwidth", 80)
articles, rejected = load_articles_and_rejected(CORPUS)

# %% [markdown]
# ## Did every input arrive?
# Every input file or row ends up either as an article or as a rejected row with its reason.

# %%
# NBVAL_CHECK_OUTPUT
print(f"inputs: {len(articles) + len(rejected)}  articles: {len(articles)}  rejected: {len(rejected)}")
rejected

# %% [markdown]
# ## What does cleaning do to one article?
# The seed as received, then as cleaned, with what was removed and what was flagged.

# %%
seed = articles[articles["source_path"].str.endswith("000_ee0862778b20c500.txt")]
if len(seed):
    raw = Path(seed.iloc[0]["source_path"]).read_text(encoding="utf-8")
    print("--- as received (first 600 characters) ---")
    print(raw[:600])

# %%
# NBVAL_CHECK_OUTPUT
if len(seed):
    row = seed.iloc[0]
    print(f"outlet: {row.outlet}\npublisher: {row.publisher}\ntitle: {row.title}\npublished: {row.published}")
    print("--- cleaned body (first and last 200 characters) ---")
    print(row.text[:200], "...", row.text[-200:], sep="\n")
    print("--- removed ---", *row.removed, sep="\n")
    print("--- flags ---", *row["flags"], sep="\n")

# %% [markdown]
# ## Which outlets are in the corpus, and when did they publish?

# %%
# NBVAL_CHECK_OUTPUT
by_outlet = articles.groupby("outlet").size().sort_values(ascending=False).rename("articles")
print(by_outlet.to_string())

# %%
alt.Chart(by_outlet.reset_index(), title="Articles per outlet").mark_bar().encode(
    x=alt.X("articles:Q", title="articles"),
    y=alt.Y("outlet:N", sort="-x", title=None),
    tooltip=["outlet", "articles"],
)

# %%
monthly = articles_by_month(articles)
alt.Chart(monthly, title="Articles per month, by outlet").mark_bar().encode(
    x=alt.X("yearmonth(month):T", title="month of publication"),
    y=alt.Y("sum(articles):Q", title="articles"),
    color=alt.Color("outlet:N", legend=alt.Legend(columns=2)),
    tooltip=["outlet", alt.Tooltip("yearmonth(month):T", title="month"), "articles"],
).properties(width=640)

# %% [markdown]
# ## Which articles are the same story twice?
# Exact duplicates share title and text; near duplicates are reprints (≥ 80% of sampled word 5-grams shared).
# They are flagged and kept: a reprint is evidence of how a story travelled.

# %%
# NBVAL_CHECK_OUTPUT
dupes = duplicate_pairs(articles)
print(dupes["kind"].value_counts().sort_index().to_string())
dupes.head(15)

# %% [markdown]
# ## What data-quality problems were flagged?
# Flag codes are documented in the README (`dateline_mismatch`: the body's own dateline disagrees with the
# date the corpus gives by more than two days, a known FA-KES defect).

# %%
# NBVAL_CHECK_OUTPUT
flags = flag_counts(articles)
print(flags.to_string(index=False))

# %% [markdown]
# ## Findings

# %%
# NBVAL_CHECK_OUTPUT
n_dupes = int((articles["duplicate_of"] != "").sum())
dated = articles["published"].dropna()
print(f"{len(articles)} articles from {articles['outlet'].nunique()} outlets loaded; {len(rejected)} inputs rejected.")
if len(dated):
    print(f"Published {dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}; {articles['published'].isna().sum()} undated.")
print(f"{n_dupes} articles are exact or near copies of another and are flagged, not dropped.")
print(f"{sum(len(r) for r in articles['removed'])} pieces of boilerplate, datelines and repeated titles removed.")
top = flags.head(3)
print("Most common flags: " + ", ".join(f"{f} ({n})" for f, n in zip(top["flag"], top["articles"])))
