"""The reporters' site in ``reports/``: notebook pages, embeds, the index, the state pages and the Spanish pages.

Everything is offline: no scripts, fonts or styles from elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.publish.site_embeds import render_embeds
from analysis.publish.site_index import render_index
from analysis.publish.data_as_of import data_as_of
from analysis.publish.site_spanish import render_spanish
from analysis.publish.site_states import render_state_pages


def render_notebook(notebook: Path, out_dir: Path) -> Path:
    """Write one notebook as a static, offline HTML page (images embedded, no remote scripts)."""
    import nbformat  # the notebook stack loads only when a page is rendered
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", embed_images=True)
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.widget_renderer_url = ""
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{notebook.stem}.html"
    out.write_text(body, encoding="utf-8", newline="\n")
    return out


def uses_synthetic_data(notebook: Path) -> bool:
    """True for a notebook marked as running on synthetic data (metadata ``nlets_analysis.synthetic_data``): its
    outputs are demonstrations and are never published in ``reports/``."""
    metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return bool(metadata.get("nlets_analysis", {}).get("synthetic_data", False))


def build_site(reports: Path, notebooks: list[Path]) -> list[Path]:
    """Render the notebook pages (not those on synthetic data) and the index page; return the pages written."""
    published = [nb for nb in sorted(notebooks) if not uses_synthetic_data(nb)]
    pages = [render_notebook(nb, reports / "notebooks") for nb in published]
    pages += render_embeds(reports)
    pages.append(render_index(reports, published))
    as_of = data_as_of()
    pages += render_state_pages(reports, as_of)
    pages += render_spanish(reports, as_of, published)
    return pages
