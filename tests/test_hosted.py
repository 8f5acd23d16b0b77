"""analysis.publish.hosted and ``nlets-analysis publish``: a hosted copy of the committed reports/ for a static host
(absolute embed snippets, canonical links, sitemap.xml, robots.txt, a 404 page), refused where it must not write."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from analysis import paths
from analysis.cli import main
from analysis.paths import project_root
from analysis.publish.hosted import PublishError, absolute_snippets, base_url, publish_site
from chromium import browser_context, serve

BASE = "https://example.github.io/nlets-analysis/"
SNIPPET = ('&lt;iframe src=&quot;embed/fig-a.html&quot; title=&quot;A chart&quot;&gt;&lt;/iframe&gt;'
           '&lt;script src=&quot;embed/resize.js&quot;&gt;&lt;/script&gt;')


def _project(tmp_path: Path) -> Path:
    """A tiny project folder: pyproject.toml, data/raw and a reports/ with an index, a Spanish index, a state page and
    one embed."""
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    reports = root / "reports"
    for folder in ("embed", "es", "states", "tables"):
        (reports / folder).mkdir(parents=True)
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
            f'<pre class="embed">{SNIPPET}</pre><button class="copy" data-copy="{SNIPPET}">Copy</button>'
            '<a href="https://elsewhere.example/x">a source</a><a href="states/IL.html">IL</a></body></html>\n')
    (reports / "index.html").write_text(page, encoding="utf-8")
    (reports / "es" / "index.html").write_text(page.replace('lang="en"', 'lang="es"'), encoding="utf-8")
    (reports / "states" / "IL.html").write_text("<html><head></head><body>IL</body></html>", encoding="utf-8")
    (reports / "embed" / "fig-a.html").write_text("<html><head></head><body>chart</body></html>", encoding="utf-8")
    (reports / "tables" / "t.csv").write_text("a\n1\n", encoding="utf-8")
    return root


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.relative_to(folder).as_posix().encode() + p.read_bytes()
                                   for p in sorted(folder.rglob("*")) if p.is_file())).hexdigest()


def test_the_hosted_copy_has_absolute_snippets_canonical_links_sitemap_robots_and_404(tmp_path):
    root = _project(tmp_path)
    before = _digest(root / "reports")
    done = publish_site(root, tmp_path / "site", BASE)
    out = tmp_path / "site"
    assert _digest(root / "reports") == before, "reports/ stays the offline copy"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"src=&quot;{BASE}embed/fig-a.html&quot;" in index and f"src=&quot;{BASE}embed/resize.js&quot;" in index
    assert index.count(f"{BASE}embed/fig-a.html") == 2  # the snippet shown and the one its button copies
    assert "src=&quot;embed/" not in index
    assert 'href="states/IL.html"' in index and 'href="https://elsewhere.example/x"' in index  # links untouched
    assert f'<link rel="canonical" href="{BASE}">' in index
    assert f'<link rel="canonical" href="{BASE}es/">' in (out / "es" / "index.html").read_text(encoding="utf-8")
    assert f'href="{BASE}states/IL.html"' in (out / "states" / "IL.html").read_text(encoding="utf-8")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert re.findall(r"<loc>(.*?)</loc>", sitemap) == [BASE + "es/", BASE, BASE + "states/IL.html"]
    assert (out / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in not_found and "Página no encontrada" in not_found
    assert f'href="{BASE}"' in not_found and f'href="{BASE}es/index.html"' in not_found
    assert (out / ".nojekyll").is_file() and (out / "tables" / "t.csv").read_text(encoding="utf-8") == "a\n1\n"
    assert done.pages == ("es/", "", "states/IL.html") and done.base_url == BASE


def test_an_empty_folder_is_fine_and_a_full_one_is_refused(tmp_path):
    root = _project(tmp_path)
    (tmp_path / "empty").mkdir()
    publish_site(root, tmp_path / "empty", BASE)
    with pytest.raises(PublishError, match="not an empty folder"):
        publish_site(root, tmp_path / "empty", BASE)


@pytest.mark.parametrize("inside", ["reports", "reports/site", "data", "data/processed/site", "."])
def test_never_into_the_projects_reports_or_data(tmp_path, inside):
    root = _project(tmp_path)
    with pytest.raises(PublishError, match="must not be written"):
        publish_site(root, root / inside, BASE)


@pytest.mark.parametrize("url", ["ftp://example.org/", "example.org/site", "https://", "https://x.org/?a=1", ""])
def test_a_base_url_must_be_a_web_address(url):
    with pytest.raises(PublishError, match="--base-url"):
        base_url(url)


def test_single_quoted_snippet_addresses_are_made_absolute_too():
    page = "<pre class=\"embed\">&lt;iframe src=&#39;embed/a.html&#39;&gt;</pre>"
    assert f"src=&#39;{BASE}embed/a.html&#39;" in absolute_snippets(page, BASE)


def test_only_relative_snippet_addresses_change():
    page = '<pre class="embed">&lt;iframe src=&quot;https://cdn.example/x.html&quot;&gt;</pre>'
    assert absolute_snippets(page, BASE) == page


def test_the_command_prints_one_line(tmp_path, monkeypatch, capsys):
    root = _project(tmp_path)
    monkeypatch.setenv("NLETS_PROJECT_ROOT", str(root))
    assert main(["publish", "--base-url", "http://localhost:8000/nlets", "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out.strip()
    assert out.count("\n") == 0 and "3 pages" in out and "http://localhost:8000/nlets/" in out
    assert main(["publish", "--base-url", "http://localhost:8000/", "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_without_a_project_folder_it_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NLETS_PROJECT_ROOT", "")
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site-packages" / "analysis" / "paths.py"))
    monkeypatch.chdir(tmp_path)
    assert main(["publish", "--base-url", BASE, "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nlets-analysis publish: needs the project folder")
    assert not (tmp_path / "out").exists()


def test_the_committed_reports_publish_whole(tmp_path):
    root = project_root()
    done = publish_site(root, tmp_path / "site", BASE)
    out = tmp_path / "site"
    committed = sorted(p.relative_to(root / "reports") for p in (root / "reports").rglob("*") if p.is_file())
    assert all((out / p).is_file() for p in committed)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.count('<link rel="canonical"') == (page.name != "404.html"), page
        assert not re.search(r"src=(&quot;|&#34;|&#39;|&#x27;)embed/", text), page
    assert len(done.pages) == sum(1 for p in committed if p.suffix == ".html" and p.parts[0] != "embed")


# ---- in Chromium: a snippet pasted into a page of another folder and origin ----------------------------------------




@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 700])
def test_a_published_snippet_loads_in_another_origins_page(tmp_path, width):
    import html

    sync_api = pytest.importorskip("playwright.sync_api")
    host = tmp_path / "host"
    (host / "news" / "2026").mkdir(parents=True)
    (tmp_path / "www").mkdir()
    with serve(tmp_path / "www") as site_url, serve(host) as host_url:
        publish_site(project_root(), tmp_path / "www" / "nlets", site_url + "nlets/")
        index = (tmp_path / "www" / "nlets" / "index.html").read_text(encoding="utf-8")
        snippet = html.unescape(re.search(r'<pre class="embed">(.*?)</pre>', index, re.S).group(1))
        (host / "news" / "2026" / "story.html").write_text(
            f"<!DOCTYPE html><html><body><article style='max-width:{width}px'><p>Story.</p>{snippet}<p>End.</p>"
            "</article></body></html>", encoding="utf-8")
        with sync_api.sync_playwright() as p, browser_context(
                p, tmp_path / "profile", viewport={"width": width, "height": 900}) as context:
            page = context.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(host_url + "news/2026/story.html", wait_until="load")
            frame = page.frame_locator("iframe").first
            frame.locator("img").first.wait_for(state="attached", timeout=10_000)
            loaded = frame.locator("img").first.evaluate("i => i.decode().then(() => i.naturalWidth)")
            src = page.eval_on_selector("iframe", "f => f.src")
            cross_origin = page.evaluate("document.querySelector('iframe').contentDocument === null")
            embedded = next(f for f in page.frames if f.url.startswith(site_url))
            measured = {"frame": page.eval_on_selector("iframe", "f => f.getBoundingClientRect().height"),
                        "content": embedded.evaluate("document.documentElement.scrollHeight")}
    assert src.startswith(site_url + "nlets/embed/") and not src.startswith(host_url)
    assert loaded > 0, "the chart loads from the hosted copy, not a grey box"
    assert not failed, failed
    assert cross_origin, "the host page and the chart are on different origins"
    assert measured["frame"] > 0 and measured["content"] > 0
    print(f"{width}px: iframe {measured['frame']:.0f}px, its content {measured['content']}px")  # for the record
