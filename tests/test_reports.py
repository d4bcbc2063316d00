"""The demo's year-end outputs: the decided rating sheet, the 6-month and year reports, the golden
book and the Q4 candidates — their figures against the store, their party-document layout, and
their PDFs as LibreOffice prints them."""

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
from toolkit.rules.decisions import current_decisions

RATING = "out/xep-loai/xep-loai-2024-de-xuat.xlsx"
FINAL = "out/xep-loai/xep-loai-2024-ket-qua.xlsx"
H1 = "out/bao-cao/bao-cao-so-ket-2024-H1.xlsx"
YEAR = "out/bao-cao/bao-cao-tong-ket-2024.xlsx"
GOLDEN = "out/bao-cao/so-vang-2024.xlsx"
CANDIDATES = "out/bao-cao/de-nghi-bieu-duong-quy-IV-2024.xlsx"


def _text(path: Path, sheet: str | None = None) -> str:
    wb = openpyxl.load_workbook(path)
    sheets = [wb[sheet]] if sheet else wb.worksheets
    return "\n".join(str(c.value) for ws in sheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def _count(store, form: str, table: str, keep) -> int:
    return sum(1 for q in (1, 2, 3, 4) for r in store.current_records(form, f"2024-Q{q}", table)
               if not r.get("_excluded") and not r.get("_empty") and keep(r))


def test_demo_ends_with_a_decided_rating_sheet_and_both_reports(demo_ws):
    for rel in (RATING, FINAL, H1, YEAR, GOLDEN, CANDIDATES, "out/bao-cao/so-vang-2024-H1.xlsx"):
        assert (demo_ws.root / rel).is_file(), rel


def test_demo_leadership_overrode_two_proposals_and_the_flags_show(demo_ws):
    store = demo_ws.store()
    try:
        decisions = current_decisions(store, 2024)
        flags = {r[0] for r in store.db.execute(
            "SELECT i.code FROM issues i JOIN submissions s ON s.id = i.submission_id "
            "WHERE s.form = 'rating'")}
    finally:
        store.close()
    roster = demo_ws.roster()
    people = {k[1] for k in decisions if k[0] == "person"}
    assert people == set(roster.people)
    assert {k[1] for k in decisions if k[0] == "unit"} == set(roster.units)
    assert "DECISION_ABOVE_CAP" in flags           # the disciplined member raised by leadership
    final = sheet_rows(demo_ws.root / FINAL, "Kết quả", "Họ và tên")
    changed = {n: r for n, r in final.items() if r["Đề xuất"] != r["Xếp loại (Chi ủy quyết định)"]}
    assert len(changed) == 2
    assert any("Cao hơn mức tối đa" in (r["Lưu ý"] or "") for r in changed.values())
    assert all(r["Xếp loại (Chi ủy quyết định)"] in LEVEL_LABELS for r in final.values())
    assert all("Nguyễn Văn Thành" in (r["Người quyết định, ngày"] or "") for r in final.values())


def test_the_rating_sheet_explains_every_proposal(demo_ws):
    rows = sheet_rows(demo_ws.root / RATING, "Cá nhân", "Mã cán bộ")
    assert len(rows) == len(demo_ws.roster().people)
    for r in rows.values():
        assert r["Lý do đề xuất"].startswith("– ") and "Điểm" in r["Lý do đề xuất"]
        assert r["Quyết định của Chi ủy"] in LEVEL_LABELS       # decisions pre-filled on re-run
    over = [r for r in rows.values() if "VƯỢT" in (r["Tỉ lệ xuất sắc"] or "")]
    assert over and all(r["Đề xuất"] == LEVEL_LABELS[0] for r in over)   # flagged, not demoted
    quota = _text(demo_ws.root / RATING, "Tỉ lệ")
    assert "KIỂM TRA TỈ LỆ" in quota and "20%" in quota


def test_reports_are_party_documents(demo_ws):
    cfg = demo_ws.config
    h1, year = _text(demo_ws.root / H1), _text(demo_ws.root / YEAR)
    for text in (h1, year):
        for part in ("ĐẢNG CỘNG SẢN VIỆT NAM", cfg.superior.upper(), cfg.issuing_body.upper(),
                     "BÁO CÁO", "Nơi nhận:", *cfg.recipients[:1], *cfg.signer_titles,
                     cfg.signer_name, "I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ, NGUYÊN NHÂN",
                     "III. PHƯƠNG HƯỚNG, NHIỆM VỤ"):
            assert part in text, part
    assert "Số 15-BC/CB" in h1 and "Bắc Giang, ngày 10 tháng 7 năm 2024" in h1
    assert "Số 03-BC/CB" in year and "Bắc Giang, ngày 10 tháng 01 năm 2025" in year
    assert "Sơ kết 6 tháng đầu năm 2024" in h1 and "Tổng kết năm" in year
    assert "Kết quả đánh giá, xếp loại cuối năm" in year
    assert "Kết quả đánh giá, xếp loại cuối năm" not in h1
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
    assert rd.golden_entries == golden > 0
    assert rd.people_total == len(demo_ws.roster().people)
    assert rd.registered == sum(1 for p in demo_ws.roster().people
                                if ratings.people.set_index("person_id").loc[p, "has_pledge"])
    text = _text(demo_ws.root / YEAR)
    assert f"{rd.sessions_total} buổi học tập chuyên đề" in text
    assert f"{rd.golden_entries} việc làm được đề cử" in text
    finals = ratings.people["final"].value_counts().to_dict()
    wb = openpyxl.load_workbook(demo_ws.root / YEAR)
    row = next(r for r in wb["Báo cáo"].iter_rows(values_only=True) if r[0] == LEVEL_LABELS[0])
    assert finals.get("excellent", 0) in row
    # the golden book lists exactly the nominated entries; candidates meet the threshold
    gb = openpyxl.load_workbook(demo_ws.root / GOLDEN)["Sổ vàng"]
    numbered = [r for r in gb.iter_rows(values_only=True) if isinstance(r[0], (int, float))]
    assert len(numbered) == golden
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
    (RATING, ("ĐỀ XUẤT XẾP LOẠI CÁ NHÂN NĂM 2024", "Hoàn thành tốt nhiệm vụ", "T/M CHI BỘ"), 40),
    (FINAL, ("KẾT QUẢ XẾP LOẠI CÁ NHÂN NĂM 2024", "Nơi nhận:"), 15),
    (H1, ("BÁO CÁO", "Sơ kết 6 tháng đầu năm 2024", "Học tập chuyên đề"), 8),
    (YEAR, ("BÁO CÁO", "Kết quả đánh giá, xếp loại cuối năm", "Nơi nhận:"), 10),
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
        os.utime(path, (stamp, stamp))
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
    first = sorted(ws.roster().people)[0]
    assert current[("person", first)].level == "complete"
    assert current[("person", first)].decided_at == "2024-12-31"
