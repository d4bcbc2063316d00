"""The stored (uncompressed) copy of a workbook handed to the reader
(:meth:`toolkit.intake.safety.Inspection.stored_zip`): every part inflated and verified by the
inspection, written back without compression so that the reader has nothing to inflate."""

from __future__ import annotations

import struct
from collections.abc import Iterable

_UTF8_FLAG = 0x800
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3I5H2I")
_END_RECORD = struct.Struct("<4s4H2IH")
_DOS_DATE = (0 << 9) | (1 << 5) | 1    # 1980-01-01, time 00:00


def _stored_zip(parts: Iterable[tuple[str, int, int, bytes]]) -> bytes:
    """A zip holding ``parts`` — (name, UTF-8 flag, CRC, content) — uncompressed, in order.

    Names are written back as their directory held them (UTF-8 with the flag, else cp437,
    which round-trips every byte; ASCII either way); the CRCs are the verified ones.
    """
    out: list[bytes] = []
    central: list[bytes] = []
    offset = count = 0
    for name, flags, crc, content in parts:
        raw = name.encode("ascii" if name.isascii() else
                          "utf-8" if flags & _UTF8_FLAG else "cp437")
        size = len(content)
        out += (_LOCAL_HEADER.pack(b"PK\x03\x04", 20, flags, 0, 0, _DOS_DATE, crc, size, size,
                                   len(raw), 0), raw, content)
        central += (_CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 20, flags, 0, 0, _DOS_DATE, crc,
                                         size, size, len(raw), 0, 0, 0, 0, 0, offset), raw)
        offset += _LOCAL_HEADER.size + len(raw) + size
        count += 1
    directory = b"".join(central)
    out += (directory, _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory),
                                        offset, 0))
    return b"".join(out)
