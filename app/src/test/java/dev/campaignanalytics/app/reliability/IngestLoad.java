package dev.campaignanalytics.app.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A client load as a careful tracking client sends it: every event carries its own {@code event_id}, and a request
 * that gets no answer, a 503 or a 429 is sent again, unchanged, until it gets a 2xx. Several senders post batches and
 * a few post single events at the same time. It records what the server acknowledged, and everything a careful
 * client must never see: a 500 (or any other status), a 503 without {@code Retry-After}, a rejected event, or two
 * acknowledgements of one event that name different stored events.
 *
 * <p>Event {@code i} has the client id {@code "ev-<i>"}, goes to campaign {@code i % campaigns}, and is of type
 * {@code i % 4} in {@link Type} order, all at the same instant, so that the counts a report must show are known.
 */
final class IngestLoad {
    /** The event types in the order event numbers cycle through them. */
    enum Type { IMPRESSION, VIEW, CLICK, CONVERSION }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a sender waits before sending again; shorter than Retry-After asks, to keep the test quick. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final IntSupplier port;
    private final List<UUID> campaigns;
    private final Instant occurredAt;
    private final int events;
    private final Queue<int[]> batches = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> singles = new ConcurrentLinkedQueue<>();
    private final int batchSenders;
    private final int singleSenders;
    private final List<Thread> threads = new ArrayList<>();

