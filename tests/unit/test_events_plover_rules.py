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


# ------------------------------------------------------------------ round 3: sources, protest content, non-events
def test_partitive_group_stands_where_its_group_stands():
    doc = make_doc("وقال الشاهد إن العشرات من المستوطنين هاجموا المزارعين في الحقول.", [])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["المستوطنين"] and ev.attrs["confidence"] == "high"


def test_subject_of_kana_is_the_subject_of_a_verb_after_qad():
    doc = make_doc("وكانت دورية من قوات الحدود قد قتلت أمس ثلاثة مهربين قرب الوادي.", [])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["قوات"] and "مهربين" in " ".join(texts(ev, "target"))
    # a passive after قد keeps no agent
    doc = make_doc("وكان ثلاثة جنود قد قتلوا في كمين قرب الوادي.", [])
    assert all(not texts(e, "source") for e in events(doc, "ASSAULT"))


def test_event_noun_in_a_unit_name_is_no_event():
    doc = make_doc("وانتشرت قوات مكافحة الشغب في الساحة الرئيسية أمس.", [])
    assert not events(doc, "ASSAULT")
    # the noun after a definite force noun is the event (أعلنت الشرطة مقتل ...)
    doc = make_doc("أعلنت الشرطة مقتل ثلاثة أشخاص أمس.", [])
    assert events(doc, "ASSAULT")


def test_explosion_of_an_abstract_subject_is_figurative():
    doc = make_doc("وانفجرت مظاهرات غاضبة في المدينة أمس.", [])
    assert not events(doc, "ASSAULT")
    doc = make_doc("ويخشى المراقبون أن تنفجر الأزمة مجددا.", [])
    assert not events(doc, "ASSAULT")
    doc = make_doc("وانفجرت عبوة ناسفة في السوق أمس.", [])
    assert events(doc, "ASSAULT")


def test_named_war_and_war_as_a_legal_term_are_no_events():
    doc = make_doc("وتحدث الكاتب عن ذكرياته خلال حرب الخليج الثانية.", [])
    assert not events(doc, "ASSAULT")
    doc = make_doc("ووصف المتظاهرون الوزير بأنه مجرم حرب.", [])
    assert not events(doc, "ASSAULT")


def test_dawn_adverb_is_no_detonation():
    doc = make_doc("وتجمع الطلاب في الساحة فجرا.", [])
    assert not events(doc, "ASSAULT")


def test_chant_and_sign_quotes_are_what_protesters_voice():
    doc = make_doc("وتجمع مئات المتظاهرين وهم يرددون هتافات «الموت للطغاة» و«أوقفوا قتل الأطفال».", [])
    assert not events(doc, "ASSAULT")
    assert one(doc, "PROTEST").attrs["confidence"] == "high"
    doc = make_doc("ورفع المحتجون لافتات كتب عليها «لا لقصف المدن».", [])
    assert not events(doc, "ASSAULT")
    # a quote without a chant cue is reported speech (its events stay)
    doc = make_doc("وقال الضابط «قتل المسلحون ثلاثة جنود أمس».", [])
    assert events(doc, "ASSAULT")


def test_demands_made_by_demonstrators_are_their_protest():
    doc = make_doc("وتجمع المتظاهرون أمام البلدية، وطالب المتظاهرون المحافظ بالاستقالة.", [])
    assert not events(doc, "REQUEST")
    assert events(doc, "PROTEST")
    doc = make_doc("وسقط جرحى في صفوف المحتجين الذين كانوا يطالبون بزيادة الأجور.", [])
    assert not events(doc, "REQUEST")
    ev = one(doc, "PROTEST")
    assert texts(ev, "source") == ["المحتجين"] and ev.attrs["confidence"] != "high"


def test_call_to_protest_organises_it():
    doc = make_doc("دعت نقابة المعلمين إلى تنظيم مظاهرة أمام البرلمان غدا.",
                   [("نقابة المعلمين", "ORG", "union", "NAM")])
    assert not events(doc, "REQUEST")
    assert one(doc, "PROTEST").attrs["source_entity_id"] == "union"


