"""reports/index.html in a real headless Chromium: images load, downloads resolve, no errors, no network."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.paths import project_root

REPORTS = project_root() / "reports"
SCREENSHOT = project_root() / "tests" / "output" / "index-screenshot.png"
CHROMIUM_ARGS = [  # headless is set by playwright; the profile is a fresh --user-data-dir per run
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Debian's chromium is not installed and could not be installed here (make test tries apt-get)")
    return path


@pytest.mark.browser
def test_index_page_in_headless_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    console, requests, failed = [], [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 1600},
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto((REPORTS / "index.html").as_uri(), wait_until="load")
            images = page.evaluate(
                "Array.from(document.images).map(i => ({src: i.getAttribute('src'), w: i.naturalWidth, alt: i.alt}))"
            )
            hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()

    assert images, "the page shows figures"
    for image in images:
        assert image["w"] > 0, f"{image['src']} did not load"
        assert image["alt"].strip(), f"{image['src']} has no alt text"
    assert not [line for line in console if line.startswith(("error", "pageerror"))], console
    assert not failed, f"failed requests: {failed}"
    outside = [url for url in requests if not url.startswith("file://")]
    assert not outside, f"requests outside file://: {outside}"
    for href in hrefs:
        url = urlparse(href)
        assert url.scheme == "file", f"non-local link {href}"
        assert Path(unquote(url.path)).is_file(), f"download link {href} does not resolve"
    assert SCREENSHOT.stat().st_size > 10_000
