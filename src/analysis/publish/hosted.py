"""A hosted copy of the committed ``reports/`` for any static host: the same files, with embed snippets and share
cards' addresses made absolute, canonical links, ``sitemap.xml``, ``robots.txt`` and a ``404.html``; ``reports/``
itself stays the offline copy."""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from analysis.publish.i18n import LANGUAGES, gettext
from analysis.publish.site_assets import HOUSE_CSS
from analysis.publish.site_shared import N_


class PublishError(ValueError):
    """A publish that cannot go ahead as asked (a bad base URL, or an output folder it must not write)."""


@dataclass(frozen=True)
class Published:
    """What :func:`publish_site` wrote: the output folder, the base URL, the pages (sitemap entries) and files."""

    out: Path
    base_url: str
    pages: tuple[str, ...]
    files: int


NOT_FOUND_TITLE = N_("Page not found")
NOT_FOUND_TEXT = N_("There is no page at this address. The figures, tables and citable numbers start here:")
NOT_FOUND_LINK = N_("Nlets DMV queries: story kit, figures, tables and citable numbers")

# An attribute of an escaped snippet (``src=&quot;embed/x.html&quot;``) whose address is relative to reports/.
_SNIPPET_ADDRESS = re.compile(
    r"\b(src|href)=(&quot;|&#34;|&#x22;|&#39;|&#x27;)(?!https?:|//|#|data:|mailto:)([^&\s]*)\2")
_SNIPPET_BLOCK = re.compile(r'(<pre class="embed[^"]*">)(.*?)(</pre>)', re.S)
_COPY_ATTRIBUTE = re.compile(r'(data-copy=")([^"]*&lt;(?:iframe|script|div)[^"]*)(")')


