"""The exported tables of both notebooks. Each function returns the keyword arguments for
:func:`analysis.publish.export_tables.export_table` (``df``, ``name``, ``title``, ``description``, ``source_ids``,
``kinds``) for one computed table of :mod:`analysis.findings`; the notebook adds only ``notebook=``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.publish.specs import TableSpec
from analysis.findings import comparison_basics, rates_per_100k, resident_shares
from analysis.findings.breakdown import COLUMN_DESCRIPTIONS, breakdown_table  # noqa: F401 (the doctests use it)
from analysis.publish.prose import format_number, format_share, with_bound
from analysis.publish.text.breakdown import bounds_note, key_numbers, open_rate_label, sources_of


def _ids(*tables: pd.DataFrame) -> list[str]:
    return comparison_basics.source_id_list(tables)


def _table(df: pd.DataFrame, name: str, title: str, description: str, kinds: list[str],
           cites: tuple[pd.DataFrame, ...] = (), **more: Any) -> TableSpec:
    """A notebook-02 table that cites the sources of ``cites`` (by default of its own rows)."""
    return TableSpec(df=df, name=name, title=title, description=description, source_ids=_ids(*(cites or (df,))),
                     kinds=kinds, **more)


def residents_table(shielded: pd.DataFrame) -> TableSpec:
    """Residents of the jurisdictions that had blocked ICE and of the rest, on each as-of date.

    >>> from analysis.sources.tables import load_states
    >>> residents_table(resident_shares.residents_by_access(load_states(), "2025-09-30")).name
    'tab02-residents-by-ice-access'
    """
    return _table(shielded, "tab02-residents-by-ice-access",
                  "Residents of jurisdictions that had blocked ICE vs the rest, by as-of date",
                  "Counts and shares of residents; 'all' is every jurisdiction in data/raw/states.csv. "
                  "Populations mix vintages (column 'vintages').", ["derived"])


def block_dates_table(dates: pd.DataFrame, timeline: pd.DataFrame) -> TableSpec:
    """Block start dates and whether each block covered the whole disclosure year; cites the sources of the
    timeline drawn beside it too."""
    return _table(dates, "tab02-block-dates",
                  "Block start dates and whether each block covered the whole disclosure year",
                  "block_date is the date the status rests on, with date_meaning ('reported by' is the date of a "
                  "report, not of the block's start) and date_precision; start_published is False where no start "
                  "date is published, and covered_whole_period is then False or empty (unknown).", ["derived", "published"], cites=(timeline, dates))


def access_events_table(events: pd.DataFrame) -> TableSpec:
    """Every dated ICE-access event (:func:`analysis.findings.block_history.access_events`), unconfirmed ones marked."""
    return _table(events, "tab02-ice-access-events",
                  "ICE's access to each jurisdiction's DMV records: every dated event, with what each date means",
                  "One row per event: a law or rule signed or in force, a block ordered, announced, applied or "
                  "reported, Nlets naming a state, the 2025-11-12 letters reporting a state open, access under "
                  "review, a state agreeing to support federal access, a federal programme (usps US: every "
                  "jurisdiction), a limited exception for CBP (named purposes only), confidential plates, and "
                  "context that is not a DMV block through Nlets. date_meaning says what each date is (a 'reported "
                  "by' date is the report's, not the event's); date_precision how precise it is, and month_part the "
                  "part of the month a source names ('mid' for mid-November); confirmed is 'unconfirmed (weak "
                  "source)' where the only source is weak, and such a row changes no status; "
                  "counts_for_ice_nlets_status is False for events about other agencies or systems.", ["published"])


def then_and_now_table(table: pd.DataFrame) -> TableSpec:
    """Each jurisdiction's status on the last day of the disclosure year and as of its own last report
    (:func:`analysis.findings.access_now.status_then_and_now`)."""
    return _table(table, "tab02-ice-access-then-and-now",
                  "ICE's Nlets access to each jurisdiction's DMV records: at the end of the disclosure year and as "
                  "of its own last report",
                  "status_then and basis_then are on the day in column then; status_now and basis_now are as of "
                  "last_report, the jurisdiction's own latest report on ICE's access through Nlets (or the "
                  "2025-11-12 letters, which named every state): no later Nlets report is on record, so after it the "
                  "status is unknown. later_reports lists its later reports on other channels or about other "
                  "agencies (CBP's access, a report naming no channel, statutes, plates), which never date the "
                  "Nlets status. opening_events lists the "
                  "citable events that open access rather than close it (a settlement supporting DHS's access, "
                  "access under review, another agency still open).", ["derived"])


OPEN_RATES_BOUNDS_NOTE = (
    "The per-100,000 rates over the 50 states and DC not known to block ICE are modelled ceilings: they assume the "
    "blocking jurisdictions received none of the agency's queries (no per-state split was published). Any query "
    "that did go to them lowers the true average, more likely for HSI: the disclosure does not say whether the "
    "blocks cut HSI off."
)


def open_rates_table(rates: pd.DataFrame) -> TableSpec:
    """ICE's and HSI's national counts per 100,000 residents of the 50 states and DC not known to block ICE, with the
    assumption: the rates are modelled ceilings (``kind`` and ``bound`` columns of
    :func:`~analysis.findings.rates_per_100k.queries_per_100k_open`), and the manifest entry says so in its kinds, bounds note and
    key numbers (the ids of ``citable_numbers.csv``).

    >>> from analysis.sources.tables import load_states
    >>> table = open_rates_table(rates_per_100k.queries_per_100k_open(load_states()))
    >>> table.kinds, [(n["id"], n["formatted"], n["bound"], n["kind"]) for n in table.key_numbers][0]
    (['derived', 'modelled', 'published'], ('02-ice-queries-per-100k-open-residents', '99', 'at most', 'modelled'))
    """
    return _table(
        rates, "tab02-open-state-query-rates",
        "ICE and HSI queries per 100,000 residents of the 50 states and DC not known to block ICE (modelled "
        "ceilings, with the assumption)",
        "Published national counts (queries) over the residents of the 50 states and DC not known to have "
        "blocked ICE on the last day of the disclosure year (not a finding that they were open; derived). "
        "per_100k_open_residents is modelled and a ceiling (columns kind and bound); the assumption column says what it rests "
        "on. per_100k_all_residents spreads the same count over every resident, for comparison; it "
        "is not a floor.",
        ["derived", "modelled", "published"],
        bounds_note=OPEN_RATES_BOUNDS_NOTE,
        key_numbers=[
            {"id": f"02-{r.agency.lower()}-queries-per-100k-open-residents",
             **open_rate_label(r.agency, r.period_start, r.period_end),
             "value": float(r.per_100k_open_residents),
             "formatted": format_number(r.per_100k_open_residents, 0, r.bound), "bound": r.bound, "kind": r.kind}
            for r in rates.itertuples()
        ],
    )


def policy_overlap_table(overlap: pd.DataFrame) -> TableSpec:
    """Licence-for-all jurisdictions, the 2025-11-12 letters and ICE access during the disclosure year."""
    return _table(overlap, "tab02-policy-overlap",
                  "Licence-for-all states, the 2025-11-12 letters and ICE access during the disclosure year",
                  "Every jurisdiction with a licence-for-all policy, a letter or a reported block; "
                  "ice_blocked is False where the jurisdiction is not known to have blocked ICE on status_as_of, "
                  "the last day of the period (status says what is on record).", ["derived"])


def state_figures_table(wa: pd.DataFrame) -> TableSpec:
    """The one state's federal query count with its per-day and per-100,000 rates (named after the first row's
    state, Washington)."""
    name = wa.iloc[0]["name"]
    return _table(wa, "tab02-washington-federal-queries",
                  f"{name}: federal queries of DOL data through ACCESS/Nlets, per day and per 100,000 residents",
                  "Published count with derived rates. All federal agencies, not ICE alone; not comparable "
                  "with the national ICE/HSI counts (different period, agencies and geography).",
                  ["derived", "published"])


def scope_table(scope: pd.DataFrame) -> TableSpec:
    """Every published state-level figure with its scope (:func:`analysis.findings.state_figures.state_figures_scope`)."""
    return _table(scope, "tab02-state-level-figures-scope",
                  "State-level figures and their scope: which are about Nlets DMV queries and which are not",
                  "Every row of data/raw/state_level_figures.csv with its scope; used_here marks the figure "
                  "given a rate above. Out-of-scope rows concern other systems (DAPS, licence-plate readers, "
                  "emails). confirmed is 'unconfirmed (weak source)' where the only source is weak: such a "
                  "figure appears nowhere but here.", ["published"])


# ---- notebook 01: the breakdown table ---------------------------------------------------------------------------


def format_breakdown(table: pd.DataFrame) -> pd.DataFrame:
    """The breakdown as a reader sees it: every number formatted and prefixed with its bound in words.

    >>> format_breakdown(breakdown_table()).loc["ICE", "Share of all queries"]
    'at most 0.101%'
    """
    def one_in(row: pd.Series) -> str:
        if pd.isna(row["one_in_n"]) or row["group"] in ("All requesters", "All other requesters"):
            return ""
        # N is a floor exactly when the share is a ceiling, so "1 in N" reads as "at most 1 in N".
        return with_bound("1 in " + format_number(row["one_in_n"], 0, row["one_in_n_bound"]), row["share_bound"])

    return pd.DataFrame({
        "Requester": table["group"],
        "Queries": [with_bound(f"{c:,}", b) for c, b in zip(table["count"], table["bound"])],
        "Kind": table["kind"],
        "Share of all queries": [with_bound(format_share(s, b), b)
                                 for s, b in zip(table["share_of_total"], table["share_bound"])],
        "Per 10,000 queries": [with_bound(format_number(v, 1, b), b)
                               for v, b in zip(table["per_10000"], table["share_bound"])],
        "1 in N": table.apply(one_in, axis=1),
        "Per day": [with_bound(format_number(v, 0, b), b) for v, b in zip(table["per_day"], table["bound"])],
        "Per hour": [with_bound(format_number(v, 0, b), b) for v, b in zip(table["per_hour"], table["bound"])],
    }).set_index("Requester")


def table_export(table: pd.DataFrame) -> TableSpec:
    """Keyword arguments for :func:`analysis.publish.export_tables.export_table` for the breakdown table."""
    return TableSpec(
        df=table,
        name="tab01-breakdown-by-requester",
        title="DMV queries through Nlets by requester group, Oct. 2024 to Sept. 2025",
        description="ICE, HSI, both, all other requesters and the total: count, share, per 10,000, 1 in N, per "
                       "day and per hour, with the bound and kind of each number and its sources.",
        source_ids=sources_of(table),
        kinds=sorted(set(table["kind"])),
        bounds_note=bounds_note(table),
        key_numbers=key_numbers(table, ["ICE", "HSI"], "share"),
        column_descriptions=COLUMN_DESCRIPTIONS,
    )
