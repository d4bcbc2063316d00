"""Properties (hypothesis): whatever a unit types into the input columns, reading and validating
never crashes and speaks only in catalogue codes; and a workbook generated, filled and read back
gives the same data.

Workbooks are real: generated from the pledge template with the unit's people, written to disk,
inspected, read with python-calamine and validated as ingest does it.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from toolkit.common.issues import CATALOGUE
from toolkit.common.periods import Period
from toolkit.common.text import clean
from toolkit.config.roster import write_roster
from toolkit.config.workspace import Workspace, init_workspace
from toolkit.demo.data import build_roster
from toolkit.forms import get_form
from toolkit.forms.workbook import WorkbookContext, write_form
from toolkit.intake.safety import inspect_bytes
from toolkit.prefill.context import PrefillContext
from toolkit.prefill.registry import PREFILL
from toolkit.read.workbook import ReadError, read_workbook
from toolkit.rules.context import Context
from toolkit.rules.engine import validate

PLEDGE = get_form("pledge")
SETTINGS = settings(max_examples=40, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def prop_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    w = init_workspace(tmp_path_factory.mktemp("prop") / "ws", 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=2,
                                                       min_people=3, max_people=3))
    return Workspace.open(w.root)


def _roundtrip(ws: Workspace, rows: dict[str, list[dict[str, Any]]], date1904: bool = False,
               allow_read_error: bool = False) -> Any:
    """Write the unit's pledge workbook with ``rows``, then inspect, read and validate it."""
    roster = ws.roster()
    unit = next(iter(roster.units))
    ctx = WorkbookContext(config=ws.config, unit=roster.units[unit], period="2024",
                          generated_at=dt.datetime(2024, 1, 10, 8))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_form(Path(tmp) / "dang-ky.xlsx", PLEDGE, ctx, rows)
        data = path.read_bytes()
    inspection = inspect_bytes("dang-ky.xlsx", data)
    assert inspection.readable, inspection.findings
    try:
        result = read_workbook(data, PLEDGE, "dang-ky.xlsx")
    except ReadError as exc:          # the reader refused the file: ingest says FILE_READ_FAILED
        if not allow_read_error:
            raise
        event("read error")
        assert str(exc)
        return None
    vctx = Context(config=ws.config, roster=roster, file="dang-ky.xlsx",
                   submitted_at=dt.datetime(2024, 3, 1), date1904=date1904)
    return validate(result, vctx)


def _people_rows(ws: Workspace) -> list[dict[str, Any]]:
    roster = ws.roster()
    unit = next(iter(roster.units))
    pc = PrefillContext(ws.config, roster, roster.units[unit], Period(2024, "Y"), None)
    return PREFILL["pledge"](pc)["pledges"]


# ------------------------------------------------------------------------------ never crashes

_any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
_any_value = st.one_of(
    st.none(),
    _any_text,
    st.sampled_from(["30/9/2024", "31/02/2024", "45565", "=1+1", "+1", "-", "Có", "  ", "\n",
                     "ngày 5 tháng 3 năm 2024", "2024-09-30", "1.234,5", "TN", "B¸c", "Ñoïc",
                     "2958465", "99999999"]),
    # serials at the ends of the calendar (1900 and 1904 systems), fractions, negatives
    st.sampled_from([0.0, 0.5, -1.0, 59.0, 60.0, 61.0, 2957003.0, 2957004.0, 2958465.0,
                     2958465.99, 2958466.0, 1e15]),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.booleans(),
)
_inputs = st.fixed_dictionaries({k: _any_value for k in ("action", "standard", "goal",
                                                          "deadline", "note")})
_emulation = st.fixed_dictionaries({k: _any_value for k in ("activity", "goal", "period",
                                                             "owner")})


@SETTINGS
@given(st.lists(_inputs, min_size=1, max_size=6), st.lists(_emulation, max_size=3),
       st.booleans())
@example([{"action": "Đọc sách", "standard": None, "goal": None, "deadline": 2958000.0,
           "note": None}], [], True)                 # a 1904 serial past 31/12/9999
def test_any_typed_values_never_crash_validation(prop_ws: Workspace, inputs: list[dict[str, Any]],
                                                 emulation: list[dict[str, Any]],
                                                 date1904: bool) -> None:
    people = _people_rows(prop_ws)
    rows = [{**people[i % len(people)], **values} for i, values in enumerate(inputs)]
    outcome = _roundtrip(prop_ws, {"pledges": rows, "emulation": emulation}, date1904,
                         allow_read_error=True)
    if outcome is None:
        return
    assert outcome.form is not None
    for issue in outcome.issues:
        assert issue.code in CATALOGUE
        values = [issue.value, issue.file, issue.sheet, issue.person_id,
                  *(str(v) for _, v in issue.args)]
        for lang in ("vi", "en"):
            text = issue.message(lang)
            for v in sorted(filter(None, values), key=len, reverse=True):
                text = text.replace(v, "")          # braces the unit typed may show, no others
            assert "{" not in text and "}" not in text, issue.message(lang)


# ------------------------------------------------------------------------------ round trip

# what people type: letters (Vietnamese included), digits, punctuation, spaces, line breaks
_typed = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs"),
                               include_characters="\n"), min_size=1, max_size=60)
_dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31))


@st.composite
def _filled(draw: Any, standards: list[str], people: list[dict[str, Any]]) -> list[dict]:
    rows = []
    for person in people:
        if draw(st.booleans()):
            rows.append(dict(person))                    # this row left empty
            continue
        rows.append({**person, "action": draw(_typed.filter(lambda s: clean(s) is not None)),
                     "standard": draw(st.sampled_from(standards)),
                     "goal": draw(st.none() | _typed), "deadline": draw(_dates),
                     "note": draw(st.none() | _typed)})
    return rows


def _expected(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


@SETTINGS
@given(st.data())
def test_generated_then_filled_workbook_round_trips(prop_ws: Workspace, data: Any) -> None:
    people = _people_rows(prop_ws)
    standards = [s.label for s in prop_ws.config.standards]
    rows = data.draw(_filled(standards, people))
    outcome = _roundtrip(prop_ws, {"pledges": rows, "emulation": []})
    assert outcome.form is not None
    got = outcome.records["pledges"]
    assert [r["_row"] for r in got] == list(range(7, 7 + len(rows)))   # no row lost or added
    for sent, read in zip(rows, got):
        for key in ("person_id", "name", "position", "action", "standard", "goal", "deadline",
                    "note"):
            assert read.get(key) == _expected(sent.get(key)), (key, sent.get(key), read)
    # read as the form it is (a warning such as a legacy-encoding guess on random text is fine)
    assert not [i for i in outcome.issues if i.is_error and i.code.startswith(
        ("FILE_", "META_", "HEADER_", "SHEET_"))]
