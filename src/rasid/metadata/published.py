"""Stage ``metadata.published``: the article's own publication date (SCHEMA.md section 4).

Fact ``published`` = ISO ``YYYY-MM-DD`` or None, confidence high/medium/low, attrs ``basis``,
``page_date`` {date, text, start, end, why_not_article_date} and ``estimate`` when useful.

Order of evidence:

1. a date inside the article: the dateline's date, or an absolute date written with ``اليوم`` /
   ``أمس`` / ``غدا`` (``اليوم الثلاثاء (9 كانون الثاني 2024)``). A written weekday must match
   (otherwise confidence drops to medium);
2. a page posting stamp (a ``dateline`` line, e.g. ``• 4/28/2021``) that agrees with the article:
   with a deictic weekday in the text (``اليوم (الثلاثاء)``) the stamp must fall on that weekday (high),
   or the latest such weekday before the stamp is taken (republication the next day, medium); a stamp
   that nothing in the article can confirm is returned with confidence ``low``;
3. a feed-supplied date (``meta["date"]``) checked the same way against a deictic weekday;
4. a bare deictic weekday with nothing to anchor it gives no date (basis ``deictic_weekday_unanchored``).

A page-header "today" date (a ``boilerplate`` line with subtype ``page_header_date``) never becomes the
publication date: it is recorded as ``page_date`` and as the upper bound of ``estimate``.
When the posting stamp and the article disagree, the article's date wins and the stamp is the
``page_date``.
"""
from __future__ import annotations

import bisect
from datetime import date, timedelta
from typing import Any

from rasid.document import Document, Span
from rasid.metadata.dates import find_dates, find_deictic_weekdays
from rasid.pipeline import Stage

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_ARTICLE_ZONES = ("title", "body")
#: How many body lines (from the top) may hold the article's own date or deictic weekday.
LEAD_LINES = 3


