#!/usr/bin/env python
"""Build the NER resources and train the CRF tagger shipped in ``rasid/entities/models``.

Reproducible and seeded. Reads ``../shared/data`` (training time only; the package
never reads it at run time).

    .venv/bin/python scripts/train_ner.py resources   # word counts + clusters, gazetteers
    .venv/bin/python scripts/train_ner.py train       # CRF, dev report, writes ner.crfsuite
    .venv/bin/python scripts/train_ner.py all         # both (what ``make train-ner`` runs)
    .venv/bin/python scripts/train_ner.py compare     # the variant comparison of the report

Dev split: the last 10% of ANERcorp train sentences (a contiguous block of whole
articles at the end of the file); the model shipped is then retrained on all of
the training data with the chosen settings.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasid.entities import ner_features as nf  # noqa: E402
from rasid.entities.ner_eval import score_sequences, format_report  # noqa: E402

DATA = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared")) / "data"
MODELS = nf.MODEL_DIR
WORK = ROOT / "build" / "ner"  # scratch files (git-ignored)
SEED = 13

# ----------------------------------------------------------------------------- corpora

Sentence = tuple[list[str], list[str]]


def repair_iob(tags: list[str]) -> list[str]:
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def read_conll(path: Path, mapper, sep: str | None = None) -> list[Sentence]:
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.replace("\ufeff", "").replace("\u200e", "").replace("\u200f", "").rstrip("\r\n")
            parts = line.split(sep) if sep else line.split()
            parts = [p for p in parts if p.strip()]
            if len(parts) < 2:
                if toks:
                    sents.append((toks, repair_iob(tags)))
                    toks, tags = [], []
                continue
            tok, tag = " ".join(parts[:-1]).strip(), parts[-1].strip()
            if not tok:
                continue
            toks.append(tok)
            tags.append(mapper(tag))
    if toks:
        sents.append((toks, repair_iob(tags)))
    return sents


def _split(tag: str) -> tuple[str, str]:
    if tag in ("O", "") or "-" not in tag:
        return "O", ""
    p, t = tag.split("-", 1)
    if p not in ("B", "I"):
        return "O", ""
    return p, t


def map_anercorp(tag: str) -> str:
    p, t = _split(tag)
    t = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}.get(t, "")
    return f"{p}-{t}" if t else "O"


def map_aqmar(tag: str) -> str:
    p, t = _split(tag)
    if t in ("PER", "LOC", "ORG"):
        return f"{p}-{t}"
    if t.startswith("MIS"):
        return f"{p}-MISC"
    return "O"


WIKIFANE_MAP = {}
for _t in ("Politician", "Athlete", "Artist", "Scientist", "Businessperson", "Religious_PER", "Lawyer",
           "Engineer", "Other_PER", "Police"):
    WIKIFANE_MAP[_t] = "PER"
for _t in ("Government", "Non-Governmental", "Commercial", "Educational", "Media", "Sports", "Religious_ORG",
           "Medical-Science", "Entertainment"):
    WIKIFANE_MAP[_t] = "ORG"
for _t in ("Nation", "Population-Center", "State-or-Province", "County-or-District", "GPE-Cluster",
           "Continent", "Water-Body", "Land-Region-Natural"):
    WIKIFANE_MAP[_t] = "LOC"
#: fine types that are regions, not GPEs (rasid LOC)
REGION_FINE = {"GPE-Cluster", "Continent", "Water-Body", "Land-Region-Natural", "Celestial", "Building-Grounds",
               "Airport", "Path", "Subarea-Facility"}
GPE_FINE = {"Nation", "Population-Center", "State-or-Province", "County-or-District"}


def map_wikifane(tag: str) -> str:
    p, t = _split(tag)
    c = WIKIFANE_MAP.get(t)
    return f"{p}-{c}" if c else "O"


def map_wojood(tag: str) -> str:
    p, t = _split(tag)
    c = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "EVENT": "MISC", "CURR": "MISC"}.get(t)
    return f"{p}-{c}" if c else "O"


def load_corpora(fold: int = 0) -> dict[str, list[Sentence]]:
    """Fold 0 (the reported dev split): the last 10% of ANERcorp train sentences are dev.
    Fold 1 (a second opinion for close comparisons): the first 10%."""
    aner = read_conll(DATA / "anercorp" / "train.txt", map_anercorp)
    n_dev = len(aner) // 10
    if fold == 1:
        aner = aner[n_dev:] + aner[:n_dev]
    wojood = read_conll(DATA / "wojood_sample" / "train.txt", map_wojood)
    n_wdev = len(wojood) // 10
    return {
        "wojood_dev": wojood[-n_wdev:],
        "aner_train": aner[:-n_dev],
        "aner_dev": aner[-n_dev:],
        "aqmar": read_conll(DATA / "aqmar" / "train.txt", map_aqmar) + read_conll(DATA / "aqmar" / "dev.txt", map_aqmar),
        "wikifane": read_conll(DATA / "wikifane" / "WikiFANE_Gold_2014_500K.txt", map_wikifane, sep="\t"),
        "wojood": wojood[:-n_wdev]
        + (read_conll(DATA / "wojood_sample" / "val.txt", map_wojood) if (DATA / "wojood_sample" / "val.txt").exists() else []),
    }


# ----------------------------------------------------------------------------- resources

def iter_news_texts():
    for z in sorted((DATA / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                for art in json.loads(zf.read(name)):
                    for field in ("title", "content"):
                        if art.get(field):
                            yield art[field]


WORD_RE = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+")


def build_word_clusters(vocab_size: int = 40000, n_ctx: int = 4000, dim: int = 100,
                        ks: tuple[int, ...] = (64, 256, 1024), min_count: int = 5) -> None:
    """Word counts and k-means clusters of PPMI+SVD word vectors (left/right neighbour contexts)."""
    t0 = time.time()
    table = nf._FOLD_TABLE
    docs: list[list[str]] = []
    counts: Counter[str] = Counter()
    for text in iter_news_texts():
        ws = WORD_RE.findall(text.translate(table))
        docs.append(ws)
        counts.update(ws)
    print(f"[clusters] {sum(counts.values())} tokens, {len(counts)} types in {time.time() - t0:.0f}s", flush=True)
    ranked = [w for w, c in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
    vocab = ranked[:vocab_size]
    widx = {w: i for i, w in enumerate(vocab)}
    ctx = ranked[:n_ctx]
    cidx = {w: i for i, w in enumerate(ctx)}
    V, C = len(vocab), len(ctx)
    pairs: list[np.ndarray] = []
    for ws in docs:
        if len(ws) < 2:
            continue
        ids = np.array([widx.get(w, -1) for w in ws], dtype=np.int64)
        cids = np.array([cidx.get(w, -1) for w in ws], dtype=np.int64)
        a, b = ids[1:], cids[:-1]  # left neighbour
        m = (a >= 0) & (b >= 0)
        pairs.append(a[m] * 2 * C + b[m])
        a, b = ids[:-1], cids[1:]  # right neighbour
        m = (a >= 0) & (b >= 0)
        pairs.append(a[m] * 2 * C + C + b[m])
    mat = np.bincount(np.concatenate(pairs), minlength=V * 2 * C)
    del pairs, docs
    print(f"[clusters] co-occurrence built in {time.time() - t0:.0f}s", flush=True)
    M = mat.reshape(V, 2 * C).astype(np.float64)
    del mat
    total = M.sum()
    row = M.sum(1, keepdims=True)
    col = M.sum(0, keepdims=True) ** 0.75
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((M * total) / (row * col))
    pmi[~np.isfinite(pmi)] = 0
    P = np.maximum(pmi, 0).astype(np.float32)
    del M, pmi
    rng = np.random.default_rng(SEED)
    omega = rng.standard_normal((2 * C, dim + 20)).astype(np.float32)
    Y = P @ omega
    for _ in range(2):
        Y = P @ (P.T @ Y)
        Y, _r = np.linalg.qr(Y)
    Q, _ = np.linalg.qr(Y)
    B = Q.T @ P
    Ub, S, _vt = np.linalg.svd(B, full_matrices=False)
    U = (Q @ Ub)[:, :dim] * np.sqrt(S[:dim])
    X = U / (np.linalg.norm(U, axis=1, keepdims=True) + 1e-8)
    print(f"[clusters] SVD done in {time.time() - t0:.0f}s", flush=True)
    labels = {}
    for k in ks:
        labels[k] = kmeans(X.astype(np.float32), k, rng=np.random.default_rng(SEED + k))
        print(f"[clusters] k={k} done in {time.time() - t0:.0f}s", flush=True)
    MODELS.mkdir(parents=True, exist_ok=True)
    with gzip.open(nf.WORDS_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# word\tcount\tcluster64\tcluster256\tcluster1024 ; folded words from SaudiNewsNet "
                 "(see PROVENANCE.md); clusters = k-means over PPMI+SVD of left/right neighbours\n")
        for w in ranked:
            c = counts[w]
            if c < min_count:
                break
            if w in widx:
                i = widx[w]
                fh.write(f"{w}\t{c}\t" + "\t".join(str(labels[k][i]) for k in ks) + "\n")
            else:
                fh.write(f"{w}\t{c}\n")
    print(f"[clusters] wrote {nf.WORDS_FILE} ({nf.WORDS_FILE.stat().st_size / 1e6:.1f} MB)", flush=True)


def kmeans(X: np.ndarray, k: int, rng, iters: int = 25) -> np.ndarray:
    n = X.shape[0]
    # k-means++ style seeding on a sample for speed
    centers = X[rng.choice(n, size=k, replace=False)].copy()
    lab = np.zeros(n, dtype=np.int64)
    for it in range(iters):
        sims = X @ centers.T
        new = sims.argmax(1)
        if it and (new == lab).mean() > 0.999:
            lab = new
            break
        lab = new
        for j in range(k):
            m = lab == j
            if m.any():
                c = X[m].mean(0)
                centers[j] = c / (np.linalg.norm(c) + 1e-8)
            else:
                centers[j] = X[rng.integers(n)]
    return lab


def _norm_name(name: str) -> str:
    toks = [nf.fold_word(t) for t in nf.TOKEN_RE.findall(name)]
    return " ".join(t for t in toks if t)


def corpus_names(min_rate: float = 0.5) -> dict[str, str]:
    """Names annotated in WikiFANE, AQMAR and the Wojood sample (CC BY-SA / MIT), with
    their majority coarse type; a one-word name is kept only when at least ``min_rate``
    of its occurrences in those corpora are annotated."""
    sets = [read_conll(DATA / "wikifane" / "WikiFANE_Gold_2014_500K.txt", map_wikifane, sep="\t"),
            read_conll(DATA / "aqmar" / "train.txt", map_aqmar) + read_conll(DATA / "aqmar" / "dev.txt", map_aqmar),
            read_conll(DATA / "wojood_sample" / "train.txt", map_wojood)]
    from rasid.entities.ner_eval import get_chunks
    votes: dict[str, Counter] = {}
    occ: Counter[str] = Counter()
    for sents in sets:
        for toks, tags in sents:
            stems = [nf.word_info(t)[1] for t in toks]
            occ.update(stems)
            for typ, i, j in get_chunks(tags):
                if typ in ("PER", "ORG", "LOC"):
                    key = " ".join([stems[i]] + [nf.fold_word(t) for t in toks[i + 1:j]])
                    votes.setdefault(key, Counter())[typ] += 1
    out = {}
    for key, v in votes.items():
        typ, c = v.most_common(1)[0]
        if len(key) < 2 or c < 0.6 * sum(v.values()):
            continue
        if " " not in key and sum(v.values()) < min_rate * occ[key]:
            continue
        out[key] = typ
    return out


def build_gazetteer(use_anetac: bool = False, path: Path | None = None, use_corpora: bool = False) -> Path:
    """Gazetteer of names -> coarse types; sources listed in models/PROVENANCE.md."""
    entries: dict[str, set[str]] = {}
    if use_corpora:
        for key, typ in corpus_names().items():
            entries.setdefault(key, set()).add("c" + typ)

    def add(name: str, typ: str) -> None:
        key = _norm_name(name)
        if key and len(key) > 1:
            entries.setdefault(key, set()).add(typ)

    with open(DATA / "gazetteer_iso_cldr" / "countries_ar.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            for name in parts[3:5]:
                add(name, "CTRY")
                if not name.startswith("ال") and len(name.split()) == 1:
                    pass
    for fname, typ in (("AlignedLocGazetteer.txt", "LOC"), ("AlignedOrgGazetteer.txt", "ORG"),
                       ("AlignedPersGazetteer.txt", "PER")):
        with open(DATA / "anergazet" / fname, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("="):
                    add(line, typ)
    if use_anetac:
        with open(DATA / "anetac" / "EN-AR_Named-entities.txt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if not parts:
                    continue
                typ = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}.get(parts[0])
                ar = " ".join(p for p in parts[1:] if re.search(r"[\u0600-\u06FF]", p))
                if typ and ar:
                    add(ar, typ)
    path = path or nf.GAZETTEER_FILE
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# folded name\ttypes ; sources in PROVENANCE.md\n")
        for k in sorted(entries):
            fh.write(f"{k}\t{','.join(sorted(entries[k]))}\n")
    print(f"[gazetteer] {len(entries)} names -> {path}", flush=True)
    return path


def build_loc_types() -> None:
    """Names seen as regions (continents, seas, natural regions, facilities) vs GPEs in WikiFANE,
    plus the country list; used at tag time to split the model's LOC into GPE and LOC."""
    votes: dict[str, Counter] = {}
    for toks, tags in read_conll(DATA / "wikifane" / "WikiFANE_Gold_2014_500K.txt", lambda t: t, sep="\t"):
        cur: list[str] = []
        cur_t = ""
        for tok, tag in list(zip(toks, tags)) + [("", "O")]:
            p, t = _split(tag)
            if p == "I" and t == cur_t and cur:
                cur.append(tok)
                continue
            if cur:
                cls = "REG" if cur_t in REGION_FINE else "GPE" if cur_t in GPE_FINE else None
                if cls:
                    key = " ".join(nf.word_info(x)[1] for x in cur)
                    votes.setdefault(key, Counter())[cls] += 1
            cur, cur_t = ([tok], t) if p == "B" else ([], "")
    out = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    with open(DATA / "gazetteer_iso_cldr" / "countries_ar.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            for name in line.rstrip("\n").split("\t")[3:5]:
                out[" ".join(nf.word_info(x)[1] for x in nf.TOKEN_RE.findall(name))] = "GPE"
    path = MODELS / "ner_loctypes.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# folded stems\tREG|GPE ; majority class in WikiFANE (CC BY-SA 3.0) + ISO/CLDR countries\n")
        for k in sorted(out):
            fh.write(f"{k}\t{out[k]}\n")
    print(f"[loctypes] {len(out)} names ({sum(v == 'REG' for v in out.values())} REG) -> {path}", flush=True)


