-- Event counts per campaign, slice, type and (when grouped) dimension value. Slice i holds the events in
-- [edges[i], edges[i+1]); width_bucket numbers them from 1. Only events within [first edge, last edge) are read.
SELECT campaign_id,
       width_bucket(created_at, :edges::timestamptz[]) - 1 AS slice,
       event_type,
       <dimension> AS dimension_value,
       count(*) AS events
FROM campaign_analytics
WHERE campaign_id = ANY (:campaignIds::uuid[])
  AND created_at >= :from
  AND created_at < :until
  <filter>
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 4
