"""`lamtheobac roster import`: lists as offices keep them (tests/roster_exports.py) become a
roster.xlsx that loads, with the columns it chose shown and duplicates and people without a unit
listed by file, sheet and cell; nothing is written before the preview is confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import require_lo, soffice
from tests.roster_exports import hr_export, party_list, unit_sheet_via_libreoffice
from toolkit.cli.main import main
from toolkit.config.roster import load_roster
from toolkit.config.roster_import import find_header, import_roster, unit_code_for
from toolkit.config.workspace import Workspace, init_workspace


@pytest.fixture
def blank(tmp_path: Path) -> Workspace:
    """A new workspace whose roster.xlsx is still the blank template."""
    return init_workspace(tmp_path / "ws", 2025)


def _import(ws: Workspace, *files: Path, args: tuple[str, ...] = ("--yes",)) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["roster", "import", "-w", str(ws.root), *map(str, files),
                                       *args])
    return result.exit_code, result.output


def _check(ws: Workspace, output: str, expected, code: int) -> None:
    """The roster written loads, holds what the list holds, and the preview said how."""
    assert code == 1, output                    # duplicates remain to be looked at
    roster = load_roster(ws.roster_path, ws.config)
    assert len(roster.people) == expected.people, output
    by_name = {u.name: u.code for u in roster.units.values()}
    assert by_name == expected.units
    for label, cell in expected.mapping.items():
        assert any(line.strip().startswith(label) and f"ô {cell} " in line
                   for line in output.splitlines()), (label, cell, output)
    for cell in expected.duplicates + expected.no_unit:
        assert f"ô {cell}:" in output, (cell, output)
    names = {p.name: p for p in roster.people.values()}
    for name in expected.party:
        assert names[name].party_member, name
    for name in expected.youth:
        assert names[name].youth_member, name
    assert "Đã ghi" in output


def test_hr_export(blank: Workspace, tmp_path: Path) -> None:
    path, expected = hr_export(tmp_path)
    code, output = _import(blank, path)
    _check(blank, output, expected, code)
    roster = load_roster(blank.roster_path, blank.config)
    assert set(roster.people) == {"NV001", "NV002", "NV003", "NV004", "NV005", "NV006", "NV007",
                                  "NV009"}
    assert roster.people["NV007"].name == "Vũ Quang Huy"          # the first NV007 kept
    assert roster.people["NV001"].email == "thanhnv@bql.vn"
    assert roster.people["NV001"].key_leader and roster.people["NV004"].key_leader
    assert not roster.people["NV007"].key_leader                  # a deputy
    assert roster.units["QLDN"].head == "Phạm Thu Hà"
    assert "mã \"NV007\" của Bùi Thanh Hương trùng với ô B14" in output
    assert "Ngô Thị Mai (dòng 17) không có đơn vị" in output
    assert "ô D16: ngày sinh \"31/02/1990\"" in output            # not a date
    assert "20/11/1985" in output and "05/03/1972" in output      # a real date and text
    assert "(không dùng: A7 \"STT\", E7 \"Giới tính\"" in output
    assert "Tổng cộng" not in output and "Người lập biểu" not in output


def test_party_list_with_merged_two_row_header(blank: Workspace, tmp_path: Path) -> None:
    path, expected = party_list(tmp_path)
    code, output = _import(blank, path)
    _check(blank, output, expected, code)
    roster = load_roster(blank.roster_path, blank.config)
    names = {p.name: p for p in roster.people.values()}
    assert names["Phạm Thu Hà"].party_group == "Tổ đảng 2" and names["Phạm Thu Hà"].unit == "QLDN"
    assert names["Nguyễn Văn Thành"].position == "Bí thư Chi bộ"
    assert "tiêu đề ở dòng 6–7" in output
    assert "Phạm Thu Hà trùng họ tên và ngày sinh với ô B12" in output
    assert sorted(roster.people) == ["CB001", "CB002", "CB003", "CB004", "CB005"]


def test_unit_sheet_saved_by_libreoffice(blank: Workspace, tmp_path: Path) -> None:
    if soffice() is None and not require_lo():
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    path, expected = unit_sheet_via_libreoffice(tmp_path)
    code, output = _import(blank, path)
    _check(blank, output, expected, code)
    roster = load_roster(blank.roster_path, blank.config)
    assert {p.unit for p in roster.people.values()} == {"KHTH"}
    assert "Người không ghi đơn vị thuộc: Phòng Kế hoạch – Tổng hợp" in output
    assert "Lý Hoài Nam trùng họ tên và ngày sinh với ô B7" in output


def test_two_lists_of_the_same_people_are_merged(blank: Workspace, tmp_path: Path) -> None:
    """The HR export and the party list name the same people: one person each, the party list
    adding membership and party group; duplicates inside each list still listed."""
    hr, _ = hr_export(tmp_path)
    party, _ = party_list(tmp_path)
    code, output = _import(blank, hr, party)
    assert code == 1, output
    roster = load_roster(blank.roster_path, blank.config)
    assert len(roster.people) == 8
    thanh = roster.people["NV001"]
    assert thanh.party_member and thanh.party_group == "Tổ đảng 1"
    assert thanh.position == "Chánh Văn phòng"                    # the HR export's, kept
    assert roster.people["NV006"].party_member                    # birth written 30.06.1995
    assert not roster.people["NV005"].party_member
    assert set(roster.units) == {"VP", "QLDN", "KHTH"}
    for cell in ("ô B15:", "ô B14:", "ô F17:"):
        assert cell in output


def test_nothing_written_before_confirmation(blank: Workspace, tmp_path: Path) -> None:
    path, _ = hr_export(tmp_path)
    before = blank.roster_path.read_bytes()
    code, output = _import(blank, path, args=())
    assert code == 1 and "Chưa ghi" in output and "--yes" in output
    assert blank.roster_path.read_bytes() == before


def test_a_second_import_keeps_units_and_ids(blank: Workspace, tmp_path: Path) -> None:
    """Importing into a workspace that has a roster: its unit codes and person ids are kept for
    the same people, the old file is kept beside the new one."""
    hr, _ = hr_export(tmp_path)
    _import(blank, hr)
    ws = Workspace.open(blank.root)
    roster = ws.roster()
    renamed = tmp_path / "ds-khth.csv"
    renamed.write_text("Đơn vị: Phòng Kế hoạch – Tổng hợp\nHọ và tên,Chức vụ\n"
                       "Vũ Quang Huy,Phó Trưởng phòng\nĐỗ Mạnh Cường,Chuyên viên\n"
                       "Mai Thế Anh,Chuyên viên\n", encoding="utf-8")
    result = import_roster([renamed], roster)
    ids = {p.name: p.person_id for p in result.roster.people.values()}
    assert ids["Vũ Quang Huy"] == "NV007" and ids["Đỗ Mạnh Cường"] == "NV009"
    assert ids["Mai Thế Anh"] == "CB001" and result.reused_ids == 2
    assert set(result.roster.units) == {"KHTH"} and result.new_units == []
    code, output = _import(ws, renamed)
    assert code == 0, output
    assert (ws.root / "roster-truoc-khi-nhap.xlsx").is_file() and "bản cũ" in output


def test_a_file_without_a_list_is_refused(blank: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.csv"
    path.write_text("Kế hoạch năm 2025\nMục tiêu,Chỉ tiêu\nHọc tập,100%\n", encoding="utf-8")
    code, output = _import(blank, path)
    assert code == 2 and "ghi-chu.csv" in output and "cột" in output


def test_headers_found_by_synonyms() -> None:
    grid = [["ỦY BAN NHÂN DÂN"], [], ["TT", "Họ tên", "Sinh ngày", "Bộ phận", "Chức danh",
                                     "Ngày kết nạp Đảng", "Thư điện tử"],
            [1, "Nguyễn An", "01/01/1990", "Văn phòng", "Chuyên viên", "", ""]]
    r, two, fields, _ = find_header(grid, [])
    assert (r, two) == (2, False)
    assert fields == {"name": 1, "birth": 2, "unit": 3, "position": 4, "party_date": 5,
                      "email": 6}
    # "Tên" alone is the given name only beside "Họ đệm"; a sheet of notes has no header
    assert find_header([["Tên", "Ghi chú"], ["An", "x"]], []) is None
    assert find_header([["Mục tiêu", "Chỉ tiêu"]], []) is None


def test_unit_codes() -> None:
    taken: set[str] = set()
    codes = [unit_code_for(n, taken) for n in ("Văn phòng", "Phòng Quản lý doanh nghiệp",
                                               "Phòng Quy hoạch và Xây dựng",
                                               "Trung tâm Dịch vụ khu công nghiệp")]
    assert codes == ["VP", "QLDN", "QHXD", "TTDVKC"]
    taken.update(codes)
    assert unit_code_for("Phòng Quản lý Doanh nghiệp", taken) == "QLDN2"
