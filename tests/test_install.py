"""The package as a researcher installs it: an sdist built from the checkout, a wheel built from that sdist, the wheel
installed into a fresh virtual environment, and the commands and the library run from an unrelated folder with no
checkout and no ``NLETS_PROJECT_ROOT``.

To stay fast the venv is made without pip and sees the test environment's packages through a ``.pth`` file (the
wheel itself is installed with ``--no-deps``). One venv also hides the notebook stack, as a core install
(``pip install nlets-analysis`` without the ``notebook`` extra) would.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from analysis.cli import NOTEBOOK_STACK

ROOT = Path(__file__).resolve().parents[1]
# What the sdist is built from: the files a clone has that the package's build reads.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "data/raw",
           "notebooks/02_blocking_states.ipynb")
FIXTURES = ROOT / "tests" / "fixtures"


def _copy_sources(target: Path) -> Path:
    import shutil

    for name in SOURCES:
        source, dest = ROOT / name, target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "_data"))
        else:
            shutil.copyfile(source, dest)
    return target


def _backend(hook: str, source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Run one PEP 517 hook of setuptools in ``source`` (no build isolation: no network)."""
    out.mkdir(parents=True, exist_ok=True)
    code = f"from setuptools import build_meta as b; print(b.{hook}({os.fspath(out)!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=source, env=_clean_env(), capture_output=True,
                          text=True, timeout=300)


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment with nothing pointing at the checkout."""
    drop = {"PYTHONPATH", "NLETS_PROJECT_ROOT", "NLETS_REPORTS_DIR", "VIRTUAL_ENV", "PYTHONHOME"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "PYTHONDONTWRITEBYTECODE": "1", **extra}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist built from a copy of the checkout's sources, and the wheel built from the unpacked sdist."""
    base = tmp_path_factory.mktemp("dist")
    source = _copy_sources(base / "checkout")
    done = _backend("build_sdist", source, base / "out")
    assert done.returncode == 0, done.stderr[-2000:]
    sdist = base / "out" / done.stdout.split()[-1]
    with tarfile.open(sdist) as archive:
        archive.extractall(base / "unpacked", filter="data")
    (unpacked,) = (base / "unpacked").iterdir()
    done = _backend("build_wheel", unpacked, base / "out")
    assert done.returncode == 0, done.stderr[-2000:]
    return {"sdist": sdist, "wheel": base / "out" / done.stdout.split()[-1]}


def _venv(folder: Path, wheel: Path, hide: tuple[str, ...] = ()) -> Path:
    """A venv at ``folder`` with ``wheel`` installed and the test environment's packages visible (minus ``hide``);
    its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", os.fspath(folder)], check=True)
    bindir = folder / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True, env=_clean_env()).stdout.strip()
    shared = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    lines = list(shared)
    if hide:  # an installed module the code must not reach: importing it fails, find_spec() returns None
        lines.append(f"import sys; sys.modules.update(dict.fromkeys({list(hide)!r}))")
    Path(purelib, "zz_test_environment.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                           "--disable-pip-version-check", os.fspath(wheel)],
                          capture_output=True, text=True, env=_clean_env())
    assert done.returncode == 0, done.stderr[-2000:]
    return bindir


@pytest.fixture(scope="module")
def core(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the wheel and the core only: the notebook stack is hidden."""
    return _venv(tmp_path_factory.mktemp("core") / "venv", dist["wheel"], hide=NOTEBOOK_STACK)


