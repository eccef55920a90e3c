package dev.campaignanalytics.app.http;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Large raw-event exports: what happens when the download does not end well. A client that goes away, or a database
 * that fails mid-way, must free the database connection and every temporary file at once, and a broken download
 * must look broken to the client.
 */
class ExportStreamingTest {
    private static final int EVENTS = 200_000;
    private static final Duration RELEASE_WITHIN = Duration.ofSeconds(5);
    private static final String EXPORT_QUERY = "SELECT id, event_type, created_at%";

    /** Emptied once, not before each test: the tests only read the events, which take a while to load. */
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    @TempDir
    static Path poiTemp;

    private static UUID campaign;

    @BeforeAll
    static void startServerWithManyEvents() throws SQLException {
        db.truncateAll();
        api = ApiServer.start(db);
        // POI's temporary files go to a directory of this test alone, so that no other process can blur the count.
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(poiTemp.toFile()));
        campaign = api.campaign("Busy");
        try (Connection c = db.dataSource().getConnection(); Statement ddl = c.createStatement()) {
            // Rows go in straight through SQL, for speed: their month's partition must exist first.
            ddl.execute("CREATE TABLE IF NOT EXISTS campaign_analytics_y2025m03 PARTITION OF campaign_analytics "
                    + "FOR VALUES FROM ('2025-03-01 00:00:00+00') TO ('2025-04-01 00:00:00+00')");
        }
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO campaign_analytics (id, campaign_id, event_type, audience_segment, channel, "
                        + "device_type, user_agent, session_id, created_at, received_at) "
                        + "SELECT gen_random_uuid(), ?, (ARRAY['impression','view','click','conversion'])[1 + g % 4], "
                        + "'segment-' || (g % 5), 'email', 'mobile', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140', "
                        + "'session-' || g, timestamptz '2025-03-03 00:00Z' + g * interval '2 seconds', "
                        + "timestamptz '2025-03-03 00:00Z' + g * interval '2 seconds' + interval '1 second' "
                        + "FROM generate_series(1, ?) AS g")) {
            s.setObject(1, campaign);
            s.setInt(2, EVENTS);
            s.executeUpdate();
        }
    }

    @AfterAll
    static void stopServer() {
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy());
        api.close();
    }

    private static String path(String format) {
        return Exports.PATH + "?type=events&campaign_id=" + campaign
                + "&start_date=2025-03-03&end_date=2025-03-09&format=" + format;
    }

    /** Sends the request on a plain socket and reads the status line, the headers and {@code bytes} of the body. */
    private Socket startDownload(String path, int bytes) throws IOException {
        Socket socket = new Socket("127.0.0.1", api.port());
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ApiServer.superAdmin()
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed before the headers ended: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        assertThat(in.readNBytes(bytes)).hasSize(bytes);
        return socket;
    }

    /** Kills the connection as a crashing client does: a reset, without a clean close. */
    private static void kill(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static int activeConnections() {
        return ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().getActiveConnections();
    }

    private long backendsRunningTheExport() {
        return api.count("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE ? "
                + "AND state <> 'idle'", EXPORT_QUERY);
    }

    private static List<Path> poiFiles() throws IOException {
        Path dir = poiTemp.resolve("poifiles");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static Duration await(BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > RELEASE_WITHIN.toNanos()) {
                throw new AssertionError("not within " + RELEASE_WITHIN);
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aClientThatGoesAwayMidCsvFreesTheDatabaseConnectionAtOnce() throws Exception {
        Socket socket = startDownload(path("csv"), 256 * 1024);
        // The export is reading from the database while the client downloads.
        assertThat(activeConnections()).isEqualTo(1);
        assertThat(backendsRunningTheExport()).isEqualTo(1);

        kill(socket);

        await(() -> activeConnections() == 0);
        assertThat(backendsRunningTheExport()).isZero();
        // The server serves on as before.
        assertThat(Exports.download(api, "campaign_id=" + campaign, ApiServer.superAdmin()).status()).isEqualTo(200);
    }

    @Test
    void aClientThatGoesAwayMidWorkbookLeavesNoTemporaryFileAndNoConnection() throws Exception {
        assertThat(poiFiles()).isEmpty();

        // A fifth of the events (one segment, 40,000 rows) makes a workbook of some MB; the client leaves after
        // 64 KB of it. A workbook is sent once all its rows are written, so the connection is free by then already.
        Socket socket = startDownload(path("excel") + "&audience_segment=segment-1", 64 * 1024);
        kill(socket);

        await(() -> {
            try {
                return poiFiles().isEmpty() && activeConnections() == 0;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aDatabaseFailureMidDownloadBreaksTheTransferInsteadOfEndingItCleanly() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path("csv")))
                .header("Authorization", "Bearer " + ApiServer.superAdmin()).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(64 * 1024)).hasSize(64 * 1024);

            assertThat(api.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE pid <> pg_backend_pid() AND query LIKE ?", EXPORT_QUERY)).isEqualTo(1);

            assertThatThrownBy(() -> body.transferTo(OutputStream.nullOutputStream()))
                    .isInstanceOf(IOException.class);
        }
        await(() -> activeConnections() == 0);
    }

    @Test
    void aWholeDownloadOfEveryEventEndsCleanly() throws Exception {
        Exports.Download d = Exports.download(api, path("csv").substring(Exports.PATH.length() + 1),
                ApiServer.superAdmin());

        assertThat(d.status()).isEqualTo(200);
        long lines = d.text().chars().filter(ch -> ch == '\n').count();
        assertThat(lines).isEqualTo(EVENTS + 1);
        assertThat(activeConnections()).isZero();
    }
}
