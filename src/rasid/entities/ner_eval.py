"""Entity-level NER scoring with seqeval (CoNLL) conventions, and ``ner-eval`` on a CoNLL file.

A chunk is a maximal run ``B-X I-X ...``; an ``I-X`` that does not continue an
``X`` chunk opens a new chunk (the conlleval / seqeval default). A predicted
entity counts only when its type, start and end all match a gold entity.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

#: Tag spellings of common corpora mapped to rasid's types.
TYPE_ALIASES = {"PERS": "PER", "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "MIS": "MISC"}


def _split_tag(tag: str) -> tuple[str, str]:
    if not tag or tag == "O":
        return "O", ""
    if "-" in tag:
        prefix, typ = tag.split("-", 1)
        if prefix not in ("B", "I", "E", "S"):
            return "O", ""
    else:
        prefix, typ = "I", tag
    return prefix, TYPE_ALIASES.get(typ, typ)


def get_chunks(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """(type, start, end_exclusive) chunks of one IOB sequence, seqeval conventions."""
    chunks: list[tuple[str, int, int]] = []
    cur_type, cur_start = "", -1
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, typ = _split_tag(tag)
        end_here = cur_type and (prefix in ("O", "B", "S") or typ != cur_type)
        if end_here:
            chunks.append((cur_type, cur_start, i))
            cur_type, cur_start = "", -1
        if prefix in ("B", "S") or (prefix in ("I", "E") and not cur_type):
            cur_type, cur_start = typ, i
        if prefix in ("S", "E") and cur_type:
            chunks.append((cur_type, cur_start, i + 1))
            cur_type, cur_start = "", -1
    return chunks


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def score_sequences(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict:
    """Entity-level micro P/R/F1 overall and per type (and macro-F1 over types)."""
    tp: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_tokens = 0
    for g, p in zip(gold, pred):
        if len(g) != len(p):
            raise ValueError(f"gold and predicted sequences differ in length ({len(g)} vs {len(p)})")
        n_tokens += len(g)
        gs = set(get_chunks(g))
        ps = set(get_chunks(p))
        for t, _, _ in gs:
            n_gold[t] = n_gold.get(t, 0) + 1
        for t, _, _ in ps:
            n_pred[t] = n_pred.get(t, 0) + 1
        for t, _, _ in gs & ps:
            tp[t] = tp.get(t, 0) + 1
    types = sorted(set(n_gold) | set(n_pred))
    per_type = {t: _prf(tp.get(t, 0), n_pred.get(t, 0), n_gold.get(t, 0)) for t in types}
    overall = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    gold_types = [t for t in types if n_gold.get(t)]
    macro = sum(per_type[t]["f1"] for t in gold_types) / len(gold_types) if gold_types else 0.0
    return {"overall": overall, "per_type": per_type, "macro_f1": macro, "tokens": n_tokens}


def read_conll(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a ``token tag`` file (blank line between sentences); the tag is the last field."""
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.rstrip("\r\n").replace("\u200f", "").replace("\u200e", "")
            parts = line.split()
            if len(parts) < 2:
                if toks:
                    sents.append((toks, tags))
                    toks, tags = [], []
                continue
            toks.append(" ".join(parts[:-1]))
            tags.append(parts[-1])
    if toks:
        sents.append((toks, tags))
    return sents


def _canon(tag: str, merge_gpe: bool) -> str:
    prefix, typ = _split_tag(tag)
    if prefix == "O":
        return "O"
    if merge_gpe and typ == "GPE":
        typ = "LOC"
    return f"{prefix}-{typ}"


def evaluate_conll(path: str | Path) -> dict:
    """Tag the tokens of a CoNLL file as given, sentence by sentence, and score them.

    Gold tag spellings are mapped to rasid's (``PERS`` -> ``PER``). When the gold
    file has no ``GPE`` type (ANERcorp, AQMAR), predicted GPE is scored as LOC.
    """
    from rasid.entities.ner import tag_tokens

    sents = read_conll(path)
    has_gpe = any(_split_tag(t)[1] == "GPE" for _, tags in sents for t in tags)
    gold = [[_canon(t, not has_gpe) for t in tags] for _, tags in sents]
    pred = [[_canon(t, not has_gpe) for t in tag_tokens(toks)] for toks, _ in sents]
    report = score_sequences(gold, pred)
    report["file"] = str(path)
    report["sentences"] = len(sents)
    report["gpe_merged_into_loc"] = not has_gpe
    return report


def format_report(report: dict) -> str:
    lines = []
    if report.get("file"):
        lines.append(f"file: {report['file']}  sentences: {report.get('sentences')}  tokens: {report.get('tokens')}")
        if report.get("gpe_merged_into_loc"):
            lines.append("(gold has no GPE type: predicted GPE scored as LOC)")
    lines.append(f"{'type':<8}{'prec':>8}{'rec':>8}{'f1':>8}{'gold':>8}{'pred':>8}")
    for t, r in report["per_type"].items():
        lines.append(f"{t:<8}{r['precision']:>8.4f}{r['recall']:>8.4f}{r['f1']:>8.4f}{r['gold']:>8}{r['pred']:>8}")
    o = report["overall"]
    lines.append(f"{'overall':<8}{o['precision']:>8.4f}{o['recall']:>8.4f}{o['f1']:>8.4f}{o['gold']:>8}{o['pred']:>8}")
    lines.append(f"macro-F1 over gold types: {report['macro_f1']:.4f}")
    return "\n".join(lines)
