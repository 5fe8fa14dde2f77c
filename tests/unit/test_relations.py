"""relation_over_time: events between two actors per period, by PLOVER group, with a cooperation–conflict score."""
import re

from crossdoc_helpers import P, make_doc, store_docs  # noqa: F401


import pytest  # noqa: E402

from rasid.crossdoc.relations import (event_weight, format_relation, period_key,  # noqa: E402
                                      relation_over_time)

ENTS = [("العراق", "iraq", "GPE"), ("التحالف الدولي", "intl_coalition", "ORG"),
        ("الولايات المتحدة", "usa", "GPE"), ("داعش", "isis", "ORG")]

R1 = ("أكد العراق أن علاقته مع التحالف الدولي مبنية على التعاون. وقال العراق إن التحالف الدولي ساعد القوات العراقية. "
      "وجرى التنسيق بين العراق والتحالف الدولي. وشارك العراق والتحالف الدولي في محاربة داعش. "
      "ووقع العراق اتفاقا مع الولايات المتحدة.")
R2 = "طالب العراق التحالف الدولي بجدولة انسحاب قواته. ودعا العراق التحالف الدولي إلى دعم قواته تدريبا."
R3 = "رفض التحالف الدولي طلب العراق. وقال العراق إنه لا تنسيق مع التحالف الدولي."


def corpus(tmp_path):
    d1 = make_doc(R1, "2021-04-27", "شينخوا", ENTS, events=[
        dict(trigger="التعاون", type="COOPERATE", source_entity_id="iraq", target_entity_id="intl_coalition"),
        dict(trigger="ساعد", type="AID", source_entity_id="intl_coalition", target_entity_id="iraq"),
        dict(trigger="التنسيق", type="COOPERATE", source_entity_id=["iraq", "intl_coalition"]),
        dict(trigger="محاربة", type="ASSAULT", source_entity_id=["iraq", "intl_coalition"], target_entity_id="isis"),
        dict(trigger="ووقع", type="SUPPORT", source_entity_id="iraq", target_entity_id="usa"),
    ])
    d2 = make_doc(R2, "2024-01-10", "الخبر", ENTS, events=[
        dict(trigger="بجدولة", type="REQUEST", mode="yield", source_entity_id="iraq", target_entity_id="intl_coalition"),
        dict(trigger="ودعا", type="REQUEST", mode="assist", source_entity_id="iraq", target_entity_id="intl_coalition"),
    ])
    d3 = make_doc(R3, "2024-01-20", "المدى", ENTS, events=[
        dict(trigger="رفض", type="REJECT", source_entity_id="intl_coalition", target_entity_id="iraq"),
        dict(trigger="تنسيق", type="COOPERATE", negated=True, source_entity_id="iraq",
             target_entity_id="intl_coalition"),
    ])
    return store_docs(tmp_path, [d1, d2, d3]), d1, d2, d3


def test_scores_per_month(tmp_path):
    store, *_ = corpus(tmp_path)
    rel = relation_over_time(store, "iraq", "intl_coalition", period="month")
    periods = {p["period"]: p for p in rel["periods"]}
    assert list(periods) == ["2021-04", "2024-01"]
    apr = periods["2021-04"]
    # COOPERATE +2 (a->b), AID +2 (b->a), mutual COOPERATE +2, joint fight against a third party +1
    assert (apr["score"], apr["events"], apr["scored"]) == (7, 4, 4)
    assert (apr["a_to_b"], apr["b_to_a"], apr["mutual"], apr["joint"]) == (2, 2, 3, 1)
    assert apr["material_cooperation"] == 3 and apr["mean"] == 1.75
    jan = periods["2024-01"]
    # REQUEST to withdraw -1, REQUEST for help +1 (cooperative request), REJECT -1, negated COOPERATE not scored
    assert (jan["score"], jan["events"], jan["scored"], jan["negated"]) == (-1, 4, 3, 1)
    assert jan["verbal_conflict"] == 2 and jan["verbal_cooperation"] == 1
    assert jan["by_type"] == {"REQUEST": 2, "REJECT": 1, "COOPERATE": 1}
    assert jan["change"] == round(jan["mean"] - apr["mean"], 2) < 0
    assert rel["summary"]["most_cooperative"] == "2021-04" and rel["summary"]["most_conflictual"] == "2024-01"
    assert all(e["type"] != "SUPPORT" for e in rel["events"])          # Iraq -> USA is another relation


