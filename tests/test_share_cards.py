"""analysis.publish.share_cards: a 1200×630 share card for every page (index, each figure's embed page, each state
page) in both languages, drawn the same byte for byte each run, named by the pages' Open Graph / Twitter tags, listed
in the manifest, and given absolute addresses by ``publish``."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from analysis.paths import project_root
from analysis.publish import share_cards
from analysis.publish.citable_numbers import read_citable
from analysis.publish.hosted import absolute_share_meta, publish_site
from analysis.publish.manifest import verify_manifest
from analysis.publish.share_cards import CARD_HEIGHT, CARD_WIDTH, bounded_fact, credit, draw_card, site_cards

BASE = "https://example.github.io/nlets-analysis/"
_META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project whose reports/ is a copy of the committed one with its pages and cards made again by this
    code (the committed reports/ is never written)."""
    from analysis.publish.data_as_of import data_as_of
    from analysis.publish.site_embeds import render_embeds
    from analysis.publish.site_index import render_index
    from analysis.publish.site_spanish import render_spanish
    from analysis.publish.site_states import render_state_pages

    root = tmp_path_factory.mktemp("cards") / "project"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    reports = root / "reports"
    shutil.copytree(project_root() / "reports", reports)
    notebooks = sorted((project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NLETS_REPORTS_DIR", str(reports))
        render_embeds(reports)
        render_index(reports, notebooks)
        render_state_pages(reports, data_as_of())
        render_spanish(reports, data_as_of(), notebooks)
        share_cards.write_cards(reports)
    return root


def _pages(reports: Path) -> list[Path]:
    return sorted([reports / "index.html", reports / "es" / "index.html",
                   *(reports / "states").glob("*.html"), *(reports / "es" / "states").glob("*.html"),
                   *(reports / "embed").glob("*.html"), *(reports / "es" / "embed").glob("*.html")])


def _meta(page: Path) -> dict[str, str]:
    head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
    return {name: html.unescape(value) for name, value in _META.findall(head)}


def _manifest(reports: Path) -> list[dict]:
    return json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["entries"]


def test_every_page_names_its_card_and_the_card_is_there_at_1200_by_630(project):
    reports = project / "reports"
    pages = _pages(reports)
    figures = [e["name"] for e in _manifest(reports) if e["type"] == "figure"]
    assert len(pages) == 2 + 2 * 56 + 2 * len(figures)
    for page in pages:
        meta = _meta(page)
        assert meta["twitter:card"] == "summary_large_image", page
        assert meta["og:title"].strip() and meta["og:description"].strip() and meta["og:image:alt"].strip(), page
        assert (meta["og:image:width"], meta["og:image:height"]) == (str(CARD_WIDTH), str(CARD_HEIGHT)), page
        card = (page.parent / meta["og:image"]).resolve()
        assert card.is_relative_to(reports.resolve()) and card.is_file(), (page, meta["og:image"])
        with Image.open(card) as image:
            assert image.size == (CARD_WIDTH, CARD_HEIGHT), card
        spanish = page.relative_to(reports).parts[0] == "es"
        assert card.relative_to(reports.resolve()).parts[0] == ("es" if spanish else "cards"), (page, card)
        assert meta["og:locale"] == ("es_US" if spanish else "en_US")


def test_a_card_for_every_figure_and_state_in_both_languages_listed_in_the_manifest(project):
    reports = project / "reports"
    entries = _manifest(reports)
    figures = [e["name"] for e in entries if e["type"] == "figure"]
    for folder in (reports / "cards", reports / "es" / "cards"):
        assert sorted(p.stem for p in folder.glob("fig*.png")) == sorted(figures)
        assert (folder / "index.png").is_file() and len(list((folder / "states").glob("*.png"))) == 56
    listed = {f["path"] for e in entries if e["type"] == "share-cards" for f in e["files"]}
    drawn = {p.relative_to(reports).as_posix() for p in reports.rglob("cards/**/*.png")}
    assert listed == drawn and len(drawn) == 2 * (1 + len(figures) + 56)
    assert verify_manifest(reports) == []


def test_two_draws_are_byte_identical_and_carry_no_date_or_software(project, tmp_path):
    reports = project / "reports"
    cards = {c.path: c for c in site_cards(reports)}
    chosen = [cards["cards/index.png"], cards["es/cards/fig02-ice-block-map.png"], cards["es/cards/states/CA.png"]]
    for card in chosen:
        share_cards._layer.cache_clear()
        share_cards._thumbnail.cache_clear()
        scratch = tmp_path / "again"
        shutil.copytree(reports / "figures", scratch / "figures", dirs_exist_ok=True)
        shutil.copytree(reports / "es" / "figures", scratch / "es" / "figures", dirs_exist_ok=True)
        again = draw_card(card, scratch).read_bytes()
        assert again == (reports / card.path).read_bytes(), card.path
        assert not any(chunk in again for chunk in (b"tIME", b"tEXt", b"iTXt", b"zTXt")), card.path


def test_the_headline_is_the_citable_rows_value_with_its_bound_in_words(project):
    reports = project / "reports"
    rows = {r.id: r for r in read_citable(reports)}
    cards = {c.path: c for c in site_cards(reports)}
    index_en, index_es = cards["cards/index.png"], cards["es/cards/index.png"]
    # the source's "over 290 million", as the row's sentence says it: a published floor is "more than", not "at least"
    assert (index_en.headline, index_es.headline) == ("More than 290 million", "Más de 290 millones")
    assert (index_en.text, index_es.text) == (rows["total-queries"].sentence, rows["total-queries"].sentence_es)
    assert index_en.headline.lower() in index_en.text.lower() and index_es.headline.lower() in index_es.text.lower()
    assert index_en.credit == "Source: Office of U.S. Senator Ron Wyden, Nov. 12, 2025"
    assert index_es.credit == "Fuente: Office of U.S. Senator Ron Wyden, 12 de noviembre de 2025"
    assert bounded_fact(rows["hsi-share"], "en") == "At most 0.209%"
    assert bounded_fact(rows["hsi-share"], "es") == "Como máximo 0.209%"
    for card in cards.values():  # every headline with a number is some citable row's, bound and all
        if card.headline and card.kicker != share_cards.gettext(share_cards.STATE_KICKER, card.lang):
            assert card.headline in {bounded_fact(r, card.lang) for r in rows.values()}, card.path


def test_a_long_source_list_is_cut_to_three_with_the_rest_counted():
    sources = {s: {"publisher": s.upper(), "published": "2025"} for s in "abcde"}
    assert credit("abcde", "en", sources) == "Source: A, 2025; B, 2025; C, 2025 and 2 more (their citations on the page)"
    assert credit("abcd", "es", sources) == "Fuente: A, 2025; B, 2025; C, 2025 y 1 más (su cita, en la página)"
    assert credit("ab", "en", sources) == "Source: A, 2025; B, 2025"


def test_publish_makes_the_card_addresses_absolute(project, tmp_path):
    publish_site(project, tmp_path / "site", BASE)
    out = tmp_path / "site"
    for relative, card in (("index.html", "cards/index.png"), ("es/index.html", "es/cards/index.png"),
                           ("states/CA.html", "cards/states/CA.png"), ("es/states/CA.html", "es/cards/states/CA.png"),
                           ("embed/fig02-ice-block-map.html", "cards/fig02-ice-block-map.png"),
                           ("es/embed/fig02-ice-block-map.html", "es/cards/fig02-ice-block-map.png")):
        meta = _meta(out / relative)
        assert meta["og:image"] == BASE + card, relative
        assert (out / card).is_file()
        page_url = BASE + relative.removesuffix("index.html")
        assert meta["og:url"] == page_url
    # the offline copy keeps relative addresses
    assert _meta(project / "reports" / "states" / "CA.html")["og:image"] == "../cards/states/CA.png"


def test_a_page_without_share_tags_is_left_as_it_is():
    page = "<html><head><title>t</title></head></html>"
    assert absolute_share_meta(page, BASE) == page


@pytest.mark.browser
def test_chromium_loads_each_pages_card_from_the_hosted_copy_at_1200_by_630(project, tmp_path):
    import functools
    import http.server
    import threading

    from chromium import browser_context

    sync_api = pytest.importorskip("playwright.sync_api")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    (tmp_path / "www").mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/nlets/"
    sizes = {}
    try:
        publish_site(project, tmp_path / "www" / "nlets", base)
        with sync_api.sync_playwright() as p, browser_context(p, tmp_path / "profile") as context:
            page = context.new_page()
            for relative in ("", "es/", "states/IL.html", "es/states/IL.html", "embed/fig02-shielded-share.html",
                             "es/embed/fig02-shielded-share.html"):
                page.goto(base + relative, wait_until="load")
                sizes[relative] = page.evaluate("""async () => {
                    const url = document.querySelector('meta[property="og:image"]').content;
                    const image = new Image(); image.src = url; await image.decode();
                    return [url, image.naturalWidth, image.naturalHeight];
                }""")
    finally:
        server.shutdown()
        server.server_close()
    for relative, (url, width, height) in sizes.items():
        assert url.startswith(base) and (width, height) == (CARD_WIDTH, CARD_HEIGHT), (relative, url, width, height)
