-- Reports never scan raw events: counts are kept pre-aggregated per campaign and 15-minute slot, maintained in the
-- transaction that stores the raw events, so an acknowledged event is in every report at once, and exactly.
--
-- Slots are 15 minutes long and aligned to UTC: [bucket, bucket + 15 min). Every zone offset in use today is a
-- multiple of 15 minutes (+05:30 Kolkata, +05:45 Kathmandu, +08:45 Eucla), so days, weeks and months of any zone
-- are exact unions of slots.
--
-- Three levels, chosen by what a query needs (see JdbiReportStore):
--   campaign_rollup_total      time only: unfiltered series and totals, the common case
--   campaign_rollup_dimension  time and one dimension: breakdowns, and filters on that same dimension
--   campaign_rollup_full       time and all three dimensions: any other combination of filters and grouping
-- NULL in a dimension column means "events without a value"; the unique keys treat NULLs as equal
-- (NULLS NOT DISTINCT, PostgreSQL 15+).

CREATE TABLE campaign_rollup_total (
    campaign_id uuid        NOT NULL,
    bucket      timestamptz NOT NULL,
    impressions bigint      NOT NULL,
    views       bigint      NOT NULL,
    clicks      bigint      NOT NULL,
    conversions bigint      NOT NULL,
    PRIMARY KEY (campaign_id, bucket)
);

-- dimension: 1 = audience_segment, 2 = channel, 3 = device_type
CREATE TABLE campaign_rollup_dimension (
    campaign_id uuid        NOT NULL,
    dimension   smallint    NOT NULL CHECK (dimension BETWEEN 1 AND 3),
    bucket      timestamptz NOT NULL,
    value       text,
    impressions bigint      NOT NULL,
    views       bigint      NOT NULL,
    clicks      bigint      NOT NULL,
    conversions bigint      NOT NULL,
    CONSTRAINT campaign_rollup_dimension_key UNIQUE NULLS NOT DISTINCT (campaign_id, dimension, bucket, value)
);

CREATE TABLE campaign_rollup_full (
    campaign_id      uuid        NOT NULL,
    bucket           timestamptz NOT NULL,
    audience_segment text,
    channel          text,
    device_type      text,
    impressions      bigint      NOT NULL,
    views            bigint      NOT NULL,
    clicks           bigint      NOT NULL,
    conversions      bigint      NOT NULL,
    CONSTRAINT campaign_rollup_full_key
        UNIQUE NULLS NOT DISTINCT (campaign_id, bucket, audience_segment, channel, device_type)
);

-- Raw events, partitioned by the month (UTC) in which they happened. A unique index on a partitioned table must
-- include the partition key, so the client's idempotency key lives in its own table, written in the same
-- transaction as the event: dedup stays exact across partitions, and outlives the raw rows that retention drops.
ALTER TABLE campaign_analytics RENAME TO campaign_analytics_unpartitioned;
ALTER TABLE campaign_analytics_unpartitioned RENAME CONSTRAINT campaign_analytics_event_type_check
    TO campaign_analytics_unpartitioned_event_type_check;

CREATE SEQUENCE campaign_analytics_seq AS bigint;

CREATE TABLE campaign_analytics (
    id               uuid        NOT NULL,
    campaign_id      uuid        NOT NULL REFERENCES marketing_campaigns (id),
    event_type       text        NOT NULL
        CONSTRAINT campaign_analytics_event_type_check
            CHECK (event_type IN ('impression', 'view', 'click', 'conversion')),
    event_data       jsonb,
    audience_segment text,
    channel          text,
    device_type      text,
    user_agent       text,
    ip_address       inet,
    referrer_url     text,
    session_id       text,
    user_id          uuid,
    created_at       timestamptz NOT NULL,
    received_at      timestamptz NOT NULL,
    client_event_id  text,
    seq              bigint      NOT NULL DEFAULT nextval('campaign_analytics_seq'),
    PRIMARY KEY (campaign_id, created_at, id)
) PARTITION BY RANGE (created_at);
ALTER SEQUENCE campaign_analytics_seq OWNED BY campaign_analytics.seq;

-- The client's idempotency key: (campaign_id, client_event_id) names exactly one stored event, forever.
CREATE TABLE campaign_event_keys (
    campaign_id     uuid NOT NULL,
    client_event_id text NOT NULL,
    event_id        uuid NOT NULL,
    PRIMARY KEY (campaign_id, client_event_id)
);

-- One partition per month that already holds events, named campaign_analytics_yYYYYmMM.
DO $$
DECLARE
    m date;
BEGIN
    FOR m IN
        SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date
        FROM campaign_analytics_unpartitioned
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF campaign_analytics FOR VALUES FROM (%L) TO (%L)',
                       'campaign_analytics_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'),
                       (m::timestamp AT TIME ZONE 'UTC'),
                       ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    END LOOP;
END $$;

INSERT INTO campaign_analytics (id, campaign_id, event_type, event_data, audience_segment, channel, device_type,
                                user_agent, ip_address, referrer_url, session_id, user_id, created_at, received_at,
                                client_event_id, seq)
SELECT id, campaign_id, event_type, event_data, audience_segment, channel, device_type, user_agent, ip_address,
       referrer_url, session_id, user_id, created_at, received_at, client_event_id, seq
FROM campaign_analytics_unpartitioned;

INSERT INTO campaign_event_keys (campaign_id, client_event_id, event_id)
SELECT campaign_id, client_event_id, id
FROM campaign_analytics_unpartitioned
WHERE client_event_id IS NOT NULL;

SELECT setval('campaign_analytics_seq', coalesce(max(seq), 0) + 1, false) FROM campaign_analytics_unpartitioned;

-- The rollups of the events stored so far.
INSERT INTO campaign_rollup_full (campaign_id, bucket, audience_segment, channel, device_type,
                                  impressions, views, clicks, conversions)
SELECT campaign_id, to_timestamp(floor(extract(epoch FROM created_at) / 900) * 900), audience_segment, channel,
       device_type,
       count(*) FILTER (WHERE event_type = 'impression'), count(*) FILTER (WHERE event_type = 'view'),
       count(*) FILTER (WHERE event_type = 'click'), count(*) FILTER (WHERE event_type = 'conversion')
FROM campaign_analytics_unpartitioned
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO campaign_rollup_total (campaign_id, bucket, impressions, views, clicks, conversions)
SELECT campaign_id, bucket, sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_full
GROUP BY 1, 2;

INSERT INTO campaign_rollup_dimension (campaign_id, dimension, bucket, value, impressions, views, clicks, conversions)
SELECT campaign_id, 1, bucket, audience_segment, sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_full GROUP BY campaign_id, bucket, audience_segment
UNION ALL
SELECT campaign_id, 2, bucket, channel, sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_full GROUP BY campaign_id, bucket, channel
UNION ALL
SELECT campaign_id, 3, bucket, device_type, sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_full GROUP BY campaign_id, bucket, device_type;

DROP TABLE campaign_analytics_unpartitioned;

-- Raw reads that remain: the first and last event of a range and exports of raw events use the primary key
-- (campaign_id, created_at, id); the live feed reads by position.
CREATE INDEX campaign_analytics_seq_idx ON campaign_analytics (seq);
