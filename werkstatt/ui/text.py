"""Show user text as text: Markdown/HTML in it must never render."""

from werkstatt.markdown_text import escape_md

__all__ = ["escape_md"]
