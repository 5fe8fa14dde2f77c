"""Stage ``quotes.extract``: who said what, through which cue, in which words.

Adds the layer ``quotes`` (one span per quote, over the content) following
``shared/gold/SCHEMA.md`` section 9 and ``docs/CONTRACT.md``:

* cues: reporting verbs in every inflection and circumstantial participles
  (lexicon kept as data in ``rasid/quotes/data/cues.tsv``; present tense only in
  headlines, ``بين`` without shadda only when its content follows at once), the
  noun ``قوله`` of a relay (``نقلت وكالة … عن X قوله``), the headline colon
  (``رئيس العراق: …``), a colon right before a quotation mark, a quotation placed
  before its cue (``«…»، قال الوزير``), and a paragraph that opens inside a
  quotation (cut off by the page, or continued from the previous paragraph);
* content: direct (between quotation marks, any of ``" “ ” « » „`` paired by their
  position against spaces and letters, nested name quotes allowed), indirect
  (after ``أن/إن/بأن`` or the cue's preposition, to the end of the reported
  clause: sentence end, next cue, outlet comment ``، وهو …``) or mixed;
  an unclosed quotation ends at the next cue or the paragraph end, a closing mark
  with no opener ends the content where it stands;
* speaker: the entity mention the cue attaches to (``entities`` layer: PER, then
  TITLE (its holder), then ORG/GPE/LOC), else a title/name heuristic from the word
  lists in ``rasid/quotes/data/words.tsv``; an SVO subject earlier in the sentence
  (``وكان X قد أكد``); an implicit subject (``وأضاف``, ``مشيرا``, ``لكنه شدد``)
  takes the last explicit speaker, agreeing in gender when the verb shows it,
  across paragraphs;
* medium: interview, statement, briefing, social media, relay, said-to (outlet or
  addressee).

``find_quotes(doc)`` returns the quotes as plain dicts without touching ``doc``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from functools import lru_cache

from rasid.arabic.normalize import fold as _fold_raw
from rasid.document import Document
from rasid.pipeline import Stage
from rasid.quotes.lexicon import DIAC, WORDCH, CueForm, Lexicon, find_cues, lexicon

NAME = "quotes.extract"
VERSION = "0.1.0"
PRODUCER = f"{NAME}@{VERSION}"

QUOTE_CHARS = "\"“”«»„‟"
CONTENT_ZONES = ("title", "body")
SPEAKER_TYPES = ("PER", "TITLE", "ORG", "GPE", "LOC")

TOKEN_RE = re.compile(rf"[{WORDCH}]+|[^\s{WORDCH}]")
QUOTE_RE = re.compile(f"[{QUOTE_CHARS}]")
SENT_END_RE = re.compile(r"(?<!\.)[.!?؟](?!\.)(?=\s|$)")
# what ends an indirect clause: a sentence end, a quotation mark, or a comma before an outlet comment
SCAN_RE = re.compile(rf"(?<!\.)[.!?؟](?!\.)(?=\s|$)|[{QUOTE_CHARS}]|[،,]\s*(?=[{WORDCH}])")
COLON_QUOTE_RE = re.compile(rf":\s*(?=[{QUOTE_CHARS}])")
SPACE_RE = re.compile(r"[\s\u00a0]*")
WORD_START_RE = re.compile(rf"[{WORDCH}]")
_LETTER = re.compile(rf"[{WORDCH}]")
_AR_WORD = re.compile(r"[\u0621-\u064A]")

# medium phrases (right after the cue or its subject)
_D = f"[{DIAC}]*"
MEDIUM_RES = (
    ("said_to", re.compile(rf"ل(?:ـ|\s)*(?=[{QUOTE_CHARS}]|وكال|صحيف|قنا[ةه]|موقع|إذاع|اذاع|تلفزيون|راديو)")),
    # one word with the preposition li- right after the subject: the addressee or outlet (لرويترز)
    ("said_to_word", re.compile(r"ل(?!دى|كن|ذلك|أن|ان|م |ن |ا |هذا|هذه|ل)[\u0621-\u064A]{3,}(?=[\s،,:.]|$)")),
    ("interview_with", re.compile(r"في\s+(?:حديث|مقابل[ةه]|تصريح|تصريحات|حوار|لقاء)(?=[\s،,:.]|$)")),
    ("written_statement", re.compile(r"(?:في|عبر)\s+(?:بيان|بلاغ|تغريد[ةه]|منشور|رسال[ةه])(?=[\s،,:.]|$)")),
    ("social_media", re.compile(r"(?:عبر|على|في)\s+(?:منص[ةه]|حساب[هي]?[اـ]?|صفحت[هي]|تغريد[ةه]|تدوين[ةه]|منشور)(?=[\s،,:.]|$)")),
    ("according_to_statement",
     re.compile(rf"(?:وفق{_D}ا?{_D}|بحسب|حسب|طبق{_D}ا?{_D})\s+(?:لل|ل|ما\s+جاء\s+في\s+)?(?:ال)?(?:بيان|بلاغ)")),
    ("press_briefing", re.compile(r"(?:في|خلال)\s+(?:إفاد[ةه]|افاد[ةه]|مؤتمر|ايجاز|إيجاز)\s+(?:صحفي|صحافي)[ةه]?")),
)


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    return _fold_raw(token)


# --------------------------------------------------------------------------- data classes
@dataclass
class Mention:
    start: int
    end: int
    type: str
    entity_id: str | None
    text: str


@dataclass
class Speaker:
    entity_id: str | None
    start: int
    end: int
    text: str
    fem: bool | None = None


@dataclass
class Cand:
    """A cue found in pass 1, with what follows it."""

    cue_start: int
    cue_end: int
    attach: int                      # where the clause of this cue begins (previous content stops before)
    kind: str                        # past, present, participle, noun, relay, colon, headline, orphan
    fem: bool | None = None
    speaker: Speaker | None = None
    implicit: bool = True
    content_start: int | None = None
    opener: int | None = None        # index of the opening quotation mark
    object_frame: bool = False
    medium: dict[str, Any] | None = None
    secondary: dict[str, Any] | None = None
    addressee: Speaker | None = None
    headline: bool = False
    marker: int | None = None        # position of the colon/quote/complementizer that opened the content
    consumed: list[int] = field(default_factory=list)  # cue starts absorbed (قائلا after a verb)
    hard_end: int | None = None      # a fixed content end (orphan quotes)


# --------------------------------------------------------------------------- helpers
def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _is_word_char(ch: str) -> bool:
    return bool(_LETTER.match(ch)) and ch != "\u0640"


_DEFAULT_CLASS = {"«": "open", "„": "open", "‟": "open", "“": "open", "»": "close", "”": "close", '"': "amb"}


def qclass(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'amb' for the quotation mark at ``i``.

    Decided by its neighbours (a mark between a space and a letter opens, between a letter and a
    space or punctuation closes), so that reversed guillemets or ” used as an opener still pair;
    the glyph's usual role only breaks ties.
    """
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    pw = _is_word_char(prev)
    nw = _is_word_char(nxt)
    if not pw and nw:
        return "open"
    if pw and not nw:
        return "close"
    default = _DEFAULT_CLASS.get(ch, "amb")
    if not pw and not nw:
        if prev in "،,.!?؟;)" or prev in QUOTE_CHARS:
            return "close"
        if prev in "(:" or prev == "\u0640":
            return "open"
        if nxt in QUOTE_CHARS:
            return "open" if default != "close" else "close"
    return default


