"""`safety check`: how midweek's risk detector reads a piece of text, and why."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli.console import JsonFlag, emit_json, handled, lazy_module, say

if TYPE_CHECKING:
    from midweek.domain import risk as risk_levels
    from midweek.services import risk
else:  # loaded on first use: only this command and the writing ones need the rules
    risk_levels = lazy_module("midweek.domain.risk")
    risk = lazy_module("midweek.services.risk")

safety_app = typer.Typer(
    help="See how midweek notices hard words in what you write.", no_args_is_help=True
)


@safety_app.command("check")
@handled
def check(
    ctx: typer.Context,
    text: Annotated[
        str | None, typer.Argument(help="The text to check. Leave out to read standard input.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the level midweek finds in some text (none, concern, urgent) and why.

    Nothing is saved. The same check runs on journal entries, notes and questions.
    """
    if text is None:
        text = typer.prompt(messages.RISK_CHECK_PROMPT) if sys.stdin.isatty() else sys.stdin.read()
    a = risk.assess_text(text)
    if as_json:
        emit_json(
            {
                "level": a.level.value,
                "findings": [
                    {
                        "rule": f.rule_id,
                        "level": f.level.value,
                        "phrase": f.phrase,
                        "reason": f.reason,
                        "start": f.start,
                        "end": f.end,
                        "adjusted": f.adjusted,
                    }
                    for f in a.findings
                ],
            }
        )
        return
    say(messages.risk_level_line(a.level), bold=True)
    for f in a.findings:
        say(messages.risk_finding_line(f.phrase, f.reason, f.rule_id, f.level, f.adjusted))
    if not a.findings:
        say(messages.RISK_NOTHING_MATCHED, dim=True)
    say(messages.RISK_CHECK_LIMITS, dim=True)
    if a.level is not risk_levels.Level.NONE:
        say(messages.RISK_CHECK_SUPPORT)
