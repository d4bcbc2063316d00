"""The config schema: a mistyped section or key is an error with the nearest known name (never a
silent default), and every key of the default config refuses a value of the wrong type and a value
outside its range, naming the key, the value and what is allowed."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from toolkit.config.schema import SCHEMA, STANDARD_ITEM
from toolkit.config.workspace import WorkspaceError, default_config_text, load_config

DEFAULT = tomllib.loads(default_config_text(2024))


# ---------------------------------------------------------------- a small TOML writer

def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_value(str(k))} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def dump(data: dict[str, Any]) -> str:
    lines = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for name, table in data.items():
        if not isinstance(table, dict):
            continue
        lines.append(f"\n[{name}]")
        arrays, inner = {}, {}
        for k, v in table.items():
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                arrays[k] = v
            elif isinstance(v, dict) and k in INNER_TABLES:
                inner[k] = v
            else:
                lines.append(f"{k} = {_value(v)}")
        for k, sub in inner.items():
            lines.append(f"\n[{name}.{k}]")
            lines += [f"{ik} = {_value(iv)}" for ik, iv in sub.items()]
        for k, items in arrays.items():
            for item in items:
                lines.append(f"\n[[{name}.{k}]]")
                lines += [f"{ik} = {_value(iv)}" for ik, iv in item.items()]
    return "\n".join(lines) + "\n"


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


INNER_TABLES = ("staff",)       # [rating.staff]


def leaves(data: dict[str, Any], prefix: tuple = ()) -> list[tuple[str, tuple, Any]]:
    """(dotted key, path, value) of every setting in the file, inner tables and items included."""
    out = []
    for k, v in data.items():
        path = (k,) if not prefix else (*prefix, k)
        name = ".".join(path)
        if isinstance(v, dict) and k in INNER_TABLES:
            out.append((name, path, v))          # the table itself (a number is no table)
            out += leaves(v, path)
        elif isinstance(v, dict) and (not prefix or k == "assessment_points"):
            if prefix:       # a table of values: each entry is a setting, and so is the table
                out.append((name, path, v))
            out += leaves(v, path)
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            for i, item in enumerate(v):
                out += [(f"{name}[{i + 1}].{ik}", (*path, i, ik), iv) for ik, iv in item.items()]
        else:
            out.append((name, path, v))
    return out


def _set(data: dict[str, Any], path: tuple, value: Any) -> dict[str, Any]:
    data = _copy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def _spec(path: tuple):
    if path[:2] == ("standards", "items") and len(path) == 4:
        return STANDARD_ITEM[path[3]]
    if len(path) == 3 and path[1] == "assessment_points":
        return SCHEMA["scoring"]["assessment_points"]
    if len(path) == 3 and path[1] in INNER_TABLES:
        return SCHEMA[path[0]][path[1]].keys[path[2]]
    return SCHEMA[path[0]][path[1]] if len(path) == 2 else SCHEMA[""][path[0]]


def _load(tmp_path: Path, data: dict[str, Any]):
    path = tmp_path / "lamtheobac.toml"
    path.write_text(dump(data), encoding="utf-8")
    return load_config(path)


def _refused(tmp_path: Path, data: dict[str, Any]) -> str:
    with pytest.raises(WorkspaceError) as err:
        _load(tmp_path, data)
    return str(err.value)


# ---------------------------------------------------------------- what a wrong value is

def wrong_type(value: Any, spec) -> Any:
    """A value of another type than the default's, as a person might type it."""
    if spec.kind == "version":      # text or a number: a list is neither
        return ["2024", "1"]
    if isinstance(value, bool):
        return "có"
    if isinstance(value, (int, float)):
        return str(value)                     # "0.5" in quotes
    if isinstance(value, str):
        return 12
    if isinstance(value, dt.date):
        return 15
    if isinstance(value, list):
        return "một, hai"
    if isinstance(value, dict):
        return 100
    raise TypeError(type(value))


