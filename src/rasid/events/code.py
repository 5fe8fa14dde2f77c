"""Stage ``events.code``: native Arabic PLOVER event coding, sentence by sentence.

For every title/body sentence the coder finds trigger words in the lexicon
(:mod:`rasid.events.lexicon`: curated masdars/verbs/phrases plus Universal-PETRARCH verb+object
patterns carried to PLOVER), then fills in, from the surrounding tokens and the other layers:

* source and target actors as entity ids from ``entities`` (VSO/SVO position, prepositions,
  ``بين X و Y`` for two-sided events, visitor -> host for visits, the quote's speaker for
  speech acts inside a quote), or ``None`` when the text names nobody; generic unnamed agents
  (``مسلحون``, ``الشرطة``) give an actor span but never an id;
* negation, modality (asserted / intended / demanded / hypothetical), a denied agent
  (``لم يكن من قبل التحالف``), the quote carrying a speech act, ``on_behalf_of`` (the state or body
  an official speaks for, from the knowledge base), the location (a place mention after ``في``/``ب``),
  the date (:func:`_event_date`: the clause's own time expression, ``غداة`` / ``عشية`` anchors, the
  speaker's statement date, else the publication date; none for a past act told without a time).

Speed: a sentence is tokenised only when one of its word forms can start a trigger (set operations
on forms already classified), lookups are cached by word form, and the large PETRARCH pattern file
is read only when the patterns are switched on.

Future withdrawals become CONCEDE and future cooperation AGREE, as PLOVER and the gold guidelines
require; a cooperative noun with no party at all (``منطلقات الحوار``) is a topic, not an event.
Actor rules besides word order: the subject of a support verb is the agent of the event noun
(``شنت القوات هجوما``, ``قام متظاهرون بالاحتجاج``; ``تعرض X لـ``: X is the target), a resumptive
support verb names it after the noun (``الهجوم نفذه انتحاري``), ``على يد`` / ``برصاص`` introduce the
agent of a passive, a place name after a location noun (``ضواحي X``) is no actor, a title noun and
the name after it are one actor, demonstrators as the subject of a verb report a protest.
Every event carries ``confidence`` (high / medium / low: how clearly the sentence reports an event
that took place, see :func:`_report_score` and :data:`DEFAULT_MIN_CONFIDENCE`),
``actor_codes`` (PETRARCH style ``IRQ GOV`` from ``rasid.entities.kb`` when installed, else the
generic agent's code) and the actor spans it used (``source_spans`` / ``target_spans``).

Option ``[events] petrarch_patterns`` (default false) also matches the PETRARCH verb+object
patterns. Nothing is read from outside the package; the lexicon is loaded lazily. The closed word
lists the rules consult (prepositions, support verbs, force nouns ...) are data in
:mod:`rasid.events.wordlists`.
"""
from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from rasid.arabic.normalize import fold
from rasid.arabic.tokens import TOKEN_RE, WORD_RE
from rasid.document import Document, Span
from rasid.events.lexicon import folded_word_key, load_lexicon, readings, stem_strings, strip_article_key
from rasid.events.wordlists import (  # noqa: F401 - the word lists are part of this module's namespace
    ABSTRACT_SUBJECTS, ACHIEVED, ACTOR_TYPES, AGENT_INTRODUCERS, ANCHOR_SHIFT, ANONYMITY_WORDS,
    APPOSITION_OPENERS, ARREST_LEMMAS, ATTACK_NOUNS, ATTRIBUTIVE_AGENTS, BACKGROUND_WORDS, CALL_LEMMAS,
    CASUALTY_HEADS, CASUALTY_LINKS, CASUALTY_VERBS, CASUALTY_WORDS, CAUSAL_BREAKS, CHANT_CUES, CLAUSE_BREAKS,
    CLAUSE_OPENERS, COMPLEMENTIZERS, COMPLEMENT_TYPES, CONDEMN_VERBS, CONTENT_ZONES, COOPERATIVE_TYPES,
    CROWD_WORDS, DAWN_FORMS, DEFUSE_VERBS, DEMAND_MARKERS, DEMAND_PARTICIPLES, DEMAND_WORDS, DESCRIBE_VERBS,
    DESCRIPTIVE_HEADS, DYADIC_TYPES, EVENT_ADJECTIVES, FIGURATIVE_OBJECTS, FIRST_PLURAL, FORCE_NOUNS,
    GATHERED_VERBS, GENERIC_GOVERNORS, HOSTILE_WORDS, HOST_LEMMAS, HYPO_MARKERS, INTENT_MARKERS, KANA_FORMS,
    LIGHT_ALA_VERBS, LIGHT_VERBS, LOCATION_NOUNS, MASDAR_GOVERNORS, MATERIAL_TYPES, MEMBER_NOUNS, MEMBER_STEMS,
    NATURAL_AGENTS, NEGATORS, NUMBER_WORDS, OBJECT_GAP_TIME, PARTAKE_VERBS, PARTITIVE_HEADS, PASSIVE_FOLLOWERS,
    PASSIVE_READABLE_LEMMAS, PLACE_HEADS, PLACE_TYPES, POSE_VERBS, PREPOSITIONS, PRONOUN_SUBJECTS,
    PROTESTED_LINKS, PROTESTER_SPEECH_TYPES, PROTESTER_STEMS, PROTEST_ADVERBIALS, PROTEST_CONTENT_TYPES,
    PROTEST_SIGNS, PURPOSE_WORDS, QAD_FORMS, QUANT_WORDS, REFERENCE_GOVERNORS, RELATIVE_PRONOUNS,
    REMOVAL_MASDARS, REPORT_CUES, RESUMPTIVE_SUPPORT, SEAT_NOUNS, SENDING_VERBS, SERIES_NOUNS, SOURCE_NOUNS,
    SPEAKER_PARTY_TYPES, SUBJECT_GAP_WORDS, SUBJUNCTIVE, SUFFER_VERBS, SUPPORTED_CAUSES, SUPPORT_VERBS,
    TARGET_LINKS, TARGET_PREPS, TEMPORAL_SUBORDINATORS, TIME_UNITS, TIME_WORDS, TITLE_HEADS, TITLE_WORDS,
    UNIT_NOUNS, VERBAL_TYPES, VICTIM_INTRODUCERS, WAR_NAME_WORDS, WAR_TERM_HEADS, WEAPON_WORDS)
from rasid.pipeline import Stage

VERSION = "0.4.0"


# ------------------------------------------------------------------ punctuation (word lists: rasid.events.wordlists)
PUNCT_BREAKS = set(".،,؛;:!?؟\"«»“”()[]")
CLAUSE_PUNCT = set(".،,؛;:!?؟")


def _options(options: Any) -> dict[str, Any]:
    try:
        section = options.get("events") if hasattr(options, "get") else getattr(options, "events", None)
    except Exception:  # noqa: BLE001 - settings object of another shape
        section = None
    return dict(section or {})


# ------------------------------------------------------------------ helpers
class Tok(NamedTuple):
    """One token (a named tuple: built once per token of a candidate sentence, never changed)."""

    text: str
    start: int
    end: int
    f: str           # folded
    punct: bool

    @property
    def key(self) -> str:
        """Folded, clitics and article removed (phrase / pattern comparison); computed on use."""
        return "" if self.punct else folded_word_key(self.f)

    @property
    def akey(self) -> str:
        """Folded, article removed (generic-agent comparison); computed on use."""
        return strip_article_key(self.f)


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
    lead: int | None = None   # start of the counted members before a partitive من (10 مسلحين من X), shown with it
    nationality: str | None = None   # the state an unnamed agent is described as belonging to (جنود أمريكيين)
    shown_end: int | None = None     # end of the nisba that says so, shown with the agent


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
    speaker: Actor | None = None  # the quote's speaker made the source of a speech act
    content_subject: Actor | None = None   # the subject the words give the act (الولايات المتحدة لا تخطط)


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    """The tokens of ``text[start:end]`` (``findall`` and ``str.find`` for the offsets: tokens are
    maximal runs of word characters or single punctuation marks, in order, so each is found at or
    after the end of the previous one)."""
    info = _tok_info
    make = tuple.__new__
    find = text.find
    out: list[Tok] = []
    append = out.append
    pos = start
    for w in TOKEN_RE.findall(text, start, end):
        a = find(w, pos)
        pos = a + len(w)
        append(make(Tok, (w, a, pos) + info(w)))
    return out


@lru_cache(maxsize=65536)
def _tok_info(text: str) -> tuple[str, bool]:
    f = fold(text)
    return f, not f.isalnum() and not any(c.isalnum() for c in f)


_PROTESTER_CORES = ("متظاهر", "محتج", "معتصم")
_PROTESTER_ENDINGS = ("", "ون", "ين", "ات", "ه", "ا", "و", "ي")


@lru_cache(maxsize=65536)
def is_protester_word(f: str) -> bool:
    """A folded word naming demonstrators (المتظاهرون، محتجين، والمعتصمات), not ``محتجز`` (detained)."""
    w = f[1:] if f[:1] in ("و", "ف") and len(f) > 5 else f
    if w.startswith("لل"):
        w = w[2:]
    elif w.startswith("ال"):
        w = w[2:]
    elif w[:1] in ("ب", "ل") and w[1:3] == "ال":
        w = w[3:]
    return any(w.startswith(c) and w[len(c):] in _PROTESTER_ENDINGS for c in _PROTESTER_CORES)


@lru_cache(maxsize=1)
def _head_keys() -> tuple[frozenset[str], frozenset[str]]:
    """Every stem that heads a lexicon entry (forms and phrases), and every pattern verb."""
    lex = load_lexicon()
    return frozenset(lex.forms) | frozenset(lex.phrases), frozenset()


@lru_cache(maxsize=1)
def _pattern_verbs() -> frozenset[str]:
    return frozenset(load_lexicon().patterns)


@lru_cache(maxsize=131072)
def _may_trigger(word: str, use_patterns: bool) -> bool:
    """Whether a raw word form can start a trigger (the per-sentence early exit), cached by form.

    The clitic stems of the word (:func:`rasid.events.lexicon.stem_strings`, plain strings) are
    checked against the set of lexicon heads first; only a hit builds the full readings."""
    f = fold(word)
    if len(f) < 2:
        return False
    if ("ظاهر" in f or "حتج" in f or "عتصم" in f) and is_protester_word(f):
        return True     # demonstrators doing something: see _protester_events
    stems = stem_strings(f)
    if stems.isdisjoint(_head_keys()[0]) and not (use_patterns and not stems.isdisjoint(_pattern_verbs())):
        return False
    phrases, form, patterns = _lookup(f, word.endswith("\u0629"), use_patterns)
    return bool(phrases or form is not None or (use_patterns and patterns))


#: raw word forms already classified by :func:`_may_trigger` (yes / no), per ``use_patterns``;
#: a plain cache (cleared when it grows too large), like the ``lru_cache`` s of this module
_FORM_SETS: dict[bool, tuple[set[str], set[str]]] = {False: (set(), set()), True: (set(), set())}
_FORM_CACHE_MAX = 400_000


def sentence_may_have_event(text: str, start: int, end: int, use_patterns: bool = False) -> bool:
    """Cheap test before tokenising a sentence: does any word form start a lexicon trigger?

    Set operations on the sentence's raw word forms against the forms already classified; only
    forms never seen before are looked up."""
    words = set(WORD_RE.findall(text, start, end))
    yes, no = _FORM_SETS[use_patterns]
    if not yes.isdisjoint(words):
        return True
    new = words - no
    if not new:
        return False
    if len(no) > _FORM_CACHE_MAX:
        no.clear()
        yes.clear()
    hit = False
    for w in new:
        if _may_trigger(w, use_patterns):
            yes.add(w)
            hit = True
        else:
            no.add(w)
    return hit


def _is_trigger_verb(tok: Tok) -> bool:
    """The token is a verb of the trigger lexicon (استهدف، قتلوا)."""
    if tok.punct:
        return False
    form = _lookup(tok.f, tok.text.endswith("\u0629"))[1]
    return form is not None and load_lexicon().entries[form[0]].get("pos") == "verb"


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
def _lookup(f: str, ta_marbuta: bool = False, use_patterns: bool = False) -> tuple[tuple, tuple | None, tuple]:
    """Lexicon hits of one folded token: (phrases, single form, patterns), each with its reading.

    ``ta_marbuta``: the raw word ends in ``ة``, which folding writes ``ه``; a final ``ة`` is never the
    pronoun suffix ``ـه`` (``وزارة`` "ministry" is not ``و+زار+ه`` "and he visited him")."""
    lex = load_lexicon()
    phrases, form, patterns = [], None, []
    for r in readings(f):
        if ta_marbuta and r.suffix == "ه":
            continue
        for rest, idx in lex.phrases.get(r.stem, ()):
            phrases.append((rest, idx, r))
        if form is None:
            idxs = lex.forms.get(r.stem)
            if idxs:
                form = (idxs[0], r)
        if use_patterns:
            for slots, idx in lex.patterns.get(r.stem, ()):
                patterns.append((slots, idx, r))
    return tuple(phrases), form, tuple(patterns)


def find_triggers(toks: list[Tok], use_patterns: bool = False) -> list[Match]:
    lex = load_lexicon()
    yes, no = _FORM_SETS[use_patterns]
    matches: list[Match] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.punct or t.text in no or (t.text not in yes and not _may_trigger(t.text, use_patterns)):
            i += 1
            continue
        phrases, form, patterns = _lookup(t.f, t.text.endswith("\u0629"), use_patterns)
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
    if k >= 2 and (toks[k].f.isdigit() or toks[k].f in NUMBER_WORDS) and (
            toks[k - 1].f in ("برصاص", "بنيران") or (toks[k - 1].f in ("يد", "ايدي", "يدي") and
                                                   toks[k - 2].f in ("علي", "وعلي")) or
            (toks[k - 1].f in ("قبل", "جانب") and toks[k - 2].f in ("من", "ومن"))):
        return "من قبل"     # على يد عشرة مسلحين، من قبل عدة ضباط: a count between the agent introducer and the agent
    if k >= 1 and toks[k].f in ("احد", "احدي") and toks[k - 1].f in PREPOSITIONS:
        k -= 1      # على أحد الأطباء: the preposition governs the one of them
    if k >= 0 and not toks[k].punct:
        w = toks[k].f
        if w[:1] in "وف" and w[1:] in PREPOSITIONS:
            w = w[1:]
        if w in PREPOSITIONS:
            if w == "قبل" or (w == "من" and k + 1 < len(toks) and toks[k + 1].f == "قبل"):
                return "من قبل"
            head = _partitive_head(toks, k) if w == "من" else None
            if head is not None:
                return _prep_before(doc_text, toks, head, toks[head].start)   # العشرات من المستوطنين: the group's
            return w
        if w == "قبل" and k - 1 >= 0 and toks[k - 1].f in ("من", "ومن"):
            return "من قبل"
        if w in ("جانب", "طرف") and k - 1 >= 0 and toks[k - 1].f in ("من", "ومن"):
            return "من قبل"
        if w in ("يد", "ايدي", "يدي") and k - 1 >= 0 and toks[k - 1].f in ("علي", "وعلي"):
            return "من قبل"     # على يد مسلحين، على أيدي الشرطة: the agent of a passive
        if w in ("برصاص", "بنيران", "بقذايف", "بصواريخ", "بواسطه"):
            return "من قبل"     # قتل برصاص قناص: the shooter; خطفت بواسطة مسلحين: the kidnappers
    return ""


