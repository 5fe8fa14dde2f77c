"""Tokens, proclitic splitting and CRF features for the Arabic NER tagger.

Shared by the run-time tagger (:mod:`rasid.entities.ner`) and the training
script (``scripts/train_ner.py``), so both see exactly the same features.

A token keeps its raw offsets. Its *stem* is the folded word with the
conjunction/preposition proclitics (و ف ب ل ك, ``لـ``) taken off; ``لل`` + noun
becomes ``ال`` + noun (``للعراق`` -> ``العراق``). ``prefix`` is how many raw
characters the proclitics occupy, so an entity that starts at this token starts
at ``token.start + prefix`` in the raw text (for ``للعراق`` that is the
article's lam: ``لعراق``).

Whether a leading letter is a proclitic or part of the name (``بغداد``,
``لبنان``, ``كركوك``, ``فلسطين``) is decided with word counts from unlabelled
news (``models/ner_words.tsv.gz``) and the gazetteer: the letter is a proclitic
when the rest is a word seen clearly more often than the whole.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from rasid.arabic.normalize import fold, normalize_for_matching

MODEL_DIR = Path(__file__).resolve().parent / "models"
WORDS_FILE = MODEL_DIR / "ner_words.tsv.gz"
GAZETTEER_FILE = MODEL_DIR / "ner_gazetteer.tsv.gz"
#: names the tagger itself found repeatedly in unlabelled news (self-training), types prefixed "a"
AUTOGAZ_FILE = MODEL_DIR / "ner_autogaz.tsv.gz"

TOKEN_RE = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+|[^\w\s]", re.UNICODE)
_ARABIC_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"\d")
_DIACRITIC_RE = re.compile(r"[\u0640\u064B-\u065F\u0670]")

#: Single-letter proclitics, tried after two-letter combinations.
_CLITIC_SEQS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")

# Trigger lexicons (folded forms, proclitics stripped).
PERSON_TITLES = frozenset((
    "الرئيس", "رئيس", "وزير", "الوزير", "السيد", "السيده", "اللواء", "العميد", "العقيد", "الفريق", "المشير",
    "الشيخ", "الامير", "الملك", "الملكه", "الدكتور", "د", "الاستاذ", "المهندس", "النائب", "القاضي", "المحامي",
    "الناطق", "المتحدث", "السفير", "المبعوث", "الجنرال", "الرائد", "النقيب", "الملازم", "المقدم", "الزعيم",
    "القائد", "الامين", "المستشار", "الحاكم", "المحافظ", "الكاتب", "الصحفي", "المراسل", "الشاعر", "الفنان",
    "الفنانه", "اللاعب", "المدرب", "البابا", "الاب", "الامام", "المرشد", "الحاج", "الوزيره", "رئيسه", "نائب",
    "وزيره", "زعيم", "قائد", "الاميركي", "الامريكي", "كولونيل", "الكولونيل", "ميجر", "المفتي", "آيه", "ايه",
    "المطران", "سماحه", "فضيله", "معالي", "سمو", "جلاله", "فخامه", "النجم", "المخرج", "الممثل", "الدكتوره",
    "عضو", "مدير", "المدير", "مساعد", "الرئيسه", "نظيره", "السلطان", "الخليفه", "الباحث", "البروفيسور",
))
ORG_HEADS = frozenset((
    "وزاره", "شركه", "جامعه", "منظمه", "حزب", "وكاله", "حركه", "تنظيم", "مجلس", "هيئه", "جمعيه", "اتحاد",
    "نادي", "بنك", "مصرف", "صندوق", "معهد", "مركز", "مؤسسه", "لجنه", "جبهه", "جيش", "قوات", "كتائب", "جماعه",
    "مجموعه", "صحيفه", "مجله", "قناه", "اذاعه", "محكمه", "مديريه", "قياده", "دائره", "سلطه", "البنك",
    "الاتحاد", "المجلس", "الجامعه", "الحزب", "الجيش", "الحرس", "الامم", "جامعه", "رابطه", "نقابه", "كليه",
    "مكتب", "اداره", "مصلحه", "شرطه", "الشرطه", "برلمان", "البرلمان", "الكونغرس", "مجمع", "تحالف", "التحالف",
    "ائتلاف", "الائتلاف", "منتخب", "المنتخب", "فريق", "الفريق", "اكاديميه", "مستشفي", "الوكاله",
))
PLACE_HEADS = frozenset((
    "مدينه", "محافظه", "ولايه", "منطقه", "بلده", "قريه", "اقليم", "جزيره", "جزر", "جمهوريه", "مملكه", "اماره",
    "قضاء", "ناحيه", "حي", "مخيم", "بحر", "نهر", "جبل", "جبال", "صحراء", "خليج", "قطاع", "ضاحيه", "مقاطعه",
    "عاصمه", "العاصمه", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "مطار", "قاعده",
    "ميناء", "سلطنه", "دوله", "دولة",
))
#: Words after which a person name is likely: verbs of speech in news.
SPEECH_VERBS = frozenset((
    "قال", "وقال", "اكد", "واكد", "اعلن", "واعلن", "اضاف", "واضاف", "اوضح", "واوضح", "صرح", "اشار", "واشار",
    "ذكر", "وذكر", "افاد", "دعا", "ودعا", "طالب", "اعتبر", "واعتبر", "يقول", "قالت", "اكدت", "اعلنت",
))


def fold_word(word: str) -> str:
    """Folded matching form of one token."""
    return fold(word)


PERSON_TITLES = frozenset(map(fold_word, PERSON_TITLES))
ORG_HEADS = frozenset(map(fold_word, ORG_HEADS))
PLACE_HEADS = frozenset(map(fold_word, PLACE_HEADS))
SPEECH_VERBS = frozenset(map(fold_word, SPEECH_VERBS))


@dataclass(frozen=True)
class Tok:
    """A raw token and its offsets in the text."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def word_table() -> dict[str, tuple[int, str, str, str]]:
    """folded word -> (count, cluster64, cluster256, cluster1024) from unlabelled news."""
    table: dict[str, tuple[int, str, str, str]] = {}
    for parts in _tsv_rows(WORDS_FILE):
        c = parts[2:5] + [""] * (3 - len(parts[2:5]))
        table[parts[0]] = (int(parts[1]), c[0], c[1], c[2])
    return table


