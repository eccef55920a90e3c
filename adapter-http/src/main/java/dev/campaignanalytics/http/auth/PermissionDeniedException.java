package dev.campaignanalytics.http.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The caller is identified but may not use this route: the token carries no admin role, or lacks the
 * route's permission.
 *
 * <p>The HTTP layer answers 403. The message is safe to show: it names the missing permission, or
 * says that an admin role is required.
 */
public class PermissionDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String missingPermission;

    /** @param message a caller-safe reason */
    public PermissionDeniedException(String message) {
        this(message, null);
    }

    private PermissionDeniedException(String message, String missingPermission) {
        super(message);
        this.missingPermission = missingPermission;
    }

    /** The caller has no admin role ({@code super_admin} or {@code marketing_admin}). */
    public static PermissionDeniedException adminRoleRequired() {
        return new PermissionDeniedException("An admin role (" + Permissions.SUPER_ADMIN + " or "
                + Permissions.MARKETING_ADMIN + ") is required");
    }

    /** The caller is an admin but its token does not grant {@code permission}. */
    public static PermissionDeniedException missing(String permission) {
        Objects.requireNonNull(permission, "permission");
        return new PermissionDeniedException("Missing permission: " + permission, permission);
    }

    /** The permission the caller lacks; empty when the refusal is for a missing admin role. */
    public Optional<String> missingPermission() {
        return Optional.ofNullable(missingPermission);
    }
}
