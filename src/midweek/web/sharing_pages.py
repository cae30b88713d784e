"""The client's sharing pages: their therapists, invitation codes, what they share (whole
kinds and single items), the prep reports they sent, and who saw what.

Each route parses, calls one service in ``services.consent`` or ``care_links``, renders
or redirects. The client decides: nothing is shared until they say so, and stopping takes
effect at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.errors import NotFound, ValidationError
from midweek.domain.sharing import TOGGLE_KINDS, ShareKind
from midweek.services import care_links, consent
from midweek.web.deps import Client, accounts_uow, render, server_uow
from midweek.web.forms import is_htmx, see_other
from midweek.web.idempotency import IdempotentRoute
from midweek.web.params import BodyIdent, Ident

router = APIRouter(route_class=IdempotentRoute)


Code = Annotated[str, Form(max_length=100)]


def _done(key: str) -> str | None:
    """The confirmation shown on /sharing after a change (?done=...), read in the
    reader's language."""
    return {
        "accepted": messages.WEB_S_DONE_ACCEPTED,
        "declined": messages.WEB_S_DONE_DECLINED,
        "ended": messages.WEB_S_DONE_ENDED,
        "kinds": messages.WEB_S_DONE_KINDS,
        "item": messages.WEB_S_DONE_ITEM,
        "sent": messages.WEB_S_DONE_SENT,
        "withdrawn": messages.WEB_S_DONE_WITHDRAWN,
    }.get(key)


def _kind(raw: str) -> ShareKind:
    try:
        return ShareKind(raw)
    except ValueError:
        raise ValidationError(messages.WEB_S_PICK_KIND, field="kind") from None


def _sharing_page(
    request: Request,
    viewer: Client,
    *,
    done: str = "",
    error: str | None = None,
    code: str = "",
    status: int = 200,
) -> Response:
    mine = consent.my_sharing(server_uow(request, viewer.person_id), viewer.person_id)
    return render(
        request,
        "sharing_page.html",
        {
            "mine": mine,
            "kinds": TOGGLE_KINDS,
            "done": _done(done),
            "error": error,
            "code": code,
        },
        status=status,
    )


@router.get("/sharing")
def sharing_page(
    request: Request, viewer: Client, done: Annotated[str, Query(max_length=20)] = ""
) -> Response:
    return _sharing_page(request, viewer, done=done)


# --- invitations ----------------------------------------------------------------------------


