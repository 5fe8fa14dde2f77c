"""Stage ``entities.gazetteer``: knowledge-base names, role titles, institutions and nisba adjectives.

Matching runs on the matching form of each line (:func:`rasid.arabic.normalize.normalize_for_matching`)
token by token and maps back to raw offsets. Span rules follow the gold guidelines
(SCHEMA.md section 7):

* proclitics ``و ف ب ل ك`` (and pairs such as ``وب``) are left outside the span; for ``لل`` + noun the
  span starts at the article's lam (``للعراق`` -> ``لعراق``, ``norm`` = ``العراق``);
* a generic type noun directly before a name (``تنظيم``, ``منظمة``, ``حركة``, ``وكالة``, ``عصابات``,
  ``مدينة``, ``قطاع``, ``جمهورية``) is kept, with name quotes or parentheses (``تنظيم "داعش"``);
  ``head`` gives the bare name;
* ``form``: ``NAM`` for names from the KB, ``INST`` for a definite institution + nisba
  (``الحكومة العراقية``, ``قوات الأمن العراقية``), ``ADJ`` for a nisba adjective standing alone
  (``الروسية``, ``عراقيا``), ``NOM`` for ``TITLE`` role phrases (``الرئيس العراقي``,
  ``المتحدث باسم X``, ranks such as ``اللواء`` before a name);
* surnames and first names of a person named in full in the same document are matched as short forms
  (``معصوم`` after ``فؤاد معصوم``), compared on the lightly normalised raw text so that ``علي``
  (a name) never matches ``على`` (a preposition).

Merge policy with a statistical NER that ran before this stage (``entities.ner`` spans, no ``kb_id``):
a KB-backed gazetteer span (a KB name or its short form, an INST or ADJ) wins over any NER span it
overlaps (the KB match is exact and carries an id), except when the NER span strictly contains it and is
the better reading (an organisation named after a place, ``بنك القاهرة``; a person whose name holds a
place or nisba word, ``محمد الرمادي``; a KB person's name extended by a patronymic, which keeps the KB
id); NER spans that overlap no KB span are kept (names the KB lacks) and then win over the gazetteer's
own guesses (a person name after a title, a quoted name
after ``تنظيم``/``صحيفة``) that they overlap. TITLE spans may contain NER spans. Run order:
``entities.ner`` -> ``entities.gazetteer`` -> ``entities.link`` -> ``entities.period``.

Attributes set on each span: ``form``, ``norm`` (matching form of the name without proclitics),
``kb_id`` (when the KB knows it), ``entity_id`` (provisional; ``entities.link`` finalises it),
``head`` (bare name after a generic noun), and for TITLE ``role``, ``affiliation``, ``at``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

from rasid.arabic.normalize import fold, fold_light, normalize_for_matching
from rasid.document import Document
from rasid.entities.kb import MATCHED_KINDS, KnowledgeBase, load_kb, norm_name
from rasid.pipeline import Stage

TOKEN_RE = re.compile(r"\w+|[\"“”«»()\[\]'‘’]|[^\w\s]", re.UNICODE)
OPEN_QUOTES = {'"', "“", "«", "(", "[", "'", "‘", "”"}
CLOSE_QUOTES = {'"', "”", "»", ")", "]", "'", "’", "“"}

# proclitic prefixes (folded) -> characters dropped from the start of the token
_PROCLITICS_AL = (("ولل", 2), ("فلل", 2), ("لل", 1), ("وبال", 2), ("فبال", 2), ("وكال", 2), ("وال", 1),
                  ("فال", 1), ("بال", 1), ("كال", 1))
_PROCLITICS = (("وب", 2), ("ول", 2), ("وك", 2), ("فب", 2), ("فل", 2), ("و", 1), ("ف", 1), ("ب", 1),
               ("ل", 1), ("ك", 1))

GENERIC_HEADS = {fold(w): t for w, t in (
    ("تنظيم", "ORG"), ("منظمة", "ORG"), ("حركة", "ORG"), ("وكالة", "ORG"), ("عصابات", "ORG"),
    ("جماعة", "ORG"), ("ميليشيا", "ORG"), ("مليشيا", "ORG"), ("مدينة", "GPE"), ("قطاع", "GPE"), ("محافظة", "GPE"), ("ولاية", "GPE"), ("بلدة", "GPE"), ("قرية", "GPE"), ("مخيم", "GPE"), ("قضاء", "GPE"), ("ناحية", "GPE"),
    ("جمهورية", "GPE"), ("صحيفة", "ORG"), ("قناة", "ORG"))}
#: generic heads that may introduce a quoted name the KB does not know
QUOTED_NAME_HEADS = {fold(w) for w in ("تنظيم", "منظمة", "حركة", "وكالة", "جماعة", "صحيفة", "قناة",
                                       "ميليشيا", "مليشيا", "فصيل")}

# institutional designations: head tokens -> kind; followed by a definite nisba
INST_HEADS = {tuple(fold(w).split()): k for w, k in (
    ("الحكومة", "government"), ("القوات", "forces"), ("قوات الأمن", "forces"), ("القوات الأمنية", "forces"),
    ("الجهات الأمنية", "forces"), ("جهات الأمن", "forces"), ("الأجهزة الأمنية", "forces"),
    ("القوات المسلحة", "forces"), ("الجيش", "army"), ("وزارة الخارجية", "foreign_ministry"),
    ("الخارجية", "foreign_ministry"), ("وزارة الدفاع", "defence_ministry"),
    ("وزارة الداخلية", "interior_ministry"), ("البرلمان", "parliament"),
    ("الشرطة", "police"), ("السلطات", "authorities"), ("المعارضة", "opposition"),
    # a regime is its government (النظام السوري); an air force by any of its names
    ("النظام", "government"), ("القوات الجوية", "air_force"), ("سلاح الجو", "air_force"),
    ("الطيران", "air_force"), ("الطائرات الحربية", "air_force"), ("البحرية", "navy"),
    ("الاستخبارات", "intelligence"), ("المخابرات", "intelligence"), ("الرئاسة", "presidency"))}
#: indefinite first words of an institutional designation (سلاح الجو السوري, قوات الأمن)
INST_INDEFINITE_HEADS = {fold(w) for w in ("قوات", "جهات", "وزارة", "سلاح")}

#: designations that stay INST even when the KB lists them as a name; a ministry + nisba is a name
INST_COLLECTIVE = {"government", "forces", "army", "authorities", "police"}

# role phrases (folded tokens) -> (role, needs): needs = "" (stands alone), "adj" (needs a nisba or a
# following name), "cpl" (needs a complement: a name or one noun), "gpe" (needs a following GPE/ORG name)
ROLE_HEADS = {tuple(fold(w).split()): r for w, r in (
    ("رئيس الجمهورية", ("president", "")), ("رئيسة الجمهورية", ("president", "")),
    ("رئيس الوزراء", ("prime_minister", "")), ("رئيسة الوزراء", ("prime_minister", "")),
    ("رئيس الحكومة", ("prime_minister", "")), ("رئيس مجلس الوزراء", ("prime_minister", "")),
    ("رئيس البرلمان", ("speaker", "")), ("رئيس مجلس النواب", ("speaker", "")),
    ("نائب رئيس الجمهورية", ("vice_president", "")), ("نائب الرئيس", ("vice_president", "adj")),
    ("نائب رئيس الوزراء", ("deputy_prime_minister", "")),
    ("الرئيس", ("president", "adj")), ("الرئيسة", ("president", "adj")), ("رئيس", ("head", "gpe")),
    ("وزير الخارجية", ("foreign_minister", "")), ("وزيرة الخارجية", ("foreign_minister", "")),
    ("وزير الدفاع", ("defence_minister", "")), ("وزيرة الدفاع", ("defence_minister", "")),
    ("وزير الداخلية", ("interior_minister", "")), ("وزير المالية", ("finance_minister", "")),
    ("وزير النفط", ("oil_minister", "")), ("وزير الخزانة", ("finance_minister", "")),
    ("الوزير", ("minister", "adj")), ("الوزيرة", ("minister", "adj")),
    ("السفير", ("ambassador", "adj")), ("السفيرة", ("ambassador", "adj")),
    ("سفير", ("ambassador", "gpe")), ("سفيرة", ("ambassador", "gpe")),
    ("القائد العام للقوات المسلحة", ("commander_in_chief", "")),
    ("نظيره", ("counterpart", "adj")), ("نظيرته", ("counterpart", "adj")), ("نظيرها", ("counterpart", "adj")),
    ("نظرائه", ("counterpart", "adj")),
    ("المتحدث باسم", ("spokesperson", "cpl")), ("الناطق باسم", ("spokesperson", "cpl")),
    ("المتحدثة باسم", ("spokesperson", "cpl")), ("الناطقة باسم", ("spokesperson", "cpl")),
    ("المتحدث الرسمي باسم", ("spokesperson", "cpl")), ("الناطق الرسمي باسم", ("spokesperson", "cpl")),
    ("قائد", ("commander", "gpe")), ("نائب قائد", ("deputy_commander", "gpe")),
    ("الأمين العام", ("secretary_general", "cpl")),
    ("المرشد الأعلى", ("supreme_leader", "")), ("ولي العهد", ("crown_prince", "adj")),
    ("الملك", ("king", "adj")), ("أمير", ("emir", "gpe")), ("حاكم", ("ruler", "gpe")),
    ("رئيس التحرير", ("editor_in_chief", "")), ("رئيس مجلس الإدارة", ("chairman", "")),
    ("رئيس مجلسي الإدارة والتحرير", ("editor_in_chief", "")),
    ("رئيس مجلس الإدارة والتحرير", ("editor_in_chief", "")),
)}
RANKS = {tuple(fold(w).split()) for w in (
    "اللواء", "العميد", "الفريق", "الفريق أول", "العقيد", "المقدم", "الرائد", "النقيب", "الجنرال",
    "الميجر جنرال", "الليفتنانت جنرال", "اللفتنانت جنرال", "البريغادير جنرال", "البريجادير جنرال",
    "العميد الركن", "اللواء الركن", "الفريق الركن", "الفريق أول ركن", "اللواء ركن", "العميد ركن", "الفريق ركن",
    "العقيد الركن", "العقيد ركن", "كولونيل", "الكولونيل", "الأدميرال", "الاميرال",
    "المشير", "العماد", "جنرال", "الكابتن", "الميجور")}
_TITLE_INDEX: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
for _h, _spec in list(ROLE_HEADS.items()) + [(r, ("rank", "rank")) for r in RANKS]:
    _TITLE_INDEX.setdefault(_h[0], []).append((_h, _spec))

#: rank words that are also common nouns (الفريق "the team", اللواء "the brigade")
AMBIGUOUS_RANKS = {fold(w) for w in ("الفريق", "الرائد", "العماد", "الكابتن")}

#: complements of "المتحدث باسم" that are single common nouns standing for a body in context
CPL_NOUNS = {fold(w) for w in ("القيادة", "الوزارة", "الحكومة", "الرئاسة", "الخارجية", "الجيش", "الحشد",
                               "التحالف", "السفارة", "البعثة", "المنظمة", "الهيئة", "الكتائب", "الحركة")}
#: words that may sit between a role and its organisation (`نائب قائد ميليشيات الحشد الشعبي`)
ORG_FILLERS = {fold(w) for w in ("ميليشيات", "مليشيات", "قوات", "هيئة", "فصائل", "كتائب")}
AT_PREPS = {fold(w) for w in ("في", "لدى", "لدي")}
DIRECTIONS = {fold(w) for w in ("شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي")}

PARTICLES_IN_NAMES = {fold(w) for w in ("عبد", "أبو", "ابو", "أم", "بن", "ابن", "بنت", "آل", "ال", "عبدال", "دي",
                                        "فان", "فون", "السيد", "الشيخ", "الملك", "الامير")}
PATRONYMIC = {fold(w) for w in ("بن", "ابن", "بنت", "آل")}
COMMON_FIRST = {fold(w) for w in ("باسم", "أمين", "جمال", "كريم", "سعيد", "منصور", "نصر", "فاضل", "محمد", "أحمد", "علي", "حسن", "حسين", "عبد", "جون", "جورج", "مايك", "ماثيو",
                                  "مصطفى", "إبراهيم", "خالد", "عمر", "محمود", "يوسف", "جيمس", "روبرت")}
NAMES_IN_TA_MARBUTA = {fold(w) for w in ("أسامة", "حمزة", "عبيدة", "طلحة", "معاوية", "عطية", "فاطمة", "خديجة",
                                         "عائشة", "سمية", "أميمة", "رقية", "نادية", "سامية", "هبة", "عزة", "زكية",
                                         "بثينة", "نجلاء", "ميسة", "فريدة", "حليمة", "أمينة", "نعمة", "رحمة")}
HONORIFICS = {fold(w) for w in ("الأمير", "الأميرة", "الشيخ", "الشيخة", "السيد", "السيدة", "الدكتور", "الدكتورة", "د",
                                "المهندس", "الحاج", "الملك", "السلطان", "الرئيس", "النائب", "القاضي", "سماحة", "فضيلة")}
CLITIC_ARTICLE = ("لل", "بال", "وال", "فال", "كال", "وبال", "ولل")
NAME_STARTS_WA = {fold(w) for w in ("وليد", "ولي", "وليم", "ويليام", "ولاء", "فلاديمير", "فليب", "فلاح")}
NAME_STOP = {fold(w) for w in (
    "في", "من", "على", "إلى", "الى", "عن", "مع", "بين", "أن", "إن", "أنه", "إنه", "قد", "لا", "لم", "لن", "ما",
    "يوم", "اليوم", "أمس", "غدا", "خلال", "عقب", "بعد", "قبل", "حيث", "الذي", "التي", "هذا", "هذه", "ذلك", "تلك",
    "قوله", "قائلا", "وقال", "قال", "وأضاف", "أضاف", "وأكد", "أكد", "أعلن", "وأعلن", "مساء", "صباح", "صباحا",
    "مساء", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "لدى", "لدي", "أثناء",
    "بيان", "تصريح", "تصريحات", "كلمة", "مؤتمر", "اتصال", "هاتفي", "هاتفيا", "رسالة", "زيارة", "إن", "كما",
    "أيضا", "إلا", "او", "أو", "ثم", "حول", "بشأن", "ضد", "عبر", "منذ", "حتى", "نحو", "لـ", "الرسمي", "السابق",
    "الأسبق", "الحالي", "الجديد", "المستقيل", "بالوكالة", "بأنه", "بأن", "قائلة", "فقال", "يقول", "تقول", "يؤكد",
    "تؤكد", "مؤخرا", "سابقا", "حاليا", "أمام", "ومع", "وقال", "وأكد", "الذي", "التي", "إنه", "إنها", "أنها", "إننا",
    "إنني", "أننا", "معهم", "معه", "معها", "له", "لها", "لهم", "عليه", "عليها", "صرح", "يغادر", "يصل", "يلتقي",
    "يستقبل", "يبحث", "يدعو", "يؤكد", "يعلن", "بشكل", "وتراكم", "تدريباته")}
FUNCTION_WORDS = {fold(w) for w in ("في", "من", "على", "إلى", "عن", "مع", "بين", "هذا", "هذه", "ذلك", "التي",
                                    "الذي", "قد", "لا", "لم", "أن", "إن", "كان", "وقال", "قال", "أو", "ثم")}


@dataclass
class Tok:
    norm: str          # matching form
    light: str         # light form (letters kept as written)
    start: int         # raw offsets
    end: int
    nstart: int = 0    # offsets in the line's normalised text
    is_word: bool = True


@dataclass
class Cand:
    start: int
    end: int
    label: str
    form: str
    tok_i: int
    tok_j: int          # exclusive
    attrs: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- lexicon
@dataclass
class Lexicon:
    kb: KnowledgeBase
    names: dict[str, list[tuple[tuple[str, ...], str]]]          # first token -> [(tokens, id)]
    nisba: dict[str, str]                                          # form -> entity id
    nisba_acc: set[str]                                            # accusative forms (S+ا)
    country_names: set[str]
    first_names: set[str] = field(default_factory=set)             # first words of KB person names


def _name_tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in TOKEN_RE.findall(norm_name(text)) if t not in OPEN_QUOTES | CLOSE_QUOTES)


def build_lexicon(kb: KnowledgeBase) -> Lexicon:
    names: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    country_names: set[str] = set()
    for e in kb:
        curated = "curated" in e.provenance or any(p.startswith("user") for p in e.provenance)
        for a in e.aliases:
            if a.get("kind", "name") not in MATCHED_KINDS:
                continue
            toks = _name_tokens(a["text"])
            if not toks or (len(toks) == 1 and len(toks[0]) < 3):
                continue
            if not curated and len(toks) < 2:
                continue
            key = (toks, e.id)
            if key in seen:
                continue
            seen.add(key)
            names.setdefault(toks[0], []).append((toks, e.id))
            if e.type == "GPE" and len(toks) == 1:
                country_names.add(toks[0])
    # curated first, then longest first
    for k, lst in names.items():
        lst.sort(key=lambda x: (-len(x[0]), "curated" not in kb.entities[x[1]].provenance, x[1]))
    nisba: dict[str, str] = {}
    acc: set[str] = set()
    for e in kb:
        for stem in e.nisba:
            s = norm_name(stem)
            # singular forms only: a plural (العراقيين) names people, and a nisba the gold does not
            # mark costs precision while a missed one costs nothing in strict NER
            for form in (s, s + "ه", s + "ا", "ال" + s, "ال" + s + "ه"):
                nisba.setdefault(form, e.id)
            acc.add(s + "ا")
    first_names = set()
    for e in kb:
        if e.type == "PER":
            for a in e.aliases:
                toks = _name_tokens(a["text"])
                if len(toks) >= 2 and len(toks[0]) >= 3:
                    first_names.add(toks[0])
    return Lexicon(kb=kb, names=names, nisba=nisba, nisba_acc=acc, country_names=country_names,
                   first_names=first_names)


@lru_cache(maxsize=4)
def _lexicon_for(extra: tuple[str, ...] = ()) -> Lexicon:
    return build_lexicon(load_kb(extra))


def lexicon(options: Any = None) -> Lexicon:
    """The lexicon of the shipped KB, or of the KB with the user files of setting ``entities.kb_paths``
    laid over it (YAML/CSV, see :func:`rasid.entities.kb.load_kb`)."""
    extra: tuple[str, ...] = ()
    getter = getattr(options, "get", None)
    if callable(getter):
        try:
            value = getter("entities.kb_paths")
        except Exception:
            value = None
        if isinstance(value, (list, tuple)):
            extra = tuple(str(v) for v in value)
        elif isinstance(value, str) and value:
            extra = (value,)
    return _lexicon_for(extra)


# --------------------------------------------------------------------------- tokens
def line_tokens(text: str, start: int, end: int) -> list[Tok]:
    nt = normalize_for_matching(text[start:end])
    out = []
    for m in TOKEN_RE.finditer(nt.text):
        rs, re_ = nt.raw_span(m.start(), m.end())
        raw = text[start + rs:start + re_]
        out.append(Tok(norm=m.group(), light=fold_light(raw), start=start + rs, end=start + re_,
                       nstart=m.start(), is_word=m.group()[0].isalnum() or m.group()[0] == "_"))
    return out


@lru_cache(maxsize=65536)
def strip_forms(word: str) -> tuple[tuple[str, int], ...]:
    return tuple(_strip_forms(word))


def _strip_forms(word: str) -> list[tuple[str, int]]:
    """(form, letters dropped) for a token: itself, then proclitic-stripped variants."""
    out = [(word, 0)]
    for prefix, drop in _PROCLITICS_AL:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            out.append(("ال" + word[len(prefix):] if prefix.endswith("لل") else word[drop:], drop))
            break
    for prefix, drop in _PROCLITICS:
        if word.startswith(prefix) and len(word) - drop >= 2 and (word[drop:], drop) not in out:
            out.append((word[drop:], drop))
    return out


# --------------------------------------------------------------------------- the stage
def _content_lines(doc: Document) -> list[tuple[int, int, str]]:
    lines = doc.spans("lines")
    if lines:
        return [(s.start, s.end, s.label) for s in lines if s.label != "blank" and s.end > s.start]
    out, pos = [], 0
    for ln in doc.text.split("\n"):
        if ln.strip():
            out.append((pos, pos + len(ln), "body"))
        pos += len(ln) + 1
    return out


class _Line:
    def __init__(self, doc: Document, start: int, end: int, label: str, lex: Lexicon):
        self.doc, self.lex, self.label = doc, lex, label
        self.toks = line_tokens(doc.text, start, end)
        self.raw = doc.text
        # A writer who spells final yaa as ي (في، التي) writes ى only for alef maqsura: then a word ending
        # in ى (اليمنى "the right one", الأدنى) is not a nisba in ي. Egyptian-style writers use ى for both.
        self.distinguishes_final_yaa = _distinguishes_final_yaa(doc.text)

    def start_after(self, i: int, drop: int) -> int:
        """Raw offset inside token i after dropping ``drop`` matching-form letters."""
        tok = self.toks[i]
        if drop == 0:
            return tok.start
        count = 0
        p = tok.start
        while p < tok.end and count < drop:
            if fold(self.raw[p]):
                count += 1
            p += 1
        while p < tok.end and not fold(self.raw[p]):  # skip diacritics/tatweel after the clitic
            p += 1
        return p

    # ---------------------------------------------------------------- names
    def match_names(self) -> list[Cand]:
        toks, lex = self.toks, self.lex
        out: list[Cand] = []
        i = 0
        while i < len(toks):
            best = None
            if toks[i].is_word:
                for form, drop in strip_forms(toks[i].norm):
                    for alias, eid in lex.names.get(form, ()):
                        n = len(alias)
                        if i + n > len(toks):
                            continue
                        if any(toks[i + k].norm != alias[k] for k in range(1, n)):
                            continue
                        e = lex.kb.entities[eid]
                        nxt = toks[i + n].norm if i + n < len(toks) else ""
                        if e.not_after and nxt in {norm_name(w) for w in e.not_after}:
                            continue
                        if best is None or n > best[0] or (n == best[0] and drop < best[1]):
                            best = (n, drop, eid, form)
                        break
            if best is None:
                i += 1
                continue
            n, drop, eid, form = best
            e = lex.kb.entities[eid]
            start = self.start_after(i, drop)
            end = toks[i + n - 1].end
            norm = " ".join((form,) + tuple(t.norm for t in toks[i + 1:i + n]))
            cand = Cand(start, end, e.type, "NAM", i, i + n, {"kb_id": eid, "norm": norm})
            self._extend_generic_head(cand)
            out.append(cand)
            i += n
        return out

    def _extend_generic_head(self, c: Cand) -> None:
        toks = self.toks
        i = c.tok_i
        quote = None
        if i >= 1 and toks[i - 1].norm in OPEN_QUOTES:
            quote = i - 1
            i -= 1
        if i < 1 or c.attrs.get("norm", "").split()[0] in GENERIC_HEADS:
            return
        for form, drop in strip_forms(toks[i - 1].norm):
            t = GENERIC_HEADS.get(form)
            if t and t == c.label:
                head_text = self.raw[c.start:c.end]
                c.start = self.start_after(i - 1, drop)
                c.tok_i = i - 1
                if quote is not None and c.tok_j < len(toks) and toks[c.tok_j].norm in CLOSE_QUOTES:
                    c.end = toks[c.tok_j].end
                    c.tok_j += 1
                c.attrs["head"] = head_text
                c.attrs["norm"] = form + " " + c.attrs["norm"]
                return

    def match_quoted_unknown(self, taken: list[Cand]) -> list[Cand]:
        """``تنظيم "X"`` / ``وكالة (X)`` where X is not in the KB: an ORG name."""
        toks, out = self.toks, []
        covered = {k for c in taken for k in range(c.tok_i, c.tok_j)}
        for i in range(len(toks) - 3):
            if i in covered:
                continue
            forms = strip_forms(toks[i].norm)
            hit = next(((f, d) for f, d in forms if f in QUOTED_NAME_HEADS), None)
            if not hit or toks[i + 1].norm not in OPEN_QUOTES:
                continue
            for j in range(i + 2, min(i + 7, len(toks))):
                if toks[j].norm in CLOSE_QUOTES:
                    break
                if not toks[j].is_word or j in covered:
                    j = -1
                    break
            else:
                continue
            if j <= i + 2 or j - (i + 2) > 4:
                continue
            name = " ".join(t.norm for t in toks[i + 2:j])
            known = self.lex.kb.lookup(name, "ORG")
            attrs = {"norm": hit[0] + " " + name, "head": self.raw[toks[i + 2].start:toks[j - 1].end]}
            if known:
                attrs["kb_id"] = known[0].id
            out.append(Cand(self.start_after(i, hit[1]), toks[j].end, "ORG", "NAM", i, j + 1, attrs))
        return out

    # ---------------------------------------------------------------- nisba helpers
    def nisba_at(self, i: int, definite: bool | None = None) -> tuple[str, int] | None:
        """(entity id, letters dropped) when token i is a nisba adjective."""
        if i >= len(self.toks) or not self.toks[i].is_word:
            return None
        if self.distinguishes_final_yaa and self.raw[self.toks[i].end - 1] == "\u0649":
            return None
        for form, drop in strip_forms(self.toks[i].norm):
            eid = self.lex.nisba.get(form)
            if eid and (definite is None or form.startswith("ال") == definite):
                return eid, drop
        return None

    # ---------------------------------------------------------------- institutions
    def match_inst(self) -> list[Cand]:
        toks, out = self.toks, []
        for i in range(len(toks)):
            if not toks[i].is_word:
                continue
            for form, drop in strip_forms(toks[i].norm):
                if not form.startswith("ال") and form not in INST_INDEFINITE_HEADS:
                    continue
                for head, kind in INST_HEADS.items():
                    n = len(head)
                    if head[0] != form or i + n >= len(toks):
                        continue
                    if any(toks[i + k].norm != head[k] for k in range(1, n)):
                        continue
                    nb = self.nisba_at(i + n, definite=True)
                    if not nb or nb[1] != 0:
                        continue
                    country = nb[0]
                    eid = self.lex.kb.by_inst.get((country, kind)) or f"{country}_{kind}"
                    out.append(Cand(self.start_after(i, drop), toks[i + n].end, "ORG", "INST", i, i + n + 1,
                                    {"kb_id": eid, "norm": " ".join((form,) + head[1:] + (toks[i + n].norm,)),
                                     "affiliation": country, "inst_kind": kind}))
                    break
                else:
                    # any ministry: وزارة + definite noun (+ و + definite noun) + definite nisba
                    if form not in ("وزاره",) or i + 2 >= len(toks) or not toks[i + 1].norm.startswith("ال"):
                        continue
                    j = i + 2
                    while j < len(toks) and j - i <= 5 and self.nisba_at(j, definite=True) is None and \
                            toks[j].norm.startswith(("ال", "وال")):
                        j += 1
                    nb = self.nisba_at(j, definite=True)
                    if not nb or nb[1] != 0:
                        continue
                    kind = "ministry_" + "_".join(t.norm for t in toks[i + 1:j])
                    eid = self.lex.kb.by_inst.get((nb[0], kind)) or f"{nb[0]}_{kind}"
                    out.append(Cand(self.start_after(i, drop), toks[j].end, "ORG", "INST", i, j + 1,
                                    {"kb_id": eid, "norm": " ".join([form] + [t.norm for t in toks[i + 1:j + 1]]),
                                     "affiliation": nb[0], "inst_kind": kind}))
                break
        return out

    # ---------------------------------------------------------------- titles
    def match_titles(self, names: list[Cand]) -> list[Cand]:
        toks, out = self.toks, []
        name_at = {c.tok_i: c for c in names}
        i = 0
        while i < len(toks):
            found = None
            if toks[i].is_word:
                for form, drop in strip_forms(toks[i].norm):
                    best = None
                    for head, spec in _TITLE_INDEX.get(form, ()):
                        n = len(head)
                        if head[0] != form or i + n > len(toks):
                            continue
                        if any(toks[i + k].norm != head[k] for k in range(1, n)):
                            continue
                        if best is None or n > best[0]:
                            best = (n, spec)
                    if best:
                        found = (drop, best[0], best[1], form)
                        break
            if not found:
                i += 1
                continue
            drop, n, (role, needs), form = found
            j = i + n
            attrs: dict[str, Any] = {"role": role}
            ok = needs == ""
            nb = self.nisba_at(j, definite=None)
            if nb and needs != "rank" and nb[1] == 0:
                attrs["affiliation"] = nb[0]
                j += 1
                ok = True
            if needs in ("gpe", "cpl") and not ok:
                k = j
                while k < len(toks) and toks[k].norm in ORG_FILLERS:
                    k += 1
                c = self._name_from(k, name_at)
                if c is not None:
                    attrs["of"] = c.attrs.get("kb_id")
                    j = c.tok_j
                    ok = True
                elif needs == "cpl" and j < len(toks) and toks[j].norm in CPL_NOUNS:
                    attrs["of_noun"] = toks[j].norm
                    j += 1
                    ok = True
                if ok and j + 1 < len(toks) and toks[j].norm in OPEN_QUOTES and toks[j].norm == "(":
                    c2 = name_at.get(j + 1)
                    if c2 is not None and c2.tok_j < len(toks) and toks[c2.tok_j].norm == ")":
                        j = c2.tok_j + 1
            # "في/لدى" + GPE or ORG name
            if ok and j + 1 < len(toks) and toks[j].norm in AT_PREPS and role in (
                    "ambassador", "commander", "deputy_commander", "spokesperson", "head"):
                c = name_at.get(j + 1)
                if c is not None and c.label in ("GPE", "ORG"):
                    attrs["at"] = c.attrs.get("kb_id")
                    j = c.tok_j
            if not ok and needs in ("adj", "rank"):
                # needs a following person name (possibly after a comma)
                k = j + 1 if j < len(toks) and toks[j].norm in (",", "،") else j
                c = name_at.get(k)
                ok = c is not None and c.label == "PER"
                if needs == "rank" and not ok:
                    ok = True
                    attrs["lone_rank"] = True
            if ok:
                start = self.start_after(i, drop)
                out.append(Cand(start, toks[j - 1].end, "TITLE", "NOM", i, j,
                                {**attrs, "norm": " ".join([form] + [t.norm for t in toks[i + 1:j]])}))
                i = j if needs != "cpl" else i + n
            else:
                i += 1
        return out

    def names_after_titles(self, titles: list[Cand], names: list[Cand]) -> list[Cand]:
        """A person name the KB lacks right after a role title (``وزير الخارجية الإيراني X Y``)."""
        toks, out = self.toks, []
        starts = {c.tok_i for c in names} | {c.tok_i for c in titles}
        covered = {k for c in names + titles for k in range(c.tok_i, c.tok_j)}
        for t in titles:
            k = t.tok_j
            comma = k < len(toks) and toks[k].norm in (",", "،")
            if comma:
                k += 1
            if k < len(toks) and re.fullmatch(r"ال\w{3,}ي", toks[k].norm) and k not in covered:
                k += 1  # an affiliation the nisba list lacks (رئيس الوزراء اليوناني X)
            while k < len(toks) and toks[k].norm in HONORIFICS:
                k += 1  # الأمير / الشيخ / الدكتور stay outside the name
            if k < len(toks) and toks[k].light.startswith("ال"):
                continue  # a name's first word has no article (الأسبوع الماضي is not a name)
            if k < len(toks) and toks[k].norm.endswith("ه") and toks[k].light[-1:] == "ة" and \
                    toks[k].norm not in NAMES_IN_TA_MARBUTA:
                continue  # أهمية / ضرورة: nouns in ta marbuta, rarely a first name
            if k >= len(toks) or k in covered or k in starts:
                continue
            if toks[k].norm.startswith(CLITIC_ARTICLE) or toks[k].norm.startswith(("وب", "ول", "فب", "فل")) and \
                    toks[k].norm not in NAME_STARTS_WA:
                continue
            j = k
            while j < len(toks) and j - k < 4 and toks[j].is_word and j not in covered and \
                    toks[j].norm not in NAME_STOP and not toks[j].norm.isdigit() and self.nisba_at(j) is None and \
                    not (j > k and toks[j].norm.startswith(CLITIC_ARTICLE)) and \
                    not (j > k and any(f in _TITLE_INDEX for f, _ in strip_forms(toks[j].norm))):
                if j > k and toks[j].light.startswith("ال") and not toks[j].norm.endswith("ي") and \
                        toks[j - 1].norm not in PARTICLES_IN_NAMES:
                    break  # الخفاجي / عبد الله are name parts; الاجتماع is not
                j += 1
            words = [x.norm for x in toks[k:j]]
            while words and words[-1] in PARTICLES_IN_NAMES:
                words.pop()
                j -= 1
            if len(words) < 2 or j - k > 3 and not (set(words) & PARTICLES_IN_NAMES):
                continue
            if any(re.search("[\u064b-\u064d]", self.raw[x.start:x.end]) or x.norm.startswith(("لل", "بال", "وال", "فال", "كال"))
                   for x in toks[k:j]):
                continue  # tanwin or a proclitic + article: common nouns, not a name
            if comma and not (j < len(toks) and toks[j].norm in (",", "،", ".", ":", ")")):
                continue  # an apposition after a comma is closed by one
            closed = j >= len(toks) or not toks[j].is_word or toks[j].norm in NAME_STOP or j in starts or \
                toks[j].norm.startswith(CLITIC_ARTICLE)
            strong_rank = t.attrs.get("role") == "rank" and t.attrs["norm"].split()[0] not in AMBIGUOUS_RANKS
            if not (comma or closed or words[0] in self.lex.first_names or strong_rank):
                continue  # no sign that the words after the title are a name
            out.append(Cand(toks[k].start, toks[j - 1].end, "PER", "NAM", k, j,
                            {"norm": " ".join(words), "source": "title_apposition"}))
        return out

    def _name_from(self, k: int, name_at: dict[int, Cand]) -> Cand | None:
        c = name_at.get(k)
        if c is not None and c.label in ("GPE", "ORG", "LOC"):
            return c
        if k < len(self.toks) and self.toks[k].norm in OPEN_QUOTES:
            c = name_at.get(k + 1)
            if c is not None:
                return c
        return None

    # ---------------------------------------------------------------- adjectives
    def match_adj(self, covered: set[int]) -> list[Cand]:
        toks, out = self.toks, []
        for i, t in enumerate(toks):
            if i in covered or not t.is_word:
                continue
            nb = self.nisba_at(i)
            if not nb:
                continue
            eid, drop = nb
            form = strip_forms(t.norm)[0][0] if drop == 0 else next(f for f, d in strip_forms(t.norm) if d == drop)
            e = self.lex.kb.entities[eid]
            out.append(Cand(self.start_after(i, drop), t.end, e.type if e.type in ("GPE", "LOC") else "GPE", "ADJ",
                            i, i + 1, {"kb_id": eid, "norm": form}))
        return out

    def is_adj_context(self, c: Cand) -> bool:
        """``تنسيقا روسيا عراقيا``: a country name that is the accusative nisba next to another one."""
        if c.tok_j - c.tok_i != 1:
            return False
        form = c.attrs.get("norm", "")
        if form not in self.lex.nisba_acc:
            return False
        for k in (c.tok_i - 1, c.tok_j):
            if 0 <= k < len(self.toks):
                n = self.toks[k].norm
                for f, _ in strip_forms(n):
                    if f in self.lex.nisba_acc and f not in self.lex.country_names:
                        return True
        return False


def derived_id(label: str, text: str) -> str:
    """The stable id of a name the KB lacks: type + normalised words (proclitic of a non-person
    name's first word removed)."""
    toks = [t for t in norm_name(text).split() if t and t not in OPEN_QUOTES | CLOSE_QUOTES]
    toks = [t.strip('"“”«»()') for t in toks]
    if toks and label != "PER":
        first = strip_forms(toks[0])
        if len(first) > 1 and first[1][0].startswith("ال"):
            toks[0] = first[1][0]
    return f"{label.lower()}:{'_'.join(t for t in toks if t)}"


def _overlap(a: Cand, b: Cand) -> bool:
    return a.start < b.end and b.start < a.end


def find_mentions(doc: Document, lex: Lexicon, model_persons: Sequence[tuple[int, int]] = ()) -> list[Cand]:
    """Gazetteer mentions of a document; ``model_persons`` are person names the NER model found
    (start, end): their short forms are matched too, like those of the names found here."""
    lines = [_Line(doc, s, e, lab, lex) for s, e, lab in _content_lines(doc)]
    all_cands: list[Cand] = []
    per_line: list[tuple[_Line, list[Cand], list[Cand]]] = []
    rank_words: set[str] = set()
    for ln in lines:
        names = ln.match_names()
        names += ln.match_quoted_unknown(names)
        inst = []
        for c in sorted(ln.match_inst(), key=lambda x: (-(x.end - x.start), x.start)):
            if not any(_overlap(c, o) for o in inst):
                inst.append(c)
        inst.sort(key=lambda x: x.start)
        # NAM vs INST: the longer wins; on a tie NAM, except collective designations (الحكومة العراقية)
        kept_inst = []
        for c in inst:
            rivals = [n for n in names if _overlap(n, c)]
            if all((c.end - c.start) > (n.end - n.start) or (c.start, c.end) == (n.start, n.end) and
                   c.attrs["inst_kind"] in INST_COLLECTIVE for n in rivals if n.attrs.get("kb_id")) and \
                    all(n.attrs.get("kb_id") or (c.end - c.start) > (n.end - n.start) for n in rivals):
                names = [n for n in names if n not in rivals]
                kept_inst.append(c)
        # nisba-accusative country names in adjective context become ADJ
        for c in names:
            if c.label == "GPE" and ln.is_adj_context(c):
                c.form = "ADJ"
        # nested GPE inside a LOC region name (شمال شرق [سوريا], غرب [القيارة])
        nested = []
        for c in names:
            if c.label == "LOC" and strip_forms(ln.toks[c.tok_i].norm)[-1][0] in DIRECTIONS | {ln.toks[c.tok_i].norm}:
                nested.extend(x for x in ln.match_names_from(c.tok_i + 1, c.tok_j) if x.label == "GPE")
        names += nested
        titles = ln.match_titles(names + kept_inst)
        names += ln.names_after_titles(titles, names)
        # lone ranks (الجنرال) are titles only before a name or after a named holder of the same rank
        per_starts = {c.tok_i for c in names if c.label == "PER"}
        for t in titles:
            last = t.attrs["norm"].split()[-1]
            last = last[2:] if last.startswith("ال") else last
            if t.attrs.get("lone_rank"):
                k = t.tok_j + (1 if t.tok_j < len(ln.toks) and ln.toks[t.tok_j].norm in (",", "،") else 0)
                if last in rank_words or k in per_starts:
                    t.attrs.pop("lone_rank")
                    rank_words.add(last)
            elif t.attrs.get("role") == "rank":
                rank_words.add(last)
        titles = [t for t in titles if not t.attrs.get("lone_rank")]
        # only proper names nest inside a title
        kept_inst = [c for c in kept_inst if not any(_overlap(c, t) for t in titles)]
        covered = {k for c in names + kept_inst + titles for k in range(c.tok_i, c.tok_j)}
        adj = ln.match_adj(covered)
        per_line.append((ln, names + kept_inst, titles))
        all_cands.extend(names + kept_inst + titles + adj)
    # short forms of persons named in full (here or by the model: هادي بن علي اليامي ... "اليامي")
    found_here = [c for c in all_cands if c.label == "PER"]
    model_names: list[tuple[_Line, Cand]] = []
    for ln, _, _ in per_line:
        for start, end in model_persons:
            inside = ln.toks and ln.toks[0].start <= start and end <= ln.toks[-1].end
            if inside and not any(c.start < end and start < c.end for c in found_here):
                toks = [k for k, t in enumerate(ln.toks) if start <= t.start and t.end <= end]
                if len(toks) >= 2:
                    model_names.append((ln, Cand(start, end, "PER", "NAM", toks[0], toks[-1] + 1)))
    all_cands.extend(_short_forms(doc, lex, per_line, all_cands, model_names))
    all_cands.extend(_bare_heads(lex, per_line, all_cands))
    return all_cands


def _bare_heads(lex: Lexicon, per_line, cands: list[Cand]) -> list[Cand]:
    """``وزارة الدفاع`` after ``وزارة الدفاع الأمريكية`` in the same document: the same body.

    A multi-word ORG name ending in a nisba gives its head (the name without the nisba) as a
    document-local alias, matched where no other mention is.
    """
    heads: dict[tuple[str, ...], str] = {}
    for c in cands:
        if c.label != "ORG" or c.form != "NAM" or not c.attrs.get("kb_id"):
            continue
        toks = tuple(c.attrs.get("norm", "").split())
        if len(toks) >= 3 and toks[-1] in lex.nisba and toks[-1].startswith("ال"):
            head = toks[:-1]
            if not head[0].startswith("ال") and len(head) >= 2:
                heads.setdefault(head, c.attrs["kb_id"])
    if not heads:
        return []
    taken = [(c.start, c.end) for c in cands]
    out = []
    for ln, _, _ in per_line:
        toks = ln.toks
        for i in range(len(toks)):
            for form, drop in strip_forms(toks[i].norm):
                hit = None
                for head, eid in heads.items():
                    n = len(head)
                    if head[0] == form and i + n <= len(toks) and all(toks[i + k].norm == head[k] for k in range(1, n)):
                        nxt = toks[i + n].norm if i + n < len(toks) else ""
                        if nxt in lex.nisba:  # a different body (وزارة الدفاع العراقية)
                            continue
                        hit = (n, eid)
                        break
                if hit:
                    start, end = ln.start_after(i, drop), toks[i + hit[0] - 1].end
                    if not any(s < end and start < e for s, e in taken):
                        out.append(Cand(start, end, "ORG", "NAM", i, i + hit[0],
                                        {"kb_id": hit[1], "norm": " ".join((form,) + tuple(t.norm for t in toks[i + 1:i + hit[0]])),
                                         "antecedent_in_document": True}))
                        taken.append((start, end))
                    break
    return out


def _match_names_from(self: _Line, i0: int, i1: int) -> list[Cand]:
    toks, out, i = self.toks, [], i0
    while i < i1:
        hit = None
        for form, drop in strip_forms(toks[i].norm):
            for alias, eid in self.lex.names.get(form, ()):
                n = len(alias)
                if i + n <= i1 and all(toks[i + k].norm == alias[k] for k in range(1, n)):
                    e = self.lex.kb.entities[eid]
                    hit = Cand(self.start_after(i, drop), toks[i + n - 1].end, e.type, "NAM", i, i + n,
                               {"kb_id": eid, "norm": " ".join((form,) + alias[1:])})
                    break
            if hit:
                break
        if hit:
            out.append(hit)
            i = hit.tok_j
        else:
            i += 1
    return out


_Line.match_names_from = _match_names_from  # type: ignore[attr-defined]


def _short_forms(doc: Document, lex: Lexicon, per_line, cands: list[Cand],
                 model_names: Sequence[tuple[_Line, Cand]] = ()) -> list[Cand]:
    """Short forms (family or first name alone) and repeats of the persons named in full, by the
    gazetteer (``cands``) or only by the NER model (``model_names``, with their lines)."""
    cands = list(cands) + [c for _, c in model_names]
    persons: dict[str, str] = {}   # light token -> entity id (None when two persons share it)
    full_names = [c for c in cands if c.label == "PER" and c.form == "NAM" and c.tok_j - c.tok_i >= 2]
    line_of = {id(c): ln for ln, ns, _ in per_line for c in ns}
    line_of.update({id(c): ln for ln, c in model_names})
    amb: set[str] = set()
    for c in full_names:
        ln = line_of.get(id(c))
        if ln is None:
            continue
        words = [t for t in ln.toks[c.tok_i:c.tok_j] if t.is_word]
        eid = c.attrs.get("kb_id") or derived_id("PER", doc.text[c.start:c.end])
        parts = []
        if words and words[-1].norm not in PARTICLES_IN_NAMES and \
                not (len(words) >= 2 and words[-2].norm in PATRONYMIC | PARTICLES_IN_NAMES):
            parts.append(words[-1])
        if len(words) >= 2 and words[0].norm not in PARTICLES_IN_NAMES | COMMON_FIRST and \
                words[1].norm not in PARTICLES_IN_NAMES:
            parts.append(words[0])
        for t in parts:
            # first token of the span may carry a proclitic
            key = t.light if t is not words[0] else fold_light(doc.text[c.start:t.end])
            if key in FUNCTION_WORDS or len(fold(key)) < 3:
                continue
            if key in persons and persons[key] != eid:
                amb.add(key)
            persons[key] = eid
    for k in amb:
        persons.pop(k, None)
    # names the KB lacks (found after a title) are matched again in full elsewhere in the document
    repeats: dict[tuple[str, ...], str] = {}
    for c in full_names:
        ln = line_of.get(id(c))
        if ln is not None and not c.attrs.get("kb_id"):
            repeats[tuple(t.norm for t in ln.toks[c.tok_i:c.tok_j])] = derived_id("PER", doc.text[c.start:c.end])
    if not persons and not repeats:
        return []
    taken = [(c.start, c.end) for c in cands]  # names, institutions, adjectives and titles
    out = []
    for ln, _, _ in per_line:
        for i in range(len(ln.toks)):
            for seq, eid in repeats.items():
                n = len(seq)
                if i + n <= len(ln.toks) and all(ln.toks[i + k].norm == seq[k] for k in range(n)):
                    start, end = ln.toks[i].start, ln.toks[i + n - 1].end
                    if not any(s < end and start < e for s, e in taken):
                        out.append(Cand(start, end, "PER", "NAM", i, i + n, {"short_of": eid, "norm": " ".join(seq)}))
                        taken.append((start, end))
    for ln, _, _ in per_line:
        for i, t in enumerate(ln.toks):
            if not t.is_word:
                continue
            for form, drop in strip_forms(t.norm):
                light = t.light[drop:] if drop else t.light
                eid = persons.get(light)
                if eid is None:
                    continue
                start = ln.start_after(i, drop)
                if any(s < t.end and start < e for s, e in taken):
                    break
                # not part of a longer capitalised run: a neighbour that is itself a name part
                out.append(Cand(start, t.end, "PER", "NAM", i, i + 1,
                                {"kb_id": eid if eid in lex.kb else None, "short_of": eid, "norm": form}))
                taken.append((start, t.end))
                break
    # short forms over ADJ (السوداني after محمد شياع السوداني): drop the ADJ
    return out


def _merge_with_ner(doc: Document, cands: list[Cand]) -> tuple[list[Any], list[Cand]]:
    """(NER spans kept, gazetteer candidates kept); see the merge policy in the module docstring."""
    kb_backed = [c for c in cands if c.form in ("INST", "ADJ") or c.form == "NAM" and
                 (c.attrs.get("kb_id") or c.attrs.get("short_of"))]
    heuristic = [c for c in cands if c.form == "NAM" and c not in kb_backed]
    keep_ner = []
    beaten: set[int] = set()
    for s in doc.spans("entities"):
        if (s.producer or "").startswith(STAGE_NAME) or s.label == "TITLE":
            continue
        rivals = [c for c in kb_backed if c.start < s.end and s.start < c.end]
        if rivals and all(_ner_contains_better(doc, s, c) for c in rivals):
            for c in rivals:
                beaten.add(id(c))
                if c.label == "PER" and s.label == "PER" and c.attrs.get("kb_id"):
                    s.attrs.setdefault("kb_id", c.attrs["kb_id"])  # the full patronymic of a KB person
            keep_ner.append(s)
            continue
        if rivals:
            continue
        keep_ner.append(s)
    cands = [c for c in cands if id(c) not in beaten]
    # a name the gazetteer only guessed (after a title, in quotes) yields to an NER span over it
    dropped = {id(c) for c in heuristic if any(c.start < s.end and s.start < c.end for s in keep_ner)}
    return keep_ner, [c for c in cands if id(c) not in dropped]


STAGE_NAME = "entities.gazetteer"

#: first words of an organisation or facility name that may contain a place (بنك القاهرة)
ORG_NAME_HEADS = {fold(w) for w in (
    "شركة", "بنك", "البنك", "مصرف", "جامعة", "مستشفى", "نادي", "النادي", "الاتحاد", "اتحاد", "مؤسسة", "مجموعة",
    "صندوق", "مركز", "معهد", "فندق", "مطار", "ميناء", "مجمع", "غرفة", "بورصة", "سوق", "أكاديمية", "كلية", "مدرسة",
    "جمعية", "هيئة", "صحيفة", "قناة", "إذاعة", "منتخب", "فريق")}


def _ner_contains_better(doc: Document, ner_span: Any, c: Cand) -> bool:
    """An NER name that strictly contains a KB match and is the better reading of the words:
    an organisation or facility named after a place (``بنك القاهرة``, ``جامعة بغداد``), a person whose
    name holds a place or nisba word (``محمد الرمادي``, ``فيصل بن تركي``), or a KB person's name
    extended by a patronymic (``محمد بن سلمان بن عبدالعزيز``)."""
    if not (ner_span.start <= c.start and c.end <= ner_span.end) or (ner_span.start, ner_span.end) == (c.start, c.end):
        return False
    words = [fold(w) for w in re.findall(r"\w+", doc.text[ner_span.start:ner_span.end])]
    if not words or len(words) > 6:
        return False
    if ner_span.label in ("ORG", "LOC") and c.label in ("GPE", "LOC") and c.form in ("NAM", "ADJ"):
        return any(f in ORG_NAME_HEADS for f, _ in strip_forms(words[0]))
    if ner_span.label == "PER" and c.label in ("GPE", "LOC") and c.tok_j - c.tok_i == 1:
        return c.start > ner_span.start  # a surname or patronymic, not the first word
    if ner_span.label == "PER" and c.label == "PER" and c.start == ner_span.start:
        extra = [fold(w) for w in re.findall(r"\w+", doc.text[c.end:ner_span.end])]
        return len(extra) >= 2 and extra[0] in PATRONYMIC and len(extra) <= 4
    return False


def run(doc: Document, options: Any = None) -> None:
    lex = lexicon(options)
    model_persons = [(s.start, s.end) for s in doc.spans("entities") if s.label == "PER"]
    cands = find_mentions(doc, lex, model_persons)
    # ADJ spans overlapped by a short-form PER lose
    pers = [c for c in cands if c.attrs.get("short_of")]
    cands = [c for c in cands if not (c.form == "ADJ" and any(_overlap(c, p) for p in pers))]
    ner_keep, cands = _merge_with_ner(doc, cands)
    doc.clear_layer("entities")
    items: list[tuple[int, int, int, Any]] = []
    for c in cands:
        items.append((c.start, -c.end, 0, c))
    for s in ner_keep:
        items.append((s.start, -s.end, 1, s))
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    seen: set[tuple[int, int, str]] = set()
    for start, negend, kind, obj in items:
        if kind == 0:
            c: Cand = obj
            key = (c.start, c.end, c.label)
            if key in seen or c.end <= c.start:
                continue
            seen.add(key)
            attrs = {k: v for k, v in c.attrs.items() if v is not None}
            attrs["form"] = c.form
            if attrs.get("kb_id"):
                attrs.setdefault("entity_id", attrs["kb_id"])
            doc.add_span("entities", c.start, c.end, STAGE.producer, c.label, **attrs)
        else:
            s = obj
            key = (s.start, s.end, s.label)
            if key in seen:
                continue
            seen.add(key)
            attrs = dict(s.attrs)
            attrs.setdefault("form", "NAM")
            doc.add_span("entities", s.start, s.end, s.producer, s.label, **attrs)


STAGE = Stage(name=STAGE_NAME, version="3", func=run, requires=(), assigns=("entities",),
              description="KB names, titles, institutions and nisba adjectives (merged with NER spans)")


_FINAL_YAA = re.compile("(?<!\\w)(?:في|التي|الذي|على|إلى|الى|فى|التى|الذى|علي|إلي)(?=[\\s،,.؛:!؟?]|$)")


def _distinguishes_final_yaa(text: str) -> bool:
    """True when the text writes في/التي/الذي with ي (so a final ى is a real alef maqsura)."""
    with_yaa = with_maqsura = 0
    for m in _FINAL_YAA.finditer(text[:20000]):
        word = m.group()
        if word in ("في", "التي", "الذي"):
            with_yaa += 1
        elif word in ("فى", "التى", "الذى"):
            with_maqsura += 1
    return with_yaa > 2 * with_maqsura
