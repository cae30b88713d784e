"""Repositories: entities into rows and back, free text encrypted on the way to disk.

Each repository works inside the unit of work's open transaction and never commits.
Rows are read as plain tuples (no peewee model instances) and decoded by per-column
functions built once per unit of work, so reading thousands of rows stays cheap. Every
query is scoped to the unit of work's person.

Import only after :func:`midweek.storage.dialect.import_peewee` has run (it imports
:mod:`midweek.storage.tables`, which imports peewee).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from midweek.domain.entities import (
    Assignment,
    Barrier,
    Checkin,
    CheckinKind,
    Draft,
    Goal,
    HomeworkRating,
    JournalEntry,
    Outcome,
    PlanWindow,
    PracticeLog,
    Preference,
    Question,
    QuestionStatus,
    SafetyFlag,
    SafetyPlan,
    SharedReport,
    TherapySession,
)
from midweek.domain.errors import NotFound
from midweek.services.ports import PracticeBefore
from midweek.storage import search_index
from midweek.storage import tables as t
from midweek.storage.mapping import Context, Mapper
from midweek.storage.tables import pw


class _Entity(Protocol):
    id: int | None


E = TypeVar("E", bound=_Entity)


class _Repo(Generic[E]):
    """add / get / update for every entity; subclasses add the list queries they need."""

    model: ClassVar[Any]
    #: How the entity is named in "There is no … with id N."
    what: ClassVar[str]

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._map = Mapper(self.model, ctx)

    def add(self, entity: E) -> E:
        m = self.model
        uid = uuid.uuid4().hex
        row = self._map.encode(entity, uid)
        row[m.person_id] = self._ctx.person_id
        row[m.uid] = uid
        entity.id = int(m.insert(row).execute(self._ctx.db))
        return entity

    def _rows(
        self, *where: Any, order: tuple[Any, ...] = (), limit: int | None = None
    ) -> list[tuple[Any, ...]]:
        m = self.model
        query = m.select(*self._map.columns).where(m.person_id == self._ctx.person_id, *where)
        if order:
            query = query.order_by(*order)
        if limit is not None:
            query = query.limit(max(limit, 0))
        return list(self._ctx.db.execute(query).fetchall())

    def _list(
        self, *where: Any, order: tuple[Any, ...] = (), limit: int | None = None
    ) -> list[Any]:
        decode = self._map.decode
        return [decode(r) for r in self._rows(*where, order=order, limit=limit)]

    def get(self, ident: int) -> E:
        if not isinstance(ident, int) or isinstance(ident, bool):
            raise NotFound(self.what, ident)
        found = self._list(self.model.id == ident, limit=1)
        if not found:
            raise NotFound(self.what, ident)
        found_entity: E = found[0]
        return found_entity

    def update(self, entity: E) -> E:
        m = self.model
        if entity.id is None:
            raise NotFound(self.what, entity.id)
        mine = m.person_id == self._ctx.person_id
        row = self._ctx.db.execute(m.select(m.uid).where(m.id == entity.id, mine)).fetchone()
        if row is None:
            raise NotFound(self.what, entity.id)
        m.update(self._map.encode(entity, row[0])).where(m.id == entity.id, mine).execute(
            self._ctx.db
        )
        return entity


#: Stored rows as selected (the journal repository's ``list`` method shadows the builtin).
_RowList = list[tuple[Any, ...]]
_IntList = list[int]


def _newest(m: Any, column: Any) -> tuple[Any, ...]:
    return (column.desc(), m.id.desc())


class SqlSessionRepo(_Repo[TherapySession]):
    model = t.SessionRow
    what = "session"

    def list(self, *, limit: int | None = None) -> list[TherapySession]:
        m = t.SessionRow
        return self._list(order=_newest(m, m.date), limit=limit)

    def latest(self, *, on_or_before: date | None = None) -> TherapySession | None:
        m = t.SessionRow
        where = [] if on_or_before is None else [m.date <= self._ctx.values.date_out(on_or_before)]
        found = self._list(*where, order=_newest(m, m.date), limit=1)
        return found[0] if found else None


class SqlGoalRepo(_Repo[Goal]):
    model = t.GoalRow
    what = "goal"

    def list(self) -> list[Goal]:
        return self._list(order=(t.GoalRow.id.desc(),))


class SqlAssignmentRepo(_Repo[Assignment]):
    model = t.AssignmentRow
    what = "homework"

    def list(self, *, active_on: date | None = None) -> list[Assignment]:
        """Newest first; with ``active_on``, only those running that day (``is_active``)."""
        m = t.AssignmentRow
        if active_on is None:
            return self._list(order=(m.id.desc(),))
        v = self._ctx.values
        day = v.date_out(active_on)
        # ended_at.date() (UTC) <= day means ended: still running only from the next midnight.
        next_midnight = datetime.combine(active_on + timedelta(days=1), time.min, UTC)
        found: list[Assignment] = self._list(
            m.start <= day,
            m.end.is_null() | (m.end >= day),
            m.ended_at.is_null() | (m.ended_at >= v.ts_out(next_midnight)),
            order=(m.id.desc(),),
        )
        return [a for a in found if a.is_active(active_on)]


class SqlPracticeRepo(_Repo[PracticeLog]):
    model = t.PracticeRow
    what = "practice log"

    def list(
        self,
        *,
        assignment_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[PracticeLog]:
        """Newest first; ``since`` is inclusive, ``until`` exclusive."""
        m = t.PracticeRow
        ts = self._ctx.values.ts_out
        where = []
        if assignment_id is not None:
            where.append(m.assignment_id == assignment_id)
        if since is not None:
            where.append(m.at >= ts(since))
        if until is not None:
            where.append(m.at < ts(until))
        return self._list(*where, order=_newest(m, m.at), limit=limit)

    def before(self, assignment_ids: Sequence[int], moment: datetime) -> dict[int, PracticeBefore]:
        """One aggregate over plaintext columns: no row is decrypted, however long the past."""
        if not assignment_ids:
            return {}
        m = t.PracticeRow
        values = self._ctx.values
        query = (
            m.select(m.assignment_id, pw.fn.MIN(m.at), pw.fn.MAX(m.quality))
            .where(
                m.person_id == self._ctx.person_id,
                m.assignment_id.in_(list(assignment_ids)),
                m.at < values.ts_out(moment),
                m.outcome.in_([Outcome.DONE.value, Outcome.PARTIAL.value]),
            )
            .group_by(m.assignment_id)
        )
        return {
            int(ident): PracticeBefore(
                first_practised=None if first is None else values.ts_in(first),
                best_quality=None if best is None else int(best),
            )
            for ident, first, best in self._ctx.db.execute(query).fetchall()
        }


class SqlJournalRepo(_Repo[JournalEntry]):
    """Journal entries, and the search index beside them (:mod:`.search_index`): every
    write here keeps the entry's keyed digests right."""

    model = t.JournalRow
    what = "journal entry"

    #: Rows fetched per query by iter_newest_first (and entries per page of a search):
    #: small first (a search often stops early), then larger.
    CHUNKS: ClassVar[tuple[int, ...]] = (32, 128, 512, 2048)

    #: Terms are counted up to this many entries to pick the rarest one to walk.
    COUNT_CAP: ClassVar[int] = 4096

    def add(self, entity: JournalEntry) -> JournalEntry:
        super().add(entity)
        assert entity.id is not None
        ctx = self._ctx
        found = search_index.digests(ctx.cipher, entity.text, entity.tags, entity.prompt)
        at = search_index.micros(entity.written_at)
        search_index.add(ctx.db, ctx.person_id, entity.id, at, found)
        return entity

    def update(self, entity: JournalEntry) -> JournalEntry:
        ctx = self._ctx
        row = None
        if isinstance(entity.id, int) and not isinstance(entity.id, bool):
            row = search_index.stored_row(ctx.db, ctx.person_id, entity.id)
        super().update(entity)
        assert entity.id is not None
        at = search_index.micros(entity.written_at)
        old_at = at if row is None else search_index.stored_micros(row[5])
        old = set() if row is None else search_index.entry_digests(ctx.cipher, row)
        new = search_index.digests(ctx.cipher, entity.text, entity.tags, entity.prompt)
        if at != old_at:  # every row's key changes with the moment
            search_index.remove(ctx.db, ctx.person_id, entity.id, old_at, old)
            search_index.add(ctx.db, ctx.person_id, entity.id, at, new)
        else:
            search_index.remove(ctx.db, ctx.person_id, entity.id, at, old - new)
            search_index.add(ctx.db, ctx.person_id, entity.id, at, new - old)
        return entity

    def matching(self, terms: Sequence[str]) -> Iterator[JournalEntry] | None:
        """Newest first, the entries whose index holds every one of ``terms`` (candidates:
        the caller confirms on the text); None when the index cannot narrow the search
        (no terms, or the journal is not indexed yet)."""
        ctx = self._ctx
        if not terms or search_index.is_pending(ctx.db, ctx.person_id):
            return None
        blind = ctx.cipher.blind
        wanted = sorted({blind(term) for term in terms})
        counts = {
            d: search_index.count_upto(ctx.db, ctx.person_id, d, self.COUNT_CAP) for d in wanted
        }
        if min(counts.values()) == 0:
            return iter(())  # some word is in no entry
        return self._walk(sorted(wanted, key=lambda d: counts[d]))

    def _walk(self, ordered: _IntList) -> Iterator[JournalEntry]:
        """Walk the rarest term's entries newest first (the index's own order), keep those
        holding the other terms too, and decrypt only those, page by page."""
        m = t.JournalRow
        db, me = self._ctx.db, self._ctx.person_id
        decode = self._map.decode
        lead, rest = ordered[0], ordered[1:]
        before: tuple[int, int] | None = None
        for size in self._chunk_sizes():
            page = search_index.postings(db, me, lead, before=before, limit=size)
            keep = page
            for d in rest:
                if not keep:
                    break
                both = search_index.having(db, me, d, keep)
                keep = [p for p in keep if p in both]
            if keep:
                ids = [i for _, i in keep]
                # By id alone, the owner checked here: given "person_id = ? AND id IN (…)",
                # SQLite walks the person's whole (person, written_at) index instead.
                query = m.select(*self._map.columns, m.person_id).where(m.id.in_(ids))
                rows = {r[0]: r[:-1] for r in db.execute(query).fetchall() if r[-1] == me}
                for ident in ids:
                    if ident in rows:
                        yield decode(rows[ident])
            if len(page) < size:
                return
            before = page[-1]

    def shared(self, ids: Sequence[int], *, limit: int | None = None) -> list[JournalEntry]:
        """The entries with one of ``ids`` (shared with a therapist); newest first. The
        "shared" mark an entry carries from when it was written is not a share."""
        if not ids:
            return []
        m = t.JournalRow
        return self._list(m.id.in_(list(ids)), order=_newest(m, m.written_at), limit=limit)

    def list(
        self, *, since: datetime | None = None, limit: int | None = None
    ) -> list[JournalEntry]:
        m = t.JournalRow
        where = [] if since is None else [m.written_at >= self._ctx.values.ts_out(since)]
        return self._list(*where, order=_newest(m, m.written_at), limit=limit)

    def iter_newest_first(self, *, since: datetime | None = None) -> Iterator[JournalEntry]:
        """Decrypt lazily, newest first, fetching rows in growing chunks (keyset paging)."""
        decode = self._map.decode
        for rows in self._pages(since=since):
            for row in rows:
                yield decode(row)

    def _pages(self, *, since: datetime | None = None) -> Iterator[_RowList]:
        """The stored rows newest first, in growing chunks (keyset paging), undecoded."""
        m = t.JournalRow
        where = [] if since is None else [m.written_at >= self._ctx.values.ts_out(since)]
        at = self._map.index(m.written_at)
        order = _newest(m, m.written_at)
        after: tuple[Any, Any] | None = None
        for size in self._chunk_sizes():
            page = list(where)
            if after is not None:
                w, ident = after
                page.append((m.written_at < w) | ((m.written_at == w) & (m.id < ident)))
            rows = self._rows(*page, order=order, limit=size)
            if rows:
                yield rows
            if len(rows) < size:
                return
            after = (rows[-1][at], rows[-1][0])

    def _chunk_sizes(self) -> Iterator[int]:
        yield from self.CHUNKS
        while True:
            yield self.CHUNKS[-1]

    def count(self) -> int:
        m = t.JournalRow
        query = m.select(pw.fn.COUNT(m.id)).where(m.person_id == self._ctx.person_id)
        return int(self._ctx.db.execute(query).fetchone()[0])


