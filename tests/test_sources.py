"""The sourced raw tables: schemas, the disclosure facts exactly as published, checksums."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from analysis.sources import tables as sources
from analysis.sources.citations import citation
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
    # State officials gave the month ("mid-November"); the only day-precise copy is weak (issue 25, finding 1).
    assert set(wa.index) == {"2025-11", "2025-11-19"}
    assert wa.loc["2025-11", "tier"] != "weak" and wa.loc["2025-11-19", "tier"] == "weak"
    assert (wa.loc["2025-11", "date_precision"], wa.loc["2025-11", "month_part"]) == ("month", "mid")
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
    assert citation("wyden-press-release-2025-11-12").startswith("Office of U.S. Senator Ron Wyden")


def test_checksums_match():
    # Fails while data/raw/SHA256SUMS is stale (being regenerated after the switch to dated events).
    checked = sources.verify_checksums()
    assert {"states.csv", "sources.csv", "ice_access_events.csv"} <= set(checked)


def _fresh_sums(folder):
    """Rewrite SHA256SUMS of a scratch copy from its files, so a test sees only the change it makes."""
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != sources.CHECKSUM_FILE)
    (folder / sources.CHECKSUM_FILE).write_text("".join(f"{sources.sha256_of(folder / n)}  {n}\n" for n in names))
    return names


@pytest.fixture
def summed_copy(raw_copy):
    """The scratch copy of data/raw with a SHA256SUMS matching its files."""
    _fresh_sums(raw_copy)
    return raw_copy


def test_an_untouched_copy_verifies(summed_copy):
    assert sources.verify_checksums() == _fresh_sums(summed_copy)
    assert "ice_access_events.csv" in sources.verify_checksums()


def test_checksum_catches_an_edited_raw_file(summed_copy):
    path = summed_copy / "disclosure_figures.csv"
    path.write_text(path.read_text().replace("292114", "292115"))
    expected = (r"SHA256SUMS:\n  disclosure_figures.csv: differs from its checksum "
                r"\(raw data is immutable; add new files instead\)$")
    with pytest.raises(sources.RawDataError, match=expected):
        sources.verify_checksums()


def test_checksum_catches_an_edited_events_file(summed_copy):
    path = summed_copy / "ice_access_events.csv"
    path.write_text(path.read_text().replace("2025-11-19", "2025-11-17", 1))
    with pytest.raises(sources.RawDataError, match="ice_access_events.csv: differs from its checksum"):
        sources.verify_checksums()


def test_checksum_catches_an_unlisted_file(summed_copy):
    (summed_copy / "extra.csv").write_text("a\n1\n")
    with pytest.raises(sources.RawDataError, match=r"SHA256SUMS:\n  extra.csv: not listed"):
        sources.verify_checksums()


def test_checksum_catches_a_missing_file(summed_copy):
    (summed_copy / "state_level_figures.csv").unlink()
    with pytest.raises(sources.RawDataError, match="state_level_figures.csv: listed in SHA256SUMS but missing"):
        sources.verify_checksums()


# ---- schemas ------------------------------------------------------------------------------------------------------


def _edit_row(path, key, column, value):
    """Set one cell of a raw CSV in place (the row whose first column is ``key``); return its row number as the
    loaders name it (the header is row 1)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    lines = path.read_text().splitlines(keepends=True)
    assert len(lines) == len(frame) + 1, "one line per row (no quoted line breaks)"
    index = int(frame.index[frame.iloc[:, 0] == key][0])
    old = frame.loc[index]
    cells = [value if c == column else old[c] for c in frame.columns]
    new = frame.iloc[[index]].copy()
    new.iloc[0] = cells
    lines[index + 1] = new.to_csv(header=False, index=False, lineterminator="\n")
    path.write_text("".join(lines))
    return index + 2


def test_schema_error_names_file_row_and_column(raw_copy):
    row = _edit_row(raw_copy / "states.csv", "AL", "population", "-5")
    assert row == 2
    with pytest.raises(sources.RawDataError, match=r"states.csv fails its schema:\n  row 2, column population"):
        sources.load_states()


def test_unknown_source_id_is_rejected(raw_copy):
    path = raw_copy / "disclosure_figures.csv"
    path.write_text(path.read_text().replace("reuters-2025-11-12", "reuters-typo", 1))
    with pytest.raises(sources.RawDataError, match="column source_id: source id 'reuters-typo'"):
        sources.load_disclosure_figures()


# ---- ICE-access events --------------------------------------------------------------------------------------------


