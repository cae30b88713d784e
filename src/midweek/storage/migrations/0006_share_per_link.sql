-- midweek schema version 6: every share belongs to one therapist link and ends with it.
--
-- Placeholders as in 0001_initial.sql; {now} is the moment the migration runs (UTC).
-- Until now a share was the client's, whoever they were linked to, so a therapist linked
-- later saw what was shared with an earlier one; and a journal entry or safety plan marked
-- "shared" was visible to every linked therapist. From here on only a share row lets a
-- therapist read, and it names its link.
--
-- Moving the old shares: a client who has only ever accepted one link made every share
-- under it, so the shares (and the journal entries and safety plan marked shared, and the
-- prep reports sent) move
-- onto that link, and end when it ended. For a client with several links, or none, the
-- link cannot be known: those shares end, and an audit event for each tells the client on
-- their sharing page, so they can choose again per therapist.

ALTER TABLE share ADD COLUMN link_id BIGINT REFERENCES care_link (id) ON DELETE CASCADE;
CREATE INDEX share_link ON share (link_id, revoked_at);

INSERT INTO share (person_id, kind, item_id, created_at, revoked_at, link_id)
SELECT j.person_id, 'journal', j.id, j.written_at, l.ended_at, l.id
FROM journal_entry j
JOIN care_link l ON l.client_person_id = j.person_id AND l.status IN ('active', 'ended')
WHERE j.visibility = 'shared'
  AND (SELECT count(*) FROM care_link c
       WHERE c.client_person_id = j.person_id AND c.status IN ('active', 'ended')) = 1
  AND NOT EXISTS (SELECT 1 FROM share s
                  WHERE s.person_id = j.person_id AND s.kind = 'journal'
                    AND s.item_id = j.id AND s.revoked_at IS NULL);

INSERT INTO share (person_id, kind, item_id, created_at, revoked_at, link_id)
SELECT p.person_id, 'safety-plan', NULL, coalesce(p.updated_at, l.responded_at, l.created_at),
       l.ended_at, l.id
FROM safety_plan p
JOIN care_link l ON l.client_person_id = p.person_id AND l.status IN ('active', 'ended')
WHERE p.shared = TRUE
  AND (SELECT count(*) FROM care_link c
       WHERE c.client_person_id = p.person_id AND c.status IN ('active', 'ended')) = 1;

INSERT INTO share (person_id, kind, item_id, created_at, revoked_at, link_id)
SELECT r.person_id, 'report', r.id, r.sent_at, l.ended_at, l.id
FROM shared_report r
JOIN care_link l ON l.client_person_id = r.person_id AND l.status IN ('active', 'ended')
WHERE r.revoked_at IS NULL
  AND (SELECT count(*) FROM care_link c
       WHERE c.client_person_id = r.person_id AND c.status IN ('active', 'ended')) = 1;

INSERT INTO audit_event (at, actor_account_id, action, subject_person_id, detail)
SELECT {now}, NULL, 'share.ended-at-upgrade', r.person_id, 'report=' || CAST(r.id AS TEXT)
FROM shared_report r
WHERE r.revoked_at IS NULL
  AND (SELECT count(*) FROM care_link c
       WHERE c.client_person_id = r.person_id AND c.status IN ('active', 'ended')) <> 1;

UPDATE shared_report SET revoked_at = {now}
WHERE revoked_at IS NULL
  AND (SELECT count(*) FROM care_link c
       WHERE c.client_person_id = shared_report.person_id
         AND c.status IN ('active', 'ended')) <> 1;

UPDATE share SET link_id = (
    SELECT l.id FROM care_link l
    WHERE l.client_person_id = share.person_id AND l.status IN ('active', 'ended'))
WHERE link_id IS NULL
  AND (SELECT count(*) FROM care_link c
       WHERE c.client_person_id = share.person_id AND c.status IN ('active', 'ended')) = 1;

UPDATE share SET revoked_at = (SELECT l.ended_at FROM care_link l WHERE l.id = share.link_id)
WHERE revoked_at IS NULL AND link_id IS NOT NULL
  AND (SELECT l.status FROM care_link l WHERE l.id = share.link_id) = 'ended';

INSERT INTO audit_event (at, actor_account_id, action, subject_person_id, detail)
SELECT {now}, NULL, 'share.ended-at-upgrade', person_id,
       CASE WHEN item_id IS NULL THEN 'kind=' || kind
            ELSE kind || '=' || CAST(item_id AS TEXT) END
FROM share
WHERE link_id IS NULL AND revoked_at IS NULL;

DELETE FROM share WHERE link_id IS NULL;