# ----------------------------------------------------------------------------- training

def featurize(sents: list[Sentence], domains: list[str] | None = None):
    """Feature sequences. With ``domains``, sentences from another corpus than the
    target (ANERcorp news, domain "") also get a private copy of every feature
    (Daume's EasyAdapt, target = general weights only), so corpus-specific
    conventions are absorbed by weights never used at run time."""
    X, Y = [], []
    for n, (toks, tags) in enumerate(sents):
        feats, _ = nf.sentence_features(toks)
        dom = domains[n] if domains else ""
        if dom:
            feats = [f + [dom + ":" + x for x in f] for f in feats]
        X.append(feats)
        Y.append(tags)
    return X, Y


def reset_caches() -> None:
    nf.word_table.cache_clear()
    nf.gazetteer.cache_clear()
    nf._multiword_firsts.cache_clear()
    nf.split_proclitics.cache_clear()
    nf.word_info.cache_clear()


def train_crf(train: list[Sentence], model_path: Path, c1: float = 0.05, c2: float = 0.01,
              max_iter: int = 150, minfreq: int = 1, domains: list[str] | None = None) -> float:
    import pycrfsuite
    t0 = time.time()
    X, Y = featurize(train, domains)
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(X, Y):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iter, "feature.possible_transitions": True,
                        "feature.minfreq": minfreq})
    trainer.train(str(model_path))
    return time.time() - t0


