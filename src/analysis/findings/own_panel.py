"""A researcher's cleaned counts as a panel: one cell per state, agency (ICE, HSI, all) and period of the file (a
calendar month, or a longer period the file gives as one), DMV message keys only unless asked; a cell is a count, "no
row" (missing, never 0) or a 0 the user asked for.

Tables in, tables out. Rows of a daily file are summed into calendar months; a month the file covers only in part is
kept out of the panel and named (its queries stay in the file's totals), so every rate is per whole month.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.cleaning.normalize import UNKNOWN

AGENCIES = ("ICE", "HSI", "all")
KEY_POLICIES = ("dmv", "all")
MISSING_POLICIES = ("no-row", "zero")
ROW, NO_ROW, ZERO_ASKED = "row", "no row", "0 (--missing zero)"
CELL_COLUMNS = ["usps", "agency", "period", "first_month", "last_month", "months", "queries", "status"]


@dataclass(frozen=True)
class KeyUse:
    """Which message keys the comparison counts.

    - ``table``: one row per message key in the file: ``message_key``, ``dmv`` (a DMV key by the vocabulary),
      ``rows``, ``queries``, ``counted``.
    - ``policy``: ``dmv`` (DMV keys only, the default) or ``all``.
    - ``key_column``: whether the file has a message-key column; without one every row is taken as a DMV query.
    - ``no_key_rows`` / ``no_key_queries``: rows of a file with a key column whose key is blank or not recognised
      (``UNKNOWN``); with ``dmv`` they are set aside, with ``all`` counted.
    """

    table: pd.DataFrame
    policy: str
    key_column: bool
    no_key_rows: int
    no_key_queries: int

    @property
    def set_aside_queries(self) -> int:
        """Queries of the keys not counted."""
        return int(self.table.loc[~self.table["counted"], "queries"].sum())


@dataclass(frozen=True)
class OwnPanel:
    """What :func:`own_panel` returns.

    - ``cells``: one row per state in the file x agency label x period of the file (see :data:`CELL_COLUMNS`):
      ``queries`` is the sum of the counted rows, ``<NA>`` where the file has no row (``status`` ``no row``), or 0
      where the user said absence means none (``status`` :data:`ZERO_ASKED`). ``period`` is ``YYYY-MM`` for a
      month, ``YYYY-MM to YYYY-MM`` for a longer period; ``months`` how many calendar months it spans.
    - ``periods``: the file's periods in order (``period``, ``first_month``, ``last_month``, ``months``).
    - ``partial``: months the file covers only in part (``month``, ``days``, ``days_in_month``, ``queries``): left
      out of ``cells``.
    - ``monthly``: every period is one calendar month, so month-by-month statistics are possible.
    - ``day_rows``: the counted rows are single days summed into months.
    - ``keys``: :class:`KeyUse`; ``missing``: ``no-row`` or ``zero``.
    """

    cells: pd.DataFrame
    periods: pd.DataFrame
    partial: pd.DataFrame
    monthly: bool
    day_rows: bool
    keys: KeyUse
    missing: str

    @property
    def months(self) -> tuple[str, ...]:
        """Every calendar month the panel's periods cover, in order."""
        spans = [pd.period_range(a, b, freq="M") for a, b in zip(self.periods["first_month"],
                                                                 self.periods["last_month"], strict=True)]
        return tuple(sorted({p.strftime("%Y-%m") for span in spans for p in span}))


def key_use(counts: pd.DataFrame, *, keys: str = "dmv", key_column: bool = True) -> KeyUse:
    """Which rows of a cleaned counts table the comparison counts: DMV message keys (``keys="dmv"``) or all.

    >>> counts = pd.DataFrame({"message_key": ["DQ", "IQ", "UNKNOWN"], "dmv": [True, False, False],
    ...                        "queries": [10, 5, 2]})
    >>> use = key_use(counts)
    >>> use.table["counted"].tolist(), use.set_aside_queries, use.no_key_queries
    ([True, False, False], 7, 2)
    >>> key_use(counts, key_column=False).set_aside_queries
    0
    """
    if keys not in KEY_POLICIES:
        raise ValueError(f"keys={keys!r}: must be one of {', '.join(KEY_POLICIES)}")
    table = (counts.groupby(["message_key", "dmv"], sort=True)["queries"].agg(["size", "sum"]).reset_index()
             .rename(columns={"size": "rows", "sum": "queries"}))
    counted = table["dmv"] | (keys == "all") | (not key_column)
    table = table.assign(counted=counted.astype(bool)).astype({"rows": "int64", "queries": "int64"})
    no_key = table[table["message_key"].eq(UNKNOWN)] if key_column else table.iloc[:0]
    table = table.sort_values(["counted", "queries", "message_key"], ascending=[False, False, True])
    return KeyUse(table.reset_index(drop=True), keys, key_column, int(no_key["rows"].sum()),
                  int(no_key["queries"].sum()))