def _mention_order(m: "Mention") -> tuple[int, int]:
    return (m.start, -m.end)


class _Ctx:
    """Everything one document needs: text, content lines, mentions, lexicon."""

    def __init__(self, doc: Document, lex: Lexicon):
        self.doc = doc
        self.text = doc.text
        self.lex = lex
        self.W = lex.words
        ms: list[Mention] = []
        text = self.text
        for sp in doc.spans("entities"):
            label = sp.label
            if label not in SPEAKER_TYPES:
                continue
            attrs = sp.attrs
            eid = (attrs.get("holder_entity_id") if label == "TITLE" else None) or attrs.get("entity_id")
            ms.append(Mention(sp.start, sp.end, label, eid if isinstance(eid, str) else None,
                              text[sp.start:sp.end]))
        ms.sort(key=_mention_order)
        self.all_mentions = ms
        outer: list[Mention] = []
        last_end = -1
        for m in ms:
            if m.start < last_end:
                continue
            outer.append(m)
            last_end = m.end
        self.mentions = outer
        self.starts = [m.start for m in outer]
        self.has_entities = bool(ms)
        self.history: list[Speaker] = []
        self.open_quote = False   # the last quote was opened and never closed

    # ---------------------------------------------------------------- words
    def f(self, token: str) -> str:
        return fold(token)

    def isw(self, cat: str, token: str) -> bool:
        return fold(token) in self.W.get(cat, frozenset())

    def tokens(self, pos: int, end: int, limit: int = 60) -> list[re.Match[str]]:
        out = []
        for m in TOKEN_RE.finditer(self.text, pos, end):
            out.append(m)
            if len(out) >= limit:
                break
        return out

    def mention_at(self, pos: int, slack: int = 0) -> Mention | None:
        i = bisect.bisect_left(self.starts, pos)
        if i < len(self.mentions) and self.mentions[i].start <= pos + slack:
            return self.mentions[i]
        return None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def cue_form(self, word: str) -> CueForm | None:
        return self.lex.forms.get(fold(word))


def _best_mention(ms: list[Mention]) -> Mention | None:
    for t in ("PER", "TITLE", "ORG", "GPE", "LOC"):
        for m in ms:
            if m.type == t:
                return m
    return None


def _speaker_of(m: Mention, fem: bool | None) -> Speaker:
    return Speaker(m.entity_id, m.start, m.end, m.text, fem)


def _strip_proclitic(tok: str) -> str:
    return tok[1:] if len(tok) > 3 and tok[0] in "وف" else tok


# --------------------------------------------------------------------------- subjects
def _subject_after(ctx: _Ctx, pos: int, end: int, fem: bool | None,
                   preps: tuple[str, ...] = ()) -> tuple[Speaker | None, int]:
    """The overt subject right after a verb cue, and the position after it."""
    text = ctx.text
    p = _skip_space(text, pos, end)
    # short words that may stand between a verb and its subject (تعهدت فيها واشنطن)
    skipped = 0
    probe = p
    while skipped < 2:
        m = TOKEN_RE.match(text, probe, end)
        if not m or not ctx.isw("skip", m.group()):
            break
        probe = _skip_space(text, m.end(), end)
        skipped += 1
    # a statement as subject: بيان (صادر) عن X / بيان لـX -> the speaker is X
    st = TOKEN_RE.match(text, p, end)
    if st and ctx.isw("statement", st.group()):
        q = st.end()
        for _ in range(2):
            nt = TOKEN_RE.match(text, _skip_space(text, q, end), end)
            if not nt:
                break
            fn = fold(nt.group())
            if fn in ("عن", "من", "ل", "لـ"):
                sp, after = _subject_after(ctx, nt.end(), end, fem, preps)
                if sp is not None:
                    return sp, after
                break
            if fn[:1] == "ل" and len(fn) > 3:
                sp, after = _subject_after(ctx, nt.start() + 1, end, fem, preps)
                if sp is not None:
                    return sp, after
                break
            q = nt.end()
    for start in ((p, probe) if probe != p else (p,)):
        m = ctx.mention_at(start)
        if m is not None and m.start == start:
            return _mention_chain(ctx, m, end, fem)
    sp, after = _heuristic_subject(ctx, p, end, fem, preps)
    if sp is None and probe != p:
        sp, after = _heuristic_subject(ctx, probe, end, fem, preps)
    return _with_mention(ctx, sp, p, after), after


def _with_mention(ctx: _Ctx, sp: Speaker | None, lo: int, hi: int) -> Speaker | None:
    """A heuristic subject span replaced by the entity mention inside its phrase, when there is one
    (the entity stages found the name but not the title before it)."""
    if sp is None or not ctx.has_entities:
        return sp
    best = _best_mention([m for m in ctx.mentions_in(lo, max(hi, sp.end)) if m.start < hi])
    if best is None:
        return sp
    out = _speaker_of(best, sp.fem)
    return out


_GAP_RE = re.compile(r"[\s،,()\-–]*")


def _mention_chain(ctx: _Ctx, first: Mention, end: int, fem: bool | None) -> tuple[Speaker, int]:
    text = ctx.text
    chain = [first]
    pos = first.end
    while True:
        g = _GAP_RE.match(text, pos, end)
        nxt_pos = g.end() if g else pos
        if "(" in text[pos:nxt_pos] or nxt_pos >= end:
            break
        m = ctx.mention_at(nxt_pos)
        if m is None or m.start != nxt_pos or m.type not in ("PER", "TITLE"):
            break
        if chain[-1].type == "PER" and m.type == "PER":
            break
        chain.append(m)
        pos = m.end
    best = _best_mention(chain) or first
    if fem is None and best.type == "TITLE":
        fem = fold(best.text.split()[0]).endswith("ه")
    return _speaker_of(best, fem), pos


_NAME_LINKS = {"عبد", "ابو", "ابي", "بن", "ابن", "ال", "عبدال", "ولد", "بنت", "ام"}