def _invite_page(
    request: Request,
    viewer: Client,
    pending: care_links.PendingInvite,
    code: str,
    *,
    chosen: list[str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "sharing_invite.html",
        {
            "pending": pending,
            "code": code,
            "kinds": TOGGLE_KINDS,
            "chosen": chosen or [],
            "error": error,
        },
        status=status,
    )


@router.get("/sharing/invite")
def invite_page_moved(viewer: Client) -> Response:
    """Codes travel in a form's body now, never in an address (logs, history): an old
    link goes to the Sharing page, whatever it carries."""
    return see_other("/sharing")


@router.post("/sharing/invite")
def invite_page(request: Request, viewer: Client, code: Code = "") -> Response:
    try:
        pending = care_links.find_invite(accounts_uow(request), code, now=viewer.now)
    except ValidationError as err:
        return _sharing_page(request, viewer, error=str(err), code=code, status=422)
    return _invite_page(request, viewer, pending, code)


@router.post("/sharing/invite/accept")
def accept(
    request: Request,
    viewer: Client,
    code: Code = "",
    kind: Annotated[list[str] | None, Form(max_length=20)] = None,
) -> Response:
    chosen = [k for k in kind or [] if k]
    try:
        kinds = [_kind(k) for k in chosen]
        care_links.accept_invite(
            accounts_uow(request), viewer.account, code, share=kinds, now=viewer.now
        )
    except ValidationError as err:
        return _sharing_page(request, viewer, error=str(err), code=code, status=422)
    return see_other("/sharing?done=accepted")


@router.post("/sharing/invite/decline")
def decline(request: Request, viewer: Client, code: Code = "") -> Response:
    try:
        care_links.decline_invite(accounts_uow(request), viewer.account, code, now=viewer.now)
    except ValidationError as err:
        return _sharing_page(request, viewer, error=str(err), code=code, status=422)
    return see_other("/sharing?done=declined")


def _my_link(request: Request, viewer: Client, link_id: int) -> care_links.LinkView:
    for view in care_links.client_links(accounts_uow(request), viewer.person_id):
        if view.link.id == link_id:
            return view
    raise NotFound("link", link_id)


@router.get("/sharing/links/{link_id}/end")
def end_link_page(request: Request, viewer: Client, link_id: Ident) -> Response:
    """Ending a link cannot be undone: ask first (a plain page, no JavaScript needed)."""
    view = _my_link(request, viewer, link_id)
    return render(request, "sharing_end.html", {"view": view})


@router.post("/sharing/links/{link_id}/end")
def end_link(
    request: Request,
    viewer: Client,
    link_id: Ident,
    confirm: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    if confirm != "1":  # not from the confirmation page: ask first
        _my_link(request, viewer, link_id)
        return see_other(f"/sharing/links/{link_id}/end")
    care_links.end_link(accounts_uow(request), viewer.account, link_id, now=viewer.now)
    return see_other("/sharing?done=ended")


@router.post("/sharing/upgrade-notice")
def dismiss_upgrade_notice(request: Request, viewer: Client) -> Response:
    consent.dismiss_upgrade_notice(accounts_uow(request), viewer.account, now=viewer.now)
    return see_other("/sharing")


# --- what is shared -------------------------------------------------------------------------


@router.post("/sharing/kinds")
def set_kind(
    request: Request,
    viewer: Client,
    kind: Annotated[str, Form(max_length=20)] = "",
    shared: Annotated[str, Form(max_length=5)] = "",
    link: Annotated[BodyIdent | None, Form()] = None,
) -> Response:
    """Share a whole kind with one therapist (the form names the link), or stop."""
    consent.set_kind_shared(
        accounts_uow(request),
        viewer.account,
        _kind(kind),
        shared == "1",
        link_id=link,
        now=viewer.now,
    )
    return see_other(f"/sharing?done=kinds#link-{link}" if link else "/sharing?done=kinds")


@router.post("/sharing/items")
def set_item(
    request: Request,
    viewer: Client,
    kind: Annotated[str, Form(max_length=20)] = "",
    item_id: Annotated[BodyIdent, Form()] = 0,
    shared: Annotated[str, Form(max_length=5)] = "",
    link: Annotated[BodyIdent | None, Form()] = None,
) -> Response:
    consent.set_item_shared(
        server_uow(request, viewer.person_id),
        viewer.account,
        _kind(kind),
        item_id,
        shared == "1",
        link_id=link,
        now=viewer.now,
    )
    return see_other(f"/sharing?done=item#link-{link}" if link else "/sharing?done=item")


def _share_one(
    request: Request, viewer: Client, kind: ShareKind, item_id: int, shared: str, next_: str
) -> Response:
    on = shared == "1"
    consent.set_item_shared(
        server_uow(request, viewer.person_id), viewer.account, kind, item_id, on, now=viewer.now
    )
    if is_htmx(request):
        return render(
            request,
            "sharing_item_button.html",
            {"kind": kind.value, "item_id": item_id, "shared": on, "next": next_},
        )
    # Only a path on this site: never an address elsewhere ("//host" is one too).
    safe = next_ if next_.startswith("/") and not next_.startswith("//") else "/sharing"
    return see_other(safe)


Next = Annotated[str, Form(alias="next", max_length=500)]


@router.post("/journal/{entry_id}/share")
def share_journal(
    request: Request,
    viewer: Client,
    entry_id: Ident,
    shared: Annotated[str, Form(max_length=5)] = "1",
    next_: Next = "/sharing",
) -> Response:
    return _share_one(request, viewer, ShareKind.JOURNAL, entry_id, shared, next_)


@router.post("/checkins/{checkin_id}/share")
def share_checkin(
    request: Request,
    viewer: Client,
    checkin_id: Ident,
    shared: Annotated[str, Form(max_length=5)] = "1",
    next_: Next = "/sharing",
) -> Response:
    return _share_one(request, viewer, ShareKind.CHECKIN, checkin_id, shared, next_)


# --- prep reports ---------------------------------------------------------------------------


@router.post("/prep/share")
def send_prep(
    request: Request,
    viewer: Client,
    exclude: Annotated[list[str] | None, Form(max_length=200)] = None,
    include: Annotated[list[str] | None, Form(max_length=200)] = None,
    shown_exclude: Annotated[list[str] | None, Form(max_length=200)] = None,
    shown_include: Annotated[list[str] | None, Form(max_length=200)] = None,
    previewed: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Send the report with the choices ticked on /prep at the moment of sending (the one
    form holds them for the preview and for sending). Never more than the preview showed:
    when the ticks would put back something the preview left out, the new preview is shown
    first and nothing is sent."""
    from midweek.web.prep_pages import prep_url, send_prep_report

    wanted = [e for e in exclude or [] if e.strip()]
    added = [i for i in include or [] if i.strip()]
    if previewed == "1":
        before_out = {e for e in shown_exclude or [] if e.strip()}
        before_in = {i for i in shown_include or [] if i.strip()}
        if not before_out <= set(wanted) or not set(added) <= before_in:
            return see_other(prep_url("/prep", wanted, added, changed="1") + "#prep-preview")
    send_prep_report(request, viewer, wanted, added)
    return see_other("/sharing?done=sent#reports")


@router.post("/sharing/reports/{report_id}/withdraw")
def withdraw(request: Request, viewer: Client, report_id: Ident) -> Response:
    consent.withdraw_report(
        server_uow(request, viewer.person_id), viewer.account, report_id, now=viewer.now
    )
    return see_other("/sharing?done=withdrawn#reports")


# --- who saw what ---------------------------------------------------------------------------


def describe(action: str, detail: str) -> tuple[str, str | None]:
    """Human wording for an audit event, and a link to the client's own copy if any."""
    key, _, rest = detail.partition("=")
    ident = rest.split()[0] if rest else ""
    if action == "therapist.read":
        if key == "journal":
            return messages.WEB_S_SAW_JOURNAL, f"/journal/{ident}"
        if key == "report":
            return messages.WEB_S_SAW_REPORT, "/sharing#reports"
        if key == "overview":
            return messages.WEB_S_SAW_OVERVIEW, None
        if key == "caseload":
            return messages.WEB_S_SAW_CASELOAD, None
        if key == "safety-flags":
            return messages.WEB_S_SAW_FLAGS, "/sharing"
        return messages.WEB_S_SAW_OTHER, None
    if key == "assignment":
        ended = rest.endswith("ended")
        return (messages.WEB_S_WROTE_ENDED if ended else messages.WEB_S_WROTE_HOMEWORK), "/homework"
    if key == "rating":
        return messages.WEB_S_WROTE_RATING, "/homework"
    if key == "session":
        return messages.WEB_S_WROTE_SESSION, "/thread"
    return messages.WEB_S_WROTE_OTHER, None


@router.get("/sharing/activity")
def activity(request: Request, viewer: Client) -> Response:
    seen = consent.therapist_activity(accounts_uow(request), viewer.person_id)
    rows: list[dict[str, Any]] = []
    for s in seen:
        what, link = describe(s.action, s.detail)
        rows.append({"at": s.at, "who": s.who, "what": what, "link": link})
    return render(request, "sharing_activity.html", {"rows": rows})