def predict(model_path: Path, sents: list[Sentence]) -> list[list[str]]:
    import pycrfsuite
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    out = []
    for toks, _ in sents:
        feats, _ = nf.sentence_features(toks)
        out.append(tagger.tag(feats))
    return out


def variant_sets(corpora, name: str) -> tuple[list[Sentence], list[str] | None]:
    """Training sentences of a data spec such as ``aner+aqmar+wojood`` (``+ea`` = EasyAdapt)."""
    base = list(corpora["aner_train"])
    doms = [""] * len(base)
    for corpus in ("aqmar", "wojood", "wikifane"):
        if corpus in name:
            base += corpora[corpus]
            doms += [corpus[:2]] * len(corpora[corpus])
    return base, (doms if "+ea" in name else None)


def run_variant(corpora, data_name: str, resources: str, out: Path, **kw) -> dict:
    """resources: 'none' | 'clusters' | 'gaz' | 'gaz+clusters' | 'gazanetac+clusters'."""
    orig_words, orig_gaz, orig_auto = nf.WORDS_FILE, nf.GAZETTEER_FILE, nf.AUTOGAZ_FILE
    try:
        if "auto" not in resources:
            nf.AUTOGAZ_FILE = out.with_suffix(".noauto")
        if "clusters" not in resources:
            nf.WORDS_FILE = out.with_suffix(".nowords")
        if "gazanetac" in resources:
            nf.GAZETTEER_FILE = WORK / "_tmp_gaz_anetac.tsv.gz"
            if not nf.GAZETTEER_FILE.exists():
                build_gazetteer(use_anetac=True, path=nf.GAZETTEER_FILE)
        elif "gazcorp" in resources:
            nf.GAZETTEER_FILE = WORK / "_tmp_gaz_corpora.tsv.gz"
            if not nf.GAZETTEER_FILE.exists():
                build_gazetteer(use_corpora=True, path=nf.GAZETTEER_FILE)
        elif "gaz" not in resources:
            nf.GAZETTEER_FILE = out.with_suffix(".nogaz")
        reset_caches()
        train, doms = variant_sets(corpora, data_name)
        secs = train_crf(train, out, domains=doms, **kw)
        pred = predict(out, corpora["aner_dev"])
        rep = score_sequences([t for _, t in corpora["aner_dev"]], pred)
        rep["train_seconds"] = round(secs, 1)
        # second dev set: held-out end of the Wojood sample (recent Palestinian media), MISC ignored
        wpred = predict(out, corpora["wojood_dev"])
        nomisc = lambda seq: [t if not t.endswith("MISC") else "O" for t in seq]  # noqa: E731
        rep["wojood_dev"] = score_sequences([nomisc(t) for _, t in corpora["wojood_dev"]], [nomisc(p) for p in wpred])
        return rep
    finally:
        nf.WORDS_FILE, nf.GAZETTEER_FILE, nf.AUTOGAZ_FILE = orig_words, orig_gaz, orig_auto
        reset_caches()


