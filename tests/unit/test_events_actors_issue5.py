"""Issue 5: actor rules of events.code for statements about cooperation and foreign forces.

Each sentence is invented (none is taken from the seeds or the PLOVER files) and shows one
pattern of Arabic news prose; where it matters a minimal variant without the pattern is checked too."""
from __future__ import annotations

from test_events import events, make_doc  # noqa: E402  (tests/unit is on sys.path under pytest)


def actors_of(ev) -> tuple:
    return ev.attrs.get("source_entity_id"), ev.attrs.get("target_entity_id")


def only(doc, etype):
    evs = events(doc, etype)
    assert len(evs) == 1, [(e.label, e.attrs["trigger"]["text"], actors_of(e)) for e in doc.spans("events")]
    return evs[0]


def test_reporter_is_a_party_of_a_cooperation_noun_with_a_partner():
    text = "وأكدت وزارة الدفاع الأردنية أن علاقتها مع الجيش المصري مبنية على التعاون."
    ents = [("وزارة الدفاع الأردنية", "ORG", "jordan_mod", "NAM"), ("الجيش المصري", "ORG", "egypt_army", "NAM")]
    quote = ("jordan_mod", "علاقتها مع الجيش المصري مبنية على التعاون")
    ev = only(make_doc(text, ents, quotes=[quote]), "COOPERATE")
    assert actors_of(ev) == ("jordan_mod", "egypt_army")
    # a bare noun with no partner stays a topic, even with a speaker
    bare = make_doc("وأكدت وزارة الدفاع الأردنية أهمية التعاون.", ents[:1],
                    quotes=[("jordan_mod", "أهمية التعاون")])
    assert not events(bare, "COOPERATE")


def test_one_member_between_is_the_partner_of_the_reporter():
    text = "وأشادت البعثة بوجود تعاون كبير بين الشرطة المحلية، وتحدثت عن المرحلة المقبلة."
    ents = [("البعثة", "ORG", "un_mission", "INST"), ("الشرطة المحلية", "ORG", "local_police", "INST")]
    quote = ("un_mission", "بوجود تعاون كبير بين الشرطة المحلية")
    ev = only(make_doc(text, ents, quotes=[quote]), "COOPERATE")
    assert actors_of(ev) == ("un_mission", "local_police")


def test_verb_form_after_a_governing_noun_is_a_masdar():
    # وجود تعاون: تعاون is the noun here, so the actors are found as for a noun
    text = "وأكدت تركيا وجود تعاون مع قطر."
    ents = [("تركيا", "GPE", "turkey", "NAM"), ("قطر", "GPE", "qatar", "NAM")]
    ev = only(make_doc(text, ents), "COOPERATE")
    assert actors_of(ev) == ("turkey", "qatar")


def test_definite_description_refers_back_to_the_organisation():
    text = "هاجم تنظيم القاعدة قرية في الشمال. وقال مسؤول إن التنظيم بدأ يتحرك نحو الحدود."
    ents = [("تنظيم القاعدة", "ORG", "al_qaeda", "NAM")]
    doc = make_doc(text, ents)
    doc_moves = [e for e in events(doc, "MOBILIZE")]
    assert doc_moves and actors_of(doc_moves[0])[0] == "al_qaeda"
    # nothing named before: the description stays unresolved
    alone = make_doc("وقال مسؤول إن التنظيم بدأ يتحرك نحو الحدود.", [])
    assert not any(actors_of(e)[0] for e in events(alone, "MOBILIZE"))


def test_generic_noun_with_adjective_names_an_organisation_of_the_text():
    text = ("وصلت القوات الأمنية اللبنانية إلى المدينة. "
            "وقال المتحدث إن الاتحاد الأوروبي قدم الدعم العسكري للقوات الأمنية في الشمال.")
    ents = [("القوات الأمنية اللبنانية", "ORG", "lebanese_forces", "NAM"),
            ("الاتحاد الأوروبي", "ORG", "eu", "NAM")]
    doc = make_doc(text, ents)
    aid = [e for e in events(doc, "AID")]
    assert aid and actors_of(aid[0]) == ("eu", "lebanese_forces")


def test_dual_noun_is_the_two_parties_named_before():
    text = "واجتمع وزيرا خارجية مصر والسودان. وجرت جولة من الحوار بين البلدين في القاهرة."
    ents = [("مصر", "GPE", "egypt", "NAM"), ("السودان", "GPE", "sudan", "NAM"), ("القاهرة", "GPE", "cairo", "NAM")]
    doc = make_doc(text, ents)
    talks = [e for e in events(doc, "CONSULT") if e.attrs["trigger"]["text"] == "الحوار"]
    assert talks and set(talks[0].attrs["source_entity_id"]) == {"egypt", "sudan"}


def test_meeting_noun_with_partner_has_both_as_source():
    text = "وقال وزير الخارجية التونسي إن الحوار الذي أجراه مع نظيره الجزائري كان مثمرا."
    ents = [("وزير الخارجية التونسي", "PER", "tunisia_fm", "NAM"), ("نظيره الجزائري", "PER", "algeria_fm", "NAM")]
    ev = only(make_doc(text, ents, quotes=[("tunisia_fm", "الحوار الذي أجراه مع نظيره الجزائري كان مثمرا")]),
              "CONSULT")
    assert set(ev.attrs["source_entity_id"]) == {"tunisia_fm", "algeria_fm"}
    assert ev.attrs.get("target_entity_id") is None


