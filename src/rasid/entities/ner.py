"""Arabic named-entity tagger (CRF) and the ``entities.ner`` stage.

The model (``models/ner.crfsuite``) is a linear-chain CRF trained by
``scripts/train_ner.py`` on ANERcorp, AQMAR, WikiFANE and the Wojood sample with
word, stem (proclitics removed), affix, shape, trigger-word, gazetteer and
word-cluster features (:mod:`rasid.entities.ner_features`). It tags
PER / ORG / LOC / MISC; a LOC is then typed GPE (countries, provinces, cities)
or LOC (regions, continents, seas, facilities) with a names list learnt from
WikiFANE's fine types and a few head words. MISC is kept by :func:`tag_tokens`
(for ``ner-eval``) but not written into documents.

Span rules (``shared/gold/SCHEMA.md`` §7): proclitics are outside the span
(``وبغداد`` -> ``بغداد``; ``للعراق`` -> ``لعراق`` with norm ``العراق``); a generic
type noun directly before the name and name quotes or brackets are inside
(``تنظيم "داعش"``).
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from typing import Any

from rasid.document import Document
from rasid.entities import ner_features as nf
from rasid.pipeline import Stage

MODEL_FILE = nf.MODEL_DIR / "ner.crfsuite"
LOCTYPES_FILE = nf.MODEL_DIR / "ner_loctypes.tsv.gz"

#: Types written into the ``entities`` layer.
DOC_TYPES = ("PER", "ORG", "GPE", "LOC")

#: Generic type nouns kept at the front of a name (folded).
GENERIC_HEADS = frozenset(("تنظيم", "منظمه", "حركه", "وكاله", "عصابات", "مدينه", "قطاع", "جمهوريه", "جماعه",
                           "صحيفه", "قناه", "شركه", "محافظه", "ولايه", "بلده", "قريه", "جزيره", "مخيم",
                           "ميليشيا", "ميليشيات", "مليشيا", "مليشيات", "كتائب", "حزب", "جبهه", "فصيل"))
_HEAD_TYPE = {"مدينه": "GPE", "محافظه": "GPE", "ولايه": "GPE", "بلده": "GPE", "قريه": "GPE", "جمهوريه": "GPE",
              "مخيم": "GPE", "قطاع": "GPE", "جزيره": "LOC"}
#: First words that make a location a region rather than a GPE.
_REGION_FIRST = frozenset(("الشرق", "الخليج", "البحر", "المحيط", "نهر", "جبل", "جبال", "صحراء", "قاره",
                           "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي", "اقليم",
                           "منطقه", "قاعده", "مطار", "ميناء", "سهل", "وادي", "هضبه", "بحيره", "شبه", "جزيره",
                           "جزر", "مضيق", "قناه", "الضفه", "الجليل", "النقب", "سيناء"))
GENERIC_HEADS = frozenset(map(nf.fold_word, GENERIC_HEADS))
_HEAD_TYPE = {nf.fold_word(k): v for k, v in _HEAD_TYPE.items()}
_REGION_FIRST = frozenset(map(nf.fold_word, _REGION_FIRST))
#: Direction words that make a region out of a following GPE (folded).
_DIRECTIONS = frozenset(map(nf.fold_word, ("شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي",
                                           "جنوب شرق", "شمال غرب")))
_LATIN_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_LATIN_ORG_HEADS = frozenset(map(nf.fold_word, (
    "شبكة", "وكالة", "قناة", "صحيفة", "شركة", "موقع", "مجلة", "إذاعة", "منظمة", "حلف", "مجموعة", "بنك", "مصرف",
    "محطة", "تلفزيون", "راديو", "وكالات")))
_OPEN_QUOTES = {'"': '"', "«": "»", "(": ")", "“": "”", "'": "'", "[": "]"}


@lru_cache(maxsize=1)
def load_tagger() -> Any:
    """The CRF tagger (pycrfsuite.Tagger), loaded once."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_FILE))
    return tagger