SENT_SPLIT_RE = re.compile(r"[.!?\u061f\n]+")


def build_autogaz(model_path: Path, max_tokens: int = 4_000_000, min_count: int = 4) -> None:
    """Self-training gazetteer: tag unlabelled news with a model trained *without* the dev
    split, keep names tagged at least ``min_count`` times with one dominant type."""
    import pycrfsuite
    from rasid.entities.ner_eval import get_chunks
    t0 = time.time()
    orig_auto = nf.AUTOGAZ_FILE
    nf.AUTOGAZ_FILE = WORK / "none.noauto"
    reset_caches()
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    typed: dict[tuple[str, ...], Counter] = {}
    seen: Counter[str] = Counter()
    n_tok = 0
    for text in iter_news_texts():
        for sent in SENT_SPLIT_RE.split(text):
            toks = [t.text for t in nf.tokenize(sent)]
            if not toks or len(toks) > 80:
                continue
            feats, infos = nf.sentence_features(toks)
            tags = tagger.tag(feats)
            stems = [x[1] for x in infos]
            seen.update(stems)
            for typ, i, j in get_chunks(tags):
                if typ in ("PER", "ORG", "LOC"):
                    typed.setdefault(tuple(stems[i:j]), Counter())[typ] += 1
            n_tok += len(toks)
        if n_tok >= max_tokens:
            break
    nf.AUTOGAZ_FILE = orig_auto
    out = {}
    for key, cnt in typed.items():
        total = sum(cnt.values())
        typ, top = cnt.most_common(1)[0]
        if total < min_count or top < 0.75 * total:
            continue
        if len(key) == 1 and total < 0.3 * seen[key[0]]:
            continue
        if any(len(k) < 2 for k in key):
            continue
        out[" ".join(key)] = "a" + typ
    with gzip.open(nf.AUTOGAZ_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# folded stems\ttype ; names tagged >= {min_count} times (>=75% one type) by a CRF trained on "
                 f"ANERcorp train (dev excluded) over {n_tok} tokens of SaudiNewsNet\n")
        for k in sorted(out):
            fh.write(f"{k}\t{out[k]}\n")
    reset_caches()
    print(f"[autogaz] {len(out)} names from {n_tok} tokens in {time.time() - t0:.0f}s -> {nf.AUTOGAZ_FILE}",
          flush=True)


