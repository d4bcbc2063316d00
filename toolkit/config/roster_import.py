"""Roster import: the lists offices already have, turned into the roster (units and people).

An HR export, the party-member list, a unit's own sheet: a title block above the table, headers
worded in many ways (found by synonyms, over one row or two merged rows), names in one column or
two (họ đệm + tên), dates typed as text, people grouped under unit headings. :func:`import_roster`
reads one or more such files (.xlsx, .xlsm, .xls, .ods, .csv), shows which column it took for
what (:class:`SheetMapping`), and builds a :class:`~toolkit.config.roster.Roster` with what it
could not settle listed as :class:`ImportProblem` (file, sheet, cell): the same id twice, the
same name and birth date twice, people without a unit. Nothing is written here: the command
shows the preview and writes roster.xlsx only once it is confirmed.

People found in several files (the HR export and the party list) are one person when they share
an id, or a name and a birth date: the later file adds what the earlier lacked (party membership,
a position). Within one file the same is a duplicate: the first row is kept, the later one is
listed and left out, so the roster written always validates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import parse_date
from toolkit.common.i18n import t
from toolkit.common.text import canonical, clean, fold
from toolkit.common.xlref import a1
from toolkit.config.errors import WorkspaceError
from toolkit.config.roster import Person, Roster, Unit

if TYPE_CHECKING:
    import datetime as dt

# field -> the header texts (folded, punctuation as spaces) that name it
SYNONYMS: dict[str, tuple[str, ...]] = {
    "person_id": ("ma can bo", "ma cb", "ma nhan vien", "ma nv", "ma cong chuc", "ma ccvc",
                  "ma nhan su", "ma so can bo", "ma so", "ma dinh danh", "so hieu can bo",
                  "ma dang vien", "id"),
    "name": ("ho va ten", "ho ten", "ten can bo", "ho va ten can bo", "ho ten can bo",
             "ho va ten dang vien", "ho ten dang vien", "ho va ten doan vien", "ten nhan vien",
             "ho va ten nhan vien", "ho ten nhan vien", "ho va ten khai sinh"),
    "family": ("ho dem", "ho va dem", "ho va ten dem", "ho lot", "ho va chu dem", "ho"),
    "given": ("ten", "ten goi"),
    "birth": ("ngay sinh", "ngay thang nam sinh", "sinh ngay", "nam sinh", "ngay thang sinh"),
    "unit": ("don vi", "phong ban", "phong", "ban", "bo phan", "don vi cong tac", "khoa phong",
             "noi cong tac", "co quan don vi", "phong ban don vi", "don vi phong ban"),
    "unit_code": ("ma don vi", "ma phong", "ma bo phan", "ma phong ban"),
    "position": ("chuc vu", "chuc danh", "chuc vu chuc danh", "chuc danh chuc vu",
                 "chuc vu hien tai", "chuc vu dang", "chuc vu chinh quyen"),
    "party": ("dang vien", "la dang vien"),
    "party_date": ("ngay vao dang", "ngay ket nap", "ngay ket nap dang", "ngay ket nap vao dang",
                   "ngay chinh thuc", "so the dang vien", "so the dang"),
    "youth": ("doan vien", "la doan vien", "doan vien thanh nien"),
    "youth_date": ("ngay vao doan", "ngay ket nap doan"),
    "key_leader": ("lanh dao chu chot", "can bo chu chot", "can bo lanh dao chu chot"),
    "civil_servant": ("cong chuc vien chuc", "cong chuc", "vien chuc", "la cong chuc"),
    "party_group": ("to dang", "chi bo"),
    "email": ("email", "e mail", "thu dien tu", "dia chi email", "dia chi thu dien tu",
              "hop thu"),
}
# what each field is called in the preview (Vietnamese, English)
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "person_id": ("Mã cán bộ", "Person ID"), "name": ("Họ và tên", "Full name"),
    "family": ("Họ đệm", "Family and middle name"), "given": ("Tên", "Given name"),
    "birth": ("Ngày sinh", "Birth date"), "unit": ("Đơn vị", "Unit"),
    "unit_code": ("Mã đơn vị", "Unit code"), "position": ("Chức vụ", "Position"),
    "party": ("Đảng viên", "Party member"), "party_date": ("Ngày vào Đảng", "Joined the party"),
    "youth": ("Đoàn viên", "Youth member"), "youth_date": ("Ngày vào Đoàn", "Joined the union"),
    "key_leader": ("Lãnh đạo chủ chốt", "Key leader"),
    "civil_servant": ("Công chức, viên chức", "Civil servant"),
    "party_group": ("Tổ đảng", "Party group"), "email": ("Thư điện tử", "E-mail"),
}
# one-word synonyms are too loose to find inside a longer header ("tên" in "họ và tên")
_EXACT_ONLY = frozenset(s for syns in SYNONYMS.values() for s in syns if " " not in s)
_SCAN_ROWS = 40                 # the header is looked for in the first rows of a sheet
_YES = frozenset({"x", "co", "yes", "y", "1", "true", "dang vien", "doan vien", "v", "ok",
                  "\u2713", "\u2714", "\u221a"})
_NO = frozenset({"", "khong", "no", "n", "0", "false", "-", "chua"})
_FOOTER = re.compile(r"^(?:tong cong|tong so|cong|nguoi lap|nguoi lap bieu|thu truong|"
                     r"xac nhan|ghi chu|ky ten|tm |t m |k t |kt |truong phong to chuc)")
_ENUMERATOR = re.compile(r"^\s*(?:[IVXLC]+|\d+|[A-Za-z])\s*[.)/-]\s*")
_UNIT_LINE = re.compile(r"^\s*(?:don vi|phong|ban|bo phan|phong ban)\s*:\s*(.+)$")
_LEADER = re.compile(r"^(?:truong|giam doc|chanh van phong|chanh thanh tra|bi thu|chu tich|"
                     r"thu truong|truong ban|tong giam doc)\b")
_UNIT_WORDS_DROPPED = frozenset({"phong", "va", "cac", "cua", "ve", "tai"})


@dataclass(frozen=True)
class ColumnChoice:
    """A column taken for a field: where its header is, and what it says."""

    field: str
    column: int
    cell: str
    header: str


@dataclass
class SheetMapping:
    """How one sheet was read: the header row(s), the columns taken and those left."""

    file: str
    sheet: str
    header_rows: tuple[int, ...]            # 1-based
    columns: list[ColumnChoice]
    unused: list[tuple[str, str]]           # (cell, header) of columns not taken
    people: int = 0
    default_unit: str = ""                  # from a title line "Đơn vị: …" or --unit


@dataclass(frozen=True)
class ImportProblem:
    """Something the import could not settle, with its place. ``kind`` is a stable code."""

    kind: str               # duplicate_id, duplicate_person, no_unit, other_id, bad_date
    file: str
    sheet: str
    cell: str
    args: tuple[tuple[str, Any], ...] = ()

    def message(self) -> str:
        return t(f"roster_import.{self.kind}", file=self.file, sheet=self.sheet, cell=self.cell,
                 **dict(self.args))


@dataclass
class Imported:
    """One person as read: the values, where they came from, and the unit's name or code."""

    values: dict[str, Any]
    file: str
    sheet: str
    row: int                # 1-based
    cells: dict[str, str]
    unit_text: str = ""


