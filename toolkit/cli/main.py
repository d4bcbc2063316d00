"""The command line: each command parses options, calls one library function and prints.

Exit codes: 0 done; 1 done, but data problems remain (invalid or missing submissions);
2 misuse or an unusable workspace. Heavy libraries are imported inside the commands only.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from toolkit import __version__
from toolkit.common.i18n import current_language, reset_language, set_language, t

EXIT_OK, EXIT_PROBLEMS, EXIT_MISUSE = 0, 1, 2


def _say(vi: str, en: str) -> str:
    return en if current_language() == "en" else vi


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def workspace_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-w", "--workspace", "workspace", type=click.Path(path_type=Path),
                        default=Path("."), show_default=True,
                        help="Thư mục làm việc (có lamtheobac.toml). / Workspace folder.")(fn)


def format_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                        show_default=True, help="Kiểu kết quả. / Output format.")(fn)


def guarded(fn: Callable[..., int | None]) -> Callable[..., None]:
    """Map library exceptions to clear messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from toolkit.common.fsutil import OutputLocked
        from toolkit.config.workspace import WorkspaceError
        verbose = click.get_current_context().find_root().params.get("verbose", False)
        try:
            code = fn(*args, **kwargs)
        except (WorkspaceError, OutputLocked) as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_MISUSE)
        except KeyboardInterrupt:
            click.echo(_say("Đã dừng.", "Stopped."), err=True)
            sys.exit(130)
        except Exception as exc:
            if verbose:
                raise
            click.echo(t("err.unexpected", problem=f"{type(exc).__name__}: {exc}"), err=True)
            sys.exit(EXIT_MISUSE)
        sys.exit(code or EXIT_OK)

    return wrapper


def open_ws(path: Path) -> Any:
    from toolkit.config.workspace import Workspace
    ws = Workspace.open(path)
    if ws.config.language and not _LANG_FORCED:
        set_language(ws.config.language)
    return ws


_LANG_FORCED = False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lamtheobac")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help="Ngôn ngữ hiển thị (mặc định: tiếng Việt). / Display language.")
@click.option("-v", "--verbose", is_flag=True, help="Hiện chi tiết lỗi kỹ thuật. / Tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="Không hiện thanh tiến độ. / No progress bar.")
def main(lang: str | None, verbose: bool, quiet: bool) -> None:
    """lamtheobac — tổng hợp sổ Excel "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí
    Minh": đăng ký việc làm theo, báo cáo quý, xếp loại và báo cáo năm.

    \b
    Bắt đầu:   lamtheobac demo thu-muc-demo
    Một năm:   lamtheobac init nam-2024   (rồi điền roster.xlsx, sửa lamtheobac.toml)
               lamtheobac templates --form pledge      gửi biểu mẫu cho các đơn vị
               lamtheobac ingest                       đọc thư/tệp trong inbox/
               lamtheobac status                       xem đơn vị nào đã nộp, lỗi gì
               lamtheobac feedback                     tệp sửa lỗi cho từng đơn vị
    Mỗi quý:   lamtheobac templates --form quarterly --period 2024-Q2   (và unit-report, diary)
               lamtheobac run --period 2024-Q2         đọc, kiểm tra, tệp sửa lỗi, bảng theo dõi
    Cuối năm:  lamtheobac templates --form year-review --period 2024
               lamtheobac rate --year 2024             bảng đề xuất xếp loại cho Chi ủy
               lamtheobac report --period 2024-H1      báo cáo sơ kết 6 tháng (2024: tổng kết)

    Mã thoát: 0 xong; 1 xong nhưng còn dữ liệu thiếu/lỗi; 2 dùng sai lệnh hoặc thư mục hỏng.
    """
    global _LANG_FORCED
    reset_language()
    _LANG_FORCED = bool(lang)
    if lang:
        set_language(lang)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--year", type=int, default=None, help="Năm của kế hoạch (mặc định: năm nay).")
@guarded
def init(directory: Path, year: int | None) -> int:
    """Tạo thư mục làm việc mới: lamtheobac.toml có chú thích và roster.xlsx để điền."""
    from toolkit.config.workspace import init_workspace
    ws = init_workspace(directory, year)
    click.echo(_say(f"Đã tạo thư mục làm việc {ws.root}:", f"Created workspace {ws.root}:"))
    click.echo(f"  {ws.config.path}")
    click.echo(f"  {ws.roster_path}")
    click.echo(_say("Bước tiếp: điền roster.xlsx (đơn vị, cán bộ), sửa lamtheobac.toml, rồi chạy "
                    f"'lamtheobac -w {ws.root} templates --form pledge'.",
                    "Next: fill roster.xlsx, edit lamtheobac.toml, then run templates."))
    return EXIT_OK


@main.command()
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


@main.command()
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
    paths = make_templates(ws, form_id, period, unit, password=password)
    click.echo(_say(f"Đã tạo {len(paths)} tệp trong {paths[0].parent if paths else ws.out}:",
                    f"Wrote {len(paths)} files in {paths[0].parent if paths else ws.out}:"))
    for p in paths:
        click.echo(f"  {p.name}")
    return EXIT_OK


@main.command()
@workspace_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--password", default=None, help="Mật khẩu để mở các tệp được đặt mật khẩu.")
@format_option
@guarded
def ingest(workspace: Path, paths: tuple[Path, ...], password: str | None, fmt: str) -> int:
    """Đọc thư và sổ Excel nhận được (mặc định: thư mục inbox/): .xlsx, .eml, .msg, .mbox."""
    from toolkit.app.ingest import ingest as run_ingest
    ws = open_ws(workspace)
    report = run_ingest(ws, list(paths) or None, password=password,
                        progress=_progress_printer())
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
        lines.append(_say(f"  … và {len(attention) - limit} tệp khác (xem 'lamtheobac status').",
                          f"  … and {len(attention) - limit} more (see 'lamtheobac status')."))
    return "\n".join(lines)


@main.command()
@workspace_option
@click.option("--form", "form_id", default="pledge", show_default=True, help="Biểu mẫu.")
@click.option("--period", default=None, help="Kỳ: 2024, 2024-Q2 …")
@click.option("--as-of", "as_of", default=None, help="Tính đến ngày (dd/mm/yyyy), mặc định hôm nay.")
@format_option
@guarded
def status(workspace: Path, form_id: str, period: str | None, as_of: str | None, fmt: str) -> int:
    """Tình hình từng đơn vị: đúng hạn / muộn / chưa nộp, hợp lệ hay có lỗi, số người."""
    from toolkit.common.dates import parse_date
    from toolkit.outputs.status import compute_status, render_table
    ws = open_ws(workspace)
    report = compute_status(ws, form_id, period, parse_date(as_of) if as_of else None)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(report, current_language()))
    return EXIT_PROBLEMS if report.has_problems else EXIT_OK


@main.command()
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


def _progress_printer() -> Callable[[int, int], None] | None:
    root = click.get_current_context().find_root()
    if root.params.get("quiet") or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", err=True,
                   nl=done >= total)

    return show


from toolkit.cli import quarterly as cli_quarterly  # noqa: E402,F401
from toolkit.cli import yearend as cli_yearend  # noqa: E402,F401

