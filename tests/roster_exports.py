"""Lists as offices keep them, to import as a roster: an HR export (xlsxwriter), the party cell's
member list with merged two-row headers and unit headings (openpyxl), and a unit's own sheet
typed as CSV and saved through LibreOffice. The people overlap as they do in a real agency: the
party list holds some of the HR export's people, with their birth dates written another way.

Each builder returns the file and what a correct import must find (``Expected``)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Expected:
    people: int                                 # people written to the roster
    units: dict[str, str]                       # unit name -> code
    mapping: dict[str, str]                     # field label in the preview -> header cell
    duplicates: list[str] = field(default_factory=list)   # cells of the rows left out
    no_unit: list[str] = field(default_factory=list)      # cells of people without a unit
    party: set[str] = field(default_factory=set)          # names of party members
    youth: set[str] = field(default_factory=set)


HR_PEOPLE = [
    # id, name, birth (as the export writes it), unit, position, email
    ("NV001", "Nguyễn Văn Thành", "05/03/1972", "Văn phòng", "Chánh Văn phòng", "thanhnv@bql.vn"),
    ("NV002", "Trần Thị Hồng Nhung", dt.date(1985, 11, 20), "Văn phòng", "Chuyên viên", ""),
    ("NV003", "Lê Minh Quân", "1990", "Văn phòng", "Nhân viên", ""),
    ("NV004", "Phạm Thu Hà", "12/05/1980", "Phòng Quản lý doanh nghiệp", "Trưởng phòng", ""),
    ("NV005", "Hoàng Đức Long", "01-09-1988", "Phòng Quản lý doanh nghiệp", "Chuyên viên", ""),
    ("NV006", "Đặng Thị Thuỳ Linh", "30/06/1995", "Phòng Quản lý doanh nghiệp",
     "Chuyên viên", ""),
    ("NV007", "Vũ Quang Huy", "14.02.1983", "Phòng Kế hoạch – Tổng hợp", "Phó Trưởng phòng", ""),
    ("NV007", "Bùi Thanh Hương", "22/08/1991", "Phòng Kế hoạch – Tổng hợp", "Chuyên viên", ""),
    ("NV009", "Đỗ Mạnh Cường", "31/02/1990", "Phòng Kế hoạch – Tổng hợp", "Chuyên viên", ""),
    ("NV010", "Ngô Thị Mai", "09/09/1993", "", "Hợp đồng", ""),
]


def hr_export(folder: Path) -> tuple[Path, Expected]:
    """An HR software's export: a title block, one header row, dates as text and as dates, the
    same id given twice, someone without a unit, a totals line and a signature block."""
    import xlsxwriter
    path = folder / "xuat-nhan-su-2025.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DS CBCCVC")
    bold = wb.add_format({"bold": True, "align": "center"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.merge_range("A1:D1", "SỞ NỘI VỤ TỈNH BẮC NINH", bold)
    ws.merge_range("A2:D2", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", bold)
    ws.merge_range("A4:J4", "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG", bold)
    ws.merge_range("A5:J5", "(Tính đến ngày 31/12/2024)")
    headers = ["STT", "Mã NV", "Họ và tên", "Ngày sinh", "Giới tính", "Phòng/Ban", "Chức vụ",
               "Ngạch", "Email", "Ghi chú"]
    ws.write_row(6, 0, headers, bold)
    for i, (pid, name, born, unit, pos, email) in enumerate(HR_PEOPLE):
        r = 7 + i
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, pid)
        ws.write_string(r, 2, name)
        if isinstance(born, dt.date):
            ws.write_datetime(r, 3, dt.datetime(born.year, born.month, born.day), date)
        else:
            ws.write_string(r, 3, born)
        ws.write_string(r, 4, "Nữ" if "Thị" in name or "Thu" in name else "Nam")
        ws.write_string(r, 5, unit)
        ws.write_string(r, 6, pos)
        ws.write_string(r, 7, "Chuyên viên")
        ws.write_string(r, 8, email)
    end = 7 + len(HR_PEOPLE)
    ws.write_string(end + 1, 0, f"Tổng cộng: {len(HR_PEOPLE)} người")
    ws.write_string(end + 3, 6, "Người lập biểu")
    ws.write_string(end + 6, 6, "Nguyễn Văn Thành")
    wb.close()
    return path, Expected(
        people=8,       # 10 rows: the second NV007 left out, Ngô Thị Mai has no unit
        units={"Văn phòng": "VP", "Phòng Quản lý doanh nghiệp": "QLDN",
               "Phòng Kế hoạch – Tổng hợp": "KHTH"},
        mapping={"Mã cán bộ": "B7", "Họ và tên": "C7", "Ngày sinh": "D7", "Đơn vị": "F7",
                 "Chức vụ": "G7", "Thư điện tử": "I7"},
        duplicates=["B15"], no_unit=["F17"])


PARTY_SECTIONS = [
    ("I. VĂN PHÒNG", [("Nguyễn Văn", "Thành", "5/3/1972", "03/02/1998", "Bí thư Chi bộ",
                       "Tổ đảng 1"),
                      ("Trần Thị Hồng", "Nhung", "20/11/1985", "19/05/2012", "Đảng viên",
                       "Tổ đảng 1")]),
    ("II. PHÒNG QUẢN LÝ DOANH NGHIỆP", [
        ("Phạm Thu", "Hà", "12/05/1980", "02/09/2005", "Phó Bí thư", "Tổ đảng 2"),
        ("Đặng Thị Thuỳ", "Linh", "30.06.1995", "19/05/2024", "Đảng viên dự bị", "Tổ đảng 2"),
        # listed twice by mistake (same name, same birth date)
        ("Phạm Thu", "Hà", "12-05-1980", "02/09/2005", "Đảng viên", "Tổ đảng 2")]),
    ("III. PHÒNG KẾ HOẠCH – TỔNG HỢP", [
        ("Vũ Quang", "Huy", "14/02/1983", "10/10/2010", "Đảng viên", "Tổ đảng 3")]),
]


def party_list(folder: Path) -> tuple[Path, Expected]:
    """The party cell's member list: merged two-row headers (Họ và tên over Họ đệm | Tên;
    Ngày vào Đảng over Dự bị | Chính thức), people under unit headings, dates in three styles."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    path = folder / "danh-sach-dang-vien.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đảng viên"
    ws["A1"] = "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
    ws["A2"] = "CHI BỘ BAN QUẢN LÝ CÁC KCN"
    ws["E1"] = "ĐẢNG CỘNG SẢN VIỆT NAM"
    ws.merge_cells("A4:H4")
    ws["A4"] = "DANH SÁCH ĐẢNG VIÊN NĂM 2025"
    ws["A4"].font = Font(bold=True)
    ws["A4"].alignment = Alignment(horizontal="center")
    for cell, text, span in (("A6", "TT", "A6:A7"), ("B6", "Họ và tên", "B6:C6"),
                             ("D6", "Ngày, tháng, năm sinh", "D6:D7"),
                             ("E6", "Ngày vào Đảng", "E6:F6"), ("G6", "Chức vụ Đảng", "G6:G7"),
                             ("H6", "Tổ đảng", "H6:H7")):
        ws[cell] = text
        ws.merge_cells(span)
    ws["B7"], ws["C7"], ws["E7"], ws["F7"] = "Họ đệm", "Tên", "Dự bị", "Chính thức"
    r = 8
    n = 0
    for heading, people in PARTY_SECTIONS:
        ws.cell(r, 1, heading)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=8)
        r += 1
        for family, given, born, joined, role, group in people:
            n += 1
            for c, v in enumerate((n, family, given, born, joined, joined, role, group), 1):
                ws.cell(r, c, v or None)
            r += 1
    ws.cell(r + 1, 5, "T/M CHI BỘ")
    ws.cell(r + 2, 5, "BÍ THƯ")
    wb.save(path)
    return path, Expected(
        people=5,
        units={"VĂN PHÒNG": "VP", "PHÒNG QUẢN LÝ DOANH NGHIỆP": "QLDN",
               "PHÒNG KẾ HOẠCH – TỔNG HỢP": "KHTH"},
        mapping={"Họ đệm": "B7", "Tên": "C7", "Ngày sinh": "D6", "Ngày vào Đảng": "E7",
                 "Tổ đảng": "H6"},
        duplicates=["B14"],
        party={"Nguyễn Văn Thành", "Trần Thị Hồng Nhung", "Phạm Thu Hà", "Đặng Thị Thuỳ Linh",
               "Vũ Quang Huy"})


