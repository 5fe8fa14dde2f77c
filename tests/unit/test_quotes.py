"""quotes.extract: cues, content boundaries, kinds and speakers on invented news sentences.

The sentences imitate the styles of Reuters/AFP/Xinhua Arabic, SPA and Al-Sharq al-Awsat; none is
taken from the shared seed articles.
"""
from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

from rasid.document import Document
from rasid.quotes.extract import STAGE, find_quotes
from rasid.quotes.lexicon import find_cues, lexicon

SHARED = Path(__file__).parents[2] / ".." / "shared"


def make_doc(text: str, title: int | None = None, entities: list[tuple[str, str, str]] = ()) -> Document:
    """A document whose non-blank lines are body (``title``: index of the headline line).

    ``entities``: (surface, type, entity_id) added at every occurrence of the surface.
    """
    doc = Document(text)
    pos = 0
    for i, line in enumerate(text.split("\n")):
        label = "blank" if not line.strip() else ("title" if i == title else "body")
        doc.add_span("lines", pos, pos + len(line), "test", label=label, i=i)
        pos += len(line) + 1
    for surface, etype, eid in entities:
        start = text.find(surface)
        while start >= 0:
            attrs = {"entity_id": eid}
            if etype == "TITLE":
                attrs["holder_entity_id"] = eid
            doc.add_span("entities", start, start + len(surface), "test", label=etype, **attrs)
            start = text.find(surface, start + 1)
    doc.mark_produced(["lines", "entities"])
    return doc


def quotes(text: str, **kw) -> list[dict]:
    return find_quotes(make_doc(text, **kw))


def by_cue(qs: list[dict], cue: str) -> dict:
    found = [q for q in qs if q["cue"] and q["cue"]["text"] == cue]
    assert found, f"no quote with cue {cue!r} in {[(q['cue'] or {}).get('text') for q in qs]}"
    return found[0]


# --------------------------------------------------------------------------- lexicon
def test_cue_inflections_are_found_in_raw_text():
    text = "قالت وأكدت فأكد أكّد مؤكداً مشيرة وبيّن يؤكد تشدد قولهم"
    found = [(m.word, m.form.kind) for m in find_cues(lexicon(), text, 0, len(text))]
    words = [w for w, _ in found]
    assert words == ["قالت", "أكدت", "أكد", "أكّد", "مؤكداً", "مشيرة", "بيّن", "يؤكد", "تشدد", "قولهم"]
    kinds = dict(found)
    assert kinds["مؤكداً"] == "participle" and kinds["يؤكد"] == "present" and kinds["قولهم"] == "noun"
    fem = {m.word: m.form.fem for m in find_cues(lexicon(), text, 0, len(text))}
    assert fem["قالت"] is True and fem["مشيرة"] is True and fem["أكّد"] is False


def test_cues_inside_words_are_not_cues():
    text = "قالب القائلين والمقالات"
    assert list(find_cues(lexicon(), text, 0, len(text))) == []


# --------------------------------------------------------------------------- cue types and kinds
def test_verb_cue_indirect_with_title_and_name_subject():
    qs = quotes("بكين 5 مايو 2023 (شينخوا) أكد وزير الخارجية الصيني وانغ يي اليوم (الجمعة) أن الصين تدعم "
                "الحل السياسي للأزمة.")
    q = by_cue(qs, "أكد")
    assert q["kind"] == "indirect"
    assert q["content"]["text"] == "الصين تدعم الحل السياسي للأزمة"
    assert q["speaker_text"] == "وانغ يي" and q["speaker_implicit"] is False


