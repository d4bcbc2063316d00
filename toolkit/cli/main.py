"""The command line: each command parses options, calls one library function and prints.

Exit codes: 0 done; 1 done, but data problems remain (invalid or missing submissions);
2 misuse or an unusable workspace. Heavy libraries are imported inside the commands only.
"""

from __future__ import annotations

import click

from toolkit import __version__
from toolkit.cli import cycle, documents, mail, quarterly, roster, upkeep, yearend
from toolkit.cli.common import force_language
from toolkit.common.i18n import reset_language, set_language


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


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
               lamtheobac roster import ds-can-bo.xlsx   nhập danh sách cán bộ sẵn có
               lamtheobac templates --form pledge      gửi biểu mẫu cho các đơn vị
               lamtheobac ingest                       đọc thư/tệp trong inbox/
               lamtheobac mail fetch / mail send       lấy thư từ hộp thư / gửi thư cho đơn vị
               lamtheobac status                       xem đơn vị nào đã nộp, lỗi gì
               lamtheobac status --files               sổ theo dõi mọi thư, tệp đã nhận
               lamtheobac feedback                     tệp sửa lỗi cho từng đơn vị
    Mỗi quý:   lamtheobac templates --form quarterly --period 2024-Q2   (và unit-report, diary)
               lamtheobac run --period 2024-Q2         đọc, kiểm tra, tệp sửa lỗi, bảng theo dõi
    Cuối năm:  lamtheobac templates --form year-review --period 2024
               lamtheobac rate --year 2024             bảng đề xuất xếp loại cho Chi ủy
               lamtheobac report --period 2024-H1      báo cáo sơ kết 6 tháng (2024: tổng kết)
    Văn bản:   lamtheobac documents --form pledge   bản đăng ký của từng người (Word, PDF)
               lamtheobac documents --form self-review   bản kiểm điểm cá nhân cuối năm

    Giữ gìn:   lamtheobac accept                       bản nộp chờ xác nhận (thư lạ)
               lamtheobac backup D:\\sao-luu\\nam-2024    sao lưu cả thư mục làm việc
               lamtheobac rebuild                      dựng lại kho dữ liệu từ archive/

    Mã thoát: 0 xong; 1 xong nhưng còn dữ liệu thiếu/lỗi; 2 dùng sai lệnh hoặc thư mục hỏng.
    """
    reset_language()
    force_language(bool(lang))
    if lang:
        set_language(lang)




# Every command, in the order `lamtheobac --help` lists them: the one list of them.
COMMANDS: list[click.Command] = [
    cycle.init, roster.roster, cycle.demo, cycle.templates, cycle.ingest, cycle.status,
    cycle.feedback, cycle.pick, mail.mail, quarterly.dashboard, quarterly.run, yearend.rate,
    yearend.report, documents.documents,
    upkeep.accept, upkeep.backup, upkeep.rebuild,
]
for _command in COMMANDS:
    main.add_command(_command)
