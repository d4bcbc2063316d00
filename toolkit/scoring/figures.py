"""One figure, one definition: the key figures every output prints, each computed here only,
with the words that say what it counts and the date it counts to.

* **people** — people in the roster (``roster.xlsx``); party members among them.
* **completion** — registered actions (current pledges) that the quarterly reports of the
  period's last quarter report "Hoàn thành" on a row without errors, with evidence where the
  settings require it; actions of a unit that sent no report count as not done.
* **quarter commendations** — people proposed for commendation in a quarter: quarter score at
  least ``commend_min_score`` or commended by their unit in the report; nobody disciplined in
  the year (once the self-reviews say so).
* **year commendations** — the list for the Q4 conference of advanced examples: see
  :func:`toolkit.scoring.honours.year_commendations`.
* **golden book** — nominated diary entries whose authors may be honoured.
* **decisions** — current decisions of leadership, per population.

An output shows a figure with :meth:`Figure.text` and :meth:`Figure.note` beside it; a test reads
them back from every output and finds them equal.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.numbers import vn_int, vn_number

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.scoring.scores import QuarterScores

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

PEOPLE = "people"
PARTY_MEMBERS = "party_members"
COMPLETION = "completion"
QUARTER_COMMENDATIONS = "quarter_commendations"
COMMENDATIONS = "commendations"
GOLDEN_BOOK = "golden_book"
NO_DATA = "no_data"
DECISIONS = "decisions"


@dataclass(frozen=True)
class Figure:
    """A key figure: its value (of ``total`` when it is a share), what it counts and when."""

    key: str
    label: str
    value: int
    total: int | None
    definition: str
    as_of: dt.date

    @property
    def share(self) -> float:
        return 100.0 * self.value / self.total if self.total else math.nan

    def text(self) -> str:
        """"94/168 (56,0%)" or "75"."""
        if self.total is None:
            return vn_int(self.value)
        if not self.total:
            return f"{vn_int(self.value)}/0"
        return f"{vn_int(self.value)}/{vn_int(self.total)} ({vn_number(self.share)}%)"

    def note(self) -> str:
        return f"{self.definition}; tính đến ngày {self.as_of:%d/%m/%Y}"

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "total": self.total,
                "text": self.text(), "definition": self.definition,
                "as_of": self.as_of.isoformat(), "note": self.note()}


def people(n: int, as_of: dt.date) -> Figure:
    """``n``: the people of the roster (``len(roster.people)``)."""
    return Figure(PEOPLE, "Số người được tính", n, None,
                  "người trong danh sách cán bộ (roster.xlsx): cán bộ, đảng viên, công chức, viên "
                  "chức, người lao động", as_of)


def party_members(members: int, n: int, as_of: dt.date) -> Figure:
    """``members`` of the ``n`` people of the roster are party members."""
    return Figure(PARTY_MEMBERS, "Số đảng viên", members, n,
                  "người có đánh dấu đảng viên trong danh sách cán bộ", as_of)


def completion(q: QuarterScores | None, label: str, as_of: dt.date,
               evidence_required: bool = True) -> Figure:
    """Done / registered actions by the reports of one quarter (``q``; None: no data at all)."""
    done = int(q.people["actions_done"].sum()) if q is not None else 0
    total = int(q.people["actions_total"].sum()) if q is not None else 0
    evidence = ", có minh chứng" if evidence_required else ""
    return Figure(COMPLETION, "Việc làm theo đã hoàn thành", done, total,
                  f"việc đã đăng ký được báo cáo {label} ghi \"Hoàn thành\"{evidence}, dòng không "
                  "có lỗi; việc của đơn vị chưa gửi báo cáo tính là chưa hoàn thành", as_of)


def no_data(n: int, total: int, as_of: dt.date) -> Figure:
    return Figure(NO_DATA, "Chưa đủ dữ liệu để xếp loại", n, total,
                  "người mà đơn vị chưa gửi đủ bản đăng ký, báo cáo quý hoặc bản kiểm điểm: "
                  "không tự đề xuất mức", as_of)


def decisions(decided: int, total: int, who: str, what: str, as_of: dt.date,
              key: str = DECISIONS) -> Figure:
    return Figure(key, f"{who} đã quyết định ({what})", decided, total,
                  f"{what} có quyết định hiện hành của {who.lower()} đọc lại từ bảng xếp loại; "
                  "chưa quyết định thì theo đề xuất", as_of)


# ---------------------------------------------------------------- quarter commendations

@dataclass
class QuarterCandidates:
    """A quarter's commendation proposals, those left apart (with the reason) and reminders."""

    commend: pd.DataFrame
    apart: pd.DataFrame
    remind: pd.DataFrame
    figure: Figure


