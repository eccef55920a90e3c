package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

class DimensionsTest {

    @Test
    void everyDimensionMayBeAbsent() {
        assertThat(new Dimensions(null, null, null)).isEqualTo(Dimensions.NONE);
    }

    @Test
    void valuesUpToTheirLimitsAreAccepted() {
        Dimensions d = new Dimensions("a".repeat(100), "c".repeat(50), "d".repeat(50));

        assertThat(d.audienceSegment()).hasSize(100);
        assertThat(d.channel()).hasSize(50);
        assertThat(d.deviceType()).hasSize(50);
    }

    @Test
    void audienceSegmentLongerThanOneHundredIsRefused() {
        assertThat(fieldsRefusedBy(() -> new Dimensions("a".repeat(101), null, null)))
                .containsExactly("audience_segment");
    }

    @Test
    void channelAndDeviceTypeLongerThanFiftyAreRefusedTogether() {
        assertThat(fieldsRefusedBy(() -> new Dimensions(null, "c".repeat(51), "d".repeat(51))))
                .containsExactly("channel", "device_type");
    }
}
