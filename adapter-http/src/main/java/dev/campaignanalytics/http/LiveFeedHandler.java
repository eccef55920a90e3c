package dev.campaignanalytics.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.FeedEvent;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Delivered;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.EndReason;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Ended;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Follow;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.FollowQuery;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.RecentEvents;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.RecentQuery;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Step;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.http.Envelope.Success;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.Permissions;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /admin/analytics/stream}: the live event feed, as JSON to poll or as a stream of Server-Sent Events.
 *
 * <p><b>Polling</b> (any {@code Accept} but {@code text/event-stream}): {@code campaign_id} (optional),
 * {@code last_updated} (optional ISO-8601 instant with offset) and {@code limit} (1 to 500, default 50) give the newest
 * events received strictly after {@code last_updated}, newest first, and {@code last_updated} to ask with next time.
 *
 * <p><b>Streaming</b> ({@code Accept: text/event-stream}): every event of the campaign (or of all campaigns), pushed
 * as it commits, whichever server stored it:
 * <pre>
 * id: 4711
 * event: analytics_event
 * data: {"id": …, "campaign_id": …, …}
 * </pre>
 * The {@code id} is the event's position. A client that reconnects with {@code Last-Event-ID} (or the query parameter
 * {@code last_event_id}, for clients that cannot set headers) first gets every event after that position, then the
 * live ones, with none missing and none twice. A comment line {@code : heartbeat} goes out every 15 s (configurable).
 * A client that reads too slowly to keep up is disconnected, and may resume. {@code limit} and {@code last_updated}
 * are checked but do not apply to a stream.
 *
 * <p><b>Credentials</b> as on every admin route: a bearer token with {@code analytics.read}. Browsers'
 * {@code EventSource} cannot set headers, so this route alone also takes the token as the query parameter
 * {@code access_token} when no {@code Authorization} header is sent. Such a URL holds a credential: it is never
 * logged here (the server logs paths only), but proxies may log it, so short-lived tokens suit it best.
 */
