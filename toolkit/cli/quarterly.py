"""`lamtheobac dashboard` and `lamtheobac run`: thin commands over outputs.dashboard and run."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from toolkit.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    _progress_printer,
    format_option,
    guarded,
    open_ws,
    parse_received,
    received_option,
    warn_to_fill,
    workspace_option,
)
from toolkit.common.i18n import t


def _as_of(value: str | None):
    from toolkit.common.dates import parse_date
    return parse_date(value) if value else None


@click.command()
@workspace_option
@click.option("--period", default=None, help="Quý: 2024-Q1 … 2024-Q4 (mặc định: quý vừa kết thúc).")
@click.option("--as-of", "as_of", default=None,
              help="Tính đến ngày (dd/mm/yyyy), mặc định hôm nay.")
@format_option
@guarded
def dashboard(workspace: Path, period: str | None, as_of: str | None, fmt: str) -> int:
    """Bảng theo dõi quý (.xlsx): số liệu chính, biểu đồ, xếp hạng đơn vị, điểm cá nhân, chưa nộp,
    đề xuất biểu dương / nhắc nhở, lỗi dữ liệu, nguồn số liệu."""
    from toolkit.app.run import default_quarter, vn_number
    from toolkit.common.periods import Period
    from toolkit.outputs.dashboard.book import write_dashboard
    ws = open_ws(workspace)
    result = write_dashboard(ws, period or default_quarter(ws.config), as_of=_as_of(as_of))
    f = result.figures
    if fmt == "json":
        figs = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in f.items()}
        click.echo(json.dumps({"path": str(result.path), "seconds": round(result.seconds, 2),
                               "figures": figs}, ensure_ascii=False, indent=2))
    else:
        click.echo(t("dashboard.done", period_label=Period.parse(f["period"]).label(),
                     path=result.path))
        click.echo(t("dashboard.figures", people=f["people"], reported=f["people_reported"],
                     completion=vn_number(f["completion"]) + "%", mean=vn_number(f["mean_score"]),
                     errors=f["errors"], seconds=vn_number(result.seconds, 2)))
    return EXIT_OK


@click.command()
@workspace_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--period", default=None, help="Quý: 2024-Q1 … 2024-Q4 (mặc định: quý vừa kết thúc).")
@click.option("--as-of", "as_of", default=None,
              help="Tính đến ngày (dd/mm/yyyy), mặc định hôm nay.")
@click.option("--password", default=None, help="Mật khẩu để mở các tệp được đặt mật khẩu.")
@received_option
@format_option
@guarded
def run(workspace: Path, paths: tuple[Path, ...], period: str | None, as_of: str | None,
        password: str | None, received: str | None, fmt: str) -> int:
    """Một lệnh cho cả quý: đọc inbox/, tình hình nộp, tệp sửa lỗi, bảng theo dõi, tóm tắt."""
    from toolkit.app.run import run_quarter
    ws = open_ws(workspace)
    warn_to_fill(ws)
    quiet = click.get_current_context().find_root().params.get("quiet", False)
    result = run_quarter(ws, period, as_of=_as_of(as_of), paths=list(paths) or None,
                         password=password, received=parse_received(received),
                         progress=_progress_printer(),
                         stage=None if quiet or fmt == "json" else
                         (lambda msg: click.echo(msg, err=True)))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(result.lines))
    return EXIT_PROBLEMS if result.has_problems else EXIT_OK
