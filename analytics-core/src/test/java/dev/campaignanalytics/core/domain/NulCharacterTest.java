package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL cannot store U+0000 in text or jsonb, so such input is refused as the client's mistake, by field. */
class NulCharacterTest {
    private static final CampaignId C = CampaignId.random();

    @Test
    void aClientEventIdWithNulIsRefusedNamingTheField() {
        assertThatThrownBy(() -> TrackedEvent.of(C, EventType.VIEW, Instant.EPOCH).withClientEventId("a\u0000b"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("event_id").hasMessageContaining("NUL");
    }

    @Test
    void eventDataWithAnEscapedNulIsRefused() {
        assertThatThrownBy(() -> new EventData("{\"x\":\"\\u0000\"}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("event_data");
    }

    @Test
    void dimensionValuesAndFiltersWithNulAreRefused() {
        assertThatThrownBy(() -> new Dimensions("vip\u0000", null, null)).hasMessageContaining("audience_segment");
        assertThatThrownBy(() -> DimensionFilter.of(null, "e\u0000mail", null)).hasMessageContaining("channel");
    }

    @Test
    void aCampaignNameWithNulIsRefused() {
        assertThatThrownBy(() -> new Campaign(C, "Sale\u0000", null, true, Instant.EPOCH, Instant.EPOCH))
                .hasMessageContaining("campaign_name");
    }
}
