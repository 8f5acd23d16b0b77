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


_WORDS = {
    ice_access.BLOCKED: ("blocked", "bloqueado"),
    ice_access.ASSUMED: ("counted as blocking on an assumption", "contado como estado que bloquea, según un supuesto"),
    ice_access.LATER: ("not yet blocked", "aún no bloqueado"),
    ice_access.IN_PROGRESS: ("block in progress", "bloqueo en curso"),
    ice_access.UNDER_REVIEW: ("open to ICE, under review", "abierto a ICE, en revisión"),
    ice_access.REPORTED_OPEN: ("open to ICE as reported", "abierto a ICE según lo informado"),
    ice_access.SUPPORTS: ("supports federal access", "apoya el acceso federal"),
    ice_access.UNKNOWN: ("unknown", "desconocido"),
    ice_access.NO_REPORT: ("no individual report", "sin informe individual"),
}
# Every basis :func:`analysis.sources.ice_access.status_on` writes, in Spanish ({0}: the date or the systems).
_BASIS_ES = (
    (r"block applied on (\S+)", "bloqueo aplicado el {0}"),
    (r"block applied in (.+); the day is not published", "bloqueo aplicado a {0}; no se ha publicado el día"),
    (r"block applied in (.+)", "bloqueo aplicado a {0}"),
    (r"not yet blocked: block applied later, on (\S+)", "aún no bloqueado: el bloqueo se aplicó después, el {0}"),
    (r"not yet blocked: block applied later, in (.+)", "aún no bloqueado: el bloqueo se aplicó después, a {0}"),
    (r"open to ICE and under review as reported on (\S+)", "abierto a ICE y en revisión según lo informado el {0}"),
    (r"agreed to support DHS's access through Nlets, filed (\S+)",
     "acordó apoyar el acceso del DHS a través de Nlets, en un escrito presentado el {0}"),
    (r"agreed to support DHS's access through Nlets, reported by (\S+)",
     "acordó apoyar el acceso del DHS a través de Nlets, según lo informado a más tardar el {0}"),
    (r"no report before (\S+), when it was reported open to ICE and under review",
     "ningún informe antes del {0}, cuando se informó que estaba abierto a ICE y en revisión"),
    (r"no report before (\S+), when it agreed to support DHS's access",
     "ningún informe antes del {0}, cuando acordó apoyar el acceso del DHS"),
    (r"assumed blocked: reported blocked by (\S+); the start of the Nlets block is not published",
     "se supone bloqueado: bloqueo informado a más tardar el {0}; no se ha publicado cuándo empezó el bloqueo en "
     "Nlets"),
    (r"reported blocked by (\S+)", "bloqueo informado a más tardar el {0}"),
    (r"unknown since (\S+) \(last report\)", "desconocido desde el {0} (último informe)"),
    (r"block in progress as reported on (\S+), no date", "bloqueo en curso según lo informado el {0}, sin fecha"),
    (r"open to ICE as reported on (\S+)", "abierto a ICE según lo informado el {0}"),
    (r"no report of a block on ICE's Nlets DMV queries \(on record: (.+), not a DMV block through Nlets\)",
     "ningún informe de un bloqueo de las consultas de ICE al DMV a través de Nlets (documentado: {0}, que no es un "
     "bloqueo del DMV a través de Nlets)"),
    (r"no individual report found", "no se encontró ningún informe individual"),
    (r"no report before (\S+), when a block in progress was reported",
     "ningún informe antes del {0}, cuando se informó un bloqueo en curso"),
    (r"no report before (\S+), when it was reported open to ICE",
     "ningún informe antes del {0}, cuando se informó abierto a ICE"),
)
_LEGAL_ES = {"law": "ley en vigor desde el", "rule": "norma en vigor desde el"}
# Event kinds as the later-reports list names them in Spanish (the English is the kind with spaces).
_KIND_ES = {
    "block_reported": "bloqueo informado", "reported_open": "informado abierto", "under_review": "en revisión",
    "law_effective": "entró en vigor una ley", "law_signed": "se firmó una ley", "rule_effective": "entró en vigor una norma",
    "confidential_plates": "matrículas confidenciales", "not_a_dmv_block": "no es un bloqueo del DMV",
    "state_system_cutoff": "corte de un sistema estatal", "access_restored": "acceso restablecido",
    "limited_exception": "excepción limitada", "veto_override": "ley promulgada tras anularse el veto del gobernador",
    "federal_programme": "programa federal", "supports_federal_access": "apoya el acceso federal",
    "block_applied": "bloqueo aplicado", "block_ordered": "bloqueo ordenado", "block_announced": "bloqueo anunciado",
    "block_in_progress": "bloqueo en curso", "named_by_nlets": "Nlets lo nombró entre los que bloquean",
}


