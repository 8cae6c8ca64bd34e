"""Event groups: articles that report the same event (same place, dates within a window), shared by claims and casualties.

The place of an article is its own `location` column when the input has one (FA-KES gives the governorate), else
the place it names most often in its body (from the entities table: GPE/LOC mentions; countries named in
``COUNTRY_WORDS`` are too coarse and skipped). Articles at the same place whose dates lie within ``window_days`` of
each other are chained into one group (single link, sorted by date); a group never spans more than ``max_span_days``.
Inside it, articles whose local sites differ (the first town, village or district each names: `site`) are split
into separate events, so that two attacks on two neighbourhoods of one city the same day are not compared.
Articles with no place or no date form a group of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from .nlp import spelling_key

EVENT_COLUMNS: list[str] = ["article_id", "event_id", "event_date", "location", "site", "n_articles", "n_outlets"]
COUNTRY_WORDS = frozenset({"syria", "syrian arab republic", "russia", "united states", "us", "u.s.", "turkey", "iran",
                           "israel", "lebanon", "iraq", "jordan"})


def _date_of(value: object) -> pd.Timestamp | None:
    """Return the calendar day of a published value, or None."""
    stamp = pd.to_datetime(value, errors="coerce", utc=True) if value is not None else pd.NaT
    return None if pd.isna(stamp) else pd.Timestamp(stamp.date())


PLACE_LABELS = ("GPE", "LOC")


def places_from_entities(entities: pd.DataFrame | None) -> dict[str, str]:
    """Return {article_id: the place its body names most often} from an entities table (GPE/LOC, countries skipped)."""
    if entities is None or entities.empty:
        return {}
    rows = entities[(entities["where"] == "text") & entities["label"].isin(PLACE_LABELS)].copy()
    name = rows["actor_name"].where(rows["actor_name"].astype(str).str.strip() != "", rows["text"]) \
        if "actor_name" in rows else rows["text"]
    rows["place"] = name.fillna(rows["text"]).astype(str).str.strip().str.lower()
    rows = rows[~rows["place"].isin(COUNTRY_WORDS) & (rows["place"] != "")]
    counts = rows.groupby(["article_id", "place"]).size().reset_index(name="n")
    counts = counts.sort_values(["article_id", "n", "place"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("article_id")[["article_id", "place"]].itertuples(index=False, name=None))


COARSE_PLACE_KINDS = frozenset({"country", "governorate", "province", "region", "sea", "river"})


LOCAL_PLACES_KEPT = 5  # local places remembered per article, in order (title first, then body)


def local_places_from_entities(entities: pd.DataFrame | None) -> dict[str, list[str]]:
    """Return {article_id: its local places in order}: towns, villages, districts and other places below a
    governorate, those the title names first, then the body's (countries, governorates, regions and the
    governorates' capital cities, which name the governorate as often as the city, skipped); ids without 'place:'."""
    if entities is None or entities.empty:
        return {}
    from .entities import PLACE_LABELS as NAMED_PLACE_LABELS
    from .entities import place_kinds

    kinds = place_kinds()
    capitals = governorate_capitals()
    rows = entities[entities["label"].isin(NAMED_PLACE_LABELS) & entities["actor_id"].astype(str).str.startswith("place:")
                    & entities["text"].astype(str).str.contains(r"[A-Z]")]  # a name, not 'the southern city'
    ids = rows["actor_id"].str.slice(len("place:"))
    local = [kinds.get(f"place:{i}", "local") not in COARSE_PLACE_KINDS and f"place:{i}" not in capitals for i in ids]
    rows = rows.assign(place=ids).loc[pd.Series(local, index=rows.index, dtype=bool)]
    rows = rows.assign(order=(rows["where"] != "title").astype(int)).sort_values(["article_id", "order", "start"])
    return {str(a): list(dict.fromkeys(g["place"]))[:LOCAL_PLACES_KEPT] for a, g in rows.groupby("article_id", sort=False)}


@lru_cache(maxsize=1)
def governorate_capitals() -> frozenset[str]:
    """Return the place ids of the cities that share their governorate's name ('place:aleppo', 'place:dara' for
    Daraa): a report naming one names the governorate as often as the city."""
    from .nlp import load_places

    places = load_places()
    governorates = {str(r.name): str(r.name).lower().removesuffix(" governorate")
                    for r in places.itertuples() if r.kind == "governorate"}
    return frozenset(r.place_id for r in places.itertuples() if r.kind == "city" and r.admin1 in governorates
                     and governorates[r.admin1] in {str(a).lower() for a in [r.name, *r.aliases]})


def _same_site(keys_x: list[str], keys_y: list[str]) -> bool:
    """Return True when two articles' main incidents can be at the same place: the first local place of one is among
    the other's (given as spelling keys, so 'al-Midan' and 'Midan' agree), or neither names one ([''])."""
    return keys_x[0] in keys_y or keys_y[0] in keys_x


