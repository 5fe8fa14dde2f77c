"""Exact and near duplicates across documents.

* **Exact**: the store keeps one copy per content hash, so a second source of the
  same text (another outlet, URL or file) is recorded by
  :func:`record_exact_duplicate` in ``exact_sources`` when ingest skips it.
* **Near** (wire copies, light rewrites): MinHash over word shingles of the folded
  title/body text, candidates from a datasketch ``MinHashLSH`` index, kept when
  the estimated Jaccard similarity reaches the threshold. The copy is linked to
  its original (``documents.duplicate_of`` and the ``duplicates`` table with the
  similarity); nothing is thrown away.

Signatures are stored in SQLite as little-endian uint32 arrays (``doc_minhash``);
each call rebuilds the LSH index from them, so a new batch is compared with
everything already stored.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from rasid.arabic.normalize import fold
from rasid.crossdoc.text import content_words, shingles
from rasid.document import Document

KIND_NEAR = "near"


@dataclass(frozen=True)
class DedupOptions:
    threshold: float = 0.5       # minimum estimated Jaccard of word shingles
    num_perm: int = 128
    shingle_size: int = 3
    seed: int = 1
    min_shingles: int = 8        # shorter texts are not compared (a signature is not meaningful)

    @property
    def method(self) -> str:
        return f"minhash:w{self.shingle_size}:p{self.num_perm}"

    @classmethod
    def from_settings(cls, settings: Any = None) -> "DedupOptions":
        if settings is None:
            return cls()
        get = settings.get
        return cls(threshold=float(get("crossdoc.duplicate_threshold", cls.threshold)),
                   num_perm=int(get("crossdoc.minhash_perm", cls.num_perm)),
                   shingle_size=int(get("crossdoc.shingle_words", cls.shingle_size)))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def write_transaction(store: Any) -> Iterator[Any]:
    """A transaction, or the caller's when one is already open."""
    if store.conn.in_transaction:
        yield store.conn
    else:
        with store.transaction() as conn:
            yield conn


# ------------------------------------------------------------------ exact
def record_exact_duplicate(store: Any, sha: str, source_meta: dict[str, Any]) -> bool:
    """Record that the text with content hash ``sha`` was seen again from another source.

    ``source_meta`` is the skipped item's ``meta`` (source_path, member, url, outlet,
    title...). Nothing is recorded when the source is the stored copy's own (a plain
    re-ingest of the same file, or the same URL crawled again) or was recorded before.
    True when a row was added. Works inside or outside an open transaction.
    """
    path = str(source_meta.get("source_path") or "")
    member = "" if source_meta.get("member") is None else str(source_meta.get("member"))
    url = str(source_meta.get("url") or "")
    row = store.conn.execute("SELECT source_path, member, url FROM documents WHERE content_sha256 = ?",
                             (sha,)).fetchone()
    if row is not None and ((row[0] or "", row[1] or "", row[2] or "") == (path, member, url)
                            or (url and url == row[2])):
        return False  # the stored copy's own source (re-ingest, or a re-crawl of the same URL)
    if url and store.conn.execute("SELECT 1 FROM exact_sources WHERE content_sha256 = ? AND url = ?",
                                  (sha, url)).fetchone():
        return False
    published = source_meta.get("published") or source_meta.get("date")
    cur = store.conn.execute(
        "INSERT OR IGNORE INTO exact_sources (content_sha256, source_path, member, url, outlet, title, published, seen_at)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (sha, path, member, url, source_meta.get("outlet"), source_meta.get("title"),
         str(published) if published else None, _now()))
    return cur.rowcount > 0


# ------------------------------------------------------------------ MinHash
@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> Any:
    from datasketch import MinHash
    return MinHash(num_perm=num_perm, seed=seed).permutations


def signature(doc: Document, options: DedupOptions = DedupOptions()) -> tuple[Any | None, int]:
    """(MinHash or None when too short, number of shingles) of a document."""
    from datasketch import MinHash
    grams = shingles(content_words(doc), options.shingle_size)
    if len(grams) < options.min_shingles:
        return None, len(grams)
    m = MinHash(num_perm=options.num_perm, seed=options.seed, permutations=_permutations(options.num_perm, options.seed))
    m.update_batch(list(grams))
    return m, len(grams)


def _to_blob(m: Any) -> bytes:
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def _from_blob(blob: bytes, seed: int) -> Any:
    from datasketch import LeanMinHash
    return LeanMinHash(seed=seed, hashvalues=np.frombuffer(blob, dtype="<u4").astype(np.uint64))


def _new_lsh(options: DedupOptions) -> Any:
    from datasketch import MinHashLSH
    return MinHashLSH(threshold=options.threshold, num_perm=options.num_perm)


