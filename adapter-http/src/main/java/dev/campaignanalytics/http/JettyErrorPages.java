package dev.campaignanalytics.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.http.Envelope.Failure;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The answers Jetty writes itself, for requests it refuses before any route sees them: a request line it cannot take
 * (a path with an encoded NUL, a path that climbs above the root: 400; a URI too long: 414), a header block too large
 * (431), a malformed header (400). They are the API's error envelope
 * {@code {"success": false, "message": …, "errors": []}} with Jetty's status, whatever the method or the
 * {@code Accept} header, like every other failure of the API.
 *
 * <p>They carry the {@link SecurityHeaders}. And when Jetty will close the connection after such an answer, the answer
 * says so with {@code Connection: close}: for a request line it refused, Jetty answers as if to an HTTP/1.0 request,
 * so it leaves that header out and closes anyway, while the HTTP/1.1 client takes the connection as still open and
 * sends its next request on it, which then gets no answer at all.
 */
final class JettyErrorPages {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /**
     * Jetty's 503, for a request it did not hand to any route: the server is stopping (its graceful stop refuses new
     * requests while those in flight finish) or has no thread for it. Nothing of the request was done.
     */
    static final String NOT_TAKEN = "The server did not take the request (it is stopping or too busy); nothing was "
            + "done, retry later";

    private JettyErrorPages() {
    }

    static ErrorHandler handler(ObjectMapper mapper) {
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

            /** Every method gets the envelope, not only GET, POST and HEAD as in Jetty's default. */
            @Override
            public boolean errorPageForMethod(String method) {
                return true;
            }

            @Override
            protected void generateResponse(Request request, Response response, int code, String message,
                                            Throwable cause, Callback callback) throws JsonProcessingException {
                byte[] body = mapper.writeValueAsBytes(Failure.of(describe(code, message), List.of()));
                response.getHeaders().put(JSON);
                if (code == HttpStatus.SERVICE_UNAVAILABLE_503) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, ErrorMapping.RETRY_AFTER_SECONDS);
                }
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
            }
        };
    }

    /**
     * What the client did wrong, in the API's words, with Jetty's own reason when it says more than the status; a
     * fault of the server itself says nothing more (Jetty's reason may then be an exception's text).
     */
    static String describe(int status, String jettyMessage) {
        if (status >= 500) {
            return status == HttpStatus.SERVICE_UNAVAILABLE_503 ? NOT_TAKEN : "Internal server error";
        }
        String what = switch (status) {
            case HttpStatus.URI_TOO_LONG_414 -> "The request URI is longer than the server takes";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "The request headers are larger than the server takes";
            case HttpStatus.BAD_REQUEST_400 -> "The request is malformed and was refused before any route saw it";
            default -> HttpStatus.getMessage(status);
        };
        String reason = HttpStatus.getMessage(status);
        boolean informative = jettyMessage != null && !jettyMessage.isBlank() && !jettyMessage.equals(reason)
                && !jettyMessage.equals(String.valueOf(status));
        return informative ? what + " (" + jettyMessage + ")" : what;
    }
}
