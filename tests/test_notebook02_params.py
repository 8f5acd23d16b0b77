"""Notebook 02 rerun by papermill on a researcher's (here: synthetic) per-state counts file.

The run must show the per-state comparison, export it only to ``$NLETS_REPORTS_DIR``, label it synthetic, and leave
the project's ``reports/`` exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from shared_runs import shared_result

from analysis.findings import block_history
from analysis.paths import notebooks_dir, project_root
from analysis.sources.tables import load_states

NOTEBOOK = notebooks_dir() / "02_blocking_states.ipynb"
FIXTURE = project_root() / "tests" / "fixtures" / "synthetic_per_state_counts.csv"

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, object]:
    """Notebook 02's files under ``folder`` with size and modification time (ns), so touching one changes the
    snapshot, plus notebook 02's manifest entries. Other notebooks' files are left out: they may be rewritten
    meanwhile by their own runs."""
    files = {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
             for pattern in ("figures/fig02-*", "tables/tab02-*") for p in sorted(folder.glob(pattern))}
    manifest = folder / "manifest.json"
    entries = json.loads(manifest.read_text())["entries"] if manifest.exists() else []
    mine = {e["name"]: e["files"] for e in entries if e.get("notebook") == "notebooks/02_blocking_states.ipynb"}
    return {"files": files, "manifest": mine}


def outputs_text(nb: "nbformat.NotebookNode") -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


def _papermill_run(out: Path) -> dict:
    import papermill

    before = snapshot(project_root() / "reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NLETS_REPORTS_DIR", str(out))
        papermill.execute_notebook(
            str(NOTEBOOK), str(out / "02_run.ipynb"), cwd=str(notebooks_dir()), progress_bar=False,
            parameters={"query_counts_path": str(FIXTURE), "counts_kind": "synthetic"},
        )
    return {"before": before, "after": snapshot(project_root() / "reports")}


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    """One papermill run on the fixture, made once per test run and shared by the tests below (and every worker)."""
    out, run = shared_result(tmp_path_factory, "nb02-papermill", _papermill_run)
    return out, run["before"], run["after"]


def test_per_state_comparison_is_shown_for_every_state(fixture_run):
    out, _, _ = fixture_run
    import nbformat

    nb = nbformat.read(out / "02_run.ipynb", as_version=4)
    text = outputs_text(nb)
    assert "file: synthetic_per_state_counts.csv" in text
    assert "rows rejected: 0" in text
    assert "block began within the file's period" in text  # WA's November 2025 block falls inside the file
    wa_block = block_history.dated_block_texts()["WA"][0]  # as precise as published: "mid-November 2025"
    assert f"before its block (applied {wa_block}" in text
    assert "the month that holds the block, is in neither" in text and "permutation test" in text
    table = pd.read_csv(out / "tables" / "tab02-own-rates.csv", dtype={"usps": str})
    assert set(load_states()["usps"]) <= set(table["usps"])
    states = table[table["agency"] == "all"]
    assert states["status"].eq("in file").all()
    raw = pd.read_csv(FIXTURE)
    assert states["queries"].sum() == raw["Queries"].sum()  # no query lost between file and table
    blocked = table[(table["group"] == "blocked ICE") & (table["agency"] == "ICE")]
    assert sorted(blocked["usps"]) == ["IL", "MA", "MN", "NY"] and (blocked["queries"] == 0).all()
    split = pd.read_csv(out / "tables" / "tab02-own-before-after.csv").set_index("agency")
    assert split.loc["ICE", "usps"] == "WA" and split.loc["ICE", "after_queries"] == 0
    assert split.loc["ICE", "before_per_100k_month"] > 0 and split.loc["ICE", "block_month"] == "2025-11"


def test_exports_went_to_the_scratch_folder_labelled_synthetic(fixture_run):
    out, _, _ = fixture_run
    manifest = json.loads((out / "manifest.json").read_text())
    entries = {e["name"]: e for e in manifest["entries"]}
    for name in ("tab02-own-rates", "tab02-own-before-after", "tab02-own-intervals", "tab02-own-block-effects"):
        assert entries[name]["kinds"] == ["synthetic"], name
        for record in entries[name]["files"]:
            assert (out / record["path"]).exists()
    # the published-data exports are made too, in the same scratch folder
    assert (out / "figures" / "fig02-ice-block-map.png").exists()
    own = pd.read_csv(out / "tables" / "tab02-own-rates.csv")
    assert (own["kind"] == "synthetic").all()
    assert own["source_ids"].str.contains("user-supplied:synthetic_per_state_counts.csv", regex=False).all()


def test_reports_folder_untouched(fixture_run):
    _, before, after = fixture_run
    assert after == before
    assert after["files"], "the committed exports of notebook 02 are in reports/"
    assert not any(name.startswith(("figures/fig02-own", "tables/tab02-own")) for name in after["files"])
    assert not any(name.startswith(("fig02-own", "tab02-own")) for name in after["manifest"])


def test_refuses_a_counts_file_without_a_scratch_reports_folder(tmp_path, monkeypatch):
    import papermill

    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    before = snapshot(project_root() / "reports")
    with pytest.raises(papermill.PapermillExecutionError, match="NLETS_REPORTS_DIR"):
        papermill.execute_notebook(
            str(NOTEBOOK), str(tmp_path / "02_run.ipynb"), cwd=str(notebooks_dir()), progress_bar=False,
            parameters={"query_counts_path": str(FIXTURE), "counts_kind": "synthetic"},
        )
    assert snapshot(project_root() / "reports") == before
