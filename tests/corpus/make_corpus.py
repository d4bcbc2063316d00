"""The hostile corpus: every kind of bad or odd file a secretary receives, built for real.

Nothing here is committed as a binary. :func:`build` writes the files into a folder — pledge
workbooks generated from the workspace's own template and then damaged, disguised, converted or
filled the odd ways people fill them, plus a few saved mails — and returns the :class:`Case` list:
each file with the status ingest must give it and the issue codes it must produce.
``tests/test_hostile_corpus.py`` ingests the whole folder in one batch.

    python tests/corpus/make_corpus.py WORKSPACE OUTDIR      # writes the corpus, lists the cases
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import shutil
import struct
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

if __name__ == "__main__":  # run as a script from anywhere: make `tests` and `toolkit` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers import filled_workbook, pledge_rows
from toolkit.config.workspace import Workspace
from toolkit.forms import get_form
from toolkit.forms.workbook import WorkbookContext, write_form

RECEIVED = dt.datetime(2024, 3, 1, 9, 0)          # before the pledge deadline (15/03)
DEADLINE = dt.date(2024, 9, 30)                  # what every good deadline reads as
SERIAL_1900 = 45565.0                            # 30/09/2024 in the 1900 date system
SERIAL_1904 = SERIAL_1900 - 1462                 # ... and in the 1904 one (Mac Excel)
VN = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class Case:
    """One corpus file and what ingest must make of it."""

    file: str                                # file name in the corpus folder
    status: str                              # "stored", "rejected" or "skipped"
    codes: tuple[str, ...] = ()              # issue codes it must produce
    absent: tuple[str, ...] = ()             # codes it must not produce
    what: str = ""                           # the hazard, in a few words
    unit: str = ""                           # the unit a stored workbook belongs to
    same_as: str = ""                        # a good file whose records it must equal
    cells: dict[str, str] = field(default_factory=dict)     # code -> the cell it must name
    sheets: dict[str, str] = field(default_factory=dict)    # code -> the sheet it must name
    values: dict[str, Any] = field(default_factory=dict)    # "table.field" -> every value read


# ------------------------------------------------------------------------------ byte helpers

def rezip(data: bytes, replace: dict[str, bytes | None] | None = None,
          add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip with some parts replaced (None removes them) or added."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename])
                continue
            dst.writestr(info.filename, src.read(info.filename))
        for name, blob in (add or {}).items():
            dst.writestr(name, blob)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def sheet_part(data: bytes, sheet: str) -> str:
    """The zip entry of worksheet ``sheet`` (from workbook.xml and its relationships)."""
    wb = part(data, "xl/workbook.xml").decode()
    rels = part(data, "xl/_rels/workbook.xml.rels").decode()
    for m in re.finditer(r"<sheet\b[^>]*>", wb):
        tag = m.group(0)
        name = re.search(r'name="([^"]*)"', tag).group(1)
        if unicodedata.normalize("NFC", name) == sheet:
            rid = re.search(r'r:id="([^"]*)"', tag).group(1)
            target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]*)"', rels)
            if target is None:
                target = re.search(rf'<Relationship[^>]*Target="([^"]*)"[^>]*Id="{rid}"', rels)
            return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
    raise KeyError(sheet)


def with_openpyxl(data: bytes, edit: Any) -> bytes:
    """Open the workbook in openpyxl, let ``edit(wb)`` change it, save (what a program does)."""
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(data))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def data_cell(data: bytes, sheet: str, person_id: str, header: str, nth: int = 0) -> str:
    """A1 reference of ``header``'s column on the ``nth`` row of ``person_id`` in ``sheet``."""
    import python_calamine as pc
    grid = pc.load_workbook(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()
    head = next(r for r, row in enumerate(grid) if header in row and "Mã cán bộ" in row)
    col = grid[head].index(header)
    pid_col = grid[head].index("Mã cán bộ")
    rows = [r for r in range(head + 1, len(grid)) if grid[r][pid_col] == person_id]
    from toolkit.common.xlref import col_letter
    return f"{col_letter(col)}{rows[nth] + 1}"


# ------------------------------------------------------------------------------ other formats

def _grids(data: bytes) -> list[tuple[str, int, list[list[Any]]]]:
    """(sheet name, state 0 visible / 1 hidden / 2 very hidden, values) of every sheet."""
    import python_calamine as pc
    wb = pc.load_workbook(io.BytesIO(data))
    V = pc.SheetVisibleEnum

    def state(m: Any) -> int:
        return 0 if m.visible == V.Visible else 1 if m.visible == V.Hidden else 2
    return [(m.name, state(m), wb.get_sheet_by_name(m.name).to_python())
            for m in wb.sheets_metadata]


def _serial(value: dt.date | dt.datetime) -> float:
    if isinstance(value, dt.datetime):
        return (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return float((value - dt.date(1899, 12, 30)).days)


def to_xls(data: bytes) -> bytes:
    """The same workbook as Excel 97-2003 (.xls, BIFF8): values only, dates as serial numbers,
    hidden sheets kept hidden. Built record by record in an OLE container."""
    from extract_msg.ole_writer import OleWriter

    def rec(rtype: int, body: bytes) -> bytes:
        return struct.pack("<HH", rtype, len(body)) + body

    def bof(kind: int) -> bytes:
        return rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0))

    def cell(r: int, c: int, v: Any) -> bytes:
        if isinstance(v, bool):
            return rec(0x0205, struct.pack("<HHHBB", r, c, 15, int(v), 0))
        if isinstance(v, (dt.date, dt.datetime)):
            v = _serial(v)
        if isinstance(v, (int, float)):
            return rec(0x0203, struct.pack("<HHHd", r, c, 15, float(v)))
        text = str(v)[:4000]
        return rec(0x0204, struct.pack("<HHHHB", r, c, 15, len(text), 1) + text.encode("utf-16-le"))

    def boundsheet(pos: int, name: str, state: int) -> bytes:
        return rec(0x0085, struct.pack("<IBBBB", pos, state, 0, len(name), 1)
                   + name.encode("utf-16-le"))

    sheets = _grids(data)
    streams = []
    for _, _, grid in sheets:
        body = [bof(0x0010), rec(0x0200, struct.pack("<IIHHH", 0, len(grid), 0,
                                                     max((len(r) for r in grid), default=0), 0))]
        for r, row in enumerate(grid):
            body += [cell(r, c, v) for c, v in enumerate(row) if v not in (None, "")]
        streams.append(b"".join(body) + rec(0x000A, b""))
    head = bof(0x0005) + rec(0x0042, struct.pack("<H", 1200)) + rec(0x0022, struct.pack("<H", 0))
    xfs = rec(0x00E0, struct.pack("<HHH", 0, 0, 0x0001) + bytes(14)) * 16
    pos = len(head) + len(xfs) + sum(len(boundsheet(0, n, s)) for n, s, _ in sheets) + 4
    sheet_records = b""
    for (name, state, _), stream in zip(sheets, streams):
        sheet_records += boundsheet(pos, name, state)
        pos += len(stream)
    book = head + xfs + sheet_records + rec(0x000A, b"") + b"".join(streams)
    writer = OleWriter()
    writer.addEntry(["Workbook"], book + bytes(max(0, 4096 - len(book))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def to_ods(data: bytes) -> bytes:
    """The same workbook as OpenDocument (.ods), as LibreOffice users send it: values, real
    dates, hidden sheets hidden (ODS has no "very hidden")."""

    def cell(v: Any) -> str:
        if v is None or v == "":
            return "<table:table-cell/>"
        if isinstance(v, bool):
            return (f'<table:table-cell office:value-type="boolean" office:boolean-value='
                    f'"{str(v).lower()}"><text:p>{v}</text:p></table:table-cell>')
        if isinstance(v, (dt.date, dt.datetime)):
            return (f'<table:table-cell office:value-type="date" office:date-value='
                    f'"{v.isoformat()}">'
                    f"<text:p>{v:%d/%m/%Y}</text:p></table:table-cell>")
        if isinstance(v, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{v!r}">'
                    f"<text:p>{v}</text:p></table:table-cell>")
        lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(v).split("\n"))
        return f'<table:table-cell office:value-type="string">{lines}</table:table-cell>'

    tables = []
    for name, state, grid in _grids(data):
        rows = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
                       for row in grid)
        tables.append(f"<table:table table:name={quoteattr(name)} "
                      f'table:style-name="{"ta2" if state else "ta1"}">{rows}</table:table>')
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               f'<office:document-content {_ODS_NS} office:version="1.2">'
               '<office:automatic-styles>'
               '<style:style style:name="ta1" style:family="table"><style:table-properties '
               'table:display="true"/></style:style>'
               '<style:style style:name="ta2" style:family="table"><style:table-properties '
               'table:display="false"/></style:style>'
               "</office:automatic-styles><office:body><office:spreadsheet>"
               + "".join(tables) + "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return out.getvalue()


