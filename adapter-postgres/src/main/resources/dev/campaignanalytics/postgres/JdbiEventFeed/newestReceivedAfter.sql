-- The newest events, newest first. <receivedAfter> optionally keeps only those received strictly after an instant,
-- <campaign> only those of one campaign.
SELECT a.seq, a.id, a.campaign_id, c.campaign_name, a.event_type, a.event_data::text AS event_data,
       a.audience_segment, a.channel, a.device_type, a.created_at, a.received_at
FROM campaign_analytics a
JOIN marketing_campaigns c ON c.id = a.campaign_id
WHERE true <receivedAfter> <campaign>
ORDER BY a.received_at DESC, a.seq DESC
LIMIT :limit
