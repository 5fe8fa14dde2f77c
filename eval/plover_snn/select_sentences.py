#!/usr/bin/env python3
"""Fixed, code-visible selection of candidate sentences for the plover_snn held-out set.

The rule was written and run BEFORE any sentence was read. Stdlib only.

  * corpus: every zip in <shared>/data/saudinewsnet/*.zip (one JSON list of articles each);
    raw article text = title + "\n\n" + content; article index = position in the JSON list.
  * sentences: split at . ! ? or Arabic question mark followed by whitespace, or at line breaks;
    offsets are [start, end) into the raw text, surrounding whitespace trimmed.
  * keep sentences of 8-60 whitespace words.
  * candidates: sentences with at least one word from the hand-written ASSAULT or PROTEST keyword
    lists below (clitics allowed through a simple prefix regex, a few pronoun suffixes allowed).
  * articles used in the other eval sets of this repository (dev_snn, heldout_snn, heldout_snn_iraq)
    are excluded, as are near-duplicate sentences (wire copy: word-trigram Jaccard >= 0.5 with an
    already chosen sentence, or identical normalised text).
  * articles used by the annotation files given with --exclude-json (records with
    "source": {"zip", "index"}, the plover_snn.json format) are excluded too, and their annotated
    sentences seed the near-duplicate filter, so that no wire copy of an already annotated
    sentence (e.g. of a held-out test sentence) is drawn from another outlet.
  * draw (seed 20261201 unless --seed is given): PROTEST first (the rarer type), then ASSAULT; within each type the
    candidates of every zip are shuffled, interleaved over outlets, then taken round-robin over
    the zips; at most 2 sentences per article over both types.

Usage: python3 select_sentences.py [--shared ../shared] [--n-assault 110] [--n-protest 90] [--json FILE]
                                   [--seed N] [--exclude-json FILE ...]

  first batch (plover_snn.json):  python3 select_sentences.py --shared ../shared
  dev2 batch (plover_snn_dev2.json):
      python3 select_sentences.py --shared ../shared --seed 20261202 --exclude-json plover_snn.json
Prints one line per chosen sentence: order, event_type, zip, article index, start, end.
"""
import argparse
import glob
import json
import os
import random
import re
import sys
import zipfile

SEED = 20261201

# ---- hand-written keyword forms (normalised spelling: bare alef, final ya, no diacritics) ----
ASSAULT_FORMS = """
هجوم هجوما هجومين هجمات هجمه هجومي هجوميه
هاجم هاجمت هاجموا يهاجم تهاجم يهاجمون مهاجمه
قصف قصفت قصفوا يقصف تقصف يقصفون
غاره غارات الغاره
اشتباك اشتباكات اشتبك اشتبكت اشتبكوا
تفجير تفجيرات تفجيري تفجيريه فجرت فجروا يفجر
انفجار انفجارات انفجر انفجرت
اغتيال اغتيالات اغتال اغتالت اغتالوا اغتيل
قتل قتلت قتلوا يقتل تقتل يقتلون قتلى قتيل قتيلا قتيلين مقتل
اختطاف اختطف اختطفت اختطفوا اختطفه خطف خطفت خطفوا مختطف مختطفين مختطفون
استهداف استهدف استهدفت استهدفوا يستهدف تستهدف
انتحاري انتحاريه انتحاريين انتحاريون
مفخخه مفخخ مفخخات
ناسفه ناسف ناسفات
اعتداء اعتداءات اعتدى اعتدوا
مجزره مجازر
قذيفه قذائف
تعذيب
""".split()

PROTEST_FORMS = """
مظاهره مظاهرات تظاهره تظاهرات تظاهر تظاهرت تظاهروا يتظاهرون تتظاهر
متظاهر متظاهره متظاهرون متظاهرين
احتجاج احتجاجات احتجاجا احتجاجي احتجاجيه احتج احتجت احتجوا يحتج يحتجون محتج محتجون محتجين
اعتصام اعتصامات اعتصاما اعتصم اعتصموا يعتصم يعتصمون معتصم معتصمون معتصمين
اضراب اضرابات اضرابا اضربوا مضرب مضربون مضربين
مسيره مسيرات
مقاطعه قاطع قاطعت قاطعوا يقاطع
هتافات هتف هتفوا يهتفون
عصيان
شغب
تجمهر تجمهروا
""".split()

PREFIX = r"(?:[وف])?(?:[بك]?ال|لل|[بلكس])?"
SUFFIX = r"(?:ه|ها|هم|هما|هن|نا|كم)?"


def _rx(forms):
    alts = "|".join(sorted(set(forms), key=len, reverse=True))
    return re.compile(r"^" + PREFIX + r"(?:" + alts + r")" + SUFFIX + r"$")


ASSAULT_RX = _rx(ASSAULT_FORMS)
PROTEST_RX = _rx(PROTEST_FORMS)

_DIAC = re.compile(r"[\u064B-\u0652\u0640]")
_EDGE = re.compile(r"^[^\u0621-\u064A]+|[^\u0621-\u064A]+$")


def norm_word(w):
    w = _DIAC.sub("", w)
    w = _EDGE.sub("", w)
    w = re.sub("[أإآ]", "ا", w)
    w = w.replace("ى", "ي").replace("ة", "ه")
    return w


# articles already used by the other gold sets in eval/ (excluded)
EXCLUDED = {
    ("2015-07-21", 1423), ("2015-07-21", 2056), ("2015-07-21", 2559), ("2015-07-24", 1445),
    ("2015-08-02", 392), ("2015-07-22", 388), ("2015-07-22", 989), ("2015-07-24", 1819),
    ("2015-07-24", 902), ("2015-07-31", 2099), ("2015-08-08", 876), ("2015-07-24", 1909),
    ("2015-07-25", 644), ("2015-08-01", 645), ("2015-08-04", 827),
}

