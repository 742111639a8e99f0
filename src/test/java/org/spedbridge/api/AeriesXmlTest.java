package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.TestDatabases.Kind;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every endpoint in XML (Accept text/xml or application/xml), parsed back and compared with its JSON:
 * the same objects, properties, order and values; lists as ArrayOf&lt;Object&gt;, nulls as i:nil.
 */
class AeriesXmlTest {

    private static final ApiFixtures FIXTURES = new ApiFixtures(ApiFixtures.defaults());
    /** Decimals read as written (0.0000 stays 0.0000), to compare with the XML text. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @AfterAll
    static void stop() {
        FIXTURES.close();
    }

    /** Path -> the root element, the element of each object. */
    static final String[][] ENDPOINTS = {
        {"/api/v5/systeminfo", "SystemInfo", ""},
        {"/api/v5/schools", "ArrayOfSchool", "School"},
        {"/api/v5/schools/994", "School", ""},
        {"/api/v5/codes/STU/LF", "ArrayOfCode", "Code"},
        {"/api/v5/schools/994/students", "ArrayOfStudent", "Student"},
        {"/api/v5/schools/994/students/99400001", "ArrayOfStudent", "Student"},
        {"/api/v5/schools/994/students/grade/10", "ArrayOfStudent", "Student"},
        {"/api/v5/schools/994/students/sn/2", "ArrayOfStudent", "Student"},
        {"/api/v5/schools/994/students/0/extended", "ArrayOfStudentExtended", "StudentExtended"},
        {"/api/v5/schools/994/students/grade/10/extended", "ArrayOfStudentExtended", "StudentExtended"},
        {"/api/v5/schools/994/students/sn/1/extended", "ArrayOfStudentExtended", "StudentExtended"},
        {"/api/v5/StudentDataChanges/student/2000/01/01/00/00", "ArrayOfStudentDataChange", "StudentDataChange"},
        {"/api/v5/StudentDataChanges/class/2000/01/01/00/00", "ArrayOfStudentDataChange", "StudentDataChange"},
        {"/api/v5/schools/994/contacts", "ArrayOfContact", "Contact"},
        {"/api/v5/schools/000/contacts/99400001", "ArrayOfContact", "Contact"},
        {"/api/v5/schools/994/students/0/programs", "ArrayOfProgram", "Program"},
        {"/api/v5/enrollment/0", "ArrayOfEnrollment", "Enrollment"},
        {"/api/v5/enrollment/99400001/year/2024", "ArrayOfEnrollment", "Enrollment"},
        {"/api/v5/schools/994/enrollment/0", "ArrayOfEnrollment", "Enrollment"},
        {"/api/v5/schools/994/enrollment/0/year/2025", "ArrayOfEnrollment", "Enrollment"},
    };

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyEndpointInXmlCarriesWhatItsJsonCarries(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        int i = 0;
        for (String[] e : ENDPOINTS) {
            String accept = i++ % 2 == 0 ? "text/xml" : "application/xml";
            HttpResponse<String> xml = AeriesConformanceTest.send(f, "GET", e[0], key, accept);
            assertThat(xml.statusCode()).as(e[0] + " " + xml.body()).isEqualTo(200);
            assertThat(xml.headers().firstValue("content-type")).as(e[0]).hasValue(accept + "; charset=utf-8");
            assertThat(xml.headers().firstValue("X-Database-Year")).hasValue("2025");
            JsonNode json = JSON.readTree(f.get(e[0], key).body());
            Element root = parse(xml.body());
            assertThat(root.getLocalName()).as(e[0]).isEqualTo(e[1]);
            if (json.has("CurrentDateTime")) {
                ((ObjectNode) json).remove("CurrentDateTime");
                root.removeChild(child(root, "CurrentDateTime"));
            }
            if (json.isArray()) {
                assertThat(elements(root)).as(e[0]).hasSize(json.size()).allMatch(el -> el.getLocalName().equals(e[2]));
            }
            compare(e[0], json, root);
        }
        // the special-education rows' extended properties
        Element programs = parse(AeriesConformanceTest.send(f, "GET", "/api/v5/schools/994/students/0/programs?code=144",
                key, "text/xml").body());
        Element ext = child(elements(programs).get(0), "ExtendedProperties");
        assertThat(elements(ext)).extracting(Element::getLocalName).containsOnly("ExtendedProperty");
        assertThat(child(elements(ext).get(0), "Name").getTextContent()).isEqualTo("DisabilityCode");
    }

    static Element parse(String xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }

    /** The XML element holds what the JSON value holds: objects property by property, lists item by item. */
    private static void compare(String where, JsonNode json, Element el) {
        boolean nil = "true".equals(el.getAttributeNS(AeriesXml.NIL_NS, "nil"));
        if (json.isNull()) {
            assertThat(nil).as(where + " is i:nil").isTrue();
            assertThat(el.getTextContent()).as(where).isEmpty();
            return;
        }
        assertThat(nil).as(where + " is not nil").isFalse();
        if (json.isObject()) {
            List<String> names = new ArrayList<>();
            json.fieldNames().forEachRemaining(names::add);
            List<Element> children = elements(el);
            assertThat(children).extracting(Element::getLocalName).as(where).containsExactlyElementsOf(names);
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                compare(where + "." + name, json.get(name), child(el, name));
            }
        } else if (json.isArray()) {
            List<Element> items = elements(el);
            assertThat(items).as(where).hasSize(json.size());
            for (int i = 0; i < json.size(); i++) {
                compare(where + "[" + i + "]", json.get(i), items.get(i));
            }
        } else {
            assertThat(elements(el)).as(where).isEmpty();
            assertThat(el.getTextContent()).as(where).isEqualTo(json.isBigDecimal() ? json.decimalValue().toPlainString()
                    : json.asText());
        }
    }

    static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        return elements(parent).stream().filter(e -> e.getLocalName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(parent.getLocalName() + " has no " + name));
    }
}