UNIT_CSV = """"DANH SÁCH CÁN BỘ, NHÂN VIÊN"
Đơn vị: Phòng Kế hoạch – Tổng hợp

TT,Tên cán bộ,Năm sinh,Chức danh,Đoàn viên,Đảng viên,Ghi chú
1,Vũ Quang Huy,1983,Phó Trưởng phòng,,x,
2,Bùi Thanh Hương,1991,Chuyên viên,x,,
3,Lý Hoài Nam,1998,Chuyên viên,x,,mới tuyển
4,Đinh Thị Yến,1996,Nhân viên,x,,
5,Lý Hoài Nam,1998,Chuyên viên,x,,ghi trùng
"""


def unit_sheet_via_libreoffice(folder: Path) -> tuple[Path, Expected]:
    """A unit's own list typed as CSV (the unit named in a title line, no id, year of birth
    only, "x" for members) and saved as .xlsx by LibreOffice."""
    csv_path = folder / "ds-phong-khth.csv"
    csv_path.write_text(UNIT_CSV, encoding="utf-8")
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = Path(tempfile.mkdtemp(prefix="lo-pledges17-roster-"))
    try:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
             "--outdir", str(folder), str(csv_path)],
            check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(profile)})
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    csv_path.unlink()
    return folder / "ds-phong-khth.xlsx", Expected(
        people=4, units={"Phòng Kế hoạch – Tổng hợp": "KHTH"},
        mapping={"Họ và tên": "B4", "Ngày sinh": "C4", "Chức vụ": "D4", "Đoàn viên": "E4",
                 "Đảng viên": "F4"},
        duplicates=["B9"],
        party={"Vũ Quang Huy"},
        youth={"Bùi Thanh Hương", "Lý Hoài Nam", "Đinh Thị Yến"})