@dataclass
class RosterImport:
    """What :func:`import_roster` found: the roster to write, how it read, what to look at."""

    roster: Roster
    mappings: list[SheetMapping]
    problems: list[ImportProblem]
    birth_dates: dict[str, dt.date | None] = field(default_factory=dict)
    generated_ids: int = 0
    reused_ids: int = 0
    inferred_leaders: int = 0
    new_units: list[str] = field(default_factory=list)

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)


# ---------------------------------------------------------------- reading the files

def _grids(path: Path) -> list[tuple[str, list[list[Any]], list[tuple[int, int, int, int]]]]:
    """Each sheet of the file: its name, its cells (rows of values), its merged ranges
    (first row, first column, last row, last column; 0-based)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [(path.stem, _csv_rows(path), [])]
    data = path.read_bytes()
    if suffix in (".xlsx", ".xlsm"):
        from toolkit.intake.safety import inspect_bytes
        inspection = inspect_bytes(path.name, data)
        refused = [f for f in inspection.findings if f.code in (
            "FILE_ZIP_BOMB", "FILE_XML_ENTITIES", "FILE_SHEET_TOO_LARGE", "FILE_TRUNCATED",
            "FILE_ENCRYPTED", "FILE_NOT_WORKBOOK")]
        if refused or not inspection.readable:
            code = refused[0].code if refused else inspection.kind
            raise WorkspaceError(t("roster_import.unreadable", file=path.name, problem=code))
    from toolkit.read.workbook import ReadError, open_workbook, sheet_rows
    try:
        wb = open_workbook(data)
        out = []
        for name in wb.sheet_names:
            rows = sheet_rows(wb, name)
            try:
                merged = [(a[0], a[1], b[0], b[1]) for a, b in
                          (wb.get_sheet_by_name(name).merged_cell_ranges or [])]
            except Exception:       # not every format knows merged cells
                merged = []
            out.append((clean(name) or name, rows, merged))
        return out
    except ReadError as exc:
        raise WorkspaceError(t("roster_import.unreadable", file=path.name,
                               problem=str(exc))) from None


def _csv_rows(path: Path) -> list[list[Any]]:
    import csv
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WorkspaceError(t("roster_import.unreadable", file=path.name,
                               problem="không phải UTF-8 hay Windows-1258"))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(text.splitlines(), dialect)]


# ---------------------------------------------------------------- finding the header

def header_key(value: Any) -> str:
    """A header cell as the synonyms are written: folded, punctuation as spaces."""
    if value is None:
        return ""
    return " ".join(re.sub(r"[^\w]+", " ", fold(str(value))).split())


def _score(label: str, synonym: str) -> int:
    if not label:
        return 0
    if label == synonym:
        return 3
    if synonym in _EXACT_ONLY:
        return 0
    if label.startswith(synonym + " "):
        return 2
    return 1 if f" {synonym} " in f" {label} " else 0


def _match(labels: Sequence[tuple[str, int]]) -> tuple[int, str]:
    """The best (score, field) for a column's candidate labels (label, penalty)."""
    best = (0, "", 0)
    for label, penalty in labels:
        for fld, synonyms in SYNONYMS.items():
            for syn in synonyms:
                s = _score(label, syn)
                if s:
                    key = (s - penalty, fld, len(syn))
                    if (key[0], key[2]) > (best[0], best[2]):
                        best = key
    return best[0], best[1]


