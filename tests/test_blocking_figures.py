"""analysis.blocking_figures: notebook 02's charts carry the house frame, alt text with the numbers they show, and the
numbers drawn as their data; exported, their CSVs equal the committed ones."""

from __future__ import annotations

from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import blocking_figures, blocking_text, compare, own_counts
from analysis.export import export_figure
from analysis.figures import CAVEAT_NOTE, NEUTRAL, OKABE_ITO, frame_texts, source_line
from analysis.paths import project_root
from analysis.sources import load_state_level_figures, load_states
from synthetic_tables import prose_problems, scenarios

NOTEBOOK = "02_blocking_states"
STATES = load_states()
PERIOD_START, PERIOD_END = compare.disclosure_period()
END = f"{PERIOD_END:%Y-%m-%d}"
FIXTURE = project_root() / "tests" / "fixtures" / "synthetic_per_state_counts.csv"
ASSUMED = ["IL", "MA", "MN", "NY"]  # assumed blocked on the period's last day (reported by 2025-11-12)
SCENARIOS = scenarios()


def shielded_for(states: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    days = [PERIOD_END]
    try:
        days.append(compare.first_block_after(states, PERIOD_END, events)["date"])
    except ValueError:
        pass
    return pd.concat([compare.residents_by_access(states, d, events) for d in days], ignore_index=True)


@pytest.fixture()
def use_events(monkeypatch: pytest.MonkeyPatch):
    """Point the functions that read data/raw's events themselves (and take no ``events`` argument) at a synthetic
    table."""
    def use(events: pd.DataFrame) -> None:
        monkeypatch.setattr(compare, "load_ice_access_events", lambda: events)
    return use


@pytest.fixture(scope="module")
def shielded() -> pd.DataFrame:
    return shielded_for(STATES)


@pytest.fixture(scope="module")
def dates() -> pd.DataFrame:
    return compare.block_dates(STATES)


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return compare.block_timeline(STATES)


@pytest.fixture(scope="module")
def rates() -> pd.DataFrame:
    return compare.queries_per_100k_open(STATES)


@pytest.fixture(scope="module")
def wa() -> pd.DataFrame:
    return compare.state_figure_rates(load_state_level_figures(), STATES)


@pytest.fixture(scope="module")
def built(shielded, dates, timeline, rates, wa) -> dict[str, dict]:
    """The four published-data figures of notebook 02, by export name."""
    figures = [
        blocking_figures.shielded_share_figure(shielded, STATES),
        blocking_figures.block_timeline_figure(timeline, dates),
        blocking_figures.ice_block_map_figure(STATES),
        blocking_figures.washington_periods_figure(wa, STATES, rates),
    ]
    return {f["name"]: f for f in figures}


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(folder))
    return folder


NAMES = ["fig02-shielded-share", "fig02-block-timeline", "fig02-ice-block-map", "fig02-washington-periods"]


def _texts(fig) -> dict[str, str]:
    """The frame's texts with the wrapping undone."""
    return {gid: " ".join(text.split()) for gid, text in frame_texts(fig).items()}


def _hex(colour) -> str:
    return mcolors.to_hex(colour).upper()


# ---- every figure -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_the_house_frame_with_source_line_and_caveat(built, name):
    kwargs = built[name]
    texts = _texts(kwargs["fig"])
    assert {"title", "caveat-note", "source-line", "credit"} <= set(texts)
    assert texts["source-line"] == source_line(kwargs["source_ids"])
    assert CAVEAT_NOTE in texts["caveat-note"]
    assert kwargs["source_ids"] == sorted(kwargs["source_ids"]) and kwargs["source_ids"]
    assert set(kwargs["kinds"]) <= {"published", "derived"}


@pytest.mark.parametrize("name", NAMES)
def test_figure_exports_and_its_csv_equals_the_committed_one(built, name, reports):
    entry = export_figure(**built[name], notebook=NOTEBOOK)
    assert {f["format"] for f in entry["files"]} == {"png", "svg", "pdf", "csv"}
    written = (reports / "figures" / f"{name}.csv").read_bytes()
    assert written == (project_root() / "reports" / "figures" / f"{name}.csv").read_bytes()


