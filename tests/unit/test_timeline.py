"""entity_timeline: statements, events and roles of an entity in date order, with the source sentence."""
import re

from crossdoc_helpers import P, make_doc, store_docs  # noqa: F401


import pytest  # noqa: E402

from rasid.crossdoc.timeline import entity_timeline, format_timeline, load_kb_or_none  # noqa: E402

ENTS = [("العراق", "iraq", "GPE"), ("التحالف الدولي", "intl_coalition", "ORG"),
        ("الولايات المتحدة", "usa", "GPE")]

T1 = "أكد العراق أن علاقته مع التحالف الدولي مبنية على التعاون. وقال العراق إن التحالف الدولي ساعد القوات العراقية."
T2 = "طالب العراق التحالف الدولي بجدولة انسحاب قواته. وكان العراق قد وقع اتفاقا مع الولايات المتحدة عام 2020."
T3 = "أكد العراق أن علاقته مع التحالف الدولي مبنية على التعاون والعمل المشترك."


def corpus(tmp_path):
    d1 = make_doc(T1, "2021-04-27", "شينخوا", ENTS,
                  events=[dict(trigger="التعاون", type="COOPERATE", source_entity_id="iraq",
                               target_entity_id="intl_coalition"),
                          dict(trigger="ساعد", type="AID", source_entity_id="intl_coalition", target_entity_id="iraq")],
                  quotes=[("التحالف الدولي ساعد القوات العراقية", "iraq")])
    d2 = make_doc(T2, "2024-01-10", "الخبر", ENTS,
                  events=[dict(trigger="بجدولة", type="REQUEST", mode="yield", source_entity_id="iraq",
                               target_entity_id="intl_coalition"),
                          dict(trigger="وقع", type="SUPPORT", source_entity_id="iraq", target_entity_id="usa",
                               date="2020")])
    d3 = make_doc(T3, "2021-04-28", "نسخة", ENTS,
                  events=[dict(trigger="التعاون", type="COOPERATE", source_entity_id=["iraq"],
                               target_entity_id="intl_coalition")])
    store = store_docs(tmp_path, [d1, d2, d3], duplicates=[(d3.id, d1.id)])
    return store, d1, d2, d3


def test_timeline_order_sentences_and_sources(tmp_path):
    store, d1, d2, d3 = corpus(tmp_path)
    data = entity_timeline(store, "iraq")
    got = [(it["kind"], it.get("type"), it["date"], it["doc_id"]) for it in data["items"]]
    assert got == [
        ("event", "SUPPORT", "2020", d2.id),            # the event's own date comes before the article's
        ("event", "COOPERATE", "2021-04-27", d1.id),
        ("statement", None, "2021-04-27", d1.id),
        ("event", "AID", "2021-04-27", d1.id),           # Iraq is its target
        ("event", "COOPERATE", "2021-04-28", d3.id),
        ("event", "REQUEST", "2024-01-10", d2.id),
    ]
    first, statement = data["items"][0], data["items"][2]
    assert first["date_basis"] == "event" and first["outlet"] == "الخبر"
    assert first["sentence"] == "وكان العراق قد وقع اتفاقا مع الولايات المتحدة عام 2020."
    assert T2[first["sentence_start"]:first["sentence_end"]] == first["sentence"]
    assert statement["content"] == "التحالف الدولي ساعد القوات العراقية"
    assert statement["sentence"] == "وقال العراق إن التحالف الدولي ساعد القوات العراقية."
    assert statement["outlet"] == "شينخوا" and statement["date_basis"] == "published"
    # the coalition is the target of the REQUEST and the source of the AID
    coal = entity_timeline(store, "intl_coalition")
    roles = {(it["type"], it["role_of_entity"]) for it in coal["items"] if it["kind"] == "event"}
    assert ("REQUEST", "target") in roles and ("AID", "source") in roles
    assert coal["counts"]["statements"] == 0