def test_reason_clause_is_not_the_target():
    text = "وقال الوزير إن هناك تنسيقا لأن داعش خطر على الجميع."
    doc = make_doc(text, [("الوزير", "PER", "minister", "NAM"), ("داعش", "ORG", "isis", "NAM")])
    for ev in events(doc, "COOPERATE"):
        assert not ev.attrs.get("target_entity_id")
    with_partner = make_doc("وقال الوزير إن هناك تنسيقا مع داعش.",
                            [("الوزير", "PER", "minister", "NAM"), ("داعش", "ORG", "isis", "NAM")])
    assert [ev.attrs.get("target_entity_id") for ev in events(with_partner, "COOPERATE")] == ["isis"]


def test_coordinated_or_pronoun_subject_masdar_shares_the_agent():
    text = "وتعهدت فرنسا بسحب قواتها من مالي، وأكدت أنها ليست بصدد إقامة قواعد في المنطقة."
    ents = [("فرنسا", "GPE", "france", "NAM"), ("مالي", "GPE", "mali", "NAM")]
    bases = [e for e in events(make_doc(text, ents), "MOBILIZE")]
    assert bases and actors_of(bases[0])[0] == "france" and bases[0].attrs["negated"] is True


def test_force_noun_before_organisation_is_that_organisation():
    text = "وشدد الرئيس على ضرورة دعم قوات حلف الناتو للجيش المحلي."
    ents = [("الرئيس", "PER", "president", "NAM"), ("حلف الناتو", "ORG", "nato", "NAM")]
    req = only(make_doc(text, ents), "REQUEST")
    assert req.attrs["target_entity_id"] == "nato"


def test_demand_that_forces_leave_is_a_request_by_the_reporting_subject():
    text = "وجدد رئيس الوزراء، أحمد الخطيب، موقف بلاده من إنهاء وجود القوات الروسية."
    ents = [("رئيس الوزراء، أحمد الخطيب", "PER", "ahmad_khatib", "NAM"),
            ("القوات الروسية", "ORG", "russian_forces", "NAM")]
    req = only(make_doc(text, ents), "REQUEST")
    assert actors_of(req) == ("ahmad_khatib", "russian_forces")


def test_verb_after_kama_shares_the_topic_subject():
    text = "وقال إن الجيش اللبناني، يعمل في الجنوب، كما حول ملكية المعسكر إلى البلدية."
    ents = [("الجيش اللبناني", "ORG", "lebanese_army", "NAM"), ("البلدية", "ORG", "municipality", "INST")]
    aid = only(make_doc(text, ents), "AID")
    assert actors_of(aid)[0] == "lebanese_army"


def test_casualty_phrase_names_the_victim_group():
    text = "وجاء ذلك بعد ضربة جوية أودت بحياة قيادي في حركة الشباب."
    ents = [("حركة الشباب", "ORG", "al_shabaab", "NAM")]
    ev = only(make_doc(text, ents), "ASSAULT")
    assert ev.attrs["target_entity_id"] == "al_shabaab"


def test_action_noun_in_relative_clause_is_done_by_the_antecedent():
    text = "وهو موقف مغاير لموقف الحكومة الليبية التي تسعى إلى جدولة انسحاب القوات التركية."
    ents = [("الحكومة الليبية", "ORG", "libya_gov", "NAM"), ("القوات التركية", "ORG", "turkish_forces", "NAM")]
    req = only(make_doc(text, ents), "REQUEST")
    assert actors_of(req) == ("libya_gov", "turkish_forces")


def test_withdrawal_noun_genitive_withdraws_and_purpose_is_intended():
    done = make_doc("وأعلن المتحدث انسحاب القوات الفرنسية من مالي.",
                    [("القوات الفرنسية", "ORG", "french_forces", "NAM"), ("مالي", "GPE", "mali", "NAM")])
    ev = only(done, "RETREAT")
    assert actors_of(ev) == ("french_forces", "mali") and ev.attrs["modality"] == "asserted"
    aimed = make_doc("ونجحت بلاده في فرض آليات زمنية لانسحاب القوات الفرنسية.",
                     [("القوات الفرنسية", "ORG", "french_forces", "NAM")])
    ev = only(aimed, "CONCEDE")
    assert actors_of(ev)[0] == "french_forces" and ev.attrs["modality"] == "intended"


def test_genitive_of_a_two_sided_or_intransitive_noun_is_its_agent():
    text = "وتتواصل مشاورات المبعوث الأممي مع الأطراف الليبية."
    ents = [("المبعوث الأممي", "PER", "un_envoy", "NAM")]
    ev = only(make_doc(text, ents), "CONSULT")
    assert ev.attrs["source_entity_id"] in ("un_envoy", ["un_envoy"])
    assert not ev.attrs.get("target_entity_id")


