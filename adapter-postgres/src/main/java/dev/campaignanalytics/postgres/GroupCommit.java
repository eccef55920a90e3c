package dev.campaignanalytics.postgres;

import java.time.Duration;

/**
 * How concurrent appends are gathered into group commits: one writer takes up to {@code maxEvents} queued events, or
 * what arrives within {@code maxWait} of the first, whichever comes first, and stores them in one transaction.
 *
 * @param maxEvents     the most events one group holds (a single larger append still goes alone, whole)
 * @param maxWait       how long the writer waits for more appends after the first of a group; zero takes only what is
 *                      already queued, which batches naturally under load and adds no latency when idle
 * @param queueCapacity the most events waiting; an append beyond it is refused at once as unavailable (the HTTP
 *                      layer answers 503 with Retry-After) instead of waiting without bound
 */
public record GroupCommit(int maxEvents, Duration maxWait, int queueCapacity) {
    /** 5,000 events, no added wait, 100,000 events queued at most. */
    public static final GroupCommit DEFAULT = new GroupCommit(5_000, Duration.ZERO, 100_000);

    /**
     * Refuses an empty group, a negative wait, and a queue that cannot hold one full group.
     *
     * @param maxEvents the most events one group holds, at least 1
     * @param maxWait how long the writer waits for more appends after the first of a group; not negative
     * @param queueCapacity the most events waiting, at least {@code maxEvents}
     */
    public GroupCommit {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("a group holds at least one event");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("the wait is never negative");
        }
        if (queueCapacity < maxEvents) {
            throw new IllegalArgumentException("the queue holds at least one full group");
        }
    }
}
