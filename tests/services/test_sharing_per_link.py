"""Consent follows the person, not the row: every share belongs to one therapist link.

The three breaches an audit found (issue "Consent that follows the person"), each shown on
the old code and closed now, against a real store (SQLite and PostgreSQL):
1. shares outlived the link they were made for and reached the next therapist;
2. a shared practice log carried the answers of a worksheet that was not shared;
3. a therapist could rate and end homework they could no longer see, and the answer told
   them the hidden id existed.
Plus the migration that moves old shares onto the links they were made under.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from old_schema import add_todays_tables, drop_todays_tables

import personas
from midweek.domain.accounts import Account
from midweek.domain.entities import BarrierKind, CheckinKind, Outcome, Source
from midweek.domain.errors import NotFound
from midweek.domain.sharing import ShareKind
from midweek.services import care_links, caseload, checkins, consent, homework, linked_client
from midweek.services import journal as jr
from midweek.services.library import shipped_templates
from midweek.storage import Store
from midweek.storage.migrations import runner

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
CANARY_ENTRY = "canary-entry-heron"
CANARY_NOTE = "canary-practice-note-otter"
CANARY_WORKSHEET = "canary-worksheet-answer-badger"
CANARY_BARRIER = "canary-barrier-note-wren"


def _add(store: Store, name: str, role: str = "client") -> Account:
    return personas.create(store, name, NOW, role)


def _pid(a: Account) -> int:
    assert a.person_id is not None
    return a.person_id


def _uow(store: Store, a: Account) -> Any:
    return store.unit_of_work(person_id=_pid(a))


def _link(
    store: Store, therapist: Account, client: Account, kinds: tuple[ShareKind, ...] = ()
) -> int:
    code = care_links.invite(store.unit_of_work(), therapist, now=NOW).code
    link = care_links.accept_invite(store.unit_of_work(), client, code, share=kinds, now=NOW)
    assert link.id is not None
    return link.id


def _old_link(store: Store, therapist: Account, client: Account) -> int:
    """A link accepted as an old version wrote it (today's ``accept_invite`` also tidies
    tables that version did not have)."""
    link = care_links.invite(store.unit_of_work(), therapist, now=NOW).link
    param = "?" if store.dialect == "sqlite" else "%s"
    store.db.execute_sql(
        f"UPDATE care_link SET status = 'active', client_person_id = {param}, "
        f"responded_at = {param} WHERE id = {param}",
        (_pid(client), store.values.ts_out(NOW), link.id),
    )
    assert link.id is not None
    return link.id


def _caseload(
    store: Store, therapist: Account, sort: str = "struggling"
) -> list[caseload.CaseloadRow]:
    later = NOW + timedelta(hours=1)
    return caseload.caseload(
        store.unit_of_work(),
        lambda p: store.unit_of_work(person_id=p),
        therapist,
        now=later,
        sort=sort,
    )


def _everything(view: linked_client.ClientView) -> str:
    """Every piece of text in a therapist's view, to look for canaries in."""
    return repr(view)


def _history(store: Store, client: Account) -> dict[str, int]:
    """A journal entry, a worksheet, a practice with a note and a barrier, a check-in."""
    worksheet = shipped_templates()["values-clarification"]
    own = homework.add_homework(
        _uow(store, client),
        title="Evening walk",
        per_week=3,
        minutes=10,
        now=NOW,
        source=Source.SELF,
    )
    assert own.id is not None
    logged = homework.log_practice(
        _uow(store, client), own.id, Outcome.PARTIAL, at=NOW, note=CANARY_NOTE
    )
    homework.add_barrier(
        _uow(store, client),
        BarrierKind.TIME,
        note=CANARY_BARRIER,
        assignment_id=own.id,
        practice_id=logged.log.id,
        at=NOW,
    )
    filled = homework.fill_worksheet(
        _uow(store, client),
        worksheet,
        {"area": "friendships", "what_matters": CANARY_WORKSHEET},
        at=NOW,
        homework_id=own.id,
    )
    entry = jr.write_entry(_uow(store, client), CANARY_ENTRY, at=NOW).entry
    checkin, _ = checkins.checkin_mood(_uow(store, client), 5, note=None, at=NOW)
    assert filled.log.id and entry.id and checkin.id
    return {"worksheet": filled.log.id, "entry": entry.id, "checkin": checkin.id, "hw": own.id}


