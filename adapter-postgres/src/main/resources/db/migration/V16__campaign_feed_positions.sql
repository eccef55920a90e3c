-- The live feed of one campaign reads its events by position: the newest ones (a poll without a cursor, the
-- dashboard's first), or those after a cursor (a poll, a stream's replay). Through campaign_analytics_seq_idx alone,
-- that meant walking every campaign's positions and keeping this one's: for a campaign whose newest events lie far
-- behind the store's newest, the whole table (1.5 s for a campaign of 300,000 events behind 10M others). Its own
-- positions come from this index, read index-only (JdbiEventFeed's ...OfCampaign statements).
CREATE INDEX campaign_analytics_campaign_seq ON campaign_analytics (campaign_id, seq);

-- It takes the place of V11's (campaign_id, received_at), so that storing an event costs no more index inserts than
-- before. That index served the older poll by receive time of one campaign; that poll now reads the table-wide
-- campaign_analytics_received or this index, as the planner finds cheaper. For a campaign with many events the
-- planner took campaign_analytics_received already (bench/FEED-READS.md).
DROP INDEX campaign_analytics_campaign_received;
