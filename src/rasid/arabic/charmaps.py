"""Character maps used by the normalisers, kept as data.

Each map sends one character to a replacement string; an empty string deletes
the character. Presentation forms are folded with ``unicodedata`` NFKC in
:mod:`rasid.arabic.normalize`, so they are not listed here.
"""

#: Diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks).
DIACRITICS = {chr(c): "" for c in list(range(0x064B, 0x0660)) + [0x0670] + list(range(0x06D6, 0x06EE))}

#: Tatweel (kashida) only stretches a word.
TATWEEL = {"\u0640": ""}

#: Invisible format characters: zero-width joiners, bidi marks and embeddings, BOM, soft hyphen.
INVISIBLE = {ch: "" for ch in (
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\ufeff", "\u00ad")}

#: Hamza carriers and alef variants folded to bare alef, as search engines do.
ALEF_FORMS = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0672": "\u0627",
              "\u0673": "\u0627"}

#: Other letter variants folded for matching.
LETTER_VARIANTS = {
    "\u0649": "\u064a",  # alef maqsura -> ya
    "\u0629": "\u0647",  # ta marbuta -> ha
    "\u0624": "\u0648",  # waw with hamza -> waw
    "\u0626": "\u064a",  # ya with hamza -> ya
    "\u06cc": "\u064a",  # Farsi ya -> ya
    "\u06a9": "\u0643",  # keheh -> kaf
}

#: Arabic-Indic and Eastern Arabic-Indic (Persian) digits to ASCII.
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)}
DIGITS.update({chr(0x06F0 + i): str(i) for i in range(10)})

#: Arabic punctuation to ASCII equivalents used by the rule-based stages.
PUNCTUATION = {"\u060c": ",", "\u061b": ";", "\u061f": "?", "\u066a": "%", "\u066b": ".", "\u066c": ","}

#: Whitespace variants (NBSP, thin spaces...) to a plain space.
SPACES = {ch: " " for ch in ("\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
                             "\u2007", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000")}
