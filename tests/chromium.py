"""Debian's Chromium, headless and offline, for the browser tests: one place for its path, flags and profile."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [  # headless is set by playwright; the profile is a fresh --user-data-dir per run
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Debian's chromium is not installed and could not be installed here (make test tries apt-get)")
    return path


@contextmanager
def browser_context(playwright: Any, profile: Path, **options: Any) -> Iterator[Any]:
    """A persistent Chromium context on a fresh ``profile`` folder (``options``: viewport, permissions, ...),
    closed afterwards."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS, **options)
    try:
        yield context
    finally:
        context.close()
