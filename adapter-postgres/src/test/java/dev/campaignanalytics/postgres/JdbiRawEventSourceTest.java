package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventData;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.IpAddress;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.RawEvent;
import dev.campaignanalytics.core.port.out.RawEventSource;
import dev.campaignanalytics.core.port.out.RawEventSource.Query;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static dev.campaignanalytics.postgres.Fixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbiRawEventSourceTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private RawEventSource source;
    private CampaignId campaign;

    @BeforeEach
    void setUp() {
        source = db.adapters().rawEventSource();
        Campaign c = campaign("Raw");
        db.adapters().campaignCatalog().add(c);
        campaign = c.id();
    }

    private List<RawEvent> read(Query query) throws IOException {
        List<RawEvent> out = new ArrayList<>();
        source.forEach(query, out::add);
        return out;
    }

    private Query all() {
        return new Query(campaign, T0, T0.plus(Duration.ofDays(1)), DimensionFilter.NONE);
    }

    @Test
    void givesBackEveryStoredFieldAsStored() throws IOException {
        UUID user = UUID.randomUUID();
        TrackedEvent full = new TrackedEvent(campaign, EventType.CLICK, T0.plusMillis(1500),
                new Dimensions("returning", "email", "mobile"), "session-1", user, "Mozilla/5.0",
                IpAddress.parse("ip", "2001:db8::1"), "https://example.com/?a=1",
                new EventData("{\"plan\": \"pro\", \"n\": 2}"), "client-7");
        NewEvent stored = stored(full);
        NewEvent bare = event(campaign, EventType.VIEW, T0.plusSeconds(5));
        db.adapters().eventStore().append(List.of(stored, bare));

        List<RawEvent> events = read(all());

        assertThat(events).hasSize(2);
        RawEvent e = events.get(0);
        assertThat(e.id()).isEqualTo(stored.id());
        assertThat(e.campaignId()).isEqualTo(campaign);
        assertThat(e.type()).isEqualTo(EventType.CLICK);
        assertThat(e.createdAt()).isEqualTo(T0.plusMillis(1500));
        assertThat(e.receivedAt()).isEqualTo(stored.receivedAt());
        assertThat(e.audienceSegment()).isEqualTo("returning");
        assertThat(e.channel()).isEqualTo("email");
        assertThat(e.deviceType()).isEqualTo("mobile");
        assertThat(e.sessionId()).isEqualTo("session-1");
        assertThat(e.userId()).isEqualTo(user);
        assertThat(e.userAgent()).isEqualTo("Mozilla/5.0");
        assertThat(e.ipAddress()).isEqualTo("2001:db8::1");
        assertThat(e.referrerUrl()).isEqualTo("https://example.com/?a=1");
        assertThat(e.eventData()).isEqualTo("{\"n\": 2, \"plan\": \"pro\"}");
        assertThat(e.clientEventId()).isEqualTo("client-7");
        RawEvent b = events.get(1);
        assertThat(b.audienceSegment()).isNull();
        assertThat(b.userId()).isNull();
        assertThat(b.ipAddress()).isNull();
        assertThat(b.eventData()).isNull();
        assertThat(b.clientEventId()).isNull();
    }

    @Test
    void textWithTabsLineBreaksBackslashesAndCharactersBeyondAsciiIsStoredAsSent() throws IOException {
        String awkward = "a\tb\nc\r\\N \\ \u00e9\u20ac \ud83d\ude00 end";
        TrackedEvent e = new TrackedEvent(campaign, EventType.VIEW, T0.plusSeconds(1),
                new Dimensions("seg\tment", "\\N", "dev\nice"), awkward, null, awkward, null,
                "https://example.com/\u00fc?q=\\", new EventData("{\"k\": \"line\\nbreak \\\\ \u00e9\"}"),
                "key\\\t" + awkward);
        db.adapters().eventStore().append(List.of(stored(e)));

        RawEvent r = read(all()).get(0);

        assertThat(r.sessionId()).isEqualTo(awkward);
        assertThat(r.userAgent()).isEqualTo(awkward);
        assertThat(r.audienceSegment()).isEqualTo("seg\tment");
        assertThat(r.channel()).isEqualTo("\\N");
        assertThat(r.deviceType()).isEqualTo("dev\nice");
        assertThat(r.referrerUrl()).isEqualTo("https://example.com/\u00fc?q=\\");
        assertThat(r.eventData()).isEqualTo("{\"k\": \"line\\nbreak \\\\ \u00e9\"}");
        assertThat(r.clientEventId()).isEqualTo("key\\\t" + awkward);
    }

    @Test
    void timesComeBackToTheMicrosecondBeforeAndAfterTheDatabasesEpoch() throws IOException {
        // PostgreSQL counts microseconds from 2000-01-01T00:00:00Z; times on both sides of it, with fractions.
        List<Instant> times = List.of(Instant.parse("1999-12-31T23:59:59.999999Z"),
                Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-01T00:00:00.000001Z"),
                Instant.parse("1970-01-01T00:00:00.5Z"), T0.plusNanos(123_456_000));
        for (Instant t : times) {
            db.adapters().eventStore().append(List.of(event(campaign, EventType.VIEW, t)));
        }

        List<RawEvent> events = read(new Query(campaign, Instant.parse("1960-01-01T00:00:00Z"),
                T0.plus(Duration.ofDays(1)), DimensionFilter.NONE));

        assertThat(events).extracting(RawEvent::createdAt).containsExactlyElementsOf(times.stream().sorted().toList());
        assertThat(events).allSatisfy(e -> assertThat(e.receivedAt()).isNotNull());
    }

    @Test
    void readsOnlyTheCampaignsEventsInTheHalfOpenRangeInTheOrderTheyHappened() throws IOException {
        Campaign other = campaign("Other");
        db.adapters().campaignCatalog().add(other);
        Instant until = T0.plus(Duration.ofHours(2));
        db.adapters().eventStore().append(List.of(
                event(campaign, EventType.VIEW, until.minusNanos(1000)),
                event(campaign, EventType.VIEW, T0.minusNanos(1000)),
                event(campaign, EventType.CLICK, T0),
                event(campaign, EventType.VIEW, until),
                event(other.id(), EventType.VIEW, T0.plusSeconds(1)),
                event(campaign, EventType.IMPRESSION, T0.plusSeconds(60))));

        List<RawEvent> events = read(new Query(campaign, T0, until, DimensionFilter.NONE));

        assertThat(events).extracting(RawEvent::createdAt)
                .containsExactly(T0, T0.plusSeconds(60), until.minusNanos(1000));
    }

    @Test
    void appliesTheDimensionFiltersExactly() throws IOException {
        db.adapters().eventStore().append(List.of(
                event(campaign, EventType.VIEW, T0, new Dimensions("a", "email", "mobile")),
                event(campaign, EventType.VIEW, T0, new Dimensions("a", "email", "desktop")),
                event(campaign, EventType.VIEW, T0, new Dimensions("A", "email", "mobile")),
                event(campaign, EventType.VIEW, T0, new Dimensions(null, "email", "mobile"))));

        List<RawEvent> events = read(new Query(campaign, T0, T0.plusSeconds(1),
                DimensionFilter.of("a", null, "mobile")));

        assertThat(events).hasSize(1);
        assertThat(events.get(0).deviceType()).isEqualTo("mobile");
        assertThat(events.get(0).audienceSegment()).isEqualTo("a");
    }

    @Test
    void readsThroughAnOpenCursorInsideATransactionRatherThanAllAtOnce() throws IOException {
        List<NewEvent> many = new ArrayList<>();
        for (int i = 0; i < JdbiRawEventSource.FETCH_SIZE * 3; i++) {
            many.add(event(campaign, EventType.VIEW, T0.plusMillis(i)));
        }
        db.adapters().eventStore().append(many);
        List<String> statesSeen = new ArrayList<>();
        long[] count = {0};

        source.forEach(all(), e -> {
            if (count[0]++ == 0) {
                // Rows are read ahead on a thread of their own, into a bounded hand-over; once that is full the
                // reader waits between fetches. Until then a fetch may be running ("active").
                statesSeen.add(stateBetweenFetches());
            }
        });

        assertThat(count[0]).isEqualTo(JdbiRawEventSource.FETCH_SIZE * 3L);
        // A cursor keeps its transaction open between fetches; a read of everything at once would have ended it.
        assertThat(statesSeen).containsExactly("idle in transaction");
        assertThat(activeConnections()).isZero();
    }

    /** The export query's state once it is not fetching, waiting at most 5 s for its fetch to end. */
    private String stateBetweenFetches() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String state = stateOfTheExportQuery();
        while ("active".equals(state) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = stateOfTheExportQuery();
        }
        return state;
    }

    @Test
    void aSinkThatFailsStopsTheReadingAndTheConnectionGoesBackToThePool() throws IOException {
        List<NewEvent> many = new ArrayList<>();
        for (int i = 0; i < JdbiRawEventSource.FETCH_SIZE * 2; i++) {
            many.add(event(campaign, EventType.VIEW, T0.plusMillis(i)));
        }
        db.adapters().eventStore().append(many);
        IOException gone = new IOException("the client went away");
        long[] count = {0};

        assertThatThrownBy(() -> source.forEach(all(), e -> {
            if (++count[0] == 10) {
                throw gone;
            }
        })).isSameAs(gone);

        assertThat(count[0]).isEqualTo(10);
        assertThat(activeConnections()).isZero();
        assertThat(stateOfTheExportQuery()).isNull();
    }

    private static int activeConnections() {
        return ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().getActiveConnections();
    }

    /** The state of the backend running the export's statement, or null when none does. */
    private static String stateOfTheExportQuery() {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT state FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                     + "AND query LIKE 'SELECT id, event_type, created_at%'")) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
