-- The live feed.
-- Readers follow the feed by position: "every event after the last position I have seen"; campaign_analytics_seq_idx
-- (V10) serves that. Positions (seq) are only handed out in commit order; see FeedPositions in the adapter.
-- Polling asks for the newest events received after an instant, of every campaign or of one.
CREATE INDEX campaign_analytics_received ON campaign_analytics (received_at);
CREATE INDEX campaign_analytics_campaign_received ON campaign_analytics (campaign_id, received_at);