def test_reporter_is_not_the_subject_of_a_finite_verb():
    # هددت has a subject of its own (here unnamed): the newspaper that reports it is not the threatener
    text = "وقالت صحيفة الصباح إن إدارة الموقع نشرت بيانا هددت فيه تركيا."
    ents = [("صحيفة الصباح", "ORG", "sabah", "NAM"), ("تركيا", "GPE", "turkey", "NAM")]
    # the quote's speaker was not linked to an entity: the coder must not fall back on the reporter
    doc = make_doc(text, ents, quotes=[(None, "إدارة الموقع نشرت بيانا هددت فيه تركيا")])
    for ev in events(doc, "THREATEN"):
        assert ev.attrs.get("source_entity_id") != "sabah"


def test_objection_denied_is_consent():
    text = "وقال الوزير: ليس لنا أي اعتراض على تطوير العلاقات مع الهند."
    ents = [("الوزير", "PER", "minister", "NAM"), ("الهند", "GPE", "india", "NAM")]
    doc = make_doc(text, ents, quotes=[("minister", "ليس لنا أي اعتراض على تطوير العلاقات مع الهند")])
    assert not events(doc, "REJECT")
    assert any(e.attrs["modality"] == "intended" and not e.attrs["negated"] for e in events(doc, "AGREE"))
    raised = make_doc("وأبدى الوزير اعتراضا على تطوير العلاقات مع الهند.", ents)
    assert events(raised, "REJECT")


def test_any_act_and_cited_agreement_are_not_events():
    doc = make_doc("وأي تحرك لقوات أجنبية لن يتم إلا بإذن الحكومة.", [])
    assert not events(doc, "MOBILIZE")
    cited = make_doc("وتعمل القوات وفق اتفاقية الدفاع المشترك بين البلدين.", [])
    assert not events(cited, "AGREE")
    reached = make_doc("ووقعت مصر والأردن اتفاقية الدفاع المشترك.",
                       [("مصر", "GPE", "egypt", "NAM"), ("الأردن", "GPE", "jordan", "NAM")])
    assert events(reached, "AGREE")


def test_pronoun_subject_after_inna_is_the_speaker_and_what_follows_the_object():
    text = "وقال الوزير سالم العلي إنه التقى السفير الألماني في عمان."
    ents = [("الوزير سالم العلي", "PER", "salem_ali", "NAM"), ("السفير الألماني", "PER", "german_ambassador", "NAM")]
    doc = make_doc(text, ents, quotes=[("salem_ali", "إنه التقى السفير الألماني في عمان")])
    ev = only(doc, "CONSULT")
    assert actors_of(ev) == ("salem_ali", "german_ambassador")


def test_title_phrase_and_the_name_after_it_are_one_subject():
    text = "دعا رئيس لجنة حقوق الإنسان العربية، الدكتور سعيد الحارثي، المنظمات الدولية إلى التحرك."
    ents = [("سعيد الحارثي", "PER", "saeed_harthi", "NAM")]
    ev = only(make_doc(text, ents), "REQUEST")
    assert actors_of(ev)[0] == "saeed_harthi"
    # a person after a preposition is not the holder of the title
    other = make_doc("دعا رئيس اللجنة إلى لقاء مع سعيد الحارثي.", ents)
    assert all(actors_of(e)[0] != "saeed_harthi" for e in events(other, "REQUEST"))


def test_named_person_after_an_arrest_verb_without_object_was_arrested():
    text = "واعتقل سامر حداد في عمان الأسبوع الماضي."
    ev = only(make_doc(text, [("سامر حداد", "PER", "samer", "NAM")]), "COERCE")
    assert actors_of(ev) == (None, "samer")


def test_meeting_chaired_by_the_possessor_of_the_support_verb():
    text = "وشدد الوزير سالم العلي، خلال ترؤسه اليوم اجتماعا للحكومة الأردنية، على أهمية الأمن."
    ents = [("الوزير سالم العلي", "PER", "salem_ali", "NAM"), ("لحكومة الأردنية", "ORG", "jordan_gov", "INST")]
    ev = only(make_doc(text, ents), "CONSULT")
    assert actors_of(ev)[0] == "salem_ali"


def test_agency_reporting_a_government_plan_is_not_its_source():
    text = "وذكرت وكالة الأنباء الأردنية أن الحكومة الأردنية تعتزم توجيه الدعوة إلى المبعوث الأممي."
    ents = [("وكالة الأنباء الأردنية", "ORG", "petra", "NAM"), ("الحكومة الأردنية", "ORG", "jordan_gov", "INST"),
            ("المبعوث الأممي", "PER", "un_envoy", "NAM")]
    quote = ("petra", "الحكومة الأردنية تعتزم توجيه الدعوة إلى المبعوث الأممي")
    ev = only(make_doc(text, ents, quotes=[quote]), "REQUEST")
    assert actors_of(ev)[0] == "jordan_gov"
    # an official saying his state needs help speaks for it: he is the source
    own = make_doc("وأوضح الوزير سالم العلي أن الأردن يحتاج إلى كل مساعدة ممكنة.",
                   [("الوزير سالم العلي", "PER", "salem_ali", "NAM"), ("الأردن", "GPE", "jordan", "NAM")],
                   quotes=[("salem_ali", "الأردن يحتاج إلى كل مساعدة ممكنة")])
    assert actors_of(only(own, "REQUEST"))[0] == "salem_ali"


