package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lone UTF-16 surrogate (JSON {@code "\ud800"}) cannot be written in UTF-8: PostgreSQL would store {@code ?}
 * instead, so such texts are refused as the client's mistake, by field. Found by the HTTP fuzzing test: an
 * {@code event_id} sent twice that way was neither stored nor recognised as a duplicate, and answered 503.
 */
class UnpairedSurrogateTest {
    private static final CampaignId C = CampaignId.random();

    @Test
    void aClientEventIdWithALoneHighOrLowSurrogateIsRefusedNamingTheField() {
        for (String id : new String[]{"\ud800", "a\udc00", "x\ud83d"}) {
            assertThatThrownBy(() -> TrackedEvent.of(C, EventType.VIEW, Instant.EPOCH).withClientEventId(id))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("event_id")
                    .hasMessageContaining("unpaired surrogate");
        }
    }

    @Test
    void aSurrogatePairSuchAsAnEmojiIsAccepted() {
        assertThat(TrackedEvent.of(C, EventType.VIEW, Instant.EPOCH).withClientEventId("id-\ud83d\ude00")
                .clientEventId()).isEqualTo("id-\ud83d\ude00");
    }

    @Test
    void dimensionValuesAndCampaignNamesWithALoneSurrogateAreRefused() {
        assertThatThrownBy(() -> new Dimensions("vip\udfff", null, null)).hasMessageContaining("audience_segment");
        assertThatThrownBy(() -> new Campaign(C, "Sale\ud800", null, true, Instant.EPOCH, Instant.EPOCH))
                .hasMessageContaining("campaign_name");
    }
}
