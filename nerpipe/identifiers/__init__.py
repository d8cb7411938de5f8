"""Identifiers in text: phone numbers, e-mail addresses, URLs, IP addresses, IBANs, payment cards,
crypto addresses and @handles, each validated (checksum, numbering plan, syntax) and normalised.

Plain Python on strings, no spaCy: the pipeline component (pipeline/identifiers.py) turns the
finds into entities, and the graph and the views use the masking of card numbers.
"""

from __future__ import annotations

from nerpipe.identifiers.accounts import find_crypto, find_ibans
from nerpipe.identifiers.cards import find_cards, mask_card, mask_card_numbers
from nerpipe.identifiers.found import CARD, IDENTIFIER_LABELS, Identifier
from nerpipe.identifiers.internet import find_emails, find_handles, find_ips, find_urls
from nerpipe.identifiers.phones import DEFAULT_REGION, find_phones, region_supported

__all__ = [
    "CARD",
    "DEFAULT_REGION",
    "IDENTIFIER_LABELS",
    "Identifier",
    "find_identifiers",
    "mask_card",
    "mask_card_numbers",
    "region_supported",
]


def find_identifiers(text: str, *, region: str = DEFAULT_REGION) -> list[Identifier]:
    """Every identifier in `text`, in text order, none overlapping another: where two overlap the
    longer wins, then the label earlier in IDENTIFIER_LABELS (a URL over the phone number in it).

    >>> [(i.label, i.value) for i in find_identifiers("Call (312) 555-0199 or mail Ana.Ruiz@Example.com")]
    [('PHONE', '+13125550199'), ('EMAIL', 'ana.ruiz@example.com')]
    """
    found = [
        *find_urls(text),
        *find_emails(text),
        *find_ibans(text),
        *find_crypto(text),
        *find_cards(text),
        *find_ips(text),
        *find_phones(text, region),
        *find_handles(text),
    ]
    rank = {label: i for i, label in enumerate(IDENTIFIER_LABELS)}
    found.sort(key=lambda i: (-(i.end - i.start), rank[i.label], i.start))
    kept: list[Identifier] = []
    taken: list[tuple[int, int]] = []
    for candidate in found:
        if all(candidate.end <= start or candidate.start >= end for start, end in taken):
            kept.append(candidate)
            taken.append((candidate.start, candidate.end))
    return sorted(kept, key=lambda i: i.start)
