"""The command line: help, start-up cost, exit codes, docs that cannot drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def test_help_does_not_import_pandas_or_openpyxl():
    code = ("import sys; from click.testing import CliRunner; from toolkit.cli.main import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0; "
            "bad = [m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'python_calamine') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_command_has_help_and_a_readme_mention():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and command.help, name
        assert f"lamtheobac {name}" in readme, f"README does not mention 'lamtheobac {name}'"


def test_no_workspace_is_exit_code_2_with_a_vietnamese_message(tmp_path):
    result = CliRunner().invoke(main, ["status", "-w", str(tmp_path)])
    assert result.exit_code == 2
    assert "lamtheobac init" in result.output and "Traceback" not in result.output


def test_bad_period_and_form_are_exit_code_2(ws):
    r1 = CliRunner().invoke(main, ["templates", "-w", str(ws.root), "--period", "2024-Q9"])
    r2 = CliRunner().invoke(main, ["templates", "-w", str(ws.root), "--form", "khong-co"])
    assert r1.exit_code == 2 and "2024-Q1" in r1.output
    assert r2.exit_code == 2 and "pledge" in r2.output


def test_english_is_the_second_language(tmp_path):
    result = CliRunner().invoke(main, ["--lang", "en", "status", "-w", str(tmp_path)])
    assert result.exit_code == 2 and "No workspace" in result.output


def test_init_then_templates_from_the_cli(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["init", str(tmp_path / "w"), "--year", "2024"])
    assert r.exit_code == 0 and "roster.xlsx" in r.output
    # the roster is still empty: a clear message naming the sheet
    r = runner.invoke(main, ["templates", "-w", str(tmp_path / "w")])
    assert r.exit_code == 2 and "Đơn vị" in r.output
