-- One page of the matching campaigns, newest first, with how many match in all. One statement reads one snapshot,
-- so the total and the page agree; a page past the end still yields one row, carrying the total alone.
SELECT matching.total, page.*
FROM (SELECT count(*) AS total FROM marketing_campaigns <where>) AS matching
LEFT JOIN LATERAL (
    SELECT id, campaign_name, template_type, is_active, created_at, updated_at
    FROM marketing_campaigns
    <where>
    ORDER BY created_at DESC, id DESC
    LIMIT :limit OFFSET :offset
) AS page ON true
ORDER BY page.created_at DESC, page.id DESC
