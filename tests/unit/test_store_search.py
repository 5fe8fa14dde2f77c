import sqlite3

import pytest

from rasid.document import Document
from rasid.search.keyword import SearchFilters, index_keys, search
from rasid.store import Store, StoreError


def _doc(text, published=None, outlet=None):
    doc = Document(text, meta={"source_path": f"{outlet or 'x'}.txt"})
    start = 0
    for i, line in enumerate(text.split("\n")):
        label = "title" if i == 0 else ("body" if line.strip() else "blank")
        doc.add_span("lines", start, start + len(line), "test@1", label, i=i)
        start += len(line) + 1
    first = text.split("\n")[0]
    doc.add_span("title", 0, len(first), "test@1")
    doc.set_fact("title", first, "test@1")
    if published:
        doc.set_fact("published", published, "test@1", confidence="high")
    if outlet:
        doc.set_fact("outlet", outlet, "test@1")
    return doc


def _store_docs(store, docs):
    with store.transaction():
        return [store.write_document(d, None, index_keys(d)) for d in docs]


def test_migrations_applied_once(db_path):
    store = Store(db_path)
    assert store.applied_migrations()[0] == "0001_initial"
    assert store.migrate() == []
    store.close()
    again = Store(db_path)
    assert again.migrate() == []


def test_write_is_idempotent_and_round_trips(db_path):
    store = Store(db_path)
    doc = _doc("عنوان الخبر\nقال الرئيس إن التحالف باق.", "2021-04-27", "وكالة")
    assert _store_docs(store, [doc]) == [True]
    assert _store_docs(store, [_doc("عنوان الخبر\nقال الرئيس إن التحالف باق.")]) == [False]
    back = store.get_document(doc.id[:6])
    assert back.to_dict() == doc.to_dict()
    assert store.stats()["documents"] == 1


def test_failed_transaction_leaves_nothing(db_path):
    store = Store(db_path)
    doc = _doc("عنوان\nنص الخبر هنا.")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.write_document(doc, None, index_keys(doc))
            raise RuntimeError("killed")
    assert store.stats()["documents"] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0] == 0


def test_readonly_missing_db_is_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "none.db", readonly=True)


def test_arabic_aware_search_clitics_spelling_filters_snippets(db_path):
    store = Store(db_path)
    a = _doc("واشنطن تعلن\nأعلنت أميركا أن قواتها باقية مع والتحالف الدولي في العراق.", "2020-06-11", "أ")
    b = _doc("بغداد تطالب\nطالب العراق للتحالف بجدولة الانسحاب وأمريكا ترد.", "2024-01-09", "ب")
    c = _doc("خبر رياضي\nفاز الفريق بالمباراة.", "2024-01-10", "ب")
    _store_docs(store, [a, b, c])
    ids = {h.doc_id for h in search(store, "التحالف")}
    assert ids == {a.id, b.id}
    ids = {h.doc_id for h in search(store, "امريكا")}
    assert ids == {a.id, b.id}
    hits = search(store, "امريكا", SearchFilters(date_from="2024-01-01"))
    assert [h.doc_id for h in hits] == [b.id]
    assert [h.doc_id for h in search(store, "التحالف", SearchFilters(outlet="أ"))] == [a.id]
    snippet = search(store, "امريكا", SearchFilters(date_to="2021-01-01"))[0].snippet
    assert "[أميركا]" in snippet  # original spelling, highlighted
    assert search(store, "كلمةغيرموجودة") == []


def test_bm25_prefers_title_and_frequency(db_path):
    store = Store(db_path)
    a = _doc("الانسحاب من العراق\nتحدث الوزير عن الانسحاب والانسحاب المرتقب.")
    b = _doc("أخبار عامة\nوذكر التقرير الانسحاب مرة واحدة مع أمور كثيرة أخرى لا علاقة لها.")
    _store_docs(store, [b, a])
    assert search(store, "الانسحاب")[0].doc_id == a.id


def test_query_syntax_does_not_break_fts(db_path):
    store = Store(db_path)
    _store_docs(store, [_doc("عنوان\nنص فيه كلمة.")])
    for q in ['"', 'AND', '"نص فيه"', "* ( )", "نص OR"]:
        search(store, q)  # no sqlite3.OperationalError
