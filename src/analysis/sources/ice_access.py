"""ICE's access to each jurisdiction's DMV records through Nlets on any date, derived from the dated events of
``data/raw/ice_access_events.csv`` by one rule, :func:`status_on`.

The rule, in the order it is applied to one jurisdiction on day *d*:

1. A block **applied** to ICE's Nlets queries (the state's own date, highest confidence first) decides: blocked
   from that day, "blocked later" before it. A date the sources give only to the month ("mid-November 2025") is
   never made a day: blocked from the month's last day, "blocked later" before its first, and ``unknown`` in between
   (the day is not published).
2. A block **reported** (by the letters or by Nlets' own statement, or described as done by the letters) with no
   applied date: blocked from the
   report's date (a month- or year-precise date counts from its last day); on an earlier day it is *assumed*
   blocked (``assumed`` True), because the start of the Nlets block is not published. A law or rule in force that
   bars giving DMV records to immigration enforcement is named beside it (``law effective`` / ``rule effective``),
   but it is not a date on which Nlets stopped answering ICE: Washington's 2019 law did not stop its Nlets queries.
3. A block **in progress**, the state **reported open** by the letters, **under review** (the state said it was
   looking into the access: still open to ICE, not blocked), or **supporting federal access** (the state agreed to support DHS's access through
   Nlets: access opening, not closing): as the latest report on or before *d*
   says, on the days that report's date can mean (a month- or year-precise report covers its whole month or year;
   an event dated by what happened, such as a settlement filed, until its report's publication,
   :func:`report_date`); after them the status is ``unknown``, never "open". Such a report describes the state
   only from its date on: before the first one nothing is on record (``no report``, naming the later report), never "in progress" or
   "open"; a later report never changes an earlier day's status.
4. Nothing reported: ``no report``.

Only events whose source is primary, press or reference count; a ``weak`` one is shown in tables, unconfirmed.
Events naming DHS as a whole concern ICE, a DHS component.

Events about other systems (a state switch such as CLETS, DAPS, licence-plate readers, a federal programme such as
SAVE, a report that names no channel) or other agencies (CBP, USCIS) are context: they never change ICE's Nlets
status. A statute restricts every DMV channel: it is named beside a reported block, never taken as the date of one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

DateLike = str | dt.date | pd.Timestamp

# Status vocabulary, in legend order. ``BLOCKING`` are the ones counted as blocking ICE.
BLOCKED = "blocked"
ASSUMED = "assumed blocked"
LATER = "blocked later"
IN_PROGRESS = "in progress"
UNDER_REVIEW = "under review"
REPORTED_OPEN = "reported open"
SUPPORTS = "supports federal access"
UNKNOWN = "unknown"
NO_REPORT = "no report"
STATUSES = (BLOCKED, ASSUMED, LATER, IN_PROGRESS, UNDER_REVIEW, REPORTED_OPEN, SUPPORTS, UNKNOWN, NO_REPORT)
BLOCKING = (BLOCKED, ASSUMED)

_LEGAL = ("law_effective", "rule_effective")
# Events on a different channel that is never a status of DMV-record access (plates for federal agents).
NEVER_STATUS = ("confidential_plates",)
_REPORTS = ("block_reported", "named_by_nlets", "block_announced")
_OPEN_REPORTS = ("reported_open", "block_in_progress", "under_review", "supports_federal_access")
# The status each report of rule 3 gives, and how its basis says it ({0}: the date as written).
_OPEN_STATUS = {
    "block_in_progress": (IN_PROGRESS, "block in progress as reported on {0}, no date", "a block in progress was reported"),
    "reported_open": (REPORTED_OPEN, "open to ICE as reported on {0}", "it was reported open to ICE"),
    # A review of access that exists: Delaware's governor's office was "working to investigate" the Nlets access the
    # letters reported open (Delaware Call, 2025-11-15), so open to ICE, not blocked.
    "under_review": (UNDER_REVIEW, "open to ICE and under review as reported on {0}",
                     "it was reported open to ICE and under review"),
    "supports_federal_access": (SUPPORTS, "agreed to support DHS's access through Nlets, {1} {0}",
                                "it agreed to support DHS's access"),
}
# Agencies whose events can change ICE's status: ICE, and DHS named as a whole (ICE is a DHS component).
_ICE_AGENCIES = ("ICE", "DHS")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
# Reports that describe the state only from their date on (rule 3): every report that is not a block.
_FROM_DATE_ON = _OPEN_REPORTS
_RANK = {"high": 0, "medium": 1, "low": 2}
# Systems through which a block or a law reaches ICE's Nlets DMV queries.
_NLETS_SYSTEMS = ("Nlets", "DMV records (all channels)")


def _ts(value: DateLike) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def date_text(date: str, month_part: str | None = None) -> str:
    """A date as precise as its source, in the words the pages print: a day or a month as written, and a month a
    source names only in part ("mid-November") in words.

    >>> date_text("2025-11-18"), date_text("2026-02"), date_text("2025-11", "mid"), date_text("2025-08", "late")
    ('2025-11-18', '2026-02', 'mid-November 2025', 'late August 2025')
    """
    if month_part is None or pd.isna(month_part) or not month_part:
        return date
    year, month = date.split("-")[:2]
    joiner = "-" if month_part == "mid" else " "
    return f"{month_part}{joiner}{_MONTH_NAMES[int(month) - 1]} {year}"


def on_date(date: str, month_part: str | None = None) -> str:
    """'on' a day, 'in' a month or year, with the date as :func:`date_text` prints it.

    >>> on_date("2025-11-18"), on_date("2025-11", "mid"), on_date("2026-02")
    ('on 2025-11-18', 'in mid-November 2025', 'in 2026-02')
    """
    return f"{'on' if len(date) == 10 else 'in'} {date_text(date, month_part)}"


@lru_cache(maxsize=4096)
def period_end(date: str) -> pd.Timestamp:
    """The last day a date written to day, month or year precision can mean.

    >>> [f"{period_end(d):%Y-%m-%d}" for d in ("2025-11-12", "2025-11", "2025")]
    ['2025-11-12', '2025-11-30', '2025-12-31']
    """
    start = pd.Timestamp(date)
    if len(date) == 7:
        return start + pd.offsets.MonthEnd(0)
    if len(date) == 4:
        return start + pd.offsets.YearEnd(0)
    return start


@dataclass(frozen=True)
class Status:
    """One jurisdiction's ICE status on one day, with the dated event it rests on (``date`` as written in the
    source, ``date_meaning``) and that event's source."""

    status: str
    assumed: bool
    basis: str
    date: str | None
    date_meaning: str | None
    source_ids: tuple[str, ...]
    month_part: str | None = None

    @property
    def date_words(self) -> str | None:
        """The date as the pages print it (:func:`date_text`)."""
        return None if self.date is None else date_text(self.date, self.month_part)

    @property
    def blocking(self) -> bool:
        return self.status in BLOCKING


