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
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * Adds what Camel's generated OpenAPI document lacks so that clients can generate code: the
 * response schemas of the objects (built from {@link AeriesViews}, the one place that knows the
 * Aeries property names and types, with their XML element names) and, per operation of the
 * {@link ApiEndpoint} table, its 200 answer (one object or an array; JSON and XML) and the
 * {"Message"} errors its access allows.
 * Runs on the document route (routes/api-security.camel.yaml) before the document is sent.
 */
public final class OpenApiSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR = "Error";
    /** The media types of every answer (ResponseFormat); errors are always JSON. */
    private static final List<String> MEDIA_TYPES = List.of("application/json", "application/xml", "text/xml");

    /** The error answers an endpoint can give, by its access (the ApiEndpoint table). */
    private static Map<String, String> errors(ApiEndpoint endpoint) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("400", "A path or query parameter is not valid, or a key was sent in the URL");
        if (endpoint.access().keyed()) {
            out.put("401", "The AERIES-CERT key is missing, unknown, revoked or expired");
            if (!endpoint.access().areas().isEmpty()) {
                out.put("403", "The key lacks the area (permission) this endpoint needs: "
                        + endpoint.access().areas().stream().map(Area::id).collect(Collectors.joining(
                                endpoint.access().any() ? " or " : " and ")));
            }
            if (!endpoint.answer().array()) {
                out.put("404", "The single object asked for does not exist");
            }
        }
        out.put("406", "The Accept header asks for neither JSON nor XML");
        if (endpoint.access().keyed()) {
            out.put("429", "Too many requests (see Retry-After)");
        }
        out.put("500", "The server could not answer");
        out.put("503", "The request could not be recorded in the audit log, so it was not answered");
        return out;
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

    /** Adds components.schemas (every view) and the responses of every operation in the endpoint table. */
    static void complete(ObjectNode doc) {
        boolean v31 = doc.path("openapi").asText().startsWith("3.1");
        ObjectNode schemas = doc.withObjectProperty("components").withObjectProperty("schemas");
        for (AeriesViews.View view : AeriesViews.ALL) {
            schemas.set(view.name(), object(view, v31));
        }
        ObjectNode error = JSON.createObjectNode().put("type", "object");
        error.withObjectProperty("properties").set("Message", JSON.createObjectNode().put("type", "string")
                .put("description", "What happened and what to do next"));
        error.set("required", JSON.createArrayNode().add("Message"));
        schemas.set(ERROR, error);

        for (JsonNode path : doc.path("paths")) {
            for (JsonNode operation : path) {
                ApiEndpoint endpoint = ApiEndpoint.byRouteId(operation.path("operationId").asText());
                if (operation instanceof ObjectNode op && endpoint != null && endpoint.answer().view() != null) {
                    describe(op, endpoint);
                }
            }
        }
        dropUnusedTags(doc);
    }

    private static void describe(ObjectNode op, ApiEndpoint endpoint) {
        AeriesViews.View view = endpoint.view();
        ObjectNode responses = op.withObjectProperty("responses");
        responses.removeAll();
        ObjectNode ok = responses.withObjectProperty("200").put("description", endpoint.answer().array()
                ? "An array (also for one record; [] when nothing matches); XML: " + AeriesXml.arrayElement(view)
                : "One " + view.name() + " object; XML: " + view.element());
        ok.withObjectProperty("headers").withObjectProperty(AeriesApi.YEAR_HEADER).put("description", "The database year served")
                .withObjectProperty("schema").put("type", "string");
        JsonNode schema = endpoint.answer().array()
                ? JSON.createObjectNode().put("type", "array").<ObjectNode>set("xml", JSON.createObjectNode()
                        .put("name", AeriesXml.arrayElement(view)).put("wrapped", true)).set("items", ref(view.name()))
                : ref(view.name());
        for (String media : MEDIA_TYPES) {
            ok.withObjectProperty("content").withObjectProperty(media).set("schema", schema);
        }
        for (Map.Entry<String, String> e : errors(endpoint).entrySet()) {
            responses.withObjectProperty(e.getKey()).put("description", e.getValue())
                    .withObjectProperty("content").withObjectProperty("application/json").set("schema", ref(ERROR));
        }
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

    private static ObjectNode object(AeriesViews.View view, boolean v31) {
        ObjectNode o = JSON.createObjectNode().put("type", "object");
        o.withObjectProperty("xml").put("name", view.element());
        ObjectNode props = o.withObjectProperty("properties");
        ArrayNode required = JSON.createArrayNode();
        for (AeriesViews.Property p : view.properties()) {
            props.set(p.name(), type(p, v31));
            required.add(p.name());
        }
        o.set("required", required);
        return o;
    }

    private static ObjectNode type(AeriesViews.Property p, boolean v31) {
        switch (p.kind()) {
            case INT:
                return JSON.createObjectNode().put("type", "integer").put("format", "int64");
            case DATE:
                return nullable(JSON.createObjectNode().put("type", "string").put("pattern", "^\\d{4}-\\d{2}-\\d{2}T00:00:00$")
                        .put("example", "2025-08-13T00:00:00"), v31);
            case DATETIME:
                return nullable(JSON.createObjectNode().put("type", "string").put("example", "2025-08-13T07:45:00"), v31);
            case BOOL:
                return JSON.createObjectNode().put("type", "boolean");
            case DECIMAL:
                return JSON.createObjectNode().put("type", "number").put("example", 34.0000);
            case TEXT_LIST: {
                ObjectNode list = JSON.createObjectNode().put("type", "array");
                ObjectNode items = JSON.createObjectNode().put("type", "string");
                items.withObjectProperty("xml").put("name", "string").put("prefix", "d2p1").put("namespace", AeriesXml.ARRAYS_NS);
                list.set("items", items);
                return list;
            }
            case OBJECT_LIST: {
                ObjectNode list = JSON.createObjectNode().put("type", "array");
                list.set("items", ref(p.items().name()));
                return list;
            }
            default:
                if (p.name().equals("Value")) {
                    return nullable(JSON.createObjectNode().put("type", "string"), v31); // ExtendedProperty: a date may be null
                }
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
