"""Load SaudiNewsNet days (JSON arrays in zip files) into a rasid store without the pipeline.

    .venv/bin/python bench/crossdoc_load.py DB 2015-07-21 2015-07-22 [--limit N]

Text = the ``content`` field (as ``rasid ingest`` maps it); title, outlet, URL in meta;
``published`` = the extraction date (a stand-in: the pipeline's date stage is not used here).
Exact repeats of a content hash from another URL are recorded with record_exact_duplicate.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

from rasid.crossdoc.duplicates import record_exact_duplicate
from rasid.document import Document, content_hash
from rasid.search.keyword import index_keys
from rasid.store import Store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet"


def records(day: str):
    with zipfile.ZipFile(DATA / f"{day}.zip") as zf:
        for name in zf.namelist():
            for i, rec in enumerate(json.loads(zf.read(name))):
                yield name, i, rec


def load(db: str, days: list[str], limit: int | None = None) -> dict:
    store = Store(db)
    t0 = time.perf_counter()
    n = stored = exact = 0
    with store.transaction():
        for day in days:
            for name, i, rec in records(day):
                text = (rec.get("content") or "").strip()
                if len(text) < 20:
                    continue
                n += 1
                meta = {"source_path": f"{day}.zip", "member": f"{name}#{i}", "title": rec.get("title"),
                        "outlet": rec.get("source"), "url": rec.get("url"), "date": rec.get("date_extracted")}
                sha = content_hash(text)
                if store.has_content(sha):
                    exact += int(record_exact_duplicate(store, sha, meta))
                    continue
                doc = Document(text, meta)
                if rec.get("date_extracted"):
                    doc.set_fact("published", rec["date_extracted"][:10], "bench@0", confidence="low")
                stored += int(store.write_document(doc, None, index_keys(doc)))
                if limit and stored >= limit:
                    break
    store.close()
    return {"read": n, "stored": stored, "exact_other_source": exact, "seconds": round(time.perf_counter() - t0, 1)}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("days", nargs="+")
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    print(json.dumps(load(a.db, a.days, a.limit)), file=sys.stdout)