# ------------------------------------------------------------------------------ legacy encodings

def to_tcvn3(text: str) -> str:
    """Unicode Vietnamese → TCVN3 (ABC) as the Latin-1 characters a .VnTime cell holds."""
    from toolkit.common.legacy_encodings import _TCVN3
    back = {v: k for k, v in _TCVN3.items()}
    return "".join(back.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# "Đọc 4 cuốn sách về Bác trong năm" typed with a VNI-Windows font
VNI_TEXT = "Ñoïc 4 cuoán saùch veà Baùc trong naêm"
VNI_MEANS = "Đọc 4 cuốn sách về Bác trong năm"


# ------------------------------------------------------------------------------ hostile parts

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
              for i in range(1, 10))
    + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
      'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
).encode()

EXTERNAL_LINK = (
    b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><externalBook r:id="rId1"/></externalLink>')
EXTERNAL_LINK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/Bao%20cao/tong-hop.xlsx"'
    b' TargetMode="External"/></Relationships>')


def zip_bomb(good: bytes) -> bytes:
    """The template with one more part that inflates 1000:1 (32 MB of zeros in ~32 KB)."""
    zeros = bytes(2**20)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        with dst.open("xl/media/image1.png", "w", force_zip64=True) as f:
            for _ in range(32):
                f.write(zeros)
    return buf.getvalue()


