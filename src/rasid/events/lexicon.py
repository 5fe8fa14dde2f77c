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
    patterns: dict[str, list[list[Any]]]
    agents: dict[str, str]
    meta: dict[str, Any] = field(default_factory=dict)
    agent_max_words: int = 3
    #: first word -> [(following words, code)], longest first
    agent_index: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    ref = resources.files("rasid.events").joinpath("data", LEXICON_FILE)
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    agents = data.get("agents", {})
    patterns = {verb: [(tuple(frozenset(list(slot) + [strip_article_key(x) for x in slot]) for slot in slots), idx)
                       for slots, idx in lst]
                for verb, lst in data["patterns"].items()}
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, code in agents.items():
        words = key.split()
        if len(words) > 3:
            continue
        index.setdefault(strip_article_key(words[0]), []).append((tuple(strip_article_key(w) for w in words[1:]), code))
    for lst in index.values():
        lst.sort(key=lambda x: -len(x[0]))
    return Lexicon(entries=data["entries"], forms=data["forms"], phrases=data["phrases"],
                   patterns=patterns, agents=agents, meta=data.get("meta", {}),
                   agent_max_words=max((k.count(" ") + 1 for k in agents), default=1), agent_index=index)


def _ok(stem: str) -> bool:
    return len(stem) >= 3


@lru_cache(maxsize=65536)
def readings(folded: str) -> tuple[Reading, ...]:
    """Every clitic reading of a folded token, the token itself first."""
    out: list[Reading] = []
    seen: set[str] = set()

    def add(stem: str, **kw: Any) -> None:
        if _ok(stem) and (stem, tuple(sorted(kw.items()))) not in seen:
            seen.add((stem, tuple(sorted(kw.items()))))  # type: ignore[arg-type]
            out.append(Reading(stem, **kw))

    bases: list[tuple[str, str]] = [(folded, "")]
    if folded[:1] in _CONJ and len(folded) > 3:
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


@lru_cache(maxsize=65536)
def word_key(token_text: str) -> str:
    """The comparison key of a non-initial phrase word: folded, clitics and article removed."""
    f = fold(token_text)
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
