"""Readers: any input -> a stream of :data:`~rasid.ingest.items.IngestItem`.

``iter_items(paths, settings)`` walks files, directories (recursively, sorted, hidden
entries skipped), zip archives, gzip files, WARC/WARC.gz crawls, JSON arrays, JSONL,
CSV/TSV feeds, HTML pages, plain text and ``-`` (stdin). The format is chosen by
extension, then by magic bytes / the first characters. A bad file or record never
raises: it becomes a :class:`~rasid.ingest.items.Reject` and the batch goes on.

Where a document came from is in ``meta``:

``source_path``  the path given (or found in a directory walk); ``"-"`` for stdin
``member``       the archive member (``a.zip`` -> ``2015-07-21.json``; nested: ``inner.zip!x.txt``)
``record``       0-based index of the record inside a JSON/JSONL/CSV feed or a WARC
``format``       ``text``, ``html``, ``json``, ``jsonl``, ``csv``, ``tsv``, ``warc``
``encoding``     the encoding found (see :mod:`rasid.ingest.encoding`), ``newline`` = ``crlf`` when folded
``url``, ``title``, ``date``, ``outlet``, ``author``, ``source_id``: what the feed/page said
``content_sha256``  SHA-256 of the text (the store makes re-ingest idempotent with it)
``html_sha256``  SHA-256 of the original HTML bytes when the text was extracted from HTML
``language``, ``language_confidence``, ``language_method``, ``non_arabic``: see :mod:`rasid.ingest.language`

Size limits: a plain file above ``ingest.max_bytes`` is rejected from its size alone,
without reading it. Zip, gzip and WARC containers are streamed instead, and the limit
applies to each member/record.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from rasid.document import Document, content_hash
from rasid.ingest.encoding import DecodeError, decode_bytes, fold_newlines
from rasid.ingest.items import IngestItem, Reject
from rasid.ingest.language import tag_language

#: Archives inside archives are followed this deep.
MAX_DEPTH = 4

_DEFAULT_FIELDS: dict[str, list[str]] = {
    "text": ["content", "text", "body", "article", "maintext"],
    "title": ["title", "headline"],
    "date": ["date", "published", "date_publish", "pubdate", "date_extracted"],
    "outlet": ["source", "outlet", "site", "publisher"],
    "url": ["url", "link", "source_url"],
    "author": ["author", "byline"],
    "id": ["id", "guid", "doc_id"],
}

_EXT_FORMATS = {
    ".zip": "zip", ".gz": "gzip", ".tgz": "unsupported", ".warc": "warc", ".arc": "warc",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "text", ".text": "text", ".md": "text",
}
_UNSUPPORTED_EXTS = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".rtf", ".epub",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".ico",
    ".mp3", ".mp4", ".wav", ".ogg", ".avi", ".mkv", ".mov", ".exe", ".dll", ".so", ".bin", ".pyc",
    ".tar", ".7z", ".rar", ".bz2", ".xz", ".zst", ".parquet", ".sqlite", ".db", ".pickle", ".pkl",
}
_MAGIC = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"\x1f\x8b", "gzip"), (b"WARC/", "warc"),
    (b"%PDF", "unsupported:PDF"), (b"\x89PNG", "unsupported:PNG image"), (b"\xff\xd8\xff", "unsupported:JPEG image"),
    (b"GIF8", "unsupported:GIF image"), (b"\x7fELF", "unsupported:executable"), (b"7z\xbc\xaf", "unsupported:7z archive"),
    (b"Rar!", "unsupported:RAR archive"), (b"BZh", "unsupported:bzip2"), (b"\xfd7zXZ", "unsupported:xz"),
    (b"SQLite format 3", "unsupported:SQLite database"), (b"\xd0\xcf\x11\xe0", "unsupported:MS Office document"),
)
_HTML_START_RE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b",
                            re.IGNORECASE | re.DOTALL)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_IN_TEXT_RE = re.compile(r"</?(?:p|div|br|span|a|h[1-6]|strong|em|li|img|figure)\b[^>]*>", re.IGNORECASE)


# --------------------------------------------------------------------------- context
@dataclass
class _Ctx:
    settings: Any
    max_bytes: int
    min_chars: int
    fields: dict[str, list[str]]


def _context(settings: Any) -> _Ctx:
    if settings is None:
        from rasid.config import load_settings
        settings = load_settings()
    fields = dict(_DEFAULT_FIELDS)
    configured = settings.get("ingest.fields", None) or {}
    for key, value in configured.items():
        fields[key] = [value] if isinstance(value, str) else list(value)
    return _Ctx(settings=settings, max_bytes=int(settings.get("ingest.max_bytes", 52428800)),
                min_chars=int(settings.get("ingest.min_chars", 20)), fields=fields)


@dataclass
class _Loc:
    """Where the bytes being read come from."""

    source_path: str
    member: str | None = None
    record: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def source(self) -> str:
        out = self.source_path
        if self.member is not None:
            out += f"!{self.member}"
        if self.record is not None:
            out += f"#{self.record}"
        return out

    def meta(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source_path": self.source_path}
        if self.member is not None:
            out["member"] = self.member
        if self.record is not None:
            out["record"] = self.record
        out.update({k: v for k, v in self.extra.items() if v is not None})
        return out

    def child(self, member: str) -> "_Loc":
        name = member if self.member is None else f"{self.member}!{member}"
        return _Loc(self.source_path, name, None, dict(self.extra))

    def at(self, record: int, **extra: Any) -> "_Loc":
        merged = dict(self.extra)
        merged.update({k: v for k, v in extra.items() if v is not None})
        return _Loc(self.source_path, self.member, record, merged)


def _reject(loc: _Loc, reason: str, detail: str = "", fmt: str | None = None) -> Reject:
    meta = loc.meta()
    if fmt:
        meta["format"] = fmt
    return Reject(loc.source(), reason, detail, meta)


# --------------------------------------------------------------------------- documents
def _non_space_len(text: str) -> int:
    return len(text) - sum(text.count(ch) for ch in (" ", "\n", "\t", "\r", "\u00a0", "\u200f", "\u200e", "\f", "\v"))


def _make_doc(text: str, meta: dict[str, Any], loc: _Loc, ctx: _Ctx) -> IngestItem:
    """Finish a document: newline folding, the empty check, content hash, language."""
    if "\r\n" in text:
        text, newline = fold_newlines(text)
        meta.setdefault("newline", newline)
    if _non_space_len(text) < ctx.min_chars:
        return _reject(loc, "empty", f"{_non_space_len(text)} non-space characters (< ingest.min_chars={ctx.min_chars})",
                       meta.get("format"))
    full = loc.meta()
    full.update({k: v for k, v in meta.items() if v is not None and v != ""})
    full["content_sha256"] = sha = content_hash(text)
    doc = Document(text=text, meta=full, id=sha[:16])
    tag_language(doc, ctx.settings)
    return doc


def document_from_text(text: str, settings: Any = None, **meta: Any) -> IngestItem:
    """A Document (or an ``empty`` Reject) from text already in hand (web form, API)."""
    ctx = _context(settings)
    loc = _Loc(str(meta.pop("source_path", "<text>")), meta.pop("member", None), meta.pop("record", None))
    meta.setdefault("format", "text")
    return _make_doc(text, meta, loc, ctx)


def source_of(item: IngestItem) -> str:
    """``path``, ``path!member`` or ``path!member#record``: where a Document or Reject came from."""
    if isinstance(item, Reject):
        return item.source
    meta = item.meta
    return _Loc(str(meta.get("source_path", "")), meta.get("member"), meta.get("record")).source()


