"""Scores predictions against gold annotation files (shared/gold/SCHEMA.md §14).

The figures and their formulas are those of the project's reference scorer
(``shared/gold/score.py``); ``tests/unit/test_evaluation.py`` runs both on the
same files and checks that every figure agrees. Keep them in step: a change
here without the same change there makes ``rasid eval`` disagree with it.
"""
from __future__ import annotations

import glob
import json
import os
import re
from collections import Counter, defaultdict
from typing import Any

CONTENT_ZONES = {"title", "body"}
NER_TYPES = {"PER", "ORG", "GPE", "LOC"}


# --------------------------------------------------------------------------- helpers
def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span(x):
    if not x or x.get("start") is None or x.get("end") is None:
        return None
    return (int(x["start"]), int(x["end"]))


def zone_of(offset, lines):
    for ln in lines:
        if ln["start"] <= offset <= ln["end"]:
            return ln["label"]
    return None


def greedy_match(golds, preds, score_fn, threshold):
    """One-to-one matching by best score first. Returns list of (gi, pi)."""
    cands = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            s = score_fn(g, p)
            if s >= threshold:
                cands.append((s, gi, pi))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for s, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def span_overlap_ratio(a, b):
    if a is None or b is None:
        return 0.0
    o = overlap(a, b)
    shortest = min(a[1] - a[0], b[1] - b[0])
    return o / shortest if shortest > 0 else 0.0


TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def token_f1(text_a, text_b):
    ta, tb = Counter(TOKEN_RE.findall(text_a or "")), Counter(TOKEN_RE.findall(text_b or ""))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def as_set(x):
    if x is None:
        return set()
    if isinstance(x, (list, tuple, set)):
        return {i for i in x if i is not None}
    return {x}


