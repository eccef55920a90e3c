-- Adds one transaction's aggregated counts to every rollup level in one statement (one round trip): the time-only
-- and one-dimension levels in 15-minute, hourly and daily buckets, and the all-dimensions level in 15-minute slots.
-- Each key comes once per level, so no row is updated twice by the statement. Appends run one at a time (see
-- FeedPositions), so writers do not contend for these rows.
WITH total AS (
    INSERT INTO campaign_rollup_total AS r (campaign_id, bucket, impressions, views, clicks, conversions)
    SELECT * FROM unnest(:totalQuarterCampaignIds::uuid[], :totalQuarterBuckets::timestamptz[], :totalQuarterImpressions::bigint[],
                         :totalQuarterViews::bigint[], :totalQuarterClicks::bigint[], :totalQuarterConversions::bigint[])
    ON CONFLICT (campaign_id, bucket) DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
total_hour AS (
    INSERT INTO campaign_rollup_total_hour AS r (campaign_id, bucket, impressions, views, clicks, conversions)
    SELECT * FROM unnest(:totalHourCampaignIds::uuid[], :totalHourBuckets::timestamptz[], :totalHourImpressions::bigint[],
                         :totalHourViews::bigint[], :totalHourClicks::bigint[], :totalHourConversions::bigint[])
    ON CONFLICT (campaign_id, bucket) DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
total_day AS (
    INSERT INTO campaign_rollup_total_day AS r (campaign_id, bucket, impressions, views, clicks, conversions)
    SELECT * FROM unnest(:totalDayCampaignIds::uuid[], :totalDayBuckets::timestamptz[], :totalDayImpressions::bigint[],
                         :totalDayViews::bigint[], :totalDayClicks::bigint[], :totalDayConversions::bigint[])
    ON CONFLICT (campaign_id, bucket) DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
dimension AS (
    INSERT INTO campaign_rollup_dimension AS r (campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    SELECT * FROM unnest(:dimensionQuarterCampaignIds::uuid[], :dimensionQuarterDimensions::smallint[], :dimensionQuarterBuckets::timestamptz[],
                         :dimensionQuarterValues::text[], :dimensionQuarterImpressions::bigint[], :dimensionQuarterViews::bigint[], :dimensionQuarterClicks::bigint[],
                         :dimensionQuarterConversions::bigint[])
    ON CONFLICT ON CONSTRAINT campaign_rollup_dimension_key DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
dimension_hour AS (
    INSERT INTO campaign_rollup_dimension_hour AS r (campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    SELECT * FROM unnest(:dimensionHourCampaignIds::uuid[], :dimensionHourDimensions::smallint[], :dimensionHourBuckets::timestamptz[],
                         :dimensionHourValues::text[], :dimensionHourImpressions::bigint[], :dimensionHourViews::bigint[], :dimensionHourClicks::bigint[],
                         :dimensionHourConversions::bigint[])
    ON CONFLICT ON CONSTRAINT campaign_rollup_dimension_hour_key DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
dimension_day AS (
    INSERT INTO campaign_rollup_dimension_day AS r (campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    SELECT * FROM unnest(:dimensionDayCampaignIds::uuid[], :dimensionDayDimensions::smallint[], :dimensionDayBuckets::timestamptz[],
                         :dimensionDayValues::text[], :dimensionDayImpressions::bigint[], :dimensionDayViews::bigint[], :dimensionDayClicks::bigint[],
                         :dimensionDayConversions::bigint[])
    ON CONFLICT ON CONSTRAINT campaign_rollup_dimension_day_key DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
)
INSERT INTO campaign_rollup_full AS r (campaign_id, bucket, audience_segment, channel, device_type, impressions,
                                       views, clicks, conversions)
SELECT * FROM unnest(:fullCampaignIds::uuid[], :fullBuckets::timestamptz[], :fullAudienceSegments::text[],
                     :fullChannels::text[], :fullDeviceTypes::text[], :fullImpressions::bigint[], :fullViews::bigint[],
                     :fullClicks::bigint[], :fullConversions::bigint[])
ON CONFLICT ON CONSTRAINT campaign_rollup_full_key DO UPDATE
SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
    clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
