"""Fixtures shared by the test modules."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.findings import blocking as compare


@pytest.fixture()
def use_events(monkeypatch: pytest.MonkeyPatch):
    """Point the functions that read data/raw's events themselves (and take no ``events`` argument) at a synthetic
    table."""
    def use(events: pd.DataFrame) -> None:
        monkeypatch.setattr(compare, "load_ice_access_events", lambda: events)
    return use