def test_accusation_verb_followed_by_the_charge_is_passive():
    text = "وقال المدعي إن سامر حداد كان يخطط للسفر، واتهم بجريمة إرهاب."
    ents = [("المدعي", "PER", "prosecutor", "NAM"), ("سامر حداد", "PER", "samer", "NAM")]
    doc = make_doc(text, ents, quotes=[("prosecutor", "سامر حداد كان يخطط للسفر، واتهم بجريمة إرهاب")])
    ev = only(doc, "ACCUSE")
    assert actors_of(ev) == (None, "samer")
    active = make_doc("واتهم المدعي سامر حداد بالتآمر.", ents)
    assert actors_of(only(active, "ACCUSE")) == ("prosecutor", "samer")


def test_aircraft_and_guns_of_a_force_are_that_force():
    for text in ("وشن طيران التحالف غارات على مواقع المتمردين.", "وقصفت مدفعية التحالف مواقع المتمردين."):
        ev = only(make_doc(text, [("التحالف", "ORG", "coalition", "NAM")]), "ASSAULT")
        assert actors_of(ev)[0] == "coalition", text


def test_calling_something_a_threat_accuses_who_is_behind_it():
    text = "وقال الوزير سالم العلي إن حركة الشباب تشكل تهديدا خطيرا لأمن المنطقة."
    ents = [("الوزير سالم العلي", "PER", "salem_ali", "NAM"), ("حركة الشباب", "ORG", "al_shabaab", "NAM")]
    doc = make_doc(text, ents, quotes=[("salem_ali", "حركة الشباب تشكل تهديدا خطيرا لأمن المنطقة")])
    assert not events(doc, "THREATEN")
    assert actors_of(only(doc, "ACCUSE")) == ("salem_ali", "al_shabaab")
    # inside a relative clause it only describes the group
    background = make_doc("وقال الوزير سالم العلي إن الجيش يلاحق حركة الشباب التي تشكل تهديدا للمنطقة.", ents,
                          quotes=[("salem_ali", "الجيش يلاحق حركة الشباب التي تشكل تهديدا للمنطقة")])
    assert not events(background, "ACCUSE")


def test_backing_a_cause_is_support_and_new_speech_act_forms():
    doc = make_doc("وأكد الوزير سالم العلي دعم مسار السلام في السودان.", [("الوزير سالم العلي", "PER", "salem_ali", "NAM")])
    assert events(doc, "SUPPORT") and not events(doc, "AID")
    req = make_doc("وندد الوزير سالم العلي بالهجوم، مطالبا المجتمع الدولي بالتحرك.",
                   [("الوزير سالم العلي", "PER", "salem_ali", "NAM")])
    assert events(req, "REQUEST")
    agree = make_doc("وأعلن الوزير سالم العلي تلبية دعوة الحكومة الليبية.", [("الوزير سالم العلي", "PER", "salem_ali", "NAM")])
    assert events(agree, "AGREE")


def test_trigger_words_in_their_other_sense_are_no_events():
    for text in ("وجاء ذلك في بيان صادر عن وزارة الداخلية.", "وخرج الأهالي بحثا عن المفقودين.",
                 "وتسعى الحكومة إلى تحقيق الاستقرار في البلاد."):
        assert not events(make_doc(text, [])), text
    assert events(make_doc("وصادرت الشرطة كميات من الأسلحة.", []), "COERCE")
    assert events(make_doc("وطالب النائب بتحقيق في الحادث.", []), "ACCUSE")


def test_a_town_is_no_fighter_and_place_names_or_states_are_no_events():
    doc = make_doc("ويخشى مختصون أن تشهد الفلوجة هجمات كبيرة.", [("الفلوجة", "GPE", "fallujah", "NAM")])
    assert all(actors_of(e)[0] != "fallujah" for e in events(doc, "ASSAULT"))
    for text in ("وقصفت الطائرات مراكز تجمع للمسلحين.", "وما زالت المدينة تحت سيطرة الجيش.",
                 "وأعلن المسؤولون تحقيق القوات تقدما ملحوظا في المدينة."):
        doc = make_doc(text, [])
        assert not [e for e in events(doc) if e.label in ("PROTEST", "COERCE", "ACCUSE")], text


def test_condemnation_is_aimed_at_the_agent_of_the_condemned_act():
    text = "أدانت الحكومة العراقية هجوما بدأته تركيا على المقاتلين الأكراد."
    ents = [("الحكومة العراقية", "ORG", "iraqi_gov", "INST"), ("تركيا", "GPE", "turkey", "NAM")]
    doc = make_doc(text, ents)
    assert actors_of(only(doc, "ASSAULT"))[0] == "turkey"       # هجوما بدأته تركيا: the resumptive verb's agent
    assert actors_of(only(doc, "ACCUSE")) == ("iraqi_gov", "turkey")


def test_possessor_of_an_attack_noun_with_its_target_after_is_the_attacker():
    doc = make_doc("وكثفت تركيا هجومها على المقاتلين الأكراد.", [("تركيا", "GPE", "turkey", "NAM")])
    assert actors_of(only(doc, "ASSAULT"))[0] == "turkey"
    # the pronoun on a transitive masdar is its object: تحريرها is not done by the city
    freed = make_doc("وقال القائد إن الرمادي باتت قريبة من تحريرها.", [("الرمادي", "GPE", "ramadi", "NAM")])
    assert all(actors_of(e)[0] != "ramadi" for e in events(freed, "ASSAULT"))


