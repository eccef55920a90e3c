-- Claims idempotency keys for new events. A key already claimed, also by a concurrent transaction that commits
-- first, is skipped; RETURNING names the events whose claim won. Keys go in the order given, which is the one order
-- of every writer, the same in which its COPY of keys takes them (not PostgreSQL's order of uuid and text, which
-- differs from it): so concurrent appends sharing keys, whichever way each claims them, wait for each other in one
-- order and never deadlock.
INSERT INTO campaign_event_keys (campaign_id, client_event_id, event_id)
SELECT k.campaign_id, k.client_event_id, k.event_id
FROM unnest(:campaignIds::uuid[], :clientEventIds::text[], :eventIds::uuid[])
    WITH ORDINALITY AS k(campaign_id, client_event_id, event_id, position)
ORDER BY k.position
ON CONFLICT (campaign_id, client_event_id) DO NOTHING
RETURNING event_id
