"""The second December check of the ICE-access record (docs/fact-check.md, "Second December check"): each fix on the
rendered pages or tables in both languages, and the settlement's filing day checked against the weekday its reports
name."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from analysis.findings.access_now import status_then_and_now
from analysis.publish.data_as_of import data_as_of
from analysis.publish.site_states import render_state_page, state_pages_data
from analysis.sources.tables import load_ice_access_events, load_state_level_figures, load_states

REPORTS = Path(__file__).parents[1] / "reports"


@cache
def _page(code: str, spanish: bool) -> str:
    """One jurisdiction's page rendered in memory, its date spans unwrapped, tags dropped, spaces collapsed."""
    row = next(r for r in state_pages_data(REPORTS, spanish=spanish) if r["s"]["usps"] == code)
    page = re.sub(r'<span class="date">([^<]*)</span>', r"\1", render_state_page(row, data_as_of(), spanish))
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_virginia_licence_date_is_the_programme_start_its_source_prints() -> None:
    states = load_states().set_index("usps")
    assert (states.loc["VA", "dl_since"], states.loc["VA", "dl_since_meaning"]) == ("2021-01-02", "programme start")
    assert "2021-01-01" not in _page("VA", False) and "2021-01-01" not in _page("VA", True)
    assert "2021-01-02 (programme start)" in _page("VA", False)
    assert "2021-01-02 (inicio del programa)" in _page("VA", True)


def test_puerto_rico_licence_date_is_the_year_only() -> None:
    assert load_states().set_index("usps").loc["PR", "dl_since"] == "2014"
    for spanish in (False, True):
        page = _page("PR", spanish)
        assert "2014-08-07" not in page and "2014 (" in page


def test_s04_has_no_window_its_source_does_not_state() -> None:
    s04 = load_state_level_figures().set_index("figure_id").loc["S04"]
    assert s04["confidence"] == "medium"
    assert s04[["period_start", "period_end"]].isna().all()
    en, es = _page("WA", False), _page("WA", True)
    assert re.search(r"not ICE, ran the query: 8 cases \(exact\), period not stated", en), en
    assert re.search(r"no ICE: 8 casos \(cifra exacta\), periodo no indicado", es), es


def test_then_and_now_lists_later_reports_and_never_says_access_restored() -> None:
    table = status_then_and_now(load_states()).set_index("usps")
    assert table.loc["WA", "last_report"] == "2026-01-08"  # the report's date (third check)
    assert "2026-02 CBP access still open (Nlets)" in table.loc["WA", "later_reports"]
    assert table.loc["IL", "later_reports"].startswith("2026-01-13 block reported")
    assert table.loc["TX", "later_reports"] == ""
    assert not table["opening_events"].str.contains("access restored").any()
    assert table.loc["NY", "opening_events"].startswith("2020-07-23 limited exception (CBP")


def test_settlement_day_is_the_friday_its_reports_name() -> None:
    """The reports of Monday 1 and Tuesday 2 December 2025 say the settlement was filed 'Friday': 28 November, the
    day after Thanksgiving, and no later than the first report."""
    events = load_ice_access_events().set_index("event_id")
    for event_id in ("E51", "E52", "E53", "E54"):
        row = events.loc[event_id]
        day = dt.date.fromisoformat(row["date"])
        assert (row["date_meaning"], f"{day:%A}") == ("filed", "Friday")
        assert day < dt.date(2025, 12, 1) and "Friday" in row["note"]


def test_new_york_2020_is_never_access_restored_and_maryland_2021_stays_unconfirmed() -> None:
    events = load_ice_access_events().set_index("event_id")
    assert events.loc["E37", "agencies"] == "CBP" and "Trusted Traveler" in events.loc["E37", "note"]
    assert (events.loc["E66", "confidence"], events.loc["E66", "tier"]) == ("low", "weak")
    assert "access restored" not in _page("NY", False) and "acceso restablecido" not in _page("NY", True)
    md_en, md_es = _page("MD", False), _page("MD", True)
    assert "Unconfirmed (weak source)" in md_en[md_en.index("2021-12 (month)"):][:400]
    assert "Sin confirmar (fuente débil)" in md_es[md_es.index("2021-12 (mes)"):][:400]
