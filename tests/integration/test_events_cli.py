"""Issue: events — `rasid events` lists coded events and writes the event table as CSV and Parquet."""
import csv
import json

import pytest
from tests_paths import run_cli as run, seeds_database

from rasid.api import EVENT_COLUMNS


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    return seeds_database(tmp_path_factory.mktemp("ev"))


def test_event_table_csv_parquet_and_filters(seeds_db, tmp_path):
    rows = json.loads(run("events", "--db", seeds_db, "--json", "--limit", "1000").stdout)
    assert len(rows) >= 20
    assert all(r["sentence"] and r["trigger"] in r["sentence"] for r in rows)
    out = tmp_path / "events.csv"
    run("events", "--db", seeds_db, "--out", out)
    with out.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == EVENT_COLUMNS
        assert sum(1 for _ in reader) == len(rows)
    pq = pytest.importorskip("pyarrow.parquet")
    run("events", "--db", seeds_db, "--out", tmp_path / "e.parquet", "--format", "parquet")
    assert pq.read_table(tmp_path / "e.parquet").num_rows == len(rows)
    consult = json.loads(run("events", "--db", seeds_db, "--json", "--type", "consult", "--limit", "1000").stdout)
    assert consult and all(r["type"] == "CONSULT" for r in consult)
    iraq = json.loads(run("events", "--db", seeds_db, "--json", "--actor", "العراق", "--limit", "1000").stdout)
    assert iraq and all("iraq" in (r["source"] or "").split(";") + (r["target"] or "").split(";") for r in iraq)
    dated = json.loads(run("events", "--db", seeds_db, "--json", "--from", "2024-01-01", "--limit", "1000").stdout)
    assert dated and all(r["date"] >= "2024-01-01" for r in dated)


def test_min_confidence_keeps_the_more_clearly_reported_events(seeds_db):
    every = json.loads(run("events", "--db", seeds_db, "--json", "--limit", "1000").stdout)
    medium = json.loads(run("events", "--db", seeds_db, "--json", "--limit", "1000", "--min-confidence", "medium").stdout)
    assert medium and len(medium) < len(every)
    assert all(r["confidence"] in ("medium", "high") for r in medium)
    bad = run("events", "--db", seeds_db, "--min-confidence", "certain", check=False)
    assert bad.returncode != 0 and "min-confidence" in (bad.stderr + bad.stdout)
