"""contradictions: an actor's opposite stances over time, and sources disagreeing on a figure or an event."""
import re

from crossdoc_helpers import P, make_doc, store_docs  # noqa: F401


from rasid.crossdoc.contradictions import (contradictions, format_contradictions,  # noqa: E402
                                           quantity_gap, stance, statement_stance)

ENTS = [("العراق", "iraq", "GPE"), ("التحالف الدولي", "intl_coalition", "ORG"), ("أمريكي", "usa", "GPE"),
        ("سوريا", "syria", "GPE")]

C0 = "أكد العراق أن علاقته مع التحالف الدولي مبنية على التعاون والعمل المشترك في محاربة داعش."
C1 = "طالب العراق بإنهاء مهمة التحالف الدولي وجدولة انسحاب قواته من العراق."
C3 = "يوجد نحو 2500 جندي أمريكي في العراق."
C4 = "ذكرت مصادر أن 5000 جندي أمريكي ينتشرون في العراق."
C5 = "يبلغ عدد القوات أقل من 10000 جندي أمريكي في العراق."
C6 = "يوجد 2600 جندي أمريكي في العراق حاليا."
C9 = "ينتشر 900 جندي أمريكي في سوريا."
C7 = "أعلن التحالف الدولي أنه سينسحب من العراق."
C8 = "نفى التحالف الدولي أنه سينسحب من العراق قريبا."


def corpus(tmp_path, extra=()):
    docs = [
        make_doc(C0, "2021-04-27", "شينخوا", ENTS, events=[
            dict(trigger="مبنية", type="SUPPORT", source_entity_id="iraq", target_entity_id="intl_coalition")]),
        make_doc(C1, "2024-01-05", "الخبر", ENTS, events=[
            dict(trigger="بإنهاء", type="REQUEST", mode="yield", source_entity_id="iraq",
                 target_entity_id="intl_coalition")]),
        make_doc(C3, "2024-01-10", "الحرة", ENTS, quantities=[("نحو 2500 جندي أمريكي", 2500, "troops", "about")]),
        make_doc(C4, "2024-01-12", "المدى", ENTS, quantities=[("5000 جندي أمريكي", 5000, "troops", None)]),
        make_doc(C5, "2024-01-14", "السومرية", ENTS,
                 quantities=[("أقل من 10000 جندي أمريكي", 10000, "troops", "less_than")]),
        make_doc(C6, "2024-01-15", "الشرقية", ENTS, quantities=[("2600 جندي أمريكي", 2600, "troops", None)]),
        make_doc(C9, "2024-01-15", "عنب بلدي", ENTS, quantities=[("900 جندي أمريكي", 900, "troops", None)]),
        make_doc(C7, "2024-01-16", "رويترز", ENTS, events=[
            dict(trigger="سينسحب", type="CONCEDE", modality="intended", source_entity_id="intl_coalition",
                 target_entity_id="iraq")]),
        make_doc(C8, "2024-01-17", "الجزيرة", ENTS, events=[
            dict(trigger="سينسحب", type="CONCEDE", negated=True, modality="intended",
                 source_entity_id="intl_coalition", target_entity_id="iraq")]),
        *extra,
    ]
    return store_docs(tmp_path, docs), docs


def test_opposite_stance_of_the_same_actor(tmp_path):
    store, docs = corpus(tmp_path)
    found = [f for f in contradictions(store, "iraq") if f["kind"] == "stance_change"]
    assert len(found) == 1
    f = found[0]
    assert f["actor"] == "iraq" and f["target"] == "intl_coalition"
    assert (f["a"]["type"], f["a"]["polarity"], f["a"]["date"], f["a"]["outlet"]) == ("SUPPORT", 1, "2021-04-27", "شينخوا")
    assert (f["b"]["type"], f["b"]["mode"], f["b"]["polarity"], f["b"]["date"]) == ("REQUEST", "yield", -1, "2024-01-05")
    assert f["a"]["sentence"] == C0 and f["b"]["sentence"] == C1
    assert "تحالف" in f["topic_keys"]          # search keys: folded, article and clitics removed


