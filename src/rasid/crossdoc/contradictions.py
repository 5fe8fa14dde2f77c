"""Contradictions across documents.

:func:`contradictions` looks for three kinds, each returned as a plain dict with both sides side
by side (date, outlet, document id, the exact sentence):

``stance_change``
    The same actor takes opposite stances toward the same target (or on the same topic) at two
    dates. Two sources of stance:

    * its statements (layer ``quotes``, by ``speaker_entity_id``):
      :func:`rasid.crossdoc.relations.statement_stance` - words asking the other side to leave or
      end its mission (``إنهاء مهمة``, ``انسحاب``, ``جدولة``) against words of cooperation
      (``دعم``, ``تعاون``, ``تدريب``), each flipped by a negation just before it, plus the
      speaker's own speech acts coded inside the quote. The target is the first entity the
      statement names (and its addressee): "ending the mission of the coalition against ISIS" is
      about the coalition. A statement is dated by the time
      expression of its sentence outside the quoted words (``أعلنت الحكومة الجمعة الماضية``),
      else by the publication date;
    * the events it is the source of: cooperative types (AGREE, SUPPORT, CONSULT, COOPERATE, AID,
      CONCEDE, RETREAT, and REQUEST for assistance or a meeting) are +1; REQUEST to yield or
      change (a REQUEST without a mode has no stance), ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE and ASSAULT are -1; a
      negated event flips its sign (``لا ندعم`` against ``ندعم``). Material conflict without a
      target (fighting someone unnamed) is left out.

    Items are grouped by target; items without a target are paired only when their sentences
    share at least ``min_shared_keys`` content words (search keys,
    :func:`rasid.arabic.tokens.search_key`). Toward one target, each change from one stance to
    the other in date order is a candidate; the best ``per_group`` pairs by shared words are kept.
    Two items of one document count only when both are statements of different speakers (the
    president against the government). With ``entity_id``, the entity's officials and state
    organisations speak for it (Iraq's president and its Joint Operations Command are Iraq);
    without it, every speaker and source is taken on its own.

``quantity_conflict``
    Two documents give figures for the same thing that do not agree: same unit (troops,
    personnel, casualties, USD...), sentences naming mostly the same entities (the country, the
    force), publication dates at most ``max_days`` apart, and values whose ranges (a comparator
    ``more_than``/``less_than``/``about`` turns a value into a range) are further apart than
    ``tolerance`` (relative). "2,500 US troops in Iraq" against "5,000 US troops in Iraq" is one;
    "less than 10,000" against "2,500" is not.

``event_conflict``
    One source asserts an event and another denies it: same PLOVER type (CONCEDE and RETREAT count
    as one, both being withdrawals), overlapping actors, dates at most ``max_days`` apart, one
    negated and the other not ("the coalition will withdraw" / "the coalition will not withdraw").
    Each denial is set against its ``PER_DENIAL`` nearest assertions; each figure against its
    ``QUANTITY_NEIGHBOURS`` nearest comparable later figures (so a large corpus gives a readable
    list, not every pair).

Duplicates (documents marked ``duplicate_of``) are left out by default: a copy never contradicts
its original.
"""
from __future__ import annotations

import bisect
from datetime import date as _date
from typing import Any, Iterable

from rasid.arabic.tokens import WORD_RE, search_key
from rasid.crossdoc.relations import (COOPERATIVE_STANCE, CONFLICT_STANCE, PLOVER_GROUPS,  # noqa: F401
                                      stance, statement_stance)
from rasid.crossdoc.timeline import (MAX_PREFILTER_IDS, ActorMatcher, Corpus, as_list, event_item, load_kb_or_none,
                                     quote_item)
from rasid.store import Store

MATERIAL_CONFLICT = set(PLOVER_GROUPS["material_conflict"])
#: Types that state the same fact for an event conflict.
EVENT_FAMILY = {"CONCEDE": "withdraw", "RETREAT": "withdraw"}
#: Units that are not facts about the world worth comparing across documents.
SKIPPED_UNITS = {"years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries",
                 "page_views", "ui_counter", "rounds", "round", "times", "terms", "sessions", "percent"}
