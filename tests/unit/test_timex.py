"""Time expressions: every kind of SCHEMA.md section 12, weekday correction, exclusions (invented sentences)."""
from __future__ import annotations

import datetime as dt

import pytest

from rasid.document import Document
from rasid.timex import resolve as tx
from rasid.timex.folding import Folded

ANCHOR = "2023-03-15"  # a Wednesday


def _r(text, anchor=ANCHOR, **kw):
    return tx.resolve_expressions(text, anchor, **kw)


def _one(text, anchor=ANCHOR):
    got = _r(text, anchor)
    assert len(got) == 1, got
    return got[0]


def test_folding_keeps_raw_offsets():
    raw = "قال حالياً إنّ ٢٥٠٠ جنديٍ"
    f = Folded(raw)
    assert f.text == "قال حاليا ان 2500 جندي"
    i = f.text.index("حاليا")
    assert raw[f.raw_start(i):f.raw_end(i + 5)] == "حالياً"
    assert f.fold_index(f.raw_start(i)) == i


@pytest.mark.parametrize("text, value, gran", [
    ("وقع ذلك في 12 مارس 2021 في المدينة", "2021-03-12", "day"),
    ("صدر القرار في 9 كانون الثاني 2024", "2024-01-09", "day"),
    ("صدر القرار في نيسان/أبريل 2019", "2019-04", "month"),
    ("تأسست الجمعية عام 1998", "1998", "year"),
    ("نشر بتاريخ 2022-11-03", "2022-11-03", "day"),
    ("نشر بتاريخ 4/28/2021", "2021-04-28", "day"),
    ("نشر بتاريخ 28/4/2021", "2021-04-28", "day"),
    ("وفي 15 رمضان 1444 هـ", "2023-04-06", "day"),
])
def test_absolute(text, value, gran):
    x = _one(text)
    assert x["kind"] == "absolute" and x["value"] == value and x["granularity"] == gran


@pytest.mark.parametrize("text, value", [
    ("أكد الوزير اليوم (الأربعاء) أن", "2023-03-15"),
    ("أكد الوزير اليوم، الأربعاء، أن", "2023-03-15"),
    ("وقال أمس الثلاثاء إن", "2023-03-14"),
    ("وقع الانفجار مساء أمس", "2023-03-14"),
    ("وكانت الحكومة أعلنت الجمعة الماضية أن", "2023-03-10"),
    ("يبدأ الاجتماع الأحد المقبل", "2023-03-19"),
    ("تنطلق المباحثات غدا الخميس", "2023-03-16"),
    ("ارتفعت الأسعار العام الماضي", "2022"),
    ("ترتفع الأسعار العام المقبل", "2024"),
    ("سيعقد المؤتمر الشهر المقبل", "2023-04"),
    ("وصل الشهر الماضي إلى", "2023-02"),
    ("ينتشر حاليا في المنطقة", "2023-03-15"),
    ("يعمل الآن على", "2023-03-15"),
    ("تجرى الانتخابات في أكتوبر المقبل", "2023-10"),
    ("جرت الانتخابات في أكتوبر الماضي", "2022-10"),
    ("جرت الانتخابات في فبراير الماضي", "2023-02"),
])
def test_deictic(text, value):
    x = _one(text)
    assert x["kind"] == "deictic" and x["value"] == value, x


@pytest.mark.parametrize("text, value", [
    ("قال في التاسع من مارس الجاري إن", "2023-03-09"),
    ("وفي السابع من مارس الحالي", "2023-03-07"),
    ("في العاشر من الشهر الماضي", "2023-02-10"),
    ("في الحادي والعشرين من مارس الجاري", "2023-03-21"),
    ("في 3 مارس الجاري", "2023-03-03"),
])
def test_anaphoric(text, value):
    x = _one(text)
    assert x["kind"] == "anaphoric" and x["value"] == value, x


@pytest.mark.parametrize("text, value, gran", [
    ("تأسس التحالف قبل نحو 10 سنوات", "2013", "year"),
    ("غادر البلاد قبل 3 سنوات", "2020", "year"),
    ("وقع الحادث قبل يومين", "2023-03-13", "day"),
    ("بدأت الأزمة منذ عامين", "2021", "year"),
    ("انتهى قبل ستة أشهر", "2022-09", "month"),
    ("وصل قبل أسبوع", "2023-03-08", "day"),
])
def test_duration_ago(text, value, gran):
    x = _one(text)
    assert x["kind"] == "duration_ago" and x["value"] == value and x["granularity"] == gran, x


