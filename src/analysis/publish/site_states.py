"""``reports/states/XX.html`` and ``reports/es/states/XX.html``: one page per jurisdiction from one template, and the
records (in English or Spanish words) behind it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.publish.citable_numbers import read_citable
from analysis.publish.i18n import format_number, gettext, translator
from analysis.publish.share_cards import meta_tags, state_card
from analysis.publish.site_assets import HOUSE_CSS, templates
from analysis.publish.style import publisher_words
from analysis.publish.site_shared import (
    N_,
    OTHER_LANGUAGE,
    bound_words,
    kind_words,
    population_words,
    report_html,
    sources_table,
    what_nlets_is,
)
from analysis.publish.text.event_labels import (
    LICENCE_MEANINGS_ES,
    MEANINGS_ES,
    PRECISION_ES,
    SYSTEMS_ES,
    TIERS_ES,
    VINTAGES_ES,
    event_label,
    note_es,
)
from analysis.publish.text.event_labels import spanish as to_spanish
from analysis.publish.text.figure_labels import figure_line
from analysis.publish.text.state_status import after_last_report, date_words_es, no_state_report, status_text
from analysis.sources import ice_access

if TYPE_CHECKING:
    from analysis.publish.data_as_of import DataAsOf


CONFIRMED = {"confirmed": N_("confirmed"), "unconfirmed (weak source)": N_("unconfirmed (weak source)")}


def _event_record(e: dict, src: dict[str, str], lang: str) -> dict:
    """One event row with its words in ``lang`` (``words``, ``note_shown``, ``meaning``, ``precision``,
    ``system_shown``, ``tier_shown``, ``confirmed_shown``); an English note without its Spanish raises."""
    publisher = src.get("publisher", e["source_ids"])
    label_en, label_es = event_label(e, publisher)
    note = note_es(e["event_id"], e["note"])
    if note is None:
        raise KeyError(f"event {e['event_id']}: no Spanish for its note (add it to messages.po, msgctxt "
                       '"event-note")')
    tier = src.get("tier", "")
    # The date as precise as its source, in words where the source names only part of a month.
    words = ice_access.date_text(e["date"], e.get("month_part") or None)
    shown = {"confirmed_shown": translator(lang)(CONFIRMED[e["confirmed"]]), "publisher": publisher,
             "url": src.get("link", ""), "tier": tier}
    if lang == "en":
        return {**e, **shown, "date": words, "date_as_written": e["date"], "words": label_en,
                "note_shown": e["note"], "meaning": e["date_meaning"], "precision": e["date_precision"], "system_shown": e["system"], "tier_shown": tier}
    return {**e, **shown, "date": date_words_es(words), "date_as_written": e["date"], "words": label_es,
            "note_shown": note, "meaning": to_spanish(MEANINGS_ES, e["date_meaning"]),
            "precision": to_spanish(PRECISION_ES, e["date_precision"]),
            "system_shown": to_spanish(SYSTEMS_ES, e["system"]), "tier_shown": to_spanish(TIERS_ES, tier)}


def _licence(st: dict, publisher: str, in_spanish: bool) -> str:
    """Whether the jurisdiction licenses drivers (or issues driving-privilege cards) regardless of status."""
    _ = translator("es" if in_spanish else "en")
    if st["dl_regardless_of_status"] == "yes":
        if not st["dl_since"]:
            return _("yes; source: %(publisher)s.") % {"publisher": publisher}
        meaning = (to_spanish(LICENCE_MEANINGS_ES, st["dl_since_meaning"]) if in_spanish
                   else st["dl_since_meaning"])
        if not meaning:
            return _("yes since %(since)s; source: %(publisher)s.") % {"since": st["dl_since"], "publisher": publisher}
        return (_("yes since %(since)s (%(meaning)s); source: %(publisher)s.")
                % {"since": st["dl_since"], "meaning": meaning, "publisher": publisher})
    if st["dl_regardless_of_status"] == "not listed":
        return _("not on NCSL's list of states that do (not a legal finding).")
    return _("not researched for this jurisdiction.")


def state_pages_data(reports: Path, spanish: bool = False) -> list[dict]:
    """One record per jurisdiction for its page: status at the end of the disclosure year and as of its own last
    report, every dated event with its source, licence policy, the letter, in-scope state-level figures and the
    citable sentences that name it."""
    from analysis.findings import access_status, block_history, comparison_basics
    from analysis.sources.tables import load_ice_access_events, load_state_level_figures, load_states

    states, events = load_states(), load_ice_access_events()
    sources = sources_table()
    end = comparison_basics.disclosure_period()[1]
    at_end = access_status.ice_access_as_of(states, end, events).set_index("usps")
    at_last = after_last_report(states, events)
    table = block_history.access_events(states, events)
    from analysis.findings.state_figures import state_figures_scope

    figures = state_figures_scope(load_state_level_figures(), used=load_state_level_figures().iloc[:0])
    # A figure resting only on a weak source stays in the scope table, marked, and is not printed here.
    in_scope = figures[figures["scope"].eq("in scope") & figures["value"].notna()
                       & figures["confirmed"].eq("confirmed")]
    citable = read_citable(reports)
    lang = "es" if spanish else "en"
    _ = translator(lang)
    # publishers with the words around their names (a copy read, a quotation) in the page's language
    sources = {sid: {**row, "publisher": publisher_words(row.get("publisher", ""), lang)}
               for sid, row in sources.items()}
    from analysis.publish.text.spanish import state_names

    names = state_names()
    records = []
    for st in states.fillna("").to_dict("records"):
        code = st["usps"]
        evs = [_event_record(e, sources.get(e["source_ids"], {}), lang)
               for e in table[table["usps"] == code].fillna("").to_dict("records")]
        publisher = sources.get(st["dl_source_id"], {}).get("publisher", "")
        state_figures = [
            figure_line(r, sources.get(r["source_ids"], {}).get("publisher", r["source_ids"]), spanish)
            for r in in_scope[in_scope["state"] == code].fillna("").to_dict("records")
        ]
        report, now_en, now_es = at_last[code]
        records.append({
            "s": {
                "usps": code, "name": names[code] if spanish else st["name"], "period_end": f"{end:%Y-%m-%d}",
                "last_date": report.date,
                "last_source": sources.get(report.source_id, {}).get("publisher", report.source_id),
                "last_source_id": report.source_id,
                "last_national": report.national,
                "status_end": status_text(at_end.loc[code].to_dict(), spanish),
                "status_now": now_es if spanish else now_en,
                "no_state_report": no_state_report(spanish),
                "population": format_number(int(st["population"]), lang),
                "population_vintage": (to_spanish(VINTAGES_ES, st["population_vintage"]) if spanish
                                       else st["population_vintage"]),
                "population_date": f"{st['population_date']:%Y-%m-%d}",
                "territory": st["jurisdiction_type"] == "territory",
                "licence": _licence(st, publisher, spanish),
                "letter": _("yes (as reported).") if st["governor_letter_2025_11_12"] else _("no."),
            },
            "events": evs,
            "figures": state_figures,
            "citable": [{**asdict(r), "sentence_shown": r.sentence_es if spanish else r.sentence,
                         "bound_shown": bound_words(r.bound, lang), "kind_shown": kind_words(r.kind, lang)}
                        for r in citable if st["name"] in r.sentence],
            "lang": lang,
        })
    return records


def render_state_page(record: dict, as_of: DataAsOf, in_spanish: bool = False) -> str:
    """One state page as HTML, in English or (with a record from ``state_pages_data(..., spanish=True)``) Spanish,
    from the one template ``state.html.j2`` and the catalog."""
    lang = "es" if in_spanish else "en"
    if record.get("lang", lang) != lang:
        raise ValueError(f"{record['s']['usps']}: a record in {record['lang']!r} rendered as {lang!r}")
    other_lang, other_name = OTHER_LANGUAGE[lang]
    code = record["s"]["usps"]
    other_page = f"../es/states/{code}.html" if lang == "en" else f"../../states/{code}.html"
    card = state_card(record, lang, sources_table())
    title = gettext("%(name)s: ICE access to DMV records through Nlets, as on record", lang) % {
        "name": record["s"]["name"]}
    share = meta_tags(card, title, card.text, "../" if lang == "en" else "../../")
    return templates(lang).get_template("state.html.j2").render(share=share,
        css=HOUSE_CSS, report_html=report_html(as_of, lang), population=population_words(as_of, lang),
        other_page=other_page, other_lang=other_lang, other_lang_name=other_name, nlets=what_nlets_is(lang),
        **{k: v for k, v in record.items() if k != "lang"})


def render_state_pages(reports: Path, as_of: DataAsOf) -> list[Path]:
    """Write ``reports/states/XX.html``, one page per jurisdiction, for local reporters to link."""
    folder = reports / "states"
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for record in state_pages_data(reports):
        out = folder / f"{record['s']['usps']}.html"
        out.write_text(render_state_page(record, as_of), encoding="utf-8", newline="\n")
        pages.append(out)
    return pages
