"""Docs that cannot drift (sqlite-utils' tests/test_docs.py): every command has help text and is
mentioned in the README; docs/ARCHITECTURE.md names every sub-package of toolkit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli.main import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = " ".join((ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").split())
SUBPACKAGES = sorted(p.parent.name for p in (ROOT / "toolkit").glob("*/__init__.py"))


def test_every_command_is_registered():
    assert sorted(main.commands) == sorted(c.name for c in COMMANDS) and len(COMMANDS) >= 10


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    cmd = main.commands[command]
    assert (cmd.help or "").strip(), f"`lamtheobac {command}` has no help text"
    for param in cmd.params:
        if param.param_type_name == "option" and not param.hidden:
            assert (param.help or "").strip(), f"`lamtheobac {command}` {param.opts}: no help"


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_command_is_in_the_readme(command):
    assert re.search(rf"`lamtheobac {re.escape(command)}\b", README), \
        f"README.md does not mention `lamtheobac {command}`"


def test_architecture_names_every_subpackage():
    assert len(SUBPACKAGES) >= 10
    missing = [name for name in SUBPACKAGES if f"toolkit/{name}" not in ARCHITECTURE]
    assert not missing, f"docs/ARCHITECTURE.md does not mention {missing}"


def test_architecture_names_the_registries():
    for registry, where in (("FORM_RULES", "rules/engine.py"),
                            ("AFTER_STORE", "app/ingest_store.py"),
                            ("PREFILL", "prefill/registry.py"), ("PHASES", "demo/agency.py"),
                            ("COMMANDS", "cli/main.py")):
        assert f"`{registry}` in `{where}`" in ARCHITECTURE, registry
        assert re.search(rf"^{registry}\b", (ROOT / "toolkit" / where).read_text(), re.M), \
            f"{registry} is no longer in toolkit/{where}: update docs/ARCHITECTURE.md"
