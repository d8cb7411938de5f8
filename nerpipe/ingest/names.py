"""Filenames from uploads and e-mail attachments are untrusted: make them safe to show and store."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_filename(name: str | None) -> str:
    """A display name with no path, no control characters and a bounded length. It is never used
    as a path by nerpipe; this also keeps logs, CSV exports and the dashboard clean."""
    name = unicodedata.normalize("NFC", name or "")
    name = _UNSAFE.sub("", name)
    name = re.split(r"[\\/]", name)[-1].strip().strip(".").strip()
    if not name:
        return "unnamed"
    if len(name) > MAX_NAME_CHARS:
        _, dot, suffix = name.rpartition(".")
        keep = suffix if dot and len(suffix) <= 10 else ""
        name = name[: MAX_NAME_CHARS - len(keep) - 2] + "…" + ("." + keep if keep else "")
    return name
