"""``nlets-analysis compare COUNTS -o DIR`` end to end on a small synthetic file: what it writes, how it labels it,
what it refuses, and the page in real Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from shared_runs import shared_result
from chromium import browser_context
from synthetic_compare import write_synthetic

from analysis.findings import own_counts
from analysis.cli import main
from analysis.paths import project_root

ROOT = project_root()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _synthetic_run(home: Path) -> dict:
    counts = write_synthetic(home / "in")
    reports_before = _tree(ROOT / "reports")
    command = [sys.executable, "-m", "analysis.cli", "compare", counts.relative_to(home).as_posix(), "--kind",
               "synthetic", "-o", "out"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=home, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    return {"counts": str(counts), "before": _sha(counts), "reports_before": reports_before, "command": command,
            "returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


@pytest.fixture(scope="module")
def synthetic_run(tmp_path_factory):
    """One full run (with notebook 02) on the synthetic file, --kind synthetic, made once per test run and shared by
    the tests below (and every test worker)."""
    home, run = shared_result(tmp_path_factory, "compare-synthetic", _synthetic_run)
    done = subprocess.CompletedProcess(run["command"], run["returncode"], run["stdout"], run["stderr"])
    return Path(run["counts"]), run["before"], home / "out", done, run["reports_before"]


@pytest.mark.slow
def test_writes_page_figures_tables_clean_files_and_notebook(synthetic_run):
    counts, before, out, done, reports_before = synthetic_run
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "quiet when stderr is not a terminal"
    for name in ("index.html", "clean.csv", "rejects.csv", "audit.csv", "tables/own-rates.csv",
                 "tables/own-coverage.csv", "tables/own-groups.csv", "tables/own-outside.csv",
                 "tables/own-before-after.csv", "tables/own-citable-sentences.csv",
                 "notebook/02_blocking_states.ipynb", "notebook/manifest.json"):
        assert (out / name).is_file(), name
    for stem in ("own-rates-by-group", "own-before-after-block"):
        for suffix in ("png", "svg", "csv"):
            assert (out / "figures" / f"{stem}.{suffix}").stat().st_size > 0
    assert _sha(counts) == before, "the input is byte-identical afterwards"
    assert _tree(ROOT / "reports") == reports_before, "nothing written into the project's reports/"
    import nbformat

    nb = nbformat.read(out / "notebook" / "02_blocking_states.ipynb", as_version=4)
    text = "\n".join(str(o.get("data", {}).get("text/markdown", o.get("text", "")))
                     for c in nb.cells for o in c.get("outputs", []))
    assert "file: synthetic_compare_counts.csv" in text
    manifest = json.loads((out / "notebook" / "manifest.json").read_text())
    own = [e for e in manifest["entries"] if e["name"].startswith("tab02-own-")]
    assert own and all(e["kinds"] == ["synthetic"] for e in own)


@pytest.mark.slow
def test_notebook_and_page_give_the_same_numbers(synthetic_run):
    """Notebook 02, run by compare with the same options, exports every table the page's folder holds, byte for byte."""
    _, _, out, done, _ = synthetic_run
    assert done.returncode == 0, done.stderr
    stems = sorted(p.stem for p in (out / "tables").glob("own-*.csv") if p.stem != "own-citable-sentences")
    assert len(stems) == 10
    for stem in stems:
        assert (out / "tables" / f"{stem}.csv").read_bytes() == (
            out / "notebook" / "tables" / f"tab02-{stem}.csv").read_bytes(), stem


@pytest.mark.slow
def test_provenance_and_no_machine_path_in_the_folder(synthetic_run):
    counts, before, out, done, _ = synthetic_run
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert record["input_sha256"] == before and record["input_name"] == counts.name
    assert record["command"] == "nlets-analysis compare in/synthetic_compare_counts.csv --kind synthetic -o out"
    assert record["version"] and record["events_as_of"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert before in page and record["version"] in page
    home = str(out.parent)
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".ipynb", ".csv", ".svg"}:
            assert home not in path.read_text(encoding="utf-8"), path


@pytest.mark.slow
def test_synthetic_stamped_on_every_figure_and_the_page_credit_names_file_and_command(synthetic_run):
    _, _, out, _, _ = synthetic_run
    page = (out / "index.html").read_text()
    assert 'id="synthetic-banner"' in page and "<title>SYNTHETIC:" in page
    credit = re.search(r'<p class="credit" id="credit">(.*?)</p>', page).group(1)
    assert "synthetic_compare_counts.csv" in credit
    assert "nlets-analysis compare in/synthetic_compare_counts.csv --kind synthetic -o out" in credit
    assert "data/raw/" not in credit and "make report" not in page
    for svg in (out / "figures").glob("*.svg"):
        text = svg.read_text()
        assert text.count(">SYNTHETIC<") >= 3 or "SYNTHETIC TEST DATA" in text, svg.name
        assert "SYNTHETIC TEST DATA" in text and "synthetic_compare_counts.csv" in text, svg.name
        assert "data/raw/" not in text and "make report" not in text, svg.name
    rates = pd.read_csv(out / "tables" / "own-rates.csv")
    assert set(rates["kind"]) == {"synthetic"}
    citable = pd.read_csv(out / "tables" / "own-citable-sentences.csv")
    assert set(citable["kind"]) == {"synthetic"} and set(citable["bound"]) == {"exact"}
    assert "not in file" in page and "No row: 2025-09, 2025-10 for AK." in page


