"""The October 2025 Nlets disclosure broken down by requester: ICE, HSI, both, everyone else, and the total.

Everything is computed from ``data/raw/disclosure_figures.csv``. The published total is only a floor ("over" a round
number), so every derived number carries a bound:

* ``bound``: of the count and its per-day and per-hour rates (``other`` = total − ICE − HSI is ``at least``);
* ``share_bound``: of the share of the total and the per-10,000 rate (ICE/HSI shares are ``at most``);
* ``one_in_n_bound``: of "1 in N" (N = total ÷ count is ``at least`` for ICE/HSI).

Numbers are formatted by rounding in the safe direction for their bound (a floor rounds down, a ceiling rounds up),
so a printed "at most 0.101%" stays true for a ceiling of 0.10073% (where "0.10%" would not).
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from analysis.figures import GROUP_COLOURS, LANDSCAPE, NEUTRAL, PORTRAIT, TEXT, Layout, fit_layout, frame, new_figure
from analysis import text_es as es
from analysis.sources import citation, load_disclosure_figures

METRICS = {
    "ICE": "dmv_queries_via_nlets_by_ice",
    "HSI": "dmv_queries_via_nlets_by_hsi",
    "All requesters": "dmv_queries_via_nlets_total",
}
COMBINED_METRIC = "dmv_queries_via_nlets_by_ice_and_hsi_combined"  # a published rounding of ICE + HSI
GROUPS = ["ICE", "HSI", "ICE + HSI", "All other requesters", "All requesters"]
COLUMNS = [
    "group", "count", "bound", "kind", "share_of_total", "share_bound", "per_10000", "one_in_n", "one_in_n_bound",
    "per_day", "per_hour", "period_start", "period_end", "days", "source_ids", "note",
]
COLUMN_DESCRIPTIONS = {
    "group": "requester group",
    "count": "DMV queries through Nlets in the period",
    "bound": "bound of count, per_day and per_hour: exact, or at least (the published total is a floor)",
    "kind": "published (as disclosed) or derived (our arithmetic on published counts)",
    "share_of_total": "count / published total, as a fraction",
    "share_bound": "bound of share_of_total and per_10000: at most for ICE and HSI, because the total is a floor",
    "per_10000": "queries per 10,000 of all DMV queries through Nlets",
    "one_in_n": "N in '1 in N queries' (published total / count)",
    "one_in_n_bound": "bound of one_in_n",
    "per_day": "count / days",
    "per_hour": "count / (days x 24)",
    "period_start": "first day of the disclosure year as stored in data/raw (the source gives only 'the year prior to')",
    "period_end": "last day of the disclosure year",
    "days": "days in the period, both ends included",
    "source_ids": "ids in data/raw/sources.csv, separated by ';'",
    "note": "what the row does and does not say",
}
_FLIP = {"exact": "exact", "at least": "at most", "at most": "at least", "approximate": "approximate"}
_NOTES = {
    "ICE": "Reported count. It is smaller than HSI's, so it cannot include all of HSI's queries; whether the two "
           "overlap is not stated.",
    "HSI": "Reported count (Homeland Security Investigations).",
    "ICE + HSI": "Sum of the two reported counts; not a published number.",
    "All other requesters": "Published total minus ICE minus HSI; a floor because the total is.",
    "All requesters": "Published total; the exact total was not released.",
}
_QUALIFIER_OF_BOUND = {"at least": "over", "at most": "at most", "approximate": "about", "exact": ""}


class BreakdownError(ValueError):
    """The disclosure figures are inconsistent (a part exceeds the total, shares do not sum, …)."""


# ---- formatting -------------------------------------------------------------------------------------------------

_ROUNDING = {"at least": ROUND_FLOOR, "at most": ROUND_CEILING, "exact": ROUND_HALF_EVEN, "approximate": ROUND_HALF_EVEN}
_BOUND_WORDS = {"exact": "", "at least": "at least ", "at most": "at most ", "approximate": "about "}


def round_safe(value: float, decimals: int, bound: str = "exact") -> Decimal:
    """Round ``value`` so the rounded number keeps its bound true: floors round down, ceilings round up.

    >>> round_safe(0.10073, 2, "at most"), round_safe(992.76, 0, "at least"), round_safe(800.31, 0)
    (Decimal('0.11'), Decimal('992'), Decimal('800'))
    """
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(step, rounding=_ROUNDING[bound])


def format_number(value: float, decimals: int = 0, bound: str = "exact") -> str:
    """Thousands separators, rounded safely for ``bound``.

    >>> format_number(289102770), format_number(9969.06, 1, "at least")
    ('289,102,770', '9,969.0')
    """
    return f"{round_safe(value, decimals, bound):,.{decimals}f}"


def format_share(share: float, bound: str = "exact") -> str:
    """A share of the total as a percentage: three decimals below 1%, two above, none for 100%.

    >>> format_share(0.0010072758620689655, "at most"), format_share(0.99690610, "at least"), format_share(1.0)
    ('0.101%', '99.69%', '100%')
    """
    percent = share * 100
    if percent == 100:
        return "100%"
    return f"{round_safe(percent, 3 if percent < 1 else 2, bound)}%"


def format_count_words(count: int) -> str:
    """A count for prose: whole millions in words, anything else in digits.

    >>> format_count_words(290_000_000), format_count_words(292114)
    ('290 million', '292,114')
    """
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000:,} million"
    return f"{count:,}"


def with_bound(text: str, bound: str) -> str:
    """Prefix a formatted number with its bound in words.

    >>> with_bound("0.101%", "at most"), with_bound("292,114", "exact")
    ('at most 0.101%', '292,114')
    """
    return _BOUND_WORDS[bound] + text


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


def ap_date(day: pd.Timestamp) -> str:
    """A date in AP style.

    >>> ap_date(pd.Timestamp("2025-09-30")), ap_date(pd.Timestamp("2024-03-01"))
    ('Sept. 30, 2025', 'March 1, 2024')
    """
    months = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    return f"{months[day.month - 1]} {day.day}, {day.year}"


# ---- the table --------------------------------------------------------------------------------------------------


def _sum_bound(*bounds: str) -> str:
    kinds = set(bounds) - {"exact"}
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 and "approximate" not in kinds else "approximate"


def _figure_rows(figures: pd.DataFrame) -> dict[str, pd.Series]:
    by_metric = figures.set_index("metric")
    rows = {}
    for group, metric in METRICS.items():
        if metric not in by_metric.index:
            raise BreakdownError(f"disclosure figures lack the {group} line ({metric})")
        row = by_metric.loc[metric]
        if pd.isna(row["value"]):
            raise BreakdownError(f"{group} line ({metric}): no published value")
        rows[group] = row
    periods = {(r["period_start"], r["period_end"]) for r in rows.values()}
    if len(periods) != 1:
        raise BreakdownError(f"ICE, HSI and the total cover different periods: {sorted(map(str, periods))}")
    return rows


def period_days(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Days from ``start`` to ``end``, both included.

    >>> period_days(pd.Timestamp("2024-10-01"), pd.Timestamp("2025-09-30"))
    365
    """
    return (end - start).days + 1


