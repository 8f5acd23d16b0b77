"""Debian's Chromium, headless and offline, for the browser tests: one place for its path, flags and profile."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
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


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served over http on 127.0.0.1 at a free port (its own origin), for as long as the block runs."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
