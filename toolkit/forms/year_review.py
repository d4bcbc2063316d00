"""The year-end self-review (kiểm điểm cuối năm): per unit, each person's registered actions with
the year's quarterly results (locked), the overall result of each action, the self-assessment and
self-rating, discipline in the year, the civil-servant rating, limitations and remedies, the unit's
proposed rating of each person and of itself."""

from __future__ import annotations

from toolkit.forms.pledge import PERSON_ID, PERSON_NAME, POSITION
from toolkit.forms.spec import CHOICE, DATE, INT, LONG, NUMBER, TEXT, Field, Form, Table

LEVEL_LABELS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
                "Không hoàn thành nhiệm vụ")
# overall result of one action over the year: done (1-3), on time (1-2), exceeded (1)
ACTION_RESULTS = ("Hoàn thành vượt mức", "Hoàn thành đúng hạn", "Hoàn thành nhưng chậm",
                  "Không hoàn thành")
RESULT_DONE = ACTION_RESULTS[:3]
RESULT_ON_TIME = ACTION_RESULTS[:2]
RESULT_EXCEEDED = ACTION_RESULTS[:1]
# party (Điều lệ Đảng) and civil-service (Luật CB, CC) forms of discipline
DISCIPLINE = ("Không", "Khiển trách", "Cảnh cáo", "Hạ bậc lương", "Giáng chức", "Cách chức",
              "Buộc thôi việc", "Khai trừ")

QUARTER_RESULT = dict(kind=TEXT, width=11, prefill=True)

ACTIONS = Table(
    key="actions",
    sheet="Việc làm theo",
    aliases=("Viec lam theo", "Actions"),
    title="KẾT QUẢ THỰC HIỆN VIỆC LÀM THEO NĂM {year}",
    note="Mỗi dòng là một việc đã đăng ký, kèm kết quả các quý đã báo cáo (ô xám). Ghi kết quả cả "
         "năm của từng việc. Hạn nộp: {deadline}.",
    person_field="person_id",
    blank_rows=0,
    fields=(
        PERSON_ID,
        PERSON_NAME,
        Field("action_no", "Việc số", INT, width=6, prefill=True, english="No."),
        Field("action", "Việc làm theo đã đăng ký", LONG, width=36, prefill=True,
              aliases=("Việc làm theo",), english="Registered action"),
        Field("deadline", "Thời hạn", DATE, width=11, prefill=True, english="Deadline"),
        Field("q1", "Quý I", english="Q1", **QUARTER_RESULT),
        Field("q2", "Quý II", english="Q2", **QUARTER_RESULT),
        Field("q3", "Quý III", english="Q3", **QUARTER_RESULT),
        Field("q4", "Quý IV", english="Q4", **QUARTER_RESULT),
        Field("year_result", "Kết quả cả năm", CHOICE, required=True, width=17,
              choices="action_results", aliases=("Kết quả năm",), english="Year result",
              help="Chọn: Hoàn thành vượt mức / đúng hạn / nhưng chậm / Không hoàn thành."),
        Field("result_note", "Kết quả cụ thể, minh chứng", LONG, width=32, max_len=1000,
              aliases=("Minh chứng",), english="Result and evidence",
              help="Con số, sản phẩm, văn bản chứng minh kết quả cả năm."),
    ),
)

