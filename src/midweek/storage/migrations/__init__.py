"""The schema migrations, one SQL file per version, applied in order on open.

``MIGRATIONS`` lists them so that opening a current database needs no file access at all:
the runner compares ``LATEST`` with one ``SELECT max(version)``. A test checks that this
list matches the ``NNNN_*.sql`` files next to it.
"""

from __future__ import annotations

#: (version, file name), oldest first. Add new files here; never edit a released one.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, "0001_initial.sql"),
    (2, "0002_plan_windows.sql"),
    (3, "0003_safety_plan.sql"),
    (4, "0004_accounts.sql"),
    (5, "0005_sharing.sql"),
    (6, "0006_share_per_link.sql"),
    (7, "0007_token_lifetime.sql"),
    (8, "0008_erasure.sql"),
    (9, "0009_idempotency.sql"),
    (10, "0010_time_zone.sql"),
    (11, "0011_trash.sql"),
    (12, "0012_invitations.sql"),
    (13, "0013_search_index.sql"),
    (14, "0014_imports.sql"),
    (15, "0015_push.sql"),
)

LATEST: int = MIGRATIONS[-1][0]