def _partitive_head(toks: list[Tok], k: int) -> int | None:
    """Index of the group noun a partitive ``من`` at ``k`` belongs to (``العشرات من``, ``فرقة مظلية من``)."""
    for h in (k - 1, k - 2):
        if h < 0 or toks[h].punct:
            return None
        if _in(toks[h].f, PARTITIVE_HEADS):
            return h
        if toks[h].f in PREPOSITIONS:
            return None
    return None


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
            if ti > 0 and _in(toks[ti - 1].f, LOCATION_NOUNS) or \
                    (tj > ti and fold(text[m.start:toks[ti].end]) in LOCATION_NOUNS):
                continue   # ضواحي نابولي، شوارع المدينة، وسط بغداد، قرية X: a place here, not an actor
        if etype in ACTOR_TYPES:
            # merge a TITLE and the name of the same person written next to it
            if actors and actors[-1].entity_id == eid and eid is not None and ti <= actors[-1].tj + 1:
                actors[-1].end, actors[-1].tj = m.end, tj
                continue
            actors.append(a)
    # generic agents where no entity sits
    covered = set()
    for a in actors + places:
        covered.update(range(a.ti, a.tj + 1))
    n = len(toks)
    yes, no = _AGENT_FORMS
    fs = [t.f for t in toks]
    for f in set(fs).difference(yes, no):   # classify the forms never seen (cached by form)
        if len(no) > _FORM_CACHE_MAX:
            no.clear()
        (yes if f[:1].isalnum() and _agent_heads(f) else no).add(f)
    cands = [i for i, f in enumerate(fs) if f in yes]   # positions whose word can head a generic agent
    i = 0
    for c in cands:
        if c < i:
            continue
        i = c
        if i in covered:
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
            last = actors[-1] if actors else None
            if last is not None and last.etype == "AGENT" and last.tj == i - 1 and not r.conj and not r.prep and \
                    _agrees(toks[i - 1].f, toks[i].f):
                # مسلحون مجهولون، جنود متمردون: a second agent word describes the first
                last.end, last.tj = toks[i + width - 1].end, i + width - 1
                i += width
                continue
            prep = r.prep if r.prep else _prep_before(text, toks, i, start)
            actors.append(Actor(start, toks[i + width - 1].end, i, i + width - 1, None, "AGENT", "GEN", prep,
                                agent_code=code, conj=bool(r.conj)))
            i += width
    # "جنود أمريكيين", "ممثلو ادعاء بريطانيون": people described by a plural nisba act for that state
    # (the entity stages leave plural nisbas unmarked: they name people, not the state)
    taken_now = {k for b in actors + places for k in range(b.ti, b.tj + 1)}
    for a in actors:
        if a.etype != "AGENT" or a.entity_id is not None:
            continue
        for k in (a.tj + 1, a.tj + 2):
            if k >= n or k in taken_now or toks[k].punct:
                break
            state = _plural_nisba_state(toks[k].f)
            if state is not None:
                # (shown with the agent; the agent's own tokens stay as they were for the word-order rules)
                a.nationality, a.shown_end = state, toks[k].end
                taken_now.add(k)
                break
    # "التنظيم", "الحكومة هناك": a definite description standing for an organisation named earlier
    for a in actors:
        if a.etype == "AGENT" and a.entity_id is None and a.tj == a.ti + 1 and _force_noun(toks[a.ti].f):
            # "مقاتلي المعارضة": the fighters of an organisation named earlier stand for it
            a.entity_id = _descriptive_antecedent(doc, toks[a.tj].f, a.start)
        if a.etype == "AGENT" and a.entity_id is None and a.ti == a.tj:
            a.entity_id = _descriptive_antecedent(doc, toks[a.ti].f, a.start)
            nxt = toks[a.ti + 1] if a.ti + 1 < n else None
            if a.entity_id is None and nxt is not None and nxt.f.startswith("ال") and \
                    not any(b.ti <= a.ti + 1 <= b.tj for b in actors + places):
                # "للقوات الأمنية": a generic noun and its adjective that name an organisation of the text
                a.entity_id = _descriptive_antecedent(doc, toks[a.ti].f, a.start, nxt.f)
                if a.entity_id is not None:
                    a.end, a.tj = nxt.end, a.ti + 1
    taken = {k for a in actors + places for k in range(a.ti, a.tj + 1)}
    for i, t in enumerate(toks):
        # "البلدين", "الجانبان": the last two parties named before (X و Y), as a compound actor
        if i in taken or t.f.lstrip("وب") not in DUAL_PARTIES:
            continue
        pair = _dual_antecedents(doc, DUAL_PARTIES[t.f.lstrip("وب")], t.start)
        prep = _prep_before(text, toks, i, t.start)
        for n, eid in enumerate(pair):
            actors.append(Actor(t.start, t.end, i, i, eid, "GPE", "DUAL", prep if n == 0 else "", conj=n > 0))
        if pair:
            taken.add(i)
    for i, t in enumerate(toks):
        if i in taken or t.f not in DESCRIPTIVE_HEADS:
            continue
        eid = _descriptive_antecedent(doc, t.f, t.start)
        if eid is not None:
            actors.append(Actor(t.start, t.end, i, i, eid, "ORG", "DESC", _prep_before(text, toks, i, t.start),
                                conj=False))
    # "آلاف الإسرائيليين", "عشرات من النشطاء": the people counted are an (unnamed) actor
    covered2 = set()
    for a in actors + places:
        covered2.update(range(a.ti, a.tj + 1))
    quants = [i for i, f in enumerate(fs) if f in QUANT_WORDS] if not QUANT_WORDS.isdisjoint(fs) else []
    for i in quants:
        k = i + 1
        if k < len(toks) and toks[k].f == "من":
            k += 1
        if k < len(toks) and k not in covered2 and not toks[k].punct and len(toks[k].f) > 2 and \
                toks[k].f not in PREPOSITIONS and not toks[k].f.isdigit():
            actors.append(Actor(toks[k].start, toks[k].end, k, k, None, "AGENT", "GEN", "", agent_code="CVL"))
            covered2.add(k)
    actors.sort(key=lambda a: a.start)
    for a in actors:
        if a.prep == "من":
            a.lead = _counted_members_start(toks, a.ti)
    # a title noun written before a person's name (الوزير سامي الكردي، الرئيس X) is that person
    merged: list[Actor] = []
    for a in actors:
        prev = merged[-1] if merged else None
        # and a generic force noun before an organisation or country is its forces (قوات التحالف الدولي)
        # (نائب رئيس البلدية مهدي X: a title with its definite genitive before the name)
        titled = a.etype == "PER" and a.ti == prev.tj + 2 and toks[prev.tj + 1].f.startswith("ال") \
            if prev is not None else False
        # (a group in the plural before a name is no title of it: وسلم المتظاهرون جون X مذكرة)
        group = prev is not None and toks[prev.tj].f.endswith(("ون", "ين")) and a.etype == "PER"
        if prev is not None and prev.etype == "AGENT" and a.entity_id is not None and (a.ti == prev.tj + 1 or titled) \
                and not group and not a.prep and not a.conj and (a.etype == "PER" or (
                    a.etype in ("ORG", "GPE") and prev.ti == prev.tj and _force_noun(toks[prev.ti].f)) or (
                    a.etype == "ORG" and prev.ti == prev.tj and _plain(toks[prev.ti].f) in MEMBER_NOUNS)):
            a.start, a.ti, a.prep, a.conj = prev.start, prev.ti, prev.prep, prev.conj
            merged[-1] = a
            continue
        if prev is not None and prev.etype == "AGENT" and prev.ti == prev.tj and a.etype == "ORG" and \
                a.entity_id is not None and a.prep == "من" and a.ti == prev.tj + 2 and toks[prev.tj + 1].f == "من":
            # "41 عنصرا من التنظيم", "مسلحين من حركة X": the members counted of a named group stand for it
            a.start, a.ti, a.prep, a.conj = prev.start, prev.ti, prev.prep, prev.conj
            a.lead = a.lead if a.lead is not None and a.lead < prev.start else None
            merged[-1] = a
            continue
        merged.append(a)
    return _title_chains(text, toks, merged), places


TITLE_CHAIN_MAX = 9   # words from the title head to the name


def _title_chains(text: str, toks: list[Tok], actors: list[Actor]) -> list[Actor]:
    """A title phrase and the person named after it are one actor: ``رئيس لجنة حقوق الإنسان العربية،
    الدكتور هادي اليامي``, ``وزير حقوق الإنسان في الجمهورية اليمنية عزالدين الأصبحي``. The phrase may hold
    places and organisations (the office's country or body) and one comma; a person after a preposition
    or a conjunction, or past a clause break, is someone else."""
    out: list[Actor] = []
    skip: set[int] = set()
    # a title head no actor covers (رئيس مجلس شيوخ عشائر الأنبار، نعيم الكعود) may open a chain too: it
    # stands in as a placeholder that is kept only if a name joins it
    covered = {k for a in actors for k in range(a.ti, a.tj + 1)}
    heads = [Actor(t.start, t.end, i, i, None, "AGENT", "GEN", _prep_before(text, toks, i, t.start), agent_code="")
             for i, t in enumerate(toks) if i not in covered and _in(t.f, TITLE_HEADS)]
    placeholders = {id(h) for h in heads}
    actors = sorted(actors + heads, key=lambda a: a.start)
    for n, a in enumerate(actors):
        if id(a) in skip:
            continue
        if (a.etype in ("AGENT", "TITLE") or a.entity_id is None) and _in(toks[a.ti].f, TITLE_HEADS):
            person = None
            for b in actors[n + 1:]:
                if b.ti > a.ti + TITLE_CHAIN_MAX:
                    break
                if b.etype == "PER" and b.entity_id is not None:
                    person = b
                    break
            if person is not None and not person.prep and not person.conj:
                between = toks[a.tj + 1:person.ti]
                commas = sum(1 for t in between if t.f in ("،", ","))
                if commas <= 1 and not any(t.punct and t.f not in ("،", ",") for t in between) and \
                        not any(t.f in CLAUSE_BREAKS or t.f in REPORT_CUES for t in between):
                    inner = [b for b in actors[n + 1:] if b.ti < person.ti]
                    skip.update(id(b) for b in inner)
                    person.start, person.ti, person.prep, person.conj = a.start, a.ti, a.prep, a.conj
                    continue
        if id(a) not in placeholders:
            out.append(a)
    return out


def _agrees(head: str, word: str) -> bool:
    """Whether ``word`` can describe ``head`` (folded): not an indefinite word after a definite one, and for
    sound plurals the same case ending (المتظاهرين قوات، مفجرون ... سياسيين: a new noun, not a description;
    عناصر الشرطة: a construct phrase)."""
    if _plain(head).startswith("ال") and not _plain(word).startswith("ال"):
        return False
    if strip_article_key(_plain(word)) in TITLE_WORDS and strip_article_key(_plain(head)) not in TITLE_WORDS:
        return False    # خطف مسلحون نائب رئيس البلدية: a title starts the next actor (نائب رئيس is one title)
    return not ({head[-2:], word[-2:]} == {"ون", "ين"})


DESCRIPTIVE_SCOPE = 6000   # characters back to look for the antecedent


@lru_cache(maxsize=4096)
def _entity_name_words(entity_id: str) -> frozenset[str]:
    """Folded words of an entity's knowledge-base names (تنظيم الدولة الإسلامية -> تنظيم, ...)."""
    kb = _kb()
    ent = kb.get(entity_id) if kb is not None else None
    words: set[str] = set()
    for name in (ent.names() if ent is not None else ()):
        words.update(strip_article_key(w) for w in fold(name).split())
    return frozenset(words)


def _description_word(word: str) -> str:
    """A folded word of a description without و / ف, a preposition and the article (للقوات -> قوات)."""
    if word[:1] in "وف" and len(word) > 4:
        word = word[1:]
    for p in ("بال", "لل", "كال", "ال"):
        if word.startswith(p) and len(word) > len(p) + 2:
            return word[len(p):]
    return word


def _descriptive_antecedent(doc: Document, word: str, before: int, adjective: str | None = None) -> str | None:
    """The organisation a definite description (``التنظيم``, ``الحكومة``, ``القوات الأمنية``) refers back
    to: the nearest earlier mention whose own words or knowledge-base names contain the description's
    words (a single noun must be one of ``DESCRIPTIVE_HEADS``; a noun with its adjective may be any)."""
    head = _description_word(word)
    if adjective is None:
        if "ال" + head not in DESCRIPTIVE_HEADS:
            return None
        wanted = {head}
    else:
        wanted = {head, _description_word(adjective)}
    for m in reversed(doc.spans("entities")):
        if m.end > before or m.label not in ("ORG", "GPE", "PER") or m.start < before - DESCRIPTIVE_SCOPE:
            continue
        eid = m.attrs.get("entity_id")
        if not isinstance(eid, str) or m.label == "PER":
            continue
        own = {v for w in fold(doc.text[m.start:m.end]).split() for v in (_description_word(w), w[1:])}
        if wanted <= own or wanted <= _entity_name_words(eid):
            return eid
    return None


def _is_event_adjective(toks: list[Tok], actors: list[Actor], head: int, k: int) -> bool:
    """Token ``k`` is an adjective of the event noun at ``head``: a listed one (مماثل، المكثف), an attack
    adjective (انتحاري، جوية), or a nisba-like word with the head's definiteness when the head is definite."""
    w = _plain(toks[k].f)
    bare = w[2:] if w.startswith("ال") and len(w) > 4 else w
    if bare in EVENT_ADJECTIVES or w in ATTRIBUTIVE_AGENTS or bare in ("جوي", "جويه", "بري", "بريه", "صاروخي"):
        return True
    return toks[head].f.startswith(("ال", "بال", "لل")) and _plain_adjective(toks, actors, head, k)


def _force_noun(f: str) -> bool:
    """A force noun, with a conjunction or a preposition written onto it (لمتمردي، بقوات، ومقاتلي)."""
    w = _plain(f)
    return w in FORCE_NOUNS or (w[:1] in ("ل", "ب") and len(w) > 4 and w[1:] in FORCE_NOUNS)


#: dual nouns that refer back to two parties (folded, with or without the article) -> entity labels allowed
DUAL_PARTIES = {f: labels for forms, labels in (
    (("البلدين", "البلدان", "بلدين"), ("GPE",)),
    (("الجانبين", "الجانبان", "الطرفين", "الطرفان"), ("GPE", "ORG", "PER")),
) for f in forms}


def _dual_antecedents(doc: Document, labels: tuple[str, ...], before: int) -> list[str]:
    """The two parties a dual (``بين البلدين``, ``أكد الجانبان``) refers to: the last two distinct
    entities of the allowed labels named before it (within ``DESCRIPTIVE_SCOPE`` characters)."""
    found: list[str] = []
    for m in reversed(doc.spans("entities")):
        if m.end > before or m.label not in labels:
            continue
        if m.start < before - DESCRIPTIVE_SCOPE:
            break
        eid = m.attrs.get("entity_id")
        if isinstance(eid, str) and eid not in found:
            found.append(eid)
            if len(found) == 2:
                return found[::-1]
    return []


#: folded forms known to head / not to head a generic agent (like ``_FORM_SETS``)
_AGENT_FORMS: tuple[set[str], set[str]] = (set(), set())


@lru_cache(maxsize=65536)
def _agent_heads(f: str) -> tuple:
    """Generic-agent entries whose first word is a reading of the folded token ``f``."""
    index = load_lexicon().agent_index
    if not any(strip_article_key(x) in index for x in stem_strings(f)):
        return ()
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


def _target_after(toks: list[Tok], actors: list[Actor], j: int, hi: int, exclude: set[int], limit: int = 8,
                  allow_from: bool = False) -> Actor | None:
    for a in actors:
        if a.ti <= j or a.ti > min(hi, j + limit) or id(a) in exclude:
            continue
        if any(toks[k].f in CAUSAL_BREAKS for k in range(j + 1, a.ti)):
            break       # هناك تنسيق لأن داعش ...: a reason clause starts, its nouns are not the target
        if a.prep in TARGET_PREPS or (allow_from and a.prep == "من"):
            return a
        if a.prep == "من" and a.lead is not None:
            # اعتقال 41 عنصرا من التنظيم، عمليات بحق 41 عنصرا من X: the group of the counted members
            li = _tok_index(toks, a.lead)
            if li <= j + 2 or (li - 1 > j and toks[li - 1].f in TARGET_LINKS):
                return a
        if a.prep == "" or a.prep == "و":
            first = _tok_index(toks, a.lead) if a.lead is not None else a.ti   # (سبعة مسلحين من حركة X)
            if first <= j + 2 or any(toks[k].f in TARGET_LINKS for k in range(j + 1, a.ti)):
                return a
    return None


def _actor_before(actors: list[Actor], i: int, limit: int, lo: int, exclude: set[int]) -> Actor | None:
    best = None
    for a in actors:
        if a.tj < i and a.ti >= max(lo, i - limit) and id(a) not in exclude and not a.prep:
            best = a
    return best


def _casualty_victim(toks: list[Tok], actors: list[Actor], j: int, hi: int, source: list[Actor]) -> Actor | None:
    """The victim named in a casualty phrase after an attack (``أودت بحياة قيادي في حركة النجباء``):
    the actor right after the casualty word; an unnamed member (``قيادي في X``, ``عناصر من X``) stands
    for the organisation named after it."""
    for k in range(j + 1, min(hi, j + 8) + 1):
        if toks[k].f in CLAUSE_PUNCT and toks[k].f not in ("،", ","):
            return None
        if _plain(toks[k].f) in ("صفوف", "بصفوف"):
            # قتلى وجرحى في صفوف الحوثيين: the ranks named are the victims
            ranks = next((a for a in actors if a.ti == k + 1 and a not in source), None)
            if ranks is not None:
                return ranks
        if toks[k].f not in VICTIM_INTRODUCERS:
            continue
        victim = next((a for a in actors if k < a.ti <= k + 2 and a not in source), None)
        if victim is not None and victim.entity_id is None:
            group = next((a for a in actors if a.ti == victim.tj + 2 and a.prep in ("في", "من")
                          and a.entity_id is not None and a.etype == "ORG"), None)
            victim = group or victim
        return victim
    return None


def _is_town_id(entity_id: str) -> bool:
    """A place the knowledge base knows below the state, or one only the gazetteer derived (gpe:...)."""
    if entity_id.startswith("gpe"):
        return True
    kb = _kb()
    ent = kb.get(entity_id) if kb is not None else None
    return ent is not None and getattr(ent, "type", None) == "GPE" and not getattr(ent, "iso3", None) and \
        bool(getattr(ent, "country", None)) and ent.country != entity_id


def _is_town(a: Actor) -> bool:
    """A place below the state (city, province, town): a GPE mention whose entity is not a country."""
    return a.etype == "GPE" and isinstance(a.entity_id, str) and _is_town_id(a.entity_id)


def _relative_antecedent(toks: list[Tok], actors: list[Actor], i: int) -> Actor | None:
    """The actor a relative pronoun at most four words before token ``i`` refers to (``X التي تسعى إلى``)."""
    for k in range(i - 1, max(0, i - 5) - 1, -1):
        if toks[k].f in PUNCT_BREAKS:
            return None
        if toks[k].f in RELATIVE_PRONOUNS:
            return next((a for a in actors if a.tj == k - 1 and a.etype not in ("LOC",)), None)
    return None


def _topic_subject(toks: list[Tok], actors: list[Actor], i: int) -> Actor | None:
    """The subject a sentence sets up before token ``i``: the last bare actor right after a
    complementizer (قال إن التحالف ...) or at the start of the sentence."""
    for a in reversed(actors):
        if a.tj >= i or a.prep or a.conj or a.etype in PLACE_TYPES and a.etype != "GPE":
            continue
        if a.ti == 0 or toks[a.ti - 1].f in COMPLEMENTIZERS or toks[a.ti - 1].f in KANA_FORMS:
            return a
    return None


def _strong_break_before(toks: list[Tok], i: int) -> int:
    """The first token after the last sentence-internal full stop, semicolon or colon before ``i`` (commas
    set off appositions and do not count)."""
    k = i - 1
    while k >= 0 and toks[k].f not in (".", "؛", ";", ":", "!", "?", "؟"):
        k -= 1
    return k + 1


def _kana_subject(toks: list[Tok], actors: list[Actor], m: Match, lo: int, reach: int = 10) -> Actor | None:
    """The subject of ``كان`` for a verb after ``قد`` (``وكانت فرقة من قوات X قد قتلت``): the bare actor
    right after the كان form (a group noun before it may stand between), same clause."""
    if m.ti < 2 or _plain(toks[m.ti - 1].f) != "قد":
        return None
    for c in range(m.ti - 2, max(lo, m.ti - reach) - 1, -1):
        if toks[c].f in KANA_FORMS:
            return next((a for a in actors if c < a.ti <= c + 4 and a.tj < m.ti and not a.prep and not a.conj
                         and a.etype not in PLACE_TYPES), None)
    return None


def _between(toks: list[Tok], actors: list[Actor], i: int, hi: int, min_members: int = 2) -> list[Actor]:
    """``بين X و Y`` after the trigger: the actors listed (at least ``min_members`` of them)."""
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
            return members[:4] if len(members) >= min_members else []
    return []


