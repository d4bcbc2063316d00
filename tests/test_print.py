"""The print pass: every output kind of the demo, printed by LibreOffice (the shared batch of
tests/conftest.py, converted once), checked page by page with poppler.

On every page of every output: A4; Times New Roman (or its metric twin); no English issue code,
ISO period or decimal point; no page holding only a heading, a table header or a line or two;
no heading or table header left at the foot of a page. On the workbooks' pages (each footer names
its sheet): the header repeated at the top of a sheet's later pages is its own table's header;
every sheet prints one page wide, the overview's charts inside the printed columns; a page of a
table fills the page's width.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

CODE = re.compile(r"\b[A-Z]{3,}(?:_[A-Z0-9]+)+\b")
ISO_PERIOD = re.compile(r"\b20\d\d-(?:Q[1-4]|H[12])\b")
DECIMAL_POINT = re.compile(r"(?<![\d.,/:-])\d{1,3}\.\d{1,2}(?![\d.])")
CONFIG_KEY = re.compile(r"\[[a-z]+\] ?[a-z]+_[a-z_]+")       # "[rating] rule_set"
FOOTER = re.compile(r"^\s*(?P<sheet>.+?) – trang (?P<page>\d+)/(?P<pages>\d+)\s*$")
ROMAN_HEAD = re.compile(r"^(?:[IVX]+|\d+)\.\s+\S.{0,70}$")
GROUP_HEAD = re.compile(r"^\S.{2,80} \(\d+ người\)$")      # a unit's rows: "Phòng X (5 người)"
TNR = re.compile(r"^(TimesNewRoman|Times-|LiberationSerif|Tinos)", re.I)
KINDS = {                          # an output kind -> a pattern of the relative path of its files
    "template": "out/gui-don-vi/", "feedback": "out/phan-hoi/", "dashboard": "bang-theo-doi-",
    "rating": "out/xep-loai/", "report (workbook)": "bao-cao/bao-cao-", "golden book": "so-vang-",
    "commendation list": "de-nghi-bieu-duong", "report (Word)": ".docx",
    "self-review (Word)": "kiem-diem-"}


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True,
                          errors="replace").stdout


def pages_of(pdf: Path) -> list[str]:
    pages = _run("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def body_lines(page: str) -> list[str]:
    """The page's lines without the footer ("Sheet – trang 2/5") and a lone page number."""
    return [ln for ln in page.splitlines()
            if ln.strip() and not FOOTER.match(ln) and not ln.strip().isdigit()]


def footer_sheet(page: str) -> str | None:
    for ln in reversed(page.splitlines()):
        m = FOOTER.match(ln)
        if m:
            return m.group("sheet")
    return None


def words(line: str) -> str:
    return " ".join(line.split())


def is_heading(line: str) -> bool:
    """A section heading: "I. KẾT QUẢ THỰC HIỆN", "2. Đăng ký và thực hiện việc làm theo"
    (short, numbered, not a sentence), a line in capitals, or the heading of a unit's rows in a
    table ("Phòng Quản lý Môi trường (6 người)")."""
    text = words(line)
    letters = [c for c in text if c.isalpha()]
    caps = len(letters) >= 8 and all(c.isupper() for c in letters) and len(text.split()) >= 2
    return caps or bool(ROMAN_HEAD.match(text) and not text.endswith((".", ";", ","))) or \
        bool(GROUP_HEAD.match(text))


@pytest.fixture(scope="module")
def printed(lo_batch, demo_ws) -> dict[str, Path]:
    """Every printed output: the batch's PDFs and the pledge pages the demo printed itself."""
    out = dict(lo_batch.pdfs)
    for pdf in sorted((demo_ws.out / "van-ban").glob("dang-ky-*/*.pdf")):
        out[str(pdf.relative_to(demo_ws.root))] = pdf
    return out


def test_every_output_kind_is_printed(printed):
    for kind, pattern in KINDS.items():
        assert any(pattern in name for name in printed), kind


def test_pages_are_a4_in_times_new_roman(printed):
    for name, pdf in printed.items():
        sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)",
                           _run("pdfinfo", "-f", "1", "-l", "10000", str(pdf)), re.M)
        assert sizes, name
        for w, h in sizes:
            a, b = sorted((float(w), float(h)))
            assert abs(a - 595.3) < 3 and abs(b - 841.9) < 3, (name, w, h)
        fonts = {re.sub(r"^[A-Z]{6}\+", "", ln.split()[0])
                 for ln in _run("pdffonts", str(pdf)).splitlines()[2:] if ln.strip()}
        assert fonts and all(TNR.match(f) for f in fonts), (name, fonts)


def test_no_english_codes_config_keys_iso_periods_or_decimal_points(printed):
    for name, pdf in printed.items():
        text = "\n".join(pages_of(pdf))
        for pattern in (CODE, ISO_PERIOD, DECIMAL_POINT, CONFIG_KEY):
            found = pattern.findall(text)
            assert not found, (name, pattern.pattern, found[:5])


def test_no_page_holds_only_a_heading_a_header_or_a_row(printed):
    for name, pdf in printed.items():
        pages = pages_of(pdf)
        if len(pages) < 2:
            continue
        for i, page in enumerate(pages, 1):
            lines = body_lines(page)
            assert len(lines) >= 3, (name, i, lines)


