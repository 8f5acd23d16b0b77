"""reports/index.html: generated from the manifest, offline, every figure with alt text, every link a real file."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.paths import project_root
from analysis.publish.site import uses_synthetic_data

REPORTS = project_root() / "reports"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str]] = []
        self.links: list[str] = []
        self.scripts = 0
        self.remote_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "img":
            self.images.append(a)
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "script":
            self.scripts += 1
            self.remote_scripts += "src" in a


@pytest.fixture(scope="module")
def page() -> _Collector:
    collector = _Collector()
    collector.feed((REPORTS / "index.html").read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def manifest() -> list[dict]:
    return json.loads((REPORTS / "manifest.json").read_text())["entries"]


def test_every_figure_is_shown_with_its_alt_text(page, manifest):
    figures = [e for e in manifest if e["type"] == "figure"]
    assert figures
    alts = {img["alt"] for img in page.images}
    for entry in figures:
        assert entry["alt_text"].strip(), f"{entry['name']} has no alt text"
        assert entry["alt_text"] in alts, f"{entry['name']}: alt text not on its image"


def test_every_link_and_image_is_a_local_file_or_a_source(page):
    """Images and downloads are local files; the only outside links are sources' own addresses (a reader follows
    them; the page never loads them)."""
    from analysis.sources.tables import address, load_sources

    sources = load_sources()
    source_urls = {address(u, c) for u, c in zip(sources["url"], sources["copy_url"], strict=True)}
    targets = [img["src"] for img in page.images] + page.links
    assert targets
    for target in targets:
        if target.startswith("#"):
            continue
        if re.match(r"^https?:", target):
            assert target in source_urls and target not in [img["src"] for img in page.images], target
            continue
        assert not re.match(r"^[a-z]+:", target), f"non-local link {target}"
        assert (REPORTS / target).is_file(), f"{target} does not exist"


def test_page_is_offline(page):
    text = (REPORTS / "index.html").read_text(encoding="utf-8")
    assert page.remote_scripts == 0 and page.scripts <= 1, "one inline script (copy buttons, filters), none loaded"
    assert not re.search(r"""src=["']?(https?:)?//""", text)
    assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", text)


def test_every_figure_file_is_offered_for_download(page, manifest):
    for entry in (e for e in manifest if e["type"] == "figure"):
        suffixes = {Path(f["path"]).suffix for f in entry["files"]}
        assert {".png", ".svg", ".pdf", ".csv"} <= suffixes
        for f in entry["files"]:
            assert f["path"] in page.links


def test_page_spells_out_kinds_bounds_and_sources(manifest):
    text = html.unescape((REPORTS / "index.html").read_text(encoding="utf-8"))
    for word in ("published", "derived", "at least", "at most", "queries, not people"):
        assert word in text
    for entry in manifest:
        for source in entry["sources"]:
            assert source["citation"] in text