def _heuristic_subject(ctx: _Ctx, pos: int, end: int, fem: bool | None,
                       preps: tuple[str, ...] = ()) -> tuple[Speaker | None, int]:
    """A subject noun phrase from title/organisation heads and name-like words (no entity found).

    Returns the speaker span (the name when a title and a name are both there) and the end of the
    whole subject phrase.
    """
    text = ctx.text
    W = ctx.W
    toks = ctx.tokens(pos, end, 18)
    if not toks:
        return None, pos
    first = toks[0].group()
    ff = fold(first)
    if (not _AR_WORD.search(first) or len(ff) < 3 or ff in W["comp"] or ff in W["comp_clitic"]
            or ff in W["adverbial"] or ff in W["secondary"] or ff in W["object_noun"] or ctx.cue_form(first)):
        return None, pos
    is_title = ff in W["title"]
    is_org = ff in W["org_head"]
    if not (is_title or is_org):
        # a bare name (معصوم, رشيد), a nisba surname (الخفاجي) or a dual collective (الجانبان)
        if ff.startswith("ال") and not (ff.endswith("ي") or ff.endswith("ان")):
            return None, pos
        if _prep_phrase(W, ff) or (ff[0] in "لب" and ff[1:] in W["adverbial"]):
            return None, pos
        if ff[0] == "و" and len(ff) >= 5 and ff[-1] == "ت":
            return None, pos      # a conjunction and a verb opening a new clause (وأجابت …), not a name
    mode = "title" if is_title else ("org" if is_org else "name")
    title_part: list[re.Match[str]] = []
    name_part: list[re.Match[str]] = []
    last_end = pos
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        w = t.group()
        fw = fold(w)
        prev_fw = fold(toks[i - 1].group()) if i else ""
        if w in "،,":
            nxt = toks[i + 1].group() if i + 1 < n else ""
            fn = fold(nxt)
            if (mode == "title" and not name_part and _AR_WORD.search(nxt) and len(fn) > 1
                    and fn not in W["adverbial"] and fn not in W["comp"] and fn not in W["comp_clitic"]
                    and fn not in W["object_noun"] and not ctx.cue_form(nxt)):
                i += 1
                continue
            if fn in W["title"] and mode in ("title", "name") and not name_part:
                i += 1
                continue
            break
        if w in QUOTE_CHARS and mode in ("title", "org") and not name_part and title_part \
                and fold(title_part[-1].group()) in W["type_noun"]:
            close_at = _quote_pair_end(ctx, t.start(), end, 3)
            if close_at is None:
                break
            j = i + 1
            while j < n and toks[j].start() < close_at:
                j += 1
            title_part.extend(toks[i:j])       # صحيفة «فرانكفورتر ألجماينه تسيتونغ»
            last_end = close_at
            i = j
            continue
        if w == "(" and mode in ("title", "org") and not name_part:
            close = next((j for j in range(i + 1, min(n, i + 6)) if toks[j].group() == ")"), None)
            if close is None:
                break
            title_part.extend(toks[i:close + 1])
            last_end = toks[close].end()
            i = close + 1
            continue
        if (not _AR_WORD.search(w) or len(fw) < 2 or fw in W["comp"] or fw in W["comp_clitic"]
                or fw in W["secondary"] or ctx.cue_form(w) is not None):
            break
        if fw in W["adverbial"] and fw != "من":
            break
        if len(title_part) + len(name_part) >= 9:
            break
        if mode in ("title", "org"):
            if i and fw.startswith("لل") and mode == "org" and fw in W["adverbial"]:
                break
            if len(title_part) >= 2 and fw.startswith("ال") and fw.endswith("ين") and fw not in W["title"] \
                    and prev_fw not in ("باسم", "لشوون"):
                break       # a plural object after a complete title: حث قائد الجيش العسكريين على
            if (fw in W["title"] or fw in W["org_head"] or fw.startswith("ال") or fw in ("باسم", "لشوون")
                    or prev_fw in ("باسم", "لشوون") or (i and fw.startswith("لل"))
                    or (fw.startswith("وال") and prev_fw.startswith("لل"))):    # الهيئة العامة للغذاء والدواء
                title_part.append(t)
            elif fw.startswith("وال") and prev_fw.startswith("ال") and mode == "title":
                title_part.append(t)      # مدير جمعية الثقافة والفنون
            elif fw in W["object_noun"] or _prep_phrase(W, fw) or (fw[0] == "ل" and not name_part):
                break
            elif (mode == "title" and 1 <= len(title_part) <= 2 and not title_part[-1].group().startswith("ال") and not title_part[0].group().startswith("ال")
                  and fold(title_part[0].group()) not in W["rank"]):
                title_part.append(t)      # مسؤول أمريكي، مصدر مطلع: an indefinite head takes adjectives
            elif mode == "org":
                if prev_fw in W["org_head"]:
                    title_part.append(t)      # وكالة رويترز, حركة حماس
                else:
                    break
            else:
                mode = "name"
                name_part.append(t)
        else:
            links = sum(1 for x in name_part if fold(x.group()) in _NAME_LINKS)
            if fw in W["title"] or fw in W["object_noun"] or fw in W["skip"] or len(name_part) >= 4 + links:
                break
            if name_part and fw[0] == "م" and fw[-1] == "ا" and len(fw) >= 5:
                break       # a circumstantial adjective: قال كيري مازحا
            if name_part and (fw.startswith("باسم") or (fw[0] == "و" and len(fw) > 3)):
                break       # الملك سلمان باسمه واسم شعب …
            if name_part and _prep_phrase(W, fw) and prev_fw not in _NAME_LINKS:
                break
            if name_part and "ب" in preps and fw[0] == "ب":
                break
            if fw.startswith("ال") and name_part and not (fw.endswith("ي") or prev_fw in _NAME_LINKS):
                break
            name_part.append(t)
        last_end = t.end()
        i += 1
    part = name_part or title_part
    if not part:
        return None, pos
    if mode == "name" and not title_part and i < n:
        # a bare word taken as a name must be followed by what follows a subject, not by more words
        nw = toks[i].group()
        fn = fold(nw)
        if not (nw in "،,:()" or nw in QUOTE_CHARS or fn in W["comp"] or fn in W["comp_clitic"]
                or fn in W["adverbial"] or fn in W["secondary"] or fn in W["skip"] or fn[:1] in "لب"
                or fn in W["title"] or fn in W["object_noun"]):
            return None, pos
    s, e = part[0].start(), part[-1].end()
    if fem is None:
        fem = fold((title_part or name_part)[0].group()).endswith("ه")
    return Speaker(None, s, e, text[s:e], fem), last_end


def _prep_phrase(W: dict[str, frozenset[str]], fw: str) -> bool:
    """A word that opens a prepositional phrase (للسفيرة, بالحدود, لوكالة) rather than continuing a name."""
    if fw.startswith(("لل", "بال", "وال")) or (len(fw) >= 5 and fw.startswith(("بم", "لم", "بت", "لت"))):
        return True
    rest = fw[1:]
    return fw[0] in "لب" and (rest in W["type_noun"] or rest in W["org_head"] or rest in W["title"]
                              or rest in W["object_noun"])


def _gap_subject(ctx: _Ctx, pos: int, end: int, fem: bool | None,
                 preps: tuple[str, ...]) -> tuple[Speaker | None, int]:
    """Words between a verb and its complementizer, colon, quotation mark or medium are its subject
    (``وقال المحلل السياسي خالد العمري لـ"…": …``), when no list knows their head."""
    text = ctx.text
    W = ctx.W
    toks = ctx.tokens(pos, end, 8)
    for k, t in enumerate(toks):
        w = t.group()
        fw = fold(w)
        is_marker = (w == ":" or w in QUOTE_CHARS or fw in W["comp"] or fw in W["comp_clitic"]
                     or (preps and fw in preps) or (k and _medium_at(ctx, t.start(), end)[0] is not None))
        if is_marker:
            if not 1 <= k <= 6:
                return None, pos
            words = toks[:k]
            folded = [fold(x.group()) for x in words]
            title_at = next((j for j in range(1, len(words)) if folded[j] in W["title"]), None)
            if title_at is not None and folded[0] not in W["title"] and folded[0] not in W["org_head"]:
                part = words[:title_at]          # name, then its title (سعد الصعب نائب رئيس النادي)
            else:
                # a title phrase (definite words) followed by a name (words without the article)
                name_from = None
                for j in range(len(words) - 1, -1, -1):
                    if folded[j].startswith("ال"):
                        break
                    name_from = j
                part = words[name_from:] if name_from not in (None, 0) else words
            s0, e0 = part[0].start(), part[-1].end()
            sp = Speaker(None, s0, e0, text[s0:e0], fem)
            return _with_mention(ctx, sp, words[0].start(), words[-1].end()), words[-1].end()
        if (not _AR_WORD.search(w) or fw in W["adverbial"] or fw in W["skip"] or fw in W["object_noun"]
                or fw in W["secondary"] or ctx.cue_form(w) is not None or len(fw) < 2
                or (k == 0 and fw[0] == "و" and len(fw) >= 5 and fw[-1] == "ت")):
            return None, pos
    return None, pos


