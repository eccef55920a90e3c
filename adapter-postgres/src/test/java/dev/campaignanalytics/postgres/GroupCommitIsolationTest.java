package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static dev.campaignanalytics.postgres.Fixtures.eventWithKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A group commit that PostgreSQL refuses for one request's content fails that request alone. */
class GroupCommitIsolationTest {
    private static final String POISON = "refused-by-the-database";
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void anEventTheDatabaseRefusesFailsOnlyTheRequestThatCarriesItAndTheRestOfItsGroupIsStored() throws Exception {
        Campaign known = campaign("Known");
        db.adapters().campaignCatalog().add(known);
        // Stands for a rule of the database that validation did not foresee: PostgreSQL refuses the event (23514).
        execute("ALTER TABLE campaign_analytics ADD CONSTRAINT refuses_poison CHECK (client_event_id <> '" + POISON
                + "')");
        GroupCommitEventStoreTest.RecordingStore inner =
                new GroupCommitEventStoreTest.RecordingStore(db.adapters().eventStore());
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(1000, Duration.ZERO, 10_000));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            Future<List<AppendOutcome>> leading = callers.submit(() -> store.append(
                    List.of(event(known.id(), EventType.VIEW, T0))));
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<List<AppendOutcome>>> good = new ArrayList<>();
            CountDownLatch calling = new CountDownLatch(6);
            for (int i = 0; i < 5; i++) {
                List<NewEvent> three = List.of(event(known.id(), EventType.VIEW, T0),
                        event(known.id(), EventType.CLICK, T0), event(known.id(), EventType.IMPRESSION, T0));
                good.add(callers.submit(() -> {
                    calling.countDown();
                    return store.append(three);
                }));
            }
            List<NewEvent> poisoned = List.of(event(known.id(), EventType.VIEW, T0),
                    eventWithKey(known.id(), POISON));
            Future<List<AppendOutcome>> bad = callers.submit(() -> {
                calling.countDown();
                return store.append(poisoned);
            });
            assertThat(calling.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            inner.release.countDown();

            assertThat(leading.get(10, TimeUnit.SECONDS)).hasSize(1);
            for (Future<List<AppendOutcome>> call : good) {
                assertThat(call.get(10, TimeUnit.SECONDS)).hasSize(3).noneMatch(AppendOutcome::duplicate);
            }
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StoreUnavailableException.class);
            assertThat(inner.groupSizes.subList(0, 2)).as("the leading request, then the whole group")
                    .containsExactly(1, 17);
            // The six requests queued in whatever order their threads ran.
            assertThat(inner.groupSizes.subList(2, inner.groupSizes.size())).as("then each request of it alone")
                    .containsExactlyInAnyOrder(3, 3, 3, 3, 3, 2);
            assertThat(storedEvents()).isEqualTo(1 + 15);
        } finally {
            callers.shutdownNow();
            store.close();
            execute("ALTER TABLE campaign_analytics DROP CONSTRAINT refuses_poison");
        }
    }

    @Test
    void whenTheDatabaseIsUnreachableTheGroupFailsAtOnceWithoutTryingEachRequest() {
        assertThat(GroupCommitEventStore.refusedForContent(new StoreUnavailableException("down",
                new SQLException("connection refused", "08001")))).isFalse();
        assertThat(GroupCommitEventStore.refusedForContent(new StoreUnavailableException("stopping",
                new SQLException("terminating connection due to administrator command", "57P01")))).isFalse();
        assertThat(GroupCommitEventStore.refusedForContent(new StoreUnavailableException("io",
                new java.io.IOException("broken pipe")))).isFalse();
        assertThat(GroupCommitEventStore.refusedForContent(new StoreUnavailableException("refused",
                new IllegalStateException(new SQLException("violates foreign key", "23503"))))).isTrue();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long storedEvents() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM campaign_analytics")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
