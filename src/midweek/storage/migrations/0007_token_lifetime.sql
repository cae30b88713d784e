-- midweek schema version 7: personal access tokens get a lifetime and a sealed name.
--
-- Placeholders as in 0001_initial.sql.
--   expires_at   chosen when the token is made; a token is refused from then on. Tokens
--                made before this version have none: they count as expiring 90 days after
--                they were made (the default lifetime), never as "forever".
--   name_sealed  the token's name, AES-256-GCM under a key derived from the key file
--                (what a person calls a token can say who they are or what they use it for).
--                The old plain-text ``name`` column is kept empty; the names of tokens made
--                before this version cannot be sealed in SQL, so they are cleared here and
--                shown as an unnamed token.
-- (Version 6 is another change; each file is applied once, in the order listed.)

ALTER TABLE api_token ADD COLUMN expires_at {timestamp};
ALTER TABLE api_token ADD COLUMN name_sealed {blob};
UPDATE api_token SET name = '';
