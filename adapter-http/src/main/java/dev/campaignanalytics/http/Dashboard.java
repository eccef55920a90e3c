package dev.campaignanalytics.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The web dashboard: {@code GET /} serves one HTML page, whose scripts (JavaScript modules), styles and chart library
 * (uPlot, from the {@code org.webjars.npm:uplot} jar) are static files on the classpath. The page reads the API with
 * the user's bearer token like any other client; the server holds no session for it.
 *
 * <p>Everything comes from this server and the page has no inline script or style, so its Content-Security-Policy
 * allows this server only. The token is given to the page in the URL's fragment ({@code /#token=…}), which browsers
 * never send to a server, so it appears in no request and no log.
 */
final class Dashboard {
    static final String PAGE_PATH = "/";
    /** Where the page's own scripts and styles are served. */
    static final String ASSETS_PATH = "/dashboard/assets";
    /** Where uPlot's files are served: {@code /dashboard/uplot/dist/uPlot.esm.js} and {@code …/uPlot.min.css}. */
    static final String UPLOT_PATH = "/dashboard/uplot";

    /**
     * Scripts, styles, images and requests from this server only (no inline script or style, no eval); data: images;
     * no framing by any page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    /** The page's scripts and styles, in {@value #ASSETS}. */
    static final List<String> ASSET_FILES = List.of("api.js", "app.js", "campaign.js", "campaigns.js", "charts.js",
            "compare.js", "controls.js", "dom.js", "errors.js", "feed.js", "format.js", "signin.js", "style.css");
    /** The files of the webjar the page uses: the ES module and its stylesheet. */
    private static final Set<String> UPLOT_FILES = Set.of("/dist/uPlot.esm.js", "/dist/uPlot.min.css");
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String PAGE = "dev/campaignanalytics/http/dashboard/index.html";
    static final String ASSETS = "/dev/campaignanalytics/http/dashboard/assets";

    private final byte[] page;
    private final String uplotVersion;

    private Dashboard(byte[] page, String uplotVersion) {
        this.page = page;
        this.uplotVersion = uplotVersion;
    }

    /** @throws IllegalStateException when the page or uPlot is missing from the classpath */
    static Dashboard load() {
        Properties webjar = new Properties();
        try (InputStream in = resource(WEBJAR_PROPERTIES)) {
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = resource(PAGE)) {
            return new Dashboard(in.readAllBytes(), webjar.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /} */
    void page(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    /** Adds the page's scripts and styles and uPlot's two files to what the server serves. */
    void addAssets(ClasspathFiles files) {
        Map<String, String> headers = Map.of("X-Content-Type-Options", "nosniff");
        for (String asset : ASSET_FILES) {
            files.add(ASSETS_PATH + "/" + asset, ASSETS.substring(1) + "/" + asset, headers);
        }
        for (String file : UPLOT_FILES) {
            files.add(UPLOT_PATH + file, WEBJAR + uplotVersion + file, headers);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing from the classpath: " + name);
        }
        return in;
    }
}
