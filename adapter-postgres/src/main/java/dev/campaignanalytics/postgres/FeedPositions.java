package dev.campaignanalytics.postgres;

import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;

import java.sql.SQLException;
import java.sql.Statement;

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
 * into one transaction). An uncontended append pays one more round trip (the lock and the NOTIFY together, since
 * session 7; two before); runs with a single writer were too noisy on that machine to put a number on it.
 *
 * <p><b>Telling listeners.</b> In the same transaction, holding the lock, an append sends
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

    /**
     * Waits until no other append holds the lock, then holds it until this transaction ends; and announces, on commit,
     * the highest position that the next {@code positions} rows inserted into {@code campaign_analytics} will take.
     * Call it right before those rows go in.
     *
     * <p>Both go in one round trip, since the lock is held until commit and every statement inside it costs every
     * append. The highest position is known before the rows go in: positions come from one sequence (cache 1), only
     * appends take them, and only while they hold the lock, so the rows take the next {@code positions} values in
     * turn. (Before, the announcement was a statement of its own after the rows, reading {@code currval}; before
     * that, {@code max(seq)} over the table, which descended every monthly partition's index.) A NOTIFY is only
     * delivered when its transaction commits, so announcing before the rows are in tells nobody early.
     */
    static void lockAppendsAndAnnounce(Handle h, int positions) {
        if (positions < 1) {
            throw new IllegalArgumentException("an append announces at least one position: " + positions);
        }
        // last_value is the last position handed out, unless is_called is false: then none was since setval, and
        // last_value is the next one
        String sql = "SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ");"
                + " SELECT pg_notify('" + CHANNEL + "',"
                + " (last_value - CASE WHEN is_called THEN 0 ELSE 1 END + " + positions + ")::text)"
                + " FROM campaign_analytics_seq";
        try (Statement s = h.getConnection().createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new ConnectionException(e);
        }
    }
}
