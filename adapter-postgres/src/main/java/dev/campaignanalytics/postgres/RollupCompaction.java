package dev.campaignanalytics.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How the counts that appends leave in {@code campaign_rollup_delta} are moved into the rollup levels. Reports are
 * exact whatever is chosen (they add the rows not yet moved); compaction keeps the delta table, and so the work of
 * each report, small.
 *
 * @param background whether a daemon thread of the adapters compacts every {@code interval}, from the first append
 *                   on; without it, only {@link PostgresAdapters#compactRollups()} does (tests, tools)
 * @param interval   the pause between compactions while the delta table holds less than a full batch; a full
 *                   batch is followed by the next one at once
 * @param batchSize  the most delta rows one compaction transaction moves
 */
public record RollupCompaction(boolean background, Duration interval, int batchSize) {
    /** In the background, every second, up to 50,000 delta rows (about a second of heavy ingest) a transaction. */
    public static final RollupCompaction DEFAULT = every(Duration.ofSeconds(1), 50_000);

    /**
     * Refuses a pause that is not positive and a batch of no row.
     *
     * @param background whether a daemon thread compacts
     * @param interval the pause between compactions, positive
     * @param batchSize the most delta rows a transaction moves, at least 1
     */
    public RollupCompaction {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the pause between compactions is positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("a compaction moves at least one row");
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
        return new RollupCompaction(true, interval, batchSize);
    }

    /**
     * No background thread: only {@link PostgresAdapters#compactRollups()} compacts, for tests and tools that need
     * to know when it happens. A server needs a background compactor somewhere on its database.
     *
     * @param batchSize the most delta rows a transaction moves, at least 1
     * @return the settings
     */
    public static RollupCompaction onRequest(int batchSize) {
        return new RollupCompaction(false, Duration.ofSeconds(1), batchSize);
    }
}
