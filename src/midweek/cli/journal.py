"""`journal`, `ask` and `questions`: writing things down and keeping questions for therapy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli import corrections
from midweek.cli.console import (
    AtOption,
    JsonFlag,
    day,
    emit_json,
    fmt_when,
    handled,
    lazy_module,
    read_text,
    say,
    state,
    table,
    when,
)
from midweek.cli.support import show_support
from midweek.domain.corrections import RecordKind
from midweek.domain.entities import JournalEntry
from midweek.domain.rules import check_mood

if TYPE_CHECKING:
    from midweek.services import journal as jr
    from midweek.services import questions
else:  # loaded on first use, so a command pays only for its own services
    jr = lazy_module("midweek.services.journal")
    questions = lazy_module("midweek.services.questions")


journal_app = typer.Typer(
    help="Your journal: free or prompted writing, tags, mood.", no_args_is_help=True
)
questions_app = typer.Typer(help="Questions for your therapist.", invoke_without_command=True)


@journal_app.command("write")
@handled
def journal_write(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help="The entry. Leave out to use your editor (or standard input)."),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeat for more).")] = None,
    mood: Annotated[int | None, typer.Option("--mood", help="Mood now, 0 (low) to 10.")] = None,
    bring: Annotated[bool, typer.Option("--bring", help="Bring this to my next session.")] = False,
    shared: Annotated[
        bool, typer.Option("--shared", help="May be shared with my therapist (default: private).")
    ] = False,
    prompt: Annotated[str | None, typer.Option("--prompt", help="The prompt you wrote to.")] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Write a journal entry. Private unless you say --shared."""
    st = state(ctx)
    moment = when(st, at)
    check_mood(mood)  # before the editor opens, so nothing typed is refused afterwards
    body, draft = read_text(text, hint=f"# {prompt}" if prompt else "")
    try:
        written = jr.write_entry(
            st.uow(),
            body,
            at=moment,
            tags=tag or [],
            mood=mood,
            bring=bring,
            shared=shared,
            prompt=prompt,
        )
    except Exception:
        if draft is not None and body.strip():
            say(messages.draft_kept(draft), err=True)
        elif draft is not None:
            draft.unlink(missing_ok=True)
        raise
    if draft is not None:
        draft.unlink(missing_ok=True)
    if as_json:
        emit_json({"entry": written.entry, "support": bool(written.risk)})
    else:
        say(f"{messages.JOURNAL_SAVED} (entry {written.entry.id})")
    if written.risk:
        show_support(st, err=as_json)


def _preview(e: JournalEntry, width: int = 70) -> str:
    first = " ".join(e.text.split())
    return first if len(first) <= width else first[: width - 1] + "…"


def _entries_table(title: str, entries: list[JournalEntry]) -> None:
    # One line per entry, like a journal's short view: quick to read and to start.
    table(
        title,
        ["id", "when", "mood", "tags", "entry"],
        [
            (
                e.id,
                fmt_when(e.written_at),
                "" if e.mood is None else e.mood,
                " ".join(f"#{t}" for t in e.tags) + (" ★" if e.bring else ""),
                _preview(e),
            )
            for e in entries
        ],
        plain=True,
    )


@journal_app.command("list")
@handled
def journal_list(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", help="From this day on.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only entries with this tag.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Recent entries, newest first."""
    from datetime import datetime, time

    st = state(ctx)
    first = day(st, since, what="since date")
    since_at = datetime.combine(first, time.min, st.now().tzinfo) if first else None
    entries = jr.list_entries(st.uow(), since=since_at, tag=tag, limit=limit)
    if as_json:
        emit_json(entries)
        return
    if not entries:
        say(messages.NO_JOURNAL if not (since or tag) else messages.JOURNAL_NO_MATCH)
        return
    _entries_table("Journal", entries)


@journal_app.command("search")
@handled
def journal_search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words that must all appear.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 20,
    all_: Annotated[bool, typer.Option("--all", help="Every match, however many.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Find entries where every word is a word or begins one (case and accents don't matter)."""
    result = jr.search(state(ctx).uow(), " ".join(words), limit=None if all_ else limit)
    if as_json:
        emit_json({"entries": result.entries, "complete": result.complete})
        return
    if not result.entries:
        say(messages.JOURNAL_NO_MATCH)
        return
    _entries_table(f"Entries with “{' '.join(words)}”", result.entries)
    if not result.complete:
        say(messages.search_truncated(len(result.entries)), dim=True)


@journal_app.command("show")
@handled
def journal_show(
    ctx: typer.Context,
    ident: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """One entry in full."""
    e = jr.get_entry(state(ctx).uow(), ident)
    if as_json:
        emit_json(e)
        return
    meta = [fmt_when(e.written_at), e.visibility.value]
    if e.mood is not None:
        meta.append(f"mood {e.mood}")
    if e.bring:
        meta.append("bring to next session")
    say(f"Entry {e.id} — " + " · ".join(meta), bold=True)
    if e.prompt:
        say(e.prompt, dim=True)
    if e.tags:
        say(" ".join(f"#{t}" for t in e.tags), dim=True)
    say()
    say(e.text)


@handled
def ask(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(help="Your question.")],
    as_json: JsonFlag = False,
) -> None:
    """Keep a question for your therapist."""
    st = state(ctx)
    asked = questions.ask(st.uow(), " ".join(text), now=st.now())
    q = asked.question
    if as_json:
        emit_json(q)
    else:
        say(f"{messages.QUESTION_SAVED} (question {q.id})")
    if asked.risk:  # the service has recorded a flag; offer support now too
        show_support(st, err=as_json)


@questions_app.callback()
@handled
def open_questions(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include discussed questions.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Your open questions (mark one discussed with `questions discussed ID`)."""
    if ctx.invoked_subcommand is not None:
        return
    qs = questions.list_questions(state(ctx).uow(), include_discussed=all_)
    if as_json:
        emit_json(qs)
        return
    if not qs:
        say(messages.NO_OPEN_QUESTIONS)
        return
    table(
        messages.OPEN_QUESTIONS,
        ["id", "asked", "question", "status"],
        [(q.id, fmt_when(q.created_at), q.text, q.status.value) for q in qs],
    )


@questions_app.command("discussed")
@handled
def questions_discussed(
    ctx: typer.Context,
    ident: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """Mark a question as discussed."""
    st = state(ctx)
    q = questions.mark_discussed(st.uow(), ident, now=st.now())
    if as_json:
        emit_json(q)
        return
    say(messages.QUESTION_DISCUSSED)


# Last, so that edit and delete come after the group's own commands.
corrections.attach(journal_app, RecordKind.JOURNAL)
corrections.attach(questions_app, RecordKind.QUESTION)