def quarter_definition(min_score: float) -> str:
    return (f"điểm quý từ {min_score:g} (dữ liệu đã kiểm tra) hoặc được đơn vị biểu dương trong "
            "báo cáo quý; không tính người bị kỷ luật trong năm")


def quarter_candidates(q: QuarterScores, label: str, as_of: dt.date,
                       disciplined: dict[str, str] | None = None) -> QuarterCandidates:
    """The quarter's commendation proposals (figure :data:`QUARTER_COMMENDATIONS`) and the
    people needing a reminder, each with a ``reason`` column."""
    r = q.rules
    df = q.people
    scored = df["score"].notna()
    commend_mask = (scored & (df["score"] >= r.commend_min_score)) | df["commended"]
    remind_mask = ((scored & (df["score"] <= r.remind_max_score)) | df["reminded"]
                   | df["criticised"] | (~df["has_pledge"].astype(bool)))
    disciplined = disciplined or {}
    blocked = df["person_id"].map(lambda p: p in disciplined).astype(bool)

    def reasons(row: Any, commend: bool) -> str:
        note = row.recognition_note if isinstance(row.recognition_note, str) else ""
        out = []
        score = row.score
        if commend:
            if not math.isnan(score) and score >= r.commend_min_score:
                out.append(f"điểm quý {vn_number(score)} ≥ {r.commend_min_score:g}")
            if row.commended:
                out.append("được đơn vị biểu dương" + (f": {note}" if note else ""))
            if row.actions_total and row.actions_done == row.actions_total:
                out.append("hoàn thành tất cả việc đã đăng ký")
        else:
            if not row.has_pledge:
                out.append("chưa đăng ký việc làm theo")
            if not math.isnan(score) and score <= r.remind_max_score:
                out.append(f"điểm quý {vn_number(score)} ≤ {r.remind_max_score:g}")
            if row.reminded or row.criticised:
                what = "bị phê bình" if row.criticised else "bị nhắc nhở"
                out.append(what + (f": {note}" if note else ""))
        return "; ".join(out)

    commend = df[commend_mask & ~blocked].copy()
    commend["reason"] = [reasons(x, True) for x in _reason_rows(commend)]
    commend = commend.sort_values("score", ascending=False, kind="stable")
    apart = df[commend_mask & blocked].copy()
    apart["reason"] = [f"bị kỷ luật \"{disciplined[p]}\" trong năm" for p in apart["person_id"]]
    remind = df[remind_mask & ~commend_mask].copy()
    remind["reason"] = [reasons(x, False) for x in _reason_rows(remind)]
    figure = Figure(QUARTER_COMMENDATIONS, f"Đề xuất biểu dương {label}", len(commend), None,
                    quarter_definition(r.commend_min_score), as_of)
    return QuarterCandidates(commend, apart, remind, figure)


_ReasonRow = namedtuple("_ReasonRow", ("recognition_note", "score", "commended", "actions_total",
                                       "actions_done", "has_pledge", "reminded", "criticised"))


def _reason_rows(frame: pd.DataFrame) -> Iterator[_ReasonRow]:
    """The columns the reasons are worded from, row by row (taken out of the frame a column at a
    time: tens of thousands of people in a province)."""
    return map(_ReasonRow._make, zip(*(frame[c].tolist() for c in _ReasonRow._fields)))


def quarter_label(year: int, q: int) -> str:
    return f"quý {ROMAN[q]}/{year}"
