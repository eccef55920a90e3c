package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.app.http.Exports.Download;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.campaignanalytics.app.http.Exports.csv;
import static dev.campaignanalytics.app.http.Exports.download;
import static dev.campaignanalytics.app.http.ReportFixtures.ANALYTICS;
import static dev.campaignanalytics.app.http.ReportFixtures.IMPORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "unknown" has one meaning on every route: the breakdown's {@code unknown} row counts the events without a value
 * (never sent, sent empty or blank) and those sent as the text {@code unknown}, and the filter {@code unknown} selects
 * exactly those events, on the rollup-served reports and on the raw-event export alike. Events go in through the
 * single, batch and import routes, each value in all three dimensions at once.
 */
class UnknownDimensionValuesTest {
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final Instant AT = Instant.parse("2024-06-01T10:00:00Z");
    private static final String RANGE = "start_date=2024-06-01&end_date=2024-06-01&tz=UTC";
    private static final String TRACK = "/v1/marketing/track-event";
    private static final String BATCH = "/v1/marketing/track-events";
    /** Events counted in the unknown row: no value, the text unknown, empty and blank values. */
    private static final long UNKNOWN_ROW = 6;

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private static UUID campaign;
    private static UUID other;

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db, HttpSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @BeforeEach
    void eventsWithAndWithoutValues() {
        campaign = api.campaign("Values");
        other = api.campaign("Other values");
        // One view per value, in every dimension; null is a field not sent at all.
        accepted(api.post(TRACK).json(view(campaign, null).toString()).send());
        accepted(api.post(TRACK).json(view(campaign, "unknown").toString()).send());
        accepted(api.post(TRACK).json(view(campaign, "").toString()).send());
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        ArrayNode events = batch.putArray("events");
        for (String value : new String[] {"   ", "\t", "vip", "vip", " vip ", "Unknown"}) {
            events.add(view(campaign, value));
        }
        events.add(view(other, "unknown"));
        accepted(api.post(BATCH).json(batch.toString()).send());
        String ndjson = view(campaign, " ") + "\n" + view(campaign, "new") + "\n";
        Reply imported = api.post(IMPORT).asSuperAdmin().body("application/x-ndjson", ndjson).send();
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.data().get("accepted").asLong()).isEqualTo(2);
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    private static ObjectNode view(UUID campaign, String value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("campaign_id", campaign.toString());
        o.put("event_type", "view");
        o.put("occurred_at", AT.toString());
        if (value != null) {
            o.put("audience_segment", value);
            o.put("channel", value);
            o.put("device_type", value);
        }
        return o;
    }

    private static void accepted(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isIn(200, 201, 202);
    }

    private static JsonNode ok(String path) {
        Reply reply = api.get(ANALYTICS + path).asSuperAdmin().send();
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.data();
    }

    private static String filter(String dimension, String value) {
        return dimension + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The breakdown's rows by name, with their views. */
    private static Map<String, Long> breakdown(String dimension) {
        Map<String, Long> rows = new LinkedHashMap<>();
        ok("/campaigns/" + campaign + "/segmented?segment_by=" + dimension + "&" + RANGE).get("segment_totals")
                .forEach(t -> rows.put(t.get("segment").asText(), t.get("total_views").asLong()));
        return rows;
    }

    /** The views that every filtering route counts for one filter, by route. */
    private static Map<String, Long> viewsFilteredBy(String dimension, String value) {
        String f = filter(dimension, value);
        Map<String, Long> views = new LinkedHashMap<>();
        views.put("report", ok("/campaigns/" + campaign + "?" + RANGE + "&" + f).get("summary").get("total_views")
                .asLong());
        views.put("summary", ok("/campaigns/" + campaign + "/summary?" + RANGE + "&" + f).get("summary")
                .get("total_views").asLong());
        long daily = 0;
        for (JsonNode day : ok("/campaigns/" + campaign + "/daily?" + RANGE + "&" + f).get("daily_stats")) {
            daily += day.get("views").asLong();
        }
        views.put("daily", daily);
        for (JsonNode row : ok("/compare?campaign_ids=" + campaign + "," + other + "&" + RANGE + "&" + f)
                .get("comparison")) {
            if (row.get("campaign_id").asText().equals(campaign.toString())) {
                views.put("compare", row.get("total_views").asLong());
            }
        }
        // A breakdown by another dimension under the same filter: its rows add up to the filtered events.
        String by = dimension.equals("channel") ? "device_type" : "channel";
        long segmented = 0;
        for (JsonNode t : ok("/campaigns/" + campaign + "/segmented?segment_by=" + by + "&" + RANGE + "&" + f)
                .get("segment_totals")) {
            segmented += t.get("total_views").asLong();
        }
        views.put("segmented", segmented);
        List<List<String>> dailyCsv = csvExport("type=daily&campaign_id=" + campaign + "&" + RANGE + "&" + f);
        views.put("csv daily", Long.parseLong(dailyCsv.get(1).get(dailyCsv.get(0).indexOf("Views"))));
        views.put("csv events", (long) csvExport("type=events&campaign_id=" + campaign + "&" + RANGE + "&" + f)
                .size() - 1);
        return views;
    }

    private static List<List<String>> csvExport(String query) {
        Download d = download(api, query, ApiServer.superAdmin());
        assertThat(d.status()).as(d.toString()).isEqualTo(200);
        return csv(d.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"audience_segment", "channel", "device_type"})
    void theFilterUnknownCountsExactlyTheBreakdownsUnknownRowOnEveryRoute(String dimension) {
        Map<String, Long> rows = breakdown(dimension);

        // No value, the text unknown, "" and blank values: one row; " vip " is vip; Unknown is a value of its own.
        assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of("unknown", UNKNOWN_ROW, "vip", 3L, "Unknown", 1L,
                "new", 1L));
        assertThat(viewsFilteredBy(dimension, "unknown")).allSatisfy((route, views) ->
                assertThat(views).as(route).isEqualTo(UNKNOWN_ROW));
        assertThat(viewsFilteredBy(dimension, "vip")).allSatisfy((route, views) ->
                assertThat(views).as(route).isEqualTo(3L));
    }

