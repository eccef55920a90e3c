package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unit tests resolve names only from {@code src/test/resources/no-dns.hosts} (set by the surefire argLine), where
 * every name used below resolves to 127.0.0.1. A name that {@link IpAddress#parse} looked up would therefore be
 * accepted, so a refusal here shows that no lookup happened.
 */
class IpAddressTest {

    @Test
    void parsesAnIpv4Literal() {
        IpAddress ip = IpAddress.parse("ip_address", "192.168.1.77");

        assertThat(ip.isIpv4()).isTrue();
        assertThat(ip.toString()).isEqualTo("192.168.1.77");
    }

    @Test
    void octetsAreTheAddressInNetworkOrderAndChangingThemChangesNothing() {
        IpAddress v4 = IpAddress.parse("ip", "192.0.2.10");
        IpAddress v6 = IpAddress.parse("ip", "2001:db8::ff");

        assertThat(v4.octets()).containsExactly(192, 0, 2, 10);
        assertThat(v6.octets()).hasSize(16).startsWith(0x20, 0x01, 0x0d, 0xb8).endsWith(0, 0xff);
        v4.octets()[0] = 1;
        assertThat(v4).isEqualTo(IpAddress.parse("ip", "192.0.2.10"));
    }

    @Test
    void parsesIpv6Literals() {
        IpAddress ip = IpAddress.parse("ip_address", "2001:DB8::1");

        assertThat(ip.isIpv4()).isFalse();
        assertThat(ip.toString()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(IpAddress.parse("ip_address", "::1").toString()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(IpAddress.parse("ip_address", "::").toString()).isEqualTo("0:0:0:0:0:0:0:0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com"})
    void refusesHostNamesWithoutLookingThemUp(String name) throws Exception {
        assertThat(InetAddress.getByName(name).getHostAddress()).as("the test name service").isEqualTo("127.0.0.1");

        assertThat(fieldsRefusedBy(() -> IpAddress.parse("ip_address", name))).containsExactly("ip_address");
    }

    @ParameterizedTest
    @ValueSource(strings = {".:1", ".::1", ".1:2::3"})
    void refusesNameLikeTextOfIpv6CharactersWithoutLookingItUp(String text) throws Exception {
        // The JDK reads text that does not start with a hex digit or ':' as a host name and looks it up.
        assertThat(InetAddress.getByName(text).getHostAddress()).as("the test name service").isEqualTo("127.0.0.1");

        assertThat(fieldsRefusedBy(() -> IpAddress.parse("ip_address", text))).containsExactly("ip_address");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", "01.2.3.4", " 1.2.3.4", "1.2.3.4 ",
            "1.2.3.4:80", "2001:db8::g", "1:2", ":::", "1::2::3", "fe80::1%eth0", "[::1]", "0x7f.0.0.1",
            "2130706433"})
    void refusesWhatIsNotAnAddressLiteral(String text) {
        assertThat(fieldsRefusedBy(() -> IpAddress.parse("ip_address", text))).containsExactly("ip_address");
    }

    @Test
    void anonymizedIpv4HasItsLastOctetZeroed() {
        IpAddress ip = IpAddress.parse("ip_address", "203.0.113.77");

        assertThat(ip.anonymized().toString()).isEqualTo("203.0.113.0");
        assertThat(ip.toString()).as("the original is unchanged").isEqualTo("203.0.113.77");
    }

    @Test
    void anonymizedIpv6HasItsLast80BitsZeroed() {
        IpAddress ip = IpAddress.parse("ip_address", "2001:db8:85a3:1234:5678:8a2e:370:7334");

        assertThat(ip.anonymized().toString()).isEqualTo("2001:db8:85a3:0:0:0:0:0");
    }

    @Test
    void anonymizedIpv6KeepsAll48LeadingBits() {
        IpAddress ip = IpAddress.parse("ip_address", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

        assertThat(ip.anonymized().toString()).isEqualTo("ffff:ffff:ffff:0:0:0:0:0");
    }

    @Test
    void addressesWithTheSameBytesAreEqual() {
        assertThat(IpAddress.parse("ip", "2001:db8::1")).isEqualTo(IpAddress.parse("ip", "2001:0db8:0:0:0:0:0:1"))
                .hasSameHashCodeAs(IpAddress.parse("ip", "2001:0db8:0:0:0:0:0:1"))
                .isNotEqualTo(IpAddress.parse("ip", "2001:db8::2"));
    }
}
