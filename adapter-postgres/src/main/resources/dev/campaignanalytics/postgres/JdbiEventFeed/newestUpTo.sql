-- The newest events of every campaign at positions up to :upTo, highest position first (one campaign's:
-- newestUpToOfCampaign). campaign_analytics_seq_idx (V10) is read backwards.
SELECT a.seq, a.id, a.campaign_id, c.campaign_name, a.event_type, a.event_data::text AS event_data,
       a.audience_segment, a.channel, a.device_type, a.created_at, a.received_at
FROM campaign_analytics a
JOIN marketing_campaigns c ON c.id = a.campaign_id
WHERE a.seq <= :upTo
ORDER BY a.seq DESC
LIMIT :limit
