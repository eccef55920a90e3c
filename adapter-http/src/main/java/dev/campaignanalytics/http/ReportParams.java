package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query parameters that every report route reads, strictly: a parameter that is given is used or refused, never
 * replaced by a default. Every mistake of a request is named in one answer.
 *
 * <ul>
 *   <li>{@code date_range} = {@code 7d|30d|90d|1y} (default {@code 7d}), or {@code start_date} and
 *       {@code end_date} together: ISO dates, both inclusive. A preset and dates together are refused, naming
 *       {@code date_range}, rather than one silently winning.</li>
 *   <li>{@code group_by} = {@code day|week|month} (default {@code day}).</li>
 *   <li>{@code tz}: an IANA time-zone id such as {@code Europe/Berlin} or {@code Asia/Kathmandu}; its calendar
 *       decides days and "today". Bare offsets ({@code +05:45}, {@code Z}, {@code GMT+5}) are not zones: they know
 *       no daylight-saving time, and the export route has always refused them.</li>
 *   <li>{@code audience_segment}, {@code channel}, {@code device_type}: exact-match filters on every number; each
 *       selects exactly the events of the breakdown row of that name, so {@code unknown} selects the events without
 *       a value as well as those with the text {@code unknown} (see {@code DimensionFilter}). Surrounding whitespace
 *       is ignored, as at ingest; a blank value is refused like an empty one.</li>
 *   <li>{@code metrics}: which counts and rates the items of a series carry (default all).</li>
 * </ul>
 *
 * A parameter given twice, given empty, or not known to the route is refused too, so that a typo such as
 * {@code grop_by=week} cannot pass for the default.
 *
 * @param query   what to count
 * @param metrics the fields each series item carries besides its dates
 */
record ReportParams(ReportQuery query, Set<Metric> metrics) {
    static final String DATE_RANGE = "date_range";
    static final String START_DATE = "start_date";
    static final String END_DATE = "end_date";
    static final String GROUP_BY = "group_by";
    static final String TZ = "tz";
    static final String METRICS = "metrics";

    /** The parameters every report route reads. */
    static final List<String> COMMON = List.of(DATE_RANGE, START_DATE, END_DATE, GROUP_BY, TZ,
            "audience_segment", "channel", "device_type", METRICS);

    /** The IANA region ids the JDK knows (no bare offsets such as {@code +05:30}, {@code Z} or {@code GMT+5}). */
    private static final Set<String> ZONE_IDS = ZoneId.getAvailableZoneIds();
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter STRICT_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    ReportParams {
        metrics = metrics.isEmpty() ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(metrics);
    }

    /** A field a series item may carry, by its name on the wire. */
    enum Metric {
        VIEWS, CLICKS, CONVERSIONS, IMPRESSIONS, CLICK_THROUGH_RATE, CONVERSION_RATE;

        private final String wireName = name().toLowerCase(Locale.ROOT);

        String wireName() {
            return wireName;
        }

        static String names() {
            return Arrays.stream(values()).map(Metric::wireName).collect(Collectors.joining(", "));
        }
    }

    /**
     * Reads the common parameters of a report request.
     *
     * @param defaultZone the zone when {@code tz} is absent
     * @param routeOwn    the parameters this route reads besides the common ones (read by the route itself)
     * @throws InvalidInputException naming every parameter that is malformed, repeated, empty or unknown
     */
    static ReportParams read(Context ctx, ZoneId defaultZone, String... routeOwn) {
        Violations v = new Violations();
        checkNames(ctx, v, Set.of(routeOwn));

        RangeSpec range = v.read(() -> range(ctx));
        ZoneId zone = v.read(() -> zone(QueryParams.single(ctx, TZ), defaultZone));
        Granularity granularity = v.read(() -> {
            String g = QueryParams.single(ctx, GROUP_BY);
            return g == null ? Granularity.DAY : Granularity.parse(GROUP_BY, g);
        });
        DimensionFilter filter = v.read(() -> DimensionFilter.of(QueryParams.single(ctx, "audience_segment"),
                QueryParams.single(ctx, "channel"), QueryParams.single(ctx, "device_type")));
        Set<Metric> metrics = v.read(() -> metrics(QueryParams.single(ctx, METRICS)));
        v.throwIfInvalid();
        return new ReportParams(new ReportQuery(range, zone, granularity, filter), metrics);
    }

    /** Refuses every parameter that is neither common nor the route's own (nor the cache-buster). */
    private static void checkNames(Context ctx, Violations v, Set<String> routeOwn) {
        Set<String> known = new HashSet<>(COMMON);
        known.addAll(routeOwn);
        QueryParams.refuseUnknown(ctx, v, known);
    }

    private static RangeSpec range(Context ctx) {
        Violations v = new Violations();
        String preset = v.read(() -> QueryParams.single(ctx, DATE_RANGE));
        boolean startGiven = !ctx.queryParams(START_DATE).isEmpty();
        boolean endGiven = !ctx.queryParams(END_DATE).isEmpty();
        if (!startGiven && !endGiven) {
            v.throwIfInvalid();
            return new RangeSpec.Preset(preset == null ? "7d" : preset);
        }
        if (!ctx.queryParams(DATE_RANGE).isEmpty()) {
            v.add(DATE_RANGE, "cannot be combined with start_date and end_date; drop date_range or the dates");
        }
        if (!startGiven) {
            v.add(START_DATE, "is required when end_date is given");
        }
        if (!endGiven) {
            v.add(END_DATE, "is required when start_date is given");
        }
        LocalDate start = startGiven ? v.read(() -> date(START_DATE, QueryParams.single(ctx, START_DATE))) : null;
        LocalDate end = endGiven ? v.read(() -> date(END_DATE, QueryParams.single(ctx, END_DATE))) : null;
        v.throwIfInvalid();
        return new RangeSpec.Explicit(start, end);
    }

    /** @throws InvalidInputException unless the text is a real calendar date {@code yyyy-MM-dd} within bounds */
    static LocalDate date(String field, String text) {
        LocalDate date;
        try {
            if (!ISO_DATE.matcher(text).matches()) {
                throw new DateTimeParseException("not yyyy-MM-dd", text, 0);
            }
            date = LocalDate.parse(text, STRICT_DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be a date yyyy-MM-dd, such as 2024-05-01");
        }
        RangeSpec.Explicit.requireWithinBounds(field, date);
        return date;
    }

    /**
     * The one rule for {@code tz} on every route that takes it (reports and exports alike).
     *
     * @throws InvalidInputException unless the text is an IANA zone id known to the server
     */
    static ZoneId zone(String text, ZoneId absent) {
        if (text == null) {
            return absent;
        }
        if (!ZONE_IDS.contains(text)) {
            throw new InvalidInputException(TZ, "must be an IANA time zone such as Europe/Berlin or UTC");
        }
        return ZoneId.of(text);
    }

    /** @throws InvalidInputException when the list names a metric the API does not know, or holds an empty item */
    static Set<Metric> metrics(String text) {
        if (text == null) {
            return EnumSet.allOf(Metric.class);
        }
        EnumSet<Metric> chosen = EnumSet.noneOf(Metric.class);
        for (String item : text.split(",", -1)) {
            Metric metric = Arrays.stream(Metric.values()).filter(m -> m.wireName().equals(item.strip()))
                    .findFirst().orElseThrow(() -> new InvalidInputException(METRICS, item.isBlank()
                            ? "must not hold an empty item"
                            : "names '" + item.strip() + "', which is none of " + Metric.names()));
            chosen.add(metric);
        }
        return chosen;
    }
}
