"""The dashboard's raw-XML writer (toolkit.outputs.dashboard.rows.Bulk) writes the cells xlsxwriter
itself writes, kind by kind (XlsxWriter's own comparison-test habit: a hand-written writer checked
against the reference).

Bulk renders the big tables' sheet XML after xlsxwriter has saved the workbook, with a copy of
xlsxwriter's private escaping. Each file here is written twice from the same values: once cell by
cell with xlsxwriter (through toolkit.outputs.dashboard.write.num/text, what every other cell of
the dashboard goes through) and once through Bulk; the two are compared cell by cell (style,
type, value and, for a shared string, its <si> element as written) and part by part. This is the
test that pyproject.toml's xlsxwriter range is tied to: a new xlsxwriter that writes cells
differently fails here first.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from toolkit.outputs.dashboard.rows import NUM, TEXT, Bulk, Column
from toolkit.outputs.dashboard.write import num, text


def _book_options() -> dict:
    """The dashboard's own workbook options (toolkit/outputs/dashboard/book.py); a fresh dict
    each time, since xlsxwriter changes the default format properties it is given."""
    return {"strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "in_memory": True,
            "default_format_properties": {"font_name": "Times New Roman", "font_size": 12}}

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _strings(z: zipfile.ZipFile) -> list[str]:
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    out = []
    for si in root:
        value = "".join(t.text or "" for t in si.iter(NS + "t"))
        out.append(re.sub("_x([0-9a-fA-F]{4})_", lambda m: chr(int(m.group(1), 16)), value))
    return out


def _resolved(path: Path) -> dict[str, str]:
    """Every part of the file; in the sheets, shared-string indices replaced by their text."""
    with zipfile.ZipFile(path) as z:
        strings = _strings(z)
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        out = {"count": root.get("count"), "uniqueCount": root.get("uniqueCount"),
               "unique": str(len(set(strings)))}
        for name in z.namelist():
            data = z.read(name).decode("utf-8")
            if name == "xl/sharedStrings.xml":
                continue
            if name.startswith("xl/worksheets/sheet"):
                data = re.sub(r' t="s"><v>(\d+)</v>',
                              lambda m: ' t="s"><v>' + repr(strings[int(m.group(1))]) + "</v>",
                              data)
            out[name] = data
    return out


VALUES_TEXT = ["", "a", "Nguyễn Văn An", "x & y <b>", " lead", "trail ", "line\nbreak",
               "ctl\x01", "_x0041_", "=SUM(A1:A2)", None, float("nan"), 7, 2.5, True,
               "🙂" * 20000, "z" * 40000, "\ufffe"]
VALUES_NUM = [0, 0.0, -0.0, 1, 1.0, 2.5, -3, 10**20, 1e-7, 123456789.123, None, float("nan"),
              True, False, 99.95]


INTS_SMALL = [0, -5, 7, 123456789012345, -999999999999999]    # whole numbers only: at once
INTS_BIG = [0, 3, 10**16, -10**15]                             # beyond what %.16G keeps exact


def _tables(rng: random.Random, n: int) -> list[list[tuple[str, object]]]:
    rows = []
    for i in range(n):
        rows.append([(NUM, i + 1), (TEXT, rng.choice(VALUES_TEXT)), (TEXT, f"id{i % 7}"),
                     (NUM, rng.choice(VALUES_NUM)), (TEXT, rng.choice(VALUES_TEXT[:6])),
                     (NUM, rng.choice(INTS_SMALL)), (NUM, rng.choice(INTS_BIG))])
    return rows


def _write(path: Path, bulk: bool, data_bar: bool) -> None:
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), _book_options())
    # the same creation time for both files (else a second ticking between them differs)
    wb.set_properties({"created": dt.datetime(2024, 7, 1, 8, 0)})
    fmts = [wb.add_format({"border": 1}), wb.add_format({"bold": True}),
            wb.add_format({"num_format": "0.0"}), wb.add_format({"italic": True}),
            wb.add_format({"align": "center"})]
    rng = random.Random(5)
    store = Bulk()
    for sheet in ("One", "Two"):
        ws = wb.add_worksheet(sheet)
        ws.write_string(0, 0, "head", fmts[1])
        ws.merge_range(1, 0, 1, 6, "a merged title", fmts[3])   # wider than the tables
        ws.set_row(3, 40)
        blocks = [(5, 30), (40, 1), (45, 20)] if sheet == "One" else [(4, 60)]
        for first, n in blocks:
            rows = _tables(rng, n)
            heights = [rng.choice([None, None, 30, 15, 180]) for _ in rows]
            if bulk:
                columns = [Column(kind, fmts[c % 5], [r[c][1] for r in rows])
                           for c, (kind, _) in enumerate(rows[0])]
                store.rows(ws, first, columns, heights)
            else:
                for i, row in enumerate(rows):
                    for c, (kind, value) in enumerate(row):
                        (text if kind == TEXT else num)(ws, first + i, c, value, fmts[c % 5])
                    if heights[i] is not None:
                        ws.set_row(first + i, heights[i])
        if sheet == "One":
            ws.write_string(70, 1, "after the tables", fmts[0])
        if data_bar:
            ws.conditional_format(5, 3, 80, 3, {"type": "data_bar", "bar_solid": True})
    wb.close()
    store.finish(path)


@pytest.mark.parametrize("data_bar", [False, True])
def test_bulk_rows_are_the_cells_xlsxwriter_would_write(tmp_path, data_bar):
    _write(tmp_path / "plain.xlsx", False, data_bar)
    _write(tmp_path / "bulk.xlsx", True, data_bar)
    plain, bulk = _resolved(tmp_path / "plain.xlsx"), _resolved(tmp_path / "bulk.xlsx")
    assert plain.keys() == bulk.keys()
    for name in plain:
        assert plain[name] == bulk[name], name


def test_bulk_text_that_looks_like_xml_stays_text(tmp_path):
    import openpyxl
    import xlsxwriter
    path = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    fmt = wb.add_format({"border": 1})
    bulk = Bulk()
    values = ["first", "<r>rich</r>", "<r><t>x</t></r>", "a</t></si>b", "=1+1"]
    bulk.rows(ws, 0, [Column(TEXT, fmt, values)])
    wb.close()
    bulk.finish(path)
    got = [c.value for c in openpyxl.load_workbook(path)["S"]["A"]]
    assert got == values


# ---------------------------------------------------------------- every cell kind, cell by cell

def _kinds() -> list[tuple[str, str, list[object]]]:
    """(what, column kind, values): the first value of each is the table's first row (written
    by xlsxwriter in both files), the others are the ones Bulk renders."""
    import numpy as np
    return [
        ("whole numbers, small", NUM, [1, 0, -5, 7, 42, 123456789012345, -999999999999999,
                                       10**15 - 1, -(10**15) + 1]),
        ("whole numbers beyond 10^15", NUM, [1, 10**15, -(10**15), 10**16, 2**53 + 1, 10**20,
                                            -(10**22), 12345678901234567890]),
        ("fractions", NUM, [1.0, 0.0, -0.0, 2.5, 1e-7, 123456789.123, 99.95, 0.1 + 0.2, 1 / 3,
                            1e300, 5e-324, -7.25, 1e15, 1e16, 4.0]),
        ("numpy numbers", NUM, [1, np.float64(2.5), np.int64(7), np.float64("nan"),
                                np.int64(10**16), np.float64(-0.0)]),
        ("blank numbers", NUM, [1, None, float("nan"), None, float("nan")]),
        ("mixed numbers", NUM, [1, None, float("nan"), 0, 0.0, -0.0, 3, 2.5, True, False, 3,
                                2.5, None]),
        ("yes/no", NUM, [True, False, True, True, False]),
        ("xml specials", TEXT, ["x", "<b>", "a & b", '"quoted"', "it's", "<>&\"'", "</t></si>",
                                "&amp;", "]]>", "a > b < c", "<r>", "</r>"]),
        (RICH_LOOKING, TEXT, ["x", "<r><t>rich</t></r>", "<r>x</r>"]),
        ("control characters", TEXT, ["x", *(f"c{chr(i)}d" for i in range(0x20)), "\x00",
                                      "\x7f", "\x85", "\ufffe", "\uffff", "a\ufffeb"]),
        ("escape-looking text", TEXT, ["x", "_x0041_", "_x005F_x0041_", "_xABCD_ and _x12_",
                                       "_X0041_", "a_x000D_b", "_x00411_"]),
        ("spaces", TEXT, ["x", " lead", "trail ", " ", "   ", "\tTab", "line\n", "\nline",
                          "a  b", "\u00a0nbsp", "nbsp\u00a0", "\u3000ideographic", "\r"]),
        ("very long text", TEXT, ["x", "z" * 16383, "z" * 16384, "z" * 32767, "z" * 32768,
                                  "z" * 40000, "🙂" * 16383, "🙂" * 16384, "🙂" * 20000,
                                  "a" + "🙂" * 16383, "ễ" * 33000]),
        ("Vietnamese", TEXT, ["x", "Nguyễn Văn An", "ĐỖ THỊ Ư", "Nguye\u0302\u0303n (NFD)",
                              "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                              "Xuất sắc", "Hoàn thành tốt nhiệm vụ", "Có"]),
        ("formula-looking text", TEXT, ["x", "=1+1", "=SUM(A1:A2)", "+1", "-1", "@x", "=",
                                        "http://example.com", "mailto:a@b.vn", "1e5", "0012",
                                        "{=A1}", "#N/A", "TRUE"]),
        ("empty and blank text", TEXT, ["x", "", None, float("nan"), "", None]),
        ("dates and other values as text", TEXT, ["x", dt.date(2024, 7, 1),
                                                  dt.datetime(2024, 7, 1, 8, 30), 7, 2.5, True,
                                                  10**20, "15/07/2024"]),
        ("repeated text", TEXT, ["x"] + ["Đạt", "Chưa đạt", "Đạt", "<b>", "Đạt", " lead"] * 5),
    ]


# The one place Bulk writes on purpose what xlsxwriter does not: xlsxwriter writes a shared string
# that starts with "<r>" and ends with "</r>" as raw rich-string XML (sharedstrings.py), so a
# user's text of that shape would become markup; Bulk escapes it as the text it is.
RICH_LOOKING = "text that looks like rich-string XML"

_ROW_XML = re.compile(r'<row r="(\d+)"([^>]*)>(.*?)</row>', re.S)
_CELL_XML = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_SI_XML = re.compile(r"<si>.*?</si>", re.S)
_SHEET = "xl/worksheets/sheet{}.xml"


def _cells(path: Path, sheet: int) -> dict[tuple[int, str], str]:
    """(row, column letter or "row") -> what the sheet holds there: a row's attributes; a cell's
    attributes and value, a shared string's index replaced by its <si> element as written."""
    with zipfile.ZipFile(path) as z:
        items = _SI_XML.findall(z.read("xl/sharedStrings.xml").decode("utf-8"))
        xml = z.read(_SHEET.format(sheet)).decode("utf-8")
    out = {}
    for row in _ROW_XML.finditer(xml):
        out[(int(row.group(1)), "row")] = row.group(2)
        for cell in _CELL_XML.finditer(row.group(3)):
            attrs, body = cell.group(3), cell.group(4) or ""
            if ' t="s"' in attrs:
                body = items[int(re.fullmatch(r"<v>(\d+)</v>", body).group(1))]
            out[(int(cell.group(2)), cell.group(1))] = attrs + " | " + body
    return out


