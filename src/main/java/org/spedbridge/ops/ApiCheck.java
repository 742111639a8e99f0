package org.spedbridge.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code check api --url URL}: calls an Aeries-compatible API (sped-bridge itself or a real Aeries
 * server) through camel-http with a key from the environment, and says for each of the five areas
 * SIRAS needs whether the key is granted (200), denied (401/403) or the endpoint is broken.
 */
public final class ApiCheck {

    /** One probe: the area and what came back. */
    public record Probe(String area, String path, int status, String verdict, String detail) {
    }

    public enum Outcome {
        ALL_GRANTED(0), SOME_DENIED(1), BROKEN(4);

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
            if (info.status != 200) {
                out.printf("FAILED: %s/api/v5/systeminfo answered %s. Check the URL (scheme, host, port).%n",
                        baseUrl, info.describe());
                return Outcome.BROKEN;
            }
            out.printf("server        %s (AeriesVersion %s)%n", baseUrl, text(info.json, "AeriesVersion"));
            out.printf("database year %s%n", text(info.json, "DatabaseYear"));

            Response schools = get(http, "/api/v5/schools", key);
            if (schools.status == 401) {
                out.println("FAILED: the key was refused (401): " + schools.message()
                        + ". Check the key in CHECK_API_KEY (keys are case-sensitive), and that it is not revoked or expired.");
                return Outcome.SOME_DENIED;
            }
            String school = "0";
            if (schools.status == 200 && schools.json != null && schools.json.isArray() && !schools.json.isEmpty()) {
                school = text(schools.json.get(0), "SchoolCode");
            }
            out.printf("key           accepted (schools: %s)%n", schools.describe());

            Map<String, Probe> probes = new LinkedHashMap<>();
            Probe students = probe(http, "student-data",
                    "/api/v5/schools/" + school + "/students?StartingRecord=1&EndingRecord=1");
            probes.put(students.area(), students);
            String student = firstStudent(students, http, school);
            probes.put("special-education", probe(http, "special-education",
                    "/api/v5/schools/" + school + "/students/" + student + "/programs?code=144"));
            probes.put("special-programs", probe(http, "special-programs",
                    "/api/v5/schools/" + school + "/students/" + student + "/programs?code=101"));
            probes.put("contacts", probe(http, "contacts", "/api/v5/schools/" + school + "/contacts/" + student));
            probes.put("enrollment-history", probe(http, "enrollment-history", "/api/v5/enrollment/" + student));

            Outcome outcome = Outcome.ALL_GRANTED;
            for (Probe p : probes.values()) {
                out.printf("%-19s %-8s %3d  %s%n", p.area(), p.verdict(), p.status(), p.detail());
                if (p.verdict().equals("broken")) {
                    outcome = Outcome.BROKEN;
                } else if (p.verdict().equals("denied") && outcome == Outcome.ALL_GRANTED) {
                    outcome = Outcome.SOME_DENIED;
                }
            }
            return outcome;
        }
    }

    private String firstStudent(Probe students, ProducerTemplate http, String school) {
        if (students.status() != 200) {
            return "1";
        }
        Response r = get(http, "/api/v5/schools/" + school + "/students?StartingRecord=1&EndingRecord=1", key);
        if (r.json != null && r.json.isArray() && !r.json.isEmpty()) {
            return text(r.json.get(0), "StudentID");
        }
        return "1";
    }

    private Probe probe(ProducerTemplate http, String area, String path) {
        Response r = get(http, path, key);
        String verdict = r.status == 200 ? "granted" : (r.status == 401 || r.status == 403) ? "denied" : "broken";
        String detail = r.status == 200 ? path : r.message();
        return new Probe(area, path, r.status, verdict, detail);
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
            return new Response(0, null, reply.getException().getMessage());
        }
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = reply.getMessage().getBody(String.class);
        JsonNode json = null;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception ignored) {
            // not JSON: reported as such
        }
        return new Response(status == null ? 0 : status, json, body);
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
