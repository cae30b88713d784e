-- midweek schema version 11: the trash, where a deleted record waits a short time for "Undo".
--
-- Placeholders as in 0001_initial.sql. A row holds one deleted record: its kind and id (kept
-- on undo), when it was deleted, and the payload: the record's row exactly as it was stored
-- (its free text still the same ciphertext) plus the links to it that were cleared, as
-- JSON encrypted and bound to the trash row ({blob}). Rows older than a day are purged.
-- The trash is not part of a backup: restoring one empties it.

CREATE TABLE trash (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    item_id BIGINT NOT NULL,
    deleted_at {timestamp} NOT NULL,
    payload {blob} NOT NULL
);
CREATE INDEX trash_person_deleted ON trash (person_id, deleted_at, id);
CREATE INDEX trash_deleted ON trash (deleted_at);
