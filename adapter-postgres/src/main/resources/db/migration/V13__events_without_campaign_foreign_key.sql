-- Raw events no longer check their campaign with a foreign key.
--
-- The check ran once per stored event (a lookup of marketing_campaigns with a row lock, FOR KEY SHARE): about 15 %
-- of the COPY of raw rows, 6 % of PostgreSQL's time per stored event (measured on the demo's load: see
-- bench/QUICK-RUN.md). What it guarded is kept otherwise:
--   - tracking stores an event only after the campaign catalog found its campaign (TrackingService);
--   - campaigns are never deleted (there is no DELETE of marketing_campaigns), so a campaign found stays valid.
-- The rollups and campaign_event_keys never had such a key either. Every primary and unique key stays.
DO $$
DECLARE
    fk name;
BEGIN
    FOR fk IN
        SELECT conname FROM pg_constraint
        WHERE conrelid = 'campaign_analytics'::regclass AND contype = 'f' AND conparentid = 0
    LOOP
        EXECUTE format('ALTER TABLE campaign_analytics DROP CONSTRAINT %I', fk);
    END LOOP;
END $$;