def test_timeline_excludes_duplicates_when_asked(tmp_path):
    store, d1, d2, d3 = corpus(tmp_path)
    with_dups = {it["doc_id"] for it in entity_timeline(store, "iraq")["items"]}
    without = {it["doc_id"] for it in entity_timeline(store, "iraq", include_duplicates=False)["items"]}
    assert d3.id in with_dups and d3.id not in without and {d1.id, d2.id} <= without


def test_timeline_with_other_entity(tmp_path):
    store, d1, d2, d3 = corpus(tmp_path)
    data = entity_timeline(store, "iraq", with_entity="intl_coalition", include_duplicates=False)
    kinds = [(it["kind"], it.get("type")) for it in data["items"]]
    assert ("event", "SUPPORT") not in kinds          # with the USA, not the coalition
    assert ("statement", None) in kinds               # the quote names the coalition
    assert ("event", "AID") in kinds and ("event", "REQUEST") in kinds
    periods = {p["period"]: p for p in data["relation"]}
    assert periods["2021-04"]["score"] == 4 and periods["2024-01"]["score"] == -1
    text = format_timeline(data)
    assert "REQUEST:yield" in text and "طالب العراق التحالف الدولي بجدولة انسحاب قواته." in text
    assert "relation over time" in text


def test_timeline_of_unknown_entity_is_empty(tmp_path):
    store, *_ = corpus(tmp_path)
    data = entity_timeline(store, "nobody")
    assert data["items"] == [] and "(nothing found)" in format_timeline(data)


def test_roles_and_affiliates_from_knowledge_base(tmp_path):
    kb = load_kb_or_none()
    if kb is None or kb.get("abdul_latif_rashid") is None:
        pytest.skip("the actor knowledge base is not installed")
    text = "شدد رئيس الجمهورية عبد اللطيف رشيد على ضرورة دعم التحالف الدولي للقوات العراقية."
    doc = make_doc(text, "2024-01-09", "الخبر", [("عبد اللطيف رشيد", "abdul_latif_rashid", "PER"),
                                                  ("التحالف الدولي", "intl_coalition", "ORG")],
                   events=[dict(trigger="دعم", type="REQUEST", mode="assist", source_entity_id="abdul_latif_rashid",
                                target_entity_id="intl_coalition")])
    store = store_docs(tmp_path, [doc])
    data = entity_timeline(store, "abdul_latif_rashid")
    roles = [(r["role"], r["of"]) for r in data["roles"]]
    assert ("president", "iraq") in roles
    president = next(r for r in data["roles"] if r["role"] == "president")
    assert president["in_range"] and president["start"] == "2022-10-17"
    assert "ROLE" in format_timeline(data)
    # the president speaks for Iraq when affiliates are counted, not otherwise
    assert entity_timeline(store, "iraq")["items"] == []
    items = entity_timeline(store, "iraq", affiliates=True)["items"]
    assert [it["as"] for it in items] == ["abdul_latif_rashid"]


def test_command_line_entry_points_resolve_names(tmp_path):
    import json

    from rasid.crossdoc.contradictions import run_contradictions
    from rasid.crossdoc.relations import run_relation
    from rasid.crossdoc.timeline import resolve_entity, run_timeline
    store, d1, d2, d3 = corpus(tmp_path)
    assert resolve_entity(store, "iraq") == "iraq"
    assert resolve_entity(store, "التحالف الدولي") == "intl_coalition"      # a mention's text
    with pytest.raises(ValueError, match="no entity"):
        resolve_entity(store, "لا أحد هنا")
    store.close()
    db = str(tmp_path / "t.db")
    text = run_timeline(db, "العراق", with_entity="التحالف الدولي")
    assert text.startswith("timeline: ") and "[intl_coalition]" in text
    data = json.loads(run_timeline(db, "iraq", as_json=True, include_duplicates=False))
    assert data["entity_id"] == "iraq" and d3.id not in {it["doc_id"] for it in data["items"]}
    assert "2021-04" in run_relation(db, "iraq", "intl_coalition")
    assert json.loads(run_relation(db, "iraq", "intl_coalition", period="year", as_json=True))["periods"][0]["period"] == "2021"
    assert isinstance(json.loads(run_contradictions(db, "iraq", as_json=True)), list)
