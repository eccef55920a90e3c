package dev.campaignanalytics.http.auth;

import com.nimbusds.jwt.JWTClaimsSet;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reads roles and permissions out of verified claims; values of the wrong type count as absent. */
final class TokenClaims {

    static final String ROLE = "role";
    static final String ROLES = "roles";
    static final String PERMISSIONS = "permissions";

    private TokenClaims() {
    }

    /**
     * The roles at {@code roleClaimPath}, or, when no path is configured, those in {@code role} and
     * {@code roles} together. A path is first tried as one claim name (for namespaced claims such as
     * {@code https://example.com/roles}), then as a dot path into nested objects.
     */
    static Set<String> roles(JWTClaimsSet claims, String roleClaimPath) {
        Map<String, Object> all = claims.getClaims();
        if (roleClaimPath == null) {
            Set<String> roles = new LinkedHashSet<>(strings(all.get(ROLE)));
            roles.addAll(strings(all.get(ROLES)));
            return roles;
        }
        if (all.containsKey(roleClaimPath)) {
            return strings(all.get(roleClaimPath));
        }
        return strings(valueAt(all, roleClaimPath.split("\\.")));
    }

    /** The strings in the {@code permissions} array. */
    static Set<String> permissions(JWTClaimsSet claims) {
        return strings(claims.getClaims().get(PERMISSIONS));
    }

    private static Object valueAt(Map<String, Object> root, String[] path) {
        Object current = root;
        for (String name : path) {
            if (!(current instanceof Map<?, ?> object)) {
                return null;
            }
            current = object.get(name);
        }
        return current;
    }

    private static Set<String> strings(Object value) {
        Set<String> result = new LinkedHashSet<>();
        if (value instanceof String text) {
            result.add(text);
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof String text) {
                    result.add(text);
                }
            }
        }
        return result;
    }
}
