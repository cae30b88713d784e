"""Therapists and clients: invitations, what a client shares, what a therapist may see, and
the audit of every therapist read and write. Against a real store (SQLite and PostgreSQL).

Personas: dr-tan (the therapist), alice (her client), bob (another client), dr-lee
(another therapist).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import personas
from midweek import messages
from midweek.domain.accounts import Account
from midweek.domain.entities import Assignment, CheckinKind, Outcome
from midweek.domain.errors import Conflict, NotFound, ValidationError
from midweek.domain.sharing import ShareKind
from midweek.services import (
    care_links,
    caseload,
    checkins,
    consent,
    goals,
    homework,
    linked_client,
    questions,
    therapy_sessions,
    zones,
)
from midweek.services import journal as jr
from midweek.storage import Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@dataclass
class People:
    tan: Account
    lee: Account
    alice: Account
    bob: Account


@pytest.fixture
def people(store: Store, fast_hashing: None) -> People:
    def add(name: str, role: str) -> Account:
        return personas.create(store, name, NOW, role)

    return People(
        tan=add("dr-tan", "therapist"),
        lee=add("dr-lee", "therapist"),
        alice=add("alice", "client"),
        bob=add("bob", "client"),
    )


def _pid(account: Account) -> int:
    assert account.person_id is not None
    return account.person_id


def _uow(store: Store, account: Account):  # type: ignore[no-untyped-def]
    return store.unit_of_work(person_id=_pid(account))


def _link(
    store: Store,
    therapist: Account,
    client: Account,
    kinds: tuple[ShareKind, ...] = (),
    now: datetime = NOW,
) -> int:
    code = care_links.invite(store.unit_of_work(), therapist, now=now).code
    link = care_links.accept_invite(store.unit_of_work(), client, code, share=kinds, now=now)
    assert link.id is not None
    return link.id


def _audit(store: Store, subject: int) -> list[tuple[str, str]]:
    with store.unit_of_work() as uow:
        return [(e.action, e.detail) for e in reversed(uow.audit.list(subject=subject))]


def _view(store: Store, therapist: Account, client: Account) -> linked_client.ClientView:
    return linked_client.client_view(_uow(store, client), therapist, _pid(client), now=NOW)


def _assignment(store: Store, client: Account, *, per_week: int, start: date) -> Assignment:
    a = homework.new_assignment(
        title="Slow breathing", per_week=per_week, minutes=10, now=NOW, start=start
    )
    with _uow(store, client) as uow:
        homework.store_assignment(uow, a)
        uow.commit()
    return a


# --- invitations ---------------------------------------------------------------------------


def test_invite_then_accept_shares_only_the_chosen_kinds(store: Store, people: People) -> None:
    invitation = care_links.invite(store.unit_of_work(), people.tan, now=NOW)
    assert len(care_links.normalise_code(invitation.code)) == 10
    assert [
        i.link.id for i in care_links.open_invitations(store.unit_of_work(), people.tan, now=NOW)
    ] == [invitation.link.id]
    # The client may type it in lower case, with spaces instead of the dash.
    typed = invitation.code.lower().replace("-", " ")
    pending = care_links.find_invite(store.unit_of_work(), typed, now=NOW)
    assert pending.therapist_name == "dr-tan"
    care_links.accept_invite(
        store.unit_of_work(),
        people.alice,
        typed,
        share=[ShareKind.QUESTIONS, ShareKind.GOALS],
        now=NOW,
    )
    assert care_links.open_invitations(store.unit_of_work(), people.tan, now=NOW) == []
    [link] = care_links.client_links(store.unit_of_work(), _pid(people.alice))
    assert link.therapist_name == "dr-tan"

    questions.ask(_uow(store, people.alice), "Why are mornings hard?", now=NOW)
    goals.add_goal(
        _uow(store, people.alice),
        text="Walk twice a week",
        value="health",
        importance=8,
        confidence=6,
        now=NOW,
    )
    jr.write_entry(_uow(store, people.alice), "A private page.", at=NOW)
    checkins.checkin_mood(_uow(store, people.alice), 6, note=None, at=NOW)
    view = _view(store, people.tan, people.alice)
    assert [q.text for q in view.questions] == ["Why are mornings hard?"]
    assert [g.text for g in view.goals] == ["Walk twice a week"]
    assert view.journal == [] and view.checkins == [] and view.worksheets == []
    assert view.practice == [] and view.barriers == []
    assert view.state.kinds == {ShareKind.QUESTIONS, ShareKind.GOALS}


def test_unknown_used_expired_and_declined_codes_get_the_same_answer(
    store: Store, people: People
) -> None:
    used = care_links.invite(store.unit_of_work(), people.tan, now=NOW).code
    care_links.accept_invite(store.unit_of_work(), people.alice, used, now=NOW)
    expired = care_links.invite(store.unit_of_work(), people.tan, now=NOW).code
    declined = care_links.invite(store.unit_of_work(), people.tan, now=NOW).code
    care_links.decline_invite(store.unit_of_work(), people.bob, declined, now=NOW)
    later = NOW + care_links.INVITE_LIFETIME
    answers = []
    for code, when in [
        ("ABCDE-23456", NOW),
        (used, NOW),
        (expired, later),
        (declined, NOW),
        ("", NOW),
    ]:
        with pytest.raises(ValidationError) as err:
            care_links.find_invite(store.unit_of_work(), code, now=when)
        answers.append(str(err.value))
        with pytest.raises(ValidationError):
            care_links.accept_invite(store.unit_of_work(), people.bob, code, now=when)
    assert set(answers) == {messages.INVITE_CODE_UNKNOWN}
    assert care_links.client_links(store.unit_of_work(), _pid(people.bob)) == []


def test_a_second_link_to_the_same_therapist_is_a_conflict(store: Store, people: People) -> None:
    _link(store, people.tan, people.alice)
    code = care_links.invite(store.unit_of_work(), people.tan, now=NOW).code
    with pytest.raises(Conflict):
        care_links.accept_invite(store.unit_of_work(), people.alice, code, now=NOW)
    # The code is still unused: another client may take it.
    care_links.accept_invite(store.unit_of_work(), people.bob, code, now=NOW)


def test_only_therapists_invite(store: Store, people: People) -> None:
    with pytest.raises(ValidationError):
        care_links.invite(store.unit_of_work(), people.alice, now=NOW)


# --- who may see what ----------------------------------------------------------------------


def test_other_and_unlinked_therapists_get_not_found(store: Store, people: People) -> None:
    _link(store, people.tan, people.alice, (ShareKind.JOURNAL,))
    entry = jr.write_entry(_uow(store, people.alice), "Alice's page.", at=NOW).entry
    assert entry.id is not None
    a = _assignment(store, people.alice, per_week=2, start=NOW.date())
    assert a.id is not None
    pid = _pid(people.alice)
    calls = [
        lambda t: linked_client.client_view(_uow(store, people.alice), t, pid, now=NOW),
        lambda t: linked_client.shared_entry(_uow(store, people.alice), t, pid, entry.id, now=NOW),
        lambda t: linked_client.shared_report(_uow(store, people.alice), t, pid, 1, now=NOW),
        lambda t: linked_client.assign_homework(_uow(store, people.alice), t, pid, a, now=NOW),
        lambda t: linked_client.end_client_homework(
            _uow(store, people.alice), t, pid, a.id, now=NOW
        ),
        lambda t: linked_client.rate_homework(
            _uow(store, people.alice), t, pid, a.id, rating=3, note=None, now=NOW
        ),
        lambda t: linked_client.record_session(
            _uow(store, people.alice),
            t,
            pid,
            day=NOW.date(),
            takeaways=["x"],
            themes=[],
            next_appointment=None,
            now=NOW,
        ),
    ]
    for call in calls:
        for who in (people.lee, people.bob):  # another therapist; a client
            with pytest.raises(NotFound):
                call(who)
    # dr-tan has no link to bob: the same answer as an id that does not exist.
    with pytest.raises(NotFound):
        linked_client.client_view(_uow(store, people.bob), people.tan, _pid(people.bob), now=NOW)
    assert [
        r.name
        for r in caseload.caseload(store.unit_of_work(), store_uow(store), people.lee, now=NOW)
    ] == []
    # Nothing was audited as a therapist read.
    assert not [a for a, _ in _audit(store, pid) if a.startswith("therapist.")]


def store_uow(store: Store):  # type: ignore[no-untyped-def]
    return lambda person_id: store.unit_of_work(person_id=person_id)


def test_journal_entries_one_by_one(store: Store, people: People) -> None:
    _link(store, people.tan, people.alice)
    pid = _pid(people.alice)
    private = jr.write_entry(_uow(store, people.alice), "Kept to myself.", at=NOW).entry
    marked = jr.write_entry(_uow(store, people.alice), "Marked shared.", at=NOW, shared=True).entry
    assert private.id is not None and marked.id is not None

    def entry(ident: int) -> str:
        return linked_client.shared_entry(
            _uow(store, people.alice), people.tan, pid, ident, now=NOW
        ).text

    with pytest.raises(NotFound):
        entry(private.id)
    with pytest.raises(NotFound):  # the mark alone is no share...
        entry(marked.id)
    # ...written on the server, it becomes a share to each therapist linked now.
    assert consent.share_new_entry(_uow(store, people.alice), people.alice, marked.id, now=NOW) == 1
    assert entry(marked.id) == "Marked shared."
    consent.set_item_shared(
        _uow(store, people.alice), people.alice, ShareKind.JOURNAL, private.id, True, now=NOW
    )
    assert entry(private.id) == "Kept to myself."
    assert {e.id for e in _view(store, people.tan, people.alice).journal} == {
        private.id,
        marked.id,
    }
    for ident in (private.id, marked.id):
        consent.set_item_shared(
            _uow(store, people.alice), people.alice, ShareKind.JOURNAL, ident, False, now=NOW
        )
        with pytest.raises(NotFound):  # on the very next call
            entry(ident)
    assert _view(store, people.tan, people.alice).journal == []
    # Bob cannot share Alice's entry: his unit of work does not see it.
    with pytest.raises(NotFound):
        consent.set_item_shared(
            _uow(store, people.bob), people.bob, ShareKind.JOURNAL, private.id, True, now=NOW
        )
    with pytest.raises(ValidationError):
        consent.set_item_shared(
            _uow(store, people.alice), people.alice, ShareKind.GOALS, 1, True, now=NOW
        )


def test_checkins_and_worksheets_one_by_one_or_as_a_kind(store: Store, people: People) -> None:
    _link(store, people.tan, people.alice)
    first, _ = checkins.checkin_mood(_uow(store, people.alice), 4, note=None, at=NOW)
    checkins.checkin_mood(_uow(store, people.alice), 7, note=None, at=NOW)
    assert first.id is not None
    consent.set_item_shared(
        _uow(store, people.alice), people.alice, ShareKind.CHECKIN, first.id, True, now=NOW
    )
    assert [c.mood for c in _view(store, people.tan, people.alice).checkins] == [4]
    consent.set_kind_shared(store.unit_of_work(), people.alice, ShareKind.CHECKIN, True, now=NOW)
    assert (
        ShareKind.CHECKIN in consent.sharing_state(store.unit_of_work(), _pid(people.alice)).kinds
    )
    assert sorted(c.mood or 0 for c in _view(store, people.tan, people.alice).checkins) == [4, 7]
    consent.set_kind_shared(store.unit_of_work(), people.alice, ShareKind.CHECKIN, False, now=NOW)
    assert [c.mood for c in _view(store, people.tan, people.alice).checkins] == [4]
    with pytest.raises(NotFound):
        consent.set_item_shared(
            _uow(store, people.alice), people.alice, ShareKind.CHECKIN, 999, True, now=NOW
        )


def test_a_withdrawn_report_is_not_found(store: Store, people: People) -> None:
    _link(store, people.tan, people.alice)
    pid = _pid(people.alice)
    report = consent.send_report(
        _uow(store, people.alice),
        people.alice,
        markdown="# Prep\nTwo of three practices.",
        html="<!doctype html><title>Prep</title>",
        left_out=["journal"],
        now=NOW,
    )
    assert report.id is not None
    seen = linked_client.shared_report(
        _uow(store, people.alice), people.tan, pid, report.id, now=NOW
    )
    assert seen.markdown.startswith("# Prep") and seen.left_out == ["journal"]
    assert [r.id for r in _view(store, people.tan, people.alice).reports] == [report.id]
    consent.withdraw_report(_uow(store, people.alice), people.alice, report.id, now=NOW)
    with pytest.raises(NotFound):
        linked_client.shared_report(_uow(store, people.alice), people.tan, pid, report.id, now=NOW)
    assert _view(store, people.tan, people.alice).reports == []
    assert [r.revoked_at for r in consent.sent_reports(_uow(store, people.alice))] == [NOW]


def test_ending_the_link_hides_everything(store: Store, people: People) -> None:
    link_id = _link(store, people.tan, people.alice, tuple(ShareKind))
    pid = _pid(people.alice)
    entry = jr.write_entry(_uow(store, people.alice), "Shared page.", at=NOW, shared=True).entry
    assert entry.id is not None
    assert _view(store, people.tan, people.alice).journal
    # Another client cannot end Alice's link; the therapist's other links are untouched.
    with pytest.raises(NotFound):
        care_links.end_link(store.unit_of_work(), people.bob, link_id, now=NOW)
    care_links.end_link(store.unit_of_work(), people.alice, link_id, now=NOW)
    assert care_links.client_links(store.unit_of_work(), pid) == []
    with pytest.raises(NotFound):
        _view(store, people.tan, people.alice)
    with pytest.raises(NotFound):
        linked_client.shared_entry(_uow(store, people.alice), people.tan, pid, entry.id, now=NOW)
    assert caseload.caseload(store.unit_of_work(), store_uow(store), people.tan, now=NOW) == []
    with pytest.raises(NotFound):  # already ended
        care_links.end_link(store.unit_of_work(), people.tan, link_id, now=NOW)


# --- the therapist's writes and the audit -----------------------------------------------------


def test_every_therapist_read_and_write_is_audited_once(store: Store, people: People) -> None:
    kinds = (ShareKind.PRACTICE, ShareKind.JOURNAL, ShareKind.SESSIONS)
    _link(store, people.tan, people.alice, kinds)
    pid = _pid(people.alice)
    entry = jr.write_entry(_uow(store, people.alice), "A page.", at=NOW).entry
    assert entry.id is not None
    before = len(_audit(store, pid))

    a = homework.new_assignment(title="Thought record", per_week=3, minutes=15, now=NOW)
    linked_client.assign_homework(_uow(store, people.alice), people.tan, pid, a, now=NOW)
    assert a.id is not None
    linked_client.rate_homework(
        _uow(store, people.alice), people.tan, pid, a.id, rating=3, note="Good start", now=NOW
    )
    with pytest.raises(ValidationError):
        linked_client.rate_homework(
            _uow(store, people.alice), people.tan, pid, a.id, rating=5, note=None, now=NOW
        )
    linked_client.record_session(
        _uow(store, people.alice),
        people.tan,
        pid,
        day=NOW.date(),
        takeaways=["Thoughts are not facts."],
        themes=["worry"],
        next_appointment=NOW + timedelta(days=7),
        now=NOW,
    )
    linked_client.shared_entry(_uow(store, people.alice), people.tan, pid, entry.id, now=NOW)
    view = _view(store, people.tan, people.alice)
    linked_client.end_client_homework(_uow(store, people.alice), people.tan, pid, a.id, now=NOW)
    caseload.caseload(store.unit_of_work(), store_uow(store), people.tan, now=NOW)

    events = _audit(store, pid)[before:]
    assert [act for act, _ in events] == [
        "therapist.write",  # assigned
        "therapist.write",  # rated (the refused rating wrote nothing)
        "therapist.write",  # session
        "therapist.read",  # the journal entry
        "therapist.read",  # overview
        "therapist.write",  # ended
        "therapist.read",  # caseload
    ]
    assert events[3][1] == f"journal={entry.id}"
    assert events[4][1] == "overview" and events[6][1] == "caseload"
    # The client's own record has the therapist's homework, rating and session.
    [hw] = view.homework
    assert hw.assignment.title == "Thought record" and [r.rating for r in hw.ratings] == [3]
    assert view.sessions[0].takeaways == ["Thoughts are not facts."]
    assert homework.get_homework(_uow(store, people.alice), a.id).ended_at == NOW

    activity = consent.therapist_activity(store.unit_of_work(), pid)
    assert [s.detail for s in activity if s.action == "therapist.read"] == [
        "caseload",
        "overview",
        f"journal={entry.id}",
    ]
    assert {s.who for s in activity} == {"dr-tan"}
    # Bob's page shows nothing of this.
    assert consent.therapist_activity(store.unit_of_work(), _pid(people.bob)) == []


def test_caseload_puts_the_one_who_is_struggling_first(store: Store, people: People) -> None:
    everything = tuple(ShareKind)
    _link(store, people.tan, people.alice, everything)
    _link(store, people.tan, people.bob, everything)
    start = NOW.date() - timedelta(days=30)
    # One done and one partly done (5 of 10 minutes: half) of 4 planned over two weeks.
    for who, outcomes in ((people.alice, [Outcome.DONE, Outcome.PARTIAL]), (people.bob, [])):
        a = _assignment(store, who, per_week=2, start=start)
        assert a.id is not None
        for i, outcome in enumerate(outcomes):
            homework.log_practice(
                _uow(store, who), a.id, outcome, at=NOW - timedelta(days=i + 1), minutes=5
            )
    checkins.checkin_instrument(
        _uow(store, people.bob),
        CheckinKind.PHQ9,
        "2 2 2 2 2 1 1 1 0",
        note=None,
        at=NOW - timedelta(days=10),
    )
    rows = caseload.caseload(store.unit_of_work(), store_uow(store), people.tan, now=NOW)
    assert [r.name for r in rows] == ["bob", "alice"]
    bob, alice = rows
    assert (alice.credit, alice.planned) == (1.5, 4)
    assert (bob.credit, bob.planned) == (0, 4)
    assert bob.measures and bob.measures[0].latest == 13
    by_name = caseload.caseload(
        store.unit_of_work(), store_uow(store), people.tan, now=NOW, sort="name"
    )
    assert [r.name for r in by_name] == ["alice", "bob"]
    with pytest.raises(ValidationError):
        caseload.caseload(store.unit_of_work(), store_uow(store), people.tan, now=NOW, sort="age")


def test_caseload_says_nothing_of_kinds_not_shared(store: Store, people: People) -> None:
    _link(store, people.tan, people.alice)
    _assignment(store, people.alice, per_week=2, start=NOW.date() - timedelta(days=30))
    questions.ask(_uow(store, people.alice), "Private question?", now=NOW)
    [row] = caseload.caseload(store.unit_of_work(), store_uow(store), people.tan, now=NOW)
    assert row.credit is None and row.planned is None and row.barriers is None
    assert row.measures is None and row.open_questions is None and not row.practice_shared


def test_session_notes_need_their_own_share_but_dates_do_not(store: Store, people: People) -> None:
    _link(store, people.tan, people.alice)
    therapy_sessions.add_session(
        _uow(store, people.alice),
        day=date(2026, 11, 20),
        takeaways=["Worry shrinks with a set time"],
        themes=["worry"],
        next_appointment=datetime(2026, 12, 4, 17, 0, tzinfo=UTC),
        now=NOW,
    )
    unshared = _view(store, people.tan, people.alice).sessions
    assert [(s.date, s.takeaways, s.themes) for s in unshared] == [(date(2026, 11, 20), [], [])]
    assert unshared[0].next_appointment == datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    consent.set_kind_shared(store.unit_of_work(), people.alice, ShareKind.SESSIONS, True, now=NOW)
    shared = _view(store, people.tan, people.alice).sessions
    assert shared[0].takeaways == ["Worry shrinks with a set time"]
    assert shared[0].themes == ["worry"]
    # The client's own record is untouched by what the therapist was shown.
    with _uow(store, people.alice) as uow:
        assert uow.sessions.list()[0].takeaways == ["Worry shrinks with a set time"]


def test_a_clients_week_is_counted_on_their_clock_not_the_therapists(
    store: Store, people: People
) -> None:
    """Monday 03:00 UTC is still Sunday evening in New York: the client's 14 days and their
    practice week end on Sunday, so a practice on the Monday two weeks before counts."""
    new_york = ZoneInfo("America/New_York")
    monday_utc = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    assert people.alice.id is not None
    zones.set_account_zone(store.unit_of_work(), people.alice.id, "America/New_York")
    _link(store, people.tan, people.alice, tuple(ShareKind), now=monday_utc - timedelta(days=30))
    a = _assignment(store, people.alice, per_week=2, start=date(2026, 11, 1))
    assert a.id is not None
    homework.log_practice(
        _uow(store, people.alice),
        a.id,
        Outcome.DONE,
        at=datetime(2026, 11, 16, 12, 0, tzinfo=new_york),
        now=monday_utc,
    )
    pid = _pid(people.alice)
    (row,) = caseload.caseload(store.unit_of_work(), store_uow(store), people.tan, now=monday_utc)
    assert (row.credit, row.planned) == (1, 4)
    view = linked_client.client_view(_uow(store, people.alice), people.tan, pid, now=monday_utc)
    assert [w.credit for w in view.homework] == [1]
    rating = linked_client.rate_homework(
        _uow(store, people.alice), people.tan, pid, a.id, rating=3, note=None, now=monday_utc
    )
    assert rating.week_start == date(2026, 11, 23)  # the client's week, Monday to Sunday
