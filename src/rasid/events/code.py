"""Stage ``events.code``: native Arabic PLOVER event coding, sentence by sentence.

For every title/body sentence the coder finds trigger words in the lexicon
(:mod:`rasid.events.lexicon`: curated masdars/verbs/phrases plus Universal-PETRARCH verb+object
patterns carried to PLOVER), then fills in, from the surrounding tokens and the other layers:

* source and target actors as entity ids from ``entities`` (VSO/SVO position, prepositions,
  ``بين X و Y`` for two-sided events, visitor -> host for visits, the quote's speaker for
  speech acts inside a quote), or ``None`` when the text names nobody; generic unnamed agents
  (``مسلحون``, ``الشرطة``) give an actor span but never an id;
* negation, modality (asserted / intended / demanded / hypothetical), a denied agent
  (``لم يكن من قبل التحالف``), the quote carrying a speech act, the location (a place mention
  after ``في``/``ب``), the date (the sentence's own time expression, else the statement date).

Future withdrawals become CONCEDE and future cooperation AGREE, as PLOVER and the gold guidelines
require; a cooperative noun with no party at all (``منطلقات الحوار``) is a topic, not an event.
Every event carries ``confidence`` (high / medium / low: how clearly the sentence reports an event
that took place, from the trigger's form, casualty and time words, background cues and modality),
``actor_codes`` (PETRARCH style ``IRQ GOV`` from ``rasid.entities.kb`` when installed, else the
generic agent's code) and the actor spans it used (``source_spans`` / ``target_spans``).

Option ``[events] petrarch_patterns`` (default false) also matches the PETRARCH verb+object
patterns. Nothing is read from outside the package; the lexicon is loaded lazily.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasid.arabic.normalize import fold
from rasid.arabic.tokens import TOKEN_RE
from rasid.document import Document, Span
from rasid.events.lexicon import load_lexicon, readings, strip_article_key, word_key
from rasid.pipeline import Stage

VERSION = "0.1.0"

#: Speech-act types: inside a quote the source is the speaker.
VERBAL_TYPES = {"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
CONTENT_ZONES = {"title", "body", ""}
ACTOR_TYPES = {"PER", "ORG", "GPE", "TITLE", "NORP"}
PLACE_TYPES = {"GPE", "LOC"}

# ------------------------------------------------------------------ word lists (folded)
PREPOSITIONS = {"علي", "ضد", "مع", "الي", "من", "في", "عن", "بين", "لدي", "عند", "حول", "تجاه", "نحو", "داخل",
                "خلال", "عبر", "قرب", "بحق", "باتجاه", "لصالح", "ضمن", "برفقه", "بصحبه"}
NEGATORS = {"فلا", "لا", "لم", "لن", "ليس", "ليست", "ليسوا", "لسنا", "لست", "عدم", "بعدم", "وعدم", "ولا", "ولم", "ولن",
            "فلا", "فلم", "نفي", "ينفي", "نفت", "تنفي", "ونفي", "ونفت", "تنفي", "نفوا", "دون", "بدون", "ما",
            "وليس", "وليست", "لعدم", "انكر", "تنكر", "ينكر", "ابدا"}
INTENT_MARKERS = {"سوف", "وسوف", "تعهد", "تعهدت", "يتعهد", "تتعهد", "نتعهد", "خطط", "يخطط", "تخطط", "نخطط", "خطه",
                  "يعتزم", "تعتزم", "نعتزم", "اعتزم", "اعتزمت", "عزم", "ينوي", "تنوي", "ننوي", "نوي", "نريد",
                  "يريد", "تريد", "يرغب", "ترغب", "نرغب", "يسعي", "تسعي", "نسعي", "قرر", "قررت", "مستعد",
                  "مستعده", "مستعدون", "استعداد", "بصدد", "يستعد", "تستعد", "نستعد", "وعد", "وعدت", "مزمع",
                  "المقرر", "المزمع", "ستقوم", "سيقوم", "سيتم", "ستتم", "سنقوم", "مواصله", "بمواصله", "تعزيز",
                  "ستواصل", "سيواصل", "سنواصل", "مستقبلا", "المقبل", "المقبله", "القادم", "القادمه"}
DEMAND_MARKERS = {"ضروره", "بضروره", "الضروره", "يجب", "ويجب", "ينبغي", "يتعين", "لزاما", "بد", "لابد", "واجب"}
HYPO_MARKERS = {"امكانيه", "بامكانيه", "قد", "وقد", "فقد", "اذا", "واذا", "لو", "ولو", "ربما", "احتمال",
                "احتماليه", "يمكن", "ويمكن", "يحتمل", "ممكن", "امكان", "بالامكان", "ان امكن", "محتمل"}
REPORT_CUES = {"قال", "وقال", "اكد", "واكد", "اوضح", "واوضح", "اضاف", "واضاف", "تابع", "وتابع", "شدد", "وشدد",
               "اعلن", "واعلن", "اعتبر", "واعتبر", "نبه", "اشار", "واشار", "جدد", "وجدد", "ذكر",
               "وذكر", "صرح", "وصرح", "قالت", "وقالت", "اكدت", "واكدت", "اوضحت", "واوضحت", "اضافت", "واضافت",
               "اعلنت", "واعلنت", "اشارت", "واشارت", "ذكرت", "وذكرت", "مؤكدا", "موكدا", "مشيرا", "مضيفا",
               "قايلا", "مبينا", "معربا", "كاشفا", "لافتا", "يقول", "تقول", "يري", "تري", "يؤكد", "يوكد", "توكد"}
CLAUSE_BREAKS = {"بينما", "فيما", "حيث", "لكن", "ولكن", "غير ان", "الا ان", "كما", "وكان", "التي", "الذي", "الذين",
                 "اللذين", "اللتين"}
PUNCT_BREAKS = set(".،,؛;:!?؟\"«»“”()[]")
CLAUSE_PUNCT = set(".،,؛;:!?؟")
COMPLEMENT_TYPES = {"AID": "assist", "COOPERATE": "assist", "RETREAT": "yield", "CONCEDE": "yield",
                    "CONSULT": "meet", "AGREE": "meet", "MOBILIZE": "change", "ASSAULT": "yield"}
HOST_LEMMAS = {"استقبل", "استقبال"}
DAWN_FORMS = {"فجر"}
QUANT_WORDS = {"الاف", "الالاف", "ميات", "الميات", "عشرات", "العشرات", "مييه", "ميه", "الف", "حشود", "جموع", "الاف"}
#: words that may stand between a verb and its subject (تظاهر آلاف الطلاب، قتل أمس 4 جنود)
SUBJECT_GAP_WORDS = {"،", ",", "قد", "امس", "الاف", "الالاف", "ميات", "الميات", "عشرات", "العشرات", "الف", "ميه",
                     "من", "حوالي", "نحو", "اكثر", "قرابه", "اول", "عدد", "عده", "بعض", "اليوم", "مساء", "صباح"}
DYADIC_TYPES = {"CONSULT", "COOPERATE", "SUPPORT", "AID", "AGREE"}
MASDAR_GOVERNORS = {"من", "في", "علي", "عن", "بعد", "قبل", "خلال", "اثر", "عبر", "بهدف", "اجل", "بسبب", "مع",
                    "ضروره", "بضروره", "اهميه", "مواصله", "استمرار", "عمليه", "عمليات", "اجل"}


def _options(options: Any) -> dict[str, Any]:
    try:
        section = options.get("events") if hasattr(options, "get") else getattr(options, "events", None)
    except Exception:  # noqa: BLE001 - settings object of another shape
        section = None
    return dict(section or {})


# ------------------------------------------------------------------ helpers
@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    f: str           # folded
    punct: bool
    key: str = ""    # folded, clitics and article removed (phrase / pattern comparison)
    akey: str = ""   # folded, article removed


@dataclass(slots=True)
class Actor:
    start: int
    end: int
    ti: int          # first token index
    tj: int          # last token index (inclusive)
    entity_id: Any   # str or None (generic agent)
    etype: str
    form: str
    prep: str        # preposition governing the mention ("" if none)
    agent_code: str = ""
    mention: Span | None = None
    conj: bool = False   # و / ف written onto the mention: coordinated, not a fresh subject


@dataclass
class Match:
    ti: int
    tj: int
    entry: dict[str, Any]
    reading: Any = None
    pos: str = "noun"


@dataclass
class EventDraft:
    match: Match
    type: str
    mode: str | None
    context: str | None
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    negated: bool = False
    modality: str = "asserted"
    quote: Span | None = None
    denied: Actor | None = None
    dropped: bool = False
    source_fixed: bool = False   # the text names the agent (من قبل X, بدعوة من X)
    score: int = 0               # how clearly the sentence reports this as an actual event
    target_text: tuple[int, int] | None = None   # unnamed target word (span only, no id)
    src_how: str = ""            # svo / vso / before: how a verb's subject was found


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    info = _tok_info
    return [Tok(w, a, b, *info(w)) for w, a, b in
            ((m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, end))]


@lru_cache(maxsize=65536)
def _tok_info(text: str) -> tuple[str, bool, str, str]:
    f = fold(text)
    punct = not any(c.isalnum() for c in f)
    return f, punct, ("" if punct else word_key(text)), strip_article_key(f)


def _tok_index(toks: list[Tok], offset: int) -> int:
    """Index of the token that contains or follows ``offset``."""
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].end > offset:
            hi = mid
        else:
            lo = mid + 1
    return min(lo, len(toks) - 1)


# ------------------------------------------------------------------ trigger matching
def _phrase_match(toks: list[Tok], i: int, rest: list[str]) -> int | None:
    """Index of the last token of a phrase whose head is token i, or None."""
    j = i
    gap = False
    for w in rest:
        if w == "*":
            gap = True
            continue
        want = strip_article_key(w)
        limit = 4 if gap else 1
        found = None
        for k in range(j + 1, min(len(toks), j + 1 + limit)):
            if toks[k].punct:
                break
            key = toks[k].key
            if key == want or key == w or toks[k].f == w or (key.endswith("ا") and key[:-1] == want):
                found = k
                break
        if found is None:
            return None
        j = found
        gap = False
    return j


@lru_cache(maxsize=65536)
def _lookup(f: str) -> tuple[tuple, tuple | None, tuple]:
    """Lexicon hits of one folded token: (phrases, single form, patterns), each with its reading."""
    lex = load_lexicon()
    phrases, form, patterns = [], None, []
    for r in readings(f):
        for rest, idx in lex.phrases.get(r.stem, ()):
            phrases.append((rest, idx, r))
        if form is None:
            idxs = lex.forms.get(r.stem)
            if idxs:
                form = (idxs[0], r)
        for slots, idx in lex.patterns.get(r.stem, ()):
            patterns.append((slots, idx, r))
    return tuple(phrases), form, tuple(patterns)


def find_triggers(toks: list[Tok], use_patterns: bool = False) -> list[Match]:
    lex = load_lexicon()
    matches: list[Match] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.punct or len(t.f) < 3:
            i += 1
            continue
        phrases, form, patterns = _lookup(t.f)
        best: Match | None = None
        for rest, idx, r in phrases:   # phrases, longest first
            j = _phrase_match(toks, i, rest)
            if j is not None and (best is None or j > best.tj):
                best = Match(i, j, lex.entries[idx], r, "phrase")
        if best is None and form is not None:
            entry = lex.entries[form[0]]
            best = Match(i, i, entry, form[1], entry["pos"])
        if best is None and use_patterns:
            for slots, idx, r in patterns:
                j, ok = i, True
                for slot in slots:
                    found = None
                    for k in range(j + 1, min(n, j + 5)):
                        if toks[k].punct:
                            break
                        if toks[k].key in slot:
                            found = k
                            break
                    if found is None:
                        ok = False
                        break
                    j = found
                if ok:
                    best = Match(i, i, lex.entries[idx], r, "verb")
                    break
        if best is not None and best.tj == i and best.reading is not None and best.reading.stem in DAWN_FORMS \
                and i + 1 < n and toks[i + 1].f in ("امس", "اليوم", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء",
                                                    "الخميس", "الجمعه", "السبت", "يوم", "الغد", "غد"):
            best = None   # فجر أمس: dawn, not "detonated"
        if best is not None:
            matches.append(best)
            i = best.tj + 1
        else:
            i += 1
    return matches


# ------------------------------------------------------------------ actors
def _outermost(mentions: list[Span]) -> list[Span]:
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Span] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _prep_before(doc_text: str, toks: list[Tok], ti: int, start: int) -> str:
    tok = toks[ti]
    inside = fold(doc_text[tok.start:start])
    if inside.startswith("و") or inside.startswith("ف"):
        inside = inside[1:]
    if inside:
        return inside  # ب ل ك لل
    k = ti - 1
    if k >= 0 and not toks[k].punct:
        w = toks[k].f
        if w[:1] in "وف" and w[1:] in PREPOSITIONS:
            w = w[1:]
        if w in PREPOSITIONS:
            if w == "قبل" or (w == "من" and k + 1 < len(toks) and toks[k + 1].f == "قبل"):
                return "من قبل"
            return w
        if w == "قبل" and k - 1 >= 0 and toks[k - 1].f in ("من", "ومن"):
            return "من قبل"
        if w in ("جانب", "طرف") and k - 1 >= 0 and toks[k - 1].f in ("من", "ومن"):
            return "من قبل"
    return ""


def _actors(doc: Document, toks: list[Tok], s_start: int, s_end: int,
            mentions: list[Span] | None = None) -> tuple[list[Actor], list[Actor]]:
    """Actor units and place units of a sentence."""
    text = doc.text
    ments = [m for m in (doc.spans("entities") if mentions is None else mentions)
             if m.start >= s_start and m.end <= s_end]
    ments = _outermost(ments)
    actors: list[Actor] = []
    places: list[Actor] = []
    for m in ments:
        eid = m.attrs.get("entity_id")
        etype = m.label
        ti, tj = _tok_index(toks, m.start), _tok_index(toks, m.end - 1)
        a = Actor(m.start, m.end, ti, tj, eid, etype, m.attrs.get("form", ""), _prep_before(text, toks, ti, m.start),
                  mention=m, conj=fold(text[toks[ti].start:m.start])[:1] in ("و", "ف"))
        if etype in PLACE_TYPES:
            places.append(a)
        if etype in ACTOR_TYPES:
            # merge a TITLE and the name of the same person written next to it
            if actors and actors[-1].entity_id == eid and eid is not None and ti <= actors[-1].tj + 1:
                actors[-1].end, actors[-1].tj = m.end, tj
                continue
            actors.append(a)
    # generic agents where no entity sits
    lex = load_lexicon()
    covered = set()
    for a in actors + places:
        covered.update(range(a.ti, a.tj + 1))
    i = 0
    n = len(toks)
    index = lex.agent_index
    while i < n:
        if i in covered or toks[i].punct:
            i += 1
            continue
        found = None
        for rest, code, r in _agent_heads(toks[i].f):
            w = len(rest)
            if i + w >= n:
                continue
            if all((i + 1 + k) not in covered and toks[i + 1 + k].akey == rest[k] for k in range(w)):
                found = (w + 1, code, r)
                break
        if found:
            width, code, r = found
            start = toks[i].start
            prep = r.prep if r.prep else _prep_before(text, toks, i, start)
            actors.append(Actor(start, toks[i + width - 1].end, i, i + width - 1, None, "AGENT", "GEN", prep,
                                agent_code=code, conj=bool(r.conj)))
            i += width
        else:
            i += 1
    # "آلاف الإسرائيليين", "عشرات من النشطاء": the people counted are an (unnamed) actor
    covered2 = set()
    for a in actors + places:
        covered2.update(range(a.ti, a.tj + 1))
    for i, t in enumerate(toks):
        if t.f in QUANT_WORDS:
            k = i + 1
            if k < len(toks) and toks[k].f == "من":
                k += 1
            if k < len(toks) and k not in covered2 and not toks[k].punct and len(toks[k].f) > 2 and \
                    toks[k].f not in PREPOSITIONS and not toks[k].f.isdigit():
                actors.append(Actor(toks[k].start, toks[k].end, k, k, None, "AGENT", "GEN", "", agent_code="CVL"))
                covered2.add(k)
    actors.sort(key=lambda a: a.start)
    return actors, places


@lru_cache(maxsize=65536)
def _agent_heads(f: str) -> tuple:
    """Generic-agent entries whose first word is a reading of the folded token ``f``."""
    index = load_lexicon().agent_index
    out = []
    for r in readings(f):
        if r.suffix:
            continue
        for rest, code in index.get(strip_article_key(r.stem), ()):
            out.append((rest, code, r))
    return tuple(out)


def _clause_range(toks: list[Tok], i: int, j: int) -> tuple[int, int]:
    lo = i
    while lo > 0 and not (toks[lo - 1].f in CLAUSE_PUNCT or toks[lo - 1].f in CLAUSE_BREAKS):
        lo -= 1
    hi = j
    while hi + 1 < len(toks) and not (toks[hi + 1].f in CLAUSE_PUNCT or toks[hi + 1].f in CLAUSE_BREAKS):
        hi += 1
    return lo, hi


def _actor_after(actors: list[Actor], j: int, limit: int, hi: int, exclude: set[int], preps: set[str] | None,
                 no_prep: bool = False) -> Actor | None:
    for a in actors:
        if a.ti > j and a.ti <= min(j + limit, hi) and id(a) not in exclude:
            if no_prep and (a.prep or a.conj):
                continue
            if preps is not None and a.prep not in preps:
                continue
            return a
    return None


TARGET_PREPS = {"علي", "ضد", "مع", "الي", "ل", "لل", "ب", "بحق", "لدي", "تجاه", "نحو"}
TARGET_LINKS = {"علي", "ضد", "بحق", "مع", "الي", "تجاه", "نحو", "وعلي", "وضد"}


def _target_after(toks: list[Tok], actors: list[Actor], j: int, hi: int, exclude: set[int], limit: int = 8,
                  allow_from: bool = False) -> Actor | None:
    for a in actors:
        if a.ti <= j or a.ti > min(hi, j + limit) or id(a) in exclude:
            continue
        if a.prep in TARGET_PREPS or (allow_from and a.prep == "من"):
            return a
        if a.prep == "" or a.prep == "و":
            if a.ti <= j + 2 or any(toks[k].f in TARGET_LINKS for k in range(j + 1, a.ti)):
                return a
    return None


def _actor_before(actors: list[Actor], i: int, limit: int, lo: int, exclude: set[int]) -> Actor | None:
    best = None
    for a in actors:
        if a.tj < i and a.ti >= max(lo, i - limit) and id(a) not in exclude and not a.prep:
            best = a
    return best


def _between(toks: list[Tok], actors: list[Actor], i: int, hi: int) -> list[Actor]:
    """``بين X و Y`` after the trigger: the actors listed."""
    for k in range(i, min(hi, i + 6) + 1):
        if toks[k].f in ("بين", "وبين"):
            members: list[Actor] = []
            for a in actors:
                if a.ti <= k or a.ti > min(hi, k + 10):
                    continue
                if not members:
                    if a.ti > k + 2:
                        break
                    members.append(a)
                elif a.conj and not a.prep and a.ti <= members[-1].tj + 3:
                    members.append(a)
                else:
                    break
            return members[:4] if len(members) >= 2 else []
    return []


def _assign_actors(ev: EventDraft, toks: list[Tok], actors: list[Actor], lo: int, hi: int) -> None:
    m = ev.match
    entry = m.entry
    flags = set(entry.get("flags") or [])
    # a verb form carrying a preposition (لضرب, بقتل) or governed by one (من دحر) is a masdar
    is_verb = (m.pos == "verb" or "vphrase" in flags) and not (m.reading is not None and m.reading.prep) and \
        not (m.ti > 0 and toks[m.ti - 1].f in MASDAR_GOVERNORS)
    used: set[int] = set()
    mutual = "mutual" in flags
    pair = _between(toks, actors, m.tj, hi) if mutual or ev.type in ("COOPERATE", "CONSULT", "ASSAULT") else []
    if pair:
        if mutual:
            ev.source = pair
        else:
            ev.source, ev.target = [pair[0]], pair[1:2]
        return
    src = None
    tgt = None
    agentive = None
    if is_verb:
        # SVO when a bare mention stands right before the verb; else VSO (subject right after the
        # verb); else the nearest bare mention before it
        before = _actor_before(actors, m.ti, 8, lo, used)
        if before is None and m.ti >= 2 and toks[m.ti - 1].f in ("،", ","):
            # "الكاظمي، التقى": a subject set off by a comma
            before = next((a for a in actors if a.tj == m.ti - 2 and not a.prep and not a.conj), None)
        inside = next((a for a in actors if m.ti < a.ti and a.tj < m.tj and not a.prep), None)
        rel = m.ti - 1 if m.ti > 0 and toks[m.ti - 1].f in RELATIVE_PRONOUNS else None
        antecedent = None
        if rel is not None:
            # "قوات التحالف التي تساعد القوات العراقية": the antecedent is the subject, what follows the object
            antecedent = next((a for a in reversed(actors) if a.tj < rel and a.tj >= rel - 3), None)
        if antecedent is not None and inside is None:
            src = antecedent
            ev.src_how = "svo"
        elif inside is not None:
            src = inside          # أطلق الجنود النار: the subject sits inside a gapped phrase
            ev.src_how = "vso"
        elif before is not None and before.tj >= m.ti - 2:
            src = before
            ev.src_how = "svo"
        else:
            src = _actor_after(actors, m.tj, 3, hi, used, None, no_prep=True)
            if src is not None and any(toks[k].f not in TIME_WORDS and toks[k].f not in SUBJECT_GAP_WORDS and
                                       not toks[k].f.isdigit() for k in range(m.tj + 1, src.ti)):
                src = None   # the subject follows the verb directly (وزار مقر X: X is not the subject)
            ev.src_how = "vso" if src is not None else ("before" if before is not None else "")
            src = src or before
        if src is not None:
            used.add(id(src))
        start = src.tj if src is not None and src.ti > m.tj else m.tj
        tgt = _target_after(toks, actors, start, hi, used, allow_from=ev.type in ("REQUEST", "RETREAT", "CONCEDE"))
    else:
        # masdar / noun phrase
        agentive = _actor_after(actors, m.tj, 3, hi, used, {"من قبل"})
        if agentive is None and ev.type == "REQUEST":
            agentive = _actor_after(actors, m.tj, 2, hi, used, {"من"})  # بدعوة من الحكومة
            if agentive is not None:
                # "التحالف موجود بدعوة من الحكومة": the one invited stands before the trigger
                tgt = _actor_before(actors, m.ti, 6, lo, used | {id(agentive)})
        adj = None
        for a in actors:
            if a.ti == m.tj + 1 and a.form == "ADJ" and not a.prep:
                adj = a
                break
        if "gen_target" in flags:
            gen = None
            for a in actors:
                if m.tj < a.ti <= m.tj + 2 and not a.prep and a is not adj:
                    gen = a
                    break
            if gen is None and not (m.reading is not None and m.reading.suffix):
                gen = _target_after(toks, actors, m.tj, hi, used | ({id(adj)} if adj else set()), limit=6)
            tgt = gen
            if tgt is not None:
                used.add(id(tgt))
            src = agentive or adj
            if src is None:
                src = _actor_before(actors, m.ti, 8, lo, used)
        else:
            src = agentive or adj
            if src is None:
                src = _actor_before(actors, m.ti, 8, lo, used)
            if src is not None:
                used.add(id(src))
            start = src.tj if src is not None and src.ti > m.tj else m.tj
            if adj is not None and src is adj:
                # تنسيقا روسيا عراقيا: a second nisba is the partner
                nxt = [a for a in actors if a.ti == adj.tj + 1 and a.form == "ADJ"]
                if nxt:
                    tgt = nxt[0]
            if tgt is None:
                tgt = _target_after(toks, actors, start, hi, used, limit=6,
                                    allow_from=ev.type in ("RETREAT", "CONCEDE"))
    if not is_verb and tgt is None and ev.type in ("COOPERATE", "SUPPORT", "CONSULT", "AGREE"):
        # العلاقة بين X و Y مبنية على التعاون / علاقته مع Y ... التعاون: the partners stand before the trigger
        for k in range(m.ti - 1, max(lo, m.ti - 12) - 1, -1):
            if toks[k].f in ("بين", "وبين"):
                pair = _between(toks, actors, k, m.ti - 1)
                if pair:
                    src, tgt = pair[0], pair[1]
                break
            partner = next((a for a in actors if a.ti == k + 1 and a.prep == "مع"), None) \
                if toks[k].f in ("مع", "ومع") else None
            if partner is not None and partner is not src:
                tgt = partner
                if src is None or src.ti > k:
                    src = _actor_before(actors, k, 12, max(0, lo - 12), {id(partner)})
                break
    if src is None and not is_verb and m.reading is not None and m.reading.suffix in ("ه", "ها", "هم"):
        # خلال استقباله: the possessor is the subject of the sentence, across commas
        src = _actor_before(actors, m.ti, 14, 0, used | ({id(tgt)} if tgt is not None else set()))
    if src is not None and ev.type not in VERBAL_TYPES and src.ti > 0 and toks[src.ti - 1].f in REPORT_CUES:
        src = None   # أعلنت الشرطة مقتل ...: the reporter is not the agent
    if is_verb and src is not None and src.ti > m.tj and src.agent_code == "CVL" and ev.type == "ASSAULT" \
            and tgt is None:
        src, tgt = None, src   # قتل 18 شخصا: an unvocalised passive, the people after the verb are the victims
    if src is not None:
        ev.source = [src]
        ev.source_fixed = not is_verb and src is agentive and agentive is not None
    if tgt is not None and tgt is not src:
        ev.target = [tgt]
        # compound target: التقى مع قيادة التحالف والسفير الأمريكي
        for a in actors:
            if a.ti > ev.target[-1].tj and a.ti <= ev.target[-1].tj + 2 and a.conj and not a.prep and \
                    a is not src and a.entity_id != tgt.entity_id:
                ev.target.append(a)
            elif a.ti > ev.target[-1].tj + 2:
                break
    if mutual and ev.type == "ASSAULT" and ev.target and ev.target[0].prep == "مع":
        # two-sided fighting (الحرب مع داعش): both sides are the source
        ev.source, ev.target = ev.source + ev.target, []
    if not ev.target and ev.type in ("ASSAULT", "COERCE") and ("gen_target" in flags or is_verb):
        # no named or generic victim: keep the word right after the trigger (or its subject) as the
        # target span, without an entity id
        k = (ev.source[0].tj if ev.source and ev.source[0].ti > m.tj else m.tj) + 1
        if k <= hi and k < len(toks) and not toks[k].punct and toks[k].f not in PREPOSITIONS and \
                toks[k].f not in TIME_WORDS and not toks[k].f.isdigit() and len(toks[k].f) > 2 and \
                not any(a.ti <= k <= a.tj for a in ev.source):
            ev.target_text = (toks[k].start, toks[k].end)
    # visits: visitor -> host; استقبل: the host is the subject
    if entry.get("lemma") in HOST_LEMMAS and ev.source:
        if ev.target:
            ev.source, ev.target = ev.target, ev.source


# ------------------------------------------------------------------ negation / modality
def _window_before(toks: list[Tok], i: int, lo: int, width: int) -> list[Tok]:
    return toks[max(lo, i - width):i]


def _negated(toks: list[Tok], m: Match, lo: int) -> bool:
    before = _window_before(toks, m.ti, lo, 3)
    for k, t in enumerate(before):
        w = t.f
        if w in NEGATORS:
            nxt = before[k + 1].f if k + 1 < len(before) else toks[m.ti].f
            if w in ("لا", "ولا", "فلا") and nxt in ("بد", "سيما", "يزال", "تزال", "زال", "شك"):
                continue
            if w == "ما" and k != len(before) - 1:
                continue
            if w in ("دون", "بدون") and k != len(before) - 1:
                continue
            return True
    if m.ti > lo and toks[m.ti - 1].f == "غير":
        return True
    return False


def _modality(toks: list[Tok], m: Match, lo: int, ev_type: str) -> str:
    r = m.reading
    if r is not None and r.future:
        return "intended"
    before = _window_before(toks, m.ti, lo, 4)
    words = [t.f for t in before]
    joined = " ".join(words)
    for w in reversed(words):
        if w in DEMAND_MARKERS or w.lstrip("وف") in DEMAND_MARKERS:
            return "demanded"
        if w in HYPO_MARKERS:
            return "hypothetical"
        if w in INTENT_MARKERS or w in ("لن", "ولن"):
            return "intended"
        if len(w) > 3 and w[0] == "س" and w[1] in "يتن" and readings(w) and any(rr.future for rr in readings(w)):
            return "intended"
    if "لا بد" in joined:
        return "demanded"
    return "asserted"


def _denied_agent(toks: list[Tok], actors: list[Actor], m: Match, hi: int) -> Actor | None:
    for k in range(m.tj + 1, min(hi, m.tj + 8) + 1):
        if toks[k].f == "قبل" and k >= 1 and toks[k - 1].f in ("من", "ومن"):
            window = {t.f for t in toks[max(0, k - 4):k]}
            if window & {"لم", "ليس", "ليست", "لا", "ولم", "ولا", "لن"}:
                for a in actors:
                    if a.ti > k and a.ti <= k + 3:
                        return a
    return None


RELATIVE_PRONOUNS = {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"}
CASUALTY_WORDS = {"قتيل", "قتلي", "قتيلا", "جريح", "جرحي", "مصرع", "مقتل", "بمقتل", "اصابه", "اصيب", "اصيبوا",
                  "بجروح", "حتفه", "حتفهم", "اسفر", "واسفر", "اوقع", "سقوط", "ضحايا", "شهيد", "شهداء", "مصابين"}
TIME_WORDS = {"امس", "اليوم", "الليله", "صباح", "مساء", "فجر", "ظهر", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء",
              "الخميس", "الجمعه", "السبت", "امس", "الماضي", "الماضيه", "الجاري", "حاليا", "الان"}
BACKGROUND_WORDS = {"قضيه", "ذكري", "الراحل", "محكمه", "المتهم", "المتهمين", "اتهام", "منذ", "تاريخ", "التاريخ",
                    "سابقا", "ضريبه", "ظاهره", "ثقافه", "مسلسل", "فيلم", "كتاب", "روايه", "يستخدم", "سياسه",
                    "مفهوم", "ادانه", "محاكمه", "حكم", "الحكم", "هل"}


def _sentence_features(toks: list[Tok]) -> tuple[bool, bool, bool]:
    words = {t.f[1:] if t.f[:1] in ("و", "ف") and len(t.f) > 3 else t.f for t in toks}
    background = bool(words & BACKGROUND_WORDS) or any(
        len(t.f) == 4 and t.f[:2] in ("19", "20") and t.f.isdigit() for t in toks)
    return bool(words & CASUALTY_WORDS), bool(words & TIME_WORDS), background


def _report_score(ev: EventDraft, toks: list[Tok], feats: tuple[bool, bool, bool]) -> int:
    """A rough score of how clearly the sentence reports the event as one that took place."""
    m = ev.match
    r = m.reading
    score = 0
    if m.pos == "verb" and not (r is not None and r.prep):
        score += 2
    elif m.pos == "phrase":
        score += 1
    elif toks[m.ti].f.lstrip("وف").startswith(("ال", "بال", "لل")):
        score -= 1
    if "generic" in (m.entry.get("flags") or ()):
        score -= 2
    if m.ti > 0 and toks[m.ti - 1].f in RELATIVE_PRONOUNS:
        score -= 1   # الذي اغتالته اسرائيل ...: background inside a relative clause
    casualty, timed, background = feats
    if casualty:
        score += 2
    if timed:
        score += 1
    if background:
        score -= 1
    if any(a.entity_id or a.agent_code for a in ev.source + ev.target):
        score += 1
    if ev.negated or ev.modality != "asserted":
        score -= 2
    return score


def confidence_of(score: int) -> str:
    return "high" if score >= 3 else "medium" if score >= 1 else "low"


# ------------------------------------------------------------------ quotes
def _quote_for(doc: Document, start: int, end: int) -> Span | None:
    best = None
    for q in doc.spans("quotes"):
        cue = q.attrs.get("cue") or {}
        if q.start <= start and end <= q.end:
            if best is None or (q.end - q.start) < (best.end - best.start):
                best = q
        elif cue and cue.get("start") is not None and cue["start"] <= start < cue["end"]:
            best = best or q
    return best


def _fallback_speaker(toks: list[Tok], actors: list[Actor], m: Match, lo: int) -> Actor | None:
    """Without a quotes layer: the subject of a reporting verb before the trigger."""
    for k in range(m.ti - 1, -1, -1):
        if toks[k].f in REPORT_CUES:
            for a in actors:
                if k < a.ti <= k + 3 and not a.prep and a.entity_id is not None:
                    return a
            prev = [a for a in actors if a.tj < k and not a.prep and a.entity_id is not None]
            return prev[-1] if prev else None
    return None


# ------------------------------------------------------------------ dates, places, codes
def _clause_chars(toks: list[Tok], m: Match) -> tuple[int, int]:
    lo, hi = _clause_range(toks, m.ti, m.tj)
    return toks[lo].start, toks[hi].end


def _sentence_date(doc: Document, s_start: int, s_end: int, trigger_start: int) -> str | None:
    """The date of the clause's own time expression, else the statement date."""
    best = None
    for t in doc.spans("timexes"):
        if t.start >= s_start and t.end <= s_end and t.attrs.get("value") and \
                t.label not in ("page_date", "page_time", "vague", "duration_ago"):
            d = abs(t.start - trigger_start)
            if best is None or d < best[0]:
                best = (d, t.attrs["value"])
    if best:
        return str(best[1])[:10]
    pub = doc.fact("published")
    return pub if isinstance(pub, str) else None


