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
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.FeedPage;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.Follow;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.FollowQuery;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase.PollQuery;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/analytics/stream}: the live event feed, as JSON to poll or as a stream of Server-Sent Events.
 * Both forms speak one cursor: an event's position ({@code last_event_id}), which grows in commit order.
 *
 * <p><b>Polling</b> (any {@code Accept} but {@code text/event-stream}), with {@code campaign_id} (optional) and
 * {@code limit} (1 to 500, default 50):
 * <ul>
 *   <li>{@code last_event_id=<position>}: the oldest {@code limit} events after that position (exclusive), lowest
 *       position first, with {@code last_event_id} to ask with next (the last event's when more follow; otherwise the
 *       newest position read) and {@code has_more} (more events followed the returned ones: ask again at once).
 *       Polling with the returned {@code last_event_id}, again and again, sees every event exactly once, in commit
 *       order, however many arrive between two polls and however slowly their transactions commit. {@code 0} starts
 *       from the first event. A position after the newest event is refused (400), as on the stream.</li>
 *   <li>no cursor: the newest {@code limit} events (by position), newest first, with {@code last_event_id} to
 *       continue from without missing one, {@code has_more} = false, and {@code last_updated} (when the newest of
 *       them was received; {@code null} when there are none) for clients of the older form.</li>
 *   <li>{@code last_updated=<instant with offset>}: the older, lossy form, kept for existing clients: the newest
 *       {@code limit} events received strictly after that instant, newest first, and {@code last_updated} to ask
 *       with next. It misses events when more than {@code limit} arrive between two polls, and an event received
 *       before a poll but committed after it. It cannot be combined with {@code last_event_id} (400).</li>
 * </ul>
 *
 * <p><b>Streaming</b> ({@code Accept: text/event-stream}): every event of the campaign (or of all campaigns), pushed
 * as it commits, whichever server stored it:
 * <pre>
 * id: 4711
 * event: analytics_event
 * data: {"id": …, "campaign_id": …, …}
 * </pre>
 * The {@code id} is the event's position. A client that reconnects with {@code Last-Event-ID} (or the query parameter
 * {@code last_event_id}, for clients that cannot set headers; the header wins when both are sent) first gets every
 * event after that position, then the live ones, with none missing and none twice. A comment line
 * {@code : heartbeat} goes out every 15 s (configurable). A client that reads too slowly to keep up is disconnected,
 * and may resume. {@code limit} and {@code last_updated} are checked but do not apply to a stream. The replay has no
 * cap ({@code Last-Event-ID: 0} replays the whole history): it is read 500 events at a time as the client reads, and
 * a cap could only drop events or refuse a position that {@code EventSource} cannot recover from by itself.
 *
 * <p><b>Parameters</b> are strict on both forms: one given twice, given empty, or not a parameter of this route is
 * refused (400, naming it), so that a typo cannot pass for "no cursor" or "every campaign". Only {@code _}, the
 * cache-buster of browsers' polling code, is let through unread.
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
    static final String CAMPAIGN_ID = "campaign_id";
    static final String LAST_EVENT_ID = "last_event_id";
    static final String LAST_UPDATED = "last_updated";
    static final String LIMIT = "limit";
    /** Every query parameter of this route, on both forms. */
    static final Set<String> PARAMETERS = Set.of(CAMPAIGN_ID, LAST_EVENT_ID, LAST_UPDATED, LIMIT, ACCESS_TOKEN);

    private final LiveFeedUseCase feed;
    private final AccessControl access;
    /** Each poll, and each opening of a stream, counts once against its token subject's admin limit. */
    private final RateLimiter adminLimit;
    private final ObjectMapper mapper;
    private final Duration heartbeat;
    private final int maxPageSize;

    LiveFeedHandler(LiveFeedUseCase feed, AccessControl access, RateLimiter adminLimit, ObjectMapper mapper,
                    HttpSettings settings) {
        this.feed = feed;
        this.access = access;
        this.adminLimit = adminLimit;
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

    /**
     * A page of the feed by position.
     *
     * @param events      lowest position first
     * @param lastEventId the position to ask with next ({@code last_event_id})
     * @param hasMore     whether more events followed the returned ones when they were read
     */
    record FeedPageView(List<FeedEventView> events, long lastEventId, boolean hasMore) {
        static FeedPageView of(FeedPage p) {
            return new FeedPageView(p.events().stream().map(FeedEventView::of).toList(), p.lastPosition(),
                    p.hasMore());
        }
    }

    /**
     * The newest events, for a poll without a cursor.
     *
     * @param events      newest first
     * @param lastEventId the position to continue after ({@code last_event_id}), so that no later event is missed
     * @param hasMore     always false: nothing is newer than the newest
     * @param lastUpdated when the newest event was received, for clients of the older form; {@code null} without events
     */
    record LatestEventsView(List<FeedEventView> events, long lastEventId, boolean hasMore, Instant lastUpdated) {
        static LatestEventsView of(FeedPage p) {
            return new LatestEventsView(p.events().stream().map(FeedEventView::of).toList(), p.lastPosition(),
                    p.hasMore(), p.lastUpdated());
        }
    }

    @Override
    public void handle(Context ctx) {
        HttpApi.withinAdminLimit(adminLimit, access.authorize(authorization(ctx), Permissions.ANALYTICS_READ));
        boolean streaming = wantsStream(ctx);
        Violations query = new Violations();
        Map<String, String> params = params(ctx, query);
        String campaignText = params.get(CAMPAIGN_ID);
        CampaignId campaign = campaignText == null ? null
                : query.read(() -> CampaignId.parse(CAMPAIGN_ID, campaignText));
        String positionText = params.get(LAST_EVENT_ID);
        boolean mixed = params.containsKey(LAST_UPDATED) && positionText != null;
        if (mixed) {
            query.add(LAST_UPDATED, "cannot be combined with last_event_id; poll with last_event_id alone, which"
                    + " misses no event");
        }
        Instant lastUpdated = mixed ? null : query.read(() -> instant(LAST_UPDATED, params.get(LAST_UPDATED)));
        Integer limit = query.read(() -> QueryParams.pageSize(LIMIT, params.get(LIMIT), RecentQuery.DEFAULT_LIMIT,
                RecentQuery.MAX_LIMIT, maxPageSize));
        RecentQuery recent = limit == null ? null
                : query.read(() -> new RecentQuery(campaign, lastUpdated, limit));
        Long lastEventId = streaming ? query.read(() -> lastEventId(ctx, positionText))
                : positionText == null ? null : query.read(() -> position(LAST_EVENT_ID, positionText));
        query.throwIfInvalid();
        if (streaming) {
            stream(ctx, new FollowQuery(campaign, lastEventId));
        } else if (lastUpdated != null) {
            ctx.json(Success.of(RecentEventsView.of(feed.recent(recent))));
        } else if (lastEventId != null) {
            ctx.json(Success.of(FeedPageView.of(feed.poll(new PollQuery(campaign, lastEventId, limit)))));
        } else {
            ctx.json(Success.of(LatestEventsView.of(feed.poll(new PollQuery(campaign, null, limit)))));
        }
    }

    /**
     * Each parameter's one value, by name; a parameter that is not this route's, or is given twice, or empty, is
     * refused into {@code violations} and left out.
     */
    private static Map<String, String> params(Context ctx, Violations violations) {
        QueryParams.refuseUnknown(ctx, violations, PARAMETERS);
        Map<String, String> params = new HashMap<>();
        for (String name : PARAMETERS) {
            String value = violations.read(() -> QueryParams.single(ctx, name));
            if (value != null) {
                params.put(name, value);
            }
        }
        return params;
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

    /** The position a stream resumes after: the {@code Last-Event-ID} header, else the query parameter. */
    private static Long lastEventId(Context ctx, String param) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return position("Last-Event-ID", header.strip());
        }
        return param == null ? null : position(LAST_EVENT_ID, param);
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
