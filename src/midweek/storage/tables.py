"""The tables as peewee models, used to build queries (the migrations create the tables).

Import this module only after :func:`midweek.storage.dialect.import_peewee` has run:
importing peewee directly would pull in the PostgreSQL driver (slow CLI start-up).

Every field carries a ``kind`` that says how the repositories convert its values:
``secret``/``secret_json`` are encrypted text, ``ts`` a UTC timestamp (fixed-width text on
SQLite, ``TIMESTAMP`` on PostgreSQL), ``date`` a day (ISO text / ``DATE``), ``bool``,
``int``, ``text``, ``enum`` (the value of a ``StrEnum``), ``json`` (plaintext JSON of
numbers) and ``bytes`` (the wrapped key). A test checks the migrated schema against these
models on both databases, so they cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from midweek.domain import entities as e
from midweek.storage.dialect import SQLITE, import_peewee

# Normally open_store has imported peewee already and this just returns it; imported on
# its own, this module still never makes peewee pull in the PostgreSQL driver.
pw: Any = import_peewee(SQLITE)


class _Column(pw.Field):
    """A column whose values the repositories convert (the conversion depends on the dialect)."""

    kind = "text"
    field_type = "TEXT"

    def db_value(self, value: Any) -> Any:
        return value

    def python_value(self, value: Any) -> Any:
        return value


class Int(_Column):
    kind = "int"
    field_type = "INT"


class Ref(Int):
    """The id of a row in ``to`` (a foreign key in the migrations)."""

    def __init__(self, to: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.to = to


class Text(_Column):
    kind = "text"


class Bytes(_Column):
    kind = "bytes"
    field_type = "BLOB"


class Secret(_Column):
    """Free text a person wrote, stored encrypted and bound to its row and column."""

    kind = "secret"
    field_type = "BLOB"


class SecretJSON(Secret):
    """A list or mapping of free text, stored as encrypted JSON."""

    kind = "secret_json"


class ContactsJSON(SecretJSON):
    """A list of ``PlanContact`` (name, phone), stored as encrypted JSON objects."""

    @staticmethod
    def to_plain(value: Any) -> Any:
        return [{"name": c.name, "phone": c.phone} for c in value]

    @staticmethod
    def from_plain(value: Any) -> Any:
        return [e.PlanContact(name=c["name"], phone=c.get("phone")) for c in value]


class Timestamp(_Column):
    kind = "ts"
    field_type = "TIMESTAMP"


class Day(_Column):
    kind = "date"
    field_type = "DATE"


class Flag(_Column):
    kind = "bool"
    field_type = "BOOL"


class PlainJSON(_Column):
    """JSON of numbers only (e.g. PHQ-9 answers), kept plaintext for reports."""

    kind = "json"


class Choice(_Column):
    kind = "enum"

    def __init__(self, enum: type[StrEnum], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.enum = enum


class Base(pw.Model):
    id = pw.AutoField()

    class Meta:
        database = None
        legacy_table_names = False


class SchemaVersion(pw.Model):
    version = pw.IntegerField(primary_key=True)
    applied_at = Timestamp()

    class Meta:
        database = None
        table_name = "schema_version"


class Person(Base):
    uid = Text(unique=True)
    wrapped_key = Bytes()
    created_at = Timestamp()

    class Meta:
        table_name = "person"


class _Owned(Base):
    """A person's data: every row belongs to one person and has a uid for its ciphertext."""

    person_id = Ref("person")
    uid = Text(unique=True)


class SessionRow(_Owned):
    date = Day(column_name="session_date")
    takeaways = SecretJSON()
    themes = SecretJSON()
    next_appointment = Timestamp(null=True)
    created_at = Timestamp(null=True)

    class Meta:
        table_name = "therapy_session"


class GoalRow(_Owned):
    text = Secret()
    value = Secret(null=True)
    importance = Int()
    confidence = Int()
    status = Choice(e.GoalStatus)
    created_at = Timestamp(null=True)
    updated_at = Timestamp(null=True)

    class Meta:
        table_name = "goal"


