"""Write CSV files that a spreadsheet opens as plain text (no cell starts a formula), and read them back unchanged.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may run as a formula when the file
is opened in Excel, LibreOffice or Google Sheets (OWASP, "CSV Injection"). :func:`write_csv` writes such a cell with
a ``'`` in front, which the spreadsheet shows as text; :func:`undo` removes exactly that ``'`` again, so reading a
file we wrote gives back the table we wrote. Numbers are left alone: numeric columns, and text cells that are a
plain number (``-2``, ``-0.5``, ``+1e3``). A cell that already starts with ``'`` and then one of those characters
gets one more ``'``, so that :func:`undo` can tell it from the ones we added.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_PREFIX = r"^'*[=+\-@\t\r]"  # a formula character, maybe behind apostrophes that were in the data
_HAS_PREFIX = r"^'+[=+\-@\t\r]"  # what writing leaves: one of our apostrophes in front
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"  # a plain number: no spaces, no commas, nothing after


@dataclass(frozen=True)
class _Rule:
    first: str  # regex of the first character of every cell the rule changes: a quick test on a whole column
    select: Callable[[pd.Series], pd.Series]  # text -> bool: the cells to change
    change: Callable[[pd.Series], pd.Series]  # text -> text


_ADD = _Rule(
    r"['=+\-@\t\r]",
    lambda text: text.str.match(_NEEDS_PREFIX) & ~text.str.fullmatch(_NUMBER),
    lambda text: "'" + text,
)
_REMOVE = _Rule("'", lambda text: text.str.match(_HAS_PREFIX), lambda text: text.str.slice(1))


def _rewrite(values: pd.Series, rule: _Rule) -> pd.Series:
    """``values`` with ``rule`` applied to its text cells, decided once per distinct value. Columns that hold no
    text (numbers, dates, booleans) come back as they are, as does a column the rule does not change."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = pd.Series(values.cat.categories)
        renamed = _rewrite(categories, rule)
        if renamed is categories:
            return values
        if renamed.is_unique:
            return values.cat.rename_categories(renamed.tolist())
        return _rewrite(values.astype(object), rule)
    is_str = isinstance(values.dtype, pd.StringDtype)
    if not (is_str or values.dtype == object):
        return values
    if is_str and not values.str.match(rule.first).any():  # the usual case, at a glance
        return values
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = uniques.to_numpy(dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in distinct), dtype=bool, count=len(distinct))
    text = pd.Series(np.where(is_text, distinct, None), dtype="str")
    hit = rule.select(text).to_numpy(dtype=bool) & is_text
    if not hit.any():
        return values
    replaced = distinct.copy()
    replaced[hit] = rule.change(text[hit]).to_numpy(dtype=object)
    if is_str:  # distinct values back to rows without leaving Arrow
        cells = pd.array(replaced, dtype=values.dtype).take(codes, allow_fill=True)
    else:  # only the changed cells: factorize treats 1, 1.0 and True as one value
        rows = np.zeros(len(values), dtype=bool)
        rows[codes >= 0] = hit[codes[codes >= 0]]
        cells = values.to_numpy(dtype=object, copy=True)
        cells[rows] = replaced[codes[rows]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=values.dtype)


def _rewrite_frame(frame: pd.DataFrame, rule: _Rule) -> pd.DataFrame:
    out = frame.copy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        rewritten = _rewrite(column, rule)
        if rewritten is not column:
            out.isetitem(position, rewritten)
    if not isinstance(frame.columns, pd.MultiIndex):  # the header row is cells too
        labels = pd.Series(frame.columns, dtype=object)
        renamed = _rewrite(labels, rule)
        if renamed is not labels:
            out.columns = pd.Index(renamed.tolist(), dtype=frame.columns.dtype)
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``'`` in front of every text cell (and column name) a spreadsheet would read as a formula;
    the input is not modified.

    >>> table = pd.DataFrame({"agency": ["=HYPERLINK(\\"x\\")", "@SUM(A1)", "ICE", "-2", "-2+3"],
    ...                       "n": [-1, 2, 3, 4, 5]})
    >>> neutralise(table)["agency"].tolist()
    ['\\'=HYPERLINK("x")', "'@SUM(A1)", 'ICE', '-2', "'-2+3"]
    >>> neutralise(table)["n"].tolist()
    [-1, 2, 3, 4, 5]
    """
    return _rewrite_frame(frame, _ADD)


def undo(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the ``'`` that :func:`neutralise` put in front of formula-like cells (and column names):
    one ``'`` is removed from a cell that starts with ``'`` (or several) and then ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return; every other cell is left alone.

    >>> undo(pd.DataFrame({"agency": ["'=HYPERLINK(1)", "'-2+3", "''=x", "'quoted", "-2"]}))["agency"].tolist()
    ['=HYPERLINK(1)', '-2+3', "'=x", "'quoted", '-2']
    >>> table = pd.DataFrame({"note": ["=1+1", "'=1+1", "O'Brien", None]})
    >>> undo(neutralise(table)).equals(table)
    True
    """
    return _rewrite_frame(frame, _REMOVE)


def write_csv(frame: pd.DataFrame, path: str | Path, *, date_format: str | None = None) -> Path:
    """Write ``frame`` (no index, ``\\n`` line ends, UTF-8) to ``path`` with formula-like text cells neutralised.

    A table with a carriage return inside a text cell is written with ``\\r\\n`` line ends instead: only then does
    Python's CSV writer quote such a cell, which would otherwise split its row in two when read.

    The file is written next to ``path`` under a temporary name and then moved into place, so an interrupted run
    leaves no half-written file, and a ``path`` that is a link replaces the link, never the file it points to.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_csv(pd.DataFrame({"agency": ["=cmd", "ICE"], "queries": [-1, 5]}), target)
    >>> print(target.read_text(), end="")
    agency,queries
    '=cmd,-1
    ICE,5
    """
    path = Path(path)
    safe = neutralise(frame)
    line_end = "\r\n" if _has_carriage_return(safe) else "\n"
    temporary = _create_beside(path)
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            safe.to_csv(handle, index=False, lineterminator=line_end, date_format=date_format)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _has_carriage_return(frame: pd.DataFrame) -> bool:
    labels = [str(label) for label in frame.columns]
    if any("\r" in label for label in labels):
        return True
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = pd.Series(column.cat.categories)
        if isinstance(column.dtype, pd.StringDtype):
            if column.str.contains("\r", regex=False).any():
                return True
        elif column.dtype == object and any(isinstance(v, str) and "\r" in v for v in pd.unique(column)):
            return True
    return False


def _create_beside(path: Path) -> Path:
    """A new, empty file in ``path``'s folder (permissions as for any new file), named to be recognisable."""
    for _ in range(100):
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"{path}: cannot create a temporary file beside it")


def read_csv(path: str | Path, **options: Any) -> pd.DataFrame:
    """Read a CSV file written by :func:`write_csv` back into the table that was written (``options`` go to
    :func:`pandas.read_csv`).

    >>> import tempfile
    >>> target = write_csv(pd.DataFrame({"agency": ["=cmd", "ICE"]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> read_csv(target)["agency"].tolist()
    ['=cmd', 'ICE']
    """
    return undo(pd.read_csv(path, **options))
