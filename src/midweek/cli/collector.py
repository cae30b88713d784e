"""The garbage collector, tuned for a short command and put back for a long-lived server.

A command is a fresh process that builds thousands of long-lived objects (modules, classes,
tables, typer's parameters) and few cycles, so the interpreter's default collector scanned
them again and again: about 5 % of `midweek today` (bench/compare.py). ``main`` freezes
what exists once the root is imported (never scanned again) and collects young objects
less often; ``serve`` puts the defaults back, since a server runs for days.
"""

from __future__ import annotations

import gc

#: While a command runs, and the interpreter's own (700, 10, 10), read before any change.
COMMAND_THRESHOLD = (50_000, 20, 20)
DEFAULT_THRESHOLD = gc.get_threshold()


def for_a_command() -> None:
    """Freeze what is loaded and collect less often, for the rest of this short process."""
    gc.freeze()
    gc.set_threshold(*COMMAND_THRESHOLD)


def for_a_server() -> None:
    """The interpreter's collector again: everything scanned, default thresholds."""
    gc.unfreeze()
    gc.set_threshold(*DEFAULT_THRESHOLD)