def test_direct_quote_after_colon_with_medium_and_participle_continuation():
    text = ("وقال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي مشترك: «لا حل عسكريا لهذه الأزمة»، "
            "مضيفا أن باريس ستواصل جهودها الدبلوماسية.")
    qs = quotes(text)
    assert len(qs) == 2
    direct, cont = qs
    assert direct["kind"] == "direct" and direct["content"]["text"] == "لا حل عسكريا لهذه الأزمة"
    assert direct["medium"]["relation"] == "press_briefing"
    assert cont["cue"]["text"] == "مضيفا" and cont["kind"] == "indirect"
    assert cont["content"]["text"] == "باريس ستواصل جهودها الدبلوماسية"
    assert cont["speaker_implicit"] is True and cont["speaker_text"] == "إيمانويل ماكرون"


def test_direct_quote_after_complementizer_excludes_marks_and_trailing_comma():
    qs = quotes('وأكدت الوزارة في بيان، أن "العمل جار لإعادة التيار الكهربائي،" موضحة أن فرق الصيانة انتشرت.')
    q = by_cue(qs, "أكدت")
    assert q["kind"] == "direct"
    assert q["content"]["text"] == "العمل جار لإعادة التيار الكهربائي"
    assert q["medium"]["relation"] == "written_statement"
    assert by_cue(qs, "موضحة")["content"]["text"] == "فرق الصيانة انتشرت"


def test_mixed_quote_and_name_quotes():
    qs = quotes("وقال المبعوث إن الاتفاق «خطوة مهمة نحو السلام» في المنطقة.\n"
                "وأكد المبعوث أن الجيش يلاحق عناصر تنظيم «داعش» في الصحراء.")
    assert by_cue(qs, "قال")["kind"] == "mixed"
    assert by_cue(qs, "قال")["content"]["text"] == "الاتفاق «خطوة مهمة نحو السلام» في المنطقة"
    assert by_cue(qs, "أكد")["kind"] == "indirect"      # a name in quotation marks is not quoted speech


def test_preposition_frames_strip_the_preposition():
    qs = quotes("وأعرب الأمين العام أنطونيو غوتيريش عن قلقه البالغ إزاء تصاعد العنف، داعيا إلى وقف فوري "
                "لإطلاق النار، مطالبا المجتمع الدولي بتحمل مسؤولياته.")
    assert by_cue(qs, "أعرب")["content"]["text"] == "قلقه البالغ إزاء تصاعد العنف"
    assert by_cue(qs, "داعيا")["content"]["text"] == "وقف فوري لإطلاق النار"
    assert by_cue(qs, "مطالبا")["content"]["text"] == "تحمل مسؤولياته"
    assert all(q["speaker_text"] == "أنطونيو غوتيريش" for q in qs)


def test_bare_object_content_after_adverbial():
    qs = quotes("وأكد سمو ولي العهد خلال الاتصال حرص المملكة على دعم الاستقرار في المنطقة.")
    q = by_cue(qs, "أكد")
    assert q["content"]["text"] == "حرص المملكة على دعم الاستقرار في المنطقة"
    assert q["speaker_text"] == "سمو ولي العهد"


def test_headline_colon_and_addressee():
    qs = quotes("وزير الخارجية لـ«الشرق الأوسط»: الحل السياسي هو الطريق الوحيد\nوقال الوزير إن الحوار مستمر.",
                title=0)
    head = qs[0]
    assert head["headline"] is True and head["kind"] == "direct" and head["cue"]["text"] == ":"
    assert head["speaker_text"] == "وزير الخارجية"
    assert head["content"]["text"] == "الحل السياسي هو الطريق الوحيد"


def test_headline_label_is_not_a_speaker():
    assert quotes("عاجل: انفجار في وسط العاصمة صباح اليوم", title=0) == []


def test_headline_present_tense_verb_with_preceding_subject():
    qs = quotes("الأردن يؤكد لواشنطن ضرورة وقف التصعيد في المنطقة", title=0)
    assert len(qs) == 1
    q = qs[0]
    assert q["cue"]["text"] == "يؤكد" and q["speaker_text"] == "الأردن" and q["headline"] is True
    assert q["content"]["text"] == "ضرورة وقف التصعيد في المنطقة"


