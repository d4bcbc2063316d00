"""Inspect a received file before any parser touches it.

A received workbook is hostile until read. :func:`inspect_bytes` looks at the raw bytes only —
magic numbers, the zip directory, and each part decompressed as a capped stream — and reports
what it found as :class:`Finding` objects carrying codes from :mod:`toolkit.common.issues`:

* empty or oversized files, files that are not workbooks (sniffed by content, never by name);
* password-protected files (OOXML in an OLE container, .xls with FILEPASS, encrypted zip entries);
* zip bombs: too many entries, too much declared data, extreme ratios, and parts that inflate to
  more than they declare (the real stream is counted, declared sizes are not trusted);
* damaged zips (bad directory, bad CRC, cut-off streams);
* XML parts declaring a DOCTYPE/ENTITY (billion laughs, external entities);
* macros (.xlsm, Excel 4 macro sheets), external links, the 1904 date system, hidden sheets;
* the true extent of each worksheet, computed from the cells in its XML (``<dimension>`` can
  lie): python-calamine allocates a dense grid up to the farthest cell, so one value in
  XFD1048576 would ask for tens of GB. Sheets beyond the limits make the file unreadable.

``readable`` is False as soon as an ERROR finding is present: no parser may open the file then.
Nothing here executes, follows a link or expands an entity.

Zip parts byte-identical to a part already inspected in this process (same compressed bytes, same
header facts) are not inflated and checked again: :class:`_PartCache` remembers their outcome.
``inspect_bytes(..., keep_parts=True)`` keeps the inflated parts of a workbook so that
:meth:`Inspection.stored_zip` can hand the reader the same workbook without compression.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import struct
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element as _Element
from xml.etree.ElementTree import fromstring as _et_fromstring
from xml.parsers import expat

from toolkit.common.issues import CATALOGUE, ERROR

__all__ = ["Limits", "Finding", "Inspection", "inspect_bytes", "clear_part_cache"]


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 2**20
    max_uncompressed_bytes: int = 300 * 2**20
    max_ratio: float = 200.0           # per entry, uncompressed / compressed, entries > 1 MB
    max_entries: int = 2000
    max_rows: int = 100_000            # per sheet extent (rows)
    max_cols: int = 500


@dataclass(frozen=True)
class Finding:
    code: str
    args: dict
    sheet: str = ""


@dataclass(frozen=True)
class Inspection:
    kind: str                          # "xlsx", "xlsm", "xls", "ods", "xlsb", or ""
    findings: tuple[Finding, ...]
    readable: bool
    date1904: bool = False
    sheet_extents: dict[str, tuple[int, int]] = field(default_factory=dict)
    hidden_sheets: tuple[str, ...] = ()
    external_links: int = 0
    # (name, UTF-8 flag, CRC, content) of every zip entry in directory order; only when asked
    # for (inspect_bytes(keep_parts=True)) and the workbook qualifies (see stored_zip)
    kept_parts: tuple[tuple[str, int, int, bytes], ...] | None = field(
        default=None, compare=False, repr=False)

    def stored_zip(self) -> bytes | None:
        """The workbook as an uncompressed (stored) zip: every entry of the original, same
        names, same order, same content. The reader then has nothing to inflate.

        None unless ``inspect_bytes`` was called with ``keep_parts=True`` on an .xlsx/.xlsm
        that passed inspection from a plain archive (see :meth:`_ZipInspector._kept_parts`):
        read the original bytes then.
        """
        return None if self.kept_parts is None else _stored_zip(self.kept_parts)


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_RATIO_FLOOR = 2**20                   # ratios are judged only for entries above 1 MB
_OUT_CHUNK = 64 * 1024
_IN_CHUNK = 64 * 1024
_SMALL_PART_CAP = 16 * 2**20           # workbook.xml, rels, content types: never larger
_DTD_WINDOW = 64 * 1024

# Vietnamese descriptions for FILE_NOT_WORKBOOK / FILE_LEGACY_FORMAT {detected}
DETECTED_XLS = "Excel 97-2003 (.xls)"
DETECTED_XLS95 = "Excel 5.0/95 (.xls)"
DETECTED_ODS = "OpenDocument (.ods)"
DETECTED_XLSB = "Excel nhị phân (.xlsb)"


class _Stop(Exception):
    """Raised by a consumer to end reading of the current part early."""


class _Damaged(Exception):
    pass


class _Inflated(Exception):
    """A part inflates to more than its declared size."""


class _Unsupported(Exception):
    pass


class _Report:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, code: str, sheet: str = "", **args) -> None:
        assert code in CATALOGUE, code
        self.findings.append(Finding(code, dict(args), sheet))

    @property
    def fatal(self) -> bool:
        return any(CATALOGUE[f.code].severity == ERROR for f in self.findings)


def _mb(n: float) -> float | int:
    value = round(n / 2**20, 1)
    return int(value) if value == int(value) else value


def inspect_bytes(name: str, data: bytes, limits: Limits = Limits(),
                  keep_parts: bool = False) -> Inspection:
    """Inspect the raw bytes of a received file. Never raises for bad input.

    ``keep_parts``: keep the inflated parts of a workbook for :meth:`Inspection.stored_zip`.
    """
    report = _Report()
    data = bytes(data) if not isinstance(data, bytes) else data
    if not data:
        report.add("FILE_EMPTY")
        return _done("", report)
    if len(data) > limits.max_file_bytes:
        report.add("FILE_TOO_LARGE", size_mb=_mb(len(data)), limit_mb=_mb(limits.max_file_bytes))
        return _done("", report)
    try:
        if data[:8] == _OLE_MAGIC:
            return _inspect_ole(data, report)
        if data[:4] in _ZIP_MAGICS:
            return _ZipInspector(data, limits, report, keep_parts).run()
        report.add("FILE_NOT_WORKBOOK", detected=_describe_other(data))
        return _done("", report)
    except (MemoryError, RecursionError):
        report.add("FILE_READ_FAILED", reason="tệp quá phức tạp để kiểm tra")
        return _done("", report)


def _done(kind: str, report: _Report, **extra) -> Inspection:
    """Close an inspection; ``kind`` is "" whenever an ERROR finding makes the file unusable."""
    fatal = report.fatal
    return Inspection(kind="" if fatal else kind, findings=tuple(report.findings),
                      readable=not fatal, **extra)


# ------------------------------------------------------------------------------ not a workbook

_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|table|head|body|meta|title|style|div|tr)\b",
                         re.I)
_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00",
                 b"MM\x00*")


def _text_head(data: bytes, size: int = 4096) -> bytes:
    """The start of the file as ASCII-ish bytes: BOM dropped, UTF-16 nulls removed."""
    head = data[:size]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 3 and b"\x00" in head[:4]):
        head = head[2:] if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head
        head = head.replace(b"\x00", b"")
    return head.lstrip(b"\xef\xbb\xbf").lstrip()


def _describe_other(data: bytes) -> str:
    """A Vietnamese description of a non-workbook file, by its content."""
    if data.startswith(b"%PDF"):
        return "tệp PDF"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP" or data.startswith(_IMAGE_MAGICS) \
            or data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or (
                data[:2] == b"BM" and len(data) >= 26
                and struct.unpack_from("<I", data, 2)[0] == len(data)):
        return "tệp ảnh"
    if data.startswith(b"Rar!\x1a\x07"):
        return "tệp nén RAR"
    if data.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "tệp nén 7z"
    if data.startswith(b"\x1f\x8b"):
        return "tệp nén gzip"
    if data.startswith(b"MZ"):
        return "tệp chương trình (.exe)"
    if data.startswith(b"{\\rtf"):
        return "tài liệu RTF"
    head = _text_head(data)
    low = head[:2048].lower()
    if _HTML_START.match(head) or (low.startswith((b"<?xml", b"<!--")) and b"<html" in low):
        return "trang HTML"
    if low.startswith(b"mime-version:") or b"content-type: multipart/related" in low:
        return "trang web lưu trữ (.mht)"
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:8192].replace(b"\x00", b""):
            return "bảng tính XML 2003 (XML Spreadsheet)"
        return "tệp XML"
    if _looks_textual(data[:65536]):
        return "tệp văn bản/CSV"
    return "tệp không rõ định dạng"


def _looks_textual(sample: bytes) -> bool:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            sample.decode("utf-16")
            return True
        except UnicodeDecodeError:
            return False
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return bad <= max(1, len(sample) // 100)


# ------------------------------------------------------------------------------ OLE (.xls etc.)

def _inspect_ole(data: bytes, report: _Report) -> Inspection:
    try:
        import olefile  # installed with msoffcrypto-tool and extract-msg
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:
        report.add("FILE_READ_FAILED", reason="tệp Office cũ (OLE) bị hỏng")
        return _done("", report)
    try:
        entries = [[p.lower() for p in path] for path in ole.listdir(streams=True, storages=True)]
        top = {path[0] for path in entries if path}
        if "encryptioninfo" in top and "encryptedpackage" in top:
            report.add("FILE_ENCRYPTED")
            return _done("", report)
        book = "workbook" if "workbook" in top else ("book" if "book" in top else "")
        if not book:
            if "worddocument" in top:
                detected = "tài liệu Word (.doc)"
            elif "powerpoint document" in top:
                detected = "bản trình chiếu PowerPoint (.ppt)"
            elif any(p.startswith("__substg1.0_") for p in top):
                detected = "thư Outlook (.msg)"
            else:
                detected = "tệp Office không rõ loại"
            report.add("FILE_NOT_WORKBOOK", detected=detected)
            return _done("", report)
        try:
            stream = ole.openstream(book).read()
        except Exception:
            report.add("FILE_READ_FAILED", reason="tệp .xls bị hỏng")
            return _done("", report)
        info = _biff_globals(stream)
        if info["encrypted"]:
            report.add("FILE_ENCRYPTED")
            return _done("", report)
        report.add("FILE_LEGACY_FORMAT", detected=DETECTED_XLS if book == "workbook"
                   else DETECTED_XLS95)
        if any("_vba_project_cur" in path or "_vba_project" in path for path in entries) \
                or info["macrosheets"]:
            report.add("FILE_MACROS")
        if info["external"]:
            report.add("FILE_EXTERNAL_LINKS", count=info["external"])
        if info["date1904"]:
            report.add("FILE_DATE_1904")
        return _done("xls", report, date1904=info["date1904"],
                     hidden_sheets=tuple(info["hidden"]), external_links=info["external"])
    finally:
        ole.close()


def _biff_globals(stream: bytes) -> dict:
    """Scan the workbook-globals records of a BIFF stream (up to its EOF record)."""
    info = {"encrypted": False, "date1904": False, "hidden": [], "external": 0,
            "macrosheets": False}
    pos, n = 0, len(stream)
    first = True
    while pos + 4 <= n:
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4: pos + 4 + rlen]
        pos += 4 + rlen
        if first:
            first = False
            if rtype not in (0x0809, 0x0409, 0x0209, 0x0009):  # BOF
                break
            continue
        if rtype == 0x002F:                          # FILEPASS
            info["encrypted"] = True
            break
        if rtype == 0x000A:                          # EOF of the globals substream
            break
        if rtype == 0x0022 and len(body) >= 2:       # DATEMODE
            info["date1904"] = struct.unpack_from("<H", body)[0] == 1
        elif rtype == 0x0085 and len(body) >= 8:     # BOUNDSHEET8
            state, sheet_type = body[4] & 0x03, body[5]
            cch, flags = body[6], body[7]
            raw = body[8:8 + (cch * 2 if flags & 1 else cch)]
            name = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
            if sheet_type == 1:
                info["macrosheets"] = True
            if state:
                info["hidden"].append(unicodedata.normalize("NFC", name))
        elif rtype == 0x01AE and len(body) >= 4:     # SUPBOOK
            cch = struct.unpack_from("<H", body, 2)[0]
            if cch not in (0x0401, 0x3A01):          # not "this workbook", not add-in functions
                info["external"] += 1
    return info


# ------------------------------------------------------------------------------ zip containers

def _norm(path: str) -> str:
    return path.replace("\\", "/").lstrip("/").lower()


# A relative path that unquote and normpath leave alone: no "%", "#", "\\", "//", "." or "..".
_PLAIN_PATH = re.compile(r"[\w\-][\w.\-]*(?:/[\w\-][\w.\-]*)*")


def _resolve(base_dir: str, target: str) -> str:
    """A relationship target as a lower-case zip entry name (OPC names are percent-encoded)."""
    if _PLAIN_PATH.fullmatch(target) and (not base_dir or _PLAIN_PATH.fullmatch(base_dir)):
        return (f"{base_dir}/{target}" if base_dir else target).lower()
    from urllib.parse import unquote
    target = unquote(target.split("#", 1)[0]).replace("\\", "/")
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(base_dir, target))
    return joined.lower()


_DTD_MARK = re.compile(rb"<!\s*(?:doctype|entity)", re.I)


class _DtdScan:
    """Detect DOCTYPE/ENTITY declarations in an XML stream.

    Looks at the first 64 KB as text (any ``<!DOCTYPE``/``<!ENTITY`` there), and follows the
    prolog however long it is (comments and processing instructions skipped) until the root
    element starts — a DOCTYPE can only come before it. UTF-16 parts are handled by dropping
    NUL bytes before matching.
    """

    __slots__ = ("seen", "tail", "wide", "state", "buf", "found")

    def __init__(self) -> None:
        self.seen = 0
        self.tail = b""
        self.wide: bool | None = None
        self.state = "top"          # top | pi | comment | done
        self.buf = b""
        self.found = False

    @property
    def finished(self) -> bool:
        return self.found or (self.state == "done" and self.seen >= _DTD_WINDOW)

    def feed(self, chunk: bytes) -> bool:
        if self.found:
            return True
        if self.wide is None:
            self.wide = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]
        if self.wide:
            chunk = chunk.replace(b"\x00", b"")
        if self.seen < _DTD_WINDOW:
            window = self.tail + chunk[: _DTD_WINDOW - self.seen + 16]
            if _DTD_MARK.search(window):
                self.found = True
                return True
        self.seen += len(chunk)
        self.tail = chunk[-16:]
        if self.state != "done":
            self._prolog(chunk)
        return self.found

    def _prolog(self, chunk: bytes) -> None:
        buf = self.buf + chunk
        i, n = 0, len(buf)
        while i < n:
            if self.state == "pi":
                j = buf.find(b"?>", i)
                if j < 0:
                    self.buf = buf[-1:]
                    return
                i, self.state = j + 2, "top"
            elif self.state == "comment":
                j = buf.find(b"-->", i)
                if j < 0:
                    self.buf = buf[-2:]
                    return
                i, self.state = j + 3, "top"
            else:
                while i < n and buf[i] in b" \t\r\n\xef\xbb\xbf\xff\xfe":
                    i += 1
                if i >= n:
                    break
                if buf[i:i + 1] != b"<":
                    self.state = "done"
                    break
                if n - i < 4:
                    self.buf = buf[i:]
                    return
                if buf.startswith(b"<?", i):
                    i, self.state = i + 2, "pi"
                elif buf.startswith(b"<!--", i):
                    i, self.state = i + 4, "comment"
                elif buf.startswith(b"<!", i):
                    self.found = True        # DOCTYPE (or another declaration) in the prolog
                    self.state = "done"
                    break
                else:
                    self.state = "done"      # the root element: no DOCTYPE can follow
                    break
        self.buf = b""


_PROLOG_SPACE = b" \t\r\n\xef\xbb\xbf\xff\xfe"
# The usual prolog — an XML declaration (no "?" inside), then the root element — for which
# _prolog_declares is False.
_PLAIN_PROLOG = re.compile(rb"[%s]*<\?[^?]*\?>[%s]*<[^?!]" % (_PROLOG_SPACE, _PROLOG_SPACE))


def _dtd_in(part: bytes) -> bool:
    """What a fresh :class:`_DtdScan` reports when fed ``part`` as its only chunk.

    Used for parts read whole: the same 64 KB window test and the same prolog walk, without
    the state kept between chunks. A window without "!" cannot hold ``<!``.
    """
    if part[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in part[:4]:
        part = part.replace(b"\x00", b"")
    window = part if len(part) <= _DTD_WINDOW + 16 else part[:_DTD_WINDOW + 16]
    if b"!" in window and _DTD_MARK.search(window):
        return True
    return not _PLAIN_PROLOG.match(part) and _prolog_declares(part)


def _prolog_declares(buf: bytes) -> bool:
    """True when a declaration (``<!`` other than a comment) opens before the root element;
    :meth:`_DtdScan._prolog` on a complete buffer."""
    i, n = 0, len(buf)
    while i < n:
        while i < n and buf[i] in _PROLOG_SPACE:
            i += 1
        if i >= n or buf[i] != 0x3C or n - i < 4:          # not "<", or cut short
            return False
        if buf.startswith(b"<?", i):
            i = buf.find(b"?>", i + 2)
            if i < 0:
                return False
            i += 2
        elif buf.startswith(b"<!--", i):
            i = buf.find(b"-->", i + 4)
            if i < 0:
                return False
            i += 3
        else:
            return buf.startswith(b"<!", i)
    return False


_XML_SUFFIXES = (".xml", ".rels", ".vml")
_MACRO_ENABLED = re.compile(rb"macroenabled", re.I)
_EXTERNAL_LINK_PART = re.compile(r"xl/externallinks/externallink\d+\.(?:xml|bin)")
_SHEET_REL = ("/worksheet",)


def _macro_enabled(content_types: bytes) -> bool:
    """True when [Content_Types].xml names a macro-enabled content type."""
    return _MACRO_ENABLED.search(content_types) is not None


class _ZipInspector:
    def __init__(self, data: bytes, limits: Limits, report: _Report,
                 keep_parts: bool = False) -> None:
        self.data = data
        self.limits = limits
        self.report = report
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.checked: set[str] = set()
        self.plain = False                     # a plain archive (see _directory)
        self.cached: dict[str, _Verdict] = {}  # cached verdicts of the parts read
        self.kept: dict[str, bytes] | None = {} if keep_parts else None
        self.kept_bytes = 0

    # -------------------------------------------------------------- structure
    def run(self) -> Inspection:
        if not self._directory():
            return _done("", self.report)
        names = self.infos
        if "mimetype" in names:
            mimetype = self._small("mimetype", 256)
            if mimetype is None:
                return _done("", self.report)
            mimetype = mimetype.strip()
            if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                return self._ods()
            if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                self.report.add("FILE_NOT_WORKBOOK", detected="tài liệu OpenDocument khác "
                                "(không phải bảng tính)")
                return _done("", self.report)
        if "word/document.xml" in names:
            self.report.add("FILE_NOT_WORKBOOK", detected="tài liệu Word")
            return _done("", self.report)
        if "ppt/presentation.xml" in names:
            self.report.add("FILE_NOT_WORKBOOK", detected="bản trình chiếu PowerPoint")
            return _done("", self.report)
        workbook = self._office_document()
        if self.report.fatal:
            return _done("", self.report)
        if workbook is None:
            if "[content_types].xml" in names:
                detected = "tài liệu Office khác (không phải sổ Excel)"
            else:
                detected = "tệp nén (.zip)"
            self.report.add("FILE_NOT_WORKBOOK", detected=detected)
            return _done("", self.report)
        if "[content_types].xml" not in names:
            self.report.add("FILE_READ_FAILED", reason="thiếu phần [Content_Types].xml")
            return _done("", self.report)
        if workbook.endswith(".bin"):
            return self._ooxml(workbook, binary=True)
        return self._ooxml(workbook, binary=False)

    def _directory(self) -> bool:
        """Central-directory checks: truncation, entry count, sizes, ratios, duplicates."""
        data, limits, report = self.data, self.limits, self.report
        eocd = _find_eocd(data)
        if eocd is None:
            report.add("FILE_TRUNCATED")
            return False
        entries, cd_size = eocd
        if entries > limits.max_entries:
            report.add("FILE_ZIP_BOMB", reason=f"có {entries} phần nén (giới hạn "
                       f"{limits.max_entries})")
            return False
        if cd_size > max(limits.max_entries, 1) * 1024:
            report.add("FILE_ZIP_BOMB", reason=f"mục lục nén quá lớn ({_mb(cd_size)} MB)")
            return False
        try:
            infos = _plain_directory(data)
            self.plain = infos is not None and _plain_end(data, len(infos))
            if infos is None:
                infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                struct.error, NotImplementedError, OverflowError, UnicodeDecodeError, KeyError):
            report.add("FILE_TRUNCATED")
            return False
        if len(infos) > limits.max_entries:
            report.add("FILE_ZIP_BOMB", reason=f"có {len(infos)} phần nén (giới hạn "
                       f"{limits.max_entries})")
            return False
        total = 0
        for info in infos:
            if info.header_offset + 30 + info.compress_size > len(data):
                report.add("FILE_TRUNCATED")
                return False
            total += info.file_size
        for info in infos:
            if info.flag_bits & 0x1:
                report.add("FILE_ENCRYPTED")
                return False
        if total > limits.max_uncompressed_bytes:
            report.add("FILE_ZIP_BOMB", reason=f"tổng dung lượng giải nén {_mb(total)} MB "
                       f"(giới hạn {_mb(limits.max_uncompressed_bytes)} MB)")
            return False
        for info in infos:
            if info.file_size > _RATIO_FLOOR:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.max_ratio:
                    report.add("FILE_ZIP_BOMB", reason=f"tỉ lệ nén {ratio:.0f}:1 ở phần "
                               f"{info.filename}")
                    return False
        for info in infos:
            if not info.filename:       # empty, or cut at a NUL byte: a damaged directory
                report.add("FILE_TRUNCATED")
                return False
            key = _norm(info.filename)
            if key in self.infos and not info.is_dir():
                report.add("FILE_ZIP_BOMB", reason=f"hai phần trùng tên {info.filename}")
                return False
            if not info.is_dir():
                self.infos[key] = info
        self.plain = self.plain and len(self.infos) == len(infos)     # no directory entries
        return True

    def _office_document(self) -> str | None:
        """Path (lower-case) of the workbook part, from _rels/.rels, else the usual place."""
        usual = next((c for c in ("xl/workbook.xml", "xl/workbook.bin") if c in self.infos), None)
        rels = self._small("_rels/.rels") if "_rels/.rels" in self.infos else None
        if rels and not self._only_leads_to(rels, usual):
            for rel in self._derived("_rels/.rels", _relationships, rels):
                if rel[1].endswith("/officedocument") and rel[3] != "external":
                    target = _resolve("", rel[2])
                    if self._may_be_workbook(target):
                        return target
        return usual

    def _may_be_workbook(self, target: str) -> bool:
        return target in self.infos and target.endswith((".xml", ".bin")) and \
            self._is_workbook_name(target)

    def _only_leads_to(self, rels: bytes, usual: str | None) -> bool:
        """True when reading ``rels`` (the part _rels/.rels) cannot give a workbook other than
        ``usual``: none of its plain targets (see :func:`_plain_targets`) is another part that
        may be a workbook."""
        targets = self._derived("_rels/.rels", _plain_targets, rels)
        if targets is None:
            return False
        return not any(target != usual and self._may_be_workbook(target) for target in targets)

    @staticmethod
    def _is_workbook_name(target: str) -> bool:
        return not target.startswith(("word/", "ppt/"))

    # -------------------------------------------------------------- reading parts
    def _span(self, info: zipfile.ZipInfo) -> tuple[int, int]:
        """(start, end) of an entry's compressed bytes, from its local header."""
        data = self.data
        off = info.header_offset
        if data[off:off + 4] != b"PK\x03\x04":
            raise _Damaged
        name_len, extra_len = struct.unpack_from("<HH", data, off + 26)
        start = off + 30 + name_len + extra_len
        end = start + info.compress_size
        if end > len(data):
            raise _Damaged
        return start, end

    def _whole(self, info: zipfile.ZipInfo, span: tuple[int, int]) -> bytes | None:
        """A small entry decompressed in one call; None when it must be read by :meth:`_chunks`.

        Used only when :meth:`_chunks` would hand out the very same single chunk: the entry
        fits in one input and one output chunk and its stream ends within the declared size
        (anything else — inflation, a cut or bad stream — is left to :meth:`_chunks`, which
        reports it). The caller still checks size and CRC, after the consumers, as
        :meth:`_chunks` does. Raises what :meth:`_chunks` raises before its first chunk.
        ``span``: the entry's compressed bytes, from :meth:`_span`.
        """
        start, end = span
        declared = info.file_size
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != declared:
                raise _Damaged
            return self.data[start:end] if declared <= _OUT_CHUNK else None
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise _Unsupported
        if declared >= _OUT_CHUNK or info.compress_size > _IN_CHUNK:
            return None
        d = zlib.decompressobj(-15)
        try:
            out = d.decompress(self.data[start:end], declared + 1)
        except zlib.error:
            return None
        return out if d.eof and len(out) <= declared else None

    def _chunks(self, info: zipfile.ZipInfo, span: tuple[int, int]) -> Iterator[bytes]:
        """Decompressed chunks of one entry, never more than its declared size (+1 chunk).

        Raises _Inflated when the stream holds more than declared, _Damaged on bad data or CRC.
        """
        start, end = span
        comp = memoryview(self.data)[start:end]
        declared = info.file_size
        crc = 0
        total = 0
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != declared:
                raise _Damaged
            for i in range(0, len(comp), _OUT_CHUNK):
                piece = comp[i:i + _OUT_CHUNK]
                crc = zlib.crc32(piece, crc)
                total += len(piece)
                yield piece.tobytes()
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            d = zlib.decompressobj(-15)
            pos, n = 0, len(comp)
            try:
                while not d.eof:
                    if d.unconsumed_tail:
                        inp = d.unconsumed_tail
                    elif pos < n:
                        inp = comp[pos:pos + _IN_CHUNK]
                        pos += _IN_CHUNK
                    else:
                        inp = b""
                    out = d.decompress(inp, _OUT_CHUNK)
                    if out:
                        total += len(out)
                        if total > declared:
                            raise _Inflated
                        crc = zlib.crc32(out, crc)
                        yield out
                    elif not inp:
                        break
            except zlib.error:
                raise _Damaged from None
            if not d.eof:
                raise _Damaged
        else:
            raise _Unsupported
        if total != declared or (crc & 0xFFFFFFFF) != info.CRC:
            raise _Damaged

    def _consume(self, key: str, scanner: _SheetScan | None = None, dtd: bool = True,
                 keep: int = 0) -> bytes | None | bool:
        """Read one entry fully (verifying it), feeding ``scanner`` (closed at the end);
        ``keep`` > 0 returns the bytes (at most ``keep``). Returns False after recording a
        fatal finding.

        An entry that is a byte-identical repeat of one that passed before, read the same way
        (see :class:`_PartCache`), gives the outcome remembered then: the result, and the
        scanner's findings. A verified entry is kept for :meth:`Inspection.stored_zip` when
        asked."""
        info = self.infos[key]
        self.checked.add(key)
        try:
            span = self._span(info)
            facts = digest = None
            if _PART_CACHE.takes(info, scanner):
                facts = (info.filename, info.flag_bits, info.compress_type, info.CRC,
                         info.compress_size, info.file_size, dtd, keep,
                         None if scanner is None else (type(scanner), self.limits))
                verdict, digest = _PART_CACHE.lookup(facts, self.data, span)
                if verdict is not None:
                    return self._cached(key, verdict, scanner, keep)
            if self.kept is not None and self.kept_bytes + info.file_size > _KEEP_MAX_BYTES:
                self.kept = None          # too large to hand over uncompressed
            consumer = None if scanner is None else scanner.feed
            whole = self._whole(info, span)
            if whole is not None:
                result, content = self._take_whole(info, whole, consumer, dtd, keep)
            else:
                collect = self.kept is not None or digest is not None
                result, content = self._take_chunks(info, span, consumer, dtd, keep, collect)
            if result is not False and scanner is not None:
                scanner.close()
            if content is not None:
                if digest is not None and (scanner is None or not scanner.over):
                    self.cached[key] = _PART_CACHE.store(
                        facts, digest, content, None if scanner is None else scanner.outcome())
                self._keep(key, content)
            elif result is not False:
                self.kept = None          # verified only in part (a scanner stopped early)
            return result
        except _Inflated:
            self.report.add("FILE_ZIP_BOMB", reason=f"phần {info.filename} giải nén ra nhiều "
                            "hơn dung lượng khai báo")
            return False
        except _Damaged:
            self.report.add("FILE_TRUNCATED")
            return False
        except _Unsupported:
            self.report.add("FILE_READ_FAILED", reason=f"kiểu nén {info.compress_type} không "
                            f"được hỗ trợ (phần {info.filename})")
            return False

    def _take_chunks(self, info: zipfile.ZipInfo, span: tuple[int, int],
                     consumer: Callable[[bytes], None] | None, dtd: bool, keep: int,
                     collect: bool) -> tuple[bytes | bool, bytes | None]:
        """Feed the chunks of an entry to the DTD scan, the size cap and ``consumer``.

        Returns (result as :meth:`_consume` gives it, the whole verified content when
        ``collect`` or ``keep`` and the entry was read to its end, else None)."""
        scan = _DtdScan() if dtd else None
        kept: list[bytes] = []
        size = 0
        for chunk in self._chunks(info, span):
            if scan is not None and not scan.finished and scan.feed(chunk):
                self.report.add("FILE_XML_ENTITIES", part=info.filename)
                return False, None
            if keep:
                size += len(chunk)
                if size > keep:
                    self._too_big(info)
                    return False, None
            if keep or collect:
                kept.append(chunk)
            if consumer is not None:
                try:
                    consumer(chunk)
                except _Stop:
                    return True, None  # the consumer has seen enough (the sheet is over a limit)
        content = b"".join(kept) if keep or collect else None
        return (content if keep else True), content

    def _take_whole(self, info: zipfile.ZipInfo, part: bytes,
                    consumer: Callable[[bytes], None] | None, dtd: bool,
                    keep: int) -> tuple[bytes | bool, bytes | None]:
        """:meth:`_take_chunks` for an entry read by :meth:`_whole`: one chunk, then the
        size and CRC check that ends :meth:`_chunks`. The content is always given back."""
        if part:
            if dtd and _dtd_in(part):
                self.report.add("FILE_XML_ENTITIES", part=info.filename)
                return False, None
            if keep and len(part) > keep:
                self._too_big(info)
                return False, None
            if consumer is not None:
                try:
                    consumer(part)
                except _Stop:
                    return True, None
        if len(part) != info.file_size or zlib.crc32(part) != info.CRC:
            raise _Damaged
        return (part if keep else True), part

    def _cached(self, key: str, verdict: _Verdict, scanner: _SheetScan | None,
                keep: int) -> bytes | bool:
        """What :meth:`_consume` gives for an entry that ``verdict`` remembers."""
        self.cached[key] = verdict
        if scanner is not None:
            scanner.restore(verdict.scan)
        self._keep(key, verdict.content)
        return verdict.content if keep else True

    def _keep(self, key: str, content: bytes) -> None:
        """Keep a verified part for :meth:`Inspection.stored_zip`, while they stay small."""
        if self.kept is not None:
            self.kept_bytes += len(content)
            if self.kept_bytes > _KEEP_MAX_BYTES:
                self.kept = None
            else:
                self.kept[key] = content

    def _kept_parts(self) -> tuple[tuple[str, int, int, bytes], ...] | None:
        """What :meth:`Inspection.stored_zip` needs: every entry of a plain archive, verified
        whole, in directory order. None when parts were not kept (or not all of them)."""
        kept = self.kept
        if kept is None or not self.plain or len(kept) != len(self.infos):
            return None
        return tuple((info.filename, info.flag_bits & _UTF8_FLAG, info.CRC, kept[key])
                     for key, info in self.infos.items())

    def _derived(self, key: str, fn: Callable[[bytes], Any], part: bytes) -> Any:
        """``fn(part)`` for ``part``, the content of entry ``key``: remembered with the cached
        verdict of the entry, if any. ``fn`` must be a pure function of the bytes, and its
        result is shared: callers never change it."""
        verdict = self.cached.get(key)
        if verdict is None or verdict.content is not part:
            return fn(part)
        try:
            return verdict.derived[fn]
        except KeyError:
            value = verdict.derived[fn] = fn(part)
            return value

    def _too_big(self, info: zipfile.ZipInfo) -> None:
        self.report.add("FILE_READ_FAILED", reason=f"phần {info.filename} lớn bất thường")

    def _small(self, key: str, cap: int = _SMALL_PART_CAP) -> bytes | None:
        """A small metadata part, verified and DTD-checked; None after a fatal finding."""
        dtd = key != "mimetype"
        result = self._consume(key, dtd=dtd, keep=cap)
        if result is False:
            return None
        return result if isinstance(result, bytes) else b""

    def _verify_rest(self, sheet_parts: dict[str, _SheetScan]) -> bool:
        """Verify every remaining entry; DTD-scan XML parts; scan worksheet extents."""
        for key, info in self.infos.items():
            if key in self.checked:
                continue
            scanner = sheet_parts.get(key)
            is_xml = key.endswith(_XML_SUFFIXES) or (scanner is not None and scanner.xml)
            if self._consume(key, scanner, is_xml) is False:
                return False
        return True

    # -------------------------------------------------------------- OOXML
    def _ooxml(self, workbook: str, binary: bool) -> Inspection:
        report = self.report
        content_types = self._small("[content_types].xml")
        if content_types is None:
            return _done("", report)
        macros = self._derived("[content_types].xml", _macro_enabled, content_types) or any(
            key.endswith("vbaproject.bin") and key.rsplit("/", 1)[-1] == "vbaproject.bin"
            or key.startswith("xl/macrosheets/") for key in self.infos)
        kind = "xlsb" if binary else ("xlsm" if macros else "xlsx")
        if binary:
            report.add("FILE_LEGACY_FORMAT", detected=DETECTED_XLSB)
        if macros:
            report.add("FILE_MACROS")
        wb_bytes = self._small(workbook)
        if wb_bytes is None:
            return _done(kind, report)
        base = posixpath.dirname(workbook)
        rels_key = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
        rels: list[tuple[str, str, str, str]] = []
        if rels_key in self.infos:
            rels_bytes = self._small(rels_key)
            if rels_bytes is None:
                return _done(kind, report)
            rels = self._derived(rels_key, _relationships, rels_bytes)
        try:
            book = self._derived(workbook, _parse_xlsb_workbook if binary else _parse_workbook,
                                 wb_bytes)
        except ValueError:
            report.add("FILE_READ_FAILED", reason=f"phần {self.infos[workbook].filename} bị hỏng")
            return _done(kind, report)
        date1904, sheets, ext_refs = book
        by_id = {rid: (rtype, _resolve(base, target), mode) for rid, rtype, target, mode in rels}
        external_parts = sum(1 for key in self.infos if key.startswith("xl/externallinks/")
                             and _EXTERNAL_LINK_PART.fullmatch(key))
        external = max(ext_refs, external_parts)
        if external:
            report.add("FILE_EXTERNAL_LINKS", count=external)
        if date1904:
            report.add("FILE_DATE_1904")
        hidden: list[str] = []
        sheet_parts: dict[str, _SheetScan] = {}
        names_by_part: dict[str, list[str]] = {}
        for sheet_name, state, rid in sheets:
            if state in ("hidden", "veryhidden"):
                hidden.append(sheet_name)
            rel = by_id.get(rid)
            if rel is None:
                continue
            rtype, target, mode = rel
            if mode == "external" or not rtype.endswith(_SHEET_REL) or target not in self.infos:
                continue
            names_by_part.setdefault(target, []).append(sheet_name)
            if target not in sheet_parts:
                sheet_parts[target] = (_XlsbSheetScan if binary or target.endswith(".bin")
                                       else _XmlSheetScan)(self.limits)
        ok = self._verify_rest(sheet_parts)
        extents: dict[str, tuple[int, int]] = {}
        if ok:
            for target, scanner in sheet_parts.items():
                for sheet_name in names_by_part[target]:
                    extents[sheet_name] = (scanner.max_row, scanner.max_col)
                    if scanner.over:
                        rows, cols = scanner.reported
                        report.add("FILE_SHEET_TOO_LARGE", sheet=sheet_name, rows=rows,
                                   cols=cols, limit_rows=self.limits.max_rows)
                    elif getattr(scanner, "no_value", 0):
                        cell, formula = scanner.no_value_first
                        report.add("FILE_FORMULA_NO_VALUE", sheet=sheet_name, cell=cell,
                                   ref=cell or "?", formula=formula or "=…",
                                   count=scanner.no_value)
        kept = None if binary or report.fatal else self._kept_parts()
        return _done(kind, report, date1904=date1904, sheet_extents=extents,
                     hidden_sheets=tuple(hidden), external_links=external, kept_parts=kept)

    # -------------------------------------------------------------- ODS
    def _ods(self) -> Inspection:
        report = self.report
        manifest_key = "meta-inf/manifest.xml"
        if manifest_key in self.infos:
            manifest = self._small(manifest_key)
            if manifest is None:
                return _done("", report)
            if b"encryption-data" in manifest:
                report.add("FILE_ENCRYPTED")
                return _done("", report)
        report.add("FILE_LEGACY_FORMAT", detected=DETECTED_ODS)
        if any(key.startswith(("basic/", "scripts/")) and key.rsplit("/", 1)[-1] not in (
                "script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml")
               for key in self.infos):
            report.add("FILE_MACROS")
        if "content.xml" not in self.infos:
            report.add("FILE_READ_FAILED", reason="thiếu phần content.xml")
            return _done("ods", report)
        scanner = _OdsScan(self.limits)
        ok = self._verify_rest({"content.xml": scanner})
        extents: dict[str, tuple[int, int]] = {}
        if ok:
            for sheet_name, (rows, cols) in scanner.extents.items():
                extents[sheet_name] = (rows, cols)
            if scanner.over_sheet is not None:
                rows, cols = scanner.extents.get(scanner.over_sheet, (0, 0))
                report.add("FILE_SHEET_TOO_LARGE", sheet=scanner.over_sheet, rows=rows, cols=cols,
                           limit_rows=self.limits.max_rows)
            if scanner.failed:
                report.add("FILE_READ_FAILED", reason="phần content.xml bị hỏng")
        return _done("ods", report, sheet_extents=extents, hidden_sheets=tuple(scanner.hidden))


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


