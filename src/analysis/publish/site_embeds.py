"""``reports/embed/<figure>.html`` and ``reports/es/embed/<figure>.html``: each chart alone with its credit line, in
English and in Spanish, and the ``<iframe>`` that embeds it."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.publish.citable_numbers import CitableNumber, read_citable
from analysis.publish.manifest import language_entries
from analysis.publish.share_cards import figure_card, meta_tags
from analysis.publish.site_assets import templates
from analysis.publish.site_shared import PHONE_MEDIA, sources_table


def render_embeds(reports: Path) -> list[Path]:
    """Write ``reports/embed/<figure>.html`` and, for each figure drawn in Spanish, ``reports/es/embed/<figure>.html``:
    the chart alone with its credit line, for an ``<iframe>``. Each page shows its language's chart (``../figures/``
    from its folder) and links to its language's index."""
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    figures = sorted((e for e in manifest["entries"] if e.get("type") == "figure"), key=lambda e: e["name"])
    rows, sources = read_citable(reports), sources_table()
    pages = _render(figures, reports / "embed", "en", rows, sources)
    spanish = [e for e in language_entries(figures, "es") if e.get("language") == "es"]
    return pages + (_render(spanish, reports / "es" / "embed", "es", rows, sources) if spanish else [])


def _render(entries: list[dict], folder: Path, lang: str, rows: list[CitableNumber],
            sources: dict[str, dict[str, str]]) -> list[Path]:
    """One embed page per figure entry in ``folder``, in ``lang``, with its share card's meta tags."""
    template = templates(lang).get_template("embed.html.j2")
    root = "../" if lang == "en" else "../../"
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for entry in entries:
        out = folder / f"{entry['name']}.html"
        portrait = any(f.get("role") == "portrait" and f["path"].endswith(".svg") for f in entry.get("files", []))
        card = figure_card(entry, rows, lang, sources)
        share = meta_tags(card, entry.get("title", entry["name"]), entry.get("alt_text", ""), root)
        out.write_text(template.render(share=share, name=entry["name"], title=entry.get("title", entry["name"]),
                                       alt=entry.get("alt_text", ""), portrait=portrait, media=PHONE_MEDIA),
                       encoding="utf-8", newline="\n")
        pages.append(out)
    return pages


def embed_snippet(name: str, height: int = 640) -> str:
    """The ``<iframe>`` a newsroom pastes to embed one figure (its page in ``reports/embed/``).

    >>> embed_snippet("fig02-ice-block-map", 700)
    '<iframe src="embed/fig02-ice-block-map.html" title="fig02-ice-block-map" width="100%" height="700" style="border:0" loading="lazy"></iframe>'
    """
    return (f'<iframe src="embed/{name}.html" title="{name}" width="100%" height="{height}" style="border:0" '
            'loading="lazy"></iframe>')
