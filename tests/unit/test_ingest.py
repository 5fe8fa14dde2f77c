"""Ingest: encodings, formats, archives, crawls, rejects and language flags."""
from __future__ import annotations

import gzip
import io
import json
import socket
import time
import zipfile
from pathlib import Path

import pytest

from rasid.config import load_settings
from rasid.document import Document, content_hash
from rasid.ingest import (REJECT_REASONS, DecodeError, Reject, decode_bytes, document_from_text, identify,
                          iter_items, read_bytes, read_path, source_of)
from rasid.ingest import readers

DATA = Path(__file__).parents[1] / "data" / "ingest"
SHARED = Path(__file__).parents[2] / ".." / "shared"
AR = ("قال وزير الخارجية السعودي اليوم الأحد إن المملكة ستواصل دعم الجهود الدولية لإحلال السلام في المنطقة.\n"
      "وأضاف الوزير في مؤتمر صحفي بالرياض أن الحوار هو السبيل الوحيد لحل الأزمات.\n")


@pytest.fixture(scope="module")
def settings():
    return load_settings()


def items(path, settings):
    return list(iter_items([path], settings))


def one(path, settings):
    got = items(path, settings)
    assert len(got) == 1, got
    return got[0]


# ------------------------------------------------------------------ encodings
@pytest.mark.parametrize("name, encoding, bom", [
    ("cp1256.txt", "cp1256", False),
    ("utf8_bom.txt", "utf-8", True),
    ("utf16le_bom.txt", "utf-16-le", True),
    ("utf16be_bom.txt", "utf-16-be", True),
    ("utf16le_nobom.txt", "utf-16-le", False),
    ("utf16be_nobom.dat", "utf-16-be", False),
])
def test_encodings_decode_to_the_same_arabic_text(name, encoding, bom, settings):
    doc = one(DATA / name, settings)
    assert isinstance(doc, Document)
    assert doc.text == AR  # verbatim, BOM not part of the text
    assert doc.meta["encoding"] == encoding
    assert doc.meta.get("bom", False) is bom
    assert doc.meta["language"] == "ar" and "non_arabic" not in doc.meta
    assert doc.meta["content_sha256"] == content_hash(AR)
    assert doc.id == content_hash(AR)[:16]


def test_crlf_is_folded_and_recorded(settings):
    doc = one(DATA / "crlf.txt", settings)
    assert "\r" not in doc.text and doc.text == AR
    assert doc.meta["newline"] == "crlf"


def test_decode_bytes_rules():
    assert decode_bytes("نص عربي".encode("cp1256")).encoding == "cp1256"
    assert decode_bytes("plain ascii".encode()).encoding == "utf-8"
    # Cyrillic cp1251 read as cp1256 would be "Arabic" letters, but not Arabic words
    russian = ("Министр иностранных дел заявил в воскресенье, что королевство продолжит поддерживать "
               "международные усилия по установлению мира в регионе. ") * 3
    assert decode_bytes(russian.encode("cp1251")).encoding != "cp1256"
    # a UTF-8 file cut inside a character is still UTF-8
    cut = (AR + "عربي").encode("utf-8")[:-1]
    decoded = decode_bytes(cut)
    assert decoded.encoding == "utf-8" and decoded.decode_errors == 1
    with pytest.raises(DecodeError) as err:
        decode_bytes(b"\x00\x01\x02\x03" * 100)
    assert err.value.reason == "binary"
    with pytest.raises(DecodeError) as err:
        decode_bytes(b"")
    assert err.value.reason == "empty"


def test_binary_and_empty_files_are_rejected(settings):
    binary = one(DATA / "binary.txt", settings)
    assert isinstance(binary, Reject) and binary.reason == "binary"
    empty = one(DATA / "empty.txt", settings)
    assert isinstance(empty, Reject) and empty.reason == "empty"
    short = document_from_text("   قصير  \n", settings)
    assert isinstance(short, Reject) and short.reason == "empty"
    for item in (binary, empty, short):
        assert item.reason in REJECT_REASONS


def test_oversize_file_is_rejected_without_reading(tmp_path, settings):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: 50 MB + 1 without writing them
        handle.seek(settings["ingest"]["max_bytes"])
        handle.write(b"x")
    import tracemalloc
    tracemalloc.start()
    start = time.perf_counter()
    got = one(big, settings)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(got, Reject) and got.reason == "oversize"
    assert time.perf_counter() - start < 2
    assert peak < 5_000_000  # the 50 MB were never read


