#!/usr/bin/env python3
"""Rebuild the plover_snn held-out set in the layout of the Arabic PLOVER gold (events_dev).

The repository stores offsets only (SaudiNewsNet is CC BY-NC-SA); this script reads the
SaudiNewsNet zips from the shared data folder, cuts the sentences and slot tokens out of the raw
article text (title + "\\n\\n" + content), checks every sentence against its sha256, and writes

    OUT/assault_spans.json   OUT/protest_spans.json   (one record per "yes" sentence)
    OUT/assault_gsr.csv      OUT/protest_gsr.csv      (one row per labelled sentence)

OUT must lie outside the repository.  Stdlib only.

    python3 eval/plover_snn/build_plover_snn.py --shared ../shared --out /tmp/plover_snn
    python3 eval/plover_snn/build_plover_snn.py --shared ../shared \
        --gold eval/plover_snn/plover_snn_dev2.json --part all --out /tmp/plover_snn_dev2

--gold picks the annotation file (default plover_snn.json, the held-out set; plover_snn_dev2.json
is a development set as a whole).
"""
import argparse
import csv
import hashlib
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GOLD = os.path.join(HERE, "plover_snn.json")

# accept/reject/total for a single annotator
VOTES = {"yes": (1, 0, 1), "easy no": (0, 1, 1), "difficult no": (0, 1, 1), "ambiguous": (0, 1, 1)}


def inside(path, root):
    path, root = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([path, root]) == root


def load_zip(path):
    with zipfile.ZipFile(path) as z:
        name = [n for n in z.namelist() if n.endswith(".json")][0]
        return json.loads(z.read(name).decode("utf-8"))


def part_of(sentence_id):
    """The half a sentence belongs to, fixed by its id (split made after the one blind score of the whole set)."""
    return "dev" if int(hashlib.sha256(sentence_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--shared", required=True, help="shared data folder (holds data/saudinewsnet/*.zip)")
    ap.add_argument("--out", required=True, help="output folder, outside the repository")
    ap.add_argument("--gold", default=GOLD,
                    help="annotation file (default: plover_snn.json next to this script; "
                         "plover_snn_dev2.json is the development batch, use it with --part all)")
    ap.add_argument("--part", choices=("all", "dev", "test"), default="all",
                    help="dev / test half (a fixed split on the sentence id, see README): dev may be read "
                         "while developing, test is only scored")
    a = ap.parse_args(argv)

    if inside(a.out, REPO):
        sys.exit(f"refusing to write inside the repository ({REPO}): corpus text must not be stored there")
    zdir = os.path.join(a.shared, "data", "saudinewsnet")
    gold = [rec for rec in json.load(open(a.gold, encoding="utf-8")) if a.part in ("all", part_of(rec["id"]))]

    arts = {}
    for rec in gold:
        z = rec["source"]["zip"]
        if z not in arts:
            p = os.path.join(zdir, z + ".zip")
            if not os.path.exists(p):
                sys.exit(f"missing {p}")
            arts[z] = load_zip(p)

    spans = {"ASSAULT": [], "PROTEST": []}
    rows = {"ASSAULT": [], "PROTEST": []}
    errors = 0
    for rec in gold:
        a_ = arts[rec["source"]["zip"]][rec["source"]["index"]]
        raw = (a_.get("title") or "") + "\n\n" + (a_.get("content") or "")
        s, e = rec["sentence"]["start"], rec["sentence"]["end"]
        text = raw[s:e]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != rec["sha256"]:
            print(f"sha256 mismatch for {rec['id']}", file=sys.stderr)
            errors += 1
            continue
        typ, lab = rec["event_type"], rec["label"]
        if lab not in VOTES or typ not in spans:
            print(f"bad label/type for {rec['id']}", file=sys.stderr)
            errors += 1
            continue
        acc, rej, tot = VOTES[lab]
        rows[typ].append({"accept": acc, "event_type": typ, "id": rec["id"], "label": lab,
                          "reject": rej, "text": text, "total": tot})
        if lab != "yes":
            continue
        sl = rec["spans"] or {}
        gold_str = {}
        for slot in ("source", "verb", "target"):
            toks = []
            for ts, te in sl.get(slot, []):
                if not (s <= ts < te <= e):
                    print(f"{rec['id']}: {slot} offset {ts},{te} outside the sentence", file=sys.stderr)
                    errors += 1
                toks.append(raw[ts:te])
            gold_str[slot] = " ".join(toks)
        spans[typ].append({"source": rec["id"], "_id": rec["id"], "text": text, "spans": [],
                           "event_type": typ, "source_gold": gold_str["source"],
                           "verb_gold": gold_str["verb"], "target_gold": gold_str["target"]})
    if errors:
        sys.exit(f"{errors} error(s); nothing written")

    os.makedirs(a.out, exist_ok=True)
    for typ in ("ASSAULT", "PROTEST"):
        low = typ.lower()
        with open(os.path.join(a.out, f"{low}_spans.json"), "w", encoding="utf-8") as f:
            json.dump(spans[typ], f, ensure_ascii=False, indent=1)
        with open(os.path.join(a.out, f"{low}_gsr.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["", "accept", "event_type", "id", "label", "reject", "text", "total"])
            for i, r in enumerate(rows[typ]):
                w.writerow([i, r["accept"], r["event_type"], r["id"], r["label"], r["reject"], r["text"], r["total"]])
        print(f"{typ}: {len(rows[typ])} gsr rows, {len(spans[typ])} span records")
    print("written to", os.path.abspath(a.out))


if __name__ == "__main__":
    main()
