package dev.campaignanalytics.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL 17 server run from binaries that ship inside a jar: no installation and no container, for development,
 * demos, tests and a server of its own. It listens on a free port of {@code localhost} only, so it is not meant to
 * serve other machines. A server on a directory of its own asks every connection for the superuser's random password
 * ({@link #password()}); a temporary one trusts every local connection.
 *
 * <p>Its cluster is created with the built-in {@code C.UTF-8} locale, so case-insensitive matching (such as
 * campaign name search) folds all of Unicode, not only ASCII.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root, the server is started inside a user namespace
 * ({@code unshare -U}), where it runs as an unprivileged user; see {@link #start(Path)}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    /** The database that the application's tables live in. */
    static final String DATABASE = "campaign_analytics";
    /** The major version of the PostgreSQL binaries this runs. */
    private static final String MAJOR_VERSION = "17";
    private static final String SUPERUSER = "postgres";
    /** A temporary server trusts every local connection; this is what a client that insists on a password may send. */
    private static final String PASSWORD = "postgres";
    private static final String OWNER_LOCK = "campaign-analytics-server.lock";
    /** The file in the cluster's directory that holds the superuser's password ({@link #passwordOf(Path)}). */
    public static final String PASSWORD_FILE = "campaign-analytics-password";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean persistent;
    private final String password;
    /** Holds the lock that marks this process as the directory's owner; closing it releases the lock. */
    private final FileChannel ownerLockChannel;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean persistent, String password,
                                   FileChannel ownerLockChannel) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.persistent = persistent;
        this.password = password;
        this.ownerLockChannel = ownerLockChannel;
    }

    /**
     * Starts a server whose data lives in {@code dataDirectory} and outlives it: a directory that already holds a
     * cluster is used as it is, with all its data; a missing or empty one gets a new cluster. Commits are durable
     * (fsync and synchronous commit are on: a commit returns once its write-ahead log is on disk).
     *
     * <p>A server that was not stopped cleanly is handled: PostgreSQL recovers its data from its write-ahead log, the
     * {@code postmaster.pid} it left behind is cleared, and a server left running by a process that died without
     * stopping it is shut down first.
     *
     * @param dataDirectory where the cluster's data lives; created when missing
     * @return the running server; close it to stop it
     * @throws IllegalStateException when another live process (or this JVM) already runs a server on the directory,
     *                               when the directory holds files but no cluster, or a cluster of another PostgreSQL
     *                               major version, or when the server cannot start
     */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, 0);
    }

    /**
     * Like {@link #start(Path)}, on a given port, so that a restart keeps its address.
     *
     * @param dataDirectory where the cluster's data lives; created when missing
     * @param port          the TCP port on the loopback address; {@code 0} takes any free one
     * @return the running server; close it to stop it
     * @throws IllegalStateException as {@link #start(Path)}
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        requireAccountThatCanRunPostgres();
        createDirectories(dir);
        boolean hasCluster = Files.exists(dir.resolve("PG_VERSION"));
        if (!hasCluster) {
            deleteIfExists(dir.resolve(OWNER_LOCK));
            if (!isEmpty(dir)) {
                throw new IllegalStateException(dir + " holds files but no PostgreSQL cluster; give an empty directory");
            }
        }
        if (hasCluster) {
            requireOwnMajorVersion(dir);
        }
        FileChannel channel = null;
        try {
            // initdb needs an empty directory, so a new cluster gets its owner lock once it exists.
            if (hasCluster) {
                channel = openOwnerLock(dir);
                lockOrRefuse(channel, dir);
                clearUncleanStop(dir);
            }
            String password = hasCluster ? readPassword(dir).orElseGet(EmbeddedPostgresServer::newPassword)
                    : newPassword();
            EmbeddedPostgres.Builder builder = builder()
                    // Zonky's own readiness check connects with it once the cluster asks for it.
                    .setConnectConfig("password", password);
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false)
                    // Zonky starts every server with -F, i.e. fsync off: a commit would reach the operating system
                    // but not the disk, and a power loss could lose acknowledged events or corrupt the cluster. A
                    // later -c wins over -F.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // The owner stops the database with close(), after what still writes to it (the server's
                    // shutdown drains group commits and the rollup compactor first). Zonky's own shutdown hook
                    // would stop it on SIGTERM at the same time as the owner's hook, while those still write.
                    .setRegisterShutdownHook(false)
                    .start();
            if (!hasCluster) {
                try {
                    channel = openOwnerLock(dir);
                    lockOrRefuse(channel, dir);
                } catch (IOException | RuntimeException e) {
                    postgres.close();
                    throw e;
                }
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dir, true, password, channel);
            server.requirePassword();
            server.createApplicationDatabase();
            return server;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("could not start PostgreSQL on " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Starts a server on a new temporary directory that is deleted when the server closes. It trades durability for
     * speed (no fsync), which suits tests.
     *
     * @return the running server; closing it stops it and deletes its data
     */
    public static EmbeddedPostgresServer startTemporary() {
        requireAccountThatCanRunPostgres();
        try {
            EmbeddedPostgres postgres = builder()
                    .setCleanDataDirectory(true)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, null, false, PASSWORD, null);
            server.createApplicationDatabase();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start a temporary PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setPGStartupWait(STARTUP_WAIT)
                // Only used by initdb, i.e. for a new cluster.
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setLocaleConfig("locale", "C");
    }

    /** {@return the JDBC URL of the application database, on {@code localhost}} */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** {@return the user to connect as: the server's superuser, who owns the application database} */
    public String user() {
        return SUPERUSER;
    }

    /**
     * The superuser's password. A server on a directory of its own ({@link #start(Path)}) asks every connection for it;
     * it is made at random for the cluster and kept in the file {@value #PASSWORD_FILE} of its directory, readable by
     * its owner only. A temporary server trusts every local connection, whatever password it gets.
     *
     * @return the password to connect with
     */
    public String password() {
        return password;
    }

    /**
     * The password of the server whose cluster lives in {@code dataDirectory}, for a tool that finds that server
     * through its directory (its port is in {@code postmaster.pid}).
     *
     * @param dataDirectory the directory given to {@link #start(Path)}
     * @return the password to connect with
     * @throws IllegalStateException when the directory holds no password: no server asked for one there yet
     */
    public static String passwordOf(Path dataDirectory) {
        return readPassword(dataDirectory.toAbsolutePath().normalize()).orElseThrow(() -> new IllegalStateException(
                dataDirectory + " holds no " + PASSWORD_FILE + "; start a server on it first"));
    }

    /** {@return the TCP port the server listens on, on {@code localhost}} */
    public int port() {
        return postgres.getPort();
    }

    /**
     * Stops PostgreSQL cleanly (fast shutdown: open sessions are ended, then a checkpoint is written) and waits for it
     * to exit. A temporary server's directory is deleted. Closing twice does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
            if (persistent) {
                awaitPostmasterExit(dataDirectory, STOP_WAIT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL", e);
        } finally {
            closeQuietly(ownerLockChannel);
        }
    }

    /**
     * Makes the cluster ask every connection for the password, also a cluster that an earlier version created with
     * trust for every local connection. Idempotent, so each start does it. The order keeps the directory usable if the
     * process dies half way: the password is kept before the role gets it, and the role has it before the cluster
     * asks for it.
     */
    private void requirePassword() {
        try {
            writePassword(dataDirectory, password);
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                 Statement s = c.createStatement()) {
                // the password is base64url, so it needs no escaping in the literal
                s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
                Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.US_ASCII);
                try (ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
                    rs.next();
                }
            }
        } catch (SQLException | IOException e) {
            close();
            throw new IllegalStateException("could not set the password of PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Every connection, over the socket or TCP on the loopback address, gives the superuser's password. */
    private static final String HBA = """
            # Written by Campaign Analytics at every start of its embedded server: every connection gives a password.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Optional<String> readPassword(Path dir) {
        Path file = dir.resolve(PASSWORD_FILE);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static void writePassword(Path dir, String password) throws IOException {
        Path file = dir.resolve(PASSWORD_FILE);
        if (readPassword(dir).filter(password::equals).isPresent()) {
            return;
        }
        Path partial = dir.resolve(PASSWORD_FILE + ".partial");
        Files.deleteIfExists(partial);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(partial,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(partial);
        }
        Files.writeString(partial, password, StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void createApplicationDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("could not create the database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL refuses to run as root. The zonky launcher then runs every PostgreSQL binary through
     * {@code unshare -U}, in a user namespace where the process is an unprivileged user that still owns the files
     * root made. This fails early, with the reason, when that is not possible here.
     */
    private static void requireAccountThatCanRunPostgres() {
        if (isRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, and this process runs as root. "
                    + "The embedded server then runs PostgreSQL in a user namespace ('unshare -U'), which is not "
                    + "available here. Install util-linux (unshare), allow user namespaces "
                    + "(sysctl user.max_user_namespaces > 0), or run as an ordinary user.");
        }
    }

    private static boolean isRoot() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return false;
        }
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** PostgreSQL only opens clusters of its own major version; it fails late and quietly otherwise. */
    private static void requireOwnMajorVersion(Path dir) {
        String version;
        try {
            version = Files.readString(dir.resolve("PG_VERSION"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the cluster version in " + dir, e);
        }
        if (!version.equals(MAJOR_VERSION)) {
            throw new IllegalStateException(dir + " holds a PostgreSQL " + version + " cluster; this server is "
                    + "PostgreSQL " + MAJOR_VERSION + ". Upgrade the cluster with pg_upgrade, or dump and restore it.");
        }
    }

    private static void lockOrRefuse(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("this JVM already runs a PostgreSQL server on " + dir);
        }
        if (lock == null) {
            throw new IllegalStateException("another process runs a PostgreSQL server on " + dir);
        }
    }

    /**
     * Clears what a server that was not stopped cleanly left behind. A {@code postmaster.pid} that names a live
     * PostgreSQL for this directory, while no live process owns the directory (we hold its owner lock), belongs to a
     * server whose owner died without stopping it: it is asked for a fast shutdown. A pid file whose process is gone
     * is left to PostgreSQL, which clears it once it has checked that no old backend still uses shared memory. A pid
     * file whose pid now names some other process (reused, or an exited server not yet reaped) is stale, but
     * PostgreSQL would take it for a running server, so it is removed.
     */
    private static void clearUncleanStop(Path dir) throws IOException {
        Optional<ProcessHandle> orphan = runningPostmaster(dir);
        if (orphan.isPresent()) {
            long pid = orphan.get().pid();
            try {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                kill.waitFor();
            } catch (IOException e) {
                orphan.get().destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the abandoned PostgreSQL " + pid, e);
            }
            awaitPostmasterExit(dir, ORPHAN_STOP_WAIT);
        }
        Optional<PidFile> left = PidFile.read(dir);
        if (left.isPresent() && ProcessHandle.of(left.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
            Files.deleteIfExists(dir.resolve(PidFile.NAME));
        }
    }

    /** The PostgreSQL that the directory's pid file names, if it runs and serves this directory. */
    private static Optional<ProcessHandle> runningPostmaster(Path dir) throws IOException {
        Optional<PidFile> pidFile = PidFile.read(dir);
        if (pidFile.isEmpty() || pidFile.get().dataDirectory() == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pidFile.get().pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .filter(p -> isSameDirectory(pidFile.get().dataDirectory(), dir));
    }

    /** What a {@code postmaster.pid} says: the server's pid, and the data directory it serves. */
    private record PidFile(long pid, Path dataDirectory) {
        static final String NAME = "postmaster.pid";

        static Optional<PidFile> read(Path dir) throws IOException {
            Path file = dir.resolve(NAME);
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            try {
                long pid = Long.parseLong(lines.get(0).trim());
                return Optional.of(new PidFile(pid, lines.size() > 1 ? Path.of(lines.get(1).trim()) : null));
            } catch (NumberFormatException | InvalidPathException e) {
                return Optional.empty();
            }
        }
    }

    private static void awaitPostmasterExit(Path dir, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (runningPostmaster(dir).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL on " + dir + " did not stop within " + wait);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for PostgreSQL to stop", e);
            }
        }
    }

    private static boolean isSameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static FileChannel openOwnerLock(Path dir) throws IOException {
        return FileChannel.open(dir.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dir, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // The lock goes with the channel; nothing else to release.
        }
    }
}
