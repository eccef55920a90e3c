-- Campaigns, and the raw events that come back from them.
-- Every key and every report query of the events is keyed by campaign_id, the intended distribution column.

CREATE TABLE marketing_campaigns (
    id            uuid        PRIMARY KEY,
    campaign_name text        NOT NULL,
    template_type text,
    is_active     boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- Campaign listings are newest first.
CREATE INDEX marketing_campaigns_newest_first ON marketing_campaigns (created_at DESC, id DESC);

-- One row per stored event.
--   id              the server's id of the event
--   created_at      when the event happened (as the client says), which is what reports slice by
--   received_at     when the server received it
--   client_event_id the client's idempotency key, unique per campaign; NULLs never conflict
--   seq             a position in insertion order, for a live feed that resumes
CREATE TABLE campaign_analytics (
    id               uuid        PRIMARY KEY,
    campaign_id      uuid        NOT NULL REFERENCES marketing_campaigns (id),
    event_type       text        NOT NULL
        CONSTRAINT campaign_analytics_event_type_check
            CHECK (event_type IN ('impression', 'view', 'click', 'conversion')),
    event_data       jsonb,
    audience_segment text,
    channel          text,
    device_type      text,
    user_agent       text,
    ip_address       inet,
    referrer_url     text,
    session_id       text,
    user_id          uuid,
    created_at       timestamptz NOT NULL,
    received_at      timestamptz NOT NULL,
    client_event_id  text,
    seq              bigint      GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT campaign_analytics_client_event_id_key UNIQUE (campaign_id, client_event_id)
);

-- Reports count one campaign's events over a time range; with the type included, an unfiltered count can be
-- answered from the index alone.
CREATE INDEX campaign_analytics_campaign_time ON campaign_analytics (campaign_id, created_at) INCLUDE (event_type);
