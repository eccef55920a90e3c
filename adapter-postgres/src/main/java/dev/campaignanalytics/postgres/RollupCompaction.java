package dev.campaignanalytics.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How the counts that appends leave in {@code campaign_rollup_delta} are moved into the rollup levels. Reports are
 * exact whatever is chosen (they add the rows not yet moved); compaction keeps the delta table, and so the work of
 * each report, small.
 *
 * @param background whether daemon threads of the adapters compact every {@code interval}, from
 *                   {@link PostgresAdapters#startBackground()} or the first append on, whichever comes first;
 *                   without it, only {@link PostgresAdapters#compactRollups()} does (tests, tools, or a server whose
 *                   database another process compacts)
 * @param interval   the pause between compactions while the delta table holds less than a full batch; a full
 *                   batch is followed by the next one at once
 * @param batchSize  the most delta rows one compaction transaction moves
 * @param threads    how many background threads compact at once while a backlog of full batches waits (after an
 *                   import of history, say); one alone takes what a tick finds. Each transaction of PostgreSQL runs
 *                   on one core, so a second thread doubles how fast a backlog drains on a machine with two cores.
 */
public record RollupCompaction(boolean background, Duration interval, int batchSize, int threads) {
    /** The background threads of {@link #DEFAULT}. */
    public static final int DEFAULT_THREADS = 2;

    /**
     * In the background, every second, up to 50,000 delta rows (about a second of heavy ingest) a transaction, with
     * {@value #DEFAULT_THREADS} threads while a backlog waits.
     */
    public static final RollupCompaction DEFAULT = every(Duration.ofSeconds(1), 50_000);

    /**
     * Refuses a pause that is not positive, a batch of no row and no thread.
     *
     * @param background whether daemon threads compact
     * @param interval the pause between compactions, positive
     * @param batchSize the most delta rows a transaction moves, at least 1
     * @param threads the background threads that compact at once while a backlog waits, at least 1
     */
    public RollupCompaction {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the pause between compactions is positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("a compaction moves at least one row");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread compacts");
        }
    }

    /**
     * Compaction in the background.
     *
     * @param interval the pause between compactions, positive
     * @param batchSize the most delta rows a transaction moves, at least 1
     * @return the settings
     */
    public static RollupCompaction every(Duration interval, int batchSize) {
        return new RollupCompaction(true, interval, batchSize, DEFAULT_THREADS);
    }

    /**
     * No background thread: only {@link PostgresAdapters#compactRollups()} compacts, for tests and tools that need
     * to know when it happens. A server needs a background compactor somewhere on its database.
     *
     * @param batchSize the most delta rows a transaction moves, at least 1
     * @return the settings
     */
    public static RollupCompaction onRequest(int batchSize) {
        return new RollupCompaction(false, Duration.ofSeconds(1), batchSize, 1);
    }
}