@pytest.mark.slow
def test_comparison_tables_say_not_in_file_and_keep_every_query(synthetic_run):
    counts, _, out, _, _ = synthetic_run
    rates = pd.read_csv(out / "tables" / "own-rates.csv", dtype={"usps": str})
    oregon = rates.set_index(["usps", "agency"]).loc[("OR", "HSI")]
    assert oregon["status"] == "not in file" and pd.isna(oregon["queries"])
    in_file = rates[(rates["agency"] == "all") & (rates["status"] == "in file")]
    assert in_file["queries"].sum() == pd.read_csv(counts)["Queries"].sum()
    coverage = pd.read_csv(out / "tables" / "own-coverage.csv").set_index("usps")
    assert coverage.loc["OR", "hsi_months"] == "not in file"
    assert "0" not in set(coverage["hsi_months"].astype(str))


@pytest.mark.slow  # the whole command, figures in every format
def test_default_kind_is_supplied_and_nothing_synthetic(tmp_path, capsys):
    counts = write_synthetic(tmp_path / "in", "my_counts.csv")
    assert main(["compare", str(counts), "-o", str(tmp_path / "out"), "--no-notebook"]) == 0
    page = (tmp_path / "out" / "index.html").read_text()
    assert "<strong>supplied</strong>" in page and "SYNTHETIC" not in page
    for svg in (tmp_path / "out" / "figures").glob("*.svg"):
        assert "SYNTHETIC" not in svg.read_text()
    assert set(pd.read_csv(tmp_path / "out" / "tables" / "own-rates.csv")["kind"]) == {"supplied"}
    assert capsys.readouterr().err == ""