def load_signatures(store: Any, options: DedupOptions) -> dict[str, Any]:
    """Stored signatures made with the same parameters, by document id."""
    rows = store.conn.execute(
        "SELECT doc_id, hashvalues FROM doc_minhash WHERE hashvalues IS NOT NULL AND num_perm = ? AND seed = ?"
        " AND shingle_size = ?", (options.num_perm, options.seed, options.shingle_size))
    return {r[0]: _from_blob(r[1], options.seed) for r in rows}


def mark_duplicates(store: Any, doc_ids: Sequence[str] | None = None, options: DedupOptions | None = None,
                    settings: Any = None) -> dict[str, Any]:
    """Find near duplicates of ``doc_ids`` (default: every document without a signature yet)
    among all stored documents and earlier ids of the batch; link each to its original.

    Returns counts: ``checked``, ``near_duplicates``, ``too_short``, ``already_done``, ``seconds``.
    """
    options = options or DedupOptions.from_settings(settings)
    t0 = time.perf_counter()
    if doc_ids is None:
        doc_ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM doc_minhash) ORDER BY rowid")]
    stored = load_signatures(store, options)
    done = {r[0] for r in store.conn.execute("SELECT doc_id FROM doc_minhash WHERE num_perm = ? AND seed = ? AND"
                                             " shingle_size = ?", (options.num_perm, options.seed, options.shingle_size))}
    lsh = _new_lsh(options)
    with lsh.insertion_session() as session:
        for key, m in stored.items():
            session.insert(key, m, check_duplication=False)
    roots = {r[0]: r[1] for r in store.conn.execute("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL")}
    counts = {"checked": 0, "near_duplicates": 0, "too_short": 0, "already_done": 0}
    sig_rows: list[tuple[Any, ...]] = []
    dup_rows: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for doc_id in doc_ids:
        if doc_id in done or doc_id in seen:
            counts["already_done"] += 1
            continue
        seen.add(doc_id)
        row = store.conn.execute("SELECT doc_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            continue
        counts["checked"] += 1
        m, n = signature(Document.from_json(row[0]), options)
        sig_rows.append((doc_id, options.num_perm, options.seed, options.shingle_size, n,
                         _to_blob(m) if m is not None else None))
        if m is None:
            counts["too_short"] += 1
            continue
        best_id, best_sim = None, 0.0
        for cand in lsh.query(m):
            sim = float(m.jaccard(stored[cand]))
            if sim > best_sim or (sim == best_sim and best_id is not None and cand < best_id):
                best_id, best_sim = cand, sim
        if best_id is not None and best_sim >= options.threshold:
            original = roots.get(best_id, best_id)
            roots[doc_id] = original
            dup_rows.append((doc_id, original, best_id, KIND_NEAR, round(best_sim, 4), options.method, _now()))
            counts["near_duplicates"] += 1
        lean = _from_blob(_to_blob(m), options.seed)
        stored[doc_id] = lean
        lsh.insert(doc_id, lean, check_duplication=False)
    with write_transaction(store) as conn:
        conn.executemany("INSERT OR REPLACE INTO doc_minhash VALUES (?,?,?,?,?,?)", sig_rows)
        conn.executemany("INSERT OR REPLACE INTO duplicates (doc_id, original_id, matched_id, kind, similarity, method,"
                         " detected_at) VALUES (?,?,?,?,?,?,?)", dup_rows)
        conn.executemany("UPDATE documents SET duplicate_of = ? WHERE id = ?", [(r[1], r[0]) for r in dup_rows])
    if dup_rows:
        counts["spans_same_as"] = link_repeated_spans(store, [r[0] for r in dup_rows])
    counts["seconds"] = round(time.perf_counter() - t0, 3)
    return counts


# ------------------------------------------------------------------ repeated quotes and events
def _span_words(text: str) -> set[str]:
    from rasid.arabic.tokens import WORD_RE
    return {fold(w) for w in WORD_RE.findall(text)}


def _span_key_texts(store: Any, doc_id: str, layer: str) -> list[tuple[str, str, set[str]]]:
    """(span_id, label, folded words) of a layer; events are compared by their sentence."""
    import json
    row = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    text = row[0] if row else ""
    out = []
    for r in store.conn.execute("SELECT span_id, label, text, attrs FROM annotations WHERE doc_id = ? AND layer = ?",
                                (doc_id, layer)):
        basis = r["text"]
        if layer == "events":
            sent = (json.loads(r["attrs"] or "{}") or {}).get("sentence") or {}
            if isinstance(sent, dict) and "start" in sent and "end" in sent:
                basis = text[int(sent["start"]):int(sent["end"])]
        out.append((r["span_id"], r["label"], _span_words(basis)))
    return out


def link_repeated_spans(store: Any, doc_ids: Sequence[str], layers: Sequence[str] = ("quotes", "events"),
                        min_similarity: float = 0.6) -> int:
    """Mark quotes/events of duplicate documents ``same_as`` their original's (word Jaccard of the quote
    content, or of the event's sentence with the same event type). Returns the number of links."""
    rows = []
    for doc_id in doc_ids:
        dup = store.conn.execute("SELECT original_id FROM duplicates WHERE doc_id = ?", (doc_id,)).fetchone()
        if dup is None:
            continue
        original = dup[0]
        for layer in layers:
            theirs = _span_key_texts(store, original, layer)
            if not theirs:
                continue
            for span_id, label, words in _span_key_texts(store, doc_id, layer):
                best, best_sim = None, 0.0
                for o_id, o_label, o_words in theirs:
                    if layer == "events" and o_label != label:
                        continue
                    union = len(words | o_words)
                    sim = len(words & o_words) / union if union else 0.0
                    if sim > best_sim:
                        best, best_sim = o_id, sim
                if best is not None and best_sim >= min_similarity:
                    rows.append((doc_id, span_id, original, best, round(best_sim, 4)))
    with write_transaction(store) as conn:
        conn.executemany("INSERT OR REPLACE INTO span_same_as VALUES (?,?,?,?,?)", rows)
    return len(rows)


def same_as(store: Any, doc_id: str) -> dict[str, dict[str, Any]]:
    """{span_id: {original_id, original_span_id, similarity}} for a duplicate document's repeated spans."""
    return {r["span_id"]: {"original_id": r["original_id"], "original_span_id": r["original_span_id"],
                           "similarity": r["similarity"]}
            for r in store.conn.execute("SELECT * FROM span_same_as WHERE doc_id = ?", (doc_id,))}


def list_duplicates(store: Any, limit: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Every duplicate link, near copies (with similarity) and exact re-sightings from other sources."""
    out: list[dict[str, Any]] = []
    if kind in (None, KIND_NEAR):
        for r in store.conn.execute(
                "SELECT x.doc_id, x.original_id, x.matched_id, x.similarity, x.method, d.title, d.outlet, d.published,"
                " o.title AS original_title, o.outlet AS original_outlet, o.published AS original_published"
                " FROM duplicates x JOIN documents d ON d.id = x.doc_id JOIN documents o ON o.id = x.original_id"
                " ORDER BY x.original_id, x.similarity DESC"):
            out.append({"kind": KIND_NEAR, "doc_id": r["doc_id"], "original_id": r["original_id"],
                        "matched_id": r["matched_id"], "similarity": r["similarity"], "method": r["method"],
                        "title": r["title"], "outlet": r["outlet"], "published": r["published"],
                        "original_title": r["original_title"], "original_outlet": r["original_outlet"],
                        "original_published": r["original_published"]})
    if kind in (None, "exact"):
        for r in store.conn.execute(
                "SELECT e.*, d.id AS original_id, d.title AS original_title, d.outlet AS original_outlet,"
                " d.published AS original_published FROM exact_sources e"
                " LEFT JOIN documents d ON d.content_sha256 = e.content_sha256 ORDER BY e.id"):
            out.append({"kind": "exact", "doc_id": None, "original_id": r["original_id"], "similarity": 1.0,
                        "source_path": r["source_path"] or None, "member": r["member"] or None, "url": r["url"] or None,
                        "title": r["title"], "outlet": r["outlet"], "published": r["published"],
                        "original_title": r["original_title"], "original_outlet": r["original_outlet"],
                        "original_published": r["original_published"]})
    return out[:limit] if limit is not None else out


def duplicate_counts(store: Any) -> dict[str, Any]:
    one = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    return {"near_duplicates": one("SELECT COUNT(*) FROM duplicates"),
            "originals_with_copies": one("SELECT COUNT(DISTINCT original_id) FROM duplicates"),
            "exact_other_sources": one("SELECT COUNT(*) FROM exact_sources"),
            "signatures": one("SELECT COUNT(*) FROM doc_minhash")}


def clear_duplicates(store: Any, doc_ids: Iterable[str] | None = None) -> None:
    """Forget near-duplicate links and signatures (all, or of ``doc_ids``) so they can be recomputed."""
    with write_transaction(store) as conn:
        if doc_ids is None:
            conn.execute("UPDATE documents SET duplicate_of = NULL WHERE id IN (SELECT doc_id FROM duplicates)")
            conn.execute("DELETE FROM duplicates")
            conn.execute("DELETE FROM doc_minhash")
            return
        ids = list(doc_ids)
        conn.executemany("UPDATE documents SET duplicate_of = NULL WHERE id = ?", [(i,) for i in ids])
        conn.executemany("DELETE FROM duplicates WHERE doc_id = ?", [(i,) for i in ids])
        conn.executemany("DELETE FROM doc_minhash WHERE doc_id = ?", [(i,) for i in ids])

