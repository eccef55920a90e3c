package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.FeedEvent;
import dev.campaignanalytics.core.port.out.EventFeed;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

/** The listener of one server hears of every event committed on the database, and keeps doing so. */
class PositionListenerTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @TempDir
    Path temp;

    /** Notifications arrive long before the safety-net poll, which is set to an hour here. */
    @Test
    void aCommittedAppendIsAnnouncedByNotificationWithItsNewestPosition() throws Exception {
        Campaign c = campaign("Announced");
        db.adapters().campaignCatalog().add(c);
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (PositionListener listener = new PositionListener(this::connectToTestDatabase, Duration.ofHours(1))) {
            EventFeed.Subscription subscription = listener.subscribe(heard::add);
            long atStart = heard.poll(10, TimeUnit.SECONDS);
            assertThat(atStart).isEqualTo(db.adapters().eventFeed().latestPosition());

            db.adapters().eventStore().append(List.of(event(c.id(), EventType.VIEW, T0),
                    event(c.id(), EventType.CLICK, T0)));
            long newest = db.adapters().eventFeed().latestPosition();

            Long announced = heard.poll(2, TimeUnit.SECONDS);
            assertThat(announced).isEqualTo(newest);
            subscription.close();
            db.adapters().eventStore().append(List.of(event(c.id(), EventType.VIEW, T0)));
            assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).as("nothing after the subscription closed").isNull();
        }
    }

    /**
     * The migration that made the feed's positions left the sequence at "next is N, none handed out since"; the first
     * append after it announces its newest position as exactly as any other.
     */
    @Test
    void theFirstAppendAfterTheSequenceWasSetAnnouncesItsNewestPosition() throws Exception {
        Campaign c = campaign("First after setval");
        db.adapters().campaignCatalog().add(c);
        long next = db.adapters().eventFeed().latestPosition() + 10;
        try (Connection conn = db.dataSource().getConnection();
             PreparedStatement s = conn.prepareStatement("SELECT setval('campaign_analytics_seq', ?, false)")) {
            s.setLong(1, next);
            s.execute();
        }
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (PositionListener listener = new PositionListener(this::connectToTestDatabase, Duration.ofHours(1))) {
            listener.subscribe(heard::add);
            heard.poll(10, TimeUnit.SECONDS);

            db.adapters().eventStore().append(List.of(event(c.id(), EventType.VIEW, T0),
                    event(c.id(), EventType.CLICK, T0), event(c.id(), EventType.CONVERSION, T0)));

            assertThat(db.adapters().eventFeed().latestPosition()).isEqualTo(next + 2);
            assertThat(heard.poll(2, TimeUnit.SECONDS)).isEqualTo(next + 2);
        }
    }

    /** A row that came in without a notification is found by the poll of the newest position. */
    @Test
    void anEventCommittedWithoutNotificationIsFoundByThePoll() throws Exception {
        Campaign c = campaign("Quiet");
        db.adapters().campaignCatalog().add(c);
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (PositionListener listener = new PositionListener(this::connectToTestDatabase, Duration.ofMillis(300))) {
            listener.subscribe(heard::add);
            heard.poll(10, TimeUnit.SECONDS);
            try (Connection conn = db.dataSource().getConnection();
                 PreparedStatement s = conn.prepareStatement("INSERT INTO campaign_analytics "
                         + "(id, campaign_id, event_type, created_at, received_at) VALUES (?, ?, 'view', now(), now())")) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, c.id().value());
                s.executeUpdate();
            }
            long newest = db.adapters().eventFeed().latestPosition();

            assertThat(awaitPosition(heard, newest, Duration.ofSeconds(3))).isTrue();
        }
    }

    @Test
    void closingStopsTheListenerThread() throws Exception {
        PositionListener listener = new PositionListener(this::connectToTestDatabase, Duration.ofHours(1));
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        listener.subscribe(heard::add);
        heard.poll(10, TimeUnit.SECONDS);
        assertThat(listener.isRunning()).isTrue();

        long start = System.nanoTime();
        listener.close();

        assertThat(listener.isRunning()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    /**
     * The database stops and starts again (same data, same address). The listener connects again by itself and
     * announces both the events committed by the restarted database and those it could not hear about meanwhile.
     */
    @Test
    void theListenerRecoversWhenTheDatabaseRestarts() throws Exception {
        Path dir = temp.resolve("cluster");
        int port = freePort();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, port);
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(server.jdbcUrl(), server.user(),
                server.password());
             PostgresAdapters adapters = PostgresAdapters.create(pool)) {
            adapters.migrate();
            Campaign c = campaign("Restarted");
            adapters.campaignCatalog().add(c);
            EventFeed feed = adapters.eventFeed();
            feed.subscribe(heard::add);
            adapters.eventStore().append(List.of(event(c.id(), EventType.VIEW, T0)));
            assertThat(awaitPosition(heard, feed.latestPosition(), Duration.ofSeconds(5))).isTrue();

            server.close();
            server = EmbeddedPostgresServer.start(dir, port);
            assertThat(server.port()).isEqualTo(port);
            appendRetrying(adapters, event(c.id(), EventType.CLICK, T0));
            List<FeedEvent> stored = feed.readAfter(0, Long.MAX_VALUE, null, 10);

            assertThat(stored).hasSize(2);
            assertThat(awaitPosition(heard, stored.get(1).position(), Duration.ofSeconds(15))).isTrue();

            heard.clear();
            adapters.eventStore().append(List.of(event(c.id(), EventType.CONVERSION, T0)));
            assertThat(awaitPosition(heard, feed.latestPosition(), Duration.ofSeconds(3))).isTrue();
        } finally {
            server.close();
        }
    }

    /** The pool may still hold connections to the stopped server: an append fails on each, as a client would see. */
    private static void appendRetrying(PostgresAdapters adapters, NewEvent event) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                adapters.eventStore().append(List.of(event));
                return;
            } catch (StoreUnavailableException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private Connection connectToTestDatabase() throws java.sql.SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    /** Whether a position of at least {@code position} is heard within {@code within}. */
    private static boolean awaitPosition(BlockingQueue<Long> heard, long position, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Long p = heard.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (p == null) {
                return false;
            }
            if (p >= position) {
                return true;
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
