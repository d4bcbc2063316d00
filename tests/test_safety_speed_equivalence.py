"""The fast paths of toolkit.intake.safety report what the general paths report (built for real).

One-shot reading of small parts (inflation, CRC, DTD, order of the checks), the zip directory
read without zipfile, workbook.xml / .rels read without a tree, the usual workbook found without
reading _rels/.rels, and the plain worksheet layout scanned in fewer passes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import pytest

from tests.zip_parts import MAIN, PKG, REL, root_rels, sheet_xml, workbook_rels, workbook_xml
from toolkit.intake.safety import Limits, directory, entities, inspect_bytes, workbook_parts
from toolkit.intake.safety.sheet_xml import _numbers_upto

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>')


# ------------------------------------------------------------------------------ builders

def parts_for(*sheets: bytes, names: list[str] | None = None,
              book: bytes | None = None) -> dict[str, bytes]:
    """The parts of a workbook holding ``sheets`` (named Sheet1, Sheet2... unless ``names``)."""
    names = names or [f"Sheet{i}" for i in range(1, len(sheets) + 1)]
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": root_rels(),
             "xl/workbook.xml": book or workbook_xml(names),
             "xl/_rels/workbook.xml.rels": workbook_rels(len(sheets))}
    for i, xml in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    return parts


def build(parts: dict[str, bytes], stored: bool = False) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def workbook(*sheets: bytes, **kwargs) -> bytes:
    return build(parts_for(*sheets, **kwargs))


def patch_entry(data: bytes, name: str, *, size: int | None = None,
                crc: int | None = None) -> bytes:
    """Make the zip headers (central and local) of entry ``name`` lie about its size or CRC."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        length = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46:pos + 46 + length]) == name.encode():
            local = struct.unpack_from("<I", out, pos + 42)[0]
            if size is not None:
                struct.pack_into("<I", out, pos + 24, size)
                struct.pack_into("<I", out, local + 22, size)
            if crc is not None:
                struct.pack_into("<I", out, pos + 16, crc)
                struct.pack_into("<I", out, local + 14, crc)
        pos += 4
    return bytes(out)


def codes(data: bytes) -> list[str]:
    return [f.code for f in inspect_bytes("a.xlsx", data).findings]


ROWS = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" s="1"/></row>'
               for r in range(1, 31))


# ------------------------------------------------------------------------------ reading parts

def test_plain_workbook_reads_clean() -> None:
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml(ROWS), sheet_xml("")))
    assert ins.readable and ins.kind == "xlsx" and not ins.findings
    assert ins.sheet_extents == {"Sheet1": (30, 2), "Sheet2": (0, 0)}


def test_small_part_inflating_beyond_its_declared_size() -> None:
    data = patch_entry(workbook(sheet_xml(ROWS)), "xl/worksheets/sheet1.xml", size=100)
    ins = inspect_bytes("a.xlsx", data)
    assert [(f.code, f.args) for f in ins.findings] == [(
        "FILE_ZIP_BOMB", {"reason": "phần xl/worksheets/sheet1.xml giải nén ra nhiều hơn "
                                    "dung lượng khai báo"})]
    assert not ins.readable


def test_small_part_declaring_more_than_it_holds() -> None:
    data = patch_entry(workbook(sheet_xml(ROWS)), "xl/worksheets/sheet1.xml", size=60_000)
    assert codes(data) == ["FILE_TRUNCATED"]


def test_small_part_with_a_bad_crc() -> None:
    data = patch_entry(workbook(sheet_xml(ROWS)), "xl/worksheets/sheet1.xml", crc=12345)
    assert codes(data) == ["FILE_TRUNCATED"]


def test_small_part_with_a_damaged_stream() -> None:
    data = bytearray(workbook(sheet_xml(ROWS)))
    start = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    assert codes(bytes(data)) == ["FILE_TRUNCATED"]


def test_doctype_is_reported_before_the_crc_is_checked() -> None:
    xml = sheet_xml(ROWS).replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet', 1)
    data = patch_entry(workbook(xml), "xl/worksheets/sheet1.xml", crc=1)
    assert codes(data) == ["FILE_XML_ENTITIES"]