#: Function words left out of topic keys (compared as search keys, see ``_keys``).
STOP_WORDS = {
    "في", "من", "علي", "الي", "عن", "مع", "ان", "او", "ام", "ثم", "قد", "لقد", "كان", "كانت", "يكون", "تكون", "هذا",
    "هذه", "ذلك", "تلك", "هو", "هي", "هم", "نحن", "انه", "انها", "التي", "الذي", "الذين", "بين", "عند", "لدي", "حول",
    "خلال", "بعد", "قبل", "منذ", "حتي", "كل", "بعض", "غير", "لا", "لم", "لن", "ما", "ليس", "قال", "قالت", "اكد", "اكدت",
    "اضاف", "اضافت", "اليوم", "امس", "وقال", "وفق", "وفقا", "ايضا", "كما", "حيث", "الا", "اذا", "لكن", "انما", "عبر",
    "ضد", "نحو", "تجاه", "اي", "وكان", "عام", "العام", "يوم", "شهر", "عدد", "اطار", "جانب", "اجل", "خلاله",
}
STOP_KEYS = {search_key(w) for w in STOP_WORDS}


# ------------------------------------------------------------------ helpers
def _keys(text: str | None) -> set[str]:
    out = set()
    for m in WORD_RE.finditer(text or ""):
        key = search_key(m.group())
        if len(key) >= 3 and key not in STOP_KEYS and not key.isdigit():
            out.add(key)
    return out


def _day(date: str | None) -> int | None:
    if not date or not date[:4].isdigit():
        return None
    parts = (date[:10] + "-01-01")[:10] if len(date) == 4 else (date[:7] + "-01" if len(date) == 7 else date[:10])
    try:
        return _date.fromisoformat(parts).toordinal()
    except ValueError:
        return None


def _windowed_pairs(items: list[dict[str, Any]], max_days: int | None) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs (earlier, later) of items whose ``_day`` are at most ``max_days`` apart (any gap when None)."""
    dated = sorted((it for it in items if it.get("_day") is not None), key=lambda it: it["_day"])
    for i, x in enumerate(dated):
        for y in dated[i + 1:]:
            if max_days is not None and y["_day"] - x["_day"] > max_days:
                break
            yield x, y


def _side(item: dict[str, Any], keep: Iterable[str]) -> dict[str, Any]:
    return {k: item.get(k) for k in keep if k in item}


EVENT_FIELDS = ("kind", "date", "date_basis", "doc_id", "span_id", "outlet", "published", "title", "type", "mode",
                "negated", "modality", "trigger", "source", "target", "sentence", "sentence_start", "sentence_end",
                "polarity", "speaker", "speaker_entity_id", "content", "cues", "actor")
QUANTITY_FIELDS = ("date", "doc_id", "span_id", "outlet", "published", "title", "text", "value", "unit", "comparator",
                   "about", "entities", "sentence", "sentence_start", "sentence_end")


def _label(it: dict[str, Any]) -> str:
    if it.get("kind") == "statement":
        return f"statement [{' '.join(it.get('cues') or [])}] ({'+' if it['polarity'] > 0 else '−'})"
    mode = f":{it['mode']}" if it.get("mode") else ""
    return f"{'NOT ' if it.get('negated') else ''}{it['type']}{mode} ({'+' if it['polarity'] > 0 else '−'})"


# ------------------------------------------------------------------ (a) stance changes
def _statement_items(corpus: Corpus, events: list[dict[str, Any]], matcher: ActorMatcher | None,
                     naming: set[str] | None) -> list[tuple[str, dict[str, Any], list[str]]]:
    """(actor, statement item, targets) for every quote with a stance."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_doc.setdefault(ev["doc_id"], []).append(ev)
    where, params = "", ()
    if naming is not None and len(naming) <= MAX_PREFILTER_IDS:
        ids = sorted(naming)
        where, params = "a.entity_id IN (" + ",".join("?" * len(ids)) + ")", tuple(ids)
    out = []
    for row in corpus.rows("quotes", where, params):
        speaker = row["attrs"].get("speaker_entity_id")
        if not speaker:
            continue
        item = quote_item(corpus, row)
        if matcher is not None:
            if not matcher.matches(speaker, item["date"]):
                continue
            actor = matcher.entity_id
            mine = lambda e, d=item["date"]: matcher.matches(e, d)  # noqa: E731
        else:
            actor = speaker
            mine = lambda e: e == speaker  # noqa: E731
        # the speaker's own acts inside the statement: events with the speaker as source, or with no
        # source (speech acts); a withdrawal without a source is someone else's
        inside = [ev for ev in by_doc.get(row["doc_id"], []) if row["start"] <= ev["start"] < row["end"]
                  and (all(mine(x) for x in as_list(ev["source"])) if as_list(ev["source"])
                       else ev["type"] not in EVENT_FAMILY)]
        polarity, cues = statement_stance(item["content"], inside)
        if polarity == 0:
            continue
        # the target: the addressee, and the first entity the statement names ("ending the mission
        # of the coalition against ISIS" is about the coalition, not ISIS)
        addressee = row["attrs"].get("addressee_entity_id")
        targets = [addressee] if addressee and not mine(addressee) else []
        first = next((e for e in _mentions_in_order(corpus, row["doc_id"], row["start"], row["end"])
                      if e and not mine(e)), None)
        if first and first not in targets:
            targets.append(first)
        item.update({"type": "STATEMENT", "mode": None, "negated": False, "modality": "asserted",
                     "trigger": item["content"], "source": speaker, "target": targets or None, "polarity": polarity,
                     "cues": cues, "actor": speaker})
        out.append((actor, item, targets))
    return out