def out_of_range(name: str, value: Any, spec) -> list[Any]:
    """Values of the right type that the key must refuse."""
    if spec.kind in ("int", "number"):
        return [spec.hi + 1, spec.lo - 1, 10**6, -400]
    if spec.kind in ("choice", "level"):
        return [value + "x", "khác"]
    if spec.kind == "date":
        return [value.replace(year=value.year - 2), value.replace(year=value.year + 3)]
    if spec.kind == "texts":
        lo, hi = spec.size
        return [["x"] * (hi + 1), [f"t{i}" for i in range(hi + 1)]] + (
            [[]] if lo else [])
    if spec.kind == "email":
        return ["vanphong", "van phong@coquan"]
    if spec.kind == "emails":
        return [["vanphong"], ["a@b.vn", "A@b.vn"], [f"dv{i}@b.vn" for i in range(51)]]
    if spec.kind == "numbers":
        return [value + [1], [spec.hi + 1] * len(value), [-1] * len(value)]
    if spec.kind == "points" and not isinstance(value, dict):     # one level's points
        return [spec.hi + 1, -1]
    if spec.kind == "points":
        return [{k: spec.hi + 1 for k in value}, {k: -1 for k in value}]
    if spec.kind == "text" and not spec.blank:
        return ["", "   "]
    raise AssertionError(f"{name}: no out-of-range value for {spec.kind}")


def test_a_password_in_the_config_is_refused_with_where_it_goes(tmp_path):
    for key in ("password", "smtp_password"):
        msg = _refused(tmp_path, _set(DEFAULT, ("mail", key), "bi-mat"))
        assert f"'mail.{key}'" in msg and "LAMTHEOBAC_MAIL_PASSWORD" in msg
        assert "bi-mat" not in msg               # a secret is never printed back


KEYS = leaves(DEFAULT)


def test_the_walk_covers_every_key_of_the_default_config_and_of_the_schema():
    names = {name for name, _, _ in KEYS}
    assert len(names) > 80
    for section, keys in SCHEMA.items():
        for key in keys:
            full = f"{section}.{key}" if section else key
            if keys[key].kind == "forbidden":
                continue     # a password: never in the file (probed below)
            assert full in names or full == "standards.items", full
            for inner in keys[key].keys or {}:
                assert f"{full}.{inner}" in names or f"{full}.{inner}" in OPTIONAL, inner


# keys the default config leaves out (their default is in the code): probed by test_optional_keys
OPTIONAL = {"rating.staff.no_pledge_cap", "rating.staff.no_review_cap"}


@pytest.mark.parametrize("name, path, value", KEYS, ids=[k[0] for k in KEYS])
def test_every_key_refuses_a_wrong_type_naming_key_value_and_allowed(tmp_path, name, path, value):
    bad = wrong_type(value, _spec(path))
    msg = _refused(tmp_path, _set(DEFAULT, path, bad))
    shown = _value(bad)
    key = name if len(path) != 3 or path[1] != "assessment_points" else \
        f'scoring.assessment_points."{path[2]}"'
    assert f"'{key}'" in msg and shown in msg and "sai kiểu" in msg, msg
    assert "cần " in msg.split(f"'{key}'", 1)[1]


@pytest.mark.parametrize("name, path, value", KEYS, ids=[k[0] for k in KEYS])
def test_every_key_refuses_a_value_out_of_range(tmp_path, name, path, value):
    spec = _spec(path)
    if not spec.has_range:
        # free text, true/false, an inner table: any value of the right type is allowed
        assert spec.kind in ("text", "bool", "version", "table"), name
        if spec.kind != "table":
            other = (not value) if isinstance(value, bool) else "Nội dung khác"
            _load(tmp_path, _set(DEFAULT, path, other))
        return
    for bad in out_of_range(name, value, spec):
        msg = _refused(tmp_path, _set(DEFAULT, path, bad))
        assert "ngoài phạm vi" in msg or "thiếu" in msg, (name, bad, msg)
        assert name.split(".")[-1].split("[")[0] in msg, (name, msg)


