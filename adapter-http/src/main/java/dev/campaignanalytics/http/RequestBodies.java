package dev.campaignanalytics.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Violation;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads request bodies the way every JSON route of the API expects them: UTF-8 JSON, at most a given number of bytes
 * (counted while reading, so a missing or false {@code Content-Length} does not matter), refused as a client error
 * when malformed or when an object gives a field twice (naming the field).
 */
final class RequestBodies {
    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    private final ObjectMapper mapper;

    RequestBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as a JSON tree; 415 unless it is sent as JSON, 413 when longer than {@code maxBytes}. */
    JsonNode readJson(Context ctx, long maxBytes) {
        requireMediaType(ctx, JSON);
        byte[] bytes = readAtMost(ctx, maxBytes);
        return parse(bytes, 0, bytes.length, "body");
    }

    /** Parses one JSON document; a malformed one is an invalid value of {@code field}. */
    JsonNode parse(byte[] bytes, int offset, int length, String field) {
        if (length == 0) {
            throw new InvalidInputException(field, "is required");
        }
        try {
            return mapper.readTree(bytes, offset, length);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(field, ApiJson.describe(e));
        } catch (JsonProcessingException e) {
            String twice = ApiJson.duplicateField(e, null);
            if (twice != null) {
                throw new InvalidInputException(twice, ApiJson.GIVEN_TWICE);
            }
            throw new InvalidInputException(field, notJson(e));
        } catch (IOException e) {
            throw new InvalidInputException(field, "could not be read as JSON");
        }
    }

    static String notJson(JsonProcessingException e) {
        var at = e.getLocation();
        return at == null ? "is not valid JSON"
                : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The media type of the request, without parameters, in lower case; {@code null} when none is sent. */
    static String mediaType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Refuses with 415 unless the request declares one of {@code accepted}. A {@code charset} parameter is allowed
     * when it names UTF-8, the only encoding JSON text may use between systems (RFC 8259).
     */
    static String requireMediaType(Context ctx, String... accepted) {
        String type = mediaType(ctx);
        String expected = String.join(" or ", accepted);
        for (String a : accepted) {
            if (a.equals(type)) {
                String charset = charset(ctx.header("Content-Type"));
                if (charset != null && !isUtf8(charset)) {
                    throw RequestRejected.unsupportedMediaType(expected + " in UTF-8");
                }
                return type;
            }
        }
        throw RequestRejected.unsupportedMediaType(expected);
    }

    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String charset(String header) {
        for (String param : header.split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                return param.substring(eq + 1).trim().replace("\"", "");
            }
        }
        return null;
    }

    /**
     * How much of a refused body is still read (and thrown away) before the 413 goes out. Most clients send the whole
     * body before they read an answer; if the server closed the connection on a body it did not read, such a client
     * would see the connection reset instead of the 413. Bodies larger still are cut off that way.
     */
    static final long DRAINED_BYTES = 2L * 1024 * 1024;

    /** Reads the whole body, refusing with 413 once it passes {@code maxBytes}. */
    static byte[] readAtMost(Context ctx, long maxBytes) {
        String declared = ctx.header("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    throw drainedTooLarge(ctx, maxBytes);
                }
            } catch (NumberFormatException ignored) {
                // the server refuses a malformed Content-Length before it reaches here; counting decides anyway
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        try {
            InputStream in = ctx.bodyInputStream();
            int n;
            while ((n = in.read(chunk)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw drainedTooLarge(ctx, maxBytes);
                }
                out.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw unreadable();
        }
        return out.toByteArray();
    }

    /** The 413, after reading what is left of the body up to {@link #DRAINED_BYTES}. */
    private static RequestRejected drainedTooLarge(Context ctx, long maxBytes) {
        try {
            InputStream in = ctx.bodyInputStream();
            byte[] sink = new byte[8192];
            long drained = 0;
            int n;
            while (drained < DRAINED_BYTES && (n = in.read(sink)) != -1) {
                drained += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the body broke off: the 413 is all that is left to say
        }
        return RequestRejected.tooLarge(maxBytes);
    }

    static RequestRejected unreadable() {
        return new RequestRejected(400, "The request body could not be read",
                List.of(new Violation("body", "could not be read")));
    }
}
