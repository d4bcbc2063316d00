"""The quarterly progress form: each person's registered actions (locked) and how far they got,
plus the quarter's attendance, self-assessment, the head's assessment and any commendation,
reminder or criticism."""

from __future__ import annotations

from toolkit.forms.pledge import PERSON_ID, PERSON_NAME, POSITION
from toolkit.forms.spec import CHOICE, DATE, INT, LONG, PERCENT, TEXT, Field, Form, Table

RECOGNITION = ("Biểu dương", "Nhắc nhở", "Phê bình")

PROGRESS = Table(
    key="progress",
    sheet="Tiến độ",
    aliases=("Tien do", "Progress"),
    title="KẾT QUẢ THỰC HIỆN VIỆC LÀM THEO – {period_label}",
    note="Mỗi dòng là một việc đã đăng ký (ô xám, không sửa). Ghi tiến độ, tỷ lệ hoặc kết quả "
         "thực tế và minh chứng. Hạn nộp: {deadline}.",
    person_field="person_id",
    blank_rows=0,
    fields=(
        PERSON_ID,
        PERSON_NAME,
        Field("action_no", "Việc số", INT, width=6, prefill=True, english="No."),
        Field("action", "Việc làm theo đã đăng ký", LONG, width=40, prefill=True,
              aliases=("Việc làm theo",), english="Registered action"),
        Field("deadline", "Thời hạn", DATE, width=12, prefill=True, english="Deadline"),
        Field("progress", "Tiến độ", CHOICE, required=True, width=15, choices="progress",
              english="Progress",
              help="Chọn: Hoàn thành / Đang thực hiện / Chưa thực hiện."),
        Field("percent", "Tỷ lệ hoàn thành (%)", PERCENT, width=11, min=0, max=100,
              aliases=("Tỷ lệ (%)", "% hoàn thành"), english="% done",
              help="Số từ 0 đến 100 (phần việc đã làm được so với mục tiêu)."),
        Field("result", "Kết quả thực tế", LONG, width=30, max_len=1000, english="Actual result",
              help="Kết quả cụ thể đến cuối quý, ví dụ: \"Đã giải quyết 45/45 hồ sơ đúng hạn\"."),
        Field("evidence", "Minh chứng", LONG, width=26, max_len=500, english="Evidence",
              help="Văn bản, sổ theo dõi, số liệu chứng minh. Bắt buộc khi \"Hoàn thành\"."),
        Field("difficulties", "Khó khăn, kiến nghị", LONG, width=22, max_len=500,
              english="Difficulties"),
    ),
)

ASSESSMENT = Table(
    key="people",
    sheet="Đánh giá",
    aliases=("Danh gia", "Assessment"),
    title="ĐÁNH GIÁ VIỆC HỌC TẬP VÀ LÀM THEO BÁC – {period_label}",
    note="Mỗi người một dòng. Số buổi sinh hoạt chuyên đề đã dự không vượt quá số buổi đơn vị đã "
         "tổ chức trong quý (ghi ở báo cáo đơn vị).",
    person_field="person_id",
    blank_rows=0,
    fields=(
        PERSON_ID,
        PERSON_NAME,
        POSITION,
        Field("sessions_attended", "Số buổi sinh hoạt chuyên đề đã dự", INT, required=True,
              width=12, min=0,
              max=31, aliases=("Số buổi đã dự",), english="Sessions attended",
              help="Số buổi học tập chuyên đề (chi bộ, cơ quan, đoàn thể) người này đã dự trong quý."),
        Field("self_assessment", "Tự đánh giá", CHOICE, width=12, choices="assessment",
              english="Self-assessment", help="Chọn: Tốt / Khá / Đạt / Chưa đạt."),
        Field("head_assessment", "Đánh giá của trưởng đơn vị", CHOICE, required=True, width=14,
              choices="assessment", aliases=("Đánh giá của chi ủy", "Đánh giá của thủ trưởng"),
              english="Head's assessment", help="Trưởng đơn vị (hoặc chi ủy) chọn mức đánh giá."),
        Field("recognition", "Biểu dương / nhắc nhở / phê bình", CHOICE, width=14,
              choices="recognition", aliases=("Biểu dương, nhắc nhở",),
              english="Commendation / reminder / criticism",
              help="Để trống nếu không có. Khi chọn, ghi rõ nội dung ở cột bên cạnh."),
        Field("recognition_note", "Nội dung biểu dương, nhắc nhở", TEXT, width=30, max_len=500,
              aliases=("Nội dung",), english="Note"),
    ),
)

QUARTERLY = Form(
    id="quarterly",
    version=1,
    name="Báo cáo quý việc làm theo",
    title="KẾT QUẢ THỰC HIỆN VIỆC LÀM THEO TẤM GƯƠNG ĐẠO ĐỨC HỒ CHÍ MINH – {period_label}",
    period_kind="quarter",
    tables=(PROGRESS, ASSESSMENT),
    file_stem="bao-cao-quy",
    instructions=(
        ("Trang \"Tiến độ\": mỗi dòng là một việc làm theo đã đăng ký năm {year}; các ô xám (mã, họ "
        "tên, việc đăng ký, thời hạn) đã điền sẵn và bị khoá, không sửa nội dung việc đã đăng ký."),
        ("Với mỗi việc: chọn tiến độ (Hoàn thành / Đang thực hiện / Chưa thực hiện), ghi tỷ lệ hoàn "
        "thành (0–100) hoặc kết quả thực tế, và minh chứng. Việc \"Hoàn thành\" phải có minh chứng."),
        ("Trang \"Đánh giá\": mỗi người một dòng: số buổi sinh hoạt chuyên đề đã dự trong quý, tự "
        "đánh giá, đánh giá của trưởng đơn vị (Tốt / Khá / Đạt / Chưa đạt), biểu dương hoặc nhắc "
        "nhở, phê bình (nếu có) kèm nội dung."),
        ("Người chưa đăng ký việc làm theo không có dòng ở trang \"Tiến độ\" nhưng vẫn được đánh giá "
        "ở trang \"Đánh giá\"; hãy nhắc người đó đăng ký bổ sung với văn phòng."),
        ("Không đổi tên trang, không xoá cột, không sửa trang ẩn. Hạn nộp: {deadline}. Lưu tệp và "
        "gửi lại qua thư điện tử cho văn phòng."),
    ),
)

__all__ = ["QUARTERLY", "RECOGNITION"]
