package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.InvalidInputException;
import io.javalin.http.Context;

/** Query parameters read strictly: a value that is given but malformed is a client error naming the parameter. */
final class QueryParams {
    private QueryParams() {
    }

    /** The parameter's text; {@code null} when it is absent or empty. */
    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** @throws InvalidInputException when the parameter is given but is not a whole number */
    static int integer(Context ctx, String name, int absent) {
        String value = text(ctx, name);
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

    /** {@link #pageSize(Context, String, int, int, int)} of a value already read; {@code null} when not given. */
    static int pageSize(String name, String value, int absent, int listMaximum, int configuredMaximum) {
        int max = Math.min(listMaximum, configuredMaximum);
        int size = Math.min(absent, max);
        if (value != null) {
            try {
                size = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name, "must be a whole number");
            }
        }
        if (size < 1 || size > max) {
            throw new InvalidInputException(name, "must be between 1 and " + max);
        }
        return size;
    }

    /** @throws InvalidInputException when the parameter is given but is neither {@code true} nor {@code false} */
    static Boolean bool(Context ctx, String name) {
        String value = text(ctx, name);
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
