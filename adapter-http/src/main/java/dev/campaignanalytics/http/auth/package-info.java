/**
 * Who may use the admin API, and what they may do there.
 *
 * <p>An admin caller presents a signed JWT as {@code Authorization: Bearer <token>}. The token is
 * verified with nimbus-jose-jwt against keys and algorithms taken from configuration only
 * ({@link dev.campaignanalytics.http.auth.JwtSettings}); the verified claims become a
 * {@link dev.campaignanalytics.http.auth.Principal}; {@link dev.campaignanalytics.http.auth.AccessControl}
 * then requires an admin role and the route's permission ({@link dev.campaignanalytics.http.auth.Permissions}).
 *
 * <p>The package knows nothing about HTTP frameworks: it works on header strings and reports
 * refusals as {@link dev.campaignanalytics.http.auth.AuthenticationFailedException} (answer 401 with
 * {@code WWW-Authenticate: Bearer}) and {@link dev.campaignanalytics.http.auth.PermissionDeniedException}
 * (answer 403). {@link dev.campaignanalytics.http.auth.TokenMinter} issues HS256 tokens for the
 * {@code token} command and generates secrets for the embedded default configuration.
 */
package dev.campaignanalytics.http.auth;
