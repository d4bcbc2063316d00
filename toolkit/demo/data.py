"""A realistic synthetic agency: units, people with Vietnamese names, and what they write."""

from __future__ import annotations

import random

from toolkit.config.roster import Person, Roster, Unit

FAMILY = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
          "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Thanh", "Công", "Tuấn", "Mạnh",
            "Ngọc", "Việt"]
MIDDLE_F = ["Thị", "Thị", "Thu", "Hồng", "Ngọc", "Thanh", "Minh", "Phương", "Thuỳ", "Kim",
            "Mai", "Bích"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hiếu", "Hoà", "Hùng", "Huy",
           "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Toàn",
           "Trung", "Tuấn", "Vinh", "Đông", "Lâm", "Kiên", "Tùng"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Liên",
           "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
           "Thuỷ", "Trang", "Vân", "Yến", "Huyền", "Ly", "Uyên"]

UNITS = [
    ("VP", "Văn phòng", "vanphong"),
    ("QLDN", "Phòng Quản lý doanh nghiệp", "qldn"),
    ("QHXD", "Phòng Quy hoạch và Xây dựng", "qhxd"),
    ("QLMT", "Phòng Quản lý Môi trường", "qlmt"),
    ("QLLD", "Phòng Quản lý Lao động", "qlld"),
    ("XTDT", "Phòng Xúc tiến đầu tư", "xtdt"),
    ("KHTH", "Phòng Kế hoạch – Tổng hợp", "khth"),
    ("TTDV", "Trung tâm Dịch vụ khu công nghiệp", "ttdv"),
]
DOMAIN = "bqlkcn.bacgiang.gov.vn"