def test_sheet_over_the_limit_is_reported_before_the_crc_is_checked() -> None:
    xml = sheet_xml('<row r="1"><c r="A1"/></row><row r="200000"><c r="B200000"/></row>')
    data = patch_entry(workbook(xml), "xl/worksheets/sheet1.xml", crc=1)
    assert codes(data) == ["FILE_SHEET_TOO_LARGE"]


def test_stored_parts_read_like_deflated_ones() -> None:
    parts = parts_for(sheet_xml(ROWS), sheet_xml('<row r="7"><c r="D7"/></row>'))
    stored, deflated = inspect_bytes("a.xlsx", build(parts, stored=True)), \
        inspect_bytes("a.xlsx", build(parts))
    assert stored == deflated
    assert stored.sheet_extents == {"Sheet1": (30, 2), "Sheet2": (7, 4)}


def test_doctype_behind_a_long_prolog_in_a_small_part() -> None:
    prolog = b'<?xml version="1.0"?>' + b"<!-- x -->" * 8000 + b"<?pi ?>" * 10
    xml = prolog + b'<!DOCTYPE worksheet><worksheet xmlns="' + MAIN.encode() + b'"/>'
    assert len(xml) > 64 * 1024            # read in chunks: the prolog is followed past 64 KB
    assert codes(workbook(xml)) == ["FILE_XML_ENTITIES"]
    small = b'<?xml version="1.0"?><!-- a --><?pi x?>\n<!DOCTYPE w><worksheet/>'
    assert codes(workbook(small)) == ["FILE_XML_ENTITIES"]


@pytest.mark.parametrize("part", [
    b'<?xml version="1.0"?><a/>', b"<a/>", b"\xef\xbb\xbf<?xml version='1.0'?>\n<a/>",
    b"<?xml?><!DOCTYPE a><a/>", b"<!-- <!DOCTYPE a> --><a/>", b"<?x <!DOCTYPE?><a/>",
    b"  <!ENTITY x>", b"<?xml", b"<!--", b"<!", b"<!d", b"\xff\xfe<\x00!\x00D\x00",
    b"<\x00?\x00x\x00?\x00>\x00<\x00!\x00X\x00", b"x<!DOCTYPE", b"<?a?><?b?><!--c--><!X>",
    b"<?a??><r/>", b"<?>?><!DOCTYPE>",
])
def test_whole_part_dtd_check_is_the_streaming_one(part: bytes) -> None:
    assert entities._dtd_in(part) == entities._DtdScan().feed(part)


# ------------------------------------------------------------------------------ zip directory

