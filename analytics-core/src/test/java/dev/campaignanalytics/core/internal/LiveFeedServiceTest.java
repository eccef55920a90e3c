package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.FeedEvent;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Delivered;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.EndReason;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Ended;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.FeedPage;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Follow;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.FollowQuery;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.PollQuery;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.RecentEvents;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.RecentQuery;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Step;
import dev.campaignanalytics.core.port.out.InMemoryCampaignCatalog;
import dev.campaignanalytics.core.port.out.InMemoryEventFeed;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveFeedServiceTest {
    private static final Instant T0 = Instant.parse("2025-03-10T12:00:00Z");
    private static final Duration NO_WAIT = Duration.ZERO;

    private final InMemoryCampaignCatalog catalog = new InMemoryCampaignCatalog();
    private final InMemoryEventFeed feed = new InMemoryEventFeed();
    private LiveFeedService service;
    private CampaignId spring;
    private CampaignId autumn;

    @BeforeEach
    void setUp() {
        spring = campaign("Spring");
        autumn = campaign("Autumn");
        service = new LiveFeedService(catalog, feed, 5);
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void aFollowerGetsTheEventsCommittedAfterItStartedInPositionOrder() throws Exception {
        feed.add(spring, EventType.VIEW, T0);
        feed.announce();
        try (Follow follow = service.follow(new FollowQuery(null, null))) {
            FeedEvent a = feed.add(spring, EventType.CLICK, T0);
            FeedEvent b = feed.add(autumn, EventType.VIEW, T0);
            feed.announce();

            assertThat(drain(follow)).containsExactly(a, b);
            assertThat(follow.next(NO_WAIT)).isEqualTo(Step.IDLE);
        }
    }

    @Test
    void aFollowerOfOneCampaignGetsOnlyItsEvents() throws Exception {
        try (Follow follow = service.follow(new FollowQuery(spring, null))) {
            feed.add(autumn, EventType.VIEW, T0);
            FeedEvent mine = feed.add(spring, EventType.VIEW, T0);
            feed.announce();

            assertThat(drain(follow)).containsExactly(mine);
        }
    }

    @Test
    void resumingReplaysEverythingAfterThePositionThenContinuesLiveWithoutGapOrRepeat() throws Exception {
        service = new LiveFeedService(catalog, feed, 100);
        List<FeedEvent> before = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            before.add(feed.add(i % 3 == 0 ? autumn : spring, EventType.VIEW, T0));
        }
        try (Follow first = service.follow(new FollowQuery(null, null))) {
            feed.announce();
            assertThat(drain(first)).isEmpty();
        }
        long resumeAfter = before.get(3).position();
        try (Follow resumed = service.follow(new FollowQuery(spring, resumeAfter))) {
            // Events that commit while the follower is still replaying go to its buffer, not lost, not twice.
            FeedEvent during = feed.add(spring, EventType.CLICK, T0);
            feed.add(autumn, EventType.CLICK, T0);
            feed.announce();
            FeedEvent after = feed.add(spring, EventType.CONVERSION, T0);
            feed.announce();

            List<FeedEvent> expected = new ArrayList<>(before.subList(4, 12).stream()
                    .filter(e -> e.campaignId().equals(spring)).toList());
            expected.add(during);
            expected.add(after);
            assertThat(drain(resumed)).containsExactlyElementsOf(expected);
        }
    }

    /**
     * A client resumes on a server whose reader lags behind the one it came from: the events it got already are not
     * sent again.
     */
    @Test
    void resumingAheadOfThisServersReaderSkipsWhatTheFollowerHasAlready() throws Exception {
        try (Follow first = service.follow(new FollowQuery(null, null))) {
            assertThat(first.next(NO_WAIT)).isEqualTo(Step.IDLE);
        }
        FeedEvent seenElsewhere = feed.add(spring, EventType.VIEW, T0);
        try (Follow resumed = service.follow(new FollowQuery(null, seenElsewhere.position()))) {
            FeedEvent next = feed.add(spring, EventType.CLICK, T0);
            feed.announce();

            assertThat(drain(resumed)).containsExactly(next);
        }
    }

    @Test
    void resumingAfterAPositionBeyondTheNewestIsRefused() {
        FeedEvent newest = feed.add(spring, EventType.VIEW, T0);

        assertThat(fieldsRefusedBy(() -> service.follow(new FollowQuery(null, newest.position() + 1))))
                .containsExactly("last_event_id");
        assertThat(fieldsRefusedBy(() -> new FollowQuery(null, -1L))).containsExactly("last_event_id");
    }

    @Test
    void aFollowerThatFallsBehindItsBufferIsEndedAndTheOthersGoOn() throws Exception {
        List<EndReason> endedActions = new ArrayList<>();
        try (Follow slow = service.follow(new FollowQuery(null, null));
             Follow fast = service.follow(new FollowQuery(null, null))) {
            slow.onEnded(endedActions::add);
            List<FeedEvent> fastGot = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                feed.add(spring, EventType.VIEW, T0);
                feed.announce();
                fastGot.addAll(drain(fast));
            }

            assertThat(slow.next(NO_WAIT)).isEqualTo(new Ended(EndReason.FELL_BEHIND));
            assertThat(endedActions).containsExactly(EndReason.FELL_BEHIND);
            assertThat(fastGot).hasSize(12);
            assertThat(service.followers()).isEqualTo(1);
        }
    }

    @Test
    void anEndedActionRegisteredAfterTheEndRunsAtOnceAndOnlyOnce() throws Exception {
        Follow follow = service.follow(new FollowQuery(null, null));
        service.close();
        List<EndReason> runs = new ArrayList<>();

        follow.onEnded(runs::add);

        assertThat(runs).containsExactly(EndReason.SHUT_DOWN);
        assertThat(follow.next(Duration.ofSeconds(5))).isEqualTo(new Ended(EndReason.SHUT_DOWN));
        follow.close();
        assertThat(runs).containsExactly(EndReason.SHUT_DOWN);
    }

    @Test
    void aFollowerClosedByItsReaderRunsNoEndedActionAndIsForgotten() {
        AtomicInteger runs = new AtomicInteger();
        Follow follow = service.follow(new FollowQuery(null, null));
        follow.onEnded(reason -> runs.incrementAndGet());

        follow.close();
        service.close();

        assertThat(runs).hasValue(0);
        assertThat(service.followers()).isZero();
    }

    @Test
    void aWaitingFollowerWakesUpWhenAnEventArrives() throws Exception {
        try (Follow follow = service.follow(new FollowQuery(null, null))) {
            Thread announcer = new Thread(() -> {
                sleep(100);
                feed.add(spring, EventType.VIEW, T0);
                feed.announce();
            });
            announcer.start();
            long start = System.nanoTime();

            Step step = follow.next(Duration.ofSeconds(10));

            assertThat(step).isInstanceOf(Delivered.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            announcer.join();
        }
    }

    @Test
    void whileNobodyFollowsAnnouncedEventsAreNotRead() throws Exception {
        try (Follow follow = service.follow(new FollowQuery(null, null))) {
            assertThat(follow.next(NO_WAIT)).isEqualTo(Step.IDLE);
        }
        int reads = feed.reads();
        feed.add(spring, EventType.VIEW, T0);
        feed.announce();
        assertThat(feed.reads()).isEqualTo(reads);

        try (Follow later = service.follow(new FollowQuery(null, null))) {
            FeedEvent next = feed.add(spring, EventType.CLICK, T0);
            feed.announce();
            assertThat(drain(later)).containsExactly(next);
        }
    }

    /** A failed read is retried at the next announcement (the store announces every second), so nothing is lost. */
    @Test
    void eventsThatCouldNotBeReadAreHandedOutAtTheNextAnnouncement() throws Exception {
        try (Follow follow = service.follow(new FollowQuery(null, null))) {
            FeedEvent a = feed.add(spring, EventType.VIEW, T0);
            feed.setUnavailable(true);
            assertThatThrownBy(feed::announce).isInstanceOf(StoreUnavailableException.class);
            feed.setUnavailable(false);
            FeedEvent b = feed.add(spring, EventType.CLICK, T0);
            feed.announce();

            assertThat(drain(follow)).containsExactly(a, b);
        }
    }

    @Test
    void theServiceHearsFromTheFeedFromTheFirstFollowerUntilItCloses() {
        assertThat(feed.subscribers()).isZero();
        service.follow(new FollowQuery(null, null)).close();
        assertThat(feed.subscribers()).isEqualTo(1);
        service.close();
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void followingAnUnknownCampaignIsNotFound() {
        CampaignId unknown = CampaignId.random();

        assertThatThrownBy(() -> service.follow(new FollowQuery(unknown, null)))
                .isInstanceOf(CampaignNotFoundException.class);
        assertThatThrownBy(() -> service.recent(new RecentQuery(unknown, null, 10)))
                .isInstanceOf(CampaignNotFoundException.class);
    }

    @Test
    void recentEventsAreNewestFirstAndLastUpdatedIsTheNewestReceiveTime() {
        FeedEvent a = feed.add(spring, EventType.VIEW, T0);
        FeedEvent b = feed.add(autumn, EventType.VIEW, T0.plusSeconds(1));
        FeedEvent c = feed.add(spring, EventType.CLICK, T0.plusSeconds(2));

        RecentEvents all = service.recent(new RecentQuery(null, null, 50));
        assertThat(all.events()).containsExactly(c, b, a);
        assertThat(all.lastUpdated()).isEqualTo(T0.plusSeconds(2));

        RecentEvents since = service.recent(new RecentQuery(null, T0, 50));
        assertThat(since.events()).containsExactly(c, b);

        RecentEvents ofSpring = service.recent(new RecentQuery(spring, null, 1));
        assertThat(ofSpring.events()).containsExactly(c);
    }

    @Test
    void withNothingNewLastUpdatedStaysAsGivenOrNull() {
        feed.add(spring, EventType.VIEW, T0);

        assertThat(service.recent(new RecentQuery(null, T0, 50)))
                .isEqualTo(new RecentEvents(List.of(), T0));
        assertThat(service.recent(new RecentQuery(autumn, null, 50)))
                .isEqualTo(new RecentEvents(List.of(), null));
    }

    @Test
    void theLimitOfRecentEventsIsOneToFiveHundred() {
        assertThat(new RecentQuery(null, null, 1).limit()).isEqualTo(1);
        assertThat(new RecentQuery(null, null, 500).limit()).isEqualTo(500);
        assertThat(fieldsRefusedBy(() -> new RecentQuery(null, null, 0))).containsExactly("limit");
        assertThat(fieldsRefusedBy(() -> new RecentQuery(null, null, 501))).containsExactly("limit");
    }

    @Test
    void recentEventsAreAskedForSinceAnInstantOfTheYears1900To2999Only() {
        assertThat(new RecentQuery(null, RecentQuery.EARLIEST, 1).receivedAfter()).isEqualTo(RecentQuery.EARLIEST);
        assertThat(new RecentQuery(null, RecentQuery.LATEST, 1).receivedAfter()).isEqualTo(RecentQuery.LATEST);
        assertThat(fieldsRefusedBy(() -> new RecentQuery(null, RecentQuery.EARLIEST.minusNanos(1), 1)))
                .containsExactly("last_updated");
        assertThat(fieldsRefusedBy(() -> new RecentQuery(null, java.time.Instant.MAX, 1)))
                .containsExactly("last_updated");
    }

    /** The trap of polling by receive time: more events than the limit between two polls. */
    @Test
    void pollingWithTheCursorSeesEveryEventOnceInPositionOrderAndHasMoreTurnsFalse() {
        long start = feed.latestPosition();
        List<FeedEvent> tracked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tracked.add(feed.add(i % 2 == 0 ? spring : autumn, EventType.VIEW, T0.plusSeconds(i)));
        }

        List<FeedEvent> seen = new ArrayList<>();
        List<Boolean> hasMore = new ArrayList<>();
        long cursor = start;
        for (int polls = 0; polls < 10; polls++) {
            FeedPage page = service.poll(new PollQuery(null, cursor, 3));
            seen.addAll(page.events());
            hasMore.add(page.hasMore());
            cursor = page.lastPosition();
            if (!page.hasMore()) {
                break;
            }
        }

        assertThat(seen).containsExactlyElementsOf(tracked);
        assertThat(hasMore).containsExactly(true, true, true, false);
        assertThat(cursor).isEqualTo(tracked.get(9).position());
        FeedPage nothingNew = service.poll(new PollQuery(null, cursor, 3));
        assertThat(nothingNew).isEqualTo(new FeedPage(List.of(), cursor, false, null));
    }

    @Test
    void anEventReceivedEarlierButCommittedLaterIsNotPassedBy() {
        FeedEvent first = feed.add(spring, EventType.VIEW, T0.plusSeconds(10));
        FeedPage seen = service.poll(new PollQuery(null, first.position() - 1, 50));
        assertThat(seen.events()).containsExactly(first);
        // Received (stamped) before the first one, but its transaction committed after it.
        FeedEvent slow = feed.add(spring, EventType.CLICK, T0);

        assertThat(service.poll(new PollQuery(null, seen.lastPosition(), 50)).events()).containsExactly(slow);
        assertThat(service.recent(new RecentQuery(null, seen.lastUpdated(), 50)).events())
                .as("the older form by receive time passes it by").isEmpty();
    }

    @Test
    void aPollOfOneCampaignGivesOnlyItsEventsAndSkipsTheOthersPositions() {
        long start = feed.latestPosition();
        FeedEvent a = feed.add(spring, EventType.VIEW, T0);
        feed.add(autumn, EventType.VIEW, T0);
        FeedEvent c = feed.add(spring, EventType.CLICK, T0);
        FeedEvent d = feed.add(autumn, EventType.CLICK, T0);

        FeedPage page = service.poll(new PollQuery(spring, start, 1));
        assertThat(page.events()).containsExactly(a);
        assertThat(page.hasMore()).isTrue();
        FeedPage next = service.poll(new PollQuery(spring, page.lastPosition(), 1));
        assertThat(next.events()).containsExactly(c);
        assertThat(next.hasMore()).isFalse();
        assertThat(service.poll(new PollQuery(autumn, c.position(), 5)).events()).containsExactly(d);
    }

    @Test
    void aPollOfOneCampaignThatReadItAllContinuesFromTheNewestPositionPastOtherCampaignsEvents() {
        long start = feed.latestPosition();
        FeedEvent mine = feed.add(spring, EventType.VIEW, T0);
        feed.add(autumn, EventType.VIEW, T0);
        FeedEvent newest = feed.add(autumn, EventType.CLICK, T0);

        FeedPage page = service.poll(new PollQuery(spring, start, 5));
        assertThat(page.events()).containsExactly(mine);
        assertThat(page.lastPosition()).as("past autumn's positions, which the page has read")
                .isEqualTo(newest.position());

        FeedPage quiet = service.poll(new PollQuery(spring, page.lastPosition(), 5));
        assertThat(quiet).isEqualTo(new FeedPage(List.of(), newest.position(), false, null));
        FeedEvent next = feed.add(spring, EventType.CLICK, T0);
        assertThat(service.poll(new PollQuery(spring, quiet.lastPosition(), 5)).events()).containsExactly(next);
    }

    @Test
    void aFullPageOfOneCampaignContinuesFromItsLastEventNotFromTheNewestPosition() {
        long start = feed.latestPosition();
        FeedEvent a = feed.add(spring, EventType.VIEW, T0);
        FeedEvent b = feed.add(spring, EventType.CLICK, T0);
        feed.add(autumn, EventType.VIEW, T0);

        FeedPage page = service.poll(new PollQuery(spring, start, 1));

        assertThat(page.events()).containsExactly(a);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.lastPosition()).isEqualTo(a.position());
        assertThat(service.poll(new PollQuery(spring, page.lastPosition(), 1)).events()).containsExactly(b);
    }

    @Test
    void aPollWithoutACursorGivesTheNewestFirstAndTheCursorToContinueWithoutAGap() {
        FeedEvent a = feed.add(spring, EventType.VIEW, T0);
        FeedEvent b = feed.add(autumn, EventType.VIEW, T0.plusSeconds(2));
        FeedEvent c = feed.add(spring, EventType.CLICK, T0.plusSeconds(1));

        FeedPage latest = service.poll(new PollQuery(null, null, 2));
        assertThat(latest.events()).containsExactly(c, b);
        assertThat(latest.lastPosition()).isEqualTo(c.position());
        FeedPage autumnOnly = service.poll(new PollQuery(autumn, null, 2));
        assertThat(autumnOnly.events()).containsExactly(b);
        assertThat(autumnOnly.lastPosition()).as("the newest position, past spring's newest event")
                .isEqualTo(c.position());
        assertThat(latest.hasMore()).isFalse();
        assertThat(latest.lastUpdated()).isEqualTo(T0.plusSeconds(2));
        assertThat(service.poll(new PollQuery(spring, null, 5)).events()).containsExactly(c, a);

        FeedEvent d = feed.add(spring, EventType.CONVERSION, T0);
        assertThat(service.poll(new PollQuery(null, latest.lastPosition(), 5)).events()).containsExactly(d);
    }

    @Test
    void aPollWithoutACursorOfACampaignWithoutEventsContinuesFromTheNewestPosition() {
        FeedEvent other = feed.add(autumn, EventType.VIEW, T0);

        FeedPage none = service.poll(new PollQuery(spring, null, 5));

        assertThat(none).isEqualTo(new FeedPage(List.of(), other.position(), false, null));
        FeedEvent mine = feed.add(spring, EventType.VIEW, T0);
        assertThat(service.poll(new PollQuery(spring, none.lastPosition(), 5)).events()).containsExactly(mine);
    }

    @Test
    void aPollAfterAPositionBeyondTheNewestIsRefusedAndAtTheNewestGivesNothing() {
        FeedEvent a = feed.add(spring, EventType.VIEW, T0);

        assertThat(fieldsRefusedBy(() -> service.poll(new PollQuery(null, a.position() + 1, 5))))
                .containsExactly("last_event_id");
        assertThat(service.poll(new PollQuery(null, a.position(), 5)).events()).isEmpty();
        assertThat(service.poll(new PollQuery(null, 0L, 5)).events()).containsExactly(a);
        assertThatThrownBy(() -> service.poll(new PollQuery(CampaignId.random(), 0L, 5)))
                .isInstanceOf(CampaignNotFoundException.class);
    }

    @Test
    void aPollQueryRefusesANegativePositionAndALimitOutsideOneToFiveHundred() {
        assertThat(new PollQuery(null, 0L, 500).limit()).isEqualTo(500);
        assertThat(fieldsRefusedBy(() -> new PollQuery(null, -1L, 0)))
                .containsExactlyInAnyOrder("last_event_id", "limit");
        assertThat(fieldsRefusedBy(() -> new PollQuery(null, null, 501))).containsExactly("limit");
    }

    /** Every event the follower has now, without waiting. */
    private static List<FeedEvent> drain(Follow follow) throws InterruptedException {
        List<FeedEvent> got = new ArrayList<>();
        while (true) {
            Step step = follow.next(NO_WAIT);
            if (!(step instanceof Delivered d)) {
                return got;
            }
            got.add(d.event());
        }
    }

    private CampaignId campaign(String name) {
        Campaign c = new Campaign(CampaignId.random(), name, null, true, T0, T0);
        catalog.add(c);
        return c.id();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
