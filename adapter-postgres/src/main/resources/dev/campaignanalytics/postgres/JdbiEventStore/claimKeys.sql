-- Claims idempotency keys for new events. A key already claimed, also by a concurrent transaction that commits
-- first, is skipped; RETURNING names the events whose claim won. Keys go in sorted, so that concurrent batches
-- sharing keys wait for each other in one order and never deadlock.
INSERT INTO campaign_event_keys (campaign_id, client_event_id, event_id)
SELECT k.campaign_id, k.client_event_id, k.event_id
FROM unnest(:campaignIds::uuid[], :clientEventIds::text[], :eventIds::uuid[]) AS k(campaign_id, client_event_id, event_id)
ORDER BY k.campaign_id, k.client_event_id
ON CONFLICT (campaign_id, client_event_id) DO NOTHING
RETURNING event_id
