"""``documents``: each person's pledge and self-review as Word documents (and the pledges as
PDF where LibreOffice is installed).

Thin: parse, call one library function (toolkit.app.documents), print, map to exit codes. Exit 1
when units have no valid pledge yet (their people get no page).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from toolkit.cli.common import EXIT_OK, EXIT_PROBLEMS, guarded, open_ws, workspace_option
from toolkit.cli.yearend import _date, date_option
from toolkit.common.i18n import t


@click.command()
@workspace_option
@click.option("--form", "form", type=click.Choice(["pledge", "self-review"]), required=True,
              help="pledge: bản đăng ký việc làm theo của từng người (mỗi đơn vị một tệp); "
                   "self-review: bản kiểm điểm cá nhân cuối năm (mỗi người một tệp).")
@click.option("--unit", default=None, help="Chỉ một đơn vị (mã đơn vị).")
@click.option("--pdf/--no-pdf", "pdf", default=None,
              help="Bản PDF của bản đăng ký (cần LibreOffice); mặc định theo [documents] pdf.")
@date_option
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON. / JSON output.")
@guarded
def documents(workspace: Path, form: str, unit: str | None, pdf: bool | None, on: str | None,
              as_json: bool) -> int:
    """Văn bản để ký: bản đăng ký việc làm theo, bản kiểm điểm cá nhân (Word, A4).

    Bản đăng ký lấy từ bản đăng ký hợp lệ đã nhận; bản kiểm điểm điền sẵn việc đã đăng ký,
    kết quả từng quý, học tập chuyên đề, biểu dương, nhắc nhở và điểm đánh giá cả năm.
    """
    from toolkit.app.documents import documents as run_documents
    ws = open_ws(workspace)
    result = run_documents(ws, form, unit, _date(on), pdf)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        if result.files:
            click.echo(t(f"cli.documents.{form}", year=result.year, people=result.people,
                         units=result.units))
        if result.not_ready:
            click.echo(t("cli.documents.not_ready", n=len(result.not_ready),
                         people="; ".join(result.not_ready)))
        if result.too_long:
            click.echo(t("cli.documents.too_long", n=len(result.too_long),
                         people="; ".join(result.too_long)))
        if result.pdf_wanted and result.files:
            if result.pdf_missing_office:
                click.echo(t("cli.documents.no_office"))
            else:
                click.echo(t("cli.documents.pdf", n=len(result.pdfs)))
                failed = len(result.files) - len(result.pdfs)
                if failed:
                    click.echo(t("cli.documents.pdf_failed", n=failed,
                                 problem=result.pdf_problem or "?"))
        if result.units_without:
            click.echo(t("cli.documents.without", n=len(result.units_without),
                         units="; ".join(result.units_without)))
        if result.files:
            click.echo(t("cli.files"))
            for path in [*result.files, *result.pdfs] if len(result.files) <= 12 else \
                    sorted({p.parent for p in result.files}):
                click.echo(f"  {path}")
    return EXIT_PROBLEMS if result.units_without else EXIT_OK
