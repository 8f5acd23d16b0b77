"""``nlets-analysis publish``: a hosted copy of the committed reports/ for any static host (nothing is rebuilt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="copy reports/ to a folder ready for a static host, with absolute embed snippets",
        description="Copy the committed reports/ to DIR (a new or empty folder outside reports/ and data/) for a "
        "static host such as GitHub Pages: embed snippets absolute under URL, a canonical link in every page, "
        "sitemap.xml, robots.txt and a 404 page. Nothing is rebuilt; reports/ stays the offline copy.",
    )
    parser.add_argument("--base-url", required=True, metavar="URL",
                        help="the address the site will be served from, e.g. https://you.github.io/nlets-analysis/")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="DIR",
                        help="the folder to write (new, or empty)")


def run(args: argparse.Namespace) -> int:
    from analysis.paths import project_root
    from analysis.publish.hosted import PublishError, publish_site

    root = project_root()  # outside a checkout: one line and exit 2 (analysis.cli.main)
    try:
        done = publish_site(root, args.output, args.base_url)
    except PublishError as exc:
        print(f"nlets-analysis publish: {exc}", file=sys.stderr)
        return 2
    print(f"published {len(done.pages)} pages ({done.files} files) to {done.out} for {done.base_url}")
    return 0
