package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.port.in.ExportUseCase.Content;
import dev.campaignanalytics.core.port.in.ExportUseCase.ExportQuery;
import dev.campaignanalytics.core.port.in.ExportUseCase.Metric;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The query parameters of {@code GET /admin/analytics/export}, read strictly: every malformed or contradictory
 * parameter is named in one 400 answer.
 *
 * <pre>
 * type           daily (default) | segmented | events | comparison
 * format         csv (default) | excel
 * campaign_id    required, except with type=comparison
 * campaign_ids   type=comparison only: 2 to 20 campaign ids, comma-separated (or the parameter repeated)
 * segment_by     type=segmented only, and required there: audience_segment | channel | device_type
 * metrics        type=daily|segmented only: comma-separated among views, clicks, conversions, impressions,
 *                click_through_rate, conversion_rate; the columns come in that order; absent means all
 * date_range     7d (default) | 30d | 90d | 1y: that many days ending today in tz, inclusive
 * start_date, end_date  instead of date_range, both together: yyyy-MM-dd, both inclusive
 * group_by       day (default) | week | month
 * tz             an IANA zone id such as Europe/Paris (default: the server's default zone, as for reports)
 * audience_segment, channel, device_type   exact-match filters, as on the report routes: unknown selects the events
 *                without a value (the breakdown's unknown row); surrounding whitespace is ignored; empty or blank
 *                is refused
 * </pre>
 *
 * <p>The common report parameters (range, group_by, tz, filters) are read here for now; they belong with the
 * report routes' parameter reading, and this class is meant to give way to it. Until then the dates and the zone
 * follow the report routes' rules ({@link ReportParams#date}, {@link ReportParams#zone}), so that an export never
 * takes what a report refuses (a date before 1900, a bare offset) nor counts days in another zone than the report
 * it exports; and a parameter given twice is refused as there, except the list {@code campaign_ids}.
 */
final class ExportParams {
    private static final Set<String> FILTERS = Set.of("audience_segment", "channel", "device_type");

    private ExportParams() {
    }

    /**
     * @param params      a query parameter's values by name; empty when absent (empty values count as absent,
     *                    except for the dimension filters, which refuse them as the report routes do)
     * @param defaultZone the zone when {@code tz} is absent: the same as the report routes'
     * @throws InvalidInputException naming every parameter that is wrong
     */
    static ExportQuery parse(Function<String, List<String>> params, ZoneId defaultZone) {
        Violations v = new Violations();
        Function<String, String> one = name -> single(name, params.apply(name));
        Content content = v.read(() -> {
            String text = one.apply("type");
            return text == null ? Content.DAILY : Content.parse("type", text);
        });
        ExportFormat format = v.read(() -> {
            String text = one.apply("format");
            return text == null ? ExportFormat.CSV : ExportFormat.parse("format", text);
        });
        CampaignId campaign = v.read(() -> {
            String text = one.apply("campaign_id");
            return text == null ? null : CampaignId.parse("campaign_id", text);
        });
        List<CampaignId> campaigns = v.read(() -> campaignIds(params.apply("campaign_ids")));
        Dimension segmentBy = v.read(() -> {
            String text = one.apply("segment_by");
            return text == null ? null : Dimension.parse("segment_by", text);
        });
        List<Metric> metrics = v.read(() -> metrics(params.apply("metrics")));
        ReportQuery report = v.read(() -> report(filterParameter(params), v, defaultZone));
        v.throwIfInvalid();
        return new ExportQuery(content, format, campaign, campaigns, segmentBy, report, metrics);
    }

    /** The common report parameters; their mistakes go to {@code v}, and then the answer is {@code null}. */
    static ReportQuery report(Function<String, String> one, Violations v, ZoneId defaultZone) {
        RangeSpec range = v.read(() -> range(one));
        Granularity granularity = v.read(() -> {
            String text = one.apply("group_by");
            return text == null ? Granularity.DAY : Granularity.parse("group_by", text);
        });
        ZoneId zone = v.read(() -> ReportParams.zone(one.apply("tz"), defaultZone));
        DimensionFilter filter = v.read(() -> DimensionFilter.of(one.apply("audience_segment"),
                one.apply("channel"), one.apply("device_type")));
        if (range == null || granularity == null || zone == null || filter == null) {
            return null;
        }
        return new ReportQuery(range, zone, granularity, filter);
    }

    private static RangeSpec range(Function<String, String> one) {
        String preset = one.apply("date_range");
        String start = one.apply("start_date");
        String end = one.apply("end_date");
        if (start == null && end == null) {
            return new RangeSpec.Preset(preset == null ? "7d" : preset);
        }
        Violations v = new Violations();
        if (preset != null) {
            v.add("date_range", "must not be given with start_date and end_date");
        }
        LocalDate from = v.read(() -> date("start_date", start, "end_date"));
        LocalDate to = v.read(() -> date("end_date", end, "start_date"));
        v.throwIfInvalid();
        return new RangeSpec.Explicit(from, to);
    }

    private static LocalDate date(String field, String text, String other) {
        if (text == null) {
            throw new InvalidInputException(field, "is required when " + other + " is given");
        }
        return ReportParams.date(field, text);
    }

    private static List<CampaignId> campaignIds(List<String> values) {
        List<CampaignId> ids = new ArrayList<>();
        for (String item : items("campaign_ids", values)) {
            ids.add(CampaignId.parse("campaign_ids", item));
        }
        return ids;
    }

    private static List<Metric> metrics(List<String> values) {
        List<Metric> metrics = new ArrayList<>();
        for (String item : items("metrics", values)) {
            metrics.add(Metric.parse("metrics", item));
        }
        return metrics;
    }

    /** The items of a comma-separated list parameter, which may also be repeated; an empty item is refused. */
    private static List<String> items(String field, List<String> values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            for (String item : value.split(",", -1)) {
                String trimmed = item.trim();
                if (trimmed.isEmpty()) {
                    throw new InvalidInputException(field, "must be a comma-separated list without empty items");
                }
                items.add(trimmed);
            }
        }
        return items;
    }

    /**
     * {@link #single}, except that a dimension filter given empty is refused as on the report routes
     * ({@link QueryParams#single}): an empty filter would select no breakdown row, and silently dropping it would
     * export every value instead.
     */
    private static Function<String, String> filterParameter(Function<String, List<String>> params) {
        return name -> {
            List<String> values = params.apply(name);
            if (FILTERS.contains(name) && values.stream().anyMatch(value -> value != null && value.isEmpty())) {
                throw new InvalidInputException(name, QueryParams.GIVEN_EMPTY);
            }
            return single(name, values);
        };
    }

    /** A parameter's one value, {@code null} when absent or empty; given twice (not both empty), it is refused. */
    private static String single(String field, List<String> values) {
        String found = null;
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                if (found != null) {
                    throw new InvalidInputException(field, "must be given at most once");
                }
                found = value;
            }
        }
        return found;
    }
}
