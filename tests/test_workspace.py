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


def test_init_without_answers_writes_placeholders_not_the_seed(tmp_path):
    """A new workspace never gets the seed plan's agency (Bắc Giang, 2024) silently: what nobody
    gave is written as "CẦN ĐIỀN: …" and listed as still to fill."""
    from toolkit.config.seed import SEED_AGENCY
    from toolkit.config.workspace import SETTINGS
    ws = init_workspace(tmp_path / "nam-2025", 2025)
    text = ws.config.path.read_text(encoding="utf-8")
    for value in SEED_AGENCY.values():
        if isinstance(value, str):
            assert value not in text, value
    assert "Bắc Giang" not in text
    assert set(ws.config.to_fill) == {s.key for s in SETTINGS}
    assert ws.config.theme.startswith("CẦN ĐIỀN") and ws.config.org_id == "CAN-DIEN"
    assert ws.config.registration_deadline.isoformat() == "2025-03-15"


def test_init_with_answers(tmp_path):
    asked = []

    def ask(setting, previous):
        asked.append(setting.key)
        return "Chủ đề do người dùng nhập" if setting.key == "year.theme" else None

    ws = init_workspace(tmp_path / "w", 2025, ask=ask, settings={
        "organisation.name": "Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh",
        "organisation.place": "Bắc Ninh", "organisation.id": "BQL-KCN-BN"})
    cfg = ws.config
    assert cfg.org_name.endswith("Bắc Ninh") and cfg.place == "Bắc Ninh"
    assert cfg.org_id == "BQL-KCN-BN" and cfg.theme == "Chủ đề do người dùng nhập"
    assert "organisation.name" not in asked and "year.theme" in asked   # given ones not asked
    assert "year.theme" not in cfg.to_fill and "year.study_topic" in cfg.to_fill


def test_a_placeholder_date_reads_as_its_proposal(tmp_path):
    ws = init_workspace(tmp_path / "w", 2025)
    text = ws.config.path.read_text(encoding="utf-8").replace(
        "registration_deadline = 2025-03-15",
        'registration_deadline = "CẦN ĐIỀN: 2025-03-20 (hạn đăng ký; năm trước 20/03/2024)"')
    ws.config.path.write_text(text, encoding="utf-8")
    cfg = load_config(ws.config.path)
    assert cfg.registration_deadline.isoformat() == "2025-03-20"
    assert "year.registration_deadline" in cfg.to_fill


def test_set_toml_values_keeps_the_rest():
    import tomllib

    from toolkit.config.workspace import set_toml_values, toml_value
    text = ('# đầu tệp\n[organisation]\nname = "A" # ghi chú\nplaces = [\n  "x",\n  "y]",\n]\n\n'
            '[year]\nyear = 2024\ntheme = """dòng 1\ndòng 2"""\nstudy_topic = "B"\n'
            '[[standards.items]]\ncode = "TN"\n')
    out = set_toml_values(text, {"year.year": "2025", "year.theme": toml_value('Mới "x"'),
                                 "organisation.places": toml_value(["z"]),
                                 "organisation.signer_name": toml_value("C"),
                                 "pledge.copy_similarity": "0.9"})
    data = tomllib.loads(out)
    assert data["year"] == {"year": 2025, "theme": 'Mới "x"', "study_topic": "B"}
    assert data["organisation"] == {"name": "A", "places": ["z"], "signer_name": "C"}
    assert data["standards"]["items"] == [{"code": "TN"}]
    assert data["pledge"]["copy_similarity"] == 0.9
    assert out.startswith("# đầu tệp") and "# ghi chú" in out


def test_init_command_options_and_warnings(tmp_path):
    """`init` takes the keys as options; without a keyboard it asks nothing; `templates` and
    `status` point at what is still to fill (exit codes as before)."""
    from click.testing import CliRunner

    from toolkit.cli.main import main
    root = tmp_path / "w"
    r = CliRunner().invoke(main, ["init", str(root), "--year", "2025", "--org-name", "Sở X",
                                  "--short-name", "Sở X", "--org-id", "SOX", "--superior",
                                  "ĐẢNG ỦY UBND TỈNH", "--issuing-body", "CHI BỘ SỞ X",
                                  "--place", "Bắc Ninh", "--signer", "Lê Văn A"])
    assert r.exit_code == 0, r.output
    cfg = Workspace.open(root).config
    assert set(cfg.to_fill) == {"year.theme", "year.study_topic"}
    assert "year.theme (chủ đề năm)" in r.output
    r = CliRunner().invoke(main, ["templates", "-w", str(root), "--form", "pledge"])
    assert "year.theme" in r.output and "CẦN ĐIỀN" in r.output
    text = cfg.path.read_text(encoding="utf-8")
    text = text.replace('theme = "CẦN ĐIỀN: Chủ đề năm"', 'theme = "Chủ đề 2025"').replace(
        'study_topic = "CẦN ĐIỀN: Chuyên đề học tập của năm"', 'study_topic = "Chuyên đề 2025"')
    cfg.path.write_text(text, encoding="utf-8")
    assert Workspace.open(root).config.to_fill == ()
    r = CliRunner().invoke(main, ["status", "-w", str(root), "--format", "json"])
    assert "CẦN ĐIỀN" not in r.output


def test_init_asks_at_a_keyboard(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from toolkit.cli import cycle
    from toolkit.cli.main import main
    monkeypatch.setattr(cycle, "_interactive", lambda: True)
    answers = ["Ban Dân vận Tỉnh ủy", "Ban Dân vận", "BDV", "TỈNH ỦY BẮC NINH",
               "CHI BỘ BAN DÂN VẬN", "Bắc Ninh", "", "Chủ đề năm 2025", "Chuyên đề năm 2025"]
    r = CliRunner().invoke(main, ["init", str(tmp_path / "w"), "--year", "2025"],
                           input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.output
    assert "Chủ đề năm" in r.output                     # the questions were shown
    cfg = Workspace.open(tmp_path / "w").config
    assert cfg.org_name == "Ban Dân vận Tỉnh ủy" and cfg.theme == "Chủ đề năm 2025"
    assert cfg.to_fill == ("organisation.signer_name",)  # left empty: to fill later


def test_init_from_last_year_needs_a_later_year(ws, tmp_path):
    with pytest.raises(WorkspaceError, match="2024"):
        init_workspace(tmp_path / "again", 2024, from_dir=ws.root)
    new = init_workspace(tmp_path / "next", from_dir=ws.root)
    assert new.config.year == 2025 and new.config.org_name == ws.config.org_name
    assert set(new.roster().people) == set(ws.roster().people)
    assert new.carried is not None and new.carried.people == len(ws.roster().people)


def test_init_refuses_to_overwrite(tmp_path):
    init_workspace(tmp_path / "w", 2024)
    with pytest.raises(WorkspaceError, match="không ghi đè"):
        init_workspace(tmp_path / "w", 2024)


@pytest.mark.parametrize("old, new, key", [
    ("year = 2024", 'year = "hai nghìn"', "year.year"),
    ('id = "CAN-DIEN"', 'id = ""', "organisation.id"),
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
