-- midweek schema version 1: a person, their data key, and their between-session data.
--
-- Written once for SQLite and PostgreSQL. The migration runner replaces these
-- placeholders per dialect before running the statements one by one:
--   {pk}         INTEGER PRIMARY KEY AUTOINCREMENT  |  BIGSERIAL PRIMARY KEY
--   {blob}       BLOB                               |  BYTEA
--   {timestamp}  TEXT ('YYYY-MM-DD HH:MM:SS.ffffff', UTC)  |  TIMESTAMP (UTC)
--   {date}       TEXT ('YYYY-MM-DD')                |  DATE
--   {bool}       INTEGER (0/1)                      |  BOOLEAN
-- Statements end with ';' at the end of a line; no ';' inside statements.
-- Free text columns are {blob}: 0x01 || nonce || AES-256-GCM ciphertext (see crypto.py).

CREATE TABLE person (
    id {pk},
    uid TEXT NOT NULL UNIQUE,
    wrapped_key {blob} NOT NULL,
    created_at {timestamp} NOT NULL
);

CREATE TABLE therapy_session (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    session_date {date} NOT NULL,
    takeaways {blob} NOT NULL,
    themes {blob} NOT NULL,
    next_appointment {timestamp},
    created_at {timestamp}
);
CREATE INDEX therapy_session_person_date ON therapy_session (person_id, session_date, id);

CREATE TABLE goal (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    text {blob} NOT NULL,
    value {blob},
    importance INTEGER NOT NULL,
    confidence INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at {timestamp},
    updated_at {timestamp}
);
CREATE INDEX goal_person_status ON goal (person_id, status);

CREATE TABLE assignment (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    title {blob} NOT NULL,
    per_week INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    start_date {date} NOT NULL,
    end_date {date},
    instructions {blob},
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    goal_id BIGINT REFERENCES goal (id),
    session_id BIGINT REFERENCES therapy_session (id),
    worksheet TEXT,
    ended_at {timestamp},
    created_at {timestamp}
);
CREATE INDEX assignment_person_start ON assignment (person_id, start_date);
CREATE INDEX assignment_person_kind ON assignment (person_id, kind);
CREATE INDEX assignment_goal ON assignment (goal_id);
CREATE INDEX assignment_session ON assignment (session_id);

CREATE TABLE practice_log (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    assignment_id BIGINT REFERENCES assignment (id),
    at {timestamp} NOT NULL,
    outcome TEXT NOT NULL,
    minutes INTEGER,
    quality INTEGER,
    note {blob},
    answers {blob},
    worksheet TEXT,
    created_at {timestamp}
);
CREATE INDEX practice_log_assignment_at ON practice_log (assignment_id, at);
CREATE INDEX practice_log_person_at ON practice_log (person_id, at, id);

CREATE TABLE journal_entry (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    text {blob} NOT NULL,
    written_at {timestamp} NOT NULL,
    prompt {blob},
    tags {blob} NOT NULL,
    mood INTEGER,
    bring {bool} NOT NULL,
    visibility TEXT NOT NULL
);
CREATE INDEX journal_entry_person_written ON journal_entry (person_id, written_at, id);

CREATE TABLE barrier (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    at {timestamp} NOT NULL,
    assignment_id BIGINT REFERENCES assignment (id),
    practice_id BIGINT REFERENCES practice_log (id),
    note {blob},
    next_step {blob}
);
CREATE INDEX barrier_person_at ON barrier (person_id, at, id);
CREATE INDEX barrier_assignment ON barrier (assignment_id, at);
CREATE INDEX barrier_practice ON barrier (practice_id);

CREATE TABLE question (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    text {blob} NOT NULL,
    created_at {timestamp} NOT NULL,
    status TEXT NOT NULL,
    discussed_at {timestamp}
);
CREATE INDEX question_person_status ON question (person_id, status, created_at);

CREATE TABLE checkin (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    at {timestamp} NOT NULL,
    mood INTEGER,
    answers TEXT,
    total INTEGER,
    note {blob}
);
CREATE INDEX checkin_person_kind_at ON checkin (person_id, kind, at);
CREATE INDEX checkin_person_at ON checkin (person_id, at, id);

CREATE TABLE safety_flag (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    at {timestamp} NOT NULL,
    ref_id BIGINT,
    detail {blob}
);
CREATE INDEX safety_flag_person_at ON safety_flag (person_id, at, id);
