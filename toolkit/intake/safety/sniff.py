"""Files that are not zip workbooks: what a non-workbook file is (by its content, never by its
name), and the OLE container (.xls, .doc, OOXML encrypted in OLE) read for encryption, macros,
external links, the 1904 date system and hidden sheets."""

from __future__ import annotations

import io
import re
import struct
import unicodedata

from toolkit.intake.safety.findings import (
    DETECTED_XLS,
    DETECTED_XLS95,
    Inspection,
    _done,
    _Report,
)

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
