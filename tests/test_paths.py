"""Where the library finds its folders: in a checkout ``data/raw/`` directly; installed, the copies shipped in the
package; the project folder only for the build (``analysis.paths``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import paths
from analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The library as a wheel runs it: no checkout above the code, the working folder outside any project, and the
    package data in ``tmp_path/package`` (what setup.py ships)."""
    monkeypatch.setenv("NLETS_PROJECT_ROOT", "")  # unset (restored afterwards, also when the build sets it)
    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site-packages" / "analysis" / "paths.py"))
    package = tmp_path / "package"
    for name in ("raw", "notebooks"):
        (package / name).mkdir(parents=True)
    monkeypatch.setattr(paths, "packaged_dir", lambda name: package / name)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return package


def test_a_checkout_reads_data_raw_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NLETS_PROJECT_ROOT", raising=False)
    assert paths.checkout_root() == ROOT
    assert paths.raw_dir() == ROOT / "data" / "raw"
    assert paths.notebooks_dir() == ROOT / "notebooks"


def test_nlets_project_root_points_the_library_at_another_checkout(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("NLETS_PROJECT_ROOT", str(tmp_path))
    assert paths.raw_dir() == tmp_path.resolve() / "data" / "raw"
    assert paths.project_root() == tmp_path.resolve()


def test_installed_the_library_reads_the_shipped_copies(installed: Path) -> None:
    assert paths.raw_dir() == installed / "raw"
    assert paths.notebooks_dir() == installed / "notebooks"
    assert paths.relative_to_root(installed / "raw" / "states.csv") == "data/raw/states.csv"
    assert paths.relative_to_root(Path("x.csv")) == (Path.cwd() / "x.csv").as_posix()


def test_installed_only_the_build_needs_the_project_folder(installed: Path) -> None:
    assert paths.find_project_root() is None
    with pytest.raises(paths.ProjectFolderNotFound, match="NLETS_PROJECT_ROOT"):
        paths.project_root()
    with pytest.raises(paths.ProjectFolderNotFound, match="NLETS_REPORTS_DIR"):
        paths.reports_dir()
    assert not paths.is_project_reports(Path.cwd() / "reports")


def test_installed_inside_a_checkout_the_build_finds_it_from_the_working_folder(installed: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                                 tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "data" / "raw").mkdir(parents=True)
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")
    assert paths.project_root() == project.resolve()
    assert paths.raw_dir() == installed / "raw"  # the library keeps its own copy; the build points it at the checkout
    assert paths.is_project_reports(project / "reports")


def test_build_outside_a_checkout_says_so_in_one_line(installed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("nlets-analysis build: needs the project folder") and "NLETS_PROJECT_ROOT" in err[0]


def test_a_missing_notebook_extra_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from analysis.pipeline import build

    def no_stack(only: str | None = None) -> None:
        raise ModuleNotFoundError("No module named 'nbclient'", name="nbclient")

    monkeypatch.setattr(build, "run", no_stack)
    assert main(["build"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("nlets-analysis build: needs the notebook extra (nbclient is not installed): "
                   "pip install 'nlets-analysis[notebook]'")


def test_a_missing_module_of_the_core_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.pipeline import build

    def broken(only: str | None = None) -> None:
        raise ModuleNotFoundError("No module named 'pandas'", name="pandas")

    monkeypatch.setattr(build, "run", broken)
    with pytest.raises(ModuleNotFoundError):
        main(["build"])


def test_installed_build_inside_a_checkout_uses_that_checkout(installed: Path, monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """``build`` from an installed wheel, run in a clone: it and its notebooks' kernels read the clone's data/raw."""
    project = tmp_path / "project"
    raw = project / "data" / "raw"
    raw.mkdir(parents=True)
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    (raw / "states.csv").write_text("usps\nNY\n", encoding="utf-8", newline="\n")
    (raw / "SHA256SUMS").write_text("0" * 64 + "  states.csv\n", encoding="utf-8", newline="\n")
    monkeypatch.chdir(project)
    assert main(["build"]) == 2
    assert paths.checkout_root() == project.resolve() and paths.raw_dir() == raw.resolve()
    assert "states.csv: differs from its checksum" in capsys.readouterr().err