def test_title_head_no_actor_covers_still_joins_the_name_and_haythu_goes_on_with_the_subject():
    text = "وصل المبعوث الأممي سالم العلي الخميس إلى دمشق حيث التقى وزير الخارجية وليد المعلم."
    ents = [("سالم العلي", "PER", "envoy", "NAM"), ("دمشق", "GPE", "damascus", "NAM"), ("وليد المعلم", "PER", "muallem", "NAM")]
    assert actors_of(only(make_doc(text, ents), "CONSULT")) == ("envoy", "muallem")
    text = "انتقد عضو لجنة الأمن في البرلمان سامر حداد الموقف الأمريكي."
    ents = [("سامر حداد", "PER", "samer", "NAM"), ("الأمريكي", "GPE", "usa", "ADJ")]
    assert actors_of(only(make_doc(text, ents), "ACCUSE"))[0] == "samer"


def test_demand_participle_is_said_by_the_subject_of_the_demand_before_it():
    text = "وطالب العميد سامر حداد بتسليح المتطوعين، داعيا التحالف الدولي إلى تكثيف الضربات."
    ents = [("سامر حداد", "PER", "samer", "NAM"), ("التحالف الدولي", "ORG", "coalition", "NAM")]
    doc = make_doc(text, ents)
    calls = [e for e in events(doc, "REQUEST") if e.attrs["trigger"]["text"] == "داعيا"]
    assert calls and actors_of(calls[0]) == ("samer", "coalition")


def test_achieving_progress_and_control_as_purpose_are_no_events():
    for text in ("وحققت القوات الأمنية تقدما في المدينة.", "ويقاتل الجيش المسلحين للسيطرة على السهل."):
        doc = make_doc(text, [])
        assert not events(doc, "ACCUSE") and not events(doc, "COERCE"), text


def test_passive_casualties_of_a_coded_attack_are_its_toll():
    text = "قتل عشرة مسلحين خلال هجوم فاشل على قاعدة عسكرية."
    assert len(events(make_doc(text, []), "ASSAULT")) == 1


def test_repelling_targeting_and_arming_are_coded():
    assert events(make_doc("وتصدت القوات للهجوم على القاعدة.", []), "ASSAULT")
    assert events(make_doc("وطالب الشيوخ الحكومة بتسليح المتطوعين.", []), "AID") or \
        events(make_doc("وطالب الشيوخ الحكومة بتسليح المتطوعين.", []), "REQUEST")
    assert events(make_doc("وأدى استهداف القافلة إلى مقتل ثلاثة.", []), "ASSAULT")


def test_a_town_does_not_speak_and_iyyaha_is_the_addressee():
    text = "انتقد رئيس مجلس شيوخ عشائر الأنبار، سامر حداد، الحكومة العراقية بشدة، مطالبا إياها بالوفاء بوعودها."
    ents = [("الأنبار", "GPE", "anbar", "NAM"), ("سامر حداد", "PER", "samer", "NAM"),
            ("الحكومة العراقية", "ORG", "iraqi_gov", "INST")]
    doc = make_doc(text, ents, quotes=[("anbar", "بالوفاء بوعودها")])
    calls = [e for e in events(doc, "REQUEST") if e.attrs["trigger"]["text"] == "مطالبا"]
    assert calls and actors_of(calls[0]) == ("samer", "iraqi_gov")


def test_fighters_of_an_organisation_named_earlier_stand_for_it():
    text = "أعلنت المعارضة الليبية بدء الهجوم. وقال مصدر إن مقاتلي المعارضة شنوا هجوما على المطار."
    ents = [("المعارضة الليبية", "ORG", "libya_opposition", "INST")]
    attacks = [e for e in events(make_doc(text, ents), "ASSAULT") if e.attrs["trigger"]["text"] == "هجوما"]
    assert attacks and actors_of(attacks[0])[0] == "libya_opposition"
    # with no opposition named before, the fighters stay an unnamed agent
    alone = make_doc("وقال مصدر إن مقاتلي المعارضة شنوا هجوما على المطار.", [])
    assert not any(actors_of(e)[0] for e in events(alone, "ASSAULT"))


def test_party_asked_to_act_is_the_agent_of_the_demanded_act():
    # (a material act right after the request, داعيا X إلى قصف, is the request's content, not an event)
    text = "وطالب المحافظ عمر سيسي بحماية المدينة، داعيا الجيش المالي إلى تكثيف طلعاته الجوية باستهداف حركة أنصار الدين."
    ents = [("عمر سيسي", "PER", "omar_sissi", "NAM"), ("الجيش المالي", "ORG", "mali_army", "INST"),
            ("حركة أنصار الدين", "ORG", "ansar_dine", "NAM")]
    doc = make_doc(text, ents)
    target = next(e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "باستهداف")
    assert actors_of(target) == ("mali_army", "ansar_dine")
    assert target.attrs["modality"] == "demanded"
    # a reported attack after a comma is not the demand's content
    told = make_doc("وطالب المحافظ عمر سيسي بحماية المدينة، داعيا الجيش المالي إلى الحذر، واستهدف مسلحون "
                    "حركة أنصار الدين.", ents)
    assert not any(actors_of(e)[0] == "mali_army" for e in events(told, "ASSAULT"))


