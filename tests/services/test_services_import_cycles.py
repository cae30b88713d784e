"""The use cases form a tree: a module in services never reaches itself by imports."""

import grimp
from tests.test_architecture import import_cycles


def test_no_import_circle_inside_the_services() -> None:
    graph = grimp.build_graph("midweek", cache_dir=None)
    assert import_cycles(graph, "midweek.services") == []