def _site_components(ids: list[str], sites: Mapping[str, list[str]]) -> list[int]:
    """Return a component number per article: articles linked by `_same_site`, chained (single link)."""
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [[spelling_key(p) for p in sites.get(i, [])] or [""] for i in ids]  # once per article, not per pair
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if _same_site(keys[i], keys[j]):
                parent[root(j)] = root(i)
    roots = [root(i) for i in range(len(ids))]
    order = list(dict.fromkeys(roots))
    return [order.index(r) for r in roots]


def article_places(articles: pd.DataFrame, entities: pd.DataFrame | None = None,
                   places: Mapping[str, str] | None = None) -> pd.Series:
    """Return the place of each article (index = article_id): its `location` column, else its most-named place
    (`places`, else computed from the entities table)."""
    own = articles["location"] if "location" in articles else pd.Series([""] * len(articles), index=articles.index)
    own = own.fillna("").astype(str).str.strip().str.lower()
    fallback = places if places is not None else places_from_entities(entities)
    ids = articles["article_id"].astype(str)
    return pd.Series([o or fallback.get(a, "") for a, o in zip(ids, own)], index=ids, dtype=str)


def _chain(dates: list[pd.Timestamp], window_days: int, max_span_days: int) -> list[int]:
    """Return a group number per (sorted) date: chained while gaps <= window and the group span <= max span."""
    groups, current, first, last = [], 0, None, None
    for day in dates:
        if first is not None and ((day - last).days > window_days or (day - first).days > max_span_days):
            current += 1
            first = None
        if first is None:
            first = day
        last = day
        groups.append(current)
    return groups


def group_events(articles: pd.DataFrame, entities: pd.DataFrame | None = None, window_days: int = 1,
                 max_span_days: int = 3, places: Mapping[str, str] | None = None,
                 sites: Mapping[str, list[str]] | None = None) -> pd.DataFrame:
    """Return article_id -> event_id with the group's first date, place, site and size (EVENT_COLUMNS); `places`
    ({article_id: most-named place}, as `places_from_entities` gives) and `sites` ({article_id: local places},
    as `local_places_from_entities` gives) stand in for the entities table. Articles at one place within the date
    window are one event only if their local sites agree (`_same_site`): two rocket attacks on two Aleppo
    neighbourhoods the same day are two events."""
    if sites is None:
        sites = local_places_from_entities(entities)
    places = article_places(articles, entities, places)
    frame = pd.DataFrame({
        "article_id": articles["article_id"].astype(str).to_numpy(),
        "outlet": (articles["outlet"] if "outlet" in articles else pd.Series([""] * len(articles))).fillna("")
        .astype(str).to_numpy(),
        "day": [_date_of(v) for v in articles["published"]] if "published" in articles else [None] * len(articles),
        "location": places.to_numpy(),
    })
    rows = []
    dated = frame[frame["day"].notna() & (frame["location"] != "")]
    for location, part in dated.groupby("location", sort=True):
        part = part.sort_values(["day", "article_id"])
        numbers = _chain(list(part["day"]), window_days, max_span_days)
        for number in sorted(set(numbers)):
            chained = part[[n == number for n in numbers]]
            components = _site_components(list(chained["article_id"]), sites)
            for component in sorted(set(components)):
                members = chained[[c == component for c in components]]
                first = members["day"].min()
                site = _component_site(list(members["article_id"]), sites)
                event_id = f"{first.date().isoformat()} {location}" + (f" / {site}" if site else "")
                for row in members.itertuples(index=False):
                    rows.append((row.article_id, event_id, first.date().isoformat(), location, site, len(members),
                                 members["outlet"].nunique()))
    for row in frame.drop(dated.index).itertuples(index=False):
        site = _component_site([row.article_id], sites)
        rows.append((row.article_id, f"article {row.article_id}", row.day.date().isoformat() if row.day else "",
                     row.location, site, 1, 1))
    return pd.DataFrame(rows, columns=EVENT_COLUMNS).sort_values(["event_id", "article_id"]).reset_index(drop=True)


def _component_site(ids: list[str], sites: Mapping[str, list[str]]) -> str:
    """Return the site of an event: the first local place its articles name most often ('' if none names one)."""
    firsts = [sites[i][0] for i in ids if sites.get(i)]
    return max(sorted(set(firsts)), key=firsts.count) if firsts else ""


def multi_outlet_events(events: pd.DataFrame, min_outlets: int = 2) -> pd.DataFrame:
    """Return one row per event group covered by at least min_outlets outlets, largest first."""
    groups = events.drop_duplicates("event_id")[["event_id", "event_date", "location", "site", "n_articles", "n_outlets"]]
    groups = groups[groups["n_outlets"] >= min_outlets]
    return groups.sort_values(["n_outlets", "n_articles", "event_id"], ascending=[False, False, True]) \
        .reset_index(drop=True)