@pytest.fixture
def cast(store: Store, fast_hashing: None) -> dict[str, Account]:
    return {
        "t1": _add(store, "dr-one", "therapist"),
        "t2": _add(store, "dr-two", "therapist"),
        "c": _add(store, "casey"),
    }


def test_shares_end_with_their_link_and_a_new_link_starts_with_what_the_client_chooses(
    store: Store, cast: dict[str, Account]
) -> None:
    t1, t2, c = cast["t1"], cast["t2"], cast["c"]
    ids = _history(store, c)
    first = _link(store, t1, c, (ShareKind.PRACTICE,))
    for kind, item in (
        (ShareKind.JOURNAL, ids["entry"]),
        (ShareKind.CHECKIN, ids["checkin"]),
        (ShareKind.WORKSHEET, ids["worksheet"]),
    ):
        consent.set_item_shared(_uow(store, c), c, kind, item, True, now=NOW)
    seen = linked_client.client_view(_uow(store, c), t1, _pid(c), now=NOW)
    assert CANARY_ENTRY in _everything(seen) and CANARY_WORKSHEET in _everything(seen)
    assert seen.practice and seen.barriers and seen.checkins

    care_links.end_link(store.unit_of_work(), c, first, now=NOW + timedelta(days=1))
    _link(store, t2, c)  # choosing no kinds
    view = linked_client.client_view(_uow(store, c), t2, _pid(c), now=NOW + timedelta(days=2))
    assert view.state.kinds == frozenset() and view.state.items == {}
    assert (view.journal, view.checkins, view.worksheets, view.practice, view.barriers) == (
        [],
        [],
        [],
        [],
        [],
    )
    text = _everything(view)
    for canary in (CANARY_ENTRY, CANARY_NOTE, CANARY_WORKSHEET, CANARY_BARRIER):
        assert canary not in text
    with pytest.raises(NotFound):
        linked_client.shared_entry(_uow(store, c), t2, _pid(c), ids["entry"], now=NOW)
    # And dr-one, whose link ended, sees nothing at all.
    with pytest.raises(NotFound):
        linked_client.client_view(_uow(store, c), t1, _pid(c), now=NOW)


def test_two_therapists_each_see_only_what_is_shared_with_them(
    store: Store, cast: dict[str, Account]
) -> None:
    t1, t2, c = cast["t1"], cast["t2"], cast["c"]
    ids = _history(store, c)
    one = _link(store, t1, c)
    two = _link(store, t2, c, (ShareKind.CHECKIN,))
    consent.set_item_shared(
        _uow(store, c), c, ShareKind.JOURNAL, ids["entry"], True, link_id=one, now=NOW
    )
    assert (
        linked_client.shared_entry(_uow(store, c), t1, _pid(c), ids["entry"], now=NOW).text
        == CANARY_ENTRY
    )
    with pytest.raises(NotFound):
        linked_client.shared_entry(_uow(store, c), t2, _pid(c), ids["entry"], now=NOW)
    assert linked_client.client_view(_uow(store, c), t1, _pid(c), now=NOW).checkins == []
    assert len(linked_client.client_view(_uow(store, c), t2, _pid(c), now=NOW).checkins) == 1
    mine = consent.my_sharing(_uow(store, c), _pid(c))
    by_link = {ls.link.id: ls for ls in mine.links}
    assert [e.id for e in by_link[one].journal] == [ids["entry"]] and by_link[two].journal == []
    assert by_link[two].state.kinds == {ShareKind.CHECKIN}
    # A link that is not the client's is not found; with no link named, every link changes.
    with pytest.raises(NotFound):
        consent.set_kind_shared(
            store.unit_of_work(), c, ShareKind.GOALS, True, link_id=999, now=NOW
        )
    consent.set_kind_shared(store.unit_of_work(), c, ShareKind.GOALS, True, now=NOW)
    assert all(
        ShareKind.GOALS in ls.state.kinds
        for ls in consent.my_sharing(_uow(store, c), _pid(c)).links
    )


