"""HTTP API and web interface (FastAPI, server-rendered, Arabic right-to-left).

Every page has a JSON twin: the same URL with ``.json`` appended, or an
``Accept: application/json`` header. The machine API lives under ``/api`` and
is described by OpenAPI at ``/openapi.json`` (docs at ``/docs``).

Read-only by default: ``POST /api/ingest`` works only when the server was
started with a token, and then only with that token. Article text is always
escaped (pages come from the open web) and a strict Content-Security-Policy
forbids inline scripts.
"""
from __future__ import annotations

import hmac
import json
import tempfile
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from rasid import api
from rasid.config import Settings, load_settings
from rasid.store import Store, StoreError

try:
    from fastapi import FastAPI, Query, Request
    from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from fastapi.staticfiles import StaticFiles
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("the web interface needs the 'web' extra: pip install 'rasid[web]'") from exc

MAX_PAGE_SIZE = 100
MAX_INGEST_BYTES = 5 * 1024 * 1024
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

LABELS = {
    "ar": {"search": "بحث", "documents": "الوثائق", "entities": "الكيانات", "quotes": "التصريحات", "events": "الأحداث",
           "timeline": "الخط الزمني", "results": "النتائج", "outlet": "المصدر", "date": "التاريخ", "raw": "النص الخام",
           "aliases": "الأسماء", "roles": "المناصب", "statements": "تصريحات", "cooccurring": "كيانات مرتبطة",
           "no_results": "لا نتائج", "published": "تاريخ النشر", "speaker": "المتحدث", "type": "النوع",
           "event_types": "أنواع الأحداث", "histogram": "التوزيع الزمني", "stats": "إحصاءات", "details": "التفاصيل",
           "from": "من", "to": "إلى", "relation": "العلاقة عبر الزمن", "with": "مع", "stories": "القصص",
           "semantic": "بالمعنى (أي لغة)", "summary": "الملخص"},
    "en": {"search": "Search", "documents": "Documents", "entities": "Entities", "quotes": "Statements",
           "events": "Events", "timeline": "Timeline", "results": "results", "outlet": "Outlet", "date": "Date",
           "raw": "Raw text", "aliases": "Names", "roles": "Roles", "statements": "Statements",
           "cooccurring": "Co-occurring actors", "no_results": "No results", "published": "Published",
           "speaker": "Speaker", "type": "Type", "event_types": "Event types", "histogram": "Dates",
           "stats": "Statistics", "details": "Details", "from": "From", "to": "To",
           "relation": "Relation over time", "with": "with", "stories": "Stories",
           "semantic": "by meaning (any language)", "summary": "Summary"},
}

