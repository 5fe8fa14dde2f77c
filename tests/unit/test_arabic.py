from rasid.arabic.normalize import fold, normalize_for_matching, to_ascii_digits
from rasid.arabic.tokens import search_key, strip_proclitics, tokenize


def test_fold_letter_variants_diacritics_tatweel_controls():
    assert fold("أإآا") == "اااا"
    assert fold("مستشفى") == "مستشفي"
    assert fold("مدرسة") == "مدرسه"
    assert fold("بيّن") == "بين"
    assert fold("مـــؤكداً") == "موكدا"
    assert fold("a\u200fb\u200b") == "ab"
    assert fold("\ufefb") == "لا"  # lam-alef presentation form
    assert fold("٢٠٢١") == "2021" == to_ascii_digits("٢٠٢١")


def test_offset_map_points_back_to_raw():
    raw = "قالَ الــرئيسُ: «٢٥٠٠ جنديّ»"
    norm = normalize_for_matching(raw)
    i = norm.text.index("2500")
    start, end = norm.raw_span(i, i + 4)
    assert raw[start:end] == "٢٥٠٠"
    j = norm.text.index("الرييس")
    s, e = norm.raw_span(j, j + len("الرييس"))
    assert raw[s:e] == "الــرئيسُ"[:-1]
    assert len(norm.to_raw) == len(norm.text) + 1


def test_search_keys_strip_clitics_and_unify_spellings():
    assert search_key("والتحالف") == search_key("للتحالف") == search_key("التحالف")
    assert search_key("أمريكا") == search_key("أميركا") == search_key("امريكا")
    assert search_key("الأمريكية") == search_key("الأميركية")
    assert strip_proclitics("بين") == "بين"  # too short to carry a proclitic


def test_tokenize_offsets():
    text = "قال: «نعم»."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["قال", ":", "«", "نعم", "»", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)
