"""Turn files into `Document`s. Plain text for now; each format gets its own reader module."""

from __future__ import annotations

import hashlib
from pathlib import Path

from nerpipe.config import Settings
from nerpipe.errors import EmptyFileError, FileNotReadableError, UnsupportedFormatError
from nerpipe.ingest.text import MEDIA_TYPE as TEXT_MEDIA_TYPE
from nerpipe.ingest.text import decode_text
from nerpipe.types import Document

__all__ = ["ingest_bytes", "ingest_path"]


def ingest_bytes(data: bytes, filename: str, settings: Settings) -> Document:
    """Read a file's bytes into a Document; a file that cannot be read raises an IngestError
    naming it."""
    if len(data) > settings.max_file_bytes:
        raise UnsupportedFormatError(
            filename,
            f"file is larger than the {_megabytes(settings.max_file_bytes)} "
            "limit: split it, or raise NERPIPE_MAX_FILE_MB",
        )
    if not data.strip():
        raise EmptyFileError(filename, "the file is empty: nothing to read")
    text, warnings = decode_text(data, filename)
    return Document(
        id=hashlib.sha256(data).hexdigest(),
        filename=filename,
        media_type=TEXT_MEDIA_TYPE,
        text=text,
        warnings=tuple(warnings),
    )


def ingest_path(path: Path, settings: Settings, display_name: str | None = None) -> Document:
    """Read a file from disk; the size limit is checked before the bytes are read."""
    name = display_name or str(path)
    if not path.exists():
        raise FileNotReadableError(name, "no such file")
    if path.is_dir():
        raise FileNotReadableError(name, "is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise UnsupportedFormatError(
                name,
                f"file is larger than the {_megabytes(settings.max_file_bytes)} "
                "limit: split it, or raise NERPIPE_MAX_FILE_MB",
            )
        data = path.read_bytes()
    except PermissionError:
        raise FileNotReadableError(name, "permission denied: check the file's permissions") from None
    except OSError as exc:
        raise FileNotReadableError(name, f"cannot be read ({exc.strerror or exc})") from None
    return ingest_bytes(data, name, settings)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"
