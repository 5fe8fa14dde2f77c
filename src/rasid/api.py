"""The Python API: what the CLI and the HTTP API call.

Each function takes the options object (:class:`rasid.config.Settings`) and
plain arguments, opens what it needs and returns plain data.
"""
from __future__ import annotations

import csv
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from rasid.config import Settings, load_settings
from rasid.document import Document
from rasid.store import Store, StoreError


def open_db(settings: Settings, readonly: bool = False) -> Store:
    return Store(settings.get("store.path"), readonly=readonly)


# ------------------------------------------------------------------ ingest
def ingest_paths(paths: Sequence[str], settings: Settings | None = None, profile: str = "full",
                 progress: Callable[[Any], None] | None = None):
    from rasid.batch import ingest
    from rasid.stages import build_pipeline
    settings = settings or load_settings()
    pipeline = build_pipeline(profile, settings)
    store = open_db(settings)
    try:
        report = ingest(paths, store, pipeline, settings, progress=progress)
        if report.doc_ids:
            from rasid.crossdoc.api import after_ingest_batch
            # stories need what the full profile finds; duplicates are worth linking always
            report.crossdoc = after_ingest_batch(store, report.doc_ids, settings,
                                                 stories=None if profile == "full" else False)
        return report
    finally:
        store.close()


def analyse_text(text: str, settings: Settings | None = None, meta: dict[str, Any] | None = None,
                 profile: str = "full") -> Document:
    """Run the pipeline on one text (nothing stored)."""
    from rasid.stages import build_pipeline
    doc = Document(text=text, meta=dict(meta or {}))
    return build_pipeline(profile, settings)(doc)


