"""The journal: the list and search, writing an entry (with its draft saved as it is typed)
and reading one.

Forms answer as ``web/forms.py`` says: a plain post or an htmx fragment alike, and a
mistake shown beside its field with what was typed kept.
"""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.errors import MidweekError, ValidationError
from midweek.domain.sharing import ShareKind
from midweek.services import consent, drafts
from midweek.services import journal as jr
from midweek.web.deps import (
    Client,
    accounts_uow,
    person_uow,
    render,
    server_uow,
    support_context,
)
from midweek.web.forms import (
    INVALID,
    Short,
    Text,
    optional_int,
    see_other,
)
from midweek.web.idempotency import IdempotentRoute, repeatable
from midweek.web.offline import written_at
from midweek.web.params import Ident

router = APIRouter(route_class=IdempotentRoute)


DRAFT_KIND = "journal"


def _tags(raw: str) -> list[str]:
    return [t for t in raw.replace(",", " ").split() if t.strip()]


@router.get("/journal")
def journal_page(request: Request, viewer: Client, q: str = "") -> Response:
    """Newest entries, or the ones with every word searched for.

    The page's search form posts (``/journal/search``) so the words never sit in a URL,
    where proxies, access logs and browser history keep them; ``?q=`` still works for old
    links, and midweek's own access log never writes query strings.
    """
    return _journal_list(request, viewer, q)


@router.post("/journal/search")
def journal_search(request: Request, viewer: Client, q: Short = "") -> Response:
    """The same page as ``GET /journal``, for words sent in the body (no redirect: a
    redirect would have to put them back into a URL)."""
    return _journal_list(request, viewer, q)


def _journal_list(request: Request, viewer: Client, q: str) -> Response:
    uow = person_uow(request, viewer.person_id, read_only=True)
    error = None
    complete = True
    if q.strip():
        try:
            found = jr.search(uow, q, limit=20)
            entries, complete = found.entries, found.complete
        except ValidationError as err:
            entries, error = [], err
    else:
        entries = jr.list_entries(uow, limit=20)
    context = {"entries": entries, "q": q, "complete": complete, "error": error}
    return render(request, "client_journal.html", context, status=INVALID if error else 200)


def _journal_form(
    request: Request,
    viewer: Client,
    *,
    typed: dict[str, Any],
    prompt: str,
    error: ValidationError | None = None,
    restored: bool = False,
    status: int = 200,
) -> Response:
    context = {"typed": typed, "prompt": prompt, "error": error, "restored": restored}
    return render(request, "client_journal_new.html", context, status=status)


@router.get("/journal/new")
def journal_new(request: Request, viewer: Client) -> Response:
    """A prompt for today, and the autosaved draft if one is waiting."""
    from midweek.services.today import today

    prompt = today(person_uow(request, viewer.person_id), now=viewer.now).prompt
    draft = drafts.get_draft(person_uow(request, viewer.person_id), DRAFT_KIND)
    typed = {"text": draft.body if draft else ""}
    return _journal_form(request, viewer, typed=typed, prompt=prompt, restored=draft is not None)


@router.post("/journal/draft")
@repeatable
def journal_draft(request: Request, viewer: Client, text: Text = "") -> Response:
    """Autosave while typing (htmx): a short status line, never an error page."""
    try:
        draft = drafts.save_draft(
            person_uow(request, viewer.person_id), DRAFT_KIND, text, now=viewer.now
        )
    except ValidationError as err:
        return render(request, "client_draft_status.html", {"said": str(err)})
    said = (
        messages.web_draft_saved(draft.updated_at.astimezone(viewer.now.tzinfo).strftime("%H:%M"))
        if draft
        else ""
    )
    return render(request, "client_draft_status.html", {"said": said})


@router.post("/journal")
def journal_write(
    request: Request,
    viewer: Client,
    text: Annotated[str, Form(max_length=200_000)] = "",
    tags: Short = "",
    mood: Annotated[str, Form(max_length=20)] = "",
    bring: Annotated[str, Form(max_length=10)] = "",
    shared: Annotated[str, Form(max_length=10)] = "",
    prompt: Short = "",
    offered: Short = "",
) -> Response:
    """Save an entry (then drop the draft); hard words bring a kind offer of support."""
    typed = {
        "text": text,
        "tags": tags,
        "mood": mood,
        "bring": bool(bring),
        "shared": bool(shared),
        "prompt": bool(prompt),
    }
    try:
        written = jr.write_entry(
            person_uow(request, viewer.person_id),
            text,
            at=written_at(request, viewer.now),
            tags=_tags(tags),
            mood=optional_int(mood, label=messages.WEB_JOURNAL_MOOD, field="mood"),
            bring=bool(bring),
            shared=bool(shared),
            prompt=prompt or None,
        )
    except ValidationError as err:
        return _journal_form(
            request, viewer, typed=typed, prompt=offered or prompt, error=err, status=INVALID
        )
    if shared and written.entry.id is not None:  # with each therapist linked now
        consent.share_new_entry(
            server_uow(request, viewer.person_id), viewer.account, written.entry.id, now=viewer.now
        )
    # The entry is safe; a draft that could not be dropped only means the text shows again.
    with contextlib.suppress(MidweekError):
        drafts.discard_draft(person_uow(request, viewer.person_id), DRAFT_KIND)
    support = "&support=1" if written.risk else ""
    return see_other(f"/journal/{written.entry.id}?saved=1{support}")


@router.get("/journal/{entry_id}")
def journal_entry(
    request: Request, viewer: Client, entry_id: Ident, saved: bool = False, support: bool = False
) -> Response:
    entry = jr.get_entry(person_uow(request, viewer.person_id), entry_id)
    state = consent.sharing_state(accounts_uow(request), viewer.person_id)
    context: dict[str, Any] = {
        "entry": entry,
        "saved": saved,
        "support": support,
        # All entries shared as a kind: changed on /sharing, not one by one here.
        "kind_shared": ShareKind.JOURNAL in state.kinds,
        "shared": state.covers(ShareKind.JOURNAL, entry.id),
    }
    if support:
        context.update(support_context(request, viewer))
    return render(request, "client_journal_entry.html", context)
