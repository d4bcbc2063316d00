"""`lamtheobac demo`: a realistic synthetic agency run end to end, deterministic by seed.

The demo plays every role: the secretary sends workbooks, units fill them the way real units do
(most correct, some late, one missing, a few mistakes) and mail them back as .eml files, and the
secretary ingests the inbox and produces status, feedback and the later outputs. The phases
are listed in :data:`PHASES` in the order they run.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

from toolkit.common.i18n import current_language
from toolkit.config.roster import write_roster
from toolkit.config.seed import SEED_AGENCY
from toolkit.config.workspace import Workspace, WorkspaceError, init_workspace
from toolkit.demo import documents, pledges, quarters, yearend
from toolkit.demo.data import build_roster
from toolkit.demo.state import SECRETARY, YEAR, DemoResult, DemoState, Phase

# The demo's year, phase by phase, in the order they run: the one list of them.
PHASES: list[Phase] = [
    pledges.pledge_phase, documents.pledge_documents,
    quarters.quarter_1, quarters.quarter_2, yearend.half_year_report, quarters.quarter_3,
    yearend.year_review, documents.self_review_documents, quarters.quarter_4, yearend.rating,
    yearend.year_report,
]


def run_demo(root: Path, seed: int = 2024, n_units: int = 8, force: bool = False,
             progress: Callable[[int, int], None] | None = None,
             until: str | None = None) -> DemoResult:
    root = Path(root)
    if (root / "lamtheobac.toml").exists():
        if not force:
            raise WorkspaceError(
                f"Thư mục '{root}' đã có dữ liệu; thêm --force để chạy lại demo (ghi đè)."
                if current_language() != "en" else
                f"'{root}' already holds a workspace; add --force to run the demo again.")
        shutil.rmtree(root)
    ws = _office_addresses(init_workspace(root, YEAR, settings=SEED_AGENCY),
                           (SECRETARY, yearend.CHI_UY))
    rng = random.Random(seed)
    roster = build_roster(rng, n_units=n_units)
    write_roster(ws.roster_path, ws.config, roster)
    state = DemoState(ws, roster, rng, seed, DemoResult(root), progress)
    state.result.say(f"{len(roster.units)} đơn vị, {len(roster.people)} người "
                     f"({sum(p.party_member for p in roster.people.values())} đảng viên, "
                     f"{sum(p.youth_member for p in roster.people.values())} đoàn viên).",
                     f"{len(roster.units)} units, {len(roster.people)} people.")
    state.result.outputs.append(("Danh sách cán bộ" if current_language() != "en" else "Roster",
                                 ws.roster_path))
    for ph in PHASES:
        ph(state)
        if until and ph.__name__ == until:
            break
    return state.result


def _office_addresses(ws: Workspace, addresses: tuple[str, ...]) -> Workspace:
    """The agency's office and party committee mail from their own addresses (the units from
    theirs, in the roster): the config says so, as a secretary would write it."""
    text = ws.config.path.read_text(encoding="utf-8")
    listed = ", ".join(f'"{a}"' for a in addresses)
    ws.config.path.write_text(text.replace("secretary = []", f"secretary = [{listed}]", 1),
                              encoding="utf-8")
    return Workspace.open(ws.root)
