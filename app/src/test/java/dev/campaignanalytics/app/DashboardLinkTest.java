package dev.campaignanalytics.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardLinkTest {
    @Test
    void theTokenGoesInTheFragmentSoThatNoRequestCarriesIt() {
        String link = DashboardLink.of("127.0.0.1", 7070, "a.b.c");

        assertThat(link).isEqualTo("http://127.0.0.1:7070/#token=a.b.c");
        assertThat(link.substring(0, link.indexOf('#'))).doesNotContain("a.b.c");
    }

    @Test
    void aServerListeningOnEveryAddressIsReachedAtLocalhost() {
        assertThat(DashboardLink.of("0.0.0.0", 7070, "t")).isEqualTo("http://localhost:7070/#token=t");
        assertThat(DashboardLink.of("::", 8080, "t")).isEqualTo("http://localhost:8080/#token=t");
    }

    @Test
    void anIpv6AddressIsBracketed() {
        assertThat(DashboardLink.of("::1", 7070, "t")).isEqualTo("http://[::1]:7070/#token=t");
    }
}
