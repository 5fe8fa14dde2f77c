"""Absolute dates in raw Arabic news text, with character offsets.

Public API (pure functions, no document needed)::

    find_dates(text, start=0, end=None, include_partial=False) -> list[DateMention]

recognises

* day + month name + year in every regional month system (Egyptian/Gulf ``يناير``, Levantine/Iraqi
  ``كانون الثاني``, Maghrebi ``جانفي`` / ``يوليوز`` ...), hamza-less spellings (``ابريل``), dual
  naming (``كانون الثاني/يناير``), ``من`` / ``شهر`` / ``عام`` fillers, a trailing ``م``;
* month name + year (granularity ``month``);
* Hijri dates (``15 رمضان 1436 هـ``, ``رمضان ١٤٣٦ هـ``) converted to Gregorian with ``hijridate``;
* numeric dates ``D/M/YYYY``, ``M/D/YYYY``, ``YYYY-MM-DD`` (separators ``/ - .``); an ambiguous
  day/month order is resolved from a weekday written next to the date, then from the order other
  numeric dates of the same text prove, then from the closest other date in the text, and
  otherwise read day-first (the Arabic convention) and flagged ``ambiguous``;
* Arabic-Indic and Persian digits (the text is mapped digit for digit, so offsets do not move);
* a weekday written next to a date (``الثلاثاء 9 يناير 2024``, ``اليوم الثلاثاء (9 كانون الثاني 2024)``)
  is checked against the calendar (``weekday_ok``); ``corrected`` proposes the neighbouring day that
  matches when the written day is one off.

With ``include_partial=True`` day + month without a year is returned too (``value`` None,
``granularity`` ``day_no_year``) for callers that resolve it against an anchor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from rasid.arabic.normalize import to_ascii_digits
from rasid.pipeline import Stage

WEEKDAY_NAMES_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str | None                 # ISO YYYY-MM-DD or YYYY-MM (Gregorian)
    granularity: str                  # day | month | day_no_year
    calendar: str = "gregorian"       # gregorian | hijri
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: str | None = None        # weekday name written next to the date
    weekday_start: int | None = None  # where that weekday (or a leading اليوم) starts
    weekday_ok: bool | None = None
    corrected: str | None = None      # neighbouring day matching the written weekday
    order: str | None = None          # dmy | mdy | ymd for numeric dates
    ambiguous: bool = False
    resolved_by: str | None = None    # weekday | convention | proximity | default
    hijri: str | None = None          # Hijri Y-M(-D) as written
    value_end: str | None = None      # last Gregorian day of a Hijri month
    deictic: bool = False             # preceded by اليوم / أمس / غدا
    numeric: bool = False             # written with digits only (4/28/2021)

    @property
    def date(self) -> date | None:
        if self.granularity != "day" or not self.value:
            return None
        return date.fromisoformat(self.value)

    @property
    def context_start(self) -> int:
        return self.weekday_start if self.weekday_start is not None else self.start

    def to_attrs(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()
               if k not in ("start", "end", "text") and v is not None and (v is not False or k == "weekday_ok")}
        out.setdefault("value", self.value)
        return out


# ---------------------------------------------------------------------------- tables
def _letter_class(ch: str) -> str:
    if ch in "اأإآ":
        return "[اأإآ]"
    if ch in "يى":
        return "[يى]"
    if ch in "ةه":
        return "[ةه]"
    if ch == " ":
        return r"\s*"
    return re.escape(ch)


def name_pattern(name: str) -> str:
    """A regex for an Arabic name tolerant of hamza/alef, ya/maqsura, ta marbuta, tatweel, diacritics."""
    opt = "[\u0640\u064B-\u0652]*"
    return "".join(_letter_class(c) + (opt if c != " " else "") for c in name)


def _fold_key(name: str) -> str:
    s = re.sub("[اأإآ]", "ا", name).replace("ى", "ي").replace("ة", "ه")
    s = re.sub("[\u0640\u064B-\u0652]", "", s)
    return re.sub(r"\s+", "", s)


@lru_cache(maxsize=1)
def calendar_table() -> dict[str, list[tuple[str, int, str]]]:
    """{kind: [(name, index, calendar)]} from the packaged ``months.tsv``."""
    text = resources.files("rasid.metadata").joinpath("data/months.tsv").read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, int, str]]] = {}
    seen = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cal, kind, idx, name = line.split("\t")[:4]
        key = (cal, kind, name)
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(f"{cal}:{kind}", []).append((name, int(idx), cal))
    return out


@lru_cache(maxsize=1)
def _lookups() -> dict[str, dict[str, int]]:
    t = calendar_table()
    greg = {_fold_key(n): i for n, i, _ in t["gregorian:month"]}
    hij = {_fold_key(n): i for n, i, _ in t["hijri:month"]}
    wd = {_fold_key(n): i for n, i, _ in t["gregorian:weekday_stem"]}
    return {"greg": greg, "hijri": hij, "weekday": wd}


_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")


@lru_cache(maxsize=1)
def _ordinal_names() -> dict[str, int]:
    """Ordinal day words 1-31 as written (``التاسع``, ``الحادي عشر``, ``الحادي والعشرين``)."""
    out = {w: i + 1 for i, w in enumerate(_UNITS)}
    out["العاشر"] = 10
    out["الحادي عشر"] = 11
    for i, w in enumerate(_UNITS[1:], start=12):
        out[f"{w} عشر"] = i
    out["العشرين"] = 20
    out["الحادي والعشرين"] = 21
    for i, w in enumerate(_UNITS[1:], start=22):
        out[f"{w} والعشرين"] = i
    out["الثلاثين"] = 30
    out["الحادي والثلاثين"] = 31
    return out


@lru_cache(maxsize=1)
def _ordinal_days() -> dict[str, int]:
    return {_fold_key(k): v for k, v in _ordinal_names().items()}


def ordinal_day(word: str) -> int | None:
    """Day number of an ordinal day word (``السابع`` -> 7), or None."""
    return _ordinal_days().get(_fold_key(word))


def _ordinal_alternation() -> str:
    return "|".join(name_pattern(n) for n in sorted(_ordinal_names(), key=len, reverse=True))


def _alternation(names: list[str]) -> str:
    return "|".join(name_pattern(n) for n in sorted(set(names), key=len, reverse=True))


_B = r"(?<![\w])"   # start of word (Arabic letters are \w)
_E = r"(?![\w])"


@lru_cache(maxsize=1)
def _regexes() -> dict[str, re.Pattern[str]]:
    t = calendar_table()
    greg = _alternation([n for n, _, _ in t["gregorian:month"]])
    hij = _alternation([n for n, _, _ in t["hijri:month"]])
    wd = _alternation([n for n, _, _ in t["gregorian:weekday_stem"]])
    fill_day = r"(?:\s*(?:من|مِن)\s+|\s*)(?:شهر\s+)?"
    fill_year = r"\s*[,،]?\s*(?:(?:من\s+)?(?:العام|عام|سنة)\s+)?"
    g = (
        rf"(?:(?:(?P<day>(?<!\d)[0-3]?\d)(?:st|nd|rd|th)?|{_B}(?P<dayw>{_ordinal_alternation()}){_E}){fill_day})?"
        rf"{_B}(?P<mon>{greg}){_E}"
        rf"(?:\s*[/(\-]\s*(?P<mon2>{greg})\s*\)?)?"
        rf"{fill_year}(?P<year>(?<!\d)(?:1[89]|20)\d\d(?!\d))(?:\s*م{_E})?"
    )
    h = (
        rf"(?:(?P<day>(?<!\d)[0-3]?\d){fill_day})?{_B}(?:شهر\s+)?(?P<mon>{hij}){_E}"
        rf"{fill_year}(?P<year>(?<!\d)1[34]\d\d(?!\d))(?P<era>\s*(?:هـ|ه)(?:\.|{_E}|(?=ـ)))?"
    )
    partial = rf"(?P<day>(?<!\d)[0-3]?\d){fill_day}{_B}(?P<mon>{greg}){_E}"
    numeric = r"(?<![\d/.\-])(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?![\d/\-]|\.\d)"
    weekday = rf"{_B}(?:يوم\s+)?(?:ال)?(?P<wd>{wd}){_E}"
    return {
        "greg": re.compile(g),
        "hijri": re.compile(h),
        "partial": re.compile(partial),
        "numeric": re.compile(numeric),
        "weekday": re.compile(weekday),
        "weekday_tail": re.compile(rf"(?:{weekday})[\s(\[،,:\-]*(?:الموافق|الموافقة|الموافق\s+ل)?[\s(\[،,:\-]*$"),
        "deictic_tail": re.compile(r"(?:^|[^\w])(?P<deictic>اليوم|أمس|امس|غدا|غداً|مساء|صباح)\s*[(\[،,]?\s*$"),
        "weekday_after": re.compile(rf"^\s*[(\[،,]?\s*(?:{weekday})\s*[)\]]?"),
    }


# ---------------------------------------------------------------------------- helpers
def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def weekday_index(name: str) -> int | None:
    """Index (0 = Monday) of an Arabic weekday name, with or without ال / يوم."""
    key = _fold_key(name)
    if key.startswith("يوم"):
        key = key[3:]
    if key.startswith("ال") and key[2:] in _lookups()["weekday"]:
        key = key[2:]
    return _lookups()["weekday"].get(key)


def _weekday_before(norm: str, pos: int, lo: int) -> tuple[int, int, str] | None:
    """(start, index, name) of a weekday written just before ``pos``."""
    window_start = max(lo, pos - 40)
    window = norm[window_start:pos]
    m = _regexes()["weekday_tail"].search(window)
    if not m:
        return None
    idx = weekday_index(m.group("wd"))
    if idx is None:
        return None
    return window_start + m.start(), idx, m.group(0).strip()


def _weekday_after(norm: str, pos: int, hi: int) -> tuple[int, str] | None:
    m = _regexes()["weekday_after"].match(norm, pos, min(hi, pos + 25))
    if not m:
        return None
    idx = weekday_index(m.group("wd"))
    return (idx, m.group("wd")) if idx is not None else None


def _deictic_before(norm: str, pos: int, lo: int) -> int | None:
    window_start = max(lo, pos - 12)
    m = _regexes()["deictic_tail"].search(norm[window_start:pos])
    return window_start + m.start("deictic") if m else None


def _attach_weekday(dm: DateMention, norm: str, lo: int, hi: int) -> None:
    found = _weekday_before(norm, dm.start, lo)
    idx = None
    if found:
        dm.weekday_start, idx, _ = found
        dm.weekday = WEEKDAY_NAMES_AR[idx]
        deictic = _deictic_before(norm, dm.weekday_start, lo)
        if deictic is not None:
            dm.weekday_start = deictic
            dm.deictic = True
    else:
        after = _weekday_after(norm, dm.end, hi)
        if after:
            idx = after[0]
            dm.weekday = WEEKDAY_NAMES_AR[idx]
        deictic = _deictic_before(norm, dm.start, lo)
        if deictic is not None:
            dm.weekday_start = deictic
            dm.deictic = True
    d = dm.date
    if idx is not None and d is not None:
        dm.weekday_ok = d.weekday() == idx
        if not dm.weekday_ok:
            for delta in (-1, 1):
                alt = d + timedelta(days=delta)
                if alt.weekday() == idx:
                    dm.corrected = alt.isoformat()


def _hijri_to_gregorian(y: int, m: int, d: int | None) -> tuple[str | None, str | None]:
    try:
        from hijridate import Hijri
    except ImportError:  # pragma: no cover - hijridate is a declared dependency
        return None, None
    try:
        if d is not None:
            return Hijri(y, m, d).to_gregorian().isoformat(), None
        first = Hijri(y, m, 1)
        last = Hijri(y, m, first.month_length())
        return first.to_gregorian().isoformat(), last.to_gregorian().isoformat()
    except (ValueError, OverflowError):
        return None, None


# ---------------------------------------------------------------------------- main
_YEAR_ANY = re.compile("[12\u0661\u0662\u06F1\u06F2][0-9\u0660-\u0669\u06F0-\u06F9]{3}")
#: How far before a year a date expression may start (day, filler words, two month names).
_LOOKBACK = 80


def _around_years(rx: re.Pattern[str], norm: str, start: int, end: int, years: list[tuple[int, str]],
                  lookback: int = _LOOKBACK, groups: tuple[str, ...] = ("year",)) -> list[re.Match[str]]:
    """Matches of ``rx`` with one of ``groups`` starting at one of ``years`` (regex run only near each year)."""
    out: list[re.Match[str]] = []
    last_end = -1
    for ys, _ in years:
        if ys < last_end:
            continue
        for m in rx.finditer(norm, max(start, ys - lookback), min(end, ys + 12)):
            if any(m.start(g) == ys for g in groups):
                out.append(m)
                last_end = m.end()
                break
    return out


_YEAR_CUE_BEFORE = re.compile(r"(?:^|[^\w])(?:[وبل]?(?:ال)?عام|[وبل]?(?:ال)?سن[ةه]|لل(?:عام|سن[ةه]))\s*$")
_YEAR_CUE_AFTER = re.compile(r"\s?(?:م|ميلادي|ميلادية)(?!\w)")


def find_dates(text: str, start: int = 0, end: int | None = None,
               include_partial: bool = False, include_years: bool = False) -> list[DateMention]:
    """Absolute dates in ``text[start:end]`` with offsets into ``text``, in text order.

    ``include_partial`` adds day + month without a year (value None); ``include_years`` adds bare
    Gregorian years introduced by ``عام`` / ``العام`` / ``سنة`` or followed by ``م`` (granularity ``year``).
    """
    if end is None:
        end = len(text)
    years: list[tuple[int, str]] = []
    exotic = False
    n_text = len(text)
    for ym in _YEAR_ANY.finditer(text, start, end):
        s0, e0 = ym.span()
        if (s0 > 0 and text[s0 - 1].isdigit()) or (e0 < n_text and text[e0].isdigit()):
            continue
        y = ym.group(0)
        if not y.isascii():
            exotic = True
            y = to_ascii_digits(y)
        if y[:2] in ("13", "14", "18", "19", "20"):
            years.append((s0, y))
    norm = to_ascii_digits(text) if exotic else text
    rx = _regexes()
    lk = _lookups()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    # Hijri first: a Hijri month must not be read as anything else.
    if True:
        for m in _around_years(rx["hijri"], norm, start, end, [y for y in years if y[1][:2] in ("13", "14")]):
            y, mon = int(m.group("year")), lk["hijri"].get(_fold_key(m.group("mon")))
            if mon is None:
                continue
            if not m.group("era") and not (1380 <= y <= 1500):
                continue
            dd = int(m.group("day")) if m.group("day") else None
            if dd is not None and not 1 <= dd <= 30:
                dd = None
            s = m.start() if dd is not None else m.start("mon")
            e = m.end()
            while e > s and norm[e - 1].isspace():
                e -= 1
            value, value_end = _hijri_to_gregorian(y, mon, dd)
            dm = DateMention(s, e, text[s:e], value, "day" if dd else "month", "hijri", y, mon, dd,
                             hijri=f"{y:04d}-{mon:02d}" + (f"-{dd:02d}" if dd else ""), value_end=value_end)
            if value is not None and dd is not None:
                g = date.fromisoformat(value)
                dm.year, dm.month, dm.day = g.year, g.month, g.day
            elif value is not None:
                g = date.fromisoformat(value)
                dm.year, dm.month, dm.day = g.year, g.month, None
            found.append(dm)
            taken.append((s, e))

        for m in _around_years(rx["greg"], norm, start, end, [y for y in years if y[1][:2] in ("18", "19", "20")]):
            if not free(m.start(), m.end()):
                continue
            mon = lk["greg"].get(_fold_key(m.group("mon")))
            if mon is None:
                continue
            y = int(m.group("year"))
            dd = int(m.group("day")) if m.group("day") else None
            if dd is None and m.group("dayw"):
                dd = ordinal_day(m.group("dayw"))
            s = m.start() if dd is not None else m.start("mon")
            if dd is not None and _valid(y, mon, dd) is None:
                dd, s = None, m.start("mon")
            e = m.end()
            value = f"{y:04d}-{mon:02d}-{dd:02d}" if dd else f"{y:04d}-{mon:02d}"
            dm = DateMention(s, e, text[s:e], value, "day" if dd else "month", "gregorian", y, mon, dd)
            found.append(dm)
            taken.append((s, e))

        numeric: list[tuple[DateMention, list[tuple[str, int, int, int]]]] = []
        for m in _around_years(rx["numeric"], norm, start, end, years, lookback=7, groups=("a", "c")):
            if not free(m.start(), m.end()):
                continue
            a, b, c = m.group("a"), m.group("b"), m.group("c")
            cands: list[tuple[str, int, int, int]] = []
            if len(a) == 4 and len(c) <= 2:
                if _valid(int(a), int(b), int(c)):
                    cands.append(("ymd", int(a), int(b), int(c)))
            elif len(c) == 4 and len(a) <= 2:
                y = int(c)
                if not 1900 <= y <= 2100:
                    continue
                if _valid(y, int(b), int(a)):
                    cands.append(("dmy", y, int(b), int(a)))
                if _valid(y, int(a), int(b)) and a != b:
                    cands.append(("mdy", y, int(a), int(b)))
            if not cands:
                continue
            order, y, mo, dd = cands[0]
            dm = DateMention(m.start(), m.end(), text[m.start():m.end()], f"{y:04d}-{mo:02d}-{dd:02d}", "day",
                             "gregorian", y, mo, dd, order=order, ambiguous=len(cands) > 1, numeric=True)
            numeric.append((dm, cands))
            taken.append((m.start(), m.end()))

        # resolve ambiguous numeric dates
        proven = {dm.order for dm, c in numeric if len(c) == 1 and dm.order in ("dmy", "mdy")}
        anchors = [dm.date for dm in found if dm.granularity == "day" and dm.date]
        for dm, cands in numeric:
            if len(cands) > 1:
                choice = None
                wd = _weekday_before(norm, dm.start, start)
                wd_idx = wd[1] if wd else (_weekday_after(norm, dm.end, end) or (None,))[0]
                if wd_idx is not None:
                    hits = [c for c in cands if date(c[1], c[2], c[3]).weekday() == wd_idx]
                    if len(hits) == 1:
                        choice, dm.resolved_by = hits[0], "weekday"
                if choice is None and len(proven) == 1:
                    choice = next(c for c in cands if c[0] in proven)
                    dm.resolved_by = "convention"
                if choice is None and anchors:
                    def dist(c: tuple[str, int, int, int]) -> int:
                        d0 = date(c[1], c[2], c[3])
                        return min(abs((d0 - a).days) for a in anchors)
                    best = sorted(cands, key=dist)
                    if dist(best[0]) < dist(best[1]) and dist(best[0]) <= 62:
                        choice, dm.resolved_by = best[0], "proximity"
                if choice is None:
                    choice, dm.resolved_by = cands[0], "default"
                else:
                    dm.ambiguous = False
                dm.order, dm.year, dm.month, dm.day = choice[0], choice[1], choice[2], choice[3]
                dm.value = f"{dm.year:04d}-{dm.month:02d}-{dm.day:02d}"
            found.append(dm)

    if include_partial:
        for m in rx["partial"].finditer(norm, start, end):
            if not free(m.start(), m.end()):
                continue
            mon = lk["greg"].get(_fold_key(m.group("mon")))
            dd = int(m.group("day"))
            if mon is None or not 1 <= dd <= 31:
                continue
            found.append(DateMention(m.start(), m.end(), text[m.start():m.end()], None, "day_no_year",
                                     "gregorian", None, mon, dd))
            taken.append((m.start(), m.end()))

    if include_years:
        for ys, y in years:
            if y[:2] not in ("18", "19", "20") or not free(ys, ys + 4):
                continue
            before = _YEAR_CUE_BEFORE.search(norm, max(start, ys - 12), ys)
            after = _YEAR_CUE_AFTER.match(norm, ys + 4, end)
            if not (before or after):
                continue
            e = after.end() if after else ys + 4
            found.append(DateMention(ys, e, text[ys:e], y, "year", "gregorian", int(y)))
            taken.append((ys, e))

    found.sort(key=lambda d: d.start)
    for dm in found:
        if dm.granularity == "day":
            _attach_weekday(dm, norm, start, end)
        else:
            deictic = _deictic_before(norm, dm.start, start)
            if deictic is not None:
                dm.deictic = True
    return found


def find_weekdays(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """(start, end, weekday index) of every weekday name (``الثلاثاء``, ``يوم الخميس``)."""
    out = []
    for m in _regexes()["weekday"].finditer(text, start, len(text) if end is None else end):
        idx = weekday_index(m.group("wd"))
        if idx is not None:
            out.append((m.start(), m.end(), idx))
    return out


def _stage(doc: Any, options: Any = None) -> None:
    for dm in find_dates(doc.text, include_years=True):
        if dm.value is None:
            continue
        doc.add_span("date_mentions", dm.start, dm.end, STAGE.producer, label="absolute", **dm.to_attrs())


STAGE = Stage(name="metadata.dates", version="1", func=_stage, requires=(), assigns=("date_mentions",),
              description="absolute Gregorian, Hijri and numeric dates with weekday checks")


_DEICTIC_SHIFT = {"اليوم": 0, "امس": 1, "أمس": 1, "غدا": -1, "غداً": -1}


@lru_cache(maxsize=1)
def _deictic_weekday_re() -> re.Pattern[str]:
    wd = _alternation([n for n, _, _ in calendar_table()["gregorian:weekday_stem"]])
    return re.compile(rf"{_B}(?P<dx>اليوم|أمس|امس|غداً|غدا){_E}\s*[،,(\[]?\s*(?:يوم\s+)?(?:ال)?(?P<wd>{wd}){_E}\s*[)\]]?")


def find_deictic_weekdays(text: str, start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
    """``اليوم (الثلاثاء)``, ``أمس الاثنين``, ``غدا الخميس``: dicts with start, end, text, deictic,
    weekday (index of the named day) and today (index of the weekday of the writing day)."""
    out = []
    end = len(text) if end is None else end
    rx = _deictic_weekday_re()
    hits = []
    for word in ("اليوم", "أمس", "امس", "غدا"):
        k = text.find(word, start, end)
        while k != -1:
            hits.append(k)
            k = text.find(word, k + 1, end)
    for k in sorted(hits):
        m = rx.match(text, k, end)
        if m is None:
            continue
        idx = weekday_index(m.group("wd"))
        if idx is None:
            continue
        shift = _DEICTIC_SHIFT.get(m.group("dx"), 0)
        out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "deictic": m.group("dx"),
                    "weekday": idx, "today": (idx + shift) % 7})
    return out
