"""``lamtheobac rate``: proposals for every person, party group and unit, the quota check, the
leadership decisions read back, and the two rating workbooks (proposal sheet, decided sheet).

The rating sheet for leadership is rewritten on every run with the decisions already received
pre-filled in its decision column; the decided sheet is written once any decision exists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.config.workspace import Workspace, WorkspaceError

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.rules.decisions import Decision
    from toolkit.scoring.rating import QuotaGroup, RatingSettings

PEOPLE, GROUPS, UNITS = "people", "groups", "units"
KIND_OF = {PEOPLE: "person", GROUPS: "party_group", UNITS: "unit"}
ID_COL = {PEOPLE: "person_id", GROUPS: "subject_id", UNITS: "subject_id"}


@dataclass
class RatingResult:
    year: int
    settings: RatingSettings
    tables: dict[str, pd.DataFrame]                  # people / groups / units
    quota: dict[str, list[QuotaGroup]]               # the quota on the proposals
    final_quota: dict[str, list[QuotaGroup]]         # the quota on the decided levels
    decisions: dict[tuple[str, str], Decision]
    group_labels: dict[str, str]
    on: dt.date = field(default_factory=dt.date.today)     # the date printed on the documents
    files: list[Path] = field(default_factory=list)

    @property
    def people(self) -> pd.DataFrame:
        return self.tables[PEOPLE]

    def counts(self, table: str = PEOPLE, column: str = "proposal") -> dict[str, int]:
        from toolkit.scoring.rating import level_counts
        return level_counts(self.tables[table][column])

    def decision_summary(self) -> dict[str, int]:
        decided = overridden = flagged = pending = 0
        for df in self.tables.values():
            decided += int(df["decision"].notna().sum())
            overridden += int(df["overridden"].sum())
            flagged += int((df["above_cap"] | (df["final_over_quota"] & df["decision"].notna()))
                           .sum())
            pending += int(df["decision"].isna().sum())
        return {"decided": decided, "overridden": overridden, "flagged": flagged,
                "pending": pending}

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"year": self.year, "rule_set": self.settings.rules.code,
                               "files": [str(p) for p in self.files],
                               "decisions": self.decision_summary()}
        for key, df in self.tables.items():
            out[key] = [{
                "id": str(r[ID_COL[key]]), "name": r["name"], "score": _json_num(r["score"]),
                "proposal": r["proposal"], "blockers": list(r["blockers"]),
                "cap": r["cap"] if isinstance(r["cap"], str) else None,
                "over_quota": bool(r["over_quota"]), "decision": r["decision"],
                "final": r["final"], "reasons": list(r["reasons"])} for _, r in df.iterrows()]
        return out


def _json_num(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if x != x else round(x, 2)


def settings_for(ws: Workspace, year: int) -> RatingSettings:
    from toolkit.scoring.rating import RatingConfigError, RatingSettings
    try:
        return RatingSettings.from_config(ws.config.rating, year)
    except RatingConfigError as exc:
        raise WorkspaceError(t("err.rating_config", key=exc.key, problem=exc.problem)) from None


def check_year(ws: Workspace, year: int | None) -> int:
    year = year or ws.config.year
    if year != ws.config.year:
        raise WorkspaceError(t("err.rate_year", value=year, year=ws.config.year))
    return year


def compute_ratings(ws: Workspace, year: int | None = None,
                    on: dt.date | None = None) -> RatingResult:
    """Proposals, quota checks and decisions for the year (no files written)."""
    from toolkit.rules.decisions import current_decisions
    from toolkit.scoring.rating import (
        collective_inputs,
        decided_levels,
        propose_collectives,
        propose_people,
        quota_check,
    )
    from toolkit.scoring.year_data import load_year, rating_inputs, unit_year_scores
    year = check_year(ws, year)
    settings = settings_for(ws, year)
    data = load_year(ws, year)
    roster = data.roster
    people = propose_people(rating_inputs(data), settings)
    people, q_people = quota_check(people, settings)
    unit_names = {c: u.name for c, u in roster.units.items()}
    groups = propose_collectives(collective_inputs(people, "party_group"), settings)
    groups, q_groups = quota_check(groups, settings, id_col="subject_id", group_how="all")
    scores, missing = unit_year_scores(data)
    units = propose_collectives(collective_inputs(people, "unit", scores, unit_names, missing),
                                settings)
    units, q_units = quota_check(units, settings, id_col="subject_id", group_how="all")
    store = ws.store()
    try:
        decisions = current_decisions(store, year)
    finally:
        store.close()
    tables, final_quota = {}, {}
    for key, df in ((PEOPLE, people), (GROUPS, groups), (UNITS, units)):
        kind = KIND_OF[key]
        decided = {sid: d.level for (k, sid), d in decisions.items() if k == kind}
        df = decided_levels(df, decided, ID_COL[key])
        checked, fq = quota_check(df, settings, level_col="final", id_col=ID_COL[key],
                                  group_how=None if key == PEOPLE else "all")
        df["final_over_quota"] = checked["over_quota"]
        df["final_quota_rank"] = checked["quota_rank"]
        tables[key] = df
        final_quota[key] = fq
    labels = {"*": "toàn cơ quan", **unit_names}
    for g in {p.party_group for p in roster.people.values() if p.party_group}:
        labels[g] = g
    for code, name in unit_names.items():
        labels[f"~{code}"] = f"{name} (ngoài tổ đảng)"
    return RatingResult(year, settings, tables, {PEOPLE: q_people, GROUPS: q_groups,
                                                 UNITS: q_units}, final_quota, decisions, labels,
                        on or dt.date.today())


def rating_paths(ws: Workspace, year: int) -> tuple[Path, Path]:
    folder = ws.out / "xep-loai"
    return folder / f"xep-loai-{year}-de-xuat.xlsx", folder / f"xep-loai-{year}-ket-qua.xlsx"


@contextlib.contextmanager
def documents_in_vietnamese() -> Iterator[None]:
    """Documents for the party office are Vietnamese whatever the display language."""
    from toolkit.common import i18n
    saved = list(i18n._LANG)
    i18n.set_language("vi")
    try:
        yield
    finally:
        i18n._LANG[:] = saved


def rate(ws: Workspace, year: int | None = None, on: dt.date | None = None) -> RatingResult:
    """Compute and write the rating workbooks (dated ``on``, default today); return the result."""
    from toolkit.outputs.rating_sheet import write_final_sheet, write_proposal_sheet
    with documents_in_vietnamese():
        result = compute_ratings(ws, year, on)
        proposal_path, final_path = rating_paths(ws, result.year)
        result.files.append(write_proposal_sheet(proposal_path, ws.config, result))
        if result.decisions:
            result.files.append(write_final_sheet(final_path, ws.config, result))
    return result


# ---------------------------------------------------------------- reports

@dataclass
class ReportResult:
    period: str
    label: str
    files: list[Path]
    data: Any                                   # report_data.ReportData

    def as_dict(self) -> dict[str, Any]:
        d = self.data
        return {"period": self.period, "files": [str(p) for p in self.files],
                "people": d.people_total, "studied": d.studied, "registered": d.registered,
                "actions": d.actions_total, "actions_done": d.actions_done,
                "sessions": d.sessions_total, "propaganda": sum(n for _, n, _ in
                                                                d.propaganda_by_kind),
                "diary_entries": d.diary_entries, "golden_book": d.golden_entries,
                "commended": len(d.commended), "reminded": len(d.reminded)}


REPORT_FORMATS = ("both", "docx", "xlsx")


def report(ws: Workspace, period: str | None = None, on: dt.date | None = None,
           number: str | None = None, fmt: str = "both") -> ReportResult:
    """The 6-month review or the year summary (as an editable Word document, as a workbook, or
    both: ``fmt``), the golden book of the period and, with the year summary, the candidates for
    the Q4 commendation conference. Both forms of the report print the same figures."""
    from toolkit.outputs.golden_book import (
        candidates_path,
        commendation_candidates,
        golden_book_path,
        golden_entries,
        write_candidates,
        write_golden_book,
    )
    from toolkit.outputs.reports import report_path, write_report
    from toolkit.scoring.report_data import collect, parse_report_period
    if fmt not in REPORT_FORMATS:
        raise WorkspaceError(t("err.report_format", value=fmt,
                               choices=", ".join(REPORT_FORMATS)))
    p = parse_report_period(ws, period)
    on = on or dt.date.today()
    with documents_in_vietnamese():
        ratings = compute_ratings(ws, p.year, on) if p.kind == "Y" else None
        rd = collect(ws, p, on, ratings)
        files = []
        if fmt in ("both", "docx"):
            from toolkit.outputs.documents.report import report_docx_path, write_report_docx
            files.append(write_report_docx(report_docx_path(ws.out, p), ws.config, rd, number))
        if fmt in ("both", "xlsx"):
            files.append(write_report(report_path(ws.out, p), ws.config, rd, number))
        files.append(write_golden_book(golden_book_path(ws.out, p), ws.config, p,
                                       golden_entries(ws, p), on))
        if p.kind == "Y":
            threshold = float(ws.config.scoring.get("commend_min_score", 90))
            files.append(write_candidates(candidates_path(ws.out, p.year), ws.config, p.year,
                                          commendation_candidates(ws, p.year), on, threshold))
    return ReportResult(str(p), p.label(), files, rd)