def test_present_tense_is_not_a_cue_in_body():
    assert quotes("وهو ما يؤكد أن الأزمة مستمرة منذ سنوات.\nيذكر أن الحكومة أعلنت خطة جديدة.")[0]["cue"]["text"] \
        == "أعلنت"


def test_colon_before_quotation_mark_is_a_cue():
    qs = quotes('وشدد الوزير على أن الإرهاب "ما زال خطرا قائما"، مشيرا إلى : "هجمات جديدة وقعت الأسبوع الماضي".')
    assert len(qs) == 2
    assert qs[0]["kind"] == "mixed" and qs[0]["content"]["text"] == 'الإرهاب "ما زال خطرا قائما"'
    assert qs[1]["content"]["text"] == "هجمات جديدة وقعت الأسبوع الماضي"


# --------------------------------------------------------------------------- بين / بيّن
def test_bayyana_verb_versus_preposition():
    qs = quotes("وقع اشتباك بين الجيش والمسلحين في المدينة أمس.\n"
                "وبين الجيش والمسلحين تدور معارك منذ أسابيع.\n"
                "وبين المتحدث أن الجيش استعاد السيطرة على الموقع.\n"
                "وبيّن أن «العمليات ستستمر».")
    assert [q["cue"]["text"] for q in qs] == ["بين", "بيّن"]
    assert qs[0]["content"]["text"] == "الجيش استعاد السيطرة على الموقع"
    assert qs[1]["kind"] == "direct" and qs[1]["speaker_text"] == "المتحدث"


# --------------------------------------------------------------------------- nested and unbalanced marks
def test_nested_name_quote_inside_direct_quote():
    qs = quotes('وقال المتحدث: "لن نسمح لتنظيم "داعش" بالعودة إلى المنطقة، وسنلاحق عناصره أينما كانوا". '
                'وأضاف أن الحملة مستمرة.')
    q = by_cue(qs, "قال")
    assert q["kind"] == "direct"
    assert q["content"]["text"] == 'لن نسمح لتنظيم "داعش" بالعودة إلى المنطقة، وسنلاحق عناصره أينما كانوا'
    assert by_cue(qs, "أضاف")["content"]["text"] == "الحملة مستمرة"


def test_mixed_typographic_marks():
    qs = quotes("وقال الوزير إن العلاقة “مبنية على الاحترام المتبادل”، فيما أكد نظيره أن التعاون سيتواصل.")
    assert by_cue(qs, "قال")["content"]["text"] == "العلاقة “مبنية على الاحترام المتبادل”"
    assert by_cue(qs, "أكد")["content"]["text"] == "التعاون سيتواصل"


def test_unclosed_quote_ends_at_next_cue_not_article_end():
    text = ('وتابع "إن القوات ما زالت تلاحق الخلايا النائمة، كاشفا عن عمليات جديدة في الصحراء. '
            'وأوضح القائد أن "الحدود باتت محصنة"، مضيفا أن العمل مستمر.\n'
            'وفي شأن آخر، أعلنت الحكومة عن خطة جديدة للإسكان.')
    qs = quotes(text)
    first = by_cue(qs, "تابع")
    assert first["kind"] == "direct" and first.get("quote_marks") == "unbalanced"
    assert first["content"]["text"] == "إن القوات ما زالت تلاحق الخلايا النائمة"
    assert by_cue(qs, "كاشفا")["content"]["text"] == "عمليات جديدة في الصحراء"
    assert by_cue(qs, "أوضح")["content"]["text"] == "الحدود باتت محصنة"
    assert by_cue(qs, "أعلنت")["content"]["text"] == "خطة جديدة للإسكان"


def test_unclosed_quote_stops_at_paragraph_end():
    qs = quotes('وقال الوزير: "إن الوضع خطير ولا يمكن السكوت عنه\n\nوأعلنت الحكومة عن خطة جديدة للإسكان.')
    assert qs[0]["content"]["text"] == "إن الوضع خطير ولا يمكن السكوت عنه"
    assert qs[0].get("quote_marks") == "unbalanced"
    assert qs[1]["content"]["text"] == "خطة جديدة للإسكان"


