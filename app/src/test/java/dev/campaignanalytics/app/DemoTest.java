package dev.campaignanalytics.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code demo}: what its sample looks like, and that the server serves it once loaded. */
class DemoTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final String SECRET = "demo-test-secret-0123456789-abcdefghijklmnopqrstuv";
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 3, 31);
    private static final Instant AFTER_ALL = Instant.parse("2030-01-01T00:00:00Z");

    /** Counts of one campaign's sample. */
    private static final class Tally {
        final Map<EventType, Long> types = new EnumMap<>(EventType.class);
        final Map<String, Long> channels = new HashMap<>();
        final Map<String, Long> devices = new HashMap<>();
        final Set<String> segments = new HashSet<>();

        long of(EventType t) {
            return types.getOrDefault(t, 0L);
        }

        double share(Map<String, Long> mix, String value) {
            long all = mix.values().stream().mapToLong(Long::longValue).sum();
            return (double) mix.getOrDefault(value, 0L) / all;
        }
    }

    @Test
    void theSampleHasSixCampaignsOverNinetyDaysWithAFunnelOwnMixesSeasonalityAndRecentChanges() {
        DemoSample sample = new DemoSample(LAST_DAY, 200_000, DemoRun.SEED);
        long all = 0;
        long[] byHour = new long[24];
        Map<DayOfWeek, Long> byWeekday = new EnumMap<>(DayOfWeek.class);
        Set<LocalDate> days = new HashSet<>();
        Tally[] tallies = new Tally[DemoSample.CAMPAIGNS.size()];
        for (int c = 0; c < tallies.length; c++) {
            Tally t = tallies[c] = new Tally();
            CampaignId id = new CampaignId(UUID.randomUUID());
            for (int back = 0; back < DemoSample.DAYS; back++) {
                for (TrackedEvent e : sample.events(c, id, back, AFTER_ALL)) {
                    all++;
                    t.types.merge(e.type(), 1L, Long::sum);
                    t.channels.merge(e.dimensions().channel(), 1L, Long::sum);
                    t.devices.merge(e.dimensions().deviceType(), 1L, Long::sum);
                    t.segments.add(e.dimensions().audienceSegment());
                    if (e.type() == EventType.IMPRESSION) {
                        var at = e.occurredAt().atZone(ZoneOffset.UTC);
                        byHour[at.getHour()]++;
                        byWeekday.merge(at.getDayOfWeek(), 1L, Long::sum);
                        days.add(at.toLocalDate());
                    }
                }
            }
        }

        assertThat(tallies.length).isGreaterThanOrEqualTo(5);
        assertThat(all).isBetween(180_000L, 220_000L);
        assertThat(days).hasSize(90).contains(LAST_DAY, LAST_DAY.minusDays(89));
        for (Tally t : tallies) {
            // impressions ≫ views ≫ clicks ≫ conversions: each step well below the one before
            assertThat(t.of(EventType.VIEW)).isPositive().isLessThan(t.of(EventType.IMPRESSION) / 2);
            assertThat(t.of(EventType.CLICK)).isPositive().isLessThan(t.of(EventType.VIEW) / 5);
            assertThat(t.of(EventType.CONVERSION)).isPositive().isLessThan(t.of(EventType.CLICK) / 3);
            assertThat(t.segments).hasSizeGreaterThanOrEqualTo(2);
        }
        // mixes differ: the main channel and the mobile share vary between campaigns
        Set<String> mainChannels = new HashSet<>();
        for (Tally t : tallies) {
            mainChannels.add(t.channels.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
        }
        assertThat(mainChannels).hasSizeGreaterThanOrEqualTo(4);
        double[] mobile = java.util.Arrays.stream(tallies).mapToDouble(t -> t.share(t.devices, "mobile")).sorted()
                .toArray();
        assertThat(mobile[mobile.length - 1] - mobile[0]).isGreaterThan(0.3);
        // daily rhythm: the evening peak is several times the small hours
        assertThat(byHour[20]).isGreaterThan(4 * byHour[3]);
        // weekly rhythm: a weekend day has clearly less traffic than a midweek day
        assertThat(byWeekday.get(DayOfWeek.SATURDAY) + byWeekday.get(DayOfWeek.SUNDAY))
                .isLessThan((long) (0.8 * (byWeekday.get(DayOfWeek.WEDNESDAY) + byWeekday.get(DayOfWeek.THURSDAY))));
        // changes between the last two 7-day periods (the reports' default range): Spring Sale's click-through up,
        // Retargeting's conversions down; counted on a larger sample of just those weeks
        DemoSample large = new DemoSample(LAST_DAY, 2_000_000, DemoRun.SEED);
        assertThat(ctr(week(large, 0, 0)) / ctr(week(large, 0, 1))).isGreaterThan(1.3);
        assertThat(conversionRate(week(large, 2, 0)) / conversionRate(week(large, 2, 1))).isLessThan(0.7);
        // the same day of the same campaign is always the same events (a cut-short load goes on without duplicates)
        CampaignId id = new CampaignId(UUID.randomUUID());
        assertThat(sample.events(1, id, 5, AFTER_ALL)).isEqualTo(sample.events(1, id, 5, AFTER_ALL));
    }

    /** The counts by type of campaign {@code c} in the {@code weeksBack}-th 7-day period before the last day. */
    private static Map<EventType, Long> week(DemoSample sample, int c, int weeksBack) {
        assertThat(DemoSample.CHANGED_DAYS).isEqualTo(7);
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        CampaignId id = new CampaignId(UUID.randomUUID());
        for (int back = 7 * weeksBack; back < 7 * weeksBack + 7; back++) {
            for (TrackedEvent e : sample.events(c, id, back, AFTER_ALL)) {
                counts.merge(e.type(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static double ctr(Map<EventType, Long> counts) {
        return (double) counts.get(EventType.CLICK) / counts.get(EventType.VIEW);
    }

    private static double conversionRate(Map<EventType, Long> counts) {
        return (double) counts.get(EventType.CONVERSION) / counts.get(EventType.CLICK);
    }

    @Test
    void theServerServesTheLoadedSampleAndASecondRunReusesItWithoutLoadingAgain(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = DatabaseVariables.of(db);
        env.put("ANALYTICS_DATA_DIR", dir.toString());
        env.put("ANALYTICS_HTTP_HOST", "127.0.0.1");
        env.put("ANALYTICS_HTTP_PORT", "0");
        env.put("ANALYTICS_JWT_SECRET", SECRET);
        AppConfig config = AppConfig.fromEnvironment(env);
        StringWriter out = new StringWriter();
        List<CampaignId> campaigns;
        long stored;
        try (DemoRun run = DemoRun.start(config, 20_000, Clock.systemUTC(), new PrintWriter(out, true),
                Duration.ofSeconds(1))) {
            run.loaded().get(120, TimeUnit.SECONDS);
            campaigns = run.campaigns();
            stored = run.accepted();
            assertThat(campaigns).hasSize(6);
            assertThat(stored).isBetween(15_000L, 25_000L);
            assertThat(DashboardLink.of("0.0.0.0", run.app().port(), run.app().localAdminToken()))
                    .startsWith("http://localhost:" + run.app().port() + "/#token=ey");

            long served = 0;
            String range = "start_date=" + run.sample().firstDay() + "&end_date=" + run.sample().lastDay();
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            for (CampaignId c : campaigns) {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + run.app().port() + "/v1/marketing/admin/analytics/campaigns/" + c + "?" + range))
                        .header("Authorization", "Bearer " + run.app().localAdminToken()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                JsonNode s = json.readTree(reply.body()).get("data").get("summary");
                assertThat(s.get("total_impressions").asLong()).isPositive();
                assertThat(s.get("total_views").asLong()).isPositive();
                served += s.get("total_impressions").asLong() + s.get("total_views").asLong()
                        + s.get("total_clicks").asLong() + s.get("total_conversions").asLong();
            }
            assertThat(served).as("the reports count every stored event").isEqualTo(stored);
        }
        assertThat(out.toString()).contains("Demo: sample loaded: ");

        StringWriter again = new StringWriter();
        try (DemoRun run = DemoRun.start(config, 20_000, Clock.systemUTC(), new PrintWriter(again, true),
                Duration.ofSeconds(1))) {
            assertThat(run.loaded()).isCompleted();
            assertThat(run.campaigns()).isEqualTo(campaigns);
            assertThat(run.accepted()).isZero();
        }
        assertThat(again.toString()).contains("the sample is loaded already");
    }

    @Test
    void theDemoNeverUsesTheConfiguredDatabaseButAnEmbeddedOneInItsOwnDirectory() {
        AppConfig config = DemoCommand.config(Map.of("ANALYTICS_DB_URL", "jdbc:postgresql://prod/analytics",
                "ANALYTICS_DB_USER", "prod", "ANALYTICS_DATA_DIR", "/var/lib/analytics"), Path.of("data-demo"));
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.dbUser()).isNull();
        assertThat(config.dataDir()).isEqualTo(Path.of("data-demo"));
    }
}
