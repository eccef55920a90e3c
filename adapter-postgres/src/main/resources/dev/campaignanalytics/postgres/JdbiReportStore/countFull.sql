-- Counts per campaign, slice and (when grouped) dimension value from the all-dimensions rollup, for any other mix
-- of filters and grouping. Every edge lies on a 15-minute slot.
SELECT campaign_id,
       width_bucket(bucket, :edges::timestamptz[]) - 1 AS slice,
       <dimension> AS dimension_value,
       sum(impressions) AS impressions, sum(views) AS views, sum(clicks) AS clicks, sum(conversions) AS conversions
FROM campaign_rollup_full
WHERE campaign_id = ANY (:campaignIds::uuid[])
  AND bucket >= :from
  AND bucket < :until
  <filter>
GROUP BY 1, 2, 3
