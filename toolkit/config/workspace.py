"""The secretary's folder: config (lamtheobac.toml), roster, inbox, archive, store and outputs."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.config.errors import WorkspaceError
from toolkit.config.mail import MailConfig, read_mail_config
from toolkit.config.placeholders import TO_FILL, is_to_fill, proposed_date

if TYPE_CHECKING:
    from toolkit.store.db import Store

CONFIG_NAME = "lamtheobac.toml"
ROSTER_NAME = "roster.xlsx"
STORE_NAME = "lamtheobac.sqlite"


@dataclass(frozen=True)
class Setting:
    """A key a new workspace needs from its user: asked by ``init``, given as an option, or
    (``per_year``) left to fill again when a workspace is made from last year's."""

    key: str                # dotted key in lamtheobac.toml
    option: str             # the init option: --org-name …
    vi: str                 # the question / what it is
    en: str
    per_year: bool = False
    label: str = ""         # short, in the list of keys still to fill


SETTINGS: tuple[Setting, ...] = (
    Setting("organisation.name", "org-name", "Tên đầy đủ của cơ quan, đơn vị",
            "Full name of the organisation", label="tên cơ quan"),
    Setting("organisation.short_name", "short-name", "Tên ngắn của cơ quan (in trên biểu mẫu)",
            "Short name of the organisation", label="tên ngắn"),
    Setting("organisation.id", "org-id", "Mã cơ quan, không dấu (ghi vào mọi biểu mẫu), ví dụ "
            "BQL-KCN", "Organisation code (no accents), e.g. BQL-KCN", label="mã cơ quan"),
    Setting("organisation.superior", "superior", "Cơ quan cấp trên (góc trái đầu văn bản, dòng "
            "trên), ví dụ ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", "Superior body (header, first line)",
            label="cơ quan cấp trên"),
    Setting("organisation.issuing_body", "issuing-body", "Cơ quan ban hành (góc trái, dòng "
            "dưới), ví dụ CHI BỘ …", "Issuing body (header, second line)",
            label="cơ quan ban hành"),
    Setting("organisation.place", "place", "Nơi ban hành, tên tỉnh/thành phố (\"<nơi>, ngày … "
            "tháng … năm …\")", "Place of issue (province or city)", label="nơi ban hành"),
    Setting("organisation.signer_name", "signer", "Họ tên người ký báo cáo",
            "Name of the person signing reports", label="người ký"),
    Setting("year.theme", "theme", "Chủ đề năm", "The year's theme", per_year=True,
            label="chủ đề năm"),
    Setting("year.study_topic", "study-topic", "Chuyên đề học tập của năm",
            "The year's study topic", per_year=True, label="chuyên đề học tập"),
)
SETTING_BY_KEY = {s.key: s for s in SETTINGS}
# the year's dates: a workspace made from last year's proposes them a year on, flagged to check
YEAR_DATES = {"year.registration_deadline": ("Hạn đăng ký việc làm theo", (3, 15)),
              "year.year_review_deadline": ("Hạn nộp bản kiểm điểm cuối năm", (12, 20))}
_GENERIC_RECIPIENTS = ["Cấp ủy cấp trên (b/c);", "Chi ủy Chi bộ;", "Lãnh đạo cơ quan;",
                       "Lưu: VT, VP."]


@dataclass(frozen=True)
class Standard:
    code: str
    group: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.code}. {self.name}"


