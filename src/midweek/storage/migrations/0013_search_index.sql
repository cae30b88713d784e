-- midweek schema version 13: the journal's search index, a keyed blind index.
--
-- Placeholders as in 0001_initial.sql; {without_rowid} clusters the SQLite table on its key.
-- A row says "journal entry entry_id, written at written_at (microseconds since 1970, UTC,
-- as in journal_entry), holds a word that is, or begins with, the term whose digest this
-- is": the first 32 bits of HMAC-SHA256 under a key derived from the person's data key
-- (storage/crypto.py), so nothing here is readable, or testable against a word list,
-- without that key. The key's order gives each term's entries newest first. The index is
-- derived from the entries: never backed up, rebuilt on restore. search_backlog lists the
-- people whose existing entries are still to be indexed; the upgrade to this version
-- indexes them in its transaction (storage/search_index.py) and clears it.

CREATE TABLE search_term (
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    digest BIGINT NOT NULL,
    written_at BIGINT NOT NULL,
    entry_id BIGINT NOT NULL,
    PRIMARY KEY (person_id, digest, written_at, entry_id)
) {without_rowid};

CREATE TABLE search_backlog (
    person_id BIGINT NOT NULL PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE
);
INSERT INTO search_backlog (person_id) SELECT DISTINCT person_id FROM journal_entry;
