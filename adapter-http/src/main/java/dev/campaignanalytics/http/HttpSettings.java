package dev.campaignanalytics.http;

import java.time.Duration;
import java.time.ZoneId;
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
 */
public record HttpSettings(boolean trustProxy, long maxTrackingBodyBytes, int maxBatchEvents,
                           int importTransactionSize, int maxImportRejections, ZoneId defaultZone,
                           Duration streamHeartbeat) {
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
                maxImportRejections, zone, streamHeartbeat);
    }

    /** The same settings with another stream heartbeat. */
    public HttpSettings withStreamHeartbeat(Duration heartbeat) {
        return new HttpSettings(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize,
                maxImportRejections, defaultZone, heartbeat);
    }

    /**
     * No proxy trusted, 1 MB tracking bodies, 1,000 events a batch, 10,000 events per import transaction, 1,000
     * rejections listed, reports in UTC, a stream heartbeat every 15 s.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(false, 1024 * 1024, 1000, 10_000, 1000);
    }
}