# ------------------------------------------------------------------------------ part cache

# What is remembered of a part (see _PartCache): only parts small enough, and not so small that
# hashing them costs what inflating them does; at most so many parts and bytes.
_CACHE_MAX_ENTRIES = 256
_CACHE_MAX_BYTES = 8 * 2**20           # inflated content held by the cache
_CACHE_MAX_PART = 2**20
_CACHE_MIN_COMPRESSED = 64
_CACHE_MAX_SEEN = 4096
_KEEP_MAX_BYTES = 16 * 2**20           # parts kept for Inspection.stored_zip, per workbook


class _Verdict:
    """A part that passed its checks: its digest, its inflated content, what its sheet scanner
    found (:meth:`_SheetScan.outcome`), and results computed from the content (see
    :meth:`_ZipInspector._derived`)."""

    __slots__ = ("digest", "content", "scan", "derived")

    def __init__(self, digest: bytes, content: bytes, scan: tuple | None) -> None:
        self.digest = digest
        self.content = content
        self.scan = scan
        self.derived: dict = {}


class _PartCache:
    """Per-process verdicts of zip parts, keyed by what decides them.

    Reading a part (:meth:`_ZipInspector._consume`) is a pure function of its header facts
    (name, flags, method, CRC, sizes), of how it is read (DTD check, size cap; for a sheet, the
    scanner class and the Limits) and of its compressed bytes: the facts are the dictionary
    key, the bytes are compared by a SHA-256 digest (never by the CRC alone, which a hostile
    file can forge). Only parts that passed, read whole, are remembered (a sheet over the
    limits never is); parts read without scanner depend on no Limits value.

    A part is hashed only when its facts were seen before, so parts that never repeat (sheets,
    shared strings) cost a set lookup. Bounded in entries and bytes; oldest dropped first.
    """

    def __init__(self) -> None:
        self.enabled = True
        self.entries: dict[tuple, _Verdict] = {}
        self.seen: set[tuple] = set()
        self.size = 0
        self.hits = 0
        self.lock = threading.Lock()

    def takes(self, info: zipfile.ZipInfo, scanner: _SheetScan | None) -> bool:
        return self.enabled and info.compress_size >= _CACHE_MIN_COMPRESSED and \
            info.file_size <= _CACHE_MAX_PART and (scanner is None or bool(scanner.FIELDS))

    def lookup(self, facts: tuple, data: bytes,
               span: tuple[int, int]) -> tuple[_Verdict | None, bytes | None]:
        """(verdict, digest): the verdict of a byte-identical part, or None; the digest of
        the part when its outcome is to be stored (:meth:`store`), else None."""
        entry = self.entries.get(facts)
        if entry is None and facts not in self.seen:
            if len(self.seen) >= _CACHE_MAX_SEEN:
                self.seen.clear()
            self.seen.add(facts)
            return None, None
        digest = hashlib.sha256(memoryview(data)[span[0]:span[1]]).digest()
        if entry is not None and entry.digest == digest:
            self.hits += 1
            return entry, digest
        return None, digest

    def store(self, facts: tuple, digest: bytes, content: bytes,
              scan: tuple | None) -> _Verdict:
        verdict = _Verdict(digest, content, scan)
        with self.lock:
            old = self.entries.pop(facts, None)
            if old is not None:
                self.size -= len(old.content)
            while self.entries and (len(self.entries) >= _CACHE_MAX_ENTRIES
                                    or self.size + len(content) > _CACHE_MAX_BYTES):
                self.size -= len(self.entries.pop(next(iter(self.entries))).content)
            self.entries[facts] = verdict
            self.size += len(content)
        return verdict

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.seen.clear()
            self.size = 0
            self.hits = 0

    def after_fork(self) -> None:
        """In a forked child: keep the entries, never a lock another thread of the parent held."""
        self.lock = threading.Lock()
        self.size = sum(len(v.content) for v in list(self.entries.values()))


