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
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.PeriodChange;
import dev.campaignanalytics.core.domain.ReportLimits;
import dev.campaignanalytics.core.domain.ReportRange;
import dev.campaignanalytics.core.domain.SegmentTotal;
import dev.campaignanalytics.core.domain.SegmentedReport;
import dev.campaignanalytics.core.domain.SeriesPoint;
import dev.campaignanalytics.core.domain.Summary;
import dev.campaignanalytics.core.domain.TimeBuckets;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import dev.campaignanalytics.core.port.out.CountQuery;
import dev.campaignanalytics.core.port.out.ReportStore;
import dev.campaignanalytics.core.port.out.SliceCount;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports on a {@link ReportStore}. The store only counts events between instants that this service chooses; the
 * calendar (zones, buckets, the previous period), zero-filling and every rate are worked out here.
 */
public final class ReportService implements CampaignReportUseCase {
    private final CampaignCatalog catalog;
    private final ReportStore store;
    private final Clock clock;
    private final ReportLimits limits;

    public ReportService(CampaignCatalog catalog, ReportStore store, Clock clock, ReportLimits limits) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * The dates a query covers: a preset ends today in the query's zone, as told by the clock.
     *
     * @throws InvalidInputException when the range spans more days than allowed
     */
    public DateRange resolve(ReportQuery query) {
        RangeSpec spec = query.range();
        DateRange range;
        String field;
        if (spec instanceof RangeSpec.Preset p) {
            range = DateRange.preset(p.name(), LocalDate.now(clock.withZone(query.zone())), query.zone());
            field = "date_range";
        } else {
            RangeSpec.Explicit e = (RangeSpec.Explicit) spec;
            range = new DateRange(e.start(), e.end(), query.zone());
            field = "end_date";
        }
        if (range.days() > limits.maxRangeDays()) {
            throw new InvalidInputException(field,
                    "the range must span at most " + limits.maxRangeDays() + " days");
        }
        return range;
    }

    @Override
    public ReportRange range(ReportQuery query) {
        return ReportRange.of(resolve(query), query.granularity());
    }

    @Override
    public CampaignReport report(CampaignId id, ReportQuery query) {
        Campaign campaign = campaign(id);
        ReportRange range = ReportRange.of(resolve(query), query.granularity());
        TimeBuckets buckets = TimeBuckets.of(range.current(), range.granularity());
        // Slice 0 is the whole previous period, which ends exactly where the first bucket begins.
        List<Instant> edges = new ArrayList<>(buckets.size() + 2);
        edges.add(range.previous().startInstant());
        edges.addAll(buckets.edges());
        Counts[] slices = zeros(edges.size() - 1);
        for (SliceCount c : store.count(new CountQuery(List.of(id), edges, query.filter(), null))) {
            slices[c.slice()] = slices[c.slice()].plus(c.counts());
        }
        List<SeriesPoint> series = new ArrayList<>(buckets.size());
        Counts total = Counts.ZERO;
        for (int i = 0; i < buckets.size(); i++) {
            Counts counts = slices[i + 1];
            series.add(new SeriesPoint(buckets.buckets().get(i), counts));
            total = total.plus(counts);
        }
        Counts previous = slices[0];
        return new CampaignReport(campaign, range, new Summary(total, null, null), series,
                new Summary(previous, null, null), PeriodChange.between(total, previous));
    }

    @Override
    public Summary summary(CampaignId id, ReportQuery query) {
        campaign(id);
        DateRange range = resolve(query);
        Instant from = range.startInstant();
        Instant until = range.endExclusiveInstant();
        Counts total = Counts.ZERO;
        for (SliceCount c : store.count(new CountQuery(List.of(id), List.of(from, until), query.filter(), null))) {
            total = total.plus(c.counts());
        }
        Optional<ReportStore.EventTimeSpan> span = store.eventTimeSpan(id, from, until, query.filter());
        return new Summary(total, span.map(ReportStore.EventTimeSpan::first).orElse(null),
                span.map(ReportStore.EventTimeSpan::last).orElse(null));
    }

    @Override
    public List<SeriesPoint> series(CampaignId id, ReportQuery query) {
        campaign(id);
        TimeBuckets buckets = TimeBuckets.of(resolve(query), query.granularity());
        Counts[] slices = zeros(buckets.size());
        for (SliceCount c : store.count(new CountQuery(List.of(id), buckets.edges(), query.filter(), null))) {
            slices[c.slice()] = slices[c.slice()].plus(c.counts());
        }
        return toSeries(buckets, slices);
    }

    @Override
    public SegmentedReport segmented(CampaignId id, Dimension dimension, ReportQuery query) {
        Campaign campaign = campaign(id);
        ReportRange range = ReportRange.of(resolve(query), query.granularity());
        TimeBuckets buckets = TimeBuckets.of(range.current(), range.granularity());
        Map<String, Counts[]> bySegment = new HashMap<>();
        for (SliceCount c : store.count(new CountQuery(List.of(id), buckets.edges(), query.filter(), dimension))) {
            String segment = Dimension.segmentOf(c.dimensionValue());
            Counts[] slices = bySegment.computeIfAbsent(segment, s -> zeros(buckets.size()));
            slices[c.slice()] = slices[c.slice()].plus(c.counts());
        }
        List<SegmentTotal> totals = new ArrayList<>(bySegment.size());
        for (Map.Entry<String, Counts[]> e : bySegment.entrySet()) {
            Counts total = Arrays.stream(e.getValue()).reduce(Counts.ZERO, Counts::plus);
            totals.add(new SegmentTotal(e.getKey(), total));
        }
        totals.sort(Comparator.comparingLong((SegmentTotal t) -> t.counts().views()).reversed()
                .thenComparing(SegmentTotal::segment));
        Map<String, List<SeriesPoint>> series = new LinkedHashMap<>();
        for (SegmentTotal t : totals) {
            series.put(t.segment(), toSeries(buckets, bySegment.get(t.segment())));
        }
        return new SegmentedReport(campaign, range, dimension, series, totals);
    }

    @Override
    public Comparison compare(CompareQuery compare) {
        Map<CampaignId, Campaign> found = catalog.findAllForReport(compare.campaigns());
        for (CampaignId id : compare.campaigns()) {
            if (!found.containsKey(id)) {
                throw new CampaignNotFoundException(id);
            }
        }
        ReportQuery query = compare.query();
        DateRange range = resolve(query);
        Map<CampaignId, Counts> totals = new HashMap<>();
        CountQuery count = new CountQuery(compare.campaigns(),
                List.of(range.startInstant(), range.endExclusiveInstant()), query.filter(), null);
        for (SliceCount c : store.count(count)) {
            totals.merge(c.campaign(), c.counts(), Counts::plus);
        }
        List<ComparisonRow> rows = new ArrayList<>(compare.campaigns().size());
        for (CampaignId id : compare.campaigns()) {
            rows.add(new ComparisonRow(found.get(id), totals.getOrDefault(id, Counts.ZERO)));
        }
        return new Comparison(ReportRange.of(range, query.granularity()), rows);
    }

    private Campaign campaign(CampaignId id) {
        return catalog.findForReport(id).orElseThrow(() -> new CampaignNotFoundException(id));
    }

    private static List<SeriesPoint> toSeries(TimeBuckets buckets, Counts[] slices) {
        List<SeriesPoint> series = new ArrayList<>(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            series.add(new SeriesPoint(buckets.buckets().get(i), slices[i]));
        }
        return series;
    }

    private static Counts[] zeros(int n) {
        Counts[] a = new Counts[n];
        Arrays.fill(a, Counts.ZERO);
        return a;
    }
}