class AssignmentRow(_Owned):
    title = Secret()
    per_week = Int()
    minutes = Int()
    start = Day(column_name="start_date")
    end = Day(column_name="end_date", null=True)
    instructions = Secret(null=True)
    kind = Choice(e.HomeworkKind)
    source = Choice(e.Source)
    goal_id = Ref("goal", null=True)
    session_id = Ref("therapy_session", null=True)
    worksheet = Text(null=True)
    ended_at = Timestamp(null=True)
    created_at = Timestamp(null=True)

    class Meta:
        table_name = "assignment"


class PracticeRow(_Owned):
    assignment_id = Ref("assignment", null=True)
    at = Timestamp()
    outcome = Choice(e.Outcome)
    minutes = Int(null=True)
    quality = Int(null=True)
    note = Secret(null=True)
    answers = SecretJSON(null=True)
    worksheet = Text(null=True)
    created_at = Timestamp(null=True)

    class Meta:
        table_name = "practice_log"


class JournalRow(_Owned):
    text = Secret()
    written_at = Timestamp()
    prompt = Secret(null=True)
    tags = SecretJSON()
    mood = Int(null=True)
    bring = Flag()
    visibility = Choice(e.Visibility)

    class Meta:
        table_name = "journal_entry"


class BarrierRow(_Owned):
    kind = Choice(e.BarrierKind)
    at = Timestamp()
    assignment_id = Ref("assignment", null=True)
    practice_id = Ref("practice_log", null=True)
    note = Secret(null=True)
    next_step = Secret(null=True)

    class Meta:
        table_name = "barrier"


class QuestionRow(_Owned):
    text = Secret()
    created_at = Timestamp()
    status = Choice(e.QuestionStatus)
    discussed_at = Timestamp(null=True)

    class Meta:
        table_name = "question"


class CheckinRow(_Owned):
    kind = Choice(e.CheckinKind)
    at = Timestamp()
    mood = Int(null=True)
    answers = PlainJSON(null=True)
    total = Int(null=True)
    note = Secret(null=True)

    class Meta:
        table_name = "checkin"


class FlagRow(_Owned):
    source = Choice(e.FlagSource)
    at = Timestamp()
    ref_id = Int(null=True)
    detail = Secret(null=True)

    class Meta:
        table_name = "safety_flag"


class PlanWindowRow(_Owned):
    weekday = Int()
    start_minute = Int()
    end_minute = Int()
    created_at = Timestamp(null=True)

    class Meta:
        table_name = "plan_window"


class SafetyPlanRow(_Owned):
    warning_signs = SecretJSON()
    coping = SecretJSON()
    distractions = SecretJSON()
    people = ContactsJSON()
    professionals = ContactsJSON()
    safer = SecretJSON()
    reasons = SecretJSON()
    shared = Flag()
    updated_at = Timestamp(null=True)

    class Meta:
        table_name = "safety_plan"


class PreferenceRow(_Owned):
    name = Text()
    value = Text()
    updated_at = Timestamp(null=True)

    class Meta:
        table_name = "preference"


class DraftRow(_Owned):
    kind = Text()
    body = Secret()
    updated_at = Timestamp()

    class Meta:
        table_name = "draft"


class SharedReportRow(_Owned):
    sent_at = Timestamp()
    markdown = Secret()
    html = Secret()
    left_out = SecretJSON()
    revoked_at = Timestamp(null=True)

    class Meta:
        table_name = "shared_report"


class HomeworkRatingRow(_Owned):
    assignment_id = Ref("assignment")
    week_start = Day()
    rating = Int()
    rated_at = Timestamp()
    note = Secret(null=True)
    rated_by = Int(null=True)

    class Meta:
        table_name = "homework_rating"


class ImportMarkRow(_Owned):
    """One item brought in from another app: its keyed fingerprint (schema 14)."""

    fingerprint = Text()
    kind = Text()
    item_id = Int(null=True)
    imported_at = Timestamp()

    class Meta:
        table_name = "import_mark"


