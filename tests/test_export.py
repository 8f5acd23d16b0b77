"""Exports: files, manifest, merging between notebooks, determinism, and the synthetic-data guard."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from analysis.findings import breakdown
from analysis.publish.figures import breakdown as breakdown_figures
from analysis.publish.citable_numbers import CitableNumber, write_citable_numbers
from analysis.publish.export_checks import ExportError, SyntheticExportError
from analysis.publish.export_figures import export_figure
from analysis.publish.export_tables import export_table
from analysis.publish.manifest import finish_notebook, read_manifest, verify_manifest
from analysis.publish.style import frame, new_figure
from analysis.paths import project_root

SOURCE = "wyden-press-release-2025-11-12"
NB1, NB2 = "01_disclosure_breakdown", "02_blocking_states"


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(folder))
    return folder


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _figure(kinds=("published",), **frame_options):
    fig, ax = new_figure(6, 4)
    ax.bar(["ICE", "HSI"], [292_114, 605_116])
    frame(fig, title="Test chart", source_ids=[SOURCE], kinds=kinds, **frame_options)
    return fig


def _export(name: str = "fig01-test-bars", notebook: str = NB1, kinds=("published",), **options) -> dict:
    defaults = dict(
        title="Test chart",
        alt_text="Bar chart of ICE (292,114) and HSI (605,116) DMV queries through Nlets.",
        data=pd.DataFrame({"group": ["ICE", "HSI"], "count": [292_114, 605_116]}),
        source_ids=[SOURCE],
        kinds=list(kinds),
        notebook=notebook,
    )
    defaults.update(options)
    fig = defaults.pop("fig", None) or _figure(kinds=kinds, bounds_note=defaults.get("bounds_note"))
    return export_figure(fig, name, **defaults)


def test_figure_files_exist_and_match_the_manifest(reports):
    entry = _export()
    formats = sorted(f["format"] for f in entry["files"])
    assert formats == ["csv", "pdf", "png", "svg"]
    for record in entry["files"]:
        path = reports / record["path"]
        assert path.is_file() and record["path"].startswith("figures/fig01-test-bars.")
        assert record["sha256"] == _sha(path) and record["bytes"] == path.stat().st_size
    assert read_manifest()["entries"] == [entry]
    assert verify_manifest() == []


def test_png_is_twice_the_web_width(reports):
    _export()
    with Image.open(reports / "figures" / "fig01-test-bars.png") as image:
        assert image.size[0] == 1200  # 6 in at 200 dpi (the frame may grow the height to fit its notes)
        assert image.size[1] >= 800
        assert "Software" not in image.info


def test_csv_holds_exactly_the_data_drawn(reports):
    _export()
    written = pd.read_csv(reports / "figures" / "fig01-test-bars.csv")
    pd.testing.assert_frame_equal(written, pd.DataFrame({"group": ["ICE", "HSI"], "count": [292_114, 605_116]}),
                                  check_dtype=False)


def test_entry_has_alt_text_sources_and_full_citations(reports):
    entry = _export()
    assert entry["alt_text"].startswith("Bar chart of ICE")
    assert entry["source_ids"] == [SOURCE]
    assert entry["sources"][0]["citation"].startswith("Office of U.S. Senator Ron Wyden")
    assert "https://pubt.io/" in entry["sources"][0]["citation"]
    assert entry["notebook"] == "notebooks/01_disclosure_breakdown.ipynb"
    assert entry["type"] == "figure" and entry["kinds"] == ["published"]


def test_manifest_is_stable_json_without_machine_details(reports):
    _export()
    export_table(pd.DataFrame({"a": [1]}), "tab01-small", title="t", description="A one-cell table.",
                 source_ids=[SOURCE], kinds=["derived"], notebook=NB1)
    text = (reports / "manifest.json").read_text()
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert str(reports) not in text and str(project_root()) not in text
    assert "matplotlib" not in text.lower() and "version" not in text.lower()
    assert [e["name"] for e in data["entries"]] == ["fig01-test-bars", "tab01-small"]


def test_export_twice_gives_identical_files(reports):
    _export()
    first = {p.name: _sha(p) for p in reports.rglob("*") if p.is_file()}
    _export()
    second = {p.name: _sha(p) for p in reports.rglob("*") if p.is_file()}
    assert first == second and len(first) == 5


_SCRIPT = """
from analysis.findings import breakdown
from analysis.publish.figures import breakdown as breakdown_figures
from analysis.publish.text import breakdown as breakdown_text
from analysis.publish.citable_numbers import write_citable_numbers
from analysis.publish.export_figures import export_figure
from analysis.publish.export_tables import export_table
table = breakdown.breakdown_table()
export_figure(breakdown_figures.share_waffle_figure(table), notebook="01_disclosure_breakdown")
export_figure(breakdown_figures.daily_rates_figure(table), notebook="01_disclosure_breakdown")
export_table(table, "tab01-breakdown", title="t", description="d", source_ids=["wyden-press-release-2025-11-12"],
             kinds=["derived", "published"], notebook="01_disclosure_breakdown")
