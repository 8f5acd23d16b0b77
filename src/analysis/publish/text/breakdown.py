"""Notebook 01's prose: the disclosure summary, the notes on bounds, and the citable numbers of the breakdown table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.findings.breakdown import breakdown_table  # noqa: F401 (the doctests use it)
from analysis.publish.i18n import NC_, translate
from analysis.publish.citable_numbers import CitableNumber, citable_number, period_text
from analysis.publish.prose import ap_date, format_count_words, format_number, format_share, with_bound
from analysis.publish.text import spanish as es
from analysis.publish.text.qualifiers import published_words, share_rounding_note
from analysis.sources.tables import load_disclosure_figures

def _say(template: str, lang: str, **values: str) -> str:
    """A sentence of msgctxt "citable" in ``lang`` (its Spanish from the catalog), filled with ``values``."""
    return translate("citable", template, lang) % values


_QUALIFIER_OF_BOUND = {"at least": "over", "at most": "at most", "approximate": "about", "exact": ""}


def published_as(table: pd.DataFrame) -> str:
    """The total as the source put it, rebuilt from its value and bound.

    >>> published_as(breakdown_table())
    'over 290 million'
    """
    total = table.set_index("group").loc["All requesters"]
    return f"{_QUALIFIER_OF_BOUND[total['bound']]} {format_count_words(int(total['count']))}".strip()


def bounds_note(table: pd.DataFrame) -> str:
    """The note printed on figures and in the manifest: what the floor on the total means for the other numbers.

    >>> bounds_note(breakdown_table()).split(":")[0]
    'The total was published as "over 290 million", a floor'
    """
    total = table.set_index("group").loc["All requesters"]
    if total["bound"] == "exact":
        return "All numbers are exact or derived from exact published counts."
    return (f'The total was published as "{published_as(table)}", a floor: counts for all other requesters are at '
            "least the figure shown; ICE and HSI shares are at most the figure shown.")


# What each kind of breakdown number counts, in plain words (a share is a fraction: 0.001 is 0.1%).
_UNITS = {
    "queries": "DMV queries",
    "share": "share of all DMV queries through Nlets (fraction)",
    "per-day": "DMV queries per day",
    "per-10000": "DMV queries per 10,000 DMV queries through Nlets",
}


def citable_numbers(table: pd.DataFrame) -> list[CitableNumber]:
    """One row per key number with the sentence a reporter can paste, generated from ``table`` (never typed), with
    its unit, the period of its group in ``table``, its bound, kind and sources; sorted by id.

    >>> rows = {r.id: r for r in citable_numbers(breakdown_table())}
    >>> rows["ice-queries"].sentence
    'ICE ran 292,114 DMV queries through Nlets in the year to Sept. 30, 2025 — at most 0.101% of all DMV queries made through the system.'
    >>> rows["ice-share"].value, rows["ice-share"].unit, rows["ice-share"].period
    (0.0010072896551724137, 'share of all DMV queries through Nlets (fraction)', '2024-10-01 to 2025-09-30')
    """
    t = table.set_index("group")
    in_year = NC_("citable", "in the year to %(date)s")
    period = _say(in_year, "en", date=ap_date(pd.Timestamp(t.loc["ICE", "period_end"])))
    periodo = _say(in_year, "es", date=es.fecha(pd.Timestamp(t.loc["ICE", "period_end"])))
    rows: list[CitableNumber] = []

    def add(id_: str, group: str, unit: str, value: float, formatted: str, bound: str, kind: str, template: str,
            en: dict[str, str], es_values: dict[str, str]) -> None:
        """A row whose sentence is ``template`` (msgctxt "citable") filled with ``en``, in Spanish with ``es_values``.
        """
        rows.append(citable_number(
            id=id_, value=value, formatted_value=formatted, unit=_UNITS[unit],
            period=period_text(t.loc[group, "period_start"], t.loc[group, "period_end"]), bound=bound, kind=kind,
            sentence=_say(template, "en", **en), sentence_es=_say(template, "es", **es_values),
            source_ids=t.loc[group, "source_ids"]))

    total = t.loc["All requesters"]
    add("total-queries", "All requesters", "queries", int(total["count"]), format_count_words(int(total["count"])),
        total["bound"], total["kind"],
        NC_("citable", "Agencies ran %(total)s DMV queries through Nlets %(period)s; police do not generally use Nlets "
            "to query their own state's records, so the total leaves out most in-state look-ups."),
        {"total": published_words(format_count_words(int(total["count"])), total["bound"]), "period": period},
        {"total": published_words(es.millones(int(total["count"])), total["bound"], "es"), "period": periodo})
    names = {"ICE": NC_("agency", "ICE"), "HSI": NC_("agency", "Homeland Security Investigations (HSI)")}
    for group, slug in (("ICE", "ice"), ("HSI", "hsi")):
        r = t.loc[group]
        share = with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"])
        share_es = es.con_cota(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"])
        add(f"{slug}-queries", group, "queries", int(r["count"]), f"{r['count']:,}", r["bound"], r["kind"],
            NC_("citable", "%(group)s ran %(count)s DMV queries through Nlets %(period)s — %(share)s of all DMV "
                "queries made through the system."),
            {"group": names[group], "count": f"{r['count']:,}", "period": period, "share": share},
            {"group": translate("agency", names[group], "es"), "count": f"{r['count']:,}", "period": periodo,
             "share": share_es})
        add(f"{slug}-share", group, "share", float(r["share_of_total"]),
            format_share(r["share_of_total"], r["share_bound"]), r["share_bound"], "derived",
            NC_("citable", "%(group)s accounted for %(share)s of all DMV queries through Nlets %(period)s, because "
                "the published total is a floor."),
            {"group": group, "share": share, "period": period}, {"group": group, "share": share_es, "period": periodo})
        per_day, per_hour = format_number(r["per_day"], 0, r["bound"]), format_number(r["per_hour"], 0, r["bound"])
        add(f"{slug}-per-day", group, "per-day", float(r["per_day"]), per_day, r["bound"], "derived",
            NC_("citable", "%(group)s averaged %(per_day)s DMV queries a day through Nlets — %(per_hour)s an hour — "
                "%(period)s (rounded)."),
            {"group": group, "per_day": per_day, "per_hour": per_hour, "period": period},
            {"group": group, "per_day": per_day, "per_hour": per_hour, "period": periodo})
        # N is a floor, so "1 in N" is a ceiling on the share: the row's value and bound are the share's, as the
        # sentence states it ("no more than 1 in N").
        n = format_number(r["one_in_n"], 0, r["one_in_n_bound"])
        add(f"{slug}-one-in-n", group, "share", float(r["share_of_total"]), f"1 in {n}", r["share_bound"], "derived",
            NC_("citable", "No more than 1 in %(n)s DMV queries through Nlets %(period)s came from %(group)s."),
            {"n": n, "period": period, "group": group}, {"n": n, "period": periodo, "group": group})
    both = t.loc["ICE + HSI"]
    both_share = with_bound(format_share(both["share_of_total"], both["share_bound"]), both["share_bound"])
    # A sum of two counts that may overlap: exact as a sum, so its sentence says "add up to", never "ran".
    note_en, note_es = share_rounding_note(both["share_of_total"], both["share_bound"])
    add("ice-hsi-queries", "ICE + HSI", "queries", int(both["count"]), f"{both['count']:,}", both["bound"], "derived",
        NC_("citable", "ICE's and HSI's reported counts of DMV queries through Nlets %(period)s add up to %(count)s "
            "— %(share)s of all%(note)s. This is a sum of two counts that may overlap: HSI's count is larger than "
            "ICE's, so ICE's cannot include all of HSI's, but whether the two overlap is not stated, and if they do, "
            "the sum counts some queries twice."),
        {"period": period, "count": f"{both['count']:,}", "share": both_share,
         "note": f" ({note_en})" if note_en else ""},
        {"period": periodo, "count": f"{both['count']:,}",
         "share": es.con_cota(format_share(both["share_of_total"], both["share_bound"]), both["share_bound"]),
         "note": f"; {note_es}" if note_es else ""})
    per_10000 = format_number(both["per_10000"], 0, both["share_bound"])
    add("ice-hsi-per-10000", "ICE + HSI", "per-10000", float(both["per_10000"]), per_10000, both["share_bound"],
        "derived",
        NC_("citable", "Of every 10,000 DMV queries through Nlets %(period)s, %(share)s came from ICE or HSI."),
        {"period": period, "share": with_bound(per_10000, both["share_bound"])},
        {"period": periodo, "share": es.con_cota(per_10000, both["share_bound"])})
    other = t.loc["All other requesters"]
    add("other-queries", "All other requesters", "queries", int(other["count"]), f"{other['count']:,}", other["bound"],
        "derived",
        NC_("citable", "Requesters other than ICE and HSI ran %(count)s DMV queries through Nlets %(period)s."),
        {"count": with_bound(format_number(other["count"]), other["bound"]), "period": period},
        {"count": es.con_cota(format_number(other["count"]), other["bound"]), "period": periodo})
    per_day = format_number(total["per_day"], 0, total["bound"])
    add("total-per-day", "All requesters", "per-day", float(total["per_day"]), per_day, total["bound"], "derived",
        NC_("citable", "Agencies ran %(per_day)s DMV queries a day through Nlets, on average, %(period)s."),
        {"per_day": with_bound(per_day, total["bound"]), "period": period},
        {"per_day": es.con_cota(per_day, total["bound"]), "period": periodo})

    rows += context_citable_numbers()
    return sorted(rows, key=lambda r: r.id)

# Published figures that frame the disclosure, each with the sentence that says exactly what its source says
# (msgctxt "citable"; %(n)s the number, %(as_of)s the date).
_CONTEXT = {
    "agencies_with_nlets_access_to_state_dmv_data": (
        "agencies-with-access",
        NC_("citable", "About %(n)s federal, state, local, tribal and territorial law-enforcement agencies in the "
            "United States and Canada can query other states' DMV records through Nlets, the lawmakers' letters of "
            "%(as_of)s, said.")),
    "states_sharing_driver_licence_photos_via_nlets": (
        "states-sharing-licence-photos",
        NC_("citable", "The lawmakers' letters of %(as_of)s, said %(n)s states share driver's licence photos through "
            "Nlets; the sources do not name them.")),
    "states_known_to_nlets_to_block_ice": (
        "states-nlets-knew-to-block-ice",
        NC_("citable", "Nlets said it was aware of only %(n)s states that have blocked ICE: Illinois, New York, "
            "Massachusetts and Minnesota (as reported on %(as_of)s; when Nlets said so is not published).")),
    "governors_sent_letters": (
        "governors-sent-letters",
        NC_("citable", "On %(as_of)s, members of Congress sent letters to %(n)s governors (17 states, the U.S. Virgin "
            "Islands and Guam) urging them to block ICE's access to their DMV records through Nlets.")),
}

_SMALL_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
# Sources a sentence rests on beside its figure's own: the split of the 19 governors (17 states, the Virgin Islands
# and Guam) is Voz's list of the recipients, not the release's ("urged 19 Democratic governors").
_ALSO_CITED = {"governors_sent_letters": ("voz-2025-11-13",)}


def context_citable_numbers() -> list[CitableNumber]:
    """Citable rows for the published figures around the counts: agencies with access, states sharing photos, the
    states Nlets knew to block ICE, the letters. Each sentence states the source's own hedge (``about`` for an
    approximate figure) and its date; the unit is the one published, the period the day the figure stands on.

    >>> [(r.id, r.formatted_value, r.bound) for r in context_citable_numbers()][:2]
    [('agencies-with-access', '18,000', 'approximate'), ('states-sharing-licence-photos', '41', 'exact')]
    >>> [(r.unit, r.period) for r in context_citable_numbers()][:2]
    [('agencies', '2025-11-12'), ('states', '2025-11-12')]
    """
    figures = load_disclosure_figures().set_index("metric")
    rows = []
    for metric, (id_, template) in _CONTEXT.items():
        if metric not in figures.index or pd.isna(figures.loc[metric, "value"]):
            continue
        row = figures.loc[metric]
        value = int(row["value"])
        n = _SMALL_NUMBER_WORDS[value] if value < 10 else f"{value:,}"  # AP style: one to nine in words
        as_of = ap_date(pd.Timestamp(row["as_of"])) if len(str(row["as_of"])) == 10 else str(row["as_of"])
        sentence = _say(template, "en", n=n, as_of=as_of)
        sentence_es = _say(template, "es", n=es.numero(value), as_of=es.fecha(str(row["as_of"])))
        period = (period_text(row["period_start"], row["period_end"]) if pd.notna(row["period_start"])
                  else period_text(row["as_of"]))
        rows.append(citable_number(
            id=id_, value=value, formatted_value=n, unit=str(row["unit"]), period=period, bound=row["bound"],
            kind=row["kind"], sentence=sentence[0].upper() + sentence[1:], sentence_es=sentence_es,
            source_ids=";".join([row["source_id"], *_ALSO_CITED.get(metric, ())]),
            principal=row["source_id"]))
    return rows


def sources_of(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(s for ids in table["source_ids"] for s in ids.split(";")))  # primary source first


def period_words(table: pd.DataFrame) -> str:
    start, end = pd.Timestamp(table["period_start"].iloc[0]), pd.Timestamp(table["period_end"].iloc[0])
    return f"{ap_date(start)}, to {ap_date(end)}"

_SUMMARY_LINES = [
    ("dmv_queries_via_nlets_total", "DMV queries through Nlets, all requesters"),
    ("dmv_queries_via_nlets_by_ice", "DMV queries by ICE"),
    ("dmv_queries_via_nlets_by_hsi", "DMV queries by HSI (Homeland Security Investigations)"),
    ("dmv_queries_via_nlets_by_ice_and_hsi_combined", "ICE and HSI together, as rounded by Reuters"),
    ("agencies_with_nlets_access_to_state_dmv_data", "agencies with access to state DMV data through Nlets"),
]

_QUALIFIER_WORDS = {"over": "more than", "nearly": "nearly", "approximately": "about", "exact": ""}


def disclosure_summary(figures: pd.DataFrame | None = None) -> str:
    """The published figures this notebook uses, as a Markdown list generated from ``data/raw/`` (value with the
    source's own qualifier, period or date, and source).

    >>> disclosure_summary().splitlines()[1]
    '- **292,114** DMV queries by ICE, Oct. 1, 2024, to Sept. 30, 2025 (published; Office of U.S. Senator Ron Wyden, 2025-11-12)'
    """
    from analysis.sources.tables import load_sources

    figures = load_disclosure_figures() if figures is None else figures
    sources = load_sources().set_index("source_id")
    by_metric = figures.set_index("metric")
    lines = []
    for metric, label in _SUMMARY_LINES:
        row = by_metric.loc[metric]
        words = _QUALIFIER_WORDS.get(row["qualifier"], row["qualifier"])
        value = f"{words} {format_count_words(int(row['value']))}".strip()
        when = (f"{ap_date(row['period_start'])}, to {ap_date(row['period_end'])}" if pd.notna(row["period_start"])
                else f"as of {row['as_of']}")
        source = sources.loc[row["source_id"]]
        lines.append(f"- **{value}** {label}, {when} ({row['kind']}; {source['publisher']}, {source['published']})")
    return "\n".join(lines)


def ice_hsi_note(table: pd.DataFrame) -> str:
    """What the two reported counts allow us to say about whether ICE's count includes HSI's.

    >>> ice_hsi_note(breakdown_table()).split(";")[0]
    "ICE's reported count (292,114) is smaller than HSI's (605,116), so it cannot include all of HSI's queries"
    """
    t = table.set_index("group")
    ice, hsi = int(t.loc["ICE", "count"]), int(t.loc["HSI", "count"])
    if ice < hsi:
        head = f"ICE's reported count ({ice:,}) is smaller than HSI's ({hsi:,}), so it cannot include all of HSI's queries"
    else:
        head = f"ICE's reported count ({ice:,}) is at least HSI's ({hsi:,}), so it could include them"
    return (head + "; the disclosure does not say whether the two overlap at all. \"ICE + HSI\" adds the two reported "
            f"counts ({int(t.loc['ICE + HSI', 'count']):,}); if they overlap, it counts some queries twice and the "
            "floor for all other requesters is higher still.")


def citable_markdown(rows: Sequence[CitableNumber]) -> str:
    """The citable sentences as a Markdown list, each labelled with its id, kind and bound.

    >>> citable_markdown(citable_numbers(breakdown_table())).splitlines()[0].split(":")[0]
    '- `agencies-with-access` (published, approximate)'
    """
    return "\n".join(f"- `{r.id}` ({r.kind}, {r.bound}): {r.sentence}" for r in rows)


# Ids shared by key numbers in the manifest and rows of citable_numbers.csv.
SLUGS = {"ICE": "ice", "HSI": "hsi", "ICE + HSI": "ice-hsi", "All other requesters": "other", "All requesters": "total"}


# The groups as key-number labels name them (msgctxt "key-number").
_GROUP_WORDS = {"ICE": NC_("key-number", "ICE"), "HSI": NC_("key-number", "HSI"),
                "ICE + HSI": NC_("key-number", "ICE + HSI"),
                "All other requesters": NC_("key-number", "All other requesters"),
                "All requesters": NC_("key-number", "All requesters")}


def key_label(template: str, **values: Any) -> dict[str, str]:
    """A key number's ``label`` and ``label_es``: one template of msgctxt "key-number" (its Spanish from the catalog),
    filled with the same ``values``.

    >>> key_label(NC_("key-number", "%(group)s: queries per day"), group="HSI")
    {'label': 'HSI: queries per day', 'label_es': 'HSI: consultas por día'}
    """
    return {"label": translate("key-number", template, "en") % values,
            "label_es": translate("key-number", template, "es") % values}


def _group_label(template: str, group: str) -> dict[str, str]:
    """A group's key-number label in English and Spanish, the group's name in each language."""
    return {key: translate("key-number", template, lang) % {"group": translate("key-number", _GROUP_WORDS[group], lang)}
            for key, lang in (("label", "en"), ("label_es", "es"))}


def key_numbers(table: pd.DataFrame, groups: list[str], measure: str) -> list[dict[str, Any]]:
    """Key numbers for the manifest: count and share (``measure="share"``) or the per-day rate of each group, each
    labelled in English and Spanish."""
    t = table.set_index("group")
    numbers = []
    for group in groups:
        r, slug = t.loc[group], SLUGS[group]
        if measure == "share":
            numbers.append({"id": f"{slug}-queries", **_group_label(NC_("key-number", "%(group)s: queries"), group),
                            "value": int(r["count"]),
                            "formatted": f"{int(r['count']):,}", "bound": r["bound"], "kind": r["kind"]})
            numbers.append({"id": f"{slug}-share",
                            **_group_label(NC_("key-number", "%(group)s: share of all queries"), group),
                            "value": float(r["share_of_total"]),
                            "formatted": format_share(r["share_of_total"], r["share_bound"]),
                            "bound": r["share_bound"], "kind": "derived"})
        else:
            numbers.append({"id": f"{slug}-per-day",
                            **_group_label(NC_("key-number", "%(group)s: queries per day"), group),
                            "value": float(r["per_day"]),
                            "formatted": format_number(r["per_day"], 0, r["bound"]), "bound": r["bound"],
                            "kind": "derived"})
    return numbers


def open_rate_label(agency: str, start: str, end: str) -> dict[str, str]:
    """The key-number label of an agency's queries per 100,000 residents of the 50 states and DC not known to block
    ICE (never "open": most have no report either way), in English and Spanish
    (:func:`analysis.publish.tables.open_rates_table`)."""
    return key_label(NC_("key-number", "%(agency)s: queries per 100,000 residents of the 50 states and DC not known "
                                       "to block ICE, %(start)s to %(end)s"), agency=agency, start=start, end=end)
