"""Cross-field rules of the year-end forms: the self-review and the rating sheet read back.

The rating rule uses the sheet itself (proposal, cap, score are printed in it) and the roster, so
it needs no store: a decision that breaks a blocker or the quota is accepted and flagged, never
refused.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from toolkit.common.issues import Issue
from toolkit.forms.rating_decision import AGREE, CELL_ID, WITHDRAW
from toolkit.forms.spec import Form
from toolkit.rules.context import Context
from toolkit.rules.shared import check_person, required_missing


def _settings(ctx: Context, period: str) -> Any:
    from toolkit.common.periods import Period, PeriodError
    from toolkit.scoring.rating import RatingConfigError
    from toolkit.scoring.rating_settings import RatingSettings
    try:
        year = Period.parse(period).year
    except PeriodError:
        year = ctx.config.year
    try:
        return RatingSettings.from_config(ctx.config.rating, year)
    except RatingConfigError:
        return RatingSettings.from_config({}, year)


# ---------------------------------------------------------------- year review

def year_review_rules(form: Form, records: dict[str, list[dict[str, Any]]], ctx: Context,
                      unit: str, period: str, issues: list[Issue]) -> None:
    from toolkit.scoring.rating import LABEL, RANK, level_of
    settings = _settings(ctx, period)
    for rec in records.get("actions", []):
        if not check_person(rec, "actions", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        if rec.get("action"):
            required_missing("actions", form, rec, ("year_result",), ctx, unit, rec["person_id"],
                             issues)
    people_table = form.table("people")
    seen: set[str] = set()
    for rec in records.get("people", []):
        if not check_person(rec, "people", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        seen.add(pid)
        person = ctx.roster.people[pid]
        required_missing("people", form, rec, tuple(f.key for f in people_table.inputs
                                                    if f.required), ctx, unit, pid, issues)
        place = dict(file=ctx.file, sheet=people_table.sheet, unit=unit, person_id=pid,
                     name=person.name)
        cs = rec.get("cs_rating")
        if person.civil_servant and not cs and "cs_rating" not in rec.get("_bad", []):
            issues.append(Issue.make("REVIEW_CS_RATING_MISSING", cell=rec["_cells"]["cs_rating"],
                                     field="cs_rating", **place))
        if cs and not person.civil_servant:
            issues.append(Issue.make("REVIEW_CS_RATING_NOT_CS", cell=rec["_cells"]["cs_rating"],
                                     field="cs_rating", value=cs, **place))
        discipline = rec.get("discipline")
        if discipline and discipline != "Không":
            cap = settings.discipline_cap
            for key, what in (("self_rating", "mức tự xếp loại"),
                              ("unit_proposal", "mức đơn vị đề xuất")):
                level = level_of(rec.get(key))
                if level and RANK[level] > RANK[cap]:
                    issues.append(Issue.make(
                        "REVIEW_RATING_ABOVE_DISCIPLINE", cell=rec["_cells"][key], field=key,
                        value=rec[key], discipline=discipline, what=what, cap=LABEL[cap],
                        **place))
    if not seen.issuperset(ctx.roster.ids_of(unit)):     # someone is missing: in roster order
        for person in ctx.roster.people_of(unit):
            if person.person_id not in seen:
                issues.append(Issue.make("REVIEW_PERSON_MISSING",
                                         file=ctx.file, sheet=people_table.sheet, unit=unit,
                                         person_id=person.person_id, name=person.name))
    unit_table = form.table("unit")
    rows = [r for r in records.get("unit", []) if any(r.get(f.key) for f in unit_table.inputs)]
    if not any(r.get("proposed_rating") for r in rows):
        cell = rows[0]["_cells"]["proposed_rating"] if rows else "C7"
        issues.append(Issue.make("REVIEW_UNIT_RATING_MISSING", file=ctx.file,
                                 sheet=unit_table.sheet, cell=cell, unit=unit,
                                 field="proposed_rating"))
    for rec in rows:
        required_missing("unit", form, rec, ("achievements",), ctx, unit, "", issues)


# ---------------------------------------------------------------- the rating sheet

# table -> (id field, what a row is, in words)
_KIND = {"party": ("person_id", "đảng viên"), "staff": ("person_id", "người lao động"),
         "groups": ("subject_id", "tổ đảng, chi bộ"), "units": ("subject_id", "đơn vị")}


def rating_rules(form: Form, records: dict[str, list[dict[str, Any]]], ctx: Context, unit: str,
                 period: str, issues: list[Issue]) -> None:
    """Decisions read back: any mix of blank, decided and withdrawn rows works; what breaks a
    blocker, the quota or the NĐ 48 share is accepted and flagged, never refused."""
    from toolkit.scoring.rating import LABEL, RANK, level_of
    settings = _settings(ctx, period)
    n_decided = 0
    finals: dict[str, list[tuple[dict[str, Any], str | None, str | None]]] = {}
    for key, (id_field, kind) in _KIND.items():
        table = form.table(key)
        known = _known_subjects(key, ctx)
        live = []
        for rec in records.get(key, []):
            sid = str(rec.get(id_field) or "").strip()
            withdraw = _is_withdrawal(rec.get("decision"))
            decision = None if withdraw else level_of(rec.get("decision"))
            has_input = any(rec.get(f.key) for f in table.inputs) or \
                any(k in rec.get("_bad", []) for k in ("decision", "decision_reason"))
            if not sid and not has_input:
                rec["_empty"] = True           # layout rows under the table (totals)
                continue
            place = dict(file=ctx.file, sheet=table.sheet, person_id=sid if id_field ==
                         "person_id" else "", unit="")
            if sid not in known:
                if has_input:
                    issues.append(Issue.make("DECISION_SUBJECT_UNKNOWN", cell=rec["_cells"].get(
                        id_field, ""), field=id_field, value=sid or "(trống)", kind=kind, **place))
                rec["_excluded"] = True
                continue
            proposal = level_of(rec.get("proposal"))
            no_data = proposal is None and bool(rec.get("proposal"))
            live.append((rec, decision, proposal))
            if withdraw:
                n_decided += 1
                continue
            if decision is None:
                if rec.get("decision_reason") and "decision" not in rec.get("_bad", []):
                    issues.append(Issue.make("DECISION_REASON_ONLY",
                                             cell=rec["_cells"]["decision"], field="decision",
                                             reason=rec["decision_reason"], **place))
                continue
            n_decided += 1
            reason = rec.get("decision_reason")
            if (proposal and decision != proposal) or no_data:
                shown = LABEL[proposal] if proposal else str(rec.get("proposal"))
                if not reason and "decision_reason" not in rec.get("_bad", []):
                    issues.append(Issue.make("DECISION_REASON_MISSING",
                                             cell=rec["_cells"]["decision_reason"],
                                             field="decision_reason", value=LABEL[decision],
                                             proposal=shown, **place))
                elif reason == AGREE:
                    issues.append(Issue.make("DECISION_REASON_CONFLICT",
                                             cell=rec["_cells"]["decision_reason"],
                                             field="decision_reason", value=LABEL[decision],
                                             proposal=shown, **place))
            cap = level_of(rec.get("cap"))
            if cap is not None and RANK[decision] > RANK[cap]:
                issues.append(Issue.make("DECISION_ABOVE_CAP", cell=rec["_cells"]["decision"],
                                         field="decision", value=LABEL[decision], cap=LABEL[cap],
                                         blockers=rec.get("blockers") or "", **place))
        finals[key] = live
        if key in ("party", "groups"):
            _quota_flags(key, live, table.sheet, ctx, settings, issues)
    _share_flags(finals["staff"], finals["party"], form.table("staff").sheet, ctx, issues)
    _approval_dates(form, records, ctx, issues)
    if n_decided == 0:
        issues.append(Issue.make("DECISION_NONE", file=ctx.file, sheet=form.tables[0].sheet))


def _is_withdrawal(value: Any) -> bool:
    from toolkit.common.text import fold
    return isinstance(value, str) and fold(value).strip() == fold(WITHDRAW)


def _known_subjects(key: str, ctx: Context) -> Collection[str]:
    roster = ctx.roster
    if key == "staff":
        return roster.people.keys()     # not copied: a province has 100,000 people
    if key == "party":
        return {pid for pid, p in roster.people.items() if p.party_member}
    if key == "units":
        return roster.units.keys()
    return {p.party_group for p in roster.people.values() if p.party_group} | {CELL_ID}


def _quota_flags(key: str, live: list[tuple[dict[str, Any], str | None, str | None]], sheet: str,
                 ctx: Context, settings: Any, issues: list[Issue]) -> None:
    """Flag decided "xuất sắc" rows that bring their comparison group over the quota."""
    from toolkit.scoring.rating import EXCELLENT, GOOD
    from toolkit.scoring.rating_quota import quota_allowed
    groups: dict[str, list[tuple[dict[str, Any], str | None, str]]] = {}
    for rec, decision, proposal in live:
        final = decision or proposal
        if final is None:
            continue
        if key == "party":
            person = ctx.roster.people[rec["person_id"]]
            how = settings.quota_group
            gkey = ("*" if how == "all" else (person.party_group or person.unit)
                    if how == "party_group" else person.unit)
        elif rec.get("subject_id") == CELL_ID:
            continue                    # the cell is not among the party groups it compares
        else:
            gkey = "*"
        groups.setdefault(gkey, []).append((rec, decision, final))
    for gkey, rows in groups.items():
        n_good = sum(1 for _, _, f in rows if f == GOOD)
        excellent = [(r, d) for r, d, f in rows if f == EXCELLENT]
        base = n_good + (len(excellent) if settings.quota_base == "good_and_above" else 0)
        allowed = quota_allowed(base, settings.quota_ratio, settings.quota_rounding)
        if len(excellent) <= allowed:
            continue
        # decisions (not untouched proposals) that go beyond the quota, lowest score first
        excellent.sort(key=lambda rd: -_score(rd[0]))
        label = _group_label(gkey, key, ctx)
        for rank, (rec, decision) in enumerate(excellent, 1):
            if rank > allowed and decision == EXCELLENT:
                sid = rec.get("person_id") or rec.get("subject_id") or ""
                issues.append(Issue.make(
                    "DECISION_OVER_QUOTA", file=ctx.file, sheet=sheet,
                    cell=rec["_cells"]["decision"], field="decision",
                    person_id=sid if key == "party" else "", value=rec.get("decision"),
                    group=label, count=len(excellent), allowed=allowed,
                    ratio=f"{settings.quota_ratio * 100:.0f}", base=base))


def _share_flags(staff: list[tuple[dict[str, Any], str | None, str | None]],
                 party: list[tuple[dict[str, Any], str | None, str | None]], sheet: str,
                 ctx: Context, issues: list[Issue]) -> None:
    """NĐ 48/2023: flag staff "xuất sắc" decisions beyond the party members' share."""
    from fractions import Fraction

    from toolkit.scoring.rating import EXCELLENT
    staff_final = [(r, d, d or p) for r, d, p in staff if (d or p)]
    party_final = [d or p for _, d, p in party if (d or p)]
    if not staff_final or not party_final:
        return
    exc_party = party_final.count(EXCELLENT)
    allowed = int(Fraction(exc_party * len(staff_final), len(party_final)))
    excellent = sorted(((r, d) for r, d, f in staff_final if f == EXCELLENT),
                       key=lambda rd: -_score(rd[0]))
    for rank, (rec, decision) in enumerate(excellent, 1):
        if rank > allowed and decision == EXCELLENT:
            issues.append(Issue.make(
                "DECISION_OVER_SHARE", file=ctx.file, sheet=sheet,
                cell=rec["_cells"]["decision"], field="decision",
                person_id=rec.get("person_id") or "", value=rec.get("decision"),
                count=len(excellent), n=len(staff_final), party=exc_party,
                n_party=len(party_final), allowed=allowed))


