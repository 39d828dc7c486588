"""Diplomatic Meetings Timeline: from news articles to one merged, dated, geocoded table of meetings.

The public API::

    tables = meetings.load_events("seeds")          # or a list of folders
    tables.events, tables.articles, tables.warnings  # pandas DataFrames (columns in meetings.schema)
"""

from meetings.pipeline import EventTables, load_events

__all__ = ["EventTables", "load_events"]
