"""Escape user text for Markdown and HTML output (screens, reports, the shared screen): it must show, never render.

The one escaping path for user and staff text: `escape_md`/`escape_md_text` for Markdown,
`escape_html` for st.html (also inside attribute values). Mails are plain text
(werkstatt/mail/ics.py `one_line` for headers), exports go through werkstatt/text/tabular.py,
and charts get text only as data values (Vega draws them as SVG text; Streamlit's tooltip
handler escapes them).
"""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_md(text: str) -> str:
    """Escape Markdown and HTML so the characters appear literally; keep line breaks."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", "  \n")


def escape_html(text: str) -> str:
    """Text for st.html: &, <, >, " and ' escaped, so it is shown literally, also inside attributes."""
    return html.escape(text, quote=True)


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
