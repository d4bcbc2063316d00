"""The IMAP wire format, as ``imaplib`` leaves it to its caller: folder names in modified UTF-7
(RFC 3501 5.1.3) and quoted, dates for SEARCH and from INTERNALDATE, and the answers to FETCH,
SEARCH and LIST taken apart. Pure functions; :mod:`toolkit.intake.imap` uses them.

imaplib neither encodes nor quotes folder names, parses INTERNALDATE into local time (losing the
zone) and formats months by the locale: hence these.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class WireError(Exception):
    """An answer of the server that does not have the expected shape."""


# --------------------------------------------------------------------------- modified UTF-7


def _b64_utf16(text: str) -> str:
    encoded = base64.b64encode(text.encode("utf-16-be")).decode("ascii")
    return encoded.rstrip("=").replace("/", ",")


def encode_mailbox_name(name: str) -> str:
    """Encode a folder name in IMAP modified UTF-7 (RFC 3501 section 5.1.3).

    >>> encode_mailbox_name("Đã xử lý")
    '&ARAA4w- x&Hu0- l&AP0-'
    """
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            out.append("&" + _b64_utf16("".join(pending)) + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def decode_mailbox_name(encoded: str) -> str:
    """Decode an IMAP modified UTF-7 folder name back to text."""

    def replace(match: re.Match[str]) -> str:
        chunk = match.group(1)
        if chunk == "":
            return "&"
        padded = chunk.replace(",", "/") + "=" * (-len(chunk) % 4)
        return base64.b64decode(padded).decode("utf-16-be")

    return re.sub(r"&([A-Za-z0-9+,]*)-", replace, encoded)


def quote_mailbox(name: str) -> str:
    """Folder name as an IMAP quoted string, ready for imaplib (which sends arguments as-is)."""
    wire = encode_mailbox_name(name)
    return '"' + wire.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------- dates


def imap_date(day: date) -> str:
    """``dd-Mon-yyyy`` for SEARCH SINCE, with English month names whatever the locale."""
    return f"{day.day:02d}-{MONTHS[day.month - 1]}-{day.year}"


_INTERNALDATE = re.compile(
    r"(?P<day>[ \d]\d)-(?P<mon>[A-Za-z]{3})-(?P<year>\d{4}) "
    r"(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d) (?P<sign>[-+])(?P<zh>\d\d)(?P<zm>\d\d)"
)


def parse_internaldate(text: str) -> datetime:
    """Parse an IMAP INTERNALDATE (``"17-Jul-1996 02:44:25 -0700"``) into an aware datetime."""
    match = _INTERNALDATE.search(text)
    if match is None:
        raise ValueError(f"not an INTERNALDATE: {text!r}")
    offset = timedelta(hours=int(match["zh"]), minutes=int(match["zm"]))
    zone = timezone(-offset if match["sign"] == "-" else offset)
    return datetime(
        int(match["year"]),
        MONTHS.index(match["mon"].title()) + 1,
        int(match["day"]),
        int(match["h"]),
        int(match["m"]),
        int(match["s"]),
        tzinfo=zone,
    )



# --------------------------------------------------------------------------- response parsing


def uid_set(uids: Sequence[int]) -> str:
    """Compact IMAP sequence set: [1, 2, 3, 7] -> '1:3,7'."""
    ordered = sorted(set(uids))
    ranges: list[str] = []
    start = previous = ordered[0]
    for uid in ordered[1:] + [0]:
        if uid == previous + 1:
            previous = uid
            continue
        ranges.append(str(start) if start == previous else f"{start}:{previous}")
        start = previous = uid
    return ",".join(ranges)


def parse_fetch(data: Sequence[Any]) -> list[tuple[int, datetime, bytes]]:
    """(UID, INTERNALDATE, body) from the answer to ``UID FETCH (UID INTERNALDATE BODY.PEEK[])``.

    imaplib returns ``[(b'N (UID u INTERNALDATE "..." BODY[] {size}', body), b')', ...]``;
    attributes may also come after the literal, in the following bytes item.
    Items without a literal (unsolicited FLAGS updates) are ignored.
    """
    results = []
    for index, item in enumerate(data):
        if not isinstance(item, tuple) or len(item) != 2:
            continue
        head, body = item
        tail = (
            data[index + 1] if index + 1 < len(data) and isinstance(data[index + 1], bytes) else b""
        )
        text = (head + b" " + tail).decode("ascii", "replace")
        uid = re.search(r"\bUID (\d+)", text)
        internal = re.search(r'INTERNALDATE "([^"]+)"', text)
        if uid is None or internal is None:
            raise WireError(f"unexpected FETCH response: {text!r}")
        results.append((int(uid.group(1)), parse_internaldate(internal.group(1)), bytes(body)))
    return results


def parse_search(data: Sequence[Any]) -> list[int]:
    """UIDs from a SEARCH answer (``[b'1 2 3']``)."""
    numbers: list[int] = []
    for line in data:
        if isinstance(line, bytes):
            numbers.extend(int(token) for token in line.split() if token.isdigit())
    return sorted(numbers)


_LIST_LINE = re.compile(rb'\((?P<flags>[^)]*)\) (?P<delim>"[^"]*"|NIL) (?P<name>.*)$')


def parse_list(data: Sequence[Any]) -> list[str]:
    """Decoded folder names from a LIST answer."""
    names = []
    for item in data:
        if item is None:
            continue
        if isinstance(item, tuple):  # name sent as a literal
            names.append(decode_mailbox_name(item[1].decode("ascii")))
            continue
        match = _LIST_LINE.match(item)
        if match is None:
            continue
        raw = match["name"].decode("ascii")
        if raw.startswith('"') and raw.endswith('"'):
            raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        names.append(decode_mailbox_name(raw))
    return names


def parse_delimiter(data: Sequence[Any]) -> str | None:
    """The hierarchy delimiter from the answer to ``LIST "" ""`` (None for NIL)."""
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        match = _LIST_LINE.match(line)
        if match is None:
            continue
        delim = match["delim"].decode("ascii", "replace")
        if delim == "NIL":
            return None
        return delim[1:-1].replace("\\\\", "\\") or None
    return None
