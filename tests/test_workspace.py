"""init, config and roster: every bad input names the key or the cell and says how to fix it."""

from __future__ import annotations

import openpyxl
import pytest

from toolkit.config.workspace import Workspace, WorkspaceError, init_workspace, load_config


def test_init_writes_a_commented_config_and_a_roster_to_fill(tmp_path):
    ws = init_workspace(tmp_path / "nam-2025", 2025)
    text = ws.config.path.read_text(encoding="utf-8")
    assert "# lamtheobac.toml" in text and "registration_deadline = 2025-03-15" in text
    assert ws.config.year == 2025 and ws.config.min_actions == 2 and ws.config.max_actions == 3
    assert [s.code for s in ws.config.standards][:4] == ["TN", "KL", "CL", "DD"]
    assert len([s for s in ws.config.standards if s.group.startswith("QĐ 144")]) == 5
    wb = openpyxl.load_workbook(ws.roster_path)
    assert {"Đơn vị", "Cán bộ", "Hướng dẫn"} <= set(wb.sheetnames)
    heads = [c.value for c in wb["Cán bộ"][6]]
    assert heads[:3] == ["Mã cán bộ", "Họ và tên", "Mã đơn vị"]
    assert (tmp_path / "nam-2025" / "inbox").is_dir()


def test_init_refuses_to_overwrite(tmp_path):
    init_workspace(tmp_path / "w", 2024)
    with pytest.raises(WorkspaceError, match="không ghi đè"):
        init_workspace(tmp_path / "w", 2024)


@pytest.mark.parametrize("old, new, key", [
    ("year = 2024", 'year = "hai nghìn"', "year.year"),
    ('id = "BQL-KCN"', 'id = ""', "organisation.id"),
    ("max_actions = 3", "max_actions = 1", "pledge.max_actions"),
    ("weight_progress = 0.5", "weight_progress = 0.9", "scoring.weight_progress"),
    ('header_style = "party"', 'header_style = "khac"', "organisation.header_style"),
    ("registration_deadline = 2024-03-15", 'registration_deadline = "31/02/2024"',
     "year.registration_deadline"),
    ('quota_rounding = "floor"', 'quota_rounding = "ceil"', "rating.quota_rounding"),
    ('code = "KL"', 'code = "TN"', "standards.items[2].code"),
])
def test_bad_config_names_the_key(tmp_path, old, new, key):
    ws = init_workspace(tmp_path / "w", 2024)
    text = ws.config.path.read_text(encoding="utf-8")
    assert old in text
    ws.config.path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(WorkspaceError) as err:
        load_config(ws.config.path)
    assert f"'{key}'" in str(err.value) and "lamtheobac.toml" in str(err.value)


def test_config_syntax_error_names_the_line(tmp_path):
    ws = init_workspace(tmp_path / "w", 2024)
    ws.config.path.write_text("[year]\nyear = = 2024\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="dòng 2"):
        load_config(ws.config.path)


def test_no_workspace(tmp_path):
    with pytest.raises(WorkspaceError, match="lamtheobac init"):
        Workspace.open(tmp_path)


def _roster_edit(ws, sheet, cell, value):
    wb = openpyxl.load_workbook(ws.roster_path)
    wb[sheet][cell] = value
    wb.save(ws.roster_path)


@pytest.mark.parametrize("sheet, cell, value, where, words", [
    ("Cán bộ", "A8", "CB001", "A8", "bị trùng"),          # second person gets the first's id
    ("Cán bộ", "C7", "XYZ", "C7", "không có ở trang"),
    ("Cán bộ", "B7", None, "B7", "Họ và tên"),
    ("Cán bộ", "E7", "có lẽ", "E7", "Có hoặc Không"),
    ("Đơn vị", "A8", "VP", "A8", "bị trùng"),
])
def test_bad_roster_names_the_cell(ws, sheet, cell, value, where, words):
    _roster_edit(ws, sheet, cell, value)
    with pytest.raises(WorkspaceError) as err:
        ws.roster()
    msg = str(err.value)
    assert f"'{sheet}'" in msg and f"ô {where}" in msg and words in msg


def test_roster_reads_flags(ws):
    roster = ws.roster()
    assert len(roster.units) == 3
    leaders = [p for p in roster.people.values() if p.key_leader]
    assert len(leaders) == 3
    assert all(p.unit in roster.units for p in roster.people.values())
    # people are listed key leader first, then by given name (Vietnamese order)
    from toolkit.common.text import name_sort_key
    unit = next(iter(roster.units))
    people = roster.people_of(unit)
    assert people[0].key_leader
    assert [name_sort_key(p.name) for p in people[1:]] == sorted(
        name_sort_key(p.name) for p in people[1:])