def annotate_files(files: Iterable[Path], out_dir: Path, settings: Settings | None = None,
                   rejected: list[tuple[Path, str]] | None = None) -> list[Path]:
    """One §14 prediction JSON per input file, named after the file.

    A file the ingest filters reject (empty, binary, not Arabic ...) gets no prediction: it is added to
    ``rejected`` as (path, reasons) when a list is given, and the rest of the batch goes on; without
    a list the first rejection raises ``ValueError``. A missing file always raises."""
    from rasid.evaluation.predictions import prediction
    from rasid.ingest import Reject, iter_items
    from rasid.stages import build_pipeline
    settings = settings or load_settings()
    pipeline = build_pipeline("full", settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in files:
        if not Path(path).is_file():
            raise FileNotFoundError(f"{path} does not exist")
        items = list(iter_items([str(path)], settings))
        docs = [i for i in items if not isinstance(i, Reject)]
        if not docs:
            reasons = "; ".join(f"{r.reason}: {r.detail}" for r in items if isinstance(r, Reject))
            if rejected is None:
                raise ValueError(f"{path} was rejected ({reasons})")
            rejected.append((Path(path), reasons))
            continue
        doc = pipeline(docs[0])
        target = out_dir / (Path(path).stem + ".json")
        target.write_text(json.dumps(prediction(doc, Path(path).stem), ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(target)
    return written


def check_minimums(report: dict[str, Any], minimums_file: Path) -> list[str]:
    """Lines naming each figure below its minimum (empty when all pass)."""
    data = tomllib.loads(Path(minimums_file).read_text(encoding="utf-8"))
    failures = []
    for name, minimum in data.get("minimums", {}).items():
        value = report.get(name)
        if value is None or value < minimum:
            failures.append(f"{name} = {value} < {minimum}")
    return failures


# ------------------------------------------------------------------ reading
def get_document(settings: Settings, ref: str) -> Document:
    store = open_db(settings, readonly=True)
    try:
        return store.get_document(ref)
    finally:
        store.close()


def render_document(doc: Document) -> str:
    """Clean text (title and body lines) followed by the annotations found in it."""
    out = [f"document {doc.id}"]
    for key in ("title", "published", "dateline", "outlet"):
        fact = doc.facts.get(key)
        if fact is not None and fact.value:
            conf = f" ({fact.confidence})" if fact.confidence else ""
            out.append(f"{key}: {fact.value if not isinstance(fact.value, dict) else fact.value.get('text')}{conf}")
    if doc.facts.get("published") and doc.facts["published"].attrs.get("page_date"):
        pd = doc.facts["published"].attrs["page_date"]
        out.append(f"page date (not the article's): {pd.get('date')}")
    out.append("")
    lines = doc.spans("lines")
    if lines:
        for s in lines:
            if s.label in ("title", "body"):
                out.append(doc.text[s.start:s.end])
    else:
        out.append(doc.text)
    for layer, fmt in (("entities", "{label} {text} → {attrs[entity_id]}"),
                       ("quotes", "{label}: {speaker} «{text}»"),
                       ("events", "{label}: {text} ({attrs[source_entity_id]} → {attrs[target_entity_id]})"),
                       ("quantities", "{text} = {attrs[value]} {attrs[unit]}"),
                       ("timexes", "{text} = {attrs[value]}")):
        spans = doc.spans(layer)
        if not spans:
            continue
        out.append("")
        out.append(f"{layer} ({len(spans)}):")
        for s in spans:
            attrs = _Defaults(s.attrs)
            out.append("  " + fmt.format(label=s.label, text=doc.text[s.start:s.end].replace("\n", " "), attrs=attrs,
                                         speaker=s.attrs.get("speaker_text") or s.attrs.get("speaker_entity_id") or "?"))
    return "\n".join(out)


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "-"

    def __getitem__(self, key: str) -> Any:
        value = super().get(key)
        return "-" if value is None else value


def keyword_search(settings: Settings, query: str, date_from: str | None = None, date_to: str | None = None,
                   outlet: str | None = None, limit: int = 10, offset: int = 0, mode: str = "all",
                   include_duplicates: bool = True):
    from rasid.search.keyword import SearchFilters, search
    store = open_db(settings, readonly=True)
    try:
        return search(store, query, SearchFilters(date_from, date_to, outlet, include_duplicates), limit=limit,
                      offset=offset, mode=mode, snippet_tokens=int(settings.get("search.snippet_tokens", 24)))
    finally:
        store.close()


def stats(settings: Settings) -> dict[str, Any]:
    store = open_db(settings, readonly=True)
    try:
        return store.stats()
    finally:
        store.close()


def export(settings: Settings, out: Path, fmt: str, layer: str = "documents") -> int:
    """Write documents (one row each, annotations included in JSONL) or one layer's annotations."""
    if fmt not in ("jsonl", "csv", "parquet"):
        raise ValueError(f"unknown export format {fmt!r}; use jsonl, csv or parquet")
    store = open_db(settings, readonly=True)
    try:
        rows = list(_export_rows(store, layer, full=(fmt == "jsonl")))
    finally:
        store.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        fields = sorted({k for r in rows for k in r}) if rows else ["id"]
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                                 for k, v in row.items()})
    else:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ImportError("Parquet export needs pyarrow: pip install 'rasid[parquet]'") from None
        flat = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for k, v in r.items()}
                for r in rows]
        pq.write_table(pa.Table.from_pylist(flat), str(out))
    return len(rows)


def _export_rows(store: Store, layer: str, full: bool) -> Iterable[dict[str, Any]]:
    if layer == "documents":
        for row in store.document_rows():
            data = dict(row)
            if full:
                doc = store.get_document(row["id"])
                data["text"] = doc.text
                data["facts"] = {k: v.to_dict() for k, v in doc.facts.items()}
                data["annotations"] = {k: [s.to_dict() for s in v] for k, v in doc.layers.items()}
            yield data
        return
    for row in store.annotations(layer):
        data = {k: row[k] for k in row.keys() if k != "attrs"}
        data["attrs"] = json.loads(row["attrs"])
        yield data


