"""What a file really is, from its bytes: magic numbers where the format puts them and container
structure, not its name, and not a marker that merely appears near the start (a note saying "a
PDF starts with %PDF-1.7" is text).

The extension only serves to warn when it disagrees with the content (a `.pdf` that is an HTML
page is read as HTML, with a warning), and to say which format a damaged file fails to be.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import olefile

from nerpipe.errors import CorruptFileError, EncryptedFileError, IngestError, UnsupportedFormatError
from nerpipe.ingest.ole import OLE_ERRORS, open_ole
from nerpipe.ingest.textlike import BINARY, text_problem
from nerpipe.ingest.zipcheck import ZIP_ERRORS

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
ODT = "application/vnd.oasis.opendocument.text"
RTF = "application/rtf"
HTML = "text/html"
EMAIL = "message/rfc822"
MSG = "application/vnd.ms-outlook"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
BMP = "image/bmp"
WEBP = "image/webp"
#: Content that is neither a known format nor text (detection only: it is refused).
_BINARY = "application/octet-stream"
#: Images are read by OCR.
IMAGES = (PNG, JPEG, TIFF, BMP, WEBP)

#: Human names of the formats we read, for messages and the dashboard.
FORMAT_NAMES = {
    PDF: "PDF",
    DOCX: "Word (.docx)",
    DOC: "Word 97-2003 (.doc)",
    ODT: "OpenDocument text (.odt)",
    RTF: "RTF",
    HTML: "HTML",
    EMAIL: "e-mail (.eml)",
    MSG: "Outlook e-mail (.msg)",
    TEXT: "plain text",
    PNG: "PNG image",
    JPEG: "JPEG image",
    TIFF: "TIFF image",
    BMP: "BMP image",
    WEBP: "WebP image",
}

#: The media type each extension promises, to notice an extension that lies.
EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".docm": DOCX,
    ".doc": DOC,
    ".dot": DOC,
    ".odt": ODT,
    ".rtf": RTF,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".eml": EMAIL,
    ".msg": MSG,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".csv": TEXT,
    ".log": TEXT,
    ".tsv": TEXT,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".tif": TIFF,
    ".tiff": TIFF,
    ".bmp": BMP,
    ".webp": WEBP,
}
SUPPORTED_HINT = (
    "upload a PDF, Word (.doc/.docx), ODT, RTF, HTML, e-mail (.eml/.msg), plain-text or image "
    "(PNG, JPEG, TIFF, BMP, WebP) file"
)

_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF8", "a GIF image"),
    (b"RIFF", "an audio or video file"),
    (b"\x00\x00\x00\x18ftyp", "a video file"),
    (b"\x00\x00\x00 ftyp", "a video file"),
    (b"ID3", "an MP3 audio file"),
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "a Linux executable"),
    (b"\xca\xfe\xba\xbe", "a program file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"SQLite format 3", "a database file"),
)
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_MAIL_HEADERS = {
    b"from",
    b"to",
    b"subject",
    b"date",
    b"received",
    b"message-id",
    b"mime-version",
    b"return-path",
    b"delivered-to",
    b"reply-to",
    b"cc",
}
#: An HTML page starts with its markup: an XML declaration, comments, a doctype, then the first
#: element (browsers read pages that start with any of these).
_HTML_START = re.compile(
    rb"\s*(<\?xml[^>]{0,200}\?>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html[^>]{0,300}>\s*(<!--.*?-->\s*)*)?"
    rb"<(!doctype\s+html|html|head|body|meta|title|link|style|script|base|div|p|table|h[1-6]|header|main)\b",
    re.IGNORECASE | re.DOTALL,
)
#: A PDF header with its version, and the first object that follows it.
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
#: Bytes that no text holds: junk before a PDF header (a printer's PJL escape, a broken download).
_NOT_TEXT_BYTE = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Detection:
    media_type: str
    warning: str | None = None


def detect(data: bytes, filename: str) -> Detection:
    """The media type of `data`; refuses, naming the kind, what nerpipe cannot read."""
    media_type = _sniff(data, filename)
    promised = EXTENSIONS.get(PurePath(filename).suffix.lower())
    problem = BINARY if media_type == _BINARY else text_problem(data) if media_type == TEXT else None
    if problem is not None:
        _refuse_as_not_text(filename, promised, problem)
    warning = None
    if promised is not None and promised != media_type:
        warning = (
            f"the name says {FORMAT_NAMES[promised]} but the content is {FORMAT_NAMES[media_type]}: "
            f"read as {FORMAT_NAMES[media_type]}"
        )
    return Detection(media_type, warning)


def _refuse_as_not_text(filename: str, promised: str | None, problem: str) -> None:
    """Content that is no format nerpipe knows and not text either. When the name promises a
    format, the user expects that format: say the file is not a valid one of it."""
    if promised not in (None, TEXT):
        kind = FORMAT_NAMES[promised]
        raise CorruptFileError(
            filename,
            f"the name says {kind} but the content is neither a valid {kind} file nor text: "
            "the file is damaged, or not what its name says",
        )
    if problem == BINARY:
        raise UnsupportedFormatError(filename, f"{BINARY}: {SUPPORTED_HINT}")
    raise UnsupportedFormatError(filename, f"not text: {problem} (an encoded or encrypted file?): {SUPPORTED_HINT}")


def is_plain_text(data: bytes, filename: str) -> bool:
    """Whether the file's start says plain text, from its first bytes alone (no container is
    opened): such a file is read by nerpipe's own decoding, which needs no sandbox."""
    head = data[:2048]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", olefile.MAGIC)):
        return False
    try:
        return _sniff(data, filename) == TEXT
    except IngestError:
        return False