def test_a_shared_practice_log_leaves_out_the_answers_of_an_unshared_worksheet(
    store: Store, cast: dict[str, Account]
) -> None:
    t1, c = cast["t1"], cast["c"]
    ids = _history(store, c)
    _link(store, t1, c, (ShareKind.PRACTICE,))
    view = linked_client.client_view(_uow(store, c), t1, _pid(c), now=NOW)
    [worksheet_log] = [log for log in view.practice if log.id == ids["worksheet"]]
    assert worksheet_log.answers is None and view.worksheets == []
    assert CANARY_WORKSHEET not in _everything(view)
    assert CANARY_NOTE in _everything(view)  # the practice kind itself is shared
    consent.set_item_shared(_uow(store, c), c, ShareKind.WORKSHEET, ids["worksheet"], True, now=NOW)
    view = linked_client.client_view(_uow(store, c), t1, _pid(c), now=NOW)
    [worksheet_log] = [log for log in view.practice if log.id == ids["worksheet"]]
    assert worksheet_log.answers and worksheet_log.answers["what_matters"] == CANARY_WORKSHEET


def test_what_a_therapist_cannot_see_they_cannot_change_and_it_answers_like_a_missing_id(
    store: Store, cast: dict[str, Account]
) -> None:
    t1, c = cast["t1"], cast["c"]
    ids = _history(store, c)  # "Evening walk" is the client's own homework
    _link(store, t1, c, (ShareKind.PRACTICE,))
    linked_client.rate_homework(
        _uow(store, c), t1, _pid(c), ids["hw"], rating=3, note=None, now=NOW
    )
    consent.set_kind_shared(store.unit_of_work(), c, ShareKind.PRACTICE, False, now=NOW)
    answers = []
    for ident in (ids["hw"], 987_654):
        for write in (
            lambda i: linked_client.rate_homework(
                _uow(store, c), t1, _pid(c), i, rating=2, note=None, now=NOW
            ),
            lambda i: linked_client.end_client_homework(_uow(store, c), t1, _pid(c), i, now=NOW),
        ):
            with pytest.raises(NotFound) as err:
                write(ident)
            answers.append(str(err.value).replace(str(ident), "ID"))
    assert len(set(answers)) == 1  # one sentence for hidden and for missing ids
    with _uow(store, c) as uow:
        a = uow.homework.get(ids["hw"])
        assert a.ended_at is None  # the client's own homework keeps running
        assert len([r for r in uow.ratings.list() if r.assignment_id == a.id]) == 1
    # Homework the therapist set stays theirs to see and change.
    set_ = homework.new_assignment(
        title="Breathing", per_week=2, minutes=5, now=NOW, source=Source.THERAPIST
    )
    linked_client.assign_homework(_uow(store, c), t1, _pid(c), set_, now=NOW)
    assert set_.id is not None
    ended = linked_client.end_client_homework(_uow(store, c), t1, _pid(c), set_.id, now=NOW)
    assert ended.ended_at is not None


