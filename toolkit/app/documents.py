"""``lamtheobac documents``: the papers people sign, as Word documents.

* ``pledge``: one .docx per unit holding the signed A4 pledge page of each of its people with a
  valid pledge (page breaks between people), and the same as PDF where LibreOffice is installed
  (one conversion run for all units);
* ``self-review``: each person's year-end bản kiểm điểm, pre-filled from the year's data, one
  .docx per person in a folder per unit. Per person because each person edits their own
  document in Word (the parts only they can write) and signs it; a unit's file of twenty
  reviews would be edited by twenty people at once, and party members and staff follow
  different templates.

Documents are Vietnamese whatever the display language (they are filed by the party cell).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.common.fsutil import safe_filename
from toolkit.common.i18n import t
from toolkit.config.workspace import Workspace, WorkspaceError

PLEDGE, SELF_REVIEW = "pledge", "self-review"
FORMS = (PLEDGE, SELF_REVIEW)


@dataclass
class DocumentsResult:
    form: str
    year: int
    files: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    people: int = 0
    units: int = 0
    units_without: list[str] = field(default_factory=list)    # units with nobody to print
    too_long: list[str] = field(default_factory=list)         # pledges that overflow a page
    not_ready: list[str] = field(default_factory=list)        # people held back, with why
    pdf_wanted: bool = False
    pdf_missing_office: bool = False
    pdf_problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"form": self.form, "year": self.year, "files": [str(p) for p in self.files],
                "pdfs": [str(p) for p in self.pdfs], "people": self.people, "units": self.units,
                "units_without": self.units_without, "too_long": self.too_long,
                "not_ready": self.not_ready,
                "pdf_missing_office": self.pdf_missing_office}


def documents_folder(ws: Workspace, form: str, year: int) -> Path:
    stem = {PLEDGE: "dang-ky", SELF_REVIEW: "kiem-diem"}[form]
    return ws.out / "van-ban" / f"{stem}-{year}"


def want_pdf(ws: Workspace, pdf: bool | None) -> bool:
    """``--pdf/--no-pdf``, else ``[documents] pdf`` (default: yes)."""
    if pdf is not None:
        return pdf
    return bool((ws.config.raw.get("documents", {}) or {}).get("pdf", True))


def _units(ws: Workspace, unit: str | None) -> list[str]:
    roster = ws.roster()
    if unit:
        if unit not in roster.units:
            raise WorkspaceError(t("err.unit", value=unit, choices=", ".join(roster.units)))
        return [unit]
    return list(roster.units)


def documents(ws: Workspace, form: str, unit: str | None = None, on: dt.date | None = None,
              pdf: bool | None = None) -> DocumentsResult:
    """Write the documents of ``form`` for every unit (or ``unit``), dated ``on``."""
    from toolkit.app.yearend import documents_in_vietnamese
    if form not in FORMS:
        raise WorkspaceError(t("err.documents_form", value=form, choices=", ".join(FORMS)))
    on = on or dt.date.today()
    with documents_in_vietnamese():
        if form == PLEDGE:
            result = _pledges(ws, _units(ws, unit), on)
        else:
            result = _self_reviews(ws, _units(ws, unit), on)
        result.pdf_wanted = form == PLEDGE and want_pdf(ws, pdf)
        if result.pdf_wanted and result.files:
            from toolkit.outputs.documents.pdf import convert_to_pdf
            made = convert_to_pdf(result.files)
            result.pdfs = list(made.made.values())
            result.pdf_missing_office = made.missing_office
            result.pdf_problem = made.problem
    return result


def _pledges(ws: Workspace, units: list[str], on: dt.date) -> DocumentsResult:
    from toolkit.outputs.documents.pledge import fits_one_page, write_pledges
    from toolkit.outputs.documents.settings import settings_from_config
    from toolkit.outputs.documents.sources import pledge_people
    year = ws.config.year
    result = DocumentsResult(PLEDGE, year)
    roster = ws.roster()
    settings = settings_from_config(ws.config, on)
    folder = documents_folder(ws, PLEDGE, year)
    low, high = ws.config.min_actions, ws.config.max_actions
    for code in units:
        unit = roster.units[code]
        people = []
        # a paper to sign holds a whole pledge: someone with too few or too many actions (the
        # unit's correction file says so) is printed once the corrected pledge comes in
        for person in pledge_people(ws, code):
            n = len(person.actions)
            if low <= n <= high:
                people.append(person)
            else:
                result.not_ready.append(t("documents.not_ready", name=person.name,
                                          unit=unit.name, n=n, low=low, high=high))
        if not people:
            result.units_without.append(unit.name)
            continue
        path = folder / f"dang-ky-{year}-{safe_filename(code)}-{safe_filename(unit.name)}.docx"
        result.files.append(write_pledges(path, settings, year, unit.name, people))
        result.people += len(people)
        result.units += 1
        result.too_long += [f"{p.name} ({unit.name})" for p in people if not fits_one_page(p)]
    return result


def _self_reviews(ws: Workspace, units: list[str], on: dt.date) -> DocumentsResult:
    from toolkit.outputs.documents.self_review import write_self_review
    from toolkit.outputs.documents.settings import settings_from_config
    from toolkit.outputs.documents.sources import review_people, rule_set
    year = ws.config.year
    result = DocumentsResult(SELF_REVIEW, year)
    roster = ws.roster()
    settings = settings_from_config(ws.config, on)
    rules = rule_set(ws.config, year)
    base = documents_folder(ws, SELF_REVIEW, year)
    for code in units:
        unit = roster.units[code]
        people = review_people(ws, code, year)
        if not people:
            result.units_without.append(unit.name)
            continue
        folder = base / f"{safe_filename(code)}-{safe_filename(unit.name)}"
        for person in people:
            name = f"kiem-diem-{year}-{safe_filename(person.person_id)}-" \
                   f"{safe_filename(person.name)}.docx"
            result.files.append(write_self_review(folder / name, settings, person, year, rules))
        result.people += len(people)
        result.units += 1
    return result