def _header_labels(grid: list[list[Any]], r: int, two: bool,
                   merged: list[tuple[int, int, int, int]]) -> list[list[tuple[str, int]]]:
    """For each column, its candidate labels (label, penalty) with the header at row ``r`` (and
    ``r + 1`` when ``two``): the lower row's text first, then "upper lower", then the upper."""
    width = max((len(row) for row in grid[r:r + 2]), default=0)
    top = [header_key(v) for v in grid[r]] + [""] * (width - len(grid[r]))
    if not two:
        return [[(x, 0)] if x else [] for x in top]
    sub_row = grid[r + 1] if r + 1 < len(grid) else []
    sub = [header_key(v) for v in sub_row] + [""] * (width - len(sub_row))
    # a group header merged over several columns: its text belongs to each of them
    filled = list(top)
    for r0, c0, _r1, c1 in merged:
        if r0 == r and c1 > c0 and c0 < width:
            for c in range(c0 + 1, min(c1 + 1, width)):
                filled[c] = filled[c] or top[c0]
    for c in range(1, width):      # no merge information: an empty top over a sub-header
        if not filled[c] and sub[c] and filled[c - 1] and sub[c - 1]:
            filled[c] = filled[c - 1]
    out = []
    for up, low in zip(filled, sub):
        labels = []
        if low:
            labels.append((low, 0))
            if up:
                labels += [(f"{up} {low}", 1), (up, 1)]
        elif up:
            labels.append((up, 0))
        out.append(labels)
    return out


def _assign(labels: list[list[tuple[str, int]]]) -> dict[str, int]:
    """field -> column: each column's best field, the better claim winning a field."""
    claims = []
    for c, cands in enumerate(labels):
        score, fld = _match(cands)
        if score > 0:
            claims.append((score, -c, fld, c))
    taken: dict[str, int] = {}
    used: set[int] = set()
    for *_, fld, c in sorted(claims, reverse=True):
        if fld not in taken and c not in used:
            taken[fld] = c
            used.add(c)
    if "family" in taken and "given" not in taken:     # "Họ" alone is not half of a name
        taken.pop("family")
    if "name" not in taken and not ("family" in taken and "given" in taken):
        return {}
    return taken


