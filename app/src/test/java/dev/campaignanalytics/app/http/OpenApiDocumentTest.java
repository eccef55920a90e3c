package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.campaignanalytics.app.http.ApiServer.Call;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.app.http.ReportFixtures.Event;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.campaignanalytics.app.http.ReportFixtures.ANALYTICS;
import static dev.campaignanalytics.app.http.ReportFixtures.importAll;
import static dev.campaignanalytics.app.http.ReportFixtures.times;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /openapi.json} describes every route the server has, and real answers have the shapes it describes;
 * {@code GET /docs} shows it with Swagger UI served from the server itself.
 */
class OpenApiDocumentTest {
    private static final Set<String> OPERATIONS = Set.of("get", "post", "put", "patch", "delete");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private static JsonNode document;

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db);
        Reply reply = api.get("/openapi.json").send();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        document = reply.json();
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    /** A route as Javalin has it registered: an HTTP method and a path template such as {@code /x/{id}}. */
    record Route(String method, String path) implements Comparable<Route> {
        @Override
        public int compareTo(Route o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    /** Every HTTP route of the running server, from Javalin's router: routes added later are caught too. */
    private static Set<Route> registeredRoutes() {
        Set<Route> routes = new TreeSet<>();
        for (ParsedEndpoint p : api.javalin().unsafe.internalRouter.allHttpHandlers()) {
            HandlerType method = p.endpoint.method;
            if (method.isHttpMethod() && !method.equals(HandlerType.HEAD) && !method.equals(HandlerType.OPTIONS)) {
                routes.add(new Route(method.name().toLowerCase(Locale.ROOT), p.endpoint.path));
            }
        }
        return routes;
    }

    private static Set<Route> documentedRoutes(JsonNode doc) {
        Set<Route> routes = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (OPERATIONS.contains(key)) {
                routes.add(new Route(key, path.getKey()));
            }
        }));
        return routes;
    }

    private static Set<Route> undocumented(Set<Route> registered, JsonNode doc) {
        Set<Route> missing = new TreeSet<>(registered);
        missing.removeAll(documentedRoutes(doc));
        return missing;
    }

    // ---- the document covers the server ----

    @Test
    void everyRegisteredRouteIsDocumented() {
        Set<Route> registered = registeredRoutes();

        assertThat(registered).as("routes seen in Javalin's router").hasSizeGreaterThanOrEqualTo(15)
                .contains(new Route("get", "/v1/marketing/admin/analytics/compare"));
        assertThat(undocumented(registered, document)).as("registered routes missing from /openapi.json").isEmpty();
    }

    @Test
    void aRouteLeftOutOfTheDocumentIsCaught() {
        ObjectNode withoutCompare = document.deepCopy();
        ((ObjectNode) withoutCompare.get("paths")).remove("/v1/marketing/admin/analytics/compare");

        assertThat(undocumented(registeredRoutes(), withoutCompare))
                .containsExactly(new Route("get", "/v1/marketing/admin/analytics/compare"));
    }

    @Test
    void everyDocumentedRouteExists() {
        Set<Route> stale = documentedRoutes(document);
        stale.removeAll(registeredRoutes());

        assertThat(stale).as("documented routes the server does not have").isEmpty();
    }

    @Test
    void theDocumentIsOpenApi31WithBearerJwtSecurity() {
        assertThat(document.get("openapi").asText()).startsWith("3.1.");
        assertThat(document.at("/info/title").asText()).isNotBlank();
        JsonNode bearer = document.at("/components/securitySchemes/bearerAuth");
        assertThat(bearer.get("type").asText()).isEqualTo("http");
        assertThat(bearer.get("scheme").asText()).isEqualTo("bearer");
        assertThat(bearer.get("bearerFormat").asText()).isEqualTo("JWT");
    }

    @Test
    void everyReferenceResolves() {
        SchemaCheck check = new SchemaCheck(document);
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        refs.forEach(check::resolve);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    @Test
    void everyOperationDeclaresItsPathParametersAndItsResponses() {
        SchemaCheck check = new SchemaCheck(document);
        for (Route route : documentedRoutes(document)) {
            JsonNode pathItem = document.get("paths").get(route.path());
            JsonNode operation = pathItem.get(route.method());
            List<String> declared = new ArrayList<>();
            for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
                for (JsonNode p : list) {
                    JsonNode parameter = p.has("$ref") ? check.resolve(p.get("$ref").asText()) : p;
                    assertThat(parameter.has("description")).as(route + " " + parameter.get("name")).isTrue();
                    if (parameter.get("in").asText().equals("path")) {
                        declared.add(parameter.get("name").asText());
                    }
                }
            }
            List<String> inTemplate = new ArrayList<>();
            Matcher m = PATH_PARAMETER.matcher(route.path());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            assertThat(declared).as(route + " path parameters").containsExactlyInAnyOrderElementsOf(inTemplate);
            assertThat(operation.get("summary").asText()).as(route + " summary").isNotBlank();
            assertThat(fieldNames(operation.get("responses"))).as(route + " responses")
                    .anyMatch(code -> code.startsWith("2"));
        }
    }

    @Test
    void adminRoutesNeedABearerTokenAndSayWhichPermissionAndPublicRoutesNone() {
        for (Route route : documentedRoutes(document)) {
            JsonNode operation = document.get("paths").get(route.path()).get(route.method());
            if (route.path().startsWith("/v1/marketing/admin/")) {
                assertThat(operation.get("security").toString()).as(route.toString()).isEqualTo("[{\"bearerAuth\":[]}]");
                assertThat(fieldNames(operation.get("responses"))).as(route.toString()).contains("401", "403");
                assertThat(Permissions.isKnown(operation.path("x-permission").asText())).as(route.toString()).isTrue();
                assertThat(operation.get("description").asText()).contains(operation.get("x-permission").asText());
            } else {
                assertThat(operation.get("security").toString()).as(route.toString()).isEqualTo("[]");
            }
        }
    }

    @Test
    void theReportFieldsExplainTheirMeaning() {
        JsonNode schemas = document.at("/components/schemas");

        assertThat(schemas.at("/Summary/properties/click_through_rate/description").asText())
                .contains("clicks / views", "HALF_UP", "2 decimal places", "null");
        assertThat(schemas.at("/Summary/properties/conversion_rate/description").asText())
                .contains("conversions / clicks");
        assertThat(schemas.at("/PeriodChange/properties/views/description").asText())
                .contains("(current − previous) / previous", "null");
        assertThat(schemas.at("/Interval/description").asText()).contains("Wilson", "95 %");
        assertThat(schemas.at("/Significance/description").asText()).contains("z-test", "two-sided");
        assertThat(schemas.at("/Significance/properties/significant/description").asText()).contains("0.05");
        assertThat(document.at("/components/responses/BadRequest/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Error");
    }

    // ---- real answers have the documented shapes ----

    /** Sends the call and checks the answer against the schema documented for its route and status. */
    private static Reply conforms(String method, String template, Call call) {
        Reply reply = call.send();
        JsonNode operation = document.get("paths").get(template).get(method);
        assertThat(operation).as(method + " " + template + " is documented").isNotNull();
        JsonNode response = operation.get("responses").get(String.valueOf(reply.status()));
        assertThat(response).as(method + " " + template + " documents status " + reply.status() + ": " + reply)
                .isNotNull();
        SchemaCheck check = new SchemaCheck(document);
        if (response.has("$ref")) {
            response = check.resolve(response.get("$ref").asText());
        }
        JsonNode schema = response.at("/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as(method + " " + template + " " + reply.status() + " has a JSON schema")
                .isFalse();
        assertThat(check.problems(schema, reply.json())).as(method + " " + template + " -> " + reply).isEmpty();
        return reply;
    }

    @Test
    void reportAnswersHaveTheDocumentedShapes() {
        UUID busy = api.campaign("Busy");
        UUID quiet = api.campaign("Quiet");
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Event> events = new ArrayList<>();
        events.addAll(times(30, Event.of(busy, "view", yesterday).withDimensions("vip", "email", "mobile")));
        events.addAll(times(6, Event.of(busy, "click", yesterday).withDimensions("vip", "email", null)));
        events.addAll(times(2, Event.of(busy, "conversion", yesterday)));
        events.addAll(times(9, Event.of(busy, "impression", yesterday.minus(8, ChronoUnit.DAYS))));
        events.addAll(times(20, Event.of(busy, "view", yesterday.minus(8, ChronoUnit.DAYS))));
        events.addAll(times(1, Event.of(busy, "click", yesterday.minus(8, ChronoUnit.DAYS))));
        importAll(api, events);
        String report = ANALYTICS + "/campaigns/{id}";
        for (UUID campaign : List.of(busy, quiet)) {
            for (String query : List.of("", "?group_by=week&metrics=views,click_through_rate", "?date_range=30d")) {
                String id = campaign.toString();
                conforms("get", "/v1/marketing" + "/admin/analytics/campaigns/{id}",
                        api.get(report.replace("{id}", id) + query).asSuperAdmin());
                conforms("get", "/v1/marketing/admin/analytics/campaigns/{id}/summary",
                        api.get(report.replace("{id}", id) + "/summary" + query).asSuperAdmin());
                conforms("get", "/v1/marketing/admin/analytics/campaigns/{id}/daily",
                        api.get(report.replace("{id}", id) + "/daily" + query).asSuperAdmin());
                conforms("get", "/v1/marketing/admin/analytics/campaigns/{id}/segmented",
                        api.get(report.replace("{id}", id) + "/segmented"
                                + (query.isEmpty() ? "?" : query + "&") + "segment_by=channel").asSuperAdmin());
            }
        }
        String compare = "/v1/marketing/admin/analytics/compare";
        conforms("get", compare, api.get(compare + "?campaign_ids=" + busy + "," + quiet).asSuperAdmin());
        conforms("get", compare, api.get(compare + "?campaign_ids=" + quiet + "," + busy).asSuperAdmin());
        conforms("get", compare, api.get(compare + "?campaign_ids=" + busy + "," + UUID.randomUUID()).asSuperAdmin());
        conforms("get", compare, api.get(compare + "?campaign_ids=" + busy).asSuperAdmin());
        conforms("get", compare, api.get(compare + "?campaign_ids=" + busy + "," + quiet));
        conforms("get", compare, api.get(compare + "?campaign_ids=" + busy + "," + quiet)
                .bearer(ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.CAMPAIGNS_READ)));
        conforms("get", report, api.get(report.replace("{id}", busy.toString()) + "?tz=Moon/Base").asSuperAdmin());
        conforms("get", report, api.get(report.replace("{id}", UUID.randomUUID().toString())).asSuperAdmin());
    }

    @Test
    void otherAnswersHaveTheDocumentedShapes() {
        String campaigns = "/v1/marketing/admin/campaigns";
        String one = campaigns + "/{id}";
        conforms("get", "/health", api.get("/health"));
        Reply created = conforms("post", campaigns,
                api.post(campaigns).asSuperAdmin().json("{\"campaign_name\": \"Documented\", \"template_type\": \"x\"}"));
        String id = created.data().get("id").asText();
        conforms("post", campaigns, api.post(campaigns).asSuperAdmin().json("{\"budget\": 1}"));
        conforms("post", campaigns, api.post(campaigns).asSuperAdmin().body("text/plain", "x"));
        conforms("get", campaigns, api.get(campaigns + "?limit=1").asSuperAdmin());
        conforms("get", campaigns, api.get(campaigns));
        conforms("get", one, api.get(campaigns + "/" + id).asSuperAdmin());
        conforms("get", one, api.get(campaigns + "/" + UUID.randomUUID()).asSuperAdmin());
        conforms("put", one, api.put(campaigns + "/" + id).asSuperAdmin().json("{\"template_type\": null}"));

        String event = "{\"campaign_id\": \"" + id + "\", \"event_type\": \"view\", \"event_id\": \"e-1\"}";
        conforms("post", "/v1/marketing/track-event", api.post("/v1/marketing/track-event").json(event));
        conforms("post", "/v1/marketing/track-event", api.post("/v1/marketing/track-event").json(event));
        conforms("post", "/v1/marketing/track-event", api.post("/v1/marketing/track-event").json("{}"));
        conforms("post", "/v1/marketing/track-event", api.post("/v1/marketing/track-event")
                .json(event.replace(id, UUID.randomUUID().toString())));
        conforms("post", "/v1/marketing/track-events", api.post("/v1/marketing/track-events")
                .json("{\"events\": [" + event + ", {\"event_type\": \"nap\"}]}"));
        conforms("post", "/v1/marketing/admin/events/import", api.post("/v1/marketing/admin/events/import")
                .asSuperAdmin().body("application/x-ndjson", event.replace("e-1", "e-2") + "\nnot json\n"));
        conforms("post", "/v1/marketing/admin/events/import", api.post("/v1/marketing/admin/events/import")
                .asSuperAdmin().json("[" + event.replace("e-1", "e-3") + ", 7]"));
    }

    @Test
    void liveFeedPollAnswersHaveTheDocumentedShapes() {
        String stream = "/v1/marketing/admin/analytics/stream";
        UUID campaign = api.campaign("Polled");
        for (String type : List.of("view", "click")) {
            Reply tracked = api.post("/v1/marketing/track-event")
                    .json("{\"campaign_id\": \"" + campaign + "\", \"event_type\": \"" + type + "\"}").send();
            assertThat(tracked.status()).as(tracked.toString()).isIn(200, 201);
        }
        Reply latest = conforms("get", stream, api.get(stream + "?limit=1").asSuperAdmin());
        assertThat(latest.data().has("last_updated")).isTrue();
        long newest = latest.data().get("last_event_id").asLong();
        Reply page = conforms("get", stream, api.get(stream + "?limit=1&last_event_id=" + (newest - 1)).asSuperAdmin());
        assertThat(page.data().has("has_more")).isTrue();
        conforms("get", stream, api.get(stream + "?last_event_id=" + newest + "&campaign_id=" + campaign).asSuperAdmin());
        conforms("get", stream, api.get(stream + "?last_updated=2025-01-01T00:00:00Z").asSuperAdmin());
        conforms("get", stream, api.get(stream + "?last_event_id=" + (newest + 1)).asSuperAdmin());
        conforms("get", stream, api.get(stream + "?last_event_id=1&last_updated=2025-01-01T00:00:00Z").asSuperAdmin());
    }

    // ---- the page ----

    @Test
    void theDocsPageLoadsSwaggerUiFromThisServerUnderAStrictPolicy() {
        Reply page = api.get("/docs").send();

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("frame-ancestors 'none'", "script-src 'self'", "connect-src 'self'",
                "default-src 'none'");
        assertThat(policy).doesNotContain("unsafe-eval").doesNotContainPattern("script-src[^;]*unsafe-inline");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("http://").doesNotContain("https://");
        Matcher sources = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        List<String> assets = new ArrayList<>();
        while (sources.find()) {
            assets.add(sources.group(1));
        }
        assertThat(assets).contains("/docs/swagger-ui/swagger-ui-bundle.js", "/docs/swagger-ui/swagger-ui.css",
                "/docs/assets/docs.js");
        for (String asset : assets) {
            Reply file = api.get(asset).send();
            assertThat(file.status()).as(asset).isEqualTo(200);
            assertThat(file.header("X-Content-Type-Options")).as(asset).isEqualTo("nosniff");
            assertThat(file.body()).as(asset).isNotEmpty();
        }
        assertThat(api.get("/docs/swagger-ui/swagger-ui-bundle.js").send().header("Content-Type"))
                .contains("javascript");
        assertThat(api.get("/docs/assets/docs.js").send().body()).contains("'/openapi.json'");
    }

    @Test
    void theWebjarsDemoPageAndPetStoreInitializerAreNotServed() {
        assertThat(api.get("/docs/swagger-ui/index.html").send().status()).isEqualTo(404);
        assertThat(api.get("/docs/swagger-ui/swagger-initializer.js").send().status()).isEqualTo(404);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            names.add(it.next().getKey());
        }
        return names;
    }
}
