#!/usr/bin/env python3
"""Run the clean + metadata stages on the seed articles and write predictions for the reference scorer.

    .venv/bin/python scripts/dev_eval_metadata.py [--seeds ../shared/seeds] [--out DIR] [--score] [--bench N]

Writes ``<doc_id>.json`` (SCHEMA.md section 14: lines, title, published, source.dateline) to ``--out``
(a temporary directory by default); with ``--score`` runs ``../shared/gold/score.py`` on them;
``--bench N`` times N passes over the seeds (and SaudiNewsNet articles when present).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rasid.clean import lines as lines_mod
from rasid.clean import sentences as sentences_mod
from rasid.document import Document
from rasid.metadata import dateline, dates, outlet, published, title
from rasid.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"

STAGES = [lines_mod.STAGE, sentences_mod.STAGE, dates.STAGE, title.STAGE, dateline.STAGE, published.STAGE,
          outlet.STAGE]


def prediction(doc: Document) -> dict:
    pred: dict = {"doc_id": doc.meta.get("doc_id")}
    pred["lines"] = [{"i": sp.attrs["i"], "label": sp.label, "subtype": sp.attrs.get("subtype")}
                     for sp in doc.spans("lines")]
    tf = doc.facts.get("title")
    if tf and tf.value is not None:
        span = doc.span_by_id(tf.evidence[0]) if tf.evidence else None
        pred["title"] = {"text": tf.value, "start": span.start if span else None, "end": span.end if span else None}
    else:
        pred["title"] = None
    pf = doc.facts.get("published")
    pred["published"] = {"date": pf.value if pf else None, "confidence": pf.confidence if pf else None,
                         **({k: v for k, v in pf.attrs.items()} if pf else {})}
    pred["source"] = {"dateline": doc.fact("dateline"), "outlet": doc.fact("outlet")}
    pred["sentences"] = [{"start": s.start, "end": s.end, "line": s.attrs["line"], "zone": s.attrs["zone"]}
                         for s in doc.spans("sentences")]
    return pred


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default=str(SHARED / "seeds"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--score", action="store_true")
    ap.add_argument("--bench", type=int, default=0)
    args = ap.parse_args(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="rasid_meta_"))
    out.mkdir(parents=True, exist_ok=True)
    pipe = Pipeline(STAGES)
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    for f in seeds:
        doc = Document(f.read_text(encoding="utf-8"), meta={"doc_id": f.stem})
        pipe(doc)
        (out / f"{f.stem}.json").write_text(json.dumps(prediction(doc), ensure_ascii=False, indent=1),
                                            encoding="utf-8")
    print(f"predictions in {out}")
    if args.score:
        subprocess.run([sys.executable, str(SHARED / "gold" / "score.py"), "--gold", str(SHARED / "gold"),
                        "--pred", str(out)], check=False)
    if args.bench:
        texts = [f.read_text(encoding="utf-8") for f in seeds]
        sets = {"seeds (page text)": [(t, {}) for t in texts] * args.bench}
        snn = sorted((SHARED / "data" / "saudinewsnet").glob("*.zip"))
        if snn:
            import zipfile
            with zipfile.ZipFile(snn[0]) as z:
                feed = json.loads(z.read(z.namelist()[0]))[:1000]
            sets["saudinewsnet as feed (meta title/date/author)"] = [
                (a["content"], {"title": a["title"], "date": a["date_extracted"], "outlet": a["source"],
                                "author": a["author"]}) for a in feed]
            sets["saudinewsnet as raw text (no meta)"] = [(a["content"], {}) for a in feed]
        for name, items in sets.items():
            per_stage = {st.name: 0.0 for st in STAGES}
            chars = 0
            for text, meta in items:
                doc = Document(text, meta=dict(meta))
                chars += len(text)
                for st in STAGES:
                    t0 = time.process_time()
                    st(doc)
                    per_stage[st.name] += time.process_time() - t0
            total = sum(per_stage.values())
            print(f"{name}: {len(items)} docs, {chars / len(items):.0f} chars/doc, "
                  f"{1000 * total / len(items):.3f} ms/doc CPU (process_time)")
            for st_name, sec in per_stage.items():
                print(f"  {st_name}: {1000 * sec / len(items):.3f} ms/doc")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