def find_header(grid: list[list[Any]], merged: list[tuple[int, int, int, int]]
                ) -> tuple[int, bool, dict[str, int], list[list[tuple[str, int]]]] | None:
    """The header: its first row (0-based), whether it spans two rows, field -> column, and the
    candidate labels; None when no row names a person's name column."""
    best_key: tuple[int, int, int, bool] | None = None
    best: tuple[int, bool, dict[str, int], list[list[tuple[str, int]]]] | None = None
    for r in range(min(len(grid), _SCAN_ROWS)):
        if sum(1 for v in grid[r] if header_key(v)) < 2:
            continue
        for two in (False, True):
            if two and r + 1 >= len(grid):
                continue
            labels = _header_labels(grid, r, two, merged)
            fields = _assign(labels)
            if not fields:
                continue
            score = sum(_match(labels[c])[0] for c in fields.values())
            # the most and best matched headers; then the earlier row, one row before two
            key = (score, len(fields), -r, not two)
            if best_key is None or key > best_key:
                best_key, best = key, (r, two, fields, labels)
    return best


# ---------------------------------------------------------------- reading the people

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)) or ""


def _yes(value: Any) -> bool | None:
    """True, False, or None (not a yes/no: e.g. a date in a "Đảng viên" column means yes)."""
    key = header_key(value) if not isinstance(value, (int, float)) else str(value)
    if isinstance(value, str) and value.strip() in ("\u2713", "\u2714", "\u221a"):
        return True
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def _default_unit(grid: list[list[Any]], header_row: int) -> str:
    """A title line above the table such as "Đơn vị: Phòng Kế hoạch – Tổng hợp"."""
    for row in grid[:header_row]:
        for v in row:
            text = _text(v)
            m = _UNIT_LINE.match(fold(text)) if text else None
            if m:
                return text.split(":", 1)[1].strip()
    return ""


_UNIT_HEADING = re.compile(r"\b(?:phong|ban|van phong|trung tam|doi|to|khoa|chi cuc|chi bo|"
                           r"bo phan|xi nghiep|tram|don vi)\b")


def _section(row: list[Any], fields: dict[str, int]) -> str | None:
    """The unit a heading row opens ("I. VĂN PHÒNG", "Phòng Kế hoạch" alone on its row), or
    None. A row with one cell is a heading when it is numbered, in capitals, names a kind of
    unit, or stands outside the name column."""
    values = [(c, _text(v)) for c, v in enumerate(row) if _text(v)]
    if len(values) != 1:
        return None
    c, text = values[0]
    if not re.search(r"[^\W\d_]", text) or c == fields.get("birth"):
        return None
    heading = _ENUMERATOR.sub("", text, count=1).strip()
    key = header_key(heading)
    if not heading or _FOOTER.match(key):
        return None
    if (heading != text or heading.isupper() or _UNIT_HEADING.search(key)
            or c not in (fields.get("name"), fields.get("family"))):
        return heading
    return None


def _looks_like_a_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 7 and not re.search(r"\d", text) and bool(
        re.search(r"[^\W\d_]", text))


def read_sheet(grid: list[list[Any]], merged: list[tuple[int, int, int, int]], file: str,
               sheet: str, default_unit: str = ""
               ) -> tuple[SheetMapping | None, list[Imported], list[ImportProblem]]:
    """The people of one sheet, how its columns were read, and the dates that are not dates."""
    found = find_header(grid, merged)
    if found is None:
        return None, [], []
    r, two, fields, labels = found
    head_rows = (r + 1, r + 2) if two else (r + 1,)
    def shown(c: int) -> str:        # the header as written (both rows of a two-row one)
        return " / ".join(x for x in (_text(_cell(grid, r, c)),
                                      _text(_cell(grid, r + 1, c)) if two else "") if x)

    def where(c: int) -> str:        # the header cell that named the column
        lower = two and labels[c] and labels[c][0][1] == 0 and _text(_cell(grid, r + 1, c))
        return a1(r + 1 if lower else r, c)

    choices = [ColumnChoice(f, c, where(c), shown(c))
               for f, c in sorted(fields.items(), key=lambda kv: kv[1])]
    taken = set(fields.values())
    unused = [(where(c), shown(c)) for c, lab in enumerate(labels) if lab and c not in taken]
    unit = default_unit or _default_unit(grid, r)
    mapping = SheetMapping(file, sheet, head_rows, choices, unused, 0, unit)
    people: list[Imported] = []
    problems: list[ImportProblem] = []
    section = ""
    for i in range(r + len(head_rows), len(grid)):
        row = grid[i]
        if not any(_text(v) for v in row):
            continue
        first = header_key(next((v for v in row if _text(v)), ""))
        if _FOOTER.match(first):
            break
        heading = _section(row, fields)
        if heading is not None:
            section = heading
            continue
        values = {f: row[c] if c < len(row) else None for f, c in fields.items()}
        name = _text(values.get("name"))
        if not name and "family" in fields:
            name = " ".join(x for x in (_text(values.get("family")),
                                        _text(values.get("given"))) if x)
        if not name or not _looks_like_a_name(name):
            continue
        cells = {f: a1(i, c) for f, c in fields.items()}
        person = _person(values, name, problems, file, sheet, cells)
        unit_text = _text(values.get("unit_code")) or _text(values.get("unit")) or section or unit
        people.append(Imported(person, file, sheet, i + 1, cells, unit_text))
    mapping.people = len(people)
    return mapping, people, problems


