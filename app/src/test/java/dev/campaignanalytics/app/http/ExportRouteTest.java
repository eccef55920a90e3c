package dev.campaignanalytics.app.http;

import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.app.http.Exports.Download;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignReport;
import dev.campaignanalytics.core.domain.Comparison;
import dev.campaignanalytics.core.domain.ComparisonRow;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventData;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.IpAddress;
import dev.campaignanalytics.core.domain.SegmentTotal;
import dev.campaignanalytics.core.domain.SegmentedReport;
import dev.campaignanalytics.core.domain.SeriesPoint;
import dev.campaignanalytics.core.domain.Significance;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase.CompareQuery;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static dev.campaignanalytics.app.http.Exports.csv;
import static dev.campaignanalytics.app.http.Exports.csvRow;
import static dev.campaignanalytics.app.http.Exports.download;
import static dev.campaignanalytics.app.http.Exports.sheet;
import static dev.campaignanalytics.app.http.Exports.xlsx;
import static dev.campaignanalytics.app.http.Exports.xlsxHeader;
import static dev.campaignanalytics.app.http.Exports.xlsxRow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/analytics/export} through the real server and database: every export type read back from both
 * formats and compared cell by cell with what the report service answers for the same parameters.
 */
class ExportRouteTest {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final List<String> DAILY_HEADER = List.of("Date", "Campaign Name", "Template Type", "Views",
            "Clicks", "Conversions", "Impressions", "Click Through Rate (%)", "Conversion Rate (%)");
    private static final LocalDate START = LocalDate.of(2025, 3, 3);
    private static final LocalDate END = LocalDate.of(2025, 3, 9);
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String RANGE = "start_date=" + START + "&end_date=" + END;

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private static ManageCampaignsUseCase campaigns;