def _position(target: str | None, *items: dict[str, Any]) -> int:
    """How early ``target`` is named in the items (their target lists are in order of mention)."""
    total = 0
    for it in items:
        targets = as_list(it.get("target"))
        total += targets.index(target) if target in targets else len(targets)
    return total


def _mentions_in_order(corpus: Corpus, doc_id: str, start: int, end: int) -> list[str]:
    return [r[0] for r in corpus.store.conn.execute(
        "SELECT entity_id FROM annotations WHERE doc_id = ? AND +layer = 'entities' AND entity_id IS NOT NULL"
        " AND label != 'TITLE' AND start >= ? AND end <= ? ORDER BY start", (doc_id, start, end))]


#: A denial is set against at most this many assertions (the nearest in time).
PER_DENIAL = 3
#: A figure is compared with at most this many later comparable figures (the nearest in time).
QUANTITY_NEIGHBOURS = 10
#: Around each change of stance toward a target, how many statements on each side are compared.
FLIP_WINDOW = 6
#: Statements without a target are compared pairwise (by shared words) among this many of the latest.
UNTARGETED_LIMIT = 400


def _flip_pairs(items: list[dict[str, Any]], targeted: bool) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    """Candidate (earlier, later) pairs of opposite stance.

    Toward one target: the items in date order form runs of one polarity; each change of run is
    compared across its boundary (the last ``FLIP_WINDOW`` before it, the first after it), so the
    cost grows with the number of items, not its square. Without a target (paired by topic words):
    every pair among the latest ``UNTARGETED_LIMIT`` items.
    """
    dated = sorted((it for it in items if it.get("_day") is not None), key=lambda it: it["_day"])
    if not targeted:
        yield from _windowed_pairs(dated[-UNTARGETED_LIMIT:], None)
        return
    runs: list[list[dict[str, Any]]] = []
    for it in dated:
        if runs and runs[-1][0]["polarity"] == it["polarity"]:
            runs[-1].append(it)
        else:
            runs.append([it])
    for before, after in zip(runs, runs[1:]):
        for x in before[-FLIP_WINDOW:]:
            for y in after[:FLIP_WINDOW]:
                yield x, y


def _is_denial(x: dict[str, Any], y: dict[str, Any], max_days: int | None) -> bool:
    """Two close events of one family, one negated: an event conflict rather than a change of stance."""
    return (x["kind"] == y["kind"] == "event" and x["negated"] != y["negated"]
            and EVENT_FAMILY.get(x["type"], x["type"]) == EVENT_FAMILY.get(y["type"], y["type"])
            and (max_days is None or abs(x["_day"] - y["_day"]) <= max_days))