@lru_cache(maxsize=1)
def _loctypes() -> dict[str, str]:
    out: dict[str, str] = {}
    if LOCTYPES_FILE.exists():
        with gzip.open(LOCTYPES_FILE, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                k, _, v = line.rstrip("\n").partition("\t")
                out[k] = v
    return out


def loc_kind(stems: list[str]) -> str:
    """GPE or LOC for a location name given its tokens' stems."""
    if not stems:
        return "GPE"
    table = _loctypes()
    key = " ".join(stems)
    kind = table.get(key)
    if kind is None and stems[0].startswith("ال"):
        kind = table.get(" ".join([stems[0][2:]] + stems[1:]))
    if kind is None and not stems[0].startswith("ال"):
        kind = table.get(" ".join(["ال" + stems[0]] + stems[1:]))
    if kind == "REG":
        return "LOC"
    if kind == "GPE":
        return "GPE"
    first = stems[0]
    if first in _REGION_FIRST or (first.startswith("ال") and first[2:] in _REGION_FIRST):
        return "LOC"
    return "GPE"


def _tag_with_info(tokens: list[str]) -> tuple[list[str], list[tuple[str, str, int]]]:
    if not tokens:
        return [], []
    feats, infos = nf.sentence_features(tokens)
    tags = list(load_tagger().tag(feats))
    # a Latin-script acronym right after an organisation noun (شبكة CNN، وكالة AFP) is the organisation
    for i in range(1, len(tags)):
        if tags[i] == "O" and _LATIN_ACRONYM.match(tokens[i]) and infos[i - 1][1] in _LATIN_ORG_HEADS:
            tags[i] = "B-ORG"
    # split LOC into GPE / LOC
    i = 0
    n = len(tags)
    while i < n:
        if tags[i] == "B-LOC" or (tags[i] == "I-LOC" and (i == 0 or tags[i - 1][2:] != "LOC")):
            j = i + 1
            while j < n and tags[j] == "I-LOC":
                j += 1
            kind = loc_kind([infos[k][1] for k in range(i, j)])
            if kind != "LOC":
                tags[i] = "B-" + kind
                for k in range(i + 1, j):
                    tags[k] = "I-" + kind
            i = j
        else:
            i += 1
    return tags, infos


def tag_tokens(tokens: list[str]) -> list[str]:
    """IOB tags (PER, ORG, GPE, LOC, MISC) for one sentence of raw tokens."""
    return _tag_with_info(tokens)[0]


def _chunks(tags: list[str]) -> list[tuple[str, int, int]]:
    from rasid.entities.ner_eval import get_chunks

    return get_chunks(tags)


Analysed = tuple  # (tokens, tags, infos) of one segment


def analyse(text: str, start: int = 0, end: int | None = None) -> Analysed:
    """Tokens of ``text[start:end]`` with their tags (after the GPE/LOC split) and infos."""
    toks = nf.tokenize(text, start, end)
    if not toks:
        return [], [], []
    tags, infos = _tag_with_info([t.text for t in toks])
    return toks, tags, infos


def propagate(segments: list[Analysed]) -> None:
    """Document-level label consistency: a name tagged somewhere in the document is
    tagged wherever else it occurs untagged; a person's last name alone (``معصوم``
    after ``فؤاد معصوم``) is a person too. Changes the tags in place."""
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    for toks, tags, infos in segments:
        for typ, i, j in _chunks(tags):
            if typ not in DOC_TYPES:
                continue
            if typ == "PER":
                while j - i > 1 and infos[i][1] in nf.PERSON_TITLES:
                    i += 1
            key = tuple(infos[k][1] for k in range(i, j))
            votes.setdefault(key, {}).setdefault(typ, 0)
            votes[key][typ] += 1
            if typ == "PER" and j - i > 1:
                last = infos[j - 1][1]
                if len(last) >= 3 and last not in nf.PERSON_TITLES:
                    votes.setdefault((last,), {}).setdefault("PER", 0)
                    votes[(last,)]["PER"] += 1
    if not votes:
        return
    keys = {}
    for key, v in votes.items():
        if len(key) == 1 and (key[0] in nf.PERSON_TITLES or key[0] in nf.ORG_HEADS or key[0] in nf.PLACE_HEADS
                              or len(key[0]) < 3):
            continue
        keys[key] = max(v.items(), key=lambda kv: (kv[1], kv[0]))[0]
    longest = max((len(k) for k in keys), default=0)
    firsts = {k[0] for k in keys}
    for toks, tags, infos in segments:
        n = len(tags)

        def untagged(i: int, ln: int, tags=tags, n=n) -> bool:
            # only over words the model left out, and not cutting into a span that goes on after them
            return all(tags[k] == "O" for k in range(i, i + ln)) and (i + ln >= n or not tags[i + ln].startswith("I-"))

        for i, ln, typ in nf.longest_matches([info[1] for info in infos], keys, longest, firsts, allowed=untagged):
            nf.bio_tags(tags, i, ln, typ)


def _joined(toks, infos, i: int, j: int) -> str:
    """Folded form of tokens i..j-1, proclitics of the first removed, spacing as in the text."""
    parts = [infos[i][1]]
    for k in range(i + 1, j):
        if toks[k].start > toks[k - 1].end:
            parts.append(" ")
        parts.append(infos[k][0])
    return "".join(parts)


def mentions(toks, tags, infos) -> list[dict[str, Any]]:
    """Entity mention dicts (type, start, end, norm, head) of one analysed segment."""
    out = []
    for typ, i, j in _chunks(tags):
        if typ not in DOC_TYPES:
            continue
        if typ == "PER":
            # a title or rank is its own mention (TITLE), not part of the name
            while j - i > 1 and (infos[i][1] in nf.PERSON_TITLES or toks[i].text in _OPEN_QUOTES):
                i += 1
        if typ in ("GPE", "LOC"):
            # direction + GPE is a LOC region with the GPE nested inside (شمال شرق [سوريا])
            d0 = i
            while d0 < j - 1 and infos[d0][1] in _DIRECTIONS:
                d0 += 1
            if d0 > i:  # the tagger put the directions inside the chunk
                region_start = i
                i = d0
                typ = loc_kind([infos[k][1] for k in range(i, j)])
            else:
                region_start = i
                while region_start - 1 >= 0 and tags[region_start - 1] == "O" and \
                        infos[region_start - 1][1] in _DIRECTIONS and i - region_start < 2:
                    region_start -= 1
            if region_start < i and typ == "GPE":
                out.append({"type": "LOC", "start": toks[region_start].start + infos[region_start][2],
                            "end": toks[j - 1].end, "norm": _joined(toks, infos, region_start, j),
                            "head": _joined(toks, infos, i, j)})
        # generic head noun (and an opening quote) directly before the name
        head_i = i
        k = i - 1
        quote_open = None
        if k >= 0 and toks[k].text in _OPEN_QUOTES:
            quote_open = toks[k].text
            k -= 1
        if k >= 0 and infos[k][1] in GENERIC_HEADS and tags[k] == "O":
            head_i = k
        else:
            quote_open = None
        jj = j
        if quote_open is not None:
            close = _OPEN_QUOTES[quote_open]
            if j < len(toks) and toks[j].text == close:
                jj = j + 1
            else:
                # unbalanced quote: leave the head and the quote out
                head_i, quote_open = i, None
        if head_i != i and typ in ("GPE", "LOC") and infos[head_i][1] in _HEAD_TYPE:
            typ = _HEAD_TYPE[infos[head_i][1]]
        first = head_i
        s = toks[first].start + infos[first][2]
        e = toks[jj - 1].end
        norm = _joined(toks, infos, first, jj)
        ent = {"type": typ, "start": s, "end": e, "norm": norm}
        if first != i:
            ent["head"] = _joined(toks, infos, i, j)
        out.append(ent)
    return out


def find_entities(text: str, start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
    """Entity mentions in ``text[start:end]``: dicts with type, start, end, norm, head."""
    seg = analyse(text, start, end)
    propagate([seg])
    return mentions(*seg)


def _segments(doc: Document) -> list[tuple[int, int, str, int]]:
    """(start, end, zone, line index) of the title/body sentences, or lines as a fallback."""
    lines = doc.spans("lines")
    zone_of = {int(sp.attrs.get("i", n)): sp.label for n, sp in enumerate(lines)}
    sents = doc.spans("sentences")
    if sents:
        out = []
        for sp in sents:
            line = int(sp.attrs.get("line", -1))
            zone = sp.attrs.get("zone") or zone_of.get(line, "body")
            out.append((sp.start, sp.end, zone, line))
        return out
    if lines:
        return [(sp.start, sp.end, sp.label, int(sp.attrs.get("i", n))) for n, sp in enumerate(lines)]
    out = []
    pos = 0
    for n, line in enumerate(doc.text.split("\n")):
        out.append((pos, pos + len(line), "body", n))
        pos += len(line) + 1
    return out


def run(doc: Document, options: Any = None) -> None:
    producer = STAGE.producer
    doc.layers.setdefault("entities", [])
    segs = [(zone, line, analyse(doc.text, start, end)) for start, end, zone, line in _segments(doc)
            if zone in ("title", "body")]
    propagate([a for _, _, a in segs])
    for zone, line, seg in segs:
        for ent in mentions(*seg):
            doc.add_span("entities", ent["start"], ent["end"], producer, ent["type"], form="NAM",
                         norm=ent["norm"], zone=zone, line=line, **({"head": ent["head"]} if "head" in ent else {}))


STAGE = Stage(name="entities.ner", version="1", func=run, requires=("sentences",), assigns=("entities",),
              description="CRF named-entity tagger: PER/ORG/GPE/LOC name mentions (form NAM)")