def _cell(grid: list[list[Any]], r: int, c: int) -> Any:
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


def _person(values: dict[str, Any], name: str, problems: list[ImportProblem], file: str,
            sheet: str, cells: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "person_id": _text(values.get("person_id")),
                           "position": _text(values.get("position")),
                           "party_group": _text(values.get("party_group")),
                           "email": _text(values.get("email"))}
    birth = values.get("birth")
    out["birth"] = None
    if _text(birth):
        year_only = re.fullmatch(r"(?:19|20)\d\d", _text(birth))
        parsed = None if year_only else parse_date(birth)
        if year_only:           # a year of birth ("Năm sinh"), not an Excel serial number
            out["birth_year"] = _text(birth)
        elif parsed is None:
            problems.append(ImportProblem("bad_date", file, sheet, cells["birth"],
                                          (("name", name), ("value", _text(birth)))))
        out["birth"] = parsed
    for flag, date_field in (("party", "party_date"), ("youth", "youth_date")):
        value = _yes(values.get(flag)) if flag in values else None
        if value is None and flag in values and _text(values.get(flag)):
            value = True            # a date, a card number: a member
        if not value and _text(values.get(date_field)):
            value = True
        out[flag] = bool(value)
    for flag in ("key_leader", "civil_servant"):
        out[flag] = bool(_yes(values.get(flag))) if flag in values else None
    return out


# ---------------------------------------------------------------- the roster

def unit_code_for(name: str, taken: set[str]) -> str:
    """A short code for a unit's name, as offices write them: "Văn phòng" -> VP, "Phòng Quản
    lý doanh nghiệp" -> QLDN; a digit added when taken."""
    words = [w for w in re.sub(r"[^\w]+", " ", fold(name)).split()]
    if len(words) > 1 and words[0] == "phong":
        words = words[1:]
    initials = "".join(w[0] for w in words if w not in _UNIT_WORDS_DROPPED or len(words) <= 2)
    code = (initials.upper() or "DV")[:6]
    base, n = code, 2
    while code in taken:
        code = f"{base}{n}"
        n += 1
    return code


def import_roster(paths: Sequence[Path], existing: Roster | None = None,
                  unit: str = "") -> RosterImport:
    """Read the lists in ``paths`` into a roster. ``existing`` (the workspace's roster, when
    there is one) gives the unit codes and person ids to keep; ``unit`` is the unit of people
    the files give none (a unit's own sheet)."""
    mappings: list[SheetMapping] = []
    problems: list[ImportProblem] = []
    people: list[tuple[int, Imported]] = []
    for k, path in enumerate(paths):
        path = Path(path)
        if not path.is_file():
            raise WorkspaceError(t("roster_import.no_file", file=path))
        found_any = False
        for sheet, grid, merged in _grids(path):
            mapping, rows, sheet_problems = read_sheet(grid, merged, path.name, sheet, unit)
            if mapping is None:
                continue
            found_any = found_any or bool(rows)
            mappings.append(mapping)
            problems += sheet_problems
            people += [(k, p) for p in rows]
        if not found_any:
            raise WorkspaceError(t("roster_import.no_table", file=path.name))
    return _build(people, mappings, problems, existing or Roster())


