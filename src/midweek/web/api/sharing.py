"""Sharing on the API, the client's side: what they share with whom, invitations and
therapist links, single items, the prep reports they sent, and who saw what.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, NoReturn, cast

from fastapi import Request, Response
from pydantic import Field

from midweek import messages
from midweek.domain.entities import (
    SharedReport,
)
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.sharing import TOGGLE_KINDS, ShareKind, SharingState
from midweek.services import care_links, consent
from midweek.web.api.problems import _problem_response, api_router
from midweek.web.api.schemas import (
    Sharing,
    _In,
    _Out,
)
from midweek.web.deps import (
    Client,
    accounts_uow,
    server_uow,
)
from midweek.web.params import BodyIdent, Ident

router = api_router()


#: The kinds a client shares as a whole (``domain.sharing.TOGGLE_KINDS``; a test keeps the
#: two the same).
ToggleKind = Literal[
    "practice",
    "journal",
    "worksheet",
    "checkin",
    "questions",
    "goals",
    "sessions",
    "safety-plan",
    "safety-flags",
]


class LinkedTherapist(_Out):
    link_id: int
    name: str
    since: datetime | None


class TherapistSharing(LinkedTherapist):
    """What this one therapist sees: whole kinds, and single items by kind."""

    kinds: list[str]
    items: dict[str, list[int]]


class OwnSharing(Sharing):
    """What the client shares with each therapist (every share belongs to one therapist
    link and ends with it); ``kinds`` and ``items`` at the top: with any of them."""

    therapists: list[TherapistSharing]


class KindIn(_In):
    shared: bool
    #: The therapist link to change; every linked therapist when left out.
    link_id: BodyIdent | None = None


def _sharing(state: SharingState) -> Sharing:
    return Sharing(
        kinds=sorted(k.value for k in state.kinds),
        items={k.value: sorted(v) for k, v in state.items.items() if v},
    )


def _own_sharing(request: Request, viewer: Client) -> OwnSharing:
    mine = consent.my_sharing(server_uow(request, viewer.person_id), viewer.person_id)
    every = _sharing(mine.state)
    return OwnSharing(
        kinds=every.kinds,
        items=every.items,
        therapists=[
            TherapistSharing(
                link_id=cast(int, ls.link.id),
                name=ls.therapist_name,
                since=ls.link.responded_at,
                **_sharing(ls.state).model_dump(),
            )
            for ls in mine.links
        ],
    )


@router.get("/sharing", response_model=OwnSharing)
def my_sharing(request: Request, viewer: Client) -> OwnSharing:
    return _own_sharing(request, viewer)


_NO_THERAPIST: dict[int | str, dict[str, Any]] = {
    409: _problem_response("No therapist to share with yet")
}


@router.put("/sharing/kinds/{kind}", response_model=OwnSharing, responses=_NO_THERAPIST)
def set_kind_shared(request: Request, viewer: Client, kind: ToggleKind, body: KindIn) -> OwnSharing:
    """Share a whole kind (also what comes later) with one therapist (``link_id``) or with
    each linked therapist, or stop; 409 when there is no therapist to share with."""
    consent.set_kind_shared(
        accounts_uow(request),
        viewer.account,
        ShareKind(kind),
        body.shared,
        link_id=body.link_id,
        now=viewer.now,
    )
    return _own_sharing(request, viewer)


class Seen(_Out):
    at: datetime
    #: The therapist's username.
    who: str
    #: ``therapist.read`` or ``therapist.write`` (and more to come).
    action: str
    #: What: ``overview``, ``journal=12``, ``assignment=3``…
    detail: str


@router.get("/sharing/activity", response_model=list[Seen])
def sharing_activity(request: Request, viewer: Client) -> list[Seen]:
    """What therapists read and wrote of the client's data, newest first."""
    seen = consent.therapist_activity(accounts_uow(request), viewer.person_id)
    return [Seen.model_validate(s) for s in seen]


#: An invitation code is a secret: it travels in a body, never in a path or query.
InviteCode = Annotated[str, Field(min_length=1, max_length=100)]


def _no_such_invitation(err: ValidationError) -> NoReturn:
    """A well-formed code that opens no invitation (unknown, used, expired) names nothing
    that exists: 404, with the same sentence for each, so the answer tells nothing more."""
    if err.field == "code":
        raise NotFound("invitation", "(code)", sentence=str(err)) from None
    raise err


class CodeIn(_In):
    #: As the therapist gave it; upper or lower case, with or without the dash.
    code: InviteCode


class AcceptIn(CodeIn):
    #: Whole kinds to share with this therapist from now on (more can follow later).
    kinds: list[ToggleKind] = Field(default_factory=list, max_length=len(TOGGLE_KINDS))


class Invite(_Out):
    #: The therapist's username: who the client would be connecting with.
    therapist: str
    expires_at: datetime


@router.post("/sharing/invitations/look", response_model=Invite)
def look_at_invitation(request: Request, viewer: Client, body: CodeIn) -> Invite:
    """Who sent this invitation code, for the client to decide. Unknown, used and expired
    codes get one and the same 404 problem."""
    try:
        pending = care_links.find_invite(accounts_uow(request), body.code, now=viewer.now)
    except ValidationError as err:
        _no_such_invitation(err)
    return Invite(therapist=pending.therapist_name, expires_at=pending.link.expires_at)


