"""Notebook 02's citable numbers: each key number with its bound, kind, sources and a sentence in English and Spanish
generated from its value."""

from __future__ import annotations

import pandas as pd

from analysis.findings import comparison_basics
from analysis.findings import policy_overlap, rates_per_100k, resident_shares  # noqa: F401 (the doctests use it)
from analysis.findings import state_figures  # noqa: F401 (the doctests use it)
from analysis.publish.citable_numbers import CitableNumber, citable_number, period_text
from analysis.publish.prose import format_number, with_bound
from analysis.publish.text import spanish as es
from analysis.publish.text.qualifiers import bounded_es, rounding_note
from analysis.publish.text.overlap_sentences import licence_jurisdictions, licence_jurisdictions_es, overlap_groups
from analysis.publish.text.status_sentences import as_of_groups
from analysis.publish.text.wording import listed, plural
from analysis.sources.tables import load_disclosure_figures, load_state_level_figures

# The disclosure figures whose sources are the principal ones of notebook 02's numbers (see :func:`citable_numbers`).
NAMED_BY_NLETS = "states_known_to_nlets_to_block_ice"
LETTERS = "states_blocking_ice_per_letters"
AGENCY_METRICS = {"ICE": comparison_basics.ICE_METRIC, "HSI": comparison_basics.HSI_METRIC}


def _letters_period(reported_open: pd.DataFrame) -> str:
    """The day(s) the letters reported the jurisdictions open to ICE; the letters' date when none was."""
    dates = sorted(set(reported_open["status_date"].dropna().astype(str))) if len(reported_open) else []
    if dates:
        return period_text(dates[0], dates[-1])
    return period_text(load_disclosure_figures().set_index("metric").loc[LETTERS, "as_of"])


