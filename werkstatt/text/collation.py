"""German sort order (DIN 5007-1: ä like a, ß like ss) for lists and exports.

Uses ICU's German collator (PyICU); where PyICU is missing, an equivalent key
(accents stripped for the first comparison, kept for ties) gives the same order
for names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _icu_key() -> Callable[[str], Any] | None:
    try:
        import icu
    except ImportError:
        return None
    collator = icu.Collator.createInstance(icu.Locale("de_DE"))
    return collator.getSortKey  # type: ignore[no-any-return]


def _fallback_key(text: str) -> tuple[str, str]:
    folded = text.casefold().replace("ß", "ss")
    base = "".join(ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch))
    return base, folded


def sort_key(text: str) -> Any:
    """A key for `sorted(..., key=...)` that orders German words as a German reader expects."""
    icu_key = _icu_key()
    return icu_key(text) if icu_key is not None else _fallback_key(text)


def german_sorted(items: list[str]) -> list[str]:
    return sorted(items, key=sort_key)
