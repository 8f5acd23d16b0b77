"""The sourced raw tables: schemas, the disclosure facts exactly as published, checksums."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis import sources
from analysis.paths import raw_dir


@pytest.fixture
def raw_copy(tmp_path, monkeypatch):
    """A scratch copy of the project whose data/raw a test may break."""
    root = tmp_path / "project"
    shutil.copytree(raw_dir(), root / "data" / "raw")
    (root / "pyproject.toml").write_text("")
    monkeypatch.setenv("NLETS_PROJECT_ROOT", str(root))
    return root / "data" / "raw"


def test_disclosure_figures_as_published():
    figures = sources.load_disclosure_figures().set_index("metric")
    total = figures.loc["dmv_queries_via_nlets_total"]
    assert total["value"] == 290_000_000
    assert total["qualifier"] == "over"
    assert total["bound"] == "at least"
    assert figures.loc["dmv_queries_via_nlets_by_ice", "value"] == 292_114
    assert figures.loc["dmv_queries_via_nlets_by_hsi", "value"] == 605_116
    assert total["period_start"] == pd.Timestamp("2024-10-01")
    assert total["period_end"] == pd.Timestamp("2025-09-30")
    assert (figures["kind"] == "published").all()


def test_unpublished_figures_stay_missing():
    figures = sources.load_disclosure_figures().set_index("metric")
    for metric in ("dmv_queries_via_nlets_by_cbp", "dmv_queries_via_nlets_per_state", "distinct_people_queried"):
        assert pd.isna(figures.loc[metric, "value"])
        with pytest.raises(ValueError, match="not published"):
            sources.disclosure_value(metric)


def test_blocking_states_per_october_2025_disclosure_are_events_not_columns():
    states = sources.load_states()
    for gone in ("nlets_ice_block", "block_effective_date", "block_status_as_of", "block_source_id",
                 "blocked_per_nlets_oct_2025"):
        assert gone not in states.columns
    events = sources.load_ice_access_events()
    assert sorted(events.loc[events["event"] == "named_by_nlets", "jurisdiction"]) == ["IL", "MA", "MN", "NY"]
    ny = events[events["jurisdiction"] == "NY"].set_index("event")
    # New York's 2019-12-14 is the day its law took effect, not the start of an Nlets block (none is published).
    assert ny.loc["law_effective", ["date", "date_meaning"]].tolist() == ["2019-12-14", "law effective"]
    applied = events[events["event"] == "block_applied"]
    assert set(applied["jurisdiction"]).isdisjoint({"IL", "MA", "MN", "NY"}), "no start date is published"
    wa = applied[applied["jurisdiction"] == "WA"].set_index("date")
    assert set(wa.index) == {"2025-11-18", "2025-11-19"}
    assert wa.loc["2025-11-18", "tier"] != "weak" and wa.loc["2025-11-19", "tier"] == "weak"
    assert events.loc[events["event"] == "block_in_progress", "jurisdiction"].tolist() == ["OR"]


def test_states_cover_50_states_dc_pr_and_island_areas():
    states = sources.load_states()
    assert len(states) == 56
    assert states["jurisdiction_type"].value_counts().to_dict() == {"state": 50, "territory": 5, "district": 1}
    assert set(states["fips"]) >= {"11", "72", "66", "78", "60", "69"}
    # Vintage 2025: the 50 states + DC sum to the published U.S. total; the territories are not in it.
    us = states[states["jurisdiction_type"].isin(["state", "district"])]
    assert (us["population_vintage"] == "Census PEP Vintage 2025 estimate").all()
    assert (us["population_date"] == pd.Timestamp("2025-07-01")).all()
    assert int(us["population"].sum()) == 341_784_857
    assert states.set_index("usps").loc["PR", "population_vintage"] == "Census PEP Vintage 2025 estimate"
    assert states["governor_letter_2025_11_12"].sum() == 19


def test_no_licensed_driver_column_without_a_source():
    assert not any("licensed_driver" in column for column in sources.load_states().columns)


def test_every_source_id_resolves():
    known = set(sources.load_sources()["source_id"])
    states = sources.load_states()
    used = set(sources.load_disclosure_figures()["source_id"]) | set(sources.load_state_level_figures()["source_id"])
    used |= set(sources.load_ice_access_events()["source_id"])
    for column in [c for c in states.columns if c.endswith("source_id")]:
        used |= set(states[column].dropna())
    assert used <= known
    assert sources.citation("wyden-press-release-2025-11-12").startswith("Office of U.S. Senator Ron Wyden")


def test_checksums_match():
    assert "states.csv" in sources.verify_checksums()


def test_checksum_catches_an_edited_raw_file(raw_copy):
    path = raw_copy / "disclosure_figures.csv"
    path.write_text(path.read_text().replace("292114", "292115"))
    with pytest.raises(sources.RawDataError, match="disclosure_figures.csv: differs from its checksum"):
        sources.verify_checksums()


def test_checksum_catches_an_unlisted_file(raw_copy):
    (raw_copy / "extra.csv").write_text("a\n1\n")
    with pytest.raises(sources.RawDataError, match="extra.csv: not listed"):
        sources.verify_checksums()


def test_schema_error_names_file_row_and_column(raw_copy):
    path = raw_copy / "states.csv"
    path.write_text(path.read_text().replace("AL,Alabama,01,state,5157699", "AL,Alabama,01,state,-5"))
    with pytest.raises(sources.RawDataError, match=r"states.csv fails its schema:\n  row 2, column population"):
        sources.load_states()


def test_unknown_source_id_is_rejected(raw_copy):
    path = raw_copy / "disclosure_figures.csv"
    path.write_text(path.read_text().replace("reuters-2025-11-12", "reuters-typo", 1))
    with pytest.raises(sources.RawDataError, match="column source_id: source id 'reuters-typo'"):
        sources.load_disclosure_figures()