    private CampaignId campaign;
    /** Events waiting for {@link #store()}. */
    private final List<NewEvent> pending = new ArrayList<>();
    /** Every event stored by this test. */
    private final List<NewEvent> stored = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db);
        campaigns = CampaignAnalytics.builder(db.adapters(), ExportFormats.standard()).build().campaigns();
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    @BeforeEach
    void aCampaignWithEvents() {
        campaign = campaign("Spring Sale", "banner");
        // This period: Monday 3 to Sunday 9 March 2025.
        events(campaign, EventType.IMPRESSION, "2025-03-03T08:00:00Z", 10, new Dimensions("new", "email", "mobile"));
        events(campaign, EventType.VIEW, "2025-03-03T09:00:00Z", 800, new Dimensions("new", "email", "mobile"));
        events(campaign, EventType.CLICK, "2025-03-03T09:30:00Z", 1, new Dimensions("new", "email", "mobile"));
        events(campaign, EventType.VIEW, "2025-03-05T12:00:00Z", 3, new Dimensions("returning", "social", "desktop"));
        events(campaign, EventType.CLICK, "2025-03-05T12:01:00Z", 2, new Dimensions("returning", "social", "desktop"));
        events(campaign, EventType.CONVERSION, "2025-03-05T12:02:00Z", 1, new Dimensions(null, "social", null));
        events(campaign, EventType.VIEW, "2025-03-09T23:30:00Z", 4, new Dimensions("new", "email", "desktop"));
        // The previous period, and outside both.
        events(campaign, EventType.VIEW, "2025-02-27T10:00:00Z", 5, Dimensions.NONE);
        events(campaign, EventType.CLICK, "2025-02-27T10:00:01Z", 1, Dimensions.NONE);
        events(campaign, EventType.VIEW, "2025-03-10T00:00:00Z", 7, Dimensions.NONE);
        store();
    }

    private CampaignId campaign(String name, String templateType) {
        return campaigns.create(new CreateCampaignCommand(name, templateType, null)).id();
    }

    private void events(CampaignId c, EventType type, String at, int times, Dimensions dimensions) {
        Instant when = Instant.parse(at);
        for (int i = 0; i < times; i++) {
            Instant occurred = when.plusMillis(i);
            pending.add(new NewEvent(EventIds.next(occurred), occurred.plusMillis(1250),
                    TrackedEvent.of(c, type, occurred).withDimensions(dimensions)));
        }
    }

    private void store() {
        db.adapters().eventStore().append(pending);
        stored.addAll(pending);
        pending.clear();
    }

    private static ReportQuery query(Granularity granularity, ZoneId zone, DimensionFilter filter) {
        return new ReportQuery(new RangeSpec.Explicit(START, END), zone, granularity, filter);
    }

    private static String superAdmin() {
        return ApiServer.superAdmin();
    }

    private Download export(String params) {
        Download d = download(api, params, superAdmin());
        assertThat(d.status()).as(d.toString()).isEqualTo(200);
        return d;
    }

    // ---- daily ----

    private static List<Object> dailyRow(SeriesPoint p, String name, String templateType) {
        Counts c = p.counts();
        return java.util.Arrays.asList(p.bucket().date(), name, templateType, c.views(), c.clicks(), c.conversions(),
                c.impressions(), p.clickThroughRate().percent(), p.conversionRate().percent());
    }

    @Test
    void aDailyCsvHasOneRowPerDayOfTheRangeWithTheReportsNumbers() {
        Download d = export("campaign_id=" + campaign + "&" + RANGE);

        assertThat(d.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(d.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"campaign_analytics_" + campaign + "_2025-03-03.csv\"");
        CampaignReport report = api.reports().report(campaign, query(Granularity.DAY, UTC, DimensionFilter.NONE));
        List<List<String>> rows = csv(d.body());
        assertThat(rows.get(0)).isEqualTo(DAILY_HEADER);
        List<List<String>> expected = new ArrayList<>();
        for (SeriesPoint p : report.series()) {
            expected.add(csvRow(dailyRow(p, "Spring Sale", "banner")));
        }
        assertThat(rows.subList(1, rows.size())).isEqualTo(expected);
        // Zero-filled, with undefined rates as empty cells, and 1 click of 800 views as 0.13 (HALF_UP).
        assertThat(rows).hasSize(8);
        assertThat(rows.get(1)).containsExactly("2025-03-03", "Spring Sale", "banner", "800", "1", "0", "10", "0.13",
                "0.00");
        assertThat(rows.get(2)).containsExactly("2025-03-04", "Spring Sale", "banner", "0", "0", "0", "0", "", "");
    }

    @Test
    void aDailyWorkbookHasTypedCellsAndASummaryOfBothPeriods() {
        Download d = export("campaign_id=" + campaign + "&" + RANGE + "&format=excel");

        assertThat(d.header("Content-Type")).isEqualTo(XLSX);
        assertThat(d.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"campaign_analytics_" + campaign + "_2025-03-03.xlsx\"");
        CampaignReport report = api.reports().report(campaign, query(Granularity.DAY, UTC, DimensionFilter.NONE));
        try (XSSFWorkbook wb = xlsx(d.body())) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(2);
            List<List<String>> rows = sheet(wb.getSheetAt(0));
            assertThat(rows.get(0)).isEqualTo(xlsxHeader(DAILY_HEADER));
            List<List<String>> expected = new ArrayList<>();
            for (SeriesPoint p : report.series()) {
                expected.add(xlsxRow(dailyRow(p, "Spring Sale", "banner")));
            }
            assertThat(rows.subList(1, rows.size())).isEqualTo(expected);
            assertThat(rows.get(1).get(7)).isEqualTo("n2:0.13");

            List<List<String>> summary = sheet(wb.getSheet("Summary"));
            Counts now = report.summary().counts();
            Counts before = report.previousSummary().counts();
            assertThat(summary).containsExactly(
                    xlsxHeader(List.of("Metric", "Current Period", "Previous Period", "Change (%)",
                            "Change p-value", "Change significant")),
                    xlsxRow(java.util.Arrays.asList("Campaign", "Spring Sale", null, null, null, null)),
                    xlsxRow(java.util.Arrays.asList("Start Date", START, LocalDate.of(2025, 2, 24), null, null,
                            null)),
                    xlsxRow(java.util.Arrays.asList("End Date", END, LocalDate.of(2025, 3, 2), null, null, null)),
                    xlsxRow(java.util.Arrays.asList("Time Zone", "UTC", null, null, null, null)),
                    xlsxRow(java.util.Arrays.asList("Views", now.views(), before.views(),
                            report.periodChange().views(), p(report.viewsSignificance()),
                            yes(report.viewsSignificance()))),
                    xlsxRow(java.util.Arrays.asList("Clicks", now.clicks(), before.clicks(),
                            report.periodChange().clicks(), p(report.clicksSignificance()),
                            yes(report.clicksSignificance()))),
                    xlsxRow(java.util.Arrays.asList("Conversions", now.conversions(), before.conversions(),
                            report.periodChange().conversions(), p(report.conversionsSignificance()),
                            yes(report.conversionsSignificance()))),
                    xlsxRow(java.util.Arrays.asList("Impressions", now.impressions(), before.impressions(),
                            report.periodChange().impressions(), p(report.impressionsSignificance()),
                            yes(report.impressionsSignificance()))),
                    xlsxRow(java.util.Arrays.asList("Click Through Rate (%)", now.clickThroughRate().percent(),
                            before.clickThroughRate().percent(), report.periodChange().clickThroughRate(),
                            p(report.clickThroughRateSignificance()), yes(report.clickThroughRateSignificance()))),
                    xlsxRow(java.util.Arrays.asList("Conversion Rate (%)", now.conversionRate().percent(),
                            before.conversionRate().percent(), report.periodChange().conversionRate(),
                            p(report.conversionRateSignificance()), yes(report.conversionRateSignificance()))));
            // 807 views against 5: significant, a p-value of 0.0000 shown to 4 places
            assertThat(summary.get(5).subList(4, 6)).containsExactly("n4:0.0000", "b:true");
            // 807 views against 5: +16040.00 %; no conversions before: the change is undefined, an empty cell.
            assertThat(summary.get(5).get(3)).isEqualTo("n2:16040.00");
            assertThat(summary.get(7).get(3)).isEmpty();
            XSSFSheet data = wb.getSheetAt(0);
            assertThat(data.getPaneInformation().isFreezePane()).isTrue();
            assertThat(data.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:I8");
            assertThat(wb.getFontAt(data.getRow(0).getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The p-value of a test as the Summary sheet shows it, or null (an empty cell) when untestable. */
    private static BigDecimal p(Significance test) {
        return test == null ? null : test.roundedPValue();
    }

    /** Whether a test is significant, as the Summary sheet shows it, or null (an empty cell) when untestable. */
    private static Boolean yes(Significance test) {
        return test == null ? null : test.significant();
    }

    @Test
    void weeksZonesFiltersAndMetricsAreThoseOfTheReport() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        Download csvExport = export("campaign_id=" + campaign + "&" + RANGE + "&group_by=week&tz=Europe/Paris"
                + "&channel=email&metrics=click_through_rate,views,clicks");
        Download xlsxExport = export("campaign_id=" + campaign + "&" + RANGE + "&group_by=week&tz=Europe/Paris"
                + "&channel=email&metrics=click_through_rate,views,clicks&format=excel");

        List<SeriesPoint> series = api.reports().series(campaign,
                query(Granularity.WEEK, paris, DimensionFilter.of(null, "email", null)));
        List<String> header = List.of("Date", "Campaign Name", "Template Type", "Views", "Clicks",
                "Click Through Rate (%)");
        List<List<Object>> expected = new ArrayList<>();
        for (SeriesPoint p : series) {
            expected.add(java.util.Arrays.asList(p.bucket().date(), "Spring Sale", "banner", p.counts().views(),
                    p.counts().clicks(), p.clickThroughRate().percent()));
        }
        // 3 to 9 March in Paris is one ISO week; the 4 views at 23:30 UTC on the 9th fall on the 10th in Paris.
        assertThat(expected).hasSize(1);
        assertThat(expected.get(0).get(3)).isEqualTo(800L);
        List<List<String>> rows = csv(csvExport.body());
        assertThat(rows.get(0)).isEqualTo(header);
        assertThat(rows.subList(1, rows.size())).isEqualTo(expected.stream().map(Exports::csvRow).toList());
        try (XSSFWorkbook wb = xlsx(xlsxExport.body())) {
            List<List<String>> sheet = sheet(wb.getSheetAt(0));
            assertThat(sheet.subList(1, sheet.size())).isEqualTo(expected.stream().map(Exports::xlsxRow).toList());
            assertThat(sheet(wb.getSheet("Summary")).stream().map(r -> r.get(0)).toList()).containsExactly(
                    "s:Metric", "s:Campaign", "s:Start Date", "s:End Date", "s:Time Zone", "s:Views", "s:Clicks",
                    "s:Click Through Rate (%)");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- segmented ----

    @ParameterizedTest
    @CsvSource({"audience_segment, Audience Segment, new;returning;unknown", "channel, Channel, email;social",
            "device_type, Device Type, mobile;desktop;unknown"})
    void aSegmentedExportHasOneRowPerDayAndValueWithTheReportsNumbers(String dimension, String title,
                                                                      String values) {
        Download csvExport = export("type=segmented&segment_by=" + dimension + "&campaign_id=" + campaign + "&"
                + RANGE);
        Download xlsxExport = export("type=segmented&segment_by=" + dimension + "&campaign_id=" + campaign + "&"
                + RANGE + "&format=excel");

        SegmentedReport report = api.reports().segmented(campaign, Dimension.parse("segment_by", dimension),
                query(Granularity.DAY, UTC, DimensionFilter.NONE));
        List<String> header = new ArrayList<>(DAILY_HEADER);
        header.add(1, title);
        List<List<Object>> expected = new ArrayList<>();
        List<String> segments = report.totals().stream().map(SegmentTotal::segment).toList();
        for (int day = 0; day < 7; day++) {
            for (String segment : segments) {
                List<Object> row = dailyRow(report.series().get(segment).get(day), "Spring Sale", "banner");
                row = new ArrayList<>(row);
                row.add(1, segment);
                expected.add(row);
            }
        }
        // By views, most first; events without a value are "unknown".
        assertThat(segments).containsExactly(values.split(";"));
        List<List<String>> rows = csv(csvExport.body());
        assertThat(rows.get(0)).isEqualTo(header);
        assertThat(rows.subList(1, rows.size())).isEqualTo(expected.stream().map(Exports::csvRow).toList());
        try (XSSFWorkbook wb = xlsx(xlsxExport.body())) {
            assertThat(wb.getSheetAt(0).getSheetName()).isEqualTo("By " + title);
            List<List<String>> sheet = sheet(wb.getSheetAt(0));
            assertThat(sheet.get(0)).isEqualTo(xlsxHeader(header));
            assertThat(sheet.subList(1, sheet.size())).isEqualTo(expected.stream().map(Exports::xlsxRow).toList());
            assertThat(wb.getSheet("Summary")).isNotNull();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- events ----

    private List<Object> eventRow(NewEvent e, ZoneId zone) {
        TrackedEvent t = e.event();
        return java.util.Arrays.asList(e.id().toString(), t.campaignId().toString(), t.type().wireName(),
                t.occurredAt().atZone(zone), e.receivedAt().atZone(zone), t.dimensions().audienceSegment(),
                t.dimensions().channel(), t.dimensions().deviceType(), t.sessionId(),
                t.userId() == null ? null : t.userId().toString(), t.userAgent(),
                t.ipAddress() == null ? null : t.ipAddress().toString(), t.referrerUrl(),
                t.eventData() == null ? null : t.eventData().json(), t.clientEventId());
    }

    @Test
    void anEventsExportHasEveryStoredFieldOfEachEventOfTheRangeInItsZone() {
        UUID user = UUID.randomUUID();
        Instant at = Instant.parse("2025-03-04T10:15:30.125Z");
        pending.add(new NewEvent(EventIds.next(at), at.plusMillis(900), new TrackedEvent(campaign, EventType.CLICK,
                at, new Dimensions("vip, \"gold\"", "email", "mobile"), "s-1", user, "Mozilla/5.0 (X11)",
                IpAddress.parse("ip", "203.0.113.0"), "https://example.com/a?b=1,2",
                new EventData("{\"plan\": \"pro\"}"), "client-1")));
        store();
        ZoneId zone = ZoneId.of("America/New_York");

        Download csvExport = export("type=events&campaign_id=" + campaign + "&" + RANGE + "&tz=America/New_York"
                + "&channel=email");
        Download xlsxExport = export("type=events&campaign_id=" + campaign + "&" + RANGE + "&tz=America/New_York"
                + "&channel=email&format=excel");

        Instant from = START.atStartOfDay(zone).toInstant();
        Instant until = END.plusDays(1).atStartOfDay(zone).toInstant();
        List<NewEvent> inRange = new ArrayList<>();
        for (NewEvent e : stored) {
            Instant t = e.event().occurredAt();
            if (!t.isBefore(from) && t.isBefore(until) && "email".equals(e.event().dimensions().channel())) {
                inRange.add(e);
            }
        }
        inRange.sort(Comparator.comparing((NewEvent e) -> e.event().occurredAt())
                .thenComparing(e -> e.id().toString()));
        // By email: 10 impressions, 800 views and 1 click on the 3rd, the full click, and the 4 views at 23:30 UTC
        // on the 9th, which is 18:30 in New York.
        assertThat(inRange).hasSize(10 + 800 + 1 + 1 + 4);
        List<String> header = List.of("id", "campaign_id", "event_type", "created_at", "received_at",
                "audience_segment", "channel", "device_type", "session_id", "user_id", "user_agent", "ip_address",
                "referrer_url", "event_data", "event_id");
        List<List<String>> rows = csv(csvExport.body());
        assertThat(rows.get(0)).isEqualTo(header);
        assertThat(rows.subList(1, rows.size()))
                .isEqualTo(inRange.stream().map(e -> csvRow(eventRow(e, zone))).toList());
        assertThat(rows).anySatisfy(r -> assertThat(r.get(3)).isEqualTo("2025-03-04T05:15:30.125-05:00"));
        assertThat(csvExport.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"campaign_analytics_" + campaign + "_2025-03-03.csv\"");
        try (XSSFWorkbook wb = xlsx(xlsxExport.body())) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(1);
            List<List<String>> sheet = sheet(wb.getSheet("Events"));
            assertThat(sheet.get(0)).isEqualTo(xlsxHeader(header));
            assertThat(sheet.subList(1, sheet.size()))
                    .isEqualTo(inRange.stream().map(e -> xlsxRow(eventRow(e, zone))).toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- comparison ----

    @Test
    void aComparisonHasOneRowPerCampaignTestedAgainstTheFirst() {
        CampaignId second = campaign("Autumn", null);
        CampaignId third = campaign("Winter", "video");
        events(second, EventType.VIEW, "2025-03-04T10:00:00Z", 400, Dimensions.NONE);
        events(second, EventType.CLICK, "2025-03-04T10:01:00Z", 40, Dimensions.NONE);
        events(second, EventType.CONVERSION, "2025-03-04T10:02:00Z", 4, Dimensions.NONE);
        store();
        String ids = campaign + "," + second + "," + third;

        Download csvExport = export("type=comparison&campaign_ids=" + ids + "&" + RANGE);
        Download xlsxExport = export("type=comparison&campaign_ids=" + ids + "&" + RANGE + "&format=excel");

        assertThat(csvExport.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"campaign_analytics_comparison_2025-03-03.csv\"");
        assertThat(xlsxExport.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"campaign_analytics_comparison_2025-03-03.xlsx\"");
        Comparison comparison = api.reports().compare(new CompareQuery(List.of(campaign, second, third),
                query(Granularity.DAY, UTC, DimensionFilter.NONE)));
        List<List<Object>> expected = new ArrayList<>();
        for (ComparisonRow r : comparison.rows()) {
            Counts c = r.counts();
            Significance ctr = comparison.clickThroughRateAgainstFirst(r);
            Significance cr = comparison.conversionRateAgainstFirst(r);
            expected.add(java.util.Arrays.asList(r.campaign().id().toString(), r.campaign().name(),
                    r.campaign().templateType(), c.views(), c.clicks(), c.conversions(), c.impressions(),
                    c.clickThroughRate().percent(), c.conversionRate().percent(),
                    ctr == null ? null : ctr.roundedPValue(), ctr == null ? null : ctr.significant(),
                    cr == null ? null : cr.roundedPValue(), cr == null ? null : cr.significant()));
        }
        // 3 clicks of 807 views against 40 of 400 differ beyond chance; the campaign without events cannot be tested.
        assertThat(expected.get(1).get(10)).isEqualTo(true);
        assertThat(expected.get(2).get(9)).isNull();
        List<String> header = List.of("Campaign ID", "Campaign Name", "Template Type", "Views", "Clicks",
                "Conversions", "Impressions", "Click Through Rate (%)", "Conversion Rate (%)", "CTR p-value vs first",
                "CTR significant vs first", "Conversion Rate p-value vs first",
                "Conversion Rate significant vs first");
        List<List<String>> rows = csv(csvExport.body());
        assertThat(rows.get(0)).isEqualTo(header);
        assertThat(rows.subList(1, rows.size())).isEqualTo(expected.stream().map(Exports::csvRow).toList());
        try (XSSFWorkbook wb = xlsx(xlsxExport.body())) {
            List<List<String>> sheet = sheet(wb.getSheet("Comparison"));
            assertThat(sheet.get(0)).isEqualTo(xlsxHeader(header));
            assertThat(sheet.subList(1, sheet.size())).isEqualTo(expected.stream().map(Exports::xlsxRow).toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCsvIsGzippedForAClientThatAsksAndAWorkbookIsNot() throws IOException {
        String params = "type=events&campaign_id=" + campaign + "&" + RANGE;
        byte[] plain = export(params).body();

        Download gzipped = download(api, params, superAdmin(), "Accept-Encoding", "gzip");
        Download workbook = download(api, params + "&format=excel", superAdmin(), "Accept-Encoding", "gzip");

        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        assertThat(gzipped.body().length).isLessThan(plain.length / 4);
        // A workbook is a zip already: compressing it again would cost time for nothing.
        assertThat(workbook.header("Content-Encoding")).isNull();
        assertThat(workbook.body()).startsWith('P', 'K');
    }

    // ---- safety ----

    @Test
    void aFormulaInACampaignNameOrSegmentComesOutAsPlainText() {
        String name = "=HYPERLINK(\"http://x\",\"y\")";
        CampaignId evil = campaign(name, "@template");
        events(evil, EventType.VIEW, "2025-03-04T10:00:00Z", 2, new Dimensions("+1+1", null, null));
        store();
        String params = "type=segmented&segment_by=audience_segment&campaign_id=" + evil + "&" + RANGE;

        List<List<String>> rows = csv(export(params).body());
        byte[] workbook = export(params + "&format=excel").body();

        List<String> withEvents = rows.stream().filter(r -> r.get(4).equals("2")).findFirst().orElseThrow();
        assertThat(withEvents.subList(1, 4)).containsExactly("'+1+1", "'" + name, "'@template");
        try (XSSFWorkbook wb = xlsx(workbook)) {
            wb.forEach(sheet -> sheet.forEach(row -> row.forEach(cell ->
                    assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA))));
            List<String> row = sheet(wb.getSheetAt(0)).stream().filter(r -> r.get(4).equals("n0:2")).findFirst()
                    .orElseThrow();
            assertThat(row.subList(1, 4)).containsExactly("s:'+1+1", "s:'" + name, "s:'@template");
            assertThat(sheet(wb.getSheet("Summary")).get(1).get(1)).isEqualTo("s:'" + name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- access and mistakes ----

    @Test
    void exportingNeedsTheAnalyticsExportPermission() {
        String withoutIt = ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.ANALYTICS_READ,
                Permissions.CAMPAIGNS_READ);
        String withIt = ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.ANALYTICS_EXPORT);
        String params = "campaign_id=" + campaign + "&" + RANGE;

        assertThat(download(api, params, null).status()).isEqualTo(401);
        Download refused = download(api, params, withoutIt);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("analytics.export");
        assertThat(download(api, params, withIt).status()).isEqualTo(200);
    }

    @Test
    void anUnknownCampaignIs404() {
        Reply reply = api.get(Exports.PATH + "?campaign_id=" + UUID.randomUUID() + "&" + RANGE).asSuperAdmin()
                .send();
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Content-Disposition")).isNull();

        Reply events = api.get(Exports.PATH + "?type=events&campaign_id=" + UUID.randomUUID()).asSuperAdmin().send();
        assertThat(events.status()).isEqualTo(404);

        Reply compared = api.get(Exports.PATH + "?type=comparison&campaign_ids=" + campaign + ","
                + UUID.randomUUID()).asSuperAdmin().send();
        assertThat(compared.status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "type=weekly&campaign_id={id}                                | type",
            "format=pdf&campaign_id={id}                                 | format",
            "format=                                                     | campaign_id",
            "campaign_id=not-a-uuid                                      | campaign_id",
            "campaign_id={id}&date_range=2w                              | date_range",
            "campaign_id={id}&start_date=2025-03-01                      | end_date",
            "campaign_id={id}&start_date=2025-3-1&end_date=2025-03-09    | start_date",
            "campaign_id={id}&start_date=2025-03-09&end_date=2025-03-01  | end_date",
            "campaign_id={id}&date_range=7d&start_date=2025-03-01&end_date=2025-03-02 | date_range",
            "campaign_id={id}&start_date=2020-01-01&end_date=2025-03-01  | end_date",
            "campaign_id={id}&group_by=hour                              | group_by",
            "campaign_id={id}&tz=Mars/Olympus                            | tz",
            "campaign_id={id}&tz=%2B05:30                                | tz",
            "campaign_id={id}&metrics=views,bounces                      | metrics",
            "campaign_id={id}&metrics=views,,clicks                      | metrics",
            "type=events&campaign_id={id}&metrics=views                  | metrics",
            "type=segmented&campaign_id={id}                             | segment_by",
            "type=segmented&campaign_id={id}&segment_by=country          | segment_by",
            "campaign_id={id}&segment_by=channel                         | segment_by",
            "type=comparison&campaign_ids={id}                           | campaign_ids",
            "type=comparison&campaign_ids={id},{id}                      | campaign_ids",
            "type=comparison&campaign_ids={id},nope                      | campaign_ids",
            "type=comparison&campaign_id={id}&campaign_ids={id},{other}  | campaign_id",
            "campaign_id={id}&campaign_ids={id},{other}                  | campaign_ids",
            "campaign_id={id}&channel={long}                             | channel",
            "campaign_id={id}&start_date=-999999999-01-01&end_date=-999999999-01-02 | start_date",
            "type=segmented&segment_by=channel&campaign_id={id}&start_date=-999999999-01-01&end_date=-999999999-01-02 | start_date",
            "format=excel&campaign_id={id}&start_date=-999999999-01-01&end_date=-999999999-01-02 | end_date",
            "campaign_id={id}&start_date=0000-01-01&end_date=0000-01-02  | start_date",
            "campaign_id={id}&start_date=9999-12-30&end_date=9999-12-31  | end_date",
            "type=events&campaign_id={id}&start_date=1899-12-31&end_date=1900-01-01 | start_date",
            "campaign_id={id}&tz=UTC&tz=Europe/Berlin                    | tz",
            "campaign_id={id}&type=daily&type=bogus                      | type",
            "campaign_id={id}&tz=GMT%2B5                                 | tz",
    })
    void aMistakeIsA400NamingTheParameter(String params, String field) {
        String query = params.replace("{id}", campaign.toString())
                .replace("{other}", UUID.randomUUID().toString())
                .replace("{long}", "x".repeat(51));

        Reply reply = api.get(Exports.PATH + "?" + query).asSuperAdmin().send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorFields()).contains(field);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Content-Disposition")).isNull();
    }

    @Test
    void withoutTzAnExportCountsTheDaysOfTheConfiguredDefaultZoneAsTheReportsDo() {
        // 2025-03-10T00:00Z (7 views) is still Sunday 9 March in Los Angeles, so the range holds it there.
        HttpSettings la = HttpSettings.defaults().withDefaultZone(ZoneId.of("America/Los_Angeles"));
        try (ApiServer server = ApiServer.start(db, la)) {
            Download d = download(server, "campaign_id=" + campaign + "&" + RANGE, superAdmin());
            Reply report = server.get("/v1/marketing/admin/analytics/campaigns/" + campaign + "/daily?" + RANGE)
                    .asSuperAdmin().send();

            assertThat(d.status()).as(d.toString()).isEqualTo(200);
            List<List<String>> rows = csv(d.body());
            List<String> sunday = rows.get(rows.size() - 1);
            assertThat(sunday.get(0)).isEqualTo("2025-03-09");
            long reported = report.json().get("data").get("daily_stats").get(6).get("views").asLong();
            assertThat(reported).isEqualTo(11);
            assertThat(sunday.get(3)).as("views of Sunday in the export").isEqualTo(String.valueOf(reported));
        }
    }

    @Test
    void everyMistakeIsNamedInOneAnswer() {
        Reply reply = api.get(Exports.PATH + "?format=pdf&type=nope&tz=Nowhere&group_by=year").asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("format", "type", "tz", "group_by");
    }

    @Test
    void presetsEndTodayAndNameTheFileByTheirFirstDay() {
        Download d = export("campaign_id=" + campaign + "&date_range=30d");

        LocalDate today = LocalDate.now(UTC);
        List<List<String>> rows = csv(d.body());
        assertThat(rows).hasSize(31);
        assertThat(rows.get(1).get(0)).isEqualTo(today.minusDays(29).toString());
        assertThat(rows.get(30).get(0)).isEqualTo(today.toString());
        assertThat(d.header("Content-Disposition")).contains("_" + today.minusDays(29) + ".csv");
    }
}
