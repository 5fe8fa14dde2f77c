"""An entity's timeline across documents: what it said, what it did, the roles it held.

:func:`entity_timeline` reads the store (never the raw files): quotes whose
``speaker_entity_id`` is the entity, events where it is a source or a target
(lists of actors count), and, when the knowledge base is installed, the roles
it held. Every item carries its date, the outlet, the document id and the exact
source sentence (the ``sentences`` span covering the annotation, cut from the
document text), so a reader can check each line against the article.

Dates: an event's own ``date`` attribute (the time expression of its sentence,
resolved by ``events.code``) when present, else the document's ``published``
date. Quotes use the publication date. Partial dates (``2020``, ``2021-04``)
sort before full dates of the same period.

The helpers at the top (:class:`Corpus`, :class:`ActorMatcher`, :func:`as_list`)
are shared with :mod:`rasid.crossdoc.relations` and :mod:`rasid.crossdoc.contradictions`.
"""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from rasid.store import Store

UNDATED = "undated"
#: Above this many entity ids, rows are not pre-filtered in SQL (every row is parsed and checked).
MAX_PREFILTER_IDS = 300


# ------------------------------------------------------------------ shared helpers
def as_list(value: Any) -> list[str]:
    """An actor attribute (None, one id, a list of ids, or a comma-joined index string) as a list."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value if v]
    return [v for v in str(value).split(",") if v]


def load_kb_or_none() -> Any:
    """The actor knowledge base, or None when it is not installed or fails to load."""
    try:
        from rasid.entities.kb import load_kb
        return load_kb()
    except Exception:  # noqa: BLE001 - everything here works without the knowledge base
        return None


@dataclass
class Corpus:
    """Cached reads over one store: annotation rows, sentences, document texts, entity names."""

    store: Store
    include_duplicates: bool = True
    kb: Any = None
    _sentences: dict[str, tuple[list[int], list[tuple[int, int, str]]]] = field(default_factory=dict)
    _texts: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _periods: dict[str, dict[str, str] | None] = field(default_factory=dict)

    def officeholder_period(self, doc_id: str) -> dict[str, str] | None:
        """The period a document's named officeholders allow (fact of ``entities.period``), for undated documents."""
        if doc_id not in self._periods:
            row = self.store.conn.execute("SELECT doc_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
            period = None
            if row:
                fact = (json.loads(row[0]).get("facts") or {}).get("period_from_officeholders") or {}
                value = fact.get("value")
                if isinstance(value, dict) and value.get("from"):
                    period = {"from": value["from"], "to": value.get("to")}
            self._periods[doc_id] = period
        return self._periods[doc_id]

    def rows(self, layer: str, where: str = "", params: tuple[Any, ...] = (),
             naming: Iterable[str] | None = None, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Annotation rows of a layer joined with their document's date, outlet, title and duplicate link.

        ``naming``: keep only rows whose attributes name one of these entity ids (a cheap text
        pre-filter; the caller still checks the parsed attributes). ``doc_id``: one document's rows.
        """
        # ``+a.layer`` keeps SQLite on the primary key (doc_id, ...) instead of the layer index,
        # which would scan the whole layer for each document
        sql = ("SELECT a.doc_id, a.span_id, a.layer, a.label, a.start, a.end, a.text, a.entity_id, a.attrs,"
               " d.published, d.outlet, d.title AS doc_title, d.duplicate_of, d.source_path"
               " FROM annotations a JOIN documents d ON d.id = a.doc_id WHERE "
               + ("a.doc_id = ? AND +a.layer = ?" if doc_id is not None else "a.layer = ?"))
        if doc_id is not None:
            params = (doc_id, layer, *params)
            layer_params: tuple[Any, ...] = ()
        else:
            layer_params = (layer,)
        if not self.include_duplicates:
            sql += " AND d.duplicate_of IS NULL"
        if where:
            sql += f" AND {where}"
        if naming is not None:
            ids = sorted(set(naming))
            if len(ids) <= MAX_PREFILTER_IDS:
                sql += " AND (" + (" OR ".join("instr(a.attrs, ?) > 0" for _ in ids) or "0") + ")"
                params = (*params, *(json.dumps(i) for i in ids))
        sql += " ORDER BY d.published, a.doc_id, a.start"
        out = []
        for r in self.store.conn.execute(sql, (*layer_params, *params)):
            row = dict(r)
            try:
                row["attrs"] = json.loads(row["attrs"] or "{}")
            except (TypeError, ValueError):
                row["attrs"] = {}
            out.append(row)
        return out

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            row = self.store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            self._texts[doc_id] = row[0] if row else ""
        return self._texts[doc_id]

    def _doc_sentences(self, doc_id: str) -> tuple[list[int], list[tuple[int, int, str]]]:
        if doc_id not in self._sentences:
            rows = self.store.conn.execute(
                "SELECT start, end, text FROM annotations WHERE doc_id = ? AND +layer = 'sentences' ORDER BY start",
                (doc_id,)).fetchall()
            spans = [(int(r[0]), int(r[1]), r[2]) for r in rows]
            self._sentences[doc_id] = ([s[0] for s in spans], spans)
        return self._sentences[doc_id]

    def sentence(self, doc_id: str, start: int, end: int, hint: dict[str, Any] | None = None) -> dict[str, Any]:
        """The sentence covering ``[start, end)``: {start, end, text}.

        The ``sentences`` span that contains the start offset (the one containing the whole
        annotation when several do); else ``hint`` (an event's ``sentence`` attribute); else the
        annotation itself.
        """
        starts, spans = self._doc_sentences(doc_id)
        i = bisect.bisect_right(starts, start) - 1
        if 0 <= i < len(spans) and spans[i][0] <= start < max(spans[i][1], spans[i][0] + 1):
            s0, s1, text = spans[i]
            # a quote may run over several sentences: extend to the sentence holding its end
            j = i
            while j + 1 < len(spans) and spans[j][1] < end and spans[j + 1][0] < end:
                j += 1
            if j > i:
                s1 = spans[j][1]
                text = self.text(doc_id)[s0:s1]
            return {"start": s0, "end": s1, "text": text}
        if hint and isinstance(hint, dict) and hint.get("start") is not None and hint.get("end") is not None:
            s0, s1 = int(hint["start"]), int(hint["end"])
            return {"start": s0, "end": s1, "text": self.text(doc_id)[s0:s1]}
        return {"start": start, "end": end, "text": self.text(doc_id)[start:end]}

    def statement_date(self, doc_id: str, sentence: dict[str, Any], start: int, end: int) -> str | None:
        """The date a statement was made, when its sentence says so outside the quoted content.

        ``أعلنت الحكومة الجمعة الماضية عن ...``: the resolved time expression of the sentence that
        lies outside ``[start, end)`` (the words of the statement may date something else), the
        nearest one before the content first. Page dates and times are not the statement's date.
        """
        rows = self.store.conn.execute(
            "SELECT start, end, attrs FROM annotations WHERE doc_id = ? AND +layer = 'timexes'"
            " AND label NOT IN ('page_date', 'page_time') AND start >= ? AND end <= ?",
            (doc_id, sentence["start"], sentence["end"])).fetchall()
        best: tuple[int, str] | None = None
        for t0, t1, attrs_json in rows:
            if t0 < end and start < t1:
                continue
            try:
                value = json.loads(attrs_json or "{}").get("value")
            except ValueError:
                continue
            if not isinstance(value, str) or len(value) < 10 or not value[:4].isdigit():
                continue
            distance = start - t1 if t1 <= start else 10_000 + t0 - end
            if best is None or distance < best[0]:
                best = (distance, value[:10])
        return best[1] if best else None

    def name(self, entity_id: str | None) -> str | None:
        """Display name: the knowledge base's Arabic name, else the longest frequent mention."""
        if not entity_id:
            return None
        if entity_id not in self._names:
            name = None
            entry = self.kb.get(entity_id) if self.kb is not None and hasattr(self.kb, "get") else None
            if entry is not None:
                name = getattr(entry, "canonical_ar", None) or getattr(entry, "name_en", None)
            if not name:
                row = self.store.conn.execute(
                    "SELECT text, COUNT(*) c FROM annotations WHERE +layer = 'entities' AND entity_id = ?"
                    " GROUP BY text ORDER BY c DESC, LENGTH(text) DESC LIMIT 1", (entity_id,)).fetchone()
                name = row[0] if row else entity_id
            self._names[entity_id] = name
        return self._names[entity_id]

    def mentioned_in(self, doc_id: str, start: int, end: int) -> set[str]:
        """Entity ids mentioned between two offsets of a document."""
        return {r[0] for r in self.store.conn.execute(
            "SELECT DISTINCT entity_id FROM annotations WHERE doc_id = ? AND +layer = 'entities'"
            " AND entity_id IS NOT NULL AND start >= ? AND end <= ?", (doc_id, start, end))}


#: Sector codes (PETRARCH/CAMEO) of a country's state actors: ``IRQGOV``, ``IRQMIL`` ... count as ``iraq``.
STATE_SECTORS = ("GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI")


class ActorMatcher:
    """Does an actor id stand for ``entity_id``?

    Always when the ids are equal. With ``affiliates=True`` and the knowledge base installed,
    also a person holding a role *of* the entity on the date (a president, minister or ambassador
    of a country speaks for it), and an organisation of that country whose actor code is a state
    sector of it (``IRQGOV``, ``IRQMIL``: the government, the army, the Joint Operations Command).
    Militias and parties of the country are not the country.
    """

    def __init__(self, entity_id: str, kb: Any = None, affiliates: bool = False):
        self.entity_id = entity_id
        self.kb = kb if affiliates else None
        entry = self.kb.get(entity_id) if self.kb is not None else None
        iso3 = getattr(entry, "iso3", None) if entry is not None else None
        self.state_codes = {iso3 + s for s in STATE_SECTORS} if iso3 else set()
        self._org: dict[str, bool] = {}

    def candidates(self) -> set[str]:
        """Every id that may stand for the entity (itself and, with affiliates, its officials and state bodies)."""
        out = {self.entity_id}
        if self.kb is None:
            return out
        for entry in self.kb:
            if any(getattr(r, "of", None) == self.entity_id for r in getattr(entry, "roles", []) or []):
                out.add(entry.id)
            elif getattr(entry, "country", None) == self.entity_id and self.via(entry.id) == "state":
                out.add(entry.id)
        return out

    def via(self, actor_id: str | None, date: str | None = None) -> str | None:
        """'self' for the entity itself, 'role'/'state' for an affiliate, None otherwise."""
        if not actor_id:
            return None
        if actor_id == self.entity_id:
            return "self"
        if self.kb is None:
            return None
        entry = self.kb.get(actor_id)
        if entry is None:
            return None
        for role in getattr(entry, "roles", []) or []:
            if getattr(role, "of", None) == self.entity_id and (not date or role.active(date)):
                return "role"
        if actor_id not in self._org:
            self._org[actor_id] = bool(
                getattr(entry, "type", None) in ("ORG", "GPE") and getattr(entry, "country", None) == self.entity_id
                and any(str(c.get("code", "")) in self.state_codes for c in getattr(entry, "codes", []) or []))
        return "state" if self._org[actor_id] else None

    def matches(self, actor_id: str | None, date: str | None = None) -> bool:
        return self.via(actor_id, date) is not None

    def any(self, actor_ids: Iterable[str], date: str | None = None) -> str | None:
        """The first actor of ``actor_ids`` standing for the entity, or None."""
        for a in actor_ids:
            if self.matches(a, date):
                return a
        return None


def date_of(row: dict[str, Any]) -> tuple[str | None, str]:
    """(date, basis) of an annotation row: its own ``date`` attribute, else the publication date."""
    own = row["attrs"].get("date") if isinstance(row.get("attrs"), dict) else None
    if isinstance(own, str) and own[:4].isdigit():
        return own[:10], "event"
    if row.get("published"):
        return row["published"][:10], "published"
    return None, "none"


def sort_key(date: str | None) -> tuple[int, str]:
    return (1, "") if not date else (0, date)


def event_item(corpus: Corpus, row: dict[str, Any]) -> dict[str, Any]:
    """An events row as a plain dict (what timelines, relations and contradictions list)."""
    attrs = row["attrs"]
    date, basis = date_of(row)
    sentence = corpus.sentence(row["doc_id"], row["start"], row["end"], attrs.get("sentence"))
    return {"kind": "event", "date": date, "date_basis": basis, "doc_id": row["doc_id"], "span_id": row["span_id"],
            "outlet": row.get("outlet"), "published": row.get("published"), "title": row.get("doc_title"),
            "duplicate_of": row.get("duplicate_of"), "type": row["label"], "trigger": row["text"],
            "start": row["start"], "end": row["end"],
            "source": attrs.get("source_entity_id"), "target": attrs.get("target_entity_id"),
            "negated": bool(attrs.get("negated")), "modality": attrs.get("modality") or "asserted",
            "mode": attrs.get("mode"), "quote_id": attrs.get("quote_id"),
            "sentence": sentence["text"], "sentence_start": sentence["start"], "sentence_end": sentence["end"]}


def quote_item(corpus: Corpus, row: dict[str, Any]) -> dict[str, Any]:
    attrs = row["attrs"]
    sentence = corpus.sentence(row["doc_id"], row["start"], row["end"])
    cue = attrs.get("cue") if isinstance(attrs.get("cue"), dict) else {}
    date, basis = corpus.statement_date(row["doc_id"], sentence, row["start"], row["end"]), "statement"
    if date is None:
        date, basis = (row["published"][:10], "published") if row.get("published") else (None, "none")
    return {"kind": "statement", "date": date, "date_basis": basis, "doc_id": row["doc_id"],
            "span_id": row["span_id"], "outlet": row.get("outlet"), "published": row.get("published"),
            "title": row.get("doc_title"), "duplicate_of": row.get("duplicate_of"), "quote_kind": row["label"],
            "speaker": attrs.get("speaker_text") or attrs.get("speaker_entity_id"),
            "speaker_entity_id": attrs.get("speaker_entity_id"), "addressee_entity_id": attrs.get("addressee_entity_id"),
            "cue": cue.get("text"), "content": row["text"], "start": row["start"], "end": row["end"],
            "sentence": sentence["text"], "sentence_start": sentence["start"], "sentence_end": sentence["end"]}


# ------------------------------------------------------------------ the timeline
def _roles(kb: Any, entity_id: str, lo: str | None, hi: str | None) -> list[dict[str, Any]]:
    entry = kb.get(entity_id) if kb is not None and hasattr(kb, "get") else None
    if entry is None:
        return []
    out = []
    for r in getattr(entry, "roles", []) or []:
        role = {"kind": "role", "role": getattr(r, "role", None), "of": getattr(r, "of", None),
                "at": getattr(r, "at", None), "start": getattr(r, "start", None), "end": getattr(r, "end", None),
                "provenance": getattr(r, "provenance", None)}
        role["in_range"] = bool(lo and hi and r.overlaps(lo, hi)) if hasattr(r, "overlaps") else False
        out.append(role)
    out.sort(key=lambda r: (r["start"] or "", r["end"] or "9999"))
    return out


def _role_text(corpus: Corpus, role: dict[str, Any]) -> str:
    parts = [str(role.get("role") or "").replace("_", " ")]
    if role.get("of"):
        parts.append(f"of {corpus.name(role['of'])}")
    if role.get("at"):
        parts.append(f"at {corpus.name(role['at'])}")
    span = f"{role.get('start') or '?'} – {role.get('end') or 'now'}"
    return " ".join(parts) + f" ({span})"


def entity_timeline(store: Store, entity_id: str, with_entity: str | None = None, include_duplicates: bool = True,
                    affiliates: bool = False, period: str = "month", limit: int | None = None) -> dict[str, Any]:
    """Statements, events and roles of ``entity_id`` in date order.

    ``with_entity`` keeps only what concerns another entity: events where it is the other side
    (source or target, lists allowed) and statements addressed to it, mentioning it, or carrying
    an event involving it; the relation between the two over time (see
    :func:`rasid.crossdoc.relations.relation_over_time`) is added as ``relation``.
    ``include_duplicates=False`` leaves out documents marked as duplicates of another.
    ``affiliates=True`` also counts persons holding a role of the entity and its state
    organisations (see :class:`ActorMatcher`; Iraq's president speaks for Iraq).
    """
    kb = load_kb_or_none()
    corpus = Corpus(store, include_duplicates=include_duplicates, kb=kb)
    me = ActorMatcher(entity_id, kb, affiliates)
    other = ActorMatcher(with_entity, kb, affiliates) if with_entity else None
    items: list[dict[str, Any]] = []

    # events: source or target (lists allowed)
    events_by_quote: dict[tuple[str, str], list[dict[str, Any]]] = {}
    mine = me.candidates()
    # a statement may concern the other entity through an event in its quote, so events naming
    # either are read (only events naming the entity become items)
    naming = mine | (other.candidates() if other is not None else set())
    for row in corpus.rows("events", naming=naming):
        attrs = row["attrs"]
        sources, targets = as_list(attrs.get("source_entity_id")), as_list(attrs.get("target_entity_id"))
        date, _ = date_of(row)
        if attrs.get("quote_id"):
            events_by_quote.setdefault((row["doc_id"], attrs["quote_id"]), []).append(
                {"sources": sources, "targets": targets, "date": date})
        mine_src, mine_tgt = me.any(sources, date), me.any(targets, date)
        if not (mine_src or mine_tgt):
            continue
        if other is not None:
            # the other side must be on the opposite side of the event, or share a two-sided event
            opp = (other.any(targets, date) if mine_src else None) or (other.any(sources, date) if mine_tgt else None)
            if not opp and not (mine_src and other.any([s for s in sources if s != mine_src], date)):
                continue
        item = event_item(corpus, row)
        item["role_of_entity"] = "source" if mine_src else "target"
        item["as"] = mine_src or mine_tgt
        items.append(item)

    # statements: quotes whose speaker is the entity; with another entity, also what that side said of it
    speakers = sorted(set(mine) | (set(other.candidates()) if other is not None else set()))
    quote_filter = ("a.entity_id IN (" + ",".join("?" * len(speakers)) + ")") if len(speakers) <= MAX_PREFILTER_IDS else ""
    for row in corpus.rows("quotes", quote_filter, tuple(speakers) if quote_filter else ()):
        attrs = row["attrs"]
        speaker = attrs.get("speaker_entity_id")
        date = (row.get("published") or "")[:10] or None
        if me.matches(speaker, date):
            side, about = me, other
        elif other is not None and other.matches(speaker, date):
            side, about = other, me
        else:
            continue
        if about is not None:
            addressed = about.matches(attrs.get("addressee_entity_id"), date)
            mentioned = any(about.matches(e, date) for e in corpus.mentioned_in(row["doc_id"], row["start"], row["end"]))
            carried = any(about.any(ev["sources"] + ev["targets"], date)
                          for ev in events_by_quote.get((row["doc_id"], row["span_id"]), []))
            if not (addressed or mentioned or carried):
                continue
        item = quote_item(corpus, row)
        item["as"] = speaker
        items.append(item)

    # an undated document is placed by the period its named officeholders allow (shown as an estimate)
    for it in items:
        if not it["date"]:
            allowed = corpus.officeholder_period(it["doc_id"])
            if allowed:
                it["date_estimate"] = allowed
                it["date_basis"] = "officeholders"
    items.sort(key=lambda it: (sort_key(it["date"] or (it.get("date_estimate") or {}).get("from")),
                               it.get("published") or "", it["doc_id"], it["start"]))
    if limit is not None:
        items = items[:limit]
    dates = [it["date"] for it in items if it["date"]]
    lo, hi = (min(dates), max(dates)) if dates else (None, None)
    roles = _roles(kb, entity_id, lo, hi)
    for role in roles:
        role["text"] = _role_text(corpus, role)
        # what the page's generic branch shows for a non-event item
        role.update({"date": role["start"], "speaker": corpus.name(entity_id), "content": role["text"]})

    data: dict[str, Any] = {
        "entity_id": entity_id, "name": corpus.name(entity_id), "with": with_entity,
        "with_name": corpus.name(with_entity) if with_entity else None,
        "include_duplicates": include_duplicates, "affiliates": affiliates,
        "date_range": [lo, hi], "roles": roles, "items": items,
        "counts": {"statements": sum(it["kind"] == "statement" for it in items),
                   "events": sum(it["kind"] == "event" for it in items), "roles": len(roles)},
        "relation": [],
    }
    if with_entity:
        from rasid.crossdoc.relations import relation_over_time
        rel = relation_over_time(store, entity_id, with_entity, period=period, include_duplicates=include_duplicates,
                                 affiliates=affiliates)
        data["relation"] = rel["periods"]
        data["relation_summary"] = rel["summary"]
    return data


def merged_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Roles, statements and events of a timeline in one date-ordered list (roles at their start date)."""
    out = list(data.get("items", [])) + [r for r in data.get("roles", []) if r.get("start")]
    out.sort(key=lambda it: (sort_key(it.get("date") or (it.get("date_estimate") or {}).get("from")), 0 if it["kind"] == "role" else 1))
    return out


# ------------------------------------------------------------------ text output
def _one_line(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actors(corpus_names: dict[str, str], value: Any) -> str:
    ids = as_list(value)
    return "+".join(corpus_names.get(i, i) for i in ids) if ids else "?"


def format_timeline(data: dict[str, Any], width: int = 160) -> str:
    """The timeline as text, one item a line with its source sentence under it (``rasid timeline``)."""
    title = f"timeline: {data.get('name') or data['entity_id']} [{data['entity_id']}]"
    if data.get("with"):
        title += f" with {data.get('with_name') or data['with']} [{data['with']}]"
    out = [title]
    c = data.get("counts", {})
    out.append(f"{c.get('statements', 0)} statements, {c.get('events', 0)} events, {c.get('roles', 0)} roles"
               + ("" if data.get("include_duplicates", True) else "; duplicates left out"))
    merged = merged_items(data)
    if not merged:
        out.append("(nothing found)")
    for it in merged:
        estimate = it.get("date_estimate")
        date = (it.get("date") or (f"~{estimate['from'][:7]}" if estimate else "----------")).ljust(10)
        if it["kind"] == "role":
            out.append(f"{date}  ROLE       {it['text']}")
            continue
        where = f"[{it.get('outlet') or '?'} {it['doc_id'][:8]}]"
        if it["kind"] == "event":
            neg = "NOT " if it.get("negated") else ""
            mod = f" ({it['modality']})" if it.get("modality") not in (None, "asserted") else ""
            mode = f":{it['mode']}" if it.get("mode") else ""
            head = (f"{date}  EVENT      {neg}{it['type']}{mode}{mod} «{_one_line(it['trigger'], 40)}» "
                    f"{'+'.join(as_list(it['source'])) or '?'} → {'+'.join(as_list(it['target'])) or '?'} {where}")
        else:
            head = f"{date}  STATEMENT  {it.get('speaker') or '?'}: «{_one_line(it['content'], width - 40)}» {where}"
        out.append(head)
        out.append("            " + _one_line(it.get("sentence"), width - 12))
    if data.get("relation"):
        from rasid.crossdoc.relations import format_periods
        out.append("")
        out.append("relation over time:")
        out.extend(format_periods(data["relation"]))
    return "\n".join(out)


# ------------------------------------------------------------------ command-line entry points
def resolve_entity(store: Store, ref: str) -> str:
    """An entity id from an id or a name (a mention's text or a knowledge-base alias).

    Raises ValueError naming the reference when nothing matches.
    """
    from rasid.arabic.normalize import fold
    ref = ref.strip()
    if store.conn.execute("SELECT 1 FROM annotations WHERE +layer = 'entities' AND entity_id = ? LIMIT 1",
                          (ref,)).fetchone():
        return ref
    wanted = " ".join(fold(ref).split())
    counts: dict[str, int] = {}
    for eid, text in store.conn.execute(
            "SELECT entity_id, text FROM annotations WHERE layer = 'entities' AND entity_id IS NOT NULL"):
        if " ".join(fold(text).split()) == wanted:
            counts[eid] = counts.get(eid, 0) + 1
    if counts:
        return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    kb = load_kb_or_none()
    if kb is not None:
        if ref in kb:
            return ref
        found = kb.lookup(ref) if hasattr(kb, "lookup") else []
        if found:
            return found[0].id
    raise ValueError(f"no entity {ref!r} in the database or the knowledge base (try `rasid entities`)")


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def run_timeline(db_path: str, entity: str, with_entity: str | None = None, period: str = "month",
                 include_duplicates: bool = True, affiliates: bool = False, as_json: bool = False) -> str:
    """``rasid timeline ENTITY [--with OTHER]``: open the database read-only, resolve names, format."""
    store = Store(db_path, readonly=True)
    try:
        eid = resolve_entity(store, entity)
        other = resolve_entity(store, with_entity) if with_entity else None
        data = entity_timeline(store, eid, with_entity=other, include_duplicates=include_duplicates,
                               affiliates=affiliates, period=period)
        return _dump(data) if as_json else format_timeline(data)
    finally:
        store.close()
