package dev.campaignanalytics.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLineEncoderTest {
    private final LoggerContext context = new LoggerContext();
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    private LoggingEvent event(String message, Throwable thrown, Object... args) {
        LoggingEvent e = new LoggingEvent("test", context.getLogger("dev.example.Thing"), Level.WARN, message,
                thrown, args);
        e.setTimeStamp(1_743_297_300_123L);
        e.setThreadName("worker \"1\"");
        e.setMDCPropertyMap(Map.of("request_id", "abc-1"));
        return e;
    }

    private JsonNode encode(LoggingEvent e) throws Exception {
        String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        return new ObjectMapper().readTree(line);
    }

    @Test
    void writesOneObjectWithTheFixedFieldsTheMdcAndTheKeyValuesAsTheirOwnTypes() throws Exception {
        LoggingEvent e = event("GET {} done\nnext \"line\"", null, "/x");
        e.addKeyValuePair(new KeyValuePair("status", 404));
        e.addKeyValuePair(new KeyValuePair("duration_ms", 1.5));
        e.addKeyValuePair(new KeyValuePair("cached", true));
        e.addKeyValuePair(new KeyValuePair("route", "/v1/{id}"));
        e.addKeyValuePair(new KeyValuePair("level", "not the level"));

        JsonNode json = encode(e);

        assertThat(json.get("timestamp").asText()).isEqualTo("2025-03-30T01:15:00.123Z");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("dev.example.Thing");
        assertThat(json.get("thread").asText()).isEqualTo("worker \"1\"");
        assertThat(json.get("message").asText()).isEqualTo("GET /x done\nnext \"line\"");
        assertThat(json.get("request_id").asText()).isEqualTo("abc-1");
        assertThat(json.get("status").isIntegralNumber()).isTrue();
        assertThat(json.get("status").asInt()).isEqualTo(404);
        assertThat(json.get("duration_ms").asDouble()).isEqualTo(1.5);
        assertThat(json.get("cached").isBoolean()).isTrue();
        assertThat(json.get("route").asText()).isEqualTo("/v1/{id}");
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void writesAThrowableAsItsStackTraceInOneField() throws Exception {
        JsonNode json = encode(event("failed", new IllegalStateException("pool closed")));

        assertThat(json.get("exception").asText())
                .startsWith("java.lang.IllegalStateException: pool closed")
                .contains("at dev.campaignanalytics.app.JsonLineEncoderTest");
    }
}