# concrete actions by unit (with numbers and time words), and personal ones for anyone
UNIT_ACTIONS = {
    "VP": ["Xử lý 100% văn bản đến trong ngày làm việc; báo cáo văn bản trễ hằng tháng",
           "Số hoá 2.000 hồ sơ lưu trữ trước ngày 30/9",
           "Tổ chức 12 buổi sinh hoạt chuyên đề đúng kế hoạch, có biên bản hằng tháng"],
    "QLDN": ["Giải quyết 100% hồ sơ doanh nghiệp được giao đúng hạn; báo cáo số hồ sơ trễ hằng "
             "tháng", "Kiểm tra tình hình hoạt động của 15 doanh nghiệp trong năm",
             "Hướng dẫn 20 doanh nghiệp mới nộp báo cáo trực tuyến trước quý III"],
    "QHXD": ["Thẩm định 100% hồ sơ quy hoạch chi tiết trong 15 ngày làm việc",
             "Kiểm tra 10 công trình xây dựng trong khu công nghiệp mỗi quý",
             "Cập nhật bản đồ quy hoạch số hoá 4 khu công nghiệp trước 31/10"],
    "QLMT": ["Kiểm tra việc xử lý nước thải của 12 doanh nghiệp trong năm",
             "Xử lý 100% phản ánh về môi trường trong 5 ngày làm việc",
             "Tổ chức 2 đợt ra quân vệ sinh môi trường khu công nghiệp vào quý II và quý IV"],
    "QLLD": ["Giải quyết 100% hồ sơ cấp giấy phép lao động đúng hạn",
             "Đối thoại với công nhân tại 6 doanh nghiệp trong năm",
             "Kiểm tra an toàn lao động tại 8 doanh nghiệp mỗi 6 tháng"],
    "XTDT": ["Tiếp và làm việc với 30 đoàn nhà đầu tư trong năm",
             "Hoàn thành 4 ấn phẩm xúc tiến đầu tư song ngữ trước 30/6",
             "Trả lời 100% thư hỏi của nhà đầu tư trong 3 ngày làm việc"],
    "KHTH": ["Hoàn thành 4 báo cáo quý đúng hạn, không phải chỉnh sửa quá 1 lần",
             "Tổng hợp số liệu thu hút đầu tư hằng tháng trước ngày 5",
             "Rà soát 100% chỉ tiêu kế hoạch năm vào tháng 6 và tháng 11"],
    "TTDV": ["Giải quyết 100% yêu cầu dịch vụ của doanh nghiệp trong 2 ngày làm việc",
             "Tiết kiệm 10% chi phí điện, nước của trung tâm so với năm trước",
             "Tổ chức 3 hội nghị đối thoại với doanh nghiệp trong năm"],
}
PERSONAL_ACTIONS = [
    "Đọc 1 cuốn sách về Bác mỗi quý và chia sẻ tại buổi sinh hoạt chi bộ",
    "Đi làm đúng giờ, không vi phạm nội quy cơ quan trong cả năm",
    "Tiết kiệm văn phòng phẩm, in hai mặt 100% tài liệu nội bộ trong năm",
    "Tham gia 100% buổi sinh hoạt chuyên đề hằng tháng",
    "Viết 4 bài nhật ký làm theo lời Bác, mỗi quý 1 bài",
    "Tham gia hiến máu tình nguyện 1 lần trong năm",
    "Giúp đỡ 1 gia đình khó khăn ở khu dân cư vào dịp Tết",
    "Hoàn thành 1 khoá bồi dưỡng chuyên môn trực tuyến trước tháng 10",
]
# each named unit's people also pledge things of their own, worded their own way: the same
# personal pledge across units would be a copy (PLEDGE_COPIED_OTHER_UNIT). Units without a list
# (a province-sized generated agency) draw from PERSONAL_ACTIONS.
PERSONAL_BY_UNIT = {
    "VP": ["Sắp xếp lại 3 tủ hồ sơ lưu trữ của Văn phòng trước ngày 30/6",
           "Cập nhật danh bạ điện thoại, thư điện tử của cơ quan mỗi quý",
           "Kiểm tra việc tắt điện, khoá nước ở 8 phòng làm việc vào chiều thứ Sáu hằng tuần",
           "Đọc 1 cuốn sách về Bác mỗi quý và chia sẻ tại buổi sinh hoạt chi bộ"],
    "QLDN": ["Gọi điện hỏi thăm 10 doanh nghiệp mới về thủ tục sau cấp phép trong quý II",
             "Ghi sổ theo dõi ý kiến của doanh nghiệp, báo cáo trưởng phòng hằng tháng",
             "Tóm tắt 2 văn bản pháp luật mới về doanh nghiệp mỗi quý để cả phòng cùng đọc",
             "Kèm 2 đồng nghiệp mới dùng phần mềm quản lý hồ sơ trước tháng 5"],
    "QHXD": ["Kiểm tra 5 mốc giới quy hoạch tại khu công nghiệp trong năm",
             "Số hoá 200 bản vẽ quy hoạch cũ trước ngày 30/11",
             "Hướng dẫn 8 nhà thầu thủ tục cấp phép xây dựng trong 6 tháng đầu năm",
             "Soạn 2 bài giới thiệu quy hoạch khu công nghiệp cho trang thông tin của Ban trong "
             "năm"],
    "QLMT": ["Trồng 30 cây xanh dọc hàng rào khu công nghiệp trước ngày 19/5",
             "Lấy 12 mẫu nước thải để kiểm tra đột xuất trong năm",
             "Tuyên truyền phân loại rác tại 5 doanh nghiệp mỗi quý",
             "Thu gom 100% giấy vụn của phòng để tái chế, ghi sổ hằng tháng"],
    "QLLD": ["Tư vấn pháp luật lao động cho 20 công nhân tại khu nhà trọ mỗi quý",
             "Tổng hợp số liệu tai nạn lao động gửi lãnh đạo Ban trước ngày 10 hằng tháng",
             "Thăm hỏi 6 công nhân có hoàn cảnh khó khăn dịp Tết Nguyên đán",
             "Kiểm tra bữa ăn ca của 4 doanh nghiệp trong quý III"],
    "XTDT": ["Biên dịch 3 tài liệu giới thiệu khu công nghiệp sang tiếng Hàn trước tháng 9",
             "Cập nhật dữ liệu 50 dự án đầu tư trên phần mềm theo dõi hằng tháng",
             "Chụp và đăng 12 bộ ảnh hoạt động xúc tiến đầu tư trong năm",
             "Trả lời thư điện tử của nhà đầu tư trong 24 giờ, báo cáo số thư hằng tuần"],
    "KHTH": ["Lập bảng theo dõi 20 chỉ tiêu kế hoạch năm, cập nhật hằng tháng",
             "Rà soát số liệu thống kê của 6 phòng trước ngày 25 tháng cuối mỗi quý",
             "Soạn 4 bản tin tổng hợp tình hình khu công nghiệp, mỗi quý 1 bản",
             "Hướng dẫn 2 đồng nghiệp dùng phần mềm thống kê trong quý I"],
    "TTDV": ["Bảo dưỡng 100% máy bơm nước thải của trung tâm mỗi quý",
             "Vệ sinh 2 km đường nội bộ khu công nghiệp vào sáng thứ Bảy cuối tháng",
             "Kiểm kê 100% tài sản của trung tâm trước ngày 15/12",
             "Sửa chữa 100% hư hỏng đèn chiếu sáng được báo trong 3 ngày làm việc"],
}
# what two people of one unit and one of another all pledge: one text across units
COPIED_ACROSS = "Đọc 2 cuốn sách về tấm gương đạo đức Hồ Chí Minh trong quý II"
PERSONAL_NOTES = [
    "phần việc được phân công", "gắn với nhiệm vụ chuyên môn", "báo cáo kết quả hằng quý",
    "có sổ theo dõi", "trưởng phòng xác nhận", "báo cáo tại sinh hoạt chi bộ",
    "kèm minh chứng", "theo kế hoạch của phòng",
]
GOALS = [
    "Đạt 100% chỉ tiêu, có báo cáo kiểm chứng hằng quý",
    "Có sổ theo dõi, được trưởng phòng xác nhận cuối mỗi quý",
    "Không để xảy ra trễ hạn; báo cáo kết quả tại sinh hoạt chi bộ",
    "Kết quả được ghi nhận trong đánh giá công chức cuối năm",
]
# vague ("hình thức") pledges the demo plants: each lacks some of the "5 rõ"
VAGUE = [
    "Nâng cao tinh thần trách nhiệm trong công việc",
    "Giữ gìn đạo đức, lối sống",
    "Thực hiện tốt chuẩn mực đạo đức",
]
# the slogan three people of one unit copy (PLEDGE_COPIED; it promises every task, no result)
COPIED = "Hoàn thành 100% nhiệm vụ được giao trong năm"
EMULATION = [
    ("Thi đua \"Cải cách hành chính, phục vụ doanh nghiệp\": giải quyết 100% hồ sơ đúng hạn",
     "Không có hồ sơ trễ hạn; doanh nghiệp hài lòng trên 95%"),
    ("Thi đua \"Văn phòng xanh – tiết kiệm\"", "Giảm 10% điện, nước, văn phòng phẩm"),
    ("Thi đua \"Nêu gương người đứng đầu\"", "100% lãnh đạo phòng đăng ký và hoàn thành việc làm "
                                           "theo"),
    ("Thi đua \"Chuyển đổi số trong quản lý khu công nghiệp\"", "Số hoá 100% hồ sơ mới"),
]
POSITIONS = ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên",
             "Chuyên viên", "Chuyên viên", "Cán sự", "Nhân viên"]


