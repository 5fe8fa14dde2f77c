"""Cross-document: migrations, exact and near duplicates (incremental LSH), stories, summaries."""
from __future__ import annotations

import numpy as np
import pytest

from rasid.crossdoc.duplicates import (DedupOptions, list_duplicates, mark_duplicates, record_exact_duplicate,
                                       signature)
from rasid.crossdoc.stories import StoryOptions, assign_stories, get_story, list_stories, mmr_select
from rasid.crossdoc.text import sentences
from rasid.document import Document, content_hash
from rasid.search.keyword import index_keys
from rasid.search.semantic import HashEncoder, ensure_embeddings, similar_documents
from rasid.store import Store

# Invented texts. ORIGINAL and its two rewrites (wire copy with light edits) must be linked.
ORIGINAL = ("أعلنت وزارة الصحة في مدينة النخيل اليوم الاثنين افتتاح مستشفى جديد للأطفال يضم مئتي سرير "
            "وقسما للعناية المركزة، وقال المتحدث باسم الوزارة إن المستشفى سيخدم أكثر من نصف مليون نسمة "
            "في المدينة والقرى المجاورة، وإن العمل فيه سيبدأ مطلع الشهر المقبل بعد استكمال تجهيز الأقسام "
            "وتدريب الكوادر الطبية والتمريضية على الأجهزة الحديثة التي وصلت الأسبوع الماضي.")
REWRITE_1 = ("أعلنت وزارة الصحة في مدينة النخيل الاثنين افتتاح مستشفى جديد للأطفال يضم مئتي سرير "
             "وقسما للعناية المركزة. وقال المتحدث الرسمي باسم الوزارة إن المستشفى سيخدم أكثر من نصف مليون نسمة "
             "في المدينة والقرى المجاورة، وإن العمل فيه سيبدأ مطلع الشهر المقبل بعد استكمال تجهيز الأقسام "
             "وتدريب الكوادر الطبية والتمريضية على الأجهزة الحديثة.")
REWRITE_2 = ("النخيل - أعلنت وزارة الصحة في مدينة النخيل اليوم افتتاح مستشفى جديد للأطفال يضم مئتي سرير "
             "وقسما للعناية المركزة، وأوضح المتحدث باسم الوزارة أن المستشفى سيخدم أكثر من نصف مليون نسمة "
             "في المدينة والقرى المجاورة، وأن العمل فيه سيبدأ مطلع الشهر المقبل بعد استكمال تجهيز الأقسام "
             "وتدريب الكوادر الطبية والتمريضية على الأجهزة الحديثة التي وصلت الأسبوع الماضي.")
OTHER = ("فاز فريق النجوم على ضيفه فريق الساحل بثلاثة أهداف مقابل هدف في المباراة التي أقيمت مساء أمس "
         "على الملعب البلدي ضمن الجولة الخامسة من الدوري، وسجل المهاجم الشاب هدفين في الشوط الثاني "
         "ليرفع رصيده إلى سبعة أهداف في صدارة ترتيب الهدافين، بينما تراجع الساحل إلى المركز الثامن.")
OTHER_2 = ("ارتفعت أسعار الذهب في الأسواق المحلية خلال تعاملات الأسبوع الماضي مدفوعة بزيادة الطلب "
           "على المشغولات قبل موسم الأعراس، وقال تجار في سوق الصاغة إن الغرام من عيار واحد وعشرين "
           "سجل أعلى مستوى له منذ بداية العام، متوقعين استمرار الارتفاع في الأيام المقبلة مع تراجع الدولار.")


def _write(store: Store, text: str, **meta) -> str:
    doc = Document(text, dict(meta))
    if meta.get("published"):
        doc.set_fact("published", meta["published"], "test@0", confidence="high")
    for start, end, eid in meta.pop("_entities", ()) if "_entities" in meta else ():
        doc.add_span("entities", start, end, "test@0", "GPE", entity_id=eid, form="NAM")
    doc.meta.pop("_entities", None)
    with store.transaction():
        assert store.write_document(doc, run_id=None, index_keys=index_keys(doc))
    return doc.id


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "t.db")
    yield s
    s.close()


