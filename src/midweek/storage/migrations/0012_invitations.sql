-- midweek schema version 12: invitations for new people, labels, display names.
--
-- Placeholders as in 0001_initial.sql. Server tables (never in a person's backup); both
-- hold a few words a person typed, so both are sealed: AES-256-GCM under a key derived from
-- the key file, bound to the row they belong to.
--   display_name   the name a person is shown by (caseload, sharing pages) instead of their
--                  username; no row: the username is shown
--   invite_label   what a therapist calls a pending code ("for J., Tuesday group"); removed
--                  when the code is used, declined or revoked
-- (Versions 8 and 9 are other changes; each file is applied once, in the order listed.)

CREATE TABLE display_name (
    account_id BIGINT PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    name_sealed {blob} NOT NULL,
    updated_at {timestamp} NOT NULL
);

CREATE TABLE invite_label (
    link_id BIGINT PRIMARY KEY REFERENCES care_link (id) ON DELETE CASCADE,
    label_sealed {blob} NOT NULL
);
