package dev.campaignanalytics.app;

import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Event stores that report to {@link GroupCommitMetrics}, succeeded or failed: {@link #batches} counts the events of
 * each append as one commit's batch, {@link #waits} times each append as a caller's wait (for an asynchronous append,
 * until its stage completes). Around a store without group commit both wrap the same store; with group commit,
 * {@code batches} wraps the store that commits each group and {@code waits} the store that callers append to.
 */
final class MeteredEventStore {
    private MeteredEventStore() {
    }

    static EventStore batches(EventStore store, GroupCommitMetrics metrics) {
        return events -> {
            try {
                return store.append(events);
            } finally {
                metrics.recordBatch(events.size());
            }
        };
    }

    static EventStore waits(EventStore store, GroupCommitMetrics metrics) {
        return new EventStore() {
            @Override
            public List<AppendOutcome> append(List<NewEvent> events) {
                long start = System.nanoTime();
                try {
                    return store.append(events);
                } finally {
                    metrics.recordWait(Duration.ofNanos(System.nanoTime() - start));
                }
            }

            @Override
            public CompletionStage<List<AppendOutcome>> appendAsync(List<NewEvent> events) {
                long start = System.nanoTime();
                CompletionStage<List<AppendOutcome>> outcome;
                try {
                    outcome = store.appendAsync(events);
                } catch (RuntimeException e) {
                    metrics.recordWait(Duration.ofNanos(System.nanoTime() - start));
                    throw e;
                }
                return outcome.whenComplete((stored, failure) ->
                        metrics.recordWait(Duration.ofNanos(System.nanoTime() - start)));
            }
        };
    }
}
