"""The Spanish pages: ``reports/es/index.html`` and ``reports/es/states/XX.html``, from the English pages' values."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

from analysis.publish.caveats import PAGE_NOTE_ES
from analysis.publish.citable_numbers import CitableNumber, read_citable
from analysis.publish.data_as_of import DataAsOf, data_as_of
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
            "sources": [{"publisher": sources[i]["publisher"], "url": sources[i]["link"]}
                        for i in r.source_ids if i in sources]}


_NUMBER_WORDS_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_MILLION = re.compile(r"(\d[\d,]*) million")
_ONE_IN = re.compile(r"1 in (\d[\d,]*)")


def cifra(r: CitableNumber) -> str:
    """A citable row's printed value in Spanish, from the same number: "290 million" → "290 millones", "four" →
    "cuatro", "1 in 479" → "1 de cada 479"; digits, percentages and dates as printed (es-US writes them alike).

    >>> row = CitableNumber(id="x", value=290_000_000, formatted_value="290 million", bound="at least",
    ...                     kind="published", sentence="s", sentence_es="s", source_ids="a")
    >>> from dataclasses import replace
    >>> [cifra(replace(row, value=v, formatted_value=f)) for v, f in ((290_000_000, "290 million"), (4, "four"),
    ...  (0.002, "1 in 479"), (0.001, "0.101%"), (292114, "292,114"), ("2025-11-18", "2025-11-18"))]
    ['290 millones', 'cuatro', '1 de cada 479', '0.101%', '292,114', '2025-11-18']
    """
    from analysis.publish.text import spanish as text_es

    printed = r.formatted_value.strip()
    if (m := _MILLION.fullmatch(printed)):
        return f"{m.group(1)} {'millón' if m.group(1) == '1' else 'millones'}"
    if printed in _NUMBER_WORDS_EN and isinstance(r.value, int) and _NUMBER_WORDS_EN[r.value] == printed:
        return text_es.numero(r.value)
    if (m := _ONE_IN.fullmatch(printed)):
        return f"1 de cada {m.group(1)}"
    return printed


def spanish_index_html(numbers: list[CitableNumber], entries: list[dict], as_of: DataAsOf) -> str:
    """``reports/es/index.html`` in memory: the story kit, figures (Spanish alt text) and citable numbers (each
    value printed in Spanish by :func:`cifra`) of ``numbers`` and the manifest ``entries``, and the data-as-of
    line of :func:`analysis.publish.data_as_of.data_as_of`."""
    from analysis.publish.text import spanish as text_es

    sources = sources_table()
    numbers = order_rows(numbers)
    rows = [{**_spanish_row(r, sources), "cifra": cifra(r)} for r in numbers]
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
    figures = [{"name": e["name"], "alt_es": e.get("alt_text_es", ""),
                "picture": picture_html(e, "../", e.get("alt_text_es", ""))}
               for e in sorted(entries, key=lambda e: e["name"]) if e.get("type") == "figure"]
    return templates().get_template("index_es.html.j2").render(
        css=HOUSE_CSS, js=PAGE_JS, as_of=as_of, kit=kit, unknown=_UNKNOWN_ES, citable=rows, states=states,
        figures=figures, caveat_note=PAGE_NOTE_ES)


def render_spanish(reports: Path, as_of: DataAsOf) -> list[Path]:
    """Write ``reports/es/index.html`` (:func:`spanish_index_html`, dated by
    :func:`analysis.publish.data_as_of.data_as_of`) and ``reports/es/states/XX.html`` (dated ``as_of``) from the
    same computed values as the English pages, through Spanish templates (``lang="es"``)."""
    from analysis.publish.text import spanish as text_es

    sources = sources_table()
    numbers = read_citable(reports)
    by_id = {r.id: _spanish_row(r, sources) for r in numbers}
    folder = reports / "es"
    (folder / "states").mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    index.write_text(spanish_index_html(numbers, manifest["entries"], as_of), encoding="utf-8")
    pages = [index]
    names = text_es.state_names()
    template = templates().get_template("state_es.html.j2")
    for record in state_pages_data(reports, spanish=True):
        code = record["s"]["usps"]
        record["s"]["name"] = names[code]
        record["citable"] = [by_id[r.id] for r in record["citable"] if r.id in by_id]
        out = folder / "states" / f"{code}.html"
        out.write_text(template.render(css=HOUSE_CSS, as_of=as_of, **record), encoding="utf-8")
        pages.append(out)
    return pages
