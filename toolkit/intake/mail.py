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
import struct
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from urllib.parse import unquote_to_bytes

__all__ = [
    "Attachment", "MailMessage", "MailError", "is_mail_name", "parse_mail",
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
class MailMessage:
    sender: str
    sender_name: str
    subject: str
    date: datetime | None
    message_id: str
    attachments: tuple[Attachment, ...]


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
    sender_name, sender = _address(_raw_header(msg, "from") or _raw_header(msg, "sender"))
    subject = _text(_raw_header(msg, "subject"))
    date = _date(_raw_header(msg, "date"))
    message_id = _clean_id(_raw_header(msg, "message-id")) or hashlib.sha256(raw).hexdigest()
    found: list[Attachment] = []
    _collect(msg, found, depth=0)
    return MailMessage(sender=sender, sender_name=sender_name, subject=subject, date=date,
                       message_id=message_id, attachments=tuple(found))


def _raw_header(msg: Message, name: str) -> str | None:
    """The header's value as stored (surrogate-escaped 8-bit kept), first occurrence."""
    for key, value in msg.raw_items():
        if key.lower() == name:
            return value if isinstance(value, str) else str(value)
    return None


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
    filename = _part_filename(part)
    disposition = (_param_head(_raw_header(part, "content-disposition")) or "").lower()
    maintype = part.get_content_maintype()
    if filename is None:
        if disposition != "attachment" and maintype != "application":
            return  # a body (text/plain, text/html) or a decorative inline image
    data = part.get_payload(decode=True)
    if data is None:
        data = b""
    if ctype in ("application/ms-tnef", "application/vnd.ms-tnef") or (
            filename or "").strip().lower() == "winmail.dat":
        extracted = _tnef_attachments(data)
        if extracted:
            for fname, blob in extracted[:MAX_ATTACHMENTS - len(out)]:
                out.append(Attachment(_safe_filename(fname, f"tep-dinh-kem-{len(out) + 1}.bin"),
                                      blob))
            return
    fallback = f"tep-dinh-kem-{len(out) + 1}{_EXTENSIONS.get(ctype, '.bin')}"
    _add_file(out, _safe_filename(filename or "", fallback), data, depth)


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


# ------------------------------------------------------------------------------ header decoding

def _unsurrogate(value: str) -> str:
    """Undo the parser's surrogate escapes of raw 8-bit header bytes (UTF-8, else windows-1258)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    return _decode_bytes(raw, None)


def _decode_bytes(raw: bytes, charset: str | None) -> str:
    cs = (charset or "").strip().strip('"').lower()
    if cs and cs not in ("unknown-8bit", "x-unknown", "unknown"):
        try:
            return raw.decode(cs)
        except LookupError:
            pass
        except UnicodeDecodeError:
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return raw.decode(cs, errors="replace")
    for enc in ("utf-8", "cp1258"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


_FOLD = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str | Header | None) -> str:
    """Decode an unstructured header (RFC 2047 words, raw 8-bit) to NFC text on one line."""
    if value is None:
        return ""
    if isinstance(value, Header):
        parts = decode_header(value)
    else:
        value = _FOLD.sub("", _unsurrogate(str(value)))
        if "=?" not in value:
            return _finish(value)
        try:
            parts = decode_header(value)
        except Exception:
            return _finish(value)
    pieces = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            pieces.append(chunk)
        elif charset is None:
            # decode_header hands back unencoded runs as raw-unicode-escape bytes.
            try:
                pieces.append(chunk.decode("raw-unicode-escape"))
            except UnicodeDecodeError:
                pieces.append(_decode_bytes(chunk, None))
        else:
            pieces.append(_decode_bytes(chunk, charset))
    return _finish("".join(pieces))


def _finish(text: str) -> str:
    text = _CONTROL.sub(" ", text.replace("\r", "").replace("\n", " "))
    return unicodedata.normalize("NFC", re.sub(r"[ \t]{2,}", " ", text).strip())


def _address(value: str | None) -> tuple[str, str]:
    """(display name, lowercased address) of a From header."""
    if not value:
        return "", ""
    value = _FOLD.sub("", _unsurrogate(str(value)))
    pairs = getaddresses([value])
    for name, addr in pairs:
        if addr and "@" in addr:
            return _text(name), addr.strip().strip("<>").lower()
    name, addr = pairs[0] if pairs else ("", "")
    return _text(name), addr.strip().lower()


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(_FOLD.sub("", _unsurrogate(str(value))).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def _clean_id(value: str | None) -> str:
    if not value:
        return ""
    return re.sub(r"\s+", "", _unsurrogate(str(value)))


# ------------------------------------------------------------------------------ file names

_PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.S)
_SECTION = re.compile(r"^(?P<name>[^*]+)(?:\*(?P<num>\d+))?(?P<ext>\*)?$")


def _param_head(header_value: str | None) -> str:
    """The main value of a structured header (``attachment`` in ``attachment; filename=…``)."""
    if not header_value:
        return ""
    return _unsurrogate(header_value).split(";", 1)[0].strip().strip('"')


def _part_filename(part: Message) -> str | None:
    for header, key in (("content-disposition", "filename"), ("content-type", "name")):
        raw = _raw_header(part, header)
        if raw:
            value = _param(raw, key)
            if value:
                return value
    return None


def _param(header_value: str, key: str) -> str | None:
    """One MIME parameter, RFC 2231 (charset, continuations) preferred over the plain form."""
    value = _FOLD.sub("", _unsurrogate(header_value)).replace("\r", "").replace("\n", " ")
    plain: str | None = None
    extended: str | None = None
    sections: dict[int, tuple[bool, str]] = {}
    params = (";" + value.split(";", 1)[1]) if ";" in value else ""
    for m in _PARAM.finditer(params):
        sec = _SECTION.match(m.group(1).lower())
        if not sec or sec.group("name") != key:
            continue
        text = m.group(2).strip()
        if text.startswith('"'):
            text = re.sub(r"\\(.)", r"\1", text[1:-1] if text.endswith('"') and len(text) > 1
                          else text[1:])
        num, is_ext = sec.group("num"), bool(sec.group("ext"))
        if num is None and not is_ext:
            if plain is None:
                plain = text
        elif num is None:
            extended = text
        elif len(sections) < 100:
            sections.setdefault(int(num), (is_ext, text))
    if sections:
        extended_value = _join_sections(sections)
        if extended_value:
            return extended_value
    if extended is not None:
        decoded = _decode_2231(extended)
        if decoded:
            return decoded
    if plain is not None:
        return _text(plain) if "=?" in plain else _finish(plain)
    return None


def _decode_2231(text: str) -> str:
    charset, raw = _split_2231(text)
    return _finish(_decode_bytes(raw, charset))


def _split_2231(text: str) -> tuple[str | None, bytes]:
    parts = text.split("'", 2)
    if len(parts) == 3:
        charset, _lang, encoded = parts
    else:
        charset, encoded = None, text
    return (charset or None), unquote_to_bytes(encoded)


def _join_sections(sections: dict[int, tuple[bool, str]]) -> str:
    charset: str | None = None
    blob = bytearray()
    for i, num in enumerate(sorted(sections)):
        is_ext, text = sections[num]
        if is_ext:
            if i == 0:
                charset, raw = _split_2231(text)
            else:
                raw = unquote_to_bytes(text)
        else:
            raw = text.encode("utf-8", "surrogateescape")
        blob += raw
    decoded = _finish(_decode_bytes(bytes(blob), charset))
    return _text(decoded) if "=?" in decoded else decoded


_WINDOWS_BAD = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def _safe_filename(name: str, fallback: str) -> str:
    """NFC, no folders, no characters Windows refuses; ``fallback`` when nothing is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _WINDOWS_BAD.sub("_", name).strip().rstrip(". ")
    if not name or set(name) <= {"_", "."}:
        return fallback
    stem, dot, ext = name.rpartition(".")
    if (stem if dot else name).lower() in _RESERVED:
        name = "_" + name
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:200]
    return name


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
    sender_name, sender = _address(_str_or_none(get("from")))
    if "@" not in sender:
        name2, addr2 = _address(_str_or_none(_safe_attr(msg, "sender")))
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
            sender_name = _finish(msg.getStringStream("__substg1.0_0C1A") or "")
        except Exception:
            sender_name = ""
    subject = _safe_attr(msg, "subject")
    subject = _finish(subject) if subject else _text(_str_or_none(get("subject")))
    date = _date(_str_or_none(get("date")))
    if date is None:
        value = _safe_attr(msg, "date")
        if isinstance(value, datetime):
            date = value if value.tzinfo else value.replace(tzinfo=UTC)
    message_id = _clean_id(_str_or_none(get("message-id"))) or _clean_id(
        _safe_attr(msg, "messageId")) or hashlib.sha256(data).hexdigest()
    found: list[Attachment] = []
    _collect_msg(msg, found, depth=0)
    return MailMessage(sender=sender, sender_name=sender_name, subject=subject, date=date,
                       message_id=message_id, attachments=tuple(found))


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
                extracted = _tnef_attachments(blob)
                if extracted:
                    for fname, inner in extracted:
                        out.append(Attachment(
                            _safe_filename(fname, f"tep-dinh-kem-{len(out) + 1}.bin"), inner))
                    continue
            _add_file(out, _safe_filename(name, f"tep-dinh-kem-{len(out) + 1}.bin"), blob,
                      depth + 1)
        elif hasattr(data, "attachments"):  # an embedded Outlook item (attached .msg)
            _collect_msg(data, out, depth + 1)
        elif isinstance(data, Message):  # a signed message's embedded mail
            _collect(data, out, depth + 1)