_LEAD_PARTICLES = {"يذكر", "كان", "وكان", "ان", "وان", "قد", "وقد", "ثم", "كما", "اما", "واما", "فيما", "بينما",
                   "بدوره", "بدورها", "جانبه", "جانبها", "من", "ومن", "جهته", "جهتها"}


def _subject_before(ctx: _Ctx, lo: int, cue_start: int, fem: bool | None,
                    blocked: list[tuple[int, int]], loose: bool = False) -> Speaker | None:
    """An SVO subject earlier in the sentence (``وكان X … أكد``, headline ``العراق يؤكد``)."""
    ms = [m for m in ctx.mentions_in(lo, cue_start)
          if not any(a <= m.start < b for a, b in blocked)]
    best = _best_mention(ms)
    if best is not None:
        f = fem
        if f is None and best.type == "TITLE":
            f = fold(best.text.split()[0]).endswith("ه")
        return _speaker_of(best, f)
    # no mention: a title/name phrase at the clause start (after يذكر أن, وكان ...)
    toks = [t for t in ctx.tokens(lo, cue_start, 40) if t.group() not in "،,"]
    while toks and fold(toks[0].group()) in _LEAD_PARTICLES:
        toks = toks[1:]
    if not toks:
        return None
    f0 = fold(toks[0].group())
    if f0[:1] in "وف" and f0 not in ctx.W["title"] and f0 not in ctx.W["org_head"] and not loose:
        return None     # a clause opening with a conjunction and a verb (وجرت …), not a subject
    sp, _ = _heuristic_subject(ctx, toks[0].start(), cue_start, fem)
    if sp is None and loose:
        # headline: the subject ends before a second verb (السعودية ترحب بالاتفاق وتدعو …)
        for k in range(1, len(toks)):
            fk = fold(toks[k].group())
            if len(fk) >= 4 and (fk[0] in "يت" or (fk[0] == "و" and fk[1] in "يت")):
                toks = toks[:k]
                break
    if sp is None and loose and len(toks) <= 4 and all(_AR_WORD.search(t.group()) for t in toks):
        s, e = toks[0].start(), toks[-1].end()
        sp = Speaker(None, s, e, ctx.text[s:e], fem)
    return sp


# --------------------------------------------------------------------------- medium and content start
def _quote_pair_end(ctx: _Ctx, i: int, end: int, max_tokens: int = 5) -> int | None:
    """End (after the closing mark) of a short quoted name that opens at ``i``."""
    text = ctx.text
    n = 0
    for m in TOKEN_RE.finditer(text, i + 1, end):
        w = m.group()
        if w in QUOTE_CHARS:
            return m.end()
        n += 1
        if n > max_tokens:
            return None
    return None


_MEDIUM_FIRST = frozenset("لفعوبحطخ")


def _medium_at(ctx: _Ctx, pos: int, end: int) -> tuple[dict[str, Any] | None, int]:
    text = ctx.text
    if pos >= end or text[pos] not in _MEDIUM_FIRST:
        return None, pos
    for relation, rx in MEDIUM_RES:
        m = rx.match(text, pos, end)
        if not m:
            continue
        if relation == "said_to_word":
            s, e = m.start(), m.end()
            mm = next((x for x in ctx.mentions_in(s, e + 1) if x.entity_id), None)
            med = {"text": text[s:e], "start": s, "end": e, "entity_id": mm.entity_id if mm else None,
                   "relation": "said_to"}
            if mm is not None and mm.type in ("PER", "TITLE"):
                med["addressee"] = True
            return med, e
        # extend to the next comma, colon or complementizer outside a name quote
        p = m.end()
        n = 0
        stop = p
        while p < end and n < 10:
            t = TOKEN_RE.search(text, p, end)
            if not t:
                stop = end
                break
            w = t.group()
            if w in QUOTE_CHARS:
                close = _quote_pair_end(ctx, t.start(), end)
                if close is None:
                    stop = t.start()
                    break
                p = stop = close
                n += 1
                continue
            if w in "،,:.()" and w != "(" or ctx.isw("comp", w) or ctx.isw("comp_clitic", w) or ctx.cue_form(w):
                if w == ")":
                    p = stop = t.end()
                    continue
                stop = t.start()
                break
            if w == "(":
                p = stop = t.end()
                continue
            p = stop = t.end()
            n += 1
        s, e = m.start(), stop
        while e > s and text[e - 1].isspace():
            e -= 1
        eid = next((mm.entity_id for mm in ctx.mentions_in(s, e) if mm.type in ("ORG", "PER") and mm.entity_id),
                   None)
        return ({"text": text[s:e], "start": s, "end": e, "entity_id": eid, "relation": relation}, e)
    return None, pos


def _after_comp(ctx: _Ctx, cand: Cand, pos: int, end: int) -> bool:
    """Set the content start after a complementizer/preposition ending at ``pos``."""
    text = ctx.text
    p = _skip_space(text, pos, end)
    if p < end and text[p] == ":":
        cand.marker = p                      # مشيرا إلى : "…"
        return _after_comp(ctx, cand, p + 1, end)
    if p < end and text[p] in QUOTE_CHARS:
        cand.opener = p
        cand.content_start = p + 1
        return True
    t = TOKEN_RE.match(text, p, end)
    if t and (ctx.isw("comp", t.group())):
        return _after_comp(ctx, cand, t.end(), end)
    if t and ctx.isw("comp_clitic", t.group()):
        q = _skip_space(text, t.end(), end)
        if q < end and text[q] in QUOTE_CHARS:
            cand.opener = q
            cand.content_start = q + 1
        else:
            cand.content_start = t.start()
        return True
    if t and ctx.isw("hope_noun", t.group()):
        u = TOKEN_RE.match(text, _skip_space(text, t.end(), end), end)
        if u:
            fu = fold(u.group())
            if fu in ("في", "ان", "بان"):
                return _after_comp(ctx, cand, u.end(), end)
            if fu.startswith("ب") and len(fu) > 3:
                cand.content_start = u.start() + 1
                return True
    if p < end:
        cand.content_start = p
        return True
    return False


