"""Import circles inside one package, read from the source by grimp (import-linter's graph).

Every ``import`` counts, also those inside functions and under ``TYPE_CHECKING``: a package
whose modules form a tree can be read, and changed, one room at a time.
"""

from __future__ import annotations

import grimp


def circles_inside(package: str, graph: grimp.ImportGraph | None = None) -> list[list[str]]:
    """Each group of ``package``'s modules that reach one another by imports (its strongly
    connected components with more than one module, or one importing itself), sorted; in
    midweek's source unless ``graph`` is given."""
    if graph is None:
        graph = grimp.build_graph("midweek", cache_dir=None)
    inside = graph.find_descendants(package) | {package}
    edges = {m: graph.find_modules_directly_imported_by(m) & inside for m in inside}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in sorted(edges[module]):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = [stack.pop()]
            while group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1 or module in edges[module]:
                found.append(sorted(group))

    for module in sorted(inside):
        if module not in order:
            visit(module)
    return sorted(found)
