"""Readable words, in English and Spanish, for the state-level figures printed on the state pages: one place that
maps each metric of data/raw/state_level_figures.csv to what it counts, so no raw metric name reaches a reader."""

from __future__ import annotations

# metric -> (English, Spanish): what the figure counts, as its source says it.
METRICS: dict[str, tuple[str, str]] = {
    "federal_queries_of_wa_dol_data_via_access_nlets": (
        "queries of Washington Department of Licensing data by all federal agencies through ACCESS/Nlets "
        "(not ICE alone)",
        "consultas de datos del Departamento de Licencias de Washington por todas las agencias federales a través "
        "de ACCESS/Nlets (no solo ICE)"),
    "immigration_arrests_linked_to_dol_queries_via_nlets": (
        "immigration arrests that followed a query of Washington licensing data through Nlets (cases documented "
        "by the UW Center for Human Rights)",
        "detenciones de inmigración precedidas de una consulta de datos de licencias de Washington a través de "
        "Nlets (casos documentados por el Centro de Derechos Humanos de la Universidad de Washington)"),
    "of_s02_cases_confirmed_civil_immigration_enforcement": (
        "of those documented arrests, cases confirmed as civil immigration enforcement",
        "de esas detenciones documentadas, casos confirmados como aplicación civil de las leyes de inmigración"),
    "of_s02_cases_where_cbp_ran_the_query": (
        "of those documented arrests, cases where Customs and Border Protection (CBP), not ICE, ran the query",
        "de esas detenciones documentadas, casos en que la consulta la hizo la Oficina de Aduanas y Protección "
        "Fronteriza (CBP), no ICE"),
    "nlets_queries_before_fernando_rocha_arrest": (
        "Nlets queries for Washington licensing data before one arrest in July 2025 (a Kirkland school theatre "
        "manager)",
        "consultas a Nlets de datos de licencias de Washington antes de una detención en julio de 2025 (un "
        "responsable de teatro escolar de Kirkland)"),
    "ice_query_attempts_refused_after_nlets_cutoff": (
        "ICE queries refused after the Nlets cut-off",
        "consultas de ICE rechazadas después del corte en Nlets"),
}
UNITS_ES = {"queries": "consultas", "cases": "casos", "searches": "búsquedas", "requests": "solicitudes",
            "percent": "por ciento", "emails": "correos electrónicos"}
QUALIFIERS_ES = {"exact": "cifra exacta", "at least": "al menos", "more than": "más de",
                 "approximately": "aproximadamente"}


def period_words(start: str, end: str, spanish: bool = False) -> str:
    """A figure's period as its source gives it, saying so when a start or end is not stated.

    >>> period_words("2025-09", "2025-11"), period_words("", "2025-07"), period_words("", "2025-07", True)
    ('2025-09 to 2025-11', 'up to 2025-07 (start not stated)', 'hasta 2025-07 (inicio no indicado)')
    >>> period_words("2025-11-19", ""), period_words("", "")
    ('from 2025-11-19 (end not stated)', 'period not stated')
    """
    if start and end:
        return f"de {start} a {end}" if spanish else f"{start} to {end}"
    if end:
        return f"hasta {end} (inicio no indicado)" if spanish else f"up to {end} (start not stated)"
    if start:
        return f"desde {start} (fin no indicado)" if spanish else f"from {start} (end not stated)"
    return "periodo no indicado" if spanish else "period not stated"


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
        raise KeyError(f"no words for state-level metric {row['metric']!r} (add them to text/figure_labels.py)")
    en, es = METRICS[row["metric"]]
    words = es if spanish else en
    unit, qualifier = str(row["unit"]), str(row["qualifier"] or "")
    if spanish:
        if unit not in UNITS_ES or (qualifier and qualifier not in QUALIFIERS_ES):
            raise KeyError(f"no Spanish for {unit!r} or {qualifier!r} (add it to text/figure_labels.py)")
        unit, qualifier = UNITS_ES[unit], QUALIFIERS_ES.get(qualifier, "")
    hedge = f" ({qualifier})" if qualifier else ""
    period = period_words(str(row["period_start"] or ""), str(row["period_end"] or ""), spanish)
    published = "publicado" if spanish else "published"
    return f"{words[0].upper()}{words[1:]}: {int(row['value']):,} {unit}{hedge}, {period}; {published}, {publisher}"