def test_closing_mark_without_opener():
    qs = quotes('وأكدت السفيرة أهمية تعزيز التعاون بين البلدين،" مشيرة إلى "حرص بلادها على الاستقرار".')
    first = by_cue(qs, "أكدت")
    assert first["kind"] == "direct" and first.get("quote_marks") == "unbalanced"
    assert first["content"]["text"] == "أهمية تعزيز التعاون بين البلدين"
    assert by_cue(qs, "مشيرة")["content"]["text"] == "حرص بلادها على الاستقرار"


def test_line_cut_off_mid_quote():
    qs = quotes("قال الوزير إن واشنطن ملتزمة بأمن المنطقة.\n"
                "والشراكة لها أبعاد أكثر من المجال العسكري”.\n"
                "وأضاف أن الدعم سيستمر.")
    orphan = qs[1]
    assert orphan["cue"] is None and orphan["kind"] == "direct"
    assert orphan["content"]["text"] == "والشراكة لها أبعاد أكثر من المجال العسكري"
    assert orphan["speaker_implicit"] is True and orphan["speaker_text"] == "الوزير"
    assert qs[2]["content"]["text"] == "الدعم سيستمر"


def test_reversed_guillemets_and_curly_marks_pair_by_position():
    qs = quotes("وقال الوزير: »الوضع تحت السيطرة«.\n"
                "وأكد المتحدث أن ”الحكومة ماضية في خطتها“، موضحا أن التنفيذ سيبدأ قريبا.")
    assert qs[0]["kind"] == "direct" and qs[0]["content"]["text"] == "الوضع تحت السيطرة"
    assert by_cue(qs, "أكد")["content"]["text"] == "الحكومة ماضية في خطتها"
    assert by_cue(qs, "موضحا")["content"]["text"] == "التنفيذ سيبدأ قريبا"


def test_quotation_before_its_cue():
    qs = quotes("«نحن مستعدون للتفاوض في أي وقت»، قال الوزير للصحفيين.\nوأضاف أن الشروط معروفة.")
    assert qs[0]["cue"]["text"] == "قال" and qs[0]["kind"] == "direct"
    assert qs[0]["content"]["text"] == "نحن مستعدون للتفاوض في أي وقت"
    assert qs[0]["speaker_text"] == "الوزير"
    assert qs[1]["speaker_text"] == "الوزير" and qs[1]["speaker_implicit"] is True


def test_quotation_before_its_cue_with_connector_and_statement():
    qs = quotes("«سنواصل دعم الجيش حتى النصر»، على ما أعلن المتحدث باسم الرئاسة في بيان.")
    assert len(qs) == 1 and qs[0]["cue"]["text"] == "أعلن"
    assert qs[0]["content"]["text"] == "سنواصل دعم الجيش حتى النصر"
    assert qs[0]["speaker_text"] == "المتحدث باسم الرئاسة"
    assert qs[0]["medium"]["relation"] == "written_statement"


def test_interview_medium_with_implicit_speaker():
    qs = quotes("وقال متحدث باسم الوزارة إن التحقيق جار.\nوأضاف في مقابلة مع رويترز أن النتائج ستعلن قريبا.")
    assert qs[1]["medium"]["relation"] == "interview_with"
    assert qs[1]["speaker_text"] == "متحدث باسم الوزارة" and qs[1]["content"]["text"] == "النتائج ستعلن قريبا"


def test_quotation_continued_in_next_paragraph():
    qs = quotes("وقال الوزير في كلمته: «إن المرحلة المقبلة تتطلب العمل المشترك.\n\n"
                "«ولن نسمح بعودة الإرهاب إلى مدننا».\n\nوتقع المدينة شمال البلاد.")
    assert len(qs) == 2
    assert qs[0]["quote_marks"] == "unbalanced"
    assert qs[1]["cue"] is None and qs[1]["content"]["text"] == "ولن نسمح بعودة الإرهاب إلى مدننا"
    assert qs[1]["speaker_text"] == "الوزير"


