"""rasid.clean.lines: one label per line, chrome recognised by general features."""
from __future__ import annotations

from rasid.clean import lines
from rasid.clean.lines import analyse_lines, chrome_subtype
from rasid.document import Document

BODY1 = ("ارتفعت أسعار النفط اليوم الأحد بعد أن أظهرت بيانات رسمية تراجع المخزونات الأمريكية بأكثر من "
         "المتوقع، وفق ما ذكرت مصادر في السوق.")
BODY2 = "وقال محللون إن السوق ما زالت تترقب قرارات تحالف أوبك+ المقبلة بشأن مستويات الإنتاج في الأشهر القادمة."


def labels(text: str, meta=None):
    return [(li.label, li.subtype) for li in analyse_lines(text, meta)]


def test_every_line_gets_one_label_in_order():
    text = "عنوان الخبر هنا اليوم\n\n" + BODY1 + "\n   \n" + BODY2
    infos = analyse_lines(text)
    assert [li.i for li in infos] == list(range(len(text.split("\n"))))
    assert [li.label for li in infos] == ["title", "blank", "body", "blank", "body"]
    for li in infos:
        assert text[li.start:li.end] == text.split("\n")[li.i]


def test_other_outlet_chrome():
    text = "\n".join([
        "الرئيسية",
        "أخبار العالم",
        "ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية",
        "آخر تحديث: الأحد 12 مارس 2023 - 10:30",
        "",
        "لندن (رويترز) - " + BODY1,
        BODY2,
        "",
        "اقرأ أيضا: الذهب يتراجع مع صعود الدولار",
        "شارك",
        "فيسبوك",
        "Twitter",
        "طباعة",
    ])
    got = labels(text)
    assert got[0] == ("boilerplate", "menu")
    assert got[1] == ("boilerplate", "section_label")
    assert got[2] == ("title", None)
    assert got[3] == ("dateline", "page_datetime")
    assert got[5][0] == got[6][0] == "body"
    assert got[8] == ("boilerplate", "menu")
    assert all(g == ("boilerplate", "share_widget") for g in got[9:])


def test_header_date_above_masthead_is_boilerplate_stamp_below_title_is_dateline():
    text = "\n".join([
        "السبت ١٥ يونيو ٢٠٢٤",
        "رئيس التحرير: محمد أحمد",
        "وزير الخارجية يبحث مع نظيره الفرنسي تطورات المنطقة",
        "  • 15/06/2024",
        "  • 09:45",
        BODY1,
    ])
    got = labels(text)
    assert got[0] == ("boilerplate", "page_header_date")
    assert got[1] == ("boilerplate", "masthead")
    assert got[2] == ("title", None)
    assert got[3] == ("dateline", "page_date")
    assert got[4] == ("dateline", "page_time")


def test_date_line_right_above_the_title_is_the_posting_stamp():
    text = "\n".join(["×", "", "الأربعاء 3 يناير 2024 - 14:20", "", "مجلس الأمن يدعو إلى وقف فوري لإطلاق النار", BODY1])
    got = labels(text)
    assert got[0] == ("boilerplate", "close_button")
    assert got[2] == ("dateline", "page_datetime")
    assert got[4] == ("title", None)


def test_counters_view_counts_alt_text_font_widget():
    text = "\n".join([
        "الحكومة تعلن خطة جديدة لدعم المزارعين في الجنوب",
        "  • 3", "  • 0", "  • ٢٤٥ مشاهدة", "عدد القراءات: 1200", "main-image", "ت + ت - الحجم الطبيعي",
        "A+ A-", BODY1,
    ])
    got = labels(text)
    assert got[1] == got[2] == ("boilerplate", "counter")
    assert got[3] == ("boilerplate", "view_count")
    assert got[4] == ("boilerplate", "view_count")
    assert got[5] == ("boilerplate", "image_alt")
    assert got[6] == ("boilerplate", "font_size_widget")
    assert got[7] == ("boilerplate", "font_size_widget")


def test_masthead_names_section_labels_captions_app_promo():
    text = "\n".join([
        "رئيس مجلس الإدارة", "أحمد محمود", "", "شؤون عربية", "",
        "وزير الداخلية: لا تهاون مع مهربي المخدرات",
        "", "وزير الداخلية اللواء سامي حسن", "",
        "حمل تطبيق الجريدة لمتابعة آخر الأخبار",
        "أكد وزير الداخلية اللواء سامي حسن أن الأجهزة الأمنية لن تتهاون مع شبكات التهريب، مشيرا إلى ضبط كميات كبيرة.",
    ])
    got = labels(text)
    assert got[0] == ("boilerplate", "masthead")
    assert got[1] == ("boilerplate", "masthead_name")
    assert got[3] == ("boilerplate", "section_label")
    assert got[5] == ("title", None)
    assert got[7] == ("boilerplate", "image_caption")
    assert got[9] == ("boilerplate", "app_promo")
    assert got[10] == ("body", None)


def test_byline_after_title_is_boilerplate():
    text = "\n".join(["الجيش يعلن السيطرة على مواقع جديدة قرب الحدود", "", "من المرصد نيوز - دمشق", "", BODY1])
    got = labels(text)
    assert got[0] == ("title", None)
    assert got[2] == ("boilerplate", "byline")
    assert got[4] == ("body", None)


