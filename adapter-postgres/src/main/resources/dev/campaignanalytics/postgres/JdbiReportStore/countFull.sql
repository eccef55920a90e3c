-- Counts per campaign, slice and (when grouped) dimension value from the all-dimensions rollup, for any other mix
-- of filters and grouping. Every edge lies on a 15-minute slot. The delta rows not yet compacted have the same
-- columns and slots, so they are read beside the level, in the same statement (one snapshot: each count once).
-- The edges are cast in a scalar subquery, which runs once: a cast of a parameter in the select list runs once
-- per row read, and parsing ~100 timestamps per row made a 90-day report by day 100x slower.
SELECT campaign_id,
       width_bucket(bucket, (SELECT :edges::timestamptz[])) - 1 AS slice,
       <dimension> AS dimension_value,
       sum(impressions) AS impressions, sum(views) AS views, sum(clicks) AS clicks, sum(conversions) AS conversions
FROM (SELECT campaign_id, bucket, audience_segment, channel, device_type, impressions, views, clicks, conversions
      FROM campaign_rollup_full
      UNION ALL
      SELECT campaign_id, bucket, audience_segment, channel, device_type, impressions, views, clicks, conversions
      FROM campaign_rollup_delta) AS r
WHERE campaign_id = ANY (:campaignIds::uuid[])
  AND bucket >= :from
  AND bucket < :until
  <filter>
GROUP BY 1, 2, 3
