"""CSV text built column by column: each column becomes one Arrow string array (formatted, formula-guarded,
quoted in a few vectorised steps), and the rows are the columns joined with commas.

The bytes are those Python's `csv.writer` (QUOTE_MINIMAL, "\r\n" as the terminator, rows then ending in "\n")
wrote cell by cell before: a 100,000-event export took seconds in per-cell Python. Columns whose cells are not
plain (lists, numbers stored as objects, mixed types) keep the per-cell formatting, so the output never
depends on which path a column took; tests/test_csv_columns.py compares both on real and hostile tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# A cell starting with one of = + - @ tab CR is a formula to a spreadsheet (see export.FORMULA_PREFIXES).
FORMULA_PATTERN = "^[=+\\-@\t\r]"
# QUOTE_MINIMAL with "\r\n" as the terminator quotes a cell holding the delimiter, the quote or CR / LF.
NEEDS_QUOTES = '[,"\r\n]'
LIST_SEPARATOR = "; "


def csv_cell(value: Any) -> str:
    """One cell as `csv.writer` writes it: missing is empty, everything else by str()."""
    if value is None or (not isinstance(value, (list, tuple, dict, set)) and _isna(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # an array-like cell is a value, not a missing one
        return False


def _is_text(column: pd.Series) -> bool:
    """True when every present cell is a str (or the column holds no value at all)."""
    return pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty")


def cell_strings(column: pd.Series, guard: Callable[[Any], Any] | None = None) -> pa.Array:
    """The column's cells as CSV text (unquoted); `guard`, when given, protects text cells against formulas
    (vectorised for text columns; `guard` itself is applied cell by cell only to columns of mixed types)."""
    textual = column.dtype == object or pd.api.types.is_string_dtype(column)
    if textual and _is_text(column):
        strings = pa.array(column.where(column.notna(), "").to_numpy(dtype=object), pa.string())
        return guarded(strings) if guard is not None else strings
    if textual and guard is not None:  # mixed cells: guarded one by one, the column rebuilt as the former writer did
        return cell_strings(pd.Series([guard(v) for v in column.tolist()], index=column.index, dtype=None))
    if column.dtype == "float64":
        # numpy prints a float64 as Python's str does (shortest round-trip form)
        strings = column.to_numpy().astype(str)
        strings[column.isna().to_numpy()] = ""
        return pa.array(strings, pa.string())
    if pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):
        return pa.array(column.astype("string").fillna("").to_numpy(dtype=object), pa.string())
    cells = column.astype(object).where(column.notna(), "")
    return pa.array([csv_cell(v) for v in cells], pa.string())


def guarded(strings: pa.Array) -> pa.Array:
    """Text cells starting like a formula, prefixed with ' (spreadsheets then show them as text)."""
    risky = pc.match_substring_regex(strings, FORMULA_PATTERN)
    if not pc.any(risky).as_py():  # most columns (ids, dates, kinds) have none: skip building the copy
        return strings
    return pc.if_else(risky, pc.binary_join_element_wise("'", strings, ""), strings)


def quoted(strings: pa.Array, quote_empty: bool = False) -> pa.Array:
    """Cells holding , " CR or LF in quotes, their quotes doubled; with `quote_empty`, "" for an empty cell
    (what csv.writer does for a row of one empty cell)."""
    needs = pc.match_substring_regex(strings, NEEDS_QUOTES)
    if quote_empty:
        needs = pc.or_(needs, pc.equal(pc.utf8_length(strings), 0))
    if not pc.any(needs).as_py():
        return strings
    wrapped = pc.binary_join_element_wise('"', pc.replace_substring(strings, '"', '""'), '"', "")
    return pc.if_else(needs, wrapped, strings)


def csv_text(frame: pd.DataFrame, guard: Callable[[Any], Any] | None = None) -> str:
    """The frame as CSV: a header, then one line per row, each ending in "\n"; cells quoted as QUOTE_MINIMAL
    with "\r\n" would (so a bare CR in a cell is quoted too), missing values empty, floats in shortest form."""
    one_cell = len(frame.columns) == 1
    header = quoted(pa.array([str(c) for c in frame.columns], pa.string()), one_cell).to_pylist()
    if not len(frame.columns):
        return "\n" * (len(frame) + 1)
    columns = [quoted(cell_strings(frame.iloc[:, i], guard), one_cell) for i in range(len(frame.columns))]
    rows = columns[0] if one_cell else pc.binary_join_element_wise(*columns, ",")
    return ",".join(header) + "\n" + "".join(line + "\n" for line in rows.to_pylist())


def joined_lists(column: pd.Series, join_one: Callable[[Any], str]) -> list[str]:
    """A column of lists joined with "; " in Arrow; a column with any other cell (a bare string, a number,
    a dict, a missing item) is joined cell by cell with `join_one`, so both give the same text."""
    values = column.tolist()
    if any(issubclass(kind, (str, bytes, dict)) for kind in set(map(type, values))):  # Arrow would split a str
        return [join_one(v) for v in values]
    try:
        lists = pa.array(column, pa.list_(pa.string()), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return [join_one(v) for v in values]
    if lists.flatten().null_count:
        return [join_one(v) for v in values]
    return pc.fill_null(pc.binary_join(lists, LIST_SEPARATOR), "").to_pylist()
