package dev.campaignanalytics.postgres;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves the counts that appends leave in {@code campaign_rollup_delta} into the seven rollup levels.
 *
 * <p>One compaction is one transaction: it deletes up to a batch of delta rows ({@code FOR UPDATE SKIP LOCKED},
 * so compactors on several servers take disjoint rows and never wait for each other there), aggregates the deleted
 * rows in Java into every level ({@link Rollups}), adds the sums with the same upsert the appends once used, and
 * commits. Because the rows leave the delta table and their sums enter the levels in one commit, every snapshot sees
 * each count exactly once, and a report (one statement over the levels plus the delta rows) is exact at every
 * moment. A compaction that fails rolls back whole: the rows stay in the delta table for the next one, so no count
 * is lost or doubled. Levels catch up within about one interval of a commit while the compactor keeps up.
 *
 * <p>In the background, a daemon thread named {@code rollup-compactor-1} compacts every interval, and at once again
 * after a full batch, from {@link #start()} on: a server calls it when it starts
 * ({@link PostgresAdapters#startBackground()}), and the first append through the adapters calls it too. While full
 * batches follow each other (a backlog, as after an import of history), up to {@link RollupCompaction#threads()}
 * threads compact at once, on disjoint rows. Rows of the levels are upserted in one key order by every compaction,
 * so compactions that add to the same rows wait for each other and never deadlock. Failures are logged at WARN and
 * retried on the next tick.
 */
final class RollupCompactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RollupCompactor.class);
    private static final String TAKE_DELTA = Sql.statement(RollupCompactor.class, "takeDelta");
    private static final String BACKLOG = Sql.statement(RollupCompactor.class, "backlog");
    /** Below this many delta rows, {@link #backlog()} counts them exactly; from there on, PostgreSQL estimates. */
    static final int EXACT_BACKLOG_ROWS = 100_000;

    private final Jdbi jdbi;
    private final RollupCompaction settings;
    /**
     * Delta rows moved since the compactor last vacuumed the delta table: after a drained backlog of at least this
     * many, it vacuums the table itself (moved rows are dead rows, which reports would otherwise step over until
     * autovacuum comes, up to a minute later).
     */
    static final int VACUUM_AFTER_ROWS = 20_000;

    private final AtomicLong movedSinceVacuum = new AtomicLong();
    /** Delta rows this compactor has moved into the levels since it was made, in committed compactions. */
    private final AtomicLong moved = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Threads that drain a backlog beside the ticking one. */
    private final AtomicInteger helpers = new AtomicInteger();
    private volatile boolean closed;
    private ScheduledExecutorService thread;

    RollupCompactor(Jdbi jdbi, RollupCompaction settings) {
        this.jdbi = jdbi;
        this.settings = settings;
    }

    /** Starts the background thread, if the settings ask for one and it has not started; cheap once started. */
    void start() {
        if (!settings.background() || started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            AtomicInteger made = new AtomicInteger();
            thread = Executors.newScheduledThreadPool(settings.threads(), task -> {
                Thread t = new Thread(task, "rollup-compactor-" + made.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            long millis = settings.interval().toMillis();
            thread.scheduleWithFixedDelay(this::tick, millis, Math.max(1, millis), TimeUnit.MILLISECONDS);
            LOG.info("Rollup compaction runs in the background: every {}, up to {} delta rows a transaction, "
                    + "up to {} threads while a backlog waits", settings.interval(), settings.batchSize(),
                    settings.threads());
        }
    }

    /** {@return whether the settings leave compaction to someone else: no background thread ever starts} */
    boolean onRequestOnly() {
        return !settings.background();
    }

    private void tick() {
        drain(true);
        if (!closed && movedSinceVacuum.get() >= VACUUM_AFTER_ROWS && helpers.get() == 0) {
            movedSinceVacuum.set(0);
            vacuum();
        }
    }

    /** Vacuums the delta table, unless another server's compactor or autovacuum is at it. */
    void vacuum() {
        try {
            jdbi.useHandle(h -> h.execute("VACUUM (SKIP_LOCKED) campaign_rollup_delta"));
        } catch (RuntimeException e) {
            LOG.warn("Could not vacuum the rollup deltas: {}", e.toString());
        }
    }

    /**
     * Compacts until a batch is not full. The ticking thread, after a full batch, lets further threads help while
     * the backlog lasts.
     */
    private void drain(boolean ticking) {
        try {
            while (!closed && compactOnce() == settings.batchSize()) {
                // A full batch: more may wait, so the next one follows at once.
                if (ticking) {
                    callHelpers();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not compact the rollup deltas; the next attempt follows in {}: {}", settings.interval(),
                    e.toString());
        } finally {
            if (!ticking) {
                helpers.decrementAndGet();
            }
        }
    }

    private void callHelpers() {
        while (true) {
            int now = helpers.get();
            if (now >= settings.threads() - 1) {
                return;
            }
            if (helpers.compareAndSet(now, now + 1)) {
                try {
                    thread.execute(() -> drain(false));
                } catch (RejectedExecutionException closing) {
                    helpers.decrementAndGet();
                    return;
                }
            }
        }
    }

    /**
     * Moves up to one batch of delta rows into the rollup levels, in one transaction.
     *
     * @return how many delta rows were moved
     */
    int compactOnce() {
        int taken = Sql.inTransaction(jdbi, "compact the rollup deltas", h -> {
            Rollups rollups = new Rollups();
            int[] rows = {0};
            h.createQuery(TAKE_DELTA)
                    .bind("limit", settings.batchSize())
                    .map((rs, ctx) -> {
                        rollups.add(rs.getObject("campaign_id", UUID.class), rs.getLong("bucket"),
                                rs.getString("audience_segment"), rs.getString("channel"), rs.getString("device_type"),
                                new long[] {rs.getLong("impressions"), rs.getLong("views"), rs.getLong("clicks"),
                                        rs.getLong("conversions")});
                        rows[0]++;
                        return Boolean.TRUE;
                    })
                    .forEach(x -> { });
            rollups.write(h);
            return rows[0];
        });
        movedSinceVacuum.addAndGet(taken);
        moved.addAndGet(taken);
        return taken;
    }

    /** {@return the delta rows this compactor has moved into the levels, in compactions that committed} */
    long rowsMoved() {
        return moved.get();
    }

    /**
     * The committed delta rows that wait for compaction, by every server on the database: exact below
     * {@value #EXACT_BACKLOG_ROWS} rows, PostgreSQL's estimate of the table's live rows from there on (see
     * {@code backlog.sql}).
     *
     * @return the rows waiting
     */
    long backlog() {
        return backlog(EXACT_BACKLOG_ROWS);
    }

    /** Like {@link #backlog()}, counting exactly below {@code cap} rows. */
    long backlog(int cap) {
        return Sql.withHandle(jdbi, "count the rollup deltas", h -> h.createQuery(BACKLOG)
                .setQueryTimeout(2)
                .bind("cap", (long) cap)
                .mapTo(Long.class)
                .one());
    }

    /** Stops the background thread, letting a compaction under way finish (or roll back) first. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.shutdown();
        try {
            if (!t.awaitTermination(10, TimeUnit.SECONDS)) {
                t.shutdownNow();
            }
        } catch (InterruptedException e) {
            t.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
