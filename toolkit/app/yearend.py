"""``lamtheobac rate`` and ``lamtheobac report``: the year-end.

``rate`` proposes a level for every party member (the party's rule of the year, the quota among
party members), every employee (the agency's evaluation, the NĐ 48 share check), every party
group, the cell and every unit; lays the decisions read back over the proposals; and writes ONE
rating workbook: a signed summary, then one sheet per population, rewritten on every run with the
decisions already received pre-filled.
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
from toolkit.forms.rating_decision import CELL_ID

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.rules.decisions import Decision
    from toolkit.scoring.rating_quota import QuotaGroup
    from toolkit.scoring.rating_settings import RatingSettings
    from toolkit.scoring.rating_staff import ShareCheck

PARTY, STAFF, GROUPS, UNITS = "party", "staff", "groups", "units"
TABLES = (PARTY, STAFF, GROUPS, UNITS)
ID_COL = {PARTY: "person_id", STAFF: "person_id", GROUPS: "subject_id", UNITS: "subject_id"}
# the decisions' subject kind of each table (groups: a party group or the cell, by the row)
KINDS = {PARTY: ("person",), STAFF: ("staff",), GROUPS: ("party_group", "cell"),
         UNITS: ("unit",)}


@dataclass
class RatingResult:
    year: int
    settings: RatingSettings
    tables: dict[str, pd.DataFrame]                  # party / staff / groups / units
    quota: dict[str, list[QuotaGroup]]               # the quota on the proposals
    final_quota: dict[str, list[QuotaGroup]]         # the quota on the decided levels
    share: ShareCheck                                # NĐ 48 on the proposals
    final_share: ShareCheck                          # NĐ 48 on the decided levels
    decisions: dict[tuple[str, str], Decision]
    group_labels: dict[str, str]
    newest: tuple[dt.datetime | None, str] = (None, "")   # the newest data: when, which file
    roster: Any = None
    completion: Any = None                           # figures.Figure of the year's completion
    on: dt.date = field(default_factory=dt.date.today)     # the date printed on the documents
    files: list[Path] = field(default_factory=list)

    @property
    def party(self) -> pd.DataFrame:
        return self.tables[PARTY]

    @property
    def staff(self) -> pd.DataFrame:
        return self.tables[STAFF]

    def counts(self, table: str = PARTY, column: str = "proposal") -> dict[str, int]:
        from toolkit.scoring.rating import level_counts
        return level_counts(self.tables[table][column])

    def summary_text(self, table: str) -> str:
        """"5 xuất sắc, 30 tốt, … (đã quyết định 12/50)", the final levels of one table."""
        from toolkit.scoring.rating import NO_DATA
        c = self.counts(table, "final")
        words = {"excellent": "hoàn thành xuất sắc", "good": "hoàn thành tốt",
                 "complete": "hoàn thành", "not_complete": "không hoàn thành",
                 NO_DATA: "chưa đủ dữ liệu"}
        decided = self.decision_summary(table)["decided"]
        return (", ".join(f"{c[k]} {w}" for k, w in words.items()) +
                f" (đã quyết định {decided}/{len(self.tables[table])})")

    def decision_of(self, table: str, row: Any) -> Decision | None:
        sid = str(row[ID_COL[table]])
        kinds = (row["kind"],) if table == GROUPS else KINDS[table]
        return next((self.decisions[(k, sid)] for k in kinds if (k, sid) in self.decisions),
                    None)

    def decision_summary(self, table: str | None = None) -> dict[str, int]:
        """Decided / overridden / flagged / pending, of one table or of all of them."""
        decided = overridden = flagged = pending = 0
        for key, df in self.tables.items():
            if table is not None and key != table:
                continue
            has = df["decision"].map(lambda d: d is not None)
            decided += int(has.sum())
            overridden += int(df["overridden"].sum())
            flags = df["above_cap"] | (df["final_over"] & has)
            flagged += int(flags.sum())
            pending += int((~has).sum())
        return {"decided": decided, "overridden": overridden, "flagged": flagged,
                "pending": pending}

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "year": self.year, "rule_set": self.settings.rules.code,
            "staff_rule_set": self.settings.staff.rules.code,
            "files": [str(p) for p in self.files],
            "decisions": {key: self.decision_summary(key) for key in TABLES},
            "share_check": {"staff_excellent": self.final_share.staff_excellent,
                            "staff_rated": self.final_share.staff_rated,
                            "party_excellent": self.final_share.party_excellent,
                            "party_rated": self.final_share.party_rated,
                            "ok": self.final_share.ok}}
        for key, df in self.tables.items():
            out[key] = [{
                "id": str(r[ID_COL[key]]), "name": r["name"], "score": _json_num(r["score"]),
                "proposal": r["proposal"], "blockers": list(r["blockers"]),
                "cap": r["cap"] if isinstance(r["cap"], str) else None,
                "over": bool(r["over"]), "decision": r["decision"],
                "final": r["final"], "reasons": list(r["reasons"])} for _, r in df.iterrows()]
        return out


def _json_num(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if x != x else round(x, 2)


def settings_for(ws: Workspace, year: int) -> RatingSettings:
    from toolkit.scoring.rating import RatingConfigError
    from toolkit.scoring.rating_settings import RatingSettings
    try:
        return RatingSettings.from_config(ws.config.rating, year)
    except RatingConfigError as exc:
        raise WorkspaceError(t("err.rating_config", key=exc.key, problem=exc.problem)) from None


def check_year(ws: Workspace, year: int | None) -> int:
    year = year or ws.config.year
    if year != ws.config.year:
        raise WorkspaceError(t("err.rate_year", value=year, year=ws.config.year))
    return year


def _decided(df: pd.DataFrame, table: str, decisions: dict[tuple[str, str], Decision]
             ) -> pd.DataFrame:
    from toolkit.scoring.rating import decided_levels
    by_id: dict[str, str] = {}
    for (kind, sid), d in decisions.items():
        if kind in KINDS[table]:
            by_id[sid] = d.level
    return decided_levels(df, by_id, ID_COL[table])


def compute_ratings(ws: Workspace, year: int | None = None,
                    on: dt.date | None = None) -> RatingResult:
    """Proposals, quota and share checks and decisions for the year (no files written)."""
    from toolkit.rules.decisions import current_decisions
    from toolkit.scoring import figures as fig
    from toolkit.scoring.rating_party import party_collectives, propose_party, staff_levels
    from toolkit.scoring.rating_quota import quota_check
    from toolkit.scoring.rating_staff import propose_staff, share_check, unit_collectives
    from toolkit.scoring.year_data import load_year, newest_data, rating_inputs, unit_year_scores
    year = check_year(ws, year)
    settings = settings_for(ws, year)
    data = load_year(ws, year)
    roster = data.roster
    with ws.store() as store:
        decisions = current_decisions(store, year)
        newest = newest_data(store, year)
    inputs = rating_inputs(data)
    # the agency's evaluation first: a party member who is a civil servant is rated no higher
    staff = _decided(propose_staff(inputs, settings), STAFF, decisions)
    levels = staff_levels(staff)
    inputs["staff_level"] = [levels.get(p, (None, ""))[0] for p in inputs["person_id"]]
    inputs["staff_source"] = [levels.get(p, (None, ""))[1] for p in inputs["person_id"]]
    party = propose_party(inputs, settings)
    party, q_party = quota_check(party, settings.quota)
    party = _decided(party, PARTY, decisions)
    cell_name = f"Chi bộ {ws.config.org_short}"
    groups = _decided(party_collectives(party.assign(proposal=party["final"]), settings, CELL_ID,
                                        cell_name), GROUPS, decisions)
    scores, missing = unit_year_scores(data)
    unit_names = {c: u.name for c, u in roster.units.items()}
    units = _decided(unit_collectives(staff.assign(proposal=staff["final"]), settings, scores,
                                      unit_names, missing), UNITS, decisions)
    tables = {PARTY: party, STAFF: staff, GROUPS: groups, UNITS: units}
    quota, final_quota = {PARTY: q_party}, {}
    for key, how in ((PARTY, None), (GROUPS, "all")):
        df = tables[key]
        part = df if key == PARTY else df[df["kind"] == "party_group"]
        if key == GROUPS:
            checked, quota[key] = quota_check(part, settings.quota, id_col="subject_id",
                                              group_how=how)
            df = _merge_flags(df, checked, ("group", "quota_rank", "quota_allowed",
                                            "over_quota"))
        final, final_quota[key] = quota_check(part, settings.quota, level_col="final",
                                              id_col=ID_COL[key], group_how=how)
        tables[key] = _merge_flags(df, final.rename(columns={
            "over_quota": "final_over", "quota_rank": "final_rank"}), ("final_over",
                                                                        "final_rank"))
    staff, share = share_check(tables[STAFF], tables[PARTY])
    final_staff, final_share = share_check(staff, tables[PARTY], level_col="final")
    staff["final_over"] = final_staff["over_share"]
    staff["final_rank"] = final_staff["share_rank"]
    tables[STAFF] = staff
    for key in (STAFF, UNITS):
        df = tables[key]
        if "over" not in df.columns:
            df["over"] = df["over_share"] if "over_share" in df.columns else False
        if "final_over" not in df.columns:
            df["final_over"] = False
    for key in (PARTY, GROUPS):
        tables[key]["over"] = tables[key]["over_quota"].fillna(False).astype(bool)
    labels = {"*": "toàn chi bộ", **unit_names}
    for g in {p.party_group for p in roster.people.values() if p.party_group}:
        labels[g] = g
    for code, name in unit_names.items():
        labels[f"~{code}"] = f"{name} (ngoài tổ đảng)"
    on = on or dt.date.today()
    completion = fig.completion(data.quarters.get(4), fig.quarter_label(year, 4), on,
                                bool(ws.config.scoring.get("evidence_required", True)))
    return RatingResult(year, settings, tables, quota, final_quota, share, final_share,
                        decisions, labels, newest, roster, completion, on)


def _merge_flags(df: pd.DataFrame, part: pd.DataFrame, cols: tuple[str, ...]) -> pd.DataFrame:
    """``df`` with ``cols`` of ``part`` (a subset of its rows, same index); others: 0 / False."""
    out = df.copy()
    for col in cols:
        default: Any = "" if col == "group" else False if "over" in col else 0
        out[col] = [part.at[i, col] if i in part.index else default for i in out.index]
    return out


def rating_path(ws: Workspace, year: int) -> Path:
    return ws.out / "xep-loai" / f"xep-loai-{year}.xlsx"


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


def check_date(on: dt.date, newest: tuple[dt.datetime | None, str]) -> None:
    """A document is never dated before the newest data it holds: refuse, naming the file."""
    when, name = newest
    if when is not None and on < when.date():
        from toolkit.common.dates import fmt
        raise WorkspaceError(t("err.date_before_data", on=fmt(on), when=fmt(when.date()),
                               file=name))


def rate(ws: Workspace, year: int | None = None, on: dt.date | None = None) -> RatingResult:
    """Compute and write the rating workbook (dated ``on``, default today); return the result."""
    from toolkit.outputs.rating_sheet import write_rating_workbook
    with documents_in_vietnamese():
        result = compute_ratings(ws, year, on)
        check_date(result.on, result.newest)
        result.files.append(write_rating_workbook(rating_path(ws, result.year), ws.config,
                                                  result))
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
                "figures": {f.key: f.as_dict() for f in d.figures.values()},
                "sessions": d.sessions_total, "propaganda": sum(n for _, n, _ in
                                                                d.propaganda_by_kind),
                "diary_entries": d.diary_entries, "golden_book": d.golden.included_count,
                "reminded": len(d.reminded)}


REPORT_FORMATS = ("both", "docx", "xlsx")


def report(ws: Workspace, period: str | None = None, on: dt.date | None = None,
           number: str | None = None, fmt: str = "both") -> ReportResult:
    """The 6-month review or the year summary (as an editable Word document, as a workbook, or
    both: ``fmt``), the golden book of the period and, with the year summary, the list for the
    Q4 commendation conference. Both forms of the report print the same figures."""
    from toolkit.outputs.golden_book import (
        candidates_path,
        golden_book_path,
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
        check_date(on, rd.newest)
        files = []
        if fmt in ("both", "docx"):
            from toolkit.outputs.documents.report import report_docx_path, write_report_docx
            files.append(write_report_docx(report_docx_path(ws.out, p), ws.config, rd, number))
        if fmt in ("both", "xlsx"):
            files.append(write_report(report_path(ws.out, p), ws.config, rd, number))
        files.append(write_golden_book(golden_book_path(ws.out, p), ws.config, p, rd.golden,
                                       on))
        if p.kind == "Y":
            files.append(write_candidates(candidates_path(ws.out, p.year), ws.config, p.year,
                                          rd.commendations, on))
    return ReportResult(str(p), p.label(), files, rd)
