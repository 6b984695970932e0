"""Frequent terms in contributions, German stop words removed. Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from stop_words import get_stop_words

# Words that carry no meaning in this domain's answers beyond the stop-word list.
_DOMAIN_STOP = {"dass", "sowie", "bzw", "z.b", "etc", "gibt", "geht", "mehr", "immer", "sollte", "sollten",
                "müssen", "muss", "wäre", "werden", "wird", "kann", "können", "viele", "vielen"}  # fmt: skip
_WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*", re.IGNORECASE)
MIN_LENGTH = 3


@cache
def stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("de")) | _DOMAIN_STOP


def terms_of(text: str) -> set[str]:
    """The distinct meaningful words of one text, lower-cased."""
    stop = stop_words()
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if len(w) >= MIN_LENGTH and w not in stop}


def rank_terms(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """Most frequent first, ties alphabetically."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def top_terms(texts: Iterable[str], limit: int = 15) -> list[tuple[str, int]]:
    """Terms by the number of contributions that use them (a word repeated in one text counts once)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(terms_of(text))
    return rank_terms(counts, limit)
