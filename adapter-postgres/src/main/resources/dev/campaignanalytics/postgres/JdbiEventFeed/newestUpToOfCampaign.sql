-- One campaign's newest events at positions up to :upTo, highest position first, picked as in readAfterOfCampaign:
-- read backwards, the table-wide positions of a campaign whose newest events lie far behind the others' would be
-- walked through every event stored since.
WITH picked AS MATERIALIZED (
    SELECT k.seq
    FROM campaign_analytics k
    WHERE k.campaign_id = :campaignId AND k.seq <= :upTo
    ORDER BY k.seq DESC
    LIMIT :limit
)
SELECT a.seq, a.id, a.campaign_id, c.campaign_name, a.event_type, a.event_data::text AS event_data,
       a.audience_segment, a.channel, a.device_type, a.created_at, a.received_at
FROM picked p
JOIN campaign_analytics a ON a.seq = p.seq AND a.campaign_id = :campaignId
JOIN marketing_campaigns c ON c.id = a.campaign_id
ORDER BY a.seq DESC