def _build(people: list[tuple[int, Imported]], mappings: list[SheetMapping],
           problems: list[ImportProblem], existing: Roster) -> RosterImport:
    result = RosterImport(Roster(), mappings, problems)
    # units: by code or by name, the workspace's first
    by_name = {fold(u.name): u.code for u in existing.units.values()}
    codes = {fold(c): c for c in existing.units}
    taken = set(existing.units)
    unit_of: dict[str, str] = {}
    for _, p in people:
        text = p.unit_text
        if not text or fold(text) in unit_of:
            continue
        code = codes.get(fold(text)) or by_name.get(fold(text))
        if code is None:
            code = text if re.fullmatch(r"[A-Za-z0-9_.-]{1,12}", text) else unit_code_for(
                text, taken)
            taken.add(code)
            result.new_units.append(code)
        unit_of[fold(text)] = code
        if code not in result.roster.units:
            old = existing.units.get(code)
            result.roster.units[code] = old or Unit(code, text if text != code else code)
    # people: one per id / (name, birth); a second in the same file is a duplicate
    by_id: dict[str, tuple[int, Imported]] = {}
    by_birth: dict[tuple[str, Any], tuple[int, Imported]] = {}
    kept: list[Imported] = []
    merged_from: dict[tuple[int, int], Imported] = {}   # (file, earlier person) -> its row there
    for k, p in people:
        pid = p.values["person_id"]
        birth = p.values.get("birth") or p.values.get("birth_year")
        twin_key = (canonical(p.values["name"]).lower(), birth) if birth else None
        earlier = by_id.get(pid) if pid else None
        if earlier is None and twin_key:
            earlier = by_birth.get(twin_key)
        if earlier is not None:
            ek, ep = earlier
            same_person = canonical(ep.values["name"]).lower() == canonical(
                p.values["name"]).lower()
            first_here = merged_from.get((k, id(ep)))
            if ek != k and same_person and first_here is None:
                # another list of the same person: what it adds is merged in
                merged_from[(k, id(ep))] = p
                _merge(ep.values, p.values)
                if not ep.unit_text and p.unit_text:
                    ep.unit_text = p.unit_text
                continue
            if first_here is not None:     # twice in this list: the first row of it is the other
                ep = first_here
            kind = "duplicate_id" if pid and by_id.get(pid) is earlier else "duplicate_person"
            where = "person_id" if kind == "duplicate_id" else "name"
            result.problems.append(ImportProblem(
                kind, p.file, p.sheet, _cell_of(p, where),
                (("name", p.values["name"]), ("value", pid), ("other_cell", _cell_of(ep, where)),
                 ("other_sheet", ep.sheet), ("other_file", ep.file),
                 ("other_name", ep.values["name"]), ("row", p.row))))
            continue
        if pid:
            by_id[pid] = (k, p)
        if twin_key:
            by_birth[twin_key] = (k, p)
        kept.append(p)
    # ids: given, or the workspace's for the same name in the same unit, or new ones
    existing_ids = {(canonical(q.name).lower(), q.unit): q.person_id
                    for q in existing.people.values()}
    used_ids = set(existing.people) | {p.values["person_id"] for p in kept if p.values["person_id"]}
    seq = 1 + max((int(m.group(1)) for i in used_ids if (m := re.fullmatch(r"CB(\d+)", i))),
                  default=0)
    for p in kept:
        code = unit_of.get(fold(p.unit_text)) if p.unit_text else None
        if code is None:
            result.problems.append(ImportProblem(
                "no_unit", p.file, p.sheet, _cell_of(p, "unit"),
                (("name", p.values["name"]), ("row", p.row))))
            continue
        pid = p.values["person_id"]
        if not pid:
            pid = existing_ids.get((canonical(p.values["name"]).lower(), code), "")
            if pid and pid not in result.roster.people:
                result.reused_ids += 1
            else:
                while f"CB{seq:03d}" in used_ids:
                    seq += 1
                pid = f"CB{seq:03d}"
                used_ids.add(pid)
                result.generated_ids += 1
        v = p.values
        leader = v["key_leader"]
        if leader is None:
            leader = bool(_LEADER.match(header_key(v["position"])))
            result.inferred_leaders += leader
        result.roster.people[pid] = Person(
            person_id=pid, name=v["name"], unit=code, position=v["position"],
            party_member=v["party"], key_leader=leader, youth_member=v["youth"],
            civil_servant=bool(v["civil_servant"]), party_group=v["party_group"],
            email=v["email"])
        result.birth_dates[pid] = v.get("birth")
    for code, u in list(result.roster.units.items()):
        if not u.head:
            head = next((q.name for q in result.roster.people.values()
                         if q.unit == code and q.key_leader), "")
            result.roster.units[code] = Unit(u.code, u.name, u.email, head)
    return result


