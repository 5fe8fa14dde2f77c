"""rasid.metadata.published / title: the article's own date, never the page header's."""
from __future__ import annotations

from rasid.clean import lines
from rasid.document import Document
from rasid.metadata import dateline, dates, published, title

STAGES = (lines.STAGE, dates.STAGE, title.STAGE, dateline.STAGE, published.STAGE)
LEAD = "أكدت وزارة الخارجية في بيان رسمي أن المباحثات تناولت تطورات الأوضاع في المنطقة وسبل التعاون الثنائي."


def run(text: str, meta=None) -> Document:
    doc = Document(text, meta=meta or {})
    for st in STAGES:
        st(doc)
    return doc


def pub(doc: Document):
    f = doc.facts["published"]
    return f.value, f.confidence


def test_page_header_date_never_becomes_the_publication_date():
    doc = run("\n".join(["الخميس 02 مايو 2024", "رئيس مجلس الإدارة والتحرير", "عبدالرحيم علي", "",
                         "رئيس العراق: خلل في التنسيق مع التحالف", "", LEAD]))
    assert pub(doc) == (None, None)
    page = doc.facts["published"].attrs["page_date"]
    assert page["date"] == "2024-05-02" and page["text"] == "02 مايو 2024"
    assert "why_not_article_date" in page
    assert doc.facts["published"].attrs["estimate"]["to"] == "2024-05-02"


def test_agency_dateline_beats_a_republication_stamp():
    doc = run("\n".join(["العراق يؤكد أن علاقته مع التحالف الدولي مبنية على التعاون", "", "  • 4/28/2021",
                         "  • 00:00", "", "بغداد 27 أبريل 2021 (شينخوا) أكدت قيادة العمليات المشتركة اليوم (الثلاثاء) "
                         "أن علاقتها مع التحالف مبنية على التعاون."]))
    assert pub(doc) == ("2021-04-27", "high")
    f = doc.facts["published"]
    assert f.attrs["basis"] == "dateline"
    assert f.attrs["page_date"]["date"] == "2021-04-28"


def test_in_text_date_agreeing_with_ambiguous_stamp():
    doc = run("\n".join(["رشيد للسفيرة الامريكية: على التحالف الدولي دعم قواتنا", "", "  • 9-01-2024, 17:11", "",
                         "شدد رئيس الجمهورية، خلال استقباله السفيرة الامريكية، اليوم الثلاثاء (9 كانون الثاني 2024)، "
                         "على ضرورة دعم القوات العراقية."]))
    assert pub(doc) == ("2024-01-09", "high")
    assert len(doc.facts["published"].evidence) == 2


def test_weekday_mismatch_lowers_confidence():
    doc = run("عنوان الخبر عن الاجتماع الوزاري\n\nعقد المجلس اليوم الأربعاء (9 كانون الثاني 2024) اجتماعا طارئا لبحث الأوضاع.")
    assert pub(doc) == ("2024-01-09", "medium")


def test_yesterday_with_date_gives_the_next_day():
    doc = run("افتتاح معرض الكتاب الدولي بمشاركة 40 دولة\nالجزائر - واج\n"
              "افتتح الوزير الأول، أمس الأربعاء 25 أكتوبر 2023، الدورة السادسة والعشرين لمعرض الجزائر الدولي للكتاب.")
    assert pub(doc) == ("2023-10-26", "high")
    dl = doc.fact("dateline")
    assert (dl["place"], dl["agency"]) == ("الجزائر", "واج")


def test_page_stamp_with_matching_deictic_weekday_is_high():
    doc = run("\n".join(["ارتفاع أسعار النفط مع تراجع المخزونات", "آخر تحديث: الأحد 12 مارس 2023 - 10:30", "",
                         "ارتفعت أسعار النفط اليوم الأحد بعد أن أظهرت بيانات تراجع المخزونات الأمريكية."]))
    assert pub(doc) == ("2023-03-12", "high")


def test_ambiguous_stamp_read_the_way_the_weekday_confirms():
    doc = run("\n".join(["ارتفاع أسعار النفط مع تراجع المخزونات", "• 04/03/2022", "",
                         "ارتفعت أسعار النفط اليوم (الأحد) بعد أن أظهرت بيانات تراجع المخزونات الأمريكية."]))
    assert pub(doc) == ("2022-04-03", "high")  # 3 April 2022 was a Sunday, 4 March a Friday


def test_stamp_a_day_after_the_articles_weekday():
    doc = run("\n".join(["ارتفاع أسعار النفط مع تراجع المخزونات", "• 28/04/2021", "",
                         "ارتفعت أسعار النفط اليوم (الثلاثاء) بعد أن أظهرت بيانات تراجع المخزونات الأمريكية."]))
    assert pub(doc) == ("2021-04-27", "medium")
    assert doc.facts["published"].attrs["page_date"]["date"] == "2021-04-28"