def eval_propagation(model_path: Path, doc_size: int = 10) -> None:
    """ANERcorp dev with and without document-level propagation (pseudo-documents of
    ``doc_size`` consecutive sentences; the corpus has no article boundaries)."""
    from rasid.entities import ner
    ner.MODEL_FILE = model_path
    ner.load_tagger.cache_clear()
    dev = load_corpora()["aner_dev"]
    merge = lambda seq: [t.replace("GPE", "LOC") for t in seq]  # noqa: E731
    gold = [t for _, t in dev]
    plain, prop = [], []
    for d in range(0, len(dev), doc_size):
        segs = []
        for toks, _ in dev[d:d + doc_size]:
            tags, infos = ner._tag_with_info(toks)
            plain.append(merge(tags))
            segs.append((toks, list(tags), infos))
        ner.propagate(segs)
        prop.extend(merge(t) for _, t, _ in segs)
    for name, pred in (("sentence-level", plain), (f"propagated over {doc_size} sentences", prop)):
        rep = score_sequences(gold, pred)
        print(f"[propagation] {name}: F1 {rep['overall']['f1']:.4f} P {rep['overall']['precision']:.4f} "
              f"R {rep['overall']['recall']:.4f}", flush=True)


def eval_loc_split() -> None:
    """Accuracy of the GPE/LOC split on the gold GPE and LOC names of the Wojood sample
    (not a source of the split's names list), against a constant-GPE baseline."""
    from rasid.entities import ner
    sents = read_conll(DATA / "wojood_sample" / "train.txt", lambda t: t)
    n = ok = n_gpe = 0
    for toks, tags in sents:
        for typ, i, j in _chunks_raw(tags):
            if typ not in ("GPE", "LOC"):
                continue
            kind = ner.loc_kind([nf.word_info(x)[1] for x in toks[i:j]])
            n += 1
            ok += kind == typ
            n_gpe += typ == "GPE"
    print(f"[loc-split] Wojood gold GPE/LOC names: {ok}/{n} = {ok / n:.3f} correct; "
          f"all-GPE baseline {n_gpe / n:.3f}", flush=True)


