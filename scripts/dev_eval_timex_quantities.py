#!/usr/bin/env python3
"""Run ``quantities.extract`` and ``timex.resolve`` on the seed articles and score them.

    .venv/bin/python scripts/dev_eval_timex_quantities.py [--seeds ../shared/seeds] [--out DIR]
        [--anchor pipeline|gold|both] [--heideltime] [--bench N] [--show]

Writes ``<doc_id>.json`` predictions (SCHEMA.md section 14: ``quantities``, ``relative_dates`` and the
gold ``lines`` copied so that zones match) and runs ``../shared/gold/score.py`` on them, printing the
quantities / relative_dates figures. The anchor (document date) comes from the metadata stages
(``--anchor pipeline``) or, as a stand-in, from the gold ``published.date`` (``--anchor gold``).
``--heideltime`` is a smoke test: recall of the silver TIMEX3 tags of ``data/heideltime_oman`` (not gold).
``--bench N`` times both stages over the seeds (and SaudiNewsNet articles when present).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rasid.document import Document
from rasid.quantities import extract as qx
from rasid.timex import resolve as tx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def metadata_stages():
    try:
        from rasid.clean import lines as lines_mod
        from rasid.clean import sentences as sentences_mod
        from rasid.metadata import dateline, dates, published, title
    except ImportError as exc:  # the metadata area is not there yet
        print(f"(metadata stages unavailable: {exc})")
        return []
    return [lines_mod.STAGE, sentences_mod.STAGE, dates.STAGE, title.STAGE, dateline.STAGE, published.STAGE]


def run_doc(text: str, doc_id: str, gold: dict, mode: str, meta_stages) -> Document:
    doc = Document(text, meta={"doc_id": doc_id})
    for st in meta_stages:
        st(doc)
    if mode == "gold":
        doc.set_fact("published", gold["published"].get("date"), "gold@stand-in",
                     confidence=gold["published"].get("confidence") or "high",
                     page_date=(gold["published"].get("page_date") or None))
    qx.STAGE(doc)
    tx.STAGE(doc)
    return doc


def prediction(doc: Document, gold: dict) -> dict:
    return {
        "doc_id": doc.meta["doc_id"],
        "lines": [{"i": ln["i"], "label": ln["label"]} for ln in gold["lines"]],
        "quantities": [{"text": doc.text[s.start:s.end], "start": s.start, "end": s.end, "value": s.attrs["value"],
                        "unit": s.attrs["unit"], "comparator": s.attrs["comparator"]} for s in doc.spans("quantities")],
        "relative_dates": [{"text": doc.text[s.start:s.end], "start": s.start, "end": s.end, "kind": s.label,
                            "value": s.attrs["value"]} for s in doc.spans("timexes")],
    }


def score(out: Path) -> dict:
    res = subprocess.run([sys.executable, str(SHARED / "gold" / "score.py"), "--gold", str(SHARED / "gold"),
                          "--pred", str(out), "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def show_diff(gold: dict, pred: dict, field: str) -> None:
    zones = {"title", "body"}
    g = [x for x in gold[field] if x.get("zone") in zones]
    lines = gold["lines"]
    zone = lambda o: next((ln["label"] for ln in lines if ln["start"] <= o <= ln["end"]), None)
    p = [x for x in pred[field] if zone(x["start"]) in zones]
    for x in g:
        m = [y for y in p if y["start"] < x["end"] and x["start"] < y["end"]]
        mark = "ok " if m and any(str(y["value"]) == str(x["value"]) or (
            y["value"] is not None and x["value"] is not None and str(float(y["value"]) if isinstance(y["value"], (int, float)) else y["value"]) == str(float(x["value"]) if isinstance(x["value"], (int, float)) else x["value"])) for y in m) else ("val" if m else "MISS")
        print(f"   {mark} gold {x['text']!r} = {x['value']}  pred {[(y['text'], y['value']) for y in m]}")
    for y in p:
        if not any(y["start"] < x["end"] and x["start"] < y["end"] for x in g):
            print(f"   FP  pred {y['text']!r} = {y['value']}")


def heideltime_smoke() -> None:
    folder = SHARED / "data" / "heideltime_oman" / "Corpus_test"
    if not folder.exists():
        print("heideltime_oman: not present")
        return
    tag = re.compile(r'<TIMEX3 [^>]*type="(?P<type>[A-Z]+)"[^>]*>(?P<text>.*?)</TIMEX3>', re.S)
    found, total, values_ok, valued = Counter(), Counter(), 0, 0
    n_pred = 0
    for f in sorted(folder.glob("*.tml")):
        raw = f.read_text(encoding="utf-8")
        body = raw.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0].lstrip("\ufeff\n")
        text, spans, pos = [], [], 0
        for m in tag.finditer(body):
            text.append(body[pos:m.start()])
            s = sum(map(len, text))
            text.append(m.group("text"))
            spans.append((s, s + len(m.group("text")), m.group("type"), re.search(r'value="([^"]*)"', m.group()).group(1)))
            pos = m.end()
        text.append(body[pos:])
        txt = re.sub(r"<[^>]+>", lambda m: " " * len(m.group()), "".join(text))
        dated = [v for *_, ty, v in spans if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)]
        anchor = Counter(dated).most_common(1)[0][0] if dated else "2015-12-15"
        pred = tx.resolve_expressions(txt, anchor)
        n_pred += len(pred)
        for s, e, ty, v in spans:
            total[ty] += 1
            hit = [p for p in pred if p["start"] < e and s < p["end"]]
            if hit:
                found[ty] += 1
                if ty == "DATE" and p_value_ok(hit[0]["value"], v) is not None:
                    valued += 1
                    values_ok += p_value_ok(hit[0]["value"], v)
    print("heideltime_oman smoke test (silver, recall by overlap; SET/DURATION are mostly out of scope):")
    for ty in sorted(total):
        print(f"   {ty:9s} recall {found[ty] / total[ty]:.2f} ({found[ty]}/{total[ty]})")
    print(f"   predicted {n_pred} expressions; DATE values agreeing where both valued: {values_ok}/{valued}")


def p_value_ok(pred, silver):
    if pred is None or not silver or silver in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return None
    return int(str(pred)[:len(silver)] == silver or silver.startswith(str(pred)))


def bench(n: int) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in seeds]
    snn = sorted((SHARED / "data" / "saudinewsnet").glob("*.zip"))
    if snn:
        import zipfile
        with zipfile.ZipFile(snn[0]) as z:
            texts += [a["content"] for a in json.loads(z.read(z.namelist()[0]))[:500]]
    qx.extract_quantities("تمهيد 3 أيام")
    tx.resolve_expressions("اليوم الثلاثاء", "2024-01-09")
    def both(t: str) -> None:
        doc = Document(t)
        qx.STAGE(doc)
        tx.STAGE(doc)

    for name, fn in (("quantities.extract", lambda t: qx.extract_quantities(t)),
                     ("timex.resolve", lambda t: tx.resolve_expressions(t, "2024-01-09")),
                     ("both stages on a Document", both)):
        chars = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            for t in texts:
                fn(t + " ")  # a new string each pass: no cache hit on the folded text
                chars += len(t)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        print(f"{name}: wall {1000 * dt / (chars / 4096):.3f} ms per 4 kB, CPU {1000 * dc / (chars / 4096):.3f} ms "
              f"per 4 kB ({len(texts)} docs x {n}, {chars / (n * len(texts)):.0f} chars/doc)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default=str(SHARED / "seeds"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--anchor", choices=("pipeline", "gold", "both"), default="both")
    ap.add_argument("--heideltime", action="store_true")
    ap.add_argument("--bench", type=int, default=0)
    ap.add_argument("--show", action="store_true", help="print gold/prediction differences")
    args = ap.parse_args(argv)
    meta = metadata_stages()
    modes = ("pipeline", "gold") if args.anchor == "both" else (args.anchor,)
    for mode in modes:
        out = Path(args.out or tempfile.mkdtemp(prefix="rasid_timexq_")) / mode
        out.mkdir(parents=True, exist_ok=True)
        for f in sorted(Path(args.seeds).glob("*.txt")):
            gold = json.loads((SHARED / "gold" / f"{f.stem}.gold.json").read_text(encoding="utf-8"))
            doc = run_doc(f.read_text(encoding="utf-8"), f.stem, gold, mode, meta if mode == "pipeline" else meta)
            pred = prediction(doc, gold)
            (out / f"{f.stem}.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf-8")
            if args.show:
                print(f"== {f.stem} [{mode}] anchor={tx.document_anchor(doc)}")
                show_diff(gold, pred, "quantities")
                show_diff(gold, pred, "relative_dates")
        res = score(out)
        print(f"anchor={mode}  predictions in {out}")
        for k in ("quantities.span_f1", "quantities.value_f1", "relative_dates.span_f1", "relative_dates.value_f1"):
            print(f"   {k} {res[k]:.3f}")
    if args.heideltime:
        heideltime_smoke()
    if args.bench:
        bench(args.bench)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
