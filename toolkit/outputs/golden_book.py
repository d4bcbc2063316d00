"""The "Sổ vàng làm theo lời Bác" (golden book) from the nominated diary entries, and the list
of candidates for the Q4 commendation conference of advanced examples (điển hình tiên tiến).

Candidates (settings in ``[scoring]`` and ``[rating]``): people whose mean score over the
quarters reported so far is at least ``commend_min_score``, with at least
``candidate_min_quarters`` quarters reported, no reminder or criticism and no discipline in the
year; units whose mean unit score reaches the same threshold. Ranked by score.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import atomic_output
from toolkit.outputs.doc_table import (
    Column,
    open_workbook,
    paragraph,
    set_widths,
    signature,
    vn_number,
    without_number,
    write_table,
)
from toolkit.outputs.document import _merge, doc_formats, setup_document_print, write_doc_header

if TYPE_CHECKING:
    from toolkit.common.periods import Period
    from toolkit.config.workspace import Config, Workspace

TABLE_SIZE = 12
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class GoldenEntry:
    name: str
    unit: str
    date: dt.date | None
    deed: str
    result: str
    reason: str
    quarter: int


def golden_entries(ws: Workspace, period: Period) -> list[GoldenEntry]:
    """The diary entries nominated for the golden book in the period, by date."""
    from toolkit.common.dates import parse_date
    roster = ws.roster()
    out = []
    store = ws.store()
    try:
        for q in period.quarters:
            for r in store.current_records("diary", f"{period.year}-Q{q}", "entries"):
                if r.get("_excluded") or r.get("_empty") or not r.get("golden_book") or \
                        not r.get("deed"):
                    continue
                person = roster.people.get(str(r.get("person_id") or ""))
                unit = roster.units.get(r.get("_unit", ""))
                out.append(GoldenEntry(person.name if person else str(r.get("name") or ""),
                                       unit.name if unit else str(r.get("_unit") or ""),
                                       parse_date(r.get("date")), str(r["deed"]),
                                       str(r.get("result") or ""), str(r.get("reason") or ""), q))
    finally:
        store.close()
    return sorted(out, key=lambda e: (e.date or dt.date.max, e.unit, e.name))


def write_golden_book(path: Path, config: Config, period: Period, entries: list[GoldenEntry],
                      on: dt.date) -> Path:
    cols = [Column("STT", 5, "center"), Column("Họ và tên", 20), Column("Đơn vị", 20),
            Column("Ngày", 11, "date"), Column("Việc làm theo lời Bác", 40),
            Column("Kết quả, ý nghĩa", 28), Column("Lý do đề cử", 26)]
    n = len(cols)
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, "Sổ vàng làm theo lời Bác", config)
        ws = wb.add_worksheet("Sổ vàng")
        fm = doc_formats(wb, TABLE_SIZE)
        set_widths(ws, [c.width for c in cols])
        row = write_doc_header(ws, fm, config, n, date=on, title="SỔ VÀNG LÀM THEO LỜI BÁC",
                               subtitle=f"{period.label()} – những việc làm tiêu biểu của đoàn "
                                        "viên thanh niên, được đề cử từ \"Nhật ký làm theo lời "
                                        "Bác\"")
        without_number(ws, fm, config, n)
        row = paragraph(ws, fm, row, n, f"Tổng số: {len(entries)} việc làm của "
                        f"{len({(e.name, e.unit) for e in entries})} đoàn viên.", 150, fm.italic)
        header = row
        rows = [[i, e.name, e.unit, e.date, e.deed, e.result, e.reason]
                for i, e in enumerate(entries, 1)]
        row = write_table(ws, fm, row, cols, rows, TABLE_SIZE)
        end = signature(ws, fm, config, row, left=(0, 2), right=(4, n - 1))
        setup_document_print(ws, config, landscape=True, repeat_row=header, last_row=end, ncols=n)
        wb.close()
    return Path(path)


# ---------------------------------------------------------------- commendation candidates

@dataclass(frozen=True)
class Candidate:
    name: str
    position: str
    unit: str
    score: float
    achievements: str
    kind: str                  # "person" or "unit"


def commendation_candidates(ws: Workspace, year: int) -> list[Candidate]:
    from toolkit.scoring.year_data import action_counts, load_year, unit_year_scores
    data = load_year(ws, year)
    cfg = ws.config
    threshold = float(cfg.scoring.get("commend_min_score", 90))
    min_quarters = int(cfg.rating.get("candidate_min_quarters", 3))
    ys = data.year_scores.set_index("person_id") if len(data.year_scores) else None
    golden: dict[str, int] = {}
    commended_q: dict[str, list[int]] = {}
    for q, qs in data.quarters.items():
        if qs is None:
            continue
        for _, r in qs.people.iterrows():
            golden[r["person_id"]] = golden.get(r["person_id"], 0) + int(r.get("golden_book") or 0)
            if bool(r.get("commended")):
                commended_q.setdefault(r["person_id"], []).append(q)
    people: list[Candidate] = []
    for pid, person in data.roster.people.items():
        if ys is None or pid not in ys.index:
            continue
        y = ys.loc[pid]
        score = float(y["year_score"]) if y["year_score"] == y["year_score"] else math.nan
        review = data.reviews.get(pid) or {}
        disciplined = review.get("discipline") not in (None, "", "Không")
        if (math.isnan(score) or score < threshold or int(y["quarters_reported"]) < min_quarters
                or int(y["reminded_count"]) or int(y["criticised_count"]) or disciplined):
            continue
        regs = data.registered.get(pid, [])
        _, done, _, exceeded = action_counts(data.review_actions.get(pid, []))
        if not data.review_actions.get(pid):
            done = int(y.get("actions_done") or 0)
        parts = [f"Điểm bình quân {vn_number(score)} ({int(y['quarters_reported'])} quý)",
                 f"hoàn thành {min(done, len(regs))}/{len(regs)} việc đã đăng ký"]
        if exceeded:
            parts.append(f"{exceeded} việc vượt mức")
        if commended_q.get(pid):
            parts.append("được biểu dương quý " + ", ".join(ROMAN[q] for q in
                                                              sorted(commended_q[pid])))
        if golden.get(pid):
            parts.append(f"{golden[pid]} việc được đề cử Sổ vàng")
        unit = data.roster.units[person.unit].name
        people.append(Candidate(person.name, person.position, unit, score, "; ".join(parts),
                                "person"))
    people.sort(key=lambda c: -c.score)
    scores, missing = unit_year_scores(data)
    units = [Candidate(data.roster.units[c].name, "", data.roster.units[c].name, s,
                       f"Điểm đơn vị bình quân {vn_number(s)}", "unit")
             for c, s in scores.items() if s >= threshold and not missing.get(c)]
    units.sort(key=lambda c: -c.score)
    return people + units


def write_candidates(path: Path, config: Config, year: int, candidates: list[Candidate],
                     on: dt.date, threshold: float) -> Path:
    cols = [Column("STT", 5, "center"), Column("Họ và tên / tập thể", 24), Column("Chức vụ", 16),
            Column("Đơn vị", 24), Column("Điểm", 7, "number"), Column("Thành tích", 58)]
    n = len(cols)
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, "Đề nghị biểu dương", config)
        ws = wb.add_worksheet("Đề nghị biểu dương")
        fm = doc_formats(wb, TABLE_SIZE)
        set_widths(ws, [c.width for c in cols])
        row = write_doc_header(ws, fm, config, n, date=on,
                               title="DANH SÁCH ĐỀ NGHỊ BIỂU DƯƠNG ĐIỂN HÌNH TIÊN TIẾN",
                               subtitle=f"trong học tập và làm theo tư tưởng, đạo đức, phong cách "
                                        f"Hồ Chí Minh – Hội nghị quý IV/{year}")
        without_number(ws, fm, config, n)
        row = paragraph(ws, fm, row, n, (
            f"Tiêu chí: điểm bình quân các quý từ {threshold:g} trở lên, không bị nhắc nhở, phê "
            "bình hay kỷ luật trong năm; tập thể: điểm đơn vị bình quân từ "
            f"{threshold:g} và gửi đủ báo cáo các quý. Chi ủy xem xét, quyết định."), 134,
            fm.italic)
        people = [c for c in candidates if c.kind == "person"]
        units = [c for c in candidates if c.kind == "unit"]
        header = row
        for title, group in ((f"I. CÁ NHÂN ({len(people)})", people),
                             (f"II. TẬP THỂ ({len(units)})", units)):
            _merge(ws, row, 0, n - 1, title, fm.text_bold)
            row += 1
            rows = [[i, c.name, c.position, c.unit, vn_number(c.score), c.achievements]
                    for i, c in enumerate(group, 1)]
            if row == header + 1:
                header = row
            row = write_table(ws, fm, row, cols, rows, TABLE_SIZE) + 1
        end = signature(ws, fm, config, row, left=(0, 2), right=(3, n - 1))
        setup_document_print(ws, config, landscape=True, repeat_row=None, last_row=end, ncols=n)
        wb.close()
    return Path(path)


def candidates_path(out: Path, year: int) -> Path:
    return out / "bao-cao" / f"de-nghi-bieu-duong-quy-IV-{year}.xlsx"


def golden_book_path(out: Path, period: Any) -> Path:
    return out / "bao-cao" / f"so-vang-{period}.xlsx"
