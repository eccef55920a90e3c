-- Adds counts to the time-only rollup; keys arrive sorted (no deadlock between concurrent writers).
INSERT INTO campaign_rollup_total AS r (campaign_id, bucket, impressions, views, clicks, conversions)
SELECT * FROM unnest(:campaignIds::uuid[], :buckets::timestamptz[], :impressions::bigint[], :views::bigint[],
                     :clicks::bigint[], :conversions::bigint[])
ON CONFLICT (campaign_id, bucket) DO UPDATE
SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
    clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
