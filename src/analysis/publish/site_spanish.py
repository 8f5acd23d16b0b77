"""The Spanish pages ``reports/es/index.html`` and ``reports/es/states/XX.html``: the English pages' templates and
values rendered with the Spanish catalog (:mod:`analysis.publish.i18n`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from analysis.publish.citable_numbers import CitableNumber, read_citable
from analysis.publish.data_as_of import DataAsOf
from analysis.publish.site_index import index_html
from analysis.publish.site_shared import printed_value
from analysis.publish.site_states import render_state_page, state_pages_data


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
    return printed_value(r.formatted_value, r.value, "es")


def spanish_index_html(numbers: list[CitableNumber], entries: list[dict], as_of: DataAsOf,
                       notebooks: Sequence[Path] = (), reports: Path | None = None) -> str:
    """``reports/es/index.html`` in memory: :func:`analysis.publish.site_index.index_html` in Spanish."""
    return index_html(entries, numbers, list(notebooks), as_of, lang="es", reports=reports)


def render_spanish(reports: Path, as_of: DataAsOf, notebooks: Sequence[Path] = ()) -> list[Path]:
    """Write ``reports/es/index.html`` (:func:`spanish_index_html`) and ``reports/es/states/XX.html`` from the same
    computed values as the English pages, dated ``as_of``, with ``lang="es"``."""
    folder = reports / "es"
    (folder / "states").mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    index.write_text(spanish_index_html(read_citable(reports), manifest["entries"], as_of, notebooks, reports),
                     encoding="utf-8", newline="\n")
    pages = [index]
    for record in state_pages_data(reports, spanish=True):
        out = folder / "states" / f"{record['s']['usps']}.html"
        out.write_text(render_state_page(record, as_of, in_spanish=True), encoding="utf-8", newline="\n")
        pages.append(out)
    return pages
