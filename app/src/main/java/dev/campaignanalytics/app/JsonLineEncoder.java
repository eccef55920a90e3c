package dev.campaignanalytics.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per log line, for log collectors:
 * {@code {"timestamp":"2025-03-30T01:15:00.123Z","level":"INFO","logger":"…","thread":"…","message":"…",
 * "request_id":"…", …}}.
 *
 * <p>After the fixed fields come the MDC entries (such as {@code request_id}) and the event's key-value pairs (such as
 * the access log's {@code method}, {@code route}, {@code status}, {@code duration_ms}), each as a field of its own;
 * numbers and booleans stay JSON numbers and booleans. A key already written is not written again. A throwable comes
 * last, as {@code exception}: its stack trace in one string.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NOTHING = new byte[0];
    private static final List<String> FIXED = List.of("timestamp", "level", "logger", "thread", "message");

    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            Set<String> written = new HashSet<>(FIXED);
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    if (written.add(e.getKey())) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                }
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair p : pairs) {
                    if (p.key != null && written.add(p.key)) {
                        g.writeFieldName(p.key);
                        writeValue(g, p.value);
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null && written.add("exception")) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(value.toString());
        }
    }
}