def _object_span(toks: list[Tok], k: int, hi: int, source: list[Actor]) -> tuple[int, int] | None:
    """The unnamed object right after a verb (its victim), as a character span: time words before it
    are skipped (``اغتالوا الأسبوع الماضي X``), a number takes its counted noun with it
    (``خطفوا أربعة مهندسين``, ``قتل ثمانية من عناصر الشرطة``)."""
    n = len(toks)
    skipped = 0
    while k <= hi and k < n and skipped < 4 and (toks[k].f in OBJECT_GAP_TIME or toks[k].f in TIME_WORDS) \
            and (toks[k].f != "من" or (k + 1 < n and toks[k + 1].f == "امس")):   # أول من أمس
        k += 1
        skipped += 1
        if toks[k - 1].f in ("قبل", "بعد", "منذ") and k + 1 <= hi and k + 1 < n and \
                (toks[k].f.isdigit() or toks[k].f in NUMBER_WORDS) and toks[k + 1].f in TIME_UNITS:
            k += 2   # خطفوا قبل خمسة أيام، عددا من: a span of time, not the counted victims
            if k <= hi and k < n and toks[k].f in ("،", ","):
                k += 1
    if k + 1 <= hi and k + 1 < n and toks[k].f == "ما" and toks[k + 1].f in ("مجموعه", "يزيد", "يقارب", "يقرب"):
        k += 2      # خطفوا ما مجموعه 14 شخصا، ما يزيد على 20: the count follows
        if k <= hi and k < n and toks[k].f in ("علي", "عن", "من"):
            k += 1
    elif k + 2 <= hi and k + 2 < n and toks[k].f[:1] in ("ي", "ت") and toks[k].f.endswith("ون") and \
            any(toks[j].f.isdigit() or toks[j].f in NUMBER_WORDS for j in range(k + 1, min(hi, k + 6) + 1)):
        # خطف مسلحون يرتدون زي الشرطة خمسة أجانب: a clause describing the subject, then the counted victims
        k = next(j for j in range(k + 1, min(hi, k + 6) + 1) if toks[j].f.isdigit() or toks[j].f in NUMBER_WORDS)
    if k > hi or k >= n or toks[k].punct or toks[k].f in PREPOSITIONS or toks[k].f in RELATIVE_PRONOUNS or (
            len(toks[k].f) < 2 and
                                                                          not toks[k].f.isdigit()) or \
            any(a.ti <= k <= a.tj for a in source):   # (a one-digit count: قتل 4 جنود)
        return None
    end = k
    if toks[k].f.isdigit() or toks[k].f in NUMBER_WORDS or (
            toks[k].f in ("اكثر", "اقل") and k + 1 < n and toks[k + 1].f == "من"):   # أكثر من 30 شخصا
        j = k + 1
        while j <= min(hi, k + 3) and j < n and not toks[j].punct and (
                toks[j].f.isdigit() or toks[j].f in NUMBER_WORDS or toks[j].f == "من"):
            j += 1
        if j <= hi and j < n and not toks[j].punct and toks[j].f not in PREPOSITIONS:
            end = j
        elif toks[k].f.isdigit():
            return None
    elif len(toks[k].f) <= 2 and toks[k].f != "حي":   # (a particle, not a noun; حي شعبي is a district)
        return None
    if end + 1 <= hi and end + 1 < n and not toks[end].f.startswith("ال") and toks[end + 1].f.startswith("ال") and \
            toks[end + 1].f not in TIME_WORDS:
        end += 1     # ثمانية من عناصر الشرطة: an indefinite head takes its definite genitive (whose members)
    return toks[k].start, toks[end].end


def _passive_reading(toks: list[Tok], m: Match, hi: int) -> bool:
    """Whether a perfect attack verb standing after its subject reads as a passive: its lemma is one
    whose passive is written alike and no object follows it (only time words, then a preposition,
    a clause word, a conjoined word (``قتلوا وأصيب``) or the end of the clause)."""
    lemma = m.entry.get("lemma") or ""
    if lemma not in PASSIVE_READABLE_LEMMAS or m.pos != "verb" or (m.reading is not None and m.reading.prep):
        return False
    word = _plain(toks[m.ti].f)
    if word[:1] != lemma[:1]:
        return False      # an imperfect (يقتلون): active
    k = m.tj + 1
    while k <= hi and (toks[k].f in TIME_WORDS or toks[k].f in OBJECT_GAP_TIME) and (
            toks[k].f != "من" or (k + 1 <= hi and toks[k + 1].f == "امس")):   # أول من أمس
        k += 1
    if k > hi or toks[k].punct:
        return True
    w = toks[k].f
    return w in PREPOSITIONS or w in PASSIVE_FOLLOWERS or (w[:1] == "و" and len(w) > 3) or \
        (w[:1] in ("ب", "ل") and w[1:3] == "ال")


def _is_weapon(f: str) -> bool:
    w = _plain(f)
    for art in ("ال", "بال", "لل"):
        if w.startswith(art) and len(w) > len(art) + 2:
            w = w[len(art):]
            break
    return w in WEAPON_WORDS


def _casualty_span(toks: list[Tok], hi: int) -> tuple[int, int] | None:
    """The casualties a sentence names, as a character span: the counted noun after a casualty word
    (``أصيب 37 شخصا``, ``مقتل شخص``) or before a passive casualty verb (``أربعة مدنيين أصيبوا``)."""
    for k, t in enumerate(toks[:hi + 1]):
        if t.punct or _plain(t.f) not in CASUALTY_HEADS:
            continue
        span = _object_span(toks, k + 1, hi, []) or _counted_subject_span(toks, k, 0)
        if span is not None and not _is_weapon(toks[_tok_index(toks, span[0])].f):
            return span
    return None


def _noun_phrase_span(toks: list[Tok], k: int, hi: int) -> tuple[int, int] | None:
    """A short noun phrase starting at token ``k`` (head and up to two following words, not across
    punctuation, a preposition, a conjoined word or a clause word), as a character span."""
    n = len(toks)
    if k > hi or k >= n or toks[k].punct or toks[k].f in PREPOSITIONS or len(toks[k].f) < 3 or \
            toks[k].f in CLAUSE_BREAKS:
        return None
    end = k
    for j in range(k + 1, min(hi, k + 2) + 1):
        f = toks[j].f
        if toks[j].punct or f in PREPOSITIONS or f in CLAUSE_BREAKS or f in TIME_WORDS or \
                (f[:1] == "و" and len(f) > 3) or len(f) < 2:
            break
        end = j
    return toks[k].start, toks[end].end


def _removal_at(toks: list[Tok], k: int, hi: int) -> int | None:
    """Index of a removal masdar governed by ب within the next words (بـ«استقالة، بوضوح برحيل), or None."""
    prep = False
    for j in range(k, min(hi, k + 3) + 1):
        f = _plain(toks[j].f)
        if toks[j].punct:
            continue
        if f == "ب":
            prep = True
            continue
        if (f[:1] == "ب" and strip_article_key(f[1:]) in REMOVAL_MASDARS) or \
                (prep and strip_article_key(f) in REMOVAL_MASDARS):
            return j
    return None


def _protest_target(ev: EventDraft, toks: list[Tok], actors: list[Actor], hi: int) -> None:
    """The target of a protest: the party protested against (after على / ضد / تنديدا بـ), else the
    party whose removal the protesters demand; an actor, else the noun phrase as a target span."""
    m = ev.match
    if not ev.target and ev.src_how == "protesters" and ev.source:
        # ورشق المتظاهرون الشرطة بالحجارة، حطم محتجون مقر الحزب: the bare actor right after the verb and its
        # subject is what the demonstrators act on
        after = max(m.tj, ev.source[0].tj)
        k = after + 1
        while k < min(hi + 1, after + 5) and toks[k].f != "من" and (
                toks[k].f in TIME_WORDS or toks[k].f in OBJECT_GAP_TIME or _plain(toks[k].f) in SEAT_NOUNS):
            k += 1      # حطموا يوم الأحد مقر الحزب: time words and a building before the object
        ev.target = [a for a in actors if k <= a.ti <= k + 1 and not a.prep and not a.conj and
                     a not in ev.source and a.etype not in PLACE_TYPES][:1]
        if not ev.target:
            # واشتبك متظاهرون مع الجيش: the party they clash with or act against
            ev.target = [a for a in actors if after < a.ti <= after + 4 and a.prep in ("مع", "ضد", "علي") and
                         a not in ev.source and a.etype not in PLACE_TYPES and
                         not any(toks[x].punct for x in range(after + 1, a.ti))][:1]
    if not ev.target:
        # احتجاجا على X، يهتفون ضد X، تنديدا بـ X: the protested party
        for k in range(m.tj + 1, min(hi, m.tj + 8) + 1):
            if toks[k].punct and toks[k].f not in ("،", ","):
                break
            w = _plain(toks[k].f)
            after_protest = k == m.tj + 1 or _plain(toks[k - 1].f) in PROTEST_ADVERBIALS
            if w in ("علي", "ضد") or (toks[k].f.startswith("ب") and k > 0 and
                                      _plain(toks[k - 1].f) in ("تنديدا", "للتنديد")):
                cand = next((a for a in actors if k <= a.ti <= k + 4 and a not in ev.source), None)
                if cand is not None:
                    ev.target = [cand]
                elif w == "ضد" or after_protest:
                    # احتجاجا على قرار الحكومة، مسيرة ضد الحرب: what is protested, named by a noun phrase
                    ev.target_text = _noun_phrase_span(toks, k + 1 if w in ("علي", "ضد") else k, hi)
                break
    if not ev.target and not ev.target_text:
        # توجه المتظاهرون إلى مقر رئيس الوزراء، تظاهروا أمام سفارة X: the party whose seat they go to (من أمام
        # مقر X is where they set out from)
        for k in range(m.tj + 1, min(hi, m.tj + 12) + 1):
            if toks[k].punct and toks[k].f not in ("،", ","):
                break
            if toks[k].f == "بالقرب" and k + 1 <= hi and toks[k + 1].f == "من":
                k += 1      # بالقرب من مبنى X
            elif not (_plain(toks[k].f) in ("الي", "امام", "نحو", "قرب") and toks[k - 1].f != "من"):
                continue
            if k + 1 <= hi and strip_article_key(_plain(toks[k + 1].f)) in SEAT_NOUNS:
                ev.target = [a for a in actors if k + 2 <= a.ti <= k + 3 and a not in ev.source and
                             a.etype not in PLACE_TYPES][:1]
                break
    if not ev.target and not ev.target_text:
        # مطالبين برحيل الحكومة، هتافات تطالب بـ«استقالة الوزير»: the party whose removal the protesters demand
        for k in range(m.tj + 1, hi):
            if _plain(toks[k].f) not in DEMAND_WORDS:
                continue
            removal = _removal_at(toks, k + 1, hi)
            if removal is not None:
                cand = next((a for a in actors if removal < a.ti <= removal + 3 and a not in ev.source), None)
                if cand is not None:
                    ev.target = [cand]
                else:
                    ev.target_text = _noun_phrase_span(toks, removal + 1, hi)
                break
    if not ev.target and not ev.target_text:
        # ورددوا شعارات معادية للرئيس، هتافات تدين سلطات استونيا: the party the chants are hostile to
        for k in range(m.tj + 1, len(toks)):
            if toks[k].f in (".", "؛", ";", "!", "?", "؟"):
                break
            if _plain(toks[k].f) in HOSTILE_WORDS:
                cand = next((a for a in actors if k < a.ti <= k + 3 and a not in ev.source), None)
                if cand is not None:
                    ev.target = [cand]
                break


def _suffered(toks: list[Tok], actor: Actor, m: Match) -> bool:
    """Whether a casualty verb stands between an actor and the attack noun after it (``الجنود قتلوا في
    كمين``, ``أصيب الوزير في تفجير``: the verb right before the actor)."""
    k = actor.ti - 1
    while k > 0 and k >= actor.ti - 4 and (toks[k].f.isdigit() or toks[k].f in NUMBER_WORDS or
                                           toks[k].f in ("اكثر", "اقل", "من")):
        k -= 1     # أصيب 14 شخصا، قتل أكثر من 30 شخصا
    if k >= 0 and _in(toks[k].f, CASUALTY_VERBS):
        return True
    return any(_in(toks[k].f, CASUALTY_VERBS) for k in range(actor.tj + 1, m.ti))


def _apposition_before(toks: list[Tok], i: int) -> int | None:
    """The index of the comma that opens an apposition ending right before token ``i`` (``، بينهم طفلان،``),
    or None."""
    if i < 3 or toks[i - 1].f not in ("،", ","):
        return None
    for k in range(i - 2, max(0, i - 9), -1):
        if toks[k].f in ("،", ","):
            return k if toks[k + 1].f in APPOSITION_OPENERS else None
        if toks[k].punct:
            return None
    return None


def _counted_subject_span(toks: list[Tok], i: int, lo: int) -> tuple[int, int] | None:
    """The unnamed subject right before a passive verb at ``i``, as a character span: a counted noun
    (``20 مدنيا قتلوا``, ``ثلاثة أشخاص على الأقل قتلوا``) or an accusative noun after ``إن`` / ``أن``
    (``إن مقاتلا قتل``); ``قد`` and ``على الأقل`` may stand between it and the verb."""
    k = i - 1
    opener = _apposition_before(toks, i)
    if opener is not None:
        return _counted_subject_span(toks, opener, 0)   # ثمانية أشخاص، بينهم طفلان، قتلوا
    if k >= lo + 1 and toks[k].f == "الاقل" and toks[k - 1].f == "علي":
        k -= 2
    if k >= lo and toks[k].f in ("قد", "وقد"):
        k -= 1
    if k <= lo or toks[k].punct or toks[k].f in PREPOSITIONS or len(toks[k].f) < 3:
        return None
    prev = toks[k - 1].f
    if prev.isdigit() or prev in NUMBER_WORDS:
        return toks[k - 1].start, toks[k].end
    if prev in COMPLEMENTIZERS and toks[k].f.endswith("ا") and not toks[k].f.startswith("ال"):
        return toks[k].start, toks[k].end
    return None


def _support_verb_before(toks: list[Tok], m: Match, lo: int) -> bool:
    """Whether a support or light verb stands shortly before an event noun (نظموا مسيرة، خرجوا في مظاهرة)."""
    for k in range(m.ti - 1, max(lo, m.ti - 6) - 1, -1):
        if toks[k].punct:
            return False
        if _in(toks[k].f, SUPPORT_VERBS) or _in(toks[k].f, LIGHT_VERBS):
            return True
    return False


def _subject_after(toks: list[Tok], actors: list[Actor], m: Match, hi: int, used: set[int]) -> Actor | None:
    """The bare actor right after a verb (VSO), with only time words, counts and quantities between."""
    src = _actor_after(actors, m.tj, 3, hi, used, None, no_prep=True)
    if src is None:
        # تظاهر أمس عشرات من أعضاء X: a quantity with من may push the subject further (a number does not:
        # قتل أكثر من 20 شخصا keeps its counted victims as one span)
        src = _actor_after(actors, m.tj, 5, hi, used, None, no_prep=True)
        if src is not None and any(toks[k].f.isdigit() or (toks[k].f in NUMBER_WORDS and toks[k].f not in QUANT_WORDS)
                                   for k in range(m.tj + 1, src.ti)):
            src = None
    if src is not None and any(toks[k].f not in TIME_WORDS and toks[k].f not in SUBJECT_GAP_WORDS and
                               not toks[k].f.isdigit() for k in range(m.tj + 1, src.ti)):
        return None   # the subject follows the verb directly (وزار مقر X: X is not the subject)
    return src


def _support_verb_actors(toks: list[Tok], actors: list[Actor], m: Match, lo: int, hi: int,
                         src: Actor | None, tgt: Actor | None) -> tuple[Actor | None, Actor | None]:
    """Actors of an event noun carried by a support verb.

    * before the noun (``شنت القوات هجوما``, ``قام متظاهرون بالاحتجاج``, ``نفذ التحالف ضربات``): the
      verb's subject (after it, VSO; else the bare actor just before it) is the source;
      ``تعرض X لـ``: the subject is the target;
    * after the noun with a pronoun for it (``الهجوم نفذه انتحاري``, ``وتبنته حركة طالبان``): the
      actor after the verb is the source."""
    for k in range(m.ti - 1, max(lo, m.ti - 6) - 1, -1):
        w = toks[k].f
        if toks[k].punct:
            break
        suffer = _in(w, SUFFER_VERBS)
        if not (suffer or _in(w, LIGHT_VERBS) or _in(w, SUPPORT_VERBS)):
            continue
        between = [a for a in actors if k < a.ti and a.tj < m.ti and not a.prep and not a.conj]
        # a title noun and the name after it (الوزير سامي الكردي) are one actor: prefer the name
        subj = next((a for a in between if a.entity_id is not None), between[0] if between else None)
        if subj is None:
            subj = next((a for a in reversed(actors) if a.tj < k and a.tj >= k - 3 and not a.prep), None)
        if subj is not None:
            if suffer:
                return None, subj
            return subj, (tgt if tgt is not subj else None)
        break
    if tgt is None and m.reading is not None and (m.reading.prep == "ل" or (
            m.ti > 0 and toks[m.ti - 1].f in ("لمحاوله", "لمحاولات", "لعمليه"))):
        # تعرضت الوزيرة، فلانة، حرم فلان، لمحاولة اغتيال: the subject of a suffer verb across an apposition
        # (a name in it wins over the title before it) is the target
        for k in range(m.ti - 1, max(-1, m.ti - 24), -1):
            if toks[k].f in (".", "؛", ";", ":", "!", "?", "؟") or _in(toks[k].f, REPORT_CUES):
                break
            if _in(toks[k].f, SUFFER_VERBS):
                inner = [a for a in actors if k < a.ti < m.ti and not a.prep and not a.conj and
                         a.etype not in PLACE_TYPES]
                named = [a for a in inner if a.etype == "PER"]
                if named or inner:
                    return (src if src is not None and src not in inner else None), (named or inner)[0]
                break
    light = _light_verb_at(toks, m)
    if light is not None and src is None:
        # قام عشرة جنود، من قوة X، باغتصابها: the light verb's subject, across a phrase set off by commas
        subj = next((a for a in actors if light < a.ti < m.ti and not a.prep and not a.conj and
                     a.etype not in PLACE_TYPES), None)
        if subj is not None:
            return subj, (tgt if tgt is not subj else None)
    for k in range(m.tj + 1, min(hi, m.tj + 12) + 1):
        if toks[k].punct and toks[k].f not in ("،", ","):
            break
        if _in(toks[k].f, RESUMPTIVE_SUPPORT):
            agent = next((a for a in actors if k < a.ti <= k + 3 and not a.prep), None)
            if agent is not None:
                return agent, (tgt if tgt is not agent else None)
            break
    return src, tgt


def _modifies_noun(toks: list[Tok], actors: list[Actor], a: Actor) -> bool:
    """A one-word indefinite nisba mention (ADJ: تركية) right after an indefinite accusative noun that is
    no actor (حملوا أعلاما تركية): an adjective of an object, not a subject (قوة إسرائيلية اقتحمت is one)."""
    if a.form != "ADJ" or a.ti != a.tj or a.ti == 0 or a.prep or a.conj or toks[a.ti].f.startswith("ال"):
        return False
    k = a.ti - 1
    w = toks[k].f
    if toks[k].punct or len(w) < 4 or w in PREPOSITIONS or any(b.ti <= k <= b.tj for b in actors):
        return False
    return w.endswith("ا") and not w.startswith("ال") and not w.endswith(("يا", "وا"))