def make_name(rng: random.Random, used: set[str]) -> str:
    """A Vietnamese full name, distinct from ``used`` while that is easy (a province-sized
    roster has namesakes, as real ones do)."""
    name = ""
    for _ in range(50):
        female = rng.random() < 0.5
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)])
        if name not in used:
            break
    used.add(name)
    return name


def build_roster(rng: random.Random, n_units: int = 8, min_people: int = 7,
                 max_people: int = 11) -> Roster:
    roster = Roster()
    used: set[str] = set()
    seq = 0
    for i in range(n_units):
        if i < len(UNITS):
            code, name, mailbox = UNITS[i]
        else:
            code, name, mailbox = f"DV{i + 1:04d}", f"Đơn vị số {i + 1}", f"dv{i + 1:04d}"
        head = ""
        size = rng.randint(min_people, max_people)
        for j in range(size):
            seq += 1
            pid = f"CB{seq:03d}" if n_units <= 100 else f"CB{seq:06d}"
            pname = make_name(rng, used)
            position = POSITIONS[min(j, len(POSITIONS) - 1)]
            if code == "TTDV":
                position = position.replace("Trưởng phòng", "Giám đốc").replace(
                    "Phó Giám đốc", "Phó Giám đốc")
            if j == 0:
                head = pname
            age_young = rng.random() < 0.35
            party = j < 2 or rng.random() < 0.55
            roster.people[pid] = Person(
                person_id=pid, name=pname, unit=code, position=position, party_member=party,
                key_leader=j == 0, youth_member=age_young and j > 1,
                civil_servant=code != "TTDV", party_group=f"Tổ đảng {i // 3 + 1}" if party else "",
                email=f"{pid.lower()}@{DOMAIN}")
        roster.units[code] = Unit(code, name, f"{mailbox}@{DOMAIN}", head)
    return roster
