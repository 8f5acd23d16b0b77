"""A griffe extension for the API reference (mkdocs.yml): show each docstring's doctests as code blocks and its
Sphinx roles (``:func:`name```) as code, without changing the docstrings in the source."""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:func|class|mod|meth|attr|data|exc|obj):`~?([^`]+)`")


def fence_doctests(text: str) -> str:
    """Wrap each run of lines that starts with ``>>>`` (up to the next blank line) in a ``pycon`` code fence.

    >>> print(fence_doctests("Text.\\n\\n>>> 1 + 1\\n2\\n"))
    Text.
    <BLANKLINE>
    ```pycon
    >>> 1 + 1
    2
    ```
    <BLANKLINE>
    """
    out: list[str] = []
    indent: str | None = None  # the open fence's indent, None outside a doctest
    for line in text.split("\n"):
        if indent is None and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "```pycon")
        elif indent is not None and not line.strip():
            out.append(indent + "```")
            indent = None
        out.append(line)
    if indent is not None:
        out.append(indent + "```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Rewrite docstrings for display only: doctests fenced, Sphinx roles as plain code."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(ROLE.sub(r"`\1`", obj.docstring.value))
