"""rasid.metadata.dates: absolute dates with offsets in every regional month system."""
from __future__ import annotations

import pytest

from rasid.document import Document
from rasid.metadata import dates
from rasid.metadata.dates import find_dates, find_deictic_weekdays, weekday_index


def one(text: str):
    found = find_dates(text)
    assert len(found) == 1, found
    dm = found[0]
    assert text[dm.start:dm.end] == dm.text
    return dm


@pytest.mark.parametrize("text,value", [
    ("الخميس 02 مايو 2024", "2024-05-02"),
    ("في 12 ابريل 2015 م", "2015-04-12"),
    ("في 12 إبريل 2015", "2015-04-12"),
    ("في 3 اغسطس 2020", "2020-08-03"),
    ("في 9 كانون الثاني 2024", "2024-01-09"),
    ("في 9 كانون ثاني 2024", "2024-01-09"),
    ("في 1 اذار 2019", "2019-03-01"),
    ("في 14 تشرين الأول 2022", "2022-10-14"),
    ("في 5 جويلية 2023", "2023-07-05"),
    ("في 20 أوت 2022", "2022-08-20"),
    ("يوم 3 فيفري 2021", "2021-02-03"),
    ("يوم 3 أفريل 2021", "2021-04-03"),
    ("يوم 3 ماي 2021", "2021-05-03"),
    ("يوم 3 جوان 2021", "2021-06-03"),
    ("يوم 3 يوليوز 2021", "2021-07-03"),
    ("يوم 3 غشت 2021", "2021-08-03"),
    ("في 7 من شهر مارس من عام 2021", "2021-03-07"),
    ("في ٩ يناير ٢٠٢٤", "2024-01-09"),
    ("في ۹ يناير ۲۰۲۴", "2024-01-09"),
    ("في 9 كانون الثاني/يناير 2024", "2024-01-09"),
])
def test_day_month_year(text, value):
    dm = one(text)
    assert dm.value == value
    assert dm.granularity == "day"


def test_month_year_granularity():
    dm = one("خلال شهر أيلول 2019 الماضي")
    assert dm.value == "2019-09" and dm.granularity == "month"


def test_arabic_indic_offsets_are_raw_offsets():
    text = "قال في ١٥ رمضان ١٤٣٦ هـ إن"
    dm = one(text)
    assert dm.text == "١٥ رمضان ١٤٣٦ هـ"
    assert dm.calendar == "hijri"
    assert dm.value == "2015-07-02"
    assert dm.hijri == "1436-09-15"


def test_hijri_month_only_gives_gregorian_range():
    dm = one("خلال رمضان 1436هـ الماضي")
    assert dm.calendar == "hijri" and dm.granularity == "month"
    assert dm.value == "2015-06-18" and dm.value_end == "2015-07-16"


def test_hijri_needs_era_or_plausible_year():
    assert find_dates("رمضان 2015") == []  # a Hijri month with a Gregorian year is not a date
    dm = one("في 12 شوال 1436")
    assert dm.calendar == "hijri" and dm.value == "2015-07-28"


def test_numeric_unambiguous_orders():
    assert one("• 4/28/2021").value == "2021-04-28" and one("• 4/28/2021").order == "mdy"
    assert one("• 28/4/2021").value == "2021-04-28" and one("• 28/4/2021").order == "dmy"
    assert one("2024-01-09T10:00").value == "2024-01-09"
    assert one("2024/1/9").order == "ymd"


def test_numeric_ambiguous_default_is_day_first_and_flagged():
    dm = one("• 9-01-2024, 17:11")
    assert dm.value == "2024-01-09" and dm.ambiguous and dm.resolved_by == "default"


def test_numeric_ambiguous_resolved_by_weekday():
    dm = one("الأحد 9-01-2024")  # 1 September 2024 was a Sunday, 9 January a Tuesday
    assert dm.value == "2024-09-01" and dm.resolved_by == "weekday" and not dm.ambiguous


def test_numeric_ambiguous_resolved_by_other_dates():
    text = "نشر 9-01-2024\nاليوم الثلاثاء (9 كانون الثاني 2024) قال"
    first = find_dates(text)[0]
    assert first.value == "2024-01-09" and first.resolved_by == "proximity"
    text = "نشر 3/4/2022 وعدل 4/28/2022"  # the page writes month-first
    assert find_dates(text)[0].value == "2022-03-04" and find_dates(text)[0].resolved_by == "convention"


def test_weekday_check_and_correction():
    ok = one("الثلاثاء 9 يناير 2024")
    assert ok.weekday == "الثلاثاء" and ok.weekday_ok is True
    bad = one("الثلاثاء 10 يناير 2024")
    assert bad.weekday_ok is False and bad.corrected == "2024-01-09"
    paren = one("اليوم الثلاثاء (9 كانون الثاني 2024)، على")
    assert paren.weekday_ok is True and paren.deictic
    assert paren.context_start == 0


def test_no_false_dates():
    assert find_dates("قتل 2024 شخصا في 15 هجوما") == []
    assert find_dates("رقم الهاتف 0551234567") == []
    assert find_dates("نسبة 3.5.2024 %")[0].value == "2024-05-03"  # dotted dates are dates


def test_partial_dates_on_request():
    assert find_dates("في 9 ابريل الجاري") == []
    found = find_dates("في 9 ابريل الجاري", include_partial=True)
    assert found[0].granularity == "day_no_year" and found[0].value is None and found[0].month == 4


def test_window_arguments():
    text = "1 يناير 2020 ثم 2 فبراير 2021"
    got = find_dates(text, start=13)
    assert [d.value for d in got] == ["2021-02-02"]


def test_deictic_weekdays():
    got = find_deictic_weekdays("أكدت القيادة اليوم (الثلاثاء) أن وأعلن أمس الاثنين")
    assert [(g["deictic"], g["weekday"], g["today"]) for g in got] == [("اليوم", 1, 1), ("أمس", 0, 1)]
    assert weekday_index("يوم الخميس") == 3 and weekday_index("الإثنين") == 0


def test_stage_adds_layer():
    doc = Document("بغداد 27 أبريل 2021 (شينخوا) أكدت")
    dates.STAGE(doc)
    spans = doc.spans("date_mentions")
    assert len(spans) == 1 and spans[0].label == "absolute"
    assert spans[0].attrs["value"] == "2021-04-27" and spans[0].attrs["calendar"] == "gregorian"
    assert spans[0].attrs["granularity"] == "day"


def test_years_on_request():
    text = "منذ العام 2003 وحتى عام 2010م قتل 2024 شخصا"
    assert find_dates(text) == []
    got = find_dates(text, include_years=True)
    assert [(d.text, d.value, d.granularity) for d in got] == [("2003", "2003", "year"), ("2010م", "2010", "year")]


def test_ordinal_day_words():
    assert one("جرت في السابع من أبريل 2021 جولة").value == "2021-04-07"
    assert one("في الحادي والعشرين من شهر مارس 2020").value == "2020-03-21"
    assert one("الثاني عشر من كانون الأول 2019").value == "2019-12-12"
    assert find_dates("في التاسع من ابريل الجاري") == []