def _plain_adjective(toks: list[Tok], actors: list[Actor], head: int, k: int) -> bool:
    """Token ``k`` is an adjective of the noun at ``head`` that names no actor: a nisba-like word (ـي، ـية،
    ـيين) with the head's definiteness (الضربات الجوية، ضربة جوية، العملية العسكرية)."""
    if k >= len(toks) or toks[k].punct or any(a.ti <= k <= a.tj for a in actors):
        return False
    w, h = _plain(toks[k].f), _plain(toks[head].f)
    definite = h.startswith(("ال", "بال", "لل"))
    if w.startswith("ال") != definite:
        return False
    return len(w) >= (6 if definite else 4) and w.endswith(("ي", "يه", "يا", "يين", "يون"))


def _possessor_of_members(toks: list[Tok], actors: list[Actor], ev: EventDraft) -> Actor | None:
    """Victims named as members of a group by a pronoun (أعلن الجيش مقتل أحد جنوده، خطف اثنين من عناصرها):
    the group is the target: the nearest bare actor before the trigger (the subject that announces it)."""
    m = ev.match
    if ev.target_text is not None:
        k0, k1 = _tok_index(toks, ev.target_text[0]), _tok_index(toks, ev.target_text[1] - 1)
    elif len(ev.target) == 1 and ev.target[0].entity_id is None:
        k0, k1 = ev.target[0].ti, min(ev.target[0].tj + 2, len(toks) - 1)
    else:
        return None
    owned = False
    for k in range(k0, min(k1 + 2, len(toks))):     # (أحد جنوده: the span may stop before the member noun)
        w = _plain(toks[k].f)
        for stem in MEMBER_STEMS:
            if w.startswith(stem) and w[len(stem):] in ("ه", "ها", "هم"):
                owned = True
    if not owned:
        return None
    return next((a for a in reversed(actors) if a.tj < m.ti and a.ti >= m.ti - 6 and not a.prep and not a.conj and
                 a.etype not in PLACE_TYPES and all(a is not b for b in ev.source)), None)


def _group_of_victims(toks: list[Tok], actors: list[Actor], ev: EventDraft) -> Actor | None:
    """Unnamed victims followed by the organisation they belong to (قتلت 11 مسلحا من تنظيم القاعدة، خطف
    ثلاثة عناصر من حركة X): the organisation is the target."""
    if ev.target_text is not None:
        end = _tok_index(toks, ev.target_text[1] - 1)
    elif len(ev.target) == 1 and ev.target[0].entity_id is None:
        end = ev.target[0].tj
    else:
        return None
    return next((a for a in actors if a.ti == end + 2 and toks[end + 1].f in ("من", "في") and
                 a.entity_id is not None and a.etype == "ORG" and all(a is not b for b in ev.source)), None)


def _assign_actors(ev: EventDraft, toks: list[Tok], actors: list[Actor], lo: int, hi: int) -> None:
    m = ev.match
    entry = m.entry
    flags = set(entry.get("flags") or [])
    # a verb form carrying a preposition (لضرب, بقتل) or governed by one (من دحر) is a masdar
    is_verb = _is_verb_match(toks, m)
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
        if before is not None and any(toks[k].f in COMPLEMENTIZERS for k in range(before.tj + 1, m.ti)):
            before = None   # قال المسؤول إن مقاتلا قتل: the speaker before إن is not the verb's subject
        if before is not None and _modifies_noun(toks, actors, before):
            before = None   # وحمل المتظاهرون أعلاما تركية وتجمعوا: a nisba describing a noun is no subject
        if before is None and m.ti >= 2 and toks[m.ti - 1].f in ("،", ","):
            # "الكاظمي، التقى": a subject set off by a comma
            before = next((a for a in actors if a.tj == m.ti - 2 and not a.prep and not a.conj), None)
        inside = next((a for a in actors if m.ti < a.ti and a.tj < m.tj and not a.prep), None)
        if inside is not None and _plain(toks[m.ti].f).endswith("وا") and tgt is None:
            # رشقوا قوى الأمن بالحجارة: the verb carries its plural subject, the actor inside is its object
            tgt, inside = inside, None
            used.add(id(tgt))
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
        elif before is not None and before.tj >= m.ti - 2 and not (
                ev.type == "PROTEST" and _subject_after(toks, actors, m, hi, used) is not None):
            src = before
            ev.src_how = "svo"
        else:
            # (a protest verb is intransitive: the bare actor after it is its subject even when a mention
            # stands before it: وفي ظل تدابير اتخذها الجيش، احتشد المتظاهرون)
            src = _subject_after(toks, actors, m, hi, used)
            ev.src_how = "vso" if src is not None else ("before" if before is not None else "")
            src = src or before
        if ev.src_how == "svo" and src is not None and ev.type in ("ASSAULT", "COERCE") and m.reading is not None \
                and m.reading.suffix in ("ه", "ها", "هم", "هما"):
            # "وكانت بريم ومترجمتها قد خطفهما مسلحون": an object pronoun on the verb points back to the
            # mention before it; the actor right after the verb is the subject
            after = next((a for a in actors if a.ti == m.tj + 1 and not a.prep and not a.conj and
                          a.etype not in PLACE_TYPES), None)
            if after is not None:
                tgt, src, ev.src_how = src, after, "vso"
                used.add(id(tgt))
        victim = None
        if ev.src_how == "before" and src is not None and ev.type == "ASSAULT" and _suffered(toks, src, m):
            # أصيب 37 شخصا حين انفجرت قنبلة: the casualties before the verb are its victims, not its subject
            victim, src, ev.src_how = src, None, "passive"
            used.add(id(victim))
        elif ev.src_how in ("svo", "before") and src is not None and src.tj >= m.ti - 4 and ev.type == "ASSAULT" \
                and _passive_reading(toks, m, hi):
            # "ثلاثة جنود قتلوا في هجوم": an attack verb with no object after its subject is a passive
            victim, src, ev.src_how = src, None, "passive"
            used.add(id(victim))
        agent = _actor_after(actors, m.tj, 8, hi, {id(src)} if src is not None else used, {"من قبل"})
        if agent is not None and ev.type not in VERBAL_TYPES and ev.src_how != "svo":
            # an unvocalised passive with its agent (قتل الجنديان برصاص قناص، خطف على يد مسلحين): the agent
            # is the source, the noun after the verb the target
            # (a subject before the verb is its patient too: عبد الله خطف من منزله على يد مسلحين)
            tgt = src if src is not None and (src.ti > m.tj or ev.src_how == "before") else None
            src = agent
            ev.src_how = "agent"
            ev.source_fixed = True
            used.add(id(src))
            if tgt is not None:
                used.add(id(tgt))
        if victim is not None:
            tgt = victim
        if src is not None:
            used.add(id(src))
        start = src.tj if src is not None and src.ti > m.tj and ev.src_how != "agent" else m.tj
        if tgt is None:
            tgt = _target_after(toks, actors, start, hi, used,
                                allow_from=ev.type in ("REQUEST", "RETREAT", "CONCEDE"))
    else:
        # masdar / noun phrase
        # (a count between them: مقتل جنديين على أيدي متمردين)
        agentive = _actor_after(actors, m.tj, 6, hi, used, {"من قبل"})
        if agentive is None and ev.type == "ASSAULT" and _plain(m.reading.stem if m.reading else toks[m.ti].f) \
                in ATTACK_NOUNS:
            # هجوم انتحاري لمتمردي الحزب على مركز، غارة للتحالف: لـ right after an attack noun (and its
            # adjectives) names the attacker (not in ضربات على مواقع لتنظيم X: the positions' owner)
            lam = _actor_after(actors, m.tj, 3, hi, used, {"ل", "لل"})
            if lam is not None and all(_is_event_adjective(toks, actors, m.tj, x) for x in range(m.tj + 1, lam.ti)):
                agentive = lam
        if agentive is None and ev.type == "REQUEST":
            agentive = _actor_after(actors, m.tj, 2, hi, used, {"من"})  # بدعوة من الحكومة
            if agentive is not None:
                # "التحالف موجود بدعوة من الحكومة": the one invited stands before the trigger
                tgt = _actor_before(actors, m.ti, 6, lo, used | {id(agentive)})
        adj = None
        for a in actors:
            # (a nisba right after a casualty noun is the person killed: مقتل فلسطيني برصاص الاحتلال)
            if a.ti == m.tj + 1 and a.form == "ADJ" and not a.prep and \
                    _plain(toks[m.ti].f) not in CASUALTY_HEADS | {"بمقتل", "قتل"}:
                adj = a
                break
        if adj is None and _plain_adjective(toks, actors, m.tj, m.tj + 1):
            # الضربات الجوية الأميركية، هجوم انتحاري إسرائيلي: the nisba after a first adjective is the agent
            adj = next((a for a in actors if a.ti == m.tj + 2 and a.form == "ADJ" and not a.prep), None)
        subject_genitive = ev.type in ("RETREAT", "CONCEDE", "PROTEST") or (mutual and ev.type != "ASSAULT")
        if subject_genitive and agentive is None and adj is None and not (m.reading is not None and m.reading.suffix):
            # the genitive of an intransitive or two-sided act is who does it (انسحاب قوات التحالف، سحب
            # القوات الأمريكية، مشاورات المبعوث، احتجاج النقابات); من X is the place left
            gen = next((a for a in actors if m.tj < a.ti <= m.tj + 1 and not a.prep and not a.conj
                        and a.etype != "LOC"), None)
            if gen is not None:
                agentive = gen
                used.add(id(gen))
                tgt = _target_after(toks, actors, gen.tj, hi, used, limit=4, allow_from=True)
        if "gen_target" in flags:
            gen = None
            for a in actors:
                if m.tj < a.ti <= m.tj + 2 and not a.prep and a is not adj:
                    gen = a
                    break
            # (the victim stands before an agent named after it: مقتل جنديين على أيدي متمردين أكراد)
            thi = agentive.ti - 1 if agentive is not None and agentive.ti > m.tj else hi
            if gen is None and not (m.reading is not None and m.reading.suffix):
                gen = _target_after(toks, actors, m.tj, thi, used | ({id(adj)} if adj else set()), limit=6)
            aimed_at = next((a for a in actors if gen is not None and gen.tj < a.ti <= gen.tj + 8 and
                             a.prep in ("علي", "ضد") and a not in (adj,)), None) \
                if agentive is None and gen is not None and not gen.prep else None
            if aimed_at is not None and not any(toks[x].f in CLAUSE_PUNCT for x in range(gen.tj + 1, aimed_at.ti)):
                # اعتداء المستوطنين على القرية، هجوم داعش على الموصل: with the target after على, the genitive
                # is the attacker
                agentive, gen = gen, aimed_at
                used.add(id(agentive))
            tgt = gen
            if tgt is not None:
                used.add(id(tgt))
            src = agentive or adj
            if src is None:
                src = _actor_before(actors, m.ti, 8, lo, used)
                if src is not None and _suffered(toks, src, m) and ev.type == "ASSAULT":
                    # الجنود قتلوا في كمين، أصيب الوزير في تفجير: the subject of a casualty verb is the victim
                    src, tgt = None, tgt or src
        else:
            src = agentive or adj
            if src is None:
                src = _actor_before(actors, m.ti, 8, lo, used)
                if src is not None and ev.type == "ASSAULT" and tgt is None and _suffered(toks, src, m):
                    # الجنود قتلوا في كمين، أصيب الوزير في تفجير: the subject of a casualty verb is the victim
                    src, tgt = None, src
                    used.add(id(tgt))
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
    if not is_verb and ev.type == "PROTEST" and tgt is not None and tgt.ti == m.tj + 1 and not tgt.prep and \
            not tgt.conj:
        src, tgt, ev.src_how = tgt, None, "genitive"   # مظاهرات العمال: the genitive of a protest noun protests
    if not is_verb and ev.type not in VERBAL_TYPES and not (agentive is not None and src is agentive):
        before_support = src
        src, tgt = _support_verb_actors(toks, actors, m, lo, hi, src, tgt)
        if src is not before_support or _support_verb_before(toks, m, lo):
            ev.src_how = "support"
    if ev.type == "ASSAULT" and tgt is None and m.reading is not None and m.reading.suffix in ("ه", "ها", "هم", "هما") \
            and ("gen_target" in flags or m.pos == "verb") and m.reading.prep != "ب":
        # محاولة لاغتياله، تم خطفهما: the pronoun on an attack act is its victim, named before it (a person
        # or group rather than a place); not after a light verb (قام الجنود بخطفه: the actor before is the agent)
        before = [a for a in actors if a.tj < m.ti and a.ti >= m.ti - 15 and a is not src and not a.prep]
        tgt = next((a for a in reversed(before) if a.etype not in PLACE_TYPES), before[-1] if before else None)
    elif src is None and not is_verb and m.reading is not None and m.reading.suffix in ("ه", "ها", "هم") and \
            ("gen_target" not in flags or (m.tj + 1 < len(toks) and _plain(toks[m.tj + 1].f) in ("علي", "ضد"))):
        # خلال استقباله: the possessor is the subject of the sentence, across commas (but the pronoun on
        # اغتياله / تحريرها is the object, not the agent, unless the target follows: هجومها على X)
        src = _actor_before(actors, m.ti, 14, 0, used | ({id(tgt)} if tgt is not None else set()))
        ev.src_how = "possessor"
    if src is not None and ev.type not in VERBAL_TYPES and src.ti > 0 and toks[src.ti - 1].f in REPORT_CUES and \
            ev.src_how not in ("possessor", "support"):
        # أعلنت الشرطة مقتل ...: the reporter is not the agent (but شدد الرئيس خلال استقباله / خلال ترؤسه
        # اجتماعا: the possessor of the act or of its support verb is)
        src = None
    if is_verb and src is not None and src.ti > m.tj and ev.type in ("ASSAULT", "COERCE") and ev.src_how == "vso" and (
            # (civilians after a verb that reads as a passive: اقتحمت جماهير الفريق الملعب keeps its subject)
            (src.agent_code == "CVL" and tgt is None and
             m.entry.get("lemma") in PASSIVE_READABLE_LEMMAS | ARREST_LEMMAS) or
            # اعتقل جنيد خان الأسبوع الماضي، قتل الرئيس: a named person after an arrest or killing verb with no
            # object of its own is the one arrested or killed (people are rarely the agents of such reports)
            (m.entry.get("lemma") in PASSIVE_READABLE_LEMMAS | ARREST_LEMMAS and src.etype == "PER" and
             tgt is None and ev.type == ("COERCE" if m.entry.get("lemma") in ARREST_LEMMAS else "ASSAULT")) or
            (m.entry.get("lemma") in PASSIVE_READABLE_LEMMAS and src.ti > 0 and
             (toks[src.ti - 1].f.isdigit() or toks[src.ti - 1].f in NUMBER_WORDS or src.agent_code == "CVL"))):
        # قتل 18 شخصا، خطف ثلاثة أجانب: an unvocalised passive, the people (counted) after the verb are the
        # victims
        src, tgt = None, src
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
    if mutual and (ev.type == "ASSAULT" or not is_verb) and ev.target and ev.target[0].prep == "مع":
        # two-sided fighting (الحرب مع داعش), a meeting noun (الحوار الذي أجراه مع نظيره): both sides
        # are the source
        ev.source, ev.target = ev.source + ev.target, []
    if ev.type == "PROTEST":
        _protest_target(ev, toks, actors, hi)
    if not ev.target and ev.type == "ASSAULT":
        victim = _casualty_victim(toks, actors, m.tj, hi, ev.source)
        if victim is not None:
            ev.target = [victim]
    after_source = ev.source[0].tj + 1 if ev.source and ev.source[0].ti > m.tj else m.tj + 1
    if not ev.target and ev.type in ("ASSAULT", "COERCE") and ("gen_target" in flags or m.pos == "verb" or (
            "vphrase" in flags and m.tj + 1 <= hi and toks[m.tj + 1].f in ("علي", "ضد")) or (
            # (صاروخ أطلقته قوات النظام على حي شعبي: a weapon fired at something)
            after_source <= hi and toks[after_source].f in ("علي", "ضد"))):
        # no named or generic victim: keep the word right after the trigger (or its subject) as the
        # target span, without an entity id
        k = (ev.source[0].tj if ev.source and ev.source[0].ti > m.tj and ev.src_how != "agent" and
             ev.source[0].prep != "من قبل" else m.tj) + 1
        while not is_verb and k <= hi and k == m.tj + 1 and _is_event_adjective(toks, actors, m.tj, k):
            k += 1      # هجوم مماثل استهدف حافلتهم، القصف المكثف: an adjective of the noun is no target
        while not is_verb and k <= hi and k <= m.tj + 2 and (
                _is_trigger_verb(toks[k]) or _in(toks[k].f, SUPPORT_VERBS) or toks[k].f in ("تم", "وتم") or
                _in(toks[k].f, RESUMPTIVE_SUPPORT)):
            # الهجوم استهدف أيضا سفينة، هجوما تم شنه على أتباع منظمة: the noun is the verb's subject; the
            # verb's object (or what it was aimed at) is the target
            k += 1
        aimed = False
        if is_verb and not (ev.source and ev.source[0].ti > m.tj) and _passive_reading(toks, m, hi):
            # "20 مدنيا قتلوا أمس": a passive has no object; its victims are the counted noun before it
            ev.target_text = _counted_subject_span(toks, m.ti, lo)
        else:
            ev.target_text = _object_span(toks, k, hi, ev.source)
            if ev.target_text is None and ev.type == "ASSAULT" and k <= hi and toks[k].f in ("علي", "ضد"):
                # أطلقوا النار على المقر، فتحوا النار ضد الحشد: what the attack is aimed at (a vehicle fired
                # on is a target, not the weapon)
                ev.target_text = _object_span(toks, k + 1, hi, ev.source)
                aimed = ev.target_text is not None
        first = _tok_index(toks, ev.target_text[0]) if ev.target_text is not None else None
        if ev.type == "ASSAULT" and first is not None and _is_weapon(toks[first].f) and not aimed:
            # انفجرت قنبلة، انفجار سيارة مفخخة: the weapon is no target; the casualties the sentence names are
            ev.target_text = _casualty_span(toks, hi)
        elif ev.type == "ASSAULT" and ev.target_text is None and not is_verb:
            # أسفر الهجوم الذي وقع في البلدة عن إصابة 45 شخصا: an attack noun with nothing after it struck
            # the casualties the sentence counts
            ev.target_text = _casualty_span(toks, hi)
    if is_verb and m.ti > 0 and toks[m.ti - 1].f in ("حيث", "وحيث") and ev.src_how in ("vso", "", "before"):
        # "وصل المبعوث X إلى دمشق حيث التقى الوزير Y": the verb after حيث goes on with the sentence's subject;
        # the actor after it is its object
        opener = next((a for a in actors if a.ti <= 3 and not a.prep and a.etype not in PLACE_TYPES and
                       a.tj < m.ti), None)
        if opener is not None:
            if not ev.target and ev.source and ev.source[0] is not opener and ev.source[0].ti > m.tj:
                ev.target = ev.source
            ev.source = [opener]
    if not ev.source and not is_verb:
        # "الحكومة التي تسعى إلى جدولة انسحاب ...": an action noun inside a relative clause is done by
        # the clause's antecedent
        antecedent = _relative_antecedent(toks, actors, m.ti)
        if antecedent is not None and all(antecedent is not a for a in ev.target):
            ev.source = [antecedent]
            ev.source_fixed = True
    if not ev.source and is_verb and not _passive_reading(toks, m, hi):
        kana = _kana_subject(toks, actors, m, lo)   # وكانت فرقة من قوات X قد قتلت أربعة: قتلت has an object
        if kana is not None and all(kana is not a for a in ev.target):
            ev.source = [kana]
    elif is_verb and ev.source and ev.source[0].entity_id is None and ev.src_how in ("svo", "before"):
        # وكانت «كتائب X»، الجناح العسكري لحركة Y، قد أطلقت: the named subject of كان, not its apposition
        kana = _kana_subject(toks, actors, m, _strong_break_before(toks, m.ti), reach=16)
        if kana is not None and kana.entity_id is not None and all(kana is not a for a in ev.target):
            ev.source = [kana]
    if not ev.source and m.ti > 0 and (toks[m.ti - 1].f in ("كما", "ثم") or
                                       (is_verb and m.reading is not None and m.reading.conj == "و")):
        # "إن التحالف الدولي، يعمل بأماكن أقل ... كما حول ملكية القواعد": a verb coordinated to an
        # earlier one shares its subject, the topic set up after إن / أن
        topic = _topic_subject(toks, actors, m.ti)
        if topic is not None and all(topic is not a for a in ev.target):
            ev.source = [topic]
    if ev.type == "ASSAULT":
        owner = _possessor_of_members(toks, actors, ev) or _group_of_victims(toks, actors, ev)
        if owner is not None:
            ev.target, ev.target_text = [owner], None
    if ev.type in MATERIAL_TYPES and any(_is_town(a) for a in ev.source):
        # تحريرها، هجمات ... الفلوجة: a town or city does not fight (a capital standing for its government is
        # linked to the state's id already)
        ev.source = [a for a in ev.source if not _is_town(a)]
    if len(ev.source) == 1 and ev.target and ev.source[0].ti > m.tj and ev.target[0].conj and \
            not ev.target[0].prep and ev.target[0].ti == ev.source[0].tj + 1 and ev.type != "CONSULT":
        # "قصف مدفعية القوات السعودية وطيران التحالف": an actor joined by و to a source after the trigger
        # is a second source, not the target
        ev.source = ev.source + ev.target[:1]
        ev.target = ev.target[1:]
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


