"""A fast matching fold of raw text with a way back to raw offsets.

The rule-based timex and quantity stages match their patterns on the folded
form of :func:`rasid.arabic.normalize.fold` (hamza/alef forms, ta marbuta,
alef maqsura, Arabic-Indic digits, diacritics, tatweel, invisible controls).
Every fold in that table maps one character to at most one character, so the
folded text is computed with ``str.translate`` and the raw offset of a folded
position is recovered from the (usually few) deleted positions with a bisect.
Presentation forms (rare in news text) fall back to the general normaliser.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from rasid.arabic import charmaps
from rasid.arabic.normalize import MATCHING_MAP, normalize_for_matching

#: one-to-one folds, applied with str.replace (much faster than str.translate with a dict)
_PAIRS = tuple((k, v) for k, v in MATCHING_MAP.items() if v)
_DELETED = "".join(k for k, v in MATCHING_MAP.items() if not v)
_DEL_RE = re.compile("[" + re.escape(_DELETED) + "]")
_PRESENTATION_RE = re.compile("[\uFB50-\uFDFF\uFE70-\uFEFF]")
#: Marks that belong to the preceding letter: a span ending on a letter takes them along.
_TRAILING_MARKS_RE = re.compile("[" + re.escape("".join(charmaps.DIACRITICS) + "\u0640") + "]*")


class Folded:
    """``text`` is the folded form of ``raw[base:stop]``; ``raw_start``/``raw_end`` map offsets back."""

    __slots__ = ("raw", "base", "text", "_fpos", "_to_raw", "_words", "_digits", "memo")

    def __init__(self, raw: str, start: int = 0, end: int | None = None):
        end = len(raw) if end is None else end
        self.raw = raw
        self.base = start
        piece = raw[start:end]
        self._to_raw: tuple[int, ...] | None = None
        self._fpos: list[int] = []
        self._words: set[str] | None = None
        self._digits: list[int] | None = None
        #: results of pure functions of this text (absolute dates), shared by the two stages
        self.memo: dict = {}
        if _PRESENTATION_RE.search(piece):
            norm = normalize_for_matching(piece)
            self.text = norm.text
            self._to_raw = norm.to_raw
            return
        for k, v in _PAIRS:
            if k in piece:
                piece = piece.replace(k, v)
        segments = _DEL_RE.split(piece)
        if len(segments) > 1:
            # folded position of deletion k = kept characters before it
            self._fpos = list(accumulate(map(len, segments[:-1])))
            self.text = "".join(segments)
        else:
            self.text = piece

    @property
    def words(self) -> set[str]:
        """The distinct words of the folded text."""
        if self._words is None:
            self._words = set(_WORD_RE.findall(self.text))
        return self._words

    @property
    def digit_starts(self) -> list[int]:
        """Positions where a word starting with a digit begins."""
        if self._digits is None:
            self._digits = _digit_starts(self.text)
        return self._digits

    def fold_index(self, raw_i: int) -> int:
        """Folded offset of raw offset ``raw_i`` (the next kept character when ``raw_i`` was deleted)."""
        if self._to_raw is not None:
            from bisect import bisect_left
            return bisect_left(self._to_raw, raw_i)
        r = raw_i - self.base
        # deletion k sits at raw (piece) offset fpos[k] + k
        lo, hi = 0, len(self._fpos)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._fpos[mid] + mid < r:
                lo = mid + 1
            else:
                hi = mid
        return r - lo

    def raw_start(self, i: int) -> int:
        if self._to_raw is not None:
            return self.base + self._to_raw[i]
        return self.base + i + bisect_right(self._fpos, i)

    def raw_end(self, j: int) -> int:
        if j <= 0:
            return self.raw_start(0)
        if self._to_raw is not None:
            pos = self.base + self._to_raw[j - 1] + 1
        else:
            pos = self.base + (j - 1) + bisect_right(self._fpos, j - 1) + 1
        m = _TRAILING_MARKS_RE.match(self.raw, pos)
        return m.end() if m else pos

    def raw_span(self, i: int, j: int) -> tuple[int, int]:
        return self.raw_start(i), self.raw_end(j)


def fold_text(raw: str, start: int = 0, end: int | None = None) -> Folded:
    """A cached :class:`Folded` (the timex and quantity stages fold the same text)."""
    return _fold_cached(raw, start, len(raw) if end is None else end)


@lru_cache(maxsize=16)
def _fold_cached(raw: str, start: int, end: int) -> Folded:
    return Folded(raw, start, end)


_WORD_RE = re.compile(r"\w+")
_EXTENDED: dict[tuple[int, str], tuple[object, dict[str, tuple[str, bool]]]] = {}


def _extended(triggers: dict[str, object], proclitics: str) -> dict[str, tuple[str, bool]]:
    """trigger word or proclitic + trigger word -> (trigger word, has proclitic); built once per table."""
    key = (id(triggers), proclitics)
    cached = _EXTENDED.get(key)
    if cached is not None and cached[0] is triggers:
        return cached[1]
    got = {w: (w, False) for w in triggers}
    for w in triggers:
        if len(w) >= 3:
            for p in proclitics:
                got.setdefault(p + w, (w, True))
    if len(_EXTENDED) > 64:
        _EXTENDED.clear()
    _EXTENDED[key] = (triggers, got)
    return got


_DIGIT_RUN_RE = re.compile(r"[0-9]+")


def _digit_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Starts of digit runs that begin a word (or follow one proclitic letter: و30)."""
    out = []
    for m in _DIGIT_RUN_RE.finditer(text, start, len(text) if end is None else end):
        i = m.start()
        prev = text[i - 1] if i else " "
        if not (prev.isalnum() or prev == "_"):
            out.append(i)
        elif prev in "وفبل" and (i < 2 or not text[i - 2].isalnum()):
            out.append(i)
    return out


def candidates(text: "str | Folded", triggers: dict[str, object], start: int = 0, end: int | None = None,
               proclitics: str = "وفبلك", digits: object = None) -> list[tuple[int, object]]:
    """(position, payload) for the words of ``text[start:end]`` found in ``triggers``, in text order.

    Patterns are then tried with ``Pattern.match`` at these positions only, which is much
    faster than scanning a long alternation over every character. A word that starts with
    one of ``proclitics`` is also looked up without it (position after the proclitic).
    ``digits``, when given, is the payload for a word that starts with a digit. Only the
    distinct words are looked up (a set intersection); their positions come from ``str.find``.
    ``triggers`` must be a long-lived table (module-level or cached): its extension with
    proclitics is memoised by identity.
    """
    ext = _extended(triggers, proclitics)
    if isinstance(text, Folded):  # distinct words and digits computed once per text
        present = text.words & ext.keys()
        digit_pos = text.digit_starts if digits is not None else []
        text = text.text
    else:
        present = set(_WORD_RE.findall(text, start, len(text) if end is None else end)) & ext.keys()
        digit_pos = _digit_starts(text) if digits is not None else []
    end = len(text) if end is None else end
    out: list[tuple[int, object]] = []
    find = text.find
    n_text = len(text)
    for surface in present:
        w, clitic = ext[surface]
        payload = triggers[w]
        n = len(surface)
        i = find(surface, start, end)
        while i >= 0:
            j = i + n
            if (j >= n_text or not text[j].isalnum()) and (i == 0 or not text[i - 1].isalnum()):
                out.append((i + 1 if clitic else i, payload))
            i = find(surface, i + 1, end)
    if digits is not None:
        out.extend((p, digits) for p in digit_pos if start <= p < end)
    out.sort(key=lambda x: x[0])
    return out