def test_event_anchored_dated_by_its_sentence_and_by_reference():
    text = ("أكد الرئيس، خلال استقباله وزير الخارجية، اليوم الأربعاء، دعم بلاده. "
            "وجرى خلال اللقاء بحث العلاقات. وكان قد صرح غداة هجوم على القاعدة بأن الوضع مستقر.")
    got = {x["text"]: x for x in _r(text)}
    assert got["خلال استقباله وزير الخارجية"]["kind"] == "event_anchored"
    assert got["خلال استقباله وزير الخارجية"]["value"] == "2023-03-15"
    assert next(x for k, x in got.items() if k.startswith("خلال اللقاء"))["value"] == "2023-03-15"
    assert any(k.startswith("غداة هجوم") for k in got)


def test_event_anchored_open_intervals_have_no_value():
    got = _r("تحسن الوضع منذ تولي الرئيس منصبه، بعد أن انسحبت القوات من المدينة.")
    assert [x["kind"] for x in got] == ["event_anchored", "event_anchored"]
    assert all(x["value"] is None for x in got)
    assert _r("تم ذلك من خلال الحوار ومن قبل الحكومة") == []


@pytest.mark.parametrize("text, surface", [
    ("تصاعدت الهجمات في الأشهر الأخيرة", "الأشهر الأخيرة"),
    ("أكد أخيرا أن الحكومة", "أخيرا"),
    ("في المستقبل القريب والبعيد", "المستقبل القريب والبعيد"),
    ("خلال السنوات الخمس الماضية", "السنوات الخمس الماضية"),
    ("تراجعت مؤخراً", "مؤخراً"),
])
def test_vague(text, surface):
    x = _one(text)
    assert x["kind"] == "vague" and x["value"] is None and x["text"] == surface


def test_exclusions():
    assert _r("يحدث هذا أحيانا في التقرير اليومي") == []
    assert _r("وفي الوقت نفسه، وفي نفس الوقت أكد") == []
    assert _r("بحثا التطورات الأمنية الأخيرة في المنطقة") == []
    assert _r("وأخيرا، شكر الحضور") == []
    assert _r("بعد صلاة الجمعة خرج المصلون") == [] or all("الجمعه" not in x["text"] for x in _r("بعد صلاة الجمعة خرج المصلون"))


def test_weekday_corrects_the_anchor():
    # the page date is Thursday 16, the article says "today (Wednesday)": the article is of Wednesday 15
    got = _r("أعلن الجيش اليوم (الأربعاء) أنه سيبدأ العملية، وكان قد حذر أمس من ذلك.", "2023-03-16")
    assert [x["value"] for x in got] == ["2023-03-15", "2023-03-14"]
    assert all(x["anchor"] == "2023-03-15" for x in got)
    assert tx.corrected_anchor(dt.date(2021, 4, 28), 1) == dt.date(2021, 4, 27)


def test_no_anchor_leaves_relative_values_empty():
    got = _r("قال الآن إن الاجتماع عقد أمس وفي 5 مايو 2020", None)
    assert [(x["kind"], x["value"]) for x in got] == [("deictic", None), ("deictic", None), ("absolute", "2020-05-05")]


def test_offsets_are_raw_and_region_is_respected():
    text = "مقدمة. وقالَ حاليّاً إن الاجتماع عقد أمسِ"
    got = _r(text, start=6)
    assert [text[x["start"]:x["end"]] for x in got] == ["حاليّاً", "أمسِ"]
    assert all(x["text"] == text[x["start"]:x["end"]] for x in got)


