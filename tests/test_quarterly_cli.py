"""`lamtheobac run`, `lamtheobac dashboard` and scripts/consolidate.py on real workspaces."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.helpers import drop_in_inbox
from tests.quarterly_helpers import ON_TIME, PERIOD, pledge_all, quarterly_rows, unit_report_rows
from toolkit.app.run import default_quarter
from toolkit.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def _fill_all(ws) -> None:
    for unit in ws.roster().units:
        drop_in_inbox(ws, unit, unit_report_rows(ws, unit), ON_TIME, "unit-report", PERIOD)
        drop_in_inbox(ws, unit, quarterly_rows(ws, unit), ON_TIME, "quarterly", PERIOD)


def test_run_with_everything_in_order_exits_0(ws):
    pledge_all(ws)
    _fill_all(ws)
    result = CliRunner().invoke(main, ["run", "-w", str(ws.root), "--period", PERIOD,
                                       "--as-of", "20/07/2024"])
    assert result.exit_code == 0, result.output
    assert "Tổng hợp Quý II/2024" in result.output
    assert "Không đơn vị nào cần sửa lỗi." in result.output
    assert (ws.out / "bang-theo-doi" / f"bang-theo-doi-{PERIOD}.xlsx").exists()


def test_run_with_missing_units_exits_1_and_json_equals_the_report(ws):
    pledge_all(ws)
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, quarterly_rows(ws, unit), ON_TIME, "quarterly", PERIOD)
    result = CliRunner().invoke(main, ["run", "-w", str(ws.root), "--period", PERIOD,
                                       "--as-of", "20/07/2024", "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["status"]["quarterly"]["totals"]["missing"] == len(ws.roster().units) - 1
    assert data["ingest"]["stored"] == 1 and data["problems"] is True
    again = CliRunner().invoke(main, ["dashboard", "-w", str(ws.root), "--period", PERIOD,
                                      "--format", "json"])
    assert again.exit_code == 0 and json.loads(again.output)["figures"]["people_reported"] > 0


def test_dashboard_bad_period_is_exit_2(ws):
    result = CliRunner().invoke(main, ["dashboard", "-w", str(ws.root), "--period", "2024-Q7"])
    assert result.exit_code == 2 and "2024-Q1" in result.output
    # a valid period that is not a quarter: the message does not offer it back
    for period in ("2024", "2024-H1", "2023-Q2"):
        result = CliRunner().invoke(main, ["dashboard", "-w", str(ws.root), "--period", period])
        assert result.exit_code == 2, period
        assert "không phải một quý" in result.output and "2024-H1" not in result.output.replace(
            f"'{period}'", ""), result.output


def test_consolidate_script_runs_the_same_code(ws):
    pledge_all(ws)
    _fill_all(ws)
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "consolidate.py"), PERIOD,
                          str(ws.root)], capture_output=True, text=True, cwd=ws.root, check=False)
    assert out.returncode in (0, 1), out.stderr
    assert "Tổng hợp Quý II/2024" in out.stdout and "Bảng theo dõi" in out.stdout
    bat = (ROOT / "scripts" / "consolidate.bat").read_bytes()
    assert b"consolidate.py" in bat and b"\r\n" in bat and b"pause" in bat
    bad = subprocess.run([sys.executable, str(ROOT / "scripts" / "consolidate.py"), PERIOD,
                          str(ws.root / "nope")], capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 2 and "lamtheobac.toml" in bad.stdout


def test_default_quarter_is_the_last_one_ended(ws):
    import datetime as dt
    assert default_quarter(ws.config, dt.date(2024, 2, 1)) == "2024-Q1"
    assert default_quarter(ws.config, dt.date(2024, 7, 3)) == "2024-Q2"
    assert default_quarter(ws.config, dt.date(2025, 1, 9)) == "2024-Q4"
