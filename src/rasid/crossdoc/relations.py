"""How the relation between two actors changes over time, from the events coded between them.

:func:`relation_over_time` collects the events (layer ``events``) linking actor ``a`` and actor
``b`` in either direction and tallies them per period (month, quarter or year) by PLOVER type and
by group, with a cooperation–conflict score.

Groups and weights (Goldstein-like, one event = one weight)::

    verbal cooperation    AGREE CONSULT SUPPORT CONCEDE       +1
    material cooperation  COOPERATE AID RETREAT               +2
    verbal conflict       REQUEST ACCUSE REJECT THREATEN      -1
    material conflict     PROTEST SANCTION MOBILIZE COERCE ASSAULT  -2

Decisions:

* Which events link a and b. *Directed*: one is among the sources and the other among the targets
  (lists of actors count, so ``[iraq, usa] -> intl_coalition`` links Iraq and the coalition).
  *Mutual*: both are sources and there is no target (``التعاون بين العراق والتحالف`` is coded
  with both as sources): scored by the type's weight. *Joint*: both are sources of an event
  against a third party (fighting ISIS together): they are on the same side, scored +1 whatever
  the type. The same actor on both sides is ignored.
* Who stands for a country (``affiliates=True``, the default): a person holding a role of it on
  the event's date in the knowledge base (its president, foreign minister, ambassador) and its
  state organisations (actor codes ``IRQGOV``, ``IRQMIL``: government, army, Joint Operations
  Command); militias and parties of the country do not. Each event records which actor matched
  (``a_actor``, ``b_actor``).
* REQUEST has a mode: a request for assistance or a meeting (``mode`` assist/meet) is a
  cooperative request and scores +1 (verbal cooperation) instead of -1; a request to yield
  (withdraw, end a mission), to change, or with no mode found keeps PLOVER's -1.
* Negated events (``لم ينسحب``, ``لا تنسيق``) are not scored by default: negation detection is
  the least reliable attribute and "did not cooperate" is not the opposite act. They are counted
  in the period's ``negated`` column and listed. ``negated="invert"`` scores them with the
  opposite sign instead (``لا تنسيق`` = -2).
* Hypothetical events (``قد``, ``إذا``) count half.
* Duplicates (documents marked ``duplicate_of``) are left out by default so a story copied by ten
  outlets does not count ten times.
* The date is the event's own date (its sentence's time expression), else the publication date.
  An event dated only to a coarser granularity than the period (``2020`` in a monthly view) is
  put in a period of its own (``2020``), which sorts before that year's months.

Statements: each period also counts the statements of one side that name or address the other,
as cooperative (``statements_pos``) or hostile (``statements_neg``) by
:func:`statement_stance`; they are listed in ``statements`` and kept out of the event score.

Per period: ``score`` (sum of weights), ``mean`` (score / scored events, from -2 to +2: compare
periods with different volumes of news by this), counts per group and type, and the score of each
direction (``a_to_b``, ``b_to_a``, ``mutual``).
"""
from __future__ import annotations

from typing import Any, Iterable

from rasid.arabic.tokens import WORD_RE, search_key
from rasid.crossdoc.timeline import (MAX_PREFILTER_IDS, ActorMatcher, Corpus, as_list, event_item, load_kb_or_none,
                                     quote_item)
from rasid.store import Store

PLOVER_GROUPS: dict[str, tuple[str, ...]] = {
    "verbal_cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material_cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal_conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material_conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
GROUP_WEIGHT: dict[str, int] = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": -1,
                                "material_conflict": -2}
TYPE_GROUP: dict[str, str] = {t: g for g, types in PLOVER_GROUPS.items() for t in types}
#: REQUEST modes that ask for cooperation rather than for the other side to yield.
COOPERATIVE_REQUEST_MODES = {"assist", "meet", "settle", "cooperate", "aid"}
JOINT_WEIGHT = 1
HYPOTHETICAL_FACTOR = 0.5
PERIODS = ("month", "quarter", "year")

