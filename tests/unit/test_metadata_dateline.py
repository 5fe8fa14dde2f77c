"""rasid.metadata.dateline: agency datelines, bylines and feed author fields."""
from __future__ import annotations

import pytest

from rasid.clean import lines
from rasid.document import Document
from rasid.metadata import dateline, dates, outlet
from rasid.metadata.dateline import is_agency, is_place, parse_body_head, parse_byline


def head(text: str):
    return parse_body_head(text, 0, len(text))


def test_agency_dateline_with_date_inside_the_first_body_line():
    t = "بغداد 27 أبريل 2021 (شينخوا) أكدت قيادة العمليات المشتركة"
    d = head(t)
    assert d["text"] == "بغداد 27 أبريل 2021 (شينخوا)"
    assert (d["place"], d["date"], d["agency"]) == ("بغداد", "2021-04-27", "شينخوا")
    assert t[d["start"]:d["end"]] == d["text"]


@pytest.mark.parametrize("text,place,agency,date", [
    ("القاهرة (رويترز) - قال مسؤولون", "القاهرة", "رويترز", None),
    ("الرياض - واس: أعلنت وزارة", "الرياض", "واس", None),
    ("المدينة المنورة - واس: تتواصل احتفالات", "المدينة المنورة", "واس", None),
    ("باريس (أ ف ب) - أعلنت الحكومة", "باريس", "أ ف ب", None),
    ("دمشق، 5 آذار 2023 (سانا) - أكد", "دمشق", "سانا", "2023-03-05"),
    ("زوريخ 3 جويلية 2022 (د ب أ) أعلن", "زوريخ", "د ب أ", "2022-07-03"),
    ("الكويت - كونا - أعلنت", "الكويت", "كونا", None),
])
def test_body_head_shapes(text, place, agency, date):
    d = head(text)
    assert d is not None
    assert (d["place"], d["agency"], d["date"]) == (place, agency, date)


def test_outlet_place_colon_and_place_outlet_colon():
    d = head("سبق- الرياض: تمكّنت دوريات أمن الطرق")
    assert (d["place"], d["outlet"], d["agency"]) == ("الرياض", "سبق", None)
    d = head("لندن-الوئام: يتحضر الظهير البرازيلي")
    assert (d["place"], d["outlet"]) == ("لندن", "الوئام")


def test_plain_prose_has_no_dateline():
    assert head("أكدت قيادة العمليات المشتركة العراقية اليوم أن علاقتها مع التحالف") is None
    assert head("وقال الوزير (رويترز) إن") is None


@pytest.mark.parametrize("text,place,outlet,agency,author", [
    ("من كربلاء الخبر - بغداد", "بغداد", "من كربلاء الخبر", None, None),
    ("واس - الرياض", "الرياض", None, "واس", None),
    ("لندن: رنيم حنوش", "لندن", None, None, "رنيم حنوش"),
    ("لندن: «الشرق الأوسط أونلاين»", "لندن", "الشرق الأوسط أونلاين", None, None),
    ("جازان - علي العمودي:", "جازان", None, None, "علي العمودي"),
    ("سعود الدعجاني- سبق- جدة:", "جدة", "سبق", None, "سعود الدعجاني"),
    ("«الاقتصادية» من الرياض", "الرياض", "الاقتصادية", None, None),
    ("فارس القحطاني (الرياض)", "الرياض", None, None, "فارس القحطاني"),
    ("زوريخ : رويترز", "زوريخ", None, "رويترز", None),
])
def test_byline_shapes(text, place, outlet, agency, author):
    d = parse_byline(text, 0, len(text))
    assert d is not None
    assert (d["place"], d["outlet"], d["agency"], d.get("author")) == (place, outlet, agency, author)


def test_lookup_tables():
    assert is_agency("(أ.ف.ب)") == "afp" and is_agency("وكالة الأناضول") == "anadolu"
    assert is_agency("واع") == "ina" and is_agency("الحكومة") is None
    assert is_place("بغداد") and is_place("الاسكندرية") and is_place("المملكة المتحدة")
    assert not is_place("الحكومة")


