"""``reports/states/XX.html``: one page per jurisdiction, and the records (in English or Spanish words) behind it."""

from __future__ import annotations

from pathlib import Path

from analysis.publish.citable_numbers import read_citable
from analysis.publish.site_assets import HOUSE_CSS, templates
from analysis.publish.site_shared import sources_table

_EVENT_WORDS = {
    "law_effective": "law took effect", "rule_effective": "rule took effect", "block_ordered": "block ordered",
    "block_applied": "block applied", "block_reported": "block reported", "block_in_progress": "block in progress",
    "named_by_nlets": "named by Nlets as blocking ICE", "reported_open": "reported open by the letters",
    "access_restored": "access restored", "not_a_dmv_block": "not a DMV block (context)",
    "state_system_cutoff": "cut off from a state system (not Nlets)",
}
_STATUS_WORDS = {
    "blocked": "blocked", "assumed blocked": "counted as blocking on an assumption", "blocked later": "not yet blocked",
    "in progress": "block in progress", "reported open": "open to ICE as reported", "unknown": "unknown",
    "no report": "no individual report",
}


def _status_text(row: dict) -> str:
    """A status in words with what it rests on, without saying the same words twice.

    >>> _status_text({"status": "blocked later", "basis": "not yet blocked: block applied later, on 2025-11-18"})
    'not yet blocked: block applied later, on 2025-11-18'
    >>> _status_text({"status": "assumed blocked", "basis": "assumed blocked: reported blocked by 2025-11-12"})
    'counted as blocking on an assumption (assumed blocked: reported blocked by 2025-11-12)'
    """
    words, basis = _STATUS_WORDS[row["status"]], str(row["basis"])
    return basis if basis.lower().startswith(words.split()[0]) and row["status"] != "assumed blocked" else (
        f"{words} ({basis})")


_STATUS_ES = {
    "blocked": "bloqueado ({meaning} el {date})",
    "assumed blocked": "contado como estado que bloquea, según un supuesto (bloqueo informado hasta el {date}; no se "
                       "ha publicado cuándo empezó)",
    "blocked later": "aún no bloqueado (el bloqueo se aplicó después, el {date})",
    "in progress": "bloqueo en curso, según lo informado el {date}",
    "reported open": "abierto a ICE, según lo informado el {date}",
    "unknown": "desconocido desde el {date} (último informe)",
    "no report": "sin informe individual",
}
_MEANING_ES = {"applied": "aplicado", "law effective": "ley en vigor", "rule effective": "norma en vigor",
               "ordered": "ordenado", "reported by": "informado hasta", "reported cut-off": "corte informado"}
_EVENT_ES = {
    "law_effective": "entró en vigor una ley", "rule_effective": "entró en vigor una norma",
    "block_ordered": "bloqueo ordenado", "block_applied": "bloqueo aplicado", "block_reported": "bloqueo informado",
    "block_in_progress": "bloqueo en curso", "named_by_nlets": "Nlets lo nombró entre los que bloquean a ICE",
    "reported_open": "las cartas lo señalaron abierto", "access_restored": "acceso restablecido",
    "not_a_dmv_block": "no es un bloqueo del DMV (contexto)",
    "state_system_cutoff": "corte de un sistema estatal (no Nlets)",
}


def _status_es(row: dict) -> str:
    """A jurisdiction's status in Spanish from its status, date and what the date means.

    >>> _status_es({"status": "blocked later", "date": "2025-11-18", "date_meaning": "applied"})
    'aún no bloqueado (el bloqueo se aplicó después, el 2025-11-18)'
    """
    meaning = _MEANING_ES.get(str(row.get("date_meaning")), "")
    return _STATUS_ES[row["status"]].format(date=row.get("date") or "", meaning=meaning)