def test_doubled_root_perfect_with_two_letters_is_a_trigger():
    ents = [("وزير الخارجية", "PER", "fm", "NAM"), ("حركة النهضة", "ORG", "nahda", "NAM")]
    doc = make_doc("وحث وزير الخارجية حركة النهضة على الحوار.", ents)
    assert [actors_of(e) for e in events(doc, "REQUEST")] == [("fm", "nahda")]
    # a two-letter word that is no such verb stays silent
    assert not make_doc("من هو وزير الخارجية؟", ents[:1]).spans("events")


def test_agent_after_a_counted_victim_of_an_attack_noun():
    ents = [("الجيش التركي", "ORG", "turkish_army", "INST")]
    doc = make_doc("الجيش التركي يعلن مقتل جنديين على أيدي متمردين أكراد.", ents)
    ev = only(doc, "ASSAULT")
    assert not actors_of(ev)[0]                 # the army announces; it did not kill
    assert doc.text[ev.attrs["source_spans"][0]["start"]:ev.attrs["source_spans"][0]["end"]].startswith("متمردين")


def test_attack_noun_followed_by_a_relative_clause_struck_the_counted_casualties():
    doc = make_doc("وأسفر الهجوم الذي وقع في بلدة طوز التي تبعد نحو 175 كيلومترا عن العاصمة عن إصابة 45 شخصا.", [])
    ev = only(doc, "ASSAULT")
    spans = ev.attrs["target_spans"]
    assert spans and doc.text[spans[0]["start"]:spans[0]["end"]].endswith("شخصا")   # not "الذي"


def test_battles_waged_by_a_named_force_in_a_relative_clause():
    ents = [("المقاومة الشعبية", "ORG", "popular_resistance", "NAM")]
    doc = make_doc("وأسفرت المعارك التي خاضتها المقاومة الشعبية في المدينة عن مقتل 17 شخصا.", ents)
    battles = next(e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "المعارك")
    assert actors_of(battles)[0] == "popular_resistance"


def test_verb_joined_by_and_shares_the_subject_of_the_event_before_it():
    ents = [("قوات البيشمركة", "ORG", "peshmerga", "NAM"), ("داعش", "ORG", "isis", "NAM")]
    doc = make_doc("وتمكنت قوات البيشمركة من صد هجوم لمسلحي داعش في قرية تل شور وقتلت 10 مسلحين.", ents)
    killed = next(e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "وقتلت")
    assert actors_of(killed)[0] == "peshmerga"
    # a new sentence is a new subject
    two = make_doc("وتمكنت قوات البيشمركة من صد هجوم لمسلحي داعش. وقتلت 10 مسلحين في القرية.", ents)
    assert not any(actors_of(e)[0] == "peshmerga" for e in events(two, "ASSAULT")
                   if e.attrs["trigger"]["text"] == "وقتلت")


def _span_texts(doc, ev, slot):
    return [doc.text[s["start"]:s["end"]] for s in ev.attrs[slot]]


def test_genitive_of_an_attack_noun_with_a_target_after_ala_is_the_attacker():
    ents = [("حركة الشباب", "ORG", "shabaab", "NAM"), ("بيدوا", "GPE", "baidoa", "NAM")]
    ev = only(make_doc("وأدان الوزير هجوم حركة الشباب على بيدوا.", ents), "ASSAULT")
    assert actors_of(ev) == ("shabaab", "baidoa")
    # without على the genitive stays the target
    ev = only(make_doc("وأدان الوزير اغتيال حركة الشباب أمس.", ents[:1]), "ASSAULT")
    assert actors_of(ev)[1] == "shabaab"


def test_casualties_in_the_ranks_of_a_group_are_its_victims():
    ents = [("الحوثيين", "ORG", "houthis", "NAM")]
    ev = only(make_doc("وأسفر الهجوم عن سقوط قتلى وجرحى في صفوف الحوثيين.", ents), "ASSAULT")
    assert actors_of(ev)[1] == "houthis"


def test_counted_members_are_shown_with_the_group_they_belong_to():
    ents = [("قوات البيشمركة", "ORG", "peshmerga", "NAM"), ("التنظيم", "ORG", "isis", "NAM")]
    doc = make_doc("وقتلت قوات البيشمركة 10 مسلحين من التنظيم.", ents)
    ev = only(doc, "ASSAULT")
    assert actors_of(ev) == ("peshmerga", "isis")
    assert _span_texts(doc, ev, "target_spans") == ["10 مسلحين من التنظيم"]


def test_victim_before_an_agent_named_after_it_is_the_target():
    doc = make_doc("الجيش يعلن مقتل جنديين على أيدي متمردين أكراد.", [])
    ev = only(doc, "ASSAULT")
    # (the army announces the killing; the rebels after على أيدي did it)
    assert _span_texts(doc, ev, "source_spans") == ["متمردين"]
    assert _span_texts(doc, ev, "target_spans") == ["جنديين"]


