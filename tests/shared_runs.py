"""Expensive results (a command run, a notebook run) made once per test run and shared by every pytest-xdist
worker: the first worker to ask makes them under a file lock, the others wait and reuse them."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock


def _run_root(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every worker of this test run shares (the base folder itself without xdist)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_result(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> tuple[Path, object]:
    """Run ``make(folder)`` once per test run, whichever worker asks first, and give every worker its folder and the
    JSON-able value it returned. A file lock makes the others wait; a failure is re-raised for each of them."""
    folder = _run_root(factory) / f"shared-{name}"
    done, failed = folder.with_suffix(".json"), folder.with_suffix(".failed")
    with FileLock(str(folder.with_suffix(".lock"))):
        if failed.exists():
            pytest.fail(f"shared fixture {name} failed in another worker: {failed.read_text(encoding='utf-8')}")
        if not done.exists():
            folder.mkdir(parents=True, exist_ok=True)
            try:
                value = make(folder)
            except BaseException as exc:
                failed.write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
                raise
            done.write_text(json.dumps(value), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))
