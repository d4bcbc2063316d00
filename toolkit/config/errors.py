"""The one error of an unusable workspace."""


class WorkspaceError(Exception):
    """The workspace cannot be used; the message says what to fix (exit code 2)."""
