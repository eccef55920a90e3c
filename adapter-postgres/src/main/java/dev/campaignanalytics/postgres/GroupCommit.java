package dev.campaignanalytics.postgres;

import java.time.Duration;

/**
 * How concurrent appends are gathered into group commits: a writer takes up to {@code maxEvents} queued events, or
 * what arrives within {@code maxWait} of the first, whichever comes first, and stores them in one transaction.
 * Up to {@code writers} writers do so at the same time, each with a group of its own: one group's idempotency keys
 * and rollups are written while another's raw rows go in and commit (raw rows and commits still go one group at a
 * time, in the order of the feed's positions; see FeedPositions). Writers after the first help only while a backlog
 * waits (batches, imports), so that a short queue of single events stays one group with one commit.
 *
 * @param maxEvents     the most events one group holds (a single larger append still goes alone, whole)
 * @param maxWait       how long a writer waits for more appends after the first of a group; zero takes only what is
 *                      already queued, which batches naturally under load and adds no latency when idle
 * @param queueCapacity the most events waiting; an append beyond it is refused at once as unavailable (the HTTP
 *                      layer answers 503 with Retry-After) instead of waiting without bound
 * @param writers       how many groups may be stored at the same time, each on its own connection
 */
public record GroupCommit(int maxEvents, Duration maxWait, int queueCapacity, int writers) {
    /**
     * Two writers: on 2 cores that lets the database work on one group while the other waits for its commit or
     * for the JVM (measured on the demo's load: bench/QUICK-RUN.md).
     */
    public static final int DEFAULT_WRITERS = 2;

    /** 5,000 events, no added wait, 100,000 events queued at most, {@value #DEFAULT_WRITERS} writers. */
    public static final GroupCommit DEFAULT = new GroupCommit(5_000, Duration.ZERO, 100_000, DEFAULT_WRITERS);

    /**
     * Refuses an empty group, a negative wait, a queue that cannot hold one full group, and no writer.
     *
     * @param maxEvents the most events one group holds, at least 1
     * @param maxWait how long a writer waits for more appends after the first of a group; not negative
     * @param queueCapacity the most events waiting, at least {@code maxEvents}
     * @param writers how many groups are stored at the same time, at least 1
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
        if (writers < 1) {
            throw new IllegalArgumentException("at least one writer stores the groups");
        }
    }

    /**
     * A single writer: one group at a time.
     *
     * @param maxEvents the most events one group holds, at least 1
     * @param maxWait how long the writer waits for more appends after the first of a group; not negative
     * @param queueCapacity the most events waiting, at least {@code maxEvents}
     */
    public GroupCommit(int maxEvents, Duration maxWait, int queueCapacity) {
        this(maxEvents, maxWait, queueCapacity, 1);
    }
}
