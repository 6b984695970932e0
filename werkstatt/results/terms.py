"""Frequent terms in contributions, as people read them. Pure.

German inflections are merged with a maintained lemmatiser (simplemma):
"Betriebe", "Betrieben" and "Betrieb" are one term, shown as "Betrieb". Terms
keep their usual spelling (nouns capitalised as written); stop words and very
common verbs ("bringen", "geben", "schreiben" …) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache

import simplemma
from stop_words import get_stop_words

# Words that carry no meaning in this domain's answers beyond the stop-word list.
_DOMAIN_STOP = {"dass", "sowie", "bzw", "z.b", "etc", "gibt", "geht", "mehr", "immer", "sollte", "sollten",
                "müssen", "muss", "wäre", "werden", "wird", "kann", "können", "viele", "vielen", "viel",
                "beim", "eher", "oft", "schon", "ganz", "gut", "neu", "wichtig"}  # fmt: skip
# Very common verbs (as lemmas): they say little about what people meant.
_COMMON_VERBS = {"sein", "haben", "werden", "können", "müssen", "sollen", "wollen", "dürfen", "mögen", "machen",
                 "geben", "gehen", "kommen", "bringen", "fühlen", "schreiben", "sagen", "sehen", "stehen",
                 "lassen", "finden", "bleiben", "liegen", "nehmen", "tun", "halten", "führen", "stellen",
                 "zeigen", "brauchen", "wissen", "denken", "glauben", "heißen", "setzen", "bekommen",
                 "legen", "meinen", "nutzen", "fehlen", "helfen", "sprechen", "möchten", "erhalten",
                 "entstehen", "gestalten", "schaffen", "funktionieren", "passieren", "versuchen"}  # fmt: skip
_WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*", re.IGNORECASE)
MIN_LENGTH = 3


@cache
def stop_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in get_stop_words("de")) | _DOMAIN_STOP | _COMMON_VERBS


@cache
def lemma(word: str, *, sentence_start: bool = False) -> str:
    """The dictionary form, in its usual spelling.

    At the start of a sentence a capitalised adjective or verb ("Offene") takes
    its lower-case lemma ("offen"); elsewhere the capital letter says "noun".
    """
    base = simplemma.lemmatize(word, lang="de")
    if sentence_start and base == word and word[:1].isupper():
        lower = word.lower()
        lower_base = simplemma.lemmatize(lower, lang="de")
        if lower_base != lower:
            return lower_base
    return base


_SENTENCE_END = re.compile(r"[.!?:;]\s*$")


def terms_of(text: str) -> set[str]:
    """The distinct meaningful terms of one text (lemmas, capitalisation as usually written)."""
    stop = stop_words()
    seen: dict[str, str] = {}
    for match in _WORD.finditer(text):
        word = match.group(0)
        if len(word) < MIN_LENGTH or word.casefold() in stop:
            continue
        start = not text[: match.start()].strip() or bool(_SENTENCE_END.search(text[: match.start()]))
        base = lemma(word, sentence_start=start)
        key = base.casefold()
        if len(base) >= MIN_LENGTH and key not in stop:
            seen.setdefault(key, base)
    return set(seen.values())


def _merged(counts: Counter[str], key_of: Callable[[str], str]) -> list[tuple[str, int]]:
    """Variants with the same key are one entry, shown in their most frequent spelling (ties: capitalised)."""
    totals: Counter[str] = Counter()
    variants: dict[str, Counter[str]] = {}
    for variant, n in counts.items():
        key = key_of(variant)
        totals[key] += n
        variants.setdefault(key, Counter())[variant] += n
    shown = {k: max(v.items(), key=lambda kv: (kv[1], kv[0][:1].isupper(), kv[0]))[0] for k, v in variants.items()}
    return sorted(((shown[k], n) for k, n in totals.items()), key=lambda kv: (-kv[1], kv[0].casefold()))


def rank_terms(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """Most frequent first, ties alphabetically; spellings that differ only in case are one term."""
    return _merged(counts, str.casefold)[:limit]


def merge_spellings(counts: Counter[str], *, lemmatize: bool = False) -> list[tuple[str, int]]:
    """Short answers (regions, one-word expectations) ranked; case (and with lemmatize, inflection) merged."""
    if lemmatize:
        return _merged(counts, lambda v: " ".join(lemma(w) for w in v.split()).casefold())
    return _merged(counts, lambda v: " ".join(v.split()).casefold())


def top_terms(texts: Iterable[str], limit: int = 15) -> list[tuple[str, int]]:
    """Terms by the number of contributions that use them (a word repeated in one text counts once)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(terms_of(text))
    return rank_terms(counts, limit)


def texts_with_term(texts: Iterable[tuple[int, str]], term: str) -> list[int]:
    """The ids of the texts behind a term (for the moderator's click on a term)."""
    key = term.casefold()
    return [i for i, text in texts if key in {t.casefold() for t in terms_of(text)}]
