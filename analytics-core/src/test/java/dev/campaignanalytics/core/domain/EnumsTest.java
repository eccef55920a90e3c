package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** Event types and dimensions as they are named on the wire. */
class EnumsTest {

    @Test
    void eventTypeParsesTheFourWireNames() {
        assertThat(EventType.parse("event_type", "impression")).isEqualTo(EventType.IMPRESSION);
        assertThat(EventType.parse("event_type", "view")).isEqualTo(EventType.VIEW);
        assertThat(EventType.parse("event_type", "click")).isEqualTo(EventType.CLICK);
        assertThat(EventType.parse("event_type", "conversion")).isEqualTo(EventType.CONVERSION);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"CLICK", "Click", "clicks", "purchase", " view"})
    void eventTypeRefusesAnythingElseNamingTheField(String text) {
        assertThat(fieldsRefusedBy(() -> EventType.parse("event_type", text))).containsExactly("event_type");
    }

    @Test
    void eventTypeWireNameRoundTrips() {
        for (EventType t : EventType.values()) {
            assertThat(EventType.parse("f", t.wireName())).isEqualTo(t);
        }
    }

    @Test
    void dimensionParsesTheSnakeCaseWireNames() {
        assertThat(Dimension.parse("dimension", "audience_segment")).isEqualTo(Dimension.AUDIENCE_SEGMENT);
        assertThat(Dimension.parse("dimension", "channel")).isEqualTo(Dimension.CHANNEL);
        assertThat(Dimension.parse("dimension", "device_type")).isEqualTo(Dimension.DEVICE_TYPE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"audienceSegment", "CHANNEL", "device", "country"})
    void dimensionRefusesAnythingElseNamingTheField(String text) {
        assertThat(fieldsRefusedBy(() -> Dimension.parse("dimension", text))).containsExactly("dimension");
    }

    @Test
    void dimensionReadsItsOwnValueOfAnEvent() {
        Dimensions d = new Dimensions("vip", "email", "mobile");

        assertThat(Dimension.AUDIENCE_SEGMENT.valueOf(d)).isEqualTo("vip");
        assertThat(Dimension.CHANNEL.valueOf(d)).isEqualTo("email");
        assertThat(Dimension.DEVICE_TYPE.valueOf(d)).isEqualTo("mobile");
        assertThat(Dimension.CHANNEL.valueOf(Dimensions.NONE)).isNull();
    }
}
