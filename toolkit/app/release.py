"""The released blank templates in ``workbooks/``: generated from the form specs, never by hand."""

from __future__ import annotations

import tempfile
from pathlib import Path

from toolkit.config.seed import SEED_AGENCY
from toolkit.config.workspace import Config, default_config_text, load_config
from toolkit.forms import FORMS, ROSTER

RELEASE_YEAR = 2024
# the rating sheet is written by `lamtheobac rate` with every proposal in it; a blank one is no use
NOT_RELEASED = {"rating"}
# (RELEASE_YEAR is the seed plan's year; the templates carry the default config of that year)


def release_config() -> Config:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lamtheobac.toml"
        path.write_text(default_config_text(RELEASE_YEAR, SEED_AGENCY), encoding="utf-8")
        return load_config(path)


def released_names() -> dict[str, str]:
    """form id -> file name in workbooks/."""
    names = {fid: f"{form.file_stem or fid}-mau-trong.xlsx" for fid, form in FORMS.items()
             if fid not in NOT_RELEASED}
    names[ROSTER.id] = "roster-mau-trong.xlsx"
    return names


def write_released(folder: Path) -> list[Path]:
    from toolkit.app.prepare import write_blank_template
    from toolkit.config.roster import write_roster_template
    from toolkit.forms.workbook import FIXED_TIME  # noqa: F401  (documents that the time is fixed)

    cfg = release_config()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fid, name in sorted(released_names().items()):
        target = folder / name
        if fid == ROSTER.id:
            written.append(write_roster_template(target, cfg))
        else:
            written.append(write_blank_template(target, cfg, fid))
    return written
