-- midweek schema version 4: accounts, web sessions, login throttling and the audit log.
--
-- Placeholders as in 0001_initial.sql. These are the server's tables, not a person's data:
-- they have no person-owned uid or ciphertext and are never part of a person's backup.
-- The username is stored normalised (NFKC, lower case), so UNIQUE is case-insensitive.
-- A web session's id is the SHA-256 (hex) of its token; the token is never stored.
-- An audit event's detail is short machine text, never anything a person wrote; its ids
-- are plain numbers, not foreign keys, so the log outlives what it talks about.

CREATE TABLE account (
    id {pk},
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    person_id BIGINT UNIQUE REFERENCES person (id),
    disabled_at {timestamp},
    password_changed_at {timestamp} NOT NULL,
    created_at {timestamp} NOT NULL
);

CREATE TABLE web_session (
    id TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at {timestamp} NOT NULL,
    last_seen_at {timestamp} NOT NULL,
    expires_at {timestamp} NOT NULL,
    ended_at {timestamp}
);
CREATE INDEX web_session_account ON web_session (account_id, ended_at);

CREATE TABLE login_failure (
    id {pk},
    failure_key TEXT NOT NULL,
    at {timestamp} NOT NULL
);
CREATE INDEX login_failure_key_at ON login_failure (failure_key, at);

CREATE TABLE audit_event (
    id {pk},
    at {timestamp} NOT NULL,
    actor_account_id BIGINT,
    action TEXT NOT NULL,
    subject_person_id BIGINT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_event_at ON audit_event (at, id);
CREATE INDEX audit_event_subject ON audit_event (subject_person_id, at);
