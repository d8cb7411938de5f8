"""Bank and crypto accounts: IBANs (country length and mod-97 check, through `schwifty`), Bitcoin
addresses (Base58Check and bech32/bech32m) and Ethereum addresses (EIP-55 when mixed case)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schwifty import IBAN as SchwiftyIBAN
from schwifty.exceptions import SchwiftyException

from nerpipe.identifiers.checksums import base58check_payload, eip55_valid, segwit_address_valid
from nerpipe.identifiers.found import CRYPTO, IBAN, Identifier

# Two letters, two check digits, then 11 to 30 letters or digits, grouped by single spaces or not.
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![\w])")
_BASE58 = re.compile(r"(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])")
_BECH32 = re.compile(r"(?<![\w])(?:bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71})(?![\w])")
_ETHEREUM = re.compile(r"(?<![\w])0x[0-9a-fA-F]{40}(?![\w])")
#: Base58Check version bytes of Bitcoin mainnet addresses: pay-to-pubkey-hash and pay-to-script-hash.
_BITCOIN_VERSIONS = (0x00, 0x05)


def find_ibans(text: str) -> Iterator[Identifier]:
    for match in _IBAN.finditer(text):
        found = _longest_valid_iban(match.group())
        if found is not None:
            written, compact = found
            yield Identifier(match.start(), match.start() + len(written), IBAN, compact)


def _longest_valid_iban(candidate: str) -> tuple[str, str] | None:
    """The longest prefix of `candidate` that is a valid IBAN (a grouped IBAN is often followed by a
    word or number the pattern took as one more group), with its compact form."""
    ends = [len(candidate)] + [i for i in range(len(candidate) - 1, 14, -1) if candidate[i] == " "]
    for end in ends:
        written = candidate[:end].rstrip()
        compact = written.replace(" ", "")
        try:
            return written, SchwiftyIBAN(compact, validate_bban=True).compact
        except (SchwiftyException, ValueError):
            continue
    return None


def find_crypto(text: str) -> Iterator[Identifier]:
    for match in _BASE58.finditer(text):
        payload = base58check_payload(match.group())
        if payload is not None and len(payload) == 21 and payload[0] in _BITCOIN_VERSIONS:
            yield Identifier(match.start(), match.end(), CRYPTO, match.group())
    if "bc1" in text or "BC1" in text:
        for match in _BECH32.finditer(text):
            if segwit_address_valid(match.group()):
                yield Identifier(match.start(), match.end(), CRYPTO, match.group().lower())
    if "0x" in text:
        for match in _ETHEREUM.finditer(text):
            if eip55_valid(match.group()):
                yield Identifier(match.start(), match.end(), CRYPTO, match.group().lower())