def _parse_iso(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _latest_weekday_on_or_before(d: date, weekday: int, max_days: int = 6) -> date | None:
    for k in range(0, max_days + 1):
        x = d - timedelta(days=k)
        if x.weekday() == weekday:
            return x
    return None


def decide(text: str, lines: list[tuple[int, int, str, str | None]], dateline: dict[str, Any] | None,
           mentions: list[dict[str, Any]], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The decision as a plain dict: value, confidence, basis, evidence [(start, end)], page_date, ..."""
    starts = [ln[0] for ln in lines]

    def line_of(offset: int) -> tuple[int, int, str, str | None] | None:
        k = bisect.bisect_right(starts, offset) - 1
        return lines[k] if 0 <= k < len(lines) else None

    body_lines = [ln for ln in lines if ln[2] == "body"][:LEAD_LINES]
    lead_ranges = [(ln[0], ln[1]) for ln in body_lines]

    def in_lead(offset: int) -> bool:
        return any(a <= offset < b for a, b in lead_ranges)

    out: dict[str, Any] = {"value": None, "confidence": None, "basis": None, "evidence": []}

    # deictic weekday of the writing day (اليوم الثلاثاء / أمس الاثنين)
    deictic = None
    for a, b in lead_ranges:
        found = find_deictic_weekdays(text, a, b)
        if found:
            deictic = found[0]
            break
    if deictic is None:  # title lines too (اليوم الخميس in a headline)
        for ln in lines:
            if ln[2] == "title":
                found = find_deictic_weekdays(text, ln[0], ln[1])
                if found:
                    deictic = found[0]
    today_wd = deictic["today"] if deictic else None

    # 1. article date
    article: tuple[date, str, list[tuple[int, int]], bool | None] | None = None
    if dateline and dateline.get("date") and dateline.get("start") is not None:
        d = _parse_iso(dateline["date"])
        if d:
            ok = None if today_wd is None else d.weekday() == today_wd
            article = (d, "dateline", [(dateline["start"], dateline["end"])], ok)
    if article is None:
        for m in mentions:
            if m.get("granularity") != "day" or not m.get("deictic") or not in_lead(m["start"]):
                continue
            d = _parse_iso(m.get("value"))
            if d is None:
                continue
            ok = m.get("weekday_ok")
            lead_word = text[m.get("weekday_start", m["start"]):m["start"]]
            if not any(w in lead_word for w in ("اليوم", "أمس", "امس", "غد")):
                continue
            if "أمس" in lead_word or "امس" in lead_word:
                d = d + timedelta(days=1)
            elif "غد" in lead_word:
                d = d - timedelta(days=1)
            article = (d, "in_text_deictic_date", [(m.get("weekday_start", m["start"]), m["end"])], ok)
            break
    if article is None and lead_ranges:
        # a full date written with its weekday in the opening sentence of the body
        # ("أعلنت الوزارة، الثلاثاء 9 يناير 2024، أن"): the news day, when the weekday checks out
        a0, b0 = lead_ranges[0]
        first_stop = text.find(". ", a0, b0)
        b0 = b0 if first_stop == -1 else first_stop
        for m in mentions:
            if a0 <= m["start"] < b0 and m.get("granularity") == "day" and m.get("weekday_ok") is True:
                d = _parse_iso(m.get("value"))
                if d is not None:
                    article = (d, "lead_weekday_date", [(m.get("weekday_start", m["start"]), m["end"])], None)
                    break

    # page stamps and header dates
    stamps: list[dict[str, Any]] = []
    headers: list[dict[str, Any]] = []
    for m in mentions:
        ln = line_of(m["start"])
        if ln is None or m.get("granularity") != "day":
            continue
        rec: dict[str, Any] = {"date": m.get("value"), "text": text[m["start"]:m["end"]], "start": m["start"],
                               "end": m["end"]}
        if m.get("ambiguous") and m.get("month") and m.get("day"):
            rec["alt"] = f"{m['year']:04d}-{m['day']:02d}-{m['month']:02d}"  # the other day/month reading
        if ln[2] == "dateline":
            stamps.append(rec)
        elif ln[2] == "boilerplate" and (ln[3] or "").startswith("page_header"):
            headers.append(rec)

    page_date = None
    if article is not None:
        d, basis, ev, ok = article
        out.update(value=d.isoformat(), basis=basis, evidence=list(ev),
                   confidence="high" if ok is not False and basis != "lead_weekday_date" else "medium")
        if ok is False:
            out["note"] = "the weekday written in the text does not match the date"
        for st in stamps:
            sd = _parse_iso(st["date"])
            if sd != d and _parse_iso(st.get("alt")) == d:
                sd = d  # ambiguous D/M stamp: the reading that agrees with the article
            if sd == d:
                out["evidence"].append((st["start"], st["end"]))
                out["basis"] = basis + "+page_stamp"
                out["confidence"] = "high" if ok is not False else "medium"
            elif sd is not None and page_date is None:
                page_date = dict(st, why_not_article_date=(
                    "posting stamp of the page differs from the article's own date"
                    + (" by one day (republication)" if abs((sd - d).days) == 1 else "")))
    elif stamps or _parse_iso((meta or {}).get("date")):
        if stamps:
            st = stamps[0]
            sd = _parse_iso(st["date"])
            alt = _parse_iso(st.get("alt"))
            if alt is not None and today_wd is not None and sd is not None and sd.weekday() != today_wd \
                    and alt.weekday() == today_wd:
                sd = alt  # an ambiguous D/M stamp read the way the article's weekday confirms
                st = dict(st, date=alt.isoformat())
            ev = [(st["start"], st["end"])]
            basis = "page_stamp"
        else:
            st = None
            sd = _parse_iso((meta or {}).get("date"))
            ev = []
            basis = "feed_date"
        if sd is None:
            pass
        elif today_wd is None:
            # nothing in the article to check the stamp against (SCHEMA rule 2 needs agreement): a page
            # stamp alone is low confidence; a feed's own date field is medium
            out.update(value=sd.isoformat(), confidence="low" if basis == "page_stamp" else "medium",
                       basis=basis, evidence=ev)
        elif sd.weekday() == today_wd:
            ev.append((deictic["start"], deictic["end"]))
            out.update(value=sd.isoformat(), confidence="high", basis=basis + "+deictic_weekday", evidence=ev)
        else:
            adj = _latest_weekday_on_or_before(sd, today_wd)
            if adj is not None:
                out.update(value=adj.isoformat(), confidence="medium", basis=basis + "_adjusted_to_weekday",
                           evidence=[(deictic["start"], deictic["end"])] + ev)
                if st is not None:
                    page_date = dict(st, why_not_article_date=(
                        f"the article's 'today' is a {WEEKDAYS[today_wd]}; the stamp is a later day"))
                else:
                    out["feed_date"] = sd.isoformat()
    elif deictic is not None:
        out.update(basis="deictic_weekday_unanchored", weekday=WEEKDAYS[deictic["today"]],
                   deictic={k: deictic[k] for k in ("text", "start", "end")})

    if headers:
        h = headers[0]
        hd = dict(h, why_not_article_date="page-header 'today' date on a chrome line (the day the page was "
                                          "shown), not the article's date")
        if page_date is None:
            page_date = hd
        if out["value"] is None:
            out["estimate"] = {"to": h["date"], "confidence": "low",
                               "basis": "the page header date is an upper bound"}
    if page_date is not None:
        out["page_date"] = {k: v for k, v in page_date.items() if k != "alt"}
    if out["value"] is None and out["basis"] is None:
        out["basis"] = "no_date_in_text"
    return out


def _mention_dicts(doc: Document) -> list[dict[str, Any]]:
    spans = doc.spans("date_mentions")
    if not spans and "date_mentions" not in doc.meta.get("_produced", ()):
        return [dict(dm.to_attrs(), start=dm.start, end=dm.end) for dm in find_dates(doc.text) if dm.value]
    return [dict(sp.attrs, start=sp.start, end=sp.end) for sp in spans]


def _stage(doc: Document, options: Any = None) -> None:
    lines = [(sp.start, sp.end, sp.label, sp.attrs.get("subtype")) for sp in doc.spans("lines")]
    res = decide(doc.text, lines, doc.fact("dateline"), _mention_dicts(doc), doc.meta)
    evidence: list[Span] = [doc.add_span("published_evidence", a, b, STAGE.producer) for a, b in res.pop("evidence")]
    value, conf = res.pop("value"), res.pop("confidence")
    doc.set_fact("published", value, STAGE.producer, confidence=conf, evidence=evidence, **res)


STAGE = Stage(name="metadata.published", version="1", func=_stage,
              requires=("lines", "dateline", "date_mentions"), assigns=("published", "published_evidence"),
              description="publication date: article date > agreeing page stamp > feed date; header dates never")
