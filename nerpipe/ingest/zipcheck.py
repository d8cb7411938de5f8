"""Checks for ZIP-based office files (DOCX, ODT) before any parser inflates them."""

from __future__ import annotations

import io
import zipfile

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, UnsafeFileError

#: Below this inflated size a high compression ratio is harmless (XML compresses very well).
_RATIO_FLOOR_BYTES = 20 * 1024 * 1024
_XML_HEAD_BYTES = 4096


def check_zip(data: bytes, name: str, settings: Settings) -> None:
    """Refuse decompression bombs and XML entity declarations (billion-laughs) up front."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            inflated = sum(member.file_size for member in members)
            if inflated > settings.max_unzipped_bytes or (
                inflated > _RATIO_FLOOR_BYTES and inflated > settings.max_zip_ratio * max(len(data), 1)
            ):
                raise UnsafeFileError(
                    name,
                    f"inflates to {inflated / 1024**2:,.0f} MB from {len(data) / 1024**2:,.1f} MB "
                    "(a decompression bomb): refused",
                )
            for member in members:
                if member.filename.lower().endswith((".xml", ".rels")):
                    with archive.open(member) as stream:
                        head = stream.read(_XML_HEAD_BYTES)
                    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                        raise UnsafeFileError(
                            name,
                            f"{member.filename} declares XML entities, which office files "
                            "never need (an entity-expansion attack): refused",
                        )
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise CorruptFileError(
            name, f"damaged ZIP container ({exc}): the file is corrupt or truncated; save it again"
        ) from None