    @Test
    void theSegmentedCsvExportHasTheSameUnknownRowAsTheBreakdown() {
        List<List<String>> rows = csvExport("type=segmented&segment_by=channel&campaign_id=" + campaign + "&"
                + RANGE);
        int views = rows.get(0).indexOf("Views");
        Map<String, Long> byChannel = new LinkedHashMap<>();
        rows.subList(1, rows.size()).forEach(r -> byChannel.put(r.get(1), Long.parseLong(r.get(views))));

        assertThat(byChannel).isEqualTo(breakdown("channel"));
    }

    @Test
    void theEventsExportShowsBlankValuesAsEmptyCellsAndValuesWithoutSurroundingWhitespace() {
        List<List<String>> rows = csvExport("type=events&campaign_id=" + campaign + "&" + RANGE + "&"
                + filter("audience_segment", "unknown"));
        int segment = rows.get(0).indexOf("audience_segment");

        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(segment))
                .containsExactlyInAnyOrder("", "unknown", "", "", "", "");
        List<List<String>> vip = csvExport("type=events&campaign_id=" + campaign + "&" + RANGE + "&"
                + filter("audience_segment", "vip"));
        assertThat(vip.subList(1, vip.size())).extracting(r -> r.get(segment)).containsOnly("vip").hasSize(3);
    }

    @Test
    void valuesAreCaseSensitiveSoUnknownInCapitalsIsAValueOfItsOwn() {
        assertThat(viewsFilteredBy("device_type", "Unknown")).allSatisfy((route, views) ->
                assertThat(views).as(route).isEqualTo(1L));
        assertThat(ok("/campaigns/" + campaign + "/summary?" + RANGE + "&channel=UNKNOWN").get("summary")
                .get("total_views").asLong()).isZero();
    }

    @Test
    void surroundingWhitespaceInAFilterIsIgnoredAsAtIngest() {
        assertThat(ok("/campaigns/" + campaign + "/summary?" + RANGE + "&" + filter("audience_segment", " vip "))
                .get("summary").get("total_views").asLong()).isEqualTo(3);
        assertThat(ok("/campaigns/" + campaign + "/summary?" + RANGE + "&" + filter("channel", " unknown\t"))
                .get("summary").get("total_views").asLong()).isEqualTo(UNKNOWN_ROW);
    }

    @Test
    void anEmptyOrBlankFilterIsRefusedNamingItOnReportsAndExports() {
        for (String path : new String[] {"/campaigns/" + campaign + "?", "/campaigns/" + campaign + "/summary?"}) {
            Reply blank = api.get(ANALYTICS + path + RANGE + "&channel=%20%20").asSuperAdmin().send();
            assertThat(blank.status()).as(blank.toString()).isEqualTo(400);
            assertThat(blank.errorFields()).containsExactly("channel");
            Reply empty = api.get(ANALYTICS + path + RANGE + "&device_type=").asSuperAdmin().send();
            assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
            assertThat(empty.errorFields()).containsExactly("device_type");
        }
        for (String f : new String[] {"audience_segment=", "audience_segment=%09"}) {
            Download d = download(api, "type=events&campaign_id=" + campaign + "&" + RANGE + "&" + f,
                    ApiServer.superAdmin());
            assertThat(d.status()).as(d.toString()).isEqualTo(400);
            assertThat(d.text()).contains("\"field\":\"audience_segment\"");
        }
    }
}
