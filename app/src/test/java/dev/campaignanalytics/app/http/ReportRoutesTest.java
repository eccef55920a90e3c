package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.app.http.ReportFixtures.Event;
import dev.campaignanalytics.core.domain.Rate;
import dev.campaignanalytics.core.domain.Significance;
import dev.campaignanalytics.core.domain.WilsonInterval;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.campaignanalytics.app.http.ReportFixtures.ANALYTICS;
import static dev.campaignanalytics.app.http.ReportFixtures.exact;
import static dev.campaignanalytics.app.http.ReportFixtures.importAll;
import static dev.campaignanalytics.app.http.ReportFixtures.times;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report routes over HTTP, on the real core and PostgreSQL, with "now" pinned at 2024-06-01T02:00Z (still
 * 2024-05-31 in Los Angeles).
 */
class ReportRoutesTest {
    static final Instant NOW = Instant.parse("2024-06-01T02:00:00Z");
    private static final String MAY_1_TO_7 = "start_date=2024-05-01&end_date=2024-05-07";

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private UUID campaign;

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db, HttpSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    @BeforeEach
    void aCampaign() {
        campaign = api.campaign("Spring sale");
    }

    private static Reply get(String path) {
        return api.get(ANALYTICS + path).asSuperAdmin().send();
    }

    private static JsonNode ok(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode body = exact(reply);
        assertThat(body.get("success").asBoolean()).isTrue();
        return body.get("data");
    }

    private Event at(String type, String instant) {
        return Event.of(campaign, type, Instant.parse(instant));
    }

    private static void assertDecimal(JsonNode node, String expected) {
        assertThat(node.isBigDecimal()).as("%s is a decimal", node).isTrue();
        assertThat(node.decimalValue()).isEqualTo(new BigDecimal(expected));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** 31 views, 9 clicks, 2 conversions and 40 impressions in May 1–7; 30, 8, 4 and 0 in April 24–30. */
    private void springSale() {
        List<Event> events = new ArrayList<>();
        events.addAll(times(20, at("view", "2024-05-01T00:00:00Z")));
        events.addAll(times(5, at("click", "2024-05-01T09:30:00Z")));
        events.addAll(times(1, at("conversion", "2024-05-01T10:00:00Z")));
        events.addAll(times(40, at("impression", "2024-05-01T23:59:59Z")));
        events.addAll(times(11, at("view", "2024-05-07T23:59:59.999Z")));
        events.addAll(times(4, at("click", "2024-05-03T12:00:00Z")));
        events.addAll(times(1, at("conversion", "2024-05-03T12:00:01Z")));
        events.addAll(times(30, at("view", "2024-04-24T00:00:00Z")));
        events.addAll(times(8, at("click", "2024-04-28T12:00:00Z")));
        events.addAll(times(4, at("conversion", "2024-04-30T23:59:59Z")));
        // Outside both periods: counted nowhere.
        events.add(at("view", "2024-05-08T00:00:00Z"));
        events.add(at("click", "2024-04-23T23:59:59Z"));
        importAll(api, events);
    }

    // ---- the full report ----

    @Test
    void fullReportCarriesCampaignRangeSummarySeriesAndPeriodChange() {
        springSale();

        JsonNode data = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7));

        assertThat(fieldNames(data)).contains("campaign", "range", "summary", "daily_stats", "period_change");
        JsonNode c = data.get("campaign");
        assertThat(c.get("id").asText()).isEqualTo(campaign.toString());
        assertThat(c.get("campaign_name").asText()).isEqualTo("Spring sale");
        assertThat(c.get("template_type").isNull()).isTrue();
        assertThat(c.get("is_active").asBoolean()).isTrue();
        assertThat(c.get("created_at").asText()).endsWith("Z");

        JsonNode range = data.get("range");
        assertThat(range.get("start_date").asText()).isEqualTo("2024-05-01");
        assertThat(range.get("end_date").asText()).isEqualTo("2024-05-07");
        assertThat(range.get("previous_start_date").asText()).isEqualTo("2024-04-24");
        assertThat(range.get("previous_end_date").asText()).isEqualTo("2024-04-30");
        assertThat(range.get("tz").asText()).isEqualTo("UTC");
        assertThat(range.get("group_by").asText()).isEqualTo("day");

        JsonNode s = data.get("summary");
        assertThat(s.get("total_views").asLong()).isEqualTo(31);
        assertThat(s.get("total_clicks").asLong()).isEqualTo(9);
        assertThat(s.get("total_conversions").asLong()).isEqualTo(2);
        assertThat(s.get("total_impressions").asLong()).isEqualTo(40);
        assertDecimal(s.get("click_through_rate"), "29.03");
        assertDecimal(s.get("conversion_rate"), "22.22");
        WilsonInterval ctrCi = WilsonInterval.of95(Rate.of(9, 31));
        assertDecimal(s.get("click_through_rate_ci").get("lower"), ctrCi.lowerPercent().toPlainString());
        assertDecimal(s.get("click_through_rate_ci").get("upper"), ctrCi.upperPercent().toPlainString());
        assertThat(s.get("click_through_rate_ci").get("lower").decimalValue()).isBetween(
                new BigDecimal("16.00"), new BigDecimal("17.00"));
        WilsonInterval convCi = WilsonInterval.of95(Rate.of(2, 9));
        assertDecimal(s.get("conversion_rate_ci").get("upper"), convCi.upperPercent().toPlainString());

        JsonNode days = data.get("daily_stats");
        assertThat(days).hasSize(7);
        JsonNode may1 = days.get(0);
        assertThat(fieldNames(may1)).containsExactly("date", "start_date", "end_date", "views", "clicks",
                "conversions", "impressions", "click_through_rate", "conversion_rate");
        assertThat(may1.get("date").asText()).isEqualTo("2024-05-01");
        assertThat(may1.get("start_date").asText()).isEqualTo("2024-05-01");
        assertThat(may1.get("end_date").asText()).isEqualTo("2024-05-01");
        assertThat(may1.get("views").asLong()).isEqualTo(20);
        assertThat(may1.get("clicks").asLong()).isEqualTo(5);
        assertThat(may1.get("conversions").asLong()).isEqualTo(1);
        assertThat(may1.get("impressions").asLong()).isEqualTo(40);
        assertDecimal(may1.get("click_through_rate"), "25.00");
        assertDecimal(may1.get("conversion_rate"), "20.00");
        JsonNode may2 = days.get(1);
        assertThat(may2.get("date").asText()).isEqualTo("2024-05-02");
        assertThat(may2.get("views").asLong()).isZero();
        assertThat(may2.get("click_through_rate").isNull()).isTrue();
        assertThat(may2.get("conversion_rate").isNull()).isTrue();
        assertThat(days.get(6).get("views").asLong()).isEqualTo(11);

