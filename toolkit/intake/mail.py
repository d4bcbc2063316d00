"""Saved mail (.eml, .mbox, .msg) → the attachments inside it, wherever they hide.

Units answer by email; the secretary drops the saved mails into ``inbox/``. A workbook can sit in a
plain attachment, inside a nested multipart, inside a forwarded mail (``message/rfc822``), inside
an embedded Outlook item, or inside a ``winmail.dat`` (TNEF) that Outlook sends to some servers.
This module digs them all out. It never executes anything and never follows links; it only decodes
MIME structure and copies bytes.

File names arrive encoded in many ways (RFC 2047 ``=?utf-8?b?...?=``, RFC 2231 ``filename*=`` with
continuations and charsets such as utf-8 or windows-1258, raw 8-bit UTF-8). They are decoded,
normalised to NFC and stripped of any folder part, so ``../../x.xlsx`` becomes ``x.xlsx``.
"""

from __future__ import annotations

import base64
import binascii
import email
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import Message

from toolkit.intake.mail_text import (
    address,
    clean_id,
    finish,
    first_id,
    header_date,
    header_text,
    last_received,
    message_ids,
    param_head,
    part_filename,
    raw_header,
    safe_filename,
)
from toolkit.intake.mail_tnef import tnef_attachments

__all__ = [
    "Attachment", "Bounce", "MailMessage", "MailError", "is_mail_name", "parse_mail",
    "MAX_MAIL_BYTES",
]

#: Saved mails larger than this are refused (MailError) before any parsing.
MAX_MAIL_BYTES = 100 * 2**20
#: Nesting deeper than this (multipart in multipart in forwarded mail …) is not followed.
MAX_DEPTH = 24
#: At most this many attachments are taken from one message.
MAX_ATTACHMENTS = 2000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIL_SUFFIXES = (".eml", ".msg", ".mbox")


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Bounce:
    """A delivery status notification (a mail sent from here came back): whom it failed to
    reach, and the Message-ID of the mail that was sent, when the report quotes it."""

    recipients: tuple[str, ...]
    original_id: str
    action: str                 # "failed", "delayed", ... ("" when the report does not say)


@dataclass(frozen=True)
class MailMessage:
    sender: str
    sender_name: str
    subject: str
    date: datetime | None                   # the Date header: what the sender's computer said
    message_id: str
    attachments: tuple[Attachment, ...]
    received: datetime | None = None        # the last Received header's time: the server's
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    bounce: Bounce | None = None            # a delivery report: its attachments are not taken


