-- Counts per campaign, slice and (when grouped) value from the time-only or the one-dimension rollups. <rows> is a
-- UNION ALL over the levels in use, each reading its buckets within the given ranges: JdbiReportStore chooses the
-- ranges so that every bucket read lies wholly inside one slice, and every instant of [first edge, last edge) is
-- in exactly one bucket read. So a bucket starting in [edges[i], edges[i+1]) holds only events of slice i.
-- <rows> ends with the delta rows not yet compacted within [:from, :until) (15-minute slots, projected to the level
-- read): one statement, so one snapshot, in which each count is either in a level or still a delta row.
-- The edges are cast in a scalar subquery, which runs once: a cast of a parameter in the select list runs once
-- per row read, and parsing ~100 timestamps per row made a 90-day report by day 100x slower.
SELECT campaign_id,
       width_bucket(bucket, (SELECT :edges::timestamptz[])) - 1 AS slice,
       <dimension> AS dimension_value,
       sum(impressions) AS impressions, sum(views) AS views, sum(clicks) AS clicks, sum(conversions) AS conversions
FROM (<rows>) AS r
GROUP BY 1, 2, 3
