package dev.campaignanalytics.app;

import dev.campaignanalytics.core.domain.TrackingPolicy;
import dev.campaignanalytics.postgres.GroupCommit;
import dev.campaignanalytics.postgres.RollupCompaction;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's configuration, read from {@code ANALYTICS_*} environment variables and checked at start, so that a
 * mistake stops the server with one line naming the variable instead of failing at the first request.
 *
 * @param dbUrl        JDBC URL of an external PostgreSQL; {@code null} runs an embedded PostgreSQL in
 *                     {@code dataDir}
 * @param dataDir      where the embedded database and the generated JWT secret live; survives restarts
 * @param maxRangeDays the longest report range, in calendar days counting both ends
 * @param metrics      who may read {@code GET /metrics}
 * @param metricsToken in {@code token} mode, a fixed bearer token for scrapers; {@code null} for none
 * @param logFormat    how log lines are written to standard output
 * @param shutdownGrace   how long the server keeps serving after a stop signal while readiness says 503, so that load
 *                        balancers stop sending traffic before it stops accepting connections
 * @param shutdownTimeout how long requests in flight may take to finish once the server stops accepting connections
 * @param maxBodyBytes      the largest body of a tracking request, in bytes
 * @param maxBatchEvents    the most events of one tracking batch
 * @param maxEventDataBytes the largest {@code event_data} of one event, in bytes of JSON
 * @param maxEventDataDepth the deepest {@code event_data}, the object itself being 1 level
 * @param maxPageSize       the largest {@code limit} of a list
 * @param rateLimit         tracking requests per second per client address (bursts of twice that); 0: no limit
 * @param adminRateLimit    admin requests per second per token subject (bursts of twice that); 0: no limit
 * @param corsOrigins       origins whose pages may call the tracking routes ({@code *}: all); empty: none
 * @param adminCorsOrigins  origins whose pages may call the admin routes; empty: none
 * @param rollupCompaction  how this server moves the rollup deltas into the rollup levels, and whether it does at all
 */
