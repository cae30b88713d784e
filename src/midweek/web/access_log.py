"""The server's access log never holds a query string.

A query string can carry what a person typed (``/journal?q=…`` from an old link) or a
secret (``/sharing/invite?code=…``); uvicorn's access log prints the whole target of every
request, and access logs are kept, rotated and copied far more freely than the database.
``install()`` puts a filter on uvicorn's access logger that cuts each logged target at its
``?``, whatever started uvicorn (``midweek serve`` or ``uvicorn --factory``): the app
factory calls it, after uvicorn has configured logging.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


def strip_query(target: str) -> str:
    """``/journal?q=words`` -> ``/journal?[...]``: the path stays, the query never."""
    path, mark, _ = target.partition("?")
    return path + "?[...]" if mark else path


class DropQueryStrings(logging.Filter):
    """Rewrites each access-log record's request target without its query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and args:
            # uvicorn's record: (client address, method, target, HTTP version, status).
            record.args = tuple(
                strip_query(a) if isinstance(a, str) and "?" in a else a for a in args
            )
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger (once, however often the app is built)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())
