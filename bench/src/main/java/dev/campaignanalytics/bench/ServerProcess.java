package dev.campaignanalytics.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started as a separate process (the real server jar, or the bare endpoint), listening on 127.0.0.1, its
 * output kept in a log file.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private Integer exitCode;

    private ServerProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Starts a JVM and waits (at most {@code startupWait}) until {@code healthPath} answers 200.
     *
     * @param env variables added to an environment from which every inherited {@code ANALYTICS_*} variable is
     *            removed, so that only the benchmark's settings apply
     */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, Path log, int port,
                               String healthPath, Duration startupWait) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("ANALYTICS_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        ServerProcess server = new ServerProcess(name, p, log, port);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + startupWait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + " while starting; log: "
                        + log + "\n" + server.logTail(40));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri(healthPath))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new IllegalStateException(name + " did not become healthy within " + startupWait + "; log: " + log);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks for an orderly stop (SIGTERM), waits at most {@code wait}, then kills; returns the exit code. */
    int stop(Duration wait) throws InterruptedException {
        if (exitCode != null) {
            return exitCode;
        }
        process.destroy();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        exitCode = process.exitValue();
        return exitCode;
    }

    /** Starts a JFR recording in the process (jcmd), sampling Java stacks with the "profile" settings. */
    void startRecording(String recording, Path file) throws IOException, InterruptedException {
        jcmd("JFR.start", "name=" + recording, "settings=profile", "filename=" + file.toAbsolutePath());
    }

    void stopRecording(String recording, Path file) throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=" + recording, "filename=" + file.toAbsolutePath());
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        Path javaBin = Path.of(javaExecutable()).getParent();
        command.add(javaBin == null ? "jcmd" : javaBin.resolve("jcmd").toString());
        command.add(Long.toString(process.pid()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** The log's lines that report a problem: ERROR or WARN lines, exceptions, out-of-memory. */
    List<String> problemLines() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains(" ERROR ") || line.contains(" WARN ") || line.contains("\"level\":\"ERROR\"")
                    || line.contains("\"level\":\"WARN\"") || line.contains("Exception")
                    || line.contains("OutOfMemory") || line.startsWith("\tat ")) {
                problems.add(line);
            }
        }
        return problems;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(60));
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