def _stance_changes(corpus: Corpus, events: list[dict[str, Any]], entity_id: str | None, kb: Any,
                    affiliates: bool, min_shared_keys: int, per_group: int,
                    skip_denials: bool = True, max_days: int | None = 90) -> list[dict[str, Any]]:
    # who speaks: one matcher for the entity asked for, or every source actor on its own
    by_actor: dict[str, list[dict[str, Any]]] = {}
    matcher = ActorMatcher(entity_id, kb, affiliates) if entity_id else None
    for actor, item, targets in _statement_items(corpus, events, matcher,
                                                 matcher.candidates() if matcher is not None else None):
        item = dict(item, _keys=_keys(item["content"]), _day=_day(item["date"]))
        for target in targets or [None]:
            by_actor.setdefault(actor, []).append(dict(item, _target=target))
    for ev in events:
        pol = stance(ev["type"], ev.get("mode"), ev["negated"])
        if pol == 0 or ev.get("modality") == "hypothetical":
            continue
        if not as_list(ev["target"]) and ev["type"] in MATERIAL_CONFLICT:
            continue  # fighting someone the coder did not name is no stance on a topic
        sources = as_list(ev["source"])
        if matcher is not None:
            who = matcher.any(sources, ev["date"])
            actors = [entity_id] if who else []
        else:
            who, actors = None, sources
        for actor in actors:
            targets = [t for t in as_list(ev["target"]) if t != actor and not (matcher and matcher.matches(t, ev["date"]))]
            item = dict(ev, polarity=pol, actor=who or actor, _keys=_keys(ev["sentence"]), _day=_day(ev["date"]))
            for target in targets or [None]:
                by_actor.setdefault(actor, []).append(dict(item, _target=target))
    out = []
    for actor, items in by_actor.items():
        groups: dict[Any, list[dict[str, Any]]] = {}
        for it in items:
            groups.setdefault(it["_target"], []).append(it)
        for target, members in groups.items():
            best: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
            for x, y in _flip_pairs(members, target is not None):
                if x["polarity"] * y["polarity"] >= 0 or (skip_denials and _is_denial(x, y, max_days)):
                    continue
                # within one document only two statements of different speakers (the president
                # against the government) count; an event is usually its statement's restatement
                if x["doc_id"] == y["doc_id"] and not (x["kind"] == y["kind"] == "statement"
                                                       and x["speaker_entity_id"] != y["speaker_entity_id"]):
                    continue
                shared = x["_keys"] & y["_keys"]
                if target is None and len(shared) < min_shared_keys:
                    continue
                score = len(shared) + (1 if x["type"] == y["type"] else 0)
                key = (x["doc_id"], y["doc_id"])
                if key not in best or score > best[key][0]:
                    best[key] = (score, {
                        "kind": "stance_change", "actor": actor, "actor_name": corpus.name(actor),
                        "target": target, "target_name": corpus.name(target),
                        "topic_keys": sorted(shared), "score": score, "_pos": _position(target, x, y),
                        "days_apart": y["_day"] - x["_day"],
                        "summary": (f"{corpus.name(actor)} toward {corpus.name(target) or 'the same topic'}: "
                                    f"{_label(x)} on {x['date']} then {_label(y)} on {y['date']}"),
                        "a": _side(x, EVENT_FIELDS), "b": _side(y, EVENT_FIELDS)})
            ranked = sorted(best.values(), key=lambda sv: (-sv[0], sv[1]["a"]["date"] or ""))
            out.extend(found for _, found in ranked[:per_group])
    # a statement naming two entities is found under both targets: keep each statement of a pair
    # of documents once, under its best target (shared words, then the entity it names first)
    merged: list[dict[str, Any]] = []
    owner: dict[tuple[Any, ...], dict[str, Any]] = {}
    for f in sorted(out, key=lambda f: (-f["score"], f["_pos"])):
        pair = (f["actor"], f["a"]["doc_id"], f["b"]["doc_id"])
        ends = [pair + ("a", f["a"]["span_id"]), pair + ("b", f["b"]["span_id"])]
        kept = next((owner[e] for e in ends if e in owner), None)
        if kept is None:
            kept = dict(f, targets=[f["target"]] if f["target"] else [])
            merged.append(kept)
        elif f["target"] and f["target"] not in kept["targets"]:
            kept["targets"].append(f["target"])
        for e in ends:
            owner.setdefault(e, kept)
    for f in merged:
        f.pop("_pos", None)
        f["targets"].sort(key=lambda t: t != f["target"])
        if len(f["targets"]) > 1:
            names = ", ".join(corpus.name(t) or t for t in f["targets"])
            f["summary"] = f["summary"].replace(f"toward {corpus.name(f['target'])}:", f"toward {names}:", 1)
    return merged


