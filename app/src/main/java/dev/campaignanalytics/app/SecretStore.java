package dev.campaignanalytics.app;

import dev.campaignanalytics.http.auth.TokenMinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The HS256 secret that the server generates for itself when none is configured: made once, kept in the data
 * directory readable by its owner only, and read back at every later start so that issued tokens stay valid.
 */
final class SecretStore {
    static final String FILE_NAME = "jwt-secret";

    private SecretStore() {
    }

    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, TokenMinter.generateSecret(), StandardCharsets.UTF_8,
                            StandardOpenOption.TRUNCATE_EXISTING);
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first; read theirs
                }
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new ConfigException("ANALYTICS_DATA_DIR", file + " holds a JWT secret shorter than 32 bytes");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the JWT secret in " + file, e);
        }
    }
}