def status_events(events: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``events`` that the rule of this module reads (the others are context)."""
    return _ice_nlets(events)


def _ice_nlets(events: pd.DataFrame) -> pd.DataFrame:
    """The events that can change ICE's Nlets DMV access: about ICE, through Nlets (or a law on all DMV
    disclosure), and resting on a primary, press or reference source (``tier`` not ``weak``)."""
    ice = events["agencies"].str.split(";").map(lambda agencies: any(a in agencies for a in _ICE_AGENCIES))
    citable = events["tier"].ne("weak") if "tier" in events.columns else True
    return events[ice & events["system"].isin(_NLETS_SYSTEMS) & citable]


# Dates that are the date of the statement itself: the report is that statement (read in a later copy).
_STATEMENT_DATES = ("reported by", "announced", "published")


def report_date(date: str, meaning: str, published: object) -> str:
    """The date of the report of an event, as precise as written: an event dated by what happened (a block applied,
    a settlement filed) is reported on its source's publication date when that is later; a statement's own date
    (``reported by``, ``announced``) is the report's.

    >>> report_date("2025-11", "applied", "2026-01-08"), report_date("2025-11-12", "reported by", "2025-11-13")
    ('2026-01-08', '2025-11-12')
    >>> report_date("2025-11-28", "filed", "2025-12-02"), report_date("2025-11-28", "filed", "")
    ('2025-12-02', '2025-11-28')
    """
    text = "" if published is None or pd.isna(published) else str(published)
    if meaning in _STATEMENT_DATES or len(text) not in (4, 7, 10) or period_end(text) <= period_end(date):
        return date
    return text


@dataclass(frozen=True)
class _Event:
    """One event row as the rule reads it: ``known`` is the last day its date can mean (:func:`period_end`)."""

    event_id: str
    event: str
    date: str
    date_meaning: str
    start: pd.Timestamp
    known: pd.Timestamp
    rank: int
    source_id: str
    month_part: str | None = None
    reported: pd.Timestamp | None = None

    @property
    def reported_known(self) -> pd.Timestamp:
        """The last day the event's report can mean (:func:`report_date`): a report describes the state until then."""
        return self.known if self.reported is None else max(self.known, self.reported)

    @property
    def words(self) -> str:
        """The date as the pages print it (:func:`date_text`)."""
        return date_text(self.date, self.month_part)

    @property
    def to_the_day(self) -> bool:
        return len(self.date) == 10


