"""Stage ``timex.resolve``: every temporal expression, resolved against the document date.

Kinds (``shared/gold/SCHEMA.md`` section 12): ``absolute`` (``27 أبريل 2021``),
``deictic`` (``اليوم (الثلاثاء)``, ``أمس الاثنين``, ``الجمعة الماضية``, ``العام
الماضي``, ``أكتوبر المقبل``, ``حاليا``, ``الآن``), ``anaphoric`` (``التاسع من
ابريل الجاري``), ``duration_ago`` (``قبل نحو 10 سنوات``), ``event_anchored``
(``غداة ضربة أمريكية``, ``منذ تولي ...``, ``خلال زيارة ...``), ``vague``
(``في الأشهر الأخيرة``, ``أخيرا``) and ``page_date``/``page_time`` (a date or
time on a dateline or page-chrome line).

Values are ISO at the granularity the text supports. The anchor is the fact
``published``; a weekday stated with "today" (``اليوم الثلاثاء``) corrects it
(a page date of Wednesday 28 with "today (Tuesday)" gives Tuesday 27). Without
a published date a feed date (meta) is a low-confidence anchor; a page date that
the metadata stage rejected only yields ``value_estimate`` (``value`` stays None).

:func:`resolve_expressions` is the pure entry point other stages use.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasid.document import Document
from rasid.pipeline import Stage
from rasid.quantities.numbers import atom_regex, combine, digits_value, word_value, WORD_VALUES
from rasid.quantities.units import load_units
from rasid.timex import lexicon as lx
from rasid.timex.absolute import Hit, find_absolute
from rasid.timex.folding import Folded, candidates, fold_text

@dataclass
class Expr:
    fs: int
    fe: int
    kind: str
    value: str | None = None
    granularity: str | None = None
    confidence: str = "high"
    sub: str = ""  # pattern family: today/yesterday/tomorrow/weekday/period/now/month/ago/event/vague/...
    data: dict[str, Any] = field(default_factory=dict)


def _alt(words) -> str:
    return lx.folded_alt(words, split=isinstance(words, str))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    wd = _alt(list(lx.WEEKDAYS))
    part = _alt(lx.PARTS_OF_DAY)
    qual = _alt(list(lx.QUALIFIERS))
    phase = _alt(lx.PHASES)
    per = _alt(list(lx.PERIODS))
    pro = r"(?:(?<!\w)|(?<=(?<!\w)[وف]))"
    wd_tail = lambda n: rf"(?:\s*[(،,\-]\s*(?P<{n}>{wd})(?!\w)\s*\)?|\s+(?P<{n}b>{wd})(?!\w))"
    not_day_noun = r"(?!\s+(?:ال(?:اول|ثاني|ثالث|رابع|خامس|تالي|عالمي|وطني|دولي|سابق|اخير|ذي|موعود|مشهود)|نفسه|ذاته|التالي)(?!\w))"
    earlier = r"في\s+وقت\s+(?:سابق|لاحق|مبكر|متاخر)\s+(?:من\s+)?"  # "في وقت سابق اليوم"
    lex = load_units()
    tunits = sorted((f for f, i in lex.forms.items() if i.time_granularity), key=len, reverse=True)
    tduals = sorted((f for f, i in lex.duals.items() if i.time_granularity), key=len, reverse=True)
    numwords = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(WORD_VALUES, key=len, reverse=True))
    num = rf"(?:[0-9]+(?:[.,][0-9]+)?|(?:{numwords}))(?:\s+و?(?:{numwords}))*"
    comp = _alt("نحو حوالي حوالى قرابة زهاء أكثر_من أقل_من ما_يقرب_من ما_يقارب ما_يزيد_عن ما_يزيد_على ما_يناهز")
    tnouns = _alt(lx.TIME_NOUNS)
    vq = _alt("الأخيرة الأخيرين الماضية الماضيين المقبلة المقبلين القادمة القادمين السابقة الفائتة المنصرمة "
              "الأخيرتين الماضيتين")
    tunit_plural = _alt("سنوات سنين أعوام أشهر شهور أسابيع أيام ساعات دقائق عقود فترة فترة_طويلة أسابيع_قليلة "
                        "أيام_قليلة سنوات_قليلة أشهر_قليلة وقت_قصير وقت_طويل")
    return {
        "today": re.compile(rf"{pro}(?:{earlier}|(?P<part>{part})\s+)?اليوم(?!\w)(?:{wd_tail('wd')}|{not_day_noun})"
                            rf"|{pro}يومنا\s+هذا(?!\w)"),
        "yesterday": re.compile(rf"{pro}(?:{earlier}|(?P<part>{part})\s+)?(?P<before>اول\s+(?:من\s+)?)?(?:امس|الامس|البارحه)(?!\w)"
                                rf"(?P<before2>\s+الاول(?!\w))?{wd_tail('wd')}?"),
        "tomorrow": re.compile(rf"{pro}(?:(?P<part>{part})\s+)?(?:(?P<after>بعد\s+غد)|غدا|الغد)(?!\w){wd_tail('wd')}?"),
        "weekday": re.compile(rf"{pro}(?:(?:(?P<part>{part})|يوم)\s+)?(?P<wd>{wd})(?!\w)(?:\s+(?P<q>{qual})(?!\w))?"),
        "period": re.compile(rf"{pro}(?:(?P<phase>{phase})\s+)?(?:(?P<per>{per})\s+(?P<q>{qual})|(?:هذا\s+(?P<per2>العام|الشهر|الاسبوع)|هذه\s+(?P<per3>السنه)))(?!\w)"
                             rf"|{pro}(?P<phase4>{phase})\s+(?P<per4>{per})(?!\w)(?!\s*(?:[0-9]|من\s|{qual}))"),
        "now": re.compile(rf"{pro}(?:{_alt(list(lx.NOW_WORDS))})(?!\w)"),
        "ago": re.compile(rf"{pro}(?P<dir>قبل|منذ|بعد)\s+(?:(?P<comp>{comp})\s+)?(?:(?P<num>{num})\s+(?P<unit>{'|'.join(map(re.escape, tunits))})"
                          rf"|(?P<dual>{'|'.join(map(re.escape, tduals))})|(?P<plural>{tunit_plural})"
                          rf"|(?P<bare>{'|'.join(map(re.escape, tunits))})(?!\s*[0-9])(?!\s+(?:{wd})(?!\w)))(?!\w)"),
        "vague_words": re.compile(rf"{pro}(?:{_alt(list(lx.VAGUE_WORDS))})(?!\w)"),
        "vague_period": re.compile(rf"{pro}(?P<tn>{tnouns})(?:\s+(?:ال)?(?:[0-9]+|{numwords}))?"
                                   rf"(?:\s+القليله)?\s+(?P<vq>{vq})(?!\w)"),
        "century": re.compile(rf"{pro}(?:(?P<phase>{phase})\s+)?القرن\s+(?:(?P<ord>{_alt(list(_CENTURY_ORD))})|(?P<q>{qual}))(?!\w)"),
        "decade": re.compile(rf"{pro}(?:(?P<phase>{phase})\s+)?(?P<dec>{_alt(list(_DECADES))})(?:\s+(?:من\s+)?القرن\s+(?:(?P<ord>{_alt(list(_CENTURY_ORD))})|(?P<q>{qual})))?(?!\w)"),
        "night": re.compile(rf"{pro}(?:الليله\s+(?P<q>الماضيه|البارحه|المقبله|القادمه)|ليله\s+(?:امس|البارحه))(?!\w)"),
        "vague_num": re.compile(rf"(?<!\w)(?:ال)?[0-9]+\s+(?:ساعه|يوما|يوم|اسبوعا|شهرا|عاما|سنه|دقيقه)\s+(?:{vq})(?!\w)"),
        "event": re.compile(rf"{pro}(?P<trig>{_alt(list(lx.EVENT_TRIGGERS))})\s+(?P<first>\w+)"),
        "token": re.compile(r"[^\W_]+|[^\w\s]"),
    }


#: words after an event trigger that make it something else (``بعد ذلك``, ``قبل أيام``...)
#: "القرن العشرين" -> 20 (the 1900s)
_CENTURY_ORD = {}
for _w, _n in (("الحادي عشر", 11), ("الثاني عشر", 12), ("الثالث عشر", 13), ("الرابع عشر", 14), ("الخامس عشر", 15), ("السادس عشر", 16), ("السابع عشر", 17), ("الثامن عشر", 18), ("التاسع عشر", 19),
               ("العشرين", 20), ("الحادي والعشرين", 21), ("الواحد والعشرين", 21), ("الحادي والعشرون", 21)):
    _CENTURY_ORD[lx.fold(_w)] = _n
#: "الستينيات" -> 6 (of the century in context, the 1900s by default)
_DECADES = {}
for _w, _n in (("العشرينيات", 2), ("الثلاثينيات", 3), ("الأربعينيات", 4), ("الخمسينيات", 5), ("الستينيات", 6),
               ("السبعينيات", 7), ("الثمانينيات", 8), ("التسعينيات", 9), ("العشرينات", 2), ("الثلاثينات", 3),
               ("الأربعينات", 4), ("الخمسينات", 5), ("الستينات", 6), ("السبعينات", 7), ("الثمانينات", 8),
               ("التسعينات", 9), ("ستينيات", 6), ("سبعينيات", 7), ("ثمانينيات", 8), ("تسعينيات", 9),
               ("خمسينيات", 5), ("أربعينيات", 4)):
    _DECADES[lx.fold(_w)] = _n

_EVENT_BLOCK = {lx.fold(w) for w in """ذلك هذا هذه تلك ان أن ما من على عن في الى الي ظهر الظهر الظهيره منتصف نحو حوالي اكثر اقل اليوم امس غدا
الان حين وقت فتره الفتره المده مده قليل قليله سنوات ايام اشهر شهور ساعات دقائق اسابيع عام العام سنه شهر يوم اسبوع ساعه
لحظات ربما وربما قرابه زهاء كل جميع بعض عده مرور""".split()} | set(lx.QUALIFIERS)
_EVENT_STOP = {lx.fold(w) for w in "الذي التي الذين اللذين اللتين حيث فيما بينما لكن ولكن كما حين عندما لأن إذ مما".split()}
_PRONOUN_SUFFIX = ("ه", "ها", "هم", "هما", "هن")
_SIM = {"sim", "sim_clitic"}
_EVENT_TRIGGER_WORDS = {w: True for w in lx.EVENT_TRIGGERS}


def _to_date(anchor: Any) -> dt.date | None:
    if anchor is None:
        return None
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(anchor))
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _month_shift(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _month_year(month: int, anchor: dt.date, qual: int | None) -> int:
    if qual == 0:
        return anchor.year
    if qual == -1:
        return anchor.year if month < anchor.month else anchor.year - 1
    if qual == 1:
        return anchor.year if month > anchor.month else anchor.year + 1
    # no qualifier: the year that puts the month closest to the anchor
    return min((anchor.year - 1, anchor.year, anchor.year + 1),
               key=lambda y: (abs((y * 12 + month) - (anchor.year * 12 + anchor.month)), -y))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _hijri(y: int, m: int, d: int | None) -> tuple[str | None, str | None]:
    try:
        from hijridate import Hijri
        if d:
            return Hijri(y, m, d).to_gregorian().isoformat(), "day"
        g = Hijri(y, m, 15).to_gregorian()
        return f"{g.year:04d}-{g.month:02d}", "month"
    except Exception:  # out of the supported range or an impossible day
        return None, None


def _hijri_relative_month(month: int, qual: int, A: dt.date) -> str | None:
    try:
        from hijridate import Gregorian, Hijri
        h = Gregorian(A.year, A.month, A.day).to_hijri()
        y = h.year
        if qual == -1 and month >= h.month:
            y -= 1
        elif qual == 1 and month <= h.month:
            y += 1
        g = Hijri(y, month, 1).to_gregorian()
        return f"{g.year:04d}-{g.month:02d}"
    except Exception:  # outside the supported range
        return None


def _resolve_absolute(h: Hit, A: dt.date | None) -> Expr:
    e = Expr(h.fs, h.fe, h.kind if h.kind != "time" else "absolute", data={"weekday": h.weekday})
    if h.kind == "time":
        e.sub = "time"
        e.granularity = "minute"
        e.value = f"{A.isoformat()}T{h.hour:02d}:{h.minute:02d}" if A else None
        e.confidence = "low"
        return e
    if h.calendar == "hijri" and h.year is None and h.month and h.qual is not None:
        e.sub, e.granularity = "month", "month"  # "رمضان الماضي": the Gregorian month where it began
        if A:
            e.value = _hijri_relative_month(h.month, h.qual, A)
            e.confidence = "medium"
        return e
    if h.calendar == "hijri":
        e.sub = "date"
        if h.month:
            e.value, e.granularity = _hijri(h.year, h.month, h.day)
        else:
            e.granularity = "year"
        return e
    year = h.year
    if h.relative_month:  # العاشر من الشهر الماضي
        e.sub = "date"
        if not A:
            return e
        y, m = _month_shift(A.year, A.month, h.qual or 0)
        d = _safe_date(y, m, h.day)
        e.value, e.granularity = (d.isoformat() if d else None), "day"
        return e
    if year is None:
        e.sub = "date" if h.day else "month"
        if not A or not h.month:
            e.granularity = "day" if h.day else "month"
            return e
        year = _month_year(h.month, A, h.qual)
        e.confidence = "high" if h.qual is not None else "medium"
    if h.month is None:
        e.sub = "year"
        e.value, e.granularity = f"{year:04d}", "year"
        return e
    if h.day is None:
        e.sub = e.sub or "month"
        e.value, e.granularity = f"{year:04d}-{h.month:02d}", "month"
        return e
    e.sub = e.sub or "date"
    d = _safe_date(year, h.month, h.day)
    if d is None:
        return e
    if h.hour is not None:
        e.value, e.granularity = f"{d.isoformat()}T{h.hour:02d}:{h.minute:02d}", "minute"
    else:
        e.value, e.granularity = d.isoformat(), "day"
    if h.weekday is not None and d.weekday() != h.weekday:
        e.confidence = "medium"
    return e


def _weekday_of(m: re.Match[str], name: str = "wd") -> int | None:
    g = m.groupdict()
    w = g.get(name) or g.get(name + "b")
    return lx.WEEKDAYS.get(w) if w else None


def _last_weekday(d: dt.date, wd: int, strictly: bool) -> dt.date:
    delta = (d.weekday() - wd) % 7
    if strictly and delta == 0:
        delta = 7
    return d - dt.timedelta(days=delta)


def _next_weekday(d: dt.date, wd: int, strictly: bool) -> dt.date:
    delta = (wd - d.weekday()) % 7
    if strictly and delta == 0:
        delta = 7
    return d + dt.timedelta(days=delta)


def corrected_anchor(anchor: dt.date, weekday: int) -> dt.date:
    """The date near ``anchor`` that falls on ``weekday`` (the article says "today, <weekday>").

    A page or feed date is usually the same day or a little after the article, so the
    weekday before is taken (up to four days back), else the one after.
    """
    back = (anchor.weekday() - weekday) % 7
    return anchor - dt.timedelta(days=back) if back <= 4 else anchor + dt.timedelta(days=7 - back)


def _number_value(s: str) -> float | None:
    atoms = []
    for m in atom_regex().finditer(s):
        atoms.append((digits_value(m.group("digits")), "unit") if m.group("digits") else word_value(m.group("word")))
    return combine(atoms) if atoms else None


def _first_words(words) -> set[str]:
    from rasid.arabic.normalize import fold
    return {fold(w.replace("_", " ")).split()[0] for w in words}


@lru_cache(maxsize=1)
def _triggers() -> dict[str, tuple[str, ...]]:
    parts = _first_words(lx.PARTS_OF_DAY.split())
    table: dict[str, set[str]] = {
        "today": {"اليوم", "يومنا", "في"} | parts,
        "yesterday": {"امس", "الامس", "البارحه", "اول", "في"} | parts,
        "tomorrow": {"غدا", "الغد", "بعد"} | parts,
        "weekday": set(lx.WEEKDAYS) | {"يوم"} | parts,
        "period": _first_words(lx.PHASES.split()) | set(lx.PERIODS) | {"هذا", "هذه"},
        "now": _first_words(lx.NOW_WORDS),
        "ago": {"قبل", "منذ", "بعد"},
        "vague_words": _first_words(lx.VAGUE_WORDS),
        "vague_period": _first_words(lx.TIME_NOUNS.split()),
        "century": {"القرن"} | _first_words(lx.PHASES.split()),
        "decade": set(_DECADES) | _first_words(lx.PHASES.split()),
        "night": {"الليله", "ليله"},
    }
    out: dict[str, list[str]] = {}
    for name, words in table.items():
        for w in words:
            out.setdefault(w, []).append(name)
    return {w: tuple(v) for w, v in out.items()}


_FI_NEXT = re.compile(r"\w+")
_FI_FOLLOWERS = {"وقت", "الوقت", "الماضي", "السابق", "المستقبل", "الاونه"}


def _find(F: Folded, start: int, end: int) -> list[Expr]:
    t = F.text
    P = _patterns()
    lex = load_units()
    out: list[Expr] = []
    for h in find_absolute(F, start, end, is_unit=lex.is_unit):
        e = Expr(h.fs, h.fe, h.kind)
        e.data["hit"] = h
        out.append(e)
    for m in P["vague_num"].finditer(t, start, end):
        out.append(Expr(m.start(), m.end(), "vague", sub="vague", confidence="low"))
    for pos, names in candidates(F, _triggers(), start, end, proclitics="وفبل"):
        if t.startswith("في ", pos):  # the commonest trigger: only "في وقت/الوقت/الماضي/..." can start an expression
            nxt = _FI_NEXT.match(t, pos + 3)
            if not nxt or nxt.group() not in _FI_FOLLOWERS:
                continue
        for name in names:
            m = P[name].match(t, pos, end)
            if not m:
                continue
            if name == "weekday":
                prev = re.search(r"(\w+)\s+$", t[max(0, m.start() - 15):m.start()])
                pw = prev.group(1) if prev else ""
                wdname = m.group("wd")
                if pw in ("صلاه", "خطبه", "صلوات", "خطب", "جمعه") or (
                        wdname == "الاثنين" and not (m.group("q") or m.group("part") or t.startswith("يوم", m.start()))):
                    continue
            if name == "weekday" and not m.group("q"):
                m_fut = _FUTURE_CUE.search(t, max(0, m.start() - 60), m.start())
                if m_fut:
                    out.append(Expr(m.start(), m.end(), "deictic", sub=name, data={"m": m, "future": True}))
                    continue
            if name in ("century", "decade", "night"):
                e = Expr(m.start(), m.end(), "deictic" if (m.group("q") or name == "night") else "absolute", sub=name)
                e.data["m"] = m
                out.append(e)
            elif name in ("today", "yesterday", "tomorrow", "weekday", "period", "now"):
                e = Expr(m.start(), m.end(), "deictic", sub=name)
                e.data["m"] = m
                out.append(e)
            elif name == "ago":
                if re.search(r"(?<!\w)من\s+$", t[max(0, m.start() - 6):m.start()]):
                    continue
                if m.group("plural"):
                    out.append(Expr(m.start(), m.end(), "vague", sub="vague", confidence="low"))
                    continue
                if m.group("dir") == "بعد":  # "بعد ثلاث سنوات": counted from an event or time in context
                    out.append(Expr(m.start(), m.end(), "event_anchored", sub="event", confidence="low",
                                    data={"kind": "after", "words": []}))
                    continue
                e = Expr(m.start(), m.end(), "duration_ago", sub="ago")
                e.data["m"] = m
                out.append(e)
            elif name == "vague_words":
                w = m.group()
                if w.startswith("اخيرا"):
                    after = t[m.end():m.end() + 2]
                    before = t[max(start, m.start() - 3):m.start()]
                    if after.lstrip(" ")[:1] in ("،", ",", ":") or not before.strip() or before.rstrip()[-1:] in ".!?؟\n:":
                        continue  # "وأخيرا،" = finally
                out.append(Expr(m.start(), m.end(), "vague", sub="vague", confidence="low"))
            else:  # vague_period
                out.append(Expr(m.start(), m.end(), "vague", sub="vague", confidence="low"))
    return out


def _event_spans(F: Folded, start: int, end: int, taken: list[tuple[int, int]]) -> list[Expr]:
    t = F.text
    P = _patterns()
    out = []
    taken = sorted(taken)
    starts = [a for a, _ in taken]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < taken[k][1]

    for pos, _ in candidates(F, _EVENT_TRIGGER_WORDS, start, end, proclitics="وف"):
        m = P["event"].match(t, pos, end)
        if not m:
            continue
        trig = m.group("trig")
        kind = lx.EVENT_TRIGGERS[trig]
        if trig == "اثر" and F.raw[F.raw_start(m.start("trig"))] == "أ":  # أثر "effect", not إثر "after"
            continue
        first = m.group("first")
        s = m.start("trig")
        if inside(s):
            continue
        prev = re.search(r"(\w+)\s+$", t[max(0, s - 8):s])
        if prev and re.sub(r"^[وف](?=\w\w)", "", prev.group(1)) in ("من", "عن", "ما", "فيما", "الي", "حتي"):
            continue
        if first in ("ان", "أن") and trig in ("بعد", "قبل", "منذ"):
            pass
        elif (first in _EVENT_BLOCK or first in WORD_VALUES or first[0].isdigit() or first in lx.WEEKDAYS
              or inside(m.start("first"))):
            continue
        elif kind == "sim_clitic" and not (len(first) >= 4 and first.endswith(_PRONOUN_SUFFIX)
                                           and F.raw[F.raw_start(m.end("first") - 1)] != "ة"
                                           and "ة" not in F.raw[F.raw_start(m.end("first") - 3):F.raw_start(m.end("first") - 1)]):
            continue  # "عند وصوله", not "عند جماعة"
        elif trig in ("بعد", "قبل") and (first.endswith(_PRONOUN_SUFFIX) and len(first) <= 4):
            continue
        # extend over the phrase: up to 8 words, stopping at punctuation, a relative word or another expression
        pos = m.start("first")
        fe = pos
        n = 0
        for tok in P["token"].finditer(t, pos, min(end, pos + 160)):
            w = tok.group()
            if not w[0].isalnum() or w in _EVENT_STOP or inside(tok.start()) or n >= 8:
                break
            if "\n" in t[fe:tok.start()]:
                break
            fe = tok.end()
            n += 1
        words = t[pos:fe].split()
        e = Expr(s, fe, "event_anchored", sub="event", confidence="low")
        e.data.update(kind=kind, words=words)
        out.append(e)
    return out


def _select(exprs: list[Expr]) -> list[Expr]:
    """Non-overlapping expressions, longest first (ties: earliest)."""
    starts: list[int] = []  # kept intervals, sorted by start (they never overlap)
    kept: list[Expr] = []
    for e in sorted(exprs, key=lambda e: (-(e.fe - e.fs), e.fs)):
        k = bisect_right(starts, e.fs)
        if k and kept[k - 1].fe > e.fs:  # the kept interval starting at or before e overlaps it
            continue
        if k < len(kept) and kept[k].fs < e.fe:  # the next kept interval starts inside e
            continue
        starts.insert(k, e.fs)
        kept.insert(k, e)
    return kept


def _resolve_era(e: Expr, A: dt.date | None, anchor_conf: str) -> None:
    """Centuries (ISO "19" = 1900s), decades ("196" = 1960s) and "last night"."""
    m = e.data["m"]
    q = m.groupdict().get("q")
    e.confidence = anchor_conf if q or e.sub == "night" else "medium"
    if e.sub == "night":
        e.granularity = "day"
        if A:
            back = 0 if m.group("q") in ("المقبله", "القادمه") else 1
            e.value = (A - dt.timedelta(days=back)).isoformat()
        return
    century = None
    if m.group("ord"):
        century = _CENTURY_ORD[re.sub(r"\s+", " ", m.group("ord"))]
    elif q:
        if not A:
            e.granularity = "century" if e.sub == "century" else "decade"
            return
        century = A.year // 100 + 1 + lx.QUALIFIERS.get(q, 0)
    if e.sub == "century":
        e.granularity = "century"
        e.value = f"{century - 1:02d}"
    else:
        e.granularity = "decade"
        e.value = f"{(century or 20) - 1:02d}{_DECADES[m.group('dec')]}"


def _resolve_deictic(e: Expr, A: dt.date | None, anchor_conf: str) -> None:
    m = e.data["m"]
    e.confidence = anchor_conf
    e.granularity = "day"
    sub = e.sub
    if sub == "period":
        per = m.group("per") or m.group("per2") or m.group("per3") or m.group("per4")
        gran = lx.PERIODS.get(per, "year")
        e.granularity = gran
        q = lx.QUALIFIERS.get(m.group("q"), 0) if m.group("q") else 0
        if not A:
            return
        if gran == "year":
            e.value = f"{A.year + q:04d}"
        elif gran == "month":
            y, mo = _month_shift(A.year, A.month, q)
            e.value = f"{y:04d}-{mo:02d}"
        else:
            iso = (A + dt.timedelta(days=7 * q)).isocalendar()
            e.value = f"{iso[0]:04d}-W{iso[1]:02d}"
        return
    if sub == "now":
        e.value = A.isoformat() if A else None
        return
    if not A:
        return
    wd = _weekday_of(m) if "wd" in m.groupdict() else None
    if sub == "today":
        d = A
        if wd is not None and d.weekday() != wd:
            d = corrected_anchor(A, wd)
            e.confidence = "medium"
    elif sub == "yesterday":
        d = A - dt.timedelta(days=2 if (m.group("before") or m.group("before2")) else 1)
        if wd is not None and d.weekday() != wd:
            d = _last_weekday(d, wd, strictly=False)
            e.confidence = "medium"
    elif sub == "tomorrow":
        d = A + dt.timedelta(days=2 if m.group("after") else 1)
        if wd is not None and d.weekday() != wd:
            d = _next_weekday(d, wd, strictly=False)
            e.confidence = "medium"
    else:  # weekday
        wd = lx.WEEKDAYS[m.group("wd")]
        q = lx.QUALIFIERS.get(m.group("q")) if m.group("q") else None
        if q == -1:
            d = _last_weekday(A, wd, strictly=True)
        elif q == 1:
            d = _next_weekday(A, wd, strictly=True)
        elif e.data.get("future"):
            d = _next_weekday(A, wd, strictly=False)
            e.confidence = "medium"
        else:
            d = _last_weekday(A, wd, strictly=False)  # news default: the latest such day
            if q is None:
                e.confidence = "medium"
    e.value = d.isoformat()


def _resolve_ago(e: Expr, A: dt.date | None, anchor_conf: str) -> None:
    m = e.data["m"]
    lex = load_units()
    if m.group("dual"):
        n, info = 2, lex.duals[m.group("dual")]
    elif m.group("bare"):
        n, info = 1, lex.lookup(m.group("bare"))
    else:
        n, info = _number_value(m.group("num")), lex.lookup(m.group("unit"))
    e.granularity = info.time_granularity if info else None
    e.confidence = "medium" if (m.group("comp") or anchor_conf != "high") else "high"
    if not A or n is None or info is None or not float(n).is_integer():
        return
    k = int(n) * info.time_factor
    if info.time_granularity == "year":
        e.value = f"{A.year - k:04d}"
    elif info.time_granularity == "month":
        y, mo = _month_shift(A.year, A.month, -k)
        e.value = f"{y:04d}-{mo:02d}"
    else:
        e.value = (A - dt.timedelta(days=k)).isoformat()


def _merge_mentions(F: Folded, resolved: list[Expr], mentions) -> list[Expr]:
    """Take values of absolute dates from ``mentions`` [(raw start, raw end, ISO value, granularity)]
    (the ``date_mentions`` of the metadata stage) where they overlap ours; add those we missed."""
    for rs, re_, value, gran in mentions:
        if not value or gran not in ("day", "month", "year"):
            continue
        fs, fe = F.fold_index(rs), F.fold_index(re_)
        if fe <= 0 or fs >= len(F.text):
            continue
        hit = [e for e in resolved if e.fs < fe and fs < e.fe]
        if not hit:
            resolved.append(Expr(fs, fe, "absolute", value=value, granularity=gran, sub="date"))
            continue
        e = hit[0]
        if e.kind != "absolute" or e.sub not in ("date", "month") or e.value is None:
            continue
        if e.granularity == "minute" and gran == "day":
            e.value = value + e.value[10:]
        elif e.granularity == gran:
            e.value = value
    resolved.sort(key=lambda e: e.fs)
    return resolved


def resolve_expressions(text: str, anchor_date: Any, start: int = 0, end: int | None = None, *,
                        anchor_confidence: str = "high", correct_anchor: bool = True,
                        date_mentions=None) -> list[dict[str, Any]]:
    """Every temporal expression of ``text[start:end]``, resolved against ``anchor_date``.

    ``anchor_date`` is a ``date``/``datetime``, an ISO string or None (then relative
    expressions get ``value`` None). With ``correct_anchor`` the first "today, <weekday>"
    moves the anchor to that weekday. ``date_mentions`` (optional) are absolute dates found
    by ``rasid.metadata.dates`` as (start, end, value, granularity) raw offsets: their values
    win where they overlap ours. Returns dicts with raw offsets: ``text start end kind value
    granularity anchor confidence``.
    """
    end = len(text) if end is None else end
    F = fold_text(text, start, end)
    t = F.text
    A = _to_date(anchor_date)
    anchor_conf = anchor_confidence if A else "low"
    exprs = _select(_find(F, 0, len(t)))
    exprs = _select(exprs + _event_spans(F, 0, len(t), [(e.fs, e.fe) for e in exprs]))
    if A and correct_anchor:
        for e in exprs:
            if e.sub == "today" and _weekday_of(e.data["m"]) is not None:
                wd = _weekday_of(e.data["m"])
                if A.weekday() != wd:
                    A = corrected_anchor(A, wd)
                    anchor_conf = "medium" if anchor_conf == "high" else anchor_conf
                break
    resolved: list[Expr] = []
    for e in exprs:
        if "hit" in e.data:
            r = _resolve_absolute(e.data["hit"], A)
            r.fs, r.fe = e.fs, e.fe
            if r.kind in ("anaphoric", "deictic") and r.confidence == "high":
                r.confidence = anchor_conf
            resolved.append(r)
        elif e.sub in ("century", "decade", "night"):
            _resolve_era(e, A, anchor_conf)
            resolved.append(e)
        elif e.kind == "deictic":
            _resolve_deictic(e, A, anchor_conf)
            resolved.append(e)
        elif e.kind == "duration_ago":
            _resolve_ago(e, A, anchor_conf)
            resolved.append(e)
        else:
            if e.kind == "vague":
                e.granularity = "interval"
            resolved.append(e)
    if date_mentions:
        resolved = _merge_mentions(F, resolved, [m for m in date_mentions if start <= m[0] < end])
    _date_events(t, resolved)
    out = []
    for e in resolved:
        rs, re_ = F.raw_span(e.fs, e.fe)
        d = {"text": text[rs:re_], "start": rs, "end": re_, "kind": e.kind, "value": e.value,
             "granularity": e.granularity, "anchor": A.isoformat() if A else None, "confidence": e.confidence}
        if e.kind == "absolute" and e.sub == "time":
            d["time_only"] = True
        out.append(d)
    return out


#: a future cue in the clause of a bare weekday: "من المقرر أن ... الأحد", or a clause-initial
#: future verb "سيزور الرئيس باريس الخميس"
_FUTURE_CUE = re.compile(r"(?:(?<!\w)[وف]?(?:سوف|من\s+المقرر|من\s+المنتظر|من\s+المتوقع|يعتزم|تعتزم|المزمع)(?!\w)"
                         r"|(?:^|[.،,:؛\n]\s*|\n)[وف]?(?!سيار|سياس|سيطر|سيد|سين|ستار|ستين|ستون|سنه|سنو|سنغ|ستوك)(?:سي|ست|سن)\w{2,})[^.!?؟\n]*$")
_SENT_END = re.compile(r"[.!?؟\n][.!?؟\s]*")
_DAY_PRECISE = {"غداه", "عشيه"}  # "the day after / the eve of": the phrase dates the main clause


def _date_events(t: str, exprs: list[Expr]) -> None:
    """Date event phrases that give the time of their clause ("during", "the day after").

    A "during" phrase (``خلال``, ``أثناء``, ``لدى``...) or a day-precise one (``غداة``, ``عشية``)
    takes the value of a dated expression in its sentence (not "now" words). Failing that, a
    definite noun (``خلال اللقاء``, an event already told) takes the value of the last dated "during" phrase, and a
    day-precise phrase takes the narrative date: the last day-valued expression of the two
    sentences before. Open intervals (``بعد``, ``قبل``, ``منذ``) keep value None.
    """
    last_sim: Expr | None = None
    bounds = [0] + [m.end() for m in _SENT_END.finditer(t)] + [len(t) + 1]

    def sentence_index(pos: int) -> int:
        return bisect_right(bounds, pos) - 1

    def dated(o: Expr) -> bool:
        return (o.value is not None and o.kind in ("absolute", "deictic", "anaphoric", "duration_ago")
                and o.sub not in ("now", "time"))

    for e in exprs:
        if e.kind != "event_anchored":
            continue
        e.granularity = "interval"
        trig_kind = e.data.get("kind")
        trig = t[e.fs:e.fe].split()[0] if e.fe > e.fs else ""
        trig = trig[1:] if trig[:1] in "وف" and trig[1:] in lx.EVENT_TRIGGERS else trig
        if trig_kind not in _SIM and trig not in _DAY_PRECISE:
            continue
        si = sentence_index(e.fs)
        best = None
        for o in exprs:
            if o is e or not dated(o) or sentence_index(o.fs) != si:
                continue
            if trig in _DAY_PRECISE and o.fs > e.fs:  # a later date usually dates the event itself
                continue
            dist = abs(o.fs - e.fs)
            if best is None or dist < best[0]:
                best = (dist, o)
        words = [w for w in e.data.get("words", []) if w not in ("نفسه", "ذاته", "هذا", "هذه")]
        if best is not None:
            e.value, e.granularity, e.confidence = best[1].value, best[1].granularity, "medium"
            if trig_kind in _SIM:
                last_sim = e
        elif trig_kind in _SIM and words and words[0].startswith("ال") and last_sim is not None:
            e.value, e.granularity, e.confidence = last_sim.value, last_sim.granularity, "low"
        elif trig in _DAY_PRECISE:
            before = [o for o in exprs if o.fs < e.fs and dated(o) and o.granularity == "day"
                      and si - 2 <= sentence_index(o.fs) < si]
            if before:
                e.value, e.granularity, e.confidence = before[-1].value, "day", "low"


_CONTENT = {"title", "body"}
PLACEHOLDER_TIMES = {"00:00", "0:00", "00:00:00"}


def document_anchor(doc: Document) -> tuple[str | None, str, str]:
    """(ISO anchor, confidence, basis) for a document; basis is ``published``, ``meta`` or ``page_date``."""
    fact = doc.facts.get("published")
    if fact is not None and fact.value:
        return str(fact.value)[:10], fact.confidence or "medium", "published"
    for key in ("published", "date", "published_date", "pubdate"):
        v = doc.meta.get(key)
        if v and _to_date(v):
            return _to_date(v).isoformat(), "low", "meta"
    if fact is not None:
        pd = (fact.attrs or {}).get("page_date")
        pd = pd.get("date") if isinstance(pd, dict) else pd
        if pd and _to_date(pd):
            return _to_date(pd).isoformat(), "low", "page_date"
    return None, "low", "none"


def _run(doc: Document, options: Any = None) -> None:
    anchor, conf, basis = document_anchor(doc)
    mentions = [(s.start, s.end, s.attrs.get("value"), s.attrs.get("granularity")) for s in doc.spans("date_mentions")]
    exprs = resolve_expressions(doc.text, anchor, anchor_confidence=conf, date_mentions=mentions)
    line_labels = [(s.start, s.end, s.label) for s in doc.spans("lines")]
    for x in exprs:
        kind, value = x["kind"], x["value"]
        label = next((lab for a, b, lab in line_labels if a <= x["start"] <= b), None)
        if label is not None and label not in _CONTENT and kind == "absolute":
            kind = "page_time" if x.get("time_only") else "page_date"
        attrs: dict[str, Any] = {"value": value, "granularity": x["granularity"], "anchor": x["anchor"],
                                 "confidence": x["confidence"], "anchor_basis": basis}
        if kind == "page_time" and x["text"].strip() in PLACEHOLDER_TIMES:
            # a posting stamp's "00:00" is what publishing systems print when no time was entered
            attrs.update(value=None, placeholder=True)
        if basis == "page_date" and kind not in ("absolute", "page_date", "page_time") and value is not None:
            # the metadata stage rejected the page date as the article's: keep only an estimate
            attrs["value"] = None
            attrs["value_estimate"] = value
            attrs["confidence"] = "low"
        doc.add_span("timexes", x["start"], x["end"], STAGE.producer, label=kind, **attrs)
    doc.layers.setdefault("timexes", [])


STAGE = Stage(name="timex.resolve", version="0.1.1", func=_run, requires=(), assigns=("timexes",),
              description="Temporal expressions (absolute, deictic, anaphoric, ago, event-anchored, vague) resolved to ISO")