def test_stage_uses_published_fact_and_page_date_only_as_estimate():
    doc = Document("قال المتحدث اليوم الثلاثاء إن العمل جار حاليا")
    doc.set_fact("published", "2024-01-09", "test@1", confidence="high")
    tx.STAGE(doc)
    assert [(s.label, s.attrs["value"]) for s in doc.spans("timexes")] == [("deictic", "2024-01-09"),
                                                                             ("deictic", "2024-01-09")]
    doc = Document("قال الرئيس الآن إن")
    doc.set_fact("published", None, "test@1", confidence="low", page_date={"date": "2024-05-02"})
    tx.STAGE(doc)
    span = doc.spans("timexes")[0]
    assert span.attrs["value"] is None and span.attrs["value_estimate"] == "2024-05-02"
    doc = Document("قال الرئيس الآن إن", meta={"date": "2020-01-02"})
    tx.STAGE(doc)
    assert doc.spans("timexes")[0].attrs["value"] == "2020-01-02"
    assert doc.spans("timexes")[0].attrs["confidence"] == "low"


@pytest.mark.parametrize("text, value", [
    ("في ستينيات القرن الماضي", "196"),
    ("خلال القرن العشرين", "19"),
    ("منذ القرن التاسع عشر", "18"),
    ("في الثمانينات", "198"),
    ("وقع الهجوم الليلة الماضية", "2023-03-14"),
    ("انطلق عند الساعة 9.30 مساء", "2023-03-15T21:30"),
])
def test_eras_nights_and_clock_times(text, value):
    x = _one(text)
    assert x["value"] == value, x


def test_hamza_tells_ithr_from_athar():
    assert [x["kind"] for x in _r("على إثر الهجوم")] == ["event_anchored"]
    assert _r("أثر المشروع على الاقتصاد") == []


def test_hijri_year_without_marker_is_not_gregorian():
    x = _one("خفضت الأسعار عام 1432")
    assert x["kind"] == "absolute" and x["value"] is None


def test_date_mentions_from_metadata_override_values():
    text = "نشر في 5/4/2021"
    assert _one(text)["value"] == "2021-04-05"
    got = _r(text, date_mentions=[(7, 15, "2021-05-04", "day")])
    assert [x["value"] for x in got] == ["2021-05-04"]


@pytest.mark.parametrize("text, surface, value", [
    ("خلال الفترة من 1 إلى 15 يناير 2022", "1 إلى 15 يناير 2022", "2022-01-01"),
    ("في الـ15 من الشهر الجاري", "الـ15 من الشهر الجاري", "2023-03-15"),
    ("في نهاية العام", "نهاية العام", "2023"),
    ("مطلع الشهر الجاري", "مطلع الشهر الجاري", "2023-03"),
])
def test_ranges_definite_days_and_phases(text, surface, value):
    x = _one(text)
    assert (x["text"], x["value"]) == (surface, value)


def test_numbers_in_date_ranges_are_not_quantities():
    from rasid.quantities.extract import extract_quantities
    assert extract_quantities("خلال الفترة من 1 إلى 15 يناير 2022 ويومي 5 و6 مايو") == []


def test_bare_weekday_past_by_default_future_after_a_future_verb():
    assert _one("زار الرئيس باريس الخميس")["value"] == "2023-03-09"
    assert _one("سيزور الرئيس باريس الخميس")["value"] == "2023-03-16"
    assert _one("ومن المقرر أن يصل الوفد يوم الأحد")["value"] == "2023-03-19"


def test_placeholder_time_on_a_posting_stamp_has_no_value():
    # issue 5: "00:00" printed beside a page's date is the publishing system's empty time, not midnight;
    # a real time on the same kind of line keeps its value, and midnight in the body is midnight
    text = "• 4/28/2021\n• 00:00\n• 17:45\nوقع الانفجار عند الساعة 00:00 بتوقيت بغداد"
    doc = Document(text)
    lines = text.split("\n")
    pos = 0
    for k, line in enumerate(lines):
        doc.add_span("lines", pos, pos + len(line), "test", label="body" if k == 3 else "dateline")
        pos += len(line) + 1
    doc.set_fact("published", "2021-04-27", "test@1", confidence="high")
    tx.STAGE(doc)
    got = {(s.attrs.get("value"), text[s.start:s.end], s.label) for s in doc.spans("timexes")}
    assert (None, "00:00", "page_time") in got
    assert ("2021-04-27T17:45", "17:45", "page_time") in got
    assert any(v == "2021-04-27T00:00" and lab != "page_time" for v, _, lab in got)
