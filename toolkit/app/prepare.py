"""Workbooks to send: one per unit, pre-filled with that unit's people (and, later in the year,
with what the store already holds for them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.forms import FORMS, get_form
from toolkit.forms.spec import Form
from toolkit.common.fsutil import safe_filename
from toolkit.common.i18n import t
from toolkit.common.periods import Period, PeriodError
from toolkit.config.roster import Roster, Unit
from toolkit.forms.workbook import FIXED_TIME, WorkbookContext, write_form
from toolkit.config.workspace import Config, Workspace, WorkspaceError

# form id -> function(workspace-ish context) -> rows per table for one unit
Prefill = Callable[["PrefillContext"], dict[str, list[dict[str, Any]]]]
PREFILL: dict[str, Prefill] = {}


class PrefillContext:
    def __init__(self, config: Config, roster: Roster, unit: Unit, period: Period, store: Any):
        self.config, self.roster, self.unit, self.period, self.store = (config, roster, unit,
                                                                         period, store)


def prefill(form_id: str) -> Callable[[Prefill], Prefill]:
    def deco(fn: Prefill) -> Prefill:
        PREFILL[form_id] = fn
        return fn
    return deco


@prefill("pledge")
def _pledge_rows(pc: PrefillContext) -> dict[str, list[dict[str, Any]]]:
    rows = []
    for p in pc.roster.people_of(pc.unit.code):
        for _ in range(pc.config.max_actions):
            rows.append({"person_id": p.person_id, "name": p.name, "position": p.position})
    return {"pledges": rows, "emulation": []}


def resolve_form(form_id: str) -> Form:
    try:
        return get_form(form_id)
    except KeyError:
        raise WorkspaceError(t("err.form", value=form_id, choices=", ".join(FORMS))) from None


def resolve_period(config: Config, form: Form, period: str | None) -> Period:
    if period is None:
        if form.period_kind == "quarter":
            today = dt.date.today()
            q = (today.month - 1) // 3 + 1 if today.year == config.year else 4
            return Period(config.year, "Q", q)
        return Period(config.year, "Y")
    try:
        p = Period.parse(period)
    except PeriodError:
        raise WorkspaceError(t("err.period", value=period, year=config.year)) from None
    if form.period_kind == "quarter" and p.kind != "Q":
        raise WorkspaceError(t("err.period", value=period, year=config.year))
    if form.period_kind == "year" and p.kind != "Y":
        p = Period(p.year, "Y")
    return p


def template_name(form: Form, unit: Unit | None, period: Period) -> str:
    unit_part = f"{unit.code}-{safe_filename(unit.name)}" if unit else "mau-trong"
    return f"{form.file_stem or form.id}-{period}-{unit_part}.xlsx"


def make_templates(ws: Workspace, form_id: str, period: str | None = None,
                   unit: str | None = None, password: str | None = None,
                   generated_at: dt.datetime | None = None) -> list[Path]:
    """Write one pre-filled workbook per unit into out/gui-don-vi/<form>-<period>/."""
    form = resolve_form(form_id)
    p = resolve_period(ws.config, form, period)
    roster = ws.roster()
    units = list(roster.units.values())
    if unit:
        if unit not in roster.units:
            raise WorkspaceError(t("err.unit", value=unit, choices=", ".join(roster.units)))
        units = [roster.units[unit]]
    folder = ws.out / "gui-don-vi" / f"{form.id}-{p}"
    written = []
    store = ws.store() if ws.store_path.exists() else None
    try:
        for u in units:
            pc = PrefillContext(ws.config, roster, u, p, store)
            rows = PREFILL[form.id](pc) if form.id in PREFILL else {}
            ctx = WorkbookContext(config=ws.config, unit=u, period=str(p),
                                  generated_at=generated_at or _now())
            written.append(write_form(folder / template_name(form, u, p), form, ctx, rows,
                                      password=password))
    finally:
        if store:
            store.close()
    return written


def write_blank_template(path: Path, config: Config, form_id: str,
                         period: str | None = None) -> Path:
    """The released blank template (no unit, no people): what workbooks/ holds."""
    form = resolve_form(form_id)
    p = resolve_period(config, form, period or (f"{config.year}-Q1" if form.period_kind ==
                                                "quarter" else str(config.year)))
    ctx = WorkbookContext(config=config, unit=None, period=str(p), generated_at=FIXED_TIME)
    return write_form(path, form, ctx, {})


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# prefill functions of other forms register themselves on import
from toolkit.app import prefill_quarterly  # noqa: E402,F401
from toolkit.app import prefill_yearend  # noqa: E402,F401
