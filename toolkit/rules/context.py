"""What validation knows beyond the workbook (:class:`Context`) and what it gives
(:class:`Outcome`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.common.issues import Issue
from toolkit.forms.spec import Form
from toolkit.store.records import PackedRecords

# last year's pledges: the year, and person id -> that person's pledged actions (folded words,
# text as written)
LastYear = tuple[int, dict[str, tuple[tuple[tuple[str, ...], str], ...]]]

if TYPE_CHECKING:
    from toolkit.config.roster import Roster
    from toolkit.config.workspace import Config
    from toolkit.store.db import Store


@dataclass
class Context:
    """What validation needs to know beyond the workbook itself."""

    config: Config
    roster: Roster
    file: str = ""
    submitted_at: dt.datetime | None = None
    sender_unit: str | None = None
    sender: str = ""
    date1904: bool = False
    store: Store | None = None   # for forms that check against earlier submissions
    file_code: str = ""          # the file's accept code (its hash's first letters)
    lists: dict[str, list[str]] = field(default_factory=dict)
    reference: LastYear | None = None    # last year's pledges (init --from), None without


@dataclass
class Outcome:
    form: Form | None
    unit: str
    period: str
    records: dict[str, list[dict[str, Any]]]
    issues: list[Issue]

    @property
    def n_errors(self) -> int:
        return sum(1 for i in self.issues if i.is_error)

    @property
    def n_warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == "warning")


@dataclass
class Processed:
    kind: str
    form: str = ""
    unit: str = ""
    period: str = ""
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    submission: bool = False
    packed: PackedRecords | None = None
    # a pledge's live rows (person id, action, its cell): what the agency-wide copy check needs
    # (the records themselves stay in the worker)
    texts: list[tuple[str, str, str]] = field(default_factory=list)
    held: str = ""          # held for its sender: the issue code saying why ('' if not)
