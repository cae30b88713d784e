"""The web demo: a client with the demo history and a therapist who sees only what is shared."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from midweek.domain.entities import Visibility
from midweek.domain.errors import NotFound
from midweek.domain.sharing import ShareKind
from midweek.services import accounts, caseload, demo, linked_client
from midweek.storage import Store

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=ZoneInfo("Europe/London"))


def test_demo_logins_work_and_the_therapist_sees_only_the_shared_part(
    sqlite_store: Store, fast_hashing: None
) -> None:
    store = sqlite_store
    logins = demo.seed_web(store.unit_of_work(), lambda p: store.unit_of_work(person_id=p), now=NOW)
    for name, password in (logins.client, logins.therapist):
        assert accounts.login(store.unit_of_work(), name, password, address="t", now=NOW).token
    names = {a.username: a for a in accounts.list_accounts(store.unit_of_work())}
    client, therapist = names[logins.client[0]], names[logins.therapist[0]]
    assert client.person_id is not None

    rows = caseload.caseload(
        store.unit_of_work(), lambda p: store.unit_of_work(person_id=p), therapist, now=NOW
    )
    assert [r.name for r in rows] == [logins.client[0]]
    assert rows[0].credit is not None and rows[0].credit > 0  # practice is shared
    assert rows[0].measures  # check-ins are shared

    view = linked_client.client_view(
        store.unit_of_work(person_id=client.person_id), therapist, client.person_id, now=NOW
    )
    assert ShareKind.JOURNAL not in view.state.kinds
    with store.unit_of_work(person_id=client.person_id) as uow:
        every = uow.journal.list(limit=None)
    marked = [e.id for e in every if e.visibility is Visibility.SHARED]
    assert marked and [e.id for e in view.journal] == marked
    hidden = next(e.id for e in every if e.visibility is Visibility.PRIVATE)
    assert hidden is not None
    with pytest.raises(NotFound):
        linked_client.shared_entry(
            store.unit_of_work(person_id=client.person_id),
            therapist,
            client.person_id,
            hidden,
            now=NOW,
        )