#: Stance of one actor's act toward another (contradictions, statement stance): +1 / -1.
COOPERATIVE_STANCE = {"AGREE", "SUPPORT", "CONSULT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
CONFLICT_STANCE = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
#: Words of a statement asking the other side to leave or end its mission (the speaker wants it to yield).
YIELD_WORDS = ("إنهاء", "انهاء", "انسحاب", "سحب", "جدولة", "خروج", "رحيل", "مغادرة", "انتهاء", "طرد", "إخراج")
#: Words of a statement asking for or praising cooperation with the other side.
COOPERATION_WORDS = ("دعم", "تعاون", "تنسيق", "شراكة", "تدريب", "استشارة", "مساعدة", "تعزيز", "توطيد", "العمل المشترك")
NEGATION_WORDS = ("لا", "لم", "لن", "ليس", "ليست", "عدم", "دون", "بدون", "غير", "رفض")
YIELD_WEIGHT = 2
YIELD_KEYS = {search_key(w) for w in YIELD_WORDS}
COOPERATION_KEYS = {search_key(w.split()[-1]) for w in COOPERATION_WORDS}
NEGATION_KEYS = {search_key(w) for w in NEGATION_WORDS}


def stance(event_type: str, mode: str | None = None, negated: bool = False) -> int:
    """+1 cooperative, -1 conflictual, 0 unknown; negation flips the sign.

    A REQUEST is cooperative when it asks for assistance or a meeting, hostile when it asks the
    other side to yield or change, and of unknown stance when the coder found no mode (``بدعوة
    من الحكومة``, "at the government's invitation", is no demand).
    """
    if event_type == "REQUEST":
        value = 0 if not mode else 1 if mode in COOPERATIVE_REQUEST_MODES else -1
    elif event_type in COOPERATIVE_STANCE:
        value = 1
    elif event_type in CONFLICT_STANCE:
        value = -1
    else:
        value = 0
    return -value if negated else value


def statement_stance(content: str, events: Iterable[dict[str, Any]] = ()) -> tuple[int, list[str]]:
    """(+1/-1/0, the cue words) of a statement.

    Words asking the other side to leave or end its mission (``إنهاء مهمة``, ``انسحاب``, ``جدولة``)
    weigh -2, cooperation words (``دعم``, ``تعاون``, ``تدريب``) +1, each flipped by a negation in
    the two words before it; the speaker's own acts coded inside the statement (events without a
    source or with the speaker as source) add their :func:`stance`, except material conflict
    (ASSAULT, MOBILIZE...) not aimed at the other side (``toward_other`` true).
    """
    total, cues = 0, []
    words = [m.group() for m in WORD_RE.finditer(content or "")]
    keys = [search_key(w) for w in words]
    for i, key in enumerate(keys):
        weight = -YIELD_WEIGHT if key in YIELD_KEYS else (1 if key in COOPERATION_KEYS else 0)
        if not weight:
            continue
        negated = any(k in NEGATION_KEYS for k in keys[max(0, i - 2):i])
        total += -weight if negated else weight
        cues.append(("لا " if negated else "") + words[i])
    for ev in events:
        if ev["type"] in PLOVER_GROUPS["material_conflict"] and not ev.get("toward_other"):
            continue  # fighting a third party (ISIS) is no stance toward the other side
        value = stance(ev["type"], ev.get("mode"), ev.get("negated", False))
        if value:
            total += value
            cues.append(f"{'NOT ' if ev.get('negated') else ''}{ev['type']}")
    return (1 if total > 0 else -1 if total < 0 else 0), cues


def event_group(event_type: str, mode: str | None = None) -> str | None:
    """The cooperation/conflict group of a PLOVER type (a cooperative REQUEST is verbal cooperation)."""
    if event_type == "REQUEST" and mode in COOPERATIVE_REQUEST_MODES:
        return "verbal_cooperation"
    return TYPE_GROUP.get(event_type)


def event_weight(event_type: str, mode: str | None = None, negated: bool = False, modality: str | None = None,
                 negated_policy: str = "ignore") -> float:
    """The score of one event (see the module docstring); 0 for types outside the four groups."""
    group = event_group(event_type, mode)
    if group is None:
        return 0.0
    weight = float(GROUP_WEIGHT[group])
    if negated:
        if negated_policy != "invert":
            return 0.0
        weight = -weight
    if modality == "hypothetical":
        weight *= HYPOTHETICAL_FACTOR
    return weight


def period_key(date: str | None, period: str = "month") -> str:
    """``2024-01-09`` -> ``2024-01`` (month), ``2024-Q1`` (quarter) or ``2024`` (year); coarser dates stay coarser."""
    if not date or not date[:4].isdigit():
        return "undated"
    year = date[:4]
    if period == "year" or len(date) < 7 or not date[5:7].isdigit():
        return year
    month = int(date[5:7])
    if period == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return date[:7]


def _link(a: ActorMatcher, b: ActorMatcher, sources: list[str], targets: list[str],
          date: str | None) -> tuple[str, str | None, str | None] | None:
    """(direction, a's actor, b's actor) or None when the event does not link a and b."""
    a_src, b_tgt = a.any(sources, date), b.any(targets, date)
    if a_src and b_tgt and a_src != b_tgt:
        return "a_to_b", a_src, b_tgt
    b_src, a_tgt = b.any(sources, date), a.any(targets, date)
    if b_src and a_tgt and b_src != a_tgt:
        return "b_to_a", a_tgt, b_src
    if a_src and b_src:
        rest = [s for s in sources if s != a_src]
        b_other = b.any(rest, date)
        if b_other and b_other != a_src:
            return ("mutual" if not targets else "joint"), a_src, b_other
    return None


def relation_over_time(store: Store, a: str, b: str, period: str = "month", include_duplicates: bool = False,
                       affiliates: bool = True, negated: str = "ignore") -> dict[str, Any]:
    """Events between ``a`` and ``b`` per period with a cooperation–conflict score.

    ``affiliates=True`` (default) lets a country's officials and state organisations stand for
    it (see :class:`rasid.crossdoc.timeline.ActorMatcher`); each event records which actor matched.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use month, quarter or year")
    if negated not in ("ignore", "invert"):
        raise ValueError("negated must be 'ignore' or 'invert'")
    kb = load_kb_or_none()
    corpus = Corpus(store, include_duplicates=include_duplicates, kb=kb)
    ma, mb = ActorMatcher(a, kb, affiliates), ActorMatcher(b, kb, affiliates)
    events: list[dict[str, Any]] = []
    periods: dict[str, dict[str, Any]] = {}

    def bucket(key: str) -> dict[str, Any]:
        return periods.setdefault(key, {"period": key, "score": 0.0, "events": 0, "scored": 0, "negated": 0,
                                        "a_to_b": 0.0, "b_to_a": 0.0, "mutual": 0.0, "joint": 0,
                                        **{g: 0 for g in PLOVER_GROUPS}, "by_type": {}, "outlets": [],
                                        "statements": 0, "statements_pos": 0, "statements_neg": 0})

    for row in corpus.rows("events", naming=ma.candidates()):
        attrs = row["attrs"]
        sources, targets = as_list(attrs.get("source_entity_id")), as_list(attrs.get("target_entity_id"))
        if not sources or not (targets or len(sources) > 1):
            continue
        item = event_item(corpus, row)
        link = _link(ma, mb, sources, targets, item["date"])
        if link is None:
            continue
        direction, a_actor, b_actor = link
        if direction == "joint":
            weight = 0.0 if item["negated"] and negated == "ignore" else float(JOINT_WEIGHT)
            group = "joint"
        else:
            weight = event_weight(item["type"], item["mode"], item["negated"], item["modality"], negated)
            group = event_group(item["type"], item["mode"])
        key = period_key(item["date"], period)
        item.update({"direction": direction, "a_actor": a_actor, "b_actor": b_actor, "group": group,
                     "weight": weight, "period": key})
        events.append(item)
        p = bucket(key)
        p["events"] += 1
        p["by_type"][item["type"]] = p["by_type"].get(item["type"], 0) + 1
        if item["outlet"] and item["outlet"] not in p["outlets"]:
            p["outlets"].append(item["outlet"])
        if item["negated"]:
            p["negated"] += 1
        if direction == "joint":
            p["joint"] += 1
        elif group and not (item["negated"] and negated == "ignore"):
            p[group] += 1
        if weight:
            p["scored"] += 1
            p["score"] += weight
            p["mutual" if direction in ("mutual", "joint") else direction] += weight
    statements = _statements_between(corpus, ma, mb, period)
    for st in statements:
        p = bucket(st["period"])
        p["statements"] += 1
        p["statements_pos" if st["polarity"] > 0 else "statements_neg"] += 1
        if st["outlet"] and st["outlet"] not in p["outlets"]:
            p["outlets"].append(st["outlet"])
    out_periods = []
    previous = None
    for key in sorted(periods, key=lambda k: (k == "undated", k)):
        p = periods[key]
        for k in ("score", "a_to_b", "b_to_a", "mutual"):
            p[k] = _number(p[k])
        p["mean"] = _number(p["score"] / p["scored"]) if p["scored"] else 0
        scored_here = key != "undated" and p["scored"]
        p["change"] = _number(p["mean"] - previous["mean"]) if scored_here and previous is not None else None
        if scored_here:
            previous = p
        out_periods.append(p)
    events.sort(key=lambda e: ((e["date"] is None), e["date"] or "", e["doc_id"], e["start"]))
    total = sum(p["score"] for p in out_periods)
    scored = sum(p["scored"] for p in out_periods)
    dated = [p for p in out_periods if p["period"] != "undated" and p["scored"]]
    summary = {"events": len(events), "scored": scored, "score": round(total, 2),
               "mean": round(total / scored, 2) if scored else 0.0,
               "first": dated[0]["period"] if dated else None, "last": dated[-1]["period"] if dated else None,
               "trend": round(dated[-1]["mean"] - dated[0]["mean"], 2) if len(dated) > 1 else None,
               "most_cooperative": max(dated, key=lambda p: p["mean"])["period"] if dated else None,
               "most_conflictual": min(dated, key=lambda p: p["mean"])["period"] if dated else None}
    return {"a": a, "b": b, "a_name": corpus.name(a), "b_name": corpus.name(b), "period": period,
            "include_duplicates": include_duplicates, "affiliates": affiliates, "negated_policy": negated,
            "weights": {"groups": {g: {"types": list(t), "weight": GROUP_WEIGHT[g]} for g, t in PLOVER_GROUPS.items()},
                        "joint": JOINT_WEIGHT, "hypothetical_factor": HYPOTHETICAL_FACTOR,
                        "cooperative_request_modes": sorted(COOPERATIVE_REQUEST_MODES)},
            "periods": out_periods, "events": events, "statements": statements, "summary": summary}


def _statements_between(corpus: Corpus, ma: ActorMatcher, mb: ActorMatcher, period: str) -> list[dict[str, Any]]:
    """Statements of one side that name or address the other, with their stance (not in the event score).

    Event coding often misses the actors of a statement (``إنهاء مهمة التحالف`` said by a
    government spokesman); the statement's stance (:func:`statement_stance`) still shows which way
    the relation goes, so each period also counts cooperative and hostile statements.
    """
    speakers = sorted(ma.candidates() | mb.candidates())
    where, params = "", ()
    if len(speakers) <= MAX_PREFILTER_IDS:
        where, params = "a.entity_id IN (" + ",".join("?" * len(speakers)) + ")", tuple(speakers)
    out = []
    for row in corpus.rows("quotes", where, params):
        speaker = row["attrs"].get("speaker_entity_id")
        item = quote_item(corpus, row)
        date = item["date"]
        if ma.matches(speaker, date):
            side, other = "a", mb
        elif mb.matches(speaker, date):
            side, other = "b", ma
        else:
            continue
        named = set(corpus.mentioned_in(row["doc_id"], row["start"], row["end"]))
        named.add(row["attrs"].get("addressee_entity_id"))
        if not any(other.matches(e, date) for e in named if e):
            continue
        own = [e for e in corpus.rows("events", "a.start >= ? AND a.start < ?", (row["start"], row["end"]),
                                      doc_id=row["doc_id"])
               if all(x == speaker for x in as_list(e["attrs"].get("source_entity_id")))
               and not (e["label"] in ("CONCEDE", "RETREAT") and not e["attrs"].get("source_entity_id"))]
        polarity, cues = statement_stance(item["content"], [
            {"type": e["label"], "mode": e["attrs"].get("mode"), "negated": bool(e["attrs"].get("negated")),
             "toward_other": any(other.matches(t, date) for t in as_list(e["attrs"].get("target_entity_id")))}
            for e in own])
        if polarity == 0:
            continue
        item.update({"side": side, "polarity": polarity, "cues": cues, "period": period_key(date, period)})
        out.append(item)
    out.sort(key=lambda it: ((it["date"] is None), it["date"] or "", it["doc_id"], it["start"]))
    return out


def _number(x: float) -> float | int:
    """Round to 2 decimals; a whole number as an int (the web page uses scores in CSS class names)."""
    x = round(float(x), 2)
    return int(x) if x.is_integer() else x


# ------------------------------------------------------------------ text output
def _bar(mean: float, width: int = 10) -> str:
    n = min(width, int(round(abs(mean) / 2 * width)))
    return ("-" * n).rjust(width) + "|" + " " * width if mean < 0 else " " * width + "|" + ("+" * n).ljust(width)


def format_periods(periods: list[dict[str, Any]]) -> list[str]:
    out = [f"  {'period':<9} {'events':>6} {'score':>6} {'mean':>5}  {'conflict':>10}|{'cooperation':<10}  groups"]
    for p in periods:
        groups = " ".join(f"{g.replace('_cooperation', '_coop').replace('_conflict', '_confl')}={p[g]}"
                          for g in PLOVER_GROUPS if p.get(g))
        extra = []
        if p.get("joint"):
            extra.append(f"joint={p['joint']}")
        if p.get("negated"):
            extra.append(f"negated={p['negated']}")
        if p.get("statements"):
            extra.append(f"statements +{p['statements_pos']}/−{p['statements_neg']}")
        out.append(f"  {p['period']:<9} {p['events']:>6} {p['score']:>6g} {p['mean']:>5g}  {_bar(p['mean'])}  "
                   + " ".join([groups] + extra).strip())
    return out


def format_relation(data: dict[str, Any], width: int = 160, show_events: bool = True) -> str:
    """The relation as text (``rasid relation A B``): the table per period, then the events."""
    out = [f"relation: {data.get('a_name') or data['a']} [{data['a']}] ↔ {data.get('b_name') or data['b']} "
           f"[{data['b']}] by {data['period']}"]
    s = data["summary"]
    if not data["events"] and not data.get("statements"):
        out.append("(no events between them)")
        return "\n".join(out)
    trend = "" if s["trend"] is None else f", trend {s['trend']:+g} from {s['first']} to {s['last']}"
    out.append(f"{s['events']} events ({s['scored']} scored), score {s['score']:g}, mean {s['mean']:+g}{trend}; "
               f"{len(data.get('statements', []))} statements of one about the other")
    out.extend(format_periods(data["periods"]))
    if show_events:
        out.append("")
        for e in data["events"]:
            neg = "NOT " if e["negated"] else ""
            mode = f":{e['mode']}" if e.get("mode") else ""
            arrow = {"a_to_b": "→", "b_to_a": "←", "mutual": "↔", "joint": "&"}[e["direction"]]
            line = (f"  {(e['date'] or '----------'):<10} {e['weight']:+5g} {neg}{e['type']}{mode} "
                    f"{e['a_actor']} {arrow} {e['b_actor']} «{e['trigger']}» [{e.get('outlet') or '?'} {e['doc_id'][:8]}]")
            out.append(line)
            sentence = " ".join((e.get("sentence") or "").split())
            out.append("      " + (sentence if len(sentence) <= width - 6 else sentence[: width - 7] + "…"))
        for st in data.get("statements", []):
            sign = "+" if st["polarity"] > 0 else "−"
            content = " ".join(st["content"].split())
            out.append(f"  {(st['date'] or '----------'):<10} stmt{sign} {st.get('speaker') or '?'}: "
                       f"«{content if len(content) <= width - 50 else content[: width - 51] + '…'}» "
                       f"[{st.get('outlet') or '?'} {st['doc_id'][:8]}]")
    return "\n".join(out)


def run_relation(db_path: str, a: str, b: str, period: str = "month", include_duplicates: bool = False,
                 affiliates: bool = True, negated: str = "ignore", as_json: bool = False) -> str:
    """``rasid relation A B``: open the database read-only, resolve names, format."""
    import json

    from rasid.crossdoc.timeline import resolve_entity
    store = Store(db_path, readonly=True)
    try:
        data = relation_over_time(store, resolve_entity(store, a), resolve_entity(store, b), period=period,
                                  include_duplicates=include_duplicates, affiliates=affiliates, negated=negated)
        return json.dumps(data, ensure_ascii=False, indent=1, default=str) if as_json else format_relation(data)
    finally:
        store.close()