def breakdown_table(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The breakdown by requester group, one row each for ``GROUPS``, columns ``COLUMNS``; checked with
    :func:`check_breakdown` before it is returned. ``figures`` defaults to the published disclosure figures.

    >>> table = breakdown_table().set_index("group")
    >>> int(table.loc["All other requesters", "count"]), table.loc["All other requesters", "bound"]
    (289102770, 'at least')
    >>> round(float(table.loc["ICE", "per_day"]), 1), table.loc["ICE", "share_bound"]
    (800.3, 'at most')
    """
    figures = load_disclosure_figures() if figures is None else figures
    rows = _figure_rows(figures)
    ice, hsi, total = rows["ICE"], rows["HSI"], rows["All requesters"]
    start, end = ice["period_start"], ice["period_end"]
    days = period_days(start, end)
    t_value, t_bound = int(total["value"]), total["bound"]
    both_bound = _sum_bound(ice["bound"], hsi["bound"])

    def source(*parts: pd.Series) -> str:
        return ";".join(dict.fromkeys(p["source_id"] for p in parts))

    # (group, count, count bound, kind, share bound, source ids)
    lines = [
        ("ICE", int(ice["value"]), ice["bound"], ice["kind"], _sum_bound(ice["bound"], _FLIP[t_bound]), source(ice)),
        ("HSI", int(hsi["value"]), hsi["bound"], hsi["kind"], _sum_bound(hsi["bound"], _FLIP[t_bound]), source(hsi)),
        ("ICE + HSI", int(ice["value"]) + int(hsi["value"]), both_bound, "derived",
         _sum_bound(both_bound, _FLIP[t_bound]), source(ice, hsi)),
        # other = T − k, so its share 1 − k/T moves with T: it is bounded the same way as the total's count.
        ("All other requesters", t_value - int(ice["value"]) - int(hsi["value"]), _sum_bound(t_bound, _FLIP[both_bound]),
         "derived", _sum_bound(t_bound, _FLIP[both_bound]), source(total, ice, hsi)),
        ("All requesters", t_value, t_bound, total["kind"], "exact", source(total)),
    ]
    table = pd.DataFrame(lines, columns=["group", "count", "bound", "kind", "share_bound", "source_ids"])
    table["count"] = table["count"].astype("int64")
    table["share_of_total"] = table["count"] / t_value
    table["per_10000"] = table["share_of_total"] * 10_000
    table["one_in_n"] = t_value / table["count"].where(table["count"] > 0)
    table["one_in_n_bound"] = table["share_bound"].map(_FLIP)
    table["per_day"] = table["count"] / days
    table["per_hour"] = table["count"] / (days * 24)
    table["period_start"] = start.strftime("%Y-%m-%d")
    table["period_end"] = end.strftime("%Y-%m-%d")
    table["days"] = days
    table["note"] = table["group"].map(_NOTES)
    table.loc[table["group"] == "All requesters", "note"] = (
        f"Published as '{total['qualifier']} {format_count_words(t_value)}'; the exact total was not released."
        if t_bound != "exact" else "Published total.")
    rounded = figures.loc[figures["metric"] == COMBINED_METRIC]
    if len(rounded) and pd.notna(rounded["value"].iloc[0]):
        r = rounded.iloc[0]
        table.loc[table["group"] == "ICE + HSI", "note"] += (
            f" Published elsewhere, rounded, as '{r['qualifier']} {int(r['value']):,}' ({r['source_id']}).")
        table.loc[table["group"] == "ICE + HSI", "source_ids"] += f";{r['source_id']}"
    table = table[COLUMNS]
    check_breakdown(table)
    return table


def check_breakdown(table: pd.DataFrame) -> None:
    """Raise :class:`BreakdownError` naming the line, the expected and the found value when the breakdown is
    inconsistent: a negative count or a part above the total, parts not adding up, shares not summing to 1, or
    rates that do not match the counts.

    >>> check_breakdown(breakdown_table())
    >>> bad = breakdown_table().assign(count=lambda t: t["count"].where(t["group"] != "HSI", 10**9))
    >>> check_breakdown(bad)
    Traceback (most recent call last):
    ...
    analysis.breakdown.BreakdownError: line 'HSI': count must be at most the total (290,000,000), found 1,000,000,000
    """
    missing = [g for g in GROUPS if g not in set(table["group"])]
    if missing:
        raise BreakdownError(f"breakdown lacks the lines {missing}")
    t = table.set_index("group")
    count = t["count"].astype("int64")
    total = int(count["All requesters"])

    def fail(line: str, what: str, expected: str, found: str) -> None:
        raise BreakdownError(f"line {line!r}: {what} must be {expected}, found {found}")

    for group in GROUPS:
        if count[group] < 0:
            fail(group, "count", "zero or more", f"{count[group]:,}")
        if count[group] > total:
            fail(group, "count", f"at most the total ({total:,})", f"{count[group]:,}")
    if count["ICE + HSI"] != count["ICE"] + count["HSI"]:
        fail("ICE + HSI", "count", f"ICE + HSI = {count['ICE'] + count['HSI']:,}", f"{count['ICE + HSI']:,}")
    parts = count["ICE + HSI"] + count["All other requesters"]
    if parts != total:
        fail("All requesters", "count", f"ICE + HSI + all other requesters = {parts:,}", f"{total:,}")
    share_sum = float(t.loc[["ICE", "HSI", "All other requesters"], "share_of_total"].sum())
    if not math.isclose(share_sum, 1.0, rel_tol=1e-9):
        fail("All requesters", "sum of the ICE, HSI and other shares", "1", repr(float(share_sum)))
    for group in GROUPS:
        expected_share = count[group] / total
        if not math.isclose(t.loc[group, "share_of_total"], expected_share, rel_tol=1e-9):
            fail(group, "share_of_total", repr(float(expected_share)), repr(float(t.loc[group, "share_of_total"])))
        expected_day = count[group] / t.loc[group, "days"]
        if not math.isclose(t.loc[group, "per_day"], expected_day, rel_tol=1e-9):
            fail(group, "per_day", repr(float(expected_day)), repr(float(t.loc[group, "per_day"])))


def format_breakdown(table: pd.DataFrame) -> pd.DataFrame:
    """The breakdown as a reader sees it: every number formatted and prefixed with its bound in words.

    >>> format_breakdown(breakdown_table()).loc["ICE", "Share of all queries"]
    'at most 0.101%'
    """
    def one_in(row: pd.Series) -> str:
        if pd.isna(row["one_in_n"]) or row["group"] in ("All requesters", "All other requesters"):
            return ""
        # N is a floor exactly when the share is a ceiling, so "1 in N" reads as "at most 1 in N".
        return with_bound("1 in " + format_number(row["one_in_n"], 0, row["one_in_n_bound"]), row["share_bound"])

    return pd.DataFrame({
        "Requester": table["group"],
        "Queries": [with_bound(f"{c:,}", b) for c, b in zip(table["count"], table["bound"])],
        "Kind": table["kind"],
        "Share of all queries": [with_bound(format_share(s, b), b)
                                 for s, b in zip(table["share_of_total"], table["share_bound"])],
        "Per 10,000 queries": [with_bound(format_number(v, 1, b), b)
                               for v, b in zip(table["per_10000"], table["share_bound"])],
        "1 in N": table.apply(one_in, axis=1),
        "Per day": [with_bound(format_number(v, 0, b), b) for v, b in zip(table["per_day"], table["bound"])],
        "Per hour": [with_bound(format_number(v, 0, b), b) for v, b in zip(table["per_hour"], table["bound"])],
    }).set_index("Requester")


# ---- citable numbers --------------------------------------------------------------------------------------------


def citable_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """One row per key number with the sentence a reporter can paste, generated from ``table`` (never typed):
    ``id``, ``value``, ``formatted_value``, ``bound``, ``kind``, ``sentence``, ``source_ids``, ``citations``.

    >>> rows = citable_numbers(breakdown_table()).set_index("id")
    >>> rows.loc["ice-queries", "sentence"]
    'ICE ran 292,114 DMV queries through Nlets in the year to Sept. 30, 2025 — at most 0.101% of all DMV queries made through the system.'
    """
    t = table.set_index("group")
    period = f"in the year to {ap_date(pd.Timestamp(t.loc['ICE', 'period_end']))}"
    periodo = f"en el año hasta el {es.fecha(pd.Timestamp(t.loc['ICE', 'period_end']))}"
    rows: list[dict[str, Any]] = []

    def add(id_: str, group: str, value: float, formatted: str, bound: str, kind: str, sentence: str,
            sentence_es: str) -> None:
        rows.append({"id": id_, "value": value, "formatted_value": formatted, "bound": bound, "kind": kind,
                     "sentence": sentence, "sentence_es": sentence_es, "source_ids": t.loc[group, "source_ids"]})

    total = t.loc["All requesters"]
    qualifier = {"at least": "more than", "exact": "", "at most": "at most", "approximate": "about"}[total["bound"]]
    add("total-queries", "All requesters", int(total["count"]), format_count_words(int(total["count"])),
        total["bound"], total["kind"],
        f"Agencies ran {qualifier} {format_count_words(int(total['count']))} DMV queries through Nlets {period}; "
        "police do not generally use Nlets to query their own state's records, so the total leaves out most "
        "in-state look-ups.",
        f"Las agencias hicieron {es.con_cota(es.millones(int(total['count'])), total['bound'])} de consultas al DMV "
        f"a través de Nlets {periodo}; la policía no suele usar Nlets para consultar los registros de su propio "
        "estado, así que el total deja fuera la mayoría de las consultas dentro del estado.")
    names = {"ICE": "ICE", "HSI": "Homeland Security Investigations (HSI)"}
    nombres = {"ICE": "ICE", "HSI": "Investigaciones de Seguridad Nacional (HSI)"}
    for group, slug in (("ICE", "ice"), ("HSI", "hsi")):
        r = t.loc[group]
        share = with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"])
        add(f"{slug}-queries", group, int(r["count"]), f"{r['count']:,}", r["bound"], r["kind"],
            f"{names[group]} ran {r['count']:,} DMV queries through Nlets {period} — {share} of all DMV queries "
            "made through the system.",
            f"{nombres[group]} hizo {r['count']:,} consultas al DMV a través de Nlets {periodo}: "
            f"{es.con_cota(format_share(r['share_of_total'], r['share_bound']), r['share_bound'])} de todas las "
            "consultas al DMV hechas por el sistema.")
        add(f"{slug}-share", group, float(r["share_of_total"]), format_share(r["share_of_total"], r["share_bound"]),
            r["share_bound"], "derived",
            f"{group} accounted for {share} of all DMV queries through Nlets {period}, because the published total "
            f"is a floor.",
            f"{group} representó {es.con_cota(format_share(r['share_of_total'], r['share_bound']), r['share_bound'])}"
            f" de todas las consultas al DMV a través de Nlets {periodo}, porque el total publicado es un mínimo.")
        per_day, per_hour = format_number(r["per_day"], 0, r["bound"]), format_number(r["per_hour"], 0, r["bound"])
        add(f"{slug}-per-day", group, float(r["per_day"]), per_day, r["bound"], "derived",
            f"{group} averaged {per_day} DMV queries a day through Nlets — {per_hour} an hour — {period} "
            "(rounded).",
            f"{group} hizo en promedio {per_day} consultas al DMV al día a través de Nlets ({per_hour} por hora) "
            f"{periodo} (redondeado).")
        # N is a floor, so "1 in N" is a ceiling on the share: the row's value and bound are the share's, as the
        # sentence states it ("no more than 1 in N").
        n = format_number(r["one_in_n"], 0, r["one_in_n_bound"])
        add(f"{slug}-one-in-n", group, float(r["share_of_total"]), f"1 in {n}", r["share_bound"], "derived",
            f"No more than 1 in {n} DMV queries through Nlets {period} came from {group}.",
            f"Como máximo 1 de cada {n} consultas al DMV a través de Nlets {periodo} vino de {group}.")
    both = t.loc["ICE + HSI"]
    both_share = with_bound(format_share(both["share_of_total"], both["share_bound"]), both["share_bound"])
    add("ice-hsi-queries", "ICE + HSI", int(both["count"]), f"{both['count']:,}", both["bound"], "derived",
        f"Together, ICE and HSI ran {both['count']:,} DMV queries through Nlets {period} — {both_share} of all — "
        "adding the two reported counts. HSI's count is larger than ICE's, so ICE's cannot include all of HSI's; "
        "whether the two overlap is not stated, and if they do, the sum counts some queries twice.",
        f"En conjunto, ICE y HSI hicieron {both['count']:,} consultas al DMV a través de Nlets {periodo} "
        f"({es.con_cota(format_share(both['share_of_total'], both['share_bound']), both['share_bound'])} del total), "
        "sumando las dos cifras reportadas. La cifra de HSI es mayor que la de ICE, así que la de ICE no puede "
        "incluir todas las de HSI; no se dice si se solapan, y si lo hacen, la suma cuenta algunas consultas dos "
        "veces.")
    per_10000 = format_number(both["per_10000"], 0, both["share_bound"])
    add("ice-hsi-per-10000", "ICE + HSI", float(both["per_10000"]), per_10000, both["share_bound"], "derived",
        f"Of every 10,000 DMV queries through Nlets {period}, {with_bound(per_10000, both['share_bound'])} came "
        "from ICE or HSI.",
        f"De cada 10,000 consultas al DMV a través de Nlets {periodo}, "
        f"{es.con_cota(per_10000, both['share_bound'])} vinieron de ICE o de HSI.")
    other = t.loc["All other requesters"]
    add("other-queries", "All other requesters", int(other["count"]), f"{other['count']:,}", other["bound"],
        "derived",
        f"Requesters other than ICE and HSI ran {with_bound(format_number(other['count']), other['bound'])} DMV queries "
        f"through Nlets {period}.",
        f"Los solicitantes distintos de ICE y HSI hicieron "
        f"{es.con_cota(format_number(other['count']), other['bound'])} consultas al DMV a través de Nlets {periodo}.")
    per_day = format_number(total["per_day"], 0, total["bound"])
    add("total-per-day", "All requesters", float(total["per_day"]), per_day, total["bound"], "derived",
        f"Agencies ran {with_bound(per_day, total['bound'])} DMV queries a day through Nlets, on average, {period}.",
        f"Las agencias hicieron en promedio {es.con_cota(per_day, total['bound'])} consultas al DMV al día a través "
        f"de Nlets {periodo}.")

    rows += context_citable_numbers()
    frame_ = pd.DataFrame(rows)
    frame_["citations"] = [" | ".join(citation(s) for s in ids.split(";")) for ids in frame_["source_ids"]]
    return frame_.sort_values("id", kind="stable").reset_index(drop=True)


# Published figures that frame the disclosure, each with the sentence that says exactly what its source says.
_CONTEXT = {
    "agencies_with_nlets_access_to_state_dmv_data": (
        "agencies-with-access",
        "About {n} federal, state, local, tribal and territorial law-enforcement agencies in the United States and "
        "Canada can query other states' DMV records through Nlets, the lawmakers' letters of {as_of}, said.",
        "Unas {n_es} agencias policiales federales, estatales, locales, tribales y territoriales de Estados Unidos y "
        "Canadá pueden consultar registros del DMV de otros estados a través de Nlets, según las cartas de los "
        "legisladores del {fecha_es}."),
    "states_sharing_driver_licence_photos_via_nlets": (
        "states-sharing-licence-photos",
        "The lawmakers' letters of {as_of}, said {n} states share driver's licence photos through Nlets; the "
        "sources do not name them.",
        "Las cartas de los legisladores del {fecha_es} dijeron que {n_es} estados comparten fotos de licencias de "
        "conducir a través de Nlets; las fuentes no los nombran."),
    "states_known_to_nlets_to_block_ice": (
        "states-nlets-knew-to-block-ice",
        "Nlets said it was aware of only {n} states that have blocked ICE: Illinois, New York, Massachusetts and "
        "Minnesota (as reported on {as_of}; when Nlets said so is not published).",
        "Nlets dijo que solo sabía de {n_es} estados que han bloqueado a ICE: Illinois, Nueva York, Massachusetts y "
        "Minnesota (según se informó el {fecha_es}; no se ha publicado cuándo lo dijo Nlets)."),
    "governors_sent_letters": (
        "governors-sent-letters",
        "On {as_of}, members of Congress sent letters to {n} governors (17 states, the U.S. Virgin Islands and "
        "Guam) urging them to block ICE's access to their DMV records through Nlets.",
        "El {fecha_es}, miembros del Congreso enviaron cartas a {n_es} gobernadores (17 estados, las Islas "
        "Vírgenes de EE. UU. y Guam) pidiéndoles que bloquearan el acceso de ICE a los registros del DMV a través "
        "de Nlets."),
}


_SMALL_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def context_citable_numbers() -> list[dict[str, Any]]:
    """Citable rows for the published figures around the counts: agencies with access, states sharing photos, the
    states Nlets knew to block ICE, the letters. Each sentence states the source's own hedge (``about`` for an
    approximate figure) and its date.

    >>> [(r["id"], r["formatted_value"], r["bound"]) for r in context_citable_numbers()][:2]
    [('agencies-with-access', '18,000', 'approximate'), ('states-sharing-licence-photos', '41', 'exact')]
    """
    figures = load_disclosure_figures().set_index("metric")
    rows = []
    for metric, (id_, template, template_es) in _CONTEXT.items():
        if metric not in figures.index or pd.isna(figures.loc[metric, "value"]):
            continue
        row = figures.loc[metric]
        value = int(row["value"])
        n = _SMALL_NUMBER_WORDS[value] if value < 10 else f"{value:,}"  # AP style: one to nine in words
        as_of = ap_date(pd.Timestamp(row["as_of"])) if len(str(row["as_of"])) == 10 else str(row["as_of"])
        sentence = template.format(n=n, as_of=as_of)
        sentence_es = template_es.format(n_es=es.numero(value), fecha_es=es.fecha(str(row["as_of"])))
        rows.append({"id": id_, "value": value, "formatted_value": n, "bound": row["bound"],
                     "kind": row["kind"], "sentence": sentence[0].upper() + sentence[1:],
                     "sentence_es": sentence_es,
                     "source_ids": row["source_id"]})
    return rows


# ---- figures ----------------------------------------------------------------------------------------------------


def _sources_of(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(s for ids in table["source_ids"] for s in ids.split(";")))  # primary source first


def _period_words(table: pd.DataFrame) -> str:
    start, end = pd.Timestamp(table["period_start"].iloc[0]), pd.Timestamp(table["period_end"].iloc[0])
    return f"{ap_date(start)}, to {ap_date(end)}"


def waffle_squares(table: pd.DataFrame, units: int = 10_000) -> pd.DataFrame:
    """Whole squares per group for a waffle of ``units`` squares (ICE, HSI, all other requesters), by largest
    remainder so they add up to ``units``; with the exact per-``units`` value beside each.

    >>> waffle_squares(breakdown_table())[["group", "squares"]].values.tolist()
    [['ICE', 10], ['HSI', 21], ['All other requesters', 9969]]
    """
    parts = table.set_index("group").loc[["ICE", "HSI", "All other requesters"]]
    exact = parts["share_of_total"] * units
    squares = np.floor(exact).astype("int64")
    short = units - int(squares.sum())
    order = (exact - squares).sort_values(ascending=False, kind="stable").index[:short]
    squares[order] += 1
    return pd.DataFrame({
        "group": parts.index,
        "squares": squares.to_numpy(),
        "exact_per_10000": (parts["share_of_total"] * 10_000).to_numpy(),
        "bound": parts["share_bound"].to_numpy(),
        "queries": parts["count"].to_numpy(),
        "queries_per_square": int(parts["count"].sum()) / units,
    })


def _share_es(r: pd.Series) -> str:
    return es.con_cota(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"])


def published_as_es(table: pd.DataFrame) -> str:
    """The total as published, in Spanish words.

    >>> published_as_es(breakdown_table())
    '"más de 290 millones"'
    """
    total = table.set_index("group").loc["All requesters"]
    words = {"at least": "más de ", "approximate": "unas ", "at most": "como máximo "}.get(total["bound"], "")
    return f'"{words}{es.millones(int(total["count"]))}"'


def _draw_waffle(ax, image: np.ndarray, squares: pd.DataFrame, t: pd.DataFrame, colours: list[str]) -> None:
    """The landscape waffle: 100 × 100 squares, labels to the right, the coloured runs named above them."""
    side = 100
    ax.imshow(image, interpolation="nearest", extent=(0, side, side, 0))
    ax.set_axis_off()
    ax.set_anchor("W")
    ax.set_position([0.05, ax.get_position().y0, 0.62, ax.get_position().height])
    for i, group in enumerate(squares["group"]):
        r = t.loc[group]
        share = with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"])
        queries = with_bound(f"{int(r['count']):,}", r["bound"])
        label = f"{group}\n{queries} queries\n{share} of all"
        y = 8 + i * 16
        ax.text(104, y, label, color=TEXT, fontsize=10, va="top",
                fontweight="bold" if group != "All other requesters" else "normal")
        ax.add_patch(Rectangle((101, y - 0.2), 2, 2, color=colours[i], clip_on=False))
    # Name the coloured runs right above them: they are too small to find otherwise.
    start = 0
    for i, group in enumerate(squares["group"][:2]):
        width = int(squares.loc[i, "squares"])
        ax.plot([start + 0.1, start + width - 0.1], [-1.2, -1.2], color=colours[i], lw=2, clip_on=False,
                solid_capstyle="butt")
        ax.text(start + width / 2 if i else start, -2.2, f"{group} ({width})", color=colours[i], fontsize=9,
                fontweight="bold", ha="center" if i else "left", va="bottom")
        start += width
    ax.set_xlim(0, side)
    ax.set_ylim(side, 0)


def _draw_share_zoom(ax, squares: pd.DataFrame, t: pd.DataFrame, colours: list[str], layout: Layout) -> None:
    """The portrait share graphic: 100 squares of 1 in 100 queries, the first enlarged into 100 squares of 1 in
    10,000 (ICE's and HSI's squares first), then each group's queries and share in words."""
    grey = colours[2]
    for k in range(100):  # the whole: each square 1 in 100 queries
        row, col = divmod(k, 10)
        ax.add_patch(Rectangle((col * 0.5, row * 0.5), 0.42, 0.42, facecolor=grey if k else "white",
                               edgecolor=TEXT if k == 0 else "none", linewidth=1.2))
    ax.text(5.6, 0.0, "All DMV queries:\n1 square = 1 in 100.\nThe first one,\nenlarged below:", va="top",
            ha="left", fontsize=layout.label_pt, color=TEXT)
    top = 6.6
    for x0, x1 in ((0, 0), (0.42, 10)):
        ax.plot([x0, x1], [0.42, top], color=NEUTRAL, linewidth=0.8)
    codes = np.repeat(np.arange(len(squares)), squares["squares"].clip(upper=100).to_numpy())[:100]
    for k, code in enumerate(codes):  # the first 100 of 10,000: ICE, then HSI, then the rest
        row, col = divmod(k, 10)
        ax.add_patch(Rectangle((col + 0.06, top + row + 0.06), 0.88, 0.88, facecolor=colours[code], edgecolor="none"))
    ax.add_patch(Rectangle((0, top), 10, 10, facecolor="none", edgecolor=TEXT, linewidth=1.2))
    y = top + 10.7
    for i, group in enumerate(squares["group"]):
        r = t.loc[group]
        share = with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"])
        queries = with_bound(f"{int(r['count']):,}", r["bound"])
        n = int(squares.loc[i, "squares"])
        ax.add_patch(Rectangle((0, y + 0.1), 0.8, 0.8, facecolor=colours[i], edgecolor="none"))
        ax.text(1.2, y, f"{group}\n{n:,} {'square' if n == 1 else 'squares'} of 10,000\n{queries} queries\n"
                f"{share} of all", va="top", ha="left", fontsize=layout.label_pt, color=TEXT, linespacing=1.2,
                fontweight="bold" if group != "All other requesters" else "normal")
        y += 3.3
    ax.set_xlim(-0.1, 10.1)
    ax.set_ylim(y - 0.6, -0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_anchor("N")
    ax.figure.subplots_adjust(left=0.06, right=0.94)


def share_waffle_figure(table: pd.DataFrame, layout: Layout = LANDSCAPE) -> dict[str, Any]:
    """Keyword arguments for :func:`analysis.export.export_figure`: a 100 × 100 waffle where each square is one in
    10,000 DMV queries, ICE and HSI squares coloured, with the numbers drawn as ``data``.

    On a phone 10,000 squares are specks, so the portrait variant (added by the landscape call) is a share graphic
    in two steps: 100 squares of 1 in 100 queries, then the first of them enlarged into 100 squares of 1 in 10,000,
    where ICE's and HSI's squares are counted out large."""
    squares = waffle_squares(table)
    side = 100
    codes = np.repeat(np.arange(len(squares)), squares["squares"].to_numpy())  # ICE first, then HSI, then others
    colours = [GROUP_COLOURS[g] for g in squares["group"]]

    # 4×4 pixels per square with a white gutter: crisp squares at any zoom, one small raster in SVG/PDF.
    cell = 5
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours], dtype=np.uint8)
    image = np.full((side * cell, side * cell, 3), 255, dtype=np.uint8)
    for index, code in enumerate(codes):
        row, col = divmod(index, side)
        image[row * cell:row * cell + cell - 1, col * cell:col * cell + cell - 1] = rgb[code]

    t = table.set_index("group")
    note = bounds_note(table) + " Squares are rounded to whole units."
    fig, ax = new_figure(layout.width_in, 8.2)
    frame(
        fig,
        title="ICE and HSI made a sliver of the DMV queries that passed through Nlets",
        subtitle=(f"DMV queries made through Nlets, {_period_words(table)}: 100 squares of 1 in 100, the first "
                  "enlarged into 100 squares of 1 in 10,000" if layout.portrait else
                  f"Each square is 1 in every 10,000 DMV queries made through Nlets, {_period_words(table)}"),
        source_ids=_sources_of(table),
        bounds_note=note,
        layout=layout,
        plot_height_in=7.9 if layout.portrait else None,
    )
    if layout.portrait:
        _draw_share_zoom(ax, squares, t, colours, layout)
    else:
        _draw_waffle(ax, image, squares, t, colours)
    fit_layout(fig, layout)

    ice, hsi, other = (t.loc[g] for g in ("ICE", "HSI", "All other requesters"))

    def share_of(r: pd.Series) -> str:
        return with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"])

    alt = (
        "Waffle chart of 10,000 squares, each standing for 1 in every 10,000 DMV queries made through Nlets "
        f"from {_period_words(table)}. {squares.loc[0, 'squares']} squares in the top-left corner are ICE "
        f"({int(ice['count']):,} queries, {share_of(ice)} "
        f"of all) and the next {squares.loc[1, 'squares']} are HSI ({int(hsi['count']):,} queries, "
        f"{share_of(hsi)}). The other "
        f"{squares.loc[2, 'squares']:,} squares, grey, are all other requesters "
        f"({with_bound(format_number(other['count']), other['bound'])} queries)."
    )
    if t.loc["All requesters", "bound"] == "at least":
        alt += f" Because the total was published only as {published_as(table)}, the ICE and HSI shares are ceilings."
    data = squares.assign(
        colour=colours,
        share_of_total=squares["group"].map(t["share_of_total"]).to_numpy(),
    )
    alt_es = (
        "Gráfico de 10,000 cuadros; cada uno representa 1 de cada 10,000 consultas al DMV hechas a través de Nlets "
        f"{es.periodo(table['period_start'].iloc[0], table['period_end'].iloc[0])}. Los "
        f"{squares.loc[0, 'squares']} cuadros de la esquina superior izquierda son de ICE "
        f"({int(ice['count']):,} consultas, {_share_es(ice)} del total) y los {squares.loc[1, 'squares']} siguientes "
        f"son de HSI ({int(hsi['count']):,} consultas, {_share_es(hsi)}). Los otros {squares.loc[2, 'squares']:,} "
        f"cuadros, en gris, son de todos los demás solicitantes "
        f"({es.con_cota(format_number(other['count']), other['bound'])} consultas)."
    )
    if t.loc["All requesters", "bound"] == "at least":
        alt_es += (f" Como el total solo se publicó como {published_as_es(table)}, los porcentajes de ICE y HSI son "
                   "máximos.")
    return {
        "fig": fig,
        **({"portrait": share_waffle_figure(table, PORTRAIT)["fig"]} if not layout.portrait else {}),
        "alt_text_es": alt_es,
        "name": "fig01-ice-hsi-share-per-10000",
        "title": "ICE and HSI made a sliver of the DMV queries that passed through Nlets (1 square = 1 in 10,000)",
        "alt_text": alt,
        "data": data,
        "source_ids": _sources_of(table),
        "kinds": ["derived", "published"],
        "bounds_note": note,
        "key_numbers": _key_numbers(table, ["ICE", "HSI"], "share"),
        "description": "Unit chart: ICE and HSI against all DMV queries through Nlets, per 10,000 queries.",
        "column_descriptions": {
            "group": "requester group", "squares": "squares drawn (whole units, largest remainder)",
            "exact_per_10000": "exact queries per 10,000 (before rounding to squares)",
            "bound": "bound of exact_per_10000", "queries": "queries in the period",
            "queries_per_square": "queries one square stands for at the published floor",
            "colour": "fill colour", "share_of_total": "count / published total",
        },
    }


