package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventData;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.IpAddress;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static dev.campaignanalytics.postgres.Fixtures.eventWithKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbiEventStoreTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private EventStore store;
    private CampaignId campaign;

    @BeforeEach
    void setUp() {
        store = db.adapters().eventStore();
        Campaign c = campaign("Tracked");
        db.adapters().campaignCatalog().add(c);
        campaign = c.id();
    }

    @Test
    void appendStoresEveryFieldOfTheEvent() throws SQLException {
        UUID user = UUID.randomUUID();
        Instant occurred = Instant.parse("2025-03-10T12:34:56.789012Z");
        Instant received = Instant.parse("2025-03-10T12:35:00.000001Z");
        TrackedEvent tracked = new TrackedEvent(campaign, EventType.CONVERSION, occurred,
                new Dimensions("returning", "email", "mobile"), "session-1", user, "Mozilla/5.0",
                IpAddress.parse("ip", "2001:db8::1"), "https://example.com/a?b=c",
                new EventData("{\"b\":[true,null],\"a\":1}"), "client-1");
        EventId id = new EventId(UUID.randomUUID());

        List<AppendOutcome> outcomes = store.append(List.of(new NewEvent(id, received, tracked)));

        assertThat(outcomes).containsExactly(new AppendOutcome(id, false));
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT campaign_id, event_type, event_data::text AS data, "
                     + "audience_segment, channel, device_type, user_agent, host(ip_address) AS ip, referrer_url, "
                     + "session_id, user_id, created_at, received_at, client_event_id, seq "
                     + "FROM campaign_analytics WHERE id = ?")) {
            s.setObject(1, id.value());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("campaign_id", UUID.class)).isEqualTo(campaign.value());
                assertThat(rs.getString("event_type")).isEqualTo("conversion");
                assertThat(rs.getString("data")).isEqualTo("{\"a\": 1, \"b\": [true, null]}");
                assertThat(rs.getString("audience_segment")).isEqualTo("returning");
                assertThat(rs.getString("channel")).isEqualTo("email");
                assertThat(rs.getString("device_type")).isEqualTo("mobile");
                assertThat(rs.getString("user_agent")).isEqualTo("Mozilla/5.0");
                assertThat(IpAddress.parse("ip", rs.getString("ip"))).isEqualTo(IpAddress.parse("ip", "2001:db8::1"));
                assertThat(rs.getString("referrer_url")).isEqualTo("https://example.com/a?b=c");
                assertThat(rs.getString("session_id")).isEqualTo("session-1");
                assertThat(rs.getObject("user_id", UUID.class)).isEqualTo(user);
                assertThat(rs.getObject("created_at", OffsetDateTime.class).toInstant()).isEqualTo(occurred);
                assertThat(rs.getObject("received_at", OffsetDateTime.class).toInstant()).isEqualTo(received);
                assertThat(rs.getString("client_event_id")).isEqualTo("client-1");
                assertThat(rs.getLong("seq")).isPositive();
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void eventWithOnlyTheRequiredFieldsStoresTheRestAsNull() throws SQLException {
        NewEvent e = event(campaign, EventType.IMPRESSION, T0);

        store.append(List.of(e));

        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT num_nulls(event_data, audience_segment, channel, "
                     + "device_type, user_agent, ip_address, referrer_url, session_id, user_id, client_event_id) "
                     + "FROM campaign_analytics WHERE id = ?")) {
            s.setObject(1, e.id().value());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(10);
            }
        }
    }

    @Test
    void ipv4AddressIsStoredAsAnInetAddress() throws SQLException {
        NewEvent e = Fixtures.stored(TrackedEvent.of(campaign, EventType.VIEW, T0));
        TrackedEvent withIp = new TrackedEvent(campaign, EventType.VIEW, T0, null, null, null, null,
                IpAddress.parse("ip", "192.0.2.0"), null, null, null);
        NewEvent ipEvent = new NewEvent(e.id(), e.receivedAt(), withIp);

        store.append(List.of(ipEvent));

        assertThat(queryString("SELECT family(ip_address) || ' ' || host(ip_address) FROM campaign_analytics"))
                .isEqualTo("4 192.0.2.0");
    }

    @Test
    void batchOfEventsIsStoredInOrderWithOneOutcomeEach() throws SQLException {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(event(campaign, EventType.values()[i % 4], T0.plusSeconds(i)));
        }

        List<AppendOutcome> outcomes = store.append(batch);

        assertThat(outcomes).extracting(AppendOutcome::id).containsExactlyElementsOf(
                batch.stream().map(NewEvent::id).toList());
        assertThat(outcomes).noneMatch(AppendOutcome::duplicate);
        assertThat(rowCount()).isEqualTo(50);
        assertThat(queryString("SELECT string_agg(id::text, ',' ORDER BY seq) FROM campaign_analytics"))
                .isEqualTo(String.join(",", batch.stream().map(e -> e.id().toString()).toList()));
    }

    @Test
    void emptyBatchStoresNothing() throws SQLException {
        assertThat(store.append(List.of())).isEmpty();
        assertThat(rowCount()).isZero();
    }

    @Test
    void replayedClientEventIdStoresOneRowAndReturnsTheFirstId() throws SQLException {
        NewEvent first = eventWithKey(campaign, "k-1");
        NewEvent replay = eventWithKey(campaign, "k-1");

        List<AppendOutcome> firstOutcome = store.append(List.of(first));
        List<AppendOutcome> replayOutcome = store.append(List.of(replay));

        assertThat(firstOutcome).containsExactly(new AppendOutcome(first.id(), false));
        assertThat(replayOutcome).containsExactly(new AppendOutcome(first.id(), true));
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void batchMixingReplayedAndNewEventsStoresOnlyTheNewOnes() throws SQLException {
        NewEvent stored = eventWithKey(campaign, "old");
        store.append(List.of(stored));
        NewEvent fresh = eventWithKey(campaign, "new");
        NewEvent replay = eventWithKey(campaign, "old");
        NewEvent anonymous = event(campaign, EventType.VIEW, T0);

        List<AppendOutcome> outcomes = store.append(List.of(fresh, replay, anonymous));

        assertThat(outcomes).containsExactly(
                new AppendOutcome(fresh.id(), false),
                new AppendOutcome(stored.id(), true),
                new AppendOutcome(anonymous.id(), false));
        assertThat(rowCount()).isEqualTo(3);
    }

    @Test
    void clientEventIdRepeatedInsideOneBatchIsStoredOnceAndLaterCopiesGetTheFirstId() throws SQLException {
        NewEvent first = eventWithKey(campaign, "dup");
        NewEvent other = eventWithKey(campaign, "other");
        NewEvent second = eventWithKey(campaign, "dup");
        NewEvent third = eventWithKey(campaign, "dup");

        List<AppendOutcome> outcomes = store.append(List.of(first, other, second, third));

        assertThat(outcomes).containsExactly(
                new AppendOutcome(first.id(), false),
                new AppendOutcome(other.id(), false),
                new AppendOutcome(first.id(), true),
                new AppendOutcome(first.id(), true));
        assertThat(rowCount()).isEqualTo(2);
    }

    @Test
    void repeatsInsideABatchOfAnAlreadyStoredIdAllGetTheStoredId() throws SQLException {
        NewEvent stored = eventWithKey(campaign, "k");
        store.append(List.of(stored));

        List<AppendOutcome> outcomes = store.append(List.of(eventWithKey(campaign, "k"), eventWithKey(campaign, "k")));

        assertThat(outcomes).containsExactly(new AppendOutcome(stored.id(), true),
                new AppendOutcome(stored.id(), true));
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void eventsWithoutClientEventIdAreNeverDuplicates() throws SQLException {
        NewEvent a = event(campaign, EventType.CLICK, T0);
        NewEvent b = event(campaign, EventType.CLICK, T0);

        List<AppendOutcome> outcomes = store.append(List.of(a, b));
        List<AppendOutcome> again = store.append(List.of(event(campaign, EventType.CLICK, T0)));

        assertThat(outcomes).containsExactly(new AppendOutcome(a.id(), false), new AppendOutcome(b.id(), false));
        assertThat(again).singleElement().extracting(AppendOutcome::duplicate).isEqualTo(false);
        assertThat(rowCount()).isEqualTo(3);
    }

    @Test
    void sameClientEventIdInAnotherCampaignIsNotADuplicate() throws SQLException {
        Campaign other = campaign("Other");
        db.adapters().campaignCatalog().add(other);
        NewEvent here = eventWithKey(campaign, "shared");
        NewEvent there = eventWithKey(other.id(), "shared");

        List<AppendOutcome> outcomes = store.append(List.of(here, there));

        assertThat(outcomes).containsExactly(new AppendOutcome(here.id(), false),
                new AppendOutcome(there.id(), false));
        assertThat(rowCount()).isEqualTo(2);
    }

    @Test
    void clientEventIdsThatDifferOnlyInCaseAreDifferentKeys() throws SQLException {
        List<AppendOutcome> outcomes = store.append(List.of(eventWithKey(campaign, "Key"),
                eventWithKey(campaign, "key")));

        assertThat(outcomes).noneMatch(AppendOutcome::duplicate);
        assertThat(rowCount()).isEqualTo(2);
    }

    @Test
    void concurrentAppendsOfTheSameClientEventIdStoreOneRowAndAllGetItsId() throws Exception {
        int rounds = 15;
        int writers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < rounds; round++) {
                String key = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<AppendOutcome>>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    NewEvent e = eventWithKey(campaign, key);
                    Callable<List<AppendOutcome>> append = () -> {
                        start.await();
                        return store.append(List.of(e));
                    };
                    results.add(pool.submit(append));
                }
                start.countDown();
                List<AppendOutcome> outcomes = new ArrayList<>();
                for (Future<List<AppendOutcome>> f : results) {
                    outcomes.addAll(f.get(30, TimeUnit.SECONDS));
                }

                EventId storedId = new EventId(UUID.fromString(queryString(
                        "SELECT id::text FROM campaign_analytics WHERE client_event_id = '" + key + "'")));
                assertThat(outcomes).extracting(AppendOutcome::id).containsOnly(storedId);
                assertThat(outcomes).filteredOn(o -> !o.duplicate()).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowCount()).isEqualTo(rounds);
    }

    @Test
    void anAppendWritesKeysAndRollupsBeforeItWaitsForTheAppendLockAndStoresItsRowsOnlyOnceItHoldsIt()
            throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = db.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + FeedPositions.APPEND_LOCK + ")");
            }
            NewEvent e = eventWithKey(campaign, "behind-the-lock");
            Future<List<AppendOutcome>> append = pool.submit(() -> store.append(List.of(e)));

            String waiting = awaitSessionWaitingFor("advisory", Duration.ofSeconds(20));
            assertThat(waiting).as("an append waiting for the append lock").isNotNull();
            // It has claimed its key and appended its rollup delta already, and stored no raw row.
            assertThat(queryString("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_locks l "
                    + "JOIN pg_class c ON c.oid = l.relation WHERE l.pid = " + waiting + " AND l.granted "
                    + "AND l.mode = 'RowExclusiveLock' AND c.relname IN "
                    + "('campaign_event_keys', 'campaign_rollup_delta', 'campaign_analytics')"))
                    .isEqualTo("campaign_event_keys,campaign_rollup_delta");
            assertThat(append.isDone()).isFalse();

            holder.commit();
            assertThat(append.get(20, TimeUnit.SECONDS)).containsExactly(new AppendOutcome(e.id(), false));
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void concurrentBatchesSharingKeysInOppositeOrderBothSucceedWithoutDeadlock() throws Exception {
        int rounds = 5;
        int keys = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                List<NewEvent> forward = new ArrayList<>();
                List<NewEvent> backward = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    forward.add(eventWithKey(campaign, "r" + round + "-" + k));
                    backward.add(0, eventWithKey(campaign, "r" + round + "-" + k));
                }
                CountDownLatch start = new CountDownLatch(1);
                Future<List<AppendOutcome>> a = pool.submit(() -> {
                    start.await();
                    return store.append(forward);
                });
                Future<List<AppendOutcome>> b = pool.submit(() -> {
                    start.await();
                    return store.append(backward);
                });
                start.countDown();

                List<AppendOutcome> outcomesA = a.get(30, TimeUnit.SECONDS);
                List<AppendOutcome> outcomesB = b.get(30, TimeUnit.SECONDS);
                for (int k = 0; k < keys; k++) {
                    AppendOutcome fromA = outcomesA.get(k);
                    AppendOutcome fromB = outcomesB.get(keys - 1 - k);
                    assertThat(fromA.id()).isEqualTo(fromB.id());
                    assertThat(fromA.duplicate()).isNotEqualTo(fromB.duplicate());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowCount()).isEqualTo((long) rounds * keys);
    }

    /**
     * An append that claims its keys one by one takes them in the order its COPY would have, the one order of every
     * writer, not in PostgreSQL's order of uuid (unsigned bytes), which differs from Java's (signed numbers). Here
     * another append's COPY is half way: it holds a key of the first campaign and wants one of the second next. Taking
     * the second campaign's key first would deadlock the two.
     */
    @Test
    void anAppendClaimingKeysOneByOneTakesThemInTheOrderOfACopyAndDoesNotDeadlockWithOne() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // first before second as Java compares them; second before first as PostgreSQL does
        CampaignId first = new CampaignId(new UUID(random.nextLong() | Long.MIN_VALUE, random.nextLong()));
        CampaignId second = new CampaignId(new UUID(random.nextLong() & Long.MAX_VALUE, random.nextLong()));
        NewEvent storedBefore = eventWithKey(first, "a");
        // its key makes the next append's COPY fail at once, so that append claims its keys one by one
        store.append(List.of(storedBefore));
        UUID heldFirst = UUID.randomUUID();
        UUID heldSecond = UUID.randomUUID();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection copying = db.dataSource().getConnection()) {
            copying.setAutoCommit(false);
            insertKey(copying, first, "k", heldFirst);
            Future<List<AppendOutcome>> appending = pool.submit(() -> store.append(List.of(
                    eventWithKey(first, "a"), eventWithKey(first, "k"), eventWithKey(second, "k"))));
            assertThat(awaitSessionWaitingFor("transactionid", Duration.ofSeconds(10)))
                    .as("the append waiting for the key the other COPY holds").isNotNull();

            insertKey(copying, second, "k", heldSecond);
            copying.commit();

            assertThat(appending.get(30, TimeUnit.SECONDS)).containsExactly(
                    new AppendOutcome(storedBefore.id(), true), new AppendOutcome(new EventId(heldFirst), true),
                    new AppendOutcome(new EventId(heldSecond), true));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void insertKey(Connection c, CampaignId campaign, String clientEventId, UUID eventId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO campaign_event_keys (campaign_id, client_event_id, event_id) VALUES (?, ?, ?)")) {
            s.setObject(1, campaign.value());
            s.setString(2, clientEventId);
            s.setObject(3, eventId);
            s.executeUpdate();
        }
    }

    /**
     * The pid of a session waiting for a lock of the kind {@code waitEvent} ({@code pg_stat_activity.wait_event}:
     * {@code advisory}, {@code transactionid}, …), once one waits; null when none does within {@code timeout}. Each
     * look is a statement on a connection of its own: a transaction sees one snapshot of {@code pg_stat_activity}.
     */
    private static String awaitSessionWaitingFor(String waitEvent, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waiting = null;
        while (waiting == null && System.nanoTime() < deadline) {
            waiting = queryStringOrNull("SELECT pid::text FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND wait_event = '" + waitEvent + "' LIMIT 1");
            if (waiting == null) {
                Thread.sleep(20);
            }
        }
        return waiting;
    }

    @Test
    void batchThatFailsStoresNoneOfItsEvents() throws SQLException {
        NewEvent valid = eventWithKey(campaign, "valid");
        NewEvent refused = event(campaign, EventType.CLICK, T0);
        NewEvent alsoValid = event(campaign, EventType.VIEW, T0);
        // The database refuses clicks for the time of this test (campaigns are checked by tracking, not here).
        execute("ALTER TABLE campaign_analytics ADD CONSTRAINT test_refuses_clicks CHECK (event_type <> 'click')");
        try {
            assertThatThrownBy(() -> store.append(List.of(valid, refused, alsoValid)))
                    .isInstanceOf(StoreUnavailableException.class);
        } finally {
            execute("ALTER TABLE campaign_analytics DROP CONSTRAINT test_refuses_clicks");
        }

        assertThat(rowCount()).isZero();
        assertThat(Long.parseLong(queryString("SELECT count(*) FROM campaign_event_keys"))).isZero();
        assertThat(Long.parseLong(queryString("SELECT count(*) FROM campaign_rollup_delta"))).isZero();
        // The key was not taken by the failed batch.
        assertThat(store.append(List.of(valid))).containsExactly(new AppendOutcome(valid.id(), false));
    }

    @Test
    void batchWhoseKeysAreTakenPartlyStoresOnlyTheNewOnesAndTakesNoKeyTwice() throws SQLException {
        NewEvent first = eventWithKey(campaign, "k-1");
        store.append(List.of(first));
        NewEvent fresh = eventWithKey(campaign, "k-0");
        NewEvent replay = eventWithKey(campaign, "k-1");
        NewEvent alsoFresh = eventWithKey(campaign, "k-2");

        // The one COPY of the batch's keys meets k-1 and stores none of them; each key is then claimed on its own.
        List<AppendOutcome> outcomes = store.append(List.of(fresh, replay, alsoFresh));

        assertThat(outcomes).containsExactly(new AppendOutcome(fresh.id(), false),
                new AppendOutcome(first.id(), true), new AppendOutcome(alsoFresh.id(), false));
        assertThat(rowCount()).isEqualTo(3);
        assertThat(queryString("SELECT string_agg(client_event_id || '=' || event_id, ',' ORDER BY client_event_id) "
                + "FROM campaign_event_keys"))
                .isEqualTo("k-0=" + fresh.id() + ",k-1=" + first.id() + ",k-2=" + alsoFresh.id());
    }

    @Test
    void occurredAtIsStoredToTheMicrosecondTruncatingNanos() throws SQLException {
        Instant withNanos = Instant.parse("2025-03-10T23:59:59.999999999Z");

        store.append(List.of(event(campaign, EventType.VIEW, withNanos)));

        assertThat(queryString("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') "
                + "FROM campaign_analytics")).isEqualTo("2025-03-10 23:59:59.999999");
    }

    @Test
    void textIsStoredExactlyAsSentWhateverCharactersItHolds() throws SQLException {
        // Tabs, line ends and backslashes (which a text-format COPY must escape), "\N" (its NULL), and characters
        // outside ASCII, one of them outside the Basic Multilingual Plane.
        String odd = "tab\there\nnew\rline \\ back\\N \\N é 日本 😀 \"q\"";
        TrackedEvent tracked = new TrackedEvent(campaign, EventType.CLICK, T0, new Dimensions(odd, "c\th", "d\\"),
                odd, null, odd, null, odd, new EventData("{\"k\":\"" + "tab\\t 😀 \\\\ \\\"\"}"), odd);
        NewEvent e = new NewEvent(new EventId(UUID.randomUUID()), T0, tracked);

        store.append(List.of(e));

        assertThat(queryString("SELECT audience_segment FROM campaign_analytics")).isEqualTo(odd);
        assertThat(queryString("SELECT channel || '|' || device_type FROM campaign_analytics")).isEqualTo("c\th|d\\");
        assertThat(queryString("SELECT session_id FROM campaign_analytics")).isEqualTo(odd);
        assertThat(queryString("SELECT user_agent FROM campaign_analytics")).isEqualTo(odd);
        assertThat(queryString("SELECT referrer_url FROM campaign_analytics")).isEqualTo(odd);
        assertThat(queryString("SELECT client_event_id FROM campaign_analytics")).isEqualTo(odd);
        assertThat(queryString("SELECT client_event_id FROM campaign_event_keys")).isEqualTo(odd);
        assertThat(queryString("SELECT event_data ->> 'k' FROM campaign_analytics")).isEqualTo("tab\t 😀 \\ \"");
    }

    @Test
    void instantsBeforeTheYear2000AreStoredToTheMicrosecondCutTowardsThePast() throws SQLException {
        // PostgreSQL counts a timestamptz from 2000-01-01; an instant before it is a negative count.
        Instant occurred = Instant.parse("1999-12-31T23:59:59.999999999Z");
        Instant received = Instant.parse("1970-01-01T00:00:00.0000005Z");
        NewEvent e = new NewEvent(new EventId(UUID.randomUUID()), received,
                TrackedEvent.of(campaign, EventType.VIEW, occurred));

        store.append(List.of(e));

        assertThat(queryString("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' ' "
                + "|| to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM campaign_analytics"))
                .isEqualTo("1999-12-31 23:59:59.999999 1970-01-01 00:00:00.000000");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long rowCount() throws SQLException {
        return Long.parseLong(queryString("SELECT count(*) FROM campaign_analytics"));
    }

    private static String queryStringOrNull(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String queryString(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
