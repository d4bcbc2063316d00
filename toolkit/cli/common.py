"""What every command shares: the workspace and format options, opening the workspace, the
progress bar, and mapping library exceptions to messages and exit codes (0 / 1 / 2)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from toolkit.common.i18n import current_language, set_language, t

EXIT_OK, EXIT_PROBLEMS, EXIT_MISUSE = 0, 1, 2


def _say(vi: str, en: str) -> str:
    return en if current_language() == "en" else vi


def workspace_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-w", "--workspace", "workspace", type=click.Path(path_type=Path),
                        default=Path("."), show_default=True,
                        help="Thư mục làm việc (có lamtheobac.toml). / Workspace folder.")(fn)


def format_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                        show_default=True, help="Kiểu kết quả. / Output format.")(fn)


def guarded(fn: Callable[..., int | None]) -> Callable[..., None]:
    """Map library exceptions to clear messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        verbose = click.get_current_context().find_root().params.get("verbose", False)
        try:
            code = fn(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo(_say("Đã dừng.", "Stopped."), err=True)
            sys.exit(130)
        except Exception as exc:
            from toolkit.app.failures import explain
            message = explain(exc, kwargs.get("workspace") or kwargs.get("directory"))
            if message is None:             # not an operational failure: a bug
                if verbose:
                    raise
                message = t("err.unexpected", problem=f"{type(exc).__name__}: {exc}")
            if verbose:
                import traceback
                click.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
                click.echo(t("fail.detail", detail=f"{type(exc).__name__}: {exc}"), err=True)
            click.echo(message, err=True)
            if not verbose:
                # what a failed writer leaves half-closed (a zip file on a full disk) is not
                # worth a second, English, traceback as the process ends
                sys.unraisablehook = _ignore
            sys.exit(EXIT_MISUSE)
        sys.exit(code or EXIT_OK)

    return wrapper


def _ignore(_unraisable: Any) -> None:
    pass


def open_ws(path: Path) -> Any:
    from toolkit.config.workspace import Workspace
    ws = Workspace.open(path)
    if ws.config.language and not _LANG_FORCED[0]:
        set_language(ws.config.language)
    return ws


def warn_to_fill(ws: Any) -> None:
    """On stderr: the config values still to fill (placeholders), if any."""
    cfg = ws.config
    if cfg.to_fill:
        click.echo(t("warn.to_fill", path=cfg.path, count=len(cfg.to_fill),
                     keys=", ".join(cfg.unfilled_labels())), err=True)


# whether --lang was given (then the workspace's language setting does not apply)
_LANG_FORCED = [False]


def force_language(forced: bool) -> None:
    _LANG_FORCED[0] = forced


def _progress_printer() -> Callable[[int, int], None] | None:
    root = click.get_current_context().find_root()
    if root.params.get("quiet") or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", err=True,
                   nl=done >= total)

    return show


def received_option(fn: Any) -> Any:
    return click.option(
        "--received", "received", default=None, metavar="dd/mm/yyyy",
        help="Ngày nhận của các tệp Excel để rời (không qua thư); mặc định: giờ sửa tệp.")(fn)


def parse_received(value: str | None) -> Any:
    """The --received date, or None; a bad one is misuse (exit 2)."""
    if not value:
        return None
    from toolkit.common.dates import parse_date
    from toolkit.common.i18n import t
    from toolkit.config.workspace import WorkspaceError
    day = parse_date(value)
    if day is None:
        raise WorkspaceError(t("err.received_date", value=value))
    return day