# Ids shared by key numbers in the manifest and rows of citable_numbers.csv.
SLUGS = {"ICE": "ice", "HSI": "hsi", "ICE + HSI": "ice-hsi", "All other requesters": "other", "All requesters": "total"}


def _key_numbers(table: pd.DataFrame, groups: list[str], measure: str) -> list[dict[str, Any]]:
    """Key numbers for the manifest: count and share (``measure="share"``) or the per-day rate of each group."""
    t = table.set_index("group")
    numbers = []
    for group in groups:
        r, slug = t.loc[group], SLUGS[group]
        if measure == "share":
            numbers.append({"id": f"{slug}-queries", "label": f"{group}: queries", "value": int(r["count"]),
                            "formatted": f"{int(r['count']):,}", "bound": r["bound"], "kind": r["kind"]})
            numbers.append({"id": f"{slug}-share", "label": f"{group}: share of all queries",
                            "value": float(r["share_of_total"]),
                            "formatted": format_share(r["share_of_total"], r["share_bound"]),
                            "bound": r["share_bound"], "kind": "derived"})
        else:
            numbers.append({"id": f"{slug}-per-day", "label": f"{group}: queries per day", "value": float(r["per_day"]),
                            "formatted": format_number(r["per_day"], 0, r["bound"]), "bound": r["bound"],
                            "kind": "derived"})
    return numbers


