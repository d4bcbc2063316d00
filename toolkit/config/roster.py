"""Units and people of the organisation, read from roster.xlsx."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import current_language, t
from toolkit.config.errors import WorkspaceError

if TYPE_CHECKING:
    from toolkit.config.workspace import Config

# Format of the roster's cache (.cache/roster.pickle): bump it when Unit, Person or Roster change
# (a field, a name, the module they live in).
ROSTER_CACHE_FORMAT = 1

@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    email: str = ""
    head: str = ""


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    unit: str
    position: str = ""
    party_member: bool = False
    key_leader: bool = False
    youth_member: bool = False
    civil_servant: bool = False
    party_group: str = ""
    email: str = ""


@dataclass
class Roster:
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def people_of(self, unit: str) -> list[Person]:
        """The unit's people: key leaders first, then in Vietnamese name order."""
        by_unit = self._cache.get("by_unit")
        if by_unit is None:
            by_unit = {}
            for p in self.people.values():
                by_unit.setdefault(p.unit, []).append(p)
            self._cache["by_unit"] = by_unit
            self._cache["sorted"] = set()
        people = by_unit.get(unit, [])
        if unit not in self._cache.setdefault("sorted", set()):
            from toolkit.common.text import name_sort_key
            people.sort(key=lambda p: (not p.key_leader, name_sort_key(p.name), p.person_id))
            self._cache["sorted"].add(unit)
        return list(people)

    def ids_of(self, unit: str) -> list[str]:
        """The unit's people ids, unsorted (cheap: for counting)."""
        if "by_unit" not in self._cache:
            self.people_of(unit)
        return [p.person_id for p in self._cache["by_unit"].get(unit, [])]

    def addresses_of(self, unit: str, people: bool = False) -> set[str]:
        """The mail addresses the roster gives ``unit`` (its e-mail column may hold several,
        separated by ";" or ","), lower-cased; with ``people``, its people's addresses too."""
        out: set[str] = set()
        u = self.units.get(unit)
        if u is not None:
            out |= {e.strip().lower() for e in u.email.replace(";", ",").split(",") if e.strip()}
        if people:
            out |= {p.email.strip().lower() for p in self.people.values()
                    if p.unit == unit and p.email.strip()}
        return out

    def unit_of_email(self, email: str) -> str | None:
        email = email.strip().lower()
        if not email:
            return None
        index = self._cache.get("emails")
        if index is None:
            index = {}
            for p in self.people.values():
                if p.email:
                    index.setdefault(p.email.strip().lower(), p.unit)
            for u in self.units.values():
                for e in u.email.replace(";", ",").split(","):
                    if e.strip():
                        index[e.strip().lower()] = u.code
            self._cache["emails"] = index
        return index.get(email)

    def folded_index(self) -> dict[str, list[Person]]:
        index = self._cache.get("folded")
        if index is None:
            from toolkit.common.text import fold
            index = {}
            for p in self.people.values():
                index.setdefault(fold(p.name), []).append(p)
            self._cache["folded"] = index
        return index