def test_random_marks_never_break_spans():
    import random
    rng = random.Random(3)
    base = ("وقال الوزير: «إن الوضع مستقر»، مضيفا أن الحكومة تعمل. وأكد المتحدث أن \"الحوار مستمر\".\n"
            "ونقلت وكالة الأنباء عن مسؤول قوله إن الاتفاق قريب، مشيرا إلى : \"ضمانات دولية\".\n")
    for _ in range(300):
        chars = list(base * 3)
        for _ in range(rng.randrange(1, 8)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice('"“”«»:،.\n'))
        text = "".join(chars)
        for q in find_quotes(Document(text)):
            c = q["content"]
            assert text[c["start"]:c["end"]] == c["text"] and c["text"].strip()
            assert "\n" not in c["text"]
            if q["speaker_start"] is not None:
                assert text[q["speaker_start"]:q["speaker_end"]] == q["speaker_text"]


# --------------------------------------------------------------------------- speakers
def test_implicit_speakers_across_paragraphs_and_gender():
    text = ("قال وزير الخارجية الأمريكي أنتوني بلينكن إن واشنطن ملتزمة بأمن حلفائها.\n\n"
            "وقالت وزيرة الخارجية الألمانية أنالينا بيربوك إن برلين تشاطر هذا الموقف.\n\n"
            "وأضافت أن أوروبا موحدة.\n\n"
            "وأضاف أن الولايات المتحدة ستقدم مساعدات إضافية.\n\n"
            "لكنه شدد على ضرورة الحوار.")
    qs = quotes(text)
    speakers = [(q["cue"]["text"], q["speaker_text"], q["speaker_implicit"]) for q in qs]
    assert speakers == [("قال", "أنتوني بلينكن", False), ("قالت", "أنالينا بيربوك", False),
                        ("أضافت", "أنالينا بيربوك", True), ("أضاف", "أنتوني بلينكن", True),
                        ("شدد", "أنتوني بلينكن", True)]
    # an implicit speaker points at the last explicit mention of that speaker
    assert qs[3]["speaker_start"] == qs[0]["speaker_start"]


def test_entity_mentions_give_speaker_ids():
    text = "وقال المتحدث باسم الجيش العقيد سامي الأحمد، إن القوات تقدمت.\n\nوأضاف أن المعارك مستمرة."
    ents = [("المتحدث باسم الجيش", "TITLE", "sami"), ("الجيش", "ORG", "army"), ("العقيد", "TITLE", "sami"),
            ("سامي الأحمد", "PER", "sami")]
    qs = quotes(text, entities=ents)
    assert [q["speaker_entity_id"] for q in qs] == ["sami", "sami"]
    assert qs[0]["speaker_text"] == "سامي الأحمد"
    assert qs[1]["speaker_implicit"] is True


def test_svo_subject_earlier_in_the_sentence():
    qs = quotes("يذكر أن السفير البريطاني جون ويلكس، الذي يزور المنطقة، قال في وقت سابق إن لندن تدعم الحوار.",
                entities=[("جون ويلكس", "PER", "wilkes")])
    q = by_cue(qs, "قال")
    assert q["speaker_entity_id"] == "wilkes" and q["speaker_implicit"] is False


def test_country_as_headline_speaker_with_entity():
    qs = quotes("مصر تشدد على ضرورة “التهدئة الشاملة” في غزة", title=0, entities=[("مصر", "GPE", "egypt")])
    assert qs[0]["speaker_entity_id"] == "egypt" and qs[0]["kind"] == "mixed"


def test_unnamed_source_with_outlet():
    qs = quotes("وقال مصدر مطلع لـ«الشرق الأوسط» إن الاجتماع تأجل إلى الأسبوع المقبل.")
    assert qs[0]["speaker_text"] == "مصدر مطلع"
    assert qs[0]["medium"]["relation"] == "said_to"