final class LiveFeedHandler implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeedHandler.class);
    /** The SSE event name of one event. */
    static final String EVENT_NAME = "analytics_event";
    static final String HEARTBEAT = "heartbeat";
    static final String EVENT_STREAM = "text/event-stream";
    static final String ACCESS_TOKEN = "access_token";

    private final LiveFeedUseCase feed;
    private final AccessControl access;
    private final ObjectMapper mapper;
    private final Duration heartbeat;
    private final int maxPageSize;

    LiveFeedHandler(LiveFeedUseCase feed, AccessControl access, ObjectMapper mapper, HttpSettings settings) {
        this.feed = feed;
        this.access = access;
        this.mapper = mapper;
        this.heartbeat = settings.streamHeartbeat();
        this.maxPageSize = settings.protection().maxPageSize();
    }

    /**
     * One event as the feed shows it.
     *
     * @param eventData  the event's data, a JSON object, or {@code null}
     * @param createdAt  when the event happened
     */
    record FeedEventView(String id, String campaignId, String campaignName, String eventType,
                         @JsonRawValue String eventData, String audienceSegment, String channel, String deviceType,
                         Instant createdAt) {
        static FeedEventView of(FeedEvent e) {
            return new FeedEventView(e.id().toString(), e.campaignId().toString(), e.campaignName(),
                    e.type().wireName(), e.eventDataJson(), e.dimensions().audienceSegment(),
                    e.dimensions().channel(), e.dimensions().deviceType(), e.occurredAt());
        }
    }

    /**
     * @param events      newest first
     * @param lastUpdated when the newest event was received: pass it as {@code last_updated} to get what came since
     */
    record RecentEventsView(List<FeedEventView> events, Instant lastUpdated) {
        static RecentEventsView of(RecentEvents r) {
            return new RecentEventsView(r.events().stream().map(FeedEventView::of).toList(), r.lastUpdated());
        }
    }

    @Override
    public void handle(Context ctx) {
        access.authorize(authorization(ctx), Permissions.ANALYTICS_READ);
        boolean streaming = wantsStream(ctx);
        Violations query = new Violations();
        String campaignText = QueryParams.text(ctx, "campaign_id");
        CampaignId campaign = campaignText == null ? null
                : query.read(() -> CampaignId.parse("campaign_id", campaignText));
        Instant lastUpdated = query.read(() -> instant("last_updated", QueryParams.text(ctx, "last_updated")));
        Integer limit = query.read(() -> QueryParams.pageSize(ctx, "limit", RecentQuery.DEFAULT_LIMIT,
                RecentQuery.MAX_LIMIT, maxPageSize));
        RecentQuery recent = limit == null ? null
                : query.read(() -> new RecentQuery(campaign, lastUpdated, limit));
        Long lastEventId = streaming ? query.read(() -> lastEventId(ctx)) : null;
        query.throwIfInvalid();
        if (streaming) {
            stream(ctx, new FollowQuery(campaign, lastEventId));
        } else {
            ctx.json(Success.of(RecentEventsView.of(feed.recent(recent))));
        }
    }

    /** Whether the client asks for Server-Sent Events, by the same rule as Javalin's {@link SseHandler}. */
    static boolean wantsStream(Context ctx) {
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.contains(EVENT_STREAM);
    }

    /** The {@code Authorization} header; without one, the {@code access_token} parameter as a bearer credential. */
    private static String authorization(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        if (header != null) {
            return header;
        }
        String token = ctx.queryParam(ACCESS_TOKEN);
        return token == null || token.isEmpty() ? null : "Bearer " + token;
    }

    private void stream(Context ctx, FollowQuery query) {
        // Registered before the answer starts, so that an unknown campaign, a bad position or a store that is down
        // is still an ordinary error answer.
        Follow follow = feed.follow(query);
        try {
            new SseHandler(client -> pump(client, follow)).handle(ctx);
        } catch (RuntimeException e) {
            follow.close();
            throw e;
        }
    }

    /**
     * Writes the follower's events and heartbeats to the client until either side ends. Runs on a thread of its own
     * (Javalin's async pool), and only this thread writes to the client, so a client that stops reading blocks this
     * thread alone. When the feed drops the follower for falling behind, the connection is cut, which also ends a
     * write stuck on that client.
     */
    private void pump(SseClient client, Follow follow) {
        EndPoint connection = connectionOf(client.ctx());
        follow.onEnded(reason -> {
            if (reason == EndReason.FELL_BEHIND) {
                LOG.info("live feed client fell more than its buffer behind; disconnecting it, it may resume");
            }
            cut(connection);
        });
        long heartbeatNanos = heartbeat.toNanos();
        long nextHeartbeat = System.nanoTime() + heartbeatNanos;
        try (follow) {
            while (!client.terminated()) {
                long wait = nextHeartbeat - System.nanoTime();
                if (wait <= 0) {
                    client.sendComment(HEARTBEAT);
                    nextHeartbeat = System.nanoTime() + heartbeatNanos;
                    continue;
                }
                Step step = follow.next(Duration.ofNanos(wait));
                if (step instanceof Delivered d) {
                    client.sendEvent(EVENT_NAME, json(d.event()), Long.toString(d.event().position()));
                } else if (step instanceof Ended) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreUnavailableException e) {
            LOG.warn("live feed stream ended, the store is unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("live feed stream failed", e);
        } finally {
            client.close();
        }
    }

    private String json(FeedEvent e) {
        try {
            return mapper.writeValueAsString(FeedEventView.of(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("could not write event " + e.id() + " as JSON", ex);
        }
    }

    /** The connection under the request, to cut it from another thread; {@code null} when Jetty does not tell. */
    private static EndPoint connectionOf(Context ctx) {
        try {
            ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
            return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
        } catch (RuntimeException e) {
            LOG.debug("no connection to cut for this stream", e);
            return null;
        }
    }

    /** Closes the connection at once; a write blocked on it fails. Never waits. */
    private static void cut(EndPoint connection) {
        if (connection != null) {
            connection.close();
        }
    }

    private static Long lastEventId(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return position("Last-Event-ID", header.strip());
        }
        String param = QueryParams.text(ctx, "last_event_id");
        return param == null ? null : position("last_event_id", param);
    }

    private static long position(String field, String text) {
        boolean digits = !text.isEmpty() && text.length() <= 19 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // too large: refused below
            }
        }
        throw new InvalidInputException(field, "must be an event position, a whole number of at least 0");
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field,
                    "must be an ISO-8601 date-time with an offset, such as 2024-05-01T12:00:00Z");
        }
    }
}