def test_what_a_rejection_led_to_is_an_event_of_its_own():
    doc = make_doc("وقد أدى رفضها إلى تظاهرات مؤيدة للأكراد في جنوب شرق البلاد.", [])
    assert events(doc, "PROTEST")
    # the act rejected right after the verb is the rejection's content
    assert not events(make_doc("ورفضت الحكومة تظاهرات المعارضة.", []), "PROTEST")


def test_those_who_took_part_in_a_protest_are_its_source():
    ents = [("حركة فتح", "ORG", "fatah", "NAM")]
    doc = make_doc("وجرت أمس مظاهرة شارك فيها أنصار حركة فتح.", ents)
    ev = only(doc, "PROTEST")
    assert actors_of(ev)[0] == "fatah" and _span_texts(doc, ev, "source_spans") == ["أنصار حركة فتح"]


def test_group_of_counted_members_after_a_target_preposition_is_the_target():
    ents = [("الاستخبارات المصرية", "ORG", "egypt_intelligence", "INST"), ("حركة حسم", "ORG", "hasm", "NAM")]
    doc = make_doc("ونفذت الاستخبارات المصرية عمليات اعتقال بحق 12 عنصرا من حركة حسم.", ents)
    ev = only(doc, "COERCE")
    assert actors_of(ev)[1] == "hasm"
    # a group named as where people came from, with no count, is not the target
    far = make_doc("ونفذت الاستخبارات المصرية عمليات اعتقال في القاهرة بعد وصول معلومات من حركة حسم.", ents)
    assert all(actors_of(e)[1] != "hasm" for e in events(far, "COERCE"))


def test_unnamed_agents_described_by_a_plural_nisba_act_for_that_state():
    doc = make_doc("وخطف مسلحون ثلاثة جنود أمريكيين قرب الحدود.", [])
    ev = only(doc, "ASSAULT")
    assert actors_of(ev) == (None, "usa")
    assert _span_texts(doc, ev, "target_spans") == ["جنود أمريكيين"]
    assert ev.attrs["actor_codes"]["target"] == "USA MIL"
    # a singular word ending like a plural is no nisba
    doc = make_doc("وخطف مسلحون ثلاثة جنود قرب الحدود.", [])
    assert actors_of(only(doc, "ASSAULT")) == (None, None)


def test_description_with_an_adjective_that_is_also_an_agent_word_refers_back():
    # (regression: adding the singular متطرف as a generic agent took the adjective away from التنظيم)
    text = "هاجم تنظيم داعش قرية في الشمال. وقال مسؤول إن التنظيم المتطرف بدأ يتحرك نحو الحدود."
    doc = make_doc(text, [("تنظيم داعش", "ORG", "isis", "NAM")])
    assert [actors_of(e)[0] for e in events(doc, "MOBILIZE")] == ["isis"]


def test_subject_of_aqdama_ala_is_the_agent_of_the_masdar():
    doc = make_doc("أقدم شاب مساء الثلاثاء على قتل ثلاثة أشخاص في القرية.", [])
    ev = only(doc, "ASSAULT")
    assert _span_texts(doc, ev, "source_spans") == ["شاب"]
    assert _span_texts(doc, ev, "target_spans") == ["ثلاثة أشخاص"] or _span_texts(doc, ev, "target_spans") == ["أشخاص"]


def test_object_pronoun_on_the_verb_points_back_and_the_subject_follows():
    ents = [("سارة بريم", "PER", "brem", "NAM")]
    doc = make_doc("وكانت سارة بريم قد خطفها مسلحون في صنعاء.", ents)
    ev = only(doc, "ASSAULT")
    assert actors_of(ev) == (None, "brem") and _span_texts(doc, ev, "source_spans") == ["مسلحون"]
    # with no pronoun the mention before the verb stays its subject
    doc = make_doc("وكانت سارة بريم قد خطفت مسلحين في صنعاء.", ents)
    assert actors_of(only(doc, "ASSAULT"))[0] == "brem"


def test_person_killed_by_the_occupation_forces():
    ents = [("فلسطيني", "GPE", "palestine", "ADJ")]
    doc = make_doc("ومقتل فلسطيني برصاص الاحتلال في الخليل.", ents)
    ev = only(doc, "ASSAULT")
    assert actors_of(ev) == (None, "palestine")
    assert _span_texts(doc, ev, "source_spans") == ["الاحتلال"]
    # the occupation named as the agent is no act of occupying
    assert not events(doc, "COERCE")


def test_attacker_after_lam_of_an_attack_noun():
    ents = [("حزب العمال الكردستاني", "ORG", "pkk", "NAM")]
    doc = make_doc("وقتل جنديان في هجوم انتحاري لمتمردي حزب العمال الكردستاني على مركز للدرك.", ents)
    # (the casualties and the attack they fell in are one event, coded on the casualty word)
    assert [actors_of(e)[0] for e in events(doc, "ASSAULT")] == ["pkk"]
    # support for a party is no attack by it
    doc = make_doc("وأعلن الحزب دعما لحزب العمال الكردستاني.", ents)
    assert not events(doc, "ASSAULT")


