"""The lowest-versions environment of .ci/run pins each dependency at the lower bound that
pyproject.toml declares: raising a bound without the pin (or the reverse) fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(s: str) -> str:
    return re.sub(r"[-_.]+", "-", s).lower()


def test_every_dependency_is_pinned_at_its_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for dep in project["dependencies"]:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)(,.*)?", dep.strip())
        assert m, f"{dep}: declare a lower bound (name>=X)"
        bounds[_name(m.group(1))] = m.group(2)
    pins = {}
    for line in (ROOT / ".ci" / "lowest-constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    for name, bound in bounds.items():
        assert name in pins, f"{name} is not pinned in .ci/lowest-constraints.txt"
        pinned = [int(x) for x in pins[name].split(".")]
        declared = [int(x) for x in bound.split(".")]
        declared += [0] * (len(pinned) - len(declared))
        assert pinned == declared, f"{name}: pinned {pins[name]}, declared >={bound}"
