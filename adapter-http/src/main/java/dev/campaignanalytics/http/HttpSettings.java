package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.EventData;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP API treats its callers.
 *
 * @param trustProxy            whether the server sits behind a reverse proxy that sets {@code X-Forwarded-For};
 *                              only then is its first entry taken as the client's address
 * @param maxTrackingBodyBytes  the largest body accepted by the live tracking routes, in bytes
 * @param maxBatchEvents        the most events one {@code POST /track-events} may carry
 * @param importTransactionSize the most events an import stores in one transaction
 * @param maxImportRejections   the most rejected events an import answer lists one by one (all are counted)
 * @param defaultZone           the zone of a report whose request names none ({@code tz}): its days, weeks, months
 *                              and "today" are calendar dates there
 * @param streamHeartbeat       how often a live event stream sends a heartbeat comment, whether events flow or not;
 *                              keep it well below the idle timeout of the server (Jetty's 30 s) and of any proxy, or
 *                              quiet streams are cut
 * @param protection            rate limits, cross-origin rules and page sizes (see {@link Protection})
 */
public record HttpSettings(boolean trustProxy, long maxTrackingBodyBytes, int maxBatchEvents,
                           int importTransactionSize, int maxImportRejections, ZoneId defaultZone,
                           Duration streamHeartbeat, Protection protection) {
    /** The default {@link #streamHeartbeat()}. */
    public static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(15);

    public HttpSettings {
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (maxTrackingBodyBytes < 1 || maxBatchEvents < 1 || importTransactionSize < 1 || maxImportRejections < 0) {
            throw new IllegalArgumentException("HTTP limits must be positive: " + maxTrackingBodyBytes + ", "
                    + maxBatchEvents + ", " + importTransactionSize + ", " + maxImportRejections);
        }
        Objects.requireNonNull(streamHeartbeat, "streamHeartbeat");
        if (streamHeartbeat.isNegative() || streamHeartbeat.isZero()) {
            throw new IllegalArgumentException("the stream heartbeat must be positive: " + streamHeartbeat);
        }
        Objects.requireNonNull(protection, "protection");
    }

    /** With {@link Protection#DEFAULT}: no rate limits, no cross-origin calls, the default sizes. */
    public HttpSettings(boolean trustProxy, long maxTrackingBodyBytes, int maxBatchEvents, int importTransactionSize,
                        int maxImportRejections, ZoneId defaultZone, Duration streamHeartbeat) {
        this(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize, maxImportRejections,
                defaultZone, streamHeartbeat, Protection.DEFAULT);
    }

    /** With reports in UTC when a request names no zone, and the default stream heartbeat. */
    public HttpSettings(boolean trustProxy, long maxTrackingBodyBytes, int maxBatchEvents, int importTransactionSize,
                        int maxImportRejections) {
        this(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize, maxImportRejections,
                ZoneId.of("UTC"), DEFAULT_STREAM_HEARTBEAT);
    }

    /** The same settings with reports in {@code zone} when a request names none. */
    public HttpSettings withDefaultZone(ZoneId zone) {
        return new HttpSettings(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize,
                maxImportRejections, zone, streamHeartbeat, protection);
    }

    /** The same settings with another stream heartbeat. */
    public HttpSettings withStreamHeartbeat(Duration heartbeat) {
        return new HttpSettings(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize,
                maxImportRejections, defaultZone, heartbeat, protection);
    }

    /** The same settings with other rate limits, cross-origin rules and page sizes. */
    public HttpSettings withProtection(Protection other) {
        return new HttpSettings(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize,
                maxImportRejections, defaultZone, streamHeartbeat, other);
    }

    /** The same settings with other limits on tracking bodies: bytes of one body, events of one batch. */
    public HttpSettings withTrackingLimits(long maxBodyBytes, int maxEvents) {
        return new HttpSettings(trustProxy, maxBodyBytes, maxEvents, importTransactionSize, maxImportRejections,
                defaultZone, streamHeartbeat, protection);
    }

    /**
     * How the API defends itself against callers that send too much or from where they should not.
     *
     * @param rateLimit        requests per second that one client address may send to the public tracking routes,
     *                         with bursts of twice that; {@code 0} for no limit. IPv6 clients are counted per /64
     *                         network, the block one subscriber usually holds
     * @param adminRateLimit   requests per second that one token subject may send to the admin routes, with bursts of
     *                         twice that; {@code 0} for no limit
     * @param corsOrigins      the origins (such as {@code https://shop.example}) whose pages may call the tracking
     *                         routes from a browser; {@code "*"} allows every origin; empty allows none
     * @param adminCorsOrigins the same for the admin routes; empty (the default) allows no cross-origin call
     * @param maxPageSize      the largest {@code limit} a list may be asked for; the core's own maximum of each
     *                         list (200 campaigns, 500 live events) still applies when it is lower
     * @param maxEventDataBytes the largest {@code event_data} of one event, in bytes of its JSON text in UTF-8; at
     *                         most the core's {@link EventData#MAX_BYTES}
     * @param maxEventDataDepth the deepest {@code event_data}: {@code {}} is 1 level deep, {@code {"a":{}}} or
     *                         {@code {"a":[]}} 2, and so on
     */
    public record Protection(int rateLimit, int adminRateLimit, List<String> corsOrigins,
                             List<String> adminCorsOrigins, int maxPageSize, int maxEventDataBytes,
                             int maxEventDataDepth) {
        /** The largest page any list of the API serves. */
        public static final int LARGEST_PAGE = 500;
        /**
         * The deepest event data allowed at all: the JSON reader refuses bodies nested deeper than
         * {@value ApiJson#MAX_NESTING_DEPTH} levels, and a batch puts event data 3 levels down.
         */
        public static final int DEEPEST_EVENT_DATA = 32;
        /** The default {@link #maxEventDataDepth()}. */
        public static final int DEFAULT_EVENT_DATA_DEPTH = 10;
        /** No rate limits, no cross-origin calls, pages up to {@link #LARGEST_PAGE}, event data up to 8 KB, 10 deep. */
        public static final Protection DEFAULT = new Protection(0, 0, List.of(), List.of(), LARGEST_PAGE,
                EventData.MAX_BYTES, DEFAULT_EVENT_DATA_DEPTH);

        public Protection {
            if (rateLimit < 0 || adminRateLimit < 0) {
                throw new IllegalArgumentException("rate limits are never negative: " + rateLimit + ", "
                        + adminRateLimit);
            }
            if (maxPageSize < 1) {
                throw new IllegalArgumentException("the page size must be positive: " + maxPageSize);
            }
            if (maxEventDataBytes < 2 || maxEventDataBytes > EventData.MAX_BYTES) {
                throw new IllegalArgumentException("event data may be 2 to " + EventData.MAX_BYTES
                        + " bytes at most: " + maxEventDataBytes);
            }
            if (maxEventDataDepth < 1 || maxEventDataDepth > DEEPEST_EVENT_DATA) {
                throw new IllegalArgumentException("event data may be 1 to " + DEEPEST_EVENT_DATA
                        + " levels deep at most: " + maxEventDataDepth);
            }
            corsOrigins = List.copyOf(corsOrigins);
            adminCorsOrigins = List.copyOf(adminCorsOrigins);
        }
    }

    /**
     * No proxy trusted, 1 MB tracking bodies, 1,000 events a batch, 10,000 events per import transaction, 1,000
     * rejections listed, reports in UTC, a stream heartbeat every 15 s, {@link Protection#DEFAULT}: the server
     * (the app module) applies its own configured rate limits.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(false, 1024 * 1024, 1000, 10_000, 1000);
    }
}
