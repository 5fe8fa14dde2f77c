"""Evaluate ``events.code`` on PLOVER gold data in the layout of openeventdata/arabic_event_gsr.

A folder holds, per event type, ``<type>_spans.json`` (one gold event per sentence: ``event_type``,
``source_gold`` / ``verb_gold`` / ``target_gold`` = the tokens every annotator marked, space-joined,
order not guaranteed) and ``<type>_gsr.csv`` (event-detection sentences labelled ``yes``,
``easy no``, ``difficult no`` or ``ambiguous``).

Each sentence becomes a one-sentence :class:`~rasid.document.Document`; the entity stages are run
when they can be imported (``rasid.entities.ner`` / ``gazetteer`` / ``link``), otherwise the coder
works with generic agents only. Actors are compared by character overlap between the coder's actor
spans (``source_spans`` / ``target_spans``: named entities or generic agents) and the gold tokens.

Figures, per event type and overall:

* span set: ``events`` gold events; ``correct`` = an event of the gold type whose source and target
  match (a gold slot left empty is not checked; ``correct_strict`` also needs an empty predicted
  slot there); ``detected`` = an event of the gold type; ``missed``; ``source_ok`` / ``target_ok``
  among detected events with a gold actor; ``coded`` = all events the coder produced on these
  sentences and ``false_pos`` = those of another type than the gold one;
* detection set: precision / recall / F1 of "the coder produces an event of this type" against the
  ``yes`` labels, negatives being ``easy no`` and ``difficult no`` (``ambiguous`` left out); given
  first at the documented default threshold (``rasid.events.code.DEFAULT_MIN_CONFIDENCE``: events of
  confidence ``high``, i.e. reported occurrences), then for all events, medium-or-high and high (the
  negatives of this set are mostly sentences that mention an attack or protest without reporting one).
"""
from __future__ import annotations

import csv
import importlib
import json
import time
from pathlib import Path
from typing import Any, Iterable

from rasid.arabic.normalize import fold
from rasid.arabic.tokens import TOKEN_RE
from rasid.document import Document
from rasid.events import code as events_code

#: confidence floors the span figures are also given at
THRESHOLDS = ("medium", "high")
ENTITY_STAGE_MODULES = ("rasid.entities.ner", "rasid.entities.gazetteer", "rasid.entities.link")


def _entity_stages() -> tuple[list[Any], list[str]]:
    stages, notes = [], []
    for name in ENTITY_STAGE_MODULES:
        try:
            stages.append(importlib.import_module(name).STAGE)
        except Exception as exc:  # noqa: BLE001 - optional stages built elsewhere
            notes.append(f"{name}: {type(exc).__name__}")
    return stages, notes


def sentence_document(text: str, stages: Iterable[Any] = (), options: Any = None) -> Document:
    doc = Document(text)
    doc.add_span("sentences", 0, len(text), "plover_eval", zone="body", line=0)
    doc.mark_produced(["sentences"])
    for st in stages:
        try:
            missing = [r for r in st.requires if r not in ("text", "meta") and not doc.has(r)]
            if missing:
                continue
            st(doc, options)
        except Exception:  # noqa: BLE001 - a failing optional stage leaves entities empty
            continue
    if not doc.has("entities"):
        doc.mark_produced(["entities"])
    return doc


def code_text(text: str, stages: Iterable[Any] = (), options: Any = None) -> Document:
    doc = sentence_document(text, stages, options)
    events_code.code_events(doc, options)
    return doc


def _gold_spans(text: str, gold_tokens: str) -> list[tuple[int, int]]:
    """Character spans of the text tokens equal (after folding) to one of the gold tokens."""
    wanted = {fold(t) for t in gold_tokens.split() if t.strip()}
    if not wanted:
        return []
    out = []
    for m in TOKEN_RE.finditer(text):
        if fold(m.group()) in wanted:
            out.append((m.start(), m.end()))
    return out


def _overlaps(spans: list[dict[str, Any]], gold: list[tuple[int, int]]) -> bool:
    return any(s["start"] < ge and gs < s["end"] for s in spans for gs, ge in gold)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def _blank_span_counts() -> dict[str, int]:
    return {"events": 0, "correct": 0, "correct_strict": 0, "detected": 0, "missed": 0, "source_gold": 0,
            "source_ok": 0, "target_gold": 0, "target_ok": 0, "coded": 0, "false_pos": 0, "trigger_gold": 0,
            "trigger_ok": 0, **{f"{k}_{level}": 0 for level in THRESHOLDS for k in ("coded", "false_pos", "correct")}}


