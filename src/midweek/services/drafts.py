"""Autosaved drafts: unfinished text kept in the database (encrypted), one per kind.

The web app saves the journal text as it is typed, so a closed tab or a second device
loses nothing; saving the entry discards the draft. A draft may be empty or unfinished;
only its length is bounded (the same bound as the text it becomes).
"""

from __future__ import annotations

from datetime import datetime

from midweek.domain.entities import Draft
from midweek.domain.errors import ValidationError
from midweek.domain.rules import MAX_TEXT
from midweek.i18n import _
from midweek.services.ports import UnitOfWork

#: Kinds of draft the app keeps.
KINDS = frozenset({"journal"})


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(
            _("There is no kind of draft called {kind!r}.").format(kind=kind), field="kind"
        )
    return kind


def get_draft(uow: UnitOfWork, kind: str) -> Draft | None:
    with uow:
        return uow.drafts.get_kind(_kind(kind))


def save_draft(uow: UnitOfWork, kind: str, body: str, *, now: datetime) -> Draft | None:
    """Keep ``body`` as the draft of ``kind``; an empty body removes the draft (None)."""
    kind = _kind(kind)
    if len(body) > MAX_TEXT:
        raise ValidationError(
            _("This draft is longer than {MAX_TEXT:,} characters; please split it.").format(
                MAX_TEXT=MAX_TEXT
            ),
            field="body",
        )
    with uow:
        if body.strip():
            draft: Draft | None = uow.drafts.put(kind, body, now=now)
        else:
            uow.drafts.remove(kind)
            draft = None
        uow.commit()
    return draft


def discard_draft(uow: UnitOfWork, kind: str) -> None:
    with uow:
        uow.drafts.remove(_kind(kind))
        uow.commit()
