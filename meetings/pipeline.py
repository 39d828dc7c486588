"""The pipeline over a set of folders: read, clean, extract, merge, tabulate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from meetings.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, WARNING_COLUMNS


@dataclass
class EventTables:
    """What `load_events` returns: the merged events, the articles read, and per-file problems."""

    events: pd.DataFrame
    articles: pd.DataFrame
    warnings: pd.DataFrame


def load_events(folders: str | Path | Iterable[str | Path]) -> EventTables:
    """Read every article in `folders` and return the merged event table (placeholder while the engine lands)."""
    return EventTables(
        events=pd.DataFrame(columns=EVENT_COLUMNS),
        articles=pd.DataFrame(columns=ARTICLE_COLUMNS),
        warnings=pd.DataFrame(columns=WARNING_COLUMNS),
    )