def _chunks_raw(tags):
    from rasid.entities.ner_eval import get_chunks
    return get_chunks(tags)


def bench() -> None:
    """Model size, cold load time (fresh process) and single-core tagging speed on ANERcorp dev."""
    import subprocess
    size = sum(p.stat().st_size for p in MODELS.iterdir() if p.is_file())
    print(f"[bench] models/ total {size / 1e6:.2f} MB; ner.crfsuite {(MODELS / 'ner.crfsuite').stat().st_size / 1e6:.2f} MB")
    code = ("import time; t=time.perf_counter(); from rasid.entities import ner, ner_features as nf; "
            "ner.load_tagger(); nf.word_table(); nf.gazetteer(); ner._loctypes(); ner.tag_tokens(['في']); "
            "print(f'{time.perf_counter()-t:.3f}')")
    load = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    print(f"[bench] cold load (import + model + resources): {load} s")
    from rasid.entities import ner
    sents = load_corpora()["aner_dev"]
    ner.tag_tokens(["في"])
    nf.word_info.cache_clear()
    nf.split_proclitics.cache_clear()
    n = sum(len(t) for t, _ in sents)
    t0, c0 = time.perf_counter(), time.process_time()
    for toks, _ in sents:
        ner.tag_tokens(toks)
    cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for toks, _ in sents:
        ner.tag_tokens(toks)
    warm, warm_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"[bench] {n} tokens, one thread: empty word cache {n / cold:,.0f} tokens/s wall "
          f"({n / cold_cpu:,.0f} per CPU-second); warm cache {n / warm:,.0f} tokens/s wall "
          f"({n / warm_cpu:,.0f} per CPU-second)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["resources", "train", "all", "compare", "gazetteer", "bench", "autogaz", "propagation", "locsplit"])
    ap.add_argument("--data", default="aner", help="corpora joined by +: aner, aqmar, wojood, wikifane; +ea = EasyAdapt")
    ap.add_argument("--resources", default="gazcorp+clusters",
                    help="gaz | gazcorp | gazanetac, clusters, auto (self-training gazetteer)")
    ap.add_argument("--variants", default="")
    ap.add_argument("--c1", type=float, default=0.15)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--model", default=str(WORK / "_dev_ner.crfsuite"))
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--no-final", action="store_true", help="do not retrain on train+dev")
    args = ap.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    MODELS.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.cmd in ("resources", "all"):
        for stale in WORK.glob("_tmp_gaz_*.tsv.gz"):
            stale.unlink()
        # word counts first: proclitic splitting (used to key the gazetteers) depends on them
        build_word_clusters()
        nf.GAZETTEER_FILE.unlink(missing_ok=True)
        for _ in range(2):  # the second pass keys names with the gazetteer's own proclitic veto
            reset_caches()
            build_gazetteer(use_anetac="anetac" in args.resources, use_corpora="gazcorp" in args.resources)
        reset_caches()
        build_loc_types()
        if "gazcorp" in args.resources:
            import shutil
            shutil.copy(nf.GAZETTEER_FILE, WORK / "_tmp_gaz_corpora.tsv.gz")
    if args.cmd == "gazetteer":
        build_gazetteer(use_anetac="anetac" in args.resources, use_corpora="gazcorp" in args.resources)
    if args.cmd in ("train", "all"):
        corpora = load_corpora()
        for k, v in corpora.items():
            print(f"[data] {k}: {len(v)} sentences, {sum(len(t) for t, _ in v)} tokens", flush=True)
        dev_model = WORK / "_dev_ner.crfsuite"
        if "auto" in args.resources:
            # self-training gazetteer from a model that has seen neither the dev split nor the gazetteer
            noauto = WORK / "_dev_noauto.crfsuite"
            plain = "+".join(r for r in args.resources.split("+") if r != "auto")
            rep0 = run_variant(corpora, args.data, plain, noauto, c1=args.c1, c2=args.c2, max_iter=args.max_iter)
            print(f"[dev] without self-training gazetteer: F1 {rep0['overall']['f1']:.4f}", flush=True)
            build_autogaz(noauto)
        rep = run_variant(corpora, args.data, args.resources, dev_model, c1=args.c1, c2=args.c2,
                          max_iter=args.max_iter)
        print(f"[dev] data={args.data} resources={args.resources}")
        print(format_report(rep))
        print("[dev] wojood held-out tail (MISC ignored)")
        print(format_report(rep["wojood_dev"]))
        (WORK / "_dev_report.json").write_text(json.dumps(rep, indent=1))
        if not args.no_final:
            corpora["aner_train"] = corpora["aner_train"] + corpora["aner_dev"]
            corpora["wojood"] = corpora["wojood"] + corpora["wojood_dev"]
            reset_caches()
            train, doms = variant_sets(corpora, args.data)
            secs = train_crf(train, MODELS / "ner.crfsuite", c1=args.c1, c2=args.c2,
                             max_iter=args.max_iter, domains=doms)
            print(f"[final] wrote {MODELS / 'ner.crfsuite'} in {secs:.0f}s", flush=True)
    if args.cmd == "propagation":
        eval_propagation(Path(args.model))
    if args.cmd == "locsplit":
        eval_loc_split()
    if args.cmd == "autogaz":
        build_autogaz(Path(args.model))
    if args.cmd == "bench":
        bench()
    if args.cmd == "compare":
        corpora = load_corpora(args.fold)
        results = {}
        for spec in args.variants.split(";"):
            data_name, res = spec.split(":")
            out = WORK / f"_cmp_{abs(hash(spec)) % 10**8}.crfsuite"
            rep = run_variant(corpora, data_name, res, out, c1=args.c1, c2=args.c2, max_iter=args.max_iter)
            out.unlink(missing_ok=True)
            results[spec] = rep
            print(f"== {spec}: F1 {rep['overall']['f1']:.4f}  P {rep['overall']['precision']:.4f} "
                  f"R {rep['overall']['recall']:.4f}  ({rep['train_seconds']}s)  wojood-dev F1 "
                  f"{rep['wojood_dev']['overall']['f1']:.4f}", flush=True)
            print(format_report(rep), flush=True)


if __name__ == "__main__":
    main()