def _location(places: list[Actor], ev: EventDraft, toks: list[Tok]) -> Any:
    used: set[str] = set()
    for a in ev.source + ev.target:
        used.update(a.entity_id if isinstance(a.entity_id, list) else [a.entity_id])
    cands = [p for p in places if p.entity_id and (p.entity_id not in used or ev.type == "ASSAULT")]
    preferred = [p for p in cands if p.prep in ("في", "ب", "داخل", "قرب", "عبر") or
                 (p.ti > 0 and toks[p.ti - 1].f in ("شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي",
                                                       "شرقي", "غربي", "مدينه", "بلده", "محافظه", "قضاء"))]
    if not preferred:
        return None
    trig = ev.match.ti
    preferred.sort(key=lambda p: (abs(p.ti - trig)))
    return preferred[0].entity_id


@lru_cache(maxsize=1)
def _kb() -> Any:
    try:
        from rasid.entities.kb import load_kb  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - optional helper module
        return None
    try:
        return load_kb()
    except Exception:  # noqa: BLE001
        return None


def _petrarch_style(code: str) -> str:
    """``IRQGOV`` -> ``IRQ GOV`` (three-letter blocks, as PETRARCH prints actor codes)."""
    code = code.replace(" ", "")
    return " ".join(code[i:i + 3] for i in range(0, len(code), 3))