def evaluate_spans(records: list[dict[str, Any]], stages: list[Any], options: Any = None) -> dict[str, dict]:
    per: dict[str, dict[str, int]] = {}
    for rec in records:
        etype = (rec.get("event_type") or "").upper()
        text = rec.get("text") or ""
        c = per.setdefault(etype, _blank_span_counts())
        c["events"] += 1
        doc = code_text(text, stages, options)
        events = doc.spans("events")
        c["coded"] += len(events)
        same = [e for e in events if e.label == etype]
        c["false_pos"] += len(events) - len(same)
        if not same:
            c["missed"] += 1
            continue
        c["detected"] += 1
        gsrc = _gold_spans(text, rec.get("source_gold") or "")
        gtgt = _gold_spans(text, rec.get("target_gold") or "")
        gverb = _gold_spans(text, rec.get("verb_gold") or "")

        def src_ok(e, strict=False):
            spans = e.attrs.get("source_spans") or []
            return _overlaps(spans, gsrc) if gsrc else (not spans if strict else True)

        def tgt_ok(e, strict=False):
            spans = e.attrs.get("target_spans") or []
            return _overlaps(spans, gtgt) if gtgt else (not spans if strict else True)

        if gsrc:
            c["source_gold"] += 1
            c["source_ok"] += int(any(src_ok(e) for e in same))
        if gtgt:
            c["target_gold"] += 1
            c["target_ok"] += int(any(tgt_ok(e) for e in same))
        if gverb:
            c["trigger_gold"] += 1
            c["trigger_ok"] += int(any(_overlaps([e.attrs["trigger"]], gverb) for e in same))
        c["correct"] += int(any(src_ok(e) and tgt_ok(e) for e in same))
        c["correct_strict"] += int(any(src_ok(e, True) and tgt_ok(e, True) for e in same))
        for level in THRESHOLDS:
            # the same figures for a user who keeps only events of at least this confidence
            kept = [e for e in events if _CONF_RANK.get(e.attrs.get("confidence", "low"), 0) >= _CONF_RANK[level]]
            c[f"coded_{level}"] += len(kept)
            c[f"false_pos_{level}"] += sum(1 for e in kept if e.label != etype)
            c[f"correct_{level}"] += int(any(e.label == etype and src_ok(e) and tgt_ok(e) for e in kept))
    return per



_CONF_RANK = events_code.CONFIDENCE_RANK


def evaluate_detection(rows: list[dict[str, str]], stages: list[Any], options: Any = None,
                       min_confidence: str = "low") -> dict[str, dict]:
    """Detection figures counting only events of at least ``min_confidence``."""
    need = _CONF_RANK[min_confidence]
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        label = (row.get("label") or "").strip()
        if label == "ambiguous" or not label:
            continue
        etype = (row.get("event_type") or "").upper()
        gold = label == "yes"
        doc = code_text(row.get("text") or "", stages, options)
        pred = any(e.label == etype and _CONF_RANK.get(e.attrs.get("confidence", "low"), 0) >= need
                   for e in doc.spans("events"))
        c = counts.setdefault(etype, {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "fp_difficult": 0, "n_difficult": 0})
        if label == "difficult no":
            c["n_difficult"] += 1
            c["fp_difficult"] += int(pred)
        if pred and gold:
            c["tp"] += 1
        elif pred:
            c["fp"] += 1
        elif gold:
            c["fn"] += 1
        else:
            c["tn"] += 1
    return {k: {**v, **_prf(v["tp"], v["fp"], v["fn"])} for k, v in counts.items()}


def _span_figures(c: dict[str, int]) -> dict[str, Any]:
    n = max(1, c["events"])
    return {**c,
            "correct_share": c["correct"] / n, "correct_strict_share": c["correct_strict"] / n,
            "detected_share": c["detected"] / n, "missed_share": c["missed"] / n,
            "source_acc": c["source_ok"] / max(1, c["source_gold"]),
            "target_acc": c["target_ok"] / max(1, c["target_gold"]),
            "trigger_acc": c["trigger_ok"] / max(1, c["trigger_gold"]),
            "false_pos_share": c["false_pos"] / max(1, c["coded"]),
            **{f"correct_share_{level}": c[f"correct_{level}"] / n for level in THRESHOLDS},
            **{f"false_pos_share_{level}": c[f"false_pos_{level}"] / max(1, c[f"coded_{level}"])
               for level in THRESHOLDS}}


