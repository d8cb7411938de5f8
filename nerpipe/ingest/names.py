"""Filenames from uploads and e-mail attachments are untrusted: make them safe to show and store.

The name stays the one the user gave: it is shown (escaped) and exported, never used as a path by
nerpipe. Only what no display can hold is removed: control characters, and the folders of a path
(a command line's "case/report.pdf", an attachment's "C:\\Users\\cop\\notes.txt").
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SEPARATOR = re.compile(r"[\\/]")
#: Characters no folder name holds on Windows, and that no one puts in one elsewhere: a "/" after
#: them is part of the file's name ("<b>x</b>.txt"), not a folder separator.
_NOT_IN_FOLDERS = re.compile(r'[<>"|?*]')


def safe_filename(name: str | None) -> str:
    """A display name with no folders, no control characters and a bounded length."""
    name = unicodedata.normalize("NFC", name or "")
    name = _UNSAFE.sub("", name)
    name = _without_folders(name).strip().strip(".").strip()
    if not name:
        return "unnamed"
    if len(name) > MAX_NAME_CHARS:
        _, dot, suffix = name.rpartition(".")
        keep = suffix if dot and len(suffix) <= 10 else ""
        name = name[: MAX_NAME_CHARS - len(keep) - 2] + "…" + ("." + keep if keep else "")
    return name


def _without_folders(name: str) -> str:
    """The part after the last folder separator that follows a plausible folder path."""
    cut = 0
    for match in _SEPARATOR.finditer(name):
        if _NOT_IN_FOLDERS.search(name, 0, match.start()):
            break
        cut = match.end()
    return name[cut:]