def list_quotes(settings: Settings, speaker: str | None = None, about: str | None = None,
                date_from: str | None = None, date_to: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Quotes in date order; ``speaker`` is an entity id or a name (any alias or name part)."""
    from rasid.arabic.normalize import fold
    from rasid.arabic.tokens import search_key
    from rasid.store.filters import DocumentFilters
    store = open_db(settings, readonly=True)
    try:
        where, params = DocumentFilters(date_from, date_to).sql("d")
        wanted_text = fold(speaker).strip() if speaker else None
        speaker_id = _find_entity_id(store, speaker) if speaker else None
        if speaker_id is not None:
            where.append("a.entity_id = ?")
            params.append(speaker_id)
        rows = store.annotations("quotes", " AND ".join(where), tuple(params))
        out = []
        about_key = search_key(about) if about else None
        for row in rows:
            attrs = json.loads(row["attrs"])
            speaker_text = attrs.get("speaker_text") or ""
            if speaker and speaker_id is None and wanted_text not in fold(speaker_text):
                continue
            content = row["text"]
            if about_key and about_key not in {search_key(w) for w in content.split()}:
                continue
            cue = attrs.get("cue") or {}
            out.append({"doc_id": row["doc_id"], "published": row["published"], "outlet": row["outlet"],
                        "speaker": speaker_text or attrs.get("speaker_entity_id"),
                        "speaker_entity_id": attrs.get("speaker_entity_id"), "kind": row["label"],
                        "cue": cue.get("text"), "content": content, "start": row["start"], "end": row["end"],
                        "sentence": _sentence_around(store, row["doc_id"], row["start"])})
            if len(out) >= limit:
                break
        return out
    finally:
        store.close()


def _sentence_around(store: Store, doc_id: str, offset: int) -> str | None:
    row = store.conn.execute("SELECT text FROM annotations WHERE doc_id = ? AND layer = 'sentences' AND start <= ?"
                             " AND end >= ? LIMIT 1", (doc_id, offset, offset)).fetchone()
    return row[0] if row else None


#: Columns of the event table, in the order users of event data (ICEWS, POLECAT) expect.
EVENT_COLUMNS = ("date", "source", "source_name", "source_code", "type", "mode", "context", "target", "target_name",
                 "target_code", "location", "negated", "modality", "confidence", "trigger", "doc_id", "outlet",
                 "published", "sentence", "start", "end")


def event_table(settings: Settings, actor: str | None = None, type_: str | None = None,
                date_from: str | None = None, date_to: str | None = None, include_duplicates: bool = True,
                limit: int | None = None, min_confidence: str = "low") -> list[dict[str, Any]]:
    """One row per coded event: who did what to whom, when and where, with its source sentence.

    ``actor`` (an entity id or name) matches the source or the target; dates filter on the
    event's own date (else the document's publication date); ``min_confidence`` keeps events whose
    sentence reports them at least that clearly (``low`` = every coded event, ``high`` = reported
    occurrences, see ``rasid.events.code.confidence_of``).
    """
    from rasid.events.code import CONFIDENCE_RANK
    from rasid.store.filters import DocumentFilters
    if min_confidence not in CONFIDENCE_RANK:
        raise ValueError(f"min_confidence must be one of {', '.join(CONFIDENCE_RANK)}, not {min_confidence!r}")
    need = CONFIDENCE_RANK[min_confidence]
    store = open_db(settings, readonly=True)
    try:
        actor_id = None
        if actor:
            actor_id = _find_entity_id(store, actor)
            if actor_id is None:
                raise StoreError(f"no entity named {actor!r}")
        where, params = DocumentFilters(include_duplicates=include_duplicates).sql("d")
        if type_:
            where.append("a.label = ?")
            params.append(type_.upper())
        names = display_names(store)
        texts: dict[str, str] = {}
        out: list[dict[str, Any]] = []
        for row in store.annotations("events", " AND ".join(where), tuple(params)):
            attrs = json.loads(row["attrs"])
            if CONFIDENCE_RANK.get(attrs.get("confidence") or "low", 0) < need:
                continue
            source, target = attrs.get("source_entity_id"), attrs.get("target_entity_id")
            if actor_id and actor_id not in set(_ids(source)) | set(_ids(target)):
                continue
            date = attrs.get("date") or row["published"]
            if date_from and (not date or date < date_from):
                continue
            if date_to and (not date or date[:len(date_to)] > date_to):
                continue
            codes = attrs.get("actor_codes") or {}
            sentence = attrs.get("sentence") or {}
            if row["doc_id"] not in texts:
                texts[row["doc_id"]] = _document_text(store, row["doc_id"])
            text = texts[row["doc_id"]]
            out.append({
                "date": date, "source": _joined(source), "source_name": _joined([names.get(i, i) for i in _ids(source)]),
                "source_code": _joined(codes.get("source")), "type": row["label"], "mode": attrs.get("mode"),
                "context": _joined(attrs.get("context")), "target": _joined(target),
                "target_name": _joined([names.get(i, i) for i in _ids(target)]),
                "target_code": _joined(codes.get("target")), "location": _joined(attrs.get("location_entity_id")),
                "negated": bool(attrs.get("negated")), "modality": attrs.get("modality"),
                "confidence": attrs.get("confidence"), "trigger": row["text"], "doc_id": row["doc_id"],
                "outlet": row["outlet"], "published": row["published"],
                "sentence": text[sentence["start"]:sentence["end"]] if sentence.get("end") else None,
                "start": row["start"], "end": row["end"],
                "source_ids": _ids(source), "target_ids": _ids(target)})
            if limit and len(out) >= limit:
                break
        out.sort(key=lambda r: (r["date"] or "", r["doc_id"], r["start"]))
        return out
    finally:
        store.close()


def write_table(rows: list[dict[str, Any]], out: Path, fmt: str, columns: Sequence[str]) -> int:
    """Rows as CSV, JSONL or Parquet with the given column order."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows({k: r.get(k) for k in columns} for r in rows)
    elif fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: r.get(k) for k in columns}, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ImportError("Parquet export needs pyarrow: pip install 'rasid[parquet]'") from None
        table = pa.table({k: [r.get(k) for r in rows] for k in columns})
        pq.write_table(table, str(out))
    else:
        raise ValueError(f"unknown format {fmt!r}; use csv, jsonl or parquet")
    return len(rows)


