-- The events of every campaign at positions in (:after, :upTo], lowest first (one campaign's: readAfterOfCampaign).
SELECT a.seq, a.id, a.campaign_id, c.campaign_name, a.event_type, a.event_data::text AS event_data,
       a.audience_segment, a.channel, a.device_type, a.created_at, a.received_at
FROM campaign_analytics a
JOIN marketing_campaigns c ON c.id = a.campaign_id
WHERE a.seq > :after AND a.seq <= :upTo
ORDER BY a.seq
LIMIT :limit
