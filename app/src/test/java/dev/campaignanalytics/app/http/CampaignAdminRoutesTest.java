package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignAdminRoutesTest {
    private static final String CAMPAIGNS = "/v1/marketing/admin/campaigns";

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db);
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    private static Reply create(String json) {
        return api.post(CAMPAIGNS).asSuperAdmin().json(json).send();
    }

    private static Reply update(Object id, String json) {
        return api.put(CAMPAIGNS + "/" + id).asSuperAdmin().json(json).send();
    }

    private static Reply list(String query) {
        return api.get(CAMPAIGNS + query).asSuperAdmin().send();
    }

    // ---- create ----

    @Test
    void createAnswers201WithTheNewActiveCampaignInSnakeCase() {
        Reply reply = create("{\"campaign_name\": \"Spring sale\"}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("success").asBoolean()).isTrue();
        JsonNode c = reply.data();
        assertThat(UUID.fromString(c.get("id").asText())).isNotNull();
        assertThat(c.get("campaign_name").asText()).isEqualTo("Spring sale");
        assertThat(c.get("template_type").isNull()).isTrue();
        assertThat(c.get("is_active").asBoolean()).isTrue();
        assertThat(c.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(c.get("updated_at").asText()).isEqualTo(c.get("created_at").asText());
        assertThat(api.count("SELECT count(*) FROM marketing_campaigns WHERE id = ? AND campaign_name = ?",
                UUID.fromString(c.get("id").asText()), "Spring sale")).isEqualTo(1);
    }

    @Test
    void createKeepsTheTemplateTypeAndAnInactiveFlag() {
        JsonNode c = create("{\"campaign_name\": \"Quiet\", \"template_type\": \"banner\", \"is_active\": false}")
                .data();

        assertThat(c.get("template_type").asText()).isEqualTo("banner");
        assertThat(c.get("is_active").asBoolean()).isFalse();
    }

    @Test
    void createRequiresACampaignName() {
        Reply reply = create("{\"template_type\": \"banner\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("success").asBoolean()).isFalse();
        assertThat(reply.errorFields()).containsExactly("campaign_name");
        assertThat(api.count("SELECT count(*) FROM marketing_campaigns")).isZero();
    }

    @Test
    void createRefusesABlankCampaignName() {
        Reply reply = create("{\"campaign_name\": \"   \"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("campaign_name");
    }

    @Test
    void createAcceptsA200CharacterNameAndRefusesA201CharacterOne() {
        assertThat(create("{\"campaign_name\": \"" + "n".repeat(200) + "\"}").status()).isEqualTo(201);

        Reply tooLong = create("{\"campaign_name\": \"" + "n".repeat(201) + "\"}");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorFields()).containsExactly("campaign_name");
    }

    @Test
    void createAcceptsA50CharacterTemplateTypeAndRefusesA51CharacterOne() {
        assertThat(create("{\"campaign_name\": \"T\", \"template_type\": \"" + "t".repeat(50) + "\"}").status())
                .isEqualTo(201);

        Reply tooLong = create("{\"campaign_name\": \"T\", \"template_type\": \"" + "t".repeat(51) + "\"}");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorFields()).containsExactly("template_type");
    }

    @Test
    void createRefusesUnknownFieldsNamingEachOne() {
        Reply reply = create("{\"campaign_name\": \"X\", \"budget\": 10, \"id\": \"" + UUID.randomUUID() + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("budget", "id");
        assertThat(api.count("SELECT count(*) FROM marketing_campaigns")).isZero();
    }

    @Test
    void createRefusesWrongJsonTypesNamingEachField() {
        Reply reply = create("{\"campaign_name\": 5, \"template_type\": true, \"is_active\": \"yes\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("campaign_name", "template_type", "is_active");
    }

    @Test
    void createRefusesMalformedJsonAsABadBody() {
        Reply reply = create("{\"campaign_name\": ");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"name\"", "42", "null"})
    void createRefusesABodyThatIsNotAJsonObject(String body) {
        Reply reply = create(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @Test
    void createRefusesTrailingContentAfterTheObject() {
        Reply reply = create("{\"campaign_name\": \"A\"} {\"campaign_name\": \"B\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @Test
    void createRefusesANestingDeeperThanTheParserLimitWith400() {
        String deep = "{\"campaign_name\": \"A\", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}";

        Reply reply = create(deep);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @Test
    void createRefusesABodyThatIsNotJsonWith415() {
        Reply reply = api.post(CAMPAIGNS).asSuperAdmin().body("text/plain", "{\"campaign_name\": \"A\"}").send();

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().get("success").asBoolean()).isFalse();
    }

    @Test
    void createAcceptsJsonDeclaredWithAUtf8Charset() {
        Reply reply = api.post(CAMPAIGNS).asSuperAdmin()
                .body("application/json; charset=UTF-8", "{\"campaign_name\": \"Été\"}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.data().get("campaign_name").asText()).isEqualTo("Été");
    }

    @Test
    void createRefusesJsonDeclaredInAnotherCharsetWith415() {
        Reply reply = api.post(CAMPAIGNS).asSuperAdmin()
                .body("application/json; charset=ISO-8859-1", "{\"campaign_name\": \"A\"}").send();

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void createRefusesAnOversizedBodyWith413() {
        Reply reply = create("{\"campaign_name\": \"A\", \"pad\": \"" + "p".repeat(70_000) + "\"}");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.count("SELECT count(*) FROM marketing_campaigns")).isZero();
    }

    // ---- get ----

    @Test
    void getAnswersTheCampaign() {
        String id = create("{\"campaign_name\": \"Seen\", \"template_type\": \"email\"}").data().get("id").asText();

        Reply reply = api.get(CAMPAIGNS + "/" + id).asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("id").asText()).isEqualTo(id);
        assertThat(reply.data().get("campaign_name").asText()).isEqualTo("Seen");
        assertThat(reply.data().get("template_type").asText()).isEqualTo("email");
    }

    @Test
    void getOfAnUnknownCampaignIs404NamingTheId() {
        UUID unknown = UUID.randomUUID();

        Reply reply = api.get(CAMPAIGNS + "/" + unknown).asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).contains(unknown.toString());
    }

    @Test
    void getWithAnIdThatIsNotAUuidIs400() {
        Reply reply = api.get(CAMPAIGNS + "/not-a-uuid").asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("id");
    }

    // ---- list ----

    private static List<String> names(Reply reply) {
        List<String> names = new ArrayList<>();
        reply.data().get("campaigns").forEach(c -> names.add(c.get("campaign_name").asText()));
        return names;
    }

    @Test
    void listShowsNewestFirstWithPagingFacts() {
        for (String name : List.of("one", "two", "three")) {
            create("{\"campaign_name\": \"" + name + "\"}");
        }

        Reply first = list("?limit=2");
        Reply last = list("?limit=2&offset=2");

        assertThat(first.status()).isEqualTo(200);
        assertThat(names(first)).containsExactly("three", "two");
        JsonNode page = first.data();
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("offset").asInt()).isZero();
        assertThat(page.get("next_offset").asInt()).isEqualTo(2);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(names(last)).containsExactly("one");
        assertThat(last.data().get("next_offset").isNull()).isTrue();
        assertThat(last.data().get("has_more").asBoolean()).isFalse();
    }

    @Test
    void listPagesBy50WhenNoLimitIsGiven() {
        for (int i = 0; i < 51; i++) {
            api.campaign("c" + i);
        }

        Reply reply = list("");

        assertThat(reply.data().get("campaigns").size()).isEqualTo(50);
        assertThat(reply.data().get("limit").asInt()).isEqualTo(50);
        assertThat(reply.data().get("next_offset").asInt()).isEqualTo(50);
    }

    @Test
    void listFiltersByActiveFlagAndByNameIgnoringCase() {
        create("{\"campaign_name\": \"Summer Sale\"}");
        create("{\"campaign_name\": \"summer teaser\", \"is_active\": false}");
        create("{\"campaign_name\": \"Winter\"}");

        assertThat(names(list("?is_active=false"))).containsExactly("summer teaser");
        assertThat(names(list("?is_active=true"))).containsExactly("Winter", "Summer Sale");
        assertThat(names(list("?q=SUMMER"))).containsExactly("summer teaser", "Summer Sale");
        assertThat(names(list("?q=summer&is_active=true"))).containsExactly("Summer Sale");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=201", "limit=ten", "offset=-1", "offset=1.5"})
    void listRefusesALimitOrOffsetOutOfRange(String query) {
        Reply reply = list("?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly(query.substring(0, query.indexOf('=')));
    }

    @Test
    void listAcceptsTheLargestLimit() {
        assertThat(list("?limit=200").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "TRUE", "maybe"})
    void listRefusesAnActiveFilterThatIsNotTrueOrFalse(String value) {
        Reply reply = list("?is_active=" + value);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("is_active");
    }

    // ---- update ----

    @Test
    void updateChangesOnlyTheFieldsGivenAndMovesUpdatedAt() {
        JsonNode before = create("{\"campaign_name\": \"Old\", \"template_type\": \"email\"}").data();
        String id = before.get("id").asText();

        Reply reply = update(id, "{\"is_active\": false}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode after = reply.data();
        assertThat(after.get("campaign_name").asText()).isEqualTo("Old");
        assertThat(after.get("template_type").asText()).isEqualTo("email");
        assertThat(after.get("is_active").asBoolean()).isFalse();
        assertThat(after.get("created_at").asText()).isEqualTo(before.get("created_at").asText());
        assertThat(Instant.parse(after.get("updated_at").asText()))
                .isAfter(Instant.parse(before.get("updated_at").asText()));
        assertThat(api.one("SELECT is_active FROM marketing_campaigns WHERE id = ?", UUID.fromString(id)))
                .isEqualTo(false);
    }

    @Test
    void updateRenamesAndClearsTheTemplateTypeWithNull() {
        String id = create("{\"campaign_name\": \"Old\", \"template_type\": \"email\"}").data().get("id").asText();

        JsonNode after = update(id, "{\"campaign_name\": \"New\", \"template_type\": null}").data();

        assertThat(after.get("campaign_name").asText()).isEqualTo("New");
        assertThat(after.get("template_type").isNull()).isTrue();
        assertThat(api.one("SELECT template_type FROM marketing_campaigns WHERE id = ?", UUID.fromString(id)))
                .isNull();
    }

    @Test
    void updateRefusesUnknownFieldsAndChangesNothing() {
        String id = create("{\"campaign_name\": \"Kept\"}").data().get("id").asText();

        Reply reply = update(id, "{\"campaign_name\": \"Changed\", \"created_at\": \"2020-01-01T00:00:00Z\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("created_at");
        assertThat(api.one("SELECT campaign_name FROM marketing_campaigns WHERE id = ?", UUID.fromString(id)))
                .isEqualTo("Kept");
    }

    @Test
    void updateRefusesWrongTypesAndNullsForFieldsThatCannotBeCleared() {
        String id = create("{\"campaign_name\": \"Kept\"}").data().get("id").asText();

        assertThat(update(id, "{\"campaign_name\": null, \"is_active\": null}").errorFields())
                .containsExactlyInAnyOrder("campaign_name", "is_active");
        assertThat(update(id, "{\"campaign_name\": [], \"template_type\": 3, \"is_active\": 1}").errorFields())
                .containsExactlyInAnyOrder("campaign_name", "template_type", "is_active");
    }

    @Test
    void updateAppliesTheCreateRulesToTheFieldsGiven() {
        String id = create("{\"campaign_name\": \"Kept\"}").data().get("id").asText();

        Reply reply = update(id, "{\"campaign_name\": \"" + "n".repeat(201) + "\", \"template_type\": \""
                + "t".repeat(51) + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("campaign_name", "template_type");
    }

    @Test
    void updateOfAnUnknownCampaignIs404() {
        Reply reply = update(UUID.randomUUID(), "{\"is_active\": false}");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void updateWithAnIdThatIsNotAUuidIs400() {
        Reply reply = update("42", "{\"is_active\": false}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("id");
    }

    @Test
    void updateRefusesMalformedJsonAndOtherContentTypes() {
        String id = create("{\"campaign_name\": \"Kept\"}").data().get("id").asText();

        assertThat(update(id, "{\"is_active\": fals}").errorFields()).containsExactly("body");
        assertThat(api.put(CAMPAIGNS + "/" + id).asSuperAdmin().body("application/xml", "<a/>").send().status())
                .isEqualTo(415);
    }
}
