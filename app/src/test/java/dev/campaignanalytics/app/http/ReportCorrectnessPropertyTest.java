package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.app.http.ReportFixtures.Event;
import dev.campaignanalytics.core.domain.Rate;
import dev.campaignanalytics.core.domain.Significance;
import dev.campaignanalytics.core.domain.WilsonInterval;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.campaignanalytics.app.http.ReportFixtures.ANALYTICS;
import static dev.campaignanalytics.app.http.ReportFixtures.exact;
import static dev.campaignanalytics.app.http.ReportFixtures.importAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random events, many of them at the edges of days in zones with odd offsets and daylight-saving changes, go in
 * through the import route; random reports come out of the HTTP API; every number must equal what this test works
 * out from the raw events on its own, with java.time and BigDecimal only: event instant → local date in the zone →
 * bucket start → counts → rates rounded HALF_UP.
 *
 * <p>The statistical fields (Wilson intervals, z-tests) are checked against the core's functions applied to the
 * counts this test computed, which shows that the route tests the right counts against each other.
 */
class ReportCorrectnessPropertyTest {
    /** Change it to explore; a failure names the seed, the iteration and the request. */
    private static final long SEED = 20_240_310L;
    private static final int REPORTS = 400;
    /** 03:30Z: still the 19th in the Americas, already the 20th from Europe eastwards. */
    private static final Instant NOW = Instant.parse("2024-11-20T03:30:00Z");

    private static final List<ZoneId> ZONES = List.of("UTC", "America/New_York", "Europe/London",
            "Asia/Kathmandu", "Asia/Kolkata", "Australia/Lord_Howe", "America/Los_Angeles", "Pacific/Chatham",
            "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago").stream().map(ZoneId::of).toList();
    private static final String[] TYPES = {"impression", "view", "view", "click", "conversion"};
    /** Values as clients send them, also the text unknown, blank values and values in surrounding whitespace. */
    private static final String[] SEGMENTS = {null, "vip", "new", "returning", "unknown", "", " vip"};
    private static final String[] CHANNELS = {null, "email", "social", "display", "unknown", "  "};
    private static final String[] DEVICES = {null, "mobile", "desktop", "unknown", "\t"};
    /** Filter values: names of breakdown rows. */
    private static final String[] SEGMENT_FILTERS = {"vip", "new", "returning", "unknown"};
    private static final String[] CHANNEL_FILTERS = {"email", "social", "display", "unknown"};
    private static final String[] DEVICE_FILTERS = {"mobile", "desktop", "unknown"};
    private static final String[] PRESETS = {"7d", "30d", "90d", "1y"};
    private static final Map<String, Integer> PRESET_DAYS = Map.of("7d", 7, "30d", 30, "90d", 90, "1y", 365);
    private static final String[] GRANULARITIES = {"day", "week", "month"};
    private static final String[] DIMENSIONS = {"audience_segment", "channel", "device_type"};
    private static final String[] METRICS = {"views", "clicks", "conversions", "impressions", "click_through_rate",
            "conversion_rate"};

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    // ---- the independent model ----

    /** Exact counts of one slice of events. */
    private static final class Tally {
        long views;
        long clicks;
        long conversions;
        long impressions;

        void add(String type) {
            switch (type) {
                case "view" -> views++;
                case "click" -> clicks++;
                case "conversion" -> conversions++;
                case "impression" -> impressions++;
                default -> throw new IllegalArgumentException(type);
            }
        }

        long of(String metric) {
            return switch (metric) {
                case "views" -> views;
                case "clicks" -> clicks;
                case "conversions" -> conversions;
                case "impressions" -> impressions;
                default -> throw new IllegalArgumentException(metric);
            };
        }
    }

    /** numerator / denominator × 100, HALF_UP to 2 places; null without a denominator. */
    private static BigDecimal percent(long numerator, long denominator) {
        return denominator == 0 ? null : BigDecimal.valueOf(numerator).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
    }

