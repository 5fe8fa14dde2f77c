"""Stage ``metadata.title``: the headline.

Fact ``title`` = the full headline line exactly as written (editorial prefixes kept, surrounding
whitespace left out), with one span in layer ``title`` as evidence. A feed document (its headline only in
``meta["title"]``) gets the feed title as the value, no span, and ``source: meta``.
"""
from __future__ import annotations

from typing import Any

from rasid.clean.sentences import trimmed
from rasid.document import Document
from rasid.pipeline import Stage


def _stage(doc: Document, options: Any = None) -> None:
    line = next((sp for sp in doc.spans("lines") if sp.label == "title"), None)
    if line is not None:
        a, b = trimmed(doc.text, line.start, line.end)
        span = doc.add_span("title", a, b, STAGE.producer, line=line.attrs.get("i"))
        doc.set_fact("title", doc.text[a:b], STAGE.producer, confidence="high", evidence=[span], source="text",
                     line=line.attrs.get("i"))
        return
    meta_title = doc.meta.get("title")
    if isinstance(meta_title, str) and meta_title.strip():
        doc.set_fact("title", meta_title.strip(), STAGE.producer, confidence="high", source="meta")
        return
    doc.set_fact("title", None, STAGE.producer)


STAGE = Stage(name="metadata.title", version="1", func=_stage, requires=("lines",), assigns=("title",),
              description="headline line as written, or the feed's title")