@dataclass(frozen=True)
class Config:
    raw: dict[str, Any]
    path: Path
    org_id: str
    org_name: str
    org_short: str
    superior: str
    issuing_body: str
    place: str
    header_style: str
    report_symbol: str
    signer_titles: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    year: int
    theme: str
    study_topic: str
    registration_deadline: dt.date
    quarter_report_days: int
    year_review_deadline: dt.date
    min_actions: int
    max_actions: int
    min_emulation: int
    max_emulation: int
    warn_vague: bool
    copied_min_people: int
    assessment_scale: tuple[str, ...]
    progress_scale: tuple[str, ...]
    scoring: dict[str, Any]
    rating: dict[str, Any]
    standards_version: str
    standards: tuple[Standard, ...]
    language: str = "vi"
    sender_policy: str = "strict"              # "strict" or "open" ([senders] policy)
    secretary_emails: tuple[str, ...] = ()     # the office's own addresses ([senders] secretary)
    mail: MailConfig = MailConfig()
    extra: dict[str, Any] = field(default_factory=dict)
    copy_similarity: float = 0.8
    to_fill: tuple[str, ...] = ()       # keys whose value still says TO_FILL

    def unfilled_labels(self) -> list[str]:
        """The keys still to fill, as people know them ("year.theme (Chủ đề năm)")."""
        from toolkit.common.i18n import current_language
        out = []
        for key in self.to_fill:
            s = SETTING_BY_KEY.get(key)
            label = (s.en.split(" (")[0] if current_language() == "en" else s.label) if s \
                else (YEAR_DATES[key][0].lower() if key in YEAR_DATES else "")
            out.append(f"{key} ({label})" if label else key)
        return out

    def quarter_deadline(self, quarter: int) -> dt.date:
        from toolkit.common.periods import quarter_end
        return quarter_end(self.year, quarter) + dt.timedelta(days=self.quarter_report_days)


class _Reader:
    """Typed access to the parsed TOML with messages that name the key."""

    def __init__(self, data: dict[str, Any], path: Path):
        self.data, self.path = data, path

    def fail(self, key: str, problem: str) -> WorkspaceError:
        return WorkspaceError(t("err.config", path=self.path, key=key, problem=problem))

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is ...:
                    raise self.fail(key, _p("thiếu giá trị", "missing value"))
                return default
            node = node[part]
        if kind is float and isinstance(node, int) and not isinstance(node, bool):
            node = float(node)
        if not isinstance(node, kind) or (kind is int and isinstance(node, bool)):
            raise self.fail(key, _p(f"giá trị {node!r} sai kiểu",
                                    f"value {node!r} has the wrong type"))
        return node

    def text(self, key: str, default: Any = ...) -> str:
        value = self.get(key, str, default)
        if isinstance(value, str) and not value.strip() and default is ...:
            raise self.fail(key, _p("không được để trống", "must not be empty"))
        return value

    def date(self, key: str) -> dt.date:
        value = self.get(key, (dt.date, str))
        if isinstance(value, str):
            from toolkit.common.dates import parse_date
            value = proposed_date(value)    # "CẦN ĐIỀN: 2025-03-15 (…)": the date meanwhile
            parsed = parse_date(value)
            if parsed is None:
                raise self.fail(key, _p(f"'{value}' không phải ngày (ghi dạng 2024-03-15)",
                                        f"'{value}' is not a date (write 2024-03-15)"))
            return parsed
        return value if not isinstance(value, dt.datetime) else value.date()


def _p(vi: str, en: str) -> str:
    from toolkit.common.i18n import current_language
    return en if current_language() == "en" else vi


