"""Year-end rating, the core every population shares: the levels, a rule set's score bands, the
blockers that cap a level, the quota check and the decisions laid over the proposals.

Pure functions on pandas DataFrames; nothing here reads the store or writes files. Who is rated by
which rule lives beside this module: :mod:`toolkit.scoring.rating_settings` (the settings and the
rule set of the year), :mod:`toolkit.scoring.rating_party` (party members, party groups and the
cell) and :mod:`toolkit.scoring.rating_staff` (every employee, by the agency, and the share check).

Besides the four levels there is :data:`NO_DATA` ("chưa đủ dữ liệu"): a person whose unit never
sent what the rating needs gets no automatic level, only the reasons. It is not a level: the quota
and the level counts keep it apart, and leadership may still decide a level by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.forms.year_review import LEVEL_LABELS

if TYPE_CHECKING:
    import pandas as pd

EXCELLENT, GOOD, COMPLETE, NOT_COMPLETE = "excellent", "good", "complete", "not_complete"
NO_DATA = "no_data"
LEVELS = (EXCELLENT, GOOD, COMPLETE, NOT_COMPLETE)
RANK = {NOT_COMPLETE: 0, COMPLETE: 1, GOOD: 2, EXCELLENT: 3}
LABEL = {**dict(zip(LEVELS, LEVEL_LABELS)),      # the exact official spelling
         NO_DATA: "Chưa đủ dữ liệu"}
SHORT = {EXCELLENT: "HTXSNV", GOOD: "HTTNV", COMPLETE: "HTNV", NOT_COMPLETE: "KHTNV",
         NO_DATA: "chưa đủ dữ liệu"}

# blocker codes (shown with their reasons; the rating sheets list them in the "Vướng" column)
B_DISCIPLINE = "discipline"
B_NO_PLEDGE = "no_pledge"
B_MISSING_REPORTS = "missing_reports"
B_NO_REVIEW = "no_review"
B_CIVIL_SERVANT = "civil_servant"
B_MEMBER_NOT_COMPLETE = "member_not_complete"
B_MEMBER_DISCIPLINE = "member_discipline"
B_MEMBER_NO_DATA = "member_no_data"
BLOCKER_LABEL = {
    B_DISCIPLINE: "Kỷ luật trong năm",
    B_NO_PLEDGE: "Không đăng ký việc làm theo",
    B_MISSING_REPORTS: "Thiếu báo cáo quý",
    B_NO_REVIEW: "Bản kiểm điểm chưa đủ",
    B_CIVIL_SERVANT: "Xếp loại công chức, viên chức",
    B_MEMBER_NOT_COMPLETE: "Có thành viên không hoàn thành nhiệm vụ",
    B_MEMBER_DISCIPLINE: "Có thành viên bị kỷ luật",
    B_MEMBER_NO_DATA: "Có thành viên chưa đủ dữ liệu",
}
NO_DISCIPLINE = ("", "khong", "none")


class RatingConfigError(ValueError):
    """A [rating] setting has a value the rules cannot use (key, problem)."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"rating.{key}: {problem}")
        self.key, self.problem = key, problem


def present(v: Any) -> Any:
    """``v``, or None when it is missing: None, NaN (what pandas 3 puts in a text column for
    None), pandas' NA or empty text."""
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, str):
        return v if v.strip() else None
    try:
        import pandas as pd
        if v is pd.NA or v is pd.NaT:
            return None
    except ImportError:          # pragma: no cover - pandas is a dependency
        pass
    return v


def level_of(text: Any) -> str | None:
    """The level key a label, short label or key means (folded match), or None."""
    text = present(text)
    if text is None:
        return None
    from toolkit.common.text import fold
    value = fold(str(text)).strip()
    if not value:
        return None
    for key in LEVELS:
        if value in (key, fold(LABEL[key]), fold(SHORT[key])):
            return key
    return None


def lower(a: str, b: str | None) -> str:
    """The lower of two levels (``b`` may be None: no cap)."""
    return a if b is None or RANK[a] <= RANK[b] else b


