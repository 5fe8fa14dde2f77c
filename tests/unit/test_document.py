import json
from importlib import resources

import jsonschema
import pytest

from rasid.document import Document, SpanError, content_hash


def schema():
    return json.loads(resources.files("rasid.schema").joinpath("document.schema.json").read_text(encoding="utf-8"))


def test_raw_text_kept_and_spans_point_into_it():
    text = "قال الرئيس العراقي فؤاد معصوم\u00a0إن…"
    doc = Document(text, meta={"format": "text"})
    span = doc.add_span("entities", 19, 29, "entities.ner@1", "PER", entity_id="fuad_masum")
    assert doc.text == text
    assert span.text_of(doc) == "فؤاد معصوم"
    assert doc.id == content_hash(text)[:16]
    assert doc.span_by_id(span.id) is span


def test_span_outside_text_is_refused():
    doc = Document("abc")
    with pytest.raises(SpanError):
        doc.add_span("x", 2, 9, "t@1")


def test_json_round_trip_and_schema():
    doc = Document("بغداد 27 أبريل 2021 (شينخوا)", meta={"source_path": "a.txt"})
    ev = doc.add_span("date_mentions", 6, 19, "metadata.dates@1", "absolute", value="2021-04-27")
    doc.set_fact("published", "2021-04-27", "metadata.published@1", confidence="high", evidence=[ev], basis="dateline")
    data = doc.to_dict()
    jsonschema.validate(data, schema())
    back = Document.from_json(doc.to_json())
    assert back.to_dict() == data
    assert back.fact("published") == "2021-04-27"
    assert back.facts["published"].evidence == [ev.id]


def test_schema_rejects_bad_producer():
    doc = Document("x")
    doc.add_span("lines", 0, 1, "no version", "body")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc.to_dict(), schema())
