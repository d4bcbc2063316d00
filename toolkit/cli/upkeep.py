"""Keeping the workspace whole: ``rebuild`` (the store made again from archive/), ``backup`` (the
workspace copied, to keep or to move machines) and ``accept`` (a held submission taken in).
Thin: parse, call one library function, print, map to exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import click

from toolkit.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    _progress_printer,
    format_option,
    guarded,
    open_ws,
    workspace_option,
)
from toolkit.common.i18n import t


@click.command()
@workspace_option
@click.option("--password", default=None, help="Mật khẩu để mở các tệp được đặt mật khẩu.")
@guarded
def rebuild(workspace: Path, password: str | None) -> int:
    """Dựng lại kho dữ liệu từ archive/: mọi tệp và thư đã nhận được đọc lại theo đúng thứ tự
    đến (kể cả quyết định của Chi ủy và các bản đã chấp nhận). Kho cũ (nếu có) được giữ lại bên
    cạnh."""
    from toolkit.app.rebuild import rebuild as run_rebuild
    ws = open_ws(workspace)
    r = run_rebuild(ws, password=password, progress=_progress_printer())
    click.echo(t("cli.rebuild.done", path=r.store, files=r.files, batches=r.batches,
                 submissions=r.counts.get("submissions", 0),
                 decisions=r.counts.get("decisions", 0)))
    if not r.from_journal:
        click.echo(t("cli.rebuild.no_journal"))
    if r.kept:
        click.echo(t("cli.rebuild.kept", path=r.kept))
    if r.held:
        click.echo(t("cli.held.count", n=r.held))
    return EXIT_OK


@click.command()
@workspace_option
@click.argument("target", type=click.Path(path_type=Path))
@guarded
def backup(workspace: Path, target: Path) -> int:
    """Sao lưu cả thư mục làm việc (cấu hình, danh sách, inbox/, archive/, out/ và kho dữ liệu)
    vào thư mục TARGET (hoặc tệp TARGET.zip) để cất giữ hoặc chuyển sang máy khác."""
    from toolkit.app.backup import backup as run_backup
    ws = open_ws(workspace)
    r = run_backup(ws, target)
    click.echo(t("cli.backup.done", target=r.target, files=r.files,
                 size=f"{r.size / 2**20:.1f}".replace(".", ","),
                 submissions=r.counts.get("submissions", 0)))
    click.echo(t("cli.backup.restore", target=r.target))
    return EXIT_OK


@click.command()
@workspace_option
@click.argument("codes", nargs=-1)
@format_option
@guarded
def accept(workspace: Path, codes: tuple[str, ...], fmt: str) -> int:
    """Chấp nhận bản nộp đang chờ xác nhận (thư gửi từ địa chỉ không phải của đơn vị). Không có
    CODES: liệt kê các bản đang chờ cùng mã để chấp nhận."""
    from toolkit.app.accept import accept as run_accept
    from toolkit.app.accept import held
    ws = open_ws(workspace)
    if not codes:
        waiting = held(ws)
        if fmt == "json":
            click.echo(json.dumps([{k: w[k] for k in ("code", "form", "unit", "period",
                                                      "file_name", "sender", "held", "reason")}
                                   for w in waiting], ensure_ascii=False, indent=2))
        elif not waiting:
            click.echo(t("cli.held.none"))
        else:
            click.echo(t("cli.held.count", n=len(waiting)))
            for w in waiting:
                click.echo(f"  {w['code']}  [{w['unit']}] {w['file_name']} — {w['sender']}")
                click.echo(f"      {w['reason']}")
        return EXIT_PROBLEMS if waiting else EXIT_OK
    done = run_accept(ws, list(codes))
    for a in done:
        click.echo(t("cli.accept.done" if a.current else "cli.accept.done_older",
                     code=a.code, name=a.file_name, unit=a.unit, period=a.period))
    return EXIT_OK
