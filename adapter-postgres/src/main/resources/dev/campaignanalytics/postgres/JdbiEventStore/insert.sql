-- Stores events in one statement, one array per column. Only events that won their idempotency key (or have none)
-- come here, so nothing conflicts.
INSERT INTO campaign_analytics (id, campaign_id, event_type, event_data, audience_segment, channel, device_type,
                                user_agent, ip_address, referrer_url, session_id, user_id, created_at, received_at,
                                client_event_id)
SELECT e.id::uuid, e.campaign_id::uuid, e.event_type, e.event_data::jsonb, e.audience_segment, e.channel,
       e.device_type, e.user_agent, e.ip_address::inet, e.referrer_url, e.session_id, e.user_id::uuid,
       e.created_at::timestamptz, e.received_at::timestamptz, e.client_event_id
FROM unnest(:ids::text[], :campaignIds::text[], :eventTypes::text[], :eventData::text[],
            :audienceSegments::text[], :channels::text[], :deviceTypes::text[], :userAgents::text[],
            :ipAddresses::text[], :referrerUrls::text[], :sessionIds::text[], :userIds::text[],
            :createdAts::text[], :receivedAts::text[], :clientEventIds::text[])
         AS e(id, campaign_id, event_type, event_data, audience_segment, channel, device_type, user_agent,
              ip_address, referrer_url, session_id, user_id, created_at, received_at, client_event_id)
