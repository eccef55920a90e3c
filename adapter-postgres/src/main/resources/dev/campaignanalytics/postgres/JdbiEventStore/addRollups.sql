-- Adds one transaction's aggregated counts to every rollup level in one statement (one round trip): the time-only
-- and one-dimension levels in 15-minute, hourly and daily buckets, and the all-dimensions level in 15-minute slots.
-- Buckets come as epoch seconds of their start (to_timestamp is exact for whole seconds). Each key comes once per
-- level, so no row is updated twice by the statement. Rows come in key order, the same for every append, so that
-- concurrent appends that add to the same rows wait for each other in one order and never deadlock.
WITH total AS (
    INSERT INTO campaign_rollup_total AS r (campaign_id, bucket, impressions, views, clicks, conversions)
    SELECT u.campaign_id, to_timestamp(u.bucket), u.impressions, u.views, u.clicks, u.conversions
    FROM unnest(:totalQuarterCampaignIds::uuid[], :totalQuarterBuckets::bigint[], :totalQuarterImpressions::bigint[],
                         :totalQuarterViews::bigint[], :totalQuarterClicks::bigint[], :totalQuarterConversions::bigint[])
        AS u(campaign_id, bucket, impressions, views, clicks, conversions)
    ON CONFLICT (campaign_id, bucket) DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
total_hour AS (
    INSERT INTO campaign_rollup_total_hour AS r (campaign_id, bucket, impressions, views, clicks, conversions)
    SELECT u.campaign_id, to_timestamp(u.bucket), u.impressions, u.views, u.clicks, u.conversions
    FROM unnest(:totalHourCampaignIds::uuid[], :totalHourBuckets::bigint[], :totalHourImpressions::bigint[],
                         :totalHourViews::bigint[], :totalHourClicks::bigint[], :totalHourConversions::bigint[])
        AS u(campaign_id, bucket, impressions, views, clicks, conversions)
    ON CONFLICT (campaign_id, bucket) DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
total_day AS (
    INSERT INTO campaign_rollup_total_day AS r (campaign_id, bucket, impressions, views, clicks, conversions)
    SELECT u.campaign_id, to_timestamp(u.bucket), u.impressions, u.views, u.clicks, u.conversions
    FROM unnest(:totalDayCampaignIds::uuid[], :totalDayBuckets::bigint[], :totalDayImpressions::bigint[],
                         :totalDayViews::bigint[], :totalDayClicks::bigint[], :totalDayConversions::bigint[])
        AS u(campaign_id, bucket, impressions, views, clicks, conversions)
    ON CONFLICT (campaign_id, bucket) DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
dimension AS (
    INSERT INTO campaign_rollup_dimension AS r (campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    SELECT u.campaign_id, u.dimension, to_timestamp(u.bucket), u.value, u.impressions, u.views, u.clicks, u.conversions
    FROM unnest(:dimensionQuarterCampaignIds::uuid[], :dimensionQuarterDimensions::smallint[], :dimensionQuarterBuckets::bigint[],
                         :dimensionQuarterValues::text[], :dimensionQuarterImpressions::bigint[], :dimensionQuarterViews::bigint[], :dimensionQuarterClicks::bigint[],
                         :dimensionQuarterConversions::bigint[])
        AS u(campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    ON CONFLICT ON CONSTRAINT campaign_rollup_dimension_key DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
dimension_hour AS (
    INSERT INTO campaign_rollup_dimension_hour AS r (campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    SELECT u.campaign_id, u.dimension, to_timestamp(u.bucket), u.value, u.impressions, u.views, u.clicks, u.conversions
    FROM unnest(:dimensionHourCampaignIds::uuid[], :dimensionHourDimensions::smallint[], :dimensionHourBuckets::bigint[],
                         :dimensionHourValues::text[], :dimensionHourImpressions::bigint[], :dimensionHourViews::bigint[], :dimensionHourClicks::bigint[],
                         :dimensionHourConversions::bigint[])
        AS u(campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    ON CONFLICT ON CONSTRAINT campaign_rollup_dimension_hour_key DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
),
dimension_day AS (
    INSERT INTO campaign_rollup_dimension_day AS r (campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    SELECT u.campaign_id, u.dimension, to_timestamp(u.bucket), u.value, u.impressions, u.views, u.clicks, u.conversions
    FROM unnest(:dimensionDayCampaignIds::uuid[], :dimensionDayDimensions::smallint[], :dimensionDayBuckets::bigint[],
                         :dimensionDayValues::text[], :dimensionDayImpressions::bigint[], :dimensionDayViews::bigint[], :dimensionDayClicks::bigint[],
                         :dimensionDayConversions::bigint[])
        AS u(campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
    ON CONFLICT ON CONSTRAINT campaign_rollup_dimension_day_key DO UPDATE
    SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
        clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
)
INSERT INTO campaign_rollup_full AS r (campaign_id, bucket, audience_segment, channel, device_type, impressions,
                                       views, clicks, conversions)
SELECT u.campaign_id, to_timestamp(u.bucket), u.audience_segment, u.channel, u.device_type, u.impressions, u.views,
       u.clicks, u.conversions
FROM unnest(:fullCampaignIds::uuid[], :fullBuckets::bigint[], :fullAudienceSegments::text[],
                     :fullChannels::text[], :fullDeviceTypes::text[], :fullImpressions::bigint[], :fullViews::bigint[],
                     :fullClicks::bigint[], :fullConversions::bigint[])
    AS u(campaign_id, bucket, audience_segment, channel, device_type, impressions, views, clicks, conversions)
ON CONFLICT ON CONSTRAINT campaign_rollup_full_key DO UPDATE
SET impressions = r.impressions + excluded.impressions, views = r.views + excluded.views,
    clicks = r.clicks + excluded.clicks, conversions = r.conversions + excluded.conversions
