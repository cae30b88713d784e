"""Plain-Python core: entities, rules and scoring. Standard library only, no I/O."""