def test_act_protested_against_is_a_topic_and_its_agent_the_target():
    doc = make_doc("وتظاهر آلاف الطلاب أمس احتجاجا على الغارات التركية على القرى.",
                   [("التركية", "GPE", "TUR", "ADJ")])
    assert not events(doc, "ASSAULT")
    assert one(doc, "PROTEST").attrs["target_entity_id"] == "TUR"


def test_casualties_before_the_attack_take_its_agent():
    doc = make_doc("أعلنت الشرطة مقتل خمسة مدنيين في هجوم نفذته حركة الفجر قرب السوق.",
                   [("حركة الفجر", "ORG", "fajr", "NAM")])
    evs = events(doc, "ASSAULT")
    assert any(e.attrs["source_entity_id"] == "fajr" and "مدنيين" in " ".join(texts(e, "target")) for e in evs)
    # casualties listed at length before the attack, whose agent is named at the end
    doc = make_doc("أعلنت الشرطة مقتل ستة مدنيين امس وجرح 7 اشخاص بينهم جنديان في هجوم انتحاري بسيارة مفخخة وتبنته "
                   "حركة الفجر.", [("حركة الفجر", "ORG", "fajr", "NAM")])
    killed = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "مقتل"]
    assert killed and all(e.attrs["source_entity_id"] == "fajr" for e in killed)
    # a verb keeps its own subject (قتل الجنود مهربا في كمين)
    doc = make_doc("قتل الجنود مهربا في كمين نفذوه قرب السوق.", [])
    assert texts([e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قتل"][0], "source") == ["الجنود"]


def test_adjective_of_an_attack_noun_is_no_agent():
    doc = make_doc("وقتل أربعة أشخاص في عملية انتحارية قرب السوق أمس.", [])
    evs = events(doc, "ASSAULT")
    assert evs and not any("انتحارية" in t for e in evs for t in texts(e, "source"))
    doc = make_doc("أعلنت الشرطة مقتل ستة مدنيين في هجوم انتحاري استهدف السوق.", [])
    evs = events(doc, "ASSAULT")
    assert evs and not any("انتحاري" in t for e in evs for t in texts(e, "source"))
    # an indefinite agent word after a definite noun is no adjective of it (نفذ الهجوم انتحاري): it stays an actor
    doc = make_doc("ونفذ الهجوم انتحاري يقود شاحنة.", [])
    assert any("انتحاري" in texts(e, "source") + texts(e, "target") for e in events(doc, "ASSAULT"))


# ------------------------------------------------------------------ round 3
def test_demonstrators_as_casualties_are_no_protest():
    doc = make_doc("وسقط متظاهر قتيلا برصاص الشرطة قرب الجسر.", [])
    assert not events(doc, "PROTEST")
    doc = make_doc("إصابة 5 متظاهرين بجروح في المدينة.", [])
    assert not events(doc, "PROTEST")
    # demonstrators acting after a clause-opening verb still protest
    doc = make_doc("وسار المتظاهرون نحو مقر البلدية.", [])
    assert events(doc, "PROTEST")


def test_light_verb_makes_a_masdar_a_reported_act():
    doc = make_doc("وفي المدينة، قام مسلحون ملثمون، فجر الخميس، بخطف تاجر من متجره.", [])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["confidence"] != "low"
    # without the light verb the masdar after a preposition is a reference, not a report
    doc = make_doc("وفي المدينة، تحدث مسلحون ملثمون عن خطف تاجر من متجره.", [])
    assert all(e.attrs["confidence"] == "low" for e in events(doc, "ASSAULT"))
    # in a relative clause the act describes its antecedent: no more than a plain masdar
    doc = make_doc("ودانت الوزارة المسلحين الذين قاموا بخطف تاجر.", [])
    assert all(e.attrs["confidence"] != "high" for e in events(doc, "ASSAULT"))


def test_nisba_after_a_first_adjective_is_the_agent():
    doc = make_doc("وتواصلت الغارات الجوية الفرنسية على مواقع المتمردين.", [("الفرنسية", "GPE", "FRA", "ADJ")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["source_entity_id"] == "FRA"
    # a first word that is no adjective (a definite genitive noun) leaves the nisba after it to that noun
    doc = make_doc("وتواصلت الغارات على الحدود الفرنسية أمس.", [("الفرنسية", "GPE", "FRA", "ADJ")])
    assert all(e.attrs["source_entity_id"] != "FRA" for e in events(doc, "ASSAULT"))


def test_casualties_in_a_series_of_attacks_take_its_agent():
    doc = make_doc("وقتل 40 قرويا في سلسلة من الغارات الجوية الفرنسية على الوادي.",
                   [("الفرنسية", "GPE", "FRA", "ADJ")])
    killed = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "وقتل"]
    assert killed and killed[0].attrs["source_entity_id"] == "FRA"
    assert "قرويا" in " ".join(texts(killed[0], "target"))


def test_counted_victims_before_an_apposition_and_a_passive_verb():
    doc = make_doc("وقال الطبيب إن «خمسة قرويين، بينهم امرأتان، قتلوا في القصف».", [])
    ev = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قتلوا"][0]
    assert texts(ev, "target") == ["خمسة قرويين"]


def test_agent_words_of_the_generic_agent_lexicon():
    doc = make_doc("وأطلق بعض الفدائيين النار على دورية.", [])
    assert texts(one(doc, "ASSAULT"), "source") == ["الفدائيين"]
    doc = make_doc("وقال إن ضابطا قتل مزارعا قرب الحدود.", [])
    ev = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قتل"][0]
    assert texts(ev, "source") == ["ضابطا"]


def test_unnamed_target_of_a_fire_phrase_after_ala():
    doc = make_doc("وأطلق مسلحون النار على المقر الرئيسي للبلدية ثم فروا.", [])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["مسلحون"] and texts(ev, "target") and texts(ev, "target")[0].startswith("المقر")


def test_agent_word_after_a_definite_or_other_case_agent_is_a_new_actor():
    doc = make_doc("ورشق المتظاهرين قوات الأمن بالحجارة.", [])
    ev = one(doc, "PROTEST")
    assert texts(ev, "source") == ["المتظاهرين"]
    doc = make_doc("كما هاجم مسلحون ملثمون مدنيين قرب السوق.", [])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["مسلحون ملثمون"] and texts(ev, "target") == ["مدنيين"]


def test_victim_of_a_passive_is_not_the_agent_of_the_attack_noun_after_it():
    doc = make_doc("وزار المدينة الوزير سامي الذي اغتيل في هجوم العام الماضي.",
                   [("الوزير سامي", "PER", "sami", "NAM")])
    evs = events(doc, "ASSAULT")
    assert evs and all(e.attrs["source_entity_id"] != "sami" for e in evs)


def test_what_demonstrators_act_on_is_the_protest_target():
    doc = make_doc("وحطم متظاهرون سيارات الشرطة في الساحة.", [])
    ev = one(doc, "PROTEST")
    assert texts(ev, "source") == ["متظاهرون"] and texts(ev, "target") == ["الشرطة"]


def test_pluperfect_kana_qad_reports_the_verb_after_qad():
    doc = make_doc("وكان متظاهرون في البلدة قد أحرقوا إطارات السيارات.", [])
    ev = one(doc, "PROTEST")
    assert ev.attrs["trigger"]["text"] == "أحرقوا" and ev.attrs["modality"] == "asserted"


def test_qad_before_a_perfect_asserts_before_an_imperfect_is_possible():
    doc = make_doc("وقد قتل مسلحون ثلاثة حراس في المدينة أمس.", [])
    assert one(doc, "ASSAULT").attrs["modality"] == "asserted"
    doc = make_doc("وقد يقتل مسلحون حراس المدينة.", [])
    assert one(doc, "ASSAULT").attrs["modality"] == "hypothetical"


def test_subject_after_a_protest_verb_behind_a_quantity_with_min():
    doc = make_doc("تظاهر أمس عشرات من أعضاء النقابة أمام الوزارة، وهتف المتظاهرون ضد الوزير.", [])
    ev = [e for e in events(doc, "PROTEST") if e.attrs["trigger"]["text"] == "تظاهر"][0]
    assert texts(ev, "source") == ["أعضاء"]


def test_actor_inside_a_verb_phrase_with_its_plural_subject_is_the_object():
    doc = make_doc("وفي المساء رشقوا قوات الأمن بالحجارة قرب البلدية.", [])
    ev = one(doc, "PROTEST")
    assert "قوات" in " ".join(texts(ev, "target")) and "قوات" not in " ".join(texts(ev, "source"))


def test_protesters_object_behind_time_words_and_clash_partner():
    doc = make_doc("وأحرق متظاهرون يوم السبت مقر الحزب في البلدة.", [])
    assert texts(one(doc, "PROTEST"), "target") == ["الحزب"]
    doc = make_doc("واشتبك متظاهرون غاضبون مع الشرطة قرب الجسر.", [])
    assert texts(one(doc, "PROTEST"), "target") == ["الشرطة"]


def test_nisba_of_an_accusative_object_is_not_the_next_verbs_subject():
    doc = make_doc("وحمل المتظاهرون أعلاما تركية وتجمعوا في الساحة.", [("تركية", "GPE", "TUR", "ADJ")])
    ev = one(doc, "PROTEST")
    assert ev.attrs["source_entity_id"] != "TUR" and texts(ev, "source") == ["المتظاهرون"]
    # a nisba describing the subject noun stays the agent (قوة إسرائيلية اقتحمت)
    doc = make_doc("وقالت المصادر إن وحدة تركية اقتحمت القرية.", [("تركية", "GPE", "TUR", "ADJ")])
    assert one(doc, "ASSAULT").attrs["source_entity_id"] == "TUR"


def test_chants_raised_by_an_actor_in_a_relative_clause():
    doc = make_doc("وتذكر الكاتب الهتافات التي رددها الطلاب أمام الجامعة.", [])
    assert texts(one(doc, "PROTEST"), "source") == ["الطلاب"]


def test_firing_rockets_is_an_attack():
    doc = make_doc("وأطلقت الفصائل أمس ثلاثة صواريخ على المستوطنة.", [("الفصائل", "ORG", "factions", "NAM")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["source_entity_id"] == "factions" and ev.attrs["confidence"] == "high"


def test_named_subject_of_kana_wins_over_its_apposition():
    doc = make_doc("وكانت «سرايا النصر»، الجناح العسكري لحركة الفجر قد قصفت مواقع الجيش أمس.",
                   [("سرايا النصر", "ORG", "saraya", "NAM"), ("حركة الفجر", "ORG", "fajr", "NAM")])
    assert one(doc, "ASSAULT").attrs["source_entity_id"] == "saraya"


def test_a_name_in_the_gap_of_a_phrase_keeps_the_trigger():
    doc = make_doc("وأطلق حرس الحدود النار على المهربين.", [("حرس الحدود", "ORG", "guards", "NAM")])
    assert one(doc, "ASSAULT").attrs["source_entity_id"] == "guards"


def test_demonstrators_violence_is_part_of_their_protest():
    doc = make_doc("وتظاهر مئات الطلاب أمام الوزارة واشتبك المتظاهرون مع الشرطة.", [])
    assert events(doc, "PROTEST") and not events(doc, "ASSAULT")
    # force used on demonstrators stays an attack
    doc = make_doc("وتظاهر مئات الطلاب أمام الوزارة وأطلقت الشرطة النار على المتظاهرين.", [])
    assert events(doc, "PROTEST") and events(doc, "ASSAULT")


def test_subject_of_a_light_verb_across_a_phrase_set_off_by_commas():
    doc = make_doc("وروى شاهد كيف قام ثلاثة جنود، من وحدة تابعة للواء الخامس، بضرب سائق الشاحنة.", [])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["جنود"]


def test_members_named_by_a_pronoun_stand_for_their_group():
    doc = make_doc("وأعلنت الشرطة مقتل اثنين من عناصرها في كمين قرب الحدود.", [("الشرطة", "ORG", "police", "NAM")])
    ev = [e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "مقتل"][0]
    assert ev.attrs["target_entity_id"] == "police" and ev.attrs["source_entity_id"] is None


def test_unnamed_victims_of_an_organisation():
    doc = make_doc("وقتل الجيش أمس سبعة مسلحين من حركة الفجر في الجبل.",
                   [("الجيش", "ORG", "army", "NAM"), ("حركة الفجر", "ORG", "fajr", "NAM")])
    ev = one(doc, "ASSAULT")
    assert ev.attrs["source_entity_id"] == "army" and ev.attrs["target_entity_id"] == "fajr"


def test_title_with_its_genitive_before_a_name_is_that_person():
    doc = make_doc("وخطف مسلحون ملثمون أمس نائب رئيس البلدية سامي الكردي.", [("سامي الكردي", "PER", "sami", "NAM")])
    assert one(doc, "ASSAULT").attrs["target_entity_id"] == "sami"
    # a title right after an agent word is no description of it: it starts the victim
    doc = make_doc("وخطف مسلحون نائب رئيس البلدية سامي الكردي.", [("سامي الكردي", "PER", "sami", "NAM")])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["مسلحون"] and ev.attrs["target_entity_id"] == "sami"


def test_day_of_rage_vigil_and_chanting_participle_are_protests():
    doc = make_doc("ودعت النقابات إلى يوم غضب في كل المدن.", [])
    assert events(doc, "PROTEST")
    doc = make_doc("ونظم العمال وقفة احتجاجية أمام المصنع.", [])
    assert events(doc, "PROTEST")
    doc = make_doc("وتوجه الطلاب إلى الساحة هاتفين ضد الوزير.", [])
    assert events(doc, "PROTEST")


def test_demonstrators_verb_after_a_fronted_place_phrase_or_a_clause_particle():
    doc = make_doc("وفي العاصمة أحرق المتظاهرون إطارات السيارات.", [])
    assert one(doc, "PROTEST").attrs["trigger"]["text"] == "أحرق"
    doc = make_doc("وبعد أن أغلق المتظاهرون الجسر، تفرقوا بهدوء.", [])
    assert one(doc, "PROTEST").attrs["trigger"]["text"] == "أغلق"
    doc = make_doc("إلى ذلك سارت حشود من المتظاهرين في البلدة.", [])
    assert texts(one(doc, "PROTEST"), "source") == ["المتظاهرين"]


def test_protest_target_is_the_owner_of_the_seat_they_go_to():
    doc = make_doc("وتوجه المتظاهرون إلى مقر الحكومة في العاصمة.", [("الحكومة", "ORG", "gov", "NAM")])
    assert one(doc, "PROTEST").attrs["target_entity_id"] == "gov"
    # the seat they set out from is no target
    doc = make_doc("وانطلق المتظاهرون من أمام مقر الحكومة نحو الساحة.", [("الحكومة", "ORG", "gov", "NAM")])
    assert all(e.attrs["target_entity_id"] != "gov" for e in events(doc, "PROTEST"))


def test_a_plural_group_before_a_name_is_no_title_of_it():
    doc = make_doc("وسلم المتظاهرون سامي الكردي مذكرة احتجاج.", [("سامي الكردي", "PER", "sami", "NAM")])
    assert texts(one(doc, "PROTEST"), "source") == ["المتظاهرون"]


def test_protest_near_a_building_targets_its_owner():
    doc = make_doc("وتجمع مئات المتظاهرين بالقرب من مبنى الوزارة ظهر أمس.", [("الوزارة", "ORG", "ministry", "NAM")])
    assert one(doc, "PROTEST").attrs["target_entity_id"] == "ministry"


def test_a_demand_to_stop_something_targets_it():
    doc = make_doc("وتظاهر مئات الطلاب مطالبين بوقف العدوان التركي.", [("التركي", "GPE", "TUR", "ADJ")])
    assert one(doc, "PROTEST").attrs["target_entity_id"] == "TUR"


def test_clash_partner_of_demonstrators_is_the_protest_target():
    doc = make_doc("وتواصلت الاحتجاجات في المدينة مع مواجهات بين المتظاهرين والشرطة.", [])
    ev = one(doc, "PROTEST")
    assert "الشرطة" in " ".join(texts(ev, "target")) and not events(doc, "ASSAULT")


def test_party_sending_demonstrators_is_the_protest_source():
    doc = make_doc("ودفعت المعارضة أمس بآلاف المتظاهرين إلى الساحة في تجمع حاشد.", [])
    assert texts(one(doc, "PROTEST"), "source") == ["المعارضة"]


def _score(text: str, etype: str, trigger: str) -> int:
    doc = make_doc(text, [])
    return [e for e in events(doc, etype) if e.attrs["trigger"]["text"] == trigger][0].attrs["report_score"]


def test_a_definite_event_noun_with_a_relative_clause_recalls_a_known_event():
    recalled = _score("وتحدث الوزير عن التحقيق في الهجوم الذي استهدف السوق أمس.", "ASSAULT", "الهجوم")
    reported = _score("وتحدث الوزير عن التحقيق في الهجوم على السوق أمس.", "ASSAULT", "الهجوم")
    assert recalled < reported


def test_an_event_dated_back_in_time_is_recalled():
    ago = _score("وقال المسؤول إن الجندي الذي خطف قبل عشرة أيام ما زال محتجزا.", "ASSAULT", "خطف")
    today = _score("وقال المسؤول إن الجندي الذي خطف أمس ما زال محتجزا.", "ASSAULT", "خطف")
    assert ago < today


def test_a_negated_main_verb_lowers_the_report_of_an_event_after_it():
    negated = _score("ولم يعلن المحققون أي تقدم في التحقيق في تفجير السوق أمس.", "ASSAULT", "تفجير")
    plain = _score("وأعلن المحققون تقدما في التحقيق في تفجير السوق أمس.", "ASSAULT", "تفجير")
    assert negated < plain


def test_imperfect_fire_phrase_after_a_perception_verb():
    doc = make_doc("وقال شاهد إنه رأى مسلحين يطلقون النار على سيارة الإسعاف.", [])
    ev = one(doc, "ASSAULT")
    assert texts(ev, "source") == ["مسلحين"] and texts(ev, "target")[0].startswith("سيارة")


def test_subject_of_a_suffer_verb_across_an_apposition_is_the_victim():
    doc = make_doc("تعرض نائب المحافظ، سامي الكردي، شقيق رئيس البلدية، لمحاولة اغتيال في المدينة.",
                   [("سامي الكردي", "PER", "sami", "NAM")])
    assert one(doc, "ASSAULT").attrs["target_entity_id"] == "sami"


def test_victims_counted_after_ma_majmuuhu():
    doc = make_doc("وقال الضابط إن المسلحين خطفوا ما مجموعه 12 شخصا.", [])
    assert texts(one(doc, "ASSAULT"), "target") == ["12 شخصا"]


def test_clause_describing_the_subject_before_the_counted_victims():
    doc = make_doc("وخطف مسلحون يرتدون زي الجيش ثلاثة مهندسين من موقع العمل.", [])
    assert texts(one(doc, "ASSAULT"), "target") == ["ثلاثة مهندسين"]


def test_a_clash_noun_naming_one_side_is_part_of_the_protest():
    doc = make_doc("واحتشد مئات المتظاهرين أمام البرلمان وتحول التجمع إلى مواجهات مع الشرطة.", [])
    assert events(doc, "PROTEST") and not events(doc, "ASSAULT")


def test_a_sources_anonymity_is_no_request():
    doc = make_doc("وأكد أحد الحراس، طالبا عدم الكشف عن اسمه، أن السجن هادئ.", [])
    assert not events(doc, "REQUEST")
    doc = make_doc("وطالب الوزير بالكشف عن المتورطين.", [])
    assert events(doc, "REQUEST")


def test_a_plural_demand_without_its_own_subject_after_a_protest_is_its_content():
    doc = make_doc("وتظاهر مئات الطلاب أمام المبنى وسلموا رسالة طالبوا فيها بإقالة الوزير.", [])
    assert events(doc, "PROTEST") and not events(doc, "REQUEST")
