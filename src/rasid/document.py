"""The one document object that flows through the pipeline.

The raw text is never changed. Everything rasid finds is a typed :class:`Span`
(character offsets into the raw text, attributes, and the ``stage@version``
that produced it) kept in a named layer, or a document-level :class:`Fact`
(for example the publication date) that points at its evidence spans.

Offsets are Python ``str`` indices (Unicode code points), the convention of
the gold files in ``shared/gold/SCHEMA.md``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

DOCUMENT_FORMAT_VERSION = 1


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: the identity used to make re-ingest idempotent."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Span:
    """A typed annotation over ``Document.text[start:end]``."""

    layer: str
    start: int
    end: int
    producer: str
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def text_of(self, doc: "Document") -> str:
        return doc.text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "layer": self.layer, "label": self.label,
                               "start": self.start, "end": self.end, "producer": self.producer}
        if self.attrs:
            out["attrs"] = self.attrs
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Span":
        return cls(layer=data["layer"], start=int(data["start"]), end=int(data["end"]),
                   producer=data["producer"], label=data.get("label", ""),
                   attrs=dict(data.get("attrs") or {}), id=data.get("id", ""))


@dataclass
class Fact:
    """A document-level finding (title, publication date, language, dateline...)."""

    value: Any
    producer: str
    confidence: str | None = None
    evidence: list[str] = field(default_factory=list)  # ids of spans
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "producer": self.producer}
        if self.confidence is not None:
            out["confidence"] = self.confidence
        if self.evidence:
            out["evidence"] = list(self.evidence)
        if self.attrs:
            out["attrs"] = self.attrs
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Fact":
        return cls(value=data.get("value"), producer=data["producer"], confidence=data.get("confidence"),
                   evidence=list(data.get("evidence") or []), attrs=dict(data.get("attrs") or {}))


class SpanError(ValueError):
    """An annotation that does not fit the raw text."""


@dataclass
class Document:
    """Raw text plus layers of spans and document-level facts.

    ``meta`` holds what the reader knew before any analysis: where the text came
    from (path, archive member, URL), the input format, the encoding found, and
    fields a feed supplied (title, date, outlet, author).
    """

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    layers: dict[str, list[Span]] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)[:16]

    # ------------------------------------------------------------------ spans
    def add_span(self, layer: str, start: int, end: int, producer: str, label: str = "",
                 **attrs: Any) -> Span:
        if not (0 <= start <= end <= len(self.text)):
            raise SpanError(f"span {start}:{end} of layer {layer!r} is outside a text of {len(self.text)} characters")
        spans = self.layers.setdefault(layer, [])
        span = Span(layer=layer, start=start, end=end, producer=producer, label=label,
                    attrs=attrs, id=f"{layer}:{len(spans)}")
        spans.append(span)
        return span

    def spans(self, layer: str) -> list[Span]:
        return self.layers.get(layer, [])

    def span_by_id(self, span_id: str) -> Span | None:
        layer, _, index = span_id.rpartition(":")
        spans = self.layers.get(layer, [])
        try:
            span = spans[int(index)]
        except (ValueError, IndexError):
            return None
        return span if span.id == span_id else None

    def clear_layer(self, layer: str) -> None:
        self.layers.pop(layer, None)

    def spans_in(self, layer: str, start: int, end: int) -> Iterator[Span]:
        for span in self.spans(layer):
            if span.start >= start and span.end <= end:
                yield span

    # ------------------------------------------------------------------ facts
    def set_fact(self, name: str, value: Any, producer: str, confidence: str | None = None,
                 evidence: Iterable[Span] = (), **attrs: Any) -> Fact:
        fact = Fact(value=value, producer=producer, confidence=confidence,
                    evidence=[s.id for s in evidence], attrs=attrs)
        self.facts[name] = fact
        return fact

    def fact(self, name: str, default: Any = None) -> Any:
        found = self.facts.get(name)
        return found.value if found is not None else default

    def has(self, name: str) -> bool:
        """True when a layer or fact of this name was produced (even if empty)."""
        return name in self.layers or name in self.facts or name in self.meta.get("_produced", ())

    def mark_produced(self, names: Iterable[str]) -> None:
        produced = self.meta.setdefault("_produced", [])
        for name in names:
            if name not in produced:
                produced.append(name)

    # ------------------------------------------------------------ serialise
    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": DOCUMENT_FORMAT_VERSION,
            "id": self.id,
            "text": self.text,
            "meta": self.meta,
            "facts": {k: v.to_dict() for k, v in self.facts.items()},
            "layers": {k: [s.to_dict() for s in v] for k, v in self.layers.items()},
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        doc = cls(text=data["text"], meta=dict(data.get("meta") or {}), id=data.get("id", ""))
        doc.facts = {k: Fact.from_dict(v) for k, v in (data.get("facts") or {}).items()}
        doc.layers = {k: [Span.from_dict(s) for s in v] for k, v in (data.get("layers") or {}).items()}
        return doc

    @classmethod
    def from_json(cls, payload: str) -> "Document":
        return cls.from_dict(json.loads(payload))

    def validate_spans(self) -> None:
        """Raise SpanError if any span falls outside the text."""
        for layer, spans in self.layers.items():
            for span in spans:
                if not (0 <= span.start <= span.end <= len(self.text)):
                    raise SpanError(f"{layer} span {span.id} {span.start}:{span.end} is outside the text")
