package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.IpAddress;
import dev.campaignanalytics.core.domain.TrackedEvent;
import io.javalin.http.Context;

/**
 * Who sent a live tracking request, as far as the request itself tells: its {@code User-Agent} header and the
 * address of the client. These describe an event that does not describe itself.
 *
 * <p>The client's address is the peer address of the connection, unless the server is configured to trust a
 * reverse proxy; then it is the first entry of {@code X-Forwarded-For}, the address the proxy was called from.
 * A header value that is not an address literal is not an address; it is never the client's fault, so it is dropped
 * rather than refused.
 *
 * @param userAgent at most {@link TrackedEvent#MAX_USER_AGENT} characters; a longer header is cut
 * @param ipAddress may be {@code null}
 */
record RequestOrigin(String userAgent, IpAddress ipAddress) {
    /** No origin: for events that were not sent by the client they describe. */
    static final RequestOrigin NONE = new RequestOrigin(null, null);

    static RequestOrigin of(Context ctx, boolean trustProxy) {
        String agent = ctx.header("User-Agent");
        if (agent != null && agent.length() > TrackedEvent.MAX_USER_AGENT) {
            agent = agent.substring(0, TrackedEvent.MAX_USER_AGENT);
        }
        String address;
        if (trustProxy) {
            String forwarded = ctx.header("X-Forwarded-For");
            address = forwarded == null ? ctx.req().getRemoteAddr() : forwarded.split(",", 2)[0];
        } else {
            address = ctx.req().getRemoteAddr();
        }
        return new RequestOrigin(agent, literal(address));
    }

    private static IpAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        try {
            return IpAddress.parse("ip_address", s);
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
