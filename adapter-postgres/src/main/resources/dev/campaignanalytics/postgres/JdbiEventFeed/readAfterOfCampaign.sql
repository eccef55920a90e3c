-- One campaign's events at positions in (:after, :upTo], lowest first. Their positions are picked from the campaign's
-- own rows in campaign_analytics_campaign_seq (V16), an index-only read, then the rows are fetched by position:
-- filtering the table-wide positions instead would read every other campaign's events in the range, which for a
-- quiet campaign is nearly all of them.
WITH picked AS MATERIALIZED (
    SELECT k.seq
    FROM campaign_analytics k
    WHERE k.campaign_id = :campaignId AND k.seq > :after AND k.seq <= :upTo
    ORDER BY k.seq
    LIMIT :limit
)
SELECT a.seq, a.id, a.campaign_id, c.campaign_name, a.event_type, a.event_data::text AS event_data,
       a.audience_segment, a.channel, a.device_type, a.created_at, a.received_at
FROM picked p
JOIN campaign_analytics a ON a.seq = p.seq AND a.campaign_id = :campaignId
JOIN marketing_campaigns c ON c.id = a.campaign_id
ORDER BY a.seq
