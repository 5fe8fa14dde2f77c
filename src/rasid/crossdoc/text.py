"""Text views shared by the cross-document tools: content words and sentences with raw offsets."""
from __future__ import annotations

from rasid.arabic.normalize import fold
from rasid.arabic.tokens import WORD_RE
from rasid.clean.sentences import sentences as split_sentences, trimmed
from rasid.document import Document
from rasid.search.keyword import content_ranges

_MIN_SENT_WORDS = 4


def content_words(doc: Document) -> list[str]:
    """Folded words of the title and body lines (the whole text when lines are unlabelled)."""
    out: list[str] = []
    for start, end in content_ranges(doc):
        out.extend(fold(m.group()) for m in WORD_RE.finditer(doc.text, start, end))
    return out


def shingles(words: list[str], size: int) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def sentences(doc: Document, max_sentences: int | None = None) -> list[tuple[int, int]]:
    """(start, end) raw offsets of the content sentences, in text order.

    Uses the ``sentences`` layer when the pipeline produced it (only title/body zones), otherwise
    the same splitter the ``clean.sentences`` stage uses, kept to the title/body ranges.
    Sentences of fewer than four words are left out (bylines, captions, "(واس)").
    """
    found: list[tuple[int, int]] = []
    layer = doc.spans("sentences")
    if layer:
        for s in layer:
            zone = s.attrs.get("zone")
            if zone and zone not in ("title", "body"):
                continue
            found.append(trimmed(doc.text, s.start, s.end))
    else:
        ranges = content_ranges(doc)
        found = [(a, b) for a, b, _ in split_sentences(doc.text) if any(s <= a and b <= e for s, e in ranges)]
    out = [(a, b) for a, b in found if len(WORD_RE.findall(doc.text, a, b)) >= _MIN_SENT_WORDS]
    if max_sentences is not None:
        out = out[:max_sentences]
    return out


def title_of(doc: Document) -> str:
    return doc.fact("title") or doc.meta.get("title") or ""
