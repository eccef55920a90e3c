package dev.campaignanalytics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP ceiling of our own stack: Javalin 7 and Jackson as the server uses them, with an endpoint that reads the
 * same event JSON into a tree, checks it is an object with the two required fields, and answers an envelope of the
 * same shape, touching nothing else (no validation rules, no database). Run in its own JVM by the benchmark:
 * {@code java -cp bench.jar dev.campaignanalytics.bench.BareEndpoint <port>}.
 */
public final class BareEndpoint {
    private BareEndpoint() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.routes.get("/health", ctx -> ctx.result("UP"));
            cfg.routes.post("/v1/marketing/track-event", ctx -> {
                JsonNode body = mapper.readTree(ctx.bodyAsBytes());
                if (!body.isObject() || !body.path("campaign_id").isTextual()
                        || !body.path("event_type").isTextual()) {
                    ctx.status(400).json(Map.of("success", false, "message", "campaign_id and event_type"));
                    return;
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("success", true);
                data.put("event_id", UUID.randomUUID().toString());
                data.put("message", "Event tracked successfully");
                Map<String, Object> envelope = new LinkedHashMap<>();
                envelope.put("success", true);
                envelope.put("data", data);
                ctx.json(envelope);
            });
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        app.start("127.0.0.1", port);
    }
}
