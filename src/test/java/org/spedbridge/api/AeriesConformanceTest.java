package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.roster.RosterLoadResult;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * The API against Aeries' public documentation (src/test/resources/aeries-docs: the example answers of
 * Aeries' support articles): for every endpoint the documented properties, in the documented order and
 * with the documented JSON types; one object or an array as documented; 0 meaning all; paths and query
 * parameter names in any case; every error as {"Message": ...} JSON; a roster that carries every
 * documented property served exactly as documented.
 */
class AeriesConformanceTest {

    private static final ApiFixtures FIXTURES = new ApiFixtures(ApiFixtures.defaults());

    /** What we send beyond Aeries' current documentation, and why (see aeries-docs/README.md). */
    private static final Map<String, Set<String>> EXTRA = Map.of(
            "Contact", Set.of("CorrespondanceLanguageCode"));

    @TempDir
    Path tmp;

    @AfterAll
    static void stop() {
        FIXTURES.close();
    }

    static JsonNode documented(String file) throws Exception {
        try (InputStream in = AeriesConformanceTest.class.getResourceAsStream("/aeries-docs/" + file)) {
            assertThat(in).as(file).isNotNull();
            return ApiFixture.JSON.readTree(in);
        }
    }

    /** Endpoint -> the documented example that shows its answer. */
    static final String[][] ENDPOINTS = {
        {"/api/v5/systeminfo", "systeminfo.json", ""},
        {"/api/v5/schools/994", "school-994.json", "School"},
        {"/api/v5/schools", "school-994.json", "School"},
        {"/api/v5/codes/STU/LF", "codes-student-grade.json", "Code"},
        {"/api/v5/schools/994/students/99400001", "student-99400001.json", "Student"},
        {"/api/v5/schools/994/students", "student-99400001.json", "Student"},
        {"/api/v5/schools/994/students/grade/10", "student-99400001.json", "Student"},
        {"/api/v5/schools/994/students/sn/1", "student-99400001.json", "Student"},
        {"/api/v5/schools/994/students/99400001/extended", "student-extended-99400001.json", "StudentExtended"},
        {"/api/v5/schools/994/students/grade/10/extended", "student-extended-99400001.json", "StudentExtended"},
        {"/api/v5/schools/994/students/sn/1/extended", "student-extended-99400001.json", "StudentExtended"},
        {"/api/v5/StudentDataChanges/student/2000/01/01/00/00", "student-data-changes.json", "StudentDataChange"},
        {"/api/v5/schools/994/contacts/99400001", "contacts-99400001.json", "Contact"},
        {"/api/v5/schools/994/contacts", "contacts-99400001.json", "Contact"},
        {"/api/v5/schools/994/students/99400001/programs", "programs-99400001.json", "Program"},
        {"/api/v5/enrollment/99400001", "enrollment-99400001-2020.json", "Enrollment"},
        {"/api/v5/schools/994/enrollment/0/year/2025", "enrollment-99400001-2020.json", "Enrollment"},
    };

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyEndpointAnswersTheDocumentedPropertiesInOrderWithTheirTypes(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        for (String[] e : ENDPOINTS) {
            JsonNode doc = documented(e[1]);
            HttpResponse<String> r = f.get(e[0], key);
            assertThat(r.statusCode()).as(e[0] + " " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).as(e[0]).hasValue("application/json; charset=utf-8");
            JsonNode ours = ApiFixture.json(r);
            boolean one = e[0].equals("/api/v5/systeminfo") || e[0].equals("/api/v5/schools/994");
            // one object or an array, as documented (one school is an object; /schools an array of them)
            assertThat(ours.isArray()).as(e[0] + " is an array").isEqualTo(!one);
            JsonNode example = doc.isArray() ? doc.get(0) : doc;
            JsonNode answer = ours.isArray() ? ours.get(0) : ours;
            assertThat(answer).as(e[0] + " answered no record to compare").isNotNull();
            assertConforms(e[0], example, answer, EXTRA.getOrDefault(e[2], Set.of()));
        }
        // the program rows of special education: Aeries' extended properties, as documented for 144
        JsonNode sped = ApiFixture.json(f.get("/api/v5/schools/994/students/99400001/programs?code=144", key)).get(0);
        JsonNode documentedExt = documented("program-144-extended-properties.json");
        JsonNode ourExt = sped.get("ExtendedProperties");
        for (int i = 0; i < documentedExt.size(); i++) {
            assertThat(ourExt.get(i).get("Name")).isEqualTo(documentedExt.get(i).get("Name"));
            assertConforms("144 " + documentedExt.get(i).get("Name"), documentedExt.get(i), ourExt.get(i), Set.of());
        }
    }