def _archives() -> list[bytes]:
    base = workbook(sheet_xml(ROWS))
    commented = io.BytesIO()
    with zipfile.ZipFile(commented, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.comment = b"ghi chu"
    extra = io.BytesIO()
    with zipfile.ZipFile(extra, "w") as z:
        info = zipfile.ZipInfo("a.xml")
        info.extra = struct.pack("<HH", 0x5455, 5) + b"\x01\x00\x00\x00\x00"
        z.writestr(info, b"<a/>")
    names = io.BytesIO()
    with zipfile.ZipFile(names, "w") as z:
        z.writestr("thư mục/", b"")
        z.writestr("thư mục/tệp.xml", b"<a/>")
        z.writestr(zipfile.ZipInfo("cp437 \x80.xml"), b"<a/>")
    return [base, b"MZ" + b"\x00" * 500 + base, commented.getvalue(), extra.getvalue(),
            names.getvalue(), base[:-10], base[:len(base) // 2]]


@pytest.mark.parametrize("data", _archives(),
                         ids=["workbook", "stub", "comment", "extra", "names", "cut", "half"])
def test_directory_read_as_zipfile_reads_it(data: bytes) -> None:
    fast = directory._plain_directory(data)
    if fast is None:
        return
    fields = ("filename", "flag_bits", "compress_type", "CRC", "compress_size", "file_size",
              "header_offset")
    expected = [tuple(getattr(i, f) for f in fields)
                for i in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    assert [tuple(getattr(i, f) for f in fields) for i in fast] == expected


def test_directory_fast_path_is_taken_for_a_normal_workbook() -> None:
    assert directory._plain_directory(workbook(sheet_xml(ROWS))) is not None


def test_workbook_behind_a_stub_or_with_a_comment() -> None:
    base = workbook(sheet_xml(ROWS))
    with_comment = base[:-2] + struct.pack("<H", 5) + b"hello"
    for data in (b"PK\x07\x08" + b"\x00" * 300 + base, with_comment):
        ins = inspect_bytes("a.xlsx", data)
        assert ins.readable and ins.sheet_extents == {"Sheet1": (30, 2)}


# ------------------------------------------------------------------------------ workbook.xml

def test_prefixed_namespaces_and_attribute_order() -> None:
    book = (f'<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="{MAIN}" '
            f'xmlns:rel="{REL}"><x:workbookPr date1904=" TRUE "/><x:sheets>'
            "<x:sheet state='veryHidden' rel:id='rId2' sheetId='2' name='Ẩn'/>"
            '<x:sheet\n name="Hiện"\tsheetId="1" rel:id="rId1"/></x:sheets></x:workbook>')
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml(ROWS), sheet_xml(""), book=book.encode()))
    assert ins.hidden_sheets == ("Ẩn",)
    assert ins.sheet_extents == {"Ẩn": (0, 0), "Hiện": (30, 2)}
    assert ins.date1904 and "FILE_DATE_1904" in codes(workbook(sheet_xml(ROWS),
                                                               book=book.encode()))


def test_escaped_and_normalised_sheet_names() -> None:
    book = workbook_xml(["Kế hoạch &amp; thực hiện", "a&#9;b", "c\td\r\ne"])
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml(""), sheet_xml(""), sheet_xml(ROWS),
                                           book=book))
    assert list(ins.sheet_extents) == ["Kế hoạch & thực hiện", "a\tb", "c d e"]
    assert ins.sheet_extents["c d e"] == (30, 2)


def test_undefined_entity_in_workbook_xml() -> None:
    book = workbook_xml(["Trang&nbsp;1"])
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml(ROWS), book=book))
    assert [f.code for f in ins.findings] == ["FILE_READ_FAILED"]


def test_unbound_prefix_in_workbook_xml() -> None:
    book = workbook_xml(["A"]).replace(b"r:id", b"q:id")
    assert codes(workbook(sheet_xml(ROWS), book=book)) == ["FILE_READ_FAILED"]


def test_utf16_workbook_xml_reads_like_utf8() -> None:
    text = workbook_xml(["Đăng ký", "Ẩn"], ["visible", "hidden"]).decode()
    utf16 = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    sheets = (sheet_xml(ROWS), sheet_xml('<row r="2"><c r="C2"/></row>'))
    assert inspect_bytes("a.xlsx", workbook(*sheets, book=utf16)) == \
        inspect_bytes("a.xlsx", workbook(*sheets, book=text.encode()))


def test_latin1_workbook_xml() -> None:
    book = workbook_xml(["Caf\u00e9"]).decode().replace('encoding="UTF-8"',
                                                        'encoding="ISO-8859-1"')
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml(ROWS), book=book.encode("latin-1")))
    assert ins.sheet_extents == {"Café": (30, 2)}


def test_small_parts_refuse_entities_even_past_the_dtd_scan() -> None:
    """The parsers do not rely on the DTD scan: they refuse what defusedxml refuses."""
    declared = b'<!DOCTYPE workbook [<!ENTITY n "v">]>'
    external = b'<!DOCTYPE workbook SYSTEM "http://example.invalid/x.dtd">'
    book = workbook_xml(["&n;"])
    with pytest.raises(ValueError):                         # entity declaration refused
        workbook_parts._parse_workbook(book.replace(b"<workbook", declared + b"<workbook", 1))
    in_text = book.replace(b"<sheets>", b"<sheets>&n;").replace(b"&n;\"", b'a"')
    with pytest.raises(ValueError):                         # undefined entity in the text
        workbook_parts._parse_workbook(in_text.replace(b"<workbook", external + b"<workbook", 1))
    skipped = workbook_parts._parse_workbook(book.replace(b"<workbook", external + b"<workbook", 1))
    assert skipped == (False, [("", "visible", "rId1")], 0)  # in an attribute: left empty
    rels = workbook_rels(1).replace(b"<Relationships", declared + b"<Relationships")
    assert workbook_parts._relationships(rels) == []
    assert workbook_parts._relationships(workbook_rels(1)) == [
        ("rId1", f"{REL}/worksheet".lower(), "worksheets/sheet1.xml", "")]


