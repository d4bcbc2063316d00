"""The part cache of toolkit.intake.safety and the stored copy of a workbook, each built for real.

A zip part byte-identical to one inspected before is not inflated and checked again: the cached
outcome must be the one the checks give (same Inspection, cached or not), and a part that differs
in any byte — even with the same CRC and sizes — must be checked again. ``keep_parts=True`` and
:meth:`Inspection.stored_zip` give the reader the same workbook uncompressed: python-calamine must
read exactly what it reads from the original.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import python_calamine as pc
import xlsxwriter

from tests.zip_parts import root_rels, sheet_xml, workbook_rels, workbook_xml
from toolkit.intake import safety
from toolkit.intake.safety import Inspection, Limits, inspect_bytes, part_cache, reading
from toolkit.intake.safety.sheet_xml import _XmlSheetScan

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/></Types>')
FIXED = dt.datetime(2024, 3, 1, 9, 0)


@pytest.fixture(autouse=True)
def fresh_cache():
    safety.clear_part_cache()
    yield
    safety.clear_part_cache()


# ------------------------------------------------------------------------------ builders

def xlsxwriter_book(seed: int = 0, *, date1904: bool = False, formulas: bool = False) -> bytes:
    """A pledge-like workbook: a constant guide sheet, a data sheet that varies with ``seed``,
    merged cells, dates, a hidden and a very hidden sheet."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "date_1904": date1904})
    wb.set_properties({"created": FIXED})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    guide = wb.add_worksheet("Hướng dẫn")
    for r in range(12):
        guide.write(r, 0, f"Bước {r + 1}: điền cột {chr(65 + r % 4)}")
    guide.merge_range("C1:E2", "Hướng dẫn gộp ô")
    data = wb.add_worksheet("Đăng ký")
    data.write_row(0, 0, ["STT", "Họ và tên", "Việc làm theo", "Thời hạn", "Số"])
    rng = random.Random(seed)
    for r in range(1, 20 + seed % 7):
        data.write_row(r, 0, [r, f"Nguyễn Văn {rng.randint(1, 999)}", "Làm theo gương Bác"])
        data.write_datetime(r, 3, dt.datetime(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300)),
                            date)
        data.write_number(r, 4, rng.random() * 1000)
        if formulas:
            data.write_formula(r, 5, f"=E{r + 1}*2", None, rng.randint(0, 9))
    data.write_boolean(0, 6, True)
    data.write_blank(40, 9, None)
    meta = wb.add_worksheet("_meta")
    meta.write_row(0, 0, ["form_id", "pledge"])
    meta.very_hidden()
    lists = wb.add_worksheet("Danh mục")
    lists.write_column(0, 0, ["Tốt", "Khá", "Đạt"])
    lists.hide()
    wb.close()
    return buf.getvalue()


def openpyxl_book(seed: int = 0) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đăng ký"
    for r in range(1, 15):
        ws.append([r, f"Người {r + seed}", dt.date(2024, 1, r), r * 1.5])
    ws.merge_cells("F1:G3")
    hidden = wb.create_sheet("Ẩn")
    hidden["B2"] = "giá trị ẩn"
    hidden.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ROWS = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" s="1"/></row>'
               for r in range(1, 31))
NO_VALUE_ROWS = ROWS + '<row r="40"><c r="C40"><f>A1*2</f></c><c r="D40"><f>A2+1</f></c></row>'
CUSTOM = (b'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="urn:x-custom">'
          + b"<p>gi\xc3\xa1 tr\xe1\xbb\x8b</p>" * 20 + b"</Properties>")


def parts_for(*sheets: bytes, extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": root_rels(),
             "xl/workbook.xml": workbook_xml([f"Sheet{i}" for i in range(1, len(sheets) + 1)]),
             "xl/_rels/workbook.xml.rels": workbook_rels(len(sheets))}
    for i, xml in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    parts.update(extra or {})
    return parts