_CONTEXT = ("not_a_dmv_block", "state_system_cutoff")


def _rule_events(events: pd.DataFrame) -> dict[str, list[_Event]]:
    """The events the rule reads, by jurisdiction, in the order of ``events``."""
    ev = _ice_nlets(events)
    by_code: dict[str, list[_Event]] = {}
    parts = ev["month_part"] if "month_part" in ev.columns else pd.Series(None, index=ev.index, dtype="str")
    published = ev["source_published"] if "source_published" in ev.columns else pd.Series("", index=ev.index)
    columns = ("jurisdiction", "event_id", "event", "date", "date_meaning", "start", "confidence", "source_id")
    for (code, event_id, event, date, meaning, start, confidence, source), part, pub in zip(
            zip(*(ev[c] for c in columns)), parts, published, strict=True):
        by_code.setdefault(code, []).append(_Event(str(event_id), event, str(date), str(meaning), start,
                                                   period_end(date), _RANK.get(confidence, len(_RANK)), str(source),
                                                   None if pd.isna(part) else str(part),
                                                   period_end(report_date(str(date), str(meaning), pub))))
    return by_code


def _context_events(events: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """(system, source id) of the events that are context only, by jurisdiction, in the order of ``events``."""
    rows = events[events["event"].isin(_CONTEXT)]
    by_code: dict[str, list[tuple[str, str]]] = {}
    for code, system, source in zip(rows["jurisdiction"], rows["system"], rows["source_id"]):
        by_code.setdefault(code, []).append((system, str(source)))
    return by_code


def _made(status: str, event: _Event, basis: str, *, assumed: bool = False, extra: tuple[str, ...] = ()) -> Status:
    return Status(status, assumed, basis, event.date, event.date_meaning,
                  tuple(sorted({event.source_id, *extra})), event.month_part)


def _status(ev: list[_Event], context: list[tuple[str, str]], day: pd.Timestamp) -> Status:
    """The rule of the module docstring for one jurisdiction's events (``ev``: those the rule reads)."""
    applied = sorted((e for e in ev if e.event == "block_applied"), key=lambda e: (e.rank, e.start, e.event_id))
    if applied:
        first = applied[0]
        on = f"on {first.words}" if first.to_the_day else f"in {first.words}"
        if first.known <= day:
            return _made(BLOCKED, first, f"block applied {on}")
        if first.start <= day:
            return _made(UNKNOWN, first, f"block applied {on}; the day is not published")
        return _made(LATER, first, f"not yet blocked: block applied later, {on}")
    legal = sorted((e for e in ev if e.event in _LEGAL and e.start <= day), key=lambda e: (e.start, e.event_id))
    legal_note = "".join(f"; {e.date_meaning} {e.date}" for e in legal)
    legal_ids = tuple(e.source_id for e in legal)
    # A report dated only to the month or year is known to exist by the end of that month or year.
    reports = sorted((e for e in ev if e.event in _REPORTS), key=lambda e: (e.known, e.event_id))
    if reports:
        earliest = reports[0]
        others = tuple(e.source_id for e in reports) + legal_ids
        if earliest.known <= day:
            return _made(BLOCKED, earliest, f"reported blocked by {earliest.date}{legal_note}", extra=others)
        return _made(ASSUMED, earliest,
                     f"assumed blocked: reported blocked by {earliest.date}; the start of the Nlets block is not "
                     f"published{legal_note}", assumed=True, extra=others)
    # A report dated to the month or year describes the state through the end of that month or year.
    # Such a report describes the state from its date on, never before: on day d only reports dated on or before d
    # are read, so a later report never changes an earlier day's status.
    open_reports = sorted((e for e in ev if e.event in _OPEN_REPORTS), key=lambda e: (e.known, e.event_id))
    if open_reports:
        earlier = [e for e in open_reports if e.start <= day or e.event not in _FROM_DATE_ON]
        if not earlier:
            first = min(open_reports, key=lambda e: (e.start, e.event_id))
            return Status(NO_REPORT, False, f"no report before {first.date}, when {_OPEN_STATUS[first.event][2]}",
                          None, None, (first.source_id,))
        current = earlier[-1]
        if day > current.reported_known:
            return _made(UNKNOWN, current, f"unknown since {current.date} (last report)")
        status, basis, _ = _OPEN_STATUS[current.event]
        return _made(status, current, basis.format(current.date, current.date_meaning))
    if context:
        systems = ", ".join(dict.fromkeys(system for system, _ in context))
        return Status(NO_REPORT, False, f"no report of a block on ICE's Nlets DMV queries (on record: {systems}, "
                      "not a DMV block through Nlets)", None, None, tuple(sorted({s for _, s in context})))
    return Status(NO_REPORT, False, "no individual report found", None, None, ())


def status_on(states: pd.DataFrame, events: pd.DataFrame, as_of: DateLike) -> pd.DataFrame:
    """ICE's Nlets DMV status of every jurisdiction in ``states`` on ``as_of``, by the rule of this module.

    Returns one row per jurisdiction, in the order of ``states``: ``usps``, ``name``, ``jurisdiction_type``,
    ``as_of`` (timestamp), ``status`` (one of :data:`STATUSES`), ``ice_blocked`` (status is blocked or assumed
    blocked), ``assumed``, ``basis`` (plain words with the date and what it means), ``date`` (as written),
    ``date_words`` (as printed, :func:`date_text`), ``date_meaning``,
    ``kind`` and ``source_ids``.

    >>> from analysis.sources.tables import load_ice_access_events, load_states
    >>> table = status_on(load_states(), load_ice_access_events(), "2025-09-30").set_index("usps")
    >>> sorted(table.index[table["ice_blocked"]]), sorted(table.index[table["assumed"]])
    (['IL', 'MA', 'MN', 'NY'], ['IL', 'MA', 'MN', 'NY'])
    >>> table.loc[["WA", "CA", "OR", "TX"], "status"].tolist()
    ['blocked later', 'no report', 'no report', 'no report']
    >>> table.loc["OR", "basis"]
    'no report before 2025-11-12, when a block in progress was reported'
    >>> later = status_on(load_states(), load_ice_access_events(), "2025-11-12").set_index("usps")
    >>> later.loc[["CA", "OR"], "status"].tolist()
    ['reported open', 'in progress']
    """
    day = _ts(as_of)
    rule, context = _rule_events(events), _context_events(events)
    found = [_status(rule.get(code, []), context.get(code, []), day) for code in states["usps"]]
    return pd.DataFrame(
        {
            "usps": states["usps"].to_numpy(),
            "name": states["name"].to_numpy(),
            "jurisdiction_type": states["jurisdiction_type"].to_numpy(),
            "as_of": day,
            "status": [s.status for s in found],
            "ice_blocked": [s.blocking for s in found],
            "assumed": [s.assumed for s in found],
            "basis": [s.basis for s in found],
            "date": pd.array([s.date for s in found], dtype="str"),
            "date_words": pd.array([s.date_words for s in found], dtype="str"),
            "month_part": pd.array([s.month_part for s in found], dtype="str"),
            "date_meaning": pd.array([s.date_meaning for s in found], dtype="str"),
            "kind": "derived",
            "source_ids": [";".join(s.source_ids) for s in found],
        }
    )


def first_block_after(events: pd.DataFrame, day: DateLike) -> pd.Series | None:
    """The earliest block applied to ICE's Nlets queries after ``day`` (its event row), or None when there is none.
    ``in_force`` is the first day the block is known to be in force: the date's last day when it is written to the
    month (a month-precise date is never made a day).

    >>> from analysis.sources.tables import load_ice_access_events
    >>> row = first_block_after(load_ice_access_events(), "2025-09-30")
    >>> row["jurisdiction"], row["date"], f"{row['in_force']:%Y-%m-%d}"
    ('WA', '2025-11', '2025-11-30')
    >>> first_block_after(load_ice_access_events(), "2030-01-01") is None
    True
    """
    ev = _ice_nlets(events)
    applied = ev[ev["event"].eq("block_applied")]
    best = (applied.assign(_rank=applied["confidence"].map(_RANK)).sort_values(["jurisdiction", "_rank", "start"])
            .drop_duplicates("jurisdiction"))
    later = best[best["start"] > _ts(day)].sort_values(["start", "jurisdiction"])
    if later.empty:
        return None
    row = later.iloc[0].drop("_rank")
    return pd.concat([row, pd.Series({"in_force": period_end(str(row["date"]))})])


def last_report(events: pd.DataFrame) -> pd.Timestamp:
    """The date of the latest event on record: statuses after it are unknown. ``NaT`` when there is no event.

    >>> from analysis.sources.tables import load_ice_access_events
    >>> last_report(load_ice_access_events()) >= pd.Timestamp("2025-11-19")
    True
    """
    return events["start"].max()