def _write_kinds(path: Path, bulk: bool, data_bar: bool) -> list[tuple[int, str]]:
    """Each kind as its own table (label, value) on two sheets (the second meets every value
    again: Bulk's caches); return (first row, what) of each table."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), _book_options())
    wb.set_properties({"created": dt.datetime(2024, 7, 1, 8, 0)})
    fmts = {NUM: wb.add_format({"num_format": "0.0", "border": 1}),
            TEXT: wb.add_format({"text_wrap": True, "border": 1}),
            "label": wb.add_format({"italic": True})}
    store, where = Bulk(), []
    for sheet in ("Kinds", "Again"):
        ws = wb.add_worksheet(sheet)
        ws.write_string(0, 0, "Loại ô", fmts["label"])
        row = 2
        for what, kind, values in _kinds():
            labels = [what] * len(values)
            heights = [None] * len(values)
            heights[-1] = 30
            if bulk:
                store.rows(ws, row, [Column(TEXT, fmts["label"], labels),
                                     Column(kind, fmts[kind], list(values))], heights)
            else:
                for i, value in enumerate(values):
                    text(ws, row + i, 0, labels[i], fmts["label"])
                    (text if kind == TEXT else num)(ws, row + i, 1, value, fmts[kind])
                    if heights[i] is not None:
                        ws.set_row(row + i, heights[i])
            where.append((row, what))
            row += len(values) + 1
        if data_bar:
            ws.conditional_format(2, 1, row, 1, {"type": "data_bar", "bar_solid": True})
    wb.close()
    store.finish(path)
    return where


@pytest.mark.parametrize("data_bar", [False, True])
def test_every_cell_kind_is_what_xlsxwriter_writes(tmp_path, data_bar):
    where = _write_kinds(tmp_path / "xlsxwriter.xlsx", False, data_bar)
    _write_kinds(tmp_path / "bulk.xlsx", True, data_bar)

    def what(row: int) -> str:
        return next((w for first, w in reversed(where) if first < row), "heading")

    rich = [value for w, _, values in _kinds() if w == RICH_LOOKING for value in values[1:]]
    for sheet in (1, 2):
        want = _cells(tmp_path / "xlsxwriter.xlsx", sheet)
        got = _cells(tmp_path / "bulk.xlsx", sheet)
        first = next(row for row, w in where if w == RICH_LOOKING) + 1
        for i, value in enumerate(rich, first + 1):
            assert want[(i, "B")].endswith(f"<si>{value}</si>")       # xlsxwriter: markup
            escaped = value.replace("<", "&lt;").replace(">", "&gt;")
            assert got[(i, "B")].endswith(f"<si><t>{escaped}</t></si>")  # Bulk: text
            want[(i, "B")] = got[(i, "B")]
        assert len(want) > 200                         # the tables are there
        differ = [f"sheet {sheet} {col}{row} ({what(row)}): xlsxwriter "
                  f"{want.get((row, col))!r:.200} != bulk {got.get((row, col))!r:.200}"
                  for row, col in sorted(set(want) | set(got))
                  if want.get((row, col)) != got.get((row, col))]
        assert not differ, "\n".join(differ[:12])
    # every other part the same; the sheets' cells are compared above (the strings too)
    plain, bulk = _resolved(tmp_path / "xlsxwriter.xlsx"), _resolved(tmp_path / "bulk.xlsx")
    assert plain.keys() == bulk.keys()
    for name in plain:
        if name.startswith("xl/worksheets/sheet"):      # what is around the cells
            plain[name], bulk[name] = (re.sub("<sheetData>.*</sheetData>", "", part, flags=re.S)
                                       for part in (plain[name], bulk[name]))
        if name != "unique":
            assert plain[name] == bulk[name], name


def test_the_comparison_sees_a_wrong_cell(tmp_path):
    """The cell-by-cell comparison is not blind: one value changed is one cell reported."""
    _write_kinds(tmp_path / "a.xlsx", False, False)
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(tmp_path / "a.xlsx") as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == _SHEET.format(1):
                data = data.replace(b"<v>123456789012345</v>", b"<v>123456789012346</v>")
            zout.writestr(info, data)
    a, b = _cells(tmp_path / "a.xlsx", 1), _cells(path, 1)
    assert [key for key in a if a[key] != b[key]] == [(8, "B")]