def test_an_optional_inner_key(tmp_path):
    staff = {**DEFAULT["rating"]["staff"], "no_pledge_cap": "good"}
    _load(tmp_path, _set(DEFAULT, ("rating", "staff"), staff))
    bad = _refused(tmp_path, _set(DEFAULT, ("rating", "staff"), {**staff, "no_pledge_cap": "cao"}))
    assert "'rating.staff.no_pledge_cap'" in bad
    typo = _refused(tmp_path, _set(DEFAULT, ("rating", "staff"), {**staff, "band_god": 70}))
    assert "'band_god'" in typo and "'band_good'" in typo


@pytest.mark.parametrize("key, good, bad", [
    ("organisation.margins_mm", [20, 20, 30, 15], [[20, 20, 30], [20, 20, 30, 150], "25"]),
    ("senders.policy", "open", ["lỏng", 1]),
    ("senders.secretary", ["vanphong@coquan.gov.vn"], [["vanphong"], "vanphong@coquan.gov.vn",
                                                       ["a@b.vn", "A@b.vn"]]),
])
def test_optional_keys(tmp_path, key, good, bad):
    section, name = key.split(".")
    _load(tmp_path, _set({**DEFAULT, section: DEFAULT.get(section, {})}, (section, name), good))
    for value in bad:
        msg = _refused(tmp_path, _set({**DEFAULT, section: DEFAULT.get(section, {})},
                                      (section, name), value))
        assert f"'{key}'" in msg


# ---------------------------------------------------------------- the findings of issue 18

def test_a_mistyped_section_is_an_error_with_the_nearest_name(tmp_path):
    data = _copy(DEFAULT)
    data["ratng"] = data.pop("rating")
    msg = _refused(tmp_path, data)
    assert "[ratng]" in msg and "có phải ý bạn là [rating]?" in msg


def test_a_mistyped_key_is_an_error_with_the_nearest_name(tmp_path):
    data = _copy(DEFAULT)
    data["rating"]["quota_rato"] = data["rating"].pop("quota_ratio")
    msg = _refused(tmp_path, data)
    assert "'quota_rato'" in msg and "có phải ý bạn là 'quota_ratio'?" in msg


def test_a_key_in_the_wrong_section_says_where_it_belongs(tmp_path):
    data = _copy(DEFAULT)
    data["scoring"]["quota_ratio"] = data["rating"].pop("quota_ratio")
    msg = _refused(tmp_path, data)
    assert "'quota_ratio'" in msg and "[rating]" in msg


def test_a_number_in_quotes_names_the_key_not_a_type_error(tmp_path):
    msg = _refused(tmp_path, _set(DEFAULT, ("scoring", "weight_progress"), "0.5"))
    assert "'scoring.weight_progress' = \"0.5\"" in msg and "TypeError" not in msg


def test_a_negative_report_delay_is_refused(tmp_path):
    msg = _refused(tmp_path, _set(DEFAULT, ("year", "quarter_report_days"), -400))
    assert "'year.quarter_report_days' = -400" in msg and "từ 0 đến 90" in msg


def test_every_problem_is_listed_at_once(tmp_path):
    data = _set(DEFAULT, ("year", "quarter_report_days"), -400)
    data = _set(data, ("pledge", "warn_vague"), "yes")
    data["ratng"] = data.pop("rating")
    msg = _refused(tmp_path, data)
    assert re.search(r"có 3 chỗ cần sửa", msg)
    assert msg.count("\n  - ") == 3


def test_english_messages(tmp_path):
    from toolkit.common.i18n import reset_language, set_language
    set_language("en")
    try:
        data = _copy(DEFAULT)
        data["ratng"] = data.pop("rating")
        assert "did you mean [rating]?" in _refused(tmp_path, data)
    finally:
        reset_language()


def test_the_default_config_loads_and_a_removed_optional_key_takes_its_default(tmp_path):
    cfg = _load(tmp_path, DEFAULT)
    assert cfg.quarter_report_days == 10
    data = _copy(DEFAULT)
    del data["year"]["quarter_report_days"]
    assert _load(tmp_path, data).quarter_report_days == 10