# ------------------------------------------------------------------------------ TNEF (winmail.dat)

_TNEF_SIGNATURE = 0x223E9F78
_ATT_RENDDATA = 0x00069002     # starts a new attachment
_ATT_TITLE = 0x00018010        # attAttachTitle (8-bit, often the 8.3 name)
_ATT_DATA = 0x0006800F         # attAttachData
_ATT_MAPI = 0x00069005         # attAttachment: MAPI properties (long file name)
_ATT_OEM_CODEPAGE = 0x00069007
_PR_ATTACH_LONG_FILENAME = 0x3707
_PR_ATTACH_FILENAME = 0x3704
_PR_DISPLAY_NAME = 0x3001
_PR_ATTACH_DATA = 0x3701


def _tnef_attachments(data: bytes) -> list[tuple[str, bytes]]:
    """Files inside a TNEF stream (winmail.dat). Returns [] when it is not TNEF or holds none."""
    if len(data) < 6 or struct.unpack_from("<I", data, 0)[0] != _TNEF_SIGNATURE:
        return []
    pos, end = 6, len(data)
    codepage = "cp1252"
    items: list[dict] = []
    current: dict | None = None
    while pos + 9 <= end:
        level = data[pos]
        attr, length = struct.unpack_from("<II", data, pos + 1)
        start = pos + 9
        stop = start + length
        if stop > end:
            break
        pos = stop + 2  # a 16-bit checksum follows each attribute
        if attr == _ATT_OEM_CODEPAGE and length >= 4:
            codepage = f"cp{struct.unpack_from('<I', data, start)[0]}"
        elif attr == _ATT_RENDDATA:
            current = {"title": None, "long": None, "data": None}
            items.append(current)
        elif level == 2:
            if current is None:
                current = {"title": None, "long": None, "data": None}
                items.append(current)
            if attr == _ATT_TITLE:
                current["title"] = _decode_bytes(data[start:stop].split(b"\0", 1)[0], codepage)
            elif attr == _ATT_DATA:
                current["data"] = data[start:stop]
            elif attr == _ATT_MAPI:
                props = _mapi_props(data[start:stop], codepage)
                for prop in (_PR_ATTACH_LONG_FILENAME, _PR_ATTACH_FILENAME, _PR_DISPLAY_NAME):
                    if isinstance(props.get(prop), str) and props[prop]:
                        current["long"] = current["long"] or props[prop]
                if current["data"] is None and isinstance(props.get(_PR_ATTACH_DATA), bytes):
                    current["data"] = props[_PR_ATTACH_DATA]
    out = []
    for n, item in enumerate(items, 1):
        if item["data"] is None:
            continue
        out.append((item["long"] or item["title"] or f"tep-dinh-kem-{n}.bin", item["data"]))
    return out


