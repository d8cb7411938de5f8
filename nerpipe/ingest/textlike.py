"""Whether bytes that are no known format are text, before they are read as text.

Anything that is not UTF-8 is read as Windows-1252, which maps almost every byte to a letter: 13
random bytes named x.docx, or 10 MB of random high bytes, came out as "text" (the latter then
took spaCy's tokenizer to 18 GB). Random high bytes arranged into word-shaped runs of one case
passed a check of word shapes and ran for ten minutes into 135,132 mentions of nonsense.

So text is judged by what its decoded characters are, over windows spread through the whole
file (a large file costs no more to judge than a small one): few control characters; mostly
letters, not symbols, private-use or unassigned code points; words that keep to one script and
to plausible lengths; and letters used as a language uses them. The last is the one arranged
bytes cannot fake by shape: every written language uses a few letters (or, in Chinese, a few
characters) far more than the rest, so the most frequent quarter of the letters seen covers 53
to 92 % of a real text's letters, while letters drawn at random cover about 30 %.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import pairwise

#: Why bytes with control characters (NUL, C1...) or no word shapes at all are not text.
BINARY = "binary content, not text"
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
#: Share of the non-space characters that may be symbols or punctuation outside ASCII (text in
#: Chinese has 10 to 15 % of punctuation; ASCII rules and tables of "-", "|" and "=" are text).
MAX_SYMBOL_SHARE = 0.4
#: Share of private-use, unassigned and lone surrogate code points text may hold.
MAX_UNASSIGNED_SHARE = 0.02
#: Letters in words below this many are too few to judge how they are used.
MIN_LETTERS_TO_JUDGE = 400
#: Share of the letters the most frequent quarter of the distinct letters must cover.
MIN_COMMON_LETTER_SHARE = 0.42
#: Share of a script's letters the ten most frequent must cover.
MIN_TOP_TEN_SHARE = 0.10
#: Pairs of neighbouring letters needed to judge their order, in an alphabet of at most so many
#: letters, and the information one must give about the other (real text: 0.8 bits or more on
#: 2,000 pairs, about 3 in Indic scripts; letters drawn with a language's frequencies: 0.1 at most).
MIN_PAIRS_TO_JUDGE = 2000
MAX_ALPHABET = 150
MIN_NEIGHBOUR_INFORMATION_BITS = 0.4
#: Share of the letters that may be in words mixing two scripts, or in words over 40 letters.
MAX_MIXED_SCRIPT_SHARE = 0.2
MAX_LONG_WORD_SHARE = 0.25
LONG_WORD = 40
#: Scripts written without spaces between words: their runs of letters are phrases.
_UNSPACED = {"CJK", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"}
#: First words of Unicode names that are not a script (µ, ª, modifier letters, ligatures).
_NO_SCRIPT = {"MICRO", "FEMININE", "MASCULINE", "MODIFIER", "SUPERSCRIPT", "SUBSCRIPT", "COMBINING"}
_CJK = {
    "CJK",
    "HIRAGANA",
    "KATAKANA",
    "KATAKANA-HIRAGANA",
    "HANGUL",
    "BOPOMOFO",
    "FULLWIDTH",
    "HALFWIDTH",
    "IDEOGRAPHIC",
}
#: Japanese and Chinese write Latin letters inside their words (a model number, "Tシャツ").
_CJK_AND_LATIN = {"CJK", "LATIN"}


def looks_like_text(data: bytes) -> bool:
    """Whether `data` (no known format's magic number, no NUL in its head) reads as text."""
    return text_problem(data) is None


def text_problem(data: bytes) -> str | None:
    """Why `data` is not text, in words for the user, or None when it reads as text."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decoded_problem(data[len(bom) :].decode(encoding, errors="replace"))
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        windows = _windows(data)
        if not all(_single_byte_text(window) for window in windows):
            return BINARY
        return _characters_problem("\n".join(window.decode("cp1252", errors="replace") for window in windows))
    return _decoded_problem(text)


def _decoded_problem(text: str) -> str | None:
    windows = _windows(text)
    if any(_control_share(window) > MAX_CONTROL_SHARE for window in windows):
        return BINARY
    return _characters_problem("\n".join(windows))


def _characters_problem(sample: str) -> str | None:
    """What in the characters of `sample` is not text. Each distinct character is looked up once,
    so a sample of 32 KB costs a few milliseconds."""
    counts = Counter(sample)
    visible = {char: n for char, n in counts.items() if not char.isspace()}
    total = sum(visible.values())
    if not total:
        return None
    categories = {char: unicodedata.category(char) for char in visible}
    unassigned = sum(n for char, n in visible.items() if categories[char] in ("Co", "Cn", "Cs"))
    if unassigned > MAX_UNASSIGNED_SHARE * total:
        return "it is made of private-use or unassigned characters"
    symbols = sum(n for char, n in visible.items() if categories[char][0] in "SP" and not char.isascii())
    if symbols > MAX_SYMBOL_SHARE * total:
        return "it is made of symbols, not of the letters and words of a language"
    return _words_problem(sample, categories)


def _words_problem(sample: str, categories: dict[str, str]) -> str | None:
    in_words = {char for char, category in categories.items() if category[0] in "LM"}
    # Letters in one case; ß and ligatures, which fold to two letters, as they are.
    folded = {char: _fold(char) for char in in_words if categories[char][0] == "L"}
    shape = sample.translate(str.maketrans({char: " " for char in categories if char not in in_words}))
    letters: dict[str | None, Counter[str]] = defaultdict(Counter)
    pairs: dict[str | None, Counter[tuple[str, str]]] = defaultdict(Counter)
    mixed = long = 0
    for word, n in Counter(shape.split()).items():
        word_letters = [folded[char] for char in word if char in folded]
        scripts = {_script(char) for char in word_letters} - {None}
        for char in word_letters:
            letters[_script(char)][char] += n
        for pair in pairwise(word_letters):
            pairs[_script(pair[0])][pair] += n
        if len(scripts) > 1 and not scripts <= _CJK_AND_LATIN:
            mixed += len(word_letters) * n
        elif len(word) > LONG_WORD and not scripts & _UNSPACED:
            long += len(word_letters) * n
    judged = sum(sum(counts.values()) for counts in letters.values())
    if judged < MIN_LETTERS_TO_JUDGE:
        return None
    if mixed > MAX_MIXED_SCRIPT_SHARE * judged:
        return "its words mix the letters of different scripts, which no language does"
    if long > MAX_LONG_WORD_SHARE * judged:
        return "its words are far longer than the words of any language"
    if any(not _used_as_language(counts) for counts in letters.values()):
        return "its letters occur about equally often, as in random data, not as in any language"
    if any(_follow_each_other_at_random(counts) for counts in pairs.values()):
        return "its letters follow each other at random, not as in the words of any language"
    return None


def _used_as_language(counts: Counter[str]) -> bool:
    """Whether a script's letters are used unevenly, as languages use them: the most frequent
    quarter covers most of the text, and the ten most frequent (of the thousands of Chinese
    characters or Korean syllables) a tenth of it at least."""
    total = sum(counts.values())
    if total < MIN_LETTERS_TO_JUDGE:
        return True
    ranked = sorted(counts.values(), reverse=True)
    common = sum(ranked[: max(1, -(-len(ranked) // 4))])
    return common >= MIN_COMMON_LETTER_SHARE * total and sum(ranked[:10]) >= MIN_TOP_TEN_SHARE * total


def _follow_each_other_at_random(pairs: Counter[tuple[str, str]]) -> bool:
    """Whether a letter tells nothing of the next: in words of every language it does (about one
    bit of information between neighbours in European languages, more in others), in letters
    drawn at random, even with a language's letter frequencies, it does not. Judged on an
    alphabet only, with enough pairs for the estimate's bias (corrected) to be small."""
    total = sum(pairs.values())
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (a, b), n in pairs.items():
        first[a] += n
        second[b] += n
    if total < MIN_PAIRS_TO_JUDGE or len(first) > MAX_ALPHABET:
        return False

    def entropy(counts: Counter) -> float:
        return -sum(n / total * math.log2(n / total) for n in counts.values())

    information = entropy(first) + entropy(second) - entropy(pairs)
    bias = (len(first) + len(second) - len(pairs) - 1) / (2 * total * math.log(2))  # Miller-Madow
    return information + bias < MIN_NEIGHBOUR_INFORMATION_BITS


def _fold(char: str) -> str:
    folded = char.casefold()
    return folded if len(folded) == 1 else char


@lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    """The script of a letter from its Unicode name ("CYRILLIC SMALL LETTER ZHE"); the scripts
    of Chinese, Japanese and Korean count as one, since one word mixes them."""
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if not first or first in _NO_SCRIPT or "LIGATURE" in name:
        return None
    return "CJK" if first in _CJK else first


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


def _windows(content):  # bytes or str
    """All of it, or the head and one window in each of the equal stretches of the rest, at a
    place drawn from the content's checksum: spread through the file, and not where a file built
    to pass could put text around nonsense."""
    if len(content) <= _WINDOW_BYTES * _WINDOWS:
        return [content]
    sample = (
        content if isinstance(content, bytes) else content[:: max(1, len(content) // 65536)].encode(errors="replace")
    )
    seed = zlib.crc32(sample)
    stretch = (len(content) - _WINDOW_BYTES) // (_WINDOWS - 1)
    room = max(1, stretch - _WINDOW_BYTES)
    starts = [0] + [_WINDOW_BYTES + i * stretch + zlib.crc32(bytes([i]), seed) % room for i in range(_WINDOWS - 1)]
    return [content[start : start + _WINDOW_BYTES] for start in starts]