def _sniff(data: bytes, filename: str) -> str:
    """The media type the bytes say, `_BINARY` for content that is neither a format nor text."""
    head = data[:2048]
    if _is_pdf(data):
        return PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_type(data, filename)
    if head.startswith(olefile.MAGIC):
        return _ole_type(data, filename)
    if head.startswith(b"{\\rtf"):
        return RTF
    image = _image_type(head)
    if image:
        return image
    for magic, kind in _REFUSED_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormatError(filename, f"{kind} is not a document nerpipe can read: {SUPPORTED_HINT}")
    if head[257:262] == b"ustar":  # a tar archive's headers are text among NUL padding
        raise UnsupportedFormatError(filename, "a tar archive: unpack it and upload the files inside")
    text_head = _text_head(head)
    if text_head is None:
        return _BINARY
    if _HTML_START.match(text_head):
        return HTML
    if _looks_like_email(text_head):
        return EMAIL
    return TEXT


def _is_pdf(data: bytes) -> bool:
    """%PDF- at the start (after a byte-order mark or white space); or, as PDF readers allow,
    within the first kilobyte behind junk that is not text, or at the start of a line after
    a few lines of headers, when a PDF object follows it. Never in the middle of a text's line."""
    if data[:1024].removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"%PDF-"):
        return True
    header = _PDF_HEADER.search(data, 0, 1024)
    if header is None or not _PDF_OBJECT.search(data, header.end(), header.end() + 4096):
        return False
    before = data[: header.start()]
    return bool(_NOT_TEXT_BYTE.search(before)) or before.endswith((b"\n", b"\r"))


def _image_type(head: bytes) -> str | None:
    """The image formats OCR reads, by their signatures (a BMP by its whole header, as plain
    text may well start with "BM")."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    is_bmp = head.startswith(b"BM") and len(head) >= 18 and head[6:10] == b"\x00\x00\x00\x00"
    if is_bmp and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124):
        return BMP
    return None


def _text_head(head: bytes) -> bytes | None:
    """The start of the file as ASCII-compatible bytes, or None if it cannot be. NUL bytes do not
    make it binary: a text with a damaged head is judged (`text_problem`), and read, as text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        try:
            return head.decode(encoding, errors="ignore").encode("utf-8")
        except UnicodeError:
            return None
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head


def _looks_like_email(head: bytes) -> bool:
    block = head.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = block.split(b"\n")
    names = set()
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(b":", 1)[0].strip().lower())
    return len(names & _MAIL_HEADERS) >= 2 and bool(names & {b"from", b"received", b"message-id", b"return-path"})


def _zip_type(data: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (*ZIP_ERRORS, KeyError) as exc:
        raise CorruptFileError(
            filename,
            f"damaged ZIP container ({type(exc).__name__}: {exc}): the file is corrupt or truncated, export it again",
        ) from None
    if "word/document.xml" in names:
        return DOCX
    if mimetype == b"application/vnd.oasis.opendocument.text" or ("content.xml" in names and not mimetype):
        return ODT
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise UnsupportedFormatError(filename, f"Excel and PowerPoint files are not read yet: {SUPPORTED_HINT}")
    raise UnsupportedFormatError(filename, "a ZIP archive: unpack it and upload the files inside")


def _ole_type(data: bytes, filename: str) -> str:
    """The kind of Office container by its streams. One that lists none of a known kind is damaged
    when olefile found defects in it (a damaged directory lists nothing) or when its name promises
    a .doc or .msg; only an intact one of another kind is "of a kind nerpipe does not read"."""
    try:
        with open_ole(data) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
            defects = [message for _, message in ole.parsing_issues]
    except OLE_ERRORS as exc:
        raise _damaged_container(filename, str(exc)) from None
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise EncryptedFileError(filename, "encrypted — remove the password and upload again")
    if "WordDocument" in streams:
        return DOC
    if "__properties_version1.0" in streams or any(s.startswith("__substg1.0_") for s in streams):
        return MSG
    if "Workbook" in streams or "Book" in streams or "PowerPoint Document" in streams:
        raise UnsupportedFormatError(filename, f"old Excel and PowerPoint files are not read yet: {SUPPORTED_HINT}")
    if defects or not streams:
        raise _damaged_container(filename, defects[0] if defects else "its directory lists no streams")
    promised = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if promised in (DOC, MSG):
        kind = FORMAT_NAMES[promised]
        raise CorruptFileError(
            filename,
            f"the name says {kind} but the Office container holds no {kind} content: the file is damaged, "
            "or not what its name says",
        )
    raise UnsupportedFormatError(filename, f"an Office file of a kind nerpipe does not read: {SUPPORTED_HINT}")


def _damaged_container(filename: str, problem: str) -> CorruptFileError:
    return CorruptFileError(
        filename,
        f"damaged Office container ({problem}): the file is corrupt or truncated, save it again in Word or Outlook",
    )