def _perfect_after(toks: list[Tok], before: list[Tok], m: Match) -> bool:
    """Whether the word right after the last قد of ``before`` (the window ending at the trigger) is a
    perfect verb: no imperfect prefix (ي، ن، ت unless ending in the perfect plural ـوا or تم)."""
    k = max(i for i, t in enumerate(before) if t.f in QAD_FORMS)
    nxt = before[k + 1] if k + 1 < len(before) else toks[m.ti]
    w = nxt.f
    if nxt.punct or len(w) < 3:
        return False
    if w in ("تم", "تمت"):
        return True
    return w[:1] not in ("ي", "ن", "ت", "س") or (w[:1] == "ت" and w.endswith("وا"))


def _modality(toks: list[Tok], m: Match, lo: int, ev_type: str) -> str:
    r = m.reading
    if r is not None and r.future:
        return "intended"
    before = _window_before(toks, m.ti, lo, 4)
    words = [t.f for t in before]
    joined = " ".join(words)
    if m.pos == "verb" and m.ti > lo and words and words[-1] in SUBJUNCTIVE and \
            toks[m.ti].f.lstrip("وف")[:1] in ("ي", "ت", "ن") and not (r is not None and r.prep):
        # أن + imperfect (subjunctive), إذا / لو + verb: a possible or wanted act, not a report
        return "intended" if words[-1] in ("كي", "لكي", "حتي", "لن", "ولن") else "hypothetical"
    if len(words) >= 2 and words[-2] in SUBJUNCTIVE and words[-1] in ("يتم", "تتم", "يجري", "تجري"):
        return "hypothetical"   # أن يتم قصفها
    crossed_prep = False
    for w in reversed(words):
        if w in DEMAND_MARKERS or w.lstrip("وف") in DEMAND_MARKERS:
            return "demanded"
        if w in HYPO_MARKERS and not (w in QAD_FORMS and _perfect_after(toks, before, m)):
            return "hypothetical"
        if w in INTENT_MARKERS or w in ("لن", "ولن"):
            return "intended"
        if len(w) > 3 and w[0] == "س" and w[1] in "يتن" and readings(w) and any(rr.future for rr in readings(w)):
            if crossed_prep and w.lstrip("س")[1:] not in ("ظل", "بقي", "كون", "ستمر", "واصل", "عمل"):
                # الملفات التي ستطرح في الحوار: the future verb has its own object, the trigger an adjunct
                # (a copula or verb of continuing takes the phrase as its predicate: سنظل على تشاور)
                break
            return "intended"
        if w in PREPOSITIONS:
            crossed_prep = True
    if "لا بد" in joined:
        return "demanded"
    if ev_type == "RETREAT" and m.pos != "verb" and r is not None and r.prep == "ل":
        return "intended"   # آليات لانسحاب القوات، جهود لإطلاق سراح: a withdrawal aimed at, not done
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


def _sentence_features(toks: list[Tok]) -> tuple:
    """Sentence-level cues, computed once per sentence: casualty words, time words, background cues,
    the index of the first condemnation verb (or a large number), a crowd of protesters."""
    folded = [t.f for t in toks]
    words = {f[1:] if f[:1] in ("و", "ف") and len(f) > 3 else f for f in folded}
    background = bool(words & BACKGROUND_WORDS) or any(
        len(f) == 4 and f[:2] in ("19", "20") and f.isdigit() for f in folded)
    condemn = len(toks)
    if not words.isdisjoint(CONDEMN_VERBS) or not CONDEMN_VERBS.isdisjoint(folded):
        condemn = next((i for i, f in enumerate(folded) if _in(f, CONDEMN_VERBS)), len(toks))
    crowd = bool(words & CROWD_WORDS) and any(w.startswith(PROTESTER_STEMS) for w in words)
    counted = any((f.isdigit() and len(f) < 4) or f in NUMBER_WORDS for f in folded)
    return bool(words & CASUALTY_WORDS), bool(words & TIME_WORDS), background, condemn, crowd, counted


def _plain(w: str) -> str:
    """A folded word without a conjunction written onto it (a word of a closed list keeps a و / ف that
    belongs to its root: ``وقعت``, ``فككت`` are looked up as they are first, see :func:`_in`)."""
    return w[1:] if w[:1] in ("و", "ف") and len(w) > 3 else w


def _in(w: str, words: set[str] | frozenset[str]) -> bool:
    """A folded word, or the word without a conjunction written onto it, is one of ``words``."""
    return w in words or (w[:1] in ("و", "ف") and len(w) > 3 and w[1:] in words)


def _anonymity_formula(toks: list[Tok], m: Match) -> bool:
    """A request or refusal whose object is a source's name (طالبا عدم كشف اسمه، رفض الكشف عن هويته)."""
    return any(toks[k].f in ANONYMITY_WORDS for k in range(m.tj + 1, min(len(toks), m.tj + 6)))


def not_an_event(ev_type: str, toks: list[Tok], m: Match) -> bool:
    """General lexical reasons why a matched word reports no event: ``أي`` before an event noun (any
    such act), a threat noun after ``يشكل`` / ``تمثل`` (a danger described, not a threat made); for
    attacks, a figurative object (``فجر قضية``), a natural force as its subject (``زلزال ضرب``), a
    weapon that was found or defused (``فككت قوات الأمن سيارة مفخخة``)."""
    prev = toks[m.ti - 1].f if m.ti > 0 else ""
    if prev in ("اي", "واي", "لاي", "باي"):
        return True     # وأي تحرك لطائرة، أي هجوم: any such act, not one that happened (after أي a verb-
        #                 looking word such as تحرك is the noun)
    if m.pos != "verb" and any(toks[k].f in REFERENCE_GOVERNORS for k in range(max(0, m.ti - 2), m.ti)):
        return True     # وفق اتفاقية الإطار، بموجب الاتفاق: an agreement cited as the basis, not one reached
    if _names_no_act(toks, m) or _in_chant(toks, m.ti):
        return True
    if _other_sense(toks, m):
        return True
    if ev_type in ("REQUEST", "REJECT") and _anonymity_formula(toks, m):
        return True     # طالبا عدم الكشف عن اسمه، رفض ذكر اسمه: a source's anonymity, not a demand
    if ev_type == "THREATEN" and m.pos != "verb" and any(
            _in(t.f, POSE_VERBS) for t in toks[max(0, m.ti - 2):m.ti]):
        return True     # تمثل تهديدا للسلم، يشكل خطرا: a description of a danger, not a threat made
    if ev_type != "ASSAULT":
        return False
    if m.pos == "verb" or (m.reading is not None and not m.reading.prep and m.pos != "phrase"):
        nxt = [t.f for t in toks[m.tj + 1:m.tj + 4] if not t.punct]
        if nxt and (nxt[0] in FIGURATIVE_OBJECTS or (len(nxt) > 1 and nxt[1] in FIGURATIVE_OBJECTS
                                                       and nxt[0] not in PREPOSITIONS)):
            return True
    before = [t.f for t in toks[max(0, m.ti - 2):m.ti]]
    after = [t.f for t in toks[m.tj + 1:m.tj + 3]]
    if m.pos == "verb" and (any(_in(w, NATURAL_AGENTS) for w in before[-1:]) or
                            any(_in(w, NATURAL_AGENTS) for w in after[:1])):
        return True
    if m.pos != "verb" and any(_in(t.f, DEFUSE_VERBS) for t in toks[max(0, m.ti - 4):m.ti]):
        return True
    return False


def _names_no_act(toks: list[Tok], m: Match) -> bool:
    """An event word that names no act: an event noun in a unit's name (قوات مكافحة الشغب), an explosion
    verb of an abstract subject (انفجرت مظاهرات، ستنفجر الأزمة), a named war or war as a legal term (حرب
    الخليج، الحرب العالمية الثانية، مجرم حرب), ``فجرا`` (at dawn)."""
    prev = _plain(toks[m.ti - 1].f) if m.ti > 0 else ""
    lemma = m.entry.get("lemma") or ""
    w = toks[m.ti].f
    if w in ("فجرا", "وفجرا"):
        return True
    if m.pos != "verb" and m.ti > 0 and toks[m.ti - 1].f in UNIT_NOUNS and not (m.reading and m.reading.prep):
        return True
    if lemma == "انفجر" and m.pos == "verb":
        near = [t.f for t in toks[max(0, m.ti - 1):m.ti] + toks[m.tj + 1:m.tj + 4] if not t.punct]
        if any(_in(x, ABSTRACT_SUBJECTS) for x in near[:3]):
            return True
    if lemma == "حرب" and m.pos != "verb":
        nxt = [t.f for t in toks[m.tj + 1:m.tj + 3] if not t.punct]
        if (nxt and nxt[0] in WAR_NAME_WORDS) or prev in WAR_TERM_HEADS:
            return True
    return False


def _in_chant(toks: list[Tok], i: int) -> bool:
    """Whether token ``i`` stands inside quotes that give a chant or the writing on a sign (هتافات «الموت
    لـ»، لافتات كتب عليها «...»، مرددين «...»): the words are what the protesters voice, not events."""
    k = i - 1
    while k > max(-1, i - 60):
        f = toks[k].f
        if f in ("»", "”"):
            return False
        if f in ("«", "“"):
            if any(_in(toks[x].f, CHANT_CUES) for x in range(max(0, k - 3), k)):
                return True
            # «الموت لأميركا» و«أوقفوا القتل»: a quote listed after another one belongs to the same chant
            j = k - 1
            while j >= 0 and toks[j].f in ("و", "،", ","):
                j -= 1
            if j < 0 or toks[j].f not in ("»", "”"):
                return False
            k = j - 1
            while k >= 0 and toks[k].f not in ("«", "“"):
                k -= 1
            continue
        k -= 1
    return False


def _generic_fight_not_reported(ev: EventDraft, toks: list[Tok], matches: list[Match]) -> bool:
    """A generic fighting noun (محاربة, مكافحة, الحرب) that names a purpose, a domain or a topic, not a fight.

    * ``لمكافحة داعش`` (التحالف الدولي لمكافحة داعش، أنشئ لمكافحة): a purpose or a descriptor;
    * ``التنسيق / تساعد ... في مكافحة داعش``: the domain of a cooperative act, which is the event;
    * no fighter named (see :func:`_possessed_fighter` first): a topic (``محاربة داعش أبرز محاور الحوار``),
      unless demanded or otherwise not asserted (``لا بد من تحريرها``: coded, its fighter left open).
    """
    m = ev.match
    if not _is_generic_noun(m):
        return False
    if m.reading is not None and m.reading.prep == "ل" and "mutual" not in (m.entry.get("flags") or ()):
        return True     # (نتيجة للحرب مع داعش: the two-sided war is not a purpose)
    if any(o.entry["type"] in COOPERATIVE_TYPES and 0 < m.ti - o.tj <= 7 and
           not any(toks[k].f in CLAUSE_PUNCT for k in range(o.tj + 1, m.ti)) for o in matches) and \
            (m.reading is not None and m.reading.prep in ("ب", "في") or
             (m.ti > 0 and toks[m.ti - 1].f in ("في", "وفي"))):
        return True
    return not ev.source and ev.modality == "asserted"


def _is_generic_noun(m: Match) -> bool:
    return "generic" in (m.entry.get("flags") or ()) and m.pos != "verb"


def _possessed_fighter(toks: list[Tok], actors: list[Actor], m: Match) -> Actor | None:
    """``وتركيزها على محاربة``: a possessed noun just before a generic fighting noun names the fighter by a
    pronoun; the nearest actor before it is that fighter."""
    for k in range(m.ti - 1, max(0, m.ti - 3) - 1, -1):
        w = toks[k].f
        if toks[k].punct:
            break
        if len(w) > 4 and w.endswith(("ها", "هم")) and w not in PREPOSITIONS:
            holder = next((a for a in reversed(actors) if a.tj < k and a.etype not in PLACE_TYPES), None)
            if holder is not None:
                return holder
    return None


def _light_verb_masdar(toks: list[Tok], m: Match) -> bool:
    """Whether a light verb makes the masdar a reported act (see :func:`_light_verb_at`)."""
    return _light_verb_at(toks, m) is not None


def _light_verb_at(toks: list[Tok], m: Match) -> int | None:
    """``قام X بـmasdar`` (قام مسلحون مقنعون بخطف، قامت القوات، أمس، بقصف): the light verb makes the masdar
    a finite act; its subject (and a time or place phrase set off by commas) may stand between. Not in a
    relative clause (the act then describes its antecedent)."""
    # (أقدم شاب على قتل ثلاثة: "went as far as" + على + masdar is a light verb too)
    ala = m.ti > 0 and toks[m.ti - 1].f == "علي" and (m.reading is None or not m.reading.prep)
    if not ala and (m.reading is None or m.reading.prep != "ب"):
        return None
    verbs = LIGHT_ALA_VERBS if ala else LIGHT_VERBS
    for k in range(m.ti - 1, max(-1, m.ti - 14), -1):
        f = toks[k].f
        if _in(f, verbs):
            # الذين قاموا بتفجير: a description
            return None if k > 0 and toks[k - 1].f in RELATIVE_PRONOUNS else k
        if f in (".", "؛", ";", ":", "!", "?", "؟") or _in(f, REPORT_CUES) or f in RELATIVE_PRONOUNS:
            return None
    return None


def _time_ago(toks: list[Tok]) -> bool:
    """``قبل`` + a span of time (قبل عشرة أيام، قبل أسبوعين، قبل شهر): the sentence looks back."""
    for k, t in enumerate(toks[:-1]):
        if _plain(t.f) == "قبل":
            nxt = [x.f for x in toks[k + 1:k + 3]]
            if nxt[0] in TIME_UNITS or nxt[0] in ("شهر", "عام", "سنه", "اسبوع", "يوم") or (
                    len(nxt) > 1 and (nxt[0].isdigit() or nxt[0] in NUMBER_WORDS) and nxt[1] in TIME_UNITS):
                return True
    return False


def _report_score(ev: EventDraft, toks: list[Tok], feats: tuple) -> int:
    """A rough score of how clearly the sentence reports the event as one that took place.

    Features (each a general property of Arabic news prose, see the tests): a finite verb trigger
    (+2) or a fixed phrase (+1); a bare definite noun (-1: usually a reference, ``الاتفاق``); a noun
    carried by a support verb (``شن هجوما``, ``تعرض لاعتداء``, ``اندلعت اشتباكات``: +2); an agent
    introduced by ``على يد`` / ``برصاص`` (+1); a purpose or wish (``لمكافحة``, ``بهدف``: -1); a relative
    clause (-1); casualty words (+2) and time words (+1) in the sentence; background cues (-1); a
    named or generic actor (+1); negation or a non-asserted modality (-2)."""
    m = ev.match
    r = m.reading
    score = 0
    lo = max(0, m.ti - 3)
    raw_before = [t.f for t in toks[lo:m.ti] if not t.punct]
    before = [_plain(w) for w in raw_before]
    prev = toks[m.ti - 1].f if m.ti > 0 else ""
    finite = m.pos == "verb" and not (r is not None and r.prep) and not (
        _in(prev, MASDAR_GOVERNORS) or _in(prev, GENERIC_GOVERNORS) or prev in PREPOSITIONS)
    if finite or (m.pos == "phrase" and "vphrase" in (m.entry.get("flags") or ())):
        score += 2      # a finite verb or a verbal phrase (نزل المتظاهرون الى الشوارع)
    elif m.pos == "phrase":
        score += 1
    elif toks[m.ti].f.lstrip("وف").startswith(("ال", "بال", "لل")):
        score -= 1
    if not finite:
        if any(_in(w, SUPPORT_VERBS) for w in raw_before) or _light_verb_masdar(toks, m):
            score += 2      # شنت القوات هجوما / تعرض قيادي للخطف / قام مسلحون بخطف
        elif r is not None and r.prep == "ل" and not toks[m.ti].f.startswith("لل") or \
                any(w in PURPOSE_WORDS for w in before):
            score -= 1      # لمكافحة الإرهاب، بهدف تحرير: a purpose, not a report
    casualty, timed, background, condemn_at, crowd, counted = feats
    if counted and ev.type == "ASSAULT":
        score += 1          # a count (قتل 15 شخصا، خمسة صواريخ): the concrete figures of a reported attack
    if ev.type == "PROTEST":
        if crowd:
            score += 1      # آلاف المتظاهرين، عشرات المعتصمين: a crowd of protesters is reported
        if r is not None and toks[m.ti].f.endswith("ا") and not r.stem.endswith("ا") and m.pos != "verb":
            score += 1      # خرجوا ... احتجاجا على: the adverbial names the protest of the main verb
    follow = [_plain(t.f) for t in toks[m.tj + 1:m.tj + 6]]
    if any(w in AGENT_INTRODUCERS for w in follow) and ("علي" in follow or any(w.startswith("بر") or
                                                                               w.startswith("بن") for w in follow)):
        score += 1          # للخطف على أيدي مسلحين
    if "generic" in (m.entry.get("flags") or ()):
        score -= 2
    if any(w in RELATIVE_PRONOUNS for w in before):
        score -= 1   # الذي اغتالته اسرائيل، الذي شنه ... : background inside a relative clause
    elif m.pos != "verb" and m.tj + 1 < len(toks) and toks[m.tj + 1].f in ("الذي", "التي") and \
            toks[m.ti].f.lstrip("وف").startswith(("ال", "بال", "لل")):
        score -= 1   # في الهجوم الذي استهدف القطار: a definite noun with a relative clause recalls a known event
    if m.pos == "verb" and len(before) >= 2 and before[-1] in ("ان", "ما") and before[-2] in TEMPORAL_SUBORDINATORS:
        score -= 1   # بعد أن خطف متشددون ...: a temporal clause recalls an earlier event
    if not finite and any(w in GENERIC_GOVERNORS for w in before[-2:]):
        score -= 2   # خطوات من نوع خطف جندي، ضد خطف الأطفال: a kind of act, not an occurrence
    if condemn_at < m.ti:
        score -= 1   # أدان الحزب عملية الخطف: the sentence reports the reaction
    if casualty:
        score += 2
    if timed:
        score += 1
    if background:
        score -= 1
    elif _time_ago(toks):
        score -= 1   # قبل عشرة أيام، قبل أسبوعين: an event dated back in time is recalled, not reported today
    if not ev.negated and any(t.f in ("لم", "ولم") for t in toks[:m.ti]):
        score -= 1   # ولم يعلن الجانبان عن تقدم في التحقيق في الهجوم: what the sentence reports did not happen
    if any(a.entity_id or a.agent_code for a in ev.source + ev.target):
        score += 1
    if ev.negated or ev.modality != "asserted":
        score -= 2
    return score


