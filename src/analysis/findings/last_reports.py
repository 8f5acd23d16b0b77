"""Each jurisdiction's own last report on ICE's access to its DMV records: the one rule the state pages, the
then-and-now table and the map use.

A jurisdiction's last report (:func:`own_last_reports`) is the latest of its own citable events in the ICE-access
events table and of the national statements that name every jurisdiction (the 2025-11-12 letters, whose coverage said
only five states blocked ICE). Plates for federal agents are another channel and never a report on DMV access.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.publish.i18n import NC_, translate
from analysis.sources import ice_access


@dataclass(frozen=True)
class NationalStatement:
    """A statement that names every jurisdiction's status at once, with what it says (English; its Spanish in the
    site's message catalog, msgctxt "national-statement")."""

    date: str
    source_id: str
    en: str

    @property
    def es(self) -> str:
        """What the statement says, in Spanish."""
        return translate("national-statement", self.en, "es")


LETTERS = NationalStatement(
    "2025-11-12", "voz-2025-11-13",
    NC_("national-statement",
        "the 2025-11-12 letters and their coverage said only five states (IL, NY, MA, MN, WA) blocked ICE"))
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


def own_last_reports(states: pd.DataFrame, events: pd.DataFrame) -> dict[str, LastReport]:
    """Each jurisdiction's own last report: the latest (by the last day its date can mean) of its own citable
    events and the national statements; on the same day its own event wins.

    >>> from analysis.sources.tables import load_ice_access_events, load_states
    >>> last = own_last_reports(load_states(), load_ice_access_events())
    >>> [(c, last[c].date) for c in ("WA", "IL", "CA", "AR", "TX")]
    [('WA', '2026-02'), ('IL', '2026-01-13'), ('CA', '2025-11-12'), ('AR', '2026-01-13'), ('TX', '2025-11-12')]
    >>> last["TX"].national, last["CA"].national
    (True, False)
    """
    own = events[events["tier"].ne("weak")] if "tier" in events.columns else events
    # A different channel (confidential plates) is never a report on ICE's access to DMV records.
    own = own[~own["event"].isin(ice_access.NEVER_STATUS)]
    national = [LastReport("", s.date, ice_access.period_end(s.date), s.source_id, "") for s in NATIONAL_STATEMENTS]
    best: dict[str, tuple] = {}
    for code, date, source, event_id in zip(own["jurisdiction"], own["date"], own["source_id"], own["event_id"],
                                            strict=True):
        report = LastReport(str(code), str(date), ice_access.period_end(str(date)), str(source), str(event_id))
        key = (report.known, 1, report.event_id)
        if code not in best or key > best[code][0]:
            best[code] = (key, report)
    out = {}
    for code in states["usps"]:
        candidates = [((r.known, 0, ""), LastReport(code, r.date, r.known, r.source_id, "")) for r in national]
        candidates += [best[code]] if code in best else []
        out[code] = max(candidates, key=lambda c: c[0])[1]
    return out
