"""Stories: documents reporting the same development across outlets and days, grown incrementally.

A new document is compared with the stories active around its publication date
(``window_days`` either side of a story's date span). The score is the cosine
between the document vector and the story centroid plus a bonus
(``entity_weight`` x the share of the document's entity ids, layer ``entities``,
attr ``entity_id``, that the story already has): entity ids are sparse, so their
absence never counts against a document. The default threshold for USE vectors
(0.72) was chosen by reading nearest-neighbour pairs of SaudiNewsNet by cosine
bin (bench/crossdoc_story_calibrate.py): from 0.75 up pairs are mostly the same
development, 0.70-0.75 about half, below 0.7 mostly the same topic only. The document
joins the best story at or above the threshold, or opens a new one. Stories are
never reclustered: each batch only adds. A near duplicate joins its original's
story.

Each story keeps a running centroid (sum of member vectors), entity and term
document counts, outlets and its date span; its label is its top entities and
title terms; its summary is a few sentences picked by MMR around the centroid,
each with its source document and raw offsets.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Sequence

import numpy as np

from rasid.arabic.tokens import WORD_RE, search_key
from rasid.crossdoc.duplicates import write_transaction
from rasid.crossdoc.text import title_of
from rasid.search.semantic import Encoder, encoder_from_settings, ensure_embeddings, load_embedding

#: Frequent function words and news boilerplate (search-key form) left out of labels.
STOPWORDS = frozenset(search_key(w) for w in """
في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين ان أن إن كان كانت قد لا لم لن ما ماذا هل بعد قبل
بين حول خلال عند منذ حتى او أو ثم كل بعض غير أي اي وقال قال قالت اليوم امس أمس غدا عام العام يوم الى
وكان وفي وهو وهي هو هي هم نحو عبر ضد لدى دون فقط أيضا ايضا كما حيث اذا إذا الا إلا وقد فيما بها به له لها
جديد جديدة اول أول اخر آخر الاول الأول خبر اخبار أخبار صحيفة تقرير مصدر مصادر وكالة انباء أنباء
""".split())

#: Default join thresholds by encoder family (cosine scale differs between models).
DEFAULT_THRESHOLDS = {"use-m3": 0.72, "hashkeys": 0.30}


@dataclass(frozen=True)
class StoryOptions:
    threshold: float | None = None   # None: the encoder's default (DEFAULT_THRESHOLDS)
    window_days: int = 3
    entity_weight: float = 0.08     # added to the cosine times the share of the doc's entity ids in the story
    summary_sentences: int = 3
    mmr_lambda: float = 0.7
    summary_docs: int = 20           # members whose sentences the summary draws on

    @classmethod
    def from_settings(cls, settings: Any = None) -> "StoryOptions":
        if settings is None:
            return cls()
        get = settings.get
        thr = get("crossdoc.story_threshold", None)
        return cls(threshold=float(thr) if thr is not None else None,
                   window_days=int(get("crossdoc.story_window_days", cls.window_days)),
                   entity_weight=float(get("crossdoc.story_entity_weight", cls.entity_weight)),
                   summary_sentences=int(get("crossdoc.summary_sentences", cls.summary_sentences)))

    def threshold_for(self, model: str) -> float:
        if self.threshold is not None:
            return self.threshold
        return DEFAULT_THRESHOLDS.get(model.split("@")[0].split("-512")[0], 0.6)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _day(iso: str | None) -> float:
    if not iso:
        return float("nan")
    try:
        return float(date.fromisoformat(iso[:10]).toordinal())
    except ValueError:
        return float("nan")


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


# ------------------------------------------------------------------ summary
def mmr_select(vectors: np.ndarray, centroid: np.ndarray, k: int, lam: float = 0.7,
               prior: np.ndarray | None = None, redundancy: float = 0.9) -> list[tuple[int, float]]:
    """Indices (with relevance) of ``k`` rows picked by maximal marginal relevance around ``centroid``.

    Rows are L2-normalised vectors; ``prior`` is added to the relevance (e.g. a lead bonus);
    a row more similar than ``redundancy`` to one already picked is never picked (copies).
    """
    if len(vectors) == 0 or k <= 0:
        return []
    rel = vectors @ _unit(centroid)
    if prior is not None:
        rel = rel + prior
    chosen: list[int] = []
    max_sim = np.full(len(vectors), -1.0, dtype=np.float32)
    available = np.ones(len(vectors), dtype=bool)
    while len(chosen) < min(k, len(vectors)):
        score = lam * rel - (1 - lam) * np.where(max_sim < 0, 0.0, max_sim)
        score = np.where(available, score, -np.inf)
        i = int(np.argmax(score))
        if not np.isfinite(score[i]):
            break
        chosen.append(i)
        sims = vectors @ vectors[i]
        max_sim = np.maximum(max_sim, sims)
        available &= sims < redundancy
        available[i] = False
    return [(i, float(rel[i])) for i in chosen]


#: Relevance bonus of an article's first sentence (``weight / (1 + position)``). On EASC (153 articles,
#: bench/crossdoc_easc.py, oracle length) ROUGE-1 recall is 0.455 without it, 0.502 with 0.3 and 0.512
#: with 0.5, against 0.497 for the plain lead.
LEAD_WEIGHT = 0.5


def lead_prior(positions: Sequence[int], weight: float = LEAD_WEIGHT) -> np.ndarray:
    """A small bonus for sentences near the top of their article (news lead)."""
    return np.asarray([weight / (1 + p) for p in positions], dtype=np.float32)


def summarise_document(doc: Any, encoder: Encoder | None = None, k: int = 3, max_words: int | None = None,
                       lam: float = 0.7, lead_weight: float = LEAD_WEIGHT, embedding: Any = None) -> list[dict[str, Any]]:
    """Single-document extractive summary: sentences picked by MMR around the mean sentence vector,
    ``k`` of them or, with ``max_words``, as many as fit that many words; returned in text order.

    Pass ``embedding`` (a :class:`rasid.search.semantic.DocEmbedding` of all sentences) to reuse one.
    """
    if embedding is None:
        from rasid.search.semantic import embed_documents
        if encoder is None:
            raise ValueError("summarise_document needs an encoder or an embedding")
        embedding = embed_documents([doc], encoder, max_sentences=None)[0]
    emb = embedding
    if not emb.sentences:
        return []
    n_words = [len(WORD_RE.findall(doc.text, a, b)) for a, b in emb.sentences]
    want = len(emb.sentences) if max_words is not None else k
    centroid = emb.sentence_vectors.mean(axis=0)
    picked = mmr_select(emb.sentence_vectors, centroid, want, lam,
                        prior=lead_prior(range(len(emb.sentences)), lead_weight))
    out, words = [], 0
    for i, score in picked:
        if max_words is not None and words + n_words[i] > max_words and out:
            if words >= 0.8 * max_words:
                break
            continue
        a, b = emb.sentences[i]
        out.append({"start": a, "end": b, "text": doc.text[a:b], "score": round(score, 4)})
        words += n_words[i]
        if max_words is None and len(out) >= k:
            break
    return sorted(out, key=lambda u: u["start"])


def summarise_story(store: Any, doc_ids: Sequence[str], model: str, k: int = 3, lam: float = 0.7
                    ) -> list[dict[str, Any]]:
    """Extractive summary of documents: ``k`` sentences (doc_id, start, end, text, score)."""
    units: list[tuple[str, int, int, int]] = []
    vecs: list[np.ndarray] = []
    doc_vecs: list[np.ndarray] = []
    texts: dict[str, str] = {}
    for doc_id in doc_ids:
        emb = load_embedding(store, doc_id, model)
        if emb is None or not emb.sentences:
            continue
        row = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        texts[doc_id] = row[0]
        doc_vecs.append(emb.vector)
        for pos, ((a, b), v) in enumerate(zip(emb.sentences, emb.sentence_vectors)):
            units.append((doc_id, a, b, pos))
            vecs.append(v)
    if not vecs:
        return []
    matrix = np.vstack(vecs)
    centroid = np.mean(np.vstack(doc_vecs), axis=0)
    picked = mmr_select(matrix, centroid, k, lam, prior=lead_prior([u[3] for u in units]))
    if len(texts) == 1:
        picked.sort(key=lambda p: units[p[0]][1])  # one document: keep its order
    out = []
    for i, score in picked:
        doc_id, a, b, _ = units[i]
        out.append({"doc_id": doc_id, "start": a, "end": b, "text": texts[doc_id][a:b].replace("\n", " "),
                    "score": round(score, 4)})
    return out


# ------------------------------------------------------------------ stories in memory
@dataclass
class _Story:
    id: int | None
    centroid: np.ndarray
    n_docs: int
    first: str | None
    last: str | None
    entities: Counter = field(default_factory=Counter)
    terms: Counter = field(default_factory=Counter)
    outlets: list[str] = field(default_factory=list)
    created_at: str = ""
    members: list[str] = field(default_factory=list)  # added in this run

    def add(self, vec: np.ndarray, published: str | None, entities: set[str], terms: set[str],
            outlet: str | None) -> None:
        self.centroid = self.centroid + vec
        self.n_docs += 1
        if published:
            self.first = min(self.first, published) if self.first else published
            self.last = max(self.last, published) if self.last else published
        self.entities.update(entities)
        self.terms.update(terms)
        if outlet and outlet not in self.outlets:
            self.outlets.append(outlet)


def _doc_entities(store: Any, doc_id: str) -> set[str]:
    return {r[0] for r in store.conn.execute(
        "SELECT DISTINCT entity_id FROM annotations WHERE doc_id = ? AND layer = 'entities' AND entity_id IS NOT NULL"
        " AND entity_id != '' AND label != 'TITLE'", (doc_id,))}  # titles (minister, king) say little of the story


def _title_terms(title: str) -> set[str]:
    out = set()
    for m in WORD_RE.finditer(title or ""):
        key = search_key(m.group())
        if len(key) >= 3 and not key.isdigit() and key not in STOPWORDS:
            out.add(key)
    return out


def _load_stories(store: Any, model: str, since: str | None) -> list[_Story]:
    sql = "SELECT * FROM stories WHERE model = ?"
    params: list[Any] = [model]
    if since:
        sql += " AND (last_published IS NULL OR last_published >= ?)"
        params.append(since)
    out = []
    for r in store.conn.execute(sql + " ORDER BY id", params):
        out.append(_Story(id=r["id"], centroid=np.frombuffer(r["centroid"], dtype="<f4").astype(np.float32),
                          n_docs=r["n_docs"], first=r["first_published"], last=r["last_published"],
                          entities=Counter(json.loads(r["entities"])), terms=Counter(json.loads(r["terms"])),
                          outlets=json.loads(r["outlets"]), created_at=r["created_at"]))
    return out


def _entity_names(store: Any, entity_ids: Sequence[str]) -> list[str]:
    names = []
    for eid in entity_ids:
        row = store.conn.execute("SELECT text, COUNT(*) c FROM annotations WHERE layer = 'entities' AND entity_id = ?"
                                 " GROUP BY text ORDER BY c DESC, LENGTH(text) DESC LIMIT 1", (eid,)).fetchone()
        names.append(row[0] if row else eid)
    return names


def _surface_forms(store: Any, story_id: int | None) -> dict[str, str]:
    """Search key -> the most frequent raw spelling in the story's titles."""
    if story_id is None:
        return {}
    forms: dict[str, Counter] = {}
    for (title,) in store.conn.execute("SELECT d.title FROM story_documents sd JOIN documents d ON d.id = sd.doc_id"
                                       " WHERE sd.story_id = ? LIMIT 50", (story_id,)):
        for m in WORD_RE.finditer(title or ""):
            forms.setdefault(search_key(m.group()), Counter())[m.group()] += 1
    return {k: c.most_common(1)[0][0] for k, c in forms.items()}


