-- campaign_rollup_delta is an inbox: every row is inserted once and deleted about a second later by the compactor,
-- so the table is mostly dead rows unless vacuumed often. Reports read it (by index or, when the planner finds it
-- small, by a sequential scan), and dead rows make both slower. With the defaults (20 % of the table) a table
-- that is nearly empty when live would be vacuumed on a whim of its last statistics; these settings vacuum and
-- analyse it after every 10,000 changed rows, at no cost delay. The compactor also vacuums it itself after it has
-- drained a backlog (RollupCompactor).
ALTER TABLE campaign_rollup_delta SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 10000,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 10000,
    autovacuum_vacuum_cost_delay = 0
);
