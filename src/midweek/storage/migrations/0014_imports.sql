-- midweek schema version 14: what was imported from another journal app, so a second run
-- of the same file brings nothing in twice.
--
-- Placeholders as in 0001_initial.sql. One row per imported item (a journal entry, a
-- check-in, a filled worksheet):
--   fingerprint  HMAC-SHA256, keyed with a key derived from the person's own data key, of
--                the source format and the item's identity in that file (its id, or its
--                date and words). Hex. Without the data key it reveals nothing about the
--                text, and two people importing the same file get different fingerprints.
--   kind         journal | checkin | worksheet
--   item_id      the id of the record made (it may since have been deleted: the mark stays,
--                so a deleted import is not brought back by importing again)
-- Part of a person's backup; erased with the person.
-- (Version 13 is another change; each file is applied once, in the order listed.)

CREATE TABLE import_mark (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id BIGINT,
    imported_at {timestamp} NOT NULL
);
CREATE UNIQUE INDEX import_mark_person_fingerprint ON import_mark (person_id, fingerprint);
