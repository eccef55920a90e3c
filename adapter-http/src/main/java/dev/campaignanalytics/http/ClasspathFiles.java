package dev.campaignanalytics.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.ResourceHandler;
import io.javalin.http.staticfiles.StaticFileConfig;
import io.javalin.security.RouteRole;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The static files of the dashboard and the API docs: a fixed list of small classpath files, read once at start and
 * served from memory at their URL paths, each with its own headers, an {@code ETag} and {@code Cache-Control:
 * no-cache} (a browser revalidates, and an unchanged file costs a 304).
 *
 * <p>This replaces Javalin's classpath static files, which mount the application jar as a zip file system for each
 * location: with four locations the shaded jar's index was held sixteen times, about 100 MB of heap for the life of
 * the server. Nothing here ever lists a directory, so nothing is mounted, and a file that is not listed is never
 * served.
 */
final class ClasspathFiles implements ResourceHandler {
    private record Served(byte[] bytes, String contentType, String etag, Map<String, String> headers) {
    }

    private final Map<String, Served> byPath = new HashMap<>();

    /**
     * Serves {@code resource} from the classpath at {@code path}.
     *
     * @throws IllegalStateException when the resource is missing or its type is not one this server serves
     */
    ClasspathFiles add(String path, String resource, Map<String, String> headers) {
        byte[] bytes;
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + resource);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byPath.put(path, new Served(bytes, contentType(resource), etag(bytes), Map.copyOf(headers)));
        return this;
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "png" -> "image/png";
            default -> throw new IllegalStateException("no content type known for " + name);
        };
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean canHandle(Context ctx) {
        HandlerType method = ctx.method();
        return (method == HandlerType.GET || method == HandlerType.HEAD) && byPath.containsKey(ctx.path());
    }

    @Override
    public boolean handle(Context ctx) {
        Served file = byPath.get(ctx.path());
        if (file == null) {
            return false;
        }
        file.headers().forEach(ctx::header);
        ctx.header("ETag", file.etag());
        ctx.header("Cache-Control", "no-cache");
        String seen = ctx.header("If-None-Match");
        if (seen != null && (seen.equals(file.etag()) || seen.equals("W/" + file.etag()))) {
            ctx.status(304);
            return true;
        }
        ctx.contentType(file.contentType());
        if (ctx.method() == HandlerType.HEAD) {
            ctx.header("Content-Length", Integer.toString(file.bytes().length));
        } else {
            ctx.result(file.bytes());
        }
        return true;
    }

    /** Locations are given with {@link #add}; Javalin's own kind is refused. */
    @Override
    public boolean addStaticFileConfig(StaticFileConfig config) {
        return false;
    }

    @Override
    public Set<RouteRole> resourceRouteRoles(Context ctx) {
        return Set.of();
    }
}