def million_rows(good: bytes, sheet: str) -> bytes:
    """``sheet`` filled down to row 1,048,576 (a value in every row), as a careless fill-down."""
    key = sheet_part(good, sheet)
    xml = part(good, key)
    head, tail = xml.split(b"</sheetData>")
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', head))
    rows = b"".join(b'<row r="%d"><c r="J%d"><v>0</v></c></row>' % (r, r)
                    for r in range(last + 1, 1_048_577))
    return rezip(good, replace={key: head + rows + b"</sheetData>" + tail})


def far_cell(good: bytes, sheet: str) -> bytes:
    """One stray value in XFD1048576 (the last cell of a sheet): python-calamine would try to
    allocate the whole grid."""
    key = sheet_part(good, sheet)
    xml = part(good, key)
    stray = (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
             b"</sheetData>")
    return rezip(good, replace={key: xml.replace(b"</sheetData>", stray, 1)})


def trailing_blank_rows(good: bytes, sheet: str, until: int = 3000) -> bytes:
    """Formatted but empty rows (and cells holding only spaces) after the data, down to ``until``:
    what fill-down of a border format or a stray space bar leaves."""
    key = sheet_part(good, sheet)
    xml = part(good, key)
    head, tail = xml.split(b"</sheetData>")
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', head))
    extra = []
    for r in range(last + 1, until + 1):
        if r % 500 == 0:
            extra.append(b'<row r="%d"><c r="D%d" t="inlineStr"><is><t xml:space="preserve">   '
                         b"</t></is></c><c r=\"F%d\" t=\"inlineStr\"><is><t>\xc2\xa0</t></is></c>"
                         b"</row>" % (r, r, r))
        else:
            extra.append(b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/><c r="H%d" s="1"/>'
                         b"</row>" % (r, r, r))
    return rezip(good, replace={key: head + b"".join(extra) + b"</sheetData>" + tail})


