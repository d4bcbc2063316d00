"""The seed plan's agency (ke-hoach-2024: the industrial-zones board of Bắc Giang, 2024).

The demo runs this agency and the released blank templates carry it; a new workspace never
takes these values unless asked to: ``lamtheobac init`` asks the user, takes options, or copies
last year's workspace (Bắc Giang was merged into Bắc Ninh from 1/7/2025; a 2025 header with
"Bắc Giang" in it would be wrong).
"""

from __future__ import annotations

SEED_YEAR = 2024

SEED_AGENCY: dict[str, object] = {
    "organisation.id": "BQL-KCN",
    "organisation.name": "Ban Quản lý các khu công nghiệp tỉnh Bắc Giang",
    "organisation.short_name": "Ban Quản lý các KCN",
    "organisation.superior": "ĐẢNG ỦY CÁC CƠ QUAN TỈNH",
    "organisation.issuing_body": "CHI BỘ BAN QUẢN LÝ CÁC KCN",
    "organisation.place": "Bắc Giang",
    "organisation.signer_name": "Nguyễn Văn Thành",
    "organisation.recipients": ["Đảng ủy các cơ quan tỉnh (b/c);", "Chi ủy Chi bộ;",
                                "Lãnh đạo Ban;", "Lưu: VT, VP."],
    "documents.party_cell": "Chi bộ Ban Quản lý các KCN",
    "documents.state_superior": "UBND TỈNH BẮC GIANG",
    "documents.state_issuing_body": "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
    "year.theme": "Xây dựng phong cách làm việc của cán bộ, đảng viên: Gương mẫu, dân chủ, kỷ "
                  "cương, nền nếp, chất lượng, hiệu quả. Nâng cao năng lực lãnh đạo, sức chiến "
                  "đấu của các cấp ủy đảng, tổ chức đảng.",
    "year.study_topic": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phong "
                        "cách quần chúng, dân chủ, nêu gương; nêu cao trách nhiệm gương mẫu của "
                        "cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt các cấp",
}