def test_migrations_apply_on_fresh_db(tmp_path):
    s = Store(tmp_path / "fresh.db")
    assert {"0001_initial", "0002_crossdoc"} <= set(s.applied_migrations())
    tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"duplicates", "doc_minhash", "exact_sources", "doc_embeddings", "stories", "story_documents",
            "span_same_as"} <= tables
    s.close()
    again = Store(tmp_path / "fresh.db")  # re-opening applies nothing twice
    assert again.migrate() == []
    again.close()


def test_signature_estimates_jaccard_of_rewrites():
    a, _ = signature(Document(ORIGINAL))
    b, _ = signature(Document(REWRITE_1))
    c, _ = signature(Document(OTHER))
    assert a.jaccard(b) >= 0.5
    assert a.jaccard(c) < 0.1
    short, n = signature(Document("خبر قصير جدا"))
    assert short is None and n < DedupOptions().min_shingles


def test_near_duplicates_of_two_rewritten_copies(store):
    original = _write(store, ORIGINAL, outlet="a", published="2024-05-06")
    copy1 = _write(store, REWRITE_1, outlet="b", published="2024-05-06")
    copy2 = _write(store, REWRITE_2, outlet="c", published="2024-05-07")
    other = _write(store, OTHER, outlet="a", published="2024-05-06")
    counts = mark_duplicates(store, [original, copy1, copy2, other])
    assert counts["checked"] == 4 and counts["near_duplicates"] == 2
    links = {d["doc_id"]: d for d in list_duplicates(store, kind="near")}
    assert set(links) == {copy1, copy2}
    for d in links.values():
        assert d["original_id"] == original
        assert 0.5 <= d["similarity"] <= 1.0
    rows = {r["id"]: r["duplicate_of"] for r in store.document_rows()}
    assert rows == {original: None, copy1: original, copy2: original, other: None}
    # nothing is thrown away, and a second run is a no-op
    assert store.stats()["documents"] == 4
    assert mark_duplicates(store, [original, copy1, copy2, other])["already_done"] == 4


def test_incremental_lsh_across_batches(store, tmp_path):
    first = _write(store, ORIGINAL)
    other = _write(store, OTHER)
    assert mark_duplicates(store, [first, other])["near_duplicates"] == 0
    store.close()
    # a new process: the LSH index is rebuilt from the stored signatures
    reopened = Store(tmp_path / "t.db")
    copy = _write(reopened, REWRITE_2)
    counts = mark_duplicates(reopened)  # default: documents without a signature
    assert counts == {**counts, "checked": 1, "near_duplicates": 1}
    assert [d["original_id"] for d in list_duplicates(reopened, kind="near")] == [first]
    blob = reopened.conn.execute("SELECT hashvalues FROM doc_minhash WHERE doc_id = ?", (copy,)).fetchone()[0]
    assert isinstance(blob, bytes) and len(blob) == 4 * DedupOptions().num_perm
    reopened.close()


def test_record_exact_duplicate_from_another_source(store):
    doc_id = _write(store, ORIGINAL, source_path="feed_a.jsonl", member="3", url="http://a.example/1", outlet="a")
    sha = content_hash(ORIGINAL)
    # the same file again is a plain re-ingest: not a new source
    assert not record_exact_duplicate(store, sha, {"source_path": "feed_a.jsonl", "member": 3,
                                                   "url": "http://a.example/1"})
    assert record_exact_duplicate(store, sha, {"source_path": "feed_b.jsonl", "member": 9,
                                               "url": "http://b.example/7", "outlet": "b"})
    assert not record_exact_duplicate(store, sha, {"source_path": "feed_b.jsonl", "member": 9,
                                                   "url": "http://b.example/7", "outlet": "b"})
    exact = list_duplicates(store, kind="exact")
    assert len(exact) == 1 and exact[0]["original_id"] == doc_id and exact[0]["outlet"] == "b"