def test_conflicting_troop_counts(tmp_path):
    store, docs = corpus(tmp_path)
    found = [f for f in contradictions(store) if f["kind"] == "quantity_conflict"]
    pairs = {(f["a"]["value"], f["b"]["value"]) for f in found}
    # 2500 vs 5000 and 5000 vs 2600 disagree; 2500 vs 2600 agree within the tolerance; "less than 10000"
    # agrees with all; 900 troops in Syria is another fact
    assert pairs == {(2500, 5000), (5000, 2600)}
    f = next(f for f in found if f["a"]["value"] == 2500)
    assert f["unit"] == "troops" and set(f["entities"]) == {"usa", "iraq"} and f["gap"] == 0.5
    assert (f["a"]["outlet"], f["b"]["outlet"]) == ("الحرة", "المدى") and f["days_apart"] == 2
    assert f["a"]["sentence"] == C3
    # a wider tolerance accepts them; a tighter date window separates them
    assert not [f for f in contradictions(store, tolerance=0.6) if f["kind"] == "quantity_conflict"]
    assert not [f for f in contradictions(store, max_days=1) if f["kind"] == "quantity_conflict"]


def test_asserted_and_denied_withdrawal(tmp_path):
    store, docs = corpus(tmp_path)
    found = contradictions(store, "intl_coalition")
    events = [f for f in found if f["kind"] == "event_conflict"]
    assert len(events) == 1
    f = events[0]
    assert f["a"]["negated"] is False and f["b"]["negated"] is True
    assert f["actors"] == ["intl_coalition", "iraq"] and f["a"]["outlet"] == "رويترز"
    # the same pair is not reported again as a change of stance of the coalition
    assert not [x for x in found if x["kind"] == "stance_change"]


def test_no_false_contradiction_for_consistent_statements(tmp_path):
    docs = [
        make_doc(C0, "2021-04-27", "شينخوا", ENTS, events=[
            dict(trigger="مبنية", type="SUPPORT", source_entity_id="iraq", target_entity_id="intl_coalition")]),
        make_doc("جدد العراق دعمه للتحالف الدولي في محاربة داعش.", "2023-03-01", "الخبر", ENTS, events=[
            dict(trigger="دعمه", type="SUPPORT", source_entity_id="iraq", target_entity_id="intl_coalition")]),
        make_doc("دعا العراق التحالف الدولي إلى دعم قواته تدريبا واستشارة.", "2024-01-09", "الخبر", ENTS, events=[
            dict(trigger="دعا", type="REQUEST", mode="assist", source_entity_id="iraq",
                 target_entity_id="intl_coalition")]),
        make_doc(C3, "2024-01-10", "الحرة", ENTS, quantities=[("نحو 2500 جندي أمريكي", 2500, "troops", "about")]),
        make_doc(C6, "2024-01-15", "الشرقية", ENTS, quantities=[("2600 جندي أمريكي", 2600, "troops", None)]),
        make_doc(C7, "2024-01-16", "رويترز", ENTS, events=[
            dict(trigger="سينسحب", type="CONCEDE", modality="intended", source_entity_id="intl_coalition",
                 target_entity_id="iraq")]),
    ]
    docs.append(make_doc("قال العراق إن التعاون مع التحالف الدولي مستمر في مجال التدريب.", "2024-02-01", "المدى",
                         ENTS, quotes=[("التعاون مع التحالف الدولي مستمر في مجال التدريب", "iraq")]))
    docs.append(make_doc("أكد العراق أنه لا يريد انسحاب التحالف الدولي الآن.", "2024-03-01", "الحرة", ENTS,
                         quotes=[("لا يريد انسحاب التحالف الدولي الآن", "iraq")]))
    store = store_docs(tmp_path, docs)
    assert contradictions(store) == []
    assert contradictions(store, "iraq") == []
    assert format_contradictions([]) == "no contradictions found"


def test_duplicates_never_contradict_their_original(tmp_path):
    dup = make_doc(C4 + " ", "2024-01-11", "نسخة", ENTS, quantities=[("5000 جندي أمريكي", 5000, "troops", None)])
    store, docs = corpus(tmp_path, extra=[dup])
    original = docs[3]
    store.conn.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (original.id, dup.id))
    ids = {f[s]["doc_id"] for f in contradictions(store) for s in ("a", "b")}
    assert dup.id not in ids
    ids = {f[s]["doc_id"] for f in contradictions(store, include_duplicates=True) for s in ("a", "b")}
    assert dup.id in ids


