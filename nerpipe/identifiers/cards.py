"""Payment card numbers: found by issuer prefix, length and the Luhn check; shown masked.

A card number is personal financial data: every view and export shows only its last four digits
("•••• •••• •••• 1111"). Its entity id is masked too, with a short digest so two cards that end
alike stay two entities.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from nerpipe.identifiers.checksums import luhn_valid
from nerpipe.identifiers.found import CARD, Identifier

MASK = "•"
# 13 to 19 digits, in groups split by single spaces or hyphens, not inside a longer number.
_CANDIDATE = re.compile(r"(?<![\w.,/-])\d(?:[ -]?\d){12,18}(?![\w]|[.,/-]\d)")
#: (prefixes, lengths): Visa, Mastercard, American Express, Discover, JCB, Diners, UnionPay, Maestro.
_ISSUERS: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...] = (
    (("4",), (13, 16, 19)),
    (tuple(str(n) for n in range(51, 56)) + tuple(str(n) for n in range(2221, 2721)), (16,)),
    (("34", "37"), (15,)),
    (("6011", "65", *(str(n) for n in range(644, 650))), (16, 19)),
    (tuple(str(n) for n in range(3528, 3590)), (16, 19)),
    (("36", "38", "39", *(str(n) for n in range(300, 306))), (14, 16)),
    (("62",), (16, 17, 18, 19)),
    (("50", "56", "57", "58", "67"), (16, 19)),
)


def card_issuer_matches(digits: str) -> bool:
    return any(digits.startswith(prefixes) and len(digits) in lengths for prefixes, lengths in _ISSUERS)


def _grouping_plausible(raw: str) -> bool:
    """Written as one run, or in groups with one kind of separator (4-4-4-4, Amex 4-6-5...)."""
    separators = set(re.findall(r"[ -]", raw))
    if not separators:
        return True
    if len(separators) > 1:
        return False
    groups = [len(g) for g in re.split(r"[ -]", raw)]
    return groups[0] == 4 and all(3 <= g <= 6 for g in groups[1:])


def find_cards(text: str) -> Iterator[Identifier]:
    for match in _CANDIDATE.finditer(text):
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if len(set(digits)) < 2 or not _grouping_plausible(raw):
            continue
        if card_issuer_matches(digits) and luhn_valid(digits):
            yield Identifier(match.start(), match.end(), CARD, card_id(digits))


def card_id(digits: str) -> str:
    """The masked, stable name of a card: its last four digits and a digest of the whole number."""
    digest = hashlib.sha256(digits.encode()).hexdigest()[:8]
    return f"{MASK * 4} {digits[-4:]} #{digest}"


def mask_card(number: str) -> str:
    """Every digit but the last four replaced by •, separators kept.

    >>> mask_card("4111 1111 1111 1111")
    '•••• •••• •••• 1111'
    """
    total = sum(ch.isdigit() for ch in number)
    seen = 0
    out = []
    for ch in number:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - 4 else MASK)
        else:
            out.append(ch)
    return "".join(out)


def mask_card_numbers(text: str) -> str:
    """`text` with every payment card number in it masked (the same length, the same offsets)."""
    if not any(ch.isdigit() for ch in text):
        return text
    pieces, position = [], 0
    for found in find_cards(text):
        pieces += [text[position : found.start], mask_card(text[found.start : found.end])]
        position = found.end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)
