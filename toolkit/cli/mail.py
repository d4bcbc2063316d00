"""`lamtheobac mail fetch` and `lamtheobac mail send`: thin commands over app.mail_fetch and
app.mail_send (the office mailbox in, the units' mails out)."""

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


@click.group(name="mail")
def mail() -> None:
    """Hộp thư của Văn phòng: lấy thư các đơn vị gửi về (fetch), gửi biểu mẫu, tệp sửa lỗi,
    thư nhắc cho các đơn vị (send). Cấu hình ở mục [mail] của lamtheobac.toml; mật khẩu đặt
    trong biến môi trường LAMTHEOBAC_MAIL_PASSWORD hoặc keyring, không ghi trong tệp cấu hình."""


@mail.command()
@workspace_option
@click.option("--password", default=None, help="Mật khẩu để mở các tệp Excel được đặt mật khẩu.")
@format_option
@guarded
def fetch(workspace: Path, password: str | None, fmt: str) -> int:
    """Lấy thư mới từ hộp thư (IMAP), lưu nguyên thư vào archive/, đọc các tệp đính kèm như
    'ingest', rồi mới đánh dấu đã đọc (hoặc chuyển thư mục) trên máy chủ."""
    from toolkit.app.mail_fetch import fetch_mail
    from toolkit.cli.cycle import render_ingest
    ws = open_ws(workspace)
    report = fetch_mail(ws, password=password, progress=_progress_printer())
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_PROBLEMS if report.has_problems else EXIT_OK
    seconds = f"{report.seconds:.2f}".replace(".", ",")
    if report.leftover:
        click.echo(t("mail.fetch.leftover", count=report.leftover))
    if report.fetched:
        action = t("mail.action.moved", folder=report.done_folder) if report.done_folder \
            else t("mail.action.seen")
        click.echo(t("mail.fetch.done", fetched=report.fetched, account=report.account,
                     folder=report.folder, committed=report.committed, action=action,
                     seconds=seconds))
        click.echo(render_ingest(report.ingest))
    else:
        click.echo(t("mail.fetch.none", account=report.account, folder=report.folder,
                     seconds=seconds))
    if report.reconnects:
        click.echo(t("mail.fetch.reconnects", count=report.reconnects))
    return EXIT_PROBLEMS if report.has_problems else EXIT_OK


@mail.command()
@workspace_option
@click.option("--form", "form_id", default=None,
              help="Gửi biểu mẫu cho từng đơn vị: pledge, quarterly, unit-report, diary, "
                   "year-review.")
@click.option("--feedback", is_flag=True, help="Gửi tệp sửa lỗi cho các đơn vị có lỗi.")
@click.option("--remind", is_flag=True, help="Nhắc các đơn vị chưa nộp (kèm lại biểu mẫu).")
@click.option("--period", default=None, help="Kỳ: 2024, 2024-Q2 …")
@click.option("--unit", default=None, help="Chỉ một đơn vị (mã).")
@click.option("--dry-run", is_flag=True,
              help="Không gửi: ghi các thư (.eml) vào out/thu-gui/ để xem trước.")
@click.option("--resend", is_flag=True, help="Gửi lại cả cho đơn vị đã được gửi đúng nội dung này.")
@format_option
@guarded
def send(workspace: Path, form_id: str | None, feedback: bool, remind: bool,
         period: str | None, unit: str | None, dry_run: bool, resend: bool, fmt: str) -> int:
    """Gửi thư cho từng đơn vị, mỗi đơn vị chỉ tệp của mình, từ địa chỉ của Văn phòng: biểu mẫu
    (--form), tệp sửa lỗi (--feedback) hoặc thư nhắc (--remind). Không gửi lại nội dung đã gửi."""
    from toolkit.app.mail_send import send_mail
    from toolkit.config.workspace import WorkspaceError
    kinds = [k for k, on in (("feedback", feedback), ("remind", remind)) if on]
    if len(kinds) > 1 or (not kinds and form_id is None):
        raise WorkspaceError(t("mail.send.choose"))
    kind = kinds[0] if kinds else "form"
    ws = open_ws(workspace)
    report = send_mail(ws, kind, form_id, period, unit=unit, dry_run=dry_run, resend=resend)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_PROBLEMS if report.has_problems else EXIT_OK
    if report.dry_run and report.written:
        click.echo(t("mail.send.dry", count=len(report.written),
                     folder=Path(report.written[0]).parent))
    elif report.sent:
        click.echo(t("mail.send.sent", count=len(report.sent)))
        for s in report.sent:
            click.echo(f"  {s['unit']}: {', '.join(s['to'])} — {', '.join(s['files'])}")
    if report.already:
        click.echo(t("mail.send.already", count=len(report.already)))
    if report.no_address:
        click.echo(t("mail.send.no_address", count=len(report.no_address),
                     units=", ".join(report.no_address)))
    for f in report.failed:
        click.echo(t("mail.send.failed", unit=f["unit"], to=f["to"], detail=f["detail"]))
    if not (report.sent or report.written or report.already or report.no_address
            or report.failed):
        click.echo(t("mail.send.nothing"))
    return EXIT_PROBLEMS if report.has_problems else EXIT_OK
