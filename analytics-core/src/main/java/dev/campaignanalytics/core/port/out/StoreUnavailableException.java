package dev.campaignanalytics.core.port.out;

/**
 * The store cannot do its work now (the database is down, a connection was lost, the write queue is full). The
 * request may succeed if retried later; nothing of it was committed.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
