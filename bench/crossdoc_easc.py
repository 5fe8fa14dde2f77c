"""Check the extractive summariser on EASC (153 Arabic articles, 5 human extractive summaries each).

    .venv/bin/python bench/crossdoc_easc.py [--encoder use|hash] [--limit N]

For each article the summary gets the word budget of the mean reference length (the usual
oracle-length setting); ROUGE-1 recall and F1 over folded words, averaged over the 5 references
then over articles. Baselines: the lead (first sentences up to the budget) and MMR without the
lead bonus. Sentence splitting is rasid.crossdoc.text.sentences (no pipeline).
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from rasid.arabic.normalize import fold
from rasid.arabic.tokens import WORD_RE
from rasid.crossdoc.stories import summarise_document
from rasid.crossdoc.text import sentences
from rasid.document import Document
from rasid.search.semantic import embed_documents, get_encoder

LEAD_WEIGHTS = (0.0, 0.15, 0.3, 0.5)
LAMBDAS = (0.7,)

EASC = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "easc" / "EASC-UTF-8"


def words(text: str) -> list[str]:
    return [fold(w) for w in WORD_RE.findall(text)]


def rouge1(candidate: str, reference: str) -> tuple[float, float]:
    c, r = Counter(words(candidate)), Counter(words(reference))
    overlap = sum((c & r).values())
    rec = overlap / max(1, sum(r.values()))
    prec = overlap / max(1, sum(c.values()))
    return rec, (2 * rec * prec / (rec + prec) if rec + prec else 0.0)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n").strip()


def topics():
    for art_dir in sorted((EASC / "Articles").iterdir(), key=lambda p: int(re.sub(r"\D", "", p.name) or 0)):
        arts = [p for p in art_dir.iterdir() if p.suffix.lower() == ".txt"]
        refs = sorted((EASC / "MTurk" / art_dir.name).glob("D*"))
        if arts and refs:
            yield art_dir.name, read(arts[0]), [read(r) for r in refs]


def lead(doc: Document, budget: int) -> str:
    out, n = [], 0
    for a, b in sentences(doc):
        k = len(WORD_RE.findall(doc.text, a, b))
        if out and n + k > budget:
            break
        out.append(doc.text[a:b])
        n += k
    return " ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", default="use")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    enc = get_encoder(args.encoder)
    scores: dict[str, list[tuple[float, float]]] = {}
    t0 = time.perf_counter()
    n = 0
    for name, text, refs in topics():
        doc = Document(text)
        budget = round(sum(len(words(r)) for r in refs) / len(refs))
        emb = embed_documents([doc], enc, max_sentences=None)[0]
        systems = {"lead": lead(doc, budget)}
        for lw in LEAD_WEIGHTS:
            for lam in LAMBDAS:
                units = summarise_document(doc, max_words=budget, lam=lam, lead_weight=lw, embedding=emb)
                systems[f"mmr lam={lam} lead={lw}"] = " ".join(u["text"] for u in units)
        for sys_name, cand in systems.items():
            pairs = [rouge1(cand, r) for r in refs]
            scores.setdefault(sys_name, []).append((sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs)))
        n += 1
        if args.limit and n >= args.limit:
            break
    report = {"articles": n, "encoder": enc.name, "seconds": round(time.perf_counter() - t0, 1)}
    for sys_name, vals in scores.items():
        report[sys_name] = {"rouge1_recall": round(sum(v[0] for v in vals) / len(vals), 4),
                            "rouge1_f1": round(sum(v[1] for v in vals) / len(vals), 4)}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
