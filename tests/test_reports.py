"""The demo's year-end outputs: the rating workbook (party members and staff rated apart, two
rounds of decisions), the 6-month and year reports, the golden book and the Q4 list — their
figures against the store and against each other (one figure, one definition), their party-document
layout, and their PDFs as LibreOffice prints them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.lo_producers import YEAREND_FILES, YEAREND_UNIT
from tests.yearend_helpers import sheet_rows
from toolkit.app.ingest import ingest
from toolkit.config.workspace import Workspace
from toolkit.forms.year_review import LEVEL_LABELS
from toolkit.rules.decisions import current_decisions, decision_history

RATING = "out/xep-loai/xep-loai-2024.xlsx"
H1 = "out/bao-cao/bao-cao-so-ket-2024-H1.xlsx"
YEAR = "out/bao-cao/bao-cao-tong-ket-2024.xlsx"
GOLDEN = "out/bao-cao/so-vang-2024.xlsx"
CANDIDATES = "out/bao-cao/de-nghi-bieu-duong-quy-IV-2024.xlsx"
Q2 = "out/bang-theo-doi/bang-theo-doi-2024-Q2.xlsx"
Q4 = "out/bang-theo-doi/bang-theo-doi-2024-Q4.xlsx"
STAFF = "CB, CC, VC, người lao động"


def _text(path: Path, sheet: str | None = None) -> str:
    wb = openpyxl.load_workbook(path)
    sheets = [wb[sheet]] if sheet else wb.worksheets
    return "\n".join(str(c.value) for ws in sheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def _count(store, form: str, table: str, keep) -> int:
    return sum(1 for q in (1, 2, 3, 4) for r in store.current_records(form, f"2024-Q{q}", table)
               if not r.get("_excluded") and not r.get("_empty") and keep(r))


def test_demo_ends_with_one_rating_workbook_and_both_reports(demo_ws):
    for rel in (RATING, H1, YEAR, GOLDEN, CANDIDATES, "out/bao-cao/so-vang-2024-H1.xlsx"):
        assert (demo_ws.root / rel).is_file(), rel
    assert sorted(p.name for p in (demo_ws.root / "out" / "xep-loai").iterdir()) == [
        "xep-loai-2024.xlsx"]


def test_demo_rates_party_members_and_staff_apart(demo_ws):
    roster = demo_ws.roster()
    members = {pid for pid, p in roster.people.items() if p.party_member}
    party = sheet_rows(demo_ws.root / RATING, "Đảng viên", "Mã cán bộ")
    staff = sheet_rows(demo_ws.root / RATING, STAFF, "Mã cán bộ")
    assert set(party) == members and set(staff) == set(roster.people)
    assert len(members) < len(roster.people)
    cover = _text(demo_ws.root / RATING, "Tổng hợp")
    assert "Quy định số 124-QĐ/TW" in cover and "48/2023/NĐ-CP" in cover
    # the quota counts party members only: its table names the party members' groups
    assert "Đề xuất: toàn chi bộ" in cover
    assert "Cán bộ, công chức, viên chức, người lao động (NĐ 90/2020" in cover


def test_demo_decisions_over_two_rounds(demo_ws):
    store = demo_ws.store()
    try:
        decisions = current_decisions(store, 2024)
        flags = {i.code for s in store.submissions("rating", "2024", current_only=False)
                 for i in store.issues(submission_id=s["id"])}
        roster = demo_ws.roster()
        members = [pid for pid, p in roster.people.items() if p.party_member]
        histories = {pid: decision_history(store, 2024, "person", pid) for pid in members}
    finally:
        store.close()
    party = {k[1] for k in decisions if k[0] == "person"}
    assert 0 < len(party) < len(members)                      # partial, after both rounds
    assert {k[1] for k in decisions if k[0] == "unit"} == set(roster.units)
    assert any(k[0] == "staff" for k in decisions)
    changed = [h for h in histories.values() if len(h) == 2 and h[1].level != "withdrawn"]
    withdrawn = [pid for pid, h in histories.items() if h and h[-1].level == "withdrawn"]
    assert changed and withdrawn and all(pid not in party for pid in withdrawn)
    assert {"DECISION_ABOVE_CAP", "DECISION_DATE_BEFORE_PROPOSAL"} <= flags
    rows = sheet_rows(demo_ws.root / RATING, "Đảng viên", "Mã cán bộ")
    decided = {pid for pid, r in rows.items() if r["Quyết định của Chi ủy"]}
    assert decided == party                                    # pre-filled from the store
    assert all(r["Quyết định của Chi ủy"] in LEVEL_LABELS for pid, r in rows.items()
               if pid in decided)


def test_the_rating_sheets_explain_every_proposal(demo_ws):
    for sheet in ("Đảng viên", STAFF):
        rows = sheet_rows(demo_ws.root / RATING, sheet, "Mã cán bộ")
        for r in rows.values():
            assert r["Lý do đề xuất"].startswith("– ") and "Điểm" in r["Lý do đề xuất"]
            assert r["Đề xuất"] in (*LEVEL_LABELS, "Chưa đủ dữ liệu")
        lacking = [r for r in rows.values() if r["Đề xuất"] == "Chưa đủ dữ liệu"]
        assert lacking and all("không phải kết quả kém" in r["Lý do đề xuất"] for r in lacking)
    rows = sheet_rows(demo_ws.root / RATING, "Đảng viên", "Mã cán bộ")
    over = [r for r in rows.values() if "VƯỢT" in (r["Tỉ lệ xuất sắc"] or "")]
    assert over and all(r["Đề xuất"] == LEVEL_LABELS[0] for r in over)   # flagged, not demoted


def test_the_unit_without_a_pledge_is_named_as_an_error(demo_ws):
    from toolkit.outputs.status import compute_status, render_table
    roster = demo_ws.roster()
    store = demo_ws.store()
    try:
        sent = {s["unit"] for s in store.submissions("pledge", "2024")}
        quarterly = store.submissions("quarterly", "2024-Q4")
        issues = [i for s in quarterly for i in store.issues(submission_id=s["id"])]
    finally:
        store.close()
    lacking = [u for u in roster.units if u not in sent]
    assert len(lacking) == 1
    name = roster.units[lacking[0]].name
    status = compute_status(demo_ws, "quarterly", "2024-Q4")
    assert [u["unit"] for u in status.no_pledge] == lacking and status.has_problems
    assert f"LỖI: {name}" in render_table(status)
    found = next(i for i in issues if i.code == "PLEDGE_NOT_FOUND")
    assert found.unit == lacking[0] and found.is_error                  # red in the feedback
    overview = _text(demo_ws.root / Q4, "Tổng quan")
    assert f"LỖI: {name} chưa gửi bản đăng ký việc làm theo" in overview


def test_honours_follow_ratings_and_discipline(demo_ws):
    from toolkit.app.yearend import compute_ratings
    ratings = compute_ratings(demo_ws)
    roster = demo_ws.roster()
    store = demo_ws.store()
    try:
        reviews = [r for r in store.current_records("year-review", "2024", "people")
                   if r.get("discipline") not in (None, "Không")]
    finally:
        store.close()
    assert len(reviews) == 1
    culprit = roster.people[reviews[0]["person_id"]].name
    cands = _text(demo_ws.root / CANDIDATES)
    listed = cands.split("III. ĐỦ ĐIỂM NHƯNG CHƯA ĐỀ NGHỊ")
    # nobody rated below "hoàn thành tốt", disciplined or short of a quarter is proposed
    final = {**dict(zip(ratings.staff["person_id"], ratings.staff["final"])),
             **dict(zip(ratings.party["person_id"], ratings.party["final"]))}
    low = {roster.people[p].name for p, lv in final.items() if lv not in ("excellent", "good")}
    proposed = {r[1] for r in openpyxl.load_workbook(demo_ws.root / CANDIDATES).active
                .iter_rows(values_only=True) if isinstance(r[0], int) and r[5] and
                not str(r[5]).startswith("Chưa đề nghị")}
    assert proposed and not proposed & low and culprit not in proposed
    # nor in the fourth quarter's proposals on the dashboard (listed apart when they score)
    q4 = _text(demo_ws.root / Q4, "Biểu dương, nhắc nhở")
    first_section = q4.split("I. ĐỀ XUẤT BIỂU DƯƠNG TRONG QUÝ")[1].split("II. CẦN NHẮC NHỞ")[0]
    assert culprit not in first_section.split("ĐỦ ĐIỂM NHƯNG CHƯA ĐỀ XUẤT")[0]
    assert len(listed) == 2 and "chưa đủ dữ liệu" in listed[1]
    from toolkit.scoring.report_data import collect, parse_report_period
    rd = collect(demo_ws, parse_report_period(demo_ws, "2024"), ratings=ratings)
    assert rd.golden.included and not {e.name for e in rd.golden.included} & (low | {culprit})
    text = _text(demo_ws.root / GOLDEN)
    assert rd.golden.apart and all(why and why in text for _, why in rd.golden.apart)


# ---------------------------------------------------------------- one figure, one definition

FIGURES = {
    "people": "Số người được tính", "party": "Số đảng viên",
    "completion": "Việc làm theo đã hoàn thành", "no_data": "Chưa đủ dữ liệu để xếp loại",
    "q2": "Đề xuất biểu dương quý II/2024", "q4": "Đề xuất biểu dương quý IV/2024",
    "golden": "Việc làm ghi vào Sổ vàng", "commendations": "Đề nghị biểu dương điển hình tiên "
                                                          "tiến năm",
    "decisions.party": "Chi ủy đã quyết định (đảng viên)",
    "decisions.staff": "Lãnh đạo cơ quan đã quyết định (cán bộ, công chức, viên chức, người lao "
                       "động)",
}


def read_figures(path: Path, sheet: str | None = None) -> dict[str, str]:
    """Key figure label -> the value shown beside it, from a table row (label, value, …) or a
    sentence "label: value …" of any visible sheet."""
    wb = openpyxl.load_workbook(path)
    labels = {v: k for k, v in FIGURES.items()}
    out: dict[str, str] = {}
    for ws in ([wb[sheet]] if sheet else wb.worksheets):
        for row in ws.iter_rows(values_only=True):
            values = [v for v in row if v not in (None, "")]
            if len(values) >= 2 and values[0] in labels:
                out.setdefault(labels[values[0]], str(values[1]))
            elif values and isinstance(values[0], str):
                for label, key in labels.items():
                    m = re.match(re.escape(label) + r": (\S+)", values[0])
                    if m:
                        out.setdefault(key, m.group(1))
    return out


def test_key_figures_are_equal_in_every_output(demo_ws):
    root = demo_ws.root
    found = {
        "dashboard Q2": read_figures(root / Q2, "Tổng quan"),
        "dashboard Q4": read_figures(root / Q4, "Tổng quan"),
        "rating": read_figures(root / RATING, "Tổng hợp"),
        "H1 report": read_figures(root / H1),
        "year report": read_figures(root / YEAR),
        "golden book": read_figures(root / GOLDEN),
        "commendation list": read_figures(root / CANDIDATES),
    }
    # each output shows the figures it should (a test that compares nothing proves nothing)
    assert {"people", "party", "completion", "q4"} <= set(found["dashboard Q4"])
    assert {"people", "party", "completion", "no_data", "decisions.party",
            "decisions.staff"} <= set(found["rating"])
    assert {"people", "party", "completion", "golden", "commendations", "no_data",
            "decisions.party", "decisions.staff", "q4"} <= set(found["year report"])
    assert {"people", "completion", "q2", "golden"} <= set(found["H1 report"])
    assert set(found["golden book"]) == {"golden"}
    assert set(found["commendation list"]) == {"commendations"}
    # the year's figures are equal wherever they appear (the H1 ones among the H1 outputs)
    year_outputs = ("dashboard Q4", "rating", "year report", "golden book", "commendation list")
    for key in FIGURES:
        outputs = ("dashboard Q2", "H1 report") if key == "q2" else year_outputs
        shown = {name: found[name][key] for name in outputs if key in found[name]}
        assert len(set(shown.values())) == 1, (key, shown)
    h1 = {name: found[name]["completion"] for name in ("dashboard Q2", "H1 report")}
    assert len(set(h1.values())) == 1, h1
    assert found["H1 report"]["people"] == found["year report"]["people"]
    # and they are what the store holds
    roster = demo_ws.roster()
    assert found["year report"]["people"] == str(len(roster.people))
    from toolkit.app.yearend import compute_ratings
    from toolkit.scoring.report_data import collect, parse_report_period
    ratings = compute_ratings(demo_ws)
    rd = collect(demo_ws, parse_report_period(demo_ws, "2024"), ratings=ratings)
    assert found["year report"]["completion"] == rd.figures["completion"].text()
    assert rd.figures["completion"].value == int(ratings.staff["actions_done"].sum())
    assert found["golden book"]["golden"] == str(len(rd.golden.included))
    assert found["commendation list"]["commendations"] == str(
        len(rd.commendations.people) + len(rd.commendations.units))
    decided = ratings.decision_summary("party")["decided"]
    assert found["rating"]["decisions.party"].startswith(f"{decided}/{len(ratings.party)} ")


def test_reports_are_party_documents(demo_ws):
    cfg = demo_ws.config
    h1, year = _text(demo_ws.root / H1), _text(demo_ws.root / YEAR)
    for text in (h1, year):
        for part in ("ĐẢNG CỘNG SẢN VIỆT NAM", cfg.superior.upper(), cfg.issuing_body.upper(),
                     "BÁO CÁO", "Nơi nhận:", *cfg.recipients[:1], *cfg.signer_titles,
                     cfg.signer_name, "I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ, NGUYÊN NHÂN",
                     "III. PHƯƠNG HƯỚNG, NHIỆM VỤ", "SỐ LIỆU CHÍNH VÀ CÁCH TÍNH"):
            assert part in text, part
    # dated after the newest data each holds (the second quarter's round; the second decisions)
    assert "Số 15-BC/CB" in h1 and "Bắc Giang, ngày 26 tháng 7 năm 2024" in h1
    assert "Số 03-BC/CB" in year and "Bắc Giang, ngày 12 tháng 02 năm 2025" in year
    assert "Sơ kết 6 tháng đầu năm 2024" in h1 and "Tổng kết năm" in year
    assert "Kết quả đánh giá, xếp loại cuối năm" in year
    assert "Kết quả đánh giá, xếp loại cuối năm" not in h1
    assert "Chưa gửi bản đăng ký việc làm theo" in year
    wb = openpyxl.load_workbook(demo_ws.root / YEAR)
    ws = wb["Báo cáo"]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}


def test_report_figures_match_the_store(demo_ws):
    from toolkit.app.yearend import compute_ratings
    from toolkit.scoring.report_data import collect, parse_report_period
    ratings = compute_ratings(demo_ws)
    rd = collect(demo_ws, parse_report_period(demo_ws, "2024"), ratings=ratings)
    store = demo_ws.store()
    try:
        sessions = _count(store, "unit-report", "sessions",
                          lambda r: r.get("date") or r.get("topic"))
        propaganda = _count(store, "unit-report", "propaganda", lambda r: r.get("kind"))
        golden = _count(store, "diary", "entries", lambda r: r.get("golden_book") and r.get("deed"))
    finally:
        store.close()
    assert rd.sessions_total == sessions > 0
    assert sum(n for _, n, _ in rd.propaganda_by_kind) == propaganda > 0
    assert len(rd.golden.included) + len(rd.golden.apart) == golden > 0
    assert rd.people_total == len(demo_ws.roster().people)
    staff = ratings.staff.set_index("person_id")
    assert rd.registered == sum(1 for p in demo_ws.roster().people if staff.loc[p, "has_pledge"])
    text = _text(demo_ws.root / YEAR)
    assert f"{rd.sessions_total} buổi học tập chuyên đề" in text
    assert f"{rd.golden.included_count} việc làm được đề cử" in text
    finals = ratings.party["final"].value_counts().to_dict()
    wb = openpyxl.load_workbook(demo_ws.root / YEAR)
    row = next(r for r in wb["Báo cáo"].iter_rows(values_only=True) if r[0] == LEVEL_LABELS[0])
    assert finals.get("excellent", 0) in row
    cands = openpyxl.load_workbook(demo_ws.root / CANDIDATES)["Đề nghị biểu dương"]
    scores = [float(r[4].replace(",", ".")) for r in cands.iter_rows(values_only=True)
              if isinstance(r[0], (int, float)) and isinstance(r[4], str)]
    assert scores and min(scores) >= demo_ws.config.scoring["commend_min_score"]


def _pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                         text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)",
                                                         out)]


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.libreoffice
@pytest.mark.parametrize("rel, words, max_pages", [
    (RATING, ("BẢNG TỔNG HỢP ĐÁNH GIÁ, XẾP LOẠI NĂM 2024", "PHỤ LỤC 1. ĐỀ XUẤT XẾP LOẠI ĐẢNG VIÊN",
              "Hoàn thành tốt nhiệm vụ", "T/M CHI BỘ"), 45),
    (H1, ("BÁO CÁO", "Sơ kết 6 tháng đầu năm 2024", "Học tập chuyên đề"), 9),
    (YEAR, ("BÁO CÁO", "Kết quả đánh giá, xếp loại cuối năm", "Nơi nhận:"), 12),
    (GOLDEN, ("SỔ VÀNG LÀM THEO LỜI BÁC",), 6),
    (CANDIDATES, ("DANH SÁCH ĐỀ NGHỊ BIỂU DƯƠNG ĐIỂN HÌNH TIÊN TIẾN",), 6),
])
def test_year_end_outputs_print_as_a4_vietnamese_documents(lo_batch, rel, words, max_pages):
    pdf = lo_batch.pdfs[rel]
    pages = _pdf_pages(pdf)
    assert 1 <= len(pages) <= max_pages
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in pages)
    text = _pdf_text(pdf)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    for word in words:
        assert word in text, word
    for bad in ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "Err:5", "###", "Káº"):
        assert bad not in text
    assert not re.search(r"\b20\d\d-(?:Q[1-4]|H[12])\b", text)       # no ISO periods


@pytest.mark.libreoffice
def test_year_end_workbooks_saved_by_libreoffice_are_read_back(lo_batch, demo_ws, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(demo_ws.root, root, ignore=shutil.ignore_patterns("out", "inbox"))
    (root / "inbox").mkdir()
    ws = Workspace.open(root)
    review, rating = (tmp_path / n for n in YEAREND_FILES)
    for name, path in zip(YEAREND_FILES, (review, rating)):
        shutil.copy(lo_batch.roundtrip[name], path)
    stamp = 1734000000  # 12/12/2024, before the self-review deadline
    os.utime(review, (stamp, stamp))
    stamp = 1739260800  # 11/02/2025, after the last rating workbook (10/02/2025)
    os.utime(rating, (stamp, stamp))
    report = ingest(ws, [review])
    assert report.files[0].status == "stored" and report.files[0].issues == []
    store = ws.store()
    try:
        sub = next(s for s in store.submissions("year-review", "2024") if s["unit"] == YEAREND_UNIT)
        people = [r for r in store.records(sub["id"], "people") if r.get("person_id")]
    finally:
        store.close()
    assert len(people) == len(ws.roster().people_of(YEAREND_UNIT))
    assert all(r["self_rating"] in LEVEL_LABELS for r in people)
    report = ingest(ws, [rating])
    f = report.files[0]
    assert f.status == "stored" and not f.n_errors, [i.as_dict() for i in f.issues]
    store = ws.store()
    try:
        current = current_decisions(store, 2024)
    finally:
        store.close()
    rows = sheet_rows(rating, "Đảng viên", "Mã cán bộ")
    first = sorted(pid for pid, r in rows.items() if r["Đề xuất"] != "Chưa đủ dữ liệu")[0]
    assert current[("person", first)].level == "complete"
    assert current[("person", first)].decided_at == "2025-02-11"
