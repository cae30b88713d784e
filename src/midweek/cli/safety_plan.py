"""`safety-plan` (show, edit, export, share), `crisis` and `country`.

Nothing here sends anything to anyone: the plan stays in the person's store until they
export or share it themselves.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from midweek import messages
from midweek.cli.console import (
    JsonFlag,
    emit_json,
    handled,
    interactive,
    lazy_module,
    say,
    shown,
    state,
    to_jsonable,
    write_private,
)
from midweek.cli.support import show_contacts, support_for
from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.domain.errors import ValidationError
from midweek.domain.safety_plan import CONTACT_SECTIONS, SECTIONS, merge, parse_contact

if TYPE_CHECKING:
    from midweek.services import safety_plan as plans
else:  # loaded on first use, so a command pays only for its own services
    plans = lazy_module("midweek.services.safety_plan")


plan_app = typer.Typer(
    help=(
        "Your safety plan: warning signs, ways to cope, people and places, who to ask for "
        "help, making your surroundings safer, and your reasons for living."
    ),
    no_args_is_help=True,
)


class ExportFormat(StrEnum):
    MARKDOWN = "markdown"
    PDF = "pdf"


def _line(section: str, item: Any) -> str:
    return plans.contact_line(item) if section in CONTACT_SECTIONS else str(item)


def _render(plan: SafetyPlan) -> None:
    say(messages.PLAN_TITLE, bold=True)
    visibility = (
        messages.PLAN_VISIBILITY_SHARED if plan.shared else messages.PLAN_VISIBILITY_PRIVATE
    )
    updated = (
        messages.plan_updated(f"{shown(plan.updated_at):%Y-%m-%d}") + " · "
        if plan.updated_at
        else ""
    )
    say(updated + visibility, dim=True)
    for section in SECTIONS:
        say()
        say(messages.PLAN_SECTIONS[section], bold=True)
        items = getattr(plan, section)
        if not items:
            say(f"  {messages.PLAN_EMPTY_SECTION}", dim=True)
        for item in items:
            say(f"  • {_line(section, item)}")


@plan_app.command("show")
@handled
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show your safety plan."""
    st = state(ctx)
    plan = plans.get_plan(st.uow())
    if as_json:
        emit_json({"plan": plan})
        return
    if plan is None:
        say(messages.PLAN_NONE)
        return
    _render(plan)


def _read_file(path: Path) -> dict[str, list[object]]:
    from midweek.domain.safety_plan import plan_from_mapping

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"I could not read {path}: {exc.strerror}.") from None
    data: Any
    try:
        if path.suffix.lower() == ".json":
            import json

            data = json.loads(raw.decode("utf-8"))
        else:
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path} could not be read as TOML or JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{path} should hold a table of sections.")
    return plan_from_mapping(data)


def _ask_contact(raw: str) -> PlanContact | None:
    try:
        return parse_contact(raw)
    except ValidationError as err:
        say(str(err))
        return None


def _walk(current: SafetyPlan) -> SafetyPlan:
    """Section by section on a terminal: show what is there, Enter keeps it, add lines."""
    say(messages.PLAN_EDIT_INTRO)
    changes: dict[str, list[object]] = {}
    for section in SECTIONS:
        say()
        say(messages.PLAN_SECTIONS[section], bold=True)
        say(messages.PLAN_PROMPTS[section], dim=True)
        items: list[Any] = list(getattr(current, section))
        if items:
            for item in items:
                say(f"  • {_line(section, item)}")
            keep = typer.prompt(messages.PLAN_EDIT_KEEP, default="", show_default=False)
            if keep.strip().lower() in {"new", "n", "no"}:
                items = []
        while True:
            raw = typer.prompt(messages.PLAN_EDIT_ADD, default="", show_default=False).strip()
            if not raw:
                break
            if section in CONTACT_SECTIONS:
                contact = _ask_contact(raw)
                if contact is not None:
                    items.append(contact)
            else:
                items.append(raw)
        changes[section] = items
    return merge(SafetyPlan(shared=current.shared), changes, replace_=True)


