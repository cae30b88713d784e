-- midweek schema version 9: one tap is one write (idempotency keys).
--
-- Placeholders as in 0001_initial.sql. A server table: it belongs to no person and is never
-- part of a person's backup. Every write from the web carries a key (a hidden form field or
-- an Idempotency-Key header); the first request with a key claims a row here, and a repeat
-- of the key by the same account is answered with the first answer instead of writing again.
--   account_id    whose key it is: keys are per account, one person's never replays another's
--   idem_key      the key as sent (random, chosen by the page or the program; no content)
--   request_hash  HMAC-SHA256 under the server's secret of what was sent: never the text
--   claim         a random value naming the request that claimed the key (first one wins)
--   status        the first answer's HTTP status, once it is known
--   response      the first answer (location, headers, body), AES-256-GCM under a key
--                 derived from the key file, bound to the account and key
-- Rows are removed 24 hours after they were made.
-- (Version 8 is another change; each file is applied once, in the order listed.)

CREATE TABLE idempotency_key (
    id {pk},
    account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    claim TEXT NOT NULL,
    created_at {timestamp} NOT NULL,
    completed_at {timestamp},
    status INTEGER,
    response {blob},
    UNIQUE (account_id, idem_key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