def test_text_opening_with_prose_has_no_title():
    text = BODY1 + "\n\n" + BODY2
    assert [g[0] for g in labels(text)] == ["body", "blank", "body"]


def test_one_title_only_and_short_subheads_inside_body_stay_body():
    text = "\n".join(["عنوان رئيسي طويل بما يكفي للخبر", BODY1, "المواقف الدولية", BODY2])
    got = labels(text)
    assert [g[0] for g in got] == ["title", "body", "body", "body"]


def test_feed_document_is_all_body_and_title_comes_from_meta():
    text = BODY1 + "\n\n " + BODY2 + "\nقصير"
    got = labels(text, {"title": "بريطانيا: أربعة محاور لاستراتيجية جديدة"})
    assert got == [("body", "feed"), ("blank", None), ("body", "feed"), ("body", "feed")]


def test_feed_document_whose_text_repeats_the_title():
    text = "بريطانيا: أربعة محاور لاستراتيجية جديدة\n" + BODY1
    got = labels(text, {"title": "بريطانيا: أربعة محاور لاستراتيجية جديدة"})
    assert got == [("title", None), ("body", None)]


def test_trailing_chrome_after_body():
    text = "\n".join(["عنوان الخبر عن الاقتصاد المحلي", BODY1, BODY2, "", "Email", "مشاركة :", "الوسوم: النفط، أوبك"])
    got = labels(text)
    assert got[4] == ("boilerplate", "share_widget")
    assert got[5] == ("boilerplate", "share_widget")
    assert got[6] == ("boilerplate", "menu")


def test_chrome_lexicon_is_tolerant_of_spelling():
    assert chrome_subtype("أخر الأخبار") == "menu"
    assert chrome_subtype("اخر الاخبار") == "menu"
    assert chrome_subtype("تابع أحدث الأخبار عبر تطبيق google news") == "app_promo"
    assert chrome_subtype("مشاركة :") == "share_widget"
    assert chrome_subtype("الرئيس يستقبل وفدا") is None


def test_stage_spans_cover_each_line():
    text = "عنوان الخبر الرئيسي اليوم\n\n" + BODY1
    doc = Document(text)
    lines.STAGE(doc)
    spans = doc.spans("lines")
    assert [s.attrs["i"] for s in spans] == [0, 1, 2]
    assert [s.label for s in spans] == ["title", "blank", "body"]
    assert doc.text[spans[2].start:spans[2].end] == BODY1


def test_text_extracted_from_html_keeps_only_intrinsic_chrome_out():
    text = BODY1 + "\nشارك\n" + BODY2 + "\n  • 12/03/2023"
    got = labels(text, {"title": "عنوان من الصفحة", "format": "html"})
    assert got == [("body", "feed"), ("boilerplate", "share_widget"), ("body", "feed"), ("dateline", "page_date")]


def test_update_stamp_with_timezone_label_is_a_dateline():
    text = "\n".join(["قصف على غزة يوقع عشرات القتلى", "12/10/2023", "|", "آخر تحديث: 12/10/2023 08:15 (توقيت مكة)", "",
                      BODY1, "", "المصدر : الجزيرة + وكالات"])
    got = labels(text)
    assert got[1] == ("dateline", "page_date")
    assert got[2] == ("boilerplate", "symbols")
    assert got[3] == ("dateline", "page_datetime")
    assert got[7][0] == "boilerplate"


def test_breadcrumb_and_header_tagline_are_not_the_title():
    text = "\n".join(["صحيفة إلكترونية يومية مستقلة شاملة", "الرئيسية", "الرئيسية > أخبار > سياسة",
                      "البرلمان يقر قانون الانتخابات الجديد بالأغلبية", BODY1])
    got = labels(text)
    assert got[0][0] == "boilerplate"
    assert got[2] == ("boilerplate", "breadcrumb")
    assert got[3] == ("title", None)


def test_chrome_phrase_inside_a_sentence_is_prose():
    assert chrome_subtype("وقال رئيس التحرير إن الصحيفة ستواصل عملها.") is None
    assert chrome_subtype("ويمكن للمواطنين التسجيل عبر تطبيق توكلنا.") is None
    assert chrome_subtype("رئيس التحرير: محمد أحمد") == "masthead"


def test_short_closing_sentence_after_body_stays_body():
    text = "\n".join(["عنوان الخبر عن الاقتصاد المحلي", BODY1, BODY2, "والله ولي التوفيق.", "Email"])
    assert [g[0] for g in labels(text)] == ["title", "body", "body", "body", "boilerplate"]


def test_bare_date_opening_the_page_is_a_header_date_even_next_to_the_title():
    text = "\n".join(["الخميس 02 مايو 2024", "", "رئيس العراق: خلل في التنسيق مع التحالف", "", BODY1])
    assert labels(text)[0] == ("boilerplate", "page_header_date")
    text = "\n".join(["نشر في: الخميس 02 مايو 2024", "", "رئيس العراق: خلل في التنسيق مع التحالف", "", BODY1])
    assert labels(text)[0] == ("dateline", "page_date")


def test_feed_title_matches_a_text_line_with_a_site_suffix():
    text = "بريطانيا: أربعة محاور لاستراتيجية جديدة | الشرق\n" + BODY1
    got = labels(text, {"title": "بريطانيا: أربعة محاور لاستراتيجية جديدة"})
    assert got == [("title", None), ("body", None)]
