"""The notebooks open unmodified in JupyterLab with the project's kernel, and a notebook run by hand never writes the
committed ``reports/`` (only ``nlets-analysis build`` does)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _minor(info: dict) -> dict:
    """``language_info`` with its version cut to major.minor."""
    version = info.get("version")
    return {**info, "version": ".".join(version.split(".")[:2])} if isinstance(version, str) else info


@pytest.fixture(scope="module")
def kernel() -> dict:
    """What the project's kernel (``python3``, as ipykernel installs it) reports when JupyterLab connects."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    spec = KernelSpecManager().get_kernel_spec("python3")
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.kernel_info()
        reply = client.get_shell_msg(timeout=60)
        while reply["msg_type"] != "kernel_info_reply":
            reply = client.get_shell_msg(timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return {"language_info": reply["content"]["language_info"],
            "kernelspec": {"display_name": spec.display_name, "language": spec.language, "name": "python3"}}


@pytest.mark.slow  # starts a kernel (~2 s)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_opens_unmodified_with_the_projects_kernel(notebook: Path, kernel: dict) -> None:
    """JupyterLab writes the kernel's language_info and kernelspec into the notebook on opening: the committed
    metadata must already be what it writes (the Python version as the kernel reports it; the patch release may
    differ from the committing machine's)."""
    metadata = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
    assert metadata["kernelspec"] == kernel["kernelspec"]
    assert "version" in metadata["language_info"], "run the build: the committed notebook lacks the kernel's version"
    assert _minor(metadata["language_info"]) == _minor(kernel["language_info"])


def _notebook(folder: Path, version: str, text: str = "x") -> Path:
    folder.mkdir()
    path = folder / "01_x.ipynb"
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": text}],
          "metadata": {"language_info": {"name": "python", "version": version}}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8", newline="\n")
    return path


def test_build_check_ignores_only_the_patch_version(tmp_path: Path) -> None:
    a, b = _notebook(tmp_path / "a", "3.11.7"), _notebook(tmp_path / "b", "3.11.9")
    c, d = _notebook(tmp_path / "c", "3.12.1"), _notebook(tmp_path / "d", "3.11.7", text="y")
    assert build._same_notebook(a, b)
    assert not build._same_notebook(a, c)  # another minor release: the notebook would change on opening
    assert not build._same_notebook(a, d)  # any other difference counts


def test_the_build_keeps_the_kernels_python_version() -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python", "version": "3.11.7"},
                                            "papermill": {"x": 1}})
    build._scrub(nb)
    assert nb.metadata["language_info"]["version"] == "3.11.7"
    assert "papermill" not in nb.metadata


def test_only_a_named_reports_folder_takes_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    assert not paths.may_write_reports()  # the project's reports/, not named: a notebook run by hand
    with build._reports_named():  # what the build does while it runs
        assert os.environ["NLETS_REPORTS_DIR"] == os.fspath(paths.project_root() / "reports")
        assert paths.may_write_reports()
    assert "NLETS_REPORTS_DIR" not in os.environ


def test_an_export_outside_the_build_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.publish.export_checks import ExportError, check_kinds

    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    with pytest.raises(ExportError, match="written only by `nlets-analysis build`"):
        check_kinds(["published"])


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow  # executes a notebook up to its first export
def test_a_notebook_run_by_hand_never_writes_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a researcher would: a copy of notebook 01 elsewhere, executed with nbclient (what ``jupyter nbconvert
    --execute`` runs), nothing set in the environment."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    monkeypatch.delenv("NLETS_PROJECT_ROOT", raising=False)
    copy = tmp_path / "01_copy.ipynb"
    shutil.copyfile(ROOT / "notebooks" / "01_disclosure_breakdown.ipynb", copy)
    before = _snapshot(ROOT / "reports")
    nb = nbformat.read(copy, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError, match="written only by `nlets-analysis build`"):
        client.execute()
    assert _snapshot(ROOT / "reports") == before
