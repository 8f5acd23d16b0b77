"""The Spanish charts (issue 25, deliverable 4): every English figure has its Spanish twin in reports/es/figures/ and
in the manifest; the Spanish text comes from the catalog (a missing message is an error), carries no English sentence
and shows the same numbers; the export refuses a twin with other data; Spanish embed pages show the Spanish charts."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from analysis.publish import i18n
from analysis.publish.export_checks import ExportError
from analysis.publish.export_figures import export_figure
from analysis.publish.figures import block_timeline, words
from analysis.publish.manifest import language_entries, read_manifest, verify_manifest
from analysis.publish.site_embeds import render_embeds
from analysis.publish.specs import FigureSpec
from analysis.publish.style import CAVEAT_NOTE, DEFAULT_CREDIT, PORTRAIT, frame, frame_texts, new_figure, source_line

ROOT = Path(__file__).parents[1]
REPORTS = ROOT / "reports"
FIGURE_MODULES = sorted((ROOT / "src/analysis/publish/figures").glob("*.py")) + [ROOT / "src/analysis/publish/style.py"]
SVG = "{http://www.w3.org/2000/svg}"

# Words that only an English sentence would draw (never Spanish, never a name the charts print).
ENGLISH_WORDS = {
    "the", "of", "and", "is", "are", "was", "were", "not", "queries", "query", "block", "blocked", "blocking",
    "residents", "share", "day", "hour", "year", "since", "before", "after", "only", "known", "counted", "reported",
    "published", "people", "counts", "with", "from", "each", "every", "other", "through", "period", "periods",
    "states", "state", "records", "access", "cut", "later", "applied", "progress", "month", "territories", "graphic",
    "rebuilt", "source", "sources", "squares", "square", "requesters", "agencies", "federal", "national", "shown",
    "no", "report", "open", "assumption", "licenses", "drivers", "an", "a", "to", "by", "on", "in", "or", "any",
    "disclosure", "covers", "live", "about", "over", "at", "least", "most", "per", "all", "its", "their", "which",
}
# Names, commands and ids the Spanish charts print as they are (publishers' names are checked apart).
KEPT_AS_WRITTEN = ["make report", "data/raw/", "nlets-analysis", "tab02-ice-access-events", "Nlets", "DMV", "ICE",
                   "HSI", "DOL", "PEP", "Vintage", "EE. UU.", "DC", "U.S."]


def _manifest() -> dict:
    return json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))


def _figure_entries() -> list[dict]:
    return [e for e in _manifest()["entries"] if e["type"] == "figure"]


def _svg_texts(path: Path) -> dict[str, list[str]]:
    """The drawn lines of an SVG by the frame group they sit in (``""`` for the plot's own texts)."""
    found: dict[str, list[str]] = {}

    def walk(node: ET.Element, group: str) -> None:
        gid = node.get("id", "")
        if gid in {"title", "subtitle", "caveat-note", "bounds-note", "modelled-label", "synthetic-label",
                   "source-line", "credit"}:
            group = gid
        if node.tag == f"{SVG}text":
            found.setdefault(group, []).append("".join(node.itertext()))
        for child in node:
            walk(child, group)

    walk(ET.parse(path).getroot(), "")
    return found


def _joined(lines: list[str]) -> str:
    """Lines as one text, a line that ends at a hyphen joined to the next ("2019-" + "12-14")."""
    text = ""
    for line in lines:
        text += line if text.endswith("-") or not text else " " + line
    return text


def _numbers(texts: dict[str, list[str]]) -> set[str]:
    text = " ".join(_joined(lines) for lines in texts.values())
    return set(re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?%?", text))


def _svg_pairs() -> list[tuple[str, Path, Path]]:
    pairs = []
    for entry in _figure_entries():
        for record in entry["files"]:
            if record["format"] == "svg":
                pairs.append((record["path"], REPORTS / record["path"], REPORTS / "es" / record["path"]))
    return pairs


# ---- on disk and in the manifest ---------------------------------------------------------------------------------


def test_every_english_figure_has_its_spanish_twin_in_the_manifest_and_on_disk():
    entries = _figure_entries()
    names = {e["name"] for e in entries}
    assert {"fig01-ice-hsi-share-per-10000", "fig01-daily-query-rates", "fig02-shielded-share",
            "fig02-block-timeline", "fig02-ice-block-map", "fig02-washington-periods"} <= names
    for entry in entries:
        assert entry["language"] == "en"
        twins = [t for t in entry["translations"] if t["language"] == "es"]
        assert len(twins) == 1, entry["name"]
        twin = twins[0]
        english = sorted(f["path"] for f in entry["files"])
        spanish = sorted(f["path"] for f in twin["files"])
        assert spanish == [f"es/{p}" for p in english], entry["name"]
        assert {f["format"] for f in twin["files"]} == {"png", "svg", "pdf", "csv"}
        assert {f["role"] for f in twin["files"]} == {"image", "portrait", "data"}
        for record in twin["files"]:
            assert (REPORTS / record["path"]).is_file(), record["path"]
        assert twin["title"] != entry["title"] and twin["alt_text"] == entry["alt_text_es"]
        # beside the English texts as the pages read them (``<field>_es``)
        assert (entry["title_es"], entry["description_es"], entry["bounds_note_es"]) == (
            twin["title"], twin["description"], twin["bounds_note"])
        assert "CSV" in twin["description"]
    assert verify_manifest(REPORTS) == []


def test_the_spanish_csv_is_the_english_csv():
    for entry in _figure_entries():
        csv = next(f["path"] for f in entry["files"] if f["format"] == "csv")
        assert (REPORTS / "es" / csv).read_bytes() == (REPORTS / csv).read_bytes(), csv


def test_a_page_in_spanish_sees_the_spanish_files_and_texts():
    for entry in language_entries(_figure_entries(), "es"):
        assert entry["language"] == "es"
        assert all(f["path"].startswith("es/figures/") for f in entry["files"])


# ---- what the Spanish charts say ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path, english, spanish", _svg_pairs(), ids=[p[0] for p in _svg_pairs()])
def test_the_spanish_svg_has_no_english_sentence_and_the_same_numbers(path, english, spanish):
    en, es = _svg_texts(english), _svg_texts(spanish)
    assert set(es) == set(en), "the Spanish chart carries the same frame texts"
    shared = {" ".join(line.split()) for lines in en.values() for line in lines} & {
        " ".join(line.split()) for group, lines in es.items() for line in lines if group != "source-line"}
    for line in shared:  # what both draw alike: names, numbers, acronyms and ids only
        rest = line
        for kept in KEPT_AS_WRITTEN:
            rest = rest.replace(kept, " ")
        leftover = [w for w in re.findall(r"[^\W\d_]+", rest) if w.lower() in ENGLISH_WORDS and not w.isupper()]
        assert not leftover, f"{path}: English line {line!r} left on the Spanish chart"
    for group, lines in es.items():
        if group == "source-line":
            continue
        text = _joined(lines)
        for kept in KEPT_AS_WRITTEN:
            text = text.replace(kept, " ")
        english_words = [w for w in re.findall(r"[^\W\d_]+", text)
                         if w.lower() in ENGLISH_WORDS - {"a", "no"} and not w.isupper()]  # "OR" is Oregon
        assert not english_words, f"{path} ({group or 'plot'}): English words {english_words} in {text!r}"
    assert _numbers(es) == _numbers(en), f"{path}: the Spanish chart shows other numbers"


@pytest.mark.parametrize("path, english, spanish", _svg_pairs(), ids=[p[0] for p in _svg_pairs()])
def test_the_spanish_source_line_keeps_the_publishers_and_dates_in_spanish_words(path, english, spanish):
    en, es = _joined(_svg_texts(english)["source-line"]), _joined(_svg_texts(spanish)["source-line"])
    assert en.startswith(("Source: ", "Sources: ")) and es.startswith(("Fuente: ", "Fuentes: "))
    for words_left in ("Source", "republished by", " via ", "republishing", "quoting", "date not stated"):
        assert words_left not in es, f"{path}: {words_left!r} left in {es!r}"
    assert re.findall(r"\d{4}(?:-\d\d){0,2}", es) == re.findall(r"\d{4}(?:-\d\d){0,2}", en)


def test_over_is_mas_de_on_the_spanish_waffle():
    texts = _svg_texts(REPORTS / "es/figures/fig01-ice-hsi-share-per-10000.svg")
    assert '"más de 290 millones"' in _joined(texts["bounds-note"])
    english = _svg_texts(REPORTS / "figures/fig01-ice-hsi-share-per-10000.svg")
    assert '"over 290 million"' in _joined(english["bounds-note"])


def test_dates_in_words_are_spanish_words_and_iso_dates_stay_iso():
    texts = _svg_texts(REPORTS / "es/figures/fig02-washington-periods.svg")
    plot = " ".join(texts[""])
    assert "mediados de noviembre de 2025" in plot and "mid-November" not in plot
    assert {"oct 2024", "ene 2025"} <= set(texts[""])  # Babel's es-US month abbreviations on the axis
    subtitle = _joined(_svg_texts(REPORTS / "es/figures/fig01-daily-query-rates.svg")["subtitle"])
    assert "del 1 de octubre de 2024 al 30 de septiembre de 2025" in subtitle


# ---- the catalog -------------------------------------------------------------------------------------------------


def test_every_chart_message_has_its_spanish_in_the_catalog():
    with i18n.catalog_path("es", ".po").open("rb") as handle:
        catalog = read_po(handle, locale="es_US")
    missing, found = [], 0
    for module in FIGURE_MODULES:
        for lineno, message, _comments, context in extract_from_file("python", module, keywords=DEFAULT_KEYWORDS):
            key = message if isinstance(message, str) else message[0]
            found += 1
            entry = catalog.get(key, context=context)
            if entry is None or not str(entry.string).strip():
                missing.append(f"{module.name}:{lineno}: {key!r}")
    assert found > 80 and not missing, missing


def test_a_message_without_spanish_fails():
    with pytest.raises(words.MissingTranslation, match="no Spanish for the chart message"):
        words.figure_words("es")("A chart message nobody translated")
    assert words.figure_words("en")("A chart message nobody translated") == "A chart message nobody translated"


def test_drawing_a_spanish_chart_with_a_message_missing_from_the_catalog_fails(monkeypatch):
    real = i18n.translations("es")

    class Partial:
        """The Spanish catalog without the word the timeline draws over the disclosure year."""
        _catalog = {k: v for k, v in real._catalog.items() if k != "disclosure year"}

        def gettext(self, message: str) -> str:
            return self._catalog.get(message, message)

    monkeypatch.setattr(words, "translations", lambda lang: Partial())
    from analysis.findings import block_history
    from analysis.sources.tables import load_states

    states = load_states()
    timeline, dates = block_history.block_timeline(states), block_history.block_dates(states)
    with pytest.raises(words.MissingTranslation, match="disclosure year"):
        block_timeline.block_timeline_figure(timeline, dates, layout=PORTRAIT, lang="es")


def test_the_frame_speaks_spanish_and_keeps_its_english_defaults():
    fig, _ax = new_figure()
    texts = frame_texts(frame(fig, title="T", source_ids=["reuters-2025-11-12"], lang="es"))
    assert texts["caveat-note"] == "Las cifras cuentan consultas, no personas."
    assert texts["credit"].startswith("Gráfico:") and texts["source-line"].startswith("Fuente: Reuters")
    fig, _ax = new_figure()
    english = frame_texts(frame(fig, title="T", source_ids=["reuters-2025-11-12"]))
    assert english["caveat-note"] == CAVEAT_NOTE and english["credit"] == DEFAULT_CREDIT
    assert source_line(["reuters-2025-11-12"]) == "Source: Reuters (Raphael Satter), 2025-11-12."


# ---- the export --------------------------------------------------------------------------------------------------


SOURCE = "wyden-press-release-2025-11-12"
DATA = pd.DataFrame({"group": ["ICE", "HSI"], "count": [292_114, 605_116]})


def _spec(lang: str, data: pd.DataFrame = DATA, translations: tuple = ()) -> FigureSpec:
    fig, ax = new_figure(6, 4)
    ax.bar(["ICE", "HSI"], [292_114, 605_116])
    frame(fig, title="T" if lang == "en" else "Tí", source_ids=[SOURCE], lang=lang)
    alt = ("Bar chart of ICE (292,114) and HSI (605,116) DMV queries through Nlets." if lang == "en" else
           "Gráfico de barras de las consultas al DMV de ICE (292,114) y HSI (605,116) a través de Nlets.")
    return FigureSpec(fig=fig, name="fig01-test-bars", title="T" if lang == "en" else "Tí", alt_text=alt, data=data,
                      source_ids=[SOURCE], kinds=["published"], language=lang, translations=translations)


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(folder))
    return folder


def test_the_export_writes_the_spanish_chart_under_es_with_the_english_names(reports):
    entry = export_figure(_spec("en", translations=(_spec("es"),)), notebook="01_disclosure_breakdown")
    (twin,) = entry["translations"]
    assert twin["language"] == "es" and twin["title"] == "Tí"
    assert [f["path"] for f in twin["files"]] == [f"es/{f['path']}" for f in entry["files"]]
    assert (reports / "es/figures/fig01-test-bars.csv").read_bytes() == (reports / "figures/fig01-test-bars.csv").read_bytes()
    assert read_manifest()["entries"][0]["translations"] == [twin]
    assert verify_manifest() == []
    (reports / "es/figures/fig01-test-bars.png").write_bytes(b"changed")
    assert verify_manifest() == ["fig01-test-bars: es/figures/fig01-test-bars.png sha256 differs from the manifest"]


def test_the_export_refuses_a_spanish_chart_with_other_numbers(reports):
    other = DATA.assign(count=[1, 2])
    with pytest.raises(ExportError, match="same numbers"):
        export_figure(_spec("en", translations=(_spec("es", data=other),)), notebook="01_disclosure_breakdown")
    assert not (reports / "figures").exists()


def test_the_export_refuses_a_spanish_chart_without_its_frame(reports):
    bare = _spec("es")
    fig, _ax = new_figure(6, 4)
    with pytest.raises(ExportError, match=r"\(es\): the figure lacks"):
        export_figure(_spec("en", translations=(FigureSpec(**{**bare.__dict__, "fig": fig}),)),
                      notebook="01_disclosure_breakdown")


def test_spanish_embed_pages_show_the_spanish_charts(reports):
    export_figure(_spec("en", translations=(_spec("es"),)), notebook="01_disclosure_breakdown")
    pages = render_embeds(reports)
    assert [p.relative_to(reports).as_posix() for p in pages] == ["embed/fig01-test-bars.html",
                                                                  "es/embed/fig01-test-bars.html"]
    page = (reports / "es/embed/fig01-test-bars.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in page and "<title>Tí</title>" in page
    image = re.search(r'<img src="([^"]+)"', page).group(1)
    assert (reports / "es/embed" / image).resolve() == (reports / "es/figures/fig01-test-bars.png").resolve()
    assert "Gráfico de barras" in page and 'href="../index.html#fig01-test-bars"' in page


def test_every_built_figure_has_its_spanish_embed_page():
    for entry in _figure_entries():
        page = (REPORTS / "es/embed" / f"{entry['name']}.html").read_text(encoding="utf-8")
        assert '<html lang="es">' in page and f'src="../figures/{entry["name"]}.png"' in page
        twin = entry["translations"][0]
        assert twin["title"].replace("'", "&#39;").replace('"', "&#34;") in page