def _find_content_start(ctx: _Ctx, cand: Cand, form: CueForm | None, pos: int, end: int, frames: str,
                        preps: tuple[str, ...], immediate_only: bool = False) -> bool:
    """Walk from ``pos`` past adverbials and a medium phrase to the content; fills ``cand``."""
    text = ctx.text
    p = pos
    skipping = False
    first = True
    n = 0
    while p < end and n < 45:
        p = _skip_space(text, p, end)
        if p >= end:
            break
        if not skipping or text[p - 1:p] in "،," or first:
            med, q = _medium_at(ctx, p, end)
            if med is not None:
                if cand.medium is None:
                    cand.medium = med
                p = q
                first = True
                skipping = False
                n += 1
                continue
        t = TOKEN_RE.match(text, p, end)
        if not t:
            break
        w = t.group()
        fw = fold(w)
        n += 1
        if w == ":":
            if "C" not in frames and "Q" not in frames:
                return False
            cand.marker = t.start()
            q = _skip_space(text, t.end(), end)
            if q < end and text[q] in QUOTE_CHARS:
                cand.opener = q
                cand.content_start = q + 1
            elif q < end:
                return _after_comp(ctx, cand, t.end(), end)
            else:
                return False
            return True
        if w in QUOTE_CHARS:
            # a short quoted name (عبر منصة «تروث سوشيال»: / وقالت «هيومن رايتس ووتش» إن) is not the content
            close = _quote_pair_end(ctx, t.start(), end, 4)
            if close is not None:
                after_close = TOKEN_RE.match(text, _skip_space(text, close, end), end)
                nxt = after_close.group() if after_close else ""
                short = sum(1 for x in TOKEN_RE.finditer(text, t.end(), close - 1) if _AR_WORD.search(x.group())) <= 3
                continues = (short and after_close is not None and _AR_WORD.search(nxt) and not ctx.cue_form(nxt)
                             and not ctx.isw("attach", nxt) and not ctx.isw("comment", nxt))
                if ((skipping or not first) and nxt in (":", "،", ",")) or ctx.isw("comp", nxt) \
                        or (nxt == ":" and first) or continues:
                    if first and n == 1 and cand.speaker is None and cand.kind in ("past", "present"):
                        # the subject itself is a quoted name: وقالت «هيومن رايتس ووتش» إن …
                        m0 = _best_mention(ctx.mentions_in(t.start(), close))
                        cand.speaker = (_speaker_of(m0, cand.fem) if m0 else
                                        Speaker(None, t.start() + 1, close - 1, text[t.start() + 1:close - 1], cand.fem))
                        cand.implicit = False
                    p = close
                    continue
            if "Q" not in frames and not skipping:
                return False
            if qclass(text, t.start(), 0, len(text)) == "close" and not first:
                return False
            cand.marker = t.start()
            cand.opener = t.start()
            cand.content_start = t.end()
            return True
        if SENT_END_RE.match(text, t.start()) and w in ".!?؟":
            return False
        if w in "،,":
            first = True
            skipping = False
            p = t.end()
            continue
        if fw in ctx.W["comp"] or fw in ctx.W["comp_clitic"]:
            if "T" not in frames:
                return False
            cand.marker = t.start()
            if fw in ctx.W["comp"]:
                return _after_comp(ctx, cand, t.end(), end)
            return _after_comp(ctx, cand, t.start(), end)
        if fw in ctx.W["skip"] and not skipping:
            p = t.end()                      # وأوضح معاليه أن / تعهدت فيها
            continue
        if fw in ctx.W["secondary"]:
            cand.secondary = {"text": w, "start": t.start(), "end": t.end()}
            cand.consumed.append(t.start())
            p = t.end()
            first = True
            continue
        if "P" in frames and preps:
            if fw in preps or (fw == "الي" and "الي" in preps):
                cand.marker = t.start()
                return _after_comp(ctx, cand, t.end(), end)
            if "ب" in preps and fw.startswith("ب") and len(fw) > 3 and (not skipping or n <= 4):
                cand.marker = t.start()
                if fold(w[:3]) in ("بان",) and len(fw) <= 5 and fw in ctx.W["comp"] | ctx.W["comp_clitic"]:
                    return _after_comp(ctx, cand, t.end(), end)
                cand.content_start = t.start() + 1
                return True
        if ctx.cue_form(w) and form is not None and n > 1:
            return False
        if immediate_only:
            return False
        if first and not skipping and cand.speaker is not None and fw in ctx.W["title"] and n <= 2:
            skipping = True          # an apposition after the name: أعلن X عضو المكتب السياسي … أن
            first = False
            p = t.end()
            continue
        if first and not skipping and fw.startswith(("بال", "لل")):
            skipping = True          # a prepositional phrase (بالطائف، للصحفيين) before the content
            first = False
            p = t.end()
            continue
        if first and not skipping and "O" in frames and _AR_WORD.search(w) and fw not in ctx.W["adverbial"] \
                and not fw.startswith("ل") and w not in "()":
            cand.object_frame = True
            cand.content_start = t.start()
            return True
        if skipping and "O" in frames and fw in ctx.W["object_noun"]:
            cand.object_frame = True       # أكد … خلال الاتصال حرص المملكة على …
            cand.content_start = t.start()
            return True
        if fw in ctx.W["adverbial"] or w in "()" or not _AR_WORD.search(w) or skipping:
            skipping = True
            first = False
            p = t.end()
            continue
        # a plain word that is neither content opener nor adverbial
        if (n > 1 or "P" in frames) and "O" not in frames:
            skipping = True
            first = False
            p = t.end()
            continue
        return False
    return False


# --------------------------------------------------------------------------- content end
def _attach_start(ctx: _Ctx, cue_start: int, line_start: int) -> int:
    """Where the clause of a cue begins: before ``، فيما``, ``، و``, ``كما``, commas and spaces."""
    text = ctx.text
    p = cue_start
    for _ in range(3):
        q = p
        while q > line_start and text[q - 1].isspace():
            q -= 1
        # a particle word before
        m = re.search(rf"(?<![{WORDCH}])([{WORDCH}]+)$", text[max(line_start, q - 12):q])
        if m and fold(m.group(1)) in ctx.W["attach"]:
            p = q - len(m.group(1))
            continue
        if q > line_start and text[q - 1] in "،,":
            q -= 1
            while q > line_start and text[q - 1].isspace():
                q -= 1
            p = q
            break
        p = q
        break
    return p


def _is_name_quote(ctx: _Ctx, a: int, b: int) -> bool:
    """Is the quoted segment text[a:b] (inside the marks) a name rather than quoted words?"""
    for m in ctx.all_mentions:
        if m.start <= a + 1 and m.end >= b - 1 and m.type in ("ORG", "PER", "GPE", "LOC"):
            return True
        if m.start >= a and m.end <= b and (m.end - m.start) >= 0.6 * (b - a) and m.type != "TITLE":
            return True
    toks = [t.group() for t in TOKEN_RE.finditer(ctx.text, a, b) if _AR_WORD.search(t.group())]
    before = ctx.text[max(0, a - 14):a - 1]
    bt = TOKEN_RE.findall(before)
    if bt and (fold(_strip_proclitic(bt[-1])) in ctx.W["type_noun"] or fold(bt[-1]) in ctx.W["type_noun"]):
        return True
    if len(toks) == 1 and not fold(toks[0]).startswith("ال") and not ctx.has_entities:
        return True
    return False


def _close_direct(ctx: _Ctx, opener: int, limit: int, para_end: int) -> tuple[int, bool]:
    """End of a direct quote opened at ``opener``: (index of the closing mark or content end, balanced)."""
    text = ctx.text
    depth = 1
    stack: list[int] = []
    for m in QUOTE_RE.finditer(text, opener + 1, para_end):
        i = m.start()
        c = qclass(text, i, 0, len(text))
        if c == "open":
            # an opener after a complementizer or colon that is not a short name: the outer quote was left open
            before = text[max(0, i - 10):i].rstrip()
            bt = TOKEN_RE.findall(before)
            if bt and (bt[-1] == ":" or ctx.isw("comp", bt[-1]) or ctx.isw("comp_clitic", bt[-1])):
                short = _quote_pair_end(ctx, i, para_end, 3)
                if short is None:
                    return min(limit, _clause_start_before(ctx, i, opener)), False
            depth += 1
            stack.append(i)
        else:
            depth -= 1
            if depth == 0:
                return i, True
            stack.pop() if stack else None
    return limit, False