def test_safety_flags_reach_a_therapist_only_by_consent_with_the_level_never_the_words(
    store: Store, cast: dict[str, Account]
) -> None:
    t1, t2, c = cast["t1"], cast["t2"], cast["c"]
    quiet = _add(store, "quinn")
    _link(store, t1, c, (ShareKind.SAFETY_FLAGS,))
    _link(store, t2, c)
    _link(store, t1, quiet)
    checkins.checkin_instrument(
        _uow(store, c), CheckinKind.PHQ9, "1,1,1,1,1,1,1,1,2", note=None, at=NOW
    )
    words = "I keep thinking everyone would be better off without me"
    jr.write_entry(_uow(store, c), words, at=NOW + timedelta(minutes=1))
    rows = caseload.caseload(
        store.unit_of_work(),
        lambda p: store.unit_of_work(person_id=p),
        t1,
        now=NOW + timedelta(hours=1),
        sort="name",
    )
    assert [r.name for r in rows] == ["casey", "quinn"]
    rows = caseload.caseload(
        store.unit_of_work(),
        lambda p: store.unit_of_work(person_id=p),
        t1,
        now=NOW + timedelta(hours=1),
    )
    first = rows[0]
    assert first.name == "casey" and first.needs_attention  # put first when struggling
    assert {a.level for a in first.attention or []} == {"phq9-item9", "concern"}
    assert words not in repr(rows)
    # dr-two was not given consent: nothing, not even an empty list.
    [other] = caseload.caseload(
        store.unit_of_work(),
        lambda p: store.unit_of_work(person_id=p),
        t2,
        now=NOW + timedelta(hours=1),
    )
    assert other.attention is None and not other.needs_attention
    # The look is audited like every other read.
    with store.unit_of_work() as uow:
        details = [
            (e.actor_account_id, e.detail)
            for e in uow.audit.list(subject=_pid(c))
            if e.action == "therapist.read"
        ]
    assert (t1.id, "safety-flags") in details and (t2.id, "safety-flags") not in details


def test_the_upgrade_moves_shares_onto_the_one_link_or_ends_them_and_says_so(
    db_url: str,
    store_factory: Callable[..., Store],
    monkeypatch: pytest.MonkeyPatch,
    fast_hashing: None,
) -> None:
    """A database at schema 5 (shares kept per client) opened by this version."""
    monkeypatch.setattr(runner, "MIGRATIONS", runner.MIGRATIONS[:5])
    monkeypatch.setattr(runner, "LATEST", 5)
    old = store_factory(db_url)
    add_todays_tables(old)
    t1, t2 = _add(old, "dr-one", "therapist"), _add(old, "dr-two", "therapist")
    solo, several, alone = _add(old, "solo"), _add(old, "several"), _add(old, "alone")
    links = {
        "solo": _old_link(old, t1, solo),
        "several-1": _old_link(old, t1, several),
        "several-2": _old_link(old, t2, several),
    }
    marked = jr.write_entry(_uow(old, solo), "marked", at=NOW, shared=True).entry
    p = old.values.ts_out(NOW)  # the stored form of a moment
    db = old.db  # raw rows, as version 5 wrote them
    param = "?" if old.dialect == "sqlite" else "%s"
    db.execute_sql(
        f"UPDATE care_link SET status = 'ended', ended_at = {param} WHERE id = {param}",
        (p, links["several-1"]),
    )
    rows = [
        (_pid(solo), "practice", None),
        (_pid(several), "goals", None),
        (_pid(alone), "journal", None),
    ]
    for person, kind, item in rows:
        db.execute_sql(
            f"INSERT INTO share (person_id, kind, item_id, created_at) "
            f"VALUES ({param}, {param}, {param}, {param})",
            (person, kind, item, p),
        )
    drop_todays_tables(old)
    old.close()
    monkeypatch.undo()
    new = store_factory(db_url)
    assert new.schema_version() == runner.LATEST
    solo_state = consent.sharing_state(new.unit_of_work(), _pid(solo), links["solo"])
    assert solo_state.kinds == {ShareKind.PRACTICE}
    assert solo_state.items == {ShareKind.JOURNAL: frozenset({marked.id})}
    assert consent.sharing_state(new.unit_of_work(), _pid(several)).kinds == frozenset()
    told = consent.my_sharing(_uow(new, several), _pid(several))
    assert told.ended_at_upgrade == 1
    assert consent.my_sharing(_uow(new, alone), _pid(alone)).ended_at_upgrade == 1
    assert consent.my_sharing(_uow(new, solo), _pid(solo)).ended_at_upgrade == 0
    consent.dismiss_upgrade_notice(new.unit_of_work(), several, now=NOW)
    assert consent.my_sharing(_uow(new, several), _pid(several)).ended_at_upgrade == 0
