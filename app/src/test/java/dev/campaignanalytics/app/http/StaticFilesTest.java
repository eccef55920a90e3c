package dev.campaignanalytics.app.http;

import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's and the API docs' files, served from memory with validators and their own headers. */
class StaticFilesTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static ApiServer api;

    @BeforeAll
    static void start() {
        api = ApiServer.start(db);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void eachFileComesWithItsTypeAValidatorAndNosniff() {
        for (String path : List.of("/dashboard/assets/app.js", "/dashboard/assets/style.css",
                "/dashboard/uplot/dist/uPlot.esm.js", "/dashboard/uplot/dist/uPlot.min.css",
                "/docs/swagger-ui/swagger-ui-bundle.js", "/docs/swagger-ui/favicon-16x16.png", "/docs/assets/docs.js")) {
            Reply file = api.get(path).send();
            assertThat(file.status()).as(path).isEqualTo(200);
            assertThat(file.body()).as(path).isNotEmpty();
            assertThat(file.header("ETag")).as(path).matches("\"[0-9a-f]{32}\"");
            assertThat(file.header("Cache-Control")).as(path).isEqualTo("no-cache");
            assertThat(file.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        }
        assertThat(api.get("/dashboard/assets/app.js").send().header("Content-Type")).startsWith("text/javascript");
        assertThat(api.get("/dashboard/uplot/dist/uPlot.min.css").send().header("Content-Type")).startsWith("text/css");
        assertThat(api.get("/docs/swagger-ui/favicon-16x16.png").send().header("Content-Type")).isEqualTo("image/png");
    }

    @Test
    void aFileTheBrowserHoldsAlreadyIsAnsweredWithNotModified() {
        Reply first = api.get("/dashboard/assets/campaign.js").send();
        Reply again = api.get("/dashboard/assets/campaign.js").header("If-None-Match", first.header("ETag")).send();
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));

        Reply stale = api.get("/dashboard/assets/campaign.js").header("If-None-Match", "\"0123\"").send();
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void filesThatAreNotListedAreNotServed() {
        for (String path : List.of("/dashboard/uplot/dist/uPlot.iife.js", "/dashboard/uplot/package.json",
                "/docs/swagger-ui/index.html",
                "/dev/campaignanalytics/http/openapi.json", "/META-INF/MANIFEST.MF",
                "/docs/swagger-ui/swagger-initializer.js")) {
            assertThat(api.get(path).send().status()).as(path).isEqualTo(404);
        }
    }
}
