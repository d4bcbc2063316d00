"""Sample Vietnamese data for the Word documents (the seed plan's agency, Bắc Giang 2024/2025),
and :func:`build_all`, which writes the seven sample documents the tests read and print.

Independent of the demo: the documents' layout is tested on hand-made data with known figures
(a long pledge that needs 12 pt, a 2025 leader under QĐ 366, the state header), the wiring to the
store on the demo workspace (tests/test_documents.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from toolkit.common.numbers import percent
from toolkit.outputs.documents.pledge import PledgePerson, write_pledges
from toolkit.outputs.documents.report import (
    KeyFigure,
    Named,
    Ratings,
    ReportFigures,
    UnitFigures,
    write_report,
)
from toolkit.outputs.documents.self_review import (
    ReviewAction,
    ReviewPerson,
    ScoreSummary,
    write_self_review,
)
from toolkit.outputs.documents.settings import DocSettings

RECIPIENTS = ("Đảng ủy các cơ quan tỉnh (b/c);", "Chi ủy Chi bộ;", "Lãnh đạo Ban;",
              "Các phòng, đơn vị trực thuộc Ban;", "Lưu VP Chi bộ.")


def party_settings(date: dt.date = dt.date(2024, 3, 5), number: str = "12") -> DocSettings:
    return DocSettings(
        superior="Đảng ủy các cơ quan tỉnh", issuing_body="Chi bộ Ban Quản lý các KCN",
        place="Bắc Giang", date=date, number=number, symbol="BC/CB",
        signer_lines=("T/M CHI BỘ", "BÍ THƯ"), signer_name="Nguyễn Văn Thành",
        recipients=RECIPIENTS, state_superior="UBND tỉnh Bắc Giang",
        state_issuing_body="Ban Quản lý các KCN")


def state_settings(date: dt.date = dt.date(2024, 7, 15)) -> DocSettings:
    return DocSettings(
        superior="UBND tỉnh Bắc Giang", issuing_body="Ban Quản lý các KCN", place="Bắc Giang",
        date=date, number="125", symbol="BC-BQL", header_kind="state",
        signer_lines=("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), signer_name="Nguyễn Xuân Ngọc",
        recipients=("UBND tỉnh (b/c);", "Chi ủy Chi bộ;", "Lãnh đạo Ban;", "Lưu: VT, VP."))


PLEDGES = [
    PledgePerson("Nguyễn Thị Thu Hà", "Chánh Văn phòng", "Văn phòng", True, (
        ("Giải quyết 100% văn bản đến được giao đúng hạn; báo cáo số văn bản trễ hạn tại giao "
         "ban hằng tuần", "Tinh thần trách nhiệm",
         "Sổ theo dõi văn bản đến; báo cáo giao ban hằng tuần", "Hằng tuần"),
        ("Hướng dẫn các phòng số hóa hồ sơ lưu trữ năm 2023 trên phần mềm quản lý văn bản",
         "Chất lượng và hiệu quả công việc", "Số hóa xong 100% hồ sơ năm 2023",
         dt.date(2024, 9, 30)),
        ("Thực hành tiết kiệm: giảm 15% giấy in so với năm 2023 nhờ trình ký điện tử",
         "Cần, kiệm, liêm, chính, chí công vô tư", "Báo cáo lượng giấy in hằng quý",
         dt.date(2024, 12, 31)),
    )),
    PledgePerson("Trần Văn Dũng", "Chuyên viên", "Phòng Quản lý doanh nghiệp", False, (
        ("Trả lời 100% kiến nghị của doanh nghiệp trong 05 ngày làm việc kể từ ngày nhận",
         "Tôn trọng Nhân dân, phục vụ doanh nghiệp", "Sổ theo dõi kiến nghị; không có kiến "
         "nghị quá hạn", dt.date(2024, 12, 31)),
        ("Tham gia đủ các buổi sinh hoạt chuyên đề hằng tháng và viết bài thu hoạch sau mỗi "
         "chuyên đề", "Học tập suốt đời", "12 bài thu hoạch nộp Chi đoàn",
         dt.date(2024, 12, 15)),
    )),
    PledgePerson("Lê Hoàng Nam", "Phó Trưởng phòng", "Phòng Quy hoạch – Xây dựng", True, (
        ("Thẩm định hồ sơ cấp phép xây dựng trong 10 ngày, sớm hơn 5 ngày so với quy định",
         "Bản lĩnh, đổi mới, sáng tạo", "100% hồ sơ thẩm định trong 10 ngày",
         dt.date(2024, 12, 31)),
        ("Hướng dẫn 02 chuyên viên trẻ nghiệp vụ thẩm định quy hoạch chi tiết",
         "Đoàn kết, kỷ cương, tình thương, trách nhiệm", "02 chuyên viên tự thẩm định được hồ "
         "sơ", dt.date(2024, 6, 30)),
        ("Giữ gìn nếp sống văn minh: tham gia đủ các buổi lao động tình nguyện của cơ quan",
         "Gương mẫu, khiêm tốn, tu dưỡng, rèn luyện", "Tham gia 100% buổi lao động tình "
         "nguyện", "Quý IV/2024"),
    )),
    # long actions: the table drops to 12 pt so that the page still holds everything
    PledgePerson("Nguyễn Thị Minh Nguyệt", "Phó Trưởng phòng Quản lý đầu tư",
                 "Phòng Quản lý đầu tư và doanh nghiệp khu công nghiệp", True, tuple(
                     (f"{what}; đề xuất cắt giảm 20% thời gian giải quyết so với quy định",
                      "Chất lượng và hiệu quả công việc",
                      "Quyết định ban hành quy trình sửa đổi; báo cáo hằng quý", when)
                     for what, when in (
                         ("Chủ trì rà soát quy trình nội bộ giải quyết thủ tục đầu tư",
                          dt.date(2024, 6, 30)),
                         ("Rà soát quy trình cấp giấy chứng nhận đăng ký đầu tư",
                          dt.date(2024, 9, 30)),
                         ("Rà soát quy trình điều chỉnh dự án đầu tư trong khu công nghiệp",
                          dt.date(2024, 11, 30))))),
]


def _actions() -> tuple[ReviewAction, ...]:
    return (
        ReviewAction("Giải quyết 100% văn bản đến được giao đúng hạn", "Tinh thần trách nhiệm",
                     "Không có văn bản trễ hạn", "Hằng tuần",
                     ("Hoàn thành", "Hoàn thành", "Hoàn thành", "Hoàn thành"),
                     "Hoàn thành đúng hạn", "1.036 văn bản, không trễ hạn"),
        ReviewAction("Số hóa hồ sơ lưu trữ năm 2023", "Chất lượng và hiệu quả công việc",
                     "100% hồ sơ năm 2023", dt.date(2024, 9, 30),
                     ("Đang thực hiện (30%)", "Đang thực hiện (70%)", "Hoàn thành", "Hoàn thành"),
                     "Hoàn thành vượt mức", "Số hóa thêm hồ sơ năm 2022"),
        ReviewAction("Giảm 15% giấy in so với năm 2023", "Cần, kiệm, liêm, chính",
                     "Giảm 15% giấy in", dt.date(2024, 12, 31),
                     ("Đang thực hiện", "Đang thực hiện", "Đang thực hiện", ""),
                     "Hoàn thành nhưng chậm", "Giảm 12%"),
    )


SCORES = ScoreSummary(
    quarter_scores=(88.0, 91.5, 94.0, None), progress=(80.0, 90.0, 95.0, None),
    attendance=(100.0, 100.0, 66.7, None), assessment=("Tốt", "Tốt", "Tốt", None),
    year_score=91.2)

REVIEW_PARTY = ReviewPerson(
    "Nguyễn Thị Thu Hà", "Chánh Văn phòng", "Văn phòng", True, "Chi bộ Ban Quản lý các KCN",
    birth_year=1982, party_position="Chi ủy viên", leader=False, actions=_actions(),
    sessions_attended=10, sessions_held=12,
    commendations=("Quý II – hoàn thành số hóa hồ sơ trước hạn",),
    reminders=(), scores=SCORES)

REVIEW_LEADER = ReviewPerson(
    "Lê Hoàng Nam", "Phó Trưởng phòng", "Phòng Quy hoạch – Xây dựng", True,
    "Chi bộ Ban Quản lý các KCN", birth_year=1979, party_position="Đảng viên", leader=True,
    actions=_actions()[:2], sessions_attended=12, sessions_held=12, scores=SCORES)

REVIEW_STAFF = ReviewPerson(
    "Trần Văn Dũng", "Chuyên viên", "Phòng Quản lý doanh nghiệp", False, birth_year=1995,
    actions=_actions()[:2], sessions_attended=9, sessions_held=12,
    reminders=("Quý III – chậm nộp bài thu hoạch",), scores=SCORES)


def _units(quarters: tuple[int, ...]) -> tuple[UnitFigures, ...]:
    """Five units; done / all done are the year's (95 / 26) or the first half's (41 / 9)."""
    q = len(quarters)
    year = q == 4
    base = [("Văn phòng", 9, 9, 25, (20, 9), (6, 2), (3, 3, 3, 2)),
            ("Phòng Quản lý doanh nghiệp", 12, 11, 30, (21, 10), (5, 2), (3, 2, 3, 3)),
            ("Phòng Quy hoạch – Xây dựng", 8, 8, 22, (18, 8), (5, 2), (3, 3, None, 3)),
            ("Phòng Quản lý môi trường", 7, 6, 16, (9, 4), (2, 0), (2, 3, 3, 3)),
            ("Trung tâm Dịch vụ khu công nghiệp", 12, 12, 33, (27, 10), (8, 3), (3, 3, 3, 3))]
    return tuple(UnitFigures(n, p, r, a, d[0 if year else 1], ad[0 if year else 1], s[:q], 3 * q,
                             sc)
                 for (n, p, r, a, d, ad, s), sc in zip(base, (92.5, 84.0, 88.1, 61.3, 90.4)))


def report_figures(kind: str = "H1") -> ReportFigures:
    quarters = (1, 2) if kind == "H1" else (1, 2, 3, 4)
    done = 95 if kind == "year" else 41
    completion = KeyFigure("Việc làm theo đã hoàn thành", f"{done}/126 ({percent(done, 126)})",
                           "Việc được báo cáo Hoàn thành ở báo cáo quý cuối kỳ", done, 126)
    units = _units(quarters)
    sessions_total = sum(s or 0 for u in units for s in u.sessions)
    return ReportFigures(
        quarters=quarters, org_short="Ban Quản lý các KCN",
        study_topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phong cách "
                    "quần chúng, dân chủ, nêu gương; nêu cao trách nhiệm gương mẫu của cán bộ, "
                    "đảng viên, nhất là cán bộ lãnh đạo chủ chốt các cấp",
        theme="Xây dựng phong cách làm việc của cán bộ, đảng viên: Gương mẫu, dân chủ, kỷ cương, "
              "nền nếp, chất lượng, hiệu quả",
        people_total=48, party_members=32, youth_members=14, studied=45,
        attendance_total=1036 if kind == "year" else 498, sessions_total=sessions_total,
        sessions_by_venue=(("Chi bộ", 8), ("Cơ quan", sessions_total - 12), ("Chi đoàn", 4)),
        registered=46, actions_total=126, actions_done=95 if kind == "year" else 41,
        actions_exceeded=17 if kind == "year" else None,
        people_all_done=26 if kind == "year" else 9,
        units=units,
        emulation=(("Văn phòng", "Cải cách thủ tục hành chính, trình ký điện tử", "Hoàn thành",
                    "100% văn bản trình ký điện tử"),
                   ("Phòng Quản lý doanh nghiệp", "Đồng hành cùng doanh nghiệp trong khu công "
                    "nghiệp", "Đang thực hiện", "Đối thoại 04 lần với 120 doanh nghiệp"),
                   ("Trung tâm Dịch vụ khu công nghiệp", "Xanh – sạch – đẹp khu công nghiệp",
                    "Hoàn thành", "Trồng 500 cây xanh")),
        propaganda_by_kind=(("Treo pano, áp phích, khẩu hiệu", 6, 0),
                            ("Thi kể chuyện về tấm gương đạo đức Hồ Chí Minh", 1, 36),
                            ("Tọa đàm về phong cách Hồ Chí Minh", 2, 85)),
        propaganda_by_occasion=(("Kỷ niệm Ngày thành lập Đảng 03/02", 3),
                                ("Kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh 19/5", 4),
                                ("Không gắn với ngày lễ", 2)),
        youth_by_kind=(("Đối thoại với lãnh đạo Ban", 1, 14),
                       ("Sinh hoạt chuyên đề Đoàn", 2, 28),
                       ("Viết \"Nhật ký làm theo lời Bác\"", 1, 31)),
        diary_entries=31, diary_writers=12, golden_entries=5,
        commended=(Named("Nguyễn Thị Thu Hà", "Văn phòng", "Biểu dương quý II"),
                   Named("Phạm Minh Tuấn", "Trung tâm Dịch vụ khu công nghiệp",
                         "Biểu dương quý I, II")),
        reminded=(Named("Trần Văn Dũng", "Phòng Quản lý doanh nghiệp", "Nhắc nhở quý II"),),
        missing_reports=("Phòng Quy hoạch – Xây dựng (quý III)",) if kind == "year" else (),
        no_pledge=("Vũ Thị Lan", "Đỗ Văn Hùng"), standards_count=5, standards_version="2024",
        completion=completion,
        quarter_commendations=tuple(KeyFigure(f"Đề xuất biểu dương quý {q}", n, "", int(n))
                                    for q, n in (("I", "4"), ("II", "5"), ("III", "6"),
                                                 ("IV", "6"))[:len(quarters)]),
        commendation_list=("Danh sách đề nghị biểu dương quý IV: 6 (5 cá nhân, 1 tập thể; danh "
                           "sách kèm theo).") if kind == "year" else "",
        key_figures=(KeyFigure("Cán bộ, đảng viên, người lao động", "48",
                               "Người trong danh sách cán bộ; tính đến ngày 18/12/2024", 48),
                     completion),
        ratings=Ratings(
            rows=(("Hoàn thành xuất sắc nhiệm vụ", 6, 1, 1, 1),
                  ("Hoàn thành tốt nhiệm vụ", 25, 8, 3, 3), ("Hoàn thành nhiệm vụ", 1, 6, 1, 1),
                  ("Không hoàn thành nhiệm vụ", 0, 1, 0, 0), ("Chưa đủ dữ liệu", 0, 0, 0, 0)),
            totals=(32, 16, 5, 5), party_rule="QĐ 124-QĐ/TW",
            staff_rule="NĐ 90/2020/NĐ-CP (sửa đổi bởi NĐ 48/2023/NĐ-CP)",
            party_summary="6 xuất sắc, 25 tốt, 1 hoàn thành",
            staff_summary="1 xuất sắc, 8 tốt, 6 hoàn thành, 1 không hoàn thành",
            quota_ratio=0.2) if kind == "year" else None)


def build_all(out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    s24 = party_settings(dt.date(2024, 3, 5), number="")
    files = {
        "pledges": write_pledges(out / "dang-ky-van-phong-2024.docx", s24, 2024, "Văn phòng",
                                 PLEDGES),
        "review_party_124": write_self_review(
            out / "kiem-diem-dang-vien-2024.docx", party_settings(dt.date(2024, 12, 10)),
            REVIEW_PARTY, 2024, "qd124"),
        "review_leader_366": write_self_review(
            out / "kiem-diem-lanh-dao-2025.docx", party_settings(dt.date(2025, 12, 10)),
            REVIEW_LEADER, 2025, "qd366"),
        "review_staff": write_self_review(
            out / "kiem-diem-cong-chuc-2024.docx", party_settings(dt.date(2024, 12, 10)),
            REVIEW_STAFF, 2024, "qd124"),
        "report_h1": write_report(out / "bao-cao-so-ket-2024-H1.docx",
                                  party_settings(dt.date(2024, 6, 20), "12"), "H1", 2024,
                                  report_figures("H1")),
        "report_year": write_report(out / "bao-cao-tong-ket-2024.docx",
                                    party_settings(dt.date(2024, 12, 18), "25"), "year", 2024,
                                    report_figures("year")),
        "report_state": write_report(out / "bao-cao-tong-ket-2024-nha-nuoc.docx",
                                     state_settings(dt.date(2025, 1, 6)), "year", 2024,
                                     report_figures("year")),
    }
    return files
