-- midweek schema version 8: a ledger of erased people.
--
-- Placeholders as in 0001_initial.sql.
-- When a person is erased, their data key is overwritten and their rows are deleted (the
-- person row cascades to every data table, their shares and their therapist links). This
-- table keeps only a SHA-256 of the erased person's uid and when, so that a backup made
-- before the erasure is refused instead of bringing the data back. Nothing here names
-- or describes the person.

CREATE TABLE erasure (
    id {pk},
    uid_hash TEXT NOT NULL UNIQUE,
    erased_at {timestamp} NOT NULL
);