def _date_ok(item: dict[str, Any], date: str | None) -> bool:
    if not date:
        return True
    lo, hi = date[:10], date[:10]
    if item.get("start") and hi < str(item["start"])[:len(hi)]:
        return False
    if item.get("end") and lo > str(item["end"])[:len(lo)]:
        return False
    return True


@lru_cache(maxsize=8192)
def _kb_code(entity_id: str, date: str | None) -> str | None:
    kb = _kb()
    if kb is None or not hasattr(kb, "get"):
        return None
    try:
        ent = kb.get(entity_id)
    except Exception:  # noqa: BLE001 - an optional helper of another shape
        return None
    if ent is None:
        return None
    try:
        roles = ent.roles_at(date) if date else []
    except Exception:  # noqa: BLE001
        roles = []
    for r in roles:
        if getattr(r, "code", None):
            return _petrarch_style(r.code)
    codes = [c for c in (getattr(ent, "codes", None) or []) if isinstance(c, dict) and c.get("code")]
    codes.sort(key=lambda c: (c.get("provenance") != "curated", bool(c.get("start"))))
    for c in codes:
        if _date_ok(c, date):
            return _petrarch_style(str(c["code"]))
    iso3 = getattr(ent, "iso3", None)
    return iso3.upper() if isinstance(iso3, str) and iso3 else None


