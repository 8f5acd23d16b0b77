"""What the site's pages share: escaping, the figure ``<picture>``, the story kit's order, sources, the as-of date."""

from __future__ import annotations

import html
from collections.abc import Sequence

from analysis.publish.citable_numbers import CitableNumber


def esc(text: object) -> str:
    """``text`` escaped for HTML text and attribute values (``None`` as empty)."""
    return html.escape("" if text is None else str(text), quote=True)


def entry_files(entry: dict) -> list[dict]:
    """A manifest entry's files, by path."""
    return sorted(entry.get("files", []), key=lambda f: f["path"])


PHONE_MEDIA = "(max-width: 640px)"


def picture_html(entry: dict, prefix: str = "", alt: str | None = None) -> str:
    """A figure's ``<picture>``: the portrait PNG (large type) below 640 px, else the landscape PNG; ``prefix`` is
    the path from the page to ``reports/``, ``alt`` the alt text (default: the entry's English one).

    >>> picture_html({"files": [{"path": "figures/a.png", "role": "image"},
    ...     {"path": "figures/a-portrait.png", "role": "portrait"}], "alt_text": "A chart."})
    '<picture><source media="(max-width: 640px)" srcset="figures/a-portrait.png"><img src="figures/a.png" alt="A chart." loading="eager"></picture>'
    """
    files = entry_files(entry)
    png = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "image"), None)
    portrait = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "portrait"), None)
    if not png:
        return ""
    alt = entry.get("alt_text", "") if alt is None else alt
    source = f'<source media="{PHONE_MEDIA}" srcset="{esc(prefix + portrait)}">' if portrait else ""
    return f'<picture>{source}<img src="{esc(prefix + png)}" alt="{esc(alt)}" loading="eager"></picture>'


# The story kit: the citable ids of the headline facts, in the order a reporter reads them.
KIT_IDS = ["total-queries", "ice-queries", "hsi-queries", "agencies-with-access", "states-sharing-licence-photos",
           "states-nlets-knew-to-block-ice", "governors-sent-letters"]
KIND_ORDER = {"published": 0, "derived": 1, "modelled": 2, "synthetic": 3}


def sources_table() -> dict[str, dict[str, str]]:
    """``data/raw/sources.csv`` as text, by source id, with ``link``: the original's address, else the copy read's."""
    from analysis.sources.tables import address, load_sources

    frame = load_sources().fillna("")
    return {r["source_id"]: {**{k: str(v) for k, v in r.items()}, "link": address(r["url"], r["copy_url"])}
            for r in frame.to_dict("records")}


def short_source(ids: list[str], sources: dict[str, dict[str, str]]) -> str:
    """Publisher and publication date of each source, for a story-kit line."""
    return "; ".join(f"{sources[i]['publisher']}, {sources[i]['published'] or 'undated'}" for i in ids if i in sources)


def order_rows(rows: Sequence[CitableNumber]) -> list[CitableNumber]:
    """Headline numbers first (story-kit order), then published, derived and modelled ones, by id."""
    rank = {id_: i for i, id_ in enumerate(KIT_IDS)}
    return sorted(rows, key=lambda r: (rank.get(r.id, len(rank)), KIND_ORDER.get(r.kind, 9), r.id))


def state_choices() -> list[dict[str, str]]:
    """Every jurisdiction's code and name, by name, for the state picker."""
    from analysis.sources.tables import load_states

    return [{"usps": u, "name": n} for u, n in sorted(zip(load_states()["usps"], load_states()["name"]),
                                                        key=lambda x: x[1])]
