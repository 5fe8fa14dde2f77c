"""Collection benchmark: the whole SaudiNewsNet sample with cross-document analysis on. Printed, never asserted.

    python bench/collection_bench.py --shared ../shared [--days N] [--db PATH] [--requests 500]

1. ingest the SaudiNewsNet day zips directly (rasid reads them), one day per batch, into a
   fresh database with the ``metadata`` profile (clean + metadata + keyword index), then run
   the cross-document step after each batch as ``rasid ingest`` does
   (:func:`rasid.crossdoc.api.after_ingest_batch`) with near duplicates, embeddings AND
   stories switched on: throughput of the per-document stages and of the cross-document
   step (separately), peak memory, near-duplicate groups and copies, stories.
2. query latency (p50/p95) of keyword search and of semantic search over that database,
   a fixed list of 50 Arabic and English queries each.
3. a bounded HTTP load test: ``rasid serve`` on a free port of 127.0.0.1 (nothing else is
   contacted), a fixed number of ``/api/search`` requests at concurrency <= 4, each with a
   timeout and the whole run with a deadline; p50/p95/p99 and errors; the server is stopped.

``--days N`` takes the first N day zips (a quick run); the default is every zip (15 days, ~26k
articles; embedding them takes ~20 minutes on a shared 2-core machine). ``--db PATH`` keeps the
database (default: a temporary one, deleted at the end); ``--reuse`` skips ingest when PATH exists.
SaudiNewsNet is CC BY-NC-SA: it is read from ../shared, never copied into the package.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rasid.batch import ingest
from rasid.config import load_settings
from rasid.crossdoc.api import after_ingest_batch, semantic_search
from rasid.crossdoc.duplicates import duplicate_counts
from rasid.crossdoc.stories import story_counts
from rasid.search.keyword import SearchFilters, search
from rasid.stages import build_pipeline
from rasid.store import Store

#: 50 fixed queries: Arabic (news topics of July/August 2015 and generic ones) and English.
QUERIES = [
    # Arabic
    "التحالف الدولي", "الحوثيين", "اليمن", "عاصفة الحزم", "داعش", "الاتفاق النووي", "إيران",
    "وزارة الصحة", "كورونا", "الهلال الأحمر", "أسعار النفط", "سوق الأسهم", "الدوري السعودي",
    "نادي الهلال", "النصر", "الملك سلمان", "ولي العهد", "مجلس الوزراء", "وزارة التعليم",
    "الحج", "العمرة", "مكة المكرمة", "المدينة المنورة", "الرياض", "جدة", "تفجير مسجد",
    "الأمن العام", "سوريا", "العراق", "مصر", "البطالة", "الإسكان",
    # English (rasid's semantic search is multilingual; keyword search will mostly find nothing)
    "coalition airstrikes in Yemen", "Houthi rebels", "Iran nuclear deal", "oil prices fall",
    "Saudi stock market", "football league match", "Hajj pilgrims", "MERS coronavirus cases",
    "mosque bombing", "Islamic State attack", "King Salman", "unemployment and jobs",
    "housing ministry", "education ministry schools", "traffic accident", "weather heat wave",
    "Syria refugees", "Egypt Suez canal",
]
assert len(QUERIES) == 50, len(QUERIES)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * (len(s) - 1)))))
    return s[k]


def _lat(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": round(_pct(values, 50), 1), "p95_ms": round(_pct(values, 95), 1),
            "p99_ms": round(_pct(values, 99), 1), "max_ms": round(max(values), 1) if values else None,
            "mean_ms": round(statistics.fmean(values), 1) if values else None}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _say(*parts: object) -> None:
    print(*parts, flush=True)


# ------------------------------------------------------------------ 1. ingest + cross-document
def run_ingest(zips: list[Path], db: Path, workers: int) -> dict:
    settings = load_settings(overrides={"ingest.workers": workers, "store.path": str(db), "crossdoc.stories": True})
    pipeline = build_pipeline("metadata", settings)
    store = Store(db)
    totals = {"read": 0, "ingested": 0, "exact_duplicates": 0, "rejected": 0, "per_doc_s": 0.0, "crossdoc_s": 0.0,
              "dedup_s": 0.0, "stories_s": 0.0, "embedded": 0}
    cpu0 = time.process_time()
    try:
        for z in zips:
            t0 = time.perf_counter()
            report = ingest([str(z)], store, pipeline, settings)
            t1 = time.perf_counter()
            cross = after_ingest_batch(store, report.doc_ids, settings, stories=True) if report.doc_ids else {}
            t2 = time.perf_counter()
            totals["read"] += report.read
            totals["ingested"] += report.ingested
            totals["exact_duplicates"] += report.duplicates
            totals["rejected"] += report.rejected
            totals["per_doc_s"] += t1 - t0
            totals["crossdoc_s"] += t2 - t1
            dup = cross.get("duplicates", {})
            st = cross.get("stories", {})
            totals["dedup_s"] += float(dup.get("seconds", 0.0))
            totals["stories_s"] += float(st.get("seconds", 0.0))
            totals["embedded"] += int(st.get("embedded", 0))
            _say(f"  {z.name}: read {report.read}, stored {report.ingested}, exact dup {report.duplicates}, "
                 f"rejected {report.rejected}; per-doc {t1 - t0:.1f}s ({report.ingested / max(t1 - t0, 1e-9):.0f}/s); "
                 f"cross-doc {t2 - t1:.1f}s (near dup {dup.get('near_duplicates', 0)} in {dup.get('seconds', 0)}s, "
                 f"stories +{st.get('opened', 0)} opened / {st.get('joined', 0)} joined, "
                 f"embedded {st.get('embedded', 0)} in {st.get('seconds', 0)}s); peak RSS {_peak_mb():.0f} MB")
        dups = duplicate_counts(store)
        stories = story_counts(store)
        n_docs = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        store.close()
    cpu = time.process_time() - cpu0
    n = totals["ingested"]
    return {
        "zips": len(zips), "documents_in_db": n_docs, **{k: (round(v, 1) if isinstance(v, float) else v)
                                                         for k, v in totals.items()},
        "per_doc_articles_per_s": round(n / totals["per_doc_s"], 1) if totals["per_doc_s"] else None,
        "crossdoc_articles_per_s": round(n / totals["crossdoc_s"], 1) if totals["crossdoc_s"] else None,
        "dedup_articles_per_s": round(n / totals["dedup_s"], 1) if totals["dedup_s"] else None,
        "stories_incl_embedding_articles_per_s": round(n / totals["stories_s"], 1) if totals["stories_s"] else None,
        "overall_articles_per_s": round(n / (totals["per_doc_s"] + totals["crossdoc_s"]), 1) if n else None,
        "cpu_s": round(cpu, 1),
        "near_duplicate_groups": dups["originals_with_copies"], "near_duplicate_copies": dups["near_duplicates"],
        "exact_copies_other_sources": dups["exact_other_sources"],
        "stories": stories["stories"], "stories_ge2_docs": stories["multi_document"],
        "stories_ge2_outlets": stories["multi_outlet"], "largest_story": stories["largest"],
        "docs_in_multi_doc_stories": stories["documents_in_multi"],
        "peak_rss_mb": round(_peak_mb()),
    }


# ------------------------------------------------------------------ 2. query latency
def run_queries(db: Path) -> dict:
    settings = load_settings(overrides={"store.path": str(db)})
    store = Store(db, readonly=True)
    out: dict = {}
    try:
        search(store, QUERIES[0], SearchFilters(), limit=20)  # warm the page cache
        kw, kw_hits = [], 0
        for q in QUERIES:
            t0 = time.perf_counter()
            hits = search(store, q, SearchFilters(), limit=20)
            kw.append(1000 * (time.perf_counter() - t0))
            kw_hits += bool(hits)
        out["keyword"] = {**_lat(kw), "queries_with_hits": kw_hits}
    finally:
        store.close()
    t0 = time.perf_counter()
    semantic_search(settings, QUERIES[0], k=10)  # loads the encoder once
    out["semantic_first_call_ms"] = round(1000 * (time.perf_counter() - t0), 1)
    sem, sem_hits = [], 0
    for q in QUERIES:
        t0 = time.perf_counter()
        hits = semantic_search(settings, q, k=10)
        sem.append(1000 * (time.perf_counter() - t0))
        sem_hits += bool(hits)
    out["semantic"] = {**_lat(sem), "queries_with_hits": sem_hits}
    return out


# ------------------------------------------------------------------ 3. HTTP load
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float) -> tuple[int, float]:
    """One GET to 127.0.0.1 (http.client: no proxy settings are consulted). (status or -1, ms)."""
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        status = resp.status
    except Exception:  # noqa: BLE001 - counted as an error
        status = -1
    finally:
        conn.close()
    return status, 1000 * (time.perf_counter() - t0)


def run_http(db: Path, requests: int, concurrency: int, timeout: float, deadline_s: float) -> dict:
    concurrency = max(1, min(4, concurrency))
    port = _free_port()
    rasid = Path(sys.executable).with_name("rasid")
    cmd = [str(rasid), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        ready_by = time.monotonic() + 60
        while time.monotonic() < ready_by:
            if server.poll() is not None:
                return {"error": f"server exited: {server.stderr.read().decode(errors='replace')[-500:]}"}
            status, _ = _get(port, "/api/search?q=" + urllib.parse.quote("الرياض"), 5)
            if status == 200:
                break
            time.sleep(0.5)
        else:
            return {"error": "server not ready within 60 s"}
        paths = ["/api/search?q=" + urllib.parse.quote(QUERIES[i % len(QUERIES)]) for i in range(requests)]
        stop_at = time.monotonic() + deadline_s
        lats: list[float] = []
        errors: dict[str, int] = {}
        skipped = 0
        lock = threading.Lock()

        def one(path: str) -> None:
            nonlocal skipped
            if time.monotonic() > stop_at:
                with lock:
                    skipped += 1
                return
            status, ms = _get(port, path, timeout)
            with lock:
                if status == 200:
                    lats.append(ms)
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1

        t0 = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, paths))
        wall = time.perf_counter() - t0
        return {"requests": requests, "concurrency": concurrency, "ok": len(lats),
                "errors": sum(errors.values()), "errors_by_status": errors, "skipped_after_deadline": skipped,
                "wall_s": round(wall, 1), "requests_per_s": round(len(lats) / wall, 1) if wall else None,
                **{k: v for k, v in _lat(lats).items() if k != "n"}}
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--days", type=int, default=0, help="first N day zips only (0: all)")
    ap.add_argument("--db", default=None, help="keep the database at this path (default: temporary)")
    ap.add_argument("--reuse", action="store_true", help="with --db: skip ingest when the database exists")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=30.0, help="per HTTP request, seconds")
    ap.add_argument("--http-deadline", type=float, default=600.0, help="whole HTTP test, seconds")
    a = ap.parse_args(argv)
    folder = Path(a.shared) / "data" / "saudinewsnet"
    zips = sorted(folder.glob("*.zip"))
    if not zips:
        print(f"SaudiNewsNet not found under {folder}; nothing to benchmark", file=sys.stderr)
        return 2
    if a.days > 0:
        zips = zips[:a.days]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(a.db) if a.db else Path(tmp) / "collection.db"
        _say(f"# collection bench: {len(zips)} SaudiNewsNet day zips "
             f"({sum(z.stat().st_size for z in zips) / 1e6:.1f} MB), {os.cpu_count()} cores, workers={a.workers}, db={db}")
        if a.reuse and db.exists():
            _say("ingest: skipped (--reuse, database exists)")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            result = run_ingest(zips, db, a.workers)
            _say("ingest (metadata profile) + cross-document (near duplicates, embeddings, stories):",
                 json.dumps(result, ensure_ascii=False, indent=1))
        _say("query latency:", json.dumps(run_queries(db), ensure_ascii=False, indent=1))
        _say("HTTP load (/api/search on 127.0.0.1):",
             json.dumps(run_http(db, a.requests, a.concurrency, a.timeout, a.http_deadline), ensure_ascii=False, indent=1))
    _say(f"peak memory (RSS, this process): {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
