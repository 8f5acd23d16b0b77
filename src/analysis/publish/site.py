"""The reporters' page: ``reports/index.html`` generated from ``reports/manifest.json``, and each notebook as a static
page in ``reports/notebooks/``. Everything is offline: no scripts, fonts or styles from elsewhere.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter

from analysis.publish.caveats import PAGE_NOTE_EN, PAGE_NOTE_ES

KIND_MEANINGS = {
    "published": "as the source says it",
    "derived": "computed from published numbers",
    "modelled": "an estimate that rests on the assumption stated beside it",
    "synthetic": "made up for tests and demonstrations",
}
BOUND_MEANINGS = {
    "exact": "the number as published or computed exactly from published numbers",
    "at least": "a floor: the true number is this or higher (it rests on the published 'over 290 million')",
    "at most": "a ceiling: the true number is this or lower (a share of a total that is itself a floor, or a "
               "modelled average whose assumption can only overstate it)",
    "approximate": "a rounded or approximate figure as published",
}

_CSS = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Verdana,sans-serif;max-width:1100px;margin:1.2rem auto;padding:0 1rem;color:#1a1a1a;
line-height:1.45;font-size:16px;overflow-wrap:anywhere}
h1{font-size:1.6rem;margin:.2rem 0}h2{margin-top:2.2rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
nav a{display:inline-block;margin:0 .8rem .3rem 0}
.asof{margin:.2rem 0 .6rem;color:#333}
.kit{padding-left:1.4rem}.kit li{margin:.2rem 0 1rem}.kit p{margin:.2rem 0}
.tags{font-size:.85rem;color:#333}.tag{display:inline-block;border:1px solid #0072B2;border-radius:3px;padding:0 .35rem;
margin-right:.3rem}
button.copy{font:inherit;font-size:.9rem;padding:.35rem .7rem;border:1px solid #0072B2;background:#eef4fa;
border-radius:4px;cursor:pointer}button.copy.done{background:#d9f2e6}
figure{margin:1.5rem 0;padding:1rem;border:1px solid #ddd;border-radius:6px;background:#fafafa}
figure img{max-width:100%;height:auto;background:#fff}
figcaption h3{margin:.2rem 0 .4rem;font-size:1.15rem}
.meta{font-size:.9rem;color:#333}.meta dt{font-weight:bold;margin-top:.4rem}.meta dd{margin-left:1rem}
.downloads a{margin-right:.8rem}
table{border-collapse:collapse;font-size:.9rem;width:100%}th,td{border:1px solid #ccc;padding:.3rem .45rem;
vertical-align:top;text-align:left}
th{background:#eef4fa}td.num{text-align:right;white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}.filters label{font-size:.9rem}
.filters select,.filters input{font:inherit;font-size:.9rem}
.note{background:#fff8e1;border-left:4px solid #E69F00;padding:.6rem .9rem}
pre.embed{white-space:pre-wrap;font-size:.8rem;background:#f4f4f4;padding:.4rem}
@media (max-width:640px){
body{margin:.6rem auto}h1{font-size:1.35rem}
table.cards thead{display:none}table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
table.cards tr{border:1px solid #ccc;border-radius:6px;margin:0 0 .8rem;padding:.4rem}
table.cards td{border:none;padding:.15rem .2rem;text-align:left}
table.cards td::before{content:attr(data-label) ": ";font-weight:bold}
td.num{white-space:normal}
figure{padding:.5rem;margin:1rem 0}.meta dd{margin-left:.4rem}
}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _entry_files(entry: dict) -> list[dict]:
    return sorted(entry.get("files", []), key=lambda f: f["path"])


def _list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _sources_html(entry: dict) -> str:
    items = []
    for source in _list(entry.get("sources")):
        if isinstance(source, dict):
            sid = source.get("id") or source.get("source_id", "")
            items.append(f"<li><code>{_e(sid)}</code> {_e(source.get('citation', ''))}</li>")
        else:
            items.append(f"<li>{_e(source)}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>none</p>"


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _key_numbers_html(entry: dict) -> str:
    numbers = _list(entry.get("key_numbers"))
    if not numbers:
        return ""
    items = []
    for number in numbers:
        if isinstance(number, dict):
            label = number.get("label") or number.get("id", "")
            value = number.get("formatted") or number.get("value", "")
            if _DATE.fullmatch(str(value)):
                # A date is not "exact": its label says what it is (applied, reported by), the value its precision.
                precision = {10: "day", 7: "month", 4: "year"}[len(str(value))]
                extra = ", ".join([f"date to the {precision}", *([_e(number["kind"])] if number.get("kind") else [])])
            else:
                extra = ", ".join(_e(number[k]) for k in ("bound", "kind") if number.get(k))
            items.append(f"<li>{_e(label)}: <strong>{_e(value)}</strong>{f' ({extra})' if extra else ''}</li>")
        else:
            items.append(f"<li>{_e(number)}</li>")
    return "<dt>Key numbers</dt><dd><ul>" + "".join(items) + "</ul></dd>"


def _downloads_html(entry: dict) -> str:
    links = []
    for f in _entry_files(entry):
        path = f["path"]
        label = Path(path).suffix.lstrip(".").upper() or path
        if f.get("role") == "portrait":
            label += " (phone)"
        links.append(f'<a href="{_e(path)}" download>{_e(label)}</a>')
    return '<p class="downloads">Download: ' + " ".join(links) + "</p>"


PHONE_MEDIA = "(max-width: 640px)"


def picture_html(entry: dict, prefix: str = "", alt: str | None = None) -> str:
    """A figure's ``<picture>``: the portrait PNG (large type) below 640 px, else the landscape PNG; ``prefix`` is
    the path from the page to ``reports/``, ``alt`` the alt text (default: the entry's English one).

    >>> picture_html({"files": [{"path": "figures/a.png", "role": "image"},
    ...     {"path": "figures/a-portrait.png", "role": "portrait"}], "alt_text": "A chart."})
    '<picture><source media="(max-width: 640px)" srcset="figures/a-portrait.png"><img src="figures/a.png" alt="A chart." loading="eager"></picture>'
    """
    files = _entry_files(entry)
    png = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "image"), None)
    portrait = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "portrait"), None)
    if not png:
        return ""
    alt = entry.get("alt_text", "") if alt is None else alt
    source = f'<source media="{PHONE_MEDIA}" srcset="{_e(prefix + portrait)}">' if portrait else ""
    return f'<picture>{source}<img src="{_e(prefix + png)}" alt="{_e(alt)}" loading="eager"></picture>'


def _figure_html(entry: dict) -> str:
    img = picture_html(entry)
    kinds = ", ".join(f"{k} ({KIND_MEANINGS.get(k, '')})" for k in _list(entry.get("kinds")))
    note = entry.get("bounds_note") or ""
    return (
        f'<figure id="{_e(entry["name"])}">{img}<figcaption><h3>{_e(entry.get("title", entry["name"]))}</h3>'
        f'<dl class="meta"><dt>What it shows</dt><dd>{_e(entry.get("alt_text", ""))}</dd>'
        f"{_key_numbers_html(entry)}"
        f"{f'<dt>Bounds and caveats</dt><dd>{_e(note)}</dd>' if note else ''}"
        f"<dt>Kinds of numbers</dt><dd>{_e(kinds)}</dd>"
        f"<dt>Sources</dt><dd><details><summary>{len(_list(entry.get('sources')))} source(s): full citations"
        f"</summary>{_sources_html(entry)}</details></dd>"
        f"<dt>Made by</dt><dd>{_e(entry.get('notebook', ''))}</dd></dl>"
        f"{_downloads_html(entry)}"
        f'<details><summary>Embed this chart</summary><p>Paste where the chart should appear (host the '
        f'<code>reports/</code> folder with it): <a href="embed/{_e(entry["name"])}.html">preview</a></p>'
        f'<pre class="embed">{_e(embed_snippet(entry["name"]))}</pre></details></figcaption></figure>'
    )


def _table_html(entry: dict) -> str:
    kinds = ", ".join(_list(entry.get("kinds")))
    return (
        f'<li id="{_e(entry["name"])}"><strong>{_e(entry.get("title", entry["name"]))}</strong>: '
        f'{_e(entry.get("description", ""))} <em>Kinds: {_e(kinds)}.</em> {_downloads_html(entry)}'
        f"<details><summary>Sources</summary>{_sources_html(entry)}</details></li>"
    )


def _citable_html(reports: Path) -> str:
    path = reports / "tables" / "citable_numbers.csv"
    if not path.exists():
        return "<p>No citable numbers have been exported yet.</p>"
    rows = _read_citable(reports)
    wanted = [c for c in ("id", "formatted_value", "bound", "kind", "sentence", "source_ids") if rows and c in rows[0]]
    head = "".join(f"<th>{_e(c.replace('_', ' '))}</th>" for c in wanted)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if c == "formatted_value" else ""}>{_e(r[c])}</td>' for c in wanted) + "</tr>"
        for r in rows
    )
    return (
        '<p>Paste a sentence as it stands; it carries its bound. '
        '<a href="tables/citable_numbers.csv" download>Download as CSV</a>.</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _legend_html() -> str:
    kinds = "".join(f"<li><strong>{_e(k)}</strong>: {_e(v)}</li>" for k, v in KIND_MEANINGS.items())
    bounds = "".join(f"<li><strong>{_e(k)}</strong>: {_e(v)}</li>" for k, v in BOUND_MEANINGS.items())
    return f"<h3>Kinds of numbers</h3><ul>{kinds}</ul><h3>Bounds</h3><ul>{bounds}</ul>"


def render_notebook(notebook: Path, out_dir: Path) -> Path:
    """Write one notebook as a static, offline HTML page (images embedded, no remote scripts)."""
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.widget_renderer_url = ""
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{notebook.stem}.html"
    out.write_text(body, encoding="utf-8")
    return out


_JS = """
document.querySelectorAll('button.copy').forEach(function (b) {
  b.addEventListener('click', function () {
    var text = b.getAttribute('data-copy');
    function done() { b.classList.add('done'); b.textContent = 'Copied'; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  });
});
function fallback(text) {
  var t = document.createElement('textarea'); t.value = text; document.body.appendChild(t); t.select();
  try { document.execCommand('copy'); } catch (e) {} document.body.removeChild(t);
}
function filterRows() {
  var nb = document.getElementById('f-notebook').value, kind = document.getElementById('f-kind').value;
  var text = document.getElementById('f-text').value.toLowerCase();
  document.querySelectorAll('#citable-table tbody tr').forEach(function (r) {
    var show = (!nb || r.dataset.notebook === nb) && (!kind || r.dataset.kind === kind) &&
      (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
    r.hidden = !show;
  });
}
var picker = document.getElementById('state-picker');
if (picker) { picker.addEventListener('change', function () { if (picker.value) { location.href = picker.value; } }); }
['f-notebook', 'f-kind', 'f-text'].forEach(function (id) {
  var el = document.getElementById(id); if (el) { el.addEventListener('input', filterRows); }
});
"""

# The story kit: the citable ids of the headline facts, in the order a reporter reads them.
KIT_IDS = ["total-queries", "ice-queries", "hsi-queries", "agencies-with-access", "states-sharing-licence-photos",
           "states-nlets-knew-to-block-ice", "governors-sent-letters"]
_KIND_ORDER = {"published": 0, "derived": 1, "modelled": 2, "synthetic": 3}


def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                              autoescape=True, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def _read_citable(reports: Path) -> list[dict[str, str]]:
    path = reports / "tables" / "citable_numbers.csv"
    if not path.exists():
        return []
    from analysis.safe_csv import read_csv

    # Through the project's reader, which removes the "'" that guards text cells starting like a formula.
    return read_csv(path, dtype=str, keep_default_na=False).to_dict("records")


def _sources_table() -> dict[str, dict[str, str]]:
    from analysis.sources.tables import load_sources

    frame = load_sources().fillna("")
    return {r["source_id"]: {k: str(v) for k, v in r.items()} for r in frame.to_dict("records")}


def _short_source(ids: list[str], sources: dict[str, dict[str, str]]) -> str:
    return "; ".join(f"{sources[i]['publisher']}, {sources[i]['published'] or 'undated'}" for i in ids if i in sources)


def as_of_date(rows: list[dict[str, str]], sources: dict[str, dict[str, str]]) -> str:
    """The latest publication date among the sources the citable numbers use (as precise as that source gives it),
    so the page says how current its data is without reading the build clock.

    >>> as_of_date([{"source_ids": "a;b"}], {"a": {"published": "2025-11-12"}, "b": {"published": "2026-01"}})
    '2026-01'
    """
    dates = [sources[i]["published"] for r in rows for i in r["source_ids"].split(";") if i in sources
             and sources[i]["published"]]
    if not dates:
        return "not stated"
    # Compared by the first day a date can mean, so a month-precise date never claims more than it says.
    return max(dates, key=lambda d: (d + "-01-01")[:10])


def _order(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Headline numbers first (story-kit order), then published, derived and modelled ones, by id."""
    rank = {id_: i for i, id_ in enumerate(KIT_IDS)}
    return sorted(rows, key=lambda r: (rank.get(r["id"], len(rank)), _KIND_ORDER.get(r["kind"], 9), r["id"]))


def _unknowns() -> list[str]:
    """What the disclosure did not publish, from the NOT FOUND rows of ``data/raw/disclosure_figures.csv``."""
    from analysis.sources.tables import load_disclosure_figures

    words = {
        "dmv_queries_via_nlets_per_state": "No per-state split: how often ICE or HSI queried any one state's records "
                                           "was not published.",
        "dmv_queries_via_nlets_by_cbp": "No count for U.S. Customs and Border Protection (CBP).",
        "dmv_queries_via_nlets_by_other_federal_agencies": "No counts for the FBI or other federal agencies.",
        "distinct_people_queried": "No count of people: the figures count queries, and one person can be queried "
                                   "many times.",
    }
    figures = load_disclosure_figures()
    missing = figures[figures["value"].isna() & figures["note"].fillna("").str.startswith("NOT FOUND")]
    items = [words[m] for m in missing["metric"] if m in words]
    return items + ["When Nlets said which four states it knew to block ICE: only its October 2025 data handover "
                    "is dated."]


def _state_choices() -> list[dict[str, str]]:
    from analysis.sources.tables import load_states

    return [{"usps": u, "name": n} for u, n in sorted(zip(load_states()["usps"], load_states()["name"]),
                                                        key=lambda x: x[1])]


def render_index(reports: Path, notebooks: list[Path]) -> Path:
    """Write ``reports/index.html`` from ``reports/manifest.json`` and ``tables/citable_numbers.csv``: the story
    kit first (headline facts with copy buttons), then figures, the citable table (headline numbers first,
    filterable), tables, labels and notebook pages."""
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    entries = sorted(manifest["entries"], key=lambda e: e["name"])
    figures = [e for e in entries if e.get("type") == "figure"]
    tables = [e for e in entries if e.get("type") == "table"]
    sources = _sources_table()
    rows = _order(_read_citable(reports))
    by_id = {r["id"]: r for r in rows}
    kit = []
    for id_ in KIT_IDS:
        if id_ not in by_id:
            continue
        r = by_id[id_]
        ids = [i for i in r["source_ids"].split(";") if i]
        kit.append({
            "sentence": r["sentence"], "kind": r["kind"], "bound": r["bound"],
            "short_source": _short_source(ids, sources),
            "copy_text": f"{r['sentence']} [{r['bound']}, {r['kind']}] Source: {r['citations']}",
        })
    citable = [{
        **r, "notebook_name": Path(r["notebook"]).stem,
        "sources": [{"publisher": sources[i]["publisher"], "url": sources[i]["url"]}
                    for i in r["source_ids"].split(";") if i in sources],
    } for r in rows]
    page = _templates().get_template("index.html.j2").render(
        css=_CSS, js=_JS, as_of=as_of_date(rows, sources), kit=kit, unknown=_unknowns(), caveat_note=PAGE_NOTE_EN,
        figures_html="".join(_figure_html(e) for e in figures),
        tables_html="".join(_table_html(e) for e in tables), legend_html=_legend_html(),
        citable=citable, notebooks_filter=sorted({r["notebook"] for r in rows}),
        kinds_filter=sorted({r["kind"] for r in rows}, key=lambda k: _KIND_ORDER.get(k, 9)),
        notebook_pages=[nb.stem for nb in sorted(notebooks)],
        states=_state_choices(),
    )
    out = reports / "index.html"
    out.write_text(page, encoding="utf-8")
    return out


_EVENT_WORDS = {
    "law_effective": "law took effect", "rule_effective": "rule took effect", "block_ordered": "block ordered",
    "block_applied": "block applied", "block_reported": "block reported", "block_in_progress": "block in progress",
    "named_by_nlets": "named by Nlets as blocking ICE", "reported_open": "reported open by the letters",
    "access_restored": "access restored", "not_a_dmv_block": "not a DMV block (context)",
    "state_system_cutoff": "cut off from a state system (not Nlets)",
}
_STATUS_WORDS = {
    "blocked": "blocked", "assumed blocked": "counted as blocking on an assumption", "blocked later": "not yet blocked",
    "in progress": "block in progress", "reported open": "open to ICE as reported", "unknown": "unknown",
    "no report": "no individual report",
}


def _status_text(row: dict) -> str:
    """A status in words with what it rests on, without saying the same words twice.

    >>> _status_text({"status": "blocked later", "basis": "not yet blocked: block applied later, on 2025-11-18"})
    'not yet blocked: block applied later, on 2025-11-18'
    >>> _status_text({"status": "assumed blocked", "basis": "assumed blocked: reported blocked by 2025-11-12"})
    'counted as blocking on an assumption (assumed blocked: reported blocked by 2025-11-12)'
    """
    words, basis = _STATUS_WORDS[row["status"]], str(row["basis"])
    return basis if basis.lower().startswith(words.split()[0]) and row["status"] != "assumed blocked" else (
        f"{words} ({basis})")


def state_pages_data(reports: Path, spanish: bool = False) -> list[dict]:
    """One record per jurisdiction for its page: status at the end of the disclosure year and at the last report,
    every dated event with its source, licence policy, the letter, in-scope state-level figures and the citable
    sentences that name it."""
    from analysis.findings import blocking as compare
    from analysis.sources import ice_access
    from analysis.sources.tables import load_ice_access_events, load_state_level_figures, load_states

    states, events = load_states(), load_ice_access_events()
    sources = _sources_table()
    end = compare.disclosure_period()[1]
    last = ice_access.last_report(events)
    last_text = str(events.loc[events["start"] == last, "date"].iloc[0])  # as written, with its precision
    at_end = compare.ice_access_as_of(states, end, events).set_index("usps")
    at_last = compare.ice_access_as_of(states, last, events).set_index("usps")
    table = compare.access_events(states, events)
    figures = load_state_level_figures()
    in_scope = figures[figures["scope"].eq("in scope") & figures["value"].notna()]
    citable = _read_citable(reports)
    records = []
    for st in states.fillna("").to_dict("records"):
        code = st["usps"]
        evs = []
        for e in table[table["usps"] == code].fillna("").to_dict("records"):
            src = sources.get(e["source_ids"], {})
            evs.append({**e, "event_words": _EVENT_WORDS.get(e["event"], e["event"]),
                        "event_es": _EVENT_ES.get(e["event"], e["event"]),
                        "meaning_es": _MEANING_ES.get(e["date_meaning"], e["date_meaning"]),
                        "confirmed_es": "confirmado" if e["confirmed"] == "confirmed" else "sin confirmar (fuente débil)",
                        "publisher": src.get("publisher", e["source_ids"]), "url": src.get("url", ""),
                        "tier": src.get("tier", "")})
        publisher = sources.get(st["dl_source_id"], {}).get("publisher", "")
        if st["dl_regardless_of_status"] == "yes":
            since = f" since {st['dl_since']} ({st['dl_since_meaning']})" if st["dl_since"] else ""
            licence = f"yes{since}; source: {publisher}."
            if spanish:
                desde = f" desde {st['dl_since']}" if st["dl_since"] else ""
                licence = f"sí{desde}; fuente: {publisher}."
        elif st["dl_regardless_of_status"] == "not listed":
            licence = ("no figura en la lista de NCSL de los estados que lo hacen (no es una conclusión legal)."
                       if spanish else "not on NCSL's list of states that do (not a legal finding).")
        else:
            licence = "no se investigó para esta jurisdicción." if spanish else "not researched for this jurisdiction."
        state_figures = [
            f"{r['metric'].replace('_', ' ')}: {int(r['value']):,} {r['unit']} ({r['qualifier']}), "
            f"{r['period_start'] or '?'} to {r['period_end'] or '?'}; published, "
            f"{sources.get(r['source_id'], {}).get('publisher', r['source_id'])}"
            for r in in_scope[in_scope["state"] == code].fillna("").to_dict("records")
        ]
        records.append({
            "s": {
                "usps": code, "name": st["name"], "period_end": f"{end:%Y-%m-%d}", "last_date": last_text,
                "status_end": (_status_es if spanish else _status_text)(at_end.loc[code].to_dict()),
                "status_now": (_status_es if spanish else _status_text)(at_last.loc[code].to_dict()),
                "population": f"{int(st['population']):,}", "population_vintage": st["population_vintage"],
                "population_date": f"{st['population_date']:%Y-%m-%d}", "territory": st["jurisdiction_type"] == "territory",
                "licence": licence,
                "letter": ("sí (según lo informado)." if spanish else "yes (as reported).")
                if st["governor_letter_2025_11_12"] else "no.",
            },
            "events": evs,
            "figures": state_figures,
            "citable": [r for r in citable if st["name"] in r["sentence"]],
        })
    return records


def render_state_pages(reports: Path, as_of: str) -> list[Path]:
    """Write ``reports/states/XX.html``, one page per jurisdiction, for local reporters to link."""
    template = _templates().get_template("state.html.j2")
    folder = reports / "states"
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for record in state_pages_data(reports):
        out = folder / f"{record['s']['usps']}.html"
        out.write_text(template.render(css=_CSS, as_of=as_of, **record), encoding="utf-8")
        pages.append(out)
    return pages


def render_embeds(reports: Path) -> list[Path]:
    """Write ``reports/embed/<figure>.html``: the chart alone with its credit line, for an ``<iframe>``."""
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    template = _templates().get_template("embed.html.j2")
    folder = reports / "embed"
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for entry in sorted((e for e in manifest["entries"] if e.get("type") == "figure"), key=lambda e: e["name"]):
        out = folder / f"{entry['name']}.html"
        portrait = any(f.get("role") == "portrait" and f["path"].endswith(".svg") for f in entry.get("files", []))
        out.write_text(template.render(name=entry["name"], title=entry.get("title", entry["name"]),
                                       alt=entry.get("alt_text", ""), portrait=portrait, media=PHONE_MEDIA),
                       encoding="utf-8")
        pages.append(out)
    return pages


def embed_snippet(name: str, height: int = 640) -> str:
    """The ``<iframe>`` a newsroom pastes to embed one figure (its page in ``reports/embed/``).

    >>> embed_snippet("fig02-ice-block-map", 700)
    '<iframe src="embed/fig02-ice-block-map.html" title="fig02-ice-block-map" width="100%" height="700" style="border:0" loading="lazy"></iframe>'
    """
    return (f'<iframe src="embed/{name}.html" title="{name}" width="100%" height="{height}" style="border:0" '
            'loading="lazy"></iframe>')


_UNKNOWN_ES = [
    "No hay cifras por estado: no se publicó con qué frecuencia ICE o HSI consultaron los registros de cada estado.",
    "No hay cifra para la Oficina de Aduanas y Protección Fronteriza (CBP).",
    "No hay cifras para el FBI ni para otras agencias federales.",
    "No hay cifra de personas: las cifras cuentan consultas, y una persona puede ser consultada muchas veces.",
    "Cuándo dijo Nlets qué cuatro estados sabía que bloquean a ICE: solo está fechada su entrega de datos de "
    "octubre de 2025.",
]
_STATUS_ES = {
    "blocked": "bloqueado ({meaning} el {date})",
    "assumed blocked": "contado como estado que bloquea, según un supuesto (bloqueo informado hasta el {date}; no se "
                       "ha publicado cuándo empezó)",
    "blocked later": "aún no bloqueado (el bloqueo se aplicó después, el {date})",
    "in progress": "bloqueo en curso, según lo informado el {date}",
    "reported open": "abierto a ICE, según lo informado el {date}",
    "unknown": "desconocido desde el {date} (último informe)",
    "no report": "sin informe individual",
}
_MEANING_ES = {"applied": "aplicado", "law effective": "ley en vigor", "rule effective": "norma en vigor",
               "ordered": "ordenado", "reported by": "informado hasta", "reported cut-off": "corte informado"}
_EVENT_ES = {
    "law_effective": "entró en vigor una ley", "rule_effective": "entró en vigor una norma",
    "block_ordered": "bloqueo ordenado", "block_applied": "bloqueo aplicado", "block_reported": "bloqueo informado",
    "block_in_progress": "bloqueo en curso", "named_by_nlets": "Nlets lo nombró entre los que bloquean a ICE",
    "reported_open": "las cartas lo señalaron abierto", "access_restored": "acceso restablecido",
    "not_a_dmv_block": "no es un bloqueo del DMV (contexto)",
    "state_system_cutoff": "corte de un sistema estatal (no Nlets)",
}


def _status_es(row: dict) -> str:
    """A jurisdiction's status in Spanish from its status, date and what the date means.

    >>> _status_es({"status": "blocked later", "date": "2025-11-18", "date_meaning": "applied"})
    'aún no bloqueado (el bloqueo se aplicó después, el 2025-11-18)'
    """
    meaning = _MEANING_ES.get(str(row.get("date_meaning")), "")
    return _STATUS_ES[row["status"]].format(date=row.get("date") or "", meaning=meaning)


def _spanish_rows(rows: list[dict[str, str]], sources: dict[str, dict[str, str]]) -> list[dict]:
    from analysis.publish.text import spanish as text_es

    return [{**r, "bound_es": text_es.BOUNDS.get(r["bound"], r["bound"]),
             "kind_es": text_es.KINDS.get(r["kind"], r["kind"]),
             "sources": [{"publisher": sources[i]["publisher"], "url": sources[i]["url"]}
                         for i in r["source_ids"].split(";") if i in sources]} for r in rows]


def render_spanish(reports: Path, as_of: str) -> list[Path]:
    """Write ``reports/es/index.html`` (datos clave, cifras citables) and ``reports/es/states/XX.html`` from the same
    computed values as the English pages, through Spanish templates (``lang="es"``)."""
    from analysis.publish.text import spanish as text_es

    sources = _sources_table()
    rows = _spanish_rows(_order(_read_citable(reports)), sources)
    by_id = {r["id"]: r for r in rows}
    kit = []
    for id_ in KIT_IDS:
        if id_ in by_id:
            r = by_id[id_]
            ids = [i for i in r["source_ids"].split(";") if i]
            kit.append({"sentence": r["sentence_es"], "kind": r["kind_es"], "bound": r["bound_es"],
                        "short_source": _short_source(ids, sources),
                        "copy_text": f"{r['sentence_es']} [{r['bound_es']}, {r['kind_es']}] Fuente: {r['citations']}"})
    names = text_es.state_names()
    states = sorted(({"usps": c["usps"], "name": names[c["usps"]]} for c in _state_choices()), key=lambda x: x["name"])
    folder = reports / "es"
    (folder / "states").mkdir(parents=True, exist_ok=True)
    env = _templates()
    index = folder / "index.html"
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    figures = [{"name": e["name"], "alt_es": e.get("alt_text_es", ""),
                "picture": picture_html(e, "../", e.get("alt_text_es", ""))}
               for e in sorted(manifest["entries"], key=lambda e: e["name"]) if e.get("type") == "figure"]
    index.write_text(env.get_template("index_es.html.j2").render(
        css=_CSS, js=_JS, as_of=as_of, kit=kit, unknown=_UNKNOWN_ES, citable=rows, states=states, figures=figures,
        caveat_note=PAGE_NOTE_ES),
        encoding="utf-8")
    pages = [index]
    template = env.get_template("state_es.html.j2")
    for record in state_pages_data(reports, spanish=True):
        code = record["s"]["usps"]
        record["s"]["name"] = names[code]
        record["citable"] = [by_id[r["id"]] for r in record["citable"] if r["id"] in by_id]
        out = folder / "states" / f"{code}.html"
        out.write_text(template.render(css=_CSS, as_of=as_of, **record), encoding="utf-8")
        pages.append(out)
    return pages


def uses_synthetic_data(notebook: Path) -> bool:
    """True for a notebook marked as running on synthetic data (metadata ``nlets_analysis.synthetic_data``): its
    outputs are demonstrations and are never published in ``reports/``."""
    metadata = nbformat.read(notebook, as_version=4).metadata
    return bool(metadata.get("nlets_analysis", {}).get("synthetic_data", False))


def build_site(reports: Path, notebooks: list[Path]) -> list[Path]:
    """Render the notebook pages (not those on synthetic data) and the index page; return the pages written."""
    published = [nb for nb in sorted(notebooks) if not uses_synthetic_data(nb)]
    pages = [render_notebook(nb, reports / "notebooks") for nb in published]
    pages += render_embeds(reports)
    pages.append(render_index(reports, published))
    as_of = as_of_date(_read_citable(reports), _sources_table())
    pages += render_state_pages(reports, as_of)
    pages += render_spanish(reports, as_of)
    return pages
