"""The commands of the pledge cycle and of every day: init, demo, templates, ingest, status,
feedback. Thin: parse, call one library function, print, map to exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from toolkit.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    _progress_printer,
    _say,
    format_option,
    guarded,
    open_ws,
    parse_received,
    received_option,
    warn_to_fill,
    workspace_option,
)
from toolkit.common.i18n import current_language


def _setting_options(fn: Any) -> Any:
    """One option per key a new workspace needs from its user (workspace.SETTINGS)."""
    from toolkit.config.workspace import SETTINGS
    for s in reversed(SETTINGS):
        fn = click.option(f"--{s.option}", s.key.replace(".", "__"), default=None,
                          help=f"{s.vi}.")(fn)
    return fn


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--year", type=int, default=None,
              help="Năm của kế hoạch (mặc định: năm nay, hoặc năm sau năm của --from).")
@click.option("--from", "from_dir", type=click.Path(path_type=Path), default=None,
              help="Thư mục năm trước: chép cấu hình, danh sách cán bộ và việc làm theo năm trước "
                   "(để đối chiếu); chủ đề, chuyên đề và các hạn để lại cần điền.")
@_setting_options
@guarded
def init(directory: Path, year: int | None, from_dir: Path | None, **settings: str | None) -> int:
    """Tạo thư mục làm việc mới: lamtheobac.toml có chú thích và roster.xlsx để điền.

    Tên cơ quan, tiêu đề văn bản, chủ đề và chuyên đề của năm lấy từ các tùy chọn, hoặc được hỏi
    khi chạy trực tiếp; không có thì ghi "CẦN ĐIỀN" để điền sau (status, templates nhắc đến khi
    điền xong). Với --from, chép từ thư mục năm trước."""
    from toolkit.common.i18n import t
    from toolkit.config.workspace import init_workspace
    ask = _asker() if _interactive() else None
    given = {key.replace("__", "."): value for key, value in settings.items()}
    ws = init_workspace(directory, year, settings=given, ask=ask, from_dir=from_dir)
    click.echo(t("cli.init.created", path=ws.root, year=ws.config.year))
    click.echo(f"  {ws.config.path}")
    click.echo(f"  {ws.roster_path}")
    if from_dir is not None:
        carried = ws.carried
        click.echo(t("cli.init.from", path=from_dir, old=ws.config.year - 1,
                     people=carried.people, pledges=carried.pledges, owners=carried.owners))
        click.echo(t("cli.init.check_header"))
    warn_to_fill(ws)
    click.echo(t("cli.init.next", path=ws.root))
    return EXIT_OK


def _interactive() -> bool:
    """Whether someone is at the keyboard to answer (not a script, a test or CI)."""
    import sys
    return sys.stdin.isatty()


def _asker() -> Any:
    """The questions of an interactive init (click prompts); an empty answer leaves the key to
    fill later."""
    def ask(setting: Any, previous: Any) -> str | None:
        question = setting.vi if current_language() != "en" else setting.en
        answer = click.prompt(question, default=str(previous) if previous else "",
                              show_default=bool(previous))
        return answer.strip() or None
    return ask


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=2024, show_default=True,
              help="Hạt giống ngẫu nhiên: cùng seed cho cùng kết quả.")
@click.option("--units", type=int, default=8, show_default=True, help="Số đơn vị.")
@click.option("--force", is_flag=True, help="Ghi đè thư mục demo đã có.")
@guarded
def demo(directory: Path, seed: int, units: int, force: bool) -> int:
    """Một cơ quan mẫu chạy trọn năm: biểu mẫu, thư các đơn vị gửi về, tổng hợp và báo cáo."""
    from toolkit.demo.agency import run_demo
    result = run_demo(directory, seed=seed, n_units=units, force=force,
                      progress=_progress_printer())
    click.echo(result.summary())
    return EXIT_OK


@click.command()
@workspace_option
@click.option("--form", "form_id", default="pledge", show_default=True,
              help="Biểu mẫu: pledge (đăng ký), quarterly (báo cáo quý), unit-report (báo cáo "
                   "đơn vị), diary (nhật ký), year-review (kiểm điểm cuối năm).")
@click.option("--period", default=None, help="Kỳ: 2024, 2024-Q2 …")
@click.option("--unit", default=None, help="Chỉ một đơn vị (mã).")
@click.option("--password", default=None, help="Đặt mật khẩu cho các tệp gửi đi.")
@guarded
def templates(workspace: Path, form_id: str, period: str | None, unit: str | None,
              password: str | None) -> int:
    """Biểu mẫu gửi các đơn vị, mỗi đơn vị một tệp, điền sẵn danh sách người của đơn vị."""
    from toolkit.app.prepare import make_templates
    ws = open_ws(workspace)
    warn_to_fill(ws)
    paths = make_templates(ws, form_id, period, unit, password=password)
    click.echo(_say(f"Đã tạo {len(paths)} tệp trong {paths[0].parent if paths else ws.out}:",
                    f"Wrote {len(paths)} files in {paths[0].parent if paths else ws.out}:"))
    for p in paths:
        click.echo(f"  {p.name}")
    return EXIT_OK


@click.command()
@workspace_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--password", default=None, help="Mật khẩu để mở các tệp được đặt mật khẩu.")
@received_option
@format_option
@guarded
def ingest(workspace: Path, paths: tuple[Path, ...], password: str | None,
           received: str | None, fmt: str) -> int:
    """Đọc thư và sổ Excel nhận được (mặc định: thư mục inbox/): .xlsx, .eml, .msg, .mbox."""
    from toolkit.app.ingest import ingest as run_ingest
    ws = open_ws(workspace)
    report = run_ingest(ws, list(paths) or None, password=password,
                        progress=_progress_printer(), received=parse_received(received))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_ingest(report))
    return EXIT_PROBLEMS if report.has_problems else EXIT_OK


def render_ingest(report: Any, limit: int = 40) -> str:
    """A short summary, then the files that need attention (rejected, or with errors)."""
    lines = [_say(f"Đã nhận {report.count('stored')} tệp biểu mẫu, {report.count('rejected')} tệp "
                  f"bị từ chối, {report.count('duplicate')} tệp đã nhận trước đó, "
                  f"{report.unchanged} tệp không đổi, {report.count('skipped')} tệp bỏ qua.",
                  f"Stored {report.count('stored')}, rejected {report.count('rejected')}, "
                  f"duplicates {report.count('duplicate')}, unchanged {report.unchanged}, "
                  f"skipped {report.count('skipped')}.")]
    lines[:0] = report.notes
    attention = [f for f in report.files if f.status == "rejected" or
                 (f.status == "stored" and f.n_errors)]
    for f in attention[:limit]:
        if f.status == "rejected":
            lines.append(f"  {f.name}: " + _say("bị từ chối", "rejected"))
            for i in f.issues[:3]:
                lines.append(f"      [{i.code}] {i.message()}")
        else:
            warns = sum(1 for i in f.issues if i.severity == "warning")
            lines.append(f"  {f.name} [{f.unit}]: " + _say(f"{f.n_errors} lỗi, {warns} cảnh báo",
                                                          f"{f.n_errors} errors, {warns} warnings"))
    if len(attention) > limit:
        lines.append(_say(f"  … và {len(attention) - limit} tệp khác (xem 'lamtheobac status "
                          "--files').",
                          f"  … and {len(attention) - limit} more (see 'lamtheobac status "
                          "--files')."))
    if report.registered:
        lines.append(_say(f"Sổ theo dõi thư và tệp đến: thêm {report.registered} dòng "
                          "('lamtheobac status --files').",
                          f"Incoming register: {report.registered} lines added "
                          "('lamtheobac status --files')."))
    if report.common_pledges:
        from toolkit.common.i18n import t
        lines.append(t("cli.ingest.common", count=len(report.common_pledges)))
        lines += [t("cli.ingest.common_text", text=text, people=people, units=units)
                  for text, people, units in report.common_pledges[:10]]
    return "\n".join(lines)


@click.command()
@workspace_option
@click.option("--form", "form_id", default="pledge", show_default=True, help="Biểu mẫu.")
@click.option("--period", default=None, help="Kỳ: 2024, 2024-Q2 …")
@click.option("--as-of", "as_of", default=None,
              help="Tính đến ngày (dd/mm/yyyy), mặc định hôm nay.")
@click.option("--files", "files", is_flag=True,
              help="Sổ theo dõi thư và tệp đến: mỗi thư, mỗi tệp nhận được và kết quả xử lý.")
@format_option
@guarded
def status(workspace: Path, form_id: str, period: str | None, as_of: str | None, files: bool,
           fmt: str) -> int:
    """Tình hình từng đơn vị: đúng hạn / muộn / chưa nộp, hợp lệ hay có lỗi, số người.
    Với --files: sổ theo dõi mọi thư và tệp đã nhận, mỗi thứ một dòng, kèm kết quả."""
    from toolkit.common.dates import parse_date
    from toolkit.outputs.status import compute_status, render_table
    ws = open_ws(workspace)
    warn_to_fill(ws)
    if files:
        from toolkit.outputs.register import compute_register, render_register
        register = compute_register(ws)
        if fmt == "json":
            click.echo(json.dumps(register.as_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(render_register(register, current_language()))
        tot = register.totals()
        return EXIT_PROBLEMS if tot["rejected"] or tot["held"] else EXIT_OK
    report = compute_status(ws, form_id, period, parse_date(as_of) if as_of else None)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(report, current_language()))
    return EXIT_PROBLEMS if report.has_problems else EXIT_OK


@click.command()
@workspace_option
@click.option("--form", "form_id", default="pledge", show_default=True, help="Biểu mẫu.")
@click.option("--period", default=None, help="Kỳ: 2024, 2024-Q2 …")
@click.option("--errors-only", is_flag=True, help="Chỉ các đơn vị có lỗi (bỏ qua cảnh báo).")
@guarded
def feedback(workspace: Path, form_id: str, period: str | None, errors_only: bool) -> int:
    """Mỗi đơn vị có lỗi một tệp sửa lỗi: ô lỗi tô màu, có ghi chú, trang "Lỗi cần sửa"."""
    from toolkit.outputs.feedback import write_feedback
    ws = open_ws(workspace)
    paths = write_feedback(ws, form_id, period, include_warnings=not errors_only)
    if not paths:
        click.echo(_say("Không đơn vị nào cần sửa.", "No unit needs corrections."))
        return EXIT_OK
    click.echo(_say(f"Đã tạo {len(paths)} tệp sửa lỗi trong {paths[0].parent}:",
                    f"Wrote {len(paths)} correction files in {paths[0].parent}:"))
    for p in paths:
        click.echo(f"  {p.name}")
    return EXIT_PROBLEMS


@click.command()
@workspace_option
@click.argument("number", type=int)
@click.option("--reset", is_flag=True,
              help="Bỏ chọn: dùng lại bản nhận sau cùng của đơn vị.")
@guarded
def pick(workspace: Path, number: int, reset: bool) -> int:
    """Chọn bản nộp đang dùng của một đơn vị theo số đến trong sổ theo dõi ('status --files'):
    mặc định dùng bản nhận sau cùng; lựa chọn được giữ qua các lần chạy lại cho đến khi đơn vị
    gửi bản mới."""
    from toolkit.app.pick import pick_arrival
    ws = open_ws(workspace)
    click.echo(pick_arrival(ws, number, reset=reset))
    return EXIT_OK
