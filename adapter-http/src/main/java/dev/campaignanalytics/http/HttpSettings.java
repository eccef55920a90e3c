package dev.campaignanalytics.http;

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
 */
public record HttpSettings(boolean trustProxy, long maxTrackingBodyBytes, int maxBatchEvents,
                           int importTransactionSize, int maxImportRejections, ZoneId defaultZone) {
    public HttpSettings {
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (maxTrackingBodyBytes < 1 || maxBatchEvents < 1 || importTransactionSize < 1 || maxImportRejections < 0) {
            throw new IllegalArgumentException("HTTP limits must be positive: " + maxTrackingBodyBytes + ", "
                    + maxBatchEvents + ", " + importTransactionSize + ", " + maxImportRejections);
        }
    }

    /** With reports in UTC when a request names no zone. */
    public HttpSettings(boolean trustProxy, long maxTrackingBodyBytes, int maxBatchEvents, int importTransactionSize,
                        int maxImportRejections) {
        this(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize, maxImportRejections,
                ZoneId.of("UTC"));
    }

    /** The same settings with reports in {@code zone} when a request names none. */
    public HttpSettings withDefaultZone(ZoneId zone) {
        return new HttpSettings(trustProxy, maxTrackingBodyBytes, maxBatchEvents, importTransactionSize,
                maxImportRejections, zone);
    }

    /**
     * No proxy trusted, 1 MB tracking bodies, 1,000 events a batch, 10,000 events per import transaction, 1,000
     * rejections listed, reports in UTC.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(false, 1024 * 1024, 1000, 10_000, 1000);
    }
}
