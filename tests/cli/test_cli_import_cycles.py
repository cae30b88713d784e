"""The CLI's modules form a tree: no command module reaches back into the root or into
another command's module (the demo re-dispatches through the running root command)."""

import grimp
from tests.test_architecture import import_cycles


def test_no_import_circle_inside_the_cli() -> None:
    """Imports inside functions and under TYPE_CHECKING count: the old circle (app ->
    system -> demo_tour -> app) went through one inside a function."""
    graph = grimp.build_graph("midweek", cache_dir=None)
    assert import_cycles(graph, "midweek.cli") == []