def _approval_dates(form: Form, records: dict[str, list[dict[str, Any]]], ctx: Context,
                    issues: list[Issue]) -> None:
    """A decision dated before the proposal it decides on is flagged (and kept)."""
    from toolkit.common.dates import parse_date
    table = form.table("approval")
    for rec in records.get("approval", []):
        decided = parse_date(rec.get("decided_on")) if rec.get("decided_on") else None
        proposed = parse_date(rec.get("proposal_date")) if rec.get("proposal_date") else None
        if decided and proposed and decided < proposed:
            issues.append(Issue.make(
                "DECISION_DATE_BEFORE_PROPOSAL", file=ctx.file, sheet=table.sheet,
                cell=rec["_cells"].get("decided_on", ""), field="decided_on",
                value=decided.strftime("%d/%m/%Y"), proposal=proposed.strftime("%d/%m/%Y"),
                body=str(rec.get("body") or "")))


def _score(rec: dict[str, Any]) -> float:
    v = rec.get("score")
    return float(v) if isinstance(v, (int, float)) else 0.0


def _group_label(gkey: str, key: str, ctx: Context) -> str:
    if gkey == "*":
        return {"party": "toàn chi bộ", "groups": "các tổ đảng"}[key]
    unit = ctx.roster.units.get(gkey)
    return unit.name if unit else gkey