#: An event's ``confidence`` says how clearly its sentence reports an occurrence (``report_score``):
#: ``high`` (>= 4: e.g. a finite verb with an actor and a time word, or a supported noun with
#: casualties), ``medium`` (2-3), ``low`` (<= 1: bare definite nouns, purposes, generic or background
#: mentions, negated or non-asserted acts). The layer keeps every candidate; consumers that want
#: reported events only (``rasid eval-plover`` detection, counts) keep confidence >= this default.
DEFAULT_MIN_CONFIDENCE = "high"
CONFIDENCE_RANK = {"low": 0, "medium": 1, "high": 2}


def confidence_of(score: int) -> str:
    return "high" if score >= 4 else "medium" if score >= 2 else "low"


def is_reported(span: Span, min_confidence: str = DEFAULT_MIN_CONFIDENCE) -> bool:
    """Whether an ``events`` span reaches ``min_confidence`` (default: the documented default)."""
    return CONFIDENCE_RANK.get(span.attrs.get("confidence", "low"), 0) >= CONFIDENCE_RANK[min_confidence]


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


def _is_verb_match(toks: list[Tok], m: Match) -> bool:
    """A finite verb trigger (not a masdar: لضرب, من دحر)."""
    return (m.pos == "verb" or "vphrase" in (m.entry.get("flags") or ())) and \
        not (m.reading is not None and m.reading.prep) and not (m.ti > 0 and toks[m.ti - 1].f in MASDAR_GOVERNORS)


def _reported_subject(toks: list[Tok], actors: list[Actor], m: Match, q: Span | None) -> Actor | None:
    """The named subject of a reported clause (``أن الحكومة تعتزم ...``) before the trigger, inside the
    quote when there is one: the actor right after أن / إن with no other actor between it and the trigger."""
    topic = _topic_subject(toks, actors, m.ti)
    if topic is None or topic.ti == 0 or topic.entity_id is None or topic.etype in PLACE_TYPES - {"GPE"}:
        return None
    if q is not None and topic.start < q.start:
        return None
    if any(topic.tj < a.ti < m.ti and not a.prep for a in actors):
        return None
    return topic


def _described_as(toks: list[Tok], m: Match) -> bool:
    """A threat or attack noun that is the predicate of a pose or describe verb just before it."""
    before = toks[max(0, m.ti - 3):m.ti]
    # (in a relative clause, عصابات داعش التي تمثل تهديدا للسلم, it describes the group: background)
    return any(_in(t.f, POSE_VERBS) or _in(t.f, DESCRIBE_VERBS) for t in before) and \
        not any(t.f in RELATIVE_PRONOUNS for t in before)


def _supports_a_cause(toks: list[Tok], m: Match) -> bool:
    """دعم (the bare verb or noun) whose object is a cause or a process, not forces or people."""
    if _plain(toks[m.ti].f).removeprefix("ال") not in ("دعم", "يدعم", "تدعم", "ندعم") or m.tj != m.ti:
        return False
    k = m.tj + 1
    return k < len(toks) and _plain(toks[k].f) in SUPPORTED_CAUSES


def _other_sense(toks: list[Tok], m: Match) -> bool:
    """Trigger words read in their other, eventless sense: ``صادر عن`` (issued by, not confiscated),
    ``بحثا عن`` (searching for, not talks), ``تحقيق الاستقرار`` (achieving, not investigating), ``الموافق``
    / ``يوافق`` before a date (falling on, not agreeing)."""
    w = _plain(toks[m.ti].f)
    nxt = _plain(toks[m.tj + 1].f) if m.tj + 1 < len(toks) else ""
    if w in ("صادر", "صادره", "الصادر", "الصادره") and nxt in ("عن", "من"):
        return True
    if w in ("بحثا", "بحث") and nxt == "عن":
        return True
    if w in ("تحقيق", "لتحقيق", "بتحقيق", "حقق", "حققت", "يحقق", "تحقق", "حققوا") and \
            any(_plain(t.f) in ACHIEVED for t in toks[m.tj + 1:m.tj + 5]):
        return True     # (عن تحقيق القوات الأمنية تقدما ملحوظا: the agent may stand between)
    if w in ("سيطره", "قبضه") and m.ti > 0 and toks[m.ti - 1].f == "تحت":
        return True     # مناطق تحت سيطرة الجيش: a state of control described, not an act
    if m.ti > 0 and toks[m.ti - 1].f in PLACE_HEADS and not w.startswith("ال"):
        return True     # مراكز تجمع، موقع إطلاق قذائف: the act names a place (موقع الانفجار is the site of one)
    if w in ("الموافق", "يوافق", "الذي يوافق", "توافق") and (nxt.isdigit() or nxt in TIME_WORDS):
        return True
    return False


def _charged_passive(toks: list[Tok], actors: list[Actor], m: Match) -> bool:
    """An accusation verb followed at once by بـ + the charge (اتهم بالتآمر): nobody is named as accused
    after it, so the verb is the passive (اُتُّهِم), not the active with its object."""
    k = m.tj + 1
    return k < len(toks) and toks[k].f.startswith("ب") and len(toks[k].f) > 3 and \
        not any(a.ti == k for a in actors)


def _speaker_is_person(doc: Document, q: Span | None, spk: Actor) -> bool:
    """Whether a quote's speaker is a person (a name or a title), not an agency, ministry or state."""
    if q is not None and q.attrs.get("speaker_start") is not None:
        a, b = q.attrs["speaker_start"], q.attrs["speaker_end"]
        return any(e.label in ("PER", "TITLE") and e.start < b and a < e.end for e in doc.spans("entities"))
    labels = {e.label for e in doc.spans("entities") if e.attrs.get("entity_id") == spk.entity_id}
    return bool(labels & {"PER", "TITLE"}) if labels else spk.etype in ("PER", "TITLE")


def _pronoun_subject_before(toks: list[Tok], m: Match) -> bool:
    """إنه / أنها / بأنهم (or with قد) right before the trigger: its subject is a pronoun."""
    k = m.ti - 1
    if k >= 0 and toks[k].f in ("قد", "لقد"):
        k -= 1
    return k >= 0 and toks[k].f in PRONOUN_SUBJECTS


def _speaker_actor(q: Span) -> Actor | None:
    """The named speaker of a quote as an actor unit (outside the sentence's token positions)."""
    spk_id = q.attrs.get("speaker_entity_id")
    if not spk_id or (isinstance(spk_id, str) and _is_town_id(spk_id)):
        return None   # (a province or town does not speak: the quote stage took a place inside a title)
    return Actor(q.attrs.get("speaker_start") or q.start, q.attrs.get("speaker_end") or q.start,
                 -1, -1, spk_id, "PER", "NAM", "")


def _reporter(q: Span | None, toks: list[Tok], actors: list[Actor], m: Match, fallback: bool,
              lo: int = 0) -> Actor | None:
    """Who reports the clause of a trigger: the named speaker of the quote around it, else (when the caller
    allows it) the subject of a reporting verb before it in the sentence."""
    spk = _speaker_actor(q) if q is not None else None
    if spk is None and fallback:
        spk = _fallback_speaker(toks, actors, m, lo)
    return spk


def _fallback_speaker(toks: list[Tok], actors: list[Actor], m: Match, lo: int) -> Actor | None:
    """The subject of a reporting verb before the trigger (used where no quote names a speaker)."""
    for k in range(m.ti - 1, -1, -1):
        if toks[k].f in REPORT_CUES:
            for a in actors:
                if k < a.ti <= k + 3 and not a.prep and a.entity_id is not None:
                    return a
            if k + 1 < len(toks) and _plain(toks[k + 1].f) in SOURCE_NOUNS:
                # "أكدت مصادر في المقاومة الشعبية أنها": unnamed sources speak for the body they are in
                body = next((a for a in actors if k + 2 < a.ti <= k + 4 and a.prep in ("في", "من", "ب") and
                             a.entity_id is not None and a.etype == "ORG"), None)
                if body is not None:
                    return body
            prev = [a for a in actors if a.tj < k and not a.prep and a.entity_id is not None]
            return prev[-1] if prev else None
    return None


# ------------------------------------------------------------------ dates, places, codes


def _shift_day(value: str, days: int) -> str | None:
    try:
        d = _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return (d + _dt.timedelta(days=days)).isoformat()


def _own_date(doc: Document, s_start: int, s_end: int, t_start: int, t_end: int,
              clause: tuple[int, int] | None = None) -> str | None:
    """The value of the sentence's own time expression for a trigger, or None.

    * a trigger inside an anchored expression ``غداة X`` / ``عشية X`` is the anchor X: the value of the
      expression (the day after / the eve of X) shifted back / forward one day;
    * else the expression of the trigger's clause nearest to it, else the sentence's nearest one
      (page stamps, vague words and durations are not dates of the event)."""
    best = None
    for t in doc.spans("timexes"):
        if t.end <= s_start or t.start >= s_end:
            continue
        value = t.attrs.get("value")
        if not value:
            continue
        if t.start <= t_start and t_end <= t.end:
            head = fold(doc.text[t.start:t.end].split(maxsplit=1)[0]) if doc.text[t.start:t.end].strip() else ""
            head = head[1:] if head[:1] in ("و", "ف") and head[1:] in ANCHOR_SHIFT else head
            if head in ANCHOR_SHIFT and len(str(value)) >= 10:
                return _shift_day(str(value), ANCHOR_SHIFT[head])
        if t.start < s_start or t.end > s_end or t.label in ("page_date", "page_time", "vague", "duration_ago"):
            continue
        in_clause = clause is not None and clause[0] <= t.start and t.end <= clause[1]
        key = (0 if in_clause else 1, abs(t.start - t_start))
        if best is None or key < best[0]:
            best = (key, value)
    return str(best[1])[:10] if best else None


def speaker_statement_dates(doc: Document, sentences: list[tuple[int, int]]) -> dict[str, list[tuple[int, str]]]:
    """When each speaker spoke, as the text tells it: for every quote with a speaker id, the time
    expression of the sentence holding its cue (``أعلن المتحدث، أمس الاثنين، أن``), nearest to the
    cue. A later quote of the same speaker with no time of its own (``وقال رايدر في إفادة``) was
    made then, not on the publication date. Returns speaker -> [(cue offset, ISO date)] in text order."""
    out: dict[str, list[tuple[int, str]]] = {}
    quotes = [q for q in doc.spans("quotes") if q.attrs.get("speaker_entity_id")]
    if not quotes:
        return out
    starts = [a for a, _ in sentences]
    for q in sorted(quotes, key=lambda q: q.start):
        cue = q.attrs.get("cue") or {}
        at = cue.get("start") if cue.get("start") is not None else q.start
        i = bisect.bisect_right(starts, at) - 1
        if i < 0:
            continue
        s_start, s_end = sentences[i]
        best = None
        for t in doc.spans("timexes"):
            if s_start <= t.start and t.end <= s_end and t.attrs.get("value") and \
                    t.label in ("deictic", "absolute") and len(str(t.attrs["value"])) >= 10:
                d = abs(t.start - at)
                if best is None or d < best[0]:
                    best = (d, str(t.attrs["value"])[:10])
        if best is not None:
            spk = q.attrs["speaker_entity_id"]
            if isinstance(spk, str):
                out.setdefault(spk, []).append((at, best[1]))
    return out


def _spoken_date(ev: EventDraft, spoken: dict[str, list[tuple[int, str]]]) -> str | None:
    q = ev.quote
    if q is None or not spoken:
        return None
    spk = q.attrs.get("speaker_entity_id")
    found = None
    for at, date in spoken.get(spk, ()) if isinstance(spk, str) else ():
        if at <= q.end:
            found = date
    return found


def _event_date(doc: Document, ev: EventDraft, toks: list[Tok], s_start: int, s_end: int,
                spoken: dict[str, list[tuple[int, str]]] | None = None) -> str | None:
    """An event's date: its own time expression (see :func:`_own_date`); else None for a material act
    told with a finite past verb and no time (``ساهم التحالف في``, ``زود الجيش بـ``: the text gives
    no date); else the statement date (speech acts, ongoing imperfect verbs, relations named by a
    noun, pledged / demanded / possible acts, denials)."""
    m = ev.match
    t_start, t_end = toks[m.ti].start, toks[m.tj].end
    lo, hi = _clause_range(toks, m.ti, m.tj)
    own = _own_date(doc, s_start, s_end, t_start, t_end, (toks[lo].start, toks[hi].end))
    if own:
        return own
    pub = _spoken_date(ev, spoken or {}) or doc.fact("published")
    if not isinstance(pub, str):
        return None
    r = m.reading
    imperfect = m.pos == "verb" and not (r is not None and r.prep) and \
        toks[m.ti].f.lstrip("وف")[:1] in ("ي", "ت", "ن") and not toks[m.ti].f.lstrip("وف").startswith("ت" + "ظ")
    current = any(t.f in ("حاليا", "الان", "اليوم", "لايزال", "مازال", "يزال", "تزال", "زال") for t in toks)
    past_verb = m.pos == "verb" and not (r is not None and r.prep) and not imperfect
    if past_verb and ev.type not in VERBAL_TYPES and not current and ev.modality == "asserted" and not ev.negated:
        return None
    return pub


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


@lru_cache(maxsize=1)
def _plural_nisbas() -> dict[str, str]:
    """Plural nisba forms (أمريكيين، الأمريكيون، بريطانيون) of the knowledge base's states -> state id."""
    kb = _kb()
    out: dict[str, str] = {}
    for ent in (kb if kb is not None else ()):
        if not getattr(ent, "iso3", None):
            continue
        for stem in getattr(ent, "nisba", ()) or ():
            s = fold(stem)
            # plural and dual, masculine and feminine (جنود أمريكيين، مروحيتين أمريكيتين، جنديان تركيان)
            for form in (s + "ين", s + "ون", s + "ان", s + "تين", s + "تان"):
                out.setdefault(form, ent.id)
                out.setdefault("ال" + form, ent.id)
    return out


def _plural_nisba_state(word: str) -> str | None:
    return _plural_nisbas().get(word[1:] if word[:1] == "و" and len(word) > 5 else word) if word.endswith(
        ("ين", "ون", "ان")) else None


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
        return kb.institution_code(entity_id) if hasattr(kb, "institution_code") else None
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


def on_behalf_of(ev: EventDraft, toks: list[Tok], date: str | None) -> Any:
    """The state or body an official speaks for (SCHEMA §10 ``on_behalf_of``), for a speech act whose
    source is the quote's speaker: the country or body the words name as the subject when it is the
    speaker's (``الولايات المتحدة لا تخطط``, said by a Pentagon spokesman); else, when the speaker holds
    an office in the knowledge base, the body of that office (``سنظل على تشاور``: the ministry the
    spokesman speaks for), else the speaker's country; None for a speaker the KB does not know."""
    spk = ev.speaker
    if spk is None or not isinstance(spk.entity_id, str):
        return None
    kb = _kb()
    if kb is None or not hasattr(kb, "get"):
        return None
    try:
        ent = kb.get(spk.entity_id)
    except Exception:  # noqa: BLE001 - an optional helper of another shape
        return None
    if ent is None:
        return None
    try:
        roles = list(ent.roles_at(date)) if date else []
    except Exception:  # noqa: BLE001
        roles = []
    roles = roles or list(getattr(ent, "roles", None) or [])
    bodies = [r.of for r in roles if getattr(r, "of", None)]
    country = getattr(ent, "country", None)
    subj = ev.content_subject
    if subj is not None and isinstance(subj.entity_id, str) and subj.entity_id in set(bodies) | {country}:
        return subj.entity_id
    if bodies:
        return bodies[0]
    we = any(t.f in FIRST_PLURAL for t in toks)
    return country if we and country else None


def _actor_code(a: Actor, date: str | None = None) -> str | None:
    """PETRARCH-style code of an actor: from the knowledge base when it is installed, else the
    generic agent's code (``MIL``, ``CVL``)."""
    if a.entity_id is None:
        state = _kb_code(a.nationality, date) if a.nationality else None
        return " ".join(x for x in (state, a.agent_code) if x) or None
    if isinstance(a.entity_id, list):
        return None
    return _kb_code(a.entity_id, date)


def _ids(actors: list[Actor]) -> Any:
    ids = []
    for a in actors:
        # (an unnamed agent described by a state's plural nisba is coded as that state: جنود أمريكيين)
        for eid in (a.entity_id if isinstance(a.entity_id, list) else [a.entity_id or a.nationality]):
            if eid is not None and eid not in ids:
                ids.append(eid)
    if not ids:
        return None
    return ids[0] if len(ids) == 1 else ids


