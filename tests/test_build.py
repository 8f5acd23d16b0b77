"""The build pipeline: notebook selection, failures named by notebook and cell, and the reproducibility check."""

from __future__ import annotations

import pytest

from analysis.pipeline import build


def test_numbered_notebooks_are_found_in_order():
    names = [nb.name for nb in build.numbered_notebooks()]
    assert names == sorted(names)
    assert names[0].startswith("01_")
    assert all(name[:2].isdigit() for name in names)


def test_only_selects_by_number_or_name():
    first = build.numbered_notebooks()[0]
    assert build.numbered_notebooks(first.stem[:2]) == [first]
    assert build.numbered_notebooks(first.name) == [first]


def test_only_with_an_unknown_name_lists_the_notebooks():
    with pytest.raises(build.BuildError, match="no notebook called 'nope' \\(have: 01_"):
        build.numbered_notebooks("nope")


@pytest.mark.slow  # starts a kernel
def test_a_failing_cell_names_the_notebook_cell_and_error(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("x / 0"),
    ]
    path = tmp_path / "99_broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(build.BuildError, match=r"99_broken.ipynb: code cell 2 failed: ZeroDivisionError: division by zero"):
        build.execute_notebook(path)


@pytest.mark.slow  # starts a kernel
def test_executed_notebooks_keep_no_timing_metadata(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(6 * 7)")]
    path = tmp_path / "98_ok.ipynb"
    nbformat.write(nb, path)
    build.execute_notebook(path)
    cell = nbformat.read(path, as_version=4).cells[0]
    assert cell.outputs[0]["text"] == "42\n"
    assert "execution" not in cell.metadata


def test_differences_reports_changed_missing_and_extra_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "reports").mkdir(parents=True)
        (root / "reports" / "same.csv").write_text("x\n1\n")
    (a / "reports" / "changed.csv").write_text("1")
    (b / "reports" / "changed.csv").write_text("2")
    (a / "reports" / "only_committed.csv").write_text("1")
    (b / "reports" / "only_built.csv").write_text("1")
    assert build._differences(a, b) == [
        "reports/changed.csv: differs from the committed file",
        "reports/only_built.csv: made by the build but not committed",
        "reports/only_committed.csv: committed but not made by the build",
    ]


@pytest.mark.slow
def test_rebuild_matches_the_committed_outputs():
    """The reproducibility check: rebuilding everything in a scratch copy changes no committed file."""
    assert build.check(log=lambda _: None) == []


@pytest.mark.slow
def test_check_reports_a_committed_file_the_build_would_change(tmp_path, monkeypatch):
    project = tmp_path / "project"
    build._copy_project(build.project_root(), project)
    stale = project / "data" / "processed" / "states.csv"
    stale.write_text(stale.read_text().replace("Alabama", "Alabamа"))  # one Cyrillic letter
    (project / "data" / "processed" / "stray.txt").write_text("not made by the build")
    monkeypatch.setenv("NLETS_PROJECT_ROOT", str(project))
    assert build.check("03", log=lambda _: None) == [
        "data/processed/states.csv: differs from the committed file",
        "data/processed/stray.txt: committed but not made by the build",
    ]
