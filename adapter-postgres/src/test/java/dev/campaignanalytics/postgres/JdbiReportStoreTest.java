package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.port.out.CountQuery;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.ReportStore;
import dev.campaignanalytics.core.port.out.ReportStore.EventTimeSpan;
import dev.campaignanalytics.core.port.out.SliceCount;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.campaignanalytics.core.domain.EventType.CLICK;
import static dev.campaignanalytics.core.domain.EventType.CONVERSION;
import static dev.campaignanalytics.core.domain.EventType.IMPRESSION;
import static dev.campaignanalytics.core.domain.EventType.VIEW;
import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

class JdbiReportStoreTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final Duration HOUR = Duration.ofHours(1);
    /** Three one-hour slices: [T0, T0+1h), [T0+1h, T0+2h), [T0+2h, T0+3h). */
    private static final List<Instant> EDGES = List.of(T0, T0.plus(HOUR), T0.plus(HOUR.multipliedBy(2)),
            T0.plus(HOUR.multipliedBy(3)));

    private ReportStore reports;
    private CampaignId campaign;
    private final List<NewEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        reports = db.adapters().reportStore();
        campaign = addCampaign("Reported");
    }

    @Test
    void countsEachSliceByEventType() {
        given(campaign, IMPRESSION, T0, 3);
        given(campaign, VIEW, T0.plusSeconds(59 * 60), 2);
        given(campaign, CLICK, T0.plusSeconds(10), 1);
        given(campaign, CONVERSION, T0.plus(HOUR).plusSeconds(1), 1);
        given(campaign, VIEW, T0.plus(HOUR.multipliedBy(2)), 4);
        store();

        List<SliceCount> counts = reports.count(new CountQuery(List.of(campaign), EDGES, DimensionFilter.NONE,
                null));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(campaign, 0, null, new Counts(3, 2, 1, 0)),
                new SliceCount(campaign, 1, null, new Counts(0, 0, 0, 1)),
                new SliceCount(campaign, 2, null, new Counts(0, 4, 0, 0)));
    }

    @Test
    void eventExactlyOnAnInnerEdgeCountsInTheLaterSlice() {
        given(campaign, CLICK, T0.plus(HOUR).minusNanos(1000), 1);
        given(campaign, VIEW, T0.plus(HOUR), 1);
        store();

        List<SliceCount> counts = reports.count(new CountQuery(List.of(campaign), EDGES, DimensionFilter.NONE,
                null));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(campaign, 0, null, Counts.of(CLICK, 1)),
                new SliceCount(campaign, 1, null, Counts.of(VIEW, 1)));
    }

    @Test
    void eventsBeforeTheFirstEdgeOrAtOrAfterTheLastAreNotCounted() {
        Instant last = EDGES.get(EDGES.size() - 1);
        given(campaign, VIEW, T0.minusNanos(1000), 1);
        given(campaign, VIEW, last, 1);
        given(campaign, VIEW, last.plusSeconds(3600), 1);
        given(campaign, VIEW, T0, 1);
        given(campaign, VIEW, last.minusNanos(1000), 1);
        store();

        List<SliceCount> counts = reports.count(new CountQuery(List.of(campaign), EDGES, DimensionFilter.NONE,
                null));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(campaign, 0, null, Counts.of(VIEW, 1)),
                new SliceCount(campaign, 2, null, Counts.of(VIEW, 1)));
    }

    @Test
    void slicesOfUnequalLengthAreCountedByTheirEdges() {
        List<Instant> edges = List.of(T0, T0.plusSeconds(1), T0.plus(Duration.ofDays(3)));
        given(campaign, CLICK, T0, 2);
        given(campaign, CLICK, T0.plusSeconds(1), 1);
        given(campaign, CLICK, T0.plus(Duration.ofDays(2)), 1);
        store();

        List<SliceCount> counts = reports.count(new CountQuery(List.of(campaign), edges, DimensionFilter.NONE,
                null));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(campaign, 0, null, Counts.of(CLICK, 2)),
                new SliceCount(campaign, 1, null, Counts.of(CLICK, 2)));
    }

    @Test
    void filterCountsOnlyEventsWithExactlyThoseDimensionValues() {
        given(campaign, CLICK, T0, 1, new Dimensions("new", "email", "mobile"));
        given(campaign, CLICK, T0, 2, new Dimensions("new", "email", "desktop"));
        given(campaign, CLICK, T0, 4, new Dimensions("new", "social", "mobile"));
        given(campaign, CLICK, T0, 8, new Dimensions("New", "email", "mobile"));
        given(campaign, CLICK, T0, 16, new Dimensions(null, "email", "mobile"));
        store();

        List<SliceCount> segmentAndChannel = reports.count(new CountQuery(List.of(campaign), EDGES,
                DimensionFilter.of("new", "email", null), null));
        List<SliceCount> allThree = reports.count(new CountQuery(List.of(campaign), EDGES,
                DimensionFilter.of("new", "email", "mobile"), null));
        List<SliceCount> device = reports.count(new CountQuery(List.of(campaign), EDGES,
                DimensionFilter.of(null, null, "mobile"), null));

        assertThat(segmentAndChannel).containsExactly(new SliceCount(campaign, 0, null, Counts.of(CLICK, 3)));
        assertThat(allThree).containsExactly(new SliceCount(campaign, 0, null, Counts.of(CLICK, 1)));
        assertThat(device).containsExactly(new SliceCount(campaign, 0, null, Counts.of(CLICK, 29)));
    }

    @Test
    void groupingSplitsCountsByDimensionValueWithNullForEventsWithoutOne() {
        given(campaign, VIEW, T0, 2, new Dimensions(null, "email", null));
        given(campaign, CLICK, T0, 1, new Dimensions(null, "email", null));
        given(campaign, VIEW, T0, 3, new Dimensions(null, "social", null));
        given(campaign, VIEW, T0, 5, Dimensions.NONE);
        given(campaign, VIEW, T0.plus(HOUR), 7, new Dimensions(null, "email", null));
        store();

        List<SliceCount> counts = reports.count(new CountQuery(List.of(campaign), EDGES, DimensionFilter.NONE,
                Dimension.CHANNEL));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(campaign, 0, "email", new Counts(0, 2, 1, 0)),
                new SliceCount(campaign, 0, "social", Counts.of(VIEW, 3)),
                new SliceCount(campaign, 0, null, Counts.of(VIEW, 5)),
                new SliceCount(campaign, 1, "email", Counts.of(VIEW, 7)));
    }

    @Test
    void groupingWorksForEveryDimensionAndCombinesWithAFilter() {
        given(campaign, CLICK, T0, 1, new Dimensions("a", "email", "mobile"));
        given(campaign, CLICK, T0, 2, new Dimensions("b", "email", "desktop"));
        given(campaign, CLICK, T0, 4, new Dimensions("a", "social", "desktop"));
        store();
        DimensionFilter email = DimensionFilter.of(null, "email", null);

        assertThat(reports.count(new CountQuery(List.of(campaign), EDGES, email, Dimension.AUDIENCE_SEGMENT)))
                .containsExactlyInAnyOrder(
                        new SliceCount(campaign, 0, "a", Counts.of(CLICK, 1)),
                        new SliceCount(campaign, 0, "b", Counts.of(CLICK, 2)));
        assertThat(reports.count(new CountQuery(List.of(campaign), EDGES, email, Dimension.DEVICE_TYPE)))
                .containsExactlyInAnyOrder(
                        new SliceCount(campaign, 0, "mobile", Counts.of(CLICK, 1)),
                        new SliceCount(campaign, 0, "desktop", Counts.of(CLICK, 2)));
    }

    @Test
    void countsEachCampaignSeparatelyAndOnlyTheCampaignsAskedFor() {
        CampaignId second = addCampaign("Second");
        CampaignId notAsked = addCampaign("Not asked");
        given(campaign, VIEW, T0, 1);
        given(second, VIEW, T0, 2);
        given(second, CLICK, T0.plus(HOUR), 1);
        given(notAsked, VIEW, T0, 50);
        store();

        List<SliceCount> counts = reports.count(new CountQuery(List.of(campaign, second), EDGES,
                DimensionFilter.NONE, null));

        assertThat(counts).containsExactlyInAnyOrder(
                new SliceCount(campaign, 0, null, Counts.of(VIEW, 1)),
                new SliceCount(second, 0, null, Counts.of(VIEW, 2)),
                new SliceCount(second, 1, null, Counts.of(CLICK, 1)));
    }

    @Test
    void campaignWithoutEventsHasNoCounts() {
        assertThat(reports.count(new CountQuery(List.of(campaign), EDGES, DimensionFilter.NONE, Dimension.CHANNEL)))
                .isEmpty();
    }

    @Test
    void eventTimeSpanIsTheFirstAndLastMatchingEventWithinTheRange() {
        Instant until = T0.plus(Duration.ofDays(1));
        given(campaign, VIEW, T0.minusSeconds(1), 1, new Dimensions(null, "email", null));
        given(campaign, VIEW, T0.plusSeconds(5), 1, new Dimensions(null, "email", null));
        given(campaign, VIEW, T0.plusSeconds(2), 1, new Dimensions(null, "social", null));
        given(campaign, CLICK, T0.plusSeconds(500), 1, new Dimensions(null, "email", null));
        given(campaign, VIEW, until.minusSeconds(1), 1, new Dimensions(null, "social", null));
        given(campaign, VIEW, until, 1, new Dimensions(null, "email", null));
        store();

        assertThat(reports.eventTimeSpan(campaign, T0, until, DimensionFilter.NONE))
                .contains(new EventTimeSpan(T0.plusSeconds(2), until.minusSeconds(1)));
        assertThat(reports.eventTimeSpan(campaign, T0, until, DimensionFilter.of(null, "email", null)))
                .contains(new EventTimeSpan(T0.plusSeconds(5), T0.plusSeconds(500)));
    }

    @Test
    void eventTimeSpanOfASingleEventStartsAndEndsAtIt() {
        given(campaign, CONVERSION, T0.plusSeconds(42), 1);
        store();

        assertThat(reports.eventTimeSpan(campaign, T0, T0.plus(HOUR), DimensionFilter.NONE))
                .contains(new EventTimeSpan(T0.plusSeconds(42), T0.plusSeconds(42)));
    }

    @Test
    void eventTimeSpanIsEmptyWhenNoEventMatches() {
        CampaignId other = addCampaign("Other");
        given(other, VIEW, T0.plusSeconds(1), 1);
        given(campaign, VIEW, T0.plus(HOUR), 1, new Dimensions(null, "email", null));
        store();

        assertThat(reports.eventTimeSpan(campaign, T0, T0.plus(HOUR), DimensionFilter.NONE)).isEmpty();
        assertThat(reports.eventTimeSpan(campaign, T0, T0.plus(Duration.ofDays(1)),
                DimensionFilter.of(null, "social", null))).isEmpty();
    }

    private CampaignId addCampaign(String name) {
        Campaign c = campaign(name);
        db.adapters().campaignCatalog().add(c);
        return c.id();
    }

    private void given(CampaignId c, EventType type, Instant at, int times) {
        given(c, type, at, times, Dimensions.NONE);
    }

    private void given(CampaignId c, EventType type, Instant at, int times, Dimensions dimensions) {
        for (int i = 0; i < times; i++) {
            events.add(event(c, type, at, dimensions));
        }
    }

    private void store() {
        db.adapters().eventStore().append(events);
        events.clear();
    }
}
