"""Whether bytes that are no known format are text, before they are read as text.

Anything that is not UTF-8 is read as Windows-1252, which maps almost every byte to a letter: 13
random bytes named x.docx, or 10 MB of random high bytes, came out as "text" (the latter then
took spaCy's tokenizer to 18 GB). Real text has few control characters and is made of words: in
a single-byte charset a word is ASCII letters with accented letters inside it (Latin scripts)
or a run of high bytes (another script); random bytes mix letters, digits and symbols in every
"word". A few windows spread over the file are judged, so a large file costs no more than a
small one.
"""

from __future__ import annotations

import codecs
import re

_WINDOW_BYTES = 4096
_WINDOWS = 8
#: Control characters that text does not hold (tab, line ends, form feed, and the escape and
#: backspace that terminal logs use are allowed), with DEL, the C1 range and U+FFFD.
_TEXT_CONTROLS = re.compile("[\x00-\x07\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")
#: The same in bytes, with the five bytes Windows-1252 leaves undefined.
_BYTE_CONTROLS = re.compile(rb"[\x00-\x07\x0e-\x1a\x1c-\x1f\x7f\x81\x8d\x8f\x90\x9d]")
#: Runs of letters or digits, in Windows-1252 as it is read.
_TOKEN = re.compile(r"[^\W_]+")
MAX_CONTROL_SHARE = 0.10
MAX_CONTROL_SHARE_SINGLE_BYTE = 0.01
#: Share of a single-byte text's non-space characters that must be in word-shaped tokens.
MIN_WORD_SHARE = 0.6


def looks_like_text(data: bytes) -> bool:
    """Whether `data` (no known format's magic number, no NUL in its head) reads as text."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return all(_control_share(window) <= MAX_CONTROL_SHARE for window in _windows(text))
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return all(_single_byte_text(window) for window in _windows(data))
    return all(_control_share(window) <= MAX_CONTROL_SHARE for window in _windows(text))


def _single_byte_text(window: bytes) -> bool:
    if len(_BYTE_CONTROLS.findall(window)) > MAX_CONTROL_SHARE_SINGLE_BYTE * len(window):
        return False
    text = window.decode("cp1252", errors="replace")
    printable = sum(1 for char in text if not char.isspace())
    words = sum(len(token) for token in _TOKEN.findall(text) if _is_word(token))
    return words >= MIN_WORD_SHARE * printable


def _is_word(token: str) -> bool:
    """Two or more letters in one case pattern (word, Word, WORD), or a number: what words look
    like in every cased script, Cyrillic read as Windows-1252 included."""
    if len(token) < 2:
        return False
    if token.isdigit():
        return True
    return token.isalpha() and (token.islower() or token.istitle() or token.isupper())


def _control_share(window: str) -> float:
    return len(_TEXT_CONTROLS.findall(window)) / max(len(window), 1)


def _windows(content):  # bytes or str: all of it, or the head and windows spread evenly over the rest
    if len(content) <= _WINDOW_BYTES * _WINDOWS:
        return [content]
    step = (len(content) - _WINDOW_BYTES) // (_WINDOWS - 1)
    return [content[i * step : i * step + _WINDOW_BYTES] for i in range(_WINDOWS)]
