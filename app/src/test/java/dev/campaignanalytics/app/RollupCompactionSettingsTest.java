package dev.campaignanalytics.app;

import dev.campaignanalytics.postgres.RollupCompaction;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code ANALYTICS_ROLLUP_COMPACTION_*} settings: their defaults, how they are read, values refused at start. */
class RollupCompactionSettingsTest {
    @Test
    void byDefaultTheServerCompactsInTheBackgroundAsTheAdaptersDefaultSays() {
        assertThat(AppConfig.fromEnvironment(Map.of()).rollupCompaction()).isEqualTo(RollupCompaction.DEFAULT);
    }

    @Test
    void theSettingsAreRead() {
        AppConfig config = AppConfig.fromEnvironment(Map.of(
                "ANALYTICS_ROLLUP_COMPACTION_BACKGROUND", "FALSE",
                "ANALYTICS_ROLLUP_COMPACTION_INTERVAL", "250ms",
                "ANALYTICS_ROLLUP_COMPACTION_BATCH_SIZE", "1000000",
                "ANALYTICS_ROLLUP_COMPACTION_THREADS", "8"));

        assertThat(config.rollupCompaction())
                .isEqualTo(new RollupCompaction(false, Duration.ofMillis(250), 1_000_000, 8));
    }

    @Test
    void theEdgesOfEachRangeAreAccepted() {
        AppConfig low = AppConfig.fromEnvironment(Map.of("ANALYTICS_ROLLUP_COMPACTION_INTERVAL", "100ms",
                "ANALYTICS_ROLLUP_COMPACTION_BATCH_SIZE", "1", "ANALYTICS_ROLLUP_COMPACTION_THREADS", "1"));
        AppConfig high = AppConfig.fromEnvironment(Map.of("ANALYTICS_ROLLUP_COMPACTION_INTERVAL", "1h"));

        assertThat(low.rollupCompaction()).isEqualTo(new RollupCompaction(true, Duration.ofMillis(100), 1, 1));
        assertThat(high.rollupCompaction().interval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void unusableValuesAreRefusedNamingTheVariableAndTheRule() {
        String interval = "ANALYTICS_ROLLUP_COMPACTION_INTERVAL";
        String batch = "ANALYTICS_ROLLUP_COMPACTION_BATCH_SIZE";
        String threads = "ANALYTICS_ROLLUP_COMPACTION_THREADS";
        String background = "ANALYTICS_ROLLUP_COMPACTION_BACKGROUND";
        assertRefused(interval, "99ms", "must be between 100ms and 1h, got '99ms'");
        assertRefused(interval, "0s", "must be between 100ms and 1h, got '0s'");
        assertRefused(interval, "61m", "must be between 100ms and 1h, got '61m'");
        assertRefused(interval, "often", "must be a duration such as 30s, 5m, 72h or 7d, got 'often'");
        assertRefused(batch, "0", "must be between 1 and 1000000, got 0");
        assertRefused(batch, "1000001", "must be between 1 and 1000000, got 1000001");
        assertRefused(batch, "50k", "must be a whole number, got '50k'");
        assertRefused(threads, "0", "must be between 1 and 8, got 0");
        assertRefused(threads, "9", "must be between 1 and 8, got 9");
        assertRefused(background, "off", "must be true or false, got 'off'");
    }

    @Test
    void aServeWithAnUnusableValueStopsWithOneLineNamingTheVariable() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(Map.of("ANALYTICS_ROLLUP_COMPACTION_THREADS", "16"), new PrintWriter(out, true),
                new PrintWriter(err, true), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ANALYTICS_ROLLUP_COMPACTION_THREADS", "must be between 1 and 8, got 16");
    }

    private static void assertRefused(String name, String value, String rule) {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of(name, value)))
                .as(name + "=" + value)
                .isInstanceOf(ConfigException.class)
                .hasMessage(name + ": " + rule);
    }
}
