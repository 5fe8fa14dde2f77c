"""Stage ``quantities.extract``: numbers with their comparator, unit and counted noun.

Covers numerals in digits (ASCII or Arabic-Indic, ``٬``/``,`` thousands, ``٫``/``.``
decimals) and in words (``خمسة مليارات``, ``ألفين وخمسمائة``), digits with scale
words (``100 مليون``), counts given only by the dual of a unit noun
(``جولتين``), and counted ordinals (``جولة ثالثة``; ``الأولى``/``والثانية``
enumerating an earlier count). Numbers inside dates and clock times are left
out, as are idioms (``شيء واحد``), quantifiers and definite duals (``البلدين``).
Span = comparator + numeral + counted noun and its attached adjective; the
proclitic ``بـ`` is left out. See ``shared/gold/SCHEMA.md`` section 11.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rasid.arabic.normalize import fold
from rasid.document import Document
from rasid.pipeline import Stage
from rasid.quantities.numbers import ORDINALS, WORD_VALUES, find_atoms, combine, digits_value, word_value
from rasid.quantities.units import UnitInfo, load_units
from rasid.timex.absolute import find_absolute
from rasid.timex.folding import candidates, fold_text
from rasid.timex.lexicon import folded_alt

_COMPARATORS = {
    "more_than": "أكثر من|ما يزيد على|ما يزيد عن|يزيد على|يزيد عن|ما لا يقل عن|لا يقل عن|أزيد من|ما يربو على|يربو على|ما فوق",
    "less_than": "أقل من|ما لا يزيد عن|ما لا يزيد على|لا يزيد عن|لا يزيد على|ما دون|ما يقل عن",
    "about": "نحو|حوالي|حوالى|قرابة|ما يقرب من|يقرب من|ما يقارب|يقارب|زهاء|ما يناهز|يناهز|تقريبا",
}
_POST_COMPARATORS = {"about": "تقريبا|تقريباً", "more_than": "على الأقل|على الاقل"}

#: words that never start a counted noun or adjective after a numeral
_STOP = {fold(w) for w in """من في على الى إلى عن مع و أو ثم بين منذ خلال قبل بعد حتى عند لدى التي الذي الذين اللذين
اللتين هو هي هم كان كانت قد لا لم لن ما ان أن إن هذا هذه ذلك تلك فقط أيضا ايضا نحو حوالي أكثر اقل أقل عام
كما مما فيما بينما وفق حيث ضد عبر دون اي أي كل بعض جميع""".split()}
#: words after which "اثنين" is the weekday (Monday)
#: a proclitic plus a short number word that make another word (لست = "I am not")
_NOT_NUMBERS = {"لست", "لتسع", "فست", "لسبع"}
#: units that "800 من ..." may borrow from the noun after "من"
_PEOPLE_UNITS = {"troops", "personnel", "persons", "casualties", "detainees", "militants"}
#: nouns after which a bare number is a label (resolution, article, flight...), folded
_LABEL_NOUNS = {fold(w) for w in """رقم الرقم القرار قرار المادة مادة الفقرة فقرة البند بند الفصل الصفحة صفحة العدد
الرحلة رحلة الطريق طريق الحافلة القانون قانون المرسوم مرسوم الأمر الدورة الطبعة الإصدار النسخة المنطقة منطقة
الكيلو الشارع شارع الغرفة المبنى الحي القطاع اللواء الفرقة الكتيبة""".split()}
_GAP_AND = re.compile(r"\s+و")
_GAP = re.compile(r"\s+")
_MONDAY_CUES = {fold(w) for w in "يوم أمس غدا صباح مساء ليلة ظهر فجر عصر اليوم".split()}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    comp = "|".join(f"(?P<{k}>{folded_alt(v.split('|'), split=False)})" for k, v in _COMPARATORS.items())
    post = "|".join(f"(?P<{k}>{folded_alt(v.split('|'), split=False)})" for k, v in _POST_COMPARATORS.items())
    lex = load_units()
    ord_nouns = sorted({f for f, i in lex.forms.items() if i.ordinal and " " not in f}, key=len, reverse=True)
    ords = "|".join(sorted(ORDINALS, key=len, reverse=True))
    nouns = "|".join(re.escape(n) for n in ord_nouns)
    return {
        "comp": re.compile(r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))(?:" + comp + r")\s+$"),
        "post": re.compile(r"\s*[،,]?\s*(?:" + post + r")(?!\w)"),
        "word": re.compile(r"[^\S\n]+([^\W\d_]+)"),
        "percent": re.compile(r"\s*(?:%|٪)|\s+(?:في\s+الم[يئا]+ه|بالم[يئا]+ه)(?!\w)"),
        "ord_after_noun": re.compile(
            r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك]))(?P<def>ال)?(?P<n>" + nouns + r")\s+(?P<def2>ال)?(?P<o>" + ords + r")(?!\w)"),
        "enum": re.compile(r"(?:[،,]\s*|(?<!\w)و|(?<!\w)ف)ال(?P<o>" + ords + r")(?!\w)"),
        "sentence_end": re.compile(r"[.!?؟\n]"),
        "bullet_prefix": re.compile(r"[\s•·*|\-–]*"),
    }


@lru_cache(maxsize=1)
def _ordinal_noun_triggers() -> dict[str, bool]:
    forms = [f for f, i in load_units().forms.items() if i.ordinal and " " not in f]
    return {w: True for f in forms for w in (f, "ال" + f)}


def _is_nisba(word: str) -> bool:
    return len(word) >= 4 and word not in _STOP and word.endswith(("ي", "يه", "يين", "يون", "يه", "يا"))


def _generic_noun(word: str) -> bool:
    """A plausible counted noun that is not in the lexicon (no article, not a function word or verb form)."""
    if word in _STOP or word.startswith("ال") or len(word) < 3 or word in WORD_VALUES:
        return False
    if word.endswith(("وا", "ون")) and word[0] in "يتن":  # يوجدون, تقاتلون
        return False
    if word[0] in "وفبي":  # a proclitic (بمشاركة, ويبدو) or an imperfect verb (يكفي)
        return False
    return True


def _counted_noun(t: str, pos: int, lex) -> tuple[int, UnitInfo | None, str | None]:
    """(end, unit info, noun) for the counted noun following ``pos``; end = pos when none."""
    p = _patterns()
    m = p["percent"].match(t, pos)
    if m:
        return m.end(), UnitInfo("percent", "%"), None
    for mw in lex.multiword:
        if t.startswith(" " + mw, pos) and (pos + len(mw) + 1 == len(t) or not t[pos + len(mw) + 1].isalnum()):
            return pos + len(mw) + 1, lex.forms[mw], mw
    m = p["word"].match(t, pos)
    if not m:
        return pos, None, None
    word = m.group(1)
    info = lex.lookup(word)
    if info is None and not _generic_noun(word):
        return pos, None, None
    end = m.end()
    m2 = p["word"].match(t, end)
    if m2 and _is_nisba(m2.group(1)) and (info is not None or _is_nisba(m2.group(1))):
        end = m2.end()
    return end, info, t[m.start(1):end]


def _comparator(t: str, start: int) -> tuple[str | None, int]:
    m = _patterns()["comp"].search(t, max(0, start - 30), start)
    if not m:
        return None, start
    for k in _COMPARATORS:
        if m.group(k):
            return k, m.start()
    return None, start


def _is_counter_line(t: str, s: int, e: int) -> bool:
    ls = t.rfind("\n", 0, s) + 1
    le = t.find("\n", e)
    le = len(t) if le < 0 else le
    return _patterns()["bullet_prefix"].fullmatch(t[ls:s]) is not None and not t[e:le].strip()


def extract_quantities(text: str, start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
    """Quantities of ``text[start:end]`` with raw offsets (SCHEMA.md section 11 fields)."""
    F = fold_text(text, start, end)
    t = F.text
    lex = load_units()
    pats = _patterns()
    excluded = [(h.fs, h.fe) for h in find_absolute(F, is_unit=lex.is_unit)]

    def in_excluded(s: int, e: int) -> bool:
        return any(s < xe and xs < e for xs, xe in excluded)

    found: list[dict[str, Any]] = []  # folded offsets first, converted at the end
    atoms = find_atoms(F)
    i = 0
    while i < len(atoms):
        seq = [atoms[i]]
        j = i + 1
        while j < len(atoms):
            prev, nxt = seq[-1], atoms[j]
            gap = t[prev.end():nxt.start()]
            if nxt.group("digits") and prev.group("word") and word_value(prev.group("word"))[1] in (
                    "scale", "scale_pl") and _GAP_AND.fullmatch(gap):
                seq.append(nxt)  # "مليون و162 ألف"
            elif nxt.group("word"):
                _, kind = word_value(nxt.group("word"))
                nw = re.sub(r"\s+", " ", nxt.group("word"))
                if _GAP_AND.fullmatch(gap) and prev.group("word") and kind != "scale_pl":
                    seq.append(nxt)
                elif _GAP.fullmatch(gap) and (kind in ("scale", "scale_pl", "hundred") or (
                        nw in ("عشر", "عشره") and prev.group("word") and word_value(prev.group("word"))[0] < 10)):
                    seq.append(nxt)
                else:
                    break
            else:
                break
            j += 1
        i = j
        s, e = seq[0].start(), seq[-1].end()
        if in_excluded(s, e):
            continue
        vals = [(digits_value(a.group("digits")), "unit") if a.group("digits") else word_value(a.group("word"))
                for a in seq]
        value = combine(vals)
        if seq[-1].group("word") and word_value(seq[-1].group("word"))[1] == "frac":
            continue  # "نصف" / "ربع" alone are not counts
        if value is None or (seq[0].group("word") and s > 0 and t[s - 1] + seq[0].group("word") in _NOT_NUMBERS):
            continue
        if seq[0].group("digits") and len(re.sub(r"\D", "", seq[0].group("digits"))) > 12:
            continue
        span_start, span_end = s, e
        noun_end, info, noun = _counted_noun(t, e, lex)
        prev_word = re.search(r"(\w+)\s+$", t[max(0, s - 30):s])
        prev_word = prev_word.group(1) if prev_word else ""
        if seq[0].group("digits") and len(seq) == 1 and (prev_word in _LABEL_NOUNS or (
                prev_word[:1] in "وفبل" and prev_word[1:] in _LABEL_NOUNS)) and info is None:
            continue  # an identifier, not a count: "القرار 2254", "المادة 5", "رقم 11"
        if len(seq) == 1 and seq[0].group("word"):
            w = re.sub(r"\s+", " ", seq[0].group("word"))
            if value == 1 and w in ("واحد", "واحده"):  # "شيء واحد" is an idiom; "جندي واحد" counts
                pinfo = lex.lookup(prev_word)
                if pinfo is None:
                    continue
                span_start = t.rfind(prev_word, 0, s)
                info, noun, noun_end = pinfo, prev_word, e
            elif w in ("عشر", "عشره") and (prev_word in ORDINALS or prev_word[2:] in ORDINALS):
                continue  # "القرن الثالث عشر", "التاسع عشر من"
            elif value == 2 and w.startswith("اثن"):
                if prev_word in _MONDAY_CUES or prev_word in lex.duals or lex.lookup(prev_word) is not None:
                    continue
        comparator, cstart = _comparator(t, span_start)
        if comparator:
            span_start = cstart
        span_end = max(span_end, noun_end)
        pm = pats["post"].match(t, span_end)
        if pm and not comparator:
            comparator = next(k for k in _POST_COMPARATORS if pm.group(k))
        unit = info.unit if info else None
        if unit is None and noun is None:
            nm = re.match(r"\s+من\s+(?:ال)?(\w+)", t[e:e + 40])
            if nm and lex.lookup(nm.group(1)) and lex.lookup(nm.group(1)).unit in _PEOPLE_UNITS:
                unit = lex.lookup(nm.group(1)).unit
            elif _is_counter_line(t, s, e):
                unit = "ui_counter"
        found.append({"fs": span_start, "fe": span_end, "ns": s, "ne": e, "value": value, "unit": unit,
                      "comparator": comparator, "about": noun, "ordinal": False})

    def overlaps_found(s: int, e: int) -> bool:
        return any(s < q["fe"] and q["fs"] < e for q in found)

    # counts given by the dual alone: جولتين, جنديين أمريكيين
    for pos, info in candidates(F, lex.duals, proclitics="وفبلك"):
        s, e = pos, pos + len(info.form)
        if in_excluded(s, e) or overlaps_found(s, e):
            continue
        prev = re.search(r"(\w+)\s+$", t[max(0, s - 20):s])
        if prev and prev.group(1) in ("هذين", "هاتين", "هذان", "هاتان", "كلا", "كلتا"):
            continue
        end_ = e
        m2 = re.match(r"\s+(اثنين|اثنتين|اثنان|اثنتان)(?!\w)", t[e:e + 20])
        if m2:
            end_ = e + m2.end()
        m3 = pats["word"].match(t, end_)
        if m3 and _is_nisba(m3.group(1)) and m3.group(1).endswith(("يين", "يتين", "يان", "يتان")):
            end_ = m3.end()
        found.append({"fs": s, "fe": end_, "ns": s, "ne": e, "value": 2, "unit": info.unit, "comparator": None,
                      "about": t[s:end_], "ordinal": False})

    # ordinals after a countable noun: جولة ثالثة, الجولة الثالثة
    for pos, _ in candidates(F, _ordinal_noun_triggers(), proclitics="وفبلك"):
        m = pats["ord_after_noun"].match(t, pos)
        if not m or bool(m.group("def")) != bool(m.group("def2")):
            continue
        s, e = m.start("n") - (2 if m.group("def") else 0), m.end()
        if in_excluded(s, e) or overlaps_found(s, e):
            continue
        info = lex.lookup(m.group("n"))
        found.append({"fs": s, "fe": e, "ns": m.start("o") - (2 if m.group("def2") else 0), "ne": e,
                      "value": ORDINALS[m.group("o")], "unit": info.unit if info else None, "comparator": None,
                      "about": m.group("n"), "ordinal": True})

    # enumeration after a count: "جولتين من الحوار، الأولى ... والثانية ..."
    for q in list(found):
        if q["ordinal"] or not isinstance(q["value"], int) or not 2 <= q["value"] <= 10 or q["unit"] is None:
            continue
        stop = pats["sentence_end"].search(t, q["fe"])
        limit = min(stop.start() if stop else len(t), q["fe"] + 400)
        for m in pats["enum"].finditer(t, q["fe"], limit):
            v = ORDINALS[m.group("o")]
            s, e = m.start("o") - 2, m.end()
            if v > q["value"] or in_excluded(s, e) or overlaps_found(s, e):
                continue
            found.append({"fs": s, "fe": e, "ns": s, "ne": e, "value": v, "unit": q["unit"], "comparator": None,
                          "about": q["about"], "ordinal": True})

    found.sort(key=lambda q: q["fs"])
    out = []
    for q in found:
        rs, re_ = F.raw_span(q["fs"], q["fe"])
        ns, ne = F.raw_span(q["ns"], q["ne"])
        out.append({"text": text[rs:re_], "start": rs, "end": re_, "value": q["value"], "unit": q["unit"],
                    "comparator": q["comparator"], "about": q["about"], "ordinal": q["ordinal"],
                    "number": {"start": ns, "end": ne, "text": text[ns:ne]}})
    return out


def _run(doc: Document, options: Any = None) -> None:
    for q in extract_quantities(doc.text):
        doc.add_span("quantities", q["start"], q["end"], STAGE.producer, value=q["value"], unit=q["unit"],
                     comparator=q["comparator"], about=q["about"], ordinal=q["ordinal"], number=q["number"])
    doc.layers.setdefault("quantities", [])


STAGE = Stage(name="quantities.extract", version="0.1.0", func=_run, requires=(), assigns=("quantities",),
              description="Numbers in digits and words with comparator, unit and counted noun")
