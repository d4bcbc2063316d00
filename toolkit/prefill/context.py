"""What pre-filling a unit's workbook knows (:class:`PrefillContext`), and the form, period and
file name a command's arguments mean."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import safe_filename
from toolkit.common.i18n import t
from toolkit.common.periods import Period, PeriodError
from toolkit.config.roster import Roster, Unit
from toolkit.config.workspace import Config, WorkspaceError
from toolkit.forms import FORMS, get_form
from toolkit.forms.spec import Form

if TYPE_CHECKING:
    from toolkit.store.db import Store

# a form's pre-filled rows for one unit, by table
Prefill = Callable[["PrefillContext"], dict[str, list[dict[str, Any]]]]


class PrefillContext:
    def __init__(self, config: Config, roster: Roster, unit: Unit, period: Period,
                 store: Store | None):
        self.config, self.roster, self.unit, self.period, self.store = (config, roster, unit,
                                                                         period, store)


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
