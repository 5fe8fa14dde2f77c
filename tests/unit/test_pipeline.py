import pickle

import pytest

from rasid.document import Document
from rasid.pipeline import Pipeline, PipelineError, Stage


def _lines(doc, options):
    start = 0
    for i, line in enumerate(doc.text.split("\n")):
        doc.add_span("lines", start, start + len(line), LINES.producer, "body" if line else "blank", i=i)
        start += len(line) + 1


def _count(doc, options):
    doc.set_fact("n_body", sum(1 for s in doc.spans("lines") if s.label == "body"), COUNT.producer)


LINES = Stage("test.lines", "1", _lines, requires=("text",), assigns=("lines",))
COUNT = Stage("test.count", "2", _count, requires=("lines",), assigns=("n_body",))


def test_stages_run_in_order_and_record_versions():
    doc = Pipeline([LINES, COUNT])(Document("a\n\nb"))
    assert doc.fact("n_body") == 2
    assert doc.meta["stages"] == {"test.lines": "1", "test.count": "2"}
    assert doc.facts["n_body"].producer == "test.count@2"


def test_unmet_need_raises_when_built():
    with pytest.raises(PipelineError, match="'test.count' needs 'lines'.*'test.lines' adds it"):
        Pipeline([COUNT, LINES])
    with pytest.raises(PipelineError, match="no stage in this pipeline adds it"):
        Pipeline([COUNT])


def test_stage_called_alone_checks_the_document():
    with pytest.raises(PipelineError, match="needs lines"):
        COUNT(Document("x"))


def test_pipeline_pickles_for_workers():
    pipe = pickle.loads(pickle.dumps(Pipeline([LINES, COUNT])))
    assert pipe(Document("x")).fact("n_body") == 1
