"""E-mail (.eml): headers as metadata and as the first lines of the text (names in From/To/Cc
are entities too), the text body (the HTML body converted when there is no text part), and
attachments handed back to be read as documents of their own."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

from bs4.exceptions import ParserRejectedMarkup

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, UnsafeFileError
from nerpipe.ingest.extracted import Extracted, TextBuilder, tidy
from nerpipe.ingest.html import html_to_text
from nerpipe.ingest.names import safe_filename

HEADERS = ("from", "to", "cc", "date", "subject")


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        metadata, unparsed = _headers(message)
        body = _body_text(message)
        attachments = _attachments(message)
    except RecursionError:
        raise UnsafeFileError(
            name, "its MIME parts are nested too deep to read (a message built to exhaust the reader): refused"
        ) from None
    except (ValueError, LookupError, UnicodeError, IndexError, TypeError, ParserRejectedMarkup) as exc:
        raise CorruptFileError(name, f"not a readable e-mail ({type(exc).__name__}: {exc})") from None
    extracted = build_mail_text(metadata, body, attachments, settings)
    extracted.warnings[:0] = [f"the {h.capitalize()} header could not be parsed: kept as written" for h in unparsed]
    return extracted


def _headers(message: EmailMessage) -> tuple[dict[str, str], list[str]]:
    """The shown headers, and those the e-mail package could not parse (its address parser
    fails with AttributeError on some malformed values, "Cc: :;u"): those are kept as written."""
    raw = {key.lower(): value for key, value in reversed(list(message.raw_items()))}
    metadata, unparsed = {}, []
    for header in HEADERS:
        if header not in raw:
            continue
        try:
            value = str(message[header])
        except (AttributeError, ValueError, IndexError, TypeError):
            value = str(raw[header])
            unparsed.append(header)
        metadata[header] = " ".join(value.split())
    return metadata, unparsed


def build_mail_text(
    metadata: dict[str, str], body: str, attachments: list[tuple[str, bytes]], settings: Settings
) -> Extracted:
    """The text of a message: a header block, then the body; shared with the Outlook reader."""
    builder = TextBuilder()
    builder.start_section("headers")
    builder.add("\n".join(f"{h.capitalize()}: {metadata[h]}" for h in HEADERS if metadata.get(h)))
    builder.start_section("body")
    builder.add(body)
    warnings = []
    kept = []
    for filename, payload in attachments:
        if len(payload) > settings.max_file_bytes:
            warnings.append(f"attachment {filename} is over the size limit and was skipped")
        else:
            kept.append((filename, payload))
    return builder.extracted(metadata=metadata, attachments=kept, warnings=warnings)


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        return html_to_text(content)[0]
    return tidy(content)


def _attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    found = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        payload = part.get_payload(decode=True)
        if part.get_content_type() == "message/rfc822" and not payload:
            inner = part.get_payload()
            payload = inner[0].as_bytes() if isinstance(inner, list) and inner else b""
        if not payload:
            continue
        found.append((safe_filename(part.get_filename() or f"attachment-{index}"), payload))
    return found
