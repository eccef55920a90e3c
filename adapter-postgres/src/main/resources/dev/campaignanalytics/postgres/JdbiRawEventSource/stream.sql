-- Every stored field of one campaign's events that happened in [from, until), in the order they happened.
-- The index on (campaign_id, created_at) yields them in that order, so the first rows come without a sort;
-- id breaks ties between events of the same instant, so that the order is total. The campaign is the one asked
-- for, so it is not read back.
SELECT id, event_type, created_at, received_at, audience_segment, channel, device_type, session_id,
       user_id, user_agent, host(ip_address) AS ip_address, referrer_url, event_data::text AS event_data,
       client_event_id
FROM campaign_analytics
WHERE campaign_id = :campaignId
  AND created_at >= :from
  AND created_at < :until
  <filter>
ORDER BY created_at, id
