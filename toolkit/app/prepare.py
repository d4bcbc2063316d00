"""Workbooks to send: one per unit, pre-filled with that unit's people (and, later in the year,
with what the store already holds for them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from toolkit.common.i18n import t
from toolkit.config.workspace import Config, Workspace, WorkspaceError
from toolkit.forms.workbook import FIXED_TIME, WorkbookContext, write_form
from toolkit.prefill.context import PrefillContext, resolve_form, resolve_period, template_name
from toolkit.prefill.registry import prefilled_rows


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
    # read only (a new workspace gets its store); a store that lost its history is refused,
    # never taken for "no registered actions yet"
    store = ws.store(read_only=True)
    try:
        for u in units:
            pc = PrefillContext(ws.config, roster, u, p, store)
            rows = prefilled_rows(pc, form.id)
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
