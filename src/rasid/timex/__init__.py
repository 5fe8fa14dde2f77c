"""Time expressions: stage ``timex.resolve`` (:mod:`rasid.timex.resolve`).

``resolve_expressions(text, anchor_date, start=0, end=None)`` is the pure entry point
(events use it to date their sentences); :mod:`rasid.timex.absolute` finds calendar dates,
:mod:`rasid.timex.lexicon` holds the vocabulary and :mod:`rasid.timex.folding` the fast
folded view of the raw text shared with :mod:`rasid.quantities`.
"""
