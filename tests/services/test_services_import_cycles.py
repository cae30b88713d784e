"""The use cases form a tree: a module in services never reaches itself by imports."""

from tests.import_cycles import circles_inside


def test_no_import_circle_inside_the_services() -> None:
    assert circles_inside("midweek.services") == []
