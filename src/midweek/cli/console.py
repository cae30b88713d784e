"""Shared plumbing for commands: state, error mapping, output, kind prompting.

Rich is imported only by ``table()``; the everyday one-line commands print with
``typer.echo`` so a fresh process stays quick.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from midweek import messages
from midweek.config import Settings, load_settings
from midweek.domain.errors import MidweekError, ValidationError
from midweek.domain.when import parse_date, parse_datetime
from midweek.services.ports import UnitOfWork

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help='When it happened, if not now: "yesterday 21:00", "Today 9am", 2026-11-20 18:30.',
    ),
]

EXIT_USER = 2
EXIT_INTERNAL = 1


class AppState:
    """What every command needs: settings, the clock, and the store (opened on first use)."""

    def __init__(self, *, db: str | None, debug: bool) -> None:
        self.db = db
        self._debug = debug
        self._settings: Settings | None = None
        self._store: Any = None
        self._zone: tzinfo | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(db=self.db)
        return self._settings

    @property
    def debug(self) -> bool:
        if self._debug:
            return True
        try:
            return self.settings.debug
        except MidweekError:
            return False

    def zone(self) -> tzinfo:
        """The person's chosen zone (``midweek tz``), else this machine's."""
        if self._zone is None:
            from midweek.bootstrap import machine_zone
            from midweek.services.zones import local_zone

            try:
                chosen = local_zone(self.uow())
            except MidweekError:
                chosen = None  # the command itself will say what is wrong with the store
            self._zone = chosen or machine_zone()
            global _shown_zone
            _shown_zone = self._zone
        return self._zone

    def forget_zone(self) -> None:
        self._zone = None

    def now(self) -> datetime:
        return datetime.now(self.zone())

    def uow(self) -> UnitOfWork:
        if self._store is None:
            from midweek.bootstrap import open_store_for

            self._store = open_store_for(self.settings)
            self.zone()  # so that every time shown is in the person's zone
        uow: UnitOfWork = self._store.unit_of_work()
        return uow

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def lazy_module(name: str) -> Any:
    """A module that is imported on first attribute access: for command groups whose
    services most commands never touch, so every start does not pay for them."""
    import importlib.util

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)
    return module


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState(db=None, debug=False)
    return root.obj


P = ParamSpec("P")
R = TypeVar("R")


def handled(fn: Callable[P, R]) -> Callable[P, R]:
    """Map expected errors to one sentence and exit code 2; bugs to exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Typer hands commands its click context, which is not a typer.Context instance.
        ctx = kwargs.get("ctx") or next((a for a in args if hasattr(a, "find_root")), None)
        st = state(ctx) if hasattr(ctx, "find_root") else AppState(db=None, debug=False)  # type: ignore[arg-type]
        try:
            return fn(*args, **kwargs)
        except MidweekError as err:
            _report(str(err), err.code, kwargs.get("as_json") is True)
            raise typer.Exit(EXIT_USER) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception:
            if st.debug:
                raise
            _report(messages.INTERNAL_ERROR, "internal", kwargs.get("as_json") is True)
            raise typer.Exit(EXIT_INTERNAL) from None
        finally:
            st.close()

    return wrapper


def _report(message: str, code: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"error": {"code": code, "message": message}}))
    typer.echo(f"midweek: {message}", err=True)


# --- output ----------------------------------------------------------------------------


def to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in dir(type(obj)):
            if isinstance(getattr(type(obj), name, None), property):
                out[name] = to_jsonable(getattr(obj, name))
        return out
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, set | frozenset):
        return sorted(to_jsonable(v) for v in obj)
    if isinstance(obj, Path):
        return str(obj)
    return obj


def emit_json(obj: Any) -> None:
    typer.echo(json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False))


def say(text: str = "", *, bold: bool = False, dim: bool = False, err: bool = False) -> None:
    typer.echo(typer.style(text, bold=bold, dim=dim) if (bold or dim) else text, err=err)


