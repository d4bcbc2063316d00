"""A submission's state against its deadline, as the scores and outputs name it."""

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
