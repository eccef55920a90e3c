-- The events at positions in (:after, :upTo], lowest first; <campaign> optionally narrows them to one campaign.
SELECT a.seq, a.id, a.campaign_id, c.campaign_name, a.event_type, a.event_data::text AS event_data,
       a.audience_segment, a.channel, a.device_type, a.created_at, a.received_at
FROM campaign_analytics a
JOIN marketing_campaigns c ON c.id = a.campaign_id
WHERE a.seq > :after AND a.seq <= :upTo <campaign>
ORDER BY a.seq
LIMIT :limit
