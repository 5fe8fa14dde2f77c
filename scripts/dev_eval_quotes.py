#!/usr/bin/env python3
"""Development evaluation of the ``quotes.extract`` stage on the shared seed articles.

Builds a document per seed (lines from the ``rasid.clean`` stages when they can be imported,
otherwise every non-blank line is body; ``--gold-lines`` takes the gold line labels), adds
entities (``--entities gold``: the gold mentions, to isolate quote errors; ``real``: whatever
stages ``rasid.entities`` provides; ``none``), runs the stage, writes predictions in the
SCHEMA.md §14 format and runs the reference scorer.

    .venv/bin/python scripts/dev_eval_quotes.py --entities gold
    .venv/bin/python scripts/dev_eval_quotes.py --entities real --diff
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

from rasid.document import Document
from rasid.quotes import extract as qx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _load(modules: tuple[str, ...]) -> list:
    """The STAGEs of those modules that can be imported (others are under construction elsewhere)."""
    from rasid.stages import load_stage
    stages = []
    for name in modules:
        try:
            stages.append(load_stage(name))
        except Exception as exc:
            print(f"# cannot load {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return stages


def _clean_stages() -> list:
    from rasid.stages import CLEAN_AND_METADATA
    return _load(CLEAN_AND_METADATA)


def _entity_stages() -> list:
    """The stages of the ``full`` profile that come before quotes.extract and are not clean/metadata."""
    from rasid.stages import ANALYSIS
    before = ANALYSIS[:ANALYSIS.index("rasid.quotes.extract")]
    return _load(tuple(m for m in before if m.startswith("rasid.entities")))


def _run_stage(st, doc: Document, timing: dict) -> None:
    missing = [r for r in st.requires if r not in ("text", "meta") and not doc.has(r)]
    if missing:
        return
    t0 = time.process_time()
    try:
        st(doc)
    except Exception as exc:
        print(f"# stage {st.name} failed on {doc.meta.get('name')}: {type(exc).__name__}: {exc}", file=sys.stderr)
    timing[st.name] = timing.get(st.name, 0.0) + time.process_time() - t0


def _plain_lines(doc: Document, gold: dict | None) -> None:
    pos = 0
    labels = {ln["i"]: ln["label"] for ln in gold["lines"]} if gold else {}
    for i, ln in enumerate(doc.text.split("\n")):
        label = labels.get(i) or ("body" if ln.strip() else "blank")
        doc.add_span("lines", pos, pos + len(ln), "dev_eval", label=label, i=i)
        pos += len(ln) + 1
    doc.mark_produced(["lines"])


def _sentences(doc: Document) -> None:
    if doc.has("sentences"):
        return
    for s in doc.spans("lines"):
        doc.add_span("sentences", s.start, s.end, "dev_eval", line=s.attrs.get("i"), zone=s.label)
    doc.mark_produced(["sentences"])


def build_doc(path: Path, gold: dict, entities: str, gold_lines: bool, clean_stages: list,
              entity_stages: list, timing: dict | None = None) -> Document:
    timing = {} if timing is None else timing
    doc = Document(path.read_text(encoding="utf-8"), meta={"name": path.stem})
    if not gold_lines:
        for st in clean_stages:
            _run_stage(st, doc, timing)
    if not doc.spans("lines"):
        doc.clear_layer("lines")
        _plain_lines(doc, gold if gold_lines else None)
    _sentences(doc)
    if entities == "gold":
        for m in gold["entities"]:
            attrs = {"entity_id": m["entity_id"], "form": m["form"]}
            if m.get("holder_entity_id"):
                attrs["holder_entity_id"] = m["holder_entity_id"]
            doc.add_span("entities", m["start"], m["end"], "gold", label=m["type"], **attrs)
        doc.mark_produced(["entities"])
    elif entities == "real":
        for st in entity_stages:
            _run_stage(st, doc, timing)
    if not doc.has("entities"):
        doc.mark_produced(["entities"])
    return doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", choices=("gold", "real", "none"), default="gold")
    ap.add_argument("--gold-lines", action="store_true", help="use the gold line labels")
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--diff", action="store_true", help="print gold/predicted quotes that do not match")
    ap.add_argument("--repeat", type=int, default=20, help="timing repetitions")
    a = ap.parse_args(argv)
    out = a.out or Path(tempfile.mkdtemp(prefix="quotes_pred_"))
    out.mkdir(parents=True, exist_ok=True)
    clean_stages = [] if a.gold_lines else _clean_stages()
    entity_stages = _entity_stages() if a.entities == "real" else []
    print(f"# clean stages: {[s.name for s in clean_stages]}  entity stages: {[s.name for s in entity_stages]}")
    from rasid.evaluation.predictions import prediction

    timing: dict[str, float] = {}
    total_t, total_chars, total_bytes = 0.0, 0, 0
    for path in sorted(a.seeds.glob("*.txt")):
        gold = json.loads((a.gold / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
        doc = build_doc(path, gold, a.entities, a.gold_lines, clean_stages, entity_stages, timing)
        qx.STAGE(doc)
        # CPU time (process_time) so that other jobs on the machine do not inflate the figure
        best = min(timeit.repeat(lambda: qx.find_quotes(doc), timer=time.process_time, number=a.repeat, repeat=3))
        total_t += best / a.repeat
        total_chars += len(doc.text)
        total_bytes += len(doc.text.encode("utf-8"))
        pred = prediction(doc, path.stem)
        keep = {k: pred[k] for k in ("doc_id", "lines", "entities", "quotes")}
        (out / f"{path.stem}.json").write_text(json.dumps(keep, ensure_ascii=False, indent=1), encoding="utf-8")
        if a.diff:
            _diff(gold, keep)
    print(f"# predictions in {out}")
    n_docs = len(list(a.seeds.glob("*.txt")))
    print(f"# find_quotes CPU time: {1000 * total_t / n_docs:.3f} ms per article, "
          f"{1000 * total_t / max(1, total_bytes) * 4096:.3f} ms per 4 kB of UTF-8 "
          f"({1000 * total_t / max(1, total_chars) * 4096:.3f} ms per 4096 characters)")
    if timing:
        other = sum(timing.values()) / n_docs
        print(f"# other stages run here: {1000 * other:.2f} ms per article "
              f"({', '.join(f'{k} {1000 * v / n_docs:.2f}' for k, v in timing.items())}); "
              f"quotes adds {100 * total_t / n_docs / other if other else 0:.1f}%")
    cmd = [sys.executable, str(a.gold / "score.py"), "--gold", str(a.gold), "--pred", str(out)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    print("# " + " ".join(cmd))
    for line in res.stdout.splitlines():
        if line.startswith("quotes."):
            print(line)
    return 0


def _ov(a: dict | None, b: dict | None) -> float:
    if not a or not b:
        return 0.0
    o = max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    short = min(a["end"] - a["start"], b["end"] - b["start"])
    return o / short if short > 0 else 0.0


def _diff(gold: dict, pred: dict) -> None:
    used = set()
    print(f"=== {gold['doc_id']}")
    for g in gold["quotes"]:
        best = max(((i, _ov(g["content"], p["content"])) for i, p in enumerate(pred["quotes"]) if i not in used),
                   key=lambda x: x[1], default=(None, 0))
        if best[0] is None or best[1] < 0.5:
            print(f"  MISS {g['kind']:8} cue={(g.get('cue') or {}).get('text')!r} spk={g['speaker_text']!r} "
                  f"| {g['content']['text'][:70]}")
            continue
        used.add(best[0])
        p = pred["quotes"][best[0]]
        gs = {m["start"]: m for m in gold["entities"]}
        sp_ok = (p.get("speaker_start") is not None and g.get("speaker_start") is not None
                 and _ov({"start": p["speaker_start"], "end": p["speaker_end"]},
                         {"start": g["speaker_start"], "end": g["speaker_end"]}) >= 0.5) \
            or p.get("speaker_entity_id") == g.get("speaker_entity_id")
        notes = []
        if not sp_ok:
            notes.append(f"SPK gold={g['speaker_text']!r} pred={p.get('speaker_text')!r}")
        gc, pc = g.get("cue"), p.get("cue")
        if gc and not (pc and _ov(gc, pc) > 0):
            notes.append(f"CUE gold={gc['text']!r} pred={(pc or {}).get('text')!r}")
        if p["kind"] != g["kind"]:
            notes.append(f"KIND gold={g['kind']} pred={p['kind']}")
        if g["content"]["text"] != p["content"]["text"]:
            notes.append(f"CONTENT\n      gold={g['content']['text'][:90]!r}\n      pred={p['content']['text'][:90]!r}"
                         f"\n      gold_end={g['content']['text'][-40:]!r}\n      pred_end={p['content']['text'][-40:]!r}")
        if notes:
            print("  " + " | ".join(notes))
    for i, p in enumerate(pred["quotes"]):
        if i not in used:
            print(f"  FALSE {p['kind']:8} cue={(p.get('cue') or {}).get('text')!r} spk={p.get('speaker_text')!r} "
                  f"| {p['content']['text'][:70]}")


if __name__ == "__main__":
    sys.exit(main())
