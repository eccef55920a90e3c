package dev.campaignanalytics.core.port.out;

/**
 * The store cannot do its work now (the database is down, a connection was lost, the write queue is full). The
 * request may succeed if retried later; nothing of it was committed.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The store could not be reached or failed; {@code message} says what was being done.
     *
     * @param message what was being done, e.g. {@code counting events}
     * @param cause what the store threw
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
