-- The committed delta rows not yet compacted, as a number for operators (the metric of the compaction backlog).
-- Counted exactly while there are fewer than :cap rows, which costs a scan of at most :cap rows; from :cap rows on,
-- PostgreSQL's running estimate of the table's live rows (pg_stat_user_tables.n_live_tup: rows inserted minus rows
-- deleted by committed transactions, as the statistics system last heard of them, and reset to a measurement by
-- every VACUUM and ANALYZE), never less than :cap.
SELECT CASE
           WHEN counted.n < :cap THEN counted.n
           ELSE greatest(:cap, coalesce((SELECT n_live_tup FROM pg_stat_user_tables
                                         WHERE relid = 'campaign_rollup_delta'::regclass), 0))
       END AS waiting
FROM (SELECT count(*) AS n FROM (SELECT FROM campaign_rollup_delta LIMIT :cap) capped) counted
