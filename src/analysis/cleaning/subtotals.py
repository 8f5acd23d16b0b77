"""Find the subtotal and total rows of a query-count table and check each against the rows it closes: labelled rows
("Total", "NY Total", "Subtotal – State agencies", "Grand Total"), unlabelled blank-key rows, wide tables column by
column, and footnote markers ("Ohio¹", "Texas (a)") stripped from labels first."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from analysis.cleaning.cell_values import _words
from analysis.cleaning.normalize import UNKNOWN, normalize_message_key, normalize_state
from analysis.cleaning.periods import parse_period
from analysis.cleaning.raw_counts import EXCEL_ERRORS
from analysis.safe_csv import FORMULA_START


# Columns that identify a row (what a subtotal row leaves blank or labels "Total").
IDENTITY_COLUMNS = (
    "destination_state", "agency", "message_key", "period", "period_start", "period_end", "requesting_state", "ori"
)

# An unlabelled blank-key row is a subtotal only when it equals the sum of at least this many rows: a row equal to
# the single row next to it is more likely a real count with a missing key than a one-row subtotal.
_MIN_CLOSED = 2

_BLANK_KEY_WALK_LIMIT = 10_000  # rows a blank-key row may look back over; label rows ("Total") have no limit

_TOTAL = r"(?:GRAND |SUB ?)?TOTALS?"

_ALL = r"ALL(?: STATES| AGENCIES| MESSAGE KEYS| KEYS| MONTHS| PERIODS| TYPES)?"

_SCOPE = rf"(?:THE )?(?:REPORT|FILE|TABLE|{_ALL})"  # "Total for report", "Total - all agencies": the whole file

_LABEL_WHOLE = re.compile(rf"^(?:{_TOTAL}(?:(?: FOR| OF)? {_SCOPE})?|{_SCOPE} {_TOTAL}|{_ALL}|SUM)$")

_SUB_LABEL = re.compile(r"(?:^| )SUB ?TOTALS?(?: |$)")  # "Subtotal", "Sub-total": closes back to the previous one

# A footnote marker at the end of a label: "Ohio¹", "Nevada*", "Texas (a)", "Texas [1]", "ICE†".
_FOOTNOTE_MARK = re.compile(  # after a word, before a space or the end ("Ohio¹ Total" too)
    r"(?<=\S)(?:\s*(?:[*\u2020\u2021\u00a7]+|[\u00b9\u00b2\u00b3\u2070-\u2079\u1d43-\u1d5b]+"
    r"|\((?:[A-Za-z]|\d{1,2})\)|\[(?:[A-Za-z]|\d{1,2})\]))+(?=\s|$)"
)

_LABEL_PREFIX = re.compile(rf"^{_TOTAL}(?: FOR| OF)? (?P<rest>.+)$")

_LABEL_SUFFIX = re.compile(rf"^(?P<rest>.+?) {_TOTAL}$")


def text_cells(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as str (missing when absent), for blank and label tests."""
    if column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype="str")
    return frame[column].astype("str")


def blank_cells(text: pd.Series) -> np.ndarray:
    return (text.isna() | (text.str.strip() == "")).to_numpy()


def label_rest(cell: Any) -> str | None:
    """For a subtotal label: the rest of the label ("" for "Grand Total", "New York" for "New York Total"); else
    None.

    >>> label_rest("Grand Total"), label_rest("New York Total"), label_rest("@SUM(1)"), label_rest("Ohio")
    ('', 'NEW YORK', None, None)
    """
    if not isinstance(cell, str) or cell.lstrip().startswith(FORMULA_START):
        return None  # "=SUM(B2:B9)" or "@SUM(1)" is a formula's text, not a "Sum" label
    words = _words(unmark(cell))
    if _LABEL_WHOLE.match(words):
        return ""
    match = _LABEL_PREFIX.match(words) or _LABEL_SUFFIX.match(words)
    return match["rest"] if match else None


def unmark(cell: Any) -> Any:
    """A label without its footnote marker: "Ohio¹", "Nevada*", "Texas (a)", "Texas [1]" → the name; a cell that is
    only a marker is kept.

    >>> unmark("Ohio¹"), unmark("Texas (a)"), unmark("New York (NY)"), unmark("*")
    ('Ohio', 'Texas', 'New York (NY)', '*')
    """
    if not isinstance(cell, str):
        return cell
    stripped = _FOOTNOTE_MARK.sub("", cell)
    return stripped if stripped.strip() else cell


