"""Duplicates, embeddings and stories over SaudiNewsNet days, timed.

    .venv/bin/python bench/crossdoc_saudinewsnet.py DB 2015-07-21 2015-07-22 [--encoder use|hash]

Loads the days (bench/crossdoc_load.py) unless DB already holds documents, then runs
mark_duplicates, ensure_embeddings and assign_stories in two halves (to exercise the
incremental path) and prints counts and timings as JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossdoc_load import load  # noqa: E402

from rasid.crossdoc.duplicates import duplicate_counts, mark_duplicates  # noqa: E402
from rasid.crossdoc.stories import assign_stories, list_stories, story_counts  # noqa: E402
from rasid.search.semantic import ensure_embeddings, get_encoder  # noqa: E402
from rasid.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("days", nargs="+")
    ap.add_argument("--encoder", default="use")
    ap.add_argument("--redo-stories", action="store_true", help="forget stories first (embeddings stay cached)")
    a = ap.parse_args()
    report: dict = {}
    store = Store(a.db)
    if a.redo_stories:
        with store.transaction():
            store.conn.execute("DELETE FROM story_documents")
            store.conn.execute("DELETE FROM stories")
    if store.stats()["documents"] == 0:
        store.close()
        report["load"] = load(a.db, a.days)
        store = Store(a.db)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY rowid")]
    half = len(ids) // 2
    report["duplicates_batch1"] = mark_duplicates(store, ids[:half])
    report["duplicates_batch2"] = mark_duplicates(store, ids[half:])
    report["duplicate_counts"] = duplicate_counts(store)
    enc = get_encoder(a.encoder)
    t0 = time.perf_counter()
    report["embeddings"] = ensure_embeddings(store, encoder=enc)
    print(json.dumps(report["embeddings"]), file=sys.stderr, flush=True)
    report["stories_batch1"] = assign_stories(store, ids[:half], encoder=enc)
    report["stories_batch2"] = assign_stories(store, ids[half:], encoder=enc)
    report["story_counts"] = story_counts(store)
    report["top_stories"] = [{k: s[k] for k in ("id", "n_docs", "label", "outlets", "first_published",
                                                "last_published")} | {"lead": (s["summary"] or [{}])[0].get("text")}
                             for s in list_stories(store, limit=10)]
    report["total_seconds_after_load"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
