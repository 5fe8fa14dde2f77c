"""Stage ``metadata.outlet``: the publishing outlet when it is literally named.

Order: an outlet named in a byline/dateline (``من كربلاء الخبر - بغداد``), the feed's ``meta["outlet"]``,
then the agency of the dateline (the outlet named in the text is then the agency). Otherwise None.
"""
from __future__ import annotations

from typing import Any

from rasid.document import Document
from rasid.pipeline import Stage


def _stage(doc: Document, options: Any = None) -> None:
    dl = doc.fact("dateline")
    fact = doc.facts.get("dateline")
    evidence = [s for s in (doc.span_by_id(x) for x in (fact.evidence if fact else [])) if s is not None]
    if isinstance(dl, dict) and dl.get("outlet"):
        doc.set_fact("outlet", dl["outlet"], STAGE.producer, confidence="high", evidence=evidence,
                     basis="byline" if dl.get("start") is not None else "feed_author")
        return
    meta_outlet = doc.meta.get("outlet")
    if isinstance(meta_outlet, str) and meta_outlet.strip():
        doc.set_fact("outlet", meta_outlet.strip(), STAGE.producer, confidence="high", basis="feed")
        return
    if isinstance(dl, dict) and dl.get("agency"):
        doc.set_fact("outlet", dl["agency"], STAGE.producer, confidence="medium", evidence=evidence,
                     basis="agency_dateline")
        return
    doc.set_fact("outlet", None, STAGE.producer)


STAGE = Stage(name="metadata.outlet", version="1", func=_stage, requires=("dateline",), assigns=("outlet",),
              description="outlet named in a byline, the feed, or the dateline agency")