def display_names(store: Store) -> dict[str, str]:
    """Entity id -> the name to show: the knowledge base's canonical name, else the longest name seen."""
    names = {}
    for r in store.conn.execute("SELECT id, name FROM entities"):
        entry = _kb_entry(r["id"])
        names[r["id"]] = entry.canonical_ar if entry is not None and entry.canonical_ar else r["name"]
    return names


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [str(value)]


def _joined(value: Any) -> str | None:
    if value is None or value == []:
        return None
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value if v) or None
    return str(value)


def _document_text(store: Store, doc_id: str) -> str:
    row = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else ""


def list_entities(settings: Settings, type_: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    store = open_db(settings, readonly=True)
    try:
        sql = ("SELECT id, type, name, mentions, documents, first_published, last_published FROM entities"
               + (" WHERE type = ?" if type_ else "") + " ORDER BY mentions DESC, id LIMIT ?")
        params = ((type_,) if type_ else ()) + (limit,)
        out = []
        for r in store.conn.execute(sql, params):
            entry = _kb_entry(r["id"])
            out.append({"entity_id": r["id"], "type": r["type"],
                        "name": (entry.canonical_ar if entry is not None and entry.canonical_ar else r["name"]),
                        "mentions": r["mentions"], "documents": r["documents"],
                        "first_published": r["first_published"], "last_published": r["last_published"]})
        return out
    finally:
        store.close()


def entity_profile(settings: Settings, name: str) -> dict[str, Any]:
    """Names, roles (from the knowledge base), documents and statements of an entity given by id or name."""
    store = open_db(settings, readonly=True)
    try:
        entity_id = _find_entity_id(store, name)
        if entity_id is None:
            raise StoreError(f"no entity named {name!r}")
        row = store.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        aliases = [r[0] for r in store.conn.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? GROUP BY alias ORDER BY SUM(mentions) DESC",
            (entity_id,))]
        docs = [{"doc_id": r["doc_id"], "published": r["published"], "title": r["title"], "mentions": r["n"]}
                for r in store.conn.execute(
                    "SELECT a.doc_id, d.published, d.title, COUNT(*) n FROM annotations a JOIN documents d ON d.id=a.doc_id"
                    " WHERE a.layer='entities' AND a.entity_id=? GROUP BY a.doc_id ORDER BY d.published", (entity_id,))]
        profile: dict[str, Any] = {"entity_id": entity_id, "type": row["type"] if row else None,
                                   "name": row["name"] if row else entity_id, "aliases": aliases,
                                   "mentions": row["mentions"] if row else 0, "roles": [], "documents": docs}
        entry = _kb_entry(entity_id)
        if entry is not None:
            profile["name"] = entry.canonical_ar or profile["name"]
            profile["name_en"] = entry.name_en or None
            profile["roles"] = [_role_text(r) for r in entry.roles]
        profile["quotes"] = [{"doc_id": r["doc_id"], "published": r["published"], "text": r["text"]}
                             for r in store.annotations("quotes", "a.entity_id = ?", (entity_id,))]
        return profile
    finally:
        store.close()