class SqlBarrierRepo(_Repo[Barrier]):
    model = t.BarrierRow
    what = "barrier"

    def list(
        self, *, assignment_id: int | None = None, since: datetime | None = None
    ) -> list[Barrier]:
        m = t.BarrierRow
        where = []
        if assignment_id is not None:
            where.append(m.assignment_id == assignment_id)
        if since is not None:
            where.append(m.at >= self._ctx.values.ts_out(since))
        return self._list(*where, order=_newest(m, m.at))


class SqlQuestionRepo(_Repo[Question]):
    model = t.QuestionRow
    what = "question"

    def list(self, *, status: QuestionStatus | None = None) -> list[Question]:
        m = t.QuestionRow
        where = [] if status is None else [m.status == QuestionStatus(status).value]
        return self._list(*where, order=_newest(m, m.created_at))


class SqlCheckinRepo(_Repo[Checkin]):
    model = t.CheckinRow
    what = "check-in"

    def list(
        self,
        *,
        kind: CheckinKind | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[Checkin]:
        m = t.CheckinRow
        where = []
        if kind is not None:
            where.append(m.kind == CheckinKind(kind).value)
        if since is not None:
            where.append(m.at >= self._ctx.values.ts_out(since))
        return self._list(*where, order=_newest(m, m.at), limit=limit)


class SqlFlagRepo(_Repo[SafetyFlag]):
    model = t.FlagRow
    what = "safety flag"

    def list(self, *, since: datetime | None = None) -> list[SafetyFlag]:
        m = t.FlagRow
        where = [] if since is None else [m.at >= self._ctx.values.ts_out(since)]
        return self._list(*where, order=_newest(m, m.at))


class SqlWindowRepo(_Repo[PlanWindow]):
    model = t.PlanWindowRow
    what = "time window"

    def list(self) -> list[PlanWindow]:
        """By weekday and start time (the order a week is read in)."""
        m = t.PlanWindowRow
        return self._list(order=(m.weekday, m.start_minute, m.id))

    def remove(self, ident: int) -> None:
        m = t.PlanWindowRow
        if not isinstance(ident, int) or isinstance(ident, bool):
            raise NotFound(self.what, ident)
        gone = (
            m.delete()
            .where(m.id == ident, m.person_id == self._ctx.person_id)
            .execute(self._ctx.db)
        )
        if not gone:
            raise NotFound(self.what, ident)


class SqlSafetyPlanRepo(_Repo[SafetyPlan]):
    """The person's one safety plan (a unique index keeps it to one)."""

    model = t.SafetyPlanRow
    what = "safety plan"

    def list(self) -> list[SafetyPlan]:
        return self._list(order=(t.SafetyPlanRow.id,))

    def current(self) -> SafetyPlan | None:
        found = self._list(limit=1)
        return found[0] if found else None

    def save(self, plan: SafetyPlan) -> SafetyPlan:
        """Insert the plan, or replace the stored one (keeping its row)."""
        existing = self.current()
        if existing is None:
            plan.id = None
            return self.add(plan)
        plan.id = existing.id
        return self.update(plan)


class SqlPreferenceRepo(_Repo[Preference]):
    model = t.PreferenceRow
    what = "preference"

    def list(self) -> list[Preference]:
        return self._list(order=(t.PreferenceRow.name,))

    def value(self, name: str) -> str | None:
        found = self._list(t.PreferenceRow.name == name, limit=1)
        return found[0].value if found else None

    def put(self, name: str, value: str, *, now: datetime) -> Preference:
        """Set one preference, replacing an earlier value."""
        found = self._list(t.PreferenceRow.name == name, limit=1)
        if found:
            pref: Preference = found[0]
            pref.value, pref.updated_at = value, now
            return self.update(pref)
        return self.add(Preference(name=name, value=value, updated_at=now))

    def remove(self, name: str) -> None:
        m = t.PreferenceRow
        m.delete().where(m.person_id == self._ctx.person_id, m.name == name).execute(self._ctx.db)


class SqlDraftRepo(_Repo[Draft]):
    """At most one draft per kind (a unique index keeps it so)."""

    model = t.DraftRow
    what = "draft"

    def list(self) -> list[Draft]:
        return self._list(order=(t.DraftRow.kind,))

    def get_kind(self, kind: str) -> Draft | None:
        found = self._list(t.DraftRow.kind == kind, limit=1)
        return found[0] if found else None

    def put(self, kind: str, body: str, *, now: datetime) -> Draft:
        existing = self.get_kind(kind)
        if existing is None:
            return self.add(Draft(kind=kind, body=body, updated_at=now))
        existing.body, existing.updated_at = body, now
        return self.update(existing)

    def remove(self, kind: str) -> None:
        m = t.DraftRow
        m.delete().where(m.person_id == self._ctx.person_id, m.kind == kind).execute(self._ctx.db)


class SqlSharedReportRepo(_Repo[SharedReport]):
    model = t.SharedReportRow
    what = "report"

    def list(self) -> list[SharedReport]:
        """Newest first."""
        m = t.SharedReportRow
        return self._list(order=_newest(m, m.sent_at))


class SqlHomeworkRatingRepo(_Repo[HomeworkRating]):
    model = t.HomeworkRatingRow
    what = "rating"

    def list(self, *, assignment_id: int | None = None) -> list[HomeworkRating]:
        """Newest week first."""
        m = t.HomeworkRatingRow
        where = () if assignment_id is None else (m.assignment_id == assignment_id,)
        return self._list(*where, order=_newest(m, m.week_start))
