package dev.campaignanalytics.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The API describing itself: {@code GET /openapi.json} serves the OpenAPI 3.1 document kept beside this class, and
 * {@code GET /docs} a page that shows it with Swagger UI, whose files come from the {@code org.webjars:swagger-ui} jar
 * on the classpath. Nothing is fetched from elsewhere, so the page's Content-Security-Policy allows this server only.
 */
final class ApiDocs {
    static final String DOCUMENT_PATH = "/openapi.json";
    static final String PAGE_PATH = "/docs";
    /** Where Swagger UI's own files are served. */
    static final String SWAGGER_UI_PATH = "/docs/swagger-ui";
    /** Where the page's own script is served. */
    static final String ASSETS_PATH = "/docs/assets";

    /**
     * Scripts, styles, images and requests from this server only; inline styles, which Swagger UI sets, and data:
     * images, which its stylesheet uses for icons; no framing by any page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    /** The files of the webjar the page uses; its demo page and initializer (pointing at a pet store) are not served. */
    private static final Set<String> SWAGGER_UI_FILES = Set.of("swagger-ui-bundle.js", "swagger-ui.css",
            "favicon-32x32.png", "favicon-16x16.png");
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final byte[] document;
    private final byte[] page;
    private final String swaggerUiVersion;

    private ApiDocs(byte[] document, byte[] page, String swaggerUiVersion) {
        this.document = document;
        this.page = page;
        this.swaggerUiVersion = swaggerUiVersion;
    }

    /** @throws IllegalStateException when the document, the page or Swagger UI is missing from the classpath */
    static ApiDocs load() {
        Properties webjar = new Properties();
        try (InputStream in = resource(WEBJAR_PROPERTIES)) {
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ApiDocs(bytes("dev/campaignanalytics/http/openapi.json"),
                bytes("dev/campaignanalytics/http/docs/index.html"), webjar.getProperty("version"));
    }

    /** {@code GET /openapi.json} */
    void document(Context ctx) {
        ctx.contentType("application/json").result(document);
    }

    /** {@code GET /docs} */
    void page(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    /** Adds Swagger UI's files and the page's script, with the page's security headers, to what the server serves. */
    void addAssets(ClasspathFiles files) {
        for (String file : SWAGGER_UI_FILES) {
            files.add(SWAGGER_UI_PATH + "/" + file, WEBJAR + swaggerUiVersion + "/" + file, SECURITY_HEADERS);
        }
        files.add(ASSETS_PATH + "/docs.js", "dev/campaignanalytics/http/docs/assets/docs.js", SECURITY_HEADERS);
    }

    private static InputStream resource(String name) {
        InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing from the classpath: " + name);
        }
        return in;
    }

    private static byte[] bytes(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
