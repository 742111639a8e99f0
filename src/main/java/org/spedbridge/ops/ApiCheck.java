package org.spedbridge.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code check api --url URL}: calls an Aeries-compatible API (sped-bridge itself or a real Aeries
 * server) through camel-http with a key from the environment, and says for each of the five areas
 * SIRAS needs whether the key is granted (200 with a JSON array), denied (401/403) or the endpoint
 * is broken. The key is only ever sent in the AERIES-CERT header, never printed.
 */
public final class ApiCheck {

    /** One probe: the area and what came back. */
    public record Probe(String area, String path, int status, String verdict, String detail) {
    }

    public enum Outcome {
        ALL_GRANTED(0), SOME_DENIED(1), KEY_REFUSED(3), BROKEN(4);

        public final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String key;

    public ApiCheck(String baseUrl, String key) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
    }

    public Outcome run(PrintWriter out) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate http = camel.createProducerTemplate();

            Response info = get(http, "/api/v5/systeminfo", null);
            if (info.status != 200 || info.json == null || !info.json.isObject()) {
                out.printf("FAILED: %s/api/v5/systeminfo answered %s. Check the URL (scheme, host, port) and that "
                        + "the API is enabled there.%n", baseUrl, info.describe());
                return Outcome.BROKEN;
            }
            out.printf("server        %s (AeriesVersion %s)%n", baseUrl, text(info.json, "AeriesVersion"));
            out.printf("database year %s%n", text(info.json, "DatabaseYear"));

            Response schools = get(http, "/api/v5/schools", key);
            if (schools.status == 401 || schools.status == 403) {
                out.println("REFUSED: the key was refused (" + schools.status + "): " + schools.message()
                        + " Check the key in CHECK_API_KEY (keys are case-sensitive), and that it is not revoked or expired.");
                return Outcome.KEY_REFUSED;
            }
            if (schools.status != 200 || !isArray(schools)) {
                out.printf("FAILED: %s/api/v5/schools answered %s (expected 200 and a JSON array).%n",
                        baseUrl, schools.describe());
                return Outcome.BROKEN;
            }
            String school = schools.json.isEmpty() ? "0" : text(schools.json.get(0), "SchoolCode");
            out.printf("key           accepted (%d schools)%n", schools.json.size());

            // one student to ask about: the first of the first school (any number works: the answer is [] then)
            Response students = get(http, "/api/v5/schools/" + school + "/students?StartingRecord=1&EndingRecord=1", key);
            String student = isArray(students) && !students.json.isEmpty() ? text(students.json.get(0), "StudentID") : "1";
            String programs = "/api/v5/schools/" + school + "/students/" + student + "/programs?code=";
            List<Probe> probes = List.of(
                    probe("student-data", "/api/v5/schools/" + school + "/students?StartingRecord=1&EndingRecord=1", students),
                    probe("special-education", programs + "144", get(http, programs + "144", key)),
                    probe("special-programs", programs + "101", get(http, programs + "101", key)),
                    probe("contacts", "/api/v5/schools/" + school + "/contacts/" + student,
                            get(http, "/api/v5/schools/" + school + "/contacts/" + student, key)),
                    probe("enrollment-history", "/api/v5/enrollment/" + student,
                            get(http, "/api/v5/enrollment/" + student, key)));

            Outcome outcome = Outcome.ALL_GRANTED;
            for (Probe p : probes) {
                out.printf("%-19s %-8s %3d  %s%n", p.area(), p.verdict(), p.status(), p.detail());
                if (p.verdict().equals("broken")) {
                    outcome = Outcome.BROKEN;
                } else if (p.verdict().equals("denied") && outcome == Outcome.ALL_GRANTED) {
                    outcome = Outcome.SOME_DENIED;
                }
            }
            if (outcome == Outcome.SOME_DENIED) {
                out.println("Some areas SIRAS needs are denied: ask the API's administrator to grant them to this key "
                        + "(sped-bridge: keys grant ID AREA).");
            }
            return outcome;
        }
    }

    /** granted: 200 with a JSON array; denied: 401/403; anything else: broken. */
    private static Probe probe(String area, String path, Response r) {
        if (r.status == 200 && isArray(r)) {
            return new Probe(area, path, r.status, "granted", path);
        }
        if (r.status == 401 || r.status == 403) {
            return new Probe(area, path, r.status, "denied", r.message());
        }
        String detail = r.status == 200 ? "answered 200 but not a JSON array: " + r.message() : r.message();
        return new Probe(area, path, r.status, "broken", detail);
    }

    private static boolean isArray(Response r) {
        return r.json != null && r.json.isArray();
    }

    private Response get(ProducerTemplate http, String pathAndQuery, String certificate) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        // a fresh exchange: only the headers set here go out (never anything inherited)
        Exchange reply = http.request(baseUrl + "?throwExceptionOnFailure=false&followRedirects=false", exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
            exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
            if (query != null) {
                exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
            }
            exchange.getIn().setHeader("Accept", "application/json");
            if (certificate != null) {
                exchange.getIn().setHeader("AERIES-CERT", certificate);
            }
        });
        if (reply.getException() != null) {
            return new Response(0, null, hide(String.valueOf(reply.getException().getMessage()), certificate));
        }
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = hide(reply.getMessage().getBody(String.class), certificate);
        JsonNode json = null;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception ignored) {
            // not JSON: reported as such
        }
        return new Response(status == null ? 0 : status, json, body);
    }

    /** Whatever a server answers is printed: never with the key in it, even if the server echoes it. */
    private static String hide(String text, String certificate) {
        return text == null || certificate == null || certificate.isEmpty() ? text : text.replace(certificate, "****");
    }

    private static String text(JsonNode node, String field) {
        return node == null || node.get(field) == null ? "?" : node.get(field).asText();
    }

    private record Response(int status, JsonNode json, String raw) {
        String message() {
            if (status == 0) {
                return "no answer: " + raw;
            }
            if (json != null && json.has("Message")) {
                return json.get("Message").asText();
            }
            return raw == null ? "" : raw.length() > 120 ? raw.substring(0, 120) + "..." : raw;
        }

        String describe() {
            return status == 0 ? message() : String.valueOf(status);
        }
    }
}
