"""Turn a document's spans into escaped, annotated HTML segments.

Spans may nest or overlap (a GPE inside a TITLE, an entity inside a quote), so
the text is cut at every span boundary and each piece carries the classes and
span ids of everything that covers it. All text is escaped by the template
engine: only the classes and ids computed here reach the markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasid.document import Document

#: Layers shown in place on the document page, with their CSS class prefix.
SHOWN_LAYERS = ("entities", "quotes", "events", "timexes", "quantities")


@dataclass
class Piece:
    text: str
    classes: list[str] = field(default_factory=list)
    span_ids: list[str] = field(default_factory=list)


@dataclass
class Line:
    index: int
    label: str
    subtype: str | None
    pieces: list[Piece]


def _css(layer: str, label: str) -> str:
    return f"a-{layer} a-{layer}-{label.lower()}" if label else f"a-{layer}"


def annotated_lines(doc: Document, layers: tuple[str, ...] = SHOWN_LAYERS) -> list[Line]:
    spans = [s for layer in layers for s in doc.spans(layer) if s.end > s.start]
    line_spans = doc.spans("lines")
    if not line_spans:
        bounds, start = [], 0
        for i, text in enumerate(doc.text.split("\n")):
            bounds.append((i, start, start + len(text), "body", None))
            start += len(text) + 1
    else:
        bounds = [(s.attrs.get("i", n), s.start, s.end, s.label, s.attrs.get("subtype")) for n, s in enumerate(line_spans)]
    out = []
    for index, lstart, lend, label, subtype in bounds:
        inside = [s for s in spans if s.start < lend and s.end > lstart]
        cuts = sorted({lstart, lend, *(max(lstart, s.start) for s in inside), *(min(lend, s.end) for s in inside)})
        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            cover = [s for s in inside if s.start <= a and s.end >= b]
            pieces.append(Piece(doc.text[a:b], [_css(s.layer, s.label) for s in cover], [s.id for s in cover]))
        out.append(Line(index, label, subtype, pieces))
    return out


def span_details(doc: Document, role_at: Any = None) -> dict[str, dict[str, Any]]:
    """Per span id, what the side panel shows (JSON-safe)."""
    details: dict[str, dict[str, Any]] = {}
    for layer in SHOWN_LAYERS:
        for s in doc.spans(layer):
            info = {"layer": layer, "label": s.label, "text": doc.text[s.start:s.end], "start": s.start, "end": s.end,
                    "producer": s.producer}
            for key, value in s.attrs.items():
                if key in ("cue", "content", "trigger", "sentence", "number") and isinstance(value, dict):
                    info[key] = value.get("text")
                else:
                    info[key] = value
            if role_at and layer == "entities" and s.attrs.get("entity_id"):
                role = role_at(s.attrs["entity_id"])
                if role:
                    info["role_at_date"] = role
            details[s.id] = info
    return details
