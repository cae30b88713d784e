-- midweek schema version 3: the person's safety plan, and their preferences (e.g. country).
--
-- Placeholders as in 0001_initial.sql. One safety plan per person: every section is a list
-- the person wrote, stored as encrypted JSON ({blob}) bound to its row and column. A
-- preference is a small plain-text setting chosen in midweek (like the country for the
-- crisis contacts); it holds no free text, so it is not encrypted.

CREATE TABLE safety_plan (
    id {pk},
    person_id BIGINT NOT NULL UNIQUE REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    warning_signs {blob} NOT NULL,
    coping {blob} NOT NULL,
    distractions {blob} NOT NULL,
    people {blob} NOT NULL,
    professionals {blob} NOT NULL,
    safer {blob} NOT NULL,
    reasons {blob} NOT NULL,
    shared {bool} NOT NULL,
    updated_at {timestamp}
);

CREATE TABLE preference (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at {timestamp},
    UNIQUE (person_id, name)
);
