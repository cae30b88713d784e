-- midweek schema version 2: the time windows a person really has for practice (the weekly plan).
--
-- Placeholders as in 0001_initial.sql. A window is one weekday (0 = Monday) and a span of
-- minutes after midnight (a window ends by 23:59; one past midnight is two windows); it
-- holds no free text, so nothing here is encrypted.

CREATE TABLE plan_window (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL CHECK (start_minute >= 0),
    end_minute INTEGER NOT NULL CHECK (end_minute < 1440),
    created_at {timestamp},
    CHECK (start_minute < end_minute)
);
CREATE INDEX plan_window_person_day ON plan_window (person_id, weekday, start_minute);
