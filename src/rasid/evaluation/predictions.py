"""A document's annotations in the prediction format of shared/gold/SCHEMA.md §14."""
from __future__ import annotations

from typing import Any

from rasid.document import Document, Span


def _piece(doc: Document, value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or value.get("start") is None:
        return None
    start, end = int(value["start"]), int(value["end"])
    return {"text": doc.text[start:end], "start": start, "end": end}


def _entity(doc: Document, s: Span) -> dict[str, Any]:
    out = {"text": doc.text[s.start:s.end], "start": s.start, "end": s.end, "type": s.label,
           "entity_id": s.attrs.get("entity_id")}
    for key in ("form", "norm", "head", "metonymy", "holder_entity_id"):
        if s.attrs.get(key) is not None:
            out[key] = s.attrs[key]
    return out


def _quote(doc: Document, s: Span) -> dict[str, Any]:
    a = s.attrs
    out = {"id": s.id, "kind": s.label, "speaker_entity_id": a.get("speaker_entity_id"),
           "speaker_text": a.get("speaker_text"), "speaker_start": a.get("speaker_start"),
           "speaker_end": a.get("speaker_end"), "speaker_implicit": a.get("speaker_implicit", False),
           "cue": _piece(doc, a.get("cue")), "content": _piece(doc, a.get("content")) or
           {"text": doc.text[s.start:s.end], "start": s.start, "end": s.end},
           "headline": a.get("headline", False)}
    for key in ("medium", "addressee_entity_id", "quote_marks"):
        if a.get(key) is not None:
            out[key] = a[key]
    return out


def _event(doc: Document, s: Span) -> dict[str, Any]:
    a = s.attrs
    out = {"id": s.id, "type": s.label, "source_entity_id": a.get("source_entity_id"),
           "target_entity_id": a.get("target_entity_id"),
           "trigger": _piece(doc, a.get("trigger")) or {"text": doc.text[s.start:s.end], "start": s.start, "end": s.end},
           "sentence": _piece(doc, a.get("sentence")), "date": a.get("date"), "negated": bool(a.get("negated")),
           "modality": a.get("modality"), "location_entity_id": a.get("location_entity_id")}
    for key in ("mode", "context", "quote_id", "actor_codes", "denied_agent_entity_id", "on_behalf_of", "confidence"):
        if a.get(key) is not None:
            out[key] = a[key]
    return out


def _valued(doc: Document, s: Span, keys: tuple[str, ...]) -> dict[str, Any]:
    out = {"text": doc.text[s.start:s.end], "start": s.start, "end": s.end}
    if s.label:
        out["kind"] = s.label
    for key in keys:
        out[key] = s.attrs.get(key)
    return out


def prediction(doc: Document, doc_id: str | None = None) -> dict[str, Any]:
    """The §14 prediction object for ``doc``."""
    out: dict[str, Any] = {"doc_id": doc_id or doc.meta.get("name") or doc.id}
    out["lines"] = [{"i": s.attrs.get("i", n), "label": s.label, **({"subtype": s.attrs["subtype"]}
                     if s.attrs.get("subtype") else {})} for n, s in enumerate(doc.spans("lines"))]
    titles = doc.spans("title")
    if titles:
        out["title"] = {"text": doc.text[titles[0].start:titles[0].end], "start": titles[0].start, "end": titles[0].end}
    else:  # a feed supplies the headline outside the text
        out["title"] = {"text": doc.fact("title"), "start": None, "end": None} if doc.fact("title") else None
    published = doc.facts.get("published")
    out["published"] = ({"date": published.value, "confidence": published.confidence, **published.attrs}
                        if published else {"date": None, "confidence": None})
    dateline = doc.fact("dateline")
    out["source"] = {"dateline": dateline, "outlet_named_in_text": doc.fact("outlet")}
    out["sentences"] = [{"index": n, "start": s.start, "end": s.end, **s.attrs}
                        for n, s in enumerate(doc.spans("sentences"))]
    out["entities"] = [_entity(doc, s) for s in doc.spans("entities")]
    out["quotes"] = [_quote(doc, s) for s in doc.spans("quotes")]
    out["events"] = [_event(doc, s) for s in doc.spans("events")]
    out["quantities"] = [_valued(doc, s, ("value", "unit", "comparator", "about", "ordinal"))
                         for s in doc.spans("quantities")]
    out["relative_dates"] = [_valued(doc, s, ("value", "granularity", "anchor", "confidence"))
                             for s in doc.spans("timexes")]
    return out
