package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;

/** Turns the {@code ANALYTICS_JWT_JWKS} setting into the source of RS256/ES256 verification keys. */
final class JwksSource {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 2_000;
    private static final int SIZE_LIMIT_BYTES = 256 * 1024;

    private JwksSource() {
    }

    /**
     * A URL ({@code http://} or {@code https://}) is fetched on first use, then cached for five
     * minutes; a token naming a key the cached set lacks triggers a rate-limited refetch, which picks
     * up key rotation. Anything else is a file path, read now, so that a bad file stops the server at
     * start-up; the file is not reread later.
     */
    static JWKSource<SecurityContext> of(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fromUrl(location);
        }
        return fromFile(location);
    }

    private static JWKSource<SecurityContext> fromUrl(String location) {
        URL url;
        try {
            url = URI.create(location).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalArgumentException("ANALYTICS_JWT_JWKS is not a valid URL: " + location, e);
        }
        var retriever = new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, SIZE_LIMIT_BYTES);
        return JWKSourceBuilder.<SecurityContext>create(url, retriever)
                // no refresh-ahead: it would start a non-daemon background thread
                .refreshAheadCache(false)
                .retrying(true)
                .build();
    }

    private static JWKSource<SecurityContext> fromFile(String location) {
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("ANALYTICS_JWT_JWKS is neither an http(s) URL nor a valid file path: " + location, e);
        }
        JWKSet loaded;
        try {
            loaded = JWKSet.load(path.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("ANALYTICS_JWT_JWKS file cannot be read: " + path, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("ANALYTICS_JWT_JWKS file is not a valid JWK set: " + path, e);
        }
        // Only the public halves of RSA and EC keys: a private or symmetric key in the file is never used.
        List<JWK> publicKeys = loaded.toPublicJWKSet().getKeys().stream()
                .filter(key -> key instanceof RSAKey || key instanceof ECKey)
                .toList();
        if (publicKeys.isEmpty()) {
            throw new IllegalArgumentException("ANALYTICS_JWT_JWKS file has no RSA or EC public key: " + path);
        }
        return new ImmutableJWKSet<>(new JWKSet(publicKeys));
    }
}
