"""Institutions named by a designation and a country's nisba (المعارضة السورية, سلاح الجو الإسرائيلي)
get a composed id and a PETRARCH-style code even when the knowledge base does not list them."""
from rasid.api import analyse_text
from rasid.entities.kb import load_kb


def _inst(text):
    doc = analyse_text("عنوان الخبر\n" + text)
    return {doc.text[s.start:s.end]: s.attrs.get("entity_id") for s in doc.spans("entities")
            if s.attrs.get("form") == "INST"}


def test_opposition_regime_and_air_force_are_institutions_of_their_country():
    found = _inst("وقال مصدر إن المعارضة الليبية رفضت بيان النظام الليبي بعد أن قصف سلاح الجو الليبي مواقعها.")
    assert found == {"المعارضة الليبية": "libya_opposition", "النظام الليبي": "libya_government",
                     "سلاح الجو الليبي": "libya_air_force"}


def test_a_designation_without_a_country_nisba_is_no_institution():
    assert _inst("وقال مصدر إن المعارضة الداخلية رفضت النظام الانتخابي.") == {}


def test_composed_institutions_get_country_and_role_codes():
    kb = load_kb()
    assert kb.institution_code("libya_opposition") == "LBY OPP"
    assert kb.institution_code("libya_air_force") == "LBY MIL"
    assert kb.institution_code("libya_ministry_الصحه") == "LBY GOV"
    assert kb.institution_code("nowhere_army") is None          # no such country
    assert kb.institution_code("libya") is None                 # listed entities keep their own codes
