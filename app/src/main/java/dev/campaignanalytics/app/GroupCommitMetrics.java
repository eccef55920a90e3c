package dev.campaignanalytics.app;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The meters of committing events, named for group commit:
 *
 * <ul>
 *   <li>{@value #BATCH_SIZE} (Prometheus {@code analytics_group_commit_batch_size_events}): events per commit;</li>
 *   <li>{@value #WAIT} (Prometheus {@code analytics_group_commit_wait_seconds}): how long the caller waited for its
 *   commit's outcome.</li>
 * </ul>
 *
 * <p>There is no group commit yet: every call of {@code EventStore.append} commits on its own, so today a "group"
 * is one append call (one tracked event, one batch of {@code /track-events}, one import transaction) and the wait is
 * the time spent in that call, transaction included. A group commit that gathers concurrent requests into one
 * transaction reports through the same meters: the batch size then is the events of the
 * group's transaction, the wait the time from a request joining the queue to its group's outcome: see
 * {@link ServerMetrics#meterBatches} and {@link ServerMetrics#meterWaits}. The meter names, and so the dashboards,
 * stay.
 */
public final class GroupCommitMetrics {
    public static final String BATCH_SIZE = "analytics.group.commit.batch.size";
    public static final String WAIT = "analytics.group.commit.wait";

    private final DistributionSummary batchSize;
    private final Timer waitTime;

    GroupCommitMetrics(MeterRegistry registry) {
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Events committed together in one transaction")
                .baseUnit("events")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000)
                .register(registry);
        this.waitTime = Timer.builder(WAIT)
                .description("Time a caller waited for its events' commit")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
    }

    /** One transaction committed (or failed to commit) {@code events} events together. */
    public void recordBatch(int events) {
        batchSize.record(events);
    }

    /** A caller waited {@code waited} for the outcome of its events' commit. */
    public void recordWait(Duration waited) {
        waitTime.record(waited);
    }
}
