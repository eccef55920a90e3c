package dev.campaignanalytics.app;

import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;

import java.time.Duration;
import java.util.List;

/**
 * An event store that reports each append as one commit to {@link GroupCommitMetrics}: its number of events, and the
 * time it took, whether it succeeded or failed.
 */
final class MeteredEventStore implements EventStore {
    private final EventStore store;
    private final GroupCommitMetrics metrics;

    MeteredEventStore(EventStore store, GroupCommitMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public List<AppendOutcome> append(List<NewEvent> events) {
        long start = System.nanoTime();
        try {
            return store.append(events);
        } finally {
            metrics.record(events.size(), Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
