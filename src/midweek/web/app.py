"""``create_app(settings)``: the web app, built on demand (never at import time)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from midweek import i18n, messages
from midweek.bootstrap import open_store_for
from midweek.config import Settings, load_settings
from midweek.domain.safety import dial_number, dial_parts
from midweek.web import (
    access_log,
    api,
    checkin_history_pages,
    checkin_pages,
    design,
    edit_pages,
    erasure_pages,
    errors,
    goal_pages,
    import_pages,
    journal_pages,
    offline,
    own_homework_pages,
    plan_pages,
    practice_pages,
    prep_pages,
    push_pages,
    question_pages,
    safety_plan_pages,
    session_pages,
    settings_pages,
    sharing_pages,
    signin_pages,
    therapist_pages,
    thread_pages,
    today_pages,
    worksheet_pages,
)
from midweek.web.idempotency import idem_field
from midweek.web.security import (
    CSRF_FIELD,
    TrustedProxies,
    require_csrf,
    security_headers,
    server_secret,
)

if TYPE_CHECKING:
    from midweek.storage import Store

HERE = Path(__file__).resolve().parent


def _local_now() -> datetime:
    """The server's clock in the server's zone (by its IANA name, so DST-aware); each
    signed-in person's requests then see it in their own zone (``deps.signed_in``)."""
    return datetime.now(_server_zone())


@functools.cache
def _server_zone() -> tzinfo:
    from midweek.bootstrap import machine_zone

    return machine_zone()


@jinja2.pass_context
def _local(context: Any, value: Any) -> Any:
    """A stored moment (UTC) in the zone of whoever reads the page (``deps.render``)."""
    zone = context.get("zone")
    if isinstance(value, datetime) and value.tzinfo is not None and zone is not None:
        return value.astimezone(zone)
    return value


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    clock: Callable[[], datetime] = _local_now,
) -> FastAPI:
    """The app for ``settings``. Without ``store`` it opens one at start-up (via bootstrap)
    and closes it at shutdown; a given store stays the caller's to close."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None
        if getattr(app.state, "store", None) is None:
            opened = app.state.store = open_store_for(settings)
        try:
            yield
        finally:
            if opened is not None:
                opened.close()
                app.state.store = None

    app = FastAPI(
        title="midweek",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(require_csrf)],
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        m=messages,
        csrf_field=CSRF_FIELD,
        idem_field=idem_field,
        dial=dial_number,
        dial_parts=dial_parts,
    )
    env.filters["local"] = _local
    env.globals.update(
        theme_of=design.theme_of,
        language=i18n.current,
        language_names=i18n.LANGUAGES,
        tab_for=design.tab_for,
        client_tabs=design.CLIENT_TABS,
        nav_icons=design.NAV_ICONS,
        outcome_icons=design.OUTCOME_ICONS,
        sprite=design.SPRITE,
    )
    app.state.templates = Jinja2Templates(env=env)
    app.state.settings = settings
    # Refuse to start without a usable secret, before serving any request.
    app.state.secret = server_secret(settings.secret_key, settings.data_dir)
    app.state.store = store
    app.state.clock = clock
    # Before the first request: whatever started uvicorn has configured its loggers by now.
    access_log.install()
    app.middleware("http")(security_headers)
    app.middleware("http")(design.in_their_language)
    if settings.trusted_proxies:
        # Outermost, so every later layer (cookies, HSTS, redirects) sees the real scheme.
        app.add_middleware(TrustedProxies, networks=settings.trusted_proxies)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(signin_pages.router)
    app.include_router(today_pages.router)
    app.include_router(practice_pages.router)
    app.include_router(journal_pages.router)
    app.include_router(question_pages.router)
    app.include_router(goal_pages.router)
    app.include_router(checkin_pages.router)
    app.include_router(thread_pages.router)
    app.include_router(plan_pages.router)
    app.include_router(safety_plan_pages.router)
    app.include_router(prep_pages.router)
    app.include_router(therapist_pages.router)
    app.include_router(sharing_pages.router)
    app.include_router(api.router)
    app.include_router(settings_pages.router)
    app.include_router(erasure_pages.router)
    app.include_router(worksheet_pages.router)
    app.include_router(offline.router)
    app.include_router(edit_pages.router)
    app.include_router(import_pages.router)
    app.include_router(checkin_history_pages.router)
    app.include_router(own_homework_pages.router)
    app.include_router(session_pages.router)
    app.include_router(push_pages.router)
    env.globals["undo_offer"] = edit_pages.undo_offer
    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory`` (used by ``midweek serve``): settings from MIDWEEK_*."""
    return create_app(load_settings())
