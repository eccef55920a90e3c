package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresServerTest {
    /** A stopped, migrated cluster, copied by the tests that need one, since making a cluster takes seconds. */
    @TempDir
    static Path template;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeTemplateCluster() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(template)) {
            withAdapters(server, PostgresAdapters::migrate);
        }
    }

    @Test
    void dataSurvivesAStopAndAStartOnTheSameDirectory() {
        Path dir = temp.resolve("not/there/yet");
        Campaign kept = campaign("Kept");

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            assertThat(server.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/campaign_analytics");
            withAdapters(server, adapters -> {
                adapters.migrate();
                adapters.campaignCatalog().add(kept);
            });
        }
        assertThat(dir.resolve("postmaster.pid")).doesNotExist();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            withAdapters(server, adapters -> {
                adapters.migrate();
                assertThat(adapters.campaignCatalog().find(kept.id())).contains(kept);
            });
        }
    }

    @Test
    void aDurableServerFlushesEachCommitToDisk() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(copyOfTemplate());
             Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, setting FROM pg_settings "
                     + "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name")) {
            Map<String, String> settings = new TreeMap<>();
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
            assertThat(settings).containsExactly(Map.entry("fsync", "on"), Map.entry("full_page_writes", "on"),
                    Map.entry("synchronous_commit", "on"));
        }
    }

    /** Only programs on this machine may reach it at all; a temporary server trusts every one of them. */
    @Test
    void aDurableServerListensOnlyOnTheLoopbackInterface() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(copyOfTemplate());
             Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW listen_addresses")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("localhost");
            for (InetAddress other : nonLoopbackAddresses()) {
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(other, server.port()), 2_000);
                    }
                }).as("a connection to %s:%d", other, server.port()).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void aDurableServerAsksEveryConnectionForItsPasswordAndKeepsItAcrossRestarts() throws Exception {
        Path dir = copyOfTemplate();
        String password;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            password = server.password();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo("postgres");
            assertThat(EmbeddedPostgresServer.passwordOf(dir)).isEqualTo(password);
            assertRefusedWithoutThePassword(server);
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), password)) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve(EmbeddedPostgresServer.PASSWORD_FILE)))).isEqualTo("rw-------");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            assertThat(server.password()).isEqualTo(password);
            assertRefusedWithoutThePassword(server);
        }
    }

    /** Clusters made before session 11 trusted every local connection, without a password file. */
    @Test
    void aClusterThatTrustedEveryLocalConnectionAsksForAPasswordFromItsNextStart() throws Exception {
        Path dir = copyOfTemplate();
        Files.writeString(dir.resolve("pg_hba.conf"), """
                local all all trust
                host all all 127.0.0.1/32 trust
                host all all ::1/128 trust
                """);
        Files.delete(dir.resolve(EmbeddedPostgresServer.PASSWORD_FILE));

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            assertThat(EmbeddedPostgresServer.passwordOf(dir)).isEqualTo(server.password());
            assertRefusedWithoutThePassword(server);
            withAdapters(server, adapters -> assertThat(adapters.migrationsApplied()).isTrue());
        }
    }

    private static void assertRefusedWithoutThePassword(EmbeddedPostgresServer server) {
        for (String wrong : new String[]{"postgres", ""}) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.user(), wrong).close())
                    .as("a connection with the password '%s'", wrong)
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).isIn("28P01", "08004"));
        }
    }

    @Test
    void startsOnADirectoryWithAStalePostmasterPidAndKeepsTheData() throws Exception {
        Path dir = copyOfTemplate();
        Campaign kept = campaign("Kept");
        String pidFile;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            withAdapters(server, adapters -> adapters.campaignCatalog().add(kept));
            pidFile = Files.readString(dir.resolve("postmaster.pid"));
        }
        // As if the server had died: its pid file stays behind, naming a server that has exited.
        Files.writeString(dir.resolve("postmaster.pid"), pidFile);

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            withAdapters(server, adapters ->
                    assertThat(adapters.campaignCatalog().find(kept.id())).contains(kept));
        }
    }

    @Test
    void startsOnADirectoryWhoseOwnerDiedWithoutStoppingItsServer() throws Exception {
        Path dir = copyOfTemplate();
        CampaignId id = CampaignId.random();
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AbandonedServerMain.class.getName(),
                dir.toString(), id.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                    StandardCharsets.UTF_8));
            String said = CompletableFuture.supplyAsync(() -> readUntilReady(out)).get(90, TimeUnit.SECONDS);
            assertThat(said).isEqualTo("READY");
        } finally {
            owner.destroyForcibly().waitFor();
        }
        Optional<ProcessHandle> abandoned = postmaster(dir);
        assertThat(abandoned).as("the abandoned PostgreSQL still runs").hasValueSatisfying(
                p -> assertThat(isRunning(p)).isTrue());

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            withAdapters(server, adapters ->
                    assertThat(adapters.campaignCatalog().find(id)).isPresent());
            assertThat(isRunning(abandoned.get())).isFalse();
        } finally {
            abandoned.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void secondServerOnADirectoryInUseIsRefusedAndTheFirstKeepsRunning() throws IOException {
        Path dir = copyOfTemplate();
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dir)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already runs");

            withAdapters(first, adapters -> assertThat(adapters.isDatabaseReachable()).isTrue());
        }
    }

    @Test
    void directoryWithOtherFilesButNoClusterIsRefused() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("foreign"));
        Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no PostgreSQL cluster");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void clusterOfAnotherMajorVersionIsRefusedBeforeStarting() throws Exception {
        Path dir = copyOfTemplate();
        Files.writeString(dir.resolve("PG_VERSION"), "16\n");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL 16 cluster");
    }

    @Test
    void afterTheServerStopsTheDatabaseIsUnreachableAndStoresFailQuickly() throws IOException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(copyOfTemplate());
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(server.jdbcUrl(), server.user(),
                server.password())) {
            PostgresAdapters adapters = PostgresAdapters.create(pool);
            Campaign c = campaign("Doomed");
            adapters.campaignCatalog().add(c);
            adapters.eventStore().append(List.of(event(c.id(), EventType.VIEW, T0)));
            assertThat(adapters.isDatabaseReachable()).isTrue();

            server.close();

            long start = System.nanoTime();
            assertThat(adapters.isDatabaseReachable()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
            start = System.nanoTime();
            assertThatThrownBy(() -> adapters.eventStore().append(List.of(event(c.id(), EventType.CLICK, T0))))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        } finally {
            server.close();
        }
    }

    /** A copy of the template cluster, with its files' permissions, which PostgreSQL checks. */
    private Path copyOfTemplate() throws IOException {
        Path copy = temp.resolve("cluster");
        try (Stream<Path> files = Files.walk(template)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Files.copy(from, copy.resolve(template.relativize(from).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return copy;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
    }

    private static void withAdapters(EmbeddedPostgresServer server, Consumer<PostgresAdapters> work) {
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(server.jdbcUrl(), server.user(),
                server.password())) {
            work.accept(PostgresAdapters.create(pool));
        }
    }

    private static String readUntilReady(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY")) {
                    return line;
                }
            }
            return "the owner JVM ended without starting its server";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Alive and not merely a zombie: an exited child of an init that has yet to reap it has no command. */
    private static boolean isRunning(ProcessHandle p) {
        return p.isAlive() && p.info().command().isPresent();
    }

    private static Optional<ProcessHandle> postmaster(Path dir) throws Exception {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid);
    }
}
