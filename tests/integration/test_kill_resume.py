"""A process killed mid-ingest leaves no half-written document; a restart completes without duplicates."""
import json
import signal
import sqlite3
import subprocess
import sys
import time

N_DOCS = 3000


def _feed(path):
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_DOCS):
            body = f"قال المتحدث باسم الوزارة في بيان رقم {i} إن الاجتماع {i} بحث التعاون بين البلدين. " * 8
            fh.write(json.dumps({"title": f"خبر رقم {i}", "content": body, "source": "test", "date": "2015-07-21"},
                                ensure_ascii=False) + "\n")


def _consistent(db):
    conn = sqlite3.connect(db)
    docs = conn.execute("SELECT id, doc_json FROM documents").fetchall()
    fts = {r[0] for r in conn.execute("SELECT doc_id FROM documents_fts")}
    for doc_id, payload in docs:
        doc = json.loads(payload)
        n_spans = sum(len(v) for v in doc["layers"].values())
        stored = conn.execute("SELECT COUNT(*) FROM annotations WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        assert stored == n_spans, f"document {doc_id} half-written"
        assert doc_id in fts
    assert len(fts) == len(docs)
    conn.close()
    return len(docs)


def test_kill_then_resume(tmp_path):
    feed = tmp_path / "feed.jsonl"
    _feed(feed)
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "rasid.cli", "ingest", str(feed), "--db", str(db), "--quiet", "--profile", "metadata"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            conn = sqlite3.connect(db, timeout=0.1)
            stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            continue
        if stored > 0:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _consistent(db)
    assert 0 < partial < N_DOCS, "the kill should land mid-batch"
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert f"ingested {N_DOCS - partial}, duplicates {partial}" in out
    assert _consistent(db) == N_DOCS
