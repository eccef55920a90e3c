package dev.campaignanalytics.core.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * The server's id of a stored event.
 *
 * @param value the UUID the server gave the event
 */
public record EventId(UUID value) {
    /**
     * Wraps the server's id of a stored event; never {@code null}.
     *
     * @param value the UUID the server gave the event
     */
    public EventId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
