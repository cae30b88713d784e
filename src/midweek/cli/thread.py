"""`thread`: session after session — learned, practised, met, written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from midweek import messages
from midweek.cli.console import JsonFlag, emit_json, fmt_when, handled, say, state
from midweek.domain.entities import JournalEntry

if TYPE_CHECKING:
    from midweek.domain.thread import ThreadStep


def _entry_line(e: JournalEntry, note: str = "") -> str:
    text = " ".join(e.text.split())
    preview = text if len(text) <= 60 else text[:59] + "…"
    tags = "".join(f" #{t}" for t in e.tags)
    return f"[{e.id}] {fmt_when(e.written_at)[:10]}{tags}{note} {preview}"


def _render_step(step: ThreadStep) -> None:
    s = step.session
    themes = f" · {', '.join(s.themes)}" if s.themes else ""
    say(f"Session {s.date}{themes}", bold=True)
    for t in s.takeaways:
        say(f"  {messages.THREAD_LEARNED}: {t}")
    for p in step.practice:
        a = p.assignment
        if p.totals is None or (p.totals.planned == 0 and p.totals.credit == 0):
            how = messages.THREAD_NOTHING_LOGGED
        else:
            how = messages.progress_of(p.totals, period="")
        say(f"  {messages.THREAD_HOMEWORK}: {a.title} — {how}")
    if step.barriers:
        kinds: dict[str, int] = {}
        for b in step.barriers:
            label = messages.BARRIER_LABELS[b.kind]
            kinds[label] = kinds.get(label, 0) + 1
        listed = "; ".join(f"{k} ×{n}" if n > 1 else k for k, n in kinds.items())
        say(f"  {messages.THREAD_BARRIERS}: {listed}")
    related = [_entry_line(e) for e in step.by_theme]
    related += [_entry_line(e, f" ({messages.THREAD_SIMILAR})") for e in step.similar]
    for i, line in enumerate(related):
        say(
            f"  {messages.THREAD_WRITING if i == 0 else ' ' * len(messages.THREAD_WRITING)}: {line}"
        )


@handled
def thread(
    ctx: typer.Context,
    theme: Annotated[str | None, typer.Option("--theme", help="Follow one theme.")] = None,
    goal: Annotated[int | None, typer.Option("--goal", help="Follow one goal (id).")] = None,
    sessions: Annotated[
        int, typer.Option("--sessions", "-n", help="How many recent sessions to show.")
    ] = 6,
    all_: Annotated[bool, typer.Option("--all", help="Every session, however many.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """The thread across sessions: what you learned, practised, met and wrote."""
    from midweek.services.thread import thread as build

    st = state(ctx)
    t = build(
        st.uow(), now=st.now(), theme=theme, goal_id=goal, sessions=None if all_ else sessions
    )
    if as_json:
        emit_json(t)
        return
    if not t.steps:
        say(messages.THREAD_NO_MATCH if (theme or goal is not None) else messages.THREAD_EMPTY)
        return
    say(messages.thread_title(theme, t.goal_text, len(t.steps), t.earlier), bold=True)
    for step in t.steps:
        say()
        _render_step(step)