def test_actor_joined_to_a_source_after_the_trigger_is_a_second_source():
    ents = [("القوات السعودية", "ORG", "saudi_forces", "INST"), ("التحالف", "ORG", "coalition", "NAM")]
    doc = make_doc("وتمكن قصف مدفعية القوات السعودية وطيران التحالف من تدمير رتل.", ents)
    ev = next(e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "قصف")
    assert actors_of(ev)[0] == ["saudi_forces", "coalition"]


def test_dual_attack_nouns_destruction_and_stone_throwing():
    ents = [("التنظيم", "ORG", "isis", "NAM")]
    doc = make_doc("وأكدت مصادر طبية حصيلة الهجومين اللذين تبناهما التنظيم.", ents)
    assert [actors_of(e)[0] for e in events(doc, "ASSAULT")] == ["isis"]
    assert events(make_doc("وتمكنت القوات من تدمير منصات إطلاق القذائف.", []), "ASSAULT")
    doc = make_doc("وكان محتجون يلقون الحجارة على الشرطة في الخارج.", [])
    assert events(doc, "PROTEST")


def test_adjective_or_support_verb_after_an_attack_noun_is_no_target():
    doc = make_doc("وأصيب عشرون شرطيا في هجوم مماثل استهدف حافلتهم في العريش.", [])
    ev = next(e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "هجوم")
    assert "مماثل" not in " ".join(_span_texts(doc, ev, "target_spans"))
    doc = make_doc("وتابع أن سبع ضربات نفذت قرب الحسكة.", [])
    ev = only(doc, "ASSAULT")
    assert "نفذت" not in " ".join(_span_texts(doc, ev, "target_spans"))


def test_lam_after_the_target_of_an_attack_noun_is_the_targets_owner():
    ents = [("الطائرات التركية", "ORG", "turkish_air_force", "INST"), ("داعش", "ORG", "isis", "NAM")]
    doc = make_doc("ونفذت الطائرات التركية فجرا ثلاث ضربات على مواقع لتنظيم داعش.", ents)
    ev = only(doc, "ASSAULT")
    assert actors_of(ev)[0] == "turkish_air_force"


def test_restatement_does_not_make_the_victim_its_own_attacker():
    doc = make_doc("وقال المصدر إنه تم قتل مسلح كان يحمل حزاما ناسفا.", [])
    ev = only(doc, "ASSAULT")
    assert _span_texts(doc, ev, "target_spans") == ["مسلح"] and not ev.attrs["source_spans"]


def test_protest_that_gathered_people_and_attack_launched_by_passive_support():
    doc = make_doc("وقال المجلس إن المظاهرة التي انطلقت صباح الأربعاء ضمت حوالي ألفي مدرس.", [])
    ev = only(doc, "PROTEST")
    assert _span_texts(doc, ev, "source_spans") == ["مدرس"]
    doc = make_doc("يذكر أن هجوما تم شنه على أتباع منظمة شبابية الاثنين.", [])
    ev = only(doc, "ASSAULT")
    assert _span_texts(doc, ev, "target_spans")[0].startswith("أتباع")


def test_fans_are_the_subject_of_a_storming_verb():
    doc = make_doc("اقتحمت جماهير الفريق أرضية الملعب لمهاجمة اللاعبين.", [])
    ev = next(e for e in events(doc, "ASSAULT") if e.attrs["trigger"]["text"] == "اقتحمت")
    assert _span_texts(doc, ev, "source_spans")[0].startswith("جماهير")


def test_unnamed_sources_in_a_body_speak_for_it():
    ents = [("المقاومة الشعبية", "ORG", "resistance", "NAM"), ("ميليشيا الحوثي", "ORG", "houthis", "NAM")]
    doc = make_doc("أكدت مصادر في المقاومة الشعبية بمحافظة مأرب أنها قتلت 17 من عناصر ميليشيا الحوثي.", ents)
    ev = only(doc, "ASSAULT")
    assert actors_of(ev)[0] == "resistance"


def test_weapon_fired_at_something_after_its_resumptive_agent():
    ents = [("قوات النظام السوري", "ORG", "syria_government", "NAM")]
    doc = make_doc("وسقط صاروخ أطلقته قوات النظام السوري على حي شعبي وسط المدينة.", ents)
    ev = only(doc, "ASSAULT")
    assert actors_of(ev)[0] == "syria_government"
    assert _span_texts(doc, ev, "target_spans")[0].startswith("حي")


def test_protest_chants_hostile_to_a_party_name_the_target():
    ents = [("حركة النهضة", "ORG", "nahda", "NAM")]
    doc = make_doc("واحتشد المتظاهرون في الساحة حاملين لافتات تدين حركة النهضة.", ents)
    ev = next(e for e in events(doc, "PROTEST"))
    assert actors_of(ev)[1] == "nahda"


def test_patient_attacking_one_of_the_doctors():
    doc = make_doc("وشهد المستشفى حادث اعتداء مريض نفسي من مراجعي قسم الطوارئ على أحد الأطباء.", [])
    ev = only(doc, "ASSAULT")
    assert _span_texts(doc, ev, "source_spans") == ["مريض"] and _span_texts(doc, ev, "target_spans") == ["الأطباء"]
