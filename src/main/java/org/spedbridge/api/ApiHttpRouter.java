package org.spedbridge.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the API's HTTP server (Vert.x) does before and besides Camel's REST routes:
 * <ul>
 * <li>paths under /api/v5 are case-insensitive, as on Aeries' ASP.NET server: a path whose fixed parts are
 *     spelled in another case ({@code /API/v5/Schools/994/Students}) is routed as the route files spell
 *     them (path parameters are kept as sent). Query parameter names are case-insensitive already (Camel
 *     headers ignore case).</li>
 * <li>the answers the server gives itself (unknown path 404, wrong method 405 with {@code Allow}, and any
 *     other status it decides) are Aeries' {@code {"Message": "..."}} in JSON, like every API error, and
 *     are audited.</li>
 * </ul>
 */
final class ApiHttpRouter {

    private static final String PREFIX = "/api/v5";
    /** The statuses Vert.x may fail a request with on the API's router; each gets a JSON body. */
    private static final List<Integer> STATUSES = List.of(400, 413, 414, 415, 500, 501, 503);

    private final Router router;
    private final ApiAudit audit;
    private volatile Paths paths = new Paths(-1, Map.of());

    private ApiHttpRouter(Router router, ApiAudit audit) {
        this.router = router;
        this.audit = audit;
    }

    /**
     * Adds the case-insensitive paths and the JSON error answers to the API server's router (the one
     * Camel's REST routes are on, mounted under the server's root): a first route that fixes the case,
     * a last one that answers what no route took.
     */
    static void install(Router router, ApiAudit audit) {
        ApiHttpRouter r = new ApiHttpRouter(router, audit);
        router.route().order(Integer.MIN_VALUE).handler(r::canonicalCase);
        router.route().order(Integer.MAX_VALUE).handler(r::unmatched);
        for (int status : STATUSES) {
            router.errorHandler(status, ctx -> r.error(ctx, status));
        }
    }

    /**
     * No route took the request: 404 when no route has its path, 405 when none answers its method, else
     * 406 (a route with the path and method that produces another format than Accept asks for).
     */
    private void unmatched(RoutingContext ctx) {
        Set<String> allowed = allowed(ctx.normalizedPath());
        int status = allowed.isEmpty() ? 404 : allowed.contains(ctx.request().method().name()) ? 406 : 405;
        error(ctx, status);
    }

    // ------------------------------------------------------------------ case-insensitive paths

    private void canonicalCase(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null || !path.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            ctx.next();
            return;
        }
        String canonical = paths().canonical(path);
        if (canonical.equals(path)) {
            ctx.next();
            return;
        }
        String query = ctx.request().query();
        ctx.reroute(ctx.request().method(), query == null ? canonical : canonical + "?" + query);
    }

    /** The fixed path segments of the routes, by their lower case; rebuilt when routes come or go. */
    private Paths paths() {
        List<Route> routes = router.getRoutes();
        Paths p = paths;
        if (p.routes != routes.size()) {
            Map<String, String> segments = new HashMap<>();
            for (Route route : routes) {
                String path = route.getPath();
                if (path != null) {
                    for (String s : path.split("/")) {
                        if (!s.isEmpty() && !s.startsWith(":")) {
                            segments.put(s.toLowerCase(Locale.ROOT), s);
                        }
                    }
                }
            }
            p = new Paths(routes.size(), segments);
            paths = p;
        }
        return p;
    }

    private record Paths(int routes, Map<String, String> segments) {
        String canonical(String path) {
            String[] parts = path.split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                String fixed = segments.get(parts[i].toLowerCase(Locale.ROOT));
                if (fixed != null) {
                    parts[i] = fixed;
                }
            }
            return String.join("/", parts);
        }
    }

    // ------------------------------------------------------------------ the server's own answers

    private void error(RoutingContext ctx, int status) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            // an answer that failed after it had begun (a list cut off): it cannot become an error any more
            ctx.request().connection().close();
            return;
        }
        String method = ctx.request().method().name();
        String message = message(ctx, status);
        if (status == 405) {
            response.putHeader(HttpHeaders.ALLOW, String.join(", ", allowed(ctx.normalizedPath())));
        }
        long started = System.nanoTime();
        String path = ctx.request().path();
        String address = ApiAudit.address(ctx.request().remoteAddress());
        ctx.vertx().executeBlocking(() -> {
            audit.commit(method, path, status, address, started);
            return null;
        }, false).onComplete(done -> {
            int code = done.succeeded() ? status : 503;
            String text = done.succeeded() ? message : "The request could not be recorded in the audit log, so it "
                    + "was not answered. Try again later or tell the district's sped-bridge administrator.";
            response.setStatusCode(code).putHeader(HttpHeaders.CONTENT_TYPE, ApiErrors.CONTENT_TYPE)
                    .end(ApiErrors.json(text));
        });
    }

    private static String message(RoutingContext ctx, int status) {
        return switch (status) {
            case 404 -> "There is no such endpoint. The API's endpoints are under /api/v5/ and listed in "
                    + "/api/v5/openapi.json (paths as Aeries documents them, in any case).";
            case 405 -> "This endpoint does not answer " + ctx.request().method().name()
                    + " requests; the Allow header lists the methods it answers.";
            case 406 -> "The Accept header asks for a format this API does not have. Ask for application/json "
                    + "(the default) or for XML with text/xml or application/xml.";
            case 413 -> "The request is too large.";
            case 414 -> "The request's URL is too long.";
            case 415 -> "The request's Content-Type is not accepted here.";
            case 500 -> ApiErrors.SERVER_ERROR;
            default -> "The request could not be handled (HTTP " + status + ").";
        };
    }

    /** The methods the routes whose path matches accept (for 405's Allow header). */
    private Set<String> allowed(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String p = route.getPath();
            Set<HttpMethod> m = route.methods();
            if (p != null && m != null && pattern(p).matcher(path).matches()) {
                m.forEach(x -> methods.add(x.name()));
            }
        }
        return methods;
    }

    private static Pattern pattern(String routePath) {
        StringBuilder regex = new StringBuilder();
        for (String s : routePath.split("/")) {
            if (!s.isEmpty()) {
                regex.append('/').append(s.startsWith(":") ? "[^/]+" : Pattern.quote(s));
            }
        }
        return Pattern.compile(regex + "/?", Pattern.CASE_INSENSITIVE);
    }
}
