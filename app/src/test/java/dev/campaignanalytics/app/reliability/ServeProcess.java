package dev.campaignanalytics.app.reliability;

import dev.campaignanalytics.app.MainProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve} in a JVM of its own, as an operator runs it, on the embedded PostgreSQL in the data directory. */
final class ServeProcess {
    private static final Pattern PORT = Pattern.compile("listening on (?:port |http://[^:/]+:)(\\d+)");

    private final MainProcess main;
    private final Process process;

    private ServeProcess(MainProcess main) {
        this.main = main;
        this.process = main.process();
    }

    static ServeProcess start(Path dataDir, String secret) throws IOException {
        return new ServeProcess(MainProcess.start(List.of("-Xmx512m"), Map.of(
                "ANALYTICS_DATA_DIR", dataDir.toString(),
                "ANALYTICS_HTTP_HOST", "127.0.0.1",
                "ANALYTICS_RATE_LIMIT", "0", // one address sends the whole load
                "ANALYTICS_HTTP_PORT", "0",
                "ANALYTICS_JWT_SECRET", secret), true, "serve"));
    }

    /** The HTTP port, once the server says it listens. */
    int port() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String line = main.nextLine(1, TimeUnit.SECONDS);
            if (line == null) {
                assertThat(process.isAlive()).as("the server runs").isTrue();
                continue;
            }
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server did not say that it listens");
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; whether the server stopped within a minute. */
    boolean stop() throws InterruptedException {
        process.toHandle().destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    /** The exit code of a stopped server. */
    int exitValue() {
        return process.exitValue();
    }

    /** Every line the server wrote (standard output and error), once it has stopped. */
    List<String> output() throws InterruptedException {
        main.awaitOutput();
        return main.lines();
    }
}