def state_pages_data(reports: Path, spanish: bool = False) -> list[dict]:
    """One record per jurisdiction for its page: status at the end of the disclosure year and at the last report,
    every dated event with its source, licence policy, the letter, in-scope state-level figures and the citable
    sentences that name it."""
    from analysis.findings import access_status, block_history, comparison_basics
    from analysis.sources import ice_access
    from analysis.sources.tables import load_ice_access_events, load_state_level_figures, load_states

    states, events = load_states(), load_ice_access_events()
    sources = sources_table()
    end = comparison_basics.disclosure_period()[1]
    last = ice_access.last_report(events)
    last_text = str(events.loc[events["start"] == last, "date"].iloc[0])  # as written, with its precision
    at_end = access_status.ice_access_as_of(states, end, events).set_index("usps")
    at_last = access_status.ice_access_as_of(states, last, events).set_index("usps")
    table = block_history.access_events(states, events)
    figures = load_state_level_figures()
    in_scope = figures[figures["scope"].eq("in scope") & figures["value"].notna()]
    citable = read_citable(reports)
    records = []
    for st in states.fillna("").to_dict("records"):
        code = st["usps"]
        evs = []
        for e in table[table["usps"] == code].fillna("").to_dict("records"):
            src = sources.get(e["source_ids"], {})
            evs.append({**e, "event_words": _EVENT_WORDS.get(e["event"], e["event"]),
                        "event_es": _EVENT_ES.get(e["event"], e["event"]),
                        "meaning_es": _MEANING_ES.get(e["date_meaning"], e["date_meaning"]),
                        "confirmed_es": "confirmado" if e["confirmed"] == "confirmed" else "sin confirmar (fuente débil)",
                        "publisher": src.get("publisher", e["source_ids"]), "url": src.get("url", ""),
                        "tier": src.get("tier", "")})
        publisher = sources.get(st["dl_source_id"], {}).get("publisher", "")
        if st["dl_regardless_of_status"] == "yes":
            since = f" since {st['dl_since']} ({st['dl_since_meaning']})" if st["dl_since"] else ""
            licence = f"yes{since}; source: {publisher}."
            if spanish:
                desde = f" desde {st['dl_since']}" if st["dl_since"] else ""
                licence = f"sí{desde}; fuente: {publisher}."
        elif st["dl_regardless_of_status"] == "not listed":
            licence = ("no figura en la lista de NCSL de los estados que lo hacen (no es una conclusión legal)."
                       if spanish else "not on NCSL's list of states that do (not a legal finding).")
        else:
            licence = "no se investigó para esta jurisdicción." if spanish else "not researched for this jurisdiction."
        state_figures = [
            f"{r['metric'].replace('_', ' ')}: {int(r['value']):,} {r['unit']} ({r['qualifier']}), "
            f"{r['period_start'] or '?'} to {r['period_end'] or '?'}; published, "
            f"{sources.get(r['source_id'], {}).get('publisher', r['source_id'])}"
            for r in in_scope[in_scope["state"] == code].fillna("").to_dict("records")
        ]
        records.append({
            "s": {
                "usps": code, "name": st["name"], "period_end": f"{end:%Y-%m-%d}", "last_date": last_text,
                "status_end": (_status_es if spanish else _status_text)(at_end.loc[code].to_dict()),
                "status_now": (_status_es if spanish else _status_text)(at_last.loc[code].to_dict()),
                "population": f"{int(st['population']):,}", "population_vintage": st["population_vintage"],
                "population_date": f"{st['population_date']:%Y-%m-%d}", "territory": st["jurisdiction_type"] == "territory",
                "licence": licence,
                "letter": ("sí (según lo informado)." if spanish else "yes (as reported).")
                if st["governor_letter_2025_11_12"] else "no.",
            },
            "events": evs,
            "figures": state_figures,
            "citable": [r for r in citable if st["name"] in r.sentence],
        })
    return records


def render_state_pages(reports: Path, as_of: str) -> list[Path]:
    """Write ``reports/states/XX.html``, one page per jurisdiction, for local reporters to link."""
    template = templates().get_template("state.html.j2")
    folder = reports / "states"
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for record in state_pages_data(reports):
        out = folder / f"{record['s']['usps']}.html"
        out.write_text(template.render(css=HOUSE_CSS, as_of=as_of, **record), encoding="utf-8")
        pages.append(out)
    return pages
