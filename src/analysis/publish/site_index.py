"""The reporters' page ``reports/index.html``: story kit, figures, citable numbers, tables and labels."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

from analysis.publish.caveats import PAGE_NOTE_EN
from analysis.publish.citable_numbers import CitableNumber, read_citable
from analysis.publish.data_as_of import DataAsOf, data_as_of
from analysis.publish.site_assets import HOUSE_CSS, PAGE_JS, templates
from analysis.publish.site_embeds import embed_snippet
from analysis.publish.site_shared import (
    KIND_ORDER,
    KIT_IDS,
    entry_files,
    esc,
    order_rows,
    picture_html,
    short_source,
    sources_table,
    state_choices,
)

KIND_MEANINGS = {
    "published": "as the source says it",
    "derived": "computed from published numbers",
    "modelled": "an estimate that rests on the assumption stated beside it",
    "synthetic": "made up for tests and demonstrations",
}
BOUND_MEANINGS = {
    "exact": "the number as published or computed exactly from published numbers",
    "at least": "a floor: the true number is this or higher (it rests on the published 'over 290 million'); "
                "printed rounded down, so it stays a floor",
    "at most": "a ceiling: the true number is this or lower (a share of a total that is itself a floor, or a "
               "modelled average whose assumption can only overstate it); printed rounded up, so it stays a "
               "ceiling",
    "approximate": "a rounded or approximate figure as published",
}


def _list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _sources_html(entry: dict) -> str:
    items = []
    for source in _list(entry.get("sources")):
        if isinstance(source, dict):
            sid = source.get("id") or source.get("source_id", "")
            items.append(f"<li><code>{esc(sid)}</code> {esc(source.get('citation', ''))}</li>")
        else:
            items.append(f"<li>{esc(source)}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>none</p>"


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _key_numbers_html(entry: dict) -> str:
    numbers = _list(entry.get("key_numbers"))
    if not numbers:
        return ""
    items = []
    for number in numbers:
        if isinstance(number, dict):
            label = number.get("label") or number.get("id", "")
            value = number.get("formatted") or number.get("value", "")
            if _DATE.fullmatch(str(value)):
                # A date is not "exact": its label says what it is (applied, reported by), the value its precision.
                precision = {10: "day", 7: "month", 4: "year"}[len(str(value))]
                extra = ", ".join([f"date to the {precision}", *([esc(number["kind"])] if number.get("kind") else [])])
            else:
                extra = ", ".join(esc(number[k]) for k in ("bound", "kind") if number.get(k))
            items.append(f"<li>{esc(label)}: <strong>{esc(value)}</strong>{f' ({extra})' if extra else ''}</li>")
        else:
            items.append(f"<li>{esc(number)}</li>")
    return "<dt>Key numbers</dt><dd><ul>" + "".join(items) + "</ul></dd>"


def _downloads_html(entry: dict) -> str:
    links = []
    for f in entry_files(entry):
        path = f["path"]
        label = Path(path).suffix.lstrip(".").upper() or path
        if f.get("role") == "portrait":
            label += " (phone)"
        links.append(f'<a href="{esc(path)}" download>{esc(label)}</a>')
    return '<p class="downloads">Download: ' + " ".join(links) + "</p>"


def _figure_html(entry: dict) -> str:
    img = picture_html(entry)
    kinds = ", ".join(f"{k} ({KIND_MEANINGS.get(k, '')})" for k in _list(entry.get("kinds")))
    note = entry.get("bounds_note") or ""
    return (
        f'<figure id="{esc(entry["name"])}">{img}<figcaption><h3>{esc(entry.get("title", entry["name"]))}</h3>'
        f'<dl class="meta"><dt>What it shows</dt><dd>{esc(entry.get("alt_text", ""))}</dd>'
        f"{_key_numbers_html(entry)}"
        f"{f'<dt>Bounds and caveats</dt><dd>{esc(note)}</dd>' if note else ''}"
        f"<dt>Kinds of numbers</dt><dd>{esc(kinds)}</dd>"
        f"<dt>Sources</dt><dd><details><summary>{len(_list(entry.get('sources')))} source(s): full citations"
        f"</summary>{_sources_html(entry)}</details></dd>"
        f"<dt>Made by</dt><dd>{esc(entry.get('notebook', ''))}</dd></dl>"
        f"{_downloads_html(entry)}"
        f'<details><summary>Embed this chart</summary><p>Paste where the chart should appear (host the '
        f'<code>reports/</code> folder with it): <a href="embed/{esc(entry["name"])}.html">preview</a></p>'
        f'<pre class="embed">{esc(embed_snippet(entry["name"]))}</pre></details></figcaption></figure>'
    )


def _table_html(entry: dict) -> str:
    kinds = ", ".join(_list(entry.get("kinds")))
    return (
        f'<li id="{esc(entry["name"])}"><strong>{esc(entry.get("title", entry["name"]))}</strong>: '
        f'{esc(entry.get("description", ""))} <em>Kinds: {esc(kinds)}.</em> {_downloads_html(entry)}'
        f"<details><summary>Sources</summary>{_sources_html(entry)}</details></li>"
    )


def _legend_html() -> str:
    kinds = "".join(f"<li><strong>{esc(k)}</strong>: {esc(v)}</li>" for k, v in KIND_MEANINGS.items())
    bounds = "".join(f"<li><strong>{esc(k)}</strong>: {esc(v)}</li>" for k, v in BOUND_MEANINGS.items())
    return f"<h3>Kinds of numbers</h3><ul>{kinds}</ul><h3>Bounds</h3><ul>{bounds}</ul>"


def _unknowns() -> list[str]:
    """What the disclosure did not publish, from the NOT FOUND rows of ``data/raw/disclosure_figures.csv``."""
    from analysis.sources.tables import load_disclosure_figures

    words = {
        "dmv_queries_via_nlets_per_state": "No per-state split: how often ICE or HSI queried any one state's records "
                                           "was not published.",
        "dmv_queries_via_nlets_by_cbp": "No count for U.S. Customs and Border Protection (CBP).",
        "dmv_queries_via_nlets_by_other_federal_agencies": "No counts for the FBI or other federal agencies.",
        "distinct_people_queried": "No count of people: the figures count queries, and one person can be queried "
                                   "many times.",
    }
    figures = load_disclosure_figures()
    missing = figures[figures["value"].isna() & figures["note"].fillna("").str.startswith("NOT FOUND")]
    items = [words[m] for m in missing["metric"] if m in words]
    return items + ["When Nlets said which four states it knew to block ICE: only its October 2025 data handover "
                    "is dated."]


def index_html(entries: list[dict], numbers: list[CitableNumber], notebooks: list[Path], as_of: DataAsOf) -> str:
    """``reports/index.html`` in memory, from the manifest ``entries`` and the citable ``numbers``: the story kit
    first (headline facts with copy buttons), then figures, the citable table (headline numbers first,
    filterable), tables, labels and notebook pages; dated by ``as_of``
    (:func:`analysis.publish.data_as_of.data_as_of`)."""
    entries = sorted(entries, key=lambda e: e["name"])
    figures = [e for e in entries if e.get("type") == "figure"]
    tables = [e for e in entries if e.get("type") == "table"]
    sources = sources_table()
    rows = order_rows(numbers)
    by_id = {r.id: r for r in rows}
    kit = []
    for id_ in KIT_IDS:
        if id_ not in by_id:
            continue
        r = by_id[id_]
        kit.append({
            "sentence": r.sentence, "kind": r.kind, "bound": r.bound,
            "short_source": short_source(list(r.source_ids), sources),
            "copy_text": f"{r.sentence} [{r.bound}, {r.kind}] Source: {r.citations}",
        })
    citable = [{
        **asdict(r), "notebook_name": Path(r.notebook).stem,
        "sources": [{"publisher": sources[i]["publisher"], "url": sources[i]["link"]}
                    for i in r.source_ids if i in sources],
    } for r in rows]
    return templates().get_template("index.html.j2").render(
        css=HOUSE_CSS, js=PAGE_JS, as_of=as_of, kit=kit, unknown=_unknowns(),
        caveat_note=PAGE_NOTE_EN,
        figures_html="".join(_figure_html(e) for e in figures),
        tables_html="".join(_table_html(e) for e in tables), legend_html=_legend_html(),
        citable=citable, notebooks_filter=sorted({r.notebook for r in rows}),
        kinds_filter=sorted({r.kind for r in rows}, key=lambda k: KIND_ORDER.get(k, 9)),
        notebook_pages=[nb.stem for nb in sorted(notebooks)],
        states=state_choices(),
    )


def render_index(reports: Path, notebooks: list[Path]) -> Path:
    """Write ``reports/index.html`` (:func:`index_html`) from ``reports/manifest.json`` and
    ``tables/citable_numbers.csv``."""
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    page = index_html(manifest["entries"], read_citable(reports), notebooks, data_as_of())
    out = reports / "index.html"
    out.write_text(page, encoding="utf-8")
    return out