def test_sentences_have_raw_offsets():
    doc = Document("العنوان هنا في سطر أول طويل\nالجملة الأولى في الخبر طويلة بما يكفي. والجملة الثانية أيضا طويلة هنا!")
    spans = sentences(doc)
    assert [doc.text[a:b] for a, b in spans] == ["العنوان هنا في سطر أول طويل",
                                                "الجملة الأولى في الخبر طويلة بما يكفي.",
                                                "والجملة الثانية أيضا طويلة هنا!"]


# --------------------------------------------------------------------------- stories
FLOOD_1 = ("سيول جارفة تضرب مدينة الواحة وفرق الدفاع المدني تنقذ عشرات العائلات. "
           "اجتاحت السيول أحياء مدينة الواحة بعد أمطار غزيرة استمرت يومين، وأعلن الدفاع المدني إنقاذ عشرات العائلات "
           "المحاصرة في منازلها وإجلاء السكان من الأحياء المنخفضة.")
FLOOD_2 = ("الدفاع المدني يواصل إجلاء السكان من أحياء الواحة بعد السيول. "
           "واصلت فرق الدفاع المدني إجلاء السكان من الأحياء المنخفضة في مدينة الواحة التي غمرتها السيول، "
           "وقال مدير الدفاع المدني إن الأمطار الغزيرة تسببت في محاصرة العائلات داخل المنازل.")
FLOOD_3 = ("أمطار غزيرة وسيول في الواحة: إنقاذ العائلات المحاصرة. "
           "تمكنت فرق الإنقاذ التابعة للدفاع المدني من إنقاذ العائلات المحاصرة بالسيول في مدينة الواحة، "
           "فيما تواصل الأمطار الغزيرة هطولها على الأحياء المنخفضة وسط تحذيرات للسكان.")


def _entity(text: str, name: str) -> list[tuple[int, int, str]]:
    i = text.index(name)
    return [(i, i + len(name), "Q_WAHA")]


def test_story_assignment_three_related_one_unrelated(store):
    ids = [_write(store, FLOOD_1, outlet="a", published="2024-03-01", _entities=_entity(FLOOD_1, "الواحة")),
           _write(store, FLOOD_2, outlet="b", published="2024-03-02", _entities=_entity(FLOOD_2, "الواحة")),
           _write(store, OTHER, outlet="a", published="2024-03-02")]
    counts = assign_stories(store, ids, encoder=HashEncoder())
    assert counts["assigned"] == 3 and counts["opened"] == 2
    # a later batch joins the existing story (no reclustering)
    late = _write(store, FLOOD_3, outlet="c", published="2024-03-03", _entities=_entity(FLOOD_3, "الواحة"))
    counts = assign_stories(store, [late], encoder=HashEncoder())
    assert counts == {**counts, "assigned": 1, "joined": 1, "opened": 0}
    multi = list_stories(store, min_docs=2)
    assert len(multi) == 1
    story = get_story(store, multi[0]["id"])
    assert {d["doc_id"] for d in story["documents"]} == {ids[0], ids[1], late}
    assert story["outlets"] == ["a", "b", "c"]
    assert (story["first_published"], story["last_published"]) == ("2024-03-01", "2024-03-03")
    assert "Q_WAHA" in story["entities"]
    assert "الواحة" in story["label"]
    assert 1 <= len(story["summary"]) <= 3
    texts = {i: store.get_document(i).text for i in (ids[0], ids[1], late)}
    for unit in story["summary"]:
        assert texts[unit["doc_id"]][unit["start"]:unit["end"]] == unit["text"]
    assert len(list_stories(store, min_docs=1)) == 2


def test_story_time_window_keeps_old_story_closed(store):
    a = _write(store, FLOOD_1, published="2024-03-01")
    b = _write(store, FLOOD_2, published="2024-05-01")  # two months later: outside the window
    assign_stories(store, [a, b], options=StoryOptions(window_days=3), encoder=HashEncoder())
    assert len(list_stories(store, min_docs=1)) == 2