_PART_CACHE = _PartCache()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_PART_CACHE.after_fork)


def clear_part_cache() -> None:
    """Forget every part verdict remembered by this process."""
    _PART_CACHE.clear()


# ------------------------------------------------------------------------------ stored copies

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


# ------------------------------------------------------------------------------ small XML parts

# Read as defusedxml's ElementTree.fromstring reads them: same elements and attributes
# (ElementTree names, "{uri}local"), same failures.

class _Refused(Exception):
    """An entity declaration or reference refused as defusedxml / ElementTree refuse it."""


def _refuse(*args) -> None:
    raise _Refused


def _default_text(text: str) -> None:
    """Expat's default handler: an entity reference that reaches it is undefined."""
    if text[:1] == "&":
        raise _Refused


def _ignore(*args) -> None:
    pass


_TARGET_TEXT = re.compile(rb"Target\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ATTR_SPACES = {9: " ", 10: " ", 13: " "}


def _attribute_value(raw: bytes) -> str | None:
    """A literal UTF-8 attribute value as expat reports it (tab, newline, CR, CRLF: one space
    each); None if it is not UTF-8."""
    try:
        value = raw.decode()
    except UnicodeDecodeError:
        return None
    if "\r" in value or "\n" in value or "\t" in value:
        value = value.replace("\r\n", " ").translate(_ATTR_SPACES)
    return value


def _plain_targets(rels: bytes) -> tuple[str, ...] | None:
    """Every Target of a .rels part as a lower-case entry name, when they can be read without
    a parser: in a UTF-8 part without "&" or "<!" (no reference, no DTD) every Target attribute
    is among the Target="..." texts. None otherwise."""
    if b"&" in rels or not _without_dtd(rels):
        return None
    targets = []
    for double, single in _TARGET_TEXT.findall(rels):
        value = _attribute_value(double or single)
        if value is None:
            return None
        targets.append(_resolve("", value))
    return tuple(targets)


_XML_DECL_ENCODING = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)")


