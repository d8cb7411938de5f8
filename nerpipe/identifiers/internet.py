"""E-mail addresses (plain and obfuscated), URLs, IP addresses (v4 and v6) and @handles."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from nerpipe.identifiers.found import EMAIL, HANDLE, IP, URL, Identifier

# The local part as people write it: RFC 5322 allows more (/ ' { }...), which in text is punctuation.
_LOCAL = r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"(?<![\w.@]){_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,24}}(?![\w@]|\.[A-Za-z0-9])")
# "name [at] domain [dot] com", "name (at) domain (dot) com", "name{at}domain{dot}com", "name [@] domain [.] com"
_AT = r"\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*"
_DOT = r"\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*"
_OBFUSCATED = re.compile(
    rf"(?<![\w.])([A-Za-z0-9._%+-]+)(?:{_AT})((?:{_LABEL}(?:{_DOT}|\.))+[A-Za-z]{{2,24}})(?!\w)", re.IGNORECASE
)
_SEPARATOR = re.compile(_DOT, re.IGNORECASE)
_URL = re.compile(r"(?<![\w@/])(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"»”’"
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_HANDLE = re.compile(r"(?<![\w@.&/])@([A-Za-z_][A-Za-z0-9_]{1,29}(?:\.[A-Za-z0-9_]+)*)(?![\w@])")


def find_emails(text: str) -> Iterator[Identifier]:
    if "@" in text:
        for match in _EMAIL.finditer(text):
            local, _, domain = match.group().rpartition("@")
            if len(local) <= 64 and len(domain) <= 253:
                yield Identifier(match.start(), match.end(), EMAIL, match.group().lower())
    for match in _OBFUSCATED.finditer(text):
        domain = _SEPARATOR.sub(".", match.group(2))
        local = match.group(1).strip(".")
        if not local or ".." in domain or len(local) > 64:
            continue
        yield Identifier(match.start(), match.end(), EMAIL, f"{local}@{domain}".lower())


def find_urls(text: str) -> Iterator[Identifier]:
    if "://" not in text and "www." not in text.lower():
        return
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        host = url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if "@" in host:
            continue  # "http://name@mail.com" is an e-mail address written as a link: found as one
        if "." not in host.strip(".") and not host.startswith("["):
            continue
        yield Identifier(match.start(), match.start() + len(url), URL, normalise_url(url))


def _trim_url(url: str) -> str:
    """Drop the punctuation a sentence puts after a URL, and a closing bracket the URL never opened."""
    opening = {")": "(", "]": "[", "}": "{"}
    while url and (
        url[-1] in _URL_TRAILING or (url[-1] in opening and url.count(url[-1]) > url.count(opening[url[-1]]))
    ):
        url = url[:-1]
    return url


def normalise_url(url: str) -> str:
    """Scheme and host lower-cased, http:// added to a bare www. address, no trailing slash."""
    if "://" not in url:
        url = "http://" + url
    scheme, rest = url.split("://", 1)
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")


def find_ips(text: str) -> Iterator[Identifier]:
    if "." in text:
        for match in _IPV4.finditer(text):
            parts = match.group().split(".")
            if all(p == "0" or (not p.startswith("0") and int(p) <= 255) for p in parts):
                yield Identifier(match.start(), match.end(), IP, match.group())
    if "::" in text or text.count(":") >= 7:
        for match in _IPV6.finditer(text):
            value = _ipv6(match.group())
            if value is not None:
                yield Identifier(match.start(), match.end(), IP, value)


def _ipv6(candidate: str) -> str | None:
    """The compressed form of a written IPv6 address; None for what only parses as one (a time
    like 10:30:00 has no "::" and too few groups; "::" alone or "a::b" is too bare to be sure)."""
    groups = [g for g in candidate.split(":") if g]
    if len(groups) < 3 and not (len(groups) == 2 and any(len(g) == 4 for g in groups)):
        return None
    if not any(ch.isalpha() for ch in candidate) and "::" not in candidate:
        return None
    try:
        return ipaddress.IPv6Address(candidate).compressed
    except ValueError:
        return None


def find_handles(text: str) -> Iterator[Identifier]:
    if "@" not in text:
        return
    for match in _HANDLE.finditer(text):
        handle = match.group(1).rstrip(".")
        yield Identifier(match.start(), match.start() + 1 + len(handle), HANDLE, "@" + handle.lower())
