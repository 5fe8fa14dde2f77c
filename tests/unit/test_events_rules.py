"""events.code: the general rules added for report confidence, actors, dates, on_behalf_of and speed.

Every sentence here is invented; each test checks one rule on a sentence that has it and, where it
matters, on a minimal variant that does not."""
from __future__ import annotations

from rasid.document import Document
from rasid.events import code as events_code
from rasid.events.lexicon import readings, stem_strings

from test_events import events, make_doc  # noqa: E402  (tests/unit is on sys.path under pytest)


def one(doc: Document, etype: str):
    evs = events(doc, etype)
    assert len(evs) == 1, [(e.label, e.attrs["trigger"]["text"]) for e in doc.spans("events")]
    return evs[0]


def score(doc: Document, etype: str) -> int:
    return one(doc, etype).attrs["report_score"]


# ------------------------------------------------------------------ speed helpers keep the output
def test_stem_strings_cover_every_reading():
    for word in ("وبتحريرها", "لمحاربتهم", "سيهاجمون", "تنسيقا", "ضربوه", "للتحالف"):
        from rasid.arabic.normalize import fold
        f = fold(word)
        assert {r.stem for r in readings(f)} <= stem_strings(f)


def test_sentence_early_exit():
    text = "وصل المنتخب إلى الملعب وسط أجواء ماطرة."
    assert not events_code.sentence_may_have_event(text, 0, len(text))
    text2 = "هاجم مسلحون حاجزا للشرطة."
    assert events_code.sentence_may_have_event(text2, 0, len(text2))


def test_ta_marbuta_is_not_a_pronoun_suffix():
    # وزارة "ministry" must not be read as و + زار + ه "and he visited him"
    doc = make_doc("أصدرت وزارة الصحة بيانا جديدا.", [])
    assert not events(doc, "CONSULT")
    doc = make_doc("وزاره الوزير في مكتبه أمس.", [])
    assert events(doc, "CONSULT")


# ------------------------------------------------------------------ confidence / report score
def test_default_threshold_is_documented_and_used():
    assert events_code.DEFAULT_MIN_CONFIDENCE in events_code.CONFIDENCE_RANK
    text = "شن مسلحون هجوما على حاجز للجيش أمس أسفر عن مقتل جنديين."
    doc = make_doc(text, [])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["confidence"] == "high" and events_code.is_reported(ev)


def test_support_verb_raises_a_noun_to_a_report():
    plain = make_doc("تحدث التقرير عن هجوم على القرية.", [])
    supported = make_doc("شن المسلحون هجوما على القرية.", [])
    assert score(supported, "ASSAULT") >= score(plain, "ASSAULT") + 2


def test_purpose_masdar_is_not_a_report():
    purpose = make_doc("أرسلت الحكومة تعزيزات لمنع تهريب السلاح بهدف اعتقال المهربين.", [])
    report = make_doc("اعتقلت الحكومة المهربين.", [])
    assert score(purpose, "COERCE") < score(report, "COERCE")


def test_generic_fight_as_purpose_or_domain_is_not_coded():
    # لمكافحة X after an organisation is its purpose (a descriptor); في محاربة X after a cooperative
    # act is its domain: neither is a fight of its own
    for text, ents in (("وصل وفد التحالف الدولي لمكافحة الإرهاب إلى بغداد.", []),
                       ("وأكد الوزير وجود تنسيق مع الأردن في محاربة التنظيم.", [("الأردن", "GPE", "jordan", "NAM")])):
        doc = make_doc(text, ents)
        assert not events(doc, "ASSAULT"), text
    kept = make_doc("وبدأ الجيش محاربة المهربين في الصحراء.", [("الجيش", "ORG", "army", "INST")])
    assert events(kept, "ASSAULT")


