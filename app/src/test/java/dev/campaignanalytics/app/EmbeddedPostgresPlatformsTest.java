package dev.campaignanalytics.app;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's embedded PostgreSQL runs from binaries carried on its class path, one archive per platform; on a
 * platform without one, {@code serve} cannot start its default database. These are the platforms that the README's
 * "Quick start" names.
 */
class EmbeddedPostgresPlatformsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "Linux x86_64 (glibc),        postgres-linux-x86_64.txz",
            "Linux x86_64 (Alpine musl),  postgres-linux-x86_64-alpine_linux.txz",
            "Linux arm64,                 postgres-linux-arm_64.txz",
            "macOS Intel,                 postgres-darwin-x86_64.txz",
            "macOS Apple Silicon,         postgres-darwin-arm_64.txz",
            "Windows x64,                 postgres-windows-x86_64.txz",
    })
    void theServerCarriesPostgresBinariesForThePlatform(String platform, String archive) {
        assertThat(Main.class.getClassLoader().getResource(archive))
                .as("PostgreSQL binaries for %s (%s) on the server's class path", platform, archive)
                .isNotNull();
    }
}
