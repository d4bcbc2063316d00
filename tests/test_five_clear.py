"""Tests of the "5 rõ" check (toolkit.rules.five_clear). The texts of issue 17 are quoted as given
there; the other concrete texts are constructed test cases (not corpus data), each exercising
one rule. The corpus itself and its evaluation script are tested at the end."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.common.text import fold
from toolkit.rules import five_clear as fc
from toolkit.rules.five_clear import Verdict, assess, message_en, message_vi

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "docs" / "pledges" / "corpus.tsv"


# --------------------------------------------------------------------------- the issue's examples

ISSUE_VAGUE = [
    # text, missing "rõ" (exactly), reasons that must be present
    ("100% cơ quan, đơn vị hoàn thành tốt nhiệm vụ trở lên",
     ("viec", "ket_qua", "thoi_gian", "trach_nhiem"), {"rating_target", "collective"}),
    ("Thực hiện tốt 5 điều Bác Hồ dạy", ("viec", "ket_qua", "thoi_gian"), {"slogan"}),
    ("phấn đấu hoàn thành nhiệm vụ năm học 2017-2018", ("viec", "ket_qua"),
     {"striving", "slogan"}),
    ("tiếp tục thực hiện Chỉ thị 05-CT/TW", ("viec", "ket_qua", "thoi_gian"),
     {"document_reference"}),
    ("kết hợp thực hiện Quy định 101 và Quy định 47", ("viec", "ket_qua", "thoi_gian"),
     {"document_reference"}),
    ("phấn đấu hoàn thành xuất sắc nhiệm vụ chính trị được giao trong năm", ("viec", "ket_qua"),
     {"striving", "slogan"}),
    ("nâng cao trách nhiệm trước công việc, trước nhân dân", ("viec", "ket_qua", "thoi_gian"),
     {"striving"}),
    ("Tạo khí thế thi đua sôi nổi", ("viec", "ket_qua", "thoi_gian"), {"striving", "slogan"}),
]


@pytest.mark.parametrize("text,missing,reasons", ISSUE_VAGUE)
def test_issue_vague_examples(text: str, missing: tuple[str, ...], reasons: set[str]) -> None:
    v = assess(text)
    assert v.vague
    assert v.missing == missing
    assert reasons <= set(v.reasons), v.reasons


def test_issue_concrete_example() -> None:
    v = assess("Giải quyết 100% hồ sơ được giao đúng hạn, không để tồn đọng quá 3 ngày")
    assert v == Verdict(vague=False, missing=(), reasons=())


# --------------------------------------------------------------------------- one rule each

CONCRETE = [
    "Soạn 10 giáo án điện tử trong học kỳ I",
    "Dự giờ đồng nghiệp 2 tiết mỗi tháng",
    "Trồng và chăm sóc 50 cây xanh trước ngày 30/4/2024",
    "Kèm cặp 3 học sinh yếu môn Toán lớp 6A, mỗi tuần 2 buổi",
    "Lập sổ theo dõi văn bản đến và báo cáo lãnh đạo hằng tháng",      # product, no number
    "Không để hồ sơ trễ hạn, báo cáo hằng tháng",                    # criterion as result
    "Thẩm định 100% hồ sơ quy hoạch chi tiết trong 15 ngày làm việc",
    "Tiết kiệm 10% chi phí điện, nước của phòng so với năm trước",
    "Hướng dẫn 20 doanh nghiệp mới nộp báo cáo trực tuyến trước quý III",  # not a document
    "Tổ chức 4 buổi sinh hoạt về 5 điều Bác Hồ dạy cho lớp 3A trong học kỳ I",  # slogan as topic
    "Tham gia hiến máu tình nguyện 1 lần trong năm 2024",
    "Hoàn thành 1 khoá bồi dưỡng chuyên môn trực tuyến trước tháng 10",
]


@pytest.mark.parametrize("text", CONCRETE)
def test_concrete_texts_are_not_flagged(text: str) -> None:
    v = assess(text)
    assert not v.vague, (v.missing, v.reasons)
    assert v.missing == ()


def test_slogan_topic_is_reported_but_not_vague() -> None:
    v = assess("Tổ chức 4 buổi sinh hoạt về 5 điều Bác Hồ dạy cho lớp 3A trong học kỳ I")
    assert "slogan" in v.reasons and not v.vague


def test_rating_numbers_are_not_results() -> None:
    for text in ("100% cán bộ, công chức, viên chức hoàn thành tốt nhiệm vụ trở lên",
                 "75% tổ dân phố đạt tiên tiến",
                 "100% chi bộ hoàn thành tốt nhiệm vụ"):
        v = assess(text)
        assert v.vague and "rating_target" in v.reasons and "ket_qua" in v.missing, text


def test_percentage_of_work_is_a_result() -> None:
    v = assess("Trả lời 100% thư hỏi của nhà đầu tư trong 3 ngày làm việc")
    assert not v.vague and "rating_target" not in v.reasons


def test_document_numbers_are_not_results() -> None:
    v = assess("Quán triệt Nghị quyết 21-NQ/TW năm 2024")
    assert v.vague and "document_reference" in v.reasons and "ket_qua" in v.missing


def test_document_reference_with_a_real_product_is_not_vague() -> None:
    v = assess("Số hóa 100% văn bản đến theo Nghị định 30/2020/NĐ-CP trước ngày 30/6/2024")
    assert not v.vague and "document_reference" in v.reasons


def test_school_year_and_year_are_not_measures() -> None:
    assert "ket_qua" in assess("Hoàn thành nhiệm vụ năm học 2023-2024").missing
    assert "ket_qua" in assess("Thực hiện tốt chủ đề năm 2019 của thành phố").missing


def test_truoc_is_time_only_before_a_date() -> None:
    assert "thoi_gian" in assess("Tư vấn cho người bệnh trước nhân dân").missing
    assert "thoi_gian" not in assess("Nộp 3 sáng kiến trước ngày 15/3").missing
    assert "thoi_gian" not in assess("Nộp 3 sáng kiến trước 15/3").missing


@pytest.mark.parametrize("text", ["báo cáo số liệu hằng tháng", "rà soát 12 hồ sơ mỗi quý",
                                  "tiếp công dân sáng thứ năm hằng tuần", "hoàn thành trong quý II",
                                  "định kỳ báo cáo", "xong trong vòng 3 ngày",
                                  "kiểm tra 8 doanh nghiệp mỗi 6 tháng"])
def test_time_expressions(text: str) -> None:
    assert "thoi_gian" not in assess(text).missing


def test_deadline_column_gives_time() -> None:
    text = "Hướng dẫn 20 doanh nghiệp nộp báo cáo trực tuyến"
    assert assess(text).missing == ("thoi_gian",)
    assert not assess(text, deadline="30/9/2024").vague
    assert not assess(text, deadline="2024-09-30").vague
    assert assess(text, deadline="  ").missing == ("thoi_gian",)


def test_goal_column_can_give_the_result() -> None:
    assert "ket_qua" in assess("Hướng dẫn doanh nghiệp làm thủ tục trực tuyến").missing
    v = assess("Hướng dẫn doanh nghiệp làm thủ tục trực tuyến", goal="20 doanh nghiệp",
               deadline="30/9/2024")
    assert not v.vague


def test_abstract_verbs_are_no_action() -> None:
    for text in ("Nâng cao tinh thần trách nhiệm trong công việc", "Giữ gìn đạo đức, lối sống",
                 "Đẩy mạnh công tác tuyên truyền", "Tăng cường kỷ luật, kỷ cương hành chính"):
        v = assess(text)
        assert "viec" in v.missing and "no_action" in v.reasons, text


def test_ambiguous_folded_words_are_not_verbs() -> None:
    # "trong" (in) is not "trồng", "dạy" in "Bác Hồ dạy" is not teaching, "nhân dân" not "nhận"
    assert "viec" in assess("phấn đấu trong năm").missing
    assert "viec" in assess("Thực hiện tốt 5 điều Bác Hồ dạy").missing
    assert "viec" in assess("nâng cao trách nhiệm trước nhân dân").missing


def test_number_word_nam_is_not_five() -> None:
    v = assess("Thực hiện tốt chủ đề “Năm đột phá về cải cách hành chính”")
    assert v.vague and "ket_qua" in v.missing


def test_collective_subject_lacks_responsibility() -> None:
    v = assess("Mỗi đoàn viên có một việc làm thiết thực vì đối tượng chính sách")
    assert "trach_nhiem" in v.missing and "collective" in v.reasons


def test_taking_part_only_lacks_responsibility() -> None:
    v = assess("Tham gia đầy đủ các cuộc vận động của UBND tỉnh về công tác xã hội")
    assert "trach_nhiem" in v.missing


def test_standard_heading_only() -> None:
    names = ["Cần, kiệm, liêm, chính, chí công vô tư",
             "Đoàn kết, kỷ cương, tình thương, trách nhiệm"]
    v = assess("Thực hiện tốt đoàn kết, kỷ cương", standards=names)
    assert v.vague and "standard_heading" in v.reasons
    assert "standard_heading" not in assess("Dự giờ 2 tiết mỗi tháng", standards=names).reasons


def test_unicode_forms_fold_alike() -> None:
    import unicodedata
    text = "Giải quyết 100% hồ sơ được giao đúng hạn"
    nfd = unicodedata.normalize("NFD", text)
    assert assess(nfd) == assess(text)
    assert assess(text.upper()) == assess(text)
    assert fold("Nguyễn Thị Đào") == "nguyen thi dao"


def test_verdict_is_frozen_and_codes_are_known() -> None:
    v = assess("Tạo khí thế thi đua sôi nổi")
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.vague = False  # type: ignore[misc]
    assert set(v.missing) <= set(fc.CODES)
    assert set(v.reasons) <= set(fc.REASONS)
    assert list(v.missing) == [c for c in fc.CODES if c in v.missing]
    assert list(v.reasons) == [r for r in fc.REASONS if r in v.reasons]


def test_empty_text_is_vague() -> None:
    v = assess("")
    assert v.vague and v.missing == ("viec", "ket_qua", "thoi_gian")


# --------------------------------------------------------------------------- messages

def test_message_vi_names_missing_and_example() -> None:
    text = "nâng cao trách nhiệm trước công việc, trước nhân dân"
    msg = message_vi(assess(text), text)
    assert msg.startswith("Thiếu rõ việc, rõ kết quả (sản phẩm) và rõ thời gian.")
    assert "Ví dụ: \"" in msg and "phấn đấu" in msg


def test_message_vi_picks_an_example_of_the_field() -> None:
    text = "Thực hiện tốt 5 điều Bác Hồ dạy"
    assert "tiết" in message_vi(assess(text), text)          # a teaching example
    text = "Giải quyết hồ sơ cho nhân dân"
    assert "hồ sơ" in message_vi(assess(text), text)


def test_message_for_rating_and_document() -> None:
    msg = message_vi(assess("100% cơ quan, đơn vị hoàn thành tốt nhiệm vụ trở lên"))
    assert "rõ trách nhiệm" in msg and "xếp loại" in msg
    msg = message_vi(assess("tiếp tục thực hiện Chỉ thị 05-CT/TW"))
    assert "văn bản" in msg


def test_message_en() -> None:
    msg = message_en(assess("Tạo khí thế thi đua sôi nổi"))
    assert msg.startswith("Missing a clear action, a clear result (product) and a clear time.")
    assert message_en(assess("Dự giờ 2 tiết mỗi tháng")).startswith("The action is clear")
    assert message_vi(assess("Dự giờ 2 tiết mỗi tháng")).startswith("Việc làm theo đã rõ")


# --------------------------------------------------------------------------- product use

def test_task_share_is_not_a_result() -> None:
    """"Hoàn thành 100% nhiệm vụ được giao" (the demo's copied pledge) promises every task: a
    slogan, not a countable result; a real count beside it still makes the pledge concrete."""
    v = assess("Hoàn thành 100% nhiệm vụ được giao trong năm")
    assert v.vague and v.missing == ("viec", "ket_qua") and "slogan" in v.reasons
    assert not assess("Hoàn thành 100% nhiệm vụ được giao; giải quyết 20 hồ sơ trong quý II").vague


def test_without_explanation_the_verdict_is_the_same() -> None:
    """explain=False skips the reasons that decide nothing on concrete pledges only."""
    texts = [t for t, _, _ in ISSUE_VAGUE] + CONCRETE + [
        "Thực hiện tốt đoàn kết, kỷ cương", "Hoàn thành 100% nhiệm vụ được giao trong năm"]
    names = ["Đoàn kết, kỷ cương, tình thương, trách nhiệm"]
    for text in texts:
        for goal in ("", "Làm tốt hơn", "Đạt 100% chỉ tiêu, có báo cáo kiểm chứng hằng quý"):
            for deadline in (None, "30/9/2024"):
                full = assess(text, goal, deadline, standards=names)
                short = assess(text, goal, deadline, standards=names, explain=False)
                assert (short.vague, short.missing) == (full.vague, full.missing)
                if full.vague:
                    assert short == full
                else:
                    assert set(short.reasons) <= set(full.reasons)


def test_a_percent_of_people_anywhere() -> None:
    """The rating-target rule finds "N% <people>" wherever it stands, as the plain pattern did."""
    for text in ("Phấn đấu 100% đảng viên hoàn thành tốt nhiệm vụ",
                 "Trong năm, 90 % cán bộ đạt danh hiệu lao động tiên tiến",
                 "100 phần trăm cán bộ xếp loại hoàn thành tốt nhiệm vụ"):
        assert "rating_target" in assess(text).reasons, text
    assert "rating_target" not in assess("Giảm 10% tiền điện, 100% hồ sơ đúng hạn").reasons


def test_alternations_find_the_longest_word() -> None:
    """_alt() factorises word lists as a trie: the longest word that matches comes first, as in a
    plain alternation sorted longest first."""
    import re
    words = ["kem", "kem cap", "giup", "giup do", "nhan giup do", "tiep dan", "tiep cong dan"]
    trie = re.compile(rf"\b({fc._alt(words)})\b")
    plain = re.compile(r"\b(" + "|".join(sorted((w.replace(" ", r"\s+") for w in words),
                                                 key=len, reverse=True)) + r")\b")
    for text in ("kem cap 3 em", "kem  cap", "kem capx", "nhan giup do va giup do", "giup dox",
                 "tiep cong dan, tiep dan", "kemcap"):
        assert trie.findall(text) == plain.findall(text), text


def test_demo_pledges() -> None:
    """Every action the demo writes, with each of its goals, is concrete; its vague ones are not."""
    from toolkit.demo.data import (
        COPIED_ACROSS,
        GOALS,
        PERSONAL_ACTIONS,
        PERSONAL_BY_UNIT,
        PERSONAL_NOTES,
        UNIT_ACTIONS,
        VAGUE,
    )
    actions = [a for pool in (*UNIT_ACTIONS.values(), *PERSONAL_BY_UNIT.values()) for a in pool]
    actions += [*PERSONAL_ACTIONS, COPIED_ACROSS]
    for action in actions:
        for note in ("", *PERSONAL_NOTES):
            text = f"{action} ({note})" if note else action
            for goal in GOALS:
                v = assess(text, goal, "30/9/2024")
                assert not v.vague, (text, goal, v)
    for text in VAGUE:
        v = assess(text, "Tốt", "30/9/2024")
        assert v.vague and v.missing, text


# --------------------------------------------------------------------------- the corpus

def test_corpus_is_well_formed() -> None:
    rows = list(csv.DictReader(CORPUS.open(encoding="utf-8"), delimiter="\t"))
    assert rows
    codes = {"viec", "ket_qua", "thoi_gian", "nguoi", "trach_nhiem"}
    ids = set()
    for r in rows:
        assert r["id"] not in ids
        ids.add(r["id"])
        assert r["label"] in ("vague", "concrete")
        assert r["split"] in ("train", "heldout")
        assert r["source_url"].startswith("http")
        missing = [c for c in r["missing"].split(",") if c]
        assert set(missing) <= codes
        assert (r["label"] == "concrete") == (not missing), r["id"]
        assert r["text"] == " ".join(r["text"].split())


def test_corpus_split_is_the_fixed_hash_split() -> None:
    """Held out: within each label, the 30 % of ids first by SHA-256 (docs/pledges/provenance)."""
    import hashlib
    rows = list(csv.DictReader(CORPUS.open(encoding="utf-8"), delimiter="\t"))
    for label in ("vague", "concrete"):
        group = sorted((r for r in rows if r["label"] == label),
                       key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
        held = {r["id"] for r in group[: round(0.3 * len(group))]}
        assert held == {r["id"] for r in group if r["split"] == "heldout"}, label


def test_evaluation_script(tmp_path: Path) -> None:
    """The script prints recall and the share of concrete flagged per split and exits 2 while the
    held-out split has no concrete text; on a corpus that has both it says MET or NOT MET."""
    script = ROOT / "scripts" / "eval_five_clear.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "recall on vague" in done.stdout and "CANNOT BE MEASURED" in done.stdout
    rows = list(csv.DictReader(CORPUS.open(encoding="utf-8"), delimiter="\t"))
    extra = [
        {"id": "t1", "text": "Soạn 10 giáo án điện tử trong học kỳ I", "label": "concrete",
         "missing": "", "split": "heldout", "source_url": "https://example.org/test"},
        {"id": "t2", "text": "Tạo khí thế thi đua sôi nổi", "label": "concrete",
         "missing": "", "split": "heldout", "source_url": "https://example.org/test"},
    ]
    for rows_used, code, word in ((rows + extra[:1], 0, "MET"), (rows + extra, 1, "NOT MET")):
        path = tmp_path / f"c{code}.tsv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, list(rows[0]), delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows_used)
        done = subprocess.run([sys.executable, str(script), str(path)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == code, done.stdout
        assert done.stdout.rstrip().endswith(word)


def test_a_slogan_action_is_not_rescued_by_the_goal_column() -> None:
    """Three people of one demo unit pledge the slogan "Hoàn thành 100% nhiệm vụ được giao trong
    năm". Their goals differ; a goal with a verb of its own ("báo cáo kết quả…") once gave the
    row "rõ việc", so one of the three was flagged and two were not. The goal gives the result
    and the time; what will be done is the action's to say."""
    from toolkit.demo.data import COPIED, GOALS
    for goal in GOALS:
        v = assess(COPIED, goal, "30/10/2024")
        assert v.vague and "viec" in v.missing and "slogan" in v.reasons, (goal, v)
    # a plain action with its measure in the goal stays concrete
    assert not assess("Hướng dẫn doanh nghiệp làm thủ tục trực tuyến", goal="20 doanh nghiệp",
                      deadline="30/9/2024").vague

