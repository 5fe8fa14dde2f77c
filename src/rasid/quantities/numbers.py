"""Arabic numerals in digits and in words, parsed to numbers.

Word lexicon entries are written in ordinary spelling and folded on load
(``rasid.arabic.normalize.fold``), so the patterns match the folded text of
:mod:`rasid.timex.folding`. ``pyarabic.number.text2number`` was checked: it reads
word compounds (``خمسة مليارات``, ``ألفين وخمسمائة``) but drops the digits of mixed
numerals (``100 مليون`` -> 1000000), knows no duals of nouns and gives no offsets;
this small parser covers those and runs on the folded text with offsets.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.arabic.normalize import fold

#: kind "unit": added; "scale": multiplies what precedes (``ألف``); "scale_pl": plural scale (vague
#: alone: ``آلاف``); "hundred": ``مئة`` multiplies a preceding unit 1-9; "value": a ready value.
_WORDS: list[tuple[str, float, str]] = []


def _add(words: str, value: float, kind: str = "unit") -> None:
    for w in words.split():
        _WORDS.append((w.replace("_", " "), value, kind))


_add("واحد واحدة", 1)
_add("اثنان اثنين اثنتان اثنتين", 2)
_add("ثلاث ثلاثة", 3)
_add("أربع أربعة", 4)
_add("خمس خمسة", 5)
_add("ست ستة", 6)
_add("سبع سبعة", 7)
_add("ثمان ثماني ثمانية", 8)
_add("تسع تسعة", 9)
_add("عشر عشرة", 10)
_add("أحد_عشر إحدى_عشرة إحدى_عشر", 11, "value")
_add("اثنا_عشر اثني_عشر اثنتا_عشرة اثنتي_عشرة", 12, "value")
for _v, _ws in ((20, "عشرون عشرين"), (30, "ثلاثون ثلاثين"), (40, "أربعون أربعين"), (50, "خمسون خمسين"),
                (60, "ستون ستين"), (70, "سبعون سبعين"), (80, "ثمانون ثمانين"), (90, "تسعون تسعين")):
    _add(_ws, _v)
_add("مئة مائة", 100, "hundred")
_add("مئتان مئتين مائتان مائتين مئتا مائتا مئتي مائتي", 200, "value")
for _v, _stem in ((3, "ثلاث"), (4, "أربع"), (5, "خمس"), (6, "ست"), (7, "سبع"), (8, "ثمان"), (9, "تسع")):
    _add(f"{_stem}مئة {_stem}مائة", _v * 100, "value")
_add("مئات", 100, "scale_pl")
_add("ألف ألفا", 1000, "scale")
_add("ألفان ألفين ألفي", 2000, "value")
_add("آلاف ألوف", 1000, "scale_pl")
_add("مليون مليونا", 1e6, "scale")
_add("مليونان مليونين مليوني", 2e6, "value")
_add("ملايين", 1e6, "scale_pl")
_add("مليار مليارا بليون بليونا", 1e9, "scale")
_add("ملياران مليارين ملياري", 2e9, "value")
_add("مليارات بلايين", 1e9, "scale_pl")
_add("تريليون ترليون تريليونا", 1e12, "scale")
_add("تريليونات", 1e12, "scale_pl")
_add("نصف", 0.5, "frac")  # only before a scale word: "نصف مليون"
_add("ربع", 0.25, "frac")

#: folded word -> (value, kind)
WORD_VALUES: dict[str, tuple[float, str]] = {fold(w): (v, k) for w, v, k in _WORDS}

#: Ordinals, folded -> value (masculine and feminine; with the article too via the pattern).
_ORD = [("أول أولى", 1), ("ثاني ثانية ثان", 2), ("ثالث ثالثة", 3), ("رابع رابعة", 4), ("خامس خامسة", 5),
        ("سادس سادسة", 6), ("سابع سابعة", 7), ("ثامن ثامنة", 8), ("تاسع تاسعة", 9), ("عاشر عاشرة", 10)]
ORDINALS: dict[str, int] = {fold(w): v for ws, v in _ORD for w in ws.split()}

DIGITS_PATTERN = r"[0-9]{1,3}(?:[,\u066c][0-9]{3})+(?:[.\u066b][0-9]+)?|[0-9]+(?:[.\u066b][0-9]+)?"


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def atom_regex() -> re.Pattern[str]:
    """One numeral atom: digits, or a number word with an optional proclitic (group ``pro``)."""
    return re.compile(
        r"(?:(?<![\w.,\u066b\u066c/:-])|(?<=(?<![\w.,/:-])[وفبل]))(?P<digits>" + DIGITS_PATTERN + r")(?![\w/:]|[.,\u066b\u066c-][0-9])"
        r"|(?:(?<!\w)|(?<=(?<!\w)[وفبلك]))(?P<word>" + _alternation(WORD_VALUES) + r")(?!\w)")


@lru_cache(maxsize=1)
def _atom_triggers() -> dict[str, bool]:
    return {w.split()[0]: True for w in WORD_VALUES}


def find_atoms(folded, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """Numeral atoms of ``folded`` (a folded str or ``Folded``); the matches of ``atom_regex().finditer``, found faster."""
    from rasid.timex.folding import Folded, candidates

    src = folded
    folded = folded.text if isinstance(folded, Folded) else folded
    end = len(folded) if end is None else end
    rx = atom_regex()
    out = []
    last = start
    for pos, _ in candidates(src, _atom_triggers(), start, end, digits=True):
        if pos < last:
            continue
        m = rx.match(folded, pos, end)
        if m:
            out.append(m)
            last = m.end()
    return out


def digits_value(s: str) -> float:
    s = s.replace(",", "").replace("\u066c", "").replace("\u066b", ".")
    v = float(s)
    return int(v) if v.is_integer() else v


def word_value(folded_word: str) -> tuple[float, str]:
    w = re.sub(r"\s+", " ", folded_word)
    return WORD_VALUES[w]


def combine(atoms: list[tuple[float, str]]) -> float | None:
    """Value of a sequence of (value, kind) atoms (``خمسة مليارات``, ``ألفين وخمسمائة``, ``100 مليون``).

    None when the sequence is only a vague plural scale (``آلاف``, ``مئات``).
    """
    total = 0.0
    current = 0.0
    for value, kind in atoms:
        if kind == "scale":
            current = (current or 1) * value
            total += current
            current = 0.0
        elif kind == "scale_pl":
            if not current:
                return None
            total += current * value
            current = 0.0
        elif kind == "hundred":
            current = current * value if 0 < current < 10 else current + value
        else:  # unit, value, digits, frac
            current += value
    out = total + current
    return int(out) if float(out).is_integer() else out


def parse_number_words(text: str) -> float | None:
    """Value of a numeral written in words (and digits), e.g. ``ألفين وخمسمائة`` -> 2500."""
    folded = fold(text)
    atoms = []
    for m in atom_regex().finditer(folded):
        if m.group("digits"):
            atoms.append((digits_value(m.group("digits")), "unit"))
        else:
            atoms.append(word_value(m.group("word")))
    return combine(atoms) if atoms else None
