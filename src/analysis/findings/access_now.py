"""Each jurisdiction's ICE status on the last day of the disclosure year beside its status as of its own last report,
with every event on record that opens access rather than closing it."""

from __future__ import annotations

import pandas as pd

from analysis.findings.access_status import events_or_raw, ice_access_as_of
from analysis.findings.comparison_basics import DateLike, disclosure_period, join_ids, to_day
from analysis.findings.last_reports import later_reports, own_last_reports
from analysis.sources import ice_access

# Events that open access (or may): a state agreeing to support federal access, access under review, another
# agency's access still open, a federal programme seeking the same records.
OPENING = ("supports_federal_access", "under_review", "reported_open", "access_restored", "limited_exception",
           "federal_programme")
COLUMNS = ["usps", "name", "jurisdiction_type", "status_then", "basis_then", "then", "last_report", "status_now",
           "basis_now", "later_reports", "opening_events", "kind", "source_ids"]
# Kinds whose words in the table are not the kind itself: New York's 2020 amendment is a limited exception for CBP
# (Trusted Traveler vetting, vehicle import/export), never access restored.
_WORDS = {"limited_exception": "limited exception"}
# Words of a note that make an ``access_restored`` row a limited exception (as the state pages label it).
_LIMITED = ("Trusted Traveler", "import/export")


def _opening(events: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Per jurisdiction, its citable access-opening events in date order ("2025-11-28 supports federal access (DHS,
    Nlets)"), the letters' own "reported open" rows left out: they are the status itself."""
    ev = events[events["event"].isin(OPENING) & events["tier"].ne("weak")]
    ev = ev[~(ev["event"].eq("reported_open") & ev["agencies"].eq("ICE"))].sort_values(["start", "event_id"])
    out: dict[str, list[tuple[str, str]]] = {}
    for code, event, date, part, agencies, system, source, note in zip(
            ev["jurisdiction"], ev["event"], ev["date"], ev["month_part"], ev["agencies"], ev["system"],
            ev["source_id"], ev["note"], strict=True):
        limited = event == "access_restored" and any(w in str(note) for w in _LIMITED)
        words = "limited exception" if limited else _WORDS.get(event, event.replace("_", " "))
        out.setdefault(str(code), []).append(
            (f"{ice_access.date_text(str(date), part)} {words} ({str(agencies).replace(';', ', ')}, {system})",
             str(source)))
    return {code: ("; ".join(t for t, _ in items), join_ids(*(i for _, i in items))) for code, items in out.items()}


def status_then_and_now(states: pd.DataFrame, events: pd.DataFrame | None = None,
                        then: DateLike | None = None) -> pd.DataFrame:
    """One row per jurisdiction of ``states``: its status (:func:`analysis.sources.ice_access.status_on`) on
    ``then`` (default the last day of the disclosure year) and as of its own last report on the Nlets channel
    (``last_report``, as precise as its source; :func:`analysis.findings.last_reports.own_last_reports`), each with
    its basis; its later reports on other channels or about other agencies, which never date the Nlets status
    (``later_reports``, empty when none); and the citable events on record that open access (``opening_events``,
    empty when none). After its last report a
    jurisdiction's status is not known: "now" means as of that report, never today.

    >>> from analysis.sources.tables import load_states
    >>> table = status_then_and_now(load_states()).set_index("usps")
    >>> table.loc["WA", ["status_then", "last_report", "status_now"]].tolist()
    ['blocked later', '2026-01-08', 'blocked']
    >>> table.loc["IL", ["last_report", "later_reports"]].tolist()
    ['2025-11-12', "2026-01-13 block reported (ICE; driver's licence records (channel not stated))"]
    >>> table.loc["NY", "opening_events"]
    '2020-07-23 limited exception (CBP, DMV records (all channels))'
    >>> table.loc["IA", ["status_then", "status_now"]].tolist(), table.loc["IA", "opening_events"]
    (['no report', 'supports federal access'], '2025-11-28 supports federal access (DHS, Nlets)')
    >>> table.loc["DE", "status_now"]
    'under review'
    """
    ev = events_or_raw(events)
    day = to_day(then if then is not None else disclosure_period()[1])
    at_then = ice_access_as_of(states, day, ev).set_index("usps")
    last = own_last_reports(states, ev)
    later = later_reports(states, ev)
    by_day = {known: ice_access_as_of(states, known, ev).set_index("usps")
              for known in sorted({r.known for r in last.values()})}
    opening = _opening(ev)
    none = ("", "")
    rows = []
    for code in states["usps"]:
        before, report = at_then.loc[code], last[code]
        now = by_day[report.known].loc[code]
        rows.append({
            "usps": code, "name": before["name"], "jurisdiction_type": before["jurisdiction_type"],
            "status_then": before["status"], "basis_then": before["basis"], "then": f"{day:%Y-%m-%d}",
            "last_report": report.date, "status_now": now["status"], "basis_now": now["basis"],
            "later_reports": "; ".join(r.words() for r in later.get(code, ())),
            "opening_events": opening.get(code, none)[0], "kind": "derived",
            "source_ids": join_ids(before["source_ids"], now["source_ids"], report.source_id,
                                   *(r.source_id for r in later.get(code, ())), opening.get(code, none)[1]),
        })
    return pd.DataFrame(rows, columns=COLUMNS)
