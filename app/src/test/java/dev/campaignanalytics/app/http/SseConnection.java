package dev.campaignanalytics.app.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of a Server-Sent Events stream over real HTTP: it reads the stream on a thread of its own, parses it into
 * frames (events and comments) and queues them for the test, as a browser's EventSource would parse them.
 */
final class SseConnection implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Frame END = new Frame(null, null, null, null);

    /** One frame of the stream: an event ({@code data} set) or a comment line ({@code comment} set). */
    record Frame(String id, String event, String data, String comment) {
        boolean isComment() {
            return comment != null;
        }
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean ended;

    private SseConnection(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects with {@code Accept: text/event-stream} and the given headers; returns once the headers are in. */
    static SseConnection open(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseConnection(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next frame, waiting up to {@code timeout}; {@code null} when none came or the stream ended. */
    Frame next(Duration timeout) throws InterruptedException {
        if (ended && frames.isEmpty()) {
            return null;
        }
        Frame f = frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (f == END) {
            ended = true;
            return null;
        }
        return f;
    }

    /** The next event, skipping comments, waiting up to {@code timeout} in all; {@code null} when none came. */
    Frame nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (f == null || !f.isComment()) {
                return f;
            }
        }
    }

    /** The next {@code count} events; fewer when they do not all come within {@code timeout}. */
    List<Frame> events(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> got = new ArrayList<>();
        while (got.size() < count) {
            Frame f = nextEvent(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (f == null) {
                return got;
            }
            got.add(f);
        }
        return got;
    }

    /** Whether the server ended the stream within {@code timeout} (frames still queued are dropped). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (frames.poll(left, TimeUnit.NANOSECONDS) == END) {
                ended = true;
            }
        }
        return true;
    }

    /** Hangs up, as a browser closing the page does. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // gone already
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        frames.add(new Frame(id, event, data.toString(), null));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    frames.add(new Frame(null, null, null, line.substring(1).strip()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // other fields (retry) are not used by this API
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the connection was closed, by either side
        } finally {
            frames.add(END);
        }
    }
}
