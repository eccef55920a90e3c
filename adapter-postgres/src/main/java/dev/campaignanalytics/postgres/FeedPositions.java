package dev.campaignanalytics.postgres;

import org.jdbi.v3.core.Handle;

/**
 * How the positions of the live feed (the identity column {@code campaign_analytics.seq}) come to follow commit
 * order, and how listeners hear of new ones.
 *
 * <p><b>The problem.</b> An identity value is handed out when a row is inserted, not when its transaction commits.
 * With two writers, the one that got 100 may commit after the one that got 101; a reader that has just seen 101 and
 * asks for "everything after 101" would never see 100.
 *
 * <p><b>The cure.</b> Every append takes one transaction-level advisory lock
 * ({@code pg_advisory_xact_lock(}{@value #APPEND_LOCK}{@code )}) before it inserts its raw rows, and holds it until it
 * commits or rolls back. The raw rows of appends, from every server on the database, therefore go in one append at a
 * time: a transaction gets its positions only after the one before it has committed and become visible, so
 * positions become visible in ascending order. (Positions of a rolled-back append are simply skipped.) What an append
 * does before (claiming its idempotency keys, adding to the rollups) hands out no position and may overlap with
 * another append. Anything that inserts into {@code campaign_analytics} must take this lock first; only the event
 * store does.
 *
 * <p><b>The cost.</b> The raw rows and commits of appends no longer overlap, and so no longer share a WAL flush at
 * commit: each one waits for the previous one's commit to reach the disk. (Until the demo work of issue #6 the lock
 * was taken first and covered the whole append; the figures below are from then.) Measured roughly on this project's embedded PostgreSQL 17 with durable
 * commits, on a busy machine of 2 shared cores, 8 writers appending concurrently for a few seconds (numbers varied by
 * half from run to run):
 * <ul>
 *   <li>one-event appends: about 950-1,200 transactions/s without the lock and without NOTIFY, 550-950 with NOTIFY
 *       only, 110-160 with both;</li>
 *   <li>100-event appends: about 22,000-26,000 events/s without either, 7,800-10,000 with both.</li>
 * </ul>
 * So concurrent appends lose most of their throughput, and the loss is per transaction, not per event: what wins it
 * back is fewer, larger transactions (the batch route, imports, or a single writer that gathers concurrent requests
 * into one transaction). An uncontended append pays two more round trips (the lock and the NOTIFY); runs with a single
 * writer were too noisy on that machine to put a number on it.
 *
 * <p><b>Telling listeners.</b> In the same transaction, after its rows are in, an append sends
 * {@code NOTIFY campaign_events, '<its highest position>'}. PostgreSQL delivers a notification only when its
 * transaction commits, and never at all when it rolls back. The payload is a position, never the events: a
 * notification holds at most 8000 bytes, and listeners read the new rows themselves.
 */
final class FeedPositions {
    /** The key of the advisory lock that serialises appends. Any constant works, as long as nothing else uses it. */
    static final long APPEND_LOCK = 7_106_374_628_151_904_257L;
    /** The channel on which new positions are announced. */
    static final String CHANNEL = "campaign_events";

    private FeedPositions() {
    }

    /** Waits until no other append holds the lock, then holds it until this transaction ends. */
    static void lockAppends(Handle h) {
        h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(:key)")
                .bind("key", APPEND_LOCK)
                .mapTo(Integer.class)
                .one();
    }

    /**
     * Announces, on commit, the highest position now stored. Call it while holding {@link #lockAppends}, after
     * inserting.
     */
    static void announceNewest(Handle h) {
        // One round trip: the lock is held until commit, so every statement inside it costs every append. The
        // highest position is the one this session's COPY took last: positions come from one sequence (cache 1) and
        // appends hold the lock, so no other append took one since. (max(seq) over the table descended every
        // monthly partition's index, inside the lock, on every append.)
        h.createQuery("SELECT pg_notify(:channel, currval('campaign_analytics_seq')::text)::text")
                .bind("channel", CHANNEL)
                .mapTo(String.class)
                .one();
    }
}