def build(parts: dict[str, bytes], methods: dict[str, tuple[int, int | None]] | None = None,
          comment: bytes = b"") -> bytes:
    """A zip of ``parts``; ``methods``: (compress type, level) per part, else deflated."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            method, level = (methods or {}).get(name, (zipfile.ZIP_DEFLATED, None))
            z.writestr(name, data, compress_type=method, compresslevel=level)
        z.comment = comment
    return buf.getvalue()


def entry_facts(data: bytes, name: str) -> tuple:
    """What the central directory says of entry ``name``."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    return (info.flag_bits, info.compress_type, info.CRC, info.compress_size, info.file_size)


def compressed_span(data: bytes, name: str) -> tuple[int, int]:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    return start, start + info.compress_size


def forge_crc(data: bytes, pos: int, target: int) -> bytes:
    """``data`` with its 4 bytes at ``pos`` chosen so that its CRC-32 is ``target``.

    CRC-32 is affine over GF(2): crc(x) = crc(0) ^ L(x), L linear; L is solved for."""
    base = bytearray(data)
    base[pos:pos + 4] = bytes(4)
    c0 = zlib.crc32(base)
    pivots: dict[int, tuple[int, int]] = {}
    for bit in range(32):
        probe = bytearray(base)
        probe[pos + bit // 8] |= 1 << (bit % 8)
        vec, mask = zlib.crc32(probe) ^ c0, 1 << bit
        while vec:
            high = vec.bit_length() - 1
            if high not in pivots:
                pivots[high] = (vec, mask)
                break
            vec, mask = vec ^ pivots[high][0], mask ^ pivots[high][1]
    want, x = target ^ c0, 0
    while want:
        vec, mask = pivots[want.bit_length() - 1]
        want, x = want ^ vec, x ^ mask
    base[pos:pos + 4] = x.to_bytes(4, "little")
    assert zlib.crc32(base) == target
    return bytes(base)


def same_length(text: bytes, length: int) -> bytes:
    """``text`` padded with spaces to ``length``, its last 4 bytes free (see forge_crc)."""
    assert len(text) + 4 <= length
    return text + b" " * (length - 4 - len(text)) + b"\x00" * 4


def uncached(monkeypatch: pytest.MonkeyPatch, data: bytes, **kwargs) -> Inspection:
    with monkeypatch.context() as m:
        m.setattr(part_cache._PART_CACHE, "enabled", False)
        return inspect_bytes("a.xlsx", data, **kwargs)


def same(a: Inspection, b: Inspection) -> bool:
    return a == b and repr(a) == repr(b) and a.findings == b.findings


def codes(ins: Inspection) -> list[str]:
    return [f.code for f in ins.findings]


# ------------------------------------------------------------------------------ the cache

def _cases() -> dict[str, bytes]:
    styles_dtd = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "b">]><styleSheet/>' + b" " * 99
    return {
        "xlsxwriter": xlsxwriter_book(1),
        "xlsxwriter-1904-formulas": xlsxwriter_book(2, date1904=True, formulas=True),
        "openpyxl": openpyxl_book(),
        "formula-without-value": build(parts_for(sheet_xml(NO_VALUE_ROWS), sheet_xml(ROWS))),
        "merge-over-the-area": build(parts_for(sheet_xml(
            ROWS, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))),
        "sheet-over-the-rows": build(parts_for(sheet_xml(
            ROWS + '<row r="200000"><c r="A200000"><v>1</v></c></row>'))),
        "doctype-in-a-part": build(parts_for(sheet_xml(ROWS),
                                             extra={"xl/styles.xml": styles_dtd})),
        "stored-and-level-0": build(parts_for(sheet_xml(ROWS), sheet_xml(NO_VALUE_ROWS),
                                              extra={"docProps/custom.xml": CUSTOM}),
                                    {"xl/worksheets/sheet1.xml": (zipfile.ZIP_STORED, None),
                                     "docProps/custom.xml": (zipfile.ZIP_DEFLATED, 0)}),
        "big-sheet-read-in-chunks": build(parts_for(sheet_xml("".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>dòng {r} {r * 7919 % 10007}</t>'
            f"</is></c></row>" for r in range(1, 4000))))),
    }


