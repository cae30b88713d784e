"""The signed-in account's own: who am I (``/me``, with its time zone) and the personal
access tokens that sign scripts in (``/tokens``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, Literal, cast

from fastapi import Request, Response
from pydantic import Field

from midweek.domain.accounts import Account, Role
from midweek.domain.sharing import ApiToken
from midweek.domain.zones import all_zones
from midweek.services import tokens, zones
from midweek.web.api.problems import api_router
from midweek.web.api.schemas import _In, _Out
from midweek.web.deps import (
    SignedIn,
    accounts_uow,
    in_their_zone,
)
from midweek.web.deps import now as server_now
from midweek.web.params import Ident

router = api_router()


class Me(_Out):
    username: str
    role: Role
    created_at: datetime
    #: The IANA zone the account's days follow; null: the server's (``today`` says which).
    time_zone: str | None
    #: The day it is now for the account holder, in their zone.
    today: date


def _zone_names(schema: dict[str, Any]) -> None:
    # Listed when the document is built, not at import: the database is read once then.
    schema["enum"] = [*all_zones(), "", None]
    schema["description"] = "An IANA time zone; null or empty: the server's zone."


class MeIn(_In):
    #: An IANA name such as "Europe/London" (any case); null or "" goes back to the server's.
    time_zone: str | None = Field(max_length=100, json_schema_extra=_zone_names)


def _me(request: Request, viewer: SignedIn, account: Account | None = None) -> Me:
    shown = account or viewer.account
    moment = in_their_zone(server_now(request), shown)
    return Me(
        username=shown.username,
        role=shown.role,
        created_at=shown.created_at,
        time_zone=shown.time_zone,
        today=moment.date(),
    )


@router.get("/me", response_model=Me)
def me(request: Request, viewer: SignedIn) -> Me:
    return _me(request, viewer)


@router.patch("/me", response_model=Me)
def patch_me(request: Request, viewer: SignedIn, body: MeIn) -> Me:
    """Change the account's own settings: its time zone (an unknown name is a 422 problem
    naming an example)."""
    chosen = zones.set_account_zone(accounts_uow(request), viewer.account_id, body.time_zone)
    return _me(request, viewer, replace(viewer.account, time_zone=chosen))


class Token(_Out):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> Token:
        return cls(
            id=cast(int, t.id),
            name=t.name,
            created_at=t.created_at,
            expires_at=tokens.expiry(t),
            last_used_at=t.last_used_at,
        )


class NewToken(Token):
    #: Shown this once; only its SHA-256 is kept.
    token: str


class TokenIn(_In):
    name: str = Field(min_length=1, max_length=tokens.NAME_LIMIT)
    #: How many days the token lasts: tokens.LIFETIMES, spelled out for the schema.
    days: Literal[7, 30, 90, 365] = 90


@router.get("/tokens", response_model=list[Token])
def list_tokens(request: Request, viewer: SignedIn) -> list[Token]:
    return [
        Token.of(t)
        for t in tokens.list_tokens(accounts_uow(request), viewer.account, now=viewer.now)
    ]


@router.post("/tokens", response_model=NewToken, status_code=201)
def create_token(request: Request, viewer: SignedIn, body: TokenIn) -> NewToken:
    """Only a signed-in browser session makes tokens; with a bearer token this is a 403."""
    plaintext, token = tokens.create_token(
        accounts_uow(request),
        viewer.account,
        body.name,
        now=viewer.now,
        days=body.days,
        by_token=viewer.by_token,
    )
    return NewToken(**Token.of(token).model_dump(), token=plaintext)


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response)
def revoke_token(request: Request, viewer: SignedIn, token_id: Ident) -> Response:
    tokens.revoke_token(accounts_uow(request), viewer.account, token_id, now=viewer.now)
    return Response(status_code=204)
