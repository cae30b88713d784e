"""Erasing a client's account: confirmed twice, the key first, the audit says only that."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import personas
from midweek.domain.entities import JournalEntry
from midweek.domain.errors import Forbidden, NotFound, Throttled, Unauthorized, ValidationError
from midweek.domain.sharing import ShareKind
from midweek.services import accounts as acc
from midweek.services import care_links
from midweek.services.erasure import confirmed, erase_account, erase_here
from midweek.storage import Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def linked(store: Store, fast_hashing: None):  # type: ignore[no-untyped-def]
    alice = personas.create(store, personas.ALICE, NOW)
    terry = personas.create(store, personas.TERRY, NOW)
    code = care_links.invite(store.unit_of_work(), terry, now=NOW).code
    care_links.accept_invite(store.unit_of_work(), alice, code, share=[ShareKind.JOURNAL], now=NOW)
    with store.unit_of_work(alice.person_id) as uow:
        uow.journal.add(JournalEntry(text="only mine", written_at=NOW))
        uow.commit()
    return alice, terry


def _journal(store: Store, person: int) -> list[str]:
    with store.unit_of_work(person) as uow:
        return [e.text for e in uow.journal.list()]


@pytest.mark.parametrize("typed", ["erase my data", "  Erase  MY data ", "ERASE MY DATA"])
def test_the_phrase_is_read_without_regard_to_case_or_spacing(typed: str) -> None:
    assert confirmed(typed)


@pytest.mark.parametrize("typed", [None, "", "erase", "erase my date", "yes"])
def test_anything_else_is_not_a_confirmation(typed: str | None) -> None:
    assert not confirmed(typed)


def test_a_client_erases_their_account_their_data_and_their_links(store: Store, linked) -> None:
    alice, terry = linked
    person = alice.person_id
    erase_account(
        store.unit_of_work(person),
        alice,
        password=personas.PASSWORD,
        confirmation="erase my data",
        now=NOW,
    )
    with store.unit_of_work() as uow:
        assert uow.accounts.by_username("alice") is None
        assert uow.accounts.by_username("terry") is not None
        assert uow.care_links.for_therapist(terry.id) == []
        events = uow.audit.list(subject=person)
    assert [e.action for e in events] == ["account.erase"]
    assert events[0].actor_account_id is None and events[0].detail == ""
    with pytest.raises(NotFound):
        _journal(store, person)
    # The name is free again: erasure leaves nothing that keeps it.
    personas.create(store, personas.ALICE, NOW)


def test_a_wrong_phrase_or_password_erases_nothing(store: Store, linked) -> None:
    alice, _ = linked
    person = alice.person_id
    with pytest.raises(ValidationError, match="erase my data"):
        erase_account(
            store.unit_of_work(person),
            alice,
            password=personas.PASSWORD,
            confirmation="yes",
            now=NOW,
        )
    with pytest.raises(Unauthorized):
        erase_account(
            store.unit_of_work(person),
            alice,
            password="not it at all",
            confirmation="erase my data",
            now=NOW,
        )
    assert _journal(store, person) == ["only mine"]
    with store.unit_of_work() as uow:
        assert uow.accounts.by_username("alice") is not None


def test_guessing_the_password_to_erase_is_throttled(store: Store, linked) -> None:
    alice, _ = linked
    person = alice.person_id
    for i in range(acc.ACCOUNT_FAILURE_LIMIT):
        with pytest.raises(Unauthorized):
            erase_account(
                store.unit_of_work(person),
                alice,
                password=f"guess {i}",
                confirmation="erase my data",
                now=NOW + timedelta(seconds=i),
            )
    with pytest.raises(Throttled):
        erase_account(
            store.unit_of_work(person),
            alice,
            password=personas.PASSWORD,
            confirmation="erase my data",
            now=NOW + timedelta(seconds=30),
        )
    assert _journal(store, person) == ["only mine"]


def test_a_therapist_account_is_not_erased_this_way(store: Store, linked) -> None:
    _, terry = linked
    with pytest.raises(Forbidden):
        erase_account(
            store.unit_of_work(),
            terry,
            password=personas.PASSWORD,
            confirmation="erase my data",
            now=NOW,
        )


def test_erasing_here_needs_the_phrase(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.journal.add(JournalEntry(text="local", written_at=NOW))
        uow.commit()
    with pytest.raises(ValidationError):
        erase_here(store.unit_of_work(), confirmation="sure")
    assert _journal(store, store.default_person_id) == ["local"]
    erase_here(store.unit_of_work(), confirmation="erase my data")
    remaining = store.db.execute_sql("SELECT count(*) FROM person").fetchone()[0]
    assert remaining == 0
