"""Quotation extraction: the ``quotes.extract`` stage (:mod:`rasid.quotes.extract`).

Cues and word lists are data in ``rasid/quotes/data`` (``cues.tsv``, ``words.tsv``), loaded lazily by
:mod:`rasid.quotes.lexicon`.
"""