def test_generic_fight_without_fighter_is_a_topic_unless_demanded():
    topic = make_doc("محاربة الفساد أبرز محاور الاجتماع.", [])
    assert not events(topic, "ASSAULT")
    demanded = make_doc("لا بد من تحريرها من داعش.", [("داعش", "ORG", "isis", "NAM")])
    assert events(demanded, "ASSAULT")


def test_generic_kind_of_act_is_low():
    doc = make_doc("أطلقت الجمعية حملة ضد خطف الأطفال.", [])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["confidence"] == "low"


def test_temporal_clause_and_relative_clause_lower_the_score():
    main = make_doc("خطف مسلحون سائقا في الطريق.", [])
    back = make_doc("توقفت الشاحنات بعد أن خطف مسلحون سائقا في الطريق.", [])
    assert score(back, "ASSAULT") < score(main, "ASSAULT")
    rel = make_doc("عاد الصحفي الذي خطفه مسلحون في الطريق.", [])
    assert score(rel, "ASSAULT") < score(main, "ASSAULT")


def test_condemnation_reports_the_reaction():
    doc = make_doc("أدان الحزب عملية الخطف في الطريق.", [])
    bare = make_doc("وقعت عملية الخطف في الطريق.", [])
    assert score(doc, "ASSAULT") < score(bare, "ASSAULT")


def test_subjunctive_imperfect_is_not_asserted():
    doc = make_doc("تخشى الحكومة أن يهاجم المسلحون القرية.", [])
    assert one(doc, "ASSAULT").attrs["modality"] == "hypothetical"
    doc = make_doc("تخشى الحكومة أن يتم قصف القرية.", [])
    assert one(doc, "ASSAULT").attrs["modality"] == "hypothetical"
    doc = make_doc("قال الضابط إن المسلحين هاجموا القرية.", [])
    assert one(doc, "ASSAULT").attrs["modality"] == "asserted"


def test_figurative_natural_and_defused_attacks_are_dropped():
    assert not events(make_doc("فجر اللاعب مفاجأة كبيرة في المباراة.", []), "ASSAULT")
    assert not events(make_doc("دمر زلزال قوي عشرات المنازل.", []), "ASSAULT")
    assert not events(make_doc("فككت الشرطة عبوة ناسفة قرب السوق.", []), "ASSAULT")
    assert events(make_doc("فجر انتحاري عبوة ناسفة قرب السوق.", []), "ASSAULT")


def test_protest_crowd_and_adverbial():
    crowd = make_doc("تجمع آلاف المتظاهرين أمام البرلمان احتجاجا على القانون.", [])
    evs = events(crowd, "PROTEST")
    assert evs and max(e.attrs["report_score"] for e in evs) >= 4


def test_street_phrase_is_a_protest():
    doc = make_doc("ونزل آلاف الطلاب إلى شوارع العاصمة أمس.", [])
    assert events(doc, "PROTEST")


# ------------------------------------------------------------------ actors
def test_light_verb_subject_is_the_source():
    text = "وقام متظاهرون في ضواحي ميلانو بالاحتجاج على القرار."
    doc = make_doc(text, [("ميلانو", "GPE", "milan", "NAM")])
    ev = one(doc, "PROTEST")
    assert [s["text"] for s in ev.attrs["source_spans"]] == ["متظاهرون"]


def test_place_after_location_noun_is_not_an_actor():
    text = "تظاهر سكان ضواحي ميلانو أمس."
    doc = make_doc(text, [("ميلانو", "GPE", "milan", "NAM")])
    ev = one(doc, "PROTEST")
    assert ev.attrs["source_entity_id"] != "milan"
    assert ev.attrs["location_entity_id"] is None or ev.attrs["location_entity_id"] == "milan"


