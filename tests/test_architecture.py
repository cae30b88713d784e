"""The layering in docs/ARCHITECTURE.md, checked by import-linter's contracts."""

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(lint), str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" not in proc.stdout.lower() or " 0 broken" in proc.stdout.lower()
    assert "KEPT" in proc.stdout


def import_cycles(graph: Any, package: str) -> list[list[str]]:
    """Every import circle among ``package`` and its modules (strongly connected groups of
    two or more, or a module importing itself), each sorted, found with Tarjan's algorithm."""
    modules = {package, *graph.find_descendants(package)}
    edges = {
        m: sorted(d for d in graph.find_modules_directly_imported_by(m) if d in modules)
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for d in edges[m]:
            if d not in index:
                visit(d)
                low[m] = min(low[m], low[d])
            elif d in on_stack:
                low[m] = min(low[m], index[d])
        if low[m] == index[m]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == m:
                    break
            if len(group) > 1 or m in edges[m]:
                cycles.append(sorted(group))

    for m in sorted(modules):
        if m not in index:
            visit(m)
    return sorted(cycles)


def test_the_cycle_finder_finds_a_circle_and_nothing_else() -> None:
    import grimp

    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    graph.add_import(importer="pkg.d", imported="pkg.a")
    assert import_cycles(graph, "pkg") == [["pkg.a", "pkg.b", "pkg.c"]]
    graph.remove_import(importer="pkg.c", imported="pkg.a")
    assert import_cycles(graph, "pkg") == []


def test_storage_has_no_import_circle() -> None:
    """Imports inside functions and under TYPE_CHECKING count: a circle is a circle."""
    import grimp

    graph = grimp.build_graph("midweek", cache_dir=None)
    assert import_cycles(graph, "midweek.storage") == []
