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

    @Test
    void emptyAndBlankValuesAreNoValue() {
        assertThat(new Dimensions("", " ", "\t\n ")).isEqualTo(Dimensions.NONE);
        assertThat(new Dimensions("\u2003", null, null).audienceSegment()).isNull();
    }

    @Test
    void surroundingWhitespaceIsRemovedAndCaseKept() {
        Dimensions d = new Dimensions("  VIP ", "\temail", "mobile\r\n");

        assertThat(d).isEqualTo(new Dimensions("VIP", "email", "mobile"));
        assertThat(new Dimensions("new customers", null, null).audienceSegment()).isEqualTo("new customers");
    }

    @Test
    void aCleanValueIsKeptAsTheSameString() {
        String segment = "vip";
        String channel = "paid social";

        Dimensions d = new Dimensions(segment, channel, null);

        assertThat(d.audienceSegment()).isSameAs(segment);
        assertThat(d.channel()).isSameAs(channel);
    }

    @Test
    void theLengthLimitCountsTheValueWithoutSurroundingWhitespace() {
        assertThat(new Dimensions(" " + "a".repeat(100) + " ", null, null).audienceSegment()).hasSize(100);
    }
}
