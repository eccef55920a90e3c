package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

class TrackedEventTest {
    private static final CampaignId CAMPAIGN = CampaignId.random();
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    private static TrackedEvent event(String sessionId, String userAgent, String referrer, String clientEventId) {
        return new TrackedEvent(CAMPAIGN, EventType.CLICK, AT, null, sessionId, null, userAgent, null, referrer, null,
                clientEventId);
    }

    @Test
    void textsUpToTheirLimitsAreAccepted() {
        TrackedEvent e = event("s".repeat(255), "u".repeat(1024), "r".repeat(2048), "e".repeat(100));

        assertThat(e.sessionId()).hasSize(255);
        assertThat(e.userAgent()).hasSize(1024);
        assertThat(e.referrerUrl()).hasSize(2048);
        assertThat(e.clientEventId()).hasSize(100);
    }

    @Test
    void clientEventIdLongerThanOneHundredIsRefused() {
        assertThat(fieldsRefusedBy(() -> event(null, null, null, "e".repeat(101)))).containsExactly("event_id");
    }

    @Test
    void emptyClientEventIdIsRefused() {
        assertThat(fieldsRefusedBy(() -> event(null, null, null, ""))).containsExactly("event_id");
    }

    @Test
    void sessionIdLongerThan255IsRefused() {
        assertThat(fieldsRefusedBy(() -> event("s".repeat(256), null, null, null))).containsExactly("session_id");
    }

    @Test
    void userAgentLongerThan1024IsRefused() {
        assertThat(fieldsRefusedBy(() -> event(null, "u".repeat(1025), null, null))).containsExactly("user_agent");
    }

    @Test
    void referrerLongerThan2048IsRefused() {
        assertThat(fieldsRefusedBy(() -> event(null, null, "r".repeat(2049), null))).containsExactly("referrer_url");
    }

    @Test
    void everyTooLongTextIsNamedAtOnce() {
        assertThat(fieldsRefusedBy(() -> event("s".repeat(256), "u".repeat(1025), "r".repeat(2049), "e".repeat(101))))
                .containsExactlyInAnyOrder("session_id", "user_agent", "referrer_url", "event_id");
    }

    @Test
    void anEventCannotHaveHappenedBefore1900() {
        assertThat(TrackedEvent.of(CAMPAIGN, EventType.CLICK, TrackedEvent.EARLIEST)
                .occurredAt()).isEqualTo(TrackedEvent.EARLIEST);
        assertThat(fieldsRefusedBy(() -> TrackedEvent.of(CAMPAIGN, EventType.CLICK,
                Instant.parse("-0001-01-01T00:00:00Z")))).containsExactly("occurred_at");
    }

    @Test
    void absentDimensionsBecomeNone() {
        assertThat(event(null, null, null, null).dimensions()).isEqualTo(Dimensions.NONE);
    }

    @Test
    void eventDataUpToEightKilobytesIsAccepted() {
        assertThat(new EventData("x".repeat(EventData.MAX_BYTES)).json()).hasSize(8192);
    }

    @Test
    void eventDataOverEightKilobytesIsRefused() {
        assertThat(fieldsRefusedBy(() -> new EventData("x".repeat(8193)))).containsExactly("event_data");
    }

    @Test
    void eventDataIsMeasuredInUtf8BytesNotCharacters() {
        // "é" takes two bytes: 4096 of them fill 8 KB exactly, 4097 are 4097 characters but 8194 bytes.
        assertThat(new EventData("é".repeat(4096)).json()).hasSize(4096);
        assertThat(fieldsRefusedBy(() -> new EventData("é".repeat(4097)))).containsExactly("event_data");
        // a four-byte character counts four
        assertThat(fieldsRefusedBy(() -> new EventData("😀".repeat(2048) + "x"))).containsExactly("event_data");
    }
}
