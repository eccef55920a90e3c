package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.IpAddress;
import dev.campaignanalytics.core.domain.TrackedEvent;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
        return new RequestOrigin(agent, literal(address(ctx, trustProxy)));
    }

    /**
     * Whom a rate limit counts the request against: the client's address, or for IPv6 its /64 network, since one
     * subscriber usually holds a whole /64 and could otherwise pick a fresh address for every request. A header that
     * is not an address is counted as its own text, so that senders of garbage share their own bucket.
     */
    static String rateKey(Context ctx, boolean trustProxy) {
        String address = address(ctx, trustProxy);
        String bare = bare(address);
        if (bare == null || literal(address) == null) {
            return String.valueOf(address);
        }
        if (bare.indexOf(':') < 0) {
            return bare;
        }
        try {
            byte[] bytes = InetAddress.getByName(bare).getAddress();  // a literal: no name is looked up
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder(20);
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return bare;
        }
    }

    private static String address(Context ctx, boolean trustProxy) {
        if (trustProxy) {
            String forwarded = ctx.header("X-Forwarded-For");
            return forwarded == null ? ctx.req().getRemoteAddr() : forwarded.split(",", 2)[0];
        }
        return ctx.req().getRemoteAddr();
    }

    private static IpAddress literal(String text) {
        String s = bare(text);
        if (s == null) {
            return null;
        }
        try {
            return IpAddress.parse("ip_address", s);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /** The address without brackets and zone, as {@link IpAddress} reads it. */
    private static String bare(String text) {
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
        return s;
    }
}
