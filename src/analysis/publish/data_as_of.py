"""The pages' "data as of": the latest report in the ICE-access events table, with the population vintage named apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.sources import ice_access

REPORTED_BY = "reported by"
_PERIODS = {4: "Y", 7: "M", 10: "D"}  # a date as written (year, month or day) and the period it can mean


@dataclass(frozen=True)
class DataAsOf:
    """How current the pages are: ``report`` is the date of the latest report on access to DMV records, as precise
    as its source (``2026-02``); ``population_en``/``population_es`` name the population estimates and their release
    date, which is not a date of the data on ICE's access."""

    report: str
    population_en: str
    population_es: str

    @property
    def report_es(self) -> str:
        """The report date in Spanish words, as precise as written (``febrero de 2026``)."""
        from analysis.publish.i18n import NC_, translate
        from analysis.publish.text.spanish import fecha

        if self.report == "not stated":
            return translate("data-as-of", NC_("data-as-of", "not stated"), "es")
        return fecha(self.report)


def latest_report(events: pd.DataFrame) -> str:
    """The latest ``date`` among the events whose ``date_meaning`` is ``reported by``, as written (as precise as its
    source); ``not stated`` when there is none.

    Dates of different precision are compared by the last day they can mean, and on a tie the less precise one is
    kept: a report of "2026-01" may be later than one of 2026-01-13, so the page says "2026-01", never more than
    the sources say.

    >>> events = pd.DataFrame({"date": ["2025-11-12", "2026-01-13", "2026-02", "2026-03-01"],
    ...                        "date_meaning": ["reported by", "reported by", "reported by", "applied"]})
    >>> latest_report(events), latest_report(events.iloc[:2]), latest_report(events.iloc[3:])
    ('2026-02', '2026-01-13', 'not stated')
    >>> latest_report(pd.DataFrame({"date": ["2026-01-13", "2026-01"], "date_meaning": ["reported by"] * 2}))
    '2026-01'
    """
    reports = events["date_meaning"].eq(REPORTED_BY)
    if "event" in events.columns:  # plates for federal agents are another channel, never a report on DMV access
        reports &= ~events["event"].isin(ice_access.NEVER_STATUS)
    dates = events.loc[reports, "date"].dropna().astype(str)
    if dates.empty:
        return "not stated"

    def key(date: str) -> tuple[pd.Timestamp, int]:
        return pd.Period(date, freq=_PERIODS[len(date)]).end_time.normalize(), -len(date)

    return max(dates, key=key)


def population_basis(states: pd.DataFrame, sources: pd.DataFrame) -> tuple[str, str]:
    """The population estimates of U.S. residents (the 50 states and DC) and when each was released, in English and
    Spanish: ``population: Census PEP Vintage 2025 estimates, released 2026-01-27``.

    >>> states = pd.DataFrame({"jurisdiction_type": ["state", "district", "territory"],
    ...     "population_vintage": ["Census PEP Vintage 2025 estimate"] * 2 + ["2020 Island Areas Census count"],
    ...     "population_source_id": ["pep", "pep", "ia"]})
    >>> population_basis(states, pd.DataFrame({"source_id": ["pep", "ia"], "published": ["2026-01-27", "2021"]}))
    ('population: Census PEP Vintage 2025 estimates, released 2026-01-27', 'población: estimaciones del Censo (PEP, Vintage 2025), publicadas el 2026-01-27')
    """
    from analysis.findings.comparison_basics import us_residents
    from analysis.publish.i18n import NC_, translate

    released = sources.set_index("source_id")["published"]
    pairs = us_residents(states)[["population_vintage", "population_source_id"]].drop_duplicates()
    english, spanish = [], []
    for vintage, source_id in pairs.itertuples(index=False):
        date = str(released.get(source_id, "")) if pd.notna(released.get(source_id)) else ""
        english.append(f"{vintage}s" + (f", released {date}" if date else ""))
        year = re.search(r"Vintage (\d{4})", str(vintage))
        words = (translate("data-as-of", NC_("data-as-of", "Census PEP Vintage %(year)s estimates"), "es")
                 % {"year": year.group(1)} if year else str(vintage))
        released_es = translate("data-as-of", NC_("data-as-of", ", released %(date)s"), "es") % {"date": date}
        spanish.append(words + (released_es if date else ""))
    basis_es = translate("data-as-of", NC_("data-as-of", "population: %(basis)s"), "es") % {"basis": "; ".join(spanish)}
    return "population: " + "; ".join(english), basis_es


def data_as_of(events: pd.DataFrame | None = None, states: pd.DataFrame | None = None) -> DataAsOf:
    """The one place the pages' "data as of" is computed: the latest report in the ICE-access events table
    (:func:`analysis.findings.block_history.access_events` when ``events`` is not given) and the population basis.

    >>> as_of = data_as_of()
    >>> as_of.report, as_of.report_es, as_of.population_en
    ('2026-02', 'febrero de 2026', 'population: Census PEP Vintage 2025 estimates, released 2026-01-27')
    """
    from analysis.findings.block_history import access_events
    from analysis.sources.tables import load_sources, load_states

    states = load_states() if states is None else states
    events = access_events(states) if events is None else events
    english, spanish = population_basis(states, load_sources())
    return DataAsOf(report=latest_report(events), population_en=english, population_es=spanish)