def test_honorific_pronoun_subject_is_implicit():
    qs = quotes("وأكد وزير الخارجية أن المملكة تدعم الحل السياسي.\nوأوضح معاليه أن الحوار هو السبيل الوحيد.")
    assert qs[1]["speaker_implicit"] is True and qs[1]["speaker_text"] == "وزير الخارجية"
    assert qs[1]["content"]["text"] == "الحوار هو السبيل الوحيد"


def test_subject_of_a_verb_without_content_carries_to_participle():
    qs = quotes("وأكد الوزير خلال لقائه السفير، مشيرا إلى أن العلاقات متينة.")
    assert len(qs) == 1 and qs[0]["cue"]["text"] == "مشيرا" and qs[0]["speaker_text"] == "الوزير"


def test_statement_subject_gives_issuing_body():
    qs = quotes("وذكر بيان صادر عن البيت الأبيض أن الزعيمين سيناقشان قضايا الأمن.")
    assert qs[0]["speaker_text"] == "البيت الأبيض"


def test_unknown_title_between_verb_and_outlet():
    qs = quotes('وقال المحلل السياسي خالد العمري لـ"الشرق الأوسط": "الطرفان بحاجة إلى ضمانات دولية".')
    assert len(qs) == 1 and qs[0]["speaker_text"] == "خالد العمري"
    assert qs[0]["medium"]["relation"] == "said_to"
    assert qs[0]["content"]["text"] == "الطرفان بحاجة إلى ضمانات دولية"


def test_addressee_from_entity():
    qs = quotes("وقال الوزير لنظيره إن التعاون سيستمر.", entities=[("نظيره", "TITLE", "other_minister")])
    assert qs[0]["addressee_entity_id"] == "other_minister"


def test_subject_after_short_pronoun_prepositional_phrase():
    qs = quotes("وعقد الجانبان جولة ثالثة تعهدت خلالها واشنطن بتقديم مساعدات إضافية، وأكدت أنها ملتزمة بالاتفاق.")
    assert qs[0]["speaker_text"] == "واشنطن" and qs[0]["content"]["text"] == "تقديم مساعدات إضافية"
    assert qs[1]["speaker_text"] == "واشنطن" and qs[1]["speaker_implicit"] is True
    assert qs[1]["content"]["text"] == "أنها ملتزمة بالاتفاق"


def test_name_in_quotation_marks_is_not_content():
    qs = quotes('وأكد وزير التعليم "عزام الدخيل" خلال زيارته للمنطقة أن الخطة جاهزة.\n'
                "وقالت «هيومن رايتس ووتش» إن الانتهاكات مستمرة.")
    assert qs[0]["content"]["text"] == "الخطة جاهزة" and qs[0]["speaker_text"] == "وزير التعليم"
    assert qs[1]["speaker_text"] == "هيومن رايتس ووتش" and qs[1]["content"]["text"] == "الانتهاكات مستمرة"


def test_dateline_and_enumeration_colons_are_not_cues():
    assert quotes("بروكسل: «الاتحاد الأوروبي» يناقش الخطة اليوم.\nثانيا: «استدامة الديون» شرط للنمو.") == []


# --------------------------------------------------------------------------- relay
def test_relay_chain_speaker_and_agency():
    text = ('ونقلت وكالة الأنباء الأردنية (بترا) عن وزير الداخلية مازن الفراية قوله "إن الحدود آمنة تماما". '
            'وأضاف أن التنسيق مع الجيش مستمر.')
    ents = [("وكالة الأنباء الأردنية", "ORG", "petra"), ("بترا", "ORG", "petra"),
            ("وزير الداخلية", "TITLE", "faraya"), ("مازن الفراية", "PER", "faraya")]
    qs = quotes(text, entities=ents)
    q = qs[0]
    assert q["cue"]["text"] == "قوله" and q["cue_secondary"]["text"] == "نقلت"
    assert q["speaker_entity_id"] == "faraya" and q["speaker_text"] == "مازن الفراية"
    assert q["medium"]["relation"] == "relayed_by" and q["medium"]["entity_id"] == "petra"
    assert q["kind"] == "direct" and q["content"]["text"] == "إن الحدود آمنة تماما"
    assert qs[1]["speaker_entity_id"] == "faraya" and qs[1]["speaker_implicit"] is True