def _elements(data: bytes) -> Iterable[_Element]:
    """Every element of an XML part (tag and attributes only), in document order, as defusedxml's
    ``ElementTree.fromstring`` gives them; raises ValueError where it raises.

    A UTF-8 part without "<!" has no DTD: defusedxml's refusals cannot apply there, and the C
    ElementTree parser (the same expat) reads it the same way, only faster.
    """
    try:
        if _without_dtd(data):
            return _et_fromstring(data).iter()
        return _defused_elements(data)
    except Exception as exc:  # ParseError, expat.error, _Refused
        raise ValueError(str(exc)) from None


def _without_dtd(data: bytes) -> bool:
    """True for a UTF-8 part (no NUL, declared UTF-8 or undeclared) holding no "<!"."""
    if b"\x00" in data or _DECL_OPEN.search(data):
        return False
    head = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
    if not head.startswith(b"<"):
        return False
    encoding = _XML_DECL_ENCODING.match(head)
    return encoding is None or encoding.group(1).lower() == b"utf-8"


def _defused_elements(data: bytes) -> list[_Element]:
    """:func:`_elements` through expat with defusedxml's handlers (entity declarations and
    external entities refused, undefined entities an error), element starts only."""
    elements = []

    def start(name: str, flat: list[str]) -> None:
        attrib = {("{" + k if "}" in k else k): v for k, v in zip(flat[::2], flat[1::2])}
        elements.append(_Element("{" + name if "}" in name else name, attrib))

    parser = expat.ParserCreate(None, "}")
    parser.ordered_attributes = True
    parser.buffer_text = True
    parser.DefaultHandlerExpand = _default_text
    parser.CharacterDataHandler = _ignore
    parser.StartElementHandler = start
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.Parse(data, False)
    parser.Parse(b"", True)
    return elements


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _is(tag: str, local: str) -> bool:
    """``_local(tag) == local`` (``local`` holding no "}")."""
    return tag.endswith(local) and (tag == local or tag.endswith("}" + local))


