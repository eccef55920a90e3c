package dev.campaignanalytics.app;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An external database older than PostgreSQL 15 is refused with one line naming ANALYTICS_DB_URL, before any
 * migration runs. The old server is the test database seen through a relay that makes it announce version 14.
 */
class OlderPostgresTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @TempDir
    Path dataDir;

    @Test
    void migrateServeAndImportRefuseAnOlderPostgresWithExitCodeTwoAndOneLine() throws Exception {
        URI target = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        try (VersionRewritingRelay relay = new VersionRewritingRelay(target.getHost(), target.getPort())) {
            Map<String, String> env = DatabaseVariables.of(db, "jdbc:postgresql://127.0.0.1:" + relay.port()
                    + target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
            env.put("ANALYTICS_DATA_DIR", dataDir.toString());
            env.put("ANALYTICS_HTTP_PORT", "0");
            Path events = Files.writeString(dataDir.resolve("events.ndjson"), "");
            for (String[] command : new String[][]{{"migrate"}, {"serve"}, {"import", events.toString()}}) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int exit = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), command);

                assertThat(exit).as("exit code of %s", command[0]).isEqualTo(2);
                assertThat(err.toString().strip().lines()).as("error output of %s", command[0]).singleElement()
                        .asString()
                        .matches("configuration error: ANALYTICS_DB_URL: PostgreSQL 15 or later is required; "
                                + "the database runs PostgreSQL 14\\..*");
            }
            assertThat(relay.rewritten()).isPositive();
        }
    }

    /**
     * Relays TCP to a PostgreSQL server and changes the major version in its {@code server_version} announcement to
     * 14, keeping the message's length.
     */
    private static final class VersionRewritingRelay implements AutoCloseable {
        private static final byte[] NAME = "server_version\0".getBytes(StandardCharsets.US_ASCII);
        private final ServerSocket listener;
        private volatile int rewritten;

        VersionRewritingRelay(String host, int port) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Socket server = new Socket(host, port);
                        pump(client.getInputStream(), server.getOutputStream(), false, client, server);
                        pump(server.getInputStream(), client.getOutputStream(), true, client, server);
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "version-rewriting-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int rewritten() {
            return rewritten;
        }

        private void pump(InputStream in, OutputStream out, boolean fromServer, Socket a, Socket b) {
            Thread t = new Thread(() -> {
                ByteArrayOutputStream held = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (!fromServer) {
                            out.write(buffer, 0, n);
                            out.flush();
                            continue;
                        }
                        held.write(buffer, 0, n);
                        byte[] bytes = held.toByteArray();
                        rewrite(bytes);
                        // the last bytes may be the start of an announcement whose rest has yet to come
                        int keep = Math.min(bytes.length, NAME.length + 2);
                        out.write(bytes, 0, bytes.length - keep);
                        out.flush();
                        held.reset();
                        held.write(bytes, bytes.length - keep, keep);
                        if (in.available() == 0) {
                            out.write(held.toByteArray());
                            out.flush();
                            held.reset();
                        }
                    }
                } catch (IOException e) {
                    // one side went away
                } finally {
                    closeQuietly(a);
                    closeQuietly(b);
                }
            }, "version-rewriting-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        private void rewrite(byte[] bytes) {
            for (int i = 0; i + NAME.length + 2 <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + NAME.length, NAME, 0, NAME.length)) {
                    bytes[i + NAME.length] = '1';
                    bytes[i + NAME.length + 1] = '4';
                    rewritten++;
                }
            }
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
