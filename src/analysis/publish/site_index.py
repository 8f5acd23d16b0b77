"""The reporters' page ``reports/index.html`` and, from the same template and values, ``reports/es/index.html``: story
kit, figures, citable numbers, tables and labels, every word of the page from the site's catalog."""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis.paths import reports_dir
from analysis.publish.citable_numbers import KIND_ORDER, KIT_IDS, CitableNumber, read_citable
from analysis.publish.data_as_of import DataAsOf, data_as_of
from analysis.publish.i18n import LANGUAGES, held, ngettext, translator
from analysis.publish.manifest import language_entries
from analysis.publish.site_assets import HOUSE_CSS, PAGE_JS, templates
from analysis.publish.share_cards import index_card, meta_tags
from analysis.publish.site_embeds import FigureLayout, embed_snippet, entry_layout
from analysis.publish.site_shared import (
    OTHER_LANGUAGE,
    PHONE_MEDIA,
    N_,
    bound_words,
    citation_in,
    entry_files,
    esc,
    kind_words,
    order_rows,
    population_words,
    printed_value,
    report_html,
    short_source,
    sources_table,
    state_choices,
    what_nlets_is,
)
from analysis.publish.style import publisher_words
from analysis.publish.text.attribution import fact_name, publishable_text

KIND_MEANINGS = {
    "published": N_("as the source says it"),
    "derived": N_("computed from published numbers"),
    "modelled": N_("an estimate that rests on the assumption stated beside it"),
    "synthetic": N_("made up for tests and demonstrations"),
}
BOUND_MEANINGS = {
    "exact": N_("the number as published or computed exactly from published numbers"),
    "at least": N_("a floor: the true number is this or higher (it rests on the published 'over 290 million'); "
                   "printed rounded down, so it stays a floor"),
    "at most": N_("a ceiling: the true number is this or lower (a share of a total that is itself a floor, or a "
                  "modelled average whose assumption can only overstate it); printed rounded up, so it stays a "
                  "ceiling"),
    "approximate": N_("a rounded or approximate figure as published"),
}
UNKNOWN_WORDS = {
    "dmv_queries_via_nlets_per_state": N_("No per-state split: how often ICE or HSI queried any one state's records "
                                          "was not published."),
    "dmv_queries_via_nlets_by_cbp": N_("No count for U.S. Customs and Border Protection (CBP)."),
    "dmv_queries_via_nlets_by_other_federal_agencies": N_("No counts for the FBI or other federal agencies."),
    "distinct_people_queried": N_("No count of people: the figures count queries, and one person can be queried "
                                  "many times."),
}
UNKNOWN_ALWAYS = N_("When Nlets said which four states it knew to block ICE: only its October 2025 data handover is "
                    "dated.")
PRECISION_WORDS = {10: N_("date to the day"), 7: N_("date to the month"), 4: N_("date to the year")}
FIGURES_LANGUAGE = "en"  # the language of the charts' own text (titles, labels, credit lines)


def _list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _field(entry: dict, key: str, lang: str) -> str:
    """A manifest field as HTML in ``lang``: its ``<key>_<lang>`` version when the manifest has one, else the English
    marked ``lang="en"`` so a reader (and a screen reader) knows it is English."""
    english = entry.get(key) or ""
    if lang == "en":
        return esc(english)
    own = entry.get(f"{key}_{lang}") or ""
    if own or not english:
        return esc(own)
    return f'<span lang="en">{esc(english)}</span>'


def _sources_html(entry: dict, lang: str) -> str:
    _ = translator(lang)
    items = []
    for source in _list(entry.get("sources")):
        if isinstance(source, dict):
            sid = source.get("id") or source.get("source_id", "")
            cited = citation_in(sid, lang) if lang != "en" and sid else source.get("citation", "")
            items.append(f"<li><code>{esc(sid)}</code> {esc(cited)}</li>")
        else:
            items.append(f"<li>{esc(source)}</li>")
    none = _("none")
    return "<ul>" + "".join(items) + "</ul>" if items else f"<p>{esc(none)}</p>"


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _key_numbers_html(entry: dict, lang: str) -> str:
    _ = translator(lang)
    numbers = _list(entry.get("key_numbers"))
    if not numbers:
        return ""
    items = []
    for number in numbers:
        if isinstance(number, dict):
            label = _field(number, "label", lang) if number.get("label") else esc(number.get("id", ""))
            value = str(number.get("formatted") or number.get("value", ""))
            if _DATE.fullmatch(value):
                # A date is not "exact": its label says what it is (applied, reported by), the value its precision.
                extra = ", ".join([_(PRECISION_WORDS[len(value)]),
                                   *([esc(kind_words(number["kind"], lang))] if number.get("kind") else [])])
            else:
                words = {"bound": bound_words, "kind": kind_words}
                extra = ", ".join(esc(words[k](number[k], lang)) for k in ("bound", "kind") if number.get(k))
            shown = printed_value(value, number.get("value"), lang)
            items.append(f"<li>{label}: <strong>{esc(shown)}</strong>{f' ({extra})' if extra else ''}</li>")
        else:
            items.append(f"<li>{esc(number)}</li>")
    heading = _("Key numbers")
    return f"<dt>{esc(heading)}</dt><dd><ul>" + "".join(items) + "</ul></dd>"


