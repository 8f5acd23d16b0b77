"""The Spanish pages: ``reports/es/index.html`` and ``reports/es/states/XX.html``, from the English pages' values."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from analysis.publish.caveats import PAGE_NOTE_ES
from analysis.publish.citable_numbers import CitableNumber, read_citable
from analysis.publish.site_assets import HOUSE_CSS, PAGE_JS, templates
from analysis.publish.site_shared import KIT_IDS, order_rows, picture_html, short_source, sources_table, state_choices
from analysis.publish.site_states import state_pages_data

_UNKNOWN_ES = [
    "No hay cifras por estado: no se publicó con qué frecuencia ICE o HSI consultaron los registros de cada estado.",
    "No hay cifra para la Oficina de Aduanas y Protección Fronteriza (CBP).",
    "No hay cifras para el FBI ni para otras agencias federales.",
    "No hay cifra de personas: las cifras cuentan consultas, y una persona puede ser consultada muchas veces.",
    "Cuándo dijo Nlets qué cuatro estados sabía que bloquean a ICE: solo está fechada su entrega de datos de "
    "octubre de 2025.",
]


def _spanish_row(r: CitableNumber, sources: dict[str, dict[str, str]]) -> dict:
    """A citable row as the Spanish templates show it: its fields, bound and kind in Spanish, and its sources."""
    from analysis.publish.text import spanish as text_es

    return {**asdict(r), "bound_es": text_es.BOUNDS.get(r.bound, r.bound), "kind_es": text_es.KINDS.get(r.kind, r.kind),
            "sources": [{"publisher": sources[i]["publisher"], "url": sources[i]["url"]}
                        for i in r.source_ids if i in sources]}


def render_spanish(reports: Path, as_of: str) -> list[Path]:
    """Write ``reports/es/index.html`` (datos clave, cifras citables) and ``reports/es/states/XX.html`` from the same
    computed values as the English pages, through Spanish templates (``lang="es"``)."""
    from analysis.publish.text import spanish as text_es

    sources = sources_table()
    numbers = order_rows(read_citable(reports))
    rows = [_spanish_row(r, sources) for r in numbers]
    by_id = {r["id"]: r for r in rows}
    kit = []
    for r in numbers:
        if r.id in KIT_IDS:  # story-kit order: order_rows puts them first, in that order
            words = by_id[r.id]
            kit.append({"sentence": r.sentence_es, "kind": words["kind_es"], "bound": words["bound_es"],
                        "short_source": short_source(list(r.source_ids), sources),
                        "copy_text": f"{r.sentence_es} [{words['bound_es']}, {words['kind_es']}] "
                                     f"Fuente: {r.citations}"})
    names = text_es.state_names()
    states = sorted(({"usps": c["usps"], "name": names[c["usps"]]} for c in state_choices()), key=lambda x: x["name"])
    folder = reports / "es"
    (folder / "states").mkdir(parents=True, exist_ok=True)
    env = templates()
    index = folder / "index.html"
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    figures = [{"name": e["name"], "alt_es": e.get("alt_text_es", ""),
                "picture": picture_html(e, "../", e.get("alt_text_es", ""))}
               for e in sorted(manifest["entries"], key=lambda e: e["name"]) if e.get("type") == "figure"]
    index.write_text(env.get_template("index_es.html.j2").render(
        css=HOUSE_CSS, js=PAGE_JS, as_of=as_of, kit=kit, unknown=_UNKNOWN_ES, citable=rows, states=states,
        figures=figures, caveat_note=PAGE_NOTE_ES),
        encoding="utf-8")
    pages = [index]
    template = env.get_template("state_es.html.j2")
    for record in state_pages_data(reports, spanish=True):
        code = record["s"]["usps"]
        record["s"]["name"] = names[code]
        record["citable"] = [by_id[r.id] for r in record["citable"] if r.id in by_id]
        out = folder / "states" / f"{code}.html"
        out.write_text(template.render(css=HOUSE_CSS, as_of=as_of, **record), encoding="utf-8")
        pages.append(out)
    return pages