def daily_rates_figure(table: pd.DataFrame, layout: Layout = LANDSCAPE) -> dict[str, Any]:
    """Keyword arguments for :func:`analysis.export.export_figure`: ICE, HSI and ICE + HSI queries per day (bars,
    labelled with the per-hour rate), with the all-requesters rate as an annotation because its bar would be over
    300 times longer. Drawn in ``layout``; the landscape call adds the portrait variant (labels above the bars)."""
    t = table.set_index("group")
    groups = ["ICE", "HSI", "ICE + HSI"]
    rates = t.loc[groups]
    total = t.loc["All requesters"]
    ratio = total["per_day"] / rates.loc["ICE + HSI", "per_day"]
    ratio_bound = _sum_bound(total["bound"], _FLIP[rates.loc["ICE + HSI", "bound"]])  # floor ÷ exact = floor
    note = (f"All requesters together: {with_bound(format_number(total['per_day'], 0, total['bound']), total['bound'])}"
            f" a day, {with_bound(format_number(ratio, 0, ratio_bound), ratio_bound)} times the ICE + HSI bar"
            " (too long to draw on this scale"
            + ("; the published total is a floor)." if total["bound"] == "at least" else ").")
            + " ICE + HSI adds two reported counts; the disclosure does not say whether they overlap.")

    fig, ax = new_figure(layout.width_in, 5.2)
    frame(
        fig,
        title=f"ICE ran about {format_number(rates.loc['ICE', 'per_day'])} DMV queries a day through Nlets, "
              f"HSI about {format_number(rates.loc['HSI', 'per_day'])}",
        subtitle=f"Average queries per day, {_period_words(table)}",
        source_ids=_sources_of(table),
        bounds_note=note,
        layout=layout,
        plot_height_in=3.4 if layout.portrait else None,
    )
    y = np.arange(len(groups))[::-1] * (1.6 if layout.portrait else 1)
    ax.barh(y, rates["per_day"], color=[GROUP_COLOURS[g] for g in groups], height=0.6)
    ax.tick_params(axis="y", length=0, labelsize=11)
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("DMV queries per day (average)")
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    for yy, (group, r) in zip(y, rates.iterrows()):
        words = f"{format_number(r['per_day'], 0, r['bound'])} a day"
        hour = f"({format_number(r['per_hour'], 0, r['bound'])} an hour)"
        if layout.portrait:  # the group's name and rate above its bar: no room beside it
            ax.text(0, yy + 0.4, f"{group}: {words} {hour}", va="bottom", ha="left", fontsize=layout.label_pt,
                    color=TEXT)
        else:
            ax.text(r["per_day"] + rates["per_day"].max() * 0.01, yy, f"{words}\n{hour}", va="center", fontsize=10,
                    color=TEXT)
    if layout.portrait:
        ax.set_yticks([])
        ax.set_ylim(y.min() - 0.5, y.max() + 1.1)
        ax.xaxis.set_major_locator(MaxNLocator(3))
        fig.subplots_adjust(left=0.07, right=0.93)
    else:
        ax.set_yticks(y, groups)
    ax.set_xlim(0, rates["per_day"].max() * (1.05 if layout.portrait else 1.3))
    ax.grid(axis="x", color=NEUTRAL, lw=0.5)
    ax.set_axisbelow(True)

    alt = (
        f"Horizontal bar chart of average DMV queries per day through Nlets, {_period_words(table)}: "
        + "; ".join(f"{g}: {format_number(rates.loc[g, 'per_day'], 0)} a day ({format_number(rates.loc[g, 'per_hour'], 0)} an hour)"
                    for g in groups)
        + f". All requesters together averaged {with_bound(format_number(total['per_day'], 0, total['bound']), total['bound'])}"
          f" a day, {with_bound(format_number(ratio, 0, ratio_bound), ratio_bound)} times the ICE and HSI bar,"
          " so it is given as a note rather than drawn."
    )
    t_es = es.periodo(table["period_start"].iloc[0], table["period_end"].iloc[0])
    alt_es = (
        f"Gráfico de barras horizontales del promedio diario de consultas al DMV a través de Nlets, {t_es}: "
        + "; ".join(f"{g}: {format_number(rates.loc[g, 'per_day'], 0)} al día "
                    f"({format_number(rates.loc[g, 'per_hour'], 0)} por hora)" for g in groups)
        + f". Todos los solicitantes juntos promediaron "
          f"{es.con_cota(format_number(total['per_day'], 0, total['bound']), total['bound'])} al día, "
          f"{es.con_cota(format_number(ratio, 0, ratio_bound), ratio_bound)} veces la barra de ICE y HSI, así que se "
          "da como nota y no se dibuja."
    )
    drawn = table.loc[table["group"].isin(groups + ["All requesters"]), ["group", "count", "per_day", "per_hour", "bound", "days"]]
    data = drawn.assign(drawn_as=np.where(drawn["group"] == "All requesters", "note", "bar")).reset_index(drop=True)
    fit_layout(fig, layout)
    return {
        "fig": fig,
        **({"portrait": daily_rates_figure(table, PORTRAIT)["fig"]} if not layout.portrait else {}),
        "alt_text_es": alt_es,
        "name": "fig01-daily-query-rates",
        "title": "ICE and HSI DMV queries per day through Nlets",
        "alt_text": alt,
        "data": data,
        "source_ids": _sources_of(table),
        "kinds": ["derived", "published"],
        "bounds_note": note,
        "key_numbers": _key_numbers(table, ["ICE", "HSI", "All requesters"], "per_day"),
        "description": "Bar chart of average queries per day by ICE, HSI and both; all requesters given as a note.",
        "column_descriptions": {
            "group": "requester group", "count": "queries in the period", "per_day": "queries per day (average)",
            "per_hour": "queries per hour (average)", "bound": "bound of count and rates", "days": "days in the period",
            "drawn_as": "bar, or a note on the figure",
        },
    }


