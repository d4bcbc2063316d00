"""Validation: read rows become typed records plus a list of issues, never an exception.

Generic cell checks come from the form spec (required, kind, choices, ranges, length:
:mod:`toolkit.rules.cells`); each form adds its cross-field rules, listed in :data:`FORM_RULES`.
Collect everything, decide later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import fmt
from toolkit.common.issues import Issue
from toolkit.common.text import fold
from toolkit.forms import deadline_for, get_form
from toolkit.forms.spec import Form
from toolkit.forms.workbook import meta_checksum
from toolkit.rules import pledge, quarterly, yearend
from toolkit.rules.cells import convert_rows
from toolkit.rules.context import Context, Outcome
from toolkit.rules.senders import sender_issue

if TYPE_CHECKING:
    from toolkit.read.workbook import ReadResult


def check_meta(meta: dict[str, str] | None, ctx: Context, file: str,
               unit_label: str | None) -> tuple[Form | None, str, str, list[Issue]]:
    """The form, unit and period a workbook claims, and the identity issues."""
    issues: list[Issue] = []
    cfg, roster = ctx.config, ctx.roster
    if not meta or "form_id" not in meta:
        return None, "", "", [Issue.make("META_MISSING", file=file)]
    if meta.get("checksum") != meta_checksum(meta):
        tampered = [k for k in ("form_id", "form_version", "org_id", "unit_code", "period")
                    if k in meta] or ["checksum"]
        return None, "", "", [Issue.make("META_TAMPERED", file=file, sheet="_meta",
                                         key=", ".join(tampered))]
    try:
        form = get_form(meta["form_id"])
    except KeyError:
        return None, "", "", [Issue.make("META_UNKNOWN_FORM", file=file, found=meta["form_id"])]
    unit = meta.get("unit_code", "")
    period = meta.get("period", "")
    if str(form.version) != meta.get("form_version"):
        issues.append(Issue.make("META_WRONG_VERSION", file=file, found=meta.get("form_version"),
                                 expected=form.version))
    if meta.get("org_id") != cfg.org_id:
        issues.append(Issue.make("META_WRONG_ORG", file=file, found=meta.get("org_id"),
                                 expected=cfg.org_id))
    if meta.get("year") != str(cfg.year):
        issues.append(Issue.make("META_WRONG_YEAR", file=file, found=period or meta.get("year"),
                                 expected=cfg.year))
    if form.per_unit:
        if unit not in roster.units:
            issues.append(Issue.make("META_UNIT_UNKNOWN", file=file, unit=unit, found=unit))
        else:
            name = roster.units[unit].name
            if unit_label is not None and fold(unit_label) != fold(name):
                issues.append(Issue.make("UNIT_MISMATCH", file=file, unit=unit,
                                         sheet=form.tables[0].sheet, cell="A3", value=unit_label,
                                         found=unit_label, expected=name))
    held = sender_issue(form, unit, ctx, file)
    if held is not None:
        issues.append(held)
    return form, unit, period, issues


# ---------------------------------------------------------------- entry point

FormRule = Callable[[Form, dict[str, list[dict[str, Any]]], Context, str, str, list[Issue]], None]

# Each form's cross-field rules, by form id: the one list of them.
FORM_RULES: dict[str, FormRule] = {
    "pledge": pledge.pledge_rules,
    "quarterly": quarterly.quarterly_rules,
    "unit-report": quarterly.unit_report_rules,
    "diary": quarterly.diary_rules,
    "year-review": yearend.year_review_rules,
    "rating": yearend.rating_rules,
}


def validate(result: ReadResult, ctx: Context) -> Outcome:
    """Check a read workbook against its form, the roster and the config."""
    file = ctx.file
    form, unit, period, issues = check_meta(result.meta, ctx, file, result.unit_label)
    if form is None:
        return Outcome(None, unit, period, {}, issues)
    blocking = any(i.is_error and i.code.startswith("META_") for i in issues)
    if blocking:
        return Outcome(form, unit, period, {}, issues)
    issues.extend(result.problems)
    issues.extend(Issue.make("FILE_HIDDEN_DATA", file=file, sheet=name)
                  for name in result.hidden_data_sheets)
    records = convert_rows(form, result, ctx, unit, issues)
    rule = FORM_RULES.get(form.id)
    if rule:
        rule(form, records, ctx, unit, period, issues)
    if ctx.submitted_at is not None and form.per_unit:
        deadline = deadline_for(form, ctx.config, period or ctx.config.year)
        if ctx.submitted_at.date() > deadline:
            issues.append(Issue.make("SUBMISSION_LATE", file=file, unit=unit, form=form.name,
                                     value=fmt(ctx.submitted_at), submitted=fmt(ctx.submitted_at),
                                     deadline=fmt(deadline)))
    return Outcome(form, unit, period, records, _dedupe(issues))


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[Issue] = set()
    out = []
    for i in issues:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out