def test_topic_filter_and_text(tmp_path):
    store, docs = corpus(tmp_path)
    found = contradictions(store, topic="جندي")
    assert found and {f["kind"] for f in found} == {"quantity_conflict"}
    text = format_contradictions(contradictions(store))
    assert "[stance_change]" in text and "[quantity_conflict]" in text and "[event_conflict]" in text
    assert C1 in text and "5000 troops" in text


def test_stance_and_gap_helpers():
    assert stance("SUPPORT") == 1 and stance("SUPPORT", negated=True) == -1
    assert stance("REQUEST", "assist") == 1 and stance("REQUEST", "yield") == -1 and stance("REQUEST") == 0
    assert stance("ASSAULT") == -1 and stance("UNKNOWN") == 0
    assert quantity_gap({"value": 1200, "comparator": "more_than"}, {"value": 5000}) == 0
    assert quantity_gap({"value": 10000, "comparator": "less_than"}, {"value": 2500}) == 0
    assert quantity_gap({"value": 2500}, {"value": 5000}) == 0.5


def test_statements_of_the_same_actor_on_the_same_target(tmp_path):
    s1 = "أكد العراق أن علاقته مع التحالف الدولي مبنية على التعاون والعمل المشترك."
    s2 = "وكان العراق قد أعلن الجمعة الماضية تشكيل لجنة لإنهاء مهمة التحالف الدولي. وتحدث الوزير عن الطقس."
    d1 = make_doc(s1, "2021-04-27", "شينخوا", ENTS, quotes=[("علاقته مع التحالف الدولي مبنية على التعاون والعمل المشترك",
                                                              "iraq")])
    d2 = make_doc(s2, "2024-01-09", "الخبر", ENTS, quotes=[("تشكيل لجنة لإنهاء مهمة التحالف الدولي", "iraq")])
    i = s2.index("الجمعة الماضية")
    d2.add_span("timexes", i, i + len("الجمعة الماضية"), P, "deictic", value="2024-01-05", granularity="day")
    store = store_docs(tmp_path, [d1, d2])
    found = contradictions(store, "iraq")
    assert len(found) == 1
    f = found[0]
    assert f["kind"] == "stance_change" and f["target"] == "intl_coalition"
    assert (f["a"]["kind"], f["a"]["polarity"], f["a"]["date"]) == ("statement", 1, "2021-04-27")
    assert (f["b"]["kind"], f["b"]["polarity"]) == ("statement", -1)
    # the statement is dated by its sentence ("last Friday"), not by the article
    assert (f["b"]["date"], f["b"]["date_basis"]) == ("2024-01-05", "statement")
    assert f["b"]["sentence"] == "وكان العراق قد أعلن الجمعة الماضية تشكيل لجنة لإنهاء مهمة التحالف الدولي."
    assert "لإنهاء" in f["b"]["cues"]
    assert "statement [" in format_contradictions(found)


def test_statement_stance():
    assert statement_stance("تحديد ترتيبات إنهاء مهمة التحالف الدولي")[0] == -1
    assert statement_stance("على التحالف الدولي دعم قواتنا تدريبا واستشارة")[0] == 1
    assert statement_stance("لا نريد انسحاب التحالف")[0] == 1          # a negated demand to leave
    assert statement_stance("الطقس جميل اليوم") == (0, [])
    assert statement_stance("كلام عام", [{"type": "REJECT", "mode": None}])[0] == -1


def test_old_pledge_then_denial_is_a_change_of_stance(tmp_path):
    old = make_doc("تعهد التحالف الدولي بأنه سينسحب من العراق.", "2020-06-11", "الاتحاد", ENTS, events=[
        dict(trigger="سينسحب", type="CONCEDE", modality="intended", source_entity_id="intl_coalition",
             target_entity_id="iraq")])
    store, docs = corpus(tmp_path, extra=[old])
    found = contradictions(store, "intl_coalition")
    kinds = sorted(f["kind"] for f in found)
    assert kinds == ["event_conflict", "stance_change"]
    change = next(f for f in found if f["kind"] == "stance_change")
    # the 2020 pledge against the 2024 denial: too far apart to be the same fact, so a change of position
    assert (change["a"]["date"], change["b"]["date"], change["b"]["negated"]) == ("2020-06-11", "2024-01-17", True)
    conflict = next(f for f in found if f["kind"] == "event_conflict")
    assert (conflict["a"]["date"], conflict["b"]["date"]) == ("2024-01-16", "2024-01-17")