# ------------------------------------------------------------------ html
def test_html_page_main_text_and_metadata(settings):
    raw = (DATA / "page.html").read_bytes()
    doc = one(DATA / "page.html", settings)
    assert isinstance(doc, Document)
    assert doc.meta["format"] == "html" and doc.meta["encoding"] == "cp1256"  # from <meta charset>
    assert doc.meta["title"] == "الوزير يدعو إلى الحوار"
    assert doc.meta["date"] == "2024-03-05"
    assert doc.meta["outlet"] == "Example News"
    assert doc.meta["html_sha256"] and doc.meta["html_sha256"] != doc.meta["content_sha256"]
    import hashlib
    assert doc.meta["html_sha256"] == hashlib.sha256(raw).hexdigest()
    assert "وأضاف الوزير في مؤتمر صحفي" in doc.text
    assert "جميع الحقوق محفوظة" not in doc.text and "<" not in doc.text


def test_malformed_html_extracts_or_rejects_cleanly(settings):
    doc = one(DATA / "malformed.html", settings)
    assert isinstance(doc, Document) and "قال وزير الخارجية" in doc.text and "<p>" not in doc.text
    broken = one(DATA / "broken_title.html", settings)
    assert isinstance(broken, Reject) and broken.reason == "malformed_html"


# ------------------------------------------------------------------ feeds
def test_jsonl_with_field_mapping(settings):
    got = items(DATA / "feed.jsonl", settings)
    assert [type(x).__name__ for x in got] == ["Document", "Reject", "Reject", "Document"]
    first = got[0]
    assert first.text == AR
    assert first.meta["title"] == "عنوان أول" and first.meta["outlet"] == "outlet-a"
    assert first.meta["url"] == "http://a.example/1" and first.meta["date"] == "2024-01-02"
    assert first.meta["format"] == "jsonl" and first.meta["record"] == 0
    assert got[1].reason == "bad_record" and got[1].source.endswith("feed.jsonl#1")
    assert got[2].reason == "bad_record" and "line 3" in got[2].detail
    assert got[3].meta["non_arabic"] is True and got[3].meta["language"] == "en"