def load_config(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        import re
        found = re.search(r"line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (found.group(1) if found else "?")
        problem = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise WorkspaceError(t("err.config_syntax", path=path, line=line,
                               problem=problem)) from None
    except UnicodeDecodeError:
        raise WorkspaceError(t("err.config_syntax", path=path, line="?",
                               problem="not UTF-8")) from None
    from toolkit.config.schema import check_config
    problems = check_config(data)
    if problems:
        raise WorkspaceError(t("err.config_problems", path=path, n=len(problems),
                               problems="\n".join(f"  - {p.text}" for p in problems)))
    r = _Reader(data, path)
    year = r.get("year.year", int)
    header_style = r.text("organisation.header_style", "party")
    min_a, max_a = r.get("pledge.min_actions", int, 2), r.get("pledge.max_actions", int, 3)
    if not 1 <= min_a <= max_a <= 10:
        raise r.fail("pledge.max_actions", _p("cần 1 ≤ min_actions ≤ max_actions ≤ 10",
                                              "need 1 <= min_actions <= max_actions <= 10"))
    min_e, max_e = r.get("pledge.min_emulation", int, 1), r.get("pledge.max_emulation", int, 2)
    if not 0 <= min_e <= max_e <= 10:
        raise r.fail("pledge.max_emulation", _p("cần 0 ≤ min_emulation ≤ max_emulation ≤ 10",
                                                "need 0 <= min_emulation <= max_emulation <= 10"))
    items = r.get("standards.items", list)
    standards: list[Standard] = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        key = f"standards.items[{i}]"
        if not isinstance(item, dict):
            raise r.fail(key, _p("phải là bảng code/group/name", "must be a table"))
        sub = _Reader(item, path)
        try:
            std = Standard(sub.text("code"), sub.text("group", ""), sub.text("name"))
        except WorkspaceError:
            raise r.fail(key, _p("cần có code và name", "needs code and name")) from None
        if std.code in seen:
            raise r.fail(key + ".code", _p(f"mã '{std.code}' bị trùng", f"duplicate '{std.code}'"))
        seen.add(std.code)
        standards.append(std)
    if not standards:
        raise r.fail("standards.items", _p("danh mục chuẩn mực trống", "empty catalogue"))
    scales_a = tuple(r.get("scales.assessment", list, ["Tốt", "Khá", "Đạt", "Chưa đạt"]))
    scales_p = tuple(r.get("scales.progress", list,
                           ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện"]))
    if len(scales_p) != 3:
        raise r.fail("scales.progress", _p("cần đúng 3 mức: hoàn thành, đang thực hiện, chưa "
                                           "thực hiện", "needs exactly 3 levels"))
    scoring = dict(r.get("scoring", dict, {}))
    points = scoring.get("assessment_points", {})
    for level in scales_a:
        if level not in points:
            raise r.fail("scoring.assessment_points", _p(f"thiếu điểm cho mức \"{level}\"",
                                                         f"no points for \"{level}\""))
    weights = [scoring.get(k, 0) for k in ("weight_progress", "weight_attendance",
                                          "weight_assessment")]
    if abs(sum(weights) - 1) > 1e-6:
        raise r.fail("scoring.weight_progress", _p("ba trọng số cộng lại phải bằng 1",
                                                   "the three weights must add up to 1"))
    rating = dict(r.get("rating", dict, {}))
    return Config(
        raw=data, path=path,
        org_id=r.text("organisation.id"), org_name=r.text("organisation.name"),
        org_short=r.text("organisation.short_name", r.text("organisation.name")),
        superior=r.text("organisation.superior", ""),
        issuing_body=r.text("organisation.issuing_body", r.text("organisation.name")),
        place=r.text("organisation.place", ""), header_style=header_style,
        report_symbol=r.text("organisation.report_symbol", "BC/CB"),
        signer_titles=tuple(r.get("organisation.signer_titles", list, [])),
        signer_name=r.text("organisation.signer_name", ""),
        recipients=tuple(r.get("organisation.recipients", list, [])),
        year=year, theme=r.text("year.theme", ""), study_topic=r.text("year.study_topic", ""),
        registration_deadline=r.date("year.registration_deadline"),
        quarter_report_days=r.get("year.quarter_report_days", int, 10),
        year_review_deadline=(r.date("year.year_review_deadline")
                              if "year_review_deadline" in data.get("year", {})
                              else dt.date(year, 12, 20)),
        min_actions=min_a, max_actions=max_a, min_emulation=min_e, max_emulation=max_e,
        warn_vague=r.get("pledge.warn_vague", bool, True),
        copied_min_people=r.get("pledge.copied_min_people", int, 3),
        assessment_scale=scales_a, progress_scale=scales_p, scoring=scoring, rating=rating,
        standards_version=str(r.get("standards.version", (str, int, float), "1")),
        standards=tuple(standards), language=r.text("language", "vi"),
        sender_policy=r.text("senders.policy", "strict"),
        secretary_emails=tuple(e.strip().lower() for e in r.get("senders.secretary", list, [])),
        mail=read_mail_config(data, path, year),
        copy_similarity=_similarity(r),
        to_fill=tuple(_unfilled(data)),
    )


def _similarity(r: _Reader) -> float:
    value = r.get("pledge.copy_similarity", float, 0.8)
    if not 0.5 <= value <= 1.0:
        raise r.fail("pledge.copy_similarity", _p("cần trong khoảng 0.5–1 (1 = giống hệt)",
                                                  "must be within 0.5-1 (1 = identical)"))
    return value


def _unfilled(node: Any, prefix: str = "") -> list[str]:
    """The dotted keys whose value (or an item of it) is still a placeholder."""
    if isinstance(node, dict):
        return [k for key, value in node.items()
                for k in _unfilled(value, f"{prefix}.{key}" if prefix else key)]
    if isinstance(node, list):
        return [prefix] if any(_unfilled(v, prefix) for v in node) else []
    return [prefix] if is_to_fill(node) else []


def placeholder(setting: Setting, previous: object = None) -> str:
    """What a key still to fill holds: TO_FILL, what to write, and last year's value."""
    if setting.key == "organisation.id":
        return "CAN-DIEN"                   # written into every form's metadata: plain ASCII
    text = f"{TO_FILL}: {setting.vi}"
    if previous:
        text += f" (năm trước: {previous})"
    return text


def toml_value(value: object) -> str:
    """A value as a TOML literal (dates bare, strings and lists of strings as JSON writes
    them, which TOML reads the same)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def default_config_text(year: int, values: Mapping[str, object] | None = None) -> str:
    """The commented default config for ``year``. ``values`` (dotted key -> value) fill the
    organisation and the year's keys; those not given are written as placeholders
    (:data:`TO_FILL`), never as some other agency's values."""
    text = resources.files("toolkit.config").joinpath("default_config.toml").read_text(
        encoding="utf-8").replace("@YEAR@", str(year))
    given = {"organisation.recipients": _GENERIC_RECIPIENTS,
             **{k: dt.date(year, *md) for k, (_, md) in YEAR_DATES.items()}, **(values or {})}
    for token in sorted(set(re.findall(r"@([a-z_]+\.[a-z_]+)@", text))):
        value = given.get(token)
        if value is None or value == "":
            # a setting asked of the user gets a placeholder to fill; an optional one (the
            # documents' own bodies, which default to the organisation's) stays empty
            value = placeholder(SETTING_BY_KEY[token]) if token in SETTING_BY_KEY else ""
        text = text.replace(f"@{token}@", toml_value(value))
    return text


def set_toml_values(text: str, updates: Mapping[str, str]) -> str:
    """``text`` (a TOML file) with the dotted keys set to the given literals, everything else
    (comments, order, other keys) as it was. A key line is replaced whole, its value however
    many lines it spans; a key not there is added at the end of its table."""
    lines = text.splitlines(keepends=True)
    pending = dict(updates)
    out: list[str] = []
    table = ""
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
    key_line = re.compile(r"^(\s*)([A-Za-z0-9_-]+)\s*=\s*(.*)$", re.S)

    def flush(table: str) -> None:
        for dotted in [d for d in pending if d.rsplit(".", 1)[0] == table and "." in d]:
            out.append(f"{dotted.rsplit('.', 1)[1]} = {pending.pop(dotted)}\n")

    i = 0
    while i < len(lines):
        line = lines[i]
        head = header.match(line)
        if head:
            flush(table)
            table = head.group(1).strip()
            out.append(line)
            i += 1
            continue
        m = key_line.match(line)
        if m:
            end = _value_end(lines, i, m.group(3))
            dotted = f"{table}.{m.group(2)}" if table else m.group(2)
            if dotted in pending:
                out.append(f"{m.group(1)}{m.group(2)} = {pending.pop(dotted)}\n")
            else:
                out.extend(lines[i:end + 1])
            i = end + 1
            continue
        out.append(line)
        i += 1
    flush(table)
    for dotted, literal in pending.items():
        tbl, key = dotted.rsplit(".", 1)
        out.append(f"\n[{tbl}]\n{key} = {literal}\n")
    return "".join(out)


def _value_end(lines: list[str], i: int, value: str) -> int:
    """The last line of the value starting on line ``i`` (multi-line strings and arrays)."""
    v = value.strip()
    for quote in ('"""', "'''"):
        if v.startswith(quote) and v.count(quote) < 2:
            j = i + 1
            while j < len(lines) and quote not in lines[j]:
                j += 1
            return min(j, len(lines) - 1)
    if v.startswith("["):
        depth = _brackets(v)
        j = i
        while depth > 0 and j + 1 < len(lines):
            j += 1
            depth += _brackets(lines[j])
        return j
    return i


def _brackets(text: str) -> int:
    """Opening minus closing brackets outside quoted strings (and before a comment)."""
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
    return depth


@dataclass(frozen=True)
class Carried:
    """What a workspace made from last year's took over (see init_workspace)."""

    people: int = 0         # in the roster copied
    pledges: int = 0        # last year's pledged actions kept for reference
    owners: int = 0         # the people they belong to


@dataclass
class Workspace:
    root: Path
    config: Config
    carried: Carried | None = None

    @classmethod
    def open(cls, root: Path | str) -> Workspace:
        root = Path(root)
        cfg = root / CONFIG_NAME
        if not cfg.is_file():
            raise WorkspaceError(t("err.no_workspace", path=root))
        return cls(root=root, config=load_config(cfg))

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def roster_path(self) -> Path:
        return self.root / ROSTER_NAME

    @property
    def store_path(self) -> Path:
        return self.root / STORE_NAME

    def roster(self):
        from toolkit.config.roster import load_roster_cached
        return load_roster_cached(self.roster_path, self.config, self.root / ".cache")

    def store(self, read_only: bool = False) -> Store:
        """The store, checked against what the archive recorded: a store that is missing, empty
        or behind its archive is refused (StoreMissing, StoreBehind: 'lamtheobac rebuild').
        ``read_only``: opened for reading only (a command that only shows, on a read-only
        folder too). A new workspace (nothing received yet) gets a new store. A store opened
        for writing records each of its transactions in the archive's journal."""
        from toolkit.store.db import Store
        from toolkit.store.journal import Journal, check
        path = self.store_path
        journal = Journal(self.archive)
        try:
            empty = path.stat().st_size == 0
        except FileNotFoundError:
            empty = None
        if empty is None or empty:         # missing, or emptied: nothing the archive knows of
            check(path, self.archive, None, emptied=bool(empty))
            journal.start()                 # a new store: its history starts now (first: a
            store = Store(path)             # store without it would be taken for an old one)
        else:
            store = Store(path, read_only=read_only)
            try:
                check(path, self.archive, store)
            except BaseException:
                store.close()
                raise
            if not read_only and not journal.kept and not store.holds_files():
                # a new store whose journal was never started (a command killed between the
                # two, before this order): nothing received yet, its history starts now
                journal.start()
        if not read_only:
            store.journal = journal
        return store


Ask = Callable[[Setting, Any], Any]


def init_workspace(root: Path, year: int | None = None, *,
                   settings: Mapping[str, object] | None = None, ask: Ask | None = None,
                   from_dir: Path | None = None) -> Workspace:
    """Create a new workspace: a commented config and the roster workbook.

    The organisation, the document header and the year's theme and study topic come from
    ``settings`` (dotted key -> value, e.g. the options of ``init``), else from ``ask`` (the
    command's questions when someone is at the keyboard: called with the :class:`Setting` and
    last year's value, it returns the answer or None), else they are written as placeholders
    (:data:`TO_FILL`) that ``status`` and ``templates`` point out until filled.

    ``from_dir``: last year's workspace. Its config is copied with the year moved on (the
    organisation and header kept, the theme, study topic and deadlines left to fill, the
    deadlines proposed a year on), its roster.xlsx copied, and its pledges of the year copied into
    the new store as last year's reference (:func:`toolkit.config.carry.carry_pledges`): the old
    workspace is only read.
    """
    root = Path(root)
    if (root / CONFIG_NAME).exists():
        raise WorkspaceError(t("err.workspace_exists", path=root))
    given = {k: v for k, v in (settings or {}).items() if v not in (None, "")}
    old = Workspace.open(from_dir) if from_dir is not None else None
    if old is not None:
        year = year or old.config.year + 1
        if year <= old.config.year:
            raise WorkspaceError(t("err.from_year", path=from_dir, old=old.config.year,
                                   year=year))
        text = _next_year_config(old.config, year, given, ask)
    else:
        year = year or dt.date.today().year
        for s in SETTINGS:
            if s.key not in given and ask is not None:
                answer = ask(s, None)
                if answer not in (None, ""):
                    given[s.key] = answer
        text = default_config_text(year, given)
    for sub in ("inbox", "archive", "out"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(text, encoding="utf-8")
    ws = Workspace.open(root)
    if old is not None and old.roster_path.is_file():
        _carry_roster(old, ws)
    else:
        from toolkit.config.roster import write_roster_template
        write_roster_template(ws.roster_path, ws.config)
    if old is not None:
        from toolkit.config.carry import carry_pledges
        pledges, owners = carry_pledges(old, ws)
        try:
            people = len(ws.roster().people)
        except WorkspaceError:
            people = 0
        ws.carried = Carried(people, pledges, owners)
    return ws


def _carry_roster(old: Workspace, ws: Workspace) -> None:
    """Last year's roster for the new year: written afresh with the new config (its headers
    name the organisation as it now is) when it reads as a roster; else copied as it is, for
    its owner to mend."""
    from toolkit.config.roster import load_roster, write_roster
    try:
        roster = load_roster(old.roster_path, old.config)
    except WorkspaceError:
        import shutil
        shutil.copyfile(old.roster_path, ws.roster_path)
        return
    write_roster(ws.roster_path, ws.config, roster)


def _next_year_config(old: Config, year: int, given: Mapping[str, object],
                      ask: Ask | None) -> str:
    """Last year's config text for ``year``: the year moved on; the organisation and header as
    they were unless given; the theme and study topic asked, given or left to fill; the deadlines
    given, or proposed a year on and left to check."""
    updates: dict[str, str] = {"year.year": str(year)}
    for s in SETTINGS:
        previous = _dotted(old.raw, s.key)
        value = given.get(s.key)
        if value is None and s.per_year:
            value = ask(s, previous) if ask is not None else None
            if value in (None, ""):
                value = placeholder(s, previous)
        if value is not None:
            updates[s.key] = toml_value(value)
    for key, (label, _) in YEAR_DATES.items():
        if key in given:
            updates[key] = toml_value(given[key])
            continue
        before = getattr(old, key.split(".")[1])
        proposed = _year_on(before, year - old.year)
        updates[key] = toml_value(f"{TO_FILL}: {proposed.isoformat()} ({label.lower()}; năm "
                                  f"trước {before.strftime('%d/%m/%Y')})")
    # the mailbox is read from the new year's first day (a mail of last year is last year's)
    if isinstance(_dotted(old.raw, "mail.since"), dt.date):
        updates["mail.since"] = toml_value(dt.date(year, 1, 1))
    return set_toml_values(old.path.read_text(encoding="utf-8-sig"), updates)


def _year_on(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` years on (28 February for a 29th that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _dotted(data: Mapping[str, Any], key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node
