package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.InvalidInputException;
import io.javalin.http.Context;

import java.util.Collection;
import java.util.List;

/** Query parameters read strictly: a value that is given but malformed is a client error naming the parameter. */
final class QueryParams {
    /**
     * The parameter that browsers' polling code adds to defeat caches ({@code _=<timestamp>}, as jQuery's
     * {@code cache: false} does): it is read by nobody and refused nowhere.
     */
    static final String CACHE_BUSTER = "_";

    /** The rule a parameter given empty breaks, where leaving it out has a meaning. */
    static final String GIVEN_EMPTY = "must not be empty; leave it out for the default";

    private QueryParams() {
    }

    /** The parameter's text; {@code null} when it is absent or empty. */
    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A parameter's one value; {@code null} when absent.
     *
     * @throws InvalidInputException when it is given more than once or given empty
     */
    static String single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidInputException(name, "must be given at most once");
        }
        String value = values.get(0);
        if (value.isEmpty()) {
            throw new InvalidInputException(name, GIVEN_EMPTY);
        }
        return value;
    }

    /**
     * Refuses, into {@code v}, every parameter of the request that is not {@code known} (nor the
     * {@link #CACHE_BUSTER}), so that a misspelt one is not ignored.
     */
    static void refuseUnknown(Context ctx, Violations v, Collection<String> known) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name) && !CACHE_BUSTER.equals(name)) {
                v.add(name, "is not a parameter of this route");
            }
        }
    }

    /** @throws InvalidInputException when the parameter is given but is not a whole number */
    static int integer(Context ctx, String name, int absent) {
        return integer(name, text(ctx, name), absent);
    }

    /**
     * @param value the parameter's value, {@code null} when absent
     * @throws InvalidInputException when the value is given but is not a whole number
     */
    static int integer(String name, String value, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number");
        }
    }

    /**
     * A page size: {@code absent} when not given (but never more than the largest page), else a whole number from 1
     * to the smaller of the list's own maximum and the configured largest page.
     *
     * @throws InvalidInputException naming the parameter and the range otherwise
     */
    static int pageSize(Context ctx, String name, int absent, int listMaximum, int configuredMaximum) {
        return pageSize(name, text(ctx, name), absent, listMaximum, configuredMaximum);
    }

    /** {@link #pageSize(Context, String, int, int, int)} of a value already read, {@code null} when absent. */
    static int pageSize(String name, String value, int absent, int listMaximum, int configuredMaximum) {
        int max = Math.min(listMaximum, configuredMaximum);
        int size = integer(name, value, Math.min(absent, max));
        if (size < 1 || size > max) {
            throw new InvalidInputException(name, "must be between 1 and " + max);
        }
        return size;
    }

    /** @throws InvalidInputException when the parameter is given but is neither {@code true} nor {@code false} */
    static Boolean bool(Context ctx, String name) {
        return bool(name, text(ctx, name));
    }

    /** {@link #bool(Context, String)} of a value already read, {@code null} when absent. */
    static Boolean bool(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidInputException(name, "must be true or false");
        };
    }
}
