"""The secretary's folder: config (lamtheobac.toml), roster, inbox, archive, store and outputs."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.config.errors import WorkspaceError
from toolkit.config.mail import MailConfig, read_mail_config

if TYPE_CHECKING:
    from toolkit.store.db import Store

CONFIG_NAME = "lamtheobac.toml"
ROSTER_NAME = "roster.xlsx"
STORE_NAME = "lamtheobac.sqlite"


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
    )


def default_config_text(year: int) -> str:
    text = (resources.files("toolkit.config").joinpath("default_config.toml")
            .read_text(encoding="utf-8"))
    return text.replace("@YEAR@", str(year))


@dataclass
class Workspace:
    root: Path
    config: Config

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
            store = Store(path)
            journal.start()                 # a new store: its history starts now
        else:
            store = Store(path, read_only=read_only)
            try:
                check(path, self.archive, store)
            except BaseException:
                store.close()
                raise
        if not read_only:
            store.journal = journal
        return store


def init_workspace(root: Path, year: int | None = None) -> Workspace:
    """Create a new workspace with a commented config and a roster workbook to fill."""
    root = Path(root)
    if (root / CONFIG_NAME).exists():
        raise WorkspaceError(t("err.workspace_exists", path=root))
    year = year or dt.date.today().year
    for sub in ("inbox", "archive", "out"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(default_config_text(year), encoding="utf-8")
    ws = Workspace.open(root)
    from toolkit.config.roster import write_roster_template
    write_roster_template(ws.roster_path, ws.config)
    return ws
