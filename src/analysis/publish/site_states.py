"""``reports/states/XX.html``: one page per jurisdiction, and the records (in English or Spanish words) behind it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis.publish.citable_numbers import read_citable
from analysis.publish.site_assets import HOUSE_CSS, templates
from analysis.publish.site_shared import sources_table
from analysis.publish.text.event_labels import (
    LICENCE_MEANINGS_ES,
    MEANINGS_ES,
    PRECISION_ES,
    SYSTEMS_ES,
    TIERS_ES,
    VINTAGES_ES,
    event_label,
    note_es,
)
from analysis.publish.text.event_labels import spanish as to_spanish
from analysis.publish.text.figure_labels import figure_line
from analysis.publish.text.state_status import after_last_report, date_words_es, no_state_report, status_text
from analysis.sources import ice_access

if TYPE_CHECKING:
    from analysis.publish.data_as_of import DataAsOf


def _event_record(e: dict, src: dict[str, str]) -> dict:
    """One event row with its words in both languages; an English note without its Spanish raises."""
    publisher = src.get("publisher", e["source_ids"])
    label_en, label_es = event_label(e, publisher)
    note = note_es(e["event_id"], e["note"])
    if note is None:
        raise KeyError(f"event {e['event_id']}: no Spanish for its note (add it to text/event_labels.py)")
    written = e["date"]
    words = ice_access.date_text(written, e.get("month_part") or None)
    return {**e, "date": words, "date_es": date_words_es(words), "date_as_written": written,
            "event_words": label_en, "event_es": label_es, "note_es": note,
            "meaning_es": to_spanish(MEANINGS_ES, e["date_meaning"]),
            "precision_es": to_spanish(PRECISION_ES, e["date_precision"]),
            "system_es": to_spanish(SYSTEMS_ES, e["system"]), "tier_es": to_spanish(TIERS_ES, src.get("tier", "")),
            "confirmed_es": "confirmado" if e["confirmed"] == "confirmed" else "sin confirmar (fuente débil)",
            "publisher": publisher, "url": src.get("link", ""), "tier": src.get("tier", "")}


def _licence(st: dict, publisher: str, in_spanish: bool) -> str:
    """Whether the jurisdiction licenses drivers (or issues driving-privilege cards) regardless of status."""
    if st["dl_regardless_of_status"] == "yes":
        if in_spanish:
            meaning = to_spanish(LICENCE_MEANINGS_ES, st["dl_since_meaning"])
            desde = f" desde {st['dl_since']}" + (f" ({meaning})" if meaning else "") if st["dl_since"] else ""
            return f"sí{desde}; fuente: {publisher}."
        since = f" since {st['dl_since']}" + (f" ({st['dl_since_meaning']})" if st["dl_since_meaning"] else "")
        return f"yes{since if st['dl_since'] else ''}; source: {publisher}."
    if st["dl_regardless_of_status"] == "not listed":
        return ("no figura en la lista de NCSL de los estados que lo hacen (no es una conclusión legal)."
                if in_spanish else "not on NCSL's list of states that do (not a legal finding).")
    return "no se investigó para esta jurisdicción." if in_spanish else "not researched for this jurisdiction."


def state_pages_data(reports: Path, spanish: bool = False) -> list[dict]:
    """One record per jurisdiction for its page: status at the end of the disclosure year and as of its own last
    report, every dated event with its source, licence policy, the letter, in-scope state-level figures and the
    citable sentences that name it."""
    from analysis.findings import access_status, block_history, comparison_basics
    from analysis.sources.tables import load_ice_access_events, load_state_level_figures, load_states

    states, events = load_states(), load_ice_access_events()
    sources = sources_table()
    end = comparison_basics.disclosure_period()[1]
    at_end = access_status.ice_access_as_of(states, end, events).set_index("usps")
    at_last = after_last_report(states, events)
    table = block_history.access_events(states, events)
    from analysis.findings.state_figures import state_figures_scope

    figures = state_figures_scope(load_state_level_figures(), used=load_state_level_figures().iloc[:0])
    # A figure resting only on a weak source stays in the scope table, marked, and is not printed here.
    in_scope = figures[figures["scope"].eq("in scope") & figures["value"].notna()
                       & figures["confirmed"].eq("confirmed")]
    citable = read_citable(reports)
    records = []
    for st in states.fillna("").to_dict("records"):
        code = st["usps"]
        evs = [_event_record(e, sources.get(e["source_ids"], {}))
               for e in table[table["usps"] == code].fillna("").to_dict("records")]
        publisher = sources.get(st["dl_source_id"], {}).get("publisher", "")
        state_figures = [
            figure_line(r, sources.get(r["source_ids"], {}).get("publisher", r["source_ids"]), spanish)
            for r in in_scope[in_scope["state"] == code].fillna("").to_dict("records")
        ]
        report, now_en, now_es = at_last[code]
        records.append({
            "s": {
                "usps": code, "name": st["name"], "period_end": f"{end:%Y-%m-%d}", "last_date": report.date,
                "last_source": sources.get(report.source_id, {}).get("publisher", report.source_id),
                "last_national": report.national,
                "status_end": status_text(at_end.loc[code].to_dict(), spanish),
                "status_now": now_es if spanish else now_en,
                "no_state_report": no_state_report(spanish),
                "population": f"{int(st['population']):,}",
                "population_vintage": (to_spanish(VINTAGES_ES, st["population_vintage"]) if spanish
                                       else st["population_vintage"]),
                "population_date": f"{st['population_date']:%Y-%m-%d}",
                "territory": st["jurisdiction_type"] == "territory",
                "licence": _licence(st, publisher, spanish),
                "letter": ("sí (según lo informado)." if spanish else "yes (as reported).")
                if st["governor_letter_2025_11_12"] else "no.",
            },
            "events": evs,
            "figures": state_figures,
            "citable": [r for r in citable if st["name"] in r.sentence],
        })
    return records


def render_state_page(record: dict, as_of: DataAsOf, in_spanish: bool = False) -> str:
    """One state page as HTML, in English or (with a record from ``state_pages_data(..., spanish=True)``) Spanish."""
    name = "state_es.html.j2" if in_spanish else "state.html.j2"
    return templates().get_template(name).render(css=HOUSE_CSS, as_of=as_of, **record)


def render_state_pages(reports: Path, as_of: DataAsOf) -> list[Path]:
    """Write ``reports/states/XX.html``, one page per jurisdiction, for local reporters to link."""
    folder = reports / "states"
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for record in state_pages_data(reports):
        out = folder / f"{record['s']['usps']}.html"
        out.write_text(render_state_page(record, as_of), encoding="utf-8")
        pages.append(out)
    return pages
