"""The house stylesheet and page script of reports/index.html and its sibling pages, and the templates per language."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from analysis.publish.i18n import translations

# Tables never break a word: a cell's words stay whole and a table wider than its box scrolls inside it
# (``.table-wrap``); on a phone and in print the citable and event tables reflow as cards. Links, buttons, fields and
# disclosure triangles are at least 24 px tall (WCAG 2.2, 2.5.8). On a phone up to 400 px wide a chart takes the
# window's whole width, so the portrait chart's smallest text stays at 12 px or more down to 320 px. Dates
# (``.date``) never split at their hyphens.
CARDS_CSS = """
table.cards thead{display:none}table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
table.cards tr{border:1px solid #ccc;border-radius:6px;margin:0 0 .8rem;padding:.4rem;break-inside:avoid}
table.cards td{border:none;padding:.15rem .2rem;text-align:left}
table.cards td::before{content:attr(data-label) ": ";font-weight:bold}
"""

HOUSE_CSS = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Verdana,sans-serif;max-width:1100px;margin:1.2rem auto;padding:0 1rem;color:#1a1a1a;
line-height:1.45;font-size:16px;overflow-wrap:break-word}
h1{font-size:1.6rem;margin:.2rem 0}h2{margin-top:2.2rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
a{padding:4px 0}
nav a,.jurisdictions a,.downloads a{display:inline-block;min-height:24px;min-width:24px;padding:2px 0}
nav a{margin:0 .8rem .3rem 0}
summary{min-height:24px;padding:2px 0;cursor:pointer}
button,select,input{font:inherit;min-height:28px;min-width:24px}
.asof{margin:.2rem 0 .6rem;color:#333}.what-nlets{margin:.2rem 0 .6rem}
.kit{padding-left:1.4rem}.kit li{margin:.2rem 0 1rem}.kit p{margin:.2rem 0}
.tags{font-size:.85rem;color:#333}.tag{display:inline-block;border:1px solid #0072B2;border-radius:3px;padding:0 .35rem;
margin-right:.3rem}
button.copy{font-size:.9rem;padding:.35rem .7rem;border:1px solid #0072B2;background:#eef4fa;
border-radius:4px;cursor:pointer}button.copy.done{background:#d9f2e6}
.picker button{font-size:.9rem;padding:.2rem .7rem;border:1px solid #0072B2;background:#eef4fa;border-radius:4px;
cursor:pointer}
figure{margin:1.5rem 0;padding:1rem;border:1px solid #ddd;border-radius:6px;background:#fafafa}
figure img{max-width:100%;height:auto;background:#fff}
figcaption h3{margin:.2rem 0 .4rem;font-size:1.15rem}
.meta{font-size:.9rem;color:#333}.meta dt{font-weight:bold;margin-top:.4rem}.meta dd{margin-left:1rem}
.downloads a{margin-right:.8rem}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9rem;width:100%}th,td{border:1px solid #ccc;padding:.3rem .45rem;
vertical-align:top;text-align:left;overflow-wrap:normal;word-break:normal;hyphens:manual}
th{background:#eef4fa}td.num{text-align:right;white-space:nowrap}.date{white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}.filters label{font-size:.9rem}
.filters select,.filters input{font-size:.9rem}
.note{background:#fff8e1;border-left:4px solid #E69F00;padding:.6rem .9rem}
pre.embed{white-space:pre-wrap;font-size:.8rem;background:#f4f4f4;padding:.4rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:640px){
body{margin:.6rem auto}h1{font-size:1.3rem}
.what-nlets,.asof{font-size:.875rem;line-height:1.35;margin:.2rem 0 .4rem}.lang-switch{margin:0}
nav a{margin:0 .7rem 0 0}.picker select{max-width:100%}
""" + CARDS_CSS + """
figure{padding:.5rem;margin:1rem 0}.meta dd{margin-left:.4rem}
}
@media (max-width:400px){
figure{margin-left:-1rem;margin-right:-1rem;border-left:0;border-right:0;border-radius:0}
figure picture{display:block;margin:0 -.5rem}
}
@media print{
@page{margin:15mm}
body{max-width:none;margin:0;padding:0;font-size:11pt}
nav,button,.picker,.filters,.lang-switch,.embed-snippet,.no-print{display:none !important}
a{color:inherit;padding:0}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none;font-weight:bold}details>summary::-webkit-details-marker{display:none}
figure,.kit li,tr{break-inside:avoid}
figure{border:none;padding:0;background:none}
.table-wrap{overflow:visible}
""" + CARDS_CSS + """
}
"""

PAGE_JS = """
var copyStatus = document.getElementById('copy-status');  // not "status": that is window.status
document.querySelectorAll('button.copy').forEach(function (b) {
  var label = b.textContent, timer = null;
  b.addEventListener('click', function () {
    var text = b.getAttribute('data-copy');
    function done() {
      b.classList.add('done'); b.textContent = b.getAttribute('data-done');
      if (copyStatus) { copyStatus.textContent = b.getAttribute('data-done'); }
      clearTimeout(timer);
      timer = setTimeout(function () {
        b.classList.remove('done'); b.textContent = label; if (copyStatus) { copyStatus.textContent = ''; }
      }, 2500);
    }
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
// The state picker opens a page only on a deliberate choice: its button, or Enter in the list; never on a change
// (typing a letter or an arrow key in the closed list changes the choice without leaving the page).
var picker = document.getElementById('state-picker');
function openState() { if (picker.value) { location.href = picker.value; } }
if (picker) {
  picker.form.addEventListener('submit', function (e) { e.preventDefault(); openState(); });
  picker.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); openState(); } });
}
['f-notebook', 'f-kind', 'f-text'].forEach(function (id) {
  var el = document.getElementById(id); if (el) { el.addEventListener('input', filterRows); }
});
// Print every collapsed detail (sources, citations) open, and close again those that were closed.
var opened = [];
window.addEventListener('beforeprint', function () {
  opened = Array.from(document.querySelectorAll('details:not([open])'));
  opened.forEach(function (d) { d.open = true; });
});
window.addEventListener('afterprint', function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
"""

_ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def whole_dates(text: object) -> Markup:
    """``text`` escaped, each ISO date in it wrapped so that it never splits at a hyphen.

    >>> str(whole_dates("from 2024-10-01 to <b>"))
    'from <span class="date">2024-10-01</span> to &lt;b&gt;'
    """
    escaped = str(escape("" if text is None else text))
    return Markup(_ISO_DATE.sub(lambda m: f'<span class="date">{m.group(0)}</span>', escaped))


@cache
def templates(lang: str = "en") -> jinja2.Environment:
    """The page templates of ``analysis/publish/templates`` (autoescaped, trailing newline kept) with Jinja2's i18n
    extension speaking ``lang`` from the site's catalog (:mod:`analysis.publish.i18n`); ``{% trans %}`` blocks are
    trimmed, as ``babel.cfg`` extracts them, and ``lang`` is a template global.

    >>> templates("es").from_string("{{ _('Sources') }} {{ lang }}").render()
    'Fuentes es'
    """
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=True, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = lang
    env.filters["whole_dates"] = whole_dates
    return env
