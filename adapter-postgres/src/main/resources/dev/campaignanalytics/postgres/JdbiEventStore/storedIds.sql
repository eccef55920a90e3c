-- The ids of the stored events with the given (campaign_id, client_event_id) keys.
SELECT a.campaign_id, a.client_event_id, a.id
FROM campaign_analytics a
JOIN unnest(:campaignIds::uuid[], :clientEventIds::text[]) AS k(campaign_id, client_event_id)
  ON a.campaign_id = k.campaign_id AND a.client_event_id = k.client_event_id