class MailError(Exception):
    """The saved mail could not be read. ``reason`` is a short Vietnamese phrase for people."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_mail_name(name: str) -> bool:
    """True for saved mails (.eml, .msg, .mbox). ``winmail.dat`` alone is not a mail."""
    return name.strip().lower().endswith(_MAIL_SUFFIXES)


def parse_mail(name: str, data: bytes) -> list[MailMessage]:
    """Read a saved mail: ``.eml`` → one message, ``.mbox`` → all in order, ``.msg`` → one.

    The kind is sniffed from the bytes when the extension disagrees (an Outlook file renamed .eml
    is still read as Outlook). Raises :class:`MailError` when nothing can be read.
    """
    data = bytes(data)
    if not data:
        raise MailError("tệp thư rỗng")
    if len(data) > MAX_MAIL_BYTES:
        raise MailError(f"tệp thư quá lớn ({len(data) / 2**20:.0f} MB, giới hạn "
                        f"{MAX_MAIL_BYTES // 2**20} MB)")
    lower = name.strip().lower()
    try:
        if data[:8] == _OLE_MAGIC:
            return [_parse_msg(data)]
        if lower.endswith(".msg") and not _looks_like_rfc822(data):
            raise MailError("không phải tệp thư Outlook (.msg)")
        if lower.endswith(".mbox") or (data.startswith(b"From ") and not lower.endswith(".eml")):
            messages = [_parse_rfc822(raw) for raw in _split_mbox(data)]
            if not messages:
                raise MailError("hộp thư .mbox không có thư nào")
            return messages
        if not _looks_like_rfc822(data):
            raise MailError("không tìm thấy phần tiêu đề của thư")
        return [_parse_rfc822(data)]
    except MailError:
        raise
    except RecursionError:
        raise MailError("cấu trúc thư lồng nhau quá sâu") from None
    except MemoryError:
        raise MailError("thư quá lớn để đọc") from None
    except Exception as exc:  # a hostile or broken file must never stop a batch
        raise MailError(f"thư bị hỏng ({type(exc).__name__})") from exc


# ------------------------------------------------------------------------------ RFC 822 / MIME

_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:", re.M)
_KNOWN_HEADERS = re.compile(
    rb"^(from|to|subject|date|message-id|mime-version|content-type|received|return-path|"
    rb"x-[a-z0-9-]+|reply-to|cc|sender|delivered-to)[ \t]*:", re.I | re.M)


def _looks_like_rfc822(data: bytes) -> bool:
    head = data[:65536]
    if head.startswith(b"From "):
        head = head.split(b"\n", 1)[1] if b"\n" in head else b""
    head = head.lstrip(b"\xef\xbb\xbf\r\n")
    end = re.search(rb"\r?\n\r?\n", head)
    block = head[: end.start()] if end else head
    return bool(_KNOWN_HEADERS.search(block)) and bool(_HEADER_LINE.match(block))


def _parse_rfc822(raw: bytes) -> MailMessage:
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    return _message_from_email(msg, raw)


def _message_from_email(msg: Message, raw: bytes) -> MailMessage:
    sender_name, sender = address(raw_header(msg, "from") or raw_header(msg, "sender"))
    subject = header_text(raw_header(msg, "subject"))
    date = header_date(raw_header(msg, "date"))
    message_id = clean_id(raw_header(msg, "message-id")) or hashlib.sha256(raw).hexdigest()
    found: list[Attachment] = []
    bounce = _bounce(msg, sender)
    if bounce is None:      # a report quotes the mail sent from here, attachments and all
        _collect(msg, found, depth=0)
    return MailMessage(sender=sender, sender_name=sender_name, subject=subject, date=date,
                       message_id=message_id, attachments=tuple(found),
                       received=last_received(msg.get_all("received") or []),
                       in_reply_to=first_id(raw_header(msg, "in-reply-to")),
                       references=message_ids(raw_header(msg, "references")), bounce=bounce)


_BOUNCE_SENDERS = ("mailer-daemon@", "postmaster@")
_FINAL_RECIPIENT = re.compile(r"(?im)^(?:final|original)-recipient:\s*[^;\r\n]*;\s*<?([^\s<>]+)")
_ACTION = re.compile(r"(?im)^action:\s*([a-z]+)")
_HEADER_ID = re.compile(r"(?im)^message-id:\s*(<[^<>\s]+>)")


def _bounce(msg: Message, sender: str) -> Bounce | None:
    """The delivery report this mail is (multipart/report; report-type=delivery-status, or a
    mailer-daemon's mail carrying message/delivery-status), else None."""
    report = (msg.get_content_type() == "multipart/report"
              and str(msg.get_param("report-type") or "").lower() == "delivery-status")
    parts = list(_walk(msg, 0))
    if not report and not (sender.startswith(_BOUNCE_SENDERS) and any(
            p.get_content_type() == "message/delivery-status" for p in parts)):
        return None
    recipients: list[str] = []
    actions: list[str] = []
    original = ""
    for part in parts:
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            text = _status_text(part)
            recipients += [r.lower() for r in _FINAL_RECIPIENT.findall(text)]
            actions += [a.lower() for a in _ACTION.findall(text)]
        elif ctype == "message/rfc822" and not original:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                original = clean_id(raw_header(inner[0], "message-id"))
        elif ctype == "text/rfc822-headers" and not original:
            found = _HEADER_ID.search(_part_text(part))
            original = found.group(1) if found else ""
    return Bounce(tuple(dict.fromkeys(recipients)), original, actions[0] if actions else "")


def _walk(part: Message, depth: int):
    """Every part under ``part`` (itself included), depth-bounded, not inside quoted mails."""
    yield part
    if depth >= MAX_DEPTH or not part.is_multipart() or part.get_content_type() == "message/rfc822":
        return
    payload = part.get_payload()
    for sub in payload if isinstance(payload, list) else ():
        if isinstance(sub, Message):
            yield from _walk(sub, depth + 1)


def _part_text(part: Message) -> str:
    """A leaf part's text, decoded as UTF-8 (replacing what is not), for matching."""
    try:
        payload = part.get_payload(decode=True)
        if payload is None:
            payload = str(part.get_payload()).encode("utf-8", "replace")
        return payload.decode("utf-8", "replace")
    except Exception:
        return ""


def _status_text(part: Message) -> str:
    """The fields of a message/delivery-status part as text: the parser keeps each group of
    fields (per message, per recipient) as a header-only sub-message."""
    payload = part.get_payload()
    if not isinstance(payload, list):
        return _part_text(part)
    return "\n".join(f"{key}: {value}" for block in payload if isinstance(block, Message)
                     for key, value in block.items())


def _collect(part: Message, out: list[Attachment], depth: int) -> None:
    """Walk the MIME tree (depth-bounded) and append every attachment found."""
    if depth > MAX_DEPTH or len(out) >= MAX_ATTACHMENTS:
        return
    ctype = part.get_content_type()
    if ctype == "message/rfc822" or (part.is_multipart() and ctype.startswith("message/")):
        for inner in _forwarded_messages(part):
            _collect(inner, out, depth + 1)
        return
    if part.is_multipart():
        payload = part.get_payload()
        if isinstance(payload, list):
            for sub in payload:
                if isinstance(sub, Message):
                    _collect(sub, out, depth + 1)
        return
    if ctype == "application/applefile":
        return  # the Mac resource fork of an AppleDouble pair; the data fork follows
    filename = part_filename(part)
    disposition = (param_head(raw_header(part, "content-disposition")) or "").lower()
    maintype = part.get_content_maintype()
    if filename is None:
        if disposition != "attachment" and maintype != "application":
            return  # a body (text/plain, text/html) or a decorative inline image
    data = part.get_payload(decode=True)
    if data is None:
        data = b""
    if ctype in ("application/ms-tnef", "application/vnd.ms-tnef") or (
            filename or "").strip().lower() == "winmail.dat":
        extracted = tnef_attachments(data)
        if extracted:
            for fname, blob in extracted[:MAX_ATTACHMENTS - len(out)]:
                out.append(Attachment(safe_filename(fname, f"tep-dinh-kem-{len(out) + 1}.bin"),
                                      blob))
            return
    fallback = f"tep-dinh-kem-{len(out) + 1}{_EXTENSIONS.get(ctype, '.bin')}"
    _add_file(out, safe_filename(filename or "", fallback), data, depth)


def _add_file(out: list[Attachment], name: str, data: bytes, depth: int) -> None:
    """Keep a file; a saved mail attached as a plain file (.eml, .msg) is opened too."""
    out.append(Attachment(name, data))
    if depth >= MAX_DEPTH or not data:
        return
    lower = name.lower()
    try:
        if lower.endswith(".msg") and data[:8] == _OLE_MAGIC:
            out.extend(_parse_msg(data).attachments[:MAX_ATTACHMENTS - len(out)])
        elif lower.endswith(".eml") and _looks_like_rfc822(data):
            _collect(email.message_from_bytes(data, policy=policy.compat32), out, depth + 1)
    except Exception:  # the attached mail itself is kept; its inside could not be read
        pass


def _forwarded_messages(part: Message) -> list[Message]:
    """The message(s) inside a message/rfc822 part, also when wrongly base64-encoded."""
    payload = part.get_payload()
    inner = [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []
    cte = (part.get("content-transfer-encoding") or "").strip().lower()
    if cte in ("base64", "quoted-printable") and inner:
        # Non-conforming senders encode the forwarded mail; the parser then sees garbage
        # headers. Decode the body ourselves and parse again.
        try:
            text = inner[0].as_bytes()
            if cte == "base64":
                decoded = base64.b64decode(re.sub(rb"[^A-Za-z0-9+/=]", b"", text) + b"==",
                                           validate=False)
            else:
                import quopri
                decoded = quopri.decodestring(text)
            if _looks_like_rfc822(decoded):
                return [email.message_from_bytes(decoded, policy=policy.compat32)]
        except (binascii.Error, ValueError, TypeError):
            pass
    return inner


_EXTENSIONS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "message/rfc822": ".eml",
    "text/csv": ".csv",
    "text/plain": ".txt",
    "text/html": ".html",
}


# ------------------------------------------------------------------------------ mbox

_FROM_LINE = re.compile(rb"^From (?:\S+ )?.*?\d", re.S)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.M)