def test_duplicate_follows_its_original_into_the_story(store):
    a = _write(store, ORIGINAL, published="2024-05-06")
    b = _write(store, REWRITE_1, published="2024-05-06")
    mark_duplicates(store, [a, b])
    counts = assign_stories(store, [a, b], encoder=HashEncoder())
    assert counts["copies"] == 1 and counts["opened"] == 1


def test_mmr_skips_redundant_rows():
    v = np.array([[1.0, 0.0], [0.999, 0.0447], [0.6, 0.8]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    picked = [i for i, _ in mmr_select(v, np.array([1.0, 0.0]), k=2)]
    assert picked == [0, 2]


def test_similar_documents_with_fallback_encoder(store):
    ids = [_write(store, t) for t in (FLOOD_1, OTHER, FLOOD_2, OTHER_2)]
    assert ensure_embeddings(store, encoder=HashEncoder())["embedded"] == 4
    assert ensure_embeddings(store, encoder=HashEncoder())["embedded"] == 0  # cached by content hash
    hits = similar_documents(store, ids[0], k=2, encoder=HashEncoder())
    assert hits[0]["doc_id"] == ids[2]
    assert ids[0] not in [h["doc_id"] for h in hits]


def test_quotes_of_a_copy_are_same_as_the_originals(store):
    def with_quote(text: str, quote: str) -> str:
        doc = Document(text)
        i = text.index(quote)
        doc.add_span("quotes", i, i + len(quote), "test@0", "indirect", speaker_text="المتحدث")
        with store.transaction():
            store.write_document(doc, run_id=None, index_keys=index_keys(doc))
        return doc.id
    a = with_quote(ORIGINAL, "المستشفى سيخدم أكثر من نصف مليون نسمة في المدينة والقرى المجاورة")
    b = with_quote(REWRITE_2, "المستشفى سيخدم أكثر من نصف مليون نسمة في المدينة والقرى المجاورة، وأن العمل")
    counts = mark_duplicates(store, [a, b])
    assert counts["near_duplicates"] == 1 and counts["spans_same_as"] == 1
    from rasid.crossdoc.duplicates import same_as
    assert same_as(store, b) == {"quotes:0": {"original_id": a, "original_span_id": "quotes:0",
                                              "similarity": same_as(store, b)["quotes:0"]["similarity"]}}
    assert same_as(store, b)["quotes:0"]["similarity"] >= 0.6


def test_command_functions_return_plain_data(tmp_path):
    import json

    from rasid.config import Settings, load_settings
    from rasid.crossdoc import api as xapi
    base = load_settings(None, {"store.path": str(tmp_path / "api.db")})
    settings = Settings({**base.data, "crossdoc": {**base.data.get("crossdoc", {}), "encoder": "hash"}})
    s = Store(tmp_path / "api.db")
    ids = [_write(s, t, outlet=o, published="2024-03-01") for t, o in
           ((FLOOD_1, "a"), (FLOOD_2, "b"), (ORIGINAL, "a"), (REWRITE_1, "c"))]
    s.close()
    done = xapi.update(settings)
    assert done["duplicates"]["near_duplicates"] == 1 and done["stories"]["assigned"] == 4
    dups = xapi.duplicates(settings)
    assert dups["counts"]["near_duplicates"] == 1 and dups["duplicates"][0]["doc_id"] == ids[3]
    rows = xapi.stories(settings, min_docs=2)
    assert rows and all(r["n_docs"] >= 2 for r in rows)
    one = xapi.story(settings, rows[0]["id"])
    hits = xapi.similar(settings, ids[0], k=2)
    for data in (dups, rows, one, hits):
        json.dumps(data, ensure_ascii=False)  # plain data
    for text in (xapi.format_duplicates(dups), xapi.format_stories(rows), xapi.format_story(one),
                 xapi.format_hits(hits)):
        assert isinstance(text, str) and text
