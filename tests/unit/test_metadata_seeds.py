"""Clean + metadata stages against the hand-annotated seed gold (skipped without ../shared)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasid.clean import lines, sentences
from rasid.document import Document
from rasid.evaluation.scorer import norm
from rasid.metadata import dateline, dates, outlet, published, title

SHARED = Path(__file__).parents[2] / ".." / "shared"
GOLD = SHARED / "gold"
SEEDS = SHARED / "seeds"
STAGES = (lines.STAGE, sentences.STAGE, dates.STAGE, title.STAGE, dateline.STAGE, published.STAGE, outlet.STAGE)

pytestmark = pytest.mark.skipif(not GOLD.is_dir() or not SEEDS.is_dir(),
                                reason="shared gold/seeds not available (../shared)")


def cases():
    if not GOLD.is_dir():
        return []
    return sorted(GOLD.glob("*.gold.json"))


@pytest.mark.parametrize("gold_path", cases(), ids=lambda p: p.name[:3])
def test_seed_metadata_matches_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (SEEDS / gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    doc = Document(text)
    for st in STAGES:
        st(doc)
    assert [s.label for s in doc.spans("lines")] == [ln["label"] for ln in gold["lines"]]
    assert doc.fact("title") == gold["title"]["text"]
    gp = gold["published"]
    f = doc.facts["published"]
    if gp.get("date") and gp.get("confidence") == "high":
        assert f.value == gp["date"]
    elif not gp.get("date"):
        assert f.value is None or f.confidence == "low"
    gdl = gold["source"].get("dateline")
    pdl = doc.fact("dateline")
    if gdl:
        for k in ("place", "agency", "date"):
            if gdl.get(k):
                assert norm(pdl.get(k)) == norm(gdl[k])
    got_sent = [(s.start, s.end, s.attrs["line"]) for s in doc.spans("sentences")]
    assert got_sent == [(s["start"], s["end"], s["line"]) for s in gold["sentences"]]
    page = (gp.get("page_date") or {}).get("date")
    if page:
        assert f.attrs["page_date"]["date"] == page