def _tsv_rows(path: Path) -> Iterator[list[str]]:
    """Fields of each data row (two or more fields, no ``#`` comment) of a gzipped TSV; nothing if absent."""
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                yield parts


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[tuple[str, ...], str], int]:
    """(tuple of folded stems) -> type letters (sorted, e.g. ``"GL"``), and the longest entry length."""
    gaz: dict[tuple[str, ...], set[str]] = {}
    for path in (GAZETTEER_FILE, AUTOGAZ_FILE):
        for parts in _tsv_rows(path):
            gaz.setdefault(tuple(parts[0].split(" ")), set()).update(parts[1].split(","))
    out = {k: ",".join(sorted(v)) for k, v in gaz.items()}
    longest = max((len(k) for k in out), default=1)
    return out, min(longest, 6)


@lru_cache(maxsize=1)
def _multiword_firsts() -> frozenset[str]:
    return frozenset(k[0] for k in gazetteer()[0] if len(k) > 1)


def _count(word: str) -> int:
    entry = word_table().get(word)
    return entry[0] if entry else 0


@lru_cache(maxsize=200_000)
def split_proclitics(folded: str) -> tuple[int, str]:
    """(number of folded proclitic letters, stem) for a folded word.

    ``للعراق`` -> (1, ``العراق``) : only the preposition's lam is outside.
    """
    n = len(folded)
    if n < 3 or not _ARABIC_RE.match(folded):
        return 0, folded
    gaz, _ = gazetteer()
    for seq in _CLITIC_SEQS:
        if not folded.startswith(seq):
            continue
        k = len(seq)
        rest = folded[k:]
        # li- + article: "للعراق" -> prefix "ل", stem "العراق"; also "ولل", "فلل"
        if seq.endswith("ل") and rest.startswith("ل") and len(rest) >= 3:
            stem = "ا" + rest
            return k, stem
        if rest.startswith("ال") and len(rest) >= 4:
            return k, rest
        if len(rest) < 3:
            continue
        c_whole, c_rest = _count(folded), _count(rest)
        whole_gaz = (folded,) in gaz
        rest_gaz = (rest,) in gaz
        if whole_gaz and not rest_gaz:
            return 0, folded
        # the conjunctions و/ف rarely begin a name: a weaker test than for ب/ل/ك
        ratio = 0.2 if seq[0] in "وف" else 2.0
        if c_rest >= 5 and c_rest >= ratio * c_whole:
            return k, rest
        if c_whole == 0 and (c_rest > 0 or rest_gaz):
            return k, rest
        if c_whole == 0 and c_rest == 0 and seq == "و" and len(rest) >= 4:
            return k, rest
    return 0, folded


