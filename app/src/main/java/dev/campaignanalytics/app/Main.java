package dev.campaignanalytics.app;

import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import dev.campaignanalytics.postgres.PostgresAdapters;
import dev.campaignanalytics.postgres.UnsupportedDatabaseException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The command line: {@code serve} (the default), {@code migrate}, {@code token}, {@code demo} and {@code import}. */
@Command(name = "campaign-analytics", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Campaign Analytics: tracks campaign events and reports how campaigns perform.",
        subcommands = {Main.Serve.class, Main.Migrate.class, Main.Token.class, DemoCommand.class, ImportCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nEnvironment:%n")
public final class Main implements Callable<Integer> {
    /** Exit code of a configuration mistake. */
    static final int EXIT_CONFIG = 2;

    private final Map<String, String> env;

    Main(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given environment and output; returns the exit code. */
    static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(env);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main(env), new Factory(env));
        cli.setUsageHelpWidth(110);
        cli.getCommandSpec().usageMessage().footer(environmentHelp());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException) {
                cmd.getErr().println("configuration error: " + ex.getMessage());
                return EXIT_CONFIG;
            }
            if (ex instanceof UnsupportedDatabaseException) {
                // only an external database can be one: the embedded one is PostgreSQL 17
                cmd.getErr().println("configuration error: ANALYTICS_DB_URL: " + ex.getMessage());
                return EXIT_CONFIG;
            }
            throw ex;
        });
        return cli;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** With no command, serve. */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("serve").execute();
    }

    static String[] environmentHelp() {
        List<String> lines = new ArrayList<>();
        for (Setting s : AppConfig.SETTINGS) {
            lines.add("  " + s.name() + "  (default: " + (s.defaultValue() == null ? "unset" : s.defaultValue()) + ")");
            StringBuilder line = new StringBuilder("      ");
            for (String word : s.description().split(" ")) {
                if (line.length() + word.length() > 100) {
                    lines.add(line.toString().stripTrailing());
                    line = new StringBuilder("      ");
                }
                line.append(word).append(' ');
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines.toArray(String[]::new);
    }

    @Command(name = "serve", description = "Runs the server (the default command).")
    static final class Serve implements Callable<Integer> {
        private final Map<String, String> env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Serve(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            AppConfig config = AppConfig.fromEnvironment(env);
            Logging.use(config.logFormat());
            Application app = Application.start(config, Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "shutdown"));
            String database = config.embeddedDatabase()
                    ? "embedded PostgreSQL in " + config.dataDir().toAbsolutePath().normalize().resolve("postgres")
                    : config.dbUrl().split("\\?", 2)[0];
            if (config.logFormat() == AppConfig.LogFormat.JSON) {
                // Standard output is collected as logs: JSON lines only, and never a token.
                LoggerFactory.getLogger(Main.class).info("listening on port {}; database: {}", app.port(), database);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("Campaign Analytics is listening on http://localhost:%d%n", app.port());
                out.printf("Database: %s%n", database);
                if (app.localAdminToken() != null) {
                    out.printf("Admin token for local use (super_admin, valid %d h):%n%s%n",
                            Application.LOCAL_TOKEN_TTL.toHours(), app.localAdminToken());
                    out.printf("Dashboard, signed in with that token:%n%s%n",
                            DashboardLink.of(config.httpHost(), app.port(), app.localAdminToken()));
                }
                out.flush();
            }
            stopped.await();
            return 0;
        }
    }

    @Command(name = "migrate", description = "Applies the database migrations, then exits.")
    static final class Migrate implements Callable<Integer> {
        private final Map<String, String> env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Migrate(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            AppConfig config = AppConfig.fromEnvironment(env);
            Logging.use(config.logFormat());
            if (config.embeddedDatabase()) {
                try (EmbeddedPostgresServer db = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
                     var ds = PostgresAdapters.pooledDataSource(db.jdbcUrl(), db.user(), db.password())) {
                    PostgresAdapters.create(ds).migrate();
                }
            } else {
                try (var ds = PostgresAdapters.pooledDataSource(config.dbUrl(), config.dbUser(),
                        config.dbPassword())) {
                    PostgresAdapters.create(ds).migrate();
                }
            }
            spec.commandLine().getOut().println("Migrations applied.");
            return 0;
        }
    }

    @Command(name = "token", description = "Prints an admin token signed with the configured HS256 secret.")
    static final class Token implements Callable<Integer> {
        private final Map<String, String> env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--role", required = true, description = "super_admin or marketing_admin.")
        String role;

        @Option(names = "--permission", description = "A permission to grant; repeat for more. One of "
                + "campaigns.read, campaigns.create, campaigns.update, analytics.read, analytics.export, "
                + "events.import.")
        List<String> permissions = new ArrayList<>();

        @Option(names = "--ttl", defaultValue = "1h", description = "How long the token is valid, e.g. 30m, 1h, "
                + "7d. Default: ${DEFAULT-VALUE}.")
        String ttl;

        @Option(names = "--subject", defaultValue = "cli", description = "The token's sub. Default: "
                + "${DEFAULT-VALUE}.")
        String subject;

        Token(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            AppConfig config = AppConfig.fromEnvironment(env);
            Duration validity = Durations.parse("--ttl", ttl);
            String secret = config.jwtSecret();
            if (secret == null) {
                if (config.jwtJwks() != null) {
                    throw new ConfigException("ANALYTICS_JWT_SECRET",
                            "is not set; with only ANALYTICS_JWT_JWKS, tokens come from your identity provider");
                }
                secret = SecretStore.loadOrCreate(config.dataDir());
            }
            spec.commandLine().getOut().println(TokenMinter.mint(secret, subject, role, permissions, validity,
                    config.jwtIssuer(), config.jwtAudience(), Clock.systemUTC()));
            return 0;
        }
    }

    /** Gives each command the environment it reads. */
    private record Factory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (var c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Map.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(env));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"campaign-analytics " + (v == null ? "dev" : v)};
        }
    }
}
