package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.TrackedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fakes must honour the port contracts, or the service tests that use them prove nothing. */
class InMemoryStoresTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private final CampaignId a = CampaignId.random();
    private final CampaignId b = CampaignId.random();
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReportStore reports = new InMemoryReportStore(events);

    private static NewEvent newEvent(TrackedEvent e) {
        return new NewEvent(new EventId(UUID.randomUUID()), T0, e);
    }

    private static TrackedEvent event(CampaignId c, EventType type, Instant at) {
        return TrackedEvent.of(c, type, at);
    }

    @Test
    void eventStoreKeepsARepeatedClientEventIdOfOneBatchOnceAndNamesTheFirstId() {
        NewEvent first = newEvent(event(a, EventType.CLICK, T0).withClientEventId("k1"));
        NewEvent again = newEvent(event(a, EventType.CLICK, T0).withClientEventId("k1"));

        List<AppendOutcome> out = events.append(List.of(first, again));

        assertThat(out).containsExactly(new AppendOutcome(first.id(), false), new AppendOutcome(first.id(), true));
        assertThat(events.stored()).containsExactly(first);
    }

    @Test
    void eventStoreRecognisesAClientEventIdStoredByAnEarlierBatch() {
        NewEvent first = newEvent(event(a, EventType.VIEW, T0).withClientEventId("k1"));
        events.append(List.of(first));

        List<AppendOutcome> out = events.append(List.of(newEvent(event(a, EventType.VIEW, T0).withClientEventId("k1"))));

        assertThat(out).containsExactly(new AppendOutcome(first.id(), true));
        assertThat(events.stored()).hasSize(1);
    }

    @Test
    void eventStoreTreatsTheSameClientEventIdOfAnotherCampaignAsNew() {
        events.append(List.of(newEvent(event(a, EventType.VIEW, T0).withClientEventId("k1"))));

        List<AppendOutcome> out = events.append(List.of(newEvent(event(b, EventType.VIEW, T0).withClientEventId("k1"))));

        assertThat(out.get(0).duplicate()).isFalse();
        assertThat(events.stored()).hasSize(2);
    }

    @Test
    void eventStoreNeverDeduplicatesEventsWithoutClientEventId() {
        events.append(List.of(newEvent(event(a, EventType.VIEW, T0)), newEvent(event(a, EventType.VIEW, T0))));

        assertThat(events.stored()).hasSize(2);
    }

    @Test
    void eventStoreThatIsDownStoresNothing() {
        events.setUnavailable(true);

        assertThatThrownBy(() -> events.append(List.of(newEvent(event(a, EventType.VIEW, T0)))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(events.stored()).isEmpty();
    }

    @Test
    void reportStoreCountsEachEventInTheHalfOpenSliceThatHoldsIt() {
        Instant e1 = T0.plusSeconds(3600);
        Instant e2 = T0.plusSeconds(7200);
        append(event(a, EventType.VIEW, T0.minusNanos(1)),     // before the first edge
                event(a, EventType.VIEW, T0),                  // slice 0, on its lower edge
                event(a, EventType.CLICK, e1.minusNanos(1)),   // slice 0, last instant
                event(a, EventType.VIEW, e1),                  // slice 1, on its lower edge
                event(a, EventType.CONVERSION, e2.minusNanos(1)),
                event(a, EventType.VIEW, e2));                 // at the last edge: not counted

        List<SliceCount> counts = reports.count(new CountQuery(List.of(a), List.of(T0, e1, e2),
                DimensionFilter.NONE, null));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(a, 0, null, new Counts(0, 1, 1, 0)),
                new SliceCount(a, 1, null, new Counts(0, 1, 0, 1)));
    }

    @Test
    void reportStoreCountsCampaignsSeparatelyAndAppliesTheFilter() {
        append(event(a, EventType.VIEW, T0).withDimensions(new Dimensions(null, "email", null)),
                event(a, EventType.VIEW, T0).withDimensions(new Dimensions(null, "social", null)),
                event(b, EventType.VIEW, T0).withDimensions(new Dimensions(null, "email", null)),
                event(CampaignId.random(), EventType.VIEW, T0).withDimensions(new Dimensions(null, "email", null)));

        List<SliceCount> counts = reports.count(new CountQuery(List.of(a, b), List.of(T0, T0.plusSeconds(60)),
                DimensionFilter.of(null, "email", null), null));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(a, 0, null, Counts.of(EventType.VIEW, 1)),
                new SliceCount(b, 0, null, Counts.of(EventType.VIEW, 1)));
    }

    @Test
    void reportStoreGroupsByTheDimensionValueWithNullForEventsWithoutOne() {
        append(event(a, EventType.VIEW, T0).withDimensions(new Dimensions(null, null, "mobile")),
                event(a, EventType.CLICK, T0).withDimensions(new Dimensions(null, null, "mobile")),
                event(a, EventType.VIEW, T0));

        List<SliceCount> counts = reports.count(new CountQuery(List.of(a), List.of(T0, T0.plusSeconds(60)),
                DimensionFilter.NONE, Dimension.DEVICE_TYPE));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(a, 0, "mobile", new Counts(0, 1, 1, 0)),
                new SliceCount(a, 0, null, new Counts(0, 1, 0, 0)));
    }

    @Test
    void reportStoreTimeSpanNamesTheFirstAndLastMatchingEventInsideTheWindow() {
        Instant until = T0.plusSeconds(600);
        append(event(a, EventType.VIEW, T0.minusSeconds(1)),
                event(a, EventType.VIEW, T0.plusSeconds(10)),
                event(a, EventType.VIEW, T0.plusSeconds(500)),
                event(b, EventType.VIEW, T0.plusSeconds(550)),
                event(a, EventType.VIEW, until));

        assertThat(reports.eventTimeSpan(a, T0, until, DimensionFilter.NONE))
                .contains(new ReportStore.EventTimeSpan(T0.plusSeconds(10), T0.plusSeconds(500)));
        assertThat(reports.eventTimeSpan(a, T0, until, DimensionFilter.of("vip", null, null))).isEmpty();
    }

    private void append(TrackedEvent... tracked) {
        for (TrackedEvent e : tracked) {
            events.append(List.of(newEvent(e)));
        }
    }
}
