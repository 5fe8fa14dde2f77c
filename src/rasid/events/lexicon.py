"""The event-trigger lexicon (built by ``scripts/build_event_lexicon.py``) and clitic-aware lookup.

All keys are folded with :func:`rasid.arabic.normalize.fold`. A token is looked up under every
reading that strips a plausible set of clitics: conjunction ``و/ف``, preposition ``ب/ل/ك`` (``لل`` ->
``ال``), the future prefix ``سـ`` and object/possessive suffixes (``تحريرها`` -> ``تحرير``,
``محاربتهم`` -> ``محاربة``); nothing shorter than three letters is looked up.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rasid.arabic.normalize import fold

LEXICON_FILE = "lexicon.json.gz"
PATTERNS_FILE = "patterns.json.gz"

_SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ني", "ه", "ك")
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


@dataclass(frozen=True)
class Reading:
    """One way of reading a token: the stem looked up and the clitics taken off."""

    stem: str
    future: bool = False   # سـ before an imperfect
    prep: str = ""         # ب ل ك
    conj: str = ""         # و ف
    suffix: str = ""       # enclitic pronoun


@dataclass
class Lexicon:
    entries: list[dict[str, Any]]
    forms: dict[str, list[int]]
    phrases: dict[str, list[list[Any]]]
    agents: dict[str, str]
    meta: dict[str, Any] = field(default_factory=dict)
    agent_max_words: int = 3
    #: first word -> [(following words, code)], longest first
    agent_index: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)

    @property
    def patterns(self) -> dict[str, list[tuple[tuple[frozenset[str], ...], int]]]:
        """The PETRARCH verb+object patterns (own file, loaded on first use: they are off by default)."""
        return load_patterns()


def _read_json(name: str) -> Any:
    ref = resources.files("rasid.events").joinpath("data", name)
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def load_patterns() -> dict[str, list[tuple[tuple[frozenset[str], ...], int]]]:
    data = _read_json(PATTERNS_FILE)
    return {verb: [(tuple(frozenset(list(slot) + [strip_article_key(x) for x in slot]) for slot in slots), idx)
                   for slots, idx in lst]
            for verb, lst in data.items()}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = _read_json(LEXICON_FILE)
    agents = data.get("agents", {})
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, code in agents.items():
        words = key.split()
        if len(words) > 3:
            continue
        index.setdefault(strip_article_key(words[0]), []).append((tuple(strip_article_key(w) for w in words[1:]), code))
    for lst in index.values():
        lst.sort(key=lambda x: -len(x[0]))
    return Lexicon(entries=data["entries"], forms=data["forms"], phrases=data["phrases"],
                   agents=agents, meta=data.get("meta", {}),
                   agent_max_words=max((k.count(" ") + 1 for k in agents), default=1), agent_index=index)


def _ok(stem: str) -> bool:
    return len(stem) >= 3


@lru_cache(maxsize=65536)
def readings(folded: str) -> tuple[Reading, ...]:
    """Every clitic reading of a folded token, the token itself first."""
    out: list[Reading] = []
    seen: set[tuple] = set()

    def add(stem: str, conj: str = "", prep: str = "", future: bool = False, suffix: str = "") -> None:
        # (a doubled root's perfect has two letters: حث، وصد; only the curated verbs have such forms)
        if len(stem) >= 3 or (len(stem) == 2 and not (prep or future or suffix)):
            key = (stem, conj, prep, future, suffix)
            if key not in seen:
                seen.add(key)
                out.append(Reading(stem, future, prep, conj, suffix))

    bases: list[tuple[str, str]] = [(folded, "")]
    if folded[:1] in _CONJ and len(folded) >= 3:
        bases.append((folded[1:], folded[0]))
    for base, conj in bases:
        add(base, conj=conj)
        if base.startswith("لل") and len(base) > 4:
            add("ال" + base[2:], conj=conj, prep="ل")
        if base[:1] in _PREP and len(base) > 3:
            add(base[1:], conj=conj, prep=base[0])
        if base[:1] == "س" and base[1:2] in ("ي", "ت", "ن", "ا") and len(base) >= 4:
            add(base[1:], conj=conj, future=True)
    # suffixes on every reading found so far
    for r in list(out):
        stem = r.stem
        if stem.endswith("ا") and len(stem) > 4:   # accusative tanwin alif: تنسيقا
            add(stem[:-1], conj=r.conj, prep=r.prep, future=r.future)
        for suf in _SUFFIXES:
            if stem.endswith(suf) and len(stem) - len(suf) >= 3:
                core = stem[: -len(suf)]
                add(core, conj=r.conj, prep=r.prep, future=r.future, suffix=suf)
                if core.endswith("ت"):
                    add(core[:-1] + "ه", conj=r.conj, prep=r.prep, future=r.future, suffix=suf)
                if core.endswith("و") and len(core) > 3:   # ضربوه
                    add(core + "ا", conj=r.conj, prep=r.prep, future=r.future, suffix=suf)
    return tuple(out)


_SUF_BY_LEN = tuple((n, frozenset(x for x in _SUFFIXES if len(x) == n)) for n in (1, 2, 3))


@lru_cache(maxsize=131072)
def stem_strings(folded: str) -> frozenset[str]:
    """The stems of :func:`readings` as plain strings (a cheap superset test before building readings)."""
    bases = [folded]
    if folded[:1] in _CONJ and len(folded) >= 3:
        bases.append(folded[1:])
    stems: set[str] = set()
    for base in bases:
        stems.add(base)
        if base.startswith("لل") and len(base) > 4:
            stems.add("ال" + base[2:])
        first = base[:1]
        if first in _PREP and len(base) > 3:
            stems.add(base[1:])
        if first == "س" and len(base) >= 4 and base[1] in "يتنا":
            stems.add(base[1:])
    for stem in list(stems):
        size = len(stem)
        if size > 4 and stem[-1] == "ا":
            stems.add(stem[:-1])
        for n, sufs in _SUF_BY_LEN:
            if size - n >= 3 and stem[-n:] in sufs:
                core = stem[:-n]
                stems.add(core)
                if core[-1] == "ت":
                    stems.add(core[:-1] + "ه")
                if core[-1] == "و" and len(core) > 3:
                    stems.add(core + "ا")
    return frozenset(x for x in stems if len(x) >= 2)


@lru_cache(maxsize=65536)
def word_key(token_text: str) -> str:
    """The comparison key of a non-initial phrase word: folded, clitics and article removed."""
    return folded_word_key(fold(token_text))


@lru_cache(maxsize=65536)
def folded_word_key(f: str) -> str:
    """:func:`word_key` of a word already folded."""
    for prefix in ("وال", "فال", "بال", "كال", "لل", "ال"):
        if f.startswith(prefix) and len(f) - len(prefix) >= 2:
            return f[len(prefix):]
    if f[:1] in "وفبل" and len(f) > 3:
        f2 = f[1:]
        if f2.startswith("ال") and len(f2) > 4:
            return f2[2:]
        return f2
    return f


def strip_article_key(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word