def raw_prefix_length(raw: str, folded_prefix: int) -> int:
    """Raw characters covering the first ``folded_prefix`` folded characters, plus a
    following tatweel or diacritics (``لـداعش`` -> 2)."""
    if folded_prefix == 0:
        return 0
    norm = normalize_for_matching(raw)
    if folded_prefix >= len(norm.text):
        return 0
    i = norm.to_raw[folded_prefix]
    return i


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    end = len(text) if end is None else end
    return [Tok(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, end)]


@lru_cache(maxsize=200_000)
def word_info(raw: str) -> tuple[str, str, int, tuple[str, ...]]:
    """(folded, stem, raw prefix length, token-level feature strings) for one raw token."""
    folded = fold_word(raw)
    if not folded:
        folded = raw
    nclit, stem = split_proclitics(folded)
    prefix = raw_prefix_length(raw, nclit) if nclit else 0
    feats: list[str] = []
    add = feats.append
    add("w=" + folded)
    add("s=" + stem)
    if nclit:
        add("clit=" + folded[:nclit])
    bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
    if bare != stem:
        add("art")
    add("b=" + bare)
    for k in (1, 2, 3, 4):
        if len(bare) > k:
            add(f"p{k}=" + bare[:k])
            add(f"x{k}=" + bare[-k:])
    if len(bare) >= 5:
        # inner character trigrams: transliterated foreign names share them (-وف-, -سك-, -يتش-)
        for k in range(1, len(bare) - 3):
            add("g3=" + bare[k:k + 3])
    # shape
    if _ARABIC_RE.search(raw):
        shape = "A"
    elif _LATIN_RE.search(raw):
        shape = "Lu" if raw[:1].isupper() else "Ll"
        if raw.isupper() and len(raw) > 1:
            shape = "LU"
    elif _DIGIT_RE.search(raw):
        shape = "D"
    else:
        shape = "P"
    add("sh=" + shape)
    add("len=" + str(min(len(bare), 9)))
    if _DIACRITIC_RE.search(raw):
        add("diac")
    # unlabelled-news word statistics
    table = word_table()
    entry = table.get(stem) or table.get(folded)
    if entry:
        cnt = entry[0]
        add("f=" + ("1" if cnt < 10 else "2" if cnt < 100 else "3" if cnt < 1000 else "4" if cnt < 10000 else "5"))
        if entry[1]:
            add("c1=" + entry[1])
            add("c2=" + entry[2])
            add("c3=" + entry[3])
    else:
        add("f=0")
    bentry = table.get(bare) if bare != stem else None
    if bentry and bentry[1]:
        add("bc2=" + bentry[2])
    # triggers
    if stem in PERSON_TITLES:
        add("tt")
    if stem in ORG_HEADS:
        add("oh")
    if stem in PLACE_HEADS:
        add("ph")
    if folded in SPEECH_VERBS:
        add("sv")
    gaz, _ = gazetteer()
    g = gaz.get((stem,))
    if g:
        add("g1=" + g)
    if bare != stem:
        gb = gaz.get((bare,))
        if gb:
            add("gb=" + gb)
    return folded, stem, prefix, tuple(feats)


