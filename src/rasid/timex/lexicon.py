"""Temporal vocabulary (months, weekdays, ordinal day words, cue words), kept as data.

Entries are written in ordinary spelling; :func:`folded_alt` folds them for the
patterns, which run on the folded text of :mod:`rasid.timex.folding`.
"""
from __future__ import annotations

import re

from rasid.arabic.normalize import fold

#: month name -> month number. Gregorian (Egyptian/Gulf), Levantine/Iraqi, Maghrebi.
GREGORIAN_MONTHS: dict[str, int] = {}
for _m, _names in enumerate((
        "يناير كانون_الثاني جانفي", "فبراير شباط فيفري", "مارس آذار", "أبريل إبريل ابريل نيسان أفريل",
        "مايو أيار ماي", "يونيو يونيه حزيران جوان", "يوليو يوليه تموز جويلية", "أغسطس آب أوت غشت",
        "سبتمبر أيلول شتنبر", "أكتوبر تشرين_الأول", "نوفمبر تشرين_الثاني نونبر", "ديسمبر كانون_الأول دجنبر"), 1):
    for _n in _names.split():
        GREGORIAN_MONTHS[fold(_n.replace("_", " "))] = _m

#: Month names that are also common words; they only count next to a day number or a year.
AMBIGUOUS_MONTHS = {fold(w) for w in ("مارس", "آب", "ماي", "أوت", "غشت")}

HIJRI_MONTHS: dict[str, int] = {}
for _m, _names in enumerate((
        "محرم", "صفر", "ربيع_الأول ربيع_الاول", "ربيع_الآخر ربيع_الثاني", "جمادى_الأولى جمادى_الاولى",
        "جمادى_الآخرة جمادى_الثانية", "رجب", "شعبان", "رمضان", "شوال", "ذو_القعدة ذي_القعدة",
        "ذو_الحجة ذي_الحجة"), 1):
    for _n in _names.split():
        HIJRI_MONTHS[fold(_n.replace("_", " "))] = _m

#: weekday -> Python weekday() (Monday = 0)
WEEKDAYS: dict[str, int] = {fold(w): i for w, i in (
    ("الاثنين", 0), ("الإثنين", 0), ("الثلاثاء", 1), ("الأربعاء", 2), ("الاربعاء", 2), ("الخميس", 3),
    ("الجمعة", 4), ("السبت", 5), ("الأحد", 6))}

#: Ordinal day words (definite), folded -> day number 1..31.
_UNITS_M = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
_TEENS = ["الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر", "السادس عشر",
          "السابع عشر", "الثامن عشر", "التاسع عشر"]
_COMPOUND_UNITS = ["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
ORDINAL_DAYS: dict[str, int] = {}
for _i, _w in enumerate(_UNITS_M, 1):
    ORDINAL_DAYS[fold(_w)] = _i
for _i, _w in enumerate(_TEENS, 11):
    ORDINAL_DAYS[fold(_w)] = _i
ORDINAL_DAYS[fold("العشرين")] = 20
for _i, _w in enumerate(_COMPOUND_UNITS, 21):
    ORDINAL_DAYS[fold(_w + " والعشرين")] = _i
ORDINAL_DAYS[fold("الثلاثين")] = 30
ORDINAL_DAYS[fold("الحادي والثلاثين")] = 31

PAST = "الماضي الماضية المنصرم المنصرمة الفائت الفائتة السابق السابقة"
FUTURE = "المقبل المقبلة القادم القادمة"
CURRENT = "الجاري الجارية الحالي الحالية"

#: relative qualifier (folded) -> -1 / +1 / 0
QUALIFIERS: dict[str, int] = {}
for _w in PAST.split():
    QUALIFIERS[fold(_w)] = -1
for _w in FUTURE.split():
    QUALIFIERS[fold(_w)] = 1
for _w in CURRENT.split():
    QUALIFIERS[fold(_w)] = 0

#: period noun -> granularity for "العام الماضي", "الشهر المقبل", "الأسبوع الجاري"
PERIODS: dict[str, str] = {fold(w): g for w, g in (
    ("العام", "year"), ("السنة", "year"), ("الشهر", "month"), ("الأسبوع", "week"), ("الاسبوع", "week"))}

#: Phase modifiers kept inside the span (granularity unchanged): "مطلع العام الماضي".
PHASES = "مطلع مستهل بداية أوائل منتصف أواسط أواخر نهاية ختام آخر"

PARTS_OF_DAY = "صباح مساء ظهر ظهيرة عصر فجر ليلة ليل صبيحة"

#: "now" words: resolve to the anchor day.
NOW_WORDS = ("الآن", "الان", "حاليا", "حالياً", "راهنا", "في الوقت الحالي", "في الوقت الراهن", "في الوقت الحاضر",
             "هذه الأيام", "هذه الايام")

#: vague expressions (value None)
VAGUE_WORDS = ("مؤخرا", "مؤخراً", "أخيرا", "أخيراً", "قريبا", "قريباً", "في وقت سابق", "في وقت لاحق",
               "في وقت قريب", "في وقت مبكر", "سابقا", "سابقاً", "لاحقا", "لاحقاً", "آنذاك", "حينذاك",
               "حينها", "وقتها", "في الماضي", "في السابق", "مستقبلا", "مستقبلاً", "في المستقبل",
               "المستقبل القريب والبعيد", "المستقبل القريب", "المستقبل البعيد", "في الآونة الأخيرة")

#: plural / collective time nouns that make "الأخيرة/الماضية/المقبلة" temporal
TIME_NOUNS = ("الأشهر الشهور الأيام الأسابيع السنوات السنين الأعوام العقود الساعات الفترة الآونة المرحلة "
              "العقدين الشهرين العامين السنتين الأسبوعين اليومين الساعات الدقائق القليلة")

#: triggers of event-anchored expressions; "sim" = at the time of the event
EVENT_TRIGGERS: dict[str, str] = {fold(w): k for w, k in (
    ("غداة", "after"), ("عشية", "before"), ("إثر", "after"), ("عقب", "after"),
    ("قبيل", "before"), ("إبان", "sim"), ("خلال", "sim"), ("أثناء", "sim"), ("لدى", "sim_clitic"),
    ("عند", "sim_clitic"), ("منذ", "since"), ("بعد", "after"), ("قبل", "before"), ("طوال", "sim"),
    ("طيلة", "sim"))}


def folded_alt(words, split: bool = True) -> str:
    """Regex alternation of folded words (longest first); "_" or a space become ``\\s+``."""
    items = words.split() if isinstance(words, str) and split else list(words)
    folded = {fold(w.replace("_", " ")) for w in items}
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(folded, key=len, reverse=True))
