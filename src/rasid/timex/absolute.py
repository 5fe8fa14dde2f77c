"""Absolute and month-relative calendar dates in folded text.

:func:`find_absolute` returns :class:`Hit` records in folded coordinates with
their calendar fields; :mod:`rasid.timex.resolve` turns them into values
against the document date, and :mod:`rasid.quantities.extract` uses their
spans to leave numbers inside dates alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from rasid.timex import lexicon as lx
from rasid.timex.folding import Folded, candidates

_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_HYEAR = r"(?:1[34][0-9]{2})"


_DEF_NUMBER_RE = re.compile(r"ال(?=[0-9])")


@dataclass
class Hit:
    fs: int
    fe: int
    kind: str  # absolute / anaphoric / time / year
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    qual: int | None = None  # -1 past, 0 current, +1 next (month named with a qualifier)
    weekday: int | None = None
    calendar: str = "gregorian"
    relative_month: bool = False  # "العاشر من الشهر الماضي"
    cue: bool = True  # a bare four-digit year has no cue


@lru_cache(maxsize=1)
def _regex() -> re.Pattern[str]:
    wd = lx.folded_alt(lx.WEEKDAYS.keys(), split=False)
    mon = lx.folded_alt(lx.GREGORIAN_MONTHS.keys(), split=False)
    mon_plain = lx.folded_alt([m for m in lx.GREGORIAN_MONTHS if m not in lx.AMBIGUOUS_MONTHS], split=False)
    hmon = lx.folded_alt(lx.HIJRI_MONTHS.keys(), split=False)
    qual = lx.folded_alt(lx.QUALIFIERS.keys(), split=False)
    ordd = lx.folded_alt(lx.ORDINAL_DAYS.keys(), split=False)
    alt_mon = rf"(?:\s*(?:/|\(|-)\s*(?:{mon})\s*\)?)?"  # "نيسان/أبريل", "نيسان (أبريل)"
    year_tail = rf"\s*[،,]?\s*(?:من\s+)?(?:عام|العام|سنه|لعام|للعام)?\s*"
    wd_prefix = rf"(?:(?:يوم\s+)?(?P<wd>{wd})\s*[،,]?\s*(?:الموافق\s+|في\s+)?)?"
    pats = [
        # 12 رمضان 1445 هـ
        rf"(?P<hd>{_DAY})?\s*(?:من\s+)?(?<!\w)(?P<hmon>{hmon})(?!\w){year_tail}(?P<hy>{_HYEAR})\s*(?:ه(?!\w)|هجريه?(?!\w))?",
        # (الخميس) 27 أبريل 2021 / 9 من شهر كانون الثاني / 7 أبريل الجاري
        rf"{wd_prefix}(?<![0-9])(?:ال)?(?:(?P<d0>{_DAY})\s*(?:-|–|و|الي|حتي)\s*)?(?P<d>{_DAY})\s*(?:من\s+)?(?:شهر\s+)?(?P<mon>{mon})(?!\w){alt_mon}"
        rf"(?:{year_tail}(?P<y>{_YEAR})(?![0-9])(?:\s*م(?!\w))?|\s+(?P<q>{qual})(?!\w))?",
        # التاسع من أبريل الجاري / العاشر من الشهر الماضي
        rf"(?:(?P<wd2>{wd})\s+)?(?<!\w)(?P<od>{ordd})\s+من\s+(?:(?:شهر\s+)?(?P<mon2>{mon})(?!\w){alt_mon}"
        rf"(?:{year_tail}(?P<y2>{_YEAR})(?![0-9])|\s+(?P<q2>{qual})(?!\w))?|الشهر\s+(?P<q3>{qual})(?!\w))",
        # الـ15 من الشهر الجاري
        rf"(?<![0-9])(?:ال)?(?P<nd>{_DAY})\s+من\s+الشهر\s+(?P<q5>{qual})(?!\w)",
        # 4/28/2021, 9-01-2024, 17:11
        r"(?<![0-9/.\-])(?P<n1>[0-9]{1,2})(?P<sep>[/.\-])(?P<n2>[0-9]{1,2})(?P=sep)(?P<n3>(?:19|20)[0-9]{2})(?![0-9])"
        r"(?:\s*[،,]?\s*(?:الساعه\s+)?(?P<hh>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9])(?![0-9]))?",
        # 2021-04-27, 2021/04/27
        r"(?<![0-9/.\-])(?P<iy>(?:19|20)[0-9]{2})(?P<isep>[/\-])(?P<im>0?[1-9]|1[0-2])(?P=isep)(?P<id>[0-3]?[0-9])(?![0-9])"
        r"(?:(?:T|\s+)(?P<ih>[01]?[0-9]|2[0-3]):(?P<imi>[0-5][0-9]))?",
        # أبريل 2021 / شهر نيسان من عام 2021
        rf"(?<!\w)(?:شهر\s+)?(?P<mon3>{mon})(?!\w){alt_mon}{year_tail}(?P<y3>{_YEAR})(?![0-9])",
        # رمضان الماضي
        rf"(?<!\w)(?:شهر\s+)?(?P<hmon2>{hmon})(?!\w)\s+(?P<q6>{qual})(?!\w)",
        # أكتوبر المقبل
        rf"(?<!\w)(?:شهر\s+)?(?P<mon4>{mon})(?!\w)\s+(?P<q4>{qual})(?!\w)",
        # في أكتوبر
        rf"(?:(?<=(?<!\w)في\s)|(?<=(?<!\w)بحلول\s)|(?<=(?<!\w)خلال\s)|(?<=(?<!\w)منذ\s)|(?<=(?<!\w)حتي\s))"
        rf"(?:شهر\s+)?(?P<mon5>{mon_plain})(?!\w)",
        # 1445 هـ
        rf"(?<![0-9])(?P<hy2>{_HYEAR})\s*(?:ه(?!\w)|هجريه?(?!\w))",
        # عام 2020 / 2020
        rf"(?:(?<!\w)(?P<ycue>عام|العام|سنه|السنه|لعام|للعام)\s+)?(?<![0-9.,/\-:])(?P<y4>{_YEAR})(?![0-9]|[.,/\-:][0-9])(?:\s*م(?!\w))?",
        # عام 1450 (any year with a cue word)
        rf"(?<!\w)(?P<ycue2>عام|العام|سنه|لعام|للعام)\s+(?P<y5>[0-9]{{3,4}})(?![0-9]|[.,/\-:][0-9])",
        # الساعة 6 مساء / 10 صباحا
        r"(?:(?<!\w)الساعه\s+(?P<ch>[01]?[0-9]|2[0-3])(?:[.:](?P<cm>[0-5][0-9]))?(?![0-9:])(?:\s+(?P<cp>صباحا|مساء|مساءا|ظهرا|فجرا|عصرا|ليلا))?"
        r"|(?<![0-9:])(?P<ch2>[01]?[0-9])\s+(?P<cp2>صباحا|مساء|مساءا|ظهرا|فجرا|عصرا|ليلا)(?!\w))",
        # 17:11 (a clock time on its own)
        r"(?<![0-9:])(?:(?<!\w)الساعه\s+)?(?P<th>[01]?[0-9]|2[0-3]):(?P<tm>[0-5][0-9])(?![0-9:])",
    ]
    return re.compile("|".join(f"(?:{p})" for p in pats))


@lru_cache(maxsize=1)
def _triggers() -> dict[str, bool]:
    words: set[str] = set(lx.WEEKDAYS) | {"يوم", "شهر", "عام", "العام", "سنه", "السنه", "لعام", "للعام", "الساعه"}
    for table in (lx.GREGORIAN_MONTHS, lx.HIJRI_MONTHS, lx.ORDINAL_DAYS):
        words |= {k.split()[0] for k in table}
    return {w: True for w in words}


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def find_absolute(folded: "str | Folded", start: int = 0, end: int | None = None,
                  is_unit: Callable[[str], bool] | None = None) -> list[Hit]:
    """Calendar dates, month names with a year or qualifier, years and clock times in ``folded``
    (a folded string or a :class:`~rasid.timex.folding.Folded`)."""
    if isinstance(folded, Folded):
        key = ("absolute", start, len(folded.text) if end is None else end, is_unit)
        got = folded.memo.get(key)
        if got is None:
            got = folded.memo[key] = _find_absolute(folded, start, end, is_unit)
        return list(got)
    return _find_absolute(folded, start, end, is_unit)


def _find_absolute(folded, start, end, is_unit) -> list[Hit]:
    src = folded
    folded = folded.text if isinstance(folded, Folded) else folded
    end = len(folded) if end is None else end
    out: list[Hit] = []
    rx = _regex()
    last = start
    cands = candidates(src, _triggers(), start, end, proclitics="وفبل", digits=True)
    if True:  # "الـ15 من الشهر": a definite day number
        extra = [(m.start(), True) for m in _DEF_NUMBER_RE.finditer(folded, start, end)
                 if not m.start() or not folded[m.start() - 1].isalnum()]
        if extra:
            cands = sorted(cands + extra, key=lambda x: x[0])
    for pos, _ in cands:
        if pos < last:
            continue
        m = rx.match(folded, pos, end)
        if not m or m.end() == m.start():
            continue
        last = m.end()
        g = m.groupdict()
        fs, fe = m.start(), m.end()
        wdk = g.get("wd") or g.get("wd2")
        weekday = lx.WEEKDAYS.get(re.sub(r"\s+", " ", wdk)) if wdk else None
        if g["hmon"]:
            out.append(Hit(fs, fe, "absolute", int(g["hy"]), lx.HIJRI_MONTHS[re.sub(r"\s+", " ", g["hmon"])],
                           _int(g["hd"]), calendar="hijri"))
        elif g["mon"]:
            q = lx.QUALIFIERS.get(g["q"]) if g["q"] else None
            kind = "absolute" if g["y"] else "anaphoric"
            day = int(g["d0"]) if g["d0"] and int(g["d0"]) < int(g["d"]) else int(g["d"])  # a range: its first day
            out.append(Hit(fs, fe, kind, _int(g["y"]), lx.GREGORIAN_MONTHS[re.sub(r"\s+", " ", g["mon"])],
                           day, qual=q, weekday=weekday))
        elif g["od"]:
            day = lx.ORDINAL_DAYS[re.sub(r"\s+", " ", g["od"])]
            if g["mon2"]:
                q = lx.QUALIFIERS.get(g["q2"]) if g["q2"] else None
                out.append(Hit(fs, fe, "absolute" if g["y2"] else "anaphoric", _int(g["y2"]),
                               lx.GREGORIAN_MONTHS[re.sub(r"\s+", " ", g["mon2"])], day, qual=q, weekday=weekday))
            else:
                out.append(Hit(fs, fe, "anaphoric", None, None, day, qual=lx.QUALIFIERS[g["q3"]],
                               weekday=weekday, relative_month=True))
        elif g["nd"]:
            out.append(Hit(fs, fe, "anaphoric", None, None, int(g["nd"]), qual=lx.QUALIFIERS[g["q5"]],
                           relative_month=True))
        elif g["n1"]:
            a, b, y = int(g["n1"]), int(g["n2"]), int(g["n3"])
            if a > 12 >= b:
                d, mo = a, b
            elif b > 12 >= a:
                d, mo = b, a  # month first (4/28/2021)
            else:
                d, mo = a, b  # Arabic pages write day first
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            out.append(Hit(fs, fe, "absolute", y, mo, d, _int(g["hh"]), _int(g["mi"])))
        elif g["iy"]:
            out.append(Hit(fs, fe, "absolute", int(g["iy"]), int(g["im"]), int(g["id"]), _int(g["ih"]), _int(g["imi"])))
        elif g["mon3"]:
            out.append(Hit(fs, fe, "absolute", int(g["y3"]), lx.GREGORIAN_MONTHS[re.sub(r"\s+", " ", g["mon3"])]))
        elif g["hmon2"]:
            out.append(Hit(fs, fe, "deictic", None, lx.HIJRI_MONTHS[re.sub(r"\s+", " ", g["hmon2"])],
                           qual=lx.QUALIFIERS[g["q6"]], calendar="hijri"))
        elif g["mon4"]:
            out.append(Hit(fs, fe, "deictic", None, lx.GREGORIAN_MONTHS[re.sub(r"\s+", " ", g["mon4"])],
                           qual=lx.QUALIFIERS[g["q4"]]))
        elif g["mon5"]:
            out.append(Hit(fs, fe, "anaphoric", None, lx.GREGORIAN_MONTHS[re.sub(r"\s+", " ", g["mon5"])]))
        elif g["hy2"]:
            out.append(Hit(fs, fe, "absolute", int(g["hy2"]), calendar="hijri"))
        elif g["y4"]:
            cue = bool(g["ycue"])
            if not cue and is_unit is not None:
                nxt = re.match(r"\s+(\w+)", folded[fe:fe + 40])
                if nxt and is_unit(nxt.group(1)):
                    continue
            out.append(Hit(fs, fe, "absolute", int(g["y4"]), cue=cue))
        elif g["y5"]:
            y = int(g["y5"])  # "عام 1432" in Gulf news is a Hijri year written without هـ
            out.append(Hit(fs, fe, "absolute", y, calendar="hijri" if 1350 <= y <= 1500 else "gregorian"))
        elif g["ch"] or g["ch2"]:
            hour = int(g["ch"] or g["ch2"])
            if (g["cp"] or g["cp2"]) in ("مساء", "مساءا", "عصرا", "ليلا") and hour < 12:
                hour += 12
            out.append(Hit(fs, fe, "time", hour=hour, minute=int(g["cm"] or 0)))
        elif g["th"]:
            out.append(Hit(fs, fe, "time", hour=int(g["th"]), minute=int(g["tm"])))
    return out
