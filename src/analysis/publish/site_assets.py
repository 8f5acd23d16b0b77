"""The house stylesheet and page script of reports/index.html and its sibling pages, and the templates per language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from analysis.publish.i18n import translations

HOUSE_CSS = """
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

PAGE_JS = """
document.querySelectorAll('button.copy').forEach(function (b) {
  b.addEventListener('click', function () {
    var text = b.getAttribute('data-copy');
    function done() { b.classList.add('done'); b.textContent = b.getAttribute('data-done'); }
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
    return env
