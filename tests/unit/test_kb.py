"""Actor knowledge base: shipped file, coverage of the gold actors, roles at a date, user overlay."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasid.entities.kb import load_kb, norm_name

SHARED = Path(__file__).parents[2] / ".." / "shared"


def test_kb_loads_and_is_cached():
    kb = load_kb()
    assert len(kb) > 1000
    assert load_kb() is kb
    usa = kb.get("usa")
    assert usa.type == "GPE"
    texts = {norm_name(a["text"]): a["kind"] for a in usa.aliases}
    for name in ("أمريكا", "أميركا", "الولايات المتحدة"):
        assert texts[norm_name(name)] == "name"
    assert texts[norm_name("واشنطن")] == "capital_metonymy"
    assert kb.get("washington_dc").capital_of == "usa"


def test_every_entry_has_provenance_and_ascii_id():
    kb = load_kb()
    for e in kb:
        assert e.provenance, e.id
        assert e.id.isascii() and " " not in e.id, e.id
        assert e.type in ("PER", "ORG", "GPE", "LOC")


def test_role_at_date():
    kb = load_kb()
    masum = kb.get("fuad_masum")
    pres = [r for r in masum.roles if r.role == "president" and r.of == "iraq"]
    assert pres and pres[0].start == "2014-07-24" and pres[0].end == "2018-10-02"
    assert [e.id for e in kb.holders("president", "iraq", "2016-05-01")] == ["fuad_masum"]
    assert [e.id for e in kb.holders("president", "iraq", "2019-01-01")] == ["barham_salih"]
    assert [e.id for e in kb.holders("foreign_minister", "usa", "2021-07-23")] == ["antony_blinken"]
    assert [e.id for e in kb.holders("ambassador", "usa", "2020-06-11", at="iraq")] == ["matthew_tueller"]
    assert kb.holders("president", "iraq", "2014") != []  # year granularity overlaps two terms


def test_petrarch_codes_are_kept():
    kb = load_kb()
    maliki = kb.get("nouri_al_maliki")
    assert any(c["code"].startswith("IRQGOV") and c["provenance"] == "petrarch" for c in maliki.codes)
    assert "petrarch" in maliki.provenance and "curated" in maliki.provenance


def test_user_overlay_yaml_and_csv(tmp_path):
    y = tmp_path / "mine.yaml"
    y.write_text("persons:\n  - id: test_person\n    canonical_ar: زيد عمرو\n    name_en: Zaid Amr\n"
                 "    roles: [{role: governor, of: basra, start: 2020-01-01, end: 2021-01-01}]\n"
                 "  - id: fuad_masum\n    aliases: [كاك فؤاد]\n", encoding="utf-8")
    c = tmp_path / "more.csv"
    c.write_text("id,type,canonical_ar,name_en,aliases\nacme_org,ORG,شركة أكمي,Acme,أكمي|اكمي للنفط\n", encoding="utf-8")
    kb = load_kb([y, c])
    assert kb is not load_kb()
    assert kb.get("test_person").type == "PER"
    assert [e.id for e in kb.holders("governor", "basra", "2020-06-01")] == ["test_person"]
    assert kb.lookup("كاك فؤاد")[0].id == "fuad_masum"
    assert kb.get("fuad_masum").roles  # extended, not replaced
    assert kb.lookup("اكمي للنفط")[0].id == "acme_org"
    assert "kak" not in load_kb().by_alias  # the cached default KB is untouched
    assert not load_kb().lookup("كاك فؤاد")


@pytest.mark.skipif(not (SHARED / "gold" / "entities.json").exists(), reason="../shared/gold not available")
def test_kb_covers_every_gold_actor():
    """Every actor of the gold entity list has a KB entry of the same type, found by its canonical name
    or one of its NAM aliases (INST designations may be generated from the country's nisba)."""
    kb = load_kb()
    gold = json.loads((SHARED / "gold" / "entities.json").read_text(encoding="utf-8"))["entities"]
    missing = []
    for g in gold:
        names = [g["canonical_ar"]] + [a["text"] for a in g["aliases_seen"] if a.get("form") == "NAM"]
        found = [e for n in names for e in kb.lookup(n.replace('"', "").replace("“", "").replace("”", "")
                                                        .replace("(", "").replace(")", ""), g["type"])]
        if not found:
            missing.append((g["id"], g["canonical_ar"]))
    assert not missing, missing


def test_major_actors_found_by_name():
    """Armed groups, movements, organisations and NGOs of Arabic news are curated entries with codes."""
    kb = load_kb()
    for name, eid, code in (("جماعة الإخوان المسلمين", "muslim_brotherhood", "EGYOPPMOS"),
                            ("الإخوان", "muslim_brotherhood", None),
                            ("حركة طالبان", "taliban", "AFGREB"),
                            ("المرصد السوري لحقوق الإنسان", "syrian_observatory_hr", "NGOHRI"),
                            ("كتائب القسام", "qassam_brigades", "PSEREB"),
                            ("التحالف العربي", "arab_coalition", None),
                            ("الجيش السوري الحر", "free_syrian_army", None),
                            ("منظمة الصحة العالمية", "who", "IGOUNO")):
        found = kb.lookup(name)
        assert found and found[0].id == eid, (name, [e.id for e in found])
        assert found[0].type == "ORG" and "curated" in found[0].provenance
        if code:
            assert found[0].codes[0]["code"] == code and found[0].codes[0]["provenance"] == "curated"
    # a bare common word is not an alias; the longer name wins over the country's own entries
    assert not kb.lookup("المقاومة") and not kb.lookup("الشباب")
    assert kb.lookup("حركة طالبان باكستان")[0].id == "pakistani_taliban"