def load_roster(path: Path, config: Config) -> Roster:
    """Read roster.xlsx; any problem raises WorkspaceError naming the sheet, cell and fix."""
    from toolkit.forms import ROSTER
    from toolkit.read.convert import field_converter
    from toolkit.read.workbook import ReadError, read_tables

    if not path.is_file():
        raise WorkspaceError(t("err.roster", path=path, sheet="-", cell="-", problem=_p(
            "không có tệp. Hãy chạy 'lamtheobac init' hoặc chép danh sách vào đây.",
            "file missing. Run 'lamtheobac init' or put the roster here.")))
    try:
        tables, problems = read_tables(path.read_bytes(), ROSTER)
    except ReadError as exc:
        raise WorkspaceError(t("err.roster", path=path, sheet="-", cell="-", problem=exc)) from None
    if problems:
        first = problems[0]
        raise WorkspaceError(t("err.roster", path=path, sheet=first.sheet, cell=first.cell or "-",
                               problem=first.message()))
    roster = Roster()

    def fail(sheet: str, cell: str, vi: str, en: str) -> WorkspaceError:
        return WorkspaceError(t("err.roster", path=path, sheet=sheet, cell=cell,
                                problem=_p(vi, en)))

    units_table = ROSTER.table("units")
    unit_fields = [(f, field_converter(f, config)) for f in units_table.fields]
    for row in tables["units"]:
        vals = {}
        for f, convert in unit_fields:
            value, bad = convert(row.values.get(f.key))
            if bad:
                raise fail(units_table.sheet, row.cell(f.key),
                           f"giá trị \"{row.values.get(f.key)}\" không hợp lệ ở cột "
                           f"\"{f.header}\".", f"invalid value in {f.header}.")
            vals[f.key] = value
        if not vals["code"] and not vals["name"]:
            continue
        if not vals["code"] or not vals["name"]:
            key = "code" if not vals["code"] else "name"
            raise fail(units_table.sheet, row.cell(key), "thiếu mã hoặc tên đơn vị; hãy điền đủ.",
                       "unit code or name missing.")
        if vals["code"] in roster.units:
            raise fail(units_table.sheet, row.cell("code"),
                       f"mã đơn vị \"{vals['code']}\" bị trùng; mỗi đơn vị một mã.",
                       f"duplicate unit code {vals['code']}.")
        roster.units[vals["code"]] = Unit(vals["code"], vals["name"], vals["email"] or "",
                                          vals["head"] or "")
    people_table = ROSTER.table("people")
    people_fields = [(f, field_converter(f, config)) for f in people_table.fields]
    for row in tables["people"]:
        vals = {}
        for f, convert in people_fields:
            value, bad = convert(row.values.get(f.key))
            if bad:
                raise fail(people_table.sheet, row.cell(f.key),
                           f"giá trị \"{row.values.get(f.key)}\" không hợp lệ ở cột "
                           f"\"{f.header}\"; hãy chọn Có hoặc Không.",
                           f"invalid value in {f.header}.")
            vals[f.key] = value
        if not (vals["person_id"] or vals["name"] or vals["unit"]):
            continue
        for key in ("person_id", "name", "unit"):
            if not vals[key]:
                raise fail(people_table.sheet, row.cell(key),
                           f"thiếu \"{people_table.field(key).header}\"; hãy điền.",
                           f"missing {key}.")
        if vals["person_id"] in roster.people:
            raise fail(people_table.sheet, row.cell("person_id"),
                       f"mã cán bộ \"{vals['person_id']}\" bị trùng; mỗi người một mã.",
                       f"duplicate person id {vals['person_id']}.")
        if vals["unit"] not in roster.units:
            raise fail(people_table.sheet, row.cell("unit"),
                       f"mã đơn vị \"{vals['unit']}\" không có ở trang \"Đơn vị\".",
                       f"unit {vals['unit']} is not on the units sheet.")
        roster.people[vals["person_id"]] = Person(
            person_id=vals["person_id"], name=vals["name"], unit=vals["unit"],
            position=vals["position"] or "", party_member=bool(vals["party_member"]),
            key_leader=bool(vals["key_leader"]), youth_member=bool(vals["youth_member"]),
            civil_servant=bool(vals["civil_servant"]), party_group=vals["party_group"] or "",
            email=vals["email"] or "")
    if not roster.units:
        raise fail(units_table.sheet, "A7", "chưa có đơn vị nào; hãy điền danh sách đơn vị.",
                   "no units yet.")
    return roster


def load_roster_cached(path: Path, config: Config, cache_dir: Path) -> Roster:
    """load_roster(), remembered between runs while roster.xlsx is unchanged.

    A province roster has 100,000 people: reading and checking it takes seconds, and every command
    needs it. The cache (:class:`toolkit.common.cache.DiskCache`, a pickle the toolkit itself
    wrote in the workspace) is keyed by the roster's size and modification time.
    """
    from toolkit.common.cache import DiskCache, cache_key
    try:
        st = path.stat()
    except OSError:
        return load_roster(path, config)
    key = cache_key(st.st_size, st.st_mtime_ns)
    # 100,000 people made at once: collections in between would only walk them again
    cache = DiskCache(cache_dir / "roster.pickle", ROSTER_CACHE_FORMAT, paused_gc=True)
    roster = cache.load(key, expect=Roster)
    if roster is not None:
        return roster
    roster = load_roster(path, config)
    cache.save(key, Roster(roster.units, roster.people))
    return roster


def write_roster(path: Path, config: Config, roster: Roster | None = None) -> Path:
    """Write the roster workbook, blank (to fill) or with the given units and people."""
    from toolkit.forms import ROSTER
    from toolkit.forms.workbook import FIXED_TIME, WorkbookContext, write_form

    rows: dict[str, list[dict]] = {"units": [], "people": []}
    if roster:
        rows["units"] = [vars(u).copy() for u in roster.units.values()]
        rows["people"] = [
            {**vars(p), **{k: ("Có" if getattr(p, k) else "Không") for k in
                           ("party_member", "key_leader", "youth_member", "civil_servant")}}
            for p in roster.people.values()]
    ctx = WorkbookContext(config=config, unit=None, period=str(config.year),
                          generated_at=FIXED_TIME)
    return write_form(path, ROSTER, ctx, rows, with_meta=False, protect=False)


def write_roster_template(path: Path, config: Config) -> Path:
    return write_roster(path, config, None)


def _p(vi: str, en: str) -> str:
    return en if current_language() == "en" else vi
