-- midweek schema version 10: a time zone per account.
--
-- Placeholders as in 0001_initial.sql.
--   time_zone  the IANA name the person chose (Settings, the API) or that their browser
--              reported at sign-in (e.g. "Europe/London"); NULL until then, when the
--              server's own zone is used. Every "today", practice week, plan window and
--              calendar time for the person is reckoned in it.

ALTER TABLE account ADD COLUMN time_zone TEXT;