    /**
     * The documented object's property names in order (plus only the listed extras) and, per property,
     * the same JSON type: a documented null is a date (ours: null or a date string), a documented string
     * may be null in ours only where ours is a date, numbers keep integral vs decimal, lists are lists.
     */
    static void assertConforms(String where, JsonNode documented, JsonNode ours, Set<String> extra) {
        List<String> expected = names(documented);
        List<String> actual = names(ours);
        List<String> actualWithoutExtra = new ArrayList<>(actual);
        actualWithoutExtra.removeAll(extra);
        assertThat(actualWithoutExtra).as(where + ": the documented properties, in order").isEqualTo(expected);
        assertThat(actual).as(where + ": the extras").containsAll(extra);
        for (String name : expected) {
            JsonNode d = documented.get(name);
            JsonNode o = ours.get(name);
            String at = where + " ." + name + " documented " + d + " ours " + o;
            if (d.isNull()) {
                assertThat(o.isNull() || o.isTextual() && o.asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*"))
                        .as(at).isTrue();
            } else if (d.isTextual()) {
                boolean date = d.asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
                assertThat(o.isTextual() || date && o.isNull()).as(at).isTrue();
            } else if (d.isIntegralNumber()) {
                assertThat(o.isIntegralNumber()).as(at).isTrue();
            } else if (d.isNumber()) {
                assertThat(o.isNumber() && !o.isIntegralNumber()).as(at).isTrue();
            } else if (d.isBoolean()) {
                assertThat(o.isBoolean()).as(at).isTrue();
            } else if (d.isArray()) {
                assertThat(o.isArray()).as(at).isTrue();
                if (!d.isEmpty() && d.get(0).isObject() && !o.isEmpty()) {
                    assertConforms(where + "." + name + "[]", d.get(0), o.get(0), Set.of());
                } else if (!d.isEmpty() && d.get(0).isTextual() && !o.isEmpty()) {
                    assertThat(o.get(0).isTextual()).as(at).isTrue();
                }
            } else {
                assertThat(o.getNodeType()).as(at).isEqualTo(d.getNodeType());
            }
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void zeroMeansAllWhereAeriesSaysSo(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        String[][] same = {
            {"/api/v5/schools/994/students/0", "/api/v5/schools/994/students"},
            {"/api/v5/schools/994/contacts/0", "/api/v5/schools/994/contacts"},
        };
        for (String[] s : same) {
            JsonNode zero = ApiFixture.json(f.get(s[0], key));
            assertThat(zero).as(s[0]).isNotEmpty().isEqualTo(ApiFixture.json(f.get(s[1], key)));
        }
        assertThat(ApiFixture.json(f.get("/api/v5/schools/994/students/0/extended", key))).hasSize(3);
        assertThat(ApiFixture.json(f.get("/api/v5/schools/994/students/0/programs", key))).hasSize(4);
        assertThat(ApiFixture.json(f.get("/api/v5/enrollment/0", key))).hasSize(3);
        assertThat(ApiFixture.json(f.get("/api/v5/schools/994/enrollment/0", key))).hasSize(2);
        assertThat(ApiFixture.json(f.get("/api/v5/schools/994/contacts/0", key))).extracting(c -> c.get("StudentID").asInt())
                .containsExactly(99400001, 99400001, 99400003);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void pathsAndQueryParameterNamesInAnyCase(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        String[][] variants = {
            {"/api/v5/schools/994/students", "/API/V5/SCHOOLS/994/STUDENTS", "/Api/v5/Schools/994/Students"},
            {"/api/v5/StudentDataChanges/student/2000/01/01/00/00", "/api/v5/studentdatachanges/student/2000/01/01/00/00",
                "/API/V5/STUDENTDATACHANGES/STUDENT/2000/01/01/00/00"},
            {"/api/v5/schools/994/students/99400001/extended", "/api/v5/Schools/994/Students/99400001/Extended"},
            {"/api/v5/schools/994/students/grade/10", "/api/v5/schools/994/Students/Grade/10"},
            {"/api/v5/schools/994/students/sn/1/extended", "/api/v5/SCHOOLS/994/STUDENTS/SN/1/EXTENDED"},
            {"/api/v5/schools/994/contacts/0", "/api/v5/Schools/994/Contacts/0"},
            {"/api/v5/enrollment/99400001/year/2024", "/api/v5/Enrollment/99400001/Year/2024"},
            {"/api/v5/codes/STU/LF", "/api/v5/Codes/stu/lf"},
            {"/api/v5/schools/994", "/api/v5/SCHOOLS/994"},
            {"/api/v5/systeminfo", "/api/v5/SystemInfo"},
            // query parameter names too
            {"/api/v5/schools/994/students?StartingRecord=2&EndingRecord=3", "/api/v5/schools/994/students?startingrecord=2&ENDINGRECORD=3"},
            {"/api/v5/schools/994/students/0/programs?code=144", "/api/v5/schools/994/students/0/programs?Code=144",
                "/api/v5/schools/994/students/0/programs?CODE=144"},
        };
        for (String[] v : variants) {
            HttpResponse<String> canonical = f.get(v[0], key);
            assertThat(canonical.statusCode()).as(v[0]).isEqualTo(200);
            JsonNode expected = ApiFixture.json(canonical);
            if (expected.has("CurrentDateTime")) {
                ((ObjectNode) expected).remove("CurrentDateTime");
            }
            for (int i = 1; i < v.length; i++) {
                HttpResponse<String> r = f.get(v[i], key);
                assertThat(r.statusCode()).as(v[i] + " " + r.body()).isEqualTo(200);
                JsonNode actual = ApiFixture.json(r);
                if (actual.has("CurrentDateTime")) {
                    ((ObjectNode) actual).remove("CurrentDateTime");
                }
                assertThat(actual).as(v[i]).isEqualTo(expected);
            }
        }
        assertThat(f.get("/api/v5/schools/994/students?databaseyear=2024", key).headers().firstValue("X-Database-Year"))
                .hasValue("2024");
        // the area still applies to a path spelled in another case
        assertThat(f.get("/API/V5/SCHOOLS/994/CONTACTS", f.key("student-data")).statusCode()).isEqualTo(403);
        assertThat(f.get("/API/V5/SCHOOLS/994/CONTACTS", null).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyErrorIsAJsonMessageUnknownPathsWrongMethodsAndUnacceptableAccept(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        for (String path : List.of("/api/v5/nope", "/api/v5/schools/994/teachers", "/favicon.ico", "/", "/api/v4/schools",
                "/api/v5/schools/994/students/1/2/3/4")) {
            assertError(send(f, "GET", path, key, "application/json"), 404, path);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = send(f, method, "/api/v5/schools/994/students", key, "application/json");
            assertError(r, 405, method);
            assertThat(r.headers().firstValue("Allow")).as(method).hasValue("GET");
        }
        assertThat(send(f, "POST", "/api/v5/SystemInfo", null, null).headers().firstValue("Allow")).hasValue("GET");
        for (String accept : List.of("text/html", "image/png", "application/pdf, text/csv", "application/json;q=0")) {
            HttpResponse<String> r = send(f, "GET", "/api/v5/schools/994/students", key, accept);
            assertError(r, 406, accept);
            assertThat(ApiFixture.json(r).get("Message").asText()).contains("application/json", "text/xml");
        }
        assertThat(send(f, "GET", "/api/v5/systeminfo", null, "text/html").statusCode()).isEqualTo(406);
        // the errors of the endpoints are JSON too, also when XML was asked for
        assertError(send(f, "GET", "/api/v5/schools/999", key, "text/xml"), 404, "unknown school");
        assertError(send(f, "GET", "/api/v5/schools/x/students", key, "application/xml"), 400, "bad school code");
        assertError(send(f, "GET", "/api/v5/schools/994/students", null, "text/xml"), 401, "no key");
        assertError(send(f, "GET", "/api/v5/schools/994/contacts", f.key(), "text/xml"), 403, "no area");
        // Aeries' documented Accept headers
        assertThat(send(f, "GET", "/api/v5/schools", key, "application/json, text/html, application/xhtml+xml, */*")
                .headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(send(f, "GET", "/api/v5/schools", key, "text/xml, text/html, application/xhtml+xml, */*")
                .headers().firstValue("content-type")).hasValue("text/xml; charset=utf-8");
        assertThat(send(f, "GET", "/api/v5/schools", key, null).headers().firstValue("content-type"))
                .hasValue("application/json; charset=utf-8");
        // the server's own answers are audited like every request
        long audited = ApiSecurityTest.count(f, "SELECT COUNT(*) FROM api_audit WHERE path = '/favicon.ico' AND status = 404");
        assertThat(audited).isEqualTo(1);
        assertThat(ApiSecurityTest.count(f, "SELECT COUNT(*) FROM api_audit WHERE method = 'PATCH' AND status = 405")).isEqualTo(1);
    }

    private static void assertError(HttpResponse<String> r, int status, String what) throws Exception {
        assertThat(r.statusCode()).as(what + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).as(what).hasValue("application/json; charset=utf-8");
        JsonNode body = ApiFixture.json(r);
        assertThat(names(body)).as(what).containsExactly("Message");
        assertThat(body.get("Message").asText()).as(what).isNotBlank();
    }

    static HttpResponse<String> send(ApiFixture f, String method, String path, String key, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port + path))
                .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("AERIES-CERT", key);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ the documented examples, loaded and served

    /**
     * Roster files whose columns are every property of Aeries' documented examples, holding the
     * documented values: the API answers exactly the documented objects (School's Terms, which the SIS
     * does not hold, answer []; the contact carries the earlier spelling of its language code too).
     */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aRosterCarryingEveryDocumentedPropertyIsServedAsDocumented(Kind kind) throws Exception {
        JsonNode school = documented("school-994.json");
        JsonNode student = documented("student-99400001.json").get(0);
        JsonNode extended = documented("student-extended-99400001.json").get(0);
        JsonNode contact = documented("contacts-99400001.json").get(0);
        JsonNode enrollment = documented("enrollment-99400001-2020.json").get(0);
        JsonNode codes = documented("codes-student-grade.json");
        JsonNode programs = documented("programs-99400001.json");
        Path dir = tmp.resolve("roster");
        Files.createDirectories(dir);
        ObjectNode schoolRow = school.deepCopy();
        schoolRow.remove("Terms");
        csv(dir.resolve("schools.csv"), List.of(schoolRow));
        ObjectNode studentRow = student.deepCopy();
        extended.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("NextSchool")) { // the extended object's name for the student's NextSchoolCode
                studentRow.set(e.getKey(), e.getValue());
            }
        });
        assertThat(extended.get("NextSchool")).isEqualTo(student.get("NextSchoolCode"));
        csv(dir.resolve("students.csv"), List.of(studentRow));
        csv(dir.resolve("contacts.csv"), List.of(contact));
        csv(dir.resolve("enrollment.csv"), List.of(enrollment));
        csv(dir.resolve("codes.csv"), List.of(codes.get(0), codes.get(1)));
        List<JsonNode> programRows = new ArrayList<>();
        for (JsonNode p : programs) {
            ObjectNode row = p.deepCopy();
            row.remove("ExtendedProperties");
            programRows.add(row);
        }
        csv(dir.resolve("programs.csv"), programRows);

        try (ApiFixture f = new ApiFixture(kind, tmp.resolve("app"), ApiFixtures.defaults())) {
            f.sql("DELETE FROM contact", "DELETE FROM enrollment", "DELETE FROM program", "DELETE FROM sped_record",
                    "DELETE FROM student", "DELETE FROM school", "DELETE FROM code");
            RosterLoadResult loaded = new RosterLoader(f.app.database()).load(dir);
            assertThat(loaded.loaded()).as(loaded.toString()).isTrue();
            assertThat(loaded.warnings()).as("every documented property is a roster column").isEmpty();
            String key = f.key(ApiFixture.ALL_AREAS);

            ObjectNode expectedSchool = school.deepCopy();
            expectedSchool.set("Terms", ApiFixture.JSON.createArrayNode());
            assertThat(ApiFixture.json(f.get("/api/v5/schools/994", key))).isEqualTo(expectedSchool);
            assertThat(ApiFixture.json(f.get("/api/v5/schools/994/students/99400001", key)))
                    .isEqualTo(ApiFixture.JSON.createArrayNode().add(student));
            assertThat(ApiFixture.json(f.get("/api/v5/schools/994/students/99400001/extended", key)))
                    .isEqualTo(ApiFixture.JSON.createArrayNode().add(extended));
            ObjectNode expectedContact = contact.deepCopy();
            expectedContact.set("CorrespondanceLanguageCode", contact.get("CorrespondenceLanguageCode"));
            JsonNode contacts = ApiFixture.json(f.get("/api/v5/schools/994/contacts/99400001", key));
            assertThat(contacts).hasSize(1);
            assertThat(contacts.get(0)).isEqualTo(expectedContact);
            assertThat(ApiFixture.json(f.get("/api/v5/enrollment/99400001/year/2020", key)))
                    .isEqualTo(ApiFixture.JSON.createArrayNode().add(enrollment));
            assertThat(ApiFixture.json(f.get("/api/v5/codes/STU/GR", key)))
                    .isEqualTo(ApiFixture.JSON.createArrayNode().add(codes.get(0)).add(codes.get(1)));
            JsonNode ourPrograms = ApiFixture.json(f.get("/api/v5/schools/994/students/99400001/programs", key));
            assertThat(ourPrograms).containsExactlyInAnyOrderElementsOf(programs);
        }
    }

    /** A roster CSV whose header is the objects' property names, the values as Aeries wrote them (null = empty). */
    private static void csv(Path file, List<JsonNode> rows) throws Exception {
        Set<String> header = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(header::add));
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
            out.printRecord(header);
            for (JsonNode r : rows) {
                List<String> cells = new ArrayList<>();
                for (String h : header) {
                    JsonNode v = r.get(h);
                    cells.add(v == null || v.isNull() ? "" : v.isNumber() ? v.numberValue().toString() : v.asText());
                }
                out.printRecord(cells);
            }
        }
    }

    // ------------------------------------------------------------------ contacts' SchoolCode

    /** A contacts file without a SchoolCode column: each contact carries its student's school. */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aContactsSchoolCodeIsItsStudentsSchoolWhenTheFileHasNone(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key("contacts");
        Path dir = tmp.resolve("contacts");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("contacts.csv"), "StudentID,SequenceNumber,FirstName,LastName\n"
                + "99400002,1,Bo,Baker\n99400003,2,Cam,Cruz\n");
        assertThat(new RosterLoader(f.app.database()).load(dir).loaded()).isTrue();
        try {
            // 99400002 is at 994 only; 99400003 was at 994 (inactive) and is active at 12
            JsonNode bo = ApiFixture.json(f.get("/api/v5/schools/000/contacts/99400002", key));
            assertThat(bo).hasSize(1);
            assertThat(bo.get(0).get("SchoolCode").asInt()).isEqualTo(994);
            JsonNode cam = ApiFixture.json(f.get("/api/v5/schools/000/contacts/99400003", key));
            assertThat(cam).extracting(c -> c.get("SequenceNumber").asInt() + "@" + c.get("SchoolCode").asInt())
                    .containsExactly("1@12", "2@12");
            // listed by school: the school asked for
            JsonNode at994 = ApiFixture.json(f.get("/api/v5/schools/994/contacts", key));
            assertThat(at994).extracting(c -> c.get("StudentID").asInt() + "/" + c.get("SequenceNumber").asInt() + "@"
                    + c.get("SchoolCode").asInt())
                    .containsExactly("99400001/1@994", "99400001/2@994", "99400002/1@994", "99400003/1@12", "99400003/2@994");
        } finally {
            f.sql("DELETE FROM contact WHERE (student_id = 99400002 AND sequence_number = 1)"
                    + " OR (student_id = 99400003 AND sequence_number = 2)");
        }
    }
}
