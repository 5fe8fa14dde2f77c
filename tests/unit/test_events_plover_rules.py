"""events.code: actor rules for attacks and protests found by studying PLOVER coding errors.

Every sentence here is invented; each test checks one general rule of Arabic news language and,
where it matters, a minimal variant without it."""
from __future__ import annotations

from test_events import events, make_doc  # noqa: E402  (tests/unit is on sys.path under pytest)


def one(doc, etype: str):
    evs = events(doc, etype)
    assert len(evs) == 1, [(e.label, e.attrs["trigger"]["text"]) for e in doc.spans("events")]
    return evs[0]


def texts(ev, role: str) -> list[str]:
    return [s["text"] for s in ev.attrs[f"{role}_spans"]]


# ------------------------------------------------------------------ attacks: passive readings
def test_subject_before_an_attack_verb_without_object_is_the_victim():
    doc = make_doc("أكدت الوزارة أن جنود الكتيبة قتلوا في كمين قرب الحدود.",
                   [("جنود الكتيبة", "ORG", "battalion", "NAM")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["target_entity_id"] == "battalion" and ev.attrs["source_entity_id"] is None
    # with an object after the verb the subject is the attacker
    doc = make_doc("أكدت الوزارة أن جنود الكتيبة قتلوا ثلاثة مهربين قرب الحدود.",
                   [("جنود الكتيبة", "ORG", "battalion", "NAM")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["source_entity_id"] == "battalion"


def test_speaker_before_inna_is_not_the_subject_and_accusative_noun_is_the_victim():
    doc = make_doc("قال مسؤولون في الشرطة إن مقاتلا قتل بعدما انفجرت عبوة.", [("الشرطة", "ORG", "police", "NAM")])
    ev = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قتل"][0]
    assert ev.attrs["source_entity_id"] is None
    assert texts(ev, "target") == ["مقاتلا"]


def test_counted_noun_before_a_passive_attack_verb_is_the_victim():
    doc = make_doc("ذكرت الوكالة أن 12 مدنيا قتلوا أمس في القصف.", [])
    ev = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قتلوا"][0]
    assert texts(ev, "target") == ["12 مدنيا"]


def test_count_between_ala_yad_and_the_agent():
    doc = make_doc("خطف المهندس سامر من بيته على يد خمسة مسلحين.", [("المهندس سامر", "PER", "samer", "NAM")])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["مسلحين"]
    assert ev.attrs["target_entity_id"] == "samer"


def test_counted_people_after_a_kill_verb_are_the_victims():
    doc = make_doc("قتل 9 سودانيين وأصيب 12 في هجوم على القرية.", [("سودانيين", "NORP", "sudanese", "NAM")])
    ev = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قتل"][0]
    assert ev.attrs["target_entity_id"] == "sudanese" and ev.attrs["source_entity_id"] is None
    # an uncounted actor after the verb stays its subject
    doc = make_doc("قتل الأفغان جنديا في الكمين.", [("الأفغان", "NORP", "afghans", "NAM")])
    ev = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قتل"][0]
    assert ev.attrs["source_entity_id"] == "afghans"


def test_object_span_skips_a_time_span_and_keeps_the_genitive():
    doc = make_doc("خطف مسلحون قبل ثلاثة أيام، عددا من التجار في المدينة.", [])
    ev = one(doc, "ASSAULT")
    tgt = texts(ev, "target")
    assert tgt and "التجار" in tgt[0] and "أيام" not in tgt[0]
    doc = make_doc("قتل المسلحون أمس أربعة من حراس المصرف.", [])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "target") == ["أربعة من حراس المصرف"]


def test_subject_of_a_casualty_verb_is_the_victim_of_the_attack_noun():
    doc = make_doc("أصيب الوزير سامي بجروح في تفجير قرب منزله.", [("الوزير سامي", "PER", "sami", "NAM")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["target_entity_id"] == "sami" and ev.attrs["source_entity_id"] is None
    doc = make_doc("نفى الوزير سامي أي صلة بالتفجير قرب منزله.", [("الوزير سامي", "PER", "sami", "NAM")])
    assert all(e.attrs["target_entity_id"] != "sami" for e in events(doc, "ASSAULT"))


def test_the_weapon_that_explodes_is_no_target_the_casualties_are():
    doc = make_doc("أصيب 14 شخصا بجروح حين انفجرت قنبلة في سوق المدينة.", [])
    ev = one(doc, "ASSAULT")
    tgt = texts(ev, "target")
    assert tgt and "شخصا" in tgt[0] and "قنبلة" not in " ".join(tgt)
    assert not texts(ev, "source")
    doc = make_doc("وأدى انفجار سيارة مفخخة قرب السوق إلى مقتل شرطي.", [])
    tgt = [t for e in events(doc, "ASSAULT") for t in texts(e, "target")]
    assert "شرطي" in tgt and not any("سيارة" in t for t in tgt)


def test_second_trigger_of_one_attack_lends_its_victims():
    doc = make_doc("قال الضابط إن انتحاريا فجر نفسه فقتل ستة من رجال الإطفاء.", [])
    ev = one(doc, "ASSAULT")
    assert any("رجال" in t for t in texts(ev, "target"))


def test_verb_form_read_as_masdar_keeps_its_victims():
    doc = make_doc("نجحت الشرطة في قتل العشرات من المهربين قرب الحدود.", [])
    ev = one(doc, "ASSAULT")
    assert any("المهربين" in t for t in texts(ev, "target"))


def test_pronoun_on_an_attack_word_is_the_victim_named_before():
    doc = make_doc("نجا المحافظ خالد سليم من محاولة لاغتياله في المدينة.", [("المحافظ خالد سليم", "PER", "khalid", "NAM")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["target_entity_id"] == "khalid" and ev.attrs["source_entity_id"] is None


def test_day_before_yesterday_is_skipped_before_the_object():
    doc = make_doc("وخطف مسلحون أول من أمس ثلاثة صيادين قرب الشاطئ.", [])
    ev = one(doc, "ASSAULT")
    assert any("صيادين" in t for t in texts(ev, "target"))


# ------------------------------------------------------------------ protests: targets
def test_protest_target_is_the_noun_phrase_after_ihtijajan_ala():
    doc = make_doc("تظاهر مئات الطلاب أمس احتجاجا على رفع رسوم الجامعة.", [])
    tgt = [t for e in events(doc, "PROTEST") for t in texts(e, "target")]
    assert any("رسوم" in t for t in tgt)
    # على in another sense (على هتافات) names no target
    doc = make_doc("احتشد مئات الطلاب أمس على أنغام الموسيقى.", [])
    assert not [t for e in events(doc, "PROTEST") for t in texts(e, "target")]


def test_protest_target_is_the_party_whose_removal_is_demanded():
    doc = make_doc("وهتف المتظاهرون طويلا مطالبين بوضوح برحيل المحافظ سامي.", [("المحافظ سامي", "PER", "sami", "NAM")])
    assert any(e.attrs["target_entity_id"] == "sami" for e in events(doc, "PROTEST"))
    doc = make_doc("وهتف المتظاهرون طويلا مطالبين بوضوح بتكريم المحافظ سامي.", [("المحافظ سامي", "PER", "sami", "NAM")])
    assert not any(e.attrs["target_entity_id"] == "sami" for e in events(doc, "PROTEST"))


def test_demonstrators_verb_event_gets_a_protest_target():
    doc = make_doc("ورفع المتظاهرون صورا كثيرة، مرددين شعارات تطالب بطرد السفير من البلاد.", [])
    ev = one(doc, "PROTEST")
    assert any("السفير" in t for t in texts(ev, "target"))


# ------------------------------------------------------------------ protests: sources and riots
def test_protest_verb_takes_the_actor_after_it_over_a_mention_before_a_comma():
    doc = make_doc("وبعد إجراءات مشددة اتخذتها الشرطة، احتشد المعتصمون أمام البرلمان.", [("الشرطة", "ORG", "police", "NAM")])
    ev = one(doc, "PROTEST")
    assert texts(ev, "source") == ["المعتصمون"]
    assert ev.attrs["source_entity_id"] is None and ev.attrs["target_entity_id"] != "police"


def test_a_count_of_one_hundred_may_stand_between_verb_and_protesters():
    doc = make_doc("تجمع نحو مائة متظاهر مساء أمس في الساحة.", [])
    ev = one(doc, "PROTEST")
    assert texts(ev, "source") == ["متظاهر"] and not texts(ev, "target")


def test_village_name_with_its_location_noun_is_a_place_not_an_actor():
    doc = make_doc("شهدت قرية الزيتون مسيرة كبيرة أمس.", [("قرية الزيتون", "GPE", "zaytoun", "NAM")])
    assert all(e.attrs["source_entity_id"] != "zaytoun" for e in doc.spans("events"))


def test_demonstrators_named_in_the_sentence_are_the_source_of_a_protest_noun():
    doc = make_doc("وأحرق متظاهرون إطارات السيارات قرب مقر شركة النور في احتجاجات عمت المدينة.",
                   [("شركة النور", "ORG", "nour", "NAM")])
    evs = events(doc, "PROTEST")
    assert evs and all(e.attrs["source_entity_id"] != "nour" for e in evs)
    assert any("متظاهرون" in texts(e, "source") for e in evs)


def test_genitive_of_a_protest_noun_is_the_protester():
    doc = make_doc("وتواصلت أمس مظاهرات نقابة المعلمين في العاصمة.", [("نقابة المعلمين", "ORG", "union", "NAM")])
    ev = one(doc, "PROTEST")
    assert ev.attrs["source_entity_id"] == "union" and ev.attrs["target_entity_id"] is None


def test_demonstrators_protesting_against_something_report_a_protest():
    doc = make_doc("واندلعت مواجهات بين الشرطة والطلاب المحتجين على رفع الرسوم.", [])
    ev = one(doc, "PROTEST")
    assert any("المحتجين" in t for t in texts(ev, "source"))
    assert any("رفع" in t for t in texts(ev, "target"))
    # clashes alone are no protest
    doc = make_doc("واندلعت مواجهات بين الشرطة والمسلحين قرب الحدود.", [])
    assert not events(doc, "PROTEST")


def test_what_a_protest_voices_is_not_an_event_of_its_own():
    doc = make_doc("تظاهر مئات العمال أمس رافعين لافتات تطالب بإقالة المدير سامي.", [("المدير سامي", "PER", "sami", "NAM")])
    assert not events(doc, "REQUEST")
    assert one(doc, "PROTEST").attrs["target_entity_id"] == "sami"
    # a demand made by someone else, not voiced by the protest, stays
    doc = make_doc("تظاهر مئات العمال أمس. وطالب الوزير سامي النقابة بالتهدئة.", [("الوزير سامي", "PER", "sami", "NAM")])
    assert events(doc, "REQUEST")


def test_more_than_n_people_after_a_kill_verb_are_the_victims_not_the_attack_nouns_source():
    doc = make_doc("وقتل أكثر من 20 شخصا خلال الشهر الماضي في هجمات انتحارية.", [])
    evs = events(doc, "ASSAULT")
    assert any(t == "أكثر من 20 شخصا" for e in evs for t in texts(e, "target"))
    assert not any("شخصا" in texts(e, "source") for e in evs)


def test_one_digit_count_after_a_day_before_yesterday():
    doc = make_doc("وقتل أول من أمس 5 حراس في هجوم على المصرف.", [])
    evs = events(doc, "ASSAULT")
    assert any("5 حراس" in t for e in evs for t in texts(e, "target"))


def test_count_between_min_qibal_and_the_agent():
    doc = make_doc("قتل الحارس سامي من قبل عدة مسلحين قرب المصرف.", [("الحارس سامي", "PER", "sami", "NAM")])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["مسلحين"] and ev.attrs["target_entity_id"] == "sami"
