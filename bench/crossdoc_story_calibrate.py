"""Look at document pairs by cosine to choose the story threshold (needs stored embeddings).

    .venv/bin/python bench/crossdoc_story_calibrate.py DB [--model use-m3@0.2] [--per-bin 6]

For each document its nearest other document within 3 days is found; pairs are binned by
cosine and a few titles per bin printed, with the share of pairs that are near duplicates
(certainly the same story) and the share from different outlets.
"""
from __future__ import annotations

import argparse
import random

import numpy as np

from rasid.search.semantic import document_matrix
from rasid.store import Store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--model", default="use-m3@0.2")
    ap.add_argument("--per-bin", type=int, default=6)
    a = ap.parse_args()
    store = Store(a.db, readonly=True)
    ids, m = document_matrix(store, a.model)
    meta = {r["id"]: r for r in store.document_rows()}
    sims = m @ m.T
    np.fill_diagonal(sims, -1)
    nn = sims.argmax(axis=1)
    bins: dict[float, list[tuple[str, str, float]]] = {}
    for i, j in enumerate(nn):
        s = float(sims[i, j])
        bins.setdefault(round(int(s * 20) / 20, 2), []).append((ids[i], ids[j], s))
    rnd = random.Random(0)
    upper = sims[np.triu_indices(len(ids), 1)]
    print(f"{len(ids)} docs; all-pairs cosine mean {upper.mean():.3f}, p95 {np.percentile(upper, 95):.3f},"
          f" p99 {np.percentile(upper, 99):.3f}, p99.9 {np.percentile(upper, 99.9):.3f}")
    for b in sorted(bins):
        pairs = bins[b]
        dup = sum(1 for x, y, _ in pairs if meta[x]["duplicate_of"] == y or meta[y]["duplicate_of"] == x
                  or (meta[x]["duplicate_of"] and meta[x]["duplicate_of"] == meta[y]["duplicate_of"]))
        cross = sum(1 for x, y, _ in pairs if meta[x]["outlet"] != meta[y]["outlet"])
        print(f"\n== nearest-neighbour cosine {b:.2f}-{b + 0.05:.2f}: {len(pairs)} docs, near-dup {dup}, cross-outlet {cross}")
        for x, y, s in rnd.sample(pairs, min(a.per_bin, len(pairs))):
            print(f"  {s:.3f}  {(meta[x]['title'] or '')[:60]}  ||  {(meta[y]['title'] or '')[:60]}")


if __name__ == "__main__":
    main()