def _span_dict(doc: Document, actors: list[Actor]) -> list[dict[str, Any]]:
    out = []
    for a in actors:
        start = a.lead if a.lead is not None else a.start
        end = a.shown_end if a.shown_end is not None else a.end
        out.append({"start": start, "end": end, "text": doc.text[start:end], "entity_id": a.entity_id or a.nationality,
                    "agent_code": a.agent_code or None})
    return out


def _counted_members_start(toks: list[Tok], ti: int) -> int | None:
    """Start of ``10 مسلحين`` / ``17 من`` before ``من X``: the members counted of the group X, which
    the actor's span then shows with the group (قتلت 10 مسلحين من التنظيم)."""
    if ti < 2 or toks[ti - 1].f != "من":
        return None
    counted = [k for k in (ti - 2, ti - 3) if k >= 0 and (toks[k].f.isdigit() or toks[k].f in NUMBER_WORDS)]
    if not counted or any(toks[x].punct or toks[x].f in PREPOSITIONS for x in range(counted[0] + 1, ti - 1)):
        return None
    return toks[counted[0]].start


# ------------------------------------------------------------------ main
@dataclass
class SentenceCoding:
    toks: list[Tok]
    places: list[Actor]
    events: list[EventDraft]


def code_sentence(doc: Document, s_start: int, s_end: int, use_patterns: bool = False,
                  mentions: list[Span] | None = None) -> SentenceCoding:
    if not sentence_may_have_event(doc.text, s_start, s_end, use_patterns):
        return SentenceCoding([], [], [])
    toks = _tokens(doc.text, s_start, s_end)
    if not toks:
        return SentenceCoding(toks, [], [])
    matches = find_triggers(toks, use_patterns)
    seg = doc.text[s_start:s_end]
    protesters = any(c in seg for c in _PROTESTER_CORES) and any(is_protester_word(t.f) for t in toks)
    if not matches and not protesters:
        return SentenceCoding(toks, [], [])
    names = [x for x in (mentions if mentions is not None else doc.spans("entities"))
             if x.label in ("ORG", "PER", "GPE", "LOC") and x.attrs.get("form", "NAM") == "NAM"
             and x.start < s_end and x.end > s_start]
    if names:
        # a trigger word inside a name (منظمة التحرير, قوات الدعم السريع) is not a trigger
        # (a name in the gap of a phrase is its subject, not a name around it: أطلقت الفصائل صواريخ)
        matches = [m for m in matches if not any(x.start < toks[k].end and toks[k].start < x.end
                                                 for x in names for k in {m.ti, m.tj})]
        if not matches and not protesters:
            return SentenceCoding(toks, [], [])
    actors, places = _actors(doc, toks, s_start, s_end, mentions)
    actors = _without_attributes(actors, toks, matches)
    # a one-word noun trigger that is itself an unnamed agent introduced as one (برصاص الاحتلال، على
    # أيدي الاحتلال) names who acted, not an act
    matches = [m for m in matches if not (m.ti == m.tj and m.pos != "verb" and any(
        a.etype == "AGENT" and a.ti <= m.ti <= a.tj and a.prep == "من قبل" for a in actors))]
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
        # (a meeting noun whose only party so far is its مع partner still lacks the reporter's side)
        # (an intended one becomes AGREE below, speaker -> partner)
        partner_only = "mutual" in flags and not ev.target and bool(ev.source) and \
            all(a.prep == "مع" for a in ev.source) and ev.modality == "asserted"
        if (not ev.source or partner_only) and ev.type in SPEAKER_PARTY_TYPES and not _is_verb_match(toks, m):
            # "أكدت القيادة أن علاقتها مع التحالف مبنية على التعاون", "مؤكدا وجود تعاون بين القوات
            # العراقية ...": a cooperative noun with no agent of its own, reported by a speaker, has the
            # speaker's side as its first party
            spk = _reporter(q, toks, actors, m, fallback=q is None and not has_quotes)
            partner = ev.target or (ev.source if partner_only else
                                    [a for a in _between(toks, actors, m.tj, s_hi, min_members=1)
                                     if spk is None or a.entity_id != spk.entity_id][:1])
            # a bare noun with no partner either (منطلقات الحوار) is a topic: left for the filter below
            if spk is not None and partner and all(a.entity_id is not None and a.entity_id != spk.entity_id
                                                   for a in partner):
                ev.source, ev.target = [spk], partner
                if "mutual" in flags and partner[0].prep == "مع":
                    ev.source, ev.target = [spk] + partner, []   # as for a meeting noun above
        if ev.type not in VERBAL_TYPES and (not ev.source or ev.src_how == "vso") and \
                _pronoun_subject_before(toks, m):
            # "وقال اليامي إنه التقى الوزير": the pronoun after إن is the speaker, and what follows the
            # verb is its object, not a subject
            spk = _reporter(q, toks, actors, m, fallback=True)
            if spk is not None and all(a.entity_id != spk.entity_id for a in ev.target):
                if ev.source and not ev.target:
                    ev.target = [a for a in ev.source if a.entity_id != spk.entity_id]
                ev.source = [spk]
        # ضرورة + action inside reported speech: the speaker requests the action
        if ev.type not in VERBAL_TYPES and ev.modality == "demanded" and m.ti > 0 and any(
                toks[k].f in ("ضروره", "بضروره", "وضروره") for k in range(max(0, m.ti - 2), m.ti)):
            speaker = _reporter(q, toks, actors, m, fallback=q is None and not has_quotes)
            if speaker is not None:
                asked = ev.source or ev.target
                ev.mode = COMPLEMENT_TYPES.get(ev.type, "change")
                ev.type, ev.modality = "REQUEST", "asserted"
                ev.source = [speaker]
                ev.target = [a for a in asked if a.entity_id != speaker.entity_id][:1]
                ev.source_fixed = True
        if ev.type == "REJECT" and ev.negated and not _is_verb_match(toks, m):
            # ليس لنا فيتو على، لا اعتراض لدينا على: an objection denied is a consent (what it allows is
            # the agreement's content, not yet done)
            ev.type, ev.negated, ev.modality, ev.mode = "AGREE", False, "intended", None
        if ev.type == "AID" and _supports_a_cause(toks, m):
            # دعم مسار السلام، دعم الجهود الدولية: backing a process or a position is political support
            ev.type, ev.mode = "SUPPORT", None
        # types that depend on modality: a future withdrawal is CONCEDE, future cooperation AGREE
        if ev.type == "RETREAT" and ev.modality in ("intended", "hypothetical", "demanded") and \
                ev.mode in (None, "withdraw"):
            ev.type, ev.mode = "CONCEDE", None
        if ev.type in ("COOPERATE", "AID", "CONSULT") and ev.modality == "intended":
            ev.type, ev.mode = "AGREE", None
        if ev.type == "AGREE":
            ev.modality = "intended" if ev.modality == "asserted" else ev.modality
        if ev.type in ("THREATEN", "ASSAULT") and m.pos != "verb" and _described_as(toks, m):
            # "التمرد المسلح يشكل تهديدا خطيرا / اعتداء مباشرا": calling something a threat or an attack is
            # the speaker's accusation of whoever is behind it
            spk = _reporter(q, toks, actors, m, fallback=True)
            if spk is None:
                continue
            accused = next((a for a in reversed(actors) if a.tj < m.ti and a.ti >= m.ti - 14 and not a.prep and
                            a.etype not in PLACE_TYPES and a.entity_id != spk.entity_id), None)
            ev.type, ev.mode, ev.context = "ACCUSE", None, None
            ev.source, ev.target = [spk], ([accused] if accused is not None else [])
            ev.source_fixed = True
        if ev.type == "ACCUSE" and _is_verb_match(toks, m) and _charged_passive(toks, actors, m):
            # "واتهم بجريمة إرهاب": اتهم + بـ charge with no object is a passive; its subject is the accused
            accused = ev.source[0] if ev.source and ev.source[0].ti < m.ti else _topic_subject(toks, actors, m.ti)
            ev.source, ev.target = [], ([accused] if accused is not None else ev.target)
            ev.source_fixed = True
        if (ev.type in VERBAL_TYPES or "verbal" in flags) and not ev.source_fixed:
            # no quote around it: the subject of a reporting verb before it (جدد السوداني موقف العراق من
            # إنهاء وجود التحالف); a finite verb has a subject of its own, named or not
            spk = _reporter(q, toks, actors, m, lo=lo if ev.source else 0, fallback=not has_quotes or (
                not ev.source and ev.type in ("REQUEST", "REJECT", "CONCEDE") and "weak" not in flags and
                not _is_verb_match(toks, m)))
            subject = _reported_subject(toks, actors, m, q) if spk is not None else None
            if subject is not None and subject.entity_id != spk.entity_id and (
                    subject.etype == "PER" or not _speaker_is_person(doc, q, spk)):
                # "ذكرت الوكالة أن الحكومة تعتزم توجيه الدعوة", "قال الوزير إن الرئيس طالب": the speaker reports
                # someone else's speech act (an official saying "أن العراق يحتاج" speaks for his state: his)
                ev.speaker, ev.source = spk, [subject]
                ev.target = [a for a in ev.target if a is not subject]
                spk = None
            if spk is not None:
                ev.speaker = spk
                ev.content_subject = ev.source[0] if ev.source else None
                ev.target = [a for a in ev.target if a.entity_id != spk.entity_id]
                if not ev.target and ev.source and ev.source[0].entity_id != spk.entity_id and \
                        ev.source[0].ti > m.tj:
                    ev.target = ev.source
                ev.source = [spk]
        if "weak" in flags and not any(a.entity_id for a in ev.source + ev.target) and \
                not any(a.agent_code for a in ev.source + ev.target):
            continue
        if not_an_event(ev.type, toks, m):
            continue
        if ev.type in ("ASSAULT", "COERCE") and _is_generic_noun(m):
            if not ev.source and ev.modality == "asserted":
                ev.source = [a for a in (_possessed_fighter(toks, actors, m),) if a is not None]
            if _generic_fight_not_reported(ev, toks, matches):
                continue
        if ev.type in DYADIC_TYPES and m.pos != "verb" and not ev.source and not ev.target:
            # a cooperative event needs its parties: a bare noun (منطلقات الحوار) is a topic, not an event
            continue
        if feats is None:
            feats = _sentence_features(toks)
        ev.score = _report_score(ev, toks, feats)
        drafts.append(ev)
    if protesters and not any(d.type == "PROTEST" for d in drafts):
        extra = _protester_events(toks, actors)
        if extra:
            if feats is None:
                feats = _sentence_features(toks)
            for ev in extra:
                lo, _ = _clause_range(toks, ev.match.ti, ev.match.tj)
                ev.negated = _negated(toks, ev.match, lo)
                ev.modality = _modality(toks, ev.match, lo, ev.type)
                # the verb is recognised by position only, not by the lexicon: two points less
                ev.score = _report_score(ev, toks, feats) - 2
                _protest_target(ev, toks, actors, len(toks) - 1)
            drafts.extend(extra)
            drafts.sort(key=lambda d: d.match.ti)
    # what a protest voices (لافتات تطالب بـ، مطالبين بـ، تأييدا لـ، للمطالبة بـ) is its content, not an event
    # of its own; a party it makes demands on or denounces is the protest's target when the protest has none
    _protest_voices(drafts, toks)
    _protesters_violence(drafts, toks)
    protest = next((d for d in drafts if d.type == "PROTEST" and not d.dropped), None)
    if protest is not None:
        for ev in drafts:
            if ev.type in PROTEST_CONTENT_TYPES and ev.match.ti > protest.match.tj and \
                    _voices_a_protest(toks, ev.match):
                ev.dropped = True
                if not protest.target and not protest.target_text and ev.target and ev.type != "SUPPORT":
                    protest.target = [a for a in ev.target if a not in protest.source][:1]
    # و + verb without its own subject shares the subject of the previous verb (التقى ... وزار ... والتقى)
    prev_verb: EventDraft | None = None
    for ev in drafts:
        m = ev.match
        if (m.pos == "verb" or "vphrase" in (m.entry.get("flags") or ())) and m.reading is not None \
                and not m.reading.prep:
            # a mention right before "و + verb" that the previous verb took as its object is not a new
            # subject (وزار مقر العمليات، والتقى ...)
            prev_object = prev_verb is not None and bool(ev.source) and any(ev.source[0] is a for a in prev_verb.target)
            if prev_verb is not None and m.reading.conj and (ev.src_how in ("before", "") or prev_object) and \
                    prev_verb.source and m.ti - prev_verb.match.tj <= 15 and ev.type not in VERBAL_TYPES:
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
                if other.dropped or other.type in VERBAL_TYPES or (ev.dropped and other.type == "PROTEST"):
                    continue
                # (أدى رفضها إلى تظاهرات: what a rejection led to is no part of it)
                if 0 < other.match.ti - ev.match.tj <= 6 and not any(
                        toks[x].f in PUNCT_BREAKS for x in range(ev.match.tj + 1, other.match.ti)) and not (
                        ev.type == "REJECT" and any(toks[x].f == "الي" for x in range(ev.match.tj + 1, other.match.ti))):
                    other.dropped = True
                    if ev.mode is None:
                        ev.mode = COMPLEMENT_TYPES.get(other.type, "change")
                    if not ev.target and other.target:
                        ev.target = other.target
                    break
    _casualties_of_attack(drafts, toks)
    for ev in drafts:
        # an actor is not both sides of one event (a support verb's subject found again as its object)
        ev.target = [t for t in ev.target if all(t is not a for a in ev.source)]
    # one event per type for triggers that sit next to each other (شن هجوما)
    out: list[EventDraft] = []
    for ev in drafts:
        if ev.dropped:
            continue
        if out and out[-1].type == ev.type and ev.match.ti - out[-1].match.tj <= 2:
            prev = out[-1]
            # (the victim of the first word is not the agent the second gives: اغتيلت في هجوم)
            prev.source = prev.source or [a for a in ev.source if all(a is not b for b in prev.target)]
            prev.target = prev.target or ev.target
            if not prev.target and not prev.target_text:
                prev.target_text = ev.target_text   # فجر نفسه فقتل خمسة: the second word names the victims
            continue
        # a restatement in the same sentence that adds no actor is not a new event
        key = (_ids(ev.source), _ids(ev.target))
        same = next((o for o in out if o.type == ev.type and
                     ((not ev.source and not ev.target) or (_ids(o.source), _ids(o.target)) == key)), None)
        if same is not None:
            # the restatement may name an unnamed actor the first mention lacks (وقتل 4 جنود في هجوم
            # شنه مسلحون): keep it on the first coding
            same.source = same.source or [a for a in ev.source if all(a is not t for t in same.target)]
            if not same.target and not same.target_text:
                same.target, same.target_text = ev.target, ev.target_text
            continue
        out.append(ev)
    # "قتل 25 مقاتلا خلال محاولة هجوم فاشلة قاموا بها": casualties told with a passive verb in a sentence that
    # codes the attack they fell in are that attack's toll, not an event of their own
    attack_nouns = [ev for ev in out if ev.type == "ASSAULT" and ev.match.pos != "verb"]
    if attack_nouns:
        out = [ev for ev in out if not (ev.type == "ASSAULT" and ev.match.pos == "verb" and not ev.source and
                                        ev.match.entry.get("lemma") in PASSIVE_READABLE_LEMMAS and
                                        any(0 < n.match.ti - ev.match.tj <= 8 for n in attack_nouns))]
    # "طالب البيلاوي ...، داعيا التحالف إلى": a demand participle is said by the subject of the speech act
    # before it in the sentence
    for k, ev in enumerate(out):
        if ev.type != "REQUEST" or ev.source or _plain(toks[ev.match.ti].f) not in DEMAND_PARTICIPLES:
            continue
        prev = next((o for o in reversed(out[:k]) if o.type in VERBAL_TYPES and o.source), None)
        if prev is not None:
            ev.source = list(prev.source)
            ev.target = [a for a in ev.target if all(a.entity_id != b.entity_id for b in ev.source)]
            nxt = toks[ev.match.tj + 1].f if ev.match.tj + 1 < len(toks) else ""
            if not ev.target and nxt in ("اياها", "اياه", "اياهم", "اياهما"):
                ev.target = list(prev.target)   # مطالبا إياها: the pronoun is the one the speech act addressed
    # "داعيا التحالف إلى تكثيف طلعاته باستهداف تجمعات التنظيم": the party asked to act is the agent of
    # the act it is asked to do, which is demanded, not reported
    for req in [ev for ev in out if ev.type == "REQUEST" and any(a.entity_id for a in ev.target)]:
        asked = [a for a in req.target if a.entity_id]
        last = max(a.tj for a in asked)
        for ev in out:
            m = ev.match
            if ev.type not in MATERIAL_TYPES or not last < m.ti <= last + 8 or \
                    any(toks[k].f in PUNCT_BREAKS for k in range(req.match.tj + 1, m.ti)) or \
                    any(all(a.entity_id != b.entity_id for b in asked) for a in ev.source):
                continue
            ev.source = list(asked)
            ev.target = [a for a in ev.target if all(a.entity_id != b.entity_id for b in asked)]
            if ev.modality == "asserted":
                ev.modality = "demanded"
    # "أدانت الحكومة هجوما بدأته تركيا": a condemnation is aimed at whoever did the act it condemns
    for ev, nxt in zip(out, out[1:]):
        if ev.type == "ACCUSE" and not any(a.entity_id for a in ev.target) and nxt.type in MATERIAL_TYPES and \
                any(a.entity_id for a in nxt.source) and 0 < nxt.match.ti - ev.match.tj <= 3:
            ev.target = [a for a in nxt.source if all(a.entity_id != b.entity_id for b in ev.source)]
    # a masdar coordinated to the previous event (تعهدت بسحب قواتها وعدم إقامة قواعد) shares its agent
    # and so does one whose subject is a pronoun for that agent (تعهدت واشنطن بسحب قواتها، وأكدت أنها
    # ليست بصدد إقامة قواعد)
    for prev, ev in zip(out, out[1:]):
        m = ev.match
        if ev.source or not prev.source or _is_verb_match(toks, m) or m.ti - prev.match.tj > 15:
            continue
        joined = m.ti - prev.match.tj <= 6 and (
            (m.reading is not None and m.reading.conj == "و") or
            (m.ti > 0 and toks[m.ti - 1].f in ("وعدم", "وكذلك", "وايضا"))) and \
            not any(toks[k].f in PUNCT_BREAKS for k in range(prev.match.tj + 1, m.ti))
        pronoun = any(toks[k].f in PRONOUN_SUBJECTS for k in range(max(prev.match.tj + 1, m.ti - 4), m.ti))
        if joined or pronoun:
            ev.source = list(prev.source)
            ev.target = [a for a in ev.target if all(a.entity_id != b.entity_id for b in ev.source)]
    # "تمكنت القوات من صد هجوم ... وقتلت 10 مسلحين": a verb joined by و with no subject of its own shares
    # the subject of the event before it
    for k, ev in enumerate(out):
        m = ev.match
        if ev.source or not _is_verb_match(toks, m) or m.reading is None or m.reading.conj != "و" or \
                ev.type not in MATERIAL_TYPES:
            continue
        prev = next((o for o in reversed(out[:k]) if o.source and 0 < m.ti - o.match.tj <= 20 and
                     not any(toks[x].f in (".", "؛", ";", "!", "?", "؟") for x in range(o.match.tj + 1, m.ti))), None)
        if prev is not None:
            ev.source = [a for a in prev.source if all(a is not b for b in ev.target)]
    # protests: with no actor found by word order, the protesters the sentence names are the source;
    # they also win over a mention that only stands near a protest noun or a verb with no subject of its
    # own (في احتجاجات ...، مظاهرة نظمتها حركة X: the demonstrators protest, not X)
    for ev in out:
        if ev.type != "PROTEST":
            continue
        m = ev.match
        joined_by = next((k for k in range(m.tj + 1, min(len(toks) - 1, m.tj + 3)) if
                          _plain(toks[k].f) in PARTAKE_VERBS and toks[k + 1].f in ("فيها", "فيه", "بها", "به")), None)
        if joined_by is None:
            # المظاهرة التي انطلقت صباح الأربعاء ضمت حوالي ألفي مدرس: the protest "gathered" its protesters
            joined_by = next((k - 1 for k in range(m.tj + 1, min(len(toks), m.tj + 9)) if
                              _plain(toks[k].f) in GATHERED_VERBS and not any(
                                  toks[x].f in CLAUSE_PUNCT for x in range(m.tj + 1, k))), None)
        partakers = [a for a in actors if joined_by is not None and joined_by + 1 < a.ti <= joined_by + 6 and
                     a not in ev.target][:1]
        if partakers and (not ev.source or ev.source[0].ti > joined_by):
            # مسيرة شارك فيها المئات من أعضاء الجماعة: those who took part protest
            ev.source = partakers
        loose = not ev.source_fixed and ev.src_how not in ("svo", "vso", "protesters", "agent", "support", "genitive")
        crowd = [a for a in actors if a.etype == "AGENT" and
                 _plain(toks[a.ti].f).startswith(PROTESTER_STEMS) and a not in ev.target]
        if not ev.source or (loose and not any(_plain(toks[a.ti].f).startswith(PROTESTER_STEMS) for a in ev.source)):
            if crowd:
                ev.source = [min(crowd, key=lambda a: abs(a.ti - ev.match.ti))]
        if crowd and (not ev.source or loose or ev.source[0] in crowd):
            # (a protest whose source is the crowd another party sent out: that party)
            sender = _mobiliser(toks, actors, crowd)
            if sender is not None and sender not in ev.target:
                ev.source = [sender]
    return SentenceCoding(toks, places, out)


