package dev.campaignanalytics.core.port.out;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /**
     * Stores a batch atomically, like {@link #append}, without making the caller wait for the commit: the stage
     * completes with one outcome per event, in the order given, once every event is committed, or fails (with a
     * {@link StoreUnavailableException}) when none is. Nothing is committed until it completes, so a caller that
     * acknowledges on completion acknowledges only committed events.
     *
     * <p>The stage may complete on a thread of the store (one that commits for many callers): what depends on it
     * should be quick, and hand anything slow, such as writing to a client, to a thread of its own. This default
     * appends synchronously on the calling thread and returns a completed stage; a store that gathers appends into
     * group commits answers without blocking.
     *
     * @param events the events to store, each with the id it gets unless it is a duplicate
     * @return the outcomes once committed, one per event in the order given; or a failed stage
     */
    default CompletionStage<List<AppendOutcome>> appendAsync(List<NewEvent> events) {
        try {
            return CompletableFuture.completedFuture(append(events));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
