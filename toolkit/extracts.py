"""The fields the scores read of every row of the big tables, kept once per submission.

A province's quarter has 300,000 progress rows and 100,000 people; picking a few fields out of
each stored row's JSON takes SQLite seconds. So when a submission is stored, the values of these
fields (exactly as its stored rows hold them) are also kept together, one JSON list per table, and
:meth:`Store.current_values` reads those lists instead when they hold what is asked.
"""

from __future__ import annotations

PROGRESS_KEYS = ("action", "progress", "percent", "result", "evidence")
PEOPLE_KEYS = ("sessions_attended", "head_assessment", "self_assessment", "recognition",
               "recognition_note")
PLEDGE_KEYS = ("action", "deadline", "_raw", "standard", "goal", "name")

# (form, table) -> the fields kept
EXTRACTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("pledge", "pledges"): PLEDGE_KEYS,
    ("quarterly", "progress"): PROGRESS_KEYS,
    ("quarterly", "people"): PEOPLE_KEYS,
}