def _refused(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("inside", ["reports/x", "data/x", "reports", "data/raw", "."])
def test_refuses_a_folder_inside_the_product(tmp_path, capsys, inside):
    counts = write_synthetic(tmp_path)
    target = ROOT / inside
    existed = target.exists()
    err = _refused(capsys, ["compare", str(counts), "-o", str(target), "--no-notebook"])
    assert "inside the project's" in err and "nothing written" in err
    assert target.exists() == existed


def test_refuses_a_symlink_into_reports(tmp_path, capsys):
    counts = write_synthetic(tmp_path / "in")
    link = tmp_path / "looks-harmless"
    try:
        link.symlink_to(ROOT / "reports", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not allowed here")
    before = _tree(ROOT / "reports")
    err = _refused(capsys, ["compare", str(counts), "-o", str(link / "mine"), "--no-notebook"])
    assert "reports/" in err
    assert not (ROOT / "reports" / "mine").exists() and _tree(ROOT / "reports") == before


def test_refuses_the_inputs_folder_holding_an_output_name(tmp_path, capsys):
    counts = write_synthetic(tmp_path, "clean.csv")  # the input is named like an output
    before = _sha(counts)
    err = _refused(capsys, ["compare", str(counts), "-o", str(tmp_path), "--no-notebook"])
    assert "would replace the input" in err or "holds the input" in err
    assert _sha(counts) == before and sorted(p.name for p in tmp_path.iterdir()) == ["clean.csv"]


def test_refuses_a_folder_holding_the_input(tmp_path, capsys):
    counts = write_synthetic(tmp_path / "deep" / "er")
    err = _refused(capsys, ["compare", str(counts), "-o", str(tmp_path), "--no-notebook"])
    assert "holds the input" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep"]


def test_unreadable_file_is_one_line(tmp_path, capsys):
    err = _refused(capsys, ["compare", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out"), "--no-notebook"])
    assert "missing.csv" in err


@pytest.mark.parametrize("inside", ["reports/mine", "data/mine"])
def test_papermill_route_refuses_the_same_folders(tmp_path, monkeypatch, inside):
    counts = write_synthetic(tmp_path)
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(ROOT / inside))
    with pytest.raises(RuntimeError, match="inside the project's"):
        own_counts.refuse_real_reports(counts)
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(tmp_path))  # the folder holding the input
    with pytest.raises(RuntimeError, match="holds the input"):
        own_counts.refuse_real_reports(counts)
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(tmp_path / "out"))
    own_counts.refuse_real_reports(counts)  # a scratch folder is fine


def test_template_ends_with_the_compare_step(tmp_path, capsys):
    assert main(["template", "-o", str(tmp_path / "counts.csv")]) == 0
    assert re.search(r"next step: nlets-analysis compare \S+counts\.csv -o DIR$", capsys.readouterr().out.strip())




@pytest.mark.browser
def test_page_in_chromium_offline_and_no_sideways_scroll_on_a_phone(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    counts = write_synthetic(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["compare", str(counts), "--kind", "synthetic", "-o", str(out), "--no-notebook"]) == 0
    requests, errors = [], []
    with sync_api.sync_playwright() as p:
        with browser_context(p, tmp_path / "profile", viewport={"width": 390, "height": 800}) as context:
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((out / "index.html").as_uri(), wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            images = page.evaluate("Array.from(document.images).map(i => [i.naturalWidth, i.alt])")
            banner = page.inner_text("#synthetic-banner")
    assert overflow <= 0, f"horizontal scroll of {overflow}px at 390px"
    assert images and all(w > 0 and alt.strip() for w, alt in images)
    assert not [u for u in requests if not u.startswith("file://")], requests
    assert not errors and "SYNTHETIC" in banner


class _Terminal:
    """A stderr that says it is a terminal and keeps what is written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.slow  # the whole command, figures in every format
def test_progress_on_a_terminal_only(tmp_path, monkeypatch):
    counts = write_synthetic(tmp_path / "in")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["compare", str(counts), "-o", str(tmp_path / "out"), "--no-notebook"]) == 0
    lines = terminal.text.splitlines()
    assert lines and all(line.startswith("nlets-analysis compare: ") for line in lines)
    assert any("cleaning" in line for line in lines) and any("figures" in line for line in lines)


def _researcher_workbook(path: Path) -> dict[str, list[int]]:
    """A workbook as records offices send them: a title and a note row, dates under "Period" (Excel dates on the
    1st), "Wash."/"Ariz." spellings, Arizona missing 2025-10, HSI for Washington only, criminal-history (IQ) rows,
    a TOTAL row and a footnote. Returns the ICE DMV counts per state by month (made up)."""
    import datetime as dt

    from openpyxl import Workbook

    months = [dt.datetime(2025, m, 1) for m in (8, 9, 10, 11, 12)] + [dt.datetime(2026, 1, 1)]
    ice = {"Wash.": [300, 310, 290, 150, 20, 10], "Ariz.": [200, 210, None, 205, 200, 195],
           "Texas": [900, 880, 910, 905, 890, 900], "Oregon": [120, 125, 118, 121, 119, 122],
           "Ohio": [400, 410, 395, 405, 398, 402], "N.Y.": [0, 0, 0, 0, 0, 0], "Ill.": [0, 0, 0, 0, 0, 0]}
    book = Workbook()
    sheet = book.active
    sheet.append(["Nlets DMV queries by destination state (records response 2026-02)"])
    sheet.append(["Prepared for the requester; counts are queries, not people"])
    sheet.append(["State", "Requesting agency", "Message key", "Period", "Queries"])
    total = 0
    for state, counts in ice.items():
        for month, n in zip(months, counts, strict=True):
            if n is None:
                continue
            sheet.append([state, "ICE ERO", "DQ", month, n])
            sheet.append([state, "ICE ERO", "IQ", month, 5000])  # criminal history: not a DMV query
            total += n + 5000
            if state == "Wash.":
                sheet.append([state, "HSI", "DQ", month, 40])
                total += 40
    sheet.append(["TOTAL", None, None, None, total])
    sheet.append(["* Counts under 10 are not suppressed in this response."])
    book.save(path)
    return {k: v for k, v in ice.items()}


@pytest.mark.slow  # the whole command on a workbook
def test_a_researchers_workbook_gives_the_right_monthly_rates(tmp_path):
    counts = _researcher_workbook(tmp_path / "records.xlsx")
    out = tmp_path / "out"
    assert main(["compare", str(tmp_path / "records.xlsx"), "-o", str(out), "--no-notebook"]) == 0
    rates = pd.read_csv(out / "tables" / "own-rates.csv", dtype={"usps": str}).set_index(["usps", "agency"])
    residents = pd.read_csv(ROOT / "data" / "raw" / "states.csv").set_index("usps")["population"]
    arizona = rates.loc[("AZ", "ICE")]
    assert int(arizona["months"]) == 5 and arizona["missing_months"] == "2025-10"
    assert arizona["per_100k_month"] == pytest.approx(1010 / 5 / residents["AZ"] * 100_000)  # IQ rows set aside
    assert rates.loc[("AZ", "HSI"), "status"] == "not in file" and pd.isna(rates.loc[("AZ", "HSI"), "queries"])
    split = pd.read_csv(out / "tables" / "own-before-after.csv").set_index(["usps", "agency"]).loc[("WA", "ICE")]
    assert split["before_per_100k_month"] == pytest.approx(300 / residents["WA"] * 100_000)  # 900 over 3 months
    assert split["block_month"] == "2025-11" and split["block_month_queries"] == 150
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "read as calendar months" in page and "IQ 205,000" in page
    assert "No row: 2025-10 for AZ." in page
    assert sum(sum(v for v in c if v) for c in counts.values()) == rates.xs("all", level="agency")["queries"].sum() - 6 * 40
