"""rasid.clean.sentences: SCHEMA.md section 6 boundaries."""
from __future__ import annotations

from rasid.clean import lines, sentences
from rasid.clean.sentences import sentences as split
from rasid.document import Document


def texts(t: str):
    return [t[a:b] for a, b, _ in split(t)]


def test_full_stop_before_space_or_line_end():
    assert texts("قال الوزير. وأضاف أنه.") == ["قال الوزير.", "وأضاف أنه."]


def test_double_dot_never_ends_a_sentence():
    assert texts("مغايراً لتوجه الحكومة.. رشيد للسفيرة") == ["مغايراً لتوجه الحكومة.. رشيد للسفيرة"]
    assert texts("انتظر... ثم") == ["انتظر... ثم"]


def test_dot_not_followed_by_space_is_not_a_boundary():
    assert texts('وقال "انتهى". ثم 3.5 مليون و".') == ['وقال "انتهى".', 'ثم 3.5 مليون و".']
    assert texts("الموقع www.example.com مهم") == ["الموقع www.example.com مهم"]


def test_question_and_exclamation_marks():
    assert texts("هل انتهى؟ نعم! حسنا? لا") == ["هل انتهى؟", "نعم!", "حسنا?", "لا"]


def test_every_line_is_a_boundary_and_whitespace_is_trimmed():
    t = "  • 4/28/2021\n\n\u00a0وقال إن\u00a0\nمشاركة :"
    got = split(t)
    assert [(t[a:b], i) for a, b, i in got] == [("• 4/28/2021", 0), ("وقال إن", 2), ("مشاركة :", 3)]


def test_nbsp_after_full_stop_is_whitespace():
    t = 'لها".\u00a0'
    assert texts(t) == ['لها".']


def test_stage_records_line_and_zone():
    doc = Document("عنوان الخبر الرئيسي اليوم\n\nقال الوزير إن الحكومة ستعلن خطة جديدة قريبا. وأضاف أن التنفيذ سيبدأ الشهر المقبل.")
    lines.STAGE(doc)
    sentences.STAGE(doc)
    got = [(s.attrs["line"], s.attrs["zone"]) for s in doc.spans("sentences")]
    assert got == [(0, "title"), (2, "body"), (2, "body")]