# ------------------------------------------------------------------ (b) facts
def _entities_in(corpus: Corpus, doc_id: str, start: int, end: int) -> set[str]:
    return {r[0] for r in corpus.store.conn.execute(
        "SELECT DISTINCT entity_id FROM annotations WHERE doc_id = ? AND +layer = 'entities' AND entity_id IS NOT NULL"
        " AND label NOT IN ('PER', 'TITLE') AND start >= ? AND end <= ?", (doc_id, start, end))}


def _interval(value: float, comparator: str | None) -> tuple[float, float]:
    if comparator == "more_than":
        return value, float("inf")
    if comparator == "less_than":
        return 0.0, value
    return value, value


def quantity_gap(q1: dict[str, Any], q2: dict[str, Any]) -> float:
    """Relative gap between two figures' ranges (0 when they can both be true)."""
    lo1, hi1 = _interval(float(q1["value"]), q1.get("comparator"))
    lo2, hi2 = _interval(float(q2["value"]), q2.get("comparator"))
    gap = max(lo1, lo2) - min(hi1, hi2)
    if gap <= 0:
        return 0.0
    return gap / max(lo1, lo2)


def _quantity_conflicts(corpus: Corpus, entity_id: str | None, tolerance: float, max_days: int | None,
                        min_jaccard: float) -> list[dict[str, Any]]:
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in corpus.rows("quantities"):
        attrs = row["attrs"]
        value, unit = attrs.get("value"), attrs.get("unit")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0 or not unit:
            continue
        if unit in SKIPPED_UNITS or attrs.get("ordinal"):
            continue
        sentence = corpus.sentence(row["doc_id"], row["start"], row["end"])
        ents = _entities_in(corpus, row["doc_id"], sentence["start"], sentence["end"])
        if not ents or (entity_id and entity_id not in ents):
            continue
        date = (row.get("published") or "")[:10] or None
        by_unit.setdefault(unit, []).append({
            "date": date, "_day": _day(date), "doc_id": row["doc_id"], "span_id": row["span_id"],
            "outlet": row.get("outlet"), "published": row.get("published"), "title": row.get("doc_title"),
            "text": row["text"], "value": value, "unit": unit, "comparator": attrs.get("comparator"),
            "about": attrs.get("about"), "entities": sorted(ents), "sentence": sentence["text"],
            "sentence_start": sentence["start"], "sentence_end": sentence["end"]})
    out = []
    for unit, items in by_unit.items():
        best: dict[tuple[str, str], dict[str, Any]] = {}
        compared: dict[str, int] = {}
        for x, y in _windowed_pairs(items, max_days):
            if x["doc_id"] == y["doc_id"] or compared.get(x["span_id"] + x["doc_id"], 0) >= QUANTITY_NEIGHBOURS:
                continue
            ex, ey = set(x["entities"]), set(y["entities"])
            shared = ex & ey
            if len(shared) < min(2, len(ex), len(ey)) or len(shared) / len(ex | ey) < min_jaccard:
                continue
            compared[x["span_id"] + x["doc_id"]] = compared.get(x["span_id"] + x["doc_id"], 0) + 1
            gap = quantity_gap(x, y)
            if gap <= tolerance:
                continue
            key = (x["doc_id"], y["doc_id"])
            found = {"kind": "quantity_conflict", "unit": unit, "entities": sorted(shared),
                     "entity_names": [corpus.name(e) for e in sorted(shared)], "gap": round(gap, 3),
                     "days_apart": y["_day"] - x["_day"], "same_outlet": bool(x["outlet"]) and x["outlet"] == y["outlet"],
                     "summary": (f"{x['outlet'] or x['doc_id'][:8]} ({x['date']}): {x['text']} vs "
                                 f"{y['outlet'] or y['doc_id'][:8]} ({y['date']}): {y['text']}"),
                     "a": _side(x, QUANTITY_FIELDS), "b": _side(y, QUANTITY_FIELDS)}
            if key not in best or gap > best[key]["gap"]:
                best[key] = found
        out.extend(best.values())
    return out


