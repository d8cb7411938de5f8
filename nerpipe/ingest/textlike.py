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

A text with a few damaged bytes (flipped bits, a zeroed block, NULs, bytes that are not UTF-8) is
still text: the damage lies in a few stretches, and the rest is judged as above. Binary content
has its control bytes everywhere, one every few characters: more than one damaged stretch per 50
visible characters is not text.
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
#: What no text holds, so marks damage once decoded: control characters other than tab, line
#: ends, form feed and what terminal logs hold (bell, backspace, escape); DEL and the C1 range;
#: bytes the encoding cannot decode (lone surrogates, from "surrogateescape"); U+FFFD.
_DAMAGE_RUN = re.compile("[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f-\x9f\ud800-\udfff\ufffd]+")
#: Damaged runs closer than this are one stretch (a garbled sector leaves a few letters between).
MERGE_GAP = 8
#: Visible characters of undamaged text each damaged stretch needs: random bytes have a control
#: byte every 8 to 10 characters, a damaged text a few stretches in thousands of characters. Text
#: that decodes without error (never the case of random bytes) may hold a control character in
#: every ten, as before stretches were counted.
MIN_CHARS_PER_STRETCH = 50
MIN_CHARS_PER_CONTROL = 10
_UNDECODABLE = re.compile("[\ud800-\udfff\ufffd]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
#: A well-formed UTF-8 sequence of two to four bytes.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: The single-byte charset of older office text, read when bytes are not UTF-8.
SINGLE_BYTE = "cp1252"
#: Codecs that are not single-byte: every other one decodes any byte to one character.
MULTI_BYTE = ("utf-8", "utf-8-sig", "utf-16")
#: Legacy charsets of scripts other than Latin, which Windows-1252 turns into accented nonsense
#: ("Ñâèäåòåëü"): read in one of them only when charset-normalizer picks it and its words are
#: then of one script.
NON_LATIN_CHARSETS = ["cp1251", "koi8_r", "koi8_u", "cp866", "mac_cyrillic", "iso8859_5", "cp1253", "iso8859_7"]
NON_LATIN_CHARSETS += ["cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp874"]
#: How sure charset-normalizer must be (its "chaos": 0 for clean text), and the share of the words
#: with letters outside ASCII that must be of the charset's one script.
MAX_CHAOS = 0.1
_CONTROL_BYTES = re.compile(rb"[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f]+")
MIN_ONE_SCRIPT_WORDS = 0.9
#: Runs of letters or digits, in Windows-1252 as it is read.
_TOKEN = re.compile(r"[^\W_]+")
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
    """Whether `data` (no known format's magic number) reads as text."""
    return text_problem(data) is None


def text_problem(data: bytes) -> str | None:
    """Why `data` is not text, in words for the user, or None when it reads as text."""
    encoding = text_encoding(data)
    if encoding not in MULTI_BYTE:
        windows = [decode_marking_damage(window, encoding) for window in _windows(data)]
    else:
        windows = _windows(decode_marking_damage(data, encoding))
    undamaged = [_without_damage(window) for window in windows]
    stretches = sum(len(damaged_stretches(window)) for window in windows)
    if too_damaged(stretches, "".join(undamaged), decodes=decodes(windows, encoding)):
        return BINARY
    if encoding not in MULTI_BYTE and not all(_single_byte_text(window) for window in undamaged):
        return BINARY
    return _characters_problem("\n".join(undamaged))


def text_encoding(data: bytes) -> str:
    """The codec to read bytes that are text in: a byte-order mark's; UTF-8 when they are UTF-8,
    or when its well-formed sequences outnumber the bytes that are not (a UTF-8 text with a few
    damaged bytes); else a single-byte charset."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    well_formed = not_utf8 = 0
    for window in _windows(data):
        sequences, rest = _utf8_counts(window)
        well_formed += sequences
        not_utf8 += rest
    return "utf-8" if well_formed > not_utf8 else _single_byte_encoding(data)


def _single_byte_encoding(data: bytes) -> str:
    """Windows-1252, or the legacy charset of another script when charset-normalizer is sure of it
    and the text it gives is words of that script (never a Western text: charset-normalizer
    takes French for Baltic ISO-8859-13, which reads as Latin letters all the same)."""
    from charset_normalizer import from_bytes

    sample = _CONTROL_BYTES.sub(b" ", b"\n".join(_windows(data)))  # damage would hide the charset
    best = from_bytes(sample, cp_isolation=[*NON_LATIN_CHARSETS, SINGLE_BYTE, "latin_1"]).best()
    if best is None or best.encoding not in NON_LATIN_CHARSETS or best.chaos > MAX_CHAOS:
        return SINGLE_BYTE
    words = [word for word in _TOKEN.findall(str(best)) if not word.isascii()]
    one_script = sum(1 for word in words if _of_one_other_script(word))
    return best.encoding if words and one_script >= MIN_ONE_SCRIPT_WORDS * len(words) else SINGLE_BYTE


def _of_one_other_script(word: str) -> bool:
    scripts = {_script(char) for char in word}
    return word.isalpha() and len(scripts) == 1 and "LATIN" not in scripts


def _utf8_counts(window: bytes) -> tuple[int, int]:
    """Well-formed multi-byte UTF-8 sequences in `window`, and high bytes in none; a sequence cut
    by the window's edges is neither."""
    start = next((i for i, byte in enumerate(window[:4]) if not 0x80 <= byte < 0xC0), 0)
    end = len(window)
    for back in range(1, min(4, len(window)) + 1):
        if window[-back] >= 0xC0:
            end = len(window) - back
            break
        if window[-back] < 0x80:
            break
    window = window[start:end]
    rest, sequences = _UTF8_SEQUENCE.subn(b"", window)
    return sequences, len(rest) - len(rest.translate(None, _HIGH_BYTES))


def decode_marking_damage(data: bytes, encoding: str) -> str:
    """`data` decoded, each byte the encoding cannot decode left visible as damage (a lone
    surrogate, or U+FFFD in UTF-16), so that damage can be found and marked in one place."""
    return data.decode(encoding, errors="replace" if encoding == "utf-16" else "surrogateescape")


def damaged_stretches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each damaged stretch of decoded `text`: runs of damage, with what lies
    less than MERGE_GAP characters between two of them."""
    stretches: list[tuple[int, int]] = []
    for match in _DAMAGE_RUN.finditer(text):
        start, end = match.span()
        if stretches and start - stretches[-1][1] < MERGE_GAP:
            stretches[-1] = (stretches[-1][0], end)
        else:
            stretches.append((start, end))
    return stretches


def decodes(texts: list[str], encoding: str) -> bool:
    """Whether `texts` were decoded from a multi-byte encoding without error."""
    return encoding in MULTI_BYTE and not any(_UNDECODABLE.search(text) for text in texts)


def too_damaged(stretches: int, undamaged: str, *, decodes: bool) -> bool:
    """Whether so many damaged stretches among so much undamaged text make binary content."""
    visible = len(undamaged) - sum(undamaged.count(space) for space in " \n\t\r")
    return stretches * (MIN_CHARS_PER_CONTROL if decodes else MIN_CHARS_PER_STRETCH) > visible


def _without_damage(text: str) -> str:
    """`text` with each damaged stretch a space, to judge the rest."""
    parts, position = [], 0
    for start, end in damaged_stretches(text):
        parts += [text[position:start], " "]
        position = end
    parts.append(text[position:])
    return "".join(parts)


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


def _single_byte_text(text: str) -> bool:
    """Whether most of a window read in a single-byte charset is in word shapes."""
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
