-- Appends one transaction's counts to campaign_rollup_delta, one row per distinct all-dimensions key (campaign,
-- 15-minute slot as epoch seconds of its start, segment, channel, device). Only appends: no row is locked or
-- updated, so concurrent appends never wait for each other here. The compactor moves the rows into the rollups.
INSERT INTO campaign_rollup_delta (campaign_id, bucket, audience_segment, channel, device_type, impressions, views,
                                   clicks, conversions)
SELECT u.campaign_id, to_timestamp(u.bucket), u.audience_segment, u.channel, u.device_type, u.impressions, u.views,
       u.clicks, u.conversions
FROM unnest(:deltaCampaignIds::uuid[], :deltaBuckets::bigint[], :deltaAudienceSegments::text[], :deltaChannels::text[],
            :deltaDeviceTypes::text[], :deltaImpressions::bigint[], :deltaViews::bigint[], :deltaClicks::bigint[],
            :deltaConversions::bigint[])
    AS u(campaign_id, bucket, audience_segment, channel, device_type, impressions, views, clicks, conversions)
