"""What cleaning returns: the clean table's schema, the reject reasons, :class:`CleanResult` and its summary.

The summary counts rows and queries in, clean and rejected (by reason), and says whether they balance; it is shown as
a table (:meth:`CleanResult.summary_table`) or as a few lines for people (:meth:`CleanResult.format_summary`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from analysis.cleaning.clean_rules import PERIOD_ORDER, column_rules

if TYPE_CHECKING:
    import pandera.pandas as pa

CLEAN_COLUMNS: tuple[str, ...] = (
    "destination_state",
    "agency",
    "message_key",
    "record_type",
    "dmv",
    "period_start",
    "period_end",
    "queries",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("requesting_state", "ori", "agency_type", "source_column")
# Reject reasons, in the order they are tested: a row gets the first that applies.
REJECT_REASONS: tuple[str, ...] = (
    "subtotal", "spreadsheet_error", "missing_count", "suppressed", "bad_count", "missing_period", "bad_period"
)


def _schema() -> pa.DataFrameSchema:
    """The pandera schema of :func:`~analysis.cleaning.clean_rules.column_rules`."""
    import pandera.pandas as pa

    def column(rule) -> pa.Column:
        checks = [*([pa.Check.isin(list(rule.allowed))] if rule.allowed is not None else []),
                  *([pa.Check.str_matches(rule.pattern)] if rule.pattern is not None else []),
                  *([pa.Check.ge(rule.minimum)] if rule.minimum is not None else [])]
        dtype = {"str": str, "bool": bool}.get(rule.dtype, rule.dtype)
        return pa.Column(dtype, checks[0] if len(checks) == 1 else checks, nullable=rule.nullable,
                         required=rule.required)

    start, end = PERIOD_ORDER
    checks = [pa.Check(lambda df: df[end] >= df[start], name=f"{end} >= {start}")]
    columns = {name: column(rule) for name, rule in column_rules().items()}
    return pa.DataFrameSchema(columns, checks=checks, coerce=True, strict=True)


@lru_cache(maxsize=1)
def clean_schema() -> pa.DataFrameSchema:
    """``CLEAN_SCHEMA``, built (and pandera imported, about 0.5 s) on first use."""
    return _schema()


def __getattr__(name: str) -> object:
    if name == "CLEAN_SCHEMA":  # built on first use: reading a query log needs no pandera (see clean_rules)
        return clean_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class CleanSummary:
    """What a clean run counted: rows and queries in, clean and rejected (by reason), whether they balance, the
    subtotal and duplicate checks and the values kept as UNKNOWN. ``files`` and ``groups`` are set for row-level
    logs (:func:`analysis.aggregate_query_log`), where every row is one query."""

    source_file: str | None
    sheet: str | None
    rows_in: int
    rows_clean: int
    rows_rejected: int
    rejected_rows_by_reason: Mapping[str, int]
    queries_in: int
    queries_clean: int
    queries_rejected: int
    rejected_queries_by_reason: Mapping[str, int]
    queries_in_excluding_subtotals: int
    balanced: bool
    subtotal_rows: int
    subtotals_agree: int
    subtotals_disagree: int
    subtotals_unchecked: int
    duplicate_rows: int
    duplicate_queries: int
    unknown_state_rows: int
    unknown_agency_rows: int
    unknown_message_key_rows: int
    subtotals_with_suppressed: int = 0
    suppressed_rows_in_subtotals: int = 0
    files: int | None = None
    groups: int | None = None
    encoding_note: str | None = None  # how a text file that is not UTF-8 was decoded, and which lines it changed


@dataclass(frozen=True)
class CleanResult:
    """What :func:`~analysis.cleaning.clean.clean_query_counts` returns.

    - ``clean``: the canonical table (see ``CLEAN_SCHEMA``), one row per usable input row, in input order.
    - ``rejects``: the unusable input rows, unchanged, with ``reason`` (one of ``REJECT_REASONS``) and ``detail``.
    - ``audit``: one row per column and distinct raw value of the clean rows: ``column``, ``raw_value``,
      ``clean_value``, ``rows``, ``queries``.
    - ``subtotals``: each subtotal row with the rows it closes and whether their sum agrees with it.
    - ``duplicates``: rows that repeat an earlier row exactly (all raw cells equal), with the row they repeat.
    - ``summary``: counts of rows and queries in, clean and rejected (by reason); subtotals; duplicates; unknowns.
    - ``period_grain``: what single dates in the period column were read as: ``"month"``, ``"day"``, or ``"none"``
      when it holds none (``Oct 2024``, ``FY2025``, a ``period`` argument); ``grain_reason``: which and why, in one
      sentence ("" for ``"none"``).
    """

    clean: pd.DataFrame
    rejects: pd.DataFrame
    audit: pd.DataFrame
    subtotals: pd.DataFrame = field(repr=False)
    duplicates: pd.DataFrame = field(repr=False)
    summary: CleanSummary = field(repr=False)
    period_grain: str = "none"
    grain_reason: str = ""

    @property
    def key_column(self) -> bool:
        """Whether the file had a message-key column (the audit lists its raw values); without one, no row says
        which kind of query it counts."""
        return bool(self.audit["column"].eq("message_key").any()) if "column" in self.audit else False

    def summary_table(self) -> pd.DataFrame:
        """The summary as a two-column table (``measure``, ``value``), rejected counts expanded by reason, then the
        period grain and its reason."""
        rows = []
        for key, value in asdict(self.summary).items():
            if value is None and key in ("files", "groups", "encoding_note"):
                continue
            if isinstance(value, dict):
                rows += [(f"{key}: {reason}", count) for reason, count in value.items()]
            else:
                rows.append((key, value))
        rows += [("period_grain", self.period_grain), ("grain_reason", self.grain_reason)]
        return pd.DataFrame(rows, columns=["measure", "value"]).astype({"measure": "str", "value": "str"})

    def format_summary(self) -> str:
        """A few lines for people: rows and queries in, clean and rejected by reason; subtotals; duplicates."""
        s = self.summary

        def by_reason(counts: dict[str, int]) -> str:
            return ", ".join(f"{reason} {n:,}" for reason, n in counts.items()) or "none"

        lines = []
        if s.source_file:
            lines.append(s.source_file + (f" (sheet {s.sheet!r})" if s.sheet else ""))
        if s.encoding_note:
            lines.append(f"encoding:  {s.encoding_note}")
        lines += [
            f"rows:      {s.rows_in:,} in = {s.rows_clean:,} clean + {s.rows_rejected:,} rejected",
            f"  rejected rows by reason: {by_reason(s.rejected_rows_by_reason)}",
            f"queries:   {s.queries_in:,} in = {s.queries_clean:,} clean + {s.queries_rejected:,} rejected"
            + ("" if s.balanced else "  ** DOES NOT BALANCE **"),
            f"  rejected queries by reason: {by_reason(s.rejected_queries_by_reason)}",
            f"  outside subtotal rows: {s.queries_in_excluding_subtotals:,} in = {s.queries_clean:,} clean + "
            f"{s.queries_in_excluding_subtotals - s.queries_clean:,} rejected",
            f"subtotals: {_rows(s.subtotal_rows)}; {s.subtotals_agree:,} agree with the rows they close, "
            f"{s.subtotals_disagree:,} differ, {s.subtotals_unchecked:,} could not be checked",
            f"duplicates: {_rows(s.duplicate_rows)} {'repeats' if s.duplicate_rows == 1 else 'repeat'} "
            "an earlier row exactly "
            f"({s.duplicate_queries:,} queries; kept, not merged)",
            f"unknown (kept as UNKNOWN): state {_rows(s.unknown_state_rows)}, agency "
            f"{_rows(s.unknown_agency_rows)}, message key {_rows(s.unknown_message_key_rows)}",
        ]
        if self.period_grain != "none":
            lines.append(f"periods:   {self.grain_reason or f'single dates read as {self.period_grain}s'}")
        if s.subtotals_with_suppressed:
            n = s.subtotals_with_suppressed
            lines.append(
                f"note: {n:,} {'subtotal includes' if n == 1 else 'subtotals include'} suppressed values "
                f"({_rows(s.suppressed_rows_in_subtotals)}): such a total counts queries no clean row shows"
            )
        return "\n".join(lines)


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"
