#!/usr/bin/env python
"""Strict NER score of ``entities.ner`` on the seed gold (reference only, never tuned on).

Gold: NAM mentions of type PER/ORG/GPE/LOC in title/body zones of
``../shared/gold/*.gold.json``. The gold ``lines`` and ``sentences`` are given to
the stage so only NER is measured. A prediction counts when start, end and type
all match. ``-v`` lists the misses and false alarms.

    .venv/bin/python scripts/dev_eval_ner_seeds.py [-v]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasid.document import Document  # noqa: E402
from rasid.entities import ner  # noqa: E402

SHARED = ROOT.parent / "shared"
TYPES = ("PER", "ORG", "GPE", "LOC")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    tp, n_gold, n_pred = Counter(), Counter(), Counter()
    span_tp = 0
    for path in sorted((SHARED / "gold").glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (SHARED / gold["file"]).read_text(encoding="utf-8")
        doc = Document(text)
        for ln in gold["lines"]:
            doc.add_span("lines", ln["start"], ln["end"], "gold", ln["label"], i=ln["i"])
        for s in gold["sentences"]:
            doc.add_span("sentences", s["start"], s["end"], "gold", line=s["line"], zone=s["zone"])
        ner.STAGE(doc)
        g = {(e["start"], e["end"], e["type"]) for e in gold["entities"]
             if e.get("form") == "NAM" and e["type"] in TYPES and e.get("zone") in ("title", "body")}
        p = {(s.start, s.end, s.label) for s in doc.spans("entities") if s.label in TYPES}
        for t in TYPES:
            n_gold[t] += sum(1 for x in g if x[2] == t)
            n_pred[t] += sum(1 for x in p if x[2] == t)
            tp[t] += sum(1 for x in g & p if x[2] == t)
        span_tp += len({x[:2] for x in g} & {x[:2] for x in p})
        if args.verbose:
            print(f"== {path.name}")
            for x in sorted(g - p):
                print(f"  MISS {x[2]:4} {text[x[0]:x[1]]!r}")
            for x in sorted(p - g):
                print(f"  FA   {x[2]:4} {text[x[0]:x[1]]!r}")

    def prf(a: int, b: int, c: int) -> str:
        pr = a / b if b else 0.0
        rc = a / c if c else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return f"P {pr:.3f}  R {rc:.3f}  F1 {f:.3f}  (tp {a}, pred {b}, gold {c})"

    for t in TYPES:
        print(f"{t:4} {prf(tp[t], n_pred[t], n_gold[t])}")
    print(f"ALL  {prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))}")
    print(f"span only (type ignored): {prf(span_tp, sum(n_pred.values()), sum(n_gold.values()))}")


if __name__ == "__main__":
    main()