def test_relationship_targets_with_escapes_and_spaces() -> None:
    parts = parts_for(sheet_xml(ROWS), sheet_xml('<row r="3"><c r="E3"/></row>'))
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0"?><p:Relationships xmlns:p="{PKG}">'
        f"<p:Relationship Target='worksheets/sheet%31.xml' Id='rId1' Type='{REL}/worksheet'/>"
        f'<p:Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        "</p:Relationships>").encode()
    ins = inspect_bytes("a.xlsx", build(parts))
    assert ins.sheet_extents == {"Sheet1": (30, 2), "Sheet2": (3, 5)}


# ------------------------------------------------------------------------------ _rels/.rels

def test_workbook_named_by_the_root_relationships() -> None:
    parts = parts_for(sheet_xml(ROWS))
    parts["xl/book2.xml"] = workbook_xml(["Khác"])
    parts["xl/_rels/book2.xml.rels"] = workbook_rels(1, "../xl/worksheets")
    for target in ("xl/book2.xml", "/xl/book2.xml", "xl/%62ook2.xml"):
        parts["_rels/.rels"] = root_rels(target)
        ins = inspect_bytes("a.xlsx", build(parts))
        assert ins.readable and list(ins.sheet_extents) == ["Khác"], target
    parts["_rels/.rels"] = root_rels("xl/book2.xml").replace(b"officeDocument", b"other")
    assert list(inspect_bytes("a.xlsx", build(parts)).sheet_extents) == ["Sheet1"]
    parts["_rels/.rels"] = root_rels("xl/book2.xml")[:-5]         # not well-formed
    assert list(inspect_bytes("a.xlsx", build(parts)).sheet_extents) == ["Sheet1"]


def test_root_relationships_with_a_reference_are_read() -> None:
    parts = parts_for(sheet_xml(ROWS))
    parts["xl/book&2.xml"] = workbook_xml(["Khác"])
    parts["xl/_rels/book&2.xml.rels"] = workbook_rels(1)
    parts["_rels/.rels"] = root_rels("xl/book&amp;2.xml")
    assert list(inspect_bytes("a.xlsx", build(parts)).sheet_extents) == ["Khác"]


# ------------------------------------------------------------------------------ plain sheets

@pytest.mark.parametrize("rows, extent", [
    ('<row r="3"><c r="A3"/></row><row r="40"/>', (40, 1)),                 # empty last row
    ('<row r="9"><c r="A9"/></row><row r="2"><c r="C2"/></row>', (9, 3)),   # last row smaller
    ('<row r="5"><c r="A05"/><c r="B5"/></row>', (5, 2)),                   # leading zero
    ('<row r="1"><c r="AB1"/><c r="C1"/></row>', (1, 28)),                  # two letters
    ('<row r="2"><c r="A2"/><c r="B9"/></row>', (9, 2)),                    # cell below its row
    ('<row r="2"><c r="A2"/><x:c r="D2"/></row>', (2, 4)),                  # prefixed cell
    ('<row r="2"><c r="A2"/><c  r="E2"/></row>', (2, 5)),                   # two spaces
    ('<row r="2"><c s="1" r="F2"/></row>', (2, 6)),                         # r not first
    ('<row r="2"><c r="A2"/><c/></row>', (2, 2)),                           # no r
    ('<row r="2"><!-- <c r="Z9"/> --><c r="B2"/></row>', (2, 2)),           # comment
    ('<row r="4"><c r="B4"/></row><c r="C7"/>', (7, 3)),                    # cell outside rows
    ('<row r="1" spans="1:2"><c r="B1"/></row><row r="3" ht="20"><c r="A3"/></row>', (3, 2)),
])
def test_sheet_extents(rows: str, extent: tuple[int, int]) -> None:
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml(rows)))
    assert ins.sheet_extents == {"Sheet1": extent}


