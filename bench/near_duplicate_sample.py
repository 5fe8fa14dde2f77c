"""Draw a deterministic sample of near-duplicate pairs from a SaudiNewsNet database, for reading.

    python bench/near_duplicate_sample.py --db /tmp/cb/full.db --out /tmp/nd_sample.jsonl [--per-bin 12] [--seed 20150721]
    python bench/near_duplicate_sample.py --show /tmp/nd_sample.jsonl [--chars 700]     # print both texts of each pair
    python bench/near_duplicate_sample.py --merge /tmp/nd_sample.jsonl --labels labels.tsv \
        --fixture tests/fixtures/near_duplicate_pairs.jsonl [--targeted suspects.tsv --db /tmp/cb/full.db]

A pair is a row of the ``duplicates`` table: the copy (``doc_id``) and the stored document it was
matched with (``matched_id``; ``similarity`` is the estimated Jaccard between these two). Pairs are
drawn per similarity bin (0.5-0.6, ..., 0.9-1.0) with a fixed seed so the whole range is covered.
Each article is identified by (zip file name, url, sha256 of its ``content``): the fixture never
holds SaudiNewsNet text (CC BY-NC-SA). ``labels.tsv``: ``index<TAB>same|different<TAB>reason``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
from pathlib import Path

BINS = [(0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def _article(conn: sqlite3.Connection, doc_id: str) -> dict:
    r = conn.execute("SELECT source_path, url, outlet, title, published, text FROM documents WHERE id = ?",
                     (doc_id,)).fetchone()
    return {"zip": Path(r[0]).name, "url": r[1], "sha256": hashlib.sha256(r[5].encode("utf-8")).hexdigest(),
            "outlet": r[2], "doc_id": doc_id}


def sample(db: str, per_bin: int, seed: int) -> list[dict]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT doc_id, matched_id, similarity FROM duplicates WHERE kind = 'near'"
                        " ORDER BY doc_id").fetchall()
    rng = random.Random(seed)
    out = []
    for lo, hi in BINS:
        in_bin = [r for r in rows if lo <= r[2] < hi]
        print(f"bin {lo:.1f}-{min(hi, 1.0):.1f}: {len(in_bin)} pairs", file=sys.stderr)
        for doc_id, matched_id, sim in rng.sample(in_bin, min(per_bin, len(in_bin))):
            out.append({"similarity": sim, "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "bin_pairs": len(in_bin),
                        "a": _article(conn, matched_id), "b": _article(conn, doc_id)})
    for i, p in enumerate(out):
        p["index"] = i
    return out


def show(path: str, db: str, chars: int) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for line in open(path, encoding="utf-8"):
        p = json.loads(line)
        print(f"=== #{p['index']}  J={p['similarity']}  bin {p['bin']}")
        for side in ("a", "b"):
            r = conn.execute("SELECT outlet, published, title, text FROM documents WHERE id = ?",
                             (p[side]["doc_id"],)).fetchone()
            text = " ".join(r[3].split())
            print(f"--- {side}: {r[0]} {r[1]} «{r[2]}» ({len(text)} chars)")
            print(text[:chars] + (" …" if len(text) > chars else ""))
            if len(text) > chars:
                print("   …END: " + text[-250:])


def merge(path: str, labels: str, fixture: str, targeted: str | None = None, db: str | None = None) -> None:
    lab = {}
    for line in open(labels, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        idx, label, reason = line.rstrip("\n").split("\t", 2)
        assert label in ("same", "different"), line
        lab[int(idx)] = (label, reason)
    Path(fixture).parent.mkdir(parents=True, exist_ok=True)
    with open(fixture, "w", encoding="utf-8") as fh:
        for line in open(path, encoding="utf-8"):
            p = json.loads(line)
            label, reason = lab[p["index"]]
            row = {"pair": p["index"], "sample": "random", "similarity": p["similarity"], "bin": p["bin"],
                   "a": {k: p["a"][k] for k in ("zip", "url", "sha256")},
                   "b": {k: p["b"][k] for k in ("zip", "url", "sha256")},
                   "label": label, "reason": reason}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        if targeted:  # pairs found by looking for suspects, kept apart from the random sample
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            for n, line in enumerate(l for l in open(targeted, encoding="utf-8") if l.strip() and not l.startswith("#")):
                doc_id, matched_id, label, reason = line.rstrip("\n").split("\t", 3)
                sim = conn.execute("SELECT similarity FROM duplicates WHERE doc_id = ? AND matched_id = ?",
                                   (doc_id, matched_id)).fetchone()[0]
                a, b = _article(conn, matched_id), _article(conn, doc_id)
                row = {"pair": f"t{n}", "sample": "targeted", "similarity": sim, "bin": None,
                       "a": {k: a[k] for k in ("zip", "url", "sha256")}, "b": {k: b[k] for k in ("zip", "url", "sha256")},
                       "label": label, "reason": reason}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db")
    ap.add_argument("--out")
    ap.add_argument("--per-bin", type=int, default=12)
    ap.add_argument("--seed", type=int, default=20150721)
    ap.add_argument("--show")
    ap.add_argument("--chars", type=int, default=700)
    ap.add_argument("--merge")
    ap.add_argument("--labels")
    ap.add_argument("--fixture")
    ap.add_argument("--targeted", help="with --merge and --db: doc_id<TAB>matched_id<TAB>label<TAB>reason lines")
    a = ap.parse_args(argv)
    if a.show:
        show(a.show, a.db, a.chars)
    elif a.merge:
        merge(a.merge, a.labels, a.fixture, a.targeted, a.db)
    else:
        pairs = sample(a.db, a.per_bin, a.seed)
        with open(a.out, "w", encoding="utf-8") as fh:
            for p in pairs:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
        print(f"{len(pairs)} pairs -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
