"""Settings and fixtures shared by the tests and the notebooks under nbval (hence at the project root): the hypothesis
profiles, the order of tests over the workers, a scratch reports folder per worker for the notebooks, and the
synthetic events fixture. Expensive results shared by every worker are made by ``shared_runs.shared_result``."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

from analysis.findings import access_status

# Property tests: few examples in the edit loop (`make test-fast`), the full count in `make test`. Chosen with
# pytest's --hypothesis-profile; no test sets its own example count, so the profile alone decides. 50 keeps
# `make test` within its 6-minute budget on two cores (100 measured ~80 s more: the slowest properties run the
# whole cleaner or comparison per example).
settings.register_profile("fast", max_examples=10, deadline=None)
settings.register_profile("full", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, the notebooks under nbval (run with ``NLETS_REPORTS_DIR`` pointing at a scratch folder)
    export into a subfolder per worker, so that two notebooks running at once never share a manifest."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    reports = os.environ.get("NLETS_REPORTS_DIR")
    if worker and reports and Path(reports).name != worker:
        os.environ["NLETS_REPORTS_DIR"] = str(Path(reports) / worker)


@pytest.fixture()
def use_events(monkeypatch: pytest.MonkeyPatch):
    """Point the functions that read data/raw's events themselves (and take no ``events`` argument) at a synthetic
    table."""
    def use(events: pd.DataFrame) -> None:
        monkeypatch.setattr(access_status, "load_ice_access_events", lambda: events)
    return use


def _long(item: pytest.Item) -> bool:
    """Tests that take seconds rather than milliseconds: whole runs, browsers and property tests."""
    test = getattr(item, "obj", None)
    return (item.get_closest_marker("slow") is not None or item.get_closest_marker("browser") is not None
            or bool(getattr(test, "is_hypothesis_test", False)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files that hold long tests first, each file's tests kept together and in order (so module fixtures are made
    once), so that two workers never wait on one long test started last."""
    long_files = {item.path for item in items if _long(item)}
    items.sort(key=lambda item: item.path not in long_files)
