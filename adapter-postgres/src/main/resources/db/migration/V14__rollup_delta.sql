-- The rollups' inbox: the transaction that stores raw events appends their counts here, one row per distinct
-- (campaign, 15-minute slot, audience_segment, channel, device_type) of the transaction, instead of adding them to
-- the seven rollup tables itself. A row means "these many events of each type with exactly these dimensions, in
-- [bucket, bucket + 15 min), are not yet in the rollup tables". NULL in a dimension column means "events without a
-- value", as in campaign_rollup_full.
--
-- There is no unique key: rows are only ever appended (a plain INSERT, no ON CONFLICT), so concurrent writers never
-- wait for each other's row locks, and several rows may hold the same key. The compactor (RollupCompactor) deletes
-- a batch of rows and adds their sums to every rollup level in one transaction, so every snapshot sees each count
-- exactly once: either still here or already in the levels. Reports read the rollup levels plus the rows still here
-- (see JdbiReportStore), in one statement, so they are exact at every moment.
--
-- Slots are aligned to UTC like campaign_rollup_full: every delta row answers any level and any slice edge that lies
-- on a 15-minute slot.

CREATE TABLE campaign_rollup_delta (
    campaign_id      uuid        NOT NULL,
    bucket           timestamptz NOT NULL,
    audience_segment text,
    channel          text,
    device_type      text,
    impressions      bigint      NOT NULL,
    views            bigint      NOT NULL,
    clicks           bigint      NOT NULL,
    conversions      bigint      NOT NULL
);

-- Reports read the rows of their campaigns and range.
CREATE INDEX campaign_rollup_delta_campaign_bucket ON campaign_rollup_delta (campaign_id, bucket);