def test_no_heading_or_table_header_at_the_foot_of_a_page(printed):
    for name, pdf in printed.items():
        pages = pages_of(pdf)
        for i, (page, nxt) in enumerate(zip(pages, pages[1:]), 1):
            lines, following = body_lines(page), body_lines(nxt)
            if not lines:
                continue
            last = words(lines[-1])
            assert not is_heading(last), (name, i, last)
            # a table's header alone at the foot: its first line starts the next page again
            if following and footer_sheet(page) == footer_sheet(nxt):
                assert last != words(following[0]) or len(lines) < 2, (name, i, last)


def _titled_sheets(path: Path) -> set[str]:
    """The sheets of a workbook with a header row repeated on every printed page."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
    names = re.findall(r"<sheet [^>]*?name=\"([^\"]+)\"", wb)
    ids = re.findall(r'_xlnm\.Print_Titles" localSheetId="(\d+)"', wb)
    return {names[int(i)].replace("&amp;", "&") for i in ids}


def test_repeated_header_belongs_to_the_sheets_table(printed, demo_ws):
    """A sheet's later pages start with a header printed on an earlier page of the sheet: the
    table's own (not another table's, and not a data row when the header should repeat), or
    with the heading of the sheet's next section."""
    for name, pdf in printed.items():
        if not name.endswith(".xlsx"):
            continue
        titled = _titled_sheets(demo_ws.root / name)
        by_sheet: dict[str, list[str]] = {}
        for page in pages_of(pdf):
            sheet = footer_sheet(page)
            assert sheet, (name, "no footer naming the sheet")
            by_sheet.setdefault(sheet, []).append(page)
        for sheet, pages in by_sheet.items():
            if sheet not in titled:         # a document sheet (a report): no header repeats
                continue
            seen = {words(ln) for ln in body_lines(pages[0])}
            for k, page in enumerate(pages[1:], 2):
                lines = body_lines(page)
                top = words(lines[0])
                assert top in seen or is_heading(top), (name, sheet, k, top)
                seen |= {words(ln) for ln in lines}


def _print_area_cols(workbook_xml: str, index: int) -> int | None:
    m = re.search(rf'<definedName name="_xlnm\.Print_Area" localSheetId="{index}">'
                  r"[^<]*?\$([A-Z]+)\$\d+</definedName>", workbook_xml)
    if not m:
        return None
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return n


def test_sheets_print_one_page_wide_with_charts_inside(demo_ws):
    """Every visible sheet of every workbook output is fitted to one page wide; a chart's
    right edge is inside the printed columns."""
    checked = 0
    for path in sorted((demo_ws.root / "out").rglob("*.xlsx")):
        with zipfile.ZipFile(path) as z:
            wb = z.read("xl/workbook.xml").decode()
            sheets = re.findall(r"<sheet [^>]*?name=\"([^\"]+)\"[^>]*?/>", wb)
            states = re.findall(r"<sheet [^>]*?/>", wb)
            for i, (sheet, tag) in enumerate(zip(sheets, states)):
                if "state=" in tag:
                    continue
                xml = z.read(f"xl/worksheets/sheet{i + 1}.xml").decode()
                assert 'fitToPage="1"' in xml and 'fitToWidth="0"' not in xml, (path.name, sheet)
                drawing = f"xl/drawings/drawing{i + 1}.xml"
                cols = _print_area_cols(wb, i)
                if drawing in z.namelist() and cols:
                    anchors = re.findall(r"<xdr:to><xdr:col>(\d+)</xdr:col><xdr:colOff>(\d+)<",
                                         z.read(drawing).decode())
                    ends = [int(c) + (int(off) > 0) for c, off in anchors]
                    assert ends and max(ends) <= cols, (path.name, sheet, ends, cols)
                checked += 1
    assert checked > 50


def _ink_extents(pdf: Path, workdir: Path) -> list[tuple[int, int, int]]:
    """Per page: its width in pixels and the first and last pixel column holding ink (text,
    borders, charts), from a 20-dpi greyscale rendering."""
    stem = workdir / pdf.stem
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(pdf), str(stem)], check=True,
                   capture_output=True)
    out = []
    for pgm in sorted(workdir.glob(pdf.stem + "-*.pgm"),
                      key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        data = pgm.read_bytes()
        fields = data.split(maxsplit=4)          # P5, width, height, maxval, pixels
        width, height = int(fields[1]), int(fields[2])
        pixels = fields[4][-width * height:]
        inked = [x for x in range(width)
                 if any(pixels[y * width + x] < 160 for y in range(height))]
        out.append((width, min(inked, default=0), max(inked, default=0)))
    return out


def test_table_pages_fill_the_width(printed, tmp_path):
    """A workbook's pages span most of the page's width (fitted to the page, not printed at
    60–70 %): the ink of a full page reaches across three quarters of a landscape sheet, and
    two thirds of a portrait one (whose margins are 35 and 15 mm: 76 % at most)."""
    for name, pdf in printed.items():
        if not name.endswith(".xlsx"):
            continue
        pages = pages_of(pdf)
        for i, (width, left, right) in enumerate(_ink_extents(pdf, tmp_path), 1):
            if len(body_lines(pages[i - 1])) < 12:
                continue
            landscape = width > 0.8 * 297 / 25.4 * 20
            need = 0.75 if landscape else 0.66
            assert right - left >= need * width, (name, i, round((right - left) / width, 2))
