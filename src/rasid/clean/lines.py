"""Stage ``clean.lines``: one label per line of ``text.split("\\n")``.

Labels: ``title`` / ``body`` / ``dateline`` / ``boilerplate`` / ``blank`` with a ``subtype``
(``page_header_date``, ``masthead``, ``masthead_name``, ``section_label``, ``image_caption``,
``app_promo``, ``counter``, ``view_count``, ``share_widget``, ``font_size_widget``, ``close_button``,
``menu``, ``byline``, ``image_alt``, ``page_date``, ``page_time``, ``page_datetime`` ...).

How it works (general features, no site templates):

1. Every line gets features: words, characters, sentence-final mark, digit and Latin shares, a bullet
   marker, and an intrinsic class: a chrome phrase from the packaged lexicon
   (``clean/data/chrome_ar.tsv``, checked on short lines only), a date/time-only line, a bare counter,
   a Latin-only fragment (alt text), a symbol-only line.
2. The title is the first substantial line (3+ words) that is not chrome, not a date, not a byline and
   not a caption (a short line repeated verbatim in later text), and that is not itself a sentence of
   body prose (ends with a full stop, or is very long). Feed documents (``meta["title"]`` given and not
   found at the top of the text) have no title line: every non-blank line is body.
3. The body runs from the first prose line after the title (6+ words, ending like a sentence or long)
   to the last prose line. Short lines outside it are boilerplate; date lines after (or right above)
   the title are the posting stamp (``dateline``), a date line further up is the page-header "today"
   date (``boilerplate``/``page_header_date``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rasid.arabic.normalize import fold
from rasid.document import Document
from rasid.pipeline import Stage

#: Lines with more words than this are never matched against the chrome lexicon.
MAX_CHROME_WORDS = 9

#: Chrome phrases are compared in the package's matching fold.
fold_fast = fold


_WS = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\s:：\-–—|•·▪►◄*،,.!؟?()\[\]«»\"'“”]+|[\s:：\-–—|•·▪►◄*،,.!؟?()\[\]«»\"'“”]+$")
_BULLET = re.compile(r"^\s*[•·▪►◄●○◦■□\-*]\s*")
_WORD = re.compile(r"[^\W\d_]+|\d+")
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]")
_FINAL = re.compile(r"[.!?؟…]\s*[\"'”»)\]]*\s*$|[.!?؟][\"'”»)\]]+\s*$")
_FULL_STOP_END = re.compile(r"(?<!\.)\.\s*$")
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:ص|م|مساء|مساءً|صباحا|صباحاً|ظهرا|am|pm|AM|PM|GMT))?(?!\d)")
_DATE_LABELS = re.compile(
    r"(?:تاريخ\s+النشر|آخر\s+تحديث|اخر\s+تحديث|تم\s+التحديث|تم\s+النشر|نشر\s+في|نشر|محدث|تحديث|بتاريخ|"
    r"التاريخ|الموافق|ب?توقيت\s+(?:مكة\s+المكرمة|\S+)|توقيت|الساعة|غرينتش|جرينتش|published|updated|posted|on|at|"
    r"gmt|utc|في|يوم)",
    re.IGNORECASE)
_STAMP_LABEL = re.compile(r"نشر|تحديث|بتاريخ|تاريخ|published|updated|posted|•|·", re.IGNORECASE)
_RELATIVE_STAMP = re.compile(r"^(?:منذ|قبل)\s+\d*\s*(?:دقيقة|دقائق|ساعة|ساعات|يوم|أيام|ايام|يومين|ساعتين|دقيقتين)$")
_LATIN_ALT = re.compile(r"(?:picture|image|img|photo|pic|jpg|jpeg|png|webp|gif|thumb|banner|logo)", re.IGNORECASE)
_BYLINE_LEAD = re.compile(r"^(?:بقلم|كتب|كتبت|كتبه|كتابة|إعداد|اعداد|تحرير|حوار|متابعة|تقرير|ترجمة|مراسل|مراسلنا|المحرر|من\s+مراسل)\b")
_BYLINE_SPLIT = re.compile(r"^(?P<a>[^:\-–—|]{2,45}?)\s*[-–—|:]\s*(?P<b>[^:\-–—|]{2,45})$")
_BREADCRUMB = re.compile(r"^[^>»›|/\\]{1,30}(?:\s*[>»›|/\\]\s*[^>»›|/\\]{1,30}){2,}$")
_COUNTER = re.compile(r"^[\d٠-٩۰-۹][\d٠-٩۰-۹,.]*$")


@dataclass(frozen=True)
class ChromeRule:
    subtype: str
    mode: str
    phrase: str
    regex: re.Pattern[str] | None = None


def _key(s: str) -> str:
    s = fold_fast(s).lower()
    s = _WS.sub(" ", s)
    return _EDGE_PUNCT.sub("", s)


@lru_cache(maxsize=1)
def chrome_rules() -> tuple[dict[str, str], re.Pattern[str] | None, re.Pattern[str] | None,
                            tuple[ChromeRule, ...]]:
    """(exact phrase -> subtype, prefix regex, contains regex, regex rules) from the packaged lexicon.

    Prefix and contains phrases are compiled into one alternation each, with one named group per
    subtype, so a line is checked with two regex calls whatever the size of the lexicon.
    """
    text = resources.files("rasid.clean").joinpath("data/chrome_ar.tsv").read_text(encoding="utf-8")
    exact: dict[str, str] = {}
    grouped: dict[str, dict[str, list[str]]] = {"prefix": {}, "contains": {}}
    rules: list[ChromeRule] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        subtype, mode, phrase = line.split("\t")[:3]
        if mode == "regex":
            rules.append(ChromeRule(subtype, mode, phrase, re.compile(phrase)))
            continue
        k = _key(phrase) if phrase.strip() not in "×✕✖" else phrase.strip()
        if not k:
            continue
        if mode == "exact":
            exact.setdefault(k, subtype)
        else:
            grouped[mode].setdefault(subtype, []).append(k)

    def build(mode: str) -> re.Pattern[str] | None:
        parts = [f"(?P<{sub}>{'|'.join(re.escape(x) for x in sorted(set(v), key=len, reverse=True))})"
                 for sub, v in grouped[mode].items()]
        if not parts:
            return None
        return re.compile(("^(?:" if mode == "prefix" else "(?:") + "|".join(parts) + ")")

    return exact, build("prefix"), build("contains"), tuple(rules)


def chrome_subtype(line: str) -> str | None:
    """Subtype of a short chrome line (``share_widget``, ``app_promo`` ...), or None."""
    stripped = line.strip()
    if stripped in ("×", "✕", "✖"):
        return "close_button"
    k = _key(stripped)
    if not k:
        return None
    exact, prefix_rx, contains_rx, rules = chrome_rules()
    if k in exact:
        return exact[k]
    if prefix_rx is not None:
        m = prefix_rx.search(k)
        if m:
            return m.lastgroup
    if contains_rx is not None:
        m = contains_rx.search(k)
        # a phrase inside a sentence ("وقال رئيس التحرير إن ...") is prose, not chrome
        if m and not (len(k.split()) >= 5 and _FINAL.search(stripped[-8:])):
            return m.lastgroup
    for r in rules:
        if r.regex is not None and r.regex.search(k):
            return r.subtype
    return None


@dataclass(slots=True)
class LineInfo:
    i: int
    start: int
    end: int
    raw: str
    s: str = ""
    n_words: int = 0
    n_chars: int = 0
    final: bool = False
    full_stop: bool = False
    bullet: bool = False
    latin_share: float = 0.0
    digit_share: float = 0.0
    kind: str = ""          # intrinsic class: blank/chrome/date/time/datetime/counter/latin/symbols/byline/""
    subtype: str | None = None
    label: str = ""

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"


def _date_line_kind(s: str) -> str | None:
    """'date' / 'time' / 'datetime' / 'relative' when the line holds only a date or time stamp."""
    from rasid.metadata.dates import find_dates

    body = _BULLET.sub("", s).strip()
    if not body or len(body) > 80:
        return None
    if _RELATIVE_STAMP.match(body):
        return "relative"
    has_date = has_time = False
    rest = body
    dates = find_dates(rest)
    if dates:
        has_date = True
        pieces = []
        last = 0
        for d in dates:
            pieces.append(rest[last:d.context_start])
            last = d.end
        pieces.append(rest[last:])
        rest = " ".join(pieces)
    rest, n_time = _TIME.subn(" ", rest)
    has_time = n_time > 0
    if not (has_date or has_time):
        return None
    from rasid.metadata.dates import find_weekdays
    for ws, we, _ in reversed(find_weekdays(rest)):
        rest = rest[:ws] + " " + rest[we:]
    rest = _DATE_LABELS.sub(" ", rest)
    rest = re.sub(r"[\s,،:|\-–—•·/()\[\]]+", "", rest)
    if rest:
        return None
    if has_date and has_time:
        return "datetime"
    return "date" if has_date else "time"


def _features(li: LineInfo) -> None:
    s = li.raw.strip()
    li.s = s
    if not s:
        li.kind = "blank"
        return
    li.n_chars = len(s)
    tail = s[-8:]
    li.final = bool(_FINAL.search(tail))
    li.full_stop = bool(_FULL_STOP_END.search(tail))
    rough_words = len(s.split())
    if rough_words > 18:
        li.n_words = rough_words
        return  # long prose: the short-line features below cannot apply
    li.n_words = len(_WORD.findall(s))
    li.bullet = bool(_BULLET.match(s)) and not s.startswith("-" * 2)
    if li.n_words > 14:
        return
    n_latin = len(_LATIN.findall(s))
    letters = len(_ARABIC.findall(s)) + n_latin
    li.latin_share = n_latin / max(1, letters)
    li.digit_share = len(_DIGIT.findall(s)) / max(1, len(s.replace(" ", "")))
    body = _BULLET.sub("", s).strip()
    if li.n_words <= MAX_CHROME_WORDS:
        sub = chrome_subtype(body)
        if sub:
            li.kind, li.subtype = "chrome", sub
            return
    if li.digit_share > 0:
        dk = _date_line_kind(s)
        if dk:
            li.kind = dk
            return
    if li.n_words <= 12 and _BREADCRUMB.match(body):
        li.kind, li.subtype = "chrome", "breadcrumb"
        return
    if _COUNTER.match(body):
        li.kind, li.subtype = "chrome", "counter"
        return
    if _SYMBOLS_ONLY.match(body):
        li.kind, li.subtype = "chrome", "symbols"
        return
    if li.latin_share > 0.95 and li.n_words <= 4:
        li.kind = "chrome"
        li.subtype = "image_alt" if (_LATIN_ALT.search(body) or re.fullmatch(r"[\w\-_.]+", body)) else "latin_fragment"
        return


def _is_byline(li: LineInfo) -> bool:
    if li.n_words > 7 or li.full_stop or li.n_words == 0:
        return False
    body = _BULLET.sub("", li.s)
    if _BYLINE_LEAD.match(body):
        return True
    m = _BYLINE_SPLIT.match(body)
    if not m:
        return False
    a, b = m.group("a").split(), m.group("b").split()
    return 1 <= len(a) <= 4 and 1 <= len(b) <= 4 and not _DIGIT.search(body)


def _known_place_or_agency(li: LineInfo) -> bool:
    """A byline-shaped line one of whose sides is a known place or news agency."""
    from rasid.metadata.dateline import is_agency, is_place

    m = _BYLINE_SPLIT.match(_BULLET.sub("", li.s))
    if not m:
        return False
    return any(is_place(x) or is_agency(x) for x in (m.group("a").strip(), m.group("b").strip()))


_HEADER_CHROME = frozenset({"masthead", "menu", "close_button", "breadcrumb"})


def _header_chrome_follows(infos: list[LineInfo], k: int) -> bool:
    """True when page-header chrome (masthead, menu, close button) comes after line ``k`` and before the
    first prose line: line ``k`` is then part of the page header."""
    seen = 0
    for li in infos[k + 1:]:
        if li.kind == "blank":
            continue
        seen += 1
        if seen > 8 or (li.kind == "" and _is_prose(li)):
            return False
        if li.kind == "chrome" and li.subtype in _HEADER_CHROME:
            return True
    return False


def _is_agency_dateline_line(text: str, li: LineInfo) -> bool:
    """A short line that is a whole dated dateline (``بغداد 27 أبريل 2021 (شينخوا)``)."""
    if li.n_words > 12 or li.digit_share == 0:
        return False
    from rasid.metadata.dateline import parse_body_head

    found = parse_body_head(text, li.start, li.end)
    if not found or not found.get("date"):
        return False
    return not text[found["end"]:li.end].strip(" \u00a0-–—:،,")


def _is_prose(li: LineInfo) -> bool:
    return li.kind == "" and li.n_words >= 6 and (li.final or li.n_chars >= 80)


def _same_title(a: str, b: str) -> bool:
    """The feed's title and a line of the text are the same headline (one may carry a site suffix)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 12 and short in long_ and len(short) >= 0.7 * len(long_)


