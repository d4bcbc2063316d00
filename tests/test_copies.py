"""Copied pledges: the similarity of two texts, one text across units (PLEDGE_COPIED_OTHER_UNIT)
and a person's pledge of last year (PLEDGE_SAME_AS_LAST_YEAR), through the real ingest; the
demo's second year, made with `init --from` the demo's first."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.helpers import drop_in_inbox, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.cli.main import main
from toolkit.common.periods import Period
from toolkit.config.roster import Roster
from toolkit.config.workspace import Workspace
from toolkit.forms import get_form
from toolkit.forms.workbook import WorkbookContext, write_form
from toolkit.prefill.context import PrefillContext, template_name
from toolkit.prefill.registry import PREFILL
from toolkit.rules.copies import COUNT_CAP, AgencyIndex, copied_across_units, similarity, words_of

T = "Kiểm tra hồ sơ môi trường của 12 doanh nghiệp trong quý III"


# ------------------------------------------------------------------------------ similarity

def test_similarity() -> None:
    a = words_of("Giải quyết 100% hồ sơ được giao đúng hạn")
    assert similarity(a, words_of("giải quyết 100% hồ sơ được giao, đúng hạn!")) == 1.0
    assert similarity(a, words_of("Giải quyết 100% hồ sơ được giao đúng hạn, báo cáo hằng "
                                  "tháng")) >= 0.8
    assert similarity(words_of(T), words_of(T.replace("12", "15"))) >= 0.8    # a number
    assert similarity(a, words_of("Dự giờ đồng nghiệp 2 tiết mỗi tháng")) < 0.5
    assert similarity(a, ()) == 0.0


def test_the_cheap_bounds_never_change_the_answer() -> None:
    """similarity(a, b, t) is at least t exactly when similarity(a, b) is."""
    rng = random.Random(5)
    vocab = "a b c d e f g h i k".split()
    for _ in range(3000):
        a = tuple(rng.choice(vocab) for _ in range(rng.randint(1, 9)))
        b = tuple(rng.choice(vocab) for _ in range(rng.randint(1, 9)))
        for t in (0.5, 0.8, 0.9):
            assert (similarity(a, b, t) >= t) == (similarity(a, b) >= t), (a, b, t)


# ------------------------------------------------------------------------------ the index

def _roster() -> Roster:
    return Roster()


def _flags(index: AgencyIndex, unit: str, texts: list[tuple[str, str, str]],
           min_people: int = 3) -> list[Any]:
    return copied_across_units(index, unit, texts, _roster(), min_people, "f.xlsx", "Đăng ký")


def test_one_text_across_units() -> None:
    index = AgencyIndex(0.8)
    a = [("A1", T, "D7"), ("A2", T, "D8"), ("A3", "Trồng 20 cây xanh trước 30/4", "D9")]
    b = [("B1", T.replace("12", "15"), "D7"), ("B2", "Dự giờ 2 tiết mỗi tháng", "D8")]
    index.add("A", [(p, t) for p, t, _ in a], 1)
    index.add("B", [(p, t) for p, t, _ in b], 2)
    got_a, got_b = _flags(index, "A", a), _flags(index, "B", b)
    assert [i.cell for i in got_a] == ["D7", "D8"] and [i.cell for i in got_b] == ["D7"]
    args = dict(got_b[0].args)
    assert args["other"] == T and args["count"] == 3 and args["units"] == 2
    assert args["score"] >= 80 and args["other_unit"] == "A"
    assert "A" in got_b[0].message() and T in got_b[0].message()
    assert _flags(index, "A", a, min_people=4) == []        # fewer people than the setting


def test_copies_inside_one_unit_are_not_across_units() -> None:
    index = AgencyIndex(0.8)
    a = [(f"A{i}", T, f"D{7 + i}") for i in range(4)]
    index.add("A", [(p, t) for p, t, _ in a], 1)
    index.add("B", [("B1", "Dự giờ 2 tiết mỗi tháng")], 2)
    assert _flags(index, "A", a) == []


def test_a_text_everybody_pledges_is_listed_once_not_flagged() -> None:
    index = AgencyIndex(0.8)
    rows = {u: [(f"{u}P", "Đi làm đúng giờ trong cả năm", "D7")] for u in
            (f"U{k}" for k in range(COUNT_CAP + 5))}
    for k, (u, texts) in enumerate(rows.items()):
        index.add(u, [(p, t) for p, t, _ in texts], k)
    assert all(_flags(index, u, texts) == [] for u, texts in rows.items())
    assert [(t, units) for t, _, units in index.common()] == [
        ("Đi làm đúng giờ trong cả năm", COUNT_CAP + 5)]


# ------------------------------------------------------------------------------ through ingest

def _own_rows(ws: Workspace, unit: str) -> dict[str, list[dict]]:
    """Valid pledge rows in which nobody's text is like anyone else's in the workspace (the
    tests' usual rows repeat three texts with a code added: copies across units)."""
    from toolkit.demo.data import PERSONAL_BY_UNIT, UNIT_ACTIONS
    pool = [t for texts in (*UNIT_ACTIONS.values(), *PERSONAL_BY_UNIT.values()) for t in texts]
    units = list(ws.roster().units)
    rows = pledge_rows(ws, unit)
    k = 0
    for r in rows["pledges"]:
        if r.get("action"):
            r["action"] = pool[(units.index(unit) * 19 + k) % len(pool)]
            k += 1
    return rows


def _with_text(ws: Workspace, unit: str, people: int, text: str) -> dict[str, list[dict]]:
    rows = _own_rows(ws, unit)
    done: list[str] = []
    for r in rows["pledges"]:
        if r.get("action") and r["person_id"] not in done and len(done) < people:
            r["action"] = text
            done.append(r["person_id"])
    return rows


def _copied(ws: Workspace) -> dict[str, int]:
    """unit -> PLEDGE_COPIED_OTHER_UNIT issues of its current pledge, as status reads them."""
    with ws.store() as store:
        subs = store.submissions("pledge", "2024")
        issues = store.issues_of([s["id"] for s in subs])
        counts = {s["unit"]: s["n_warnings"] for s in subs}
    found: dict[str, int] = {}
    for i in issues:
        if i.code == "PLEDGE_COPIED_OTHER_UNIT":
            found[i.unit] = found.get(i.unit, 0) + 1
    assert all(counts[u] >= n for u, n in found.items())
    return found


def test_copies_across_units_in_one_run_and_in_two(ws: Workspace) -> None:
    """Two people of one unit and one of another write the same text: all three are flagged,
    whether the files arrive together or one after the other; when the second unit sends a
    correction without it, the first unit's warnings go too."""
    a, b, c = list(ws.roster().units)
    t0 = dt.datetime(2024, 3, 1, 9)
    drop_in_inbox(ws, a, _with_text(ws, a, 2, T), t0)
    report = ingest(ws)
    assert _copied(ws) == {}
    assert not any(i.code == "PLEDGE_COPIED_OTHER_UNIT" for f in report.files for i in f.issues)
    drop_in_inbox(ws, b, _with_text(ws, b, 1, T.replace("12", "20")), t0 + dt.timedelta(days=1))
    report = ingest(ws)
    assert _copied(ws) == {a: 2, b: 1}
    assert [i.code for f in report.files for i in f.issues].count("PLEDGE_COPIED_OTHER_UNIT") == 1
    # b corrects its pledge: a's two people are no longer a copy across units
    drop_in_inbox(ws, b, _own_rows(ws, b), t0 + dt.timedelta(days=2))
    ingest(ws)
    assert _copied(ws) == {}
    # c and b send together, both with the text: all four flagged at once
    drop_in_inbox(ws, b, _with_text(ws, b, 1, T), t0 + dt.timedelta(days=3))
    drop_in_inbox(ws, c, _with_text(ws, c, 1, T), t0 + dt.timedelta(days=3))
    ingest(ws)
    assert _copied(ws) == {a: 2, b: 1, c: 1}


# ------------------------------------------------------------------------------ the second year

def _deliver_2025(ws: Workspace, unit: str, actions: dict[str, str]) -> Path:
    """A 2025 pledge of ``unit``: every person two concrete actions of their own, the ones in
    ``actions`` (person id -> text) as given."""
    roster = ws.roster()
    u = roster.units[unit]
    form = get_form("pledge")
    pc = PrefillContext(ws.config, roster, u, Period(2025, "Y"), None)
    rows = PREFILL["pledge"](pc)
    seen: dict[str, int] = {}
    std = ws.config.standards
    for row in rows["pledges"]:
        k = seen.get(row["person_id"], 0)
        seen[row["person_id"]] = k + 1
        if k >= 2:
            continue
        text = f"Số hoá {10 + k} hồ sơ lưu trữ của {row['name']} trước ngày 30/9/2025"
        if k == 0 and row["person_id"] in actions:
            text = actions[row["person_id"]]
        row.update(action=text, standard=std[0].label, goal="Có báo cáo kết quả hằng quý",
                   deadline=dt.date(2025, 9, 30))
    rows["emulation"] = [{"activity": "Thi đua cải cách hành chính", "goal": "100% hồ sơ đúng hạn",
                          "period": "Năm 2025", "owner": "Trưởng phòng"}]
    ctx = WorkbookContext(config=ws.config, unit=u, period="2025",
                          generated_at=dt.datetime(2025, 1, 10, 8))
    return write_form(ws.inbox / template_name(form, u, Period(2025, "Y")), form, ctx, rows)


def test_demo_second_year_flags_a_pledge_copied_from_last_year(demo_ws: Workspace,
                                                               tmp_path: Path) -> None:
    """`init --from` the demo's 2024 workspace makes the 2025 one (the old one left as it was);
    a person who pledges their 2024 action again (a number changed) is warned, with both
    texts; a person with a new action is not."""
    old_store = demo_ws.store_path.read_bytes()
    new = tmp_path / "nam-2025"
    result = CliRunner().invoke(main, ["init", str(new), "--from", str(demo_ws.root)])
    assert result.exit_code == 0, result.output
    assert "việc làm theo năm 2024" in result.output
    assert demo_ws.store_path.read_bytes() == old_store
    assert not Path(str(demo_ws.store_path) + "-shm").exists()
    ws = Workspace.open(new)
    cfg = ws.config
    assert cfg.year == 2025 and cfg.org_id == demo_ws.config.org_id
    assert {"year.theme", "year.study_topic", "year.registration_deadline"} <= set(cfg.to_fill)
    assert cfg.registration_deadline == dt.date(2025, 3, 15)
    assert set(ws.roster().people) == set(demo_ws.roster().people)
    with ws.store() as store:
        reference = store.reference_pledges(2024)
    assert reference and all(r.year == 2024 for r in reference)
    # a person of a unit that pledged in 2024, who pledges the same again
    import re
    last = next(r for r in reference if re.search(r"\d", r.action))
    again = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), last.action, count=1)
    _deliver_2025(ws, last.unit, {last.person_id: again})
    report = ingest(ws)
    [stored] = report.files
    assert stored.status == "stored", [i.code for i in stored.issues]
    same = [i for i in stored.issues if i.code == "PLEDGE_SAME_AS_LAST_YEAR"]
    assert [i.person_id for i in same] == [last.person_id]
    args = dict(same[0].args)
    assert args["previous"] == last.action and same[0].value == again and args["year"] == 2024
    message = same[0].message()
    assert last.action in message and again in message and "2024" in message
    assert hashlib.sha256(demo_ws.store_path.read_bytes()).digest() == \
        hashlib.sha256(old_store).digest()


def test_last_year_threshold_is_a_setting(pledged: Workspace, tmp_path: Path) -> None:
    """copy_similarity: 1.0 flags only the very same text (after folding)."""
    new = tmp_path / "y2"
    r = CliRunner().invoke(main, ["init", str(new), "--from", str(pledged.root)])
    assert r.exit_code == 0, r.output
    ws = Workspace.open(new)
    with ws.store() as store:
        reference = store.reference_pledges(2024)
    person = reference[0]
    changed = person.action.replace("Đọc", "Đọc kỹ") + " và ghi chép"
    text = ws.config.path.read_text(encoding="utf-8").replace("copy_similarity = 0.8",
                                                              "copy_similarity = 1.0")
    ws.config.path.write_text(text, encoding="utf-8")
    ws = Workspace.open(new)
    other = next(r for r in reference if r.unit != person.unit)
    _deliver_2025(ws, person.unit, {person.person_id: changed})
    _deliver_2025(ws, other.unit, {other.person_id: other.action.upper()})
    report = ingest(ws)
    same = [i for f in report.files for i in f.issues if i.code == "PLEDGE_SAME_AS_LAST_YEAR"]
    assert [i.person_id for i in same] == [other.person_id]