def citable_numbers(
    shielded: pd.DataFrame, rates: pd.DataFrame, overlap: pd.DataFrame, wa: pd.DataFrame
) -> list[CitableNumber]:
    """Notebook 02's rows for :func:`analysis.publish.citable_numbers.write_citable_numbers`: the share of U.S.
    residents in the states Nlets said it knew to block ICE, ICE's and HSI's queries per 100,000 residents of the
    states and DC not known to block ICE, the licence-for-all jurisdictions the letters reported open, and
    Washington's federal queries per day; each with a sentence generated from its value, its unit and the period
    (or day) of the table it comes from.

    Each row's principal source (its short citation and URL) is the one its news rests on: the report of the states
    Nlets said it knew to block ICE, the disclosure of ICE's or HSI's count, the letters' text as quoted, and the
    source of the state's own figure.

    The per-100,000 rates take their kind and bound from
    :func:`~analysis.findings.rates_per_100k.queries_per_100k_open` (modelled, at most), are printed in whole queries
    rounded up, so each printed number is still a ceiling (ordinary rounding with "at most" would print 204 for
    204.38, which is not one); where that differs from ordinary rounding the sentence says so
    (:func:`analysis.publish.text.qualifiers.rounding_note`), and the sentences name the assumptions they rest on.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> shielded = resident_shares.residents_by_access(states, "2025-09-30")
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> rows = citable_numbers(shielded, rates_per_100k.queries_per_100k_open(states), policy_overlap.policy_overlap(states), wa)
    >>> [(r.id, r.formatted_value) for r in rows][:2]
    [('02-residents-in-blocking-states-share', '13.4%'), ('02-ice-queries-per-100k-open-residents', '99')]
    >>> [(r.unit, r.period, r.short_citation) for r in rows][1]
    ('DMV queries per 100,000 residents', '2024-10-01 to 2025-09-30', 'Office of U.S. Senator Ron Wyden, 2025-11-12')
    """
    def ids(*tables: pd.DataFrame) -> list[str]:
        return comparison_basics.source_id_list(tables)

    end_groups, _ = as_of_groups(shielded)
    blocked_row, all_row = end_groups.loc[comparison_basics.BLOCKED], end_groups.loc["all"]
    g = overlap_groups(overlap)
    open_rates = rates.set_index("agency")
    codes = blocked_row["usps"].split()
    named = " ".join(sorted(overlap.loc[overlap["named_by_nlets"], "usps"])) if len(overlap) else ""
    numbers = []
    if codes and blocked_row["usps"] == named:
        numbers.append(citable_number(
            id="02-residents-in-blocking-states-share", value=blocked_row["share_of_total"],
            formatted_value=f"{blocked_row['share_of_total']:.1%}", unit="share of U.S. residents (fraction)",
            period=period_text(blocked_row["as_of"]), bound="exact", kind="derived",
            principal=comparison_basics.disclosure_source(NAMED_BY_NLETS),
            sentence=f"{blocked_row['share_of_total']:.1%} of U.S. residents ({blocked_row['residents']:,} of "
                     f"{all_row['residents']:,} in the 50 states and DC, Census estimates) live in the "
                     f"{plural(len(codes), 'state', 'states')} Nlets said it knew to block ICE's DMV queries "
                     f"({listed(codes)})"
                     + (f", as reported by {listed(str(blocked_row['assumed_reported_by']).split())}."
                        if str(blocked_row["assumed_reported_by"]) else "."),
            sentence_es=f"El {blocked_row['share_of_total']:.1%} de los residentes de EE. UU. "
                        f"({blocked_row['residents']:,} de {all_row['residents']:,} en los 50 estados y DC, "
                        f"estimaciones del Censo) vive en {'el' if len(codes) == 1 else 'los'} "
                        f"{len(codes)} {'estado' if len(codes) == 1 else 'estados'} que, según Nlets, "
                        f"bloquean las consultas de ICE al DMV ({es.lista(codes)})"
                        + (f", según lo informado hasta el "
                           f"{es.lista(str(blocked_row['assumed_reported_by']).split())}."
                           if str(blocked_row["assumed_reported_by"]) else "."),
            source_ids=ids(shielded)))
    unless = {
        "ICE": "it is the average itself only if those states received none of ICE's queries",
        "HSI": "it assumes those states received none of HSI's queries, but whether they blocked HSI is not stated, "
               "so the true figure may be lower",
    }
    assumed = str(blocked_row["assumed"])
    n_assumed = len(assumed.split())
    assumed_clause = (f"; {listed(assumed.split())} {'is' if n_assumed == 1 else 'are'} counted as blocking "
                      f"throughout on the assumption that the {'block' if n_assumed == 1 else 'blocks'} reported by "
                      f"{listed(str(blocked_row['assumed_reported_by']).split())} "
                      f"{'was' if n_assumed == 1 else 'were'} already in force" if assumed else "")
    a_menos = {
        "ICE": "es el promedio mismo solo si esos estados no recibieron ninguna de las consultas de ICE",
        "HSI": "supone que esos estados no recibieron ninguna de las consultas de HSI, pero no se dice si bloquearon "
               "a HSI, así que la cifra real puede ser menor",
    }
    supuesto = (f"; {es.lista(assumed.split())} se cuenta{'n' if n_assumed != 1 else ''} como "
                f"bloqueando todo el periodo, suponiendo que {'el bloqueo informado' if n_assumed == 1 else 'los bloqueos informados'}"
                f" hasta el {es.lista(str(blocked_row['assumed_reported_by']).split())} ya "
                f"{'estaba' if n_assumed == 1 else 'estaban'} en vigor" if assumed else "")
    for agency in ("ICE", "HSI"):
        r = open_rates.loc[agency]
        bound = r["bound"]
        formatted = format_number(r["per_100k_open_residents"], 0, bound)
        note_en, note_es = rounding_note(r["per_100k_open_residents"], 0, bound)
        numbers.append(citable_number(
            id=f"02-{agency.lower()}-queries-per-100k-open-residents", value=r["per_100k_open_residents"],
            formatted_value=formatted, unit="DMV queries per 100,000 residents",
            period=period_text(r["period_start"], r["period_end"]), bound=bound, kind=r["kind"],
            principal=comparison_basics.disclosure_source(AGENCY_METRICS[agency]),
            sentence=f"{agency} ran {with_bound(formatted, bound)} DMV queries through Nlets per 100,000 residents "
                     f"of the states and DC not known to block ICE{f' ({note_en})' if note_en else ''}, "
                     f"{r['period_start']} to {r['period_end']}: a "
                     f"modelled average, not a per-state figure, and a ceiling, because some queries may have gone "
                     + (f"to the blocking states ({listed(codes)}) or to territories{assumed_clause}; "
                        f"{unless[agency]}." if codes else "to territories."),
            sentence_es=f"{agency} hizo {bounded_es(formatted, bound)} consultas al DMV a través de Nlets por cada "
                        f"100,000 residentes de los estados y DC que no se sabe que bloqueen a ICE"
                        f"{f' ({note_es})' if note_es else ''}, "
                        f"{r['period_start']} a {r['period_end']}: un promedio modelado, no una cifra por estado, y "
                        f"un máximo, porque algunas consultas pueden haber ido "
                        + (f"a los estados que bloquean ({es.lista(codes)}) o a territorios{supuesto}; "
                           f"{a_menos[agency]}." if codes else "a territorios."),
            source_ids=ids(rates)))
    if len(g["licence"]):
        reported_open = g["reported_open"]
        numbers.append(citable_number(
            id="02-licence-for-all-states-reported-open", value=len(reported_open),
            formatted_value=str(len(reported_open)), unit="jurisdictions", period=_letters_period(reported_open),
            bound="exact", kind="derived", principal=comparison_basics.disclosure_source(LETTERS),
            sentence=f"Of {licence_jurisdictions(g['licence'])}, {len(reported_open)} were reported by the lawmakers' 2025-11-12 letters as still "
                     f"giving ICE access to their DMV records through Nlets"
                     + (f" ({listed(reported_open['name'])})" if len(reported_open) else "") + ".",
            sentence_es=f"De {licence_jurisdictions_es(g['licence'])}, {len(reported_open)} "
                        f"{'fue señalada' if len(reported_open) == 1 else 'fueron señaladas'} por las cartas de "
                        f"los legisladores del 2025-11-12 como jurisdicciones que aún daban a ICE acceso a sus "
                        f"registros del DMV a través de Nlets"
                        + (f" ({es.nombres(list(reported_open['usps']))})" if len(reported_open) else "") + ".",
            source_ids=ids(reported_open) if len(reported_open) else ids(overlap)))
    if len(wa):
        w = wa.iloc[0]
        state_sources = load_state_level_figures().set_index("figure_id")["source_id"]
        numbers.append(citable_number(
            id="02-wa-federal-queries-per-day", value=w["per_day"], formatted_value=f"{w['per_day']:,.0f}",
            unit=f"queries of {w['name']} DOL data per day", period=period_text(w["period_start"], w["period_end"]),
            bound="exact",
            kind="derived", principal=state_sources.get(w["figure_id"]),
            sentence=f"Federal agencies queried {w['name']} DOL data through ACCESS/Nlets {w['per_day']:,.0f} "
                     f"times a day on average from {w['period_start']} to {w['period_end']} ({w['queries']:,} "
                     f"queries, all federal agencies; rounded).",
            sentence_es=f"Las agencias federales consultaron datos del DOL de "
                        f"{es.state_names().get(w['state'], w['name'])} a través de ACCESS/Nlets en promedio "
                        f"{w['per_day']:,.0f} veces al día del {w['period_start']} al {w['period_end']} "
                        f"({w['queries']:,} consultas, todas las agencias federales; redondeado).",
            source_ids=ids(wa)))
    return numbers