_FIXED_SIZES = {0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8,
                0x000A: 4, 0x000B: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16}
_VARIABLE = {0x001E, 0x001F, 0x0102, 0x000D}


def _mapi_props(block: bytes, codepage: str) -> dict[int, object]:
    """Decode the string and binary values of a TNEF MAPI property block (best effort)."""
    props: dict[int, object] = {}
    try:
        count = struct.unpack_from("<I", block, 0)[0]
        pos = 4
        for _ in range(min(count, 4096)):
            ptype, pid = struct.unpack_from("<HH", block, pos)
            pos += 4
            if pid >= 0x8000:  # named property: GUID, kind, then id or name
                pos += 16
                kind = struct.unpack_from("<I", block, pos)[0]
                pos += 4
                if kind == 0:
                    pos += 4
                else:
                    nlen = struct.unpack_from("<I", block, pos)[0]
                    pos += 4 + ((nlen + 3) & ~3)
            multi = bool(ptype & 0x1000)
            base = ptype & ~0x1000
            if base in _VARIABLE:
                n = struct.unpack_from("<I", block, pos)[0]
                pos += 4
                values = []
                for _ in range(min(n, 4096)):
                    size = struct.unpack_from("<I", block, pos)[0]
                    pos += 4
                    raw = block[pos:pos + size]
                    if len(raw) != size:
                        return props
                    pos += (size + 3) & ~3
                    if base == 0x001F:
                        values.append(raw.decode("utf-16-le", "replace").split("\0", 1)[0])
                    elif base == 0x001E:
                        values.append(_decode_bytes(raw.split(b"\0", 1)[0], codepage))
                    elif base == 0x000D:
                        values.append(raw[16:])  # an IID precedes embedded object data
                    else:
                        values.append(raw)
                if values and not multi:
                    props[pid] = values[0]
            elif base in _FIXED_SIZES:
                size = _FIXED_SIZES[base]
                if multi:
                    n = struct.unpack_from("<I", block, pos)[0]
                    pos += 4 + n * size
                else:
                    pos += size
            else:
                return props
            if pos > len(block):
                return props
    except struct.error:
        pass
    return props
