package dev.campaignanalytics.http.auth;

import java.util.Objects;
import java.util.Set;

/**
 * The verified caller of an admin route: who it is (the token's {@code sub}) and what its token
 * grants.
 *
 * <p>Roles and permissions are exactly what the verified token says; the meaning of the admin roles
 * is applied by {@link #isAdmin()} and {@link #hasPermission(String)}.
 *
 * @param subject the token's subject, never blank
 * @param roles the roles the token grants (possibly none)
 * @param permissions the permissions the token lists (possibly none)
 */
public record Principal(String subject, Set<String> roles, Set<String> permissions) {

    /** Copies roles and permissions, so that the principal cannot change after verification; {@code null} means none. */
    public Principal {
        Objects.requireNonNull(subject, "subject");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }

    /** Whether the caller holds an admin role: {@code super_admin} or {@code marketing_admin}. */
    public boolean isAdmin() {
        return roles.contains(Permissions.SUPER_ADMIN) || roles.contains(Permissions.MARKETING_ADMIN);
    }

    /** Whether the caller may do what {@code permission} allows; a {@code super_admin} may do everything. */
    public boolean hasPermission(String permission) {
        return roles.contains(Permissions.SUPER_ADMIN) || permissions.contains(permission);
    }
}
