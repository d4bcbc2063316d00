"""The roster commands: `roster import` reads the lists offices already have into roster.xlsx.
Thin: parse, call the library, print, map to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.cli.common import EXIT_OK, EXIT_PROBLEMS, guarded, open_ws, workspace_option


@click.group()
def roster() -> None:
    """Danh sách cán bộ (roster.xlsx): nhập từ các danh sách cơ quan đã có."""


@roster.command("import")
@workspace_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--unit", default="", help="Đơn vị của những người mà tệp không ghi đơn vị (khi cả "
                                         "tệp là danh sách riêng của một đơn vị).")
@click.option("--yes", is_flag=True, help="Ghi roster.xlsx sau khi xem trước, không hỏi lại.")
@click.option("--preview", "limit", type=int, default=15, show_default=True,
              help="Số người hiện trong phần xem trước.")
@guarded
def import_(workspace: Path, files: tuple[Path, ...], unit: str, yes: bool, limit: int) -> int:
    """Nhập danh sách cán bộ từ tệp sẵn có (xuất từ phần mềm nhân sự, danh sách đảng viên, danh
    sách của đơn vị; .xlsx, .xls, .ods, .csv): tự nhận cột theo tên tiêu đề, hiện cách đọc và phần
    xem trước, báo người trùng và người thiếu đơn vị; chỉ ghi roster.xlsx khi được xác nhận
    (--yes)."""
    from toolkit.common.i18n import t
    from toolkit.config.errors import WorkspaceError
    from toolkit.config.roster_import import import_roster, render_preview, write_imported
    ws = open_ws(workspace)
    try:
        existing = ws.roster() if ws.roster_path.exists() else None
    except WorkspaceError:
        existing = None             # a blank or broken roster: nothing to keep
    result = import_roster(list(files), existing, unit)
    click.echo(render_preview(result, limit))
    if not yes and not (sys.stdin.isatty() and click.confirm(
            t("roster_import.confirm", path=ws.roster_path), default=False)):
        click.echo(t("roster_import.not_written", path=ws.roster_path))
        return EXIT_PROBLEMS if result.has_problems else EXIT_OK
    path, backup = write_imported(result, ws.roster_path, ws.config,
                                  keep_old=bool(existing and existing.people))
    click.echo(t("roster_import.written", path=path, units=len(result.roster.units),
                 people=len(result.roster.people),
                 backup=t("roster_import.backup", path=backup) if backup else ""))
    return EXIT_PROBLEMS if result.has_problems else EXIT_OK
