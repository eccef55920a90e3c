package dev.campaignanalytics.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty writes itself, for requests it refuses before any route sees them: a request line it cannot take
 * (a path with an encoded NUL, a path that climbs above the root, a URI too long), a header block too large, a
 * malformed header.
 *
 * <p>They carry the {@link SecurityHeaders}. And when Jetty will close the connection after such an answer, the answer
 * says so with {@code Connection: close}: for a request line it refused, Jetty answers as if to an HTTP/1.0 request,
 * so it leaves that header out and closes anyway, while the HTTP/1.1 client takes the connection as still open and
 * sends its next request on it, which then gets no answer at all.
 */
final class JettyErrorPages {
    private JettyErrorPages() {
    }

    static ErrorHandler handler() {
        return new ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!response.isCommitted()) {
                    SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
                    if (!request.getConnectionMetaData().isPersistent()) {
                        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                    }
                }
                return super.handle(request, response, callback);
            }
        };
    }
}