def run(text: str, meta=None) -> Document:
    doc = Document(text, meta=meta or {})
    for st in (lines.STAGE, dates.STAGE, dateline.STAGE, outlet.STAGE):
        st(doc)
    return doc


def test_stage_byline_line_gives_outlet_fact():
    doc = run("\n".join(["رئيس الجمهورية يستقبل السفيرة الأمريكية في بغداد", "", "من كربلاء الخبر - بغداد", "",
                         "شدد رئيس الجمهورية خلال استقباله السفيرة الأمريكية على ضرورة دعم القوات العراقية في مجالات التدريب."]))
    dl = doc.fact("dateline")
    assert (dl["place"], dl["outlet"], dl["date"]) == ("بغداد", "من كربلاء الخبر", None)
    assert doc.fact("outlet") == "من كربلاء الخبر"
    assert doc.spans("dateline")[0].start == dl["start"]


def test_stage_feed_author_field():
    doc = run("حدد رئيس الوزراء البريطاني اليوم (الاثنين) ملامح استراتيجية للتصدي للتطرف داخل بريطانيا.",
              {"title": "بريطانيا: أربعة محاور", "author": "لندن: رنيم حنوش", "outlet": "aawsat"})
    dl = doc.fact("dateline")
    assert dl["place"] == "لندن" and dl["start"] is None and dl["source"] == "meta.author"
    assert doc.fact("outlet") == "aawsat"


def test_stage_no_dateline():
    doc = run("عنوان\n\nقال الوزير إن الحكومة ستعلن خطة جديدة قريبا لدعم المزارعين في المناطق الريفية.")
    assert doc.fact("dateline") is None and doc.fact("outlet") is None


def test_byline_part_repeating_the_masthead_is_the_outlet():
    doc = run("\n".join(["هسبريس", "الحكومة تصادق على مشروع قانون المالية لسنة 2025", "هسبريس - محمد الراجي",
                         "الأحد 20 أكتوبر 2024 - 14:30", "",
                         "صادق مجلس الحكومة، المنعقد اليوم الأحد بالرباط، على مشروع قانون المالية لسنة 2025."]))
    dl = doc.fact("dateline")
    assert (dl["place"], dl["outlet"], dl["author"]) == (None, "هسبريس", "محمد الراجي")
    assert doc.fact("outlet") == "هسبريس"


def test_agency_with_place_in_brackets():
    d = parse_byline("أ.ف.ب (شارلوت)", 0, len("أ.ف.ب (شارلوت)"))
    assert (d["place"], d["agency"]) == ("شارلوت", "أ.ف.ب")


def test_section_path_above_the_title_is_not_a_dateline():
    doc = run("\n".join(["أخبار - العراق", "البرلمان العراقي يقر قانون الموازنة العامة للعام الحالي", "",
                         "أقر مجلس النواب العراقي في جلسته قانون الموازنة العامة بعد أشهر من الخلافات بين الكتل."]))
    assert doc.fact("dateline") is None


@pytest.mark.parametrize("text,place,agency,date", [
    ("الرياض 20 شوال 1436 هـ الموافق 05 أغسطس 2015 م واس أعلن", "الرياض", "واس", "2015-08-05"),
    ("الرياض 15 رمضان 1436 هـ الموافق 2 يوليو 2015 م (واس) - دشن", "الرياض", "واس", "2015-07-02"),
    ("القاهرة 5 مايو 2024 أ ش أ - قال", "القاهرة", "أ ش أ", "2024-05-05"),
    ("بغداد 27 أبريل 2021 قال الوزير", "بغداد", None, "2021-04-27"),
])
def test_dual_calendar_and_bare_agency_datelines(text, place, agency, date):
    d = head(text)
    assert (d["place"], d["agency"], d["date"]) == (place, agency, date)