def _mobiliser(toks: list[Tok], actors: list[Actor], crowd: list[Actor]) -> Actor | None:
    """The subject of a sending verb whose ب-object is the demonstrators (ودفعت الجماعة أمس بأكثر من
    خمسة آلاف متظاهر، حشدت المعارضة مئات الآلاف من المتظاهرين): the party behind the protest."""
    for c in crowd:
        for k in range(max(0, c.ti - 10), c.ti):
            if not _in(toks[k].f, SENDING_VERBS):
                continue
            if any(toks[x].f in (".", "؛", ";", ":") for x in range(k, c.ti)):
                continue
            subj = next((a for a in actors if k < a.ti <= k + 2 and not a.prep and a not in crowd), None)
            # (the crowd is its object: after ب, or a quantity right after the subject)
            if subj is not None and any(toks[x].f.startswith("ب") for x in range(subj.tj + 1, c.ti + 1)):
                return subj
    return None


def _voices_a_protest(toks: list[Tok], m: Match) -> bool:
    """Whether a speech-act trigger after a protest says what the protest voices: the verb of a sign or
    chant (``لافتات تطالب``, ``شعارات تدعو``), a circumstantial participle (``مطالبين``, ``منددين``), an
    adverbial or purpose masdar (``تأييدا لـ``, ``تضامنا مع``, ``للمطالبة بـ``)."""
    w = _plain(toks[m.ti].f)
    if any(_plain(toks[k].f) in PROTEST_SIGNS for k in range(max(0, m.ti - 2), m.ti)):
        return True
    if m.pos == "verb" and not (m.reading is not None and m.reading.prep):
        return w[:1] == "م" and w.endswith(("ين", "ون"))
    if m.reading is not None and m.reading.prep == "ل" and not m.reading.suffix:
        return True
    return w.endswith("ا") and not w.startswith("ال") or (w[:1] == "م" and w.endswith("ين"))


def _is_protesters(toks: list[Tok], actors: list[Actor]) -> bool:
    return any(_plain(toks[a.ti].f).startswith(PROTESTER_STEMS) or is_protester_word(toks[a.tj].f) for a in actors)


def _protest_voices(drafts: list[EventDraft], toks: list[Tok]) -> None:
    """Other events that are part of a protest the sentence reports (PLOVER codes them as the protest):

    * demands, rejections, accusations made by demonstrators (وطالب المتظاهرون الحكومة بـ، المحتجين الذين
      يطالبون بـ): the protest's content when the sentence codes the protest, else the protest itself;
    * a call to protest (دعت النقابات إلى القيام باحتجاجات، تجمعوا بدعوة من X): the caller organises it;
    * an act the protest is against (احتجاجا على الغارات الإسرائيلية، ضد الحرب، تنديدا بالاعتداء): a
      topic, not a reported event; its agent is the party protested against."""
    protests = [d for d in drafts if d.type == "PROTEST" and not d.dropped]
    for ev in drafts:
        m = ev.match
        if ev.dropped or ev.type == "PROTEST":
            continue
        # (a plural speech verb with no subject of its own after the protest: سلموا رسالة طالبوا فيها بـ)
        # (or one whose subject is the protest's own source: تظاهر الطلاب ... وطالبوا)
        plural_after = protests and (not ev.source or all(any(a == b for p in protests for b in p.source)
                                                          for a in ev.source)) and \
            m.pos == "verb" and not (m.reading and m.reading.prep) and \
            m.ti > min(p.match.tj for p in protests) and (_plain(toks[m.ti].f).endswith("وا") or
                                                          (_plain(toks[m.ti].f)[:1] == "ي" and toks[m.ti].f.endswith("ون")))
        if ev.type in PROTESTER_SPEECH_TYPES and m.pos != "phrase" and (
                _is_protesters(toks, ev.source) or plural_after or
                (m.ti >= 2 and toks[m.ti - 1].f in RELATIVE_PRONOUNS | {"كانوا"} and
                 is_protester_word(toks[m.ti - 2 if toks[m.ti - 1].f != "كانوا" else m.ti - 3].f))):
            if protests:
                ev.dropped = True
                p = min(protests, key=lambda d: abs(d.match.ti - m.ti))
                if not p.target and not p.target_text and ev.target:
                    p.target = [a for a in ev.target if a not in p.source][:1]
            else:
                # (told through what the demonstrators say: a point less than a protest verb)
                ev.type, ev.mode, ev.score = "PROTEST", "demo", ev.score - 1
            continue
        if ev.type == "REQUEST" and (m.entry.get("lemma") or "") in CALL_LEMMAS and any(
                0 < abs(p.match.ti - m.tj) <= 10 and not any(toks[k].f in (".", "؛", ";") for k in range(
                    min(p.match.ti, m.ti), max(p.match.ti, m.ti))) for p in protests):
            ev.dropped = True
            p = min(protests, key=lambda d: abs(d.match.ti - m.ti))
            if not p.source and ev.source:
                p.source = ev.source
            continue
        if m.pos == "verb" and not (m.reading is not None and m.reading.prep):
            continue
        for p in protests:
            gap = m.ti - p.match.tj
            if not 0 < gap <= 5 or any(toks[k].punct for k in range(p.match.tj + 1, m.ti)):
                continue
            between = [_plain(toks[k].f) for k in range(p.match.tj + 1, m.ti)]
            denounce = [_plain(toks[p.match.tj].f)] + between   # تنديدا بالاعتداء، لافتات تندد بالقصف
            linked = any(w in PROTESTED_LINKS for w in between) or (
                m.reading is not None and m.reading.prep == "ب" and
                any(w in ("تنديدا", "للتنديد", "تندد", "منددين", "ينددون") for w in denounce))
            if not linked:
                continue
            ev.dropped = True
            victims = {id(a) for a in ev.target}
            if ev.source and (not p.target or any(id(a) in victims for a in p.target) or
                              all(a.ti >= m.ti for a in p.target)):
                p.target, p.target_text = [a for a in ev.source if a not in p.source][:1], None
            break


def _protesters_violence(drafts: list[EventDraft], toks: list[Tok]) -> None:
    """Violence by demonstrators in a sentence that reports their protest (اشتبك المتظاهرون مع الشرطة،
    مواجهات بين الشرطة والمتظاهرين، هاجم محتجون مقر الحزب) is the protest turning violent (PLOVER PROTEST),
    not an attack of its own: an attack whose agents include demonstrators is dropped. Force used on
    demonstrators (أطلقت الشرطة النار على المتظاهرين) stays an attack."""
    protesters = [a for d in drafts if d.type == "PROTEST" and not d.dropped for a in d.source]
    if not any(d.type == "PROTEST" and not d.dropped for d in drafts):
        return
    for ev in drafts:
        if ev.type != "ASSAULT" or ev.dropped:
            continue
        mutual = "mutual" in (ev.match.entry.get("flags") or ())
        # (a clash noun naming at most one side, in a sentence reporting a protest: ووقعت المواجهات عندما
        # احتشد متظاهرون، أخذ التجمع منحى المواجهات مع الشرطة: the demonstrators are the other side)
        lone_clash = mutual and ev.match.pos != "verb" and len(ev.source + ev.target) <= 1
        if _is_protesters(toks, ev.source) or any(a in protesters for a in ev.source) or lone_clash or \
                (mutual and _is_protesters(toks, ev.target)):
            ev.dropped = True   # (the protesters themselves, or a clash with them)
            others = [a for a in ev.source + ev.target if not _is_protesters(toks, [a]) and a not in protesters]
            if mutual and others:
                # مواجهات بين المتظاهرين والشرطة: the party they clash with is the protest's target
                for p in drafts:
                    if p.type == "PROTEST" and not p.dropped and not p.target and not p.target_text:
                        p.target = others[:1]


def _casualties_of_attack(drafts: list[EventDraft], toks: list[Tok]) -> None:
    """Casualties told before the attack that caused them (مقتل ستة مدنيين في هجوم انتحاري نفذته حركة X,
    قتل 3 جنود بتفجير شنه مسلحون): one attack; the casualty word takes the attack's agent and the attack
    the casualties as its victims."""
    for k, c in enumerate(drafts):
        if c.type != "ASSAULT" or c.dropped or _plain(toks[c.match.ti].f) not in CASUALTY_HEADS | {"مصرع"}:
            continue
        for a in drafts[k + 1:]:
            m = a.match
            if a.type != "ASSAULT" or a.dropped or m.ti - c.match.tj > 15 or m.pos == "verb":
                continue
            if any(toks[x].f in (".", "؛", ";", ":") for x in range(c.match.tj + 1, m.ti)):
                break
            linked = (m.reading is not None and m.reading.prep == "ب") or (m.ti > 0 and _in(toks[m.ti - 1].f,
                                                                                      CASUALTY_LINKS))
            if not linked and m.ti > 2 and toks[m.ti - 1].f == "من" and _plain(toks[m.ti - 2].f) in SERIES_NOUNS:
                linked = _in(toks[m.ti - 3].f, CASUALTY_LINKS)   # قتل 20 في سلسلة من الغارات: the series is the link
            if not linked:
                break
            # (the attack's own agent is named after it: هجوم نفذته حركة X، غارة للتحالف; a verb keeps its subject)
            if a.source and all(x.ti > m.tj for x in a.source) and not c.source_fixed and \
                    not (c.source and c.src_how in ("svo", "vso", "agent")):
                c.source = list(a.source)
            if c.target or c.target_text:
                a.target, a.target_text = list(c.target), c.target_text
            break


def _without_attributes(actors: list[Actor], toks: list[Tok], matches: list[Match]) -> list[Actor]:
    """Drop the generic agents that are adjectives of the event noun before them: a singular adjective
    agreeing in definiteness (هجوم انتحاري، التفجير الإرهابي); ``نفذ الهجوم انتحاري`` (definiteness differs)
    keeps its agent."""
    ends = {m.tj: toks[m.tj].f.lstrip("وف").startswith(("ال", "بال", "لل")) for m in matches if m.pos != "verb"}
    inside = {k for m in matches if m.pos == "phrase" for k in range(m.ti + 1, m.tj + 1)}   # هجوم انتحاري
    if not ends:
        return actors
    out = []
    for a in actors:
        w = toks[a.ti].f
        if a.etype == "AGENT" and a.ti == a.tj and w in ATTRIBUTIVE_AGENTS and not a.prep and not a.conj and (
                a.ti in inside or (a.ti - 1 in ends and w.startswith("ال") == ends[a.ti - 1])):
            continue
        out.append(a)
    return out


#: words opening a casualty report (سقط متظاهر قتيلا، إصابة 8 متظاهرين): what the demonstrators suffer
CASUALTY_OPENERS = CASUALTY_HEADS | {"سقط", "لقي", "اصيبت", "قتلت", "جرحت", "استشهدت", "اصابه", "استشهد"}
PROTEST_ACTIVITY_ENTRY = {"type": "PROTEST", "mode": "demo", "context": None, "flags": [], "pos": "verb",
                          "lemma": "protester-subject", "origin": "rule"}


def _fronted_adverbial(toks: list[Tok], k: int) -> bool:
    """Whether a place or time phrase opening the sentence (or clause) stands right before token ``k``
    (وفي لندن توجه المتظاهرون، في مدن كثيرة أحرق المتظاهرون): a verb may follow it."""
    for j in range(k - 2, max(-1, k - 5), -1):
        if toks[j].punct:
            return False
        if toks[j].f in ("في", "وفي"):
            return j == 0 or toks[j - 1].punct
    return False


def _protester_events(toks: list[Tok], actors: list[Actor]) -> list[EventDraft]:
    """Demonstrators as the subject of a finite verb report a protest (PLOVER PROTEST: marches,
    blocked roads, stones thrown, buildings stormed by demonstrators): ``وسار المتظاهرون نحو``,
    ``ورشق مئات المتظاهرين الشرطة``, ``متظاهرين أطلقوا``. The verb is the trigger, the demonstrators the
    source. Without a tagger a verb is recognised by its place: opening its clause (sentence start,
    after punctuation or a clause particle, or with و / ف written on it) right before the subject
    (quantities such as ``آلاف`` / ``مئات من`` may stand between), or a perfect plural (``ـوا``) right
    after the subject."""
    out: list[EventDraft] = []
    for a in actors:
        # (حشود من المتظاهرين، عشرات من المحتجين: a partitive after a quantity is the subject too)
        partitive = a.prep == "من" and a.ti > 1 and toks[a.ti - 2].f in QUANT_WORDS
        if a.etype != "AGENT" or (a.prep and not partitive) or not is_protester_word(toks[a.ti].f) and not (
                a.ti > 0 and toks[a.ti - 1].f in QUANT_WORDS and is_protester_word(toks[a.tj].f)):
            continue
        k = a.ti - 1
        steps = 0
        while k >= 0 and steps < 4 and (toks[k].f in SUBJECT_GAP_WORDS or toks[k].f in QUANT_WORDS or
                                         toks[k].f.isdigit() or toks[k].f in NUMBER_WORDS):
            k -= 1
            steps += 1
        verb = None
        if k >= 0 and not toks[k].punct and len(toks[k].f) >= 3 and not toks[k].f.startswith(("ال", "لل")) and \
                toks[k].f not in PREPOSITIONS and toks[k].f not in REPORT_CUES and \
                not any(x.ti <= k <= x.tj for x in actors) and \
                (k == 0 or toks[k - 1].punct or toks[k - 1].f in CLAUSE_OPENERS or _fronted_adverbial(toks, k) or
                 (toks[k].f[:1] in ("و", "ف") and len(toks[k].f) >= 4)):
            verb = k
        elif a.tj + 1 < len(toks):
            nxt = toks[a.tj + 1]
            if not nxt.punct and nxt.f.endswith("وا") and len(nxt.f) >= 4 and not nxt.f.startswith("ال"):
                verb = a.tj + 1
        if verb is not None and toks[verb].f in KANA_FORMS:
            # وكان متظاهرون قد حطموا ...: كان opens a pluperfect, the act is the verb after قد
            verb = next((k + 1 for k in range(a.tj + 1, min(len(toks) - 1, a.tj + 8))
                         if toks[k].f == "قد" and not toks[k + 1].punct), None)
        if verb is None or _plain(toks[verb].f) in CASUALTY_OPENERS:
            continue    # وسقط متظاهر قتيلا، إصابة 8 متظاهرين: demonstrators as casualties, not protesting
        rs = readings(toks[verb].f)
        match = Match(verb, verb, PROTEST_ACTIVITY_ENTRY, rs[-1] if rs else None, "verb")
        if match.reading is not None and match.reading.prep:
            continue
        ev = EventDraft(match, "PROTEST", "demo", None, source=[a])
        ev.src_how = "protesters"
        out.append(ev)
        break
    if not out:
        # المحتجين على قرار الحكومة، المتظاهرين ضد الحرب: demonstrators named with what they protest against
        for a in actors:
            last = toks[a.tj]
            if a.etype == "AGENT" and is_protester_word(last.f) and a.tj + 1 < len(toks) and \
                    _plain(toks[a.tj + 1].f) in ("علي", "ضد"):
                rs = readings(last.f)
                match = Match(a.tj, a.tj, PROTEST_ACTIVITY_ENTRY, rs[-1] if rs else None, "noun")
                ev = EventDraft(match, "PROTEST", "demo", None, source=[a])
                ev.src_how = "protesters"
                out.append(ev)
                break
    return out


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
    sentences = _sentences(doc)
    spoken: dict[str, list[tuple[int, str]]] | None = None
    for s_start, s_end in sentences:
        lo = bisect.bisect_left(starts, s_start)
        hi = bisect.bisect_left(starts, s_end)
        coding = code_sentence(doc, s_start, s_end, use_patterns, mentions[lo:hi])
        toks, places = coding.toks, coding.places
        for ev in coding.events:
            m = ev.match
            t_start, t_end = toks[m.ti].start, toks[m.tj].end
            codes = {}
            if spoken is None and ev.quote is not None:
                spoken = speaker_statement_dates(doc, sentences)
            date = _event_date(doc, ev, toks, s_start, s_end, spoken)
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
                on_behalf_of=on_behalf_of(ev, toks, date),
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
