"""The CLI's modules form a tree: no command module reaches back into the root or into
another command's module (the demo re-dispatches through the running root command)."""

import grimp
from tests.import_cycles import circles_inside


def test_no_import_circle_inside_the_cli() -> None:
    assert circles_inside("midweek.cli") == []


def test_the_check_finds_a_circle_and_ignores_imports_from_outside() -> None:
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.app", "pkg.system", "pkg.tour", "pkg.console", "other"):
        graph.add_module(name)
    for importer, imported in [
        ("pkg.app", "pkg.system"),
        ("pkg.system", "pkg.tour"),
        ("pkg.tour", "pkg.app"),  # the old circle: app -> system -> demo_tour -> app
        ("pkg.tour", "pkg.console"),
        ("pkg.console", "other"),
        ("other", "pkg.console"),  # through a module outside the package: not inside it
    ]:
        graph.add_import(importer=importer, imported=imported)
    assert circles_inside("pkg", graph) == [["pkg.app", "pkg.system", "pkg.tour"]]