#: Above this many rows a table is printed as plain aligned lines: Rich's layout costs
#: seconds for thousands of rows (`make bench`, `journal search --all`), plain lines don't.
RICH_TABLE_ROWS = 40


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    plain: bool = False,
) -> None:
    """A table: Rich's boxed layout for short ones, plain aligned lines when ``plain`` or long."""
    cells = [["" if v is None else str(v) for v in r] for r in rows]
    if plain or len(cells) > RICH_TABLE_ROWS:
        _plain_table(title, columns, cells)
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in cells:
        t.add_row(*r)
    Console(soft_wrap=False).print(t)


def _plain_table(title: str | None, columns: Sequence[str], cells: list[list[str]]) -> None:
    """One line per row, columns padded to their widest cell (the last one is not padded)."""
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = [title] if title else []
    for row in [list(columns), *cells]:
        flat = [" ".join(v.split()) for v in row]
        padded = [v.ljust(w) for v, w in zip(flat[:-1], widths[:-1], strict=True)]
        lines.append("  ".join([*padded, flat[-1]]).rstrip())
    typer.echo("\n".join(lines))


def write_private(path: Path, data: bytes, *, what: str) -> None:
    """Write ``data`` to ``path`` atomically (a ``.part`` file, fsync, rename), mode 0600.

    On failure nothing is left behind and a ValidationError says the ``what`` (backup,
    report…) could not be written. Callers check for an existing file (and --force) first.
    """
    import os

    tmp = path.with_name(path.name + ".part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        if hasattr(os, "fchmod"):  # a stale .part file keeps its old mode through O_TRUNC
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError(
            messages.unwritable(what, path, exc.strerror or type(exc).__name__)
        ) from None


#: The zone times are shown in: the person's, once the store is open (AppState.zone).
_shown_zone: tzinfo | None = None


def shown(moment: datetime) -> datetime:
    """``moment`` in the zone the person reads times in."""
    return moment.astimezone(_shown_zone)


def fmt_when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return shown(moment).strftime("%Y-%m-%d %H:%M")


# --- input -----------------------------------------------------------------------------


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def when(st: AppState, raw: str | None, *, what: str = "time") -> datetime:
    return parse_datetime(raw, now=st.now(), what=what) if raw else st.now()


def day(st: AppState, raw: str | None, *, what: str = "date", ahead: bool = False) -> date | None:
    """A typed day; ``ahead``: a bare weekday is the coming one (a start or an end)."""
    return parse_date(raw, now=st.now(), what=what, future_ok=ahead) if raw else None


def need(value: R | None, *, what: str, how: str, prompt: str, convert: Callable[[str], R]) -> R:
    """A required value: given, prompted for on a terminal, or a kind error otherwise."""
    if value is not None:
        return value
    if not interactive():
        raise ValidationError(messages.missing(what, how))
    while True:
        raw = typer.prompt(prompt).strip()
        try:
            return convert(raw)
        except (ValueError, ValidationError):
            say(messages.try_again(how))


def read_text(text: str | None, *, hint: str = "") -> tuple[str, Path | None]:
    """Text from the argument, from $EDITOR on a terminal, or from standard input.

    With the editor, the text is also a draft file (mode 0600) that the caller removes once
    the entry is safely saved, so nothing typed is lost if saving fails.
    """
    if text is not None:
        return text, None
    if interactive():
        return _edit(hint)
    if sys.stdin.isatty():
        raise ValidationError(messages.NO_TTY_TEXT)
    return sys.stdin.read(), None


def _edit(hint: str) -> tuple[str, Path]:
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="midweek-draft-", suffix=".md")  # created 0600
    draft = Path(name)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{hint}\n" if hint else "")
    try:
        subprocess.run([*shlex.split(editor), str(draft)], check=False)
    except OSError as exc:
        draft.unlink(missing_ok=True)
        raise ValidationError(messages.editor_failed(editor, str(exc))) from None
    body = draft.read_text(encoding="utf-8")
    if hint and body.startswith(hint):
        body = body[len(hint) :]
    return body, draft


def choose_number(prompt: str, options: Sequence[str], *, allow_free: bool = False) -> str | None:
    """Show numbered options, return the chosen one, free text if allowed, None on Enter."""
    for i, label in enumerate(options, 1):
        say(f"  {i}. {label}")
    while True:
        answer: str = str(typer.prompt(prompt, default="", show_default=False)).strip()
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1]
        if allow_free:
            return answer
        say(messages.pick_a_number(len(options)))