def basis_es(basis: str) -> str:
    """A status basis in Spanish, with its laws or rules in force; an unknown basis raises.

    >>> basis_es("reported blocked by 2025-11-12; law effective 2019-12-14")
    'bloqueo informado a más tardar el 2025-11-12; ley en vigor desde el 2019-12-14'
    >>> basis_es("no report of a block on ICE's Nlets DMV queries (on record: licence-plate readers and data "
    ...          "privacy, not a DMV block through Nlets)").split("(")[1]
    'documentado: lectores de matrículas y privacidad de datos, que no es un bloqueo del DMV a través de Nlets)'
    """
    legal = re.findall(r"; (law|rule) effective (\S+)", basis)
    head = re.sub(r"(; (law|rule) effective \S+)+$", "", basis)
    for pattern, words in _BASIS_ES:
        found = re.fullmatch(pattern, head)
        if found:
            value = found.groups()[0] if found.groups() else ""
            if "on record" in pattern:
                value = ", ".join(spanish(SYSTEMS_ES, s) for s in value.split(", "))
            value = date_words_es(value)
            return words.format(value) + "".join(f"; {_LEGAL_ES[kind]} {day}" for kind, day in legal)
    raise KeyError(f"no Spanish for the status basis {basis!r}")


_PARTS_ES = {"early": "principios", "mid": "mediados", "late": "finales"}
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
    return f"{_PARTS_ES[part]} de {fecha(f'{year}-{_MONTHS_EN.index(month) + 1:02d}')}"


def status_text(row: dict, spanish_words: bool = False) -> str:
    """A status in words with what it rests on, without saying the same words twice.

    >>> status_text({"status": "blocked later", "basis": "not yet blocked: block applied later, on 2025-11-18"})
    'not yet blocked: block applied later, on 2025-11-18'
    >>> status_text({"status": "assumed blocked", "basis": "assumed blocked: reported blocked by 2025-11-12"})
    'counted as blocking on an assumption (assumed blocked: reported blocked by 2025-11-12)'
    >>> status_text({"status": "blocked", "basis": "reported blocked by 2025-11-12"}, True)
    'bloqueado (bloqueo informado a más tardar el 2025-11-12)'
    """
    en, es = _WORDS[row["status"]]
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
    'blocked as of 2025-11 (block applied in mid-November 2025)'
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
        return f"{date_words_es(r.date_words)} acceso de {agencies} aún abierto ({system})"
    return f"{date_words_es(r.date_words)} {_KIND_ES[r.event]} ({agencies}; {system})"


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
    return (f"later reports on other channels or agencies, which do not date this status: {en}",
            f"informes posteriores sobre otros canales u otras agencias, que no fechan esta situación: {es}")


# The words of a status as of a date, where they differ from :data:`_WORDS`.
_AS_OF = {ice_access.REPORTED_OPEN: ("open to ICE", "abierto a ICE"),
          ice_access.UNDER_REVIEW: ("open to ICE and under review", "abierto a ICE y en revisión"),
          ice_access.NO_REPORT: ("not reported blocked", "no se informó bloqueado")}


def _as_of_words(row: dict, report: LastReport, later: tuple[LaterReport, ...] = ()) -> tuple[str, str]:
    """The English and Spanish status line as of a jurisdiction's last report on the Nlets channel, with its later
    reports on other channels beside it."""
    date = report.date
    if row["status"] == ice_access.NO_REPORT and row["basis"] == "no individual report found":
        en = (f"not reported blocked as of {date} (no state-specific report was found; {LETTERS.en}, which implies "
              "this jurisdiction did not, as of November 2025)")
        es = (f"no se informó bloqueado al {date} (no se encontró ningún informe específico de esta jurisdicción; "
              f"{LETTERS.es}, lo que implica que esta jurisdicción no lo hacía en noviembre de 2025)")
    elif row["status"] == ice_access.UNKNOWN:
        en = f"not reported either way on ICE's Nlets access as of {date} (its last report on that: {row['date']})"
        es = (f"sin informe en ningún sentido sobre el acceso de ICE a través de Nlets al {date} (su último informe "
              f"sobre ello: {row['date']})")
    else:
        words_en, words_es = _AS_OF.get(row["status"], _WORDS[row["status"]])
        said_en, said_es = str(row["basis"]), basis_es(str(row["basis"]))
        # Not the same words twice: "open to ICE as of D (as reported on D)".
        said_en = said_en.removeprefix(f"{words_en} ")
        said_es = said_es.removeprefix(f"{words_es} ")
        en = f"{words_en} as of {date} ({said_en})"
        es = f"{words_es} al {date} ({said_es})"
    later_en, later_es = later_words(later)
    if later_en:
        en, es = f"{en}; {later_en}", f"{es}; {later_es}"
    return (f"{en}; no later report on ICE's Nlets access is on record, so after {date} its status is unknown",
            f"{es}; no hay ningún informe posterior documentado sobre el acceso de ICE a través de Nlets, así que "
            f"después del {date} su situación es desconocida")


def no_state_report(spanish_words: bool = False) -> str:
    """What a page with no state-specific event says instead of an events table.

    >>> no_state_report().startswith("No state-specific report of ICE's access to its DMV records was found;")
    True
    """
    if spanish_words:
        return ("No se encontró ningún informe específico sobre el acceso de ICE a sus registros del DMV; "
                f"{LETTERS.es}, lo que implica que esta jurisdicción no lo hacía en noviembre de 2025.")
    return (f"No state-specific report of ICE's access to its DMV records was found; {LETTERS.en}, which implies this "
            "jurisdiction did not, as of November 2025.")
