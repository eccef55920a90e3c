package dev.campaignanalytics.app;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits, rate limits and cross-origin settings: their defaults, and values refused at start. */
class ProtectionSettingsTest {
    @Test
    void theLimitsHaveTheirDocumentedDefaults() {
        AppConfig config = AppConfig.fromEnvironment(Map.of());

        assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxBatchEvents()).isEqualTo(1000);
        assertThat(config.maxEventDataBytes()).isEqualTo(8192);
        assertThat(config.maxEventDataDepth()).isEqualTo(10);
        assertThat(config.maxPageSize()).isEqualTo(500);
        assertThat(config.rateLimit()).isEqualTo(100);
        assertThat(config.adminRateLimit()).isEqualTo(100);
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.adminCorsOrigins()).isEmpty();
    }

    @Test
    void originsAreReadAsACommaSeparatedList() {
        AppConfig config = AppConfig.fromEnvironment(Map.of(
                "ANALYTICS_CORS_ORIGINS", " https://shop.example, http://localhost:3000 ,*",
                "ANALYTICS_ADMIN_CORS_ORIGINS", "https://[2001:db8::1]:8443"));

        assertThat(config.corsOrigins()).containsExactly("https://shop.example", "http://localhost:3000", "*");
        assertThat(config.adminCorsOrigins()).containsExactly("https://[2001:db8::1]:8443");
    }

    @Test
    void unusableValuesStopTheServerNamingTheVariable() {
        Map<String, String> bad = Map.of(
                "ANALYTICS_MAX_BODY_BYTES", "100",
                "ANALYTICS_MAX_BATCH_EVENTS", "0",
                "ANALYTICS_MAX_EVENT_DATA_BYTES", "9000",
                "ANALYTICS_MAX_EVENT_DATA_DEPTH", "33",
                "ANALYTICS_MAX_PAGE_SIZE", "501",
                "ANALYTICS_RATE_LIMIT", "-1",
                "ANALYTICS_ADMIN_RATE_LIMIT", "fast",
                "ANALYTICS_CORS_ORIGINS", "https://shop.example/path",
                "ANALYTICS_ADMIN_CORS_ORIGINS", "shop.example");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of(e.getKey(), e.getValue())))
                    .as(e.getKey() + "=" + e.getValue())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(e.getKey() + ": ");
        }
    }

    @Test
    void zeroTurnsTheRateLimitsOff() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("ANALYTICS_RATE_LIMIT", "0",
                "ANALYTICS_ADMIN_RATE_LIMIT", "0"));
        assertThat(List.of(config.rateLimit(), config.adminRateLimit())).containsOnly(0);
    }
}