def _event_conflicts(corpus: Corpus, events: list[dict[str, Any]], entity_id: str | None,
                     max_days: int | None) -> list[dict[str, Any]]:
    # asserted events indexed by (family, actor) in date order; each negated one looks up its window
    asserted: dict[tuple[str, str], list[dict[str, Any]]] = {}
    negated: list[dict[str, Any]] = []
    for ev in events:
        if ev.get("modality") == "hypothetical":
            continue
        actors = set(as_list(ev["source"])) | set(as_list(ev["target"]))
        day = _day(ev["date"])
        if not actors or day is None or (entity_id and entity_id not in actors):
            continue
        item = dict(ev, _day=day, _family=EVENT_FAMILY.get(ev["type"], ev["type"]))
        if ev["negated"]:
            negated.append(item)
        else:
            for a in actors:
                asserted.setdefault((item["_family"], a), []).append(item)
    for lst in asserted.values():
        lst.sort(key=lambda it: it["_day"])
    days = {k: [it["_day"] for it in lst] for k, lst in asserted.items()}
    out = []
    for neg in negated:
        found_here: list[tuple[int, dict[str, Any]]] = []
        seen: set[tuple[str, str]] = set()
        for a in set(as_list(neg["source"])) | set(as_list(neg["target"])):
            lst = asserted.get((neg["_family"], a), [])
            lo = bisect.bisect_left(days[(neg["_family"], a)], neg["_day"] - max_days) if lst and max_days is not None else 0
            for pos in lst[lo:]:
                if max_days is not None and pos["_day"] > neg["_day"] + max_days:
                    break
                key = (pos["doc_id"], pos["span_id"])
                if key in seen or pos["doc_id"] == neg["doc_id"]:
                    continue
                seen.add(key)
                sp, sn = set(as_list(pos["source"])), set(as_list(neg["source"]))
                tp, tn = set(as_list(pos["target"])), set(as_list(neg["target"]))
                # the same actors: every side named on both must overlap
                named = [(x, y) for x, y in ((sp, sn), (tp, tn)) if x and y]
                if not named or any(not (x & y) for x, y in named):
                    continue
                x, y = (pos, neg) if (pos["_day"], pos["doc_id"]) <= (neg["_day"], neg["doc_id"]) else (neg, pos)
                found_here.append((abs(pos["_day"] - neg["_day"]), {"kind": "event_conflict", "type": pos["_family"] if pos["_family"] != pos["type"]
                            else pos["type"],
                            "actors": sorted((sp & sn) | (tp & tn)), "days_apart": y["_day"] - x["_day"],
                            "same_outlet": bool(x["outlet"]) and x["outlet"] == y["outlet"],
                            "summary": (f"{pos['outlet'] or pos['doc_id'][:8]} ({pos['date']}) reports {pos['type']} "
                                        f"«{pos['trigger']}»; {neg['outlet'] or neg['doc_id'][:8]} ({neg['date']}) "
                                        f"reports it negated «{neg['trigger']}»"),
                            "a": _side(x, EVENT_FIELDS), "b": _side(y, EVENT_FIELDS)}))
        found_here.sort(key=lambda df: df[0])
        out.extend(f for _, f in found_here[:PER_DENIAL])
    return out


