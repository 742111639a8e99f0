package org.spedbridge.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.spedbridge.config.ConfigException;

/**
 * When the routes have started: checks that the REST routes in the route files and the endpoint table
 * ({@link ApiEndpoint}) agree (every REST route is in the table; the scopes of its aeriesCert security
 * requirement are the table's areas; no requirement exactly when the table says public), failing the
 * start with the file to fix otherwise; then adds case-insensitive paths and the JSON error answers to
 * the API server ({@link ApiHttpRouter}).
 */
public final class ApiStartup implements StartupListener {

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> problems = check(model == null ? List.of() : model.getRestDefinitions());
        if (!problems.isEmpty()) {
            throw new ConfigException("The REST routes and the API's endpoint table disagree: " + String.join("; ", problems)
                    + ". Fix the route file, or add the endpoint to org.spedbridge.api.ApiEndpoint.");
        }
        VertxPlatformHttpRouter router = ApiServer.router(context);
        ApiAudit audit = context.getRegistry().lookupByNameAndType("apiAudit", ApiAudit.class);
        if (router != null && audit != null) {
            ApiHttpRouter.install(router, audit);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    /** What does not agree between the REST definitions and the table (empty when all agree). */
    static List<String> check(List<RestDefinition> rests) {
        List<String> problems = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String id = verb.getRouteId();
                ApiEndpoint endpoint = ApiEndpoint.byRouteId(id);
                String where = verb.asVerb().toUpperCase() + " " + rest.getPath() + verb.getPath() + " (route id " + id + ")";
                if (endpoint == null) {
                    problems.add(where + " is not in the endpoint table");
                    continue;
                }
                List<SecurityDefinition> security = verb.getSecurity() == null ? List.of() : verb.getSecurity();
                if (!endpoint.access().keyed()) {
                    if (!security.isEmpty()) {
                        problems.add(where + " needs no key in the table but has a security requirement");
                    }
                    continue;
                }
                if (security.size() != 1) {
                    problems.add(where + " needs a key: give it one security requirement (key aeriesCert) whose scopes are "
                            + (endpoint.access().areas().isEmpty() ? "empty" : areas(endpoint.access().areas())));
                    continue;
                }
                Set<Area> scopes = scopes(security.get(0).getScopes());
                if (scopes == null || !scopes.equals(endpoint.access().areas())) {
                    problems.add(where + " shows the areas '" + security.get(0).getScopes() + "' but the table says '"
                            + areas(endpoint.access().areas()) + "'");
                }
            }
        }
        return problems;
    }

    private static Set<Area> scopes(String scopes) {
        try {
            return scopes == null ? Collections.emptySet() : Area.parse(Arrays.asList(scopes.split(",")));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String areas(Set<Area> areas) {
        return areas.stream().sorted().map(Area::id).collect(Collectors.joining(","));
    }
}
