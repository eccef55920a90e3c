package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** Campaign ids and the strict UUID syntax they use. */
class IdentifiersTest {

    @Test
    void campaignIdParsesACanonicalUuid() {
        String text = "0f8fad5b-d9cb-469f-a165-70867728950e";

        assertThat(CampaignId.parse("campaign_id", text)).isEqualTo(new CampaignId(UUID.fromString(text)));
        assertThat(CampaignId.parse("campaign_id", text).toString()).isEqualTo(text);
    }

    @Test
    void campaignIdAcceptsUpperCaseHex() {
        assertThat(CampaignId.parse("id", "0F8FAD5B-D9CB-469F-A165-70867728950E").value())
                .isEqualTo(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "not-a-uuid", "42"})
    void campaignIdThatIsNotAUuidIsRefusedNamingTheField(String text) {
        assertThat(fieldsRefusedBy(() -> CampaignId.parse("campaign_id", text))).containsExactly("campaign_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1-1-1-1-1",                                  // UUID.fromString takes this; a client id must not
            "0f8fad5bd9cb469fa16570867728950e",           // no hyphens
            "{0f8fad5b-d9cb-469f-a165-70867728950e}",     // braces
            "0f8fad5b-d9cb-469f-a165-70867728950e ",      // trailing space
            " 0f8fad5b-d9cb-469f-a165-70867728950e",      // leading space
            "0f8fad5b-d9cb-469f-a165-70867728950e0",      // one digit too many
            "0f8fad5b-d9cb-469f-a165-70867728950",        // one digit too few
            "0f8fad5g-d9cb-469f-a165-70867728950e",       // not hex
            "0f8fad5b-d9cb-469f-a16570-867728950e",       // hyphen in the wrong place
            "0f8fad5b-d9cb-469f-a165-70867728950-",       // a hyphen for the last digit
            "0f8fad5b-d9cb-469f-a165-7086772895\u0660e", // an Arabic-Indic zero: a digit, but not ASCII hex
            "0f8fad5b-d9cb-469f-a165-7086772895\uff10e", // a fullwidth zero
            "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"
    })
    void onlyTheCanonicalEightFourFourFourTwelveFormIsAUuid(String text) {
        assertThat(Uuids.isUuid(text)).isFalse();
        assertThat(fieldsRefusedBy(() -> Uuids.parse("user_id", text))).containsExactly("user_id");
    }

    @Test
    void nullIsNotAUuid() {
        assertThat(Uuids.isUuid(null)).isFalse();
    }

    @Test
    void canonicalTextIsAUuid() {
        assertThat(Uuids.isUuid("00000000-0000-0000-0000-000000000000")).isTrue();
        assertThat(Uuids.parse("user_id", "00000000-0000-0000-0000-000000000001")).isEqualTo(new UUID(0, 1));
        assertThat(Uuids.isUuid("0F8FAD5B-D9CB-469F-A165-70867728950E")).isTrue();
    }

    @Test
    void theCheckAgreesWithTheCanonicalPatternOnRandomNearMisses() {
        Pattern canonical = Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        String alphabet = "0123456789abcdefABCDEFgG-\u0660 ";
        Random random = new Random(20261126);
        int uuids = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder(UUID.randomUUID().toString());
            for (int changes = random.nextInt(3); changes > 0; changes--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String t = text.toString();
            boolean expected = canonical.matcher(t).matches();
            assertThat(Uuids.isUuid(t)).as(t).isEqualTo(expected);
            uuids += expected ? 1 : 0;
        }
        assertThat(uuids).as("both answers occur").isBetween(10_000, 190_000);
    }
}
