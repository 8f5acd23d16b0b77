"""The state pages after the December 2026 fact-check: each page's own last report, the no-report wording, event
labels by kind, agency and source, and Spanish pages that say all the English pages say (findings 3, 5, 7, 9,
17-20, 27)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.publish.data_as_of import data_as_of
from analysis.publish.site_states import render_state_page, state_pages_data
from analysis.publish.text import event_labels, state_status
from analysis.sources import ice_access
from analysis.sources.tables import load_ice_access_events, load_states
from tests.synthetic_tables import tiny_states

REPORTS = Path(__file__).parents[1] / "reports"
AS_OF = data_as_of()
ISO = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


@cache
def _unwrapped(page: str) -> str:
    """A page without the spans that keep each date whole on a line (``<span class="date">``): the text read."""
    return re.sub(r'<span class="date">([^<]*)</span>', r"\1", page)


def _pages() -> dict[str, tuple[str, str]]:
    """Every jurisdiction's page (English, Spanish), rendered in memory, its dates unwrapped (:func:`_unwrapped`)."""
    en = {r["s"]["usps"]: _unwrapped(render_state_page(r, AS_OF)) for r in state_pages_data(REPORTS)}
    es = {r["s"]["usps"]: _unwrapped(render_state_page(r, AS_OF, True))
          for r in state_pages_data(REPORTS, spanish=True)}
    return {code: (en[code], es[code]) for code in en}


def _status_lines(page: str) -> list[str]:
    return [html.unescape(line) for line in re.findall(r'<p class="status">(.*?)</p>', page, flags=re.S)]


# --- finding 5: each jurisdiction's own last report --------------------------------------------------------------

def test_last_report_is_each_jurisdictions_own() -> None:
    """Each page's Nlets status is as of its own last report on the Nlets channel; its later reports on other
    channels or about other agencies are listed beside it and never date it (both languages)."""
    pages = _pages()
    expected = {"WA": "2026-01-08", "IL": "2025-11-12", "MA": "2025-11-12", "MN": "2025-11-12", "NY": "2025-11-12",
                "CA": "2025-11-12", "OR": "2025-11-12", "AR": "2025-11-12", "TX": "2025-11-12", "GU": "2025-11-12",
                "DE": "2025-11-15", "IA": "2025-12-02"}
    for code, date in expected.items():
        for html, as_of in zip(pages[code], ("as of", "al"), strict=True):
            now = _status_lines(html)[1]
            assert f"{as_of} {date} " in now, (code, now)
    # Washington's CBP items (2026-01-08, 2026-02) and Stateline's channel-less report (2026-01-13) are later reports
    # beside its Nlets status, never its date.
    en, es = (_status_lines(page)[1] for page in pages["WA"])
    assert "later reports on other channels or agencies, which do not date this status: " in en
    assert "2026-02 CBP access still open (Nlets)" in en and "as of 2026-02" not in en
    assert "informes posteriores sobre otros canales u otras agencias" in es
    assert "2026-02 acceso de CBP aún abierto (Nlets)" in es and "al 2026-02" not in es
    printing = [c for c, (en, es) in pages.items() if "2026-02" in " ".join(_status_lines(en) + _status_lines(es))]
    assert printing == ["WA"]
    en, es = (_status_lines(page)[1] for page in pages["IL"])
    assert en.startswith("blocked as of 2025-11-12") or "blocked as of 2025-11-12" in en
    assert "2026-01-13 block reported (ICE; driver's licence records (channel not stated))" in en
    assert "no later report on ICE's Nlets access is on record" in en and "as of 2026-01-13" not in en
    assert "bloqueado al 2025-11-12" in es and "2026-01-13 bloqueo informado (ICE; registros de licencias" in es
    assert "no hay ningún informe posterior documentado sobre el acceso de ICE a través de Nlets" in es
    assert "unknown since 2025-11-12 (last report)" not in _status_lines(pages["CA"][0])[1]


def test_delaware_is_open_and_under_review_not_blocked() -> None:
    en, es = (_status_lines(page)[1] for page in _pages()["DE"])
    assert "open to ICE and under review as of 2025-11-15" in en and "blocked" not in en.split(";")[0]
    assert "abierto a ICE y en revisión al 2025-11-15" in es and "bloqueado" not in es.split(";")[0]


def test_letters_name_their_senders() -> None:
    en, es = (_status_lines(page)[1] for page in _pages()["TX"])
    assert "letters of Sen. Ron Wyden, Rep. Adriano Espaillat and 38 other members of Congress named five" in en
    assert "del senador Ron Wyden, el representante Adriano Espaillat y otros 38 miembros del Congreso" in es