def _clause_start_before(ctx: _Ctx, i: int, lo: int) -> int:
    """The start of the sentence holding ``i`` (for an unclosed quote that is reopened later)."""
    text = ctx.text
    best = lo
    for m in SENT_END_RE.finditer(text, lo, i):
        best = m.start()
    return best if best > lo else i


def _scan_indirect(ctx: _Ctx, start: int, limit: int) -> tuple[int, str, bool]:
    """End of an indirect content starting at ``start``: (end, kind, balanced)."""
    text = ctx.text
    depth = 0
    open_at = -1
    mixed = False
    for m in SCAN_RE.finditer(text, start, limit):
        s = m.group()
        if s[0] in QUOTE_CHARS:
            c = qclass(text, m.start(), 0, len(text))
            if c == "open" or (c == "amb" and depth == 0):
                depth += 1
                if depth == 1:
                    open_at = m.start()
            else:
                if depth == 0:
                    return m.start(), "direct", False   # closing mark with no opener: the opener was lost
                depth -= 1
                if depth == 0 and not _is_name_quote(ctx, open_at + 1, m.start()):
                    mixed = True
            continue
        if depth > 0:
            continue
        if s[0] in "،,":
            nxt = TOKEN_RE.match(text, m.end(), limit)
            if nxt and ctx.isw("comment", nxt.group()):
                return m.start(), ("mixed" if mixed else "indirect"), True
            continue
        return m.start(), ("mixed" if mixed else "indirect"), True
    return limit, ("mixed" if mixed else "indirect"), depth == 0


_TRAIL = " \t\r\u00a0،,.:;-–"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u00a0":
        s += 1
    while e > s and (text[e - 1] in _TRAIL) and not (text[e - 1] == "." and e - 2 >= s and text[e - 2] == "."):
        e -= 1
    return s, e


# --------------------------------------------------------------------------- per line
def _line_cands(ctx: _Ctx, ls: int, le: int, headline: bool) -> list[Cand]:
    text = ctx.text
    lex = ctx.lex
    cands: list[Cand] = []
    matches = list(find_cues(lex, text, ls, le))
    if not matches and not headline and QUOTE_RE.search(text, ls, le) is None:
        return cands          # nothing in this line can be a quotation
    sent_starts = [ls] + [m.end() for m in SENT_END_RE.finditer(text, ls, le)]

    def sentence_start(pos: int) -> int:
        return sent_starts[bisect.bisect_right(sent_starts, pos) - 1]

    for m in matches:
        w = m.word
        form = m.form
        pro = m.pro
        cs, ce = m.start, m.end
        ws = m.wstart   # the word with its proclitic
        if form.kind == "present" and not headline:
            continue
        if form.kind == "noun":
            continue   # handled as a secondary cue of a verb or a relay
        immediate = False
        if form.lemma == "بين" and "\u0651" not in w:
            # بين without shadda: a verb only at a clause start, followed by its content
            prev = text[ls:ws].rstrip()
            if not pro and prev and prev[-1] not in "،,.:؟!":
                continue
            immediate = True
        cand = Cand(cue_start=cs, cue_end=ce, attach=_attach_start(ctx, ws, ls), kind=form.kind,
                    fem=form.fem, headline=headline)
        frames, preps = form.frames, form.preps
        if form.kind == "participle":
            if not _find_content_start(ctx, cand, form, ce, le, frames, preps):
                continue
            cands.append(cand)
            continue
        if form.kind == "relay":
            cand.fem = None
            if not _relay(ctx, cand, ce, le):
                continue
            cands.append(cand)
            continue
        # verbs (past; present in headlines)
        before = text[sentence_start(ws):ws]
        bt = TOKEN_RE.findall(before)
        pronoun_subject = bool(bt) and fold(bt[-1]) in ctx.W["pronoun_subj"]
        if form.kind == "present":
            seg_lo = _headline_segment_start(ctx, ls, ws)
            sp = _subject_before(ctx, seg_lo, ws, form.fem, [], loose=True)
            if sp is None:
                continue
            cand.speaker, cand.implicit = sp, False
            after = ce
        else:
            sp, after = (None, ce) if pronoun_subject else _subject_after(ctx, ce, le, form.fem, preps)
            if sp is None and not pronoun_subject:
                sp, after = _gap_subject(ctx, ce, le, form.fem, preps)
            if sp is not None:
                cand.speaker, cand.implicit = sp, False
        if immediate:
            # بين: the content must open right after the subject (and a medium)
            if not _find_content_start(ctx, cand, form, after, le, "TCQ", (), immediate_only=True):
                continue
        elif not _find_content_start(ctx, cand, form, after, le, frames, preps):
            if not (cand.speaker is not None and "Q" in frames and _postposed(ctx, cand, ls, ws, after, le)):
                if cand.speaker is not None:
                    # no content of its own, but a participle later in the sentence may continue it
                    # (وأكد الوزير خلال لقائه السفير، مشيرا إلى أن …)
                    cand.content_start = None
                    cand.opener = None
                    cand.kind = "subject_only"
                    cands.append(cand)
                continue
        if cand.speaker is None and not pronoun_subject and cand.marker is not None and form.kind == "past":
            # a definite noun phrase between the verb and its complementizer is its subject (أعلنت الشركة عن)
            mid = [t for t in ctx.tokens(ce, cand.marker, 6)]
            if 1 <= len(mid) <= 3 and all(_AR_WORD.search(t.group()) for t in mid) \
                    and fold(mid[0].group()).startswith("ال") and not ctx.isw("adverbial", mid[0].group()):
                s0, e0 = mid[0].start(), mid[-1].end()
                cand.speaker, cand.implicit = Speaker(None, s0, e0, text[s0:e0], form.fem), False
        if cand.speaker is None and not pronoun_subject and not pro and form.kind == "past":
            # SVO: the subject stands earlier in the sentence (وكان X … أكد ، يذكر أن X … قال)
            lo = sentence_start(ws)
            if text[lo:ws].strip():
                sp = _subject_before(ctx, lo, ws, form.fem, [])
                if sp is not None:
                    cand.speaker, cand.implicit = sp, False
        cands.append(cand)
    # a colon right before a quotation mark that no cue has taken (، إلى : "…")
    taken = {c.marker for c in cands if c.marker is not None}
    for m in COLON_QUOTE_RE.finditer(text, ls, le):
        if m.start() in taken:
            continue
        prev = TOKEN_RE.findall(text[max(ls, m.start() - 20):m.start()])
        word_m = None
        for wm in TOKEN_RE.finditer(text, max(ls, m.start() - 20), m.start()):
            word_m = wm
        if word_m is not None and _AR_WORD.search(word_m.group()) and text[word_m.end():m.start()].strip() == "":
            cs, ce = word_m.start(), word_m.end()
        else:
            cs, ce = m.start(), m.start() + 1
        if not prev:
            continue
        # only after a preposition or cue word (، إلى : "…") or later in a sentence that has a cue;
        # a dateline (بروكسل: «…») or an enumeration (ثانيا: «…») is not a quotation cue
        word_f = fold(text[cs:ce]) if ce > cs + 1 else ""
        sent_lo = sentence_start(cs)
        if not (word_f in ("الي", "علي", "عن", "ب", "بالقول", "يلي", "التالي", "بقوله")
                or ctx.isw("secondary", text[cs:ce])
                or any(sent_lo <= c.cue_start < cs and c.kind != "colon" for c in cands)):
            continue
        q = _skip_space(text, m.end(), le)
        cand = Cand(cue_start=cs, cue_end=ce, attach=_attach_start(ctx, cs, ls), kind="colon",
                    headline=headline, marker=m.start(), opener=q, content_start=q + 1)
        cands.append(cand)
    cands.sort(key=lambda c: c.cue_start)
    return cands


