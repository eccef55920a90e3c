package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.NewEvent;

import java.time.Instant;

/** Campaigns and events for the tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-03-10T00:00:00Z");

    private Fixtures() {
    }

    static Campaign campaign(String name) {
        return campaign(name, T0);
    }

    static Campaign campaign(String name, Instant createdAt) {
        return new Campaign(CampaignId.random(), name, null, true, createdAt, createdAt);
    }

    /** An event with a fresh server id, received a second after it happened. */
    static NewEvent event(CampaignId campaign, EventType type, Instant occurredAt) {
        return stored(TrackedEvent.of(campaign, type, occurredAt));
    }

    static NewEvent event(CampaignId campaign, EventType type, Instant occurredAt, Dimensions dimensions) {
        return stored(TrackedEvent.of(campaign, type, occurredAt).withDimensions(dimensions));
    }

    static NewEvent eventWithKey(CampaignId campaign, String clientEventId) {
        return stored(TrackedEvent.of(campaign, EventType.CLICK, T0).withClientEventId(clientEventId));
    }

    static NewEvent stored(TrackedEvent event) {
        Instant receivedAt = event.occurredAt().plusSeconds(1);
        return new NewEvent(EventIds.next(receivedAt), receivedAt, event);
    }
}
