package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** What the three stores share: running work on the database, instants, and the dimension columns. */
final class Sql {
    private static final ClasspathSqlLocator LOCATOR = ClasspathSqlLocator.removingComments();

    private Sql() {
    }

    /** The statement kept in {@code <package>/<Owner>/<name>.sql} on the classpath. */
    static String statement(Class<?> owner, String name) {
        return LOCATOR.locate(owner, name);
    }

    /**
     * Runs {@code work} on one connection. A database that cannot be reached or fails the work surfaces as
     * {@link StoreUnavailableException}: the caller may retry, and nothing of a failed transaction was committed.
     */
    static <R> R withHandle(Jdbi jdbi, String what, HandleCallback<R, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw unavailable(what, e);
        }
    }

    /** Like {@link #withHandle}, in one transaction: all of the work is committed, or none of it. */
    static <R> R inTransaction(Jdbi jdbi, String what, HandleCallback<R, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (JdbiException e) {
            throw unavailable(what, e);
        }
    }

    private static StoreUnavailableException unavailable(String what, JdbiException e) {
        return new StoreUnavailableException("PostgreSQL could not " + what + ": " + e.getMessage(), e);
    }

    /** A timestamptz parameter: the instant at offset 0, which is how pgjdbc sends a timestamptz. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null
                : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /**
     * An instant as ISO-8601 text in UTC, which PostgreSQL reads as a timestamptz. It is cut to the microsecond,
     * PostgreSQL's precision, so that an instant before a (whole-microsecond) slice edge stays before it.
     */
    static String text(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The column that holds a dimension's value. */
    static String column(Dimension dimension) {
        return switch (dimension) {
            case AUDIENCE_SEGMENT -> "audience_segment";
            case CHANNEL -> "channel";
            case DEVICE_TYPE -> "device_type";
        };
    }

    /**
     * The filter as {@code AND column = :filter_column} conditions (empty for no filter), to go after a WHERE; a
     * filter that also selects events without a value ({@link DimensionFilter#selectsNoValue}) matches NULL too.
     * Bind the values with {@link #bindFilter}.
     */
    static String filterConditions(DimensionFilter filter) {
        StringBuilder sb = new StringBuilder();
        for (Dimension d : filter.asMap().keySet()) {
            sb.append(" AND ").append(valueMatches(column(d), ":filter_" + column(d), filter.selectsNoValue(d)));
        }
        return sb.toString();
    }

    /**
     * The condition that a dimension value (a column or expression) passes a filter bound as {@code parameter}:
     * equal to it, or also NULL when the filter selects events without a value.
     */
    static String valueMatches(String value, String parameter, boolean orNoValue) {
        return orNoValue ? "(" + value + " IS NULL OR " + value + " = " + parameter + ")"
                : value + " = " + parameter;
    }

    static <S extends SqlStatement<S>> S bindFilter(S statement, DimensionFilter filter) {
        for (Map.Entry<Dimension, String> e : filter.asMap().entrySet()) {
            statement.bind("filter_" + column(e.getKey()), e.getValue());
        }
        return statement;
    }
}
