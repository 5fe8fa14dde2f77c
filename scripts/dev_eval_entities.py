#!/usr/bin/env python3
"""Dev check of the entity stages on the seed articles.

Runs the available upstream stages (clean.lines, clean.sentences, metadata.*), then
entities.ner (if present and ``--ner``), entities.gazetteer, entities.link and entities.period on
``../shared/seeds/*.txt``, writes SCHEMA.md section-14 predictions (``entities`` only) to ``--out``
and runs the reference scorer.

    .venv/bin/python scripts/dev_eval_entities.py [--out /tmp/rasid_ent_pred] [--no-ner]
"""
from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def stages(use_ner: bool):
    names = ["rasid.clean.lines", "rasid.clean.sentences", "rasid.metadata.dateline", "rasid.metadata.dates",
             "rasid.metadata.published"]
    if use_ner:
        names.append("rasid.entities.ner")
    names += ["rasid.entities.gazetteer", "rasid.entities.link"]
    out = []
    for n in names:
        try:
            out.append(importlib.import_module(n).STAGE)
        except Exception as exc:  # a stage another helper has not finished
            print(f"skip {n}: {exc}", file=sys.stderr)
    from rasid.entities.link import STAGE_PERIOD
    out.append(STAGE_PERIOD)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/rasid_ent_pred")
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--seeds", default=str(SHARED / "seeds"))
    ap.add_argument("--gold", default=str(SHARED / "gold"))
    args = ap.parse_args(argv)
    from rasid.document import Document

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pipeline = stages(not args.no_ner)
    for f in sorted(Path(args.seeds).glob("*.txt")):
        doc = Document(f.read_text(encoding="utf-8"))
        for st in pipeline:
            try:
                st(doc)
            except Exception as exc:
                print(f"{f.name}: stage {st.name} failed: {exc}", file=sys.stderr)
        ents = [{"text": doc.text[s.start:s.end], "start": s.start, "end": s.end, "type": s.label,
                 "entity_id": s.attrs.get("entity_id"), "form": s.attrs.get("form")}
                for s in doc.spans("entities")]
        pred = {"doc_id": f.stem, "entities": ents,
                "period_from_officeholders": doc.fact("period_from_officeholders")}
        (out / f"{f.stem}.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf-8")
        fact = doc.facts.get("period_from_officeholders")
        print(f.stem, "period:", doc.fact("period_from_officeholders"),
              (fact.attrs.get("contradiction") if fact else None), file=sys.stderr)
    res = subprocess.run([sys.executable, str(Path(args.gold) / "score.py"), "--gold", args.gold, "--pred", str(out)],
                         capture_output=True, text=True)
    print("\n".join(l for l in res.stdout.splitlines() if l.startswith(("ner", "linking"))))
    return res.returncode


if __name__ == "__main__":
    raise SystemExit(main())
