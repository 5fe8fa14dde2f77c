"""Ingest a batch: read → per-document pipeline → store, in transactions.

Reading and writing happen in this process; the per-document stages may run in
worker processes (they are pure functions of a document, so the pipeline is
shipped to workers by pickling). Documents are written in transactions of
``ingest.batch_size``: a kill loses at most the open transaction, and the
content hash makes a restart skip what was already stored.
"""
from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from rasid.config import Settings, load_settings
from rasid.crossdoc.duplicates import record_exact_duplicate
from rasid.document import Document, content_hash
from rasid.pipeline import Pipeline
from rasid.search.keyword import index_keys
from rasid.store import Store


@dataclass
class IngestReport:
    read: int = 0
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    failed: int = 0
    non_arabic: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    run_id: int | None = None
    doc_ids: list[str] = field(default_factory=list)
    crossdoc: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "doc_ids"}

    def summary(self) -> str:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.reject_reasons.items()))
        line = (f"ingested {self.ingested}, duplicates {self.duplicates}, rejected {self.rejected}"
                f"{' (' + reasons + ')' if reasons else ''}")
        if self.non_arabic:
            line += f", non-Arabic (kept, flagged) {self.non_arabic}"
        if self.seconds:
            line += f" in {self.seconds:.1f}s"
        dup = (self.crossdoc or {}).get("duplicates") or {}
        near = dup.get("near_duplicates") if isinstance(dup, dict) else None
        if near:
            line += f"; near duplicates linked {near}"
        return line


def _process(pipeline: Pipeline, doc: Document) -> tuple[Document | None, str | None, dict[str, float]]:
    """Run the pipeline on one document; a crash in a stage becomes a reject reason, not a dead batch."""
    try:
        pipeline(doc)
        timing = dict(pipeline.timing.seconds)
        pipeline.timing.seconds.clear()
        return doc, None, timing
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return None, f"{type(exc).__name__}: {exc}", {}


_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(pipeline: Pipeline) -> None:
    global _WORKER_PIPELINE  # per-process copy, set once by the pool initializer
    _WORKER_PIPELINE = pipeline


def _process_in_worker(doc: Document) -> tuple[Document | None, str | None, dict[str, float]]:
    assert _WORKER_PIPELINE is not None
    return _process(_WORKER_PIPELINE, doc)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest(paths: Sequence[str], store: Store, pipeline: Pipeline, settings: Settings | None = None,
           progress: Callable[[IngestReport], None] | None = None, command: str = "ingest") -> IngestReport:
    """Read every input under ``paths``, analyse and store it; return the counts."""
    from rasid.ingest import Reject, iter_items

    settings = settings or load_settings()
    batch_size = int(settings.get("ingest.batch_size", 200))
    workers = int(settings.get("ingest.workers", 1))
    report = IngestReport()
    report.run_id = store.start_run(command + " " + " ".join(paths), pipeline.versions)
    t0 = time.perf_counter()
    pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(pipeline,)) if workers > 1 else None
    seen_in_run: set[str] = set()
    try:
        for chunk in _chunks(iter_items(paths, settings), batch_size):
            rejects: list[Reject] = []
            todo: list[Document] = []
            exact_copies: list[tuple[str, dict[str, Any]]] = []
            for item in chunk:
                report.read += 1
                if isinstance(item, Reject):
                    rejects.append(item)
                    continue
                sha = item.meta.setdefault("content_sha256", content_hash(item.text))
                if sha in seen_in_run or store.has_content(sha):
                    report.duplicates += 1
                    exact_copies.append((sha, item.meta))
                    continue
                seen_in_run.add(sha)
                todo.append(item)
            if pool is not None:
                results = list(pool.map(_process_in_worker, todo, chunksize=8))
            else:
                results = [_process(pipeline, d) for d in todo]
            with store.transaction():
                for sha, meta in exact_copies:
                    record_exact_duplicate(store, sha, meta)
                for rej in rejects:
                    store.write_reject(rej.source, _str_or_none(rej.meta.get("member")), rej.reason, rej.detail, report.run_id)
                    report.rejected += 1
                    report.reject_reasons[rej.reason] = report.reject_reasons.get(rej.reason, 0) + 1
                for original, (doc, error, timing) in zip(todo, results):
                    for name, secs in timing.items():
                        report.stage_seconds[name] = report.stage_seconds.get(name, 0.0) + secs
                    if doc is None:
                        source = str(original.meta.get("source_path", "?"))
                        store.write_reject(source, _member(original), "pipeline_error", error or "", report.run_id)
                        report.failed += 1
                        report.rejected += 1
                        report.reject_reasons["pipeline_error"] = report.reject_reasons.get("pipeline_error", 0) + 1
                        continue
                    if store.write_document(doc, report.run_id, index_keys(doc)):
                        report.ingested += 1
                        report.doc_ids.append(doc.id)
                        report.non_arabic += int(bool(doc.meta.get("non_arabic")))
                    else:
                        report.duplicates += 1
            report.seconds = time.perf_counter() - t0
            if progress:
                progress(report)
    finally:
        if pool is not None:
            pool.shutdown()
        report.seconds = time.perf_counter() - t0
        store.finish_run(report.run_id, report.to_dict())
    return report


def _member(doc: Document) -> str | None:
    return _str_or_none(doc.meta.get("member"))


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)