CASES = _cases()


@pytest.mark.parametrize("case", sorted(CASES))
def test_cached_results_are_the_uncached_ones(case: str, monkeypatch) -> None:
    data = CASES[case]
    expected = uncached(monkeypatch, data)
    hits = []
    for _ in range(4):          # first seen, then stored, then served from the cache
        before = part_cache._PART_CACHE.hits
        assert same(inspect_bytes("a.xlsx", data), expected)
        assert same(inspect_bytes("a.xlsx", data, keep_parts=True), expected)
        hits.append(part_cache._PART_CACHE.hits - before)
    assert hits[0] == 0 and hits[-1] > 0


def test_a_workbook_sharing_parts_with_another_reads_as_itself(monkeypatch) -> None:
    first, second = xlsxwriter_book(1), xlsxwriter_book(2, formulas=True)
    for _ in range(3):
        inspect_bytes("a.xlsx", first)
    before = part_cache._PART_CACHE.hits
    assert same(inspect_bytes("b.xlsx", second), uncached(monkeypatch, second))
    assert part_cache._PART_CACHE.hits - before >= 4     # styles, theme, rels... of the first one


def test_a_repeated_sheet_is_not_scanned_again(monkeypatch) -> None:
    data = build(parts_for(sheet_xml(NO_VALUE_ROWS)))
    expected = inspect_bytes("a.xlsx", data)
    assert codes(expected) == ["FILE_FORMULA_NO_VALUE"]
    assert expected.findings[0].args["count"] == 2 and expected.sheet_extents == {"Sheet1": (40, 4)}
    inspect_bytes("a.xlsx", data)

    def no_scan(self, chunk: bytes) -> None:
        raise AssertionError("a cached sheet was scanned")
    monkeypatch.setattr(_XmlSheetScan, "feed", no_scan)
    assert same(inspect_bytes("a.xlsx", data), expected)
    with pytest.raises(AssertionError, match="scanned"):           # a new sheet is scanned
        inspect_bytes("a.xlsx", build(parts_for(sheet_xml(ROWS))))


def test_the_limits_are_part_of_a_sheet_key(monkeypatch) -> None:
    data = build(parts_for(sheet_xml(ROWS)))
    small = Limits(max_rows=10)
    for _ in range(3):
        assert not inspect_bytes("a.xlsx", data).findings
    for _ in range(3):
        tight = inspect_bytes("a.xlsx", data, small)
        assert codes(tight) == ["FILE_SHEET_TOO_LARGE"]
        assert same(tight, uncached(monkeypatch, data, limits=small))
    assert not inspect_bytes("a.xlsx", data).findings


@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/worksheets/sheet1.xml"])
def test_one_changed_compressed_byte_is_checked_again(part: str, monkeypatch) -> None:
    data = xlsxwriter_book(3)
    for _ in range(3):
        assert inspect_bytes("a.xlsx", data).readable
    start, end = compressed_span(data, part)
    changed = bytearray(data)
    changed[(start + end) // 2] ^= 0x10
    changed = bytes(changed)
    # the same header facts: only the compressed bytes differ
    assert entry_facts(changed, part) == entry_facts(data, part)
    ins = inspect_bytes("a.xlsx", changed)
    assert not ins.readable and "FILE_TRUNCATED" in codes(ins)
    assert same(ins, uncached(monkeypatch, changed))


@pytest.mark.parametrize("method", [(zipfile.ZIP_STORED, None), (zipfile.ZIP_DEFLATED, 0)])
def test_a_forged_part_with_the_same_crc_and_sizes_is_checked_again(method, monkeypatch) -> None:
    clean = same_length(CUSTOM, len(CUSTOM) + 40)
    forged = same_length(b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e "x">]><p>&e;</p>',
                         len(clean))
    clean = forge_crc(clean, len(clean) - 4, zlib.crc32(clean[:-4]))
    forged = forge_crc(forged, len(forged) - 4, zlib.crc32(clean))
    assert forged != clean and zlib.crc32(forged) == zlib.crc32(clean)

    def book(custom: bytes) -> bytes:
        return build(parts_for(sheet_xml(ROWS), extra={"docProps/custom.xml": custom}),
                     {"docProps/custom.xml": method})

    good, bad = book(clean), book(forged)
    assert entry_facts(good, "docProps/custom.xml") == entry_facts(bad, "docProps/custom.xml")
    for _ in range(3):
        assert not inspect_bytes("a.xlsx", good).findings
    ins = inspect_bytes("a.xlsx", bad)
    assert codes(ins) == ["FILE_XML_ENTITIES"]
    assert same(ins, uncached(monkeypatch, bad))
    assert not inspect_bytes("a.xlsx", good).findings