@plan_app.command("edit")
@handled
def edit(
    ctx: typer.Context,
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", help="Read sections from a TOML or JSON file.", metavar="FILE"),
    ] = None,
    warning_sign: Annotated[
        list[str] | None, typer.Option("--warning-sign", help="A warning sign (repeat for more).")
    ] = None,
    coping: Annotated[
        list[str] | None, typer.Option("--coping", help="Something you can do on your own.")
    ] = None,
    distraction: Annotated[
        list[str] | None,
        typer.Option("--distraction", help="A person or place that takes your mind off things."),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option("--person", help='Someone you can ask for help: "Name: phone".'),
    ] = None,
    professional: Annotated[
        list[str] | None,
        typer.Option("--professional", help='A professional or service: "Name: phone".'),
    ] = None,
    safer: Annotated[
        list[str] | None, typer.Option("--safer", help="A way to make your surroundings safer.")
    ] = None,
    reason: Annotated[
        list[str] | None, typer.Option("--reason", help="One of your reasons for living.")
    ] = None,
    replace_sections: Annotated[
        bool,
        typer.Option("--replace", help="Replace the sections you give instead of adding to them."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Make or change your safety plan: step by step on a terminal, or with the options."""
    st = state(ctx)
    given: dict[str, list[object]] = {}
    if from_file is not None:
        given.update(_read_file(from_file))
    flags: dict[str, list[str] | None] = {
        "warning_signs": warning_sign,
        "coping": coping,
        "distractions": distraction,
        "people": person,
        "professionals": professional,
        "safer": safer,
        "reasons": reason,
    }
    for section, values in flags.items():
        if values:
            parsed: list[object] = (
                [parse_contact(v) for v in values] if section in CONTACT_SECTIONS else list(values)
            )
            given[section] = [*given.get(section, []), *parsed]
    if given:
        plan = plans.update_plan(st.uow(), given, replace_sections=replace_sections, now=st.now())
    elif interactive() and not as_json:
        current = plans.get_plan(st.uow()) or SafetyPlan()
        plan = plans.save_plan(st.uow(), _walk(current), now=st.now())
    else:
        raise ValidationError(messages.PLAN_NOTHING_GIVEN)
    if as_json:
        emit_json({"plan": plan})
    else:
        say(messages.PLAN_SAVED)


@plan_app.command("export")
@handled
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="markdown or pdf (one page).")
    ] = ExportFormat.MARKDOWN,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write your safety plan, with the crisis lines, to keep on your phone or on paper."""
    st = state(ctx)
    if out.exists() and not force:
        raise ValidationError(messages.file_exists(out), field="out")
    plan = plans.get_plan(st.uow())
    if plan is None:
        raise ValidationError(messages.PLAN_NONE)
    support = support_for(st, ask=interactive() and not as_json)
    data: bytes
    if fmt is ExportFormat.PDF:
        from midweek.reports.safety_plan import render_plan_pdf

        data = render_plan_pdf(plan, support, tz=st.zone())
    else:
        data = plans.plan_markdown(plan, support, tz=st.zone()).encode("utf-8")
    write_private(out, data, what="safety plan")
    if as_json:
        emit_json({"written": str(out), "format": fmt.value})
        return
    say(messages.plan_written(out))
    say(messages.PLAN_KEEP_NEAR, dim=True)
    say(messages.EXPORT_PLAINTEXT, dim=True)


def _share(ctx: typer.Context, shared: bool, as_json: bool) -> None:
    st = state(ctx)
    plan = plans.set_shared(st.uow(), shared, now=st.now())
    if as_json:
        emit_json({"plan": plan})
    else:
        say(messages.PLAN_SHARED if shared else messages.PLAN_UNSHARED)


@plan_app.command("share")
@handled
def share(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Let your therapist see your safety plan."""
    _share(ctx, True, as_json)


@plan_app.command("unshare")
@handled
def unshare(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Make your safety plan private again."""
    _share(ctx, False, as_json)


@handled
def crisis(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Crisis lines and the emergency number now, with the people from your safety plan."""
    st = state(ctx)
    if as_json:
        res = support_for(st)
        plan = plans.get_plan(st.uow())
        emit_json(
            {
                "own_contacts": {
                    "people": to_jsonable(plan.people if plan else []),
                    "professionals": to_jsonable(plan.professionals if plan else []),
                },
                "country": res.country,
                "contacts": to_jsonable(list(res.contacts)),
                "emergency_number": res.emergency_number,
                "not_monitored": messages.not_monitored(res.emergency_number),
            }
        )
        return
    say(messages.CRISIS_HEADER, bold=True)
    show_contacts(st, ask=interactive())


@handled
def country(
    ctx: typer.Context,
    code: Annotated[
        str | None,
        typer.Argument(help="Two-letter country code (US, GB, NZ…), or INTL.", metavar="CODE"),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show or change the country whose crisis contacts midweek shows."""
    from midweek.services.library import shipped_crisis_contacts

    st = state(ctx)
    env = st.settings.country
    if code is not None:
        chosen = plans.set_country(st.uow(), code, now=st.now())
        if as_json:
            emit_json({"country": chosen, "overridden_by_env": env})
            return
        say(messages.country_set(chosen, listed=chosen in shipped_crisis_contacts()))
        if env and env != chosen:
            say(messages.country_env_wins(env), dim=True)
        return
    stored = plans.get_country(st.uow())
    current = env or stored
    if as_json:
        emit_json({"country": current, "chosen": stored, "from_env": env is not None})
        return
    source = messages.COUNTRY_FROM_ENV if env else messages.COUNTRY_FROM_CHOICE
    say(messages.country_shown(current, source=source))
