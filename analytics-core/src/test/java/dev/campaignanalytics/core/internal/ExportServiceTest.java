package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.ReportLimits;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.ExportUseCase.Content;
import dev.campaignanalytics.core.port.in.ExportUseCase.ExportQuery;
import dev.campaignanalytics.core.port.in.ExportUseCase.Metric;
import dev.campaignanalytics.core.port.in.ExportUseCase.PreparedExport;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.core.port.out.Cell;
import dev.campaignanalytics.core.port.out.InMemoryCampaignCatalog;
import dev.campaignanalytics.core.port.out.InMemoryEventStore;
import dev.campaignanalytics.core.port.out.InMemoryRawEventSource;
import dev.campaignanalytics.core.port.out.InMemoryReportStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.RawEventSource;
import dev.campaignanalytics.core.port.out.RecordingReportWriter;
import dev.campaignanalytics.core.port.out.RecordingReportWriter.Recording;
import dev.campaignanalytics.core.port.out.RecordingReportWriter.Table;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportServiceTest {
    private static final Instant NOW = Instant.parse("2025-03-12T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final LocalDate START = LocalDate.of(2025, 3, 3);
    private static final LocalDate END = LocalDate.of(2025, 3, 5);

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryCampaignCatalog catalog = new InMemoryCampaignCatalog();
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final ReportService reports = new ReportService(catalog, new InMemoryReportStore(events), clock,
            ReportLimits.DEFAULT);
    private final InMemoryRawEventSource raw = new InMemoryRawEventSource(events);
    private final RecordingReportWriter writers = new RecordingReportWriter();
    private final ExportService service = new ExportService(reports, catalog, raw, writers);
    private final CampaignId campaign = addCampaign("Spring", "banner");

    private CampaignId addCampaign(String name, String templateType) {
        CampaignId id = CampaignId.random();
        catalog.add(new Campaign(id, name, templateType, true, NOW, NOW));
        return id;
    }

    private void record(CampaignId c, EventType type, String at, int times, Dimensions dimensions) {
        for (int i = 0; i < times; i++) {
            Instant when = Instant.parse(at).plusMillis(i);
            events.append(List.of(new NewEvent(EventIds.next(when), when.plusSeconds(1),
                    TrackedEvent.of(c, type, when).withDimensions(dimensions))));
        }
    }

    private static ReportQuery range(ZoneId zone, Granularity granularity, DimensionFilter filter) {
        return new ReportQuery(new RangeSpec.Explicit(START, END), zone, granularity, filter);
    }

    private static ReportQuery range() {
        return range(UTC, Granularity.DAY, DimensionFilter.NONE);
    }

    private Recording write(ExportQuery query) throws IOException {
        service.prepare(query).writeTo(new ByteArrayOutputStream());
        Recording r = writers.only();
        assertThat(r.finished()).isTrue();
        assertThat(r.closed()).isTrue();
        return r;
    }

    private static BigDecimal d(String decimal) {
        return new BigDecimal(decimal);
    }

    private static List<Cell> cells(Object... values) {
        return Arrays.stream(values).map(v -> {
            if (v == null) {
                return Cell.EMPTY;
            } else if (v instanceof String s) {
                return Cell.text(s);
            } else if (v instanceof Integer n) {
                return Cell.whole(n);
            } else if (v instanceof LocalDate d) {
                return Cell.day(d);
            } else if (v instanceof Boolean b) {
                return Cell.flag(b);
            } else if (v instanceof Cell c) {
                return c;
            }
            return Cell.decimal((BigDecimal) v);
        }).toList();
    }

    // ---- the query ----

    @Test
    void aQueryNamesEveryParameterThatDoesNotFitItsContent() {
        assertThat(fieldsRefusedBy(() -> new ExportQuery(Content.DAILY, ExportFormat.CSV, null, List.of(campaign),
                Dimension.CHANNEL, range(), List.of()))).containsExactly("campaign_id", "campaign_ids", "segment_by");
        assertThat(fieldsRefusedBy(() -> new ExportQuery(Content.SEGMENTED, ExportFormat.CSV, campaign, null, null,
                range(), null))).containsExactly("segment_by");
        assertThat(fieldsRefusedBy(() -> new ExportQuery(Content.COMPARISON, ExportFormat.CSV, campaign,
                List.of(campaign, campaign), null, range(), List.of(Metric.VIEWS))))
                .containsExactly("campaign_id", "campaign_ids", "metrics");
        assertThat(fieldsRefusedBy(() -> ExportQuery.events(null, range(), ExportFormat.EXCEL)))
                .containsExactly("campaign_id");
    }

    @Test
    void aComparisonNamesTwoToTwentyCampaigns() {
        List<CampaignId> twentyOne = java.util.stream.Stream.generate(CampaignId::random).limit(21).toList();
        assertThat(fieldsRefusedBy(() -> ExportQuery.comparison(twentyOne, range(), ExportFormat.CSV)))
                .containsExactly("campaign_ids");
        assertThat(ExportQuery.comparison(twentyOne.subList(0, 20), range(), ExportFormat.CSV).campaigns())
                .hasSize(20);
    }

    @Test
    void metricsComeInTheirOwnOrderOnceEachAndAllWhenNoneAreNamed() {
        ExportQuery some = new ExportQuery(Content.DAILY, ExportFormat.CSV, campaign, null, null, range(),
                List.of(Metric.CONVERSION_RATE, Metric.VIEWS, Metric.CONVERSION_RATE));
        assertThat(some.metrics()).containsExactly(Metric.VIEWS, Metric.CONVERSION_RATE);
        assertThat(ExportQuery.daily(campaign, range(), ExportFormat.CSV).metrics()).containsExactly(Metric.values());
        assertThat(ExportQuery.events(campaign, range(), ExportFormat.CSV).metrics()).isEmpty();
    }

    // ---- daily ----

    @Test
    void aDailyExportHasOneZeroFilledRowPerDayAndASummaryOfBothPeriods() throws IOException {
        record(campaign, EventType.VIEW, "2025-03-03T10:00:00Z", 800, Dimensions.NONE);
        record(campaign, EventType.CLICK, "2025-03-03T11:00:00Z", 1, Dimensions.NONE);
        record(campaign, EventType.VIEW, "2025-02-28T11:00:00Z", 400, Dimensions.NONE);

        PreparedExport export = service.prepare(ExportQuery.daily(campaign, range(), ExportFormat.EXCEL));
        assertThat(export.fileName()).isEqualTo("campaign_analytics_" + campaign + "_2025-03-03.xlsx");
        assertThat(export.startDate()).isEqualTo(START);
        assertThat(export.endDate()).isEqualTo(END);
        assertThat(writers.opened()).as("nothing is written before writeTo").isEmpty();
        assertThat(export.writeTo(new ByteArrayOutputStream())).isEqualTo(3);

        Recording r = writers.only();
        assertThat(r.format()).isEqualTo(ExportFormat.EXCEL);
        Table data = r.tables().get(0);
        assertThat(data.supplement()).isFalse();
        assertThat(data.header()).containsExactly("Date", "Campaign Name", "Template Type", "Views", "Clicks",
                "Conversions", "Impressions", "Click Through Rate (%)", "Conversion Rate (%)");
        assertThat(data.rows()).containsExactly(
                cells(START, "Spring", "banner", 800, 1, 0, 0, d("0.13"), d("0.00")),
                cells(START.plusDays(1), "Spring", "banner", 0, 0, 0, 0, null, null),
                cells(END, "Spring", "banner", 0, 0, 0, 0, null, null));
        Table summary = r.table("Summary");
        assertThat(summary.supplement()).isTrue();
        assertThat(summary.header()).containsExactly("Metric", "Current Period", "Previous Period", "Change (%)",
                "Change p-value", "Change significant");
        // The tests of the changes: 800 views against 400 (normal law, p = 1e-30) is significant; 1 click against
        // none is not (p = 1); the CTR 1/800 against 0/400 by the two-proportion z-test: z = 0.7074, p = 0.4793;
        // nothing to test without conversions, impressions, or a previous conversion rate.
        assertThat(summary.rows()).containsExactly(
                cells("Campaign", "Spring", null, null, null, null),
                cells("Start Date", START, LocalDate.of(2025, 2, 28), null, null, null),
                cells("End Date", END, LocalDate.of(2025, 3, 2), null, null, null),
                cells("Time Zone", "UTC", null, null, null, null),
                cells("Views", 800, 400, d("100.00"), d("0.0000"), true),
                cells("Clicks", 1, 0, null, d("1.0000"), false),
                cells("Conversions", 0, 0, null, null, null),
                cells("Impressions", 0, 0, null, null, null),
                cells("Click Through Rate (%)", d("0.13"), d("0.00"), null, d("0.4793"), false),
                cells("Conversion Rate (%)", d("0.00"), null, null, null, null));
    }

    @Test
    void onlyTheChosenMetricsAreShownInTheirOwnOrder() throws IOException {
        ExportQuery query = new ExportQuery(Content.DAILY, ExportFormat.CSV, campaign, null, null,
                range(UTC, Granularity.MONTH, DimensionFilter.NONE),
                List.of(Metric.CLICK_THROUGH_RATE, Metric.IMPRESSIONS));
        Recording r = write(query);

        assertThat(r.tables().get(0).header()).containsExactly("Date", "Campaign Name", "Template Type",
                "Impressions", "Click Through Rate (%)");
        // A month bucket is dated by the 1st, even when the range starts later.
        assertThat(r.tables().get(0).rows()).containsExactly(
                cells(LocalDate.of(2025, 3, 1), "Spring", "banner", 0, null));
        assertThat(r.table("Summary").rows().stream().map(row -> row.get(0)).toList()).containsExactly(
                cells("Campaign", "Start Date", "End Date", "Time Zone", "Impressions", "Click Through Rate (%)")
                        .toArray(Cell[]::new));
    }

    // ---- segmented ----

    @Test
    void aSegmentedExportHasARowPerDayAndValueByViewsWithUnknownForNone() throws IOException {
        record(campaign, EventType.VIEW, "2025-03-04T10:00:00Z", 3, new Dimensions(null, "email", null));
        record(campaign, EventType.VIEW, "2025-03-04T10:00:00Z", 5, new Dimensions(null, "social", null));
        record(campaign, EventType.CLICK, "2025-03-05T10:00:00Z", 1, Dimensions.NONE);

        Recording r = write(ExportQuery.segmented(campaign, Dimension.CHANNEL, range(), ExportFormat.CSV));

        Table data = r.tables().get(0);
        assertThat(data.name()).isEqualTo("By Channel");
        assertThat(data.header().subList(0, 4)).containsExactly("Date", "Channel", "Campaign Name", "Template Type");
        assertThat(data.rows().stream().map(row -> row.subList(0, 5)).toList()).containsExactly(
                cells(START, "social", "Spring", "banner", 0), cells(START, "email", "Spring", "banner", 0),
                cells(START, "unknown", "Spring", "banner", 0),
                cells(START.plusDays(1), "social", "Spring", "banner", 5),
                cells(START.plusDays(1), "email", "Spring", "banner", 3),
                cells(START.plusDays(1), "unknown", "Spring", "banner", 0),
                cells(END, "social", "Spring", "banner", 0), cells(END, "email", "Spring", "banner", 0),
                cells(END, "unknown", "Spring", "banner", 0));
        assertThat(data.rows().get(8).get(5)).isEqualTo(Cell.whole(1));
        // 8 views against none: 2/2⁸ = 0.0078, significant, though the change in percent is undefined
        assertThat(r.table("Summary").rows().get(4)).isEqualTo(cells("Views", 8, 0, null, d("0.0078"), true));
    }

    // ---- events ----

    @Test
    void anEventsExportReadsTheRangeOfItsZoneThroughTheSourceWithItsFilters() throws IOException {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        record(campaign, EventType.VIEW, "2025-03-02T15:00:00Z", 1, new Dimensions("a", "email", "mobile"));
        record(campaign, EventType.CLICK, "2025-03-02T14:59:59Z", 1, new Dimensions("a", "email", "mobile"));
        record(campaign, EventType.VIEW, "2025-03-03T00:00:00Z", 1, new Dimensions("a", "social", "mobile"));
        DimensionFilter email = DimensionFilter.of(null, "email", null);

        PreparedExport export = service.prepare(ExportQuery.events(campaign, range(tokyo, Granularity.DAY, email),
                ExportFormat.CSV));
        assertThat(export.writeTo(new ByteArrayOutputStream())).isEqualTo(1);

        assertThat(raw.queries()).containsExactly(new RawEventSource.Query(campaign,
                Instant.parse("2025-03-02T15:00:00Z"), Instant.parse("2025-03-05T15:00:00Z"), email));
        Table data = writers.only().tables().get(0);
        assertThat(data.header()).containsExactly("id", "campaign_id", "event_type", "created_at", "received_at",
                "audience_segment", "channel", "device_type", "session_id", "user_id", "user_agent", "ip_address",
                "referrer_url", "event_data", "event_id");
        NewEvent stored = events.stored().get(0);
        assertThat(data.rows()).containsExactly(cells(stored.id().toString(), campaign.toString(), "view",
                Cell.moment(Instant.parse("2025-03-02T15:00:00Z"), tokyo),
                Cell.moment(Instant.parse("2025-03-02T15:00:01Z"), tokyo), "a", "email", "mobile", null, null, null,
                null, null, null, null));
        assertThat(writers.only().tables()).hasSize(1);
    }

    @Test
    void aFailingOutputStopsTheExportAndTheWriterIsClosedWithoutBeingFinished() {
        record(campaign, EventType.VIEW, "2025-03-03T10:00:00Z", 10, Dimensions.NONE);
        OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written == 3) {
                    throw new IOException("the client went away");
                }
            }
        };

        PreparedExport export = service.prepare(ExportQuery.events(campaign, range(), ExportFormat.CSV));
        assertThatThrownBy(() -> export.writeTo(failing)).hasMessage("the client went away");

        Recording r = writers.only();
        assertThat(r.tables().get(0).rows()).hasSize(2);
        assertThat(r.finished()).isFalse();
        assertThat(r.closed()).isTrue();
    }

    // ---- comparison ----

    @Test
    void aComparisonTestsEachCampaignsRatesAgainstTheFirst() throws IOException {
        CampaignId second = addCampaign("Autumn", null);
        record(campaign, EventType.VIEW, "2025-03-03T10:00:00Z", 100, Dimensions.NONE);
        record(campaign, EventType.CLICK, "2025-03-03T10:00:00Z", 10, Dimensions.NONE);
        record(second, EventType.VIEW, "2025-03-03T10:00:00Z", 100, Dimensions.NONE);
        record(second, EventType.CLICK, "2025-03-03T10:00:00Z", 30, Dimensions.NONE);
        record(second, EventType.CONVERSION, "2025-03-03T10:00:00Z", 3, Dimensions.NONE);

        PreparedExport export = service.prepare(ExportQuery.comparison(List.of(campaign, second), range(),
                ExportFormat.CSV));
        assertThat(export.fileName()).isEqualTo("campaign_analytics_comparison_2025-03-03.csv");
        export.writeTo(new ByteArrayOutputStream());

        Table data = writers.only().tables().get(0);
        assertThat(data.header()).containsExactly("Campaign ID", "Campaign Name", "Template Type", "Views",
                "Clicks", "Conversions", "Impressions", "Click Through Rate (%)", "Conversion Rate (%)",
                "CTR p-value vs first", "CTR significant vs first", "Conversion Rate p-value vs first",
                "Conversion Rate significant vs first");
        // Clicks 30/100 against 10/100: z = 3.54, p = 0.0004. Conversions 3/30 against 0/10: pooled 3/40,
        // z = 1.04, p = 0.2985, too few clicks to tell.
        assertThat(data.rows()).containsExactly(
                cells(campaign.toString(), "Spring", "banner", 100, 10, 0, 0, d("10.00"), d("0.00"), null, null, null,
                        null),
                cells(second.toString(), "Autumn", null, 100, 30, 3, 0, d("30.00"), d("10.00"), d("0.0004"), true, d("0.2985"),
                        false));
    }

    // ---- refusals before writing ----

    @Test
    void anUnknownCampaignIsRefusedBeforeAnythingIsWritten() {
        CampaignId unknown = CampaignId.random();
        for (ExportQuery q : List.of(ExportQuery.daily(unknown, range(), ExportFormat.CSV),
                ExportQuery.segmented(unknown, Dimension.CHANNEL, range(), ExportFormat.CSV),
                ExportQuery.events(unknown, range(), ExportFormat.CSV),
                ExportQuery.comparison(List.of(campaign, unknown), range(), ExportFormat.CSV))) {
            assertThatThrownBy(() -> service.prepare(q)).isInstanceOf(CampaignNotFoundException.class);
        }
        assertThat(writers.opened()).isEmpty();
    }

    @Test
    void aRangeLongerThanAllowedIsRefusedBeforeAnythingIsWritten() {
        ReportQuery tooLong = new ReportQuery(new RangeSpec.Explicit(LocalDate.of(2020, 1, 1), END), UTC,
                Granularity.DAY, DimensionFilter.NONE);
        assertThatThrownBy(() -> service.prepare(ExportQuery.events(campaign, tooLong, ExportFormat.CSV)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(writers.opened()).isEmpty();
    }

    @Test
    void aPresetEndsTodayInTheZoneOfTheQuery() {
        ReportQuery week = new ReportQuery(new RangeSpec.Preset("7d"), ZoneId.of("Pacific/Kiritimati"),
                Granularity.DAY, DimensionFilter.NONE);
        // 10:00 UTC on the 12th is 00:00 on the 13th at UTC+14.
        PreparedExport export = service.prepare(ExportQuery.events(campaign, week, ExportFormat.CSV));
        assertThat(export.endDate()).isEqualTo(LocalDate.of(2025, 3, 13));
        assertThat(export.startDate()).isEqualTo(LocalDate.of(2025, 3, 7));
    }
}
