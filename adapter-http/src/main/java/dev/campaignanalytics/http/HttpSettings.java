package dev.campaignanalytics.http;

/**
 * How the HTTP API treats its callers.
 *
 * @param trustProxy            whether the server sits behind a reverse proxy that sets {@code X-Forwarded-For};
 *                              only then is its first entry taken as the client's address
 * @param maxTrackingBodyBytes  the largest body accepted by the live tracking routes, in bytes
 * @param maxBatchEvents        the most events one {@code POST /track-events} may carry
 * @param importTransactionSize the most events an import stores in one transaction
 * @param maxImportRejections   the most rejected events an import answer lists one by one (all are counted)
 */
public record HttpSettings(boolean trustProxy, long maxTrackingBodyBytes, int maxBatchEvents,
                           int importTransactionSize, int maxImportRejections) {
    public HttpSettings {
        if (maxTrackingBodyBytes < 1 || maxBatchEvents < 1 || importTransactionSize < 1 || maxImportRejections < 0) {
            throw new IllegalArgumentException("HTTP limits must be positive: " + maxTrackingBodyBytes + ", "
                    + maxBatchEvents + ", " + importTransactionSize + ", " + maxImportRejections);
        }
    }

    /**
     * No proxy trusted, 1 MB tracking bodies, 1,000 events a batch, 10,000 events per import transaction, 1,000
     * rejections listed.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(false, 1024 * 1024, 1000, 10_000, 1000);
    }
}
