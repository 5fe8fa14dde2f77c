#!/usr/bin/env python3
"""Build the event-trigger lexicon used by ``rasid.events.code``.

Inputs
  * ``src/rasid/events/data/curated_triggers.tsv`` (hand-curated, shipped with the package);
  * the Universal-PETRARCH Arabic dictionaries (MIT; openeventdata/UniversalPetrarch), by default
    ``../shared/data/petrarch_arabic/dictionaries``: ``CAMEO.ar.0.5.txt`` / ``verbs_assualt_only.txt``
    verb patterns (verb lemma + object, CAMEO code) and ``agents.all.ar.txt`` (generic agents);
  * ``../shared/data/plover/CAMEO2PLOVER-2021.txt`` to carry CAMEO codes to the 16 PLOVER types.

Output: ``src/rasid/events/data/lexicon.json.gz`` (and the verb+object patterns in ``patterns.json.gz``) (surface forms folded with
``rasid.arabic.normalize.fold``), read lazily at run time. The package never reads ``../shared``.

The PETRARCH Arabic dictionary is lemma-based and was machine-translated from the English CAMEO
verb dictionary: the default code of a bare verb is often wrong (``بنى [161]``), so only
verb + object patterns are kept (the object makes the pattern specific), and their verbs are
inflected with a small rule-based inflector. The curated list carries masdars, plurals and
multi-word expressions that a lemma list cannot match on surface text.

Usage: .venv/bin/python scripts/build_event_lexicon.py [--shared ../shared] [--out PATH]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasid.arabic.normalize import fold  # noqa: E402

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
ARABIC = re.compile(r"[\u0621-\u064A]")
PREPOSITIONS = {"ل", "ب", "في", "من", "الي", "علي", "عن", "مع", "ضد", "هوو", "ك", "امام", "قبل", "بعد", "حول"}


# --------------------------------------------------------------------------- CAMEO -> PLOVER
def read_cameo2plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?", line)
        if not m:
            continue
        code, ptype = m.group(1), m.group(2)
        if ptype not in PLOVER_TYPES:
            continue
        mode = (m.group(3) or "").strip()
        context = (m.group(4) or "").strip().split(";")[0].strip()
        table.setdefault(code, (ptype, mode, context))
    return table


def cameo_to_plover(code: str, table: dict[str, tuple[str, str, str]]) -> tuple[str, str, str] | None:
    code = code.strip()
    if not code.isdigit():
        return None
    if code.startswith("01"):
        return None  # public statements: no PLOVER event
    if code.startswith("02"):
        # PLOVER's REQUEST merges CAMEO 02 (appeal) and 10 (demand); the table lists only 10x.
        return ("REQUEST", "", "")
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


# --------------------------------------------------------------------------- inflector
def imperfect_of(perfect: str) -> str:
    """A guess at the 3ms imperfect of an unvocalised (folded) perfect stem."""
    p = perfect
    if p.startswith("است") and len(p) >= 6:
        return "ي" + p[1:]
    if p.startswith("ا") and len(p) >= 4:
        return "ي" + p[1:]
    return "ي" + p


def verb_forms(perfect: str, imperfect: str | None = None) -> set[str]:
    p = fold(perfect)
    i = fold(imperfect) if imperfect else imperfect_of(p)
    forms: set[str] = {p}
    if p[-1] in "اي" and len(p) >= 3:  # defective: دعا, اعتدى
        b = p[:-1]
        forms |= {b + "ت", b + "وا", b + "تا", b + "ينا", b + "ونا", b + "يت", b + "وت"}
    else:
        forms |= {p + s for s in ("ت", "ا", "وا", "تا", "نا", "تم", "ن")}
    core = i[1:] if i.startswith("ي") else i
    for prefix in ("ي", "ت", "ن", "ا"):
        stem = prefix + core
        forms.add(stem)
        if core[-1] in "وي":
            forms |= {stem[:-1] + s for s in ("ون", "وا", "ان", "ين")}
        else:
            forms |= {stem + s for s in ("ون", "ان", "وا", "ن", "ين")}
    return {f for f in forms if len(f) >= 3}


def noun_forms(noun: str) -> set[str]:
    n = fold(noun)
    bare = n[2:] if n.startswith("ال") and len(n) > 4 else n
    forms = {bare, "ال" + bare}
    if bare.endswith("ه") and len(bare) >= 4:
        pl = bare[:-1] + "ات"
        forms |= {pl, "ال" + pl}
        duals = (bare[:-1] + "تين", bare[:-1] + "تان")          # غارتين، ضربتان
    elif len(bare) >= 3 and not bare.endswith(("ات", "ين", "ون", "ا", "ي")):
        duals = (bare + "ين", bare + "ان")                        # هجومين، تفجيران
    else:
        duals = ()
    for d in duals:
        forms |= {d, "ال" + d}
    return forms


# --------------------------------------------------------------------------- curated
def read_curated(path: Path, lex: "Lexicon") -> None:
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 6)[:6]
        pos, forms, ptype, mode, context, flags = (c.strip() for c in cols)
        if ptype not in PLOVER_TYPES:
            raise SystemExit(f"{path}:{ln}: unknown type {ptype!r}")
        flag_list = [f for f in flags.split(",") if f]
        if pos == "verb":
            for pair in forms.split(","):
                perf, _, imperf = pair.partition("/")
                idx = lex.entry(ptype, mode, context, flag_list, "verb", perf, "curated")
                for f in verb_forms(perf, imperf or None):
                    lex.add_form(f, idx)
                if len(fold(perf)) == 2:
                    # a doubled root's perfect has two letters (حث، صد، شن): kept for the curated verbs
                    # only, where the verb is known to be the reading (verb_forms drops short forms)
                    lex.add_form(fold(perf), idx)
        elif pos == "noun":
            for item in forms.split("|"):
                words = fold(item).split()
                idx = lex.entry(ptype, mode, context, flag_list, "noun", item, "curated")
                if len(words) == 1:
                    for f in noun_forms(words[0]):
                        lex.add_form(f, idx)
                else:
                    lex.add_phrase(words, idx)
        elif pos == "phrase":
            for item in forms.split("|"):
                idx = lex.entry(ptype, mode, context, flag_list, "phrase", item, "curated")
                words = fold(item).split()
                if len(words) == 1:
                    for f in noun_forms(words[0]):
                        lex.add_form(f, idx)
                else:
                    lex.add_phrase(words, idx)
        else:
            raise SystemExit(f"{path}:{ln}: unknown pos {pos!r}")


# --------------------------------------------------------------------------- PETRARCH
def read_synsets(text: str) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("####### VERB"):
            break
        if s.startswith("&"):
            current = s.split()[0]
            sets[current] = []
        elif s.startswith("+") and current:
            words = [w for w in s[1:].split("_") if w]
            if words:
                sets[current].append(fold(words[0]))
    return sets


def _object_words(post: str, synsets: dict[str, list[str]]) -> list[list[str]] | None:
    """Alternatives for the content words after the verb, or None if unusable."""
    post = post.replace("(", " ").replace(")", " ").replace("{", " ").replace("}", " ")
    tokens = [t for t in post.split() if t]
    slots: list[list[str]] = []
    for t in tokens:
        if t.startswith("&"):
            members = synsets.get(t.split()[0])
            if not members:
                return None
            slots.append(sorted(set(members)))
            continue
        if not ARABIC.search(t):
            return None
        w = fold(t)
        # a preposition written onto its noun: "للانتخاب", "لولوج"
        if w.startswith("لل") and len(w) > 4:
            w = w[1:]
        elif w[0] in "لب" and len(w) > 4 and not w.startswith("ال"):
            w = w[1:]
        if w in PREPOSITIONS:
            continue
        slots.append([w])
    if not slots or len(slots) > 2:
        return None
    return slots


def read_petrarch_patterns(path: Path, synsets: dict[str, list[str]], table, lex: "Lexicon") -> int:
    n = 0
    in_verbs = False
    block_verbs: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if s.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if not in_verbs or not s:
            continue
        if s.startswith("---"):
            block_verbs = []
            head = s.strip("- ").split("[")[0].strip()
            if head:
                block_verbs.append(head)
            continue
        if s.startswith("-"):
            m = re.match(r"^-\s*(.*?)\[([^\]]*)\](.*)$", s)
            if not m:
                continue
            body, code, comment = m.group(1), m.group(2), m.group(3)
            plover = cameo_to_plover(code, table)
            if plover is None or "*" not in body:
                continue
            pre, _, post = body.partition("*")
            if pre.strip():
                continue  # subject constraints are not modelled
            slots = _object_words(post, synsets)
            if slots is None:
                continue
            verbs = block_verbs
            comment = comment.lstrip("# ").strip()
            if comment:
                verbs = [v for v in comment.split(",") if v.strip()]
            lemmas = set()
            for v in verbs:
                v = v.strip().replace("_", " ")
                first = re.split(r"[+ ]", v)[0]
                first = fold(first)
                if ARABIC.search(first) and len(first) >= 3:
                    lemmas.add(first)
            if not lemmas:
                continue
            ptype, mode, context = plover
            idx = lex.entry(ptype, mode, context, ["petrarch"], "pattern",
                            f"{'/'.join(sorted(lemmas))} * {post.strip()} [{code}]", "petrarch")
            for lemma in lemmas:
                for f in verb_forms(lemma):
                    lex.add_pattern(f, slots, idx)
            n += 1
            continue
        if s.startswith("#") or s.startswith("~"):
            continue
        word = s.split("#")[0].split("[")[0].strip()
        if word:
            block_verbs.append(word)
    return n


def read_agents(path: Path) -> dict[str, str]:
    agents: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.search(r"\[~([A-Z]{3})\]\s*(?:#\s*\??)?([^#\[]*)", line)
        if not m:
            continue
        text = re.sub(r"[^\u0621-\u064A\u0640-\u0652 ]", " ", m.group(2)).strip()
        if not text or not ARABIC.search(text):
            continue
        key = " ".join(fold(w) for w in text.split())
        # single words of this machine-translated list are too often polysemous (عمل, حي, اداره):
        # only multi-word agents are kept; curated_agents.tsv supplies the common single words
        if len(key) >= 3 and " " in key:
            agents.setdefault(key, m.group(1))
    return agents


# --------------------------------------------------------------------------- container
class Lexicon:
    def __init__(self) -> None:
        self.entries: list[dict] = []
        self._index: dict[tuple, int] = {}
        self.forms: dict[str, list[int]] = {}
        self.phrases: dict[str, list[list]] = {}
        self.patterns: dict[str, list[list]] = {}

    def entry(self, ptype, mode, context, flags, pos, lemma, origin) -> int:
        key = (ptype, mode, context, tuple(flags), pos, lemma, origin)
        if key not in self._index:
            self._index[key] = len(self.entries)
            self.entries.append({"type": ptype, "mode": mode or None, "context": context or None,
                                 "flags": list(flags), "pos": pos, "lemma": lemma, "origin": origin})
        return self._index[key]

    def add_form(self, form: str, idx: int) -> None:
        lst = self.forms.setdefault(form, [])
        if idx not in lst:
            lst.append(idx)

    def add_phrase(self, words: list[str], idx: int) -> None:
        self.phrases.setdefault(words[0], []).append([words[1:], idx])

    def add_pattern(self, verb_form: str, slots: list[list[str]], idx: int) -> None:
        self.patterns.setdefault(verb_form, []).append([slots, idx])

    def to_json(self, meta: dict) -> dict:
        return {"meta": meta, "entries": self.entries, "forms": self.forms, "phrases": self.phrases,
                "patterns": self.patterns}


PATTERNS_FILE = "patterns.json.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "src/rasid/events/data/lexicon.json.gz"))
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    dicts = shared / "data/petrarch_arabic/dictionaries"
    table = read_cameo2plover(shared / "data/plover/CAMEO2PLOVER-2021.txt")
    lex = Lexicon()
    read_curated(ROOT / "src/rasid/events/data/curated_triggers.tsv", lex)
    cameo_text = (dicts / "CAMEO.ar.0.5.txt").read_text(encoding="utf-8")
    synsets = read_synsets(cameo_text)
    n_pat = read_petrarch_patterns(dicts / "CAMEO.ar.0.5.txt", synsets, table, lex)
    n_pat += read_petrarch_patterns(dicts / "verbs_assualt_only.txt", synsets, table, lex)
    agents = read_agents(dicts / "agents.all.ar.txt")
    for line in (ROOT / "src/rasid/events/data/curated_agents.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms, _, code = line.partition("\t")
        for form in forms.split("|"):
            agents[" ".join(fold(w) for w in form.split())] = code.strip()
    meta = {
        "built_by": "scripts/build_event_lexicon.py",
        "sources": ["curated_triggers.tsv (rasid)",
                    "Universal-PETRARCH Arabic dictionaries CAMEO.ar.0.5.txt, verbs_assualt_only.txt, "
                    "agents.all.ar.txt (MIT, Open Event Data Alliance)",
                    "CAMEO2PLOVER-2021.txt (PLOVER, OEDA)"],
        "petrarch_patterns": n_pat,
    }
    data = lex.to_json(meta)
    data["agents"] = agents
    # the PETRARCH verb+object patterns are large and used only with [events] petrarch_patterns = true:
    # they go to their own file, loaded on first use (the main lexicon then loads in a few ms)
    patterns = data.pop("patterns")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for path, obj in ((out, data), (out.with_name(PATTERNS_FILE), patterns)):
        # mtime=0: the same lexicon gives the same bytes, so a rebuild changes git only when content does
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{out}: {len(lex.entries)} entries, {len(lex.forms)} forms, {len(lex.phrases)} phrase heads, "
          f"{len(lex.patterns)} pattern verb forms ({n_pat} patterns), {len(agents)} agents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
