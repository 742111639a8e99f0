package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.model.rest.GetDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;

/**
 * The endpoint table against the route files' REST definitions (the start-up check), and the choice of
 * JSON or XML from Accept.
 */
class ApiEndpointTableTest {

    private static RestDefinition rest(VerbDefinition... verbs) {
        RestDefinition rest = new RestDefinition();
        rest.setPath("/api/v5");
        rest.setVerbs(new ArrayList<>(List.of(verbs)));
        return rest;
    }

    private static VerbDefinition get(String routeId, String... scopes) {
        VerbDefinition v = new GetDefinition();
        v.setPath("/x");
        v.setRouteId(routeId);
        if (scopes.length > 0) {
            SecurityDefinition s = new SecurityDefinition();
            s.setKey("aeriesCert");
            s.setScopes(scopes[0].isEmpty() ? null : scopes[0]);
            v.setSecurity(new ArrayList<>(List.of(s)));
        }
        return v;
    }

    @Test
    void routeFilesThatShowTheTablesAreasPass() {
        assertThat(ApiStartup.check(List.of(rest(get("api-systeminfo"), get("api-schools", ""),
                get("api-students", "student-data"), get("api-programs", "special-programs,special-education"),
                get("api-admin-import-now", "import-admin"))))).isEmpty();
    }

    @Test
    void aRouteThatDisagreesWithTheTableIsNamed() {
        List<String> problems = ApiStartup.check(List.of(rest(
                get("api-students"),                       // keyed in the table, no requirement here
                get("api-contacts", "student-data"),       // another area
                get("api-systeminfo", ""),                 // public in the table
                get("api-programs", "special-education"),  // one of the two
                get("api-codes", "no-such-area"),
                get("api-new-thing", "student-data"))));   // not in the table
        assertThat(problems).hasSize(6);
        assertThat(problems.get(0)).contains("api-students", "needs a key", "student-data");
        assertThat(problems.get(1)).contains("api-contacts", "'student-data'", "'contacts'");
        assertThat(problems.get(2)).contains("api-systeminfo", "needs no key");
        assertThat(problems.get(3)).contains("api-programs");
        assertThat(problems.get(4)).contains("api-codes", "no-such-area");
        assertThat(problems.get(5)).contains("api-new-thing", "not in the endpoint table");
    }

    @Test
    void everyRouteIdIsInTheTableOnce() {
        Set<String> ids = new java.util.HashSet<>();
        for (ApiEndpoint e : ApiEndpoint.values()) {
            assertThat(ids.add(e.routeId())).as(e.routeId()).isTrue();
            assertThat(ApiEndpoint.byRouteId(e.routeId())).isSameAs(e);
            if (!e.access().keyed()) {
                assertThat(e.access().areas()).isEmpty();
            }
        }
        assertThat(ApiEndpoint.byRouteId("api-nope")).isNull();
    }

    @Test
    void jsonOrXmlFromAccept() {
        assertThat(ResponseFormat.negotiate(null).format()).isEqualTo(ResponseFormat.JSON);
        assertThat(ResponseFormat.negotiate("").format()).isEqualTo(ResponseFormat.JSON);
        assertThat(ResponseFormat.negotiate("*/*").format()).isEqualTo(ResponseFormat.JSON);
        assertThat(ResponseFormat.negotiate("application/json").format()).isEqualTo(ResponseFormat.JSON);
        // Aeries' documented headers ("Building a Request")
        assertThat(ResponseFormat.negotiate("application/json, text/html, application/xhtml+xml, */*").format())
                .isEqualTo(ResponseFormat.JSON);
        ResponseFormat.Choice xml = ResponseFormat.negotiate("text/xml, text/html, application/xhtml+xml, */*");
        assertThat(xml.format()).isEqualTo(ResponseFormat.XML);
        assertThat(xml.contentType()).isEqualTo("text/xml; charset=utf-8");
        assertThat(ResponseFormat.negotiate("Application/XML").contentType()).isEqualTo("application/xml; charset=utf-8");
        // a browser: XML ranks above the wildcard, as on Aeries' ASP.NET server
        assertThat(ResponseFormat.negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").format())
                .isEqualTo(ResponseFormat.XML);
        assertThat(ResponseFormat.negotiate("application/xml;q=0.5, application/json").format()).isEqualTo(ResponseFormat.JSON);
        assertThat(ResponseFormat.negotiate("application/json;q=0.1, text/xml;q=0.2").format()).isEqualTo(ResponseFormat.XML);
        assertThat(ResponseFormat.negotiate("text/xml, application/json").format()).isEqualTo(ResponseFormat.XML);
        // nothing acceptable
        assertThat(ResponseFormat.negotiate("text/html")).isNull();
        assertThat(ResponseFormat.negotiate("application/json;q=0")).isNull();
        assertThat(ResponseFormat.negotiate("image/png, text/csv")).isNull();
    }
}