@router.post(
    "/sharing/invitations/accept",
    response_model=LinkedTherapist,
    status_code=201,
    responses={409: _problem_response("Already connected with this therapist")},
)
def accept_invitation(request: Request, viewer: Client, body: AcceptIn) -> LinkedTherapist:
    """Connect with the therapist behind the code, sharing the chosen kinds (409 when
    already connected with them; one 404 for any code that does not work)."""
    try:
        link = care_links.accept_invite(
            accounts_uow(request),
            viewer.account,
            body.code,
            share=[ShareKind(k) for k in body.kinds],
            now=viewer.now,
        )
    except ValidationError as err:
        _no_such_invitation(err)
    [view] = [
        v
        for v in care_links.client_links(accounts_uow(request), viewer.person_id)
        if v.link.id == link.id
    ]
    return LinkedTherapist(
        link_id=cast(int, link.id), name=view.therapist_name, since=link.responded_at
    )


@router.post("/sharing/invitations/decline", status_code=204, response_class=Response)
def decline_invitation(request: Request, viewer: Client, body: CodeIn) -> Response:
    """Turn the invitation down: the code stops working and nothing is shared."""
    try:
        care_links.decline_invite(accounts_uow(request), viewer.account, body.code, now=viewer.now)
    except ValidationError as err:
        _no_such_invitation(err)
    return Response(status_code=204)


@router.delete("/sharing/links/{link_id}", status_code=204, response_class=Response)
def end_link(request: Request, viewer: Client, link_id: Ident) -> Response:
    """Stop being connected with a therapist: from the next request on they see nothing."""
    care_links.end_link(accounts_uow(request), viewer.account, link_id, now=viewer.now)
    return Response(status_code=204)


#: Kinds whose items can be shared one at a time (the others only as a whole).
ItemKind = Literal["journal", "worksheet", "checkin"]


class SharedItem(_Out):
    kind: ItemKind
    item_id: int
    shared: bool


@router.put("/sharing/items/{kind}/{item_id}", response_model=SharedItem, responses=_NO_THERAPIST)
def set_item_shared(
    request: Request, viewer: Client, kind: ItemKind, item_id: Ident, body: KindIn
) -> SharedItem:
    """Share one journal entry, worksheet or check-in with one therapist (``link_id``) or
    with each linked therapist, or stop (an entry shared with nobody any more loses the
    "shared" mark it was written with)."""
    consent.set_item_shared(
        server_uow(request, viewer.person_id),
        viewer.account,
        ShareKind(kind),
        item_id,
        body.shared,
        link_id=body.link_id,
        now=viewer.now,
    )
    return SharedItem(kind=kind, item_id=item_id, shared=body.shared)


class SentReport(_Out):
    id: int
    sent_at: datetime
    #: The prep items the client left out (ids as in ``exclude``).
    left_out: list[str]
    withdrawn: bool
    withdrawn_at: datetime | None


def _sent(report: SharedReport) -> SentReport:
    return SentReport(
        id=cast(int, report.id),
        sent_at=report.sent_at,
        left_out=list(report.left_out),
        withdrawn=report.revoked_at is not None,
        withdrawn_at=report.revoked_at,
    )


class ReportIn(_In):
    #: Prep item ids to leave out, as on the prep page (``question:3``, ``practice``…).
    exclude: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=100
    )
    #: What is out unless added: ``safety`` adds the PHQ-9 question-9 answers and the count
    #: of safety flags, as the prep page's "Include" box and ``prep --include safety``.
    #: (``reports.view.OPT_IN``; a test keeps the two the same.)
    include: list[Literal["safety", "item9", "safety:events"]] = Field(
        default_factory=list, max_length=10
    )


@router.get("/reports", response_model=list[SentReport])
def list_reports(request: Request, viewer: Client) -> list[SentReport]:
    """The prep reports the client sent, newest first (withdrawn ones too)."""
    return [_sent(r) for r in consent.sent_reports(server_uow(request, viewer.person_id))]


@router.post(
    "/reports",
    response_model=SentReport,
    status_code=201,
    responses={
        409: _problem_response(
            "Nothing to report yet, no therapist to send it to, or an item to leave out that "
            "the report does not hold"
        )
    },
)
def send_report(request: Request, viewer: Client, body: ReportIn) -> SentReport:
    """Send the prep report for the next session to the linked therapists, built exactly
    as the prep page previews and sends it, without what ``exclude`` names (wherever it
    shows) and with the risk items only if ``include`` adds them. 409 when there is
    nothing to report yet, no therapist is linked or an id is not in it."""
    from midweek.web.prep_pages import send_prep_report

    try:
        report = send_prep_report(request, viewer, body.exclude, list(body.include))
    except ValidationError as err:
        if err.field in ("therapist", "exclude") or str(err) == messages.PREP_EMPTY:
            # A good request the client's state cannot take (no therapist, nothing to
            # report, an item to leave out that the report no longer holds — it changed
            # since it was previewed): a conflict with that state, not a malformed request.
            raise Conflict(str(err)) from None
        raise
    return _sent(report)


@router.post("/reports/{report_id}/withdraw", response_model=SentReport)
def withdraw_report(request: Request, viewer: Client, report_id: Ident) -> SentReport:
    """Take a sent report back: the therapist no longer sees it (already withdrawn: no change)."""
    report = consent.withdraw_report(
        server_uow(request, viewer.person_id), viewer.account, report_id, now=viewer.now
    )
    return _sent(report)
