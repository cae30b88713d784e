"""Installable and offline: the web app manifest, the service worker, the offline page, and
the moment a write that waited on the phone was really made.

A practice log, journal entry or check-in made with no connection waits in the browser
(IndexedDB, see static/sw.js) and is sent when the connection returns, with the moment it
was written in a ``Midweek-Written-At`` header. ``written_at`` believes that moment when it
is plausible: within the last week and not in the future. Otherwise (or without the header)
the write happens now, as any other.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from midweek import messages
from midweek.web.deps import render
from midweek.web.security import SAFE_METHODS

router = APIRouter()

STATIC = Path(__file__).resolve().parent / "static"

WRITTEN_AT_HEADER = "Midweek-Written-At"
#: A write older than this is stamped with the moment it arrives: a phone that sat in a
#: drawer for weeks should not rewrite an old week's record.
HONOURED_FOR = timedelta(days=7)
#: Longer than any ISO 8601 timestamp with an offset; anything longer is not one.
_MOST = 40


def written_at(request: Request, now: datetime) -> datetime:
    """The moment of a write: the ``Midweek-Written-At`` header of an unsafe request when it
    is an ISO 8601 time with an offset within ``HONOURED_FOR`` before ``now`` (and not after
    it), in ``now``'s time zone; else ``now``."""
    if request.method in SAFE_METHODS:
        return now
    raw = request.headers.get(WRITTEN_AT_HEADER, "").strip()
    if not raw or len(raw) > _MOST:
        return now
    try:
        # Python before 3.11 did not read a trailing "Z"; say it as an offset.
        moment = datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith("Z") else raw)
    except ValueError:
        return now
    if moment.tzinfo is None or moment.utcoffset() is None:
        return now  # a time without an offset could be any time at all
    if moment > now or now - moment > HONOURED_FOR:
        return now
    return moment.astimezone(now.tzinfo) if now.tzinfo is not None else moment


# --- what makes the app installable -------------------------------------------------------

ICONS = (
    ("/static/icons/icon-192.png", "192x192", "any"),
    ("/static/icons/icon-512.png", "512x512", "any"),
    ("/static/icons/icon-maskable-512.png", "512x512", "maskable"),
)
#: The colours of the icons and of the app's header (midweek.css).
THEME_COLOUR = "#2f5d8a"
BACKGROUND_COLOUR = "#fbfaf7"


def manifest() -> dict[str, object]:
    """The web app manifest (W3C Web Application Manifest)."""
    return {
        "id": "/",
        "name": messages.WEB_APP_NAME,
        "short_name": messages.WEB_TITLE,
        "description": messages.WEB_APP_DESCRIPTION,
        "lang": "en",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": src, "sizes": sizes, "type": "image/png", "purpose": purpose}
            for src, sizes, purpose in ICONS
        ],
    }


@router.get("/manifest.webmanifest")
def manifest_file() -> Response:
    body = json.dumps(manifest(), ensure_ascii=False, indent=1)
    return Response(body, media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the site's root so it may control every page."""
    return Response(
        (STATIC / "sw.js").read_bytes(),
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/"},
    )


@router.get("/offline")
def offline_page(request: Request) -> Response:
    """Shown by the service worker for a page it has not kept, while there is no connection
    (kept when the worker installs, so never personal)."""
    return render(request, "offline.html", {})
