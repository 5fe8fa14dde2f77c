"""SQLite store with named, numbered migrations and transactional ingest.

Every document is written together with all its annotations and its index
entry in one transaction, so a process killed mid-batch leaves either the
whole document or nothing; re-ingesting the same text is a no-op because the
content hash is unique.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from rasid.document import Document, content_hash

#: Layers whose spans carry an entity id worth indexing in ``annotations.entity_id``.
_ENTITY_ID_KEYS = {"entities": "entity_id", "quotes": "speaker_entity_id", "events": "source_entity_id"}


class StoreError(RuntimeError):
    pass


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of every packaged migration, in order."""
    folder = resources.files("rasid.store").joinpath("migrations")
    items = sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(name[:-4], sql) for name, sql in items]


class Store:
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = str(path)
        if readonly:
            if self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(f"database {self.path} does not exist; run `rasid ingest` first")
            uri = f"file:{self.path}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.migrate()

    # ------------------------------------------------------------ schema
    def migrate(self) -> list[str]:
        """Apply the packaged migrations not applied yet; return their names."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in self.conn.execute("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in migration_files():
            if name in done:
                continue
            with self.transaction():
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM schema_migrations ORDER BY name")]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ runs
    def start_run(self, command: str, stage_versions: dict[str, str]) -> int:
        cur = self.conn.execute("INSERT INTO runs (command, started_at, stage_versions) VALUES (?, ?, ?)",
                                (command, _now(), json.dumps(stage_versions)))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, counts: dict[str, Any]) -> None:
        self.conn.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE id = ?",
                          (_now(), json.dumps(counts, ensure_ascii=False), run_id))

    # ------------------------------------------------------------ writing
    def has_content(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE content_sha256 = ?", (sha256,)).fetchone() is not None

    def write_document(self, doc: Document, run_id: int | None = None, index_keys: tuple[str, str] | None = None) -> bool:
        """Insert a document, its annotations and index entry. False if already stored.

        Must be called inside :meth:`transaction`.
        """
        sha = doc.meta.get("content_sha256") or content_hash(doc.text)
        if self.has_content(sha):
            return False
        published = doc.facts.get("published")
        title = doc.fact("title") or doc.meta.get("title")
        self.conn.execute(
            "INSERT INTO documents (id, content_sha256, text, source_path, member, format, encoding, url, outlet,"
            " title, published, published_confidence, language, non_arabic, n_chars, run_id, ingested_at, doc_json)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, sha, doc.text, doc.meta.get("source_path"), _str_or_none(doc.meta.get("member")),
             doc.meta.get("format"), doc.meta.get("encoding"), doc.meta.get("url"),
             doc.fact("outlet") or doc.meta.get("outlet"), title,
             published.value if published else None, published.confidence if published else None,
             doc.meta.get("language"), int(bool(doc.meta.get("non_arabic"))), len(doc.text), run_id, _now(),
             doc.to_json()))
        rows = []
        for layer, spans in doc.layers.items():
            key = _ENTITY_ID_KEYS.get(layer)
            for s in spans:
                entity_id = s.attrs.get(key) if key else None
                if isinstance(entity_id, list):
                    entity_id = ",".join(str(x) for x in entity_id)
                rows.append((doc.id, s.id, layer, s.label, s.start, s.end, s.producer, doc.text[s.start:s.end],
                             entity_id, json.dumps(s.attrs, ensure_ascii=False) if s.attrs else "{}"))
        self.conn.executemany("INSERT INTO annotations VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        self._update_entities(doc, published.value if published else None)
        if index_keys is not None:
            self.conn.execute("INSERT INTO documents_fts (doc_id, title_keys, body_keys) VALUES (?,?,?)",
                              (doc.id, index_keys[0], index_keys[1]))
        return True

    def _update_entities(self, doc: Document, published: str | None) -> None:
        """Keep the entities / entity_aliases tables in step with one new document's mentions."""
        per_entity: dict[str, list[Any]] = {}
        aliases: dict[tuple[str, str, str], int] = {}
        for s in doc.spans("entities"):
            eid = s.attrs.get("entity_id")
            if not isinstance(eid, str) or not eid:
                continue
            text = doc.text[s.start:s.end]
            form = s.attrs.get("form") or ""
            aliases[(eid, text, form)] = aliases.get((eid, text, form), 0) + 1
            if s.label == "TITLE":
                continue  # a title's id is its holder; the holder's type comes from its names
            entry = per_entity.setdefault(eid, [s.label, "", 0])
            entry[2] += 1
            if form in ("NAM", "") and len(text) > len(entry[1]):
                entry[1] = text
        for (eid, _text, _form) in aliases:
            per_entity.setdefault(eid, ["PER", "", 0])
        for eid, (etype, name, n) in per_entity.items():
            name = name or max((t for (e, t, _f) in aliases if e == eid), key=len)
            self.conn.execute(
                "INSERT INTO entities (id, type, name, mentions, documents, first_published, last_published)"
                " VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " mentions = mentions + excluded.mentions, documents = documents + 1,"
                " name = CASE WHEN length(excluded.name) > length(name) THEN excluded.name ELSE name END,"
                " first_published = min(coalesce(first_published, excluded.first_published), coalesce(excluded.first_published, first_published)),"
                " last_published = max(coalesce(last_published, excluded.last_published), coalesce(excluded.last_published, last_published))",
                (eid, etype, name, n, published, published))
        self.conn.executemany(
            "INSERT INTO entity_aliases (entity_id, alias, form, mentions) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(entity_id, alias, form) DO UPDATE SET mentions = mentions + excluded.mentions",
            [(e, t, f, n) for (e, t, f), n in aliases.items()])

    def write_reject(self, source: str, member: str | None, reason: str, detail: str, run_id: int | None) -> None:
        self.conn.execute("INSERT INTO rejects (source, member, reason, detail, run_id, rejected_at) VALUES (?,?,?,?,?,?)",
                          (source, member, reason, detail, run_id, _now()))

    # ------------------------------------------------------------ reading
    def resolve_doc_id(self, ref: str) -> str:
        """A full id, a unique id prefix, or a source path / file name."""
        row = self.conn.execute("SELECT id FROM documents WHERE id = ?", (ref,)).fetchone()
        if row:
            return row[0]
        rows = self.conn.execute("SELECT id FROM documents WHERE id LIKE ? LIMIT 2", (ref + "%",)).fetchall()
        if len(rows) == 1:
            return rows[0][0]
        rows = self.conn.execute("SELECT id FROM documents WHERE source_path = ? OR source_path LIKE ? LIMIT 2",
                                 (ref, "%/" + ref)).fetchall()
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise StoreError(f"{ref!r} matches several documents; give more of the id")
        raise StoreError(f"no document {ref!r}")

    def get_document(self, ref: str) -> Document:
        doc_id = self.resolve_doc_id(ref)
        row = self.conn.execute("SELECT doc_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document.from_json(row[0])

    def iter_documents(self, where: str = "", params: tuple[Any, ...] = ()) -> Iterator[Document]:
        sql = "SELECT doc_json FROM documents " + (f"WHERE {where} " if where else "") + "ORDER BY rowid"
        for row in self.conn.execute(sql, params):
            yield Document.from_json(row[0])

    def document_rows(self, where: str = "", params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        sql = ("SELECT id, source_path, member, format, encoding, url, outlet, title, published, published_confidence,"
               " language, non_arabic, duplicate_of, n_chars, ingested_at FROM documents "
               + (f"WHERE {where} " if where else "") + "ORDER BY rowid")
        return self.conn.execute(sql, params).fetchall()

    def annotations(self, layer: str, where: str = "", params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        sql = ("SELECT a.*, d.published, d.outlet, d.title AS doc_title FROM annotations a JOIN documents d ON d.id = a.doc_id"
               " WHERE a.layer = ? " + (f"AND {where} " if where else "") + "ORDER BY d.published, a.doc_id, a.start")
        return self.conn.execute(sql, (layer, *params)).fetchall()

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT COUNT(*) FROM documents"),
            "non_arabic": one("SELECT COUNT(*) FROM documents WHERE non_arabic = 1"),
            "with_published_date": one("SELECT COUNT(*) FROM documents WHERE published IS NOT NULL"),
            "outlets": {r[0] or "(unknown)": r[1] for r in self.conn.execute(
                "SELECT outlet, COUNT(*) FROM documents GROUP BY outlet ORDER BY COUNT(*) DESC")},
            "annotations": {r[0]: r[1] for r in self.conn.execute(
                "SELECT layer, COUNT(*) FROM annotations GROUP BY layer ORDER BY layer")},
            "rejects": {r[0]: r[1] for r in self.conn.execute(
                "SELECT reason, COUNT(*) FROM rejects GROUP BY reason ORDER BY COUNT(*) DESC")},
            "entities": one("SELECT COUNT(*) FROM entities"),
            "runs": one("SELECT COUNT(*) FROM runs"),
            "date_range": list(self.conn.execute(
                "SELECT MIN(published), MAX(published) FROM documents WHERE published IS NOT NULL").fetchone()),
            "migrations": self.applied_migrations(),
        }


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements (no semicolons inside our statements' strings)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def open_store(path: str | Path, readonly: bool = False) -> Store:
    return Store(path, readonly=readonly)
