#!/usr/bin/env python3
"""Dev evaluation of ``events.code`` on the five seed articles.

Two runs:
  * ``gold``: sentences, entities, quotes, time expressions and the statement date are taken from
    the gold files, so that only event-coding errors are measured;
  * ``real``: entities (and quotes / timexes / sentences when those stages exist) come from the
    package's own stages (``rasid.entities.ner`` / ``gazetteer`` / ``link``, ``rasid.quotes.*``,
    ``rasid.timex.*``); skipped with a note when they are not importable yet.

Each run writes SCHEMA.md §14 predictions (``events`` + ``entities`` so ids align) to
``OUT/<mode>/<doc_id>.json`` and runs the reference scorer on them.

Usage: .venv/bin/python scripts/dev_eval_events.py [--shared ../shared] [--out /tmp/rasid_events_dev]
       [--petrarch-patterns] [--show]
"""
from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasid.document import Document  # noqa: E402
from rasid.events import code as events_code  # noqa: E402

EVENT_KEYS = ("event.detect_p", "event.detect_r", "event.detect_f1", "event.full_p", "event.full_r",
              "event.full_f1", "event.negation_accuracy", "event.date_accuracy")


def gold_doc(text: str, gold: dict, with_entities: bool = True) -> Document:
    doc = Document(text, meta={"doc_id": gold["doc_id"]})
    p = "gold"
    for ln in gold["lines"]:
        doc.add_span("lines", ln["start"], ln["end"], p, label=ln["label"], i=ln["i"])
    doc.mark_produced(["lines"])
    for s in gold["sentences"]:
        doc.add_span("sentences", s["start"], s["end"], p, line=s["line"], zone=s["zone"])
    doc.mark_produced(["sentences"])
    if with_entities:
        for m in gold["entities"]:
            doc.add_span("entities", m["start"], m["end"], p, label=m["type"], entity_id=m["entity_id"],
                         form=m.get("form", "NAM"))
        doc.mark_produced(["entities"])
        for q in gold.get("quotes") or []:
            c = q["content"]
            doc.add_span("quotes", c["start"], c["end"], p, label=q.get("kind", ""),
                         speaker_entity_id=q.get("speaker_resolved_entity_id") or q.get("speaker_entity_id"),
                         speaker_start=q.get("speaker_start"), speaker_end=q.get("speaker_end"),
                         cue=q.get("cue") or {}, content=c)
        doc.mark_produced(["quotes"])
    for t in gold.get("relative_dates") or []:
        doc.add_span("timexes", t["start"], t["end"], p, label=t.get("kind", ""), value=t.get("value"))
    doc.mark_produced(["timexes"])
    doc.set_fact("published", (gold.get("published") or {}).get("date"), p)
    return doc


def real_stages() -> tuple[list, list[str]]:
    stages, missing = [], []
    for name in ("rasid.entities.ner", "rasid.entities.gazetteer", "rasid.entities.link",
                 "rasid.quotes.extract", "rasid.quotes.attribute", "rasid.timex.extract", "rasid.timex.resolve"):
        try:
            mod = importlib.import_module(name)
            stages.append(mod.STAGE)
        except Exception as exc:  # noqa: BLE001
            missing.append(f"{name} ({type(exc).__name__})")
    return stages, missing


def predictions(doc: Document) -> dict:
    ents = [{"text": doc.text[m.start:m.end], "start": m.start, "end": m.end, "type": m.label,
             "entity_id": m.attrs.get("entity_id")} for m in doc.spans("entities")]
    evs = []
    for e in doc.spans("events"):
        a = e.attrs
        evs.append({"type": e.label, "source_entity_id": a.get("source_entity_id"),
                    "target_entity_id": a.get("target_entity_id"), "trigger": a["trigger"],
                    "sentence": a.get("sentence"), "date": a.get("date"), "negated": a.get("negated"),
                    "modality": a.get("modality"), "location_entity_id": a.get("location_entity_id"),
                    "mode": a.get("mode"), "quote_id": a.get("quote_id")})
    return {"entities": ents, "events": evs}


def score(gold_dir: Path, pred_dir: Path) -> dict:
    out = subprocess.run([sys.executable, str(gold_dir / "score.py"), "--gold", str(gold_dir), "--pred",
                          str(pred_dir), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default="/tmp/rasid_events_dev")
    ap.add_argument("--petrarch-patterns", action="store_true",
                    help="also use the PETRARCH verb+object patterns (off by default in the stage)")
    ap.add_argument("--show", action="store_true", help="print predicted vs gold events per document")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    gold_dir = shared / "gold"
    options = {"events": {"petrarch_patterns": args.petrarch_patterns}}
    stages, missing = real_stages()
    modes = ["gold"] + (["real"] if stages else [])
    events_code.load_lexicon()   # load the lexicon outside the timed runs
    for mode in modes:
        pred_dir = Path(args.out) / mode
        pred_dir.mkdir(parents=True, exist_ok=True)
        t_total, n_chars = 0.0, 0
        for gpath in sorted(gold_dir.glob("*.gold.json")):
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            text = (shared / "seeds" / gold["file"]).read_text(encoding="utf-8") if (
                shared / "seeds" / gold["file"]).exists() else (shared / "seeds" / f"{gold['doc_id']}.txt").read_text(
                encoding="utf-8")
            doc = gold_doc(text, gold, with_entities=(mode == "gold"))
            if mode == "real":
                for st in stages:
                    try:
                        st(doc, None)
                    except Exception as exc:  # noqa: BLE001
                        print(f"  stage {st.name} failed on {gold['doc_id']}: {exc}", file=sys.stderr)
                if not doc.has("entities"):
                    doc.mark_produced(["entities"])
            events_code.code_events(doc, options)   # warm the per-token caches; the second run is timed
            t0 = time.process_time()
            events_code.code_events(doc, options)
            t_total += time.process_time() - t0
            n_chars += len(text.encode("utf-8"))
            (pred_dir / f"{gold['doc_id']}.json").write_text(json.dumps(predictions(doc), ensure_ascii=False,
                                                                       indent=1), encoding="utf-8")
            if args.show:
                print(f"=== {gold['doc_id']} ({mode})")
                for s in gold["sentences"]:
                    ge = [e for e in gold["events"] if e["sentence"]["start"] == s["start"]]
                    pe = [e for e in doc.spans("events") if e.attrs["sentence"]["start"] == s["start"]]
                    if not ge and not pe:
                        continue
                    print(f" [{s['index']}] {text[s['start']:s['end']][:150]}")
                    for e in ge:
                        print(f"   G {e['type']:9} {e['trigger']['text'][:22]:22} s={e['source_entity_id']} "
                              f"t={e['target_entity_id']} neg={e['negated']} {e['modality']} "
                              f"same={e.get('same_as')}")
                    for e in pe:
                        a = e.attrs
                        print(f"   P {e.label:9} {a['trigger']['text'][:22]:22} s={a['source_entity_id']} "
                              f"t={a['target_entity_id']} neg={a['negated']} {a['modality']} [{a.get('lexicon')}]")
        figures = score(gold_dir, pred_dir)
        print(f"[{mode}] predictions in {pred_dir}; coder time {1000 * t_total / max(1, n_chars) * 4096:.2f} ms "
              f"per 4 kB of UTF-8 (CPU time, warm caches)")
        for k in EVENT_KEYS:
            print(f"  {k} {figures.get(k, 0.0):.3f}")
    if missing:
        print("real-entity run: not importable: " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
