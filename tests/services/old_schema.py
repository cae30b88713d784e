"""Helpers for upgrade tests that make a database's old rows with today's code."""

from __future__ import annotations

from midweek.storage import Store


def add_todays_tables(store: Store) -> None:
    """Today's code on a database at an old schema (an upgrade test making its old rows):
    what that code reads and writes beyond version 5 — account.time_zone (10), the trash
    every commit tidies (11) and the journal's search index (13) — is added here;
    ``drop_todays_tables`` takes it away before the upgrade runs."""
    from midweek.storage.migrations.runner import migration_statements, read_migration

    store.db.execute_sql("ALTER TABLE account ADD COLUMN time_zone TEXT")
    for name in ("0011_trash.sql", "0013_search_index.sql"):
        for statement in migration_statements(read_migration(name), store.dialect):
            store.db.execute_sql(statement)


def drop_todays_tables(store: Store) -> None:
    store.db.execute_sql("DROP TABLE trash")
    store.db.execute_sql("DROP TABLE search_term")
    store.db.execute_sql("DROP TABLE search_backlog")
    store.db.execute_sql("ALTER TABLE account DROP COLUMN time_zone")
