"""The units lexicon (``units.tsv``), folded and indexed for matching."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rasid.arabic.normalize import fold


@dataclass(frozen=True)
class UnitInfo:
    unit: str
    form: str  # folded surface form
    ordinal: bool = False
    time_granularity: str | None = None  # year / month / day for duration units
    time_factor: int = 1
    dual: bool = False  # this form is itself a dual (عامين)


@dataclass
class UnitLexicon:
    forms: dict[str, UnitInfo] = field(default_factory=dict)  # folded form -> info
    duals: dict[str, UnitInfo] = field(default_factory=dict)  # folded dual form -> info (value 2)
    multiword: list[str] = field(default_factory=list)

    def lookup(self, word: str) -> UnitInfo | None:
        """Info for a folded word, accepting an accusative -ا and a definite article."""
        info = self.forms.get(word)
        if info is None and word.endswith("ا") and len(word) > 3:
            info = self.forms.get(word[:-1])
        return info

    def is_unit(self, word: str) -> bool:
        return self.lookup(word) is not None or word in self.duals


#: Dual-looking forms that are something else: sound masculine plurals (``موظفين``), names (``طالبان``).
_NOT_DUAL = {fold(w) for w in ("طالبان", "موظفين", "معتقلين", "مسلحين", "جنيتين", "جنيتان", "عسكريين",
                               "مدنيين", "صحفيين", "ناخبين")}


def _dual_forms(form: str) -> list[str]:
    stem = form[:-1] + "ت" if form.endswith("ه") else form
    return [d for d in (stem + "ين", stem + "ان") if d not in _NOT_DUAL]


@lru_cache(maxsize=1)
def load_units() -> UnitLexicon:
    lex = UnitLexicon()
    text = resources.files("rasid.quantities").joinpath("units.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        unit, forms = parts[0].strip(), parts[1].split()
        flags = parts[2].split() if len(parts) > 2 else []
        gran, factor = None, 1
        for fl in flags:
            if fl.startswith("time:"):
                _, gran, f = fl.split(":")
                factor = int(f)
        for i, raw_form in enumerate(forms):
            form = fold(raw_form.replace("_", " "))
            is_dual_form = gran is not None and "dual" not in flags
            info = UnitInfo(unit, form, "ordinal" in flags, gran, factor, dual=is_dual_form)
            if is_dual_form:
                lex.duals.setdefault(form, info)
            else:
                lex.forms.setdefault(form, info)
            if " " in form:
                lex.multiword.append(form)
            if "dual" in flags and i == 0:
                for d in _dual_forms(form):
                    lex.duals.setdefault(d, UnitInfo(unit, d, "ordinal" in flags, gran, factor, dual=True))
    return lex
