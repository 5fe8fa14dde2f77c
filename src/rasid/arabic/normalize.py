"""Arabic normalisation on a derived text that keeps an offset map back to raw.

The raw text is never modified: :func:`normalize_for_matching` returns a
:class:`NormalizedText` whose ``to_raw`` list gives, for every character of the
normalised form, the raw offset it came from, so a match found in the
normalised text can be reported in the raw text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rasid.arabic import charmaps

#: Every fold applied for matching, in one table.
MATCHING_MAP: dict[str, str] = {}
for _table in (charmaps.DIACRITICS, charmaps.TATWEEL, charmaps.INVISIBLE, charmaps.ALEF_FORMS,
               charmaps.LETTER_VARIANTS, charmaps.DIGITS, charmaps.SPACES):
    MATCHING_MAP.update(_table)

#: A lighter fold that keeps letters as written (for display-level comparisons).
LIGHT_MAP: dict[str, str] = {}
for _table in (charmaps.DIACRITICS, charmaps.TATWEEL, charmaps.INVISIBLE, charmaps.DIGITS, charmaps.SPACES):
    LIGHT_MAP.update(_table)

_ARABIC_PRESENTATION = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


@lru_cache(maxsize=2)
def _full_table(table_id: int) -> dict[str, str]:
    """The fold table with Arabic presentation forms (NFKC) folded too; built once, on first use."""
    table = dict(MATCHING_MAP if table_id == 0 else LIGHT_MAP)
    for lo, hi in _ARABIC_PRESENTATION:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            decomposed = unicodedata.normalize("NFKC", ch)
            if decomposed != ch:
                table[ch] = "".join(table.get(c, c) for c in decomposed)
    return table


@lru_cache(maxsize=2)
def _translate_table(table_id: int) -> dict[int, str]:
    return {ord(k): v for k, v in _full_table(table_id).items()}


@dataclass(frozen=True)
class NormalizedText:
    """A normalised form with ``to_raw[i]`` = raw offset of normalised char ``i``.

    ``to_raw`` has one extra final entry, the raw length, so that an end offset
    maps too.
    """

    text: str
    to_raw: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) of the normalised span [start, end)."""
        if end <= start:
            return self.to_raw[start], self.to_raw[start]
        return self.to_raw[start], self.to_raw[end - 1] + 1


def _normalize(raw: str, table_id: int) -> NormalizedText:
    table = _full_table(table_id)
    out: list[str] = []
    to_raw: list[int] = []
    get = table.get
    for i, ch in enumerate(raw):
        folded = get(ch)
        if folded is None:
            out.append(ch)
            to_raw.append(i)
        elif len(folded) == 1:
            out.append(folded)
            to_raw.append(i)
        else:  # deleted (empty) or expanded (ligature)
            for c in folded:
                out.append(c)
                to_raw.append(i)
    to_raw.append(len(raw))
    return NormalizedText("".join(out), tuple(to_raw))


def normalize_for_matching(raw: str) -> NormalizedText:
    """Fold hamza/alef forms, alef maqsura, ta marbuta, tatweel, diacritics,
    presentation forms, Arabic-Indic digits, zero-width and bidi controls."""
    return _normalize(raw, 0)


def normalize_light(raw: str) -> NormalizedText:
    """Drop diacritics, tatweel and invisible controls; map digits; keep letters."""
    return _normalize(raw, 1)


def fold(text: str) -> str:
    """The matching form of a string (no offset map)."""
    return text.translate(_translate_table(0))


def fold_light(text: str) -> str:
    return text.translate(_translate_table(1))


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic digits to ASCII, everything else as it is (same length)."""
    return text.translate(_DIGIT_TRANS)


_DIGIT_TRANS = str.maketrans(charmaps.DIGITS)
