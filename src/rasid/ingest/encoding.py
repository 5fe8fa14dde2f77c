"""Turn raw bytes into text, or say clearly why not.

Order of attempts (cheap and certain first):

1. a byte-order mark (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE; UTF-32 is tested before UTF-16
   because its LE mark begins with the UTF-16 LE one);
2. UTF-16 without a mark, only when the first bytes hold NULs: the sample is decoded
   as LE and BE and kept when nearly every character is plausible text (Latin, Arabic,
   punctuation, whitespace);
3. binary detection: NUL bytes (not explained by UTF-16) or too many control bytes;
4. strict UTF-8;
5. UTF-8 with a handful of broken sequences (a file cut in the middle of a character),
   decoded with U+FFFD replacements and ``decode_errors`` counted;
6. Windows-1256, kept only when the result is mostly Arabic letters *and* looks like
   Arabic (the article "ال" is frequent), so Cyrillic cp1251 or UTF-8 read as cp1256 is refused;
7. charset-normalizer as the last, slow resort.

Newlines: the decoded text is kept verbatim **except** that ``\\r\\n`` is turned into
``\\n``. Every offset in rasid (and in the gold SCHEMA) counts a line break as one
character and the ``lines`` layer splits on ``\\n``; keeping ``\\r`` would put a stray
character at the end of every line. The reader records ``meta["newline"] = "crlf"`` when
it did this, so the original bytes can be rebuilt. Lone ``\\r`` characters are kept.
A byte-order mark is not part of the text.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: How many leading bytes the sniffers look at.
SAMPLE_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

#: Control bytes that are normal in text files.
_TEXT_CONTROLS = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}

_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_ARABIC_RUN_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF]+")
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


class DecodeError(ValueError):
    """Bytes that are not usable text. ``reason`` is a Reject reason (``binary``, ``empty``, ``undecodable``)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    """Decoded text (``\\r\\n`` already folded to ``\\n``) and how it was obtained."""

    text: str
    encoding: str
    newline: str = "lf"      # "lf", "crlf" (folded to "\n") or "mixed" (some crlf folded)
    bom: bool = False
    decode_errors: int = 0   # U+FFFD replacements made (UTF-8 with a few broken sequences)

    def meta(self) -> dict[str, object]:
        out: dict[str, object] = {"encoding": self.encoding}
        if self.newline != "lf":
            out["newline"] = self.newline
        if self.bom:
            out["bom"] = True
        if self.decode_errors:
            out["decode_errors"] = self.decode_errors
        return out


def fold_newlines(text: str) -> tuple[str, str]:
    """``\\r\\n`` -> ``\\n``; returns the text and ``"lf"``, ``"crlf"`` or ``"mixed"``."""
    if "\r\n" not in text:
        return text, "lf"
    crlf = text.count("\r\n")
    folded = text.replace("\r\n", "\n")
    return folded, ("crlf" if folded.count("\n") == crlf else "mixed")


def arabic_letter_share(text: str) -> tuple[int, int]:
    """(Arabic letters, all letters) in ``text``."""
    # runs, not single characters: one match per word keeps this fast
    return (sum(map(len, _ARABIC_RUN_RE.findall(text))), sum(map(len, _LETTER_RUN_RE.findall(text))))


def _plausible_char(ch: str) -> bool:
    o = ord(ch)
    return (0x20 <= o < 0x7F or o in (0x09, 0x0A, 0x0D) or 0xA0 <= o < 0x250 or 0x0600 <= o < 0x0700
            or 0x0750 <= o < 0x0780 or 0x08A0 <= o < 0x0900 or 0x2000 <= o < 0x2070 or 0xFB50 <= o < 0xFF00
            or 0x0370 <= o < 0x0530)


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec name ("utf-16-le"/"utf-16-be") if the leading bytes look like BOM-less UTF-16."""
    sample = data[:SAMPLE_BYTES]
    sample = sample[: len(sample) - (len(sample) % 2)]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    # ASCII characters give a NUL high byte; Arabic ones a 0x06 high byte.
    candidates = ["utf-16-le", "utf-16-be"] if odd_nul >= even_nul else ["utf-16-be", "utf-16-le"]
    for codec in candidates:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            # the sample may end inside a surrogate pair
            try:
                text = sample[:-2].decode(codec)
            except UnicodeDecodeError:
                continue
        if not text:
            continue
        good = sum(1 for ch in text if _plausible_char(ch))
        if good / len(text) >= 0.95:
            return codec
    return None


def binary_reason(data: bytes) -> str | None:
    """A short explanation when ``data`` looks binary (after UTF-16/32 have been ruled out), else None."""
    sample = data[:SAMPLE_BYTES]
    if not sample:
        return None
    nuls = sample.count(0)
    if nuls:
        return f"{nuls} NUL bytes in the first {len(sample)} bytes"
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls / len(sample) > 0.05:
        return f"{controls} control bytes in the first {len(sample)} bytes"
    return None


def _looks_like_cp1256_arabic(data: bytes, text: str) -> bool:
    arabic, letters = arabic_letter_share(text)
    if arabic == 0 or letters == 0:
        return False
    # Non-ASCII letters should be overwhelmingly Arabic (French accents also exist in cp1256).
    non_ascii_letters = sum(1 for ch in _LETTER_RE.findall(text) if ord(ch) > 0x7F)
    if non_ascii_letters and arabic / non_ascii_letters < 0.85:
        return False
    if arabic >= 60:
        # Real Arabic uses the article "ال" (0xC7 0xE1) constantly; mis-decoded text does not.
        article = data.count(b"\xc7\xe1")
        if article < max(2, arabic // 200):
            return False
    return True


def _utf8_few_errors(data: bytes) -> tuple[str, int] | None:
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if errors <= max(3, len(data) // 2000):
        return text, errors
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` to text or raise :class:`DecodeError`.

    ``declared`` is an encoding announced by the container (an HTML ``<meta charset>``,
    an HTTP header); it is tried (strictly) after byte-order marks.
    """
    if not data:
        raise DecodeError("empty", "0 bytes")
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable", f"{name} byte-order mark but invalid {name}: {exc.reason}") from exc
            text, newline = fold_newlines(text)
            return Decoded(text, name, newline, bom=True)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data[: len(data) - (len(data) % 2)].decode(utf16)
            text, newline = fold_newlines(text)
            return Decoded(text, utf16, newline)
        except UnicodeDecodeError:
            pass
    why = binary_reason(data)
    if why:
        raise DecodeError("binary", why)
    if declared:
        try:
            codec = codecs.lookup(declared).name
            text = data.decode(codec)
            text, newline = fold_newlines(text)
            return Decoded(text, codec, newline)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        text, newline = fold_newlines(text)
        return Decoded(text, "utf-8", newline)
    mostly = _utf8_few_errors(data)
    if mostly:
        text, newline = fold_newlines(mostly[0])
        return Decoded(text, "utf-8", newline, decode_errors=mostly[1])
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_cp1256_arabic(data, text):
        text, newline = fold_newlines(text)
        return Decoded(text, "cp1256", newline)
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data[: 4 * 1024 * 1024]).best()
    except Exception:  # pragma: no cover - library failure is not the input's fault
        best = None
    if best is not None:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text:
            text, newline = fold_newlines(text)
            return Decoded(text, codecs.lookup(best.encoding).name, newline)
    raise DecodeError("undecodable", "not UTF-8/16/32, not Windows-1256 Arabic, no other charset found")
