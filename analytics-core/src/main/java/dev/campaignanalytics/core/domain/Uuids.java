package dev.campaignanalytics.core.domain;

import java.util.UUID;
import java.util.regex.Pattern;

/** Strict UUID parsing: only the canonical 8-4-4-4-12 hexadecimal form is a UUID. */
public final class Uuids {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    /**
     * Whether {@code text} is a UUID in the canonical 8-4-4-4-12 hexadecimal form.
     *
     * @param text the text to check, may be null
     * @return whether it is a canonical UUID
     */
    public static boolean isUuid(String text) {
        return text != null && CANONICAL.matcher(text).matches();
    }

    /**
     * @param field the request field named in the error
     * @param text the canonical UUID text
     * @return the UUID
     * @throws InvalidInputException naming {@code field} when the text is not a canonical UUID
     */
    public static UUID parse(String field, String text) {
        if (!isUuid(text)) {
            throw new InvalidInputException(field, "must be a UUID");
        }
        return UUID.fromString(text);
    }
}
