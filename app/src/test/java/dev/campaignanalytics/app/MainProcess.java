package dev.campaignanalytics.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The application's {@link Main} in a JVM of its own, as an operator runs the jar: this test's class path, none of
 * the test's own {@code ANALYTICS_*} variables, and its standard output read line by line while it runs.
 */
public final class MainProcess {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final Thread reader;

    private MainProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    fresh.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "main-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param jvmOptions        options of the JVM, such as {@code -Xmx512m}
     * @param settings          the {@code ANALYTICS_*} variables of the process, and only those
     * @param withStandardError whether standard error is read with the output; otherwise it is discarded
     * @param arguments         the command line of {@link Main}
     */
    public static MainProcess start(List<String> jvmOptions, Map<String, String> settings, boolean withStandardError,
                                    String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (withStandardError) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        builder.environment().keySet().removeIf(name -> name.startsWith("ANALYTICS_"));
        builder.environment().putAll(settings);
        return new MainProcess(builder.start());
    }

    /** {@return the running process} */
    public Process process() {
        return process;
    }

    /** {@return every line written so far, in order} */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** {@return the next line not taken yet, waiting at most {@code timeout}; {@code null} when none came} */
    public String nextLine(long timeout, TimeUnit unit) throws InterruptedException {
        return fresh.poll(timeout, unit);
    }

    /** Waits, at most 10 s, until the output of a process that ended has been read to its end. */
    public void awaitOutput() throws InterruptedException {
        reader.join(10_000);
    }
}