def _downloads_html(entry: dict, lang: str, root: str) -> str:
    _ = translator(lang)
    links = []
    for f in entry_files(entry):
        path = f["path"]
        label = Path(path).suffix.lstrip(".").upper() or path
        if f.get("role") == "portrait":
            label += " " + _("(phone)")
        if lang != "en" and path.endswith(".csv"):
            label += " " + _("(in English)")  # one CSV for every language: its columns and cells are English
        links.append(f'<a href="{esc(root + path)}" download>{esc(label)}</a>')
    download = _("Download:")
    return f'<p class="downloads">{esc(download)} ' + " ".join(links) + "</p>"


def _picture_html(entry: dict, root: str, alt: str, layout: FigureLayout | None) -> str:
    """A figure's ``<picture>``: the portrait PNG below the figure's switch width on this page (640 px, or wider
    when the landscape chart's text would be smaller than 12 px there), else the landscape PNG."""
    files = entry_files(entry)
    png = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "image"), None)
    portrait = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "portrait"), None)
    if not png:
        return ""
    media = layout.portrait_media(layout.index_switch()) if layout and layout.portrait else PHONE_MEDIA
    source = f'<source media="{media}" srcset="{esc(root + portrait)}">' if portrait else ""
    return f'<picture>{source}<img src="{esc(root + png)}" alt="{esc(alt)}" loading="eager"></picture>'


def figures_css(layouts: list[FigureLayout]) -> str:
    """The index's rules that draw each portrait chart at its band width between 640 px and its switch width."""
    return "\n".join(css for layout in layouts if (css := layout.band_css(layout.index_switch(),
                                                                          f"#{layout.name} picture img")))


def _figure_html(entry: dict, lang: str, root: str, layout: FigureLayout | None = None, fallback: int = 640) -> str:
    """A figure on the index: its chart (``layout``: when the portrait drawing shows), what it shows, its downloads
    and its embed snippet, ``fallback`` px tall without scripts."""
    _ = translator(lang)
    alt = entry.get("alt_text", "") if lang == "en" else entry.get(f"alt_text_{lang}") or entry.get("alt_text", "")
    img = _picture_html(entry, root, alt, layout)
    kinds = ", ".join(f"{kind_words(k, lang)} ({_(KIND_MEANINGS[k]) if k in KIND_MEANINGS else ''})"
                      for k in _list(entry.get("kinds")))
    note = _field(entry, "bounds_note", lang)
    n_sources = len(_list(entry.get("sources")))
    sources_line = ngettext("%(num)d source: full citation", "%(num)d sources: full citations", n_sources,
                            lang) % {"num": n_sources}
    name = esc(entry["name"])
    title = _field(entry, "title", lang) if entry.get("title") else name
    plain_title = (entry.get(f"title_{lang}") if lang != "en" else None) or entry.get("title") or entry["name"]
    snippet = embed_snippet(entry["name"], plain_title, fallback, lang)
    copy_name = _("Copy embed code: %(figure)s") % {"figure": plain_title}
    copy_label, copied = _("Copy embed code"), _("Copied")
    copy = (f'<button type="button" class="copy embed-copy" data-copy="{esc(snippet)}" data-done="{esc(copied)}" '
            f'aria-label="{esc(copy_name)}">{esc(copy_label)}</button>')
    # the embed page of this page's language: reports/embed/ or reports/es/embed/, beside the page
    preview = _('Paste where the chart should appear (host the <code>reports/</code> folder with it): '
                '<a href="%(preview)s">preview</a>') % {"preview": f"embed/{name}.html"}
    heads = {"shows": _("What it shows"), "caveats": _("Bounds and caveats"), "kinds": _("Kinds of numbers"),
             "sources": _("Sources"), "made": _("Made by"), "embed": _("Embed this chart")}
    caveats = f'<dt>{esc(heads["caveats"])}</dt><dd class="bounds-note">{note}</dd>' if note else ""
    return (
        f'<figure id="{name}">{img}<figcaption><h3>{title}</h3>'
        f'<dl class="meta"><dt>{esc(heads["shows"])}</dt><dd>{esc(alt)}</dd>'
        f"{_key_numbers_html(entry, lang)}"
        f"{caveats}"
        f"<dt>{esc(heads['kinds'])}</dt><dd>{esc(kinds)}</dd>"
        f"<dt>{esc(heads['sources'])}</dt><dd><details><summary>{esc(sources_line)}"
        f"</summary>{_sources_html(entry, lang)}</details></dd>"
        f"<dt>{esc(heads['made'])}</dt><dd>{esc(entry.get('notebook', ''))}</dd></dl>"
        f"{_downloads_html(entry, lang, root)}"
        f"<details class=\"embed-snippet\"><summary>{esc(heads['embed'])}</summary><p>{preview}</p>"
        f'<pre class="embed">{esc(snippet)}</pre>{copy}</details></figcaption></figure>'
    )