_KINDS = ("block_applied", "block_reported", "named_by_nlets", "block_in_progress", "reported_open", "law_effective",
          "rule_effective", "access_restored", "not_a_dmv_block", "state_system_cutoff", "block_ordered")
_MEANING = {"block_applied": "applied", "law_effective": "law effective", "rule_effective": "rule effective",
            "block_ordered": "ordered"}
_dates = st.builds(lambda y, m, d, p: f"{y}" if p == 0 else f"{y}-{m:02d}" if p == 1 else f"{y}-{m:02d}-{d:02d}",
                   st.integers(2019, 2027), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))
_rows = st.tuples(st.sampled_from(("AA", "BB", "CC", "DD")), st.sampled_from(_KINDS), _dates,
                  st.sampled_from(("ICE", "CBP", "ICE;CBP")),
                  st.sampled_from(("Nlets", "DMV records (all channels)", "direct DMV access", "CLETS")),
                  st.sampled_from(("press", "primary", "weak")), st.sampled_from(("high", "medium", "low")))


def _events(rows: list[tuple]) -> pd.DataFrame:
    """A generated events table with the columns of ``load_ice_access_events`` (SYNTHETIC)."""
    frame = pd.DataFrame(rows, columns=["jurisdiction", "event", "date", "agencies", "system", "tier", "confidence"])
    frame.insert(0, "event_id", [f"E{i:02d}" for i in range(len(frame))])
    return frame.assign(
        date_precision=frame["date"].str.len().map({4: "year", 7: "month", 10: "day"}),
        date_meaning=frame["event"].map(_MEANING).fillna("reported by"),
        source_id=[f"src-{i}" for i in range(len(frame))], note="",
        start=pd.to_datetime(frame["date"], format="ISO8601"))


@given(st.lists(_rows, max_size=12))
def test_status_line_cites_own_last_report_only(rows: list[tuple]) -> None:
    """Every jurisdiction's line is as of its own last report (own citable events and national statements), prints
    only its own dates as written (a YYYY-MM source is never printed as a day), and reads in both languages."""
    states, events = tiny_states(), _events(rows)
    lines = state_status.after_last_report(states, events)
    national = [s.date for s in state_status.NATIONAL_STATEMENTS]
    for code in states["usps"]:
        own = events[events["jurisdiction"].eq(code) & events["tier"].ne("weak")]
        nlets = own[own["system"].eq("Nlets") & own["agencies"].str.contains("ICE")]
        dates = list(own["date"]) + national
        latest = max(ice_access.period_end(d) for d in list(nlets["date"]) + national)
        report, en, es = lines[code]
        # Dated by its last report on the Nlets channel only: CBP's access, a statute, another system never date it.
        assert ice_access.period_end(report.date) == latest and report.date in list(nlets["date"]) + national
        assert f"as of {report.date} " in en and f"al {report.date} " in es
        assert f"after {report.date} its status is unknown" in en
        for line in (en, es):
            assert set(ISO.findall(line)) <= set(dates), (code, line)
        # Every own report on another channel dated after it is listed beside it, in both languages.
        others = own[~own.index.isin(nlets.index) & (own["start"] > latest)]
        for date in others["date"]:
            assert f"{date} " in en.split("which do not date this status: ", 1)[-1], (code, date, en)
            assert f"{date} " in es.split("que no fechan esta situación: ", 1)[-1], (code, date, es)


def test_own_last_report_ignores_weak_and_other_jurisdictions() -> None:
    events = _events([("AA", "block_applied", "2026-03", "ICE", "Nlets", "press", "high"),
                      ("AA", "block_reported", "2026-05-02", "ICE", "Nlets", "weak", "low"),
                      ("BB", "reported_open", "2027-01-01", "CBP", "Nlets", "press", "high")])
    last = state_status.own_last_reports(tiny_states(), events)
    # BB's only report is CBP's access: another agency, so its Nlets status is dated by the letters.
    assert (last["AA"].date, last["BB"].date, last["CC"].date) == ("2026-03", "2025-11-12", "2025-11-12")
    assert last["CC"].national and last["BB"].national and not last["AA"].national
    _, bb_en, bb_es = state_status.after_last_report(tiny_states(), events)["BB"]
    assert "as of 2025-11-12" in bb_en and "2027-01-01 CBP access still open (Nlets)" in bb_en
    assert "2027-01-01 acceso de CBP aún abierto (Nlets)" in bb_es
    _, en, _ = state_status.after_last_report(tiny_states(), events)["AA"]
    assert en.startswith("blocked as of 2026-03 (block applied in 2026-03)") and "2026-03-31" not in en


# --- finding 7: no state-specific report ---------------------------------------------------------------------------