public record AppConfig(String dbUrl, String dbUser, String dbPassword, Path dataDir, String httpHost, int httpPort,
                        String jwtSecret, String jwtJwks, String jwtIssuer, String jwtAudience, String jwtRoleClaim,
                        boolean trustProxy, boolean ipAnonymize, Duration trackMaxFuture, Duration trackMaxPast,
                        ZoneId defaultZone, int maxRangeDays, MetricsMode metrics, String metricsToken,
                        LogFormat logFormat, Duration shutdownGrace, Duration shutdownTimeout,
                        int groupCommitMaxEvents, Duration groupCommitMaxWait, int rawRetentionMonths,
                        long maxBodyBytes, int maxBatchEvents, int maxEventDataBytes, int maxEventDataDepth,
                        int maxPageSize, int rateLimit, int adminRateLimit, List<String> corsOrigins,
                        List<String> adminCorsOrigins, RollupCompaction rollupCompaction) {

    /** Who may read {@code GET /metrics}. */
    public enum MetricsMode {
        /** No {@code /metrics} route. */
        OFF,
        /** Anyone who reaches the server. */
        PUBLIC,
        /** A bearer token: {@code ANALYTICS_METRICS_TOKEN}, or the JWT of a {@code super_admin}. */
        TOKEN
    }

    /** How log lines are written. */
    public enum LogFormat {
        /** One human-readable line per event. */
        TEXT,
        /** One JSON object per line. */
        JSON
    }

    /** A web origin as browsers send it: scheme, host (a name or a bracketed IPv6 literal), optional port. */
    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile(
            "https?://([a-z0-9.-]+|\\[[0-9a-f:.]+])(:[0-9]{1,5})?", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The shortest static metrics token accepted. */
    static final int MIN_METRICS_TOKEN_CHARS = 32;

    /** Every variable the server reads, with its default and meaning. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("ANALYTICS_DB_URL", null,
                    "JDBC URL of an external PostgreSQL, e.g. jdbc:postgresql://db:5432/analytics. "
                            + "Unset: an embedded PostgreSQL 17 runs with its data under ANALYTICS_DATA_DIR."),
            new Setting("ANALYTICS_DB_USER", null, "User for ANALYTICS_DB_URL."),
            new Setting("ANALYTICS_DB_PASSWORD", null, "Password for ANALYTICS_DB_URL."),
            new Setting("ANALYTICS_DATA_DIR", "./data",
                    "Directory of the embedded database and the generated JWT secret; kept across restarts."),
            new Setting("ANALYTICS_HTTP_HOST", "0.0.0.0", "Address the HTTP server listens on."),
            new Setting("ANALYTICS_HTTP_PORT", "7070", "Port the HTTP server listens on (0 picks a free one)."),
            new Setting("ANALYTICS_JWT_SECRET", null,
                    "HS256 secret for admin tokens, at least 32 bytes. Unset and no JWKS: a secret is generated once "
                            + "and kept in ANALYTICS_DATA_DIR/jwt-secret."),
            new Setting("ANALYTICS_JWT_JWKS", null,
                    "URL or file path of a JWKS with RS256/ES256 public keys for admin tokens."),
            new Setting("ANALYTICS_JWT_ISSUER", null, "When set, tokens must carry this iss."),
            new Setting("ANALYTICS_JWT_AUDIENCE", null, "When set, tokens must carry this aud."),
            new Setting("ANALYTICS_JWT_ROLE_CLAIM", null,
                    "Dot path of the role claim, e.g. app_metadata.role. Unset: the claim role or roles."),
            new Setting("ANALYTICS_TRUST_PROXY", "false",
                    "true: take the client address from the first X-Forwarded-For entry."),
            new Setting("ANALYTICS_IP_ANONYMIZE", "true",
                    "true: store IPv4 addresses with the last octet zeroed and IPv6 with the last 80 bits zeroed."),
            new Setting("ANALYTICS_TRACK_MAX_FUTURE", "5m",
                    "How far in the future a tracked event's occurred_at may lie (e.g. 30s, 5m, 1h)."),
            new Setting("ANALYTICS_TRACK_MAX_PAST", "72h",
                    "How far in the past a live tracked event's occurred_at may lie; imports have no limit."),
            new Setting("ANALYTICS_DEFAULT_TZ", "UTC", "IANA time zone of reports when a request names none."),
            new Setting("ANALYTICS_MAX_RANGE_DAYS", "1096", "Longest report range in days, counting both ends."),
            new Setting("ANALYTICS_METRICS", "token",
                    "Who may read GET /metrics (Prometheus text): off (no such route), public (anyone), or token "
                            + "(Authorization: Bearer with ANALYTICS_METRICS_TOKEN or the JWT of a super_admin)."),
            new Setting("ANALYTICS_METRICS_TOKEN", null,
                    "With ANALYTICS_METRICS=token, a fixed bearer token for scrapers such as Prometheus, at least "
                            + MIN_METRICS_TOKEN_CHARS + " characters."),
            new Setting("ANALYTICS_LOG_FORMAT", "text",
                    "Log lines on standard output: text (human-readable) or json (one JSON object per line)."),
            new Setting("ANALYTICS_SHUTDOWN_GRACE", "0s",
                    "On SIGTERM, how long the server goes on serving while /health/ready answers 503, so that load "
                            + "balancers stop sending traffic first (e.g. 5s behind Kubernetes)."),
            new Setting("ANALYTICS_SHUTDOWN_TIMEOUT", "20s",
                    "On SIGTERM, after the grace, how long requests in flight may take to finish once the server "
                            + "stops accepting connections; what still runs then is cut off."),
            new Setting("ANALYTICS_GROUP_COMMIT_MAX_EVENTS", "5000",
                    "The most events one group commit stores in one transaction (concurrent requests are gathered)."),
            new Setting("ANALYTICS_GROUP_COMMIT_MAX_WAIT", "0ms",
                    "How long a group commit waits for more requests after its first; 0ms takes only what is "
                            + "already queued, which batches under load and adds no latency when idle."),
            new Setting("ANALYTICS_RAW_RETENTION_MONTHS", "0",
                    "Drop raw events (monthly partitions) older than this many months, keeping their counts in the "
                            + "rollups so reports do not change; 0 keeps raw events for ever."),
            new Setting("ANALYTICS_MAX_BODY_BYTES", "1048576",
                    "Largest body of a tracking request (track-event, track-events) in bytes; larger: 413."),
            new Setting("ANALYTICS_MAX_BATCH_EVENTS", "1000", "Most events one POST /track-events may carry."),
            new Setting("ANALYTICS_MAX_EVENT_DATA_BYTES", "8192",
                    "Largest event_data of one event, in bytes of its JSON text (at most 8192)."),
            new Setting("ANALYTICS_MAX_EVENT_DATA_DEPTH", "10",
                    "Deepest event_data of one event: {} is 1 level, {\"a\":{}} 2 (at most 32)."),
            new Setting("ANALYTICS_MAX_PAGE_SIZE", "500",
                    "Largest limit of a list: campaigns (at most 200 anyway) and the live feed poll (500)."),
            new Setting("ANALYTICS_RATE_LIMIT", "100",
                    "Tracking requests per second per client address (IPv6: per /64), bursts of twice that; over "
                            + "it: 429 with Retry-After. 0 turns it off. High-volume senders should batch."),
            new Setting("ANALYTICS_ADMIN_RATE_LIMIT", "100",
                    "Admin requests per second per token subject, bursts of twice that; 0 turns it off."),
            new Setting("ANALYTICS_CORS_ORIGINS", null,
                    "Comma-separated origins (https://shop.example) whose pages may call the tracking routes from "
                            + "a browser; * for any. Unset: no cross-origin calls."),
            new Setting("ANALYTICS_ADMIN_CORS_ORIGINS", null,
                    "The same for the admin routes. Unset: no cross-origin calls."),
            new Setting("ANALYTICS_ROLLUP_COMPACTION_BACKGROUND", "true",
                    "true: this server moves the rollup deltas of new events into the rollup levels in the "
                            + "background, from its start; false: it does not, for installations where another "
                            + "server or process on the database does (reports stay exact, but slow down as deltas "
                            + "pile up)."),
            new Setting("ANALYTICS_ROLLUP_COMPACTION_INTERVAL", "1s",
                    "Pause between two background compactions while less than a full batch waits (100ms to 1h); "
                            + "a full batch is followed by the next at once."),
            new Setting("ANALYTICS_ROLLUP_COMPACTION_BATCH_SIZE", "50000",
                    "Most rollup delta rows one compaction transaction moves (1 to 1000000); larger batches drain "
                            + "a backlog in fewer transactions and hold more in memory."),
            new Setting("ANALYTICS_ROLLUP_COMPACTION_THREADS", "2",
                    "Background threads that compact at once while full batches wait, as after an import of "
                            + "history (1 to 8); each keeps one PostgreSQL core busy."));

    /** The shortest pause between background compactions. */
    static final Duration MIN_COMPACTION_INTERVAL = Duration.ofMillis(100);
    /** The longest pause between background compactions: reports read every delta row not yet compacted. */
    static final Duration MAX_COMPACTION_INTERVAL = Duration.ofHours(1);

    /**
     * Reads and checks the configuration.
     *
     * @throws ConfigException naming the first variable that is unusable, or an unknown {@code ANALYTICS_*} variable
     */
    public static AppConfig fromEnvironment(Map<String, String> env) {
        rejectUnknown(env);
        String dbUrl = blankToNull(env.get("ANALYTICS_DB_URL"));
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("ANALYTICS_DB_URL", "must be a jdbc:postgresql: URL, got '" + dbUrl + "'");
        }
        String secret = blankToNull(env.get("ANALYTICS_JWT_SECRET"));
        if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException("ANALYTICS_JWT_SECRET", "must be at least 32 bytes long");
        }
        String roleClaim = blankToNull(env.get("ANALYTICS_JWT_ROLE_CLAIM"));
        if (roleClaim != null && !roleClaim.matches("[^.]+(\\.[^.]+)*")) {
            throw new ConfigException("ANALYTICS_JWT_ROLE_CLAIM",
                    "must be claim names separated by single dots, e.g. app_metadata.role, got '" + roleClaim + "'");
        }
        MetricsMode metrics = choice(env, "ANALYTICS_METRICS", MetricsMode.class);
        String metricsToken = blankToNull(env.get("ANALYTICS_METRICS_TOKEN"));
        if (metricsToken != null) {
            if (metrics == MetricsMode.PUBLIC) {
                throw new ConfigException("ANALYTICS_METRICS_TOKEN",
                        "is set, but ANALYTICS_METRICS=public lets anyone read the metrics; use token");
            }
            if (metricsToken.strip().length() < MIN_METRICS_TOKEN_CHARS || !metricsToken.equals(metricsToken.strip())) {
                throw new ConfigException("ANALYTICS_METRICS_TOKEN", "must be at least " + MIN_METRICS_TOKEN_CHARS
                        + " characters without surrounding spaces");
            }
        }
        return new AppConfig(
                dbUrl,
                blankToNull(env.get("ANALYTICS_DB_USER")),
                env.get("ANALYTICS_DB_PASSWORD"),
                Path.of(value(env, "ANALYTICS_DATA_DIR")),
                value(env, "ANALYTICS_HTTP_HOST"),
                integer(env, "ANALYTICS_HTTP_PORT", 0, 65535),
                secret,
                blankToNull(env.get("ANALYTICS_JWT_JWKS")),
                blankToNull(env.get("ANALYTICS_JWT_ISSUER")),
                blankToNull(env.get("ANALYTICS_JWT_AUDIENCE")),
                roleClaim,
                bool(env, "ANALYTICS_TRUST_PROXY"),
                bool(env, "ANALYTICS_IP_ANONYMIZE"),
                duration(env, "ANALYTICS_TRACK_MAX_FUTURE"),
                duration(env, "ANALYTICS_TRACK_MAX_PAST"),
                zone(env, "ANALYTICS_DEFAULT_TZ"),
                integer(env, "ANALYTICS_MAX_RANGE_DAYS", 1, 36_600),
                metrics,
                metricsToken,
                choice(env, "ANALYTICS_LOG_FORMAT", LogFormat.class),
                duration(env, "ANALYTICS_SHUTDOWN_GRACE"),
                duration(env, "ANALYTICS_SHUTDOWN_TIMEOUT"),
                integer(env, "ANALYTICS_GROUP_COMMIT_MAX_EVENTS", 1, 100_000),
                duration(env, "ANALYTICS_GROUP_COMMIT_MAX_WAIT"),
                integer(env, "ANALYTICS_RAW_RETENTION_MONTHS", 0, 1200),
                integer(env, "ANALYTICS_MAX_BODY_BYTES", 1024, 64 * 1024 * 1024),
                integer(env, "ANALYTICS_MAX_BATCH_EVENTS", 1, 100_000),
                integer(env, "ANALYTICS_MAX_EVENT_DATA_BYTES", 2, 8192),
                integer(env, "ANALYTICS_MAX_EVENT_DATA_DEPTH", 1, 32),
                integer(env, "ANALYTICS_MAX_PAGE_SIZE", 1, 500),
                integer(env, "ANALYTICS_RATE_LIMIT", 0, 1_000_000),
                integer(env, "ANALYTICS_ADMIN_RATE_LIMIT", 0, 1_000_000),
                origins(env, "ANALYTICS_CORS_ORIGINS"),
                origins(env, "ANALYTICS_ADMIN_CORS_ORIGINS"),
                rollupCompaction(env));
    }

    /** The {@code ANALYTICS_ROLLUP_COMPACTION_*} settings. */
    private static RollupCompaction rollupCompaction(Map<String, String> env) {
        boolean background = bool(env, "ANALYTICS_ROLLUP_COMPACTION_BACKGROUND");
        String intervalName = "ANALYTICS_ROLLUP_COMPACTION_INTERVAL";
        Duration interval = duration(env, intervalName);
        if (interval.compareTo(MIN_COMPACTION_INTERVAL) < 0 || interval.compareTo(MAX_COMPACTION_INTERVAL) > 0) {
            throw new ConfigException(intervalName, "must be between 100ms and 1h, got '" + value(env, intervalName)
                    + "'");
        }
        return new RollupCompaction(background, interval,
                integer(env, "ANALYTICS_ROLLUP_COMPACTION_BATCH_SIZE", 1, 1_000_000),
                integer(env, "ANALYTICS_ROLLUP_COMPACTION_THREADS", 1, 8));
    }

    /** A comma-separated list of origins ({@code scheme://host[:port]}) or {@code *}; empty when unset. */
    private static List<String> origins(Map<String, String> env, String name) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return List.of();
        }
        List<String> origins = new java.util.ArrayList<>();
        for (String part : v.split(",")) {
            String o = part.strip();
            if (o.isEmpty()) {
                continue;
            }
            if (!o.equals("*") && !ORIGIN.matcher(o).matches()) {
                throw new ConfigException(name, "must be origins such as https://shop.example or http://localhost:3000 "
                        + "(scheme, host, optional port, no path), or *, separated by commas; got '" + o + "'");
            }
            origins.add(o);
        }
        return List.copyOf(origins);
    }

    /** Whether the server runs its own embedded PostgreSQL. */
    public boolean embeddedDatabase() {
        return dbUrl == null;
    }

    /** {@return the rules for tracked events: how far ahead and back {@code occurred_at} may lie, IP anonymising} */
    public TrackingPolicy trackingPolicy() {
        return new TrackingPolicy(trackMaxFuture, trackMaxPast, ipAnonymize);
    }

    /** {@return the group commit of the event store; its queue holds at least one full group} */
    public GroupCommit groupCommit() {
        return new GroupCommit(groupCommitMaxEvents, groupCommitMaxWait,
                Math.max(GroupCommit.DEFAULT.queueCapacity(), groupCommitMaxEvents), GroupCommit.DEFAULT_WRITERS);
    }

    private static void rejectUnknown(Map<String, String> env) {
        for (String name : env.keySet()) {
            if (!name.startsWith("ANALYTICS_") || name.startsWith("ANALYTICS_TEST_")) {
                continue;
            }
            if (SETTINGS.stream().noneMatch(s -> s.name().equals(name))) {
                String closest = null;
                int best = Integer.MAX_VALUE;
                for (Setting s : SETTINGS) {
                    int d = distance(name, s.name());
                    if (d < best) {
                        best = d;
                        closest = s.name();
                    }
                }
                throw new ConfigException(name, "unknown setting"
                        + (best <= 3 ? "; did you mean " + closest + "?" : "; see --help for the known ones"));
            }
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = blankToNull(env.get(name));
        if (v != null) {
            return v.trim();
        }
        return SETTINGS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().defaultValue();
    }

    private static int integer(Map<String, String> env, String name, int min, int max) {
        String v = value(env, name);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, got '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = value(env, name).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name, "must be true or false, got '" + v + "'");
        };
    }

    /** One of the constants of {@code type}, written in any case. */
    private static <E extends Enum<E>> E choice(Map<String, String> env, String name, Class<E> type) {
        String v = value(env, name);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw new ConfigException(name, "must be one of " + String.join(", ", names) + ", got '" + v + "'");
    }

    private static Duration duration(Map<String, String> env, String name) {
        return Durations.parse(name, value(env, name));
    }

    /** An IANA zone id, by the same rule as a request's {@code tz}: a bare offset such as {@code +05:30} is not one. */
    private static ZoneId zone(Map<String, String> env, String name) {
        String v = value(env, name);
        if (!ZoneId.getAvailableZoneIds().contains(v)) {
            throw new ConfigException(name, "must be an IANA time zone such as Europe/Berlin, got '" + v + "'");
        }
        return ZoneId.of(v);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Levenshtein distance, for "did you mean" on misspelt variable names. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
