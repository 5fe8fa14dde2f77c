"""Stage ``metadata.dateline``: the agency/outlet dateline of an article.

Fact ``dateline`` = ``{text, start, end, place, date, agency, outlet}`` or None. Shapes found:

* opening a body line: ``بغداد 27 أبريل 2021 (شينخوا)``, ``القاهرة (رويترز) -``, ``الرياض - واس``,
  ``المدينة المنورة - واس:``, ``سبق- الرياض:`` (outlet - place:), ``لندن-الوئام:`` (place - outlet:);
* a byline line without a date: ``من كربلاء الخبر - بغداد`` (OUTLET - PLACE, either order);
* a feed's author field (``meta["author"]``): ``لندن: رنيم حنوش``, ``«الاقتصادية» من الرياض``,
  ``بندر الدغمي (طريف)``; such a dateline has ``start``/``end`` None and ``source: meta.author``.

Agencies and places are packaged data (``metadata/data/agencies.tsv``, ``places.tsv``). An unknown
word is accepted as the place only when a date or a known agency confirms the dateline shape.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from rasid.document import Document
from rasid.metadata.dates import find_dates
from rasid.pipeline import Stage

_DIACRITICS = re.compile("[\u0640\u064B-\u0652\u0670]")
_QUOTES = "«»\"'“”„‹›()[]{}"
_BYLINE_WORDS = frozenset({"حوار", "كتب", "كتبت", "بقلم", "اعداد", "إعداد", "تقرير", "متابعه", "متابعة", "ترجمه",
                           "ترجمة", "تصوير", "تحرير", "مراسل", "مراسلنا"})


def _fold(s: str) -> str:
    s = _DIACRITICS.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip().lower()


def _agency_key(s: str) -> str:
    s = _fold(s.strip(_QUOTES + " :-–—"))
    s = re.sub(r"^(?:وكاله|وكالة)\s+", "", s)
    return re.sub(r"[\s.]", "", s)


@lru_cache(maxsize=1)
def agency_table() -> dict[str, str]:
    """{folded surface key: agency id}."""
    text = resources.files("rasid.metadata").joinpath("data/agencies.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ident, _name, forms = line.split("\t")[:3]
        for form in forms.split("|"):
            out.setdefault(_agency_key(form), ident)
    return out


@lru_cache(maxsize=1)
def place_table() -> frozenset[str]:
    names: set[str] = set()
    for fname in ("data/places.tsv", "data/countries.tsv"):
        text = resources.files("rasid.metadata").joinpath(fname).read_text(encoding="utf-8")
        names.update(_fold(x) for x in text.splitlines() if x.strip() and not x.startswith("#"))
    return frozenset(names)


def is_agency(s: str) -> str | None:
    """Agency id when ``s`` names a known news agency (``واس``, ``أ ف ب``, ``(رويترز)``)."""
    k = _agency_key(s)
    return agency_table().get(k) if k else None


def is_place(s: str) -> bool:
    k = _fold(s.strip(_QUOTES + " :-–—،,"))
    if k.startswith("من "):
        k = k[3:]
    return k in place_table()


_PLACE_WORD = r"[^\W\d_][^\s\d():\-–—،,/«»\"“”]*"
_PW = re.compile(_PLACE_WORD)
_GAP = re.compile(r"[\s\u00a0]*[،,]?[\s\u00a0]*")
_OUTLET_PLACE = re.compile(r"^[\s\u00a0]*(?P<a>[^\s:\-–—][^:\-–—\n]{0,30}?)\s*[-–—]\s*(?P<b>[^\s:\-–—][^:\-–—\n]{0,25}?)\s*:")
_HEAD = re.compile(rf"^[\s\u00a0]*(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}})\s*[،,]?\s*")
_AGENCY_PAREN = re.compile(r"\s*[(\[]\s*(?P<ag>[^()\[\]\n]{1,30}?)\s*[)\]]")
_AGENCY_DASH = re.compile(r"\s*[-–—/]\s*(?P<ag>[^\s:()\-–—][^:()\-–—\n]{0,25}?)\s*(?=[:\-–—]|\s|$)")
_AGENCY_BARE = [re.compile(r"\s*[،,]?\s+(?P<ag>[^\s()\-–—:،,]{1,12}" + r"(?:\s[^\s()\-–—:،,]{1,3})" * n + r")(?=[\s:\-–—]|$)")
                for n in (2, 1, 0)]


def _bare_agency(text: str, pos: int, end: int) -> re.Match[str] | None:
    """An agency name written after a dated dateline without brackets (``... 2015 م واس``)."""
    for rx in _AGENCY_BARE:
        m = rx.match(text, pos, end)
        if m and is_agency(m.group("ag")):
            return m
    return None

_EQUIV = re.compile(r"\s*[-–—،,]?\s*(?:الموافق|الموافقة|الموافق\s+ل)\s*")
_TRAIL = re.compile(r"\s*[-–—:]")
_SEP_SPLIT = re.compile(r"^(?P<a>[^:\-–—|]{2,45}?)\s*(?P<sep>[-–—|:])\s*(?P<b>[^:\-–—|]{2,45}?)\s*:?\s*$")


def _mk(text: str, s: int, e: int, place: str | None, date: str | None, agency: str | None,
        outlet: str | None, **extra: Any) -> dict[str, Any]:
    out = {"text": text[s:e], "start": s, "end": e, "place": place, "date": date, "agency": agency,
           "outlet": outlet}
    out.update(extra)
    return out


def _clean_name(s: str) -> str:
    return s.strip(" \u00a0:-–—،,").strip(_QUOTES).strip()


def parse_body_head(text: str, start: int, end: int) -> dict[str, Any] | None:
    """A dateline opening the body line ``text[start:end]``."""
    seg = text[start:min(end, start + 120)]
    m = _HEAD.match(seg)
    if not m:
        return None
    word_spans = [(start + w.start(), start + w.end()) for w in _PW.finditer(seg, m.start("place"), m.end("place"))]
    # try the longest known place first, then shorter heads
    for n in range(len(word_spans), 0, -1):
        p_s, pos = word_spans[0][0], word_spans[n - 1][1]
        place_txt = text[p_s:pos]
        known = is_place(place_txt)
        # optional date
        date_val = None
        after = _GAP.match(text, pos, end)
        q = after.end() if after else pos
        dms = find_dates(text, q, min(end, q + 45)) if q < end and text[q].isdigit() else []
        if dms and dms[0].start == q and dms[0].granularity == "day":
            date_val = dms[0].value
            pos = dms[0].end
            # "15 رمضان 1436 هـ الموافق 2 يوليو 2015 م": the second (Gregorian) date belongs to the dateline
            eq = _EQUIV.match(text, pos, end)
            if eq:
                more = find_dates(text, eq.end(), min(end, eq.end() + 45))
                if more and more[0].start == eq.end() and more[0].granularity == "day":
                    pos = more[0].end
                    date_val = more[0].value if dms[0].calendar == "hijri" else date_val
        agency = None
        ag_m = _AGENCY_PAREN.match(text, pos, end) or _AGENCY_DASH.match(text, pos, end)
        if (ag_m is None or not is_agency(ag_m.group("ag"))) and date_val:
            ag_m = _bare_agency(text, pos, end) or ag_m
        outlet = None
        if ag_m and is_agency(ag_m.group("ag")):
            agency = _clean_name(ag_m.group("ag"))
            pos = ag_m.end()
        elif ag_m and known and ag_m.re is _AGENCY_DASH:
            # PLACE - OUTLET:   (لندن-الوئام:)
            tail = text[ag_m.end():min(end, ag_m.end() + 3)]
            if tail.lstrip().startswith(":") and len(ag_m.group("ag").split()) <= 3:
                outlet = _clean_name(ag_m.group("ag"))
                pos = ag_m.end()
        if not (date_val or agency or outlet):
            if known and _TRAIL.match(text, pos, end):
                return _mk(text, p_s, pos, place_txt, None, None, None)
            continue
        if not (known or date_val or agency):
            continue
        if not (known or date_val) and (n > 2 or not _TRAIL.match(text, pos, end)):
            continue  # an unknown word + agency is a dateline only in the "PLACE (AGENCY) -" shape
        e = pos
        return _mk(text, p_s, e, place_txt, date_val, agency, outlet)
    # OUTLET - PLACE:   (سبق- الرياض:)
    m2 = _OUTLET_PLACE.match(seg)
    if m2 and len(m2.group("a").split()) <= 3 and len(m2.group("b").split()) <= 3:
        a, b = m2.group("a"), m2.group("b")
        if is_place(b) and not is_place(a):
            ag = is_agency(a)
            return _mk(text, start + m2.start("a"), start + m2.end("b"), _clean_name(b), None,
                       _clean_name(a) if ag else None, None if ag else _clean_name(a))
    return None


_PARTS = re.compile(r"\s+ـ+\s*|\s*ـ+\s+|\s*[-–—|:/]\s*")
_OUTLET_WORDS = re.compile(r"(?:نيوز|news|صحيفة|صحيفه|جريدة|جريده|موقع|وكالة|وكاله|قناة|قناه|بوابة|بوابه|الخبر|اليوم|تايمز|بوست|"
                           r"\.com|\.net|أونلاين|اونلاين|online)", re.IGNORECASE)
_AUTHOR_FROM = re.compile(r"^(?P<a>.+?)\s+من\s+(?P<b>[^\s].{1,30})$")


def classify_name(part: str) -> str:
    """'outlet' or 'author' for a byline part that is neither a place nor an agency."""
    p = part.strip()
    if not p:
        return "author"
    if p[0] in "«\"“{[(" or _OUTLET_WORDS.search(p):
        return "outlet"
    words = p.split()
    if len(words) == 1:
        return "outlet"
    if words[0].startswith("ال"):
        return "outlet"
    if any(is_place(w) for w in words):
        return "outlet"
    return "author"


def parse_byline(text: str, start: int, end: int, outlet_hints: frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """A whole byline line: ``OUTLET - PLACE``, ``PLACE - AGENCY``, ``PLACE: AUTHOR``,
    ``AUTHOR- OUTLET- PLACE:``, ``AUTHOR (PLACE)``, ``«OUTLET» من PLACE``, ``AUTHOR من PLACE``."""
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip(" \u00a0\t•·\u202b\u202a\u200f"))
    body = seg.strip(" \u00a0\t•·\u202b\u202a\u202c\u200f")
    body_trim = body.rstrip(" :")
    s, e = start + lead, start + lead + len(body_trim)
    if not body_trim or len(body_trim) > 90:
        return None
    m3 = re.match(r"^(?P<a>[^()]+?)\s*\((?P<b>[^()]{2,30})\)$", body_trim)  # AUTHOR (PLACE)
    if m3 and is_agency(m3.group("a")):  # AGENCY (PLACE): أ.ف.ب (شارلوت)
        return _mk(text, s, e, _clean_name(m3.group("b")), None, _clean_name(m3.group("a")), None)
    if m3 and is_place(m3.group("b")):
        kind = classify_name(m3.group("a"))
        return _mk(text, s, e, _clean_name(m3.group("b")), None, None,
                   _clean_name(m3.group("a")) if kind == "outlet" else None,
                   **({"author": _clean_name(m3.group("a"))} if kind == "author" else {}))
    m4 = _AUTHOR_FROM.match(body_trim)  # «OUTLET» من PLACE / AUTHOR من PLACE
    if m4 and is_place(m4.group("b")) and "-" not in body_trim:
        kind = classify_name(m4.group("a"))
        return _mk(text, s, e, _clean_name(m4.group("b")), None, None,
                   _clean_name(m4.group("a")) if kind == "outlet" else None,
                   **({"author": _clean_name(m4.group("a"))} if kind == "author" else {}))
    parts = [p for p in (_clean_name(x) for x in _PARTS.split(body_trim)) if p]
    if not 2 <= len(parts) <= 4 or any(len(p.split()) > 4 for p in parts):
        return None
    place = agency = outlet = author = None
    rest = []
    for p in parts:
        if place is None and is_place(p):
            place = p
        elif agency is None and is_agency(p):
            agency = p
        else:
            rest.append(p)
    kinds = [("outlet_hint" if _fold(p) in outlet_hints else classify_name(p)) for p in rest]
    if place is None and rest:
        # an unknown word is the place when an agency or an author already fills the other slot
        single = [p for p in rest if len(p.split()) <= 2 and p not in _BYLINE_WORDS]
        if (agency or "author" in kinds) and len(single) >= 1 and len(rest) <= 2:
            cand = next((p for p, k in zip(rest, kinds)
                         if k == "outlet" and len(p.split()) <= 2 and p not in _BYLINE_WORDS), None)
            if cand is not None and (agency or len(rest) == 2):
                place = cand
                kinds = [k for p, k in zip(rest, kinds) if p != cand]
                rest = [p for p in rest if p != cand]
    if place is None and "outlet_hint" not in kinds:
        return None
    kinds = ["outlet" if k == "outlet_hint" else k for k in kinds]
    for p, k in zip(rest, kinds):
        if k == "outlet" and outlet is None:
            outlet = p
        elif k == "author" and author is None:
            author = p
    extra = {"author": author} if author else {}
    return _mk(text, s, e, place, None, agency, outlet, **extra)


def find_dateline(text: str, lines: list[tuple[int, int, str, str | None]],
                  meta: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """``lines`` = [(start, end, label, subtype)] from ``clean.lines``."""
    # 1. a dateline opening one of the first body lines
    body_lines = [ln for ln in lines if ln[2] == "body"][:3]
    for s, e, _lab, _sub in body_lines:
        found = parse_body_head(text, s, e)
        if found:
            return found
    # 2. a byline line (or a short line between title and body); a part repeating a masthead or
    #    section line of the same page is the outlet, not the place
    hints = frozenset(_fold(text[s:e]) for s, e, lab, sub in lines
                      if lab == "boilerplate" and sub in ("section_label", "masthead", "masthead_name", "pre_title"))
    meta_outlet = (meta or {}).get("outlet")
    if isinstance(meta_outlet, str) and meta_outlet.strip():
        hints = hints | {_fold(meta_outlet)}
    has_title = any(ln[2] == "title" for ln in lines)
    seen_title = not has_title
    for s, e, lab, sub in lines:
        if lab == "body":
            break
        if lab == "title":
            seen_title = True
        elif sub == "agency_dateline":
            found = parse_body_head(text, s, e)
            if found:
                return found
        elif sub in ("byline", "short_fragment", "section_label", "pre_title"):
            found = parse_byline(text, s, e, hints)
            # above the headline only an agency credit is trusted (a section path "أخبار - العراق" is not)
            if found and (seen_title or found.get("agency")):
                return found
    # 3. the feed's author field
    author = (meta or {}).get("author")
    if isinstance(author, str) and author.strip():
        raw = author.replace("&nbsp;", " ")
        found = parse_byline(raw, 0, len(raw), hints) or parse_body_head(raw, 0, len(raw))
        if found:
            found["start"] = found["end"] = None
            found["source"] = "meta.author"
            return found
    return None


def _stage(doc: Document, options: Any = None) -> None:
    lines = [(sp.start, sp.end, sp.label, sp.attrs.get("subtype")) for sp in doc.spans("lines")]
    found = find_dateline(doc.text, lines, doc.meta)
    evidence = []
    if found and found.get("start") is not None:
        evidence.append(doc.add_span("dateline", found["start"], found["end"], STAGE.producer,
                                     place=found["place"], agency=found["agency"], outlet=found["outlet"],
                                     date=found["date"]))
    doc.set_fact("dateline", found, STAGE.producer, confidence="high" if found else None, evidence=evidence)


STAGE = Stage(name="metadata.dateline", version="1", func=_stage, requires=("lines",),
              assigns=("dateline",), description="agency/outlet dateline: place, date, agency, outlet")
