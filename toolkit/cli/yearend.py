"""Year-end commands: ``rate`` (rating sheets) and ``report`` (6-month review, year summary).

Thin: parse, call one library function (toolkit.app.yearend), print, map to exit codes. Exit 1 when
data problems remain: people without enough data for a level (rate), quarterly reports missing in
the period (report).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from toolkit.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    format_option,
    guarded,
    open_ws,
    workspace_option,
)
from toolkit.common.i18n import t


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    from toolkit.common.dates import parse_date
    from toolkit.config.workspace import WorkspaceError
    parsed = parse_date(value)
    if parsed is None:
        raise WorkspaceError(t("err.date", value=value))
    return parsed


def date_option(fn):  # type: ignore[no-untyped-def]
    return click.option("--date", "on", default=None,
                        help="Ngày ghi trên văn bản (dd/mm/yyyy); mặc định hôm nay. / Document "
                             "date.")(fn)


@click.command()
@workspace_option
@click.option("--year", type=int, default=None, help="Năm xếp loại (mặc định: năm của thư mục).")
@date_option
@format_option
@guarded
def rate(workspace: Path, year: int | None, on: str | None, fmt: str) -> int:
    """Xếp loại cuối năm: một bảng cho Chi ủy và lãnh đạo cơ quan (tổng hợp, rồi đảng viên,
    CB, CC, VC, người lao động, tổ đảng và chi bộ, đơn vị), có cột quyết định và lý do.

    Đảng viên theo quy định của Đảng năm đó (tỉ lệ xuất sắc chỉ tính đảng viên); mọi người lao
    động theo đánh giá của cơ quan (kiểm tra tỉ lệ NĐ 48). Người mà đơn vị chưa gửi đủ biểu mẫu:
    "chưa đủ dữ liệu". Ghi quyết định vào bảng, đặt vào inbox/ rồi chạy 'ingest' và 'rate' lại.
    """
    from toolkit.app.yearend import rate as run_rate
    from toolkit.scoring.rating import NO_DATA
    ws = open_ws(workspace)
    result = run_rate(ws, year, _date(on))
    lacking = sum(1 for v in result.staff["proposal"] if v == NO_DATA)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        s = result.settings
        click.echo(t("cli.rate.done", year=result.year, rule=s.rules.name,
                     staff_rule=s.staff.rules.name, party=len(result.party),
                     staff=len(result.staff), groups=len(result.tables["groups"]),
                     units=len(result.tables["units"])))
        click.echo(t("cli.rate.levels", who="Đảng viên", **result.counts("party")))
        click.echo(t("cli.rate.levels", who="CB, CC, VC, người lao động",
                     **result.counts("staff")))
        over = [g for g in result.quota["party"] if g.over]
        share = "đạt" if result.share.ok else f"vượt {len(result.share.excess)}"
        click.echo(t("cli.rate.quota", over=sum(g.over for g in over), groups=len(over),
                     share=share))
        names = {"party": "đảng viên", "groups": "tổ đảng và chi bộ",
                 "staff": "CB, CC, VC, người lao động", "units": "đơn vị"}
        for who, keys in (("Chi ủy", ("party", "groups")), ("Lãnh đạo cơ quan",
                                                             ("staff", "units"))):
            sums = {k: result.decision_summary(k) for k in keys}
            what = ", ".join(f"{sums[k]['decided']}/{len(result.tables[k])} {names[k]}"
                             for k in keys)
            click.echo(t("cli.rate.decisions", who=who, what=what,
                         overridden=sum(x["overridden"] for x in sums.values()),
                         flagged=sum(x["flagged"] for x in sums.values())))
        if lacking:
            click.echo(t("cli.rate.lacking", n=lacking))
        click.echo(t("cli.files"))
        for path in result.files:
            click.echo(f"  {path}")
        if not result.decisions:
            click.echo(t("cli.rate.next"))
    return EXIT_PROBLEMS if lacking else EXIT_OK


@click.command()
@workspace_option
@click.option("--period", default=None,
              help="Kỳ báo cáo: 2024-H1 (sơ kết 6 tháng) hoặc 2024 (tổng kết năm, mặc định).")
@click.option("--number", default=None, help="Số văn bản, ví dụ 12 (in \"Số 12-BC/CB\").")
@click.option("--format", "fmt", type=click.Choice(["both", "docx", "xlsx"]), default="both",
              show_default=True,
              help="docx: văn bản Word để biên tập và ký; xlsx: bảng tính; both: cả hai (cùng "
                   "số liệu).")
@date_option
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON. / JSON output.")
@guarded
def report(workspace: Path, period: str | None, number: str | None, fmt: str, on: str | None,
           as_json: bool) -> int:
    """Báo cáo sơ kết 6 tháng hoặc tổng kết năm theo thể thức văn bản Đảng (Word để biên tập,
    bảng tính, hoặc cả hai), kèm Sổ vàng và danh sách đề nghị biểu dương quý IV (với báo cáo
    năm)."""
    from toolkit.app.yearend import report as run_report
    ws = open_ws(workspace)
    result = run_report(ws, period, _date(on), number, fmt)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(t("cli.report.done", label=result.label, path=result.files[0]))
        click.echo(t("cli.files"))
        for path in result.files:
            click.echo(f"  {path}")
        if result.data.missing_reports:
            click.echo(t("cli.report.missing", n=len(result.data.missing_reports)))
    return EXIT_PROBLEMS if result.data.missing_reports else EXIT_OK