# ---- notebook helpers -------------------------------------------------------------------------------------------

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
    from analysis.sources import load_sources

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


def table_export(table: pd.DataFrame) -> dict[str, Any]:
    """Keyword arguments for :func:`analysis.export.export_table` for the breakdown table."""
    return {
        "df": table,
        "name": "tab01-breakdown-by-requester",
        "title": "DMV queries through Nlets by requester group, Oct. 2024 to Sept. 2025",
        "description": "ICE, HSI, both, all other requesters and the total: count, share, per 10,000, 1 in N, per "
                       "day and per hour, with the bound and kind of each number and its sources.",
        "source_ids": _sources_of(table),
        "kinds": sorted(set(table["kind"])),
        "bounds_note": bounds_note(table),
        "key_numbers": _key_numbers(table, ["ICE", "HSI"], "share"),
        "column_descriptions": COLUMN_DESCRIPTIONS,
    }


def citable_markdown(rows: pd.DataFrame) -> str:
    """The citable sentences as a Markdown list, each labelled with its id, kind and bound.

    >>> citable_markdown(citable_numbers(breakdown_table())).splitlines()[0].split(":")[0]
    '- `agencies-with-access` (published, approximate)'
    """
    return "\n".join(f"- `{r.id}` ({r.kind}, {r.bound}): {r.sentence}" for r in rows.itertuples())
