"""A final ى is a nisba's yaa only for writers who use ى for both (Egyptian style)."""
from rasid.api import analyse_text


def _adj(text):
    doc = analyse_text("عنوان الخبر\n" + text)
    return [(doc.text[s.start:s.end], s.attrs.get("entity_id")) for s in doc.spans("entities") if s.attrs.get("form") == "ADJ"]


def test_alef_maqsura_word_is_not_a_nisba_for_writers_who_distinguish():
    text = "ويمسك الملك بيده اليمنى صولجانا في المعرض الذي افتتح في القاهرة، وقال إن الوفد اليمني وصل إلى عدن."
    found = _adj(text)
    assert ("اليمني", "yemen") in found
    assert all(t != "اليمنى" for t, _ in found)


def test_egyptian_spelling_keeps_the_nisba():
    text = "قال المسؤول إن الوفد اليمنى وصل الى عدن فى الصباح الذى تلا الاجتماع فى القاهرة."
    assert ("اليمنى", "yemen") in _adj(text)
