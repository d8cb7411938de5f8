"""Adversarial "text": random characters arranged to look like text (word-shaped runs of one case,
separated by spaces and newlines, with punctuation), as in issue 33 item 9. Each generator is
seeded, so a failure can be replayed."""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.ingest.languages import PROSE

#: Windows-1252 high bytes that read as letters, by case (× and ÷ are symbols).
CP1252_LOWER = bytes([*range(0xDF, 0xF7), *range(0xF8, 0x100), 0x9A, 0x9C, 0x9E])
CP1252_UPPER = bytes([*range(0xC0, 0xD7), *range(0xD8, 0xDF), 0x8A, 0x8C, 0x8E, 0x9F])
ASCII_LOWER = bytes(range(0x61, 0x7B))

#: Unicode blocks an attacker may draw "words" from: letters of scripts, and symbols.
SCRIPT_BLOCKS: dict[str, tuple[int, int]] = {
    "greek": (0x03B1, 0x03C9),
    "cyrillic": (0x0430, 0x044F),
    "armenian": (0x0561, 0x0586),
    "hebrew": (0x05D0, 0x05EA),
    "arabic": (0x0627, 0x064A),
    "devanagari": (0x0915, 0x0939),
    "georgian": (0x10D0, 0x10F0),
    "hangul": (0xAC00, 0xD7A3),
    "cjk": (0x4E00, 0x9FFF),
    "latin-extended": (0x0100, 0x017F),
    "arrows": (0x2190, 0x21FF),
    "maths": (0x2200, 0x22FF),
    "box-drawing": (0x2500, 0x257F),
    "symbols": (0x2600, 0x26FF),
    "dingbats": (0x2701, 0x27BF),
    "private-use": (0xE000, 0xF8FF),
}


def _arrange(rng: random.Random, size: int, word: Callable[[], bytes], space: bytes = b" ") -> bytes:
    """Words of 2 to 9 units separated like prose: spaces, a comma or full stop now and then,
    a newline every dozen words or so."""
    out = bytearray()
    while len(out) < size:
        out += word()
        roll = rng.random()
        out += b"." + space if roll < 0.06 else b"," + space if roll < 0.12 else b"\n" if roll < 0.2 else space
    return bytes(out[:size])


def arranged_high_bytes(size: int, seed: int, style: str = "lower") -> bytes:
    """Windows-1252 / Latin-1 high bytes in word-shaped runs of one case pattern: "lower"
    (àéñ...), "upper", "title" (one capital, then small letters) or "mixed" (small ASCII and
    accented letters drawn together, as an attacker would to look like a Latin language)."""
    rng = random.Random(seed)
    lower = CP1252_LOWER + ASCII_LOWER if style == "mixed" else CP1252_LOWER

    def word() -> bytes:
        length = rng.randint(2, 9)
        if style == "upper":
            return bytes(rng.choice(CP1252_UPPER) for _ in range(length))
        first = rng.choice(CP1252_UPPER) if style == "title" else rng.choice(lower)
        return bytes([first, *(rng.choice(lower) for _ in range(length - 1))])

    return _arrange(rng, size, word)


def arranged_script_words(size: int, seed: int, *, mix_within_words: bool = False) -> bytes:
    """UTF-8 words of random characters from a random block each (letters of some script, or
    symbols); with `mix_within_words`, each character of a word from any block."""
    rng = random.Random(seed)
    blocks = [block for name, block in SCRIPT_BLOCKS.items() if name != "private-use"]

    def word() -> bytes:
        block = rng.choice(blocks)
        chars = []
        for _ in range(rng.randint(2, 9)):
            low, high = rng.choice(blocks) if mix_within_words else block
            chars.append(chr(rng.randint(low, high)))
        return "".join(chars).encode()

    return _arrange(rng, size, word).decode(errors="ignore").encode()


def arranged_one_script(size: int, seed: int, script: str) -> bytes:
    """UTF-8 words of letters drawn at random from one script's block (random Cyrillic, random
    Chinese characters, ...): letters of a real script, in no language's order. Chinese and
    Korean are written as long runs with only punctuation between them."""
    rng = random.Random(seed)
    low, high = SCRIPT_BLOCKS[script]
    unspaced = script in ("cjk", "hangul")

    def word() -> bytes:
        return "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(2, 9))).encode()

    text = _arrange(rng, size, word, space="，".encode() if unspaced else b" ")
    return text.decode(errors="ignore").encode()  # not cut inside a character


def arranged_like_language(size: int, seed: int, prose: str, encoding: str = "utf-8") -> bytes:
    """Letters drawn one by one with the frequencies they have in `prose`, in words of 2 to 9:
    the letters a language uses, as often as it uses them, in no language's order."""
    rng = random.Random(seed)
    letters = [char for char in prose.casefold() if char.isalpha()]

    def word() -> bytes:
        return "".join(rng.choice(letters) for _ in range(rng.randint(2, 9))).encode(encoding)

    return _arrange(rng, size, word).decode(encoding, errors="ignore").encode(encoding)


def all_arranged(size: int, seed: int) -> dict[str, bytes]:
    """Every kind, by name."""
    kinds = {
        f"high-bytes-{style}": arranged_high_bytes(size, seed, style) for style in ("lower", "upper", "title", "mixed")
    }
    kinds["script-words"] = arranged_script_words(size, seed)
    kinds["script-mixed-in-words"] = arranged_script_words(size, seed, mix_within_words=True)
    for script in SCRIPT_BLOCKS:
        kinds[f"random-{script}"] = arranged_one_script(size, seed, script)
    for language in ("French", "Russian", "Greek", "Arabic"):
        kinds[f"letters-of-{language}"] = arranged_like_language(size, seed, PROSE[language])
    kinds["letters-of-German-cp1252"] = arranged_like_language(size, seed, PROSE["German"], "cp1252")
    return kinds
