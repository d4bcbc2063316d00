"""Files inside a TNEF stream (``winmail.dat``), which Outlook sends to some servers instead of
plain attachments: the attachment titles, their long names from the MAPI properties, and their
bytes. Best effort, bounds-checked; never raises on garbage (returns what it could read).
"""

from __future__ import annotations

import struct

from toolkit.intake.mail_text import decode_bytes

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


def tnef_attachments(data: bytes) -> list[tuple[str, bytes]]:
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
                current["title"] = decode_bytes(data[start:stop].split(b"\0", 1)[0], codepage)
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
                        values.append(decode_bytes(raw.split(b"\0", 1)[0], codepage))
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