def longest_matches(seq: list[str], table: dict[tuple[str, ...], str], longest: int, firsts: set[str],
                    min_len: int = 1, allowed=None):
    """Left-to-right, non-overlapping longest matches of ``table`` keys (word tuples) over ``seq``:
    yields (start, length, value). ``allowed(start, length)`` may veto a match; it is asked lazily, so a
    caller that writes tags between two yields is seen by the next question."""
    i, n = 0, len(seq)
    while i < n:
        hit = 0
        if seq[i] in firsts:
            for ln in range(min(longest, n - i), min_len - 1, -1):
                value = table.get(tuple(seq[i:i + ln]))
                if value and (allowed is None or allowed(i, ln)):
                    yield i, ln, value
                    hit = ln
                    break
        i += hit or 1


def bio_tags(tags: list[str], start: int, length: int, value: str) -> None:
    """Write B-/I- tags of one match into ``tags``."""
    tags[start] = "B-" + value
    for k in range(start + 1, start + length):
        tags[k] = "I-" + value


def gazetteer_tags(stems: list[str]) -> list[str]:
    """Longest-match gazetteer B/I tags over a sentence of stems (``B-G,L`` etc.)."""
    gaz, longest = gazetteer()
    out = [""] * len(stems)
    # multi-word only; single words are g1=
    for i, ln, t in longest_matches(stems, gaz, longest, _multiword_firsts(), min_len=2):
        bio_tags(out, i, ln, t)
    return out


@lru_cache(maxsize=200_000)
def _context_feats(stem: str) -> tuple[tuple[str, ...], ...]:
    """Features a word contributes to its neighbours, for offsets -2, -1, +1, +2."""
    e = word_table().get(stem)
    c = e[2] if e and e[2] else "-"
    t = "T" if stem in PERSON_TITLES else "O" if stem in ORG_HEADS else "P" if stem in PLACE_HEADS else ""
    out = []
    for d in (-2, -1, 1, 2):
        f = [f"{d}s=" + stem]
        if d in (-1, 1):
            f.append(f"{d}c=" + c)
        if t:
            f.append(f"{d}t=" + t)
        out.append(tuple(f))
    return tuple(out)


_PAD = tuple((f"{d}s=<pad>",) for d in (-2, -1, 1, 2))


def sentence_features(words: list[str]) -> tuple[list[list[str]], list[tuple[str, str, int]]]:
    """CRF feature lists for a sentence of raw tokens, and (folded, stem, prefix) per token."""
    infos = [word_info(w) for w in words]
    n = len(infos)
    stems = [inf[1] for inf in infos]
    gtags = gazetteer_tags(stems)
    ctx = [_context_feats(s) for s in stems]
    feats: list[list[str]] = []
    for i, inf in enumerate(infos):
        f = list(inf[3])
        f.append("bias")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for k, d in enumerate((-2, -1, 1, 2)):
            j = i + d
            if 0 <= j < n:
                f.extend(ctx[j][k])
                if (d == -1 or d == 1) and gtags[j]:
                    f.append(f"{d}g=" + gtags[j])
            else:
                f.extend(_PAD[k])
        if i > 0:
            f.append("-1s|s=" + stems[i - 1] + "|" + stems[i])
        if i + 1 < n:
            f.append("s|+1s=" + stems[i] + "|" + stems[i + 1])
        if gtags[i]:
            f.append("g=" + gtags[i])
        feats.append(f)
    return feats, [(inf[0], inf[1], inf[2]) for inf in infos]
