"""RTF through striprtf (small, maintained, pure Python)."""

from __future__ import annotations

from striprtf.striprtf import rtf_to_text

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError
from nerpipe.ingest.extracted import Extracted, tidy


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    try:
        text = rtf_to_text(data.decode("cp1252", errors="replace"), errors="replace")
    except Exception as exc:  # striprtf raises plain exceptions on broken groups
        raise CorruptFileError(name, f"not a readable RTF document ({type(exc).__name__}: {exc})") from None
    return Extracted(text=tidy(text))
