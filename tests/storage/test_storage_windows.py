"""Time windows for the weekly plan: stored, listed in week order, removed; in backups."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from midweek.domain.entities import JournalEntry, PlanWindow
from midweek.domain.errors import NotFound, StorageError
from midweek.storage import Store

from .conftest import T0, as_schema, sql


def _w(day: int, start: int, end: int) -> PlanWindow:
    return PlanWindow(weekday=day, start_minute=start, end_minute=end, created_at=T0)


def _dump(store: Store) -> dict[str, Any]:
    with store.unit_of_work() as uow:
        return uow.dump()


def test_windows_list_in_week_order_and_remove(store: Store) -> None:
    with store.unit_of_work() as uow:
        sat = uow.windows.add(_w(5, 9 * 60, 10 * 60 + 30))
        mon_late = uow.windows.add(_w(0, 18 * 60, 19 * 60))
        mon = uow.windows.add(_w(0, 7 * 60 + 30, 7 * 60 + 45))
        uow.commit()
    with store.unit_of_work() as uow:
        assert [w.id for w in uow.windows.list()] == [mon.id, mon_late.id, sat.id]
        assert uow.windows.get(mon.id) == mon
        uow.windows.remove(mon_late.id)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.windows.list() == [mon, sat]
        with pytest.raises(NotFound, match="There is no time window with id 999"):
            uow.windows.remove(999)
        with pytest.raises(NotFound):
            uow.windows.remove(True)  # type: ignore[arg-type]


def test_remove_without_commit_keeps_the_window(store: Store) -> None:
    with store.unit_of_work() as uow:
        w = uow.windows.add(_w(2, 60, 90))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.windows.remove(w.id)  # type: ignore[arg-type]
    with store.unit_of_work() as uow:
        assert uow.windows.list() == [w]


@pytest.mark.parametrize(
    ("day", "start", "end"), [(7, 0, 10), (-1, 0, 10), (1, 60, 60), (1, -5, 10), (1, 0, 1440)]
)
def test_the_database_refuses_impossible_windows(
    store: Store, day: int, start: int, end: int
) -> None:
    with pytest.raises(StorageError), store.unit_of_work() as uow:
        uow.windows.add(_w(day, start, end))
    with store.unit_of_work() as uow:
        assert uow.windows.list() == []


def test_backup_holds_the_windows_and_restores_them_exactly(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.windows.add(_w(0, 450, 465))
        uow.windows.add(_w(3, 1200, 1230))
        uow.commit()
    before = _dump(store)
    assert [r["start_minute"] for r in before["tables"]["plan_window"]] == [450, 1200]
    with store.unit_of_work() as uow:
        uow.windows.remove(uow.windows.list()[0].id)  # type: ignore[arg-type]
        uow.windows.add(_w(6, 0, 30))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.load(before)
        uow.commit()
    assert _dump(store) == before
    with store.unit_of_work() as uow:  # the id sequence moved past the restored ids
        added = uow.windows.add(_w(6, 0, 30))
        uow.commit()
    assert added.id is not None and added.id > max(r["id"] for r in before["tables"]["plan_window"])


def test_a_backup_from_before_windows_restores_with_none(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="kept", written_at=T0))
        uow.windows.add(_w(0, 450, 465))
        uow.commit()
    old = copy.deepcopy(_dump(store))
    as_schema(old, 1)
    assert "plan_window" not in old["tables"]
    with store.unit_of_work() as uow:
        uow.load(old)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.windows.list() == []
        assert [e.text for e in uow.journal.list()] == ["kept"]
    assert sql(store, "SELECT count(*) FROM plan_window")[0][0] == 0


def test_a_schema_1_backup_with_a_window_table_is_refused(store: Store) -> None:
    from midweek.domain.errors import BackupError

    data = _dump(store)
    data["schema_version"] = 1
    with store.unit_of_work() as uow, pytest.raises(BackupError, match="list of tables"):
        uow.load(data)
