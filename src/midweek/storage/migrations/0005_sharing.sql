-- midweek schema version 5: the web app's drafts, therapist links, sharing, sent reports,
-- therapist ratings and personal access tokens.
--
-- Placeholders as in 0001_initial.sql.
-- A person's data (encrypted where a person wrote it, part of their backup):
--   draft            one autosaved, unfinished text per kind (e.g. a journal entry)
--   shared_report    a prep report exactly as the person reviewed and sent it
--   homework_rating  a therapist's own rating of how a homework week went
-- The server's tables (no free text, never in a person's backup):
--   care_link        a therapist and a client: invited (one-time code, stored hashed),
--                    active, declined or ended
--   share            what a client shows their therapist: a whole kind (item_id NULL)
--                    or one item; revoking sets revoked_at
--   api_token        personal access tokens, stored as SHA-256 (hex), revocable

CREATE TABLE draft (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    body {blob} NOT NULL,
    updated_at {timestamp} NOT NULL,
    UNIQUE (person_id, kind)
);

CREATE TABLE shared_report (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    sent_at {timestamp} NOT NULL,
    markdown {blob} NOT NULL,
    html {blob} NOT NULL,
    left_out {blob} NOT NULL,
    revoked_at {timestamp}
);
CREATE INDEX shared_report_person ON shared_report (person_id, sent_at);

CREATE TABLE homework_rating (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    assignment_id BIGINT NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
    week_start {date} NOT NULL,
    rating INTEGER NOT NULL,
    note {blob},
    rated_by BIGINT,
    rated_at {timestamp} NOT NULL
);
CREATE INDEX homework_rating_assignment ON homework_rating (person_id, assignment_id);

CREATE TABLE care_link (
    id {pk},
    therapist_account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    client_person_id BIGINT REFERENCES person (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    created_at {timestamp} NOT NULL,
    expires_at {timestamp} NOT NULL,
    responded_at {timestamp},
    ended_at {timestamp}
);
CREATE INDEX care_link_therapist ON care_link (therapist_account_id, status);
CREATE INDEX care_link_client ON care_link (client_person_id, status);

CREATE TABLE share (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    item_id BIGINT,
    created_at {timestamp} NOT NULL,
    revoked_at {timestamp}
);
CREATE INDEX share_person ON share (person_id, revoked_at);

CREATE TABLE api_token (
    id {pk},
    account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at {timestamp} NOT NULL,
    last_used_at {timestamp},
    revoked_at {timestamp}
);
CREATE INDEX api_token_account ON api_token (account_id);
