"""Regenerate the small ingest fixtures: python tests/data/ingest/make_fixtures.py"""
import io
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
AR = ("قال وزير الخارجية السعودي اليوم الأحد إن المملكة ستواصل دعم الجهود الدولية لإحلال السلام في المنطقة.\n"
      "وأضاف الوزير في مؤتمر صحفي بالرياض أن الحوار هو السبيل الوحيد لحل الأزمات.\n")
EN = ("The foreign minister said on Sunday that the kingdom would keep supporting international efforts "
      "to bring peace to the region, adding that dialogue was the only way out of the crisis.\n")


def main() -> None:
    (HERE / "cp1256.txt").write_bytes(AR.encode("cp1256"))
    (HERE / "utf8_bom.txt").write_bytes(b"\xef\xbb\xbf" + AR.encode("utf-8"))
    (HERE / "utf16le_bom.txt").write_bytes(AR.encode("utf-16"))  # native LE with BOM
    (HERE / "utf16be_bom.txt").write_bytes(b"\xfe\xff" + AR.encode("utf-16-be"))
    (HERE / "utf16le_nobom.txt").write_bytes(AR.encode("utf-16-le"))
    (HERE / "utf16be_nobom.dat").write_bytes(AR.encode("utf-16-be"))
    (HERE / "crlf.txt").write_bytes(AR.replace("\n", "\r\n").encode("utf-8"))
    (HERE / "english.txt").write_text(EN, encoding="utf-8")
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (HERE / "malformed.html").write_text(
        "<html><head><title>خبر</title><body><div><p>" + AR.replace("\n", "<p>") + "<div><table><tr><td>خلية</b></i>"
        "<p>وقال المتحدث إن الاجتماع سيعقد الأسبوع المقبل في جدة لبحث التطورات</span>", encoding="utf-8")
    (HERE / "broken_title.html").write_text(
        "<html><head><title>خبر<body><div><p>" + AR.replace("\n", "<p>") + "<div><table><tr><td>خلية</b></i>"
        "<p>وقال المتحدث إن الاجتماع سيعقد الأسبوع المقبل في جدة لبحث التطورات</span>", encoding="utf-8")
    (HERE / "page.html").write_text(
        "<!DOCTYPE html><html lang='ar'><head><meta charset='windows-1256'>"
        "<meta property='og:site_name' content='Example News'>"
        "<meta property='article:published_time' content='2024-03-05T10:00:00Z'>"
        "<title>الوزير يدعو إلى الحوار</title></head><body><nav>الرئيسية | أخبار</nav>"
        "<article><h1>الوزير يدعو إلى الحوار</h1><p>" + AR.replace("\n", "</p><p>") + "</p></article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>", encoding="cp1256")
    (HERE / "malformed.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: 5000\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>cut")
    records = [
        {"headline": "عنوان أول", "body": AR, "site": "outlet-a", "link": "http://a.example/1", "published": "2024-01-02"},
        {"headline": "no body here", "other": "x"},
        {"headline": "English", "body": EN, "site": "outlet-b"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(2, '{"headline": "broken", "body": ')
    (HERE / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (HERE / "feed.csv").write_text(
        "id,title,text,date,source\n"
        f'1,عنوان,"{AR}",2024-02-03,outlet-c\n'
        '2,قصير,"",2024-02-04,outlet-c\n', encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", AR * 20)
        zf.writestr("b.txt", EN * 20)
    (HERE / "truncated.zip").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    tree = HERE / "tree"
    (tree / "sub" / "deeper").mkdir(parents=True, exist_ok=True)
    (tree / "b.txt").write_text(AR, encoding="utf-8")
    (tree / "a.txt").write_text(EN, encoding="utf-8")
    (tree / "sub" / "deeper" / "c.txt").write_text(AR + "ثالث\n", encoding="utf-8")
    (tree / ".hidden.txt").write_text(AR, encoding="utf-8")


if __name__ == "__main__":
    main()