def disciplined(value: Any) -> str | None:
    """The form of discipline written in a self-review ("Khiển trách"…), or None for "Không"."""
    from toolkit.common.text import fold
    value = present(value)
    if not isinstance(value, str) or fold(value).strip() in NO_DISCIPLINE:
        return None
    return value


# ---------------------------------------------------------------- a rule set's bands

@dataclass(frozen=True)
class RuleSet:
    code: str                   # "qd124", "qd366", "nd90", "nd335"
    name: str                   # "QĐ 124-QĐ/TW"
    basis: str                  # the legal basis printed on the sheet
    band_excellent: float
    band_good: float
    band_complete: float
    exceeded_share: float       # share of actions exceeded needed for xuất sắc
    good_needs_on_time: bool    # tốt needs every action done on time (or just done)
    complete_min_done: float    # below this share of actions done: không hoàn thành
    approximate: bool = False   # the rule has criteria the toolkit holds no data for


def _f(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def pct(x: float) -> str:
    return f"{x * 100:.0f}"


def score_text(score: float) -> str:
    return "–" if math.isnan(score) else f"{score:.1f}".replace(".", ",")


def shares(row: Any) -> tuple[float, float, float]:
    """(done, on time, exceeded) shares of the registered actions; 0 when there are none."""
    total = int(present(row.get("actions_total")) or 0)
    if total <= 0:
        return 0.0, 0.0, 0.0
    return (int(present(row.get("actions_done")) or 0) / total,
            int(present(row.get("actions_on_time")) or 0) / total,
            int(present(row.get("actions_exceeded")) or 0) / total)


def score_level(score: float, done: float, on_time: float, exceeded: float,
                rules: RuleSet) -> tuple[str, list[str]]:
    """The level the score and the action shares reach, with the reasons in words."""
    s = 0.0 if math.isnan(score) else score
    shown = score_text(score)
    notes: list[str] = []
    if s >= rules.band_excellent:
        missing = []
        if done < 1 or on_time < 1:
            missing.append(t("rate.need_all_on_time", on_time=pct(on_time)))
        if exceeded < rules.exceeded_share:
            missing.append(t("rate.need_exceeded", exceeded=pct(exceeded),
                             need=pct(rules.exceeded_share)))
        if not missing:
            return EXCELLENT, [t("rate.level.excellent", score=shown,
                                 band=f"{rules.band_excellent:g}", exceeded=pct(exceeded),
                                 need=pct(rules.exceeded_share))]
        notes.append(t("rate.not_excellent", score=shown, band=f"{rules.band_excellent:g}",
                       missing="; ".join(missing)))
    if s >= rules.band_good:
        ok = (on_time >= 1) if rules.good_needs_on_time else (done >= 1)
        if ok:
            return GOOD, notes + [t("rate.level.good", score=shown, band=f"{rules.band_good:g}",
                                    done=pct(on_time if rules.good_needs_on_time else done))]
        key = "rate.not_good_on_time" if rules.good_needs_on_time else "rate.not_good_done"
        notes.append(t(key, score=shown, band=f"{rules.band_good:g}", done=pct(done),
                       on_time=pct(on_time)))
    if s >= rules.band_complete and done >= rules.complete_min_done:
        return COMPLETE, notes + [t("rate.level.complete", score=shown,
                                    band=f"{rules.band_complete:g}")]
    if s >= rules.band_complete:
        return NOT_COMPLETE, notes + [t("rate.level.not_complete_done", done=pct(done),
                                        need=pct(rules.complete_min_done))]
    return NOT_COMPLETE, notes + [t("rate.level.not_complete", score=shown,
                                    band=f"{rules.band_complete:g}")]


def band_level(score: float, rules: RuleSet) -> tuple[str, float]:
    """The level of a collective's score by the bands alone, and the band it reached."""
    s = 0.0 if math.isnan(score) else score
    if s >= rules.band_excellent:
        return EXCELLENT, rules.band_excellent
    if s >= rules.band_good:
        return GOOD, rules.band_good
    if s >= rules.band_complete:
        return COMPLETE, rules.band_complete
    return NOT_COMPLETE, rules.band_complete


# ---------------------------------------------------------------- blockers

@dataclass(frozen=True)
class Blocker:
    code: str
    cap: str
    reason: str


def cap_of(blockers: list[Blocker]) -> str | None:
    cap: str | None = None
    for b in blockers:
        cap = b.cap if cap is None else lower(cap, b.cap)
    return cap


class Proposals:
    """Columns of proposals being built row by row: the level by score, lowered to the tightest
    blocker's cap, with the reasons a leader reads. A row without enough data gets
    :data:`NO_DATA` and the reasons why, whatever its blockers."""

    def __init__(self) -> None:
        self.by_score: list[str] = []
        self.blockers: list[tuple[str, ...]] = []
        self.caps: list[str | None] = []
        self.proposal: list[str] = []
        self.reasons: list[list[str]] = []

    def add(self, level: str, found: list[Blocker], lines: list[str]) -> None:
        cap = cap_of(found)
        final = lower(level, cap)
        lines = lines + [b.reason for b in found]
        if final != level:
            lines.append(t("rate.capped", level=SHORT[level], final=SHORT[final]))
        self.by_score.append(level)
        self.blockers.append(tuple(b.code for b in found))
        self.caps.append(cap)
        self.proposal.append(final)
        self.reasons.append(lines)

    def add_no_data(self, gaps: list[str], found: list[Blocker], lines: list[str]) -> None:
        self.by_score.append(NO_DATA)
        self.blockers.append(tuple(b.code for b in found))
        self.caps.append(cap_of(found))
        self.proposal.append(NO_DATA)
        self.reasons.append([t("rate.no_data", gaps="; ".join(gaps))] + lines +
                            [b.reason for b in found])

    def write(self, out: pd.DataFrame, rule_set: str) -> None:
        out["by_score"] = _objects(self.by_score, out)
        out["blockers"] = _objects(self.blockers, out)
        out["cap"] = _objects(self.caps, out)
        out["proposal"] = _objects(self.proposal, out)
        out["capped"] = [p not in (b, NO_DATA) for p, b in zip(self.proposal, self.by_score)]
        out["reasons"] = _objects(self.reasons, out)
        out["rule_set"] = rule_set


def _objects(values: list[Any], like: pd.DataFrame) -> pd.Series:
    """A column holding exactly these Python values (None stays None: pandas 3 would make a
    text column of strings and None, with NaN for None)."""
    import pandas as pd
    return pd.Series(values, index=like.index, dtype=object)


# ---------------------------------------------------------------- decisions against the rules

def decided_levels(df: pd.DataFrame, decisions: dict[str, str],
                   id_col: str = "person_id") -> pd.DataFrame:
    """Add ``decision`` (level or None), ``final`` (the decision, else the proposal),
    ``overridden`` and ``above_cap`` to a copy.

    Any mix works: nobody decided, some, everybody, a decision on a row without data. The
    columns hold Python values (None for "not decided"), whatever pandas would infer.
    """
    out = df.copy()
    decision = [level_of(decisions.get(str(sid))) for sid in out[id_col]]
    proposal = [present(p) for p in out["proposal"]]
    caps = [level_of(c) for c in (out["cap"] if "cap" in out.columns else [None] * len(out))]
    out["decision"] = _objects(decision, out)
    out["final"] = _objects([d or p for d, p in zip(decision, proposal)], out)
    out["overridden"] = [d is not None and d != p for d, p in zip(decision, proposal)]
    out["above_cap"] = [d is not None and c is not None and RANK[d] > RANK[c]
                        for d, c in zip(decision, caps)]
    return out


def level_counts(levels: Any) -> dict[str, int]:
    """How many of each level (and of :data:`NO_DATA`); undecided or missing values count in
    none."""
    values = [present(v) for v in levels]
    return {k: values.count(k) for k in (*LEVELS, NO_DATA)}


# ---------------------------------------------------------------- people

PERSON_COLUMNS = (
    "person_id", "name", "unit", "party_group", "party_member", "civil_servant", "key_leader",
    "score", "quarters_reported", "quarters_expected", "data_gaps", "has_pledge",
    "actions_total", "actions_done", "actions_on_time", "actions_exceeded", "has_review",
    "discipline", "cs_rating", "self_rating", "unit_proposal",
)
DEFAULTS: dict[str, Any] = {
    "party_group": "", "party_member": False, "civil_servant": False, "key_leader": False,
    "score": math.nan, "quarters_reported": 0, "quarters_expected": 4, "data_gaps": (),
    "has_pledge": False, "actions_total": 0, "actions_done": 0, "actions_on_time": 0,
    "actions_exceeded": 0, "has_review": False, "discipline": None, "cs_rating": None,
    "self_rating": None, "unit_proposal": None,
}


def with_defaults(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every input column present (missing ones take their defaults)."""
    out = df.copy()
    for col, default in DEFAULTS.items():
        if col not in out.columns:
            out[col] = _objects([default] * len(out), out)
        elif default is not None and not (isinstance(default, float) and math.isnan(default)):
            out[col] = _objects([default if present(v) is None else v for v in out[col]], out)
    return out


def gaps_of(row: Any) -> list[str]:
    """Why a person's data is not enough for a level (the unit never sent…); empty when it is."""
    gaps = row.get("data_gaps")
    if isinstance(gaps, str):
        return [gaps] if gaps else []
    return [str(g) for g in (gaps if isinstance(gaps, (list, tuple)) else ()) if g]


def score_line(row: Any) -> str:
    """The first reason of every proposal: the score and the actions, as counted."""
    return t("rate.score", score=score_text(_f(row.get("score"))),
             reported=int(present(row.get("quarters_reported")) or 0),
             expected=int(present(row.get("quarters_expected")) or 4),
             done=int(present(row.get("actions_done")) or 0),
             total=int(present(row.get("actions_total")) or 0),
             on_time=int(present(row.get("actions_on_time")) or 0),
             exceeded=int(present(row.get("actions_exceeded")) or 0))


def common_blockers(row: Any, discipline_cap: str, no_pledge_cap: str,
                    no_review_cap: str) -> list[Blocker]:
    """What caps anybody's level, whichever rule rates them: discipline in the year, no
    registered action of one's own, a self-review row without its self-rating."""
    out: list[Blocker] = []
    form = disciplined(row.get("discipline"))
    if form:
        out.append(Blocker(B_DISCIPLINE, discipline_cap, t(
            "rate.block.discipline", form=form, cap=SHORT[discipline_cap])))
    if not row.get("has_pledge"):
        out.append(Blocker(B_NO_PLEDGE, no_pledge_cap, t(
            "rate.block.no_pledge", cap=SHORT[no_pledge_cap])))
    if not row.get("has_review"):
        out.append(Blocker(B_NO_REVIEW, no_review_cap, t(
            "rate.block.no_review", cap=SHORT[no_review_cap])))
    return out


def propose_rows(df: pd.DataFrame, rules: RuleSet, blockers: Any) -> pd.DataFrame:
    """Add the proposal to every row: by_score, blockers, cap, proposal, capped and reasons.

    ``blockers(row, level)`` gives the blockers of a row whose score reaches ``level``. A row
    with data gaps gets :data:`NO_DATA` and its reasons, never a level by a score it lacks.
    Nobody is dropped.
    """
    out = with_defaults(df)
    acc = Proposals()
    for _, row in out.iterrows():
        gaps = gaps_of(row)
        if gaps:
            known = [b for b in blockers(row, None) if b.code == B_DISCIPLINE]
            acc.add_no_data(gaps, known, [score_line(row)])
            continue
        done, on_time, exceeded = shares(row)
        level, notes = score_level(_f(row.get("score")), done, on_time, exceeded, rules)
        acc.add(level, blockers(row, level), [score_line(row)] + notes)
    acc.write(out, rules.code)
    return out
