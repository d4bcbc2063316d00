"""Outputs open elsewhere: a workbook open in LibreOffice (lock file ``.~lock.NAME#``) or Excel
(owner file ``~$NAME``) is never overwritten; the command stops with exit code 2 and a clear
Vietnamese message, and the old file stays as it was. Likewise a second ingest on a workspace
that is already being ingested."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from tests.helpers import drop_in_inbox, pledge_rows
from toolkit.app.ingest import INGEST_LOCK, ingest
from toolkit.cli.main import main
from toolkit.common.lockfile import FileLock


def _with_errors(ws, unit: str, wrong: int, when: dt.datetime) -> None:
    rows = pledge_rows(ws, unit)
    filled = [r for r in rows["pledges"] if r.get("action")]
    for r in filled[:wrong]:
        r["standard"] = "Chuẩn mực lạ"
    path = drop_in_inbox(ws, unit, rows, when)
    path.rename(path.with_name(f"lan-{wrong}.xlsx"))


def _no_temporary_files(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]


def test_feedback_open_in_libreoffice_is_kept_and_exit_code_is_2(ws) -> None:
    unit = next(iter(ws.roster().units))
    _with_errors(ws, unit, 1, dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    runner = CliRunner()
    first = runner.invoke(main, ["feedback", "-w", str(ws.root)])
    assert first.exit_code == 1, first.output
    [path] = (ws.out / "phan-hoi" / "pledge-2024").glob("*.xlsx")
    before = path.read_bytes()
    # the unit resubmits with more errors: a new feedback file would differ
    _with_errors(ws, unit, 3, dt.datetime(2024, 3, 3, 9))
    ingest(ws)
    lock = path.with_name(f".~lock.{path.name}#")
    lock.write_text(",Thu Hà,MAY-VP,25.03.2024 09:12,file:///home/ha/.config/libreoffice/4;")
    locked = runner.invoke(main, ["feedback", "-w", str(ws.root)])
    assert locked.exit_code == 2, locked.output
    assert "đang mở" in locked.output and path.name in locked.output
    assert "Traceback" not in locked.output
    assert path.read_bytes() == before
    _no_temporary_files(path.parent)
    # closed in LibreOffice: the file is rewritten
    lock.unlink()
    again = runner.invoke(main, ["feedback", "-w", str(ws.root)])
    assert again.exit_code == 1, again.output
    assert path.read_bytes() != before


def test_templates_open_in_excel_are_kept_and_exit_code_is_2(ws) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["templates", "-w", str(ws.root)]).exit_code == 0
    folder = ws.out / "gui-don-vi" / "pledge-2024"
    paths = sorted(folder.glob("*.xlsx"))
    target = paths[-1]
    before = {p: p.read_bytes() for p in paths}
    owner = target.with_name("~$" + target.name[2:])        # Excel's owner file
    owner.write_bytes(b"\x0bThu H\xe0" + bytes(150))
    result = runner.invoke(main, ["--lang", "vi", "templates", "-w", str(ws.root),
                                  "--unit", target.name.split("-")[3]])
    assert result.exit_code == 2, result.output
    assert "Không ghi được" in result.output and "đang mở" in result.output
    assert target.read_bytes() == before[target]
    _no_temporary_files(folder)
    english = runner.invoke(main, ["--lang", "en", "templates", "-w", str(ws.root)])
    assert english.exit_code == 2 and "open in an office suite" in english.output


def test_a_second_ingest_on_the_same_workspace_is_refused(ws) -> None:
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    with FileLock(ws.archive / INGEST_LOCK):                 # another ingest is running
        result = CliRunner().invoke(main, ["ingest", "-w", str(ws.root)])
        assert result.exit_code == 2, result.output
        assert "Đang có một lượt đọc" in result.output
    assert not ws.store_path.exists() or ws.store().submissions() == []
    report = ingest(ws)                                        # once it is over, all is read
    assert report.count("stored") == 1
