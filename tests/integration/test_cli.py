"""The CLI as a user runs it: a fresh database per test, real seed articles."""
import csv
import json
import subprocess
import sys

import pytest

RASID = [sys.executable, "-m", "rasid.cli"]


def run(*args, check=True, input_text=None):
    proc = subprocess.run([*RASID, *map(str, args)], capture_output=True, text=True, input=input_text)
    if check and proc.returncode != 0:
        raise AssertionError(f"rasid {' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture
def seeded_db(seeds_dir, db_path):
    out = run("ingest", seeds_dir, "--db", db_path, "--quiet")
    assert "ingested 5, duplicates 0, rejected 0" in out.stdout
    return db_path


def test_ingest_is_idempotent(seeded_db, seeds_dir):
    out = run("ingest", seeds_dir, "--db", seeded_db, "--quiet")
    assert "ingested 0, duplicates 5, rejected 0" in out.stdout


def test_search_finds_clitic_and_spelling_variants(seeded_db):
    hits = json.loads(run("search", "التحالف", "--db", seeded_db, "--json", "--limit", "10").stdout)
    assert len(hits) == 5
    hits = json.loads(run("search", "اميركا", "--db", seeded_db, "--json").stdout)
    snippets = " ".join(h["snippet"] for h in hits)
    assert "[أمريكا]" in snippets or "[أميركا]" in snippets
    hits = json.loads(run("search", "رومانوسكي", "--db", seeded_db, "--json").stdout)
    assert len(hits) == 1 and hits[0]["published"] == "2024-01-09"


def test_search_date_filter(seeded_db):
    hits = json.loads(run("search", "العراق", "--db", seeded_db, "--json", "--from", "2024-01-01").stdout)
    assert {h["published"] for h in hits} == {"2024-01-09"}


def test_show_json_and_text(seeded_db):
    hits = json.loads(run("search", "رومانوسكي", "--db", seeded_db, "--json").stdout)
    doc = json.loads(run("show", hits[0]["doc_id"], "--db", seeded_db, "--json").stdout)
    assert doc["facts"]["published"]["value"] == "2024-01-09"
    for layer, spans in doc["layers"].items():
        for s in spans:
            assert 0 <= s["start"] <= s["end"] <= len(doc["text"])
            assert "@" in s["producer"]
    text = run("show", hits[0]["doc_id"], "--db", seeded_db).stdout
    assert "مغايراً لتوجه الحكومة" in text
    assert "مشاهدة" not in text.split("\n\n")[1]  # chrome lines are not part of the clean text


def test_stats_and_exports(seeded_db, tmp_path):
    stats = json.loads(run("stats", "--db", seeded_db, "--json").stdout)
    assert stats["documents"] == 5
    assert stats["annotations"]["lines"] > 100
    out = tmp_path / "docs.jsonl"
    run("export", "--format", "jsonl", "--out", out, "--db", seeded_db)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and all("annotations" in r for r in rows)
    out_csv = tmp_path / "lines.csv"
    run("export", "--format", "csv", "--layer", "lines", "--out", out_csv, "--db", seeded_db)
    with out_csv.open(encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == stats["annotations"]["lines"]
    out_pq = tmp_path / "docs.parquet"
    run("export", "--format", "parquet", "--out", out_pq, "--db", seeded_db)
    import pyarrow.parquet as pq
    assert pq.read_table(out_pq).num_rows == 5


def test_errors_are_one_clear_line(tmp_path):
    proc = run("search", "x", "--db", tmp_path / "missing.db", check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:") and len(proc.stderr.strip().splitlines()) == 1
    proc = run("export", "--format", "xml", "--out", tmp_path / "x", "--db", tmp_path / "missing.db", check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_stdin_ingest(db_path):
    text = "عنوان تجريبي\n\nقال المتحدث باسم الوزارة إن الاجتماع سيعقد في بغداد الأسبوع المقبل لبحث التعاون."
    out = run("ingest", "-", "--db", db_path, "--quiet", input_text=text)
    assert "ingested 1" in out.stdout


def test_corrupt_database_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database", encoding="utf-8")
    proc = run("stats", "--db", bad, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:") and "Traceback" not in proc.stderr


def test_annotate_goes_on_past_a_rejected_file(seeds_dir, tmp_path):
    # (found annotating 500 SaudiNewsNet articles: one near-empty article stopped the whole batch)
    seeds = sorted(seeds_dir.glob("*.txt"))[:2]
    empty = tmp_path / "empty.txt"
    empty.write_text("عنوان\n", encoding="utf-8")
    out = tmp_path / "pred"
    proc = run("annotate", seeds[0], empty, seeds[1], "--out", out)
    assert sorted(p.stem for p in out.glob("*.json")) == sorted(p.stem for p in seeds)
    assert "rejected" in proc.stderr and "empty.txt" in proc.stderr
    assert "1 input files rejected" in proc.stdout
