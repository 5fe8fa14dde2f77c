"""Bad input gets a clear reason and loses nothing: the rest of the batch goes on."""
import io
import json
import sqlite3
import zipfile

from rasid.batch import ingest
from rasid.config import load_settings
from rasid.stages import build_pipeline
from rasid.store import Store

ARTICLE = ("اجتماع في بغداد\n\nقال وزير الخارجية العراقي في مؤتمر صحفي في بغداد اليوم إن الحكومة ستواصل الحوار "
           "مع الشركاء الدوليين بشأن مستقبل قوات التحالف في البلاد.")


def test_mixed_batch(tmp_path, db_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "cp1256.txt").write_bytes(ARTICLE.replace("بغداد اليوم", "بغداد أمس").encode("cp1256"))
    (src / "utf16.txt").write_bytes(ARTICLE.replace("اليوم", "الاثنين").encode("utf-16"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", ARTICLE + " نسخة الأرشيف")
    (src / "cut.zip").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    (src / "page.html").write_text("<html><head><title>t</title></head><body><p>" + ARTICLE.replace("\n", " ") +
                                   " صفحة</p><div><p>unclosed <b>bold", encoding="utf-8")
    (src / "bad.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\ntruncated")
    (src / "feed.jsonl").write_text(json.dumps({"title": "خبر", "content": ARTICLE + " من الموجز"}, ensure_ascii=False)
                                    + "\n{not json\n", encoding="utf-8")
    big = src / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 10)
    settings = load_settings(overrides={"store.path": str(db_path)})
    store = Store(db_path)
    report = ingest([str(src)], store, build_pipeline("metadata", settings), settings)
    assert report.ingested >= 4  # good, cp1256, utf16, html (+ the feed's good record)
    reasons = report.reject_reasons
    for expected in ("empty", "binary", "truncated_archive", "oversize"):
        assert reasons.get(expected), (expected, reasons)
    conn = sqlite3.connect(db_path)
    stored_reasons = {r[0] for r in conn.execute("SELECT reason FROM rejects")}
    assert {"empty", "binary", "truncated_archive", "oversize"} <= stored_reasons
    encodings = {r[0] for r in conn.execute("SELECT encoding FROM documents")}
    assert any("1256" in (e or "") for e in encodings)
    assert all(r[0] for r in conn.execute("SELECT detail FROM rejects"))  # every reject says why
