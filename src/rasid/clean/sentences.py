"""Stage ``clean.sentences`` (SCHEMA.md section 6).

Every line is a boundary. Inside a line a ``.`` ends a sentence when whitespace (NBSP included) or the
end of the line follows it; ``..`` (and longer runs) never ends one. ``؟ ! ?`` end a sentence under the
same condition. Sentence spans exclude surrounding whitespace; whitespace-only lines give none.
Attrs: ``line`` (index) and ``zone`` (the line's label from ``clean.lines``, "" without it).
"""
from __future__ import annotations

import re
from typing import Any

from rasid.document import Document
from rasid.pipeline import Stage

# a single '.' (not part of '..') or one of ؟ ! ? followed by whitespace
_END = re.compile(r"(?:(?<!\.)\.(?!\.)|[؟!?])(?=\s)")


def split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside ``text[start:end]`` (one line, no newline)."""
    out: list[tuple[int, int]] = []
    s = start
    for m in _END.finditer(text, start, end):
        out.append((s, m.end()))
        s = m.end()
    out.append((s, end))
    return [(a, b) for a, b in (trimmed(text, a, b) for a, b in out) if b > a]


_CAND = re.compile(r"[.؟!?\n]")


def sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, line index) of every sentence of ``text`` (one regex pass)."""
    out = []
    line = 0
    s = 0
    n = len(text)
    for m in _CAND.finditer(text):
        k = m.start()
        ch = text[k]
        newline = ch == "\n"
        if not newline:
            if k + 1 >= n or not text[k + 1].isspace():
                if k + 1 < n:
                    continue
            if ch == "." and ((k > 0 and text[k - 1] == ".") or (k + 1 < n and text[k + 1] == ".")):
                continue
        e = k if newline else k + 1
        a, b = trimmed(text, s, e)
        if b > a:
            out.append((a, b, line))
        s = m.end()
        if newline:
            line += 1
    a, b = trimmed(text, s, len(text))
    if b > a:
        out.append((a, b, line))
    return out


def trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` without leading and trailing whitespace."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _stage(doc: Document, options: Any = None) -> None:
    zones = {sp.attrs.get("i"): sp.label for sp in doc.spans("lines")}
    for a, b, i in sentences(doc.text):
        doc.add_span("sentences", a, b, STAGE.producer, line=i, zone=zones.get(i, ""))


STAGE = Stage(name="clean.sentences", version="1", func=_stage, requires=("lines",), assigns=("sentences",),
              description="sentence boundaries: every line, '.' before whitespace (never '..'), ؟ ! ?")
