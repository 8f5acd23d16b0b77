"""Each jurisdiction's status lines as of its own last report, in English and Spanish: the wording the state pages use
(the rule that finds the last report is :mod:`analysis.findings.last_reports`).

A jurisdiction's last report (:func:`own_last_reports`) is the latest of its own citable events about ICE through
Nlets and of the national statements that name every jurisdiction (the 2025-11-12 letters, whose coverage said only
five states blocked ICE). Its page says its Nlets status *as of that date*, with that date as written (a ``2025-11``
source is never printed as a day), never another jurisdiction's date; its later reports on other channels or about
other agencies are listed beside it (:func:`later_reports`), and no later report on ICE's Nlets access is on record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.publish.i18n import NC_, translate
from analysis.publish.text.event_labels import SYSTEMS_ES, spanish
from analysis.publish.text.spanish import fecha
from analysis.findings.last_reports import (  # noqa: F401 (re-exported for the pages and their tests)
    LETTERS,
    NATIONAL_STATEMENTS,
    LastReport,
    LaterReport,
    NationalStatement,
    later_reports,
    own_last_reports,
)
from analysis.sources import ice_access


# Each status in words (English; its Spanish in the catalog, msgctxt "status").
def _es(message: str) -> str:
    """A status message in Spanish from the catalog (msgctxt "status"); a message it lacks raises."""
    return translate("status", message, "es")


_WORDS = {
    ice_access.BLOCKED: NC_("status", 'blocked'),
    ice_access.ASSUMED: NC_("status", 'counted as blocking on an assumption'),
    ice_access.LATER: NC_("status", 'not yet blocked'),
    ice_access.IN_PROGRESS: NC_("status", 'block in progress'),
    ice_access.UNDER_REVIEW: NC_("status", 'open to ICE, under review'),
    ice_access.REPORTED_OPEN: NC_("status", 'open to ICE as reported'),
    ice_access.SUPPORTS: NC_("status", 'supports federal access'),
    ice_access.UNKNOWN: NC_("status", 'unknown'),
    ice_access.NO_REPORT: NC_("status", 'no individual report'),
}
# Every basis :func:`analysis.sources.ice_access.status_on` writes: its pattern and its English ({0}: the date or
# the systems), whose Spanish is in the catalog (msgctxt "status").
_BASIS = (
    (r"block applied on (\S+)",
     NC_("status", 'block applied on {0}')),
    (r"block applied in (.+); the day is not published",
     NC_("status", 'block applied in {0}; the day is not published')),
    (r"block applied in (.+)",
     NC_("status", 'block applied in {0}')),
    (r"not yet blocked: block applied later, on (\S+)",
     NC_("status", 'not yet blocked: block applied later, on {0}')),
    (r"not yet blocked: block applied later, in (.+)",
     NC_("status", 'not yet blocked: block applied later, in {0}')),
    (r"open to ICE and under review as reported on (\S+)",
     NC_("status", 'open to ICE and under review as reported on {0}')),
    (r"agreed to support DHS's access through Nlets, filed (\S+)",
     NC_("status", "agreed to support DHS's access through Nlets, filed {0}")),
    (r"agreed to support DHS's access through Nlets, reported by (\S+)",
     NC_("status", "agreed to support DHS's access through Nlets, reported by {0}")),
    (r"no report before (\S+), when it was reported open to ICE and under review",
     NC_("status", 'no report before {0}, when it was reported open to ICE and under review')),
    (r"no report before (\S+), when it agreed to support DHS's access",
     NC_("status", "no report before {0}, when it agreed to support DHS's access")),
    (r"assumed blocked: reported blocked by (\S+); the start of the Nlets block is not published",
     NC_("status", 'assumed blocked: reported blocked by {0}; the start of the Nlets block is not published')),
    (r"reported blocked by (\S+)",
     NC_("status", 'reported blocked by {0}')),
    (r"unknown since (\S+) \(last report\)",
     NC_("status", 'unknown since {0} (last report)')),
    (r"block in progress as reported on (\S+), no date",
     NC_("status", 'block in progress as reported on {0}, no date')),
    (r"open to ICE as reported on (\S+)",
     NC_("status", 'open to ICE as reported on {0}')),
    (r"no report of a block on ICE's Nlets DMV queries \(on record: (.+), not a DMV block through Nlets\)",
     NC_("status", "no report of a block on ICE's Nlets DMV queries (on record: {0}, not a DMV block through Nlets)")),
    (r"no individual report found",
     NC_("status", 'no individual report found')),
    (r"no report before (\S+), when a block in progress was reported",
     NC_("status", 'no report before {0}, when a block in progress was reported')),
    (r"no report before (\S+), when it was reported open to ICE",
     NC_("status", 'no report before {0}, when it was reported open to ICE')),
)
_LEGAL = {"law": NC_("status", 'law effective {0}'), "rule": NC_("status", 'rule effective {0}')}


def basis_es(basis: str) -> str:
    """A status basis in Spanish, with its laws or rules in force; an unknown basis raises.

    >>> basis_es("reported blocked by 2025-11-12; law effective 2019-12-14")
    'bloqueo informado a más tardar el 2025-11-12; ley en vigor desde el 2019-12-14'
    >>> basis_es("no report of a block on ICE's Nlets DMV queries (on record: licence-plate readers and data "
    ...          "privacy, not a DMV block through Nlets)").split("(")[1]
    'documentado: lectores de matrículas y privacidad de datos, que no es un bloqueo del DMV a través de Nlets)'
    """
    legal = re.findall(r"; (law|rule) effective ([^;\s]+)", basis)
    head = re.sub(r"(; (law|rule) effective [^;\s]+)+$", "", basis)
    for pattern, words in _BASIS:
        found = re.fullmatch(pattern, head)
        if found:
            value = found.groups()[0] if found.groups() else ""
            if "on record" in pattern:
                value = ", ".join(spanish(SYSTEMS_ES, s) for s in value.split(", "))
            value = date_words_es(value)
            return _es(words).format(value) + "".join(f"; {_es(_LEGAL[kind]).format(day)}" for kind, day in legal)
    raise KeyError(f"no Spanish for the status basis {basis!r}")


# The part of a month a source names, as the Spanish date says it ("mediados de noviembre de 2025").
_PARTS = {"early": NC_("status", 'early {month}'), "mid": NC_("status", 'mid-{month}'),
          "late": NC_("status", 'late {month}')}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def date_words_es(text: str) -> str:
    """A date as :func:`analysis.sources.ice_access.date_text` prints it, in Spanish: a month named in part in
    words, anything else unchanged.

    >>> date_words_es("mid-November 2025"), date_words_es("early March 2023"), date_words_es("2025-11-12")
    ('mediados de noviembre de 2025', 'principios de marzo de 2023', '2025-11-12')
    """
    found = re.fullmatch(r"(early|mid|late)[- ](\w+) (\d{4})", text)
    if not found:
        return text
    part, month, year = found.groups()
    return _es(_PARTS[part]).format(month=fecha(f"{year}-{_MONTHS_EN.index(month) + 1:02d}"))


def status_text(row: dict, spanish_words: bool = False) -> str:
    """A status in words with what it rests on, without saying the same words twice.

    >>> status_text({"status": "blocked later", "basis": "not yet blocked: block applied later, on 2025-11-18"})
    'not yet blocked: block applied later, on 2025-11-18'
    >>> status_text({"status": "assumed blocked", "basis": "assumed blocked: reported blocked by 2025-11-12"})
    'counted as blocking on an assumption (assumed blocked: reported blocked by 2025-11-12)'
    >>> status_text({"status": "blocked", "basis": "reported blocked by 2025-11-12"}, True)
    'bloqueado (bloqueo informado a más tardar el 2025-11-12)'
    """
    en = _WORDS[row["status"]]
    es = _es(en)
    basis = str(row["basis"])
    alone = basis.lower().startswith(en.split()[0]) and row["status"] != ice_access.ASSUMED
    words, said = (es, basis_es(basis)) if spanish_words else (en, basis)
    return said if alone else f"{words} ({said})"


def after_last_report(states: pd.DataFrame, events: pd.DataFrame) -> dict[str, tuple[LastReport, str, str]]:
    """Each jurisdiction's last report on the Nlets channel with its status as of that report, in English and
    Spanish, its later reports on other channels beside it, and that no later report on ICE's Nlets access is on
    record.

    >>> from analysis.sources.tables import load_ice_access_events, load_states
    >>> lines = after_last_report(load_states(), load_ice_access_events())
    >>> lines["IL"][1].split("; ")[0]
    'blocked as of 2025-11-12 (reported blocked by 2025-11-12)'
    >>> lines["IL"][1].split("; ", 1)[1]
    "later reports on other channels or agencies, which do not date this status: 2026-01-13 block reported (ICE; driver's licence records (channel not stated)); no later report on ICE's Nlets access is on record, so after 2025-11-12 its status is unknown"
    >>> lines["WA"][1].split(";")[0]
    'blocked as of 2026-01-08 (block applied in mid-November 2025)'
    """
    last = own_last_reports(states, events)
    later = later_reports(states, events)
    by_day = {day: ice_access.status_on(states, events, day).set_index("usps")
              for day in sorted({r.known for r in last.values()})}
    out = {}
    for code, report in last.items():
        row = by_day[report.known].loc[code].to_dict()
        out[code] = (report, *_as_of_words(row, report, later.get(code, ())))
    return out


def _later_es(r: LaterReport) -> str:
    """One later report in Spanish, as :meth:`LaterReport.words` says it in English."""
    agencies, system = r.agencies.replace(";", ", "), spanish(SYSTEMS_ES, r.system)
    if r.event == "reported_open":
        return _es(NC_("status", '{date} {agencies} access still open ({system})')).format(
            date=date_words_es(r.date_words), agencies=agencies, system=system)
    return _es(NC_("status", '{date} {kind} ({agencies}; {system})')).format(
        date=date_words_es(r.date_words), kind=_es(r.kind_words), agencies=agencies, system=system)


def later_words(later: tuple[LaterReport, ...]) -> tuple[str, str]:
    """The later reports on other channels in English and Spanish ('' for none).

    >>> later_words((LaterReport("E49", "2026-01-08", None, "reported_open", "CBP",
    ...              "driver's licence data through ACCESS/Nlets", "s"),))[1]
    'informes posteriores sobre otros canales u otras agencias, que no fechan esta situación: 2026-01-08 acceso de CBP aún abierto (datos de licencias de conducir a través de ACCESS/Nlets)'
    """
    if not later:
        return "", ""
    en = "; ".join(r.words() for r in later)
    es = "; ".join(_later_es(r) for r in later)
    words = NC_("status", 'later reports on other channels or agencies, which do not date this status: {reports}')
    return words.format(reports=en), _es(words).format(reports=es)


# The words of a status as of a date, where they differ from :data:`_WORDS`.
_AS_OF = {ice_access.REPORTED_OPEN: NC_("status", 'open to ICE'),
          ice_access.UNDER_REVIEW: NC_("status", 'open to ICE and under review'),
          ice_access.NO_REPORT: NC_("status", 'not reported blocked')}


def _as_of_words(row: dict, report: LastReport, later: tuple[LaterReport, ...] = ()) -> tuple[str, str]:
    """The English and Spanish status line as of a jurisdiction's last report on the Nlets channel, with its later
    reports on other channels beside it."""
    date = report.date
    if row["status"] == ice_access.NO_REPORT and row["basis"] == "no individual report found":
        words = NC_("status", 'not reported blocked as of {date} (no state-specific report was found; {letters}, which implies this jurisdiction did not, as of November 2025)')
        en = words.format(date=date, letters=LETTERS.en)
        es = _es(words).format(date=date, letters=translate("national-statement", LETTERS.en, "es"))
    elif row["status"] == ice_access.UNKNOWN:
        words = NC_("status", "not reported either way on ICE's Nlets access as of {date} (its last report on that: {last})")
        en = words.format(date=date, last=row["date"])
        es = _es(words).format(date=date, last=row["date"])
    else:
        words_en = _AS_OF.get(row["status"], _WORDS[row["status"]])
        words_es = _es(words_en)
        said_en, said_es = str(row["basis"]), basis_es(str(row["basis"]))
        # Not the same words twice: "open to ICE as of D (as reported on D)".
        said_en = said_en.removeprefix(f"{words_en} ")
        said_es = said_es.removeprefix(f"{words_es} ")
        line = NC_("status", '{status} as of {date} ({basis})')
        en = line.format(status=words_en, date=date, basis=said_en)
        es = _es(line).format(status=words_es, date=date, basis=said_es)
    later_en, later_es = later_words(later)
    if later_en:
        en, es = f"{en}; {later_en}", f"{es}; {later_es}"
    tail = NC_("status", "{line}; no later report on ICE's Nlets access is on record, so after {date} its status is unknown")
    return tail.format(line=en, date=date), _es(tail).format(line=es, date=date)


def no_state_report(spanish_words: bool = False) -> str:
    """What a page with no state-specific event says instead of an events table.

    >>> no_state_report().startswith("No state-specific report of ICE's access to its DMV records was found;")
    True
    """
    words = NC_("status", "No state-specific report of ICE's access to its DMV records was found; {letters}, which implies this jurisdiction did not, as of November 2025.")
    if spanish_words:
        return _es(words).format(letters=translate("national-statement", LETTERS.en, "es"))
    return words.format(letters=LETTERS.en)
