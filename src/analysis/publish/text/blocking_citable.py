"""Notebook 02's citable numbers: each key number with its bound, kind, sources and a sentence in English and Spanish
generated from its value."""

from __future__ import annotations

import pandas as pd

from analysis.findings import comparison_basics
from analysis.findings import policy_overlap, rates_per_100k, resident_shares  # noqa: F401 (the doctests use it)
from analysis.findings import state_figures  # noqa: F401 (the doctests use it)
from analysis.publish.citable_numbers import CitableNumber, citable_number, period_text
from analysis.publish.i18n import NC_, ngettext, translate
from analysis.publish.prose import format_number, with_bound
from analysis.publish.text import spanish as es
from analysis.publish.text.qualifiers import bounded_es, rounding_note

# NCSL's list of the states and DC that license drivers regardless of immigration status, named by the sentence.
NCSL_SOURCE = "ncsl-dl-immigrants"
from analysis.publish.text.overlap_sentences import licence_jurisdictions, licence_jurisdictions_es, overlap_groups
from analysis.publish.text.status_sentences import as_of_groups
from analysis.publish.text.wording import listed
from analysis.sources.tables import load_disclosure_figures, load_state_level_figures

_TERRITORIES = NC_("citable", "to territories.")


def _say(template: str, lang: str, **values: object) -> str:
    """A sentence of msgctxt "citable" in ``lang`` (its Spanish from the catalog), filled with ``values``."""
    return translate("citable", template, lang) % values


def _residents(blocked_row: pd.Series, all_row: pd.Series, codes: list[str], lang: str) -> str:
    """The share of U.S. residents in the states Nlets named as blocking ICE, in ``lang``."""
    join = listed if lang == "en" else es.lista
    said = ngettext("%(share)s of U.S. residents (%(residents)s of %(all)s in the 50 states and DC, Census estimates) "
                    "live in the %(num)s state Nlets said it knew to block ICE's DMV queries (%(codes)s)",
                    "%(share)s of U.S. residents (%(residents)s of %(all)s in the 50 states and DC, Census estimates) "
                    "live in the %(num)s states Nlets said it knew to block ICE's DMV queries (%(codes)s)",
                    len(codes), lang)
    sentence = said % {"share": f"{blocked_row['share_of_total']:.1%}", "residents": f"{blocked_row['residents']:,}",
                       "all": f"{all_row['residents']:,}", "num": len(codes), "codes": join(codes)}
    reported_by = str(blocked_row["assumed_reported_by"]).split()
    if not reported_by:
        return sentence + "."
    return sentence + _say(NC_("citable", ", as reported by %(dates)s."), lang, dates=join(reported_by))


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
            sentence=_residents(blocked_row, all_row, codes, "en"),
            sentence_es=_residents(blocked_row, all_row, codes, "es"),
            source_ids=ids(end_groups.loc[[comparison_basics.BLOCKED, "all"]])))  # the rows the share comes from
    unless = {
        "ICE": NC_("citable", "it is the average itself only if those states received none of ICE's queries"),
        "HSI": NC_("citable", "it assumes those states received none of HSI's queries, but whether they blocked HSI "
                   "is not stated, so the true figure may be lower"),
    }
    assumed = str(blocked_row["assumed"]).split()
    reported_by = str(blocked_row["assumed_reported_by"]).split()

    def assumed_clause(lang: str) -> str:
        """Which states are counted as blocking on an assumption, and the assumption, in ``lang``."""
        if not assumed:
            return ""
        words = ngettext("; %(states)s is counted as blocking throughout on the assumption that the block reported "
                         "by %(dates)s was already in force",
                         "; %(states)s are counted as blocking throughout on the assumption that the blocks "
                         "reported by %(dates)s were already in force", len(assumed), lang)
        join = listed if lang == "en" else es.lista
        return words % {"states": join(assumed), "dates": join(reported_by)}

    where = NC_("citable", "to the blocking states (%(codes)s) or to territories%(assumed)s; %(unless)s.")
    rate = NC_("citable", "%(agency)s ran %(count)s DMV queries through Nlets per 100,000 residents of the states "
               "and DC not known to block ICE%(note)s, %(start)s to %(end)s: a modelled average, not a per-state "
               "figure, and a ceiling, because some queries may have gone %(where)s")
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
            sentence=_say(rate, "en", agency=agency, count=with_bound(formatted, bound),
                          note=f" ({note_en})" if note_en else "", start=r["period_start"], end=r["period_end"],
                          where=_say(where, "en", codes=listed(codes), assumed=assumed_clause("en"),
                                     unless=unless[agency]) if codes else _say(_TERRITORIES, "en")),
            sentence_es=_say(rate, "es", agency=agency, count=bounded_es(formatted, bound),
                             note=f" ({note_es})" if note_es else "", start=r["period_start"], end=r["period_end"],
                             where=_say(where, "es", codes=es.lista(codes), assumed=assumed_clause("es"),
                                        unless=translate("citable", unless[agency], "es"))
                             if codes else _say(_TERRITORIES, "es")),
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
            sentence_es=ngettext("Of %(jurisdictions)s, %(num)s was reported by the lawmakers' 2025-11-12 letters "
                                 "as still giving ICE access to its DMV records through Nlets",
                                 "Of %(jurisdictions)s, %(num)s were reported by the lawmakers' 2025-11-12 letters "
                                 "as still giving ICE access to their DMV records through Nlets",
                                 len(reported_open), "es")
                        % {"jurisdictions": licence_jurisdictions_es(g["licence"]), "num": len(reported_open)}
                        + (f" ({es.nombres(list(reported_open['usps']))})" if len(reported_open) else "") + ".",
            # The count rests on each jurisdiction's licence source and on NCSL's list, which the sentence names.
            source_ids=sorted({*ids(g["licence"]), *ids(reported_open), NCSL_SOURCE}) if len(reported_open)
            else ids(overlap)))
    if len(wa):
        w = wa.iloc[0]
        state_sources = load_state_level_figures().set_index("figure_id")["source_id"]
        wa_said = NC_("citable", "Federal agencies queried %(state)s DOL data through ACCESS/Nlets %(per_day)s times a "
                      "day on average from %(start)s to %(end)s (%(queries)s queries, all federal agencies; rounded).")
        wa_values = {"per_day": f"{w['per_day']:,.0f}", "start": w["period_start"], "end": w["period_end"],
                     "queries": f"{w['queries']:,}"}
        numbers.append(citable_number(
            id="02-wa-federal-queries-per-day", value=w["per_day"], formatted_value=f"{w['per_day']:,.0f}",
            unit=f"queries of {w['name']} DOL data per day", period=period_text(w["period_start"], w["period_end"]),
            bound="exact",
            kind="derived", principal=state_sources.get(w["figure_id"]),
            sentence=_say(wa_said, "en", **wa_values, state=w["name"]),
            sentence_es=_say(wa_said, "es", **wa_values, state=es.state_names().get(w["state"], w["name"])),
            source_ids=ids(wa)))
    return numbers