def _cell_of(p: Imported, fld: str) -> str:
    """The cell of a person's field; for the name, of its first part when it spans two columns;
    the name's cell when the sheet has no such column."""
    for key in (fld, "family", "name") if fld == "name" else (fld, "name", "family"):
        if key in p.cells:
            return p.cells[key]
    return f"A{p.row}"


def _merge(into: dict[str, Any], more: dict[str, Any]) -> None:
    """What a second list says of a person the first one had: filled in, flags joined."""
    for key, value in more.items():
        if key in ("party", "youth"):
            into[key] = bool(into.get(key)) or bool(value)
        elif key in ("key_leader", "civil_servant"):
            if into.get(key) is None:
                into[key] = value
        elif not into.get(key) and value:
            into[key] = value


# ---------------------------------------------------------------- preview and writing

def render_preview(result: RosterImport, limit: int = 15) -> str:
    """The mapping chosen per sheet, the counts, the first people and what to check."""
    from toolkit.common.i18n import current_language
    lang = 1 if current_language() == "en" else 0
    lines = []
    for m in result.mappings:
        rows = "–".join(str(r) for r in (m.header_rows[0], m.header_rows[-1])) \
            if len(m.header_rows) > 1 else str(m.header_rows[0])
        lines.append(t("roster_import.sheet", file=m.file, sheet=m.sheet, rows=rows,
                       people=m.people))
        for c in m.columns:
            lines.append(t("roster_import.column", field=FIELD_LABELS[c.field][lang],
                           cell=c.cell, header=c.header))
        if m.unused:
            lines.append(t("roster_import.unused", columns=", ".join(
                f"{cell} \"{head}\"" for cell, head in m.unused[:8])))
        if m.default_unit:
            lines.append(t("roster_import.default_unit", unit=m.default_unit))
    r = result.roster
    people = list(r.people.values())
    lines.append(t("roster_import.units", count=len(r.units), units=", ".join(
        f"{u.code} = {u.name}" for u in r.units.values())))
    lines.append(t("roster_import.people", count=len(people),
                   party=sum(p.party_member for p in people),
                   youth=sum(p.youth_member for p in people),
                   leaders=sum(p.key_leader for p in people),
                   civil=sum(p.civil_servant for p in people)))
    if result.generated_ids or result.reused_ids:
        lines.append(t("roster_import.ids", generated=result.generated_ids,
                       reused=result.reused_ids))
    if result.inferred_leaders:
        lines.append(t("roster_import.leaders", count=result.inferred_leaders))
    shown = people[:limit]
    if shown:
        lines.append(t("roster_import.preview", shown=len(shown), count=len(people)))
        yes = ("Đảng viên", "Party") if not lang else ("Party", "Party")
        for p in shown:
            born = result.birth_dates.get(p.person_id)
            flags = [yes[lang]] * p.party_member + (["Đoàn viên", "Youth"][lang:lang + 1]
                                                    if p.youth_member else [])
            lines.append(f"  {p.person_id:<10} {p.name:<28} {p.unit:<8} "
                         f"{born.strftime('%d/%m/%Y') if born else '':<10} "
                         f"{p.position:<22} {', '.join(flags)}".rstrip())
    if result.problems:
        lines.append(t("roster_import.problems", count=len(result.problems)))
        lines += [f"  {p.message()}" for p in result.problems]
    return "\n".join(lines)


def write_imported(result: RosterImport, path: Path, config: Any,
                   keep_old: bool = True) -> tuple[Path, Path | None]:
    """Write the imported roster to ``path`` (roster.xlsx), the old file kept beside it first
    (``keep_old``); then read it back as every command will, so a roster that would not load is
    never left."""
    import shutil

    from toolkit.config.roster import load_roster, write_roster
    backup = None
    if keep_old and path.exists():
        backup = path.with_name(f"{path.stem}-truoc-khi-nhap{path.suffix}")
        shutil.copy2(path, backup)
    write_roster(path, config, result.roster)
    try:
        load_roster(path, config)
    except WorkspaceError:
        if backup is not None:
            shutil.copy2(backup, path)
        raise
    return path, backup
