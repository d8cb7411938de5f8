"""Phone numbers, through Google's libphonenumber rules (the `phonenumbers` package), as E.164.

The library finds numbers that are valid for some region; on top of it a match is dropped when it
is written like something else: a date (2019-03-14, 03/14/2019), a case or docket number
(26-04417), a ZIP+4 code (60614-1234), an amount ($1,250,000) or a bare run of digits, which in case
files is far more often an account, an exhibit or a serial number than a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from nerpipe.identifiers.found import PHONE, Identifier

DEFAULT_REGION = "US"
_DATE_LIKE = re.compile(r"^\(?\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\)?$")
_ZIP4 = re.compile(r"^\d{5}-\d{4}$")
_GROUPED_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
#: What a phone number looks like when written for people: a + prefix, an area code in brackets,
#: or groups split by spaces, dots or hyphens.
_SEPARATED = re.compile(r"[\s().-]")


def region_supported(region: str) -> bool:
    return region.upper() in phonenumbers.SUPPORTED_REGIONS


def find_phones(text: str, region: str = DEFAULT_REGION) -> Iterator[Identifier]:
    if sum(ch.isdigit() for ch in text) < 7:
        return
    for match in PhoneNumberMatcher(text, region.upper(), leniency=Leniency.VALID):
        raw, start = match.raw_string, match.start
        if raw.startswith("(") and ")" not in raw:  # "(+61 2 9224 5550)": the bracket is not the number's
            raw, start = raw[1:], start + 1
        if not _written_as_phone(raw, text, start):
            continue
        yield Identifier(start, match.end, PHONE, phonenumbers.format_number(match.number, PhoneNumberFormat.E164))


def _written_as_phone(raw: str, text: str, start: int) -> bool:
    if _DATE_LIKE.match(raw) or _ZIP4.match(raw) or _GROUPED_THOUSANDS.match(raw):
        return False
    if not raw.startswith("+") and not _SEPARATED.search(raw):
        return False  # a bare run of digits
    before = text[max(start - 1, 0) : start]
    if before in ("$", "€", "£", "#", "№") or text[max(start - 2, 0) : start] in ("No", "no"):
        return False
    digits = sum(ch.isdigit() for ch in raw)
    return digits >= 10 or raw.startswith("+")