def unmarked(text: pd.Series) -> pd.Series:
    """A column with footnote markers stripped from its labels, once per distinct value."""
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    if not len(uniques):
        return text
    cleaned = np.array([unmark(v) for v in uniques] + [np.nan], dtype=object)
    return pd.Series(cleaned[np.where(codes < 0, len(uniques), codes)], index=text.index, dtype="str")


def is_error_value(cell: Any) -> bool:
    """Whether a cell is a spreadsheet error value ("#REF!", "#N/A", "#SPILL!", ...)."""
    return isinstance(cell, str) and cell.strip().upper() in EXCEL_ERRORS


def _constant(uniques: pd.Series) -> bool:
    """Whether every non-blank distinct value of a column reads the same (ignoring case, spaces and punctuation)."""
    return len({_words(v) for v in uniques[~blank_cells(uniques)]}) <= 1


def _match_keys(
    factorized: dict[str, tuple[np.ndarray, pd.Series]], columns: list[str], periods: pd.DataFrame
) -> tuple[dict[str, list[int]], dict[str, dict[str, int]]]:
    """Per identity column, an integer per row that is equal for two rows when they belong to the same group, and
    the lookup from a key's text to its integer. The key is the normalised value ("" when blank), computed once per
    distinct raw value; rows whose periods parse compare by dates, so "Oct 2024" matches "2024-10"."""
    codes: dict[str, list[int]] = {}
    lookups: dict[str, dict[str, int]] = {}
    usable = periods["problem"].isna().to_numpy()
    for column in columns:
        raw_codes, text = factorized[column]
        uniques = text
        named = unmarked(text) if column != "period" else text  # "Ohio¹" is Ohio
        if column in {"destination_state", "requesting_state"}:
            key = normalize_state(named)
        elif column == "message_key":
            key = normalize_message_key(named)
        else:
            key = pd.Series([_words(v) for v in named], dtype="str")
        key = key.where(~blank_cells(text), "")
        # a spreadsheet error ("#REF!") matches no group, so a walk stops at it
        errors = np.array([is_error_value(v) for v in text], dtype=bool)
        key = key.where(~errors, "\x00error " + text.astype("str"))
        if column == "period" and len(text):  # a period's dates depend only on its text: read them at its first row
            values, first = np.unique(raw_codes, return_index=True)
            at = first[values >= 0]
            ends = periods.iloc[at]
            dates = (ends["period_start"].astype("str") + ".." + ends["period_end"].astype("str")).to_numpy()
            key = pd.Series(np.where(usable[at] & (key != "").to_numpy(), dates, key.to_numpy()), dtype="str")
        key_codes, key_uniques = pd.factorize(np.array([*key.tolist(), ""], dtype=object))
        codes[column] = key_codes[np.where(raw_codes < 0, len(uniques), raw_codes)].tolist()
        lookups[column] = {k: c for c, k in enumerate(key_uniques)}
    return codes, lookups


def _label_key(column: str, rest: str) -> str:
    if column in {"destination_state", "requesting_state"}:
        return normalize_state(rest)
    if column == "message_key":
        return normalize_message_key(rest)
    if column == "period":
        parsed = parse_period(rest)
        return f"{parsed.start}..{parsed.end}" if parsed.problem is None else _words(rest)
    return _words(rest)


def _closed_rows(
    i: int,
    step: int,
    wanted: dict[str, int],
    keys: dict[str, list[int]],
    is_sub: list[bool],
    limit: int | None,
    lane: tuple[list[int], int] | None = None,
    stop: np.ndarray | None = None,
    ahead: np.ndarray | None = None,
) -> tuple[list[int], int | None]:
    """Rows next to row ``i`` (before it for step -1, after for +1) that agree with ``wanted``; stops at the first
    row that does not, at a subtotal or a label row (``ahead``, not walked yet) when walking forward or, walking
    back, at a subtotal marked in ``stop`` (the previous "Subtotal" of a group), or after ``limit`` rows. ``lane``
    (the rows of a wide table's column, in order, and the place of ``i`` in them) keeps the walk in one column.
    Also returns the row it stopped at (None at the edge or the limit)."""
    order, at = lane if lane is not None else (range(len(is_sub)), i)
    found, m, n = [], at + step, len(order)
    columns = [(keys[column], value) for column, value in wanted.items()]
    while 0 <= m < n and (limit is None or abs(m - at) <= limit):
        j = order[m]
        if is_sub[j] or (step > 0 and ahead is not None and ahead[j]):
            if step > 0 or (stop is not None and stop[j]):
                return found, j
            m += step
            continue
        if any(key[j] != value for key, value in columns):
            return found, j
        found.append(j)
        m += step
    return found, None