def base_url(url: str) -> str:
    """The site's base URL as given, checked: ``http(s)://host/path``, ending in ``/``.

    >>> base_url("https://example.org/nlets"), base_url("http://localhost:8000/")
    ('https://example.org/nlets/', 'http://localhost:8000/')
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PublishError(f"--base-url {url!r}: give the address the site will be served from, "
                           "e.g. https://example.github.io/nlets-analysis/")
    return url.strip().rstrip("/") + "/"


def absolute_snippets(page: str, base: str) -> str:
    """``page`` with the addresses in its embed snippets (``<pre class="embed">`` and copy buttons' ``data-copy``)
    made absolute, resolved against ``base`` (the page's own address, or the folder it is in): a snippet pasted into
    any other site then loads from the hosted copy, the Spanish page's from ``es/embed/``.

    >>> absolute_snippets('<pre class="embed">&lt;iframe src=&quot;embed/a.html&quot;&gt;</pre>', "https://x.org/r/")
    '<pre class="embed">&lt;iframe src=&quot;https://x.org/r/embed/a.html&quot;&gt;</pre>'
    """
    def rewrite(text: str) -> str:
        return _SNIPPET_ADDRESS.sub(lambda m: f"{m[1]}={m[2]}{urljoin(base, html.unescape(m[3]))}{m[2]}", text)

    page = _SNIPPET_BLOCK.sub(lambda m: m[1] + rewrite(m[2]) + m[3], page)
    return _COPY_ATTRIBUTE.sub(lambda m: m[1] + rewrite(m[2]) + m[3], page)


def with_canonical(page: str, url: str) -> str:
    """``page`` with ``<link rel="canonical">`` to ``url`` in its head (replacing one it had).

    >>> with_canonical("<html><head><title>t</title></head></html>", "https://x.org/a.html")
    '<html><head><title>t</title><link rel="canonical" href="https://x.org/a.html"></head></html>'
    """
    page = re.sub(r'<link rel="canonical"[^>]*>', "", page)
    link = f'<link rel="canonical" href="{html.escape(url, quote=True)}">'
    if "</head>" not in page:
        return page
    return page.replace("</head>", link + "</head>", 1)


_SHARE_IMAGE = re.compile(r'(<meta (?:property|name)="(?:og:image|twitter:image)" content=")([^"]*)(")')


def absolute_share_meta(page: str, url: str) -> str:
    """``page`` (served at ``url``) with its share card's address (``og:image``) made absolute, as Open Graph and
    X (Twitter) require, and ``og:url`` set to ``url``; a page without share tags is returned as it is.

    >>> absolute_share_meta('<head><meta property="og:image" content="../cards/states/CA.png"></head>',
    ...                     "https://x.org/r/states/CA.html")
    '<head><meta property="og:image" content="https://x.org/r/cards/states/CA.png"><meta property="og:url" content="https://x.org/r/states/CA.html"></head>'
    """
    if not _SHARE_IMAGE.search(page):
        return page
    page = _SHARE_IMAGE.sub(lambda m: m[1] + html.escape(urljoin(url, html.unescape(m[2])), quote=True) + m[3], page)
    page = re.sub(r'<meta property="og:url"[^>]*>', "", page)
    return page.replace("</head>", f'<meta property="og:url" content="{html.escape(url, quote=True)}"></head>', 1)


def not_found_page(base: str) -> str:
    """``404.html``: one page in both languages, its link absolute (a static host serves it at any address)."""
    parts = []
    for lang in LANGUAGES:
        home = base if lang == "en" else base + "es/index.html"
        parts.append(
            f'<section lang="{lang}"><h1>{html.escape(gettext(NOT_FOUND_TITLE, lang))}</h1>'
            f"<p>{html.escape(gettext(NOT_FOUND_TEXT, lang))} "
            f'<a href="{html.escape(home, quote=True)}">{html.escape(gettext(NOT_FOUND_LINK, lang))}</a></p></section>')
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(gettext(NOT_FOUND_TITLE, 'en'))}</title><meta name=\"robots\" content=\"noindex\">"
            f"<style>{HOUSE_CSS}</style></head>\n<body><main>{''.join(parts)}</main></body></html>\n")


def sitemap(base: str, pages: list[str]) -> str:
    """``sitemap.xml`` listing ``pages`` (paths relative to the site) under ``base``."""
    urls = "".join(f"<url><loc>{html.escape(urljoin(base, p))}</loc></url>\n" for p in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')


def _check_out(out: Path, root: Path) -> Path:
    """The output folder, refused when it is inside the project's reports/ or data/, holds them, or is not empty."""
    out = out.expanduser().resolve()
    for kept in (root / "reports", root / "data"):
        kept = kept.resolve()
        if out == kept or out.is_relative_to(kept) or kept.is_relative_to(out):
            raise PublishError(f"{out}: the hosted copy must not be written into (or over) {kept}; choose a new "
                               "folder elsewhere")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PublishError(f"{out}: not an empty folder; give a new folder or an empty one")
    return out


def _page_path(relative: str) -> str:
    """A page's address under the base URL: a folder's ``index.html`` as the folder itself."""
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def publish_site(root: Path, out: Path, url: str) -> Published:
    """Copy ``root/reports`` (as committed; nothing is rebuilt) to ``out`` and make it a hosted site under ``url``:
    absolute embed snippets and share-card addresses (``og:image``, with ``og:url``), a canonical link in every page, ``sitemap.xml`` (every page but the embeds), a
    ``robots.txt`` that points to it, a ``404.html`` and ``.nojekyll`` (GitHub Pages serves the files as they are).
    ``reports/`` is not changed."""
    base = base_url(url)
    reports = root / "reports"
    if not (reports / "index.html").is_file():
        raise PublishError(f"{reports}: no index.html; run nlets-analysis build first")
    out = _check_out(out, root)
    shutil.copytree(reports, out, dirs_exist_ok=True)
    pages = []
    for page_file in sorted(out.rglob("*.html")):
        relative = page_file.relative_to(out).as_posix()
        text = page_file.read_text(encoding="utf-8")
        address = urljoin(base, _page_path(relative))
        text = with_canonical(absolute_share_meta(absolute_snippets(text, urljoin(base, relative)), address), address)
        page_file.write_text(text, encoding="utf-8", newline="\n")
        if not relative.startswith("embed/"):
            pages.append(_page_path(relative))
    (out / "404.html").write_text(not_found_page(base), encoding="utf-8", newline="\n")
    (out / "sitemap.xml").write_text(sitemap(base, pages), encoding="utf-8", newline="\n")
    (out / ".nojekyll").write_text("", encoding="utf-8", newline="\n")  # GitHub Pages: serve files as they are
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n", encoding="utf-8",
                                    newline="\n")
    return Published(out=out, base_url=base, pages=tuple(pages), files=sum(1 for p in out.rglob("*") if p.is_file()))
