"""Each jurisdiction's own last report on ICE's access to its DMV records through Nlets: the one rule the state
pages, the then-and-now table and the map use.

A jurisdiction's last report on the Nlets channel (:func:`own_last_reports`) is the latest of its own citable events
about ICE (or DHS as a whole) through Nlets and of the national statements that name every jurisdiction (the
2025-11-12 letters, whose coverage said only five states blocked ICE). Its Nlets status is dated by that report
only. Its reports on other channels or about other agencies (CBP's access, a report that names no channel, a
statute on all DMV channels, a state system, plates for federal agents) never date the Nlets status: dated after it,
they are listed beside it (:func:`later_reports`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.catalog_marks import NC_
from analysis.sources import ice_access


@dataclass(frozen=True)
class NationalStatement:
    """A statement that names every jurisdiction's status at once, with what it says (English; its Spanish in the
    site's message catalog, msgctxt "national-statement")."""

    date: str
    source_id: str
    en: str


# The letters were sent by Sen. Ron Wyden, Rep. Adriano Espaillat and 38 other members of Congress to 19 governors
# (Wyden's office release, wyden-press-release-2025-11-12); the five states are the letters' own words as quoted by
# Voz ("as Illinois, New York, Massachusetts, Minnesota, and Washington have already done").
LETTERS = NationalStatement(
    "2025-11-12", "voz-2025-11-13",
    NC_("national-statement",
        "the 2025-11-12 letters of Sen. Ron Wyden, Rep. Adriano Espaillat and 38 other members of Congress named "
        "five states (IL, NY, MA, MN, WA) as having blocked ICE, and their coverage said only those five did"))
NATIONAL_STATEMENTS = (LETTERS,)


@dataclass(frozen=True)
class LastReport:
    """One jurisdiction's last report on record: its date as written, the last day it can mean, its source, and
    the event id (``""`` for a national statement)."""

    usps: str
    date: str
    known: pd.Timestamp
    source_id: str
    event_id: str

    @property
    def national(self) -> bool:
        return not self.event_id


def _citable(events: pd.DataFrame) -> pd.DataFrame:
    return events[events["tier"].ne("weak")] if "tier" in events.columns else events


def nlets_channel(events: pd.DataFrame) -> pd.Series:
    """Which rows of ``events`` are on the Nlets channel of ICE's status: about ICE (or DHS as a whole) through
    Nlets itself. A statute on all DMV channels, CBP's access, a report naming no channel, a state system, a federal
    programme and plates are not."""
    ice = events["agencies"].str.split(";").map(lambda agencies: any(a in ("ICE", "DHS") for a in agencies))
    return ice & events["system"].eq("Nlets") & ~events["event"].isin(ice_access.NEVER_STATUS)


def own_last_reports(states: pd.DataFrame, events: pd.DataFrame) -> dict[str, LastReport]:
    """Each jurisdiction's own last report on the Nlets channel: the latest (by the last day its date can mean) of
    its own citable events about ICE through Nlets (:func:`nlets_channel`) and the national statements; on the same
    day its own event wins. An event dated by what happened (a block applied, a settlement filed) is dated by its
    report, its source's publication (:func:`analysis.sources.ice_access.report_date`). Reports on other channels
    never date it (:func:`later_reports`).

    >>> from analysis.sources.tables import load_ice_access_events, load_states
    >>> last = own_last_reports(load_states(), load_ice_access_events())
    >>> [(c, last[c].date) for c in ("WA", "IL", "CA", "AR", "TX", "DE", "IA")]  # doctest: +NORMALIZE_WHITESPACE
    [('WA', '2026-01-08'), ('IL', '2025-11-12'), ('CA', '2025-11-12'), ('AR', '2025-11-12'), ('TX', '2025-11-12'),
     ('DE', '2025-11-15'), ('IA', '2025-12-02')]
    >>> last["TX"].national, last["CA"].national, last["AR"].national
    (True, False, True)
    """
    own = _citable(events)
    own = own[nlets_channel(own)]
    national = [LastReport("", s.date, ice_access.period_end(s.date), s.source_id, "") for s in NATIONAL_STATEMENTS]
    best: dict[str, tuple] = {}
    published = own["source_published"] if "source_published" in own.columns else pd.Series("", index=own.index)
    for code, date, meaning, source, event_id, pub in zip(own["jurisdiction"], own["date"], own["date_meaning"],
                                                          own["source_id"], own["event_id"], published, strict=True):
        # Dated by the report, not by what it reports: a block applied in mid-November 2025 and reported on
        # 2026-01-08 was last reported on 2026-01-08 (:func:`analysis.sources.ice_access.report_date`).
        date = ice_access.report_date(str(date), str(meaning), pub)
        report = LastReport(str(code), date, ice_access.period_end(date), str(source), str(event_id))
        key = (report.known, 1, report.event_id)
        if code not in best or key > best[code][0]:
            best[code] = (key, report)
    out = {}
    for code in states["usps"]:
        candidates = [((r.known, 0, ""), LastReport(code, r.date, r.known, r.source_id, "")) for r in national]
        candidates += [best[code]] if code in best else []
        out[code] = max(candidates, key=lambda c: c[0])[1]
    return out