def test_no_state_specific_report_wording() -> None:
    pages = _pages()
    without = [c for c, (en, _) in pages.items() if "<table" not in en.split("facts-h")[0]]
    # 28 before December 2026; Delaware (under review) and the four settlement states (FL, IN, IA, OH) now have
    # reports of their own.
    assert len(without) == 23 and "TX" in without and "AR" not in without
    assert not {"DE", "FL", "IN", "IA", "OH"} & set(without)
    for code in without:
        en, es = pages[code]
        assert "No state-specific report" in en and "named five states (IL, NY, MA, MN, WA) as having blocked ICE" in en
        assert "ningún informe específico" in es and "nombraron cinco estados (IL, NY, MA, MN y WA)" in es
        assert "either way" not in en and "en ningún sentido" not in es


# --- findings 3 and 9: labels by kind, agency and source ----------------------------------------------------------

def test_washington_cbp_item_is_not_the_letters() -> None:
    en, es = _pages()["WA"]
    assert "reported open by the letters" not in en and "las cartas lo señalaron abierto" not in es
    assert "CBP access still open (reported by Northwest Asian Weekly" in en and ", 2026-02)" in en
    assert "acceso de CBP aún abierto (según Northwest Asian Weekly" in es
    assert "reported open by the letters" in _pages()["CA"][0]


def test_new_york_2020_is_a_limited_exception() -> None:
    en, es = _pages()["NY"]
    assert "access restored" not in en and "acceso restablecido" not in es
    assert "limited exception for CBP (Trusted Traveler vetting, vehicle import/export)" in en
    assert "excepción limitada para CBP" in es


# --- findings 17-20 and 27: Spanish says what the English says ----------------------------------------------------

def test_every_note_has_its_spanish() -> None:
    events = load_ice_access_events()
    missing = [e for e, n in zip(events["event_id"], events["note"].fillna(""), strict=True)
               if event_labels.note_es(e, n) is None]
    assert missing == []
    assert event_labels.note_es("E35", "An English note that changed.") is None


def test_spanish_pages_have_every_row_note_and_qualifier() -> None:
    for code, (en, es) in _pages().items():
        assert en.count("<tr>") == es.count("<tr>") and en.count("<small>") == es.count("<small>"), code
        for line_en, line_es in zip(_status_lines(en), _status_lines(es), strict=True):
            for mark in "(;":
                assert line_en.count(mark) == line_es.count(mark), (code, line_es)
        facts_en = re.findall(r"<li>(Residents|Driver's).*?</li>", en)
        facts_es = re.findall(r"<li>(Residentes|Licencias).*?</li>", es)
        assert len(facts_en) == len(facts_es) == 2


def test_spanish_wording_of_qualifiers_and_systems() -> None:
    pages = _pages()
    ny = pages["NY"][1]
    assert "no un bloqueo documentado en Nlets" in ny and "ley en vigor desde el 2019-12-14" in ny
    assert "registros del DMV (todos los canales)" in ny and "acceso directo al DMV" in ny
    assert "No es la fecha de un bloqueo en Nlets" in pages["MA"][1]
    assert "lectores de matrículas y privacidad de datos" in pages["AR"][1]
    assert "sin informe individual" not in " ".join(_status_lines(pages["AR"][1]))
    assert "En el último informe documentado" not in ny and "Según su último informe documentado" in ny
    assert "(ley firmada)" in pages["NM"][1] and "(primera licencia)" in pages["WA"][1]
    assert "(inicio del programa)" in pages["DE"][1]
    assert "estimación Vintage 2025 del Census PEP" in ny
    assert "recuento del censo de las Áreas Insulares 2020" in pages["GU"][1]
    assert "driving-privilege cards" in pages["UT"][0] and "tarjetas de privilegio de conducir" in pages["UT"][1]


def test_every_status_basis_on_record_reads_in_spanish() -> None:
    states, events = load_states(), load_ice_access_events()
    for day in ("2019-01-01", "2025-09-30", "2025-11-12", "2025-11-19", "2026-06-01"):
        for basis in ice_access.status_on(states, events, day)["basis"]:
            assert not re.search(r"\b(blocked|reported|report)\b", state_status.basis_es(basis))


# --- finding 6: a report that is not a block says nothing of an earlier day -------------------------------------------


def test_oregon_page_dates_in_progress_only_from_the_letters() -> None:
    en, es = (_status_lines(page) for page in _pages()["OR"])
    assert en[0].endswith("(last day of the disclosure year): no report before 2025-11-12, when a block in "
                          "progress was reported.")
    assert es[0].endswith("(último día del año de la divulgación): ningún informe antes del 2025-11-12, cuando se "
                          "informó un bloqueo en curso.")
    assert "block in progress as of 2025-11-12" in en[1] and "bloqueo en curso al 2025-11-12" in es[1]
