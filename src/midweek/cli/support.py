"""Support when something hard was noticed, and the crisis contacts: shown before any
question is asked, with the not-monitored statement wherever contacts appear."""

from __future__ import annotations

from typing import Any

import typer

from midweek import messages
from midweek.cli.console import AppState, interactive, say
from midweek.domain.errors import MidweekError, ValidationError


def _chosen_country(st: AppState) -> str | None:
    """MIDWEEK_COUNTRY, else the person's stored choice; None when neither (or unreadable)."""
    try:
        if st.settings.country:
            return st.settings.country
        from midweek.services.safety_plan import get_country

        return get_country(st.uow())
    except MidweekError:
        return None


def _country_known(st: AppState) -> bool:
    return _chosen_country(st) is not None


def country_for(st: AppState, *, ask: bool = False) -> str:
    """The chosen country, else (``ask`` on a terminal) asked now, else "INTL" (the
    international list). Never raises: contacts must show even when the database cannot be
    read. Not for moments of crisis: there ``show_contacts`` shows first and asks after."""
    chosen = _chosen_country(st)
    if chosen:
        return chosen
    if ask and interactive():
        return ask_country(st)
    return "INTL"


def ask_country(st: AppState) -> str:
    """Ask for the two-letter country once and keep it (Enter keeps the international list)."""
    from midweek.services.library import shipped_crisis_contacts
    from midweek.services.safety_plan import check_country, set_country

    while True:
        raw = typer.prompt(messages.COUNTRY_ASK, default="", show_default=False).strip()
        try:
            code = check_country(raw or "INTL")
            break
        except ValidationError as err:
            say(str(err))
    try:
        set_country(st.uow(), code, now=st.now())
    except MidweekError:
        return code  # shown now even if it could not be kept
    say(messages.country_set(code, listed=code in shipped_crisis_contacts()), dim=True)
    return code


def support_for(st: AppState, *, ask: bool = False) -> Any:
    """The crisis resources for the person's country (shipped ones if the override is broken)."""
    from midweek.services.library import crisis_resources

    country = country_for(st, ask=ask)
    try:
        return crisis_resources(country, st.settings.crisis_contacts_file)
    except MidweekError:  # a broken override file must never hide the contacts
        return crisis_resources(country)


def _own_plan(st: AppState) -> Any:
    try:
        from midweek.services.safety_plan import get_plan

        return get_plan(st.uow())
    except MidweekError:
        return None


def show_contacts(st: AppState, *, err: bool = False, ask: bool = False) -> Any:
    """The person's own plan contacts first, then the crisis lines, the emergency number and
    the not-monitored statement. Returns the plan (or None).

    With ``ask`` on a terminal and no country chosen yet, the question comes only after the
    international contacts are on screen, and the chosen country's lines follow."""
    from midweek.services.safety_plan import contact_line

    res = support_for(st)
    plan = _own_plan(st)
    if plan is not None and (plan.coping or plan.people or plan.professionals):
        say(messages.SUPPORT_FROM_PLAN, err=err)
        for label, items in (
            (messages.SUPPORT_PLAN_PEOPLE, [contact_line(c) for c in plan.people]),
            (messages.SUPPORT_PLAN_PROFESSIONALS, [contact_line(c) for c in plan.professionals]),
            (messages.SUPPORT_PLAN_COPING, plan.coping),
        ):
            if items:
                say(f"  {label}:", err=err)
                for item in items:
                    say(f"    • {item}", err=err)
    else:
        say(messages.PLAN_MAKE_ONE, dim=True, err=err)
    _show_lines(res, err=err)
    if ask and not err and interactive() and not _country_known(st):
        chosen = ask_country(st)
        if chosen != res.country:
            _show_lines(support_for(st), err=err)
    return plan


def _show_lines(res: Any, *, err: bool) -> None:
    from midweek.services.safety_plan import crisis_ways

    say(messages.crisis_lines(res.country), err=err)
    for c in res.contacts:
        hours = f" ({c.hours})" if c.hours else ""
        say(f"  • {c.title}: {', '.join(crisis_ways(c.phone, c.text, c.url))}{hours}", err=err)
    say(f"  • {messages.crisis_emergency(res.emergency_number)}", err=err)
    say(messages.not_monitored(res.emergency_number), bold=True, err=err)
    say(messages.NOT_A_SERVICE, dim=True, err=err)


def show_support(st: AppState, *, err: bool = False, offer_note: bool = True) -> None:
    """Shown when something hard was noticed: the person's plan, the crisis contacts, the
    not-monitored statement, and (on a terminal, with ``offer_note``) the offer of a note for
    the therapist. Nothing is sent to anyone."""
    say(messages.SAFETY_HEADER, bold=True, err=err)
    say(messages.SAFETY_BODY, err=err)
    on_terminal = not err and interactive()
    show_contacts(st, err=err, ask=on_terminal)
    if not (on_terminal and offer_note):
        return
    note = typer.prompt(messages.SUPPORT_NOTE_ASK, default="", show_default=False).strip()
    if not note:
        return
    from midweek.services.questions import ask

    try:
        ask(st.uow(), note, now=st.now())
    except MidweekError as exc:
        say(str(exc))
        return
    say(messages.SUPPORT_NOTE_SAVED)
