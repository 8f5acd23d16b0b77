"""The page ``nlets-analysis compare`` writes (``index.html``): what the file covers, the findings, figures, tables and
citable sentences with bounds and kinds, in the house style; offline (no script, font or image from elsewhere)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.publish.provenance import Provenance, provenance_lines
from analysis.publish.text import own_counts as own_text
from analysis.publish.text import own_statistics as stats_text
from analysis.publish.figures.own_counts import OwnFigure, credit_line
from analysis.findings.own_rates import OwnComparison
from analysis.cleaning.clean_result import CleanSummary

KIND_MEANINGS = {
    "supplied": "from the file you supplied, not published by this project",
    "published": "from a file its publisher released; computed here from it",
    "synthetic": "made up for tests and demonstrations: not real counts, not for publication",
}
_EXTRA_CSS = """
.synthetic{background:#fde8e0;border:3px solid #D55E00;color:#7a2500;font-weight:bold;padding:.6rem .9rem;
font-size:1.1rem;letter-spacing:.03em}
.credit{font-size:.9rem;color:#333;border-top:1px solid #ccc;margin-top:2rem;padding-top:.6rem}
code{overflow-wrap:anywhere;white-space:pre-wrap}
caption{text-align:left;font-weight:bold;margin:.4rem 0}
@media (max-width:640px){table.cards caption{display:block;width:100%}}
"""


@dataclass(frozen=True)
class PageInputs:
    """Everything the page shows besides the comparison: the file, the command, the cleaning summary, what was
    written (paths relative to the page) and the sentences."""

    file_name: str
    command: str
    summary: CleanSummary
    figures: Sequence[tuple[OwnFigure, Sequence[str]]]
    tables: Mapping[str, str]
    files: Mapping[str, str]
    citable: pd.DataFrame
    limits: Sequence[str]
    grain_reason: str = ""
    notebook: bool = False
    provenance: Provenance | None = None
    warnings: Sequence[str] = ()  # e.g. the input comes from an incomplete run's folder


def _e(text: object) -> str:
    return html.escape("" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text), quote=True)


def _cell(value: object) -> str:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, float) or (hasattr(value, "dtype") and "float" in str(getattr(value, "dtype", ""))):
        return "" if pd.isna(value) else f"{value:,.2f}"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}"
    return _e(value)


def table_html(frame: pd.DataFrame, labels: Mapping[str, str], caption: str) -> str:
    """A table that becomes one card per row on a phone (``table.cards``), so it never scrolls sideways; missing
    values print as ``not in file``.

    >>> "not in file" in table_html(pd.DataFrame({"a": [None]}), {"a": "A"}, "c")
    True
    """
    head = "".join(f'<th scope="col">{_e(labels.get(c, c))}</th>' for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            text = "not in file" if value is None or (not isinstance(value, str) and pd.isna(value)) else _cell(value)
            num = ' class="num"' if isinstance(value, (int, float)) and not isinstance(value, bool) else ""
            cells.append(f'<td data-label="{_e(labels.get(column, column))}"{num}>{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="cards"><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _figure_html(figure: OwnFigure, files: Sequence[str]) -> str:
    png = next(f for f in files if f.endswith(".png"))
    links = " ".join(f'<a href="{_e(f)}">{_e(Path(f).suffix[1:].upper())}</a>' for f in files)
    return (f'<figure><img src="{_e(png)}" alt="{_e(figure.alt_text)}" width="800">'
            f"<figcaption><h3>{_e(figure.title)}</h3><p class=\"downloads\">Download: {links}</p>"
            "</figcaption></figure>")


def _citable_html(citable: pd.DataFrame) -> str:
    items = []
    for r in citable.itertuples():
        items.append(f'<li id="{_e(r.id)}"><p>{_e(r.sentence)}</p><p class="tags"><span class="tag">kind: '
                     f'{_e(r.kind)}</span><span class="tag">bound: {_e(r.bound)}</span> {_e(r.bound_note)}</p></li>')
    return '<ol class="kit">' + "".join(items) + "</ol>"


def _summary_html(summary: CleanSummary) -> str:
    def n(key: str) -> str:
        value = getattr(summary, key, 0)
        return f"{int(value):,}" if isinstance(value, (int, float)) else _e(value)

    reasons = summary.rejected_rows_by_reason
    why = "; ".join(f"{_e(k)} {int(v):,}" for k, v in dict(reasons).items()) or "none"
    return (f"<p>Rows read: {n('rows_in')} = {n('rows_clean')} clean + {n('rows_rejected')} rejected (by reason: "
            f"{why}). Queries: {n('queries_in')} = {n('queries_clean')} clean + {n('queries_rejected')} rejected. "
            "Every raw spelling and what it became is in the audit file; rejected rows are in the rejects file "
            "with their row and reason.</p>")


COVERAGE_LABELS = {"usps": "State", "name": "Name", "group": "Block status", "ice_months": "ICE months",
                   "hsi_months": "HSI months", "all_months": "All-agency months",
                   "coverage_differs": "Coverage differs"}
GROUP_LABELS = {"agency": "Agency", "group": "Group", "states": "States", "median": "Median",
                "lowest": "Lowest", "lowest_state": "Lowest in", "highest": "Highest", "highest_state": "Highest in"}
RATE_LABELS = {"usps": "State", "agency": "Agency", "status": "In file", "months": "Months with a count",
               "missing_months": "No row", "queries": "Queries", "per_month": "Per month",
               "per_100k_month": "Per 100,000 a month (own months)", "months_compared": "Months compared",
               "per_100k_month_compared": "Per 100,000 a month (compared)"}
INTERVAL_LABELS = {"agency": "Agency", "usps": "State", "months": "Months", "queries": "Queries",
                   "rate": "Per 100,000 a month", "low": "95% low", "high": "95% high", "method": "Method"}
BEFORE_AFTER_LABELS = {"usps": "State", "agency": "Agency", "block_month": "Block month",
                       "before_months": "Months before", "before_per_100k_month": "Per 100,000 a month before",
                       "block_month_queries": "Queries in the block month", "after_months": "Months after",
                       "after_per_100k_month": "Per 100,000 a month after"}


def render(result: OwnComparison, page: PageInputs) -> str:
    """The whole page as HTML text."""
    from analysis.publish.site_assets import HOUSE_CSS  # the house stylesheet of reports/index.html

    synthetic = result.kind == "synthetic"
    banner = ('<p class="synthetic" id="synthetic-banner">SYNTHETIC TEST DATA: not real counts, not for '
              "publication.</p>" if synthetic else "")
    title = f"The blocking states against the rest, on {page.file_name}"
    rates = result.rates[result.rates["status"].eq("in file")]
    rate_table = rates[list(RATE_LABELS)].astype({c: "object" for c in ("per_100k_month", "per_100k_month_compared")})
    no_people = rates["residents"].isna().to_numpy()
    for column in ("per_100k_month", "per_100k_month_compared"):  # no population: no rate, but in the file
        rate_table.loc[no_people, column] = "no U.S. population"
    findings = [own_text.group_sentence(result, a) for a in ("ICE", "HSI", "all")]
    notes = [s for s in (own_text.absent_sentence(result), own_text.not_in_file_sentence(result),
                         own_text.outside_sentence(result)) if s]
    reading = [s for s in (*page.warnings, page.grain_reason, own_text.keys_sentence(result),
                           own_text.missing_sentence(result), own_text.partial_sentence(result)) if s]
    figures = {f.stem: _figure_html(f, files) for f, files in page.figures}
    outside = ("" if result.outside.empty else table_html(
        result.outside, {"destination": "Destination", "queries": "Queries", "reason": "Why no per-capita rate"},
        "Destinations kept out of the per-capita rates"))
    split = ("" if result.before_after.empty else table_html(
        result.before_after[list(BEFORE_AFTER_LABELS)], BEFORE_AFTER_LABELS,
        "Whole months before and after the month that holds each block"))
    intervals = result.statistics.intervals
    interval_table = "" if intervals.empty else (
        f"<details><summary>Every state's rate with its 95% interval ({len(intervals):,} rows)</summary>"
        + table_html(intervals[list(INTERVAL_LABELS)], INTERVAL_LABELS,
                     "Each state's rate over the months compared, with its 95% interval") + "</details>")
    notebook = ("<p>Notebook 02 was executed on the file with the same options and computes every number above with "
                "the same functions.</p>" if page.notebook else
                "<p>Notebook 02 was not run (--no-notebook, or the notebook extra is not installed).</p>")
    trail = "".join(f"<li>{_e(line)}</li>" for line in provenance_lines(page.provenance)) if page.provenance else ""
    downloads = "".join(f'<li><a href="{_e(p)}">{_e(label)}</a></li>'
                        for label, p in {**page.tables, **page.files}.items())
    kind_line = (f"Kind of every number on this page: <strong>{_e(result.kind)}</strong> "
                 f"({_e(KIND_MEANINGS.get(result.kind, ''))}). Bound: exact for the file as supplied; none is a "
                 "national figure.")
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(('SYNTHETIC: ' if synthetic else '') + title)}</title>",
        f"<style>{HOUSE_CSS}{_EXTRA_CSS}</style></head><body>",
        f"<header>{banner}<h1>{_e(title)}</h1><p class=\"asof\">{kind_line}</p>",
        '<nav><a href="#covers">What the file covers</a><a href="#findings">Findings</a>'
        '<a href="#statistics">More than chance?</a><a href="#before-after">Before and after a block</a>'
        '<a href="#limits">What it can and cannot say</a><a href="#citable">Citable sentences</a>'
        '<a href="#files">Tables and files</a></nav></header><main>',
        '<section id="covers"><h2>What the file covers</h2>',
        f"<p>{_e(own_text.coverage_sentence(result))}</p>",
        '<h3 id="reading">How the file was read and counted</h3>',
        "".join(f"<p>{_e(s)}</p>" for s in reading),
        "".join(f"<p>{_e(s)}</p>" for s in notes), _summary_html(page.summary),
        table_html(result.coverage, COVERAGE_LABELS, "Months present per state and agency"), outside, "</section>",
        '<section id="findings"><h2>Findings: the blocking states against the rest</h2>',
        "".join(f"<p>{_e(s)}</p>" for s in findings), figures.get("own-rates-by-group", ""),
        table_html(result.groups[list(GROUP_LABELS)], GROUP_LABELS,
                   "Per-state monthly rates per 100,000 residents: medians and ranges by group"),
        "</section>",
        '<section id="statistics"><h2>More than chance? Intervals and a permutation test</h2>',
        "".join(f"<p>{_e(s)}</p>" for s in stats_text.statistics_paragraphs(result)), interval_table, "</section>",
        '<section id="before-after"><h2>Before and after a block</h2>',
        f"<p>{_e(own_text.before_after_sentence(result))}</p>", figures.get("own-before-after-block", ""), split,
        "".join(f"<p>{_e(s)}</p>" for s in stats_text.block_paragraphs(result)),
        figures.get("own-block-event-study", ""), "</section>",
        '<section id="limits"><h2>What this comparison can and cannot say</h2><ul>',
        "".join(f"<li>{_e(s)}</li>" for s in page.limits), "</ul>",
        '<h3 id="methods">Methods and assumptions</h3><ul>',
        "".join(f"<li>{_e(s)}</li>" for s in stats_text.methods_note(result)), "</ul></section>",
        '<section id="citable"><h2>Citable sentences</h2>', _citable_html(page.citable), "</section>",
        '<section id="rates"><h2>Every state in the file</h2>',
        table_html(rate_table, RATE_LABELS, "Queries and rates by state and agency"), "</section>",
        f'<section id="files"><h2>Tables and files</h2><ul>{downloads}</ul>{notebook}</section>',
        f'<section id="provenance"><h2>Provenance</h2><ul>{trail}</ul></section>' if trail else "",
        f'</main><footer><p class="credit" id="credit">{_e(credit_line(page.file_name, page.command))}</p>'
        "</footer></body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"