def _counted(rows: list[int], counts: list[int | None]) -> int:
    """How many of ``rows`` have a count: a blank-key row is a subtotal only of rows it can be checked against (two
    rows with no count add up to 0 but close nothing)."""
    return sum(counts[j] is not None for j in rows)


def _label_parts(raw_codes: np.ndarray, uniques: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """Codes of a column's distinct values (missing: the last) and, per distinct value, its label rest (None when
    it is not a label)."""
    rests = [label_rest(v) for v in uniques] + [None]
    return np.where(raw_codes < 0, len(uniques), raw_codes), rests


def find_subtotals(
    frame: pd.DataFrame, counts: list[int | None], periods: pd.DataFrame
) -> tuple[np.ndarray, pd.DataFrame]:
    """Which rows are subtotals, and one record per subtotal: the rows it closes and whether their sum agrees.

    A subtotal row has a total label ("Total", "Grand Total", "Subtotal", "All states", "New York Total", ...) in an
    identity column, or leaves some identity column blank while its count equals the sum of the neighbouring rows
    that share its non-blank values (the rows it closes, above it or, failing that, below it). Labels in other
    columns ("Notes: Total") never count, nor does a label that fills every non-blank cell of its column
    ("Requesting State: All" on every row): it describes the whole file. Footnote markers ("Ohio¹") are ignored.

    "Total" and "Grand Total" walk back over the subtotals above them; "Subtotal", "Sub-total" and group labels
    that name no value of their column ("Subtotal – State agencies") close the rows back to the previous such row.
    In a wide table (``source_column``) a walk stays in its column, so a total row is checked column by column; a
    row-total cell closes the period cells of its own row; and a blank-key file row is a subtotal when most of its
    cells equal the rows they close (then every cell is checked). A walk stopped by a spreadsheet error value
    ("#REF!") cannot show that a subtotal differs: its verdict is left empty.

    Candidates (a label, or a blank identity cell and a count) are found with column operations; only they are
    walked, in file order, since a subtotal found earlier is skipped by the walks of later ones.
    """
    n = len(frame)
    identity = [c for c in IDENTITY_COLUMNS if c in frame]
    factorized = {}
    for c in identity:  # each column's distinct values (missing: code -1), computed once
        raw_codes, uniques = pd.factorize(text_cells(frame, c), use_na_sentinel=True)
        factorized[c] = (raw_codes, pd.Series(uniques, dtype="str"))
    in_use = [c for c in identity if not blank_cells(factorized[c][1]).all()]
    keys, lookups = _match_keys(factorized, in_use, periods)
    blank_code = {c: lookups[c][""] for c in in_use}
    errors = np.zeros(n, bool)  # a spreadsheet error value in an identity cell
    for c in in_use:
        error_codes = [code for text, code in lookups[c].items() if text.startswith("\x00error")]
        if error_codes:
            errors |= np.isin(np.asarray(keys[c]), error_codes)
    # a label that fills every non-blank cell of its column ("Requesting State: All" on every row) describes the
    # whole file, not a subtotal row
    parts = {c: _label_parts(*factorized[c]) for c in identity if not _constant(factorized[c][1])}
    any_label, all_named, any_blank = np.zeros(n, bool), np.ones(n, bool), np.zeros(n, bool)
    has_label, loose, sub_label, sibling = {}, {}, {}, {}
    for c, (codes, rests) in parts.items():
        has_label[c] = np.array([r is not None for r in rests], dtype=bool)[codes]
        named = np.array([bool(r) for r in rests], dtype=bool)[codes]
        # a group label names no value of its column ("Subtotal - State agencies", "Northeast Total")
        loose[c] = np.array(
            [bool(r) and c in lookups and _names_no_value(c, r, lookups[c]) for r in rests], dtype=bool
        )[codes]
        sub_label[c] = np.array(
            [r is not None and bool(_SUB_LABEL.search(_words(unmark(v)))) for v, r in zip(factorized[c][1], rests)]
            + [False],
            dtype=bool,
        )[codes]
        sibling[c] = has_label[c] & (sub_label[c] | loose[c])
        any_label |= has_label[c]
        all_named &= ~has_label[c] | named
    for c in in_use:
        any_blank |= np.asarray(keys[c]) == blank_code[c]
    # "Total Protection Services" in a fully filled row is a name, not "Total" + a group
    labelled_rows = any_label & ~(all_named & ~any_blank)
    present = np.array([v is not None for v in counts], dtype=bool)
    blank_rows = any_blank & present & ~errors & ~labelled_rows
    candidates = np.flatnonzero(labelled_rows | blank_rows).tolist()

    wide = "source_column" in frame and "source_row" in frame and not blank_cells(text_cells(frame, "source_column")).all()
    if wide:  # a wide table read as one row per (file row, period column)
        lane_codes, _ = pd.factorize(text_cells(frame, "source_column"), use_na_sentinel=False)
        order = np.argsort(lane_codes, kind="stable")
        lanes = [part.tolist() for part in np.split(order, np.cumsum(np.bincount(lane_codes))[:-1])]
        place = pd.Series(lane_codes).groupby(lane_codes).cumcount().to_numpy()
        file_row = frame["source_row"].to_numpy()
        cells_of = pd.Series(np.arange(n)).groupby(file_row).indices
        columns = text_cells(frame, "source_column").to_numpy(dtype=object)
        row_total = np.zeros(n, bool)
        if "period" in parts:  # the "Total" column: its period cell is a whole label
            codes, rests = parts["period"]
            row_total = np.array([r == "" for r in rests], dtype=bool)[codes]

    is_sub = [False] * n
    records = []
    every_row = np.ones(n, bool)

    def walk(i: int, step: int, wanted: dict[str, int], limit: int | None, stop: np.ndarray | None = None):
        lane = (lanes[lane_codes[i]], int(place[i])) if wide else None
        return _closed_rows(i, step, wanted, keys, is_sub, limit, lane, stop, labelled_rows)

    def summed(rows: list[int]) -> int:
        return sum(counts[j] or 0 for j in rows)

    def blank_walk(i: int) -> tuple[list[int], int | None, bool]:
        wanted = {c: keys[c][i] for c in in_use if keys[c][i] != blank_code[c]}
        results = []
        for step in (-1, +1):
            closed, stopped = walk(i, step, wanted, _BLANK_KEY_WALK_LIMIT)
            if _counted(closed, counts) >= _MIN_CLOSED and summed(closed) == counts[i]:
                return closed, stopped, True
            results.append((closed, stopped, False))
        return results[0] if results[0][0] else results[1]

    def labelled_walk(i: int, labels: dict[str, str]) -> tuple[list[int], int | None, bool]:
        """The rows a label row closes, where the walk stopped, and whether they are a guess: a label such as
        "Northeast Total" names no value of its column, so the rows back to the previous subtotal are only the
        likeliest reading (a "Subtotal" row's group is not a guess)."""
        base = {c: keys[c][i] for c in in_use if keys[c][i] != blank_code[c] and c not in labels}
        named = {c: lookups[c].get(_label_key(c, r), -2) for c, r in labels.items() if r and c in in_use}
        stop = next((sibling[c] for c in labels if sibling[c][i]), None)
        tries = [(base | named, stop)]
        if any(loose[c][i] for c in named):  # a group label: also try it as "the rows back to the previous one"
            tries.append((base | {c: v for c, v in named.items() if not loose[c][i]}, stop))
        if stop is not None:  # a group of a group ends at its previous sibling; a plain group at any subtotal
            tries.append((tries[-1][0], every_row))
        results = []
        for wanted, until in tries:
            closed, stopped = walk(i, -1, wanted, None, until)
            if not closed:
                closed, stopped = walk(i, +1, wanted, None)
            if closed and counts[i] is not None and summed(closed) == counts[i]:
                return closed, stopped, False
            results.append((closed, stopped))
        chosen = next((k for k, r in enumerate(results) if r[0]), 0)
        guessed = chosen > 0 and not any(sub_label[c][i] for c in labels)
        return *results[chosen], guessed

    def record(
        i: int, labels: dict[str, str], closed: list[int], stopped: int | None, how: str, guessed: bool = False
    ) -> None:
        is_sub[i] = True
        total = summed(closed)
        agrees = (total == counts[i]) if counts[i] is not None and closed else None
        blocked = stopped if stopped is not None and errors[stopped] and agrees is not True else None
        if blocked is not None or (guessed and agrees is False):
            agrees = None  # the rows past the error cell might be the rest of it; a guessed group might be wrong
        guessed = guessed and agrees is None and counts[i] is not None
        span = ""
        if wide and how == "row" and closed:
            span = f"columns {columns[min(closed)]}-{columns[max(closed)]}"
        elif wide:
            span = f"column {columns[i]}"
        records.append(
            {
                "source_row": i,  # position for now; replaced by the real source_row below
                "label": "; ".join(str(frame[c].iat[i]) for c in labels) or "(blank key)",
                "queries": counts[i],
                "rows_closed": len(closed),
                "first_row": min(closed) if closed else None,
                "last_row": max(closed) if closed else None,
                "sum_of_rows": total if closed else None,
                "agrees": agrees,
                **({"source_column": columns[i]} if wide else {}),
                "blocked_row": blocked,
                "guessed": guessed,
                "how": how if how == "row" or not closed else ("above" if min(closed) < i else "below"),
                "span": span,
            }
        )

    decided: set[int] = set()
    for i in candidates:
        if labelled_rows[i]:
            labels = {c: parts[c][1][parts[c][0][i]] for c in parts if has_label[c][i]}
            if wide and row_total[i]:
                closed = [int(j) for j in cells_of[file_row[i]] if j != i and not row_total[j]]
                record(i, labels, closed, None, "row")
            else:
                closed, stopped, guessed = labelled_walk(i, labels)
                record(i, labels, closed, stopped, "walk", guessed)
        elif not wide:
            closed, stopped, matched = blank_walk(i)
            if matched:
                record(i, {}, closed, stopped, "walk")
        elif file_row[i] not in decided:  # a wide file row is a subtotal as a whole, when most of its cells agree
            decided.add(file_row[i])
            results = [(int(j), *blank_walk(int(j))) for j in cells_of[file_row[i]] if blank_rows[j]]
            matched = [j for j, _, _, ok in results if ok]
            if any(counts[j] for j in matched) and 2 * len(matched) > len(results):
                for j, closed, stopped, _ in results:
                    record(j, {}, closed, stopped, "walk")
    columns_out = ["source_row", "label", "queries", "rows_closed", "first_row", "last_row", "sum_of_rows", "agrees"]
    columns_out += ["source_column"] if wide else []
    table = pd.DataFrame(records, columns=[*columns_out, "blocked_row", "guessed", "how", "span"])
    return np.array(is_sub, dtype=bool), table.sort_values("source_row", kind="stable").reset_index(drop=True)


def _names_no_value(column: str, rest: str, lookup: dict[str, int]) -> bool:
    """Whether the name in a label ("Northeast" of "Northeast Total") is no value of its column: a group label."""
    key = _label_key(column, rest)
    return key not in lookup or (key == UNKNOWN and column in {"destination_state", "requesting_state", "message_key"})


def row_ranges(rows: list[int]) -> str:
    """Row numbers as ranges: [3, 4, 5, 8] -> "3-5, 8"."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def subtotal_detail(record: Any, source_row: np.ndarray) -> str:
    """What a subtotal was compared with: "agrees: 2 rows above sum to 15 (rows 3-4)"; in a wide table with the
    column ("..., column C") or, for a row total, "the 2 cells of its row (columns C-D)"."""
    blocked = "" if pd.isna(record.blocked_row) else (
        f"; row {source_row[int(record.blocked_row)]} next to them has a spreadsheet error value"
    )
    if not record.rows_closed:
        return "no rows to compare with" + blocked
    if record.how == "row":
        closed = f"{record.rows_closed} cells of its row sum to {record.sum_of_rows:,} ({record.span})"
    else:
        span = f"rows {source_row[int(record.first_row)]}-{source_row[int(record.last_row)]}"
        span += f", {record.span}" if record.span else ""
        closed = f"{record.rows_closed} rows {record.how} sum to {record.sum_of_rows:,} ({span})"
    if pd.isna(record.queries):
        return f"count unusable; {closed}"
    if blocked:
        return f"cannot be checked: {closed}{blocked}"
    if record.guessed:
        return f"cannot be checked: its label names no value of its column, and the {closed}"
    verdict = "agrees" if record.sum_of_rows == record.queries else "differs"
    return f"{verdict}: {closed}"
