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
