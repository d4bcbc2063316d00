"""The fields the scores read of every row of the big tables, kept once per submission.

A province's quarter has 300,000 progress rows and 100,000 people; picking a few fields out of
each stored row's JSON takes SQLite seconds. So when a submission is stored, the values of these
fields (exactly as its stored rows hold them) are also kept together, one JSON list per table, and
:meth:`Store.current_values` reads those lists instead when they hold what is asked. Each list
records the fields it holds: a list kept with other fields (an older version) is not used.
"""

from __future__ import annotations

PROGRESS_KEYS = ("action", "progress", "percent")
PEOPLE_KEYS = ("sessions_attended", "head_assessment", "self_assessment", "recognition",
               "recognition_note")

# (form, table) -> the fields kept. Not the pledges: their fields are the long texts themselves
# (kept twice, they cost the ingest more than they save), and the year's base built from them is
# remembered in .cache between dashboards.
EXTRACTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("quarterly", "progress"): PROGRESS_KEYS,
    ("quarterly", "people"): PEOPLE_KEYS,
}
