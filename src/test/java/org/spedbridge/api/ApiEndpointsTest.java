package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.TestDatabases.Kind;

/** Every endpoint's JSON against hand-written expected documents (names, order, types, nulls, arrays). */
class ApiEndpointsTest {

    private static final ApiFixtures FIXTURES = new ApiFixtures(ApiFixtures.defaults());

    @AfterAll
    static void stop() {
        FIXTURES.close();
    }

    private static ApiFixture app(Kind kind) throws Exception {
        return FIXTURES.get(kind);
    }

    private static String allKey(ApiFixture f) {
        return f.key(ApiFixture.ALL_AREAS);
    }

    static JsonNode expected(String name) throws Exception {
        try (InputStream in = ApiEndpointsTest.class.getResourceAsStream("/api-expected/" + name)) {
            return ApiFixture.JSON.readTree(in);
        }
    }

    /** Tree equality (types and nulls count) plus the property order of every object. */
    static void assertJson(HttpResponse<String> r, JsonNode expected) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode actual = ApiFixture.json(r);
        assertThat(actual).isEqualTo(expected);
        assertThat(names(actual)).isEqualTo(names(expected));
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                out.add(name);
                out.addAll(names(n.get(name)));
            }
        } else if (n.isArray()) {
            n.forEach(e -> out.addAll(names(e)));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void systeminfoNeedsNoKeyAndNamesTheYear(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        HttpResponse<String> r = f.get("/api/v5/systeminfo", null);
        assertThat(r.statusCode()).isEqualTo(200);
        ObjectNode body = (ObjectNode) ApiFixture.json(r);
        // Aeries' formats: .NET's round-trip time (7 fraction digits and the offset), Windows' zone display name
        assertThat(body.remove("CurrentDateTime").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}-0[78]:00");
        assertThat(body).isEqualTo(ApiFixture.JSON.readTree("{\"AeriesVersion\":\"5.0 (sped-bridge)\",\"DatabaseYear\":\"2025-2026\","
                + "\"AvailableDatabaseYears\":[\"2024-2025\",\"2025-2026\"],"
                + "\"LocalTimeZoneName\":\"(UTC-08:00) Pacific Time (US & Canada)\"}"));
        assertThat(r.headers().firstValue("X-Database-Year")).hasValue("2025");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void schools(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = f.key();
        assertJson(f.get("/api/v5/schools", key), expected("schools.json"));
        // one school is one School object, as Aeries documents it for school 994
        assertJson(f.get("/api/v5/schools/994", key), expected("schools.json").get(1));
        HttpResponse<String> missing = f.get("/api/v5/schools/999", key);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.json(missing).get("Message").asText()).contains("999");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void students(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        JsonNode all = expected("students-994.json");
        assertJson(f.get("/api/v5/schools/994/students", key), all);
        assertJson(f.get("/api/v5/schools/994/students/0", key), all);
        assertJson(f.get("/api/v5/schools/994/students/99400003", key), ApiFixture.JSON.createArrayNode().add(all.get(2)));
        assertJson(f.get("/api/v5/schools/994/students/12345", key), ApiFixture.JSON.createArrayNode());
        assertJson(f.get("/api/v5/schools/994/students/grade/10", key),
                ApiFixture.JSON.createArrayNode().add(all.get(1)).add(all.get(2)));
        assertJson(f.get("/api/v5/schools/994/students/grade/-1", key), ApiFixture.JSON.createArrayNode());
        assertJson(f.get("/api/v5/schools/994/students/sn/2", key), ApiFixture.JSON.createArrayNode().add(all.get(1)));
        // the same student at another school: a separate, active record
        JsonNode atElm = ApiFixture.json(f.get("/api/v5/schools/12/students/99400003", key));
        assertThat(atElm).hasSize(1);
        assertThat(atElm.get(0).get("InactiveStatusCode").asText()).isEmpty();
        assertThat(atElm.get(0).get("Grade").isInt()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void extended(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        assertJson(f.get("/api/v5/schools/994/students/0/extended", key), expected("extended-994.json"));
        assertJson(f.get("/api/v5/schools/994/students/99400001/extended", key),
                ApiFixture.JSON.createArrayNode().add(expected("extended-994.json").get(0)));
        // by grade and by student number, as Aeries documents them for the extended records too
        JsonNode all = expected("extended-994.json");
        assertJson(f.get("/api/v5/schools/994/students/grade/10/extended", key),
                ApiFixture.JSON.createArrayNode().add(all.get(1)).add(all.get(2)));
        assertJson(f.get("/api/v5/schools/994/students/sn/1/extended", key), ApiFixture.JSON.createArrayNode().add(all.get(0)));
        assertJson(f.get("/api/v5/schools/994/students/sn/99/extended", key), ApiFixture.JSON.createArrayNode());
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void studentDataChanges(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        assertJson(f.get("/api/v5/StudentDataChanges/student/2000/01/01/00/00", key), expected("changes-all.json"));
        assertJson(f.get("/api/v5/StudentDataChanges/student/2999/12/31/23/59", key), ApiFixture.JSON.createArrayNode());
        JsonNode contacts = ApiFixture.json(f.get("/api/v5/StudentDataChanges/contact/2000/1/1/0/0", key));
        assertThat(contacts).hasSize(3); // students 1 (one record) and 3 (two records) have contacts
        JsonNode programs = ApiFixture.json(f.get("/api/v5/StudentDataChanges/program/2000/01/01/00/00", key));
        assertThat(programs).hasSize(4);
        JsonNode enrollment = ApiFixture.json(f.get("/api/v5/StudentDataChanges/enrollment/2000/01/01/00/00", key));
        assertThat(enrollment).hasSize(3);
        // areas Aeries documents that the SIS holds no data for: an empty list, not an error
        assertJson(f.get("/api/v5/StudentDataChanges/test/2000/01/01/00/00", key), ApiFixture.JSON.createArrayNode());
        assertJson(f.get("/api/v5/StudentDataChanges/class/2000/01/01/00/00", key), ApiFixture.JSON.createArrayNode());
        assertThat(f.get("/api/v5/StudentDataChanges/grades/2000/01/01/00/00", key).statusCode()).isEqualTo(400);
        assertThat(f.get("/api/v5/StudentDataChanges/student/2025/02/30/00/00", key).statusCode()).isEqualTo(400);
        assertThat(f.get("/api/v5/StudentDataChanges/student/2025/13/01/00/00", key).statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void contacts(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        JsonNode all = expected("contacts-994.json");
        assertJson(f.get("/api/v5/schools/994/contacts", key), all);
        assertJson(f.get("/api/v5/schools/000/contacts/99400003", key), ApiFixture.JSON.createArrayNode().add(all.get(2)));
        assertJson(f.get("/api/v5/schools/994/contacts/99400002", key), ApiFixture.JSON.createArrayNode());
        // 0 = all contacts of the school, as for /students/0
        assertJson(f.get("/api/v5/schools/994/contacts/0", key), all);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void programsWithSpecialEducationDerivedFromSpedRecords(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        JsonNode all = expected("programs-994.json");
        assertJson(f.get("/api/v5/schools/994/students/0/programs", key), all);
        assertJson(f.get("/api/v5/schools/994/students/0/programs?code=144", key), ApiFixture.JSON.createArrayNode().add(all.get(1)));
        assertJson(f.get("/api/v5/schools/994/students/99400002/programs", key),
                ApiFixture.JSON.createArrayNode().add(all.get(2)).add(all.get(3)));
        assertJson(f.get("/api/v5/schools/994/students/99400002/programs?code=144x", key),
                ApiFixture.JSON.createArrayNode().add(all.get(2)));
        // sped_record without eligibility or referral date: no program row at all
        assertJson(f.get("/api/v5/schools/12/students/99400003/programs", key), ApiFixture.JSON.createArrayNode());
        // an import changes the record: the 144 row follows
        f.sql("UPDATE sped_record SET eligibility_end_date = DATE '2026-01-31', disability_code = '320' WHERE student_id = 99400001");
        JsonNode after = ApiFixture.json(f.get("/api/v5/schools/994/students/99400001/programs?code=144", key));
        assertThat(after.get(0).get("EligibilityEndDate").asText()).isEqualTo("2026-01-31T00:00:00");
        assertThat(after.get(0).get("ExtendedProperties").get(1).get("Value").asText()).isEqualTo("Autism");
        f.sql("UPDATE sped_record SET eligibility_end_date = NULL, disability_code = '290' WHERE student_id = 99400001");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void enrollmentInAllFourForms(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        JsonNode all = expected("enrollment-all.json");
        assertJson(f.get("/api/v5/enrollment/0", key), all);
        assertJson(f.get("/api/v5/enrollment/99400001", key), ApiFixture.JSON.createArrayNode().add(all.get(0)).add(all.get(1)));
        assertJson(f.get("/api/v5/enrollment/99400001/year/2024", key), ApiFixture.JSON.createArrayNode().add(all.get(0)));
        assertJson(f.get("/api/v5/schools/12/enrollment/0", key), ApiFixture.JSON.createArrayNode().add(all.get(2)));
        assertJson(f.get("/api/v5/schools/994/enrollment/0/year/2025", key), ApiFixture.JSON.createArrayNode().add(all.get(1)));
        assertJson(f.get("/api/v5/schools/994/enrollment/99400003", key), ApiFixture.JSON.createArrayNode());
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void codes(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = f.key();
        assertJson(f.get("/api/v5/codes/STU/LF", key), expected("codes-stu-lf.json"));
        assertJson(f.get("/api/v5/codes/stu/lf", key), expected("codes-stu-lf.json"));
        assertJson(f.get("/api/v5/codes/STU/NOPE", key), ApiFixture.JSON.createArrayNode());
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void paging(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        JsonNode all = expected("students-994.json");
        String base = "/api/v5/schools/994/students";
        assertJson(f.get(base + "?StartingRecord=1&EndingRecord=1", key), ApiFixture.JSON.createArrayNode().add(all.get(0)));
        assertJson(f.get(base + "?StartingRecord=2&EndingRecord=3", key), ApiFixture.JSON.createArrayNode().add(all.get(1)).add(all.get(2)));
        assertJson(f.get(base + "?StartingRecord=3&EndingRecord=3", key), ApiFixture.JSON.createArrayNode().add(all.get(2)));
        assertJson(f.get(base + "?StartingRecord=3", key), ApiFixture.JSON.createArrayNode().add(all.get(2)));
        assertJson(f.get(base + "?EndingRecord=2", key), ApiFixture.JSON.createArrayNode().add(all.get(0)).add(all.get(1)));
        assertJson(f.get(base + "?StartingRecord=4&EndingRecord=10", key), ApiFixture.JSON.createArrayNode());
        assertJson(f.get(base + "?StartingRecord=2&EndingRecord=2", key), ApiFixture.JSON.createArrayNode().add(all.get(1)));
        // oversized values are capped (api.paging.max-record=1000 here), not an error
        assertJson(f.get(base + "?StartingRecord=1&EndingRecord=99999999999999999999999", key), all);
        assertJson(f.get(base + "?StartingRecord=99999999999999999999", key), ApiFixture.JSON.createArrayNode());
        HttpResponse<String> backwards = f.get(base + "?StartingRecord=3&EndingRecord=2", key);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(backwards).get("Message").asText()).contains("EndingRecord (2) is before StartingRecord (3)");
        assertThat(f.get(base + "?StartingRecord=0&EndingRecord=2", key).statusCode()).isEqualTo(400);
        assertThat(f.get(base + "?StartingRecord=abc", key).statusCode()).isEqualTo(400);
        assertThat(f.get(base + "?EndingRecord=-1", key).statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void listsLongerThanOneDatabaseChunkAreComplete(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        // api.fetch-size=10 in these tests: 25 students are read in three chunks
        StringBuilder sql = new StringBuilder("INSERT INTO student (student_id, school_code, student_number, grade) VALUES ");
        for (int i = 0; i < 25; i++) {
            sql.append(i == 0 ? "" : ", ").append("(").append(77000000 + i).append(", 77, ").append(i + 1).append(", 3)");
        }
        f.sql(sql.toString());
        try {
            JsonNode all = ApiFixture.json(f.get("/api/v5/schools/77/students", key));
            assertThat(all).hasSize(25);
            for (int i = 0; i < 25; i++) {
                assertThat(all.get(i).get("StudentID").asInt()).isEqualTo(77000000 + i);
            }
            JsonNode page = ApiFixture.json(f.get("/api/v5/schools/77/students?StartingRecord=9&EndingRecord=21", key));
            assertThat(page).hasSize(13);
            assertThat(page.get(0).get("StudentID").asInt()).isEqualTo(77000008);
            assertThat(page.get(12).get("StudentID").asInt()).isEqualTo(77000020);
        } finally {
            f.sql("DELETE FROM student WHERE school_code = 77");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void databaseYearFallsBackToTheDefaultAndIsNamedInAHeader(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        String key = allKey(f);
        String base = "/api/v5/schools/994/students";
        assertThat(f.get(base, key).headers().firstValue("X-Database-Year")).hasValue("2025");
        assertThat(f.get(base + "?DatabaseYear=2024", key).headers().firstValue("X-Database-Year")).hasValue("2024");
        assertThat(f.get(base + "?DatabaseYear=1999", key).headers().firstValue("X-Database-Year")).hasValue("2025");
        HttpResponse<String> junk = f.get(base + "?DatabaseYear=x%27--", key);
        assertThat(junk.statusCode()).isEqualTo(200);
        assertThat(junk.headers().firstValue("X-Database-Year")).hasValue("2025");
        JsonNode info = ApiFixture.json(f.get("/api/v5/systeminfo?DatabaseYear=2024", null));
        assertThat(info.get("DatabaseYear").asText()).isEqualTo("2024-2025");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void openApiDocumentListsEveryEndpoint(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        HttpResponse<String> r = f.get("/api/v5/openapi.json", "SomeKeyThatMustNotBeEchoed1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("AERIES-CERT"));
        assertThat(r.body()).doesNotContain("SomeKeyThatMustNotBeEchoed1");
        JsonNode doc = ApiFixture.json(r);
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder(
                "/api/v5/systeminfo", "/api/v5/schools", "/api/v5/schools/{SchoolCode}",
                "/api/v5/schools/{SchoolCode}/students", "/api/v5/schools/{SchoolCode}/students/{StudentID}",
                "/api/v5/schools/{SchoolCode}/students/grade/{Grade}",
                "/api/v5/schools/{SchoolCode}/students/sn/{StudentNumber}",
                "/api/v5/schools/{SchoolCode}/students/{StudentID}/extended",
                "/api/v5/schools/{SchoolCode}/students/grade/{Grade}/extended",
                "/api/v5/schools/{SchoolCode}/students/sn/{StudentNumber}/extended",
                "/api/v5/schools/{SchoolCode}/students/{StudentID}/programs",
                "/api/v5/StudentDataChanges/{area}/{Year}/{Month}/{Day}/{Hour}/{Minute}",
                "/api/v5/schools/{SchoolCode}/contacts", "/api/v5/schools/{SchoolCode}/contacts/{StudentID}",
                "/api/v5/enrollment/{StudentID}", "/api/v5/enrollment/{StudentID}/year/{Year}",
                "/api/v5/schools/{SchoolCode}/enrollment/{StudentID}",
                "/api/v5/schools/{SchoolCode}/enrollment/{StudentID}/year/{Year}", "/api/v5/codes/{Table}/{Field}");
        List<String> operationIds = new ArrayList<>();
        doc.get("paths").forEach(p -> p.forEach(op -> operationIds.add(op.get("operationId").asText())));
        assertThat(operationIds).doesNotHaveDuplicates();
        JsonNode scheme = doc.get("components").get("securitySchemes").get("aeriesCert");
        assertThat(scheme.get("type").asText()).isEqualTo("apiKey");
        assertThat(scheme.get("in").asText()).isEqualTo("header");
        assertThat(scheme.get("name").asText()).isEqualTo("AERIES-CERT");
        assertThat(doc.get("paths").get("/api/v5/systeminfo").get("get").has("security")).isFalse();
        assertThat(doc.get("paths").get("/api/v5/schools").get("get").get("security").get(0).has("aeriesCert")).isTrue();
        // each endpoint's areas (the endpoint table) as the scopes of its requirement
        for (ApiEndpoint e : ApiEndpoint.values()) {
            doc.get("paths").forEach(p -> p.forEach(op -> {
                if (op.path("operationId").asText().equals(e.routeId()) && e.access().keyed()) {
                    List<String> scopes = new ArrayList<>();
                    op.get("security").get(0).get("aeriesCert").forEach(x -> scopes.add(x.asText()));
                    assertThat(scopes).as(e.routeId()).containsExactlyInAnyOrderElementsOf(
                            e.access().areas().stream().map(Area::id).toList());
                }
            }));
        }
        assertThat(doc.toString()).doesNotContain("0.0.0.0");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void openApiSchemasDescribeTheRealAnswers(Kind kind) throws Exception {
        ApiFixture f = app(kind);
        JsonNode doc = ApiFixture.json(f.get("/api/v5/openapi.json", null));
        JsonNode schemas = doc.get("components").get("schemas");
        // every operation answers 200 with a schema that exists, and {"Message"} errors
        doc.get("paths").forEach(p -> p.forEach(op -> {
            JsonNode ok = op.get("responses").get("200").get("content").get("application/json").get("schema");
            String ref = ok.has("$ref") ? ok.get("$ref").asText() : ok.get("items").get("$ref").asText();
            assertThat(schemas.has(ref.substring(ref.lastIndexOf('/') + 1))).as(ref).isTrue();
            assertThat(op.get("responses").get("500").get("content").get("application/json").get("schema").get("$ref").asText())
                    .isEqualTo("#/components/schemas/Error");
        }));
        assertThat(doc.get("paths").get("/api/v5/schools/{SchoolCode}/students").get("get").get("responses").get("200")
                .get("content").get("application/json").get("schema").get("items").get("$ref").asText())
                .isEqualTo("#/components/schemas/Student");
        // XML too, under Aeries' element names; one school is one object
        JsonNode studentsXml = doc.get("paths").get("/api/v5/schools/{SchoolCode}/students").get("get").get("responses")
                .get("200").get("content").get("text/xml").get("schema");
        assertThat(studentsXml.get("xml").get("name").asText()).isEqualTo("ArrayOfStudent");
        assertThat(doc.get("paths").get("/api/v5/schools/{SchoolCode}").get("get").get("responses").get("200").get("content")
                .get("application/xml").get("schema").get("$ref").asText()).isEqualTo("#/components/schemas/School");
        assertThat(schemas.get("Student").get("xml").get("name").asText()).isEqualTo("Student");
        assertThat(doc.get("paths").get("/api/v5/schools/{SchoolCode}/students").get("get").get("responses").has("403")).isTrue();
        assertThat(doc.get("paths").get("/api/v5/systeminfo").get("get").get("responses").has("401")).isFalse();
        List<String> programParameters = new ArrayList<>();
        doc.get("paths").get("/api/v5/schools/{SchoolCode}/students/{StudentID}/programs").get("get").get("parameters")
                .forEach(p -> programParameters.add(p.get("in").asText() + ":" + p.get("name").asText()));
        assertThat(programParameters).contains("query:code");
        // the schemas say exactly what the endpoints answer: names, order, required, JSON types
        String key = allKey(f);
        Object[][] cases = {
            {"School", f.get("/api/v5/schools", key)}, {"Student", f.get("/api/v5/schools/994/students", key)},
            {"StudentExtended", f.get("/api/v5/schools/994/students/0/extended", key)},
            {"Contact", f.get("/api/v5/schools/994/contacts", key)}, {"Program", f.get("/api/v5/schools/994/students/0/programs", key)},
            {"Enrollment", f.get("/api/v5/enrollment/0", key)}, {"Code", f.get("/api/v5/codes/STU/LF", key)},
            {"StudentDataChange", f.get("/api/v5/StudentDataChanges/student/2000/01/01/00/00", key)}};
        for (Object[] c : cases) {
            JsonNode schema = schemas.get((String) c[0]);
            @SuppressWarnings("unchecked")
            JsonNode rows = ApiFixture.json((HttpResponse<String>) c[1]);
            assertThat(rows).as((String) c[0]).isNotEmpty();
            for (JsonNode row : rows) {
                assertMatches((String) c[0], row, schema, schemas);
            }
        }
        assertMatches("SystemInfo", ApiFixture.json(f.get("/api/v5/systeminfo", null)), schemas.get("SystemInfo"), schemas);
    }

    private static void assertMatches(String what, JsonNode value, JsonNode schemaOrRef, JsonNode schemas) {
        String ref = schemaOrRef.path("$ref").asText();
        JsonNode schema = ref.isEmpty() ? schemaOrRef : schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
        List<String> types = new ArrayList<>();
        if (schema.get("type").isArray()) {
            schema.get("type").forEach(t -> types.add(t.asText()));
        } else {
            types.add(schema.get("type").asText());
        }
        if (schema.path("nullable").asBoolean()) {
            types.add("null");
        }
        String actual = value.isNull() ? "null" : value.isIntegralNumber() ? "integer" : value.isTextual() ? "string"
                : value.isArray() ? "array" : value.isObject() ? "object" : value.isBoolean() ? "boolean"
                : value.isNumber() ? "number" : value.getNodeType().name();
        assertThat(types).as(what + " = " + value).contains(actual);
        if (value.isObject()) {
            List<String> declared = new ArrayList<>();
            schema.get("properties").fieldNames().forEachRemaining(declared::add);
            List<String> present = new ArrayList<>();
            value.fieldNames().forEachRemaining(present::add);
            assertThat(present).as(what).isEqualTo(declared);
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(r -> required.add(r.asText()));
            assertThat(required).as(what).containsExactlyInAnyOrderElementsOf(declared);
            value.fields().forEachRemaining(e -> assertMatches(what + "." + e.getKey(), e.getValue(),
                    schema.get("properties").get(e.getKey()), schemas));
        } else if (value.isArray()) {
            value.forEach(v -> assertMatches(what + "[]", v, schema.get("items"), schemas));
        }
    }
}