def test_support_verb_before_noun_gives_source():
    text = "شنت القوات الجوية غارة جوية على مواقع المسلحين."
    doc = make_doc(text, [("القوات الجوية", "ORG", "air_force", "INST")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["source_entity_id"] == "air_force"


def test_suffer_verb_subject_is_the_target():
    text = "تعرض الوزير سامي الكردي لمحاولة اغتيال في مدينة حلب."
    doc = make_doc(text, [("سامي الكردي", "PER", "sami", "NAM"), ("حلب", "GPE", "aleppo", "NAM")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["target_entity_id"] == "sami"
    assert ev.attrs["source_entity_id"] is None


def test_resumptive_support_verb_after_noun_gives_source():
    text = "وقع الهجوم على الحاجز ونفذه مسلحون من جماعة النصر."
    doc = make_doc(text, [("جماعة النصر", "ORG", "nasr", "NAM")])
    ev = events(doc, "ASSAULT")[0]
    # (the gunmen of a named group are one actor with the group's id)
    assert [s["text"] for s in ev.attrs["source_spans"]] == ["مسلحون من جماعة النصر"]
    assert ev.attrs["source_entity_id"] == "nasr"


def test_passive_with_agent():
    text = "خطف صحفي أجنبي على أيدي مسلحين في العاصمة."
    doc = make_doc(text, [])
    ev = one(doc, "ASSAULT")
    assert [s["text"] for s in ev.attrs["source_spans"]] == ["مسلحين"]
    text = "قتل الحارس برصاص قناص قرب المبنى."
    doc = make_doc(text, [])
    ev = one(doc, "ASSAULT")
    assert [s["text"] for s in ev.attrs["target_spans"]] == ["الحارس"] or \
        "قناص" in [s["text"] for s in ev.attrs["source_spans"]]


def test_object_span_skips_time_and_keeps_counted_noun():
    doc = make_doc("وخطف مسلحون مجهولون قبل ظهر أمس أربعة مهندسين في الولاية.", [])
    ev = one(doc, "ASSAULT")
    tgt = [s["text"] for s in ev.attrs["target_spans"]]
    assert tgt and "مهندسين" in tgt[0] and "قبل" not in tgt[0]


def test_protest_target_after_ala():
    text = "تظاهر الطلاب أمس احتجاجا على قرار وزارة التعليم."
    doc = make_doc(text, [("وزارة التعليم", "ORG", "moe", "INST")])
    evs = events(doc, "PROTEST")
    assert any(e.attrs["target_entity_id"] == "moe" for e in evs)


# ------------------------------------------------------------------ dates
def test_ghadat_anchor_is_one_day_earlier():
    text = "جاء البيان غداة غارة جوية على المدينة."
    doc = Document(text)
    doc.add_span("sentences", 0, len(text), "test", zone="body", line=0)
    doc.mark_produced(["sentences", "entities"])
    start = text.index("غداة")
    doc.add_span("timexes", start, len(text) - 1, "test", label="event_anchored", value="2023-05-10")
    doc.set_fact("published", "2023-05-11", "test")
    events_code.STAGE(doc)
    ev = one(doc, "ASSAULT")
    assert ev.attrs["date"] == "2023-05-09"


def test_clause_time_expression_wins_over_a_nearer_one_elsewhere():
    text = "قال المتحدث الأحد إن مسلحين هاجموا القرية يوم الجمعة."
    doc = make_doc(text, [], published="2023-05-08",
                   timexes=[("الأحد", "2023-05-07"), ("يوم الجمعة", "2023-05-05")])
    assert one(doc, "ASSAULT").attrs["date"] == "2023-05-05"


def test_past_material_verb_without_time_has_no_date():
    doc = make_doc("وساهم الجيش في تدريب الشرطة.", [], published="2023-05-08")
    assert all(e.attrs["date"] is None for e in events(doc, "AID"))
    doc = make_doc("ويسيطر الجيش على المدينة حاليا.", [], published="2023-05-08")
    assert one(doc, "COERCE").attrs["date"] == "2023-05-08"


def test_later_quote_of_a_speaker_takes_his_statement_date():
    text = ("أعلن المتحدث خالد سامر أمس الاثنين أن قواته باقية. "
            "وقال خالد سامر: \"سنظل على تشاور مع الحكومة\".")
    doc = Document(text)
    first = (0, text.index(". ") + 1)
    second = (first[1] + 1, len(text))
    for a, b in (first, second):
        doc.add_span("sentences", a, b, "test", zone="body", line=0)
    i = 0
    for _ in range(2):
        s = text.index("خالد سامر", i)
        doc.add_span("entities", s, s + len("خالد سامر"), "test", label="PER", entity_id="khaled", form="NAM")
        i = s + 1
    doc.mark_produced(["sentences", "entities", "quotes"])
    c1 = text.index("أن قواته")
    doc.add_span("quotes", c1 + 3, text.index(". "), "test", label="indirect", speaker_entity_id="khaled",
                 cue={"start": text.index("أعلن"), "end": text.index("أعلن") + 4, "text": "أعلن"}, content={})
    c2 = text.index("سنظل")
    doc.add_span("quotes", c2, text.index("\".") , "test", label="direct", speaker_entity_id="khaled",
                 cue={"start": text.index("وقال"), "end": text.index("وقال") + 4, "text": "وقال"}, content={})
    t = text.index("أمس الاثنين")
    doc.add_span("timexes", t, t + len("أمس الاثنين"), "test", label="deictic", value="2023-05-08")
    doc.set_fact("published", "2023-05-09", "test")
    events_code.STAGE(doc)
    ev = one(doc, "AGREE")
    assert ev.attrs["source_entity_id"] == "khaled"
    assert ev.attrs["date"] == "2023-05-08"


# ------------------------------------------------------------------ on_behalf_of
def test_on_behalf_of_uses_the_speakers_office(monkeypatch):
    from rasid.entities.kb import Entity, KnowledgeBase, Role

    kb = KnowledgeBase([
        Entity(id="khaled", type="PER", country="atlantis",
               roles=[Role(role="spokesperson", of="atlantis_mod", start="2020-01-01")]),
        Entity(id="atlantis", type="GPE"), Entity(id="atlantis_mod", type="ORG", country="atlantis"),
    ])
    monkeypatch.setattr(events_code, "_kb", lambda: kb)
    events_code._kb_code.cache_clear()
    text = "وقال خالد سامر: \"سنظل على تشاور مع الحكومة\"."
    doc = make_doc(text, [("خالد سامر", "PER", "khaled", "NAM")], quotes=[("khaled", "سنظل على تشاور مع الحكومة")],
                   published="2023-05-09")
    ev = one(doc, "AGREE")
    assert ev.attrs["on_behalf_of"] == "atlantis_mod"
    text = "وقال خالد سامر: \"أتلانتس لا تخطط لسحب قواتها\"."
    doc = make_doc(text, [("خالد سامر", "PER", "khaled", "NAM"), ("أتلانتس", "GPE", "atlantis", "NAM")],
                   quotes=[("khaled", "أتلانتس لا تخطط لسحب قواتها")], published="2023-05-09")
    ev = one(doc, "CONCEDE")
    assert ev.attrs["on_behalf_of"] == "atlantis"
    events_code._kb_code.cache_clear()


def test_future_verb_does_not_reach_into_an_adjunct_phrase():
    # the files "will be raised" in the dialogue: the dialogue itself is not a planned act
    doc = make_doc("حددت اللجنة الملفات التي ستطرح في الحوار بين البلدين.", [])
    assert all(e.attrs["modality"] == "asserted" for e in events(doc, "CONSULT"))
    # a copula keeps its predicate phrase: "we will remain in consultation" is pledged
    doc = make_doc("وقال الوزير: سنظل على تشاور مع الحكومة.", [])
    assert events(doc, "AGREE")


def test_conjoined_verb_after_an_object_shares_the_first_subject():
    text = "التقى الوزير سامي الكردي قائد الجيش، وزار مقر القيادة، والتقى بالمستشارين."
    doc = make_doc(text, [("سامي الكردي", "PER", "sami", "NAM"), ("مقر القيادة", "ORG", "hq", "NAM")])
    consult = events(doc, "CONSULT")
    assert consult and all(e.attrs["source_entity_id"] == "sami" for e in consult)


def test_restatement_lends_its_unnamed_agent_to_the_first_coding():
    doc = make_doc("وقتل أمس أربعة جنود في هجوم شنه مسلحون مجهولون على ثكنة.", [])
    evs = events(doc, "ASSAULT")
    assert len(evs) == 1
    assert [s["text"] for s in evs[0].attrs["source_spans"]] == ["مسلحون مجهولون"]
    assert "جنود" in evs[0].attrs["target_spans"][0]["text"]


def test_protest_source_falls_back_to_the_protesters_named():
    doc = make_doc("قال شهود إن المتظاهرين رددوا هتافات ضد الحكومة في المظاهرة الحاشدة.", [])
    evs = events(doc, "PROTEST")
    assert evs and all(e.attrs["source_spans"] and e.attrs["source_spans"][0]["text"] == "المتظاهرين" for e in evs)


def test_counted_victims_raise_an_attack_report():
    counted = make_doc("فتح مسلحون النار على حافلة فقتلوا 12 راكبا.", [])
    bare = make_doc("فتح مسلحون النار على حافلة فقتلوا الركاب.", [])
    assert max(e.attrs["report_score"] for e in events(counted, "ASSAULT")) > \
        max(e.attrs["report_score"] for e in events(bare, "ASSAULT"))
    # a year is not a count
    year = make_doc("فتح مسلحون النار على حافلة عام 1998 فقتلوا الركاب.", [])
    assert max(e.attrs["report_score"] for e in events(year, "ASSAULT")) <= \
        max(e.attrs["report_score"] for e in events(bare, "ASSAULT"))


def test_verbal_phrase_scores_as_a_finite_verb():
    doc = make_doc("رفعوا لافتات أمام السفارة.", [])
    noun = make_doc("شوهدت لافتات ومسيرة أمام السفارة.", [])
    assert max(e.attrs["report_score"] for e in events(doc, "PROTEST")) >= 2
    assert max((e.attrs["report_score"] for e in events(noun, "PROTEST")), default=-9) < \
        max(e.attrs["report_score"] for e in events(doc, "PROTEST"))


def test_demonstrators_as_subject_report_a_protest():
    doc = make_doc("وسار المتظاهرون بصمت نحو مقر الحاكم.", [])
    ev = one(doc, "PROTEST")
    assert ev.attrs["trigger"]["text"] == "وسار"
    assert [s["text"] for s in ev.attrs["source_spans"]] == ["المتظاهرون"]
    doc = make_doc("ورشق مئات المتظاهرين قوات الأمن بالحجارة.", [])
    assert one(doc, "PROTEST").attrs["trigger"]["text"] == "ورشق"
    doc = make_doc("وقال شهود إن متظاهرين أحرقوا إطارات في الشارع.", [])
    assert one(doc, "PROTEST").attrs["trigger"]["text"] == "أحرقوا"
    # demonstrators governed by a preposition are not the subject; a detainee is not a protester
    assert not events(make_doc("وأطلقت الشرطة الغاز على المتظاهرين.", []), "PROTEST")
    assert not events(make_doc("وأفرج الجيش عن المحتجزين.", []), "PROTEST")


def test_any_and_pose_a_threat_are_not_events():
    assert not events(make_doc("وقال إن أي هجوم على السفارة سيقابل برد حازم.", []), "ASSAULT")
    assert events(make_doc("وقال إن هجوما وقع على السفارة.", []), "ASSAULT")
    assert not events(make_doc("وهي عصابات تمثل تهديدا للسلم الأهلي.", []), "THREATEN")
