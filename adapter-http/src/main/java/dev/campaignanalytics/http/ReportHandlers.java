package dev.campaignanalytics.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignReport;
import dev.campaignanalytics.core.domain.Comparison;
import dev.campaignanalytics.core.domain.ComparisonRow;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.PeriodChange;
import dev.campaignanalytics.core.domain.ReportRange;
import dev.campaignanalytics.core.domain.SegmentTotal;
import dev.campaignanalytics.core.domain.SegmentedReport;
import dev.campaignanalytics.core.domain.SeriesPoint;
import dev.campaignanalytics.core.domain.Significance;
import dev.campaignanalytics.core.domain.Summary;
import dev.campaignanalytics.core.domain.WilsonInterval;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase.CompareQuery;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.http.CampaignHandlers.CampaignView;
import dev.campaignanalytics.http.Envelope.Success;
import dev.campaignanalytics.http.ReportParams.Metric;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analytics report routes. Every number comes from the core as it is: counts exact, rates in percent rounded
 * HALF_UP to 2 places and {@code null} when undefined, changes against the previous period of equal length,
 * Wilson 95 % intervals and two-proportion z-tests. This class only chooses names and shapes.
 */
final class ReportHandlers {
    static final String SEGMENT_BY = "segment_by";
    static final String CAMPAIGN_IDS = "campaign_ids";

    private final CampaignReportUseCase reports;
    private final ManageCampaignsUseCase campaigns;
    private final ZoneId defaultZone;
    private final ObjectMapper json;

    ReportHandlers(CampaignReportUseCase reports, ManageCampaignsUseCase campaigns, ZoneId defaultZone,
                   ObjectMapper json) {
        this.reports = reports;
        this.campaigns = campaigns;
        this.defaultZone = defaultZone;
        this.json = json;
    }

    // ---- views ----

    /**
     * The dates a report covers, both ends inclusive, in the calendar of {@code tz}; the previous period has the same
     * number of days and ends the day before {@code start_date}.
     */
    record RangeView(LocalDate startDate, LocalDate endDate, LocalDate previousStartDate, LocalDate previousEndDate,
                     String tz, String groupBy) {
        static RangeView of(ReportRange r) {
            return new RangeView(r.current().start(), r.current().end(), r.previous().start(), r.previous().end(),
                    r.current().zone().getId(), r.granularity().wireName());
        }
    }

    /** A 95 % Wilson score interval in percent, both bounds HALF_UP to 2 places. */
    record IntervalView(BigDecimal lower, BigDecimal upper) {
        static IntervalView of(WilsonInterval i) {
            return i == null ? null : new IntervalView(i.lowerPercent(), i.upperPercent());
        }
    }

    /**
     * A two-sided significance test: for rates the two-proportion z-test, for counts the test of two Poisson counts
     * over periods of equal length (exact binomial up to 1,000 events, normal above); {@code z} and {@code p_value}
     * HALF_UP to 4 places; {@code significant} when the exact p-value is below 0.05.
     */
    record SignificanceView(BigDecimal z, BigDecimal pValue, boolean significant) {
        static SignificanceView of(Significance s) {
            return s == null ? null : new SignificanceView(s.roundedZ(), s.roundedPValue(), s.significant());
        }
    }

    /**
     * Relative changes in percent against the previous period, (current − previous) / previous × 100, HALF_UP to 2
     * places; {@code null} when the previous value is 0 or a rate is undefined. Each change has its significance test;
     * a count's is {@code null} only when the count is 0 in both periods.
     */
    record PeriodChangeView(BigDecimal views, BigDecimal clicks, BigDecimal conversions, BigDecimal ctr,
                            BigDecimal impressions, BigDecimal conversionRate, SignificanceView ctrSignificance,
                            SignificanceView conversionRateSignificance, SignificanceView viewsSignificance,
                            SignificanceView clicksSignificance, SignificanceView conversionsSignificance,
                            SignificanceView impressionsSignificance) {
        static PeriodChangeView of(CampaignReport report) {
            PeriodChange c = report.periodChange();
            return new PeriodChangeView(c.views(), c.clicks(), c.conversions(), c.clickThroughRate(),
                    c.impressions(), c.conversionRate(), SignificanceView.of(report.clickThroughRateSignificance()),
                    SignificanceView.of(report.conversionRateSignificance()),
                    SignificanceView.of(report.viewsSignificance()), SignificanceView.of(report.clicksSignificance()),
                    SignificanceView.of(report.conversionsSignificance()),
                    SignificanceView.of(report.impressionsSignificance()));
        }
    }

