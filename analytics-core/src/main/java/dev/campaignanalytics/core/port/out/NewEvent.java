package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.TrackedEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * An event ready to be stored.
 *
 * @param id         the server id it gets if it is not a duplicate
 * @param receivedAt when the server received it
 * @param event      the checked event
 */
public record NewEvent(EventId id, Instant receivedAt, TrackedEvent event) {
    /**
     * The id, the time received and the event are required.
     *
     * @param id the server id it gets if it is not a duplicate
     * @param receivedAt when the server received it
     * @param event the checked event
     */
    public NewEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(event, "event");
    }
}
