package dev.campaignanalytics.http.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import static dev.campaignanalytics.http.auth.TestTokens.NOW;
import static dev.campaignanalytics.http.auth.TestTokens.claims;
import static dev.campaignanalytics.http.auth.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessControlTest {

    private final AccessControl access = new AccessControl(TestTokens.hmacVerifier());

    @Test
    void marketingAdminWithTheRoutesPermissionIsLetIn() {
        String token = hs256(claims().claim("permissions", List.of(Permissions.CAMPAIGNS_READ)));

        Principal principal = access.authorize("Bearer " + token, Permissions.CAMPAIGNS_READ);

        assertThat(principal.subject()).isEqualTo("alice@example.com");
    }

    @Test
    void bearerSchemeIsMatchedCaseInsensitively() {
        String token = hs256(claims());

        assertThat(access.authorize("bearer " + token, Permissions.ANALYTICS_READ).subject())
                .isEqualTo("alice@example.com");
        assertThat(access.authorize("  BEARER   " + token + "  ", Permissions.ANALYTICS_READ).subject())
                .isEqualTo("alice@example.com");
    }

    @Test
    void marketingAdminWithoutTheRoutesPermissionIsDeniedWithThePermissionNamed() {
        String token = hs256(claims().claim("permissions", List.of(Permissions.ANALYTICS_READ)));

        assertThatThrownBy(() -> access.authorize("Bearer " + token, Permissions.ANALYTICS_EXPORT))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.getMessage()).contains("analytics.export");
                    assertThat(e.missingPermission()).contains(Permissions.ANALYTICS_EXPORT);
                });
    }

    @Test
    void superAdminPassesEveryRouteWithoutListingPermissions() {
        String token = hs256(claims().claim("role", Permissions.SUPER_ADMIN).claim("permissions", null));

        for (String permission : Permissions.ALL) {
            assertThat(access.authorize("Bearer " + token, permission).subject()).isEqualTo("alice@example.com");
        }
    }

    @Test
    void validTokenWithoutAnAdminRoleIsDeniedEvenWithThePermission() {
        String token = hs256(claims()
                .claim("role", "viewer")
                .claim("permissions", List.copyOf(Permissions.ALL)));

        assertThatThrownBy(() -> access.authorize("Bearer " + token, Permissions.CAMPAIGNS_READ))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.getMessage()).contains("admin role");
                    assertThat(e.missingPermission()).isEmpty();
                });
    }

    @Test
    void validTokenWithNoRoleAtAllIsDenied() {
        String token = hs256(claims().claim("role", null));

        assertThatThrownBy(() -> access.authorize("Bearer " + token, Permissions.ANALYTICS_READ))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("admin role");
    }

    @Test
    void missingHeaderFailsAuthentication() {
        assertThatThrownBy(() -> access.authorize(null, Permissions.ANALYTICS_READ))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> access.authorize("", Permissions.ANALYTICS_READ))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YWxpY2U6c2VjcmV0", "Token abc", "Bearer", "Bearer    ", "Bearer garbage",
            "Bearer a.b.c", "BearerX eyJhbGciOiJIUzI1NiJ9.e30.sig"})
    void headerWithoutAValidBearerTokenFailsAuthentication(String header) {
        assertThatThrownBy(() -> access.authorize(header, Permissions.ANALYTICS_READ))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void tokenWithoutTheBearerSchemeFailsAuthentication() {
        String token = hs256(claims());

        assertThatThrownBy(() -> access.authorize(token, Permissions.ANALYTICS_READ))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("Bearer scheme")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    @Test
    void authenticationIsJudgedBeforeRoleAndPermission() {
        String expiredSuperAdmin = hs256(claims()
                .claim("role", Permissions.SUPER_ADMIN)
                .expirationTime(Date.from(NOW.minus(Duration.ofHours(1)))));
        String unsignedSuperAdmin = TestTokens.unsigned("none", claims().claim("role", Permissions.SUPER_ADMIN), "");

        assertThatThrownBy(() -> access.authorize("Bearer " + expiredSuperAdmin, Permissions.ANALYTICS_READ))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> access.authorize("Bearer " + unsignedSuperAdmin, Permissions.ANALYTICS_READ))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void unknownRoutePermissionIsAProgrammingError() {
        String token = hs256(claims().claim("role", Permissions.SUPER_ADMIN));

        assertThatThrownBy(() -> access.authorize("Bearer " + token, "campaigns.delete"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
