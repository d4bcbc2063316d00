"""The form registry and the choice lists the forms draw on."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from toolkit.forms.diary import DIARY
from toolkit.forms.pledge import PLEDGE
from toolkit.forms.quarterly import QUARTERLY, RECOGNITION
from toolkit.forms.rating_decision import DECISION_LEVELS, DECISION_REASONS, RATING
from toolkit.forms.roster import ROSTER
from toolkit.forms.spec import Field, Form, Row, Table
from toolkit.forms.unit_report import MEETING_KINDS, PROPAGANDA_KINDS, UNIT_REPORT, YOUTH_KINDS
from toolkit.forms.year_review import ACTION_RESULTS, DISCIPLINE, LEVEL_LABELS, YEAR_REVIEW

if TYPE_CHECKING:
    from toolkit.config.workspace import Config

FORMS: dict[str, Form] = {f.id: f for f in (PLEDGE, QUARTERLY, UNIT_REPORT, DIARY)}
FORMS.update({f.id: f for f in (YEAR_REVIEW, RATING)})  # year-end
YES_NO = ("Có", "Không")


def register(form: Form) -> Form:
    FORMS[form.id] = form
    return form


def get_form(form_id: str) -> Form:
    if form_id == ROSTER.id:
        return ROSTER
    return FORMS[form_id]


def choice_lists(config: Config, period: object = None) -> dict[str, list[str]]:
    """Every named list a form's drop-downs may use, in display order."""
    from toolkit.common.calendar_vn import commemorative_days, occasion_label
    lists: dict[str, list[str]] = {
        "standards": [s.label for s in config.standards],
        "progress": list(config.progress_scale),
        "assessment": list(config.assessment_scale),
        "yes_no": list(YES_NO),
        "occasions": [occasion_label(o) for o in commemorative_days(config.year)],
    }
    lists.update(_EXTRA_LISTS)
    return lists


_EXTRA_LISTS: dict[str, list[str]] = {
    # quarterly cycle (forms/quarterly.py, forms/unit_report.py)
    "recognition": list(RECOGNITION),
    "meeting_kinds": list(MEETING_KINDS),
    "propaganda_kinds": list(PROPAGANDA_KINDS),
    "youth_kinds": list(YOUTH_KINDS),
    # year-end (forms/year_review.py, forms/rating_decision.py)
    "levels": list(LEVEL_LABELS),
    "action_results": list(ACTION_RESULTS),
    "discipline": list(DISCIPLINE),
    "decision_reasons": list(DECISION_REASONS),
    "decision_levels": list(DECISION_LEVELS),
}


def add_list(name: str, values: list[str]) -> None:
    _EXTRA_LISTS[name] = list(values)


def deadline_for(form: Form, config: Config, period: object) -> dt.date:
    from toolkit.common.periods import Period
    p = period if isinstance(period, Period) else Period.parse(str(period))
    if form.deadline_key == "registration":
        return config.registration_deadline
    if form.deadline_key == "year_review":
        return config.year_review_deadline
    if p.kind == "Q":
        return config.quarter_deadline(p.number)
    return p.end + dt.timedelta(days=config.quarter_report_days)


__all__ = ["FORMS", "ROSTER", "Field", "Form", "Row", "Table", "choice_lists", "deadline_for",
           "get_form", "register", "add_list"]
