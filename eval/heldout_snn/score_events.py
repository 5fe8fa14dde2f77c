#!/usr/bin/env python3
"""Event coding on the held-out SaudiNewsNet set: report only, never tuned on.

Rebuilds the six raw texts outside the repository (build_texts.py), runs the full rasid pipeline on
them (``rasid.api.annotate_files``, as ``rasid annotate`` does) and scores the events with the same
functions as the seed evaluation (``rasid.evaluation.scorer``: entity ids aligned by mention overlap,
detection = type + trigger in the gold sentence, full = detection + source + target).

    .venv/bin/python eval/heldout_snn/score_events.py --shared ../shared [--show]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_texts  # noqa: E402

from rasid.api import annotate_files  # noqa: E402
from rasid.evaluation.scorer import Scorer  # noqa: E402


#: the six documents were annotated blind and scored once together (README); afterwards three are a
#: development half (errors looked at) and three a test half (only scored, never looked at)
SPLIT = {"snn_2015-07-22_388": "dev", "snn_2015-07-24_1819": "dev", "snn_2015-07-31_2099": "dev",
         "snn_2015-07-22_989": "test", "snn_2015-07-24_902": "test", "snn_2015-08-08_876": "test"}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--show", action="store_true", help="list each gold event and each coded event")
    ap.add_argument("--part", choices=("dev", "test", "all"), default="test",
                    help="which half of SPLIT (README): dev may be looked at while developing, test only scored")
    ap.add_argument("--gold-dir", type=Path, default=HERE,
                    help="another folder of gold files in this format (e.g. eval/heldout_snn_iraq): scored whole")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rasid_heldout_") as tmp:
        texts, preds = Path(tmp) / "texts", Path(tmp) / "pred"
        gold_dir = args.gold_dir.resolve()
        split = SPLIT if gold_dir == HERE else {}
        part = args.part if split else "all"
        build_texts.main(["--shared", args.shared, "--out", str(texts), "--gold", str(gold_dir)])
        annotate_files(sorted(texts.glob("*.txt")), preds)
        scorer = Scorer()
        by_type: Counter[tuple[str, str]] = Counter()
        n_docs = 0
        for gold_file in sorted(gold_dir.glob("*.gold.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            if part != "all" and split[gold["doc_id"]] != part:
                continue
            n_docs += 1
            pred = json.loads((preds / f"{gold['doc_id']}.json").read_text(encoding="utf-8"))
            idmap = Scorer.align_ids(gold, pred)
            scorer.events(gold, pred, idmap)
            for e in gold["events"]:
                if not e.get("same_as"):
                    by_type[(e["type"], "gold")] += 1
            for e in pred.get("events") or []:
                by_type[(e["type"], "pred")] += 1
            if args.show:
                text = (texts / f"{gold['doc_id']}.txt").read_text(encoding="utf-8")
                print(f"== {gold['doc_id']}")
                for e in gold["events"]:
                    t = e["trigger"]
                    print(f"  G {e['type']:9} {text[t['start']:t['end']]:20} {e.get('source_entity_id')} -> "
                          f"{e.get('target_entity_id')}{'  (same_as)' if e.get('same_as') else ''}")
                for e in pred.get("events") or []:
                    src = [idmap.get(x, x) for x in ([e["source_entity_id"]] if isinstance(e.get("source_entity_id"), str)
                                                     else e.get("source_entity_id") or [])]
                    tgt = [idmap.get(x, x) for x in ([e["target_entity_id"]] if isinstance(e.get("target_entity_id"), str)
                                                     else e.get("target_entity_id") or [])]
                    print(f"  P {e['type']:9} {e['trigger']['text']:20} {src} -> {tgt} [{e.get('confidence')}]")
    c = scorer.c
    print(f"SaudiNewsNet event set {gold_dir.name}, {part} part: {n_docs} documents, "
          f"{c['event_gold']} gold events (restatements left out), {c['event_pred']} coded")
    for name in ("event_detect", "event_full"):
        p = c[name + "_tp"] / c["event_pred"] if c["event_pred"] else 0.0
        r = c[name + "_tp_required"] / c["event_gold"] if c["event_gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {name.replace('_', '.')}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"  negation accuracy on fully matched events: {c['event_neg_ok']}/{c['event_neg_total']}")
    types = sorted({t for t, _ in by_type})
    print("  per type (gold / coded): " + ", ".join(f"{t} {by_type[(t, 'gold')]}/{by_type[(t, 'pred')]}"
                                                   for t in types))


if __name__ == "__main__":
    main()