    /** One segment's totals; {@code segment} is {@code "unknown"} for events without a value. */
    record SegmentTotalView(String segment, long totalViews, long totalClicks, long totalConversions,
                            long totalImpressions, BigDecimal clickThroughRate, BigDecimal conversionRate) {
        static SegmentTotalView of(SegmentTotal t) {
            Counts c = t.counts();
            return new SegmentTotalView(t.segment(), c.views(), c.clicks(), c.conversions(), c.impressions(),
                    c.clickThroughRate().percent(), c.conversionRate().percent());
        }
    }

    /** One campaign of a comparison; the tests are against the first campaign asked for. */
    record ComparisonRowView(String campaignId, String campaignName, long totalViews, long totalClicks,
                             long totalConversions, long totalImpressions, BigDecimal clickThroughRate,
                             BigDecimal conversionRate, IntervalView clickThroughRateCi, IntervalView conversionRateCi,
                             SignificanceView ctrVsFirst, SignificanceView conversionRateVsFirst) {
        static ComparisonRowView of(Comparison comparison, ComparisonRow row) {
            Counts c = row.counts();
            return new ComparisonRowView(row.campaign().id().toString(), row.campaign().name(), c.views(),
                    c.clicks(), c.conversions(), c.impressions(), c.clickThroughRate().percent(),
                    c.conversionRate().percent(), IntervalView.of(WilsonInterval.of95(c.clickThroughRate())),
                    IntervalView.of(WilsonInterval.of95(c.conversionRate())),
                    SignificanceView.of(comparison.clickThroughRateAgainstFirst(row)),
                    SignificanceView.of(comparison.conversionRateAgainstFirst(row)));
        }
    }

    // ---- routes ----

    /** {@code GET /admin/analytics/campaigns/{id}}: summary, series and the change against the previous period. */
    void report(Context ctx) {
        CampaignId id = campaignId(ctx);
        ReportParams params = ReportParams.read(ctx, defaultZone);
        CampaignReport report = reports.report(id, params.query());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", CampaignView.of(report.campaign()));
        data.put("range", RangeView.of(report.range()));
        data.put("summary", summary(report.summary(), false));
        data.put("daily_stats", series(report.series(), params.metrics()));
        data.put("period_change", PeriodChangeView.of(report));
        data.put("previous_summary", summary(report.previousSummary(), false));
        respond(ctx, data);
    }

