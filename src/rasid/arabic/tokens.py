"""Tokens with raw offsets, and clitic stripping for search and matching."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterator

from rasid.arabic.normalize import fold

#: A word: letters, digits, diacritics and tatweel, in any script; or one other non-space symbol.
TOKEN_RE = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+|[^\w\s]", re.UNICODE)
WORD_RE = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+", re.UNICODE)
ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and single punctuation marks of ``text[start:end]`` with raw offsets."""
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, end)]


def words(text: str) -> Iterator[re.Match[str]]:
    return WORD_RE.finditer(text)


def is_arabic(token: str) -> bool:
    return bool(ARABIC_LETTER_RE.search(token))


# Proclitic conjunctions and prepositions, in folded form, longest first.
# "لل" is the preposition li- fused with the article: "للتحالف" -> "التحالف".
_PROCLITIC_PATTERNS = (
    ("وبال", "ال"), ("وكال", "ال"), ("فبال", "ال"), ("فال", "ال"), ("وال", "ال"), ("بال", "ال"), ("كال", "ال"),
    ("ولل", "ال"), ("فلل", "ال"), ("لل", "ال"),
    ("وب", ""), ("ول", ""), ("وك", ""), ("فب", ""), ("فل", ""), ("و", ""), ("ف", ""), ("ب", ""), ("ل", ""), ("ك", ""),
)
_MIN_STEM = 3


def strip_proclitics(word: str) -> str:
    """Remove conjunction/preposition proclitics from a folded word.

    ``والتحالف`` and ``للتحالف`` both become ``التحالف``. A letter is only taken
    off when at least three letters remain, so short words such as ``بين`` stay.
    """
    for prefix, replacement in _PROCLITIC_PATTERNS:
        if word.startswith(prefix) and len(word) - len(prefix) + len(replacement) >= _MIN_STEM + len(replacement):
            return replacement + word[len(prefix):]
    return word


def strip_article(word: str) -> str:
    if word.startswith("ال") and len(word) - 2 >= _MIN_STEM:
        return word[2:]
    return word


#: Competing spellings of the same word, folded form -> one canonical folded form.
SPELLING_VARIANTS = (("اميرك", "امريك"),)


def unify_spelling(folded: str) -> str:
    for variant, canonical in SPELLING_VARIANTS:
        if variant in folded:
            folded = folded.replace(variant, canonical)
    return folded


@lru_cache(maxsize=262144)
def search_key(word: str) -> str:
    """The index form of a word: folded, proclitics and the article removed,
    competing spellings unified (``أميركا`` and ``أمريكا`` share one key)."""
    return unify_spelling(strip_article(strip_proclitics(fold(word))))
