"""Outlook .msg through extract-msg (maintained, pure Python over olefile)."""

from __future__ import annotations

import io

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, EncryptedFileError, IngestError
from nerpipe.ingest.extracted import Extracted, tidy
from nerpipe.ingest.html import html_to_text
from nerpipe.ingest.mail import build_mail_text
from nerpipe.ingest.names import safe_filename


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    import extract_msg
    from extract_msg.exceptions import ExMsgBaseException

    # extract-msg reads lazily: a damaged stream fails when a property is first asked for, so
    # everything the message gives is taken inside the same `try`. Bytes go in a file-like
    # object: olefile takes short bytes for a path.
    try:
        with extract_msg.openMsg(io.BytesIO(data), delayAttachments=False) as message:
            metadata, body, attachments = _contents(message)
    except IngestError:
        raise
    except ExMsgBaseException as exc:
        if "encrypt" in str(exc).lower():
            raise EncryptedFileError(name, "encrypted — remove the password and upload again") from None
        raise CorruptFileError(name, f"not a readable Outlook message ({exc})") from None
    except Exception as exc:  # olefile and extract-msg raise many types on damaged files
        raise CorruptFileError(name, f"not a readable Outlook message ({type(exc).__name__}: {exc})") from None
    return build_mail_text(metadata, tidy(body), attachments, settings)


def _contents(message) -> tuple[dict[str, str], str, list[tuple[str, bytes]]]:  # an extract_msg.MSGFile
    metadata = {
        "from": message.sender,
        "to": message.to,
        "cc": message.cc,
        "date": message.date.isoformat() if hasattr(message.date, "isoformat") else message.date,
        "subject": message.subject,
    }
    metadata = {k: " ".join(str(v).split()) for k, v in metadata.items() if v}
    body = message.body or ""
    if not body.strip() and message.htmlBody:
        html = message.htmlBody
        body = html_to_text(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html)[0]
    attachments = []
    for index, attachment in enumerate(message.attachments, start=1):
        payload = attachment.data
        if isinstance(payload, bytes) and payload:
            filename = attachment.longFilename or attachment.shortFilename or f"attachment-{index}"
            attachments.append((safe_filename(filename), payload))
    return metadata, body, attachments
