-- Stores a batch of events in one statement, one array per column.
-- An event whose (campaign_id, client_event_id) is already stored, also by a concurrent transaction that commits
-- first, is skipped; RETURNING names only the events that were stored.
-- Rows go in by key, so that concurrent batches sharing keys wait for each other in one order and never deadlock;
-- events without a key keep the order given.
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
         WITH ORDINALITY AS e(id, campaign_id, event_type, event_data, audience_segment, channel, device_type,
                              user_agent, ip_address, referrer_url, session_id, user_id, created_at, received_at,
                              client_event_id, position)
ORDER BY e.campaign_id, e.client_event_id, e.position
ON CONFLICT (campaign_id, client_event_id) DO NOTHING
RETURNING id