def test_two_clean_parts_with_the_same_crc_and_sizes_take_turns(monkeypatch) -> None:
    one = same_length(CUSTOM, len(CUSTOM) + 40)
    one = forge_crc(one, len(one) - 4, 0x12345678)
    other = forge_crc(one.replace(b"<p>", b"<q>").replace(b"</p>", b"</q>"), len(one) - 4,
                      0x12345678)
    stored = {"docProps/custom.xml": (zipfile.ZIP_STORED, None)}
    books = [build(parts_for(sheet_xml(NO_VALUE_ROWS), extra={"docProps/custom.xml": custom}),
                   stored) for custom in (one, other)]
    cache = part_cache._PART_CACHE
    for i in range(6):
        data = books[i % 2]
        assert same(inspect_bytes("a.xlsx", data), uncached(monkeypatch, data))
        assert cache.size == sum(len(v.content) for v in cache.entries.values())
        assert zipfile.ZipFile(io.BytesIO(stored_copy(data))).read("docProps/custom.xml") == \
            (one, other)[i % 2]


def test_a_forged_sheet_with_the_same_crc_and_sizes_is_scanned_again(monkeypatch) -> None:
    rows = ROWS + '<row r="31"><c r="A31"><v>1</v></c></row>'
    clean = sheet_xml(rows, "<!--" + " " * 14 + "-->")
    over = sheet_xml(rows.replace('r="31"', 'r="900000"').replace('"A31"', '"A900000"'),
                     "<!--" + " " * 6 + "-->")
    assert len(clean) == len(over)
    # the 4 forged bytes sit inside the trailing comment of each
    at = len(clean) - len("-->") - len("</worksheet>") - 4
    clean = forge_crc(clean, at, zlib.crc32(clean))
    over = forge_crc(over, at, zlib.crc32(clean))
    stored = {"xl/worksheets/sheet1.xml": (zipfile.ZIP_STORED, None)}
    good, bad = build(parts_for(clean), stored), build(parts_for(over), stored)
    assert entry_facts(good, "xl/worksheets/sheet1.xml") == \
        entry_facts(bad, "xl/worksheets/sheet1.xml")
    for _ in range(3):
        assert inspect_bytes("a.xlsx", good).sheet_extents == {"Sheet1": (31, 2)}
    ins = inspect_bytes("a.xlsx", bad)
    assert codes(ins) == ["FILE_SHEET_TOO_LARGE"]
    assert same(ins, uncached(monkeypatch, bad))