def _split_mbox(data: bytes) -> list[bytes]:
    """Split an mbox into raw messages (the ``From `` separator line removed, >From unescaped)."""
    data = data.lstrip(b"\xef\xbb\xbf")
    lines = data.splitlines(keepends=True)
    messages: list[list[bytes]] = []
    current: list[bytes] | None = None
    prev_blank = True
    for line in lines:
        if line.startswith(b"From ") and (prev_blank or current is None
                                          or _FROM_LINE.match(line)):
            current = []
            messages.append(current)
        elif current is not None:
            current.append(line)
        elif line.strip():
            # Content before the first separator: treat the whole file as one message.
            current = [line]
            messages.append(current)
        prev_blank = not line.strip()
    out = []
    for msg_lines in messages:
        raw = b"".join(msg_lines)
        raw = _ESCAPED_FROM.sub(rb"\1", raw)
        if raw.strip():
            out.append(raw)
    return out


# ------------------------------------------------------------------------------ Outlook .msg

def _parse_msg(data: bytes) -> MailMessage:
    try:
        import extract_msg  # heavy import: only when an Outlook file shows up
        from extract_msg.enums import ErrorBehavior
    except ImportError:  # pragma: no cover - dependency declared in pyproject
        raise MailError("thiếu thư viện extract-msg để đọc tệp .msg") from None
    import logging
    logging.getLogger("extract_msg").setLevel(logging.ERROR)
    try:
        msg = extract_msg.openMsg(data, errorBehavior=ErrorBehavior.SUPPRESS_ALL, strict=False)
    except Exception as exc:
        raise MailError(f"tệp .msg bị hỏng hoặc không phải thư Outlook ({type(exc).__name__})"
                        ) from exc
    try:
        return _message_from_msg(msg, data)
    finally:
        try:
            msg.close()
        except Exception:
            pass


