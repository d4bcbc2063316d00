"""Text in mail headers and MIME parameters, decoded: RFC 2047 encoded words, RFC 2231 parameters
(charsets, continuations), raw 8-bit bytes (UTF-8, else windows-1258), addresses, dates and file
names made safe for Windows (no folders, no reserved names), all NFC.

Used by :mod:`toolkit.intake.mail` (and :mod:`toolkit.intake.mail_tnef` for Outlook's code pages).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from urllib.parse import unquote_to_bytes


def raw_header(msg: Message, name: str) -> str | None:
    """The header's value as stored (surrogate-escaped 8-bit kept), first occurrence."""
    for key, value in msg.raw_items():
        if key.lower() == name:
            return value if isinstance(value, str) else str(value)
    return None



def unsurrogate(value: str) -> str:
    """Undo the parser's surrogate escapes of raw 8-bit header bytes (UTF-8, else windows-1258)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    return decode_bytes(raw, None)


def decode_bytes(raw: bytes, charset: str | None) -> str:
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


FOLD = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def header_text(value: str | Header | None) -> str:
    """Decode an unstructured header (RFC 2047 words, raw 8-bit) to NFC text on one line."""
    if value is None:
        return ""
    if isinstance(value, Header):
        parts = decode_header(value)
    else:
        value = FOLD.sub("", unsurrogate(str(value)))
        if "=?" not in value:
            return finish(value)
        try:
            parts = decode_header(value)
        except Exception:
            return finish(value)
    pieces = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            pieces.append(chunk)
        elif charset is None:
            # decode_header hands back unencoded runs as raw-unicode-escape bytes.
            try:
                pieces.append(chunk.decode("raw-unicode-escape"))
            except UnicodeDecodeError:
                pieces.append(decode_bytes(chunk, None))
        else:
            pieces.append(decode_bytes(chunk, charset))
    return finish("".join(pieces))


def finish(text: str) -> str:
    text = _CONTROL.sub(" ", text.replace("\r", "").replace("\n", " "))
    return unicodedata.normalize("NFC", re.sub(r"[ \t]{2,}", " ", text).strip())


def address(value: str | None) -> tuple[str, str]:
    """(display name, lowercased address) of a From header."""
    if not value:
        return "", ""
    value = FOLD.sub("", unsurrogate(str(value)))
    pairs = getaddresses([value])
    for name, addr in pairs:
        if addr and "@" in addr:
            return header_text(name), addr.strip().strip("<>").lower()
    name, addr = pairs[0] if pairs else ("", "")
    return header_text(name), addr.strip().lower()


def header_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(FOLD.sub("", unsurrogate(str(value))).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def clean_id(value: str | None) -> str:
    if not value:
        return ""
    return re.sub(r"\s+", "", unsurrogate(str(value)))


# ------------------------------------------------------------------------------ file names

_PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.S)
_SECTION = re.compile(r"^(?P<name>[^*]+)(?:\*(?P<num>\d+))?(?P<ext>\*)?$")


def param_head(header_value: str | None) -> str:
    """The main value of a structured header (``attachment`` in ``attachment; filename=…``)."""
    if not header_value:
        return ""
    return unsurrogate(header_value).split(";", 1)[0].strip().strip('"')


def part_filename(part: Message) -> str | None:
    for header, key in (("content-disposition", "filename"), ("content-type", "name")):
        raw = raw_header(part, header)
        if raw:
            value = param(raw, key)
            if value:
                return value
    return None


def param(header_value: str, key: str) -> str | None:
    """One MIME parameter, RFC 2231 (charset, continuations) preferred over the plain form."""
    value = FOLD.sub("", unsurrogate(header_value)).replace("\r", "").replace("\n", " ")
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
        return header_text(plain) if "=?" in plain else finish(plain)
    return None


def _decode_2231(text: str) -> str:
    charset, raw = _split_2231(text)
    return finish(decode_bytes(raw, charset))


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
    decoded = finish(decode_bytes(bytes(blob), charset))
    return header_text(decoded) if "=?" in decoded else decoded


_WINDOWS_BAD = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def safe_filename(name: str, fallback: str) -> str:
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


_MSG_ID = re.compile(r"<[^<>\s]+>")


def message_ids(value: str | None) -> tuple[str, ...]:
    """The Message-IDs (``<...>``) in a References or In-Reply-To header, in order."""
    return tuple(_MSG_ID.findall(str(value))) if value else ()


def first_id(value: str | None) -> str:
    ids = message_ids(value)
    return ids[0] if ids else ""


def last_received(headers: list[str]) -> datetime | None:
    """When the receiving server took the mail: the date of the last Received header added (the
    topmost: each server puts its own above the others), else of the next one down."""
    for header in headers[:50]:
        text = str(header)
        if ";" in text:
            when = header_date(text.rsplit(";", 1)[1])
            if when is not None:
                return when
    return None