def test_cell_far_below_the_last_row() -> None:
    xml = sheet_xml(ROWS.replace('<c r="B30" s="1"/>', '<c r="B300000" s="1"/>'))
    ins = inspect_bytes("a.xlsx", workbook(xml))
    assert [(f.code, f.args["rows"], f.args["cols"]) for f in ins.findings] == [
        ("FILE_SHEET_TOO_LARGE", 300000, 2)]


@pytest.mark.parametrize("merge, limits, over", [
    ("A1:B30", Limits(max_rows=10, max_cols=3), (30, 2)),
    ("A1:B2", Limits(max_rows=10, max_cols=3), None),
    ("A1:XFD1048576", Limits(), (1048576, 16384)),
    ("A1:H1", Limits(), None),
    ("B999999:C999999", Limits(), None),
])
def test_merged_ranges(merge: str, limits: Limits, over: tuple[int, int] | None) -> None:
    xml = sheet_xml('<row r="1"><c r="A1"/></row>',
                    f'<mergeCells count="2"><mergeCell ref="C3:D3"/><mergeCell ref="{merge}"/>'
                    "</mergeCells>")
    ins = inspect_bytes("a.xlsx", workbook(xml), limits)
    found = [(f.args["rows"], f.args["cols"]) for f in ins.findings
             if f.code == "FILE_SHEET_TOO_LARGE"]
    assert found == ([over] if over else [])


def test_hyperlink_ranges() -> None:
    links = ('<hyperlinks><hyperlink ref="B2" r:id="rId1"/>'
             '<hyperlink display="x" ref="A1:XFD1048576" location="A1"/></hyperlinks>')
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml('<row r="1"><c r="A1"/></row>', links)))
    assert [f.code for f in ins.findings] == ["FILE_SHEET_TOO_LARGE"]


def test_formula_without_cached_value() -> None:
    rows = ('<row r="1"><c r="A1"><v>1</v></c></row>'
            '<row r="2"><c r="B2"><f>A1*2</f></c><c r="C2"><f>A1</f><v>1</v></c></row>')
    ins = inspect_bytes("a.xlsx", workbook(sheet_xml(rows)))
    assert [(f.code, f.args["cell"], f.args["formula"], f.args["count"])
            for f in ins.findings] == [("FILE_FORMULA_NO_VALUE", "B2", "=A1*2", 1)]
    assert ins.sheet_extents == {"Sheet1": (2, 3)}


def test_sheet_read_in_chunks_gives_the_same_extent() -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="H{r}" s="1"/></row>'
                   for r in range(1, 4001))
    big, small = sheet_xml(rows), sheet_xml(rows[:len(rows) // 40].rpartition("<row")[0])
    assert len(big) > 64 * 1024 > len(small)
    ins = inspect_bytes("a.xlsx", workbook(big, small))
    assert ins.sheet_extents == {"Sheet1": (4000, 8), "Sheet2": (ins.sheet_extents["Sheet2"][0],
                                                                 8)}
    assert ins.sheet_extents["Sheet2"][0] == len(re.findall(rb"<row ", small))


def test_numbers_upto() -> None:
    for top in list(range(1, 1200)) + [99_999, 100_000, 123_456_789_012_345]:
        pattern = re.compile(b"(?:%s)" % _numbers_upto(top))
        for n in {*range(0, 1300, 1 if top < 1200 else 97), top - 1, top, top + 1, top * 10}:
            assert (pattern.fullmatch(str(n).encode()) is not None) == (1 <= n <= top), (top, n)
        assert not pattern.fullmatch(b"0" + str(top).encode())


def test_damaged_deflate_data_reads_as_truncated() -> None:
    xml = sheet_xml(ROWS)
    stream = bytearray(zlib.compress(xml)[2:-4])
    stream[len(stream) // 2] ^= 0xFF
    data = build(parts_for(sheet_xml(ROWS)))
    good = zlib.compress(xml)[2:-4]
    assert good in data
    damaged = data.replace(good, bytes(stream))
    assert codes(damaged) == ["FILE_TRUNCATED"]
