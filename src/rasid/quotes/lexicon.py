"""Cue lexicon and word lists for quote extraction, loaded lazily from ``rasid/quotes/data``.

The lexicon is data (``cues.tsv``, ``words.tsv``); this module turns it into one
precompiled regular expression that finds every inflected cue in raw text
(hamza and alef forms, alef maqsura, ta marbuta, shadda, tanwin and tatweel all
tolerated, optional و/ف proclitic) and a table from the folded form to what the
cue is (lemma, tense, gender, frames, prepositions).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rasid.arabic.normalize import fold

#: Diacritics and tatweel, allowed after every letter of a cue.
DIAC = "\u064B-\u065F\u0670\u0640"
#: Characters that continue a word (letters, digits, diacritics, tatweel).
WORDCH = "\u0621-\u063A\u0640-\u065F\u0660-\u0669\u066E-\u06D3\u06FA-\u06FCA-Za-z0-9_\u0670"

#: Raw spellings of each folded letter.
_RAW_CLASSES = {
    "ا": "اأإآٱ", "و": "وؤ", "ي": "يىئی", "ه": "هة", "ك": "كک",
}

PARTICIPLE_SUFFIXES = ("ا", "ه", "ين")   # folded: -an, -a (ta marbuta), -in


@dataclass(frozen=True)
class CueForm:
    """What a matched cue word is."""

    lemma: str        # folded past masculine form
    kind: str         # past / present / participle / noun / relay
    fem: bool | None  # grammatical gender of the subject, when the form shows it
    frames: str       # T C Q P O (see cues.tsv)
    preps: tuple[str, ...]


def _unit(ch: str) -> str:
    cls = _RAW_CLASSES.get(ch, ch)
    return ("[" + cls + "]" if len(cls) > 1 else re.escape(cls)) + f"[{DIAC}]*"


def _trie_pattern(words) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [_unit(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        optional = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return emit(trie)


class CueMatch:
    """A cue word found in raw text: ``start``/``end`` of the word without its proclitic."""

    __slots__ = ("start", "end", "pro", "form", "word", "wstart")

    def __init__(self, start: int, end: int, pro: str, form: CueForm, word: str, wstart: int):
        self.start, self.end, self.pro, self.form, self.word = start, end, pro, form, word
        self.wstart = wstart  # start of the word with its proclitic




def find_cues(lex: "Lexicon", text: str, start: int, end: int):
    """Every cue word in ``text[start:end]`` (trie-shaped regex, then the folded form's entry)."""
    forms = lex.forms
    for m in lex.cue_re.finditer(text, start, end):
        word = m.group("w")
        form = forms.get(fold(word))
        if form is None:
            continue
        yield CueMatch(m.start("w"), m.end("w"), m.group("pro"), form, word, m.start())


def _read(name: str) -> list[list[str]]:
    raw = resources.files("rasid.quotes").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True, eq=False)
class Lexicon:
    cue_re: re.Pattern[str]
    forms: dict[str, CueForm]
    words: dict[str, frozenset[str]]

    def is_(self, category: str, token: str) -> bool:
        return fold(token) in self.words.get(category, frozenset())

    def classify(self, word: str) -> tuple[CueForm, str] | None:
        """(form, proclitic) when the raw ``word`` is a cue, else None (cached per spelling)."""
        return _classify(self, word)


@lru_cache(maxsize=131072)
def _classify(lex: "Lexicon", word: str) -> tuple[CueForm, str] | None:
    f = fold(word)
    form = lex.forms.get(f)
    if form is not None:
        return form, ""
    if len(f) > 3 and f[0] in "وف":
        form = lex.forms.get(f[1:])
        if form is not None:
            return form, f[0]
    return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    forms: dict[str, CueForm] = {}

    def add(form: str, cue: CueForm) -> None:
        form = fold(form)
        if form and form not in forms:
            forms[form] = cue

    for row in _read("cues.tsv"):
        row = (row + ["-"] * 7)[:7]
        past_m, past_f, present, part, preps, frames, pframes = (c.strip() for c in row)
        lemma = fold(past_m)
        prep_t = tuple(fold(p) for p in preps.split() if p != "-")
        add(past_m, CueForm(lemma, "past", False, frames, prep_t))
        if past_f != "-":
            add(past_f, CueForm(lemma, "past", True, frames, prep_t))
        add(past_m + "وا", CueForm(lemma, "past", None, frames, prep_t))
        if present != "-":
            add("ي" + present, CueForm(lemma, "present", False, frames, prep_t))
            add("ت" + present, CueForm(lemma, "present", True, frames, prep_t))
        if part != "-":
            pf = pframes if pframes != "-" else frames
            for suffix in PARTICIPLE_SUFFIXES:
                add(fold(part) + suffix, CueForm(lemma, "participle", suffix == "ه", pf, prep_t))

    words: dict[str, frozenset[str]] = {}
    for row in _read("words.tsv"):
        if len(row) < 2:
            continue
        words[row[0].strip()] = frozenset(fold(w) for w in row[1].split())
    for w in words.get("secondary", ()):
        add(w, CueForm("قال", "noun", None, "TCQ", ()))
    for w in words.get("relay", ()):
        add(w, CueForm("نقل", "relay", w.endswith("ت"), "TCQ", ()))

    # the same forms as one trie-shaped pattern, for callers that search raw text directly
    cue_re = re.compile(f"(?<![{WORDCH}])(?P<pro>[وف]?)(?P<w>{_trie_pattern(forms)})(?![{WORDCH}])")
    return Lexicon(cue_re=cue_re, forms=forms, words=words)
