"""The rating sheet leadership decides on: proposals (locked) and the decision and reason columns
(drop-downs). Written by ``lamtheobac rate`` as a party document (outputs/rating_sheet.py), read
back like any form when leadership puts it in the inbox; a decision row keys on the person id (or
the party group / unit code)."""

from __future__ import annotations

from toolkit.forms.spec import CHOICE, ID, LONG, NUMBER, TEXT, Field, Form, Table

DECISION_REASONS = (
    "Thống nhất với đề xuất",
    "Vượt tỉ lệ xuất sắc, xếp mức tốt",
    "Thành tích nổi bật, nâng mức",
    "Tự phát hiện, khắc phục xong vi phạm",
    "Chưa đủ tiêu chí theo đánh giá của Chi ủy",
    "Khác (ghi rõ ở cột Ghi chú)",
)
AGREE = DECISION_REASONS[0]

DECISION = Field("decision", "Quyết định của Chi ủy", CHOICE, width=12, choices="levels",
                 aliases=("Quyết định", "Mức quyết định"), english="Decision",
                 help="Chọn mức Chi ủy quyết định. Có thể chép cột \"Đề xuất\" sang rồi sửa các "
                      "trường hợp khác.")
REASON = Field("decision_reason", "Lý do quyết định", CHOICE, width=13, choices="decision_reasons",
               aliases=("Lý do",), english="Reason",
               help="Chọn lý do; bắt buộc khi quyết định khác đề xuất.")
NOTE = Field("decision_note", "Ghi chú", TEXT, width=9, max_len=500, english="Note")


def _display(key: str, header: str, width: float, kind: str = TEXT, english: str = "",
             aliases: tuple[str, ...] = ()) -> Field:
    return Field(key, header, kind, width=width, prefill=True, english=english, aliases=aliases)


PEOPLE = Table(
    key="people",
    sheet="Cá nhân",
    aliases=("Ca nhan", "People"),
    title="ĐỀ XUẤT XẾP LOẠI CÁ NHÂN NĂM {year}",
    person_field="person_id",
    blank_rows=0,
    fields=(
        Field("person_id", "Mã cán bộ", ID, required=True, width=7, prefill=True,
              aliases=("Mã CB",), english="Person ID"),
        _display("name", "Họ và tên", 16, english="Full name"),
        _display("score", "Điểm năm", 5.5, NUMBER, english="Year score"),
        _display("blockers", "Vướng", 12, english="Blockers"),
        _display("cap", "Mức tối đa", 6.5, english="Cap"),
        _display("proposal", "Đề xuất", 12, english="Proposal"),
        _display("quota", "Tỉ lệ xuất sắc", 9, english="Quota"),
        _display("reasons", "Lý do đề xuất", 32, LONG, english="Reasons"),
        DECISION,
        REASON,
        NOTE,
    ),
)


def _collective(key: str, sheet: str, aliases: tuple[str, ...], title: str,
                id_header: str) -> Table:
    return Table(
        key=key, sheet=sheet, aliases=aliases, title=title, blank_rows=0, required=False,
        fields=(
            Field("subject_id", id_header, ID, required=True, width=8, prefill=True,
                  english="Code"),
            _display("name", "Tên", 15, english="Name"),
            _display("score", "Điểm năm", 5.5, NUMBER, english="Year score"),
            _display("members", "Thành viên (đề xuất)", 10, english="Members"),
            _display("blockers", "Vướng", 11, english="Blockers"),
            _display("cap", "Mức tối đa", 6.5, english="Cap"),
            _display("proposal", "Đề xuất", 12, english="Proposal"),
            _display("quota", "Tỉ lệ xuất sắc", 9, english="Quota"),
            _display("reasons", "Lý do đề xuất", 30, LONG, english="Reasons"),
            DECISION,
            REASON,
            NOTE,
        ))


GROUPS = _collective("groups", "Tổ đảng", ("To dang", "Party groups"),
                     "ĐỀ XUẤT XẾP LOẠI TỔ ĐẢNG NĂM {year}", "Tổ đảng")
UNITS = _collective("units", "Đơn vị", ("Don vi", "Units"),
                    "ĐỀ XUẤT XẾP LOẠI TẬP THỂ ĐƠN VỊ NĂM {year}", "Mã đơn vị")

APPROVAL = Table(
    key="approval",
    sheet="Xác nhận",
    aliases=("Xac nhan", "Approval"),
    title="XÁC NHẬN QUYẾT ĐỊNH XẾP LOẠI NĂM {year}",
    blank_rows=1,
    required=False,
    fields=(
        Field("decided_by", "Người ký (Chi ủy)", TEXT, width=28, aliases=("Người ký",),
              english="Signed by", help="Họ tên đồng chí ký thay mặt Chi ủy."),
        Field("role", "Chức vụ", TEXT, width=20, english="Role"),
        Field("decided_on", "Ngày quyết định", TEXT, width=16, english="Date",
              help="Ngày/tháng/năm Chi ủy họp quyết định, ví dụ 25/12/{year}."),
    ),
)

RATING = Form(
    id="rating",
    version=1,
    name="Bảng xếp loại cuối năm",
    title="ĐỀ XUẤT XẾP LOẠI NĂM {year}",
    period_kind="year",
    tables=(PEOPLE, GROUPS, UNITS, APPROVAL),
    file_stem="xep-loai",
    per_unit=False,
    instructions=(
        "Bảng do văn phòng lập từ điểm các quý, bản kiểm điểm và các quy định xếp loại; mỗi đề "
        "xuất có lý do, các vướng mắc (kỷ luật, chưa đăng ký, thiếu báo cáo, điều kiện công chức) "
        "và kết quả kiểm tra tỉ lệ xuất sắc.",
        "Chi ủy ghi cột \"Quyết định của Chi ủy\" (một trong bốn mức) và \"Lý do quyết định\" "
        "(chọn trong danh sách) ở các trang \"Cá nhân\", \"Tổ đảng\", \"Đơn vị\"; có thể ghi thêm "
        "ở cột \"Ghi chú\". Dòng để trống là chưa quyết định.",
        "Quyết định khác đề xuất cần có lý do. Quyết định vượt tỉ lệ hoặc cao hơn mức tối đa do "
        "vướng vẫn được ghi nhận nhưng được đánh dấu để Chi ủy xem lại.",
        "Trang \"Xác nhận\": họ tên, chức vụ người ký và ngày quyết định. Lưu tệp và đặt vào thư "
        "mục inbox/ (hoặc gửi thư cho văn phòng); văn phòng chạy lại lệnh để có bảng kết quả.",
    ),
)

__all__ = ["AGREE", "DECISION_REASONS", "RATING"]
