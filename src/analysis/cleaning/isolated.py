"""Read a workbook that cannot be checked before reading (.xls, .xlsb, .ods) in a separate process with a memory cap,
so that a hostile file ends that process, never the command: its crash becomes a one-line refusal naming the file.

An .xlsx is checked by :func:`analysis.cleaning.limits.check_workbook` before calamine lays it out; the binary and
OpenDocument formats keep their cell positions in records that would need a reader of their own, so calamine reads
them in a child process (``python -m analysis.cleaning.isolated FILE``) whose address space is capped at
``NLETS_MAX_BYTES`` plus 1 GB (on POSIX systems) and whose time is capped too. The child prints the sheets as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["needs_isolation", "read_isolated"]

_HEADROOM = 1 << 30  # the interpreter and calamine themselves, above the data limit


def needs_isolation(path: Path) -> bool:
    """Whether the workbook at ``path`` is one the pre-read check cannot bound: anything but a zip holding an .xlsx's
    XML worksheets (an OLE2 .xls, a binary .xlsb, an OpenDocument .ods)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return True
    return not any(n.startswith("xl/worksheets/") and n.endswith(".xml") for n in names)


def read_isolated(path: Path, error: Callable[[Path, str], Exception]) -> tuple[list[str], list[str], Callable]:
    """``(sheet names, hidden sheet names, loader)`` of the workbook at ``path``, read in a capped child process; a
    child that fails, crashes, runs out of memory or time raises ``error(path, one-line reason)``."""
    from analysis.cleaning.limits import max_bytes

    cap = max_bytes() + _HEADROOM
    seconds = 60 + 10 * (path.stat().st_size >> 20)  # a minute, and ten seconds more per MB
    package = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.fspath(package), os.environ.get("PYTHONPATH", "")]),
           "NLETS_CHILD_CAP": str(cap)}
    try:
        done = subprocess.run([sys.executable, "-m", "analysis.cleaning.isolated", os.fspath(path)],
                              capture_output=True, timeout=seconds, env=env, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise error(path, f"the workbook reader did not finish within {seconds} s (a damaged or hostile file; open "
                          "and re-save it as .xlsx in a spreadsheet program)") from None
    try:
        data = json.loads(done.stdout) if done.returncode == 0 else None
    except ValueError:
        data = None
    if data is None:
        raise error(path, _crash_reason(done.returncode, done.stderr.decode("utf-8", "replace"), cap)) from None
    if "error" in data:
        raise error(path, data["error"])
    sheets: dict[str, Any] = data["sheets"]

    def load(name: str) -> tuple[list[tuple[int, list[str | None]]], list[tuple[int, int, int]]]:
        sheet = sheets[name]
        rows = [(i + 1, row) for i, row in enumerate(sheet["rows"])]
        return rows, [tuple(m) for m in sheet["merged"]]  # type: ignore[misc]

    return list(data["names"]), list(data["hidden"]), load


def _crash_reason(code: int, stderr: str, cap: int) -> str:
    """One line saying how the child reader ended."""
    if "MemoryError" in stderr or "memory allocation" in stderr:
        how = (f"it needed more memory than it may use (at most {cap:,} bytes; raise NLETS_MAX_BYTES for a very "
               "large workbook)")
    elif code == -getattr(signal, "SIGKILL", 9):
        how = "it was killed (SIGKILL), most likely by the system for using too much memory"
    elif code < 0:
        try:
            how = f"it crashed ({signal.Signals(-code).name})"
        except ValueError:
            how = f"it crashed (signal {-code})"
    else:
        last = [line for line in stderr.strip().splitlines() if line.strip()]
        how = f"it stopped ({last[-1].strip()[:200]})" if last else f"it stopped (exit {code})"
    return (f"the workbook reader could not read this file: {how}; a damaged or hostile file (open and re-save it as "
            ".xlsx in a spreadsheet program)")


def _child(path: str) -> dict[str, Any]:
    """The sheets of the workbook at ``path`` as JSON-ready data (runs in the child process)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    from analysis.cleaning.formats import cell_text
    from analysis.cleaning.limits import max_cells

    try:
        book = CalamineWorkbook.from_path(path)
        sheets = [s for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]
    except Exception as exc:  # calamine raises its own types for damaged workbooks
        return {"error": f"cannot open the workbook ({type(exc).__name__}: {' '.join(str(exc).split())})"}
    out: dict[str, Any] = {"names": [s.name for s in sheets], "sheets": {},
                           "hidden": [s.name for s in sheets if s.visible != SheetVisibleEnum.Visible]}
    for meta in sheets:
        try:
            found = book.get_sheet_by_name(meta.name)
            if found.height * found.width > max_cells():
                return {"error": f"sheet {meta.name!r} spans {found.height:,} rows × {found.width:,} columns, more "
                                 f"than {max_cells():,} cells (the limit; raise it with NLETS_MAX_CELLS)"}
            values = found.to_python(skip_empty_area=False)
            merged = found.merged_cell_ranges or []
        except Exception as exc:
            return {"error": f"cannot read sheet {meta.name!r} ({type(exc).__name__}: {' '.join(str(exc).split())})"}
        out["sheets"][meta.name] = {
            "rows": [[cell_text(v) for v in row] for row in values],
            "merged": sorted((top + 1, bottom + 1, left) for (top, left), (bottom, _) in merged if bottom > top),
        }
    return out


def _cap_memory() -> None:
    """Cap this (child) process's address space at ``$NLETS_CHILD_CAP`` bytes where the system allows it."""
    try:
        import resource  # POSIX only; elsewhere the time cap still holds
    except ImportError:
        return
    cap = int(os.environ.get("NLETS_CHILD_CAP", "0") or 0)
    if cap > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = cap if hard == resource.RLIM_INFINITY else min(cap, hard)  # never above a cap set from outside
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


if __name__ == "__main__":
    _cap_memory()
    sys.stdout.write(json.dumps(_child(sys.argv[1]), ensure_ascii=True))
