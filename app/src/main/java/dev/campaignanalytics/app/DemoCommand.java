package dev.campaignanalytics.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code demo}: the server on a realistic sample of its own, in a data directory of its own, so that a demo never
 * writes into real data: it always runs the embedded PostgreSQL there, whatever ANALYTICS_DB_URL and
 * ANALYTICS_DATA_DIR say. The other settings (port, JWT, …) apply as for {@code serve}.
 */
@Command(name = "demo", description = {
        "Runs the server on a realistic sample: 6 campaigns over the last 90 days, about 1,000,000 events, loaded "
                + "in the background (newest day first) into its own embedded database.",
        "A second run on the same directory serves the loaded sample at once (or goes on loading an incomplete one)."})
final class DemoCommand implements Callable<Integer> {
    /** Settings the demo replaces: it never uses the configured database. */
    static final String[] DATABASE_SETTINGS = {"ANALYTICS_DB_URL", "ANALYTICS_DB_USER", "ANALYTICS_DB_PASSWORD"};

    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data-demo", description = "Where the demo keeps its database "
            + "and state. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--events", defaultValue = "1000000", description = "About how many events a new sample has. "
            + "Default: ${DEFAULT-VALUE}.")
    long events;

    DemoCommand(Map<String, String> env) {
        this.env = env;
    }

    /** The configuration of the demo: the environment's, with the demo's own embedded database in {@code dataDir}. */
    static AppConfig config(Map<String, String> env, Path dataDir) {
        Map<String, String> demo = new HashMap<>(env);
        for (String name : DATABASE_SETTINGS) {
            demo.remove(name);
        }
        demo.put("ANALYTICS_DATA_DIR", dataDir.toString());
        return AppConfig.fromEnvironment(demo);
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        if (events < 1_000 || events > 50_000_000) {
            spec.commandLine().getErr().println("demo: --events must be between 1000 and 50000000");
            return ImportCommand.EXIT_USAGE;
        }
        AppConfig config = config(env, dataDir);
        Logging.use(config.logFormat());
        if (env.get("ANALYTICS_DB_URL") != null && !env.get("ANALYTICS_DB_URL").isBlank()) {
            out.println("Demo: ANALYTICS_DB_URL is ignored; the demo uses its own embedded database");
        }
        DemoRun run = DemoRun.start(config, events, Clock.systemUTC(), out, Duration.ofSeconds(5));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run.close();
            stopped.countDown();
        }, "shutdown"));
        out.printf(Locale.ROOT, "Campaign Analytics demo is listening on http://localhost:%d (started in %.1f s)%n",
                run.app().port(), (System.nanoTime() - started) / 1e9);
        if (run.app().localAdminToken() != null) {
            out.printf("Open the dashboard, signed in as super_admin (valid %d h):%n%s%n",
                    Application.LOCAL_TOKEN_TTL.toHours(),
                    DashboardLink.of(config.httpHost(), run.app().port(), run.app().localAdminToken()));
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
