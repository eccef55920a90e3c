package dev.campaignanalytics.core.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes server event ids: version-7 UUIDs (RFC 9562), whose leading 48 bits are the Unix time in milliseconds, so
 * that ids made later sort later and index well.
 */
public final class EventIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    /**
     * A new event id: a UUID version 7, whose first 48 bits are {@code now} in milliseconds, so ids sort by the time
     * they were made.
     *
     * @param now the time the id is made; its milliseconds become the id's first 48 bits
     * @return a new, time-ordered event id
     */
    public static EventId next(Instant now) {
        long millis = now.toEpochMilli();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new EventId(new UUID(msb, lsb));
    }
}