#: The person's data tables, parents before children (insert in this order, delete reversed).
DATA_MODELS: tuple[type[_Owned], ...] = (
    SessionRow,
    GoalRow,
    AssignmentRow,
    PracticeRow,
    JournalRow,
    BarrierRow,
    QuestionRow,
    CheckinRow,
    FlagRow,
    PlanWindowRow,
    SafetyPlanRow,
    PreferenceRow,
    DraftRow,
    SharedReportRow,
    HomeworkRatingRow,
    ImportMarkRow,
)

#: The entity each data table stores.
ENTITIES: dict[type[_Owned], type[Any]] = {
    SessionRow: e.TherapySession,
    GoalRow: e.Goal,
    AssignmentRow: e.Assignment,
    PracticeRow: e.PracticeLog,
    JournalRow: e.JournalEntry,
    BarrierRow: e.Barrier,
    QuestionRow: e.Question,
    CheckinRow: e.Checkin,
    FlagRow: e.SafetyFlag,
    PlanWindowRow: e.PlanWindow,
    SafetyPlanRow: e.SafetyPlan,
    PreferenceRow: e.Preference,
    DraftRow: e.Draft,
    SharedReportRow: e.SharedReport,
    HomeworkRatingRow: e.HomeworkRating,
}

#: The schema version that added a data table (1 when absent): a backup made at an older
#: version has no such table yet, and restores with it empty.
ADDED_IN: dict[type[_Owned], int] = {
    PlanWindowRow: 2,
    SafetyPlanRow: 3,
    PreferenceRow: 3,
    DraftRow: 5,
    SharedReportRow: 5,
    HomeworkRatingRow: 5,
    ImportMarkRow: 14,
}


class TrashRow(_Owned):
    """A deleted record waiting for "Undo" (schema 11). Not a data model: never backed up,
    and restoring a backup empties it (the person row it hangs on is replaced)."""

    kind = Text()  # a domain.corrections.RecordKind value
    item_id = Int()
    deleted_at = Timestamp()
    payload = Secret()  # JSON of the stored row and the cleared links, encrypted

    class Meta:
        table_name = "trash"


class SearchTermRow(pw.Model):
    """The journal's search index (schema 13): entry ``entry_id`` holds a word that is, or
    begins with, the term whose keyed digest this is. Derived from the entries, so never
    backed up (rebuilt on restore); no foreign key to the entry, the repositories keep it."""

    person_id = Ref("person")
    digest = Int()
    written_at = Int()  # the entry's, in microseconds since 1970 (UTC): newest first by key
    entry_id = Int()

    class Meta:
        database = None
        table_name = "search_term"
        primary_key = pw.CompositeKey("person_id", "digest", "written_at", "entry_id")


class SearchBacklogRow(pw.Model):
    """A person whose journal is still to be indexed (after the upgrade to schema 13)."""

    person_id = Ref("person", primary_key=True)

    class Meta:
        database = None
        table_name = "search_backlog"


# --- the server's tables (schema 4) -----------------------------------------------------
# Accounts, web sessions, login failures and audit events belong to the server, not to a
# person: they are never part of a person's backup (dump/load leave them alone), and
# nothing in them is a person's free text, so nothing is encrypted.


class AccountRow(Base):
    username = Text(unique=True)  # normalised (NFKC, lower case): unique regardless of case
    password_hash = Text()
    role = Text()  # a domain.accounts.Role value (not imported here: CLI start-up)
    person_id = Ref("person", null=True, unique=True)
    disabled_at = Timestamp(null=True)
    password_changed_at = Timestamp()
    created_at = Timestamp()
    time_zone = Text(null=True)  # an IANA name (migration 0010); None: the server's zone

    class Meta:
        table_name = "account"


class WebSessionRow(pw.Model):
    id = Text(primary_key=True)  # SHA-256 (hex) of the token
    account_id = Ref("account")
    created_at = Timestamp()
    last_seen_at = Timestamp()
    expires_at = Timestamp()
    ended_at = Timestamp(null=True)

    class Meta:
        database = None
        table_name = "web_session"


class LoginFailureRow(Base):
    failure_key = Text()  # "account:<username>" or "address:<ip>"
    at = Timestamp()

    class Meta:
        table_name = "login_failure"