# --------------------------------------------------------------------------- sniffing
def _ext_format(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith((".warc.gz", ".arc.gz", ".warc.gzip")):
        return "warc"
    suffix = os.path.splitext(lower)[1]
    if suffix in _UNSUPPORTED_EXTS:
        return f"unsupported:{suffix} file"
    return _EXT_FORMATS.get(suffix)


def _magic_format(head: bytes) -> str | None:
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    return None


def _container_format(name: str, head: bytes) -> str | None:
    """zip / gzip / warc / unsupported:* from extension and magic, or None for text-like data."""
    by_magic = _magic_format(head)
    by_ext = _ext_format(name)
    if by_ext == "warc":
        return "warc"
    if by_magic == "gzip":
        # a gzip'd WARC not named .warc.gz: peek is done by the gzip reader
        return "gzip"
    if by_magic in ("zip", "warc"):
        if by_magic == "zip" and by_ext and by_ext.startswith("unsupported"):
            return by_ext  # .docx, .epub... are zips
        return by_magic
    if by_magic:
        return by_magic
    if by_ext in ("zip", "gzip"):
        return by_ext  # named like an archive, without the magic: the archive reader will say why
    if by_ext and by_ext.startswith("unsupported"):
        return by_ext
    return None


def _text_format(name: str, text: str) -> str:
    by_ext = _ext_format(name)
    if by_ext in ("json", "jsonl", "csv", "tsv", "html"):
        return by_ext
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if _HTML_START_RE.match(head):
        return "html"
    if by_ext == "text":
        return "text"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl" if re.search(r"\}\s*\n\s*\{", text[:200000]) else "json"
    return "text"


# --------------------------------------------------------------------------- dispatch
def _dispatch(data: bytes, name: str, loc: _Loc, ctx: _Ctx, depth: int) -> Iterator[IngestItem]:
    """Read one blob (a file's or a member's bytes) of any format."""
    if not data:
        yield _reject(loc, "empty", "0 bytes")
        return
    if len(data) > ctx.max_bytes:
        yield _reject(loc, "oversize", f"{len(data)} bytes > ingest.max_bytes={ctx.max_bytes}")
        return
    kind = _container_format(name, data[:64])
    if kind is not None:
        if kind.startswith("unsupported"):
            yield _reject(loc, "unsupported", kind.partition(":")[2] or "format not read")
            return
        if depth >= MAX_DEPTH:
            yield _reject(loc, "too_deep", f"archive nested more than {MAX_DEPTH} levels")
            return
        if kind == "zip":
            yield from _read_zip(io.BytesIO(data), loc, ctx, depth)
        elif kind == "gzip":
            yield from _read_gzip(io.BytesIO(data), name, loc, ctx, depth)
        elif kind == "warc":
            yield from _read_warc(io.BytesIO(data), loc, ctx, depth)
        return
    if _ext_format(name) == "html" or (not _ext_format(name) and _looks_like_html_bytes(data)):
        yield from _read_html(data, loc, ctx)
        return
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        yield _reject(loc, exc.reason, exc.detail)
        return
    fmt = _text_format(name, decoded.text)
    if fmt in ("json", "jsonl") and _ext_format(name) not in ("json", "jsonl") and not _json_start_ok(decoded.text):
        fmt = "text"  # "[عاجل] ..." or "{...}" prose: plain text after all
    base = decoded.meta()
    if fmt == "html":
        yield from _read_html(data, loc, ctx, decoded_text=decoded.text, decoded_meta=base)
    elif fmt in ("json", "jsonl"):
        yield from _read_json_text(decoded.text, fmt, loc, ctx, base)
    elif fmt in ("csv", "tsv"):
        yield from _read_csv_text(decoded.text, fmt, loc, ctx, base)
    else:
        meta = dict(base)
        meta["format"] = "text"
        yield _make_doc(decoded.text, meta, loc, ctx)


def _json_start_ok(text: str) -> bool:
    """Cheap check that sniffed JSON really is JSON: the first object parses (not the whole array)."""
    decoder = json.JSONDecoder()
    pos = _WS.match(text, 0).end()
    if text.startswith("[", pos):
        pos = _WS.match(text, pos + 1).end()
        if text.startswith("]", pos):
            return True
    if not text.startswith("{", pos):
        return False
    try:
        decoder.raw_decode(text, pos)
    except json.JSONDecodeError:
        return False
    return True


def _looks_like_html_bytes(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


# --------------------------------------------------------------------------- html
def _read_html(data: bytes, loc: _Loc, ctx: _Ctx, url: str | None = None, declared: str | None = None,
               decoded_text: str | None = None, decoded_meta: dict[str, Any] | None = None,
               fmt: str = "html") -> Iterator[IngestItem]:
    meta: dict[str, Any] = {"format": fmt}
    if decoded_text is None:
        if declared is None:
            found = _META_CHARSET_RE.search(data[:4096])
            declared = found.group(1).decode("ascii", "ignore") if found else None
        try:
            decoded = decode_bytes(data, declared=declared)
        except DecodeError as exc:
            yield _reject(loc, exc.reason, exc.detail, fmt)
            return
        decoded_text, decoded_meta = decoded.text, decoded.meta()
    meta.update(decoded_meta or {})
    meta["html_sha256"] = hashlib.sha256(data).hexdigest()
    if url:
        meta["url"] = url
    yield _html_text_to_item(decoded_text, meta, loc, ctx, url)


def _date_params() -> dict[str, Any] | None:
    """Page dates from markup only (meta tags, JSON-LD, <time>, URL): htmldate's "extensive search"
    guesses from free text and loads dateparser's 200 locales (seconds of start-up); rasid's own
    date stage reads the text."""
    try:
        from trafilatura.settings import set_date_params
    except ImportError:  # pragma: no cover
        return None
    return set_date_params(False)


def _html_text_to_item(html: str, meta: dict[str, Any], loc: _Loc, ctx: _Ctx, url: str | None) -> IngestItem:
    try:
        import trafilatura
        from trafilatura.utils import load_html
    except ImportError as exc:  # pragma: no cover
        return _reject(loc, "unsupported", f"trafilatura is not installed: {exc}", meta.get("format"))
    try:
        tree = load_html(html)
    except Exception as exc:
        return _reject(loc, "malformed_html", f"parser failed: {exc}", meta.get("format"))
    if tree is None:
        return _reject(loc, "malformed_html", "no HTML tree could be built", meta.get("format"))
    text = ""
    extracted: Any = None
    try:
        extracted = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                                include_tables=True, date_extraction_params=_date_params())
    except Exception as exc:  # trafilatura failures are the page's problem, not the batch's
        meta["extract_error"] = f"{type(exc).__name__}: {exc}"[:200]
    if extracted is not None:
        get = (lambda k: getattr(extracted, k, None)) if not isinstance(extracted, dict) else extracted.get
        text = get("text") or ""
        for key in ("title", "author", "date", "sitename", "description", "hostname"):
            value = get(key)
            if value and key not in meta:
                meta[key] = value
        if get("url") and "url" not in meta:
            meta["url"] = get("url")
        if meta.get("sitename") and "outlet" not in meta:
            meta["outlet"] = meta["sitename"]
        meta["extractor"] = "trafilatura"
    if not text.strip():
        try:
            text = trafilatura.html2txt(load_html(html)) or ""
            meta["extractor"] = "html2txt"
        except Exception as exc:
            return _reject(loc, "malformed_html", f"no main text and text dump failed: {exc}", meta.get("format"))
    if len(_HTML_IN_TEXT_RE.findall(text[:20000])) >= 3:
        # e.g. an unclosed <title> or <textarea> swallowed the page: the "text" is markup
        return _reject(loc, "malformed_html", "the extracted text is still HTML markup (an unclosed element?)",
                       meta.get("format"))
    return _make_doc(text, meta, loc, ctx)


# --------------------------------------------------------------------------- feeds
def _pick(record: dict[str, Any], candidates: list[str]) -> Any:
    for key in candidates:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            if value.strip():
                return value
            continue
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            return "\n".join(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    return None


def _record_to_item(record: Any, fmt: str, loc: _Loc, ctx: _Ctx, base: dict[str, Any]) -> IngestItem:
    if not isinstance(record, dict):
        return _reject(loc, "bad_record", f"a {type(record).__name__}, not an object", fmt)
    text = _pick(record, ctx.fields.get("text", []))
    if text is None:
        present = [k for k in ctx.fields.get("text", []) if k in record]
        if present:
            return _reject(loc, "empty", f"text field {present[0]!r} is empty", fmt)
        keys = ", ".join(list(record)[:12])
        return _reject(loc, "bad_record", f"no text field among {ctx.fields.get('text')} (keys: {keys})", fmt)
    meta = dict(base)
    meta["format"] = fmt
    for name in ("title", "date", "outlet", "url", "author"):
        value = _pick(record, ctx.fields.get(name, []))
        if value is not None:
            meta[name] = value
    feed_id = _pick(record, ctx.fields.get("id", []))
    if feed_id is not None:
        meta["source_id"] = feed_id
    if len(_HTML_IN_TEXT_RE.findall(text[:20000])) >= 3:
        meta["text_was_html"] = True
        meta["html_sha256"] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return _html_text_to_item(text, meta, loc, ctx, meta.get("url"))
    return _make_doc(text, meta, loc, ctx)


_WS = re.compile(r"[ \t\r\n\ufeff]*")


def _read_json_text(text: str, fmt: str, loc: _Loc, ctx: _Ctx, base: dict[str, Any]) -> Iterator[IngestItem]:
    """JSON array (streamed element by element), a single object, an object holding a list, or JSONL."""
    decoder = json.JSONDecoder()
    base = {k: v for k, v in base.items() if k != "newline"}  # JSON strings escape their own line breaks
    pos = _WS.match(text, 0).end()
    if pos >= len(text):
        yield _reject(loc, "empty", "no JSON value", fmt)
        return
    if fmt == "json" and text[pos] == "[":
        yield from _json_array(text, pos, decoder, loc, ctx, base, "json")
        return
    if fmt == "json":
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield _reject(loc, "malformed_json", f"{exc.msg} at line {exc.lineno} column {exc.colno}", fmt)
            return
        if _WS.match(text, end).end() < len(text):
            # several top-level values: it is really JSON lines
            yield from _json_lines(text, decoder, loc, ctx, base)
            return
        if isinstance(value, dict) and _pick(value, ctx.fields.get("text", [])) is None:
            for key, inner in value.items():
                if isinstance(inner, list) and inner and all(isinstance(x, dict) for x in inner[:5]):
                    for i, rec in enumerate(inner):
                        yield _guard(lambda: _record_to_item(rec, "json", loc.at(i), ctx, base), loc.at(i), "json")
                    return
        yield _guard(lambda: _record_to_item(value, "json", loc.at(0), ctx, base), loc.at(0), "json")
        return
    yield from _json_lines(text, decoder, loc, ctx, base)


def _json_array(text: str, pos: int, decoder: json.JSONDecoder, loc: _Loc, ctx: _Ctx, base: dict[str, Any],
                fmt: str) -> Iterator[IngestItem]:
    pos += 1  # past "["
    index = 0
    n = len(text)
    while True:
        pos = _WS.match(text, pos).end()
        if pos >= n:
            yield _reject(loc.at(index), "malformed_json", f"array cut after {index} records (no closing ']')", fmt)
            return
        if text[pos] == "]":
            return
        if index and text[pos] == ",":
            pos = _WS.match(text, pos + 1).end()
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield _reject(loc.at(index), "malformed_json",
                          f"{exc.msg} at line {exc.lineno} column {exc.colno}; {index} records read before", fmt)
            return
        here = loc.at(index)
        yield _guard(lambda: _record_to_item(value, fmt, here, ctx, base), here, fmt)
        index += 1
        pos = _WS.match(text, pos).end()
        if pos < n and text[pos] not in ",]":
            yield _reject(loc.at(index), "malformed_json", f"expected ',' or ']' at character {pos}", fmt)
            return


def _json_lines(text: str, decoder: json.JSONDecoder, loc: _Loc, ctx: _Ctx, base: dict[str, Any]) -> Iterator[IngestItem]:
    index = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        here = loc.at(index, line=lineno)
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _reject(here, "bad_record", f"line {lineno}: {exc.msg} at column {exc.colno}", "jsonl")
        else:
            yield _guard(lambda: _record_to_item(value, "jsonl", here, ctx, base), here, "jsonl")
        index += 1


def _read_csv_text(text: str, fmt: str, loc: _Loc, ctx: _Ctx, base: dict[str, Any]) -> Iterator[IngestItem]:
    first_line = text.split("\n", 1)[0]
    if fmt == "tsv":
        delimiter = "\t"
    else:
        delimiter = max(",;\t|", key=first_line.count) if first_line else ","
    csv.field_size_limit(max(ctx.max_bytes, 1 << 20))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    index = 0
    try:
        for row in reader:
            here = loc.at(index, line=reader.line_num)
            if None in row:  # more cells than header columns
                row.pop(None, None)
            yield _guard(lambda: _record_to_item(row, fmt, here, ctx, base), here, fmt)
            index += 1
    except csv.Error as exc:
        yield _reject(loc.at(index), "malformed_csv", f"line {reader.line_num}: {exc}", fmt)
        return
    if index == 0:
        yield _reject(loc, "empty", f"no data rows (header: {', '.join(reader.fieldnames or [])[:200]})", fmt)


def _guard(make: Any, loc: _Loc, fmt: str) -> IngestItem:
    """Run one record's conversion; an unexpected exception becomes a Reject, not a crash."""
    try:
        return make()
    except Exception as exc:  # pragma: no cover - defensive
        return _reject(loc, "bad_record", f"{type(exc).__name__}: {exc}", fmt)


# --------------------------------------------------------------------------- archives
def _read_zip(stream: IO[bytes] | str, loc: _Loc, ctx: _Ctx, depth: int) -> Iterator[IngestItem]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        yield _reject(loc, "truncated_archive", f"zip: {exc}", "zip")
        return
    with archive:
        try:
            infos = archive.infolist()
        except Exception as exc:  # pragma: no cover
            yield _reject(loc, "truncated_archive", f"zip directory: {exc}", "zip")
            return
        for info in infos:
            name = info.filename
            if info.is_dir() or name.startswith("__MACOSX/") or os.path.basename(name).startswith("."):
                continue
            here = loc.child(name)
            if info.flag_bits & 0x1:
                yield _reject(here, "unsupported", "encrypted zip member")
                continue
            if info.file_size > ctx.max_bytes:
                yield _reject(here, "oversize", f"{info.file_size} bytes > ingest.max_bytes={ctx.max_bytes}")
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(ctx.max_bytes + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
                reason = "unsupported" if isinstance(exc, NotImplementedError) else "truncated_archive"
                yield _reject(here, reason, f"zip member: {exc}")
                continue
            yield from _dispatch(data, name, here, ctx, depth + 1)
            del data


def _read_gzip(stream: IO[bytes], name: str, loc: _Loc, ctx: _Ctx, depth: int) -> Iterator[IngestItem]:
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    try:
        with gzip.GzipFile(fileobj=stream) as gz:
            head = gz.read(64)
            if head.startswith(b"WARC/"):
                stream.seek(0)
                yield from _read_warc(stream, loc, ctx, depth)
                return
            data = head + gz.read(ctx.max_bytes + 1 - len(head))
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as exc:
        yield _reject(loc, "truncated_archive", f"gzip: {exc}", "gzip")
        return
    if len(data) > ctx.max_bytes:
        yield _reject(loc, "oversize", f"decompressed size > ingest.max_bytes={ctx.max_bytes}", "gzip")
        return
    yield from _dispatch(data, inner_name, loc, ctx, depth + 1)


def _read_warc(stream: IO[bytes], loc: _Loc, ctx: _Ctx, depth: int, skip: int = 0) -> Iterator[IngestItem]:
    """WARC/ARC, plain or gzip'd (per record, or the whole file as one gzip stream). ``skip`` records are passed over."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:  # pragma: no cover
        yield _reject(loc, "unsupported", f"warcio is not installed: {exc}", "warc")
        return
    index = 0
    seen_any = False
    gzip_state: dict[str, bool] = {}
    try:
        archive = ArchiveIterator(stream, arc2warc=True)
        _watch_gzip_end(archive, gzip_state)
        iterator = iter(archive)
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                break
            seen_any = True
            here = loc.at(index)
            index += 1
            if index <= skip:
                continue
            rec_type = record.rec_type
            if not rec_type:
                yield _reject(here, "malformed_warc", "a record without WARC headers; reading stopped", "warc")
                return
            if rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            here.extra["url"] = url
            content_type = ""
            if rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    yield _reject(here, "http_error", f"HTTP {status} for {url}", "warc")
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
            elif rec_type == "response":
                # a response without HTTP headers (dns:, whois:...)
                continue
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
            payload = record.content_stream().read(ctx.max_bytes + 1)
            if len(payload) > ctx.max_bytes:
                yield _reject(here, "oversize", f"record payload > ingest.max_bytes={ctx.max_bytes}", "warc")
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if isinstance(missing, int) and missing > 0:
                # the record announces more bytes than the file holds: a cut crawl
                yield _reject(here, "malformed_warc", f"record cut short: {missing} of {record.length} bytes missing "
                              f"for {url}", "warc")
                return
            mime, _, params = content_type.partition(";")
            mime = mime.strip().lower()
            charset_match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.IGNORECASE)
            declared = charset_match.group(1) if charset_match else None
            if mime in ("text/html", "application/xhtml+xml") or (not mime and _looks_like_html_bytes(payload)):
                if not payload:
                    yield _reject(here, "empty", f"empty HTML payload for {url}", "warc")
                    continue
                if not declared:
                    found = _META_CHARSET_RE.search(payload[:4096])
                    declared = found.group(1).decode("ascii", "ignore") if found else None
                for item in _read_html(payload, here, ctx, url=url, declared=declared):
                    if isinstance(item, Document):
                        item.meta["container"] = "warc"
                    yield item
            elif mime == "text/plain":
                try:
                    decoded = decode_bytes(payload, declared=declared)
                except DecodeError as exc:
                    yield _reject(here, exc.reason, exc.detail, "warc")
                    continue
                meta = decoded.meta()
                meta.update({"format": "text", "container": "warc", "url": url})
                yield _make_doc(decoded.text, meta, here, ctx)
            else:
                yield _reject(here, "unsupported", f"{mime or 'no content type'} record for {url}", "warc")
    except Exception as exc:  # warcio raises many kinds of errors on broken input
        if "non-chunked gzip" in str(exc) and not skip and getattr(stream, "seekable", lambda: False)():
            # `gzip crawl.warc`: one gzip stream for all records; read it decompressed, after those already given
            stream.seek(0)
            yield from _read_warc(gzip.GzipFile(fileobj=stream), loc, ctx, depth, skip=index)
            return
        detail = f"{type(exc).__name__}: {exc}"[:300]
        yield _reject(loc.at(index), "malformed_warc", f"{detail}; {index} records read before", "warc")
        return
    if not seen_any or index <= skip:
        if skip:
            yield _reject(loc.at(skip), "malformed_warc", f"whole-file gzip stream is cut; {skip} records read before",
                          "warc")
        else:
            yield _reject(loc, "malformed_warc", "no WARC record found", "warc")
    elif gzip_state.get("eof") is False:
        yield _reject(loc.at(index), "malformed_warc",
                      f"gzip stream cut inside a record; {index} records read before", "warc")


def _watch_gzip_end(archive: Any, state: dict[str, bool]) -> None:
    """Note whether the last gzip member of a WARC.gz was complete (warcio ends silently on a cut one)."""
    reader = getattr(archive, "reader", None)
    original = getattr(reader, "close_decompressor", None)
    if reader is None or original is None:
        return

    def close_decompressor() -> None:
        decompressor = getattr(reader, "decompressor", None)
        if decompressor is not None and hasattr(decompressor, "eof"):
            state["eof"] = bool(decompressor.eof)
        original()

    try:
        reader.close_decompressor = close_decompressor
    except AttributeError:  # pragma: no cover - a future warcio with slots
        pass


# --------------------------------------------------------------------------- paths
def _read_file(path: Path, shown: str, ctx: _Ctx) -> Iterator[IngestItem]:
    loc = _Loc(shown)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _reject(loc, "missing", str(exc))
        return
    if size == 0:
        yield _reject(loc, "empty", "0 bytes")
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
            kind = _container_format(path.name, head)
            if kind == "zip":
                yield from _read_zip(handle, loc, ctx, 0)
                return
            if kind == "warc":
                handle.seek(0)
                yield from _read_warc(handle, loc, ctx, 0)
                return
            if kind == "gzip":
                handle.seek(0)
                yield from _read_gzip(handle, path.name, loc, ctx, 0)
                return
            if kind and kind.startswith("unsupported"):
                yield _reject(loc, "unsupported", kind.partition(":")[2])
                return
            if size > ctx.max_bytes:
                yield _reject(loc, "oversize", f"{size} bytes > ingest.max_bytes={ctx.max_bytes}")
                return
            data = head + handle.read(ctx.max_bytes + 1 - len(head))
    except OSError as exc:
        yield _reject(loc, "missing", f"cannot read: {exc}")
        return
    yield from _dispatch(data, path.name, loc, ctx, 0)


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, depth first, sorted by name, hidden entries skipped, symlinked dirs not followed."""
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _read_stdin(ctx: _Ctx, stream: IO[bytes] | None = None) -> Iterator[IngestItem]:
    source = stream if stream is not None else sys.stdin.buffer
    loc = _Loc("-")
    try:
        data = source.read(ctx.max_bytes + 1)
    except OSError as exc:
        yield _reject(loc, "missing", f"cannot read stdin: {exc}")
        return
    yield from _dispatch(data, "-", loc, ctx, 0)


def read_path(path: str | os.PathLike[str], settings: Any = None) -> Iterator[IngestItem]:
    """Items of one path: a file, a directory (recursive) or ``-`` (stdin)."""
    ctx = settings if isinstance(settings, _Ctx) else _context(settings)
    shown = os.fspath(path)
    if shown == "-":
        yield from _safe(_read_stdin(ctx), _Loc("-"))
        return
    p = Path(shown)
    if p.is_dir():
        for file in _walk(p):
            yield from _safe(_read_file(file, str(file), ctx), _Loc(str(file)))
    elif p.exists():
        yield from _safe(_read_file(p, shown, ctx), _Loc(shown))
    else:
        yield _reject(_Loc(shown), "missing", "no such file or directory")


def read_bytes(data: bytes, name: str = "<bytes>", settings: Any = None, source_path: str | None = None) -> Iterator[IngestItem]:
    """Items from bytes in hand (an upload, a download); ``name`` gives the extension used for dispatch."""
    ctx = _context(settings)
    loc = _Loc(source_path or name)
    yield from _safe(_dispatch(data, name, loc, ctx, 0), loc)


def iter_items(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], settings: Any = None) -> Iterator[IngestItem]:
    """Stream Documents and Rejects from files, directories, archives, feeds and ``-`` (stdin)."""
    ctx = _context(settings)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in paths:
        yield from read_path(path, ctx)


def _safe(items: Iterator[IngestItem], loc: _Loc) -> Iterator[IngestItem]:
    """Last line of defence: a reader bug ends that input with a Reject instead of the whole batch."""
    try:
        yield from items
    except Exception as exc:  # pragma: no cover - defensive
        yield _reject(loc, "bad_record", f"reader error {type(exc).__name__}: {exc}"[:300])
