"""The output folder's lock: held while a run writes into the folder, so that a second run into the same folder is
refused in one line instead of mixing its files with the first run's; a lock left by a run that has ended is taken
over."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

__all__ = ["LOCK", "FolderInUse", "take_lock"]

LOCK = ".nlets-lock"  # held while a run writes into the folder: a second run is refused, not mixed in


class FolderInUse(OSError):
    """Another run holds the output folder's :data:`LOCK`."""


def take_lock(outdir: Path) -> Path:
    """Create ``outdir/.nlets-lock`` (atomically: ``O_CREAT | O_EXCL``) holding this process's id, or raise
    :class:`FolderInUse` naming the run that holds it. A lock left by a process that is no longer running (or whose
    process id now belongs to a process started after the lock) is taken over."""
    lock = outdir / LOCK
    for _attempt in range(2):
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _lock_holder(lock)
            if holder is not None and _stale(lock, holder):
                taken = lock.with_name(f"{LOCK}.stale-{os.getpid()}")
                try:
                    os.replace(lock, taken)
                    taken.unlink()
                except OSError:
                    pass
                continue
            who = f"process {holder}" if holder is not None else "another process"
            raise FolderInUse(errno.EBUSY, f"in use by another run ({who}, lock file {LOCK}); wait for it to end "
                              "or choose another -o folder", os.fspath(outdir)) from None
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        return lock
    raise FolderInUse(errno.EBUSY, f"in use by another run (lock file {LOCK})", os.fspath(outdir))


def _lock_holder(lock: Path) -> int | None:
    try:
        text = lock.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _stale(lock: Path, pid: int) -> bool:
    """Whether the process ``pid`` that wrote ``lock`` has ended: no such process, or the process of that id
    started after the lock was written (the id was reused). Where that cannot be told (Windows), never stale."""
    if pid == os.getpid() or sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # a process of another user: running
        return False
    try:
        started = os.stat(f"/proc/{pid}").st_mtime
    except OSError:
        return False
    return started > lock.stat().st_mtime + 1
