"""A clone made as Git for Windows makes it (``core.autocrlf=true``) keeps ``data/raw/`` and the committed outputs
byte for byte, so the checksums and the build's first step pass there too (``.gitattributes``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.sources import tables as sources

ROOT = Path(__file__).resolve().parents[1]
# Pinned by SHA256SUMS, or compared byte for byte by `nlets-analysis build --check`.
EXACT = ("data/raw", "data/processed", "reports", "notebooks")
pytestmark = pytest.mark.slow  # clones the repository: ~7 s in all


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def _windows_clone(tmp_path: Path, attributes: str | None = None) -> Path:
    """A clone of this repository with ``core.autocrlf=true``, its exact folders checked out again under this
    worktree's ``.gitattributes`` (what the next commit carries) or under ``attributes`` when given."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-c", "core.autocrlf=true", str(ROOT), str(clone)], check=True,
                   capture_output=True)
    text = (ROOT / ".gitattributes").read_text(encoding="utf-8") if attributes is None else attributes
    (clone / ".gitattributes").write_text(text, encoding="utf-8", newline="\n")
    for folder in EXACT:
        shutil.rmtree(clone / folder)
    _git(clone, "checkout", "--", *EXACT)
    return clone


def _converted(clone: Path) -> list[str]:
    """Files whose checked-out line endings differ from the committed ones (``git ls-files --eol``)."""
    changed = []
    for line in _git(clone, "ls-files", "--eol", "--", *EXACT).splitlines():
        index, worktree, *_ = line.split()
        if index.removeprefix("i/") != worktree.removeprefix("w/"):
            changed.append(line.split("\t")[-1])
    return changed


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _windows_clone(tmp_path_factory.mktemp("crlf"))


def test_a_windows_clone_keeps_raw_data_and_outputs_byte_for_byte(clone: Path) -> None:
    assert _git(clone, "config", "core.autocrlf").strip() == "true"
    assert _converted(clone) == []


def test_a_windows_clone_passes_the_checksums_and_schemas(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's first step (``[build] 1/4 validate data/raw``) in the clone."""
    monkeypatch.setenv("NLETS_PROJECT_ROOT", str(clone))
    assert sources.verify_checksums() == sorted(p.name for p in (clone / "data" / "raw").iterdir()
                                                if p.name != "SHA256SUMS")
    for load in (sources.load_sources, sources.load_disclosure_figures, sources.load_states,
                 sources.load_ice_access_events, sources.load_state_level_figures):
        assert len(load()) > 0


def test_without_the_attributes_a_windows_clone_fails_the_checksums(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``.gitattributes`` prevents: every raw file checked out with CRLF, so its checksum differs."""
    clone = _windows_clone(tmp_path, attributes="")
    assert "data/raw/states.csv" in _converted(clone)
    monkeypatch.setenv("NLETS_PROJECT_ROOT", str(clone))
    with pytest.raises(sources.RawDataError, match="states.csv: differs from its checksum"):
        sources.verify_checksums()
