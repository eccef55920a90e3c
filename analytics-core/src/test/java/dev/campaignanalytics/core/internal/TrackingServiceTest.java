package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.IpAddress;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.domain.TrackingPolicy;
import dev.campaignanalytics.core.domain.Violation;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Accepted;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.EventOutcome;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Rejected;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackResult;
import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.InMemoryCampaignCatalog;
import dev.campaignanalytics.core.port.out.InMemoryEventStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackingServiceTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryCampaignCatalog catalog = new InMemoryCampaignCatalog();
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final CampaignId campaign = addCampaign();

    private TrackingService service(TrackingPolicy policy) {
        return new TrackingService(catalog, store, clock, policy);
    }

    private final TrackingService service = service(TrackingPolicy.DEFAULT);

    private CampaignId addCampaign() {
        CampaignId id = CampaignId.random();
        catalog.add(new Campaign(id, "c", null, true, NOW, NOW));
        return id;
    }

    private TrackedEvent click(Instant at) {
        return TrackedEvent.of(campaign, EventType.CLICK, at);
    }

    private TrackResult track(Source source, TrackedEvent... events) {
        return service.track(new TrackCommand(List.of(events), source));
    }

    private static TrackedEvent withIp(TrackedEvent e, String ip) {
        return new TrackedEvent(e.campaignId(), e.type(), e.occurredAt(), e.dimensions(), e.sessionId(), e.userId(),
                e.userAgent(), IpAddress.parse("ip_address", ip), e.referrerUrl(), e.eventData(), e.clientEventId());
    }

    private static List<String> rejectedFields(EventOutcome outcome) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).violations().stream().map(Violation::field).toList();
    }

    @Test
    void acceptedEventIsStoredWithTheIdItWasGivenAndTheTimeItWasReceived() {
        TrackedEvent e = click(NOW.minusSeconds(30)).withDimensions(new Dimensions("vip", "email", "mobile"));

        TrackResult result = track(Source.LIVE, e);

        assertThat(result.accepted()).isEqualTo(1);
        Accepted accepted = (Accepted) result.outcomes().get(0);
        assertThat(accepted.duplicate()).isFalse();
        NewEvent stored = store.stored().get(0);
        assertThat(stored.id()).isEqualTo(accepted.id());
        assertThat(stored.receivedAt()).isEqualTo(NOW);
        assertThat(stored.event()).isEqualTo(e);
    }

    @Test
    void eventOfAnUnknownCampaignIsRejectedAloneAndTheOthersAreStillStored() {
        CampaignId unknown = CampaignId.random();
        TrackedEvent good1 = click(NOW);
        TrackedEvent bad = TrackedEvent.of(unknown, EventType.VIEW, NOW);
        TrackedEvent good2 = TrackedEvent.of(campaign, EventType.VIEW, NOW);

        TrackResult result = track(Source.LIVE, good1, bad, good2);

        assertThat(result.outcomes().get(0)).isInstanceOf(Accepted.class);
        assertThat(result.outcomes().get(1)).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.campaignNotFound()).isTrue());
        assertThat(rejectedFields(result.outcomes().get(1))).containsExactly("campaign_id");
        assertThat(result.outcomes().get(2)).isInstanceOf(Accepted.class);
        assertThat(store.stored()).extracting(NewEvent::event).containsExactly(good1, good2);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
        List<String> rejectedAt = new ArrayList<>();
        result.forEachRejected((index, violations) -> rejectedAt.add(index + ":" + violations.get(0).field()));
        assertThat(rejectedAt).containsExactly("1:campaign_id");
    }

    @Test
    void eventUpToFiveMinutesInTheFutureIsAccepted() {
        assertThat(track(Source.LIVE, click(NOW.plus(Duration.ofMinutes(5)))).accepted()).isEqualTo(1);
    }

    @Test
    void eventMoreThanFiveMinutesInTheFutureIsRejected() {
        TrackResult result = track(Source.LIVE, click(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)));

        assertThat(rejectedFields(result.outcomes().get(0))).containsExactly("occurred_at");
        assertThat(((Rejected) result.outcomes().get(0)).campaignNotFound()).isFalse();
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void importedEventInTheFutureIsRejectedToo() {
        TrackResult result = track(Source.IMPORT, click(NOW.plus(Duration.ofHours(1))));

        assertThat(rejectedFields(result.outcomes().get(0))).containsExactly("occurred_at");
    }

    @Test
    void liveEventUpTo72HoursOldIsAccepted() {
        assertThat(track(Source.LIVE, click(NOW.minus(Duration.ofHours(72)))).accepted()).isEqualTo(1);
    }

    @Test
    void liveEventMoreThan72HoursOldIsRejected() {
        TrackResult result = track(Source.LIVE, click(NOW.minus(Duration.ofHours(72)).minusMillis(1)));

        assertThat(rejectedFields(result.outcomes().get(0))).containsExactly("occurred_at");
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void importedEventMayBeFarOlderThan72Hours() {
        TrackedEvent old = click(NOW.minus(Duration.ofDays(400)));

        TrackResult result = track(Source.IMPORT, old);

        assertThat(result.accepted()).isEqualTo(1);
        assertThat(store.stored()).extracting(NewEvent::event).containsExactly(old);
    }

    @Test
    void ipAddressIsAnonymisedByDefault() {
        track(Source.LIVE, withIp(click(NOW), "203.0.113.77"), withIp(click(NOW), "2001:db8:85a3:1234:5678:8a2e:370:7334"));

        assertThat(store.stored()).extracting(s -> s.event().ipAddress().toString())
                .containsExactly("203.0.113.0", "2001:db8:85a3:0:0:0:0:0");
    }

    @Test
    void ipAddressIsKeptWhenThePolicySaysSo() {
        TrackingService keeping = service(new TrackingPolicy(Duration.ofMinutes(5), Duration.ofHours(72), false));

        keeping.track(new TrackCommand(List.of(withIp(click(NOW), "203.0.113.77")), Source.LIVE));

        assertThat(store.stored().get(0).event().ipAddress().toString()).isEqualTo("203.0.113.77");
    }

    @Test
    void eventWithoutIpAddressStaysWithout() {
        track(Source.LIVE, click(NOW));

        assertThat(store.stored().get(0).event().ipAddress()).isNull();
    }

    @Test
    void repeatedEventIsReportedAsDuplicateWithTheIdOfTheFirst() {
        TrackedEvent e = click(NOW).withClientEventId("evt-1");
        Accepted first = (Accepted) track(Source.LIVE, e).outcomes().get(0);
        clock.advance(Duration.ofSeconds(10));

        TrackResult again = track(Source.LIVE, e);

        assertThat(again.outcomes()).containsExactly(new Accepted(first.id(), true));
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(store.stored()).hasSize(1);
    }

    @Test
    void batchCountsAcceptedDuplicatesAndRejected() {
        TrackedEvent once = click(NOW).withClientEventId("a");
        TrackedEvent tooOld = click(NOW.minus(Duration.ofDays(4)));

        TrackResult result = track(Source.LIVE, once, click(NOW).withClientEventId("b"), once, tooOld,
                TrackedEvent.of(CampaignId.random(), EventType.VIEW, NOW));

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.rejected()).isEqualTo(2);
        assertThat(result.outcomes().get(2)).isEqualTo(new Accepted(((Accepted) result.outcomes().get(0)).id(), true));
        assertThat(store.stored()).hasSize(2);
    }

    @Test
    void validEventsOfABatchAreStoredInOneAppend() {
        track(Source.LIVE, click(NOW), click(NOW), click(NOW.minus(Duration.ofDays(10))));

        assertThat(store.appendCalls()).isEqualTo(1);
        assertThat(store.stored()).hasSize(2);
    }

    @Test
    void batchWithNothingValidDoesNotTouchTheStore() {
        TrackResult result = track(Source.LIVE, click(NOW.minus(Duration.ofDays(10))));

        assertThat(result.rejected()).isEqualTo(1);
        assertThat(store.appendCalls()).isZero();
    }

    @Test
    void storeFailureReachesTheCallerAndNothingIsStored() {
        store.setUnavailable(true);

        assertThatThrownBy(() -> track(Source.LIVE, click(NOW), click(NOW)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void windowsComeFromThePolicy() {
        TrackingService strict = service(new TrackingPolicy(Duration.ZERO, Duration.ofMinutes(1), true));

        TrackResult result = strict.track(new TrackCommand(List.of(click(NOW), click(NOW.plusMillis(1)),
                click(NOW.minusSeconds(61))), Source.LIVE));

        assertThat(result.outcomes().get(0)).isInstanceOf(Accepted.class);
        assertThat(result.outcomes().get(1)).isInstanceOf(Rejected.class);
        assertThat(result.outcomes().get(2)).isInstanceOf(Rejected.class);
    }

    /** A store whose asynchronous appends stay pending until the test completes them. */
    private static final class PendingStore implements EventStore {
        final List<List<NewEvent>> appended = new ArrayList<>();
        final CompletableFuture<List<AppendOutcome>> commit = new CompletableFuture<>();

        @Override
        public List<AppendOutcome> append(List<NewEvent> events) {
            throw new AssertionError("an asynchronous track must not append synchronously");
        }

        @Override
        public CompletionStage<List<AppendOutcome>> appendAsync(List<NewEvent> events) {
            appended.add(events);
            return commit;
        }
    }

    @Test
    void asyncTrackCompletesOnlyWhenTheStoreHasCommitted() {
        PendingStore pending = new PendingStore();
        TrackingService async = new TrackingService(catalog, pending, clock, TrackingPolicy.DEFAULT);

        CompletableFuture<TrackResult> result = async.trackAsync(new TrackCommand(
                List.of(click(NOW), click(NOW.minus(Duration.ofDays(10))), click(NOW)), Source.LIVE))
                .toCompletableFuture();

        assertThat(pending.appended).hasSize(1);
        assertThat(pending.appended.get(0)).hasSize(2);
        assertThat(result).isNotDone();
        List<NewEvent> sent = pending.appended.get(0);
        pending.commit.complete(List.of(new AppendOutcome(sent.get(0).id(), false),
                new AppendOutcome(sent.get(1).id(), true)));

        TrackResult done = result.join();
        assertThat(done.outcomes().get(0)).isEqualTo(new Accepted(sent.get(0).id(), false));
        assertThat(rejectedFields(done.outcomes().get(1))).containsExactly("occurred_at");
        assertThat(done.outcomes().get(2)).isEqualTo(new Accepted(sent.get(1).id(), true));
    }

    @Test
    void asyncTrackAnswersRefusalsAtOnceWithoutTouchingTheStore() {
        PendingStore pending = new PendingStore();
        TrackingService async = new TrackingService(catalog, pending, clock, TrackingPolicy.DEFAULT);

        CompletableFuture<TrackResult> result = async.trackAsync(new TrackCommand(
                List.of(TrackedEvent.of(CampaignId.random(), EventType.VIEW, NOW)), Source.LIVE)).toCompletableFuture();

        assertThat(result).isCompleted();
        assertThat(((Rejected) result.join().outcomes().get(0)).campaignNotFound()).isTrue();
        assertThat(pending.appended).isEmpty();
    }

    @Test
    void asyncTrackFailsWithTheStoresFailureAndStoresNothing() {
        store.setUnavailable(true);

        CompletableFuture<TrackResult> result = service.trackAsync(new TrackCommand(List.of(click(NOW)), Source.LIVE))
                .toCompletableFuture();

        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void aStoreWithoutItsOwnAsyncAppendStoresSynchronouslyAndAnswersACompletedStage() {
        CompletableFuture<TrackResult> result = service.trackAsync(new TrackCommand(List.of(click(NOW)), Source.LIVE))
                .toCompletableFuture();

        assertThat(result).isCompleted();
        assertThat(store.stored()).hasSize(1);
        assertThat(((Accepted) result.join().outcomes().get(0)).id()).isEqualTo(store.stored().get(0).id());
    }

    @Test
    void aUseCaseWithoutItsOwnAsyncTrackReportsItsFailureThroughTheStage() {
        TrackEventsUseCase failing = command -> {
            throw new StoreUnavailableException("down", null);
        };

        CompletableFuture<TrackResult> result = failing.trackAsync(new TrackCommand(List.of(click(NOW)), Source.LIVE))
                .toCompletableFuture();

        assertThatThrownBy(result::join).hasCauseInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void describesWindowsInWholeUnits() {
        assertThat(TrackingService.describe(Duration.ofHours(72))).isEqualTo("72 hours");
        assertThat(TrackingService.describe(Duration.ofMinutes(5))).isEqualTo("5 minutes");
        assertThat(TrackingService.describe(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(TrackingService.describe(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    }
}