PEOPLE = Table(
    key="people",
    sheet="Tự đánh giá",
    aliases=("Tu danh gia", "Self-review"),
    title="BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI NĂM {year}",
    note="Mỗi người một dòng. Điểm các quý do văn phòng tổng hợp (ô xám). Người là công chức, viên "
         "chức ghi kết quả xếp loại công chức, viên chức năm {year}.",
    person_field="person_id",
    blank_rows=0,
    fields=(
        PERSON_ID,
        PERSON_NAME,
        POSITION,
        Field("civil_servant", "Công chức, viên chức", TEXT, width=10, prefill=True,
              english="Civil servant"),
        Field("quarter_scores", "Điểm các quý", TEXT, width=15, prefill=True,
              english="Quarter scores"),
        Field("year_score", "Điểm năm (tạm tính)", NUMBER, width=9, prefill=True,
              english="Year score"),
        Field("self_assessment", "Tự đánh giá ưu điểm, kết quả", LONG, required=True, width=34,
              max_len=2000, aliases=("Tự đánh giá",), english="Self-assessment",
              help="Ưu điểm, kết quả nổi bật trong năm, gắn với việc làm theo đã đăng ký."),
        Field("self_rating", "Tự xếp loại", CHOICE, required=True, width=17, choices="levels",
              english="Self-rating", help="Chọn một trong bốn mức."),
        Field("discipline", "Kỷ luật trong năm", CHOICE, required=True, width=12,
              choices="discipline", aliases=("Kỷ luật",), english="Discipline",
              help="Chọn \"Không\" nếu không bị kỷ luật; nếu có, chọn hình thức kỷ luật."),
        Field("cs_rating", "Xếp loại công chức, viên chức", CHOICE, width=17, choices="levels",
              aliases=("Xếp loại CCVC",), english="Civil-servant rating",
              help="Chỉ ghi khi là công chức, viên chức: kết quả xếp loại của cơ quan năm {year}."),
        Field("limitations", "Hạn chế, khuyết điểm", LONG, required=True, width=28,
              max_len=2000, aliases=("Hạn chế",), english="Limitations"),
        Field("remedies", "Biện pháp khắc phục", LONG, required=True, width=28, max_len=2000,
              aliases=("Biện pháp",), english="Remedies"),
        Field("unit_proposal", "Đơn vị đề xuất xếp loại", CHOICE, required=True, width=17,
              choices="levels", aliases=("Đơn vị đề xuất",), english="Unit's proposal",
              help="Trưởng đơn vị đề xuất mức xếp loại của người này."),
    ),
)

UNIT = Table(
    key="unit",
    sheet="Tập thể",
    aliases=("Tap the", "Unit"),
    title="TỰ ĐÁNH GIÁ CỦA TẬP THỂ ĐƠN VỊ NĂM {year}",
    note="Một dòng: kết quả nổi bật, hạn chế và mức xếp loại đơn vị đề xuất cho tập thể.",
    blank_rows=1,
    fields=(
        Field("achievements", "Kết quả nổi bật của đơn vị", LONG, required=True, width=50,
              max_len=3000, english="Achievements"),
        Field("limitations", "Hạn chế, nguyên nhân", LONG, width=40, max_len=3000,
              english="Limitations"),
        Field("proposed_rating", "Đơn vị đề xuất xếp loại tập thể", CHOICE, required=True,
              width=22, choices="levels", aliases=("Đề xuất xếp loại",), english="Proposed rating"),
    ),
)

YEAR_REVIEW = Form(
    id="year-review",
    version=1,
    name="Bản kiểm điểm cuối năm",
    title="KIỂM ĐIỂM, ĐÁNH GIÁ VIỆC HỌC TẬP VÀ LÀM THEO BÁC NĂM {year}",
    period_kind="year",
    tables=(ACTIONS, PEOPLE, UNIT),
    file_stem="kiem-diem",
    deadline_key="year_review",
    instructions=(
        "Trang \"Việc làm theo\": mỗi việc đã đăng ký năm {year} một dòng, kèm kết quả các quý đã "
        "báo cáo (ô xám, không sửa). Chọn kết quả cả năm của từng việc và ghi kết quả cụ thể, minh "
        "chứng.",
        "Trang \"Tự đánh giá\": mỗi người một dòng: tự đánh giá ưu điểm, kết quả; tự xếp loại (một "
        "trong bốn mức); kỷ luật trong năm (\"Không\" nếu không có); xếp loại công chức, viên chức "
        "(chỉ với công chức, viên chức); hạn chế, khuyết điểm và biện pháp khắc phục.",
        "Trưởng đơn vị chọn mức \"Đơn vị đề xuất xếp loại\" cho từng người; trang \"Tập thể\" ghi "
        "kết quả, hạn chế và mức đơn vị đề xuất cho tập thể.",
        "Bốn mức xếp loại: Hoàn thành xuất sắc nhiệm vụ; Hoàn thành tốt nhiệm vụ; Hoàn thành nhiệm "
        "vụ; Không hoàn thành nhiệm vụ. Chi ủy căn cứ bản kiểm điểm, điểm các quý và tỉ lệ xuất "
        "sắc để đề xuất và quyết định.",
        "Không đổi tên trang, không xoá cột, không sửa trang ẩn. Hạn nộp: {deadline}. Lưu tệp và "
        "gửi lại qua thư điện tử cho văn phòng.",
    ),
)

__all__ = ["ACTION_RESULTS", "DISCIPLINE", "LEVEL_LABELS", "YEAR_REVIEW"]