def _actor_code(a: Actor, date: str | None = None) -> str | None:
    """PETRARCH-style code of an actor: from the knowledge base when it is installed, else the
    generic agent's code (``MIL``, ``CVL``)."""
    if a.entity_id is None:
        return a.agent_code or None
    if isinstance(a.entity_id, list):
        return None
    return _kb_code(a.entity_id, date)


def _ids(actors: list[Actor]) -> Any:
    ids = []
    for a in actors:
        for eid in (a.entity_id if isinstance(a.entity_id, list) else [a.entity_id]):
            if eid is not None and eid not in ids:
                ids.append(eid)
    if not ids:
        return None
    return ids[0] if len(ids) == 1 else ids


def _span_dict(doc: Document, actors: list[Actor]) -> list[dict[str, Any]]:
    return [{"start": a.start, "end": a.end, "text": doc.text[a.start:a.end], "entity_id": a.entity_id,
             "agent_code": a.agent_code or None} for a in actors]


# ------------------------------------------------------------------ main
@dataclass
class SentenceCoding:
    toks: list[Tok]
    places: list[Actor]
    events: list[EventDraft]


def code_sentence(doc: Document, s_start: int, s_end: int, use_patterns: bool = False,
                  mentions: list[Span] | None = None) -> SentenceCoding:
    toks = _tokens(doc.text, s_start, s_end)
    if not toks:
        return SentenceCoding(toks, [], [])
    matches = find_triggers(toks, use_patterns)
    if not matches:
        return SentenceCoding(toks, [], [])
    names = [x for x in (mentions if mentions is not None else doc.spans("entities"))
             if x.label in ("ORG", "PER", "GPE", "LOC") and x.attrs.get("form", "NAM") == "NAM"
             and x.start < s_end and x.end > s_start]
    if names:
        # a trigger word inside a name (منظمة التحرير, قوات الدعم السريع) is not a trigger
        matches = [m for m in matches if not any(x.start < toks[m.tj].end and toks[m.ti].start < x.end
                                                 for x in names)]
        if not matches:
            return SentenceCoding(toks, [], [])
    actors, places = _actors(doc, toks, s_start, s_end, mentions)
    has_quotes = doc.has("quotes")
    drafts: list[EventDraft] = []
    feats = None
    for m in matches:
        e = m.entry
        ev = EventDraft(m, e["type"], e.get("mode"), e.get("context"))
        flags = set(e.get("flags") or [])
        lo, hi = _clause_range(toks, m.ti, m.tj)
        s_lo, s_hi = 0, len(toks) - 1
        t_start, t_end = toks[m.ti].start, toks[m.tj].end
        q = _quote_for(doc, t_start, t_end) if has_quotes else None
        ev.quote = q
        if q is not None and q.start <= t_start:
            # a material event described inside a quote takes its actors from the quote
            q_lo = _tok_index(toks, max(q.start, s_start))
            q_hi = _tok_index(toks, min(q.end, s_end) - 1)
            s_lo, s_hi = max(s_lo, q_lo), min(s_hi, q_hi)
            lo, hi = max(lo, q_lo), min(hi, q_hi)
        ev.negated = _negated(toks, m, lo)
        ev.modality = _modality(toks, m, lo, ev.type)
        _assign_actors(ev, toks, actors, lo, s_hi)
        denied = _denied_agent(toks, actors, m, s_hi)
        if denied is not None:
            ev.denied = denied
            ev.source = [a for a in ev.source if a is not denied]
            ev.target = [a for a in ev.target if a is not denied]
        # ضرورة + action inside reported speech: the speaker requests the action
        if ev.type not in VERBAL_TYPES and ev.modality == "demanded" and m.ti > 0 and any(
                toks[k].f in ("ضروره", "بضروره", "وضروره") for k in range(max(0, m.ti - 2), m.ti)):
            speaker = None
            if q is not None and q.attrs.get("speaker_entity_id"):
                speaker = Actor(q.start, q.start, -1, -1, q.attrs["speaker_entity_id"], "PER", "NAM", "")
            elif not has_quotes:
                speaker = _fallback_speaker(toks, actors, m, 0)
            if speaker is not None:
                asked = ev.source or ev.target
                ev.mode = COMPLEMENT_TYPES.get(ev.type, "change")
                ev.type, ev.modality = "REQUEST", "asserted"
                ev.source = [speaker]
                ev.target = [a for a in asked if a.entity_id != speaker.entity_id][:1]
                ev.source_fixed = True
        # types that depend on modality: a future withdrawal is CONCEDE, future cooperation AGREE
        if ev.type == "RETREAT" and ev.modality in ("intended", "hypothetical", "demanded") and \
                ev.mode in (None, "withdraw"):
            ev.type, ev.mode = "CONCEDE", None
        if ev.type in ("COOPERATE", "AID", "CONSULT") and ev.modality == "intended":
            ev.type, ev.mode = "AGREE", None
        if ev.type == "AGREE":
            ev.modality = "intended" if ev.modality == "asserted" else ev.modality
        if (ev.type in VERBAL_TYPES or "verbal" in flags) and not ev.source_fixed:
            spk = None
            if q is not None and q.attrs.get("speaker_entity_id"):
                spk_id = q.attrs["speaker_entity_id"]
                spk = Actor(q.attrs.get("speaker_start") or q.start, q.attrs.get("speaker_end") or q.start,
                            -1, -1, spk_id, "PER", "NAM", "")
            elif not has_quotes:
                spk = _fallback_speaker(toks, actors, m, lo)
            if spk is not None:
                ev.target = [a for a in ev.target if a.entity_id != spk.entity_id]
                if not ev.target and ev.source and ev.source[0].entity_id != spk.entity_id and \
                        ev.source[0].ti > m.tj:
                    ev.target = ev.source
                ev.source = [spk]
        if "weak" in flags and not any(a.entity_id for a in ev.source + ev.target) and \
                not any(a.agent_code for a in ev.source + ev.target):
            continue
        if ev.type in DYADIC_TYPES and m.pos != "verb" and not ev.source and not ev.target:
            # a cooperative event needs its parties: a bare noun (منطلقات الحوار) is a topic, not an event
            continue
        if feats is None:
            feats = _sentence_features(toks)
        ev.score = _report_score(ev, toks, feats)
        drafts.append(ev)
    # و + verb without its own subject shares the subject of the previous verb (التقى ... وزار ... والتقى)
    prev_verb: EventDraft | None = None
    for ev in drafts:
        m = ev.match
        if (m.pos == "verb" or "vphrase" in (m.entry.get("flags") or ())) and m.reading is not None \
                and not m.reading.prep:
            if prev_verb is not None and m.reading.conj and ev.src_how in ("before", "") and prev_verb.source and \
                    m.ti - prev_verb.match.tj <= 15 and ev.type not in VERBAL_TYPES:
                ev.source = list(prev_verb.source)
                ev.target = [a for a in ev.target if all(a is not b for b in ev.source)]
            prev_verb = ev
    # a requested / rejected action is the content of the speech act, not an event of its own
    for k, ev in enumerate(drafts):
        if ev.type == "AGREE" and ev.match.pos == "verb":
            # تعهدت بسحب: the pledged action is coded (intended), with the pledger as its source
            for other in drafts[k + 1:]:
                if not other.dropped and other.type not in VERBAL_TYPES - {"CONCEDE"} and \
                        0 < other.match.ti - ev.match.tj <= 3:
                    ev.dropped = True
                    other.source = other.source or ev.source
                    other.target = other.target or ev.target
                    if other.modality == "asserted":
                        other.modality = "intended"
                        if other.type == "RETREAT":
                            other.type, other.mode = "CONCEDE", None
                        elif other.type in ("COOPERATE", "AID"):
                            other.type = "AGREE"
                    break
        if ev.type in ("REQUEST", "REJECT") and ev.match.pos != "phrase":
            for other in drafts[k + 1:]:
                if other.dropped or other.type in VERBAL_TYPES:
                    continue
                if 0 < other.match.ti - ev.match.tj <= 6 and not any(
                        toks[x].f in PUNCT_BREAKS for x in range(ev.match.tj + 1, other.match.ti)):
                    other.dropped = True
                    if ev.mode is None:
                        ev.mode = COMPLEMENT_TYPES.get(other.type, "change")
                    if not ev.target and other.target:
                        ev.target = other.target
                    break
    # one event per type for triggers that sit next to each other (شن هجوما)
    out: list[EventDraft] = []
    for ev in drafts:
        if ev.dropped:
            continue
        if out and out[-1].type == ev.type and ev.match.ti - out[-1].match.tj <= 2:
            prev = out[-1]
            prev.source = prev.source or ev.source
            prev.target = prev.target or ev.target
            continue
        # a restatement in the same sentence that adds no actor is not a new event
        key = (_ids(ev.source), _ids(ev.target))
        if any(o.type == ev.type and ((not ev.source and not ev.target) or (_ids(o.source), _ids(o.target)) == key)
               for o in out):
            continue
        out.append(ev)
    return SentenceCoding(toks, places, out)


