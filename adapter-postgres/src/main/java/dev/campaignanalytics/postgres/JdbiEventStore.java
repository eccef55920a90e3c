package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.ConnectionException;

import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Raw events kept in the monthly partitions of {@code campaign_analytics}, one row per event, with the rollups that
 * reports read maintained in the same transaction.
 *
 * <p>The rollups are written as deltas: the transaction aggregates its new events per all-dimensions key (campaign,
 * 15-minute slot, segment, channel, device) and appends one row per key to {@code campaign_rollup_delta}, a table
 * without a unique key, so appends never wait for each other's rollup rows. {@link RollupCompactor} later moves the
 * deltas into the seven rollup levels, in transactions of its own; reports read the levels plus the deltas not yet
 * moved, in one statement (one snapshot), so an acknowledged event is in every report at once, and exactly, while
 * the levels catch up within about a second.
 *
 * <p>Idempotency is the database's to decide: the key table {@code campaign_event_keys} lets exactly one of any
 * number of racing claims of a (campaign_id, client_event_id) win, and the others then read the winner's id. This
 * needs the default READ COMMITTED isolation, in which the read after the claim sees the winner's commit. A
 * duplicate stores no row and adds to no rollup.
 *
 * <p>An append first claims its keys and appends its rollup deltas; only then does it take the append lock (and
 * announce its newest position), store the raw rows (which hands out their feed positions) and commit, one append at
 * a time across every server on the database, so that positions follow commit order: see {@link FeedPositions}. The
 * work before the lock, most of an append's, overlaps with another append's raw rows and commit. Concurrent appends
 * cannot deadlock: keys are taken in one order by every append, delta rows are only inserted (no row is locked), and
 * an append that holds the append lock waits for nothing another one holds.
 */
final class JdbiEventStore implements EventStore {
    private static final String STORED_IDS = Sql.statement(JdbiEventStore.class, "storedIds");
    private static final String CLAIM_KEYS = Sql.statement(JdbiEventStore.class, "claimKeys");

    private final Jdbi jdbi;
    private final Partitions partitions;
    private final Runnable beforeAppend;

    /**
     * @param beforeAppend runs before each append (starts the rollup compactor with the first one); cheap
     */
    JdbiEventStore(Jdbi jdbi, Partitions partitions, Runnable beforeAppend) {
        this.jdbi = jdbi;
        this.partitions = partitions;
        this.beforeAppend = beforeAppend;
    }