class WebError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _templates() -> Environment:
    folder = resources.files("rasid.web").joinpath("templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))
    # JSON inside <script type="application/json">: entities are not decoded there, so instead of HTML
    # escaping, the characters that could close the element are written as JSON unicode escapes.
    env.filters["tojson_safe"] = lambda v: Markup(json.dumps(v, ensure_ascii=False).replace("<", "\\u003c").replace(
        ">", "\\u003e").replace("&", "\\u0026"))
    return env


def create_app(settings: Settings | None = None, ingest_token: str | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(title="rasid", version=__import__("rasid").__version__,
                  description="Arabic news intelligence: documents, search, entities, quotes, events, timelines.")
    env = _templates()
    static_dir = resources.files("rasid.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    def store() -> Store:
        return Store(settings.get("store.path"), readonly=True)

    # document vectors kept between semantic queries of this server (rebuilt when the database changes)
    from rasid.search.semantic import MatrixCache
    matrix_cache = MatrixCache()

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):  # type: ignore[no-untyped-def]
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):  # type: ignore[no-untyped-def]
        status = 404 if str(exc).startswith("no ") else 400
        return JSONResponse({"error": str(exc)}, status_code=status)

    def wants_json(request: Request) -> bool:
        if request.url.path.endswith(".json"):
            return True
        accept = request.headers.get("accept", "")
        return "application/json" in accept and "text/html" not in accept

    def page(request: Request, template: str, data: dict[str, Any]) -> Response:
        if wants_json(request):
            return JSONResponse(data)
        lang = "en" if request.query_params.get("lang") == "en" else "ar"
        html = env.get_template(template).render(data=data, L=LABELS[lang], lang=lang,
                                                 dir="ltr" if lang == "en" else "rtl", request=request)
        return HTMLResponse(html)

    def strip_json(value: str) -> str:
        return value[:-5] if value.endswith(".json") else value

    def page_size(n: int) -> int:
        if n < 1 or n > MAX_PAGE_SIZE:
            raise WebError(400, f"page size must be between 1 and {MAX_PAGE_SIZE}")
        return n

    # ------------------------------------------------------------------ API
    @app.get("/api/health")
    def health() -> dict[str, Any]:
        path = settings.get("store.path")
        ok = Path(path).exists()
        return {"status": "ok" if ok else "no database", "database": path}

    @app.get("/api/stats")
    def stats() -> dict[str, Any]:
        s = store()
        try:
            return s.stats()
        finally:
            s.close()

    @app.get("/api/documents")
    def documents(page_no: int = Query(1, alias="page", ge=1), size: int = 20) -> dict[str, Any]:
        size = page_size(size)
        s = store()
        try:
            total = s.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            rows = s.conn.execute("SELECT id, title, published, outlet, language, duplicate_of FROM documents"
                                  " ORDER BY published DESC, rowid LIMIT ? OFFSET ?", (size, (page_no - 1) * size))
            return {"total": total, "page": page_no, "size": size, "documents": [dict(r) for r in rows]}
        finally:
            s.close()

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        s = store()
        try:
            return s.get_document(strip_json(doc_id)).to_dict()
        finally:
            s.close()

    @app.get("/api/search")
    def api_search(q: str = Query(..., min_length=1, max_length=500), date_from: str | None = Query(None, alias="from"),
                   date_to: str | None = Query(None, alias="to"), outlet: str | None = None,
                   page_no: int = Query(1, alias="page", ge=1), size: int = 20, semantic: bool = False,
                   no_duplicates: bool = False) -> dict[str, Any]:
        return search_data(q, date_from, date_to, outlet, page_no, page_size(size), semantic, no_duplicates)

    @app.get("/api/entities")
    def api_entities(type: str | None = None, size: int = 50) -> dict[str, Any]:
        return {"entities": api.list_entities(settings, type_=type, limit=page_size(size))}

    @app.get("/api/entities/{entity_id}")
    def api_entity(entity_id: str) -> dict[str, Any]:
        return entity_data(strip_json(entity_id))

    @app.get("/api/quotes")
    def api_quotes(speaker: str | None = None, about: str | None = None, date_from: str | None = Query(None, alias="from"),
                   date_to: str | None = Query(None, alias="to"), size: int = 50) -> dict[str, Any]:
        return {"quotes": api.list_quotes(settings, speaker=speaker, about=about, date_from=date_from, date_to=date_to,
                                          limit=page_size(size))}

    @app.get("/api/events")
    def api_events(type: str | None = None, actor: str | None = None, size: int = 50,
                   min_confidence: str = "low") -> dict[str, Any]:
        if min_confidence not in ("low", "medium", "high"):
            raise WebError(400, "min_confidence must be low, medium or high")
        return {"events": events_data(type, actor, page_size(size), min_confidence)}

    @app.get("/api/timeline/{entity_id}")
    def api_timeline(entity_id: str, with_: str | None = Query(None, alias="with")) -> dict[str, Any]:
        return timeline_data(strip_json(entity_id), with_)

    @app.get("/api/export")
    def api_export(format: str = "jsonl", layer: str = "documents") -> Response:
        if format not in ("jsonl", "csv", "parquet"):
            raise WebError(400, f"unknown export format {format!r}; use jsonl, csv or parquet")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"export.{format}"
            api.export(settings, out, format, layer)
            payload = out.read_bytes()
        media = {"jsonl": "application/x-ndjson", "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
        return Response(payload, media_type=media[format],
                        headers={"Content-Disposition": f'attachment; filename="rasid-{layer}.{format}"'})

    @app.post("/api/ingest")
    async def api_ingest(request: Request) -> dict[str, Any]:
        if not ingest_token:
            raise WebError(403, "this server is read-only; start it with a token (rasid serve --token) to ingest")
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), ingest_token.encode()):
            raise WebError(401, "missing or wrong token")
        body = await request.body()
        if len(body) > MAX_INGEST_BYTES:
            raise WebError(413, f"request larger than {MAX_INGEST_BYTES} bytes")
        if not body.strip():
            raise WebError(400, "empty request body")
        suffix = ".jsonl" if "json" in request.headers.get("content-type", "") else ".txt"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("upload" + suffix)
            path.write_bytes(body)
            report = api.ingest_paths([str(path)], settings, profile="full")
        return {"ingested": report.ingested, "duplicates": report.duplicates, "rejected": report.rejected,
                "reject_reasons": report.reject_reasons, "doc_ids": report.doc_ids}

    # ------------------------------------------------------------------ data for pages
    def search_data(q: str, date_from: str | None, date_to: str | None, outlet: str | None, page_no: int,
                    size: int, semantic: bool = False, no_duplicates: bool = False) -> dict[str, Any]:
        from rasid.search.keyword import SearchFilters, fts_expression, search
        s = store()
        try:
            if semantic:
                from rasid.search.semantic import semantic_search
                try:
                    hits = semantic_search(s, q, k=size, date_from=date_from or None, date_to=date_to or None,
                                           outlet=outlet or None, include_duplicates=not no_duplicates,
                                           settings=settings, cache=matrix_cache)
                except ImportError as exc:
                    raise WebError(501, str(exc)) from None
                return {"query": q, "mode": "semantic", "page": 1, "size": size, "hits": hits, "total": len(hits),
                        "facets": {}, "filters": {"from": date_from, "to": date_to, "outlet": outlet}}
            filters = SearchFilters(date_from or None, date_to or None, outlet or None, not no_duplicates)
            hits = [h.to_dict() for h in search(s, q, filters, limit=size, offset=(page_no - 1) * size)]
            facets = facet_data(s, fts_expression(q), filters)
            return {"query": q, "page": page_no, "size": size, "hits": hits, **facets,
                    "filters": {"from": date_from, "to": date_to, "outlet": outlet}}
        finally:
            s.close()

    def facet_data(s: Store, expression: str, filters: Any) -> dict[str, Any]:
        if not expression:
            return {"total": 0, "facets": {}}
        conditions, values = filters.sql("d")
        where, params = ["documents_fts MATCH ?", *conditions], [expression, *values]
        rows = s.conn.execute("SELECT d.id, d.outlet, d.published FROM documents_fts JOIN documents d ON"
                              " d.id = documents_fts.doc_id WHERE " + " AND ".join(where) + " LIMIT 5000",
                              params).fetchall()
        ids = [r["id"] for r in rows]
        outlets = Counter(r["outlet"] or "?" for r in rows)
        months = Counter((r["published"] or "")[:7] for r in rows if r["published"])
        entity_counts: Counter[str] = Counter()
        event_counts: Counter[str] = Counter()
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for r in s.conn.execute(f"SELECT entity_id, COUNT(DISTINCT doc_id) n FROM annotations WHERE layer='entities'"
                                    f" AND entity_id IS NOT NULL AND doc_id IN ({marks}) GROUP BY entity_id", chunk):
                entity_counts[r["entity_id"]] += r["n"]
            for r in s.conn.execute(f"SELECT label, COUNT(*) n FROM annotations WHERE layer='events'"
                                    f" AND doc_id IN ({marks}) GROUP BY label", chunk):
                event_counts[r["label"]] += r["n"]
        top_entities = entity_counts.most_common(15)
        names = {r["id"]: r["name"] for r in s.conn.execute(
            "SELECT id, name FROM entities WHERE id IN (%s)" % ",".join("?" * len(top_entities)),
            [e for e, _ in top_entities])} if top_entities else {}
        return {"total": len(ids), "facets": {
            "outlet": outlets.most_common(15),
            "entity": [[e, n, names.get(e, e)] for e, n in top_entities],
            "event_type": event_counts.most_common(16), "month": sorted(months.items())}}

    def entity_data(entity_id: str) -> dict[str, Any]:
        profile = api.entity_profile(settings, entity_id)
        s = store()
        try:
            eid = profile["entity_id"]
            docs = [d["doc_id"] for d in profile["documents"]]
            co: Counter[str] = Counter()
            for doc_id in docs:
                for r in s.conn.execute("SELECT DISTINCT entity_id FROM annotations WHERE layer='entities' AND doc_id=?"
                                        " AND entity_id IS NOT NULL AND entity_id != ?", (doc_id, eid)):
                    co[r[0]] += 1
            profile["cooccurring"] = co.most_common(20)
            profile["statements"] = api.list_quotes(settings, speaker=eid, limit=200)
            profile["events"] = events_data(None, eid, 200)
            ids = {e for e, _ in profile["cooccurring"]}
            for ev in profile["events"]:
                ids.update(_as_list(ev["source"]) + _as_list(ev["target"]))
            profile["names"] = entity_names(s, ids)
            return profile
        finally:
            s.close()

    def entity_names(s: Store, ids: set[str]) -> dict[str, str]:
        ids_list = sorted(ids)
        if not ids_list:
            return {}
        rows = s.conn.execute("SELECT id, name FROM entities WHERE id IN (%s)" % ",".join("?" * len(ids_list)), ids_list)
        return {r["id"]: r["name"] for r in rows}

    def events_data(type_: str | None, actor: str | None, limit: int,
                    min_confidence: str = "low") -> list[dict[str, Any]]:
        # the same event table as `rasid events` and the exports, with actor ids as lists for the pages
        try:
            rows = api.event_table(settings, actor=actor, type_=type_, limit=limit, min_confidence=min_confidence)
        except StoreError:
            return []   # an actor the store does not know has no events
        for r in rows:
            r["source"], r["target"] = r.pop("source_ids"), r.pop("target_ids")
        return rows

    def timeline_data(entity_id: str, other: str | None) -> dict[str, Any]:
        from rasid.crossdoc.timeline import entity_timeline
        s = store()
        try:
            return entity_timeline(s, entity_id, with_entity=other or None, affiliates=True)
        finally:
            s.close()

    @app.get("/api/relation")
    def api_relation(a: str, b: str, period: str = "month") -> dict[str, Any]:
        from rasid.crossdoc.relations import relation_over_time
        if period not in ("month", "quarter", "year"):
            raise WebError(400, "period must be month, quarter or year")
        s = store()
        try:
            return relation_over_time(s, a, b, period=period)
        finally:
            s.close()

    @app.get("/api/contradictions")
    def api_contradictions(entity: str | None = None, topic: str | None = None) -> dict[str, Any]:
        from rasid.crossdoc.contradictions import contradictions
        s = store()
        try:
            return {"contradictions": contradictions(s, entity or None, topic=topic or None)}
        finally:
            s.close()

    # ------------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        s = store()
        try:
            data = {"stats": s.stats(), "recent": [dict(r) for r in s.conn.execute(
                "SELECT id, title, published, outlet FROM documents ORDER BY published DESC LIMIT 20")]}
        finally:
            s.close()
        return page(request, "home.html", data)

    @app.get("/search", response_class=HTMLResponse)
    @app.get("/search.json", include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=500), date_from: str | None = Query(None, alias="from"),
                    date_to: str | None = Query(None, alias="to"), outlet: str | None = None,
                    page_no: int = Query(1, alias="page", ge=1), semantic: bool = False) -> Response:
        data = search_data(q, date_from, date_to, outlet, page_no, 20, semantic) if q.strip() else {
            "query": "", "hits": [], "total": 0, "facets": {}}
        return page(request, "search.html", data)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def doc_page(request: Request, doc_id: str) -> Response:
        from rasid.web.render import annotated_lines, span_details
        s = store()
        try:
            doc = s.get_document(strip_json(doc_id))
        finally:
            s.close()
        if wants_json(request):
            return JSONResponse(doc.to_dict())
        role_at = _role_lookup(doc)
        data = {"doc": doc, "lines": annotated_lines(doc), "details": span_details(doc, role_at),
                "facts": {k: v.to_dict() for k, v in doc.facts.items()}, "meta": doc.meta}
        return page(request, "document.html", data)

    @app.get("/doc/{doc_id}/raw", response_class=PlainTextResponse)
    def doc_raw(doc_id: str) -> Response:
        s = store()
        try:
            return PlainTextResponse(s.get_document(doc_id).text)
        finally:
            s.close()

    @app.get("/entity/{entity_id}", response_class=HTMLResponse)
    def entity_page(request: Request, entity_id: str) -> Response:
        return page(request, "entity.html", entity_data(strip_json(entity_id)))

    @app.get("/entities", response_class=HTMLResponse)
    @app.get("/entities.json", include_in_schema=False)
    def entities_page(request: Request, type: str | None = None) -> Response:
        return page(request, "entities.html", {"entities": api.list_entities(settings, type_=type, limit=200)})

    @app.get("/quotes", response_class=HTMLResponse)
    @app.get("/quotes.json", include_in_schema=False)
    def quotes_page(request: Request, speaker: str | None = None, about: str | None = None) -> Response:
        return page(request, "quotes.html", {"quotes": api.list_quotes(settings, speaker=speaker, about=about, limit=200),
                                             "speaker": speaker, "about": about})

    @app.get("/api/stories")
    def api_stories(min_docs: int = Query(2, ge=1), size: int = 50) -> dict[str, Any]:
        from rasid.crossdoc import api as xapi
        return {"stories": xapi.stories(settings, limit=page_size(size), min_docs=min_docs)}

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: int) -> dict[str, Any]:
        return story_data(story_id)

    @app.get("/api/duplicates")
    def api_duplicates(size: int = 100) -> dict[str, Any]:
        from rasid.crossdoc import api as xapi
        return xapi.duplicates(settings, limit=page_size(size))

    def story_data(story_id: int) -> dict[str, Any]:
        from rasid.crossdoc import api as xapi
        try:
            data = xapi.story(settings, story_id)
        except (KeyError, LookupError, ValueError) as exc:
            raise WebError(404, f"no story {story_id}") from exc
        if not data:
            raise WebError(404, f"no story {story_id}")
        s = store()
        try:
            data["names"] = entity_names(s, set(data.get("entities") or {}))
        finally:
            s.close()
        return data

    @app.get("/stories", response_class=HTMLResponse)
    @app.get("/stories.json", include_in_schema=False)
    def stories_page(request: Request, min_docs: int = Query(1, ge=1)) -> Response:
        from rasid.crossdoc import api as xapi
        return page(request, "stories.html", {"stories": xapi.stories(settings, limit=100, min_docs=min_docs)})

    @app.get("/story/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: str) -> Response:
        try:
            number = int(strip_json(story_id))
        except ValueError:
            raise WebError(404, f"no story {story_id}") from None
        return page(request, "story.html", story_data(number))

    @app.get("/timeline/{entity_id}", response_class=HTMLResponse)
    def timeline_page(request: Request, entity_id: str, with_: str | None = Query(None, alias="with")) -> Response:
        return page(request, "timeline.html", timeline_data(strip_json(entity_id), with_))

    return app


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)]


def _role_lookup(doc: Any):
    """entity id -> the roles it held at the document's date, from the knowledge base (if present)."""
    date = doc.fact("published")
    if not date:
        return None
    try:
        from rasid.entities.kb import load_kb
        kb = load_kb()
    except Exception:  # noqa: BLE001 - the page works without the knowledge base
        return None

    def role_at(entity_id: str) -> str | None:
        entry = kb.get(entity_id)
        if entry is None:
            return None
        roles = entry.roles_at(date)
        return "; ".join(f"{r.role}{' of ' + r.of if r.of else ''}" for r in roles) or None

    return role_at
