package dev.campaignanalytics.http.auth;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PrincipalTest {

    @Test
    void superAdminIsAnAdminWithEveryPermission() {
        Principal superAdmin = new Principal("root", Set.of(Permissions.SUPER_ADMIN), Set.of());

        assertThat(superAdmin.isAdmin()).isTrue();
        assertThat(Permissions.ALL).allMatch(superAdmin::hasPermission);
    }

    @Test
    void marketingAdminHasOnlyTheListedPermissions() {
        Principal marketer = new Principal("m", Set.of(Permissions.MARKETING_ADMIN), Set.of(Permissions.ANALYTICS_READ));

        assertThat(marketer.isAdmin()).isTrue();
        assertThat(marketer.hasPermission(Permissions.ANALYTICS_READ)).isTrue();
        assertThat(marketer.hasPermission(Permissions.ANALYTICS_EXPORT)).isFalse();
    }

    @Test
    void otherRolesAreNotAdmin() {
        Principal viewer = new Principal("v", Set.of("viewer", "authenticated"), Set.of(Permissions.CAMPAIGNS_READ));

        assertThat(viewer.isAdmin()).isFalse();
    }

    @Test
    void rolesAndPermissionsCannotBeChangedAfterVerification() {
        Set<String> roles = new java.util.HashSet<>(Set.of("viewer"));
        Principal principal = new Principal("v", roles, null);
        roles.add(Permissions.SUPER_ADMIN);

        assertThat(principal.isAdmin()).isFalse();
        assertThat(principal.permissions()).isEmpty();
    }
}
