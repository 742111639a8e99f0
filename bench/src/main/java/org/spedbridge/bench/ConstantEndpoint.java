package org.spedbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.spedbridge.api.AeriesViews;

/**
 * The API load benchmark's baseline (bench only, never in the shipped routes): a Camel route on the API's
 * own HTTP server (platform-http, the same engine and port) that answers every GET with the same JSON
 * bytes: one Student object with every property and no values, as large as a one-student answer. No key,
 * no database, no audit: what the HTTP server and Camel cost, against which the API's work is measured.
 */
final class ConstantEndpoint {

    static final String PATH = "/bench/constant";
    private static final byte[] BODY = body();

    private ConstantEndpoint() {
    }

    static void addTo(CamelContext context) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:" + PATH + "?httpMethodRestrict=GET").routeId("bench-constant")
                        .removeHeaders("*")
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json; charset=utf-8"))
                        .setBody(constant(BODY));
            }
        });
    }

    static int bytes() {
        return BODY.length;
    }

    private static byte[] body() {
        Map<String, Object> student = new LinkedHashMap<>();
        for (AeriesViews.Property p : AeriesViews.STUDENT.properties()) {
            student.put(p.name(), switch (p.kind()) {
                case INT -> 0;
                case BOOL -> false;
                case DATE, DATETIME -> null;
                default -> "";
            });
        }
        try {
            return new ObjectMapper().writeValueAsBytes(List.of(student));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