def _relationships(data: bytes) -> list[tuple[str, str, str, str]]:
    """(id, type lower-case, target, target mode lower-case) of a .rels part."""
    try:
        elements = _elements(data)
    except ValueError:
        return []
    return [(el.get("Id", ""), el.get("Type", "").lower(), el.get("Target", ""),
             el.get("TargetMode", "").lower())
            for el in elements if _is(el.tag, "Relationship")]


def _parse_workbook(data: bytes) -> tuple[bool, list[tuple[str, str, str]], int]:
    """(date1904, [(sheet name, state lower-case, relationship id)], external references)."""
    date1904 = False
    sheets: list[tuple[str, str, str]] = []
    external = 0
    for el in _elements(data):
        tag = el.tag
        if _is(tag, "sheet"):
            rid = next((v for k, v in el.attrib.items() if k.startswith("{") and
                        _local(k) == "id"), "")
            sheets.append((unicodedata.normalize("NFC", el.get("name", "")),
                           (el.get("state") or "visible").strip().lower(), rid))
        elif _is(tag, "workbookPr"):
            date1904 = (el.get("date1904") or "").strip().lower() in ("1", "true")
        elif _is(tag, "externalReference"):
            external += 1
    return date1904, sheets, external


def _biff12_records(data: bytes) -> Iterator[tuple[int, bytes]]:
    pos, n = 0, len(data)
    while pos < n:
        rtype, pos = _varint(data, pos, 2)
        size, pos = _varint(data, pos, 4)
        if rtype is None or size is None or pos + size > n:
            return
        yield rtype, data[pos:pos + size]
        pos += size