class AuditEventRow(Base):
    at = Timestamp()
    actor_account_id = Int(null=True)
    action = Text()
    subject_person_id = Int(null=True)
    detail = Text()

    class Meta:
        table_name = "audit_event"


class CareLinkRow(Base):
    therapist_account_id = Ref("account")
    client_person_id = Ref("person", null=True)
    code_hash = Text(unique=True)
    status = Text()  # a domain.sharing.LinkStatus value
    created_at = Timestamp()
    expires_at = Timestamp()
    responded_at = Timestamp(null=True)
    ended_at = Timestamp(null=True)

    class Meta:
        table_name = "care_link"


class ShareRow(Base):
    person_id = Ref("person")
    # The therapist link it was made to (schema 6; the column is nullable only because
    # SQL cannot add a NOT NULL column to rows that exist: the migration leaves none null).
    link_id = Ref("care_link", null=True)
    kind = Text()  # a domain.sharing.ShareKind value
    item_id = Int(null=True)
    created_at = Timestamp()
    revoked_at = Timestamp(null=True)

    class Meta:
        table_name = "share"


class ApiTokenRow(Base):
    account_id = Ref("account")
    token_hash = Text(unique=True)
    name = Text()  # always empty since schema 7: the name is in name_sealed
    created_at = Timestamp()
    last_used_at = Timestamp(null=True)
    revoked_at = Timestamp(null=True)
    expires_at = Timestamp(null=True)
    name_sealed = Bytes(null=True)

    class Meta:
        table_name = "api_token"


class ErasureRow(Base):
    """A person erased at their request: a SHA-256 of their uid and when (schema 8), so
    that a backup of them made before is refused. Nothing else about them is kept."""

    uid_hash = Text(unique=True)
    erased_at = Timestamp()

    class Meta:
        table_name = "erasure"


class IdempotencyRow(Base):
    account_id = Ref("account")
    idem_key = Text()
    request_hash = Text()  # an HMAC of what was sent, never the text itself
    claim = Text()
    created_at = Timestamp()
    completed_at = Timestamp(null=True)
    status = Int(null=True)
    response = Bytes(null=True)  # sealed under a key-file key

    class Meta:
        table_name = "idempotency_key"


class PushSubscriptionRow(_Owned):
    """A browser that gets the person's reminders (schema 15). Not backed up: it belongs
    to that browser; it goes with the person and when the person revokes it."""

    endpoint = Secret()
    p256dh = Secret()
    auth = Secret()
    endpoint_key = Text()  # keyed HMAC of the endpoint, to find the same browser again
    created_at = Timestamp()

    class Meta:
        table_name = "push_subscription"


class PushSentRow(_Owned):
    """A reminder sent to a subscription (schema 15), so none is sent twice."""

    subscription_id = Ref("push_subscription")
    reminder = Text()
    sent_at = Timestamp()

    class Meta:
        table_name = "push_sent"


class DisplayNameRow(pw.Model):
    account_id = Ref("account", primary_key=True)
    name_sealed = Bytes()  # sealed under a key-file key, bound to the account id
    updated_at = Timestamp()

    class Meta:
        database = None
        table_name = "display_name"


class InviteLabelRow(pw.Model):
    link_id = Ref("care_link", primary_key=True)
    label_sealed = Bytes()  # sealed under a key-file key, bound to the link id

    class Meta:
        database = None
        table_name = "invite_label"


SERVER_MODELS: tuple[Any, ...] = (
    AccountRow,
    WebSessionRow,
    LoginFailureRow,
    AuditEventRow,
    CareLinkRow,
    ShareRow,
    ApiTokenRow,
    ErasureRow,
    IdempotencyRow,
    DisplayNameRow,
    InviteLabelRow,
)

ALL_MODELS: tuple[Any, ...] = (
    SchemaVersion,
    Person,
    *DATA_MODELS,
    TrashRow,
    PushSubscriptionRow,
    PushSentRow,
    SearchTermRow,
    SearchBacklogRow,
    *SERVER_MODELS,
)
