"""Importable functions behind the cross-document commands; each returns plain data.

``rasid duplicates``       -> :func:`duplicates`
``rasid stories``          -> :func:`stories`
``rasid story ID``         -> :func:`story`
``rasid similar DOC``      -> :func:`similar`
``rasid search --semantic`` -> :func:`semantic_search`
after each ingest batch    -> :func:`after_ingest_batch` (with an open store) or :func:`update` (settings)

Functions named after commands take the options object (:class:`rasid.config.Settings`)
like :mod:`rasid.api`; the ``*_store`` helpers in the submodules take an open store.
"""
from __future__ import annotations

from typing import Any, Sequence

from rasid.config import Settings, load_settings
from rasid.store import Store


def _open(settings: Settings | None, readonly: bool = False) -> Store:
    settings = settings or load_settings()
    return Store(settings.get("store.path"), readonly=readonly)


def after_ingest_batch(store: Store, doc_ids: Sequence[str], settings: Settings | None = None,
                       stories: bool | None = None) -> dict[str, Any]:
    """Near duplicates, embeddings and stories for newly stored documents (call outside a transaction).

    Embeddings and stories are skipped when ``crossdoc.stories`` is false; duplicates always run.
    """
    from rasid.crossdoc.duplicates import mark_duplicates
    from rasid.crossdoc.stories import assign_stories
    out: dict[str, Any] = {"duplicates": mark_duplicates(store, list(doc_ids), settings=settings)}
    if stories is None:
        stories = bool(settings.get("crossdoc.stories", True)) if settings is not None else True
    if stories:
        out["stories"] = assign_stories(store, list(doc_ids), settings=settings)
    return out


def update(settings: Settings | None = None, doc_ids: Sequence[str] | None = None,
           stories: bool | None = None) -> dict[str, Any]:
    """Bring duplicates, embeddings and stories up to date for ``doc_ids`` (default: all documents not done)."""
    from rasid.crossdoc.duplicates import mark_duplicates
    from rasid.crossdoc.stories import assign_stories
    store = _open(settings)
    try:
        out: dict[str, Any] = {"duplicates": mark_duplicates(store, doc_ids, settings=settings)}
        if stories is None:
            stories = bool(settings.get("crossdoc.stories", True)) if settings is not None else True
        if stories:
            out["stories"] = assign_stories(store, doc_ids, settings=settings)
        return out
    finally:
        store.close()


def duplicates(settings: Settings | None = None, limit: int | None = 100, kind: str | None = None) -> dict[str, Any]:
    """Counts and the duplicate links (near copies with similarity, exact copies from other sources)."""
    from rasid.crossdoc.duplicates import duplicate_counts, list_duplicates
    store = _open(settings, readonly=True)
    try:
        return {"counts": duplicate_counts(store), "duplicates": list_duplicates(store, limit=limit, kind=kind)}
    finally:
        store.close()


def stories(settings: Settings | None = None, limit: int = 50, min_docs: int = 2, date_from: str | None = None,
            date_to: str | None = None, order: str = "size") -> list[dict[str, Any]]:
    from rasid.crossdoc.stories import list_stories
    store = _open(settings, readonly=True)
    try:
        return list_stories(store, limit=limit, min_docs=min_docs, date_from=date_from, date_to=date_to, order=order)
    finally:
        store.close()


def story(settings: Settings | None, story_id: int) -> dict[str, Any]:
    from rasid.crossdoc.stories import get_story
    store = _open(settings, readonly=True)
    try:
        return get_story(store, story_id)
    finally:
        store.close()


def similar(settings: Settings | None, doc: str, k: int = 10, include_duplicates: bool = True) -> list[dict[str, Any]]:
    """"More like this" for a document id (or unique prefix, or source file name)."""
    from rasid.search.semantic import similar_documents
    store = _open(settings)  # writable: embeds the document if it has no vector yet
    try:
        return similar_documents(store, doc, k, include_duplicates=include_duplicates, settings=settings)
    finally:
        store.close()


def semantic_search(settings: Settings | None, query: str, k: int = 10, date_from: str | None = None,
                    date_to: str | None = None, outlet: str | None = None,
                    include_duplicates: bool = True) -> list[dict[str, Any]]:
    """Documents nearest in meaning to the query (Arabic, English and 14 other languages).

    Raises ImportError naming the ``semantic`` extra when the model is not installed.
    """
    from rasid.search.semantic import semantic_search as _search
    store = _open(settings, readonly=True)
    try:
        return _search(store, query, k, date_from=date_from, date_to=date_to, outlet=outlet,
                       include_duplicates=include_duplicates, settings=settings)
    finally:
        store.close()


def format_duplicates(data: dict[str, Any]) -> str:
    c = data["counts"]
    out = [f"near duplicates: {c['near_duplicates']} (of {c['originals_with_copies']} originals); "
           f"exact copies from other sources: {c['exact_other_sources']}"]
    for d in data["duplicates"]:
        if d["kind"] == "near":
            out.append(f"  {d['doc_id']} ≈ {d['original_id']}  J={d['similarity']:.2f}  {d['outlet'] or ''} / "
                       f"{d['original_outlet'] or ''}  {d['title'] or ''}")
        else:
            out.append(f"  exact  {d['original_id']}  also from {d['outlet'] or d['url'] or d['source_path']}"
                       f"  {d['original_title'] or ''}")
    return "\n".join(out)


def format_stories(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no stories"
    out = []
    for s in rows:
        span = f"{s['first_published'] or '?'}..{s['last_published'] or '?'}"
        out.append(f"{s['id']:>6}  {s['n_docs']:>3} docs  {span}  {len(s['outlets'])} outlets  {s['label']}")
        if s["summary"]:
            out.append(f"        {s['summary'][0]['text'][:140]}")
    return "\n".join(out)


def format_story(s: dict[str, Any]) -> str:
    out = [f"story {s['id']}: {s['label']}",
           f"  {s['n_docs']} documents, {s['first_published'] or '?'} .. {s['last_published'] or '?'},"
           f" outlets: {', '.join(s['outlets'])}", "", "summary:"]
    for u in s["summary"]:
        out.append(f"  - {u['text']}  [{u['doc_id']} @{u['start']}-{u['end']}]")
    out.append("")
    out.append("documents:")
    for d in s["documents"]:
        out.append("  " + _doc_line(d))
    return "\n".join(out)


def _doc_line(d: dict[str, Any], score: float | None = None) -> str:
    """One document as a listing line: id, (score,) date, outlet, title, and the original it copies."""
    dup = f"  (copy of {d['duplicate_of']})" if d.get("duplicate_of") else ""
    scored = f"  {score:.3f}" if score is not None else ""
    return f"{d['doc_id']}{scored}  {d['published'] or '----------'}  {d['outlet'] or ''}  {d['title'] or ''}{dup}"


def format_hits(hits: list[dict[str, Any]]) -> str:
    """Semantic search or "more like this" results, one document per two lines."""
    if not hits:
        return "no match"
    out = []
    for h in hits:
        out.append(_doc_line(h, h["score"]))
        if h.get("snippet"):
            out.append(f"    {h['snippet'][:200]}")
    return "\n".join(out)
