"""The ``midweek`` command: a root with global options and a lazy table of commands.

Every command is a fresh process, so the root knows each command only by name, module and
help line (``COMMANDS``) and imports and converts to click only the one being run: turning
a typer function into a click command reads its signature, and doing that for every
command cost more than the rest of a start-up. ``midweek --help`` prints the table's help
lines without importing any command; tests/cli/test_lazy_cli.py checks that they are the
commands' own. ``midweek`` alone runs ``today``.

To add a command or a group, write it in a module here (a function, or a ``typer.Typer``
for a group) and add one line to ``COMMANDS``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

from midweek import __version__, i18n
from midweek.cli import collector

#: name -> (module, attribute: a command function or a ``typer.Typer`` group, help line).
#: The order is the order of ``midweek --help``: the commands, then the groups.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "today": (
        "midweek.cli.system",
        "today",
        "What matters today: last time's takeaways, practice, questions, a prompt.",
    ),
    "ask": ("midweek.cli.journal", "ask", "Keep a question for your therapist."),
    "where": (
        "midweek.cli.system",
        "where",
        "Where your data, key file and own worksheet templates live, and every setting.",
    ),
    "backup": (
        "midweek.cli.system",
        "backup",
        "Write a complete backup (the text in it stays encrypted).",
    ),
    "restore": (
        "midweek.cli.system",
        "restore",
        "Replace everything with a backup — all or nothing.",
    ),
    "erase": (
        "midweek.cli.system",
        "erase",
        "Erase everything you have written here, and the key that opens it.",
    ),
    "demo": (
        "midweek.cli.system",
        "demo",
        "Try midweek on a realistic demo history, in a throw-away database.",
    ),
    "thread": (
        "midweek.cli.thread",
        "thread",
        "The thread across sessions: what you learned, practised, met and wrote.",
    ),
    "prep": (
        "midweek.cli.prep",
        "prep",
        (
            "Your prep for the next session: practice, small wins, what got in the way, "
            "journal entries to bring, insights, questions, scores and mood."
        ),
    ),
    "barriers": (
        "midweek.cli.plan",
        "barriers",
        "What got in the way over the last weeks: how often, with which homework, steps tried.",
    ),
    "crisis": (
        "midweek.cli.safety_plan",
        "crisis",
        "Crisis lines and the emergency number now, with the people from your safety plan.",
    ),
    "country": (
        "midweek.cli.safety_plan",
        "country",
        "Show or change the country whose crisis contacts midweek shows.",
    ),
    "serve": (
        "midweek.cli.serve",
        "serve",
        "Run the midweek web app (sign in, today, crisis contacts) until Ctrl-C.",
    ),
    "tz": (
        "midweek.cli.zone",
        "tz",
        "Show your time zone, or choose one (else this machine's zone is used).",
    ),
    "undo": (
        "midweek.cli.corrections",
        "undo",
        "Bring back what you deleted last (within a day), with the same id.",
    ),
    "import": (
        "midweek.cli.imports",
        "import_cmd",
        "Import a journal from another app; importing the same file again adds nothing twice.",
    ),
    "session": (
        "midweek.cli.sessions",
        "session_app",
        "Therapy sessions: the date, what you learned, the themes.",
    ),
    "goal": (
        "midweek.cli.goals",
        "goal_app",
        "Goals, the values they serve, and how ready you feel.",
    ),
    "homework": (
        "midweek.cli.homework",
        "homework_app",
        "Homework: what to practise, how often and how long.",
    ),
    "log": (
        "midweek.cli.practice",
        "log_app",
        (
            "Log a practice (`log ID done|partial|skipped`), see the recent ones (`log "
            "list`), or correct one: `log edit ID`, `log delete ID`."
        ),
    ),
    "barrier": (
        "midweek.cli.practice",
        "barrier_app",
        "What got in the way — noticed kindly, with a next step.",
    ),
    "journal": (
        "midweek.cli.journal",
        "journal_app",
        "Your journal: free or prompted writing, tags, mood.",
    ),
    "questions": ("midweek.cli.journal", "questions_app", "Questions for your therapist."),
    "checkin": (
        "midweek.cli.measures",
        "checkin_app",
        "Check in: mood, PHQ-9 (depression), GAD-7 (anxiety).",
    ),
    "worksheet": (
        "midweek.cli.measures",
        "worksheet_app",
        "Worksheets: thought record, sleep diary and more.",
    ),
    "safety": (
        "midweek.cli.safety",
        "safety_app",
        "See how midweek notices hard words in what you write.",
    ),
    "export": (
        "midweek.cli.exports",
        "export_app",
        "Export your data: all of it as a ZIP, or FHIR for health records.",
    ),
    "plan": (
        "midweek.cli.plan",
        "plan_app",
        "A realistic week: the time you really have, and your practice fitted into it.",
    ),
    "safety-plan": (
        "midweek.cli.safety_plan",
        "plan_app",
        (
            "Your safety plan: warning signs, ways to cope, people and places, who to ask for"
            " help, making your surroundings safer, and your reasons for living."
        ),
    ),
    "reminders": (
        "midweek.cli.reminders",
        "reminders_app",
        "Reminders on people's devices (Web Push), for the times they set in their plan.",
    ),
    "user": (
        "midweek.cli.users",
        "user_app",
        "Accounts for a shared midweek server: add, list, reset a password, disable.",
    ),
}


def load_command(name: str) -> Any:
    """The click command (or group) ``name``, imported and converted now."""
    module, attribute, _help = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):  # a group, as ``app.add_typer(target, name=name)``
        return typer.main.get_group_from_info(
            TyperInfo(target, name=name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
    return typer.main.get_command_from_info(  # a command, as ``app.command(name)(target)``
        CommandInfo(name=name, callback=target),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )


class _Commands(Mapping[str, Any]):
    """The root's commands: every name in ``COMMANDS``, each loaded on first lookup.

    typer's group reads ``commands`` to run a command, list them and suggest a close name
    after a typo; only the first needs the command itself.
    """

    def __init__(self) -> None:
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            self._loaded[name] = load_command(name)  # KeyError for a name not in the table
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    """The root group: click's lazy-group pattern over ``COMMANDS``."""

    def __init__(self, **attrs: Any) -> None:
        attrs.pop("commands", None)  # the root registers none: they are all in the table
        super().__init__(commands=_Commands(), **attrs)  # type: ignore[arg-type]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        return self.commands[cmd_name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``midweek --help``, from the table, importing nothing.

        Each line is shortened as typer shortens a command's own help (a stand-in command
        carrying the table's line), so the list reads exactly as it did when built eagerly.
        """
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, TyperCommand(name=name, help=line).get_short_help_str(limit))
            for name, (*_, line) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="midweek",
    cls=LazyGroup,
    help=(
        "The work between therapy sessions: what you learned, your practice (partly done "
        "counts), your journal, what got in the way, questions for your therapist, and how "
        "you are doing. Everything stays on this machine, encrypted.\n\n"
        "Start with `midweek today`. Not an emergency service."
    ),
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"midweek {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database to use: a file path or a URL (overrides MIDWEEK_DATABASE_URL).",
            metavar="PATH",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for internal errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    from midweek.cli.console import AppState  # not needed for `midweek --help`

    ctx.obj = AppState(db=db, debug=debug)
    if ctx.invoked_subcommand is None:
        from midweek.cli.system import today

        ctx.invoke(today, ctx=ctx)


def main() -> None:
    collector.for_a_command()
    # MIDWEEK_LANG, else the system's language (LANG and friends), else English; read
    # before config loads (see i18n.from_environment), so its errors are in that language.
    i18n.choose(i18n.from_environment(os.environ))
    app()
