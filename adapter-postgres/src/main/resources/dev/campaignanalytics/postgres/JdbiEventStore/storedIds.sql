-- The ids of the events stored earlier under the given (campaign_id, client_event_id) keys.
SELECT k.campaign_id, k.client_event_id, k.event_id AS id
FROM campaign_event_keys k
JOIN unnest(:campaignIds::uuid[], :clientEventIds::text[]) AS q(campaign_id, client_event_id)
  ON k.campaign_id = q.campaign_id AND k.client_event_id = q.client_event_id
