"""Event groups: articles that report the same event (same place, dates within a window), shared by claims and casualties.

The place of an article is its own `location` column when the input has one (FA-KES gives the governorate), else
the place it names most often in its body (from the entities table: GPE/LOC mentions; countries named in
``COUNTRY_WORDS`` are too coarse and skipped). Articles at the same place whose dates lie within ``window_days`` of
each other are chained into one group (single link, sorted by date); a group never spans more than ``max_span_days``.
Articles with no place or no date form a group of their own.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

EVENT_COLUMNS: list[str] = ["article_id", "event_id", "event_date", "location", "n_articles", "n_outlets"]
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
                 max_span_days: int = 3, places: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return article_id -> event_id with the group's first date, place and size (EVENT_COLUMNS); `places`
    ({article_id: most-named place}, as `places_from_entities` gives) stands in for the entities table."""
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
            members = part[[n == number for n in numbers]]
            first = members["day"].min()
            event_id = f"{first.date().isoformat()} {location}"
            for row in members.itertuples(index=False):
                rows.append((row.article_id, event_id, first.date().isoformat(), location, len(members),
                             members["outlet"].nunique()))
    for row in frame.drop(dated.index).itertuples(index=False):
        rows.append((row.article_id, f"article {row.article_id}", row.day.date().isoformat() if row.day else "",
                     row.location, 1, 1))
    return pd.DataFrame(rows, columns=EVENT_COLUMNS).sort_values(["event_id", "article_id"]).reset_index(drop=True)


def multi_outlet_events(events: pd.DataFrame, min_outlets: int = 2) -> pd.DataFrame:
    """Return one row per event group covered by at least min_outlets outlets, largest first."""
    groups = events.drop_duplicates("event_id")[["event_id", "event_date", "location", "n_articles", "n_outlets"]]
    groups = groups[groups["n_outlets"] >= min_outlets]
    return groups.sort_values(["n_outlets", "n_articles", "event_id"], ascending=[False, False, True]) \
        .reset_index(drop=True)
