"""Check digits of the identifiers nerpipe finds: a candidate that fails its checksum is not one.

Plain functions on strings, no third-party code: Luhn (payment cards), Base58Check and bech32 /
bech32m (Bitcoin addresses), Keccak-256 for the EIP-55 mixed-case checksum of Ethereum addresses.
"""

from __future__ import annotations

import hashlib

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONSTANT, _BECH32M_CONSTANT = 1, 0x2BC830A3


def luhn_valid(digits: str) -> bool:
    """The Luhn check of a string of digits.

    >>> luhn_valid("4111111111111111"), luhn_valid("4111111111111112")
    (True, False)
    """
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def base58check_payload(address: str) -> bytes | None:
    """The payload (version byte first) of a Base58Check string, or None when the string is not
    Base58 or its four check bytes do not match."""
    number = 0
    for char in address:
        index = _BASE58.find(char)
        if index < 0:
            return None
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_zeros = len(address) - len(address.lstrip("1"))
    raw = b"\x00" * leading_zeros + body
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    return payload if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == check else None


def _bech32_polymod(values: list[int]) -> int:
    generators = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(generators):
            if (top >> i) & 1:
                checksum ^= generator
    return checksum


def segwit_address_valid(address: str, hrp: str = "bc") -> bool:
    """A bech32 (witness v0) or bech32m (v1+) segwit address with human-readable part `hrp`,
    checksum, witness version and program length all valid (BIP 173 and BIP 350)."""
    if address.lower() != address and address.upper() != address:
        return False
    address = address.lower()
    separator = address.rfind("1")
    if address[:separator] != hrp or len(address) > 90 or len(address) - separator < 7:
        return False
    try:
        data = [_BECH32.index(char) for char in address[separator + 1 :]]
    except ValueError:
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    constant = _bech32_polymod(expanded + data)
    version = data[0]
    if version > 16 or constant != (_BECH32_CONSTANT if version == 0 else _BECH32M_CONSTANT):
        return False
    program = _regroup(data[1:-6])
    if program is None or not 2 <= len(program) <= 40:
        return False
    return version != 0 or len(program) in (20, 32)


def _regroup(data: list[int]) -> list[int] | None:
    """5-bit groups to bytes, refusing leftover bits that are not zero padding."""
    accumulator, bits, out = 0, 0, []
    for value in data:
        accumulator = (accumulator << 5) | value
        bits += 5
        while bits >= 8:
            bits -= 8
            out.append((accumulator >> bits) & 0xFF)
    if bits >= 5 or (accumulator << (8 - bits)) & 0xFF:
        return None
    return out


_KECCAK_ROUNDS = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)  # fmt: skip
_ROTATIONS = (
    (0, 36, 3, 41, 18),
    (1, 44, 10, 45, 2),
    (62, 6, 43, 15, 61),
    (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)
_MASK = (1 << 64) - 1


def _rotate(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK if shift else value


def _keccak_f(state: list[list[int]]) -> None:
    for constant in _KECCAK_ROUNDS:
        columns = [state[x][0] ^ state[x][1] ^ state[x][2] ^ state[x][3] ^ state[x][4] for x in range(5)]
        for x in range(5):
            d = columns[(x - 1) % 5] ^ _rotate(columns[(x + 1) % 5], 1)
            for y in range(5):
                state[x][y] ^= d
        moved = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                moved[y][(2 * x + 3 * y) % 5] = _rotate(state[x][y], _ROTATIONS[x][y])
        for x in range(5):
            for y in range(5):
                state[x][y] = moved[x][y] ^ (~moved[(x + 1) % 5][y] & moved[(x + 2) % 5][y])
        state[0][0] ^= constant


def keccak256(data: bytes) -> bytes:
    """Keccak-256 as Ethereum uses it (the original padding, not SHA3-256's: hashlib has only
    the latter).

    >>> keccak256(b"").hex()[:16]
    'c5d2460186f7233c'
    """
    rate = 136
    padded = bytearray(data) + b"\x01" + b"\x00" * ((-len(data) - 1) % rate)
    padded[-1] |= 0x80
    state = [[0] * 5 for _ in range(5)]
    for block in range(0, len(padded), rate):
        for i in range(rate // 8):
            lane = int.from_bytes(padded[block + 8 * i : block + 8 * i + 8], "little")
            state[i % 5][i // 5] ^= lane
        _keccak_f(state)
    out = b"".join(state[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def eip55_valid(address: str) -> bool:
    """An Ethereum address (0x + 40 hex digits): all one case, or mixed case that matches its
    EIP-55 checksum."""
    digits = address[2:]
    if digits.lower() == digits or digits.upper() == digits:
        return True
    digest = keccak256(digits.lower().encode()).hex()
    return all(char.isdigit() or (char.isupper() == (int(digest[i], 16) >= 8)) for i, char in enumerate(digits))
