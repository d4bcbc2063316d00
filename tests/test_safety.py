"""Received files are hostile until inspected: every hazard is built for real and inspected."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus.make_corpus import external_links, rezip
from tests.corpus.make_corpus import part as read_part
from toolkit.common.issues import CATALOGUE
from toolkit.intake.safety import Inspection, Limits, inspect_bytes

# ------------------------------------------------------------------------------ builders

def make_xlsx(path: Path, rows: int = 30, options: dict | None = None,
              hidden: bool = True) -> bytes:
    """A normal small workbook as the toolkit sends it: a data sheet and a hidden meta sheet."""
    wb = xlsxwriter.Workbook(str(path), options or {})
    ws = wb.add_worksheet("Đăng ký")
    ws.write_row(0, 0, ["STT", "Họ và tên", "Việc làm theo", "Thời hạn"])
    for r in range(1, rows):
        ws.write_row(r, 0, [r, f"Nguyễn Văn {r}", "Giải quyết 100% hồ sơ đúng hạn", 45000 + r])
    ws.merge_range("F1:H1", "Tiêu đề gộp ô")
    meta = wb.add_worksheet("_meta")
    meta.write(0, 0, "form_id")
    meta.write(0, 1, "pledge")
    if hidden:
        meta.very_hidden()
    lists = wb.add_worksheet("Danh mục")
    lists.write_column(0, 0, ["Tốt", "Khá", "Đạt"])
    lists.hide()
    wb.close()
    return path.read_bytes()




def sheet_xml(cells: str, dimension: str = "A1") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>'
    ).encode()


def codes(ins: Inspection) -> set[str]:
    return {f.code for f in ins.findings}


def errors(ins: Inspection) -> set[str]:
    return {f.code for f in ins.findings if CATALOGUE[f.code].severity == "error"}


@pytest.fixture
def xlsx(tmp_path: Path) -> bytes:
    return make_xlsx(tmp_path / "Bản đăng ký.xlsx")


# ------------------------------------------------------------------------------ the normal case

def test_normal_workbook_is_clean_and_readable(xlsx: bytes) -> None:
    ins = inspect_bytes("Bản đăng ký.xlsx", xlsx)
    assert ins.kind == "xlsx"
    assert ins.readable
    assert ins.findings == ()
    assert ins.date1904 is False
    assert ins.external_links == 0
    # A1:D30 plus the title written in F1; the merge F1:H1 holds no cell of its own
    assert ins.sheet_extents["Đăng ký"] == (30, 6)
    assert ins.sheet_extents["_meta"] == (1, 2)
    assert set(ins.hidden_sheets) == {"_meta", "Danh mục"}


def test_normal_workbook_inspects_fast(xlsx: bytes) -> None:
    for _ in range(5):
        inspect_bytes("a.xlsx", xlsx)
    n = 50
    start = time.perf_counter()
    for _ in range(n):
        inspect_bytes("a.xlsx", xlsx)
    per_file = (time.perf_counter() - start) / n
    assert per_file < 0.005, f"{per_file * 1000:.2f} ms per workbook"


def test_extension_is_ignored(xlsx: bytes) -> None:
    assert inspect_bytes("bao-cao.xls", xlsx).kind == "xlsx"
    assert inspect_bytes("bao-cao", xlsx).readable


# ------------------------------------------------------------------------------ size and sniffing

def test_empty_file() -> None:
    ins = inspect_bytes("a.xlsx", b"")
    assert codes(ins) == {"FILE_EMPTY"} and not ins.readable and ins.kind == ""


def test_too_large(xlsx: bytes) -> None:
    ins = inspect_bytes("a.xlsx", xlsx, Limits(max_file_bytes=1000))
    assert codes(ins) == {"FILE_TOO_LARGE"} and not ins.readable
    args = ins.findings[0].args
    assert set(args) == {"size_mb", "limit_mb"}


@pytest.mark.parametrize("content, detected_word", [
    (b"\xef\xbb\xbf  <!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>",
     "HTML"),
    (b"<table border=1><tr><td>Nguy\xe1\xbb\x85n</td></tr></table>", "HTML"),
    ("STT,Họ và tên,Việc làm\n1,Nguyễn Văn A,Đọc sách\n".encode(), "CSV"),
    ("STT;Họ tên\n1;A\n".encode("utf-16"), "CSV"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20, "ảnh"),
    (b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook '
     b'xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>', "XML"),
])
def test_not_a_workbook(tmp_path: Path, content: bytes, detected_word: str) -> None:
    ins = inspect_bytes("Bản đăng ký.xlsx", content)
    assert codes(ins) == {"FILE_NOT_WORKBOOK"}
    assert not ins.readable and ins.kind == ""
    assert detected_word in ins.findings[0].args["detected"]


def test_word_document_renamed(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    ins = inspect_bytes("a.xlsx", buf.getvalue())
    assert codes(ins) == {"FILE_NOT_WORKBOOK"}
    assert "Word" in ins.findings[0].args["detected"]


def test_plain_zip_of_workbooks_is_not_a_workbook(xlsx: bytes) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("don-vi-1.xlsx", xlsx)
    assert codes(inspect_bytes("gom.xlsx", buf.getvalue())) == {"FILE_NOT_WORKBOOK"}


# ------------------------------------------------------------------------------ damaged zips

def test_truncated_zip(xlsx: bytes) -> None:
    for cut in (len(xlsx) // 2, len(xlsx) - 10, 100):
        ins = inspect_bytes("a.xlsx", xlsx[:cut])
        assert codes(ins) == {"FILE_TRUNCATED"}, cut
        assert not ins.readable


def test_corrupted_part_fails_crc(xlsx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(xlsx)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x55
    ins = inspect_bytes("a.xlsx", bytes(data))
    assert codes(ins) == {"FILE_TRUNCATED"}
    assert not ins.readable


@pytest.mark.parametrize("name", [b"\0", b"\0rest"])
def test_entry_name_empty_or_cut_at_nul(xlsx: bytes, name: bytes) -> None:
    """zipfile cuts a name at its first NUL byte; an empty name is a damaged directory, not a
    crash (inspect_bytes never raises for bad input)."""
    extra = rezip(xlsx, add={"x" * len(name): b"abc"})
    data = bytearray(extra)
    at = data.rfind(b"PK\x01\x02")                      # the added entry's directory record
    assert bytes(data[at + 46:at + 46 + len(name)]) == b"x" * len(name)
    data[at + 46:at + 46 + len(name)] = name
    ins = inspect_bytes("a.xlsx", bytes(data))
    assert codes(ins) == {"FILE_TRUNCATED"}
    assert not ins.readable


def test_missing_workbook_part(xlsx: bytes) -> None:
    broken = rezip(xlsx, replace={"xl/workbook.xml": None})
    ins = inspect_bytes("a.xlsx", broken)
    assert codes(ins) == {"FILE_NOT_WORKBOOK"}


def test_missing_content_types(xlsx: bytes) -> None:
    broken = rezip(xlsx, replace={"[Content_Types].xml": None})
    ins = inspect_bytes("a.xlsx", broken)
    assert not ins.readable and codes(ins) == {"FILE_READ_FAILED"}


# ------------------------------------------------------------------------------ zip bombs

@pytest.fixture(scope="module")
def zeros_bomb() -> bytes:
    """One entry of 200 MB of zeros, streamed through the compressor (~200 KB on disk)."""
    buf = io.BytesIO()
    chunk = bytes(2**20)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(200):
                f.write(chunk)
    return buf.getvalue()


def test_zip_bomb_by_ratio(zeros_bomb: bytes) -> None:
    assert len(zeros_bomb) < 2**20
    start = time.perf_counter()
    ins = inspect_bytes("a.xlsx", zeros_bomb)
    assert time.perf_counter() - start < 0.5          # judged from the directory, not inflated
    assert codes(ins) == {"FILE_ZIP_BOMB"} and not ins.readable
    assert "1" in ins.findings[0].args["reason"]


def test_zip_bomb_by_total_size(zeros_bomb: bytes) -> None:
    ins = inspect_bytes("a.xlsx", zeros_bomb, Limits(max_uncompressed_bytes=100 * 2**20,
                                                     max_ratio=10**9))
    assert codes(ins) == {"FILE_ZIP_BOMB"}


def test_zip_bomb_by_entry_count() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(2001):
            z.writestr(f"x/{i}.xml", b"")
    ins = inspect_bytes("a.xlsx", buf.getvalue())
    assert codes(ins) == {"FILE_ZIP_BOMB"}


def _patch_declared_size(data: bytes, name: str, new_size: int) -> bytes:
    """Make the zip directory lie: the entry claims ``new_size`` bytes uncompressed."""
    out = bytearray(data)
    encoded = name.encode()
    pos = 0
    while True:
        pos = out.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        n = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46:pos + 46 + n]) == encoded:
            struct.pack_into("<I", out, pos + 24, new_size)
            offset = struct.unpack_from("<I", out, pos + 42)[0]
            struct.pack_into("<I", out, offset + 22, new_size)
        pos += 4
    return bytes(out)


def test_part_inflating_beyond_its_declared_size(xlsx: bytes) -> None:
    big_sheet = sheet_xml("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'
                                  for r in range(1, 20001)))
    data = rezip(xlsx, replace={"xl/worksheets/sheet1.xml": big_sheet})
    lying = _patch_declared_size(data, "xl/worksheets/sheet1.xml", 1000)
    ins = inspect_bytes("a.xlsx", lying)
    assert codes(ins) == {"FILE_ZIP_BOMB"}
    assert not ins.readable


def test_duplicate_part_names(xlsx: bytes) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        with pytest.warns(UserWarning):
            dst.writestr("xl/worksheets/sheet1.xml", sheet_xml('<row r="1"><c r="A1"/></row>'))
    assert codes(inspect_bytes("a.xlsx", buf.getvalue())) == {"FILE_ZIP_BOMB"}


# ------------------------------------------------------------------------------ XML entities

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
              for i in range(1, 10))
    + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
      'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)


def test_billion_laughs_shared_strings(xlsx: bytes) -> None:
    data = rezip(xlsx, replace={"xl/sharedStrings.xml": BILLION_LAUGHS.encode()})
    ins = inspect_bytes("a.xlsx", data)
    assert "FILE_XML_ENTITIES" in codes(ins)
    assert not ins.readable
    assert next(f for f in ins.findings if f.code == "FILE_XML_ENTITIES").args["part"] == \
        "xl/sharedStrings.xml"


def test_entities_hidden_in_utf16(xlsx: bytes) -> None:
    payload = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" '
                                     'encoding="UTF-16"?>').encode("utf-16")
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/sharedStrings.xml": payload}))
    assert "FILE_XML_ENTITIES" in codes(ins)


def test_doctype_after_a_long_prolog(xlsx: bytes) -> None:
    prolog = '<?xml version="1.0"?>' + "<!-- " + "đệm " * 40000 + "-->" + " " * 100_000
    payload = (prolog + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst>&e;</sst>')
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/sharedStrings.xml": payload.encode()}))
    assert "FILE_XML_ENTITIES" in codes(ins)


def test_entity_in_workbook_xml_is_not_parsed(xlsx: bytes) -> None:
    wb = read_part(xlsx, "xl/workbook.xml").decode()
    wb = wb.replace("?>", '?><!DOCTYPE workbook [<!ENTITY x "Đăng ký">]>', 1)
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/workbook.xml": wb.encode()}))
    assert "FILE_XML_ENTITIES" in codes(ins) and not ins.readable


def test_doctype_in_relationships(xlsx: bytes) -> None:
    rels = read_part(xlsx, "_rels/.rels").decode().replace("?>", "?><!DOCTYPE r SYSTEM "
                                                           '"http://evil.example/x.dtd">', 1)
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"_rels/.rels": rels.encode()}))
    assert "FILE_XML_ENTITIES" in codes(ins)


# ------------------------------------------------------------------------------ encryption, macros

def test_encrypted_workbook(xlsx: bytes) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx)).encrypt("matkhau", out)
    ins = inspect_bytes("a.xlsx", out.getvalue())
    assert codes(ins) == {"FILE_ENCRYPTED"}
    assert not ins.readable and ins.kind == ""


def test_zip_level_encryption_is_encrypted(xlsx: bytes) -> None:
    data = bytearray(xlsx)
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            data[pos + flag_at] |= 1
            pos += 4
    assert codes(inspect_bytes("a.xlsx", bytes(data))) == {"FILE_ENCRYPTED"}


def test_xlsm_with_vba_project(xlsx: bytes) -> None:
    ct = read_part(xlsx, "[Content_Types].xml").decode().replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    data = rezip(xlsx, replace={"[Content_Types].xml": ct.encode()},
                 add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 500})
    ins = inspect_bytes("a.xlsm", data)
    assert ins.kind == "xlsm" and ins.readable
    assert codes(ins) == {"FILE_MACROS"}


def test_vba_project_alone_marks_macros(xlsx: bytes) -> None:
    ins = inspect_bytes("a.xlsx", rezip(xlsx, add={"xl/vbaProject.bin": b"\x00" * 64}))
    assert ins.kind == "xlsm" and "FILE_MACROS" in codes(ins)


# ------------------------------------------------------------------------------ sheet extents

def test_single_cell_at_xfd1048576(xlsx: bytes) -> None:
    cells = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = rezip(xlsx, replace={"xl/worksheets/sheet1.xml": sheet_xml(cells)})
    assert len(data) < 10_000
    ins = inspect_bytes("a.xlsx", data)
    assert codes(ins) == {"FILE_SHEET_TOO_LARGE"}
    assert not ins.readable
    finding = ins.findings[0]
    assert finding.sheet == "Đăng ký"
    assert finding.args["rows"] == 1048576 and finding.args["cols"] == 16384
    assert finding.args["limit_rows"] == 100_000
    assert ins.sheet_extents["Đăng ký"] == (1048576, 16384)


def test_dimension_is_not_trusted(xlsx: bytes) -> None:
    small_claim = sheet_xml('<row r="200000"><c r="B200000"><v>1</v></c></row>', "A1:B2")
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/worksheets/sheet1.xml": small_claim}))
    assert "FILE_SHEET_TOO_LARGE" in codes(ins)
    big_claim = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:XFD1048576")
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/worksheets/sheet1.xml": big_claim}))
    assert ins.readable and ins.sheet_extents["Đăng ký"] == (1, 1)


def test_cells_without_r_are_counted(xlsx: bytes) -> None:
    cells = "<row>" + "<c><v>1</v></c>" * 600 + "</row>"
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/worksheets/sheet1.xml":
                                                       sheet_xml(cells)}))
    assert "FILE_SHEET_TOO_LARGE" in codes(ins)
    assert ins.sheet_extents["Đăng ký"][1] > 500


def test_r_attribute_in_any_position_or_escaped(xlsx: bytes) -> None:
    for cell in ('<c t="n" s="0" r="XFD5"><v>1</v></c>', "<c r='XFD5'><v>1</v></c>",
                 '<c r="&#88;FD5"><v>1</v></c>', '<x:c r="XFD5"><x:v>1</x:v></x:c>'):
        xml = sheet_xml(f'<row r="5">{cell}</row>')
        ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/worksheets/sheet1.xml": xml}))
        assert "FILE_SHEET_TOO_LARGE" in codes(ins), cell


def test_commented_cells_do_not_count(xlsx: bytes) -> None:
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c><!-- <c r="XFD1048576"/> --></row>'
                    '<row r="2"><c r="B2" t="inlineStr"><is><t><![CDATA[<c r="ZZ9">]]></t></is>'
                    "</c></row>")
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/worksheets/sheet1.xml": xml}))
    assert ins.readable
    assert ins.sheet_extents["Đăng ký"] == (2, 2)


def test_huge_merged_range(xlsx: bytes) -> None:
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
        b"</mergeCells>")
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/worksheets/sheet1.xml": xml}))
    assert "FILE_SHEET_TOO_LARGE" in codes(ins)


def test_whole_row_merge_is_fine(xlsx: bytes) -> None:
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1"/>'
        b"</mergeCells>")
    ins = inspect_bytes("a.xlsx", rezip(xlsx, replace={"xl/worksheets/sheet1.xml": xml}))
    assert ins.readable


def test_big_but_allowed_sheet_spans_chunks(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "big.xlsx"))
    ws = wb.add_worksheet("Lớn")
    for r in range(5000):
        ws.write_row(r, 0, [f"Người {r}", r, r * 2.5, "Hoàn thành tốt nhiệm vụ"])
    ws.write(4999, 20, "cuối")
    wb.close()
    ins = inspect_bytes("big.xlsx", (tmp_path / "big.xlsx").read_bytes())
    assert ins.readable and ins.sheet_extents["Lớn"] == (5000, 21)


def test_too_many_rows_with_lower_limit(xlsx: bytes) -> None:
    ins = inspect_bytes("a.xlsx", xlsx, Limits(max_rows=10))
    assert "FILE_SHEET_TOO_LARGE" in codes(ins)
    assert not ins.readable


# ------------------------------------------------------------------------------ workbook facts

def test_date1904(tmp_path: Path) -> None:
    data = make_xlsx(tmp_path / "mac.xlsx", options={"date_1904": True})
    ins = inspect_bytes("mac.xlsx", data)
    assert ins.date1904 is True
    assert codes(ins) == {"FILE_DATE_1904"}
    assert ins.readable


def test_external_links(xlsx: bytes) -> None:
    data = external_links(xlsx)
    ins = inspect_bytes("a.xlsx", data)
    assert ins.external_links == 1
    assert codes(ins) == {"FILE_EXTERNAL_LINKS"}
    assert ins.findings[0].args == {"count": 1}
    assert ins.readable


# ------------------------------------------------------------------------------ other formats

def _ods(content_body: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                   'opendocument:xmlns:manifest:1.0"/>')
        z.writestr("content.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
                   'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                   'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                   '<office:automatic-styles><style:style style:name="ta2" style:family="table">'
                   '<style:table-properties table:display="false"/></style:style>'
                   '</office:automatic-styles><office:body><office:spreadsheet>'
                   f"{content_body}</office:spreadsheet></office:body></office:document-content>")
    return buf.getvalue()


ODS_TABLES = (
    '<table:table table:name="Đăng ký"><table:table-row><table:table-cell office:value-type='
    '"string"><text:p>STT</text:p></table:table-cell><table:table-cell table:number-columns-'
    'repeated="2"/><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p>'
    '</table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>'
    '<table:table table:name="_meta" table:style-name="ta2"><table:table-row><table:table-cell '
    'office:value-type="string"><text:p>pledge</text:p></table:table-cell></table:table-row>'
    "</table:table>"
)


def test_ods_is_read_with_a_warning() -> None:
    ins = inspect_bytes("a.ods", _ods(ODS_TABLES))
    assert ins.kind == "ods" and ins.readable
    assert codes(ins) == {"FILE_LEGACY_FORMAT"}
    assert ins.findings[0].args["detected"] == "OpenDocument (.ods)"
    assert ins.sheet_extents == {"Đăng ký": (1, 4), "_meta": (1, 1)}
    assert ins.hidden_sheets == ("_meta",)


def test_ods_with_huge_repeated_data() -> None:
    body = ('<table:table table:name="T"><table:table-row table:number-rows-repeated="500000">'
            '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
            "</table:table>")
    ins = inspect_bytes("a.ods", _ods(body))
    assert "FILE_SHEET_TOO_LARGE" in codes(ins) and not ins.readable


def _ole(streams: dict[str, bytes]) -> bytes:
    from extract_msg.ole_writer import OleWriter
    writer = OleWriter()
    for name, blob in streams.items():
        writer.addEntry(name.split("/"), blob)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _biff(*records: tuple[int, bytes]) -> bytes:
    return b"".join(struct.pack("<HH", t, len(b)) + b for t, b in records)


def _boundsheet(name: str, state: int) -> bytes:
    return struct.pack("<IBBBB", 0, state, 0, len(name), 1) + name.encode("utf-16-le")


BOF = (0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0))


def test_legacy_xls() -> None:
    stream = _biff(BOF, (0x0022, struct.pack("<H", 0)), (0x0085, _boundsheet("Đăng ký", 0)),
                   (0x0085, _boundsheet("Ẩn", 1)), (0x000A, b""))
    ins = inspect_bytes("a.xls", _ole({"Workbook": stream + b"\x00" * 4096}))
    assert ins.kind == "xls" and ins.readable
    assert codes(ins) == {"FILE_LEGACY_FORMAT"}
    assert ins.findings[0].args["detected"] == "Excel 97-2003 (.xls)"
    assert ins.hidden_sheets == ("Ẩn",)


def test_encrypted_xls() -> None:
    stream = _biff(BOF, (0x002F, b"\x01\x00" + b"\x00" * 52), (0x000A, b""))
    ins = inspect_bytes("a.xls", _ole({"Workbook": stream + b"\x00" * 4096}))
    assert codes(ins) == {"FILE_ENCRYPTED"} and not ins.readable


def test_word_97_document() -> None:
    ins = inspect_bytes("a.xls", _ole({"WordDocument": b"\x00" * 5000}))
    assert codes(ins) == {"FILE_NOT_WORKBOOK"}
    assert "Word" in ins.findings[0].args["detected"]


def test_broken_ole() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    ins = inspect_bytes("a.xls", data)
    assert not ins.readable and errors(ins)


def _rec(rtype: int, body: bytes) -> bytes:
    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            b, n = n & 0x7F, n >> 7
            out.append(b | (0x80 if n else 0))
            if not n:
                return bytes(out)
    return varint(rtype) + varint(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _xlsb(cells: list[tuple[int, int]]) -> bytes:
    workbook = (_rec(0x0083, b"") + _rec(0x0099, struct.pack("<I", 1) + b"\x00" * 8)
                + _rec(0x009C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide("Trang 1"))
                + _rec(0x0084, b""))
    sheet = b"".join(_rec(0x0000, struct.pack("<I", r) + b"\x00" * 8)
                     + _rec(0x0005, struct.pack("<II", c, 0) + struct.pack("<d", 1.0))
                     for r, c in cells)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
                   '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'officeDocument" Target="xl/workbook.bin"/></Relationships>')
        z.writestr("xl/workbook.bin", workbook)
        z.writestr("xl/_rels/workbook.bin.rels", '<?xml version="1.0"?><Relationships xmlns="http:'
                   '//schemas.openxmlformats.org/package/2006/relationships"><Relationship Id='
                   '"rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.bin", sheet)
    return buf.getvalue()


def test_xlsb_extents_and_date1904() -> None:
    ins = inspect_bytes("a.xlsb", _xlsb([(0, 0), (9, 3)]))
    assert ins.kind == "xlsb" and ins.readable
    assert codes(ins) == {"FILE_LEGACY_FORMAT", "FILE_DATE_1904"}
    assert ins.sheet_extents == {"Trang 1": (10, 4)}


def test_xlsb_far_cell() -> None:
    ins = inspect_bytes("a.xlsb", _xlsb([(1048575, 16383)]))
    assert "FILE_SHEET_TOO_LARGE" in codes(ins) and not ins.readable


# ------------------------------------------------------------------------------ never crashes

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise(blob: bytes) -> None:
    ins = inspect_bytes("x.xlsx", blob)
    assert isinstance(ins, Inspection)
    assert all(f.code in CATALOGUE for f in ins.findings)


_SAMPLE: dict[str, bytes] = {}


def _sample() -> bytes:
    if "x" not in _SAMPLE:
        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True})
        wb.add_worksheet("A").write_row(0, 0, ["Họ tên", 1, 2.5])
        wb.close()
        _SAMPLE["x"] = buf.getvalue()
    return _SAMPLE["x"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                min_size=1, max_size=8))
def test_mutated_workbooks_never_raise(mutations: list[tuple[int, int]]) -> None:
    data = bytearray(_sample())
    for pos, value in mutations:
        data[pos % len(data)] = value
    ins = inspect_bytes("x.xlsx", bytes(data))
    assert isinstance(ins, Inspection)
    assert ins.readable == (not errors(ins))
    if ins.readable:
        assert ins.kind in {"xlsx", "xlsm"}
