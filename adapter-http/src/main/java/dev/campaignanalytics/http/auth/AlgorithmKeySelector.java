package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.Key;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks verification keys by the token's algorithm from a fixed, configured table: each accepted
 * algorithm has its own key source, and an algorithm missing from the table gets no key at all (so
 * nimbus rejects the token). This is what keeps an RSA public key from ever being used as an HMAC
 * secret: HS256 is only ever looked up in the HMAC secret.
 */
final class AlgorithmKeySelector implements JWSKeySelector<SecurityContext> {

    private final Map<JWSAlgorithm, JWSKeySelector<SecurityContext>> selectorsByAlgorithm;

    AlgorithmKeySelector(Map<JWSAlgorithm, JWSKeySelector<SecurityContext>> selectorsByAlgorithm) {
        if (selectorsByAlgorithm.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm must be accepted");
        }
        this.selectorsByAlgorithm = Map.copyOf(selectorsByAlgorithm);
    }

    Set<JWSAlgorithm> acceptedAlgorithms() {
        return selectorsByAlgorithm.keySet();
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        JWSKeySelector<SecurityContext> selector = selectorsByAlgorithm.get(header.getAlgorithm());
        return selector == null ? List.of() : selector.selectJWSKeys(header, context);
    }
}