    /** {@code GET /admin/analytics/campaigns/{id}/summary}: totals with the first and last event of the range. */
    void summary(Context ctx) {
        CampaignId id = campaignId(ctx);
        ReportParams params = ReportParams.read(ctx, defaultZone);
        ReportRange range = reports.range(params.query());
        Summary summary = reports.summary(id, pinned(params.query(), range));
        Campaign campaign = campaigns.get(id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", CampaignView.of(campaign));
        data.put("range", RangeView.of(range));
        data.put("summary", summary(summary, true));
        respond(ctx, data);
    }

    /** {@code GET /admin/analytics/campaigns/{id}/daily}: the zero-filled series alone. */
    void daily(Context ctx) {
        CampaignId id = campaignId(ctx);
        ReportParams params = ReportParams.read(ctx, defaultZone);
        ReportRange range = reports.range(params.query());
        List<SeriesPoint> series = reports.series(id, pinned(params.query(), range));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("daily_stats", series(series, params.metrics()));
        data.put("range", RangeView.of(range));
        respond(ctx, data);
    }

    /** {@code GET /admin/analytics/campaigns/{id}/segmented?segment_by=…}: a series and a total per value. */
    void segmented(Context ctx) {
        CampaignId id = campaignId(ctx);
        Violations v = new Violations();
        ReportParams params = v.read(() -> ReportParams.read(ctx, defaultZone, SEGMENT_BY));
        Dimension dimension = v.read(() -> {
            String text = QueryParams.single(ctx, SEGMENT_BY);
            if (text == null) {
                throw new InvalidInputException(SEGMENT_BY,
                        "is required: one of audience_segment, channel, device_type");
            }
            return Dimension.parse(SEGMENT_BY, text);
        });
        v.throwIfInvalid();
        SegmentedReport report = reports.segmented(id, dimension, params.query());
        Map<String, Object> stats = new LinkedHashMap<>();
        report.series().forEach((segment, series) -> stats.put(segment, series(series, params.metrics())));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", CampaignView.of(report.campaign()));
        data.put("range", RangeView.of(report.range()));
        data.put("segment_by", dimension.wireName());
        data.put("segmented_stats", stats);
        data.put("segment_totals", report.totals().stream().map(SegmentTotalView::of).toList());
        respond(ctx, data);
    }

    /** {@code GET /admin/analytics/compare?campaign_ids=a,b,…}: 2 to 20 campaigns side by side. */
    void compare(Context ctx) {
        Violations v = new Violations();
        ReportParams params = v.read(() -> ReportParams.read(ctx, defaultZone, CAMPAIGN_IDS));
        List<CampaignId> ids = v.read(() -> campaignIds(QueryParams.single(ctx, CAMPAIGN_IDS)));
        v.throwIfInvalid();
        Comparison comparison = reports.compare(new CompareQuery(ids, params.query()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("range", RangeView.of(comparison.range()));
        data.put("comparison", comparison.rows().stream().map(r -> ComparisonRowView.of(comparison, r)).toList());
        respond(ctx, data);
    }

    // ---- pieces ----

    /**
     * Answers {@code {"success": true, "data": …}} as {@code ctx.json} would, but written by Jackson straight into
     * UTF-8 bytes: a report runs to tens of kilobytes, and the text form in between cost as much as writing it.
     */
    private void respond(Context ctx, Object data) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Success.of(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report could not be written as JSON", e);
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(body);
    }

    private static CampaignId campaignId(Context ctx) {
        return CampaignId.parse("id", ctx.pathParam("id"));
    }

    /** @throws InvalidInputException unless the text is a comma list of campaign UUIDs */
    private static List<CampaignId> campaignIds(String text) {
        if (text == null) {
            throw new InvalidInputException(CAMPAIGN_IDS, "is required: 2 to 20 campaign ids, comma separated");
        }
        List<CampaignId> ids = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                throw new InvalidInputException(CAMPAIGN_IDS, "must not hold an empty item");
            }
            try {
                ids.add(CampaignId.parse(CAMPAIGN_IDS, trimmed));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(CAMPAIGN_IDS, "holds '" + trimmed + "', which is not a UUID");
            }
        }
        return ids;
    }

    /** The query fixed to the dates already resolved, so that the numbers and the range shown describe one span. */
    private static ReportQuery pinned(ReportQuery query, ReportRange range) {
        return new ReportQuery(new RangeSpec.Explicit(range.current().start(), range.current().end()),
                query.zone(), query.granularity(), query.filter());
    }

    private static Map<String, Object> summary(Summary s, boolean withEventSpan) {
        Counts c = s.counts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_views", c.views());
        m.put("total_clicks", c.clicks());
        m.put("total_conversions", c.conversions());
        m.put("total_impressions", c.impressions());
        m.put("click_through_rate", s.clickThroughRate().percent());
        m.put("conversion_rate", s.conversionRate().percent());
        m.put("click_through_rate_ci", IntervalView.of(s.clickThroughRateInterval()));
        m.put("conversion_rate_ci", IntervalView.of(s.conversionRateInterval()));
        if (withEventSpan) {
            m.put("first_event", s.firstEvent());
            m.put("last_event", s.lastEvent());
        }
        return m;
    }

    /** Series items: the bucket's dates always, then the chosen metrics in a fixed order. */
    private static List<Map<String, Object>> series(List<SeriesPoint> points, Set<Metric> metrics) {
        List<Map<String, Object>> items = new ArrayList<>(points.size());
        for (SeriesPoint p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", p.bucket().date());
            m.put("start_date", p.bucket().startDate());
            m.put("end_date", p.bucket().endDate());
            Counts c = p.counts();
            for (Metric metric : metrics) {
                m.put(metric.wireName(), switch (metric) {
                    case VIEWS -> c.views();
                    case CLICKS -> c.clicks();
                    case CONVERSIONS -> c.conversions();
                    case IMPRESSIONS -> c.impressions();
                    case CLICK_THROUGH_RATE -> p.clickThroughRate().percent();
                    case CONVERSION_RATE -> p.conversionRate().percent();
                });
            }
            items.add(m);
        }
        return items;
    }
}
