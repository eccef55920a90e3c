package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.Bucket;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.CampaignReport;
import dev.campaignanalytics.core.domain.Comparison;
import dev.campaignanalytics.core.domain.ComparisonRow;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.DateRange;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.ReportLimits;
import dev.campaignanalytics.core.domain.ReportRange;
import dev.campaignanalytics.core.domain.SegmentTotal;
import dev.campaignanalytics.core.domain.SegmentedReport;
import dev.campaignanalytics.core.domain.SeriesPoint;
import dev.campaignanalytics.core.domain.Summary;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase.CompareQuery;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.core.port.out.InMemoryCampaignCatalog;
import dev.campaignanalytics.core.port.out.InMemoryEventStore;
import dev.campaignanalytics.core.port.out.InMemoryReportStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportServiceTest {
    private static final Instant NOW = Instant.parse("2024-06-01T02:00:00Z");
    private static final ZoneId UTC = ZoneOffset.UTC;

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryCampaignCatalog catalog = new InMemoryCampaignCatalog();
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryReportStore reports = new InMemoryReportStore(events);
    private final ReportService service = new ReportService(catalog, reports, clock, ReportLimits.DEFAULT);
    private final CampaignId campaign = addCampaign("Main");

    private CampaignId addCampaign(String name) {
        CampaignId id = CampaignId.random();
        catalog.add(new Campaign(id, name, null, true, NOW, NOW));
        return id;
    }

    private void record(CampaignId c, EventType type, Instant at, Dimensions dimensions) {
        events.append(List.of(new NewEvent(EventIds.next(NOW), NOW,
                TrackedEvent.of(c, type, at).withDimensions(dimensions))));
    }

    private void record(EventType type, Instant at) {
        record(campaign, type, at, Dimensions.NONE);
    }

    private void record(EventType type, String instant, int times) {
        for (int n = 0; n < times; n++) {
            record(type, Instant.parse(instant));
        }
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    private static ReportQuery query(String start, String end, ZoneId zone, Granularity g, DimensionFilter filter) {
        return new ReportQuery(new RangeSpec.Explicit(LocalDate.parse(start), LocalDate.parse(end)), zone, g, filter);
    }

    private static ReportQuery days(String start, String end) {
        return query(start, end, UTC, Granularity.DAY, null);
    }

    private static Counts sum(List<SeriesPoint> series) {
        return series.stream().map(SeriesPoint::counts).reduce(Counts.ZERO, Counts::plus);
    }

    private static Counts views(long n) {
        return Counts.of(EventType.VIEW, n);
    }

    // ---- the full report ----

    @Test
    void fullReportZeroFillsEveryBucket() {
        record(EventType.VIEW, "2024-05-02T10:00:00Z", 2);
        record(EventType.CLICK, "2024-05-02T11:00:00Z", 1);
        record(EventType.VIEW, "2024-05-05T23:59:59Z", 1);

        CampaignReport report = service.report(campaign, days("2024-05-01", "2024-05-07"));

        assertThat(report.series()).extracting(p -> p.bucket().date()).containsExactly(
                LocalDate.parse("2024-05-01"), LocalDate.parse("2024-05-02"), LocalDate.parse("2024-05-03"),
                LocalDate.parse("2024-05-04"), LocalDate.parse("2024-05-05"), LocalDate.parse("2024-05-06"),
                LocalDate.parse("2024-05-07"));
        assertThat(report.series()).extracting(SeriesPoint::counts).containsExactly(
                Counts.ZERO, new Counts(0, 2, 1, 0), Counts.ZERO, Counts.ZERO, views(1), Counts.ZERO, Counts.ZERO);
        assertThat(report.series().get(0).clickThroughRate().percent()).isNull();
        assertThat(report.series().get(1).clickThroughRate().percent()).isEqualTo(new BigDecimal("50.00"));
    }

    @Test
    void reportOfACampaignWithoutEventsIsAllZeros() {
        CampaignReport report = service.report(campaign, days("2024-05-01", "2024-05-03"));

        assertThat(report.series()).hasSize(3).extracting(SeriesPoint::counts).containsOnly(Counts.ZERO);
        assertThat(report.summary().counts()).isEqualTo(Counts.ZERO);
        assertThat(report.periodChange().views()).isNull();
        assertThat(report.campaign().id()).isEqualTo(campaign);
    }

    @Test
    void summaryEqualsTheSumOfTheSeries() {
        record(EventType.IMPRESSION, "2024-05-01T00:00:00Z", 5);
        record(EventType.VIEW, "2024-05-08T12:00:00Z", 4);
        record(EventType.CLICK, "2024-05-15T12:00:00Z", 2);
        record(EventType.CONVERSION, "2024-05-31T23:59:59Z", 1);

        CampaignReport report = service.report(campaign,
                query("2024-05-01", "2024-05-31", UTC, Granularity.WEEK, null));

        assertThat(report.summary().counts()).isEqualTo(new Counts(5, 4, 2, 1));
        assertThat(report.summary().counts()).isEqualTo(sum(report.series()));
        assertThat(report.series()).hasSize(5);
    }

    @Test
    void previousPeriodIsCountedSeparatelyAndOutsideEventsNowhere() {
        record(EventType.VIEW, "2024-04-23T23:59:59Z", 7);  // before the previous period
        record(EventType.VIEW, "2024-04-24T00:00:00Z", 1);  // first instant of the previous period
        record(EventType.VIEW, "2024-04-30T23:59:59.999999999Z", 1); // its last instant
        record(EventType.CLICK, "2024-04-30T12:00:00Z", 1);
        record(EventType.VIEW, "2024-05-01T00:00:00Z", 3);  // first instant of the current period
        record(EventType.CLICK, "2024-05-07T23:59:59Z", 3);
        record(EventType.VIEW, "2024-05-08T00:00:00Z", 9);  // after the current period

        CampaignReport report = service.report(campaign, days("2024-05-01", "2024-05-07"));

        assertThat(report.range().previous()).isEqualTo(new DateRange(LocalDate.parse("2024-04-24"),
                LocalDate.parse("2024-04-30"), UTC));
        assertThat(report.previousSummary().counts()).isEqualTo(new Counts(0, 2, 1, 0));
        assertThat(report.summary().counts()).isEqualTo(new Counts(0, 3, 3, 0));
        assertThat(sum(report.series())).isEqualTo(report.summary().counts());
    }

    @Test
    void periodChangeComparesTheCurrentTotalsWithThePrevious() {
        // previous: 1000 views, 1 click (0.100 %); current: 800 views, 1 click (0.125 %), 1 conversion
        record(EventType.VIEW, "2024-04-25T10:00:00Z", 1000);
        record(EventType.CLICK, "2024-04-25T10:00:00Z", 1);
        record(EventType.VIEW, "2024-05-02T10:00:00Z", 800);
        record(EventType.CLICK, "2024-05-02T10:00:00Z", 1);
        record(EventType.CONVERSION, "2024-05-02T10:00:00Z", 1);

        CampaignReport report = service.report(campaign, days("2024-05-01", "2024-05-07"));

        assertThat(report.periodChange().views()).isEqualTo(new BigDecimal("-20.00"));
        assertThat(report.periodChange().clicks()).isEqualTo(new BigDecimal("0.00"));
        assertThat(report.periodChange().conversions()).isNull();
        assertThat(report.periodChange().clickThroughRate()).isEqualTo(new BigDecimal("25.00"));
        assertThat(report.periodChange().conversionRate()).isNull();
    }

    @Test
    void filtersApplyToSummarySeriesAndPreviousPeriod() {
        Dimensions email = new Dimensions("vip", "email", "mobile");
        Dimensions social = new Dimensions("vip", "social", "mobile");
        record(campaign, EventType.VIEW, Instant.parse("2024-04-28T10:00:00Z"), email);
        record(campaign, EventType.VIEW, Instant.parse("2024-04-28T10:00:00Z"), social);
        record(campaign, EventType.VIEW, Instant.parse("2024-04-28T10:00:00Z"), Dimensions.NONE);
        record(campaign, EventType.VIEW, Instant.parse("2024-05-02T10:00:00Z"), email);
        record(campaign, EventType.VIEW, Instant.parse("2024-05-02T10:00:00Z"), email);
        record(campaign, EventType.CLICK, Instant.parse("2024-05-02T10:00:00Z"), social);
        record(campaign, EventType.VIEW, Instant.parse("2024-05-03T10:00:00Z"), social);

        CampaignReport report = service.report(campaign,
                query("2024-05-01", "2024-05-07", UTC, Granularity.DAY, DimensionFilter.of(null, "email", null)));

        assertThat(report.summary().counts()).isEqualTo(views(2));
        assertThat(report.series().get(1).counts()).isEqualTo(views(2));
        assertThat(report.series().get(2).counts()).isEqualTo(Counts.ZERO);
        assertThat(report.previousSummary().counts()).isEqualTo(views(1));
        assertThat(report.periodChange().views()).isEqualTo(new BigDecimal("100.00"));
    }

    @Test
    void presetEndsTodayInTheQuerysZoneNotInUtc() {
        // 2024-06-01T02:00Z is still 2024-05-31 (19:00) in Los Angeles.
        ZoneId la = ZoneId.of("America/Los_Angeles");
        record(EventType.VIEW, "2024-06-01T01:00:00Z", 1); // 2024-05-31 18:00 in Los Angeles
        ReportQuery query = new ReportQuery(new RangeSpec.Preset("7d"), la, Granularity.DAY, null);

        CampaignReport report = service.report(campaign, query);

        assertThat(report.range().current()).isEqualTo(new DateRange(LocalDate.parse("2024-05-25"),
                LocalDate.parse("2024-05-31"), la));
        assertThat(report.series().get(6).bucket().date()).isEqualTo(LocalDate.parse("2024-05-31"));
        assertThat(report.series().get(6).counts()).isEqualTo(views(1));
    }

    @Test
    void presetInUtcAtTheSameInstantEndsADayLater() {
        ReportQuery query = new ReportQuery(new RangeSpec.Preset("30d"), UTC, Granularity.DAY, null);

        assertThat(service.resolve(query)).isEqualTo(new DateRange(LocalDate.parse("2024-05-03"),
                LocalDate.parse("2024-06-01"), UTC));
    }

    @Test
    void presetFollowsTheClock() {
        clock.set(Instant.parse("2025-01-10T12:00:00Z"));
        ReportQuery query = new ReportQuery(new RangeSpec.Preset("1y"), UTC, Granularity.MONTH, null);

        DateRange range = service.resolve(query);

        assertThat(range.end()).isEqualTo(LocalDate.parse("2025-01-10"));
        assertThat(range.days()).isEqualTo(365);
    }

    @Test
    void rangeNamesThePresetsDatesAndThePreviousPeriodWithoutCountingAnything() {
        ZoneId la = ZoneId.of("America/Los_Angeles");
        ReportQuery query = new ReportQuery(new RangeSpec.Preset("7d"), la, Granularity.WEEK, null);

        ReportRange range = service.range(query);

        assertThat(range.current()).isEqualTo(new DateRange(LocalDate.parse("2024-05-25"),
                LocalDate.parse("2024-05-31"), la));
        assertThat(range.previous()).isEqualTo(new DateRange(LocalDate.parse("2024-05-18"),
                LocalDate.parse("2024-05-24"), la));
        assertThat(range.granularity()).isEqualTo(Granularity.WEEK);
        assertThat(fieldsRefusedBy(() -> service.range(days("2021-01-01", "2024-01-02"))))
                .containsExactly("end_date");
    }

    @Test
    void rangeOfAtMost1096DaysIsAllowed() {
        assertThat(service.resolve(days("2021-01-01", "2023-12-31")).days()).isEqualTo(1095);
        assertThat(service.resolve(days("2021-01-01", "2024-01-01")).days()).isEqualTo(1096);
    }

    @Test
    void rangeLongerThan1096DaysIsRefused() {
        assertThat(fieldsRefusedBy(() -> service.report(campaign, days("2021-01-01", "2024-01-02"))))
                .containsExactly("end_date");
        assertThat(fieldsRefusedBy(() -> service.series(campaign, days("2010-01-01", "2024-01-02"))))
                .containsExactly("end_date");
    }

    @Test
    void rangeLimitComesFromTheConfiguredLimits() {
        ReportService narrow = new ReportService(catalog, reports, clock, new ReportLimits(31));
        ReportQuery ninety = new ReportQuery(new RangeSpec.Preset("90d"), UTC, Granularity.DAY, null);

        assertThat(narrow.resolve(days("2024-05-01", "2024-05-31")).days()).isEqualTo(31);
        assertThat(fieldsRefusedBy(() -> narrow.summary(campaign, ninety))).containsExactly("date_range");
    }

    @Test
    void unknownCampaignIsNotFoundInEveryReport() {
        CampaignId unknown = CampaignId.random();
        ReportQuery q = days("2024-05-01", "2024-05-07");

        assertThatThrownBy(() -> service.report(unknown, q)).isInstanceOf(CampaignNotFoundException.class);
        assertThatThrownBy(() -> service.summary(unknown, q)).isInstanceOf(CampaignNotFoundException.class);
        assertThatThrownBy(() -> service.series(unknown, q)).isInstanceOf(CampaignNotFoundException.class);
        assertThatThrownBy(() -> service.segmented(unknown, Dimension.CHANNEL, q))
                .isInstanceOfSatisfying(CampaignNotFoundException.class,
                        e -> assertThat(e.campaignId()).isEqualTo(unknown));
    }

    // ---- zones ----

    @Test
    void eventLateInTheEveningInIndiaLandsInThatLocalDay() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        record(EventType.VIEW, local("2024-05-01T00:00", kolkata)); // 2024-04-30T18:30Z
        record(EventType.VIEW, local("2024-05-01T23:30", kolkata)); // 2024-05-01T18:00Z
        record(EventType.CLICK, local("2024-05-02T00:15", kolkata)); // 2024-05-01T18:45Z: same UTC day, next local day
        record(EventType.VIEW, local("2024-04-30T23:59:59", kolkata)); // the previous period

        CampaignReport report = service.report(campaign, query("2024-05-01", "2024-05-02", kolkata,
                Granularity.DAY, null));

        assertThat(report.series()).extracting(SeriesPoint::counts)
                .containsExactly(views(2), Counts.of(EventType.CLICK, 1));
        assertThat(report.previousSummary().counts()).isEqualTo(views(1));
    }

    @Test
    void eventsInNepalAreSplitAtQuarterPastUtc() {
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
        record(EventType.VIEW, "2024-05-01T18:14:59Z", 1); // 23:59:59 on 2024-05-01 in Kathmandu
        record(EventType.VIEW, "2024-05-01T18:15:00Z", 2); // 00:00 on 2024-05-02

        List<SeriesPoint> series = service.series(campaign, query("2024-05-01", "2024-05-02", kathmandu,
                Granularity.DAY, null));

        assertThat(series).extracting(SeriesPoint::counts).containsExactly(views(1), views(2));
    }

    @Test
    void theLongDayInNewYorkCountsAll25Hours() {
        ZoneId ny = ZoneId.of("America/New_York");
        record(EventType.VIEW, "2024-11-03T04:30:00Z", 1); // 00:30 EDT on 2024-11-03
        record(EventType.VIEW, "2024-11-04T04:30:00Z", 1); // 23:30 EST on 2024-11-03, 24.5 h later
        record(EventType.VIEW, "2024-11-04T05:00:00Z", 1); // 00:00 EST on 2024-11-04

        List<SeriesPoint> series = service.series(campaign, query("2024-11-03", "2024-11-04", ny,
                Granularity.DAY, null));

        assertThat(series).extracting(SeriesPoint::counts).containsExactly(views(2), views(1));
        Bucket longDay = series.get(0).bucket();
        assertThat(Duration.between(longDay.from(), longDay.until())).isEqualTo(Duration.ofHours(25));
    }

    // ---- summary and series on their own ----

    @Test
    void summaryNamesTheFirstAndLastCountedEvent() {
        record(EventType.VIEW, "2024-04-30T23:00:00Z", 1); // outside
        record(EventType.VIEW, "2024-05-01T08:00:00Z", 1);
        record(campaign, EventType.CLICK, Instant.parse("2024-05-03T09:00:00Z"), new Dimensions(null, "email", null));
        record(EventType.CLICK, "2024-05-06T17:00:00Z", 1);
        record(EventType.VIEW, "2024-05-08T00:00:00Z", 1); // outside

        Summary all = service.summary(campaign, days("2024-05-01", "2024-05-07"));
        Summary email = service.summary(campaign, query("2024-05-01", "2024-05-07", UTC, Granularity.DAY,
                DimensionFilter.of(null, "email", null)));

        assertThat(all.counts()).isEqualTo(new Counts(0, 1, 2, 0));
        assertThat(all.firstEvent()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(all.lastEvent()).isEqualTo(Instant.parse("2024-05-06T17:00:00Z"));
        assertThat(email.counts()).isEqualTo(Counts.of(EventType.CLICK, 1));
        assertThat(email.firstEvent()).isEqualTo(email.lastEvent()).isEqualTo(Instant.parse("2024-05-03T09:00:00Z"));
    }

    @Test
    void summaryWithoutEventsHasNoFirstOrLastEvent() {
        Summary summary = service.summary(campaign, days("2024-05-01", "2024-05-07"));

        assertThat(summary.counts()).isEqualTo(Counts.ZERO);
        assertThat(summary.firstEvent()).isNull();
        assertThat(summary.lastEvent()).isNull();
        assertThat(summary.clickThroughRate().percent()).isNull();
    }

    @Test
    void seriesIsZeroFilledAndClippedToTheRange() {
        record(EventType.VIEW, "2024-05-13T00:00:00Z", 1);

        List<SeriesPoint> series = service.series(campaign, query("2024-05-01", "2024-05-14", UTC,
                Granularity.WEEK, null));

        assertThat(series).extracting(p -> p.bucket().date()).containsExactly(LocalDate.parse("2024-04-29"),
                LocalDate.parse("2024-05-06"), LocalDate.parse("2024-05-13"));
        assertThat(series.get(0).bucket().startDate()).isEqualTo(LocalDate.parse("2024-05-01"));
        assertThat(series).extracting(SeriesPoint::counts).containsExactly(Counts.ZERO, Counts.ZERO, views(1));
    }

    // ---- segmented ----

    @Test
    void segmentedReportPutsEventsWithoutAValueUnderUnknown() {
        record(campaign, EventType.VIEW, Instant.parse("2024-05-02T10:00:00Z"), new Dimensions(null, "email", null));
        record(campaign, EventType.VIEW, Instant.parse("2024-05-02T10:00:00Z"), new Dimensions("vip", null, null));

        SegmentedReport report = service.segmented(campaign, Dimension.CHANNEL, days("2024-05-01", "2024-05-03"));

        assertThat(report.dimension()).isEqualTo(Dimension.CHANNEL);
        assertThat(report.totals()).containsExactlyInAnyOrder(new SegmentTotal("email", views(1)),
                new SegmentTotal(Dimension.UNKNOWN, views(1)));
        assertThat(report.series()).containsOnlyKeys("email", "unknown");
    }

    @Test
    void segmentTotalsAreSortedByViewsDescendingThenByValue() {
        Instant t = Instant.parse("2024-05-02T10:00:00Z");
        for (int n = 0; n < 3; n++) {
            record(campaign, EventType.VIEW, t, new Dimensions(null, null, "desktop"));
        }
        record(campaign, EventType.VIEW, t, new Dimensions(null, null, "tablet"));
        record(campaign, EventType.CLICK, t, new Dimensions(null, null, "tablet"));
        record(campaign, EventType.CLICK, t, new Dimensions(null, null, "tablet"));
        record(campaign, EventType.VIEW, t, new Dimensions(null, null, "mobile"));
        record(campaign, EventType.VIEW, t, Dimensions.NONE);
        record(campaign, EventType.VIEW, t, Dimensions.NONE);

        SegmentedReport report = service.segmented(campaign, Dimension.DEVICE_TYPE, days("2024-05-01", "2024-05-03"));

        assertThat(report.totals()).extracting(SegmentTotal::segment)
                .containsExactly("desktop", "unknown", "mobile", "tablet");
        assertThat(report.totals().get(3).counts()).isEqualTo(new Counts(0, 1, 2, 0));
        assertThat(report.series().keySet()).containsExactly("desktop", "unknown", "mobile", "tablet");
    }

    @Test
    void eachSegmentHasAZeroFilledSeriesOverEveryBucket() {
        record(campaign, EventType.VIEW, Instant.parse("2024-05-01T10:00:00Z"), new Dimensions(null, "email", null));
        record(campaign, EventType.VIEW, Instant.parse("2024-05-04T10:00:00Z"), new Dimensions(null, "social", null));

        SegmentedReport report = service.segmented(campaign, Dimension.CHANNEL, days("2024-05-01", "2024-05-04"));

        assertThat(report.series().get("email")).extracting(SeriesPoint::counts)
                .containsExactly(views(1), Counts.ZERO, Counts.ZERO, Counts.ZERO);
        assertThat(report.series().get("social")).extracting(SeriesPoint::counts)
                .containsExactly(Counts.ZERO, Counts.ZERO, Counts.ZERO, views(1));
        assertThat(report.series().get("social")).extracting(p -> p.bucket().date())
                .containsExactly(LocalDate.parse("2024-05-01"), LocalDate.parse("2024-05-02"),
                        LocalDate.parse("2024-05-03"), LocalDate.parse("2024-05-04"));
    }

    @Test
    void segmentedReportAppliesTheFilterAndKeepsToTheRange() {
        Instant t = Instant.parse("2024-05-02T10:00:00Z");
        record(campaign, EventType.VIEW, t, new Dimensions("vip", "email", "mobile"));
        record(campaign, EventType.VIEW, t, new Dimensions("new", "email", "desktop"));
        record(campaign, EventType.VIEW, Instant.parse("2024-04-30T10:00:00Z"), new Dimensions("vip", "email", "tv"));

        SegmentedReport report = service.segmented(campaign, Dimension.DEVICE_TYPE, query("2024-05-01",
                "2024-05-03", UTC, Granularity.DAY, DimensionFilter.of("vip", null, null)));

        assertThat(report.totals()).containsExactly(new SegmentTotal("mobile", views(1)));
    }

    // ---- compare ----

    @Test
    void comparisonKeepsTheOrderAskedForAndCountsEachCampaign() {
        CampaignId b = addCampaign("B");
        CampaignId c = addCampaign("C");
        record(campaign, EventType.VIEW, Instant.parse("2024-05-02T10:00:00Z"), Dimensions.NONE);
        record(b, EventType.VIEW, Instant.parse("2024-05-02T10:00:00Z"), Dimensions.NONE);
        record(b, EventType.CLICK, Instant.parse("2024-05-02T10:00:00Z"), Dimensions.NONE);
        record(b, EventType.CLICK, Instant.parse("2024-05-09T10:00:00Z"), Dimensions.NONE); // outside

        Comparison comparison = service.compare(new CompareQuery(List.of(c, b, campaign),
                days("2024-05-01", "2024-05-07")));

        assertThat(comparison.rows()).extracting(r -> r.campaign().id()).containsExactly(c, b, campaign);
        assertThat(comparison.rows()).extracting(ComparisonRow::counts)
                .containsExactly(Counts.ZERO, new Counts(0, 1, 1, 0), views(1));
        assertThat(comparison.range().current().days()).isEqualTo(7);
    }

    @Test
    void comparisonCountsTheDaysOfTheZoneFromTheFirstInstantOfTheStartUpToTheDayAfterTheEnd() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        CampaignId b = addCampaign("B");
        record(campaign, EventType.IMPRESSION, local("2024-05-01T00:00", kolkata), Dimensions.NONE);
        record(campaign, EventType.VIEW, local("2024-05-07T23:59:59.999", kolkata), Dimensions.NONE);
        record(campaign, EventType.CLICK, local("2024-04-30T23:59:59.999", kolkata), Dimensions.NONE); // outside
        record(campaign, EventType.CONVERSION, local("2024-05-08T00:00", kolkata), Dimensions.NONE); // outside
        record(b, EventType.VIEW, local("2024-05-08T00:00", kolkata), Dimensions.NONE); // outside

        Comparison comparison = service.compare(new CompareQuery(List.of(campaign, b),
                query("2024-05-01", "2024-05-07", kolkata, Granularity.DAY, null)));

        assertThat(comparison.rows()).extracting(ComparisonRow::counts)
                .containsExactly(new Counts(1, 1, 0, 0), Counts.ZERO);
        assertThat(comparison.range().current().zone()).isEqualTo(kolkata);
    }

    @Test
    void comparisonAppliesTheFilterToEveryCampaign() {
        CampaignId b = addCampaign("B");
        Instant t = Instant.parse("2024-05-02T10:00:00Z");
        record(campaign, EventType.VIEW, t, new Dimensions(null, "email", null));
        record(campaign, EventType.VIEW, t, new Dimensions(null, "social", null));
        record(b, EventType.VIEW, t, new Dimensions(null, "social", null));

        Comparison comparison = service.compare(new CompareQuery(List.of(campaign, b),
                query("2024-05-01", "2024-05-07", UTC, Granularity.DAY, DimensionFilter.of(null, "email", null))));

        assertThat(comparison.rows()).extracting(ComparisonRow::counts).containsExactly(views(1), Counts.ZERO);
    }

    @Test
    void comparisonOfAnUnknownCampaignThrowsNotFoundNamingIt() {
        CampaignId unknown = CampaignId.random();

        assertThatThrownBy(() -> service.compare(new CompareQuery(List.of(campaign, unknown),
                days("2024-05-01", "2024-05-07"))))
                .isInstanceOfSatisfying(CampaignNotFoundException.class, e -> {
                    assertThat(e.campaignId()).isEqualTo(unknown);
                    assertThat(e.getMessage()).contains(unknown.toString());
                });
    }

    @Test
    void comparisonRefusesACampaignNamedTwice() {
        CampaignId b = addCampaign("B");

        assertThat(fieldsRefusedBy(() -> service.compare(new CompareQuery(List.of(b, campaign, b),
                days("2024-05-01", "2024-05-07"))))).containsExactly("campaign_ids");
    }

    @Test
    void comparisonNeedsTwoToTwentyCampaigns() {
        CampaignId b = addCampaign("B");
        List<CampaignId> many = new java.util.ArrayList<>();
        for (int n = 0; n < 21; n++) {
            many.add(addCampaign("c" + n));
        }

        assertThat(fieldsRefusedBy(() -> service.compare(new CompareQuery(List.of(campaign),
                days("2024-05-01", "2024-05-07"))))).containsExactly("campaign_ids");
        assertThat(fieldsRefusedBy(() -> service.compare(new CompareQuery(List.of(b, b),
                days("2024-05-01", "2024-05-07"))))).containsExactly("campaign_ids");
        assertThat(fieldsRefusedBy(() -> service.compare(new CompareQuery(many,
                days("2024-05-01", "2024-05-07"))))).containsExactly("campaign_ids");
        assertThat(service.compare(new CompareQuery(many.subList(0, 20), days("2024-05-01", "2024-05-07"))).rows())
                .hasSize(20);
    }

    @Test
    void comparisonRefusesARangeLongerThanAllowed() {
        CampaignId b = addCampaign("B");

        assertThat(fieldsRefusedBy(() -> service.compare(new CompareQuery(List.of(campaign, b),
                days("2020-01-01", "2024-01-01"))))).containsExactly("end_date");
    }
}