    @Override
    public List<AppendOutcome> append(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        // An event that repeats the key of an earlier one in the batch shares that one's outcome.
        int[] sharesOutcomeOf = new int[events.size()];
        Map<Key, Integer> firstWithKey = new HashMap<>();
        List<NewEvent> candidates = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Key key = Key.of(events.get(i).event());
            Integer first = key == null ? null : firstWithKey.putIfAbsent(key, i);
            if (first == null) {
                sharesOutcomeOf[i] = i;
                candidates.add(events.get(i));
            } else {
                sharesOutcomeOf[i] = first;
            }
        }
        Set<YearMonth> months = new HashSet<>();
        for (NewEvent e : candidates) {
            months.add(Partitions.monthOf(e.event().occurredAt()));
        }
        partitions.ensure(months);
        beforeAppend.run();
        try {
            return Sql.inTransaction(jdbi, "store events",
                    h -> store(h, events, candidates, sharesOutcomeOf, KeyClaim.ALL_AT_ONCE));
        } catch (KeyTakenException taken) {
            // Some key was taken before (a retry, or a concurrent append that committed first); the first try kept
            // nothing. This time each key is claimed on its own, and the database decides per key.
            return Sql.inTransaction(jdbi, "store events",
                    h -> store(h, events, candidates, sharesOutcomeOf, KeyClaim.ONE_BY_ONE));
        }
    }

    /** Stores the candidates that win their key (or have none) with their rollups; one outcome per event. */
    private static List<AppendOutcome> store(Handle h, List<NewEvent> events, List<NewEvent> candidates,
                                             int[] sharesOutcomeOf, KeyClaim claim) {
        Set<UUID> stored = claimKeys(h, candidates, claim);
        List<NewEvent> toInsert = new ArrayList<>(candidates.size());
        RollupDelta rollups = new RollupDelta();
        for (NewEvent e : candidates) {
            if (e.event().clientEventId() == null || stored.contains(e.id().value())) {
                stored.add(e.id().value());
                toInsert.add(e);
                rollups.add(e.event());
            }
        }
        rollups.write(h);
        if (!toInsert.isEmpty()) {
            // Positions are handed out from here on, one append at a time, until this transaction ends.
            FeedPositions.lockAppendsAndAnnounce(h, toInsert.size());
            insert(h, toInsert);
        }
        Map<Key, EventId> storedEarlier = storedIds(h, candidates, stored);
        AppendOutcome[] outcomes = new AppendOutcome[events.size()];
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = events.get(i);
            if (sharesOutcomeOf[i] != i) {
                outcomes[i] = new AppendOutcome(outcomes[sharesOutcomeOf[i]].id(), true);
            } else if (stored.contains(e.id().value())) {
                outcomes[i] = new AppendOutcome(e.id(), false);
            } else {
                EventId winner = storedEarlier.get(Key.of(e.event()));
                if (winner == null) {
                    throw new IllegalStateException("event " + e.id() + " was neither stored nor a duplicate");
                }
                outcomes[i] = new AppendOutcome(winner, true);
            }
        }
        return List.of(outcomes);
    }

    /**
     * How an append claims its idempotency keys. Usually no key of an append was claimed before, so the keys first
     * go in {@link #ALL_AT_ONCE} with one {@code COPY}, the first statement of the transaction: the primary key of
     * {@code campaign_event_keys} refuses the whole {@code COPY} if any key is taken (also by a concurrent
     * transaction that commits first), and then the whole transaction, which has done nothing else, is rolled back
     * and the append starts again {@link #ONE_BY_ONE}, with {@code INSERT … ON CONFLICT DO NOTHING}. Both ways claim
     * exactly the keys not taken; the first costs about half as much per key, and takes no savepoint (two round
     * trips fewer).
     */
    private enum KeyClaim { ALL_AT_ONCE, ONE_BY_ONE }

    /**
     * Claims the idempotency keys of the events that have one; returns the ids of the events whose claim won (the
     * others are duplicates of events stored before, possibly by a concurrent transaction).
     *
     * @throws KeyTakenException claiming {@link KeyClaim#ALL_AT_ONCE}, when a key was taken; the transaction is then
     *                           aborted
     */
    private static Set<UUID> claimKeys(Handle h, List<NewEvent> events, KeyClaim claim) {
        List<NewEvent> keyed = new ArrayList<>(events.size());
        for (NewEvent e : events) {
            if (e.event().clientEventId() != null) {
                keyed.add(e);
            }
        }
        if (keyed.isEmpty()) {
            return new HashSet<>();
        }
        // Keys go in sorted, so that concurrent batches sharing keys wait for each other in one order and never
        // deadlock.
        keyed.sort(KEY_ORDER);
        if (claim == KeyClaim.ONE_BY_ONE) {
            return claimEachKey(h, keyed);
        }
        copyKeys(h, keyed);
        Set<UUID> claimed = new HashSet<>(keyed.size() * 2);
        for (NewEvent e : keyed) {
            claimed.add(e.id().value());
        }
        return claimed;
    }

    /**
     * One order of idempotency keys, the same for every writer and for both ways of claiming them: campaign (as Java
     * compares UUIDs), then client event id (as Java compares strings).
     */
    private static final Comparator<NewEvent> KEY_ORDER = Comparator
            .comparing((NewEvent e) -> e.event().campaignId().value())
            .thenComparing(e -> e.event().clientEventId());

    private static final String COPY_KEYS =
            "COPY campaign_event_keys (campaign_id, client_event_id, event_id) FROM STDIN (FORMAT binary)";

    /** A {@code COPY} into the key table that met a key already taken; its transaction is aborted. */
    private static final class KeyTakenException extends RuntimeException {
        KeyTakenException(SQLException cause) {
            super(cause);
        }
    }

    private static void copyKeys(Handle h, List<NewEvent> keyed) {
        BinaryCopyRows rows = new BinaryCopyRows(keyed.size() * 80);
        for (NewEvent e : keyed) {
            rows.row(3);
            rows.uuid(e.event().campaignId().value());
            rows.text(e.event().clientEventId());
            rows.uuid(e.id().value());
        }
        try {
            rows.copyIn(h, COPY_KEYS);
        } catch (ConnectionException e) {
            if (e.getCause() instanceof SQLException refused && UNIQUE_VIOLATION.equals(refused.getSQLState())) {
                throw new KeyTakenException(refused);
            }
            throw e;
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    /** Claims each key on its own, in the order given: the ids of the events whose claim won. */
    private static Set<UUID> claimEachKey(Handle h, List<NewEvent> keyed) {
        List<String> campaignIds = new ArrayList<>(keyed.size());
        List<String> clientEventIds = new ArrayList<>(keyed.size());
        List<String> eventIds = new ArrayList<>(keyed.size());
        for (NewEvent e : keyed) {
            campaignIds.add(e.event().campaignId().toString());
            clientEventIds.add(e.event().clientEventId());
            eventIds.add(e.id().toString());
        }
        return new HashSet<>(h.createQuery(CLAIM_KEYS)
                .bindArray("campaignIds", String.class, campaignIds)
                .bindArray("clientEventIds", String.class, clientEventIds)
                .bindArray("eventIds", String.class, eventIds)
                .mapTo(UUID.class)
                .list());
    }

    /** Columns in the order of the rows that {@link #insert} sends; {@code seq} takes its default. */
    private static final String COPY = "COPY campaign_analytics (id, campaign_id, event_type, event_data, "
            + "audience_segment, channel, device_type, user_agent, ip_address, referrer_url, session_id, user_id, "
            + "created_at, received_at, client_event_id) FROM STDIN (FORMAT binary)";

    /**
     * Stores the events with one {@code COPY} in PostgreSQL's binary format, in the caller's transaction. Only events
     * that won their idempotency key (or have none) come here, so nothing conflicts.
     */
    private static void insert(Handle h, List<NewEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        BinaryCopyRows rows = new BinaryCopyRows(events.size() * 200);
        for (NewEvent e : events) {
            TrackedEvent t = e.event();
            rows.row(15);
            rows.uuid(e.id().value());
            rows.uuid(t.campaignId().value());
            rows.text(t.type().wireName());
            rows.jsonb(t.eventData() == null ? null : t.eventData().json());
            rows.text(t.dimensions().audienceSegment());
            rows.text(t.dimensions().channel());
            rows.text(t.dimensions().deviceType());
            rows.text(t.userAgent());
            rows.inet(t.ipAddress() == null ? null : t.ipAddress().octets());
            rows.text(t.referrerUrl());
            rows.text(t.sessionId());
            rows.uuid(t.userId());
            rows.timestamptz(t.occurredAt());
            rows.timestamptz(e.receivedAt());
            rows.text(t.clientEventId());
        }
        rows.copyIn(h, COPY);
    }

    /** The ids already stored under the keys of the events that were not stored now. */
    private static Map<Key, EventId> storedIds(Handle h, List<NewEvent> events, Set<UUID> storedNow) {
        List<String> campaignIds = new ArrayList<>();
        List<String> clientEventIds = new ArrayList<>();
        for (NewEvent e : events) {
            if (!storedNow.contains(e.id().value())) {
                campaignIds.add(e.event().campaignId().toString());
                clientEventIds.add(e.event().clientEventId());
            }
        }
        Map<Key, EventId> ids = new HashMap<>();
        if (campaignIds.isEmpty()) {
            return ids;
        }
        h.createQuery(STORED_IDS)
                .bindArray("campaignIds", String.class, campaignIds)
                .bindArray("clientEventIds", String.class, clientEventIds)
                .map((rs, ctx) -> Map.entry(
                        new Key(new CampaignId(rs.getObject("campaign_id", UUID.class)),
                                rs.getString("client_event_id")),
                        new EventId(rs.getObject("id", UUID.class))))
                .forEach(entry -> ids.put(entry.getKey(), entry.getValue()));
        return ids;
    }

    /** The idempotency key of an event; events without a client event id have none. */
    private record Key(CampaignId campaign, String clientEventId) {
        Key {
            Objects.requireNonNull(campaign);
            Objects.requireNonNull(clientEventId);
        }

        static Key of(TrackedEvent e) {
            return e.clientEventId() == null ? null : new Key(e.campaignId(), e.clientEventId());
        }
    }
}
