package dev.campaignanalytics.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.campaignanalytics.app.AppConfig.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Chooses the format of the log lines on standard output at start. {@code logback.xml} writes text through its
 * {@code STDOUT} appender; for JSON, that appender's encoder is replaced by a {@link JsonLineEncoder} (and put back
 * for text). Lines logged before the choice, if any, stay in text.
 */
public final class Logging {
    static final String APPENDER = "STDOUT";
    private static Encoder<ILoggingEvent> textEncoder;

    private Logging() {
    }

    public static synchronized void use(LogFormat format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J provider: its own configuration rules
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> appender = root.getAppender(APPENDER);
        if (!(appender instanceof OutputStreamAppender<ILoggingEvent> console)) {
            return;
        }
        Encoder<ILoggingEvent> current = console.getEncoder();
        boolean isJson = current instanceof JsonLineEncoder;
        if (isJson == (format == LogFormat.JSON)) {
            return;
        }
        Encoder<ILoggingEvent> next;
        if (format == LogFormat.JSON) {
            textEncoder = current;
            JsonLineEncoder json = new JsonLineEncoder();
            json.setContext(context);
            json.start();
            next = json;
        } else {
            next = textEncoder;
        }
        console.stop();
        console.setEncoder(next);
        console.start();
    }
}