def external_links(good: bytes) -> bytes:
    wb = part(good, "xl/workbook.xml").decode()
    wb = wb.replace("</sheets>", '</sheets><externalReferences><externalReference r:id="rId99"/>'
                    "</externalReferences>")
    rels = part(good, "xl/_rels/workbook.xml.rels").decode().replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>')
    ct = part(good, "[Content_Types].xml").decode().replace(
        "</Types>", '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    return rezip(good, replace={"xl/workbook.xml": wb.encode(),
                                "xl/_rels/workbook.xml.rels": rels.encode(),
                                "[Content_Types].xml": ct.encode()},
                 add={"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK,
                      "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_LINK_RELS})


def as_xlsm(good: bytes) -> bytes:
    """Saved as a macro-enabled workbook, with a (never run) VBA project."""
    ct = part(good, "[Content_Types].xml").decode().replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    ct = ct.replace("</Types>", '<Default Extension="bin" ContentType="application/'
                    'vnd.ms-office.vbaProject"/></Types>')
    rels = part(good, "xl/_rels/workbook.xml.rels").decode().replace(
        "</Relationships>",
        '<Relationship Id="rId98" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>')
    vba = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub Auto_Open(): Shell \"cmd\": End Sub"
           + bytes(400))
    return rezip(good, replace={"[Content_Types].xml": ct.encode(),
                                "xl/_rels/workbook.xml.rels": rels.encode()},
                 add={"xl/vbaProject.bin": vba})


def date1904(good: bytes) -> bytes:
    wb = part(good, "xl/workbook.xml").decode()
    if "<workbookPr" in wb:
        wb = wb.replace("<workbookPr", '<workbookPr date1904="1"', 1)
    else:
        wb = wb.replace("<sheets>", '<workbookPr date1904="1"/><sheets>', 1)
    return rezip(good, replace={"xl/workbook.xml": wb.encode()})


# ------------------------------------------------------------------------------ mails

def mail_bytes(sender: str, subject: str, when: dt.datetime, message_id: str,
               attachments: list[tuple[str, bytes]] = (), inner: EmailMessage | None = None
               ) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vanphong@example.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when.replace(tzinfo=VN))
    msg["Message-ID"] = message_id
    msg.set_content("Kính gửi Văn phòng.")
    for name, blob in attachments:
        msg.add_attachment(blob, maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           filename=name)
    if inner is not None:
        msg.add_attachment(inner)          # message/rfc822: a forwarded mail
    return bytes(msg)


# ------------------------------------------------------------------------------ the corpus

def _write(folder: Path, name: str, data: bytes, n: int) -> None:
    path = folder / name
    path.write_bytes(data)
    when = (RECEIVED + dt.timedelta(minutes=n)).timestamp()
    os.utime(path, (when, when))


def _pledge(ws: Workspace, unit: str, rows: dict[str, list[dict[str, Any]]], tmp: Path) -> bytes:
    path = filled_workbook(ws, tmp / f"{unit}-{len(list(tmp.iterdir()))}.xlsx", unit, rows)
    return path.read_bytes()


def _edit_rows(rows: dict[str, list[dict[str, Any]]], fn: Any) -> dict[str, list[dict[str, Any]]]:
    """A deep copy of ``rows`` with ``fn(row)`` applied to every filled pledge row."""
    out = copy.deepcopy(rows)
    for i, row in enumerate(r for r in out["pledges"] if r.get("action")):
        fn(i, row)
    return out


def _quarterly(ws: Workspace, unit: str, pledge: dict[str, list[dict[str, Any]]], tmp: Path
               ) -> bytes:
    """A quarterly report for ``unit`` whose numbers were typed as text ("60", "62,5", "3")."""
    roster = ws.roster()
    doing = ws.config.progress_scale[1]
    progress, seen = [], {}
    for row in pledge["pledges"]:
        if not row.get("action"):
            continue
        n = seen[row["person_id"]] = seen.get(row["person_id"], 0) + 1
        progress.append({"person_id": row["person_id"], "name": row["name"], "action_no": n,
                         "action": row["action"], "deadline": row["deadline"],
                         "progress": doing, "percent": "60" if n == 1 else "62,5",
                         "result": "Đã làm được hơn một nửa"})
    people = [{"person_id": p.person_id, "name": p.name, "position": p.position,
               "sessions_attended": "3", "self_assessment": "Khá", "head_assessment": "Tốt"}
              for p in roster.people_of(unit)]
    ctx = WorkbookContext(config=ws.config, unit=roster.units[unit], period="2024-Q1",
                          generated_at=RECEIVED)
    path = write_form(tmp / f"q-{unit}.xlsx", get_form("quarterly"), ctx,
                      {"progress": progress, "people": people})
    return path.read_bytes()