_SPLIT = re.compile(r"(?<=[.!?\u061F])\s+|\n+")


def raw_text(article):
    return (article.get("title") or "") + "\n\n" + (article.get("content") or "")


def sentences(text):
    """Yield (start, end) of sentences of text."""
    pos = 0
    for m in _SPLIT.finditer(text):
        yield from _trim(text, pos, m.start())
        pos = m.end()
    yield from _trim(text, pos, len(text))


def _trim(text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield (s, e)


def load_zip(path):
    with zipfile.ZipFile(path) as z:
        name = [n for n in z.namelist() if n.endswith(".json")][0]
        return json.loads(z.read(name).decode("utf-8"))


def excluded_articles(paths):
    """{(zip, index): [(start, end), ...]} of every article (and annotated sentence) used by the given
    annotation files (plover_snn.json format)."""
    out = {}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            recs = json.load(f)
        for rec in recs:
            key = (rec["source"]["zip"], int(rec["source"]["index"]))
            out.setdefault(key, []).append((rec["sentence"]["start"], rec["sentence"]["end"]))
    return out


def trigrams(words):
    return {tuple(words[i:i + 3]) for i in range(max(0, len(words) - 2))}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
    ap.add_argument("--n-assault", type=int, default=110)
    ap.add_argument("--n-protest", type=int, default=90)
    ap.add_argument("--json", help="also write the selection (offsets only) to this file")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed of the draw (default {SEED})")
    ap.add_argument("--exclude-json", action="append", default=[], metavar="FILE",
                    help="skip every article used by this annotation file (repeatable)")
    a = ap.parse_args(argv)
    annotated = excluded_articles(a.exclude_json)
    excluded = EXCLUDED | set(annotated)

    zips = sorted(glob.glob(os.path.join(a.shared, "data", "saudinewsnet", "*.zip")))
    if not zips:
        sys.exit("no SaudiNewsNet zips under " + a.shared)
    # cand[type][zip][outlet] -> list of (zip, idx, s, e)
    cand = {"ASSAULT": {}, "PROTEST": {}}
    words_of = {}
    prior = []  # normalised words of the sentences of the --exclude-json files
    for zp in zips:
        zname = os.path.basename(zp)[:-4]
        for idx, art in enumerate(load_zip(zp)):
            for s, e in annotated.get((zname, idx), []):
                prior.append([w for w in (norm_word(x) for x in raw_text(art)[s:e].split()) if w])
            if (zname, idx) in excluded:
                continue
            text = raw_text(art)
            outlet = art.get("source") or "?"
            for s, e in sentences(text):
                ws = text[s:e].split()
                if not (8 <= len(ws) <= 60):
                    continue
                nw = [norm_word(w) for w in ws]
                key = (zname, idx, s, e)
                hit = False
                for typ, rx in (("ASSAULT", ASSAULT_RX), ("PROTEST", PROTEST_RX)):
                    if any(rx.match(w) for w in nw):
                        cand[typ].setdefault(zname, {}).setdefault(outlet, []).append(key)
                        hit = True
                if hit:
                    words_of[key] = [w for w in nw if w]

    rng = random.Random(a.seed)
    per_article = {}
    chosen = []
    seen_norm = set()
    chosen_tris = []
    for nw in prior:  # empty unless --exclude-json is given
        seen_norm.add(" ".join(nw))
        chosen_tris.append(trigrams(nw))

    def ok(key):
        art = key[:2]
        if per_article.get(art, 0) >= 2:
            return False
        nw = words_of[key]
        j = " ".join(nw)
        if j in seen_norm:
            return False
        t = trigrams(nw)
        for u in chosen_tris:
            if t and u and len(t & u) / len(t | u) >= 0.5:
                return False
        return True

    def take(key, typ):
        per_article[key[:2]] = per_article.get(key[:2], 0) + 1
        seen_norm.add(" ".join(words_of[key]))
        chosen_tris.append(trigrams(words_of[key]))
        chosen.append((typ,) + key)

    taken_keys = set()
    for typ, n in (("PROTEST", a.n_protest), ("ASSAULT", a.n_assault)):
        queues = {}
        for zname in sorted(cand[typ]):
            outlets = sorted(cand[typ][zname])
            lists = []
            for o in outlets:
                lst = list(cand[typ][zname][o])
                rng.shuffle(lst)
                lists.append(lst)
            rng.shuffle(lists)
            inter = []
            i = 0
            while any(i < len(l) for l in lists):
                for l in lists:
                    if i < len(l):
                        inter.append(l[i])
                i += 1
            queues[zname] = inter
        got = 0
        ptr = {z: 0 for z in queues}
        while got < n and any(ptr[z] < len(queues[z]) for z in queues):
            for z in sorted(queues):
                if got >= n:
                    break
                q = queues[z]
                while ptr[z] < len(q):
                    key = q[ptr[z]]
                    ptr[z] += 1
                    if key in taken_keys or not ok(key):
                        continue
                    take(key, typ)
                    taken_keys.add(key)
                    got += 1
                    break

    for i, (typ, z, idx, s, e) in enumerate(chosen):
        print(f"{i}\t{typ}\t{z}\t{idx}\t{s}\t{e}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump([{"order": i, "event_type": t, "zip": z, "index": idx, "start": s, "end": e}
                       for i, (t, z, idx, s, e) in enumerate(chosen)], f, indent=1)


if __name__ == "__main__":
    main()