def test_notebook_pages_exist_and_are_offline():
    pages = sorted((REPORTS / "notebooks").glob("*.html"))
    notebooks = sorted((project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    published = [nb.stem for nb in notebooks if not uses_synthetic_data(nb)]
    assert published and [p.stem for p in pages] == published
    for p in pages:
        assert not re.search(r"""<script[^>]+src=["']?https?://""", p.read_text(encoding="utf-8")), p.name


def test_notebooks_on_synthetic_data_are_not_published():
    walkthrough = project_root() / "notebooks" / "03_cleaning_walkthrough.ipynb"
    assert uses_synthetic_data(walkthrough)
    assert not (REPORTS / "notebooks" / f"{walkthrough.stem}.html").exists()
    assert walkthrough.stem not in (REPORTS / "index.html").read_text(encoding="utf-8")


def test_a_page_per_jurisdiction_with_its_dated_events_and_sources():
    from analysis.sources.tables import load_ice_access_events, load_states

    pages = sorted(p.stem for p in (REPORTS / "states").glob("*.html"))
    assert pages == sorted(load_states()["usps"])
    events = load_ice_access_events()
    il = (REPORTS / "states" / "IL.html").read_text(encoding="utf-8")
    assert "counted as blocking on an assumption" in il
    for row in events[events["jurisdiction"] == "IL"].itertuples():
        assert row.date in il
    assert "Daily Beast" in il and "Stateline" in il
    tx = (REPORTS / "states" / "TX.html").read_text(encoding="utf-8")
    assert "No state-specific report of ICE" in tx and "named five states (IL, NY, MA, MN, WA) as having blocked ICE" in tx
    assert "its status is unknown" in tx
    wa = (REPORTS / "states" / "WA.html").read_text(encoding="utf-8")
    assert "unconfirmed (weak source)" in wa and "2025-11-18" in wa
    pr = (REPORTS / "states" / "PR.html").read_text(encoding="utf-8")
    assert "a territory, shown beside the totals" in pr


def test_index_offers_a_state_picker_for_every_jurisdiction(page):
    from analysis.sources.tables import load_states

    linked = {link for link in page.links if link.startswith("states/")}
    assert linked == {f"states/{u}.html" for u in load_states()["usps"]}


def test_every_figure_has_an_embed_page_and_a_snippet_to_copy(manifest):
    index = (REPORTS / "index.html").read_text(encoding="utf-8")
    for entry in (e for e in manifest if e["type"] == "figure"):
        embed = (REPORTS / "embed" / f"{entry['name']}.html").read_text(encoding="utf-8")
        assert f"../figures/{entry['name']}.svg" in embed and f"../figures/{entry['name']}.png" in embed
        assert 'alt="' in embed and "../index.html#" in embed
        assert f"&lt;iframe src=&quot;embed/{entry['name']}.html&quot;" in index


def test_spanish_pages_come_from_the_same_values():
    import pandas as pd

    index = (REPORTS / "es" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in index
    citable = pd.read_csv(REPORTS / "tables" / "citable_numbers.csv", dtype=str, keep_default_na=False)
    import html as html_lib

    index = re.sub(r'<span class="date">([^<]*)</span>', r"\1", index)  # the spans that keep dates whole
    for sentence in citable["sentence_es"]:
        assert html_lib.escape(sentence, quote=True) in index or sentence in index
    assert "Datos al" in index and "Copiar la frase y la fuente" in index
    pages = sorted(p.stem for p in (REPORTS / "es" / "states").glob("*.html"))
    assert len(pages) == 56
    il = (REPORTS / "es" / "states" / "IL.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in il and "según un supuesto" in il and "The Daily Beast" in il
    ny = (REPORTS / "es" / "states" / "NY.html").read_text(encoding="utf-8")
    assert "<h1>Nueva York (NY)</h1>" in ny and "ley en vigor" in ny


def test_every_figure_on_the_spanish_page_has_a_spanish_alt_text_with_the_english_numbers(manifest):
    """The Spanish page shows every figure; each image's alt text is the entry's Spanish one (not the English),
    and it carries the same numbers as the English alt text."""
    from test_citable_claims import numbers_in

    collector = _Collector()
    collector.feed((REPORTS / "es" / "index.html").read_text(encoding="utf-8"))
    figures = [e for e in manifest if e["type"] == "figure"]
    alts = {Path(img["src"]).name.removesuffix(".png"): img["alt"] for img in collector.images}
    assert len(alts) == len(figures) > 0
    for entry in figures:
        es = alts[entry["name"]]
        assert es.strip() and es == entry["alt_text_es"] and es != entry["alt_text"], entry["name"]
        assert any(w in es.split() for w in ("de", "los", "las", "del")), f"{entry['name']}: not Spanish: {es}"
        assert numbers_in(es) == numbers_in(entry["alt_text"]), (entry["name"], entry["alt_text"], es)


def test_every_chart_is_served_with_its_portrait_variant_for_phones(manifest):
    index = (REPORTS / "index.html").read_text(encoding="utf-8")
    for entry in (e for e in manifest if e["type"] == "figure"):
        portrait = {f["path"] for f in entry["files"] if f["role"] == "portrait"}
        assert portrait == {f"figures/{entry['name']}-portrait.png", f"figures/{entry['name']}-portrait.svg"}
        # the portrait chart up to the figure's own switch width (at least the phone width: see site_embeds)
        served = re.search(r'<source media="\(max-width: ([\d.]+)px\)" srcset="figures/'
                           + re.escape(entry["name"]) + r'-portrait.png"><img src="figures/'
                           + re.escape(entry["name"]) + r'.png"', index)
        assert served and float(served[1]) >= 640, entry["name"]
        embed = (REPORTS / "embed" / f"{entry['name']}.html").read_text(encoding="utf-8")
        assert f"../figures/{entry['name']}-portrait.svg" in embed
