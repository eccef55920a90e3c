package dev.campaignanalytics.core.domain;

import java.util.Locale;

/**
 * The four things that come back from a campaign. The funnel runs impression (shown) → view (looked at)
 * → click → conversion.
 */
public enum EventType {
    /** The campaign was shown. */
    IMPRESSION,
    /** The campaign was looked at; views are what the click-through rate divides by. */
    VIEW,
    /** Someone clicked; clicks are what the conversion rate divides by. */
    CLICK,
    /** Someone did what the campaign asked for (bought, signed up). */
    CONVERSION;

    /** {@return the lower-case name used on the wire and in storage: {@code impression|view|click|conversion}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param field the request field named in the error, e.g. {@code event_type}
     * @param text the wire name to read
     * @return the event type the text names
     * @throws InvalidInputException naming {@code field} when the text is not one of the four wire names
     */
    public static EventType parse(String field, String text) {
        if (text == null) {
            throw new InvalidInputException(field, "is required");
        }
        for (EventType t : values()) {
            if (t.wireName().equals(text)) {
                return t;
            }
        }
        throw new InvalidInputException(field, "must be one of impression, view, click, conversion");
    }
}
