"""The one record every identifier finder returns."""

from __future__ import annotations

from dataclasses import dataclass

PHONE, EMAIL, URL, IP, IBAN, CARD, CRYPTO, HANDLE = "PHONE", "EMAIL", "URL", "IP", "IBAN", "CARD", "CRYPTO", "HANDLE"
#: Every identifier label, in the order overlapping finds are preferred (a card number inside a URL
#: is part of the URL; a phone number inside an IBAN is part of the IBAN).
IDENTIFIER_LABELS: tuple[str, ...] = (URL, EMAIL, IBAN, CRYPTO, CARD, IP, PHONE, HANDLE)


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier at text[start:end]; `value` is its normalised form (E.164 phone, lower-cased
    e-mail, compact IBAN...), the same however it was written, so it names one entity."""

    start: int
    end: int
    label: str
    value: str
