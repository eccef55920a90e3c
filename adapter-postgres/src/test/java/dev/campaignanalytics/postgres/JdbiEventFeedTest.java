package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventData;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.FeedEvent;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.EventFeed;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

class JdbiEventFeedTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private EventFeed feed;
    private EventStore store;
    private Campaign spring;
    private Campaign autumn;

    @BeforeEach
    void setUp() {
        feed = db.adapters().eventFeed();
        store = db.adapters().eventStore();
        spring = campaign("Spring sale");
        autumn = campaign("Autumn sale");
        db.adapters().campaignCatalog().add(spring);
        db.adapters().campaignCatalog().add(autumn);
    }

    @Test
    void readAfterGivesTheEventsBetweenTwoPositionsLowestFirstWithEveryField() {
        long start = feed.latestPosition();
        TrackedEvent full = new TrackedEvent(spring.id(), EventType.CONVERSION, T0,
                new Dimensions("returning", "email", "mobile"), "s-1", null, "UA", null, null,
                new EventData("{\"order\":\"A-1\",\"total\":12.5}"), "client-1");
        Instant received = Instant.parse("2025-03-10T00:00:05.123456Z");
        NewEvent first = new NewEvent(EventIds.next(received), received, full);
        store.append(List.of(first));
        store.append(List.of(event(autumn.id(), EventType.VIEW, T0)));
        store.append(List.of(event(spring.id(), EventType.CLICK, T0)));

        List<FeedEvent> all = feed.readAfter(start, Long.MAX_VALUE, null, 100);

        assertThat(all).extracting(FeedEvent::type)
                .containsExactly(EventType.CONVERSION, EventType.VIEW, EventType.CLICK);
        assertThat(all).extracting(FeedEvent::position).isSorted().doesNotHaveDuplicates();
        FeedEvent e = all.get(0);
        assertThat(e.id()).isEqualTo(first.id());
        assertThat(e.campaignId()).isEqualTo(spring.id());
        assertThat(e.campaignName()).isEqualTo("Spring sale");
        assertThat(e.dimensions()).isEqualTo(new Dimensions("returning", "email", "mobile"));
        assertThat(e.eventDataJson()).isEqualTo("{\"order\": \"A-1\", \"total\": 12.5}");
        assertThat(e.occurredAt()).isEqualTo(T0);
        assertThat(e.receivedAt()).isEqualTo(received);
        assertThat(feed.latestPosition()).isEqualTo(all.get(2).position());

        long p1 = all.get(0).position();
        long p2 = all.get(1).position();
        assertThat(feed.readAfter(p1, p2, null, 100)).extracting(FeedEvent::type).containsExactly(EventType.VIEW);
        assertThat(feed.readAfter(start, Long.MAX_VALUE, spring.id(), 100)).extracting(FeedEvent::type)
                .containsExactly(EventType.CONVERSION, EventType.CLICK);
        assertThat(feed.readAfter(start, Long.MAX_VALUE, null, 2)).hasSize(2);
    }

    @Test
    void newestReceivedAfterIsNewestFirstAndStrictlyAfterTheInstant() {
        Instant t1 = Instant.parse("2025-03-10T10:00:00.000001Z");
        Instant t2 = Instant.parse("2025-03-10T10:00:00.000002Z");
        Instant t3 = Instant.parse("2025-03-10T10:00:01Z");
        store.append(List.of(receivedAt(spring.id(), EventType.VIEW, t1)));
        store.append(List.of(receivedAt(autumn.id(), EventType.CLICK, t2)));
        store.append(List.of(receivedAt(spring.id(), EventType.CONVERSION, t3),
                receivedAt(spring.id(), EventType.IMPRESSION, t3)));

        List<FeedEvent> all = feed.newestReceivedAfter(null, null, 10);
        assertThat(all).extracting(FeedEvent::receivedAt).containsExactly(t3, t3, t2, t1);
        assertThat(all.get(0).position()).isGreaterThan(all.get(1).position());

        assertThat(feed.newestReceivedAfter(null, t2, 10)).extracting(FeedEvent::receivedAt)
                .containsExactly(t3, t3);
        // An instant finer than PostgreSQL's microseconds: t1 + 0.5 µs is after t1 and before t2.
        assertThat(feed.newestReceivedAfter(null, t1.plusNanos(500), 10)).extracting(FeedEvent::receivedAt)
                .containsExactly(t3, t3, t2);
        assertThat(feed.newestReceivedAfter(spring.id(), null, 10)).extracting(FeedEvent::receivedAt)
                .containsExactly(t3, t3, t1);
        assertThat(feed.newestReceivedAfter(spring.id(), t1, 1)).hasSize(1);
        assertThat(feed.newestReceivedAfter(null, t3, 10)).isEmpty();
    }

    @Test
    void newestUpToIsHighestPositionFirstAndNeverPastTheBound() {
        store.append(List.of(receivedAt(spring.id(), EventType.VIEW, T0.plusSeconds(5))));
        store.append(List.of(receivedAt(autumn.id(), EventType.CLICK, T0)));
        store.append(List.of(receivedAt(spring.id(), EventType.CONVERSION, T0.plusSeconds(1))));
        long latest = feed.latestPosition();

        List<FeedEvent> all = feed.newestUpTo(latest, null, 10);
        assertThat(all).extracting(FeedEvent::type)
                .containsExactly(EventType.CONVERSION, EventType.CLICK, EventType.VIEW);
        assertThat(all.get(0).position()).isEqualTo(latest);
        assertThat(feed.newestUpTo(latest, null, 2)).extracting(FeedEvent::type)
                .containsExactly(EventType.CONVERSION, EventType.CLICK);
        assertThat(feed.newestUpTo(latest - 1, null, 10)).extracting(FeedEvent::type)
                .containsExactly(EventType.CLICK, EventType.VIEW);
        assertThat(feed.newestUpTo(latest, spring.id(), 10)).extracting(FeedEvent::type)
                .containsExactly(EventType.CONVERSION, EventType.VIEW);
        assertThat(feed.newestUpTo(all.get(2).position() - 1, null, 10)).isEmpty();
    }

    @Test
    void oneCampaignsReadsByPositionKeepItsOwnEventsWithinTheBoundsAndTheLimit() {
        long start = feed.latestPosition();
        // spring's events lie among many of autumn's, in separate commits: positions interleave.
        List<Long> springPositions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            store.append(List.of(event(autumn.id(), EventType.VIEW, T0), event(autumn.id(), EventType.VIEW, T0)));
            store.append(List.of(event(spring.id(), EventType.CLICK, T0)));
            springPositions.add(feed.latestPosition());
        }
        store.append(List.of(event(autumn.id(), EventType.VIEW, T0)));
        long latest = feed.latestPosition();

        assertThat(feed.newestUpTo(latest, spring.id(), 4)).extracting(FeedEvent::position)
                .containsExactly(springPositions.get(5), springPositions.get(4), springPositions.get(3),
                        springPositions.get(2));
        assertThat(feed.newestUpTo(springPositions.get(2) - 1, spring.id(), 10)).extracting(FeedEvent::position)
                .containsExactly(springPositions.get(1), springPositions.get(0));
        assertThat(feed.readAfter(start, latest, spring.id(), 3)).extracting(FeedEvent::position)
                .containsExactly(springPositions.get(0), springPositions.get(1), springPositions.get(2));
        assertThat(feed.readAfter(springPositions.get(1), springPositions.get(4), spring.id(), 10))
                .extracting(FeedEvent::position)
                .containsExactly(springPositions.get(2), springPositions.get(3), springPositions.get(4));
        assertThat(feed.readAfter(springPositions.get(5), latest, spring.id(), 10)).isEmpty();
        List<FeedEvent> autumnNewest = feed.newestUpTo(latest, autumn.id(), 100);
        assertThat(autumnNewest).hasSize(13).allSatisfy(e -> {
            assertThat(e.campaignId()).isEqualTo(autumn.id());
            assertThat(e.campaignName()).isEqualTo("Autumn sale");
        });
        assertThat(autumnNewest).extracting(FeedEvent::position).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    /**
     * The trap: positions handed out before commit. Many writers append at once while a reader keeps asking for
     * "everything after the last position I have seen". If a position could become visible after a higher one, the
     * reader would pass it by for good. It must end up with exactly every stored event, each once, always ascending.
     */
    @Test
    void aReaderThatFollowsPositionsMissesNoEventUnderConcurrentAppends() throws Exception {
        long start = feed.latestPosition();
        int writers = 8;
        int appendsPerWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger appended = new AtomicInteger();
        List<Long> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            long last = start;
            while (true) {
                boolean finalRound = !writing.get();
                List<FeedEvent> page = feed.readAfter(last, Long.MAX_VALUE, null, 1000);
                for (FeedEvent e : page) {
                    seen.add(e.position());
                    last = e.position();
                }
                if (finalRound && page.isEmpty()) {
                    return;
                }
            }
        });
        reader.start();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < appendsPerWriter; i++) {
                    // Batches of varying size keep the transactions of different writers overlapping.
                    int size = 1 + (i + writer) % 7;
                    List<NewEvent> batch = new ArrayList<>();
                    for (int k = 0; k < size; k++) {
                        batch.add(event(writer % 2 == 0 ? spring.id() : autumn.id(), EventType.VIEW, T0));
                    }
                    store.append(batch);
                    appended.addAndGet(size);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        writing.set(false);
        reader.join(Duration.ofMinutes(1).toMillis());
        pool.shutdown();

        List<Long> stored = feed.readAfter(start, Long.MAX_VALUE, null, 100_000).stream()
                .map(FeedEvent::position).toList();
        assertThat(stored).hasSize(appended.get());
        assertThat(seen).isSorted().doesNotHaveDuplicates().containsExactlyElementsOf(stored);
    }

    private static NewEvent receivedAt(CampaignId campaign, EventType type, Instant receivedAt) {
        return new NewEvent(EventIds.next(receivedAt), receivedAt, TrackedEvent.of(campaign, type, T0));
    }
}