def test_the_cache_is_bounded(monkeypatch) -> None:
    cache = part_cache._PART_CACHE
    books = [xlsxwriter_book(seed, formulas=seed % 2 == 1) for seed in range(12)]
    monkeypatch.setattr(part_cache, "_CACHE_MAX_ENTRIES", 5)
    monkeypatch.setattr(part_cache, "_CACHE_MAX_BYTES", 40_000)
    most = 0
    for data in books:
        for _ in range(2):
            inspect_bytes("a.xlsx", data)
        assert len(cache.entries) <= 5
        assert cache.size == sum(len(v.content) for v in cache.entries.values()) <= 40_000
        most = max(most, len(cache.entries))
    assert most == 5                                          # the cache was used to its bound
    for data in books:
        assert same(inspect_bytes("a.xlsx", data), uncached(monkeypatch, data))
    monkeypatch.setattr(part_cache, "_CACHE_MAX_BYTES", 10_000)   # bytes bind before entries
    for data in books:
        for _ in range(2):
            inspect_bytes("a.xlsx", data)
        assert cache.size == sum(len(v.content) for v in cache.entries.values()) <= 10_000
        assert len(cache.entries) < 5
    safety.clear_part_cache()
    monkeypatch.setattr(part_cache, "_CACHE_MAX_SEEN", 12)        # facts seen once
    for data in books:
        inspect_bytes("a.xlsx", data)
        assert len(cache.seen) <= 12
    safety.clear_part_cache()
    monkeypatch.setattr(part_cache, "_CACHE_MAX_PART", 100)     # larger parts are never kept
    for _ in range(3):
        assert same(inspect_bytes("a.xlsx", books[0]), uncached(monkeypatch, books[0]))
    assert not cache.entries and cache.size == 0


def test_the_default_bounds_are_sane() -> None:
    assert part_cache._CACHE_MAX_BYTES <= 16 * 2**20 and part_cache._CACHE_MAX_ENTRIES <= 1024
    assert part_cache._CACHE_MAX_PART <= part_cache._CACHE_MAX_BYTES // 4
    assert part_cache._CACHE_MAX_SEEN <= 10_000


# ------------------------------------------------------------------------------ stored copies

def calamine_view(data: bytes) -> list:
    """Everything python-calamine gives of a workbook (errors included)."""
    try:
        wb = pc.load_workbook(io.BytesIO(data))
    except Exception as exc:
        return ["open failed", type(exc).__name__, str(exc)]
    out: list = [list(wb.sheet_names),
                 [(m.name, str(m.typ), str(m.visible)) for m in wb.sheets_metadata]]
    for name in wb.sheet_names:
        try:
            out.append((name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)))
        except BaseException as exc:          # calamine panics on some cells
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            out.append((name, "failed", type(exc).__name__, str(exc)))
    return out


def stored_copy(data: bytes) -> bytes:
    ins = inspect_bytes("a.xlsx", data, keep_parts=True)
    stored = ins.stored_zip()
    assert stored is not None, ins
    return stored


def same_zip_but_stored(original: bytes, stored: bytes) -> None:
    a, b = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(stored))
    assert b.testzip() is None
    assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
    assert [i.CRC for i in a.infolist()] == [i.CRC for i in b.infolist()]
    assert all(i.compress_type == zipfile.ZIP_STORED for i in b.infolist())
    for name in a.namelist():
        assert a.read(name) == b.read(name)


STORED_CASES = ["xlsxwriter", "xlsxwriter-1904-formulas", "openpyxl", "formula-without-value",
                "stored-and-level-0", "big-sheet-read-in-chunks"]


@pytest.mark.parametrize("case", STORED_CASES)
def test_the_stored_copy_reads_as_the_original(case: str) -> None:
    data = CASES[case]
    for _ in range(3):                         # uncached, then parts from the cache
        stored = stored_copy(data)
        same_zip_but_stored(data, stored)
        assert calamine_view(stored) == calamine_view(data)
        assert same(inspect_bytes("a.xlsx", stored), inspect_bytes("a.xlsx", data))


def test_the_stored_copy_keeps_odd_names_and_order() -> None:
    parts = parts_for(sheet_xml(ROWS), extra={"docProps/trang-đăng-ký.xml": CUSTOM,
                                              "docProps/XY.xml": CUSTOM,
                                              "xl/media/image1.png": bytes(range(256)) * 4})
    order = ["xl/worksheets/sheet1.xml", "docProps/trang-đăng-ký.xml", "[Content_Types].xml",
             "xl/workbook.xml", "xl/media/image1.png", "docProps/XY.xml", "_rels/.rels",
             "xl/_rels/workbook.xml.rels"]
    data = bytearray(build({name: parts[name] for name in order}))
    # a cp437 name (no UTF-8 flag): "XY" becomes "éü" in the central and the local header
    while (at := data.find(b"docProps/XY.xml")) >= 0:
        data[at + 9:at + 11] = b"\x82\x81"
    data = bytes(data)
    assert "docProps/éü.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    stored = stored_copy(data)
    same_zip_but_stored(data, stored)
    assert calamine_view(stored) == calamine_view(data)


