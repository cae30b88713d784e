"""The safety plan (one per person, every section encrypted) and preferences, in storage."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from midweek.domain.entities import PlanContact, SafetyPlan
from midweek.storage import Store

from .conftest import T0, as_schema, at, sql


def _dump(store: Store) -> dict[str, Any]:
    with store.unit_of_work() as uow:
        return uow.dump()


def test_save_is_an_upsert_keeping_one_row(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert uow.safety_plan.current() is None
        first = uow.safety_plan.save(SafetyPlan(coping=["Walk"], updated_at=T0))
        uow.commit()
    with store.unit_of_work() as uow:
        second = uow.safety_plan.save(
            SafetyPlan(people=[PlanContact("Ana", "+1 555 0100")], shared=True, updated_at=at(5))
        )
        uow.commit()
    assert second.id == first.id
    with store.unit_of_work() as uow:
        got = uow.safety_plan.current()
    assert got == second and got.coping == [] and got.people == [PlanContact("Ana", "+1 555 0100")]
    assert sql(store, "SELECT count(*) FROM safety_plan")[0][0] == 1


def test_preferences_put_replaces_and_remove(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert uow.preferences.value("country") is None
        uow.preferences.put("country", "GB", now=T0)
        uow.preferences.put("country", "IE", now=at(1))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.preferences.value("country") == "IE"
        assert len(uow.preferences.list()) == 1
        uow.preferences.remove("country")
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.preferences.value("country") is None


def test_backup_holds_the_plan_and_preferences(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.safety_plan.save(SafetyPlan(reasons=["My dog"], updated_at=T0))
        uow.preferences.put("country", "NZ", now=T0)
        uow.commit()
    before = _dump(store)
    assert len(before["tables"]["safety_plan"]) == 1
    assert before["tables"]["preference"][0]["value"] == "NZ"
    with store.unit_of_work() as uow:
        uow.safety_plan.save(SafetyPlan(reasons=["changed"], updated_at=at(3)))
        uow.preferences.put("country", "US", now=at(3))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.load(before)
        uow.commit()
    assert _dump(store) == before
    with store.unit_of_work() as uow:
        plan = uow.safety_plan.current()
        assert plan is not None and plan.reasons == ["My dog"]
        assert uow.preferences.value("country") == "NZ"


def test_a_schema_2_backup_restores_without_a_plan(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.safety_plan.save(SafetyPlan(reasons=["x"]))
        uow.preferences.put("country", "GB", now=T0)
        uow.commit()
    old = copy.deepcopy(_dump(store))
    as_schema(old, 2)
    assert "safety_plan" not in old["tables"] and "preference" not in old["tables"]
    with store.unit_of_work() as uow:
        uow.load(old)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.safety_plan.current() is None
        assert uow.preferences.list() == []


def test_a_second_plan_row_is_refused(store: Store) -> None:
    from midweek.domain.errors import StorageError

    with store.unit_of_work() as uow:
        uow.safety_plan.add(SafetyPlan())
        uow.commit()
    with pytest.raises(StorageError), store.unit_of_work() as uow:
        uow.safety_plan.add(SafetyPlan())
