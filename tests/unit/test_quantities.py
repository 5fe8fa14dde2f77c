"""Quantities: number words, digits, duals, comparators, units, ordinals, exclusions (invented sentences)."""
from __future__ import annotations

import pytest

from rasid.document import Document
from rasid.quantities import extract as qx
from rasid.quantities.numbers import parse_number_words


def _q(text):
    return qx.extract_quantities(text)


def _one(text):
    got = _q(text)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize("words, value", [
    ("خمسة مليارات", 5_000_000_000),
    ("ألفين وخمسمائة", 2500),
    ("عشرة آلاف", 10_000),
    ("ثلاثة آلاف وخمسمائة", 3500),
    ("مئة ألف", 100_000),
    ("ثلاث مئة", 300),
    ("ثلاثة عشر", 13),
    ("إحدى عشرة", 11),
    ("واحد وعشرين", 21),
    ("مليون", 1_000_000),
    ("2.5 مليار", 2_500_000_000),
    ("100 مليون", 100_000_000),
    ("١٢٬٥٠٠", 12_500),
    ("١٫٥ مليون", 1_500_000),
])
def test_number_words(words, value):
    assert parse_number_words(words) == value


def test_vague_plural_scale_alone_is_not_a_number():
    assert parse_number_words("آلاف") is None
    assert _q("خرج آلاف المتظاهرين إلى الشوارع") == []


def test_digits_with_unit_and_modifier():
    q = _one("ينتشر حاليا قرابة 4500 جندي بريطاني في المنطقة")
    assert q["value"] == 4500 and q["unit"] == "troops" and q["comparator"] == "about"
    assert q["text"] == "قرابة 4500 جندي بريطاني"
    assert q["number"]["text"] == "4500"


def test_money_with_scale_word_and_proclitic_left_out():
    text = "وساهمت الدولة بثلاثة ملايين دولار في المشروع"
    q = _one(text)
    assert q["value"] == 3_000_000 and q["unit"] == "USD"
    assert q["text"] == "ثلاثة ملايين دولار"
    assert text[q["start"]:q["end"]] == q["text"]


@pytest.mark.parametrize("phrase, comparator", [
    ("أكثر من 300 شخص", "more_than"),
    ("أقل من خمسين شخصا", "less_than"),
    ("نحو 20 عاما", "about"),
    ("حوالي 20 عاما", "about"),
    ("ما يقرب من 20 عاما", "about"),
    ("زهاء 20 عاما", "about"),
    ("ما لا يقل عن 20 عاما", "more_than"),
])
def test_comparators(phrase, comparator):
    q = _one(f"وقال إن {phrase} مضت")
    assert q["comparator"] == comparator
    assert q["text"].startswith(phrase.split()[0])


@pytest.mark.parametrize("phrase, unit, value", [
    ("خمسة أمتار", "metres", 5),
    ("سبعة أعوام", "years", 7),
    ("25 برميلا", "barrels", 25),
    ("40 بالمئة", "percent", 40),
    ("15%", "percent", 15),
    ("ثلاث جولات", "rounds", 3),
    ("250 مشاهدة", "page_views", 250),
])
def test_units(phrase, unit, value):
    q = _one(f"سجلت التقارير {phrase} حسب المصدر")
    assert (q["unit"], q["value"]) == (unit, value)


def test_duals_count_two_but_not_definite_duals():
    got = _q("عقد الطرفان جولتين من المحادثات وأرسل جنديين إلى البلدين")
    assert [(q["text"], q["value"], q["unit"]) for q in got] == [("جولتين", 2, "rounds"), ("جنديين", 2, "troops")]
    assert _q("اتفق الجانبان على تعزيز علاقات البلدين") == []


def test_ordinals_after_a_noun_and_in_an_enumeration():
    got = _q("عقدت ثلاث جلسات، الأولى في الصباح، والثانية بعد الظهر، والثالثة مساء.")
    assert [(q["text"], q["value"], q["ordinal"]) for q in got] == [
        ("ثلاث جلسات", 3, False), ("الأولى", 1, True), ("الثانية", 2, True), ("الثالثة", 3, True)]
    q = _one("وانطلقت جولة رابعة من المفاوضات")
    assert q["ordinal"] and q["value"] == 4 and q["unit"] == "rounds"


def test_idioms_quantifiers_and_weekday_excluded():
    assert _q("إن الأمرين شيء واحد في نظرهم") == []
    assert _q("زار بعض المسؤولين كل المدن وجميع القرى وإحدى البلدات") == []
    assert _q("وصل الوفد يوم الاثنين إلى العاصمة") == []
    assert _q("قلت لست على علم بذلك") == []


def test_numbers_inside_dates_and_times_excluded():
    assert _q("وقع الهجوم في 12 مارس 2022 عند الساعة 10:30") == []
    assert _q("في عام 2019 تغير كل شيء") == []
    assert _q("نشر في 2023/05/14") == []


def test_year_number_with_a_unit_is_a_quantity():
    q = _one("وصل 2000 جندي إلى القاعدة")
    assert q["value"] == 2000 and q["unit"] == "troops"


def test_stage_adds_layer():
    doc = Document("أرسلت الحكومة 120 طبيبا و30 ممرضا")
    qx.STAGE(doc)
    spans = doc.spans("quantities")
    assert [s.attrs["value"] for s in spans] == [120, 30]
    assert all(doc.text[s.start:s.end] for s in spans)
    empty = Document("لا أرقام هنا")
    qx.STAGE(empty)
    assert empty.has("quantities") and empty.spans("quantities") == []


def test_labels_are_not_counts():
    assert _q("بموجب القرار 2254 الصادر عن مجلس الأمن") == []
    assert _q("وفق المادة 5 من الدستور") == []
    assert _q("الطبيب رقم 11 ذكر ذلك") == []


def test_fractions_only_with_a_scale_word():
    assert _one("بلغ عدد السكان نصف مليون نسمة")["value"] == 500_000
    assert _q("صوت نصف الأعضاء") == []


def test_digits_after_and_and_mixed_scales():
    assert [q["value"] for q in _q("باعت الشركة مليون و162 ألف سيارة")] == [1_162_000]
    assert [q["value"] for q in _q("قتل 5 مدنيين و3 جنود")] == [5, 3]