def _kb_entry(entity_id: str) -> Any:
    try:
        from rasid.entities.kb import load_kb
    except ImportError:
        return None
    return load_kb().get(entity_id)


def _role_text(role: Any) -> str:
    span = f"{role.start or '?'} → {role.end or ''}"
    where = f" of {role.of}" if role.of else ""
    code = f" [{role.code}]" if role.code else ""
    return f"{role.role}{where}{code}: {span}"


def _find_entity_id(store: Store, name: str) -> str | None:
    from rasid.arabic.normalize import fold
    row = store.conn.execute("SELECT id FROM entities WHERE id = ?", (name,)).fetchone()
    if row:
        return row[0]
    wanted = fold(name).strip()
    best: dict[str, int] = {}
    for r in store.conn.execute("SELECT entity_id, alias, mentions FROM entity_aliases"):
        if fold(r["alias"]).strip() == wanted:
            best[r["entity_id"]] = best.get(r["entity_id"], 0) + r["mentions"]
    if not best:  # a name part ("رشيد"): entities whose longest name contains it
        for r in store.conn.execute("SELECT id, name, mentions FROM entities"):
            if wanted and wanted in fold(r["name"]).split():
                best[r["id"]] = r["mentions"]
    if best:
        return max(best.items(), key=lambda kv: kv[1])[0]
    return None


# ------------------------------------------------------------------ demo
def example_paths() -> list[str]:
    folder = resources.files("rasid.data").joinpath("examples")
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


def run_demo(settings: Settings) -> str:
    """Ingest the bundled examples and describe what was found."""
    report = ingest_paths(example_paths(), settings, profile="full")
    out = [f"database: {settings.get('store.path')}", report.summary(), ""]
    data = stats(settings)
    out.append(f"documents: {data['documents']}  annotations: " +
               ", ".join(f"{k} {v}" for k, v in data["annotations"].items()))
    out.append("")
    out.append("entities (top 10):")
    for e in list_entities(settings, limit=10):
        out.append(f"  {e['name']}  [{e['type']}]  {e['mentions']} mentions in {e['documents']} documents")
    quotes = list_quotes(settings, limit=5)
    out.append("")
    out.append(f"quotes (first {len(quotes)}):")
    for q in quotes:
        out.append(f"  {q['published'] or '----------'}  {q['speaker'] or '?'}: «{q['content'][:90]}»")
    out.append("")
    out.append("search: التحالف الدولي")
    for h in keyword_search(settings, "التحالف الدولي", limit=3):
        out.append(f"  {h.doc_id}  {h.published or '----------'}  {h.title or ''}")
        out.append(f"    {h.snippet}")
    out.append("")
    out.append("Open the web interface with:")
    out.append(f"  .venv/bin/rasid serve --db {settings.get('store.path')}    # then http://127.0.0.1:8000")
    return "\n".join(out)
