"""Readable words for the state-level figures printed on the state pages: one place that maps each metric of
data/raw/state_level_figures.csv to what it counts, so no raw metric name reaches a reader (English here, Spanish in
the site's message catalog)."""

from __future__ import annotations

from analysis.publish.i18n import NC_, gettext, translate

# metric -> what the figure counts, as its source says it (English; its Spanish in the catalog, msgctxt
# "figure-metric").
METRICS: dict[str, str] = {
    "federal_queries_of_wa_dol_data_via_access_nlets": NC_(
        "figure-metric", "queries of Washington Department of Licensing data by all federal agencies through "
        "ACCESS/Nlets (not ICE alone)"),
    "immigration_arrests_linked_to_dol_queries_via_nlets": NC_(
        "figure-metric", "immigration arrests that followed a query of Washington licensing data through Nlets "
        "(cases documented by the UW Center for Human Rights)"),
    "of_s02_cases_confirmed_civil_immigration_enforcement": NC_(
        "figure-metric", "of those documented arrests, cases confirmed as civil immigration enforcement"),
    "of_s02_cases_where_cbp_ran_the_query": NC_(
        "figure-metric", "of those documented arrests, cases where Customs and Border Protection (CBP), not ICE, ran "
        "the query"),
    "nlets_queries_before_fernando_rocha_arrest": NC_(
        "figure-metric", "Nlets queries for Washington licensing data before one arrest in July 2025 (a Kirkland "
        "school theatre manager)"),
    "ice_query_attempts_refused_after_nlets_cutoff": NC_(
        "figure-metric", "ICE queries refused after the Nlets cut-off"),
}
# The units and qualifiers of the figures as the data writes them (their Spanish in the catalog).
UNITS = (NC_("figure-unit", "queries"), NC_("figure-unit", "cases"), NC_("figure-unit", "searches"),
         NC_("figure-unit", "requests"), NC_("figure-unit", "percent"), NC_("figure-unit", "emails"))
QUALIFIERS = (NC_("figure-qualifier", "exact"), NC_("figure-qualifier", "at least"),
              NC_("figure-qualifier", "more than"), NC_("figure-qualifier", "approximately"))


def period_words(start: str, end: str, spanish: bool = False) -> str:
    """A figure's period as its source gives it, saying so when a start or end is not stated.

    >>> period_words("2025-09", "2025-11"), period_words("", "2025-07"), period_words("", "2025-07", True)
    ('2025-09 to 2025-11', 'up to 2025-07 (start not stated)', 'hasta 2025-07 (inicio no indicado)')
    >>> period_words("2025-11-19", ""), period_words("", "")
    ('from 2025-11-19 (end not stated)', 'period not stated')
    """
    if start and end:
        words = NC_("figure-period", "%(start)s to %(end)s")
    elif end:
        words = NC_("figure-period", "up to %(end)s (start not stated)")
    elif start:
        words = NC_("figure-period", "from %(start)s (end not stated)")
    else:
        words = NC_("figure-period", "period not stated")
    return translate("figure-period", words, "es" if spanish else "en") % {"start": start, "end": end}


def figure_line(row: dict, publisher: str, spanish: bool = False) -> str:
    """One published state-level figure as a reader sees it: what it counts, the value with its hedge, the period
    and the source. A metric without words here raises, so no raw metric name is printed.

    >>> row = {"metric": "of_s02_cases_where_cbp_ran_the_query", "value": 8, "unit": "cases",
    ...        "qualifier": "exact", "period_start": "2025-08", "period_end": "2025-11"}
    >>> figure_line(row, "Jalopnik")  # doctest: +NORMALIZE_WHITESPACE
    'Of those documented arrests, cases where Customs and Border Protection (CBP), not ICE, ran the query: 8 cases
    (exact), 2025-08 to 2025-11; published, Jalopnik'
    >>> figure_line(row, "Jalopnik", spanish=True).split(":")[1]
    ' 8 casos (cifra exacta), de 2025-08 a 2025-11; publicado, Jalopnik'
    """
    if row["metric"] not in METRICS:
        raise KeyError(f"no words for state-level metric {row['metric']!r} (add them to text/figure_labels.py and messages.po)")
    lang = "es" if spanish else "en"
    words = translate("figure-metric", METRICS[row["metric"]], lang)
    unit, qualifier = str(row["unit"]), str(row["qualifier"] or "")
    if unit not in UNITS or (qualifier and qualifier not in QUALIFIERS):
        raise KeyError(f"no words for {unit!r} or {qualifier!r} (add them to text/figure_labels.py and messages.po)")
    unit = translate("figure-unit", unit, lang)
    qualifier = translate("figure-qualifier", qualifier, lang) if qualifier else ""
    hedge = f" ({qualifier})" if qualifier else ""
    period = period_words(str(row["period_start"] or ""), str(row["period_end"] or ""), spanish)
    published = gettext("published", lang)
    return f"{words[0].upper()}{words[1:]}: {int(row['value']):,} {unit}{hedge}, {period}; {published}, {publisher}"
