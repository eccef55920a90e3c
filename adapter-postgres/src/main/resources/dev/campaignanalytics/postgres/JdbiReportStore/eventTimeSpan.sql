-- When the first and the last matching event of a campaign happened within [from, until).
SELECT min(created_at) AS first, max(created_at) AS last
FROM campaign_analytics
WHERE campaign_id = :campaignId
  AND created_at >= :from
  AND created_at < :until
  <filter>
