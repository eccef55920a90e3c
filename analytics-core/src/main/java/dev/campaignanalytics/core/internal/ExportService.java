package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.CampaignReport;
import dev.campaignanalytics.core.domain.Comparison;
import dev.campaignanalytics.core.domain.ComparisonRow;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.DateRange;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.PeriodChange;
import dev.campaignanalytics.core.domain.SegmentTotal;
import dev.campaignanalytics.core.domain.SegmentedReport;
import dev.campaignanalytics.core.domain.SeriesPoint;
import dev.campaignanalytics.core.domain.Significance;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase.CompareQuery;
import dev.campaignanalytics.core.port.in.ExportUseCase;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import dev.campaignanalytics.core.port.out.Cell;
import dev.campaignanalytics.core.port.out.RawEvent;
import dev.campaignanalytics.core.port.out.RawEventSource;
import dev.campaignanalytics.core.port.out.ReportWriter;
import dev.campaignanalytics.core.port.out.ReportWriters;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Exports on the report service and the raw event source. Every number comes from the report service (counts,
 * zero-filled buckets, rates from {@link dev.campaignanalytics.core.domain.Rate#percent()}, period changes,
 * significance); this service only lays them out as rows and hands them to a {@link ReportWriter}.
 *
 * <p>Tables:
 * <ul>
 *   <li>daily: {@code Date, Campaign Name, Template Type}, then the chosen metrics; one row per bucket, dated by the
 *       bucket's own first day (a Monday for weeks, the 1st for months). A supplementary {@code Summary} table gives
 *       the totals of this and the previous period, the change between them, and whether that change is more than
 *       chance (its two-sided p-value and yes/no at 5 %: the two-proportion test for rates, the test of two Poisson
 *       counts for counts, as in the report's {@code period_change}).</li>
 *   <li>segmented: the same with the dimension's column after {@code Date}; one row per bucket and value, buckets in
 *       order, values within a bucket by total views descending ({@code unknown} for events without a value).</li>
 *   <li>events: every stored field of each event, times shown in the report's zone.</li>
 *   <li>comparison: one row per campaign with its totals and rates, and whether each rate differs from the first
 *       campaign's by more than chance (two-sided two-proportion z-test, 5 %).</li>
 * </ul>
 */
public final class ExportService implements ExportUseCase {
    static final List<String> EVENT_COLUMNS = List.of("id", "campaign_id", "event_type", "created_at",
            "received_at", "audience_segment", "channel", "device_type", "session_id", "user_id", "user_agent",
            "ip_address", "referrer_url", "event_data", "event_id");
    static final List<String> SUMMARY_COLUMNS = List.of("Metric", "Current Period", "Previous Period",
            "Change (%)", "Change p-value", "Change significant");

    /** The cells of the event types, made once rather than once per exported event. */
    private static final Cell[] TYPE_CELLS = Arrays.stream(EventType.values())
            .map(t -> Cell.text(t.wireName())).toArray(Cell[]::new);

    private final ReportService reports;
    private final CampaignCatalog catalog;
    private final RawEventSource events;
    private final ReportWriters writers;

    /**
     * @param reports the report service, which also resolves a query's dates (presets end today in its clock)
     */
    public ExportService(ReportService reports, CampaignCatalog catalog, RawEventSource events,
                         ReportWriters writers) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.events = Objects.requireNonNull(events, "events");
        this.writers = Objects.requireNonNull(writers, "writers");
    }

    @Override
    public PreparedExport prepare(ExportQuery query) {
        return switch (query.content()) {
            case DAILY -> daily(query);
            case SEGMENTED -> segmented(query);
            case EVENTS -> events(query);
            case COMPARISON -> comparison(query);
        };
    }

    private PreparedExport daily(ExportQuery q) {
        CampaignReport report = reports.report(q.campaign(), q.report());
        Campaign campaign = report.campaign();
        List<Metric> metrics = q.metrics();
        return prepared(q, campaignFileName(campaign.id(), report.range().current()), report.range().current(),
                w -> {
                    List<String> header = new ArrayList<>(List.of("Date", "Campaign Name", "Template Type"));
                    metrics.forEach(m -> header.add(m.title()));
                    w.beginTable("Analytics", header);
                    for (SeriesPoint p : report.series()) {
                        List<Cell> row = new ArrayList<>(header.size());
                        row.add(Cell.day(p.bucket().date()));
                        row.add(Cell.text(campaign.name()));
                        row.add(Cell.text(campaign.templateType()));
                        metrics.forEach(m -> row.add(value(m, p.counts())));
                        w.row(row);
                    }
                    summary(w, report, metrics, q.report().zone());
                    return report.series().size();
                });
    }

    private PreparedExport segmented(ExportQuery q) {
        SegmentedReport segmented = reports.segmented(q.campaign(), q.segmentBy(), q.report());
        CampaignReport report = reports.report(q.campaign(), q.report());
        Campaign campaign = segmented.campaign();
        List<Metric> metrics = q.metrics();
        DateRange range = segmented.range().current();
        return prepared(q, campaignFileName(campaign.id(), range), range, w -> {
            List<String> header = new ArrayList<>(List.of("Date", title(q.segmentBy()), "Campaign Name",
                    "Template Type"));
            metrics.forEach(m -> header.add(m.title()));
            w.beginTable("By " + title(q.segmentBy()), header);
            List<String> segments = segmented.totals().stream().map(SegmentTotal::segment).toList();
            int buckets = segments.isEmpty() ? 0 : segmented.series().get(segments.get(0)).size();
            long rows = 0;
            for (int i = 0; i < buckets; i++) {
                for (String segment : segments) {
                    SeriesPoint p = segmented.series().get(segment).get(i);
                    List<Cell> row = new ArrayList<>(header.size());
                    row.add(Cell.day(p.bucket().date()));
                    row.add(Cell.text(segment));
                    row.add(Cell.text(campaign.name()));
                    row.add(Cell.text(campaign.templateType()));
                    metrics.forEach(m -> row.add(value(m, p.counts())));
                    w.row(row);
                    rows++;
                }
            }
            summary(w, report, metrics, q.report().zone());
            return rows;
        });
    }

    private PreparedExport events(ExportQuery q) {
        Campaign campaign = catalog.find(q.campaign()).orElseThrow(() -> new CampaignNotFoundException(q.campaign()));
        DateRange range = reports.resolve(q.report());
        RawEventSource.Query read = new RawEventSource.Query(campaign.id(), range.startInstant(),
                range.endExclusiveInstant(), q.report().filter());
        ZoneId zone = q.report().zone();
        Cell campaignCell = Cell.text(campaign.id().toString());
        return prepared(q, campaignFileName(campaign.id(), range), range, w -> {
            w.beginTable("Events", EVENT_COLUMNS);
            long[] rows = {0};
            events.forEach(read, e -> {
                w.row(eventRow(e, zone, campaignCell));
                rows[0]++;
            });
            return rows[0];
        });
    }

    /** The cells of an event, in the order of {@link #EVENT_COLUMNS}; {@code campaign} is its campaign's cell. */
    static List<Cell> eventRow(RawEvent e, ZoneId zone, Cell campaign) {
        return List.of(
                Cell.text(e.id().toString()),
                campaign,
                TYPE_CELLS[e.type().ordinal()],
                Cell.moment(e.createdAt(), zone),
                Cell.moment(e.receivedAt(), zone),
                Cell.text(e.audienceSegment()),
                Cell.text(e.channel()),
                Cell.text(e.deviceType()),
                Cell.text(e.sessionId()),
                Cell.text(e.userId() == null ? null : e.userId().toString()),
                Cell.text(e.userAgent()),
                Cell.text(e.ipAddress()),
                Cell.text(e.referrerUrl()),
                Cell.text(e.eventData()),
                Cell.text(e.clientEventId()));
    }

    private PreparedExport comparison(ExportQuery q) {
        Comparison comparison = reports.compare(new CompareQuery(q.campaigns(), q.report()));
        DateRange range = comparison.range().current();
        String name = "campaign_analytics_comparison_" + range.start();
        return prepared(q, name, range, w -> {
            w.beginTable("Comparison", List.of("Campaign ID", "Campaign Name", "Template Type", "Views", "Clicks",
                    "Conversions", "Impressions", Metric.CLICK_THROUGH_RATE.title(), Metric.CONVERSION_RATE.title(),
                    "CTR p-value vs first", "CTR significant vs first", "Conversion Rate p-value vs first",
                    "Conversion Rate significant vs first"));
            for (ComparisonRow r : comparison.rows()) {
                Counts c = r.counts();
                Significance ctr = comparison.clickThroughRateAgainstFirst(r);
                Significance cr = comparison.conversionRateAgainstFirst(r);
                w.row(List.of(
                        Cell.text(r.campaign().id().toString()),
                        Cell.text(r.campaign().name()),
                        Cell.text(r.campaign().templateType()),
                        Cell.whole(c.views()),
                        Cell.whole(c.clicks()),
                        Cell.whole(c.conversions()),
                        Cell.whole(c.impressions()),
                        Cell.decimal(c.clickThroughRate().percent()),
                        Cell.decimal(c.conversionRate().percent()),
                        Cell.decimal(ctr == null ? null : ctr.roundedPValue()),
                        Cell.flag(ctr == null ? null : ctr.significant()),
                        Cell.decimal(cr == null ? null : cr.roundedPValue()),
                        Cell.flag(cr == null ? null : cr.significant())));
            }
            return comparison.rows().size();
        });
    }

    /**
     * The summary: the campaign, the dates of both periods and the zone, then per metric its value in this and the
     * previous period, the relative change in percent (empty when undefined), and the two-sided p-value of the change
     * (4 places) with whether it is below 5 % (both empty when untestable).
     */
    private static void summary(ReportWriter w, CampaignReport report, List<Metric> metrics, ZoneId zone)
            throws IOException {
        DateRange current = report.range().current();
        DateRange previous = report.range().previous();
        w.beginSupplement("Summary", SUMMARY_COLUMNS);
        Cell none = Cell.EMPTY;
        w.row(List.of(Cell.text("Campaign"), Cell.text(report.campaign().name()), none, none, none, none));
        w.row(List.of(Cell.text("Start Date"), Cell.day(current.start()), Cell.day(previous.start()), none, none,
                none));
        w.row(List.of(Cell.text("End Date"), Cell.day(current.end()), Cell.day(previous.end()), none, none, none));
        w.row(List.of(Cell.text("Time Zone"), Cell.text(zone.getId()), none, none, none, none));
        Counts now = report.summary().counts();
        Counts before = report.previousSummary().counts();
        for (Metric m : metrics) {
            Significance test = significance(m, report);
            w.row(List.of(Cell.text(m.title()), value(m, now), value(m, before),
                    Cell.decimal(change(m, report.periodChange())),
                    Cell.decimal(test == null ? null : test.roundedPValue()),
                    Cell.flag(test == null ? null : test.significant())));
        }
    }

    /** A metric of some counts: a count, or a rate in percent rounded HALF_UP to 2 places (empty when undefined). */
    static Cell value(Metric metric, Counts counts) {
        return switch (metric) {
            case VIEWS -> Cell.whole(counts.views());
            case CLICKS -> Cell.whole(counts.clicks());
            case CONVERSIONS -> Cell.whole(counts.conversions());
            case IMPRESSIONS -> Cell.whole(counts.impressions());
            case CLICK_THROUGH_RATE -> Cell.decimal(counts.clickThroughRate().percent());
            case CONVERSION_RATE -> Cell.decimal(counts.conversionRate().percent());
        };
    }

    private static BigDecimal change(Metric metric, PeriodChange change) {
        return switch (metric) {
            case VIEWS -> change.views();
            case CLICKS -> change.clicks();
            case CONVERSIONS -> change.conversions();
            case IMPRESSIONS -> change.impressions();
            case CLICK_THROUGH_RATE -> change.clickThroughRate();
            case CONVERSION_RATE -> change.conversionRate();
        };
    }

    private static Significance significance(Metric metric, CampaignReport report) {
        return switch (metric) {
            case VIEWS -> report.viewsSignificance();
            case CLICKS -> report.clicksSignificance();
            case CONVERSIONS -> report.conversionsSignificance();
            case IMPRESSIONS -> report.impressionsSignificance();
            case CLICK_THROUGH_RATE -> report.clickThroughRateSignificance();
            case CONVERSION_RATE -> report.conversionRateSignificance();
        };
    }

    /** The column title of a dimension. */
    static String title(Dimension dimension) {
        return switch (dimension) {
            case AUDIENCE_SEGMENT -> "Audience Segment";
            case CHANNEL -> "Channel";
            case DEVICE_TYPE -> "Device Type";
        };
    }

    private static String campaignFileName(CampaignId campaign, DateRange range) {
        return "campaign_analytics_" + campaign + "_" + range.start();
    }

    private PreparedExport prepared(ExportQuery q, String baseName, DateRange range, Body body) {
        return new Prepared(writers, q.format(), baseName + "." + q.format().extension(), range.start(),
                range.end(), body);
    }

    /** Writes the tables of one export; answers how many data rows it wrote. */
    @FunctionalInterface
    private interface Body {
        long write(ReportWriter writer) throws IOException;
    }

    private record Prepared(ReportWriters writers, ExportFormat format, String fileName, LocalDate startDate,
                            LocalDate endDate, Body body) implements PreparedExport {
        @Override
        public long writeTo(OutputStream out) throws IOException {
            Objects.requireNonNull(out, "out");
            try (ReportWriter writer = writers.open(format, out)) {
                long rows = body.write(writer);
                writer.finish();
                return rows;
            }
        }
    }
}