def _safe_attr(obj, name: str):
    try:
        return getattr(obj, name)
    except Exception:
        return None


def _message_from_msg(msg, data: bytes) -> MailMessage:
    header = _safe_attr(msg, "header")
    get = (lambda k: header.get(k)) if header is not None else (lambda k: None)
    sender_name, sender = address(_str_or_none(get("from")))
    if "@" not in sender:
        name2, addr2 = address(_str_or_none(_safe_attr(msg, "sender")))
        sender_name = sender_name or name2
        sender = addr2
    if "@" not in sender:
        for stream in ("__substg1.0_5D01", "__substg1.0_0C1F", "__substg1.0_0065",
                       "__substg1.0_5D02"):
            try:
                value = msg.getStringStream(stream)
            except Exception:
                value = None
            if value and "@" in value:
                sender = value.strip().lower()
                break
    if not sender_name:
        try:
            sender_name = finish(msg.getStringStream("__substg1.0_0C1A") or "")
        except Exception:
            sender_name = ""
    subject = _safe_attr(msg, "subject")
    subject = finish(subject) if subject else header_text(_str_or_none(get("subject")))
    date = header_date(_str_or_none(get("date")))
    if date is None:
        value = _safe_attr(msg, "date")
        if isinstance(value, datetime):
            date = value if value.tzinfo else value.replace(tzinfo=UTC)
    message_id = clean_id(_str_or_none(get("message-id"))) or clean_id(
        _safe_attr(msg, "messageId")) or hashlib.sha256(data).hexdigest()
    found: list[Attachment] = []
    _collect_msg(msg, found, depth=0)
    try:
        received = last_received(header.get_all("received") or []) if header is not None \
            else None
    except Exception:
        received = None
    return MailMessage(sender=sender, sender_name=sender_name, subject=subject, date=date,
                       message_id=message_id, attachments=tuple(found), received=received,
                       in_reply_to=first_id(_str_or_none(get("in-reply-to"))),
                       references=message_ids(_str_or_none(get("references"))))


def _str_or_none(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _collect_msg(msg, out: list[Attachment], depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    attachments = _safe_attr(msg, "attachments") or []
    for att in attachments:
        if len(out) >= MAX_ATTACHMENTS:
            return
        data = _safe_attr(att, "data")
        if data is None:
            continue
        if isinstance(data, (bytes, bytearray)):
            name = ""
            for attr in ("longFilename", "shortFilename", "displayName", "name"):
                value = _safe_attr(att, attr)
                if value:
                    name = str(value)
                    break
            blob = bytes(data)
            if name.strip().lower() == "winmail.dat":
                extracted = tnef_attachments(blob)
                if extracted:
                    for fname, inner in extracted:
                        out.append(Attachment(
                            safe_filename(fname, f"tep-dinh-kem-{len(out) + 1}.bin"), inner))
                    continue
            _add_file(out, safe_filename(name, f"tep-dinh-kem-{len(out) + 1}.bin"), blob,
                      depth + 1)
        elif hasattr(data, "attachments"):  # an embedded Outlook item (attached .msg)
            _collect_msg(data, out, depth + 1)
        elif isinstance(data, Message):  # a signed message's embedded mail
            _collect(data, out, depth + 1)
