package dev.campaignanalytics.core.port.out;

import java.util.List;

/** Where raw events are kept. */
public interface EventStore {
    /**
     * Stores a batch atomically: when this returns, every event is committed; when it throws, none is.
     *
     * <p>It is idempotent on (campaign, client event id): an event whose key is already stored, or repeats an earlier
     * event of the same batch, is not stored again, and its outcome names the id of the event stored first. This
     * holds under concurrency: two batches racing with the same key store one event.
     *
     * @param events the events to store, each with the id it gets unless it is a duplicate
     * @return one outcome per event, in the order given
     * @throws StoreUnavailableException when the store cannot be reached or the write fails for reasons of its own
     */
    List<AppendOutcome> append(List<NewEvent> events);
}
