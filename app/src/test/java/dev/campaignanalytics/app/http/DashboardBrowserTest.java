package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.app.http.ReportFixtures.Event;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;

import static dev.campaignanalytics.app.http.ReportFixtures.ANALYTICS;
import static dev.campaignanalytics.app.http.ReportFixtures.exact;
import static dev.campaignanalytics.app.http.ReportFixtures.importAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard at {@code /}, used in a real headless Chromium (Selenium and Debian's chromedriver) against the real
 * server and PostgreSQL: signing in, what the pages show against what the API answers, the chart, the exports, the
 * live feed, the comparison, errors in words, labels, and the layout at 1280 and 390 px (screenshots in
 * {@code target/screenshots/}). One browser and one server serve the whole class.
 */
class DashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * Not registered as an extension: the data is made once for the class (emptying the database before each test
     * would mean making it again for each), and no test here needs an empty database.
     */
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private static Browser browser;
    private static UUID spring;
    private static UUID autumn;
    private static UUID winter;

    @BeforeAll
    static void start() {
        db.truncateAll();
        api = ApiServer.start(db);
        campaigns();
        browser = Browser.start();
    }

    private static void campaigns() {
        spring = api.campaign("Spring sale");
        autumn = api.campaign("Autumn launch");
        winter = api.campaign("Winter clearance");
        Reply paused = api.put("/v1/marketing/admin/campaigns/" + winter).asSuperAdmin()
                .json("{\"is_active\": false}").send();
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        // Spring: a click-through rate that doubled against the previous 30 days (significant), and an unchanged
        // conversion rate (not significant).
        List<Event> events = new ArrayList<>();
        spread(events, spring, 1, 28, Map.of("impression", 750, "view", 300, "click", 60, "conversion", 6));
        spread(events, spring, 31, 58, Map.of("impression", 600, "view", 300, "click", 30, "conversion", 3));
        spread(events, autumn, 1, 28, Map.of("impression", 450, "view", 250, "click", 25, "conversion", 5));
        spread(events, winter, 1, 10, Map.of("view", 40, "click", 2));
        importAll(api, events);
    }

    /**
     * {@code counts} events of each type, spread over the days from {@code fromDaysAgo} to {@code toDaysAgo} before
     * today (UTC, at noon), with segments, channels and devices in turn.
     */
    private static void spread(List<Event> into, UUID campaign, int fromDaysAgo, int toDaysAgo,
                               Map<String, Integer> counts) {
        String[] segments = {"students", "parents", "retirees"};
        String[] channels = {"email", "social", "search"};
        String[] devices = {"mobile", "desktop"};
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int days = toDaysAgo - fromDaysAgo + 1;
        counts.forEach((type, n) -> {
            for (int i = 0; i < n; i++) {
                Instant at = today.minusDays(fromDaysAgo + (i % days)).atTime(12, 0).toInstant(ZoneOffset.UTC);
                into.add(Event.of(campaign, type, at)
                        .withDimensions(segments[i % 3], channels[(i / 3) % 3], devices[i % 2]));
            }
        });
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            api.close();
        }
    }

    @AfterEach
    void noContentSecurityPolicyViolations() {
        assertThat(browser.consoleMessages()).as("the browser console")
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    /** Opens a view of the dashboard (a new page), signed in with a super_admin token through the link format. */
    private static void openSignedIn(String fragment) {
        browser.open(api.base() + "/#token=" + ApiServer.superAdmin());
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/#/"));
        browser.js("location.hash = arguments[0]", fragment);
    }

    private static String campaignPage(UUID campaign, String query) {
        return "#/campaign/" + campaign + "?" + query;
    }

    /** Waits until the campaign page has drawn the report for the API parameters {@code query}. */
    private static WebElement reportFor(String query) {
        return browser.waitFor(By.cssSelector("#report[data-query='" + query + "']"));
    }

    // ---- signing in ----

    @Test
    void aUserSignsInByPastingAToken() {
        browser.open(api.base() + "/");
        browser.js("sessionStorage.clear()");
        browser.open(api.base() + "/");

        WebElement input = browser.waitFor(By.id("token-input"));
        assertThat(browser.driver.findElement(By.cssSelector("label[for='token-input']")).getText())
                .contains("token");
        input.sendKeys(ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.CAMPAIGNS_READ,
                Permissions.ANALYTICS_READ));
        browser.driver.findElement(By.id("sign-in")).click();

        browser.waitFor(By.cssSelector("#campaigns[data-loaded]"));
        assertThat(browser.driver.findElement(By.id("campaigns")).getText())
                .contains("Spring sale", "Autumn launch", "Winter clearance");
        assertThat(browser.driver.findElement(By.id("who")).getText()).contains("tester", "marketing_admin");
    }

    @Test
    void aForgedTokenIsRefusedInWordsAndNotKept() {
        browser.open(api.base() + "/");
        browser.js("sessionStorage.clear()");
        browser.open(api.base() + "/");

        browser.waitFor(By.id("token-input")).sendKeys(ApiServer.superAdmin() + "x");
        browser.driver.findElement(By.id("sign-in")).click();

        WebElement error = browser.waitFor(By.cssSelector("#sign-in-status .error"));
        assertThat(error.getText()).contains("not signed in");
        assertThat(error.findElement(By.className("error-message")).getText()).isNotBlank();
        assertThat(browser.js("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void theLinkTheServerPrintsSignsInAndLeavesNoTokenInTheAddressBar() {
        browser.open(api.base() + "/");
        browser.js("sessionStorage.clear()");
        String token = ApiServer.superAdmin();

        browser.open(api.base() + "/#token=" + token);

        browser.waitFor(By.cssSelector("#campaigns[data-loaded]"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(token).doesNotContain("token=");
        assertThat(browser.js("return history.length")).isNotNull();
        assertThat(browser.driver.findElement(By.id("sign-out")).isDisplayed()).isTrue();

        browser.driver.findElement(By.id("sign-out")).click();
        browser.waitFor(By.id("token-input"));
        assertThat(browser.js("return sessionStorage.length")).isEqualTo(0L);
    }

    // ---- campaigns ----

    @Test
    void theCampaignListSearchesByNameAndKeepsOnlyActiveOnesOnRequest() {
        openSignedIn("#/");
        browser.waitFor(By.cssSelector("#campaigns[data-loaded]"));

        WebElement search = browser.driver.findElement(By.id("campaign-search"));
        search.sendKeys("SALE");
        browser.waitFor(d -> d.findElements(By.cssSelector("#campaigns tbody tr")).size() == 1);
        assertThat(browser.driver.findElement(By.id("campaigns")).getText()).contains("Spring sale")
                .doesNotContain("Autumn");

        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.waitFor(d -> d.findElements(By.cssSelector("#campaigns tbody tr")).size() == 3);
        // by keyboard: from the search field to the checkbox, ticked with the space bar
        search.sendKeys(Keys.TAB);
        browser.driver.switchTo().activeElement().sendKeys(Keys.SPACE);
        browser.waitFor(d -> d.findElements(By.cssSelector("#campaigns tbody tr")).size() == 2);
        assertThat(browser.driver.findElement(By.id("active-only")).isSelected()).isTrue();
        assertThat(browser.driver.findElement(By.id("campaigns")).getText()).doesNotContain("Winter clearance");
    }

    // ---- the campaign page ----

    @Test
    void theKpiCardsShowTheApisNumbersForTheSameParameters() {
        openSignedIn(campaignPage(spring, "range=30d&group_by=day&tz=UTC"));
        String query = "date_range=30d&group_by=day&tz=UTC";
        reportFor(query);

        JsonNode data = exact(api.get(ANALYTICS + "/campaigns/" + spring + "?" + query).asSuperAdmin().send())
                .get("data");
        JsonNode summary = data.get("summary");
        JsonNode change = data.get("period_change");
        assertThat(summary.get("total_views").asLong()).isEqualTo(300);
        Map<String, String[]> cards = Map.of(
                "views", new String[]{"total_views", "views", "views_significance"},
                "clicks", new String[]{"total_clicks", "clicks", "clicks_significance"},
                "conversions", new String[]{"total_conversions", "conversions", "conversions_significance"},
                "impressions", new String[]{"total_impressions", "impressions", "impressions_significance"},
                "ctr", new String[]{"click_through_rate", "ctr", "ctr_significance"},
                "conversion-rate", new String[]{"conversion_rate", "conversion_rate", "conversion_rate_significance"});
        cards.forEach((card, fields) -> {
            WebElement el = browser.driver.findElement(By.id("kpi-" + card));
            WebElement value = el.findElement(By.className("kpi-value"));
            BigDecimal expected = summary.get(fields[0]).decimalValue();
            assertThat(new BigDecimal(value.getAttribute("data-value"))).as(card).isEqualByComparingTo(expected);
            assertThat(number(value.getText())).as(card + " as shown").isEqualByComparingTo(expected);

            WebElement changeValue = el.findElement(By.className("change-value"));
            BigDecimal expectedChange = change.get(fields[1]).decimalValue();
            assertThat(new BigDecimal(changeValue.getAttribute("data-value"))).as(card + " change")
                    .isEqualByComparingTo(expectedChange);
            assertThat(number(changeValue.getText())).as(card + " change as shown")
                    .isEqualByComparingTo(expectedChange.abs());
            String direction = el.findElement(By.className("change")).getAttribute("data-direction");
            assertThat(direction).as(card).isEqualTo(expectedChange.signum() > 0 ? "up"
                    : expectedChange.signum() < 0 ? "down" : "flat");
            // every card, counts and rates alike, has one mark that agrees with the API's test, in words and p
            List<WebElement> marks = el.findElements(By.className("sig"));
            assertThat(marks).as(card + " significance marks").hasSize(1);
            JsonNode test = change.get(fields[2]);
            assertThat(test.isObject()).as(card + " is testable in this data").isTrue();
            assertThat(marks.get(0).getAttribute("data-significant")).as(card + " significance")
                    .isEqualTo(test.get("significant").asText());
            assertThat(marks.get(0).getText()).as(card + " significance in words")
                    .startsWith(test.get("significant").asBoolean() ? "★ significant (" : "not significant (");
            Matcher p = Pattern.compile("p = ([0-9.]+)").matcher(marks.get(0).getText());
            assertThat(p.find()).as(card + " shows its p-value").isTrue();
            assertThat(new BigDecimal(p.group(1))).as(card + " p-value as shown")
                    .isEqualByComparingTo(test.get("p_value").decimalValue());
        });
        // the data: CTR 20 % against 10 %, on 300 views each, is significant; the conversion rate did not move
        assertThat(browser.driver.findElement(By.cssSelector("#kpi-ctr .sig")).getText()).contains("significant")
                .doesNotContain("not");
        assertThat(browser.driver.findElement(By.cssSelector("#kpi-conversion-rate .sig")).getText())
                .contains("not significant");
        // and the counts: clicks doubled (60 against 30, exact p = 0.0021) and impressions rose by a quarter on
        // 1,350 (normal law, p = 0.0001), both significant; 300 views against 300 and 6 conversions against 3
        // (exact p = 0.5078) are not
        for (String card : List.of("clicks", "impressions")) {
            assertThat(browser.driver.findElement(By.cssSelector("#kpi-" + card + " .sig"))
                    .getAttribute("data-significant")).as(card).isEqualTo("true");
        }
        for (String card : List.of("views", "conversions")) {
            assertThat(browser.driver.findElement(By.cssSelector("#kpi-" + card + " .sig"))
                    .getAttribute("data-significant")).as(card).isEqualTo("false");
        }
        assertThat(browser.driver.findElement(By.cssSelector("#kpi-clicks .sig")).getText())
                .isEqualTo("★ significant (p = 0.0021)");
        assertThat(browser.driver.findElement(By.cssSelector("#kpi-ctr .change")).getText()).contains("▲");
    }

    /** The number in a text such as "1,234", "20.00 %" or "+100.00 %", in the en-US format the browser uses. */
    private static BigDecimal number(String shown) {
        return new BigDecimal(shown.replaceAll("[^0-9.]", ""));
    }

    @Test
    void switchingGroupByRedrawsTheChartWithTheApisBuckets() {
        openSignedIn(campaignPage(spring, "range=30d&group_by=day&tz=UTC"));
        reportFor("date_range=30d&group_by=day&tz=UTC");
        WebElement chart = browser.driver.findElement(By.id("series-chart"));
        assertThat(chart.getAttribute("data-points")).isEqualTo("30");
        assertThat(chart.findElements(By.tagName("canvas"))).hasSize(1);

        new Select(browser.driver.findElement(By.cssSelector("select.group-by-picker"))).selectByValue("week");
        reportFor("date_range=30d&group_by=week&tz=UTC");

        chart = browser.driver.findElement(By.id("series-chart"));
        int weeks = api.get(ANALYTICS + "/campaigns/" + spring + "/daily?date_range=30d&group_by=week&tz=UTC")
                .asSuperAdmin().send().data().get("daily_stats").size();
        assertThat(chart.getAttribute("data-group-by")).isEqualTo("week");
        assertThat(chart.getAttribute("data-points")).isEqualTo(String.valueOf(weeks)).isNotEqualTo("30");
        assertThat(chart.findElements(By.tagName("canvas"))).hasSize(1);
        assertThat(browser.driver.getCurrentUrl()).contains("group_by=week");

        new Select(browser.driver.findElement(By.cssSelector("select.group-by-picker"))).selectByValue("month");
        reportFor("date_range=30d&group_by=month&tz=UTC");
        assertThat(browser.driver.findElement(By.id("series-chart")).getAttribute("data-points"))
                .isIn("1", "2");
    }

    @Test
    void theBreakdownSwitchesDimensionAsChartAndTable() {
        openSignedIn(campaignPage(spring, "range=30d&group_by=day&tz=UTC&segment_by=channel"));
        browser.waitFor(By.cssSelector("#segment-table[data-segment-by='channel']"));
        assertThat(browser.driver.findElement(By.id("segment-table")).getText()).contains("email", "social", "search");
        assertThat(browser.driver.findElement(By.id("segment-chart")).getAttribute("data-series")).isEqualTo("3");

        browser.driver.findElement(By.xpath("//fieldset[contains(@class,'segment-by')]//label[text()='Device']"))
                .click();
        browser.waitFor(By.cssSelector("#segment-table[data-segment-by='device_type']"));
        WebElement table = browser.driver.findElement(By.id("segment-table"));
        assertThat(table.getText()).contains("mobile", "desktop").doesNotContain("email");
        JsonNode totals = api.get(ANALYTICS + "/campaigns/" + spring
                        + "/segmented?segment_by=device_type&date_range=30d&tz=UTC").asSuperAdmin().send()
                .data().get("segment_totals");
        List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(totals.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).findElement(By.tagName("th")).getText())
                    .isEqualTo(totals.get(i).get("segment").asText());
            assertThat(number(rows.get(i).findElements(By.tagName("td")).get(0).getText()))
                    .isEqualByComparingTo(BigDecimal.valueOf(totals.get(i).get("total_views").asLong()));
        }
    }

    @Test
    void theExportButtonsDownloadACsvAndAnExcelFile() throws IOException {
        openSignedIn(campaignPage(spring, "range=30d&group_by=week&tz=UTC"));
        reportFor("date_range=30d&group_by=week&tz=UTC");
        List<Path> before = browser.downloaded();

        browser.driver.findElement(By.id("export-csv")).click();
        Path csv = awaitDownload(before, ".csv");
        browser.driver.findElement(By.id("export-excel")).click();
        Path xlsx = awaitDownload(before, ".xlsx");

        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0).replace("\uFEFF", "")).startsWith("Date,Campaign Name,Template Type,Views,Clicks");
        assertThat(lines.stream().filter(l -> l.contains("Spring sale"))).isNotEmpty();
        try (InputStream in = Files.newInputStream(xlsx); ZipInputStream zip = new ZipInputStream(in)) {
            assertThat(zip.getNextEntry()).as("an .xlsx is a zip").isNotNull();
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(xlsx.toFile())) {
            assertThat(workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue()).isNotBlank();
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new AssertionError("not a workbook: " + xlsx, e);
        }
        assertThat(browser.driver.findElement(By.id("export-status")).getText()).contains("Downloaded");
    }

    private static Path awaitDownload(List<Path> before, String suffix) {
        return browser.waitFor(d -> browser.downloaded().stream()
                .filter(f -> !before.contains(f) && f.getFileName().toString().endsWith(suffix))
                .findFirst().orElse(null));
    }

    @Test
    void anEventTrackedNowShowsUpInTheLiveFeedWithinTwoSeconds() {
        openSignedIn(campaignPage(autumn, "range=7d&tz=UTC"));
        browser.waitFor(By.cssSelector("#feed-status[data-state='live']"));
        String channel = "live-" + UUID.randomUUID().toString().substring(0, 8);

        long sent = System.nanoTime();
        Reply tracked = api.post("/v1/marketing/track-event").json("{\"campaign_id\": \"" + autumn
                + "\", \"event_type\": \"click\", \"channel\": \"" + channel + "\"}").send();
        assertThat(tracked.status()).as(tracked.toString()).isEqualTo(200);
        browser.waitFor(d -> d.findElement(By.id("feed")).getText().contains(channel));
        Duration took = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        WebElement newest = browser.driver.findElement(By.cssSelector("#feed li:first-child"));
        assertThat(newest.getText()).containsIgnoringCase("click").contains(channel);
        assertThat(newest.getAttribute("class")).contains("click");
        assertThat(browser.driver.findElement(By.id("feed-status")).getText()).contains("1 new event");
    }

    // ---- comparison ----

    @Test
    void theCompareViewShowsPickedCampaignsSideBySideWithSignificanceMarks() {
        openSignedIn("#/compare?range=30d&tz=UTC");
        browser.waitFor(By.id("pick-" + spring)).click();
        browser.driver.findElement(By.id("pick-" + autumn)).click();

        browser.waitFor(By.cssSelector("#compare-result[data-rows='2']"));
        WebElement table = browser.driver.findElement(By.id("compare-table"));
        List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
        assertThat(rows.get(0).getText()).contains("Spring sale", "baseline");
        assertThat(rows.get(1).getText()).contains("Autumn launch");
        JsonNode comparison = api.get(ANALYTICS + "/compare?campaign_ids=" + spring + "," + autumn
                + "&date_range=30d&tz=UTC").asSuperAdmin().send().data().get("comparison");
        JsonNode second = comparison.get(1);
        List<WebElement> marks = rows.get(1).findElements(By.className("sig"));
        assertThat(marks).hasSize(2);
        assertThat(marks.get(0).getAttribute("data-significant"))
                .isEqualTo(second.get("ctr_vs_first").get("significant").asText());
        assertThat(marks.get(1).getAttribute("data-significant"))
                .isEqualTo(second.get("conversion_rate_vs_first").get("significant").asText());
        assertThat(number(rows.get(1).findElements(By.tagName("td")).get(0).getText()))
                .isEqualByComparingTo(BigDecimal.valueOf(second.get("total_views").asLong()));
        assertThat(browser.driver.getCurrentUrl()).contains("ids=" + spring + "%2C" + autumn);
    }

    // ---- failures, labels, layout ----

    @Test
    void apiErrorsAreShownInWordsWithTheFieldsTheyConcern() {
        openSignedIn(campaignPage(spring, "range=custom&start=2024-05-10&end=2024-05-01&tz=UTC"));

        WebElement error = browser.waitFor(By.cssSelector("#report-errors .error"));
        assertThat(error.getText()).contains("The request is invalid");
        assertThat(error.findElements(By.cssSelector(".error-fields li"))).isNotEmpty();
        assertThat(error.findElement(By.cssSelector(".error-fields li code")).getText()).endsWith("date");

        openSignedIn("#/campaign/" + UUID.randomUUID() + "?range=7d&tz=UTC");
        assertThat(browser.waitFor(By.cssSelector("#report-errors .error")).getText()).contains("not found");

        openSignedIn(campaignPage(spring, "range=7d&tz=Mars/Olympus"));
        assertThat(browser.waitFor(By.cssSelector("#report-errors .error")).getText()).contains("tz");
    }

    @Test
    void everyControlOfEveryViewHasALabel() {
        for (String view : List.of("#/", campaignPage(spring, "range=30d&tz=UTC"), "#/compare?range=7d&tz=UTC")) {
            openSignedIn(view);
            browser.waitFor(By.tagName("h1"));
            browser.waitFor(d -> d.findElements(By.cssSelector("[aria-busy]")).isEmpty()
                    && !d.findElements(By.cssSelector("input, select, textarea")).isEmpty());
            Object unlabelled = browser.js("return Array.from(document.querySelectorAll('input, select, textarea'))"
                    + ".filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))"
                    + ".map(e => e.outerHTML)");
            assertThat((List<?>) unlabelled).as(view).isEmpty();
        }
    }

    @Test
    void theCampaignPageIsReadableAt1280And390PixelsWide() {
        openSignedIn(campaignPage(spring, "range=30d&group_by=day&tz=UTC&segment_by=channel"));
        reportFor("date_range=30d&group_by=day&tz=UTC");
        browser.waitFor(By.cssSelector("#segment-table"));

        browser.screenshot(1280, SCREENSHOTS.resolve("campaign-1280.png"));
        assertThat(browser.driver.findElements(By.className("error"))).as("errors shown").isEmpty();
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        assertThat(browser.js("return window.innerWidth")).isEqualTo(1280L);

        browser.screenshot(390, SCREENSHOTS.resolve("campaign-390.png"));
        assertThat(browser.js("return window.innerWidth")).isEqualTo(390L);
        browser.waitFor(d -> ((Number) browser.js("return document.querySelector('#series-chart canvas')"
                + ".getBoundingClientRect().right")).doubleValue() <= 390);
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing wider than the phone's screen").isEqualTo(true);
        assertThat(browser.driver.findElements(By.className("error"))).as("errors shown").isEmpty();
        // two KPI cards a row on a phone
        Number first = (Number) browser.js("return document.getElementById('kpi-views').getBoundingClientRect().top");
        Number second = (Number) browser.js("return document.getElementById('kpi-clicks').getBoundingClientRect().top");
        assertThat(first.doubleValue()).isEqualTo(second.doubleValue());

        openSignedIn("#/compare?range=30d&tz=UTC&ids=" + spring + "," + autumn);
        browser.waitFor(By.cssSelector("#compare-result[data-rows='2']"));
        browser.screenshot(390, SCREENSHOTS.resolve("compare-390.png"));
        browser.screenshot(1280, SCREENSHOTS.resolve("compare-1280.png"));
        browser.resize(1280, 900);
        assertThat(SCREENSHOTS.resolve("campaign-1280.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("campaign-390.png")).isNotEmptyFile();
    }

    @Test
    void thePageIsServedUnderAStrictContentSecurityPolicy() {
        Reply page = api.get("/").send();

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "script-src 'self'",
                "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=").doesNotContain("http://")
                .contains("/dashboard/assets/app.js", "/dashboard/uplot/dist/uPlot.min.css");
        Reply uplot = api.get("/dashboard/uplot/dist/uPlot.esm.js").send();
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.header("Content-Type")).contains("javascript");
        assertThat(api.get("/dashboard/assets/app.js").send().header("Content-Type")).contains("javascript");
        assertThat(api.get("/dashboard/uplot/dist/uPlot.iife.js").send().status()).isEqualTo(404);
        assertThat(api.get("/dashboard/uplot/package.json").send().status()).isEqualTo(404);
    }
}
