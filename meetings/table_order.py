"""The order of the Events table's rows when the user sorts by a column: all filtered rows, not one page.

The table shows one page at a time (only that page's rows go to the browser), so clicking a column header
there sorts that page only; sorting every row is done here, once per (table, filter set, column, direction),
and a page is then a slice of the order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetings.filters import as_list

NUMERIC = {"confidence", "n_sources", "lat", "lon"}
DERIVED = {"outlets", "link"}  # made from the articles for the shown rows only: not sortable over every row


def sort_key(column: pd.Series, name: str) -> pd.Series:
    """What a column sorts by: numbers as numbers, list cells by their "; "-joined text, text case-insensitive
    ("phone_call" as "phone call", as the table shows it); missing values are NaN."""
    if name in NUMERIC:
        return pd.to_numeric(column, errors="coerce")
    if column.map(lambda value: isinstance(value, (list, tuple, np.ndarray))).any():
        column = column.map(lambda value: "; ".join(str(v) for v in as_list(value)))
    text = column.astype("string").str.replace("_", " ", regex=False).str.casefold()
    return text.mask(text.fillna("").str.strip() == "")


def sort_order(events: pd.DataFrame, column: str, descending: bool = False) -> np.ndarray:
    """Row positions of `events` sorted by `column` (missing values last either way; ties keep table order)."""
    key = sort_key(events[column].reset_index(drop=True), column)
    return key.sort_values(ascending=not descending, na_position="last", kind="stable").index.to_numpy()

