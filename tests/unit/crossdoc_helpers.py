"""Hand-built documents in a fresh store, shared by the cross-document tests (timeline, relations, contradictions)."""
import re

from rasid.document import Document
from rasid.store import Store

P = "test@1"


def make_doc(text, published, outlet, ents=(), events=(), quotes=(), quantities=()):
    """A stored-ready Document: one sentence per '.'-ended piece, spans located by their surface text."""
    doc = Document(text, meta={"source_path": f"{outlet}-{published}.txt"})
    for m in re.finditer(r"[^.\n]+\.?", text):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        if m.group().strip():
            doc.add_span("sentences", start, m.end(), P, line=0, zone="body")
    if published:
        doc.set_fact("published", published, P, confidence="high")
    doc.set_fact("outlet", outlet, P)
    doc.set_fact("title", text.split(".")[0], P)
    for surface, eid, label in ents:
        for m in re.finditer(re.escape(surface), text):
            doc.add_span("entities", m.start(), m.end(), P, label, entity_id=eid, form="NAM")
    for ev in events:
        ev = dict(ev)
        i = text.index(ev.pop("trigger"))
        j = i + len(text[i:].split(" ")[0]) if "length" not in ev else i + ev.pop("length")
        sent = next(s for s in doc.spans("sentences") if s.start <= i < s.end)
        label = ev.pop("type")
        attrs = {"source_entity_id": None, "target_entity_id": None, "negated": False, "modality": "asserted",
                 "mode": None, "date": None, "quote_id": None}
        attrs.update(ev)
        doc.add_span("events", i, j, P, label, trigger={"start": i, "end": j, "text": text[i:j]},
                     sentence={"start": sent.start, "end": sent.end}, **attrs)
    for content, speaker in quotes:
        i = text.index(content)
        doc.add_span("quotes", i, i + len(content), P, "indirect", speaker_entity_id=speaker,
                     speaker_text=speaker, content={"start": i, "end": i + len(content), "text": content})
    for surface, value, unit, comparator in quantities:
        i = text.index(surface)
        doc.add_span("quantities", i, i + len(surface), P, value=value, unit=unit, comparator=comparator,
                     about=surface.split()[-2] if len(surface.split()) > 1 else None, ordinal=False,
                     number={"start": i, "end": i + len(surface), "text": surface})
    return doc


def store_docs(tmp_path, docs, duplicates=()):
    store = Store(tmp_path / "t.db")
    with store.transaction():
        for d in docs:
            assert store.write_document(d, None, ("", ""))
        for dup, original in duplicates:
            store.conn.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (original, dup))
    return store