def evaluate_dir(path: str | Path, options: Any = None, limit: int | None = None) -> dict[str, Any]:
    """Code every sentence of a PLOVER gold folder and compare (see the module docstring)."""
    folder = Path(path)
    stages, notes = _entity_stages()
    t0 = time.perf_counter()
    records: list[dict[str, Any]] = []
    for f in sorted(folder.glob("*_spans.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        records.extend(data[:limit] if limit else data)
    rows: list[dict[str, str]] = []
    for f in sorted(folder.glob("*_gsr.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            got = list(csv.DictReader(fh))
        rows.extend(got[:limit] if limit else got)
    per_span = evaluate_spans(records, stages, options)
    total = _blank_span_counts()
    for c in per_span.values():
        for k, v in c.items():
            total[k] += v
    spans = {k: _span_figures(v) for k, v in sorted(per_span.items())}
    if per_span:
        spans["ALL"] = _span_figures(total)
    detections = {}
    for level in ("low", "medium", "high"):
        detection = evaluate_detection(rows, stages, options, level)
        if detection:
            tp = sum(v["tp"] for v in detection.values())
            fp = sum(v["fp"] for v in detection.values())
            fn = sum(v["fn"] for v in detection.values())
            detection["ALL"] = {"tp": tp, "fp": fp, "fn": fn, **_prf(tp, fp, fn)}
        detections[level] = detection
    detection = detections["low"]
    default = events_code.DEFAULT_MIN_CONFIDENCE
    return {"default_min_confidence": default, "detection_default": detections[default], "path": str(folder), "n_span_records": len(records), "n_detection_rows": len(rows),
            "entity_stages": [s.name for s in stages], "entity_stage_notes": notes,
            "spans": spans, "detection": detection, "detection_medium": detections["medium"],
            "detection_high": detections["high"], "seconds": round(time.perf_counter() - t0, 2)}


def format_report(report: dict[str, Any]) -> str:
    lines = [f"PLOVER evaluation of events.code on {report['path']}",
             f"  {report['n_span_records']} span records, {report['n_detection_rows']} detection sentences, "
             f"{report['seconds']} s; entity stages: {', '.join(report['entity_stages']) or 'none (generic agents only)'}"]
    if report.get("spans"):
        lines.append("")
        lines.append("Span gold (one gold event per sentence)")
        lines.append(f"  {'type':9} {'events':>6} {'correct':>8} {'strict':>7} {'detected':>9} {'missed':>7} "
                     f"{'src_acc':>8} {'tgt_acc':>8} {'trig_acc':>8} {'coded':>6} {'FP_share':>8}")
        for t, f in report["spans"].items():
            lines.append(f"  {t:9} {f['events']:6d} {f['correct_share']:8.3f} {f['correct_strict_share']:7.3f} "
                         f"{f['detected_share']:9.3f} {f['missed_share']:7.3f} {f['source_acc']:8.3f} "
                         f"{f['target_acc']:8.3f} {f['trigger_acc']:8.3f} {f['coded']:6d} {f['false_pos_share']:8.3f}")
    if report.get("spans", {}).get("ALL"):
        a = report["spans"]["ALL"]
        lines.append(f"  overall: {a['correct']} correct, {a['detected'] - a['correct']} detected with wrong actors, "
                     f"{a['missed']} missed, {a['false_pos']} false positives (other types) of {a['coded']} coded")
        for level in THRESHOLDS:
            lines.append(f"  keeping events of confidence >= {level}: {a[f'correct_{level}']} correct "
                         f"({a[f'correct_share_{level}']:.1%}), {a[f'false_pos_{level}']} false positives of "
                         f"{a[f'coded_{level}']} coded ({a[f'false_pos_share_{level}']:.1%})")
    default = report.get("default_min_confidence", "high")
    for key, title in (("detection_default", f"confidence >= {default} (the documented default threshold)"),
                       ("detection", "any confidence"), ("detection_medium", "confidence >= medium"),
                       ("detection_high", "confidence high")):
        if not report.get(key):
            continue
        lines.append("")
        lines.append(f"Event detection, events of {title} (yes vs easy/difficult no; ambiguous left out)")
        lines.append(f"  {'type':9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}  FP on difficult no")
        for t, f in report[key].items():
            extra = f"{f.get('fp_difficult', 0)}/{f.get('n_difficult', 0)}" if "n_difficult" in f else ""
            lines.append(f"  {t:9} {f['p']:6.3f} {f['r']:6.3f} {f['f1']:6.3f} {f['tp']:5d} {f['fp']:5d} {f['fn']:5d}  "
                         f"{extra}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - convenience
    import sys

    print(format_report(evaluate_dir(sys.argv[1])))