@dataclass(frozen=True)
class LaterReport:
    """A jurisdiction's citable report on another channel or about another agency, dated after its last Nlets
    report: listed beside the Nlets status, never dating it."""

    event_id: str
    date: str
    month_part: str | None
    event: str
    agencies: str
    system: str
    source_id: str

    @property
    def date_words(self) -> str:
        return ice_access.date_text(self.date, self.month_part)

    def words(self) -> str:
        """'2026-01-13 block reported (ICE; driver's licence records (channel not stated))'."""
        agencies = self.agencies.replace(";", ", ")
        if self.event == "reported_open":  # another agency's access, never the letters' report on ICE
            return f"{self.date_words} {agencies} access still open ({self.system})"
        return f"{self.date_words} {self.kind_words} ({agencies}; {self.system})"

    @property
    def kind_words(self) -> str:
        """The event's kind in words (its Spanish in the catalog, msgctxt "status")."""
        return _KIND_WORDS.get(self.event, self.event.replace("_", " "))


# Event kinds in words, as a list of later reports names them (a kind's own words never say more than it is: New
# York's 2020 amendment is a limited exception, Maryland's 2021 act a law enacted over a veto).
_KIND_WORDS = {
    "access_restored": NC_("status", 'access restored'),
    "block_announced": NC_("status", 'block announced'),
    "block_applied": NC_("status", 'block applied'),
    "block_in_progress": NC_("status", 'block in progress'),
    "block_ordered": NC_("status", 'block ordered'),
    "block_reported": NC_("status", 'block reported'),
    "confidential_plates": NC_("status", 'confidential plates'),
    "federal_programme": NC_("status", 'federal programme'),
    "law_effective": NC_("status", 'law effective'),
    "law_signed": NC_("status", 'law signed'),
    "limited_exception": NC_("status", 'limited exception'),
    "named_by_nlets": NC_("status", 'named by Nlets as blocking'),
    "not_a_dmv_block": NC_("status", 'not a DMV block'),
    "rule_effective": NC_("status", 'rule effective'),
    "state_system_cutoff": NC_("status", 'state system cutoff'),
    "supports_federal_access": NC_("status", 'supports federal access'),
    "under_review": NC_("status", 'under review'),
    "veto_override": NC_("status", "law enacted over the governor's veto"),
}


def later_reports(states: pd.DataFrame, events: pd.DataFrame) -> dict[str, tuple[LaterReport, ...]]:
    """Each jurisdiction's own citable reports that are not on its Nlets channel and are dated after its last Nlets
    report (:func:`own_last_reports`; a report counts as after when its first possible day is), in date order;
    plates for federal agents included, on their own channel. Empty when none.

    >>> from analysis.sources.tables import load_ice_access_events, load_states
    >>> later = later_reports(load_states(), load_ice_access_events())
    >>> [r.date for r in later["WA"]][:4], [r.date for r in later["IL"]], later["TX"]
    (['2026-01', '2026-01-08', '2026-01-13', '2026-02'], ['2026-01-13'], ())
    >>> later["IL"][0].words()
    "2026-01-13 block reported (ICE; driver's licence records (channel not stated))"
    """
    last = own_last_reports(states, events)
    own = _citable(events)
    own = own[~nlets_channel(own)].sort_values(["start", "event_id"])
    parts = own["month_part"] if "month_part" in own.columns else pd.Series(None, index=own.index, dtype="str")
    out: dict[str, list[LaterReport]] = {str(code): [] for code in states["usps"]}
    columns = ("jurisdiction", "event_id", "date", "event", "agencies", "system", "source_id", "start")
    for (code, event_id, date, event, agencies, system, source, start), part in zip(
            zip(*(own[c] for c in columns)), parts, strict=True):
        code = str(code)
        # After the last Nlets report, or on its day or month: a report on the same day or in the same month as
        # the last one is listed beside it too.
        if code not in last or ice_access.period_end(str(date)) < last[code].known:
            continue
        out[code].append(LaterReport(str(event_id), str(date), None if pd.isna(part) or not part else str(part),
                                     str(event), str(agencies), str(system), str(source)))
    return {code: tuple(items) for code, items in out.items()}