def miscounted(data: bytes) -> bytes:
    """The end record counting one entry less than the directory holds."""
    count = struct.unpack_from("<H", data, len(data) - 12)[0]
    return data[:-14] + struct.pack("<HH", count - 1, count - 1) + data[-10:]


def test_no_stored_copy_unless_asked_and_possible(monkeypatch) -> None:
    data = CASES["xlsxwriter"]
    plain = inspect_bytes("a.xlsx", data)
    kept = inspect_bytes("a.xlsx", data, keep_parts=True)
    assert plain.stored_zip() is None and plain.kept_parts is None
    assert kept.kept_parts is not None and same(plain, kept)         # kept parts: not compared
    refused = [
        CASES["sheet-over-the-rows"], CASES["doctype-in-a-part"],     # not readable
        build(parts_for(sheet_xml(ROWS)), comment=b"a comment"),      # not a plain archive
        b"PK\x03\x04 junk before the archive" + build(parts_for(sheet_xml(ROWS))),
        miscounted(build(parts_for(sheet_xml(ROWS)))),
        build({**parts_for(sheet_xml(ROWS)), "xl/empty/": b""}),       # a directory entry
    ]
    for case in refused:
        ins = inspect_bytes("a.xlsx", case, keep_parts=True)
        assert ins.stored_zip() is None
        assert same(ins, uncached(monkeypatch, case))
    for case in refused[2:]:
        assert inspect_bytes("a.xlsx", case).readable                  # readable, just not copied
    monkeypatch.setattr(reading, "_KEEP_MAX_BYTES", 5_000)             # too large to keep
    big = inspect_bytes("a.xlsx", data, keep_parts=True)
    assert big.stored_zip() is None and same(big, plain)


# ------------------------------------------------------------------------------ odd workbooks

@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from tests.corpus.make_corpus import build as build_corpus
    from toolkit.config.roster import write_roster
    from toolkit.config.workspace import Workspace, init_workspace
    from toolkit.demo.data import build_roster
    base = tmp_path_factory.mktemp("cache-corpus")
    w = init_workspace(base / "ws", 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=3,
                                                       min_people=5, max_people=6))
    build_corpus(Workspace.open(w.root), base / "files")
    return sorted((base / "files").iterdir())


def test_the_hostile_corpus_reads_the_same_cached_and_stored(hostile_corpus, monkeypatch) -> None:
    copied = 0
    for path in hostile_corpus:
        data = path.read_bytes()
        expected = uncached(monkeypatch, data)
        for _ in range(3):
            ins = inspect_bytes(path.name, data, keep_parts=True)
            assert same(ins, expected), path.name
        stored = ins.stored_zip()
        if stored is None:
            continue
        same_zip_but_stored(data, stored)
        assert calamine_view(stored) == calamine_view(data), path.name
        copied += 1
    assert copied >= 15


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_a_forked_child_keeps_the_cache_and_gets_a_free_lock() -> None:
    import os
    data = CASES["xlsxwriter"]
    for _ in range(2):
        inspect_bytes("a.xlsx", data)
    cache = part_cache._PART_CACHE
    assert cache.entries
    with cache.lock:                       # held by the parent while it forks
        pid = os.fork()
        if pid == 0:                       # the child: the cache works without the parent
            code = 1
            try:
                before = cache.hits
                ins = inspect_bytes("a.xlsx", data)
                cache.store(("x",), b"d", b"content", None)
                code = 0 if ins.readable and cache.hits > before else 1
            finally:
                os._exit(code)
    import signal
    import time
    deadline = time.monotonic() + 30
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    if done[0] == 0:                       # stuck on the lock it inherited
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("the forked child waited for the parent's lock")
    assert os.WEXITSTATUS(done[1]) == 0