write_citable_numbers(breakdown_text.citable_numbers(table), "01_disclosure_breakdown")
"""


def _run_in_subprocess(folder: Path, seed: str) -> dict[str, str]:
    env = {**os.environ, "NLETS_REPORTS_DIR": str(folder), "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", _SCRIPT], env=env, check=True, capture_output=True, timeout=300)
    return {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_separate_processes_write_identical_bytes(tmp_path):
    first = _run_in_subprocess(tmp_path / "a", "1")
    second = _run_in_subprocess(tmp_path / "b", "2")
    assert first == second
    assert {"manifest.json", "figures/fig01-ice-hsi-share-per-10000.svg", "figures/fig01-daily-query-rates.pdf",
            "tables/citable_numbers.csv", "tables/tab01-breakdown.csv"} <= set(first)


def test_merge_keeps_other_notebooks_entries(reports):
    other = _export("fig02-other-notebook", notebook=NB2)
    _export("fig01-first")
    _export("fig01-second")
    names = [e["name"] for e in read_manifest()["entries"]]
    assert names == ["fig01-first", "fig01-second", "fig02-other-notebook"]
    assert read_manifest()["entries"][2] == other


def test_finish_notebook_drops_only_this_notebooks_stale_entries(reports):
    _export("fig02-other-notebook", notebook=NB2)
    _export("fig01-old-name")
    import analysis.publish.manifest as manifest

    manifest._SESSION.clear()  # a new run of notebook 01 that no longer makes fig01-old-name
    _export("fig01-new-name")
    listing = finish_notebook(NB1)
    assert [e["name"] for e in read_manifest()["entries"]] == ["fig01-new-name", "fig02-other-notebook"]
    assert not (reports / "figures" / "fig01-old-name.png").exists()
    assert (reports / "figures" / "fig02-other-notebook.png").exists()
    assert set(listing["name"]) == {"fig01-new-name"}


def test_a_notebook_cannot_overwrite_another_notebooks_entry(reports):
    _export("fig01-shared", notebook=NB1)
    with pytest.raises(ExportError, match="already exported by notebooks/01_disclosure_breakdown.ipynb"):
        _export("fig01-shared", notebook="01_other")


def test_synthetic_refused_for_the_real_reports_dir(monkeypatch):
    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    before = (project_root() / "reports" / "manifest.json")
    before_bytes = before.read_bytes() if before.exists() else None
    with pytest.raises(SyntheticExportError, match="refusing to write synthetic numbers into reports/"):
        _export("fig01-synthetic-guard", kinds=("synthetic",))
    with pytest.raises(SyntheticExportError):
        export_table(pd.DataFrame({"a": [1]}), "tab01-synthetic-guard", title="t", description="d",
                     source_ids=[SOURCE], kinds=["synthetic"], notebook=NB1)
    with pytest.raises(SyntheticExportError):
        write_citable_numbers([CitableNumber(id="x", value=1, formatted_value="1", bound="exact", kind="synthetic",
                                             sentence="s", sentence_es="s", source_ids=(SOURCE,))], NB1)
    assert not (project_root() / "reports" / "figures" / "fig01-synthetic-guard.png").exists()
    assert (before.read_bytes() if before.exists() else None) == before_bytes


def test_synthetic_allowed_in_a_scratch_dir_and_labelled(reports):
    entry = _export("fig01-synthetic", kinds=("synthetic",))
    assert entry["kinds"] == ["synthetic"] and (reports / "figures" / "fig01-synthetic.png").exists()


def test_unframed_figure_refused(reports):
    fig, ax = new_figure()
    with pytest.raises(ExportError, match=r"lacks \['caveat-note', 'source-line', 'title'\]"):
        _export(fig=fig)


def test_modelled_numbers_must_be_labelled_on_the_figure(reports):
    with pytest.raises(ExportError, match="modelled-label"):
        _export(fig=_figure(kinds=["derived"]), kinds=("modelled",))


@pytest.mark.parametrize("name", ["fig01_test", "Fig01-test", "fig1-test", "tab01-test", "fig02-test"])
def test_bad_names_refused(reports, name):
    with pytest.raises(ExportError):
        _export(name)


def test_unknown_source_refused(reports):
    with pytest.raises(ExportError, match="unknown source id"):
        _export(source_ids=["no-such-source"])


def test_bounded_key_numbers_need_a_bounds_note(reports):
    key = [{"label": "ICE share", "formatted": "0.101%", "value": 0.001, "bound": "at most"}]
    with pytest.raises(ExportError, match="pass a bounds_note"):
        _export(key_numbers=key)
    entry = _export(key_numbers=key, bounds_note="The total is a floor.")
    assert entry["key_numbers"][0]["bound"] == "at most" and entry["bounds_note"] == "The total is a floor."


def test_bounds_note_must_match_the_figure(reports):
    with pytest.raises(ExportError, match="differs from bounds_note"):
        _export(fig=_figure(bounds_note="The total is a floor."), bounds_note="Something else.")


def test_placeholder_alt_text_refused(reports):
    with pytest.raises(ExportError, match="alt text"):
        _export(alt_text="Test chart")


def _row(id_: str, sentence: str = "s") -> CitableNumber:
    return CitableNumber(id=id_, value=1, formatted_value="1", bound="exact", kind="published", sentence=sentence,
                         sentence_es=f"es: {sentence}", source_ids=(SOURCE,))


def test_citable_numbers_merge_by_notebook(reports):
    write_citable_numbers([_row("b-other")], NB2)
    write_citable_numbers([_row("c-mine"), _row("a-mine")], NB1)
    write_citable_numbers([_row("a-mine", "new")], NB1)
    table = pd.read_csv(reports / "tables" / "citable_numbers.csv", dtype=str)
    assert table["id"].tolist() == ["a-mine", "b-other"]
    assert table.set_index("id").loc["a-mine", "sentence"] == "new"
    assert table["citations"].str.startswith("Office of U.S. Senator Ron Wyden").all()
    entry = next(e for e in read_manifest()["entries"] if e["name"] == "citable-numbers")
    assert entry["notebooks"] == ["notebooks/01_disclosure_breakdown.ipynb", "notebooks/02_blocking_states.ipynb"]
    assert verify_manifest() == []


def test_citable_ids_are_unique_across_notebooks(reports):
    write_citable_numbers([_row("same-id")], NB2)
    with pytest.raises(ExportError, match="already belong to another notebook"):
        write_citable_numbers([_row("same-id")], NB1)


def test_verify_manifest_catches_a_changed_file(reports):
    _export()
    (reports / "figures" / "fig01-test-bars.csv").write_text("tampered\n")
    assert verify_manifest() == ["fig01-test-bars: figures/fig01-test-bars.csv sha256 differs from the manifest"]


@pytest.mark.slow  # renders both figures in every format
def test_notebook_01_figures_carry_alt_text_with_key_numbers(reports):
    """Each figure's alt text states its own headline number (ICE's 292,114 queries on the waffle, its 800 a day on
    the daily-rates chart) and every key number it lists, so a screen-reader user gets the same numbers."""
    table = breakdown.breakdown_table()
    waffle = export_figure(breakdown_figures.share_waffle_figure(table), notebook=NB1)
    daily = export_figure(breakdown_figures.daily_rates_figure(table), notebook=NB1)
    assert "292,114" in waffle["alt_text"]
    assert "800 a day" in daily["alt_text"]
    for entry in (waffle, daily):
        assert entry["key_numbers"] and entry["bounds_note"]
        for number in entry["key_numbers"]:
            assert number["formatted"] in entry["alt_text"], (entry["name"], number["id"])
    assert verify_manifest() == []


def test_committed_manifest_matches_the_files_on_disk(monkeypatch):
    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    folder = project_root() / "reports"
    assert (folder / "manifest.json").exists(), "reports/manifest.json is not committed; run make report"
    assert verify_manifest(folder) == []
    names = {e["name"] for e in json.loads((folder / "manifest.json").read_text())["entries"]}
    assert {"fig01-ice-hsi-share-per-10000", "fig01-daily-query-rates", "citable-numbers"} <= names


@pytest.mark.slow  # renders both figures in every format
def test_notebook_01_figures_follow_the_bounds_of_the_data(reports):
    figures = breakdown.load_disclosure_figures()
    figures.loc[figures["metric"] == "dmv_queries_via_nlets_total", "bound"] = "exact"
    table = breakdown.breakdown_table(figures)
    for spec in (breakdown_figures.share_waffle_figure(table), breakdown_figures.daily_rates_figure(table)):
        entry = export_figure(spec, notebook=NB1)
        assert "at most" not in entry["alt_text"] and "at least" not in entry["alt_text"]
        assert "ceiling" not in entry["alt_text"] and "floor" not in entry["bounds_note"]
        assert {n["bound"] for n in entry["key_numbers"]} == {"exact"}


def _portrait(title: str = "Test chart", label_pt: float | None = None):
    from analysis.publish.style import PORTRAIT, fit_layout

    fig, ax = new_figure(PORTRAIT.width_in, 6)
    ax.bar(["ICE", "HSI"], [292_114, 605_116])
    ax.text(0, 0, "a label", fontsize=label_pt or PORTRAIT.label_pt)
    frame(fig, title=title, source_ids=[SOURCE], layout=PORTRAIT)
    return fig if label_pt else fit_layout(fig, PORTRAIT)


def test_portrait_variant_is_written_beside_the_landscape_one_and_listed(reports):
    entry = _export(portrait=_portrait(), alt_text_es="Gráfico de barras de ICE (292,114) y HSI (605,116).")
    portrait = sorted(f["path"] for f in entry["files"] if f["role"] == "portrait")
    assert portrait == ["figures/fig01-test-bars-portrait.png", "figures/fig01-test-bars-portrait.svg"]
    width = Image.open(reports / "figures" / "fig01-test-bars-portrait.png").size[0]
    assert width == 3.6 * 200
    assert entry["alt_text_es"].startswith("Gráfico")
    assert verify_manifest(reports) == []


def test_portrait_variant_with_small_type_or_another_title_is_refused(reports):
    with pytest.raises(ExportError, match="under 10"):
        _export(portrait=_portrait(label_pt=7))
    with pytest.raises(ExportError, match="same title"):
        _export(portrait=_portrait(title="Another chart"))
