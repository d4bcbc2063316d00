"""The youth members' diary "Nhật ký làm theo lời Bác", with golden-book nominations."""

from __future__ import annotations

from toolkit.forms.pledge import PERSON_ID, PERSON_NAME
from toolkit.forms.spec import DATE, LONG, YESNO, Field, Form, Table

ENTRIES = Table(
    key="entries",
    sheet="Nhật ký",
    aliases=("Nhat ky", "Diary"),
    title="NHẬT KÝ LÀM THEO LỜI BÁC – {period_label}",
    note="Mỗi việc làm theo lời Bác một dòng. Người viết thêm: ghi vào các dòng trống cuối bảng, "
         "kèm mã cán bộ. Việc tiêu biểu có thể đề cử ghi vào \"Sổ vàng làm theo lời Bác\".",
    person_field="person_id",
    blank_rows=15,
    fields=(
        PERSON_ID,
        PERSON_NAME,
        Field("date", "Ngày", DATE, required=True, width=12, date_range="period",
              english="Date"),
        Field("deed", "Việc làm theo lời Bác", LONG, required=True, width=44, max_len=1000,
              aliases=("Việc làm",), english="Deed",
              help="Việc cụ thể đã làm, ở cơ quan, gia đình hay cộng đồng."),
        Field("result", "Kết quả, ý nghĩa", LONG, width=32, max_len=1000, english="Result"),
        Field("golden_book", "Đề cử Sổ vàng", YESNO, width=10, choices="yes_no",
              english="Golden book", help="Chọn Có nếu đề cử việc này vào Sổ vàng."),
        Field("reason", "Lý do đề cử", LONG, width=28, max_len=500, english="Reason"),
    ),
)

DIARY = Form(
    id="diary",
    version=1,
    name="Nhật ký làm theo lời Bác",
    title="NHẬT KÝ LÀM THEO LỜI BÁC – {period_label}",
    period_kind="quarter",
    tables=(ENTRIES,),
    file_stem="nhat-ky",
    instructions=(
        ("Đoàn viên thanh niên ghi \"Nhật ký làm theo lời Bác\": mỗi việc làm theo một dòng, có "
        "ngày, việc đã làm và kết quả."),
        ("Việc tiêu biểu: chọn \"Có\" ở cột \"Đề cử Sổ vàng\" và ghi lý do; Chi đoàn xét đưa vào "
        "\"Sổ vàng làm theo lời Bác\"."),
        "Ngày ghi dạng ngày/tháng/năm, trong quý ({period_label}). Hạn nộp: {deadline}.",
    ),
)
