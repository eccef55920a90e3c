-- Adds counts to the one-dimension rollup; keys arrive sorted (no deadlock between concurrent writers).
INSERT INTO campaign_rollup_dimension AS r (campaign_id, dimension, bucket, value, impressions, views, clicks,
                                            conversions)
SELECT * FROM unnest(:campaignIds::uuid[], :dimensions::smallint[], :buckets::timestamptz[], :dimensionValues::text[],
                     :impressions::bigint[], :views::bigint[], :clicks::bigint[], :conversions::bigint[])
ON CONFLICT ON CONSTRAINT campaign_rollup_dimension_key DO UPDATE
SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
    clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