        JsonNode change = data.get("period_change");
        assertDecimal(change.get("views"), "3.33");
        assertDecimal(change.get("clicks"), "12.50");
        assertDecimal(change.get("conversions"), "-50.00");
        assertThat(change.get("impressions").isNull()).isTrue();
        assertDecimal(change.get("ctr"), "8.87");
        assertDecimal(change.get("conversion_rate"), "-55.56");
    }

    @Test
    void periodChangeCarriesTheCoresSignificanceOfEachRateChange() {
        springSale();

        JsonNode change = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7)).get("period_change");

        // 9 of 31 against 8 of 30: the published worked example, z = 0.2060 and P = 0.8368.
        JsonNode ctr = change.get("ctr_significance");
        assertThat(fieldNames(ctr)).containsExactly("z", "p_value", "significant");
        assertDecimal(ctr.get("z"), "0.2060");
        assertDecimal(ctr.get("p_value"), "0.8368");
        assertThat(ctr.get("significant").asBoolean()).isFalse();
        Significance conversion = Significance.test(Rate.of(2, 9), Rate.of(4, 8));
        JsonNode conv = change.get("conversion_rate_significance");
        assertDecimal(conv.get("z"), conversion.roundedZ().toPlainString());
        assertDecimal(conv.get("p_value"), conversion.roundedPValue().toPlainString());
        assertThat(conv.get("significant").asBoolean()).isEqualTo(conversion.significant());
    }

    @Test
    void periodChangeCarriesTheSignificanceOfEachCountChange() {
        springSale();

        JsonNode change = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7)).get("period_change");

        // Exact binomial tests, worked by hand: 31 views against 30 and 9 clicks against 8 are as even as an odd total
        // allows, p = 2·P(X ≤ 30 | n = 61) = 1; 2 conversions against 4: 2·(1 + 6 + 15)/2⁶ = 0.6875, z = −2/√6.
        JsonNode views = change.get("views_significance");
        assertThat(fieldNames(views)).containsExactly("z", "p_value", "significant");
        assertDecimal(views.get("z"), "0.1280");
        assertDecimal(views.get("p_value"), "1.0000");
        assertThat(views.get("significant").asBoolean()).isFalse();
        assertDecimal(change.get("clicks_significance").get("z"), "0.2425");
        assertDecimal(change.get("clicks_significance").get("p_value"), "1.0000");
        JsonNode conversions = change.get("conversions_significance");
        assertDecimal(conversions.get("z"), "-0.8165");
        assertDecimal(conversions.get("p_value"), "0.6875");
        assertThat(conversions.get("significant").asBoolean()).isFalse();
        // 40 impressions against none: 2/2⁴⁰ = 1.8e-12; the change in percent is undefined, the test is not.
        JsonNode impressions = change.get("impressions_significance");
        assertDecimal(impressions.get("z"), "6.3246");
        assertDecimal(impressions.get("p_value"), "0.0000");
        assertThat(impressions.get("significant").asBoolean()).isTrue();
        assertThat(change.get("impressions").isNull()).isTrue();
        // the fields that were there before come first, in their old order
        assertThat(fieldNames(change)).containsExactly("views", "clicks", "conversions", "ctr", "impressions",
                "conversion_rate", "ctr_significance", "conversion_rate_significance", "views_significance",
                "clicks_significance", "conversions_significance", "impressions_significance");
    }

    @Test
    void aClearChangeIsSignificantAndAnUntestableOneIsNull() {
        List<Event> events = new ArrayList<>();
        events.addAll(times(100, at("view", "2024-05-02T10:00:00Z")));
        events.addAll(times(40, at("click", "2024-05-02T10:00:00Z")));
        events.addAll(times(100, at("view", "2024-04-25T10:00:00Z")));
        events.addAll(times(10, at("click", "2024-04-25T10:00:00Z")));
        importAll(api, events);

        JsonNode change = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7)).get("period_change");

        Significance expected = Significance.test(Rate.of(40, 100), Rate.of(10, 100));
        assertThat(expected.significant()).isTrue();
        assertDecimal(change.get("ctr_significance").get("z"), expected.roundedZ().toPlainString());
        assertDecimal(change.get("ctr_significance").get("p_value"), expected.roundedPValue().toPlainString());
        assertThat(change.get("ctr_significance").get("significant").asBoolean()).isTrue();
        assertDecimal(change.get("ctr"), "300.00");
        // No conversions in either period: nothing varies, so there is nothing to test.
        assertThat(change.get("conversion_rate_significance").isNull()).isTrue();
        assertThat(change.get("conversion_rate").isNull()).isTrue();
        // Counts: 40 clicks against 10 is significant (exact: 2·P(X ≤ 10 | n = 50) = 2.4e-5), 100 views against 100
        // is not, and a count that is 0 in both periods has nothing to test.
        assertThat(change.get("clicks_significance").get("significant").asBoolean()).isTrue();
        assertDecimal(change.get("clicks_significance").get("p_value"), "0.0000");
        assertDecimal(change.get("clicks_significance").get("z"), "4.2426");
        assertThat(change.get("views_significance").get("significant").asBoolean()).isFalse();
        assertDecimal(change.get("views_significance").get("p_value"), "1.0000");
        assertThat(change.get("conversions_significance").isNull()).isTrue();
        assertThat(change.get("impressions_significance").isNull()).isTrue();
    }

    @Test
    void aCampaignWithoutEventsHasZerosAndUndefinedRatesAsNull() {
        JsonNode data = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7));

        JsonNode s = data.get("summary");
        assertThat(s.get("total_views").asLong()).isZero();
        assertThat(s.get("click_through_rate").isNull()).isTrue();
        assertThat(s.get("conversion_rate").isNull()).isTrue();
        assertThat(s.get("click_through_rate_ci").isNull()).isTrue();
        assertThat(s.get("conversion_rate_ci").isNull()).isTrue();
        assertThat(data.get("daily_stats")).hasSize(7);
        JsonNode change = data.get("period_change");
        for (String field : List.of("views", "clicks", "conversions", "ctr", "impressions", "conversion_rate",
                "ctr_significance", "conversion_rate_significance", "views_significance", "clicks_significance",
                "conversions_significance", "impressions_significance")) {
            assertThat(change.get(field).isNull()).as(field).isTrue();
        }
    }

    @Test
    void ratesAreRoundedHalfUpFromTheExactCounts() {
        // 1 click of 800 views is 0.125 %: HALF_UP gives 0.13 where banker's rounding gives 0.12.
        List<Event> events = new ArrayList<>(times(800, at("view", "2024-05-03T10:00:00Z")));
        events.add(at("click", "2024-05-03T11:00:00Z"));
        importAll(api, events);

        Reply reply = get("/campaigns/" + campaign + "?" + MAY_1_TO_7);

        assertDecimal(ok(reply).get("summary").get("click_through_rate"), "0.13");
        assertThat(reply.body()).contains("\"click_through_rate\":0.13,");
    }

    @Test
    void theDefaultRangeIsTheLastSevenDaysEndingTodayInTheServersZone() {
        importAll(api, List.of(at("view", "2024-06-01T01:00:00Z"), at("view", "2024-05-26T00:00:00Z"),
                at("view", "2024-05-25T23:59:59Z")));

        JsonNode data = ok(get("/campaigns/" + campaign));

        assertThat(data.get("range").get("start_date").asText()).isEqualTo("2024-05-26");
        assertThat(data.get("range").get("end_date").asText()).isEqualTo("2024-06-01");
        assertThat(data.get("range").get("tz").asText()).isEqualTo("UTC");
        assertThat(data.get("daily_stats")).hasSize(7);
        assertThat(data.get("summary").get("total_views").asLong()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} covers {1} days")
    @MethodSource("presets")
    void eachPresetCoversItsNumberOfDaysEndingToday(String preset, int days, String start) {
        JsonNode data = ok(get("/campaigns/" + campaign + "?date_range=" + preset));

        assertThat(data.get("daily_stats")).hasSize(days);
        assertThat(data.get("range").get("start_date").asText()).isEqualTo(start);
        assertThat(data.get("range").get("end_date").asText()).isEqualTo("2024-06-01");
    }

    static Stream<Arguments> presets() {
        return Stream.of(Arguments.of("7d", 7, "2024-05-26"), Arguments.of("30d", 30, "2024-05-03"),
                Arguments.of("90d", 90, "2024-03-04"), Arguments.of("1y", 365, "2023-06-03"));
    }

    @Test
    void todayAndTheDaysAreThoseOfTheRequestedZone() {
        // 2024-06-01T01:00Z is 2024-05-31 18:00 in Los Angeles, where "today" is still May 31.
        importAll(api, List.of(at("view", "2024-06-01T01:00:00Z")));

        JsonNode data = ok(get("/campaigns/" + campaign + "?tz=America/Los_Angeles"));

        assertThat(data.get("range").get("end_date").asText()).isEqualTo("2024-05-31");
        assertThat(data.get("range").get("tz").asText()).isEqualTo("America/Los_Angeles");
        JsonNode last = data.get("daily_stats").get(6);
        assertThat(last.get("date").asText()).isEqualTo("2024-05-31");
        assertThat(last.get("views").asLong()).isEqualTo(1);
    }

    @Test
    void withoutTzTheConfiguredDefaultZoneDecides() {
        HttpSettings la = HttpSettings.defaults().withDefaultZone(ZoneId.of("America/Los_Angeles"));
        try (ApiServer server = ApiServer.start(db, la, Clock.fixed(NOW, ZoneOffset.UTC))) {
            Reply reply = server.get(ANALYTICS + "/campaigns/" + campaign + "/summary").asSuperAdmin().send();

            JsonNode range = ok(reply).get("range");
            assertThat(range.get("tz").asText()).isEqualTo("America/Los_Angeles");
            assertThat(range.get("end_date").asText()).isEqualTo("2024-05-31");
        }
    }

    @Test
    void weeksStartOnMondayAndAreClippedToTheRange() {
        // Berlin is UTC+2 in May: 2024-05-05T22:30Z is Monday May 6, 00:30 there.
        importAll(api, List.of(at("view", "2024-04-30T22:30:00Z"), at("view", "2024-05-05T22:30:00Z"),
                at("view", "2024-05-20T21:59:59Z"), at("view", "2024-05-20T22:00:00Z")));

        JsonNode days = ok(get("/campaigns/" + campaign
                + "?start_date=2024-05-01&end_date=2024-05-20&group_by=week&tz=Europe/Berlin")).get("daily_stats");

        assertThat(days).hasSize(4);
        assertThat(days.get(0).get("date").asText()).isEqualTo("2024-04-29");
        assertThat(days.get(0).get("start_date").asText()).isEqualTo("2024-05-01");
        assertThat(days.get(0).get("end_date").asText()).isEqualTo("2024-05-05");
        assertThat(days.get(0).get("views").asLong()).isEqualTo(1);
        assertThat(days.get(1).get("date").asText()).isEqualTo("2024-05-06");
        assertThat(days.get(1).get("end_date").asText()).isEqualTo("2024-05-12");
        assertThat(days.get(1).get("views").asLong()).isEqualTo(1);
        assertThat(days.get(2).get("views").asLong()).isZero();
        assertThat(days.get(3).get("date").asText()).isEqualTo("2024-05-20");
        assertThat(days.get(3).get("start_date").asText()).isEqualTo("2024-05-20");
        assertThat(days.get(3).get("end_date").asText()).isEqualTo("2024-05-20");
        assertThat(days.get(3).get("views").asLong()).isEqualTo(1);
    }

    @Test
    void monthsStartOnTheFirstAndAreClippedToTheRange() {
        importAll(api, List.of(at("view", "2024-01-15T00:00:00Z"), at("view", "2024-02-29T23:59:59Z"),
                at("view", "2024-03-10T12:00:00Z"), at("view", "2024-03-11T00:00:00Z")));

        JsonNode data = ok(get("/campaigns/" + campaign
                + "?start_date=2024-01-15&end_date=2024-03-10&group_by=month"));
        JsonNode months = data.get("daily_stats");

        assertThat(data.get("range").get("group_by").asText()).isEqualTo("month");
        assertThat(months).hasSize(3);
        assertThat(months.get(0).get("date").asText()).isEqualTo("2024-01-01");
        assertThat(months.get(0).get("start_date").asText()).isEqualTo("2024-01-15");
        assertThat(months.get(0).get("end_date").asText()).isEqualTo("2024-01-31");
        assertThat(months.get(1).get("date").asText()).isEqualTo("2024-02-01");
        assertThat(months.get(1).get("end_date").asText()).isEqualTo("2024-02-29");
        assertThat(months.get(2).get("end_date").asText()).isEqualTo("2024-03-10");
        assertThat(months.findValuesAsText("views")).containsExactly("1", "1", "1");
    }

    @Test
    void filtersApplyToSummarySeriesAndPeriodChange() {
        List<Event> events = new ArrayList<>();
        events.addAll(times(4, at("view", "2024-05-02T10:00:00Z").withDimensions("vip", "email", "mobile")));
        events.addAll(times(2, at("click", "2024-05-02T10:00:00Z").withDimensions("vip", "email", "mobile")));
        events.addAll(times(3, at("view", "2024-05-02T10:00:00Z").withDimensions("vip", "email", "desktop")));
        events.addAll(times(5, at("view", "2024-05-02T10:00:00Z").withDimensions("vip", "social", "mobile")));
        events.addAll(times(6, at("view", "2024-05-02T10:00:00Z")));
        events.addAll(times(2, at("view", "2024-04-26T10:00:00Z").withDimensions("vip", "email", "mobile")));
        events.addAll(times(9, at("view", "2024-04-26T10:00:00Z").withDimensions("new", "email", "mobile")));
        importAll(api, events);

        JsonNode data = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7
                + "&channel=email&device_type=mobile&audience_segment=vip"));

        assertThat(data.get("summary").get("total_views").asLong()).isEqualTo(4);
        assertDecimal(data.get("summary").get("click_through_rate"), "50.00");
        assertThat(data.get("daily_stats").get(1).get("views").asLong()).isEqualTo(4);
        assertDecimal(data.get("period_change").get("views"), "100.00");
        assertThat(ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7 + "&channel=email"))
                .get("summary").get("total_views").asLong()).isEqualTo(7);
        assertThat(ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7 + "&channel=Email"))
                .get("summary").get("total_views").asLong()).isZero();
    }

    @Test
    void metricsLimitTheFieldsOfSeriesItemsButNotTheDates() {
        springSale();

        JsonNode days = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7 + "&metrics=click_through_rate,views"))
                .get("daily_stats");

        assertThat(fieldNames(days.get(0))).containsExactly("date", "start_date", "end_date", "views",
                "click_through_rate");
        JsonNode daily = ok(get("/campaigns/" + campaign + "/daily?" + MAY_1_TO_7 + "&metrics=impressions"))
                .get("daily_stats");
        assertThat(fieldNames(daily.get(0))).containsExactly("date", "start_date", "end_date", "impressions");
        JsonNode segmented = ok(get("/campaigns/" + campaign + "/segmented?segment_by=channel&" + MAY_1_TO_7
                + "&metrics=conversions")).get("segmented_stats").get("unknown");
        assertThat(fieldNames(segmented.get(0))).containsExactly("date", "start_date", "end_date", "conversions");
    }

    @Test
    void aRangeOf1096DaysIsServed() {
        JsonNode data = ok(get("/campaigns/" + campaign + "?start_date=2021-01-01&end_date=2024-01-01"));

        assertThat(data.get("daily_stats")).hasSize(1096);
        assertThat(data.get("range").get("previous_end_date").asText()).isEqualTo("2020-12-31");
    }

    // ---- summary ----

    @Test
    void summaryNamesTheFirstAndLastEventWithinTheRange() {
        importAll(api, List.of(at("view", "2024-04-30T23:59:59Z"), at("click", "2024-05-02T08:15:30Z"),
                at("view", "2024-05-06T17:00:00.250Z"), at("view", "2024-05-08T00:00:00Z")));

        JsonNode data = ok(get("/campaigns/" + campaign + "/summary?" + MAY_1_TO_7));

        assertThat(data.get("campaign").get("campaign_name").asText()).isEqualTo("Spring sale");
        assertThat(data.get("range").get("previous_start_date").asText()).isEqualTo("2024-04-24");
        JsonNode s = data.get("summary");
        assertThat(s.get("total_views").asLong()).isEqualTo(1);
        assertThat(s.get("total_clicks").asLong()).isEqualTo(1);
        assertDecimal(s.get("click_through_rate"), "100.00");
        assertThat(s.has("click_through_rate_ci")).isTrue();
        assertThat(s.get("first_event").asText()).isEqualTo("2024-05-02T08:15:30Z");
        assertThat(s.get("last_event").asText()).isEqualTo("2024-05-06T17:00:00.250Z");
    }

    @Test
    void summaryWithoutEventsInTheRangeHasNoFirstOrLastEvent() {
        importAll(api, List.of(at("view", "2024-04-30T23:59:59Z")));

        JsonNode s = ok(get("/campaigns/" + campaign + "/summary?" + MAY_1_TO_7)).get("summary");

        assertThat(s.get("total_views").asLong()).isZero();
        assertThat(s.get("first_event").isNull()).isTrue();
        assertThat(s.get("last_event").isNull()).isTrue();
    }

    // ---- daily ----

    @Test
    void dailyIsTheSeriesOfTheFullReport() {
        springSale();

        JsonNode daily = ok(get("/campaigns/" + campaign + "/daily?" + MAY_1_TO_7 + "&group_by=week"));
        JsonNode full = ok(get("/campaigns/" + campaign + "?" + MAY_1_TO_7 + "&group_by=week"));

        assertThat(daily.get("daily_stats")).isEqualTo(full.get("daily_stats"));
        assertThat(daily.get("daily_stats")).hasSize(2);
        assertThat(daily.get("daily_stats").get(0).get("date").asText()).isEqualTo("2024-04-29");
        assertThat(daily.get("range").get("group_by").asText()).isEqualTo("week");
    }

    // ---- segmented ----

    @Test
    void segmentedGivesEachValueAZeroFilledSeriesAndTotalsByViewsDescending() {
        List<Event> events = new ArrayList<>();
        events.addAll(times(3, at("view", "2024-05-02T10:00:00Z").withDimensions(null, "email", null)));
        events.addAll(times(1, at("click", "2024-05-02T10:00:00Z").withDimensions(null, "email", null)));
        events.addAll(times(5, at("view", "2024-05-04T10:00:00Z").withDimensions(null, "social", "mobile")));
        events.addAll(times(2, at("view", "2024-05-05T10:00:00Z").withDimensions("vip", null, null)));
        events.addAll(times(7, at("view", "2024-04-30T10:00:00Z").withDimensions(null, "display", null)));
        importAll(api, events);

        JsonNode data = ok(get("/campaigns/" + campaign + "/segmented?segment_by=channel&" + MAY_1_TO_7));

        assertThat(data.get("campaign").get("id").asText()).isEqualTo(campaign.toString());
        assertThat(data.get("range").get("start_date").asText()).isEqualTo("2024-05-01");
        assertThat(data.get("segment_by").asText()).isEqualTo("channel");
        JsonNode stats = data.get("segmented_stats");
        assertThat(fieldNames(stats)).containsExactlyInAnyOrder("email", "social", "unknown");
        for (String segment : List.of("email", "social", "unknown")) {
            assertThat(stats.get(segment)).as(segment).hasSize(7);
        }
        assertThat(stats.get("email").get(1).get("views").asLong()).isEqualTo(3);
        assertThat(stats.get("email").get(0).get("views").asLong()).isZero();
        assertThat(stats.get("social").get(3).get("views").asLong()).isEqualTo(5);
        assertThat(stats.get("unknown").get(4).get("views").asLong()).isEqualTo(2);
        JsonNode totals = data.get("segment_totals");
        assertThat(totals.findValuesAsText("segment")).containsExactly("social", "email", "unknown");
        assertThat(totals.findValuesAsText("total_views")).containsExactly("5", "3", "2");
        JsonNode email = totals.get(1);
        assertThat(fieldNames(email)).containsExactly("segment", "total_views", "total_clicks",
                "total_conversions", "total_impressions", "click_through_rate", "conversion_rate");
        assertDecimal(email.get("click_through_rate"), "33.33");
        assertThat(email.get("conversion_rate").isNull()).isFalse();
        assertDecimal(email.get("conversion_rate"), "0.00");
        assertThat(totals.get(0).get("conversion_rate").isNull()).isTrue();
    }

    @Test
    void segmentedAppliesTheFiltersToo() {
        importAll(api, List.of(
                at("view", "2024-05-02T10:00:00Z").withDimensions("vip", "email", "mobile"),
                at("view", "2024-05-02T10:00:00Z").withDimensions("vip", "email", "desktop"),
                at("view", "2024-05-02T10:00:00Z").withDimensions("new", "email", "mobile")));

        JsonNode data = ok(get("/campaigns/" + campaign + "/segmented?segment_by=device_type&audience_segment=vip&"
                + MAY_1_TO_7));

        assertThat(data.get("segment_totals").findValuesAsText("segment")).containsExactly("desktop", "mobile");
        assertThat(data.get("segment_totals").findValuesAsText("total_views")).containsExactly("1", "1");
    }

    @Test
    void segmentByIsRequiredAndMustNameADimension() {
        Reply missing = get("/campaigns/" + campaign + "/segmented");
        Reply unknown = get("/campaigns/" + campaign + "/segmented?segment_by=country");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactly("segment_by");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorFields()).containsExactly("segment_by");
        assertThat(unknown.json().get("errors").get(0).get("message").asText())
                .contains("audience_segment", "channel", "device_type");
    }

    @Test
    void segmentByIsAParameterOfTheSegmentedRouteOnly() {
        Reply reply = get("/campaigns/" + campaign + "?segment_by=channel");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("segment_by");
    }

    // ---- compare ----

    @Test
    void compareKeepsTheOrderAskedForAndTestsEachAgainstTheFirst() {
        UUID second = api.campaign("Summer sale");
        UUID third = api.campaign("Quiet");
        List<Event> events = new ArrayList<>();
        // 28 of 254 against 36 of 301: the published example, |z| = 0.3441 and P = 0.7307.
        events.addAll(times(254, Event.of(campaign, "view", Instant.parse("2024-05-02T10:00:00Z"))));
        events.addAll(times(28, Event.of(campaign, "click", Instant.parse("2024-05-02T10:00:00Z"))));
        events.addAll(times(3, Event.of(campaign, "conversion", Instant.parse("2024-05-02T10:00:00Z"))));
        events.addAll(times(301, Event.of(second, "view", Instant.parse("2024-05-03T10:00:00Z"))));
        events.addAll(times(36, Event.of(second, "click", Instant.parse("2024-05-03T10:00:00Z"))));
        events.addAll(times(12, Event.of(second, "conversion", Instant.parse("2024-05-03T10:00:00Z"))));
        events.addAll(times(2, Event.of(second, "impression", Instant.parse("2024-05-03T10:00:00Z"))));
        events.add(Event.of(second, "view", Instant.parse("2024-05-08T10:00:00Z")));
        importAll(api, events);

        JsonNode data = ok(get("/compare?campaign_ids=" + second + "," + campaign + "," + third + "&" + MAY_1_TO_7));

        assertThat(data.get("range").get("end_date").asText()).isEqualTo("2024-05-07");
        JsonNode rows = data.get("comparison");
        assertThat(rows.findValuesAsText("campaign_id"))
                .containsExactly(second.toString(), campaign.toString(), third.toString());
        assertThat(rows.findValuesAsText("campaign_name")).containsExactly("Summer sale", "Spring sale", "Quiet");
        JsonNode first = rows.get(0);
        assertThat(first.get("total_views").asLong()).isEqualTo(301);
        assertThat(first.get("total_clicks").asLong()).isEqualTo(36);
        assertThat(first.get("total_conversions").asLong()).isEqualTo(12);
        assertThat(first.get("total_impressions").asLong()).isEqualTo(2);
        assertDecimal(first.get("click_through_rate"), "11.96");
        assertDecimal(first.get("conversion_rate"), "33.33");
        assertThat(first.get("ctr_vs_first").isNull()).isTrue();
        assertThat(first.get("conversion_rate_vs_first").isNull()).isTrue();

        JsonNode spring = rows.get(1);
        assertDecimal(spring.get("click_through_rate"), "11.02");
        assertDecimal(spring.get("ctr_vs_first").get("z"), "-0.3441");
        assertDecimal(spring.get("ctr_vs_first").get("p_value"), "0.7307");
        assertThat(spring.get("ctr_vs_first").get("significant").asBoolean()).isFalse();
        Significance conv = Significance.test(Rate.of(3, 28), Rate.of(12, 36));
        assertThat(conv.significant()).isTrue();
        assertDecimal(spring.get("conversion_rate_vs_first").get("z"), conv.roundedZ().toPlainString());
        assertDecimal(spring.get("conversion_rate_vs_first").get("p_value"), conv.roundedPValue().toPlainString());
        assertThat(spring.get("conversion_rate_vs_first").get("significant").asBoolean()).isTrue();
        WilsonInterval ci = WilsonInterval.of95(Rate.of(28, 254));
        assertDecimal(spring.get("click_through_rate_ci").get("lower"), ci.lowerPercent().toPlainString());

        JsonNode quiet = rows.get(2);
        assertThat(quiet.get("total_views").asLong()).isZero();
        assertThat(quiet.get("click_through_rate").isNull()).isTrue();
        assertThat(quiet.get("ctr_vs_first").isNull()).isTrue();
    }

    @Test
    void compareAppliesTheFiltersToEveryCampaign() {
        UUID second = api.campaign("Summer sale");
        importAll(api, List.of(
                Event.of(campaign, "view", Instant.parse("2024-05-02T10:00:00Z")).withDimensions(null, "email", null),
                Event.of(campaign, "view", Instant.parse("2024-05-02T10:00:00Z")),
                Event.of(second, "view", Instant.parse("2024-05-02T10:00:00Z")).withDimensions(null, "social", null)));

        JsonNode rows = ok(get("/compare?campaign_ids=" + campaign + "," + second + "&channel=email&" + MAY_1_TO_7))
                .get("comparison");

        assertThat(rows.findValuesAsText("total_views")).containsExactly("1", "0");
    }

    @Test
    void compareNamesAnUnknownCampaignWith404() {
        UUID unknown = UUID.randomUUID();

        Reply reply = get("/compare?campaign_ids=" + campaign + "," + unknown);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).contains(unknown.toString());
    }

    @ParameterizedTest(name = "campaign_ids={0}")
    @MethodSource("badCampaignIdLists")
    void compareRefusesAMalformedListOfCampaignIds(String ids) {
        Reply reply = get("/compare?campaign_ids=" + ids.replace("{id}", campaign.toString()));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("campaign_ids");
    }

    static Stream<String> badCampaignIdLists() {
        String twentyOne = IntStream.range(0, 21).mapToObj(i -> UUID.randomUUID().toString())
                .collect(Collectors.joining(","));
        return Stream.of("{id}", "{id},{id}", "{id},not-a-uuid", "{id},,{id}", "", twentyOne);
    }

    @Test
    void compareWithoutCampaignIdsIsRefused() {
        Reply reply = get("/compare");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("campaign_ids");
    }

    @Test
    void compareServesTwentyCampaigns() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(api.campaign("C" + i).toString());
        }

        JsonNode rows = ok(get("/compare?campaign_ids=" + String.join(",", ids))).get("comparison");

        assertThat(rows).hasSize(20);
    }

    /** The four counts of one comparison row, in the order impressions, views, clicks, conversions. */
    private static List<Long> counts(JsonNode row) {
        List<Long> counts = new ArrayList<>();
        for (String field : List.of("total_impressions", "total_views", "total_clicks", "total_conversions")) {
            JsonNode n = row.get(field);
            assertThat(n).as("%s of %s", field, row).isNotNull();
            assertThat(n.isIntegralNumber()).as("%s of %s is a whole number", field, row).isTrue();
            counts.add(n.longValue());
        }
        return counts;
    }

    @Test
    void compareCountsEveryEventTypeOfEveryCampaignAndZerosForACampaignWithoutEventsInTheRange() {
        UUID second = api.campaign("Summer sale");
        UUID quiet = api.campaign("Quiet");
        List<Event> events = new ArrayList<>();
        events.addAll(times(3, at("impression", "2024-05-02T10:00:00Z")));
        events.addAll(times(5, at("view", "2024-05-03T10:00:00Z")));
        events.addAll(times(2, at("click", "2024-05-04T10:00:00Z")));
        events.addAll(times(1, at("conversion", "2024-05-05T10:00:00Z")));
        events.addAll(times(13, Event.of(second, "impression", Instant.parse("2024-05-06T10:00:00Z"))));
        events.addAll(times(11, Event.of(second, "view", Instant.parse("2024-05-01T10:00:00Z"))));
        events.addAll(times(7, Event.of(second, "click", Instant.parse("2024-05-07T10:00:00Z"))));
        events.addAll(times(4, Event.of(second, "conversion", Instant.parse("2024-05-02T10:00:00Z"))));
        // the quiet campaign has events, only none in May 1-7
        events.add(Event.of(quiet, "view", Instant.parse("2024-04-20T10:00:00Z")));
        events.add(Event.of(quiet, "click", Instant.parse("2024-05-20T10:00:00Z")));
        importAll(api, events);

        JsonNode rows = ok(get("/compare?campaign_ids=" + campaign + "," + second + "," + quiet + "&" + MAY_1_TO_7))
                .get("comparison");

        assertThat(rows).hasSize(3);
        assertThat(counts(rows.get(0))).containsExactly(3L, 5L, 2L, 1L);
        assertThat(counts(rows.get(1))).containsExactly(13L, 11L, 7L, 4L);
        assertThat(counts(rows.get(2))).containsExactly(0L, 0L, 0L, 0L);
        assertThat(rows.get(2).get("campaign_id").asText()).isEqualTo(quiet.toString());
        assertThat(rows.get(2).get("click_through_rate").isNull()).isTrue();
        assertThat(rows.get(2).get("conversion_rate").isNull()).isTrue();
        assertDecimal(rows.get(0).get("click_through_rate"), "40.00");
        assertDecimal(rows.get(0).get("conversion_rate"), "50.00");
    }

    @Test
    void compareCountsFromTheFirstInstantOfTheStartDateUpToButExcludingTheDayAfterTheEndDate() {
        UUID second = api.campaign("Summer sale");
        List<Event> events = new ArrayList<>();
        // inside: the first instant of May 1 and the last millisecond of May 7 (the end date is inclusive)
        events.addAll(times(2, at("impression", "2024-05-01T00:00:00Z")));
        events.addAll(times(3, at("view", "2024-05-01T00:00:00Z")));
        events.addAll(times(4, at("click", "2024-05-07T23:59:59.999Z")));
        events.addAll(times(5, at("conversion", "2024-05-07T23:59:59.999Z")));
        // just outside: the last millisecond of April 30 and the first instant of May 8
        events.addAll(times(7, at("impression", "2024-04-30T23:59:59.999Z")));
        events.addAll(times(7, at("view", "2024-04-30T23:59:59.999Z")));
        events.addAll(times(7, at("click", "2024-05-08T00:00:00Z")));
        events.addAll(times(7, at("conversion", "2024-05-08T00:00:00Z")));
        // the other campaign has events only just outside the range
        events.add(Event.of(second, "view", Instant.parse("2024-04-30T23:59:59.999Z")));
        events.add(Event.of(second, "click", Instant.parse("2024-05-08T00:00:00Z")));
        importAll(api, events);

        JsonNode data = ok(get("/compare?campaign_ids=" + campaign + "," + second + "&" + MAY_1_TO_7));

        assertThat(data.get("range").get("start_date").asText()).isEqualTo("2024-05-01");
        assertThat(data.get("range").get("end_date").asText()).isEqualTo("2024-05-07");
        assertThat(counts(data.get("comparison").get(0))).containsExactly(2L, 3L, 4L, 5L);
        assertThat(counts(data.get("comparison").get(1))).containsExactly(0L, 0L, 0L, 0L);
    }

    @Test
    void compareCountsTheDaysOfTheTimeZoneAskedFor() {
        UUID second = api.campaign("Summer sale");
        // May 1-7 in Kolkata (+05:30) runs from 2024-04-30T18:30Z up to, not including, 2024-05-07T18:30Z
        List<Event> events = new ArrayList<>();
        events.addAll(times(2, at("view", "2024-04-30T18:30:00Z")));       // Kolkata's May 1, UTC's April 30
        events.addAll(times(3, at("click", "2024-05-07T18:29:59.999Z")));  // the last millisecond of Kolkata's May 7
        events.addAll(times(4, at("impression", "2024-05-07T18:30:00Z"))); // Kolkata's May 8, UTC's May 7
        events.addAll(times(5, at("conversion", "2024-04-30T18:29:59.999Z"))); // Kolkata's April 30
        events.add(Event.of(second, "conversion", Instant.parse("2024-05-03T10:00:00Z")));
        events.add(Event.of(second, "impression", Instant.parse("2024-05-07T20:00:00Z"))); // Kolkata's May 8
        importAll(api, events);

        JsonNode kolkata = ok(get("/compare?campaign_ids=" + campaign + "," + second + "&tz=Asia/Kolkata&"
                + MAY_1_TO_7));
        JsonNode utc = ok(get("/compare?campaign_ids=" + campaign + "," + second + "&" + MAY_1_TO_7));

        assertThat(kolkata.get("range").get("tz").asText()).isEqualTo("Asia/Kolkata");
        assertThat(counts(kolkata.get("comparison").get(0))).containsExactly(0L, 2L, 3L, 0L);
        assertThat(counts(kolkata.get("comparison").get(1))).containsExactly(0L, 0L, 0L, 1L);
        assertThat(utc.get("range").get("tz").asText()).isEqualTo("UTC");
        assertThat(counts(utc.get("comparison").get(0))).containsExactly(4L, 0L, 3L, 0L);
        assertThat(counts(utc.get("comparison").get(1))).containsExactly(1L, 0L, 0L, 1L);
    }

    @Test
    void compareCountsADaylightSavingDayOfTwentyThreeHoursAsTwentyThreeHours() {
        UUID second = api.campaign("Summer sale");
        // 2024-03-10 in Los Angeles springs forward: it runs from 08:00Z to 07:00Z the next day, 23 hours
        List<Event> events = new ArrayList<>();
        events.addAll(times(2, at("view", "2024-03-10T08:00:00Z")));
        events.addAll(times(3, at("click", "2024-03-11T06:59:59.999Z")));
        events.addAll(times(4, at("view", "2024-03-11T07:00:00Z")));       // March 11 in Los Angeles
        events.addAll(times(5, at("click", "2024-03-10T07:59:59.999Z")));  // March 9 in Los Angeles
        events.add(Event.of(second, "view", Instant.parse("2024-03-11T07:30:00Z"))); // 24 h after the day's start
        importAll(api, events);

        JsonNode rows = ok(get("/compare?campaign_ids=" + campaign + "," + second
                + "&tz=America/Los_Angeles&start_date=2024-03-10&end_date=2024-03-10")).get("comparison");

        assertThat(counts(rows.get(0))).containsExactly(0L, 2L, 3L, 0L);
        assertThat(counts(rows.get(1))).containsExactly(0L, 0L, 0L, 0L);
    }

    // ---- parameters every route reads ----

    /** A report route and a request to it that is valid apart from what a test adds. */
    record Route(String name, String path) {
        String url(UUID campaign, UUID other, String extra) {
            String p = path.replace("{id}", campaign.toString()).replace("{other}", other.toString());
            return extra.isEmpty() ? p : p + (p.contains("?") ? "&" : "?") + extra;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Route> routes() {
        return Stream.of(
                new Route("report", "/campaigns/{id}"),
                new Route("summary", "/campaigns/{id}/summary"),
                new Route("daily", "/campaigns/{id}/daily"),
                new Route("segmented", "/campaigns/{id}/segmented?segment_by=channel"),
                new Route("compare", "/compare?campaign_ids={id},{other}"));
    }

    /** A parameter mistake and the parameter the 400 must name. */
    record Mistake(String query, String field) {
        @Override
        public String toString() {
            return query + " names " + field;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake("date_range=2w", "date_range"),
                new Mistake("date_range=7D", "date_range"),
                new Mistake("date_range=", "date_range"),
                new Mistake("date_range=7d&start_date=2024-05-01&end_date=2024-05-07", "date_range"),
                new Mistake("date_range=7d&date_range=30d", "date_range"),
                new Mistake("start_date=2024-05-01", "end_date"),
                new Mistake("end_date=2024-05-07", "start_date"),
                new Mistake("start_date=2024-02-30&end_date=2024-03-07", "start_date"),
                new Mistake("start_date=2024/05/01&end_date=2024-05-07", "start_date"),
                new Mistake("start_date=2024-05-01&end_date=7.5.2024", "end_date"),
                new Mistake("start_date=2024-05-01T00:00:00Z&end_date=2024-05-07", "start_date"),
                new Mistake("start_date=1899-12-31&end_date=1900-01-07", "start_date"),
                new Mistake("start_date=2024-05-07&end_date=2024-05-01", "end_date"),
                new Mistake("start_date=2021-01-01&end_date=2024-01-02", "end_date"),
                new Mistake("tz=Mars/Olympus_Mons", "tz"),
                new Mistake("tz=", "tz"),
                new Mistake("tz=%2B05:45", "tz"),
                new Mistake("tz=GMT%2B5", "tz"),
                new Mistake("tz=Z", "tz"),
                new Mistake("group_by=hour", "group_by"),
                new Mistake("group_by=Day", "group_by"),
                new Mistake("group_by=day&group_by=week", "group_by"),
                new Mistake("metrics=views,reach", "metrics"),
                new Mistake("metrics=views,,clicks", "metrics"),
                new Mistake("channel=" + "c".repeat(51), "channel"),
                new Mistake("audience_segment=" + "s".repeat(101), "audience_segment"),
                new Mistake("device_type=", "device_type"),
                new Mistake("grop_by=week", "grop_by"));
    }

    static Stream<Arguments> routesAndMistakes() {
        return routes().flatMap(r -> mistakes().map(m -> Arguments.of(r, m)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("routesAndMistakes")
    void everyParameterMistakeIsA400NamingTheParameter(Route route, Mistake mistake) {
        UUID other = api.campaign("Other");

        Reply reply = get(route.url(campaign, other, mistake.query()));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("success").asBoolean()).isFalse();
        assertThat(reply.errorFields()).as(reply.toString()).contains(mistake.field());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everyMistakeOfARequestIsNamedInOneAnswer(Route route) {
        UUID other = api.campaign("Other");

        Reply reply = get(route.url(campaign, other, "date_range=2w&tz=Nowhere&group_by=hour&metrics=reach"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("date_range", "tz", "group_by", "metrics");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everyRouteAcceptsEveryCommonParameter(Route route) {
        UUID other = api.campaign("Other");

        Reply reply = get(route.url(campaign, other, "start_date=2024-05-01&end_date=2024-05-31&group_by=week"
                + "&tz=Asia/Kathmandu&audience_segment=vip&channel=email&device_type=mobile&metrics=views"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(exact(reply).get("data").get("range").get("tz").asText()).isEqualTo("Asia/Kathmandu");
    }

    /** Polling code in browsers adds {@code _=<timestamp>} so that no cache answers; the answer is the same. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everyRouteIgnoresACacheBusterParameter(Route route) {
        UUID other = api.campaign("Other");
        String query = "start_date=2024-05-01&end_date=2024-05-31&group_by=week";

        Reply plain = get(route.url(campaign, other, query));
        Reply busted = get(route.url(campaign, other, query + "&_=1732623456789"));
        Reply twice = get(route.url(campaign, other, query + "&_=1&_=2"));

        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(busted.status()).as(busted.toString()).isEqualTo(200);
        assertThat(twice.status()).as(twice.toString()).isEqualTo(200);
        assertThat(busted.json().get("data")).isEqualTo(plain.json().get("data"));
        assertThat(twice.json().get("data")).isEqualTo(plain.json().get("data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void anUnknownCampaignIsA404NamingIt(Route route) {
        UUID unknown = UUID.randomUUID();

        Reply reply = get(route.url(unknown, campaign, "date_range=30d"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).contains(unknown.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aCampaignIdThatIsNotAUuidIsA400(Route route) {
        Reply reply = get(route.path().replace("{id}", "campaign-1").replace("{other}", campaign.toString()));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorFields()).containsAnyOf("id", "campaign_ids");
    }

    // ---- access ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void withoutATokenEveryReportRouteAnswers401(Route route) {
        Reply reply = api.get(ANALYTICS + route.url(campaign, api.campaign("Other"), "")).send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void withoutAnalyticsReadEveryReportRouteAnswers403NamingIt(Route route) {
        String[] others = Permissions.ALL.stream().filter(p -> !p.equals(Permissions.ANALYTICS_READ))
                .toArray(String[]::new);

        Reply reply = api.get(ANALYTICS + route.url(campaign, api.campaign("Other"), ""))
                .bearer(ApiServer.token(Permissions.MARKETING_ADMIN, others)).send();

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains(Permissions.ANALYTICS_READ);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void analyticsReadAloneOpensEveryReportRoute(Route route) {
        Reply reply = api.get(ANALYTICS + route.url(campaign, api.campaign("Other"), ""))
                .bearer(ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.ANALYTICS_READ)).send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void credentialsAreCheckedBeforeTheParameters() {
        Reply reply = api.get(ANALYTICS + "/campaigns/not-a-uuid?group_by=hour").send();

        assertThat(reply.status()).isEqualTo(401);
    }
}