def analyse_lines(text: str, meta: dict[str, Any] | None = None) -> list[LineInfo]:
    """Label every line of ``text.split("\\n")`` (the pure function behind the stage)."""
    meta = meta or {}
    infos: list[LineInfo] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        li = LineInfo(i, pos, pos + len(raw), raw)
        pos += len(raw) + 1
        infos.append(li)

    title_line: LineInfo | None = None
    feed_title = meta.get("title")
    if isinstance(feed_title, str) and feed_title.strip():
        ft = _key(feed_title)
        first = [li for li in infos if li.raw.strip()][:12]
        title_line = next((li for li in first if len(li.raw) < 3 * len(feed_title) + 20 and _same_title(_key(li.raw), ft)),
                          None)
        if title_line is None:  # a feed: the text is the body only, the headline is in meta
            extracted_page = meta.get("format") in ("html", "warc")
            for li in infos:
                blank = not li.raw.strip()
                if extracted_page and not blank:
                    # text extracted from a page may keep some chrome: only intrinsic chrome is removed
                    _features(li)
                    if li.kind in ("date", "time", "datetime", "relative"):
                        li.label, li.subtype = "dateline", "page_" + ("date_relative" if li.kind == "relative"
                                                                      else li.kind)
                        continue
                    if li.kind:
                        li.label = "boilerplate"
                        li.subtype = li.subtype or li.kind
                        continue
                li.label = "blank" if blank else "body"
                li.kind = "blank" if blank else ""
                li.subtype = None if blank else "feed"
            return infos
    for li in infos:
        _features(li)

    folded_rest: dict[str, str] = {}

    def is_caption(li: LineInfo) -> bool:
        """A short line repeated verbatim later in the text (a caption repeating a name)."""
        if li.kind or not (2 <= li.n_words <= 8) or li.final:
            return False
        if text.find(li.s, li.end) != -1:
            return True
        # spelling-tolerant check on the folded rest of the text (folded once, lazily)
        rest = folded_rest.get("rest")
        if rest is None or folded_rest.get("from") != str(li.end):
            rest = folded_rest["rest"] = fold_fast(text[li.end:])
            folded_rest["from"] = str(li.end)
        k = _WS.sub(" ", fold_fast(li.s))
        return bool(k) and k in rest

    if title_line is None:
        for li in infos:
            if li.is_blank or li.kind:
                continue
            if _is_prose(li) and (li.full_stop or li.n_chars > 220 or li.n_words > 24
                                  or (li.n_words >= 12 and "،" in li.s)
                                  or (li.n_words > 14 and li.s.count(",") >= 2)):
                break  # the text opens with body prose: no headline
            if li.n_words < 3 or li.bullet:
                continue
            if _is_byline(li) and _known_place_or_agency(li):
                continue
            if _is_agency_dateline_line(text, li):
                continue
            if li.n_words <= 6 and is_caption(li):
                continue
            if _header_chrome_follows(infos, li.i):
                continue  # a tagline or ticker inside the page header, not the headline
            title_line = li
            break

    t_idx = title_line.i if title_line is not None else -1
    prose = [li.i for li in infos if li.i > t_idx and _is_prose(li)]
    if prose:
        body_start, body_end = prose[0], prose[-1]
    else:
        body_start = next((li.i for li in infos if li.i > t_idx and li.kind == "" and li.n_words >= 4), len(infos))
        body_end = body_start

    prev_nonblank: LineInfo | None = None
    for li in infos:
        if li.is_blank:
            li.label, li.subtype = "blank", None
            continue
        if li is title_line:
            li.label, li.subtype = "title", None
        elif li.kind in ("date", "time", "datetime", "relative"):
            stamp = {"date": "page_date", "time": "page_time", "datetime": "page_datetime",
                     "relative": "page_date_relative"}[li.kind]
            adjacent_above = title_line is not None and li.i < t_idx and all(
                x.is_blank or x.kind in ("date", "time", "datetime", "relative") for x in infos[li.i + 1:t_idx])
            first_line = all(x.is_blank for x in infos[:li.i])
            if adjacent_above and first_line and li.kind == "date" and not _STAMP_LABEL.search(li.s):
                adjacent_above = False  # a bare date opening the page is the header's "today" date
            if li.i > t_idx or adjacent_above:
                li.label, li.subtype = "dateline", stamp
            else:
                li.label = "boilerplate"
                li.subtype = "page_header_date" if li.kind != "time" else "page_header_time"
        elif li.kind:
            li.label = "boilerplate"
            li.subtype = li.subtype or li.kind
        elif li.i < t_idx:
            li.label = "boilerplate"
            if prev_nonblank is not None and prev_nonblank.subtype == "masthead" and li.n_words <= 4:
                li.subtype = "masthead_name"
            elif li.n_words <= 4:
                li.subtype = "section_label"
            else:
                li.subtype = "pre_title"
        elif li.i < body_start:
            if _is_agency_dateline_line(text, li):
                li.label, li.subtype = "dateline", "agency_dateline"
            elif _is_byline(li):
                li.label, li.subtype = "boilerplate", "byline"
            elif is_caption(li):
                li.label, li.subtype = "boilerplate", "image_caption"
            elif li.n_words >= 6:
                li.label, li.subtype = "body", "lead"
            else:
                li.label, li.subtype = "boilerplate", "short_fragment"
        elif li.i <= body_end:
            li.label, li.subtype = "body", None
        else:
            if li.n_words >= 3 and li.final:
                li.label, li.subtype = "body", None
            else:
                li.label, li.subtype = "boilerplate", "trailer"
        prev_nonblank = li
    return infos


def _stage(doc: Document, options: Any = None) -> None:
    producer = STAGE.producer
    for li in analyse_lines(doc.text, doc.meta):
        attrs: dict[str, Any] = {"i": li.i}
        if li.subtype:
            attrs["subtype"] = li.subtype
        doc.add_span("lines", li.start, li.end, producer, label=li.label, **attrs)


STAGE = Stage(name="clean.lines", version="1", func=_stage, requires=(), assigns=("lines",),
              description="label every line title/body/dateline/boilerplate/blank")