_POSTPOSED_LINK = re.compile(r"(?:على\s+ما|بحسب\s+ما|حسب\s+ما|حسبما|وفق\s+ما|وفقا\s+لما|كما)\s*$")


def _postposed(ctx: _Ctx, cand: Cand, ls: int, ws: int, after: int, le: int) -> bool:
    """A quotation placed before its cue: «…»، قال الوزير. / "…" وقال X في بيان."""
    text = ctx.text
    # only a comma, a full stop or a connector (على ما، بحسب ما، كما) between the closing mark and the cue
    j = _POSTPOSED_LINK.search(text, ls, ws)
    j = j.start() if j else ws
    while j > ls and (text[j - 1].isspace() or text[j - 1] in "،,."):
        j -= 1
    if j <= ls or text[j - 1] not in QUOTE_CHARS or qclass(text, j - 1, 0, len(text)) == "open":
        return False
    close = j - 1
    # nothing but adverbials or a medium may follow the subject before the sentence ends
    rest = TOKEN_RE.match(text, _skip_space(text, after, le), le)
    if rest is not None and rest.group() not in ".،," and not ctx.isw("adverbial", rest.group()) \
            and _medium_at(ctx, rest.start(), le)[0] is None:
        return False
    depth = 1
    for k in range(close - 1, ls - 1, -1):
        ch = text[k]
        if ch not in QUOTE_CHARS:
            continue
        c = qclass(text, k, 0, len(text))
        if c == "close":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                cand.opener = k
                cand.content_start = k + 1
                cand.hard_end = close
                cand.attach = k
                return True
    return False


def _relay(ctx: _Ctx, cand: Cand, pos: int, end: int) -> bool:
    """``نقلت وكالة … عن X قوله …``: the speaker is X, the agency is the medium."""
    text = ctx.text
    toks = ctx.tokens(pos, end, 16)
    an = None
    for t in toks:
        if fold(t.group()) in ("عن", "عنه", "عنها"):
            an = t
            break
        if t.group() in ".:":
            return False
    if an is None:
        return False
    agency = _best_mention([m for m in ctx.mentions_in(pos, an.start()) if m.type in ("ORG", "PER")])
    seg_s, seg_e = _trim(text, pos, an.start())
    if agency is not None:
        cand.medium = {"text": text[seg_s:seg_e], "start": seg_s, "end": seg_e,
                       "entity_id": agency.entity_id, "relation": "relayed_by"}
    elif seg_e > seg_s:
        cand.medium = {"text": text[seg_s:seg_e], "start": seg_s, "end": seg_e, "entity_id": None,
                       "relation": "relayed_by"}
    relay_verb = {"text": text[cand.cue_start:cand.cue_end], "start": cand.cue_start, "end": cand.cue_end}
    if fold(an.group()) == "عن":
        sp, after = _subject_after(ctx, an.end(), end, None)
        if sp is not None:
            cand.speaker, cand.implicit = sp, False
    else:
        after = an.end()
    # the noun قوله (primary cue) or a complementizer
    probe = after
    for _ in range(6):
        nt = TOKEN_RE.search(text, probe, end)
        if not nt:
            break
        if ctx.isw("secondary", nt.group()):
            cand.cue_start, cand.cue_end = nt.start(), nt.end()
            cand.secondary = relay_verb
            return _find_content_start(ctx, cand, None, nt.end(), end, "TCQ", ())
        if ctx.isw("comp", nt.group()) or ctx.isw("comp_clitic", nt.group()) or nt.group() in QUOTE_CHARS \
                or nt.group() == ":":
            break
        probe = nt.end()
    return _find_content_start(ctx, cand, None, after, end, "TCQ", ())


def _headline_segment_start(ctx: _Ctx, ls: int, pos: int) -> int:
    """Start of the last segment of a headline before ``pos`` (after an editorial prefix ``..``)."""
    text = ctx.text
    seg = ls
    for m in re.finditer(r"\.\.+|[|–]| - ", text[ls:pos]):
        seg = ls + m.end()
    return _skip_space(text, seg, pos)


def _headline_colon(ctx: _Ctx, ls: int, le: int) -> Cand | None:
    """``رئيس العراق: …`` / ``… .. رشيد للسفيرة الامريكية: …`` in a title line."""
    text = ctx.text
    ci = text.find(":", ls, le)
    if ci < 0:
        return None
    seg_lo = _headline_segment_start(ctx, ls, ci)
    seg_toks = [t for t in ctx.tokens(seg_lo, ci, 12)]
    # the speaker part stops at a word with the preposition li- (addressee or medium: لـ«الشرق الأوسط»)
    cut = next((k for k, t in enumerate(seg_toks) if k and fold(t.group())[:1] == "ل"), len(seg_toks))
    words = [t for t in seg_toks[:cut] if _AR_WORD.search(t.group())]
    if not words or len(words) > 6 or len(words) != cut:
        return None
    if len(words) == 1 and ctx.isw("editorial", words[0].group()):
        return None
    q = _skip_space(text, ci + 1, le)
    rest = [t for t in ctx.tokens(q, le, 4) if _AR_WORD.search(t.group())]
    if len(rest) < 2:
        return None
    # addressee: a word with the preposition li- after the speaker (رشيد للسفيرة الامريكية)
    sp_end = ci
    addressee = None
    if cut < len(seg_toks):
        t = seg_toks[cut]
        sp_end = t.start()
        am = ctx.mention_at(t.start(), slack=2)
        if am is not None and am.start < ci and am.type in ("PER", "TITLE", "ORG", "GPE"):
            addressee = _speaker_of(am, None)
    sp_s, sp_e = _trim(text, seg_lo, sp_end)
    ms = [m for m in ctx.mentions_in(sp_s, sp_e)]
    best = _best_mention(ms) if ms else None
    if best is not None and ms and ms[0].start == sp_s:
        speaker = _speaker_of(ms[0] if ms[0].end >= best.end or ms[0].type == "TITLE" else best, None)
    elif best is not None:
        speaker = _speaker_of(best, None)
    else:
        speaker = Speaker(None, sp_s, sp_e, text[sp_s:sp_e], None)
    cand = Cand(cue_start=ci, cue_end=ci + 1, attach=ci, kind="headline", headline=True, marker=ci,
                speaker=speaker, implicit=False, addressee=addressee)
    close, balanced = _close_direct(ctx, q, le, le) if text[q] in QUOTE_CHARS else (le, False)
    if text[q] in QUOTE_CHARS and balanced and not _AR_WORD.search(text[close + 1:le]):
        cand.opener = q
        cand.content_start = q + 1
    else:
        cand.content_start = q          # رئيس العراق: خلل في التنسيق … (also «X» يناقش …)
        cand.hard_end = le
    return cand


