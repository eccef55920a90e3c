package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;

import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

/** nimbus' standard claim checks (exp, nbf, iss, aud, required claims), with "now" read from a {@link Clock}. */
final class ClockedClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;

    ClockedClaimsVerifier(Set<String> acceptedAudience, JWTClaimsSet exactMatchClaims,
                          Set<String> requiredClaims, int maxClockSkewSeconds, Clock clock) {
        super(acceptedAudience, exactMatchClaims, requiredClaims, null);
        this.clock = Objects.requireNonNull(clock, "clock");
        setMaxClockSkew(maxClockSkewSeconds);
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }
}