def test_ice_access_events_schema_and_added_columns():
    events = sources.load_ice_access_events()
    assert list(events.columns) == ["event_id", "jurisdiction", "event", "date", "date_precision", "month_part",
                                    "date_meaning", "agencies", "system", "source_id", "confidence", "note", "start",
                                    "tier", "source_published"]
    assert events["event_id"].is_unique
    assert set(events["jurisdiction"]) <= {*sources.load_states()["usps"], sources.NATIONAL}
    assert set(events.loc[events["jurisdiction"].eq(sources.NATIONAL), "event"]) == {"federal_programme"}
    assert set(events["event"]) <= set(sources.EVENTS) and set(events["date_meaning"]) <= set(sources.DATE_MEANINGS)
    precision = events["date"].str.len().map({10: "day", 7: "month", 4: "year"})
    assert (precision == events["date_precision"]).all()
    assert "month" in set(events["date_precision"])  # a source dated only to the month keeps its precision
    assert str(events["start"].dtype).startswith("datetime64")
    # ``start`` is the first day the date can mean.
    assert (events["start"] == pd.to_datetime(events["date"], format="ISO8601")).all()
    tiers = sources.load_sources().set_index("source_id")["tier"]
    assert (events["tier"] == events["source_id"].map(tiers)).all()
    assert set(events["tier"]) <= set(sources.TIERS) and "weak" in set(events["tier"])


def test_event_whose_precision_does_not_match_its_date_is_rejected(raw_copy):
    path = raw_copy / "ice_access_events.csv"
    events = pd.read_csv(path, dtype=str)
    key = events.loc[events["date_precision"] == "month", "event_id"].iloc[0]
    row = _edit_row(path, key, "date_precision", "day")
    with pytest.raises(sources.RawDataError,
                       match=rf"ice_access_events.csv fails its schema:\n(.*\n)*  row {row}, column date_precision: "
                             r"date_precision matches the date as written"):
        sources.load_ice_access_events()


def test_event_with_an_unknown_precision_is_rejected(raw_copy):
    row = _edit_row(raw_copy / "ice_access_events.csv", "E01", "date_precision", "week")
    with pytest.raises(sources.RawDataError, match=rf"ice_access_events.csv fails its schema:\n(.*\n)*  row {row}, "
                                                   r"column date_precision: .* failed on 'week'"):
        sources.load_ice_access_events()


def test_event_about_an_unknown_jurisdiction_is_rejected(raw_copy):
    row = _edit_row(raw_copy / "ice_access_events.csv", "E12", "jurisdiction", "XX")
    with pytest.raises(sources.RawDataError,
                       match=rf"^data/raw/ice_access_events.csv, row {row}, column jurisdiction: 'XX' is neither a row of "
                             r"states.csv nor US \(every jurisdiction\)$"):
        sources.load_ice_access_events()


def test_event_with_an_unknown_source_is_rejected(raw_copy):
    row = _edit_row(raw_copy / "ice_access_events.csv", "E05", "source_id", "voz-typo")
    with pytest.raises(sources.RawDataError,
                       match=rf"ice_access_events.csv, row {row}, column source_id: source id 'voz-typo'"):
        sources.load_ice_access_events()


# ---- source tiers -------------------------------------------------------------------------------------------------


def test_every_source_has_a_tier():
    table = sources.load_sources().set_index("source_id")
    assert table["tier"].notna().all() and set(table["tier"]) <= set(sources.TIERS)
    assert table.loc[["wyden-press-release-2025-11-12", "reuters-2025-11-12", "ncsl-dl-immigrants",
                      "seattlephi-2026-01"], "tier"].tolist() == ["primary", "press", "reference", "weak"]
    assert set(sources.CITABLE_TIERS) == set(sources.TIERS) - {"weak"}


def test_an_unknown_tier_is_rejected(raw_copy):
    row = _edit_row(raw_copy / "sources.csv", "reuters-2025-11-12", "tier", "blog")
    with pytest.raises(sources.RawDataError, match=rf"sources.csv fails its schema:\n  row {row}, column tier"):
        sources.load_sources()


def test_weak_source_ids_picks_out_the_weak_ones():
    table = sources.load_sources()
    weak = sorted(table.loc[table["tier"] == "weak", "source_id"])
    strong = sorted(table.loc[table["tier"] != "weak", "source_id"])
    assert weak and strong
    assert sources.weak_source_ids(";".join(weak + strong)) == weak
    assert sources.weak_source_ids([strong[0], weak[-1], None]) == [weak[-1]]
    assert sources.weak_source_ids(strong) == []
    assert sources.weak_source_ids(float("nan")) == []
    assert sources.weak_source_ids("not-a-source") == []  # unknown ids are not called weak


def test_require_citable_refuses_weak_sources_and_names_them():
    table = sources.load_sources()
    weak = sorted(table.loc[table["tier"] == "weak", "source_id"])[:2]
    assert sources.require_citable("wyden-press-release-2025-11-12;reuters-2025-11-12", "a figure") == [
        "reuters-2025-11-12", "wyden-press-release-2025-11-12"]
    expected = "^the map's credit line cites weak sources " + re.escape(repr(weak))
    with pytest.raises(sources.RawDataError, match=expected):
        sources.require_citable(["reuters-2025-11-12", *weak], "the map's credit line")
