-- Takes up to :limit rows out of campaign_rollup_delta, returning their keys and counts; the caller adds the sums to
-- the rollup levels in the same transaction. Rows locked by another compactor are skipped (SKIP LOCKED), so
-- compactors running at once take disjoint rows; rows of transactions not yet committed are not seen at all.
DELETE FROM campaign_rollup_delta
WHERE ctid = ANY (ARRAY(SELECT ctid FROM campaign_rollup_delta LIMIT :limit FOR UPDATE SKIP LOCKED))
RETURNING campaign_id, extract(epoch FROM bucket)::bigint AS bucket, audience_segment, channel, device_type,
          impressions, views, clicks, conversions