def _label(store: Any, story: _Story) -> str:
    if story.n_docs == 1 and story.id is not None:  # a story of one document: its title says it best
        row = store.conn.execute("SELECT d.title FROM story_documents sd JOIN documents d ON d.id = sd.doc_id"
                                 " WHERE sd.story_id = ?", (story.id,)).fetchone()
        if row and row[0]:
            return " ".join(row[0].split())[:120]
    top_entities = [e for e, _ in story.entities.most_common(3)]
    names = _entity_names(store, top_entities)
    surface = _surface_forms(store, story.id)
    terms = [surface.get(t, t) for t, c in story.terms.most_common(6) if c >= min(2, story.n_docs)][:4]
    parts = []
    if names:
        parts.append("، ".join(names))
    if terms:
        parts.append(" ".join(terms))
    return " | ".join(parts)


# ------------------------------------------------------------------ assignment
def assign_stories(store: Any, doc_ids: Sequence[str] | None = None, options: StoryOptions | None = None,
                   encoder: Encoder | None = None, settings: Any = None) -> dict[str, Any]:
    """Put each of ``doc_ids`` (default: every document not in a story) into a story.

    Embeds what is not embedded yet. Returns counts: ``assigned``, ``joined``,
    ``opened``, ``copies`` (duplicates that followed their original), ``seconds``.
    """
    options = options or StoryOptions.from_settings(settings)
    encoder = encoder or encoder_from_settings(settings)
    t0 = time.perf_counter()
    if doc_ids is None:
        doc_ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM story_documents) ORDER BY rowid")]
    in_story = {r[0] for r in store.conn.execute("SELECT doc_id FROM story_documents")}
    todo = [d for d in dict.fromkeys(doc_ids) if d not in in_story]
    counts: dict[str, Any] = {"assigned": 0, "joined": 0, "opened": 0, "copies": 0}
    if not todo:
        counts["seconds"] = round(time.perf_counter() - t0, 3)
        return counts
    emb_counts = ensure_embeddings(store, todo, encoder)
    counts["embedded"] = emb_counts["embedded"]
    meta = {}
    for doc_id in todo:
        r = store.conn.execute("SELECT id, published, outlet, title, duplicate_of FROM documents WHERE id = ?",
                               (doc_id,)).fetchone()
        if r is not None:
            meta[doc_id] = r
    order = {d: i for i, d in enumerate(todo)}
    todo = sorted(meta, key=lambda d: (meta[d]["published"] is None, meta[d]["published"] or "", order[d]))
    dates = [meta[d]["published"] for d in todo if meta[d]["published"]]
    since = None
    if dates:
        since = date.fromordinal(int(_day(min(dates))) - options.window_days).isoformat()
    stories = _load_stories(store, encoder.name, since)
    story_of = {r[0]: r[1] for r in store.conn.execute("SELECT doc_id, story_id FROM story_documents")}
    threshold = options.threshold_for(encoder.name)
    dim = encoder.dim
    cent = np.vstack([_unit(s.centroid) for s in stories]) if stories else np.zeros((0, dim), np.float32)
    first = np.array([_day(s.first) for s in stories], dtype=np.float64)
    last = np.array([_day(s.last) for s in stories], dtype=np.float64)
    links: list[tuple[str, int, float]] = []  # (doc, story index, score)
    touched: set[int] = set()
    for doc_id in todo:
        row = meta[doc_id]
        emb = load_embedding(store, doc_id, encoder.name)
        if emb is None:
            continue
        vec = emb.vector.astype(np.float32)
        ents = _doc_entities(store, doc_id)
        terms = _title_terms(row["title"] or title_of(store.get_document(doc_id)))
        best, best_score = -1, -1.0
        original = row["duplicate_of"]
        if original is not None:
            sid = story_of.get(original)
            idx = next((i for i, s in enumerate(stories) if s.id is not None and s.id == sid), -1)
            if idx < 0:
                idx = next((i for i, (d, _, _) in enumerate(links) if d == original), -1)
                idx = links[idx][1] if idx >= 0 else -1
            if idx >= 0:
                best, best_score = idx, 1.0
                counts["copies"] += 1
        if best < 0 and len(stories):
            scores = cent @ vec
            if ents and options.entity_weight > 0:
                overlap = np.array([len(ents & s.entities.keys()) / len(ents) for s in stories], dtype=np.float32)
                scores = scores + options.entity_weight * overlap  # a bonus: sparse entity ids never penalise
            d = _day(row["published"])
            if not np.isnan(d):
                ok = ~((d < first - options.window_days) | (d > last + options.window_days))
                ok |= np.isnan(first)
                scores = np.where(ok, scores, -np.inf)
            i = int(np.argmax(scores))
            if scores[i] >= threshold:
                best, best_score = i, float(scores[i])
        if best >= 0:
            counts["joined"] += 1
        else:
            stories.append(_Story(id=None, centroid=np.zeros(dim, np.float32), n_docs=0, first=None, last=None,
                                  created_at=_now()))
            cent = np.vstack([cent, np.zeros((1, dim), np.float32)])
            first = np.append(first, np.nan)
            last = np.append(last, np.nan)
            best, best_score = len(stories) - 1, 1.0
            counts["opened"] += 1
        story = stories[best]
        story.add(vec, row["published"], ents, terms, row["outlet"])
        story.members.append(doc_id)
        cent[best] = _unit(story.centroid)
        first[best], last[best] = _day(story.first), _day(story.last)
        links.append((doc_id, best, best_score))
        touched.add(best)
        counts["assigned"] += 1
    now = _now()
    with write_transaction(store) as conn:
        for i in sorted(touched):
            s = stories[i]
            values = (s.first, s.last, s.n_docs, json.dumps(s.outlets, ensure_ascii=False), encoder.name,
                      np.asarray(s.centroid, dtype="<f4").tobytes(), json.dumps(dict(s.entities), ensure_ascii=False),
                      json.dumps(dict(s.terms), ensure_ascii=False), now)
            if s.id is None:
                cur = conn.execute("INSERT INTO stories (first_published, last_published, n_docs, outlets, model, centroid,"
                                   " entities, terms, updated_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                   values + (s.created_at,))
                s.id = int(cur.lastrowid)
            else:
                conn.execute("UPDATE stories SET first_published=?, last_published=?, n_docs=?, outlets=?, model=?,"
                             " centroid=?, entities=?, terms=?, updated_at=? WHERE id = ?", values + (s.id,))
        conn.executemany("INSERT OR REPLACE INTO story_documents VALUES (?,?,?,?)",
                         [(d, stories[i].id, round(sc, 4), now) for d, i, sc in links])
        for i in sorted(touched):
            refresh_story(store, stories[i].id, options, encoder.name, story=stories[i])
    counts["stories_touched"] = len(touched)
    counts["seconds"] = round(time.perf_counter() - t0, 3)
    return counts


def refresh_story(store: Any, story_id: int, options: StoryOptions = StoryOptions(), model: str | None = None,
                  story: _Story | None = None) -> None:
    """Recompute a story's label and summary from its members."""
    row = store.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return
    model = model or row["model"]
    if story is None:
        story = _Story(id=story_id, centroid=np.frombuffer(row["centroid"], dtype="<f4"), n_docs=row["n_docs"],
                       first=row["first_published"], last=row["last_published"],
                       entities=Counter(json.loads(row["entities"])), terms=Counter(json.loads(row["terms"])),
                       outlets=json.loads(row["outlets"]))
    members = [r[0] for r in store.conn.execute(
        "SELECT sd.doc_id FROM story_documents sd JOIN documents d ON d.id = sd.doc_id WHERE sd.story_id = ?"
        " AND d.duplicate_of IS NULL ORDER BY sd.score DESC, d.published LIMIT ?", (story_id, options.summary_docs))]
    if not members:
        members = [r[0] for r in store.conn.execute("SELECT doc_id FROM story_documents WHERE story_id = ? LIMIT ?",
                                                    (story_id, options.summary_docs))]
    summary = summarise_story(store, members, model, options.summary_sentences, options.mmr_lambda)
    store.conn.execute("UPDATE stories SET label = ?, summary = ? WHERE id = ?",
                       (_label(store, story), json.dumps(summary, ensure_ascii=False), story_id))


# ------------------------------------------------------------------ reading
def _story_dict(r: Any) -> dict[str, Any]:
    return {"id": r["id"], "label": r["label"], "n_docs": r["n_docs"], "first_published": r["first_published"],
            "last_published": r["last_published"], "outlets": json.loads(r["outlets"]),
            "summary": json.loads(r["summary"])}


def list_stories(store: Any, limit: int = 50, min_docs: int = 2, date_from: str | None = None,
                 date_to: str | None = None, order: str = "size") -> list[dict[str, Any]]:
    """Stories with at least ``min_docs`` documents, largest (``size``) or latest (``recent``) first."""
    where, params = ["n_docs >= ?"], [min_docs]
    if date_from:
        where.append("last_published >= ?")
        params.append(date_from)
    if date_to:
        where.append("first_published <= ?")
        params.append(date_to)
    order_sql = "n_docs DESC, last_published DESC" if order == "size" else "last_published DESC, n_docs DESC"
    rows = store.conn.execute(f"SELECT * FROM stories WHERE {' AND '.join(where)} ORDER BY {order_sql}, id LIMIT ?",
                              (*params, limit))
    return [_story_dict(r) for r in rows]


def get_story(store: Any, story_id: int) -> dict[str, Any]:
    """One story: label, date span, outlets, summary (with sources and offsets) and its documents."""
    row = store.conn.execute("SELECT * FROM stories WHERE id = ?", (int(story_id),)).fetchone()
    if row is None:
        from rasid.store import StoreError
        raise StoreError(f"no story {story_id}")
    out = _story_dict(row)
    out["entities"] = dict(Counter(json.loads(row["entities"])).most_common(10))
    out["documents"] = [dict(r) for r in store.conn.execute(
        "SELECT d.id AS doc_id, d.title, d.outlet, d.published, d.duplicate_of, sd.score FROM story_documents sd"
        " JOIN documents d ON d.id = sd.doc_id WHERE sd.story_id = ? ORDER BY d.published, d.rowid", (int(story_id),))]
    return out


def story_of_document(store: Any, doc_id: str) -> int | None:
    row = store.conn.execute("SELECT story_id FROM story_documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return None if row is None else int(row[0])


def story_counts(store: Any) -> dict[str, Any]:
    sizes = Counter(r[0] for r in store.conn.execute("SELECT n_docs FROM stories"))
    return {"stories": sum(sizes.values()), "multi_document": sum(v for k, v in sizes.items() if k >= 2),
            "documents_in_multi": sum(k * v for k, v in sizes.items() if k >= 2),
            "largest": max(sizes) if sizes else 0,
            "multi_outlet": store.conn.execute("SELECT COUNT(*) FROM stories WHERE json_array_length(outlets) >= 2")
            .fetchone()[0]}
