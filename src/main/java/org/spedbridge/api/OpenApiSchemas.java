package org.spedbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Adds what Camel's generated OpenAPI document lacks so that clients can generate code: the
 * response schemas of the objects (built from {@link AeriesViews}, the one place that knows the
 * Aeries property names and types) and, per operation, its 200 answer and the {"Message"} errors.
 * Runs on the document route (routes/api-security.camel.yaml) before the document is sent.
 */
public final class OpenApiSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR = "Error";
    private static final String SYSTEM_INFO = "SystemInfo";
    private static final String EXTENDED_PROPERTY = "ExtendedProperty";

    /** Operation (REST route id) -> the object its array holds; systeminfo answers one object. */
    static final Map<String, String> ANSWERS = new LinkedHashMap<>();

    static {
        ANSWERS.put("api-systeminfo", SYSTEM_INFO);
        for (String id : List.of("api-schools", "api-school")) {
            ANSWERS.put(id, AeriesViews.SCHOOL.name());
        }
        for (String id : List.of("api-students", "api-student", "api-students-by-grade", "api-students-by-number")) {
            ANSWERS.put(id, AeriesViews.STUDENT.name());
        }
        ANSWERS.put("api-students-extended", AeriesViews.STUDENT_EXTENDED.name());
        ANSWERS.put("api-programs", AeriesViews.PROGRAM.name());
        ANSWERS.put("api-student-data-changes", AeriesViews.STUDENT_CHANGE.name());
        for (String id : List.of("api-contacts", "api-contacts-of-student")) {
            ANSWERS.put(id, AeriesViews.CONTACT.name());
        }
        for (String id : List.of("api-enrollment", "api-enrollment-year", "api-school-enrollment", "api-school-enrollment-year")) {
            ANSWERS.put(id, AeriesViews.ENROLLMENT.name());
        }
        ANSWERS.put("api-codes", AeriesViews.CODE.name());
    }

    private static final Map<String, String> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put("400", "A path or query parameter is not valid, or a key was sent in the URL");
        ERRORS.put("401", "The AERIES-CERT key is missing, unknown, revoked or expired");
        ERRORS.put("403", "The key lacks the area (permission) this endpoint needs");
        ERRORS.put("404", "The single object asked for does not exist");
        ERRORS.put("429", "Too many requests (see Retry-After)");
        ERRORS.put("500", "The server could not answer");
    }

    /** The document route's last step: the generated document in, the completed document out. */
    public void addTo(Exchange exchange) throws Exception {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            return;
        }
        ObjectNode doc = (ObjectNode) JSON.readTree(body);
        complete(doc);
        exchange.getMessage().setBody(JSON.writeValueAsBytes(doc));
    }

    /** Adds components.schemas and the responses of every operation it knows. */
    static void complete(ObjectNode doc) {
        boolean v31 = doc.path("openapi").asText().startsWith("3.1");
        ObjectNode schemas = doc.withObjectProperty("components").withObjectProperty("schemas");
        for (AeriesViews.View view : List.of(AeriesViews.SCHOOL, AeriesViews.STUDENT, AeriesViews.STUDENT_EXTENDED,
                AeriesViews.CONTACT, AeriesViews.ENROLLMENT, AeriesViews.CODE, AeriesViews.STUDENT_CHANGE)) {
            schemas.set(view.name(), object(view.properties(), v31));
        }
        ObjectNode program = object(AeriesViews.PROGRAM.properties(), v31);
        ObjectNode ext = JSON.createObjectNode().put("type", "array").put("description",
                "For program 144/144x: DisabilityCode, DisabilityCodeDescription, DisabilityCode2, "
                        + "DisabilityCode2Description, ParentalConsentDate, ResidenceStatusCode; empty for other programs");
        ext.set("items", ref(EXTENDED_PROPERTY));
        ((ObjectNode) program.get("properties")).set("ExtendedProperties", ext);
        ((ArrayNode) program.get("required")).add("ExtendedProperties");
        schemas.set(AeriesViews.PROGRAM.name(), program);
        ObjectNode nameValue = JSON.createObjectNode().put("type", "object");
        nameValue.withObjectProperty("properties").set("Name", JSON.createObjectNode().put("type", "string"));
        nameValue.withObjectProperty("properties").set("Value", nullable(JSON.createObjectNode().put("type", "string"), v31));
        nameValue.set("required", JSON.createArrayNode().add("Name").add("Value"));
        schemas.set(EXTENDED_PROPERTY, nameValue);
        ObjectNode info = JSON.createObjectNode().put("type", "object");
        info.withObjectProperty("properties").set("AeriesVersion", JSON.createObjectNode().put("type", "string"));
        info.withObjectProperty("properties").set("DatabaseYear", JSON.createObjectNode().put("type", "string").put("example", "2025-2026"));
        ObjectNode years = JSON.createObjectNode().put("type", "array");
        years.set("items", JSON.createObjectNode().put("type", "string"));
        info.withObjectProperty("properties").set("AvailableDatabaseYears", years);
        info.withObjectProperty("properties").set("LocalTimeZoneName", JSON.createObjectNode().put("type", "string"));
        info.withObjectProperty("properties").set("CurrentDateTime", JSON.createObjectNode().put("type", "string")
                .put("example", "2025-10-01T14:03:00"));
        info.set("required", JSON.createArrayNode().add("AeriesVersion").add("DatabaseYear")
                .add("AvailableDatabaseYears").add("LocalTimeZoneName").add("CurrentDateTime"));
        schemas.set(SYSTEM_INFO, info);
        ObjectNode error = JSON.createObjectNode().put("type", "object");
        error.withObjectProperty("properties").set("Message", JSON.createObjectNode().put("type", "string")
                .put("description", "What happened and what to do next"));
        error.set("required", JSON.createArrayNode().add("Message"));
        schemas.set(ERROR, error);

        for (JsonNode path : doc.path("paths")) {
            JsonNode get = path.get("get");
            if (get instanceof ObjectNode op && ANSWERS.containsKey(op.path("operationId").asText())) {
                String id = op.get("operationId").asText();
                String object = ANSWERS.get(id);
                ObjectNode responses = op.withObjectProperty("responses");
                responses.removeAll();
                ObjectNode ok = responses.withObjectProperty("200").put("description", SYSTEM_INFO.equals(object)
                        ? "The server's version, years and time" : "A JSON array (also for one object); [] when nothing matches");
                ok.withObjectProperty("headers").withObjectProperty(AeriesApi.YEAR_HEADER).put("description", "The database year served")
                        .withObjectProperty("schema").put("type", "string");
                JsonNode schema = SYSTEM_INFO.equals(object) ? ref(object)
                        : JSON.createObjectNode().put("type", "array").set("items", ref(object));
                ok.withObjectProperty("content").withObjectProperty("application/json").set("schema", schema);
                for (Map.Entry<String, String> e : errors(id).entrySet()) {
                    responses.withObjectProperty(e.getKey()).put("description", e.getValue())
                            .withObjectProperty("content").withObjectProperty("application/json").set("schema", ref(ERROR));
                }
            }
        }
        dropUnusedTags(doc);
    }

    /**
     * Camel lists the tag of every REST block, also of one left out of the document (apiDocs: false, the
     * admin endpoint in routes/admin.camel.yaml): keep only the tags the document's operations use.
     */
    static void dropUnusedTags(ObjectNode doc) {
        Set<String> used = new HashSet<>();
        for (JsonNode path : doc.path("paths")) {
            for (JsonNode op : path) {
                op.path("tags").forEach(t -> used.add(t.asText()));
            }
        }
        if (doc.get("tags") instanceof ArrayNode tags) {
            for (int i = tags.size() - 1; i >= 0; i--) {
                if (!used.contains(tags.get(i).path("name").asText())) {
                    tags.remove(i);
                }
            }
        }
    }

    /** The errors an operation can answer: no key errors for systeminfo, 404 only for one school. */
    private static Map<String, String> errors(String id) {
        Map<String, String> out = new LinkedHashMap<>(ERRORS);
        if (id.equals("api-systeminfo")) {
            out.keySet().retainAll(Set.of("400", "500"));
        } else if (!id.equals("api-school")) {
            out.remove("404");
        }
        return out;
    }

    private static ObjectNode object(List<AeriesViews.Property> properties, boolean v31) {
        ObjectNode o = JSON.createObjectNode().put("type", "object");
        ObjectNode props = o.withObjectProperty("properties");
        ArrayNode required = JSON.createArrayNode();
        for (AeriesViews.Property p : properties) {
            props.set(p.name(), type(p.type(), v31));
            required.add(p.name());
        }
        o.set("required", required);
        return o;
    }

    private static ObjectNode type(AeriesViews.Type type, boolean v31) {
        switch (type) {
            case INT:
                return JSON.createObjectNode().put("type", "integer").put("format", "int64");
            case DATE:
                return nullable(JSON.createObjectNode().put("type", "string").put("pattern", "^\\d{4}-\\d{2}-\\d{2}T00:00:00$")
                        .put("example", "2025-08-13T00:00:00"), v31);
            default:
                return JSON.createObjectNode().put("type", "string");
        }
    }

    /** OpenAPI 3.0 says nullable: true; 3.1 lists "null" among the types. */
    private static ObjectNode nullable(ObjectNode schema, boolean v31) {
        if (v31) {
            String t = schema.get("type").asText();
            schema.set("type", JSON.createArrayNode().add(t).add("null"));
        } else {
            schema.put("nullable", true);
        }
        return schema;
    }

    private static ObjectNode ref(String schema) {
        return JSON.createObjectNode().put("$ref", "#/components/schemas/" + schema);
    }
}
