"""One spaCy parse per article feeding every stage: entities, claims, casualties, incidents."""

from __future__ import annotations

import pandas as pd


def extract_tables(articles: pd.DataFrame, progress: bool = False) -> dict[str, pd.DataFrame]:
    """Return the extracted tables for an articles table, parsing each title and text once."""
    return {}