def test_field_mapping_is_configurable(tmp_path, settings):
    feed = tmp_path / "custom.jsonl"
    feed.write_text(json.dumps({"matn": AR, "unwan": "عنوان"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert one(feed, settings).reason == "bad_record"
    custom = settings.with_values({"ingest.fields.text": ["matn"], "ingest.fields.title": ["unwan"]})
    doc = one(feed, custom)
    assert doc.text == AR and doc.meta["title"] == "عنوان"


def test_csv_feed(settings):
    got = items(DATA / "feed.csv", settings)
    assert isinstance(got[0], Document) and got[0].text == AR
    assert got[0].meta["source_id"] == "1" and got[0].meta["outlet"] == "outlet-c"
    assert got[0].meta["format"] == "csv" and got[0].meta["date"] == "2024-02-03"
    assert isinstance(got[1], Reject) and got[1].reason == "empty"


def test_json_array_streams_and_survives_truncation(tmp_path, settings):
    records = [{"title": f"t{i}", "content": AR + str(i)} for i in range(5)]
    text = json.dumps(records, ensure_ascii=False)
    whole = tmp_path / "feed.json"
    whole.write_text(text, encoding="utf-8")
    assert [d.meta["title"] for d in items(whole, settings)] == [f"t{i}" for i in range(5)]
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"t3"') + 20], encoding="utf-8")
    got = items(cut, settings)
    assert [type(x).__name__ for x in got] == ["Document"] * 3 + ["Reject"]
    assert got[-1].reason == "malformed_json"


def test_saudinewsnet_zip_loads_directly_and_fast(settings):
    folder = SHARED / "data" / "saudinewsnet"
    zips = sorted(folder.glob("*.zip")) if folder.is_dir() else []
    if not zips:
        pytest.skip("../shared/data/saudinewsnet is absent")
    smallest = min(zips, key=lambda p: p.stat().st_size)
    start = time.perf_counter()
    got = items(smallest, settings)
    elapsed = time.perf_counter() - start
    docs = [x for x in got if isinstance(x, Document)]
    assert len(docs) > 500
    assert all(x.reason in ("empty", "bad_record") for x in got if isinstance(x, Reject))
    doc = docs[0]
    assert doc.meta["member"].endswith(".json") and doc.meta["record"] == 0
    for key in ("title", "url", "outlet", "date"):
        assert doc.meta.get(key), key
    assert sum(d.meta["language"] == "ar" for d in docs) / len(docs) > 0.98
    assert len(docs) / elapsed > 500, f"{len(docs) / elapsed:.0f} articles/s"


# ------------------------------------------------------------------ archives and crawls
def _warc_bytes(records, gz=True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "rasid-test"}))
    for url, status, ctype, body in records:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    return buf.getvalue()


def test_valid_warc_with_html_response(tmp_path, settings):
    html = ("<html><head><title>خبر اليوم</title></head><body><article><p>" + AR.replace("\n", "</p><p>")
            + "</p></article></body></html>").encode("utf-8")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc_bytes([
        ("http://news.example/a", "200 OK", "text/html; charset=utf-8", html),
        ("http://news.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
        ("http://news.example/gone", "404 Not Found", "text/html", b"<html>not found</html>"),
    ]))
    got = items(path, settings)
    docs = [x for x in got if isinstance(x, Document)]
    rejects = [x for x in got if isinstance(x, Reject)]
    assert len(docs) == 1
    assert docs[0].meta["url"] == "http://news.example/a" and docs[0].meta["format"] == "html"
    assert "قال وزير الخارجية" in docs[0].text
    assert sorted(r.reason for r in rejects) == ["http_error", "unsupported"]
    # the same crawl, uncompressed and without a telling name, is sniffed by its magic bytes
    plain = tmp_path / "crawl.bin.txt"
    plain.write_bytes(_warc_bytes([("http://news.example/a", "200 OK", "text/html", html)], gz=False))
    assert [type(x).__name__ for x in items(plain, settings)] == ["Document"]


def test_malformed_warc_is_rejected_and_batch_goes_on(settings):
    got = list(iter_items([DATA / "malformed.warc", DATA / "cp1256.txt"], settings))
    assert isinstance(got[0], Reject) and got[0].reason == "malformed_warc"
    assert isinstance(got[-1], Document) and got[-1].meta["encoding"] == "cp1256"
    garbage = list(read_bytes(b"WARC/1.0\r\nthis is not a header\r\n\r\n", "x.warc", settings))
    assert [x.reason for x in garbage] == ["malformed_warc"]


def test_truncated_zip_rejected_and_zip_members_dispatched(tmp_path, settings):
    bad = one(DATA / "truncated.zip", settings)
    assert isinstance(bad, Reject) and bad.reason == "truncated_archive"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docs/a.txt", AR)
        zf.writestr("docs/b.jsonl", json.dumps({"text": AR + "ب"}, ensure_ascii=False))
        zf.writestr("docs/c.html", "<html><body><article><p>" + AR + "</p></article></body></html>")
        zf.writestr("docs/d.pdf", b"%PDF-1.4 ...")
        zf.writestr("docs/e.txt.gz", gzip.compress(AR.encode("cp1256")))
    path = tmp_path / "bundle.zip"
    path.write_bytes(buf.getvalue())
    got = items(path, settings)
    kinds = [(x.meta.get("member"), type(x).__name__, x.meta.get("format") if isinstance(x, Document) else x.reason)
             for x in got]
    assert kinds == [("docs/a.txt", "Document", "text"), ("docs/b.jsonl", "Document", "jsonl"),
                     ("docs/c.html", "Document", "html"), ("docs/d.pdf", "Reject", "unsupported"),
                     ("docs/e.txt.gz", "Document", "text")]
    assert got[4].meta["encoding"] == "cp1256"
    # a member whose bytes are damaged: that member is rejected, the others are read
    data = bytearray(buf.getvalue())
    offset = data.index(b"docs/a.txt") + len("docs/a.txt") + 5
    data[offset:offset + 20] = b"\x00" * 20
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    got = items(damaged, settings)
    assert got[0].reason == "truncated_archive" and got[0].meta["member"] == "docs/a.txt"
    assert isinstance(got[1], Document)


def test_directory_recursion_is_sorted_and_skips_hidden(settings):
    got = items(DATA / "tree", settings)
    names = [Path(d.meta["source_path"]).relative_to(DATA / "tree").as_posix() for d in got]
    assert names == ["a.txt", "b.txt", "sub/deeper/c.txt"]
    assert got[0].meta["non_arabic"] is True and got[0].meta["language"] == "en"


def test_missing_path_and_stdin(monkeypatch, settings):
    assert one(DATA / "nope.txt", settings).reason == "missing"

    class FakeStdin:
        buffer = io.BytesIO(AR.encode("cp1256"))

    monkeypatch.setattr("sys.stdin", FakeStdin())
    doc = one("-", settings)
    assert isinstance(doc, Document) and doc.text == AR and doc.meta["source_path"] == "-"


def test_unsupported_by_magic(settings):
    got = list(read_bytes(b"%PDF-1.7\n" + b"x" * 100, "report", settings))
    assert [x.reason for x in got] == ["unsupported"]


# ------------------------------------------------------------------ language
def test_language_identification_is_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("language identification tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    readers_lang = __import__("rasid.ingest.language", fromlist=["_detector"])
    readers_lang._detector.cache_clear()
    assert identify(AR)[:1] == ("ar",) and identify(AR)[2] == "letters"
    lang, confidence, method = identify("The minister said the talks would resume next week in Geneva.")
    assert (lang, method) == ("en", "model") and confidence > 0.5
    persian = "وزیر امور خارجه گفت که گفتگوها هفته آینده در ژنو از سر گرفته می‌شود و چند کشور شرکت می‌کنند"
    assert identify(persian)[0] == "fa"


def test_english_document_is_kept_and_flagged(settings):
    doc = one(DATA / "english.txt", settings)
    assert isinstance(doc, Document) and doc.meta["non_arabic"] is True
    assert doc.meta["language"] == "en" and doc.meta["language_confidence"] > 0.5


def test_reject_reasons_are_documented(settings, tmp_path):
    seen = set()
    for path in sorted(DATA.iterdir()):
        for item in read_path(path, settings):
            if isinstance(item, Reject):
                seen.add(item.reason)
    assert seen <= set(REJECT_REASONS)
    assert {"binary", "empty", "malformed_html", "malformed_warc", "truncated_archive", "bad_record"} <= seen


def test_cut_and_whole_file_gzip_warcs(settings):
    html = ("<html><body><article><p>" + AR.replace("\n", "</p><p>") + "</p></article></body></html>").encode()
    records = [(f"http://news.example/{i}", "200 OK", "text/html", html + str(i).encode()) for i in range(3)]
    per_record = _warc_bytes(records, gz=True)
    got = list(read_bytes(per_record[: int(len(per_record) * 0.85)], "cut.warc.gz", settings))
    assert [type(x).__name__ for x in got[:-1]] == ["Document", "Document"]
    assert got[-1].reason == "malformed_warc" and "cut" in got[-1].detail
    whole = gzip.compress(_warc_bytes(records, gz=False))  # `gzip crawl.warc`, not per record
    got = list(read_bytes(whole, "crawl.warc.gz", settings))
    assert [x.meta["url"] for x in got] == [f"http://news.example/{i}" for i in range(3)]


def test_sniffing_without_extension(settings):
    text_like_json = list(read_bytes(("[عاجل] " + AR).encode(), "noext", settings))
    assert text_like_json[0].meta["format"] == "text" and text_like_json[0].text.startswith("[عاجل]")
    real_json = list(read_bytes(json.dumps([{"text": AR}]).encode(), "noext", settings))
    assert real_json[0].meta["format"] == "json" and real_json[0].text == AR
    html = list(read_bytes(b"<!DOCTYPE html><html><body><article><p>" + AR.encode() + b"</p></article></body></html>",
                           "page", settings))
    assert html[0].meta["format"] == "html"
    no_rows = list(read_bytes(b"id,text\n", "x.csv", settings))
    assert [x.reason for x in no_rows] == ["empty"]


def test_nested_archives_and_depth_limit(settings):
    def zipped(members):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data in members:
                zf.writestr(name, data)
        return buf.getvalue()

    inner = zipped([("in.txt", AR)])
    got = list(read_bytes(zipped([("inner.zip", inner), ("x.txt", AR + "x")]), "outer.zip", settings))
    assert [x.meta["member"] for x in got] == ["inner.zip!in.txt", "x.txt"]
    assert source_of(got[0]) == "outer.zip!inner.zip!in.txt"
    deep = inner
    for level in range(readers.MAX_DEPTH + 1):
        deep = zipped([(f"l{level}.zip", deep)])
    assert [x.reason for x in read_bytes(deep, "deep.zip", settings)] == ["too_deep"]


def test_feed_text_that_is_html_is_extracted(settings):
    html = "<div><p>" + AR.replace("\n", "</p><p>") + "</p><p>ثم <a href='x'>رابط</a> <br/> نهاية</p></div>"
    line = json.dumps({"content": html, "title": "عنوان"}, ensure_ascii=False)
    doc = next(read_bytes(line.encode("utf-8"), "feed.jsonl", settings))
    assert isinstance(doc, Document) and doc.meta["text_was_html"] is True
    assert "<p>" not in doc.text and "قال وزير الخارجية" in doc.text
    assert doc.meta["title"] == "عنوان"  # the feed's title wins over the extractor's


def test_document_from_text_and_idempotent_identity(settings):
    a = document_from_text(AR, settings, source_path="form", url="http://x")
    b = document_from_text(AR, settings)
    assert a.id == b.id and a.meta["content_sha256"] == b.meta["content_sha256"]
    assert a.meta["url"] == "http://x" and a.meta["source_path"] == "form"