    /** The server id acknowledged for each client event id. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong acknowledgedCount = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong noAnswer = new AtomicLong();
    /** Events acknowledged as duplicates on a retry of a request whose first outcome the client did not know. */
    private final AtomicLong duplicatesAfterUnknownOutcome = new AtomicLong();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    /**
     * @param port          the server's HTTP port, asked before each request (a restarted server may move)
     * @param events        how many events in all
     * @param singleEvents  how many of them go one by one on the single-event route; the rest in batches
     */
    IngestLoad(IntSupplier port, List<UUID> campaigns, Instant occurredAt, int events, int batchSize,
               int batchSenders, int singleEvents, int singleSenders) {
        this.port = port;
        this.campaigns = List.copyOf(campaigns);
        this.occurredAt = occurredAt;
        this.events = events;
        this.batchSenders = batchSenders;
        this.singleSenders = singleSenders;
        // Singles are spread over the whole range, so that they run alongside the batches from start to end.
        int every = singleEvents == 0 ? Integer.MAX_VALUE : events / singleEvents;
        List<Integer> batched = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            if (i % every == 0 && singles.size() < singleEvents) {
                singles.add(i);
            } else {
                batched.add(i);
            }
        }
        for (int from = 0; from < batched.size(); from += batchSize) {
            List<Integer> part = batched.subList(from, Math.min(batched.size(), from + batchSize));
            batches.add(part.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    static String clientId(int event) {
        return "ev-" + event;
    }

    static Type type(int event) {
        return Type.values()[event % Type.values().length];
    }

    UUID campaign(int event) {
        return campaigns.get(event % campaigns.size());
    }

    /** Starts the senders; they run until every event has been acknowledged, or a violation stops them. */
    void start() {
        for (int i = 0; i < batchSenders; i++) {
            threads.add(started(new Thread(this::sendBatches, "batch-sender-" + i)));
        }
        for (int i = 0; i < singleSenders; i++) {
            threads.add(started(new Thread(this::sendSingles, "single-sender-" + i)));
        }
    }

    private static Thread started(Thread t) {
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until every sender is done; false when time ran out. */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Polls until at least {@code count} events were acknowledged; false when time ran out or the load ended. */
    boolean awaitAcknowledged(long count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> acknowledgedCount.get() >= count, timeout);
    }

    /** Polls until at least {@code count} answers said 503 or got no answer at all. */
    boolean awaitFailedAttempts(long count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> unavailable.get() + noAnswer.get() >= count, timeout);
    }

    private static boolean awaitCondition(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    Map<String, String> acknowledged() {
        return Collections.unmodifiableMap(acknowledged);
    }

    long acknowledgedCount() {
        return acknowledgedCount.get();
    }

    long unavailableAnswers() {
        return unavailable.get();
    }

    long rateLimitedAnswers() {
        return rateLimited.get();
    }

    long requestsWithoutAnswer() {
        return noAnswer.get();
    }

    long duplicatesAfterUnknownOutcome() {
        return duplicatesAfterUnknownOutcome.get();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** How many events of each type campaign {@code campaign} was sent. */
    Map<Type, Long> expectedCounts(UUID campaign) {
        Map<Type, Long> counts = new EnumMap<>(Type.class);
        for (Type t : Type.values()) {
            counts.put(t, 0L);
        }
        for (int i = 0; i < events; i++) {
            if (campaign(i).equals(campaign)) {
                counts.merge(type(i), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * What is wrong with the stored events, given by client id (the server ids stored under each): an acknowledged
     * event stored under another id or not at all, an event stored more than once, or one stored that was never
     * sent. Empty when every acknowledged event is stored exactly once.
     */
    List<String> problemsWith(Map<String, List<String>> stored) {
        List<String> problems = new ArrayList<>();
        acknowledged.forEach((clientId, serverId) -> {
            List<String> ids = stored.getOrDefault(clientId, List.of());
            if (!ids.equals(List.of(serverId))) {
                problems.add(clientId + " acknowledged as " + serverId + " but stored as " + ids);
            }
        });
        stored.forEach((clientId, ids) -> {
            if (ids.size() > 1 && !acknowledged.containsKey(clientId)) {
                problems.add(clientId + " stored " + ids.size() + " times");
            }
        });
        return problems.size() > 20 ? problems.subList(0, 20) : problems;
    }

    private void sendBatches() {
        int[] batch;
        while ((batch = batches.poll()) != null && violations.isEmpty()) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("events");
            for (int event : batch) {
                list.add(event(event));
            }
            JsonNode data = sendUntilAcknowledged("/v1/marketing/track-events", body.toString());
            if (data == null) {
                return;
            }
            if (data.get("rejected").size() != 0 || data.get("event_ids").size() != batch.length) {
                violations.add("a batch was not wholly accepted: " + data);
                return;
            }
            for (int k = 0; k < batch.length; k++) {
                acknowledge(batch[k], data.get("event_ids").get(k).asText());
            }
        }
    }

    private void sendSingles() {
        Integer event;
        while ((event = singles.poll()) != null && violations.isEmpty()) {
            JsonNode data = sendUntilAcknowledged("/v1/marketing/track-event", event(event).toString());
            if (data == null) {
                return;
            }
            acknowledge(event, data.get("event_id").asText());
        }
    }

    private void acknowledge(int event, String serverId) {
        String earlier = acknowledged.putIfAbsent(clientId(event), serverId);
        if (earlier == null) {
            acknowledgedCount.incrementAndGet();
        } else if (!earlier.equals(serverId)) {
            violations.add(clientId(event) + " was acknowledged as " + earlier + " and then as " + serverId);
        }
    }

    private ObjectNode event(int event) {
        ObjectNode e = JSON.createObjectNode();
        e.put("campaign_id", campaign(event).toString());
        e.put("event_type", type(event).name().toLowerCase(Locale.ROOT));
        e.put("event_id", clientId(event));
        e.put("occurred_at", occurredAt.toString());
        return e;
    }

    /** The {@code data} of the first 2xx answer; null after a violation. */
    private JsonNode sendUntilAcknowledged(String path, String body) {
        boolean outcomeUnknown = false;
        while (violations.isEmpty()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // No answer: the server may have stored the events or not. Retry with the same ids.
                noAnswer.incrementAndGet();
                outcomeUnknown = true;
                pause();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                violations.add("interrupted");
                return null;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                JsonNode data = parse(response.body()).get("data");
                if (outcomeUnknown) {
                    duplicatesAfterUnknownOutcome.addAndGet(duplicates(data));
                }
                return data;
            }
            if (status == 503 || status == 429) {
                (status == 503 ? unavailable : rateLimited).incrementAndGet();
                if (response.headers().firstValue("Retry-After").isEmpty()) {
                    violations.add(status + " without Retry-After on " + path + ": " + response.body());
                    return null;
                }
                outcomeUnknown |= status == 503;
                pause();
                continue;
            }
            violations.add(status + " on " + path + ": " + response.body());
            return null;
        }
        return null;
    }

    private static long duplicates(JsonNode data) {
        if (data.has("duplicates")) {
            return data.get("duplicates").asLong();
        }
        return data.path("duplicate").asBoolean(false) ? 1 : 0;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
