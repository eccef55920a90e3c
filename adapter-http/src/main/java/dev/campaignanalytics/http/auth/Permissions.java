package dev.campaignanalytics.http.auth;

import java.util.Set;

/**
 * The vocabulary of admin authorization: the two admin roles and the permissions that admin routes
 * ask for.
 *
 * <p>A caller reaches an admin route only with an admin role ({@link #SUPER_ADMIN} or
 * {@link #MARKETING_ADMIN}) and the route's permission. {@link #SUPER_ADMIN} holds every permission
 * without listing it; a {@link #MARKETING_ADMIN} holds only the permissions its token lists.
 */
public final class Permissions {

    /** See campaigns and their settings. */
    public static final String CAMPAIGNS_READ = "campaigns.read";
    /** Create new campaigns. */
    public static final String CAMPAIGNS_CREATE = "campaigns.create";
    /** Change existing campaigns. */
    public static final String CAMPAIGNS_UPDATE = "campaigns.update";
    /** Read campaign reports (counts, rates, breakdowns, the live feed). */
    public static final String ANALYTICS_READ = "analytics.read";
    /** Download reports as CSV or XLSX. */
    public static final String ANALYTICS_EXPORT = "analytics.export";
    /** Bulk-import events. */
    public static final String EVENTS_IMPORT = "events.import";

    /** The role that may do everything: it implies every permission. */
    public static final String SUPER_ADMIN = "super_admin";
    /** The role that may use admin routes for which its token lists the permission. */
    public static final String MARKETING_ADMIN = "marketing_admin";

    /** Every permission an admin route can require. */
    public static final Set<String> ALL = Set.of(
            CAMPAIGNS_READ, CAMPAIGNS_CREATE, CAMPAIGNS_UPDATE,
            ANALYTICS_READ, ANALYTICS_EXPORT, EVENTS_IMPORT);

    /** The roles that open admin routes at all. */
    public static final Set<String> ADMIN_ROLES = Set.of(SUPER_ADMIN, MARKETING_ADMIN);

    private Permissions() {
    }

    /** Whether {@code permission} is one of the permissions admin routes can require. */
    public static boolean isKnown(String permission) {
        return permission != null && ALL.contains(permission);
    }
}
