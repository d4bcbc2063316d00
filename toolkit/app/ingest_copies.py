"""The checks of an ingest that look beyond one file: last year's pledges to compare each new
one with (:func:`last_year`, passed to validation), and one text across the agency's units
(:class:`CrossUnit`, run once the ingest has stored its files)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.rules.context import LastYear, Processed

if TYPE_CHECKING:
    from toolkit.app.ingest_store import FileResult, IngestReport
    from toolkit.config.workspace import Workspace
    from toolkit.store.db import Store


def pledge_texts(records: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, str]]:
    """A pledge's live rows as the agency-wide copy check reads them: (person id, action,
    the action's cell)."""
    return [(str(rec["person_id"]), str(rec["action"]), rec["_cells"]["action"])
            for rec in records.get("pledges", [])
            if rec.get("action") and rec.get("person_id") and not rec.get("_excluded")
            and not rec.get("_empty")]


def last_year(store: Store, year: int) -> LastYear | None:
    """The pledges of ``year - 1`` kept for reference (``init --from``), as validation
    compares with them; None when there are none."""
    from toolkit.rules.copies import words_of
    by_person: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for row in store.reference_pledges(year - 1):
        by_person.setdefault(row.person_id, []).append((words_of(row.action), row.action))
    if not by_person:
        return None
    return year - 1, {pid: tuple(texts) for pid, texts in by_person.items()}


COPIED_OTHER_UNIT = "PLEDGE_COPIED_OTHER_UNIT"


class CrossUnit:
    """The agency-wide copy check of one ingest (PLEDGE_COPIED_OTHER_UNIT).

    Each pledge stored in the run is noted (:meth:`note`; the first one also reads the agency's
    pledges stored before the run); when the run is over (:meth:`finish`), every current pledge
    of the agency is indexed and each pledge of the run is checked against all of them, in
    whatever order the files were stored: every person in a group of copies is flagged, not
    only whoever came last. Pledges stored before that share a group with the run's (or were
    flagged before: a partner may have changed its text) are checked again. Runs in the process
    that stores.
    """

    def __init__(self, ws: Workspace, roster: Any) -> None:
        self.config, self.roster = ws.config, roster
        self.before: dict[str, list[tuple[int, str, str, str]]] = {}
        self.noted: list[tuple[str, FileResult, str, list[tuple[str, str, str]]]] = []

    def note(self, store: Store, p: Processed, result: FileResult) -> None:
        """A pledge about to be stored (call before it is)."""
        if p.period not in self.before:
            units = {s["id"]: s["unit"] for s in store.submissions("pledge", p.period)}
            self.before[p.period] = [
                (sid, units[sid], str(pid), str(action)) for sid, pid, action in
                store.current_values("pledge", p.period, "pledges", ["action"], live=True)
                if action and pid and sid in units]
        self.noted.append((p.period, result, p.unit, p.texts))

    def finish(self, store: Store, report: IngestReport) -> None:
        for period, before in self.before.items():
            with store.transaction():
                report.common_pledges += self._check(store, period, before)

    def _check(self, store: Store, period: str, before: list[tuple[int, str, str, str]]
               ) -> list[tuple[str, int, int]]:
        from toolkit.forms import get_form
        from toolkit.rules.copies import COUNT_CAP, AgencyIndex, copied_across_units
        current = {s["id"]: s for s in store.submissions("pledge", period)}
        new = {r.submission_id: (r, unit, texts) for per, r, unit, texts in self.noted
               if per == period and r.submission_id in current}
        new_units = {unit for _, unit, _ in new.values()}
        index = AgencyIndex(self.config.copy_similarity)
        earlier: dict[int, list[tuple[str, str]]] = {}
        for sid, unit, pid, action in before:
            if unit not in new_units and sid in current:
                earlier.setdefault(sid, []).append((pid, action))
        for sid, pledges in earlier.items():
            index.add(current[sid]["unit"], pledges, sid)
        for sid, (_, unit, texts) in new.items():
            index.add(unit, [(pid, action) for pid, action, _ in texts], sid)
        sheet = get_form("pledge").table("pledges").sheet
        min_people = self.config.copied_min_people
        for sid, (result, unit, texts) in new.items():
            issues = copied_across_units(index, unit, texts, self.roster, min_people,
                                         result.name, sheet)
            store.attach_issues(sid, current[sid]["sha256"], issues)
            result.issues.extend(issues)
        # earlier pledges whose group may have changed: partners of this run's, and those
        # flagged before
        within = set(earlier)
        again = store.submissions_with_issue("pledge", period, COPIED_OTHER_UNIT) & within
        if within:
            for w in {index.words(action) for _, (_, _, texts) in new.items()
                      for _, action, _ in texts}:
                if len(again) < len(within) and w and index.counts(w)[0] < COUNT_CAP:
                    again |= index.refs_near(w, within - again)
        for sid in sorted(again):
            sub = current[sid]
            texts = pledge_texts({"pledges": store.records(sid, "pledges")})
            issues = copied_across_units(index, sub["unit"], texts, self.roster, min_people,
                                         sub["file_name"], sheet)
            store.drop_issues(sid, COPIED_OTHER_UNIT)
            store.attach_issues(sid, sub["sha256"], issues)
        return index.common()
