-- Coarser rollup levels, so that a report reads about as many rows as its answer has, not 96 per day.
--
-- The 15-minute slots of V10 stay: they are exact for every zone. Beside them, the same counts are now kept per
-- hour and per day, both aligned to UTC:
--   hour [bucket, bucket + 1 hour)   whole hours in UTC, and so in every zone whose offset is a whole number of hours
--   day  [bucket, bucket + 1 day)    calendar days in UTC
-- A report takes each part of its range from the coarsest level whose rows lie wholly inside one of its slices:
-- days of UTC where a slice covers them whole, hours where it covers them whole, and 15-minute slots only for what
-- is left (edges of zones such as +05:30 or +05:45). Reports by day in UTC, the default zone, read one row per day;
-- reports in whole-hour zones (also across daylight-saving changes) read one row per hour. See JdbiReportStore.
--
-- Every level is maintained in the transaction that stores the raw events, like the 15-minute level, so every
-- acknowledged event is in every level at once, and exactly. The all-dimensions level keeps 15-minute slots only:
-- it answers the rare reports that filter or group by two dimensions or more.

CREATE TABLE campaign_rollup_total_hour (
    campaign_id uuid        NOT NULL,
    bucket      timestamptz NOT NULL,
    impressions bigint      NOT NULL,
    views       bigint      NOT NULL,
    clicks      bigint      NOT NULL,
    conversions bigint      NOT NULL,
    PRIMARY KEY (campaign_id, bucket)
);

CREATE TABLE campaign_rollup_total_day (
    campaign_id uuid        NOT NULL,
    bucket      timestamptz NOT NULL,
    impressions bigint      NOT NULL,
    views       bigint      NOT NULL,
    clicks      bigint      NOT NULL,
    conversions bigint      NOT NULL,
    PRIMARY KEY (campaign_id, bucket)
);

-- dimension: 1 = audience_segment, 2 = channel, 3 = device_type (as in campaign_rollup_dimension)
CREATE TABLE campaign_rollup_dimension_hour (
    campaign_id uuid        NOT NULL,
    dimension   smallint    NOT NULL CHECK (dimension BETWEEN 1 AND 3),
    bucket      timestamptz NOT NULL,
    value       text,
    impressions bigint      NOT NULL,
    views       bigint      NOT NULL,
    clicks      bigint      NOT NULL,
    conversions bigint      NOT NULL,
    CONSTRAINT campaign_rollup_dimension_hour_key UNIQUE NULLS NOT DISTINCT (campaign_id, dimension, bucket, value)
);

CREATE TABLE campaign_rollup_dimension_day (
    campaign_id uuid        NOT NULL,
    dimension   smallint    NOT NULL CHECK (dimension BETWEEN 1 AND 3),
    bucket      timestamptz NOT NULL,
    value       text,
    impressions bigint      NOT NULL,
    views       bigint      NOT NULL,
    clicks      bigint      NOT NULL,
    conversions bigint      NOT NULL,
    CONSTRAINT campaign_rollup_dimension_day_key UNIQUE NULLS NOT DISTINCT (campaign_id, dimension, bucket, value)
);

-- The counts of the events stored so far, summed from their 15-minute slots.
INSERT INTO campaign_rollup_total_hour (campaign_id, bucket, impressions, views, clicks, conversions)
SELECT campaign_id, to_timestamp(floor(extract(epoch FROM bucket) / 3600) * 3600),
       sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_total
GROUP BY 1, 2;

INSERT INTO campaign_rollup_total_day (campaign_id, bucket, impressions, views, clicks, conversions)
SELECT campaign_id, to_timestamp(floor(extract(epoch FROM bucket) / 86400) * 86400),
       sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_total_hour
GROUP BY 1, 2;

INSERT INTO campaign_rollup_dimension_hour (campaign_id, dimension, bucket, value, impressions, views, clicks,
                                            conversions)
SELECT campaign_id, dimension, to_timestamp(floor(extract(epoch FROM bucket) / 3600) * 3600), value,
       sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_dimension
GROUP BY campaign_id, dimension, 3, value;

INSERT INTO campaign_rollup_dimension_day (campaign_id, dimension, bucket, value, impressions, views, clicks,
                                           conversions)
SELECT campaign_id, dimension, to_timestamp(floor(extract(epoch FROM bucket) / 86400) * 86400), value,
       sum(impressions), sum(views), sum(clicks), sum(conversions)
FROM campaign_rollup_dimension_hour
GROUP BY campaign_id, dimension, 3, value;
