"""Escape user text for Markdown output (screens and reports): it must show, never render."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_md(text: str) -> str:
    """Escape Markdown and HTML so the characters appear literally; keep line breaks."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", "  \n")


def md_cell(text: str) -> str:
    """Escaped text for one Markdown table cell (no line breaks inside a row)."""
    return escape_md(" ".join(text.split()))


# Characters that change meaning anywhere in a line, and constructs that do so only at its start.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])(?=\s|$)", re.MULTILINE)
# "&amp;" typed as text would show as "&": escape an ampersand only where it starts an entity.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_md_text(text: str) -> str:
    """Escape only what Markdown would interpret, so a report reads cleanly as text too.

    "Bottrop 2018+" and "Start-ups." stay as they are; "*", "_", "[", "<", "|" and a
    leading "#", "-" or "1." are escaped. HTML never renders (< and > are escaped), nor does an
    entity ("&amp;" stays "&amp;").
    """
    escaped = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", " ".join(text.split("\r"))))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped).replace("\n", "  \n")


def md_text_cell(text: str) -> str:
    """escape_md_text for one table cell (one line)."""
    return escape_md_text(" ".join(text.split()))