def _run(bindir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([os.fspath(bindir / "nlets-analysis"), *args], cwd=cwd, capture_output=True, text=True,
                          env=_clean_env(), timeout=600)


def _python(bindir: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([os.fspath(bindir / "python"), "-c", code], cwd=cwd, capture_output=True, text=True,
                          env=_clean_env(), timeout=600)


@pytest.mark.slow  # builds or uses the wheel
def test_wheel_ships_checked_copies_of_data_raw_and_notebook_02(dist: dict[str, Path]) -> None:
    raw = ROOT / "data" / "raw"
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        shipped = {n.removeprefix("analysis/_data/raw/"): wheel.read(n) for n in wheel.namelist()
                   if n.startswith("analysis/_data/raw/")}
        notebook = json.loads(wheel.read("analysis/_data/notebooks/02_blocking_states.ipynb"))
        names = wheel.namelist()
    assert shipped == {p.name: p.read_bytes() for p in raw.iterdir() if p.is_file()}
    for digest, name in (line.split() for line in (raw / "SHA256SUMS").read_text(encoding="utf-8").splitlines()):
        assert hashlib.sha256(shipped[name]).hexdigest() == digest
    committed = json.loads((ROOT / "notebooks" / "02_blocking_states.ipynb").read_text(encoding="utf-8"))
    assert [c["source"] for c in notebook["cells"]] == [c["source"] for c in committed["cells"]]
    assert not any(c.get("outputs") for c in notebook["cells"])  # shipped without its outputs
    assert "analysis/vocab/columns.csv" in names and "analysis/publish/templates/index.html.j2" in names
    with tarfile.open(dist["sdist"]) as sdist:
        members = {m.split("/", 1)[1] for m in sdist.getnames() if "/" in m}
    assert {"setup.py", "data/raw/SHA256SUMS", "data/raw/states.csv", "notebooks/02_blocking_states.ipynb"} <= members


@pytest.mark.slow  # builds or uses the wheel
def test_build_stops_on_a_raw_file_that_differs_from_its_checksum(tmp_path: Path) -> None:
    source = _copy_sources(tmp_path / "checkout")
    states = source / "data" / "raw" / "states.csv"
    states.write_bytes(states.read_bytes().replace(b"\n", b"\r\n"))  # what a CRLF checkout does to the file
    done = _backend("build_wheel", source, tmp_path / "out")
    assert done.returncode != 0
    assert "states.csv: differs from its checksum" in done.stderr + done.stdout


@pytest.mark.slow  # builds or uses the wheel
def test_installed_commands_run_from_any_folder_without_a_checkout(core: Path, tmp_path: Path) -> None:
    import shutil

    sys.path.insert(0, os.fspath(ROOT / "tests"))
    try:
        from querylog_logs import write_inputs
    finally:
        sys.path.remove(os.fspath(ROOT / "tests"))
    shutil.copyfile(FIXTURES / "synthetic_counts_messy.xlsx", tmp_path / "counts.xlsx")
    (log,) = write_inputs(tmp_path, "sorted")

    clean = _run(core, "clean", "counts.xlsx", "-o", "cleaned", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert (tmp_path / "cleaned" / "clean.csv").is_file()
    aggregated = _run(core, "aggregate-log", log.name, "-o", "log-out", cwd=tmp_path)
    assert aggregated.returncode == 0, aggregated.stderr
    assert (tmp_path / "log-out" / "audit.csv").is_file()
    template = _run(core, "template", "-o", "mine.csv", cwd=tmp_path)
    assert template.returncode == 0, template.stderr
    assert (tmp_path / "mine.csv").is_file()
    for done in (clean, aggregated, template):
        assert "Traceback" not in done.stderr


@pytest.mark.slow  # builds or uses the wheel
def test_installed_compare_runs_without_the_notebook_extra(core: Path, tmp_path: Path) -> None:
    sys.path.insert(0, os.fspath(ROOT / "tests"))
    try:
        from synthetic_compare import write_synthetic
    finally:
        sys.path.remove(os.fspath(ROOT / "tests"))
    counts = write_synthetic(tmp_path)
    done = _run(core, "compare", counts.name, "-o", "out", "--kind", "synthetic", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "notebook extra is not installed" in page
    assert not (tmp_path / "out" / "notebook").exists()
    assert (tmp_path / "out" / "tables").is_dir() and (tmp_path / "out" / "figures").is_dir()


@pytest.mark.slow  # builds or uses the wheel
def test_installed_library_reads_its_shipped_data(core: Path, tmp_path: Path) -> None:
    code = (
        "import sys, analysis\n"
        "from analysis.cleaning.read import read_counts\n"
        "from analysis.findings.own_rates import compare_own_counts\n"
        "from analysis.sources.tables import load_states, load_ice_access_events, verify_checksums\n"
        "from analysis.paths import checkout_root, raw_dir, notebooks_dir\n"
        "assert checkout_root() is None, checkout_root()\n"
        "assert 'site-packages' in analysis.__file__, analysis.__file__\n"
        "print(len(verify_checksums()), len(load_states()) > 50, len(load_ice_access_events()) > 0)\n"
        "print((notebooks_dir() / '02_blocking_states.ipynb').is_file())\n"
        f"counts = read_counts({os.fspath(FIXTURES / 'synthetic_per_state_counts.csv')!r})\n"
        "print(type(counts).__name__)\n"
        f"stack = {list(NOTEBOOK_STACK)!r}\n"
        "print(sorted(m for m in stack if sys.modules.get(m) is not None))\n"
    )
    done = _python(core, code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shipped = len([p for p in (ROOT / "data" / "raw").iterdir() if p.name != "SHA256SUMS"])
    assert done.stdout.splitlines() == [f"{shipped} True True", "True", "RawCounts", "[]"]


@pytest.mark.slow  # builds or uses the wheel
def test_installed_build_says_in_one_line_that_it_needs_the_project_folder(core: Path, tmp_path: Path) -> None:
    for args in (["build"], ["build", "--check"]):
        done = _run(core, *args, cwd=tmp_path)
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("nlets-analysis build: needs the project folder"), lines
        assert "NLETS_PROJECT_ROOT" in lines[0]


def test_every_make_target_has_a_python_equivalent_in_the_readme() -> None:
    """Users without make (Windows) find each target's commands in the README's table."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Without make (Windows)", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `make ([\w-]+)` \|", table, re.M)
    assert sorted(set(phony) - {"help", "browser"}) == sorted(documented)


def test_the_core_imports_nothing_of_the_notebook_stack() -> None:
    """The cleaning library, the findings, compare's page and figures, and every command's module load without the
    `notebook` extra."""
    modules = ["analysis", "analysis.cleaning.clean", "analysis.cleaning.querylog", "analysis.findings.own_rates",
               "analysis.publish.own_page", "analysis.publish.figures.own_counts", "analysis.pipeline.build",
               *(f"analysis.cli.{m}" for m in ("clean", "aggregate_log", "template", "compare", "build"))]
    code = (f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
            f"print(sorted(m for m in {list(NOTEBOOK_STACK)!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.fspath(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
