"""Stage ``entities.link``: an ``entity_id`` on every mention, and the period the office holders support.

Within a document:

* a KB match keeps its KB id; a short form found by the gazetteer (``معصوم``) takes the id of the
  full name it was derived from; an NER span the KB lacks is looked up by its normalised name, then
  matched to a full person name of the same document whose words contain it (only when exactly one
  such person exists, so ``حسين`` never joins ``فؤاد معصوم`` and ``فؤاد حسين`` across documents);
* a capital standing for its government (``إخطار من بغداد``, ``بين واشنطن وبغداد``) takes the
  country's id with ``metonymy: capital_for_government``; a capital in a dateline or byline, at the
  start of a dateline-like line, at the end of a short byline, or after ``في``/``إلى``/``ب`` stays
  the city;
* a TITLE takes the id of its holder (``holder_entity_id``): the person in apposition
  (``اللواء تحسين الخفاجي``, ``الرئيس العراقي فؤاد معصوم``); else the holder already found for
  the same role in the document; else the KB office holder at the document's date (``published``
  fact, or the period the named office holders support), marked ``holder_inferred``.

Across documents an entity has one id everywhere: the KB id when known, otherwise a stable id
derived from type and normalised name (``per:فلان_الفلاني``).

:func:`officeholder_period` and the stage ``entities.period`` give the period the text supports
from persons named with a role (``الرئيس العراقي فؤاد معصوم`` -> 2014-07-24..2018-10-02) and flag a
contradiction with the page or publication date.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from rasid.arabic.normalize import fold, fold_light
from rasid.document import Document, Span
from rasid.entities.gazetteer import FUNCTION_WORDS, HONORIFICS, PARTICLES_IN_NAMES, derived_id, lexicon, strip_forms
from rasid.entities.kb import Entity, KnowledgeBase, norm_name
from rasid.pipeline import Stage

LITERAL_PREPS = {fold(w) for w in ("في", "إلى", "الى", "مدينة", "العاصمة", "بالعاصمة", "وصل", "زار", "قرب",
                                   "جنوب", "شمال", "شرق", "غرب", "داخل", "مطار", "محافظة")}
METONYMY_CUES = {fold(w) for w in ("بين", "إخطار", "اخطار", "طلب", "رسالة", "موقف", "تقوده", "تقودها", "تبذلها",
                                   "تعهدت", "أعلنت", "طالبت", "رفضت", "أكدت", "حكومة", "قرار")}
MINISTER_ROLES = ("foreign_minister", "defence_minister", "interior_minister", "finance_minister", "oil_minister")


def _doc_date(doc: Document) -> str | None:
    pub = doc.fact("published")
    if isinstance(pub, str) and pub:
        return pub
    if isinstance(pub, dict) and pub.get("date"):
        return pub["date"]
    return None


def _line_of(doc: Document, pos: int) -> tuple[int, int, str]:
    for s in doc.spans("lines"):
        if s.start <= pos <= s.end:
            return s.start, s.end, s.label
    start = doc.text.rfind("\n", 0, pos) + 1
    end = doc.text.find("\n", pos)
    return start, (len(doc.text) if end < 0 else end), "body"


def _words(text: str) -> list[str]:
    import re
    return re.findall(r"\w+", text)


def _capital_is_literal(doc: Document, s: Span) -> bool:
    ls, le, label = _line_of(doc, s.start)
    if label in ("dateline", "boilerplate"):
        return True
    df = doc.fact("dateline")
    if isinstance(df, dict) and df.get("start") is not None and df["start"] <= s.start < (df.get("end") or 0):
        return True
    before = doc.text[ls:s.start]
    after = doc.text[s.end:le]
    wb, wa = _words(before), _words(after)
    tok_start = s.start
    while tok_start > ls and doc.text[tok_start - 1].isalpha():
        tok_start -= 1
    proclitic = fold(doc.text[tok_start:s.start])
    if proclitic.endswith("ب"):  # بواشنطن: in the city
        return True
    # dateline: line starts with the city and a date/agency follows
    if not wb and (not wa or (wa[0][:1].isdigit() or after.lstrip()[:1] in "(-–—:،,/|")):
        return True
    # byline: last word of a short line after a dash
    if not wa and len(wb) <= 6 and before.rstrip().endswith(("-", "–", "—", "/")):
        return True
    if wb and fold(wb[-1]) in LITERAL_PREPS and not proclitic:
        return True
    return False


def _is_headline_speaker(doc: Document, s: Span) -> bool:
    """``العراق يؤكد ...`` opening a headline: the country speaks (the quote stage resolves the body)."""
    ls, le, label = _line_of(doc, s.start)
    if label != "title" and not (ls == 0 and not doc.spans("lines")):
        return False
    if doc.text[ls:s.start].strip():
        return False
    nxt = _words(doc.text[s.end:le])[:1]
    return bool(nxt) and fold(nxt[0])[:1] in ("ي", "ت") and len(nxt[0]) >= 4


def _kb_lookup(kb: KnowledgeBase, text: str, label: str) -> str | None:
    toks = norm_name(text).split()
    if not toks:
        return None
    for form, _ in strip_forms(toks[0]):
        cands = kb.lookup(" ".join([form] + toks[1:]), label)
        cands = [e for e in cands if "curated" in e.provenance or len(toks) >= 2]
        if len(cands) == 1 or cands and "curated" in cands[0].provenance:
            return cands[0].id
    return None


# --------------------------------------------------------------------------- titles
def _role_matches(title_role: str, title_country: str | None, kb_role) -> bool:
    if title_role == "head":
        ok_role = kb_role.role in ("president", "head", "king", "emir")
    elif title_role == "minister":
        ok_role = kb_role.role in MINISTER_ROLES
    elif title_role in ("rank", "counterpart"):
        return False
    else:
        ok_role = kb_role.role == title_role
    if not ok_role:
        return False
    return title_country is None or kb_role.of == title_country or kb_role.at == title_country


def _title_country(s: Span) -> str | None:
    return s.attrs.get("of") or s.attrs.get("affiliation")


def _adjacent_person(doc: Document, title: Span, pers: list[Span], titles: list[Span] | None = None) -> tuple[Span | None, str]:
    """A PER mention in apposition: right after the title (comma allowed) or right before it."""
    end = title.end
    for t2 in titles or ():
        gap = doc.text[end:t2.start]
        if t2.start >= end and len(gap) <= 3 and gap.strip(" ،,:\u00a0") == "" and "\n" not in gap:
            end = t2.end  # a rank between the role and the name: الناطق باسم التحالف كولونيل X
    for p in pers:
        gap = doc.text[end:p.start]
        if p.start >= end and "\n" not in gap and len(gap) <= 16 and \
                all(fold(w) in HONORIFICS for w in _words(gap)) and len(_words(gap)) <= 1 and \
                gap.replace(" ", "").strip("،,:\u00a0").isalpha() | (gap.strip(" ،,:\u00a0") == ""):
            return p, "after"
    for p in pers:
        gap = doc.text[p.end:title.start]
        if p.end <= title.start and len(gap) <= 3 and gap.strip(" ،,\u00a0") == "" and "\n" not in gap:
            return p, "before"
    return None, ""


def officeholder_period(doc: Document, kb: KnowledgeBase | None = None) -> dict[str, Any] | None:
    """The period supported by persons named with a role they held (from the KB).

    Reads TITLE mentions whose holder was found by apposition (``holder_basis == "apposition"``);
    returns ``{"from", "to", "evidence": [...]}`` (ISO dates; an open end is None) or None.
    """
    kb = kb or lexicon().kb
    evidence = []
    for s in doc.spans("entities"):
        if s.label != "TITLE" or s.attrs.get("holder_basis") != "apposition":
            continue
        person = kb.get(s.attrs.get("holder_entity_id"))
        if person is None:
            continue
        roles = [r for r in person.roles if _role_matches(s.attrs.get("role", ""), _title_country(s), r)
                 and (r.start or r.end)]
        if not roles:
            continue
        # several terms of the same role: the span covering all of them
        r_lo = min((r.start for r in roles if r.start), default=None)
        r_hi = None if any(r.end is None for r in roles) else max(r.end for r in roles)
        evidence.append({"span": s.id, "person": person.id, "role": roles[0].role, "from": r_lo, "to": r_hi})
    if not evidence:
        return None
    # the largest set of mutually overlapping terms (a text may also name a former office holder);
    # on a tie the latest such set
    best, best_key = None, None
    for point in sorted({e["from"] for e in evidence if e["from"]} | {e["to"] for e in evidence if e["to"]}):
        members = [e for e in evidence if (not e["from"] or e["from"] <= point) and (not e["to"] or point <= e["to"])]
        key = (len(members), point)
        if best_key is None or key >= best_key:
            best, best_key = members, key
    if not best:
        best = evidence
    lo = max((e["from"] for e in best if e["from"]), default=None)
    hi = min((e["to"] for e in best if e["to"]), default=None)
    used = {e["span"] for e in best}
    for e in evidence:
        e["used"] = e["span"] in used
    return {"from": lo, "to": hi, "evidence": evidence, "consistent": len(best) == len(evidence)}


def _period_mid(period: dict[str, Any] | None) -> str | None:
    if not period:
        return None
    lo, hi = period.get("from"), period.get("to")
    if lo and hi:
        from datetime import date
        a, b = date.fromisoformat(lo), date.fromisoformat(hi)
        return (a + (b - a) / 2).isoformat()
    return lo or hi


def _resolve_titles(doc: Document, kb: KnowledgeBase, ents: list[Span]) -> None:
    titles = [s for s in ents if s.label == "TITLE"]
    pers = [s for s in ents if s.label == "PER"]
    for t in titles:
        for k in ("holder_entity_id", "holder_basis", "holder_inferred"):
            t.attrs.pop(k, None)
    # 1. apposition
    for t in titles:
        p, _ = _adjacent_person(doc, t, pers, [x for x in titles if x is not t and x.start >= t.end])
        if p is not None and p.attrs.get("entity_id"):
            t.attrs["holder_entity_id"] = p.attrs["entity_id"]
            t.attrs["holder_basis"] = "apposition"
    # country context: the most mentioned country in the document
    counts: Counter[str] = Counter()
    for s in ents:
        if s.label == "GPE":
            e = kb.get(s.attrs.get("entity_id"))
            if e is not None and e.iso3:
                counts[e.id] += 1
    main_country = counts.most_common(1)[0][0] if counts else None
    date = _doc_date(doc) or _period_mid(officeholder_period(doc, kb))
    persons_in_doc = {s.attrs.get("entity_id") for s in pers}
    resolved: dict[tuple, str] = {}
    last_role: str | None = None
    for t in sorted(titles, key=lambda x: x.start):
        role = t.attrs.get("role", "")
        country = _title_country(t)
        if role == "rank":
            key = ("rank", (t.attrs.get("norm") or "").split()[-1:] and (t.attrs.get("norm") or "").split()[-1])
        else:
            key = (role, country)
        if t.attrs.get("holder_entity_id"):
            resolved[key] = t.attrs["holder_entity_id"]
            resolved.setdefault((role, None), t.attrs["holder_entity_id"])
            if role not in ("rank", "counterpart"):
                last_role = role
            continue
        if key in resolved:
            t.attrs["holder_entity_id"] = resolved[key]
            t.attrs["holder_basis"] = "same_title_in_document"
            continue
        eff_role = role
        if role == "counterpart" and last_role:
            eff_role = last_role
        if role == "head" and country and kb.get(country) and kb.get(country).iso3:
            eff_role = "president"
        eff_country = country or (main_country if role not in ("rank", "spokesperson", "commander") else None)
        if (eff_role, eff_country) in resolved:
            t.attrs["holder_entity_id"] = resolved[(eff_role, eff_country)]
            t.attrs["holder_basis"] = "same_title_in_document"
            continue
        cands: list[Entity] = []
        if eff_role in ("rank", "counterpart"):
            cands = []
        elif eff_role == "minister":
            cands = [kb.get(p) for p in persons_in_doc if kb.get(p) is not None and any(
                r.role in MINISTER_ROLES and (eff_country is None or r.of == eff_country) for r in kb.get(p).roles)]
        else:
            in_doc = [kb.get(p) for p in persons_in_doc if kb.get(p) is not None and any(
                _role_matches(eff_role, eff_country, r) and (not date or r.active(date)) for r in kb.get(p).roles)]
            if in_doc:
                cands = in_doc
            elif date and eff_country:
                at = t.attrs.get("at")
                cands = kb.holders(eff_role, eff_country, date, at=at) if eff_role != "ambassador" else \
                    kb.holders(eff_role, eff_country, date, at=at or main_country)
                if eff_role == "ambassador" and not cands and at is None:
                    cands = []
                if cands:
                    t.attrs["holder_inferred"] = True
        if len(cands) == 1:
            t.attrs["holder_entity_id"] = cands[0].id
            t.attrs.setdefault("holder_basis", "kb_role_at_date" if t.attrs.get("holder_inferred") else "document")
            resolved[(eff_role, eff_country)] = cands[0].id
        else:
            t.attrs.pop("holder_inferred", None)
    for t in titles:
        hid = t.attrs.get("holder_entity_id")
        t.attrs["entity_id"] = hid or f"title:{t.attrs.get('role', '')}:{_title_country(t) or ''}"


# --------------------------------------------------------------------------- the stage
def run(doc: Document, options: Any = None) -> None:
    kb = lexicon(options).kb
    ents = sorted(doc.spans("entities"), key=lambda s: (s.start, -s.end))
    # 1. names with a KB id, short forms, capitals
    for s in ents:
        if s.label == "TITLE":
            continue
        eid = s.attrs.get("short_of") or s.attrs.get("kb_id")
        if not eid:
            eid = _kb_lookup(kb, s.attrs.get("norm") or doc.text[s.start:s.end], s.label) or \
                _kb_lookup(kb, doc.text[s.start:s.end], s.label)
            if eid:
                s.attrs["kb_id"] = eid
        e = kb.get(eid)
        if e is not None and e.capital_of and s.attrs.get("form", "NAM") == "NAM":
            if _capital_is_literal(doc, s):
                s.attrs.pop("metonymy", None)
            else:
                s.attrs["metonymy"] = "capital_for_government"
                eid = e.capital_of
        if eid:
            s.attrs["entity_id"] = eid
        if e is not None and e.iso3 and s.label == "GPE" and s.attrs.get("form", "NAM") == "NAM" and _is_headline_speaker(doc, s):
            s.attrs["metonymy"] = "speaker"
    # 2. persons the KB lacks: short forms of a full name in this document, else a derived id
    full = [s for s in ents if s.label == "PER" and s.attrs.get("entity_id") and len(_words(doc.text[s.start:s.end])) >= 2]
    for s in ents:
        if s.label == "TITLE" or s.attrs.get("entity_id"):
            continue
        text = doc.text[s.start:s.end]
        if s.label == "PER":
            mine = {fold_light(w) for w in _words(text)} - {fold_light(w) for w in PARTICLES_IN_NAMES}
            owners = {f.attrs["entity_id"] for f in full if mine and mine <= {fold_light(w) for w in _words(doc.text[f.start:f.end])}}
            if len(owners) == 1 and not (mine & FUNCTION_WORDS):
                s.attrs["entity_id"] = owners.pop()
                continue
            # a full name the KB lacks: later short forms point to it
        if s.label == "ORG":
            key = norm_name(text)
            longer = [o for o in ents if o is not s and o.label == "ORG" and o.attrs.get("entity_id")
                      and norm_name(doc.text[o.start:o.end]).startswith(key + " ")]
            ids = {o.attrs["entity_id"] for o in longer}
            if len(ids) == 1:
                s.attrs["entity_id"] = ids.pop()
                continue
        s.attrs["entity_id"] = derived_id(s.label, s.attrs.get("norm") or text)
    # NER persons the KB lacks: single-word mentions of a derived full name in this document
    derived_full = [s for s in ents if s.label == "PER" and str(s.attrs.get("entity_id", "")).startswith("per:")
                    and len(_words(doc.text[s.start:s.end])) >= 2]
    for s in ents:
        if s.label == "PER" and str(s.attrs.get("entity_id", "")).startswith("per:") and len(_words(doc.text[s.start:s.end])) == 1:
            w = fold_light(_words(doc.text[s.start:s.end])[0])
            owners = {f.attrs["entity_id"] for f in derived_full if w in {fold_light(x) for x in _words(doc.text[f.start:f.end])}}
            if len(owners) == 1:
                s.attrs["entity_id"] = owners.pop()
    # 3. titles
    _resolve_titles(doc, kb, ents)


def run_period(doc: Document, options: Any = None) -> None:
    kb = lexicon(options).kb
    period = officeholder_period(doc, kb)
    if period is None:
        doc.set_fact("period_from_officeholders", None, STAGE_PERIOD.producer)
        return
    evidence = [doc.span_by_id(e["span"]) for e in period["evidence"] if e.get("used", True)]
    attrs: dict[str, Any] = {"evidence_roles": period["evidence"], "consistent": period["consistent"]}
    checks = []
    pub = _doc_date(doc)
    if pub:
        checks.append(("published", pub))
    pf = doc.facts.get("published")
    page = (pf.attrs.get("page_date") or {}).get("date") if pf is not None else None
    if page:
        checks.append(("page_date", page))
    contradictions = []
    for name, d in checks:
        d10 = d[:10]
        if (period["from"] and d10 < period["from"][:len(d10)]) or (period["to"] and d10[:len(period["to"])] > period["to"]):
            contradictions.append({"with": name, "date": d})
    if contradictions:
        attrs["contradiction"] = contradictions
    doc.set_fact("period_from_officeholders", {"from": period["from"], "to": period["to"]}, STAGE_PERIOD.producer,
                 confidence="medium" if period["consistent"] else "low",
                 evidence=[e for e in evidence if e is not None], **attrs)


STAGE = Stage(name="entities.link", version="1", func=run, requires=("entities",), assigns=("entities",),
              description="entity ids: KB ids, short forms, capital metonymy, title holders")
STAGE_PERIOD = Stage(name="entities.period", version="1", func=run_period, requires=("entities",),
                     assigns=("period_from_officeholders",),
                     description="period supported by named office holders; contradiction with the page date")