def build(ws: Workspace, folder: Path) -> list[Case]:
    """Write the corpus for workspace ``ws`` into ``folder``; return its cases."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / (folder.name + "-work")
    tmp.mkdir(exist_ok=True)
    roster = ws.roster()
    units = list(roster.units)
    a, b, c = units[:3]
    sheet = get_form("pledge").tables[0].sheet                      # "Đăng ký"
    cases: list[Case] = []
    n = 0

    def add(case: Case, data: bytes) -> None:
        nonlocal n
        _write(folder, case.file, data, n)
        n += 1
        cases.append(case)

    # the good workbooks, one per unit: stored clean, and the yardstick for the odd ones
    rows = {u: pledge_rows(ws, u) for u in units[:3]}
    good = {u: _pledge(ws, u, rows[u], tmp) for u in units[:3]}
    for u in units[:3]:
        add(Case(f"00-tot-{u}.xlsx", "stored", what="a good workbook", unit=u), good[u])
    ref = f"00-tot-{a}.xlsx"
    first_pid = next(r["person_id"] for r in rows[a]["pledges"] if r.get("action"))

    # ---- hostile containers: rejected before any parser
    add(Case("10-bom-zip.xlsx", "rejected", ("FILE_ZIP_BOMB",), what="zip bomb"), zip_bomb(good[a]))
    add(Case("11-thuc-the-xml.xlsx", "rejected", ("FILE_XML_ENTITIES",),
             what="XML entity expansion (billion laughs)"),
        rezip(good[a], replace={"xl/sharedStrings.xml": BILLION_LAUGHS}))
    from toolkit.common.crypto import encrypt_file
    locked = tmp / "mat-khau.xlsx"
    locked.write_bytes(good[a])
    encrypt_file(locked, "matkhau-2024")
    add(Case("12-mat-khau.xlsx", "rejected", ("FILE_ENCRYPTED",),
             what="password-encrypted workbook"), locked.read_bytes())
    add(Case("13-trang-web.xlsx", "rejected", ("FILE_NOT_WORKBOOK",), what="HTML renamed .xlsx"),
        ("<html><head><meta charset='utf-8'></head><body><table><tr><td>Mã cán bộ</td>"
         "<td>Việc làm theo</td></tr><tr><td>CB001</td><td>Đọc sách</td></tr></table></body>"
         "</html>").encode())
    add(Case("14-bang-csv.xlsx", "rejected", ("FILE_NOT_WORKBOOK",), what="CSV renamed .xlsx"),
        "Mã cán bộ,Họ và tên,Việc làm theo\r\nCB001,Nguyễn Văn A,Đọc 4 cuốn sách\r\n".encode(
            "utf-8-sig"))
    add(Case("15-tai-do-dang.xlsx", "rejected", ("FILE_TRUNCATED",), what="truncated zip"),
        good[a][:len(good[a]) * 2 // 3])
    add(Case("16-rong.xlsx", "rejected", ("FILE_EMPTY",), what="empty file"), b"")
    add(Case("17-trieu-dong.xlsx", "rejected", ("FILE_SHEET_TOO_LARGE",),
             what="a sheet filled down to row 1,048,576", sheets={"FILE_SHEET_TOO_LARGE": sheet}),
        million_rows(good[a], sheet))
    add(Case("18-o-cuoi.xlsx", "rejected", ("FILE_SHEET_TOO_LARGE",),
             what="one stray value in XFD1048576", sheets={"FILE_SHEET_TOO_LARGE": sheet}),
        far_cell(good[a], sheet))

    add(Case("19-ngay-so-am.xlsx", "rejected", ("FILE_READ_FAILED",),
             what="a huge negative number in a date cell (python-calamine panics on it)"),
        _pledge(ws, a, _edit_rows(rows[a], lambda i, r: r.update(deadline=-1e12)
                                  if i == 0 else None), tmp))

    # ---- template identity
    add(Case("20-mat-trang-an.xlsx", "rejected", ("META_MISSING",),
             what="hidden metadata sheet deleted"),
        with_openpyxl(good[a], lambda wb: wb.remove(wb["_meta"])))

    def tamper(wb: Any) -> None:
        meta = wb["_meta"]
        for row in meta.iter_rows():
            if row[0].value == "unit_code":
                row[1].value = b
    add(Case("21-sua-trang-an.xlsx", "rejected", ("META_TAMPERED",),
             what="hidden metadata edited (unit code)"), with_openpyxl(good[a], tamper))

    # ---- read, with a warning
    add(Case("30-macro.xlsm", "stored", ("FILE_MACROS",), what=".xlsm: values read, macros never "
             "run", unit=a, same_as=ref), as_xlsm(good[a]))
    add(Case("31-excel-cu.xls", "stored", ("FILE_LEGACY_FORMAT",),
             what="legacy .xls (BIFF8) made from the template", unit=a, same_as=ref),
        to_xls(good[a]))
    add(Case("32-libreoffice.ods", "stored", ("FILE_LEGACY_FORMAT",),
             what=".ods made from the template", unit=a, same_as=ref), to_ods(good[a]))
    add(Case("33-lien-ket.xlsx", "stored", ("FILE_EXTERNAL_LINKS",), what="external links",
             unit=a, same_as=ref), external_links(good[a]))

    def hide_data(wb: Any) -> None:
        scratch = wb.create_sheet("Nháp")
        scratch["A1"] = "Danh sách dự kiến"
        scratch["B3"] = "Đọc 10 cuốn sách"
        scratch.sheet_state = "hidden"
        empty = wb.create_sheet("Trống")
        empty["A1"] = "   "
        empty.sheet_state = "hidden"
    add(Case("34-trang-an-co-du-lieu.xlsx", "stored", ("FILE_HIDDEN_DATA",),
             what="data in a hidden sheet the unit added", unit=a, same_as=ref,
             sheets={"FILE_HIDDEN_DATA": "Nháp"}), with_openpyxl(good[a], hide_data))

    goal_cell = data_cell(good[a], sheet, first_pid, "Mục tiêu, kết quả cần đạt")

    def formula(wb: Any) -> None:
        wb[sheet][goal_cell] = '="Đạt "&100&"% chỉ tiêu"'
    add(Case("35-cong-thuc.xlsx", "stored", ("FILE_FORMULA_NO_VALUE",),
             what="a formula with no cached value (saved by a program)", unit=a,
             cells={"FILE_FORMULA_NO_VALUE": goal_cell},
             sheets={"FILE_FORMULA_NO_VALUE": sheet}), with_openpyxl(good[a], formula))
    add(Case("36-tcvn3.xlsx", "stored", ("FILE_LEGACY_ENCODING",),
             what="TCVN3 (.VnTime) text", unit=a),
        _pledge(ws, a, _edit_rows(rows[a], lambda i, r: r.update(
            action=to_tcvn3("Đọc 4 cuốn sách về Bác, mỗi quý một cuốn")) if i == 0 else None),
            tmp))
    add(Case("37-vni.xlsx", "stored", ("FILE_LEGACY_ENCODING",), what="VNI-Windows text", unit=a),
        _pledge(ws, a, _edit_rows(rows[a], lambda i, r: r.update(action=VNI_TEXT)
                                  if i == 0 else None), tmp))

    # ---- accepted as if typed normally: same records as the good workbook, no issue
    dates = ["30/9/2024", SERIAL_1900, "30/09/2024", DEADLINE, " 30/09/2024 "]
    add(Case("40-ngay-chu-va-so.xlsx", "stored", absent=("DATE_INVALID", "DATE_OUT_OF_RANGE"),
             what="dates as text and as serial numbers", unit=a, same_as=ref),
        _pledge(ws, a, _edit_rows(rows[a], lambda i, r: r.update(deadline=dates[i % len(dates)])),
                tmp))
    add(Case("41-mac-1904.xlsx", "stored", ("FILE_DATE_1904",),
             absent=("DATE_INVALID", "DATE_OUT_OF_RANGE"),
             what="the 1904 date system (Mac Excel)", unit=a, same_as=ref),
        date1904(_pledge(ws, a, _edit_rows(rows[a], lambda i, r: r.update(deadline=SERIAL_1904)),
                         tmp)))

    def merge(wb: Any) -> None:
        ws_ = wb[sheet]
        top = data_cell(good[a], sheet, first_pid, "Ghi chú", 0)
        below = data_cell(good[a], sheet, first_pid, "Ghi chú", 1)
        ws_[top] = "Chung cho cả hai việc"
        ws_.merge_cells(f"{top}:{below}")
    add(Case("42-gop-o.xlsx", "stored", absent=("HEADER_MISSING", "REQUIRED_MISSING"),
             what="merged cells in the table", unit=a), with_openpyxl(good[a], merge))
    add(Case("43-dong-trong-cuoi.xlsx", "stored", absent=("ACTION_EMPTY", "PERSON_UNKNOWN"),
             what="3,000 formatted blank rows and whitespace-only cells after the data", unit=a,
             same_as=ref), trailing_blank_rows(good[a], sheet))
    add(Case("44-o-chi-co-dau-cach.xlsx", "stored", absent=("ACTION_EMPTY", "PERSON_UNKNOWN"),
             what="whitespace-only cells", unit=a, same_as=ref),
        _pledge(ws, a, _edit_rows(rows[a], lambda i, r: r.update(note=" \u00a0 \t")), tmp))
    nfd_name = unicodedata.normalize("NFD", "45-Bản đăng ký tổ hợp.xlsx")
    add(Case(nfd_name, "stored", what="decomposed (NFD) text and file name", unit=a,
             same_as=ref),
        _pledge(ws, a, _edit_rows(rows[a], lambda i, r: r.update(
            action=unicodedata.normalize("NFD", r["action"]),
            goal=unicodedata.normalize("NFD", r["goal"]))), tmp))
    add(Case("46-so-dang-chu.xlsx", "stored", absent=("NUMBER_INVALID", "NUMBER_RANGE"),
             what="numbers typed as text (\"60\", \"62,5\", \"3\")", unit=b,
             values={"progress.percent": {60.0, 62.5}, "people.sessions_attended": {3}}),
        _quarterly(ws, b, rows[b], tmp))

    # ---- mails
    add(Case("50-thu-hong.eml", "skipped", ("MAIL_UNREADABLE",), what="a broken .eml"),
        bytes(range(256)) * 10)
    email_c = roster.units[c].email
    add(Case("51-thu-khong-tep.eml", "skipped", ("MAIL_NO_WORKBOOK",),
             what="a mail with no attachment"),
        mail_bytes(email_c, "Bản đăng ký việc làm theo", dt.datetime(2024, 3, 2, 8),
                   "<trong@x.vn>"))
    inner = EmailMessage()
    inner["From"] = f"Tổ công đoàn <{email_c}>"
    inner["Subject"] = "Bản đăng ký của phòng"
    inner.set_content("Gửi chị bản đăng ký.")
    fwd_rows = _edit_rows(rows[c], lambda i, r: r.update(goal=r["goal"] + " (bản chuyển tiếp)"))
    inner.add_attachment(_pledge(ws, c, fwd_rows, tmp), maintype="application",
                         subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         filename="Bản đăng ký – chuyển tiếp.xlsx")
    add(Case("52-thu-chuyen-tiep.eml", "stored", what="a forwarded mail with the workbook inside",
             unit=c), mail_bytes(email_c, "Fwd: Bản đăng ký của phòng", dt.datetime(2024, 3, 2, 9),
                                 "<chuyen-tiep@x.vn>", inner=inner))
    shutil.rmtree(tmp, ignore_errors=True)
    return cases


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    ws = Workspace.open(Path(argv[0]))
    for case in build(ws, Path(argv[1])):
        print(f"{case.file:40} {case.status:9} {' '.join(case.codes) or '-':28} {case.what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