# --------------------------------------------------------------------------- scoring
class Scorer:
    def __init__(self):
        self.c = Counter()
        self.content_f1_sum = 0.0
        self.quote_content_f1 = []
        self.mention_pairs = []  # (gold_entity_id, pred_entity_id) for linking
        self.docs = 0

    # lines --------------------------------------------------------------
    def lines(self, g, p):
        pred = {int(x["i"]): x.get("label") for x in (p.get("lines") or []) if "i" in x}
        for ln in g["lines"]:
            if ln["label"] == "blank":
                continue
            gold_content = ln["label"] in CONTENT_ZONES
            pl = pred.get(ln["i"])
            pred_content = pl in CONTENT_ZONES
            self.c["lines_total"] += 1
            self.c["lines_label_ok"] += int(pl == ln["label"])
            self.c["content_tp"] += int(gold_content and pred_content)
            self.c["content_pred"] += int(pred_content)
            self.c["content_gold"] += int(gold_content)

    # title / date / dateline ---------------------------------------------
    def metadata(self, g, p):
        gt = (g.get("title") or {}).get("text")
        pt = (p.get("title") or {}).get("text") if isinstance(p.get("title"), dict) else p.get("title")
        self.c["title_total"] += 1
        self.c["title_ok"] += int((gt or "").strip() == (pt or "").strip())

        gp = g.get("published") or {}
        pp = p.get("published") or {}
        pdate = pp.get("date") if isinstance(pp, dict) else pp
        pconf = pp.get("confidence") if isinstance(pp, dict) else None
        if gp.get("date") and gp.get("confidence") == "high":
            self.c["date_gold_high"] += 1
            self.c["date_ok"] += int(pdate == gp["date"])
        elif not gp.get("date"):
            # the text does not fix a date: a confident date is a wrong claim
            self.c["date_gold_null"] += 1
            self.c["date_null_ok"] += int(not pdate or pconf == "low")

        gdl = (g.get("source") or {}).get("dateline")
        pdl = (p.get("source") or {}).get("dateline") if isinstance(p.get("source"), dict) else None
        if gdl:
            for k in ("place", "agency", "date"):
                if gdl.get(k):
                    self.c["dateline_fields"] += 1
                    self.c["dateline_ok"] += int(bool(pdl) and norm(pdl.get(k)) == norm(gdl.get(k)))

    # entities ----------------------------------------------------------------
    def entities(self, g, p):
        gold_all = [m for m in g["entities"] if m.get("zone") in CONTENT_ZONES]
        gold_nam = [m for m in gold_all if m["form"] == "NAM" and m["type"] in NER_TYPES]
        other = {(m["start"], m["end"]) for m in gold_all if m not in gold_nam}
        preds = []
        for m in p.get("entities") or []:
            s = span(m)
            if s is None or m.get("type") not in NER_TYPES:
                continue
            if zone_of(s[0], g["lines"]) not in CONTENT_ZONES:
                continue
            if s in other:  # a correct non-NAM mention (INST/ADJ/TITLE) is neither right nor wrong here
                continue
            preds.append(m)
        gset = {(m["start"], m["end"], m["type"]) for m in gold_nam}
        pset = {(int(m["start"]), int(m["end"]), m["type"]) for m in preds}
        self.c["ner_tp"] += len(gset & pset)
        self.c["ner_pred"] += len(pset)
        self.c["ner_gold"] += len(gset)
        # lenient: any overlap, same type
        pairs = greedy_match(gold_nam, preds,
                             lambda a, b: span_overlap_ratio(span(a), span(b)) if a["type"] == b["type"] else 0, 1e-9)
        self.c["ner_overlap_tp"] += len(pairs)
        # linking: every predicted mention overlapping any gold mention (any form)
        gold_link = [m for m in gold_all if m["type"] != "TITLE"]
        all_preds = [m for m in (p.get("entities") or []) if span(m) and isinstance(m.get("entity_id"), str)]
        for gi, pi in greedy_match(gold_link, all_preds, lambda a, b: span_overlap_ratio(span(a), span(b)), 0.5):
            self.mention_pairs.append((gold_link[gi]["entity_id"], all_preds[pi]["entity_id"]))

    # entity alignment (pred id -> gold id) inside one document -------------------
    @staticmethod
    def align_ids(g, p):
        votes = defaultdict(Counter)
        gold_m = g["entities"] + [c for c in g.get("coref") or [] if isinstance(c.get("entity_id"), str)]
        for pm in p.get("entities") or []:
            s = span(pm)
            if s is None or not isinstance(pm.get("entity_id"), str):
                continue
            for gm in gold_m:
                gs = (gm["start"], gm["end"])
                if span_overlap_ratio(s, gs) >= 0.5:
                    # weight by overlap over the longer span, so that an exact match outvotes a nested name
                    votes[pm["entity_id"]][gm["entity_id"]] += overlap(s, gs) / max(s[1] - s[0], gs[1] - gs[0])
        return {pid: max(c.items(), key=lambda kv: kv[1])[0] for pid, c in votes.items()}

    # quotes ------------------------------------------------------------------
    def quotes(self, g, p, idmap):
        golds = g.get("quotes") or []
        preds = p.get("quotes") or []
        pairs = greedy_match(golds, preds,
                             lambda a, b: span_overlap_ratio(span(a.get("content")), span(b.get("content"))), 0.5)
        self.c["quote_gold"] += len(golds)
        self.c["quote_pred"] += len(preds)
        self.c["quote_tp"] += len(pairs)
        mentions_by_id = defaultdict(list)
        for m in g["entities"]:
            mentions_by_id[m["entity_id"]].append((m["start"], m["end"]))
        for gi, pi in pairs:
            gq, pq = golds[gi], preds[pi]
            self.quote_content_f1.append(token_f1(gq["content"]["text"], (pq.get("content") or {}).get("text")))
            gold_speakers = as_set(gq.get("speaker_entity_id")) | as_set(gq.get("speaker_resolved_entity_id"))
            ok = False
            pspan = None
            if pq.get("speaker_start") is not None:
                pspan = (int(pq["speaker_start"]), int(pq["speaker_end"]))
            for sid in gold_speakers:
                if pspan and any(span_overlap_ratio(pspan, ms) >= 0.5 for ms in mentions_by_id[sid]):
                    ok = True
                if sid in {idmap.get(x) for x in as_set(pq.get("speaker_entity_id"))}:
                    ok = True
            gspan = None
            if gq.get("speaker_start") is not None:
                gspan = (int(gq["speaker_start"]), int(gq["speaker_end"]))
            if not gold_speakers:
                # an unnamed source ("مصدر مسؤول"): the predicted speaker span must cover it;
                # no source at all: the prediction must name none either
                if gspan is not None:
                    ok = pspan is not None and span_overlap_ratio(pspan, gspan) >= 0.5
                else:
                    ok = not pq.get("speaker_entity_id") and pspan is None
            self.c["quote_speaker_ok"] += int(ok)
            self.c["quote_kind_ok"] += int(pq.get("kind") == gq.get("kind"))
            gc, pc = span(gq.get("cue")), span(pq.get("cue"))
            if gc:
                self.c["quote_cue_gold"] += 1
                self.c["quote_cue_ok"] += int(pc is not None and overlap(gc, pc) > 0)

    # events --------------------------------------------------------------------
    def events(self, g, p, idmap):
        golds = g.get("events") or []
        preds = p.get("events") or []
        required = [e for e in golds if not e.get("same_as")]

        def sent_of(e):
            return span(e.get("sentence")) or span(e.get("trigger"))

        def detect(a, b):
            if a["type"] != b.get("type"):
                return 0.0
            ta, tb = span(a.get("trigger")), span(b.get("trigger"))
            if ta and tb and overlap(ta, tb) > 0:
                return 2.0
            sa = span(a.get("sentence"))
            return 1.0 if sa and tb and overlap(sa, tb) > 0 else 0.0

        def full(a, b):
            d = detect(a, b)
            if not d:
                return 0.0
            # compound actors are sets: one shared member is enough; an absent actor must stay absent
            ps = {idmap.get(x, "?") for x in as_set(b.get("source_entity_id"))}
            pt = {idmap.get(x, "?") for x in as_set(b.get("target_entity_id"))}
            gs, gt = as_set(a.get("source_entity_id")), as_set(a.get("target_entity_id"))
            src_ok = bool(ps & gs) if gs else not ps
            tgt_ok = bool(pt & gt) if gt else not pt
            return d if (src_ok and tgt_ok) else 0.0

        for name, fn in (("event_detect", detect), ("event_full", full)):
            pairs = greedy_match(golds, preds, fn, 1e-9)
            matched_required = sum(1 for gi, _ in pairs if not golds[gi].get("same_as"))
            self.c[name + "_tp"] += len(pairs)
            self.c[name + "_tp_required"] += matched_required
        self.c["event_pred"] += len(preds)
        self.c["event_gold"] += len(required)
        for gi, pi in greedy_match(golds, preds, full, 1e-9):
            self.c["event_neg_total"] += 1
            self.c["event_neg_ok"] += int(bool(golds[gi].get("negated")) == bool(preds[pi].get("negated")))
            if golds[gi].get("date"):
                self.c["event_date_total"] += 1
                self.c["event_date_ok"] += int(preds[pi].get("date") == golds[gi]["date"])

    # quantities and time expressions ---------------------------------------------
    def valued_spans(self, g, p, field, value_key):
        golds = [x for x in g.get(field) or [] if x.get("zone") in CONTENT_ZONES]
        preds = [x for x in p.get(field) or [] if span(x) and zone_of(int(x["start"]), g["lines"]) in CONTENT_ZONES]
        pairs = greedy_match(golds, preds, lambda a, b: span_overlap_ratio(span(a), span(b)), 0.3)
        ok = sum(1 for gi, pi in pairs if same_value(golds[gi].get(value_key), preds[pi].get(value_key)))
        self.c[field + "_gold"] += len(golds)
        self.c[field + "_pred"] += len(preds)
        self.c[field + "_found"] += len(pairs)
        self.c[field + "_ok"] += ok

    def doc(self, g, p):
        self.docs += 1
        self.lines(g, p)
        self.metadata(g, p)
        self.entities(g, p)
        idmap = self.align_ids(g, p)
        self.quotes(g, p, idmap)
        self.events(g, p, idmap)
        self.valued_spans(g, p, "quantities", "value")
        self.valued_spans(g, p, "relative_dates", "value")

    # report ------------------------------------------------------------------------
    def report(self):
        c, out = self.c, {}
        out["docs"] = self.docs
        out["lines.label_accuracy"] = c["lines_label_ok"] / max(1, c["lines_total"])
        out["lines.content_p"], out["lines.content_r"], out["lines.content_f1"] = prf(
            c["content_tp"], c["content_pred"], c["content_gold"])
        out["title.exact"] = c["title_ok"] / max(1, c["title_total"])
        out["published.accuracy_where_gold_high"] = c["date_ok"] / max(1, c["date_gold_high"])
        out["published.abstain_where_gold_null"] = c["date_null_ok"] / max(1, c["date_gold_null"])
        out["dateline.field_accuracy"] = c["dateline_ok"] / max(1, c["dateline_fields"])
        out["ner.strict_p"], out["ner.strict_r"], out["ner.strict_f1"] = prf(c["ner_tp"], c["ner_pred"], c["ner_gold"])
        out["ner.overlap_f1"] = prf(c["ner_overlap_tp"], c["ner_pred"], c["ner_gold"])[2]
        out["linking.bcubed_p"], out["linking.bcubed_r"], out["linking.bcubed_f1"] = bcubed(self.mention_pairs)
        out["linking.mentions_scored"] = len(self.mention_pairs)
        out["quotes.p"], out["quotes.r"], out["quotes.f1"] = prf(c["quote_tp"], c["quote_pred"], c["quote_gold"])
        out["quotes.speaker_accuracy"] = c["quote_speaker_ok"] / max(1, c["quote_tp"])
        out["quotes.speaker_f1"] = prf(c["quote_speaker_ok"], c["quote_pred"], c["quote_gold"])[2]
        out["quotes.content_token_f1"] = sum(self.quote_content_f1) / max(1, len(self.quote_content_f1))
        out["quotes.cue_accuracy"] = c["quote_cue_ok"] / max(1, c["quote_cue_gold"])
        out["quotes.kind_accuracy"] = c["quote_kind_ok"] / max(1, c["quote_tp"])
        for name in ("event_detect", "event_full"):
            p = c[name + "_tp"] / c["event_pred"] if c["event_pred"] else 0.0
            r = c[name + "_tp_required"] / c["event_gold"] if c["event_gold"] else 0.0
            out[name.replace("_", ".") + "_p"] = p
            out[name.replace("_", ".") + "_r"] = r
            out[name.replace("_", ".") + "_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        out["event.negation_accuracy"] = c["event_neg_ok"] / max(1, c["event_neg_total"])
        out["event.date_accuracy"] = c["event_date_ok"] / max(1, c["event_date_total"])
        for field in ("quantities", "relative_dates"):
            _, _, out[field + ".span_f1"] = prf(c[field + "_found"], c[field + "_pred"], c[field + "_gold"])
            out[field + ".value_f1"] = prf(c[field + "_ok"], c[field + "_pred"], c[field + "_gold"])[2]
        return out


def same_value(a, b):
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return str(a) == str(b)


def norm(s):
    if s is None:
        return None
    s = re.sub(r"[\u064B-\u0652\u0640]", "", str(s))
    s = re.sub("[إأآ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    return re.sub(r"\s+", " ", s).strip()


def bcubed(pairs):
    """B-cubed precision/recall over mentions given (gold_id, pred_id) per mention."""
    if not pairs:
        return 0.0, 0.0, 0.0
    by_gold, by_pred = defaultdict(list), defaultdict(list)
    for i, (gid, pid) in enumerate(pairs):
        by_gold[gid].append(i)
        by_pred[pid].append(i)
    p_sum = r_sum = 0.0
    for gid, pid in pairs:
        same_both = sum(1 for j in by_pred[pid] if pairs[j][0] == gid)
        p_sum += same_both / len(by_pred[pid])
        r_sum += same_both / len(by_gold[gid])
    p, r = p_sum / len(pairs), r_sum / len(pairs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_dirs(gold_dir: str, pred_dir: str) -> dict[str, Any]:
    """Score every ``*.gold.json`` in ``gold_dir`` against ``<doc_id>.json`` in ``pred_dir``."""
    gold_files = sorted(glob.glob(os.path.join(gold_dir, "*.gold.json")))
    if not gold_files:
        raise FileNotFoundError(f"no *.gold.json files in {gold_dir}")
    scorer = Scorer()
    for gf in gold_files:
        with open(gf, encoding="utf-8") as fh:
            g = json.load(fh)
        pf = os.path.join(pred_dir, g["doc_id"] + ".json")
        p: dict[str, Any] = {}
        if os.path.exists(pf):
            with open(pf, encoding="utf-8") as fh:
                p = json.load(fh)
        scorer.doc(g, p)
    return scorer.report()


def format_report(report: dict[str, Any]) -> str:
    return "\n".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in report.items())