def test_bare_deictic_weekday_without_anchor_gives_no_date():
    doc = run("التحالف الدولي: محاربة داعش أبرز محاور الحوار\n\nحدد التحالف الدولي الملفات التي ستطرح في الحوار "
              "الذي ينطلق اليوم، الخميس، مؤكدا وجود تعاون كبير.")
    f = doc.facts["published"]
    assert f.value is None and f.attrs["basis"] == "deictic_weekday_unanchored" and f.attrs["weekday"] == "الخميس"


def test_no_date_at_all():
    doc = run("العراق يشدد على ضرورة التنسيق الدولي\n" + LEAD)
    assert pub(doc) == (None, None)
    assert doc.facts["published"].attrs["basis"] == "no_date_in_text"


def test_feed_date_used_and_adjusted_by_the_texts_weekday():
    body = "حدد رئيس الوزراء البريطاني، اليوم (الاثنين)، ملامح استراتيجية للتصدي للتطرف داخل بريطانيا."
    doc = run(body, {"title": "بريطانيا: أربعة محاور", "date": "2015-07-21 02:51:32"})
    assert pub(doc) == ("2015-07-20", "medium")  # crawled after midnight; the text says Monday
    doc = run(body, {"title": "بريطانيا: أربعة محاور", "date": "2015-07-20"})
    assert pub(doc) == ("2015-07-20", "high")
    doc = run(LEAD, {"title": "عنوان", "date": "2015-07-20T10:00:00"})
    assert pub(doc) == ("2015-07-20", "medium")


def test_feed_title_and_text_title():
    doc = run(LEAD, {"title": "بريطانيا: أربعة محاور"})
    assert doc.fact("title") == "بريطانيا: أربعة محاور"
    assert doc.facts["title"].attrs["source"] == "meta" and doc.spans("title") == []
    doc = run("×\n\nمغايراً لتوجه الحكومة.. رشيد للسفيرة: على التحالف دعم قواتنا \n\n" + LEAD)
    span = doc.spans("title")[0]
    assert doc.fact("title") == "مغايراً لتوجه الحكومة.. رشيد للسفيرة: على التحالف دعم قواتنا"
    assert doc.text[span.start:span.end] == doc.fact("title")


def test_hijri_dated_dateline():
    doc = run("أمير المنطقة يدشن مشروعات تنموية جديدة\n\nجدة 15 رمضان 1436 هـ (واس) دشن أمير المنطقة اليوم عددا من المشروعات.")
    assert pub(doc) == ("2015-07-02", "high")
    assert doc.fact("dateline")["agency"] == "واس"


def test_weekday_and_date_in_the_lead_sentence():
    doc = run("عنوان عن قرار وزارة الصحة الجديد\n\nأعلنت وزارة الصحة، الثلاثاء 9 يناير 2024، أن حملة التطعيم ستبدأ "
              "الأسبوع المقبل. وقالت إن الاجتماع المقبل سيعقد الخميس 18 يناير 2024.")
    assert pub(doc) == ("2024-01-09", "medium")
    assert doc.facts["published"].attrs["basis"] == "lead_weekday_date"
    doc = run("عنوان عن قرار وزارة الصحة الجديد\n\nأعلنت وزارة الصحة أن حملة التطعيم ستبدأ الأسبوع المقبل، على أن "
              "يعقد الاجتماع المقبل الأربعاء 18 يناير 2024.")  # wrong weekday (18 January 2024 was a Thursday)
    assert pub(doc) == (None, None)


def test_page_stamp_nothing_in_the_article_can_confirm_is_low_confidence():
    doc = run("\n".join(["السيسي يستقبل رئيس وزراء اليونان بقصر الاتحادية", "الجمعة، 10 مايو 2024 09:00 ص", "",
                         "استقبل الرئيس رئيس وزراء اليونان بقصر الاتحادية، حيث جرى بحث سبل تعزيز العلاقات الثنائية."]))
    assert pub(doc) == ("2024-05-10", "low")
    assert doc.facts["published"].attrs["basis"] == "page_stamp"


def test_dated_dateline_on_its_own_line():
    doc = run("\n".join(["العراق يؤكد أن علاقته مع التحالف مبنية على التعاون", "", "بغداد 27 أبريل 2021 (شينخوا)", "",
                         "أكدت قيادة العمليات المشتركة العراقية اليوم (الثلاثاء) أن علاقتها مع التحالف مبنية على التعاون."]))
    assert [s.label for s in doc.spans("lines")] == ["title", "blank", "dateline", "blank", "body"]
    assert doc.spans("lines")[2].attrs["subtype"] == "agency_dateline"
    dl = doc.fact("dateline")
    assert (dl["place"], dl["agency"], dl["date"]) == ("بغداد", "شينخوا", "2021-04-27")
    assert pub(doc) == ("2021-04-27", "high")