def _varint(data: bytes, pos: int, max_bytes: int) -> tuple[int | None, int]:
    value = shift = 0
    for i in range(max_bytes):
        if pos >= len(data):
            return None, pos
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, pos
    return value, pos


def _xl_wide(data: bytes, pos: int) -> tuple[str | None, int]:
    if pos + 4 > len(data):
        return None, pos
    cch = struct.unpack_from("<I", data, pos)[0]
    pos += 4
    if cch == 0xFFFFFFFF:
        return None, pos
    raw = data[pos:pos + 2 * cch]
    return raw.decode("utf-16-le", "replace"), pos + 2 * cch


def _parse_xlsb_workbook(data: bytes) -> tuple[bool, list[tuple[str, str, str]], int]:
    date1904 = False
    sheets: list[tuple[str, str, str]] = []
    external = 0
    states = {0: "visible", 1: "hidden", 2: "veryhidden"}
    for rtype, body in _biff12_records(data):
        if rtype == 0x0099 and len(body) >= 4:           # BrtWbProp
            date1904 = bool(struct.unpack_from("<I", body)[0] & 0x1)
        elif rtype == 0x009C and len(body) >= 8:         # BrtBundleSh
            state, _tab = struct.unpack_from("<II", body)
            rid, pos = _xl_wide(body, 8)
            name, _ = _xl_wide(body, pos)
            sheets.append((unicodedata.normalize("NFC", name or ""),
                           states.get(state, "hidden"), rid or ""))
        elif rtype == 0x0168:                             # BrtSupBookSrc: an external book
            external += 1
    return date1904, sheets, external


# ------------------------------------------------------------------------------ sheet extents

_COL_ROW = re.compile(rb"\$?([A-Za-z]{1,7})\$?(\d{1,15})")
_ROW_NUM = re.compile(rb"\d{1,15}")
# A start tag of interest with its attributes (quoted values may hold '>', never '<'); r is
# captured directly when it is the first attribute, as Excel writes it. Comments and CDATA
# sections are cut out before this runs (see _XmlSheetScan._slow).
_SHEET_TOKEN = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c|mergeCell|hyperlink)(?=[\s/>])"
    rb"(?:\s+r\s*=\s*\"([^\"<]*)\")?"
    rb"([^<>\"']*(?:(?:\"[^\"<]*\"|'[^'<]*')[^<>\"']*)*)>",
    re.S)
