"""One fixed moment for the web tests: Wednesday 2 December 2026, 14:00 in London.

The web app, its store and the tests' own writes all keep time by it (``create_app(clock=)``
and ``open_store(clock=)``), so no test depends on when it runs: not on the first minutes
of a week, a month's end, a daylight-saving change or midnight between two requests. A
Wednesday afternoon in December sits mid-week, mid-month and far from a clock change.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

NOW = datetime(2026, 12, 2, 14, 0, tzinfo=ZoneInfo("Europe/London"))


def now() -> datetime:
    """The app's and the store's clock in the web tests: always :data:`NOW`."""
    return NOW