def _table_field(entry: dict, key: str, lang: str) -> str:
    """A table's title or description in ``lang``: the catalog's (msgctxt "table", keyed by the English, so a
    changed English text is English again, marked, until its translation is updated), else :func:`_field`."""
    own = held("table", entry.get(key) or "", lang) if lang != "en" and entry.get(key) else None
    return esc(own) if own else _field(entry, key, lang)


def _table_html(entry: dict, lang: str, root: str) -> str:
    _ = translator(lang)
    kinds = ", ".join(kind_words(k, lang) for k in _list(entry.get("kinds")))
    name = esc(entry["name"])
    title = _table_field(entry, "title", lang) if entry.get("title") else name
    kinds_line, sources = _("Kinds: %(kinds)s.") % {"kinds": kinds}, _("Sources")
    return (
        f'<li id="{name}"><strong>{title}</strong>: '
        f'{_table_field(entry, "description", lang)} <em>{esc(kinds_line)}</em> '
        f'{_downloads_html(entry, lang, root)}'
        f"<details><summary>{esc(sources)}</summary>{_sources_html(entry, lang)}</details></li>"
    )


def _legend_html(lang: str) -> str:
    _ = translator(lang)
    kinds = "".join(f"<li><strong>{esc(kind_words(k, lang))}</strong>: {esc(_(v))}</li>"
                    for k, v in KIND_MEANINGS.items())
    bounds = "".join(f"<li><strong>{esc(bound_words(k, lang))}</strong>: {esc(_(v))}</li>"
                     for k, v in BOUND_MEANINGS.items())
    kinds_head, bounds_head = _("Kinds of numbers"), _("Bounds")
    return f"<h3>{esc(kinds_head)}</h3><ul>{kinds}</ul><h3>{esc(bounds_head)}</h3><ul>{bounds}</ul>"


def _unknowns(lang: str) -> list[str]:
    """What the disclosure did not publish, from the NOT FOUND rows of ``data/raw/disclosure_figures.csv``."""
    from analysis.sources.tables import load_disclosure_figures

    _ = translator(lang)
    figures = load_disclosure_figures()
    missing = figures[figures["value"].isna() & figures["note"].fillna("").str.startswith("NOT FOUND")]
    items = [_(UNKNOWN_WORDS[m]) for m in missing["metric"] if m in UNKNOWN_WORDS]
    return items + [_(UNKNOWN_ALWAYS)]


def _states(lang: str) -> list[dict[str, str]]:
    """The state picker's jurisdictions, named and sorted in ``lang`` (Spanish names from ``vocab``)."""
    if lang == "en":
        return state_choices()
    from analysis.publish.text import spanish as text_es

    names = text_es.state_names()
    return sorted(({"usps": c["usps"], "name": names[c["usps"]]} for c in state_choices()), key=lambda x: x["name"])