def test_negated_events_can_be_inverted(tmp_path):
    store, *_ = corpus(tmp_path)
    rel = relation_over_time(store, "iraq", "intl_coalition", negated="invert")
    jan = next(p for p in rel["periods"] if p["period"] == "2024-01")
    assert jan["score"] == -3 and jan["scored"] == 4


def test_periods_quarter_year_and_symmetry(tmp_path):
    store, *_ = corpus(tmp_path)
    q = relation_over_time(store, "iraq", "intl_coalition", period="quarter")
    assert [(p["period"], p["score"]) for p in q["periods"]] == [("2021-Q2", 7), ("2024-Q1", -1)]
    y = relation_over_time(store, "iraq", "intl_coalition", period="year")
    assert [p["period"] for p in y["periods"]] == ["2021", "2024"]
    back = relation_over_time(store, "intl_coalition", "iraq")
    assert [(p["period"], p["score"]) for p in back["periods"]] == [("2021-04", 7), ("2024-01", -1)]
    jan = back["periods"][1]
    assert (jan["a_to_b"], jan["b_to_a"]) == (-1, 0)   # the coalition's REJECT; Iraq's two requests cancel out
    with pytest.raises(ValueError):
        relation_over_time(store, "iraq", "intl_coalition", period="week")


def test_no_events_between_unrelated_actors(tmp_path):
    store, *_ = corpus(tmp_path)
    rel = relation_over_time(store, "intl_coalition", "usa")
    assert rel["events"] == [] and rel["periods"] == []
    assert "no events between them" in format_relation(rel)


def test_format_relation_lists_periods_and_sentences(tmp_path):
    store, *_ = corpus(tmp_path)
    text = format_relation(relation_over_time(store, "iraq", "intl_coalition"))
    assert "2021-04" in text and "2024-01" in text and "REQUEST:yield" in text
    assert "رفض التحالف الدولي طلب العراق." in text and "NOT COOPERATE" in text


def test_weights_and_period_keys():
    assert event_weight("AID") == 2 and event_weight("CONSULT") == 1
    assert event_weight("REQUEST", "yield") == -1 and event_weight("REQUEST", "assist") == 1
    assert event_weight("ASSAULT") == -2 and event_weight("ASSAULT", modality="hypothetical") == -1
    assert event_weight("AID", negated=True) == 0 and event_weight("AID", negated=True, negated_policy="invert") == -2
    assert event_weight("UNKNOWN") == 0
    assert period_key("2024-02-29", "quarter") == "2024-Q1" and period_key("2024-11-02", "quarter") == "2024-Q4"
    assert period_key("2020", "month") == "2020" and period_key(None) == "undated"


def test_statements_of_one_side_about_the_other(tmp_path):
    s1 = "قال العراق إن التعاون مع التحالف الدولي مستمر."
    s2 = "أعلن العراق تشكيل لجنة لإنهاء مهمة التحالف الدولي. وقال العراق إن الطقس جميل."
    d1 = make_doc(s1, "2021-04-27", "شينخوا", ENTS, quotes=[("التعاون مع التحالف الدولي مستمر", "iraq")])
    d2 = make_doc(s2, "2024-01-09", "الخبر", ENTS, quotes=[("تشكيل لجنة لإنهاء مهمة التحالف الدولي", "iraq"),
                                                           ("الطقس جميل", "iraq")])
    store = store_docs(tmp_path, [d1, d2])
    rel = relation_over_time(store, "iraq", "intl_coalition")
    assert rel["events"] == []
    got = [(p["period"], p["statements_pos"], p["statements_neg"], p["score"]) for p in rel["periods"]]
    assert got == [("2021-04", 1, 0, 0), ("2024-01", 0, 1, 0)]      # statements stay out of the event score
    assert [(st["side"], st["polarity"]) for st in rel["statements"]] == [("a", 1), ("a", -1)]
    text = format_relation(rel)
    assert "statements +0/−1" in text and "stmt−" in text
