"""analysis.publish.tables: notebook 02's table exports cite their sources and write the committed CSVs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.publish import tables as blocking_tables
from analysis.findings import access_status, block_history, comparison_basics, policy_overlap, rates_per_100k, resident_shares
from analysis.findings import state_figures
from analysis.findings import access_now
from analysis.publish.export_tables import export_table
from analysis.paths import project_root
from analysis.sources.tables import load_sources, load_state_level_figures, load_states, weak_source_ids

STATES = load_states()
NOTEBOOK = "02_blocking_states"


@pytest.fixture(scope="module")
def exports() -> dict[str, dict]:
    period_end = comparison_basics.disclosure_period()[1]
    later = access_status.first_block_after(STATES, period_end)["date"]
    shielded = pd.concat([resident_shares.residents_by_access(STATES, d) for d in (period_end, later)], ignore_index=True)
    figures = load_state_level_figures()
    wa = state_figures.state_figure_rates(figures, STATES)
    tables = [
        blocking_tables.residents_table(shielded),
        blocking_tables.block_dates_table(block_history.block_dates(STATES), block_history.block_timeline(STATES)),
        blocking_tables.access_events_table(block_history.access_events(STATES)),
        blocking_tables.open_rates_table(rates_per_100k.queries_per_100k_open(STATES)),
        blocking_tables.policy_overlap_table(policy_overlap.policy_overlap(STATES)),
        blocking_tables.state_figures_table(wa),
        blocking_tables.scope_table(state_figures.state_figures_scope(figures, wa)),
        blocking_tables.then_and_now_table(access_now.status_then_and_now(STATES)),
    ]
    return {t.name: t for t in tables}


def test_one_export_per_committed_tab02_table(exports):
    committed = {p.stem for p in (project_root() / "reports" / "tables").glob("tab02-*.csv")}
    assert set(exports) == committed


@pytest.mark.parametrize("name", [
    "tab02-residents-by-ice-access", "tab02-block-dates", "tab02-ice-access-events", "tab02-open-state-query-rates",
    "tab02-policy-overlap",
    "tab02-washington-federal-queries", "tab02-state-level-figures-scope",
])
def test_table_exports_the_committed_csv_with_known_sources(exports, name, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(tmp_path))
    kwargs = exports[name]
    assert kwargs.source_ids and set(kwargs.source_ids) <= set(load_sources()["source_id"])
    assert kwargs.description.strip() and kwargs.title.strip()
    export_table(kwargs, notebook=NOTEBOOK)
    written = (tmp_path / "tables" / f"{name}.csv").read_bytes()
    assert written == (project_root() / "reports" / "tables" / f"{name}.csv").read_bytes()


def test_open_rates_table_is_labelled_modelled_ceilings_like_its_citable_numbers(exports):
    """The per-100,000 open-state rates rest on an assumption (blocking states received none of the queries), so the
    table's kind column, its manifest kinds, bounds note and key numbers say modelled and at most, matching the rows
    of citable_numbers.csv with the same ids."""
    kwargs = exports["tab02-open-state-query-rates"]
    assert set(kwargs.df["kind"]) == {"modelled"} and set(kwargs.df["bound"]) == {"at most"}
    assert "modelled" in kwargs.kinds and "derived" not in kwargs.title
    assert "modelled ceilings" in kwargs.bounds_note
    citable = pd.read_csv(project_root() / "reports" / "tables" / "citable_numbers.csv", dtype=str,
                          keep_default_na=False).set_index("id")
    assert len(kwargs.key_numbers) == 2
    for n in kwargs.key_numbers:
        row = citable.loc[n["id"]]
        assert (n["formatted"], n["bound"], n["kind"]) == (row["formatted_value"], row["bound"], row["kind"])


def test_residents_table_is_the_two_as_of_dates_with_territories_beside(exports):
    df = exports["tab02-residents-by-ice-access"].df
    # The second date is the first day Washington's mid-November block is known to be in force.
    assert list(dict.fromkeys(df["as_of"])) == ["2025-09-30", "2025-11-30"]
    for _, part in df.groupby("as_of"):
        groups = part.set_index("group")
        assert list(groups.index) == [comparison_basics.BLOCKED, comparison_basics.OPEN, "all", "territories"]
        # U.S. residents are the 50 states and DC: blocked + rest = all, territories in neither.
        assert groups.loc[comparison_basics.BLOCKED, "residents"] + groups.loc[comparison_basics.OPEN, "residents"] == groups.loc["all",
                                                                                                          "residents"]
        assert groups.loc["all", "jurisdictions"] == 51 and pd.isna(groups.loc["territories", "share_of_total"])
    first = df[df["as_of"] == "2025-09-30"].set_index("group")
    assert first.loc[comparison_basics.BLOCKED, "usps"] == first.loc[comparison_basics.BLOCKED, "assumed"] == "IL MA MN NY"


def test_ice_access_events_table_marks_weak_sources_unconfirmed(exports):
    df = exports["tab02-ice-access-events"].df
    weak = set(weak_source_ids(df["source_ids"].tolist()))
    assert len(df) == len(access_status.load_ice_access_events()) and weak
    assert (df.loc[df["source_ids"].isin(weak), "confirmed"] == "unconfirmed (weak source)").all()
    assert (df.loc[~df["source_ids"].isin(weak), "confirmed"] == "confirmed").all()
    assert set(df.loc[df["tier"].eq("weak"), "source_ids"]) <= weak


def test_block_dates_cite_the_timeline_sources_too(exports):
    timeline_ids = comparison_basics.source_id_list([block_history.block_timeline(STATES)])
    assert set(timeline_ids) <= set(exports["tab02-block-dates"].source_ids)
