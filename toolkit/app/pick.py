"""`lamtheobac pick N`: the secretary chooses which of a unit's submissions counts.

By default the current submission of a unit's form and period is the last one received. The
secretary may pick another by its arrival number in the register (``status --files``); the
choice is kept in the store, so re-runs keep it, until the unit sends a newer one (which then
counts, as the last received). ``--reset`` goes back to the last received.
"""

from __future__ import annotations

from toolkit.common.i18n import t
from toolkit.config.errors import WorkspaceError
from toolkit.config.workspace import Workspace


def pick_arrival(ws: Workspace, no: int, *, reset: bool = False) -> str:
    """Make the submission of register line ``no`` the current one (or, with ``reset``, let
    the last received count again); the message to print."""
    from toolkit.forms import get_form
    with ws.store() as store:
        line = store.arrival(no)
        if line is None:
            raise WorkspaceError(t("pick.not_found", no=no))
        if line["outcome"] != "stored" or line["submission_id"] is None:
            raise WorkspaceError(t("pick.not_submission", no=no, name=line["name"],
                                   outcome=line["outcome"]))
        with store.transaction():
            store.choose_current(line["form"], line["unit"], line["period"],
                                 None if reset else line["submission_id"])
    unit = ws.roster().units.get(line["unit"])
    try:
        form = get_form(line["form"]).name
    except KeyError:
        form = line["form"]
    return t("pick.reset" if reset else "pick.done", no=no, name=line["name"],
             unit=unit.name if unit else line["unit"], form=form, period=line["period"])
