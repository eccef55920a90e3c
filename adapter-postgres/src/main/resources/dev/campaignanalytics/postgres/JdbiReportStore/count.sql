-- Raw event counts per campaign, slice and (when grouped) dimension value, for edges that are not on 15-minute
-- slots (historical zone offsets). Slice i holds the events in [edges[i], edges[i+1]); width_bucket numbers them
-- from 1. Only events within [first edge, last edge) are read.
-- The edges are cast in a scalar subquery, which runs once: a cast of a parameter in the select list runs once
-- per row read, and parsing ~100 timestamps per row made a 90-day report by day 100x slower.
SELECT campaign_id,
       width_bucket(created_at, (SELECT :edges::timestamptz[])) - 1 AS slice,
       <dimension> AS dimension_value,
       count(*) FILTER (WHERE event_type = 'impression') AS impressions,
       count(*) FILTER (WHERE event_type = 'view') AS views,
       count(*) FILTER (WHERE event_type = 'click') AS clicks,
       count(*) FILTER (WHERE event_type = 'conversion') AS conversions
FROM campaign_analytics
WHERE campaign_id = ANY (:campaignIds::uuid[])
  AND created_at >= :from
  AND created_at < :until
  <filter>
GROUP BY 1, 2, 3
