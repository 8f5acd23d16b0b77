"""Fixtures and settings shared by the test modules: the hypothesis profiles, one reports folder per test worker, and
the synthetic events fixture. Expensive results shared by every worker are made by ``shared_runs.shared_result``."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

from analysis.findings import access_status

# Property tests: few examples in the edit loop (`make test-fast`), hypothesis' full default in `make test`. Chosen
# with pytest's --hypothesis-profile; no test sets its own example count, so the profile alone decides.
settings.register_profile("fast", max_examples=10, deadline=None)
settings.register_profile("full", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, notebooks that export (nbval with ``NLETS_REPORTS_DIR``) get a reports folder per worker,
    so that two notebooks running at once never merge into one manifest."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    reports = os.environ.get("NLETS_REPORTS_DIR")
    if worker and reports and not reports.endswith(worker):
        os.environ["NLETS_REPORTS_DIR"] = str(Path(reports) / worker)


@pytest.fixture()
def use_events(monkeypatch: pytest.MonkeyPatch):
    """Point the functions that read data/raw's events themselves (and take no ``events`` argument) at a synthetic
    table."""
    def use(events: pd.DataFrame) -> None:
        monkeypatch.setattr(access_status, "load_ice_access_events", lambda: events)
    return use