def index_html(entries: list[dict], numbers: list[CitableNumber], notebooks: list[Path], as_of: DataAsOf,
               lang: str = "en", reports: Path | None = None) -> str:
    """``reports/index.html`` (``lang="en"``) or ``reports/es/index.html`` (``lang="es"``) in memory, from the
    manifest ``entries`` and the citable ``numbers``: the story kit first (headline facts with copy buttons), then
    figures, the citable table (headline numbers first, filterable), tables, labels and notebook pages; dated by
    ``as_of`` (:func:`analysis.publish.data_as_of.data_as_of`). Both languages show the same sections, numbers and
    links; the Spanish page links to the shared files one folder up. Each chart's SVGs in ``reports`` (default: the
    project's) set when its portrait drawing is shown and the height of its embed snippet."""
    _ = translator(lang)
    reports = reports_dir() if reports is None else reports
    root = "" if lang == "en" else "../"
    entries = sorted(entries, key=lambda e: e["name"])
    figures = [e for e in language_entries(entries, lang) if e.get("type") == "figure"]  # the charts in ``lang``
    tables = [e for e in entries if e.get("type") == "table"]
    sources = sources_table()
    rows = order_rows(numbers)
    by_id = {r.id: r for r in rows}
    kit = []
    for id_ in KIT_IDS:
        if id_ not in by_id:
            continue
        r = by_id[id_]
        sentence = r.sentence if lang == "en" else getattr(r, f"sentence_{lang}")
        kind, bound = kind_words(r.kind, lang), bound_words(r.bound, lang)
        kit.append({
            "sentence": sentence, "kind": kind, "bound": bound,
            "short_source": short_source(list(r.source_ids), sources, lang),
            "copy_text": publishable_text(r, lang, sources),
            "copy_name": _("Copy sentence and source: %(fact)s") % {"fact": fact_name(sentence)},
        })
    citable = [{
        "notebook": r.notebook, "kind": r.kind, "notebook_name": Path(r.notebook).stem,
        "sentence_shown": r.sentence if lang == "en" else getattr(r, f"sentence_{lang}"),
        "printed": printed_value(r.formatted_value, r.value, lang),
        "bound_shown": bound_words(r.bound, lang), "kind_shown": kind_words(r.kind, lang),
        "sources": [{"publisher": publisher_words(sources[i]["publisher"], lang), "url": sources[i]["link"]}
                    for i in r.source_ids if i in sources],
    } for r in rows]
    layouts = {e["name"]: entry_layout(e, reports) for e in figures}
    # one no-script height per figure for both languages' snippets: the tallest of its drawings needs
    fallback = {name: max((layout.fallback_height() for other in LANGUAGES for e in language_entries(entries, other)
                           if e["name"] == name and (layout := entry_layout(e, reports))), default=640)
                for name in layouts}
    other_lang, other_name = OTHER_LANGUAGE[lang]
    card = index_card(rows, lang, sources)
    share = meta_tags(card, _("Nlets DMV queries: story kit, figures, tables and citable numbers"), card.text, root)
    return templates(lang).get_template("index.html.j2").render(share=share,
        css=HOUSE_CSS + figures_css([v for v in layouts.values() if v]), js=PAGE_JS,
        report_html=report_html(as_of, lang), population=population_words(as_of, lang),
        other_page="es/index.html" if lang == "en" else "../index.html", other_lang=other_lang,
        other_lang_name=other_name, kit=kit, unknown=_unknowns(lang), root=root,
        figures_lang=lang if all(e.get("language") == lang for e in figures) else FIGURES_LANGUAGE,
        sentence_column="sentence" if lang == "en" else f"sentence_{lang}",
        figures_html="".join(_figure_html(e, lang, root, layouts[e["name"]], fallback[e["name"]]) for e in figures),
        tables_html="".join(_table_html(e, lang, root) for e in tables), legend_html=_legend_html(lang),
        citable=citable, notebooks_filter=sorted({r.notebook for r in rows}),
        kinds_filter=[{"value": k, "label": kind_words(k, lang)}
                      for k in sorted({r.kind for r in rows}, key=lambda k: KIND_ORDER.get(k, 9))],
        notebook_pages=[nb.stem for nb in sorted(notebooks)],
        states=_states(lang), nlets=what_nlets_is(lang, sources), xlsx=_xlsx_link(entries, root),
        citable_sources_html="".join(_sources_html(e, lang) for e in entries if e.get("name") == "citable-numbers"),
    )


def _xlsx_link(entries: list[dict], root: str) -> str:
    """The citable numbers' Excel workbook, when the manifest lists one (else nothing to link)."""
    for entry in entries:
        if entry.get("name") == "citable-numbers":
            for f in entry_files(entry):
                if f["path"].endswith(".xlsx"):
                    return root + f["path"]
    return ""


def render_index(reports: Path, notebooks: list[Path]) -> Path:
    """Write ``reports/index.html`` (:func:`index_html`) from ``reports/manifest.json`` and
    ``tables/citable_numbers.csv``."""
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    page = index_html(manifest["entries"], read_citable(reports), notebooks, data_as_of(), reports=reports)
    out = reports / "index.html"
    out.write_text(page, encoding="utf-8", newline="\n")
    return out
