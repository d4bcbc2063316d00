"""The package keeps its layout: SQL lives only in the store package (toolkit/store/).

Every module elsewhere asks the store by name (``store.submissions(...)``,
``store.current_values(...)``); none runs a statement itself nor imports sqlite3.
"""

from __future__ import annotations

import ast
from pathlib import Path

import toolkit

PACKAGE = Path(toolkit.__file__).parent
SQL_CALLS = {"execute", "executemany", "executescript"}


def sql_outside_the_store(root: Path = PACKAGE) -> list[str]:
    """``file:line: what`` for every SQL call or sqlite3 import outside toolkit/store/."""
    store = root / "store"
    found: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        if store in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(root.parent).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in SQL_CALLS:
                found.append((where, node.lineno, f".{node.func.attr}("))
            elif isinstance(node, ast.Import):
                found += [(where, node.lineno, f"import {a.name}") for a in node.names
                          if a.name.split(".")[0] == "sqlite3"]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == \
                    "sqlite3":
                found.append((where, node.lineno, f"from {node.module} import"))
    return [f"{where}:{line}: {what}" for where, line, what in sorted(found)]


def test_no_sql_outside_the_store():
    found = sql_outside_the_store()
    assert not found, "SQL outside toolkit/store/ (ask the store by name instead):\n" + \
        "\n".join(found)


def test_the_check_finds_sql(tmp_path):
    """The scan itself: it reports each kind of SQL it looks for, with file and line."""
    pkg = tmp_path / "toolkit"
    (pkg / "store").mkdir(parents=True)
    (pkg / "rules").mkdir()
    (pkg / "store" / "db.py").write_text("import sqlite3\nsqlite3.connect('x').execute('x')\n")
    (pkg / "rules" / "bad.py").write_text(
        "import sqlite3 as s\nfrom sqlite3 import Row\n\n"
        "def f(store):\n    store.db.execute('SELECT 1')\n"
        "    store.db.executemany('x', [])\n    store.db.executescript('x')\n")
    found = sql_outside_the_store(pkg)
    assert found == ["toolkit/rules/bad.py:1: import sqlite3",
                     "toolkit/rules/bad.py:2: from sqlite3 import",
                     "toolkit/rules/bad.py:5: .execute(",
                     "toolkit/rules/bad.py:6: .executemany(",
                     "toolkit/rules/bad.py:7: .executescript("]
