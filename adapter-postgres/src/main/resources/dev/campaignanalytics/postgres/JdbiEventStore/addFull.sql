-- Adds counts to the all-dimensions rollup; keys arrive sorted (no deadlock between concurrent writers).
INSERT INTO campaign_rollup_full AS r (campaign_id, bucket, audience_segment, channel, device_type, impressions,
                                       views, clicks, conversions)
SELECT * FROM unnest(:campaignIds::uuid[], :buckets::timestamptz[], :audienceSegments::text[], :channels::text[],
                     :deviceTypes::text[], :impressions::bigint[], :views::bigint[], :clicks::bigint[],
                     :conversions::bigint[])
ON CONFLICT ON CONSTRAINT campaign_rollup_full_key DO UPDATE
SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
    clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