def counted_rows(counts: pd.DataFrame, use: KeyUse) -> pd.DataFrame:
    """The rows of ``counts`` whose message key :class:`KeyUse` counts."""
    keep = use.table.loc[use.table["counted"], "message_key"]
    return counts[counts["message_key"].isin(keep)]


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.strftime("%Y-%m").astype("str")


def _covered_days(periods: pd.DataFrame) -> int:
    """Days of one month covered by the union of its distinct (period_start, period_end) pairs."""
    days: set[pd.Timestamp] = set()
    for start, end in zip(periods["period_start"], periods["period_end"], strict=True):
        days.update(pd.date_range(start, end, freq="D"))
    return len(days)


def _file_periods(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """Each distinct row period mapped to a panel period (a whole month, or the period itself when it spans
    months), the months covered only in part, and whether any row is shorter than a month."""
    distinct = rows[["period_start", "period_end"]].drop_duplicates().reset_index(drop=True)
    first, last = _month(distinct["period_start"]), _month(distinct["period_end"])
    one_month = first.eq(last)
    whole = distinct["period_start"].dt.is_month_start & distinct["period_end"].dt.is_month_end & one_month
    distinct = distinct.assign(first_month=first, last_month=last, one_month=one_month, whole=whole)
    short = distinct[one_month & ~whole]
    partial_months = []
    for month, part in short.groupby("first_month", sort=True):
        if distinct.loc[distinct["first_month"].eq(month) & distinct["whole"]].empty:
            covered, length = _covered_days(part), pd.Period(month, "M").days_in_month
            if covered < length:
                partial_months.append({"month": month, "days": covered, "days_in_month": length})
    partial = pd.DataFrame(partial_months, columns=["month", "days", "days_in_month"])
    months_spanned = [len(pd.period_range(a, b, freq="M")) for a, b in zip(first, last, strict=True)]
    distinct = distinct.assign(
        months=pd.array(months_spanned, dtype="int64"),
        period=[a if a == b else f"{a} to {b}" for a, b in zip(first, last, strict=True)],
    )
    distinct = distinct[~(distinct["one_month"] & distinct["first_month"].isin(partial["month"]))]
    return distinct, partial, bool((one_month & ~whole).any())


def own_panel(counts: pd.DataFrame, *, keys: str = "dmv", missing: str = "no-row",
              key_column: bool = True) -> OwnPanel:
    """The panel of a cleaned counts table (:func:`analysis.clean_query_counts`); see :class:`OwnPanel`.

    ``keys``: ``dmv`` counts DMV message keys only (others are set aside and reported), ``all`` every key.
    ``missing``: ``no-row`` (a state, agency and period with no row is missing, never 0) or ``zero`` (absence means
    none: it is 0 for the agencies the file has rows of). ``key_column``: whether the file had a message-key column
    (without one every row is taken as a DMV query).

    >>> counts = pd.DataFrame({"destination_state": ["NY", "TX", "TX"], "agency": ["ICE", "ICE", "ICE"],
    ...     "message_key": "DQ", "dmv": True, "queries": [3, 5, 7],
    ...     "period_start": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]),
    ...     "period_end": pd.to_datetime(["2025-01-31", "2025-01-31", "2025-02-28"])})
    >>> cells = own_panel(counts).cells
    >>> cells[cells["agency"].eq("ICE")][["usps", "period", "queries", "status"]].values.tolist()
    [['NY', '2025-01', 3, 'row'], ['NY', '2025-02', <NA>, 'no row'], ['TX', '2025-01', 5, 'row'], ['TX', '2025-02', 7, 'row']]
    >>> own_panel(counts, missing="zero").cells.query("usps == 'NY' and agency == 'ICE'")["queries"].tolist()
    [3, 0]
    """
    if missing not in MISSING_POLICIES:
        raise ValueError(f"missing={missing!r}: must be one of {', '.join(MISSING_POLICIES)}")
    use = key_use(counts, keys=keys, key_column=key_column)
    rows = counted_rows(counts, use)
    rows = rows.assign(destination_state=rows["destination_state"].fillna(UNKNOWN))
    periods, partial, day_rows = _file_periods(rows)
    if not partial.empty:
        months = _month(rows["period_start"])
        left = rows[months.isin(partial["month"]) & months.eq(_month(rows["period_end"]))]
        sums = left.groupby(_month(left["period_start"]))["queries"].sum()
        partial = partial.assign(queries=partial["month"].map(sums).astype("int64"))
    else:
        partial = partial.assign(queries=pd.Series(dtype="int64"))
    mapped = rows.merge(periods[["period_start", "period_end", "period"]], on=["period_start", "period_end"])
    parts = []
    for agency in AGENCIES:
        sub = mapped if agency == "all" else mapped[mapped["agency"].eq(agency)]
        sums = sub.groupby(["destination_state", "period"], sort=True)["queries"].sum()
        parts.append(sums.rename("queries").reset_index().assign(agency=agency))
    found = pd.concat(parts, ignore_index=True).rename(columns={"destination_state": "usps"})
    order = periods.drop_duplicates("period").sort_values(["first_month", "last_month"])
    order = order[["period", "first_month", "last_month", "months"]].reset_index(drop=True)
    grid = pd.MultiIndex.from_product([sorted(set(mapped["destination_state"])), AGENCIES, order["period"]],
                                      names=["usps", "agency", "period"]).to_frame(index=False)
    cells = grid.merge(found, on=["usps", "agency", "period"], how="left").merge(order, on="period")
    cells["queries"] = cells["queries"].astype("Int64")
    cells["status"] = pd.Series(ROW, index=cells.index, dtype="str").mask(cells["queries"].isna(), NO_ROW)
    if missing == "zero":
        agencies_in_file = set(found.loc[found["queries"].notna(), "agency"])
        fill = cells["queries"].isna() & cells["agency"].isin(agencies_in_file)
        cells.loc[fill, "queries"] = 0
        cells.loc[fill, "status"] = ZERO_ASKED
    cells = cells.sort_values(["usps", "agency", "first_month", "last_month"], key=_agency_order)
    return OwnPanel(cells[CELL_COLUMNS].reset_index(drop=True), order, partial.reset_index(drop=True),
                    bool(order["months"].eq(1).all()), day_rows, use, missing)


def _agency_order(column: pd.Series) -> pd.Series:
    return column.map({a: i for i, a in enumerate(AGENCIES)}) if column.name == "agency" else column


def month_list(months: tuple[str, ...] | list[str]) -> str:
    """Months in words with their gaps visible: runs joined by ``to``, separate runs by ``and``.

    >>> month_list(("2025-08", "2025-10", "2025-11", "2025-12"))
    '2025-08 and 2025-10 to 2025-12'
    >>> month_list(("2025-01",)), month_list(())
    ('2025-01', 'no month')
    """
    ordered = sorted(set(months))
    if not ordered:
        return "no month"
    runs: list[list[str]] = []
    for month in ordered:
        if runs and pd.Period(runs[-1][-1], "M") + 1 == pd.Period(month, "M"):
            runs[-1].append(month)
        else:
            runs.append([month])
    words = [r[0] if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def gaps(months: tuple[str, ...]) -> tuple[str, ...]:
    """Calendar months between the first and last of ``months`` that are not among them.

    >>> gaps(("2025-08", "2025-10", "2025-12"))
    ('2025-09', '2025-11')
    """
    if not months:
        return ()
    span = pd.period_range(min(months), max(months), freq="M").strftime("%Y-%m")
    return tuple(m for m in span if m not in set(months))
