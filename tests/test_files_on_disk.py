"""Files as the operating system sees them: outputs get the permissions any new file of the user
gets (colleagues on a shared folder can open them), a read-only output is never replaced
silently, Excel's owner file for the full name counts as "open", and a link in inbox/ is not
followed out of the workspace."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.helpers import drop_in_inbox, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run_with_umask(mask: int, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "toolkit", "-q", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False,
                          preexec_fn=lambda: os.umask(mask))


def test_outputs_get_the_permissions_the_umask_gives(ws):
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    for mask in (0o022, 0o002):
        for args in (["templates"], ["ingest"], ["dashboard", "--period", "2024-Q1"]):
            done = _run_with_umask(mask, *args, "-w", str(ws.root))
            assert done.returncode in (0, 1), done.stderr
        outputs = [p for p in ws.out.rglob("*.xlsx")]
        assert len(outputs) >= 4
        for path in outputs:
            assert _mode(path) == 0o666 & ~mask, (oct(_mode(path)), path)


def test_the_roster_written_at_init_is_readable_by_colleagues(tmp_path):
    done = _run_with_umask(0o022, "init", str(tmp_path / "nam"), "--year", "2024")
    assert done.returncode == 0, done.stderr
    assert _mode(tmp_path / "nam" / "roster.xlsx") == 0o644


def test_a_read_only_output_is_not_replaced_without_saying_so(ws):
    runner = CliRunner()
    assert runner.invoke(main, ["templates", "-w", str(ws.root)]).exit_code == 0
    folder = ws.out / "gui-don-vi" / "pledge-2024"
    target = sorted(folder.glob("*.xlsx"))[0]
    target.write_bytes(target.read_bytes() + b"")        # the version someone wants to keep
    before = target.read_bytes()
    target.chmod(0o444)
    result = runner.invoke(main, ["templates", "-w", str(ws.root)])
    assert result.exit_code == 2, result.output
    assert "chỉ đọc" in result.output and target.name in result.output
    assert "Read-only" in result.output            # how to clear the mark on Windows
    assert target.read_bytes() == before and _mode(target) == 0o444
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]
    target.chmod(0o644)                            # mark cleared: replaced
    assert runner.invoke(main, ["templates", "-w", str(ws.root)]).exit_code == 0


def test_excel_owner_file_of_the_full_name_counts_as_open(ws):
    runner = CliRunner()
    assert runner.invoke(main, ["templates", "-w", str(ws.root)]).exit_code == 0
    folder = ws.out / "gui-don-vi" / "pledge-2024"
    target = sorted(folder.glob("*.xlsx"))[0]
    before = target.read_bytes()
    owner = target.with_name("~$" + target.name)      # what Excel writes beside an open book
    owner.write_bytes(b"\x08Thu H\xe0" + bytes(150))
    result = runner.invoke(main, ["templates", "-w", str(ws.root)])
    assert result.exit_code == 2, result.output
    assert "đang mở" in result.output and target.name in result.output
    assert target.read_bytes() == before
    owner.unlink()
    assert runner.invoke(main, ["templates", "-w", str(ws.root)]).exit_code == 0


def test_a_link_in_the_inbox_to_a_file_outside_is_not_read(ws, tmp_path):
    secret = tmp_path / "outside" / "passwd.xlsx"
    secret.parent.mkdir()
    unit = next(iter(ws.roster().units))
    real = drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    secret.write_bytes(real.read_bytes())
    real.rename(tmp_path / "kept.xlsx")
    (ws.inbox / "tai-lieu.xlsx").symlink_to(secret)
    (ws.inbox / "passwd.eml").symlink_to("/etc/passwd")
    (ws.inbox / "ca-thu-muc").symlink_to(secret.parent, target_is_directory=True)
    # a link to a file inside the workspace is an ordinary file of the workspace
    inner = ws.root / "nhan-tay" / "ban-dang-ky.xlsx"
    inner.parent.mkdir()
    inner.write_bytes((tmp_path / "kept.xlsx").read_bytes())
    (ws.inbox / "lien-ket-trong.xlsx").symlink_to(inner)
    report = ingest(ws)
    by_name = {f.name: f for f in report.files}
    for name in ("tai-lieu.xlsx", "passwd.eml", "ca-thu-muc"):
        assert by_name[name].status == "skipped", by_name[name]
        assert [i.code for i in by_name[name].issues] == ["FILE_LINK_OUTSIDE"]
    assert by_name["lien-ket-trong.xlsx"].status == "stored"
    archived = [p.read_bytes() for p in ws.archive.rglob("*") if p.is_file()
                and len(p.stem) == 64]
    assert Path("/etc/passwd").read_bytes() not in archived
    assert len(archived) == 1
    message = by_name["tai-lieu.xlsx"].issues[0].message()
    assert str(secret) in message and "inbox/" in message
