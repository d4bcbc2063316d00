"""Checks every form's rules share: required fields, input fields, the row's person."""

from __future__ import annotations

from typing import Any

from toolkit.common.issues import Issue
from toolkit.common.text import canonical, fold
from toolkit.forms.spec import Form, Table
from toolkit.rules.context import Context


def required_missing(table_key: str, form: Form, rec: dict[str, Any], keys: tuple[str, ...],
                     ctx: Context, unit: str, person: str, issues: list[Issue]) -> None:
    for key in keys:
        if rec.get(key) in (None, "") and key not in rec.get("_bad", []):
            table = form.table(table_key)
            f = table.field(key)
            issues.append(Issue.make("REQUIRED_MISSING", file=ctx.file, sheet=table.sheet,
                                     cell=rec["_cells"].get(key, ""), unit=unit, person_id=person,
                                     field=key, header=f.header))


_INPUTS: dict[int, tuple[Table, list[str]]] = {}


def input_keys(table: Table) -> list[str]:
    """The keys of ``table``'s input fields, worked out once per Table object."""
    hit = _INPUTS.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_INPUTS) >= 256:
            _INPUTS.clear()
        hit = _INPUTS[id(table)] = (table, [f.key for f in table.inputs])
    return hit[1]


def has_input(rec: dict[str, Any], keys: list[str]) -> bool:
    """Whether a record has a value (or a bad value) in one of the input fields ``keys``."""
    bad = rec.get("_bad", ())
    for key in keys:
        if rec.get(key) not in (None, "") or key in bad:
            return True
    return False


# ---------------------------------------------------------------- people

def check_person(rec: dict[str, Any], table_key: str, form: Form, ctx: Context, unit: str,
                 issues: list[Issue]) -> bool:
    """True when the row's person is in the roster and in this unit."""
    pid = rec.get("person_id") or ""
    name = rec.get("name") or ""
    person = ctx.roster.people.get(pid)
    if person is not None and person.unit == unit and (not name or name == person.name):
        return True         # the common case: a person of the unit, named as in the roster
    cells = rec["_cells"]
    if person is None and not pid and name:
        matches = ctx.roster.folded_index().get(fold(name), [])
        exact = [p for p in matches if canonical(p.name) == canonical(name)]
        if len(exact) == 1:
            person = exact[0]
            rec["person_id"] = pid = person.person_id
    if person is None:
        if not pid and not name:
            return False
        issues.append(Issue.make("PERSON_UNKNOWN", name=name or "?", value=pid or name,
                                 **_person_place(ctx, form, table_key, cells, unit, pid)))
        return False
    if person.unit != unit:
        other = ctx.roster.units.get(person.unit)
        issues.append(Issue.make("PERSON_OTHER_UNIT", name=person.name, value=pid,
                                 other_unit=other.name if other else person.unit,
                                 **_person_place(ctx, form, table_key, cells, unit, pid)))
        return False
    if name and name != person.name and canonical(name) != canonical(person.name):
        place = _person_place(ctx, form, table_key, cells, unit, pid)
        issues.append(Issue.make("PERSON_NAME_MISMATCH", found=name, expected=person.name,
                                 value=name, **{**place, "cell": cells.get("name", "")}))
    return True


def _person_place(ctx: Context, form: Form, table_key: str, cells: dict[str, str], unit: str,
                  pid: str) -> dict[str, Any]:
    """Where a person issue is: the row's person id cell."""
    return dict(file=ctx.file, sheet=form.table(table_key).sheet,
                cell=cells.get("person_id", ""), unit=unit, person_id=pid, field="person_id")