def _orphan(ctx: _Ctx, ls: int, le: int, cands: list[Cand]) -> Cand | None:
    """A line that opens inside a quotation whose beginning was lost: ``… العسكري”.``"""
    text = ctx.text
    first_cue = cands[0].attach if cands else le
    p = _skip_space(text, ls, le)
    if ctx.open_quote and p < first_cue and text[p] in QUOTE_CHARS and qclass(text, p, 0, len(text)) != "close":
        # the quotation of the previous paragraph was left open and goes on here («… / «…»)
        return Cand(cue_start=ls, cue_end=ls, attach=ls, kind="orphan", opener=p, content_start=p + 1)
    for m in QUOTE_RE.finditer(text, ls, first_cue):
        if qclass(text, m.start(), 0, len(text)) == "close":
            return Cand(cue_start=ls, cue_end=ls, attach=ls, kind="orphan", content_start=ls, hard_end=m.start())
        return None
    return None


def _resolve_implicit(ctx: _Ctx, fem: bool | None) -> Speaker | None:
    if not ctx.history:
        return None
    if fem is not None:
        for sp in reversed(ctx.history[-6:]):
            if sp.fem is None or sp.fem == fem:
                return sp
    return ctx.history[-1]


_CIRCUMSTANCE = frozenset(fold(w) for w in "خلال لدى عقب أثناء اثناء وفق وفقا بحسب حسب عبر بعد قبل".split())


def _build(ctx: _Ctx, cands: list[Cand], ls: int, le: int, out: list[dict[str, Any]]) -> None:
    text = ctx.text
    consumed = {p for c in cands for p in c.consumed}
    live = [c for c in cands if c.cue_start not in consumed]
    attaches = sorted(c.attach for c in live if c.kind != "subject_only")
    covered: list[tuple[int, int]] = []
    for k, c in enumerate(live):
        if c.kind == "subject_only":
            nxt_c = live[k + 1] if k + 1 < len(live) else None
            if (nxt_c is not None and nxt_c.kind == "participle" and c.speaker is not None
                    and not SENT_END_RE.search(text, c.cue_end, nxt_c.cue_start)
                    and not any(a <= c.cue_start < b for a, b in covered)):
                ctx.history.append(c.speaker)
            continue
        if c.content_start is None:
            continue
        if any(a <= c.cue_start < b for a, b in covered):
            continue
        nxt = [a for a in attaches if a > c.content_start]
        limit = nxt[0] if nxt else le
        kind = "indirect"
        balanced = True
        if c.hard_end is not None:
            cs, ce = c.content_start, c.hard_end
            kind = "direct"
            if c.kind == "orphan":
                balanced = False
        elif c.opener is not None:
            close, balanced = _close_direct(ctx, c.opener, limit, le)
            if c.kind == "orphan":
                balanced = False        # its opening was in an earlier paragraph
            cs, ce = c.opener + 1, close
            kind = "direct"
            if balanced:
                # words continue after the closing mark: a quoted part of an indirect clause
                q = _skip_space(text, close + 1, le)
                t = TOKEN_RE.match(text, q, le)
                # (not after a circumstance: «…» خلال مؤتمر صحفي stays direct)
                if t and _AR_WORD.search(t.group()) and not ctx.cue_form(t.group()) \
                        and not ctx.isw("attach", t.group()) and not ctx.isw("comment", t.group()) \
                        and fold(t.group()) not in _CIRCUMSTANCE and c.kind != "headline" \
                        and not (c.object_frame or c.marker == c.opener):
                    end, _, _ = _scan_indirect(ctx, close + 1, limit)
                    cs, ce = c.opener, end
                    kind = "mixed"
        else:
            ce, kind, balanced = _scan_indirect(ctx, c.content_start, limit)
            cs = c.content_start
        cs, ce = _trim(text, cs, ce)
        if ce <= cs or not _AR_WORD.search(text[cs:ce]):
            continue
        # speaker
        if c.implicit or c.speaker is None:
            sp = _resolve_implicit(ctx, c.fem)
            implicit = True
        else:
            sp = c.speaker
            implicit = False
            if sp.fem is None:
                sp.fem = c.fem
            ctx.history.append(sp)
        q: dict[str, Any] = {
            "kind": kind, "start": cs, "end": ce,
            "content": {"text": text[cs:ce], "start": cs, "end": ce},
            "cue": (None if c.kind == "orphan" else
                    {"text": text[c.cue_start:c.cue_end], "start": c.cue_start, "end": c.cue_end}),
            "speaker_entity_id": sp.entity_id if sp else None,
            "speaker_start": sp.start if sp else None,
            "speaker_end": sp.end if sp else None,
            "speaker_text": sp.text if sp else None,
            "speaker_implicit": implicit,
            "headline": c.headline,
            "medium": c.medium,
        }
        if not balanced:
            q["quote_marks"] = "unbalanced"
        ctx.open_quote = kind == "direct" and not balanced and c.opener is not None and c.hard_end is None
        if c.secondary:
            q["cue_secondary"] = c.secondary
        if c.addressee is None and c.medium and c.medium.pop("addressee", False):
            q["addressee_entity_id"] = c.medium.get("entity_id")
        if c.addressee is not None:
            q["addressee_entity_id"] = c.addressee.entity_id
            q["addressee"] = {"text": c.addressee.text, "start": c.addressee.start, "end": c.addressee.end}
        out.append(q)
        covered.append((cs, ce))


# --------------------------------------------------------------------------- document
def _content_lines(doc: Document) -> list[tuple[int, int, bool]]:
    """(start, end, is_headline) of the lines to read, in order."""
    text = doc.text
    lines = doc.spans("lines")
    out: list[tuple[int, int, bool]] = []
    if lines:
        has_title = any(s.label == "title" for s in lines)
        for s in lines:
            if s.label in CONTENT_ZONES and text[s.start:s.end].strip():
                out.append((s.start, s.end, s.label == "title"))
        if has_title:
            return out
    else:
        pos = 0
        for ln in text.split("\n"):
            if ln.strip():
                out.append((pos, pos + len(ln), False))
            pos += len(ln) + 1
    # no headline known: take the first line that reads like one (enough words, no full stop)
    for i, (s, e, _) in enumerate(out):
        seg = text[s:e]
        if len(re.findall(r"[\u0621-\u064A]{2,}", seg)) >= 5 and not SENT_END_RE.search(seg) and len(seg) < 220:
            out[i] = (s, e, True)
            break
    return out


def find_quotes(doc: Document) -> list[dict[str, Any]]:
    """The quotes of ``doc`` as dicts (content/cue/speaker fields of SCHEMA.md §9), in text order."""
    ctx = _Ctx(doc, lexicon())
    out: list[dict[str, Any]] = []
    for ls, le, headline in _content_lines(doc):
        cands = _line_cands(ctx, ls, le, headline)
        if headline and not any(c.content_start is not None for c in cands):
            hc = _headline_colon(ctx, ls, le)
            if hc is not None:
                cands = [hc]
        elif not headline:
            oc = _orphan(ctx, ls, le, cands)
            if oc is not None:
                cands.insert(0, oc)
        _build(ctx, cands, ls, le, out)
    return out


def extract(doc: Document, options: Any = None) -> None:
    doc.clear_layer("quotes")
    for q in find_quotes(doc):
        start, end = q.pop("start"), q.pop("end")
        kind = q.pop("kind")
        doc.add_span("quotes", start, end, PRODUCER, label=kind, **q)


STAGE = Stage(name=NAME, version=VERSION, func=extract, requires=("lines", "entities"), assigns=("quotes",),
              description="quotes with cue, content, kind, speaker, medium (SCHEMA.md §9)")
