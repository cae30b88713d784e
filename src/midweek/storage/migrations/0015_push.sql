-- midweek schema version 15: Web Push reminders, for the reminder times a person set.
--
-- Placeholders as in 0001_initial.sql.
-- push_subscription: one browser (an installed app) that asked to get the person's reminders.
--   endpoint, p256dh, auth  what the browser's push service gave it (the address to post to,
--                the browser's public key and its auth secret), encrypted with the person's
--                data key and bound to row and column like any free text ({blob}).
--   endpoint_key HMAC-SHA256 of the endpoint keyed with a key derived from the person's data
--                key (hex), so subscribing the same browser again finds its row without
--                decrypting every row.
-- push_sent: which reminder went to which subscription, so a second run of
--   `midweek reminders send` sends nothing twice.
--   reminder     the local start of the planned practice it reminded of ("2026-12-08T18:30")
-- Neither is part of a backup (a subscription belongs to one browser, not to the data);
-- both go with the person (erasure) and with the subscription (revoking it).

CREATE TABLE push_subscription (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    endpoint {blob} NOT NULL,
    p256dh {blob} NOT NULL,
    auth {blob} NOT NULL,
    endpoint_key TEXT NOT NULL,
    created_at {timestamp} NOT NULL
);
CREATE UNIQUE INDEX push_subscription_person_endpoint ON push_subscription (person_id, endpoint_key);

CREATE TABLE push_sent (
    id {pk},
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    subscription_id BIGINT NOT NULL REFERENCES push_subscription (id) ON DELETE CASCADE,
    reminder TEXT NOT NULL,
    sent_at {timestamp} NOT NULL
);
CREATE UNIQUE INDEX push_sent_once ON push_sent (subscription_id, reminder);