    /** (current − previous) / previous × 100, HALF_UP to 2 places; null when previous is 0. */
    private static BigDecimal change(long current, long previous) {
        return previous == 0 ? null : BigDecimal.valueOf(current - previous).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(previous), 2, RoundingMode.HALF_UP);
    }

    /** The relative change of rate a/b against rate c/d from the exact fractions: (ad − cb) / cb × 100. */
    private static BigDecimal rateChange(long a, long b, long c, long d) {
        if (b == 0 || d == 0 || c == 0) {
            return null;
        }
        BigInteger ad = BigInteger.valueOf(a).multiply(BigInteger.valueOf(d));
        BigInteger cb = BigInteger.valueOf(c).multiply(BigInteger.valueOf(b));
        return new BigDecimal(ad.subtract(cb).multiply(BigInteger.valueOf(100)))
                .divide(new BigDecimal(cb), 2, RoundingMode.HALF_UP);
    }

    private static LocalDate bucketStart(LocalDate date, String granularity) {
        return switch (granularity) {
            case "day" -> date;
            case "week" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> date.withDayOfMonth(1);
            default -> throw new IllegalArgumentException(granularity);
        };
    }

    /** A bucket of the expected series: its own first day, its days inside the range, and its counts. */
    private record Bucket(LocalDate date, LocalDate start, LocalDate end, Tally tally) {
    }

    /** What one random request asks for. */
    private record Ask(String route, ZoneId zone, String granularity, String preset, LocalDate start, LocalDate end,
                       Map<String, String> filter, List<String> metrics, String segmentBy, List<UUID> campaigns) {

        LocalDate[] dates() {
            if (preset == null) {
                return new LocalDate[]{start, end};
            }
            LocalDate today = LocalDate.ofInstant(NOW, zone);
            return new LocalDate[]{today.minusDays(PRESET_DAYS.get(preset) - 1L), today};
        }

        String url() {
            StringBuilder q = new StringBuilder();
            q.append(route.equals("compare") ? "/compare?campaign_ids=" + campaigns.stream().map(UUID::toString)
                    .collect(Collectors.joining(","))
                    : "/campaigns/" + campaigns.get(0) + switch (route) {
                        case "report" -> "?";
                        case "segmented" -> "/segmented?segment_by=" + segmentBy + "&";
                        default -> "/" + route + "?";
                    });
            if (route.equals("compare")) {
                q.append('&');
            }
            q.append("tz=").append(zone.getId()).append("&group_by=").append(granularity);
            if (preset != null) {
                q.append("&date_range=").append(preset);
            } else {
                q.append("&start_date=").append(start).append("&end_date=").append(end);
            }
            filter.forEach((k, v) -> q.append('&').append(k).append('=').append(v));
            if (metrics != null) {
                q.append("&metrics=").append(String.join(",", metrics));
            }
            return q.toString();
        }
    }

    private static String dimension(Event e, String name) {
        return switch (name) {
            case "audience_segment" -> e.segment();
            case "channel" -> e.channel();
            case "device_type" -> e.device();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The breakdown row an event falls in: its value without surrounding whitespace, or "unknown" when it has none
     * or only whitespace. A filter selects the events of the row it names.
     */
    private static String row(Event e, String name) {
        String value = dimension(e, name);
        return value == null || value.isBlank() ? "unknown" : value.strip();
    }

    private static Predicate<Event> matching(Ask ask, UUID campaign) {
        return e -> e.campaign().equals(campaign)
                && ask.filter().entrySet().stream().allMatch(f -> f.getValue().equals(row(e, f.getKey())));
    }

    private static LocalDate localDate(Event e, ZoneId zone) {
        return e.at().atZone(zone).toLocalDate();
    }

    private static Tally total(List<Event> events, Predicate<Event> which, ZoneId zone, LocalDate from,
                               LocalDate to) {
        Tally t = new Tally();
        for (Event e : events) {
            LocalDate d = localDate(e, zone);
            if (which.test(e) && !d.isBefore(from) && !d.isAfter(to)) {
                t.add(e.type());
            }
        }
        return t;
    }

    private static List<Bucket> series(List<Event> events, Predicate<Event> which, Ask ask, LocalDate from,
                                       LocalDate to) {
        Map<LocalDate, Bucket> buckets = new LinkedHashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            LocalDate key = bucketStart(d, ask.granularity());
            LocalDate day = d;
            buckets.compute(key, (k, b) -> b == null ? new Bucket(k, day, day, new Tally())
                    : new Bucket(k, b.start(), day, b.tally()));
        }
        for (Event e : events) {
            LocalDate d = localDate(e, ask.zone());
            if (which.test(e) && !d.isBefore(from) && !d.isAfter(to)) {
                buckets.get(bucketStart(d, ask.granularity())).tally().add(e.type());
            }
        }
        return new ArrayList<>(buckets.values());
    }

    // ---- the random world ----

    private static List<Event> randomEvents(Random random, List<UUID> campaigns) {
        List<Instant> instants = new ArrayList<>();
        Instant yearStart = Instant.parse("2023-10-01T00:00:00Z");
        long span = Duration.between(yearStart, NOW).toMillis();
        for (int i = 0; i < 1500; i++) {
            instants.add(yearStart.plusMillis((long) (random.nextDouble() * span)));
        }
        for (ZoneId zone : ZONES) {
            // Around every offset change of 2024 in the zone, and around the starts of the days next to it.
            ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.parse("2024-01-01T00:00:00Z"));
            while (t != null && t.getInstant().isBefore(NOW)) {
                instants.add(t.getInstant());
                instants.add(t.getInstant().minusMillis(1));
                LocalDate day = t.getInstant().atZone(zone).toLocalDate();
                for (LocalDate d = day.minusDays(1); !d.isAfter(day.plusDays(1)); d = d.plusDays(1)) {
                    Instant midnight = d.atStartOfDay(zone).toInstant();
                    instants.add(midnight);
                    instants.add(midnight.minusMillis(1));
                }
                for (int k = 0; k < 12; k++) {
                    instants.add(t.getInstant().plus(random.nextInt(-300, 300), ChronoUnit.MINUTES));
                }
                t = zone.getRules().nextTransition(t.getInstant());
            }
            // Around the starts of random days, weeks and months, and of today.
            for (int k = 0; k < 40; k++) {
                LocalDate d = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(320));
                if (k % 4 == 1) {
                    d = d.withDayOfMonth(1);
                } else if (k % 4 == 2) {
                    d = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                }
                Instant midnight = d.atStartOfDay(zone).toInstant();
                instants.add(midnight.plusMillis(random.nextInt(-90, 90) * 60_000L + random.nextInt(-1, 2)));
            }
            Instant today = LocalDate.ofInstant(NOW, zone).atStartOfDay(zone).toInstant();
            instants.add(today);
            instants.add(today.minusMillis(1));
        }
        List<Event> events = new ArrayList<>();
        for (Instant at : instants) {
            if (at.isAfter(NOW)) {
                continue;
            }
            int copies = 1 + random.nextInt(3);
            for (int c = 0; c < copies; c++) {
                UUID campaign = campaigns.get(random.nextInt(campaigns.size()));
                events.add(new Event(campaign, TYPES[random.nextInt(TYPES.length)], at,
                        SEGMENTS[random.nextInt(SEGMENTS.length)], CHANNELS[random.nextInt(CHANNELS.length)],
                        DEVICES[random.nextInt(DEVICES.length)]));
            }
        }
        return events;
    }

    /** The local dates in 2024 on which the zone's offset changes. */
    private static List<LocalDate> offsetChangeDays(ZoneId zone) {
        List<LocalDate> days = new ArrayList<>();
        ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.parse("2024-01-01T00:00:00Z"));
        while (t != null && t.getInstant().isBefore(NOW)) {
            days.add(t.getInstant().atZone(zone).toLocalDate());
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return days;
    }

    private static Ask randomAsk(Random random, List<UUID> campaigns) {
        String route = List.of("report", "report", "summary", "daily", "segmented", "compare")
                .get(random.nextInt(6));
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        String granularity = GRANULARITIES[random.nextInt(GRANULARITIES.length)];
        String preset = null;
        LocalDate start = null;
        LocalDate end = null;
        if (random.nextInt(4) == 0) {
            preset = PRESETS[random.nextInt(PRESETS.length)];
        } else {
            int length = random.nextInt(5) == 0 ? random.nextInt(400) : random.nextInt(40);
            List<LocalDate> edges = offsetChangeDays(zone);
            if (!edges.isEmpty() && random.nextBoolean()) {
                // A range that starts or ends on, or next to, a day whose length is not 24 hours.
                LocalDate edge = edges.get(random.nextInt(edges.size())).plusDays(random.nextInt(-1, 2));
                start = random.nextBoolean() ? edge : edge.minusDays(length);
            } else {
                start = LocalDate.of(2023, 10, 1).plusDays(random.nextInt(420));
            }
            end = start.plusDays(length);
        }
        Map<String, String> filter = new TreeMap<>();
        if (random.nextInt(3) == 0) {
            filter.put("audience_segment", SEGMENT_FILTERS[random.nextInt(SEGMENT_FILTERS.length)]);
        }
        if (random.nextInt(3) == 0) {
            filter.put("channel", CHANNEL_FILTERS[random.nextInt(CHANNEL_FILTERS.length)]);
        }
        if (random.nextInt(4) == 0) {
            filter.put("device_type", DEVICE_FILTERS[random.nextInt(DEVICE_FILTERS.length)]);
        }
        List<String> metrics = null;
        if (random.nextInt(4) == 0) {
            metrics = new ArrayList<>();
            for (String m : METRICS) {
                if (random.nextBoolean()) {
                    metrics.add(m);
                }
            }
            if (metrics.isEmpty()) {
                metrics.add(METRICS[random.nextInt(METRICS.length)]);
            }
        }
        List<UUID> shuffled = new ArrayList<>(campaigns);
        java.util.Collections.shuffle(shuffled, random);
        List<UUID> asked = route.equals("compare") ? shuffled.subList(0, 2 + random.nextInt(shuffled.size() - 1))
                : List.of(shuffled.get(0));
        return new Ask(route, zone, granularity, preset, start, end, filter, metrics,
                DIMENSIONS[random.nextInt(DIMENSIONS.length)], List.copyOf(asked));
    }

    // ---- the property ----

    @Test
    void everyNumberOfEveryRandomReportEqualsAnIndependentCountOfTheRawEvents() {
        try (ApiServer api = ApiServer.start(db, HttpSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC))) {
            Random random = new Random(SEED);
            List<UUID> campaigns = List.of(api.campaign("A"), api.campaign("B"), api.campaign("C"));
            List<Event> events = randomEvents(random, campaigns);
            importAll(api, events);
            assertThat(api.allStoredEvents()).isEqualTo(events.size());

            int withEvents = 0;
            for (int i = 0; i < REPORTS; i++) {
                Ask ask = randomAsk(random, campaigns);
                LocalDate[] dates = ask.dates();
                if (total(events, matching(ask, ask.campaigns().get(0)), ask.zone(), dates[0], dates[1]).views > 0) {
                    withEvents++;
                }
                Reply reply = api.get(ANALYTICS + ask.url()).asSuperAdmin().send();
                String where = "seed " + SEED + ", report " + i + ": GET " + ask.url() + " -> ";
                if (reply.status() != 200) {
                    fail(where + reply);
                }
                JsonNode data = exact(reply).get("data");
                try {
                    check(ask, data, events);
                } catch (AssertionError e) {
                    throw new AssertionError(where + e.getMessage(), e);
                }
            }
            // Reports of nothing would agree with any implementation: most must count something.
            assertThat(withEvents).as("reports that count views").isGreaterThan(REPORTS / 2);
        }
    }

    private static void check(Ask ask, JsonNode data, List<Event> events) {
        LocalDate[] dates = ask.dates();
        LocalDate from = dates[0];
        LocalDate to = dates[1];
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        LocalDate previousTo = from.minusDays(1);
        LocalDate previousFrom = previousTo.minusDays(days - 1);
        checkRange(data.get("range"), ask, from, to, previousFrom, previousTo);
        Predicate<Event> mine = matching(ask, ask.campaigns().get(0));
        switch (ask.route()) {
            case "report" -> {
                Tally current = total(events, mine, ask.zone(), from, to);
                Tally previous = total(events, mine, ask.zone(), previousFrom, previousTo);
                checkTotals(data.get("summary"), current, "summary");
                checkSeries(data.get("daily_stats"), series(events, mine, ask, from, to), ask.metrics());
                checkChange(data.get("period_change"), current, previous);
            }
            case "summary" -> {
                Tally current = total(events, mine, ask.zone(), from, to);
                checkTotals(data.get("summary"), current, "summary");
                List<Instant> times = events.stream().filter(mine)
                        .filter(e -> !localDate(e, ask.zone()).isBefore(from)
                                && !localDate(e, ask.zone()).isAfter(to))
                        .map(Event::at).sorted().toList();
                checkInstant(data.get("summary").get("first_event"), times.isEmpty() ? null : times.get(0));
                checkInstant(data.get("summary").get("last_event"),
                        times.isEmpty() ? null : times.get(times.size() - 1));
            }
            case "daily" -> checkSeries(data.get("daily_stats"), series(events, mine, ask, from, to), ask.metrics());
            case "segmented" -> checkSegmented(data, events, mine, ask, from, to);
            case "compare" -> checkComparison(data.get("comparison"), events, ask, from, to);
            default -> throw new IllegalStateException(ask.route());
        }
    }

    private static void checkRange(JsonNode range, Ask ask, LocalDate from, LocalDate to, LocalDate previousFrom,
                                   LocalDate previousTo) {
        assertThat(range.get("start_date").asText()).as("range.start_date").isEqualTo(from.toString());
        assertThat(range.get("end_date").asText()).as("range.end_date").isEqualTo(to.toString());
        assertThat(range.get("previous_start_date").asText()).as("range.previous_start_date")
                .isEqualTo(previousFrom.toString());
        assertThat(range.get("previous_end_date").asText()).as("range.previous_end_date")
                .isEqualTo(previousTo.toString());
        assertThat(range.get("tz").asText()).as("range.tz").isEqualTo(ask.zone().getId());
        assertThat(range.get("group_by").asText()).as("range.group_by").isEqualTo(ask.granularity());
    }

    private static void checkDecimal(JsonNode node, BigDecimal expected, String what) {
        if (expected == null) {
            assertThat(node.isNull()).as("%s is null, got %s", what, node).isTrue();
        } else {
            assertThat(node.isBigDecimal()).as("%s is a decimal, got %s", what, node).isTrue();
            // equals, not compareTo: the scale of 2 is part of the answer
            assertThat(node.decimalValue()).as(what).isEqualTo(expected);
        }
    }

    private static void checkInstant(JsonNode node, Instant expected) {
        if (expected == null) {
            assertThat(node.isNull()).as("no event, got %s", node).isTrue();
        } else {
            assertThat(Instant.parse(node.asText())).isEqualTo(expected);
        }
    }

    private static void checkTotals(JsonNode s, Tally t, String what) {
        assertThat(s.get("total_views").asLong()).as(what + ".total_views").isEqualTo(t.views);
        assertThat(s.get("total_clicks").asLong()).as(what + ".total_clicks").isEqualTo(t.clicks);
        assertThat(s.get("total_conversions").asLong()).as(what + ".total_conversions").isEqualTo(t.conversions);
        assertThat(s.get("total_impressions").asLong()).as(what + ".total_impressions").isEqualTo(t.impressions);
        checkDecimal(s.get("click_through_rate"), percent(t.clicks, t.views), what + ".click_through_rate");
        checkDecimal(s.get("conversion_rate"), percent(t.conversions, t.clicks), what + ".conversion_rate");
        if (s.has("click_through_rate_ci")) {
            checkInterval(s.get("click_through_rate_ci"), Rate.of(t.clicks, t.views), what + ".ctr_ci");
            checkInterval(s.get("conversion_rate_ci"), Rate.of(t.conversions, t.clicks), what + ".cr_ci");
        }
    }

    private static void checkInterval(JsonNode node, Rate rate, String what) {
        WilsonInterval i = WilsonInterval.of95(rate);
        if (i == null) {
            assertThat(node.isNull()).as(what).isTrue();
        } else {
            checkDecimal(node.get("lower"), i.lowerPercent(), what + ".lower");
            checkDecimal(node.get("upper"), i.upperPercent(), what + ".upper");
        }
    }

    private static void checkSignificance(JsonNode node, Rate a, Rate b, String what) {
        checkSignificance(node, Significance.test(a, b), what);
    }

    private static void checkSignificance(JsonNode node, Significance s, String what) {
        if (s == null) {
            assertThat(node.isNull()).as("%s is null, got %s", what, node).isTrue();
        } else {
            checkDecimal(node.get("z"), s.roundedZ(), what + ".z");
            checkDecimal(node.get("p_value"), s.roundedPValue(), what + ".p_value");
            assertThat(node.get("significant").asBoolean()).as(what + ".significant").isEqualTo(s.significant());
        }
    }

    private static void checkSeries(JsonNode items, List<Bucket> expected, List<String> metrics) {
        assertThat(items.size()).as("number of buckets").isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Bucket b = expected.get(i);
            JsonNode item = items.get(i);
            String what = "bucket " + b.date();
            assertThat(item.get("date").asText()).as(what + ".date").isEqualTo(b.date().toString());
            assertThat(item.get("start_date").asText()).as(what + ".start_date").isEqualTo(b.start().toString());
            assertThat(item.get("end_date").asText()).as(what + ".end_date").isEqualTo(b.end().toString());
            List<String> shown = metrics == null ? List.of(METRICS) : metrics;
            assertThat(item.size()).as(what + " fields").isEqualTo(3 + shown.size());
            for (String m : shown) {
                switch (m) {
                    case "click_through_rate" -> checkDecimal(item.get(m), percent(b.tally().clicks,
                            b.tally().views), what + "." + m);
                    case "conversion_rate" -> checkDecimal(item.get(m), percent(b.tally().conversions,
                            b.tally().clicks), what + "." + m);
                    default -> assertThat(item.get(m).asLong()).as(what + "." + m).isEqualTo(b.tally().of(m));
                }
            }
        }
    }

    private static void checkChange(JsonNode c, Tally cur, Tally prev) {
        checkDecimal(c.get("views"), change(cur.views, prev.views), "period_change.views");
        checkDecimal(c.get("clicks"), change(cur.clicks, prev.clicks), "period_change.clicks");
        checkDecimal(c.get("conversions"), change(cur.conversions, prev.conversions), "period_change.conversions");
        checkDecimal(c.get("impressions"), change(cur.impressions, prev.impressions), "period_change.impressions");
        checkDecimal(c.get("ctr"), rateChange(cur.clicks, cur.views, prev.clicks, prev.views), "period_change.ctr");
        checkDecimal(c.get("conversion_rate"), rateChange(cur.conversions, cur.clicks, prev.conversions,
                prev.clicks), "period_change.conversion_rate");
        checkSignificance(c.get("ctr_significance"), Rate.of(cur.clicks, cur.views), Rate.of(prev.clicks,
                prev.views), "period_change.ctr_significance");
        checkSignificance(c.get("conversion_rate_significance"), Rate.of(cur.conversions, cur.clicks),
                Rate.of(prev.conversions, prev.clicks), "period_change.conversion_rate_significance");
        checkSignificance(c.get("views_significance"), Significance.ofCounts(cur.views, prev.views),
                "period_change.views_significance");
        checkSignificance(c.get("clicks_significance"), Significance.ofCounts(cur.clicks, prev.clicks),
                "period_change.clicks_significance");
        checkSignificance(c.get("conversions_significance"),
                Significance.ofCounts(cur.conversions, prev.conversions), "period_change.conversions_significance");
        checkSignificance(c.get("impressions_significance"),
                Significance.ofCounts(cur.impressions, prev.impressions), "period_change.impressions_significance");
    }

    private static void checkSegmented(JsonNode data, List<Event> events, Predicate<Event> mine, Ask ask,
                                       LocalDate from, LocalDate to) {
        Map<String, Tally> totals = new TreeMap<>();
        for (Event e : events) {
            LocalDate d = localDate(e, ask.zone());
            if (mine.test(e) && !d.isBefore(from) && !d.isAfter(to)) {
                totals.computeIfAbsent(row(e, ask.segmentBy()), v -> new Tally()).add(e.type());
            }
        }
        List<String> order = totals.keySet().stream()
                .sorted(Comparator.comparingLong((String v) -> totals.get(v).views).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        assertThat(data.get("segment_by").asText()).isEqualTo(ask.segmentBy());
        JsonNode rows = data.get("segment_totals");
        assertThat(rows.findValuesAsText("segment")).as("segments by views descending").isEqualTo(order);
        for (int i = 0; i < order.size(); i++) {
            checkTotals(rows.get(i), totals.get(order.get(i)), "segment_totals." + order.get(i));
        }
        JsonNode stats = data.get("segmented_stats");
        assertThat(stats.size()).as("segmented_stats").isEqualTo(order.size());
        for (String value : order) {
            Predicate<Event> ofValue = mine.and(e -> value.equals(row(e, ask.segmentBy())));
            checkSeries(stats.get(value), series(events, ofValue, ask, from, to), ask.metrics());
        }
    }

    private static void checkComparison(JsonNode rows, List<Event> events, Ask ask, LocalDate from, LocalDate to) {
        assertThat(rows.size()).isEqualTo(ask.campaigns().size());
        Tally first = total(events, matching(ask, ask.campaigns().get(0)), ask.zone(), from, to);
        for (int i = 0; i < ask.campaigns().size(); i++) {
            UUID campaign = ask.campaigns().get(i);
            JsonNode row = rows.get(i);
            Tally t = total(events, matching(ask, campaign), ask.zone(), from, to);
            assertThat(row.get("campaign_id").asText()).isEqualTo(campaign.toString());
            checkTotals(row, t, "comparison." + i);
            if (i == 0) {
                assertThat(row.get("ctr_vs_first").isNull()).isTrue();
                assertThat(row.get("conversion_rate_vs_first").isNull()).isTrue();
            } else {
                checkSignificance(row.get("ctr_vs_first"), Rate.of(t.clicks, t.views),
                        Rate.of(first.clicks, first.views), "comparison." + i + ".ctr_vs_first");
                checkSignificance(row.get("conversion_rate_vs_first"), Rate.of(t.conversions, t.clicks),
                        Rate.of(first.conversions, first.clicks), "comparison." + i + ".conversion_rate_vs_first");
            }
        }
    }
}
