"""Rules for text people type into the live session. Pure functions, German refusals.

Markup is not removed: `<b>` or `**x**` stays literal text, and every screen shows it
as text. Only invisible characters that can break layouts or fake text direction go.
"""

from __future__ import annotations

import re
import unicodedata

from werkstatt.errors import WerkstattError

MAX_CONTRIBUTION_CHARS = 500
MAX_NAME_CHARS = 40
MAX_REASON_CHARS = 200
MAX_LABEL_CHARS = 80

# Bidi overrides/isolates reorder the text on screen (e.g. to disguise a word);
# zero-width joiners (U+200D) stay because emoji sequences need them.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_BLANK_LINES = re.compile(r"\n{3,}")
# Letters and symbols that draw nothing (Hangul fillers, blank Braille, Mongolian vowel separator).
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
# Format (Cf: zero-width space, BOM, word joiner, soft hyphen), separators, combining marks alone.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"})
INVISIBLE_ONLY = "Der Text besteht nur aus unsichtbaren Zeichen. Bitte schreiben Sie sichtbaren Text."


def looks_blank(text: str) -> bool:
    """True when nothing visible would appear: only spaces, format, filler or combining characters."""
    return all(ch.isspace() or ch in _FILLERS or unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text)


def strip_controls(raw: str, *, keep_newlines: bool = True) -> str:
    """Remove control characters (Unicode Cc) and bidi overrides; tabs become spaces."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", " ").translate(_BIDI)
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\n" if keep_newlines else " ")
        elif unicodedata.category(ch) != "Cc":
            out.append(ch)
    return "".join(out)


def clean_contribution(raw: str | None) -> str:
    """The text to store, or a German refusal (blank, too long)."""
    text = _BLANK_LINES.sub("\n\n", strip_controls(raw or "")).strip()
    if not text:
        raise WerkstattError("Bitte schreiben Sie einen Text – ein leerer Beitrag kann nicht gespeichert werden.")
    if looks_blank(text):
        raise WerkstattError(INVISIBLE_ONLY)
    if len(text) > MAX_CONTRIBUTION_CHARS:
        raise WerkstattError(
            f"Der Beitrag ist mit {len(text)} Zeichen zu lang; erlaubt sind höchstens "
            f"{MAX_CONTRIBUTION_CHARS} Zeichen. Bitte kürzen Sie ihn."
        )
    return text


def clean_line(raw: str | None, *, max_len: int, field: str, required: bool = True) -> str:
    """A single line (name, reason, group or theme name): no controls, collapsed spaces."""
    text = " ".join(strip_controls(raw or "", keep_newlines=False).split())
    if required and not text:
        raise WerkstattError(f"Bitte füllen Sie das Feld »{field}« aus.")
    if text and looks_blank(text):
        raise WerkstattError(
            f"Das Feld »{field}« enthält nur unsichtbare Zeichen. Bitte schreiben Sie sichtbaren Text."
        )
    if len(text) > max_len:
        raise WerkstattError(f"Das Feld »{field}« ist zu lang (höchstens {max_len} Zeichen).")
    return text
