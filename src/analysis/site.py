"""The reporters' page: ``reports/index.html`` generated from ``reports/manifest.json``, and each notebook as a static
page in ``reports/notebooks/``. Everything is offline: no scripts, fonts or styles from elsewhere.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

KIND_MEANINGS = {
    "published": "as the source says it",
    "derived": "computed from published numbers",
    "modelled": "an estimate that rests on the assumption stated beside it",
    "synthetic": "made up for tests and demonstrations",
}
BOUND_MEANINGS = {
    "exact": "the number as published or computed exactly from published numbers",
    "at least": "a floor: the true number is this or higher (it rests on the published 'over 290 million')",
    "at most": "a ceiling: the true number is this or lower (a share of a total that is itself a floor, or a "
               "modelled average whose assumption can only overstate it)",
    "approximate": "a rounded or approximate figure as published",
}

_CSS = """
body{font-family:"DejaVu Sans",Verdana,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.4rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
figure{margin:1.5rem 0;padding:1rem;border:1px solid #ddd;border-radius:6px;background:#fafafa}
figure img{max-width:100%;height:auto;background:#fff}
figcaption h3{margin:.2rem 0 .4rem;font-size:1.15rem}
.meta{font-size:.9rem;color:#333}.meta dt{font-weight:bold;margin-top:.4rem}.meta dd{margin-left:1rem}
.downloads a{margin-right:.8rem}
table{border-collapse:collapse;font-size:.88rem;width:100%}th,td{border:1px solid #ccc;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#eef4fa}td.num{text-align:right;white-space:nowrap}
.note{background:#fff8e1;border-left:4px solid #E69F00;padding:.6rem .9rem}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _entry_files(entry: dict) -> list[dict]:
    return sorted(entry.get("files", []), key=lambda f: f["path"])


def _list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _sources_html(entry: dict) -> str:
    items = []
    for source in _list(entry.get("sources")):
        if isinstance(source, dict):
            sid = source.get("id") or source.get("source_id", "")
            items.append(f"<li><code>{_e(sid)}</code> {_e(source.get('citation', ''))}</li>")
        else:
            items.append(f"<li>{_e(source)}</li>")
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
                extra = ", ".join([f"date to the {precision}", *([_e(number["kind"])] if number.get("kind") else [])])
            else:
                extra = ", ".join(_e(number[k]) for k in ("bound", "kind") if number.get(k))
            items.append(f"<li>{_e(label)}: <strong>{_e(value)}</strong>{f' ({extra})' if extra else ''}</li>")
        else:
            items.append(f"<li>{_e(number)}</li>")
    return "<dt>Key numbers</dt><dd><ul>" + "".join(items) + "</ul></dd>"


def _downloads_html(entry: dict) -> str:
    links = []
    for f in _entry_files(entry):
        path = f["path"]
        label = Path(path).suffix.lstrip(".").upper() or path
        links.append(f'<a href="{_e(path)}" download>{_e(label)}</a>')
    return '<p class="downloads">Download: ' + " ".join(links) + "</p>"


def _figure_html(entry: dict) -> str:
    files = [f["path"] for f in _entry_files(entry)]
    png = next((p for p in files if p.endswith(".png")), None)
    img = f'<img src="{_e(png)}" alt="{_e(entry.get("alt_text", ""))}" loading="eager">' if png else ""
    kinds = ", ".join(f"{k} ({KIND_MEANINGS.get(k, '')})" for k in _list(entry.get("kinds")))
    note = entry.get("bounds_note") or ""
    return (
        f'<figure id="{_e(entry["name"])}">{img}<figcaption><h3>{_e(entry.get("title", entry["name"]))}</h3>'
        f'<dl class="meta"><dt>What it shows</dt><dd>{_e(entry.get("alt_text", ""))}</dd>'
        f"{_key_numbers_html(entry)}"
        f"{f'<dt>Bounds and caveats</dt><dd>{_e(note)}</dd>' if note else ''}"
        f"<dt>Kinds of numbers</dt><dd>{_e(kinds)}</dd>"
        f"<dt>Sources</dt><dd><details><summary>{len(_list(entry.get('sources')))} source(s): full citations"
        f"</summary>{_sources_html(entry)}</details></dd>"
        f"<dt>Made by</dt><dd>{_e(entry.get('notebook', ''))}</dd></dl>"
        f"{_downloads_html(entry)}</figcaption></figure>"
    )


def _table_html(entry: dict) -> str:
    kinds = ", ".join(_list(entry.get("kinds")))
    return (
        f'<li id="{_e(entry["name"])}"><strong>{_e(entry.get("title", entry["name"]))}</strong>: '
        f'{_e(entry.get("description", ""))} <em>Kinds: {_e(kinds)}.</em> {_downloads_html(entry)}'
        f"<details><summary>Sources</summary>{_sources_html(entry)}</details></li>"
    )


def _citable_html(reports: Path) -> str:
    path = reports / "tables" / "citable_numbers.csv"
    if not path.exists():
        return "<p>No citable numbers have been exported yet.</p>"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    wanted = [c for c in ("id", "formatted_value", "bound", "kind", "sentence", "source_ids") if rows and c in rows[0]]
    head = "".join(f"<th>{_e(c.replace('_', ' '))}</th>" for c in wanted)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if c == "formatted_value" else ""}>{_e(r[c])}</td>' for c in wanted) + "</tr>"
        for r in rows
    )
    return (
        '<p>Paste a sentence as it stands; it carries its bound. '
        '<a href="tables/citable_numbers.csv" download>Download as CSV</a>.</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _legend_html() -> str:
    kinds = "".join(f"<li><strong>{_e(k)}</strong>: {_e(v)}</li>" for k, v in KIND_MEANINGS.items())
    bounds = "".join(f"<li><strong>{_e(k)}</strong>: {_e(v)}</li>" for k, v in BOUND_MEANINGS.items())
    return f"<h3>Kinds of numbers</h3><ul>{kinds}</ul><h3>Bounds</h3><ul>{bounds}</ul>"


def render_notebook(notebook: Path, out_dir: Path) -> Path:
    """Write one notebook as a static, offline HTML page (images embedded, no remote scripts)."""
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.widget_renderer_url = ""
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{notebook.stem}.html"
    out.write_text(body, encoding="utf-8")
    return out


def render_index(reports: Path, notebooks: list[Path]) -> Path:
    """Write ``reports/index.html`` from ``reports/manifest.json``."""
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    entries = sorted(manifest["entries"], key=lambda e: e["name"])
    figures = [e for e in entries if e.get("type") == "figure"]
    tables = [e for e in entries if e.get("type") == "table"]
    nb_links = "".join(
        f'<li><a href="notebooks/{_e(nb.stem)}.html">{_e(nb.stem)}</a></li>' for nb in sorted(notebooks)
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nlets DMV queries: figures, tables and citable numbers</title><style>{_CSS}</style></head>
<body>
<h1>Nlets DMV queries: figures, tables and citable numbers</h1>
<p>Figures and numbers from the October 2025 Nlets disclosure to Congress and the states that block ICE, rebuilt
from sourced data. Every figure below comes with the numbers drawn (CSV), its sources, its alt text and the kinds
of numbers it uses.</p>
<p class="note">Counts are <strong>queries, not people</strong>: one person can be looked up many times. They count
requests made through Nlets, mostly by federal and out-of-state agencies (police do not generally use it for their
own state's records), not all DMV look-ups. Nlets published no per-state
split. The total was published only as "over 290 million", so shares of it are upper bounds.</p>
<h2>Figures</h2>
{"".join(_figure_html(e) for e in figures)}
<h2>Citable numbers</h2>
{_citable_html(reports)}
<h2>Tables</h2>
<ul>{"".join(_table_html(e) for e in tables)}</ul>
<h2>How to read the labels</h2>
{_legend_html()}
<h2>Notebooks</h2>
<p>The analyses behind every figure, as static pages:</p>
<ul>{nb_links}</ul>
<p>Machine-readable list of every file with its checksum: <a href="manifest.json">manifest.json</a>.</p>
</body></html>
"""
    out = reports / "index.html"
    out.write_text(page, encoding="utf-8")
    return out


def uses_synthetic_data(notebook: Path) -> bool:
    """True for a notebook marked as running on synthetic data (metadata ``nlets_analysis.synthetic_data``): its
    outputs are demonstrations and are never published in ``reports/``."""
    metadata = nbformat.read(notebook, as_version=4).metadata
    return bool(metadata.get("nlets_analysis", {}).get("synthetic_data", False))


def build_site(reports: Path, notebooks: list[Path]) -> list[Path]:
    """Render the notebook pages (not those on synthetic data) and the index page; return the pages written."""
    published = [nb for nb in sorted(notebooks) if not uses_synthetic_data(nb)]
    pages = [render_notebook(nb, reports / "notebooks") for nb in published]
    pages.append(render_index(reports, published))
    return pages
