"""Quantities: stage ``quantities.extract`` (:mod:`rasid.quantities.extract`).

Number words and digits (:mod:`rasid.quantities.numbers`), the units lexicon kept as data
(``units.tsv``, loaded by :mod:`rasid.quantities.units`).
"""