def _sentences(doc: Document) -> list[tuple[int, int]]:
    out = []
    for s in doc.spans("sentences"):
        zone = s.attrs.get("zone", "")
        if zone in CONTENT_ZONES:
            out.append((s.start, s.end))
    return out


def code_events(doc: Document, options: Any = None) -> None:
    opts = _options(options)
    # The PETRARCH verb+object patterns (machine-translated lemmas) add little recall and some noise:
    # off unless [events] petrarch_patterns = true.
    use_patterns = bool(opts.get("petrarch_patterns", False))
    producer = STAGE.producer
    doc.clear_layer("events")
    mentions = sorted(doc.spans("entities"), key=lambda m: m.start)
    starts = [m.start for m in mentions]
    for s_start, s_end in _sentences(doc):
        lo = bisect.bisect_left(starts, s_start)
        hi = bisect.bisect_left(starts, s_end)
        coding = code_sentence(doc, s_start, s_end, use_patterns, mentions[lo:hi])
        toks, places = coding.toks, coding.places
        for ev in coding.events:
            m = ev.match
            t_start, t_end = toks[m.ti].start, toks[m.tj].end
            codes = {}
            date = _sentence_date(doc, s_start, s_end, t_start)
            for role, actors in (("source", ev.source), ("target", ev.target)):
                cs = [c for c in (_actor_code(a, date) for a in actors) if c]
                if cs:
                    codes[role] = cs[0] if len(cs) == 1 else cs
            doc.add_span(
                "events", t_start, t_end, producer, label=ev.type,
                source_entity_id=_ids(ev.source), target_entity_id=_ids(ev.target),
                trigger={"start": t_start, "end": t_end, "text": doc.text[t_start:t_end]},
                sentence={"start": s_start, "end": s_end},
                date=date,
                negated=ev.negated, modality=ev.modality, mode=ev.mode, context=ev.context,
                location_entity_id=_location(places, ev, toks),
                quote_id=ev.quote.id if ev.quote is not None else None,
                actor_codes=codes or None,
                denied_agent_entity_id=ev.denied.entity_id if ev.denied is not None else None,
                source_spans=_span_dict(doc, ev.source),
                target_spans=_span_dict(doc, ev.target) or (
                    [{"start": ev.target_text[0], "end": ev.target_text[1],
                      "text": doc.text[ev.target_text[0]:ev.target_text[1]], "entity_id": None, "agent_code": None}]
                    if ev.target_text else []),
                lexicon=m.entry.get("origin"), confidence=confidence_of(ev.score), report_score=ev.score,
            )


STAGE = Stage(
    name="events.code",
    version=VERSION,
    func=code_events,
    requires=("sentences", "entities"),
    assigns=("events",),
    description="PLOVER event coding: type, actors, negation, modality, date and place per sentence",
)
