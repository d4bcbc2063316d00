"""The zip directory read directly when the archive is of the plain kind (what
``zipfile.ZipFile(...).infolist()`` would give, faster), and the end record."""

from __future__ import annotations

import struct
import zipfile


class _Entry:
    """What the inspection reads of a zip entry: a light :class:`zipfile.ZipInfo`."""

    __slots__ = ("CRC", "compress_size", "compress_type", "file_size", "filename", "flag_bits",
                 "header_offset")

    def __init__(self, filename: str, flag_bits: int, compress_type: int, crc: int,
                 compress_size: int, file_size: int, header_offset: int) -> None:
        self.filename = filename
        self.flag_bits = flag_bits
        self.compress_type = compress_type
        self.CRC = crc
        self.compress_size = compress_size
        self.file_size = file_size
        self.header_offset = header_offset

    def is_dir(self) -> bool:
        return self.filename[-1] == "/"      # as ZipInfo.is_dir does


_CENTRAL_ENTRY = struct.Struct(zipfile.structCentralDir)


def _plain_directory(data: bytes) -> list[_Entry] | None:
    """The entries ``zipfile.ZipFile(...).infolist()`` gives, read directly from an archive of
    the plain kind: end record last (no archive comment), no zip64 record, entries inside the
    directory, without extra field or NUL in their name. None otherwise: zipfile decides."""
    n = len(data)
    if n < 42 or data[n - 22:n - 18] != b"PK\x05\x06" or data[n - 2:] != b"\x00\x00" \
            or data[n - 42:n - 38] == b"PK\x06\x07":
        return None
    size_cd, offset_cd = struct.unpack_from("<LL", data, n - 10)
    start = n - 22 - size_cd              # zipfile's start_dir (offset_cd + concat)
    concat = start - offset_cd            # bytes before the archive (added to each offset)
    if start < 0:
        return None
    entries = []
    pos = start
    while pos - start < size_cd:
        if pos + 46 > n - 22:
            return None
        (sig, _, _, extract_version, _, flag_bits, compress_type, _, _, crc, compress_size,
         file_size, name_len, extra_len, comment_len, _, _, _,
         header_offset) = _CENTRAL_ENTRY.unpack_from(data, pos)
        if sig != b"PK\x01\x02" or extra_len or extract_version > zipfile.MAX_EXTRACT_VERSION \
                or pos + 46 + name_len + comment_len > n - 22:
            return None
        raw = data[pos + 46:pos + 46 + name_len]
        try:
            name = raw.decode("utf-8" if flag_bits & 0x800 else "cp437")
        except UnicodeDecodeError:
            return None
        if "\x00" in name:
            return None
        entries.append(_Entry(name, flag_bits, compress_type, crc, compress_size, file_size,
                              header_offset + concat))
        pos += 46 + name_len + comment_len
    return entries


def _find_eocd(data: bytes) -> tuple[int, int] | None:
    """(entry count, central directory size) from the end-of-central-directory record."""
    start = max(0, len(data) - 22 - 65535)
    pos = data.rfind(b"PK\x05\x06", start)
    if pos < 0 or pos + 22 > len(data):
        return None
    entries, cd_size = struct.unpack_from("<HI", data, pos + 10)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        loc = pos - 20
        if loc >= 0 and data[loc:loc + 4] == b"PK\x06\x07":
            z64 = struct.unpack_from("<Q", data, loc + 8)[0]
            if z64 + 56 <= len(data) and data[z64:z64 + 4] == b"PK\x06\x06":
                entries, cd_size = struct.unpack_from("<QQ", data, z64 + 32)
    return entries, cd_size


def _plain_end(data: bytes, count: int) -> bool:
    """True when the end record of an archive read by :func:`_plain_directory` (``count``
    entries) is plain too: one disk, the same entry count everywhere, nothing before the
    archive. Such an archive and its stored copy (:func:`_stored_zip`) differ only in how
    the parts are compressed."""
    n = len(data)
    size_cd, offset_cd = struct.unpack_from("<LL", data, n - 10)
    return data[n - 18:n - 10] == struct.pack("<HHHH", 0, 0, count, count) \
        and offset_cd + size_cd + 22 == n
