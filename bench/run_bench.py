"""Benchmarks: throughput, per-stage time, peak memory. Printed, never asserted.

    python bench/run_bench.py --shared ../shared [--articles 5000] [--full-articles 500]

1. ingest + clean + metadata + indexing (profile ``metadata``) of ≥ 5,000
   SaudiNewsNet articles into a fresh database: articles/s per core.
2. the full per-document pipeline (entities, quotes, time, quantities, events)
   on a smaller sample: articles/s and the share of each stage.
SaudiNewsNet is CC BY-NC-SA: it is read from ../shared, never copied into the package.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from rasid.batch import ingest
from rasid.config import load_settings
from rasid.stages import build_pipeline
from rasid.store import Store


def _take_articles(shared: Path, n: int, out: Path) -> int:
    """Write the first n SaudiNewsNet articles as one JSONL feed (so the bench reads a feed like a user would)."""
    written = 0
    with out.open("w", encoding="utf-8") as fh:
        for zpath in sorted((shared / "data" / "saudinewsnet").glob("*.zip")):
            with zipfile.ZipFile(zpath) as zf:
                for name in zf.namelist():
                    for art in json.loads(zf.read(name).decode("utf-8")):
                        fh.write(json.dumps(art, ensure_ascii=False) + "\n")
                        written += 1
                        if written >= n:
                            return written
    return written


def _run(profile: str, feed: Path, workdir: Path, workers: int) -> dict:
    settings = load_settings(overrides={"ingest.workers": workers})
    pipeline = build_pipeline(profile, settings)
    store = Store(workdir / f"bench-{profile}.db")
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    report = ingest([str(feed)], store, pipeline, settings)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    store.close()
    stage_total = sum(report.stage_seconds.values()) or 1.0
    return {
        "profile": profile, "articles": report.ingested, "duplicates": report.duplicates, "rejected": report.rejected,
        "wall_s": round(wall, 2), "articles_per_s": round(report.ingested / wall, 1),
        "articles_per_s_per_core": round(report.ingested / wall / max(1, workers), 1),
        "cpu_s": round(cpu, 2),
        # CPU time of this (single) process: fair when other work shares the machine
        "articles_per_cpu_s": round(report.ingested / cpu, 1) if cpu and workers == 1 else None,
        "stage_ms_per_article": {k: round(1000 * v / max(1, report.ingested), 3) for k, v in
                                 sorted(report.stage_seconds.items(), key=lambda kv: -kv[1])},
        "stage_share": {k: round(v / stage_total, 3) for k, v in report.stage_seconds.items()},
    }


def ner_figures(shared: Path, n_articles: int = 300) -> dict:
    """Size on disk, load time (fresh process) and tagging speed of the shipped NER model."""
    import subprocess
    from importlib import resources

    from rasid.arabic.tokens import tokenize
    from rasid.entities.ner import tag_tokens
    folder = Path(str(resources.files("rasid.entities").joinpath("models")))
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    load = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); "
                           "from rasid.entities.ner import load_tagger; load_tagger(); "
                           "print(time.perf_counter() - t)"], capture_output=True, text=True, check=True)
    sentences: list[list[str]] = []
    for zpath in sorted((shared / "data" / "saudinewsnet").glob("*.zip"))[:1]:
        with zipfile.ZipFile(zpath) as zf:
            for art in json.loads(zf.read(zf.namelist()[0]).decode("utf-8"))[:n_articles]:
                for line in (art.get("content") or "").split("\n"):
                    toks = [t.text for t in tokenize(line)]
                    if toks:
                        sentences.append(toks)
    n_tokens = sum(len(s) for s in sentences)
    cpu0 = time.process_time()
    for toks in sentences:
        tag_tokens(toks)
    cpu = time.process_time() - cpu0
    return {"model_files_mb": round(size / 1e6, 2), "load_seconds": round(float(load.stdout.strip()), 3),
            "tokens": n_tokens, "tokens_per_cpu_second": round(n_tokens / cpu) if cpu else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--full-articles", type=int, default=500)
    ap.add_argument("--workers", type=int, default=1)
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    if not (shared / "data" / "saudinewsnet").is_dir():
        print(f"SaudiNewsNet not found under {shared}/data; nothing to benchmark", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        feed = work / "feed.jsonl"
        n = _take_articles(shared, a.articles, feed)
        print(f"# {n} SaudiNewsNet articles, {feed.stat().st_size / 1e6:.1f} MB, {os.cpu_count()} cores, "
              f"workers={a.workers}")
        result = _run("metadata", feed, work, a.workers)
        print("ingest+clean+metadata+indexing:", json.dumps(result, ensure_ascii=False, indent=1))
        small = work / "feed-small.jsonl"
        _take_articles(shared, a.full_articles, small)
        full = _run("full", small, work, a.workers)
        print("full pipeline:", json.dumps(full, ensure_ascii=False, indent=1))
        print("NER model:", json.dumps(ner_figures(shared), ensure_ascii=False, indent=1))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
