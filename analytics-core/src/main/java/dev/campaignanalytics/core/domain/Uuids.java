package dev.campaignanalytics.core.domain;

import java.util.UUID;

/** Strict UUID parsing: only the canonical 8-4-4-4-12 hexadecimal form is a UUID. */
public final class Uuids {
    /** The canonical form's length: 32 hexadecimal digits in groups of 8-4-4-4-12, and the four hyphens. */
    private static final int LENGTH = 36;

    private Uuids() {
    }

    /**
     * Whether {@code text} is a UUID in the canonical 8-4-4-4-12 hexadecimal form.
     *
     * @param text the text to check, may be null
     * @return whether it is a canonical UUID
     */
    public static boolean isUuid(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean hyphenPlace = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphenPlace ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII hexadecimal digits only: {@link Character#digit} would also take other scripts' digits. */
    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
