"""Every issue code raised is catalogued in IssueCode, and every catalogued code is raised.

The scan reads toolkit/**/*.py with ``ast``: a code is raised where it is the first argument (or
``code=``) of ``Issue.make``, ``Issue(...)``, a safety ``Finding(...)`` or an intake report's
``.add(...)``, given as a string or as ``IssueCode.X``; any use of ``IssueCode.X`` counts too.
A code passed on from a variable is allowed only through the pass-throughs listed below, so a
new way of producing codes cannot hide from this test.
"""

from __future__ import annotations

import ast
import functools
import re
import string
from pathlib import Path

from toolkit.common.issues import CATALOGUE, ERROR, INFO, WARNING, Issue, IssueCode

TOOLKIT = Path(__file__).resolve().parent.parent / "toolkit"
CATALOGUE_FILE = TOOLKIT / "common" / "issues.py"
CODE_SHAPE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+")
RAISERS = {"make", "Issue", "Finding"}
# `.add(code, ...)` is the safety report's; elsewhere `.add` is a set's.
ADD_PACKAGES = ("intake",)
# Codes passed on, not produced: a safety finding turned into an Issue (app/ingest.py), a stored
# issue read back (store), the safety report's add() handing its argument to Finding.
PASS_THROUGH = {"f.code", "r['code']", "code", "row['code']"}


def _callee(node: ast.Call) -> str:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _code_arg(node: ast.Call) -> ast.expr | None:
    if node.args:
        return node.args[0]
    return next((k.value for k in node.keywords if k.arg == "code"), None)


@functools.cache
def _scan() -> tuple[dict[str, list[str]], list[str]]:
    raised: dict[str, list[str]] = {}
    unknown_sources: list[str] = []
    for path in sorted(TOOLKIT.rglob("*.py")):
        if path == CATALOGUE_FILE:
            continue
        rel = path.relative_to(TOOLKIT)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "IssueCode"):
                raised.setdefault(node.attr, []).append(f"{rel}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            name = _callee(node)
            if not (name in RAISERS or (name == "add" and rel.parts[0] in ADD_PACKAGES)):
                continue
            arg = _code_arg(node)
            if arg is None:
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if CODE_SHAPE.fullmatch(arg.value):
                    raised.setdefault(arg.value, []).append(f"{rel}:{node.lineno}")
            elif isinstance(arg, ast.Attribute) and getattr(arg.value, "id", "") == "IssueCode":
                pass                                    # counted above
            elif name != "add" and ast.unparse(arg) not in PASS_THROUGH:
                unknown_sources.append(f"{rel}:{node.lineno}: {ast.unparse(arg)}")
    return raised, unknown_sources


def test_every_raised_code_is_catalogued():
    raised, _ = _scan()
    missing = {code: places for code, places in raised.items() if code not in CATALOGUE}
    assert not missing, f"raised but not in IssueCode: {missing}"


def test_every_catalogued_code_is_raised():
    raised, _ = _scan()
    never = sorted(set(CATALOGUE) - set(raised))
    assert not never, f"in IssueCode but never raised (raise them or remove them): {never}"


def test_codes_come_only_from_known_places():
    _, unknown = _scan()
    assert not unknown, ("an issue code comes from a variable this test cannot follow; raise "
                         f"IssueCode.X or a string literal, or add the pass-through: {unknown}")


def test_scan_finds_the_places_it_claims():
    raised, _ = _scan()
    # one per kind of producer: a safety finding, an intake skip, a rule, a decision check
    assert any(p.startswith("intake/safety") for p in raised["FILE_ZIP_BOMB"])
    assert any(p.startswith("intake/files") for p in raised["FILE_SKIPPED_OTHER"])
    assert any(p.startswith("rules/") for p in raised["UNIT_MISMATCH"])
    assert any(p.startswith("rules/") for p in raised["DECISION_OVER_QUOTA"])


def test_members_are_their_names_with_a_severity_and_two_messages():
    for member in IssueCode:
        assert member == member.name and CATALOGUE[member.name] is member
        assert member.severity in (ERROR, WARNING, INFO)
        assert member.vi.strip() and member.en.strip() and member.vi != member.en
        for template in (member.vi, member.en):       # both templates must format
            list(string.Formatter().parse(template))


def test_a_code_is_given_as_member_or_string():
    by_member = Issue.make(IssueCode.FILE_TOO_LARGE, file="a.xlsx", size_mb=30, limit_mb=25)
    by_string = Issue.make("FILE_TOO_LARGE", file="a.xlsx", size_mb=30, limit_mb=25)
    assert by_member == by_string
    assert type(by_member.code) is str and by_member.severity == ERROR
    assert "30" in by_member.message("en") and by_member.missing_args() == []