# ------------------------------------------------------------------ entry point
def contradictions(store: Store, entity_id: str | None = None, topic: str | None = None,
                   include_duplicates: bool = False, affiliates: bool = True, tolerance: float = 0.2,
                   max_days: int | None = 90, min_shared_keys: int = 2, min_jaccard: float = 0.34,
                   per_group: int = 5, kinds: Iterable[str] = ("stance_change", "quantity_conflict",
                                                               "event_conflict")) -> list[dict[str, Any]]:
    """Stance changes of one actor (or of every actor) and conflicting facts between sources.

    ``entity_id``: only this actor's stance changes and facts involving it. ``topic``: only pairs
    whose sentences contain all the words of ``topic`` (compared as search keys) on either side.
    ``tolerance``: relative gap below which two figures agree. ``max_days``: how far apart two
    facts may be to be about the same moment (None: any). Returns plain dicts, stance changes
    first, each kind ordered by the earlier side's date.
    """
    kinds = set(kinds)
    kb = load_kb_or_none()
    corpus = Corpus(store, include_duplicates=include_duplicates, kb=kb)
    naming = ActorMatcher(entity_id, kb, affiliates).candidates() if entity_id else None
    events = [event_item(corpus, row) for row in corpus.rows("events", naming=naming)]
    found: list[dict[str, Any]] = []
    if "stance_change" in kinds:
        found += _stance_changes(corpus, events, entity_id, kb, affiliates, min_shared_keys, per_group,
                                 skip_denials="event_conflict" in kinds, max_days=max_days)
    if "quantity_conflict" in kinds:
        found += _quantity_conflicts(corpus, entity_id, tolerance, max_days, min_jaccard)
    if "event_conflict" in kinds:
        found += _event_conflicts(corpus, events, entity_id, max_days)
    if topic:
        wanted = _keys(topic) or {search_key(w) for w in topic.split()}
        found = [f for f in found if wanted <= _keys(f["a"].get("sentence")) or wanted <= _keys(f["b"].get("sentence"))]
    order = {"stance_change": 0, "quantity_conflict": 1, "event_conflict": 2}
    found.sort(key=lambda f: (order[f["kind"]], f["a"].get("date") or "", f["b"].get("date") or ""))
    return found


# ------------------------------------------------------------------ text output
def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_contradictions(items: list[dict[str, Any]], width: int = 160, limit: int | None = None) -> str:
    """Contradictions as text, both sides with date, outlet and sentence (``rasid contradictions``)."""
    if not items:
        return "no contradictions found"
    counts = ", ".join(f"{sum(f['kind'] == k for f in items)} {k}" for k in
                       ("stance_change", "quantity_conflict", "event_conflict") if any(f["kind"] == k for f in items))
    out = [f"{len(items)} contradictions ({counts})"]
    if limit is not None and len(items) > limit:
        out.append(f"showing the first {limit}; --json gives all")
    for n, f in enumerate(items[:limit] if limit is not None else items, 1):
        out.append("")
        out.append(f"{n}. [{f['kind']}] {f['summary']}")
        if f.get("topic_keys"):
            out.append(f"   shared words: {' '.join(f['topic_keys'][:12])}")
        for tag in ("a", "b"):
            side = f[tag]
            head = f"   {tag.upper()} {side.get('date') or '----------'} {side.get('outlet') or '?'} {side['doc_id'][:8]}"
            if f["kind"] == "quantity_conflict":
                head += f"  {side['value']:g} {side['unit']}" + (f" ({side['comparator']})" if side.get("comparator") else "")
            else:
                head += f"  {_label(side) if 'polarity' in side else side['type']} «{side.get('trigger')}»"
            out.append(head)
            out.append("     " + _clip(side.get("sentence"), width - 5))
    return "\n".join(out)


def run_contradictions(db_path: str, entity: str | None = None, topic: str | None = None,
                       include_duplicates: bool = False, tolerance: float = 0.2, max_days: int | None = 90,
                       as_json: bool = False, limit: int | None = 200) -> str:
    """``rasid contradictions [ENTITY] [--topic WORDS]``: open the database read-only, resolve names, format."""
    import json

    from rasid.crossdoc.timeline import resolve_entity
    store = Store(db_path, readonly=True)
    try:
        eid = resolve_entity(store, entity) if entity else None
        found = contradictions(store, eid, topic=topic, include_duplicates=include_duplicates, tolerance=tolerance,
                               max_days=max_days)
        return (json.dumps(found, ensure_ascii=False, indent=1, default=str) if as_json
                else format_contradictions(found, limit=limit))
    finally:
        store.close()