_ODD = re.compile(rb"<!--|<!\[CDATA\[|<[A-Za-z_][\w.\-]*:(?:c|row|mergeCell|hyperlink)[\s/>]")
_FAST_TAG = re.compile(rb'<(c|row)(?=[\s/>])(?:\s+r="([A-Z]{0,7})(\d{1,15})")?')
_RANGE_TAG = re.compile(rb"<(?:mergeCell|hyperlink)(?=[\s/>])([^<>]*)>")
_ATTR_R = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ATTR_REF = re.compile(rb"(?:^|\s)ref\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CARRY_LIMIT = 1 << 20
# The plain layout (see _XmlSheetScan._plain and _plain_tags).
_ROW_NUMBER = re.compile(rb'([1-9]\d{0,14})"')
_PLAIN_TAGS: dict[int, tuple[re.Pattern, re.Pattern]] = {}
_PLAIN_RANGE = re.compile(rb"([A-Z]{1,7})(\d{1,15}):([A-Z]{1,7})(\d{1,15})")
# The same tags as _RANGE_TAG; the ref when it comes first and plain (then it is the ref _attr
# finds), else b"".
_PLAIN_RANGE_TAG = re.compile(rb'<(?:mergeCell|hyperlink)(?=[\s/>])'
                              rb'(?:\s+ref="([A-Z]{1,7}\d{1,15}(?::[A-Z]{1,7}\d{1,15})?)")?[^<>]*>')
_LARGE_CORNER = re.compile(rb"\d{6}|[A-Z]{2}")
# Cheap necessary conditions: a match of _ODD's or _HAS_FORMULA's prefixed branch implies one of
# _PREFIXED_HINT, a match of _HAS_FORMULA's unprefixed branch one of _PLAIN_F_HINT.
_PREFIXED_HINT = re.compile(rb":(?:c|row|f|mergeCell|hyperlink)[\s/>]")
_PLAIN_F_HINT = re.compile(rb"<f[\s>/]")
_DECL_OPEN = re.compile(rb"<!")                      # a regex finds it faster than bytes.find
# Formula cells: <c> opened, <f> and <v> inside it, </c>. Only looked at in chunks holding "<f".
_FORMULA_TOKEN = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(c|f|v)(?=[\s/>])([^<>]*?)(/?)>|</(?:[A-Za-z_][\w.\-]*:)?(c|v)>")
_FORMULA_TEXT_MAX = 60


def _plain_tags(top: int) -> tuple[re.Pattern, re.Pattern]:
    """Patterns finding the same tags as _FAST_TAG: row tags (giving b'"' for ``<row r="7"``)
    and cell tags (giving the column letter of ``<c r="B7"``), when the row is a number from 1
    to ``top`` written without leading zero; b"" for any other.

    Compiled once per ``top`` (the last row of a sheet: few values in practice; the cache is
    emptied past 256 of them).
    """
    patterns = _PLAIN_TAGS.get(top)
    if patterns is None:
        if len(_PLAIN_TAGS) >= 256:
            _PLAIN_TAGS.clear()
        upto = _numbers_upto(top)
        patterns = _PLAIN_TAGS[top] = (
            re.compile(rb'<row(?: r="(?:%s)(")|[\s/>])' % upto),
            re.compile(rb'<c(?: r="([A-Z])(?:%s)"|[\s/>])' % upto))
    return patterns


def _numbers_upto(top: int) -> bytes:
    """A regex alternation for the numbers 1 to ``top`` without leading zero (none if top < 1):
    fewer digits, or as many with a smaller digit after a common prefix, or ``top`` itself."""
    digits = str(top)
    if top < 1:
        return rb"(?!)"
    choices = [rb"[1-9]\d{0,%d}" % (len(digits) - 2)] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        low, high = (1 if i == 0 else 0), int(digit) - 1
        if high >= low:
            choices.append(b"%s[%d-%d]\\d{%d}" % (digits[:i].encode(), low, high,
                                                  len(digits) - i - 1))
    choices.append(digits.encode())
    return b"|".join(choices)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _unescape_attr(value: bytes) -> bytes:
    if b"&" not in value:
        return value
    import html
    return html.unescape(value.decode("utf-8", "replace")).encode("utf-8", "replace")


def _attr(attrs: bytes, pattern: re.Pattern) -> bytes | None:
    m = pattern.search(attrs)
    if not m:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


class _SheetScan:
    xml = True
    # what is read of a scanner once its part is read (see outcome); () for a scanner whose
    # outcome is not remembered
    FIELDS: tuple[str, ...] = ("max_row", "max_col", "over", "range_over")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.max_row = 0
        self.max_col = 0
        self.over = False
        self.range_over: tuple[int, int] | None = None   # (rows, cols) of a huge merge/link

    @property
    def reported(self) -> tuple[int, int]:
        """(rows, cols) to show in FILE_SHEET_TOO_LARGE."""
        if self.range_over and self.max_row <= self.limits.max_rows and \
                self.max_col <= self.limits.max_cols:
            return self.range_over
        return self.max_row, self.max_col

    def _range(self, ref: bytes) -> None:
        plain = _PLAIN_RANGE.fullmatch(ref)      # "A1:D4", the usual case
        if plain:
            col1, row1, col2, row2 = plain.groups()
            cols = [_col_number(col1), _col_number(col2)]
            rows = [int(row1), int(row2)]
        else:
            corners = [_COL_ROW.fullmatch(p.strip())
                       for p in ref.replace(b" ", b":").split(b":")]
            corners = [c for c in corners if c]
            if not corners:
                return
            cols = [_col_number(c.group(1)) for c in corners]
            rows = [int(c.group(2)) for c in corners]
        height, width = max(rows) - min(rows) + 1, max(cols) - min(cols) + 1
        if height * width > self.limits.max_rows * self.limits.max_cols:
            self.range_over = (max(rows), max(cols))

    def feed(self, chunk: bytes) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass

    def outcome(self) -> tuple:
        """The values of :attr:`FIELDS` (immutable), once the part is read and closed."""
        return tuple(getattr(self, name) for name in self.FIELDS)

    def restore(self, outcome: tuple) -> None:
        """Become a scanner that read a part giving ``outcome``."""
        for name, value in zip(self.FIELDS, outcome):
            setattr(self, name, value)

    def _check(self) -> None:
        if self.max_row > self.limits.max_rows or self.max_col > self.limits.max_cols or \
                self.range_over:
            self.over = True
            raise _Stop


_HAS_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class _XmlSheetScan(_SheetScan):
    """True extent of a worksheet XML: every <row>/<c> (with or without r), merges, links."""

    FIELDS = _SheetScan.FIELDS + ("no_value", "no_value_first")

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.row = 0
        self.col = 0
        self.carry = b""
        self.no_value = 0                       # formula cells without a cached value
        self.no_value_first: tuple[str, str] = ("", "")   # (cell, formula) of the first one
        self._cell: bytes | None = None         # r of the open <c>, b"" when it has none
        self._has_f = False
        self._has_v = False

    def feed(self, chunk: bytes) -> None:
        buf = self.carry + chunk if self.carry else chunk
        cut = buf.rfind(b"<")
        if cut < 0:
            cut = len(buf)
        # "<!" opens comments, CDATA sections and declarations ("!" alone is cheap to rule out)
        bang = b"!" in buf and _DECL_OPEN.search(buf) is not None
        # An unterminated comment or CDATA section must travel whole to the next chunk.
        if bang:
            for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>")):
                o = buf.rfind(opener)
                if o >= 0 and buf.find(closer, o) < 0 and o < cut:
                    cut = o
        if len(buf) - cut > _CARRY_LIMIT:
            cut = len(buf) - 16  # pathological: scan what we have (only ever overestimates)
        self.carry = buf[cut:]
        prefixed = _PREFIXED_HINT.search(buf) is not None
        if self._cell is not None or (prefixed or _PLAIN_F_HINT.search(buf)) and \
                _HAS_FORMULA.search(buf):   # <f> or <x:f>, not <formula1>
            self._formulas(buf, cut)
        self._scan(buf, cut, plain=not (bang or prefixed))

    def close(self) -> None:
        if self.carry:
            buf, self.carry = self.carry, b""
            if self._cell is None and buf.startswith(b"</") and buf.count(b"<") == 1:
                return  # a lone end tag (</worksheet>): no tag of interest, no formula
            if self._cell is not None or _HAS_FORMULA.search(buf):
                self._formulas(buf, len(buf))
            try:
                self._scan(buf, len(buf))
            except _Stop:
                pass

    def _formulas(self, buf: bytes, end: int) -> None:
        """Count cells holding a formula but no cached value (written by a program, never
        calculated): the reader sees them as empty."""
        for m in _FORMULA_TOKEN.finditer(buf, 0, end):
            tag, attrs, closed, end_tag = m.groups()
            if end_tag == b"c":
                if self._cell is not None and self._has_f and not self._has_v:
                    self.no_value += 1
                    if self.no_value == 1:
                        self.no_value_first = (self._cell.decode("ascii", "replace"),
                                               self.no_value_first[1])
                self._cell = None
            elif end_tag is not None or self._cell is None and tag != b"c":
                continue
            elif tag == b"c":
                self._cell = None if closed else (_attr(attrs, _ATTR_R) or b"")
                self._has_f = self._has_v = False
            elif tag == b"f":
                self._has_f = True
                if self.no_value == 0 and not closed:
                    stop = buf.find(b"<", m.end())
                    text = buf[m.end():stop if stop >= 0 else len(buf)]
                    formula = _unescape_attr(text).decode("utf-8", "replace").strip()
                    if len(formula) > _FORMULA_TEXT_MAX:
                        formula = formula[:_FORMULA_TEXT_MAX - 1] + "…"
                    self.no_value_first = (self.no_value_first[0], "=" + formula)
            elif tag == b"v" and not closed:
                stop = buf.find(b"<", m.end())
                self._has_v = self._has_v or stop != m.end()

    def _scan(self, buf: bytes, end: int, plain: bool = False) -> None:
        """``plain``: the buffer holds no "<!" and no prefixed sheet tag (see :meth:`feed`)."""
        if not (plain and self._plain(buf, end)) and not self._fast(buf, end):
            self._slow(buf, end)
        self._check()

    def _plain(self, buf: bytes, end: int) -> bool:
        """:meth:`_fast` for the layout Excel writes, with fewer passes and objects: every row tag
        is exactly ``<row r="7"`` and every cell tag exactly ``<c r="B7"`` (one space, r first,
        one column letter, a row number without leading zero), the last row tag having the
        largest number. Returns False (nothing done) otherwise.

        Called only for buffers without comments, CDATA and prefixed tags, where :meth:`_fast`
        would look at the same tags and, finding them all of this shape, reach the same state.
        """
        last_row = buf.rfind(b'<row r="', 0, end)
        top = _ROW_NUMBER.match(buf, last_row + 8, end) if last_row >= 0 else None
        if top is None:
            return False
        top_row = int(top.group(1))
        rows, cells = _plain_tags(top_row)
        if b"" in rows.findall(buf, 0, end):
            return False
        letters = cells.findall(buf, 0, end)
        if b"" in letters:
            return False
        if letters:
            self.max_col = max(self.max_col, max(set(letters))[0] - 64)
        self.max_row = max(self.max_row, top_row)
        self.row = top_row
        last_cell = buf.rfind(b'<c r="', 0, end) if letters else -1
        self.col = letters[-1][0] - 64 if last_cell > last_row else 0
        self._ranges(buf, end)
        return True

    def _fast(self, buf: bytes, end: int) -> bool:
        """The common case, done in C: no comments/CDATA/prefixes, every <row>/<c> with r first.

        Returns False (nothing done) when the chunk is not that simple.
        """
        if _ODD.search(buf, 0, end):
            return False
        found = _FAST_TAG.findall(buf, 0, end)
        if found:
            tags, letters, numbers = zip(*found)
            n_cells = tags.count(b"c")
            n_plain = letters.count(b"")
            # every tag carries r; cells have column letters, rows have none
            if b"" in numbers or n_plain != len(tags) - n_cells:
                return False
            max_row, max_col = self.max_row, self.max_col
            max_row = max(max_row, max(map(int, set(numbers))))
            if n_cells:
                distinct = set(letters)
                distinct.discard(b"")
                max_col = max(max_col, max(map(_col_number, distinct)))
            last = len(tags) - 1 - tags[::-1].index(b"row") if n_plain else -1
            self.row = int(numbers[last]) if last >= 0 else self.row
            self.col = _col_number(letters[-1]) if tags[-1] == b"c" else 0
            self.max_row, self.max_col = max_row, max_col
        self._ranges(buf, end)
        return True

    def _ranges(self, buf: bytes, end: int) -> None:
        """mergeCell / hyperlink ranges, in document order: only their area is judged."""
        merge, link = buf.find(b"<mergeCell"), buf.find(b"<hyperlink")
        if merge < 0 and link < 0:
            return
        start = min(merge, link) if merge >= 0 and link >= 0 else max(merge, link)
        # no match can start before; b"" for a tag without a plain ref="A1:D4" first
        refs = _PLAIN_RANGE_TAG.findall(buf, start, end)
        if refs and b"" not in refs and self._small_ranges(refs):
            return
        for attrs in _RANGE_TAG.findall(buf, start, end):
            ref = _attr(attrs, _ATTR_REF)
            if ref:
                self._range(_unescape_attr(ref))

    def _small_ranges(self, refs: list[bytes]) -> bool:
        """True when no range in ``refs`` can exceed the area limit: with rows below 100000 and
        one-letter columns, none is larger than 100000 x 26."""
        return _LARGE_CORNER.search(b" ".join(refs)) is None and \
            100_000 * 26 <= self.limits.max_rows * self.limits.max_cols

    def _slow(self, buf: bytes, end: int) -> None:
        """Token by token: comments and CDATA skipped, implicit positions counted."""
        pos = 0
        comment = cdata = -2  # next known opener positions (-1: none left in this buffer)
        while pos < end and not self._over():
            if comment != -1 and comment < pos:
                comment = buf.find(b"<!--", pos, end)
            if cdata != -1 and cdata < pos:
                cdata = buf.find(b"<![CDATA[", pos, end)
            starts = [i for i in (comment, cdata) if i >= 0]
            if not starts:
                self._tags(buf, pos, end)
                return
            i = min(starts)
            self._tags(buf, pos, i)
            opener, closer = (b"<!--", b"-->") if i == comment else (b"<![CDATA[", b"]]>")
            j = buf.find(closer, i + len(opener), end)
            if j < 0:
                return  # the rest of this buffer is inside the comment / CDATA section
            pos = j + len(closer)

    def _over(self) -> bool:
        return (self.max_row > self.limits.max_rows or self.max_col > self.limits.max_cols
                or self.range_over is not None)

    def _tags(self, buf: bytes, start: int, end: int) -> None:
        max_row, max_col, row, col = self.max_row, self.max_col, self.row, self.col
        limit_r, limit_c = self.limits.max_rows, self.limits.max_cols
        try:
            for m in _SHEET_TOKEN.finditer(buf, start, end):
                kind = m.group(1)
                r = m.group(2)
                if kind == b"c":
                    if r is None:
                        r = _attr(m.group(3), _ATTR_R)
                    ref = _COL_ROW.fullmatch(_unescape_attr(r)) if r is not None else None
                    if ref is None:
                        col += 1
                        if row == 0:
                            row = 1
                        cell_row = row
                    else:
                        col = _col_number(ref.group(1))
                        cell_row = int(ref.group(2))
                    if col > max_col:
                        max_col = col
                    if cell_row > max_row:
                        max_row = cell_row
                elif kind == b"row":
                    if r is None:
                        r = _attr(m.group(3), _ATTR_R)
                    num = _ROW_NUM.fullmatch(_unescape_attr(r).strip()) if r is not None else None
                    row = int(num.group(0)) if num else row + 1
                    col = 0
                    if row > max_row:
                        max_row = row
                else:
                    # mergeCell / hyperlink ranges: calamine ignores them, but openpyxl creates
                    # one object per cell of the range, so only their area is judged.
                    ref = _attr(m.group(3) if r is None else b" " + m.group(0), _ATTR_REF)
                    if ref:
                        self._range(_unescape_attr(ref))
                        if self.range_over:
                            break
                if max_row > limit_r or max_col > limit_c:
                    break
        finally:
            self.max_row, self.max_col, self.row, self.col = max_row, max_col, row, col


class _XlsbSheetScan(_SheetScan):
    """True extent of a binary (.xlsb) worksheet from its row and cell records."""

    xml = False
    _CELLS = frozenset(range(1, 12))        # BrtCellBlank … BrtFmlaError: Cell.column first
    _SHORT = frozenset(range(12, 19))       # BrtShort*: column implied

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.buf = b""
        self.skip = 0
        self.row = 0
        self.col = 0

    def feed(self, chunk: bytes) -> None:
        if self.skip:
            take = min(self.skip, len(chunk))
            chunk = chunk[take:]
            self.skip -= take
        buf = self.buf + chunk
        pos, n = 0, len(buf)
        while pos < n:
            rtype, p = _varint(buf, pos, 2)
            if rtype is None:
                break
            size, p = _varint(buf, p, 4)
            if size is None:
                break
            if rtype in (0,) or rtype in self._CELLS:
                if p + min(size, 4) > n:
                    break
                if rtype == 0 and size >= 4:
                    self.row = struct.unpack_from("<I", buf, p)[0] + 1
                    self.col = 0
                    self.max_row = max(self.max_row, self.row)
                elif rtype != 0 and size >= 4:
                    self.col = struct.unpack_from("<I", buf, p)[0] + 1
                    self.max_col = max(self.max_col, self.col)
                    self.max_row = max(self.max_row, self.row)
            elif rtype in self._SHORT:
                self.col += 1
                self.max_col = max(self.max_col, self.col)
                self.max_row = max(self.max_row, self.row)
            if p + size > n:
                self.skip = p + size - n
                pos = n
                break
            pos = p + size
            if self.max_row > self.limits.max_rows or self.max_col > self.limits.max_cols:
                break
        self.buf = buf[pos:]
        self._check()


class _OdsScan(_SheetScan):
    """Extent of the non-empty cells of each table in an ODS content.xml (repeats counted)."""

    FIELDS = ()                 # extents and hidden tables of a whole package: not remembered
    _T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    _O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    _S = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    _X = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        import xml.parsers.expat as expat
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.extents: dict[str, tuple[int, int]] = {}
        self.hidden: list[str] = []
        self.hidden_styles: set[str] = set()
        self.style: str | None = None
        self.table: str | None = None
        self.over_sheet: str | None = None
        self.failed = False
        self.row = 0
        self.row_repeat = 1
        self.row_max_col = 0
        self.col = 0
        self.cell_repeat = 1
        self.cell_filled = False
        self.in_cell = False
        self.t_rows = 0
        self.t_cols = 0

    @staticmethod
    def _count(value: str | None) -> int:
        if not value:
            return 1
        value = value.strip()
        if not value.isdigit():
            return 1
        return int(value) if len(value) <= 9 else 10**9

    def _doctype(self, *args) -> None:
        raise _Stop

    def _start(self, name: str, attrs: dict) -> None:
        ns, _, local = name.rpartition(" ")
        T = self._T
        if ns == self._S and local == "style":
            self.style = attrs.get(self._S + " name") if attrs.get(
                self._S + " family") == "table" else None
        elif ns == self._S and local == "table-properties" and self.style:
            if attrs.get(T + " display") == "false":
                self.hidden_styles.add(self.style)
        elif ns != T:
            if self.in_cell and local in ("p", "h", "a", "span", "annotation") or (
                    self.in_cell and ns == self._X):
                self.cell_filled = True
            return
        elif local == "table":
            self.table = unicodedata.normalize("NFC", attrs.get(T + " name", ""))
            if attrs.get(T + " style-name") in self.hidden_styles:
                self.hidden.append(self.table)
            self.row = 0
            self.t_rows = self.t_cols = 0
            self.extents[self.table] = (0, 0)
        elif local == "table-row":
            self.row_repeat = self._count(attrs.get(T + " number-rows-repeated"))
            self.col = 0
            self.row_max_col = 0
        elif local in ("table-cell", "covered-table-cell"):
            self.in_cell = True
            self.cell_repeat = self._count(attrs.get(T + " number-columns-repeated"))
            self.cell_filled = any(k.endswith((" value-type", " formula")) for k in attrs)

    def _end(self, name: str) -> None:
        ns, _, local = name.rpartition(" ")
        if ns != self._T:
            return
        if local in ("table-cell", "covered-table-cell"):
            self.in_cell = False
            if self.cell_filled:
                self.row_max_col = self.col + self.cell_repeat
            self.col += self.cell_repeat
        elif local == "table-row":
            if self.row_max_col and self.table is not None:
                self.t_rows = self.row + self.row_repeat
                self.t_cols = max(self.t_cols, self.row_max_col)
                self.extents[self.table] = (self.t_rows, self.t_cols)
                if self.t_rows > self.limits.max_rows or self.t_cols > self.limits.max_cols:
                    self.over_sheet = self.table
                    self.over = True
                    raise _Stop
            self.row += self.row_repeat

    def feed(self, chunk: bytes) -> None:
        if self.failed:
            return
        try:
            self.parser.Parse(chunk, False)
        except _Stop:
            if self.over:
                raise
            self.failed = True
        except Exception:
            self.failed = True

    def close(self) -> None:
        if self.failed or self.over:
            return
        try:
            self.parser.Parse(b"", True)
        except Exception:
            self.failed = True