def test_relay_without_entities():
    qs = quotes("ونقلت صحيفة «واشنطن بوست» عن مسؤولين أمريكيين قولهم إن البيت الأبيض يدرس خيارات عدة.")
    assert qs[0]["speaker_text"] == "مسؤولين أمريكيين"
    assert qs[0]["content"]["text"] == "البيت الأبيض يدرس خيارات عدة"


def test_secondary_cue_is_absorbed():
    qs = quotes("وتابع الوزير قائلا: «سنواصل العمل».\n\nوأضاف قوله إن الخطة جاهزة.")
    assert [q["cue"]["text"] for q in qs] == ["تابع", "أضاف"]
    assert qs[0]["cue_secondary"]["text"] == "قائلا"


# --------------------------------------------------------------------------- stage
def test_stage_adds_layer_and_find_quotes_is_pure():
    doc = make_doc("وقال الوزير إن الحوار مستمر.")
    before = {k: list(v) for k, v in doc.layers.items()}
    find_quotes(doc)
    assert {k: list(v) for k, v in doc.layers.items()} == before
    STAGE(doc)
    spans = doc.spans("quotes")
    assert len(spans) == 1 and spans[0].label == "indirect"
    assert doc.text[spans[0].start:spans[0].end] == "الحوار مستمر"
    assert spans[0].attrs["cue"]["text"] == "قال" and spans[0].producer == STAGE.producer
    assert STAGE.assigns == ("quotes",)


def test_works_without_lines_layer_and_is_fast():
    para = ("وقال المتحدث باسم الوزارة إن «الوضع تحت السيطرة»، مضيفا أن الفرق تعمل على مدار الساعة. "
            "وأكد أن الحكومة ستعلن خطة جديدة الأسبوع المقبل، مشيرا إلى أن التمويل متوفر.\n")
    doc = Document(para * 12)   # about 4 kB of text
    qs = find_quotes(doc)
    assert len(qs) == 48
    t0 = time.perf_counter()
    for _ in range(5):
        find_quotes(doc)
    assert (time.perf_counter() - t0) / 5 < 0.05


# --------------------------------------------------------------------------- seeds (shared data)
@pytest.mark.skipif(not (SHARED / "gold" / "score.py").exists(), reason="shared gold data not available")
def test_seed_scores_with_gold_entities(tmp_path):
    spec = importlib.util.spec_from_file_location("gold_score", SHARED / "gold" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    scorer = score.Scorer()
    for gf in sorted((SHARED / "gold").glob("*.gold.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        text = (SHARED / "seeds" / f"{gold['doc_id']}.txt").read_text(encoding="utf-8")
        doc = Document(text)
        for ln in gold["lines"]:
            doc.add_span("lines", ln["start"], ln["end"], "gold", label=ln["label"], i=ln["i"])
        for m in gold["entities"]:
            doc.add_span("entities", m["start"], m["end"], "gold", label=m["type"], entity_id=m["entity_id"],
                         holder_entity_id=m.get("holder_entity_id"))
        pred = {"quotes": find_quotes(doc),
                "entities": [{"text": m["text"], "start": m["start"], "end": m["end"], "type": m["type"],
                              "entity_id": m["entity_id"]} for m in gold["entities"]]}
        scorer.doc(gold, pred)
    rep = scorer.report()
    assert rep["quotes.f1"] >= 0.9
    assert rep["quotes.speaker_accuracy"] >= 0.92
    assert rep["quotes.content_token_f1"] >= 0.85
    assert rep["quotes.cue_accuracy"] >= 0.9
