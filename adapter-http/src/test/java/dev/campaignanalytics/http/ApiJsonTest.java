package dev.campaignanalytics.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiJsonTest {
    private final ObjectMapper mapper = ApiJson.newMapper();

    record Sample(LocalDate reportDate, Instant occurredAt, BigDecimal clickRate, BigDecimal large) {
    }

    @Test
    void keysAreSnakeCaseAndDatesAreIsoText() throws Exception {
        String json = mapper.writeValueAsString(new Sample(LocalDate.of(2024, 5, 1),
                Instant.parse("2024-05-01T12:30:00Z"), new BigDecimal("12.50"), new BigDecimal("1E+3")));

        assertThat(json).isEqualTo("{\"report_date\":\"2024-05-01\",\"occurred_at\":\"2024-05-01T12:30:00Z\","
                + "\"click_rate\":12.50,\"large\":1000}");
    }

    @Test
    void decimalsAreNeverWrittenInScientificNotation() throws Exception {
        assertThat(mapper.writeValueAsString(new BigDecimal("1.25E-7"))).isEqualTo("0.000000125");
    }

    @Test
    void aDocumentNestedDeeperThanTheLimitIsRefusedByTheParser() {
        String deep = "[".repeat(ApiJson.MAX_NESTING_DEPTH + 1) + "]".repeat(ApiJson.MAX_NESTING_DEPTH + 1);

        assertThatThrownBy(() -> mapper.readTree(deep)).isInstanceOf(StreamConstraintsException.class)
                .satisfies(e -> assertThat(ApiJson.describe((StreamConstraintsException) e))
                        .isEqualTo("is nested more than 64 levels deep"));
    }

    @Test
    void aDocumentAtTheNestingLimitIsRead() throws Exception {
        String deepest = "[".repeat(ApiJson.MAX_NESTING_DEPTH) + "]".repeat(ApiJson.MAX_NESTING_DEPTH);

        assertThat(mapper.readTree(deepest).isArray()).isTrue();
    }

    @Test
    void aStringLongerThanTheLimitIsRefusedByTheParser() {
        String longText = "\"" + "x".repeat(ApiJson.MAX_STRING_LENGTH + 1) + "\"";

        assertThatThrownBy(() -> mapper.readTree(longText)).isInstanceOf(StreamConstraintsException.class)
                .satisfies(e -> assertThat(ApiJson.describe((StreamConstraintsException) e))
                        .contains("text longer than"));
    }
}
